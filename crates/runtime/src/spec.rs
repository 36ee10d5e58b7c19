//! What the controller asks the runtime to run: the immutable description of a
//! revision's instances and how to tell that one is ready and alive.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

/// How to start and check one instance of a revision. A revision's spec never
/// changes once given to the runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceSpec {
    pub service: String,
    pub revision: String,
    pub configuration: String,
    /// argv\[0\]; looked up on `PATH` unless it contains a `/`.
    pub program: String,
    pub args: Vec<String>,
    /// The revision's environment, on top of the runtime's own. The runtime
    /// then sets `PORT`, `K_SERVICE`, `K_REVISION` and `K_CONFIGURATION`,
    /// which win over any value given here.
    pub env: Vec<(String, String)>,
    /// Decides when a starting instance is ready (default: TCP connect to PORT).
    pub startup_probe: Probe,
    /// Restarts a ready instance that stops answering, if set.
    pub liveness_probe: Option<Probe>,
    /// Time between SIGTERM and SIGKILL to the instance's process group.
    pub stop_grace: Duration,
    /// Longest time a ready instance chosen for removal keeps running, after it
    /// left the ready endpoints, for the requests in flight to it to finish (the
    /// revision's request timeout); the runtime's [`crate::Drain`] says when they
    /// have. Then SIGTERM.
    pub drain_timeout: Duration,
    /// Some: run as a container under runc from this image (`program` and
    /// `args` are then unused); None: a host process.
    pub container: Option<ContainerSpec>,
    /// Memory and CPU caps, applied through the instance's cgroup.
    pub limits: Limits,
}

/// What a container instance runs: an image and Cloud Run's container knobs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSpec {
    /// For messages and logs.
    pub image_reference: String,
    /// `sha256:...`.
    pub image_digest: String,
    /// Cloud Run / Kubernetes semantics: a non-empty `command` replaces the
    /// image ENTRYPOINT (and then the image CMD is dropped unless `args` are
    /// given); non-empty `args` replace CMD.
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub working_dir: Option<String>,
    /// The port the app must listen on (on all addresses); PORT is set to it.
    pub port: u16,
}

/// Resource caps of one instance. Cloud Run's defaults (512Mi, 1 cpu) are the
/// controller's business; `None` is unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Limits {
    pub memory_bytes: Option<u64>,
    pub cpu_millis: Option<u32>,
}

/// Where container instances get their images from. The runtime asks for an
/// unpacked image before it starts a container instance.
pub trait Images: Send + Sync + 'static {
    /// Makes the image present (pulling it if needed; concurrent calls share
    /// one pull) and returns its unpacked rootfs and config. `progress` gets
    /// the pull's progress. The error is the user-facing reason.
    fn ensure(
        &self,
        reference: &str,
        digest: &str,
        progress: Box<dyn Fn(PullProgress) + Send + Sync>,
    ) -> Pin<Box<dyn Future<Output = Result<ImageRootfs, String>> + Send>>;
}

/// An unpacked image: its root filesystem (used read-only, shared by every
/// instance) and the parts of its config that decide how it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageRootfs {
    pub rootfs: PathBuf,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `K=V`.
    pub env: Vec<String>,
    pub working_dir: Option<String>,
    /// `uid`, `uid:gid`, `name` or `name:group`.
    pub user: Option<String>,
}

/// How far an image pull is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PullProgress {
    pub layers_done: usize,
    pub layers_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// What a probe does against `127.0.0.1:PORT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeAction {
    /// Succeeds when a TCP connection is accepted.
    Tcp,
    /// Succeeds when `GET path` answers 2xx or 3xx.
    Http { path: String },
}

/// A startup or liveness probe, with Kubernetes' knobs.
///
/// For a startup probe the instance gets `initial_delay + failure_threshold ×
/// period` to pass; within that window the probe is tried every 5 ms for the
/// first 10 s, then less often up to every `period`, so readiness is noticed
/// within milliseconds.
/// A liveness probe runs every `period` once the instance is ready and
/// restarts it after `failure_threshold` failures in a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub action: ProbeAction,
    pub initial_delay: Duration,
    pub period: Duration,
    /// Bound on one attempt (connect, or connect + HTTP answer).
    pub timeout: Duration,
    pub failure_threshold: u32,
}

// === impl InstanceSpec ===

impl InstanceSpec {
    /// A spec with Cloud Run's defaults: configuration named after the
    /// service, TCP startup probe, no liveness probe, 10 s stop grace, 300 s
    /// for in-flight requests to drain.
    pub fn new(
        service: impl Into<String>,
        revision: impl Into<String>,
        program: impl Into<String>,
    ) -> Self {
        let service = service.into();
        Self {
            configuration: service.clone(),
            service,
            revision: revision.into(),
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            startup_probe: Probe::default_startup(),
            liveness_probe: None,
            stop_grace: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(300),
            container: None,
            limits: Limits::default(),
        }
    }
}

// === impl Probe ===

impl Probe {
    /// Cloud Run's default startup probe: a TCP connect to PORT, with 240 s
    /// for the instance to start listening.
    pub fn default_startup() -> Self {
        Self {
            action: ProbeAction::Tcp,
            initial_delay: Duration::ZERO,
            period: Duration::from_millis(100),
            timeout: Duration::from_secs(1),
            failure_threshold: 2400,
        }
    }

    /// An HTTP GET probe of `path` with the default startup timing.
    pub fn http(path: impl Into<String>) -> Self {
        Self {
            action: ProbeAction::Http { path: path.into() },
            ..Self::default_startup()
        }
    }

    /// How long after the initial delay a startup probe may keep failing.
    pub fn startup_window(&self) -> Duration {
        self.period.saturating_mul(self.failure_threshold.max(1))
    }

    /// Words for messages: "TCP connect" or "HTTP GET /healthz".
    pub(crate) fn describe(&self) -> String {
        match &self.action {
            ProbeAction::Tcp => "TCP connect".to_owned(),
            ProbeAction::Http { path } => format!("HTTP GET {path}"),
        }
    }
}

/// How long to wait before the next startup probe attempt, `elapsed` after the
/// first one: 5 ms for the first 10 s (a refused loopback connect costs
/// microseconds, and a cold start is noticed at once), then doubling every
/// second, never more than `period`.
pub(crate) fn startup_poll_interval(elapsed: Duration, period: Duration) -> Duration {
    const FIRST: Duration = Duration::from_millis(5);
    const FAST_FOR_SECS: u64 = 10;
    let slow_secs = elapsed.as_secs().saturating_sub(FAST_FOR_SECS - 1);
    let doublings = u32::try_from(slow_secs).unwrap_or(u32::MAX).min(16);
    FIRST
        .saturating_mul(1 << doublings)
        .min(period.max(Duration::from_millis(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_startup_allows_240_seconds() {
        assert_eq!(
            Probe::default_startup().startup_window(),
            Duration::from_secs(240)
        );
    }

    #[test]
    fn startup_polls_fast_then_slows_to_the_period() {
        let ms = Duration::from_millis;
        let period = ms(100);
        let check = |elapsed: Duration, expected: Duration| {
            assert_eq!(
                startup_poll_interval(elapsed, period),
                expected,
                "{elapsed:?}"
            );
        };
        check(ms(0), ms(5));
        check(ms(9_999), ms(5));
        check(ms(10_000), ms(10));
        check(ms(11_500), ms(20));
        check(ms(12_000), ms(40));
        check(ms(13_000), ms(80));
        check(ms(14_000), ms(100));
        check(Duration::from_secs(10_000), ms(100));
        assert_eq!(startup_poll_interval(ms(0), ms(2)), ms(2));
    }
}
