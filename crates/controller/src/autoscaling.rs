//! The autoscaler loop: every routable revision gets a KPA-style
//! [`Autoscaler`](runlane_autoscale::Autoscaler) fed with the demand the router
//! measures (requests in flight or waiting, integrated over time), and its decisions
//! become the runtime's instance counts.
//!
//! The loop decides on a fixed tick, and at once when the router reports a request
//! waiting for an instance (a cold start, or every instance at its
//! containerConcurrency), so a revision at zero starts an instance within a
//! millisecond of its first request. Every change of a revision's instance count is
//! logged with the decision's reason.
//!
//! `reconcile::apply` asks [`Scaling::track`] for the count of each routable revision,
//! and the loop changes it with `Runtime::scale`; both hold the same lock while they
//! talk to the runtime, so the runtime sees the counts in the order they were decided.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use runlane_autoscale::{Autoscaler, Bounds, Decision};
use runlane_model::duration::parse_human;
use runlane_model::Revision;
use runlane_router::{Demand, RevisionBackend, Router};
use runlane_runtime::{Runtime, RuntimeSnapshot};
use tokio::time::Instant;

/// Knative's annotation for how long an idle revision keeps its last instance.
pub const ANNOTATION_RETENTION: &str = "autoscaling.knative.dev/scale-to-zero-pod-retention-period";
/// Knative's annotation for the share of containerConcurrency to aim for, in percent.
pub const ANNOTATION_TARGET_UTILIZATION: &str =
    "autoscaling.knative.dev/target-utilization-percentage";

/// After a decision triggered by a waiting request, later ones wait this long (the
/// tick still runs): a queue under sustained overload signals on every request.
const ACTIVATION_GAP: Duration = Duration::from_millis(50);

/// A sample shorter than this is too short to average: the demand right now is used.
const SHORTEST_SAMPLE: Duration = Duration::from_millis(10);

/// How the controller autoscales.
#[derive(Debug, Clone)]
pub struct AutoscaleConfig {
    /// The KPA's knobs; `scale_to_zero_grace` is the default that a revision's
    /// retention annotation overrides.
    pub scaler: runlane_autoscale::Config,
    /// How often every revision's demand is sampled and decided on.
    pub tick: Duration,
}

impl AutoscaleConfig {
    /// Knative's defaults with this stable window (the panic window is a tenth of
    /// it, as Knative's panic-window-percentage of 10) and scale-to-zero grace.
    pub fn new(stable_window: Duration, scale_to_zero_grace: Duration) -> Self {
        let panic_window = (stable_window / 10).max(Duration::from_millis(100));
        AutoscaleConfig {
            scaler: runlane_autoscale::Config {
                stable_window,
                panic_window,
                scale_to_zero_grace,
                ..runlane_autoscale::Config::default()
            },
            tick: (panic_window / 2).clamp(Duration::from_millis(50), Duration::from_secs(1)),
        }
    }
}

impl Default for AutoscaleConfig {
    fn default() -> Self {
        let knative = runlane_autoscale::Config::default();
        AutoscaleConfig::new(knative.stable_window, knative.scale_to_zero_grace)
    }
}

/// What the autoscaler thinks of one revision, for `revisions describe`.
#[derive(Debug, Clone)]
pub struct ScalingView {
    /// Instances asked of the runtime.
    pub desired: u32,
    /// The latest decision, and when it was made.
    pub last_decision: Option<(SystemTime, Decision)>,
    /// Requests in flight to its instances, and waiting for one, right now.
    pub in_flight: u64,
    pub waiting: usize,
    /// Requests refused (429) because its queue was full.
    pub overflows: u64,
    /// The most recent instance start: from process start to passing the startup probe.
    pub last_startup: Option<Duration>,
    /// Idle time after which it goes to zero (None: minScale keeps it above zero).
    pub scale_to_zero_grace: Option<Duration>,
}

/// Every routable revision's autoscaler.
pub(crate) struct Scaling {
    config: AutoscaleConfig,
    epoch: Instant,
    revisions: Mutex<HashMap<String, Scaled>>,
}

struct Scaled {
    scaler: Autoscaler,
    backend: Arc<RevisionBackend>,
    /// Instances asked of the runtime.
    desired: u32,
    /// Still Pending: keeps at least one instance so it can become Ready.
    pending: bool,
    last_demand: Demand,
    last_at: Instant,
    last_decision: Option<(SystemTime, Decision)>,
    /// (when it became ready, how long it took) of the newest ready instance seen.
    last_startup: Option<(SystemTime, Duration)>,
}

impl Scaling {
    pub(crate) fn new(config: AutoscaleConfig) -> Self {
        Scaling {
            config,
            epoch: Instant::now(),
            revisions: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Scaled>> {
        self.revisions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn since_epoch(&self, at: Instant) -> Duration {
        at.saturating_duration_since(self.epoch)
    }

    /// Starts or keeps autoscaling a routable revision and declares it to the runtime
    /// with the count its autoscaler wants. A revision that becomes routable starts at
    /// its initial scale (one instance, or minScale), like Knative's initial-scale.
    pub(crate) fn track(
        &self,
        runtime: &Runtime,
        spec: runlane_runtime::InstanceSpec,
        revision: &Revision,
        backend: &Arc<RevisionBackend>,
        pending: bool,
    ) {
        let mut revisions = self.lock();
        let name = &revision.meta.name;
        let now = Instant::now();
        let (config, bounds) = self.revision_config(revision);
        let scaled = revisions.entry(name.clone()).or_insert_with(|| {
            let desired = initial_scale(revision);
            tracing::info!(revision = %name, desired, "autoscaler: {name} receives traffic; starting at {desired} instance(s)");
            Scaled {
                scaler: Autoscaler::new(config.clone(), bounds, self.since_epoch(now)),
                backend: backend.clone(),
                desired,
                pending,
                last_demand: backend.demand(now),
                last_at: now,
                last_decision: None,
                last_startup: None,
            }
        });
        scaled.scaler.set_bounds(bounds);
        scaled.pending = pending;
        if !Arc::ptr_eq(&scaled.backend, backend) {
            scaled.backend = backend.clone();
            scaled.last_demand = backend.demand(now);
            scaled.last_at = now;
        }
        let replicas = if pending {
            scaled.desired.max(1)
        } else {
            scaled.desired
        };
        runtime.set_revision(spec, replicas);
    }

    /// Stops autoscaling revisions that are no longer routable.
    pub(crate) fn retain(&self, keep: impl Fn(&str) -> bool) {
        self.lock().retain(|name, _| {
            let kept = keep(name);
            if !kept {
                tracing::debug!(revision = %name, "autoscaler: no longer routable");
            }
            kept
        });
    }

    pub(crate) fn view(&self, revision: &str) -> Option<ScalingView> {
        let revisions = self.lock();
        let s = revisions.get(revision)?;
        let bounds = s.scaler.bounds();
        Some(ScalingView {
            desired: s.desired,
            last_decision: s.last_decision.clone(),
            in_flight: s.backend.in_flight(),
            waiting: s.backend.held(),
            overflows: s.backend.overflows(),
            last_startup: s.last_startup.map(|(_, d)| d),
            scale_to_zero_grace: (bounds.min == 0).then(|| s.scaler.config().scale_to_zero_grace),
        })
    }

    /// Samples every revision's demand, decides, and applies changed counts.
    pub(crate) fn evaluate(&self, runtime: &Runtime, snapshot: &RuntimeSnapshot, now: Instant) {
        let at = self.since_epoch(now);
        let mut revisions = self.lock();
        for (name, s) in revisions.iter_mut() {
            let demand = s.backend.demand(now);
            let elapsed = now.saturating_duration_since(s.last_at);
            let concurrency = if elapsed < SHORTEST_SAMPLE {
                demand.current.max(0) as f64
            } else {
                demand.average_since(&s.last_demand, elapsed)
            };
            s.last_demand = demand;
            s.last_at = now;
            s.scaler.record(at, concurrency);

            let status = snapshot.revisions.get(name);
            let ready = status.map_or(0, |r| r.ready_endpoints.len());
            if let Some(status) = status {
                note_startups(s, status);
            }
            let ready = u32::try_from(ready).unwrap_or(u32::MAX);
            let decision = s.scaler.decide(at, ready);
            let wanted = if s.pending {
                decision.desired.max(1)
            } else {
                decision.desired
            };
            if wanted != s.desired {
                let waiting = s.backend.held();
                let activation = if ready == 0 && s.desired == 0 && waiting > 0 {
                    format!("{waiting} request(s) waiting at zero; ")
                } else {
                    String::new()
                };
                tracing::info!(
                    revision = %name,
                    from = s.desired,
                    to = wanted,
                    ready,
                    waiting,
                    panicking = decision.panicking,
                    reason = %decision.reason,
                    "autoscaler: {name} from {} to {wanted} instance(s): {activation}{}",
                    s.desired,
                    decision.reason
                );
                s.desired = wanted;
                runtime.scale(name, wanted);
            } else {
                tracing::trace!(revision = %name, desired = wanted, ready, reason = %decision.reason, "autoscaler: no change");
            }
            s.last_decision = Some((SystemTime::now(), decision));
        }
    }

    /// The revision's scaler settings: the global ones with its annotations applied.
    fn revision_config(&self, revision: &Revision) -> (runlane_autoscale::Config, Bounds) {
        let mut config = self.config.scaler.clone();
        let annotations = &revision.template.annotations;
        if let Some(text) = annotations.get(ANNOTATION_RETENTION) {
            match parse_human(text) {
                Ok(grace) => config.scale_to_zero_grace = grace,
                Err(e) => {
                    tracing::warn!(revision = %revision.meta.name, "annotation {ANNOTATION_RETENTION}: {e}; using the default {:?}", config.scale_to_zero_grace)
                }
            }
        }
        if let Some(text) = annotations.get(ANNOTATION_TARGET_UTILIZATION) {
            match text.trim().parse::<f64>() {
                Ok(p) if p > 0.0 && p <= 100.0 => config.target_utilization = p / 100.0,
                _ => {
                    tracing::warn!(revision = %revision.meta.name, "annotation {ANNOTATION_TARGET_UTILIZATION} is {text:?}; write a percentage from 1 to 100 (using {}%)", config.target_utilization * 100.0)
                }
            }
        }
        let bounds = Bounds {
            min: revision.min_scale(),
            max: revision.max_scale(),
            container_concurrency: revision.container_concurrency(),
        };
        (config, bounds)
    }
}

/// Instances a revision gets when it starts receiving traffic (or is being
/// deployed): one, or minScale if higher, within maxScale.
pub(crate) fn initial_scale(revision: &Revision) -> u32 {
    let wanted = revision.min_scale().max(1);
    revision.max_scale().map_or(wanted, |max| wanted.min(max))
}

/// Remembers the startup time of the newest instance that became ready.
fn note_startups(s: &mut Scaled, status: &runlane_runtime::RevisionStatus) {
    for i in &status.instances {
        let Some(ready_at) = i.ready_at else { continue };
        if s.last_startup.is_some_and(|(seen, _)| seen >= ready_at) {
            continue;
        }
        let took = ready_at.duration_since(i.started_at).unwrap_or_default();
        s.last_startup = Some((ready_at, took));
    }
}

/// Runs the autoscaler for as long as the process lives.
pub(crate) async fn run(scaling: Arc<Scaling>, runtime: Runtime, router: Router) {
    let snapshots = runtime.subscribe();
    let tick = scaling.config.tick;
    let mut next_tick = Instant::now() + tick;
    let mut quiet_until = Instant::now();
    loop {
        tokio::select! {
            () = tokio::time::sleep_until(next_tick) => {
                next_tick = Instant::now() + tick;
            }
            () = async {
                tokio::time::sleep_until(quiet_until).await;
                router.queued().await;
            } => {
                quiet_until = Instant::now() + ACTIVATION_GAP;
            }
        }
        let snapshot = snapshots.borrow().clone();
        scaling.evaluate(&runtime, &snapshot, Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_tick_follow_the_stable_window() {
        let check = |stable: u64, panic_ms: u64, tick_ms: u64| {
            let c = AutoscaleConfig::new(Duration::from_secs(stable), Duration::from_secs(30));
            assert_eq!(
                (c.scaler.panic_window, c.tick),
                (
                    Duration::from_millis(panic_ms),
                    Duration::from_millis(tick_ms)
                ),
                "stable window {stable}s"
            );
        };
        check(60, 6_000, 1_000);
        check(6, 600, 300);
        check(1, 100, 50);
        assert_eq!(
            AutoscaleConfig::default().scaler.scale_to_zero_grace,
            Duration::from_secs(30)
        );
    }
}
