//! The admin API: Knative `serving.knative.dev/v1` REST over HTTP/JSON, served by
//! axum. It parses and renders wire shapes (see `wire`) and calls the controller.
//!
//! Invariants: only this crate knows the Knative JSON shapes and Google's error
//! format; every error names the field or resource at fault; a write is answered
//! only after the controller has made it durable and published it.
#![forbid(unsafe_code)]

pub mod error;
pub mod selector;
pub mod wire;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
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
        .route("/healthz", get(|| async { "ok\n" }))
        .route(&format!("{K}/services"), get(list_all_services))
        .route(&format!("{K}/revisions"), get(list_all_revisions))
        .route(&format!("{K}/namespaces/{{ns}}/services"), get(list_services).post(create_service))
        .route(&format!("{K}/namespaces/{{ns}}/services/{{name}}"), get(get_service).put(replace_service).delete(delete_service))
        .route(&format!("{K}/namespaces/{{ns}}/revisions"), get(list_revisions))
        .route(&format!("{K}/namespaces/{{ns}}/revisions/{{name}}"), get(get_revision).delete(delete_revision))
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::not_found(format!("no API at {}; the Knative API lives under {K}/namespaces/NAMESPACE/services", uri.path()))
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(controller)
}

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve(listener: tokio::net::TcpListener, controller: Controller, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router(controller)).with_graceful_shutdown(shutdown).await
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    label_selector: Option<String>,
}

async fn list_all_services(State(c): State<Controller>) -> Response {
    let items = c.list_services(None).await.iter().map(wire::service_json).collect();
    Json(wire::list_json("ServiceList", items)).into_response()
}

async fn list_services(State(c): State<Controller>, Path(ns): Path<String>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    let selector = selector::parse(q.label_selector.as_deref().unwrap_or(""))?;
    let items = c
        .list_services(Some(&ns))
        .await
        .iter()
        .filter(|v| selector.matches(&v.service.meta.labels))
        .map(wire::service_json)
        .collect();
    Ok(Json(wire::list_json("ServiceList", items)).into_response())
}

async fn get_service(State(c): State<Controller>, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    Ok(Json(wire::service_json(&c.get_service(&ns, &name).await?)).into_response())
}

async fn create_service(State(c): State<Controller>, Path(ns): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let write = wire::service_write(&body, &ns, None)?;
    let view = c.create_service(write).await?;
    Ok((StatusCode::OK, Json(wire::service_json(&view))).into_response())
}

async fn replace_service(State(c): State<Controller>, Path((ns, name)): Path<(String, String)>, body: Bytes) -> Result<Response, ApiError> {
    let write = wire::service_write(&body, &ns, Some(&name))?;
    let view = c.replace_service(write).await?;
    Ok(Json(wire::service_json(&view)).into_response())
}

async fn delete_service(State(c): State<Controller>, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    c.delete_service(&ns, &name).await?;
    Ok(Json(deleted_status("services", &name)).into_response())
}

async fn list_all_revisions(State(c): State<Controller>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    revisions_reply(&c, None, q).await
}

async fn list_revisions(State(c): State<Controller>, Path(ns): Path<String>, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    revisions_reply(&c, Some(&ns), q).await
}

async fn revisions_reply(c: &Controller, ns: Option<&str>, q: ListQuery) -> Result<Response, ApiError> {
    let selector = selector::parse(q.label_selector.as_deref().unwrap_or(""))?;
    let service = selector.required_value(runlane_model::LABEL_SERVICE);
    let items = c
        .list_revisions(ns, service)
        .await
        .iter()
        .filter(|v| selector.matches(&v.revision.meta.labels))
        .map(wire::revision_json)
        .collect();
    Ok(Json(wire::list_json("RevisionList", items)).into_response())
}

async fn get_revision(State(c): State<Controller>, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    Ok(Json(wire::revision_json(&c.get_revision(&ns, &name).await?)).into_response())
}

async fn delete_revision(State(c): State<Controller>, Path((ns, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    c.delete_revision(&ns, &name).await?;
    Ok(Json(deleted_status("revisions", &name)).into_response())
}

fn deleted_status(kind: &str, name: &str) -> serde_json::Value {
    json!({ "apiVersion": "v1", "kind": "Status", "status": "Success", "details": { "name": name, "group": "serving.knative.dev", "kind": kind } })
}
