//! Turning what telemetry counted into an SLI's good, bad and total events: a
//! request-based ratio from two of its three filters, windows-based SLIs (a window is
//! good when its own performance or mean meets the threshold, or when a check passed in
//! it), the per-revision
//! breakdown of bad events ("which revision is causing this"), and the error-budget
//! burn-down over a period. Pure: callers pass the numbers.

use crate::budget::{Counts, Goal};

/// Which of `goodServiceFilter`, `badServiceFilter`, `totalServiceFilter` an SLI has
/// (exactly two): the third follows from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioShape {
    GoodTotal,
    BadTotal,
    GoodBad,
}

impl RatioShape {
    /// From which filters are present; an error names what to write instead.
    pub fn of(good: bool, bad: bool, total: bool) -> Result<RatioShape, String> {
        match (good, bad, total) {
            (true, false, true) => Ok(RatioShape::GoodTotal),
            (false, true, true) => Ok(RatioShape::BadTotal),
            (true, true, false) => Ok(RatioShape::GoodBad),
            _ => Err("a goodTotalRatio needs exactly two of goodServiceFilter, badServiceFilter and totalServiceFilter".into()),
        }
    }

    /// Counts from the two filters' sums (the missing one is ignored).
    pub fn counts(self, good: u64, bad: u64, total: u64) -> Counts {
        match self {
            RatioShape::GoodTotal => Counts {
                good: good.min(total),
                bad: total.saturating_sub(good),
                total,
            },
            RatioShape::BadTotal => Counts {
                good: total.saturating_sub(bad),
                bad: bad.min(total),
                total,
            },
            RatioShape::GoodBad => Counts {
                good,
                bad,
                total: good + bad,
            },
        }
    }
}

/// Adds two windows' counts.
pub fn add(a: Counts, b: Counts) -> Counts {
    Counts {
        good: a.good + b.good,
        bad: a.bad + b.bad,
        total: a.total + b.total,
    }
}

/// One revision's share of the bad events.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionShare {
    pub revision: String,
    pub counts: Counts,
    /// This revision's bad events ÷ all bad events (0 when there were none).
    pub share_of_bad: f64,
}

/// Revisions ordered by bad events (most first, then by name); revisions without
/// events are left out. The first is the top offender when it has bad events.
pub fn breakdown<'a>(
    per_revision: impl IntoIterator<Item = (&'a str, Counts)>,
) -> Vec<RevisionShare> {
    let mut rows: Vec<RevisionShare> = per_revision
        .into_iter()
        .filter(|(_, c)| c.total > 0 || c.bad > 0)
        .map(|(r, c)| RevisionShare {
            revision: r.to_owned(),
            counts: c,
            share_of_bad: 0.0,
        })
        .collect();
    let bad: u64 = rows.iter().map(|r| r.counts.bad).sum();
    for r in &mut rows {
        r.share_of_bad = if bad > 0 {
            r.counts.bad as f64 / bad as f64
        } else {
            0.0
        };
    }
    rows.sort_by(|a, b| {
        b.counts
            .bad
            .cmp(&a.counts.bad)
            .then_with(|| a.revision.cmp(&b.revision))
    });
    rows
}

/// The revision that caused most bad events, if any were bad.
pub fn top_offender(rows: &[RevisionShare]) -> Option<&RevisionShare> {
    rows.first().filter(|r| r.counts.bad > 0)
}

/// What makes a window good in a windows-based SLI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindowRule {
    /// `goodTotalRatioThreshold`: the window's own performance (good ÷ total) ≥ threshold.
    RatioAtLeast(f64),
    /// `metricMeanInRange` / `metricSumInRange`: the window's value lies in [min, max].
    InRange { min: f64, max: f64 },
    /// `goodBadMetricFilter` over a boolean metric (an uptime check's `check_passed`):
    /// the window is good when any of its values is true, as Cloud Monitoring defines it.
    /// The window's value is a `Ratio` of true values (`good`) among all (`total`).
    AnyTrue,
}

/// What one window held: a performance (good, total) or a value; None without data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindowValue {
    Ratio { good: u64, total: u64 },
    Value(f64),
}

/// Good, bad and total *windows*: windows without data count as neither.
pub fn window_counts(rule: WindowRule, windows: impl IntoIterator<Item = WindowValue>) -> Counts {
    let mut c = Counts::default();
    for w in windows {
        let good = match (rule, w) {
            (WindowRule::RatioAtLeast(_), WindowValue::Ratio { total: 0, .. }) => continue,
            (WindowRule::RatioAtLeast(t), WindowValue::Ratio { good, total }) => {
                good as f64 / total as f64 >= t
            }
            (WindowRule::InRange { min, max }, WindowValue::Value(v)) => v >= min && v <= max,
            (WindowRule::AnyTrue, WindowValue::Ratio { total: 0, .. }) => continue,
            (WindowRule::AnyTrue, WindowValue::Ratio { good, .. }) => good > 0,
            _ => continue,
        };
        c.total += 1;
        if good {
            c.good += 1;
        } else {
            c.bad += 1;
        }
    }
    c
}

/// One point of a burn-down chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnPoint {
    /// End of the step (seconds since the epoch).
    pub end: i64,
    /// The step's own counts.
    pub step: Counts,
    /// Budget remaining from the period's start up to `end` (None before any traffic).
    pub budget_remaining: Option<f64>,
    /// The step's burn rate (None without traffic in it).
    pub burn_rate: Option<f64>,
}

/// The cumulative error-budget burn-down over consecutive steps of a period.
pub fn burn_down(goal: Goal, steps: impl IntoIterator<Item = (i64, Counts)>) -> Vec<BurnPoint> {
    let mut so_far = Counts::default();
    steps
        .into_iter()
        .map(|(end, step)| {
            so_far = add(so_far, step);
            BurnPoint {
                end,
                step,
                budget_remaining: crate::budget::budget_remaining(so_far, goal),
                burn_rate: crate::budget::burn_rate(step, goal, 1),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(good: u64, bad: u64, total: u64) -> Counts {
        Counts { good, bad, total }
    }

    #[test]
    fn two_of_three_filters_give_all_three_counts() {
        let check = |shape, sums: (u64, u64, u64), expected| {
            assert_eq!(
                RatioShape::counts(shape, sums.0, sums.1, sums.2),
                expected,
                "{shape:?}"
            )
        };
        // 90 2xx, 4 4xx, 6 5xx: good=2xx/bad=5xx leaves the 4xx out.
        check(RatioShape::GoodBad, (90, 6, 0), c(90, 6, 96));
        check(RatioShape::GoodTotal, (90, 0, 100), c(90, 10, 100));
        check(RatioShape::BadTotal, (0, 6, 100), c(94, 6, 100));
        assert_eq!(RatioShape::of(true, true, false), Ok(RatioShape::GoodBad));
        assert!(RatioShape::of(true, true, true)
            .unwrap_err()
            .contains("exactly two"));
        assert!(RatioShape::of(false, false, true).is_err());
    }

    #[test]
    fn the_breakdown_names_the_revision_with_most_bad_events() {
        let rows = breakdown([
            ("jokes-good", c(900, 0, 900)),
            ("jokes-next", c(0, 100, 100)),
            ("jokes-idle", c(0, 0, 0)),
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(top_offender(&rows).unwrap().revision, "jokes-next");
        assert_eq!(rows[0].share_of_bad, 1.0);
        assert_eq!(rows[1].share_of_bad, 0.0);
        let clean = breakdown([("a", c(5, 0, 5))]);
        assert_eq!(top_offender(&clean), None);
    }

    #[test]
    fn windows_without_data_are_neither_good_nor_bad() {
        let w = |good, total| WindowValue::Ratio { good, total };
        assert_eq!(
            window_counts(
                WindowRule::RatioAtLeast(0.95),
                [w(99, 100), w(90, 100), w(0, 0), w(95, 100)]
            ),
            c(2, 1, 3)
        );
        let v = WindowValue::Value;
        assert_eq!(
            window_counts(
                WindowRule::InRange {
                    min: 0.0,
                    max: 200.0
                },
                [v(120.0), v(250.0), v(200.0)]
            ),
            c(2, 1, 3)
        );
    }

    #[test]
    fn a_good_bad_window_is_good_when_any_value_is_true() {
        let w = |good, total| WindowValue::Ratio { good, total };
        // Six checks a minute: one pass makes the minute good, six failures make it bad,
        // a minute without a run is neither.
        assert_eq!(
            window_counts(
                WindowRule::AnyTrue,
                [w(6, 6), w(1, 6), w(0, 6), w(0, 0), w(0, 1), w(1, 1)]
            ),
            c(3, 2, 5)
        );
        assert_eq!(
            window_counts(WindowRule::AnyTrue, [WindowValue::Value(1.0)]),
            c(0, 0, 0)
        );
    }

    #[test]
    fn burn_down_is_cumulative_from_the_period_start() {
        let goal = Goal::new(0.99).unwrap();
        let points = burn_down(
            goal,
            [
                (60, c(100, 0, 100)),
                (120, c(0, 0, 0)),
                (180, c(98, 2, 100)),
            ],
        );
        assert_eq!(points[0].budget_remaining, Some(1.0));
        assert_eq!(points[1].burn_rate, None);
        assert_eq!(points[1].budget_remaining, Some(1.0));
        // 2 bad of 200 with 1% allowed: the budget (2 requests) is spent.
        assert!(points[2].budget_remaining.unwrap().abs() < 1e-9);
        assert!((points[2].burn_rate.unwrap() - 2.0).abs() < 1e-9);
    }
}
