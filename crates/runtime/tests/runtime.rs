//! The runtime against real processes (`sh` and `python3` scripts) and real
//! loopback sockets. Tests wait on the snapshot channel or the log channel
//! with a deadline; none sleeps to synchronise.
//!
//! Index:
//! - start: ready endpoint accepts connections; env and log labels
//! - start failures: exit before ready, spawn failure, HTTP startup probe
//!   (passing late, and failing)
//! - restarts: crash after ready, liveness probe failure
//! - stop: scale 2 → 1 → 0 and shutdown kill the whole process group;
//!   SIGTERM-ignoring programs get SIGKILL after the grace; endpoints are
//!   withdrawn before the signal; remove_revision forgets the revision;
//!   a ready instance drains (the `Drain` says when) before SIGTERM, bounded by
//!   the spec's drain timeout
//! - cgroups (root): limits, OOM kills and usage of a process instance
//! - regressions: a `setsid` grandchild dies with its instance (cgroup kill)

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use runlane_runtime::{
    InstanceSpec, InstanceState, LogLine, LogSink, Probe, RevisionStatus, Runtime, RuntimeSnapshot,
    Stream,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

const DEADLINE: Duration = Duration::from_secs(30);

/// A small HTTP server on `$PORT`: prints its env on start; `GET /crash` exits
/// with status 7; `GET /sick` makes `/live` answer 500 from then on;
/// `/healthz` answers 503 for the first `HEALTHY_AFTER` calls.
const SERVER_PY: &str = r#"
import http.server, os, sys
print("env PORT=%s K_SERVICE=%s K_REVISION=%s K_CONFIGURATION=%s FOO=%s" % tuple(
    os.environ.get(k) for k in ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FOO"]), flush=True)
print("hello on stderr", file=sys.stderr, flush=True)
state = {"sick": False, "healthz": 0}
healthy_after = int(os.environ.get("HEALTHY_AFTER", "0"))
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        code = 200
        if self.path == "/crash":
            os._exit(7)
        elif self.path == "/sick":
            state["sick"] = True
        elif self.path == "/live" and state["sick"]:
            code = 500
        elif self.path == "/healthz":
            state["healthz"] += 1
            print("healthz call %d" % state["healthz"], flush=True)
            if state["healthz"] <= healthy_after:
                code = 503
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
"#;

fn python_server(revision: &str) -> InstanceSpec {
    let mut spec = InstanceSpec::new("svc", revision, "python3");
    spec.args = vec!["-u".into(), "-c".into(), SERVER_PY.into()];
    spec.stop_grace = Duration::from_secs(5);
    spec
}

fn shell(revision: &str, script: &str) -> InstanceSpec {
    let mut spec = InstanceSpec::new("svc", revision, "sh");
    spec.args = vec!["-c".into(), script.into()];
    spec.stop_grace = Duration::from_secs(5);
    spec
}

fn runtime() -> (Runtime, mpsc::Receiver<LogLine>) {
    let (sink, logs) = LogSink::new(10_000);
    (Runtime::new(sink), logs)
}

/// Waits until `done` holds for the latest snapshot.
async fn wait_for(
    rx: &mut watch::Receiver<Arc<RuntimeSnapshot>>,
    what: &str,
    done: impl Fn(&RuntimeSnapshot) -> bool,
) -> Arc<RuntimeSnapshot> {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let snapshot = rx.borrow_and_update().clone();
        if done(&snapshot) {
            return snapshot;
        }
        match tokio::time::timeout_at(deadline, rx.changed()).await {
            Ok(Ok(())) => {}
            _ => panic!("timed out waiting for {what}; last snapshot: {snapshot:#?}"),
        }
    }
}

fn revision<'a>(snapshot: &'a RuntimeSnapshot, name: &str) -> &'a RevisionStatus {
    snapshot
        .revisions
        .get(name)
        .unwrap_or_else(|| panic!("no revision {name} in {snapshot:#?}"))
}

async fn wait_ready(
    rx: &mut watch::Receiver<Arc<RuntimeSnapshot>>,
    name: &str,
    count: usize,
) -> Vec<SocketAddr> {
    let snapshot = wait_for(rx, &format!("{count} ready instances of {name}"), |s| {
        s.revisions
            .get(name)
            .is_some_and(|r| r.ready_endpoints.len() == count && r.instances.len() == count)
    })
    .await;
    revision(&snapshot, name).ready_endpoints.clone()
}

/// Waits for a log line matching `pred`.
async fn wait_log(logs: &mut mpsc::Receiver<LogLine>, pred: impl Fn(&LogLine) -> bool) -> LogLine {
    let deadline = Instant::now() + DEADLINE;
    loop {
        match tokio::time::timeout_at(deadline, logs.recv()).await {
            Ok(Some(line)) if pred(&line) => return line,
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => panic!("timed out waiting for a log line"),
        }
    }
}

/// Whether a process no longer runs: gone, or a zombie waiting for a parent
/// that is not ours (orphans are reparented to init).
fn process_is_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

async fn wait_dead(pid: u32) {
    let deadline = Instant::now() + DEADLINE;
    let mut tick = tokio::time::interval(Duration::from_millis(5));
    while !process_is_dead(pid) {
        assert!(Instant::now() < deadline, "process {pid} is still running");
        tick.tick().await;
    }
}

async fn http_get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: test\r\n\r\n").as_bytes())
        .await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer)
}

// === start ===

#[tokio::test]
async fn starts_an_instance_with_port_env_and_labelled_logs() {
    let (runtime, mut logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut spec = python_server("svc-00001");
    spec.configuration = "svc-config".into();
    spec.env = vec![("FOO".into(), "bar".into()), ("PORT".into(), "1".into())];
    runtime.set_revision(spec, 1);

    let endpoints = wait_ready(&mut rx, "svc-00001", 1).await;
    let addr = endpoints[0];
    assert!(addr.ip().is_loopback());
    TcpStream::connect(addr)
        .await
        .expect("the ready endpoint accepts connections");

    let snapshot = rx.borrow().clone();
    let rev = revision(&snapshot, "svc-00001");
    assert!(rev.ever_ready);
    assert_eq!(rev.start_failure, None);
    let instance = &rev.instances[0];
    assert_eq!(instance.state, InstanceState::Ready);
    assert_eq!(instance.port, addr.port());
    assert!(instance.pid.is_some() && instance.ready_at.is_some());

    let env = wait_log(&mut logs, |l| l.line.starts_with("env ")).await;
    assert_eq!(
        env.line,
        format!(
            "env PORT={} K_SERVICE=svc K_REVISION=svc-00001 K_CONFIGURATION=svc-config FOO=bar",
            addr.port()
        )
    );
    assert_eq!(env.stream, Stream::Stdout);
    assert_eq!((&*env.service, &*env.revision), ("svc", "svc-00001"));
    assert_eq!(env.instance, instance.id);
    let err = wait_log(&mut logs, |l| l.line == "hello on stderr").await;
    assert_eq!(err.stream, Stream::Stderr);
    assert_eq!(err.instance, instance.id);

    runtime.shutdown().await;
}

// === start failures ===

#[tokio::test]
async fn exit_before_ready_reports_status_and_last_lines_then_restarts() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    runtime.set_revision(shell("bad-00001", "echo boom; echo oops >&2; exit 1"), 1);

    let snapshot = wait_for(&mut rx, "a start failure", |s| {
        s.revisions
            .get("bad-00001")
            .is_some_and(|r| r.start_failure.is_some())
    })
    .await;
    let rev = revision(&snapshot, "bad-00001");
    let failure = rev.start_failure.as_ref().unwrap();
    assert_eq!(failure.reason, "ExitCode");
    let port = rev.instances[0].port;
    assert_eq!(
        failure.message,
        format!(
            "instance {} exited with status 1 before listening on PORT {port}; see its last log lines and fix the program or its command",
            rev.instances[0].id
        )
    );
    let mut lines = failure.last_lines.clone();
    lines.sort();
    assert_eq!(lines, ["boom", "oops"]);
    assert!(!rev.ever_ready);

    // It keeps trying, with backoff.
    let snapshot = wait_for(&mut rx, "two restarts", |s| {
        s.revisions
            .get("bad-00001")
            .is_some_and(|r| r.restarts >= 2)
    })
    .await;
    let rev = revision(&snapshot, "bad-00001");
    assert!(rev.ready_endpoints.is_empty());
    assert_eq!(
        rev.instances[0].last_exit.as_deref(),
        Some("exited with status 1")
    );
    runtime.shutdown().await;
}

#[tokio::test]
async fn missing_program_is_a_spawn_failure() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let spec = InstanceSpec::new("svc", "missing-00001", "runlane-test-no-such-program");
    runtime.set_revision(spec, 1);
    let snapshot = wait_for(&mut rx, "a spawn failure", |s| {
        s.revisions
            .get("missing-00001")
            .is_some_and(|r| r.start_failure.is_some())
    })
    .await;
    let rev = revision(&snapshot, "missing-00001");
    let failure = rev.start_failure.as_ref().unwrap();
    assert_eq!(failure.reason, "SpawnFailed");
    assert_eq!(
        failure.message,
        "program \"runlane-test-no-such-program\" was not found; install it or give its full path in the revision's command"
    );
    assert_eq!(rev.instances[0].state, InstanceState::Failed);
    assert_eq!(rev.instances[0].pid, None);

    runtime.set_revision(InstanceSpec::new("svc", "missing-00001", "x"), 0);
    wait_for(&mut rx, "the failed instance to go", |s| {
        revision(s, "missing-00001").instances.is_empty()
    })
    .await;
}

#[tokio::test]
async fn http_startup_probe_waits_for_a_2xx() {
    let (runtime, mut logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut spec = python_server("probe-00001");
    spec.env = vec![("HEALTHY_AFTER".into(), "2".into())];
    spec.startup_probe = Probe::http("/healthz");
    runtime.set_revision(spec, 1);
    wait_ready(&mut rx, "probe-00001", 1).await;
    // Ready only after the third call: the first two answered 503.
    for n in 1..=3 {
        wait_log(&mut logs, |l| l.line == format!("healthz call {n}")).await;
    }
    runtime.shutdown().await;
}

#[tokio::test]
async fn failing_http_startup_probe_is_reported_and_the_instance_stopped() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut spec = python_server("unhealthy-00001");
    spec.env = vec![("HEALTHY_AFTER".into(), "1000000".into())];
    // 3 s: long enough for python to be answering 503 by the end even on a loaded machine.
    spec.startup_probe = Probe {
        period: Duration::from_millis(100),
        failure_threshold: 30,
        ..Probe::http("/healthz")
    };
    runtime.set_revision(spec, 1);
    let snapshot = wait_for(&mut rx, "a startup probe failure", |s| {
        s.revisions
            .get("unhealthy-00001")
            .is_some_and(|r| r.start_failure.is_some())
    })
    .await;
    let rev = revision(&snapshot, "unhealthy-00001");
    let failure = rev.start_failure.as_ref().unwrap();
    assert_eq!(failure.reason, "StartupProbeFailed");
    let port = rev.instances[0].port;
    assert!(
        failure.message.contains(&format!(
            "did not pass its startup probe (HTTP GET /healthz on PORT {port}) within 3s (GET /healthz on 127.0.0.1:{port} answered 503)"
        )),
        "{}",
        failure.message
    );
    assert!(failure
        .last_lines
        .iter()
        .any(|l| l.starts_with("healthz call")));
    assert!(!rev.ever_ready);
    runtime.shutdown().await;
}

// === restarts ===

#[tokio::test]
async fn crash_after_ready_restarts_with_a_new_endpoint() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    runtime.set_revision(python_server("crashy-00001"), 1);
    let before = wait_ready(&mut rx, "crashy-00001", 1).await[0];
    let first_pid = revision(&rx.borrow(), "crashy-00001").instances[0]
        .pid
        .unwrap();

    let _ = http_get(before, "/crash").await;
    let snapshot = wait_for(&mut rx, "the instance to restart and be ready", |s| {
        let rev = revision(s, "crashy-00001");
        rev.restarts == 1 && rev.ready_endpoints.len() == 1
    })
    .await;
    let rev = revision(&snapshot, "crashy-00001");
    let instance = &rev.instances[0];
    assert_eq!(instance.restarts, 1);
    assert_eq!(instance.state, InstanceState::Ready);
    assert_eq!(instance.last_exit.as_deref(), Some("exited with status 7"));
    assert_ne!(instance.pid, Some(first_pid));
    assert_eq!(rev.start_failure, None);
    assert!(http_get(rev.ready_endpoints[0], "/")
        .await
        .unwrap()
        .contains("200"));
    wait_dead(first_pid).await;
    runtime.shutdown().await;
}

#[tokio::test]
async fn failing_liveness_probe_restarts_the_instance() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut spec = python_server("live-00001");
    spec.liveness_probe = Some(Probe {
        period: Duration::from_millis(20),
        failure_threshold: 3,
        ..Probe::http("/live")
    });
    runtime.set_revision(spec, 1);
    let addr = wait_ready(&mut rx, "live-00001", 1).await[0];
    http_get(addr, "/sick").await.unwrap();
    let snapshot = wait_for(&mut rx, "a liveness restart", |s| {
        let rev = revision(s, "live-00001");
        rev.restarts == 1 && rev.ready_endpoints.len() == 1
    })
    .await;
    let last_exit = revision(&snapshot, "live-00001").instances[0]
        .last_exit
        .clone()
        .unwrap();
    assert!(
        last_exit.starts_with(&format!(
            "stopped after failing its liveness probe 3 times in a row (GET /live on {addr} answered 500)"
        )),
        "{last_exit}"
    );
    runtime.shutdown().await;
}

// === stop ===

/// Spawns a `sleep` grandchild (printing its pid) and then serves.
fn server_with_grandchild(revision: &str) -> InstanceSpec {
    let script = format!(
        "sleep 1000 & echo \"grandchild $!\"; exec python3 -u -c '{}'",
        SERVER_PY.replace('\'', "'\\''")
    );
    shell(revision, &script)
}

#[tokio::test]
async fn scaling_down_and_shutdown_leave_no_process_behind() {
    let (runtime, mut logs) = runtime();
    let mut rx = runtime.subscribe();
    let spec = server_with_grandchild("family-00001");
    runtime.set_revision(spec.clone(), 2);
    wait_ready(&mut rx, "family-00001", 2).await;
    let mut grandchildren = std::collections::HashMap::new();
    while grandchildren.len() < 2 {
        let line = wait_log(&mut logs, |l| l.line.starts_with("grandchild ")).await;
        let pid: u32 = line.line["grandchild ".len()..].parse().unwrap();
        grandchildren.insert(line.instance, pid);
    }
    let snapshot = rx.borrow().clone();
    let instances = revision(&snapshot, "family-00001").instances.clone();

    // 2 → 1: the newest goes, with its grandchild.
    runtime.set_revision(spec.clone(), 1);
    wait_for(&mut rx, "one instance left", |s| {
        revision(s, "family-00001").instances.len() == 1
    })
    .await;
    let (kept, gone) = (&instances[0], &instances[1]);
    wait_dead(gone.pid.unwrap()).await;
    wait_dead(grandchildren[&gone.id]).await;
    assert!(!process_is_dead(kept.pid.unwrap()));
    assert!(!process_is_dead(grandchildren[&kept.id]));
    assert_eq!(
        revision(&rx.borrow(), "family-00001").ready_endpoints.len(),
        1
    );

    // 1 → 0.
    runtime.set_revision(spec.clone(), 0);
    wait_for(&mut rx, "no instance left", |s| {
        revision(s, "family-00001").instances.is_empty()
    })
    .await;
    wait_dead(kept.pid.unwrap()).await;
    wait_dead(grandchildren[&kept.id]).await;

    // Shutdown stops a fresh pair in parallel and returns once they are reaped.
    runtime.set_revision(spec, 2);
    wait_ready(&mut rx, "family-00001", 2).await;
    let mut pids: Vec<u32> = revision(&rx.borrow(), "family-00001")
        .instances
        .iter()
        .map(|i| i.pid.unwrap())
        .collect();
    while pids.len() < 4 {
        let line = wait_log(&mut logs, |l| l.line.starts_with("grandchild ")).await;
        pids.push(line.line["grandchild ".len()..].parse().unwrap());
    }
    runtime.shutdown().await;
    // Leaders are reaped by the time shutdown returns.
    assert!(!std::path::Path::new(&format!("/proc/{}", pids[0])).exists());
    assert!(!std::path::Path::new(&format!("/proc/{}", pids[1])).exists());
    for pid in pids {
        wait_dead(pid).await;
    }
    assert!(revision(&rx.borrow(), "family-00001").instances.is_empty());
}

#[tokio::test]
async fn sigterm_ignoring_program_is_killed_after_the_grace() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let script =
        format!("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n{SERVER_PY}");
    let mut spec = python_server("stubborn-00001");
    spec.args = vec!["-u".into(), "-c".into(), script];
    spec.stop_grace = Duration::from_millis(300);
    runtime.set_revision(spec.clone(), 1);
    wait_ready(&mut rx, "stubborn-00001", 1).await;
    let pid = revision(&rx.borrow(), "stubborn-00001").instances[0]
        .pid
        .unwrap();

    let started = Instant::now();
    runtime.set_revision(spec, 0);
    // Withdrawn from the endpoints at once, before any signal.
    let now = rx.borrow_and_update().clone();
    let rev = revision(&now, "stubborn-00001");
    assert!(rev.ready_endpoints.is_empty());
    assert_eq!(rev.instances[0].state, InstanceState::Stopping);

    wait_for(&mut rx, "the instance to be gone", |s| {
        revision(s, "stubborn-00001").instances.is_empty()
    })
    .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
}

#[tokio::test]
async fn a_program_that_exits_on_sigterm_does_not_wait_for_the_grace() {
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut spec = python_server("polite-00001");
    spec.stop_grace = Duration::from_secs(60);
    runtime.set_revision(spec, 1);
    wait_ready(&mut rx, "polite-00001", 1).await;
    let started = Instant::now();
    runtime.remove_revision("polite-00001").await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!rx.borrow().revisions.contains_key("polite-00001"));
}

/// A drain that resolves when the test says so, recording what it was asked.
struct GatedDrain {
    asked: std::sync::Mutex<Vec<(String, SocketAddr)>>,
    open: watch::Sender<bool>,
}

impl runlane_runtime::Drain for GatedDrain {
    fn drained(
        &self,
        revision: &str,
        addr: SocketAddr,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        self.asked.lock().unwrap().push((revision.to_owned(), addr));
        let mut open = self.open.subscribe();
        Box::pin(async move {
            let _ = open.wait_for(|o| *o).await;
        })
    }
}

#[tokio::test]
async fn a_ready_instance_chosen_for_removal_drains_before_sigterm() {
    let (runtime, _logs) = runtime();
    let drain = Arc::new(GatedDrain {
        asked: Default::default(),
        open: watch::channel(false).0,
    });
    runtime.set_drain(drain.clone());
    let mut rx = runtime.subscribe();
    let spec = python_server("draining-00001");
    assert!(
        !runtime.scale("draining-00001", 1),
        "unknown until declared"
    );
    runtime.set_revision(spec.clone(), 1);
    assert!(runtime.scale("draining-00001", 2));
    let endpoints = wait_ready(&mut rx, "draining-00001", 2).await;
    let newest = revision(&rx.borrow(), "draining-00001").instances[1].clone();

    // 2 → 1: the newest leaves the endpoints at once and keeps serving until drained.
    assert!(runtime.scale("draining-00001", 1));
    let rev = revision(&rx.borrow(), "draining-00001").clone();
    assert_eq!(rev.ready_endpoints, [endpoints[0]]);
    assert_eq!(rev.instances[1].state, InstanceState::Stopping);
    let deadline = Instant::now() + DEADLINE;
    while drain.asked.lock().unwrap().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the runtime never asked to drain"
        );
        tokio::task::yield_now().await;
    }
    assert_eq!(
        *drain.asked.lock().unwrap(),
        [("draining-00001".to_owned(), endpoints[1])]
    );
    let addr = endpoint_of(&newest);
    let answer = http_get(addr, "/").await.unwrap();
    assert!(
        answer.ends_with("ok"),
        "still serving while draining: {answer}"
    );
    assert!(!process_is_dead(newest.pid.unwrap()));

    drain.open.send_replace(true);
    wait_dead(newest.pid.unwrap()).await;
    wait_for(&mut rx, "one instance left", |s| {
        revision(s, "draining-00001").instances.len() == 1
    })
    .await;

    // A drain that never resolves is cut off by the spec's drain timeout.
    drain.open.send_replace(false);
    let mut impatient = python_server("draining-00002");
    impatient.drain_timeout = Duration::from_millis(200);
    runtime.set_revision(impatient.clone(), 1);
    wait_ready(&mut rx, "draining-00002", 1).await;
    let started = Instant::now();
    runtime.set_revision(impatient, 0);
    wait_for(&mut rx, "the instance to be gone", |s| {
        revision(s, "draining-00002").instances.is_empty()
    })
    .await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    drain.open.send_replace(true);
    runtime.shutdown().await;
}

fn endpoint_of(instance: &runlane_runtime::InstanceStatus) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], instance.port))
}

/// An instance whose child left its process group and session (`setsid`)
/// used to leave that child running after stop: only the group was killed.
/// With cgroups (root) the whole cgroup is killed.
#[tokio::test]
async fn a_setsid_grandchild_dies_with_its_instance() {
    if !nix_is_root() {
        assert!(
            std::env::var_os("CI").is_none(),
            "this test needs root (cgroups) and CI is set: run the tests as root"
        );
        return;
    }
    let (runtime, mut logs) = runtime();
    let mut rx = runtime.subscribe();
    let script = format!(
        "setsid sleep 1000 & echo \"grandchild $!\"; exec python3 -u -c '{}'",
        SERVER_PY.replace('\'', "'\\''")
    );
    runtime.set_revision(shell("setsid-00001", &script), 1);
    wait_ready(&mut rx, "setsid-00001", 1).await;
    let line = wait_log(&mut logs, |l| l.line.starts_with("grandchild ")).await;
    let pid: u32 = line.line["grandchild ".len()..].parse().unwrap();
    assert!(!process_is_dead(pid));
    runtime.set_revision(shell("setsid-00001", &script), 0);
    wait_for(&mut rx, "the instance gone", |s| {
        revision(s, "setsid-00001").instances.is_empty()
    })
    .await;
    wait_dead(pid).await;
    runtime.shutdown().await;
}

/// A process instance lives in its own cgroup: its memory limit holds (an
/// OOM kill is counted and it restarts) and its usage can be sampled.
#[tokio::test]
async fn a_process_instance_has_its_limits_and_usage() {
    if !nix_is_root() {
        assert!(
            std::env::var_os("CI").is_none(),
            "this test needs root (cgroups) and CI is set: run the tests as root"
        );
        return;
    }
    let (runtime, _logs) = runtime();
    let mut rx = runtime.subscribe();
    let mut server = python_server("limited-00001");
    server.limits = runlane_runtime::Limits {
        memory_bytes: Some(256 << 20),
        cpu_millis: Some(1000),
    };
    runtime.set_revision(server, 1);
    wait_ready(&mut rx, "limited-00001", 1).await;
    let usage = runtime.sample_usage();
    let sample = usage
        .iter()
        .find(|u| u.revision == "limited-00001")
        .expect("a usage sample of the running instance");
    assert_eq!(sample.memory_limit_bytes, Some(256 << 20));
    assert_eq!(sample.cpu_limit_millis, Some(1000));
    assert!(sample.memory_bytes > 1 << 20, "{sample:?}");

    let mut hog = shell(
        "hog-00001",
        "python3 -c 'x = bytearray(96 << 20); x[::4096] = b\"a\" * len(x[::4096])'",
    );
    hog.limits.memory_bytes = Some(32 << 20);
    runtime.set_revision(hog, 1);
    let snapshot = wait_for(&mut rx, "an OOM kill", |s| {
        s.revisions
            .get("hog-00001")
            .is_some_and(|r| r.oom_kills >= 1)
    })
    .await;
    let rev = revision(&snapshot, "hog-00001");
    let last_exit = rev.instances[0].last_exit.clone().unwrap_or_default();
    assert!(
        last_exit.contains("Memory limit of 32 MiB exceeded"),
        "{last_exit}"
    );
    runtime.shutdown().await;
}

fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    })
}
