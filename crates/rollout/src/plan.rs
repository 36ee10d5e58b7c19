//! What a rollout does: the canary's steps, how long each is analysed, the limits a
//! verdict is judged by, the manual gates and the webhooks. Built from CLI flags or
//! from the `runlane.dev/rollout` annotation; every bad value is refused with the
//! name of its field and what would be accepted.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The annotation on a service's template that makes every deploy a rollout.
pub const ANNOTATION_ROLLOUT: &str = "runlane.dev/rollout";

/// A rollout's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Canary percents, strictly increasing, each 1..=100; reaching 100 is promotion.
    pub steps: Vec<u8>,
    /// Analysis interval, whole seconds (at least 1).
    pub interval_secs: u64,
    pub limits: Limits,
    /// Percents whose step waits for a manual `promote` before traffic moves there.
    pub gates: Vec<u8>,
    /// URLs POSTed before each step and on rollback; non-2xx or a timeout fails the check.
    pub webhooks: Vec<String>,
}

/// What an analysis judges by. Each limit is optional except the request floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Highest acceptable canary error (5xx) ratio, 0..1.
    pub max_error_rate: Option<f64>,
    /// The SLO whose goal turns the canary's error ratio into a burn rate.
    pub slo: Option<String>,
    pub max_burn_rate: Option<f64>,
    pub max_p99_ms: Option<u64>,
    /// Fewer canary requests than this in a window is NoData, never Pass.
    pub min_requests: u64,
    /// Fail verdicts that roll back (1: the first Fail does).
    pub failure_limit: u32,
    /// Consecutive Inconclusive intervals that pause the rollout for a person.
    pub inconclusive_limit: u32,
    /// Consecutive NoData intervals that pause the rollout (0: wait for traffic forever).
    pub no_data_limit: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_error_rate: None, slo: None, max_burn_rate: None, max_p99_ms: None, min_requests: 100, failure_limit: 1, inconclusive_limit: 3, no_data_limit: 0 }
    }
}

/// A refused setting: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct PlanError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: impl Into<String>) -> PlanError {
    PlanError { field: field.to_owned(), message: message.into() }
}

/// Settings as text, keyed by their flag/annotation names (`steps`, `interval`, …).
/// Missing keys take defaults: steps 1,5,25,50,100 and interval 30s.
pub fn plan_from_settings<'a>(settings: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Plan, PlanError> {
    let mut plan = Plan { steps: vec![1, 5, 25, 50, 100], interval_secs: 30, limits: Limits::default(), gates: Vec::new(), webhooks: Vec::new() };
    for (key, value) in settings {
        let value = value.trim();
        match key.trim() {
            "steps" => plan.steps = parse_percents("steps", value)?,
            "interval" => plan.interval_secs = parse_interval(value)?,
            "max-error-rate" => plan.limits.max_error_rate = Some(parse_ratio("max-error-rate", value)?),
            "slo" => {
                if value.is_empty() {
                    return Err(err("slo", "is empty; give the SLO's ID (runlane slo list shows them)"));
                }
                plan.limits.slo = Some(value.to_owned())
            }
            "max-burn-rate" => plan.limits.max_burn_rate = Some(parse_positive("max-burn-rate", value)?),
            "max-p99-ms" => plan.limits.max_p99_ms = Some(parse_count("max-p99-ms", value, 1)?),
            "min-requests" => plan.limits.min_requests = parse_count("min-requests", value, 1)?,
            "failure-limit" => plan.limits.failure_limit = parse_count("failure-limit", value, 1)? as u32,
            "inconclusive-limit" => plan.limits.inconclusive_limit = parse_count("inconclusive-limit", value, 1)? as u32,
            "no-data-limit" => plan.limits.no_data_limit = parse_count("no-data-limit", value, 0)? as u32,
            "gates" => plan.gates = parse_percents("gates", value)?,
            "webhooks" => {
                plan.webhooks = value.split(',').map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned).collect();
                for u in &plan.webhooks {
                    if !(u.starts_with("http://") || u.starts_with("https://")) {
                        return Err(err("webhooks", format!("{u:?} is not an http:// or https:// URL")));
                    }
                }
            }
            other => {
                return Err(err(
                    other,
                    "is not a rollout setting; use steps, interval, max-error-rate, slo, max-burn-rate, max-p99-ms, min-requests, failure-limit, inconclusive-limit, no-data-limit, gates or webhooks",
                ))
            }
        }
    }
    plan.validate()?;
    Ok(plan)
}

/// Parses the `runlane.dev/rollout` annotation: `key=value` pairs separated by `;`.
pub fn plan_from_annotation(text: &str) -> Result<Plan, PlanError> {
    let mut pairs = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(err(ANNOTATION_ROLLOUT, format!("{part:?} is not key=value; write e.g. \"steps=1,5,25,50,100;interval=30s;max-error-rate=1%\"")));
        };
        pairs.push((k, v));
    }
    plan_from_settings(pairs).map_err(|e| PlanError { field: format!("{ANNOTATION_ROLLOUT} {}", e.field), message: e.message })
}

impl Plan {
    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.interval_secs)
    }

    pub fn validate(&self) -> Result<(), PlanError> {
        if self.steps.is_empty() {
            return Err(err("steps", "is empty; give increasing percents such as 1,5,25,50,100"));
        }
        if self.interval_secs == 0 {
            return Err(err("interval", "must be at least 1s"));
        }
        if self.limits.max_burn_rate.is_some() != self.limits.slo.is_some() {
            return Err(err("max-burn-rate", "and slo go together: give the SLO whose goal defines the burn rate (--slo ID --max-burn-rate 2)"));
        }
        for g in &self.gates {
            if !self.steps.contains(g) && *g != 100 {
                return Err(err("gates", format!("{g} is not one of the steps {:?}", self.steps)));
            }
        }
        Ok(())
    }

    /// The steps with promotion (100) always last.
    pub fn weights(&self) -> Vec<u8> {
        let mut w = self.steps.clone();
        if w.last() != Some(&100) {
            w.push(100);
        }
        w
    }
}

fn parse_percents(field: &str, value: &str) -> Result<Vec<u8>, PlanError> {
    let mut out: Vec<u8> = Vec::new();
    for part in value.split(',').map(str::trim) {
        let n: u8 = part.trim_end_matches('%').parse().ok().filter(|n| (1..=100).contains(n)).ok_or_else(|| err(field, format!("{part:?} is not a whole percent from 1 to 100")))?;
        if out.last().is_some_and(|last| *last >= n) {
            return Err(err(field, format!("{value:?} must increase strictly, as in 1,5,25,50,100")));
        }
        out.push(n);
    }
    Ok(out)
}

/// Whole seconds: `30s`, `1m`, `1m30s`.
pub fn parse_interval(value: &str) -> Result<u64, PlanError> {
    runlane_model::duration::parse_human(value)
        .and_then(|d| runlane_model::duration::whole_seconds(value, d))
        .map_err(|e| err("interval", e))
}

/// `1%`, `0.5%` or a fraction `0.01`.
fn parse_ratio(field: &str, value: &str) -> Result<f64, PlanError> {
    let bad = || err(field, format!("{value:?} is not a ratio; write a percent such as 1% or 0.5%, or a fraction such as 0.01"));
    let r = match value.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map_err(|_| bad())? / 100.0,
        None => value.parse::<f64>().map_err(|_| bad())?,
    };
    if !(0.0..1.0).contains(&r) || !r.is_finite() {
        return Err(bad());
    }
    Ok(r)
}

fn parse_positive(field: &str, value: &str) -> Result<f64, PlanError> {
    value.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0).ok_or_else(|| err(field, format!("{value:?} is not a positive number such as 2 or 14.4")))
}

fn parse_count(field: &str, value: &str, min: u64) -> Result<u64, PlanError> {
    value.parse::<u64>().ok().filter(|v| *v >= min).ok_or_else(|| err(field, format!("{value:?} is not a whole number of at least {min}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ok(annotation: &str, expect: impl Fn(&Plan) -> bool) {
        let plan = plan_from_annotation(annotation).unwrap_or_else(|e| panic!("{annotation:?}: {e}"));
        assert!(expect(&plan), "{annotation:?} gave {plan:?}");
    }

    fn check_err(annotation: &str, field: &str, says: &str) {
        let e = plan_from_annotation(annotation).expect_err(annotation);
        let expected = if field.is_empty() { ANNOTATION_ROLLOUT.to_owned() } else { format!("{ANNOTATION_ROLLOUT} {field}") };
        assert_eq!(e.field, expected, "{annotation:?}: {e}");
        assert!(e.message.contains(says), "{annotation:?}: {e}");
    }

    #[test]
    fn annotations_that_parse() {
        check_ok("", |p| p.steps == [1, 5, 25, 50, 100] && p.interval_secs == 30 && p.limits.min_requests == 100);
        check_ok("steps=10,50;interval=1s", |p| p.steps == [10, 50] && p.weights() == [10, 50, 100] && p.interval_secs == 1);
        check_ok("interval=1m30s", |p| p.interval_secs == 90);
        check_ok(" max-error-rate = 1% ; min-requests=20 ;", |p| p.limits.max_error_rate == Some(0.01) && p.limits.min_requests == 20);
        check_ok("max-error-rate=0.05", |p| p.limits.max_error_rate == Some(0.05));
        check_ok("slo=avail;max-burn-rate=2", |p| p.limits.slo.as_deref() == Some("avail") && p.limits.max_burn_rate == Some(2.0));
        check_ok("max-p99-ms=250;failure-limit=2", |p| p.limits.max_p99_ms == Some(250) && p.limits.failure_limit == 2);
        check_ok("steps=5,50,100;gates=50", |p| p.gates == [50]);
        check_ok("webhooks=http://127.0.0.1:9/check,https://x.test/y", |p| p.webhooks.len() == 2);
    }

    #[test]
    fn annotations_that_are_refused() {
        check_err("steps=5,1", "steps", "increase strictly");
        check_err("steps=0,5", "steps", "from 1 to 100");
        check_err("steps=101", "steps", "from 1 to 100");
        check_err("steps=", "steps", "whole percent");
        check_err("interval=0s", "interval", "whole number of seconds");
        check_err("interval=500ms", "interval", "whole number of seconds");
        check_err("interval=fast", "interval", "is not a duration");
        check_err("max-error-rate=150%", "max-error-rate", "percent");
        check_err("max-error-rate=lots", "max-error-rate", "percent");
        check_err("max-burn-rate=2", "max-burn-rate", "slo");
        check_err("slo=a;max-burn-rate=-1", "max-burn-rate", "positive");
        check_err("min-requests=0", "min-requests", "at least 1");
        check_err("failure-limit=x", "failure-limit", "whole number");
        check_err("gates=30", "gates", "not one of the steps");
        check_err("webhooks=ftp://x", "webhooks", "http://");
        check_err("speed=fast", "speed", "not a rollout setting");
        check_err("steps", "", "key=value");
    }
}
