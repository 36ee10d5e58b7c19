//! Logs over HTTP: the Cloud Logging v2 `entries:list` subset that
//! `gcloud logging read` and `gcloud run services logs read` use
//! (`POST /v2/entries:list`), with Cloud Run's log names and entry shapes.
//!
//! Only this module knows the Logging JSON; the filter language and the store
//! are `runlane_telemetry::logs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Json;
use runlane_controller::Controller;
use runlane_telemetry::logs::{format_time, severity_name, Cursor, LogEntry, LogFilter, LogQuery};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::metrics::telemetry;

/// Largest page served (Cloud Logging's limit too).
const MAX_PAGE: usize = 1000;

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new().route("/v2/entries:list", post(list_entries))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ListRequest {
    resource_names: Vec<String>,
    project_ids: Vec<String>,
    filter: String,
    order_by: String,
    page_size: Option<i64>,
    page_token: String,
}

async fn list_entries(State(c): State<Controller>, images: Option<axum::Extension<runlane_image::ImageStore>>, headers: axum::http::HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let t = telemetry(&c)?.clone();
    let req: ListRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::field("body", format!("not an entries.list request: {e}")))?;
    // A build's log (`gcloud builds log`) is kept with its record, not in the log store.
    if let Some(axum::Extension(images)) = images {
        if let Some(reply) = crate::cloudbuild::log_entries(&images, &req.filter)? {
            return Ok(Json(reply).into_response());
        }
    }
    let q = parse_request(req)?;
    let (entries, next) = tokio::task::spawn_blocking(move || t.log_db().query(&q))
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                format!("the query failed: {e}"),
            )
        })?
        .map_err(|e| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                e.to_string(),
            )
        })?;
    let text_only = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.contains(".run.services.logs.read") || ua.contains(".run.jobs.logs.read"));
    let mut reply = json!({ "entries": entries.iter().map(|e| {
        let mut entry = entry_json(e);
        if text_only {
            structured_as_text(&mut entry);
        }
        entry
    }).collect::<Vec<_>>() });
    if let Some(next) = next {
        reply["nextPageToken"] = json!(next.encode());
    }
    Ok(Json(reply).into_response())
}

fn parse_request(req: ListRequest) -> Result<LogQuery, ApiError> {
    let mut projects = Vec::new();
    for name in &req.resource_names {
        match name.strip_prefix("projects/") {
            Some(p) if !p.contains('/') => projects.push(p.to_owned()),
            _ => {
                return Err(ApiError::field(
                    "resourceNames",
                    format!("{name:?} is not supported; runlane keeps logs per project: use projects/PROJECT (the namespace)"),
                ))
            }
        }
    }
    projects.extend(req.project_ids);
    let filter = LogFilter::parse(&req.filter).map_err(|e| ApiError::field("filter", e.message))?;
    let newest_first = match req.order_by.trim() {
        "" | "timestamp asc" | "timestamp" => false,
        "timestamp desc" => true,
        other => {
            return Err(ApiError::field(
                "orderBy",
                format!("{other:?} is not supported; use \"timestamp asc\" or \"timestamp desc\""),
            ))
        }
    };
    let limit = match req.page_size {
        None => MAX_PAGE,
        Some(n) if n > 0 => (n as usize).min(MAX_PAGE),
        Some(n) => {
            return Err(ApiError::field(
                "pageSize",
                format!("{n} is not a page size; use 1 to {MAX_PAGE}"),
            ))
        }
    };
    let after = match req.page_token.as_str() {
        "" => None,
        token => Some(Cursor::decode(token).ok_or_else(|| {
            ApiError::field(
                "pageToken",
                "not a page token from a previous reply; start without one",
            )
        })?),
    };
    Ok(LogQuery {
        filter,
        projects,
        newest_first,
        limit,
        after,
    })
}

/// `gcloud run services logs read` prints `textPayload` for every stdout and stderr
/// entry and crashes (TypeError, joining None) on a structured one, as it would on
/// Cloud Run. For that command only (its User-Agent names it), a `jsonPayload` is sent as
/// text: its `message` when it has one, else the JSON itself. Every other client gets
/// the entry as stored.
fn structured_as_text(entry: &mut Value) {
    let Some(Value::Object(mut payload)) = entry.as_object_mut().and_then(|o| o.remove("jsonPayload")) else { return };
    let text = match payload.remove("message") {
        Some(Value::String(m)) => m,
        Some(other) => {
            payload.insert("message".into(), other);
            Value::Object(payload).to_string()
        }
        None => Value::Object(payload).to_string(),
    };
    entry["textPayload"] = json!(text);
}

/// A stored entry as Cloud Logging's `LogEntry` (Cloud Run's shape).
pub fn entry_json(e: &LogEntry) -> Value {
    let mut out = json!({
        "logName": e.log_name(),
        "resource": { "type": "cloud_run_revision", "labels": {
            "project_id": e.namespace, "service_name": e.service, "revision_name": e.revision,
            "configuration_name": e.service, "location": e.location,
        }},
        "timestamp": format_time(e.timestamp),
        "receiveTimestamp": format_time(e.timestamp),
        "severity": severity_name(e.severity),
        "insertId": e.id.to_string(),
    });
    let mut labels = Map::new();
    if !e.instance.is_empty() {
        labels.insert("instanceId".into(), json!(e.instance));
    }
    out["labels"] = Value::Object(labels);
    if let Some(text) = &e.text {
        out["textPayload"] = json!(text);
    }
    if let Some(j) = &e.json {
        out["jsonPayload"] = j.clone();
    }
    if let Some(h) = &e.http {
        out["httpRequest"] = json!({
            "requestMethod": h.method,
            "requestUrl": h.url,
            "status": h.status,
            "requestSize": h.request_size.to_string(),
            "responseSize": h.response_size.to_string(),
            "userAgent": h.user_agent,
            "remoteIp": h.remote_ip,
            "referer": h.referer,
            "latency": format!("{}.{:06}s", h.latency_us / 1_000_000, h.latency_us % 1_000_000),
            "protocol": h.protocol,
        });
    }
    if let Some(trace) = &e.trace {
        out["trace"] = json!(trace);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_entries_become_text_for_gclouds_logs_read() {
        let mut e = json!({"logName": "l", "jsonPayload": {"message": "boom", "code": 7}});
        structured_as_text(&mut e);
        assert_eq!(e, json!({"logName": "l", "textPayload": "boom"}));
        let mut e = json!({"jsonPayload": {"code": 7}});
        structured_as_text(&mut e);
        assert_eq!(e, json!({"textPayload": "{\"code\":7}"}));
        let mut e = json!({"textPayload": "plain"});
        structured_as_text(&mut e);
        assert_eq!(e, json!({"textPayload": "plain"}));
    }

    #[test]
    fn reads_what_gcloud_run_services_logs_read_sends() {
        let req: ListRequest = serde_json::from_value(json!({
            "filter": "resource.type = cloud_run_revision \n AND resource.labels.service_name = jokes \n AND resource.labels.location = us-central1 \n AND severity >= DEFAULT \n AND timestamp>=\"2024-05-01T10:00:00Z\"",
            "orderBy": "timestamp desc", "pageSize": 20, "resourceNames": ["projects/demo"]
        }))
        .unwrap();
        let q = parse_request(req).unwrap();
        assert_eq!(
            (q.projects, q.newest_first, q.limit),
            (vec!["demo".to_owned()], true, 20)
        );
        let bad = serde_json::from_value(json!({"resourceNames": ["organizations/1"]})).unwrap();
        assert!(parse_request(bad)
            .unwrap_err()
            .message
            .contains("runlane keeps logs per project"));
        let bad = serde_json::from_value(json!({"filter": "textPayload=~\"x\""})).unwrap();
        assert!(parse_request(bad)
            .unwrap_err()
            .message
            .contains("regular expressions"));
    }

    #[test]
    fn request_entries_look_like_cloud_runs() {
        let e = LogEntry {
            id: 7,
            timestamp: 1_700_000_000_000_000_000,
            namespace: "demo".into(),
            service: "jokes".into(),
            revision: "jokes-00001-abc".into(),
            instance: "jokes-00001-abc-1".into(),
            location: "us-central1".into(),
            kind: runlane_telemetry::LogKind::Request,
            severity: 500,
            text: None,
            json: None,
            http: Some(runlane_telemetry::logs::HttpRequest {
                method: "GET".into(),
                url: "http://jokes.localhost/".into(),
                status: 503,
                latency_us: 1_500_250,
                ..Default::default()
            }),
            trace: None,
        };
        let j = entry_json(&e);
        assert_eq!(
            j["logName"],
            "projects/demo/logs/run.googleapis.com%2Frequests"
        );
        assert_eq!(j["severity"], "ERROR");
        assert_eq!(j["httpRequest"]["status"], 503);
        assert_eq!(j["httpRequest"]["latency"], "1.500250s");
        assert_eq!(j["labels"]["instanceId"], "jokes-00001-abc-1");
    }
}
