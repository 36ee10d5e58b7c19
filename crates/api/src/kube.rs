//! What `kubectl` needs beyond the Knative REST paths to treat runlane as a cluster
//! serving `serving.knative.dev/v1`: legacy discovery (`/api`, `/apis`, the group's
//! `APIResourceList` with verbs, short names and categories as Knative's CRDs declare
//! them), `/version`, the server-side `Table` rendering `kubectl get` asks for (with the
//! CRDs' printer columns), JSON merge patch (what client-side `kubectl apply` sends for
//! custom resources) and `metadata.name` field selectors (what `kubectl delete` polls).
//!
//! Aggregated discovery (`as=APIGroupDiscoveryList`) is not offered: kubectl asks for it
//! first and, given plain `application/json`, falls back to the legacy documents, as it
//! does against any server older than Kubernetes 1.26. The OpenAPI v3 document is
//! minimal (kinds with open fields, and `fieldValidation` on PATCH) so that `kubectl
//! apply` validates server-side, against what runlane actually reads; there is no
//! OpenAPI v2 document.

use crate::error::ApiError;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use runlane_controller::Controller;
use serde_json::{json, Map, Value};

const GROUP: &str = "serving.knative.dev";
const GROUP_VERSION: &str = "serving.knative.dev/v1";

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        // No core (`v1`) kinds: kubectl takes an empty version list, not an empty `/api/v1`.
        .route("/api", get(|| async { Json(json!({ "kind": "APIVersions", "versions": [], "serverAddressByClientCIDRs": [] })) }))
        .route("/apis", get(|| async { Json(json!({ "kind": "APIGroupList", "apiVersion": "v1", "groups": [group()] })) }))
        .route(&format!("/apis/{GROUP}"), get(|| async { Json(group()) }))
        .route(&format!("/apis/{GROUP_VERSION}"), get(|| async { Json(resource_list()) }))
        .route("/version", get(version))
        .route("/openapi/v3", get(|| async { Json(json!({ "paths": { format!("apis/{GROUP_VERSION}"): { "serverRelativeURL": format!("/openapi/v3/apis/{GROUP_VERSION}?hash={OPENAPI_HASH}") } } })) }))
        .route(&format!("/openapi/v3/apis/{GROUP_VERSION}"), get(|| async { Json(openapi_group()) }))
}

/// Changes when the document does, so kubectl's cache of it is refreshed.
const OPENAPI_HASH: &str = concat!("runlane-", env!("CARGO_PKG_VERSION"), "-1");

/// The group's OpenAPI v3 document, which `kubectl apply` reads before it sends
/// anything. It names the kinds and leaves their fields open, and its PATCH operations
/// declare `fieldValidation`: kubectl then leaves validation to the API (which refuses
/// fields it does not read under `Strict`, naming each path) instead of asking for an
/// OpenAPI v2 document to validate against itself.
fn openapi_group() -> Value {
    let schema = |kind: &str| {
        json!({
            "type": "object",
            "description": format!("A Knative {kind}; runlane checks its fields and names any it refuses."),
            "properties": { "apiVersion": { "type": "string" }, "kind": { "type": "string" }, "metadata": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
                            "spec": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }, "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } },
            "x-kubernetes-group-version-kind": [{ "group": GROUP, "version": "v1", "kind": kind }],
        })
    };
    let field_validation = json!({ "name": "fieldValidation", "in": "query", "schema": { "type": "string" },
        "description": "Strict refuses fields runlane does not read, Warn names them in Warning headers, Ignore drops them." });
    let patch = json!({
        "patch": {
            "operationId": "patchServingKnativeDevV1NamespacedService",
            "parameters": [field_validation],
            "responses": { "200": { "description": "OK" } },
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": { "group": GROUP, "version": "v1", "kind": "Service" },
        }
    });
    json!({
        "openapi": "3.0.0",
        "info": { "title": "runlane", "version": env!("CARGO_PKG_VERSION") },
        "paths": { format!("/apis/{GROUP_VERSION}/namespaces/{{namespace}}/services/{{name}}"): patch },
        "components": { "schemas": { "dev.knative.serving.v1.Service": schema("Service"), "dev.knative.serving.v1.Revision": schema("Revision") } },
    })
}

fn group() -> Value {
    let version = json!({ "groupVersion": GROUP_VERSION, "version": "v1" });
    json!({ "kind": "APIGroup", "apiVersion": "v1", "name": GROUP, "versions": [version], "preferredVersion": version })
}

/// The kinds runlane serves, as Knative's CRDs name them. Revisions are made by
/// services, never created directly, so they take no create/update/patch.
fn resource_list() -> Value {
    let categories = ["all", "knative", "serving"];
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": GROUP_VERSION,
        "resources": [
            { "name": "services", "singularName": "service", "namespaced": true, "kind": "Service",
              "verbs": ["create", "delete", "get", "list", "patch", "update"], "shortNames": ["kservice", "ksvc"], "categories": categories },
            { "name": "revisions", "singularName": "revision", "namespaced": true, "kind": "Revision",
              "verbs": ["delete", "get", "list"], "shortNames": ["rev"], "categories": categories },
        ]
    })
}

/// kubectl prints this in `kubectl version`; the minor version is the Kubernetes API
/// level whose discovery and Table shapes runlane speaks.
async fn version() -> Json<Value> {
    Json(json!({
        "major": "1", "minor": "32",
        "gitVersion": concat!("v1.32.0+runlane-", env!("CARGO_PKG_VERSION")),
        "platform": format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH),
    }))
}

// === Table ===

/// One printer column: its header, its OpenAPI type and how to read it from an object.
struct Column {
    name: &'static str,
    kind: &'static str,
    read: fn(&Value) -> Value,
}

fn ready_condition(object: &Value, field: &str) -> Value {
    object["status"]["conditions"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "Ready"))
        .map_or(Value::Null, |c| c[field].clone())
}

/// Knative's `additionalPrinterColumns`, after the name column every Table starts with.
fn columns(kind: &str) -> Option<Vec<Column>> {
    let name = Column { name: "Name", kind: "string", read: |o| o["metadata"]["name"].clone() };
    let ready = Column { name: "Ready", kind: "string", read: |o| ready_condition(o, "status") };
    let reason = Column { name: "Reason", kind: "string", read: |o| ready_condition(o, "reason") };
    match kind {
        "Service" => Some(vec![
            name,
            Column { name: "URL", kind: "string", read: |o| o["status"]["url"].clone() },
            Column { name: "LatestCreated", kind: "string", read: |o| o["status"]["latestCreatedRevisionName"].clone() },
            Column { name: "LatestReady", kind: "string", read: |o| o["status"]["latestReadyRevisionName"].clone() },
            ready,
            reason,
        ]),
        "Revision" => Some(vec![
            name,
            Column { name: "Config Name", kind: "string", read: |o| o["metadata"]["labels"]["serving.knative.dev/configuration"].clone() },
            Column { name: "Generation", kind: "string", read: |o| o["metadata"]["labels"]["serving.knative.dev/configurationGeneration"].clone() },
            ready,
            reason,
            Column { name: "Actual Replicas", kind: "integer", read: |o| o["status"]["actualReplicas"].clone() },
            Column { name: "Desired Replicas", kind: "integer", read: |o| o["status"]["desiredReplicas"].clone() },
        ]),
        _ => None,
    }
}

/// A `meta.k8s.io/v1` Table of `body` (one object or a `...List`), or `None` when it
/// is of a kind with no columns here. Cells kubectl cannot read stay empty (`null`).
pub fn table(body: &Value) -> Option<Value> {
    let kind = body["kind"].as_str()?;
    let (item_kind, items, list_meta) = match kind.strip_suffix("List") {
        Some(item) => (item, body["items"].as_array()?.clone(), body["metadata"].clone()),
        None => (kind, vec![body.clone()], json!({ "resourceVersion": body["metadata"]["resourceVersion"] })),
    };
    let columns = columns(item_kind)?;
    let definitions: Vec<Value> = columns
        .iter()
        .map(|c| {
            let format = if c.name == "Name" { "name" } else { "" };
            json!({ "name": c.name, "type": c.kind, "format": format, "description": "", "priority": 0 })
        })
        .collect();
    let rows: Vec<Value> = items
        .into_iter()
        .map(|item| {
            let cells: Vec<Value> = columns.iter().map(|c| (c.read)(&item)).collect();
            json!({ "cells": cells, "object": item })
        })
        .collect();
    Some(json!({ "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta, "columnDefinitions": definitions, "rows": rows }))
}

/// Answers with a Table when the client asks for one (`Accept: ...;as=Table;...`, as
/// `kubectl get` does) and the answer is a Knative object or list; everything else
/// passes through untouched.
pub async fn table_when_asked(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let wants_table = request.headers().get_all(header::ACCEPT).iter().any(|v| v.to_str().is_ok_and(|v| v.contains("as=Table")));
    let response = next.run(request).await;
    if !wants_table || response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match serde_json::from_slice::<Value>(&bytes).ok().as_ref().and_then(table) {
        Some(table) => {
            let mut response = Json(table).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;as=Table;v=v1;g=meta.k8s.io"));
            response
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// `watch=true` (`kubectl get -w`) asks for a stream of changes, which runlane does not
/// serve; answering with a plain list would make kubectl print nonsense.
pub async fn refuse_watch(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let watching = request.uri().query().is_some_and(|q| q.split('&').any(|p| p == "watch=true" || p == "watch=1"));
    if watching {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "UNIMPLEMENTED",
            "watching (kubectl get -w) is not supported by runlane; run kubectl get again to see changes",
        )
        .into_response();
    }
    next.run(request).await
}

// === Errors ===

/// Answers kubectl's failed requests with a Kubernetes `Status` (what it prints as
/// `Error from server (NotFound): …` with runlane's own message), converted from the
/// API's Google-style error; other clients keep Google's format, which gcloud reads.
pub async fn status_for_kubectl(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let from_kubectl = request.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).is_some_and(|agent| agent.starts_with("kubectl/"));
    let response = next.run(request).await;
    if !from_kubectl || response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match serde_json::from_slice::<Value>(&bytes).ok().and_then(|v| v["error"]["message"].as_str().map(str::to_owned)) {
        Some(message) => (parts.status, Json(status(parts.status, &message))).into_response(),
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

fn status(code: StatusCode, message: &str) -> Value {
    let reason = match code {
        StatusCode::BAD_REQUEST => "BadRequest",
        StatusCode::UNAUTHORIZED => "Unauthorized",
        StatusCode::FORBIDDEN => "Forbidden",
        StatusCode::NOT_FOUND => "NotFound",
        StatusCode::METHOD_NOT_ALLOWED => "MethodNotAllowed",
        StatusCode::CONFLICT => "Conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "RequestEntityTooLarge",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "UnsupportedMediaType",
        StatusCode::TOO_MANY_REQUESTS => "TooManyRequests",
        StatusCode::SERVICE_UNAVAILABLE => "ServiceUnavailable",
        _ => "InternalError",
    };
    json!({ "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "code": code.as_u16() })
}

// === Patches ===

/// RFC 7386 JSON merge patch: objects merge key by key, `null` removes, anything else
/// replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let target = target.as_object_mut().expect("made an object above");
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The patch a request carries, by its Content-Type; only merge patches are taken, as
/// for any custom resource on Kubernetes.
pub fn parse_patch(content_type: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
    let content_type = content_type.unwrap_or("").split(';').next().unwrap_or("").trim();
    match content_type {
        "application/merge-patch+json" => serde_json::from_slice(body).map_err(|e| ApiError::field("body", format!("is not JSON: {e}"))),
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "INVALID_ARGUMENT",
            format!(
                "patches of type {other:?} are not supported; send a JSON merge patch (Content-Type: application/merge-patch+json, kubectl patch --type merge), as for any custom resource; kubectl apply uses one without --server-side"
            ),
        )),
    }
}

// === Field selectors ===

/// `fieldSelector` as `kubectl delete` sends it (`metadata.name=NAME`): equality terms
/// on `metadata.name` and `metadata.namespace`, joined by commas.
pub fn field_selector_matches(selector: &str, item: &Value) -> Result<bool, ApiError> {
    let mut matches = true;
    for term in selector.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let (field, want, equal) = if let Some((f, v)) = term.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            (f, v, true)
        } else {
            return Err(ApiError::field("fieldSelector", format!("{term:?} is not a term; use metadata.name=NAME or metadata.namespace=NAMESPACE, joined by commas")));
        };
        let have = match field.trim() {
            "metadata.name" => &item["metadata"]["name"],
            "metadata.namespace" => &item["metadata"]["namespace"],
            other => return Err(ApiError::field("fieldSelector", format!("{other:?} cannot be selected on; use metadata.name or metadata.namespace"))),
        };
        matches &= (have.as_str() == Some(want.trim())) == equal;
    }
    Ok(matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_follows_rfc_7386() {
        // The examples of RFC 7386 appendix A, a few of them.
        let check = |target: &str, patch: &str, expected: &str| {
            let mut t: Value = serde_json::from_str(target).unwrap();
            merge_patch(&mut t, &serde_json::from_str(patch).unwrap());
            assert_eq!(t, serde_json::from_str::<Value>(expected).unwrap(), "{target} + {patch}");
        };
        check(r#"{"a":"b"}"#, r#"{"a":"c"}"#, r#"{"a":"c"}"#);
        check(r#"{"a":"b"}"#, r#"{"b":"c"}"#, r#"{"a":"b","b":"c"}"#);
        check(r#"{"a":"b","b":"c"}"#, r#"{"a":null}"#, r#"{"b":"c"}"#);
        check(r#"{"a":[{"b":"c"}]}"#, r#"{"a":[1]}"#, r#"{"a":[1]}"#);
        check(r#"{"a":{"b":"c"}}"#, r#"{"a":{"b":"d","c":null}}"#, r#"{"a":{"b":"d"}}"#);
        check(r#"["a","b"]"#, r#"["c","d"]"#, r#"["c","d"]"#);
        check(r#"{"a":"foo"}"#, r#"{"a":{"bb":{"ccc":null}}}"#, r#"{"a":{"bb":{}}}"#);
    }

    #[test]
    fn services_render_as_knatives_printer_columns() {
        let service = json!({ "kind": "Service", "metadata": { "name": "jokes", "resourceVersion": "3" }, "status": {
            "url": "http://jokes.localhost:8080", "latestCreatedRevisionName": "jokes-00002", "latestReadyRevisionName": "jokes-00001",
            "conditions": [{ "type": "ConfigurationsReady", "status": "Unknown" }, { "type": "Ready", "status": "False", "reason": "RevisionFailed" }] } });
        let t = table(&json!({ "kind": "ServiceList", "metadata": {}, "items": [service] })).unwrap();
        let names: Vec<&str> = t["columnDefinitions"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Name", "URL", "LatestCreated", "LatestReady", "Ready", "Reason"]);
        assert_eq!(t["rows"][0]["cells"], json!(["jokes", "http://jokes.localhost:8080", "jokes-00002", "jokes-00001", "False", "RevisionFailed"]));
        assert_eq!(t["rows"][0]["object"]["metadata"]["name"], "jokes");
        // One object is a one-row table; a kind without columns is left alone.
        assert_eq!(table(&json!({ "kind": "Revision", "metadata": { "name": "r" } })).unwrap()["rows"][0]["cells"][0], "r");
        assert!(table(&json!({ "kind": "Status" })).is_none());
    }

    #[test]
    fn field_selectors_take_name_and_namespace() {
        let item = json!({ "metadata": { "name": "jokes", "namespace": "default" } });
        let check = |selector: &str, expected: bool| assert_eq!(field_selector_matches(selector, &item).unwrap(), expected, "{selector}");
        check("metadata.name=jokes", true);
        check("metadata.name==jokes,metadata.namespace=default", true);
        check("metadata.name=other", false);
        check("metadata.name!=jokes", false);
        check("", true);
        let err = field_selector_matches("spec.x=1", &item).unwrap_err();
        assert!(err.message.contains("metadata.name"), "{}", err.message);
    }

    #[test]
    fn errors_become_kubernetes_statuses() {
        let s = status(StatusCode::NOT_FOUND, "service \"jokes\" does not exist");
        assert_eq!((s["kind"].as_str(), s["reason"].as_str(), s["code"].as_u64()), (Some("Status"), Some("NotFound"), Some(404)));
        assert_eq!(status(StatusCode::CONFLICT, "x")["reason"], "Conflict");
    }

    #[test]
    fn only_merge_patches_are_taken() {
        assert_eq!(parse_patch(Some("application/merge-patch+json"), br#"{"a":1}"#).unwrap(), json!({ "a": 1 }));
        let err = parse_patch(Some("application/strategic-merge-patch+json"), b"{}").unwrap_err();
        assert_eq!(err.code, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(err.message.contains("application/merge-patch+json"), "{}", err.message);
    }
}
