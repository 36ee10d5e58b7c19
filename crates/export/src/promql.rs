//! An SLO's indicator as PromQL over the names runlane's `/metrics` exports
//! (`runlane_request_count_total{service,revision,response_code_class,response_code}`,
//! `runlane_request_latencies_seconds_bucket{service,revision,le}`), so the same SLI can
//! be computed by a Prometheus that scrapes runlane, or scrapes the same service's
//! successor on a cluster that keeps these names.
//!
//! Only what PromQL expresses exactly is translated: request-count ratios whose filters
//! are `=` matches on labels `/metrics` has, availability, and latency cuts at one of
//! the histogram's `le` bounds. Anything else is an [`ExportError`] naming the field.

use crate::ExportError;
use runlane_alerting::model::{Sli, Slo};
use std::collections::BTreeMap;

pub const REQUEST_COUNT: &str = "runlane_request_count_total";
pub const LATENCY_BUCKET: &str = "runlane_request_latencies_seconds_bucket";
pub const LATENCY_COUNT: &str = "runlane_request_latencies_seconds_count";

/// The `le` bounds of runlane's latency histogram, as `/metrics` writes them.
pub const LE_BOUNDS: [&str; 17] = [
    "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
    "5.0", "10.0", "30.0", "60.0", "300.0", "3600.0",
];

/// A counter series selector: metric name and `=` label matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    pub metric: String,
    pub labels: BTreeMap<String, String>,
}

impl Selector {
    pub fn render(&self) -> String {
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
            .collect();
        format!("{}{{{}}}", self.metric, labels.join(","))
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"")
}

/// An SLI as counters Prometheus can rate.
#[derive(Debug, Clone, PartialEq)]
pub enum PromSli {
    /// Two of good, bad and total request counters.
    Ratio {
        good: Option<Selector>,
        bad: Option<Selector>,
        total: Option<Selector>,
    },
    /// Requests at most `le` seconds are good; of one status class only when
    /// `class` says so (`/metrics` keeps a latency histogram per class).
    Latency {
        service: String,
        class: Option<String>,
        le: String,
    },
    /// An SLO that reads Prometheus already: its queries, which count events over
    /// `{{.window}}`.
    Queries {
        good: Option<String>,
        bad: Option<String>,
        total: Option<String>,
    },
}

/// `service="S"` and, for one status class, `,response_code_class="2xx"`.
fn latency_labels(service: &str, class: Option<&str>) -> String {
    let mut out = format!("service=\"{}\"", escape(service));
    if let Some(c) = class {
        out.push_str(&format!(",response_code_class=\"{}\"", escape(c)));
    }
    out
}

impl PromSli {
    /// The error ratio over `window` (a PromQL duration such as `5m`).
    pub fn error_ratio(&self, window: &str) -> String {
        let rate = |s: &Selector| format!("sum(rate({}[{window}]))", s.render());
        match self {
            PromSli::Ratio {
                good,
                bad,
                total: Some(total),
            } => match (good, bad) {
                (_, Some(bad)) => format!("({}) / ({})", rate(bad), rate(total)),
                (Some(good), None) => format!("1 - (({}) / ({}))", rate(good), rate(total)),
                (None, None) => "vector(0)".into(),
            },
            PromSli::Ratio {
                good: Some(good),
                bad: Some(bad),
                total: None,
            } => format!(
                "({}) / (({}) + ({}))",
                rate(bad),
                rate(good),
                rate(bad)
            ),
            PromSli::Ratio { .. } => "vector(0)".into(),
            PromSli::Queries { good, bad, total } => {
                let q = |x: &Option<String>| x.as_ref().map(|x| format!("({})", x.replace("{{.window}}", window)));
                match (q(good), q(bad), q(total)) {
                    (_, Some(b), Some(t)) => format!("{b} / {t}"),
                    (Some(g), None, Some(t)) => format!("1 - ({g} / {t})"),
                    (Some(g), Some(b), None) => format!("{b} / ({g} + {b})"),
                    _ => "vector(0)".into(),
                }
            }
            PromSli::Latency { service, class, le } => format!(
                "1 - ((sum(rate({LATENCY_BUCKET}{{{s},le=\"{le}\"}}[{window}]))) / (sum(rate({LATENCY_COUNT}{{{s}}}[{window}]))))",
                s = latency_labels(service, class.as_deref())
            ),
        }
    }

    /// Plain counter queries (no window) for good, bad and total events, for OpenSLO's
    /// `ratioMetric` with `counter: true`.
    pub fn counters(&self) -> (Option<String>, Option<String>, Option<String>) {
        let sum = |s: &Selector| format!("sum({})", s.render());
        match self {
            PromSli::Ratio { good, bad, total } => (
                good.as_ref().map(sum),
                bad.as_ref().map(sum),
                total.as_ref().map(sum),
            ),
            // OpenSLO wants plain counters; the indicator travels in runlane's annotation.
            PromSli::Queries { .. } => (None, None, None),
            PromSli::Latency { service, class, le } => (
                Some(format!(
                    "sum({LATENCY_BUCKET}{{{s},le=\"{le}\"}})",
                    s = latency_labels(service, class.as_deref())
                )),
                None,
                Some(format!(
                    "sum({LATENCY_COUNT}{{{s}}})",
                    s = latency_labels(service, class.as_deref())
                )),
            ),
        }
    }
}

/// The SLO's indicator in PromQL terms. `slo.service` is the runlane service its
/// requests come from.
pub fn translate(slo: &Slo) -> Result<PromSli, ExportError> {
    let what = format!("SLO {}", slo.name());
    let service = &slo.service;
    let err = |field: &str, message: String| {
        ExportError::new(&what, format!("{message} (serviceLevelIndicator.{field})"))
    };
    match &slo.sli {
        Sli::BasicAvailability => {
            let total = scoped(service, BTreeMap::new());
            let mut bad = total.clone();
            bad.labels.insert("response_code_class".into(), "5xx".into());
            Ok(PromSli::Ratio {
                good: None,
                bad: Some(bad),
                total: Some(total),
            })
        }
        Sli::BasicLatency { threshold_ms } => Ok(PromSli::Latency {
            service: service.clone(),
            class: None,
            le: le_bound(*threshold_ms)
                .map_err(|m| err("basicSli.latency.threshold", m))?,
        }),
        Sli::DistributionCut {
            filter,
            min_ms,
            max_ms,
        } => {
            let field = "requestBased.distributionCut";
            if min_ms.is_some_and(|m| m > 0.0) {
                return Err(err(
                    &format!("{field}.range.min"),
                    "Prometheus histograms count requests at most a bound, so a lower bound above 0 cannot be exported; remove range.min".into(),
                ));
            }
            let labels = parse_filter(filter, "run.googleapis.com/request_latencies")
                .map_err(|m| err(&format!("{field}.distributionFilter"), m))?;
            if labels.keys().any(|k| k != "service" && k != "response_code_class") {
                return Err(err(
                    &format!("{field}.distributionFilter"),
                    "only the service and metric.labels.response_code_class can be selected in a latency SLI that Prometheus computes".into(),
                ));
            }
            let Some(max) = max_ms else {
                return Err(err(&format!("{field}.range.max"), "give range.max".into()));
            };
            Ok(PromSli::Latency {
                service: service.clone(),
                class: labels.get("response_code_class").cloned(),
                le: le_bound(*max).map_err(|m| err(&format!("{field}.range.max"), m))?,
            })
        }
        Sli::Ratio { good, bad, total } => {
            let field = "requestBased.goodTotalRatio";
            let one = |name: &str, text: &Option<String>| {
                text.as_deref()
                    .map(|t| {
                        parse_filter(t, "run.googleapis.com/request_count")
                            .map(|labels| scoped(service, labels))
                            .map_err(|m| err(&format!("{field}.{name}"), m))
                    })
                    .transpose()
            };
            Ok(PromSli::Ratio {
                good: one("goodServiceFilter", good)?,
                bad: one("badServiceFilter", bad)?,
                total: one("totalServiceFilter", total)?,
            })
        }
        Sli::Prometheus { good, bad, total, .. } => Ok(PromSli::Queries {
            good: good.clone(),
            bad: bad.clone(),
            total: total.clone(),
        }),
        Sli::Windows { .. } => Err(err(
            "windowsBased",
            "windows-based SLIs have no Sloth-style Prometheus form; use a request-based SLI".into(),
        )),
    }
}

fn scoped(service: &str, mut labels: BTreeMap<String, String>) -> Selector {
    labels.insert("service".into(), service.to_owned());
    Selector {
        metric: REQUEST_COUNT.into(),
        labels,
    }
}

/// The histogram bound for a threshold in milliseconds, which must be one of the bounds.
pub fn le_bound(threshold_ms: f64) -> Result<String, String> {
    LE_BOUNDS
        .iter()
        .find(|b| {
            let secs: f64 = b.parse().unwrap_or(f64::NAN);
            (secs * 1000.0 - threshold_ms).abs() < 1e-6
        })
        .map(|b| (*b).to_owned())
        .ok_or_else(|| {
            let ms: Vec<String> = LE_BOUNDS
                .iter()
                .map(|b| format!("{}", b.parse::<f64>().unwrap_or(0.0) * 1000.0))
                .collect();
            format!(
                "{threshold_ms} ms is not a bound of runlane's latency histogram; use one of {} ms",
                ms.join(", ")
            )
        })
}

/// The labels a Cloud Monitoring filter selects, for filters made of `=` matches joined
/// by AND on `metric.type` (which must be `metric_type`), `metric.labels.*` and the
/// service and revision resource labels.
pub fn parse_filter(filter: &str, metric_type: &str) -> Result<BTreeMap<String, String>, String> {
    let mut labels = BTreeMap::new();
    let mut saw_type = false;
    for term in filter.split(" AND ") {
        let term = term.trim().trim_start_matches('(').trim_end_matches(')').trim();
        let Some((key, value)) = term.split_once('=') else {
            return Err(format!("{term:?} is not a key=\"value\" match; only = matches joined by AND can be exported"));
        };
        let key = key.trim();
        let value = value.trim();
        let Some(value) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            return Err(format!("the value in {term:?} must be a quoted string"));
        };
        if key.ends_with('!') || key.ends_with('<') || key.ends_with('>') {
            return Err(format!("{term:?}: only = matches can be exported"));
        }
        let label = match key {
            "metric.type" | "metric_type" => {
                if value != metric_type {
                    return Err(format!("this filter counts {value}; use {metric_type}"));
                }
                saw_type = true;
                continue;
            }
            "resource.type" | "resource.labels.project_id" | "resource.label.project_id"
            | "resource.labels.location" | "resource.label.location" => continue,
            "resource.labels.service_name" | "resource.label.service_name" => "service",
            "resource.labels.revision_name" | "resource.label.revision_name" => "revision",
            k => match k
                .strip_prefix("metric.labels.")
                .or_else(|| k.strip_prefix("metric.label."))
            {
                Some(l @ ("response_code_class" | "response_code")) => l,
                _ => {
                    return Err(format!(
                        "{k} has no label in runlane's /metrics; use metric.labels.response_code_class, metric.labels.response_code or resource.labels.revision_name"
                    ))
                }
            },
        };
        labels.insert(label.to_owned(), value.to_owned());
    }
    if !saw_type {
        return Err(format!("the filter must name metric.type=\"{metric_type}\""));
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlane_alerting::model::PeriodSpec;

    fn slo(sli: Sli) -> Slo {
        Slo {
            project: "default".into(),
            service: "jokes".into(),
            id: "s".into(),
            display_name: "s".into(),
            sli,
            goal: 0.99,
            period: PeriodSpec::Rolling { secs: 3600 },
            user_labels: Default::default(),
        }
    }

    fn check(sli: Sli, want: Result<&str, &str>) {
        let got = translate(&slo(sli)).map(|p| p.error_ratio("5m"));
        match (got, want) {
            (Ok(got), Ok(want)) => assert_eq!(got, want),
            (Err(e), Err(want)) => assert!(e.to_string().contains(want), "{e}"),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn slis_in_promql() {
        let count = "metric.type=\"run.googleapis.com/request_count\"";
        check(
            Sli::BasicAvailability,
            Ok("(sum(rate(runlane_request_count_total{response_code_class=\"5xx\",service=\"jokes\"}[5m]))) / (sum(rate(runlane_request_count_total{service=\"jokes\"}[5m])))"),
        );
        check(
            Sli::BasicLatency { threshold_ms: 250.0 },
            Ok("1 - ((sum(rate(runlane_request_latencies_seconds_bucket{service=\"jokes\",le=\"0.25\"}[5m]))) / (sum(rate(runlane_request_latencies_seconds_count{service=\"jokes\"}[5m]))))"),
        );
        check(
            Sli::BasicLatency { threshold_ms: 300.0 },
            Err("300 ms is not a bound of runlane's latency histogram; use one of 1, 2.5"),
        );
        check(
            Sli::Ratio {
                good: Some(format!("{count} AND metric.labels.response_code_class=\"2xx\"")),
                bad: None,
                total: Some(count.into()),
            },
            Ok("1 - ((sum(rate(runlane_request_count_total{response_code_class=\"2xx\",service=\"jokes\"}[5m]))) / (sum(rate(runlane_request_count_total{service=\"jokes\"}[5m]))))"),
        );
        check(
            Sli::Ratio {
                good: None,
                bad: Some(format!("{count} AND resource.labels.revision_name=\"jokes-00002-abc\" AND metric.labels.response_code=\"503\"")),
                total: Some(format!("{count} AND resource.labels.revision_name=\"jokes-00002-abc\"")),
            },
            Ok("(sum(rate(runlane_request_count_total{response_code=\"503\",revision=\"jokes-00002-abc\",service=\"jokes\"}[5m]))) / (sum(rate(runlane_request_count_total{revision=\"jokes-00002-abc\",service=\"jokes\"}[5m])))"),
        );
        check(
            Sli::Ratio {
                good: None,
                bad: Some(format!("{count} AND metric.labels.response_code_class!=\"2xx\"")),
                total: Some(count.into()),
            },
            Err("only = matches can be exported (serviceLevelIndicator.requestBased.goodTotalRatio.badServiceFilter)"),
        );
        check(
            Sli::Ratio {
                good: None,
                bad: Some(format!("{count} AND metric.labels.user_agent=\"x\"")),
                total: Some(count.into()),
            },
            Err("metric.labels.user_agent has no label in runlane's /metrics"),
        );
        check(
            Sli::Ratio {
                good: None,
                bad: Some("metric.type=\"run.googleapis.com/request_latencies\"".into()),
                total: Some(count.into()),
            },
            Err("this filter counts run.googleapis.com/request_latencies; use run.googleapis.com/request_count"),
        );
        check(
            Sli::DistributionCut {
                filter: "metric.type=\"run.googleapis.com/request_latencies\"".into(),
                min_ms: None,
                max_ms: Some(100.0),
            },
            Ok("1 - ((sum(rate(runlane_request_latencies_seconds_bucket{service=\"jokes\",le=\"0.1\"}[5m]))) / (sum(rate(runlane_request_latencies_seconds_count{service=\"jokes\"}[5m]))))"),
        );
        // "Good = 2xx within 300 ms" over the 2xx histogram only.
        check(
            Sli::DistributionCut {
                filter: "metric.type=\"run.googleapis.com/request_latencies\" AND metric.labels.response_code_class=\"2xx\"".into(),
                min_ms: None,
                max_ms: Some(250.0),
            },
            Ok("1 - ((sum(rate(runlane_request_latencies_seconds_bucket{service=\"jokes\",response_code_class=\"2xx\",le=\"0.25\"}[5m]))) / (sum(rate(runlane_request_latencies_seconds_count{service=\"jokes\",response_code_class=\"2xx\"}[5m]))))"),
        );
        check(
            Sli::DistributionCut {
                filter: "metric.type=\"run.googleapis.com/request_latencies\"".into(),
                min_ms: Some(10.0),
                max_ms: Some(100.0),
            },
            Err("remove range.min"),
        );
        check(
            Sli::Prometheus {
                url: "http://127.0.0.1:9090".into(),
                good: None,
                bad: Some("sum(increase(e_total[{{.window}}]))".into()),
                total: Some("sum(increase(r_total[{{.window}}]))".into()),
            },
            Ok("(sum(increase(e_total[5m]))) / (sum(increase(r_total[5m])))"),
        );
        check(
            Sli::Windows {
                window_secs: 60,
                rule: runlane_alerting::model::WindowSli::MeanInRange {
                    filter: "x".into(),
                    min: 0.0,
                    max: 1.0,
                },
            },
            Err("windows-based SLIs have no Sloth-style Prometheus form"),
        );
    }
}
