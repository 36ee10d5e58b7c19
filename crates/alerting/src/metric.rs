//! Alert conditions on metrics, not SLOs: a `conditionThreshold` or
//! `conditionAbsent` whose filter selects runlane's time series
//! (`metric.type="run.googleapis.com/request_count" AND …`) with Cloud Monitoring's
//! `aggregations` (alignment period, per-series aligner, cross-series reducer, group-by
//! fields), e.g. the 5xx rate of a service, p99 latency, instances of a revision.
//!
//! [`MetricCondition::compile`] checks a condition once (every field error names the
//! field); [`condition_value`] turns the aligned series' values into the one value the
//! policy's state machine compares, applying the condition's trigger: pure, so the
//! decision is tested without a clock or a store. Each evaluation reads the last
//! alignment period ending at the data end, exactly (stitched tiers).

use crate::model::{Aggregation, Comparison, Condition, Trigger, DEFAULT_ALIGNMENT_SECS};
use runlane_telemetry::query::{
    Aligner, MetricType, PointValue, Reducer, SeriesFilter, SeriesQuery, TimeSeries,
};
use runlane_telemetry::{Range, UnixSeconds};

/// A metric condition ready to query.
#[derive(Debug, Clone)]
pub struct MetricCondition {
    pub filter: SeriesFilter,
    /// The alignment period: the window each evaluation reads, seconds.
    pub window: i64,
    pub aligner: Aligner,
    pub reducer: Reducer,
    pub group_by: Vec<String>,
    pub absent: bool,
    pub comparison: Comparison,
    pub trigger: Option<Trigger>,
}

/// A field (relative to the condition, e.g. `aggregations[0].perSeriesAligner`) and
/// what is wrong with it.
pub type FieldError = (String, String);

impl MetricCondition {
    /// Compiles `c` (whose filter is a metric filter) for project `project`.
    pub fn compile(c: &Condition, project: &str) -> Result<MetricCondition, FieldError> {
        let quoted = project.replace('\\', "\\\\").replace('"', "\\\"");
        let filter = SeriesFilter::parse(&format!("({}) AND project=\"{quoted}\"", c.filter)).map_err(|e| {
            (
                "filter".to_owned(),
                format!(
                    "{}; a condition's filter is a metric filter such as metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"S\", or an SLO selector such as select_slo_burn_rate(\"projects/P/services/S/serviceLevelObjectives/ID\", \"300s\")",
                    e.message
                ),
            )
        })?;
        let a = c.aggregation.clone().unwrap_or(Aggregation {
            alignment_secs: DEFAULT_ALIGNMENT_SECS,
            aligner: None,
            reducer: None,
            group_by: Vec::new(),
        });
        if a.alignment_secs == 0 {
            return Err((
                "aggregations[0].alignmentPeriod".into(),
                "give an alignment period of at least 1s, e.g. \"60s\"".into(),
            ));
        }
        let aligner = match &a.aligner {
            None => Aligner::None,
            Some(name) => Aligner::parse(name).ok_or_else(|| {
                (
                    "aggregations[0].perSeriesAligner".to_owned(),
                    format!("{name:?} is not supported; use {}", Aligner::ACCEPTED),
                )
            })?,
        };
        let reducer = match &a.reducer {
            None => Reducer::None,
            Some(name) => Reducer::parse(name).ok_or_else(|| {
                (
                    "aggregations[0].crossSeriesReducer".to_owned(),
                    format!("{name:?} is not supported; use {}", Reducer::ACCEPTED),
                )
            })?,
        };
        let metric = filter.metric();
        let one_number = matches!(
            aligner,
            Aligner::Mean | Aligner::Count | Aligner::Rate | Aligner::Percentile(_)
        ) || matches!(reducer, Reducer::Percentile(_));
        if metric.is_distribution() && !c.absent && !one_number {
            return Err((
                "aggregations[0].perSeriesAligner".into(),
                format!("{} is a distribution: compare one number of it, e.g. ALIGN_PERCENTILE_99 (or ALIGN_MEAN, ALIGN_COUNT)", metric.name()),
            ));
        }
        for (i, field) in a.group_by.iter().enumerate() {
            let known = field.strip_prefix("resource.labels.").is_some_and(|l| {
                (metric.is_uptime() && matches!(l, "host" | "project_id")) || !metric.is_uptime() && matches!(
                    l,
                    "service_name"
                        | "revision_name"
                        | "configuration_name"
                        | "location"
                        | "project_id"
                )
            }) || field
                .strip_prefix("metric.labels.")
                .is_some_and(|l| metric.labels().contains(&l));
            if !known {
                return Err((
                    format!("aggregations[0].groupByFields[{i}]"),
                    format!(
                        "{field:?} is not a label of {}; use resource.labels.{{service_name,revision_name,configuration_name,location,project_id}}{}",
                        metric.name(),
                        metric.labels().iter().map(|l| format!(" or metric.labels.{l}")).collect::<String>()
                    ),
                ));
            }
        }
        Ok(MetricCondition {
            filter,
            window: a.alignment_secs as i64,
            aligner,
            reducer,
            group_by: a.group_by,
            absent: c.absent,
            comparison: c.comparison,
            trigger: c.trigger,
        })
    }

    /// The query of one evaluation at data end `end`: the alignment period before it.
    pub fn query(&self, end: UnixSeconds) -> SeriesQuery {
        SeriesQuery {
            filter: self.filter.clone(),
            range: Range::last(self.window, end),
            step: Some(self.window),
            aligner: self.aligner,
            reducer: self.reducer,
            group_by: self.group_by.clone(),
        }
    }

    /// The value the state machine compares, from the series one evaluation read.
    pub fn value(&self, series: &[TimeSeries]) -> Option<f64> {
        let values: Vec<f64> = series
            .iter()
            .filter_map(|s| s.points.last().map(|p| point_number(&p.value)))
            .collect();
        condition_value(
            self.filter.metric(),
            self.absent,
            self.comparison,
            self.trigger,
            &values,
        )
    }
}

/// A point as one number: a distribution's mean (in its unit).
fn point_number(v: &PointValue) -> f64 {
    match v {
        PointValue::Int(n) => *n as f64,
        PointValue::Double(d) => *d,
        PointValue::Distribution { mean_ms, .. } => *mean_ms,
    }
}

/// The value a condition compares, from each selected series' value over the window.
///
/// - `conditionAbsent`: the number of series with data (met below 1).
/// - A threshold with a trigger of N series (or a percentage of them): the value of the
///   N-th most violating series, so "the condition is met" is "at least N series violate".
///   Fewer than N series is no data.
/// - No series of a count metric (`request_count`, OOM kills: DELTA INT64) is a count of
///   0 (no 5xx in the window is a 5xx rate of 0, which resolves an incident); no series of
///   any other metric is no data, never 0 and never an alert.
pub fn condition_value(
    metric: MetricType,
    absent: bool,
    comparison: Comparison,
    trigger: Option<Trigger>,
    values: &[f64],
) -> Option<f64> {
    if absent {
        return Some(values.len() as f64);
    }
    if values.is_empty() {
        let counter = !metric.is_gauge() && !metric.is_distribution();
        return counter.then_some(0.0);
    }
    let mut sorted = values.to_vec();
    // Most violating first.
    match comparison {
        Comparison::Gt | Comparison::Ge => sorted.sort_by(|a, b| b.total_cmp(a)),
        Comparison::Lt | Comparison::Le => sorted.sort_by(|a, b| a.total_cmp(b)),
    }
    let needed = Trigger::series_needed(trigger, sorted.len());
    sorted.get(needed.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        metric: MetricType,
        absent: bool,
        comparison: Comparison,
        trigger: Option<Trigger>,
        values: &[f64],
        want: Option<f64>,
    ) {
        assert_eq!(
            condition_value(metric, absent, comparison, trigger, values),
            want,
            "{metric:?} {comparison:?} {trigger:?} {values:?}"
        );
    }

    #[test]
    fn condition_values() {
        use Comparison::*;
        use MetricType::*;
        // One series: its value.
        check(RequestCount, false, Gt, None, &[3.5], Some(3.5));
        // The most violating series by default, whichever way the comparison points.
        check(RequestCount, false, Gt, None, &[0.5, 7.0, 2.0], Some(7.0));
        check(InstanceCount, false, Lt, None, &[3.0, 1.0, 2.0], Some(1.0));
        // Trigger: the N-th most violating, so two of three series must exceed.
        check(
            RequestCount,
            false,
            Gt,
            Some(Trigger::Count(2)),
            &[0.5, 7.0, 2.0],
            Some(2.0),
        );
        check(
            RequestCount,
            false,
            Gt,
            Some(Trigger::Count(4)),
            &[0.5, 7.0, 2.0],
            None,
        );
        check(
            RequestCount,
            false,
            Gt,
            Some(Trigger::Percent(100.0)),
            &[0.5, 7.0, 2.0],
            Some(0.5),
        );
        // No series: a count metric counted nothing; any other has no data.
        check(RequestCount, false, Gt, None, &[], Some(0.0));
        check(OomKillCount, false, Gt, None, &[], Some(0.0));
        check(RequestLatencies, false, Gt, None, &[], None);
        check(InstanceCount, false, Lt, None, &[], None);
        // Absence: the number of series with data.
        check(RequestCount, true, Gt, None, &[], Some(0.0));
        check(RequestCount, true, Gt, None, &[1.0, 2.0], Some(2.0));
    }

    fn condition(filter: &str, aggregation: Option<Aggregation>) -> Condition {
        Condition {
            id: String::new(),
            display_name: String::new(),
            filter: filter.into(),
            comparison: Comparison::Gt,
            threshold: 1.0,
            duration_secs: 0,
            trigger: None,
            aggregation,
            absent: false,
        }
    }

    fn agg(aligner: Option<&str>, reducer: Option<&str>, group_by: &[&str]) -> Option<Aggregation> {
        Some(Aggregation {
            alignment_secs: 60,
            aligner: aligner.map(str::to_owned),
            reducer: reducer.map(str::to_owned),
            group_by: group_by.iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    #[test]
    fn compile_checks_each_field() {
        let count = r#"metric.type="run.googleapis.com/request_count" AND metric.labels.response_code_class="5xx""#;
        let lat = r#"metric.type="run.googleapis.com/request_latencies""#;
        let ok = MetricCondition::compile(
            &condition(
                count,
                agg(
                    Some("ALIGN_RATE"),
                    Some("REDUCE_SUM"),
                    &["resource.labels.revision_name"],
                ),
            ),
            "p",
        )
        .unwrap();
        assert_eq!(
            (ok.window, ok.aligner, ok.reducer),
            (60, Aligner::Rate, Reducer::Sum)
        );
        let q = ok.query(1000);
        assert_eq!((q.range.start, q.range.end, q.step), (940, 1000, Some(60)));
        // Without aggregations: the default window, raw deltas.
        assert_eq!(
            MetricCondition::compile(&condition(count, None), "p")
                .unwrap()
                .window,
            60
        );
        assert!(MetricCondition::compile(
            &condition(lat, agg(Some("ALIGN_PERCENTILE_99"), None, &[])),
            "p"
        )
        .is_ok());
        for (c, field, message) in [
            (
                condition("metric.type=\"nope\"", None),
                "filter",
                "runlane records no metric \"nope\"",
            ),
            (
                condition("select_slo_x(1)", None),
                "filter",
                "select_slo_burn_rate(",
            ),
            (
                condition(count, agg(Some("ALIGN_FOO"), None, &[])),
                "aggregations[0].perSeriesAligner",
                "\"ALIGN_FOO\" is not supported",
            ),
            (
                condition(count, agg(None, Some("REDUCE_FOO"), &[])),
                "aggregations[0].crossSeriesReducer",
                "\"REDUCE_FOO\" is not supported",
            ),
            (
                condition(
                    count,
                    agg(None, Some("REDUCE_SUM"), &["metric.labels.state"]),
                ),
                "aggregations[0].groupByFields[0]",
                "\"metric.labels.state\" is not a label",
            ),
            (
                condition(lat, agg(Some("ALIGN_DELTA"), None, &[])),
                "aggregations[0].perSeriesAligner",
                "is a distribution",
            ),
            (
                condition(
                    count,
                    Some(Aggregation {
                        alignment_secs: 0,
                        aligner: None,
                        reducer: None,
                        group_by: vec![],
                    }),
                ),
                "aggregations[0].alignmentPeriod",
                "at least 1s",
            ),
        ] {
            let (f, m) = MetricCondition::compile(&c, "p").unwrap_err();
            assert_eq!(f, field, "{m}");
            assert!(m.contains(message), "{m}");
        }
    }
}
