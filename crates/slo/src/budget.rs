//! Error-budget arithmetic (SRE Workbook, "Alerting on SLOs"):
//! burn rate = error ratio over the lookback ÷ (1 − goal);
//! budget remaining = 1 − bad ÷ ((1 − goal) × total) over the compliance period.
//! No requests means no data: `None`, never 0 and never an alert.

use std::time::Duration;

/// The fraction of events that must be good, strictly between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Goal(f64);

impl Goal {
    pub fn new(goal: f64) -> Result<Goal, String> {
        if goal.is_finite() && goal > 0.0 && goal < 1.0 {
            Ok(Goal(goal))
        } else {
            Err(format!("goal {goal} is out of range; use a fraction strictly between 0 and 1, e.g. 0.99 for 99%"))
        }
    }

    pub fn value(self) -> f64 {
        self.0
    }

    /// The allowed error ratio, 1 − goal.
    pub fn budget_ratio(self) -> f64 {
        1.0 - self.0
    }
}

/// Good, bad and total events in a window. `bad + good` may be less than `total`
/// when some events are neither (a 4xx under a good=2xx, bad=5xx SLI).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub good: u64,
    pub bad: u64,
    pub total: u64,
}

impl Counts {
    /// Error ratio of the window, or None without data.
    pub fn error_ratio(&self) -> Option<f64> {
        (self.total > 0).then(|| self.bad as f64 / self.total as f64)
    }

    /// SLI (good ratio) of the window, or None without data.
    pub fn sli(&self) -> Option<f64> {
        self.error_ratio().map(|e| 1.0 - e)
    }
}

/// Burn rate over a window, or None when it saw no requests, or fewer than
/// `min_requests` (so one failed request at 3 a.m. does not page).
pub fn burn_rate(counts: Counts, goal: Goal, min_requests: u64) -> Option<f64> {
    if counts.total == 0 || counts.total < min_requests {
        return None;
    }
    counts.error_ratio().map(|e| e / goal.budget_ratio())
}

/// Fraction of the period's error budget left: 1 − bad ÷ ((1 − goal) × total).
/// Negative when the budget is overspent; None without requests.
pub fn budget_remaining(period: Counts, goal: Goal) -> Option<f64> {
    (period.total > 0)
        .then(|| 1.0 - period.bad as f64 / (goal.budget_ratio() * period.total as f64))
}

/// The budget in requests: (1 − goal) × total.
pub fn budget_requests(period: Counts, goal: Goal) -> f64 {
    goal.budget_ratio() * period.total as f64
}

/// The budget as time of total outage over the period: (1 − goal) × period.
pub fn budget_as_outage(goal: Goal, period: Duration) -> Duration {
    period.mul_f64(goal.budget_ratio())
}

/// Share of the budget spent by the time an alert at `burn` over `window` fires: burn × window ÷ period.
pub fn budget_spent_when_firing(burn: f64, window: Duration, period: Duration) -> f64 {
    burn * window.as_secs_f64() / period.as_secs_f64()
}

/// How long a total outage (error ratio 100%) takes to trip a `burn` threshold on `window`:
/// (1 − goal) × window × burn.
pub fn detection_time_of_total_outage(goal: Goal, window: Duration, burn: f64) -> Duration {
    window.mul_f64(goal.budget_ratio() * burn)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);
    const DAY: Duration = Duration::from_secs(86_400);

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn workbook_numbers() {
        let goal = Goal::new(0.999).unwrap();
        // 14.4× over 1 h of a 30-day period spends 2% of the budget.
        assert!(close(budget_spent_when_firing(14.4, HOUR, DAY * 30), 0.02));
        // 6× over 6 h spends 5%; 3× over 1 d and 1× over 3 d spend 10%.
        assert!(close(
            budget_spent_when_firing(6.0, HOUR * 6, DAY * 30),
            0.05
        ));
        assert!(close(budget_spent_when_firing(3.0, DAY, DAY * 30), 0.1));
        assert!(close(budget_spent_when_firing(1.0, DAY * 3, DAY * 30), 0.1));
        // A total outage trips 14.4× over 1 h after about 52 s at 99.9%.
        let t = detection_time_of_total_outage(goal, HOUR, 14.4);
        assert!((t.as_secs_f64() - 51.84).abs() < 1e-6, "{t:?}");
        // 99% over a day is about 14.4 minutes of total outage.
        let b = budget_as_outage(Goal::new(0.99).unwrap(), DAY);
        assert!((b.as_secs_f64() - 864.0).abs() < 1e-6);
    }

    #[test]
    fn burn_rates_and_budgets() {
        let goal = Goal::new(0.99).unwrap();
        let check = |good, bad, total, min, expected: Option<f64>| {
            let got = burn_rate(Counts { good, bad, total }, goal, min);
            match (got, expected) {
                (Some(g), Some(e)) => assert!(close(g, e), "{good}/{bad}/{total}: {g} != {e}"),
                (g, e) => assert_eq!(g, e, "{good}/{bad}/{total}"),
            }
        };
        check(90, 10, 100, 0, Some(10.0));
        check(99, 1, 100, 0, Some(1.0));
        check(100, 0, 100, 0, Some(0.0));
        check(0, 0, 0, 0, None);
        check(0, 1, 1, 10, None);
        check(9, 1, 10, 10, Some(10.0));

        assert_eq!(budget_remaining(Counts::default(), goal), None);
        assert!(close(
            budget_remaining(
                Counts {
                    good: 995,
                    bad: 5,
                    total: 1000
                },
                goal
            )
            .unwrap(),
            0.5
        ));
        assert!(close(
            budget_remaining(
                Counts {
                    good: 980,
                    bad: 20,
                    total: 1000
                },
                goal
            )
            .unwrap(),
            -1.0
        ));
        assert!(close(
            budget_requests(
                Counts {
                    good: 0,
                    bad: 0,
                    total: 1000
                },
                goal
            ),
            10.0
        ));
    }

    #[test]
    fn goals_must_be_fractions() {
        for bad in [0.0, 1.0, 99.0, -0.5, f64::NAN] {
            assert!(Goal::new(bad).is_err(), "{bad}");
        }
        assert!(Goal::new(0.5).is_ok());
    }
}
