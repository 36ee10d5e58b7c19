//! The only module that speaks HTTP: a small JSON client for the runlane API (plain http through
//! hyper-util's legacy client), the Knative paths, and `ApiError`, which keeps the server's
//! status and body so `error.rs` can show them the way gcloud does.

use crate::args::GlobalArgs;
use bytes::Bytes;
use http::{header, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long one request may take before the API counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Api {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    base: String,
    token: Option<String>,
    user_agent: String,
}

#[derive(Debug, Clone)]
pub enum ApiError {
    /// No HTTP answer at all (refused, DNS, timeout, broken connection).
    Unreachable { api: String, reason: String },
    /// The server answered with a non-2xx status; `body` is shown by `error::render`.
    Status { code: u16, body: String },
    /// A 2xx answer whose body is not JSON.
    InvalidReply { detail: String },
}

impl ApiError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Status { code: 404, .. })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Unreachable { api, reason } => write!(
                f,
                "cannot reach the runlane API at {api} ({reason}); start it with \"runlane up\" or pass --api"
            ),
            ApiError::Status { code, body } => write!(f, "HTTP {code}: {body}"),
            ApiError::InvalidReply { detail } => write!(
                f,
                "the runlane API answered with something that is not JSON ({detail}); check that --api points at runlane"
            ),
        }
    }
}

impl std::error::Error for ApiError {}

impl Api {
    /// `command` (such as `runlane.deploy`) goes into the User-Agent, as gcloud does, for server logs.
    pub fn new(global: &GlobalArgs, command: &str) -> anyhow::Result<Api> {
        let base = global.api.trim_end_matches('/').to_string();
        let uri: Uri = base.parse().map_err(|_| {
            anyhow::anyhow!("--api {base:?} is not a URL; pass one like http://127.0.0.1:8484")
        })?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => anyhow::bail!(
                "--api {base:?} is not an http or https URL; pass one like http://127.0.0.1:8484"
            ),
        }
        let token = read_token(global.token_file.as_deref(), &token_candidates())?;
        let client = Client::builder(TokioExecutor::new()).build(https_connector(global.ca_cert.as_deref())?);
        let user_agent = format!("runlane/{} command/{command}", env!("CARGO_PKG_VERSION"));
        Ok(Api {
            client,
            base,
            token,
            user_agent,
        })
    }

    /// The API's base URL, e.g. `http://127.0.0.1:8484`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The API token this client sends, if it found one.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::POST, path, Some(json_body(body))).await
    }

    /// Posts raw bytes (an image tarball) with their content type.
    pub async fn post_bytes(&self, path: &str, content_type: &'static str, body: Bytes) -> Result<Value, ApiError> {
        self.send(Method::POST, path, Some((content_type, body))).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::PUT, path, Some(json_body(body))).await
    }

    pub async fn delete(&self, path: &str) -> Result<Value, ApiError> {
        self.send(Method::DELETE, path, None).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&'static str, Bytes)>,
    ) -> Result<Value, ApiError> {
        let unreachable = |reason: String| ApiError::Unreachable {
            api: self.base.clone(),
            reason,
        };
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, &self.user_agent);
        if let Some(token) = &self.token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let payload = match body {
            Some((content_type, bytes)) => {
                request = request.header(header::CONTENT_TYPE, content_type);
                bytes
            }
            None => Bytes::new(),
        };
        let request = request
            .body(Full::new(payload))
            .map_err(|e| unreachable(format!("bad request: {e}")))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| unreachable(describe(&e)))?;
            let status = response.status();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| unreachable(format!("the connection broke: {e}")))?
                .to_bytes();
            Ok::<_, ApiError>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .map_err(|_| {
                unreachable(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
            })??;
        decode(status, &bytes)
    }
}

fn decode(status: StatusCode, bytes: &[u8]) -> Result<Value, ApiError> {
    if !status.is_success() {
        let body = String::from_utf8_lossy(bytes).into_owned();
        return Err(ApiError::Status {
            code: status.as_u16(),
            body,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::InvalidReply {
        detail: e.to_string(),
    })
}

/// "connection refused" rather than hyper's "client error (Connect)".
fn describe(error: &hyper_util::client::legacy::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                std::io::ErrorKind::TimedOut => "connection timed out".to_string(),
                _ => io.to_string(),
            };
        }
        source = e.source();
    }
    if error.is_connect() {
        "cannot connect".to_string()
    } else {
        format!("the connection broke: {error}")
    }
}

/// Plain http, or https checked against the public web roots, or only against the CA
/// certificates in `ca_cert` (PEM) when given: how a self-signed API is trusted.
fn https_connector(ca_cert: Option<&Path>) -> anyhow::Result<HttpsConnector<HttpConnector>> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = match ca_cert {
        None => builder.with_provider_and_webpki_roots(provider)?,
        Some(path) => {
            let unreadable = |reason: String| {
                anyhow::anyhow!(
                    "cannot read the CA certificate file {} ({reason}); fix --ca-cert or RUNLANE_CA_CERT (a PEM file)",
                    path.display()
                )
            };
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(path).map_err(|e| unreadable(e.to_string()))? {
                roots
                    .add(cert.map_err(|e| unreadable(e.to_string()))?)
                    .map_err(|e| unreadable(e.to_string()))?;
            }
            anyhow::ensure!(!roots.is_empty(), unreadable("it holds no CERTIFICATE block".to_string()));
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()?
                .with_root_certificates(roots)
                .with_no_client_auth();
            builder.with_tls_config(config)
        }
    };
    Ok(builder.https_or_http().enable_http1().build())
}

/// Where a token file is looked for when --token-file is not given, in order.
fn token_candidates() -> Vec<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let home = std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    xdg.into_iter()
        .chain(home.map(|h| h.join(".local/share")))
        .map(|dir| dir.join("runlane/api-token"))
        .collect()
}

/// The explicit file must be readable; the default places are used only if present.
fn read_token(explicit: Option<&Path>, candidates: &[PathBuf]) -> anyhow::Result<Option<String>> {
    let read = |path: &Path| std::fs::read_to_string(path).map(|t| t.trim().to_string());
    if let Some(path) = explicit {
        let token = read(path).map_err(|e| {
            anyhow::anyhow!(
                "cannot read the API token file {} ({e}); fix --token-file or RUNLANE_TOKEN_FILE",
                path.display()
            )
        })?;
        return Ok(Some(token).filter(|t| !t.is_empty()));
    }
    Ok(candidates
        .iter()
        .find_map(|p| read(p).ok())
        .filter(|t| !t.is_empty()))
}

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
fn json_body(value: &Value) -> (&'static str, Bytes) {
    ("application/json", Bytes::from(value.to_string()))
}

pub fn encode_query(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const KNATIVE: &str = "/apis/serving.knative.dev/v1/namespaces";

pub fn services_path(namespace: &str) -> String {
    format!("{KNATIVE}/{namespace}/services")
}

pub fn service_path(namespace: &str, name: &str) -> String {
    format!("{KNATIVE}/{namespace}/services/{name}")
}

pub fn revisions_path(namespace: &str, service: Option<&str>) -> String {
    match service {
        Some(s) => format!(
            "{KNATIVE}/{namespace}/revisions?labelSelector={}",
            encode_query(&format!("serving.knative.dev/service={s}"))
        ),
        None => format!("{KNATIVE}/{namespace}/revisions"),
    }
}

/// Where else a missing service or revision (`kind` "services" or "revisions") exists,
/// as the tail of a not-found message: the projects (namespaces) that have one of that
/// name, and how to reach it. Empty when none has, or the listing fails.
pub async fn found_elsewhere(api: &Api, kind: &str, name: &str) -> String {
    let Ok(reply) = api.get(&format!("/apis/serving.knative.dev/v1/{kind}")).await else { return String::new() };
    let mut namespaces: Vec<&str> = reply["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|i| i["metadata"]["name"] == name)
                .filter_map(|i| i["metadata"]["namespace"].as_str())
                .collect()
        })
        .unwrap_or_default();
    namespaces.sort_unstable();
    namespaces.dedup();
    match namespaces.as_slice() {
        [] => String::new(),
        [ns] => format!(" It is in project {ns}: pass --namespace {ns} or set RUNLANE_NAMESPACE={ns}."),
        many => format!(" Projects that have one: {}; pass --namespace or set RUNLANE_NAMESPACE.", many.join(", ")),
    }
}

pub fn revision_path(namespace: &str, name: &str) -> String {
    format!("{KNATIVE}/{namespace}/revisions/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        fn check(got: String, expected: &str) {
            assert_eq!(got, expected);
        }
        check(
            services_path("default"),
            "/apis/serving.knative.dev/v1/namespaces/default/services",
        );
        check(
            service_path("ns", "jokes"),
            "/apis/serving.knative.dev/v1/namespaces/ns/services/jokes",
        );
        check(
            revision_path("ns", "jokes-00001-abc"),
            "/apis/serving.knative.dev/v1/namespaces/ns/revisions/jokes-00001-abc",
        );
        check(
            revisions_path("ns", None),
            "/apis/serving.knative.dev/v1/namespaces/ns/revisions",
        );
        check(
            revisions_path("ns", Some("jokes")),
            "/apis/serving.knative.dev/v1/namespaces/ns/revisions?labelSelector=serving.knative.dev%2Fservice%3Djokes",
        );
    }

    #[test]
    fn decode_cases() {
        fn check(status: u16, body: &str, expected: &str) {
            let got = match decode(StatusCode::from_u16(status).unwrap(), body.as_bytes()) {
                Ok(v) => format!("ok {v}"),
                Err(e) => format!("err {e}"),
            };
            assert_eq!(got, expected);
        }
        check(200, r#"{"a":1}"#, r#"ok {"a":1}"#);
        check(200, "", "ok null");
        check(200, "<html>", "err the runlane API answered with something that is not JSON (expected value at line 1 column 1); check that --api points at runlane");
        check(404, r#"{"error":{}}"#, r#"err HTTP 404: {"error":{}}"#);
    }

    #[test]
    fn token_lookup() {
        let dir = tempfile::tempdir().unwrap();
        let present = dir.path().join("present");
        std::fs::write(&present, "s3cret\n").unwrap();
        let missing = dir.path().join("missing");
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").unwrap();
        fn check(explicit: Option<&Path>, candidates: &[PathBuf], expected: &str) {
            let got = match read_token(explicit, candidates) {
                Ok(t) => format!("{t:?}"),
                Err(e) => e.to_string().split(" (").next().unwrap_or("").to_string(),
            };
            assert_eq!(got, expected);
        }
        check(None, &[], "None");
        check(
            None,
            &[missing.clone(), present.clone()],
            "Some(\"s3cret\")",
        );
        check(None, std::slice::from_ref(&empty), "None");
        check(Some(&present), &[], "Some(\"s3cret\")");
        check(
            Some(&missing),
            std::slice::from_ref(&present),
            &format!("cannot read the API token file {}", missing.display()),
        );
    }
}
