//! What rollouts need from outside the control plane, wired for `runlane up`: webhook
//! calls (hyper, loopback or anywhere the plan says), incidents and notifications on
//! rollback (the SLO service), and SLO goals and error budgets for the burn-rate limit
//! and the deploy freeze.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use runlane_alerting::Alerting;
use runlane_controller::rollouts_hooks::{BoxFuture, RolloutHooks};
use runlane_rollout::{Phase, Rollout};
use std::time::Duration;

/// A webhook that has not answered in this long failed its check.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Hooks {
    pub alerting: Alerting,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

impl Hooks {
    pub fn new(alerting: Alerting) -> Hooks {
        Hooks { alerting, client: Client::builder(TokioExecutor::new()).build_http() }
    }

    fn find_slo(&self, namespace: &str, slo: &str) -> Option<runlane_alerting::model::Slo> {
        self.alerting.get_slo(slo).ok().or_else(|| self.alerting.list_slos(namespace, "-").into_iter().find(|s| s.id == slo))
    }
}

impl RolloutHooks for Hooks {
    fn call_webhooks(&self, rollout: &Rollout, event: &str, percent: u8) -> BoxFuture<Result<String, String>> {
        let body = serde_json::json!({
            "event": event,
            "namespace": rollout.namespace,
            "service": rollout.service,
            "stable": rollout.stable,
            "canary": rollout.canary,
            "percent": percent,
            "phase": rollout.phase.name(),
            "reason": match &rollout.phase { Phase::RolledBack { reason } | Phase::Aborted { reason } => Some(reason.clone()), _ => None },
        })
        .to_string();
        let urls = rollout.plan.webhooks.clone();
        let client = self.client.clone();
        Box::pin(async move {
            let mut answers = Vec::new();
            for url in urls {
                let request = http::Request::post(&url)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .header(http::header::USER_AGENT, "runlane-rollout")
                    .body(Full::new(Bytes::from(body.clone())))
                    .map_err(|e| format!("{url}: not a valid URL ({e})"))?;
                let response = tokio::time::timeout(WEBHOOK_TIMEOUT, async {
                    let response = client.request(request).await.map_err(|e| format!("{url}: {e}"))?;
                    let status = response.status();
                    let _ = response.into_body().collect().await;
                    Ok::<_, String>(status)
                })
                .await
                .map_err(|_| format!("{url}: no answer within {}s", WEBHOOK_TIMEOUT.as_secs()))??;
                if !response.is_success() {
                    return Err(format!("{url} answered {response}"));
                }
                answers.push(format!("{url} answered {response}"));
            }
            Ok(answers.join(", "))
        })
    }

    fn rolled_back(&self, rollout: &Rollout) -> BoxFuture<()> {
        let alerting = self.alerting.clone();
        let reason = match &rollout.phase {
            Phase::RolledBack { reason } => reason.clone(),
            _ => return Box::pin(async {}),
        };
        let r = rollout.clone();
        Box::pin(async move {
            let title = format!("Rollout of {} rolled back", r.service);
            let summary = format!("{} was rolled back to {}: {reason}", r.canary, r.stable);
            let result = tokio::task::spawn_blocking(move || alerting.open_rollout_incident(&r.namespace, &r.service, &title, &summary)).await;
            match result {
                Ok(Ok(i)) => tracing::warn!(incident = i.id, "rollback incident opened"),
                Ok(Err(e)) => tracing::error!(error = %e, "could not open the rollback incident"),
                Err(e) => tracing::error!(error = %e, "opening the rollback incident panicked"),
            }
        })
    }

    fn slo_goal(&self, namespace: &str, _service: &str, slo: &str) -> Option<f64> {
        self.find_slo(namespace, slo).map(|s| s.goal)
    }

    fn budget_exhausted(&self, namespace: &str, _service: &str, slo: &str) -> Option<String> {
        let Some(found) = self.find_slo(namespace, slo) else {
            return Some(format!("the freeze names SLO {slo:?}, which does not exist in project {namespace:?} (runlane slo list shows them)"));
        };
        let status = self.alerting.slo_status(&found.name(), 1).ok()?;
        let remaining = status.budget_remaining?;
        (remaining <= 0.0).then(|| {
            format!(
                "SLO {} (goal {:.2}%) has no error budget left ({:.1}% of its budget remains)",
                found.id,
                found.goal * 100.0,
                remaining * 100.0
            )
        })
    }
}
