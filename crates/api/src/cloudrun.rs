//! What unmodified gcloud needs besides the Knative paths, so that `gcloud run …` drives
//! runlane as it drives Cloud Run:
//!
//! - **Regions.** gcloud derives a regional endpoint by putting `{region}-` in front of
//!   the host of its `api_endpoint_overrides/run` (`us-central1-run.localhost`).
//!   [`HostRegion`] reads it back; services carry the region as the label
//!   `cloud.googleapis.com/location` (which gcloud shows as REGION), and a regional
//!   request sees only the services of its region. Without a region prefix (the runlane
//!   CLI, curl) every service is visible.
//! - **Cloud Run Admin API v1** ("One Platform") paths under
//!   `/v1/projects/{project}/locations/{region}/services`: the cross-region list, and
//!   the IAM calls `:getIamPolicy`, `:setIamPolicy`, `:testIamPermissions`.
//! - **serviceusage** (`run.googleapis.com` is always enabled) and **Cloud Resource
//!   Manager** (a project number for `services replace` of a YAML with a namespace).
//!
//! The project is the Knative namespace. Runlane does not authenticate yet, so
//! `testIamPermissions` grants what is asked.

use crate::error::ApiError;
use crate::wire;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_controller::{Controller, ServiceView};
use runlane_model::iam::{Binding, IamPolicy};
use runlane_model::write::ServiceWrite;
use runlane_model::{FieldErrors, Service};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::convert::Infallible;

/// The label Cloud Run puts on services (and revisions) to say where they run.
pub const LABEL_LOCATION: &str = "cloud.googleapis.com/location";
/// The region of services created without one (through the plain API host).
pub const DEFAULT_REGION: &str = "us-central1";

/// The One Platform routes; `lib::router` merges them with the Knative ones.
pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route("/v1/projects/{project}", get(project))
        .route(
            "/v1/projects/{project}/services:batchEnable",
            post(batch_enable),
        )
        .route(
            "/v1/projects/{project}/services/{api}",
            get(api_state).post(api_enable),
        )
        .route("/v1/projects/{project}/locations", get(locations))
        .route(
            "/v1/projects/{project}/locations/{location}/services",
            get(list_services),
        )
        // `{name}:getIamPolicy` is one path segment; matchit cannot split it, so we do.
        .route(
            "/v1/projects/{project}/locations/{location}/services/{rest}",
            get(service_call).post(service_call),
        )
}

// === regions ===

/// The region gcloud addressed through the host name (`europe-west1-run.localhost:8484`),
/// or None for a plain host.
#[derive(Debug, Clone, Default)]
pub struct HostRegion(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for HostRegion {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| parts.uri.host());
        Ok(HostRegion(
            host.and_then(region_from_host).map(str::to_owned),
        ))
    }
}

impl HostRegion {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// `us-central1-run.localhost:8484` → `us-central1`: a region name (`LETTERS-LETTERSDIGIT`)
/// followed by `-` and the rest of the first DNS label.
pub fn region_from_host(host: &str) -> Option<&str> {
    if host.starts_with('[') {
        return None;
    }
    let host = host.split(':').next()?;
    let label = host.split('.').next()?;
    let mut parts = label.splitn(3, '-');
    let (area, place, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let area_ok = !area.is_empty() && area.bytes().all(|b| b.is_ascii_lowercase());
    let place_ok = place.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && place.bytes().last().is_some_and(|b| b.is_ascii_digit())
        && place
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (area_ok && place_ok && !rest.is_empty()).then(|| &label[..area.len() + 1 + place.len()])
}

/// Where a service runs: its location label, or the default region.
pub fn region_of(service: &Service) -> &str {
    service
        .meta
        .labels
        .get(LABEL_LOCATION)
        .map_or(DEFAULT_REGION, String::as_str)
}

/// Whether a request addressed to `region` (None: every region) sees `service`.
pub fn visible(service: &Service, region: Option<&str>) -> bool {
    region.is_none_or(|r| r == region_of(service))
}

/// `view`, or 404 when it lives in another region than the one addressed.
pub fn in_region(view: ServiceView, region: Option<&str>) -> Result<ServiceView, ApiError> {
    match region {
        Some(r) if !visible(&view.service, Some(r)) => Err(not_in_region(&view.service, r)),
        _ => Ok(view),
    }
}

fn not_in_region(service: &Service, region: &str) -> ApiError {
    ApiError::not_found(format!(
        "service {:?} does not exist in region {region:?} of namespace {:?} (it runs in {:?}); use --region {}",
        service.meta.name,
        service.meta.namespace,
        region_of(service),
        region_of(service)
    ))
}

/// Labels a service write with its region: the one addressed, else the one the body
/// names, else the one it has, else the default. A body naming another region than
/// the one addressed is refused.
pub fn locate_write(
    write: &mut ServiceWrite,
    addressed: Option<&str>,
    existing: Option<&Service>,
) -> Result<(), ApiError> {
    let given = write.labels.get(LABEL_LOCATION).cloned();
    if let (Some(addressed), Some(given)) = (addressed, given.as_deref()) {
        if addressed != given {
            return Err(ApiError::field(
                format!("metadata.labels[{LABEL_LOCATION}]"),
                format!("{given:?} does not match the region of the endpoint ({addressed:?}); send the request to that region (--region {given}) or drop the label"),
            ));
        }
    }
    let region = addressed
        .map(str::to_owned)
        .or(given)
        .or_else(|| existing.map(|s| region_of(s).to_owned()))
        .unwrap_or_else(|| DEFAULT_REGION.to_owned());
    write.labels.insert(LABEL_LOCATION.to_owned(), region);
    Ok(())
}

/// Refuses to create a service whose name is taken in another region (names are
/// unique per namespace in runlane, whatever the region).
pub async fn check_free(c: &Controller, write: &ServiceWrite) -> Result<(), ApiError> {
    match c.get_service(&write.namespace, &write.name).await {
        Ok(v) if write.labels.get(LABEL_LOCATION).map(String::as_str) != Some(region_of(&v.service)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "ALREADY_EXISTS",
            format!(
                "service {:?} already exists in region {:?}; service names are unique across regions in runlane: delete it there or choose another name",
                write.name,
                region_of(&v.service)
            ),
        )),
        _ => Ok(()),
    }
}

/// Adds the location label of the revision's service to a revision reply.
pub fn label_revision(revision: &mut Value, region: &str) {
    if let Some(labels) = revision
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.insert(LABEL_LOCATION.to_owned(), json!(region));
    }
}

// === paging ===

/// The order of a list reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Services: by name.
    ByName,
    /// Revisions: newest first, as Cloud Run lists them (gcloud applies `--limit` to
    /// the reply before it sorts, so `revisions list --sort-by=~metadata.creationTimestamp
    /// --limit 1` shows the newest only when the server sends it first).
    NewestFirst,
}

impl Order {
    /// A key that sorts ascending in this order; also the `continue` token.
    fn key(self, v: &Value) -> String {
        let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
        match self {
            Order::ByName => name.to_owned(),
            Order::NewestFirst => {
                let created = v
                    .pointer("/metadata/creationTimestamp")
                    .and_then(Value::as_str)
                    .and_then(|t| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
                    .map_or(0, |t| t.unix_timestamp().max(0).unsigned_abs());
                // Revisions of one second: the later configuration generation first.
                let generation = v
                    .pointer("/metadata/labels/serving.knative.dev~1configurationGeneration")
                    .and_then(Value::as_str)
                    .and_then(|g| g.parse::<u64>().ok())
                    .unwrap_or(0);
                format!("{:020}.{:020}.{name}", u64::MAX - created, u64::MAX - generation)
            }
        }
    }
}

/// One page of a list in `order`: at most `limit` items from the one the `continue`
/// token names on; the token of the next page when more remain (Kubernetes style, as
/// gcloud's `--page-size` uses it).
pub fn page(
    items: Vec<Value>,
    limit: Option<&str>,
    token: Option<&str>,
    order: Order,
) -> Result<(Vec<Value>, Option<String>), ApiError> {
    let limit = match limit.filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => match l.parse::<usize>() {
            Ok(0) => None,
            Ok(n) => Some(n),
            Err(_) => {
                return Err(ApiError::field(
                    "limit",
                    format!("{l:?} is not a number of items; use a positive integer"),
                ))
            }
        },
    };
    let mut keyed: Vec<(String, Value)> = items.into_iter().map(|v| (order.key(&v), v)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        keyed.retain(|(k, _)| k.as_str() >= token);
    }
    let next = match limit {
        Some(n) if keyed.len() > n => {
            let rest = keyed.split_off(n);
            Some(rest[0].0.clone())
        }
        _ => None,
    };
    Ok((keyed.into_iter().map(|(_, v)| v).collect(), next))
}

// === One Platform handlers ===

/// Cloud Resource Manager v1 `projects.get`: gcloud wants the project number.
async fn project(Path(project): Path<String>) -> Json<Value> {
    Json(json!({
        "projectNumber": project_number(&project),
        "projectId": project,
        "name": project,
        "lifecycleState": "ACTIVE",
    }))
}

/// serviceusage v1 `services.get`: every API gcloud asks about is enabled.
async fn api_state(Path((project, api)): Path<(String, String)>) -> Json<Value> {
    Json(enabled_api(&project, &api))
}

/// serviceusage v1 `services.enable` (`{api}:enable`).
async fn api_enable(Path((project, api)): Path<(String, String)>) -> Json<Value> {
    let api = api.split_once(':').map_or(api.as_str(), |(a, _)| a);
    Json(done_operation(
        json!({ "service": enabled_api(&project, api) }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct BatchEnable {
    #[serde(default)]
    service_ids: Vec<String>,
}

async fn batch_enable(Path(project): Path<String>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let req: BatchEnable = parse_body(&body)?;
    let services: Vec<Value> = req
        .service_ids
        .iter()
        .map(|api| enabled_api(&project, api))
        .collect();
    Ok(Json(done_operation(json!({ "services": services }))))
}

fn enabled_api(project: &str, api: &str) -> Value {
    let parent = format!("projects/{}", project_number(project));
    json!({ "name": format!("{parent}/services/{api}"), "parent": parent, "config": { "name": api }, "state": "ENABLED" })
}

fn done_operation(response: Value) -> Value {
    json!({ "name": "operations/noop.DONE_OPERATION", "done": true, "response": response })
}

/// A stable 12-digit project number derived from the project id (runlane has no
/// project registry).
pub fn project_number(project: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in project.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}", 100_000_000_000 + h % 900_000_000_000)
}

/// The regions of the project's services, plus the default one.
async fn locations(State(c): State<Controller>, Path(project): Path<String>) -> Json<Value> {
    let mut regions: BTreeSet<String> = [DEFAULT_REGION.to_owned()].into();
    for v in c.list_services(Some(&project)).await {
        regions.insert(region_of(&v.service).to_owned());
    }
    let locations: Vec<Value> = regions
        .iter()
        .map(|r| json!({ "name": format!("projects/{project}/locations/{r}"), "locationId": r, "displayName": r, "labels": { LABEL_LOCATION: r } }))
        .collect();
    Json(json!({ "locations": locations }))
}

/// `services list` without `--region` asks location `-`: every region.
async fn list_services(
    State(c): State<Controller>,
    Path((project, location)): Path<(String, String)>,
) -> Json<Value> {
    let region = (location != "-").then_some(location.as_str());
    let items = c
        .list_services(Some(&project))
        .await
        .iter()
        .filter(|v| visible(&v.service, region))
        .map(wire::service_json)
        .collect();
    Json(wire::list_json("ServiceList", items))
}

/// `GET {name}`, `GET|POST {name}:getIamPolicy`, `POST {name}:setIamPolicy`,
/// `POST {name}:testIamPermissions`.
async fn service_call(
    State(c): State<Controller>,
    method: Method,
    Path((project, location, rest)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (name, verb) = rest
        .split_once(':')
        .map_or((rest.as_str(), None), |(n, v)| (n, Some(v)));
    let region = (location != "-").then_some(location.as_str());
    match (verb, method) {
        (None, Method::GET) => Ok(Json(wire::service_json(&in_region(c.get_service(&project, name).await?, region)?)).into_response()),
        (Some(verb), method) => match iam_call(&c, &project, name, region, verb, &method, &body).await? {
            Some(reply) => Ok(reply),
            None => Err(unknown_call(&method, name, Some(verb))),
        },
        (None, method) => Err(unknown_call(&method, name, None)),
    }
}

fn unknown_call(method: &Method, name: &str, verb: Option<&str>) -> ApiError {
    ApiError::not_found(format!(
        "no API for {method} {}; services answer GET NAME, GET NAME:getIamPolicy, POST NAME:setIamPolicy and POST NAME:testIamPermissions",
        verb.map_or_else(|| name.to_owned(), |v| format!("{name}:{v}"))
    ))
}

/// A service's IAM verbs, which the v1 and v2 APIs share: `getIamPolicy` (GET or POST),
/// `POST setIamPolicy`, `POST testIamPermissions`. None for any other verb or method.
pub(crate) async fn iam_call(
    c: &Controller,
    project: &str,
    name: &str,
    region: Option<&str>,
    verb: &str,
    method: &Method,
    body: &[u8],
) -> Result<Option<Response>, ApiError> {
    let service = || async { in_region(c.get_service(project, name).await?, region) };
    match (verb, method) {
        ("getIamPolicy", &Method::GET | &Method::POST) => Ok(Some(Json(policy_json(&service().await?.service.iam_policy)).into_response())),
        ("setIamPolicy", &Method::POST) => {
            let req: SetIamPolicyRequest = parse_body(body)?;
            let (policy, etag) = policy_write(req.policy.unwrap_or_default())?;
            service().await?;
            let stored = c.set_iam_policy(project, name, policy, etag).await?;
            Ok(Some(Json(policy_json(&stored)).into_response()))
        }
        // Answers for services that do not exist yet: gcloud asks before creating one.
        ("testIamPermissions", &Method::POST) => {
            let req: TestPermissionsRequest = parse_body(body)?;
            Ok(Some(Json(json!({ "permissions": req.permissions })).into_response()))
        }
        _ => Ok(None),
    }
}

// === IAM wire shapes ===

#[derive(Deserialize, Default)]
struct SetIamPolicyRequest {
    policy: Option<WirePolicy>,
}

#[derive(Deserialize, Default)]
struct WirePolicy {
    version: Option<i64>,
    etag: Option<String>,
    bindings: Option<Vec<WireBinding>>,
}

#[derive(Deserialize)]
struct WireBinding {
    role: Option<String>,
    members: Option<Vec<String>>,
    condition: Option<Value>,
}

#[derive(Deserialize, Default)]
struct TestPermissionsRequest {
    #[serde(default)]
    permissions: Vec<String>,
}

/// The policy a client sends, and the etag of the policy it read (if it sent one).
fn policy_write(p: WirePolicy) -> Result<(IamPolicy, Option<u64>), ApiError> {
    let mut errors = FieldErrors::default();
    let version = match p.version.unwrap_or(0) {
        v @ 0..=3 => v as u32,
        v => {
            errors.push(
                "policy.version",
                format!("{v} is not a policy version; use 1 or 3"),
            );
            0
        }
    };
    let etag = match p.etag.as_deref().filter(|e| !e.is_empty()) {
        None => None,
        Some(e) => match decode_etag(e) {
            Some(v) => Some(v),
            None => {
                errors.push("policy.etag", format!("{e:?} is not an etag runlane gave out; send back the one getIamPolicy returned, or leave it out"));
                None
            }
        },
    };
    let mut bindings = Vec::new();
    for (i, b) in p.bindings.unwrap_or_default().into_iter().enumerate() {
        if b.condition.as_ref().is_some_and(|c| !c.is_null()) {
            errors.push(
                format!("policy.bindings[{i}].condition"),
                "conditional bindings are not supported by runlane; remove the condition",
            );
        }
        bindings.push(Binding {
            role: b.role.unwrap_or_default(),
            members: b.members.unwrap_or_default(),
        });
    }
    errors.into_result().map_err(ApiError::invalid)?;
    Ok((IamPolicy { version, bindings }, etag))
}

pub fn policy_json(p: &IamPolicy) -> Value {
    let mut v = json!({ "version": p.version.max(1), "etag": encode_etag(p.etag()) });
    if !p.bindings.is_empty() {
        v["bindings"] = p
            .bindings
            .iter()
            .map(|b| json!({ "role": b.role, "members": b.members }))
            .collect();
    }
    v
}

/// IAM etags are `bytes` fields, so they travel as base64 (gcloud decodes them).
fn encode_etag(etag: u64) -> String {
    base64(&etag.to_be_bytes())
}

fn decode_etag(text: &str) -> Option<u64> {
    let bytes = unbase64(text)?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unbase64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let v = match c {
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => B64.iter().position(|&x| x == c)? as u32,
        };
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

pub(crate) fn parse_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match path.as_str() {
            "." | "?" | "" => {
                ApiError::field("body", format!("is not a valid JSON request: {inner}"))
            }
            _ => ApiError::field(path, inner.to_string()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_hosts() {
        for (host, expected) in [
            ("us-central1-run.localhost:8484", Some("us-central1")),
            ("europe-west1-localhost:8484", Some("europe-west1")),
            (
                "northamerica-northeast1-run.localhost",
                Some("northamerica-northeast1"),
            ),
            ("run.localhost:8484", None),
            ("localhost:8484", None),
            ("127.0.0.1:8484", None),
            ("[::1]:8484", None),
            ("us-central1.localhost", None),
            ("my-service-run.localhost", None),
            ("US-central1-run.localhost", None),
        ] {
            assert_eq!(region_from_host(host), expected, "{host}");
        }
    }

    #[test]
    fn etags_are_base64_and_round_trip() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(bytes), text);
            assert_eq!(unbase64(text).unwrap(), bytes);
        }
        for etag in [0, 1, u64::MAX, 0x0123_4567_89ab_cdef] {
            let text = encode_etag(etag);
            assert_eq!(text.len(), 12, "{text}");
            assert_eq!(decode_etag(&text), Some(etag));
        }
        assert_eq!(decode_etag("ACAB"), None);
        assert_eq!(decode_etag("not base64!"), None);
    }

    fn names(items: &[Value]) -> Vec<&str> {
        items
            .iter()
            .map(|v| v["metadata"]["name"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn paging_follows_names() {
        let items: Vec<Value> = ["c", "a", "b", "d"]
            .iter()
            .map(|n| json!({"metadata": {"name": n}}))
            .collect();
        let (p, next) = page(items.clone(), Some("3"), None, Order::ByName).unwrap();
        assert_eq!(
            (names(&p), next.as_deref()),
            (vec!["a", "b", "c"], Some("d"))
        );
        let (p, next) = page(items.clone(), Some("3"), Some("d"), Order::ByName).unwrap();
        assert_eq!((names(&p), next), (vec!["d"], None));
        let (p, next) = page(items.clone(), None, None, Order::ByName).unwrap();
        assert_eq!((names(&p).len(), next), (4, None));
        let err = page(items, Some("ten"), None, Order::ByName).unwrap_err();
        assert_eq!(err.violations.0[0].field, "limit");
    }

    #[test]
    fn revisions_page_newest_first() {
        let rev = |name: &str, at: &str, generation: &str| {
            json!({"metadata": {"name": name, "creationTimestamp": at,
                "labels": {"serving.knative.dev/configurationGeneration": generation}}})
        };
        let items = vec![
            rev("j-00001-a", "2026-12-07T05:00:00Z", "1"),
            rev("j-00003-c", "2026-12-07T05:00:09Z", "3"),
            rev("j-00002-b", "2026-12-07T05:00:09Z", "2"),
            rev("k-00001-z", "2026-12-07T04:59:00Z", "1"),
        ];
        let (p, next) = page(items.clone(), Some("1"), None, Order::NewestFirst).unwrap();
        assert_eq!(names(&p), vec!["j-00003-c"]);
        let (p, next) = page(items.clone(), Some("2"), next.as_deref(), Order::NewestFirst).unwrap();
        assert_eq!(names(&p), vec!["j-00002-b", "j-00001-a"]);
        let (p, next) = page(items, Some("2"), next.as_deref(), Order::NewestFirst).unwrap();
        assert_eq!((names(&p), next), (vec!["k-00001-z"], None));
    }

    #[test]
    fn policy_writes() {
        let p: WirePolicy = serde_json::from_value(json!({"version": 1, "etag": encode_etag(7), "bindings": [{"role": "roles/run.invoker", "members": ["allUsers"]}]})).unwrap();
        let (policy, etag) = policy_write(p).unwrap();
        assert_eq!(etag, Some(7));
        assert!(policy.allows_unauthenticated());
        let p: WirePolicy = serde_json::from_value(json!({"etag": "%%", "bindings": [{"role": "roles/run.invoker", "members": ["allUsers"], "condition": {"expression": "true"}}]})).unwrap();
        let fields: Vec<String> = policy_write(p)
            .unwrap_err()
            .violations
            .0
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["policy.etag", "policy.bindings[0].condition"]);
        let empty = policy_json(&IamPolicy::default());
        assert_eq!(empty["version"], 1);
        assert!(empty.get("bindings").is_none());
    }
}
