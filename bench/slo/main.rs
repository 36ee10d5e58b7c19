//! SLO query benchmark (not a timed test): fills a metrics store with 30 days of
//! per-second synthetic traffic for one revision, as the collector writes it, then
//! times what one SLO evaluation asks of it: an availability SLO's SLI over its whole
//! 30-day period, and over the burn-rate lookbacks (5 min, 1 h, 6 h, 3 d), through the
//! same compiled SLI the evaluator and the console's status call use. The target for the
//! 30-day query is 10 ms.
//!
//! Run: `cargo bench -p runlane-alerting --bench slo` (add `-- --days N` for a shorter
//! fill). Prints one line per measurement with the median and max of the runs.
#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

use std::time::Duration;

use runlane_alerting::counts::compile;
use runlane_alerting::model::{Labels, PeriodSpec, Sli, Slo};
use runlane_telemetry::histogram::bucket_of;
use runlane_telemetry::query::{Catalog, Metrics};
use runlane_telemetry::interval::{Gauge, Interval};
use runlane_telemetry::tsdb::SecondIntervals;
use runlane_telemetry::{MetricsDb, Range};
use tokio::time::Instant;

struct OneLocation;
impl Catalog for OneLocation {
    fn locate(&self, _: &str) -> (String, String) {
        ("default".into(), "us-central1".into())
    }
}

/// About 100 requests a second, 1% of them 5xx, latencies over a few buckets.
fn interval(second: i64) -> Interval {
    let x = (second.wrapping_mul(2_654_435_761) as u64) >> 7;
    let n = 95 + x % 10;
    Interval {
        codes: vec![(200, n - n / 100), (500, n / 100)],
        latency: vec![(bucket_of(900), n / 2), (bucket_of(4_000), n - n / 2)],
        latency_sum_us: n * 2_500,
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
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
    println!(
        "fill: {days} days of per-second data for 1 revision in {:.1?}",
        fill.elapsed()
    );

    let slo = Slo {
        project: "default".into(),
        service: "bench".into(),
        id: "availability".into(),
        display_name: "availability".into(),
        sli: Sli::Ratio {
            good: Some(r#"metric.type="run.googleapis.com/request_count" metric.labels.response_code_class="2xx""#.into()),
            bad: Some(r#"metric.type="run.googleapis.com/request_count" metric.labels.response_code_class="5xx""#.into()),
            total: None,
        },
        goal: 0.99,
        period: PeriodSpec::Rolling { secs: 30 * 86_400 },
        user_labels: Labels::new(),
    };
    let compiled = compile(&slo, Some("bench")).unwrap();
    let metrics = Metrics {
        db: &db,
        catalog: &OneLocation,
    };
    for (label, seconds) in [
        ("5m", 300),
        ("1h", 3600),
        ("6h", 21_600),
        ("3d", 259_200),
        ("30d", 2_592_000),
    ] {
        let seconds = seconds.min(days * 86_400);
        let measured = compiled
            .measure(&metrics, Range::last(seconds, now), now)
            .unwrap();
        assert!(measured
            .counts
            .sli()
            .is_some_and(|sli| sli > 0.98 && sli < 1.0));
        let (median, max) = time(50, || {
            compiled
                .measure(&metrics, Range::last(seconds, now), now)
                .unwrap()
        });
        println!("availability SLI over {label:>3} (good 2xx and bad 5xx, stitched tiers): median {median:.2?}, max {max:.2?}");
    }
    let (median, max) = time(50, || {
        [2_592_000_i64, 300, 3600, 21_600].map(|s| {
            compiled
                .measure(&metrics, Range::last(s.min(days * 86_400), now), now)
                .unwrap()
        })
    });
    println!("one evaluation (30d period + 5m, 1h, 6h burn lookbacks): median {median:.2?}, max {max:.2?}");
}
