//! `runlane export` and `runlane import` over HTTP: the documents `runlane_export` makes
//! from this runlane's services, SLOs, policies and channels, and the way back for
//! Knative Services and OpenSLO SLOs.
//!
//! `GET /apis/runlane.dev/v1/namespaces/{ns}/export?format=F[&service=S]` answers
//! `{"files": [{"name", "content"}], "notes": [...]}` (notes name what was left out and why);
//! `POST /apis/runlane.dev/v1/namespaces/{ns}/import` takes `{"content": YAML}` and
//! applies its documents in order: a Service is created or replaced (each document of an
//! exported service mints one revision), an SLO is created (an identical one is left as
//! it is). Every document is parsed and checked before the first one is applied.

use crate::error::ApiError;
use crate::slo::Slos;
use crate::{cloudrun, wire};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_alerting::model::Slo;
use runlane_controller::Controller;
use runlane_export::import::Resource;
use runlane_export::{alertmanager, knative, openslo, rules, yaml, ExportError, File};
use serde::Deserialize;
use serde_json::{json, Value};

const R: &str = "/apis/runlane.dev/v1/namespaces/{ns}";

pub const FORMATS: [&str; 4] = ["knative", "prometheus-rules", "alertmanager", "openslo"];

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{R}/export"), get(export))
        .route(&format!("{R}/import"), post(import))
}

#[derive(Deserialize)]
struct ExportQuery {
    format: Option<String>,
    service: Option<String>,
}

fn yaml_error(e: ExportError) -> ApiError {
    ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", e.to_string())
}

async fn export(
    State(c): State<Controller>,
    slos: Result<Slos, ApiError>,
    Path(ns): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let format = q.format.unwrap_or_default();
    if !FORMATS.contains(&format.as_str()) {
        return Err(ApiError::field("format", format!("{format:?} is not an export format; use one of {}", FORMATS.join(", "))));
    }
    let mut services: Vec<_> = c.list_services(Some(&ns)).await;
    if let Some(s) = &q.service {
        services.retain(|v| &v.service.meta.name == s);
        if services.is_empty() {
            return Err(ApiError::not_found(format!("service {s:?} does not exist in namespace {ns:?}; see `runlane services list`")));
        }
    }
    let names: Vec<String> = services.iter().map(|v| v.service.meta.name.clone()).collect();
    let mut files = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    if format == "knative" {
        for v in &services {
            let name = &v.service.meta.name;
            let mut revisions = c.list_revisions(Some(&ns), Some(name)).await;
            revisions.sort_by_key(|r| r.revision.configuration_generation);
            let templates: Vec<(String, Value)> = revisions
                .iter()
                .map(|r| (r.revision.meta.name.clone(), wire::template_json(&r.revision.template)))
                .collect();
            let docs = knative::documents(&wire::service_json(v), &templates);
            files.push(File { name: format!("knative-{name}.yaml"), content: yaml(&docs).map_err(yaml_error)? });
        }
        return Ok(reply(files, notes));
    }
    let Slos(a) = slos?;
    let (slo_list, policies, channels, smtp) = {
        let a = a.clone();
        let ns = ns.clone();
        let only = q.service.clone();
        tokio::task::spawn_blocking(move || {
            let mut all = Vec::new();
            let mut services: Vec<String> = a.custom_services(&ns).into_iter().map(|s| s.id).collect();
            services.extend(names);
            if let Some(s) = &only {
                services.retain(|x| x == s);
            }
            for s in &services {
                all.extend(a.list_slos(&ns, s));
            }
            let smtp = a.config().smtp.as_ref().map(|s| alertmanager::Smtp { url: s.url.clone(), from: s.from.clone() });
            (all, a.list_policies(&ns), a.list_channels(&ns), smtp)
        })
        .await
        .map_err(|e| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", e.to_string()))?
    };
    let slo_names: Vec<String> = slo_list.iter().map(Slo::name).collect();
    // The policies that watch the exported SLOs.
    let policies: Vec<_> = policies
        .into_iter()
        .filter(|p| p.conditions.iter().any(|c| runlane_alerting::selector_slo(&c.filter).is_some_and(|s| slo_names.contains(&s))))
        .collect();
    match format.as_str() {
        "prometheus-rules" => {
            let r = rules::rules(&slo_list, &policies, "prometheus-rules.yaml");
            files.push(File { name: "prometheus-rules.yaml".into(), content: yaml(&[r.rules]).map_err(yaml_error)? });
            for (interval, t) in r.tests {
                files.push(File { name: format!("prometheus-rules.test-{interval}s.yaml"), content: yaml(&[t]).map_err(yaml_error)? });
            }
            notes.extend(r.skipped.iter().map(ToString::to_string));
        }
        "alertmanager" => {
            let (config, skipped) = alertmanager::config(&policies, &channels, smtp.as_ref());
            files.push(File { name: "alertmanager.yml".into(), content: yaml(&[config]).map_err(yaml_error)? });
            notes.extend(skipped.iter().map(ToString::to_string));
        }
        _ => {
            let mut by_service: std::collections::BTreeMap<&str, Vec<Value>> = Default::default();
            for s in &slo_list {
                by_service.entry(s.service.as_str()).or_default().push(openslo::document(s));
            }
            for (service, docs) in by_service {
                files.push(File { name: format!("openslo-{service}.yaml"), content: yaml(&docs).map_err(yaml_error)? });
            }
        }
    }
    Ok(reply(files, notes))
}

fn reply(files: Vec<File>, notes: Vec<String>) -> Response {
    let files: Vec<Value> = files.into_iter().map(|f| json!({"name": f.name, "content": f.content})).collect();
    Json(json!({ "files": files, "notes": notes })).into_response()
}

async fn import(
    State(c): State<Controller>,
    slos: Result<Slos, ApiError>,
    Path(ns): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiError::field("body", format!("not JSON: {e}")))?;
    let content = v["content"].as_str().ok_or_else(|| ApiError::field("content", "send the YAML file's text as content"))?;
    let resources = runlane_export::import::parse(content, &ns).map_err(|e| ApiError::field("content", e.to_string()))?;
    // Check every Service before applying any: shape, template, and traffic against the
    // revisions that exist or that earlier documents of the file mint.
    let mut known: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for (i, r) in resources.iter().enumerate() {
        let Resource::Service(doc) = r else { continue };
        let name = doc["metadata"]["name"].as_str().unwrap_or_default().to_owned();
        let in_document = |mut e: ApiError| {
            let at = format!("document {} (Service {name})", i + 1);
            e.message = format!("{at}: {}", e.message);
            for v in &mut e.violations.0 {
                v.field = format!("{at} {}", v.field);
            }
            e
        };
        let write = wire::service_write(&serde_json::to_vec(doc).unwrap_or_default(), &ns, Some(&name)).map_err(in_document)?;
        if !known.contains_key(&name) {
            let existing = c.list_revisions(Some(&ns), Some(&name)).await.into_iter().map(|r| r.revision.meta.name).collect();
            known.insert(name.clone(), existing);
        }
        let revisions = known.entry(name.clone()).or_default();
        if let Some(n) = &write.spec.template.name {
            revisions.insert(n.clone());
        }
        let mut errors = runlane_model::FieldErrors::default();
        runlane_model::write::validate_template(&name, &write.spec.template, &mut errors);
        let refs: std::collections::BTreeSet<&str> = revisions.iter().map(String::as_str).collect();
        runlane_model::traffic::validate(&name, &write.spec.traffic, &refs, &mut errors);
        if !errors.is_empty() {
            return Err(in_document(ApiError::invalid(errors)));
        }
    }
    let has_slos = resources.iter().any(|r| matches!(r, Resource::Slo(_)));
    let alerting = if has_slos { Some(slos?.0) } else { None };
    let mut applied = Vec::new();
    for r in resources {
        match r {
            Resource::Service(doc) => {
                let name = doc["metadata"]["name"].as_str().unwrap_or_default().to_owned();
                let bytes = serde_json::to_vec(&doc).unwrap_or_default();
                let view = match c.get_service(&ns, &name).await {
                    Ok(existing) => {
                        let mut write = wire::service_write(&bytes, &ns, Some(&name))?;
                        cloudrun::locate_write(&mut write, None, Some(&existing.service))?;
                        c.replace_service(write).await?
                    }
                    Err(_) => {
                        let mut write = wire::service_write(&bytes, &ns, None)?;
                        cloudrun::locate_write(&mut write, None, None)?;
                        cloudrun::check_free(&c, &write).await?;
                        c.create_service(write).await?
                    }
                };
                let revision = view.status.latest_created.clone().unwrap_or_default();
                applied.push(format!("Service {name} (revision {revision})"));
            }
            Resource::Slo(slo) => {
                let slo = *slo;
                let Some(a) = alerting.clone() else { continue };
                let exists = c.get_service(&ns, &slo.service).await.is_ok();
                let name = slo.name();
                let done = tokio::task::spawn_blocking(move || match a.get_slo(&slo.name()) {
                    Ok(old) if old == slo => Ok("unchanged"),
                    Ok(_) => Err(runlane_alerting::AlertingError::AlreadyExists(format!(
                        "SLO {} exists with other settings; delete it first (runlane slo delete)",
                        slo.name()
                    ))),
                    Err(_) => a.create_slo(slo, exists).map(|_| "created"),
                })
                .await
                .map_err(|e| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", e.to_string()))??;
                applied.push(format!("SLO {name} ({done})"));
            }
        }
    }
    Ok(Json(json!({ "applied": applied })).into_response())
}
