//! Telemetry benchmarks (not a timed test): fills a metrics store with 30 days
//! of per-second synthetic traffic for one revision exactly as the collector
//! writes it (seconds rolled into minutes and hours, pruned as it goes), then
//! times the range queries SLOs and the console make; and times the per-request
//! recording cost on the router's path.
//!
//! Also times storing request log entries (the log writer's cost per request).
//!
//! Run: `cargo bench -p runlane-telemetry --bench telemetry` (add `-- --days N`
//! for a shorter fill, `-- --logs` for the log entries only). Prints one line per
//! measurement.
#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

use std::sync::Arc;
use std::time::Duration;

use runlane_telemetry::histogram::bucket_of;
use runlane_telemetry::logs::HttpRequest;
use runlane_telemetry::query::{Aligner, Catalog, Metrics, Reducer, SeriesFilter, SeriesQuery};
use runlane_telemetry::interval::{Gauge, Interval};
use runlane_telemetry::tsdb::SecondIntervals;
use runlane_telemetry::{
    LogDb, LogEntry, LogFilter, LogKind, LogQuery, MetricsDb, Outcome, Range, RevisionRecorder,
};
use tokio::time::Instant;

struct Default;
impl Catalog for Default {
    fn locate(&self, _: &str) -> (String, String) {
        ("default".into(), "us-central1".into())
    }
}

fn interval(second: i64) -> Interval {
    // ~100 requests a second, 1% 5xx, latencies spread over ~30 buckets.
    let x = (second.wrapping_mul(2_654_435_761) as u64) >> 7;
    let mut latency: Vec<(u16, u64)> = (0..30u64)
        .map(|i| (bucket_of(800 + i * i * 37 + (x % 50)), 1 + (x >> i) % 6))
        .collect();
    latency.sort_unstable();
    latency.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 += a.1;
            true
        } else {
            false
        }
    });
    let n: u64 = latency.iter().map(|(_, c)| c).sum();
    Interval {
        codes: vec![(200, n - n / 100), (500, n / 100)],
        latency,
        latency_sum_us: n * 5_000,
        request_bytes: n * 100,
        response_bytes: n * 2_000,
        concurrency: Gauge::sample(3),
        instances: [
            Gauge::default(),
            Gauge::sample(2),
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
        ],
        startup: Vec::new(),
        ..Interval::default()
    }
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    samples.sort_unstable();
    (samples[runs / 2], samples[runs - 1])
}

/// Stores 200 batches of 1,024 request log entries, as the log writer does under
/// load, and prints the cost per entry.
fn log_inserts() {
    let dir = tempfile::tempdir().unwrap();
    let db = LogDb::open(&dir.path().join("logs.db")).unwrap();
    let entry = |i: i64| LogEntry {
        id: 0,
        timestamp: 1_800_000_000_000_000_000 + i * 50_000,
        namespace: "default".into(),
        service: "bench".into(),
        revision: "bench-00001-abc".into(),
        instance: "bench-00001-abc-1".into(),
        location: "us-central1".into(),
        kind: LogKind::Request,
        severity: 200,
        text: None,
        json: None,
        http: Some(HttpRequest {
            method: "GET".into(),
            url: "http://bench.localhost:8080/".into(),
            status: 200,
            latency_us: 180,
            request_size: 0,
            response_size: 26,
            user_agent: "wrk".into(),
            remote_ip: "127.0.0.1".into(),
            referer: String::new(),
            protocol: "HTTP/1.1".into(),
        }),
        trace: None,
    };
    const BATCHES: i64 = 200;
    const BATCH: i64 = 1024;
    let batches: Vec<Vec<LogEntry>> = (0..BATCHES)
        .map(|b| (0..BATCH).map(|i| entry(b * BATCH + i)).collect())
        .collect();
    let t = Instant::now();
    for batch in &batches {
        db.insert(batch).unwrap();
    }
    let took = t.elapsed();
    println!(
        "request log: {} entries stored in batches of {BATCH} in {took:.2?} ({:.2} µs per entry)",
        BATCHES * BATCH,
        took.as_secs_f64() * 1e6 / (BATCHES * BATCH) as f64
    );
    // What reading them costs: the newest page, and a filter that scans them all.
    for (what, filter) in [
        ("the newest 100", ""),
        ("a scan of all for 5xx", "httpRequest.status>=500"),
    ] {
        let q = LogQuery {
            filter: LogFilter::parse(filter).unwrap(),
            projects: Vec::new(),
            newest_first: true,
            limit: 100,
            after: None,
        };
        let (median, max) = time(5, || db.query(&q).unwrap());
        println!("request log query, {what}: {median:.2?} median, {max:.2?} max");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    log_inserts();
    if args.iter().any(|a| a == "--logs") {
        return;
    }
    let days: i64 = args
        .iter()
        .position(|a| a == "--days")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let db = MetricsDb::open(&dir.path().join("metrics.db")).unwrap();
    let now: i64 = 1_800_000_000;
    let start = now - days * 86_400;

    let fill = Instant::now();
    let mut t = start;
    while t < now {
        let end = (t + 3600).min(now);
        let batch: Vec<SecondIntervals> = (t..end)
            .map(|s| {
                (
                    s,
                    vec![("bench".to_owned(), "bench-00001-abc".to_owned(), interval(s))],
                )
            })
            .collect();
        db.write_seconds(&batch).unwrap();
        if (end - start) % 86_400 == 0 {
            db.prune(end).unwrap();
        }
        t = end;
    }
    db.prune(now).unwrap();
    let size = std::fs::metadata(dir.path().join("metrics.db")).map_or(0, |m| m.len())
        + std::fs::metadata(dir.path().join("metrics.db-wal")).map_or(0, |m| m.len());
    println!(
        "fill: {days} days of per-second data for 1 revision in {:.1?} ({:.0} seconds written/s); store {:.1} MiB",
        fill.elapsed(),
        (now - start) as f64 / fill.elapsed().as_secs_f64(),
        size as f64 / (1 << 20) as f64
    );

    let m = Metrics {
        db: &db,
        catalog: &Default,
    };
    let counts = SeriesFilter::parse(
        r#"metric.type="run.googleapis.com/request_count" resource.labels.revision_name="bench-00001-abc" metric.labels.response_code_class="5xx""#,
    )
    .unwrap();
    for (label, seconds) in [
        ("5m", 300),
        ("1h", 3600),
        ("6h", 21_600),
        ("3d", 259_200),
        ("30d", 2_592_000),
    ] {
        let seconds = seconds.min(days * 86_400);
        let (median, max) = time(50, || {
            m.count_by_revision(&counts, Range::last(seconds, now - 17), now)
                .unwrap()
        });
        println!("sum over {label:>3} (one revision, 5xx count, stitched tiers): median {median:.2?}, max {max:.2?}");
    }
    let latency = SeriesFilter::parse(r#"metric.type="run.googleapis.com/request_latencies" resource.labels.revision_name="bench-00001-abc""#).unwrap();
    let (median, max) = time(20, || {
        m.series(
            &SeriesQuery {
                filter: latency.clone(),
                range: Range::last(days * 86_400, now),
                step: Some(days * 86_400),
                aligner: Aligner::Delta,
                reducer: Reducer::Percentile(0.99),
                group_by: vec![],
            },
            now,
        )
        .unwrap()
    });
    println!("p99 latency over {days}d (merged distribution): median {median:.2?}, max {max:.2?}");
    for (label, range, step) in [
        ("15m @ 1s", 900, 1),
        ("1h @ 1min", 3600, 60),
        ("1d @ 5min", 86_400, 300),
        ("7d @ 1h", 604_800, 3600),
        ("30d @ 1h", 2_592_000, 3600),
    ] {
        let range = range.min(days * 86_400);
        let q = SeriesQuery {
            filter: SeriesFilter::parse(r#"metric.type="run.googleapis.com/request_count" resource.labels.revision_name="bench-00001-abc""#).unwrap(),
            range: Range::last(range, now - now % step),
            step: Some(step),
            aligner: Aligner::Rate,
            reducer: Reducer::Sum,
            group_by: vec!["metric.labels.response_code_class".into()],
        };
        let (median, max) = time(20, || m.series(&q, now).unwrap());
        println!("chart {label:>10} (rate by class): median {median:.2?}, max {max:.2?}");
    }

    // Recording on the request path.
    let outcome = Outcome {
        status: 200,
        latency: Duration::from_micros(1234),
        request_bytes: 0,
        response_bytes: 100,
    };
    for threads in [1, 2, 4] {
        let rec = RevisionRecorder::new("bench", "bench-00001-abc");
        let per_thread = 5_000_000 / threads;
        let t = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                let rec = Arc::clone(&rec);
                s.spawn(move || {
                    for _ in 0..per_thread {
                        let started = rec.begin();
                        rec.finish(started, &outcome);
                    }
                });
            }
        });
        let elapsed = t.elapsed();
        let total = per_thread * threads;
        println!(
            "record begin+finish, {threads} thread(s): {:.1} ns per request per thread ({:.1} M requests/s in all)",
            elapsed.as_nanos() as f64 * threads as f64 / total as f64,
            total as f64 / elapsed.as_secs_f64() / 1e6
        );
        assert_eq!(rec.drain().requests(), total as u64);
    }
}
