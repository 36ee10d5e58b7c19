//! `runlane metrics SERVICE [--revision R] [--since 10m]`: request rate, error
//! ratio and latency percentiles per revision, read from the API's Cloud
//! Monitoring `timeSeries` endpoint (exact counts over the window).

use crate::format::{render_list, render_table, Format};
use crate::http::{encode_query, Api};
use crate::Output;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct MetricsArgs {
    /// The service.
    pub service: String,
    /// Only this revision.
    #[arg(long)]
    pub revision: Option<String>,
    /// How far back: a number with s, m, h or d (10m, 1h, 30d).
    #[arg(long, default_value = "10m", value_parser = parse_since)]
    pub since: u64,
}

/// `90s`, `10m`, `1h`, `30d` → seconds.
pub fn parse_since(text: &str) -> Result<u64, String> {
    let bad = || format!("{text:?} is not a duration; write a number with s, m, h or d, e.g. 10m");
    let (n, unit) = text.split_at(text.len().saturating_sub(1));
    let n: u64 = n.parse().map_err(|_| bad())?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    if n == 0 {
        return Err(bad());
    }
    Ok(n * mult)
}

/// One revision's numbers over the window.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Row {
    pub requests: u64,
    pub errors: u64,
    pub by_class: BTreeMap<String, u64>,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

fn time_series_path(ns: &str, filter: &str, since: u64, extra: &[(&str, &str)]) -> String {
    let period = format!("{since}s");
    let mut q = vec![
        ("filter", filter.to_owned()),
        ("aggregation.alignmentPeriod", period),
    ];
    q.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_query(v)))
        .collect();
    format!("/v3/projects/{ns}/timeSeries?{}", query.join("&"))
}

fn int_value(v: &Value) -> u64 {
    v.get("int64Value")
        .and_then(|s| s.as_str()?.parse().ok())
        .unwrap_or(0)
}

/// Sums the request_count reply into rows per revision.
pub fn absorb_counts(reply: &Value, rows: &mut BTreeMap<String, Row>) {
    for ts in reply["timeSeries"].as_array().into_iter().flatten() {
        let revision = ts["resource"]["labels"]["revision_name"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let class = ts["metric"]["labels"]["response_code_class"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let n: u64 = ts["points"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| int_value(&p["value"]))
            .sum();
        let row = rows.entry(revision).or_default();
        row.requests += n;
        if class == "5xx" {
            row.errors += n;
        }
        *row.by_class.entry(class).or_insert(0) += n;
    }
}

pub async fn run(
    api: &Api,
    ns: &str,
    args: &MetricsArgs,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let mut filter = format!(
        "metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"{}\"",
        args.service
    );
    if let Some(r) = &args.revision {
        filter.push_str(&format!(" AND resource.labels.revision_name=\"{r}\""));
    }
    let group = [
        ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
        ("aggregation.crossSeriesReducer", "REDUCE_SUM"),
        ("aggregation.groupByFields", "resource.labels.revision_name"),
        (
            "aggregation.groupByFields",
            "metric.labels.response_code_class",
        ),
    ];
    let counts = api
        .get(&time_series_path(ns, &filter, args.since, &group))
        .await?;
    let mut rows = BTreeMap::new();
    absorb_counts(&counts, &mut rows);
    let latency_filter = filter.replace(
        "run.googleapis.com/request_count",
        "run.googleapis.com/request_latencies",
    );
    for (reducer, pick) in [
        ("REDUCE_PERCENTILE_50", 0),
        ("REDUCE_PERCENTILE_95", 1),
        ("REDUCE_PERCENTILE_99", 2),
    ] {
        let q = [
            ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
            ("aggregation.crossSeriesReducer", reducer),
            ("aggregation.groupByFields", "resource.labels.revision_name"),
        ];
        let reply = api
            .get(&time_series_path(ns, &latency_filter, args.since, &q))
            .await?;
        for ts in reply["timeSeries"].as_array().into_iter().flatten() {
            let revision = ts["resource"]["labels"]["revision_name"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            let v = ts["points"][0]["value"]["doubleValue"].as_f64();
            let row = rows.entry(revision).or_default();
            match pick {
                0 => row.p50 = v,
                1 => row.p95 = v,
                _ => row.p99 = v,
            }
        }
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|(rev, r)| {
            json!({
                "revision": rev,
                "requests": r.requests,
                "requestsPerSecond": r.requests as f64 / args.since as f64,
                "errorRatio": if r.requests > 0 { r.errors as f64 / r.requests as f64 } else { 0.0 },
                "byClass": r.by_class,
                "latencyMs": { "p50": r.p50, "p95": r.p95, "p99": r.p99 },
            })
        })
        .collect();
    if let Some(text) = render_list(format, &items) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        writeln!(
            io.err,
            "No requests to service [{}] in the last {}.",
            args.service,
            since_text(args.since)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(rev, r)| {
            vec![
                rev.clone(),
                r.requests.to_string(),
                format!("{:.2}", r.requests as f64 / args.since as f64),
                if r.requests > 0 {
                    format!("{:.2}%", 100.0 * r.errors as f64 / r.requests as f64)
                } else {
                    "-".into()
                },
                ms(r.p50),
                ms(r.p95),
                ms(r.p99),
            ]
        })
        .collect();
    write!(
        io.out,
        "{}",
        render_table(
            &["REVISION", "REQUESTS", "REQ/S", "5XX", "P50 MS", "P95 MS", "P99 MS"],
            &table
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

fn since_text(s: u64) -> String {
    match s {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

use std::io::Write as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_parses_units() {
        assert_eq!(parse_since("90s"), Ok(90));
        assert_eq!(parse_since("10m"), Ok(600));
        assert_eq!(parse_since("30d"), Ok(2_592_000));
        assert!(parse_since("10").is_err());
        assert!(parse_since("0m").is_err());
        assert_eq!(since_text(3600), "1h");
    }

    #[test]
    fn counts_add_up_per_revision() {
        let reply = json!({"timeSeries": [
            {"resource": {"labels": {"revision_name": "a"}}, "metric": {"labels": {"response_code_class": "2xx"}}, "points": [{"value": {"int64Value": "7"}}]},
            {"resource": {"labels": {"revision_name": "a"}}, "metric": {"labels": {"response_code_class": "5xx"}}, "points": [{"value": {"int64Value": "3"}}]},
        ]});
        let mut rows = BTreeMap::new();
        absorb_counts(&reply, &mut rows);
        assert_eq!((rows["a"].requests, rows["a"].errors), (10, 3));
    }
}
