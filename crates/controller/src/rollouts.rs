//! Runs rollouts: starts them (checking the service, the canary and the error-budget
//! freeze), applies people's commands, and drives each active one every tick: it asks
//! the rollout's state machine what to do, measures canary and stable from
//! telemetry's committed seconds, and moves traffic through the same write path as
//! the API, with the rollout's record in the same transaction as the traffic change.
//!
//! Invariants: a rollout's record is durable before its traffic change is published;
//! a Fail moves all traffic to stable in the tick that measured it; the driver takes
//! the state lock only to read and to commit, never across telemetry reads or webhooks.

use crate::{not_found, now_millis, ControlError, Controller, ServiceView, State};
use runlane_model::status;
use runlane_model::write::ServiceWrite;
use runlane_model::{FieldErrors, Percent, TargetRevision, TrafficTarget};
use runlane_rollout::{plan_from_annotation, Action, Measurement, Plan, Refused, Rollout, Sample, ANNOTATION_ROLLOUT};
use runlane_telemetry::histogram::Histogram;
use runlane_telemetry::Range;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A template annotation naming the SLO whose exhausted error budget freezes deploys.
pub const ANNOTATION_FREEZE: &str = "runlane.dev/error-budget-freeze";
/// A service annotation that overrides the freeze for one write; its value is the reason.
pub const ANNOTATION_OVERRIDE_FREEZE: &str = "runlane.dev/override-freeze";

/// How often the driver looks for newly committed telemetry.
const TICK: Duration = Duration::from_millis(50);

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// What rollouts need from outside the control plane, supplied by `runlane up`.
pub trait RolloutHooks: Send + Sync + 'static {
    /// POSTs `event` (`pre-step` or `rollback`) to the plan's webhooks; Ok with a short
    /// account when every one answered 2xx in time, Err naming the first that did not.
    fn call_webhooks(&self, rollout: &Rollout, event: &str, percent: u8) -> BoxFuture<Result<String, String>>;
    /// After a rollback: opens an incident with the failed analysis and notifies.
    fn rolled_back(&self, rollout: &Rollout) -> BoxFuture<()>;
    /// The goal of an SLO of the service, by its ID.
    fn slo_goal(&self, namespace: &str, service: &str, slo: &str) -> Option<f64>;
    /// Some(why) when the SLO's error budget is exhausted.
    fn budget_exhausted(&self, namespace: &str, service: &str, slo: &str) -> Option<String>;
}

/// `runlane rollout start`.
#[derive(Debug, Clone)]
pub struct RolloutStart {
    pub namespace: String,
    pub service: String,
    /// The canary; None means the latest ready revision.
    pub to: Option<String>,
    pub plan: Plan,
    /// The reason given with `--override-freeze`.
    pub override_freeze: Option<String>,
    pub by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutCommand {
    Pause,
    Resume,
    Promote,
    Abort,
}

impl RolloutCommand {
    pub fn parse(text: &str) -> Option<RolloutCommand> {
        Some(match text {
            "pause" => RolloutCommand::Pause,
            "resume" => RolloutCommand::Resume,
            "promote" => RolloutCommand::Promote,
            "abort" => RolloutCommand::Abort,
            _ => return None,
        })
    }
}

/// A rollout a deploy will start once it knows the new revision's name.
pub(crate) struct PendingRollout {
    plan: Plan,
    stable: String,
    previous_latest: Option<String>,
}

// === impl Controller (rollouts) ===

impl Controller {
    /// Lets rollouts call webhooks, open incidents and read SLOs; later calls are ignored.
    pub fn attach_rollout_hooks(&self, hooks: Arc<dyn RolloutHooks>) {
        let _ = self.inner.rollout_hooks.set(hooks);
    }

    pub async fn list_rollouts(&self, namespace: Option<&str>) -> Vec<Rollout> {
        let state = self.inner.state.lock().await;
        state.rollouts.values().filter(|r| namespace.is_none_or(|ns| r.namespace == ns)).cloned().collect()
    }

    pub async fn get_rollout(&self, namespace: &str, service: &str) -> Result<Rollout, ControlError> {
        let state = self.inner.state.lock().await;
        state.rollouts.get(&(namespace.to_owned(), service.to_owned())).cloned().ok_or_else(|| not_found("rollout", namespace, service))
    }

    pub async fn start_rollout(&self, start: RolloutStart) -> Result<Rollout, ControlError> {
        self.to_completion(move |c| async move { c.start_rollout_started(start).await }).await
    }

    async fn start_rollout_started(&self, start: RolloutStart) -> Result<Rollout, ControlError> {
        start.plan.validate().map_err(|e| invalid(&e.field, &e.message))?;
        let mut state = self.inner.state.lock().await;
        let key = (start.namespace.clone(), start.service.clone());
        let service = state.services.get(&key).cloned().ok_or_else(|| not_found("service", &key.0, &key.1))?;
        if let Some(r) = state.rollouts.get(&key).filter(|r| !r.phase.is_finished()) {
            return Err(ControlError::Conflict(format!(
                "a rollout of {} to {} is in progress ({}); abort it first (runlane rollout abort {})",
                r.service,
                r.canary,
                r.phase.name(),
                r.service
            )));
        }
        let revisions = state.revisions_of(&key.0, &key.1);
        let st = status::service_status(&service, &revisions, &self.inner.urls);
        let stable = single_revision(&state, &service, &self.inner.urls)?;
        let canary = match &start.to {
            Some(name) => name.clone(),
            None => st.latest_ready.clone().ok_or_else(|| ControlError::FailedPrecondition(format!("service {:?} has no ready revision to roll out; deploy one first", key.1)))?,
        };
        let Some(rev) = revisions.iter().find(|r| r.meta.name == canary) else {
            return Err(invalid("to", &format!("revision {canary:?} is not a revision of service {:?}; runlane revisions list shows them", key.1)));
        };
        if !rev.is_ready() {
            return Err(ControlError::FailedPrecondition(format!("revision {canary:?} is not ready; wait for it to become ready (runlane revisions describe {canary})")));
        }
        if canary == stable {
            return Err(invalid("to", &format!("revision {canary:?} already serves 100% of {:?}; deploy a new revision (with --no-traffic) and roll that out", key.1)));
        }
        let note = self.freeze_check(&service, start.override_freeze.as_deref())?;
        let rollout = Rollout::new(&key.0, &key.1, &stable, &canary, start.plan, now_millis(), &format!("started by {}{note}", start.by));
        self.commit(crate::Batch { put_rollouts: vec![rollout.clone()], ..crate::Batch::default() }).await?;
        state.rollouts.insert(key, rollout.clone());
        drop(state);
        tracing::info!(service = %rollout.service, canary = %rollout.canary, stable = %rollout.stable, "rollout started");
        self.inner.rollout_wake.notify_one();
        Ok(rollout)
    }

    pub async fn command_rollout(&self, namespace: &str, service: &str, command: RolloutCommand, by: &str) -> Result<Rollout, ControlError> {
        let (namespace, service, by) = (namespace.to_owned(), service.to_owned(), by.to_owned());
        self.to_completion(move |c| async move { c.command_rollout_started(&namespace, &service, command, &by).await }).await
    }

    async fn command_rollout_started(&self, namespace: &str, service: &str, command: RolloutCommand, by: &str) -> Result<Rollout, ControlError> {
        let mut state = self.inner.state.lock().await;
        let key = (namespace.to_owned(), service.to_owned());
        let mut rollout = state.rollouts.get(&key).cloned().ok_or_else(|| not_found("rollout", namespace, service))?;
        let now = now_millis();
        let result = match command {
            RolloutCommand::Pause => rollout.pause(now, by),
            RolloutCommand::Resume => rollout.resume(now, by),
            RolloutCommand::Promote => rollout.promote(now, by),
            RolloutCommand::Abort => rollout.abort(now, by),
        };
        result.map_err(|Refused(m)| ControlError::FailedPrecondition(format!("{m}; runlane rollout status {service} shows where it is")))?;
        self.commit(crate::Batch { put_rollouts: vec![rollout.clone()], ..crate::Batch::default() }).await?;
        state.rollouts.insert(key, rollout.clone());
        drop(state);
        self.inner.rollout_wake.notify_one();
        Ok(rollout)
    }

    /// Refuses a write that would send traffic to a new revision while the SLO named
    /// by the freeze annotation has no error budget left, unless overridden.
    pub(crate) fn check_freeze(&self, state: &State, write: &ServiceWrite, existing: Option<&crate::Service>) -> Result<(), ControlError> {
        if let Some(text) = write.spec.template.annotations.get(ANNOTATION_ROLLOUT) {
            plan_from_annotation(text).map_err(|e| invalid(&format!("spec.template.metadata.annotations[{ANNOTATION_ROLLOUT}]"), &e.to_string()))?;
        }
        let Some(existing) = existing else { return Ok(()) };
        if !write.spec.template.annotations.contains_key(ANNOTATION_FREEZE) {
            return Ok(());
        }
        let template_changed = write.spec.template.container != existing.spec.template.container
            || write.spec.template.annotations != existing.spec.template.annotations
            || write.spec.template.name != existing.spec.template.name;
        let revisions = state.revisions_of(&existing.meta.namespace, &existing.meta.name);
        let serving = |service: &crate::Service| -> Vec<String> {
            crate::reconcile::service_routing(service, &revisions, &self.inner.urls).split.into_iter().filter(|(_, w)| *w > 0).map(|(n, _)| n).collect()
        };
        let current = serving(existing);
        let probe = crate::Service { spec: write.spec.clone(), ..existing.clone() };
        let follows_latest = write.spec.traffic.is_empty() || write.spec.traffic.iter().any(|t| t.revision == TargetRevision::Latest && t.percent.is_some_and(|p| p.basis_points() > 0));
        // A revision that gets traffic after this write and none now: named, or the
        // latest ready one that `latestRevision: true` now reaches.
        let reaches_new = serving(&probe).iter().any(|n| !current.contains(n));
        if !(reaches_new || (template_changed && follows_latest)) {
            return Ok(());
        }
        // Only an override this write sets counts; one carried over from an earlier write
        // (a client that PUTs the object back) does not.
        let reason = write
            .annotations
            .get(ANNOTATION_OVERRIDE_FREEZE)
            .filter(|r| !r.trim().is_empty() && existing.meta.annotations.get(ANNOTATION_OVERRIDE_FREEZE) != Some(*r))
            .cloned();
        self.freeze_check(&probe, reason.as_deref()).map(|_| ())
    }

    /// Some note for the record when the freeze was overridden; an error when frozen.
    fn freeze_check(&self, service: &crate::Service, override_reason: Option<&str>) -> Result<String, ControlError> {
        let Some(slo) = service.spec.template.annotations.get(ANNOTATION_FREEZE) else { return Ok(String::new()) };
        let Some(hooks) = self.inner.rollout_hooks.get() else { return Ok(String::new()) };
        let Some(why) = hooks.budget_exhausted(&service.meta.namespace, &service.meta.name, slo) else { return Ok(String::new()) };
        match override_reason {
            Some(reason) => {
                tracing::warn!(service = %service.meta.name, slo = %slo, reason = %reason, "error-budget freeze overridden");
                Ok(format!("; error-budget freeze overridden: {why}; reason: {reason}"))
            }
            None => Err(ControlError::FailedPrecondition(format!(
                "deploys of service {:?} are frozen: {why}; wait for the budget to recover, or pass --override-freeze --reason \"…\"",
                service.meta.name
            ))),
        }
    }

    /// For a deploy of a service whose template carries the rollout annotation: pins
    /// traffic to the revision serving 100% now, so the new revision starts at 0%.
    pub(crate) fn rollout_for_deploy(&self, state: &State, write: &ServiceWrite, existing: &crate::Service) -> Option<(ServiceWrite, PendingRollout)> {
        let plan = plan_from_annotation(write.spec.template.annotations.get(ANNOTATION_ROLLOUT)?).ok()?;
        let follows_latest = write.spec.traffic.is_empty() || (write.spec.traffic.iter().filter(|t| t.percent.is_some()).all(|t| t.revision == TargetRevision::Latest));
        if !follows_latest {
            return None;
        }
        let key = (existing.meta.namespace.clone(), existing.meta.name.clone());
        if state.rollouts.get(&key).is_some_and(|r| !r.phase.is_finished()) {
            return None;
        }
        let stable = single_revision(state, existing, &self.inner.urls).ok()?;
        let mut pinned = write.clone();
        pinned.spec.traffic = with_split(&write.spec.traffic, &stable, &stable, 0);
        Some((pinned, PendingRollout { plan, stable, previous_latest: existing.latest_created.clone() }))
    }

    /// After the deploy's write: if it minted a revision, its rollout starts (it waits
    /// for the revision to be ready before the first step).
    pub(crate) async fn begin_deploy_rollout(&self, state: &mut State, pending: PendingRollout, view: &ServiceView) {
        let Some(canary) = view.service.latest_created.clone() else { return };
        if Some(&canary) == pending.previous_latest.as_ref() {
            return;
        }
        let ns = view.service.meta.namespace.clone();
        let name = view.service.meta.name.clone();
        let rollout = Rollout::new(&ns, &name, &pending.stable, &canary, pending.plan, now_millis(), &format!("started by the deploy ({ANNOTATION_ROLLOUT})"));
        match self.commit(crate::Batch { put_rollouts: vec![rollout.clone()], ..crate::Batch::default() }).await {
            Ok(()) => {
                state.rollouts.insert((ns, name), rollout);
                self.inner.rollout_wake.notify_one();
            }
            Err(e) => tracing::error!(error = %e, service = %name, "could not record the deploy's rollout; traffic stays on {}", pending.stable),
        }
    }

    /// Applies `change` to the rollout and, when it moved the canary's weight, the
    /// matching traffic split: one transaction, then the route table.
    async fn update_rollout(&self, key: &(String, String), change: impl FnOnce(&mut Rollout)) -> Result<Option<Rollout>, ControlError> {
        let mut state = self.inner.state.lock().await;
        let Some(mut rollout) = state.rollouts.get(key).cloned() else { return Ok(None) };
        let before = rollout.clone();
        change(&mut rollout);
        if rollout == before {
            return Ok(Some(rollout));
        }
        let service = state.services.get(key).cloned();
        match service {
            // A weight change, or the end of a rollback (which may find the weight at 0
            // already, after a failed check before the first step).
            Some(service) if rollout.weight != before.weight || (rollout.phase.is_finished() && !before.phase.is_finished() && rollout.phase != runlane_rollout::Phase::Promoted) => {
                let mut traffic = with_split(&service.spec.traffic, &rollout.stable, &rollout.canary, rollout.weight);
                // Promoted and still the newest: traffic follows the latest revision again,
                // so later deploys behave as before the rollout.
                let revisions = state.revisions_of(&key.0, &key.1);
                if rollout.phase == runlane_rollout::Phase::Promoted && status::latest_ready(&revisions).is_some_and(|r| r.meta.name == rollout.canary) {
                    traffic[0] = TrafficTarget::latest(Percent::HUNDRED);
                }
                let write = ServiceWrite {
                    namespace: service.meta.namespace.clone(),
                    name: service.meta.name.clone(),
                    labels: service.meta.labels.clone(),
                    annotations: service.meta.annotations.clone(),
                    spec: runlane_model::ServiceSpec { template: service.spec.template.clone(), traffic },
                    resource_version: None,
                };
                self.apply_write(&mut state, write, Some(service), vec![rollout.clone()], None).await?;
            }
            _ => {
                self.commit(crate::Batch { put_rollouts: vec![rollout.clone()], ..crate::Batch::default() }).await?;
                state.rollouts.insert(key.clone(), rollout.clone());
            }
        }
        Ok(Some(rollout))
    }
}

/// The revision that gets the whole split now.
fn single_revision(state: &State, service: &crate::Service, urls: &status::UrlScheme) -> Result<String, ControlError> {
    let revisions = state.revisions_of(&service.meta.namespace, &service.meta.name);
    let routing = crate::reconcile::service_routing(service, &revisions, urls);
    let serving: Vec<&(String, u32)> = routing.split.iter().filter(|(_, w)| *w > 0).collect();
    match serving.as_slice() {
        [(name, _)] => Ok(name.clone()),
        [] => Err(ControlError::FailedPrecondition(format!("service {:?} serves no revision yet; wait for its first revision to be ready", service.meta.name))),
        many => Err(ControlError::FailedPrecondition(format!(
            "service {:?} splits traffic between {}; a rollout starts from one stable revision: move all traffic to one first (runlane services update-traffic)",
            service.meta.name,
            many.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(" and ")
        ))),
    }
}

/// `canary` gets `weight`% and `stable` the rest; every tag stays (without a percent).
fn with_split(current: &[TrafficTarget], stable: &str, canary: &str, weight: u8) -> Vec<TrafficTarget> {
    let mut out = Vec::new();
    if weight < 100 {
        out.push(TrafficTarget::named(stable, Percent::from_whole(100 - u32::from(weight)), None));
    }
    if weight > 0 {
        out.push(TrafficTarget::named(canary, Percent::from_whole(u32::from(weight)), None));
    }
    for t in current.iter().filter(|t| t.tag.is_some()) {
        out.push(TrafficTarget { percent: None, ..t.clone() });
    }
    out
}

fn invalid(field: &str, message: &str) -> ControlError {
    let mut errors = FieldErrors::default();
    errors.push(field, message);
    ControlError::Invalid(errors)
}

// === the driver ===

/// Drives every active rollout until the process ends. Each rollout is driven by its
/// own task, so a slow webhook of one never delays another's rollback.
pub(crate) async fn run(controller: Controller) {
    let measured_until: Arc<std::sync::Mutex<HashMap<(String, String), i64>>> = Arc::default();
    let busy: Arc<std::sync::Mutex<std::collections::HashSet<(String, String)>>> = Arc::default();
    loop {
        tokio::select! {
            () = tokio::time::sleep(TICK) => {}
            () = controller.inner.rollout_wake.notified() => {}
        }
        let active: Vec<(String, String)> = {
            let state = controller.inner.state.lock().await;
            state.rollouts.values().filter(|r| !r.phase.is_finished()).map(|r| (r.namespace.clone(), r.service.clone())).collect()
        };
        if active.is_empty() {
            continue;
        }
        let persisted = match controller.telemetry() {
            Some(t) => {
                let db = t.clone();
                tokio::task::spawn_blocking(move || db.metrics_db().persisted_until().unwrap_or(0)).await.unwrap_or(0)
            }
            None => 0,
        };
        for key in active {
            if !busy.lock().unwrap_or_else(|p| p.into_inner()).insert(key.clone()) {
                continue;
            }
            let (controller, busy, measured_until) = (controller.clone(), busy.clone(), measured_until.clone());
            tokio::spawn(async move {
                if let Err(e) = drive(&controller, &key, persisted, &measured_until).await {
                    tracing::warn!(service = %key.1, error = %e, "rollout step failed; retrying on the next tick");
                }
                busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&key);
            });
        }
    }
}

/// Acts on one rollout until it has nothing more to do this tick.
async fn drive(controller: &Controller, key: &(String, String), persisted: i64, measured_until: &std::sync::Mutex<HashMap<(String, String), i64>>) -> Result<(), ControlError> {
    for _ in 0..8 {
        let Some(rollout) = controller.inner.state.lock().await.rollouts.get(key).cloned() else { return Ok(()) };
        let now = now_millis();
        let Some(action) = rollout.decide(now) else { return Ok(()) };
        match action {
            Action::AwaitApproval { .. } => return Ok(()),
            Action::SetWeight { percent } => {
                let ready = canary_ready(controller, &rollout).await;
                match ready {
                    Some(true) => {}
                    Some(false) => {
                        controller
                            .update_rollout(key, |r| {
                                let _ = r.abort(now, "runlane (the canary failed to start)");
                            })
                            .await?;
                        continue;
                    }
                    None => return Ok(()),
                }
                controller.update_rollout(key, |r| r.weight_set(percent, now_millis())).await?;
                tracing::info!(service = %key.1, canary = %rollout.canary, percent, "rollout step");
            }
            Action::CallWebhooks { percent } => {
                let Some(hooks) = controller.inner.rollout_hooks.get().cloned() else { return Ok(()) };
                let result = hooks.call_webhooks(&rollout, "pre-step", percent).await;
                let (ok, detail) = match result {
                    Ok(d) => (true, d),
                    Err(d) => (false, d),
                };
                controller.update_rollout(key, |r| r.webhooks_checked(ok, &detail, now_millis())).await?;
            }
            Action::Measure { from } => {
                if persisted <= from || measured_until.lock().unwrap_or_else(|p| p.into_inner()).get(key).is_some_and(|u| *u >= persisted) {
                    return Ok(());
                }
                let Some(telemetry) = controller.telemetry().cloned() else { return Ok(()) };
                let slo_goal = match (&rollout.plan.limits.slo, controller.inner.rollout_hooks.get()) {
                    (Some(slo), Some(h)) => h.slo_goal(&rollout.namespace, &rollout.service, slo),
                    _ => None,
                };
                let (service, stable, canary) = (rollout.service.clone(), rollout.stable.clone(), rollout.canary.clone());
                let m = tokio::task::spawn_blocking(move || measure(&telemetry, &service, &stable, &canary, from, persisted))
                    .await
                    .map_err(|e| ControlError::FailedPrecondition(format!("measuring panicked: {e}")))?;
                let Some(mut m) = m else { return Ok(()) };
                m.slo_goal = slo_goal;
                measured_until.lock().unwrap_or_else(|p| p.into_inner()).insert(key.clone(), persisted);
                controller
                    .update_rollout(key, |r| {
                        r.record(m, now_millis());
                    })
                    .await?;
            }
            Action::Rollback { reason } => {
                let updated = controller.update_rollout(key, |r| r.rolled_back(now_millis())).await?;
                tracing::warn!(service = %key.1, canary = %rollout.canary, reason = %reason, "rollout rolled back: all traffic on the stable revision");
                if let (Some(hooks), Some(r)) = (controller.inner.rollout_hooks.get().cloned(), updated) {
                    let controller = controller.clone();
                    let key = key.clone();
                    tokio::spawn(async move {
                        hooks.rolled_back(&r).await;
                        if !r.plan.webhooks.is_empty() {
                            let result = hooks.call_webhooks(&r, "rollback", 0).await;
                            let text = match result {
                                Ok(d) => format!("rollback webhooks answered: {d}"),
                                Err(d) => format!("rollback webhooks failed: {d}"),
                            };
                            let _ = controller.update_rollout(&key, |r| r.note(now_millis(), "webhook", text)).await;
                        }
                    });
                }
            }
        }
    }
    Ok(())
}

/// Some(true) when the canary is ready, Some(false) when it failed, None while pending.
async fn canary_ready(controller: &Controller, rollout: &Rollout) -> Option<bool> {
    let state = controller.inner.state.lock().await;
    let r = state.revisions.get(&(rollout.namespace.clone(), rollout.canary.clone()))?;
    match r.health {
        runlane_model::RevisionHealth::Ready { .. } => Some(true),
        runlane_model::RevisionHealth::Failed { .. } => Some(false),
        runlane_model::RevisionHealth::Pending => None,
    }
}

/// Canary and stable over `[from, to)` from telemetry's committed seconds.
fn measure(telemetry: &runlane_telemetry::Telemetry, service: &str, stable: &str, canary: &str, from: i64, to: i64) -> Option<Measurement> {
    let db = telemetry.metrics_db();
    let series = db.series().ok()?;
    let sample_of = |revision: &str| -> Option<Sample> {
        let infos: Vec<_> = series.iter().filter(|s| s.service == service && s.revision == revision).cloned().collect();
        let totals = db.totals(&infos, Range::new(from, to), to).ok()?;
        let mut sample = Sample::default();
        let mut histogram = Histogram::default();
        for (_, interval) in totals {
            for (code, n) in &interval.codes {
                sample.requests += n;
                if *code >= 500 {
                    sample.errors += n;
                }
            }
            histogram.add_sparse(&interval.latency);
        }
        sample.p99_ms = histogram.quantile(0.99).map(|us| us / 1000.0);
        Some(sample)
    };
    Some(Measurement { from, to, canary: sample_of(canary)?, stable: sample_of(stable)?, slo_goal: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(targets: &[TrafficTarget]) -> Vec<String> {
        targets
            .iter()
            .map(|t| {
                let rev = match &t.revision {
                    TargetRevision::Named(n) => n.clone(),
                    TargetRevision::Latest => "LATEST".into(),
                    TargetRevision::Created => "CREATED".into(),
                };
                let pct = t.percent.map_or("-".into(), |p| format!("{}", p.basis_points() / 100));
                format!("{rev}:{pct}:{}", t.tag.as_deref().unwrap_or(""))
            })
            .collect()
    }

    fn check(current: Vec<TrafficTarget>, weight: u8, expected: &[&str]) {
        assert_eq!(shown(&with_split(&current, "s", "c", weight)), expected, "weight {weight}");
    }

    #[test]
    fn splits_keep_every_tag_and_drop_zero_shares() {
        let latest = vec![TrafficTarget::latest(Percent::HUNDRED)];
        check(latest.clone(), 0, &["s:100:"]);
        check(latest.clone(), 10, &["s:90:", "c:10:"]);
        check(latest, 100, &["c:100:"]);
        let tagged = vec![TrafficTarget::named("s", Percent::from_whole(100), Some("prod")), TrafficTarget::named("c", None, Some("canary"))];
        check(tagged.clone(), 25, &["s:75:", "c:25:", "s:-:prod", "c:-:canary"]);
        check(tagged, 0, &["s:100:", "s:-:prod", "c:-:canary"]);
    }
}
