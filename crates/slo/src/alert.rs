//! Alert policies as state machines over time: a condition is met when its value
//! compares true against the threshold continuously for `duration`; a policy
//! combines its conditions (AND / OR) and opens an incident when the combination
//! becomes true, resolves it once it has been clear for `resolve_after`, and
//! auto-closes it after `auto_close` without data. No data never fires.

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

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Gt => value > threshold,
            Comparison::Ge => value >= threshold,
            Comparison::Lt => value < threshold,
            Comparison::Le => value <= threshold,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionSpec {
    pub comparison: Comparison,
    pub threshold: f64,
    /// How long the comparison must hold before the condition is met (0 = at once).
    pub duration: Duration,
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
}

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
                Some(v) if cond.comparison.holds(*v, cond.threshold) => {
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
            }],
            combiner: Combiner::And,
            resolve_after: s(5),
            auto_close: Some(s(60)),
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
                },
                ConditionSpec {
                    comparison: Comparison::Gt,
                    threshold: 14.4,
                    duration: s(0),
                },
            ],
            combiner,
            resolve_after: s(0),
            auto_close: None,
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

    #[test]
    fn comparisons() {
        assert!(Comparison::parse("COMPARISON_GT").unwrap().holds(2.0, 1.0));
        assert!(!Comparison::parse("COMPARISON_LT").unwrap().holds(2.0, 1.0));
        assert!(Comparison::parse("COMPARISON_EQ")
            .unwrap_err()
            .contains("COMPARISON_GT"));
    }
}
