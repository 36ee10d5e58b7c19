//! The runtime proper: keeps the declared number of instances of each revision
//! running as child processes, and publishes what it sees.
//!
//! Each instance is a slot with one supervisor task that starts a process,
//! probes it until ready, watches it, and restarts it with backoff when it
//! dies. All shared state sits behind one mutex that is never held across an
//! `.await`; every change to it publishes a fresh snapshot, so the snapshot
//! order is the order of changes.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
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
use crate::logs::{pump, Labels, LogSink, RecentLines, Stream};
use crate::probe::{wait_until_started, watch_liveness, ProbeError};
use crate::process::{describe_exit, free_port, group_of, signal_group, spawn, stop_group};
use crate::spec::{InstanceSpec, ProbeAction};
use crate::status::{InstanceState, InstanceStatus, RevisionStatus, RuntimeSnapshot, StartFailure};

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

/// Runs revisions' instances as child processes. Cheap to clone.
///
/// Must be used from within a Tokio runtime. Instances outlive the last
/// clone of the `Runtime`: call [`Runtime::shutdown`] before exiting.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl Runtime {
    /// A runtime with no revisions, sending instance output to `logs`.
    pub fn new(logs: LogSink) -> Self {
        let (snapshots, _) = watch::channel(Arc::new(RuntimeSnapshot::default()));
        Self {
            inner: Arc::new(Inner {
                state: Mutex::default(),
                snapshots,
                logs,
                drain: RwLock::new(None),
            }),
        }
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
            let waits = rev.slots.values_mut().map(Slot::stop).collect::<Vec<_>>();
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
                waits.extend(rev.slots.values_mut().map(Slot::stop));
            }
            self.inner.publish(&state);
            waits
        };
        wait_all(waits).await;
    }
}

struct Inner {
    state: Mutex<State>,
    snapshots: watch::Sender<Arc<RuntimeSnapshot>>,
    logs: LogSink,
    drain: RwLock<Option<Arc<dyn Drain>>>,
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
    slots: BTreeMap<u64, Slot>,
    summary: Summary,
}

/// The revision-wide part of its status.
#[derive(Default)]
struct Summary {
    ever_ready: bool,
    start_failure: Option<StartFailure>,
    restarts: u32,
}

struct Slot {
    status: InstanceStatus,
    /// Chosen to stop: its state stays `Stopping` whatever the task reports.
    stopping: bool,
    stop: CancellationToken,
    /// Closed when the slot's task has finished.
    done: watch::Receiver<()>,
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

    /// Applies `f` to a slot's status (and its revision's summary), then publishes.
    fn update(&self, revision: &str, seq: u64, f: impl FnOnce(&mut Summary, &mut InstanceStatus)) {
        let mut state = self.lock();
        let Some(rev) = state.revisions.get_mut(revision) else {
            return;
        };
        let Some(slot) = rev.slots.get_mut(&seq) else {
            return;
        };
        f(&mut rev.summary, &mut slot.status);
        if slot.stopping {
            slot.status.state = InstanceState::Stopping;
        }
        self.publish(&state);
    }

    fn remove_slot(&self, revision: &str, seq: u64) {
        let mut state = self.lock();
        if let Some(rev) = state.revisions.get_mut(revision) {
            rev.slots.remove(&seq);
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
            slots: BTreeMap::new(),
            summary: Summary::default(),
        }
    }

    fn status(&self, name: &str) -> RevisionStatus {
        let instances: Vec<InstanceStatus> =
            self.slots.values().map(|s| s.status.clone()).collect();
        RevisionStatus {
            revision: name.to_owned(),
            ready_endpoints: instances
                .iter()
                .filter(|i| i.state == InstanceState::Ready)
                .map(|i| endpoint(i.port))
                .collect(),
            instances,
            ever_ready: self.summary.ever_ready,
            start_failure: self.summary.start_failure.clone(),
            restarts: self.summary.restarts,
        }
    }
}

// === impl Slot ===

impl Slot {
    /// Marks the slot stopping (so it leaves `ready_endpoints` in the next
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

/// Starts or stops slots until the revision has `desired` that are not stopping.
fn reconcile(inner: &Arc<Inner>, rev: &mut Revision, next_seq: &mut u64) {
    let active: Vec<(u64, &InstanceState)> = rev
        .slots
        .iter()
        .filter(|(_, slot)| !slot.stopping)
        .map(|(seq, slot)| (*seq, &slot.status.state))
        .collect();
    let desired = usize::try_from(rev.desired).unwrap_or(usize::MAX);
    if active.len() > desired {
        let victims = pick_victims(&active, active.len() - desired);
        for seq in victims {
            if let Some(slot) = rev.slots.get_mut(&seq) {
                slot.stop();
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
            state: InstanceState::Starting,
            started_at: SystemTime::now(),
            ready_at: None,
            restarts: 0,
            last_exit: None,
        };
        rev.slots.insert(
            seq,
            Slot {
                status,
                stopping: false,
                stop: stop.clone(),
                done,
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

/// The task behind one instance slot.
struct Supervisor {
    inner: Arc<Inner>,
    spec: Arc<InstanceSpec>,
    seq: u64,
    id: String,
    stop: CancellationToken,
}

/// How one process's life ended, from the slot's point of view.
enum Outcome {
    /// The slot was told to stop and its process is gone.
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

/// A running process and the tasks reading its output.
struct Process {
    child: Child,
    group: Option<nix::unistd::Pid>,
    port: u16,
    readers: Vec<JoinHandle<()>>,
    recent: RecentLines,
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
        self.inner.remove_slot(&self.spec.revision, self.seq);
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
        let port = match free_port() {
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
        let mut process = match self.spawn(port) {
            Ok(process) => process,
            Err(message) => {
                tracing::warn!(instance = %self.id, "{message}");
                self.update(|summary, status| {
                    status.state = InstanceState::Failed;
                    status.last_exit = Some(message.clone());
                    summary.start_failure = Some(StartFailure {
                        reason: "SpawnFailed".to_owned(),
                        message,
                        last_lines: Vec::new(),
                    });
                });
                return Outcome::CannotStart;
            }
        };
        let pid = process.child.id();
        self.update(|_, status| status.pid = pid);
        let addr = endpoint(port);

        // Starting: until the startup probe passes.
        let event = tokio::select! {
            biased;
            () = self.stop.cancelled() => Event::Stop,
            status = process.child.wait() => Event::Exited(status.ok()),
            result = wait_until_started(&self.spec.startup_probe, addr) => match result {
                Ok(()) => Event::ProbePassed,
                Err(error) => Event::ProbeFailed(error),
            },
        };
        match event {
            Event::ProbePassed => {}
            Event::Exited(status) => {
                let exit = describe_exit(status);
                let delay = backoff.on_exit(None);
                let last_lines = process.finish().await;
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
                let probe = &self.spec.startup_probe;
                let window = probe.initial_delay + probe.startup_window();
                let message = format!(
                    "instance {} did not pass its startup probe ({} on PORT {port}) within {window:?} ({error}); make sure it listens on $PORT, or give the probe more time",
                    self.id,
                    probe.describe(),
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
            status = process.child.wait() => Event::Exited(status.ok()),
            (failures, error) = watch_liveness(self.spec.liveness_probe.as_ref(), addr) => Event::Unhealthy(failures, error),
        };
        match event {
            Event::Exited(status) => {
                // Out of the endpoints at once; clean up after.
                let exit = describe_exit(status);
                let outcome =
                    self.crashed(backoff.on_exit(Some(ready_since.elapsed())), exit, None);
                process.finish().await;
                outcome
            }
            Event::Unhealthy(failures, error) => {
                self.update(|_, status| status.state = InstanceState::Stopping);
                let exit = describe_exit(process.stop(self.spec.stop_grace).await);
                process.finish().await;
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

    fn spawn(&self, port: u16) -> Result<Process, String> {
        let mut child = spawn(&self.spec, port).map_err(|e| e.to_string())?;
        let group = group_of(&child);
        let recent = RecentLines::default();
        let labels = Labels {
            service: self.spec.service.clone(),
            revision: self.spec.revision.clone(),
            instance: self.id.clone(),
        };
        let mut readers = Vec::with_capacity(2);
        if let Some(stdout) = child.stdout.take() {
            readers.push(tokio::spawn(pump(
                stdout,
                Stream::Stdout,
                labels.clone(),
                self.inner.logs.clone(),
                recent.clone(),
            )));
        }
        if let Some(stderr) = child.stderr.take() {
            readers.push(tokio::spawn(pump(
                stderr,
                Stream::Stderr,
                labels,
                self.inner.logs.clone(),
                recent.clone(),
            )));
        }
        Ok(Process {
            child,
            group,
            port,
            readers,
            recent,
        })
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

    /// Stops a process because the slot was told to. A ready one first drains:
    /// it is already out of the ready endpoints, and gets SIGTERM once the requests
    /// in flight to it have finished (or `drain_timeout` passed).
    async fn stopped(&self, mut process: Process, was_ready: bool) -> Outcome {
        let drain = self.inner.drain().filter(|_| was_ready);
        if let Some(drain) = drain {
            let started = Instant::now();
            let addr = endpoint(process.port);
            let drained = drain.drained(&self.spec.revision, addr);
            tokio::select! {
                finished = tokio::time::timeout(self.spec.drain_timeout, drained) => match finished {
                    Ok(()) => tracing::info!(instance = %self.id, port = process.port, drained_in = ?started.elapsed(), "instance drained; stopping it"),
                    Err(_) => tracing::warn!(instance = %self.id, port = process.port, timeout = ?self.spec.drain_timeout, "requests still in flight after the revision's timeout; stopping the instance anyway"),
                },
                status = process.child.wait() => tracing::debug!(instance = %self.id, ?status, "exited while draining"),
            }
        } else {
            tracing::info!(instance = %self.id, port = process.port, "stopping instance");
        }
        let exit = describe_exit(process.stop(self.spec.stop_grace).await);
        process.finish().await;
        self.update(|_, status| {
            status.pid = None;
            status.last_exit = Some(exit);
        });
        Outcome::Stopped
    }
}

// === impl Process ===

impl Process {
    /// SIGTERM, grace, SIGKILL to the group; reaps the leader.
    async fn stop(&mut self, grace: Duration) -> Option<std::process::ExitStatus> {
        stop_group(&mut self.child, self.group, grace).await
    }

    /// After the leader is reaped: kills what is left of its group and
    /// returns its last lines once its output is read to the end.
    async fn finish(self) -> Vec<String> {
        signal_group(self.group, Signal::SIGKILL);
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
