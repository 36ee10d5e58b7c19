//! Accepting a write to a Service: validation of the whole object, deciding whether
//! the template makes a new immutable revision, naming it, and bumping generation
//! and resourceVersion. Pure: the controller supplies `now`, the next
//! resourceVersion, a uid and the random name suffix.

use crate::error::{FieldError, FieldErrors};
use crate::naming::{self, check_namespace, check_service_name};
use crate::resource::*;
use crate::traffic;

/// What a client asked for: the Service's user-owned parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceWrite {
    pub namespace: String,
    pub name: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: ServiceSpec,
    /// The resourceVersion the client last saw; None skips the optimistic check.
    pub resource_version: Option<u64>,
}

/// What the controller provides so that a write stays deterministic.
#[derive(Debug, Clone)]
pub struct WriteContext<'a> {
    pub existing: Option<&'a Service>,
    /// All revisions of this service.
    pub revisions: &'a [Revision],
    pub now: UnixMillis,
    pub next_resource_version: u64,
    pub service_uid: String,
    pub revision_uid: String,
    /// Three lowercase letters for a generated revision name.
    pub name_suffix: String,
    /// The template's image pinned to the digest its tag names now (`NAME@sha256:…`),
    /// resolved by the controller before the write; recorded on a revision this write
    /// mints. None for templates that run on the host (`naming::runs_on_host`).
    pub image_digest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    Invalid(FieldErrors),
    /// Optimistic concurrency or a name clash; the message says what to do.
    Conflict(String),
}

impl From<FieldErrors> for WriteError {
    fn from(e: FieldErrors) -> Self {
        WriteError::Invalid(e)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    pub service: Service,
    pub new_revision: Option<Revision>,
    /// False when the write changed nothing (a replace with the same object).
    pub changed: bool,
}

/// Applies a create (`ctx.existing` is None) or a replace.
pub fn apply(mut write: ServiceWrite, ctx: WriteContext<'_>) -> Result<WriteOutcome, WriteError> {
    normalize_template(&mut write.spec.template);
    let mut errors = FieldErrors::default();
    if let Err(e) = check_namespace(&write.namespace) {
        errors.0.push(e);
    }
    if let Err(e) = check_service_name(&write.name) {
        errors.0.push(e);
    }
    validate_template(&write.name, &write.spec.template, &mut errors);
    // An invalid template is the first thing to fix; name clashes only matter for valid ones.
    if !errors.is_empty() {
        return Err(WriteError::Invalid(errors));
    }

    if let (Some(existing), Some(seen)) = (ctx.existing, write.resource_version) {
        if existing.meta.resource_version != seen {
            return Err(WriteError::Conflict(format!(
                "service {:?} was changed by someone else (resourceVersion {} is now {}); get it again and reapply your change",
                write.name, seen, existing.meta.resource_version
            )));
        }
    }

    let latest = ctx.existing.and_then(|s| s.latest_created.as_deref()).and_then(|n| ctx.revisions.iter().find(|r| r.meta.name == n));
    let template = &write.spec.template;
    let mints = match &template.name {
        Some(name) => match ctx.revisions.iter().find(|r| &r.meta.name == name) {
            Some(r) if r.template == *template => None,
            Some(_) => {
                return Err(WriteError::Conflict(format!(
                    "revision {name:?} already exists with a different template; revisions are immutable, so choose a new name (--revision-suffix) or leave it out"
                )))
            }
            None => Some(name.clone()),
        },
        None if latest.is_some_and(|r| r.template == *template) => None,
        None => {
            let counter = ctx.existing.map_or(0, |s| s.revision_counter) + 1;
            Some(naming::generated_revision_name(&write.name, counter, &ctx.name_suffix))
        }
    };

    // A tag-only entry naming no revision tags the revision this write creates (or the
    // latest created one), pinned by name.
    let created = mints.clone().or_else(|| ctx.existing.and_then(|s| s.latest_created.clone()));
    for (i, target) in write.spec.traffic.iter_mut().enumerate() {
        if target.revision == TargetRevision::Created {
            match &created {
                Some(name) => target.revision = TargetRevision::Named(name.clone()),
                None => errors.push(format!("spec.traffic[{i}].revisionName"), "give a revisionName, or set latestRevision: true (the service has no revision to tag yet)"),
            }
        }
    }

    let mut known = traffic::revision_names(ctx.revisions);
    if let Some(n) = &mints {
        known.insert(n.as_str());
    }
    traffic::validate(&write.name, &write.spec.traffic, &known, &mut errors);
    errors.into_result()?;

    let changed = match ctx.existing {
        None => true,
        Some(s) => s.spec != write.spec || s.meta.labels != write.labels || s.meta.annotations != write.annotations,
    };
    let mut service = match ctx.existing {
        Some(s) => s.clone(),
        None => Service {
            meta: ObjectMeta {
                namespace: write.namespace.clone(),
                name: write.name.clone(),
                uid: ctx.service_uid.clone(),
                labels: Labels::new(),
                annotations: Labels::new(),
                generation: 0,
                resource_version: 0,
                created: ctx.now,
            },
            spec: write.spec.clone(),
            revision_counter: 0,
            latest_created: None,
            updated: ctx.now,
            // The controller empties it for a new service unless runlane up was told
            // `--new-services public` (see IamPolicy::public).
            iam_policy: crate::iam::IamPolicy::public(),
        },
    };
    if !changed {
        return Ok(WriteOutcome { service, new_revision: None, changed: false });
    }
    service.meta.labels = write.labels;
    service.meta.annotations = write.annotations;
    service.meta.generation += 1;
    service.meta.resource_version = ctx.next_resource_version;
    service.spec = write.spec;
    service.updated = ctx.now;

    let new_revision = mints.map(|name| {
        service.revision_counter += 1;
        service.latest_created = Some(name.clone());
        let template = service.spec.template.clone();
        let mut labels = template.labels.clone();
        labels.insert(LABEL_SERVICE.into(), service.meta.name.clone());
        labels.insert(LABEL_CONFIGURATION.into(), service.meta.name.clone());
        labels.insert(LABEL_CONFIGURATION_GENERATION.into(), service.revision_counter.to_string());
        Revision {
            meta: ObjectMeta {
                namespace: service.meta.namespace.clone(),
                name,
                uid: ctx.revision_uid.clone(),
                labels,
                annotations: template.annotations.clone(),
                generation: 1,
                resource_version: ctx.next_resource_version,
                created: ctx.now,
            },
            service: service.meta.name.clone(),
            configuration_generation: service.revision_counter,
            template,
            health: RevisionHealth::Pending,
            image_digest: ctx.image_digest.clone(),
        }
    });
    Ok(WriteOutcome { service, new_revision, changed: true })
}

/// Fills in Cloud Run's defaults, so that a client echoing back the defaulted object
/// (as gcloud does) writes the same template and mints no new revision.
pub fn normalize_template(t: &mut RevisionTemplate) {
    t.container_concurrency.get_or_insert(DEFAULT_CONTAINER_CONCURRENCY);
    t.timeout_seconds.get_or_insert(DEFAULT_TIMEOUT_SECONDS);
    let port = t.container.port.get_or_insert(ContainerPort { name: None, container_port: DEFAULT_CONTAINER_PORT });
    port.name.get_or_insert_with(|| "http1".to_owned());
    if t.container.image.is_empty() && !t.container.command.is_empty() {
        t.container.image = crate::naming::PROCESS_IMAGE.to_owned();
    }
    if t.container.name.as_deref() == Some("") {
        t.container.name = None;
    }
}

/// Checks a revision template; errors use Knative field paths.
pub fn validate_template(service: &str, t: &RevisionTemplate, errors: &mut FieldErrors) {
    const SPEC: &str = "spec.template.spec";
    const C0: &str = "spec.template.spec.containers[0]";
    if let Some(name) = &t.name {
        if let Err(why) = naming::check_dns_label(name, naming::MAX_LABEL) {
            errors.push("spec.template.metadata.name", format!("revision name {why}"));
        } else if !name.starts_with(&format!("{service}-")) || name.len() == service.len() + 1 {
            errors.push(
                "spec.template.metadata.name",
                format!("revision name {name:?} must start with \"{service}-\" followed by a suffix, e.g. {service}-v2"),
            );
        }
    }
    if let Some(cc) = t.container_concurrency {
        if cc > MAX_CONTAINER_CONCURRENCY {
            errors.push(format!("{SPEC}.containerConcurrency"), format!("{cc} is too high; use 0 (unlimited) to {MAX_CONTAINER_CONCURRENCY}"));
        }
    }
    if let Some(ts) = t.timeout_seconds {
        if ts == 0 || ts > MAX_TIMEOUT_SECONDS {
            errors.push(format!("{SPEC}.timeoutSeconds"), format!("{ts} is out of range; use 1 to {MAX_TIMEOUT_SECONDS} seconds"));
        }
    }
    let min = scale(t, ANNOTATION_MIN_SCALE, errors);
    let max = scale(t, ANNOTATION_MAX_SCALE, errors);
    if let (Some(min), Some(max)) = (min, max) {
        if max > 0 && min > max {
            errors.push(
                format!("spec.template.metadata.annotations[{ANNOTATION_MIN_SCALE}]"),
                format!("minScale {min} is above maxScale {max}; lower it or raise maxScale"),
            );
        }
    }
    let c = &t.container;
    if c.image.trim().is_empty() && c.command.is_empty() {
        errors.push(format!("{C0}.image"), "give an image (e.g. runlane/hello or gcr.io/PROJECT/IMAGE:TAG) or a command to run");
    }
    for (key, value) in &c.limits {
        let field = format!("{C0}.resources.limits.{key}");
        let checked = match key.as_str() {
            "memory" => crate::quantity::parse_memory(value).map(drop),
            "cpu" => crate::quantity::parse_cpu(value).map(drop),
            // Cloud Run accepts GPUs and ephemeral storage there; runlane has neither.
            _ => Err(format!("{key:?} is not a limit runlane enforces; use cpu or memory")),
        };
        if let Err(why) = checked {
            errors.push(field, why);
        }
    }
    if c.command.first().is_some_and(|p| p.trim().is_empty()) {
        errors.push(format!("{C0}.command[0]"), "the program to run must not be empty");
    }
    for (i, env) in c.env.iter().enumerate() {
        let field = format!("{C0}.env[{i}].name");
        if env.name.is_empty() || env.name.contains('=') || env.name.contains('\0') {
            errors.push(field, format!("{:?} is not a valid variable name; use a non-empty name without '='", env.name));
        } else if ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"].contains(&env.name.as_str()) {
            errors.push(field, format!("{} is reserved and set by runlane for every instance; choose another name", env.name));
        } else if c.env[..i].iter().any(|e| e.name == env.name) {
            errors.push(field, format!("{} is set twice; set each variable once", env.name));
        }
    }
    if let Some(port) = &c.port {
        if port.container_port == 0 {
            errors.push(format!("{C0}.ports[0].containerPort"), "0 is not a port; use 1 to 65535");
        }
        if let Some(name) = port.name.as_deref().filter(|n| !["http1", "h2c"].contains(n)) {
            errors.push(format!("{C0}.ports[0].name"), format!("{name:?} is not supported; use http1 or h2c"));
        }
    }
    for (probe, field) in [(&c.startup_probe, "startupProbe"), (&c.liveness_probe, "livenessProbe")] {
        if let Some(p) = probe {
            if p.period_seconds == 0 || p.failure_threshold == 0 || p.timeout_seconds == 0 {
                errors.push(format!("{C0}.{field}"), "periodSeconds, timeoutSeconds and failureThreshold must be at least 1");
            }
            if let ProbeAction::HttpGet { path } = &p.action {
                if !path.starts_with('/') {
                    errors.push(format!("{C0}.{field}.httpGet.path"), format!("{path:?} must start with '/'"));
                }
            }
        }
    }
}

fn scale(t: &RevisionTemplate, key: &str, errors: &mut FieldErrors) -> Option<u32> {
    let raw = t.annotations.get(key)?;
    match raw.trim().parse::<u32>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.0.push(FieldError::new(
                format!("spec.template.metadata.annotations[{key}]"),
                format!("{raw:?} is not a whole number of instances; use 0 or more"),
            ));
            None
        }
    }
}

/// Revisions to delete so that at most `keep` remain, oldest first, never one that
/// traffic names, the latest created or the latest ready.
pub fn revisions_to_prune(service: &Service, revisions: &[Revision], protected: &std::collections::BTreeSet<&str>, keep: usize) -> Vec<String> {
    if revisions.len() <= keep {
        return Vec::new();
    }
    let mut candidates: Vec<&Revision> = revisions
        .iter()
        .filter(|r| !protected.contains(r.meta.name.as_str()) && service.latest_created.as_deref() != Some(r.meta.name.as_str()))
        .collect();
    candidates.sort_by_key(|r| r.configuration_generation);
    candidates.into_iter().take(revisions.len() - keep).map(|r| r.meta.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::Percent;

    fn template(image: &str) -> RevisionTemplate {
        RevisionTemplate { container: Container { image: image.into(), ..Default::default() }, ..Default::default() }
    }

    fn write(spec: ServiceSpec) -> ServiceWrite {
        ServiceWrite { namespace: "default".into(), name: "jokes".into(), labels: Labels::new(), annotations: Labels::new(), spec, resource_version: None }
    }

    fn ctx<'a>(existing: Option<&'a Service>, revisions: &'a [Revision], suffix: &str) -> WriteContext<'a> {
        WriteContext {
            existing,
            revisions,
            now: 1000,
            next_resource_version: 7,
            service_uid: "u-s".into(),
            revision_uid: format!("u-{suffix}"),
            name_suffix: suffix.into(),
            image_digest: None,
        }
    }

    fn spec(t: RevisionTemplate, traffic: Vec<TrafficTarget>) -> ServiceSpec {
        ServiceSpec { template: t, traffic }
    }

    #[test]
    fn create_mints_the_first_revision() {
        let out = apply(write(spec(template("runlane/hello"), vec![])), ctx(None, &[], "abc")).unwrap();
        assert_eq!(out.new_revision.as_ref().unwrap().meta.name, "jokes-00001-abc");
        assert_eq!(out.service.meta.generation, 1);
        assert_eq!(out.service.latest_created.as_deref(), Some("jokes-00001-abc"));
        assert_eq!(out.new_revision.unwrap().meta.labels[LABEL_SERVICE], "jokes");
    }

    #[test]
    fn same_template_makes_no_revision_and_traffic_only_changes_bump_generation() {
        let first = apply(write(spec(template("runlane/hello"), vec![])), ctx(None, &[], "abc")).unwrap();
        let revs = vec![first.new_revision.clone().unwrap()];
        let same = apply(write(spec(template("runlane/hello"), vec![])), ctx(Some(&first.service), &revs, "xyz")).unwrap();
        assert!(!same.changed);
        assert!(same.new_revision.is_none());
        assert_eq!(same.service.meta.generation, 1);

        let traffic = vec![TrafficTarget::named("jokes-00001-abc", Some(Percent::HUNDRED), Some("good"))];
        let moved = apply(write(spec(template("runlane/hello"), traffic)), ctx(Some(&first.service), &revs, "xyz")).unwrap();
        assert!(moved.changed && moved.new_revision.is_none());
        assert_eq!(moved.service.meta.generation, 2);

        let changed = apply(write(spec(template("us-docker.pkg.dev/cloudrun/container/hello"), vec![])), ctx(Some(&first.service), &revs, "xyz")).unwrap();
        assert_eq!(changed.new_revision.unwrap().meta.name, "jokes-00002-xyz");
    }

    #[test]
    fn traffic_may_name_the_revision_this_write_creates() {
        let mut t = template("runlane/hello");
        t.name = Some("jokes-good".into());
        let traffic = vec![TrafficTarget::latest(Percent::HUNDRED), TrafficTarget::named("jokes-good", None, Some("good"))];
        let out = apply(write(spec(t, traffic)), ctx(None, &[], "abc")).unwrap();
        assert_eq!(out.new_revision.unwrap().meta.name, "jokes-good");
    }

    /// `gcloud run services update jokes --tag good` sends a template with a new nonce
    /// label and `{"tag": "good"}`: the tag lands on the revision it creates, by name,
    /// and stays there when a later write moves LATEST on.
    #[test]
    fn a_tag_only_entry_is_pinned_to_the_revision_the_write_creates() {
        let first = apply(write(spec(template("runlane/hello"), vec![])), ctx(None, &[], "abc")).unwrap();
        let mut revs = vec![first.new_revision.clone().unwrap()];
        let tag_only = TrafficTarget { revision: TargetRevision::Created, percent: None, tag: Some("good".into()) };
        let mut t = template("runlane/hello");
        t.labels.insert("client.knative.dev/nonce".into(), "htdhtxdbwn".into());
        let tagged = apply(write(spec(t.clone(), vec![TrafficTarget::latest(Percent::HUNDRED), tag_only.clone()])), ctx(Some(&first.service), &revs, "def")).unwrap();
        assert_eq!(tagged.new_revision.as_ref().unwrap().meta.name, "jokes-00002-def");
        assert_eq!(tagged.service.spec.traffic[1], TrafficTarget::named("jokes-00002-def", None, Some("good")));
        revs.push(tagged.new_revision.clone().unwrap());

        // The same request again creates nothing: the tag goes to the latest created revision.
        let again = apply(write(spec(t, vec![TrafficTarget::latest(Percent::HUNDRED), tag_only])), ctx(Some(&tagged.service), &revs, "ghi")).unwrap();
        assert!(again.new_revision.is_none());
        assert_eq!(again.service.spec.traffic[1], TrafficTarget::named("jokes-00002-def", None, Some("good")));
    }

    #[test]
    fn named_revision_with_another_template_conflicts() {
        let mut t = template("runlane/hello");
        t.name = Some("jokes-v1".into());
        let first = apply(write(spec(t.clone(), vec![])), ctx(None, &[], "abc")).unwrap();
        let revs = vec![first.new_revision.clone().unwrap()];
        t.container.env.push(EnvVar { name: "A".into(), value: "1".into() });
        let err = apply(write(spec(t, vec![])), ctx(Some(&first.service), &revs, "x")).unwrap_err();
        assert!(matches!(err, WriteError::Conflict(m) if m.contains("jokes-v1")));
    }

    #[test]
    fn stale_resource_version_conflicts() {
        let first = apply(write(spec(template("runlane/hello"), vec![])), ctx(None, &[], "abc")).unwrap();
        let mut w = write(spec(template("runlane/hello"), vec![]));
        w.resource_version = Some(3);
        assert!(matches!(apply(w, ctx(Some(&first.service), &[], "x")), Err(WriteError::Conflict(_))));
    }

    fn check_invalid(mutate: impl FnOnce(&mut ServiceWrite), field: &str, words: &str) {
        let mut w = write(spec(template("runlane/hello"), vec![]));
        mutate(&mut w);
        match apply(w, ctx(None, &[], "abc")) {
            Err(WriteError::Invalid(errors)) => {
                assert!(errors.0.iter().any(|e| e.field == field && e.description.contains(words)), "{field}: got {errors}");
            }
            other => panic!("expected an invalid-field error on {field}, got {other:?}"),
        }
    }

    #[test]
    fn a_minted_revision_records_the_pinned_image_and_a_traffic_change_mints_none() {
        let mut c = ctx(None, &[], "abc");
        c.image_digest = Some("127.0.0.1:5000/demo/hello@sha256:aa".into());
        let first = apply(write(spec(template("127.0.0.1:5000/demo/hello:1"), vec![])), c).unwrap();
        let r = first.new_revision.clone().unwrap();
        assert_eq!(r.image_digest.as_deref(), Some("127.0.0.1:5000/demo/hello@sha256:aa"));
        let mut again = write(spec(template("127.0.0.1:5000/demo/hello:1"), vec![]));
        again.spec.traffic = vec![TrafficTarget::latest(Percent::from_whole(100).unwrap())];
        let second = apply(again, ctx(Some(&first.service), std::slice::from_ref(&r), "def")).unwrap();
        assert!(second.new_revision.is_none());
    }

    #[test]
    fn valid_limits_are_accepted() {
        let mut t = template("example/jokes:1");
        t.container.limits.insert("memory".into(), "256Mi".into());
        t.container.limits.insert("cpu".into(), "500m".into());
        assert!(apply(write(spec(t, vec![])), ctx(None, &[], "abc")).is_ok());
    }

    #[test]
    fn invalid_specs_name_the_field() {
        check_invalid(|w| w.name = "Jokes".into(), "metadata.name", "lowercase");
        let limit = |key: &str, value: &str| {
            let (key, value) = (key.to_owned(), value.to_owned());
            move |w: &mut ServiceWrite| {
                w.spec.template.container.limits.insert(key, value);
            }
        };
        check_invalid(limit("memory", "lots"), "spec.template.spec.containers[0].resources.limits.memory", "512Mi");
        check_invalid(limit("memory", "64Gi"), "spec.template.spec.containers[0].resources.limits.memory", "at most 32Gi");
        check_invalid(limit("cpu", "500x"), "spec.template.spec.containers[0].resources.limits.cpu", "500m");
        check_invalid(limit("nvidia.com/gpu", "1"), "spec.template.spec.containers[0].resources.limits.nvidia.com/gpu", "use cpu or memory");
        check_invalid(|w| w.spec.template.container.image = String::new(), "spec.template.spec.containers[0].image", "give an image");
        check_invalid(|w| w.spec.template.container_concurrency = Some(1001), "spec.template.spec.containerConcurrency", "0 (unlimited) to 1000");
        check_invalid(|w| w.spec.template.timeout_seconds = Some(0), "spec.template.spec.timeoutSeconds", "1 to 3600");
        check_invalid(|w| w.spec.template.name = Some("other-v1".into()), "spec.template.metadata.name", "must start with \"jokes-\"");
        check_invalid(
            |w| { w.spec.template.annotations.insert(ANNOTATION_MIN_SCALE.into(), "x".into()); },
            "spec.template.metadata.annotations[autoscaling.knative.dev/minScale]",
            "whole number",
        );
        check_invalid(
            |w| {
                w.spec.template.annotations.insert(ANNOTATION_MIN_SCALE.into(), "5".into());
                w.spec.template.annotations.insert(ANNOTATION_MAX_SCALE.into(), "2".into());
            },
            "spec.template.metadata.annotations[autoscaling.knative.dev/minScale]",
            "above maxScale",
        );
        check_invalid(
            |w| w.spec.template.container.env.push(EnvVar { name: "PORT".into(), value: "1".into() }),
            "spec.template.spec.containers[0].env[0].name",
            "reserved",
        );
        check_invalid(
            |w| w.spec.traffic = vec![TrafficTarget::latest(Percent::from_whole(90).unwrap())],
            "spec.traffic",
            "sum to 90",
        );
        check_invalid(|w| w.namespace = "Bad_NS".into(), "metadata.namespace", "lowercase");
    }

    #[test]
    fn pruning_keeps_protected_and_latest() {
        let mut revs = Vec::new();
        let mut service = None;
        for i in 0..5 {
            let mut t = template("runlane/hello");
            t.container.env.push(EnvVar { name: "I".into(), value: i.to_string() });
            let out = apply(write(spec(t, vec![])), ctx(service.as_ref(), &revs, &format!("a{i}"))).unwrap();
            revs.push(out.new_revision.unwrap());
            service = Some(out.service);
        }
        let protected = ["jokes-00001-a0"].into_iter().collect();
        let pruned = revisions_to_prune(service.as_ref().unwrap(), &revs, &protected, 3);
        assert_eq!(pruned, vec!["jokes-00002-a1", "jokes-00003-a2"]);
    }
}
