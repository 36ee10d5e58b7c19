//! Queries over the time-series store, in Cloud Monitoring's terms: a filter
//! names a metric type and selects revisions and point labels; an aligner
//! turns each step into one value; a reducer combines series by label.
//!
//! What SLOs, alerts and the console use:
//! - [`Metrics::sum`]: exact totals over any range (stitched tiers), per
//!   revision and metric label: good/bad/total counts of an SLI over a burn-rate
//!   window (5 min … 3 days) or a 30-day period, and the per-revision breakdown.
//! - [`Metrics::series`]: step-aligned series for charts (15 min … 30 days).
//!
//! Distributions are stored in thousandths of the unit they are shown in
//! (latencies in µs, shown in ms; CPU and memory utilisations in per-mille of
//! the limit, shown as ratios 0..1), so a point divides by 1000 either way.

use std::collections::BTreeMap;

use crate::filter::{self, Expr, FilterError, Op, Value};
use crate::histogram::Histogram;
use crate::interval::{Gauge, Interval, INSTANCE_STATES, PER_MILLE_MAX};
use crate::tsdb::{MetricsDb, Range, SeriesInfo, TsdbError, UnixSeconds};

/// The metric types runlane records (Cloud Run's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricType {
    /// DELTA INT64, labels `response_code`, `response_code_class`.
    RequestCount,
    /// DELTA DISTRIBUTION, ms, label `response_code_class` (a histogram per
    /// revision and class; runlane keeps no histogram per code).
    RequestLatencies,
    /// GAUGE INT64, label `state`.
    InstanceCount,
    /// DELTA DISTRIBUTION, ms.
    StartupLatencies,
    /// GAUGE INT64: requests in flight, sampled once a second.
    MaxRequestConcurrencies,
    /// DELTA DISTRIBUTION, ratio 0..1 of the CPU limit: one value per instance per sample.
    CpuUtilizations,
    /// DELTA DISTRIBUTION, ratio 0..1 of the memory limit: one value per instance per sample.
    MemoryUtilizations,
    /// DELTA INT64: instances killed for running out of memory (runlane's own metric).
    OomKillCount,
    /// GAUGE BOOL per run of an uptime check (resource `uptime_url`, label `check_id`):
    /// a step's value is the fraction of runs that passed.
    UptimeCheckPassed,
    /// GAUGE DOUBLE, ms, per run of an uptime check: a step's value is the mean of its runs.
    UptimeRequestLatency,
}

pub const METRIC_TYPES: [MetricType; 10] = [
    MetricType::RequestCount,
    MetricType::RequestLatencies,
    MetricType::InstanceCount,
    MetricType::StartupLatencies,
    MetricType::MaxRequestConcurrencies,
    MetricType::CpuUtilizations,
    MetricType::MemoryUtilizations,
    MetricType::OomKillCount,
    MetricType::UptimeCheckPassed,
    MetricType::UptimeRequestLatency,
];

impl MetricType {
    pub fn name(self) -> &'static str {
        match self {
            MetricType::RequestCount => "run.googleapis.com/request_count",
            MetricType::RequestLatencies => "run.googleapis.com/request_latencies",
            MetricType::InstanceCount => "run.googleapis.com/container/instance_count",
            MetricType::StartupLatencies => "run.googleapis.com/container/startup_latencies",
            MetricType::MaxRequestConcurrencies => {
                "run.googleapis.com/container/max_request_concurrencies"
            }
            MetricType::CpuUtilizations => "run.googleapis.com/container/cpu/utilizations",
            MetricType::MemoryUtilizations => "run.googleapis.com/container/memory/utilizations",
            MetricType::OomKillCount => "runlane.dev/container/oom_kill_count",
            MetricType::UptimeCheckPassed => "monitoring.googleapis.com/uptime_check/check_passed",
            MetricType::UptimeRequestLatency => "monitoring.googleapis.com/uptime_check/request_latency",
        }
    }

    pub fn parse(name: &str) -> Option<MetricType> {
        METRIC_TYPES.into_iter().find(|m| m.name() == name)
    }

    /// The metric labels its points carry.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            MetricType::RequestCount => &["response_code", "response_code_class"],
            MetricType::RequestLatencies => &["response_code_class"],
            MetricType::InstanceCount => &["state"],
            MetricType::UptimeCheckPassed | MetricType::UptimeRequestLatency => &["check_id"],
            _ => &[],
        }
    }

    /// What a descriptor says of the metric: a title and a sentence.
    pub fn display_name(self) -> &'static str {
        match self {
            MetricType::RequestCount => "Request Count",
            MetricType::RequestLatencies => "Request Latencies",
            MetricType::InstanceCount => "Instance Count",
            MetricType::StartupLatencies => "Container Startup Latency",
            MetricType::MaxRequestConcurrencies => "Max Concurrent Requests",
            MetricType::CpuUtilizations => "Container CPU Utilization",
            MetricType::MemoryUtilizations => "Container Memory Utilization",
            MetricType::OomKillCount => "Container OOM Kills",
            MetricType::UptimeCheckPassed => "Check passed",
            MetricType::UptimeRequestLatency => "Request latency",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            MetricType::RequestCount => "Number of requests reaching the revision, by response code (requests runlane itself failed, such as a timeout or no instance, included).",
            MetricType::RequestLatencies => "Distribution of request latency in milliseconds, from the request's head to the end of its response, by response code class.",
            MetricType::InstanceCount => "Number of instances of the revision, by state, sampled once a second.",
            MetricType::StartupLatencies => "Distribution of the time from an instance's start until it is ready, in milliseconds.",
            MetricType::MaxRequestConcurrencies => "Requests in flight on the revision, sampled once a second.",
            MetricType::CpuUtilizations => "Distribution of CPU utilisation of the revision's instances as a ratio of the CPU limit, one value per instance per second.",
            MetricType::MemoryUtilizations => "Distribution of memory utilisation of the revision's instances as a ratio of the memory limit, one value per instance per second.",
            MetricType::OomKillCount => "Number of the revision's instances killed for exceeding their memory limit (runlane's own metric).",
            MetricType::UptimeCheckPassed => "Whether each run of the uptime check passed (status accepted and content matched); aligned, the fraction of runs that passed.",
            MetricType::UptimeRequestLatency => "Time from the uptime check's request until its whole response, in milliseconds; aligned, the mean of the runs.",
        }
    }

    /// What a metric label means, for descriptors.
    pub fn label_description(label: &str) -> &'static str {
        match label {
            "response_code" => "HTTP response code of the request, e.g. \"200\".",
            "response_code_class" => "HTTP response code class of the request: \"2xx\", \"4xx\", \"5xx\" and so on.",
            "state" => "Instance state: starting, ready, stopping, crashloop or failed.",
            "check_id" => "The id of the uptime check (the last part of its name).",
            _ => "",
        }
    }

    pub fn is_gauge(self) -> bool {
        matches!(
            self,
            MetricType::InstanceCount
                | MetricType::MaxRequestConcurrencies
                | MetricType::UptimeCheckPassed
                | MetricType::UptimeRequestLatency
        )
    }

    /// Whether its points belong to uptime checks (resource `uptime_url`), not revisions.
    pub fn is_uptime(self) -> bool {
        matches!(self, MetricType::UptimeCheckPassed | MetricType::UptimeRequestLatency)
    }

    /// Its monitored resource type.
    pub fn resource_type(self) -> &'static str {
        if self.is_uptime() {
            "uptime_url"
        } else {
            "cloud_run_revision"
        }
    }

    pub fn is_distribution(self) -> bool {
        matches!(
            self,
            MetricType::RequestLatencies
                | MetricType::StartupLatencies
                | MetricType::CpuUtilizations
                | MetricType::MemoryUtilizations
        )
    }
}

/// `2xx` for 200..299 and so on.
pub fn code_class(code: u16) -> String {
    format!("{}xx", code / 100)
}

/// What a series belongs to, for filters and grouping.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resource {
    pub project: String,
    pub location: String,
    pub service: String,
    pub revision: String,
    /// The checked host, for an uptime check's series (whose `revision` is the check id
    /// and `service` its reserved series name); None for a revision.
    pub uptime_host: Option<String>,
}

impl Resource {
    fn label(&self, name: &str) -> Option<&str> {
        if let Some(host) = &self.uptime_host {
            return Some(match name {
                "host" => host,
                "project_id" => &self.project,
                _ => return None,
            });
        }
        Some(match name {
            "service_name" | "configuration_name" => &self.service,
            "revision_name" => &self.revision,
            "location" => &self.location,
            "project_id" => &self.project,
            _ => return None,
        })
    }

    /// The resource's labels, for rendering: Cloud Run's, or `uptime_url`'s.
    pub fn labels(&self) -> Vec<(&'static str, &str)> {
        if let Some(host) = &self.uptime_host {
            return vec![("host", host), ("project_id", &self.project)];
        }
        vec![
            ("project_id", &self.project),
            ("service_name", &self.service),
            ("revision_name", &self.revision),
            ("configuration_name", &self.service),
            ("location", &self.location),
        ]
    }
}

/// A Cloud Monitoring time-series filter over runlane's metrics.
#[derive(Clone, Debug)]
pub struct SeriesFilter {
    metric: MetricType,
    expr: Expr,
}

impl SeriesFilter {
    /// Parses a filter; it must name exactly one `metric.type` that runlane records.
    pub fn parse(text: &str) -> Result<SeriesFilter, FilterError> {
        let expr = filter::parse(text)?;
        let mut metric = None;
        for term in filter::conjuncts(&expr) {
            if let Expr::Cmp {
                path,
                op: Op::Eq,
                value: Value::Str(v),
            } = term
            {
                if path == "metric.type" {
                    let m = MetricType::parse(v).ok_or_else(|| {
                        FilterError::new(format!(
                            "runlane records no metric {v:?}; use one of: {}",
                            METRIC_TYPES.map(MetricType::name).join(", ")
                        ))
                    })?;
                    if metric.replace(m).is_some_and(|old| old != m) {
                        return Err(FilterError::new(
                            "the filter names two metric types; name one metric.type",
                        ));
                    }
                }
            }
        }
        let metric = metric.ok_or_else(|| {
            FilterError::new("the filter must name a metric type, e.g. metric.type=\"run.googleapis.com/request_count\"")
        })?;
        check(&expr, metric)?;
        Ok(SeriesFilter { metric, expr })
    }

    pub fn metric(&self) -> MetricType {
        self.metric
    }

    /// Whether points of `resource` with metric labels `labels` are selected.
    pub fn matches(&self, resource: &Resource, labels: &[(&str, &str)]) -> bool {
        eval(&self.expr, self.metric, resource, labels)
    }

    /// Whether some point of `resource` may be selected (used to skip series).
    /// The one service the filter selects (`resource.labels.service_name = "S"` at its
    /// top level), if it does: queries then read that service's series only.
    pub fn pinned_service(&self) -> Option<&str> {
        filter::conjuncts(&self.expr)
            .iter()
            .find_map(|term| match term {
                Expr::Cmp {
                    path,
                    op: Op::Eq,
                    value: Value::Str(v),
                } if path == "resource.labels.service_name" => Some(v.as_str()),
                _ => None,
            })
    }

    fn may_match(&self, resource: &Resource) -> bool {
        filter::conjuncts(&self.expr).iter().all(|term| match term {
            Expr::Cmp { path, op, value } if path.starts_with("resource.labels.") => {
                let got = resource
                    .label(&path["resource.labels.".len()..])
                    .unwrap_or("");
                cmp_str(got, *op, value)
            }
            _ => true,
        })
    }
}

fn check(expr: &Expr, metric: MetricType) -> Result<(), FilterError> {
    match expr {
        Expr::And(v) | Expr::Or(v) => v.iter().try_for_each(|e| check(e, metric)),
        Expr::Not(e) => check(e, metric),
        Expr::Text(t) => Err(FilterError::new(format!(
            "a bare term ({t:?}) means nothing in a monitoring filter; compare a field, e.g. resource.labels.service_name=\"{t}\""
        ))),
        Expr::Cmp { path, .. } => {
            let ok = match path.as_str() {
                "metric.type" | "resource.type" | "project" => true,
                p if p.starts_with("resource.labels.") && metric.is_uptime() => matches!(
                    &p["resource.labels.".len()..],
                    "host" | "project_id"
                ),
                p if p.starts_with("resource.labels.") => matches!(
                    &p["resource.labels.".len()..],
                    "service_name" | "revision_name" | "configuration_name" | "location" | "project_id"
                ),
                p if p.starts_with("metric.labels.") => {
                    let label = &p["metric.labels.".len()..];
                    if metric == MetricType::RequestLatencies && label == "response_code" {
                        return Err(FilterError::new(
                            "run.googleapis.com/request_latencies is kept by status class in runlane, not by code; filter on metric.labels.response_code_class instead, e.g. metric.labels.response_code_class=\"5xx\"",
                        ));
                    }
                    if !metric.labels().contains(&label) {
                        return Err(FilterError::new(format!(
                            "{} has no label {label:?} in runlane{}; drop the metric.labels.{label} term",
                            metric.name(),
                            if metric.labels().is_empty() {
                                String::new()
                            } else {
                                format!(" (it has {})", metric.labels().join(", "))
                            }
                        )));
                    }
                    true
                }
                _ => false,
            };
            if ok {
                Ok(())
            } else {
                Err(FilterError::new(format!(
                    "monitoring filters in runlane can compare metric.type, resource.type, resource.labels.{{service_name,revision_name,configuration_name,location,project_id}} and metric.labels.*, not {path:?}"
                )))
            }
        }
    }
}

fn cmp_str(got: &str, op: Op, value: &Value) -> bool {
    match (op, value) {
        (Op::Eq, v) => v.equals(got),
        (Op::Ne, v) => !v.equals(got),
        (Op::Has, Value::Str(s)) => got.contains(s.as_str()),
        (Op::Lt, Value::Str(s)) => got < s.as_str(),
        (Op::Le, Value::Str(s)) => got <= s.as_str(),
        (Op::Gt, Value::Str(s)) => got > s.as_str(),
        (Op::Ge, Value::Str(s)) => got >= s.as_str(),
        _ => false,
    }
}

fn eval(expr: &Expr, metric: MetricType, r: &Resource, labels: &[(&str, &str)]) -> bool {
    match expr {
        Expr::And(v) => v.iter().all(|e| eval(e, metric, r, labels)),
        Expr::Or(v) => v.iter().any(|e| eval(e, metric, r, labels)),
        Expr::Not(e) => !eval(e, metric, r, labels),
        Expr::Text(_) => false,
        Expr::Cmp { path, op, value } => {
            let got = match path.as_str() {
                "metric.type" => metric.name(),
                "resource.type" => metric.resource_type(),
                "project" => &r.project,
                p if p.starts_with("resource.labels.") => {
                    r.label(&p["resource.labels.".len()..]).unwrap_or("")
                }
                p => {
                    let name = p.strip_prefix("metric.labels.").unwrap_or(p);
                    labels
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map_or("", |(_, v)| *v)
                }
            };
            cmp_str(got, *op, value)
        }
    }
}

/// How each step of a series becomes one value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Aligner {
    /// Stored resolution; no step merging.
    None,
    /// The change over the step (counts, distributions).
    Delta,
    /// The change per second.
    Rate,
    Sum,
    /// Mean over the step (gauges: of the per-second samples; distributions: of the values).
    Mean,
    Max,
    /// A quantile (0..1) of a distribution, in its unit (ms).
    Percentile(f64),
    /// Number of values counted.
    Count,
    /// Of a BOOL gauge (uptime checks): the fraction of true values, and how many were
    /// true or false.
    FractionTrue,
    CountTrue,
    CountFalse,
}

impl Aligner {
    /// Cloud Monitoring's `perSeriesAligner` name, e.g. `ALIGN_RATE`.
    pub fn parse(name: &str) -> Option<Aligner> {
        Some(match name {
            "ALIGN_NONE" => Aligner::None,
            "ALIGN_DELTA" => Aligner::Delta,
            "ALIGN_RATE" => Aligner::Rate,
            "ALIGN_SUM" => Aligner::Sum,
            "ALIGN_MEAN" => Aligner::Mean,
            "ALIGN_MAX" => Aligner::Max,
            "ALIGN_COUNT" => Aligner::Count,
            "ALIGN_PERCENTILE_99" => Aligner::Percentile(0.99),
            "ALIGN_PERCENTILE_95" => Aligner::Percentile(0.95),
            "ALIGN_PERCENTILE_50" => Aligner::Percentile(0.50),
            "ALIGN_PERCENTILE_05" => Aligner::Percentile(0.05),
            "ALIGN_FRACTION_TRUE" => Aligner::FractionTrue,
            "ALIGN_COUNT_TRUE" => Aligner::CountTrue,
            "ALIGN_COUNT_FALSE" => Aligner::CountFalse,
            // Google's usual aligner for uptime checks; runlane gives the runs' mean
            // (the fraction passed, the mean latency) rather than the last one.
            "ALIGN_NEXT_OLDER" => Aligner::Mean,
            _ => return None,
        })
    }

    pub const ACCEPTED: &'static str = "ALIGN_NONE, ALIGN_DELTA, ALIGN_RATE, ALIGN_SUM, ALIGN_MEAN, ALIGN_MAX, ALIGN_COUNT, ALIGN_PERCENTILE_{99,95,50,05}, or for uptime checks ALIGN_FRACTION_TRUE, ALIGN_COUNT_TRUE, ALIGN_COUNT_FALSE, ALIGN_NEXT_OLDER";
}

impl Reducer {
    /// Cloud Monitoring's `crossSeriesReducer` name, e.g. `REDUCE_SUM`.
    pub fn parse(name: &str) -> Option<Reducer> {
        Some(match name {
            "REDUCE_NONE" => Reducer::None,
            "REDUCE_SUM" => Reducer::Sum,
            "REDUCE_MEAN" => Reducer::Mean,
            "REDUCE_MAX" => Reducer::Max,
            "REDUCE_COUNT" => Reducer::Count,
            "REDUCE_PERCENTILE_99" => Reducer::Percentile(0.99),
            "REDUCE_PERCENTILE_95" => Reducer::Percentile(0.95),
            "REDUCE_PERCENTILE_50" => Reducer::Percentile(0.50),
            "REDUCE_PERCENTILE_05" => Reducer::Percentile(0.05),
            _ => return None,
        })
    }

    pub const ACCEPTED: &'static str = "REDUCE_NONE, REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX, REDUCE_COUNT or REDUCE_PERCENTILE_{99,95,50,05}";
}

/// How series with equal group labels combine.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reducer {
    None,
    Sum,
    Mean,
    Max,
    Count,
    Percentile(f64),
}

/// A time-series query.
#[derive(Clone, Debug)]
pub struct SeriesQuery {
    pub filter: SeriesFilter,
    pub range: Range,
    /// Step in seconds (Cloud Monitoring's alignmentPeriod); None = the
    /// resolution of the stored tier that reaches back far enough.
    pub step: Option<i64>,
    pub aligner: Aligner,
    pub reducer: Reducer,
    /// Fields to keep when reducing, e.g. `resource.labels.revision_name`,
    /// `metric.labels.response_code_class`.
    pub group_by: Vec<String>,
}

/// What a step of a series holds before it is turned into a value.
#[derive(Clone, Debug)]
pub enum Agg {
    Count(u64),
    /// Values in thousandths of the metric's unit (µs of ms, per-mille of a ratio).
    /// `cap`: no value exceeds it (a utilisation's 1000), so a percentile read from a
    /// bucket that straddles it is clamped to it.
    Distribution {
        histogram: Histogram,
        sum_us: u64,
        cap: Option<u64>,
    },
    Gauge {
        gauge: Gauge,
        seconds: i64,
    },
    /// Values of runs (uptime checks): `true_runs` of `runs` were true (check_passed), or
    /// the runs' values add up to `sum` with maximum `max` (latency, ms).
    Runs {
        runs: u64,
        true_runs: u64,
        sum: u64,
        max: u64,
    },
}

impl Agg {
    fn merge(&mut self, other: &Agg) {
        match (self, other) {
            (Agg::Count(a), Agg::Count(b)) => *a += b,
            (
                Agg::Distribution {
                    histogram, sum_us, ..
                },
                Agg::Distribution {
                    histogram: h,
                    sum_us: s,
                    ..
                },
            ) => {
                histogram.merge(h);
                *sum_us += s;
            }
            (Agg::Gauge { gauge, .. }, Agg::Gauge { gauge: g, .. }) => {
                gauge.sum += g.sum;
                gauge.max += g.max;
            }
            (
                Agg::Runs { runs, true_runs, sum, max },
                Agg::Runs { runs: r, true_runs: t, sum: s, max: m },
            ) => {
                *runs += r;
                *true_runs += t;
                *sum += s;
                *max = (*max).max(*m);
            }
            _ => {}
        }
    }
}

/// One value of a series.
#[derive(Clone, Debug, PartialEq)]
pub enum PointValue {
    Int(i64),
    Double(f64),
    /// Counts by histogram bucket; values in ms (latencies) or ratios (utilisations),
    /// the bucket indexes in thousandths of that unit.
    Distribution {
        count: u64,
        mean_ms: f64,
        buckets: Vec<(u16, u64)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub start: UnixSeconds,
    pub end: UnixSeconds,
    pub value: PointValue,
}

/// One resulting series.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeSeries {
    pub metric: MetricType,
    /// Resource labels kept (all without a reducer; the grouped ones with one).
    pub resource: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    /// Oldest first.
    pub points: Vec<Point>,
}

/// Where series names come from: the catalog of live services (project and
/// location of a service), with defaults for services no longer known.
pub trait Catalog {
    fn locate(&self, service: &str) -> (String, String);
}

/// The query side of the metrics store.
pub struct Metrics<'a, C: Catalog> {
    pub db: &'a MetricsDb,
    pub catalog: &'a C,
}

/// Up to this many steps, a series query sums each step exactly (stitched tiers).
const EXACT_STEPS: i64 = 32;

/// Exact totals of one (revision, metric labels) over a range.
#[derive(Clone, Debug)]
pub struct Total {
    pub resource: Resource,
    pub labels: BTreeMap<String, String>,
    pub value: Agg,
}

impl<C: Catalog> Metrics<'_, C> {
    fn resources(&self, filter: &SeriesFilter) -> Result<Vec<(SeriesInfo, Resource)>, TsdbError> {
        let series = match filter.pinned_service() {
            Some(service) => self.db.series_of(service)?,
            None => self.db.series()?,
        };
        Ok(series
            .into_iter()
            .map(|s| {
                let r = match crate::interval::parse_uptime_series(&s.service) {
                    Some((project, host)) => Resource {
                        project: project.to_owned(),
                        location: "global".to_owned(),
                        service: s.service.clone(),
                        revision: s.revision.clone(),
                        uptime_host: Some(host.to_owned()),
                    },
                    None => {
                        let (project, location) = self.catalog.locate(&s.service);
                        Resource {
                            project,
                            location,
                            service: s.service.clone(),
                            revision: s.revision.clone(),
                            uptime_host: None,
                        }
                    }
                };
                (s, r)
            })
            .filter(|(_, r)| r.uptime_host.is_some() == filter.metric().is_uptime() && filter.may_match(r))
            .collect())
    }

    /// Exact totals over `range`, per revision and metric labels (request
    /// counts per response code, a distribution per revision, …).
    pub fn sum(
        &self,
        filter: &SeriesFilter,
        range: Range,
        now: UnixSeconds,
    ) -> Result<Vec<Total>, TsdbError> {
        let resources = self.resources(filter)?;
        let infos: Vec<SeriesInfo> = resources.iter().map(|(s, _)| s.clone()).collect();
        let totals = self.db.totals(&infos, range, now)?;
        let mut out = Vec::new();
        for ((_, resource), (_, interval)) in resources.iter().zip(totals) {
            for (labels, agg) in split(filter, resource, &interval, range.seconds()) {
                out.push(Total {
                    resource: resource.clone(),
                    labels,
                    value: agg,
                });
            }
        }
        Ok(out)
    }

    /// Requests selected by `filter` (a request_count filter) over `range`,
    /// per (service, revision). What SLIs count.
    pub fn count_by_revision(
        &self,
        filter: &SeriesFilter,
        range: Range,
        now: UnixSeconds,
    ) -> Result<BTreeMap<(String, String), u64>, TsdbError> {
        let mut out = BTreeMap::new();
        for t in self.sum(filter, range, now)? {
            if let Agg::Count(n) = t.value {
                *out.entry((t.resource.service, t.resource.revision))
                    .or_insert(0) += n;
            }
        }
        Ok(out)
    }

    /// Step-aligned series as [`SeriesQuery`] asks.
    pub fn series(&self, q: &SeriesQuery, now: UnixSeconds) -> Result<Vec<TimeSeries>, TsdbError> {
        let resources = self.resources(&q.filter)?;
        let infos: Vec<SeriesInfo> = resources.iter().map(|(s, _)| s.clone()).collect();
        let want = q.step.unwrap_or(1);
        let bins = (q.range.seconds() + want - 1) / want.max(1);
        // Few steps (a table, a burn-rate window): each step summed exactly
        // across tiers. Many (a chart): one tier, binned.
        let (step, binned) = if q.step.is_some() && bins <= EXACT_STEPS {
            let mut per_series: Vec<(SeriesInfo, Vec<(UnixSeconds, Interval)>)> =
                infos.iter().map(|s| (s.clone(), Vec::new())).collect();
            let mut start = q.range.start;
            while start < q.range.end {
                let end = (start + want).min(q.range.end);
                for (i, (_, interval)) in self
                    .db
                    .totals(&infos, Range::new(start, end), now)?
                    .into_iter()
                    .enumerate()
                {
                    if !interval.is_empty() {
                        per_series[i].1.push((start, interval));
                    }
                }
                start = end;
            }
            (want, per_series)
        } else {
            self.db.binned(&infos, q.range, want, now)?
        };
        // (resource labels, metric labels) → bin start → agg
        type Key = (BTreeMap<String, String>, BTreeMap<String, String>);
        let mut groups: BTreeMap<Key, BTreeMap<UnixSeconds, Agg>> = BTreeMap::new();
        for ((_, resource), (_, bins)) in resources.iter().zip(binned) {
            for (bin, interval) in bins {
                let seconds = step.min(q.range.end - bin);
                for (labels, agg) in split(&q.filter, resource, &interval, seconds) {
                    let key = group_key(resource, labels, q.reducer, &q.group_by);
                    let bins = groups.entry(key).or_default();
                    match bins.get_mut(&bin) {
                        Some(a) => a.merge(&agg),
                        None => {
                            bins.insert(bin, agg);
                        }
                    }
                }
            }
        }
        let metric = q.filter.metric();
        Ok(groups
            .into_iter()
            .map(|((resource, labels), bins)| TimeSeries {
                metric,
                resource,
                labels,
                points: bins
                    .into_iter()
                    .map(|(start, agg)| {
                        let end = (start + step).min(q.range.end);
                        Point {
                            start,
                            end,
                            value: value_of(&agg, q.aligner, q.reducer, end - start),
                        }
                    })
                    .collect(),
            })
            .collect())
    }
}

fn group_key(
    resource: &Resource,
    labels: BTreeMap<String, String>,
    reducer: Reducer,
    group_by: &[String],
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let all_resource: BTreeMap<String, String> = resource
        .labels()
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    if reducer == Reducer::None {
        return (all_resource, labels);
    }
    let mut r = BTreeMap::new();
    let mut m = BTreeMap::new();
    for field in group_by {
        if let Some(k) = field.strip_prefix("resource.labels.") {
            if let Some(v) = all_resource.get(k) {
                r.insert(k.to_owned(), v.clone());
            }
        } else if let Some(k) = field.strip_prefix("metric.labels.") {
            if let Some(v) = labels.get(k) {
                m.insert(k.to_owned(), v.clone());
            }
        }
    }
    (r, m)
}

/// An interval's points for `filter`'s metric, by metric labels, keeping only selected ones.
fn split(
    filter: &SeriesFilter,
    resource: &Resource,
    interval: &Interval,
    seconds: i64,
) -> Vec<(BTreeMap<String, String>, Agg)> {
    let metric = filter.metric();
    let mut out = Vec::new();
    let labels = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    match metric {
        MetricType::RequestCount => {
            for &(code, n) in &interval.codes {
                let code_s = code.to_string();
                let class = code_class(code);
                let pairs = [
                    ("response_code", code_s.as_str()),
                    ("response_code_class", class.as_str()),
                ];
                if filter.matches(resource, &pairs) {
                    out.push((labels(&pairs), Agg::Count(n)));
                }
            }
        }
        MetricType::RequestLatencies => {
            // Points from before latency was kept by class: selected only by a
            // filter that asks nothing of the class.
            let unclassed = if interval.class_latency.is_empty() {
                (interval.latency.clone(), interval.latency_sum_us)
            } else {
                interval.unclassed_latency()
            };
            if !unclassed.0.is_empty() && filter.matches(resource, &[]) {
                let mut histogram = Histogram::default();
                histogram.add_sparse(&unclassed.0);
                out.push((
                    BTreeMap::new(),
                    Agg::Distribution {
                        histogram,
                        sum_us: unclassed.1,
                        cap: None,
                    },
                ));
            }
            for c in &interval.class_latency {
                let class = format!("{}xx", c.class);
                let pairs = [("response_code_class", class.as_str())];
                if !c.latency.is_empty() && filter.matches(resource, &pairs) {
                    let mut histogram = Histogram::default();
                    histogram.add_sparse(&c.latency);
                    out.push((
                        labels(&pairs),
                        Agg::Distribution {
                            histogram,
                            sum_us: c.sum_us,
                            cap: None,
                        },
                    ));
                }
            }
        }
        MetricType::StartupLatencies => {
            if filter.matches(resource, &[]) {
                let (sparse, sum_us) = (&interval.startup, 0);
                if !sparse.is_empty() {
                    let mut histogram = Histogram::default();
                    histogram.add_sparse(sparse);
                    let sum_us = if sum_us == 0 {
                        histogram.mean_estimate().unwrap_or(0.0) as u64 * histogram.count()
                    } else {
                        sum_us
                    };
                    out.push((
                        BTreeMap::new(),
                        Agg::Distribution {
                            histogram,
                            sum_us,
                            cap: None,
                        },
                    ));
                }
            }
        }
        MetricType::CpuUtilizations | MetricType::MemoryUtilizations => {
            let (sparse, sum) = if metric == MetricType::CpuUtilizations {
                (&interval.cpu, interval.cpu_sum)
            } else {
                (&interval.memory, interval.memory_sum)
            };
            if !sparse.is_empty() && filter.matches(resource, &[]) {
                let mut histogram = Histogram::default();
                histogram.add_sparse(sparse);
                out.push((
                    BTreeMap::new(),
                    Agg::Distribution {
                        histogram,
                        sum_us: sum,
                        cap: Some(PER_MILLE_MAX),
                    },
                ));
            }
        }
        MetricType::OomKillCount => {
            if interval.oom_kills > 0 && filter.matches(resource, &[]) {
                out.push((BTreeMap::new(), Agg::Count(interval.oom_kills)));
            }
        }
        MetricType::InstanceCount => {
            for (state, g) in INSTANCE_STATES.iter().zip(interval.instances) {
                let pairs = [("state", *state)];
                if g.sum > 0 && filter.matches(resource, &pairs) {
                    out.push((labels(&pairs), Agg::Gauge { gauge: g, seconds }));
                }
            }
        }
        MetricType::UptimeCheckPassed | MetricType::UptimeRequestLatency => {
            let runs = interval.checks_passed + interval.checks_failed;
            let pairs = [("check_id", resource.revision.as_str())];
            if runs > 0 && filter.matches(resource, &pairs) {
                let agg = if metric == MetricType::UptimeCheckPassed {
                    Agg::Runs { runs, true_runs: interval.checks_passed, sum: interval.checks_passed, max: u64::from(interval.checks_passed > 0) }
                } else {
                    Agg::Runs { runs, true_runs: 0, sum: interval.check_latency_ms.sum, max: interval.check_latency_ms.max }
                };
                out.push((labels(&pairs), agg));
            }
        }
        MetricType::MaxRequestConcurrencies => {
            if interval.concurrency.sum > 0 && filter.matches(resource, &[]) {
                out.push((
                    BTreeMap::new(),
                    Agg::Gauge {
                        gauge: interval.concurrency,
                        seconds,
                    },
                ));
            }
        }
    }
    out
}

fn value_of(agg: &Agg, aligner: Aligner, reducer: Reducer, seconds: i64) -> PointValue {
    let quantile = match (aligner, reducer) {
        (_, Reducer::Percentile(q)) | (Aligner::Percentile(q), _) => Some(q),
        _ => None,
    };
    let seconds = seconds.max(1) as f64;
    match agg {
        Agg::Count(n) => match aligner {
            Aligner::Rate | Aligner::Mean => PointValue::Double(*n as f64 / seconds),
            _ => PointValue::Int(*n as i64),
        },
        Agg::Distribution {
            histogram,
            sum_us,
            cap,
        } => {
            let count = histogram.count();
            let mean_ms = if count > 0 {
                *sum_us as f64 / count as f64 / 1000.0
            } else {
                0.0
            };
            match (quantile, aligner) {
                (Some(q), _) => {
                    let v = histogram.quantile(q).unwrap_or(0.0);
                    PointValue::Double(cap.map_or(v, |c| v.min(c as f64)) / 1000.0)
                }
                (None, Aligner::Mean) => PointValue::Double(mean_ms),
                (None, Aligner::Count) => PointValue::Int(count as i64),
                (None, Aligner::Rate) => PointValue::Double(count as f64 / seconds),
                _ => PointValue::Distribution {
                    count,
                    mean_ms,
                    buckets: histogram.to_sparse(),
                },
            }
        }
        Agg::Runs { runs, true_runs, sum, max } => match aligner {
            Aligner::Max => PointValue::Double(*max as f64),
            Aligner::Count => PointValue::Int(*runs as i64),
            Aligner::CountTrue => PointValue::Int(*true_runs as i64),
            Aligner::CountFalse => PointValue::Int((runs - true_runs) as i64),
            Aligner::Sum => PointValue::Double(*sum as f64),
            Aligner::FractionTrue => PointValue::Double(*true_runs as f64 / (*runs).max(1) as f64),
            _ => PointValue::Double(*sum as f64 / (*runs).max(1) as f64),
        },
        Agg::Gauge {
            gauge,
            seconds: covered,
        } => match aligner {
            Aligner::Max => PointValue::Int(gauge.max as i64),
            Aligner::None
            | Aligner::Mean
            | Aligner::Delta
            | Aligner::Sum
            | Aligner::Rate
            | Aligner::Count
            | Aligner::FractionTrue
            | Aligner::CountTrue
            | Aligner::CountFalse
            | Aligner::Percentile(_) => {
                PointValue::Double(gauge.sum as f64 / (*covered).max(1) as f64)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Catalog for Fixed {
        fn locate(&self, _: &str) -> (String, String) {
            ("default".into(), "us-central1".into())
        }
    }

    /// An hour boundary.
    const H: i64 = 1_800_000_000;

    fn db_with_traffic() -> (tempfile::TempDir, MetricsDb) {
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("m.db")).unwrap();
        for s in 0..120 {
            let a = Interval {
                codes: vec![(200, 8), (404, 1), (503, 1)],
                latency: vec![(crate::histogram::bucket_of(2000), 10)],
                latency_sum_us: 20_000,
                instances: [
                    Gauge::default(),
                    Gauge::sample(2),
                    Gauge::default(),
                    Gauge::default(),
                    Gauge::default(),
                ],
                ..Interval::default()
            };
            let b = Interval {
                codes: vec![(200, 1)],
                latency: vec![(crate::histogram::bucket_of(100_000), 1)],
                latency_sum_us: 100_000,
                ..Interval::default()
            };
            db.write_second(
                H + s,
                &[
                    ("jokes".into(), "jokes-1".into(), a),
                    ("jokes".into(), "jokes-2".into(), b),
                    (
                        "other".into(),
                        "other-1".into(),
                        Interval {
                            codes: vec![(500, 5)],
                            ..Interval::default()
                        },
                    ),
                ],
            )
            .unwrap();
        }
        (dir, db)
    }

    /// Uptime check runs: check_passed aligned as the fraction (and counts) of runs
    /// that passed, per check_id; latency as the runs' mean and max; neither meets the
    /// revisions' request_count.
    #[test]
    fn uptime_checks_are_series_of_their_own() {
        let (_dir, db) = db_with_traffic();
        let run = |passed: bool, ms: u64| Interval {
            checks_passed: u64::from(passed),
            checks_failed: u64::from(!passed),
            check_latency_ms: Gauge::sample(ms),
            ..Interval::default()
        };
        let series = crate::interval::uptime_series("default", "jokes.localhost");
        for (t, passed, ms) in [(H + 10, true, 4), (H + 20, true, 6), (H + 30, false, 50), (H + 40, false, 60)] {
            db.write_second(t, &[(series.clone(), "jokes-up-1".into(), run(passed, ms)), (series.clone(), "jokes-deep-2".into(), run(true, 1))]).unwrap();
        }
        let m = Metrics { db: &db, catalog: &Fixed };
        let query = |filter: &str, aligner| SeriesQuery {
            filter: SeriesFilter::parse(filter).unwrap(),
            range: Range::new(H, H + 60),
            step: Some(60),
            aligner,
            reducer: Reducer::None,
            group_by: Vec::new(),
        };
        let passed = r#"metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.labels.check_id="jokes-up-1" AND resource.type="uptime_url""#;
        let got = m.series(&query(passed, Aligner::FractionTrue), H + 100).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].labels["check_id"], "jokes-up-1");
        assert_eq!(got[0].resource["host"], "jokes.localhost");
        assert_eq!(got[0].resource["project_id"], "default");
        assert_eq!(got[0].points[0].value, PointValue::Double(0.5));
        let got = m.series(&query(passed, Aligner::CountFalse), H + 100).unwrap();
        assert_eq!(got[0].points[0].value, PointValue::Int(2));
        let all = r#"metric.type="monitoring.googleapis.com/uptime_check/check_passed""#;
        assert_eq!(m.series(&query(all, Aligner::FractionTrue), H + 100).unwrap().len(), 2);
        let latency = r#"metric.type="monitoring.googleapis.com/uptime_check/request_latency" AND metric.labels.check_id="jokes-up-1""#;
        let got = m.series(&query(latency, Aligner::Mean), H + 100).unwrap();
        assert_eq!(got[0].points[0].value, PointValue::Double(30.0));
        let got = m.series(&query(latency, Aligner::Max), H + 100).unwrap();
        assert_eq!(got[0].points[0].value, PointValue::Double(60.0));
        // The revisions' series are unchanged by the checks', and the other way round.
        let counts = m
            .count_by_revision(&SeriesFilter::parse(r#"metric.type="run.googleapis.com/request_count""#).unwrap(), Range::new(H, H + 120), H + 200)
            .unwrap();
        assert_eq!(counts.keys().map(|(s, _)| s.as_str()).collect::<Vec<_>>(), ["jokes", "jokes", "other"]);
        let wrong = SeriesFilter::parse(r#"metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.labels.service_name="jokes""#);
        assert!(wrong.unwrap_err().message.contains("service_name"));
    }

    #[test]
    fn sums_count_exactly_by_revision_and_class() {
        let (_dir, db) = db_with_traffic();
        let m = Metrics {
            db: &db,
            catalog: &Fixed,
        };
        let f = |s: &str| SeriesFilter::parse(s).unwrap();
        let range = Range::new(H + 10, H + 100);
        let total = m
            .count_by_revision(&f(r#"metric.type="run.googleapis.com/request_count" resource.labels.service_name="jokes""#), range, H + 200)
            .unwrap();
        assert_eq!(
            total.into_iter().collect::<Vec<_>>(),
            [
                (("jokes".into(), "jokes-1".into()), 900),
                (("jokes".into(), "jokes-2".into()), 90)
            ]
        );
        let bad = m
            .count_by_revision(
                &f(r#"metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes" AND metric.labels.response_code_class="5xx""#),
                range,
                H + 200,
            )
            .unwrap();
        assert_eq!(bad.values().sum::<u64>(), 90);
        let not_2xx = m
            .count_by_revision(&f(r#"metric.type="run.googleapis.com/request_count" NOT metric.labels.response_code_class="2xx""#), range, H + 200)
            .unwrap();
        assert_eq!(not_2xx.values().sum::<u64>(), 90 + 90 + 450);
    }

    #[test]
    fn series_align_reduce_and_take_percentiles() {
        let (_dir, db) = db_with_traffic();
        let m = Metrics {
            db: &db,
            catalog: &Fixed,
        };
        let q = |filter: &str, step, aligner, reducer, group_by: &[&str]| SeriesQuery {
            filter: SeriesFilter::parse(filter).unwrap(),
            range: Range::new(H, H + 120),
            step,
            aligner,
            reducer,
            group_by: group_by.iter().map(|s| (*s).to_owned()).collect(),
        };
        let rc = r#"metric.type="run.googleapis.com/request_count" resource.labels.service_name="jokes""#;
        let by_class = m
            .series(
                &q(
                    rc,
                    Some(60),
                    Aligner::Rate,
                    Reducer::Sum,
                    &["metric.labels.response_code_class"],
                ),
                H + 200,
            )
            .unwrap();
        let rates: Vec<(String, Vec<PointValue>)> = by_class
            .iter()
            .map(|s| {
                (
                    s.labels["response_code_class"].clone(),
                    s.points.iter().map(|p| p.value.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            rates,
            [
                (
                    "2xx".into(),
                    vec![PointValue::Double(9.0), PointValue::Double(9.0)]
                ),
                (
                    "4xx".into(),
                    vec![PointValue::Double(1.0), PointValue::Double(1.0)]
                ),
                (
                    "5xx".into(),
                    vec![PointValue::Double(1.0), PointValue::Double(1.0)]
                ),
            ]
        );
        let lat = r#"metric.type="run.googleapis.com/request_latencies" resource.labels.service_name="jokes""#;
        let p99 = m
            .series(
                &q(
                    lat,
                    Some(120),
                    Aligner::Delta,
                    Reducer::Percentile(0.99),
                    &["resource.labels.revision_name"],
                ),
                H + 200,
            )
            .unwrap();
        let got: Vec<(String, f64)> = p99
            .iter()
            .map(|s| match s.points[0].value {
                PointValue::Double(v) => (s.resource["revision_name"].clone(), v),
                ref other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(got[0].0, "jokes-1");
        assert!((got[0].1 - 2.0).abs() / 2.0 < 0.01, "{got:?}");
        assert!((got[1].1 - 100.0).abs() / 100.0 < 0.01, "{got:?}");
        let mean = m
            .series(
                &q(lat, Some(120), Aligner::Mean, Reducer::None, &[]),
                H + 200,
            )
            .unwrap();
        assert_eq!(mean[0].points[0].value, PointValue::Double(2.0));
        let inst = r#"metric.type="run.googleapis.com/container/instance_count" metric.labels.state="ready""#;
        let ready = m
            .series(
                &q(inst, Some(60), Aligner::Mean, Reducer::None, &[]),
                H + 200,
            )
            .unwrap();
        assert_eq!(ready.len(), 1);
        assert_eq!(ready[0].points[0].value, PointValue::Double(2.0));
    }

    /// A revision that answers errors fast (5 ms) and successes slowly (300 ms),
    /// one 503 for three 200s, then points from before latency had a class.
    #[test]
    fn latency_is_filtered_and_grouped_by_class() {
        use crate::histogram::bucket_of;
        use crate::interval::ClassLatency;
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("m.db")).unwrap();
        let old = Interval {
            codes: vec![(200, 1)],
            latency: vec![(bucket_of(7000), 1)],
            latency_sum_us: 7000,
            ..Interval::default()
        };
        db.write_second(H - 10, &[("jokes".into(), "jokes-1".into(), old)]).unwrap();
        for s in 0..60 {
            let interval = Interval {
                codes: vec![(200, 3), (503, 1)],
                latency: vec![(bucket_of(5000), 1), (bucket_of(300_000), 3)],
                latency_sum_us: 905_000,
                class_latency: vec![
                    ClassLatency { class: 2, latency: vec![(bucket_of(300_000), 3)], sum_us: 900_000 },
                    ClassLatency { class: 5, latency: vec![(bucket_of(5000), 1)], sum_us: 5000 },
                ],
                ..Interval::default()
            };
            db.write_second(H + s, &[("jokes".into(), "jokes-1".into(), interval)]).unwrap();
        }
        let m = Metrics { db: &db, catalog: &Fixed };
        let lat = r#"metric.type="run.googleapis.com/request_latencies""#;
        let q = |filter: String, reducer, group_by: &[&str]| SeriesQuery {
            filter: SeriesFilter::parse(&filter).unwrap(),
            range: Range::new(H - 60, H + 60),
            step: Some(120),
            aligner: Aligner::Delta,
            reducer,
            group_by: group_by.iter().map(|s| (*s).to_owned()).collect(),
        };
        let p = |series: &[TimeSeries]| -> Vec<(String, f64)> {
            series
                .iter()
                .map(|s| match s.points[0].value {
                    PointValue::Double(v) => (s.labels.get("response_code_class").cloned().unwrap_or_default(), v),
                    ref other => panic!("{other:?}"),
                })
                .collect()
        };
        let by_class = m
            .series(&q(lat.into(), Reducer::Percentile(0.5), &["metric.labels.response_code_class"]), H + 100)
            .unwrap();
        let got = p(&by_class);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, "", "the old point has no class");
        assert!((got[1].1 - 300.0).abs() < 3.0 && got[1].0 == "2xx", "{got:?}");
        assert!((got[2].1 - 5.0).abs() < 0.05 && got[2].0 == "5xx", "{got:?}");
        let only_2xx = m
            .series(&q(format!(r#"{lat} metric.labels.response_code_class="2xx""#), Reducer::Percentile(0.01), &[]), H + 100)
            .unwrap();
        assert_eq!(only_2xx.len(), 1);
        assert!((p(&only_2xx)[0].1 - 300.0).abs() < 3.0, "{only_2xx:?}");
        // Without a reducer: one series per revision and class, each with its exact mean.
        let raw = m
            .series(&SeriesQuery { aligner: Aligner::Mean, ..q(format!(r#"{lat} metric.labels.response_code_class=one_of("2xx","5xx")"#), Reducer::None, &[]) }, H + 100)
            .unwrap();
        let means: Vec<_> = raw.iter().map(|s| (s.labels["response_code_class"].clone(), s.points[0].value.clone())).collect();
        assert_eq!(means, [("2xx".into(), PointValue::Double(300.0)), ("5xx".into(), PointValue::Double(5.0))]);
        // Exact sums: the errors' distribution alone.
        let errors = m
            .sum(&SeriesFilter::parse(&format!(r#"{lat} NOT metric.labels.response_code_class="2xx""#)).unwrap(), Range::new(H, H + 60), H + 100)
            .unwrap();
        let counts: Vec<_> = errors.iter().map(|t| match &t.value { Agg::Distribution { histogram, .. } => histogram.count(), other => panic!("{other:?}") }).collect();
        assert_eq!(counts, [60]);
    }

    /// Two revisions' CPU and memory samples, one value per instance per second:
    /// jokes-1 has two instances at 20% and 90% CPU, 50% memory; jokes-2 one at 100%
    /// CPU (and 25% memory), killed once for memory at second 30.
    fn db_with_usage() -> (tempfile::TempDir, MetricsDb) {
        use crate::histogram::bucket_of;
        use crate::interval::per_mille;
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("m.db")).unwrap();
        let usage = |cpu: &[f64], memory: &[f64]| {
            let mut interval = Interval::default();
            for (c, m) in cpu.iter().zip(memory) {
                let (c, m) = (per_mille(*c).unwrap(), per_mille(*m).unwrap());
                crate::interval::merge_sparse(&mut interval.cpu, &[(bucket_of(c), 1)]);
                crate::interval::merge_sparse(&mut interval.memory, &[(bucket_of(m), 1)]);
                interval.cpu_sum += c;
                interval.memory_sum += m;
            }
            interval
        };
        for s in 0..120 {
            let mut two = usage(&[0.2, 0.9], &[0.5, 0.5]);
            two.codes = vec![(200, 1)];
            let mut one = usage(&[1.0], &[0.25]);
            one.oom_kills = u64::from(s == 30);
            db.write_second(
                H + s,
                &[
                    ("jokes".into(), "jokes-1".into(), two),
                    ("jokes".into(), "jokes-2".into(), one),
                ],
            )
            .unwrap();
        }
        (dir, db)
    }

    #[test]
    fn utilizations_are_distributions_of_ratios() {
        let (_dir, db) = db_with_usage();
        let m = Metrics {
            db: &db,
            catalog: &Fixed,
        };
        let cpu = r#"metric.type="run.googleapis.com/container/cpu/utilizations" resource.labels.service_name="jokes""#;
        let memory = r#"metric.type="run.googleapis.com/container/memory/utilizations""#;
        let oom = r#"metric.type="runlane.dev/container/oom_kill_count""#;
        // (filter, range seconds, step, aligner, reducer, group by) → per series:
        // (revision or "", each point's value).
        type Expected<'a> = &'a [(&'a str, &'a [PointValue])];
        let check = |filter: &str,
                     seconds: i64,
                     step: i64,
                     aligner: Aligner,
                     reducer: Reducer,
                     group_by: &[&str],
                     expected: Expected| {
            let q = SeriesQuery {
                filter: SeriesFilter::parse(filter).unwrap(),
                range: Range::new(H, H + seconds),
                step: Some(step),
                aligner,
                reducer,
                group_by: group_by.iter().map(|s| (*s).to_owned()).collect(),
            };
            let got: Vec<(String, Vec<PointValue>)> = m
                .series(&q, H + 200)
                .unwrap()
                .into_iter()
                .map(|s| {
                    (
                        s.resource.get("revision_name").cloned().unwrap_or_default(),
                        s.points.into_iter().map(|p| p.value).collect(),
                    )
                })
                .collect();
            let expected: Vec<(String, Vec<PointValue>)> = expected
                .iter()
                .map(|(r, v)| ((*r).to_owned(), v.to_vec()))
                .collect();
            assert_eq!(got, expected, "{filter} {aligner:?} {reducer:?}");
        };
        let d = PointValue::Double;
        let by_revision = ["resource.labels.revision_name"];
        // Percentiles per revision: 90% reads as its bucket's middle (899.5‰), 100%
        // as exactly 1 (the bucket straddling the limit is clamped to it).
        check(
            cpu,
            120,
            120,
            Aligner::Percentile(0.99),
            Reducer::None,
            &[],
            &[("jokes-1", &[d(0.8995)]), ("jokes-2", &[d(1.0)])],
        );
        check(
            cpu,
            120,
            120,
            Aligner::Delta,
            Reducer::Percentile(0.50),
            &by_revision,
            &[("jokes-1", &[d(0.2005)]), ("jokes-2", &[d(1.0)])],
        );
        // The mean is exact (the per-mille sum is kept).
        check(
            cpu,
            120,
            120,
            Aligner::Mean,
            Reducer::None,
            &[],
            &[("jokes-1", &[d(0.55)]), ("jokes-2", &[d(1.0)])],
        );
        // Across revisions: 120 values each at 20%, 90% and 100%.
        check(
            cpu,
            120,
            120,
            Aligner::Delta,
            Reducer::Percentile(0.5),
            &[],
            &[("", &[d(0.8995)])],
        );
        check(
            memory,
            120,
            120,
            Aligner::Delta,
            Reducer::Percentile(0.99),
            &by_revision,
            &[("jokes-1", &[d(0.5015)]), ("jokes-2", &[d(0.2505)])],
        );
        // ALIGN_DELTA keeps the distribution: every sample is one value.
        check(
            memory,
            120,
            120,
            Aligner::Delta,
            Reducer::None,
            &[],
            &[
                (
                    "jokes-1",
                    &[PointValue::Distribution {
                        count: 240,
                        mean_ms: 0.5,
                        buckets: vec![(crate::histogram::bucket_of(500), 240)],
                    }],
                ),
                (
                    "jokes-2",
                    &[PointValue::Distribution {
                        count: 120,
                        mean_ms: 0.25,
                        buckets: vec![(crate::histogram::bucket_of(250), 120)],
                    }],
                ),
            ],
        );
        check(
            cpu,
            120,
            60,
            Aligner::Count,
            Reducer::Sum,
            &[],
            &[("", &[PointValue::Int(180), PointValue::Int(180)])],
        );
        // An hour in minute steps reads the minute rollups.
        check(
            cpu,
            3600,
            60,
            Aligner::Percentile(0.99),
            Reducer::None,
            &[],
            &[
                ("jokes-1", &[d(0.8995), d(0.8995)]),
                ("jokes-2", &[d(1.0), d(1.0)]),
            ],
        );
        // OOM kills: a count per revision, only where there were some.
        check(
            oom,
            120,
            120,
            Aligner::Delta,
            Reducer::None,
            &[],
            &[("jokes-2", &[PointValue::Int(1)])],
        );
        check(
            oom,
            3600,
            60,
            Aligner::Delta,
            Reducer::Sum,
            &[],
            &[("", &[PointValue::Int(1)])],
        );
        // Exact totals over a range that stitches tiers.
        let totals = m
            .sum(
                &SeriesFilter::parse(cpu).unwrap(),
                Range::new(H + 30, H + 90),
                H + 200,
            )
            .unwrap();
        let counts: Vec<u64> = totals
            .iter()
            .map(|t| match &t.value {
                Agg::Distribution { histogram, .. } => histogram.count(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(counts, [120, 60]);
    }

    #[test]
    fn filters_that_cannot_be_answered_are_errors() {
        let err = |s: &str| SeriesFilter::parse(s).unwrap_err().to_string();
        assert_eq!(err("resource.labels.service_name=\"x\""), "the filter must name a metric type, e.g. metric.type=\"run.googleapis.com/request_count\"");
        assert!(err("metric.type=\"run.googleapis.com/cpu\"").starts_with("runlane records no metric \"run.googleapis.com/cpu\"; use one of: run.googleapis.com/request_count"));
        assert_eq!(
            err(r#"metric.type="run.googleapis.com/request_latencies" metric.labels.response_code="500""#),
            "run.googleapis.com/request_latencies is kept by status class in runlane, not by code; filter on metric.labels.response_code_class instead, e.g. metric.labels.response_code_class=\"5xx\""
        );
        assert_eq!(
            err(r#"metric.type="run.googleapis.com/request_latencies" metric.labels.state="ready""#),
            "run.googleapis.com/request_latencies has no label \"state\" in runlane (it has response_code_class); drop the metric.labels.state term"
        );
        assert!(
            err(r#"metric.type="run.googleapis.com/request_count" jokes"#)
                .starts_with("a bare term")
        );
        assert_eq!(
            err(r#"metric.type="run.googleapis.com/container/cpu/utilizations" metric.labels.state="ready""#),
            "run.googleapis.com/container/cpu/utilizations has no label \"state\" in runlane; drop the metric.labels.state term"
        );
    }
}
