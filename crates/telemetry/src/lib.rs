//! runlane's telemetry: per-revision request metrics recorded on the data
//! plane, an embedded time-series store with rollups, request and application
//! logs, the filter languages of Cloud Logging and Cloud Monitoring, and the
//! Prometheus exposition.
//!
//! Code map:
//! - `recorder`: what the router calls per request ([`RequestSink`],
//!   [`RevisionRecorder`]): sharded atomics, a bounded log queue.
//! - `histogram`: the log-linear latency buckets (≤ 0.78% error).
//! - `interval`: one revision's numbers over one interval (a second, a minute
//!   or an hour), and its encoding.
//! - `tsdb`: [`MetricsDb`], the SQLite-backed store with 1 s / 1 min / 1 h tiers.
//! - `query`: Cloud Monitoring-shaped queries ([`query::Metrics`]).
//! - `logs`: [`LogDb`], log entries and the Cloud Logging filter.
//! - `filter`: the shared filter parser.
//! - `prom`: the OpenMetrics text of `/metrics`.
//! - `sqlite`: how the stores open SQLite, and each connection's page cache.
//! - this file: [`Telemetry`], which owns the stores and runs the collector
//!   (once a second), the log writer and the runtime follower; and takes the
//!   runtime's per-instance CPU and memory samples ([`Telemetry::record_usage`])
//!   and OOM kills ([`Telemetry::record_oom_kill`]), saturation's numbers.
//!
//! **Durability.** Metrics: the collector drains the recorders at each wall
//! second boundary and commits that second (and its minute and hour rollups)
//! to `metrics.db` at once. A kill -9 loses what was recorded since the last
//! commit: at most the last 2 seconds (the second in progress plus a second
//! whose commit had not finished). Logs: written as soon as the writer gets
//! them, in batches; a kill -9 loses the entries still queued (under a second
//! of traffic unless the disk is behind, in which case entries are dropped and
//! counted anyway).
//!
//! **Bounds.** Memory per revision: its recorder (≤ 16 shards × 10.6 KB),
//! two open rollup intervals in the writer and a Prometheus entry; the log queues
//! hold at most `log_buffer` entries each. Usage samples wait for the next
//! collector tick as per-revision buckets (≤ 319 per utilisation: per-mille
//! values in the log-linear scheme), whatever the number of instances. Disk:
//! see `tsdb` (per revision ≤ 19,680 rows, aged out after 40 days) and
//! [`LogRetention`].
//!
//! Invariants: the request path never blocks on telemetry (try_send, atomics);
//! telemetry never touches the control-plane database; a wrong answer is never
//! given for an unsupported filter (it is an error).
#![forbid(unsafe_code)]

pub mod filter;
pub mod forecast;
pub mod histogram;
pub mod logs;
mod prom;
pub mod query;
pub mod recorder;
pub mod interval;
mod sqlite;
pub mod tsdb;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runlane_runtime::{InstanceState, LogLine, LogSink, RuntimeSnapshot, Stream};
use tokio::sync::{mpsc, watch};

pub use logs::{LogDb, LogEntry, LogFilter, LogKind, LogQuery, LogRetention, SegmentBuilder};
pub use recorder::{Outcome, RequestRecord, RequestSink, RevisionRecorder, Started};
pub use tsdb::{MetricsDb, Range, UnixSeconds};

use crate::histogram::bucket_of;
use crate::logs::{StoredEntry, StoredHttp};
use crate::recorder::Registry;
use crate::interval::{Gauge, Interval};

/// Settings of [`Telemetry::open`].
#[derive(Clone, Debug)]
pub struct TelemetryConfig {
    /// Request log entries (and, separately, app log lines) queued for the
    /// writer at most; beyond that they are dropped and counted.
    pub log_buffer: usize,
    pub log_retention: LogRetention,
    /// The log store's size on disk at most (`--log-max-bytes`); the oldest entries go
    /// first when it is over.
    pub log_max_bytes: u64,
    /// Below this much free space on the filesystem, logs are not written (and each
    /// entry not written is counted), so metrics and the control plane keep room
    /// (`--log-min-free-bytes`; `None`: a tenth of the filesystem, at most 1 GiB).
    pub log_min_free_bytes: Option<u64>,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            log_buffer: 8192,
            log_retention: LogRetention::default(),
            log_max_bytes: 1 << 30,
            log_min_free_bytes: None,
        }
    }
}

/// A disk that will be full within this at the last hour's rate makes `/healthz` say
/// degraded (the alert on it, `runlane up --disk-forecast-alert`, is sooner by default).
pub const FILL_DEGRADED_WITHIN: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The state of the disk telemetry writes to, as `/healthz` and the console report it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageStatus {
    pub free_bytes: u64,
    pub total_bytes: u64,
    /// The free-space floor below which logs are not written.
    pub floor_bytes: u64,
    /// Log entries not written because the disk was below the floor.
    pub logs_dropped_low_disk: u64,
    /// Seconds of metrics waiting to be written because the disk refused them.
    pub metrics_pending_seconds: usize,
    /// When the disk will be full at the last hour's rate, if it is filling.
    pub fill: Option<forecast::FillForecast>,
}

impl StorageStatus {
    /// Why storage is degraded, if it is.
    pub fn degraded(&self) -> Option<String> {
        if let Some(fill) = self.fill.as_ref().filter(|f| f.full_in < FILL_DEGRADED_WITHIN) {
            return Some(fill.sentence());
        }
        if self.metrics_pending_seconds > 0 {
            return Some(format!(
                "{} second(s) of metrics could not be written yet; free disk space",
                self.metrics_pending_seconds
            ));
        }
        (self.total_bytes > 0 && self.free_bytes < self.floor_bytes).then(|| {
            format!(
                "{:.1} MiB free, below the {:.1} MiB floor: request and app logs are not being written ({} dropped); free disk space or lower --log-max-bytes",
                self.free_bytes as f64 / 1048576.0,
                self.floor_bytes as f64 / 1048576.0,
                self.logs_dropped_low_disk
            )
        })
    }
}

/// (free, total) bytes of the filesystem holding `dir`, as an unprivileged user sees them.
pub fn disk_space(dir: &Path) -> Option<(u64, u64)> {
    let s = nix::sys::statvfs::statvfs(dir).ok()?;
    let unit = s.fragment_size();
    Some((
        s.blocks_available().saturating_mul(unit),
        s.blocks().saturating_mul(unit),
    ))
}

/// Seconds of metrics kept for another try while the disk refuses them (10 minutes).
const METRICS_PENDING_MAX: usize = 600;

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error(transparent)]
    Metrics(#[from] tsdb::TsdbError),
    #[error(transparent)]
    Logs(#[from] logs::LogDbError),
    #[error("cannot create the telemetry directory {path}: {source}; pass a writable --data-dir")]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where a service lives, as the control plane says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServicePlace {
    pub namespace: String,
    pub location: String,
}

/// The default project and region of series whose service is unknown (deleted).
pub const DEFAULT_PROJECT: &str = "default";
pub const DEFAULT_LOCATION: &str = "us-central1";

/// Names the control plane knows: services' places and revisions' services.
#[derive(Debug, Default)]
pub struct CatalogState {
    services: HashMap<String, ServicePlace>,
    revisions: HashMap<String, String>,
    /// The keys of `revisions`, by service, so one service's entries can be replaced alone.
    revisions_by_service: HashMap<String, Vec<String>>,
}

impl CatalogState {
    fn forget(&mut self, service: &str) {
        self.services.remove(service);
        for revision in self
            .revisions_by_service
            .remove(service)
            .unwrap_or_default()
        {
            if self.revisions.get(&revision).is_some_and(|s| s == service) {
                self.revisions.remove(&revision);
            }
        }
    }
}

impl query::Catalog for CatalogState {
    fn locate(&self, service: &str) -> (String, String) {
        match self.services.get(service) {
            Some(p) => (p.namespace.clone(), p.location.clone()),
            None => (DEFAULT_PROJECT.into(), DEFAULT_LOCATION.into()),
        }
    }
}

/// One instance's resource use at one moment, as the runtime samples it from the
/// instance's cgroup (once a second). Utilisations are ratios of the revision's limits:
/// 0 = idle, 1 = at the limit (larger values count as 1).
pub use runlane_runtime::InstanceUsage as UsageSample;

/// Usage handed in since the collector last gathered.
#[derive(Debug, Default)]
struct UsageView {
    /// Samples, by revision: (service, the interval's cpu/memory fields).
    pending: HashMap<String, (String, Interval)>,
    /// OOM kills by revision: (service, kills).
    oom_kills: HashMap<String, (String, u64)>,
    /// The latest call's samples (what `/metrics` shows per instance), and how many
    /// collector ticks have passed since it came.
    latest: Vec<UsageSample>,
    latest_age: u32,
}

/// Ticks after which the latest usage samples are stale (the sampler stopped).
const USAGE_STALE_TICKS: u32 = 3;

/// Telemetry of one runlane: cheap to clone.
#[derive(Clone, Debug)]
pub struct Telemetry {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    dir: PathBuf,
    config: TelemetryConfig,
    metrics: MetricsDb,
    logs: LogDb,
    registry: Arc<Registry>,
    sink: RequestSink,
    requests_rx: Mutex<Option<mpsc::Receiver<RequestRecord>>>,
    request_drops: Arc<AtomicU64>,
    app_drops: Mutex<Option<LogSink>>,
    catalog: Mutex<CatalogState>,
    runtime: Mutex<RuntimeView>,
    prom: Mutex<prom::PromState>,
    usage: Mutex<UsageView>,
    log_write_failures: AtomicU64,
    logs_dropped_low_disk: AtomicU64,
    storage_free_bytes: AtomicU64,
    storage_total_bytes: AtomicU64,
    metrics_pending: std::sync::atomic::AtomicUsize,
    /// The data dir's disk over the last hour, for the fill forecast.
    fill: Mutex<forecast::FillHistory>,
    /// Uptime check runs not yet collected: (series service, check id) → interval.
    uptime: Mutex<HashMap<(String, String), Interval>>,
    /// Where uptime checks are sending from, which the router does not count.
    probes: Arc<recorder::Probes>,
}

/// What the runtime follower extracts from snapshots.
#[derive(Debug, Default)]
struct RuntimeView {
    /// Instances by state, per revision.
    instances: HashMap<String, [u64; 5]>,
    /// Instance id by the address it listens on (to label request logs): loopback
    /// ports for processes, an address of its own for each container.
    ports: HashMap<std::net::SocketAddr, String>,
    /// Startups seen but not yet collected: (revision, µs).
    startups: Vec<(String, u64)>,
    /// (instance, started_at) whose startup was already counted.
    counted: HashSet<(String, SystemTime)>,
}

/// Now as unix nanoseconds (the wall clock, read at the edges only).
pub fn now_ns() -> i64 {
    unix_ns(SystemTime::now())
}

fn unix_ns(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

impl Telemetry {
    /// Opens (or creates) `dir/metrics.db` and `dir/logs.db`.
    pub fn open(dir: &Path, config: TelemetryConfig) -> Result<Telemetry, TelemetryError> {
        std::fs::create_dir_all(dir).map_err(|source| TelemetryError::Dir {
            path: dir.to_owned(),
            source,
        })?;
        let metrics = MetricsDb::open(&dir.join("metrics.db"))?;
        let logs = LogDb::open(&dir.join("logs.db"))?;
        let registry = Arc::new(Registry::default());
        let (tx, rx) = mpsc::channel(config.log_buffer.max(1));
        let request_drops = Arc::new(AtomicU64::new(0));
        let probes = Arc::new(recorder::Probes::default());
        let sink = RequestSink::new(registry.clone(), tx, request_drops.clone(), probes.clone());
        Ok(Telemetry {
            inner: Arc::new(Inner {
                dir: dir.to_owned(),
                config,
                metrics,
                logs,
                registry,
                sink,
                requests_rx: Mutex::new(Some(rx)),
                request_drops,
                app_drops: Mutex::new(None),
                catalog: Mutex::default(),
                runtime: Mutex::default(),
                prom: Mutex::default(),
                usage: Mutex::default(),
                log_write_failures: AtomicU64::new(0),
                logs_dropped_low_disk: AtomicU64::new(0),
                storage_free_bytes: AtomicU64::new(0),
                storage_total_bytes: AtomicU64::new(0),
                metrics_pending: std::sync::atomic::AtomicUsize::new(0),
                fill: Mutex::new(forecast::FillHistory::new(std::time::Duration::from_secs(3600))),
                uptime: Mutex::default(),
                probes,
            }),
        })
    }

    /// Where the files are.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// What the router records into.
    pub fn request_sink(&self) -> RequestSink {
        self.inner.sink.clone()
    }

    pub fn metrics_db(&self) -> &MetricsDb {
        &self.inner.metrics
    }

    pub fn log_db(&self) -> &LogDb {
        &self.inner.logs
    }

    /// Replaces what is known of services (namespace, location) and
    /// revisions (their service). Called by the wiring on every control-plane change.
    pub fn set_catalog(
        &self,
        services: HashMap<String, ServicePlace>,
        revisions: HashMap<String, String>,
    ) {
        let mut c = self
            .inner
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut revisions_by_service: HashMap<String, Vec<String>> = HashMap::new();
        for (revision, service) in &revisions {
            revisions_by_service
                .entry(service.clone())
                .or_default()
                .push(revision.clone());
        }
        c.services = services;
        c.revisions = revisions;
        c.revisions_by_service = revisions_by_service;
    }

    /// Replaces what is known of one service: its place and its revisions' names, or,
    /// with `None`, forgets it and its revisions. A change to one service costs the same
    /// however many others exist (the wiring calls this for each service a change touched).
    pub fn set_catalog_service(&self, service: &str, known: Option<(ServicePlace, Vec<String>)>) {
        let mut c = self
            .inner
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        c.forget(service);
        if let Some((place, revisions)) = known {
            for revision in &revisions {
                c.revisions.insert(revision.clone(), service.to_owned());
            }
            c.services.insert(service.to_owned(), place);
            c.revisions_by_service.insert(service.to_owned(), revisions);
        }
    }

    /// Runs `f` with the catalog (for queries).
    pub fn with_catalog<T>(&self, f: impl FnOnce(&CatalogState) -> T) -> T {
        f(&self
            .inner
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner))
    }

    /// Takes one round of the runtime's per-instance samples (called once a
    /// second by `runlane up`'s sampler): each sample of each instance is one
    /// value of its revision's `container/cpu/utilizations` and
    /// `container/memory/utilizations` distributions for the second the collector
    /// next commits. Cheap: one lock, a few bucket increments per sample.
    /// `/metrics`' per-instance memory gauge shows this call's samples.
    pub fn record_usage(&self, samples: &[UsageSample]) {
        let mut usage = self
            .inner
            .usage
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for s in samples {
            let (Some(cpu), Some(memory)) = (
                interval::per_mille(s.cpu_utilization),
                interval::per_mille(s.memory_utilization),
            ) else {
                continue;
            };
            let (_, interval) = usage
                .pending
                .entry(s.revision.clone())
                .or_insert_with(|| (s.service.clone(), Interval::default()));
            interval::merge_sparse(&mut interval.cpu, &[(bucket_of(cpu), 1)]);
            interval::merge_sparse(&mut interval.memory, &[(bucket_of(memory), 1)]);
            interval.cpu_sum += cpu;
            interval.memory_sum += memory;
        }
        usage.latest.clear();
        usage.latest.extend_from_slice(samples);
        usage.latest_age = 0;
        drop(usage);
        self.inner
            .prom
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .observe_usage(samples);
    }

    /// Where runlane's uptime checks register their source addresses.
    pub fn probes(&self) -> Arc<recorder::Probes> {
        self.inner.probes.clone()
    }

    /// Records one run of uptime check `check_id` of `host` in `project`
    /// (`monitoring.googleapis.com/uptime_check/check_passed` and `…/request_latency`),
    /// in the second the collector next commits.
    pub fn record_uptime_check(&self, project: &str, host: &str, check_id: &str, passed: bool, latency_ms: u64) {
        let mut uptime = self.inner.uptime.lock().unwrap_or_else(PoisonError::into_inner);
        let interval = uptime
            .entry((interval::uptime_series(project, host), check_id.to_owned()))
            .or_default();
        if passed {
            interval.checks_passed += 1;
        } else {
            interval.checks_failed += 1;
        }
        interval.check_latency_ms.merge(Gauge::sample(latency_ms));
    }

    /// Counts an instance of `revision` killed for running out of memory
    /// (`runlane.dev/container/oom_kill_count`, `runlane_container_oom_kills_total`).
    pub fn record_oom_kill(&self, service: &str, revision: &str) {
        let mut usage = self
            .inner
            .usage
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        usage
            .oom_kills
            .entry(revision.to_owned())
            .or_insert_with(|| (service.to_owned(), 0))
            .1 += 1;
    }

    /// Request log entries dropped because the writer was behind.
    pub fn request_logs_dropped(&self) -> u64 {
        self.inner.request_drops.load(Ordering::Relaxed)
    }

    /// App log lines dropped because the writer was behind.
    pub fn app_logs_dropped(&self) -> u64 {
        self.inner
            .app_drops
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map_or(0, LogSink::dropped)
    }

    /// The disk as the log writer last saw it (checked before every batch).
    pub fn storage(&self) -> StorageStatus {
        let total_bytes = self.inner.storage_total_bytes.load(Ordering::Relaxed);
        StorageStatus {
            free_bytes: self.inner.storage_free_bytes.load(Ordering::Relaxed),
            total_bytes,
            floor_bytes: self.floor(total_bytes),
            logs_dropped_low_disk: self.inner.logs_dropped_low_disk.load(Ordering::Relaxed),
            metrics_pending_seconds: self.inner.metrics_pending.load(Ordering::Relaxed),
            fill: self.fill_forecast(),
        }
    }

    /// Adds a look at the data dir's disk to the last hour's; returns the fill forecast.
    pub fn record_disk(&self, sample: forecast::DiskSample) -> Option<forecast::FillForecast> {
        let mut fill = self.inner.fill.lock().unwrap_or_else(PoisonError::into_inner);
        fill.push(sample);
        fill.forecast()
    }

    /// The fill forecast of the samples so far, and the latest sample.
    pub fn fill_forecast(&self) -> Option<forecast::FillForecast> {
        self.inner.fill.lock().unwrap_or_else(PoisonError::into_inner).forecast()
    }

    /// The latest look at the data dir's disk.
    pub fn disk_sample(&self) -> Option<forecast::DiskSample> {
        self.inner.fill.lock().unwrap_or_else(PoisonError::into_inner).latest().cloned()
    }

    /// The free-space floor below which logs are not written, on a filesystem of
    /// `total_bytes`.
    pub fn log_floor(&self, total_bytes: u64) -> u64 {
        self.floor(total_bytes)
    }

    fn floor(&self, total_bytes: u64) -> u64 {
        self.inner
            .config
            .log_min_free_bytes
            .unwrap_or((total_bytes / 10).min(1 << 30))
    }

    /// Checks the disk; false when it is below the floor (logs must not be written).
    fn disk_has_room(&self) -> bool {
        let Some((free, total)) = disk_space(&self.inner.dir) else {
            return true;
        };
        self.inner.storage_free_bytes.store(free, Ordering::Relaxed);
        self.inner.storage_total_bytes.store(total, Ordering::Relaxed);
        free >= self.floor(total)
    }

    /// `/metrics`, in the OpenMetrics text format, with the router's queue depth per
    /// (service, revision) as the caller read it.
    pub fn prometheus_text(&self, queued: Vec<(String, String, u64)>) -> String {
        let persisted = self.inner.metrics.persisted_until().unwrap_or(0);
        let state = self
            .inner
            .prom
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        prom::encode(
            &state,
            prom::Extra {
                request_logs_dropped: self.request_logs_dropped(),
                app_logs_dropped: self.app_logs_dropped(),
                persisted_until: persisted,
                log_write_failures: self.inner.log_write_failures.load(Ordering::Relaxed),
                logs_dropped_low_disk: self.inner.logs_dropped_low_disk.load(Ordering::Relaxed),
                storage_free_bytes: self.inner.storage_free_bytes.load(Ordering::Relaxed),
                fill: self.fill_forecast(),
                queued,
            },
        )
    }

    /// Runs the collector, the log writer and the runtime follower until
    /// `shutdown`; then writes what is left and returns.
    pub async fn run(
        self,
        runtime: watch::Receiver<Arc<RuntimeSnapshot>>,
        app_lines: mpsc::Receiver<LogLine>,
        app_sink: LogSink,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) {
        *self
            .inner
            .app_drops
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(app_sink);
        let requests = self
            .inner
            .requests_rx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .expect("Telemetry::run is called once");
        let stop = tokio_util_like::Stop::new();
        let follower = tokio::spawn(self.clone().follow_runtime(runtime));
        let writer = tokio::spawn(self.clone().write_logs(requests, app_lines, stop.clone()));
        let collector = tokio::spawn(self.clone().collect(stop.clone()));
        shutdown.await;
        stop.fire();
        let _ = collector.await;
        let _ = writer.await;
        follower.abort();
    }

    // === the collector ===

    async fn collect(self, stop: tokio_util_like::Stop) {
        let mut last_prune = 0i64;
        // Seconds the disk refused, written with the next second (a full disk must not
        // lose the counts the router already handed over).
        let mut pending: Vec<tsdb::SecondIntervals> = Vec::new();
        loop {
            // Wake just after the next wall-clock second.
            let now = now_ns();
            let next = (now.div_euclid(1_000_000_000) + 1) * 1_000_000_000;
            let wait = Duration::from_nanos((next - now) as u64 + 5_000_000);
            let stopping = tokio::select! {
                () = tokio::time::sleep(wait) => false,
                () = stop.fired() => true,
            };
            let second = now_ns().div_euclid(1_000_000_000) - if stopping { 0 } else { 1 };
            let intervals = self.gather();
            let this = self.clone();
            let prune = second - last_prune >= 60;
            if prune {
                last_prune = second;
            }
            pending.push((second, intervals));
            let batch = std::mem::take(&mut pending);
            let result = tokio::task::spawn_blocking(move || {
                let written = this.inner.metrics.write_seconds(&batch);
                if written.is_ok() && prune {
                    if let Err(e) = this.inner.metrics.prune(second) {
                        tracing::warn!(error = %e, "could not prune metrics");
                    }
                }
                (written, batch)
            })
            .await;
            match result {
                Ok((Ok(()), _)) => {}
                Ok((Err(e), batch)) => {
                    tracing::warn!(error = %e, seconds = batch.len(), "could not write metrics; keeping them for the next second");
                    pending = batch;
                    if pending.len() > METRICS_PENDING_MAX {
                        let lost = pending.len() - METRICS_PENDING_MAX;
                        tracing::error!(lost, "metrics waited too long for the disk; the oldest seconds are dropped");
                        pending.drain(..lost);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "metrics writer panicked"),
            }
            self.inner.metrics_pending.store(pending.len(), Ordering::Relaxed);
            if stopping {
                return;
            }
        }
    }

    /// Drains the recorders and adds the instance samples: this second's intervals.
    fn gather(&self) -> Vec<(String, String, Interval)> {
        let drained = self.inner.registry.drain();
        let (instances, startups) = {
            let mut rt = self
                .inner
                .runtime
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            (rt.instances.clone(), std::mem::take(&mut rt.startups))
        };
        let (usage, oom_kills, latest) = {
            let mut u = self
                .inner
                .usage
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            u.latest_age += 1;
            if u.latest_age > USAGE_STALE_TICKS {
                u.latest.clear();
            }
            (
                std::mem::take(&mut u.pending),
                std::mem::take(&mut u.oom_kills),
                u.latest.clone(),
            )
        };
        let catalog = self
            .inner
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut by_revision: HashMap<String, (String, Interval)> = HashMap::new();
        for (revision, (service, interval)) in usage {
            by_revision.insert(revision, (service, interval));
        }
        for (revision, (service, kills)) in oom_kills {
            by_revision
                .entry(revision)
                .or_insert_with(|| (service, Interval::default()))
                .1
                .oom_kills += kills;
        }
        for (service, revision, interval) in drained {
            let entry = by_revision
                .entry(revision)
                .or_insert_with(|| (service, Interval::default()));
            let concurrency = entry.1.concurrency.sum + interval.concurrency.sum;
            entry.1.merge(&interval);
            entry.1.concurrency = Gauge::sample(concurrency);
        }
        let service_of = |revision: &str, by: &HashMap<String, (String, Interval)>| {
            by.get(revision)
                .map(|(s, _)| s.clone())
                .or_else(|| catalog.revisions.get(revision).cloned())
        };
        for (revision, counts) in instances {
            let Some(service) = service_of(&revision, &by_revision) else {
                continue;
            };
            let entry = by_revision
                .entry(revision)
                .or_insert_with(|| (service, Interval::default()));
            for (g, n) in entry.1.instances.iter_mut().zip(counts) {
                *g = Gauge::sample(n);
            }
        }
        for (revision, us) in startups {
            let Some(service) = service_of(&revision, &by_revision) else {
                continue;
            };
            let entry = by_revision
                .entry(revision)
                .or_insert_with(|| (service, Interval::default()));
            interval::merge_sparse(&mut entry.1.startup, &[(bucket_of(us), 1)]);
        }
        drop(catalog);
        let intervals: Vec<(String, String, Interval)> = by_revision
            .into_iter()
            .map(|(revision, (service, interval))| (service, revision, interval))
            .collect();
        let mut prom = self
            .inner
            .prom
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        prom.absorb(&intervals);
        prom.set_memory(&latest);
        drop(prom);
        let mut intervals = intervals;
        let uptime = std::mem::take(&mut *self.inner.uptime.lock().unwrap_or_else(PoisonError::into_inner));
        intervals.extend(uptime.into_iter().map(|((service, check), interval)| (service, check, interval)));
        intervals
    }

    // === the runtime follower ===

    async fn follow_runtime(self, mut rx: watch::Receiver<Arc<RuntimeSnapshot>>) {
        loop {
            let snapshot = rx.borrow_and_update().clone();
            self.observe(&snapshot);
            if rx.changed().await.is_err() {
                return;
            }
        }
    }

    fn observe(&self, snapshot: &RuntimeSnapshot) {
        let mut rt = self
            .inner
            .runtime
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let rt = &mut *rt;
        rt.instances.clear();
        rt.ports.clear();
        let mut live = HashSet::new();
        for (name, status) in &snapshot.revisions {
            let mut counts = [0u64; 5];
            for i in &status.instances {
                let state = match i.state {
                    InstanceState::Starting => 0,
                    InstanceState::Ready => 1,
                    InstanceState::Stopping => 2,
                    InstanceState::CrashLoop { .. } => 3,
                    InstanceState::Failed => 4,
                };
                counts[state] += 1;
                rt.ports.insert(i.addr, i.id.clone());
                let key = (i.id.clone(), i.started_at);
                if let Some(ready) = i.ready_at {
                    if !rt.counted.contains(&key) {
                        let us = ready
                            .duration_since(i.started_at)
                            .unwrap_or_default()
                            .as_micros();
                        rt.startups
                            .push((name.clone(), u64::try_from(us).unwrap_or(u64::MAX)));
                        rt.counted.insert(key.clone());
                    }
                }
                live.insert(key);
            }
            rt.instances.insert(name.clone(), counts);
        }
        rt.counted.retain(|k| live.contains(k));
    }

    // === the log writer ===

    async fn write_logs(
        self,
        mut requests: mpsc::Receiver<RequestRecord>,
        mut app: mpsc::Receiver<LogLine>,
        stop: tokio_util_like::Stop,
    ) {
        const BATCH: usize = 4096;
        let mut reqs = Vec::with_capacity(BATCH);
        let mut lines = Vec::with_capacity(BATCH);
        let mut last_prune = 0i64;
        // The time a prune in progress started at (entries are past the retention as of it).
        let mut pruning: Option<i64> = None;
        let mut app_open = true;
        loop {
            let stopping = tokio::select! {
                n = requests.recv_many(&mut reqs, BATCH) => n == 0 && !app_open,
                n = app.recv_many(&mut lines, BATCH), if app_open => {
                    if n == 0 {
                        app_open = false;
                    }
                    false
                }
                () = stop.fired() => true,
            };
            // Under load, entries arrive one by one; storing each few in their own
            // transaction made the commits cost more than the rows (a commit per ~15
            // rows at 24k rps). Waiting a moment lets a batch fill: the queue holds
            // --log-buffer entries (8,192 by default), far more than arrive meanwhile.
            if !stopping && reqs.len() + lines.len() < BATCH {
                tokio::select! {
                    () = tokio::time::sleep(LOG_LINGER) => {}
                    () = stop.fired() => {}
                }
            }
            // Take whatever else is waiting, up to a batch each.
            while reqs.len() < BATCH {
                match requests.try_recv() {
                    Ok(r) => reqs.push(r),
                    Err(_) => break,
                }
            }
            while app_open && lines.len() < BATCH {
                match app.try_recv() {
                    Ok(l) => lines.push(l),
                    Err(_) => break,
                }
            }
            let segments = self.segments(reqs.drain(..), lines.drain(..));
            if !segments.is_empty() {
                self.store_logs(segments, &stop).await;
                self.keep_to_byte_budget().await;
            }
            // Once a minute a prune starts; it goes a bounded step after each batch, so
            // the queue does not fill behind it.
            let now = now_ns();
            if pruning.is_none() && now - last_prune > 60 * 1_000_000_000 {
                last_prune = now;
                pruning = Some(now);
            }
            if let Some(as_of) = pruning {
                let this = self.clone();
                let retention = self.inner.config.log_retention;
                let step = tokio::task::spawn_blocking(move || {
                    this.inner
                        .logs
                        .prune_step(retention, as_of, logs::PRUNE_STEP_SEGMENTS)
                })
                .await;
                let more = match step {
                    Ok(Ok(step)) => !step.done,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "could not prune the request log; trying again in a minute");
                        false
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "log prune panicked");
                        false
                    }
                };
                if !more {
                    pruning = None;
                }
            }
            if stopping {
                return;
            }
        }
    }

    /// Writes a batch, retrying while the disk refuses (the queues fill and
    /// drop meanwhile, counted), and giving up only when stopping.
    async fn store_logs(&self, segments: Vec<SegmentBuilder>, stop: &tokio_util_like::Stop) {
        let segments = Arc::new(segments);
        let entries: usize = segments.iter().map(SegmentBuilder::len).sum();
        loop {
            // Logs give way to everything else on the disk: below the floor they are
            // counted and dropped, so metrics and control-plane commits keep room.
            if !self.disk_has_room() {
                let before = self
                    .inner
                    .logs_dropped_low_disk
                    .fetch_add(entries as u64, Ordering::Relaxed);
                if before == 0 {
                    tracing::warn!(status = ?self.storage(), "free disk space is below the floor: log entries are dropped (and counted) until there is room");
                }
                return;
            }
            let this = self.clone();
            let batch = segments.clone();
            match tokio::task::spawn_blocking(move || this.inner.logs.store(&batch)).await {
                Ok(Ok(())) => return,
                Ok(Err(e)) => {
                    self.inner
                        .log_write_failures
                        .fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(error = %e, entries, "could not write log entries; retrying");
                }
                Err(e) => {
                    tracing::warn!(error = %e, "log writer panicked");
                    return;
                }
            }
            if stop.is_fired() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Drops the oldest segments while the log store is over `--log-max-bytes`.
    async fn keep_to_byte_budget(&self) {
        let this = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let logs = &this.inner.logs;
            let budget = this.inner.config.log_max_bytes;
            let mut dropped = 0;
            // Bounded: at most 8 steps after a batch, like the retention's prune.
            for _ in 0..8 {
                if logs.used_bytes()? <= budget {
                    break;
                }
                let n = logs.drop_oldest(logs::PRUNE_STEP_SEGMENTS / 4)?;
                dropped += n;
                if n == 0 {
                    break;
                }
            }
            Ok::<_, logs::LogDbError>(dropped)
        })
        .await;
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not keep the log store to --log-max-bytes"),
            Err(e) => tracing::warn!(error = %e, "log byte budget panicked"),
        }
    }

    /// The batch as segments, one per service. Request entries are encoded
    /// straight from what the router recorded, borrowing its text: no owned entry
    /// is built in between, as this runs for every request.
    fn segments(
        &self,
        reqs: impl Iterator<Item = RequestRecord>,
        lines: impl Iterator<Item = LogLine>,
    ) -> Vec<SegmentBuilder> {
        let catalog = self
            .inner
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let rt = self
            .inner
            .runtime
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let unknown = ServicePlace {
            namespace: DEFAULT_PROJECT.into(),
            location: DEFAULT_LOCATION.into(),
        };
        let place = |service: &str| catalog.services.get(service).unwrap_or(&unknown);
        let mut segments = logs::Segments::default();
        let mut text = RequestText::default();
        for r in reqs {
            let service = r.recorder.service();
            let (timestamp, entry) = request_entry(&r, place(service), &rt.ports, &mut text);
            segments.of(service).push_stored(timestamp, entry);
        }
        for l in lines {
            let kind = match l.stream {
                Stream::Stdout => LogKind::Stdout,
                Stream::Stderr => LogKind::Stderr,
            };
            let (severity, text, json, trace) = logs::app_entry(kind, &l.line);
            let p = place(&l.service);
            let entry = LogEntry {
                id: 0,
                timestamp: unix_ns(l.time),
                namespace: p.namespace.clone(),
                service: l.service,
                revision: l.revision,
                instance: l.instance,
                location: p.location.clone(),
                kind,
                severity,
                text,
                json,
                http: None,
                trace,
            };
            segments.of(&entry.service).push(&entry);
        }
        segments.into_vec()
    }
}

/// The protocol as Cloud Run's httpRequest.protocol names it ("HTTP/1.1").
fn protocol_name(version: http::Version) -> Cow<'static, str> {
    Cow::Borrowed(match version {
        http::Version::HTTP_09 => "HTTP/0.9",
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_11 => "HTTP/1.1",
        http::Version::HTTP_2 => "HTTP/2.0",
        http::Version::HTTP_3 => "HTTP/3.0",
        other => return Cow::Owned(format!("{other:?}")),
    })
}

/// Buffers a request entry's composed text is written into, reused from one
/// entry to the next.
#[derive(Default)]
struct RequestText {
    url: String,
    remote_ip: String,
    trace: String,
}

/// A request log entry from what the router recorded, and its timestamp (Cloud
/// Run's shape: severity ERROR for 5xx, WARNING for 4xx, INFO otherwise).
fn request_entry<'a>(
    r: &'a RequestRecord,
    place: &'a ServicePlace,
    ports: &'a HashMap<std::net::SocketAddr, String>,
    text: &'a mut RequestText,
) -> (i64, StoredEntry<'a>) {
    use std::fmt::Write;
    // Header values are nearly always visible ASCII: check that (cheap) before
    // falling back to a lossy UTF-8 decode.
    let header = |v: &'a Option<http::HeaderValue>| match v {
        None => Cow::Borrowed(""),
        Some(v) => match v.to_str() {
            Ok(ascii) => Cow::Borrowed(ascii),
            Err(_) => String::from_utf8_lossy(v.as_bytes()),
        },
    };
    let status = r.outcome.status;
    let severity = match status {
        500.. => 500,
        400..=499 => 400,
        _ => 200,
    };
    let path = r.uri.path_and_query().map_or("/", |p| p.as_str());
    text.url.clear();
    match header(&r.host) {
        host if host.is_empty() => text.url.push_str(path),
        host => {
            let _ = write!(text.url, "http://{host}{path}");
        }
    }
    text.remote_ip.clear();
    let _ = write!(text.remote_ip, "{}", r.remote_ip);
    let trace = r
        .trace
        .as_ref()
        .and_then(|t| trace_id(t.to_str().ok()?))
        .map(|id| {
            text.trace.clear();
            let _ = write!(text.trace, "projects/{}/traces/{id}", place.namespace);
            Cow::Borrowed(text.trace.as_str())
        });
    let instance = r
        .upstream
        .as_ref()
        .and_then(|a| Some(std::net::SocketAddr::new(a.host().trim_matches(['[', ']']).parse().ok()?, a.port_u16()?)))
        .and_then(|addr| ports.get(&addr))
        .map_or("", String::as_str);
    let start = unix_ns(r.end) - i64::try_from(r.outcome.latency.as_nanos()).unwrap_or(0);
    let entry = StoredEntry {
        id_delta: 0,
        ts_delta: 0,
        namespace: Cow::Borrowed(&place.namespace),
        revision: Cow::Borrowed(r.recorder.revision()),
        instance: Cow::Borrowed(instance),
        location: Cow::Borrowed(&place.location),
        kind: LogKind::Request.code(),
        severity,
        text: None,
        json: None,
        http: Some(StoredHttp {
            method: Cow::Borrowed(r.method.as_str()),
            url: Cow::Borrowed(&text.url),
            status,
            latency_us: u64::try_from(r.outcome.latency.as_micros()).unwrap_or(u64::MAX),
            request_size: r.outcome.request_bytes,
            response_size: r.outcome.response_bytes,
            user_agent: header(&r.user_agent),
            remote_ip: Cow::Borrowed(&text.remote_ip),
            referer: header(&r.referer),
            protocol: protocol_name(r.version),
        }),
        trace,
    };
    (start, entry)
}

/// The trace id of a `traceparent` (`00-TRACE-SPAN-01`) or
/// `X-Cloud-Trace-Context` (`TRACE/SPAN;o=1`) header.
pub fn trace_id(header: &str) -> Option<String> {
    let parts: Vec<&str> = header.split('-').collect();
    let id = if parts.len() == 4 && parts[1].len() == 32 {
        parts[1]
    } else {
        header.split(['/', ';']).next()?
    };
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_ascii_lowercase())
}

/// A one-shot stop signal that many tasks can wait on.
/// How long the log writer lets a batch of entries gather before storing it.
const LOG_LINGER: Duration = Duration::from_millis(20);

mod tokio_util_like {
    use std::sync::Arc;
    use tokio::sync::watch;

    #[derive(Clone, Debug)]
    pub struct Stop(Arc<watch::Sender<bool>>);

    impl Stop {
        pub fn new() -> Stop {
            Stop(Arc::new(watch::channel(false).0))
        }

        pub fn fire(&self) {
            self.0.send_replace(true);
        }

        pub fn is_fired(&self) -> bool {
            *self.0.borrow()
        }

        pub async fn fired(&self) {
            let mut rx = self.0.subscribe();
            let _ = rx.wait_for(|s| *s).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the router recorded becomes Cloud Run's request entry, stored in
    /// its service's segment beside the app's lines, and reads back whole.
    #[test]
    fn request_records_are_stored_as_cloud_run_request_entries() {
        let dir = tempfile::tempdir().unwrap();
        let t = Telemetry::open(dir.path(), TelemetryConfig::default()).unwrap();
        t.set_catalog(
            HashMap::from([(
                "jokes".to_owned(),
                ServicePlace {
                    namespace: "team".into(),
                    location: "europe-west1".into(),
                },
            )]),
            HashMap::new(),
        );
        t.inner
            .runtime
            .lock()
            .unwrap()
            .ports
            .insert(std::net::SocketAddr::from(([127, 0, 0, 1], 4100)), "jokes-00001-abc-1".into());
        let end = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let record = |service: &str, status: u16, host: Option<&'static str>| RequestRecord {
            recorder: RevisionRecorder::new(service, &format!("{service}-00001-abc")),
            end,
            outcome: Outcome {
                status,
                latency: Duration::from_micros(1500),
                request_bytes: 12,
                response_bytes: 34,
            },
            method: http::Method::POST,
            uri: "/a/b?c=d".parse().unwrap(),
            host: host.map(http::HeaderValue::from_static),
            version: http::Version::HTTP_11,
            user_agent: Some(http::HeaderValue::from_bytes(b"ua/\xe9").unwrap()),
            referer: Some(http::HeaderValue::from_static("http://r.localhost/")),
            remote_ip: "::1".parse().unwrap(),
            trace: Some(http::HeaderValue::from_static(
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            )),
            upstream: Some("127.0.0.1:4100".parse().unwrap()),
        };
        let line = LogLine {
            service: "jokes".into(),
            revision: "jokes-00001-abc".into(),
            instance: "jokes-00001-abc-1".into(),
            stream: Stream::Stderr,
            time: end,
            line: r#"{"severity":"WARNING","message":"slow"}"#.into(),
        };
        let segments = t.segments(
            [
                record("jokes", 503, Some("jokes.localhost:8080")),
                record("other", 404, None),
            ]
            .into_iter(),
            [line].into_iter(),
        );
        let services: Vec<(&str, usize)> =
            segments.iter().map(|s| (s.service(), s.len())).collect();
        assert_eq!(services, [("jokes", 2), ("other", 1)]);
        t.log_db().store(&segments).unwrap();

        let read = |filter: &str| {
            t.log_db()
                .query(&LogQuery {
                    filter: LogFilter::parse(filter).unwrap(),
                    projects: Vec::new(),
                    newest_first: false,
                    limit: 10,
                    after: None,
                })
                .unwrap()
                .0
        };
        let entries = read("logName:requests");
        let start = 1_700_000_000_000_000_000 - 1_500_000;
        let http = |status, url: &str| logs::HttpRequest {
            method: "POST".into(),
            url: url.into(),
            status,
            latency_us: 1500,
            request_size: 12,
            response_size: 34,
            user_agent: "ua/\u{fffd}".into(),
            remote_ip: "::1".into(),
            referer: "http://r.localhost/".into(),
            protocol: "HTTP/1.1".into(),
        };
        assert_eq!(
            entries,
            [
                LogEntry {
                    id: 1,
                    timestamp: start,
                    namespace: "team".into(),
                    service: "jokes".into(),
                    revision: "jokes-00001-abc".into(),
                    instance: "jokes-00001-abc-1".into(),
                    location: "europe-west1".into(),
                    kind: LogKind::Request,
                    severity: 500,
                    text: None,
                    json: None,
                    http: Some(http(503, "http://jokes.localhost:8080/a/b?c=d")),
                    trace: Some("projects/team/traces/4bf92f3577b34da6a3ce929d0e0e4736".into()),
                },
                LogEntry {
                    id: 3,
                    timestamp: start,
                    namespace: DEFAULT_PROJECT.into(),
                    service: "other".into(),
                    revision: "other-00001-abc".into(),
                    instance: "jokes-00001-abc-1".into(),
                    location: DEFAULT_LOCATION.into(),
                    kind: LogKind::Request,
                    severity: 400,
                    text: None,
                    json: None,
                    http: Some(http(404, "/a/b?c=d")),
                    trace: Some("projects/default/traces/4bf92f3577b34da6a3ce929d0e0e4736".into()),
                },
            ]
        );
        let app = read("logName:stderr severity=WARNING");
        assert_eq!(app.len(), 1);
        assert_eq!((app[0].id, app[0].namespace.as_str()), (2, "team"));
        assert_eq!(app[0].json, Some(serde_json::json!({"message": "slow"})));
    }

    #[test]
    fn trace_ids_from_both_headers() {
        assert_eq!(
            trace_id("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        assert_eq!(
            trace_id("105445aa7843bc8bf206b12000100000/1;o=1").as_deref(),
            Some("105445aa7843bc8bf206b12000100000")
        );
        assert_eq!(trace_id("nonsense!"), None);
    }

    #[test]
    fn one_service_of_the_catalog_is_replaced_or_forgotten_alone() {
        let dir = tempfile::tempdir().unwrap();
        let t = Telemetry::open(dir.path(), TelemetryConfig::default()).unwrap();
        let place = |ns: &str| ServicePlace {
            namespace: ns.into(),
            location: "us-central1".into(),
        };
        t.set_catalog(
            HashMap::from([("a".to_owned(), place("p")), ("b".to_owned(), place("p"))]),
            HashMap::from([
                ("a-1".to_owned(), "a".to_owned()),
                ("a-2".to_owned(), "a".to_owned()),
                ("b-1".to_owned(), "b".to_owned()),
            ]),
        );
        let revisions = |t: &Telemetry| {
            let mut r: Vec<String> = t.with_catalog(|c| {
                c.revisions
                    .iter()
                    .map(|(r, s)| format!("{r}:{s}"))
                    .collect()
            });
            r.sort();
            r.join(" ")
        };
        t.set_catalog_service("a", Some((place("q"), vec!["a-2".into(), "a-3".into()])));
        assert_eq!(revisions(&t), "a-2:a a-3:a b-1:b", "a-1 was pruned");
        assert_eq!(t.with_catalog(|c| query::Catalog::locate(c, "a")).0, "q");
        t.set_catalog_service("b", None);
        assert_eq!(revisions(&t), "a-2:a a-3:a");
        assert_eq!(
            t.with_catalog(|c| query::Catalog::locate(c, "b")),
            (DEFAULT_PROJECT.to_owned(), DEFAULT_LOCATION.to_owned())
        );
        t.set_catalog_service("c", Some((place("p"), vec!["c-1".into()])));
        assert_eq!(revisions(&t), "a-2:a a-3:a c-1:c");
    }

    /// Each sample of each instance is one value of its revision's distributions for
    /// the second gathered next; OOM kills count; `/metrics` shows the latest samples
    /// per instance until the sampler has been silent a few ticks.
    #[test]
    fn usage_samples_become_this_seconds_distributions() {
        let dir = tempfile::tempdir().unwrap();
        let t = Telemetry::open(dir.path(), TelemetryConfig::default()).unwrap();
        let sample = |revision: &str, instance: &str, cpu: f64, memory: f64| UsageSample {
            service: "s".into(),
            revision: revision.into(),
            instance: instance.into(),
            cpu_utilization: cpu,
            memory_utilization: memory,
            memory_bytes: 1 << 20,
            memory_limit_bytes: None,
            cpu_limit_millis: None,
        };
        t.record_usage(&[
            sample("s-1", "s-1-a", 0.25, 0.5),
            sample("s-1", "s-1-b", 0.75, f64::NAN),
            sample("s-2", "s-2-a", 2.0, 0.1),
        ]);
        t.record_usage(&[sample("s-1", "s-1-a", 0.25, 0.5)]);
        t.record_oom_kill("s", "s-2");
        t.record_oom_kill("s", "s-2");
        let mut intervals = t.gather();
        intervals.sort_by(|a, b| a.1.cmp(&b.1));
        let got: Vec<_> = intervals
            .iter()
            .map(|(s, r, interval)| {
                (
                    s.as_str(),
                    r.as_str(),
                    interval.cpu.clone(),
                    interval.cpu_sum,
                    interval.memory.clone(),
                    interval.memory_sum,
                    interval.oom_kills,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "s",
                    "s-1",
                    vec![(bucket_of(250), 2)],
                    500,
                    vec![(bucket_of(500), 2)],
                    1000,
                    0
                ),
                (
                    "s",
                    "s-2",
                    vec![(bucket_of(1000), 1)],
                    1000,
                    vec![(100, 1)],
                    100,
                    2
                ),
            ]
        );
        assert!(t.gather().is_empty(), "a gather takes what was recorded");
        let text = t.prometheus_text(Vec::new());
        assert!(text.contains("runlane_container_memory_bytes{service=\"s\",revision=\"s-1\",instance=\"s-1-a\"} 1048576"), "{text}");
        assert!(
            text.contains("runlane_container_oom_kills_total{service=\"s\",revision=\"s-2\"} 2"),
            "{text}"
        );
        for _ in 0..USAGE_STALE_TICKS {
            t.gather();
        }
        assert!(
            !t.prometheus_text(Vec::new())
                .contains("runlane_container_memory_bytes{"),
            "stale samples are dropped"
        );
    }

    #[tokio::test]
    async fn runtime_snapshots_become_instance_gauges_and_startups() {
        use runlane_runtime::{InstanceStatus, RevisionStatus};
        let dir = tempfile::tempdir().unwrap();
        let t = Telemetry::open(dir.path(), TelemetryConfig::default()).unwrap();
        t.set_catalog(
            HashMap::new(),
            HashMap::from([("s-1".to_owned(), "s".to_owned())]),
        );
        let started = UNIX_EPOCH + Duration::from_secs(1000);
        let instance = |id: &str, state, ready_ms: Option<u64>| InstanceStatus {
            id: id.into(),
            pid: None,
            port: 4000 + id.len() as u16,
            addr: std::net::SocketAddr::from(([127, 0, 0, 1], 4000 + id.len() as u16)),
            state,
            started_at: started,
            ready_at: ready_ms.map(|ms| started + Duration::from_millis(ms)),
            restarts: 0,
            last_exit: None,
            oom_kills: 0,
        };
        let snapshot = |instances| RuntimeSnapshot {
            revisions: [(
                "s-1".to_owned(),
                RevisionStatus {
                    revision: "s-1".into(),
                    ready_endpoints: vec![],
                    instances,
                    ever_ready: true,
                    start_failure: None,
                    restarts: 0,
                    pulling: None,
                    oom_kills: 0,
                },
            )]
            .into(),
        };
        t.observe(&snapshot(vec![
            instance("a", InstanceState::Ready, Some(250)),
            instance("bb", InstanceState::Starting, None),
        ]));
        t.observe(&snapshot(vec![
            instance("a", InstanceState::Ready, Some(250)),
            instance("bb", InstanceState::Ready, Some(40)),
        ]));
        let intervals = t.gather();
        assert_eq!(intervals.len(), 1);
        let (service, revision, interval) = &intervals[0];
        assert_eq!((service.as_str(), revision.as_str()), ("s", "s-1"));
        assert_eq!(interval.instances[1], Gauge::sample(2));
        assert_eq!(
            interval.startup,
            [(bucket_of(40_000), 1), (bucket_of(250_000), 1)]
        );
        // Startups are counted once.
        assert!(t.gather()[0].1 == "s-1" && t.gather()[0].2.startup.is_empty());
    }
}
