//! `--fail-on` thresholds, as k6's: `p99>250ms,error-rate>1%,rps<900`. Parsed before the
//! run (a typo fails at once, not after an hour of load) and judged against the
//! `Summary` after it; a breached threshold makes the exit status 3.

use crate::stats::Summary;
use std::fmt;
use std::time::Duration;

/// One parsed threshold: fail when `metric op value` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The text the user wrote, for the report.
    pub text: String,
    pub metric: Metric,
    pub op: Op,
    /// In the metric's unit: milliseconds, a fraction (0.01 for 1%), or requests per second.
    pub value: f64,
}

/// What a threshold looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// A latency quantile (0.99 for p99; 1.0 is max; 0.0 is min).
    Quantile(f64),
    Mean,
    /// Transport errors and responses with status ≥ 400, over all requests.
    ErrorRate,
    /// Requests sent more than the lateness tolerance behind schedule, over all requests.
    LateRate,
    /// Achieved requests per second.
    Rps,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
}

/// A threshold judged against a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub threshold: Threshold,
    /// What the run measured, in the threshold's unit; None when it cannot be known
    /// (a latency with no responses), which counts as breached.
    pub observed: Option<f64>,
    pub breached: bool,
}

/// Parses one `--fail-on` value (comma-separated thresholds).
pub fn parse(list: &str) -> Result<Vec<Threshold>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_one)
        .collect()
}

fn parse_one(text: &str) -> Result<Threshold, String> {
    let at = text.find(['<', '>']).ok_or_else(|| format!("threshold `{text}` has no < or >; write it like p99>250ms or error-rate>1% (--fail-on)"))?;
    let name = text[..at].trim();
    let rest = &text[at..];
    let (op, value) = if let Some(v) = rest.strip_prefix(">=") {
        (Op::Ge, v)
    } else if let Some(v) = rest.strip_prefix("<=") {
        (Op::Le, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (Op::Gt, v)
    } else {
        (Op::Lt, &rest[1..])
    };
    let value = value.trim();
    let metric = match name {
        "min" => Metric::Quantile(0.0),
        "max" => Metric::Quantile(1.0),
        "mean" | "avg" => Metric::Mean,
        "error-rate" | "error_rate" => Metric::ErrorRate,
        "late-rate" | "late_rate" => Metric::LateRate,
        "rps" | "rate" => Metric::Rps,
        p if p.starts_with('p') => {
            let q: f64 = p[1..]
                .parse()
                .ok()
                .filter(|q| (0.0..=100.0).contains(q))
                .ok_or_else(|| unknown_metric(text, name))?;
            Metric::Quantile(q / 100.0)
        }
        _ => return Err(unknown_metric(text, name)),
    };
    let bad_value = |what: &str| {
        format!("threshold `{text}` compares with `{value}`, which is not {what} (--fail-on)")
    };
    let value = match metric {
        Metric::Quantile(_) | Metric::Mean => parse_latency_ms(value)
            .ok_or_else(|| bad_value("a latency such as 250ms, 1.5s or 800us"))?,
        Metric::ErrorRate | Metric::LateRate => parse_ratio(value)
            .ok_or_else(|| bad_value("a percentage such as 1% (or a fraction such as 0.01)"))?,
        Metric::Rps => value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad_value("a number of requests per second"))?,
    };
    Ok(Threshold {
        text: text.to_owned(),
        metric,
        op,
        value,
    })
}

fn unknown_metric(text: &str, name: &str) -> String {
    format!("threshold `{text}` names `{name}`, which is not one of p50, p90, p95, p99, p99.9, pNN, min, max, mean, error-rate, late-rate, rps (--fail-on)")
}

fn parse_latency_ms(v: &str) -> Option<f64> {
    if let Ok(ms) = v.parse::<f64>() {
        return Some(ms).filter(|ms| ms.is_finite() && *ms >= 0.0);
    }
    runlane_model::duration::parse_human(v)
        .ok()
        .map(|d| d.as_secs_f64() * 1e3)
}

fn parse_ratio(v: &str) -> Option<f64> {
    let ratio = match v.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
        None => v.parse::<f64>().ok()?,
    };
    Some(ratio).filter(|r| r.is_finite())
}

/// Judges each threshold against a finished run.
pub fn judge(thresholds: &[Threshold], summary: &Summary) -> Vec<Verdict> {
    thresholds
        .iter()
        .map(|t| {
            let observed = observe(t.metric, summary);
            let breached = observed.is_none_or(|o| match t.op {
                Op::Gt => o > t.value,
                Op::Ge => o >= t.value,
                Op::Lt => o < t.value,
                Op::Le => o <= t.value,
            });
            Verdict {
                threshold: t.clone(),
                observed,
                breached,
            }
        })
        .collect()
}

fn observe(metric: Metric, s: &Summary) -> Option<f64> {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    match metric {
        Metric::Quantile(q) => s.latency.as_ref().map(|l| ms(l.quantile(q))),
        Metric::Mean => s.latency.as_ref().map(|l| ms(l.mean)),
        Metric::ErrorRate => Some(s.error_ratio()),
        Metric::LateRate => Some(match s.schedule {
            Some(sch) if s.requests > 0 => sch.late as f64 / s.requests as f64,
            _ => 0.0,
        }),
        Metric::Rps => Some(s.rate()),
    }
}

impl Metric {
    /// The unit that observed values and the threshold's value are in.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Quantile(_) | Metric::Mean => "ms",
            Metric::ErrorRate | Metric::LateRate => "ratio",
            Metric::Rps => "rps",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.threshold;
        let observed = match (self.observed, t.metric) {
            (None, _) => "no responses".to_owned(),
            (Some(v), Metric::Quantile(_) | Metric::Mean) => format!("{v:.3} ms"),
            (Some(v), Metric::ErrorRate | Metric::LateRate) => format!("{:.2}%", v * 100.0),
            (Some(v), Metric::Rps) => format!("{v:.1} rps"),
        };
        let mark = if self.breached { "BREACHED" } else { "ok" };
        write!(f, "{mark:<8} {} (observed {observed})", t.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, metric: Metric, op: Op, value: f64) {
        let t = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(t.len(), 1, "{input}");
        let same_metric = match (t[0].metric, metric) {
            (Metric::Quantile(a), Metric::Quantile(b)) => (a - b).abs() < 1e-12,
            (a, b) => a == b,
        };
        assert!(
            same_metric && t[0].op == op,
            "{input}: {:?} {:?}",
            t[0].metric,
            t[0].op
        );
        assert!(
            (t[0].value - value).abs() < 1e-9,
            "{input}: {} != {value}",
            t[0].value
        );
    }

    #[test]
    fn thresholds_parse() {
        check("p99>250ms", Metric::Quantile(0.99), Op::Gt, 250.0);
        check("p99.9 >= 1s", Metric::Quantile(0.999), Op::Ge, 1000.0);
        check("p50<800us", Metric::Quantile(0.5), Op::Lt, 0.8);
        check("max>2", Metric::Quantile(1.0), Op::Gt, 2.0);
        check("mean<=1m", Metric::Mean, Op::Le, 60_000.0);
        check("error-rate>1%", Metric::ErrorRate, Op::Gt, 0.01);
        check("error-rate>0.05", Metric::ErrorRate, Op::Gt, 0.05);
        check("late-rate>0%", Metric::LateRate, Op::Gt, 0.0);
        check("rps<900", Metric::Rps, Op::Lt, 900.0);
        assert_eq!(parse("p99>250ms, error-rate>1%,").unwrap().len(), 2);
    }

    #[test]
    fn bad_thresholds_say_how_to_write_them() {
        for (input, says) in [
            ("p99", "has no < or >"),
            ("p999x>1ms", "is not one of"),
            ("latency>1ms", "is not one of"),
            ("p99>fast", "not a latency"),
            ("error-rate>lots", "not a percentage"),
            ("rps<many", "requests per second"),
        ] {
            let err = parse(input).unwrap_err();
            assert!(
                err.contains(says) && err.contains("--fail-on"),
                "{input}: {err}"
            );
        }
    }

    #[test]
    fn verdicts_judge_the_summary() {
        let samples: Vec<(u64, u16)> = (1..=100)
            .map(|i| (i * 1000, if i <= 95 { 200 } else { 500 }))
            .collect();
        let summary =
            crate::stats::tests::totals(&samples, 0).summary(Duration::from_secs(1), None, false);
        let judge_one = |t: &str| judge(&parse(t).unwrap(), &summary).remove(0);
        let v = judge_one("p99>50ms");
        assert!(
            v.breached && (v.observed.unwrap() - 99.0).abs() < 0.1,
            "{v}"
        );
        assert!(!judge_one("p99>=100ms").breached);
        assert!(judge_one("error-rate>1%").breached);
        assert!(
            !judge_one("error-rate>5%").breached,
            "exactly 5% is not above 5%"
        );
        assert!(judge_one("error-rate>=5%").breached);
        assert!(judge_one("rps<101").breached);
        assert!(
            !judge_one("late-rate>0%").breached,
            "a closed run is never late"
        );
        // No response at all: latency thresholds cannot pass.
        let empty =
            crate::stats::tests::totals(&[], 3).summary(Duration::from_secs(1), None, false);
        let v = judge(&parse("p99>1h").unwrap(), &empty).remove(0);
        assert_eq!((v.observed, v.breached), (None, true));
        assert_eq!(v.to_string(), "BREACHED p99>1h (observed no responses)");
    }
}
