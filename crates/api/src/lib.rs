//! The admin API: Knative `serving.knative.dev/v1` REST over HTTP/JSON, served by
//! axum. It parses and renders wire shapes (see `wire`) and calls the controller.
//!
//! Invariants: only this crate knows the Knative JSON shapes and Google's error
//! format; every error names the field or resource at fault; a write is answered
//! only after the controller has made it durable and published it.
#![forbid(unsafe_code)]

pub mod cloudrun;
pub mod artifacts;
pub mod builds;
pub mod cloudbuild;
pub mod conn;
pub mod auth;
pub mod certs;
pub mod domains;
pub mod error;
pub mod export;
pub mod images;
pub mod kube;
pub mod registry;
pub mod list_filter;
mod paths;
pub mod logging;
pub mod rollouts;
pub mod runv2;
pub mod metrics;
pub mod selector;
pub mod slo;
pub mod storage;
pub mod tls;
pub mod uptime;
pub mod wire;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use cloudrun::HostRegion;
use error::ApiError;
use runlane_controller::Controller;
use serde::Deserialize;
use serde_json::json;
use std::future::Future;

/// Request bodies above this are refused with 413 before they are parsed.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

const K: &str = "/apis/serving.knative.dev/v1";

pub fn router(controller: Controller) -> axum::Router {
    axum::Router::new()
        .route("/healthz", get(healthz))
        .route(STATUS_PATH, get(status))
        .route(&format!("{K}/services"), get(list_all_services))
        .route(&format!("{K}/revisions"), get(list_all_revisions))
        .route(&format!("{K}/namespaces/{{ns}}/services"), get(list_services).post(create_service))
        .route(&format!("{K}/namespaces/{{ns}}/services/{{name}}"), get(get_service).put(replace_service).patch(patch_service).delete(delete_service))
        .route(&format!("{K}/namespaces/{{ns}}/revisions"), get(list_revisions))
        .route(&format!("{K}/namespaces/{{ns}}/revisions/{{name}}"), get(get_revision).delete(delete_revision))
        .merge(cloudrun::routes())
        .merge(runv2::routes())
        .merge(metrics::routes().merge(logging::routes()))
        .merge(slo::routes())
        .merge(uptime::routes())
        .merge(rollouts::routes())
        .merge(export::routes())
        .merge(images::routes())
        .merge(certs::routes())
        .merge(domains::routes())
        .merge(kube::routes())
        .merge(registry::routes())
        .merge(artifacts::routes())
        .merge(builds::routes())
        .merge(storage::routes())
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::not_found(format!("no API at {}; the Knative API lives under {K}/namespaces/NAMESPACE/services", uri.path()))
        })
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(kube::table_when_asked))
        .layer(axum::middleware::from_fn(kube::refuse_watch))
        .layer(axum::middleware::from_fn(paths::check_path_names))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(controller)
}

/// `ok`, or `degraded: WHY` (still 200: the API answers and the router serves; a
/// load balancer must not take runlane out for a full disk, but an operator must see it).
async fn healthz(axum::extract::State(c): axum::extract::State<Controller>) -> String {
    let mut problems = Vec::new();
    if c.store_reserve_released() {
        problems.push("storage: the control plane used its reserved space because the disk filled up; free disk space".to_owned());
    }
    if let Some(why) = c.telemetry().and_then(|t| t.storage().degraded()) {
        problems.push(format!("storage: {why}"));
    }
    if problems.is_empty() {
        "ok\n".to_owned()
    } else {
        format!("degraded: {}\n", problems.join("; "))
    }
}

/// Logs every request at debug level (`RUNLANE_LOG=runlane_api=debug`), with the Host
/// (gcloud's regional prefix) and the User-Agent (gcloud names its command there).
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let headers = request.headers();
    let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let response = next.run(request).await;
    tracing::debug!(%method, %uri, host, agent, status = response.status().as_u16(), "api request");
    response
}

/// `runlane status`: health and the data dir's disk, with its fill forecast.
pub const STATUS_PATH: &str = "/runlane/v1/status";

async fn status(axum::extract::State(c): axum::extract::State<Controller>) -> Json<serde_json::Value> {
    let health = healthz(axum::extract::State(c.clone())).await;
    let storage = c.telemetry().map(|t| {
        let st = t.storage();
        let sample = t.disk_sample();
        // The disk watch's look is the latest; the log writer's is only as fresh as its
        // last batch (none yet on a quiet runlane).
        let (free, total) = sample.as_ref().map_or((st.free_bytes, st.total_bytes), |s| (s.free_bytes, s.total_bytes));
        json!({
            "freeBytes": free.to_string(),
            "totalBytes": total.to_string(),
            "logFloorBytes": t.log_floor(total).to_string(),
            "files": sample.map(|s| s.files.into_iter().map(|(name, bytes)| json!({"name": name, "bytes": bytes.to_string()})).collect::<Vec<_>>()).unwrap_or_default(),
            "fillForecast": st.fill.map(|f| json!({
                "fullInSeconds": f.full_in.as_secs(),
                "bytesPerSecond": f.bytes_per_second,
                "fastestFile": f.fastest_file.as_ref().map(|(name, _)| name.clone()),
                "windowSeconds": f.over.as_secs(),
                "message": f.sentence(),
            })),
        })
    });
    Json(json!({ "health": health.trim_end(), "storage": storage }))
}

/// Where `runlane auth print-identity-token` gets the invoker token (admin token required).
pub const IDENTITY_TOKEN_PATH: &str = "/runlane/v1/identityToken";

/// The API with authentication: what `runlane up` serves. `invoker` is the token that
/// may call private services; API clients fetch it from [`IDENTITY_TOKEN_PATH`].
pub fn app(controller: Controller, auth: auth::ApiAuth, invoker: auth::ApiAuth) -> axum::Router {
    let identity = axum::Router::new().route(
        IDENTITY_TOKEN_PATH,
        get(move || {
            let token = invoker.secret().to_owned();
            async move { Json(json!({ "token": token })) }
        }),
    );
    router(controller)
        .merge(identity)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(auth, auth::require_token))
        .layer(axum::middleware::from_fn(kube::status_for_kubectl))
}

/// A path that exists asked with a verb it does not take: Google's JSON error, not an
/// empty body.
async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "UNIMPLEMENTED",
        format!("{method} is not a verb {} takes; the README's API table lists the verbs of each path", uri.path()),
    )
}

/// Serves `app` on `listener` until `shutdown` resolves, within `limits` (see [`conn`]).
pub async fn serve(listener: tokio::net::TcpListener, app: axum::Router, limits: conn::ConnectionLimits, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    conn::serve_connections(listener, app, limits, shutdown, |stream, _peer| async move { Some(stream) }).await
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    label_selector: Option<String>,
    /// Page size (gcloud's `--page-size`); the reply's `metadata.continue` fetches the next page.
    limit: Option<String>,
    #[serde(rename = "continue")]
    continue_: Option<String>,
    /// `metadata.name=NAME` (what `kubectl delete` polls for the object to be gone).
    field_selector: Option<String>,
}

async fn list_all_services(State(c): State<Controller>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    let selector = selector::parse(q.label_selector.as_deref().unwrap_or(""))?;
    let items = c.list_services(None).await.iter().filter(|v| selector.matches(&v.service.meta.labels)).map(wire::service_json).collect();
    list_reply("ServiceList", items, &q, cloudrun::Order::ByName)
}

async fn list_services(State(c): State<Controller>, region: HostRegion, Path(ns): Path<String>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    let selector = selector::parse(q.label_selector.as_deref().unwrap_or(""))?;
    let items = c
        .list_services(Some(&ns))
        .await
        .iter()
        .filter(|v| selector.matches(&v.service.meta.labels) && cloudrun::visible(&v.service, region.get()))
        .map(wire::service_json)
        .collect();
    list_reply("ServiceList", items, &q, cloudrun::Order::ByName)
}

async fn get_service(State(c): State<Controller>, region: HostRegion, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    let view = cloudrun::in_region(c.get_service(&ns, &name).await?, region.get())?;
    Ok(Json(wire::service_json(&view)).into_response())
}

/// Kubernetes' `fieldValidation` on writes: `Strict` (kubectl's default) refuses
/// fields runlane does not read, `Warn` names them in a `Warning` header, `Ignore` (and
/// no parameter, what gcloud sends) ignores them.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WriteQuery {
    field_validation: Option<String>,
}

impl WriteQuery {
    /// The warnings to send with the answer, or the error that refuses the write.
    fn check(&self, body: &[u8]) -> Result<Vec<String>, ApiError> {
        let unknown = match self.field_validation.as_deref() {
            None | Some("Ignore") => return Ok(Vec::new()),
            Some("Strict" | "Warn") => wire::unknown_service_fields(body),
            Some(other) => return Err(ApiError::field("fieldValidation", format!("{other:?} is not a validation level; use Strict, Warn or Ignore"))),
        };
        if self.field_validation.as_deref() == Some("Strict") && !unknown.is_empty() {
            let mut errors = runlane_model::FieldErrors::default();
            for field in &unknown {
                errors.push(field.clone(), "is not a field runlane reads, and fieldValidation=Strict refuses it; remove it, or have it ignored with kubectl --validate=false (fieldValidation=Ignore)");
            }
            return Err(ApiError::invalid(errors));
        }
        Ok(unknown.into_iter().map(|f| format!("299 - \"unknown field \\\"{f}\\\"\"")).collect())
    }
}

fn with_warnings(mut response: Response, warnings: Vec<String>) -> Response {
    for warning in warnings {
        if let Ok(value) = axum::http::HeaderValue::from_str(&warning) {
            response.headers_mut().append("warning", value);
        }
    }
    response
}

async fn create_service(State(c): State<Controller>, region: HostRegion, Path(ns): Path<String>, Query(wq): Query<WriteQuery>, body: Bytes) -> Result<Response, ApiError> {
    let warnings = wq.check(&body)?;
    let mut write = wire::service_write(&body, &ns, None)?;
    cloudrun::locate_write(&mut write, region.get(), None)?;
    cloudrun::check_free(&c, &write).await?;
    let view = c.create_service(write).await?;
    Ok(with_warnings((StatusCode::OK, Json(wire::service_json(&view))).into_response(), warnings))
}

async fn replace_service(State(c): State<Controller>, region: HostRegion, Path((ns, name)): Path<(String, String)>, Query(wq): Query<WriteQuery>, body: Bytes) -> Result<Response, ApiError> {
    let warnings = wq.check(&body)?;
    let mut write = wire::service_write(&body, &ns, Some(&name))?;
    let existing = cloudrun::in_region(c.get_service(&ns, &name).await?, region.get())?;
    cloudrun::locate_write(&mut write, region.get(), Some(&existing.service))?;
    let view = c.replace_service(write).await?;
    Ok(with_warnings(Json(wire::service_json(&view)).into_response(), warnings))
}

/// PATCH with a JSON merge patch (what client-side `kubectl apply` and `kubectl patch
/// --type merge` send): the patch applies to the service as GET shows it, and the
/// result is written as a PUT would be.
async fn patch_service(
    State(c): State<Controller>,
    region: HostRegion,
    Path((ns, name)): Path<(String, String)>,
    Query(wq): Query<WriteQuery>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let patch = kube::parse_patch(headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), &body)?;
    let warnings = wq.check(&body)?;
    let existing = cloudrun::in_region(c.get_service(&ns, &name).await?, region.get())?;
    let mut merged = wire::service_json(&existing);
    kube::merge_patch(&mut merged, &patch);
    let merged = serde_json::to_vec(&merged).expect("JSON values serialize");
    let mut write = wire::service_write(&merged, &ns, Some(&name))?;
    cloudrun::locate_write(&mut write, region.get(), Some(&existing.service))?;
    let view = c.replace_service(write).await?;
    Ok(with_warnings(Json(wire::service_json(&view)).into_response(), warnings))
}

async fn delete_service(State(c): State<Controller>, region: HostRegion, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    cloudrun::in_region(c.get_service(&ns, &name).await?, region.get())?;
    c.delete_service(&ns, &name).await?;
    Ok(Json(deleted_status("services", &name)).into_response())
}

async fn list_all_revisions(State(c): State<Controller>, region: HostRegion, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    revisions_reply(&c, None, region, q).await
}

async fn list_revisions(State(c): State<Controller>, region: HostRegion, Path(ns): Path<String>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    revisions_reply(&c, Some(&ns), region, q).await
}

async fn revisions_reply(c: &Controller, ns: Option<&str>, region: HostRegion, q: ListQuery) -> Result<Response, ApiError> {
    let selector = selector::parse(q.label_selector.as_deref().unwrap_or(""))?;
    let service = selector.required_value(runlane_model::LABEL_SERVICE);
    let regions: std::collections::HashMap<(String, String), String> = c
        .list_services(ns)
        .await
        .into_iter()
        .map(|v| ((v.service.meta.namespace.clone(), v.service.meta.name.clone()), cloudrun::region_of(&v.service).to_owned()))
        .collect();
    let mut items = Vec::new();
    for v in c.list_revisions(ns, service).await {
        let r = &v.revision;
        let revision_region = regions.get(&(r.meta.namespace.clone(), r.service.clone())).map_or(cloudrun::DEFAULT_REGION, String::as_str);
        if !selector.matches(&r.meta.labels) || region.get().is_some_and(|want| want != revision_region) {
            continue;
        }
        let mut json = wire::revision_json(&v);
        cloudrun::label_revision(&mut json, revision_region);
        items.push(json);
    }
    list_reply("RevisionList", items, &q, cloudrun::Order::NewestFirst)
}

fn list_reply(kind: &str, mut items: Vec<serde_json::Value>, q: &ListQuery, order: cloudrun::Order) -> Result<Response, ApiError> {
    if let Some(selector) = q.field_selector.as_deref() {
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            if kube::field_selector_matches(selector, &item)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    let (items, next) = cloudrun::page(items, q.limit.as_deref(), q.continue_.as_deref(), order)?;
    let mut list = wire::list_json(kind, items);
    if let Some(next) = next {
        list["metadata"]["continue"] = json!(next);
    }
    Ok(Json(list).into_response())
}

/// A revision as seen from `region`: 404 when its service lives elsewhere.
async fn revision_in_region(c: &Controller, ns: &str, name: &str, region: &HostRegion) -> Result<(runlane_controller::RevisionView, String), ApiError> {
    let view = c.get_revision(ns, name).await?;
    let revision_region = match c.get_service(ns, &view.revision.service).await {
        Ok(s) => cloudrun::region_of(&s.service).to_owned(),
        Err(_) => cloudrun::DEFAULT_REGION.to_owned(),
    };
    if let Some(want) = region.get().filter(|want| *want != revision_region) {
        return Err(ApiError::not_found(format!(
            "revision {name:?} does not exist in region {want:?} of namespace {ns:?} (its service runs in {revision_region:?}); use --region {revision_region}"
        )));
    }
    Ok((view, revision_region))
}

async fn get_revision(State(c): State<Controller>, region: HostRegion, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    let (view, revision_region) = revision_in_region(&c, &ns, &name, &region).await?;
    let mut json = wire::revision_json(&view);
    cloudrun::label_revision(&mut json, &revision_region);
    Ok(Json(json).into_response())
}

async fn delete_revision(State(c): State<Controller>, region: HostRegion, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    revision_in_region(&c, &ns, &name, &region).await?;
    c.delete_revision(&ns, &name).await?;
    Ok(Json(deleted_status("revisions", &name)).into_response())
}

fn deleted_status(kind: &str, name: &str) -> serde_json::Value {
    json!({ "apiVersion": "v1", "kind": "Status", "status": "Success", "details": { "name": name, "group": "serving.knative.dev", "kind": kind } })
}

#[cfg(test)]
mod tests {
    use super::WriteQuery;

    #[test]
    fn field_validation_levels() {
        let body = br#"{"metadata":{"name":"a"},"spec":{"replicas":2}}"#;
        let check = |level: Option<&str>| WriteQuery { field_validation: level.map(str::to_owned) }.check(body);
        // No parameter (gcloud) and Ignore: nothing said.
        assert!(check(None).unwrap().is_empty());
        assert!(check(Some("Ignore")).unwrap().is_empty());
        // Warn: one Warning header value per field, in Kubernetes' wording.
        assert_eq!(check(Some("Warn")).unwrap(), [r#"299 - "unknown field \"spec.replicas\"""#]);
        // Strict: refused, naming the field.
        let err = check(Some("Strict")).unwrap_err();
        assert_eq!(err.violations.0[0].field, "spec.replicas");
        let err = check(Some("strict")).unwrap_err();
        assert!(err.message.contains("use Strict, Warn or Ignore"), "{}", err.message);
        // A known body passes Strict.
        assert!(WriteQuery { field_validation: Some("Strict".into()) }.check(br#"{"metadata":{"name":"a"}}"#).unwrap().is_empty());
    }
}
