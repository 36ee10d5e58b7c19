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
    /// Average concurrency over the stable window.
    pub stable: f64,
    /// Average concurrency over the panic window.
    pub panic: f64,
    pub reason: String,
}

/// One revision's autoscaler state.
#[derive(Debug, Clone)]
pub struct Autoscaler {
    config: Config,
    bounds: Bounds,
    /// Observed averages over `(start, end]`, oldest first, kept for one stable window.
    samples: VecDeque<Sample>,
    /// When `record` was last called (or the autoscaler created): the next sample's start.
    last_record: Duration,
    panic_started: Option<Duration>,
    /// The highest desired count while panicking: panic never scales down.
    panic_desired: u32,
    /// The end of the last interval that saw any request (creation counts as activity,
    /// so a new revision keeps its first instance for a whole grace period).
    last_active: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    start: Duration,
    end: Duration,
    concurrency: f64,
}

impl Autoscaler {
    /// A revision's autoscaler, created at `now`.
    pub fn new(config: Config, bounds: Bounds, now: Duration) -> Self {
        Autoscaler {
            config,
            bounds,
            samples: VecDeque::new(),
            last_record: now,
            panic_started: None,
            panic_desired: 0,
            last_active: now,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    pub fn set_bounds(&mut self, bounds: Bounds) {
        self.bounds = bounds;
    }

    /// Records the average concurrency seen since the previous `record` (or since the
    /// autoscaler was created): requests in flight plus requests waiting for an
    /// instance (waiting requests count, or a cold start would never scale up).
    /// Any concurrency above zero counts as activity for the scale-to-zero grace.
    pub fn record(&mut self, now: Duration, concurrency: f64) {
        let concurrency = if concurrency.is_finite() {
            concurrency.max(0.0)
        } else {
            0.0
        };
        if concurrency > 0.0 {
            self.last_active = self.last_active.max(now);
        }
        let start = self.last_record.min(now);
        self.last_record = now;
        self.samples.push_back(Sample {
            start,
            end: now,
            concurrency,
        });
        let horizon = now.saturating_sub(self.config.stable_window);
        while self.samples.front().is_some_and(|s| s.end < horizon) {
            self.samples.pop_front();
        }
    }

    /// The desired number of instances at `now`, given how many are ready.
    pub fn decide(&mut self, now: Duration, ready: u32) -> Decision {
        let target = self.per_instance_target();
        let stable = self.average(now, self.config.stable_window);
        // The burst signal is the panic window's average, or the average over its last
        // sixth (1 s at Knative's defaults) when that is higher: a step in load is sized
        // for within a second rather than as the panic window fills (6 s), and a blip
        // of a few milliseconds is still averaged away.
        let panic = self.average(now, self.config.panic_window);
        let latest = self.average(now, self.config.panic_window / 6);
        let burst = panic.max(latest);
        let want_stable = instances_for(stable, target);
        let want_panic = instances_for(burst, target);

        // Panic starts when the burst signal reaches panic_threshold × capacity,
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
            (
                self.panic_desired,
                format!(
                    "panic: {panic:.2} concurrent over {:?} ({latest:.2} over the last {:?}) for a target of {target:.1} per instance",
                    self.config.panic_window,
                    self.config.panic_window / 6
                ),
            )
        } else {
            (
                want_stable,
                format!(
                    "stable: {stable:.2} concurrent over {:?} for a target of {target:.1} per instance",
                    self.config.stable_window
                ),
            )
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
        let idle_for = now.saturating_sub(self.last_active);
        if self.bounds.min == 0 && !panicking {
            if idle_for >= self.config.scale_to_zero_grace {
                reason = format!(
                    "idle for {idle_for:.1?} ≥ the {:?} scale-to-zero grace",
                    self.config.scale_to_zero_grace
                );
                desired = 0;
            } else if desired == 0 {
                // Also while the first instance is still starting (none ready yet).
                desired = 1;
                reason.push_str(&format!(
                    "; idle for {idle_for:.1?}, kept until the {:?} grace passes",
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
            stable,
            panic,
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

    /// Time-weighted average over the last `window`: each sample covers its interval.
    fn average(&self, now: Duration, window: Duration) -> f64 {
        let start = now.saturating_sub(window);
        let mut area = 0.0;
        let mut covered = Duration::ZERO;
        for s in &self.samples {
            let from = s.start.max(start);
            let to = s.end.min(now);
            if to > from {
                area += s.concurrency * (to - from).as_secs_f64();
                covered += to - from;
            }
        }
        // Knative averages over the time it has data for, so a fresh revision reacts at once.
        if covered.is_zero() {
            self.samples.back().map_or(0.0, |s| s.concurrency)
        } else {
            area / covered.as_secs_f64()
        }
    }
}

/// Instances needed for `concurrency` at `target` each: any demand at all needs one,
/// and a float hair above a whole number (7.000000001 for a target of 7) does not
/// ask for one more.
fn instances_for(concurrency: f64, target: f64) -> u32 {
    if concurrency <= 0.0 {
        return 0;
    }
    let exact = concurrency / target;
    ((exact - 1e-9).ceil().max(1.0)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    /// One step of a scenario, at whole seconds.
    enum Step {
        /// Records `concurrency` once a second for seconds `from+1 ..= to` (each
        /// sample the average of the second before it).
        Load(u64, u64, f64),
        /// At second `at`, with `ready` instances: the decision's desired count and
        /// whether it panics.
        Expect {
            at: u64,
            ready: u32,
            desired: u32,
            panicking: bool,
        },
    }
    use Step::{Expect, Load};

    fn expect(at: u64, ready: u32, desired: u32) -> Step {
        Expect {
            at,
            ready,
            desired,
            panicking: false,
        }
    }

    fn expect_panic(at: u64, ready: u32, desired: u32) -> Step {
        Expect {
            at,
            ready,
            desired,
            panicking: true,
        }
    }

    fn bounds(min: u32, max: Option<u32>, cc: u32) -> Bounds {
        Bounds {
            min,
            max,
            container_concurrency: cc,
        }
    }

    /// Runs a scenario from second 0 and checks every expectation.
    fn check(config: Config, bounds: Bounds, steps: &[Step]) {
        let mut a = Autoscaler::new(config, bounds, s(0.0));
        for (i, step) in steps.iter().enumerate() {
            match *step {
                Load(from, to, c) => {
                    for t in from + 1..=to {
                        a.record(s(t as f64), c);
                    }
                }
                Expect {
                    at,
                    ready,
                    desired,
                    panicking,
                } => {
                    let d = a.decide(s(at as f64), ready);
                    assert_eq!(
                        (d.desired, d.panicking),
                        (desired, panicking),
                        "step {i} (second {at}, {ready} ready): {}",
                        d.reason
                    );
                }
            }
        }
    }

    #[test]
    fn stable_load_sizes_to_target_utilisation() {
        // cc 10 × 70% = 7 per instance.
        let b = bounds(0, None, 10);
        check(Config::default(), b, &[Load(0, 61, 35.0), expect(61, 5, 5)]);
        check(Config::default(), b, &[Load(0, 61, 35.5), expect(61, 5, 6)]);
        check(Config::default(), b, &[Load(0, 61, 7.0), expect(61, 1, 1)]);
        // Unlimited concurrency: Knative's default target of 100 × 70% = 70.
        check(
            Config::default(),
            bounds(0, None, 0),
            &[Load(0, 61, 140.0), expect(61, 2, 2)],
        );
        // The stable window averages: a minute of 12 then a second of 20 (3 instances'
        // worth) still needs 2.
        check(
            Config::default(),
            b,
            &[Load(0, 60, 12.0), Load(60, 61, 20.0), expect(61, 2, 2)],
        );
    }

    #[test]
    fn a_burst_panics_and_panic_never_scales_down() {
        check(
            Config::default(),
            bounds(0, None, 10),
            &[
                Load(0, 60, 7.0),
                expect(60, 1, 1),
                // 10× capacity over the 6 s panic window.
                Load(60, 66, 70.0),
                expect_panic(66, 1, 10),
                // Load drops; still panicking within a stable window: no scale-down.
                Load(66, 80, 7.0),
                expect_panic(80, 10, 10),
                // A stable window after the last panic trigger, panic ends and
                // scale-down is limited to ready ÷ 2.
                Load(80, 140, 7.0),
                expect(140, 10, 5),
                expect(141, 5, 2),
            ],
        );
        // A blip of 50 ms at three instances' worth is averaged over the last second:
        // no panic (the latest sample alone would have been one).
        let mut a = Autoscaler::new(Config::default(), bounds(0, None, 10), s(0.0));
        for t in 1..=60 {
            a.record(s(f64::from(t)), 5.0);
        }
        a.record(s(60.95), 5.0);
        a.record(s(61.0), 20.0);
        let d = a.decide(s(61.0), 1);
        assert_eq!((d.desired, d.panicking), (1, false), "{}", d.reason);
        // A step is sized for within a second, not as the panic window fills.
        check(
            Config::default(),
            bounds(0, None, 10),
            &[
                Load(0, 60, 7.0),
                Load(60, 61, 70.0),
                expect_panic(61, 1, 10),
            ],
        );
        // A burst below twice the capacity does not panic: the stable window decides.
        check(
            Config::default(),
            bounds(0, None, 10),
            &[Load(0, 60, 14.0), Load(60, 66, 20.0), expect(66, 2, 3)],
        );
    }

    #[test]
    fn scale_to_zero_waits_for_the_grace_period() {
        let b = bounds(0, None, 80);
        check(
            Config::default(),
            b,
            &[
                Load(0, 10, 1.0),
                Load(10, 30, 0.0),
                expect(30, 1, 1), // idle 20 s < 30 s grace
                Load(30, 40, 0.0),
                expect(40, 1, 0),
                expect(41, 0, 0),
            ],
        );
        // A revision that never saw a request keeps its first instance for the grace,
        // also while that instance is still starting.
        check(
            Config::default(),
            b,
            &[
                Load(0, 1, 0.0),
                expect(1, 0, 1),
                Load(1, 29, 0.0),
                expect(29, 1, 1),
                Load(29, 30, 0.0),
                expect(30, 1, 0),
            ],
        );
        // The grace is configurable (a revision's retention annotation, `up --scale-to-zero-grace`).
        let short = Config {
            scale_to_zero_grace: s(2.0),
            ..Config::default()
        };
        check(
            short,
            b,
            &[
                Load(0, 5, 3.0),
                Load(5, 6, 0.0),
                expect(6, 1, 1),
                Load(6, 7, 0.0),
                expect(7, 1, 0),
            ],
        );
        // minScale 1 never goes to zero.
        check(
            Config::default(),
            bounds(1, None, 80),
            &[Load(0, 200, 0.0), expect(200, 1, 1)],
        );
    }

    #[test]
    fn from_zero_the_first_requests_ask_for_instances() {
        let b = bounds(0, None, 80);
        // 100 requests waiting after a long idle: sized for at their first sample, at 56
        // per instance (and 2 ≥ 2 × max(0 ready, 1) is a panic).
        check(
            Config::default(),
            b,
            &[
                Load(0, 100, 0.0),
                Load(100, 101, 100.0),
                expect_panic(101, 0, 2),
            ],
        );
        // The faintest demand (a request that arrived a microsecond before the
        // sample) still asks for an instance.
        check(
            Config::default(),
            b,
            &[Load(0, 100, 0.0), Load(100, 101, 1e-12), expect(101, 0, 1)],
        );
        // One request waiting after a long idle: one instance.
        check(
            Config::default(),
            b,
            &[Load(0, 100, 0.0), Load(100, 101, 0.5), expect(101, 0, 1)],
        );
    }

    #[test]
    fn min_and_max_bound_the_decision() {
        let b = bounds(2, Some(3), 10);
        check(
            Config::default(),
            b,
            &[
                Load(0, 61, 0.0),
                expect(61, 2, 2),
                Load(61, 130, 700.0),
                expect_panic(130, 2, 3),
            ],
        );
        check(
            Config::default(),
            bounds(0, Some(1), 1),
            &[Load(0, 10, 50.0), expect_panic(10, 0, 1)],
        );
        check(
            Config::default(),
            bounds(4, None, 80),
            &[Load(0, 10, 1.0), expect(10, 4, 4)],
        );
    }

    #[test]
    fn scale_up_and_down_rates_are_limited() {
        let up2 = Config {
            max_scale_up_rate: 2.0,
            ..Config::default()
        };
        check(
            up2,
            bounds(0, None, 1),
            &[Load(0, 61, 100.0), expect_panic(61, 3, 6)],
        );
        let down4 = Config {
            max_scale_down_rate: 4.0,
            ..Config::default()
        };
        check(
            down4,
            bounds(0, None, 10),
            &[Load(0, 61, 7.0), expect(61, 20, 5)],
        );
    }

    #[test]
    fn samples_cover_the_interval_since_the_previous_record() {
        let mut a = Autoscaler::new(Config::default(), bounds(0, None, 10), s(0.0));
        // 30 s at 0, then 30 s at 14: the minute averages 7.
        a.record(s(30.0), 0.0);
        a.record(s(60.0), 14.0);
        let d = a.decide(s(60.0), 1);
        assert!((d.stable - 7.0).abs() < 1e-9, "{d:?}");
        assert_eq!(d.desired, 2, "{}", d.reason);
        // Records far apart keep memory bounded: only the stable window is kept.
        for t in 0..10_000 {
            a.record(s(60.0 + f64::from(t) * 0.1), 1.0);
        }
        assert!(a.samples.len() <= 602, "{}", a.samples.len());
    }
}
