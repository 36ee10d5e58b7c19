//! Alert policies as state machines over time: a condition is met when its value
//! compares true against the threshold continuously for `duration`; a policy
//! combines its conditions (AND / OR) and opens an incident when the combination
//! becomes true, resolves it once it has been clear for `resolve_after`, and
//! auto-closes it after `auto_close` without data. No data never fires.
//!
//! Hysteresis: an open incident's conditions count as clear only once their values are
//! on the safe side of the threshold by `resolve_margin` (10% by default: a burn-rate
//! alert at > 10× opened stays open while the burn is above 9×). Without it, a failure
//! burning at the threshold itself (a 100%-failing canary with exactly 10% of a 99% SLO's
//! traffic burns at exactly 10×) resolves as soon as older good requests leave the
//! lookback, while nothing has changed.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Gt,
    Ge,
    Lt,
    Le,
}

impl Comparison {
    pub fn parse(text: &str) -> Result<Comparison, String> {
        Ok(match text {
            "COMPARISON_GT" => Comparison::Gt,
            "COMPARISON_GE" => Comparison::Ge,
            "COMPARISON_LT" => Comparison::Lt,
            "COMPARISON_LE" => Comparison::Le,
            other => return Err(format!("comparison {other:?} is not supported; use COMPARISON_GT, COMPARISON_GE, COMPARISON_LT or COMPARISON_LE")),
        })
    }

    /// Whether `value` is not yet clear of `threshold` by `margin` (a fraction of the
    /// threshold): the test an open incident's condition must fail before it resolves.
    pub fn still_holds(self, value: f64, threshold: f64, margin: f64) -> bool {
        let slack = threshold.abs() * margin;
        match self {
            Comparison::Gt | Comparison::Ge => value > threshold - slack,
            Comparison::Lt | Comparison::Le => value < threshold + slack,
        }
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Gt => value > threshold,
            Comparison::Ge => value >= threshold,
            Comparison::Lt => value < threshold,
            Comparison::Le => value <= threshold,
        }
    }
}

/// `value` with the fewest decimals (at least `min_decimals`, at most 6) at which it
/// does not print the same as `threshold`, so that a comparison reads as it decided: a
/// burn rate of 10.004 against 10 prints "10.004", never "10.0". Equal values print
/// with `min_decimals`.
pub fn decisive(value: f64, threshold: f64, min_decimals: usize) -> String {
    let mut decimals = min_decimals;
    while decimals < 6 && value != threshold && format!("{value:.decimals$}") == format!("{threshold:.decimals$}") {
        decimals += 1;
    }
    format!("{value:.decimals$}")
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionSpec {
    pub comparison: Comparison,
    pub threshold: f64,
    /// How long the comparison must hold before the condition is met (0 = at once).
    pub duration: Duration,
    /// How many of the condition's time series must violate at once (its
    /// `conditionThreshold.trigger`). `observe` takes one value per condition, i.e. one
    /// series, so a condition needing more than one is never met.
    pub series_needed: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combiner {
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicySpec {
    pub conditions: Vec<ConditionSpec>,
    pub combiner: Combiner,
    /// The combination must be false this long before an open incident resolves.
    pub resolve_after: Duration,
    /// An open incident whose conditions have had no data this long is closed.
    pub auto_close: Option<Duration>,
    /// How far past the threshold (a fraction of it) a value must fall before an open
    /// incident's condition counts as clear; `DEFAULT_RESOLVE_MARGIN` unless set.
    pub resolve_margin: f64,
}

/// An open burn-rate incident at > 10× resolves once the burn is at most 9×.
pub const DEFAULT_RESOLVE_MARGIN: f64 = 0.1;

/// What changed at this evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// The policy's conditions are met: open an incident.
    Opened,
    /// Clear for `resolve_after`: resolve the incident.
    Resolved,
    /// No data for `auto_close`: close the incident.
    AutoClosed,
}

#[derive(Debug, Clone, Default)]
pub struct PolicyState {
    /// Per condition: since when the comparison has held.
    holding_since: Vec<Option<Duration>>,
    open: bool,
    clear_since: Option<Duration>,
    last_data: Option<Duration>,
}

impl PolicyState {
    /// The state of a policy whose incident was open when runlane stopped: it stays
    /// open until its conditions have been clear for `resolve_after` (counted from `now`).
    pub fn resume_open(now: Duration) -> PolicyState {
        PolicyState {
            open: true,
            last_data: Some(now),
            ..PolicyState::default()
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Whether the combination of conditions holds at `now` (after the last `observe`).
    pub fn firing(&self, spec: &PolicySpec, now: Duration) -> bool {
        let met = self.met(spec, now);
        match spec.combiner {
            Combiner::And => !met.is_empty() && met.iter().all(|m| *m),
            Combiner::Or => met.iter().any(|m| *m),
        }
    }

    /// Whether each condition is met at `now` after the last `observe`.
    pub fn met(&self, spec: &PolicySpec, now: Duration) -> Vec<bool> {
        spec.conditions
            .iter()
            .zip(self.holding_since.iter().chain(std::iter::repeat(&None)))
            .map(|(c, since)| since.is_some_and(|s| now.saturating_sub(s) >= c.duration))
            .collect()
    }

    /// Whether an open incident's combination still holds within the resolve margin.
    fn still_burning(&self, spec: &PolicySpec, values: &[Option<f64>]) -> bool {
        let mut each = spec
            .conditions
            .iter()
            .zip(values.iter().chain(std::iter::repeat(&None)))
            .map(|(c, v)| c.series_needed <= 1 && v.is_some_and(|v| c.comparison.still_holds(v, c.threshold, spec.resolve_margin)));
        match spec.combiner {
            Combiner::And => !spec.conditions.is_empty() && each.all(|b| b),
            Combiner::Or => each.any(|b| b),
        }
    }

    /// Feeds one evaluation: `values[i]` is condition i's value at `now`, None without data.
    pub fn observe(
        &mut self,
        spec: &PolicySpec,
        now: Duration,
        values: &[Option<f64>],
    ) -> Option<Transition> {
        self.holding_since.resize(spec.conditions.len(), None);
        for ((cond, since), value) in spec
            .conditions
            .iter()
            .zip(self.holding_since.iter_mut())
            .zip(values.iter().chain(std::iter::repeat(&None)))
        {
            match value {
                Some(v) if cond.series_needed <= 1 && cond.comparison.holds(*v, cond.threshold) => {
                    since.get_or_insert(now);
                }
                _ => *since = None,
            }
        }
        if values.iter().any(Option::is_some) {
            self.last_data = Some(now);
        }
        if self.firing(spec, now) {
            self.clear_since = None;
            if !self.open {
                self.open = true;
                return Some(Transition::Opened);
            }
            return None;
        }
        if !self.open {
            return None;
        }
        if self.still_burning(spec, values) {
            self.clear_since = None;
            return None;
        }
        if let Some(limit) = spec.auto_close {
            let silent_for = self
                .last_data
                .map_or(Duration::MAX, |t| now.saturating_sub(t));
            if silent_for >= limit {
                self.open = false;
                self.clear_since = None;
                return Some(Transition::AutoClosed);
            }
        }
        let since = *self.clear_since.get_or_insert(now);
        if now.saturating_sub(since) >= spec.resolve_after {
            self.open = false;
            self.clear_since = None;
            return Some(Transition::Resolved);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    fn burn_policy(duration: u64) -> PolicySpec {
        PolicySpec {
            conditions: vec![ConditionSpec {
                comparison: Comparison::Gt,
                threshold: 10.0,
                duration: s(duration),
                series_needed: 1,
            }],
            combiner: Combiner::And,
            resolve_after: s(5),
            auto_close: Some(s(60)),
            resolve_margin: DEFAULT_RESOLVE_MARGIN,
        }
    }

    /// Runs `values` one per second from t=0 and returns the transitions with their times.
    fn run(spec: &PolicySpec, values: &[Option<f64>]) -> Vec<(u64, Transition)> {
        let mut state = PolicyState::default();
        values
            .iter()
            .enumerate()
            .filter_map(|(t, v)| {
                state
                    .observe(spec, s(t as u64), std::slice::from_ref(v))
                    .map(|tr| (t as u64, tr))
            })
            .collect()
    }

    #[test]
    fn fires_at_once_with_zero_duration_and_resolves_after_the_clear_time() {
        let mut v = vec![Some(1.0), Some(12.0), Some(15.0)];
        v.extend(std::iter::repeat_n(Some(0.5), 7));
        assert_eq!(
            run(&burn_policy(0), &v),
            vec![(1, Transition::Opened), (8, Transition::Resolved)]
        );
    }

    #[test]
    fn a_duration_needs_the_comparison_to_hold_throughout() {
        let v = [
            Some(11.0),
            Some(11.0),
            Some(9.0),
            Some(11.0),
            Some(11.0),
            Some(11.0),
            Some(11.0),
        ];
        assert_eq!(run(&burn_policy(3), &v), vec![(6, Transition::Opened)]);
    }

    #[test]
    fn a_condition_needing_more_series_than_its_one_never_fires() {
        let v = [Some(20.0), Some(20.0), Some(20.0)];
        let mut spec = burn_policy(0);
        spec.conditions[0].series_needed = 2;
        assert_eq!(run(&spec, &v), vec![]);
        spec.conditions[0].series_needed = 1;
        assert_eq!(run(&spec, &v), vec![(0, Transition::Opened)]);
    }

    #[test]
    fn no_data_never_fires_and_auto_closes() {
        assert_eq!(run(&burn_policy(0), &[None, None, None]), vec![]);
        let mut v = vec![Some(20.0)];
        v.extend(std::iter::repeat_n(None, 61));
        let got = run(
            &PolicySpec {
                resolve_after: s(1000),
                ..burn_policy(0)
            },
            &v,
        );
        assert_eq!(
            got,
            vec![(0, Transition::Opened), (60, Transition::AutoClosed)]
        );
    }

    #[test]
    fn and_needs_every_condition_or_needs_one() {
        let two = |combiner| PolicySpec {
            conditions: vec![
                ConditionSpec {
                    comparison: Comparison::Gt,
                    threshold: 14.4,
                    duration: s(0),
                    series_needed: 1,
                },
                ConditionSpec {
                    comparison: Comparison::Gt,
                    threshold: 14.4,
                    duration: s(0),
                    series_needed: 1,
                },
            ],
            combiner,
            resolve_after: s(0),
            auto_close: None,
            resolve_margin: DEFAULT_RESOLVE_MARGIN,
        };
        let mut st = PolicyState::default();
        assert_eq!(
            st.observe(&two(Combiner::And), s(0), &[Some(20.0), Some(1.0)]),
            None
        );
        assert_eq!(
            st.observe(&two(Combiner::And), s(1), &[Some(20.0), Some(15.0)]),
            Some(Transition::Opened)
        );
        let mut st = PolicyState::default();
        assert_eq!(
            st.observe(&two(Combiner::Or), s(0), &[Some(20.0), None]),
            Some(Transition::Opened)
        );
    }

    #[test]
    fn a_resumed_incident_resolves_once_clear() {
        let spec = burn_policy(0);
        let mut st = PolicyState::resume_open(s(100));
        assert!(st.is_open());
        assert_eq!(st.observe(&spec, s(101), &[Some(20.0)]), None);
        assert_eq!(st.observe(&spec, s(102), &[Some(1.0)]), None);
        assert_eq!(
            st.observe(&spec, s(107), &[Some(1.0)]),
            Some(Transition::Resolved)
        );
    }

    /// The tutorial's canary burns at exactly the threshold: opened at 10.01 (older good
    /// requests leaving the lookback), it stays open at 10.0 and 9.5, and resolves only
    /// after `resolve_after` at or below 9× (10% under the threshold).
    #[test]
    fn an_incident_burning_just_under_the_line_stays_open() {
        let mut v = vec![Some(10.01)];
        v.extend(std::iter::repeat_n(Some(10.0), 20));
        v.extend(std::iter::repeat_n(Some(9.5), 20));
        assert_eq!(run(&burn_policy(0), &v), vec![(0, Transition::Opened)]);
        v.extend(std::iter::repeat_n(Some(9.0), 6));
        assert_eq!(run(&burn_policy(0), &v), vec![(0, Transition::Opened), (46, Transition::Resolved)]);
        // Without a margin it resolved while the same failure went on.
        let bare = PolicySpec { resolve_margin: 0.0, ..burn_policy(0) };
        let mut w = vec![Some(10.01)];
        w.extend(std::iter::repeat_n(Some(10.0), 20));
        assert_eq!(run(&bare, &w), vec![(0, Transition::Opened), (6, Transition::Resolved)]);
        // Below-threshold alerts (an SLI under its goal) clear above it by the margin.
        assert!(Comparison::Lt.still_holds(0.985, 0.9, 0.1));
        assert!(!Comparison::Lt.still_holds(0.995, 0.9, 0.1));
    }

    #[test]
    fn decisive_digits() {
        assert_eq!(decisive(32.57, 10.0, 1), "32.6");
        assert_eq!(decisive(10.01, 10.0, 1), "10.01");
        assert_eq!(decisive(10.004, 10.0, 1), "10.004");
        assert_eq!(decisive(9.999, 10.0, 1), "9.999");
        assert_eq!(decisive(10.0, 10.0, 1), "10.0");
        assert_eq!(decisive(10.0000001, 10.0, 2), "10.000000");
    }

    #[test]
    fn comparisons() {
        assert!(Comparison::parse("COMPARISON_GT").unwrap().holds(2.0, 1.0));
        assert!(!Comparison::parse("COMPARISON_LT").unwrap().holds(2.0, 1.0));
        assert!(Comparison::parse("COMPARISON_EQ")
            .unwrap_err()
            .contains("COMPARISON_GT"));
    }
}
