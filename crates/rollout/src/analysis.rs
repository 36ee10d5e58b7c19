//! One analysis: the canary's requests in a window against the stable revision's in
//! the same window, judged by the plan's limits. Each check gives its own outcome and
//! a sentence saying why; the verdict is the worst of them, and too few canary
//! requests is NoData whatever the checks say.

use crate::plan::Limits;
use crate::stats::{binomial_at_least, fisher_greater};
use serde::{Deserialize, Serialize};

/// Below this one-sided p-value a difference is significant: Fail.
pub const SIGNIFICANT: f64 = 0.01;
/// Below this (and not significant) the evidence is suggestive: Inconclusive.
pub const SUGGESTIVE: f64 = 0.05;

/// One revision's requests in a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub requests: u64,
    /// Responses with a 5xx status.
    pub errors: u64,
    /// 99th percentile latency from telemetry's histogram, when there were requests.
    pub p99_ms: Option<f64>,
}

impl Sample {
    pub fn error_rate(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.errors as f64 / self.requests as f64
        }
    }
}

/// What was measured for one window `[from, to)` (unix seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub from: i64,
    pub to: i64,
    pub canary: Sample,
    pub stable: Sample,
    /// The goal of the plan's SLO (e.g. 0.99), when it has one and it exists.
    pub slo_goal: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Pass,
    Fail,
    Inconclusive,
    NoData,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "Pass",
            Outcome::Fail => "Fail",
            Outcome::Inconclusive => "Inconclusive",
            Outcome::NoData => "NoData",
        }
    }
}

/// One check of a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// `error-rate-vs-stable`, `max-error-rate`, `max-burn-rate`, `max-p99-ms`, `min-requests`.
    pub name: String,
    pub outcome: Outcome,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: Outcome,
    pub checks: Vec<Check>,
}

impl Verdict {
    /// The failing (or else inconclusive) checks in one line.
    pub fn summary(&self) -> String {
        let worst: Vec<&str> = self.checks.iter().filter(|c| c.outcome == self.outcome).map(|c| c.detail.as_str()).collect();
        if worst.is_empty() {
            self.outcome.name().to_owned()
        } else {
            format!("{}: {}", self.outcome.name(), worst.join("; "))
        }
    }
}

/// Judges one window.
pub fn analyse(m: &Measurement, limits: &Limits) -> Verdict {
    let c = m.canary;
    let mut checks = Vec::new();
    if c.requests < limits.min_requests {
        checks.push(Check {
            name: "min-requests".into(),
            outcome: Outcome::NoData,
            detail: format!("the canary served {} request(s), fewer than the {} an analysis needs", c.requests, limits.min_requests),
        });
        return Verdict { outcome: Outcome::NoData, checks };
    }
    // Canary against stable over the same window: one-sided Fisher exact test.
    let s = m.stable;
    let comparison = if s.requests == 0 {
        Check { name: "error-rate-vs-stable".into(), outcome: Outcome::Pass, detail: "the stable revision served no request in the window: no comparison".into() }
    } else {
        let p = fisher_greater(c.errors, c.requests, s.errors, s.requests);
        let outcome = if p < SIGNIFICANT {
            Outcome::Fail
        } else if p < SUGGESTIVE {
            Outcome::Inconclusive
        } else {
            Outcome::Pass
        };
        Check {
            name: "error-rate-vs-stable".into(),
            outcome,
            detail: format!(
                "canary error rate {} ({}/{}) vs stable {} ({}/{}), one-sided Fisher p = {}",
                pct(c.error_rate()),
                c.errors,
                c.requests,
                pct(s.error_rate()),
                s.errors,
                s.requests,
                sig(p)
            ),
        }
    };
    checks.push(comparison);
    // Absolute limit: is the canary's true error rate above the limit? Binomial tail.
    if let Some(max) = limits.max_error_rate {
        checks.push(limit_check("max-error-rate", c, max, &format!("max error rate {}", pct(max))));
    }
    if let (Some(max_burn), Some(_)) = (limits.max_burn_rate, &limits.slo) {
        match m.slo_goal {
            Some(goal) if goal < 1.0 => {
                let budget = 1.0 - goal;
                let mut check = limit_check("max-burn-rate", c, (budget * max_burn).min(1.0), &format!("burn rate {max_burn} of SLO goal {}", pct(goal)));
                check.detail = format!("burn rate {:.2} (error rate {} over a {} budget): {}", c.error_rate() / budget, pct(c.error_rate()), pct(budget), check.detail);
                checks.push(check);
            }
            _ => checks.push(Check { name: "max-burn-rate".into(), outcome: Outcome::Inconclusive, detail: format!("SLO {:?} was not found, so the burn rate is unknown", limits.slo.as_deref().unwrap_or("")) }),
        }
    }
    if let Some(max) = limits.max_p99_ms {
        let (outcome, detail) = match c.p99_ms {
            Some(p99) if p99 > max as f64 => (Outcome::Fail, format!("canary p99 {p99:.1} ms is above {max} ms")),
            Some(p99) => (Outcome::Pass, format!("canary p99 {p99:.1} ms is within {max} ms")),
            None => (Outcome::NoData, "no canary latency was recorded".into()),
        };
        checks.push(Check { name: "max-p99-ms".into(), outcome, detail });
    }
    let outcome = [Outcome::Fail, Outcome::NoData, Outcome::Inconclusive].into_iter().find(|o| checks.iter().any(|c| c.outcome == *o)).unwrap_or(Outcome::Pass);
    Verdict { outcome, checks }
}

/// Fail when the canary's errors are significantly above `max` (binomial tail),
/// Inconclusive when the observed rate is above it but could be chance.
fn limit_check(name: &str, c: Sample, max: f64, what: &str) -> Check {
    let p = binomial_at_least(c.errors, c.requests, max);
    let rate = c.error_rate();
    let outcome = if rate <= max {
        Outcome::Pass
    } else if p < SIGNIFICANT {
        Outcome::Fail
    } else {
        Outcome::Inconclusive
    };
    let relation = if rate <= max { "within" } else { "above" };
    Check { name: name.into(), outcome, detail: format!("canary error rate {} ({}/{}) is {relation} the {what} (binomial p = {})", pct(rate), c.errors, c.requests, sig(p)) }
}

fn pct(r: f64) -> String {
    let p = r * 100.0;
    if p == p.trunc() {
        format!("{p:.0}%")
    } else {
        format!("{p:.2}%")
    }
}

fn sig(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        format!("{p:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(requests: u64, errors: u64) -> Sample {
        Sample { requests, errors, p99_ms: Some(10.0) }
    }

    fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
        let mut l = Limits { min_requests: 20, ..Limits::default() };
        f(&mut l);
        l
    }

    /// (case, canary, stable, limits, expected outcome, a check that must carry it)
    fn check(case: &str, canary: Sample, stable: Sample, limits: Limits, slo_goal: Option<f64>, expected: Outcome, check_name: &str) {
        let m = Measurement { from: 0, to: 1, canary, stable, slo_goal };
        let v = analyse(&m, &limits);
        assert_eq!(v.outcome, expected, "{case}: {v:#?}");
        assert!(v.checks.iter().any(|c| c.name == check_name && c.outcome == expected), "{case}: no {check_name} check with {expected:?}: {v:#?}");
    }

    #[test]
    fn verdicts() {
        let none = || limits(|_| {});
        check("healthy canary, healthy stable", sample(20, 0), sample(180, 0), none(), None, Outcome::Pass, "error-rate-vs-stable");
        check("too few requests is NoData even when all failed", sample(19, 19), sample(180, 0), none(), None, Outcome::NoData, "min-requests");
        check("no traffic at all is NoData", sample(0, 0), sample(0, 0), none(), None, Outcome::NoData, "min-requests");
        check("failing canary against a healthy stable", sample(20, 20), sample(180, 0), none(), None, Outcome::Fail, "error-rate-vs-stable");
        check("2 of 20 against 0 of 180 is significant (p = 0.0095)", sample(20, 2), sample(180, 0), none(), None, Outcome::Fail, "error-rate-vs-stable");
        check("1 of 20 against 0 of 180 is chance (p = 0.1)", sample(20, 1), sample(180, 0), none(), None, Outcome::Pass, "error-rate-vs-stable");
        check("both equally bad is not the canary's fault", sample(100, 10), sample(900, 90), none(), None, Outcome::Pass, "error-rate-vs-stable");
        check("suggestive but not significant", sample(1000, 5), sample(1000, 1), none(), None, Outcome::Pass, "error-rate-vs-stable");
        check("p between 0.01 and 0.05 is inconclusive (p = 0.032)", sample(100, 7), sample(100, 1), none(), None, Outcome::Inconclusive, "error-rate-vs-stable");
        check("no stable traffic: comparison passes, absolute limits decide", sample(50, 0), sample(0, 0), none(), None, Outcome::Pass, "error-rate-vs-stable");
        let max1 = || limits(|l| l.max_error_rate = Some(0.01));
        check("absolute: 10/100 above 1% is a Fail", sample(100, 10), sample(0, 0), max1(), None, Outcome::Fail, "max-error-rate");
        check("absolute: 1/20 above 1% could be chance", sample(20, 1), sample(0, 0), max1(), None, Outcome::Inconclusive, "max-error-rate");
        check("absolute: 0/20 is within", sample(20, 0), sample(0, 0), max1(), None, Outcome::Pass, "max-error-rate");
        let burn = || limits(|l| {
            l.slo = Some("avail".into());
            l.max_burn_rate = Some(2.0)
        });
        check("burn: 10% errors on a 99% SLO is burn 10 > 2", sample(200, 20), sample(0, 0), burn(), Some(0.99), Outcome::Fail, "max-burn-rate");
        check("burn: 1% errors on a 99% SLO is burn 1", sample(200, 2), sample(0, 0), burn(), Some(0.99), Outcome::Pass, "max-burn-rate");
        check("burn: unknown SLO is inconclusive", sample(200, 0), sample(0, 0), burn(), None, Outcome::Inconclusive, "max-burn-rate");
        let p99 = || limits(|l| l.max_p99_ms = Some(100));
        check("p99 above the limit", Sample { requests: 50, errors: 0, p99_ms: Some(250.0) }, sample(100, 0), p99(), None, Outcome::Fail, "max-p99-ms");
        check("p99 within the limit", Sample { requests: 50, errors: 0, p99_ms: Some(80.0) }, sample(100, 0), p99(), None, Outcome::Pass, "max-p99-ms");
        check("a Fail beats an Inconclusive", Sample { requests: 20, errors: 1, p99_ms: Some(500.0) }, sample(0, 0), limits(|l| {
            l.max_error_rate = Some(0.01);
            l.max_p99_ms = Some(100)
        }), None, Outcome::Fail, "max-p99-ms");
    }

    #[test]
    fn summary_names_the_failing_check() {
        let m = Measurement { from: 0, to: 1, canary: sample(20, 20), stable: sample(180, 0), slo_goal: None };
        let s = analyse(&m, &limits(|_| {})).summary();
        assert!(s.starts_with("Fail: canary error rate 100% (20/20) vs stable 0% (0/180)"), "{s}");
    }
}
