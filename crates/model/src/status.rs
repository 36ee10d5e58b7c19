//! A Service's observed state, derived from its spec and its revisions' health:
//! the latest created and ready revisions, resolved traffic with tag URLs, and the
//! Knative conditions `ConfigurationsReady`, `RoutesReady` and `Ready`.

use crate::resource::*;
use crate::traffic::{self, ResolvedTarget};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub kind: &'static str,
    pub status: ConditionStatus,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub last_transition: UnixMillis,
}

/// How service URLs look: `http://SERVICE.DOMAIN[:PORT]` and `http://TAG---SERVICE.DOMAIN[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlScheme {
    pub domain: String,
    pub port: u16,
    /// URLs are `https://` (the router serves HTTPS on `port` and redirects plain HTTP there).
    pub https: bool,
}

impl UrlScheme {
    pub fn service_url(&self, service: &str) -> String {
        self.url(service)
    }

    pub fn tag_url(&self, tag: &str, service: &str) -> String {
        self.url(&format!("{tag}---{service}"))
    }

    fn url(&self, first_label: &str) -> String {
        match (self.https, self.port) {
            (false, 80) => format!("http://{first_label}.{}", self.domain),
            (false, p) => format!("http://{first_label}.{}:{p}", self.domain),
            (true, 443) => format!("https://{first_label}.{}", self.domain),
            (true, p) => format!("https://{first_label}.{}:{p}", self.domain),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusTarget {
    pub target: ResolvedTarget,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStatus {
    pub url: String,
    pub observed_generation: u64,
    pub latest_created: Option<String>,
    pub latest_ready: Option<String>,
    pub traffic: Vec<StatusTarget>,
    pub conditions: Vec<Condition>,
}

impl ServiceStatus {
    pub fn ready(&self) -> &Condition {
        self.conditions.iter().find(|c| c.kind == "Ready").expect("Ready is always present")
    }
}

/// The newest revision that has ever been ready.
pub fn latest_ready(revisions: &[Revision]) -> Option<&Revision> {
    revisions.iter().filter(|r| r.is_ready()).max_by_key(|r| r.configuration_generation)
}

/// Computes the status of `service` from its revisions (all revisions of the service).
pub fn service_status(service: &Service, revisions: &[Revision], urls: &UrlScheme) -> ServiceStatus {
    let name = &service.meta.name;
    let latest_ready_rev = latest_ready(revisions);
    let latest_ready = latest_ready_rev.map(|r| r.meta.name.clone());
    let latest_created = service.latest_created.as_deref().and_then(|n| revisions.iter().find(|r| r.meta.name == n));
    let resolved = traffic::resolve(&service.spec.traffic, latest_ready.as_deref());

    let revision_time = |r: &Revision| match &r.health {
        RevisionHealth::Pending => r.meta.created,
        RevisionHealth::Ready { at } | RevisionHealth::Failed { at, .. } => *at,
    };
    let mut when = service.updated;

    let config = match latest_created {
        None => cond("ConfigurationsReady", ConditionStatus::Unknown, Some("RevisionMissing"), Some(format!("Configuration {name:?} has no revision yet."))),
        Some(r) => {
            when = when.max(revision_time(r));
            match &r.health {
                RevisionHealth::Ready { .. } => cond("ConfigurationsReady", ConditionStatus::True, None, None),
                RevisionHealth::Pending => cond(
                    "ConfigurationsReady",
                    ConditionStatus::Unknown,
                    Some("Deploying"),
                    Some(format!("Revision {:?} is starting.", r.meta.name)),
                ),
                RevisionHealth::Failed { reason, message, .. } => cond(
                    "ConfigurationsReady",
                    ConditionStatus::False,
                    Some("RevisionFailed"),
                    Some(format!("Revision '{}' is not ready and cannot serve traffic. {reason}: {message}", r.meta.name)),
                ),
            }
        }
    };

    let mut routes = cond("RoutesReady", ConditionStatus::True, None, None);
    for t in &resolved {
        let problem = match t.revision.as_deref().map(|n| (n, revisions.iter().find(|r| r.meta.name == n))) {
            None => Some((ConditionStatus::Unknown, "RevisionMissing", "no revision is ready yet for the latest-revision traffic target".to_owned())),
            Some((n, None)) => Some((ConditionStatus::False, "RevisionMissing", format!("revision {n:?} referenced in traffic does not exist"))),
            Some((_, Some(r))) => match &r.health {
                RevisionHealth::Ready { .. } => None,
                RevisionHealth::Pending => Some((ConditionStatus::Unknown, "RevisionNotReady", format!("revision {:?} is starting", r.meta.name))),
                RevisionHealth::Failed { .. } => {
                    Some((ConditionStatus::False, "RevisionFailed", format!("revision {:?} failed and cannot serve traffic", r.meta.name)))
                }
            },
        };
        if let Some((status, reason, message)) = problem {
            // False wins over Unknown: a failed target will not heal by waiting.
            if routes.status != ConditionStatus::False {
                routes = cond("RoutesReady", status, Some(reason), Some(format!("Traffic is not yet migrated: {message}.")));
            }
        }
    }

    let ready = match (config.status, routes.status) {
        (ConditionStatus::False, _) => Condition { kind: "Ready", ..config.clone() },
        (_, ConditionStatus::False) => Condition { kind: "Ready", ..routes.clone() },
        (ConditionStatus::Unknown, _) => Condition { kind: "Ready", ..config.clone() },
        (_, ConditionStatus::Unknown) => Condition { kind: "Ready", ..routes.clone() },
        _ => cond("Ready", ConditionStatus::True, None, None),
    };
    let conditions = [config, ready, routes].into_iter().map(|c| Condition { last_transition: when, ..c }).collect();

    let traffic = resolved
        .into_iter()
        .map(|t| {
            let url = t.tag.as_deref().map(|tag| urls.tag_url(tag, name));
            StatusTarget { target: t, url }
        })
        .collect();
    ServiceStatus {
        url: urls.service_url(name),
        observed_generation: service.meta.generation,
        latest_created: service.latest_created.clone(),
        latest_ready,
        traffic,
        conditions,
    }
}

fn cond(kind: &'static str, status: ConditionStatus, reason: Option<&str>, message: Option<String>) -> Condition {
    Condition { kind, status, reason: reason.map(str::to_owned), message, last_transition: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::Percent;
    use crate::write::{apply, ServiceWrite, WriteContext};

    fn deploy(existing: Option<&Service>, revisions: &[Revision], image: &str, traffic: Vec<TrafficTarget>, suffix: &str) -> (Service, Revision) {
        let mut t = RevisionTemplate { container: Container { image: image.into(), ..Default::default() }, ..Default::default() };
        t.labels.insert("n".into(), suffix.into());
        let w = ServiceWrite {
            namespace: "default".into(),
            name: "jokes".into(),
            labels: Labels::new(),
            annotations: Labels::new(),
            spec: ServiceSpec { template: t, traffic },
            resource_version: None,
        };
        let ctx = WriteContext {
            existing,
            revisions,
            now: 5,
            next_resource_version: 1,
            service_uid: "s".into(),
            revision_uid: "r".into(),
            name_suffix: suffix.into(),
            image_digest: None,
        };
        let out = apply(w, ctx).unwrap();
        (out.service, out.new_revision.unwrap())
    }

    fn urls() -> UrlScheme {
        UrlScheme { domain: "localhost".into(), port: 8080, https: false }
    }

    #[test]
    fn urls_name_the_scheme_and_leave_out_its_default_port() {
        let http = UrlScheme { domain: "example.com".into(), port: 80, https: false };
        assert_eq!(http.service_url("jokes"), "http://jokes.example.com");
        let https = UrlScheme { domain: "example.com".into(), port: 443, https: true };
        assert_eq!(https.tag_url("next", "jokes"), "https://next---jokes.example.com");
        let local = UrlScheme { domain: "localhost".into(), port: 8443, https: true };
        assert_eq!(local.service_url("jokes"), "https://jokes.localhost:8443");
    }

    #[test]
    fn a_starting_revision_is_unknown_then_ready() {
        let (svc, mut rev) = deploy(None, &[], "runlane/hello", vec![], "aaa");
        let st = service_status(&svc, std::slice::from_ref(&rev), &urls());
        assert_eq!(st.ready().status, ConditionStatus::Unknown);
        assert_eq!(st.url, "http://jokes.localhost:8080");
        rev.health = RevisionHealth::Ready { at: 9 };
        let st = service_status(&svc, &[rev], &urls());
        assert_eq!(st.ready().status, ConditionStatus::True);
        assert_eq!(st.latest_ready.as_deref(), Some("jokes-00001-aaa"));
        assert_eq!(st.traffic[0].target.revision.as_deref(), Some("jokes-00001-aaa"));
        assert_eq!(st.ready().last_transition, 9);
    }

    #[test]
    fn a_failed_new_revision_leaves_traffic_on_the_old_one_and_says_why() {
        let (svc, mut good) = deploy(None, &[], "runlane/hello", vec![], "aaa");
        good.health = RevisionHealth::Ready { at: 9 };
        let (svc, mut bad) = deploy(Some(&svc), std::slice::from_ref(&good), "us-docker.pkg.dev/cloudrun/container/hello", vec![], "bbb");
        bad.health = RevisionHealth::Failed { at: 10, reason: "ExitCode".into(), message: "exited with status 1".into() };
        let st = service_status(&svc, &[good, bad], &urls());
        assert_eq!(st.ready().status, ConditionStatus::False);
        assert!(st.ready().message.as_deref().unwrap().contains("exited with status 1"));
        assert_eq!(st.latest_created.as_deref(), Some("jokes-00002-bbb"));
        assert_eq!(st.latest_ready.as_deref(), Some("jokes-00001-aaa"));
        assert_eq!(st.traffic[0].target.revision.as_deref(), Some("jokes-00001-aaa"));
    }

    #[test]
    fn tagged_targets_get_urls() {
        let traffic = vec![TrafficTarget::latest(Percent::HUNDRED), TrafficTarget::named("jokes-good", None, Some("good"))];
        let mut t = RevisionTemplate { container: Container { image: "runlane/hello".into(), ..Default::default() }, ..Default::default() };
        t.name = Some("jokes-good".into());
        let w = ServiceWrite {
            namespace: "default".into(),
            name: "jokes".into(),
            labels: Labels::new(),
            annotations: Labels::new(),
            spec: ServiceSpec { template: t, traffic },
            resource_version: None,
        };
        let ctx = WriteContext { existing: None, revisions: &[], now: 1, next_resource_version: 1, service_uid: "s".into(), revision_uid: "r".into(), name_suffix: "x".into(), image_digest: None };
        let out = apply(w, ctx).unwrap();
        let st = service_status(&out.service, &[out.new_revision.unwrap()], &urls());
        assert_eq!(st.traffic[1].url.as_deref(), Some("http://good---jokes.localhost:8080"));
        assert_eq!(st.traffic[0].url, None);
    }
}
