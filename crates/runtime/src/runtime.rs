//! The runtime proper: keeps the declared number of instances of each revision
//! running, as child processes or runc containers (`crate::container`), each in
//! its own cgroup when cgroups are writable, and publishes what it sees.
//!
//! Each instance is an `InstanceTask`: its status and one supervisor task that starts a process,
//! probes it until ready, watches it, and restarts it with backoff when it
//! dies. All shared state sits behind one mutex that is never held across an
//! `.await`; every change to it publishes a fresh snapshot, so the snapshot
//! order is the order of changes.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, SystemTime};

use nix::sys::signal::Signal;
use tokio::process::Child;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::backoff::Backoff;
use crate::container::cgroup::{self, Hierarchy, InstanceCgroup, OomKill};
use crate::container::{Containers, LaunchError, Running};
use crate::logs::{pump, Labels, LogLine, LogSink, RecentLines, Stream};
use crate::probe::{wait_until_started, watch_liveness, ProbeError};
use crate::isolation::{self, InstanceUser, PortFence};
use crate::process::{describe_exit, free_port, group_of, signal_group, spawn, stop_group};
use crate::spec::{ContainerSpec, InstanceSpec, ProbeAction, PullProgress};
use crate::status::{
    InstanceState, InstanceStatus, InstanceUsage, RevisionStatus, RuntimeSnapshot, StartFailure,
};

/// How long to wait for a dead process's last output before giving up on it
/// (only a process that left the group, e.g. with `setsid`, can hold the
/// pipes open this long).
const DRAIN_TIMEOUT: Duration = Duration::from_secs(1);

/// Says when an instance chosen for removal has no request left, so it can be
/// signalled without failing one. The runtime knows processes, not requests: the
/// controller implements this over the router's per-instance counters.
pub trait Drain: Send + Sync + 'static {
    /// Resolves once the instance of `revision` listening at `addr` gets no new
    /// request and has none in flight. The runtime bounds the wait with the spec's
    /// `drain_timeout`.
    fn drained(&self, revision: &str, addr: SocketAddr)
        -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Runs revisions' instances as child processes or containers. Cheap to clone.
///
/// Must be used from within a Tokio runtime. Instances outlive the last
/// clone of the `Runtime`: call [`Runtime::shutdown`] before exiting.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl Runtime {
    /// A runtime with no revisions, sending instance output to `logs`, that
    /// runs host processes only (a revision with a container fails to start).
    pub fn new(logs: LogSink) -> Self {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let scope = format!("p{:x}x{n}", std::process::id());
        Self::build(logs, None, scope)
    }

    /// A runtime that runs container instances with `containers` (and host
    /// processes for revisions without a container).
    pub fn with_containers(logs: LogSink, containers: Containers) -> Self {
        let scope = containers.scope().to_owned();
        Self::build(logs, Some(containers), scope)
    }

    fn build(logs: LogSink, containers: Option<Containers>, scope: String) -> Self {
        isolation::prepare_fences();
        let (snapshots, _) = watch::channel(Arc::new(RuntimeSnapshot::default()));
        let cgroups = containers
            .as_ref()
            .map(|c| c.hierarchy().clone())
            .or_else(Hierarchy::detect);
        if cgroups.is_none() {
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                tracing::info!("cgroups are not writable (runlane is not root, or none is mounted): instances run in their own process group, without memory or CPU limits and usage");
            });
        }
        Self {
            inner: Arc::new(Inner {
                state: Mutex::default(),
                snapshots,
                logs,
                drain: RwLock::new(None),
                containers,
                cgroups,
                scope,
                fence_tag: {
                    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    isolation::fence_tag(std::process::id(), n)
                },
                cpu_readings: Mutex::default(),
                host_memory: cgroup::host_memory(),
            }),
        }
    }

    /// Each running instance's CPU and memory use, from its cgroup (empty
    /// without cgroups). CPU utilization is measured since the previous call
    /// (0 on an instance's first sample).
    pub fn sample_usage(&self) -> Vec<InstanceUsage> {
        let targets: Vec<(Arc<InstanceSpec>, String, InstanceCgroup)> = {
            let state = self.inner.lock();
            state
                .revisions
                .values()
                .flat_map(|rev| {
                    rev.instances.values().filter_map(|task| {
                        let cgroup = task.cgroup.clone()?;
                        Some((rev.spec.clone(), task.status.id.clone(), cgroup))
                    })
                })
                .collect()
        };
        let now = Instant::now();
        let mut previous = self
            .inner
            .cpu_readings
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let mut usage = Vec::with_capacity(targets.len());
        let mut seen = std::collections::HashSet::new();
        for (spec, instance, cgroup) in targets {
            let Some(reading) = cgroup.read() else {
                continue;
            };
            let cpu_utilization = match previous.get(&instance) {
                Some(&(ns, at)) => {
                    cgroup::cpu_utilization(ns, reading.cpu_ns, now - at, spec.limits.cpu_millis)
                }
                None => 0.0,
            };
            previous.insert(instance.clone(), (reading.cpu_ns, now));
            seen.insert(instance.clone());
            let limit = reading.memory_limit.or(spec.limits.memory_bytes);
            let (memory_bytes, memory_utilization) =
                cgroup::memory_utilization(&reading, limit, self.inner.host_memory);
            usage.push(InstanceUsage {
                service: spec.service.clone(),
                revision: spec.revision.clone(),
                instance,
                cpu_utilization,
                memory_utilization,
                memory_bytes,
                memory_limit_bytes: limit,
                cpu_limit_millis: spec.limits.cpu_millis,
            });
        }
        previous.retain(|k, _| seen.contains(k));
        usage
    }

    /// Declares how many instances of a revision should run, adding the
    /// revision if it is new. A revision's spec never changes: a different
    /// spec for a known revision is ignored (and logged). 0 stops every
    /// instance gracefully but keeps the revision. Ignored after `shutdown`.
    pub fn set_revision(&self, spec: InstanceSpec, replicas: u32) {
        let mut guard = self.inner.lock();
        if guard.shut_down {
            tracing::warn!(revision = %spec.revision, "the runtime is shut down; not starting instances");
            return;
        }
        let state = &mut *guard;
        // The controller declares every revision again on each change: publishing (a
        // snapshot of all revisions) only when this one's status moved keeps that
        // declaration O(1) instead of O(revisions).
        let before = state
            .revisions
            .get(&spec.revision)
            .filter(|r| !r.removing)
            .map(|r| r.status(&spec.revision));
        let revision = state
            .revisions
            .entry(spec.revision.clone())
            .or_insert_with(|| Revision::new(spec.clone()));
        if *revision.spec != spec {
            tracing::warn!(revision = %spec.revision, "a revision's spec cannot change; keeping the one it started with");
        }
        revision.desired = replicas;
        revision.removing = false;
        reconcile(&self.inner, revision, &mut state.next_seq);
        if before.as_ref() != Some(&revision.status(&spec.revision)) {
            self.inner.publish(state);
        }
    }

    /// Sets what a ready instance chosen for removal waits for before SIGTERM
    /// (without one it is signalled at once).
    pub fn set_drain(&self, drain: Arc<dyn Drain>) {
        *self.inner.drain.write().unwrap_or_else(|e| e.into_inner()) = Some(drain);
    }

    /// Changes how many instances a revision runs, keeping its spec: the
    /// autoscaler's lever. False if the revision is unknown (declare it with
    /// [`Runtime::set_revision`] first) or being removed.
    pub fn scale(&self, revision: &str, replicas: u32) -> bool {
        let mut guard = self.inner.lock();
        if guard.shut_down {
            return false;
        }
        let state = &mut *guard;
        let Some(rev) = state.revisions.get_mut(revision) else {
            return false;
        };
        if rev.removing {
            return false;
        }
        if rev.desired != replicas {
            rev.desired = replicas;
            reconcile(&self.inner, rev, &mut state.next_seq);
            self.inner.publish(state);
        }
        true
    }

    /// Stops every instance of the revision (gracefully) and forgets it;
    /// resolves once they are all gone.
    pub async fn remove_revision(&self, revision: &str) {
        let waits = {
            let mut state = self.inner.lock();
            let Some(rev) = state.revisions.get_mut(revision) else {
                return;
            };
            rev.desired = 0;
            rev.removing = true;
            let waits = rev.instances.values_mut().map(InstanceTask::stop).collect::<Vec<_>>();
            self.inner.publish(&state);
            waits
        };
        wait_all(waits).await;
        let mut state = self.inner.lock();
        if state
            .revisions
            .get(revision)
            .is_some_and(|rev| rev.removing)
        {
            state.revisions.remove(revision);
            self.inner.publish(&state);
        }
    }

    /// The latest snapshot, and every later one.
    pub fn subscribe(&self) -> watch::Receiver<Arc<RuntimeSnapshot>> {
        self.inner.snapshots.subscribe()
    }

    /// Stops every instance of every revision in parallel (SIGTERM, grace,
    /// SIGKILL to each process group) and resolves when all are reaped.
    /// Later `set_revision` calls are ignored.
    pub async fn shutdown(&self) {
        let waits = {
            let mut state = self.inner.lock();
            state.shut_down = true;
            let mut waits = Vec::new();
            for rev in state.revisions.values_mut() {
                rev.desired = 0;
                waits.extend(rev.instances.values_mut().map(InstanceTask::stop));
            }
            self.inner.publish(&state);
            waits
        };
        wait_all(waits).await;
        let tag = self.inner.fence_tag.clone();
        let _ = tokio::task::spawn_blocking(move || isolation::remove_fences(&tag)).await;
    }
}

struct Inner {
    state: Mutex<State>,
    snapshots: watch::Sender<Arc<RuntimeSnapshot>>,
    logs: LogSink,
    drain: RwLock<Option<Arc<dyn Drain>>>,
    containers: Option<Containers>,
    /// Where instances' cgroups go, when runlane may create them.
    cgroups: Option<Hierarchy>,
    /// Marks this runtime's cgroups (unique per runtime, or the containers' owner).
    scope: String,
    /// Marks this runtime's port fences.
    fence_tag: String,
    /// The previous CPU reading of each instance, for `sample_usage`.
    cpu_readings: Mutex<HashMap<String, (u64, Instant)>>,
    host_memory: u64,
}

#[derive(Default)]
struct State {
    revisions: BTreeMap<String, Revision>,
    /// Numbers instances across the runtime; never reused.
    next_seq: u64,
    shut_down: bool,
}

struct Revision {
    spec: Arc<InstanceSpec>,
    desired: u32,
    /// `remove_revision` is waiting for the instances to go.
    removing: bool,
    /// By creation order.
    instances: BTreeMap<u64, InstanceTask>,
    summary: Summary,
}

/// The revision-wide part of its status.
#[derive(Default)]
struct Summary {
    ever_ready: bool,
    start_failure: Option<StartFailure>,
    restarts: u32,
    pulling: Option<PullProgress>,
    oom_kills: u32,
}

struct InstanceTask {
    status: InstanceStatus,
    /// Chosen to stop: its state stays `Stopping` whatever the task reports.
    stopping: bool,
    stop: CancellationToken,
    /// Closed when the instance's task has finished.
    done: watch::Receiver<()>,
    /// The running process's cgroup, for usage samples.
    cgroup: Option<InstanceCgroup>,
}

// === impl Inner ===

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn drain(&self) -> Option<Arc<dyn Drain>> {
        self.drain.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn publish(&self, state: &State) {
        let revisions = state
            .revisions
            .iter()
            .map(|(name, rev)| (name.clone(), rev.status(name)))
            .collect();
        self.snapshots
            .send_replace(Arc::new(RuntimeSnapshot { revisions }));
    }

    /// Applies `f` to an instance's status (and its revision's summary), then publishes.
    fn update(&self, revision: &str, seq: u64, f: impl FnOnce(&mut Summary, &mut InstanceStatus)) {
        let mut state = self.lock();
        let Some(rev) = state.revisions.get_mut(revision) else {
            return;
        };
        let Some(task) = rev.instances.get_mut(&seq) else {
            return;
        };
        f(&mut rev.summary, &mut task.status);
        if task.stopping {
            task.status.state = InstanceState::Stopping;
        }
        self.publish(&state);
    }

    fn set_cgroup(&self, revision: &str, seq: u64, cgroup: Option<InstanceCgroup>) {
        let mut state = self.lock();
        if let Some(task) = state
            .revisions
            .get_mut(revision)
            .and_then(|rev| rev.instances.get_mut(&seq))
        {
            task.cgroup = cgroup;
        }
    }

    fn remove_instance(&self, revision: &str, seq: u64) {
        let mut state = self.lock();
        if let Some(rev) = state.revisions.get_mut(revision) {
            rev.instances.remove(&seq);
        }
        self.publish(&state);
    }
}

// === impl Revision ===

impl Revision {
    fn new(spec: InstanceSpec) -> Self {
        Self {
            spec: Arc::new(spec),
            desired: 0,
            removing: false,
            instances: BTreeMap::new(),
            summary: Summary::default(),
        }
    }

    fn status(&self, name: &str) -> RevisionStatus {
        let instances: Vec<InstanceStatus> =
            self.instances.values().map(|s| s.status.clone()).collect();
        RevisionStatus {
            revision: name.to_owned(),
            ready_endpoints: instances
                .iter()
                .filter(|i| i.state == InstanceState::Ready)
                .map(|i| i.addr)
                .collect(),
            instances,
            ever_ready: self.summary.ever_ready,
            start_failure: self.summary.start_failure.clone(),
            restarts: self.summary.restarts,
            pulling: self.summary.pulling,
            oom_kills: self.summary.oom_kills,
        }
    }
}

// === impl InstanceTask ===

impl InstanceTask {
    /// Marks the instance stopping (so it leaves `ready_endpoints` in the next
    /// snapshot, before any signal is sent) and tells its task to stop.
    fn stop(&mut self) -> watch::Receiver<()> {
        self.stopping = true;
        self.status.state = InstanceState::Stopping;
        self.stop.cancel();
        self.done.clone()
    }
}

fn endpoint(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// Starts or stops instances until the revision has `desired` that are not stopping.
fn reconcile(inner: &Arc<Inner>, rev: &mut Revision, next_seq: &mut u64) {
    let active: Vec<(u64, &InstanceState)> = rev
        .instances
        .iter()
        .filter(|(_, task)| !task.stopping)
        .map(|(seq, task)| (*seq, &task.status.state))
        .collect();
    let desired = usize::try_from(rev.desired).unwrap_or(usize::MAX);
    if active.len() > desired {
        let victims = pick_victims(&active, active.len() - desired);
        for seq in victims {
            if let Some(task) = rev.instances.get_mut(&seq) {
                task.stop();
            }
        }
        return;
    }
    for _ in active.len()..desired {
        *next_seq += 1;
        let seq = *next_seq;
        let id = format!("{}-{seq}", rev.spec.revision);
        let stop = CancellationToken::new();
        let (done_tx, done) = watch::channel(());
        let status = InstanceStatus {
            id: id.clone(),
            pid: None,
            port: 0,
            addr: endpoint(0),
            state: InstanceState::Starting,
            started_at: SystemTime::now(),
            ready_at: None,
            restarts: 0,
            last_exit: None,
            oom_kills: 0,
        };
        rev.instances.insert(
            seq,
            InstanceTask {
                status,
                stopping: false,
                stop: stop.clone(),
                done,
                cgroup: None,
            },
        );
        let supervisor = Supervisor {
            inner: inner.clone(),
            spec: rev.spec.clone(),
            seq,
            id,
            stop,
        };
        tokio::spawn(supervisor.run(done_tx));
    }
}

/// Which instances to stop when scaling down: the least useful first
/// (failed, crash-looping, starting, then ready), newest first among equals.
fn pick_victims(active: &[(u64, &InstanceState)], count: usize) -> Vec<u64> {
    let rank = |state: &InstanceState| match state {
        InstanceState::Failed => 0,
        InstanceState::CrashLoop { .. } => 1,
        InstanceState::Starting => 2,
        InstanceState::Stopping => 3,
        InstanceState::Ready => 4,
    };
    let mut ordered: Vec<(u8, std::cmp::Reverse<u64>)> = active
        .iter()
        .map(|(seq, state)| (rank(state), std::cmp::Reverse(*seq)))
        .collect();
    ordered.sort();
    ordered
        .into_iter()
        .take(count)
        .map(|(_, seq)| seq.0)
        .collect()
}

async fn wait_all(waits: Vec<watch::Receiver<()>>) {
    for mut done in waits {
        // Errors once the task dropped its sender, i.e. finished.
        while done.changed().await.is_ok() {}
    }
}

/// The task behind one `InstanceTask`.
struct Supervisor {
    inner: Arc<Inner>,
    spec: Arc<InstanceSpec>,
    seq: u64,
    id: String,
    stop: CancellationToken,
}

/// How one process's life ended, from its supervisor's point of view.
enum Outcome {
    /// The instance was told to stop and its process is gone.
    Stopped,
    /// The program cannot be started; wait to be stopped.
    CannotStart,
    /// Start another process at this time.
    RestartAt(Instant),
}

/// What ended a wait on a running process.
enum Event {
    Stop,
    Exited(Option<std::process::ExitStatus>),
    ProbePassed,
    ProbeFailed(ProbeError),
    Unhealthy(u32, ProbeError),
}

/// A running process (or container) and the tasks reading its output.
struct Process {
    leader: Leader,
    /// The instance's cgroup, when it has one.
    cgroup: Option<InstanceCgroup>,
    addr: SocketAddr,
    readers: Vec<JoinHandle<()>>,
    recent: RecentLines,
    /// A process instance's port fence, held for its `Drop`: lifted when the process is gone.
    _fence: Option<PortFence>,
}

/// What the instance's life hangs on.
enum Leader {
    /// A child process leading its own process group.
    Host {
        child: Child,
        group: Option<nix::unistd::Pid>,
    },
    /// A runc container whose init is runlane's child.
    Container(Running),
}

/// Why starting a process did not give one.
enum NotStarted {
    /// The revision cannot start as it is (state Failed).
    Permanent {
        reason: &'static str,
        message: String,
    },
    /// The host failed; try again after a backoff.
    Transient {
        message: String,
        last_lines: Vec<String>,
    },
    /// Told to stop meanwhile.
    Stopped,
}

// === impl Supervisor ===

impl Supervisor {
    async fn run(self, done: watch::Sender<()>) {
        let mut backoff = Backoff::default();
        let mut restart = false;
        loop {
            match self.attempt(restart, &mut backoff).await {
                Outcome::Stopped => break,
                Outcome::CannotStart => {
                    self.stop.cancelled().await;
                    break;
                }
                Outcome::RestartAt(at) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => restart = true,
                        () = self.stop.cancelled() => break,
                    }
                }
            }
        }
        self.inner.remove_instance(&self.spec.revision, self.seq);
        drop(done);
    }

    fn update(&self, f: impl FnOnce(&mut Summary, &mut InstanceStatus)) {
        self.inner.update(&self.spec.revision, self.seq, f);
    }

    /// Starts one process and follows it until it is gone.
    async fn attempt(&self, restart: bool, backoff: &mut Backoff) -> Outcome {
        if self.stop.is_cancelled() {
            return Outcome::Stopped;
        }
        let port = match &self.spec.container {
            Some(container) => container.port,
            None => match free_port() {
                Ok(port) => port,
                Err(error) => {
                    let message = format!(
                        "instance {} could not reserve a port on 127.0.0.1 ({error}); free some ports or file descriptors",
                        self.id
                    );
                    return self.crashed(
                        backoff.on_exit(None),
                        message.clone(),
                        Some(("NoFreePort", message, Vec::new())),
                    );
                }
            },
        };
        self.update(|summary, status| {
            status.state = InstanceState::Starting;
            status.pid = None;
            status.port = port;
            status.started_at = SystemTime::now();
            status.ready_at = None;
            if restart {
                status.restarts += 1;
                summary.restarts += 1;
            }
        });
        let started = match &self.spec.container {
            None => self.spawn(port).await,
            Some(container) => self.launch(container).await,
        };
        let mut process = match started {
            Ok(process) => process,
            Err(NotStarted::Stopped) => return Outcome::Stopped,
            Err(NotStarted::Permanent { reason, message }) => {
                tracing::warn!(instance = %self.id, "{message}");
                self.update(|summary, status| {
                    status.state = InstanceState::Failed;
                    status.last_exit = Some(message.clone());
                    summary.pulling = None;
                    summary.start_failure = Some(StartFailure {
                        reason: reason.to_owned(),
                        message,
                        last_lines: Vec::new(),
                    });
                });
                return Outcome::CannotStart;
            }
            Err(NotStarted::Transient {
                message,
                last_lines,
            }) => {
                return self.crashed(
                    backoff.on_exit(None),
                    message.clone(),
                    Some(("ContainerStartFailed", message, last_lines)),
                );
            }
        };
        let addr = process.addr;
        self.inner
            .set_cgroup(&self.spec.revision, self.seq, process.cgroup.clone());

        // Starting: until the startup probe passes.
        let event = tokio::select! {
            biased;
            () = self.stop.cancelled() => Event::Stop,
            status = process.wait() => Event::Exited(status),
            result = wait_until_started(&self.spec.startup_probe, addr) => match result {
                Ok(()) => Event::ProbePassed,
                Err(error) => Event::ProbeFailed(error),
            },
        };
        match event {
            Event::ProbePassed => {}
            Event::Exited(status) => {
                let exit = self.describe_death(&process, status);
                let delay = backoff.on_exit(None);
                let last_lines = process.finish().await;
                self.inner.set_cgroup(&self.spec.revision, self.seq, None);
                let probe = &self.spec.startup_probe;
                let before = match probe.action {
                    ProbeAction::Tcp => "listening".to_owned(),
                    ProbeAction::Http { .. } => {
                        format!("passing its startup probe ({})", probe.describe())
                    }
                };
                let message = format!(
                    "instance {} {exit} before {before} on PORT {port}; see its last log lines and fix the program or its command",
                    self.id
                );
                return self.crashed(delay, exit, Some(("ExitCode", message, last_lines)));
            }
            Event::ProbeFailed(error) => {
                self.update(|_, status| status.state = InstanceState::Stopping);
                let exit = describe_exit(process.stop(self.spec.stop_grace).await);
                let last_lines = process.finish().await;
                self.inner.set_cgroup(&self.spec.revision, self.seq, None);
                let probe = &self.spec.startup_probe;
                let window = probe.initial_delay + probe.startup_window();
                let message = format!(
                    "instance {} did not pass its startup probe ({} on PORT {port}) within {window:?} ({error}); make sure it listens on $PORT{}, or give the probe more time",
                    self.id,
                    probe.describe(),
                    if self.spec.container.is_some() { " on all addresses (0.0.0.0)" } else { "" },
                );
                let last_exit = format!("stopped after failing its startup probe; it {exit}");
                return self.crashed(
                    backoff.on_exit(None),
                    last_exit,
                    Some(("StartupProbeFailed", message, last_lines)),
                );
            }
            Event::Stop | Event::Unhealthy(..) => return self.stopped(process, false).await,
        }

        // Ready: until it dies, fails its liveness probe, or is stopped.
        let ready_since = Instant::now();
        self.update(|summary, status| {
            status.state = InstanceState::Ready;
            status.ready_at = Some(SystemTime::now());
            summary.ever_ready = true;
            summary.start_failure = None;
        });
        tracing::info!(instance = %self.id, %addr, "instance ready");
        let event = tokio::select! {
            biased;
            () = self.stop.cancelled() => Event::Stop,
            status = process.wait() => Event::Exited(status),
            (failures, error) = watch_liveness(self.spec.liveness_probe.as_ref(), addr) => Event::Unhealthy(failures, error),
        };
        match event {
            Event::Exited(status) => {
                // Out of the endpoints at once; clean up after.
                let exit = self.describe_death(&process, status);
                let outcome =
                    self.crashed(backoff.on_exit(Some(ready_since.elapsed())), exit, None);
                process.finish().await;
                self.inner.set_cgroup(&self.spec.revision, self.seq, None);
                outcome
            }
            Event::Unhealthy(failures, error) => {
                self.update(|_, status| status.state = InstanceState::Stopping);
                let exit = describe_exit(process.stop(self.spec.stop_grace).await);
                process.finish().await;
                self.inner.set_cgroup(&self.spec.revision, self.seq, None);
                let last_exit = format!(
                    "stopped after failing its liveness probe {failures} times in a row ({error}); it {exit}"
                );
                self.crashed(
                    backoff.on_exit(Some(ready_since.elapsed())),
                    last_exit,
                    None,
                )
            }
            Event::Stop | Event::ProbePassed | Event::ProbeFailed(_) => {
                self.stopped(process, true).await
            }
        }
    }

    /// How a process that died by itself ended, in words; an OOM kill is
    /// counted and logged as Cloud Run logs it.
    fn describe_death(
        &self,
        process: &Process,
        status: Option<std::process::ExitStatus>,
    ) -> String {
        let exit = describe_exit(status);
        let Some(oom) = process.oom() else {
            return exit;
        };
        let message = cgroup::oom_message(oom);
        self.inner.logs.send(LogLine {
            service: self.spec.service.clone(),
            revision: self.spec.revision.clone(),
            instance: self.id.clone(),
            stream: Stream::Stderr,
            line: message.clone(),
            time: SystemTime::now(),
        });
        self.update(|summary, status| {
            status.oom_kills += 1;
            summary.oom_kills += 1;
        });
        format!("{exit} after exceeding its memory limit: {message}")
    }

    /// A fresh cgroup for the next process, if cgroups are available; an
    /// instance that cannot have one runs without (logged).
    fn fresh_cgroup(&self) -> Option<InstanceCgroup> {
        let hierarchy = self.inner.cgroups.as_ref()?;
        let cgroup = hierarchy.instance(&format!("{}-{}", self.inner.scope, self.id));
        match cgroup.create(self.spec.limits) {
            Ok(()) => Some(cgroup),
            Err(error) => {
                tracing::warn!(instance = %self.id, %error, "could not create the instance's cgroup; it runs without limits");
                None
            }
        }
    }

    async fn spawn(&self, port: u16) -> Result<Process, NotStarted> {
        // Fenced before the program can listen: no window where another user reaches it.
        let fence = PortFence::install(port, &self.inner.fence_tag)
            .await
            .map_err(|error| NotStarted::Transient {
                message: format!(
                    "instance {} could not fence its port {port} so that only the router reaches it ({error}); check iptables works",
                    self.id
                ),
                last_lines: Vec::new(),
            })?;
        let cgroup = self.fresh_cgroup();
        let procs = cgroup
            .as_ref()
            .map(InstanceCgroup::procs_files)
            .unwrap_or_default();
        let user = isolation::setpriv().map(|setpriv| {
            (setpriv, InstanceUser { uid: isolation::instance_uid(std::process::id(), self.seq) })
        });
        let mut child = match spawn(&self.spec, port, &procs, user) {
            Ok(child) => child,
            Err(error) => {
                if let Some(cgroup) = cgroup {
                    tokio::spawn(async move { cgroup.remove().await });
                }
                return Err(NotStarted::Permanent {
                    reason: "SpawnFailed",
                    message: error.to_string(),
                });
            }
        };
        let pid = child.id();
        self.update(|_, status| {
            status.pid = pid;
            status.addr = endpoint(port);
        });
        let group = group_of(&child);
        let (readers, recent) = self.pump(child.stdout.take(), child.stderr.take());
        Ok(Process {
            leader: Leader::Host { child, group },
            cgroup,
            addr: endpoint(port),
            readers,
            recent,
            _fence: fence,
        })
    }

    /// Pulls the image (reporting progress), then starts the container.
    async fn launch(&self, container: &ContainerSpec) -> Result<Process, NotStarted> {
        let Some(containers) = self.inner.containers.clone() else {
            return Err(NotStarted::Permanent {
                reason: "SpawnFailed",
                message: format!(
                    "revision {} runs image {}, but this runlane runs processes only; start runlane with containers enabled (as root, with runc)",
                    self.spec.revision, container.image_reference
                ),
            });
        };
        let progress = {
            let inner = self.inner.clone();
            let revision = self.spec.revision.clone();
            let seq = self.seq;
            // At most ten snapshots a second from a pull (and always its end).
            let last = Mutex::new(None::<Instant>);
            Box::new(move |p: PullProgress| {
                let now = Instant::now();
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                let done = p.layers_done == p.layers_total;
                if !done && last.is_some_and(|t| now - t < Duration::from_millis(100)) {
                    return;
                }
                *last = Some(now);
                inner.update(&revision, seq, |summary, _| summary.pulling = Some(p));
            })
        };
        let ensure = containers.images().ensure(
            &container.image_reference,
            &container.image_digest,
            progress,
        );
        let pulled = tokio::select! {
            pulled = ensure => pulled,
            () = self.stop.cancelled() => return Err(NotStarted::Stopped),
        };
        self.update(|summary, _| summary.pulling = None);
        let image = pulled.map_err(|message| NotStarted::Permanent {
            reason: "ImagePullFailed",
            message: format!(
                "instance {} could not get image {}: {message}",
                self.id, container.image_reference
            ),
        })?;
        let (mut running, mut runc) = containers
            .launch(&self.spec, container, &self.id, &image)
            .await
            .map_err(|error| match error {
                LaunchError::Permanent(message) => NotStarted::Permanent {
                    reason: "SpawnFailed",
                    message,
                },
                LaunchError::Transient(message) => NotStarted::Transient {
                    message,
                    last_lines: Vec::new(),
                },
            })?;
        let (readers, recent) = self.pump(runc.stdout.take(), runc.stderr.take());
        let addr = SocketAddr::new(IpAddr::V4(running.ip()), container.port);
        let cgroup = Some(running.cgroup().clone());
        match running.started(runc).await {
            Ok(pid) => {
                self.update(|_, status| {
                    status.pid = Some(pid);
                    status.addr = addr;
                });
                Ok(Process {
                    leader: Leader::Container(running),
                    cgroup,
                    addr,
                    readers,
                    recent,
                    _fence: None,
                })
            }
            Err(error) => {
                let process = Process {
                    leader: Leader::Container(running),
                    cgroup,
                    addr,
                    readers,
                    recent,
                    _fence: None,
                };
                let last_lines = process.finish().await;
                Err(NotStarted::Transient {
                    message: format!(
                        "instance {} could not start: {error}; see its last log lines",
                        self.id
                    ),
                    last_lines,
                })
            }
        }
    }

    /// Starts the tasks reading the process's output.
    fn pump(
        &self,
        stdout: Option<tokio::process::ChildStdout>,
        stderr: Option<tokio::process::ChildStderr>,
    ) -> (Vec<JoinHandle<()>>, RecentLines) {
        let recent = RecentLines::default();
        let labels = Labels {
            service: self.spec.service.clone(),
            revision: self.spec.revision.clone(),
            instance: self.id.clone(),
        };
        let mut readers = Vec::with_capacity(2);
        if let Some(stdout) = stdout {
            readers.push(tokio::spawn(pump(
                stdout,
                Stream::Stdout,
                labels.clone(),
                self.inner.logs.clone(),
                recent.clone(),
            )));
        }
        if let Some(stderr) = stderr {
            readers.push(tokio::spawn(pump(
                stderr,
                Stream::Stderr,
                labels,
                self.inner.logs.clone(),
                recent.clone(),
            )));
        }
        (readers, recent)
    }

    /// Records a dead process and schedules the next one after `delay`.
    fn crashed(
        &self,
        delay: Duration,
        last_exit: String,
        start_failure: Option<(&str, String, Vec<String>)>,
    ) -> Outcome {
        tracing::warn!(instance = %self.id, restart_in = ?delay, "instance {last_exit}");
        self.update(|summary, status| {
            status.state = InstanceState::CrashLoop {
                next_restart_in: delay,
            };
            status.pid = None;
            status.last_exit = Some(last_exit);
            if let Some((reason, message, last_lines)) = start_failure {
                summary.start_failure = Some(StartFailure {
                    reason: reason.to_owned(),
                    message,
                    last_lines,
                });
            }
        });
        Outcome::RestartAt(Instant::now() + delay)
    }

    /// Stops a process because the instance was told to. A ready one first drains:
    /// it is already out of the ready endpoints, and gets SIGTERM once the requests
    /// in flight to it have finished (or `drain_timeout` passed).
    async fn stopped(&self, mut process: Process, was_ready: bool) -> Outcome {
        let drain = self.inner.drain().filter(|_| was_ready);
        let addr = process.addr;
        if let Some(drain) = drain {
            let started = Instant::now();
            let drained = drain.drained(&self.spec.revision, addr);
            tokio::select! {
                finished = tokio::time::timeout(self.spec.drain_timeout, drained) => match finished {
                    Ok(()) => tracing::info!(instance = %self.id, %addr, drained_in = ?started.elapsed(), "instance drained; stopping it"),
                    Err(_) => tracing::warn!(instance = %self.id, %addr, timeout = ?self.spec.drain_timeout, "requests still in flight after the revision's timeout; stopping the instance anyway"),
                },
                status = process.wait() => tracing::debug!(instance = %self.id, ?status, "exited while draining"),
            }
        } else {
            tracing::info!(instance = %self.id, %addr, "stopping instance");
        }
        let exit = describe_exit(process.stop(self.spec.stop_grace).await);
        process.finish().await;
        self.inner.set_cgroup(&self.spec.revision, self.seq, None);
        self.update(|_, status| {
            status.pid = None;
            status.last_exit = Some(exit);
        });
        Outcome::Stopped
    }
}

// === impl Process ===

impl Process {
    /// Resolves when the leader has exited (cancel-safe).
    async fn wait(&mut self) -> Option<std::process::ExitStatus> {
        match &mut self.leader {
            Leader::Host { child, .. } => child.wait().await.ok(),
            Leader::Container(running) => running.wait().await,
        }
    }

    /// SIGTERM, grace, SIGKILL (to the group, or through runc); reaps the leader.
    async fn stop(&mut self, grace: Duration) -> Option<std::process::ExitStatus> {
        match &mut self.leader {
            Leader::Host { child, group } => stop_group(child, *group, grace).await,
            Leader::Container(running) => running.stop(grace).await,
        }
    }

    /// Whether the kernel killed a process of the instance for exceeding its
    /// memory limit (read before the cgroup goes).
    fn oom(&self) -> Option<OomKill> {
        let cgroup = self.cgroup.as_ref()?;
        (cgroup.oom_kills() > 0).then(|| cgroup.oom_details())
    }

    /// After the leader is reaped: kills whatever is left of the instance
    /// (its group and its cgroup, or the container), removes what it used,
    /// and returns its last lines once its output is read to the end.
    async fn finish(self) -> Vec<String> {
        match self.leader {
            Leader::Host { group, .. } => {
                signal_group(group, Signal::SIGKILL);
                if let Some(cgroup) = &self.cgroup {
                    cgroup.kill_and_remove().await;
                }
            }
            Leader::Container(running) => running.teardown().await,
        }
        let deadline = Instant::now() + DRAIN_TIMEOUT;
        for mut reader in self.readers {
            if tokio::time::timeout_at(deadline, &mut reader)
                .await
                .is_err()
            {
                reader.abort();
            }
        }
        self.recent.snapshot()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_down_stops_the_least_useful_instances_first() {
        let crash = InstanceState::CrashLoop {
            next_restart_in: Duration::from_secs(1),
        };
        let check = |active: &[(u64, &InstanceState)], count: usize, expected: &[u64]| {
            assert_eq!(pick_victims(active, count), expected, "{active:?}");
        };
        let ready = InstanceState::Ready;
        let starting = InstanceState::Starting;
        let failed = InstanceState::Failed;
        check(&[(1, &ready), (2, &ready), (3, &ready)], 1, &[3]);
        check(&[(1, &ready), (2, &ready), (3, &ready)], 2, &[3, 2]);
        check(&[(1, &starting), (2, &ready), (3, &ready)], 1, &[1]);
        check(
            &[(1, &ready), (2, &crash), (3, &starting), (4, &failed)],
            3,
            &[4, 2, 3],
        );
        check(&[(1, &ready)], 0, &[]);
    }
}
