//! The router's certificates over HTTP, for `runlane certs list|renew`:
//!
//! - `GET  /apis/runlane.dev/v1/certificates`: every certificate (from files and over
//!   ACME): names, issuer, source, validity, last renewal, last renewal error, next attempt
//! - `POST /apis/runlane.dev/v1/certificates/{name}/renew`: orders a new certificate for
//!   an ACME-managed name now (the current one serves until the new one is ready)

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_acme::{Acme, CertificateStatus, Source, State};
use runlane_controller::Controller;
use runlane_router::tls::Certificates;
use serde_json::{json, Value};
use std::sync::Arc;

const R: &str = "/apis/runlane.dev/v1";

/// Where the certificates come from: `--tls-cert` files, ACME, both or neither.
#[derive(Clone, Default)]
pub struct CertificateSources {
    pub files: Option<Arc<Certificates>>,
    pub acme: Option<Acme>,
}

/// Makes the certificate sources available to the routes.
pub fn attach(app: axum::Router, sources: CertificateSources) -> axum::Router {
    app.layer(axum::Extension(sources))
}

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{R}/certificates"), get(list))
        .route(&format!("{R}/certificates/{{name}}/renew"), post(renew))
}

struct Sources(CertificateSources);

impl<S: Send + Sync> FromRequestParts<S> for Sources {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Sources(parts.extensions.get::<CertificateSources>().cloned().unwrap_or_default()))
    }
}

async fn list(Sources(sources): Sources) -> Response {
    let items: Vec<Value> = runlane_acme::catalog(sources.files.as_deref(), sources.acme.as_ref()).iter().map(certificate_json).collect();
    Json(json!({ "kind": "CertificateList", "items": items })).into_response()
}

async fn renew(Sources(sources): Sources, Path(name): Path<String>) -> Result<Response, ApiError> {
    let Some(acme) = sources.acme else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "FAILED_PRECONDITION",
            "this runlane orders no certificates; start it with --acme-directory URL --acme-domain NAME to renew over ACME",
        ));
    };
    acme.renew(&name).map_err(|e| ApiError::not_found(e.to_string()))?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "name": name, "renewal": "requested" }))).into_response())
}

fn time(at: Option<std::time::SystemTime>) -> Value {
    at.map_or(Value::Null, |t| Value::String(runlane_acme::rfc3339(t)))
}

fn certificate_json(c: &CertificateStatus) -> Value {
    let (source, origin) = match &c.source {
        Source::File { cert, key } => ("file", json!({ "certFile": cert.display().to_string(), "keyFile": key.display().to_string() })),
        Source::Acme { directory, challenge } => ("acme", json!({ "directory": directory, "challenge": challenge.to_string() })),
    };
    let state = match c.state {
        State::Serving => "Serving",
        State::Ordering => "Ordering",
        State::Pending => "Pending",
        State::Failed => "Failed",
    };
    json!({
        "name": c.name,
        "names": c.names,
        "issuer": c.issuer,
        "source": source,
        "origin": origin,
        "state": state,
        "notBefore": time(c.not_before),
        "expireTime": time(c.not_after),
        "lastRenewalTime": time(c.last_renewal),
        "lastRenewalError": c.last_error,
        "failedOrders": c.failed_orders,
        "nextAttemptTime": time(c.next_attempt),
    })
}
