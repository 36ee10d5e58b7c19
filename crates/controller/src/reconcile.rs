//! Turning desired state into running state: which revisions the autoscaler
//! drives (the routable ones) and how many instances the others need, what command
//! an instance runs, and the router's table.

use crate::autoscaling::initial_scale;
use crate::{Controller, State};
use runlane_model::status::{self, UrlScheme};
use runlane_model::traffic::{self, Routing};
use runlane_model::{naming, quantity, ProbeAction, Revision, RevisionHealth, Service, DEFAULT_CONTAINER_PORT};
use runlane_router::{RevisionBackend, RouteChange, RouteTable, ServiceRoute};
use runlane_runtime::{ContainerSpec, InstanceSpec, Limits, Probe, ProbeAction as RuntimeProbeAction};
use std::collections::{BTreeMap, BTreeSet};
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

/// How many instances a revision that the autoscaler does not drive should run:
/// a pending revision its initial scale until it has settled (Ready or Failed), as
/// Knative starts every new revision once to check it, even one a newer deploy has
/// already superseded (else it would stay Pending for ever); ready, failed and
/// unroutable ones none. Routable revisions follow their autoscaler
/// (`autoscaling::Scaling::track`).
pub(crate) fn unscaled_replicas(revision: &Revision) -> u32 {
    match &revision.health {
        RevisionHealth::Pending => initial_scale(revision),
        _ => 0,
    }
}

/// What the runtime runs for a revision: a container from its pinned image, or a host
/// process (the sample app, or a command), with the revision's limits (Cloud Run's
/// defaults, 512 MiB and 1 CPU, when the template sets none).
pub fn instance_spec(revision: &Revision, hello_program: &Path, stop_grace: Duration, owner: &str) -> InstanceSpec {
    let c = &revision.template.container;
    let container = revision.image_digest.as_deref().filter(|_| !naming::runs_on_host(c)).map(|pinned| {
        let (name, digest) = pinned.rsplit_once('@').unwrap_or((c.image.as_str(), pinned));
        ContainerSpec {
            image_reference: name.to_owned(),
            image_digest: digest.to_owned(),
            command: c.command.clone(),
            args: c.args.clone(),
            working_dir: c.working_dir.clone(),
            port: c.port.as_ref().map_or(DEFAULT_CONTAINER_PORT, |p| p.container_port),
        }
    });
    let (program, args) = if container.is_some() {
        (String::new(), Vec::new())
    } else if c.command.is_empty() && naming::is_builtin_hello(&c.image) {
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
    // Validated when the revision was written; a value that no longer parses falls back to the default.
    let limit = |key: &str| c.limits.get(key).map(String::as_str);
    let limits = Limits {
        memory_bytes: Some(limit("memory").and_then(|m| quantity::parse_memory(m).ok()).unwrap_or(quantity::DEFAULT_MEMORY_BYTES)),
        cpu_millis: Some(limit("cpu").and_then(|m| quantity::parse_cpu(m).ok()).unwrap_or(quantity::DEFAULT_CPU_MILLIS)),
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
            .chain(container.is_none().then(|| (runlane_runtime::orphans::OWNER_VAR.to_owned(), owner.to_owned())))
            .collect(),
        startup_probe: c.startup_probe.as_ref().map_or_else(Probe::default_startup, probe),
        liveness_probe: c.liveness_probe.as_ref().map(probe),
        stop_grace,
        // In-flight requests may take up to the revision's timeout; the router says
        // when they are done (`Drain`), so this bounds the wait only.
        drain_timeout: Duration::from_secs(revision.timeout_seconds().into()),
        container,
        limits,
    }
}

/// Which services a reconcile looks at: all of them (at start) or the ones a change touched.
pub(crate) enum Scope<'a> {
    All,
    Services(&'a [(String, String)]),
}

/// What the last reconciles derived for each service, so a change to one service
/// rebuilds that service's entry only (and the route table shares the others' entries).
#[derive(Default)]
pub(crate) struct Derived {
    services: BTreeMap<(String, String), ServiceDerived>,
}

struct ServiceDerived {
    /// The revisions the autoscaler drives (the routable ones that have not failed).
    scaled: BTreeSet<String>,
}

pub(crate) fn apply(controller: &Controller, state: &State, scope: Scope<'_>) {
    let inner = &controller.inner;
    let mut derived = inner.derived.lock().unwrap_or_else(|p| p.into_inner());
    let mut backends = inner.backends.lock().unwrap_or_else(|p| p.into_inner());
    let keys: Vec<(String, String)> = match scope {
        Scope::All => {
            derived.services.clear();
            state.services.keys().cloned().collect()
        }
        Scope::Services(keys) => keys.to_vec(),
    };
    // Revisions the autoscaler drove for these services before this change: the ones
    // it no longer drives are dropped from it below.
    let mut no_longer_scaled = BTreeSet::new();
    let mut changes = Vec::with_capacity(keys.len());
    for key in &keys {
        let previous = derived.services.remove(key);
        no_longer_scaled.extend(previous.into_iter().flat_map(|d| d.scaled));
        let Some(service) = state.services.get(key) else {
            changes.push(RouteChange::Remove { name: key.1.clone() });
            continue;
        };
        let (entry, route) = derive_service(controller, state, service, &mut backends);
        derived.services.insert(key.clone(), entry);
        changes.push(RouteChange::Put { route, public: service.iam_policy.allows_unauthenticated() });
    }
    drop(backends);
    match scope {
        Scope::All => {
            let scaled: BTreeSet<&str> = derived.services.values().flat_map(|d| d.scaled.iter().map(String::as_str)).collect();
            inner.scaling.retain(|name| scaled.contains(name));
        }
        Scope::Services(_) => {
            for key in &keys {
                if let Some(d) = derived.services.get(key) {
                    for name in &d.scaled {
                        no_longer_scaled.remove(name);
                    }
                }
            }
            if !no_longer_scaled.is_empty() {
                inner.scaling.retain(|name| !no_longer_scaled.contains(name));
            }
        }
    }
    // One new table, swapped in whole; a change builds only its services' entries.
    let built = match scope {
        Scope::All => {
            let mut private = Vec::new();
            let mut routes = Vec::with_capacity(changes.len());
            for change in changes {
                if let RouteChange::Put { route, public } = change {
                    if !public {
                        private.push(route.name.clone());
                    }
                    routes.push(route);
                }
            }
            RouteTable::new(&inner.config.domain, routes).map(|mut table| {
                for name in &private {
                    table.restrict(name);
                }
                table
            })
        }
        Scope::Services(_) => inner.router.table().with_changes(changes),
    };
    match built {
        Ok(table) => inner.router.publish(table.with_domains(crate::domain_routes(state))),
        Err(e) => tracing::error!(error = %e, "could not build the route table; the previous one keeps serving"),
    }
}

/// Declares one service's revisions to the runtime and autoscaler and derives its route.
fn derive_service(
    controller: &Controller,
    state: &State,
    service: &Service,
    backends: &mut std::collections::HashMap<String, std::sync::Arc<RevisionBackend>>,
) -> (ServiceDerived, ServiceRoute) {
    let inner = &controller.inner;
    let revisions = state.revisions_of(&service.meta.namespace, &service.meta.name);
    let routing = service_routing(service, &revisions, &inner.urls);
    let routable: BTreeSet<&str> =
        routing.split.iter().map(|(n, _)| n.as_str()).chain(routing.tags.iter().map(|(_, n)| n.as_str())).collect();
    let mut backend = |name: &str| {
        backends
            .entry(name.to_owned())
            .or_insert_with(|| {
                let revision = revisions.iter().find(|r| r.meta.name == name);
                let timeout = revision.map_or(300, Revision::timeout_seconds);
                let concurrency = revision.map_or(0, Revision::container_concurrency);
                // A port named h2c (Cloud Run's --use-http2): the instance speaks HTTP/2 with prior knowledge.
                let h2c = revision.is_some_and(|r| r.template.container.port.as_ref().and_then(|p| p.name.as_deref()) == Some("h2c"));
                let b = RevisionBackend::with_protocol(&service.meta.name, name, Duration::from_secs(timeout.into()), concurrency, h2c);
                if let Some(rs) = inner.runtime_view.borrow().revisions.get(name) {
                    b.set_endpoints(rs.ready_endpoints.clone());
                }
                b
            })
            .clone()
    };
    let mut scaled = BTreeSet::new();
    for r in &revisions {
        let spec = instance_spec(r, &inner.config.hello_program, inner.config.stop_grace, &inner.config.owner);
        let name = r.meta.name.as_str();
        let failed = matches!(r.health, RevisionHealth::Failed { .. });
        if routable.contains(name) && !failed {
            let pending = matches!(r.health, RevisionHealth::Pending);
            inner.scaling.track(&inner.runtime, spec, r, &backend(name), pending);
            scaled.insert(name.to_owned());
        } else {
            inner.runtime.set_revision(spec, unscaled_replicas(r));
        }
    }
    let split = routing.split.iter().map(|(n, w)| (backend(n), *w)).collect();
    let tags = routing.tags.iter().map(|(t, n)| (t.clone(), backend(n))).collect();
    (ServiceDerived { scaled }, ServiceRoute { name: service.meta.name.clone(), split, tags })
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
            image_digest: None,
            template,
            health,
        }
    }

    #[test]
    fn revisions_outside_the_autoscaler_run_only_while_pending() {
        let ready = RevisionHealth::Ready { at: 1 };
        let failed = RevisionHealth::Failed { at: 1, reason: "ExitCode".into(), message: "m".into() };
        let cases = [
            (revision(RevisionHealth::Pending, None, None), 1),
            (revision(RevisionHealth::Pending, Some("3"), None), 3),
            (revision(RevisionHealth::Pending, Some("3"), Some("2")), 2),
            (revision(ready.clone(), None, None), 0),
            (revision(ready, Some("3"), None), 0),
            (revision(failed, None, None), 0),
        ];
        for (i, (r, expected)) in cases.into_iter().enumerate() {
            assert_eq!(unscaled_replicas(&r), expected, "case {i}");
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
        assert!(spec.container.is_none(), "a command with no pinned image runs on the host");
    }

    #[test]
    fn pinned_images_run_as_containers_with_the_revisions_limits() {
        let mut r = revision(RevisionHealth::Pending, None, None);
        r.template.container.image = "gcr.io/serverless-journey/failing".into();
        r.template.container.args = vec!["--verbose".into()];
        r.template.container.limits.insert("memory".into(), "256Mi".into());
        r.image_digest = Some("gcr.io/serverless-journey/failing@sha256:ab12".into());
        let spec = instance_spec(&r, Path::new("/bin/runlane"), Duration::from_secs(1), "o");
        let container = spec.container.expect("a container");
        assert_eq!(container.image_reference, "gcr.io/serverless-journey/failing");
        assert_eq!(container.image_digest, "sha256:ab12");
        assert_eq!(container.args, vec!["--verbose".to_owned()]);
        assert_eq!(container.port, 8080);
        assert_eq!(spec.limits, Limits { memory_bytes: Some(256 << 20), cpu_millis: Some(1000) });
        assert!(spec.env.iter().all(|(k, _)| k != runlane_runtime::orphans::OWNER_VAR), "containers are found by runc, not by environment");

        r.template.container.limits.clear();
        r.image_digest = None;
        r.template.container.command = vec!["python3".into()];
        let spec = instance_spec(&r, Path::new("/bin/runlane"), Duration::from_secs(1), "o");
        assert!(spec.container.is_none(), "revisions made before images were pinned keep running on the host");
        assert_eq!(spec.limits, Limits { memory_bytes: Some(512 << 20), cpu_millis: Some(1000) });
    }
}
