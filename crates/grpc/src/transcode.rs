//! One gRPC call as the REST call it transcodes to: the path from the request's resource
//! name, query parameters and a JSON body in protobuf's JSON mapping, sent to the REST
//! router in-process with the caller's `authorization`; the REST answer read back as the
//! gRPC response message, or its Google JSON error turned into a gRPC status.

use axum::body::Body;
use bytes::Bytes;
use http::{Method, StatusCode};
use prost::Message as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};
use tower::ServiceExt as _;

use crate::google::rpc;

/// Largest REST answer read back (a page of log entries or time series is far smaller).
const MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// The REST router the gRPC services call.
#[derive(Clone)]
pub(crate) struct Rest {
    app: axum::Router,
}

/// A REST call under construction.
pub(crate) struct Call {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Rest {
    pub(crate) fn new(app: axum::Router) -> Self {
        Rest { app }
    }

    /// Sends `call` with the caller's `authorization` and reads the answer as `T`.
    pub(crate) async fn send<T: DeserializeOwned>(&self, metadata: &MetadataMap, call: Call) -> Result<tonic::Response<T>, Status> {
        self.send_in(metadata, &http::Extensions::new(), call).await
    }

    /// [`Rest::send`] with the caller's request extensions: what layers outside the gRPC
    /// services put there (the image store a build's log is read from). axum's routing
    /// extensions, which would name the gRPC path, are not among them: the workspace
    /// builds axum without `matched-path` and `original-uri`.
    pub(crate) async fn send_in<T: DeserializeOwned>(&self, metadata: &MetadataMap, extensions: &http::Extensions, call: Call) -> Result<tonic::Response<T>, Status> {
        let mut uri = call.path;
        for (i, (key, value)) in call.query.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            uri.push_str(&percent_encode(key));
            uri.push('=');
            uri.push_str(&percent_encode(value));
        }
        let mut builder = http::Request::builder().method(call.method).uri(&uri).header(http::header::HOST, "localhost");
        if let Some(auth) = metadata.get("authorization") {
            builder = builder.header(http::header::AUTHORIZATION, auth.as_bytes());
        }
        if let Some(ext) = builder.extensions_mut() {
            ext.extend(extensions.clone());
        }
        let body = match call.body {
            Some(json) => {
                builder = builder.header(http::header::CONTENT_TYPE, "application/json");
                Body::from(json)
            }
            None => Body::empty(),
        };
        let http_request = builder.body(body).map_err(|e| Status::invalid_argument(format!("the request does not make a REST call ({uri}): {e}")))?;
        let response = self.app.clone().oneshot(http_request).await.unwrap_or_else(|never| match never {});
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), MAX_REPLY_BYTES).await.map_err(|e| Status::internal(format!("reading the REST answer to {uri} failed: {e}")))?;
        if !status.is_success() {
            return Err(status_of(status, &bytes));
        }
        let message = serde_json::from_slice(&bytes).map_err(|e| Status::internal(format!("runlane's REST answer to {uri} does not read as the gRPC response message: {e}")))?;
        Ok(tonic::Response::new(message))
    }
}

impl Rest {
    /// The answer to a method runlane does not serve: UNIMPLEMENTED saying what to use
    /// `instead`, but only to a caller REST would answer; REST refuses a caller without
    /// the token before it says that a path does not exist, and so does gRPC. The path
    /// asked is under `/grpc-unserved/`, which is no REST route, and asked with GET.
    pub(crate) async fn unserved(&self, metadata: &MetadataMap, method: &str, instead: &str) -> Status {
        match self.send::<serde_json::Value>(metadata, Call::new(Method::GET, "grpc-unserved", method)).await {
            Err(refused) if refused.code() != Code::NotFound => refused,
            _ => Status::unimplemented(format!("runlane does not serve {method} (nor its REST form); {instead}")),
        }
    }
}

impl Call {
    /// `method` on `/VERSION/NAME`, `name` already checked by [`resource`].
    pub(crate) fn new(method: Method, version: &str, name: &str) -> Self {
        Call { method, path: format!("/{version}/{name}"), query: Vec::new(), body: None }
    }

    /// Adds `key=value` unless `value` is empty (proto3's default means "not set").
    pub(crate) fn param(mut self, key: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        if !value.is_empty() {
            self.query.push((key.to_owned(), value));
        }
        self
    }

    /// Adds `key=value` when `value` is not 0.
    pub(crate) fn number(self, key: &str, value: i32) -> Self {
        if value == 0 {
            self
        } else {
            self.param(key, value)
        }
    }

    /// `updateMask=a,b`: the mask's paths (REST takes them in either case).
    pub(crate) fn mask(self, mask: Option<&pbjson_types::FieldMask>) -> Self {
        match mask {
            Some(mask) => self.param("updateMask", mask.paths.join(",")),
            None => self,
        }
    }

    /// The JSON body: `message` in protobuf's JSON mapping.
    pub(crate) fn body(mut self, message: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(message).expect("pbjson messages serialize"));
        self
    }
}

/// Checks that `name` (the request field `field`) has the shape of `pattern`, e.g.
/// `projects/*/alertPolicies/*`, with plain segments, so that it is exactly one REST path.
pub(crate) fn resource<'a>(field: &str, name: &'a str, pattern: &str) -> Result<&'a str, Status> {
    let want: Vec<&str> = pattern.split('/').collect();
    let got: Vec<&str> = name.split('/').collect();
    let fits = want.len() == got.len()
        && want.iter().zip(&got).all(|(w, g)| {
            if *w == "*" {
                !g.is_empty() && g.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~:@".contains(&b)) && *g != "." && *g != ".."
            } else {
                w == g
            }
        });
    if fits {
        Ok(name)
    } else {
        Err(invalid(field, format!("{name:?} is not a resource name of the form {pattern}")))
    }
}

/// INVALID_ARGUMENT naming `field`, with the same `google.rpc.BadRequest` detail REST sends.
pub(crate) fn invalid(field: &str, description: String) -> Status {
    let message = format!("The request has errors: {field}: {description}");
    let detail = rpc::BadRequest { field_violations: vec![rpc::bad_request::FieldViolation { field: field.to_owned(), description, ..Default::default() }] };
    with_details(Code::InvalidArgument, message, vec![any("google.rpc.BadRequest", detail.encode_to_vec())])
}

fn any(type_name: &str, value: Vec<u8>) -> pbjson_types::Any {
    pbjson_types::Any { type_url: format!("type.googleapis.com/{type_name}"), value: value.into() }
}

fn with_details(code: Code, message: String, details: Vec<pbjson_types::Any>) -> Status {
    let status = rpc::Status { code: code as i32, message: message.clone(), details };
    Status::with_details(code, message, Bytes::from(status.encode_to_vec()))
}

/// Google's JSON error (`{"error":{"code","message","status","details"}}`) as a gRPC
/// status: the same code and message, and `google.rpc.BadRequest` details re-encoded.
fn status_of(http_status: StatusCode, body: &[u8]) -> Status {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Envelope {
        error: JsonError,
    }
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct JsonError {
        message: String,
        status: String,
        details: Vec<serde_json::Value>,
    }
    let error = serde_json::from_slice::<Envelope>(body).map(|e| e.error).unwrap_or_default();
    let code = code_named(&error.status).unwrap_or_else(|| code_for_http(http_status));
    let message = if error.message.is_empty() { String::from_utf8_lossy(body).trim().to_owned() } else { error.message };
    let mut details = Vec::new();
    for mut detail in error.details {
        let type_url = detail.get("@type").and_then(|t| t.as_str()).unwrap_or_default().to_owned();
        if let Some(map) = detail.as_object_mut() {
            map.remove("@type");
        }
        if type_url.ends_with("/google.rpc.BadRequest") {
            if let Ok(bad) = serde_json::from_value::<rpc::BadRequest>(detail) {
                details.push(any("google.rpc.BadRequest", bad.encode_to_vec()));
            }
        }
    }
    with_details(code, message, details)
}

/// The gRPC code of a `google.rpc.Code` name, as REST errors carry it in `status`.
fn code_named(name: &str) -> Option<Code> {
    Some(match name {
        "CANCELLED" => Code::Cancelled,
        "UNKNOWN" => Code::Unknown,
        "INVALID_ARGUMENT" => Code::InvalidArgument,
        "DEADLINE_EXCEEDED" => Code::DeadlineExceeded,
        "NOT_FOUND" => Code::NotFound,
        "ALREADY_EXISTS" => Code::AlreadyExists,
        "PERMISSION_DENIED" => Code::PermissionDenied,
        "RESOURCE_EXHAUSTED" => Code::ResourceExhausted,
        "FAILED_PRECONDITION" => Code::FailedPrecondition,
        "ABORTED" => Code::Aborted,
        "OUT_OF_RANGE" => Code::OutOfRange,
        "UNIMPLEMENTED" => Code::Unimplemented,
        "INTERNAL" => Code::Internal,
        "UNAVAILABLE" => Code::Unavailable,
        "DATA_LOSS" => Code::DataLoss,
        "UNAUTHENTICATED" => Code::Unauthenticated,
        _ => return None,
    })
}

/// google.rpc.Code's HTTP mapping, read backwards, for an error without a `status` name.
fn code_for_http(status: StatusCode) -> Code {
    match status.as_u16() {
        400 => Code::InvalidArgument,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::NotFound,
        405 | 501 => Code::Unimplemented,
        409 => Code::Aborted,
        413 | 429 => Code::ResourceExhausted,
        499 => Code::Cancelled,
        503 => Code::Unavailable,
        504 => Code::DeadlineExceeded,
        _ => Code::Internal,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_must_fit_their_pattern() {
        let pattern = "projects/*/alertPolicies/*";
        assert_eq!(resource("name", "projects/p/alertPolicies/a-1", pattern).unwrap(), "projects/p/alertPolicies/a-1");
        for bad in ["projects/p/alertPolicies", "projects/p/alertPolicies/", "projects/p/channels/a", "projects/p/alertPolicies/a?b", "projects/../alertPolicies/a", "projects/p/alertPolicies/a/b", "projects/p q/alertPolicies/a"] {
            let status = resource("name", bad, pattern).unwrap_err();
            assert_eq!(status.code(), Code::InvalidArgument, "{bad}");
            assert!(status.message().contains("name:") && status.message().contains(pattern), "{bad}: {}", status.message());
        }
    }

    fn violations(status: &Status) -> Vec<(String, String)> {
        let details = rpc::Status::decode(status.details()).unwrap();
        assert_eq!(details.code, status.code() as i32);
        assert_eq!(details.message, status.message());
        details
            .details
            .iter()
            .flat_map(|any| {
                assert_eq!(any.type_url, "type.googleapis.com/google.rpc.BadRequest");
                rpc::BadRequest::decode(any.value.clone()).unwrap().field_violations
            })
            .map(|v| (v.field, v.description))
            .collect()
    }

    #[test]
    fn rest_errors_become_statuses_with_the_same_code_message_and_field_violations() {
        let body = br#"{"error":{"code":400,"message":"The request has errors: goal: must be below 1","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"goal","description":"must be below 1"}]}]}}"#;
        let status = status_of(StatusCode::BAD_REQUEST, body);
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(status.message(), "The request has errors: goal: must be below 1");
        assert_eq!(violations(&status), vec![("goal".to_owned(), "must be below 1".to_owned())]);

        let status = status_of(StatusCode::CONFLICT, br#"{"error":{"code":409,"message":"exists","status":"ALREADY_EXISTS"}}"#);
        assert_eq!((status.code(), status.message()), (Code::AlreadyExists, "exists"));
        assert!(violations(&status).is_empty());

        let status = status_of(StatusCode::UNAUTHORIZED, b"missing token\n");
        assert_eq!((status.code(), status.message()), (Code::Unauthenticated, "missing token"));
    }

    #[test]
    fn calls_render_their_query_once_each_and_encoded() {
        let call = Call::new(Method::GET, "v3", "projects/p/timeSeries").param("filter", "metric.type=\"a/b\" AND x").param("empty", "").number("pageSize", 0).number("pageSize", 5);
        assert_eq!(call.path, "/v3/projects/p/timeSeries");
        assert_eq!(call.query, vec![("filter".to_owned(), "metric.type=\"a/b\" AND x".to_owned()), ("pageSize".to_owned(), "5".to_owned())]);
        assert_eq!(percent_encode("a=\"b/c\" d&é"), "a%3D%22b%2Fc%22%20d%26%C3%A9");
    }
}
