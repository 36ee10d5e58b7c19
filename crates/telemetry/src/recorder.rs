//! Recording on the request path: per-revision counters sharded by thread, so
//! that no cache line or lock is shared by all requests, and a bounded channel
//! for request log entries that drops (and counts) rather than waits.
//!
//! A [`RevisionRecorder`] is owned by the router's backend of a revision; the
//! first request it records registers it with the [`Registry`] (one lock,
//! once per revision), which the collector drains once a second.
//! Recording a request costs two clock reads (vDSO, no syscall) and a handful
//! of uncontended atomic additions on this thread's shard.
//!
//! Latency is kept by status class (1xx … 9xx), each class's histogram indexed
//! by the code's hundreds, so the hot path does the same additions as with one
//! histogram. A class's histogram is allocated the first time the shard records
//! a response of that class (once per revision, shard and class; most revisions
//! only ever allocate 2xx's), so memory follows the classes actually answered.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

use http::header::HeaderValue;
use http::{Method, Uri, Version};
use tokio::sync::mpsc;

use crate::histogram::{bucket_of, BUCKETS};
use crate::interval::{merge_sparse, ClassLatency, Gauge, Interval, LATENCY_CLASSES};

/// Status codes 100..=999 each have a counter.
const FIRST_CODE: u16 = 100;
const CODES: usize = 900;

/// At most this many shards per recorder.
pub const MAX_SHARDS: usize = 16;

/// One thread's counters for one revision, on its own cache lines.
#[repr(align(128))]
struct Shard {
    /// Requests recorded since the last drain: lets the drain skip idle shards.
    touched: AtomicU32,
    codes: [AtomicU32; CODES],
    /// Latency histograms by status class (index 0 for 1xx), allocated on first use.
    latency: [OnceLock<Box<[AtomicU32]>>; LATENCY_CLASSES as usize],
    latency_sum_us: [AtomicU64; LATENCY_CLASSES as usize],
    request_bytes: AtomicU64,
    response_bytes: AtomicU64,
    /// Started minus finished on this shard (may go negative; the sum is right).
    in_flight: AtomicI64,
}

impl Shard {
    fn new() -> Shard {
        Shard {
            touched: AtomicU32::new(0),
            codes: std::array::from_fn(|_| AtomicU32::new(0)),
            latency: std::array::from_fn(|_| OnceLock::new()),
            latency_sum_us: std::array::from_fn(|_| AtomicU64::new(0)),
            request_bytes: AtomicU64::new(0),
            response_bytes: AtomicU64::new(0),
            in_flight: AtomicI64::new(0),
        }
    }
}

/// What a finished request adds to its revision's numbers.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub status: u16,
    pub latency: Duration,
    pub request_bytes: u64,
    pub response_bytes: u64,
}

/// One revision's request counters. Cheap to record into from any thread.
pub struct RevisionRecorder {
    service: Box<str>,
    revision: Box<str>,
    shards: Box<[Shard]>,
    registered: AtomicBool,
}

impl std::fmt::Debug for RevisionRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevisionRecorder")
            .field("service", &self.service)
            .field("revision", &self.revision)
            .finish_non_exhaustive()
    }
}

/// Shards per recorder: the machine's parallelism (what the router's worker
/// threads number), at most [`MAX_SHARDS`].
fn shard_count() -> usize {
    static COUNT: OnceLock<usize> = OnceLock::new();
    *COUNT.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(4, usize::from)
            .clamp(1, MAX_SHARDS)
    })
}

/// This thread's shard index, assigned round-robin the first time it records.
fn shard_index(shards: usize) -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    SHARD.with(|s| *s) % shards
}

impl RevisionRecorder {
    pub fn new(service: &str, revision: &str) -> Arc<RevisionRecorder> {
        Arc::new(RevisionRecorder {
            service: service.into(),
            revision: revision.into(),
            shards: (0..shard_count()).map(|_| Shard::new()).collect(),
            registered: AtomicBool::new(false),
        })
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// Bytes this recorder holds: the per-revision memory of the request path,
    /// which grows by one histogram per shard and status class answered.
    pub fn memory_bytes(&self) -> usize {
        let histograms: usize = self
            .shards
            .iter()
            .flat_map(|s| s.latency.iter())
            .filter(|h| h.get().is_some())
            .count();
        std::mem::size_of::<Self>()
            + self.shards.len() * std::mem::size_of::<Shard>()
            + histograms * BUCKETS * std::mem::size_of::<AtomicU32>()
            + self.service.len()
            + self.revision.len()
    }

    /// A request started: counted in flight until [`RevisionRecorder::finish`]
    /// (or [`RevisionRecorder::abandon`]). Touches only this thread's shard.
    pub fn begin(&self) -> Started {
        self.shard().in_flight.fetch_add(1, Ordering::Relaxed);
        Started { probe: false }
    }

    /// Counts a finished request (an uptime check's only as in flight: see [`Probes`]).
    pub fn finish(&self, started: Started, outcome: &Outcome) {
        if started.probe {
            self.abandon(started);
        } else {
            self.record(outcome);
        }
    }

    /// A started request that ends without an outcome (not counted).
    pub fn abandon(&self, started: Started) {
        let Started { .. } = started;
        self.shard().in_flight.fetch_sub(1, Ordering::Relaxed);
    }

    fn shard(&self) -> &Shard {
        &self.shards[shard_index(self.shards.len())]
    }

    fn record(&self, outcome: &Outcome) {
        let shard = self.shard();
        let status = outcome.status.clamp(FIRST_CODE, 999);
        shard.codes[usize::from(status - FIRST_CODE)].fetch_add(1, Ordering::Relaxed);
        let class = usize::from(status / 100 - 1);
        let us = u64::try_from(outcome.latency.as_micros()).unwrap_or(u64::MAX);
        let histogram = shard.latency[class]
            .get_or_init(|| (0..BUCKETS).map(|_| AtomicU32::new(0)).collect());
        histogram[usize::from(bucket_of(us))].fetch_add(1, Ordering::Relaxed);
        shard.latency_sum_us[class].fetch_add(us, Ordering::Relaxed);
        shard
            .request_bytes
            .fetch_add(outcome.request_bytes, Ordering::Relaxed);
        shard
            .response_bytes
            .fetch_add(outcome.response_bytes, Ordering::Relaxed);
        shard.in_flight.fetch_sub(1, Ordering::Relaxed);
        // Last, so a drain that sees it sees the counts above (or the next one will).
        shard.touched.fetch_add(1, Ordering::Release);
    }

    /// Takes everything recorded since the last drain, plus the in-flight
    /// sample. Counts recorded concurrently land in this drain or the next,
    /// never in both and never in neither.
    pub fn drain(&self) -> Interval {
        let mut codes = [0u64; CODES];
        let mut latency: [Option<Vec<u64>>; LATENCY_CLASSES as usize] = Default::default();
        let mut sums = [0u64; LATENCY_CLASSES as usize];
        let mut interval = Interval::default();
        let mut in_flight = 0i64;
        for shard in self.shards.iter() {
            in_flight += shard.in_flight.load(Ordering::Relaxed);
            if shard.touched.swap(0, Ordering::Acquire) == 0 {
                continue;
            }
            take_all(&shard.codes, &mut codes);
            for (class, histogram) in shard.latency.iter().enumerate() {
                if let Some(cells) = histogram.get() {
                    let into = latency[class].get_or_insert_with(|| vec![0; BUCKETS]);
                    take_all(cells, into);
                    sums[class] += shard.latency_sum_us[class].swap(0, Ordering::Relaxed);
                }
            }
            interval.request_bytes += shard.request_bytes.swap(0, Ordering::Relaxed);
            interval.response_bytes += shard.response_bytes.swap(0, Ordering::Relaxed);
        }
        interval.codes = nonzero(&codes, FIRST_CODE);
        for (class, counts) in latency.iter().enumerate() {
            let Some(counts) = counts else { continue };
            let sparse = nonzero(counts, 0);
            if sparse.is_empty() {
                continue;
            }
            merge_sparse(&mut interval.latency, &sparse);
            interval.latency_sum_us += sums[class];
            interval.class_latency.push(ClassLatency {
                class: class as u8 + 1,
                latency: sparse,
                sum_us: sums[class],
            });
        }
        interval.concurrency = Gauge::sample(in_flight.max(0) as u64);
        interval
    }

    fn requests_in_flight(&self) -> i64 {
        self.shards
            .iter()
            .map(|s| s.in_flight.load(Ordering::Relaxed))
            .sum()
    }
}

fn take_all(cells: &[AtomicU32], into: &mut [u64]) {
    for (cell, total) in cells.iter().zip(into.iter_mut()) {
        if cell.load(Ordering::Relaxed) != 0 {
            *total += u64::from(cell.swap(0, Ordering::Relaxed));
        }
    }
}

fn nonzero(counts: &[u64], offset: u16) -> Vec<(u16, u64)> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, c)| (i as u16 + offset, *c))
        .collect()
}

/// A request in flight, from [`RevisionRecorder::begin`]; hand it back to
/// `finish` or `abandon` of the same recorder.
#[derive(Debug)]
#[must_use = "a started request must be finished or abandoned"]
pub struct Started {
    /// An uptime check of runlane's own: in flight while it runs, never counted.
    probe: bool,
}

/// The local addresses runlane's uptime checks are sending from right now. The
/// checker binds its socket, registers the address, then connects; the router asks
/// about the peer of each request it records. A check is told from user traffic by
/// the kernel, not by anything a client can send: only this process owns the source
/// port while the check runs, so no other client can pass as a check (a
/// `GoogleStackdriverMonitoring-UptimeChecks` user agent alone counts as user traffic).
/// Costs the router one relaxed load per request while no check is in flight.
#[derive(Debug, Default)]
pub struct Probes {
    active: std::sync::atomic::AtomicUsize,
    sources: Mutex<Vec<std::net::SocketAddr>>,
}

impl Probes {
    /// `source` is sending a check until the returned guard is dropped.
    pub fn register(self: &Arc<Self>, source: std::net::SocketAddr) -> ProbeGuard {
        self.sources.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(source);
        self.active.fetch_add(1, Ordering::SeqCst);
        ProbeGuard { probes: self.clone(), source }
    }

    pub fn contains(&self, peer: std::net::SocketAddr) -> bool {
        self.active.load(Ordering::Relaxed) != 0
            && self
                .sources
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(&peer)
    }
}

/// A check's source address, registered while it lives.
#[derive(Debug)]
pub struct ProbeGuard {
    probes: Arc<Probes>,
    source: std::net::SocketAddr,
}

impl Drop for ProbeGuard {
    fn drop(&mut self) {
        let mut sources = self.probes.sources.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = sources.iter().position(|s| *s == self.source) {
            sources.swap_remove(i);
            self.probes.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The recorders the collector drains. Touched once per revision by the data
/// plane (registration), once a second by the collector.
#[derive(Debug, Default)]
pub struct Registry {
    recorders: Mutex<Vec<Arc<RevisionRecorder>>>,
}

impl Registry {
    /// Registers `recorder` unless it already is.
    pub fn register(&self, recorder: &Arc<RevisionRecorder>) {
        // Read first: a swap would write the shared line on every request.
        if recorder.registered.load(Ordering::Acquire)
            || recorder.registered.swap(true, Ordering::AcqRel)
        {
            return;
        }
        self.recorders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(recorder.clone());
    }

    /// Drains every recorder, as `(service, revision, interval)`. A recorder that
    /// only the registry still holds is drained one last time and forgotten.
    pub fn drain(&self) -> Vec<(String, String, Interval)> {
        let mut recorders = self
            .recorders
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::with_capacity(recorders.len());
        recorders.retain(|r| {
            let orphan = Arc::strong_count(r) == 1;
            out.push((r.service.to_string(), r.revision.to_string(), r.drain()));
            !orphan
        });
        out
    }

    /// Requests in flight per revision right now.
    pub fn in_flight(&self) -> Vec<(String, String, i64)> {
        let recorders = self
            .recorders
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        recorders
            .iter()
            .map(|r| {
                (
                    r.service.to_string(),
                    r.revision.to_string(),
                    r.requests_in_flight(),
                )
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.recorders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the router knows of one request, for its log entry. Header values are
/// kept as they came (cheap clones); text is made off the request path.
#[derive(Clone, Debug)]
pub struct RequestRecord {
    /// The revision's recorder (for its service and revision names).
    pub recorder: Arc<RevisionRecorder>,
    /// When the response finished.
    pub end: SystemTime,
    pub outcome: Outcome,
    pub method: Method,
    pub uri: Uri,
    pub host: Option<HeaderValue>,
    pub version: Version,
    pub user_agent: Option<HeaderValue>,
    pub referer: Option<HeaderValue>,
    pub remote_ip: IpAddr,
    /// `traceparent` or `X-Cloud-Trace-Context`.
    pub trace: Option<HeaderValue>,
    /// The instance that answered (`127.0.0.1:PORT`), if one did.
    pub upstream: Option<http::uri::Authority>,
}

/// The data plane's side of telemetry: where recorders register and request
/// log entries go. Cheap to clone.
#[derive(Clone, Debug)]
pub struct RequestSink {
    inner: Arc<SinkInner>,
}

#[derive(Debug)]
struct SinkInner {
    registry: Arc<Registry>,
    logs: Option<mpsc::Sender<RequestRecord>>,
    dropped: Arc<AtomicU64>,
    probes: Arc<Probes>,
}

impl RequestSink {
    pub(crate) fn new(
        registry: Arc<Registry>,
        logs: mpsc::Sender<RequestRecord>,
        dropped: Arc<AtomicU64>,
        probes: Arc<Probes>,
    ) -> RequestSink {
        RequestSink {
            inner: Arc::new(SinkInner {
                registry,
                logs: Some(logs),
                dropped,
                probes,
            }),
        }
    }

    /// A sink that counts into recorders nobody reads and keeps no logs
    /// (for routers built without telemetry, e.g. in tests).
    pub fn detached() -> RequestSink {
        RequestSink {
            inner: Arc::new(SinkInner {
                registry: Arc::default(),
                logs: None,
                dropped: Arc::default(),
                probes: Arc::default(),
            }),
        }
    }

    /// Whether request log entries are kept (if not, don't build them).
    pub fn wants_logs(&self) -> bool {
        self.inner.logs.is_some()
    }

    /// Starts a request of the revision `recorder` records.
    pub fn start(&self, recorder: &Arc<RevisionRecorder>) -> Started {
        self.inner.registry.register(recorder);
        recorder.begin()
    }

    /// Starts a request from `peer`: one of runlane's uptime checks ([`Probes`]) is in
    /// flight like any request but never counted in the revision's request metrics.
    pub fn start_from(&self, recorder: &Arc<RevisionRecorder>, peer: std::net::SocketAddr) -> Started {
        let mut started = self.start(recorder);
        started.probe = self.inner.probes.contains(peer);
        started
    }

    /// Queues a request log entry; never waits. A full queue drops it and counts.
    pub fn log(&self, record: RequestRecord) {
        if let Some(tx) = &self.inner.logs {
            if tx.try_send(record).is_err() {
                self.inner.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Request log entries dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.inner.dropped.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: u16, ms: u64) -> Outcome {
        Outcome {
            status,
            latency: Duration::from_millis(ms),
            request_bytes: 10,
            response_bytes: 100,
        }
    }

    #[test]
    fn counts_exactly_across_threads_and_drains() {
        let registry = Registry::default();
        let rec = RevisionRecorder::new("s", "s-1");
        registry.register(&rec);
        registry.register(&rec);
        assert_eq!(registry.len(), 1);
        std::thread::scope(|s| {
            for t in 0..4u16 {
                let rec = rec.clone();
                s.spawn(move || {
                    for i in 0..1000u16 {
                        let status = if i % 10 == 0 { 500 } else { 200 + t };
                        let started = rec.begin();
                        rec.finish(started, &outcome(status, 5));
                    }
                });
            }
        });
        let held = rec.begin();
        let drained = registry.drain();
        assert_eq!(drained.len(), 1);
        let interval = &drained[0].2;
        assert_eq!(
            interval.codes,
            [(200, 900), (201, 900), (202, 900), (203, 900), (500, 400)]
        );
        assert_eq!(interval.latency, [(bucket_of(5000), 4000)]);
        assert_eq!(interval.latency_sum_us, 4000 * 5000);
        let classes: Vec<_> = interval.class_latency.iter().map(|c| (c.class, c.latency.clone(), c.sum_us)).collect();
        assert_eq!(
            classes,
            [
                (2, vec![(bucket_of(5000), 3600)], 3600 * 5000),
                (5, vec![(bucket_of(5000), 400)], 400 * 5000),
            ]
        );
        assert_eq!((interval.request_bytes, interval.response_bytes), (40_000, 400_000));
        assert_eq!(interval.concurrency, Gauge::sample(1));
        rec.abandon(held);
        let again = registry.drain().remove(0).2;
        assert_eq!(again.requests(), 0);
        assert_eq!(again.concurrency, Gauge::sample(0));
    }

    #[test]
    fn a_recorder_nobody_holds_is_drained_once_more_then_forgotten() {
        let registry = Registry::default();
        let rec = RevisionRecorder::new("s", "s-1");
        registry.register(&rec);
        let started = rec.begin();
        rec.finish(started, &outcome(204, 1));
        drop(rec);
        let drained = registry.drain();
        assert_eq!(drained[0].2.codes, [(204, 1)]);
        assert!(registry.is_empty());
    }

    /// A revision that only answers 2xx holds what it did with one histogram; each
    /// further status class answered adds one histogram per shard that saw it.
    #[test]
    fn memory_per_revision_follows_the_classes_answered() {
        let rec = RevisionRecorder::new("service", "service-00001-abc");
        let empty = rec.memory_bytes();
        assert!(empty <= MAX_SHARDS * 4 * 1024, "{empty}");
        let started = rec.begin();
        rec.finish(started, &outcome(200, 3));
        let one = rec.memory_bytes();
        assert_eq!(one - empty, BUCKETS * 4);
        assert!(
            MAX_SHARDS * (one - empty) + empty <= MAX_SHARDS * 11 * 1024,
            "{one}"
        );
        for status in [204, 503, 500] {
            let started = rec.begin();
            rec.finish(started, &outcome(status, 1));
        }
        assert_eq!(rec.memory_bytes() - one, BUCKETS * 4, "5xx added one histogram");
    }

    /// Errors answered fast and successes slowly keep apart.
    #[test]
    fn latency_is_kept_by_status_class() {
        let rec = RevisionRecorder::new("s", "s-1");
        for i in 0..100u64 {
            let started = rec.begin();
            if i % 4 == 0 {
                rec.finish(started, &outcome(503, 2));
            } else {
                rec.finish(started, &outcome(200, 300));
            }
        }
        let started = rec.begin();
        rec.finish(started, &outcome(999, 1));
        let interval = rec.drain();
        assert_eq!(interval.latency_of_classes(|c| c == 2), (vec![(bucket_of(300_000), 75)], 75 * 300_000));
        assert_eq!(interval.latency_of_classes(|c| c == 5), (vec![(bucket_of(2000), 25)], 25 * 2000));
        assert_eq!(interval.latency_of_classes(|c| c == 9), (vec![(bucket_of(1000), 1)], 1000));
        assert_eq!(interval.latency_sum_us, 75 * 300_000 + 25 * 2000 + 1000);
        assert!(rec.drain().class_latency.is_empty());
    }

    /// A request from a source address an uptime check registered is in flight while it
    /// runs but never counted; the same address once the check is done counts again.
    #[test]
    fn requests_from_a_running_uptime_check_are_not_counted() {
        let (tx, _rx) = mpsc::channel(2);
        let probes = Arc::new(Probes::default());
        let sink = RequestSink::new(Arc::default(), tx, Arc::default(), probes.clone());
        let rec = RevisionRecorder::new("s", "s-1");
        let checker: std::net::SocketAddr = "127.0.0.1:40001".parse().unwrap();
        let user: std::net::SocketAddr = "127.0.0.1:40002".parse().unwrap();
        let guard = probes.register(checker);
        let check = sink.start_from(&rec, checker);
        let other = sink.start_from(&rec, user);
        assert_eq!(rec.drain().concurrency.max, 2);
        rec.finish(check, &outcome(200, 5));
        rec.finish(other, &outcome(200, 5));
        assert_eq!(rec.drain().codes, [(200, 1)]);
        drop(guard);
        assert!(!probes.contains(checker));
        let again = sink.start_from(&rec, checker);
        rec.finish(again, &outcome(503, 5));
        assert_eq!(rec.drain().codes, [(503, 1)]);
    }

    #[test]
    fn a_full_log_queue_drops_and_counts() {
        let (tx, mut rx) = mpsc::channel(2);
        let sink = RequestSink::new(Arc::default(), tx, Arc::default(), Arc::default());
        let rec = RevisionRecorder::new("s", "s-1");
        let record = RequestRecord {
            recorder: rec.clone(),
            end: SystemTime::UNIX_EPOCH,
            outcome: outcome(200, 1),
            method: Method::GET,
            uri: Uri::from_static("/"),
            host: None,
            version: Version::HTTP_11,
            user_agent: None,
            referer: None,
            remote_ip: IpAddr::from([127, 0, 0, 1]),
            trace: None,
            upstream: None,
        };
        for _ in 0..5 {
            sink.log(record.clone());
        }
        assert_eq!(sink.dropped(), 3);
        assert!(rx.try_recv().is_ok());
    }
}
