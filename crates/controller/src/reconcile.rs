//! Turning desired state into running state: how many instances each revision
//! needs, what command an instance runs, and the router's table.

use crate::{Controller, State};
use runlane_model::status::{self, UrlScheme};
use runlane_model::traffic::{self, Routing};
use runlane_model::{naming, ProbeAction, Revision, RevisionHealth, Service};
use runlane_router::{RevisionBackend, RouteTable, ServiceRoute};
use runlane_runtime::{InstanceSpec, Probe, ProbeAction as RuntimeProbeAction};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// The split and tag routes of one service. While no revision has ever been ready,
/// latest-revision traffic goes to the latest created one (if it has not failed),
/// so first requests wait for its start instead of failing.
pub(crate) fn service_routing(service: &Service, revisions: &[Revision], urls: &UrlScheme) -> Routing {
    let st = status::service_status(service, revisions, urls);
    let resolved: Vec<_> = st.traffic.into_iter().map(|t| t.target).collect();
    let fallback = service
        .latest_created
        .as_deref()
        .filter(|n| revisions.iter().any(|r| r.meta.name == *n && !matches!(r.health, RevisionHealth::Failed { .. })));
    traffic::routing(&resolved, fallback)
}

/// How many instances a revision should run: routable ones (a share of traffic or a
/// tag) and a pending latest revision run at least one; failed ones none.
pub(crate) fn desired_replicas(revision: &Revision, routable: bool, is_latest_created: bool) -> u32 {
    let wanted = match &revision.health {
        RevisionHealth::Failed { .. } => 0,
        RevisionHealth::Pending if is_latest_created || routable => revision.min_scale().max(1),
        _ if routable => revision.min_scale().max(1),
        _ => 0,
    };
    revision.max_scale().map_or(wanted, |max| wanted.min(max))
}

/// What the process runtime runs for a revision.
pub fn instance_spec(revision: &Revision, hello_program: &Path, stop_grace: Duration, owner: &str) -> InstanceSpec {
    let c = &revision.template.container;
    let (program, args) = if c.command.is_empty() && naming::is_builtin_hello(&c.image) {
        (hello_program.to_string_lossy().into_owned(), vec!["hello".to_owned()])
    } else {
        let mut argv = c.command.clone();
        let program = if argv.is_empty() { String::new() } else { argv.remove(0) };
        argv.extend(c.args.iter().cloned());
        (program, argv)
    };
    let probe = |p: &runlane_model::Probe| Probe {
        action: match &p.action {
            ProbeAction::TcpSocket => RuntimeProbeAction::Tcp,
            ProbeAction::HttpGet { path } => RuntimeProbeAction::Http { path: path.clone() },
        },
        initial_delay: Duration::from_secs(p.initial_delay_seconds.into()),
        period: Duration::from_secs(p.period_seconds.into()),
        timeout: Duration::from_secs(p.timeout_seconds.into()),
        failure_threshold: p.failure_threshold,
    };
    InstanceSpec {
        service: revision.service.clone(),
        revision: revision.meta.name.clone(),
        configuration: revision.service.clone(),
        program,
        args,
        env: c
            .env
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .chain([(runlane_runtime::orphans::OWNER_VAR.to_owned(), owner.to_owned())])
            .collect(),
        startup_probe: c.startup_probe.as_ref().map_or_else(Probe::default_startup, probe),
        liveness_probe: c.liveness_probe.as_ref().map(probe),
        stop_grace,
        drain_delay: DRAIN_DELAY,
    }
}

/// How long an instance leaving service keeps running before SIGTERM, so that
/// requests routed to it just before the route table changed still find it.
pub const DRAIN_DELAY: Duration = Duration::from_secs(1);

pub(crate) fn apply(controller: &Controller, state: &State) {
    let inner = &controller.inner;
    let mut routes = Vec::new();
    let mut backends = inner.backends.lock().unwrap_or_else(|p| p.into_inner());
    for service in state.services.values() {
        let revisions = state.revisions_of(&service.meta.namespace, &service.meta.name);
        let routing = service_routing(service, &revisions, &inner.urls);
        let routable: BTreeSet<&str> =
            routing.split.iter().map(|(n, _)| n.as_str()).chain(routing.tags.iter().map(|(_, n)| n.as_str())).collect();
        for r in &revisions {
            let replicas = desired_replicas(r, routable.contains(r.meta.name.as_str()), service.latest_created.as_deref() == Some(&r.meta.name));
            inner.runtime.set_revision(instance_spec(r, &inner.config.hello_program, inner.config.stop_grace, &inner.config.owner), replicas);
        }
        let mut backend = |name: &str| {
            backends
                .entry(name.to_owned())
                .or_insert_with(|| {
                    let timeout = revisions.iter().find(|r| r.meta.name == name).map_or(300, Revision::timeout_seconds);
                    let b = RevisionBackend::new(&service.meta.name, name, Duration::from_secs(timeout.into()));
                    if let Some(rs) = inner.runtime_view.borrow().revisions.get(name) {
                        b.set_endpoints(rs.ready_endpoints.clone());
                    }
                    b
                })
                .clone()
        };
        let split = routing.split.iter().map(|(n, w)| (backend(n), *w)).collect();
        let tags = routing.tags.iter().map(|(t, n)| (t.clone(), backend(n))).collect();
        routes.push(ServiceRoute { name: service.meta.name.clone(), split, tags });
    }
    drop(backends);
    match RouteTable::new(&inner.config.domain, routes) {
        Ok(table) => inner.router.publish(table),
        Err(e) => tracing::error!(error = %e, "could not build the route table; the previous one keeps serving"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlane_model::*;

    fn revision(health: RevisionHealth, min: Option<&str>, max: Option<&str>) -> Revision {
        let mut template = RevisionTemplate::default();
        if let Some(m) = min {
            template.annotations.insert(ANNOTATION_MIN_SCALE.into(), m.into());
        }
        if let Some(m) = max {
            template.annotations.insert(ANNOTATION_MAX_SCALE.into(), m.into());
        }
        Revision {
            meta: ObjectMeta {
                namespace: "d".into(),
                name: "s-1".into(),
                uid: "u".into(),
                labels: Labels::new(),
                annotations: Labels::new(),
                generation: 1,
                resource_version: 1,
                created: 0,
            },
            service: "s".into(),
            configuration_generation: 1,
            template,
            health,
        }
    }

    #[test]
    fn replicas_follow_routability_health_and_scale_bounds() {
        let ready = RevisionHealth::Ready { at: 1 };
        let failed = RevisionHealth::Failed { at: 1, reason: "ExitCode".into(), message: "m".into() };
        let cases = [
            (revision(ready.clone(), None, None), true, false, 1),
            (revision(ready.clone(), None, None), false, false, 0),
            (revision(ready.clone(), Some("3"), None), true, false, 3),
            (revision(ready.clone(), Some("3"), Some("2")), true, false, 2),
            (revision(RevisionHealth::Pending, None, None), false, true, 1),
            (revision(RevisionHealth::Pending, None, None), false, false, 0),
            (revision(failed, None, None), true, true, 0),
        ];
        for (i, (r, routable, latest, expected)) in cases.into_iter().enumerate() {
            assert_eq!(desired_replicas(&r, routable, latest), expected, "case {i}");
        }
    }

    #[test]
    fn builtin_images_run_the_hello_app_and_commands_run_as_given() {
        let mut r = revision(RevisionHealth::Pending, None, None);
        r.template.container.image = "runlane/hello".into();
        let spec = instance_spec(&r, Path::new("/bin/runlane"), Duration::from_secs(1), "o");
        assert_eq!((spec.program.as_str(), spec.args.clone()), ("/bin/runlane", vec!["hello".to_owned()]));

        r.template.container.command = vec!["python3".into(), "-u".into()];
        r.template.container.args = vec!["app.py".into()];
        let spec = instance_spec(&r, Path::new("/bin/runlane"), Duration::from_secs(1), "o");
        assert_eq!((spec.program.as_str(), spec.args), ("python3", vec!["-u".to_owned(), "app.py".to_owned()]));
    }
}
