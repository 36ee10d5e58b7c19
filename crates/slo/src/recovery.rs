//! How long an SLI below its goal takes to climb back over it if traffic goes on
//! as it does now: what the tutorial's last step asks the reader to watch after
//! a rollback ("watch the SLI for your error rate climb back over 95%").
//!
//! Over a rolling period two things move the SLI: old events leave the window
//! (the history, step by step, leaves at the age it entered) and new ones come
//! in at the recent rate. Over a calendar period nothing leaves until the
//! period ends. The SLI is over the goal when (1 − goal) × total − bad ≥ 0, a
//! piecewise-linear function of time with a corner at each step boundary, so
//! the crossing is found exactly between corners.

use std::time::Duration;

use crate::budget::{Counts, Goal};

/// Where the SLI is heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Recovery {
    /// At or over the goal now.
    Met,
    /// Back over the goal after this long, if traffic goes on at the recent rate.
    In(Duration),
    /// Not back over the goal within the period at the recent rate: recent
    /// traffic is itself too bad (or the bad events leave too late).
    NotAtRecentRate,
    /// No events recently (or none in the period): nothing to extrapolate.
    NoRecentData,
}

/// A step of history that leaves the window: it starts leaving `from` from
/// now and is gone `to` from now (evenly in between).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leaving {
    pub from: Duration,
    pub to: Duration,
    pub counts: Counts,
}

/// Events over the recent `lookback`: the rate the future is assumed to have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecentRate {
    pub counts: Counts,
    pub lookback: Duration,
}

/// When the SLI of `period` (the window's counts now) is back over `goal`,
/// with `leaving` the history as it leaves the window (empty for a calendar
/// period), new events at `rate`, looking no further than `horizon` (the
/// period's length when rolling, what is left of it when calendar).
pub fn time_to_goal(goal: Goal, period: Counts, leaving: &[Leaving], rate: RecentRate, horizon: Duration) -> Recovery {
    if period.total > 0 && period.sli().is_some_and(|sli| sli >= goal.value()) {
        return Recovery::Met;
    }
    if rate.counts.total == 0 || rate.lookback.is_zero() {
        return Recovery::NoRecentData;
    }
    let lookback = rate.lookback.as_secs_f64();
    let (total_rate, bad_rate) = (rate.counts.total as f64 / lookback, rate.counts.bad as f64 / lookback);
    // (1 − goal) × total − bad at `t` seconds from now; ≥ 0 means met.
    let margin = |t: f64| {
        let (mut total, mut bad) = (period.total as f64 + total_rate * t, period.bad as f64 + bad_rate * t);
        for step in leaving {
            let (from, to) = (step.from.as_secs_f64(), step.to.as_secs_f64());
            let share = if t <= from {
                0.0
            } else if t >= to || to <= from {
                1.0
            } else {
                (t - from) / (to - from)
            };
            total -= share * step.counts.total as f64;
            bad -= share * step.counts.bad as f64;
        }
        (total > 0.0).then(|| goal.budget_ratio() * total - bad)
    };
    let horizon = horizon.as_secs_f64();
    let mut corners: Vec<f64> = leaving
        .iter()
        .flat_map(|step| [step.from.as_secs_f64(), step.to.as_secs_f64()])
        .filter(|t| *t > 0.0 && *t < horizon)
        .collect();
    corners.push(horizon);
    corners.sort_by(f64::total_cmp);
    corners.dedup();
    let mut before = (0.0, margin(0.0));
    for t in corners {
        let now = margin(t);
        if let Some(m) = now.filter(|m| *m >= 0.0) {
            // Linear between corners: where it crosses zero.
            let at = match before {
                (t0, Some(m0)) if m0 < 0.0 && m > m0 => t0 + (t - t0) * (-m0) / (m - m0),
                _ => t,
            };
            return Recovery::In(Duration::from_secs_f64(at.max(0.0)));
        }
        before = (t, now);
    }
    Recovery::NotAtRecentRate
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn counts(good: u64, bad: u64) -> Counts {
        Counts { good, bad, total: good + bad }
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn goal(g: f64) -> Goal {
        Goal::new(g).unwrap()
    }

    /// A rolling period of `steps.len()` steps of `step` seconds each, oldest first.
    fn history(step: u64, steps: &[Counts]) -> (Counts, Vec<Leaving>) {
        let total = steps.iter().fold(Counts::default(), |a, c| counts(a.good + c.good, a.bad + c.bad));
        let leaving = steps
            .iter()
            .enumerate()
            .map(|(i, c)| Leaving { from: secs(step * i as u64), to: secs(step * (i as u64 + 1)), counts: *c })
            .collect();
        (total, leaving)
    }

    #[test]
    fn an_sli_over_its_goal_is_met() {
        let (period, leaving) = history(60, &[counts(99, 1)]);
        let rate = RecentRate { counts: counts(10, 0), lookback: secs(60) };
        assert_eq!(time_to_goal(goal(0.95), period, &leaving, rate, secs(60)), Recovery::Met);
    }

    #[test]
    fn after_a_rollback_the_bad_step_leaves_and_good_traffic_lifts_the_sli() {
        // Ten minutes of a rolling 10-minute period: 8 good minutes of 100 requests, then
        // one minute at 50% (the canary), then a good minute (after the rollback).
        let mut steps = vec![counts(100, 0); 8];
        steps.push(counts(50, 50));
        steps.push(counts(100, 0));
        let (period, leaving) = history(60, &steps);
        assert_eq!(period.sli(), Some(950.0 / 1000.0));
        let rate = RecentRate { counts: counts(100, 0), lookback: secs(60) };
        // Against 99%: bad must fall to 1% of the total. Good traffic alone never gets
        // 50 bad under 1% within the period (it would need 5,000 requests); the 50 leave
        // during minute 8–9 from now: (1 − 0.99) × total − bad crosses zero when the bad
        // step has nearly left.
        let Recovery::In(took) = time_to_goal(goal(0.99), period, &leaving, rate, secs(600)) else {
            panic!("recovers within the period");
        };
        assert!(took > secs(480) && took < secs(540), "{took:?}");
        // Against 95% it is met already (exactly 95%).
        assert_eq!(time_to_goal(goal(0.95), period, &leaving, rate, secs(600)), Recovery::Met);
        // Against 96%: good minutes leave as fast as new ones come, so nothing changes
        // until the bad step leaves (from 480 s); bad ≤ 40 once a fifth of it has: 492 s.
        let Recovery::In(took) = time_to_goal(goal(0.96), period, &leaving, rate, secs(600)) else {
            panic!("recovers");
        };
        assert!((took.as_secs_f64() - 492.0).abs() < 1e-6, "{took:?}");
    }

    #[test]
    fn while_the_canary_still_fails_the_sli_does_not_climb_back() {
        let (period, leaving) = history(60, &[counts(90, 10), counts(90, 10)]);
        let rate = RecentRate { counts: counts(90, 10), lookback: secs(60) };
        assert_eq!(time_to_goal(goal(0.95), period, &leaving, rate, secs(120)), Recovery::NotAtRecentRate);
    }

    #[test]
    fn no_recent_traffic_is_no_estimate() {
        let (period, leaving) = history(60, &[counts(0, 10)]);
        let rate = RecentRate { counts: Counts::default(), lookback: secs(60) };
        assert_eq!(time_to_goal(goal(0.95), period, &leaving, rate, secs(60)), Recovery::NoRecentData);
    }

    #[test]
    fn a_calendar_period_recovers_only_by_new_good_events() {
        // 900 good, 100 bad this month: 95% needs total ≥ 2,000 with no more bad, i.e.
        // 1,000 more good requests at 10 a second: 100 s.
        let period = counts(900, 100);
        let rate = RecentRate { counts: counts(600, 0), lookback: secs(60) };
        let Recovery::In(took) = time_to_goal(goal(0.95), period, &[], rate, secs(86_400)) else {
            panic!("recovers");
        };
        assert!((took.as_secs_f64() - 100.0).abs() < 1e-6, "{took:?}");
        // Not before the month ends.
        assert_eq!(time_to_goal(goal(0.95), period, &[], rate, secs(50)), Recovery::NotAtRecentRate);
    }
}
