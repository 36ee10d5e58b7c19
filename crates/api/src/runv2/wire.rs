//! Cloud Run Admin API v2 JSON (`google.cloud.run.v2.Service`, `Revision`,
//! `Condition`), in and out, over the same model the Knative shapes use. Requests are
//! parsed into wire structs that know every field of the proto (an unknown name is a 400
//! naming it, as Google answers; output-only fields a client echoes back are ignored;
//! fields runlane cannot honour are refused when set), then converted by hand into a
//! `ServiceWrite`. Errors the model reports with Knative field paths are renamed to the
//! v2 paths (`v2_error`).

use crate::error::ApiError;
use crate::wire::{int_in, rfc3339};
use runlane_controller::{RevisionView, ServiceView};
use runlane_model::write::ServiceWrite;
use runlane_model::*;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub const SERVICE_TYPE: &str = "type.googleapis.com/google.cloud.run.v2.Service";
pub const REVISION_TYPE: &str = "type.googleapis.com/google.cloud.run.v2.Revision";
/// Where a v2 `description` lives in the model, which has no such field.
pub const ANNOTATION_DESCRIPTION: &str = "run.googleapis.com/description";

const LATEST: &str = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
const REVISION: &str = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

// === requests ===

/// `google.cloud.run.v2.Service` as a client sends it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// Some fields are listed only so that `deny_unknown_fields` knows them.
#[allow(dead_code)]
struct V2Service {
    name: Option<String>,
    description: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
    template: Option<V2Template>,
    traffic: Option<Vec<V2Traffic>>,
    etag: Option<String>,
    ingress: Option<Value>,
    // Accepted and not kept: they describe the client or the API's stage, not the service.
    client: Option<Value>,
    client_version: Option<Value>,
    launch_stage: Option<Value>,
    // Refused when set: runlane has no such feature.
    binary_authorization: Option<Value>,
    scaling: Option<Value>,
    invoker_iam_disabled: Option<Value>,
    default_uri_disabled: Option<Value>,
    iap_enabled: Option<Value>,
    multi_region_settings: Option<Value>,
    custom_audiences: Option<Value>,
    build_config: Option<Value>,
    // Output only: a client that read the service sends them back; they are ignored.
    uid: Option<Value>,
    generation: Option<Value>,
    create_time: Option<Value>,
    update_time: Option<Value>,
    delete_time: Option<Value>,
    expire_time: Option<Value>,
    creator: Option<Value>,
    last_modifier: Option<Value>,
    urls: Option<Value>,
    observed_generation: Option<Value>,
    terminal_condition: Option<Value>,
    conditions: Option<Value>,
    latest_ready_revision: Option<Value>,
    latest_created_revision: Option<Value>,
    traffic_statuses: Option<Value>,
    uri: Option<Value>,
    satisfies_pzs: Option<Value>,
    threat_detection_enabled: Option<Value>,
    reconciling: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// Some fields are listed only so that `deny_unknown_fields` knows them.
#[allow(dead_code)]
struct V2Template {
    revision: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
    scaling: Option<V2Scaling>,
    timeout: Option<String>,
    service_account: Option<String>,
    containers: Option<Vec<V2Container>>,
    max_instance_request_concurrency: Option<i64>,
    // Accepted: runlane has one execution environment, and instances keep no session.
    execution_environment: Option<Value>,
    // Refused when set.
    session_affinity: Option<Value>,
    health_check_disabled: Option<Value>,
    vpc_access: Option<Value>,
    volumes: Option<Value>,
    encryption_key: Option<Value>,
    service_mesh: Option<Value>,
    encryption_key_revocation_action: Option<Value>,
    encryption_key_shutdown_duration: Option<Value>,
    node_selector: Option<Value>,
    gpu_zonal_redundancy_disabled: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2Scaling {
    min_instance_count: Option<i64>,
    max_instance_count: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// Some fields are listed only so that `deny_unknown_fields` knows them.
#[allow(dead_code)]
struct V2Container {
    name: Option<String>,
    image: Option<String>,
    command: Option<Vec<String>>,
    args: Option<Vec<String>>,
    env: Option<Vec<V2Env>>,
    resources: Option<V2Resources>,
    ports: Option<Vec<V2Port>>,
    working_dir: Option<String>,
    liveness_probe: Option<V2Probe>,
    startup_probe: Option<V2Probe>,
    // Refused when set.
    readiness_probe: Option<Value>,
    volume_mounts: Option<Value>,
    depends_on: Option<Value>,
    base_image_uri: Option<Value>,
    source_code: Option<Value>,
    // Output only.
    build_info: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2Env {
    name: String,
    value: Option<String>,
    value_source: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// Some fields are listed only so that `deny_unknown_fields` knows them.
#[allow(dead_code)]
struct V2Resources {
    limits: Option<BTreeMap<String, String>>,
    // Accepted: CPU is never throttled between requests in runlane, nor boosted at start.
    cpu_idle: Option<Value>,
    startup_cpu_boost: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2Port {
    name: Option<String>,
    container_port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2Probe {
    initial_delay_seconds: Option<i64>,
    timeout_seconds: Option<i64>,
    period_seconds: Option<i64>,
    failure_threshold: Option<i64>,
    http_get: Option<V2HttpGet>,
    tcp_socket: Option<Value>,
    grpc: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2HttpGet {
    path: Option<String>,
    http_headers: Option<Value>,
    port: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V2Traffic {
    #[serde(rename = "type")]
    kind: Option<Value>,
    revision: Option<String>,
    percent: Option<i64>,
    tag: Option<String>,
}

/// Whether a JSON value is its proto3 default (absent on the wire): null, false, 0, "",
/// an empty list or object, or an enum's `…_UNSPECIFIED`.
fn is_default(v: &Option<Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => !b,
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::String(s)) => s.is_empty() || s.ends_with("_UNSPECIFIED"),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
    }
}

fn refuse_set(errors: &mut FieldErrors, field: &str, value: &Option<Value>, what: &str) {
    if !is_default(value) {
        errors.push(field.to_owned(), format!("is not supported by runlane ({what}); leave it unset"));
    }
}

/// The JSON body of a create or update, as a write of `namespace`/`name` (the project
/// and the service id). `location` is the region the path names. Field paths in errors
/// start at `service.`, as the request's field is named.
pub fn service_write(body: &[u8], namespace: &str, name: &str, full_name: &str) -> Result<ServiceWrite, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let s: V2Service = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path == "?" || path.is_empty() {
            ApiError::field("service", format!("is not a valid google.cloud.run.v2.Service JSON object: {inner}"))
        } else {
            ApiError::field(format!("service.{path}"), inner.to_string())
        }
    })?;
    let mut errors = FieldErrors::default();
    if let Some(n) = s.name.as_deref().filter(|n| !n.is_empty() && *n != full_name) {
        errors.push("service.name", format!("{n:?} does not match the service the request addresses ({full_name:?}); leave it empty or send the same name"));
    }
    for (field, value, what) in [
        ("service.binaryAuthorization", &s.binary_authorization, "no Binary Authorization"),
        ("service.scaling", &s.scaling, "service-level scaling; set template.scaling for each revision"),
        ("service.invokerIamDisabled", &s.invoker_iam_disabled, "who may invoke a service is its IAM policy: grant roles/run.invoker to allUsers with setIamPolicy"),
        ("service.defaultUriDisabled", &s.default_uri_disabled, "every service has its URL"),
        ("service.iapEnabled", &s.iap_enabled, "no Identity-Aware Proxy"),
        ("service.multiRegionSettings", &s.multi_region_settings, "one machine, one region per service"),
        ("service.customAudiences", &s.custom_audiences, "identity tokens have one audience"),
        ("service.buildConfig", &s.build_config, "runlane runs images, it does not build them"),
    ] {
        refuse_set(&mut errors, field, value, what);
    }
    match &s.ingress {
        None | Some(Value::Null) => {}
        Some(v) if v == 1 || v == 0 || v == "INGRESS_TRAFFIC_ALL" || v == "INGRESS_TRAFFIC_UNSPECIFIED" => {}
        Some(v) => errors.push("service.ingress", format!("{v} is not supported: runlane's router takes traffic from wherever it listens; use INGRESS_TRAFFIC_ALL")),
    }
    let resource_version = match s.etag.as_deref().filter(|e| !e.is_empty()) {
        None => None,
        Some(e) => match parse_etag(e) {
            Some(v) => Some(v),
            None => {
                errors.push("service.etag", format!("{e:?} is not an etag runlane gave out; send back the one you read, or leave it out"));
                None
            }
        },
    };
    let template = template(s.template.unwrap_or_default(), &mut errors);
    let traffic = s.traffic.unwrap_or_default().into_iter().enumerate().filter_map(|(i, t)| traffic_target(i, t, &mut errors)).collect();
    let mut annotations = s.annotations.unwrap_or_default();
    annotations.remove(ANNOTATION_DESCRIPTION);
    if let Some(d) = s.description.filter(|d| !d.is_empty()) {
        annotations.insert(ANNOTATION_DESCRIPTION.to_owned(), d);
    }
    errors.into_result().map_err(ApiError::invalid)?;
    Ok(ServiceWrite {
        namespace: namespace.to_owned(),
        name: name.to_owned(),
        labels: s.labels.unwrap_or_default(),
        annotations,
        spec: ServiceSpec { template, traffic },
        resource_version,
    })
}

fn template(t: V2Template, errors: &mut FieldErrors) -> RevisionTemplate {
    const T: &str = "service.template";
    for (field, value, what) in [
        ("sessionAffinity", &t.session_affinity, "requests are spread over instances"),
        ("healthCheckDisabled", &t.health_check_disabled, "an instance gets traffic once its port answers"),
        ("vpcAccess", &t.vpc_access, "no VPC"),
        ("volumes", &t.volumes, "no volumes"),
        ("encryptionKey", &t.encryption_key, "no customer-managed keys"),
        ("serviceMesh", &t.service_mesh, "no service mesh"),
        ("encryptionKeyRevocationAction", &t.encryption_key_revocation_action, "no customer-managed keys"),
        ("encryptionKeyShutdownDuration", &t.encryption_key_shutdown_duration, "no customer-managed keys"),
        ("nodeSelector", &t.node_selector, "one machine"),
        ("gpuZonalRedundancyDisabled", &t.gpu_zonal_redundancy_disabled, "no GPUs"),
    ] {
        refuse_set(errors, &format!("{T}.{field}"), value, what);
    }
    let mut annotations = t.annotations.unwrap_or_default();
    if let Some(scaling) = t.scaling {
        for (count, key, field) in [
            (scaling.min_instance_count, ANNOTATION_MIN_SCALE, "minInstanceCount"),
            (scaling.max_instance_count, ANNOTATION_MAX_SCALE, "maxInstanceCount"),
        ] {
            // Zero is proto3's unset: no minimum, the default maximum.
            if let Some(n) = int_in(count, &format!("{T}.scaling.{field}"), 0, i64::from(i32::MAX), errors).filter(|n| *n > 0) {
                annotations.insert(key.to_owned(), n.to_string());
            }
        }
    }
    let timeout_seconds = t.timeout.as_deref().and_then(|text| {
        let field = format!("{T}.timeout");
        match duration::parse_google(text).and_then(|d| duration::whole_seconds(text, d)) {
            Ok(secs) => Some(u32::try_from(secs).unwrap_or(u32::MAX)),
            Err(why) => {
                errors.push(field, why);
                None
            }
        }
    });
    let mut containers = t.containers.unwrap_or_default();
    if containers.len() > 1 {
        errors.push(format!("{T}.containers"), format!("{} containers given; runlane runs exactly one container per revision", containers.len()));
    }
    let c = if containers.is_empty() { V2Container::default() } else { containers.swap_remove(0) };
    let container = container(c, errors);
    RevisionTemplate {
        name: t.revision.filter(|n| !n.is_empty()),
        labels: t.labels.unwrap_or_default(),
        annotations,
        // Zero is proto3's unset: Cloud Run's default of 80.
        container_concurrency: int_in(t.max_instance_request_concurrency, &format!("{T}.maxInstanceRequestConcurrency"), 0, i64::from(u32::MAX), errors)
            .filter(|n| *n > 0)
            .map(|n| n as u32),
        timeout_seconds,
        service_account_name: t.service_account.filter(|s| !s.is_empty()),
        container,
    }
}

fn container(c: V2Container, errors: &mut FieldErrors) -> Container {
    const C0: &str = "service.template.containers[0]";
    for (field, value, what) in [
        ("readinessProbe", &c.readiness_probe, "use startupProbe: an instance gets traffic once it passes"),
        ("volumeMounts", &c.volume_mounts, "no volumes"),
        ("dependsOn", &c.depends_on, "one container per revision"),
        ("baseImageUri", &c.base_image_uri, "no automatic base image updates"),
        ("sourceCode", &c.source_code, "runlane runs images, it does not build them"),
    ] {
        refuse_set(errors, &format!("{C0}.{field}"), value, what);
    }
    let env = c
        .env
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            if !is_default(&e.value_source) {
                errors.push(format!("{C0}.env[{i}].valueSource"), "is not supported by runlane (no Secret Manager); give the value directly with value");
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
    Container {
        name: c.name.filter(|n| !n.is_empty()),
        image: c.image.unwrap_or_default(),
        command: c.command.unwrap_or_default(),
        args: c.args.unwrap_or_default(),
        env,
        port,
        limits: c.resources.and_then(|r| r.limits).unwrap_or_default(),
        working_dir: c.working_dir.filter(|w| !w.is_empty()),
        startup_probe: c.startup_probe.and_then(|p| probe(p, &format!("{C0}.startupProbe"), errors)),
        liveness_probe: c.liveness_probe.and_then(|p| probe(p, &format!("{C0}.livenessProbe"), errors)),
    }
}

fn probe(p: V2Probe, field: &str, errors: &mut FieldErrors) -> Option<Probe> {
    if !is_default(&p.grpc) {
        errors.push(format!("{field}.grpc"), "gRPC probes are not supported; use tcpSocket or httpGet");
        return None;
    }
    let action = match (p.tcp_socket, p.http_get) {
        (Some(_), Some(_)) => {
            errors.push(field.to_owned(), "give one of tcpSocket or httpGet, not both");
            return None;
        }
        (_, Some(h)) => {
            if !is_default(&h.http_headers) {
                errors.push(format!("{field}.httpGet.httpHeaders"), "is not supported by runlane; the probe sends a plain GET");
            }
            if !is_default(&h.port) {
                errors.push(format!("{field}.httpGet.port"), "is not supported by runlane; the probe uses the container's port");
            }
            ProbeAction::HttpGet { path: h.path.filter(|p| !p.is_empty()).unwrap_or_else(|| "/".into()) }
        }
        (_, None) => ProbeAction::TcpSocket,
    };
    let initial_delay_seconds = int_in(p.initial_delay_seconds, &format!("{field}.initialDelaySeconds"), 0, 3600, errors).map_or(0, |v| v as u32);
    // Zero is proto3's unset: Cloud Run's defaults.
    let mut secs = |v: Option<i64>, name: &str, default: u32| int_in(v.filter(|v| *v != 0), &format!("{field}.{name}"), 1, 3600, errors).map_or(default, |v| v as u32);
    Some(Probe {
        action,
        initial_delay_seconds,
        period_seconds: secs(p.period_seconds, "periodSeconds", 10),
        timeout_seconds: secs(p.timeout_seconds, "timeoutSeconds", 1),
        failure_threshold: secs(p.failure_threshold, "failureThreshold", 3),
    })
}

/// `TrafficTargetAllocationType` as a client sends it: the name, or its number (the
/// client libraries send numbers).
fn allocation_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::Null => Some(""),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(""),
            Some(1) => Some(LATEST),
            Some(2) => Some(REVISION),
            _ => None,
        },
        Value::String(s) => match s.as_str() {
            "" | "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED" => Some(""),
            LATEST => Some(LATEST),
            REVISION => Some(REVISION),
            _ => None,
        },
        _ => None,
    }
}

fn traffic_target(i: usize, t: V2Traffic, errors: &mut FieldErrors) -> Option<TrafficTarget> {
    let field = |f: &str| format!("service.traffic[{i}].{f}");
    let revision_name = t.revision.filter(|r| !r.is_empty());
    let revision = match (t.kind.as_ref().map_or(Some(""), allocation_type), revision_name) {
        (None, _) => {
            errors.push(field("type"), format!("{} is not an allocation type; use {LATEST} or {REVISION}", t.kind.unwrap_or_default()));
            return None;
        }
        (Some(LATEST), Some(_)) => {
            errors.push(field("revision"), format!("must be empty when type is {LATEST}; use {REVISION} to name a revision"));
            return None;
        }
        (Some(LATEST), None) => TargetRevision::Latest,
        (Some(_), Some(name)) => TargetRevision::Named(name),
        (Some(REVISION), None) => {
            errors.push(field("revision"), format!("is required when type is {REVISION}: name the revision"));
            return None;
        }
        (Some(_), None) => {
            errors.push(field("type"), format!("is required: use {LATEST} for the latest ready revision, or {REVISION} with a revision name"));
            return None;
        }
    };
    let tag = t.tag.filter(|t| !t.is_empty());
    let percent = match t.percent {
        // proto3 drops a zero percent from the wire: an entry with a tag and no percent
        // only names the tag, as a tag-only Knative entry does.
        None | Some(0) if tag.is_some() => None,
        None => Some(Percent::ZERO),
        Some(p) => match u32::try_from(p).ok().and_then(Percent::from_whole) {
            Some(p) => Some(p),
            None => {
                errors.push(field("percent"), format!("{p} is not a percent; use a whole number from 0 to 100"));
                return None;
            }
        },
    };
    Some(TrafficTarget { revision, percent, tag })
}

/// v2 etags are the service's resourceVersion, quoted as HTTP entity tags are.
pub fn etag(resource_version: u64) -> String {
    format!("\"{resource_version}\"")
}

pub fn parse_etag(text: &str) -> Option<u64> {
    text.trim_start_matches("W/").trim_matches('"').parse().ok()
}

/// Renames a model error's Knative field paths (`spec.template.spec.containers[0].image`)
/// to the v2 request's (`service.template.containers[0].image`); `metadata.name` is the
/// `serviceId` of a create.
pub fn v2_error(e: ApiError) -> ApiError {
    if e.violations.is_empty() {
        return e;
    }
    let mut renamed = FieldErrors::default();
    for v in e.violations.0 {
        renamed.push(v2_field(&v.field), v.description);
    }
    ApiError { code: e.code, status: e.status, ..ApiError::invalid(renamed) }
}

fn v2_field(field: &str) -> String {
    const RENAMES: &[(&str, &str)] = &[
        ("spec.template.metadata.annotations[autoscaling.knative.dev/minScale]", "service.template.scaling.minInstanceCount"),
        ("spec.template.metadata.annotations[autoscaling.knative.dev/maxScale]", "service.template.scaling.maxInstanceCount"),
        ("spec.template.metadata.name", "service.template.revision"),
        ("spec.template.metadata.", "service.template."),
        ("spec.template.spec.containerConcurrency", "service.template.maxInstanceRequestConcurrency"),
        ("spec.template.spec.timeoutSeconds", "service.template.timeout"),
        ("spec.template.spec.serviceAccountName", "service.template.serviceAccount"),
        ("spec.template.spec.", "service.template."),
        ("spec.traffic", "service.traffic"),
        ("metadata.name", "serviceId"),
        ("metadata.namespace", "parent"),
        ("metadata.", "service."),
    ];
    for (from, to) in RENAMES {
        if let Some(rest) = field.strip_prefix(from) {
            let rest = if from.starts_with("spec.traffic") { rest.replace("].revisionName", "].revision").replace("].latestRevision", "].type") } else { rest.to_owned() };
            return format!("{to}{rest}");
        }
    }
    field.to_owned()
}

// === replies ===

fn timestamp(millis: UnixMillis) -> String {
    rfc3339(millis)
}

/// A v1 (Knative) condition as a `google.cloud.run.v2.Condition`.
fn condition_v2(c: &Value) -> Value {
    let state = match c["status"].as_str() {
        Some("True") => "CONDITION_SUCCEEDED",
        Some("False") => "CONDITION_FAILED",
        _ => "CONDITION_RECONCILING",
    };
    let mut v = json!({ "type": c["type"], "state": state, "lastTransitionTime": c["lastTransitionTime"] });
    let reason = c["reason"].as_str().unwrap_or("");
    if let Some(m) = c["message"].as_str() {
        v["message"] = json!(m);
    } else if !reason.is_empty() {
        v["message"] = json!(reason);
    }
    // `reason` is an enum in v2: only the reasons it has a name for travel there.
    match reason {
        "RevisionFailed" | "RevisionMissing" => v["reason"] = json!("REVISION_FAILED"),
        "ProgressDeadlineExceeded" => v["reason"] = json!("PROGRESS_DEADLINE_EXCEEDED"),
        "ContainerMissing" | "ImagePullBackOff" | "ErrImagePull" => v["reason"] = json!("CONTAINER_MISSING"),
        "Deploying" | "PullingImage" => v["revisionReason"] = json!("PENDING"),
        _ => {}
    }
    if state == "CONDITION_FAILED" {
        v["severity"] = json!("ERROR");
    } else if c["severity"] == "Info" {
        v["severity"] = json!("INFO");
    }
    v
}

fn percent_v2(p: Percent) -> u32 {
    // v2 percents are whole numbers; a split set in basis points through v1 is rounded.
    (p.basis_points() + 50) / 100
}

/// A template's fields as v2 spells them, shared by `Service.template` and `Revision`.
/// Only what was set is shown, so a client that sends back what it read changes nothing.
fn template_fields(t: &RevisionTemplate, out: &mut Map<String, Value>) {
    let mut annotations = t.annotations.clone();
    let mut scaling = Map::new();
    for (key, field) in [(ANNOTATION_MIN_SCALE, "minInstanceCount"), (ANNOTATION_MAX_SCALE, "maxInstanceCount")] {
        if let Some(n) = annotations.get(key).and_then(|v| v.parse::<i32>().ok()) {
            scaling.insert(field.into(), json!(n));
            annotations.remove(key);
        }
    }
    if !scaling.is_empty() {
        out.insert("scaling".into(), Value::Object(scaling));
    }
    if let Some(ts) = t.timeout_seconds {
        out.insert("timeout".into(), json!(format!("{ts}s")));
    }
    if let Some(sa) = &t.service_account_name {
        out.insert("serviceAccount".into(), json!(sa));
    }
    out.insert("containers".into(), json!([container_json(&t.container)]));
    if let Some(cc) = t.container_concurrency {
        out.insert("maxInstanceRequestConcurrency".into(), json!(cc));
    }
    if !annotations.is_empty() {
        out.insert("annotations".into(), json!(annotations));
    }
}

fn container_json(c: &Container) -> Value {
    let mut v = Map::new();
    if let Some(n) = &c.name {
        v.insert("name".into(), json!(n));
    }
    v.insert("image".into(), json!(c.image));
    if !c.command.is_empty() {
        v.insert("command".into(), json!(c.command));
    }
    if !c.args.is_empty() {
        v.insert("args".into(), json!(c.args));
    }
    if !c.env.is_empty() {
        v.insert("env".into(), c.env.iter().map(|e| json!({ "name": e.name, "value": e.value })).collect());
    }
    if !c.limits.is_empty() {
        v.insert("resources".into(), json!({ "limits": c.limits }));
    }
    if let Some(p) = &c.port {
        let mut port = json!({ "containerPort": p.container_port });
        if let Some(n) = &p.name {
            port["name"] = json!(n);
        }
        v.insert("ports".into(), json!([port]));
    }
    if let Some(w) = &c.working_dir {
        v.insert("workingDir".into(), json!(w));
    }
    for (key, probe) in [("startupProbe", &c.startup_probe), ("livenessProbe", &c.liveness_probe)] {
        if let Some(p) = probe {
            v.insert(key.into(), crate::wire::probe_json(p));
        }
    }
    Value::Object(v)
}

fn traffic_v2(t: &TrafficTarget) -> Value {
    let mut v = Map::new();
    match &t.revision {
        TargetRevision::Latest => {
            v.insert("type".into(), json!(LATEST));
        }
        TargetRevision::Named(n) => {
            v.insert("type".into(), json!(REVISION));
            v.insert("revision".into(), json!(n));
        }
        TargetRevision::Created => {
            v.insert("type".into(), json!(REVISION));
        }
    }
    if let Some(p) = t.percent.map(percent_v2).filter(|p| *p > 0) {
        v.insert("percent".into(), json!(p));
    }
    if let Some(tag) = &t.tag {
        v.insert("tag".into(), json!(tag));
    }
    Value::Object(v)
}

/// Labels a v2 reply shows: the location label is the resource name's, not the user's.
fn user_labels(labels: &Labels) -> Labels {
    labels.iter().filter(|(k, _)| k.as_str() != crate::cloudrun::LABEL_LOCATION).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// `google.cloud.run.v2.Service`; `parent` is `projects/P/locations/L`.
pub fn service_json(view: &ServiceView, parent: &str) -> Value {
    let s = &view.service;
    let st = &view.status;
    let name = format!("{parent}/services/{}", s.meta.name);
    let revision_name = |r: &str| format!("{name}/revisions/{r}");
    let conditions: Vec<Value> = crate::wire::service_conditions(view).iter().map(condition_v2).collect();
    let (terminal, others): (Vec<Value>, Vec<Value>) = conditions.into_iter().partition(|c| c["type"] == "Ready");
    let terminal = terminal.into_iter().next().unwrap_or_else(|| json!({ "type": "Ready", "state": "CONDITION_RECONCILING" }));
    let reconciling = terminal["state"] == "CONDITION_RECONCILING";
    let mut template = Map::new();
    if let Some(n) = &s.spec.template.name {
        template.insert("revision".into(), json!(n));
    }
    if !s.spec.template.labels.is_empty() {
        template.insert("labels".into(), json!(s.spec.template.labels));
    }
    template_fields(&s.spec.template, &mut template);
    let traffic: Vec<Value> = if s.spec.traffic.is_empty() { vec![json!({ "type": LATEST, "percent": 100 })] } else { s.spec.traffic.iter().map(traffic_v2).collect() };
    let traffic_statuses: Vec<Value> = st
        .traffic
        .iter()
        .map(|t| {
            let mut v = Map::new();
            v.insert("type".into(), json!(if t.target.latest_revision { LATEST } else { REVISION }));
            if let Some(r) = &t.target.revision {
                v.insert("revision".into(), json!(r));
            }
            if let Some(p) = t.target.percent.map(percent_v2).filter(|p| *p > 0) {
                v.insert("percent".into(), json!(p));
            }
            if let Some(tag) = &t.target.tag {
                v.insert("tag".into(), json!(tag));
            }
            if let Some(u) = &t.url {
                v.insert("uri".into(), json!(u));
            }
            Value::Object(v)
        })
        .collect();
    let mut annotations = s.meta.annotations.clone();
    let description = annotations.remove(ANNOTATION_DESCRIPTION);
    let mut v = json!({
        "name": name,
        "uid": s.meta.uid,
        "generation": s.meta.generation.to_string(),
        "createTime": timestamp(s.meta.created),
        "updateTime": timestamp(s.updated.max(s.meta.created)),
        "creator": "runlane",
        "lastModifier": "runlane",
        "launchStage": "GA",
        "ingress": "INGRESS_TRAFFIC_ALL",
        "template": Value::Object(template),
        "traffic": traffic,
        "observedGeneration": st.observed_generation.to_string(),
        "terminalCondition": terminal,
        "conditions": others,
        "trafficStatuses": traffic_statuses,
        "uri": st.url,
        "urls": [st.url],
        "reconciling": reconciling,
        "etag": etag(s.meta.resource_version),
    });
    let labels = user_labels(&s.meta.labels);
    if !labels.is_empty() {
        v["labels"] = json!(labels);
    }
    if !annotations.is_empty() {
        v["annotations"] = json!(annotations);
    }
    if let Some(d) = description {
        v["description"] = json!(d);
    }
    if let Some(n) = &st.latest_created {
        v["latestCreatedRevision"] = json!(revision_name(n));
    }
    if let Some(n) = &st.latest_ready {
        v["latestReadyRevision"] = json!(revision_name(n));
    }
    v
}

/// `google.cloud.run.v2.Revision`; `parent` is `projects/P/locations/L`.
pub fn revision_json(view: &RevisionView, parent: &str) -> Value {
    let r = &view.revision;
    let service = format!("{parent}/services/{}", r.service);
    let conditions: Vec<Value> = crate::wire::revision_conditions(view).iter().map(condition_v2).collect();
    let reconciling = conditions.first().is_some_and(|c| c["state"] == "CONDITION_RECONCILING");
    let mut v = Map::new();
    v.insert("name".into(), json!(format!("{service}/revisions/{}", r.meta.name)));
    v.insert("uid".into(), json!(r.meta.uid));
    v.insert("generation".into(), json!(r.meta.generation.to_string()));
    let labels = user_labels(&r.meta.labels);
    if !labels.is_empty() {
        v.insert("labels".into(), json!(labels));
    }
    v.insert("createTime".into(), json!(timestamp(r.meta.created)));
    v.insert("updateTime".into(), json!(timestamp(r.meta.created)));
    v.insert("launchStage".into(), json!("GA"));
    v.insert("service".into(), json!(service));
    template_fields(&r.template, &mut v);
    v.insert("reconciling".into(), json!(reconciling));
    v.insert("conditions".into(), json!(conditions));
    v.insert("observedGeneration".into(), json!(r.meta.generation.to_string()));
    v.insert("creator".into(), json!("runlane"));
    v.insert("etag".into(), json!(etag(r.meta.resource_version)));
    Value::Object(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "projects/default/locations/us-central1/services/jokes";

    fn write(body: Value) -> Result<ServiceWrite, ApiError> {
        service_write(body.to_string().as_bytes(), "default", "jokes", NAME)
    }

    fn fields(body: Value) -> Vec<(String, String)> {
        write(body).unwrap_err().violations.0.into_iter().map(|v| (v.field, v.description)).collect()
    }

    #[test]
    fn client_library_body_parses() {
        // What google-cloud-run sends: enums as numbers, zeros left out, output-only
        // fields echoed from a read.
        let w = write(json!({
            "name": NAME, "uid": "u", "generation": "3", "uri": "http://jokes.localhost", "reconciling": false,
            "description": "tells jokes", "labels": {"team": "fun"}, "ingress": 1, "launchStage": 4,
            "template": {
                "revision": "jokes-v2", "scaling": {"minInstanceCount": 1, "maxInstanceCount": 3},
                "timeout": "30s", "maxInstanceRequestConcurrency": 5,
                "containers": [{"image": "runlane/hello", "env": [{"name": "A", "value": "1"}],
                    "ports": [{"containerPort": 8080}], "resources": {"limits": {"memory": "256Mi"}, "cpuIdle": true},
                    "startupProbe": {"httpGet": {"path": "/ready"}, "periodSeconds": 2}}]
            },
            "traffic": [{"type": 1, "percent": 90}, {"type": 2, "revision": "jokes-v1", "percent": 10, "tag": "old"}, {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", "revision": "jokes-v1", "tag": "blue"}],
            "etag": "\"7\"",
        }))
        .unwrap();
        assert_eq!(w.resource_version, Some(7));
        assert_eq!(w.annotations.get(ANNOTATION_DESCRIPTION).map(String::as_str), Some("tells jokes"));
        let t = &w.spec.template;
        assert_eq!(t.name.as_deref(), Some("jokes-v2"));
        assert_eq!(t.annotations.get(ANNOTATION_MIN_SCALE).map(String::as_str), Some("1"));
        assert_eq!(t.annotations.get(ANNOTATION_MAX_SCALE).map(String::as_str), Some("3"));
        assert_eq!((t.timeout_seconds, t.container_concurrency), (Some(30), Some(5)));
        assert_eq!(t.container.env, vec![EnvVar { name: "A".into(), value: "1".into() }]);
        assert_eq!(t.container.port.as_ref().map(|p| p.container_port), Some(8080));
        assert_eq!(t.container.limits.get("memory").map(String::as_str), Some("256Mi"));
        assert_eq!(t.container.startup_probe.as_ref().map(|p| (&p.action, p.period_seconds)), Some((&ProbeAction::HttpGet { path: "/ready".into() }, 2)));
        assert_eq!(
            w.spec.traffic,
            vec![
                TrafficTarget::latest(Percent::from_whole(90).unwrap()),
                TrafficTarget::named("jokes-v1", Percent::from_whole(10), Some("old")),
                TrafficTarget::named("jokes-v1", None, Some("blue")),
            ]
        );
    }

    #[test]
    fn errors_name_the_v2_field() {
        let got = fields(json!({"templat": {}}));
        assert_eq!(got[0].0, "service.templat");
        assert!(got[0].1.contains("unknown field `templat`"), "{got:?}");
        let got = fields(json!({"template": {"containers": [{"image": "x", "ports": [{"containerPort": 70000}]}]}, "traffic": [{"type": 2}, {"type": 9}, {"type": 1, "percent": 101}], "scaling": {"minInstanceCount": 1}, "etag": "abc"}));
        let names: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            ["service.scaling", "service.etag", "service.template.containers[0].ports[0].containerPort", "service.traffic[0].revision", "service.traffic[1].type", "service.traffic[2].percent"]
        );
        let got = fields(json!({"template": {"containers": [{"image": "x", "env": [{"name": "A", "valueSource": {"secretKeyRef": {"secret": "s"}}}]}], "timeout": "soon"}}));
        let names: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["service.template.timeout", "service.template.containers[0].env[0].valueSource"]);
        let got = fields(json!({"name": "projects/default/locations/us-central1/services/other"}));
        assert_eq!(got[0].0, "service.name");
    }

    #[test]
    fn model_fields_are_renamed() {
        for (v1, v2) in [
            ("spec.template.spec.containers[0].image", "service.template.containers[0].image"),
            ("spec.template.spec.containerConcurrency", "service.template.maxInstanceRequestConcurrency"),
            ("spec.template.metadata.name", "service.template.revision"),
            ("spec.template.metadata.annotations[autoscaling.knative.dev/maxScale]", "service.template.scaling.maxInstanceCount"),
            ("spec.traffic[1].revisionName", "service.traffic[1].revision"),
            ("spec.traffic", "service.traffic"),
            ("metadata.name", "serviceId"),
            ("metadata.labels[x]", "service.labels[x]"),
        ] {
            assert_eq!(v2_field(v1), v2, "{v1}");
        }
    }

    #[test]
    fn conditions_map_to_v2_states() {
        let failed = condition_v2(&json!({"type": "Ready", "status": "False", "reason": "RevisionFailed", "message": "boom", "lastTransitionTime": "2026-12-07T00:00:00Z"}));
        assert_eq!(failed, json!({"type": "Ready", "state": "CONDITION_FAILED", "reason": "REVISION_FAILED", "message": "boom", "severity": "ERROR", "lastTransitionTime": "2026-12-07T00:00:00Z"}));
        let ok = condition_v2(&json!({"type": "Ready", "status": "True", "lastTransitionTime": "t"}));
        assert_eq!(ok["state"], "CONDITION_SUCCEEDED");
        assert!(ok.get("reason").is_none());
        assert_eq!(condition_v2(&json!({"type": "Ready", "status": "Unknown", "reason": "Deploying"}))["state"], "CONDITION_RECONCILING");
    }

    #[test]
    fn etags_round_trip() {
        assert_eq!(parse_etag(&etag(42)), Some(42));
        assert_eq!(parse_etag("W/\"42\""), Some(42));
        assert_eq!(parse_etag("x"), None);
    }

    #[test]
    fn templates_render_only_what_is_set() {
        let mut t = RevisionTemplate::default();
        t.container.image = "runlane/hello".into();
        t.annotations.insert(ANNOTATION_MAX_SCALE.into(), "4".into());
        let mut out = Map::new();
        template_fields(&t, &mut out);
        assert_eq!(Value::Object(out), json!({"scaling": {"maxInstanceCount": 4}, "containers": [{"image": "runlane/hello"}]}));
    }
}
