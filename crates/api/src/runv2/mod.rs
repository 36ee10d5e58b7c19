//! The Cloud Run Admin API v2 over REST (`/v2/projects/P/locations/L/…`), which
//! Google's client libraries (`google-cloud-run`'s `ServicesClient` and
//! `RevisionsClient`) and newer gcloud commands speak. It serves the same services,
//! revisions, traffic and IAM policies as the Knative API and v1 (the project is the
//! namespace, the location the region label of `cloudrun`), in v2's shapes (`wire`).
//!
//! Writes (create, update, delete of a service; delete of a revision) answer with a
//! `google.longrunning.Operation`, as Cloud Run does. The write itself is durable and
//! published before the answer, like every write; the operation only tells the client
//! when the service is serving. runlane keeps no operation records: an operation's id
//! names what it waits for (`operations::OpId`: kind, generation, service uid, name), and
//! each read works out from the service as it is now whether it is done, so operations
//! survive a restart and cost nothing to keep.

mod operations;
pub mod wire;

use crate::cloudrun::{self, in_region, region_of, visible};
use crate::error::ApiError;
use crate::slo::{apply_update_mask, page_keyed, update_mask};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use operations::{OpId, OpKind};
use runlane_controller::{ControlError, Controller, ServiceView};
use serde_json::{json, Value};
use std::collections::HashMap;

const L: &str = "/v2/projects/{project}/locations/{location}";

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{L}/services"), get(list_services).post(create_service))
        // `{name}:getIamPolicy` is one path segment; matchit cannot split it, so we do.
        .route(&format!("{L}/services/{{rest}}"), get(service_call).patch(service_call).delete(service_call).post(service_call))
        .route(&format!("{L}/services/{{service}}/revisions"), get(list_revisions))
        .route(&format!("{L}/services/{{service}}/revisions/{{revision}}"), get(get_revision).delete(delete_revision))
        .route(&format!("{L}/operations"), get(list_operations))
        .route(&format!("{L}/operations/{{rest}}"), get(operation_call).delete(operation_call).post(operation_call))
}

type Q = Query<HashMap<String, String>>;

fn parent(project: &str, location: &str) -> String {
    format!("projects/{project}/locations/{location}")
}

/// The region a path addresses; `-` is every region (lists only).
fn region(location: &str) -> Option<&str> {
    (location != "-").then_some(location)
}

/// A service as v2 names it: under the region it runs in, whatever the path said.
fn service_json(view: &ServiceView, project: &str) -> Value {
    wire::service_json(view, &parent(project, region_of(&view.service)))
}

fn param<'a>(q: &'a HashMap<String, String>, camel: &str, snake: &str) -> Option<&'a str> {
    q.get(camel).or(q.get(snake)).map(String::as_str).filter(|v| !v.is_empty())
}

fn flag(q: &HashMap<String, String>, camel: &str, snake: &str) -> Result<bool, ApiError> {
    match param(q, camel, snake) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(v) => Err(ApiError::field(camel, format!("{v:?} is not a boolean; use true or false"))),
    }
}

/// `validateOnly` asks for a preview of the result without making the change, which
/// runlane cannot give yet; refusing says so instead of making the change.
fn refuse_validate_only(q: &HashMap<String, String>) -> Result<(), ApiError> {
    if flag(q, "validateOnly", "validate_only")? {
        return Err(ApiError::field("validateOnly", "is not supported by runlane: requests are carried out; leave it false"));
    }
    Ok(())
}

fn controller_error(e: ControlError) -> ApiError {
    wire::v2_error(e.into())
}

/// The etag precondition of an update or delete: `etag` must be the current one.
fn check_etag(given: Option<&str>, resource_version: u64, what: &str) -> Result<(), ApiError> {
    let Some(given) = given else { return Ok(()) };
    match wire::parse_etag(given) {
        None => Err(ApiError::field("etag", format!("{given:?} is not an etag runlane gave out; send back the one you read, or leave it out"))),
        Some(v) if v != resource_version => Err(ApiError::new(
            StatusCode::CONFLICT,
            "ABORTED",
            format!("the etag {given} is not the current one of {what} ({}): it changed since you read it; read it again and retry", wire::etag(resource_version)),
        )),
        Some(_) => Ok(()),
    }
}

/// Google's list pages (`pageSize`, `pageToken`, `nextPageToken`) in the order of the
/// items' keys, without the `totalSize` that Cloud Run's list replies do not have.
fn page(field: &str, items: Vec<(String, Value)>, q: &HashMap<String, String>) -> Result<Response, ApiError> {
    if let Some(size) = param(q, "pageSize", "page_size") {
        if size.starts_with('-') {
            return Err(ApiError::field("pageSize", format!("{size} is negative; give a whole number from 1 to 1000, or 0 for the default")));
        }
    }
    let mut page = page_keyed(field, items, q)?;
    if let Some(o) = page.as_object_mut() {
        o.remove("totalSize");
    }
    Ok(Json(page).into_response())
}

fn by_name(v: Value) -> (String, Value) {
    (v["name"].as_str().unwrap_or_default().to_owned(), v)
}

// === services ===

async fn list_services(State(c): State<Controller>, Path((project, location)): Path<(String, String)>, Query(q): Q) -> Result<Response, ApiError> {
    let region = region(&location);
    let items = c.list_services(Some(&project)).await.iter().filter(|v| visible(&v.service, region)).map(|v| by_name(service_json(v, &project))).collect();
    page("services", items, &q)
}

async fn create_service(State(c): State<Controller>, Path((project, location)): Path<(String, String)>, Query(q): Q, body: Bytes) -> Result<Response, ApiError> {
    refuse_validate_only(&q)?;
    if location == "-" {
        return Err(ApiError::field("parent", format!("{} names every region; create the service in one (projects/{project}/locations/REGION)", parent(&project, &location))));
    }
    let Some(id) = param(&q, "serviceId", "service_id") else {
        return Err(ApiError::field("serviceId", "is required: the name of the new service (lowercase letters, digits and hyphens, starting with a letter)"));
    };
    let full = format!("{}/services/{id}", parent(&project, &location));
    let mut write = wire::service_write(&body, &project, id, &full)?;
    cloudrun::locate_write(&mut write, Some(&location), None).map_err(wire::v2_error)?;
    cloudrun::check_free(&c, &write).await?;
    let view = c.create_service(write).await.map_err(controller_error)?;
    Ok(Json(operations::service_op(&OpId::new(OpKind::Create, &view.service), &view, &project)).into_response())
}

/// `GET NAME`, `PATCH NAME`, `DELETE NAME`, and the IAM verbs `NAME:getIamPolicy`,
/// `NAME:setIamPolicy`, `NAME:testIamPermissions`.
async fn service_call(
    State(c): State<Controller>,
    method: Method,
    Path((project, location, rest)): Path<(String, String, String)>,
    Query(q): Q,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (name, verb) = rest.split_once(':').map_or((rest.as_str(), None), |(n, v)| (n, Some(v)));
    let region = region(&location);
    match (verb, &method) {
        (None, &Method::GET) => Ok(Json(service_json(&in_region(c.get_service(&project, name).await?, region)?, &project)).into_response()),
        (None, &Method::PATCH) => update_service(&c, &project, &location, name, &q, &body).await,
        (None, &Method::DELETE) => delete_service(&c, &project, region, name, &q).await,
        (Some(verb), method) => match cloudrun::iam_call(&c, &project, name, region, verb, method, &body).await? {
            Some(reply) => Ok(reply),
            None => Err(unknown_call(method, &rest)),
        },
        (None, method) => Err(unknown_call(method, &rest)),
    }
}

fn unknown_call(method: &Method, rest: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("no API for {method} services/{rest}; a service answers GET, PATCH and DELETE, GET or POST :getIamPolicy, POST :setIamPolicy and POST :testIamPermissions"),
    )
}

/// The fields of a Service an `updateMask` may name.
fn service_field(name: &str) -> bool {
    [
        "name", "description", "labels", "annotations", "client", "clientVersion", "ingress", "launchStage", "binaryAuthorization", "template", "traffic", "scaling",
        "invokerIamDisabled", "defaultUriDisabled", "iapEnabled", "multiRegionSettings", "customAudiences", "buildConfig", "etag",
    ]
    .contains(&name)
}

/// `UpdateService`: without `updateMask` the body replaces the service (Cloud Run's
/// v2 semantics: an absent `traffic` is 100% to the latest revision); with one, only the
/// fields it names change. `allowMissing` creates a service that does not exist.
async fn update_service(c: &Controller, project: &str, location: &str, name: &str, q: &HashMap<String, String>, body: &[u8]) -> Result<Response, ApiError> {
    refuse_validate_only(q)?;
    let allow_missing = flag(q, "allowMissing", "allow_missing")?;
    let region = region(location);
    let existing = match c.get_service(project, name).await {
        Ok(v) => Some(in_region(v, region)?),
        Err(ControlError::NotFound { .. }) if allow_missing && region.is_some() => None,
        Err(e) => return Err(e.into()),
    };
    let patch: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| ApiError::field("service", format!("is not a valid google.cloud.run.v2.Service JSON object: {e}")))?
    };
    let parent = parent(project, existing.as_ref().map_or(location, |v| region_of(&v.service)));
    let full = format!("{parent}/services/{name}");
    let merged = match &existing {
        Some(view) => {
            let mut merged = apply_update_mask(wire::service_json(view, &parent), patch.clone(), update_mask(q), service_field)?;
            // The etag precondition is the client's, whatever the mask names.
            match patch.get("etag") {
                Some(etag) => merged["etag"] = etag.clone(),
                None => {
                    if let Some(o) = merged.as_object_mut() {
                        o.remove("etag");
                    }
                }
            }
            merged
        }
        None => patch,
    };
    let body = serde_json::to_vec(&merged).map_err(|e| ApiError::field("service", e.to_string()))?;
    let mut write = wire::service_write(&body, project, name, &full)?;
    if let (Some(view), Some(seen)) = (&existing, merged.get("etag").and_then(Value::as_str)) {
        // Said in v2's words here; the controller checks it again under its lock.
        check_etag(Some(seen), view.service.meta.resource_version, &format!("service {name:?}"))?;
    }
    cloudrun::locate_write(&mut write, region, existing.as_ref().map(|v| &v.service)).map_err(wire::v2_error)?;
    if let Some(view) = &existing {
        // v2 shows an empty split as its meaning, LATEST 100; sent back, it is no change.
        let default = [runlane_model::TrafficTarget::latest(runlane_model::Percent::HUNDRED)];
        if view.service.spec.traffic.is_empty() && write.spec.traffic == default {
            write.spec.traffic.clear();
        }
    }
    let (kind, view) = match existing {
        Some(_) => (OpKind::Update, c.replace_service(write).await.map_err(controller_error)?),
        None => {
            cloudrun::check_free(c, &write).await?;
            (OpKind::Create, c.create_service(write).await.map_err(controller_error)?)
        }
    };
    Ok(Json(operations::service_op(&OpId::new(kind, &view.service), &view, project)).into_response())
}

async fn delete_service(c: &Controller, project: &str, region: Option<&str>, name: &str, q: &HashMap<String, String>) -> Result<Response, ApiError> {
    refuse_validate_only(q)?;
    let view = in_region(c.get_service(project, name).await?, region)?;
    let etag = param(q, "etag", "etag");
    check_etag(etag, view.service.meta.resource_version, &format!("service {name:?}"))?;
    // Said in v2's words above; the controller checks it again with the delete.
    c.delete_service_at(project, name, etag.and_then(wire::parse_etag)).await?;
    let id = OpId::new(OpKind::Delete, &view.service);
    Ok(Json(operations::done(&id, &parent(project, region_of(&view.service)), wire::SERVICE_TYPE, service_json(&view, project))).into_response())
}

// === revisions ===

/// The service a revision path names, in the region it names.
async fn owning_service(c: &Controller, project: &str, location: &str, service: &str) -> Result<ServiceView, ApiError> {
    in_region(c.get_service(project, service).await?, region(location))
}

async fn list_revisions(State(c): State<Controller>, Path((project, location, service)): Path<(String, String, String)>, Query(q): Q) -> Result<Response, ApiError> {
    let view = owning_service(&c, &project, &location, &service).await?;
    let parent = parent(&project, region_of(&view.service));
    // Newest first, as Cloud Run lists revisions (and runlane's v1 list does).
    let items = c
        .list_revisions(Some(&project), Some(&service))
        .await
        .iter()
        .map(|r| (format!("{:020}.{}", u64::MAX - r.revision.configuration_generation, r.revision.meta.name), wire::revision_json(r, &parent)))
        .collect();
    page("revisions", items, &q)
}

async fn revision_of(c: &Controller, project: &str, location: &str, service: &str, revision: &str) -> Result<(runlane_controller::RevisionView, String), ApiError> {
    let view = owning_service(c, project, location, service).await?;
    let r = c.get_revision(project, revision).await?;
    if r.revision.service != service {
        return Err(ApiError::not_found(format!("revision {revision:?} does not belong to service {service:?} (it is a revision of {:?})", r.revision.service)));
    }
    Ok((r, parent(project, region_of(&view.service))))
}

async fn get_revision(State(c): State<Controller>, Path((project, location, service, revision)): Path<(String, String, String, String)>) -> Result<Response, ApiError> {
    let (r, parent) = revision_of(&c, &project, &location, &service, &revision).await?;
    Ok(Json(wire::revision_json(&r, &parent)).into_response())
}

async fn delete_revision(State(c): State<Controller>, Path((project, location, service, revision)): Path<(String, String, String, String)>, Query(q): Q) -> Result<Response, ApiError> {
    refuse_validate_only(&q)?;
    let (r, parent) = revision_of(&c, &project, &location, &service, &revision).await?;
    check_etag(param(&q, "etag", "etag"), r.revision.meta.resource_version, &format!("revision {revision:?}"))?;
    c.delete_revision(&project, &revision).await?;
    let id = OpId::for_revision(&r.revision);
    Ok(Json(operations::done(&id, &parent, wire::REVISION_TYPE, wire::revision_json(&r, &parent))).into_response())
}

// === operations ===

/// One operation per service: the one of its current generation.
async fn list_operations(State(c): State<Controller>, Path((project, location)): Path<(String, String)>, Query(q): Q) -> Result<Response, ApiError> {
    let region = region(&location);
    let items = c
        .list_services(Some(&project))
        .await
        .iter()
        .filter(|v| visible(&v.service, region))
        .map(|v| {
            let kind = if v.service.meta.generation <= 1 { OpKind::Create } else { OpKind::Update };
            by_name(operations::service_op(&OpId::new(kind, &v.service), v, &project))
        })
        .collect();
    page("operations", items, &q)
}

/// `GET NAME`, `DELETE NAME` and `POST NAME:wait`.
async fn operation_call(
    State(c): State<Controller>,
    method: Method,
    Path((project, location, rest)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (id_text, verb) = rest.split_once(':').map_or((rest.as_str(), None), |(n, v)| (n, Some(v)));
    let id = OpId::parse(id_text).ok_or_else(|| {
        ApiError::not_found(format!("operation {:?} does not exist: runlane's operation ids are the ones its create, update and delete replies name", format!("{}/operations/{id_text}", parent(&project, &location))))
    })?;
    match (verb, method) {
        (None, Method::GET) => Ok(Json(operations::current(&c, &project, &location, &id).await).into_response()),
        // Operations are worked out from the services, so there is no record to delete.
        (None, Method::DELETE) => Ok(Json(json!({})).into_response()),
        (Some("wait"), Method::POST) => {
            let timeout = operations::wait_timeout(&body)?;
            Ok(Json(operations::wait(&c, &project, &location, &id, timeout).await).into_response())
        }
        (verb, method) => Err(ApiError::not_found(format!(
            "no API for {method} operations/{rest}; an operation answers GET, DELETE and POST :wait{}",
            verb.map_or_else(String::new, |v| format!(" (not :{v})"))
        ))),
    }
}
