//! What the runtime reports: a snapshot of every revision's instances,
//! published on a watch channel whenever any instance changes state.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

/// Every revision the runtime knows, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuntimeSnapshot {
    pub revisions: BTreeMap<String, RevisionStatus>,
}

/// One revision's instances and its start history.
#[derive(Clone, Debug, PartialEq)]
pub struct RevisionStatus {
    pub revision: String,
    /// `addr` of each Ready instance, oldest instance first.
    pub ready_endpoints: Vec<SocketAddr>,
    pub instances: Vec<InstanceStatus>,
    /// Whether any instance of this revision ever passed its startup probe.
    pub ever_ready: bool,
    /// The latest failure to start; cleared when an instance becomes ready.
    pub start_failure: Option<StartFailure>,
    /// Restarts of all its instances, including instances since stopped.
    pub restarts: u32,
    /// The image pull an instance is waiting for, while there is one.
    pub pulling: Option<crate::spec::PullProgress>,
    /// Instances killed for exceeding their memory limit, including
    /// instances since stopped.
    pub oom_kills: u32,
}

/// One instance (a supervisor that keeps a process running, restarting it when it dies).
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceStatus {
    pub id: String,
    /// The current process, if one is running.
    pub pid: Option<u32>,
    /// The PORT given to the current (or last) process.
    pub port: u16,
    /// Where the router connects: `127.0.0.1:PORT` for a process,
    /// `CONTAINER_IP:PORT` for a container.
    pub addr: SocketAddr,
    pub state: InstanceState,
    /// When the current (or last) process was started.
    pub started_at: SystemTime,
    /// When the current process passed its startup probe.
    pub ready_at: Option<SystemTime>,
    pub restarts: u32,
    /// How the last process ended, in words ("exited with status 1").
    pub last_exit: Option<String>,
    /// Times this instance was killed for exceeding its memory limit.
    pub oom_kills: u32,
}

/// One running instance's resource use, from its cgroup.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceUsage {
    pub service: String,
    pub revision: String,
    pub instance: String,
    /// CPU used since the previous sample ÷ (elapsed × the CPU limit in
    /// cores; 1 core when unlimited). 0 on an instance's first sample.
    pub cpu_utilization: f64,
    /// Working set (usage − inactive file) ÷ the memory limit (÷ host memory
    /// when unlimited).
    pub memory_utilization: f64,
    /// The working set.
    pub memory_bytes: u64,
    pub memory_limit_bytes: Option<u64>,
    pub cpu_limit_millis: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceState {
    /// The process runs but has not passed its startup probe yet.
    Starting,
    /// Serving: its endpoint is in `ready_endpoints`.
    Ready,
    /// Being stopped (SIGTERM sent or about to be); no longer an endpoint.
    Stopping,
    /// The process died; another starts after `next_restart_in` (as of when
    /// this state was entered).
    CrashLoop { next_restart_in: Duration },
    /// The program could not be started at all; not retried until the
    /// revision is scaled to zero and back.
    Failed,
}

/// Why an instance could not start, for the revision's Ready condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartFailure {
    /// "ExitCode", "StartupProbeFailed", "SpawnFailed", "NoFreePort",
    /// "ImagePullFailed" or "ContainerStartFailed".
    pub reason: String,
    /// One sentence with the exit status and what to do next.
    pub message: String,
    /// The last stdout/stderr lines of the failed process (up to 20).
    pub last_lines: Vec<String>,
}
