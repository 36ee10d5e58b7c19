//! Progressive delivery over HTTP: runlane's own `runlane.dev/v1` paths,
//! beside Knative's, for starting a rollout, reading it with its whole history of
//! steps, measurements and verdicts, and a person's commands.
//!
//! - `GET  /apis/runlane.dev/v1/namespaces/NS/rollouts`: the latest rollout of each service
//! - `POST /apis/runlane.dev/v1/namespaces/NS/rollouts`: start one; body
//!   `{"service", "to"?, "settings": {"steps": "1,5,25", "interval": "30s", …}, "overrideFreezeReason"?, "by"?}`
//!   (settings as the CLI flags spell them; without `to`, the latest ready revision)
//! - `GET  …/rollouts/SERVICE`, `POST …/rollouts/SERVICE/{pause,resume,promote,abort}`

use crate::error::ApiError;
use crate::wire::rfc3339;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use runlane_controller::{Controller, RolloutCommand, RolloutStart};
use runlane_rollout::{plan_from_settings, Event, Measurement, Phase, Rollout, Sample, Verdict};
use serde_json::{json, Value};

const R: &str = "/apis/runlane.dev/v1";

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{R}/namespaces/{{ns}}/rollouts"), get(list).post(start))
        .route(&format!("{R}/namespaces/{{ns}}/rollouts/{{service}}"), get(read))
        .route(&format!("{R}/namespaces/{{ns}}/rollouts/{{service}}/{{command}}"), post(command))
}

async fn list(State(c): State<Controller>, Path(ns): Path<String>) -> Response {
    let items: Vec<Value> = c.list_rollouts(Some(&ns)).await.iter().map(rollout_json).collect();
    Json(json!({"apiVersion": "runlane.dev/v1", "kind": "RolloutList", "items": items})).into_response()
}

async fn read(State(c): State<Controller>, Path((ns, service)): Path<(String, String)>) -> Result<Response, ApiError> {
    Ok(Json(rollout_json(&c.get_rollout(&ns, &service).await?)).into_response())
}

async fn start(State(c): State<Controller>, Path(ns): Path<String>, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let body: Value = serde_json::from_slice(&body).map_err(|e| ApiError::field("body", format!("is not JSON ({e}); send {{\"service\": NAME, \"settings\": {{…}}}}")))?;
    let service = body.get("service").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| ApiError::field("service", "is required: the service to roll out"))?.to_owned();
    let to = match body.get("to") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(_) => return Err(ApiError::field("to", "must be a revision name; leave it out for the latest ready revision")),
    };
    let mut settings: Vec<(String, String)> = Vec::new();
    match body.get("settings") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(ApiError::field(format!("settings.{k}"), "must be a string or a number")),
                };
                settings.push((k.clone(), text));
            }
        }
        Some(_) => return Err(ApiError::field("settings", "must be an object such as {\"steps\": \"1,5,25,50,100\", \"interval\": \"30s\"}")),
    }
    let plan = plan_from_settings(settings.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(|e| ApiError::field(format!("settings.{}", e.field), e.message))?;
    let override_freeze = body.get("overrideFreezeReason").and_then(Value::as_str).map(str::to_owned);
    if override_freeze.as_deref().is_some_and(|r| r.trim().is_empty()) {
        return Err(ApiError::field("overrideFreezeReason", "is empty; say why the freeze is overridden (--reason \"…\")"));
    }
    let by = body.get("by").and_then(Value::as_str).filter(|s| !s.is_empty()).unwrap_or("the API").to_owned();
    let rollout = c.start_rollout(RolloutStart { namespace: ns, service, to, plan, override_freeze, by }).await?;
    Ok(Json(rollout_json(&rollout)).into_response())
}

async fn command(State(c): State<Controller>, Path((ns, service, command)): Path<(String, String, String)>, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let cmd = RolloutCommand::parse(&command).ok_or_else(|| ApiError::not_found(format!("no rollout command {command:?}; use pause, resume, promote or abort")))?;
    let by = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v.get("by").and_then(Value::as_str).map(str::to_owned)).unwrap_or_else(|| "the API".to_owned());
    Ok(Json(rollout_json(&c.command_rollout(&ns, &service, cmd, &by).await?)).into_response())
}

/// The wire shape of a rollout.
pub fn rollout_json(r: &Rollout) -> Value {
    let (reason, step) = match &r.phase {
        Phase::Advancing { step, .. } | Phase::Analysing { step } => (None, Some(*step)),
        Phase::Paused { step, reason, .. } => (Some(reason.clone()), Some(*step)),
        Phase::RollingBack { reason, .. } | Phase::RolledBack { reason } | Phase::Aborted { reason } => (Some(reason.clone()), None),
        Phase::Promoted => (None, None),
    };
    let waiting_for_approval = matches!(r.decide(0), Some(runlane_rollout::Action::AwaitApproval { .. }));
    let l = &r.plan.limits;
    json!({
        "apiVersion": "runlane.dev/v1",
        "kind": "Rollout",
        "metadata": {"namespace": r.namespace, "name": r.service},
        "spec": {
            "service": r.service,
            "stable": r.stable,
            "canary": r.canary,
            "steps": r.plan.weights(),
            "intervalSeconds": r.plan.interval_secs,
            "limits": {
                "maxErrorRate": l.max_error_rate,
                "slo": l.slo,
                "maxBurnRate": l.max_burn_rate,
                "maxP99Ms": l.max_p99_ms,
                "minRequests": l.min_requests,
                "failureLimit": l.failure_limit,
                "inconclusiveLimit": l.inconclusive_limit,
                "noDataLimit": l.no_data_limit,
            },
            "gates": r.plan.gates,
            "webhooks": r.plan.webhooks,
        },
        "status": {
            "phase": r.phase.name(),
            "reason": reason,
            "waitingForApproval": waiting_for_approval,
            "step": step.map(|s| r.plan.weights()[s.min(r.plan.weights().len() - 1)]),
            "canaryPercent": r.weight,
            "failures": r.failures,
            "startTime": rfc3339(r.started_at),
            "lastVerdict": r.last_verdict().map(verdict_json),
            "events": r.events.iter().map(event_json).collect::<Vec<_>>(),
        }
    })
}

fn event_json(e: &Event) -> Value {
    let mut v = json!({"time": rfc3339(e.at), "timeMillis": e.at, "kind": e.kind, "message": e.message});
    if let Some(m) = &e.measurement {
        v["measurement"] = measurement_json(m);
    }
    if let Some(verdict) = &e.verdict {
        v["verdict"] = verdict_json(verdict);
    }
    v
}

fn measurement_json(m: &Measurement) -> Value {
    let sample = |s: &Sample| json!({"requests": s.requests, "errors": s.errors, "p99Ms": s.p99_ms});
    json!({"startTime": rfc3339(m.from * 1000), "endTime": rfc3339(m.to * 1000), "startSeconds": m.from, "endSeconds": m.to, "canary": sample(&m.canary), "stable": sample(&m.stable), "sloGoal": m.slo_goal})
}

fn verdict_json(v: &Verdict) -> Value {
    json!({
        "outcome": v.outcome.name(),
        "summary": v.summary(),
        "checks": v.checks.iter().map(|c| json!({"name": c.name, "outcome": c.outcome.name(), "detail": c.detail})).collect::<Vec<_>>(),
    })
}
