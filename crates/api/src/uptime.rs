//! Uptime checks over HTTP in Cloud Monitoring v3's shape (`UptimeCheckConfig`), so
//! JSON definitions and unmodified `gcloud monitoring uptime …` work:
//! `projects/{p}/uptimeCheckConfigs[/{id}]` (create, list, get, PATCH with
//! `updateMask`, delete). Only HTTP(S) checks of an `uptime_url` resource on loopback;
//! `tcpCheck`, resource groups and synthetic monitors are refused naming the field.

use crate::error::ApiError;
use crate::slo::{apply_update_mask, page_of, update_mask, Slos};
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use base64::Engine as _;
use runlane_alerting::uptime::{self, AcceptedStatus, ContentMatcher, Matcher, Method, UptimeCheck};
use runlane_alerting::AlertingError;
use runlane_controller::Controller;
use runlane_model::{FieldError, FieldErrors};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

const P: &str = "/v3/projects/{project}";

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{P}/uptimeCheckConfigs"), get(list).post(create))
        .route(
            &format!("{P}/uptimeCheckConfigs/{{id}}"),
            get(get_one).patch(patch).delete(delete),
        )
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AlertingError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                format!("the uptime service failed: {e}"),
            )
        })?
        .map_err(ApiError::from)
}

fn body_json(body: &Bytes) -> Result<Value, ApiError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::field("body", format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(ApiError::field("body", "send a JSON UptimeCheckConfig object"));
    }
    Ok(v)
}

fn name(project: &str, id: &str) -> String {
    format!("projects/{project}/uptimeCheckConfigs/{id}")
}

async fn list(
    Slos(a): Slos,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let items: Vec<Value> = a
        .list_uptime_checks(&project)
        .iter()
        .map(|c| with_last_run(check_json(c), a.last_uptime_run(&c.name())))
        .collect();
    Ok(Json(page_of("uptimeCheckConfigs", items, &q)?).into_response())
}

async fn create(Slos(a): Slos, Path(project): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let check = check_from_json(&body_json(&body)?, &project, "")?;
    let check = blocking(move || a.create_uptime_check(check)).await?;
    Ok(Json(check_json(&check)).into_response())
}

async fn get_one(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let check = a.get_uptime_check(&name(&project, &id))?;
    let run = a.last_uptime_run(&check.name());
    Ok(Json(with_last_run(check_json(&check), run)).into_response())
}

/// The check's last run since runlane started, under runlane's own key (Google keeps
/// results apart from the config; `runlane uptime list` and `describe` show them
/// beside it). Never read back by create or PATCH.
fn with_last_run(mut v: Value, run: Option<runlane_alerting::uptime_run::LastRun>) -> Value {
    if let Some(run) = run {
        v["runlane"] = json!({ "lastRun": {
            "time": crate::wire::rfc3339(run.at_ms),
            "passed": run.passed,
            "latencyMs": run.latency_ms,
            "error": run.error,
        } });
    }
    v
}

/// PATCH: the fields `updateMask` names come from the body (or are cleared); without a
/// mask the body replaces the check, as Google does.
async fn patch(
    Slos(a): Slos,
    Path((project, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let old = a.get_uptime_check(&name(&project, &id))?;
    let v = apply_update_mask(check_json(&old), body_json(&body)?, update_mask(&q), known_field)?;
    let check = check_from_json(&v, &project, &id)?;
    let check = blocking(move || a.update_uptime_check(check)).await?;
    Ok(Json(check_json(&check)).into_response())
}

async fn delete(Slos(a): Slos, Path((project, id)): Path<(String, String)>) -> Result<Response, ApiError> {
    blocking(move || a.delete_uptime_check(&name(&project, &id))).await?;
    Ok(Json(json!({})).into_response())
}

fn known_field(field: &str) -> bool {
    [
        "displayName",
        "httpCheck",
        "contentMatchers",
        "period",
        "timeout",
        "userLabels",
        "monitoredResource",
        "selectedRegions",
        "checkerType",
    ]
    .contains(&field)
}

/// Collects every bad field of one document, so one reply names them all.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, why: impl Into<String>) {
        self.0.push(FieldError::new(field, why));
    }

    fn string(&mut self, v: &Value, field: &str) -> Option<String> {
        match at(v, field)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.push(field, format!("expected a string, got {other}"));
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value, field: &str) -> Option<bool> {
        match at(v, field)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.push(field, format!("expected true or false, got {other}"));
                None
            }
        }
    }

    fn labels(&mut self, v: &Value, field: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        match at(v, field) {
            None => {}
            Some(Value::Object(m)) => {
                for (k, x) in m {
                    match x {
                        Value::String(s) => {
                            out.insert(k.clone(), s.clone());
                        }
                        other => self.push(format!("{field}.{k}"), format!("values are strings, got {other}")),
                    }
                }
            }
            Some(other) => self.push(field, format!("expected an object of strings, got {other}")),
        }
        out
    }

    /// Google's JSON duration (`"60s"`), in seconds.
    fn duration(&mut self, v: &Value, field: &str) -> Option<f64> {
        let text = self.string(v, field)?;
        match runlane_model::duration::parse_google(&text) {
            Ok(d) => Some(d.as_secs_f64()),
            Err(e) => {
                self.push(field, e);
                None
            }
        }
    }
}

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k)).filter(|v| !v.is_null())
}

/// An `UptimeCheckConfig` document → a check of `project` (its `name` is ignored: the
/// path says which check it is).
pub fn check_from_json(v: &Value, project: &str, id: &str) -> Result<UptimeCheck, ApiError> {
    let mut e = Errors::default();
    for refused in ["tcpCheck", "resourceGroup", "syntheticMonitor"] {
        if at(v, refused).is_some() {
            e.push(refused, "runlane runs HTTP(S) checks of a URL on loopback only; give monitoredResource and httpCheck");
        }
    }
    if at(v, "isInternal") == Some(&Value::Bool(true)) || at(v, "internalCheckers").is_some() {
        e.push("internalCheckers", "runlane checks from itself; internal checkers do not apply");
    }
    let display_name = e.string(v, "displayName").unwrap_or_default();
    match e.string(v, "monitoredResource.type").as_deref() {
        None | Some("uptime_url") => {}
        Some(other) => e.push("monitoredResource.type", format!("{other:?} is not supported; give uptime_url (a host on loopback)")),
    }
    let host = e.string(v, "monitoredResource.labels.host").unwrap_or_default();
    let host = host.trim().trim_start_matches('[').trim_end_matches(']').to_owned();
    if let Some(p) = e.string(v, "monitoredResource.labels.project_id") {
        if p != project {
            e.push("monitoredResource.labels.project_id", format!("{p:?} is not this check's project {project:?}"));
        }
    }
    if at(v, "monitoredResource").is_none() {
        e.push("monitoredResource", "give the host to check: {\"type\": \"uptime_url\", \"labels\": {\"host\": \"SERVICE.localhost\"}}");
    }
    let use_ssl = e.boolean(v, "httpCheck.useSsl").unwrap_or(false);
    let validate_ssl = e.boolean(v, "httpCheck.validateSsl").unwrap_or(false);
    let port = match at(v, "httpCheck.port") {
        None => Some(if use_ssl { 443 } else { 80 }),
        Some(Value::Number(n)) => n.as_u64().and_then(|p| u16::try_from(p).ok()),
        Some(Value::String(s)) => s.parse::<u16>().ok(),
        Some(_) => None,
    };
    let port = port.unwrap_or_else(|| {
        e.push("httpCheck.port", "give a port from 1 to 65535");
        1
    });
    let path = e.string(v, "httpCheck.path").filter(|p| !p.is_empty()).unwrap_or_else(|| "/".into());
    // Google prepends the slash a path lacks.
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let method = match e.string(v, "httpCheck.requestMethod").as_deref() {
        None | Some("GET") | Some("METHOD_UNSPECIFIED") => Method::Get,
        Some("POST") => Method::Post,
        Some(other) => {
            e.push("httpCheck.requestMethod", format!("{other:?} is not a method; give GET or POST"));
            Method::Get
        }
    };
    let headers = e.labels(v, "httpCheck.headers");
    let content_type = match e.string(v, "httpCheck.contentType").as_deref() {
        None | Some("TYPE_UNSPECIFIED") => None,
        Some("URL_ENCODED") => Some("application/x-www-form-urlencoded".to_owned()),
        Some("USER_PROVIDED") => match e.string(v, "httpCheck.customContentType") {
            Some(t) => Some(t),
            None => {
                e.push("httpCheck.customContentType", "give the content type USER_PROVIDED stands for");
                None
            }
        },
        Some(other) => {
            e.push("httpCheck.contentType", format!("{other:?} is not a content type; give URL_ENCODED or USER_PROVIDED"));
            None
        }
    };
    let body = e.string(v, "httpCheck.body").and_then(|b| {
        match base64::engine::general_purpose::STANDARD.decode(b.as_bytes()).map(String::from_utf8) {
            Ok(Ok(text)) => Some(text),
            _ => {
                e.push("httpCheck.body", "give the body base64-encoded (UTF-8 text)");
                None
            }
        }
    });
    // gcloud sends an empty authInfo with every check.
    let credentials = ["httpCheck.authInfo.username", "httpCheck.authInfo.password"]
        .iter()
        .any(|f| at(v, f).and_then(Value::as_str).is_some_and(|s| !s.is_empty()));
    if credentials {
        e.push("httpCheck.authInfo", "not supported by runlane; send credentials in httpCheck.headers");
    }
    let mut accepted = Vec::new();
    match at(v, "httpCheck.acceptedResponseStatusCodes") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("httpCheck.acceptedResponseStatusCodes[{i}]");
                if let Some(n) = item.get("statusValue") {
                    match n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                        Some(code) => accepted.push(AcceptedStatus::Value(code)),
                        None => e.push(format!("{field}.statusValue"), format!("{n} is not an HTTP status code")),
                    }
                } else if let Some(c) = item.get("statusClass") {
                    let class = match c.as_str() {
                        Some("STATUS_CLASS_ANY") => Some(0),
                        Some(s) => s
                            .strip_prefix("STATUS_CLASS_")
                            .and_then(|s| s.strip_suffix("XX"))
                            .and_then(|d| d.parse::<u16>().ok())
                            .filter(|d| (1..=5).contains(d)),
                        None => None,
                    };
                    match class {
                        Some(c) => accepted.push(AcceptedStatus::Class(c)),
                        None => e.push(format!("{field}.statusClass"), format!("{c} is not a class; give STATUS_CLASS_1XX … STATUS_CLASS_5XX or STATUS_CLASS_ANY")),
                    }
                } else {
                    e.push(field, "give statusValue or statusClass");
                }
            }
        }
        Some(other) => e.push("httpCheck.acceptedResponseStatusCodes", format!("expected a list, got {other}")),
    }
    let mut content_matchers = Vec::new();
    match at(v, "contentMatchers") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let content = e.string(item, "content").unwrap_or_default();
                let matcher = match item.get("matcher").and_then(Value::as_str) {
                    None | Some("CONTENT_MATCHER_OPTION_UNSPECIFIED") => Matcher::ContainsString,
                    Some(m) => Matcher::parse(m).unwrap_or_else(|| {
                        e.push(
                            format!("contentMatchers[{i}].matcher"),
                            format!("{m:?} is not supported; give one of {}", Matcher::NAMES.map(|(n, _)| n).join(", ")),
                        );
                        Matcher::ContainsString
                    }),
                };
                content_matchers.push(ContentMatcher { content, matcher });
            }
        }
        Some(other) => e.push("contentMatchers", format!("expected a list, got {other}")),
    }
    let period = e.duration(v, "period").unwrap_or(uptime::DEFAULT_PERIOD_SECS as f64);
    if period.fract() != 0.0 {
        e.push("period", format!("{period}s is not a whole number of seconds"));
    }
    let timeout_secs = e.duration(v, "timeout").unwrap_or(uptime::DEFAULT_TIMEOUT_SECS);
    let user_labels = e.labels(v, "userLabels");
    let check = UptimeCheck {
        project: project.to_owned(),
        id: id.to_owned(),
        display_name,
        host,
        port,
        use_ssl,
        validate_ssl,
        path,
        method,
        headers,
        content_type,
        body,
        accepted,
        content_matchers,
        period_secs: period as u64,
        timeout_secs,
        user_labels,
        created_ms: 0,
    };
    // The model's own rules, unless a field already failed to parse (one error a field).
    for (field, why) in check.errors() {
        if !e.0.iter().any(|f| f.field == field) {
            e.push(field, why);
        }
    }
    if e.0.is_empty() {
        Ok(check)
    } else {
        Err(ApiError::invalid(FieldErrors(e.0)))
    }
}

fn secs(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{}s", s as u64)
    } else {
        format!("{s}s")
    }
}

pub fn check_json(c: &UptimeCheck) -> Value {
    let mut http = Map::new();
    http.insert("requestMethod".into(), json!(c.method.as_str()));
    http.insert("useSsl".into(), json!(c.use_ssl));
    http.insert("path".into(), json!(c.path));
    http.insert("port".into(), json!(c.port));
    http.insert("validateSsl".into(), json!(c.validate_ssl));
    if !c.headers.is_empty() {
        http.insert("headers".into(), json!(c.headers));
    }
    if let Some(t) = &c.content_type {
        if t == "application/x-www-form-urlencoded" {
            http.insert("contentType".into(), json!("URL_ENCODED"));
        } else {
            http.insert("contentType".into(), json!("USER_PROVIDED"));
            http.insert("customContentType".into(), json!(t));
        }
    }
    if let Some(b) = &c.body {
        http.insert("body".into(), json!(base64::engine::general_purpose::STANDARD.encode(b)));
    }
    if !c.accepted.is_empty() {
        let codes: Vec<Value> = c
            .accepted
            .iter()
            .map(|a| match a {
                AcceptedStatus::Value(v) => json!({ "statusValue": v }),
                AcceptedStatus::Class(0) => json!({ "statusClass": "STATUS_CLASS_ANY" }),
                AcceptedStatus::Class(d) => json!({ "statusClass": format!("STATUS_CLASS_{d}XX") }),
            })
            .collect();
        http.insert("acceptedResponseStatusCodes".into(), json!(codes));
    }
    let mut v = json!({
        "name": c.name(),
        "displayName": c.display_name,
        "monitoredResource": { "type": "uptime_url", "labels": { "host": c.host, "project_id": c.project } },
        "httpCheck": http,
        "period": secs(c.period_secs as f64),
        "timeout": secs(c.timeout_secs),
        "checkerType": "STATIC_IP_CHECKERS",
    });
    if !c.content_matchers.is_empty() {
        v["contentMatchers"] = json!(c
            .content_matchers
            .iter()
            .map(|m| json!({ "content": m.content, "matcher": m.matcher.name() }))
            .collect::<Vec<_>>());
    }
    if !c.user_labels.is_empty() {
        v["userLabels"] = json!(c.user_labels);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Vec<String> {
        match check_from_json(&v, "default", "x") {
            Ok(c) => panic!("accepted {c:?}"),
            Err(e) => e.violations.0.iter().map(|f| f.field.clone()).collect(),
        }
    }

    #[test]
    fn a_google_document_round_trips() {
        let doc = json!({
            "displayName": "hello up",
            "monitoredResource": { "type": "uptime_url", "labels": { "host": "hello.localhost", "project_id": "default" } },
            "httpCheck": {
                "requestMethod": "POST", "path": "/ping", "port": 8080, "useSsl": false, "validateSsl": false,
                "headers": { "X-Probe": "1" }, "contentType": "URL_ENCODED", "body": "YT0x",
                "acceptedResponseStatusCodes": [ { "statusClass": "STATUS_CLASS_2XX" }, { "statusValue": 404 } ]
            },
            "contentMatchers": [ { "content": "ok", "matcher": "NOT_CONTAINS_STRING" } ],
            "period": "10s", "timeout": "5s", "userLabels": { "team": "sre" }
        });
        let c = check_from_json(&doc, "default", "hello-up-1").unwrap();
        assert_eq!(c.url(), "http://hello.localhost:8080/ping");
        assert_eq!(c.body.as_deref(), Some("a=1"));
        assert_eq!(c.accepted, vec![AcceptedStatus::Class(2), AcceptedStatus::Value(404)]);
        assert_eq!((c.period_secs, c.timeout_secs), (10, 5.0));
        let back = check_json(&c);
        assert_eq!(back["name"], "projects/default/uptimeCheckConfigs/hello-up-1");
        assert_eq!(check_from_json(&back, "default", "hello-up-1").unwrap(), c);
        for field in ["httpCheck", "contentMatchers", "userLabels", "monitoredResource"] {
            assert_eq!(back[field], doc[field], "{field}");
        }
    }

    #[test]
    fn defaults_are_googles() {
        let c = check_from_json(&json!({ "displayName": "d", "monitoredResource": { "type": "uptime_url", "labels": { "host": "127.0.0.1" } }, "httpCheck": { "path": "healthz" } }), "p", "d").unwrap();
        assert_eq!(c.url(), "http://127.0.0.1:80/healthz");
        assert_eq!((c.period_secs, c.timeout_secs, c.method), (60, 10.0, Method::Get));
        assert!(c.accepted.is_empty() && c.content_matchers.is_empty());
    }

    #[test]
    fn bad_documents_name_every_field() {
        let base = |extra: Value| {
            let mut v = json!({ "displayName": "d", "monitoredResource": { "type": "uptime_url", "labels": { "host": "hello.localhost" } }, "httpCheck": { "port": 8080 } });
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        assert_eq!(fields(base(json!({ "monitoredResource": { "type": "uptime_url", "labels": { "host": "example.com" } } }))), ["monitoredResource.labels.host"]);
        assert_eq!(fields(base(json!({ "period": "5s", "timeout": "90s" }))), ["period", "timeout"]);
        assert_eq!(fields(base(json!({ "period": "10.5s" }))), ["period"]);
        assert_eq!(
            fields(base(json!({ "tcpCheck": { "port": 22 } }))),
            ["tcpCheck"]
        );
        assert_eq!(
            fields(base(json!({ "httpCheck": { "validateSsl": true } }))),
            ["httpCheck.validateSsl"]
        );
        assert_eq!(
            fields(base(
                json!({ "httpCheck": { "port": 70000, "requestMethod": "PUT" } })
            )),
            ["httpCheck.port", "httpCheck.requestMethod"]
        );
        assert_eq!(
            fields(base(
                json!({ "httpCheck": { "port": 1, "acceptedResponseStatusCodes": [ { "statusClass": "STATUS_CLASS_9XX" } ] } })
            )),
            ["httpCheck.acceptedResponseStatusCodes[0].statusClass"]
        );
        assert_eq!(
            fields(base(
                json!({ "contentMatchers": [ { "content": "$.x", "matcher": "MATCHES_JSON_PATH" } ] })
            )),
            ["contentMatchers[0].matcher"]
        );
        assert_eq!(
            fields(base(json!({ "displayName": null }))),
            ["displayName"]
        );
        assert_eq!(
            fields(json!({ "displayName": "d" })),
            ["monitoredResource", "monitoredResource.labels.host"]
        );
    }
}
