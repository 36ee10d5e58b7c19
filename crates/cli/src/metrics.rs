//! `runlane metrics SERVICE [--revision R] [--since 10m]`: request rate, error
//! ratio, latency percentiles (of all requests, and of successes (2xx) and errors
//! (5xx) side by side, since fast errors flatter an overall percentile) and saturation (CPU and memory utilisation
//! percentiles, as ratios of the limits) per revision, read from the API's Cloud
//! Monitoring `timeSeries` endpoint (exact counts over the window). Also the
//! saturation `revisions describe` shows ([`saturation`]).

use crate::format::{render_list, render_table, Format};
use crate::http::{encode_query, Api};
use crate::Output;
use runlane_model::duration::human_secs;
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
    /// How far back: 10m, 1h30m, 30d.
    #[arg(long, default_value = "10m", value_parser = parse_since)]
    pub since: u64,
}

/// `90s`, `10m`, `1h30m`, `30d` → whole seconds.
pub fn parse_since(text: &str) -> Result<u64, String> {
    runlane_model::duration::whole_seconds(text, runlane_model::duration::parse_human(text)?)
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
    /// Latency percentiles of successes (2xx) and of errors (5xx), p50, p95, p99.
    pub ok: [Option<f64>; 3],
    pub err: [Option<f64>; 3],
    /// CPU and memory utilisation percentiles, ratios of the limit (0..1).
    pub cpu_p50: Option<f64>,
    pub cpu_p99: Option<f64>,
    pub memory_p50: Option<f64>,
    pub memory_p99: Option<f64>,
}

/// The metric types of saturation.
const CPU: &str = "run.googleapis.com/container/cpu/utilizations";
const MEMORY: &str = "run.googleapis.com/container/memory/utilizations";
const OOM_KILLS: &str = "runlane.dev/container/oom_kill_count";

/// The last `since` seconds up to now, in one alignment period. The interval is spelled
/// out because Cloud Monitoring (and so runlane) requires `interval.endTime`.
fn time_series_path(ns: &str, filter: &str, since: u64, extra: &[(&str, &str)]) -> String {
    let rfc3339 = |t: time::OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let end = time::OffsetDateTime::now_utc();
    let start = end - time::Duration::seconds(since.min(i64::MAX as u64) as i64);
    let period = format!("{since}s");
    let mut q = vec![
        ("filter", filter.to_owned()),
        ("interval.startTime", rfc3339(start)),
        ("interval.endTime", rfc3339(end)),
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
    let mut scope = format!(" AND resource.labels.service_name=\"{}\"", args.service);
    if let Some(r) = &args.revision {
        scope.push_str(&format!(" AND resource.labels.revision_name=\"{r}\""));
    }
    let rows = revision_rows(api, ns, &scope, args.since).await?;
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
                "successLatencyMs": { "p50": r.ok[0], "p95": r.ok[1], "p99": r.ok[2] },
                "errorLatencyMs": { "p50": r.err[0], "p95": r.err[1], "p99": r.err[2] },
                "cpuUtilization": { "p50": r.cpu_p50, "p99": r.cpu_p99 },
                "memoryUtilization": { "p50": r.memory_p50, "p99": r.memory_p99 },
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
            human_secs(args.since)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(io.out, "{}", metrics_table(&rows, args.since))?;
    Ok(ExitCode::SUCCESS)
}

/// Every revision's [`Row`] over the last `since` seconds, for the series `scope` selects
/// (filter clauses, each starting with ` AND `; empty for the whole project).
pub async fn revision_rows(api: &Api, ns: &str, scope: &str, since: u64) -> anyhow::Result<BTreeMap<String, Row>> {
    let filter = format!("metric.type=\"run.googleapis.com/request_count\"{scope}");
    let group = [
        ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
        ("aggregation.crossSeriesReducer", "REDUCE_SUM"),
        ("aggregation.groupByFields", "resource.labels.revision_name"),
        ("aggregation.groupByFields", "metric.labels.response_code_class"),
    ];
    let counts = api.get(&time_series_path(ns, &filter, since, &group)).await?;
    let mut rows = BTreeMap::new();
    absorb_counts(&counts, &mut rows);
    let with_metric = |metric: &str| filter.replace("run.googleapis.com/request_count", metric);
    type Pick = fn(&mut Row) -> &mut Option<f64>;
    let latencies = with_metric("run.googleapis.com/request_latencies");
    let percentiles: [(&str, &str, Pick); 7] = [
        (&latencies, "50", |r| &mut r.p50),
        (&latencies, "95", |r| &mut r.p95),
        (&latencies, "99", |r| &mut r.p99),
        (&with_metric(CPU), "50", |r| &mut r.cpu_p50),
        (&with_metric(CPU), "99", |r| &mut r.cpu_p99),
        (&with_metric(MEMORY), "50", |r| &mut r.memory_p50),
        (&with_metric(MEMORY), "99", |r| &mut r.memory_p99),
    ];
    for (filter, percentile, pick) in percentiles {
        let reducer = format!("REDUCE_PERCENTILE_{percentile}");
        let q = [
            ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
            ("aggregation.crossSeriesReducer", reducer.as_str()),
            ("aggregation.groupByFields", "resource.labels.revision_name"),
        ];
        let reply = api.get(&time_series_path(ns, filter, since, &q)).await?;
        absorb_percentiles(&reply, &mut rows, pick);
    }
    let by_class = format!("{latencies} AND metric.labels.response_code_class=one_of(\"2xx\",\"5xx\")");
    for (i, percentile) in ["50", "95", "99"].into_iter().enumerate() {
        let reducer = format!("REDUCE_PERCENTILE_{percentile}");
        let q = [
            ("aggregation.perSeriesAligner", "ALIGN_DELTA"),
            ("aggregation.crossSeriesReducer", reducer.as_str()),
            ("aggregation.groupByFields", "resource.labels.revision_name"),
            ("aggregation.groupByFields", "metric.labels.response_code_class"),
        ];
        let reply = api.get(&time_series_path(ns, &by_class, since, &q)).await?;
        absorb_class_percentiles(&reply, &mut rows, i);
    }
    Ok(rows)
}

/// One value per revision of `metric` over the last `since` seconds, aligned by `aligner`
/// and reduced across the revision's series by `reducer`, for the series `scope` selects.
pub async fn per_revision(api: &Api, ns: &str, metric: &str, scope: &str, since: u64, aligner: &str, reducer: &str) -> anyhow::Result<BTreeMap<String, f64>> {
    let filter = format!("metric.type=\"{metric}\"{scope}");
    let q = [
        ("aggregation.perSeriesAligner", aligner),
        ("aggregation.crossSeriesReducer", reducer),
        ("aggregation.groupByFields", "resource.labels.revision_name"),
    ];
    let reply = api.get(&time_series_path(ns, &filter, since, &q)).await?;
    let mut out = BTreeMap::new();
    for ts in reply["timeSeries"].as_array().into_iter().flatten() {
        let revision = ts["resource"]["labels"]["revision_name"].as_str().unwrap_or("").to_owned();
        let point = &ts["points"][0]["value"];
        if let Some(v) = point["doubleValue"].as_f64().or_else(|| point["int64Value"].as_str().and_then(|t| t.parse().ok())).or_else(|| point["int64Value"].as_f64()) {
            out.insert(revision, v);
        }
    }
    Ok(out)
}

/// Sets one percentile per revision from a reply grouped by revision.
fn absorb_percentiles(
    reply: &Value,
    rows: &mut BTreeMap<String, Row>,
    pick: fn(&mut Row) -> &mut Option<f64>,
) {
    for ts in reply["timeSeries"].as_array().into_iter().flatten() {
        let revision = ts["resource"]["labels"]["revision_name"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        *pick(rows.entry(revision).or_default()) = ts["points"][0]["value"]["doubleValue"].as_f64();
    }
}

/// Sets the `i`th percentile (p50, p95, p99) of successes and errors per revision from
/// a reply grouped by revision and status class.
fn absorb_class_percentiles(reply: &Value, rows: &mut BTreeMap<String, Row>, i: usize) {
    for ts in reply["timeSeries"].as_array().into_iter().flatten() {
        let revision = ts["resource"]["labels"]["revision_name"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let row = rows.entry(revision).or_default();
        let value = ts["points"][0]["value"]["doubleValue"].as_f64();
        match ts["metric"]["labels"]["response_code_class"].as_str() {
            Some("2xx") => row.ok[i] = value,
            Some("5xx") => row.err[i] = value,
            _ => {}
        }
    }
}

/// p50/p95/p99 in one cell, `-` when there were none.
fn triple(p: [Option<f64>; 3]) -> String {
    match p {
        [Some(a), Some(b), Some(c)] => format!("{a:.1}/{b:.1}/{c:.1}"),
        _ => "-".to_owned(),
    }
}

/// The table `runlane metrics` prints: one row per revision.
pub fn metrics_table(rows: &BTreeMap<String, Row>, since: u64) -> String {
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(rev, r)| {
            vec![
                rev.clone(),
                r.requests.to_string(),
                format!("{:.2}", r.requests as f64 / since as f64),
                if r.requests > 0 {
                    format!("{:.2}%", 100.0 * r.errors as f64 / r.requests as f64)
                } else {
                    "-".into()
                },
                ms(r.p50),
                ms(r.p95),
                ms(r.p99),
                triple(r.ok),
                triple(r.err),
                percent(r.cpu_p50),
                percent(r.cpu_p99),
                percent(r.memory_p50),
                percent(r.memory_p99),
            ]
        })
        .collect();
    render_table(
        &[
            "REVISION",
            "REQUESTS",
            "REQ/S",
            "5XX",
            "P50 MS",
            "P95 MS",
            "P99 MS",
            "2XX P50/95/99 MS",
            "5XX P50/95/99 MS",
            "CPU P50",
            "CPU P99",
            "MEM P50",
            "MEM P99",
        ],
        &table,
    )
}

/// A ratio as a percent with one decimal (`42.5%`), `-` when there is none.
fn percent(ratio: Option<f64>) -> String {
    ratio.map_or("-".to_owned(), |r| format!("{:.1}%", 100.0 * r))
}

/// A revision's saturation: what `revisions describe` shows.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Saturation {
    /// CPU and memory utilisation p99 over the last minute, ratios of the limit.
    pub cpu_p99: Option<f64>,
    pub memory_p99: Option<f64>,
    /// Instances killed for running out of memory in the last day.
    pub oom_kills: u64,
}

/// How far back [`Saturation`] reads: its percentiles, and its OOM kills.
pub const SATURATION_WINDOW: u64 = 60;
pub const OOM_KILL_WINDOW: u64 = 86_400;

/// Reads a revision's [`Saturation`] from the `timeSeries` API.
pub async fn saturation(api: &Api, ns: &str, revision: &str) -> anyhow::Result<Saturation> {
    let only = |metric: &str| {
        format!("metric.type=\"{metric}\" AND resource.labels.revision_name=\"{revision}\"")
    };
    let p99 = [("aggregation.perSeriesAligner", "ALIGN_PERCENTILE_99")];
    let first_double =
        |reply: &Value| reply["timeSeries"][0]["points"][0]["value"]["doubleValue"].as_f64();
    let cpu = api
        .get(&time_series_path(ns, &only(CPU), SATURATION_WINDOW, &p99))
        .await?;
    let memory = api
        .get(&time_series_path(
            ns,
            &only(MEMORY),
            SATURATION_WINDOW,
            &p99,
        ))
        .await?;
    let delta = [("aggregation.perSeriesAligner", "ALIGN_DELTA")];
    let kills = api
        .get(&time_series_path(
            ns,
            &only(OOM_KILLS),
            OOM_KILL_WINDOW,
            &delta,
        ))
        .await?;
    Ok(Saturation {
        cpu_p99: first_double(&cpu),
        memory_p99: first_double(&memory),
        oom_kills: kills["timeSeries"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|ts| ts["points"].as_array().into_iter().flatten())
            .map(|p| int_value(&p["value"]))
            .sum(),
    })
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
        assert_eq!(parse_since("1h30m"), Ok(5400));
        assert!(parse_since("10µ").unwrap_err().contains("not a duration"), "this panicked once");
        assert!(parse_since("99999999999999999999999s").is_err());
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

    #[test]
    fn percentiles_land_in_their_columns() {
        let reply = json!({"timeSeries": [
            {"resource": {"labels": {"revision_name": "a"}}, "points": [{"value": {"doubleValue": 0.425}}]},
            {"resource": {"labels": {"revision_name": "b"}}, "points": []},
        ]});
        let mut rows = BTreeMap::new();
        absorb_percentiles(&reply, &mut rows, |r| &mut r.cpu_p99);
        assert_eq!((rows["a"].cpu_p99, rows["b"].cpu_p99), (Some(0.425), None));
    }

    #[test]
    fn class_percentiles_land_in_their_columns() {
        let reply = json!({"timeSeries": [
            {"resource": {"labels": {"revision_name": "a"}}, "metric": {"labels": {"response_code_class": "2xx"}}, "points": [{"value": {"doubleValue": 300.5}}]},
            {"resource": {"labels": {"revision_name": "a"}}, "metric": {"labels": {"response_code_class": "5xx"}}, "points": [{"value": {"doubleValue": 1.5}}]},
            {"resource": {"labels": {"revision_name": "a"}}, "metric": {"labels": {"response_code_class": "4xx"}}, "points": [{"value": {"doubleValue": 9.0}}]},
        ]});
        let mut rows = BTreeMap::new();
        absorb_class_percentiles(&reply, &mut rows, 2);
        assert_eq!((rows["a"].ok, rows["a"].err), ([None, None, Some(300.5)], [None, None, Some(1.5)]));
    }

    #[test]
    fn table_cases() {
        fn check(rows: &[(&str, Row)], since: u64, expected: &str) {
            let rows = rows
                .iter()
                .map(|(r, row)| ((*r).to_owned(), row.clone()))
                .collect();
            assert_eq!(metrics_table(&rows, since), expected);
        }
        let busy = Row {
            requests: 600,
            errors: 6,
            p50: Some(2.0),
            p95: Some(10.25),
            p99: Some(101.0),
            ok: [Some(250.0), Some(301.25), Some(310.0)],
            err: [Some(1.0), Some(1.5), Some(2.0)],
            cpu_p50: Some(0.2005),
            cpu_p99: Some(1.0),
            memory_p50: Some(0.5015),
            memory_p99: Some(0.5015),
            ..Row::default()
        };
        // A revision with instances but no requests shows its saturation alone.
        let idle = Row {
            cpu_p50: Some(0.0),
            cpu_p99: Some(0.003),
            memory_p50: Some(0.121),
            memory_p99: Some(0.121),
            ..Row::default()
        };
        check(
            &[("jokes-00001-abc", busy), ("jokes-00002-xyz", idle), ("jokes-00003-new", Row::default())],
            60,
            "REVISION         REQUESTS  REQ/S  5XX    P50 MS  P95 MS  P99 MS  2XX P50/95/99 MS   5XX P50/95/99 MS  CPU P50  CPU P99  MEM P50  MEM P99\n\
             jokes-00001-abc  600       10.00  1.00%  2.0     10.2    101.0   250.0/301.2/310.0  1.0/1.5/2.0       20.1%    100.0%   50.1%    50.1%\n\
             jokes-00002-xyz  0         0.00   -      -       -       -       -                  -                 0.0%     0.3%     12.1%    12.1%\n\
             jokes-00003-new  0         0.00   -      -       -       -       -                  -                 -        -        -        -\n",
        );
    }
}
