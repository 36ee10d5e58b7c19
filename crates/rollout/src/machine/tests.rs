//! The state machine driven second by second by a simulated driver and simulated
//! traffic: no clock, no I/O.

use super::*;
use crate::analysis::Sample;
use crate::plan::plan_from_settings;

/// Per-second traffic of the simulated service: requests per second, and the error
/// ratios of canary and stable.
#[derive(Clone, Copy)]
struct Traffic {
    rps: u64,
    canary_errors: f64,
    stable_errors: f64,
}

const HEALTHY: Traffic = Traffic { rps: 200, canary_errors: 0.0, stable_errors: 0.0 };
const BROKEN: Traffic = Traffic { rps: 200, canary_errors: 1.0, stable_errors: 0.0 };
const IDLE: Traffic = Traffic { rps: 0, canary_errors: 0.0, stable_errors: 0.0 };

struct World {
    rollout: Rollout,
    /// Canary weight in force during each second (what the router did).
    weights: Vec<(i64, u8)>,
    webhooks_ok: bool,
    trace: Vec<String>,
}

impl World {
    fn new(settings: &[(&str, &str)], start: i64) -> World {
        let plan = plan_from_settings(settings.iter().copied()).expect("plan");
        let rollout = Rollout::new("default", "svc", "svc-a", "svc-b", plan, start * 1000, "");
        World { rollout, weights: vec![(start, 0)], webhooks_ok: true, trace: Vec::new() }
    }

    fn weight_at(&self, second: i64) -> u8 {
        self.weights.iter().rev().find(|(s, _)| *s <= second).map_or(0, |(_, w)| *w)
    }

    fn measure(&self, from: i64, to: i64, traffic: &dyn Fn(i64) -> Traffic) -> Measurement {
        let (mut canary, mut stable) = (Sample::default(), Sample::default());
        for s in from..to {
            let t = traffic(s);
            let c = t.rps * self.weight_at(s) as u64 / 100;
            canary.requests += c;
            canary.errors += (c as f64 * t.canary_errors).round() as u64;
            stable.requests += t.rps - c;
            stable.errors += ((t.rps - c) as f64 * t.stable_errors).round() as u64;
        }
        canary.p99_ms = (canary.requests > 0).then_some(5.0);
        stable.p99_ms = (stable.requests > 0).then_some(5.0);
        Measurement { from, to, canary, stable, slo_goal: None }
    }

    /// One tick 100 ms into `second`, when telemetry holds every earlier second.
    fn tick(&mut self, second: i64, traffic: &dyn Fn(i64) -> Traffic) {
        let now = second * 1000 + 100;
        for _ in 0..10 {
            let Some(action) = self.rollout.decide(now) else { break };
            let before = self.rollout.clone();
            match action {
                Action::SetWeight { percent } => {
                    self.weights.push((second, percent));
                    self.rollout.weight_set(percent, now);
                    self.trace.push(format!("{second}: {percent}%"));
                }
                Action::CallWebhooks { .. } => self.rollout.webhooks_checked(self.webhooks_ok, "hook", now),
                Action::AwaitApproval { percent } => {
                    self.trace.push(format!("{second}: gate {percent}%"));
                    break;
                }
                Action::Measure { from } => {
                    if second <= from {
                        break;
                    }
                    let m = self.measure(from, second, traffic);
                    if !self.rollout.record(m, now) {
                        break;
                    }
                    let v = self.rollout.last_verdict().expect("a verdict").outcome.name();
                    self.trace.push(format!("{second}: {v}"));
                }
                Action::Rollback { .. } => {
                    self.weights.push((second, 0));
                    self.rollout.rolled_back(now);
                    self.trace.push(format!("{second}: rolled back"));
                }
            }
            if before == self.rollout {
                break;
            }
            if let Some(Action::AwaitApproval { .. }) = self.rollout.decide(now) {
                break;
            }
        }
    }

    fn run(&mut self, from: i64, to: i64, traffic: &dyn Fn(i64) -> Traffic) {
        for s in from..to {
            self.tick(s, traffic);
        }
    }
}

fn check(settings: &[(&str, &str)], traffic: &dyn Fn(i64) -> Traffic, seconds: i64, expected_trace: &[&str], expected_phase: &str) -> World {
    let mut w = World::new(settings, 1000);
    w.run(1000, 1000 + seconds, traffic);
    assert_eq!(w.trace, expected_trace, "settings {settings:?}");
    assert_eq!(w.rollout.phase.name(), expected_phase, "{:#?}", w.rollout.events);
    w
}

#[test]
fn healthy_canary_walks_every_step_to_promotion() {
    let w = check(
        &[("steps", "10,50,100"), ("interval", "2s"), ("min-requests", "20")],
        &|_| HEALTHY,
        12,
        &["1000: 10%", "1003: Pass", "1003: 50%", "1006: Pass", "1006: 100%"],
        "Promoted",
    );
    assert_eq!(w.rollout.weight, 100);
    assert!(w.rollout.events.iter().any(|e| e.kind == "done"));
}

#[test]
fn failing_canary_rolls_back_on_the_first_second_of_data() {
    let w = check(&[("steps", "10,50"), ("interval", "30s"), ("min-requests", "20")], &|_| BROKEN, 5, &["1000: 10%", "1001: Fail", "1001: rolled back"], "RolledBack");
    assert_eq!(w.weight_at(1001), 0, "traffic is back on stable in the tick that saw the breach");
    let RollbackReason(reason) = reason(&w.rollout);
    assert!(reason.contains("analysis failed at 10%") && reason.contains("20/20"), "{reason}");
}

struct RollbackReason(String);
fn reason(r: &Rollout) -> RollbackReason {
    match &r.phase {
        Phase::RolledBack { reason } | Phase::Aborted { reason } => RollbackReason(reason.clone()),
        other => panic!("not rolled back: {other:?}"),
    }
}

#[test]
fn canary_that_breaks_later_is_caught_at_its_step() {
    check(
        &[("steps", "10,50"), ("interval", "2s"), ("min-requests", "20")],
        &|s| if s >= 1004 { BROKEN } else { HEALTHY },
        8,
        &["1000: 10%", "1003: Pass", "1003: 50%", "1005: Fail", "1005: rolled back"],
        "RolledBack",
    );
}

#[test]
fn failure_limit_tolerates_that_many_fails() {
    check(
        &[("steps", "10"), ("interval", "1s"), ("min-requests", "20"), ("failure-limit", "3")],
        &|_| BROKEN,
        6,
        &["1000: 10%", "1001: Fail", "1002: Fail", "1003: Fail", "1003: rolled back"],
        "RolledBack",
    );
}

#[test]
fn no_traffic_never_promotes() {
    let w = check(&[("steps", "10"), ("interval", "1s"), ("min-requests", "20")], &|_| IDLE, 10, &["1000: 10%", "1002: NoData", "1003: NoData", "1004: NoData", "1005: NoData", "1006: NoData", "1007: NoData", "1008: NoData", "1009: NoData"], "Analysing");
    assert_eq!(w.rollout.weight, 10);
    let analyses: Vec<&Event> = w.rollout.events.iter().filter(|e| e.kind == "analysis").collect();
    assert_eq!(analyses.len(), 1, "an idle rollout's history does not grow: {analyses:#?}");
    assert!(analyses[0].message.ends_with("(8 NoData intervals in a row)"), "{}", analyses[0].message);
    assert_eq!(analyses[0].measurement.as_ref().map(|m| (m.from, m.to)), Some((1000, 1009)), "the last one covers the whole window");
}

#[test]
fn no_data_limit_pauses() {
    check(&[("steps", "10"), ("interval", "1s"), ("min-requests", "20"), ("no-data-limit", "2")], &|_| IDLE, 6, &["1000: 10%", "1002: NoData", "1003: NoData"], "Paused");
}

#[test]
fn a_trickle_of_requests_adds_up_across_no_data_intervals() {
    // 10% of 50 rps = 5 canary requests a second; 20 are needed.
    let trickle = Traffic { rps: 50, ..HEALTHY };
    check(&[("steps", "10"), ("interval", "1s"), ("min-requests", "20")], &|_| trickle, 6, &["1000: 10%", "1002: NoData", "1003: NoData", "1004: Pass", "1004: 100%"], "Promoted");
}

#[test]
fn inconclusive_limit_pauses_for_a_person() {
    // 7 of 100 vs 1 of 100 a second is suggestive, not significant (p = 0.032); the
    // first second is idle so that every window holds one second of requests.
    let marginal = |s| if s == 1000 { IDLE } else { Traffic { rps: 200, canary_errors: 0.07, stable_errors: 0.01 } };
    check(&[("steps", "50"), ("interval", "1s"), ("min-requests", "20"), ("inconclusive-limit", "2")], &marginal, 6, &["1000: 50%", "1002: Inconclusive", "1003: Inconclusive"], "Paused");
}

#[test]
fn gate_waits_for_promote_then_continues() {
    let settings = [("steps", "10,50"), ("interval", "1s"), ("min-requests", "20"), ("gates", "50")];
    let mut w = World::new(&settings, 1000);
    w.run(1000, 1005, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1002: Pass", "1003: gate 50%", "1004: gate 50%"]);
    assert_eq!(w.rollout.weight, 10, "a gate holds the current weight");
    w.rollout.promote(1_004_500, "alice").expect("promote at a gate");
    assert!(w.rollout.events.last().unwrap().message.contains("alice approved the step to 50%"));
    w.trace.clear();
    w.run(1005, 1010, &|_| HEALTHY);
    assert_eq!(w.trace, ["1005: 50%", "1007: Pass", "1007: 100%"]);
}

#[test]
fn failed_webhook_rolls_back_before_the_step() {
    let mut w = World::new(&[("steps", "10,50"), ("interval", "1s"), ("min-requests", "20"), ("webhooks", "http://127.0.0.1:9/hook")], 1000);
    w.run(1000, 1003, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1002: Pass", "1002: 50%"]);
    w.webhooks_ok = false;
    w.run(1003, 1006, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1002: Pass", "1002: 50%", "1004: Pass", "1004: rolled back"]);
    assert!(reason(&w.rollout).0.contains("webhook check before 100% failed"));
}

#[test]
fn pause_holds_resume_restarts_the_window() {
    let mut w = World::new(&[("steps", "10"), ("interval", "2s"), ("min-requests", "20")], 1000);
    w.run(1000, 1001, &|_| HEALTHY);
    w.rollout.pause(1_001_200, "bob").expect("pause");
    w.run(1001, 1006, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%"], "nothing happens while paused");
    assert_eq!(w.rollout.pause(1_006_000, "bob"), Err(Refused("the rollout of svc is Paused and cannot be paused".into())));
    w.rollout.resume(1_006_500, "bob").expect("resume");
    w.run(1007, 1010, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1009: Pass", "1009: 100%"], "a fresh 2 s window after resuming at 1006.5");
}

#[test]
fn promote_outside_a_gate_goes_to_100() {
    let mut w = World::new(&[("steps", "1,5,25"), ("interval", "30s"), ("min-requests", "20")], 1000);
    w.run(1000, 1003, &|_| HEALTHY);
    w.rollout.promote(1_003_000, "carol").expect("promote");
    w.run(1003, 1004, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 1%", "1003: 100%"]);
    assert_eq!(w.rollout.phase, Phase::Promoted);
    assert!(w.rollout.promote(1_004_000, "carol").is_err(), "a finished rollout refuses");
}

#[test]
fn abort_returns_traffic_and_says_who() {
    let mut w = World::new(&[("steps", "10,50"), ("interval", "30s")], 1000);
    w.run(1000, 1002, &|_| HEALTHY);
    w.rollout.abort(1_002_000, "dave").expect("abort");
    w.run(1002, 1003, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1002: rolled back"]);
    assert_eq!(w.rollout.phase, Phase::Aborted { reason: "aborted by dave".into() });
    assert!(w.rollout.abort(1_003_000, "dave").is_err());
}

#[test]
fn survives_a_round_trip_through_json_mid_analysis() {
    let mut w = World::new(&[("steps", "10,50"), ("interval", "2s"), ("min-requests", "20")], 1000);
    w.run(1000, 1004, &|_| HEALTHY);
    let stored = serde_json::to_string(&w.rollout).expect("json");
    w.rollout = serde_json::from_str(&stored).expect("back");
    w.run(1004, 1008, &|_| HEALTHY);
    assert_eq!(w.trace, ["1000: 10%", "1003: Pass", "1003: 50%", "1006: Pass", "1006: 100%"]);
}
