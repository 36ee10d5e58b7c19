//! Builds: the records `runlane builds submit` and `runlane deploy --source` keep here
//! while they build (runlane_image::builds), served in Cloud Build v1's shapes so
//! `gcloud builds list|describe` read them unmodified.
//!
//! Cloud Build (what gcloud calls, `api_endpoint_overrides/cloudbuild`):
//! - `GET /v1/projects/P/locations/L/builds` (`gcloud builds list`; L is `global`
//!   unless `--region`), `GET …/builds/ID` (`gcloud builds describe`); the same without
//!   `locations/L` (the API's older paths); `POST` on the same paths, the operations and
//!   Cloud Run's `builds:submit` are gcloud's own builds, in `cloudbuild`
//!
//! runlane's own, called by the CLI as it builds (the token is required as everywhere):
//! - `POST /runlane/v1/projects/P/builds` `{"source": DIR, "image": IMAGE}`: a QUEUED build
//! - `POST /runlane/v1/builds/ID/start`: WORKING
//! - `POST /runlane/v1/builds/ID/log` (text body): appended to the build's log
//! - `POST /runlane/v1/builds/ID/finish` `{"status": "SUCCESS"|"FAILURE"|"TIMEOUT", "digest", "detail"}`
//! - `POST /runlane/v1/builds/ID/revision` `{"service", "revision"}`: what the deploy made
//! - `GET  /runlane/v1/builds/ID/log`: the log so far, as `{"log": TEXT}`
//!
//! A local source directory has no Cloud Build `source` type: it is shown as the
//! substitution `_SOURCE_DIR`, and the service and revision deployed from the build as
//! `_SERVICE_NAME` and `_REVISION_NAME`.

use crate::error::ApiError;
use axum::extract::{Path, Query};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_image::builds::{is_build_id, BuildChange, BuildRecord, BuildStatus};
use runlane_image::ImageStore;
use serde::Deserialize;
use serde_json::{json, Value};

/// A build's log is appended in pieces of at most this many bytes (the CLI sends lines).
const MAX_LOG_APPEND: usize = 1024 * 1024;

pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route("/v1/projects/{project}/builds", get(list).post(crate::cloudbuild::create))
        .route("/v1/projects/{project}/builds/{id}", get(describe))
        .route("/v1/projects/{project}/locations/{location}/builds", get(list_in_location).post(crate::cloudbuild::create))
        .route("/v1/projects/{project}/locations/{location}/operations/{id}", get(crate::cloudbuild::get_operation))
        .route("/v1/projects/{project}/locations/{location}/defaultServiceAccount", get(crate::cloudbuild::default_service_account))
        .route("/v2/projects/{project}/locations/{location}/builds:submit", post(crate::cloudbuild::submit))
        .route("/v1/projects/{project}/locations/{location}/builds/{id}", get(describe_in_location))
        .route("/runlane/v1/projects/{project}/builds", post(create))
        .route("/runlane/v1/builds/{id}/start", post(start))
        .route("/runlane/v1/builds/{id}/log", post(append_log).get(read_log))
        .route("/runlane/v1/builds/{id}/finish", post(finish))
        .route("/runlane/v1/builds/{id}/revision", post(produced))
}

fn store<B>(request: &Request<B>) -> Result<ImageStore, ApiError> {
    request.extensions().get::<ImageStore>().cloned().ok_or_else(|| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane keeps no builds; start it with `runlane up`"))
}

async fn body(request: axum::extract::Request, limit: usize) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(request.into_body(), limit).await.map_err(|e| ApiError::field("body", format!("could not be read ({e}); at most {limit} bytes")))
}

fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| ApiError::field(e.path().to_string(), e.inner().to_string()))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("build {id:?} does not exist; `runlane builds list` (or gcloud builds list) shows the builds"))
}

fn unavailable(why: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", format!("the build could not be recorded ({why}); free some space and retry"))
}

fn checked_id(id: &str) -> Result<(), ApiError> {
    if is_build_id(id) {
        Ok(())
    } else {
        Err(not_found(id))
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(unavailable)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    filter: Option<String>,
}

async fn list(Path(project): Path<String>, Query(q): Query<ListQuery>, request: axum::extract::Request) -> Result<Response, ApiError> {
    list_reply(&store(&request)?, &project, "global", q)
}

async fn list_in_location(Path((project, location)): Path<(String, String)>, Query(q): Query<ListQuery>, request: axum::extract::Request) -> Result<Response, ApiError> {
    list_reply(&store(&request)?, &project, &location, q)
}

/// gcloud sends the part of `--filter` (and `--ongoing`) the server can do as `filter`, and
/// does not apply it again: it must be applied here.
fn list_reply(store: &ImageStore, project: &str, location: &str, q: ListQuery) -> Result<Response, ApiError> {
    let filter = parse_filter(q.filter.as_deref().unwrap_or(""))?;
    let builds: Vec<Value> = store.builds().list(Some(project)).iter().filter(|b| matches_filter(&filter, b)).map(|b| build_json(b, location)).collect();
    Ok(Json(json!({ "builds": builds })).into_response())
}

/// A list filter as gcloud's Cloud Build backend writes it (`status="WORKING" OR
/// status="QUEUED"`, `(images="X") AND (create_time>="2026-…")`).
#[derive(Debug, Clone, PartialEq)]
enum Filter {
    All,
    Term { field: String, op: String, value: String },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

const FILTER_FIELDS: &str = "status, build_id, images, project_id, results.images.name, results.images.digest (= and !=) and create_time, start_time, finish_time (=, <, <=, >, >=)";

fn parse_filter(text: &str) -> Result<Filter, ApiError> {
    let tokens = filter_tokens(text)?;
    if tokens.is_empty() {
        return Ok(Filter::All);
    }
    let mut at = 0;
    let filter = parse_or(&tokens, &mut at)?;
    if at != tokens.len() {
        return Err(bad_filter(format!("{:?} is left over", tokens[at..].join(" "))));
    }
    Ok(filter)
}

fn bad_filter(why: String) -> ApiError {
    ApiError::field("filter", format!("{why}; runlane filters builds on {FILTER_FIELDS}, as FIELD=\"VALUE\" terms with AND, OR, NOT and parentheses"))
}

/// `(`, `)`, `AND`, `OR`, `NOT`, and terms `FIELD OP "VALUE"` (each one token).
fn filter_tokens(text: &str) -> Result<Vec<String>, ApiError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            tokens.push(c.to_string());
            chars.next();
        } else {
            let mut token = String::new();
            let mut quoted = false;
            while let Some(&c) = chars.peek() {
                if !quoted && (c.is_whitespace() || c == '(' || c == ')') {
                    break;
                }
                if c == '"' {
                    quoted = !quoted;
                } else if c == '\\' && quoted {
                    chars.next();
                }
                token.push(c);
                chars.next();
            }
            if quoted {
                return Err(bad_filter(format!("{token:?} has an unclosed quote")));
            }
            tokens.push(token);
        }
    }
    Ok(tokens)
}

fn parse_or(tokens: &[String], at: &mut usize) -> Result<Filter, ApiError> {
    let mut left = parse_and(tokens, at)?;
    while tokens.get(*at).is_some_and(|t| t == "OR") {
        *at += 1;
        left = Filter::Or(Box::new(left), Box::new(parse_and(tokens, at)?));
    }
    Ok(left)
}

fn parse_and(tokens: &[String], at: &mut usize) -> Result<Filter, ApiError> {
    let mut left = parse_unary(tokens, at)?;
    while tokens.get(*at).is_some_and(|t| t == "AND") {
        *at += 1;
        left = Filter::And(Box::new(left), Box::new(parse_unary(tokens, at)?));
    }
    Ok(left)
}

fn parse_unary(tokens: &[String], at: &mut usize) -> Result<Filter, ApiError> {
    let token = tokens.get(*at).ok_or_else(|| bad_filter("it ends where a term was expected".into()))?;
    *at += 1;
    match token.as_str() {
        "NOT" => Ok(Filter::Not(Box::new(parse_unary(tokens, at)?))),
        "(" => {
            let inner = parse_or(tokens, at)?;
            if tokens.get(*at).map(String::as_str) != Some(")") {
                return Err(bad_filter("a parenthesis is not closed".into()));
            }
            *at += 1;
            Ok(inner)
        }
        term => parse_term(term),
    }
}

fn parse_term(term: &str) -> Result<Filter, ApiError> {
    let op_at = term.find(['=', '!', '<', '>']).ok_or_else(|| bad_filter(format!("{term:?} is not FIELD=\"VALUE\"")))?;
    let field = &term[..op_at];
    let rest = &term[op_at..];
    let op = ["!=", "<=", ">=", "=", "<", ">"].into_iter().find(|op| rest.starts_with(op)).ok_or_else(|| bad_filter(format!("{term:?} has no operator runlane knows")))?;
    let value = rest[op.len()..].trim_matches('"').replace("\\\"", "\"");
    let is_time = matches!(field, "create_time" | "start_time" | "finish_time");
    let is_string = matches!(field, "status" | "build_id" | "id" | "images" | "project_id" | "results.images.name" | "results.images.digest");
    if !is_time && !is_string {
        return Err(bad_filter(format!("{field:?} is not a field runlane filters on")));
    }
    if is_string && !matches!(op, "=" | "!=") {
        return Err(bad_filter(format!("{field} compares with = and != only")));
    }
    if is_time && parse_time_ms(&value).is_none() {
        return Err(bad_filter(format!("{value:?} is not an RFC 3339 time for {field}")));
    }
    Ok(Filter::Term { field: field.to_owned(), op: op.to_owned(), value })
}

fn parse_time_ms(text: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

fn matches_filter(filter: &Filter, b: &BuildRecord) -> bool {
    match filter {
        Filter::All => true,
        Filter::And(l, r) => matches_filter(l, b) && matches_filter(r, b),
        Filter::Or(l, r) => matches_filter(l, b) || matches_filter(r, b),
        Filter::Not(f) => !matches_filter(f, b),
        Filter::Term { field, op, value } => {
            let time = |ms: Option<i64>| {
                let (Some(have), Some(want)) = (ms, parse_time_ms(value)) else { return false };
                match op.as_str() {
                    "=" => have == want,
                    "!=" => have != want,
                    "<" => have < want,
                    "<=" => have <= want,
                    ">" => have > want,
                    _ => have >= want,
                }
            };
            let equal = match field.as_str() {
                "create_time" => return time(Some(b.create_unix_ms)),
                "start_time" => return time(b.start_unix_ms),
                "finish_time" => return time(b.finish_unix_ms),
                "status" => b.status.as_str() == value,
                "build_id" | "id" => b.id == *value,
                "project_id" => b.project == *value,
                "results.images.digest" => b.digest.as_deref() == Some(value.as_str()),
                "results.images.name" => b.digest.is_some() && runlane_image_name(&b.image) == value,
                _ => b.image == *value,
            };
            equal == (op == "=")
        }
    }
}

async fn describe(Path((project, id)): Path<(String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    describe_reply(&store(&request)?, &project, "global", &id)
}

async fn describe_in_location(Path((project, location, id)): Path<(String, String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    describe_reply(&store(&request)?, &project, &location, &id)
}

fn describe_reply(store: &ImageStore, project: &str, location: &str, id: &str) -> Result<Response, ApiError> {
    let build = store.builds().get(id).filter(|b| b.project == project).ok_or_else(|| not_found(id))?;
    Ok(Json(build_json(&build, location)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateWire {
    source: String,
    image: String,
}

async fn create(Path(project): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let wire: CreateWire = parse(&body(request, crate::MAX_BODY_BYTES).await?)?;
    if wire.image.is_empty() || wire.image.contains(char::is_whitespace) {
        return Err(ApiError::field("image", format!("{:?} is not an image name; write LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE", wire.image)));
    }
    let record = blocking(move || store.builds().create(&project, &wire.source, &wire.image, now_ms())).await?.map_err(unavailable)?;
    Ok((StatusCode::OK, Json(build_json(&record, "global"))).into_response())
}

async fn change(store: ImageStore, id: String, change: BuildChange) -> Result<Response, ApiError> {
    checked_id(&id)?;
    let id2 = id.clone();
    match blocking(move || store.builds().change(&id2, change, now_ms())).await?.map_err(unavailable)? {
        Ok(Some(record)) => Ok(Json(build_json(&record, "global")).into_response()),
        Ok(None) => Err(not_found(&id)),
        Err(why) => Err(ApiError::new(StatusCode::CONFLICT, "FAILED_PRECONDITION", why)),
    }
}

async fn start(Path(id): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    change(store(&request)?, id, BuildChange::Start).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FinishWire {
    status: String,
    #[serde(default)]
    digest: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

async fn finish(Path(id): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let wire: FinishWire = parse(&body(request, crate::MAX_BODY_BYTES).await?)?;
    let status = match wire.status.as_str() {
        "SUCCESS" => BuildStatus::Success,
        "FAILURE" => BuildStatus::Failure,
        "TIMEOUT" => BuildStatus::Timeout,
        other => return Err(ApiError::field("status", format!("{other:?} does not finish a build; use SUCCESS, FAILURE or TIMEOUT"))),
    };
    change(store, id, BuildChange::Finish { status, digest: wire.digest, failure_detail: wire.detail }).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProducedWire {
    service: String,
    revision: String,
}

async fn produced(Path(id): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let wire: ProducedWire = parse(&body(request, crate::MAX_BODY_BYTES).await?)?;
    for (field, value) in [("service", &wire.service), ("revision", &wire.revision)] {
        if value.is_empty() {
            return Err(ApiError::field(field, "is empty; name the service and the revision deployed from the build"));
        }
    }
    change(store, id, BuildChange::Produced { service: wire.service, revision: wire.revision }).await
}

async fn append_log(Path(id): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    checked_id(&id)?;
    let store = store(&request)?;
    let text = body(request, MAX_LOG_APPEND).await?;
    let id2 = id.clone();
    if blocking(move || store.builds().append_log(&id2, &text)).await?.map_err(unavailable)? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_found(&id))
    }
}

async fn read_log(Path(id): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    checked_id(&id)?;
    let store = store(&request)?;
    let id2 = id.clone();
    match blocking(move || store.builds().log(&id2)).await?.map_err(unavailable)? {
        Some(log) => Ok(Json(json!({ "log": String::from_utf8_lossy(&log) })).into_response()),
        None => Err(not_found(&id)),
    }
}

/// A build in Cloud Build v1's `Build` shape.
pub fn build_json(b: &BuildRecord, location: &str) -> Value {
    let mut build = json!({
        "id": b.id,
        "name": format!("projects/{}/locations/{location}/builds/{}", b.project, b.id),
        "projectId": b.project,
        "status": b.status.as_str(),
        "createTime": rfc3339_ms(b.create_unix_ms),
        "images": [b.image],
        "substitutions": {"_SOURCE_DIR": b.source},
        "logUrl": format!("/runlane/v1/builds/{}/log", b.id),
        // Where gcloud reads a build's log: Cloud Logging (`gcloud builds log` lists
        // entries), not a Cloud Storage bucket, whose host gcloud does not let one override.
        "options": {"logging": "CLOUD_LOGGING_ONLY"},
        "timeout": format!("{}s", b.timeout_secs.unwrap_or(600)),
    });
    if let Some(s) = &b.storage_source {
        build["source"] = json!({"storageSource": {"bucket": s.bucket, "object": s.object, "generation": s.generation.to_string()}});
    }
    if let Some(start) = b.start_unix_ms {
        build["startTime"] = rfc3339_ms(start).into();
    }
    if let Some(finish) = b.finish_unix_ms {
        build["finishTime"] = rfc3339_ms(finish).into();
    }
    if let Some(digest) = &b.digest {
        let name = runlane_image_name(&b.image);
        build["results"] = json!({"images": [{"name": name, "digest": digest}]});
    }
    if let Some(detail) = &b.failure_detail {
        build["statusDetail"] = detail.clone().into();
        if b.status == BuildStatus::Failure {
            // gcloud builds submit prints it as "BUILD FAILURE: …".
            build["failureInfo"] = json!({"type": "USER_BUILD_STEP", "detail": detail});
        }
    }
    if let (Some(service), Some(revision)) = (&b.service, &b.revision) {
        build["substitutions"]["_SERVICE_NAME"] = service.clone().into();
        build["substitutions"]["_REVISION_NAME"] = revision.clone().into();
    }
    build
}

/// The image's name with its tag, as Cloud Build's results name it: as pushed.
fn runlane_image_name(image: &str) -> &str {
    image.split_once('@').map_or(image, |(name, _)| name)
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Google's timestamps: RFC 3339 in UTC with milliseconds.
pub(crate) fn rfc3339_ms(unix_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(unix_ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_filters_as_gcloud_sends_them() {
        let record = |id: &str, status| BuildRecord {
            id: id.into(),
            project: "p".into(),
            status,
            source: "/s".into(),
            image: "r/app".into(),
            digest: None,
            create_unix_ms: 0,
            start_unix_ms: None,
            finish_unix_ms: None,
            failure_detail: None,
            service: None,
            revision: None,
            timeout_secs: None,
            storage_source: None,
        };
        let (queued, working, done) = (record("a", BuildStatus::Queued), record("b", BuildStatus::Working), record("c", BuildStatus::Success));
        let ongoing = parse_filter(r#"status="WORKING" OR status="QUEUED""#).unwrap();
        assert_eq!([&queued, &working, &done].map(|b| matches_filter(&ongoing, b)), [true, true, false]);
        // What gcloud sends for --ongoing with a --filter: AND over a parenthesised OR.
        let both = parse_filter(r#"(build_id="b") AND (status="WORKING" OR status="QUEUED")"#).unwrap();
        assert_eq!([&queued, &working, &done].map(|b| matches_filter(&both, b)), [false, true, false]);
        let not = parse_filter(r#"NOT status="SUCCESS""#).unwrap();
        assert_eq!([&queued, &done].map(|b| matches_filter(&not, b)), [true, false]);
        assert!(matches_filter(&parse_filter("").unwrap(), &queued));
        assert!(matches_filter(&parse_filter(r#"images="r/app""#).unwrap(), &queued));
        let late = parse_filter(r#"create_time>="1970-01-01T00:00:00.001+00:00""#).unwrap();
        assert!(!matches_filter(&late, &queued));
        assert!(matches_filter(&parse_filter(r#"create_time<"2026-01-01T00:00:00Z""#).unwrap(), &queued));
        let e = parse_filter(r#"trigger_id="x""#).unwrap_err();
        assert_eq!(e.violations.0[0].field, "filter");
        assert!(e.violations.0[0].description.contains("status, build_id"), "{:?}", e.violations.0[0].description);
        for bad in ["status", r#"(status="A""#, r#"status>"A""#, r#"create_time>"yesterday""#, r#"status="A"#, r#"status="A" OR"#] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_finished_build_shows_its_times_digest_and_revision() {
        let record = BuildRecord {
            id: "0123abcd-0000-0000-0000-000000000000".into(),
            project: "default".into(),
            status: BuildStatus::Success,
            source: "/src/app".into(),
            image: "us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web".into(),
            digest: Some(format!("sha256:{}", "a".repeat(64))),
            create_unix_ms: 1_000,
            start_unix_ms: Some(2_000),
            finish_unix_ms: Some(4_500),
            failure_detail: None,
            service: Some("web".into()),
            revision: Some("web-00001-abc".into()),
            timeout_secs: None,
            storage_source: None,
        };
        let b = build_json(&record, "global");
        assert_eq!(b["name"], "projects/default/locations/global/builds/0123abcd-0000-0000-0000-000000000000");
        assert_eq!((b["startTime"].as_str(), b["finishTime"].as_str()), (Some("1970-01-01T00:00:02Z"), Some("1970-01-01T00:00:04.5Z")));
        assert_eq!(b["results"]["images"][0]["digest"], format!("sha256:{}", "a".repeat(64)));
        assert_eq!(b["substitutions"]["_REVISION_NAME"], "web-00001-abc");
        let queued = BuildRecord { status: BuildStatus::Queued, digest: None, start_unix_ms: None, finish_unix_ms: None, service: None, revision: None, ..record };
        let q = build_json(&queued, "global");
        assert!(q.get("results").is_none() && q.get("finishTime").is_none() && q["substitutions"].get("_REVISION_NAME").is_none(), "{q}");
    }
}
