//! Container benchmarks (not a timed test): runlane running images under runc, pulled
//! from a real registry (Debian's `docker-registry` on loopback), measured against a
//! peer in the same run, in alternating rounds, so a noisy neighbour on this shared
//! machine hurts both sides alike:
//!
//! 1. **Cold start**: the first request to a revision at zero instances, the sample app
//!    as an image under runc against the same app as a host process (`--image
//!    runlane/hello`). Target: the container ≤ 50 ms more than the process.
//! 2. **Pull throughput**: runlane's pull of a fresh ≥ 50 MB layer (deploy to ready,
//!    minus a deploy of an image already pulled) against `skopeo copy` of the same
//!    layer into an OCI layout (and, when umoci is installed, that copy followed by
//!    `umoci raw unpack`, the same work as runlane's). Target: runlane ≥ skopeo.
//! 3. **Router throughput** at `-c 1000` (Debian's hey, `-z`) through the router
//!    to one container instance against one process instance. Target: within 5%.
//!
//! Run: `cargo bench -p runlane --bench containers` (needs root, runc, tini-static,
//! skopeo, docker-registry, hey). Options: `-- --rounds 7 --pull-rounds 5 --load-rounds
//! 5 --load-seconds 5 --filler-mb 64 --only cold,pull,load`. `RUNLANE_BIN` picks another
//! runlane binary (default: the one cargo built for this bench, the release profile);
//! `RUNLANE_BENCH_LOG=debug RUNLANE_BENCH_KEEP_LOG=/tmp/x.log` keeps the daemon's log of
//! the cold starts. Prints Markdown tables.
#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use runlane_test_support::oci::{self, Registry};
use runlane_test_support::Runlane;
use serde_json::Value;
use tokio::time::Instant;

fn bin() -> PathBuf {
    std::env::var_os("RUNLANE_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_runlane")), PathBuf::from)
}

struct Opts {
    rounds: usize,
    pull_rounds: usize,
    load_rounds: usize,
    load_seconds: u64,
    filler_mb: usize,
    only: Vec<String>,
}

fn opts() -> Opts {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str| args.iter().skip_while(|a| *a != name).nth(1).cloned();
    let num = |name: &str, default: usize| get(name).and_then(|n| n.parse().ok()).unwrap_or(default);
    Opts {
        rounds: num("--rounds", 7),
        pull_rounds: num("--pull-rounds", 5),
        load_rounds: num("--load-rounds", 5),
        load_seconds: num("--load-seconds", 5) as u64,
        filler_mb: num("--filler-mb", 64),
        only: get("--only").map_or_else(|| vec!["cold".into(), "pull".into(), "load".into()], |s| s.split(',').map(str::to_owned).collect()),
    }
}

fn main() {
    let o = opts();
    let bin = bin();
    println!("runlane binary: {}\n", bin.display());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let registry = Registry::start();
        let hello_ref = format!("{}/bench/hello:1", registry.addr);
        let hello = oci::hello_image(&bin, &[]);
        oci::push(&hello, &hello_ref);
        if o.only.iter().any(|s| s == "cold" || s == "load") {
            let wrapper = tempfile::tempdir().unwrap();
            let daemon = daemon_bin(&bin, wrapper.path());
            let r = Runlane::start_with(&daemon, &["--runtime", "runc", "--scale-to-zero-grace", "1s", "--autoscale-window", "6s"]).unwrap();
            if o.only.iter().any(|s| s == "cold") {
                cold_start(&r, &hello_ref, o.rounds).await;
                if let Ok(keep) = std::env::var("RUNLANE_BENCH_KEEP_LOG") {
                    std::fs::write(&keep, r.log()).unwrap();
                    println!("runlane's log of the cold starts: {keep}\n");
                }
            }
            if o.only.iter().any(|s| s == "load") {
                router_throughput(&r, &hello_ref, o.load_rounds, o.load_seconds).await;
            }
        }
        if o.only.iter().any(|s| s == "pull") {
            let wrapper = tempfile::tempdir().unwrap();
            let daemon = daemon_bin(&bin, wrapper.path());
            pull_throughput(&daemon, &registry, &hello, &hello_ref, o.pull_rounds, o.filler_mb).await;
        }
    });
}

// === helpers ===

/// The binary `runlane up` runs as: `bin` itself, or with `RUNLANE_BENCH_LOG=debug` a
/// wrapper that sets `RUNLANE_LOG` for the daemon (the test fixture sets it to info).
fn daemon_bin(bin: &Path, dir: &Path) -> PathBuf {
    let Ok(level) = std::env::var("RUNLANE_BENCH_LOG") else { return bin.to_owned() };
    let wrapper = dir.join("runlane");
    std::fs::write(&wrapper, format!("#!/bin/sh\nRUNLANE_LOG={level} exec {} \"$@\"\n", bin.display())).unwrap();
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    wrapper
}

async fn revision(r: &Runlane, name: &str) -> Value {
    let path = format!("/apis/serving.knative.dev/v1/namespaces/default/revisions/{name}");
    r.api_json("GET", &path, None).await.unwrap().1
}

/// Polls `done` every 5 ms until it holds; panics after `timeout`, naming `what`.
async fn wait_until(what: &str, timeout: Duration, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done().await {
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn at_zero(rev: &Value) -> bool {
    let st = &rev["status"];
    let counts_zero = st["runlane"]["instanceCounts"].as_object().is_none_or(|m| m.values().all(|v| v.as_u64() == Some(0)));
    let none_listed = st["runlane"]["instances"].as_array().is_none_or(Vec::is_empty);
    st["actualReplicas"].as_u64().unwrap_or(0) == 0 && counts_zero && none_listed
}

fn ready_instances(rev: &Value) -> u64 {
    rev["status"]["runlane"]["instanceCounts"]["Ready"].as_u64().unwrap_or(0)
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

fn list(v: &[f64], digits: usize) -> String {
    v.iter().map(|x| format!("{x:.digits$}")).collect::<Vec<_>>().join(", ")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `deploy --async`, then polls the revision (every 5 ms, not the CLI's 200 ms) until an
/// instance is ready; returns the time from the CLI's start.
async fn deploy_until_ready(r: &Runlane, service: &str, image: &str, extra: &[&str]) -> Duration {
    let started = Instant::now();
    let mut args = vec!["deploy", service, "--image", image, "--revision-suffix", "a", "--async"];
    args.extend_from_slice(extra);
    r.cli_ok(&args);
    let name = format!("{service}-a");
    wait_until(&format!("revision {name} to have a ready instance"), Duration::from_secs(300), async || {
        let rev = revision(r, &name).await;
        assert!(
            !rev["status"]["conditions"].as_array().is_some_and(|c| c.iter().any(|c| c["type"] == "Ready" && c["status"] == "False")),
            "revision {name} failed: {rev}\n{}",
            r.log()
        );
        ready_instances(&rev) >= 1
    })
    .await;
    started.elapsed()
}

// === cold start ===

fn container_engines() -> String {
    let works = |cmd: &str, args: &[&str]| Command::new(cmd).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    let podman = if works("podman", &["--version"]) {
        if works("podman", &["info"]) { "podman: installed and working (not timed by this bench)" } else { "podman: installed, `podman info` fails" }
    } else {
        "podman: not installed"
    };
    let docker = if works("docker", &["--version"]) {
        if works("docker", &["info"]) {
            "docker: installed, daemon up (not timed by this bench)"
        } else {
            "docker: the CLI is installed but no daemon runs (`docker info` cannot reach /var/run/docker.sock; no dockerd/containerd installed)"
        }
    } else {
        "docker: not installed"
    };
    format!("{podman}; {docker}")
}

async fn cold_start(r: &Runlane, hello_ref: &str, rounds: usize) {
    let services = [("container", "cold-ctr", hello_ref), ("process", "cold-proc", "runlane/hello")];
    let mut first_deploy = Vec::new();
    for (_, svc, image) in services {
        // The first deploy pulls the image (the container) and starts one instance.
        let took = deploy_until_ready(r, svc, image, &["--min-instances", "0"]).await;
        first_deploy.push(ms(took));
    }
    let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut startup: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for (_, svc, _) in services {
            wait_until(&format!("{svc} to scale to zero"), Duration::from_secs(120), async || at_zero(&revision(r, &format!("{svc}-a")).await)).await;
        }
        // Both at zero; alternate which goes first.
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let (_, svc, _) = services[i];
            let host = format!("{svc}.localhost");
            let started = Instant::now();
            let (status, body) = r.get(&host, "/").await.unwrap();
            times[i].push(ms(started.elapsed()));
            assert_eq!(status, 200, "{svc}: {body}");
            let rev = revision(r, &format!("{svc}-a")).await;
            startup[i].push(rev["status"]["runlane"]["autoscaler"]["lastStartupMillis"].as_f64().unwrap_or(f64::NAN));
        }
    }
    let (c, p) = (median(&times[0]), median(&times[1]));
    println!("### Cold start: first request at zero instances, {rounds} rounds (alternating first)\n");
    println!("| app | median ms | every round (ms) | runlane's own startup figure, median ms (spawn → probe passed) | first deploy to a ready instance (ms) |");
    println!("|---|---:|---|---:|---:|");
    println!("| `runlane hello` as an image under runc | {c:.1} | {} | {:.0} | {:.0} |", list(&times[0], 1), median(&startup[0]), first_deploy[0]);
    println!("| `runlane hello` as a host process | {p:.1} | {} | {:.0} | {:.0} |", list(&times[1], 1), median(&startup[1]), first_deploy[1]);
    let diffs: Vec<f64> = times[0].iter().zip(&times[1]).map(|(a, b)| a - b).collect();
    println!(
        "\n**Container − process**: {:.1} ms by the medians, {:.1} ms median of each round's difference (target ≤ 50 ms).\n",
        c - p,
        median(&diffs)
    );
    println!("Other engines: {}.\n", container_engines());
}

// === pull throughput ===

/// The manifest and layer sizes of the image `tag` in the OCI layout `dir`.
fn layer_sizes(dir: &Path, tag: &str) -> Vec<(String, u64)> {
    let index: Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let digest = index["manifests"].as_array().unwrap().iter().find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == tag).unwrap()["digest"]
        .as_str()
        .unwrap()
        .to_owned();
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("blobs/sha256").join(digest.trim_start_matches("sha256:"))).unwrap()).unwrap();
    manifest["layers"].as_array().unwrap().iter().map(|l| (l["digest"].as_str().unwrap().to_owned(), l["size"].as_u64().unwrap())).collect()
}

fn skopeo(args: &[&str]) {
    let out = Command::new("skopeo").args(args).output().expect("skopeo (apt-get install skopeo)");
    assert!(out.status.success(), "skopeo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

async fn pull_throughput(bin: &Path, registry: &Registry, hello: &oci::ImageSpec, hello_ref: &str, rounds: usize, filler_mb: usize) {
    let work = tempfile::tempdir().unwrap();
    let r = Runlane::start_with(bin, &["--runtime", "runc", "--scale-to-zero-grace", "1s", "--autoscale-window", "6s"]).unwrap();
    // Both sides start with the hello layer: runlane pulls it with a first deploy,
    // skopeo's OCI layout gets it with a first copy, so each round moves only the filler.
    deploy_until_ready(&r, "pull-warm", hello_ref, &[]).await;
    let skopeo_dest = work.path().join("skopeo-oci");
    skopeo(&["copy", "--quiet", "--src-tls-verify=false", &format!("docker://{hello_ref}"), &format!("oci:{}:hello", skopeo_dest.display())]);

    let mut runlane_mbs = Vec::new();
    let mut skopeo_mbs = Vec::new();
    let mut umoci_mbs = Vec::new();
    let mut rows = Vec::new();
    for round in 0..rounds {
        let mut spec = hello.clone();
        // A path of its own per round: a layer neither side has seen.
        spec.layers.push(oci::filler_layer(&format!("filler-{round}.bin"), filler_mb << 20));
        let layout = work.path().join(format!("layout-{round}"));
        oci::write_layout(&layout, "t", &spec);
        let sizes = layer_sizes(&layout, "t");
        let filler_bytes = sizes.last().unwrap().1 as f64;
        let reference = format!("{}/bench/big{round}:1", registry.addr);
        skopeo(&["copy", "--quiet", "--dest-tls-verify=false", &format!("oci:{}:t", layout.display()), &format!("docker://{reference}")]);
        std::fs::remove_dir_all(&layout).unwrap();

        let runlane_side = async || {
            let base = deploy_until_ready(&r, &format!("base{round}"), hello_ref, &[]).await;
            let big = deploy_until_ready(&r, &format!("big{round}"), &reference, &[]).await;
            (base, big)
        };
        // skopeo's copy, then (a second peer, when umoci is installed) umoci unpacking the
        // whole image into a rootfs, which is the work runlane's pull also does.
        let skopeo_side = || {
            let started = Instant::now();
            skopeo(&["copy", "--quiet", "--src-tls-verify=false", &format!("docker://{reference}"), &format!("oci:{}:big{round}", skopeo_dest.display())]);
            let copied = started.elapsed();
            let rootfs = work.path().join(format!("umoci-{round}"));
            let unpacked = Command::new("umoci")
                .args(["raw", "unpack", "--image", &format!("{}:big{round}", skopeo_dest.display())])
                .arg(&rootfs)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            let _ = std::fs::remove_dir_all(&rootfs);
            (copied, unpacked.then(|| started.elapsed()))
        };
        let ((base, big), (sk, sk_umoci)) = if round % 2 == 0 {
            let a = runlane_side().await;
            (a, skopeo_side())
        } else {
            let s = skopeo_side();
            (runlane_side().await, s)
        };
        let pull = big.saturating_sub(base);
        let mb = filler_bytes / 1e6;
        runlane_mbs.push(mb / pull.as_secs_f64());
        skopeo_mbs.push(mb / sk.as_secs_f64());
        if let Some(t) = sk_umoci {
            umoci_mbs.push(mb / t.as_secs_f64());
        }
        rows.push((round, mb, ms(base), ms(big), ms(pull), ms(sk), sk_umoci.map_or(f64::NAN, ms)));
        for svc in [format!("base{round}"), format!("big{round}")] {
            r.cli_ok(&["services", "delete", &svc]);
        }
    }
    println!("### Pull throughput: a fresh {filler_mb} MiB layer of random bytes (gzip, does not shrink), {rounds} rounds (alternating first)\n");
    println!("| round | layer MB (compressed) | runlane: deploy of a pulled image to ready (ms) | runlane: deploy of the new image to ready (ms) | runlane pull = difference (ms) | skopeo copy docker:// → oci: (ms) | skopeo copy + umoci raw unpack (ms) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (round, mb, base, big, pull, sk, um) in &rows {
        println!("| {round} | {mb:.1} | {base:.0} | {big:.0} | {pull:.0} | {sk:.0} | {um:.0} |");
    }
    let ratios: Vec<f64> = runlane_mbs.iter().zip(&skopeo_mbs).map(|(a, b)| a / b).collect();
    println!("\n| tool | median MB/s | every round (MB/s) |");
    println!("|---|---:|---|");
    println!("| runlane (pull + verify + unpack to its store) | {:.0} | {} |", median(&runlane_mbs), list(&runlane_mbs, 0));
    println!("| skopeo copy (download + verify into an OCI layout, no unpack) | {:.0} | {} |", median(&skopeo_mbs), list(&skopeo_mbs, 0));
    if !umoci_mbs.is_empty() {
        println!("| skopeo copy, then umoci raw unpack of the whole image (the same work as runlane's) | {:.0} | {} |", median(&umoci_mbs), list(&umoci_mbs, 0));
    }
    println!(
        "\n**runlane ÷ skopeo**: {:.2} by the medians, {:.2} median of the rounds' ratios (target ≥ 1.00).\n",
        median(&runlane_mbs) / median(&skopeo_mbs),
        median(&ratios)
    );
    if !umoci_mbs.is_empty() {
        println!("runlane ÷ (skopeo + umoci unpack): {:.2} by the medians.\n", median(&runlane_mbs) / median(&umoci_mbs));
    }
    if let Ok(keep) = std::env::var("RUNLANE_BENCH_KEEP_LOG") {
        std::fs::write(format!("{keep}.pull"), r.log()).unwrap();
        println!("runlane's log of the pulls: {keep}.pull\n");
    }
}

// === router throughput ===

/// One load run against `host` through the router: requests per second, the
/// responses that were not 200 (or errors), and how many requests hey sent.
fn load_run(router: &str, host: &str, seconds: u64, conns: usize) -> (f64, u64, u64) {
    let out = Command::new("hey")
        .args(["-z", &format!("{seconds}s"), "-c", &conns.to_string(), "-host", host, &format!("http://{router}/")])
        .output()
        .expect("hey (apt-get install hey)");
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text.lines().find_map(|l| l.trim().strip_prefix("Requests/sec:")).and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| panic!("hey printed no Requests/sec:\n{text}"));
    let mut bad = 0;
    let mut total = 0;
    let mut in_codes = false;
    let mut in_errors = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("Status code distribution") {
            in_codes = true;
            continue;
        }
        if t.starts_with("Error distribution") {
            in_errors = true;
            in_codes = false;
            continue;
        }
        if in_codes && t.starts_with('[') {
            let n = t.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            total += n;
            if !t.starts_with("[200]") {
                bad += n;
            }
        }
        if in_errors && t.starts_with('[') {
            let n = t.trim_start_matches('[').split(']').next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            total += n;
            bad += n;
        }
    }
    (rps, bad, total)
}

/// CPU time spent so far, in nanoseconds, by the parts a request through the router
/// costs: the daemon (router), every instance (their cgroups), the bench's waited-for
/// children (hey), and the kernel's softirq time host-wide (packet processing that
/// is not charged to a process). Throughput on a shared 2-core machine moves with
/// whatever else runs; CPU per request does not, much.
#[derive(Clone, Copy, Default)]
struct CpuSpent {
    daemon: u64,
    instances: u64,
    hey: u64,
    softirq: u64,
}

impl CpuSpent {
    fn now(daemon_pid: u32) -> CpuSpent {
        // USER_HZ, the unit of /proc's CPU times, is 100 on every Linux ABI runlane runs on.
        let tick_ns = 10_000_000;
        // /proc/PID/stat: fields after the command's closing parenthesis; utime and
        // stime are the 12th and 13th of them, cutime and cstime the 14th and 15th.
        let stat_fields = |path: &str| -> Vec<u64> {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            text.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect()).unwrap_or_default()
        };
        let daemon = stat_fields(&format!("/proc/{daemon_pid}/stat"));
        let me = stat_fields("/proc/self/stat");
        let field = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
        let instances = ["/sys/fs/cgroup/cpuacct/runlane/cpuacct.usage", "/sys/fs/cgroup/runlane/cpu.stat"]
            .iter()
            .find_map(|p| {
                let text = std::fs::read_to_string(p).ok()?;
                match text.lines().find_map(|l| l.strip_prefix("usage_usec ")) {
                    Some(us) => us.trim().parse::<u64>().ok().map(|us| us * 1000),
                    None => text.trim().parse().ok(),
                }
            })
            .unwrap_or(0);
        let softirq = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.split_whitespace().nth(7)).and_then(|v| v.parse::<u64>().ok()))
            .unwrap_or(0);
        CpuSpent {
            daemon: (field(&daemon, 11) + field(&daemon, 12)) * tick_ns,
            instances,
            hey: (field(&me, 13) + field(&me, 14)) * tick_ns,
            softirq: softirq * tick_ns,
        }
    }

    fn since(self, before: CpuSpent) -> CpuSpent {
        CpuSpent {
            daemon: self.daemon - before.daemon,
            instances: self.instances - before.instances,
            hey: self.hey - before.hey,
            softirq: self.softirq - before.softirq,
        }
    }

    fn total(self) -> u64 {
        self.daemon + self.instances + self.hey + self.softirq
    }
}

async fn router_throughput(r: &Runlane, hello_ref: &str, rounds: usize, seconds: u64) {
    // One always-on instance each, no concurrency limit: the router in front of a fixed
    // upstream, as bench/router/compare.sh sets it up.
    let fixed = ["--min-instances", "1", "--max-instances", "1", "--concurrency", "0"];
    let services = [("container", "load-ctr", hello_ref), ("process", "load-proc", "runlane/hello")];
    for (_, svc, image) in services {
        deploy_until_ready(r, svc, image, &fixed).await;
        for _ in 0..100 {
            assert_eq!(r.get(&format!("{svc}.localhost"), "/").await.unwrap().0, 200);
        }
    }
    let conns = 1000;
    let router = r.router_addr();
    let mut rps: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut bad: [Vec<u64>; 2] = [Vec::new(), Vec::new()];
    // Microseconds of CPU per request, all parts together, and the router's alone.
    let mut cpu_us: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut router_us: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let (_, svc, _) = services[i];
            let router = router.clone();
            let host = format!("{svc}.localhost");
            let before = CpuSpent::now(r.pid());
            let (x, b, n) = tokio::task::spawn_blocking(move || load_run(&router, &host, seconds, conns)).await.unwrap();
            let spent = CpuSpent::now(r.pid()).since(before);
            rps[i].push(x);
            bad[i].push(b);
            cpu_us[i].push(spent.total() as f64 / 1000.0 / n.max(1) as f64);
            router_us[i].push(spent.daemon as f64 / 1000.0 / n.max(1) as f64);
        }
    }
    let ratios: Vec<f64> = rps[0].iter().zip(&rps[1]).map(|(a, b)| a / b).collect();
    println!("### Router throughput, hey -c {conns}, {seconds} s × {rounds} rounds (alternating first), one instance each\n");
    println!("| upstream | median rps | every round (rps) | non-200 or errors, every round | CPU per request, median µs (daemon + instance + hey + softirq) | of which the daemon (router), median µs |");
    println!("|---|---:|---|---|---:|---:|");
    for (i, (what, svc, _)) in services.iter().enumerate() {
        let errs = bad[i].iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
        println!("| {what} (`{svc}.localhost`) | {:.0} | {} | {errs} | {:.1} | {:.1} |", median(&rps[i]), list(&rps[i], 0), median(&cpu_us[i]), median(&router_us[i]));
    }
    let cpu_ratios: Vec<f64> = cpu_us[1].iter().zip(&cpu_us[0]).map(|(p, c)| p / c).collect();
    println!(
        "\n**process CPU ÷ container CPU per request** (the throughput ratio the CPU cost predicts when the cores are the limit): {:.3} by the medians, {:.3} median of the rounds' ratios; every round: {}.",
        median(&cpu_us[1]) / median(&cpu_us[0]),
        median(&cpu_ratios),
        list(&cpu_ratios, 3)
    );
    println!(
        "\n**container ÷ process**: {:.3} by the medians, {:.3} median of the rounds' ratios (target ≥ 0.95); every round: {}.\n",
        median(&rps[0]) / median(&rps[1]),
        median(&ratios),
        list(&ratios, 3)
    );
}
