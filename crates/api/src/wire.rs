//! Knative `serving.knative.dev/v1` JSON, in and out. The only place that knows
//! these shapes: requests are parsed into wire structs (errors name the JSON path),
//! then converted by hand into model types; replies are built from model types.

use crate::error::ApiError;
use runlane_controller::{RevisionView, ServiceView};
use runlane_model::status::{Condition, ConditionStatus};
use runlane_model::write::ServiceWrite;
use runlane_model::*;
use runlane_runtime::InstanceState;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub const API_VERSION: &str = "serving.knative.dev/v1";

// === requests ===

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KService {
    api_version: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    metadata: KMeta,
    spec: Option<KServiceSpec>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KMeta {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
    resource_version: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KServiceSpec {
    template: Option<KTemplate>,
    traffic: Option<Vec<KTraffic>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KTemplate {
    metadata: Option<KMeta>,
    spec: Option<KRevisionSpec>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KRevisionSpec {
    container_concurrency: Option<i64>,
    timeout_seconds: Option<i64>,
    service_account_name: Option<String>,
    containers: Option<Vec<KContainer>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KContainer {
    name: Option<String>,
    image: Option<String>,
    command: Option<Vec<String>>,
    args: Option<Vec<String>>,
    env: Option<Vec<KEnv>>,
    ports: Option<Vec<KPort>>,
    resources: Option<KResources>,
    working_dir: Option<String>,
    startup_probe: Option<KProbe>,
    liveness_probe: Option<KProbe>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KEnv {
    name: String,
    value: Option<String>,
    value_from: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KPort {
    name: Option<String>,
    container_port: Option<i64>,
}

#[derive(Deserialize)]
struct KResources {
    limits: Option<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KProbe {
    tcp_socket: Option<Value>,
    http_get: Option<KHttpGet>,
    grpc: Option<Value>,
    initial_delay_seconds: Option<i64>,
    period_seconds: Option<i64>,
    timeout_seconds: Option<i64>,
    failure_threshold: Option<i64>,
}

#[derive(Deserialize)]
struct KHttpGet {
    path: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KTraffic {
    revision_name: Option<String>,
    latest_revision: Option<bool>,
    percent: Option<serde_json::Number>,
    tag: Option<String>,
}

/// The fields of a Knative Service body (or of a merge patch of one) that runlane does
/// not read, as dotted paths: what `fieldValidation=Strict` (kubectl's default) refuses
/// rather than ignores. Empty for a body that is not JSON; parsing reports that.
pub fn unknown_service_fields(body: &[u8]) -> Vec<String> {
    let mut unknown = Vec::new();
    let de = &mut serde_json::Deserializer::from_slice(body);
    // serde_ignored writes `?` for each `Option` it went through; the wire path has none.
    let _: Result<KService, _> = serde_ignored::deserialize(de, |path| unknown.push(path.to_string().split('.').filter(|s| *s != "?").collect::<Vec<_>>().join(".")));
    unknown
}

/// Parses a Knative Service body for `namespace`; `path_name` is the name in the
/// URL for a replace (the body must agree).
pub fn service_write(body: &[u8], namespace: &str, path_name: Option<&str>) -> Result<ServiceWrite, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let k: KService = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path == "?" || path.is_empty() {
            ApiError::field("body", format!("is not a valid Knative Service JSON object: {inner}"))
        } else {
            ApiError::field(path, format!("{inner}"))
        }
    })?;
    let mut errors = FieldErrors::default();
    if let Some(v) = k.api_version.as_deref().filter(|v| *v != API_VERSION) {
        errors.push("apiVersion", format!("{v:?} is not supported; use {API_VERSION}"));
    }
    if let Some(kind) = k.kind.as_deref().filter(|k| *k != "Service") {
        errors.push("kind", format!("{kind:?} is not supported here; use Service"));
    }
    if let Some(ns) = k.metadata.namespace.as_deref().filter(|ns| !ns.is_empty() && *ns != namespace) {
        errors.push("metadata.namespace", format!("{ns:?} does not match the namespace in the URL ({namespace:?})"));
    }
    let name = match (k.metadata.name.clone().filter(|n| !n.is_empty()), path_name) {
        (Some(n), Some(p)) if n != p => {
            errors.push("metadata.name", format!("{n:?} does not match the name in the URL ({p:?})"));
            n
        }
        (Some(n), _) => n,
        (None, Some(p)) => p.to_owned(),
        (None, None) => {
            errors.push("metadata.name", "is required: name the service");
            String::new()
        }
    };
    let resource_version = match k.metadata.resource_version.as_deref().filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match v.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push("metadata.resourceVersion", format!("{v:?} is not a resourceVersion runlane gave out; send back the one you read, or leave it out"));
                None
            }
        },
    };
    let spec = k.spec.unwrap_or_default();
    let template = template(spec.template.unwrap_or_default(), &mut errors);
    let traffic = spec.traffic.unwrap_or_default().into_iter().enumerate().filter_map(|(i, t)| traffic_target(i, t, &mut errors)).collect();
    errors.into_result().map_err(ApiError::invalid)?;
    Ok(ServiceWrite {
        namespace: namespace.to_owned(),
        name,
        labels: k.metadata.labels.unwrap_or_default(),
        annotations: k.metadata.annotations.unwrap_or_default().into_iter().filter(|(k, _)| !SYSTEM_ANNOTATIONS.contains(&k.as_str())).collect(),
        spec: ServiceSpec { template, traffic },
        resource_version,
    })
}

/// Annotations runlane sets on replies; clients echo them back, and they must not count as changes.
const SYSTEM_ANNOTATIONS: &[&str] = &["serving.knative.dev/creator", "serving.knative.dev/lastModifier"];

fn template(t: KTemplate, errors: &mut FieldErrors) -> RevisionTemplate {
    let meta = t.metadata.unwrap_or_default();
    let spec = t.spec.unwrap_or_default();
    const SPEC: &str = "spec.template.spec";
    let mut containers = spec.containers.unwrap_or_default();
    if containers.len() > 1 {
        errors.push(format!("{SPEC}.containers"), format!("{} containers given; runlane runs exactly one container per revision", containers.len()));
    }
    let c = if containers.is_empty() { KContainer::default() } else { containers.swap_remove(0) };
    const C0: &str = "spec.template.spec.containers[0]";
    let env = c
        .env
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            if e.value_from.is_some() {
                errors.push(format!("{C0}.env[{i}].valueFrom"), "is not supported by runlane; give the value directly with value");
                return None;
            }
            Some(EnvVar { name: e.name, value: e.value.unwrap_or_default() })
        })
        .collect();
    let mut ports = c.ports.unwrap_or_default();
    if ports.len() > 1 {
        errors.push(format!("{C0}.ports"), "at most one port may be given: the one the instance listens on");
    }
    let port = ports.drain(..).next().map(|p| ContainerPort {
        name: p.name.filter(|n| !n.is_empty()),
        container_port: int_in(p.container_port, &format!("{C0}.ports[0].containerPort"), 1, 65535, errors).unwrap_or(0) as u16,
    });
    let limits = c
        .resources
        .and_then(|r| r.limits)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    RevisionTemplate {
        name: meta.name.filter(|n| !n.is_empty()),
        labels: meta.labels.unwrap_or_default(),
        annotations: meta.annotations.unwrap_or_default(),
        container_concurrency: int_in(spec.container_concurrency, &format!("{SPEC}.containerConcurrency"), 0, i64::from(u32::MAX), errors).map(|v| v as u32),
        timeout_seconds: int_in(spec.timeout_seconds, &format!("{SPEC}.timeoutSeconds"), 0, i64::from(u32::MAX), errors).map(|v| v as u32),
        service_account_name: spec.service_account_name.filter(|s| !s.is_empty()),
        container: Container {
            name: c.name.filter(|n| !n.is_empty()),
            image: c.image.unwrap_or_default(),
            command: c.command.unwrap_or_default(),
            args: c.args.unwrap_or_default(),
            env,
            port,
            limits,
            working_dir: c.working_dir,
            startup_probe: c.startup_probe.and_then(|p| probe(p, &format!("{C0}.startupProbe"), errors)),
            liveness_probe: c.liveness_probe.and_then(|p| probe(p, &format!("{C0}.livenessProbe"), errors)),
        },
    }
}

fn probe(p: KProbe, field: &str, errors: &mut FieldErrors) -> Option<runlane_model::Probe> {
    let action = match (p.tcp_socket, p.http_get, p.grpc) {
        (_, _, Some(_)) => {
            errors.push(format!("{field}.grpc"), "gRPC probes are not supported; use tcpSocket or httpGet");
            return None;
        }
        (None, Some(h), None) => ProbeAction::HttpGet { path: h.path.unwrap_or_else(|| "/".into()) },
        (_, None, None) => ProbeAction::TcpSocket,
        (Some(_), Some(_), None) => {
            errors.push(field.to_owned(), "give one of tcpSocket or httpGet, not both");
            return None;
        }
    };
    let mut secs = |v: Option<i64>, name: &str, default: u32, min: i64| {
        int_in(v, &format!("{field}.{name}"), min, 3600, errors).map_or(default, |v| v as u32)
    };
    Some(runlane_model::Probe {
        action,
        initial_delay_seconds: secs(p.initial_delay_seconds, "initialDelaySeconds", 0, 0),
        period_seconds: secs(p.period_seconds, "periodSeconds", 10, 1),
        timeout_seconds: secs(p.timeout_seconds, "timeoutSeconds", 1, 1),
        failure_threshold: secs(p.failure_threshold, "failureThreshold", 3, 1),
    })
}

pub(crate) fn int_in(v: Option<i64>, field: &str, min: i64, max: i64, errors: &mut FieldErrors) -> Option<i64> {
    let v = v?;
    if v < min || v > max {
        errors.push(field.to_owned(), format!("{v} is out of range; use {min} to {max}"));
        return None;
    }
    Some(v)
}

fn traffic_target(i: usize, t: KTraffic, errors: &mut FieldErrors) -> Option<TrafficTarget> {
    let field = |f: &str| format!("spec.traffic[{i}].{f}");
    let revision = match (t.revision_name.filter(|n| !n.is_empty()), t.latest_revision) {
        (Some(_), Some(true)) => {
            errors.push(field("latestRevision"), "must be false or absent when revisionName is set");
            return None;
        }
        (Some(n), _) => TargetRevision::Named(n),
        (None, Some(true)) => TargetRevision::Latest,
        // What gcloud sends for `services update --tag T`: the tag goes to the revision
        // this write creates.
        (None, None) if t.tag.as_deref().is_some_and(|t| !t.is_empty()) && t.percent.as_ref().and_then(serde_json::Number::as_f64).unwrap_or(0.0) == 0.0 => TargetRevision::Created,
        // Knative's default: an entry naming no revision follows the latest one.
        (None, None) => TargetRevision::Latest,
        (None, Some(false)) => {
            errors.push(field("revisionName"), "give a revisionName, or set latestRevision: true");
            return None;
        }
    };
    let percent = match t.percent {
        None => None,
        Some(n) => match n.as_f64().map(Percent::from_f64) {
            Some(Ok(p)) => Some(p),
            Some(Err(why)) => {
                errors.push(field("percent"), why);
                return None;
            }
            None => {
                errors.push(field("percent"), format!("{n} is not a percent; use a number from 0 to 100"));
                return None;
            }
        },
    };
    Some(TrafficTarget { revision, percent, tag: t.tag.filter(|t| !t.is_empty()) })
}

// === replies ===

pub fn rfc3339(millis: UnixMillis) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let t = t.replace_nanosecond(0).unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

fn percent_json(p: Percent) -> Value {
    if p.is_whole() {
        json!(p.basis_points() / 100)
    } else {
        json!(p.as_f64())
    }
}

fn condition_json(c: &Condition) -> Value {
    let mut v = json!({
        "type": c.kind,
        "status": match c.status { ConditionStatus::True => "True", ConditionStatus::False => "False", ConditionStatus::Unknown => "Unknown" },
        "lastTransitionTime": rfc3339(c.last_transition),
    });
    if let Some(r) = &c.reason {
        v["reason"] = json!(r);
    }
    if let Some(m) = &c.message {
        v["message"] = json!(m);
    }
    v
}

/// A template as Knative's `spec.template` (metadata and spec): a revision's, for export.
pub fn template_json(t: &RevisionTemplate) -> Value {
    let mut meta = json!({ "labels": t.labels, "annotations": t.annotations });
    if let Some(n) = &t.name {
        meta["name"] = json!(n);
    }
    json!({ "metadata": meta, "spec": template_spec_json(t) })
}

fn template_spec_json(t: &RevisionTemplate) -> Value {
    let c = &t.container;
    let mut container = Map::new();
    if let Some(n) = &c.name {
        container.insert("name".into(), json!(n));
    }
    container.insert("image".into(), json!(c.image));
    if !c.command.is_empty() {
        container.insert("command".into(), json!(c.command));
    }
    if !c.args.is_empty() {
        container.insert("args".into(), json!(c.args));
    }
    if !c.env.is_empty() {
        container.insert("env".into(), c.env.iter().map(|e| json!({"name": e.name, "value": e.value})).collect());
    }
    if let Some(p) = &c.port {
        let mut port = json!({ "containerPort": p.container_port });
        if let Some(n) = &p.name {
            port["name"] = json!(n);
        }
        container.insert("ports".into(), json!([port]));
    }
    container.insert("resources".into(), json!({ "limits": c.limits }));
    if let Some(w) = &c.working_dir {
        container.insert("workingDir".into(), json!(w));
    }
    for (key, probe) in [("startupProbe", &c.startup_probe), ("livenessProbe", &c.liveness_probe)] {
        if let Some(p) = probe {
            container.insert(key.into(), probe_json(p));
        }
    }
    let mut spec = json!({ "containers": [Value::Object(container)] });
    if let Some(cc) = t.container_concurrency {
        spec["containerConcurrency"] = json!(cc);
    }
    if let Some(ts) = t.timeout_seconds {
        spec["timeoutSeconds"] = json!(ts);
    }
    if let Some(sa) = &t.service_account_name {
        spec["serviceAccountName"] = json!(sa);
    }
    spec
}

fn traffic_json(t: &TrafficTarget) -> Value {
    let mut v = Map::new();
    match &t.revision {
        TargetRevision::Latest => v.insert("latestRevision".into(), json!(true)),
        TargetRevision::Named(n) => v.insert("revisionName".into(), json!(n)),
        // Pinned before a spec is stored; an unsaved one shows as what it asks for.
        TargetRevision::Created => None,
    };
    if let Some(p) = t.percent {
        v.insert("percent".into(), percent_json(p));
    }
    if let Some(tag) = &t.tag {
        v.insert("tag".into(), json!(tag));
    }
    Value::Object(v)
}

/// A startup or liveness probe as Knative and both Cloud Run APIs write it (the same
/// field names in v1 and v2).
pub(crate) fn probe_json(p: &Probe) -> Value {
    let mut v = json!({
        "initialDelaySeconds": p.initial_delay_seconds,
        "periodSeconds": p.period_seconds,
        "timeoutSeconds": p.timeout_seconds,
        "failureThreshold": p.failure_threshold,
    });
    match &p.action {
        ProbeAction::TcpSocket => v["tcpSocket"] = json!({}),
        ProbeAction::HttpGet { path } => v["httpGet"] = json!({ "path": path }),
    }
    v
}

pub fn service_json(view: &ServiceView) -> Value {
    let s = &view.service;
    let st = &view.status;
    let mut template_meta = json!({ "labels": s.spec.template.labels, "annotations": s.spec.template.annotations });
    if let Some(n) = &s.spec.template.name {
        template_meta["name"] = json!(n);
    }
    let mut annotations = s.meta.annotations.clone();
    annotations.entry("serving.knative.dev/creator".into()).or_insert_with(|| "runlane".into());
    annotations.entry("serving.knative.dev/lastModifier".into()).or_insert_with(|| "runlane".into());
    // Tagged entries first, each group in spec order: the tutorial reads the tag URL it
    // just made with `value(status.traffic[0].url)` right after `services update --tag`,
    // while gcloud's own traffic tables key entries by revision and ignore the order.
    let (tagged, untagged): (Vec<_>, Vec<_>) = st.traffic.iter().partition(|t| t.url.is_some());
    let status_traffic: Vec<Value> = tagged
        .into_iter()
        .chain(untagged)
        .map(|t| {
            let mut v = Map::new();
            if let Some(r) = &t.target.revision {
                v.insert("revisionName".into(), json!(r));
            }
            if t.target.latest_revision {
                v.insert("latestRevision".into(), json!(true));
            }
            if let Some(p) = t.target.percent {
                v.insert("percent".into(), percent_json(p));
            }
            if let Some(tag) = &t.target.tag {
                v.insert("tag".into(), json!(tag));
            }
            if let Some(u) = &t.url {
                v.insert("url".into(), json!(u));
            }
            Value::Object(v)
        })
        .collect();
    let status_conditions = service_conditions(view);
    let mut status = json!({
        "observedGeneration": st.observed_generation,
        "conditions": status_conditions,
        "url": st.url,
        "address": { "url": st.url },
        "traffic": status_traffic,
    });
    if let Some(n) = &st.latest_created {
        status["latestCreatedRevisionName"] = json!(n);
    }
    // Who may call the URL, for the CLI and the console to say beside it (Cloud Run's
    // console shows "Authentication: Allow unauthenticated" from the IAM policy).
    status["runlane"] = json!({ "public": s.iam_policy.allows_unauthenticated() });
    if let Some(n) = &st.latest_ready {
        status["latestReadyRevisionName"] = json!(n);
    }
    json!({
        "apiVersion": API_VERSION,
        "kind": "Service",
        "metadata": {
            "name": s.meta.name,
            "namespace": s.meta.namespace,
            "uid": s.meta.uid,
            "generation": s.meta.generation,
            "resourceVersion": s.meta.resource_version.to_string(),
            "creationTimestamp": rfc3339(s.meta.created),
            "labels": s.meta.labels,
            "annotations": annotations,
        },
        "spec": {
            "template": { "metadata": template_meta, "spec": template_spec_json(&s.spec.template) },
            "traffic": if s.spec.traffic.is_empty() { vec![json!({"latestRevision": true, "percent": 100})] } else { s.spec.traffic.iter().map(traffic_json).collect() },
        },
        "status": status,
    })
}

/// A service's Knative conditions as JSON, with what the runtime sees folded in: a
/// crash-looping revision that serves makes it not Ready, and an image pull in progress
/// explains the wait. The v1 and v2 shapes both start from these.
pub fn service_conditions(view: &ServiceView) -> Vec<Value> {
    let s = &view.service;
    let mut conditions: Vec<Value> = view.status.conditions.iter().map(condition_json).collect();
    if let Some((revision, why)) = view.crash_looping.first() {
        // Knative's wording when a serving revision fails: the service is not ready.
        for c in conditions.iter_mut().filter(|c| c["type"] == "Ready") {
            c["status"] = json!("False");
            c["reason"] = json!("RevisionFailed");
            c["message"] = json!(format!("Revision \"{revision}\" failed with message: {why}"));
        }
    }
    if let Some(p) = view.pulling {
        // Shown by gcloud and runlane deploy while they wait.
        for c in conditions.iter_mut().filter(|c| c["status"] == "Unknown") {
            c["reason"] = json!("PullingImage");
            c["message"] = json!(pull_message(&s.spec.template.container.image, p));
        }
    }
    conditions
}

/// A revision's conditions (`Ready`, `ContainerHealthy`, `Active`) as Knative JSON, from
/// its recorded health and what the runtime sees now; the v1 and v2 shapes both use them.
pub fn revision_conditions(view: &RevisionView) -> Vec<Value> {
    let r = &view.revision;
    let pulling = view.runtime.as_ref().and_then(|s| s.pulling);
    let (ready, reason, message, at) = match &r.health {
        RevisionHealth::Pending => match pulling {
            Some(p) => ("Unknown", Some("PullingImage"), Some(pull_message(&r.template.container.image, p)), r.meta.created),
            None => ("Unknown", Some("Deploying"), Some("The revision is starting.".to_owned()), r.meta.created),
        },
        RevisionHealth::Ready { at } => match view.runtime.as_ref().and_then(|rs| runlane_controller::crashloop::crash_looping(rs, std::time::SystemTime::now())) {
            Some(why) => ("False", Some(runlane_controller::crashloop::REASON), Some(why), *at),
            None => ("True", None, None, *at),
        },
        RevisionHealth::Failed { at, reason, message } => ("False", Some(reason.as_str()), Some(message.clone()), *at),
    };
    let mut ready_cond = json!({ "type": "Ready", "status": ready, "lastTransitionTime": rfc3339(at) });
    if let Some(reason) = reason {
        ready_cond["reason"] = json!(reason);
    }
    if let Some(m) = message {
        ready_cond["message"] = json!(m);
    }
    let rt = view.runtime.as_ref();
    let actual = rt.map_or(0, |s| s.ready_endpoints.len());
    let restarts = rt.map_or(0, |s| s.restarts);
    let mut active = json!({ "type": "Active", "status": if actual > 0 { "True" } else { "False" }, "severity": "Info", "lastTransitionTime": rfc3339(at) });
    if actual == 0 && view.scaling.is_some() {
        active["reason"] = json!("NoTraffic");
        active["message"] = json!("The revision has no ready instance (scaled to zero, or starting); the next request starts one.");
    }
    let mut healthy = json!({ "type": "ContainerHealthy", "status": ready, "lastTransitionTime": rfc3339(at) });
    if let (Some(reason), Some(m)) = (reason, ready_cond.get("message").cloned()) {
        if reason == runlane_controller::crashloop::REASON {
            healthy["reason"] = json!(reason);
            healthy["message"] = m;
        }
    }
    if restarts > 0 {
        healthy["message"] = json!(format!("instances restarted {restarts} times after crashing"));
    }
    vec![ready_cond, healthy, active]
}

pub fn revision_json(view: &RevisionView) -> Value {
    let r = &view.revision;
    let pulling = view.runtime.as_ref().and_then(|s| s.pulling);
    let conditions = revision_conditions(view);
    let rt = view.runtime.as_ref();
    let actual = rt.map_or(0, |s| s.ready_endpoints.len());
    let desired = match &view.scaling {
        Some(scaling) => scaling.desired as usize,
        None => rt.map_or(0, |s| s.instances.iter().filter(|i| i.state != InstanceState::Stopping).count()),
    };
    let restarts = rt.map_or(0, |s| s.restarts);
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let startup = |i: &runlane_runtime::InstanceStatus| i.ready_at.map(|r| millis(r.duration_since(i.started_at).unwrap_or_default()));
    let instances: Vec<Value> = rt
        .map(|s| {
            s.instances
                .iter()
                .map(|i| json!({ "id": i.id, "pid": i.pid, "port": i.port, "address": i.addr.to_string(), "state": format!("{:?}", i.state), "restarts": i.restarts, "oomKills": i.oom_kills, "lastExit": i.last_exit, "startupMillis": startup(i) }))
                .collect()
        })
        .unwrap_or_default();
    let mut by_state = Map::new();
    for state in ["Starting", "Ready", "Stopping", "CrashLoop", "Failed"] {
        by_state.insert(state.to_owned(), json!(0));
    }
    for i in rt.map(|s| s.instances.as_slice()).unwrap_or_default() {
        let state = match i.state {
            InstanceState::Starting => "Starting",
            InstanceState::Ready => "Ready",
            InstanceState::Stopping => "Stopping",
            InstanceState::CrashLoop { .. } => "CrashLoop",
            InstanceState::Failed => "Failed",
        };
        if let Some(n) = by_state.get_mut(state) {
            *n = json!(n.as_u64().unwrap_or(0) + 1);
        }
    }
    let autoscaler = view.scaling.as_ref().map(|s| {
        let decision = s.last_decision.as_ref().map(|(at, d)| {
            let at = at.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
            json!({ "desired": d.desired, "panicking": d.panicking, "stableConcurrency": round2(d.stable), "panicConcurrency": round2(d.panic), "reason": d.reason, "time": rfc3339(at) })
        });
        json!({
            "desiredInstances": s.desired,
            "lastDecision": decision,
            "requestsInFlight": s.in_flight,
            "requestsWaiting": s.waiting,
            "requestsRefused": s.overflows,
            "lastStartupMillis": s.last_startup.map(millis),
            "scaleToZeroGraceSeconds": s.scale_to_zero_grace.map(|g| g.as_secs_f64()),
        })
    });
    // gcloud's `revisions list` shows the creator in its DEPLOYED BY column.
    let mut revision_annotations = r.meta.annotations.clone();
    revision_annotations.entry("serving.knative.dev/creator".into()).or_insert_with(|| "runlane".into());
    json!({
        "apiVersion": API_VERSION,
        "kind": "Revision",
        "metadata": {
            "name": r.meta.name,
            "namespace": r.meta.namespace,
            "uid": r.meta.uid,
            "generation": r.meta.generation,
            "resourceVersion": r.meta.resource_version.to_string(),
            "creationTimestamp": rfc3339(r.meta.created),
            "labels": r.meta.labels,
            "annotations": revision_annotations,
            "ownerReferences": [{ "apiVersion": API_VERSION, "kind": "Configuration", "name": r.service, "controller": true }],
        },
        "spec": template_spec_json(&r.template),
        "status": {
            "observedGeneration": r.meta.generation,
            "conditions": conditions,
            "imageDigest": r.image_digest,
            "containerStatuses": r.image_digest.as_ref().map(|d| vec![json!({ "name": r.template.container.name.clone().unwrap_or_else(|| "user-container".into()), "imageDigest": d })]),
            "actualReplicas": actual,
            "desiredReplicas": desired,
            "runlane": {
                "trafficPercent": percent_json(Percent::from_basis_points(view.traffic_basis_points).unwrap_or(Percent::ZERO)),
                "tags": view.tags,
                "instances": instances,
                "instanceCounts": by_state,
                "restarts": restarts,
                "oomKills": rt.map_or(0, |s| s.oom_kills),
                "pulling": pulling.map(|p| json!({ "layersDone": p.layers_done, "layersTotal": p.layers_total, "bytesDone": p.bytes_done, "bytesTotal": p.bytes_total })),
                "autoscaler": autoscaler,
            },
        },
    })
}

/// "Pulling image gcr.io/x/y:1: 2 of 5 layers, 12.3 of 52.0 MB".
pub fn pull_message(image: &str, p: runlane_runtime::PullProgress) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    format!(
        "Pulling image {image}: {} of {} layers, {:.1} of {:.1} MB",
        p.layers_done,
        p.layers_total,
        mb(p.bytes_done),
        mb(p.bytes_total)
    )
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn list_json(kind: &str, items: Vec<Value>) -> Value {
    json!({ "apiVersion": API_VERSION, "kind": kind, "metadata": {}, "items": items })
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_fields_are_named_by_path() {
        let body = br#"{"apiVersion":"serving.knative.dev/v1","kind":"Service","metadata":{"name":"a","annotations":{"x":"y"}},
            "spec":{"replicas":3,"template":{"spec":{"containers":[{"image":"i","livenessProbeX":{}}]}}}}"#;
        assert_eq!(super::unknown_service_fields(body), ["spec.replicas", "spec.template.spec.containers.0.livenessProbeX"]);
        assert!(super::unknown_service_fields(br#"{"metadata":{"annotations":{"a":"b"}}}"#).is_empty());
    }

    use super::*;

    fn check_err(body: &str, field: &str, words: &str) {
        let err = service_write(body.as_bytes(), "default", None).unwrap_err();
        assert!(
            err.violations.0.iter().any(|v| v.field == field && v.description.contains(words)),
            "{body}: expected {field} ~ {words}, got {:?}",
            err.violations
        );
    }

    #[test]
    fn wire_errors_name_the_field() {
        check_err("{", "body", "not a valid");
        check_err(r#"{"metadata":{}}"#, "metadata.name", "required");
        check_err(r#"{"metadata":{"name":"a"},"spec":{"traffic":[{"percent":"ten","latestRevision":true}]}}"#, "spec.traffic[0].percent", "invalid type");
        check_err(r#"{"metadata":{"name":"a"},"spec":{"traffic":[{"percent":0.125,"latestRevision":true}]}}"#, "spec.traffic[0].percent", "two decimals");
        check_err(r#"{"metadata":{"name":"a"},"spec":{"traffic":[{"percent":100,"latestRevision":false}]}}"#, "spec.traffic[0].revisionName", "latestRevision: true");
        check_err(r#"{"metadata":{"name":"a"},"spec":{"template":{"spec":{"containerConcurrency":-1}}}}"#, "spec.template.spec.containerConcurrency", "out of range");
        check_err(r#"{"metadata":{"name":"a"},"spec":{"template":{"spec":{"containers":[{},{}]}}}}"#, "spec.template.spec.containers", "exactly one");
        check_err(r#"{"apiVersion":"v2","metadata":{"name":"a"}}"#, "apiVersion", "serving.knative.dev/v1");
        check_err(r#"{"metadata":{"name":"a","namespace":"other"}}"#, "metadata.namespace", "does not match");
    }

    #[test]
    fn gcloud_create_body_parses() {
        let body = r#"{"apiVersion":"serving.knative.dev/v1","kind":"Service",
            "metadata":{"name":"jokes","namespace":"default","labels":{},"annotations":{"run.googleapis.com/client-name":"gcloud"}},
            "spec":{"template":{"metadata":{"name":"jokes-00001-haq","labels":{},"annotations":{}},
              "spec":{"containers":[{"image":"runlane/hello","name":""}],"nodeSelector":{}}},
              "traffic":[{"latestRevision":true,"percent":100},{"revisionName":"jokes-00001-haq","tag":"good"}]},
            "status":{"address":{}}}"#;
        let w = service_write(body.as_bytes(), "default", None).unwrap();
        assert_eq!(w.name, "jokes");
        assert_eq!(w.spec.template.name.as_deref(), Some("jokes-00001-haq"));
        assert_eq!(w.spec.traffic.len(), 2);
        assert_eq!(w.spec.traffic[1].tag.as_deref(), Some("good"));
    }

    #[test]
    fn percents_keep_integer_json_types() {
        assert_eq!(percent_json(Percent::from_whole(10).unwrap()).to_string(), "10");
        assert_eq!(percent_json(Percent::parse("0.1").unwrap()).to_string(), "0.1");
        assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20Z");
    }
}
