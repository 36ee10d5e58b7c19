//! SLOs, alert policies, notification channels and incidents over HTTP, in Cloud
//! Monitoring v3's shapes, so existing JSON definitions and unmodified `gcloud beta
//! monitoring channels create` / `gcloud alpha monitoring policies create` work:
//!
//! - `projects/{p}/services`: every runlane service of namespace `p` (auto-detected,
//!   `cloudRun` shape), plus custom services (POST with `?serviceId=`).
//! - `projects/{p}/services/{s}/serviceLevelObjectives` (POST with
//!   `?serviceLevelObjectiveId=`); runlane's `…/{id}:status` gives the SLI, budget,
//!   burn rates, per-revision breakdown and burn-down (`?steps=N`) as JSON.
//! - `projects/{p}/alertPolicies`; runlane's `alertPolicies:sreWorkbook` creates the
//!   Workbook's multi-window, multi-burn-rate set for one SLO.
//! - `projects/{p}/notificationChannels`.
//! - runlane's incidents: `projects/{p}/incidents[/{id}[:acknowledge|:close]]`.
//!
//! Only this module knows these JSON shapes; `runlane_alerting` holds plain Rust. The
//! handle reaches handlers as a request extension ([`attach`]), so the API runs (and
//! answers 503 here) without it.

mod wire;

use crate::list_filter;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_alerting::clock::rfc3339;
use runlane_alerting::model::*;
use runlane_alerting::{Alerting, AlertingError, SloStatus};
use runlane_controller::Controller;
use runlane_model::{FieldError, FieldErrors};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use wire::{
    AggregationWire, BasicSliWire, ChannelWire, Flag, GoogleDuration, IncidentActionWire, Labels, Listed, PolicyWire,
    RangeWire, RequestBasedWire, ServiceWire, SliWire, SloWire, Strings, Text, TriggerWire, WorkbookWire,
};

use crate::error::ApiError;

const P: &str = "/v3/projects/{project}";

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(
            &format!("{P}/services"),
            get(list_services).post(create_service),
        )
        .route(
            &format!("{P}/services/{{service}}"),
            get(get_service).delete(delete_service).patch(patch_service),
        )
        .route(
            &format!("{P}/services/{{service}}/serviceLevelObjectives"),
            get(list_slos).post(create_slo),
        )
        .route(
            &format!("{P}/services/{{service}}/serviceLevelObjectives/{{slo}}"),
            get(get_slo).delete(delete_slo).patch(patch_slo),
        )
        .route(
            &format!("{P}/alertPolicies"),
            get(list_policies).post(create_policy),
        )
        .route(
            &format!("{P}/alertPolicies:sreWorkbook"),
            post(create_workbook),
        )
        .route(
            &format!("{P}/alertPolicies/{{policy}}"),
            get(get_policy).delete(delete_policy).patch(patch_policy),
        )
        .route(
            &format!("{P}/notificationChannels"),
            get(list_channels).post(create_channel),
        )
        .route(
            &format!("{P}/notificationChannels/{{channel}}"),
            get(get_channel).delete(delete_channel).patch(patch_channel),
        )
        .route(&format!("{P}/incidents"), get(list_incidents))
        .route(
            &format!("{P}/incidents/{{incident}}"),
            get(get_incident).post(incident_action),
        )
}

/// Gives the API's routes the SLO service (what `runlane up` does).
pub fn attach(app: axum::Router, alerting: Alerting) -> axum::Router {
    app.layer(axum::Extension(alerting))
}

/// The SLO service, or 503 when this runlane runs without it.
pub struct Slos(pub Alerting);

impl<S: Send + Sync> FromRequestParts<S> for Slos {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Alerting>()
            .cloned()
            .map(Slos)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "UNAVAILABLE",
                    "the SLO service is not running in this runlane; start it with `runlane up`",
                )
            })
    }
}

impl From<AlertingError> for ApiError {
    fn from(e: AlertingError) -> Self {
        let message = e.to_string();
        match e {
            AlertingError::NotFound(_) => ApiError::not_found(message),
            AlertingError::AlreadyExists(_) => {
                ApiError::new(StatusCode::CONFLICT, "ALREADY_EXISTS", message)
            }
            AlertingError::Invalid(errors) => ApiError::invalid(FieldErrors(
                errors
                    .into_iter()
                    .map(|(f, m)| FieldError::new(f, m))
                    .collect(),
            )),
            AlertingError::FailedPrecondition(_) => {
                ApiError::new(StatusCode::BAD_REQUEST, "FAILED_PRECONDITION", message)
            }
            AlertingError::Store(_) | AlertingError::Telemetry(_) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", message)
            }
        }
    }
}

/// Runs a (blocking) call of the SLO service on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AlertingError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                format!("the SLO service failed: {e}"),
            )
        })?
        .map_err(ApiError::from)
}

fn body_json(body: &Bytes) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::field("body", format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(ApiError::field("body", "send a JSON object"));
    }
    Ok(v)
}

// === services ===

/// runlane's services of a namespace, as (name, location).
async fn runlane_services(c: &Controller, project: &str) -> Vec<(String, String)> {
    c.list_services(Some(project))
        .await
        .into_iter()
        .map(|v| {
            (
                v.service.meta.name.clone(),
                crate::cloudrun::region_of(&v.service).to_owned(),
            )
        })
        .collect()
}

fn runlane_service_json(project: &str, name: &str, location: &str) -> Value {
    json!({
        "name": format!("projects/{project}/services/{name}"),
        "displayName": name,
        "cloudRun": { "serviceName": name, "location": location },
        "telemetry": { "resourceName": format!("//run.googleapis.com/projects/{project}/locations/{location}/services/{name}") },
    })
}

fn custom_service_json(s: &MonitoredService) -> Value {
    json!({ "name": s.name(), "displayName": s.display_name, "custom": {}, "userLabels": s.user_labels })
}

async fn list_services(
    State(c): State<Controller>,
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let mut items: Vec<Value> = runlane_services(&c, &project)
        .await
        .iter()
        .map(|(n, l)| runlane_service_json(&project, n, l))
        .collect();
    items.extend(a.custom_services(&project).iter().map(custom_service_json));
    Ok(Json(page_of("services", items, &q)?).into_response())
}

async fn get_service(
    State(c): State<Controller>,
    Slos(a): Slos,
    Path((project, service)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    if let Some(s) = a.custom_service(&project, &service) {
        return Ok(Json(custom_service_json(&s)).into_response());
    }
    match runlane_services(&c, &project).await.into_iter().find(|(n, _)| *n == service) {
        Some((n, l)) => Ok(Json(runlane_service_json(&project, &n, &l)).into_response()),
        None => Err(ApiError::not_found(format!("service projects/{project}/services/{service} does not exist; deploy it (runlane deploy {service} …) or create a custom service"))),
    }
}

async fn create_service(
    State(c): State<Controller>,
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let w: ServiceWire = wire::read(&body_json(&body)?)?;
    let id = q
        .get("serviceId")
        .cloned()
        .unwrap_or_else(|| format!("custom-{}", fastrand_id()));
    let exists = runlane_services(&c, &project)
        .await
        .iter()
        .any(|(n, _)| *n == id);
    let s = MonitoredService {
        project,
        id: id.clone(),
        display_name: text(w.display_name).unwrap_or(id),
        user_labels: labels(w.user_labels),
    };
    let s = blocking(move || a.create_service(s, exists)).await?;
    Ok(Json(custom_service_json(&s)).into_response())
}

/// PATCH of a custom service (`displayName`, `userLabels`), with `updateMask` as for
/// channels.
async fn patch_service(
    State(c): State<Controller>,
    Slos(a): Slos,
    Path((project, service)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let runlane_service = runlane_services(&c, &project).await.into_iter().find(|(n, _)| *n == service);
    let old = match (a.custom_service(&project, &service), &runlane_service) {
        (Some(s), _) => custom_service_json(&s),
        (None, Some((n, l))) => runlane_service_json(&project, n, l),
        (None, None) => return Err(ApiError::not_found(format!("service projects/{project}/services/{service} does not exist; create it with POST"))),
    };
    let v = apply_update_mask(old, body_json(&body)?, update_mask(&q), known_field)?;
    let w: ServiceWire = wire::read(&v)?;
    let s = MonitoredService {
        project,
        id: service.clone(),
        display_name: text(w.display_name).unwrap_or(service),
        user_labels: labels(w.user_labels),
    };
    let exists = runlane_service.is_some();
    let s = blocking(move || a.update_service(s, exists)).await?;
    Ok(Json(custom_service_json(&s)).into_response())
}

async fn delete_service(
    Slos(a): Slos,
    Path((project, service)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    blocking(move || a.delete_service(&project, &service)).await?;
    Ok(Json(json!({})).into_response())
}

fn fastrand_id() -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}", n & 0xffff_ffff)
}

// === SLOs ===

async fn list_slos(
    Slos(a): Slos,
    Path((project, service)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let items: Vec<Value> = a
        .list_slos(&project, &service)
        .iter()
        .map(slo_json)
        .collect();
    Ok(Json(page_of("serviceLevelObjectives", items, &q)?).into_response())
}

async fn create_slo(
    State(c): State<Controller>,
    Slos(a): Slos,
    Path((project, service)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut w: SloWire = wire::read(&body_json(&body)?)?;
    let name = text(w.name.take());
    let id = match q
        .get("serviceLevelObjectiveId")
        .or(q.get("service_level_objective_id"))
    {
        Some(id) => id.clone(),
        None => name
            .and_then(|n| n.rsplit('/').next().map(str::to_owned))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(fastrand_id),
    };
    let slo = slo_from_wire(w, &project, &service, &id)?;
    let exists = runlane_services(&c, &project)
        .await
        .iter()
        .any(|(n, _)| *n == service);
    let slo = blocking(move || a.create_slo(slo, exists)).await?;
    Ok(Json(slo_json(&slo)).into_response())
}

/// `{id}` or `{id}:status`.
async fn get_slo(
    Slos(a): Slos,
    Path((project, service, slo)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (id, method) = match slo.split_once(':') {
        Some((id, m)) => (id.to_owned(), Some(m.to_owned())),
        None => (slo, None),
    };
    let name = slo_name(&project, &service, &id);
    match method.as_deref() {
        None => Ok(Json(slo_json(&a.get_slo(&name)?)).into_response()),
        Some("status") => {
            let steps = q.get("steps").and_then(|s| s.parse().ok()).unwrap_or(48);
            let status = blocking(move || a.slo_status(&name, steps)).await?;
            Ok(Json(status_json(&status)).into_response())
        }
        Some(other) => Err(ApiError::not_found(format!(
            "no method {other:?} on SLOs; runlane answers GET {name} and GET {name}:status"
        ))),
    }
}

async fn delete_slo(
    Slos(a): Slos,
    Path((project, service, id)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    blocking(move || a.delete_slo(&slo_name(&project, &service, &id))).await?;
    Ok(Json(json!({})).into_response())
}

// === alert policies ===

async fn list_policies(
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let items: Vec<Value> = a.list_policies(&project).iter().map(policy_json).collect();
    let items = filtered(items, &q, &list_filter::POLICY_FIELDS)?;
    Ok(Json(ordered_page("alertPolicies", items, &q, &list_filter::POLICY_FIELDS)?).into_response())
}

async fn create_policy(
    Slos(a): Slos,
    Path(project): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let v = body_json(&body)?;
    let p = policy_from_json(&v, &project, String::new())?;
    let p = blocking(move || a.create_policy(p)).await?;
    Ok(Json(policy_json(&p)).into_response())
}

async fn get_policy(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    Ok(Json(policy_json(&a.get_policy(&format!(
        "projects/{project}/alertPolicies/{id}"
    ))?))
    .into_response())
}

/// PATCH with a whole policy (`updateMask` is not read: every field sent replaces the old one).
async fn patch_policy(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let old = a.get_policy(&format!("projects/{project}/alertPolicies/{id}"))?;
    let v = apply_update_mask(policy_json(&old), body_json(&body)?, update_mask(&q), known_field)?;
    let p = policy_from_json(&v, &project, id)?;
    let p = blocking(move || a.update_policy(p)).await?;
    Ok(Json(policy_json(&p)).into_response())
}

async fn delete_policy(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    blocking(move || a.delete_policy(&format!("projects/{project}/alertPolicies/{id}"))).await?;
    Ok(Json(json!({})).into_response())
}

/// `{"slo": NAME, "notificationChannels": [...], "userLabels": {...}}` → the Workbook's four policies.
async fn create_workbook(
    Slos(a): Slos,
    Path(project): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let w: WorkbookWire = wire::read(&body_json(&body)?)?;
    let slo = text(w.slo).ok_or_else(|| {
        ApiError::field(
            "slo",
            "give the SLO's name, projects/P/services/S/serviceLevelObjectives/ID",
        )
    })?;
    if !slo.starts_with(&format!("projects/{project}/")) {
        return Err(ApiError::field(
            "slo",
            format!("{slo:?} is not an SLO of project {project:?}"),
        ));
    }
    let channels = strings(w.notification_channels);
    let labels = labels(w.user_labels);
    let (policies, warnings) =
        blocking(move || a.create_workbook_policies(&slo, channels, labels)).await?;
    Ok(Json(json!({ "alertPolicies": policies.iter().map(policy_json).collect::<Vec<_>>(), "warnings": warnings })).into_response())
}

// === notification channels ===

async fn list_channels(
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let items: Vec<Value> = a.list_channels(&project).iter().map(channel_json).collect();
    let items = filtered(items, &q, &list_filter::CHANNEL_FIELDS)?;
    Ok(Json(ordered_page("notificationChannels", items, &q, &list_filter::CHANNEL_FIELDS)?).into_response())
}

/// The items passing the request's `filter` (all of them without one); a filter runlane
/// cannot apply is a 400 naming it, never ignored.
fn filtered(items: Vec<Value>, q: &HashMap<String, String>, fields: &list_filter::Fields) -> Result<Vec<Value>, ApiError> {
    let Some(text) = q.get("filter") else { return Ok(items) };
    match list_filter::parse(text, fields) {
        Ok(None) => Ok(items),
        Ok(Some(f)) => Ok(items.into_iter().filter(|i| list_filter::matches(&f, i)).collect()),
        Err(why) => Err(ApiError::field("filter", format!("{text:?}: {why}"))),
    }
}

/// The request's `orderBy` applied, then its paging: without an `orderBy`, [`page_of`]'s
/// name order; with one, the page token is the last item's sort key (its fields and name),
/// so a page stays right when items come or go between pages.
fn ordered_page(field: &str, mut items: Vec<Value>, q: &HashMap<String, String>, fields: &list_filter::Fields) -> Result<Value, ApiError> {
    let text = q.get("orderBy").or(q.get("order_by")).map_or("", String::as_str);
    let order = list_filter::parse_order(text, fields).map_err(|why| ApiError::field("orderBy", format!("{text:?}: {why}")))?;
    if order.is_empty() {
        return page_of(field, items, q);
    }
    let total = items.len();
    let mut keyed: Vec<(Vec<Value>, Value)> = items.drain(..).map(|v| (order.key(&v), v)).collect();
    keyed.sort_by(|a, b| order.compare(&a.0, &b.0));
    let size = page_size(q)?;
    if let Some(token) = q.get("pageToken").or(q.get("page_token")).filter(|t| !t.is_empty()) {
        let after: Vec<Value> = decode_page_token(token)
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or_else(|| ApiError::field("pageToken", format!("{token:?} is not a page token of this list in this order; pass the nextPageToken of the page before, with the same orderBy")))?;
        keyed.retain(|(key, _)| order.compare(key, &after).is_gt());
    }
    let more = keyed.len() > size;
    keyed.truncate(size);
    let next = more.then(|| keyed.last().map(|(key, _)| encode_page_token(&Value::from(key.clone()).to_string()))).flatten();
    let mut page = json!({ field: keyed.into_iter().map(|(_, v)| v).collect::<Vec<_>>(), "totalSize": total });
    if let Some(next) = next {
        page["nextPageToken"] = json!(next);
    }
    Ok(page)
}

/// `pageSize`: 1 to 1,000 (0 or absent: everything).
fn page_size(q: &HashMap<String, String>) -> Result<usize, ApiError> {
    match q.get("pageSize").or(q.get("page_size")) {
        None => Ok(usize::MAX),
        Some(s) => match s.parse::<usize>() {
            Ok(0) => Ok(usize::MAX),
            Ok(n) => Ok(n.min(1000)),
            Err(_) => Err(ApiError::field("pageSize", format!("{s:?} is not a page size; give a whole number from 1 to 1000"))),
        },
    }
}

/// Google's paging: `pageSize` (1 to 1,000) and `pageToken` (the `nextPageToken` of the
/// page before; opaque) → `{FIELD: [...], "totalSize": N, "nextPageToken"?}`, in name
/// order. Without either, every item in one page.
pub(crate) fn page_of(field: &str, items: Vec<Value>, q: &HashMap<String, String>) -> Result<Value, ApiError> {
    let paging = ["pageSize", "page_size", "pageToken", "page_token"].iter().any(|k| q.contains_key(*k));
    if !paging {
        // One page, in the list's own order (incidents newest first).
        let total = items.len();
        return Ok(json!({ field: items, "totalSize": total }));
    }
    let keyed = items.into_iter().map(|v| (v["name"].as_str().unwrap_or_default().to_owned(), v)).collect();
    page_keyed(field, keyed, q)
}

/// Google's paging over items in the order of their keys (each key unique; the page
/// token is the last key of the page before, so a page stays right when items come or
/// go between pages).
pub(crate) fn page_keyed(field: &str, mut items: Vec<(String, Value)>, q: &HashMap<String, String>) -> Result<Value, ApiError> {
    let total = items.len();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let size = page_size(q)?;
    if let Some(token) = q.get("pageToken").or(q.get("page_token")).filter(|t| !t.is_empty()) {
        let after = decode_page_token(token).ok_or_else(|| ApiError::field("pageToken", format!("{token:?} is not a page token of this list; pass the nextPageToken of the page before")))?;
        items.retain(|(key, _)| *key > after);
    }
    let more = items.len() > size;
    items.truncate(size);
    let next = more.then(|| items.last().map(|(key, _)| encode_page_token(key))).flatten();
    let mut page = json!({ field: items.into_iter().map(|(_, v)| v).collect::<Vec<_>>(), "totalSize": total });
    if let Some(next) = next {
        page["nextPageToken"] = json!(next);
    }
    Ok(page)
}

fn encode_page_token(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_page_token(token: &str) -> Option<String> {
    if !token.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len()).step_by(2).map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

async fn create_channel(
    Slos(a): Slos,
    Path(project): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let c = channel_from_json(&body_json(&body)?, project, String::new())?;
    let c = blocking(move || a.create_channel(c)).await?;
    Ok(Json(channel_json(&c)).into_response())
}

/// PATCH: the fields `updateMask` names are taken from the body (or cleared when it
/// lacks them); without a mask the body replaces the channel, as Google does.
async fn patch_channel(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let old = a.get_channel(&format!("projects/{project}/notificationChannels/{id}"))?;
    let v = apply_update_mask(channel_json(&old), body_json(&body)?, update_mask(&q), known_field)?;
    let c = channel_from_json(&v, project, id)?;
    let c = blocking(move || a.update_channel(c)).await?;
    Ok(Json(channel_json(&c)).into_response())
}

/// PATCH of an SLO, with `updateMask` as for channels.
async fn patch_slo(
    Slos(a): Slos,
    Path((project, service, id)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let old = a.get_slo(&format!("projects/{project}/services/{service}/serviceLevelObjectives/{id}"))?;
    let v = apply_update_mask(slo_json(&old), body_json(&body)?, update_mask(&q), known_field)?;
    let slo = slo_from_json(&v, &project, &service, &id)?;
    let slo = blocking(move || a.update_slo(slo)).await?;
    Ok(Json(slo_json(&slo)).into_response())
}

pub(crate) fn update_mask(q: &HashMap<String, String>) -> Option<&str> {
    q.get("updateMask").or(q.get("update_mask")).map(String::as_str).filter(|m| !m.trim().is_empty())
}

/// Google's PATCH: with a mask, each listed field path (`displayName`,
/// `documentation.content`) takes the body's value, or is cleared when the body has
/// none; without one, the body replaces the resource (its name stays).
pub(crate) fn apply_update_mask(old: Value, patch: Value, mask: Option<&str>, known_field: fn(&str) -> bool) -> Result<Value, ApiError> {
    let Value::Object(fields) = &patch else {
        return Err(ApiError::field("body", "a JSON object with the resource's fields"));
    };
    let Some(mask) = mask else {
        let mut replaced = fields.clone();
        if let Some(name) = old.get("name") {
            replaced.insert("name".to_owned(), name.clone());
        }
        return Ok(Value::Object(replaced));
    };
    let mut result = old;
    for path in mask.split(',').map(str::trim) {
        // gcloud writes the proto's names (display_name), the JSON has lowerCamel.
        let camel: Vec<String> = path.split('.').map(lower_camel).collect();
        let keys: Vec<&str> = camel.iter().map(String::as_str).collect();
        if path.is_empty() || keys.iter().any(|k| k.is_empty()) {
            return Err(ApiError::field("updateMask", format!("{mask:?} has an empty field path; list fields as displayName,documentation.content")));
        }
        let top = keys[0];
        if result.get(top).is_none() && !fields.contains_key(top) && !known_field(top) {
            return Err(ApiError::field("updateMask", format!("{path:?} is not a field of this resource")));
        }
        let mut from = Some(&patch);
        for key in &keys {
            from = from.and_then(|v| v.get(key));
        }
        let from = from.cloned();
        let mut at = &mut result;
        for key in &keys[..keys.len() - 1] {
            if !at.get(key).is_some_and(Value::is_object) {
                at[*key] = json!({});
            }
            at = &mut at[*key];
        }
        let last = keys[keys.len() - 1];
        match (from, at.as_object_mut()) {
            (Some(v), Some(o)) => {
                o.insert(last.to_owned(), v);
            }
            (None, Some(o)) => {
                o.remove(last);
            }
            _ => {}
        }
    }
    Ok(result)
}

fn lower_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Fields a resource may lack until set (so a mask may name them).
fn known_field(name: &str) -> bool {
    ["displayName", "description", "documentation", "userLabels", "labels", "enabled", "notificationChannels", "alertStrategy", "combiner", "conditions", "goal", "rollingPeriod", "calendarPeriod", "serviceLevelIndicator", "severity"].contains(&name)
}

fn channel_from_json(v: &Value, project: String, id: String) -> Result<Channel, ApiError> {
    let w: ChannelWire = wire::read(v)?;
    Ok(Channel {
        project,
        id,
        kind: text(w.kind).ok_or_else(|| {
            ApiError::field(
                "type",
                "give the channel type: email, webhook_tokenauth or slack",
            )
        })?,
        display_name: text(w.display_name).unwrap_or_default(),
        description: text(w.description).unwrap_or_default(),
        labels: labels(w.labels),
        user_labels: labels(w.user_labels),
        enabled: w.enabled.is_none_or(|Flag(b)| b),
        created_ms: 0,
    })
}

async fn get_channel(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    Ok(Json(channel_json(&a.get_channel(&format!(
        "projects/{project}/notificationChannels/{id}"
    ))?))
    .into_response())
}

async fn delete_channel(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let force = q.get("force").is_some_and(|f| f == "true");
    blocking(move || {
        a.delete_channel(
            &format!("projects/{project}/notificationChannels/{id}"),
            force,
        )
    })
    .await?;
    Ok(Json(json!({})).into_response())
}

// === incidents ===

/// `?state=OPEN|RESOLVED|CLOSED`, `?service=NAME`; open incidents first.
async fn list_incidents(
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let state = q.get("state").map(|s| s.to_ascii_uppercase());
    if let Some(s) = &state {
        if !["OPEN", "RESOLVED", "CLOSED"].contains(&s.as_str()) {
            return Err(ApiError::field(
                "state",
                format!("{s:?} is not an incident state; use OPEN, RESOLVED or CLOSED"),
            ));
        }
    }
    let items: Vec<Value> = a
        .list_incidents(&project)
        .iter()
        .filter(|i| state.as_deref().is_none_or(|s| i.state.as_str() == s))
        .filter(|i| q.get("service").is_none_or(|s| &i.service == s))
        .map(|i| incident_json(&a, i))
        .collect();
    Ok(Json(page_of("incidents", items, &q)?).into_response())
}

fn incident_id(text: &str) -> Result<u64, ApiError> {
    text.parse().map_err(|_| {
        ApiError::not_found(format!(
            "{text:?} is not an incident id; incidents are numbered (runlane incidents list)"
        ))
    })
}

async fn get_incident(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let i = a.get_incident(&project, incident_id(&id)?)?;
    Ok(Json(incident_json(&a, &i)).into_response())
}

/// `POST {id}:acknowledge` and `POST {id}:close`, with an optional `{"by": "who"}`.
async fn incident_action(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some((id, method)) = id.split_once(':') else {
        return Err(ApiError::not_found(format!(
            "no API for POST on incident {id}; use {id}:acknowledge or {id}:close"
        )));
    };
    let id = incident_id(id)?;
    let w: IncidentActionWire = wire::read(&body_json(&body)?)?;
    let by = text(w.by)
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "api".into());
    let b = a.clone();
    let i = match method {
        "acknowledge" => blocking(move || b.acknowledge(&project, id, &by)).await?,
        "close" => blocking(move || b.close(&project, id, &by)).await?,
        other => {
            return Err(ApiError::not_found(format!(
                "no method {other:?} on incidents; use :acknowledge or :close"
            )))
        }
    };
    Ok(Json(incident_json(&a, &i)).into_response())
}

// === JSON: reading ===

/// A string field, empty when absent.
fn text(t: Option<Text>) -> Option<String> {
    t.map(|Text(s)| s)
}

fn labels(l: Option<Labels>) -> runlane_alerting::model::Labels {
    l.map(|Labels(l)| l).unwrap_or_default()
}

fn strings(s: Option<Strings>) -> Vec<String> {
    s.map(|Strings(s)| s).unwrap_or_default()
}

fn seconds(d: Option<GoogleDuration>) -> Option<f64> {
    d.map(|d| d.value.as_secs_f64())
}

/// A duration that must be whole seconds (`field` names it when it is not).
fn whole_seconds(d: Option<GoogleDuration>, field: &str) -> Result<Option<u64>, ApiError> {
    let Some(d) = d else { return Ok(None) };
    if d.value.subsec_nanos() != 0 {
        return Err(ApiError::field(field, format!("{:?} must be a whole number of seconds", d.text)));
    }
    Ok(Some(d.value.as_secs()))
}

/// `aggregations`: at most one (runlane applies one alignment and one reduction).
fn aggregation(list: Option<Listed<AggregationWire>>, field: &str) -> Result<Option<Aggregation>, ApiError> {
    let Some(Listed(mut list)) = list else { return Ok(None) };
    match list.len() {
        0 => Ok(None),
        1 => {
            let a = list.remove(0);
            Ok(Some(Aggregation {
                alignment_secs: seconds(a.alignment_period).map_or(DEFAULT_ALIGNMENT_SECS, |s| s.ceil() as u64),
                aligner: text(a.per_series_aligner).filter(|s| s != "ALIGN_NONE"),
                reducer: text(a.cross_series_reducer).filter(|s| s != "REDUCE_NONE"),
                group_by: strings(a.group_by_fields),
            }))
        }
        _ => Err(ApiError::field(format!("{field}.aggregations"), "runlane applies one aggregation per condition; give one (alignmentPeriod, perSeriesAligner, crossSeriesReducer, groupByFields)")),
    }
}

/// `conditionThreshold.trigger`: `{"count": N}` or `{"percent": P}` (Google's default,
/// `{}` or absent, is one series). Every selector runlane serves is one time series, so a
/// count above one could never be met and is refused rather than kept as a dead policy.
fn trigger(t: Option<TriggerWire>, field: &str, one_series: bool) -> Result<Option<Trigger>, ApiError> {
    let Some(t) = t else { return Ok(None) };
    match (t.count, t.percent) {
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(ApiError::field(field, "give count or percent, not both")),
        (Some(n), None) => {
            if n.fract() != 0.0 || n < 1.0 {
                return Err(ApiError::field(format!("{field}.count"), format!("{n} is not a whole number of time series of at least 1")));
            }
            if n > 1.0 && one_series {
                return Err(ApiError::field(format!("{field}.count"), format!("select_slo_* conditions are one time series, so a count of {n} could never be met; use count 1 or a percent")));
            }
            Ok(Some(Trigger::Count(n as u32)))
        }
        (None, Some(p)) => {
            if !(p > 0.0 && p <= 100.0) {
                return Err(ApiError::field(format!("{field}.percent"), format!("{p} is not a percentage of time series in (0, 100]")));
            }
            Ok(Some(Trigger::Percent(p)))
        }
    }
}

fn slo_from_json(v: &Value, project: &str, service: &str, id: &str) -> Result<Slo, ApiError> {
    slo_from_wire(wire::read(v)?, project, service, id)
}

fn slo_from_wire(w: SloWire, project: &str, service: &str, id: &str) -> Result<Slo, ApiError> {
    let goal = w.goal
        .ok_or_else(|| ApiError::field("goal", "give the goal as a fraction, e.g. 0.99 for 99%"))?
        .0;
    let period = match (whole_seconds(w.rolling_period, "rollingPeriod")?, text(w.calendar_period)) {
        (Some(secs), None) => PeriodSpec::Rolling { secs },
        (None, Some(c)) => PeriodSpec::Calendar(match c.as_str() {
            "DAY" => CalendarUnit::Day,
            "WEEK" => CalendarUnit::Week,
            "FORTNIGHT" => CalendarUnit::Fortnight,
            "MONTH" => CalendarUnit::Month,
            other => return Err(ApiError::field("calendarPeriod", format!("{other:?} is not supported; use DAY, WEEK, FORTNIGHT or MONTH"))),
        }),
        _ => return Err(ApiError::field("rollingPeriod", "give exactly one of rollingPeriod (e.g. \"86400s\") and calendarPeriod (DAY, WEEK, FORTNIGHT, MONTH)")),
    };
    let sli = w.service_level_indicator.ok_or_else(|| {
        ApiError::field(
            "serviceLevelIndicator",
            "give requestBased, basicSli or windowsBased",
        )
    })?;
    Ok(Slo {
        project: project.to_owned(),
        service: service.to_owned(),
        id: id.to_owned(),
        display_name: text(w.display_name).unwrap_or_else(|| id.to_owned()),
        sli: sli_from_wire(sli, "serviceLevelIndicator")?,
        goal,
        period,
        user_labels: labels(w.user_labels),
    })
}

/// `range.min` and `range.max`, with the open ends infinite; one of them is needed.
fn window_range(r: Option<RangeWire>, field: &str) -> Result<(f64, f64), ApiError> {
    let (min, max) = r.map_or((None, None), |r| (r.min, r.max));
    match (min, max) {
        (None, None) => Err(ApiError::field(format!("{field}.range"), "give range.min and/or range.max")),
        (min, max) => Ok((min.map_or(f64::NEG_INFINITY, |n| n.0), max.map_or(f64::INFINITY, |n| n.0))),
    }
}

fn sli_from_wire(v: SliWire, field: &str) -> Result<Sli, ApiError> {
    let f = |p: &str| format!("{field}.{p}");
    if let Some(rb) = v.request_based {
        return request_sli(rb, &f("requestBased"));
    }
    if let Some(b) = v.basic_sli {
        return basic_sli(b, &f("basicSli"));
    }
    if let Some(p) = v.prometheus {
        let pf = f("prometheus");
        let url = text(p.url).ok_or_else(|| {
            ApiError::field(format!("{pf}.url"), "give the Prometheus server, e.g. \"http://127.0.0.1:9090\"")
        })?;
        return Ok(Sli::Prometheus {
            url,
            good: text(p.good_query),
            bad: text(p.bad_query),
            total: text(p.total_query),
        });
    }
    if let Some(w) = v.windows_based {
        let wf = f("windowsBased");
        let window = whole_seconds(w.window_period, &format!("{wf}.windowPeriod"))?.ok_or_else(|| {
            ApiError::field(
                format!("{wf}.windowPeriod"),
                "give the window length, e.g. \"60s\"",
            )
        })?;
        let rule = if let Some(t) = w.good_total_ratio_threshold {
            let tf = format!("{wf}.goodTotalRatioThreshold");
            let performance = if let Some(p) = t.performance {
                request_sli(p, &format!("{tf}.performance"))?
            } else if let Some(b) = t.basic_sli_performance {
                basic_sli(b, &format!("{tf}.basicSliPerformance"))?
            } else {
                return Err(ApiError::field(
                    tf,
                    "give performance (goodTotalRatio or distributionCut) or basicSliPerformance",
                ));
            };
            let threshold = t.threshold.ok_or_else(|| {
                ApiError::field(
                    format!("{tf}.threshold"),
                    "give the performance a good window needs, e.g. 0.95",
                )
            })?;
            WindowSli::RatioThreshold {
                performance: Box::new(performance),
                threshold: threshold.0,
            }
        } else if let Some(m) = w.metric_mean_in_range {
            let mf = format!("{wf}.metricMeanInRange");
            let (min, max) = window_range(m.range, &mf)?;
            WindowSli::MeanInRange {
                filter: text(m.time_series).ok_or_else(|| {
                    ApiError::field(format!("{mf}.timeSeries"), "give the time-series filter")
                })?,
                min,
                max,
            }
        } else if let Some(m) = w.metric_sum_in_range {
            let mf = format!("{wf}.metricSumInRange");
            let (min, max) = window_range(m.range, &mf)?;
            WindowSli::SumInRange {
                filter: text(m.time_series).ok_or_else(|| {
                    ApiError::field(format!("{mf}.timeSeries"), "give the time-series filter")
                })?,
                min,
                max,
            }
        } else if let Some(filter) = text(w.good_bad_metric_filter) {
            WindowSli::GoodBadMetric { filter }
        } else {
            return Err(ApiError::field(wf, "give goodBadMetricFilter, goodTotalRatioThreshold, metricMeanInRange or metricSumInRange"));
        };
        return Ok(Sli::Windows {
            window_secs: window,
            rule,
        });
    }
    Err(ApiError::field(
        field,
        "give requestBased (goodTotalRatio or distributionCut), basicSli or windowsBased",
    ))
}

fn request_sli(v: RequestBasedWire, field: &str) -> Result<Sli, ApiError> {
    if let Some(r) = v.good_total_ratio {
        return Ok(Sli::Ratio {
            good: text(r.good_service_filter),
            bad: text(r.bad_service_filter),
            total: text(r.total_service_filter),
        });
    }
    if let Some(d) = v.distribution_cut {
        let (min, max) = d.range.map_or((None, None), |r| (r.min, r.max));
        return Ok(Sli::DistributionCut {
            filter: text(d.distribution_filter).ok_or_else(|| {
                ApiError::field(
                    format!("{field}.distributionCut.distributionFilter"),
                    "give a request_latencies filter",
                )
            })?,
            min_ms: min.map(|n| n.0),
            max_ms: max.map(|n| n.0),
        });
    }
    Err(ApiError::field(
        field,
        "give goodTotalRatio or distributionCut",
    ))
}

fn basic_sli(v: BasicSliWire, field: &str) -> Result<Sli, ApiError> {
    if v.availability.is_some() {
        return Ok(Sli::BasicAvailability);
    }
    if let Some(l) = v.latency {
        let secs = seconds(l.threshold).ok_or_else(|| {
            ApiError::field(
                format!("{field}.latency.threshold"),
                "give the latency threshold, e.g. \"0.3s\"",
            )
        })?;
        return Ok(Sli::BasicLatency {
            threshold_ms: secs * 1000.0,
        });
    }
    Err(ApiError::field(
        field,
        "give availability: {} or latency: {threshold: \"0.3s\"}",
    ))
}

fn comparison(text: &str, field: &str) -> Result<Comparison, ApiError> {
    Ok(match text {
        "COMPARISON_GT" => Comparison::Gt,
        "COMPARISON_GE" => Comparison::Ge,
        "COMPARISON_LT" => Comparison::Lt,
        "COMPARISON_LE" => Comparison::Le,
        other => return Err(ApiError::field(field, format!("{other:?} is not supported; use COMPARISON_GT, COMPARISON_GE, COMPARISON_LT or COMPARISON_LE"))),
    })
}

fn policy_from_json(v: &Value, project: &str, id: String) -> Result<Policy, ApiError> {
    policy_from_wire(wire::read(v)?, project, id)
}

fn policy_from_wire(w: PolicyWire, project: &str, id: String) -> Result<Policy, ApiError> {
    let mut conditions = Vec::new();
    let list = w.conditions.map(|Listed(l)| l).unwrap_or_default();
    for (i, c) in list.into_iter().enumerate() {
        let f = format!("conditions[{i}]");
        let (t, absent) = match (c.condition_threshold, c.condition_absent) {
            (Some(t), None) => (t, false),
            (None, Some(t)) => (t, true),
            (Some(_), Some(_)) => return Err(ApiError::field(f, "a condition is a conditionThreshold or a conditionAbsent, not both")),
            (None, None) => {
                let kind = c.others.keys().find(|k| k.starts_with("condition")).map_or("none", String::as_str);
                return Err(ApiError::field(f, format!("condition kind {kind:?} is not supported; runlane evaluates conditionThreshold (with an SLO selector such as select_slo_burn_rate, or a metric filter) and conditionAbsent (a metric filter)")));
            }
        };
        let tf = format!("{f}.{}", if absent { "conditionAbsent" } else { "conditionThreshold" });
        let filter = text(t.filter).ok_or_else(|| ApiError::field(format!("{tf}.filter"), "give a filter such as select_slo_burn_rate(\"projects/P/services/S/serviceLevelObjectives/ID\", \"300s\") or metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"S\""))?;
        let one_series = filter.trim_start().starts_with("select_");
        let trigger = trigger(t.trigger, &format!("{tf}.trigger"), one_series)?;
        let aggregation = aggregation(t.aggregations, &tf)?;
        let existing_id = text(c.name)
            .and_then(|n| n.rsplit('/').next().map(str::to_owned))
            .filter(|x| x.chars().all(|c| c.is_ascii_digit()) && !x.is_empty());
        conditions.push(Condition {
            id: existing_id.unwrap_or_default(),
            display_name: text(c.display_name)
                .unwrap_or_else(|| format!("condition {}", i + 1)),
            filter,
            comparison: comparison(
                &text(t.comparison).unwrap_or_else(|| "COMPARISON_GT".into()),
                &format!("{tf}.comparison"),
            )?,
            threshold: t.threshold_value.map_or(0.0, |n| n.0),
            duration_secs: seconds(t.duration).unwrap_or(0.0).round() as u64,
            trigger,
            aggregation,
            absent,
        });
    }
    let combiner = match text(w.combiner).as_deref() {
        None | Some("OR") | Some("COMBINE_UNSPECIFIED") => Combiner::Or,
        Some("AND") => Combiner::And,
        Some("AND_WITH_MATCHING_RESOURCE") => Combiner::AndWithMatchingResource,
        Some(other) => {
            return Err(ApiError::field(
                "combiner",
                format!("{other:?} is not a combiner; use AND, OR or AND_WITH_MATCHING_RESOURCE"),
            ))
        }
    };
    let documentation = w.documentation.map(|d| Documentation {
        content: text(d.content).unwrap_or_default(),
        mime_type: text(d.mime_type).unwrap_or_else(|| "text/markdown".into()),
    });
    Ok(Policy {
        project: project.to_owned(),
        id,
        display_name: text(w.display_name).unwrap_or_else(|| "alert policy".into()),
        conditions,
        combiner,
        enabled: w.enabled.is_none_or(|Flag(b)| b),
        channels: strings(w.notification_channels),
        documentation,
        auto_close_secs: seconds(w.alert_strategy.and_then(|a| a.auto_close))
            .map(|s| s.round() as u64),
        user_labels: labels(w.user_labels),
        severity: text(w.severity),
        created_ms: 0,
        updated_ms: 0,
    })
}

// === JSON: writing ===

fn secs(s: u64) -> String {
    format!("{s}s")
}

fn opt_num(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

fn sli_json(s: &Sli) -> Value {
    match s {
        Sli::Prometheus { url, good, bad, total } => {
            let mut p = Map::new();
            p.insert("url".into(), json!(url));
            for (k, q) in [("goodQuery", good), ("badQuery", bad), ("totalQuery", total)] {
                if let Some(q) = q {
                    p.insert(k.into(), json!(q));
                }
            }
            json!({ "prometheus": p })
        }
        Sli::Ratio { good, bad, total } => {
            let mut r = Map::new();
            for (k, f) in [
                ("goodServiceFilter", good),
                ("badServiceFilter", bad),
                ("totalServiceFilter", total),
            ] {
                if let Some(f) = f {
                    r.insert(k.into(), json!(f));
                }
            }
            json!({ "requestBased": { "goodTotalRatio": r } })
        }
        Sli::DistributionCut {
            filter,
            min_ms,
            max_ms,
        } => {
            let mut range = Map::new();
            if let Some(m) = min_ms {
                range.insert("min".into(), json!(m));
            }
            if let Some(m) = max_ms {
                range.insert("max".into(), json!(m));
            }
            json!({ "requestBased": { "distributionCut": { "distributionFilter": filter, "range": range } } })
        }
        Sli::BasicAvailability => json!({ "basicSli": { "availability": {} } }),
        Sli::BasicLatency { threshold_ms } => {
            json!({ "basicSli": { "latency": { "threshold": format!("{}s", threshold_ms / 1000.0) } } })
        }
        Sli::Windows { window_secs, rule } => {
            let rule = match rule {
                WindowSli::RatioThreshold {
                    performance,
                    threshold,
                } => {
                    let p = sli_json(performance);
                    let inner = match p.get("requestBased") {
                        Some(rb) => json!({ "performance": rb, "threshold": threshold }),
                        None => {
                            json!({ "basicSliPerformance": p["basicSli"], "threshold": threshold })
                        }
                    };
                    json!({ "goodTotalRatioThreshold": inner })
                }
                WindowSli::MeanInRange { filter, min, max } => {
                    json!({ "metricMeanInRange": { "timeSeries": filter, "range": { "min": opt_num(*min), "max": opt_num(*max) } } })
                }
                WindowSli::SumInRange { filter, min, max } => {
                    json!({ "metricSumInRange": { "timeSeries": filter, "range": { "min": opt_num(*min), "max": opt_num(*max) } } })
                }
                WindowSli::GoodBadMetric { filter } => json!({ "goodBadMetricFilter": filter }),
            };
            let mut w = rule.as_object().cloned().unwrap_or_default();
            w.insert("windowPeriod".into(), json!(secs(*window_secs)));
            json!({ "windowsBased": w })
        }
    }
}

fn slo_json(s: &Slo) -> Value {
    let mut v = json!({
        "name": s.name(),
        "displayName": s.display_name,
        "serviceLevelIndicator": sli_json(&s.sli),
        "goal": s.goal,
        "userLabels": s.user_labels,
    });
    match s.period {
        PeriodSpec::Rolling { secs: p } => v["rollingPeriod"] = json!(secs(p)),
        PeriodSpec::Calendar(c) => v["calendarPeriod"] = json!(c.as_str()),
    }
    v
}

fn counts_json(c: runlane_slo::budget::Counts) -> Value {
    json!({ "good": c.good, "bad": c.bad, "total": c.total })
}

fn status_json(s: &SloStatus) -> Value {
    let goal = s.slo.goal;
    let remaining_events = s.budget_events - s.period.counts.bad as f64;
    json!({
        "slo": slo_json(&s.slo),
        "dataEndTime": rfc3339(s.end * 1000),
        "periodStartTime": rfc3339(s.period_start * 1000),
        "periodSeconds": s.period_secs,
        "goal": goal,
        "sli": s.sli,
        "events": {
            "good": s.period.counts.good, "bad": s.period.counts.bad, "total": s.period.counts.total,
            // What an event is: a request, or (windowsBased) a whole window, which counts
            // once it has ended; `requests` are those inside the windows.
            "unit": if matches!(s.slo.sli, runlane_alerting::model::Sli::Windows { .. }) { "windows" } else { "requests" },
            "requests": s.period.requests,
        },
        "errorBudget": {
            "remainingFraction": s.budget_remaining,
            "allowedBadEvents": s.budget_events,
            "badEvents": s.period.counts.bad,
            "remainingEvents": remaining_events,
            "totalOutageSeconds": s.budget_outage_secs,
            "remainingOutageSeconds": s.budget_remaining.map(|r| r * s.budget_outage_secs),
        },
        "burnRates": s.burn_rates.iter().map(|(l, b, c)| json!({ "lookback": secs(*l), "burnRate": b, "events": counts_json(*c) })).collect::<Vec<_>>(),
        "revisions": s.breakdown.iter().map(|r| json!({ "revision": r.revision, "events": counts_json(r.counts), "shareOfBad": r.share_of_bad })).collect::<Vec<_>>(),
        "burnDown": s.burn_down.iter().map(|p| json!({ "endTime": rfc3339(p.end * 1000), "budgetRemaining": p.budget_remaining, "burnRate": p.burn_rate, "events": counts_json(p.step) })).collect::<Vec<_>>(),
        "openIncidents": s.open_incidents.iter().map(|i| format!("projects/{}/incidents/{i}", s.slo.project)).collect::<Vec<_>>(),
        "recovery": recovery_json(s.recovery, s.recovery_lookback),
    })
}

/// When the SLI is back over the goal at the rate of the last `lookback` seconds.
fn recovery_json(recovery: runlane_alerting::Recovery, lookback: u64) -> Value {
    use runlane_alerting::Recovery;
    let (state, seconds) = match recovery {
        Recovery::Met => ("MET", None),
        Recovery::In(d) => ("RECOVERING", Some(d.as_secs_f64().ceil())),
        Recovery::NotAtRecentRate => ("NOT_RECOVERING", None),
        Recovery::NoRecentData => ("NO_RECENT_DATA", None),
    };
    json!({ "state": state, "secondsToGoal": seconds, "rateLookback": secs(lookback) })
}

fn record(ms: i64) -> Value {
    json!({ "mutateTime": rfc3339(ms), "mutatedBy": "runlane" })
}

fn policy_json(p: &Policy) -> Value {
    let conditions: Vec<Value> = p
        .conditions
        .iter()
        .map(|c| {
            let kind = if c.absent { "conditionAbsent" } else { "conditionThreshold" };
            let mut v = json!({
                "name": p.condition_name(c),
                "displayName": c.display_name,
                kind: {
                    "filter": c.filter,
                    "duration": secs(c.duration_secs),
                },
            });
            if !c.absent {
                v[kind]["comparison"] = json!(c.comparison.as_str());
                v[kind]["thresholdValue"] = json!(c.threshold);
            }
            if let Some(a) = &c.aggregation {
                let mut agg = json!({ "alignmentPeriod": secs(a.alignment_secs) });
                if let Some(x) = &a.aligner {
                    agg["perSeriesAligner"] = json!(x);
                }
                if let Some(x) = &a.reducer {
                    agg["crossSeriesReducer"] = json!(x);
                }
                if !a.group_by.is_empty() {
                    agg["groupByFields"] = json!(a.group_by);
                }
                v[kind]["aggregations"] = json!([agg]);
            }
            if let Some(t) = c.trigger {
                v[kind]["trigger"] = match t {
                    Trigger::Count(n) => json!({ "count": n }),
                    Trigger::Percent(p) => json!({ "percent": p }),
                };
            }
            v
        })
        .collect();
    let mut v = json!({
        "name": p.name(),
        "displayName": p.display_name,
        "conditions": conditions,
        "combiner": p.combiner.as_str(),
        "enabled": p.enabled,
        "notificationChannels": p.channels,
        "userLabels": p.user_labels,
        "creationRecord": record(p.created_ms),
        "mutationRecord": record(p.updated_ms),
    });
    if let Some(d) = &p.documentation {
        v["documentation"] = json!({ "content": d.content, "mimeType": d.mime_type });
    }
    if let Some(a) = p.auto_close_secs {
        v["alertStrategy"] = json!({ "autoClose": secs(a) });
    }
    if let Some(s) = &p.severity {
        v["severity"] = json!(s);
    }
    v
}

fn channel_json(c: &Channel) -> Value {
    json!({
        "name": c.name(),
        "type": c.kind,
        "displayName": c.display_name,
        "description": c.description,
        "labels": c.labels,
        "userLabels": c.user_labels,
        "enabled": c.enabled,
        "verificationStatus": "VERIFICATION_STATUS_UNSPECIFIED",
        "creationRecord": record(c.created_ms),
    })
}

fn incident_json(a: &Alerting, i: &Incident) -> Value {
    let time = |ms: Option<i64>| ms.map(rfc3339);
    json!({
        "name": format!("projects/{}/incidents/{}", i.project, i.id),
        "id": i.id.to_string(),
        "state": i.state.as_str(),
        "url": a.incident_url(&i.project, i.id),
        "policy": i.policy,
        "policyDisplayName": i.policy_display_name,
        "conditions": i.conditions,
        "service": i.service,
        "slo": i.slo,
        "sloDisplayName": i.slo_display_name,
        "severity": i.severity,
        "openTime": rfc3339(i.opened_ms),
        "conditionMetTime": rfc3339(i.condition_met_ms),
        "resolveTime": time(i.resolved_ms),
        "closeTime": time(i.closed_ms),
        "acknowledged": i.acknowledged.as_ref().map(|k| json!({ "by": k.by, "time": rfc3339(k.at_ms) })),
        "observed": i.observed.iter().map(|o| json!({
            "condition": o.condition, "displayName": o.display_name, "filter": o.filter,
            "value": o.value, "comparison": o.comparison.as_str(), "thresholdValue": o.threshold,
            "lookback": o.lookback_secs.map(secs),
        })).collect::<Vec<_>>(),
        "burnRateAtOpen": i.burn_rate_at_open,
        "peakBurnRate": i.peak_burn_rate,
        "peakTime": time(i.peak_ms),
        "sli": i.sli,
        "budgetRemaining": i.budget_remaining,
        "goal": i.goal,
        "topRevision": i.top_revision().map(|r| r.revision.clone()),
        "breakdownWindow": secs(i.breakdown_window_secs),
        "breakdown": i.breakdown.iter().map(|r| json!({ "revision": r.revision, "bad": r.bad, "total": r.total, "shareOfBad": r.share_of_bad })).collect::<Vec<_>>(),
        "inhibitedBy": i.inhibited_by.map(|h| format!("projects/{}/incidents/{h}", i.project)),
        "timeline": i.timeline.iter().map(|e| json!({ "time": rfc3339(e.at_ms), "kind": e.kind, "message": e.message, "channel": e.channel, "by": e.by })).collect::<Vec<_>>(),
        "resolvedFigures": i.resolved_figures.as_ref().map(|f| json!({ "burnRate": f.burn_rate, "lookback": f.lookback_secs.map(secs), "sli": f.sli })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trigger_is_kept_or_refused_naming_its_field() {
        let policy = |trigger: Value| json!({"displayName": "p", "conditions": [{"conditionThreshold": {
            "filter": "select_slo_burn_rate(\"projects/default/services/s/serviceLevelObjectives/a\", \"300s\")",
            "comparison": "COMPARISON_GT", "thresholdValue": 10, "trigger": trigger}}]});
        for trigger in [json!({"count": 1}), json!({"percent": 50.0}), json!({"percent": 100.0})] {
            let p = policy_from_json(&policy(trigger.clone()), "default", String::new()).unwrap();
            assert_eq!(policy_json(&p)["conditions"][0]["conditionThreshold"]["trigger"], trigger);
        }
        let p = policy_from_json(&policy(json!({})), "default", String::new()).unwrap();
        assert_eq!(p.conditions[0].trigger, None);
        assert!(policy_json(&p)["conditions"][0]["conditionThreshold"].get("trigger").is_none());
        for (trigger, field) in [(json!({"count": 2}), "trigger.count"), (json!({"count": 0}), "trigger.count"), (json!({"count": 1.5}), "trigger.count"),
                                 (json!({"percent": 0}), "trigger.percent"), (json!({"percent": 120}), "trigger.percent"), (json!({"percent": "x"}), "trigger.percent"),
                                 (json!({"count": 1, "percent": 50}), "trigger"), (json!({"ratio": 1}), "trigger.ratio"), (json!(3), "trigger")] {
            let e = policy_from_json(&policy(trigger.clone()), "default", String::new()).unwrap_err();
            assert!(e.message.contains(&format!("conditions[0].conditionThreshold.{field}:")), "{trigger}: {}", e.message);
        }
    }

    fn check_slo(v: Value) {
        let slo = slo_from_json(&v, "default", "jokes", "availability")
            .unwrap_or_else(|e| panic!("{v}: {}", e.message));
        let back = slo_json(&slo);
        for k in ["serviceLevelIndicator", "goal", "displayName"] {
            assert_eq!(back[k], v[k], "{k} of {v}");
        }
    }

    #[test]
    fn slos_round_trip_through_the_monitoring_shape() {
        check_slo(
            json!({"displayName": "availability", "goal": 0.99, "rollingPeriod": "86400s", "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {
            "goodServiceFilter": "metric.type=\"run.googleapis.com/request_count\" metric.labels.response_code_class=\"2xx\"",
            "badServiceFilter": "metric.type=\"run.googleapis.com/request_count\" metric.labels.response_code_class=\"5xx\""}}}}),
        );
        check_slo(
            json!({"displayName": "fast", "goal": 0.95, "calendarPeriod": "MONTH", "serviceLevelIndicator": {"requestBased": {"distributionCut": {
            "distributionFilter": "metric.type=\"run.googleapis.com/request_latencies\"", "range": {"max": 300.0}}}}}),
        );
        check_slo(
            json!({"displayName": "basic", "goal": 0.999, "rollingPeriod": "3600s", "serviceLevelIndicator": {"basicSli": {"availability": {}}}}),
        );
        check_slo(
            json!({"displayName": "windows", "goal": 0.9, "rollingPeriod": "86400s", "serviceLevelIndicator": {"windowsBased": {
            "windowPeriod": "60s", "goodTotalRatioThreshold": {"basicSliPerformance": {"availability": {}}, "threshold": 0.95}}}}),
        );
        check_slo(
            json!({"displayName": "probes", "goal": 0.9, "rollingPeriod": "3600s", "serviceLevelIndicator": {"windowsBased": {
            "windowPeriod": "60s", "goodBadMetricFilter": "metric.type=\"monitoring.googleapis.com/uptime_check/check_passed\" metric.labels.check_id=\"jokes-1\""}}}),
        );
    }

    fn check_err(v: Value, field: &str) {
        let e = slo_from_json(&v, "default", "jokes", "x").unwrap_err();
        assert!(
            e.violations.0.iter().any(|f| f.field == field),
            "{field} in {:?}",
            e.violations
        );
    }

    #[test]
    fn bad_slos_name_the_field() {
        check_err(json!({"rollingPeriod": "86400s"}), "goal");
        check_err(json!({"goal": 0.9}), "rollingPeriod");
        check_err(
            json!({"goal": 0.9, "rollingPeriod": "1.5s", "serviceLevelIndicator": {}}),
            "rollingPeriod",
        );
        check_err(
            json!({"goal": 0.9, "rollingPeriod": "3600s", "serviceLevelIndicator": {"windowsBased": {"windowPeriod": "60s"}}}),
            "serviceLevelIndicator.windowsBased",
        );
    }

    /// The first violation of reading `doc` as `kind`, as `field: description`.
    fn error_of(kind: &str, doc: &Value) -> String {
        let e = match kind {
            "slo" => slo_from_json(doc, "default", "jokes", "x").err(),
            "policy" => policy_from_json(doc, "default", String::new()).err(),
            "channel" => channel_from_json(doc, "default".into(), String::new()).err(),
            other => panic!("no reader for {other}"),
        };
        let e = e.unwrap_or_else(|| panic!("{kind} {doc} was accepted"));
        let f = &e.violations.0[0];
        format!("{}: {}", f.field, f.description)
    }

    fn check_error(kind: &str, doc: Value, expected: &str) {
        assert_eq!(error_of(kind, &doc), expected, "{kind} {doc}");
    }

    #[test]
    fn errors_name_the_path_from_the_root_and_what_is_accepted() {
        let slo = |sli: Value| json!({"goal": 0.99, "rollingPeriod": "86400s", "serviceLevelIndicator": sli});
        let windows = |rule: Value| slo(json!({"windowsBased": rule}));
        for (doc, expected) in [
            (json!({"rollingPeriod": "86400s"}), "goal: give the goal as a fraction, e.g. 0.99 for 99%"),
            (json!({"goal": "x"}), "goal: \"x\" is not a number"),
            (json!({"goal": true}), "goal: expected a number, got true"),
            (json!({"goal": 0.9, "rollingPeriod": "1.5s"}), "rollingPeriod: \"1.5s\" must be a whole number of seconds"),
            (json!({"goal": 0.9, "rollingPeriod": "5m"}), "rollingPeriod: \"5m\" is not a duration; write seconds with an s, such as \"300s\" or \"1.5s\""),
            (json!({"goal": 0.9, "rollingPeriod": "60s", "calendarPeriod": "DAY"}), "rollingPeriod: give exactly one of rollingPeriod (e.g. \"86400s\") and calendarPeriod (DAY, WEEK, FORTNIGHT, MONTH)"),
            (json!({"goal": 0.9, "calendarPeriod": "YEAR"}), "calendarPeriod: \"YEAR\" is not supported; use DAY, WEEK, FORTNIGHT or MONTH"),
            (json!({"goal": 0.9, "rollingPeriod": "60s"}), "serviceLevelIndicator: give requestBased, basicSli or windowsBased"),
            (slo(json!({})), "serviceLevelIndicator: give requestBased (goodTotalRatio or distributionCut), basicSli or windowsBased"),
            (slo(json!("availability")), "serviceLevelIndicator: expected an object with requestBased, basicSli or windowsBased, got \"availability\""),
            (slo(json!({"requestBased": {}})), "serviceLevelIndicator.requestBased: give goodTotalRatio or distributionCut"),
            (slo(json!({"requestBased": []})), "serviceLevelIndicator.requestBased: expected an object with goodTotalRatio or distributionCut, got []"),
            (slo(json!({"requestBased": {"goodTotalRatio": {"goodServiceFilter": 3}}})), "serviceLevelIndicator.requestBased.goodTotalRatio.goodServiceFilter: expected a string, got 3"),
            (slo(json!({"requestBased": {"distributionCut": {}}})), "serviceLevelIndicator.requestBased.distributionCut.distributionFilter: give a request_latencies filter"),
            (slo(json!({"requestBased": {"distributionCut": {"distributionFilter": "f", "range": {"max": "x"}}}})), "serviceLevelIndicator.requestBased.distributionCut.range.max: \"x\" is not a number"),
            (slo(json!({"basicSli": {}})), "serviceLevelIndicator.basicSli: give availability: {} or latency: {threshold: \"0.3s\"}"),
            (slo(json!({"basicSli": {"latency": {}}})), "serviceLevelIndicator.basicSli.latency.threshold: give the latency threshold, e.g. \"0.3s\""),
            (slo(json!({"basicSli": {"latency": {"threshold": 300}}})), "serviceLevelIndicator.basicSli.latency.threshold: expected a string, got 300"),
            (slo(json!({"prometheus": {}})), "serviceLevelIndicator.prometheus.url: give the Prometheus server, e.g. \"http://127.0.0.1:9090\""),
            (slo(json!({"prometheus": {"url": "http://127.0.0.1:9090", "goodQuery": ["up"]}})), "serviceLevelIndicator.prometheus.goodQuery: expected a string, got [\"up\"]"),
            (windows(json!({})), "serviceLevelIndicator.windowsBased.windowPeriod: give the window length, e.g. \"60s\""),
            (windows(json!({"windowPeriod": "1.5s"})), "serviceLevelIndicator.windowsBased.windowPeriod: \"1.5s\" must be a whole number of seconds"),
            (windows(json!({"windowPeriod": "60s", "goodTotalRatioThreshold": {}})), "serviceLevelIndicator.windowsBased.goodTotalRatioThreshold: give performance (goodTotalRatio or distributionCut) or basicSliPerformance"),
            (windows(json!({"windowPeriod": "60s", "goodTotalRatioThreshold": {"basicSliPerformance": {"availability": {}}}})), "serviceLevelIndicator.windowsBased.goodTotalRatioThreshold.threshold: give the performance a good window needs, e.g. 0.95"),
            (windows(json!({"windowPeriod": "60s", "goodTotalRatioThreshold": {"performance": {"goodTotalRatio": {"badServiceFilter": false}}, "threshold": 0.9}})), "serviceLevelIndicator.windowsBased.goodTotalRatioThreshold.performance.goodTotalRatio.badServiceFilter: expected a string, got false"),
            (windows(json!({"windowPeriod": "60s", "metricMeanInRange": {"timeSeries": "f"}})), "serviceLevelIndicator.windowsBased.metricMeanInRange.range: give range.min and/or range.max"),
            (windows(json!({"windowPeriod": "60s", "metricSumInRange": {"range": {"max": 1}}})), "serviceLevelIndicator.windowsBased.metricSumInRange.timeSeries: give the time-series filter"),
            (json!({"goal": 0.9, "userLabels": {"team": 1}}), "userLabels.team: label values are strings, got 1"),
            (json!({"goal": 0.9, "userLabels": ["team"]}), "userLabels: expected an object of strings, got [\"team\"]"),
        ] {
            check_error("slo", doc, expected);
        }
        let condition = |threshold: Value| json!({"conditions": [{"conditionThreshold": threshold}]});
        let burn = |extra: Value| {
            let mut t = json!({"filter": "select_slo_burn_rate(\"projects/default/services/s/serviceLevelObjectives/a\", \"300s\")"});
            t.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            condition(t)
        };
        for (doc, expected) in [
            (json!({"conditions": 3}), "conditions: expected a list of conditions"),
            (json!({"conditions": [3]}), "conditions[0]: expected an object with conditionThreshold or conditionAbsent, got 3"),
            (json!({"conditions": [{"conditionMatchedLog": {}}]}), "conditions[0]: condition kind \"conditionMatchedLog\" is not supported; runlane evaluates conditionThreshold (with an SLO selector such as select_slo_burn_rate, or a metric filter) and conditionAbsent (a metric filter)"),
            (json!({"conditions": [{"conditionThreshold": {}, "conditionAbsent": {}}]}), "conditions[0]: a condition is a conditionThreshold or a conditionAbsent, not both"),
            (json!({"conditions": [{"conditionAbsent": {"filter": 7}}]}), "conditions[0].conditionAbsent.filter: expected a string, got 7"),
            (json!({"conditions": [{"displayName": 7, "conditionAbsent": {}}]}), "conditions[0].displayName: expected a string, got 7"),
            (burn(json!({"comparison": "GT"})), "conditions[0].conditionThreshold.comparison: \"GT\" is not supported; use COMPARISON_GT, COMPARISON_GE, COMPARISON_LT or COMPARISON_LE"),
            (burn(json!({"thresholdValue": "ten"})), "conditions[0].conditionThreshold.thresholdValue: \"ten\" is not a number"),
            (burn(json!({"duration": "5m"})), "conditions[0].conditionThreshold.duration: \"5m\" is not a duration; write seconds with an s, such as \"300s\" or \"1.5s\""),
            (burn(json!({"aggregations": {}})), "conditions[0].conditionThreshold.aggregations: expected a list of aggregations, got {}"),
            (burn(json!({"aggregations": [{}, {}]})), "conditions[0].conditionThreshold.aggregations: runlane applies one aggregation per condition; give one (alignmentPeriod, perSeriesAligner, crossSeriesReducer, groupByFields)"),
            (burn(json!({"aggregations": [{"groupByFields": [1]}]})), "conditions[0].conditionThreshold.aggregations[0].groupByFields[0]: expected a string"),
            (burn(json!({"aggregations": [{"alignmentPeriod": 60}]})), "conditions[0].conditionThreshold.aggregations[0].alignmentPeriod: expected a string, got 60"),
            (burn(json!({"trigger": {"ratio": 1}})), "conditions[0].conditionThreshold.trigger.ratio: a trigger has count or percent"),
            (burn(json!({"trigger": 3})), "conditions[0].conditionThreshold.trigger: expected {\"count\": N} or {\"percent\": P}, got 3"),
            (burn(json!({"trigger": {"count": 2}})), "conditions[0].conditionThreshold.trigger.count: select_slo_* conditions are one time series, so a count of 2 could never be met; use count 1 or a percent"),
            (json!({"combiner": "XOR"}), "combiner: \"XOR\" is not a combiner; use AND, OR or AND_WITH_MATCHING_RESOURCE"),
            (json!({"enabled": "yes"}), "enabled: expected true or false, got \"yes\""),
            (json!({"notificationChannels": "projects/default/notificationChannels/1"}), "notificationChannels: expected a list of strings, got \"projects/default/notificationChannels/1\""),
            (json!({"notificationChannels": [1]}), "notificationChannels[0]: expected a string"),
            (json!({"documentation": "runbook"}), "documentation: expected an object with content and mimeType, got \"runbook\""),
            (json!({"documentation": {"content": 1}}), "documentation.content: expected a string, got 1"),
            (json!({"alertStrategy": {"autoClose": 1800}}), "alertStrategy.autoClose: expected a string, got 1800"),
            (json!({"severity": 2}), "severity: expected a string, got 2"),
        ] {
            check_error("policy", doc, expected);
        }
        for (doc, expected) in [
            (json!({}), "type: give the channel type: email, webhook_tokenauth or slack"),
            (json!({"type": 3}), "type: expected a string, got 3"),
            (json!({"type": "email", "labels": {"email_address": true}}), "labels.email_address: label values are strings, got true"),
            (json!({"type": "email", "enabled": 1}), "enabled: expected true or false, got 1"),
        ] {
            check_error("channel", doc, expected);
        }
    }

    #[test]
    fn nulls_are_absent_and_unknown_fields_are_ignored() {
        let p = policy_from_json(&json!({"displayName": null, "enabled": null, "someFutureField": {"x": 1},
            "conditions": [{"conditionThreshold": {"filter": "metric.type=\"x\"", "trigger": null, "aggregations": null, "extra": 1}}]}), "default", String::new()).unwrap();
        assert_eq!((p.display_name.as_str(), p.enabled, p.conditions[0].trigger, p.conditions[0].aggregation.is_none()), ("alert policy", true, None, true));
        let c = channel_from_json(&json!({"type": "email", "labels": null, "unknown": [1]}), "default".into(), String::new()).unwrap();
        assert!(c.labels.is_empty() && c.enabled);
    }

    #[test]
    fn policies_read_what_gcloud_sends() {
        let v = json!({"combiner": "AND", "conditions": [{"conditionThreshold": {"comparison": "COMPARISON_GT", "duration": "0s",
            "filter": "select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/availability\", \"300s\")", "thresholdValue": 10.0},
            "displayName": "fast burn"}], "displayName": "jokes fast burn", "notificationChannels": ["projects/default/notificationChannels/1"],
            "alertStrategy": {"autoClose": "1800s"}, "userLabels": {"runlane_resolve_after": "30s"}});
        let p = policy_from_json(&v, "default", "9".into()).unwrap();
        assert_eq!(p.combiner, Combiner::And);
        assert_eq!(p.auto_close_secs, Some(1800));
        assert_eq!(p.resolve_after_secs(), 30);
        assert_eq!(p.conditions[0].threshold, 10.0);
        let back = policy_json(&p);
        assert_eq!(
            back["conditions"][0]["conditionThreshold"]["filter"],
            v["conditions"][0]["conditionThreshold"]["filter"]
        );
        let absent = json!({"conditions": [{"conditionAbsent": {}}]});
        assert!(policy_from_json(&absent, "default", String::new())
            .unwrap_err()
            .message
            .contains("conditionAbsent"));
    }

    #[test]
    fn order_by_sorts_before_paging_and_its_pages_follow_the_order() {
        let channel = |id: &str, name: &str, kind: &str| json!({"name": format!("projects/p/notificationChannels/{id}"), "displayName": name, "type": kind});
        let items = vec![channel("1", "b", "email"), channel("2", "a", "webhook_tokenauth"), channel("3", "c", "email"), channel("4", "a", "email")];
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>();
        let names = |page: &Value| page["notificationChannels"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()).collect::<Vec<_>>();
        let all = ordered_page("notificationChannels", items.clone(), &q(&[("orderBy", "-display_name")]), &list_filter::CHANNEL_FIELDS).unwrap();
        assert_eq!(names(&all), ["3", "1", "2", "4"]);
        let mut seen = Vec::new();
        let mut token = String::new();
        loop {
            let page = ordered_page("notificationChannels", items.clone(), &q(&[("orderBy", "type,display_name"), ("pageSize", "2"), ("pageToken", &token)]), &list_filter::CHANNEL_FIELDS).unwrap();
            assert_eq!(page["totalSize"], 4);
            seen.extend(names(&page));
            match page["nextPageToken"].as_str() {
                Some(next) => token = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(seen, ["4", "1", "3", "2"]);
        let e = ordered_page("notificationChannels", items.clone(), &q(&[("orderBy", "display_name desc")]), &list_filter::CHANNEL_FIELDS).unwrap_err();
        assert_eq!(e.violations.0[0].field, "orderBy");
        assert!(e.message.contains("display_name desc") && e.message.contains("leading `-`"), "{}", e.message);
        let e = ordered_page("notificationChannels", items, &q(&[("orderBy", "type"), ("pageToken", "zz")]), &list_filter::CHANNEL_FIELDS).unwrap_err();
        assert_eq!(e.violations.0[0].field, "pageToken");
    }
}
