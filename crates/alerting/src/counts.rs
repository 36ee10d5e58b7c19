//! From an SLO's indicator to numbers: the SLI's filters are compiled once into
//! telemetry queries (scoped to the SLO's project and, for runlane's own services, to
//! the service), then counted exactly over any window, with the per-revision breakdown.
//!
//! Request-based SLIs count requests; windows-based SLIs count windows of
//! `windowPeriod`, aligned to multiples of it since the epoch, whole windows only.

use crate::model::{Sli, Slo, WindowSli};
use runlane_slo::budget::Counts;
use runlane_slo::sli::{self, RatioShape, WindowRule, WindowValue};
use runlane_telemetry::histogram::Histogram;
use runlane_telemetry::query::{
    Agg, Aligner, Catalog, Metrics, PointValue, Reducer, SeriesFilter, SeriesQuery,
};
use runlane_telemetry::tsdb::TsdbError;
use runlane_telemetry::{Range, UnixSeconds};
use std::collections::BTreeMap;

const REQUEST_COUNT: &str = "run.googleapis.com/request_count";
const REQUEST_LATENCIES: &str = "run.googleapis.com/request_latencies";
const CHECK_PASSED: &str = "monitoring.googleapis.com/uptime_check/check_passed";

/// An SLI ready to count.
#[derive(Debug, Clone)]
pub enum Compiled {
    Request(RequestSli),
    Windows {
        window: i64,
        rule: WindowRule,
        source: WindowSource,
    },
    /// Counted by a Prometheus server, not the embedded store: `Alerting` queries it
    /// (`crate::prometheus`); [`Compiled::measure`] sees no data for it.
    Prometheus(crate::prometheus::PromSource),
}

#[derive(Debug, Clone)]
pub enum RequestSli {
    Ratio {
        shape: RatioShape,
        good: Option<SeriesFilter>,
        bad: Option<SeriesFilter>,
        total: Option<SeriesFilter>,
    },
    /// Good when the latency (µs) lies in [min, max].
    Cut {
        filter: SeriesFilter,
        min_us: Option<u64>,
        max_us: Option<u64>,
    },
}

#[derive(Debug, Clone)]
pub enum WindowSource {
    Performance(RequestSli),
    Mean(SeriesFilter),
    Sum(SeriesFilter),
    /// Runs of a boolean metric: per window, how many were true of how many.
    Runs(SeriesFilter),
}

/// Counts of an SLI over a window, in total and per revision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measured {
    pub counts: Counts,
    pub by_revision: BTreeMap<String, Counts>,
    /// For a windows-based SLI whose windows judge requests: the requests inside the
    /// windows counted (`counts` are windows then). The minimum-data rule counts these.
    pub requests: Option<u64>,
}

/// A field of the SLO and what is wrong with it.
pub type FieldError = (String, String);

/// Compiles `slo`'s indicator. `scope_service` is the runlane service whose requests
/// an auto-detected monitoring service covers (None for custom services).
pub fn compile(slo: &Slo, scope_service: Option<&str>) -> Result<Compiled, FieldError> {
    let scope = Scope {
        project: &slo.project,
        service: scope_service,
    };
    compile_sli(&slo.sli, &scope, "serviceLevelIndicator")
}

struct Scope<'a> {
    project: &'a str,
    service: Option<&'a str>,
}

impl Scope<'_> {
    fn filter(&self, field: &str, text: &str, want: &[&str]) -> Result<SeriesFilter, FieldError> {
        self.scoped(field, text, want, self.service)
    }

    /// `filter` scoped to the project only: an uptime check belongs to its project, not
    /// to a service (its series have no `service_name`), whatever service the SLO is on.
    fn project_filter(
        &self,
        field: &str,
        text: &str,
        want: &[&str],
    ) -> Result<SeriesFilter, FieldError> {
        self.scoped(field, text, want, None)
    }

    fn scoped(
        &self,
        field: &str,
        text: &str,
        want: &[&str],
        service: Option<&str>,
    ) -> Result<SeriesFilter, FieldError> {
        let bad = |msg: String| (field.to_owned(), msg);
        let own = SeriesFilter::parse(text).map_err(|e| bad(e.to_string()))?;
        if !want.is_empty() && !want.contains(&own.metric().name()) {
            return Err(bad(format!(
                "this filter counts {}; use {}",
                own.metric().name(),
                want.join(" or ")
            )));
        }
        let mut scoped = format!(
            "({text}) AND resource.labels.project_id=\"{}\"",
            self.project
        );
        if let Some(s) = service {
            scoped.push_str(&format!(" AND resource.labels.service_name=\"{s}\""));
        }
        SeriesFilter::parse(&scoped).map_err(|e| bad(e.to_string()))
    }
}

fn compile_sli(s: &Sli, scope: &Scope<'_>, field: &str) -> Result<Compiled, FieldError> {
    Ok(match s {
        Sli::Windows { window_secs, rule } => {
            let field = format!("{field}.windowsBased");
            if *window_secs == 0 {
                return Err((
                    format!("{field}.windowPeriod"),
                    "give a window period of at least 1s, e.g. \"60s\"".into(),
                ));
            }
            let (rule, source) = match rule {
                WindowSli::RatioThreshold {
                    performance,
                    threshold,
                } => {
                    let f = format!("{field}.goodTotalRatioThreshold");
                    if !(0.0..=1.0).contains(threshold) {
                        return Err((
                            format!("{f}.threshold"),
                            format!("{threshold} is not a fraction; use a value between 0 and 1"),
                        ));
                    }
                    let Compiled::Request(r) = compile_sli(performance, scope, &f)? else {
                        return Err((
                            f,
                            "the performance of a window must be request-based".into(),
                        ));
                    };
                    (
                        WindowRule::RatioAtLeast(*threshold),
                        WindowSource::Performance(r),
                    )
                }
                WindowSli::MeanInRange { filter, min, max } => {
                    let f = format!("{field}.metricMeanInRange");
                    (
                        WindowRule::InRange {
                            min: *min,
                            max: *max,
                        },
                        WindowSource::Mean(scope.filter(
                            &format!("{f}.timeSeries"),
                            filter,
                            &[],
                        )?),
                    )
                }
                WindowSli::SumInRange { filter, min, max } => {
                    let f = format!("{field}.metricSumInRange");
                    (
                        WindowRule::InRange {
                            min: *min,
                            max: *max,
                        },
                        WindowSource::Sum(scope.filter(&format!("{f}.timeSeries"), filter, &[])?),
                    )
                }
                WindowSli::GoodBadMetric { filter } => (
                    WindowRule::AnyTrue,
                    WindowSource::Runs(scope.project_filter(
                        &format!("{field}.goodBadMetricFilter"),
                        filter,
                        &[CHECK_PASSED],
                    )?),
                ),
            };
            Compiled::Windows {
                window: *window_secs as i64,
                rule,
                source,
            }
        }
        Sli::Ratio { good, bad, total } => {
            let f = format!("{field}.requestBased.goodTotalRatio");
            let shape = RatioShape::of(good.is_some(), bad.is_some(), total.is_some())
                .map_err(|e| (f.clone(), e))?;
            let one = |name: &str, text: &Option<String>| {
                text.as_deref()
                    .map(|t| scope.filter(&format!("{f}.{name}"), t, &[REQUEST_COUNT]))
                    .transpose()
            };
            Compiled::Request(RequestSli::Ratio {
                shape,
                good: one("goodServiceFilter", good)?,
                bad: one("badServiceFilter", bad)?,
                total: one("totalServiceFilter", total)?,
            })
        }
        Sli::DistributionCut {
            filter,
            min_ms,
            max_ms,
        } => {
            let f = format!("{field}.requestBased.distributionCut");
            if min_ms.is_none() && max_ms.is_none() {
                return Err((
                    format!("{f}.range"),
                    "give range.max (and optionally range.min) in milliseconds".into(),
                ));
            }
            Compiled::Request(RequestSli::Cut {
                filter: scope.filter(
                    &format!("{f}.distributionFilter"),
                    filter,
                    &[REQUEST_LATENCIES],
                )?,
                min_us: min_ms.map(ms_to_us),
                max_us: max_ms.map(ms_to_us),
            })
        }
        Sli::BasicAvailability => {
            let f = format!("{field}.basicSli");
            let total = format!("metric.type=\"{REQUEST_COUNT}\"");
            let bad = format!("{total} AND metric.labels.response_code_class=\"5xx\"");
            Compiled::Request(RequestSli::Ratio {
                shape: RatioShape::BadTotal,
                good: None,
                bad: Some(scope.filter(&f, &bad, &[])?),
                total: Some(scope.filter(&f, &total, &[])?),
            })
        }
        Sli::Prometheus {
            url,
            good,
            bad,
            total,
        } => Compiled::Prometheus(crate::prometheus::PromSource::new(
            url,
            good.as_deref(),
            bad.as_deref(),
            total.as_deref(),
            &format!("{field}.prometheus"),
        )?),
        Sli::BasicLatency { threshold_ms } => {
            let f = format!("{field}.basicSli.latency.threshold");
            if !(threshold_ms.is_finite() && *threshold_ms > 0.0) {
                return Err((f, "give a positive latency threshold, e.g. \"0.3s\"".into()));
            }
            Compiled::Request(RequestSli::Cut {
                filter: scope.filter(&f, &format!("metric.type=\"{REQUEST_LATENCIES}\""), &[])?,
                min_us: None,
                max_us: Some(ms_to_us(*threshold_ms)),
            })
        }
    })
}

fn ms_to_us(ms: f64) -> u64 {
    (ms.max(0.0) * 1000.0).round() as u64
}

impl Compiled {
    /// The SLI's counts over `range` (`now` is the store's present, for its tiers).
    pub fn measure<C: Catalog>(
        &self,
        m: &Metrics<'_, C>,
        range: Range,
        now: UnixSeconds,
    ) -> Result<Measured, TsdbError> {
        match self {
            Compiled::Prometheus(_) => Ok(Measured::default()),
            Compiled::Request(r) => r.measure(m, range, now),
            Compiled::Windows {
                window,
                rule,
                source,
            } => {
                let aligned = align(range, *window);
                let windows = if aligned.seconds() == 0 {
                    Vec::new()
                } else {
                    source.windows(m, aligned, *window, now)?
                };
                let counts = sli::window_counts(*rule, windows);
                // Which revisions the bad requests came from, and how many requests the
                // windows hold, where requests are the source.
                let (by_revision, requests) = match source {
                    WindowSource::Performance(r) if aligned.seconds() > 0 => {
                        let inside = r.measure(m, aligned, now)?;
                        (inside.by_revision, Some(inside.counts.total))
                    }
                    WindowSource::Performance(_) => (BTreeMap::new(), Some(0)),
                    _ => (BTreeMap::new(), None),
                };
                Ok(Measured {
                    counts,
                    by_revision,
                    requests,
                })
            }
        }
    }
}

/// The whole (clock-aligned) windows of `window` seconds that end inside `range`: a
/// window counts once it has ended, and a range counts every window ending in it. So a
/// 5-minute lookback over 5-minute windows always holds the last whole window (the one
/// in progress never counts), and an alert on it can fire one second after the first bad
/// window ends, as Cloud Monitoring's windows-based SLOs do.
fn align(range: Range, window: i64) -> Range {
    let start = range.start.div_euclid(window) * window;
    let end = range.end.div_euclid(window) * window;
    Range::new(start, end.max(start))
}

impl RequestSli {
    fn measure<C: Catalog>(
        &self,
        m: &Metrics<'_, C>,
        range: Range,
        now: UnixSeconds,
    ) -> Result<Measured, TsdbError> {
        let mut by_revision: BTreeMap<String, Counts> = BTreeMap::new();
        match self {
            RequestSli::Ratio {
                shape,
                good,
                bad,
                total,
            } => {
                let mut sums: BTreeMap<String, [u64; 3]> = BTreeMap::new();
                for (i, f) in [good, bad, total].into_iter().enumerate() {
                    let Some(f) = f else { continue };
                    for ((_, revision), n) in m.count_by_revision(f, range, now)? {
                        sums.entry(revision).or_default()[i] += n;
                    }
                }
                for (revision, [g, b, t]) in sums {
                    by_revision.insert(revision, shape.counts(g, b, t));
                }
            }
            RequestSli::Cut {
                filter,
                min_us,
                max_us,
            } => {
                for t in m.sum(filter, range, now)? {
                    if let Agg::Distribution { histogram, .. } = &t.value {
                        let c = cut(histogram, *min_us, *max_us);
                        let e = by_revision.entry(t.resource.revision.clone()).or_default();
                        *e = sli::add(*e, c);
                    }
                }
            }
        }
        let counts = by_revision
            .values()
            .fold(Counts::default(), |a, b| sli::add(a, *b));
        Ok(Measured {
            counts,
            by_revision,
            requests: None,
        })
    }

    /// Per window (aligned bins): good and total.
    fn windows<C: Catalog>(
        &self,
        m: &Metrics<'_, C>,
        range: Range,
        window: i64,
        now: UnixSeconds,
    ) -> Result<Vec<WindowValue>, TsdbError> {
        let mut bins: BTreeMap<i64, [u64; 3]> = BTreeMap::new();
        match self {
            RequestSli::Ratio {
                shape,
                good,
                bad,
                total,
            } => {
                for (i, f) in [good, bad, total].into_iter().enumerate() {
                    let Some(f) = f else { continue };
                    for (start, v) in binned(m, f, range, window, Aligner::Delta, now)? {
                        if let PointValue::Int(n) = v {
                            bins.entry(start).or_default()[i] += n.max(0) as u64;
                        }
                    }
                }
                Ok(bins
                    .into_values()
                    .map(|[g, b, t]| {
                        let c = shape.counts(g, b, t);
                        WindowValue::Ratio {
                            good: c.good,
                            total: c.total,
                        }
                    })
                    .collect())
            }
            RequestSli::Cut {
                filter,
                min_us,
                max_us,
            } => Ok(binned(m, filter, range, window, Aligner::Delta, now)?
                .into_iter()
                .filter_map(|(_, v)| match v {
                    PointValue::Distribution { buckets, .. } => {
                        let mut h = Histogram::default();
                        h.add_sparse(&buckets);
                        let c = cut(&h, *min_us, *max_us);
                        Some(WindowValue::Ratio {
                            good: c.good,
                            total: c.total,
                        })
                    }
                    _ => None,
                })
                .collect()),
        }
    }
}

impl WindowSource {
    fn windows<C: Catalog>(
        &self,
        m: &Metrics<'_, C>,
        range: Range,
        window: i64,
        now: UnixSeconds,
    ) -> Result<Vec<WindowValue>, TsdbError> {
        let value = |v: PointValue| match v {
            PointValue::Int(n) => n as f64,
            PointValue::Double(d) => d,
            PointValue::Distribution { count, .. } => count as f64,
        };
        match self {
            WindowSource::Performance(r) => r.windows(m, range, window, now),
            WindowSource::Mean(f) => Ok(binned(m, f, range, window, Aligner::Mean, now)?
                .into_iter()
                .map(|(_, v)| WindowValue::Value(value(v)))
                .collect()),
            WindowSource::Sum(f) => Ok(binned(m, f, range, window, Aligner::Sum, now)?
                .into_iter()
                .map(|(_, v)| WindowValue::Value(value(v)))
                .collect()),
            WindowSource::Runs(f) => {
                let mut bins: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
                for (aligner, passed) in [(Aligner::CountTrue, true), (Aligner::Count, false)] {
                    for (start, v) in binned(m, f, range, window, aligner, now)? {
                        let n = value(v).max(0.0) as u64;
                        let bin = bins.entry(start).or_default();
                        if passed {
                            bin.0 += n;
                        } else {
                            bin.1 += n;
                        }
                    }
                }
                Ok(bins
                    .into_values()
                    .map(|(good, total)| WindowValue::Ratio { good, total })
                    .collect())
            }
        }
    }
}

/// One value per window with data, every revision together.
fn binned<C: Catalog>(
    m: &Metrics<'_, C>,
    filter: &SeriesFilter,
    range: Range,
    window: i64,
    aligner: Aligner,
    now: UnixSeconds,
) -> Result<Vec<(i64, PointValue)>, TsdbError> {
    let q = SeriesQuery {
        filter: filter.clone(),
        range,
        step: Some(window),
        aligner,
        reducer: Reducer::Sum,
        group_by: Vec::new(),
    };
    Ok(m.series(&q, now)?
        .into_iter()
        .flat_map(|ts| ts.points.into_iter().map(|p| (p.start, p.value)))
        .collect())
}

/// Requests whose latency lies in [min, max] are good.
fn cut(h: &Histogram, min_us: Option<u64>, max_us: Option<u64>) -> Counts {
    let total = h.count();
    let upto = max_us.map_or(total, |m| h.count_at_most(m));
    let below = min_us
        .filter(|m| *m > 0)
        .map_or(0, |m| h.count_at_most(m - 1));
    let good = upto.saturating_sub(below);
    Counts {
        good,
        bad: total - good,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_align_to_multiples_of_the_window() {
        // Every whole window that ends inside the range counts.
        assert_eq!(align(Range::new(61, 300), 60), Range::new(60, 300));
        assert_eq!(align(Range::new(60, 119), 60), Range::new(60, 60));
        // A lookback of one window always holds the last whole one, wherever `end` is
        // (it held none unless `end` fell on a boundary, so the tutorial's alert on a
        // 5-minute lookback over 5-minute windows never fired).
        for end in [600, 601, 750, 899] {
            assert_eq!(align(Range::new(end - 300, end), 300), Range::new(300, 600), "end {end}");
        }
        assert_eq!(align(Range::new(600, 900), 300), Range::new(600, 900));
    }
}
