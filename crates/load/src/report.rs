//! The report of a run, rendered from the `Summary` into text: hey's layout for people,
//! one JSON object with stable field names (schema `runlane.load/v1`) for machines,
//! and HdrHistogram's percentile-distribution format (`.hgrm`) for `--hdr-out`. The JSON
//! shape lives here only: `Summary` knows nothing of it.

use crate::config::{Config, Pacing, LATE_AFTER};
use crate::stats::Summary;
use crate::threshold::Verdict;
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// hey's report, with runlane's additions (schedule, thresholds).
pub fn text(config: &Config, s: &Summary, verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "\nSummary:");
    let _ = writeln!(w, "  Total:        {:.4} secs", s.elapsed.as_secs_f64());
    if let Some(l) = &s.latency {
        let _ = writeln!(w, "  Slowest:      {}", ms(l.max));
        let _ = writeln!(w, "  Fastest:      {}", ms(l.min));
        let _ = writeln!(w, "  Average:      {}", ms(l.mean));
    }
    let _ = writeln!(w, "  Requests/sec: {:.2}", s.rate());
    let _ = writeln!(
        w,
        "  Requests:     {} ({} responses, {} errors)",
        s.requests,
        s.responses,
        s.requests - s.responses
    );
    let _ = writeln!(
        w,
        "  Success:      {:.2}% (status 200-399)",
        s.success_ratio() * 100.0
    );
    let _ = writeln!(w, "  Total data:   {} bytes", s.bytes);
    if let Some(size) = s.bytes.checked_div(s.responses) {
        let _ = writeln!(w, "  Size/request: {size} bytes");
    }
    if s.interrupted {
        let _ = writeln!(
            w,
            "  Interrupted:  stopped by Ctrl-C; requests in flight are not counted"
        );
    }

    let _ = writeln!(w, "\nLoad:");
    let http = if config.http2 { "HTTP/2" } else { "HTTP/1.1" };
    let keepalive = if config.keepalive {
        ""
    } else {
        ", no keep-alive"
    };
    let _ = writeln!(
        w,
        "  {} {} ({http}{keepalive}, Host {})",
        config.request.method, config.url, config.host_header
    );
    let _ = writeln!(w, "  {}", config.pacing.describe(config.workers));
    if let Some(sch) = &s.schedule {
        let _ = writeln!(w, "  Intended:     {} requests", sch.intended);
        let _ = writeln!(
            w,
            "  Sent late:    {} (more than {} ms behind schedule because every connection was busy; max lag {}){}",
            sch.late,
            LATE_AFTER.as_millis(),
            ms(sch.max_lag),
            if sch.late > 0 { "; add connections with -c if the server was not the cause" } else { "" }
        );
        let _ = writeln!(
            w,
            "  Not sent:     {} (due before the run ended, never sent)",
            sch.unsent
        );
    }

    if let Some(l) = &s.latency {
        let _ = writeln!(w, "\nResponse time histogram:");
        let max_count = l.buckets.iter().map(|b| b.1).max().unwrap_or(0).max(1);
        let width = l
            .buckets
            .iter()
            .map(|b| ms_bare(b.0).len())
            .max()
            .unwrap_or(0);
        let count_width = l
            .buckets
            .iter()
            .map(|b| b.1.to_string().len())
            .max()
            .unwrap_or(0)
            + 2;
        for (mark, count) in &l.buckets {
            let bar = "■".repeat((count * 40 / max_count) as usize);
            let _ = writeln!(
                w,
                "  {:>width$} ms {:<count_width$} |{bar}",
                ms_bare(*mark),
                format!("[{count}]")
            );
        }
        let _ = writeln!(w, "\nLatency distribution:");
        for (p, v) in &l.percentiles {
            let _ = writeln!(w, "  {:<7}{}", format!("p{p}"), ms(*v));
        }
        let _ = writeln!(w, "  {:<7}{}", "max", ms(l.max));
        if matches!(config.pacing, Pacing::Open(_)) {
            let _ = writeln!(
                w,
                "  (from each request's intended send time: coordinated omission corrected)"
            );
        }
    }

    if !s.statuses.is_empty() {
        let _ = writeln!(w, "\nStatus code distribution:");
        for (status, n) in &s.statuses {
            let _ = writeln!(w, "  [{status}] {n} responses");
        }
    }
    if !s.errors.is_empty() {
        let _ = writeln!(w, "\nError distribution:");
        for e in &s.errors {
            let _ = writeln!(w, "  [{}] {}: {}", e.count, e.kind.name(), e.message);
        }
    }
    if !verdicts.is_empty() {
        let _ = writeln!(w, "\nThresholds:");
        for v in verdicts {
            let _ = writeln!(w, "  {v}");
        }
    }
    out
}

/// The JSON report: one object, field names stable (schema `runlane.load/v1`).
pub fn json(config: &Config, s: &Summary, verdicts: &[Verdict]) -> String {
    // Milliseconds from whole nanoseconds, so 75 µs prints as 0.075, not 0.07500000000000001.
    let secs_ms = |d: Duration| d.as_nanos() as f64 / 1e6;
    let report = JsonReport {
        schema: "runlane.load/v1",
        target: JsonTarget {
            url: &config.url,
            method: config.request.method.as_str(),
            host: &config.host_header,
            http: if config.http2 { "2" } else { "1.1" },
            keepalive: config.keepalive,
        },
        load: JsonLoad {
            model: match config.pacing {
                Pacing::Closed => "closed",
                Pacing::Open(_) => "open",
            },
            workers: config.workers,
            threads: config.threads,
            requests_limit: config.limit,
            duration_limit_secs: config.duration.map(|d| d.as_secs_f64()),
            target_rps: match &config.pacing {
                Pacing::Closed => None,
                Pacing::Open(sch) => Some(sch.final_rate()),
            },
        },
        summary: JsonSummary {
            requests: s.requests,
            responses: s.responses,
            successes: s.successes,
            errors: s.requests - s.responses,
            failures: s.failures,
            duration_secs: s.elapsed.as_secs_f64(),
            rps: s.rate(),
            success_ratio: s.success_ratio(),
            error_ratio: s.error_ratio(),
            bytes: s.bytes,
            interrupted: s.interrupted,
        },
        latency_ms: s.latency.as_ref().map(|l| {
            let p = |q: f64| secs_ms(l.quantile(q / 100.0));
            JsonLatency {
                min: secs_ms(l.min),
                mean: secs_ms(l.mean),
                stdev: secs_ms(l.stdev),
                p50: p(50.0),
                p75: p(75.0),
                p90: p(90.0),
                p95: p(95.0),
                p99: p(99.0),
                p99_9: p(99.9),
                p99_99: p(99.99),
                max: secs_ms(l.max),
            }
        }),
        histogram_ms: s.latency.as_ref().map_or_else(Vec::new, |l| {
            l.buckets
                .iter()
                .map(|(le, count)| JsonBucket {
                    le: secs_ms(*le),
                    count: *count,
                })
                .collect()
        }),
        status_codes: s
            .statuses
            .iter()
            .map(|(code, n)| (code.to_string(), *n))
            .collect(),
        errors: s
            .errors
            .iter()
            .map(|e| JsonError {
                kind: e.kind.name(),
                count: e.count,
                message: &e.message,
            })
            .collect(),
        schedule: s.schedule.map(|sch| JsonSchedule {
            intended: sch.intended,
            late: sch.late,
            late_after_ms: secs_ms(LATE_AFTER),
            max_lag_ms: secs_ms(sch.max_lag),
            unsent: sch.unsent,
        }),
        thresholds: verdicts
            .iter()
            .map(|v| JsonThreshold {
                threshold: &v.threshold.text,
                observed: v.observed,
                unit: v.threshold.metric.unit(),
                breached: v.breached,
            })
            .collect(),
        passed: verdicts.iter().all(|v| !v.breached),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("the report serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    target: JsonTarget<'a>,
    load: JsonLoad,
    summary: JsonSummary,
    latency_ms: Option<JsonLatency>,
    histogram_ms: Vec<JsonBucket>,
    status_codes: BTreeMap<String, u64>,
    errors: Vec<JsonError<'a>>,
    schedule: Option<JsonSchedule>,
    thresholds: Vec<JsonThreshold<'a>>,
    passed: bool,
}

#[derive(Serialize)]
struct JsonTarget<'a> {
    url: &'a str,
    method: &'a str,
    host: &'a str,
    http: &'static str,
    keepalive: bool,
}

#[derive(Serialize)]
struct JsonLoad {
    model: &'static str,
    workers: usize,
    threads: usize,
    requests_limit: Option<u64>,
    duration_limit_secs: Option<f64>,
    target_rps: Option<f64>,
}

#[derive(Serialize)]
struct JsonSummary {
    requests: u64,
    responses: u64,
    successes: u64,
    errors: u64,
    failures: u64,
    duration_secs: f64,
    rps: f64,
    success_ratio: f64,
    error_ratio: f64,
    bytes: u64,
    interrupted: bool,
}

/// Keys have no dots (`p99_9`, not `p99.9`), so `jq .latency_ms.p99_9` works.
#[derive(Serialize)]
struct JsonLatency {
    min: f64,
    mean: f64,
    stdev: f64,
    p50: f64,
    p75: f64,
    p90: f64,
    p95: f64,
    p99: f64,
    p99_9: f64,
    p99_99: f64,
    max: f64,
}

#[derive(Serialize)]
struct JsonBucket {
    le: f64,
    count: u64,
}

#[derive(Serialize)]
struct JsonError<'a> {
    kind: &'static str,
    count: u64,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSchedule {
    intended: u64,
    late: u64,
    late_after_ms: f64,
    max_lag_ms: f64,
    unsent: u64,
}

#[derive(Serialize)]
struct JsonThreshold<'a> {
    threshold: &'a str,
    observed: Option<f64>,
    unit: &'static str,
    breached: bool,
}

/// HdrHistogram's percentile distribution (`outputPercentileDistribution`, 5 ticks per
/// half distance), values in milliseconds: what HdrHistogram's plotter reads.
pub fn hgrm(h: &Histogram<u64>) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = write!(
        w,
        "{:>12} {:>14} {:>10} {:>14}\n\n",
        "Value", "Percentile", "TotalCount", "1/(1-Percentile)"
    );
    let scale = 1e6; // ns → ms
    let mut total = 0u64;
    for v in h.iter_quantiles(5) {
        total += v.count_since_last_iteration();
        let value = v.value_iterated_to() as f64 / scale;
        let q = v.quantile_iterated_to();
        if q < 1.0 {
            let _ = writeln!(
                w,
                "{value:>12.3} {q:>2.12} {total:>10} {:>14.2}",
                1.0 / (1.0 - q)
            );
        } else {
            let _ = writeln!(w, "{value:>12.3} {q:>2.12} {total:>10}");
        }
    }
    let _ = writeln!(
        w,
        "#[Mean    = {:>12.3}, StdDeviation   = {:>12.3}]",
        h.mean() / scale,
        h.stdev() / scale
    );
    let _ = writeln!(
        w,
        "#[Max     = {:>12.3}, Total count    = {:>12}]",
        h.max() as f64 / scale,
        h.len()
    );
    out
}

fn ms(d: Duration) -> String {
    format!("{} ms", ms_bare(d))
}

fn ms_bare(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Flags;
    use crate::stats::tests::totals;
    use clap::Parser;

    fn config(args: &[&str]) -> Config {
        let argv = crate::flags::normalize_argv(
            std::iter::once("runlane load").chain(args.iter().copied()),
        );
        Config::from_flags(&Flags::try_parse_from(argv).unwrap(), None, 2).unwrap()
    }

    #[test]
    fn text_report_reads_like_heys() {
        let samples: Vec<(u64, u16)> = (1..=100)
            .map(|us| (us * 10, if us <= 98 { 200 } else { 503 }))
            .collect();
        let summary = totals(&samples, 1).summary(Duration::from_secs(2), Some(101), false);
        let c = config(&["--rate", "50", "-n", "101", "http://jokes.localhost:8080/"]);
        let verdicts = crate::threshold::judge(
            &crate::threshold::parse("p99>250ms,error-rate>1%").unwrap(),
            &summary,
        );
        let text = text(&c, &summary, &verdicts);
        for line in [
            "  Total:        2.0000 secs",
            "  Requests/sec: 50.50",
            "  Requests:     101 (100 responses, 1 errors)",
            "  Success:      97.03% (status 200-399)",
            "  GET http://jokes.localhost:8080/ (HTTP/1.1, Host jokes.localhost:8080)",
            "  open model: 50 requests/s on 50 connections, latency from intended send times",
            "  Intended:     101 requests",
            "  p50    0.500 ms",
            "  max    1.000 ms",
            "  [200] 98 responses",
            "  [503] 2 responses",
            "  [1] connect: connection refused",
            "  ok       p99>250ms (observed 0.990 ms)",
            "  BREACHED error-rate>1% (observed 2.97%)",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "no line {line:?} in:\n{text}"
            );
        }
        assert!(text.contains('■'), "{text}");
    }

    #[test]
    fn hgrm_ends_at_the_maximum() {
        let samples: Vec<(u64, u16)> = (1..=1000).map(|us| (us, 200)).collect();
        let t = totals(&samples, 0);
        let out = hgrm(t.histogram());
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.starts_with('#'))
            .collect();
        let last: Vec<&str> = rows.last().unwrap().split_whitespace().collect();
        assert_eq!(last, ["1.000", "1.000000000000", "1000"], "{out}");
        assert!(
            out.contains("#[Max     =        1.000, Total count    =         1000]"),
            "{out}"
        );
    }
}
