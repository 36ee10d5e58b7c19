//! What a run measured, in bounded memory. Each worker records into its own `Shard`
//! (a short buffer of samples and a few counters, behind an uncontended lock); the
//! coordinator drains the shards into `Totals` (one HDR histogram, status and error
//! counts) every progress tick, so memory does not grow with the length of the run.
//! `Totals::summary` then computes what the reports show. No I/O, no clock reads.

use hdrhistogram::Histogram;
use std::collections::BTreeMap;
use std::time::Duration;

/// Latencies are recorded in nanoseconds, from 1 ns to one hour, to 3 significant
/// digits (HdrHistogram's usual precision); longer ones saturate at one hour.
const HIGHEST_NS: u64 = 3_600_000_000_000;

/// Why a request got no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The connection could not be opened.
    Connect,
    /// No complete response within `-t`.
    Timeout,
    /// The server closed or reset the connection before the response was complete.
    Closed,
    /// The response was not valid HTTP.
    Protocol,
    /// Any other I/O error.
    Io,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 5] = [
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Closed,
        ErrorKind::Protocol,
        ErrorKind::Io,
    ];

    /// The stable name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Closed => "closed",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Io => "io",
        }
    }
}

/// Errors of one kind: how many, and the first message seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorTally {
    pub count: u64,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    latency_ns: u64,
    status: u16,
}

/// One worker's measurements since the coordinator last drained them.
#[derive(Debug, Default)]
pub struct Shard {
    samples: Vec<Sample>,
    errors: [ErrorTally; ErrorKind::ALL.len()],
    bytes: u64,
    late: u64,
    max_lag: Duration,
}

impl Shard {
    /// A response with `status` and `bytes` of body, `latency` after it was due.
    pub fn response(&mut self, latency: Duration, status: u16, bytes: u64) {
        self.samples.push(Sample {
            latency_ns: duration_ns(latency),
            status,
        });
        self.bytes += bytes;
    }

    /// A request that got no response; `message` is called only for the first of its kind.
    pub fn error(&mut self, kind: ErrorKind, message: impl FnOnce() -> String) {
        let tally = &mut self.errors[kind as usize];
        tally.count += 1;
        if tally.message.is_none() {
            tally.message = Some(message());
        }
    }

    /// A request sent `lag` after its intended time because every connection was busy.
    pub fn late(&mut self, lag: Duration) {
        self.late += 1;
        self.max_lag = self.max_lag.max(lag);
    }
}

/// Everything measured so far.
#[derive(Debug, Clone)]
pub struct Totals {
    histogram: Histogram<u64>,
    statuses: BTreeMap<u16, u64>,
    errors: [ErrorTally; ErrorKind::ALL.len()],
    bytes: u64,
    late: u64,
    max_lag: Duration,
}

impl Default for Totals {
    fn default() -> Self {
        Totals::new()
    }
}

impl Totals {
    pub fn new() -> Totals {
        Totals {
            histogram: Histogram::new_with_bounds(1, HIGHEST_NS, 3)
                .expect("valid histogram bounds"),
            statuses: BTreeMap::new(),
            errors: Default::default(),
            bytes: 0,
            late: 0,
            max_lag: Duration::ZERO,
        }
    }

    /// Moves a shard's measurements into the totals, leaving the shard empty (its
    /// buffer keeps its capacity, so workers do not allocate again).
    pub fn absorb(&mut self, shard: &mut Shard) {
        let mut last_status = (0u16, 0u64);
        for s in shard.samples.drain(..) {
            self.histogram.saturating_record(s.latency_ns.max(1));
            // Runs of the same status are the rule; count them before touching the map.
            if s.status == last_status.0 {
                last_status.1 += 1;
            } else {
                if last_status.1 > 0 {
                    *self.statuses.entry(last_status.0).or_default() += last_status.1;
                }
                last_status = (s.status, 1);
            }
        }
        if last_status.1 > 0 {
            *self.statuses.entry(last_status.0).or_default() += last_status.1;
        }
        for (total, tally) in self.errors.iter_mut().zip(shard.errors.iter_mut()) {
            total.count += std::mem::take(&mut tally.count);
            if total.message.is_none() {
                total.message = tally.message.take();
            }
        }
        self.bytes += std::mem::take(&mut shard.bytes);
        self.late += std::mem::take(&mut shard.late);
        self.max_lag = self.max_lag.max(std::mem::take(&mut shard.max_lag));
    }

    /// Requests finished so far: responses and errors.
    pub fn requests(&self) -> u64 {
        self.histogram.len() + self.error_count()
    }

    pub fn error_count(&self) -> u64 {
        self.errors.iter().map(|e| e.count).sum()
    }

    /// Errors plus responses with status 400 and above.
    pub fn failures(&self) -> u64 {
        self.error_count() + self.statuses.range(400..).map(|(_, n)| n).sum::<u64>()
    }

    /// The latency quantile so far, if any response came back.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        (!self.histogram.is_empty())
            .then(|| Duration::from_nanos(self.histogram.value_at_quantile(q)))
    }

    /// The summary of a run that lasted `elapsed`; `intended` is how many requests the
    /// open-model schedule meant to send by the end (None in the closed model).
    pub fn summary(&self, elapsed: Duration, intended: Option<u64>, interrupted: bool) -> Summary {
        let responses = self.histogram.len();
        let requests = self.requests();
        let successes = self.statuses.range(200..400).map(|(_, n)| n).sum();
        Summary {
            elapsed,
            requests,
            responses,
            successes,
            failures: self.failures(),
            bytes: self.bytes,
            statuses: self.statuses.iter().map(|(s, n)| (*s, *n)).collect(),
            errors: ErrorKind::ALL
                .iter()
                .zip(&self.errors)
                .filter(|(_, t)| t.count > 0)
                .map(|(k, t)| ErrorSummary {
                    kind: *k,
                    count: t.count,
                    message: t.message.clone().unwrap_or_default(),
                })
                .collect(),
            latency: (responses > 0).then(|| Latency::of(&self.histogram)),
            schedule: intended.map(|intended| ScheduleSummary {
                intended,
                late: self.late,
                max_lag: self.max_lag,
                unsent: if interrupted {
                    0
                } else {
                    intended.saturating_sub(requests)
                },
            }),
            interrupted,
        }
    }

    /// The histogram, for `--hdr-out`.
    pub fn histogram(&self) -> &Histogram<u64> {
        &self.histogram
    }
}

/// A finished run, as the reports show it.
#[derive(Debug, Clone)]
pub struct Summary {
    /// From the start of the run to the last response (or the interruption).
    pub elapsed: Duration,
    /// Requests finished: responses plus errors.
    pub requests: u64,
    pub responses: u64,
    /// Responses with status 200–399.
    pub successes: u64,
    /// Errors plus responses with status ≥ 400.
    pub failures: u64,
    /// Response body bytes.
    pub bytes: u64,
    pub statuses: Vec<(u16, u64)>,
    pub errors: Vec<ErrorSummary>,
    /// None when no response came back.
    pub latency: Option<Latency>,
    /// Open model only.
    pub schedule: Option<ScheduleSummary>,
    /// Stopped by Ctrl-C.
    pub interrupted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummary {
    pub kind: ErrorKind,
    pub count: u64,
    pub message: String,
}

/// How well an open-model run kept to its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleSummary {
    /// Requests the schedule meant to send before the run ended.
    pub intended: u64,
    /// Sent more than `LATE_AFTER` behind schedule because every connection was busy.
    pub late: u64,
    /// The largest such delay.
    pub max_lag: Duration,
    /// Due before the end of the run but never sent: the run ended first.
    pub unsent: u64,
}

/// Latency statistics of the responses.
#[derive(Debug, Clone)]
pub struct Latency {
    pub min: Duration,
    pub mean: Duration,
    pub stdev: Duration,
    pub max: Duration,
    /// (percentile, value) for `PERCENTILES`.
    pub percentiles: Vec<(f64, Duration)>,
    /// hey's histogram: `HISTOGRAM_BUCKETS`+1 marks from min to max, each with the number
    /// of responses above the previous mark and at most this one.
    pub buckets: Vec<(Duration, u64)>,
    histogram: Histogram<u64>,
}

/// The percentiles every report shows.
pub const PERCENTILES: [f64; 7] = [50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99];
const HISTOGRAM_BUCKETS: u64 = 10;

impl Latency {
    fn of(h: &Histogram<u64>) -> Latency {
        let ns = Duration::from_nanos;
        let (min, max) = (h.min(), h.max());
        let step = (max - min) as f64 / HISTOGRAM_BUCKETS as f64;
        let marks: Vec<u64> = (0..=HISTOGRAM_BUCKETS)
            .map(|i| {
                if i == HISTOGRAM_BUCKETS {
                    max
                } else {
                    min + (step * i as f64) as u64
                }
            })
            .collect();
        let mut counts = vec![0u64; marks.len()];
        for v in h.iter_recorded() {
            let value = h.lowest_equivalent(v.value_iterated_to()).clamp(min, max);
            let i = marks.partition_point(|m| *m < value).min(marks.len() - 1);
            counts[i] += v.count_at_value();
        }
        Latency {
            min: ns(min),
            mean: Duration::from_secs_f64(h.mean() / 1e9),
            stdev: Duration::from_secs_f64(h.stdev() / 1e9),
            max: ns(max),
            percentiles: PERCENTILES
                .iter()
                .map(|p| (*p, ns(h.value_at_quantile(p / 100.0))))
                .collect(),
            buckets: marks.into_iter().map(ns).zip(counts).collect(),
            histogram: h.clone(),
        }
    }

    /// Any quantile (0.99 for p99).
    pub fn quantile(&self, q: f64) -> Duration {
        if q >= 1.0 {
            self.max
        } else if q <= 0.0 {
            self.min
        } else {
            Duration::from_nanos(self.histogram.value_at_quantile(q))
        }
    }
}

impl Summary {
    /// Achieved requests per second.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.requests as f64 / secs
        } else {
            0.0
        }
    }

    /// Failures over requests (0 when there were none).
    pub fn error_ratio(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.failures as f64 / self.requests as f64
        }
    }

    pub fn success_ratio(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.successes as f64 / self.requests as f64
        }
    }
}

fn duration_ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Totals from (latency in µs, status) samples and a number of connect errors.
    pub(crate) fn totals(samples: &[(u64, u16)], connect_errors: u64) -> Totals {
        let mut shard = Shard::default();
        for (us, status) in samples {
            shard.response(Duration::from_micros(*us), *status, 10);
        }
        for _ in 0..connect_errors {
            shard.error(ErrorKind::Connect, || "connection refused".to_owned());
        }
        let mut t = Totals::new();
        t.absorb(&mut shard);
        t
    }

    #[test]
    fn counts_statuses_errors_and_bytes() {
        let samples: Vec<(u64, u16)> = (0..100)
            .map(|i| (100 + i, if i % 10 == 0 { 500 } else { 200 }))
            .collect();
        let s = totals(&samples, 5).summary(Duration::from_secs(1), None, false);
        assert_eq!(
            (s.requests, s.responses, s.successes, s.failures, s.bytes),
            (105, 100, 90, 15, 1000)
        );
        assert_eq!(s.statuses, [(200, 90), (500, 10)]);
        assert_eq!(
            s.errors,
            [ErrorSummary {
                kind: ErrorKind::Connect,
                count: 5,
                message: "connection refused".into()
            }]
        );
        assert!((s.error_ratio() - 15.0 / 105.0).abs() < 1e-12);
        assert!((s.rate() - 105.0).abs() < 1e-9);
    }

    #[test]
    fn percentiles_and_heys_histogram() {
        // 1..=1000 µs, once each.
        let samples: Vec<(u64, u16)> = (1..=1000).map(|us| (us, 200)).collect();
        let l = totals(&samples, 0)
            .summary(Duration::from_secs(1), None, false)
            .latency
            .unwrap();
        let close = |d: Duration, us: f64| (d.as_secs_f64() * 1e6 - us).abs() <= us * 0.001 + 0.001;
        assert!(close(l.min, 1.0) && close(l.max, 1000.0), "{l:?}");
        assert!(
            close(l.quantile(0.5), 500.0) && close(l.quantile(0.99), 990.0),
            "{:?}",
            l.quantile(0.99)
        );
        assert_eq!(l.percentiles.len(), PERCENTILES.len());
        assert_eq!(l.buckets.len(), 11);
        assert_eq!(l.buckets.iter().map(|b| b.1).sum::<u64>(), 1000);
        assert_eq!(l.buckets[0].1, 1, "only the fastest sits at the first mark");
        assert!(
            l.buckets[1..].iter().all(|b| (99..=101).contains(&b.1)),
            "{:?}",
            l.buckets
        );
    }

    #[test]
    fn memory_stays_bounded() {
        // Absorbing leaves the shard's buffer empty; the histogram has a fixed size.
        let mut shard = Shard::default();
        let mut t = Totals::new();
        let size = t.histogram.distinct_values();
        for round in 0..100u64 {
            for i in 0..1000 {
                shard.response(Duration::from_micros(round * 1000 + i + 1), 200, 0);
            }
            t.absorb(&mut shard);
            assert!(shard.samples.is_empty());
        }
        assert_eq!(t.requests(), 100_000);
        assert_eq!(t.histogram.distinct_values(), size);
        // An hour-long stall saturates instead of failing.
        shard.response(Duration::from_secs(7200), 200, 0);
        t.absorb(&mut shard);
        assert_eq!(t.requests(), 100_001);
    }

    #[test]
    fn open_model_counts_late_and_unsent() {
        let mut shard = Shard::default();
        shard.late(Duration::from_millis(3));
        shard.late(Duration::from_millis(7));
        shard.response(Duration::from_millis(1), 200, 0);
        let mut t = Totals::new();
        t.absorb(&mut shard);
        let s = t
            .summary(Duration::from_secs(1), Some(10), false)
            .schedule
            .unwrap();
        assert_eq!(
            s,
            ScheduleSummary {
                intended: 10,
                late: 2,
                max_lag: Duration::from_millis(7),
                unsent: 9
            }
        );
    }
}
