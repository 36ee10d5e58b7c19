//! Metrics over HTTP: Cloud Monitoring v3 `projects.timeSeries.list`
//! (`GET /v3/projects/{p}/timeSeries`) for runlane's Cloud Run metrics, the
//! `metricDescriptors` and `monitoredResourceDescriptors` that say what those are
//! (list with `filter` and paging, get), and `GET /metrics` for Prometheus
//! (OpenMetrics text). Descriptors come from the same [`MetricType`] list the
//! `timeSeries` filter accepts, so a tool can discover exactly what it may query.
//!
//! Only this module knows the Monitoring JSON: parameters become a
//! [`SeriesQuery`], results become `timeSeries` objects. Distributions carry
//! `explicitBuckets` bounds (ms, or ratios for the utilisations) covering
//! exactly the non-empty range of the store's log-linear buckets.
//!
//! Saturation: `run.googleapis.com/container/cpu/utilizations` and
//! `…/memory/utilizations` are DELTA DISTRIBUTIONs of ratios 0..1 of the limit
//! (unit `10^2.%`, as Cloud Run has them; ALIGN_PERCENTILE_* gives a ratio), and
//! `runlane.dev/container/oom_kill_count` is a DELTA INT64 (runlane's own: Cloud
//! Run has no OOM metric).

use std::collections::HashMap;

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use runlane_controller::Controller;
use runlane_telemetry::histogram::bucket_range;
use runlane_telemetry::logs::{format_time, parse_time};
use runlane_telemetry::query::{
    Aligner, MetricType, Metrics, PointValue, Reducer, SeriesFilter, SeriesQuery, TimeSeries,
    METRIC_TYPES,
};
use runlane_telemetry::{Range, Telemetry};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::list_filter;

/// Most points one reply carries; more is an error asking for a longer alignment period.
const MAX_POINTS: usize = 100_000;

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route("/v3/projects/{project}/timeSeries", get(list_time_series))
        .route("/v3/projects/{project}/metricDescriptors", get(list_metric_descriptors))
        .route("/v3/projects/{project}/metricDescriptors/{*metric}", get(get_metric_descriptor))
        .route("/v3/projects/{project}/monitoredResourceDescriptors", get(list_resource_descriptors))
        .route("/v3/projects/{project}/monitoredResourceDescriptors/{kind}", get(get_resource_descriptor))
        .route("/metrics", get(prometheus))
}

/// Telemetry, or 503 when this runlane runs without it.
pub(crate) fn telemetry(c: &Controller) -> Result<&Telemetry, ApiError> {
    c.telemetry().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "telemetry is not running in this runlane; start it with `runlane up`",
        )
    })
}

async fn prometheus(State(c): State<Controller>) -> Result<Response, ApiError> {
    let t = telemetry(&c)?.clone();
    let queued = c
        .list_revisions(None, None)
        .await
        .into_iter()
        .filter_map(|v| {
            Some((
                v.revision.service.clone(),
                v.revision.meta.name.clone(),
                v.scaling?.waiting as u64,
            ))
        })
        .collect();
    let text = tokio::task::spawn_blocking(move || t.prometheus_text(queued))
        .await
        .unwrap_or_default();
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// The query string's pairs, in order, percent-decoded (repeated keys kept).
pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `60s`, `1.5s`, `3600s` → whole seconds, rounded up (at least 1).
fn period_secs(field: &str, text: &str) -> Result<i64, ApiError> {
    let d = runlane_model::duration::parse_google(text).map_err(|e| ApiError::field(field, e))?;
    if d.is_zero() {
        return Err(ApiError::field(field, format!("{text:?} is no period; give one of at least a second, such as \"60s\"")));
    }
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    Ok(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn aligner(text: &str) -> Result<Aligner, ApiError> {
    Aligner::parse(text).ok_or_else(|| {
        ApiError::field("aggregation.perSeriesAligner", format!("{text:?} is not supported; use {}", Aligner::ACCEPTED))
    })
}

fn reducer(text: &str) -> Result<Reducer, ApiError> {
    Reducer::parse(text).ok_or_else(|| {
        ApiError::field("aggregation.crossSeriesReducer", format!("{text:?} is not supported; use {}", Reducer::ACCEPTED))
    })
}

/// Reads `timeSeries.list` parameters into a query (pure, for tests).
pub fn parse_query(
    project: &str,
    pairs: &[(String, String)],
) -> Result<SeriesQuery, ApiError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let filter_text = get("filter").ok_or_else(|| ApiError::field("filter", "a filter naming a metric type is required, e.g. metric.type=\"run.googleapis.com/request_count\""))?;
    let quoted = project.replace('\\', "\\\\").replace('"', "\\\"");
    let filter = SeriesFilter::parse(&format!("({filter_text}) AND project=\"{quoted}\""))
        .map_err(|e| ApiError::field("filter", e.message))?;
    let time = |field: &str| -> Result<Option<i64>, ApiError> {
        get(field)
            .map(|t| {
                parse_time(t).ok_or_else(|| {
                    ApiError::field(
                        field,
                        format!("{t:?} is not an RFC 3339 time, e.g. 2024-05-01T10:00:00Z"),
                    )
                })
            })
            .transpose()
    };
    // Required, as on Cloud Monitoring: a read without an end would mean "now" on one
    // server and fail on the other, so a script written against runlane works on Google.
    let end = time("interval.endTime")?
        .ok_or_else(|| {
            ApiError::field(
                "interval.endTime",
                "required: the end of the interval to read, an RFC 3339 time such as 2024-05-01T10:00:00Z (the start, interval.startTime, defaults to one alignment period before it)",
            )
        })?
        .div_euclid(1_000_000_000);
    let step = get("aggregation.alignmentPeriod")
        .map(|p| period_secs("aggregation.alignmentPeriod", p))
        .transpose()?;
    let start = time("interval.startTime")?
        .map(|t| t.div_euclid(1_000_000_000))
        .unwrap_or(end - step.unwrap_or(60));
    if start > end {
        return Err(ApiError::field(
            "interval.startTime",
            "the start time is after the end time; swap them",
        ));
    }
    let aligner = get("aggregation.perSeriesAligner")
        .map(aligner)
        .transpose()?
        .unwrap_or(Aligner::None);
    let reducer = get("aggregation.crossSeriesReducer")
        .map(reducer)
        .transpose()?
        .unwrap_or(Reducer::None);
    if aligner != Aligner::None && step.is_none() {
        return Err(ApiError::field(
            "aggregation.alignmentPeriod",
            "an aligner needs an alignment period, e.g. 60s",
        ));
    }
    let group_by = pairs
        .iter()
        .filter(|(k, _)| k == "aggregation.groupByFields")
        .map(|(_, v)| v.clone())
        .collect();
    // Steps end at `end`, as Cloud Monitoring aligns them.
    let start = match step {
        Some(s) => end - ((end - start + s - 1) / s).max(1) * s,
        None => start,
    };
    Ok(SeriesQuery {
        filter,
        range: Range::new(start, end),
        step,
        aligner,
        reducer,
        group_by,
    })
}

async fn list_time_series(
    State(c): State<Controller>,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let t = telemetry(&c)?.clone();
    let pairs = query_pairs(raw.as_deref());
    let now_ns = runlane_telemetry::now_ns();
    let q = parse_query(&project, &pairs)?;
    let headers_only = pairs.iter().any(|(k, v)| k == "view" && v == "HEADERS");
    let now = now_ns.div_euclid(1_000_000_000);
    let series = tokio::task::spawn_blocking(move || {
        t.with_catalog(|catalog| {
            Metrics {
                db: t.metrics_db(),
                catalog,
            }
            .series(&q, now)
        })
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            format!("the query failed: {e}"),
        )
    })?
    .map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            e.to_string(),
        )
    })?;
    let points: usize = series.iter().map(|s| s.points.len()).sum();
    if points > MAX_POINTS {
        return Err(ApiError::field("aggregation.alignmentPeriod", format!("the query returns {points} points, more than {MAX_POINTS}; ask for a longer alignment period or a shorter interval")));
    }
    let items: Vec<Value> = series
        .iter()
        .map(|s| series_json(s, headers_only))
        .collect();
    Ok(Json(json!({ "timeSeries": items, "unit": "" })).into_response())
}

fn series_json(s: &TimeSeries, headers_only: bool) -> Value {
    let first = s.points.first().map(|p| &p.value);
    let (kind, value_type) = match first {
        Some(PointValue::Int(_)) if s.metric.is_gauge() => ("GAUGE", "INT64"),
        Some(PointValue::Int(_)) => ("DELTA", "INT64"),
        Some(PointValue::Double(_)) => ("GAUGE", "DOUBLE"),
        Some(PointValue::Distribution { .. }) => ("DELTA", "DISTRIBUTION"),
        None if s.metric.is_distribution() => ("DELTA", "DISTRIBUTION"),
        None if s.metric.is_gauge() => ("GAUGE", "INT64"),
        None => ("DELTA", "INT64"),
    };
    let unit = metric_unit(s.metric);
    let mut out = json!({
        "metric": { "type": s.metric.name(), "labels": s.labels },
        "resource": { "type": s.metric.resource_type(), "labels": s.resource },
        "metricKind": kind,
        "valueType": value_type,
        "unit": unit,
    });
    if !headers_only {
        // Newest first, as Cloud Monitoring returns them.
        let points: Vec<Value> = s
            .points
            .iter()
            .rev()
            .map(|p| {
                json!({
                    "interval": { "startTime": format_time(p.start * 1_000_000_000), "endTime": format_time(p.end * 1_000_000_000) },
                    "value": value_json(&p.value),
                })
            })
            .collect();
        out["points"] = json!(points);
    }
    out
}

// === descriptors ===

/// The monitored resource type Cloud Run metrics are written against (uptime checks'
/// are written against `uptime_url`).
const RESOURCE_TYPE: &str = "cloud_run_revision";

/// Fields a `metricDescriptors.list` filter may name: `metric.type`, `metric.labels.*`,
/// `resource.type`, `project`, matched against [`descriptor_filter_view`].
const DESCRIPTOR_FIELDS: list_filter::Fields = list_filter::Fields {
    list: "metricDescriptors",
    names: &["metric", "resource", "project"],
};

/// `MetricDescriptor` of `metric`, as Cloud Monitoring writes it.
pub fn metric_descriptor_json(project: &str, metric: MetricType) -> Value {
    let (kind, value_type) = if metric.is_distribution() {
        ("DELTA", "DISTRIBUTION")
    } else if metric == MetricType::UptimeCheckPassed {
        ("GAUGE", "BOOL")
    } else if metric == MetricType::UptimeRequestLatency {
        ("GAUGE", "DOUBLE")
    } else if metric.is_gauge() {
        ("GAUGE", "INT64")
    } else {
        ("DELTA", "INT64")
    };
    let labels: Vec<Value> = metric
        .labels()
        .iter()
        .map(|l| json!({ "key": l, "valueType": "STRING", "description": MetricType::label_description(l) }))
        .collect();
    json!({
        "name": format!("projects/{project}/metricDescriptors/{}", metric.name()),
        "type": metric.name(),
        "labels": labels,
        "metricKind": kind,
        "valueType": value_type,
        "unit": metric_unit(metric),
        "description": metric.description(),
        "displayName": metric.display_name(),
        "monitoredResourceTypes": [metric.resource_type()],
        "launchStage": "GA",
        "metadata": { "samplePeriod": "1s", "ingestDelay": "2s" },
    })
}

/// What a descriptor filter is evaluated against: the fields of a time series of it.
fn descriptor_filter_view(project: &str, metric: MetricType) -> Value {
    let labels: serde_json::Map<String, Value> = metric
        .labels()
        .iter()
        .map(|l| ((*l).to_owned(), json!("")))
        .collect();
    json!({
        "metric": { "type": metric.name(), "labels": labels },
        "resource": { "type": metric.resource_type() },
        "project": project,
    })
}

/// `MonitoredResourceDescriptor` of `cloud_run_revision`, with the labels series carry.
pub fn resource_descriptor_json(project: &str) -> Value {
    let labels = [
        ("project_id", "The project the service belongs to."),
        ("service_name", "The service."),
        ("revision_name", "The revision."),
        ("configuration_name", "The configuration the revision was made from (the service's name)."),
        ("location", "The service's location (region)."),
    ];
    json!({
        "name": format!("projects/{project}/monitoredResourceDescriptors/{RESOURCE_TYPE}"),
        "type": RESOURCE_TYPE,
        "displayName": "Cloud Run Revision",
        "description": "A revision of a runlane (Cloud Run) service.",
        "labels": labels.iter().map(|(k, d)| json!({ "key": k, "valueType": "STRING", "description": d })).collect::<Vec<_>>(),
        "launchStage": "GA",
    })
}

async fn list_metric_descriptors(
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let filter = match q.get("filter").map(|f| (f, list_filter::parse(f, &DESCRIPTOR_FIELDS))) {
        None => None,
        Some((_, Ok(f))) => f,
        Some((text, Err(why))) => return Err(ApiError::field("filter", format!("{text:?}: {why}"))),
    };
    let items: Vec<(String, Value)> = METRIC_TYPES
        .into_iter()
        .filter(|m| filter.as_ref().is_none_or(|f| list_filter::matches(f, &descriptor_filter_view(&project, *m))))
        .map(|m| (m.name().to_owned(), metric_descriptor_json(&project, m)))
        .collect();
    let mut page = crate::slo::page_keyed("metricDescriptors", items, &q)?;
    // Google's reply has no totalSize here.
    if let Some(o) = page.as_object_mut() {
        o.remove("totalSize");
    }
    Ok(Json(page))
}

async fn get_metric_descriptor(Path((project, metric)): Path<(String, String)>) -> Result<Json<Value>, ApiError> {
    let metric = MetricType::parse(&metric).ok_or_else(|| {
        ApiError::not_found(format!(
            "runlane records no metric {metric:?}; list them at /v3/projects/{project}/metricDescriptors (one of: {})",
            METRIC_TYPES.map(MetricType::name).join(", ")
        ))
    })?;
    Ok(Json(metric_descriptor_json(&project, metric)))
}

async fn list_resource_descriptors(
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let mut all = vec![resource_descriptor_json(&project), uptime_resource_descriptor_json(&project)];
    if let Some(text) = q.get("filter").filter(|f| !f.trim().is_empty()) {
        let fields = list_filter::Fields { list: "monitoredResourceDescriptors", names: &["resource"] };
        match list_filter::parse(text, &fields) {
            Ok(Some(f)) => all.retain(|d| list_filter::matches(&f, &json!({ "resource": { "type": d["type"] } }))),
            Ok(None) => {}
            Err(why) => return Err(ApiError::field("filter", format!("{text:?}: {why}"))),
        }
    }
    Ok(Json(json!({ "resourceDescriptors": all })))
}

/// `MonitoredResourceDescriptor` of `uptime_url`, what uptime checks' series are written against.
pub fn uptime_resource_descriptor_json(project: &str) -> Value {
    json!({
        "name": format!("projects/{project}/monitoredResourceDescriptors/uptime_url"),
        "type": "uptime_url",
        "displayName": "Uptime Check URL",
        "description": "A URL on this machine that a runlane uptime check requests.",
        "labels": [
            { "key": "project_id", "valueType": "STRING", "description": "The project the check belongs to." },
            { "key": "host", "valueType": "STRING", "description": "The host the check requests (SERVICE.localhost, localhost, a loopback address)." },
        ],
        "launchStage": "GA",
    })
}

async fn get_resource_descriptor(Path((project, kind)): Path<(String, String)>) -> Result<Json<Value>, ApiError> {
    match kind.as_str() {
        RESOURCE_TYPE => Ok(Json(resource_descriptor_json(&project))),
        "uptime_url" => Ok(Json(uptime_resource_descriptor_json(&project))),
        _ => Err(ApiError::not_found(format!(
            "runlane writes no monitored resource {kind:?}; its metrics are written against {RESOURCE_TYPE} (revisions) and uptime_url (uptime checks)"
        ))),
    }
}

/// The unit of a metric's values, as Cloud Monitoring's descriptors write it.
fn metric_unit(metric: MetricType) -> &'static str {
    match metric {
        MetricType::RequestLatencies | MetricType::StartupLatencies | MetricType::UptimeRequestLatency => "ms",
        MetricType::UptimeCheckPassed => "",
        MetricType::CpuUtilizations | MetricType::MemoryUtilizations => "10^2.%",
        MetricType::RequestCount
        | MetricType::InstanceCount
        | MetricType::MaxRequestConcurrencies
        | MetricType::OomKillCount => "1",
    }
}

/// A point value in Monitoring's JSON (int64 as a string, as proto3 JSON has it).
pub fn value_json(v: &PointValue) -> Value {
    match v {
        PointValue::Int(n) => json!({ "int64Value": n.to_string() }),
        PointValue::Double(d) => json!({ "doubleValue": d }),
        PointValue::Distribution {
            count,
            mean_ms,
            buckets,
        } => {
            let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
                return json!({ "distributionValue": { "count": "0" } });
            };
            let mut bounds: Vec<f64> = (first.0..=last.0)
                .map(|i| bucket_range(i).0 as f64 / 1000.0)
                .collect();
            bounds.push(bucket_range(last.0).1 as f64 / 1000.0);
            let mut counts = vec![0u64; (last.0 - first.0) as usize + 2];
            for (i, c) in buckets {
                counts[(i - first.0) as usize + 1] = *c;
            }
            json!({ "distributionValue": {
                "count": count.to_string(),
                "mean": mean_ms,
                "bucketOptions": { "explicitBuckets": { "bounds": bounds } },
                "bucketCounts": counts.iter().map(u64::to_string).collect::<Vec<_>>(),
            }})
        }
    }
}

#[cfg(test)]
mod tests {
    /// What `metricDescriptors.list` returns for `filter`: the types, in order.
    fn descriptor_types(filter: &str) -> Result<Vec<String>, String> {
        let f = list_filter::parse(filter, &DESCRIPTOR_FIELDS)?;
        Ok(METRIC_TYPES
            .into_iter()
            .filter(|m| f.as_ref().is_none_or(|f| list_filter::matches(f, &descriptor_filter_view("default", *m))))
            .map(|m| m.name().to_owned())
            .collect())
    }

    #[test]
    fn descriptor_filters() {
        let all = descriptor_types("").unwrap();
        assert_eq!(all.len(), METRIC_TYPES.len());
        for (filter, want) in [
            (r#"metric.type = "run.googleapis.com/request_count""#, vec!["run.googleapis.com/request_count"]),
            (
                r#"metric.type = starts_with("run.googleapis.com/container/") AND metric.type = ends_with("utilizations")"#,
                vec!["run.googleapis.com/container/cpu/utilizations", "run.googleapis.com/container/memory/utilizations"],
            ),
            (
                r#"metric.labels:"response_code_class""#,
                vec!["run.googleapis.com/request_count", "run.googleapis.com/request_latencies"],
            ),
            (r#"metric.type = starts_with("runlane.dev/")"#, vec!["runlane.dev/container/oom_kill_count"]),
            (r#"resource.type = "gce_instance""#, vec![]),
        ] {
            assert_eq!(descriptor_types(filter), Ok(want.iter().map(|s| (*s).to_owned()).collect()), "{filter}");
        }
        let revision_metrics: Vec<String> = all.iter().filter(|m| !m.contains("uptime_check")).cloned().collect();
        assert_eq!(descriptor_types(r#"resource.type = "cloud_run_revision""#).unwrap(), revision_metrics);
        assert_eq!(
            descriptor_types(r#"resource.type = "uptime_url""#).unwrap(),
            ["monitoring.googleapis.com/uptime_check/check_passed", "monitoring.googleapis.com/uptime_check/request_latency"]
        );
        let err = descriptor_types(r#"display_name = "x""#).unwrap_err();
        assert!(err.starts_with("metricDescriptors cannot be filtered by `display_name`; fields: metric, resource, project"), "{err}");
    }

    /// Every descriptor says what timeSeries.list accepts: its type, and each label in a filter.
    #[test]
    fn descriptors_agree_with_what_time_series_accept() {
        for m in METRIC_TYPES {
            let d = metric_descriptor_json("p", m);
            assert_eq!(d["name"], format!("projects/p/metricDescriptors/{}", m.name()));
            assert!(!d["description"].as_str().unwrap().is_empty());
            let labels = d["labels"].as_array().unwrap();
            for label in labels {
                let key = label["key"].as_str().unwrap();
                assert!(!label["description"].as_str().unwrap().is_empty(), "{key}");
                let filter = format!(r#"metric.type="{}" AND metric.labels.{key}="x""#, m.name());
                assert!(SeriesFilter::parse(&filter).is_ok(), "{filter}");
            }
            let kind = (d["metricKind"].as_str().unwrap(), d["valueType"].as_str().unwrap());
            let expected = match m {
                MetricType::InstanceCount | MetricType::MaxRequestConcurrencies => ("GAUGE", "INT64"),
                MetricType::RequestCount | MetricType::OomKillCount => ("DELTA", "INT64"),
                MetricType::UptimeCheckPassed => ("GAUGE", "BOOL"),
                MetricType::UptimeRequestLatency => ("GAUGE", "DOUBLE"),
                _ => ("DELTA", "DISTRIBUTION"),
            };
            assert_eq!(kind, expected, "{}", m.name());
        }
        let lat = metric_descriptor_json("p", MetricType::RequestLatencies);
        assert_eq!(lat["labels"][0]["key"], "response_code_class");
        assert_eq!(lat["unit"], "ms");
    }

    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        query_pairs(Some(q))
    }

    #[test]
    fn decodes_repeated_and_escaped_parameters() {
        assert_eq!(
            pairs("filter=metric.type%3D%22x%22+AND+a&aggregation.groupByFields=a&aggregation.groupByFields=b&bad=%zz"),
            [
                ("filter".to_owned(), "metric.type=\"x\" AND a".to_owned()),
                ("aggregation.groupByFields".to_owned(), "a".to_owned()),
                ("aggregation.groupByFields".to_owned(), "b".to_owned()),
                ("bad".to_owned(), "%zz".to_owned()),
            ]
        );
    }

    #[test]
    fn parses_a_console_query() {
        let q = parse_query(
            "default",
            &pairs("filter=metric.type%3D%22run.googleapis.com%2Frequest_count%22&interval.startTime=2027-01-15T07:00:00Z&interval.endTime=2027-01-15T08:00:00Z&aggregation.alignmentPeriod=60s&aggregation.perSeriesAligner=ALIGN_RATE&aggregation.crossSeriesReducer=REDUCE_SUM&aggregation.groupByFields=metric.labels.response_code_class"),
        )
        .unwrap();
        assert_eq!(q.range.seconds(), 3600);
        assert_eq!(
            (q.step, q.aligner, q.reducer),
            (Some(60), Aligner::Rate, Reducer::Sum)
        );
        assert_eq!(q.group_by, ["metric.labels.response_code_class"]);
        let err = parse_query("default", &pairs("filter=metric.type%3D%22run.googleapis.com%2Frequest_count%22&interval.endTime=2027-01-15T08:00:00Z&aggregation.perSeriesAligner=ALIGN_RATE")).unwrap_err();
        assert_eq!(err.message, "The request has errors: aggregation.alignmentPeriod: an aligner needs an alignment period, e.g. 60s");
        // No end: a 400 naming interval.endTime, as Cloud Monitoring answers.
        let err = parse_query("default", &pairs("filter=metric.type%3D%22run.googleapis.com%2Frequest_count%22&interval.startTime=2027-01-15T07:00:00Z")).unwrap_err();
        assert_eq!((err.code.as_u16(), err.violations.to_string().starts_with("interval.endTime: required")), (400, true), "{}", err.message);
    }

    /// The saturation metrics go through the same filter and aggregation as the others.
    #[test]
    fn saturation_metrics_parse_and_render() {
        for (query, metric, aligner, reducer) in [
            (
                "filter=metric.type%3D%22run.googleapis.com%2Fcontainer%2Fcpu%2Futilizations%22+AND+resource.labels.service_name%3D%22jokes%22&aggregation.alignmentPeriod=60s&aggregation.perSeriesAligner=ALIGN_PERCENTILE_99",
                MetricType::CpuUtilizations,
                Aligner::Percentile(0.99),
                Reducer::None,
            ),
            (
                "filter=metric.type%3D%22run.googleapis.com%2Fcontainer%2Fmemory%2Futilizations%22&aggregation.alignmentPeriod=60s&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_PERCENTILE_50",
                MetricType::MemoryUtilizations,
                Aligner::Delta,
                Reducer::Percentile(0.5),
            ),
            (
                "filter=metric.type%3D%22runlane.dev%2Fcontainer%2Foom_kill_count%22&aggregation.alignmentPeriod=86400s&aggregation.perSeriesAligner=ALIGN_DELTA",
                MetricType::OomKillCount,
                Aligner::Delta,
                Reducer::None,
            ),
        ] {
            let q = parse_query("default", &pairs(&format!("{query}&interval.endTime=2027-01-15T08:00:00Z"))).unwrap();
            assert_eq!((q.filter.metric(), q.aligner, q.reducer), (metric, aligner, reducer));
        }
        let series = |metric, value| TimeSeries {
            metric,
            resource: Default::default(),
            labels: Default::default(),
            points: vec![runlane_telemetry::query::Point {
                start: 0,
                end: 60,
                value,
            }],
        };
        let header = |s: &TimeSeries| {
            let v = series_json(s, true);
            (
                v["metricKind"].clone(),
                v["valueType"].clone(),
                v["unit"].clone(),
            )
        };
        let dist = PointValue::Distribution {
            count: 2,
            mean_ms: 0.5,
            buckets: vec![(100, 1), (900, 1)],
        };
        assert_eq!(
            header(&series(MetricType::CpuUtilizations, dist)),
            (json!("DELTA"), json!("DISTRIBUTION"), json!("10^2.%"))
        );
        assert_eq!(
            header(&series(
                MetricType::MemoryUtilizations,
                PointValue::Double(0.5)
            )),
            (json!("GAUGE"), json!("DOUBLE"), json!("10^2.%"))
        );
        assert_eq!(
            header(&series(MetricType::OomKillCount, PointValue::Int(1))),
            (json!("DELTA"), json!("INT64"), json!("1"))
        );
    }

    #[test]
    fn distributions_carry_exact_bounds() {
        let v = value_json(&PointValue::Distribution {
            count: 3,
            mean_ms: 1.0,
            buckets: vec![(10, 1), (12, 2)],
        });
        assert_eq!(
            v["distributionValue"]["bucketOptions"]["explicitBuckets"]["bounds"],
            json!([0.01, 0.011, 0.012, 0.013])
        );
        assert_eq!(
            v["distributionValue"]["bucketCounts"],
            json!(["0", "1", "0", "2"])
        );
    }
}
