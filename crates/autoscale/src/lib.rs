//! The autoscaler's decision, in the style of Knative's KPA: how many instances a
//! revision should have, from the concurrency observed and the time.
//!
//! Invariant: pure. No clock, no I/O, no tasks: callers feed `record(now, …)` with
//! observations and ask `decide(now, …)`; `now` is any monotonic `Duration` (time since
//! an arbitrary start), so tests drive it table by table.
#![forbid(unsafe_code)]

use std::collections::VecDeque;
use std::time::Duration;

/// Knative's defaults, which Cloud Run users also meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Share of the concurrency limit an instance should run at (Knative: 70%).
    pub target_utilization: f64,
    /// Per-instance target when containerConcurrency is 0 (unlimited), as Knative's default.
    pub unlimited_target: f64,
    /// Averaging window for normal decisions.
    pub stable_window: Duration,
    /// Short window that detects bursts.
    pub panic_window: Duration,
    /// Panic when demand over the panic window reaches this multiple of current capacity.
    pub panic_threshold: f64,
    /// At most this multiple of the ready instances per decision.
    pub max_scale_up_rate: f64,
    /// At least ready ÷ this per decision.
    pub max_scale_down_rate: f64,
    /// Idle time after which a revision with minScale 0 goes to zero.
    pub scale_to_zero_grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            target_utilization: 0.7,
            unlimited_target: 100.0,
            stable_window: Duration::from_secs(60),
            panic_window: Duration::from_secs(6),
            panic_threshold: 2.0,
            max_scale_up_rate: 1000.0,
            max_scale_down_rate: 2.0,
            scale_to_zero_grace: Duration::from_secs(30),
        }
    }
}

/// A revision's scaling limits, from its annotations and containerConcurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min: u32,
    /// None: no upper bound.
    pub max: Option<u32>,
    /// containerConcurrency; 0 means unlimited.
    pub container_concurrency: u32,
}

/// What to do, and why (the reason goes to the logs).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub desired: u32,
    pub panicking: bool,
    pub reason: String,
}

/// One revision's autoscaler state.
#[derive(Debug, Clone)]
pub struct Autoscaler {
    config: Config,
    bounds: Bounds,
    /// (time, concurrency) observations, oldest first, kept for one stable window.
    samples: VecDeque<(Duration, f64)>,
    panic_started: Option<Duration>,
    /// The highest desired count while panicking: panic never scales down.
    panic_desired: u32,
    last_active: Option<Duration>,
}

impl Autoscaler {
    pub fn new(config: Config, bounds: Bounds) -> Self {
        Autoscaler {
            config,
            bounds,
            samples: VecDeque::new(),
            panic_started: None,
            panic_desired: 0,
            last_active: None,
        }
    }

    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    pub fn set_bounds(&mut self, bounds: Bounds) {
        self.bounds = bounds;
    }

    /// Records the concurrency seen at `now`: requests in flight plus requests waiting
    /// for an instance (held requests count, or a cold start would never scale up).
    pub fn record(&mut self, now: Duration, concurrency: f64) {
        let concurrency = concurrency.max(0.0);
        if concurrency > 0.0 {
            self.last_active = Some(now);
        }
        self.samples.push_back((now, concurrency));
        let horizon = now.saturating_sub(self.config.stable_window);
        while self.samples.front().is_some_and(|(t, _)| *t < horizon) {
            self.samples.pop_front();
        }
    }

    /// The desired number of instances at `now`, given how many are ready.
    pub fn decide(&mut self, now: Duration, ready: u32) -> Decision {
        let target = self.per_instance_target();
        let stable = self.average(now, self.config.stable_window);
        let panic = self.average(now, self.config.panic_window);
        let want_stable = (stable / target).ceil() as u32;
        let want_panic = (panic / target).ceil() as u32;

        // Panic starts when the short window's demand reaches panic_threshold × capacity,
        // and ends once a whole stable window has passed without that.
        let capacity = f64::from(ready.max(1));
        if f64::from(want_panic) / capacity >= self.config.panic_threshold && want_panic > ready {
            if self.panic_started.is_none() {
                self.panic_desired = 0;
            }
            self.panic_started = Some(now);
        } else if self
            .panic_started
            .is_some_and(|since| now.saturating_sub(since) >= self.config.stable_window)
        {
            self.panic_started = None;
            self.panic_desired = 0;
        }
        let panicking = self.panic_started.is_some();

        let (mut desired, mut reason) = if panicking {
            self.panic_desired = self.panic_desired.max(want_panic).max(ready);
            (self.panic_desired, format!("panic: {panic:.1} concurrent over {:?} for a target of {target:.1} per instance", self.config.panic_window))
        } else {
            (want_stable, format!("stable: {stable:.1} concurrent over {:?} for a target of {target:.1} per instance", self.config.stable_window))
        };

        // Rate limits relative to what is ready now.
        if ready > 0 {
            let up = (self.config.max_scale_up_rate * f64::from(ready)).ceil() as u32;
            let down = (f64::from(ready) / self.config.max_scale_down_rate).floor() as u32;
            if desired > up {
                desired = up;
                reason.push_str(&format!("; scale-up limited to {up}"));
            }
            if desired < down {
                desired = down;
                reason.push_str(&format!("; scale-down limited to {down}"));
            }
        }

        // Zero exactly when no request has been seen for a whole grace period: the
        // stable average still remembers the last requests for a minute, and
        // keeping an idle revision warm that long is what the grace is for.
        let idle_for = self
            .last_active
            .map_or(Duration::MAX, |t| now.saturating_sub(t));
        if self.bounds.min == 0 && !panicking {
            if idle_for >= self.config.scale_to_zero_grace {
                if desired > 0 {
                    reason = format!(
                        "idle for {idle_for:?} ≥ the {:?} scale-to-zero grace",
                        self.config.scale_to_zero_grace
                    );
                }
                desired = 0;
            } else if desired == 0 && ready > 0 {
                desired = 1;
                reason.push_str(&format!(
                    "; idle for {idle_for:?}, kept until the {:?} grace passes",
                    self.config.scale_to_zero_grace
                ));
            }
        }

        let bounded = desired.max(self.bounds.min);
        let bounded = self.bounds.max.map_or(bounded, |max| bounded.min(max));
        if bounded != desired {
            reason.push_str(&format!(
                "; bounded to [{}, {}]",
                self.bounds.min,
                self.bounds.max.map_or("∞".to_owned(), |m| m.to_string())
            ));
        }
        Decision {
            desired: bounded,
            panicking,
            reason,
        }
    }

    fn per_instance_target(&self) -> f64 {
        let limit = match self.bounds.container_concurrency {
            0 => self.config.unlimited_target,
            c => f64::from(c),
        };
        (limit * self.config.target_utilization).max(0.01)
    }

    /// Time-weighted average over the last `window` (each sample holds until the next).
    fn average(&self, now: Duration, window: Duration) -> f64 {
        let start = now.saturating_sub(window);
        let mut area = 0.0;
        let mut covered = Duration::ZERO;
        let mut iter = self.samples.iter().peekable();
        while let Some(&(t, c)) = iter.next() {
            let end = iter.peek().map_or(now, |(next, _)| *next).min(now);
            let from = t.max(start);
            if end > from {
                area += c * (end - from).as_secs_f64();
                covered += end - from;
            }
        }
        // Knative averages over the time it has data for, so a fresh revision reacts at once.
        if covered.is_zero() {
            self.samples.back().map_or(0.0, |(_, c)| *c)
        } else {
            area / covered.as_secs_f64()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn scaler(min: u32, max: Option<u32>, cc: u32) -> Autoscaler {
        Autoscaler::new(
            Config::default(),
            Bounds {
                min,
                max,
                container_concurrency: cc,
            },
        )
    }

    /// Feeds `concurrency` once a second from `from` to `to` (exclusive).
    fn feed(a: &mut Autoscaler, from: u64, to: u64, concurrency: f64) {
        for t in from..to {
            a.record(s(t as f64), concurrency);
        }
    }

    #[test]
    fn stable_load_sizes_to_target_utilisation() {
        // cc 10 × 70% = 7 per instance; 35 concurrent → 5 instances.
        let mut a = scaler(0, None, 10);
        feed(&mut a, 0, 61, 35.0);
        let d = a.decide(s(61.0), 5);
        assert_eq!((d.desired, d.panicking), (5, false), "{}", d.reason);
    }

    #[test]
    fn a_burst_panics_and_panic_never_scales_down() {
        let mut a = scaler(0, None, 10);
        feed(&mut a, 0, 60, 7.0);
        assert_eq!(a.decide(s(60.0), 1).desired, 1);
        feed(&mut a, 60, 66, 70.0); // 10× capacity in the panic window
        let d = a.decide(s(66.0), 1);
        assert!(d.panicking, "{}", d.reason);
        assert_eq!(d.desired, 10);
        // Load drops; still panicking within the stable window: no scale-down.
        feed(&mut a, 66, 80, 7.0);
        let d = a.decide(s(80.0), 10);
        assert!(d.panicking && d.desired == 10, "{d:?}");
        // A stable window after the last panic trigger, panic ends and scale-down is rate-limited.
        feed(&mut a, 80, 140, 7.0);
        let d = a.decide(s(140.0), 10);
        assert!(!d.panicking, "{d:?}");
        assert_eq!(
            d.desired, 5,
            "scale-down is limited to ready / 2: {}",
            d.reason
        );
    }

    #[test]
    fn scale_to_zero_waits_for_the_grace_period() {
        let mut a = scaler(0, None, 80);
        feed(&mut a, 0, 10, 1.0);
        feed(&mut a, 10, 30, 0.0);
        assert_eq!(a.decide(s(30.0), 1).desired, 1, "idle 20 s < 30 s grace");
        feed(&mut a, 30, 41, 0.0);
        let d = a.decide(s(41.0), 1);
        assert_eq!(d.desired, 0, "{}", d.reason);
    }

    #[test]
    fn min_and_max_bound_the_decision() {
        let mut a = scaler(2, Some(3), 10);
        feed(&mut a, 0, 61, 0.0);
        assert_eq!(a.decide(s(61.0), 2).desired, 2);
        feed(&mut a, 61, 130, 700.0);
        let d = a.decide(s(130.0), 2);
        assert_eq!(d.desired, 3, "{}", d.reason);
    }

    #[test]
    fn from_zero_the_first_request_asks_for_an_instance() {
        let mut a = scaler(0, None, 80);
        a.record(s(100.0), 100.0);
        let d = a.decide(s(100.0), 0);
        assert_eq!(
            d.desired, 2,
            "100 held requests at 56 per instance: {}",
            d.reason
        );
    }

    #[test]
    fn unlimited_concurrency_uses_the_default_target() {
        let mut a = scaler(0, None, 0);
        feed(&mut a, 0, 61, 140.0);
        assert_eq!(a.decide(s(61.0), 2).desired, 2);
    }

    #[test]
    fn scale_up_rate_is_limited() {
        let mut a = Autoscaler::new(
            Config {
                max_scale_up_rate: 2.0,
                ..Config::default()
            },
            Bounds {
                min: 0,
                max: None,
                container_concurrency: 1,
            },
        );
        feed(&mut a, 0, 61, 100.0);
        assert_eq!(a.decide(s(61.0), 3).desired, 6);
    }
}
