//! Domain mappings as Cloud Run has them (`domains.cloudrun.com/v1`, what `gcloud beta run
//! domain-mappings create|list|describe|delete` and `runlane domains` call):
//!
//! - `POST   /apis/domains.cloudrun.com/v1/namespaces/{ns}/domainmappings`: body a
//!   DomainMapping (`metadata.name` the domain, `spec.routeName` the service)
//! - `GET    /apis/domains.cloudrun.com/v1/namespaces/{ns}/domainmappings[/{domain}]`
//! - `DELETE /apis/domains.cloudrun.com/v1/namespaces/{ns}/domainmappings/{domain}`
//! - `GET    /v1/projects/{project}/authorizeddomains`: the domains gcloud accepts before
//!   it creates a mapping. runlane verifies no ownership (the ACME CA checks control of
//!   a name when it issues its certificate), so the answer is one entry with an empty id,
//!   which gcloud's check (`id in domain`) accepts for every domain.
//!
//! A mapping's status is Cloud Run's: `DomainRoutable` (its service exists, so the router
//! sends it the domain's requests), `CertificateProvisioned` (a served certificate covers
//! the domain: from files or ordered over ACME, which a new mapping asks for), `Ready`
//! (both), and `resourceRecords`: the A/AAAA records of the router's addresses that the
//! domain's DNS must hold.

use crate::certs::CertificateSources;
use crate::error::ApiError;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use runlane_controller::Controller;
use runlane_model::domain::DomainMapping;
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::IpAddr;

const D: &str = "/apis/domains.cloudrun.com/v1";

/// The router's addresses, for the records a mapping's DNS must hold.
#[derive(Clone, Debug, Default)]
pub struct RouterAddresses(pub Vec<IpAddr>);

/// Makes the router's addresses available to the routes.
pub fn attach(app: axum::Router, addresses: RouterAddresses) -> axum::Router {
    app.layer(axum::Extension(addresses))
}

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{D}/namespaces/{{ns}}/domainmappings"), get(list).post(create))
        .route(&format!("{D}/namespaces/{{ns}}/domainmappings/{{domain}}"), get(read).delete(delete))
        .route("/v1/projects/{project}/authorizeddomains", get(authorized_domains))
}

/// What the status of a mapping is computed from.
struct Context {
    sources: CertificateSources,
    addresses: Vec<IpAddr>,
}

impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Context {
            sources: parts.extensions.get::<CertificateSources>().cloned().unwrap_or_default(),
            addresses: parts.extensions.get::<RouterAddresses>().map(|a| a.0.clone()).unwrap_or_default(),
        })
    }
}

#[derive(Deserialize)]
struct WireMapping {
    #[serde(default)]
    metadata: WireMetadata,
    #[serde(default)]
    spec: WireSpec,
}

#[derive(Deserialize, Default)]
struct WireMetadata {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WireSpec {
    #[serde(default)]
    route_name: String,
}

async fn create(State(controller): State<Controller>, context: Context, Path(ns): Path<String>, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(&body);
    let wire: WireMapping = serde_path_to_error::deserialize(de).map_err(|e| ApiError::field(e.path().to_string(), format!("the DomainMapping does not parse: {}", e.inner())))?;
    let mapping = controller.create_domain_mapping(&ns, &wire.metadata.name, &wire.spec.route_name).await?;
    if let Some(acme) = &context.sources.acme {
        if !context.sources.files.as_ref().is_some_and(|c| c.files_cover(&mapping.domain)) {
            if let Err(e) = acme.add_name(&mapping.domain) {
                tracing::warn!(domain = mapping.domain, error = %e, "the mapping's certificate cannot be ordered");
            }
        }
    }
    let body = mapping_json(&mapping, &controller, &context).await;
    Ok((StatusCode::OK, Json(body)).into_response())
}

async fn list(State(controller): State<Controller>, context: Context, Path(ns): Path<String>) -> Response {
    let mut items = Vec::new();
    for mapping in controller.domain_mappings(&ns).await {
        items.push(mapping_json(&mapping, &controller, &context).await);
    }
    Json(json!({ "apiVersion": "domains.cloudrun.com/v1", "kind": "DomainMappingList", "metadata": {}, "items": items })).into_response()
}

async fn read(State(controller): State<Controller>, context: Context, Path((ns, domain)): Path<(String, String)>) -> Result<Response, ApiError> {
    let mapping = controller.domain_mapping(&ns, &domain).await?;
    Ok(Json(mapping_json(&mapping, &controller, &context).await).into_response())
}

async fn delete(State(controller): State<Controller>, Path((ns, domain)): Path<(String, String)>) -> Result<Response, ApiError> {
    controller.delete_domain_mapping(&ns, &domain).await?;
    Ok(Json(json!({ "apiVersion": "v1", "kind": "Status", "status": "Success", "details": { "name": domain, "kind": "domainmappings" } })).into_response())
}

async fn authorized_domains(Path(project): Path<String>) -> Response {
    Json(json!({ "domains": [{ "id": "", "name": format!("projects/{project}/authorizedDomains/") }] })).into_response()
}

fn condition(kind: &str, status: &str, reason: Option<&str>, message: Option<String>) -> Value {
    let mut c = json!({ "type": kind, "status": status });
    if let Some(reason) = reason {
        c["reason"] = json!(reason);
    }
    if let Some(message) = message {
        c["message"] = json!(message);
    }
    c
}

/// The certificate condition of `domain`: (status, reason, message).
fn certificate_state(domain: &str, sources: &CertificateSources) -> (&'static str, Option<&'static str>, Option<String>) {
    let covered = sources.files.as_ref().is_some_and(|c| c.covers(domain));
    if covered {
        return ("True", None, None);
    }
    let Some(acme) = &sources.acme else {
        return ("False", Some("NoCertificateSource"), Some(format!("no certificate source configured: pass --tls-cert covering {domain} or --acme-directory to runlane up")));
    };
    let status = runlane_acme::catalog(None, Some(acme)).into_iter().find(|c| c.name == domain);
    match status.and_then(|s| s.last_error) {
        Some(error) => ("False", Some("CertificateFailed"), Some(format!("the last ACME order failed ({error}); it is retried, `runlane certs list` shows when"))),
        None => ("Unknown", Some("CertificatePending"), Some("the certificate is being ordered over ACME; `runlane certs list` shows its progress".to_owned())),
    }
}

async fn mapping_json(mapping: &DomainMapping, controller: &Controller, context: &Context) -> Value {
    let service = controller.get_service(&mapping.namespace, &mapping.service).await.ok();
    let routable = service.is_some();
    // The service's region, which gcloud shows as the mapping's REGION.
    let location = service.and_then(|v| v.service.meta.labels.get(crate::cloudrun::LABEL_LOCATION).cloned());
    let (cert_status, cert_reason, cert_message) = certificate_state(&mapping.domain, &context.sources);
    let routable_condition = if routable {
        condition("DomainRoutable", "True", None, None)
    } else {
        condition("DomainRoutable", "False", Some("RouteNotReady"), Some(format!("service {:?} does not exist; deploy it or map the domain to another service", mapping.service)))
    };
    let ready = match (routable, cert_status) {
        (true, "True") => condition("Ready", "True", None, None),
        (false, _) => condition("Ready", "False", Some("RouteNotReady"), Some(format!("service {:?} does not exist", mapping.service))),
        (true, status) => condition("Ready", status, cert_reason, cert_message.clone()),
    };
    let label = mapping.domain.split('.').next().unwrap_or_default();
    let records: Vec<Value> = context
        .addresses
        .iter()
        .map(|ip| json!({ "name": label, "type": if ip.is_ipv4() { "A" } else { "AAAA" }, "rrdata": ip.to_string() }))
        .collect();
    json!({
        "apiVersion": "domains.cloudrun.com/v1",
        "kind": "DomainMapping",
        "metadata": {
            "name": mapping.domain,
            "namespace": mapping.namespace,
            "uid": mapping.uid,
            "generation": 1,
            "resourceVersion": "1",
            "creationTimestamp": crate::wire::rfc3339(mapping.created),
            "selfLink": format!("{D}/namespaces/{}/domainmappings/{}", mapping.namespace, mapping.domain),
            "labels": location.map_or_else(|| json!({}), |l| json!({ crate::cloudrun::LABEL_LOCATION: l })),
        },
        "spec": { "routeName": mapping.service, "certificateMode": if context.sources.acme.is_some() { "AUTOMATIC" } else { "NONE" } },
        "status": {
            "observedGeneration": 1,
            "conditions": [ready, condition("CertificateProvisioned", cert_status, cert_reason, cert_message), routable_condition],
            "mappedRouteName": mapping.service,
            "resourceRecords": records,
            "url": format!("https://{}", mapping.domain),
        },
    })
}
