//! Container instances under real runc, from a tiny image built in a temp dir
//! (busybox-static and a web root; no registry). Every test has its own state
//! dir (so its own owner mark) and its own /24, and waits on snapshots, logs
//! or usage samples with a deadline.
//!
//! These tests need root, runc, a static tini and busybox-static: without
//! them they fail when `CI` is set, and otherwise say why and pass.
//!
//! Index:
//! - contract: HTTP on CONTAINER_IP:8080, PORT and K_* set, logs captured,
//!   SIGTERM reaches the app through tini, nothing left after stop; the
//!   image's USER and WorkingDir
//! - limits: memory (OOM kill counted, logged, restarted), CPU quota
//!   (a busy loop held near 0.5 cores, seen through `sample_usage`)
//! - isolation: no way to the host's listeners nor to another instance
//! - clean-up: a runlane that died without shutdown is cleaned up by the next
//! - warm links: refilled after a take, a start without any still works,
//!   timings with and without
//! - failures: an image that cannot be had fails the revision

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use runlane_runtime::{
    ContainerSpec, Containers, ContainersConfig, ImageRootfs, Images, InstanceSpec, Ipv4Subnet,
    Limits, LogLine, LogSink, PullProgress, RevisionStatus, Runtime, RuntimeSnapshot,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

const DEADLINE: Duration = Duration::from_secs(30);

// === fixtures ===

/// Whether this machine can run the tests; panics under CI when it cannot.
#[allow(clippy::print_stderr, reason = "says why a test did nothing")]
fn can_run() -> bool {
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    });
    let missing: Vec<&str> = [
        ("root", root),
        ("runc", which("runc")),
        (
            "/usr/bin/tini-static",
            Path::new("/usr/bin/tini-static").exists(),
        ),
        (
            "/bin/busybox (busybox-static)",
            Path::new("/bin/busybox").exists(),
        ),
        ("ip", which("ip")),
        ("iptables", which("iptables")),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(what, _)| what)
    .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "container tests need {}; run them as root after apt-get install runc tini busybox-static iptables iproute2",
        missing.join(", ")
    );
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipping: {why}");
    false
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// A rootfs with busybox (sh, httpd, ...), `/www/index.html`, an `app`
/// user and a writable `/tmp`.
fn build_image(dir: &Path) -> PathBuf {
    let rootfs = dir.join("image");
    for sub in ["bin", "www", "tmp", "etc"] {
        std::fs::create_dir_all(rootfs.join(sub)).unwrap();
    }
    std::fs::copy("/bin/busybox", rootfs.join("bin/busybox")).unwrap();
    for applet in [
        "sh", "httpd", "head", "tr", "cat", "echo", "sleep", "dd", "id",
    ] {
        std::os::unix::fs::symlink("busybox", rootfs.join("bin").join(applet)).unwrap();
    }
    std::fs::write(rootfs.join("www/index.html"), "hello from a container\n").unwrap();
    std::fs::write(
        rootfs.join("etc/passwd"),
        "root:x:0:0:root:/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n",
    )
    .unwrap();
    std::fs::write(rootfs.join("etc/group"), "root:x:0:\napp:x:1000:\n").unwrap();
    std::fs::set_permissions(
        rootfs.join("www"),
        std::os::unix::fs::PermissionsExt::from_mode(0o777),
    )
    .unwrap();
    std::fs::set_permissions(
        rootfs.join("tmp"),
        std::os::unix::fs::PermissionsExt::from_mode(0o1777),
    )
    .unwrap();
    rootfs
}

/// Hands out the one image, or refuses.
struct TestImages {
    image: Option<ImageRootfs>,
}

impl Images for TestImages {
    fn ensure(
        &self,
        reference: &str,
        _digest: &str,
        progress: Box<dyn Fn(PullProgress) + Send + Sync>,
    ) -> Pin<Box<dyn Future<Output = Result<ImageRootfs, String>> + Send>> {
        let result = self.image.clone().ok_or_else(|| {
            format!("manifest unknown: {reference} is not in the registry; check the image name")
        });
        Box::pin(async move {
            progress(PullProgress {
                layers_done: 1,
                layers_total: 1,
                bytes_done: 10,
                bytes_total: 10,
            });
            result
        })
    }
}

/// One test's world: a state dir, its own /24, containers and a runtime.
/// A test that panics cleans up after itself as the next runlane would.
struct World {
    config: ContainersConfig,
    state_dir: PathBuf,
    subnet: Ipv4Subnet,
    containers: Containers,
    runtime: Runtime,
    logs: mpsc::Receiver<LogLine>,
    _dir: tempfile::TempDir,
}

impl Drop for World {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut config = self.config.clone();
            config.warm_links = 0;
            let _ = Containers::start(config);
        }
    }
}

fn config(dir: &Path, third_octet: u8, image: Option<ImageRootfs>) -> ContainersConfig {
    let state_dir = dir.join("run");
    let mut config = ContainersConfig::new(
        state_dir.clone(),
        Arc::new(TestImages { image }),
        state_dir.display().to_string(),
    );
    config.subnet = format!("10.213.{third_octet}.0/24").parse().unwrap();
    config
}

fn world(third_octet: u8) -> World {
    world_with(third_octet, 2)
}

/// A world keeping `warm_links` prepared networks.
fn world_with(third_octet: u8, warm_links: usize) -> World {
    let dir = tempfile::tempdir().unwrap();
    let rootfs = build_image(dir.path());
    let image = ImageRootfs {
        rootfs,
        entrypoint: vec!["/bin/sh".into(), "-c".into()],
        cmd: vec!["exec httpd -f -p $PORT -h /www".into()],
        env: vec!["PATH=/bin".into(), "FROM_IMAGE=1".into()],
        working_dir: None,
        user: None,
    };
    let mut config = config(dir.path(), third_octet, Some(image));
    config.warm_links = warm_links;
    let state_dir = config.state_dir.clone();
    let subnet = config.subnet;
    let containers = Containers::start(config.clone()).expect("containers start");
    let (sink, logs) = LogSink::new(10_000);
    let runtime = Runtime::with_containers(sink, containers.clone());
    World {
        _dir: dir,
        config,
        state_dir,
        subnet,
        containers,
        runtime,
        logs,
    }
}

fn container_spec(revision: &str, script: Option<&str>) -> InstanceSpec {
    let mut spec = InstanceSpec::new("svc", revision, "");
    spec.container = Some(ContainerSpec {
        image_reference: "test/busybox:1".into(),
        image_digest: "sha256:0000".into(),
        command: script.map_or_else(Vec::new, |_| vec!["/bin/sh".into(), "-c".into()]),
        args: script.map_or_else(Vec::new, |s| vec![s.into()]),
        working_dir: None,
        port: 8080,
    });
    spec.stop_grace = Duration::from_secs(20);
    spec
}

/// Polls until `containers` has `n` warm links ready.
async fn wait_warm(containers: &Containers, n: usize) {
    let deadline = Instant::now() + DEADLINE;
    while containers.warm_links() != n {
        assert!(
            Instant::now() < deadline,
            "{} warm links, not {n}",
            containers.warm_links()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

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

async fn http_get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream =
        tokio::time::timeout(Duration::from_secs(5), tokio::net::TcpStream::connect(addr))
            .await
            .map_err(|_| std::io::Error::other("connect timed out"))??;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: test\r\n\r\n").as_bytes())
        .await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer)
}

/// Everything of this world's owner still on the host: runc containers,
/// mounts, cgroups, network namespaces and veths.
fn leftovers(state_dir: &Path, scope: &str, subnet: Ipv4Subnet) -> Vec<String> {
    let mut left = Vec::new();
    let list = std::process::Command::new("runc")
        .arg("--root")
        .arg(state_dir.join("runc"))
        .args(["list", "-q"])
        .output()
        .unwrap();
    left.extend(
        String::from_utf8_lossy(&list.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(|id| format!("container {id}")),
    );
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
    left.extend(
        mounts
            .lines()
            .filter_map(|l| l.split(' ').nth(1))
            .filter(|p| p.starts_with(state_dir.to_str().unwrap()))
            .map(|p| format!("mount {p}")),
    );
    let mut roots: Vec<PathBuf> = std::fs::read_dir("/sys/fs/cgroup")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    roots.push(PathBuf::from("/sys/fs/cgroup"));
    for root in roots {
        let root = root.display();
        if let Ok(entries) = std::fs::read_dir(format!("{root}/runlane")) {
            for name in entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
            {
                if name.starts_with(&format!("{scope}-")) {
                    left.push(format!("cgroup {root}/runlane/{name}"));
                }
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir("/run/netns") {
        for name in entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
        {
            if name.starts_with(&format!("rl-{scope}-")) {
                left.push(format!("netns {name}"));
            }
        }
    }
    for name in std::fs::read_dir("/sys/class/net")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
    {
        let Some(hex) = name.strip_prefix("rlh") else {
            continue;
        };
        let Ok(network) = u32::from_str_radix(hex, 16) else {
            continue;
        };
        let mask = u32::MAX << (32 - u32::from(subnet.prefix_len));
        if network & mask == u32::from(subnet.base) & mask {
            left.push(format!("veth {name}"));
        }
    }
    left
}

/// Whether a TCP connection to `addr` succeeds within 2 s from inside the
/// network namespace `netns` (the host's network when None).
fn connects(netns: Option<&str>, addr: SocketAddr) -> bool {
    const CONNECT: &str =
        "import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)";
    let mut command = match netns {
        Some(netns) => {
            let mut command = std::process::Command::new("ip");
            command.args(["netns", "exec", netns, "python3"]);
            command
        }
        None => std::process::Command::new("python3"),
    };
    command
        .args([
            "-c",
            CONNECT,
            &addr.ip().to_string(),
            &addr.port().to_string(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
}

fn netns_of(scope: &str, container_ip: IpAddr) -> String {
    let IpAddr::V4(ip) = container_ip else {
        panic!("an IPv4 instance address")
    };
    format!("rl-{scope}-{:08x}", u32::from(ip) - 2)
}

// === contract ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn a_container_serves_on_its_own_address_with_the_contract_env() {
    if !can_run() {
        return;
    }
    let mut w = world(11);
    let mut rx = w.runtime.subscribe();
    let script = "echo \"$K_REVISION\" > /www/rev; echo \"env PORT=$PORT K_SERVICE=$K_SERVICE K_CONFIGURATION=$K_CONFIGURATION FROM_IMAGE=$FROM_IMAGE\"; exec httpd -f -p $PORT -h /www";
    let started = Instant::now();
    w.runtime
        .set_revision(container_spec("web-00001", Some(script)), 1);
    let addr = wait_ready(&mut rx, "web-00001", 1).await[0];
    let cold_start = started.elapsed();
    assert_eq!(addr.port(), 8080);
    assert!(w.subnet.to_string().starts_with("10.213.11."));
    let IpAddr::V4(ip) = addr.ip() else {
        panic!("an IPv4 instance address")
    };
    assert!(
        ip.octets()[..3] == [10, 213, 11] && ip.octets()[3] % 4 == 2,
        "{ip}"
    );
    let snapshot = rx.borrow().clone();
    let instance = &revision(&snapshot, "web-00001").instances[0];
    assert_eq!(instance.addr, addr);
    assert!(instance.pid.is_some());

    let answer = http_get(addr, "/rev").await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.") && answer.ends_with("web-00001\n"),
        "{answer}"
    );
    let answer = http_get(addr, "/").await.unwrap();
    assert!(answer.contains("hello from a container"), "{answer}");
    let line = wait_log(&mut w.logs, |l| l.line.starts_with("env ")).await;
    assert_eq!(
        line.line,
        "env PORT=8080 K_SERVICE=svc K_CONFIGURATION=svc FROM_IMAGE=1"
    );
    assert_eq!(line.instance, instance.id);

    // SIGTERM reaches httpd through tini: it stops well within the 20 s grace.
    let stopping = Instant::now();
    w.runtime
        .set_revision(container_spec("web-00001", Some(script)), 0);
    wait_for(&mut rx, "the instance gone", |s| {
        revision(s, "web-00001").instances.is_empty()
    })
    .await;
    let stop_took = stopping.elapsed();
    assert!(
        stop_took < Duration::from_secs(5),
        "stopping took {stop_took:?}"
    );
    // Only the refilled warm links are left, and shutdown removes them.
    wait_warm(&w.containers, 2).await;
    let mut kinds: Vec<String> = leftovers(&w.state_dir, w.containers.scope(), w.subnet)
        .iter()
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["netns", "netns", "veth", "veth"]);
    tracing_free_note(cold_start, stop_took);
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
    assert_eq!(w.containers.warm_links(), 0);
    assert_eq!(
        leftovers(&w.state_dir, w.containers.scope(), w.subnet),
        Vec::<String>::new()
    );
}

/// Records timings in the test output (visible with --nocapture).
#[allow(clippy::print_stderr, reason = "timings for the report")]
fn tracing_free_note(cold_start: Duration, stop: Duration) {
    eprintln!("container cold start to ready: {cold_start:?}; stop: {stop:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn the_images_user_runs_the_app() {
    if !can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rootfs = build_image(dir.path());
    let image = ImageRootfs {
        rootfs,
        entrypoint: vec!["/bin/sh".into(), "-c".into()],
        cmd: vec![
            "echo \"ids $(id -u):$(id -g) in $(pwd)\"; exec httpd -f -p $PORT -h /www".into(),
        ],
        env: vec!["PATH=/bin".into()],
        working_dir: Some("/www".into()),
        user: Some("app".into()),
    };
    let containers = Containers::start(config(dir.path(), 17, Some(image))).unwrap();
    let (sink, mut logs) = LogSink::new(1000);
    let runtime = Runtime::with_containers(sink, containers.clone());
    let mut rx = runtime.subscribe();
    runtime.set_revision(container_spec("user-00001", None), 1);
    wait_ready(&mut rx, "user-00001", 1).await;
    let line = wait_log(&mut logs, |l| l.line.starts_with("ids ")).await;
    assert_eq!(line.line, "ids 1000:1000 in /www");
    runtime.shutdown().await;
    containers.shutdown().await;
}

// === limits ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn exceeding_the_memory_limit_is_an_oom_kill_that_restarts() {
    if !can_run() {
        return;
    }
    let mut w = world(12);
    let mut rx = w.runtime.subscribe();
    let mut spec = container_spec(
        "hog-00001",
        Some("echo filling; x=$(head -c 64m /dev/zero | tr '\\0' a); echo survived"),
    );
    spec.limits = Limits {
        memory_bytes: Some(32 << 20),
        cpu_millis: None,
    };
    w.runtime.set_revision(spec, 1);
    let snapshot = wait_for(&mut rx, "an OOM kill and a restart", |s| {
        s.revisions.get("hog-00001").is_some_and(|r| {
            r.oom_kills >= 1
                && r.instances
                    .first()
                    .is_some_and(|i| i.oom_kills >= 1 && i.restarts >= 1)
        })
    })
    .await;
    let rev = revision(&snapshot, "hog-00001");
    let instance = &rev.instances[0];
    let last_exit = instance.last_exit.as_deref().unwrap_or_default();
    assert!(
        last_exit.contains("Memory limit of 32 MiB exceeded with"),
        "{last_exit}"
    );
    let line = wait_log(&mut w.logs, |l| {
        l.line.starts_with("Memory limit of 32 MiB exceeded with ")
    })
    .await;
    assert!(
        line.line
            .contains("MiB used. Consider increasing the memory limit"),
        "{}",
        line.line
    );
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
    assert_eq!(
        leftovers(&w.state_dir, w.containers.scope(), w.subnet),
        Vec::<String>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn a_cpu_quota_holds_a_busy_loop_near_half_a_core() {
    if !can_run() {
        return;
    }
    let w = world(13);
    let mut rx = w.runtime.subscribe();
    let mut spec = container_spec(
        "busy-00001",
        Some("while :; do :; done & while :; do :; done & exec httpd -f -p $PORT -h /www"),
    );
    spec.limits = Limits {
        memory_bytes: Some(64 << 20),
        cpu_millis: Some(500),
    };
    w.runtime.set_revision(spec, 1);
    wait_ready(&mut rx, "busy-00001", 1).await;
    // Samples a second apart until one shows the quota holding (or the deadline).
    let deadline = Instant::now() + DEADLINE;
    let mut cores_seen = Vec::new();
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        ticker.tick().await;
        let usage = w.runtime.sample_usage();
        let sample = usage
            .iter()
            .find(|u| u.revision == "busy-00001")
            .expect("a usage sample");
        assert_eq!(sample.cpu_limit_millis, Some(500));
        assert_eq!(sample.memory_limit_bytes, Some(64 << 20));
        assert!(
            sample.memory_bytes > 0
                && sample.memory_utilization > 0.0
                && sample.memory_utilization < 1.0,
            "{sample:?}"
        );
        let cores = sample.cpu_utilization * 0.5;
        cores_seen.push(cores);
        if cores_seen.len() >= 3 && (0.35..0.65).contains(&cores) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "CPU use never settled near 0.5 cores: {cores_seen:?}"
        );
    }
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
}

// === isolation ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn instances_reach_neither_the_host_nor_each_other() {
    if !can_run() {
        return;
    }
    let w = world(14);
    let mut rx = w.runtime.subscribe();
    // A listener on every host address.
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    w.runtime.set_revision(container_spec("iso-00001", None), 2);
    let endpoints = wait_ready(&mut rx, "iso-00001", 2).await;
    let (a, b) = (endpoints[0], endpoints[1]);
    let scope = w.containers.scope().to_owned();
    let (netns_a, netns_b) = (netns_of(&scope, a.ip()), netns_of(&scope, b.ip()));
    let gateway_a = match a.ip() {
        IpAddr::V4(ip) => Ipv4Addr::from(u32::from(ip) - 1),
        IpAddr::V6(_) => unreachable!(),
    };
    let checks = tokio::task::spawn_blocking(move || {
        // Positive controls: the host reaches both, and the listener answers.
        assert!(connects(None, b), "the host must reach instance b");
        assert!(
            connects(None, SocketAddr::from(([127, 0, 0, 1], port))),
            "the test listener accepts"
        );
        // The instance reaches its own address, and neither the host nor b.
        assert!(connects(Some(&netns_a), a), "a reaches itself");
        let host = |ip: Ipv4Addr| SocketAddr::from((ip, port));
        assert!(
            !connects(Some(&netns_a), host(gateway_a)),
            "a must not reach the host via its gateway"
        );
        for host_ip in host_addresses() {
            assert!(
                !connects(Some(&netns_a), host(host_ip)),
                "a must not reach the host at {host_ip}"
            );
        }
        assert!(!connects(Some(&netns_a), b), "a must not reach b");
        assert!(!connects(Some(&netns_b), a), "b must not reach a");
    });
    checks.await.unwrap();
    server.abort();
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
    assert_eq!(
        leftovers(&w.state_dir, w.containers.scope(), w.subnet),
        Vec::<String>::new()
    );
}

/// The host's global IPv4 addresses other than instance links.
fn host_addresses() -> Vec<Ipv4Addr> {
    let output = std::process::Command::new("ip")
        .args(["-4", "-o", "addr", "show", "scope", "global"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| {
            !l.split_whitespace()
                .nth(1)
                .is_some_and(|dev| dev.starts_with("rlh"))
        })
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            words.find(|w| *w == "inet")?;
            words.next()?.split('/').next()?.parse().ok()
        })
        .collect()
}

// === clean-up ===

#[test]
#[ignore = "needs runc; scripts/test.sh runs it"]
fn the_next_start_cleans_up_after_a_runlane_that_died() {
    if !can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rootfs = build_image(dir.path());
    let image = ImageRootfs {
        rootfs,
        entrypoint: vec!["/bin/sh".into(), "-c".into()],
        cmd: vec!["exec httpd -f -p $PORT -h /www".into()],
        ..ImageRootfs::default()
    };
    let first = config(dir.path(), 15, Some(image.clone()));
    let state_dir = first.state_dir.clone();
    let subnet = first.subnet;
    // A runlane that gets as far as a ready container and a process
    // instance, then vanishes: its Tokio runtime is dropped, nothing stops.
    let scope = {
        let tokio = tokio::runtime::Runtime::new().unwrap();
        tokio.block_on(async {
            let containers = Containers::start(first).unwrap();
            let runtime = Runtime::with_containers(LogSink::discard(), containers.clone());
            let mut rx = runtime.subscribe();
            runtime.set_revision(container_spec("crash-00001", None), 1);
            let mut process = InstanceSpec::new("svc", "proc-00001", "sh");
            process.args = vec!["-c".into(), "exec sleep 1000".into()];
            process.startup_probe.failure_threshold = 100_000;
            runtime.set_revision(process, 1);
            wait_ready(&mut rx, "crash-00001", 1).await;
            wait_for(&mut rx, "the process running", |s| {
                s.revisions
                    .get("proc-00001")
                    .is_some_and(|r| r.instances.first().is_some_and(|i| i.pid.is_some()))
            })
            .await;
            // Its warm links are left too (two netns and veths beyond the
            // instance's), and must go as well.
            wait_warm(&containers, 2).await;
            std::mem::forget(runtime);
            containers.scope().to_owned()
        })
    };
    let left = leftovers(&state_dir, &scope, subnet);
    for kind in ["container", "mount", "cgroup", "netns", "veth"] {
        assert!(
            left.iter().any(|l| l.starts_with(kind)),
            "the crash must leave a {kind}: {left:?}"
        );
    }
    for kind in ["netns", "veth"] {
        let n = left.iter().filter(|l| l.starts_with(kind)).count();
        assert_eq!(n, 3, "the instance's and two warm {kind}s: {left:?}");
    }
    let again = Containers::start(config(dir.path(), 15, Some(image))).unwrap();
    assert_eq!(leftovers(&state_dir, &scope, subnet), Vec::<String>::new());
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(again.shutdown());
}

// === warm links ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn a_taken_warm_link_is_refilled_and_destroyed_on_stop() {
    if !can_run() {
        return;
    }
    let w = world(20);
    let mut rx = w.runtime.subscribe();
    wait_warm(&w.containers, 2).await;
    let scope = w.containers.scope().to_owned();
    let warm: Vec<String> = leftovers(&w.state_dir, &scope, w.subnet)
        .into_iter()
        .filter_map(|l| l.strip_prefix("netns ").map(str::to_owned))
        .collect();
    assert_eq!(warm.len(), 2, "{warm:?}");
    w.runtime
        .set_revision(container_spec("warm-00001", None), 1);
    let addr = wait_ready(&mut rx, "warm-00001", 1).await[0];
    let netns = netns_of(&scope, addr.ip());
    assert!(warm.contains(&netns), "{netns} is one of {warm:?}");
    // The take started a refill: two ready again, beside the instance's.
    wait_warm(&w.containers, 2).await;
    let answer = http_get(addr, "/").await.unwrap();
    assert!(answer.contains("hello from a container"), "{answer}");
    w.runtime
        .set_revision(container_spec("warm-00001", None), 0);
    wait_for(&mut rx, "the instance gone", |s| {
        revision(s, "warm-00001").instances.is_empty()
    })
    .await;
    // The instance's namespace is destroyed, not given back.
    let left = leftovers(&w.state_dir, &scope, w.subnet);
    assert!(!left.contains(&format!("netns {netns}")), "{left:?}");
    assert_eq!(w.containers.warm_links(), 2);
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
    assert_eq!(
        leftovers(&w.state_dir, &scope, w.subnet),
        Vec::<String>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn a_start_without_warm_links_sets_its_network_up() {
    if !can_run() {
        return;
    }
    let w = world_with(21, 0);
    let mut rx = w.runtime.subscribe();
    w.runtime
        .set_revision(container_spec("cold-00001", None), 2);
    let endpoints = wait_ready(&mut rx, "cold-00001", 2).await;
    assert_eq!(w.containers.warm_links(), 0);
    for addr in endpoints {
        let answer = http_get(addr, "/").await.unwrap();
        assert!(answer.contains("hello from a container"), "{answer}");
    }
    w.runtime.shutdown().await;
    w.containers.shutdown().await;
    assert_eq!(
        leftovers(&w.state_dir, w.containers.scope(), w.subnet),
        Vec::<String>::new()
    );
}

/// Cold starts (scale 0 → 1 → ready) with and without warm links, and of
/// them the time from the start of the instance to `runc run -d` spawned;
/// prints the medians (see them with --nocapture). The events are read by
/// the process's one global subscriber (a thread's own default races with
/// callsites other tests register), keeping this revision's only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn cold_starts_with_and_without_warm_links() {
    if !can_run() {
        return;
    }
    let spawns = Spawns::default();
    tracing::subscriber::set_global_default(spawns.clone()).expect("the only global subscriber");
    let mut medians = Vec::new();
    for (octet, warm_links) in [(22, 0), (23, 2)] {
        let w = world_with(octet, warm_links);
        let mut rx = w.runtime.subscribe();
        let mut took = Vec::new();
        for _ in 0..7 {
            wait_warm(&w.containers, warm_links).await;
            let started = Instant::now();
            w.runtime
                .set_revision(container_spec("timing-00001", None), 1);
            wait_ready(&mut rx, "timing-00001", 1).await;
            took.push(started.elapsed());
            w.runtime
                .set_revision(container_spec("timing-00001", None), 0);
            wait_for(&mut rx, "the instance gone", |s| {
                revision(s, "timing-00001").instances.is_empty()
            })
            .await;
        }
        took.sort();
        let mut spawned: Vec<Spawn> = std::mem::take(&mut *spawns.0.lock().unwrap());
        assert_eq!(spawned.len(), 7, "one spawn event per start");
        assert!(
            spawned.iter().all(|s| s.warm == (warm_links > 0)),
            "every start takes a warm link when there are some: {spawned:?}"
        );
        spawned.sort_by_key(|s| s.spawned);
        medians.push((warm_links, took[took.len() / 2], took, spawned[3]));
        w.runtime.shutdown().await;
        w.containers.shutdown().await;
        assert_eq!(
            leftovers(&w.state_dir, w.containers.scope(), w.subnet),
            Vec::<String>::new()
        );
    }
    cold_start_note(&medians);
}

#[allow(clippy::print_stderr, reason = "timings for the report")]
fn cold_start_note(medians: &[(usize, Duration, Vec<Duration>, Spawn)]) {
    for (
        warm_links,
        median,
        all,
        Spawn {
            network, spawned, ..
        },
    ) in medians
    {
        eprintln!(
            "warm links {warm_links}: start to runc spawned median {spawned:?} (network {network:?}); cold start to ready median {median:?} of {all:?}"
        );
    }
}

/// Collects the runtime's "runc run -d spawned" debug events.
#[derive(Clone, Default)]
struct Spawns(Arc<std::sync::Mutex<Vec<Spawn>>>);

/// One instance start: whether it took a warm link, how long its network
/// took, and the time from the start to `runc run -d` spawned.
#[derive(Clone, Copy, Debug)]
struct Spawn {
    warm: bool,
    network: Duration,
    spawned: Duration,
}

impl tracing::Subscriber for Spawns {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("runlane_runtime")
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        #[derive(Default)]
        struct Fields {
            message: String,
            instance: String,
            warm: bool,
            network: Option<Duration>,
            spawned: Option<Duration>,
        }
        impl tracing::field::Visit for Fields {
            fn record_bool(&mut self, field: &tracing::field::Field, value: bool) {
                if field.name() == "warm" {
                    self.warm = value;
                }
            }

            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                if field.name() == "instance" {
                    self.instance = value.to_owned();
                }
            }

            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                let text = format!("{value:?}");
                match field.name() {
                    "message" => self.message = text,
                    "network" => self.network = parse_debug_duration(&text),
                    "spawned" => self.spawned = parse_debug_duration(&text),
                    _ => {}
                }
            }
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message == "runc run -d spawned" && fields.instance.starts_with("timing-00001-") {
            let (Some(network), Some(spawned)) = (fields.network, fields.spawned) else {
                panic!("the spawn event carries its durations")
            };
            self.0.lock().unwrap().push(Spawn {
                warm: fields.warm,
                network,
                spawned,
            });
        }
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// A `Duration`'s `Debug` text (`12.5ms`, `800µs`, `3ns`, `1.2s`) back.
fn parse_debug_duration(text: &str) -> Option<Duration> {
    let unit_at = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, unit) = text.split_at(unit_at);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit {
        "s" => 1.0,
        "ms" => 1e-3,
        "µs" => 1e-6,
        "ns" => 1e-9,
        _ => return None,
    };
    Some(Duration::from_secs_f64(number * seconds))
}

// === failures ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn an_image_that_cannot_be_pulled_fails_the_revision() {
    if !can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let containers = Containers::start(config(dir.path(), 16, None)).unwrap();
    let runtime = Runtime::with_containers(LogSink::discard(), containers.clone());
    let mut rx = runtime.subscribe();
    runtime.set_revision(container_spec("nopull-00001", None), 1);
    let snapshot = wait_for(&mut rx, "a pull failure", |s| {
        s.revisions
            .get("nopull-00001")
            .is_some_and(|r| r.start_failure.is_some())
    })
    .await;
    let failure = revision(&snapshot, "nopull-00001")
        .start_failure
        .clone()
        .unwrap();
    assert_eq!(failure.reason, "ImagePullFailed");
    assert!(
        failure
            .message
            .contains("test/busybox:1 is not in the registry"),
        "{}",
        failure.message
    );
    runtime.shutdown().await;
    containers.shutdown().await;
}
