//! End-to-end tests of container images: a real `runlane up` running images
//! under runc, pulled from a real registry (Debian's docker-registry on loopback) that the
//! test fills with images built offline, deployed with runlane's CLI and with gcloud.
//!
//! Module index:
//! - deploy by tag and by digest; the revision pins the digest; a moved tag changes no
//!   revision, even across a restart; PORT is the container port (8080); the router
//!   reaches the app over the container's loopback
//! - the tutorial's failing canary, its image name mapped to the local registry by a mirror
//! - a wrong tag and a registry that is down fail the deploy, naming why, and change nothing
//! - an image loaded from a tarball with no registry runs; prune keeps what revisions run
//! - CPU and memory utilisation are measured per instance
//! - kill -9 of runlane with containers running, then a restart and a stop, leave nothing behind
//! - a runlane killed and never restarted is cleaned up by the next one to start on the machine
//! - kill -9 in the middle of a pull: nothing half-visible, and the restart finishes the deploy
//!
//! These need root, runc and tini: without them they fail in CI (`CI` set) and say why.

use runlane_test_support::oci::{self, Registry};
use runlane_test_support::tools::{output_text, Gcloud};
use runlane_test_support::{poll_until, Runlane};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn revision_of(r: &Runlane, service: &str) -> Value {
    let out = r.cli_ok(&["services", "describe", service, "--format", "json"]);
    let s: Value = serde_json::from_str(&out).unwrap();
    let name = s["status"]["latestCreatedRevisionName"].as_str().unwrap().to_owned();
    serde_json::from_str(&r.cli_ok(&["revisions", "describe", &name, "--format", "json"])).unwrap()
}

fn deploy(r: &Runlane, args: &[&str]) -> std::process::Output {
    let mut all = vec!["deploy"];
    all.extend_from_slice(args);
    r.cli(&all)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn images_are_pulled_pinned_to_their_digest_and_run_under_runc() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let good = oci::hello_image(bin(), &[]);
    let failing = oci::hello_image(bin(), &["FAIL_PERCENT=100"]);
    let reference = format!("{}/demo/jokes:1", registry.addr);
    let first_digest = oci::push(&good, &reference);

    let mut r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&r, &["jokes", "--image", &reference, "--memory", "256Mi", "--cpu", "1"]);
    assert!(out.status.success(), "deploy by tag: {}\n{}", output_text(&out), r.log());
    let (status, body) = r.get("jokes.localhost", "/").await.unwrap();
    assert_eq!(status, 200, "{body}");
    // The router reaches the app over the container's own loopback, as Knative's
    // queue-proxy does in a pod: no packet crosses the veth or the host's firewall.
    let (connection_status, connection) = r.get("jokes.localhost", "/connection").await.unwrap();
    assert_eq!(connection_status, 200, "{connection}");
    let ends: Value = serde_json::from_str(&connection).unwrap();
    assert!(ends["peer"].as_str().unwrap().starts_with("127.0.0.1:"), "{ends}");
    assert_eq!(ends["local"], "127.0.0.1:8080", "{ends}");
    assert!(body.starts_with("Hello from jokes-"), "{body}");
    let revision = revision_of(&r, "jokes");
    let pinned = format!("{}/demo/jokes@{first_digest}", registry.addr);
    assert_eq!(revision["status"]["imageDigest"], pinned.as_str(), "{revision}");
    let instance = &revision["status"]["runlane"]["instances"][0];
    // Cloud Run's contract: PORT is the container port, the instance has its own address.
    assert_eq!(instance["port"], 8080, "{instance}");
    assert!(!instance["address"].as_str().unwrap().starts_with("127."), "{instance}");

    // The tag moves to the failing image: the running revision keeps its digest...
    let second_digest = oci::push(&failing, &reference);
    assert_ne!(first_digest, second_digest);
    for _ in 0..5 {
        assert_eq!(r.get("jokes.localhost", "/").await.unwrap().0, 200);
    }
    // ...across a restart too, while a new deploy of the tag gets the new bytes.
    let data_dir = r.data_dir.clone();
    r.stop();
    let r2 = Runlane::start_in_with(bin(), &data_dir, 0, &["--runtime", "runc"]).unwrap();
    within(Duration::from_secs(30), "the pinned revision serves again after a restart", || async {
        let (status, body) = r2.get("jokes.localhost", "/").await?;
        anyhow::ensure!(status == 200, "{status} {body}");
        Ok(())
    })
    .await;
    let out = deploy(&r2, &["jokes", "--image", &reference, "--tag", "next", "--no-traffic"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let canary = revision_of(&r2, "jokes");
    assert_eq!(canary["status"]["imageDigest"], format!("{}/demo/jokes@{second_digest}", registry.addr).as_str());
    assert_eq!(r2.get("next---jokes.localhost", "/").await.unwrap().0, 500);
    assert_eq!(r2.get("jokes.localhost", "/").await.unwrap().0, 200);

    // By digest.
    let by_digest = format!("{}/demo/jokes@{first_digest}", registry.addr);
    let out = deploy(&r2, &["digest", "--image", &by_digest]);
    assert!(out.status.success(), "deploy by digest: {}", output_text(&out));
    assert_eq!(revision_of(&r2, "digest")["status"]["imageDigest"], by_digest.as_str());
    assert_eq!(r2.get("digest.localhost", "/").await.unwrap().0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud, runc, skopeo; scripts/test.sh runs it"]
async fn the_tutorials_failing_canary_through_a_mirror_with_gcloud() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    oci::push(&oci::hello_image(bin(), &[]), &format!("{}/serverless-journey/jokes:latest", registry.addr));
    oci::push(&oci::hello_image(bin(), &["FAIL_PERCENT=100"]), &format!("{}/serverless-journey/failing:latest", registry.addr));
    let mirror = format!("gcr.io=http://{}", registry.addr);
    let r = Runlane::start_with(bin(), &["--runtime", "runc", "--registry-mirror", &mirror]).unwrap();
    let g = Gcloud::for_runlane(&r);

    let out = g.ok(&["run", "deploy", "jokes", "--image", "gcr.io/serverless-journey/jokes", "--tag", "good", "--allow-unauthenticated"]).all();
    assert!(out.contains("serving 100 percent of traffic"), "{out}");
    let out = g.ok(&["run", "deploy", "jokes", "--image", "gcr.io/serverless-journey/failing", "--tag", "next", "--no-traffic", "--memory", "256Mi", "--cpu", "1"]).all();
    assert!(out.contains("next"), "{out}");
    g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "next=10"]);
    let mut failed = 0;
    for _ in 0..100 {
        if r.get("jokes.localhost", "/").await.unwrap().0 == 500 {
            failed += 1;
        }
    }
    assert_eq!(failed, 10, "a 10% canary of an image that fails every request");
    let canary = revision_of(&r, "jokes");
    let revision = g.json(&["run", "revisions", "describe", canary["metadata"]["name"].as_str().unwrap()]);
    assert!(revision["status"]["imageDigest"].as_str().unwrap().starts_with("gcr.io/serverless-journey/failing@sha256:"), "{revision}");
    let limits = &revision["spec"]["containers"][0]["resources"]["limits"];
    assert_eq!((limits["memory"].as_str(), limits["cpu"].as_str()), (Some("256Mi"), Some("1")), "{revision}");
    g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "good=100"]);
    for _ in 0..20 {
        assert_eq!(r.get("jokes.localhost", "/").await.unwrap().0, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn pull_failures_fail_the_deploy_with_the_reason_and_change_nothing() {
    if !oci::can_run_containers() {
        return;
    }
    let mut registry = Registry::start();
    let reference = format!("{}/demo/app:1", registry.addr);
    oci::push(&oci::hello_image(bin(), &[]), &reference);
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&r, &["app", "--image", &reference]);
    assert!(out.status.success(), "{}", output_text(&out));
    let before = revision_of(&r, "app")["metadata"]["name"].as_str().unwrap().to_owned();

    let wrong_tag = format!("{}/demo/app:2", registry.addr);
    let out = deploy(&r, &["app", "--image", &wrong_tag]);
    assert!(!out.status.success());
    let said = output_text(&out);
    assert!(said.contains("containers[0].image") && said.contains("demo/app:2"), "a wrong tag names the field and the image: {said}");

    registry.pause();
    let moved = format!("{}/demo/app:3", registry.addr);
    let out = deploy(&r, &["app", "--image", &moved]);
    assert!(!out.status.success());
    let said = output_text(&out);
    assert!(said.contains(&registry.addr), "a registry that is down is named: {said}");

    // Nothing changed: the same revision serves everything.
    assert_eq!(revision_of(&r, "app")["metadata"]["name"], before.as_str());
    let revisions = r.cli_ok(&["revisions", "list", "--service", "app", "--format", "value(metadata.name)"]);
    assert_eq!(revisions.lines().count(), 1, "{revisions}");
    assert_eq!(r.get("app.localhost", "/").await.unwrap().0, 200);
    // A traffic change needs no registry.
    r.cli_ok(&["services", "update-traffic", "app", "--to-latest"]);
    registry.resume();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc; scripts/test.sh runs it"]
async fn an_image_loaded_from_a_tarball_runs_with_no_registry_and_prune_keeps_it() {
    if !oci::can_run_containers() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tarball = dir.path().join("offline.tar");
    oci::docker_archive(&oci::hello_image(bin(), &[]), "demo/offline:1", &tarball);
    oci::docker_archive(&oci::busybox_image("exec httpd -f -p $PORT -h /www"), "demo/unused:1", &dir.path().join("unused.tar"));
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = r.cli(&["images", "load", tarball.to_str().unwrap()]);
    assert!(out.status.success(), "{}", output_text(&out));
    r.cli_ok(&["images", "load", dir.path().join("unused.tar").to_str().unwrap()]);
    let list = r.cli_ok(&["images", "list"]);
    assert!(list.contains("demo/offline:1") && list.contains("demo/unused:1"), "{list}");

    let out = deploy(&r, &["offline", "--image", "demo/offline:1"]);
    assert!(out.status.success(), "deploy a loaded image: {}\n{}", output_text(&out), r.log());
    assert_eq!(r.get("offline.localhost", "/").await.unwrap().0, 200);

    let out = r.cli(&["images", "prune"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let list = r.cli_ok(&["images", "list"]);
    assert!(list.contains("demo/offline:1"), "an image a revision runs is kept: {list}");
    assert!(!list.contains("demo/unused:1"), "an unused image is pruned: {list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn utilisation_is_measured_per_instance_and_a_busy_loop_is_held_to_its_cpu_limit() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let reference = format!("{}/demo/busy:1", registry.addr);
    // Serves on PORT, and burns CPU in two loops beside it.
    oci::push(&oci::busybox_image("while :; do :; done & while :; do :; done & exec httpd -f -p $PORT -h /www"), &reference);
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&r, &["busy", "--image", &reference, "--cpu", "0.5", "--memory", "64Mi", "--min-instances", "1"]);
    assert!(out.status.success(), "{}\n{}", output_text(&out), r.log());
    let filter = r#"metric.type="run.googleapis.com/container/cpu/utilizations" resource.labels.service_name="busy""#;
    // Up to now at each poll: Cloud Monitoring (and runlane) requires interval.endTime.
    let path = || format!(
        "/v3/projects/default/timeSeries?filter={}&interval.startTime=2020-01-01T00:00:00Z&interval.endTime={}&aggregation.alignmentPeriod=60s&aggregation.perSeriesAligner=ALIGN_PERCENTILE_50",
        runlane_test_support_encode(filter),
        runlane_test_support_encode(&runlane_telemetry::logs::format_time(runlane_telemetry::now_ns()))
    );
    let p50 = within(Duration::from_secs(30), "CPU utilisation of the busy instance is recorded", || async {
        let (status, body) = r.api_json("GET", &path(), None).await?;
        anyhow::ensure!(status == 200, "{status} {body}");
        let value = body["timeSeries"][0]["points"][0]["value"]["doubleValue"].as_f64().ok_or_else(|| anyhow::anyhow!("no point yet: {body}"))?;
        anyhow::ensure!(value > 0.5, "still warming up: {value}");
        Ok(value)
    })
    .await;
    // Two busy loops under a 0.5 CPU quota use about all of it: utilisation near 1, never 2.
    assert!((0.6..=1.15).contains(&p50), "CPU utilisation of two busy loops under --cpu 0.5: {p50}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn kill_9_with_containers_running_then_restart_and_stop_leave_nothing_behind() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let reference = format!("{}/demo/left:1", registry.addr);
    oci::push(&oci::hello_image(bin(), &[]), &reference);
    let mut r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&r, &["left", "--image", &reference, "--min-instances", "2"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let data_dir = r.data_dir.clone();
    let runc_root = data_dir.join("run/runc");
    within(Duration::from_secs(20), "two containers run", || async { containers_in(&runc_root).filter(|n| *n == 2).ok_or_else(|| anyhow::anyhow!("not yet")) }).await;
    r.kill9();
    assert_eq!(containers_in(&runc_root), Some(2), "a crash leaves the containers running");

    let mut r2 = Runlane::start_in_with(bin(), &data_dir, 0, &["--runtime", "runc"]).unwrap();
    within(Duration::from_secs(30), "the service answers after the restart", || async {
        let (status, body) = r2.get("left.localhost", "/").await?;
        anyhow::ensure!(status == 200, "{status} {body}");
        Ok(())
    })
    .await;
    // The leftovers were removed and two new instances started: never more than two.
    within(Duration::from_secs(20), "two containers run again", || async {
        let running = containers_in(&runc_root).unwrap_or(0);
        anyhow::ensure!(running <= 2, "the leftovers were added to, not replaced: {running} containers");
        anyhow::ensure!(running == 2, "{running} running");
        Ok(())
    })
    .await;
    assert!(r2.stop().success());
    assert_eq!(containers_in(&runc_root).unwrap_or(0), 0, "no container after stop");
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
    let ours: Vec<&str> = mounts.lines().filter(|l| l.contains(data_dir.to_str().unwrap())).collect();
    assert!(ours.is_empty(), "no mount of ours after stop: {ours:?}");
    let mut cgroups = Vec::new();
    for controller in ["memory", "cpu", "cpuacct", "pids"] {
        let dir = Path::new("/sys/fs/cgroup").join(controller).join("runlane");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().contains("left-") {
                cgroups.push(entry.path());
            }
        }
    }
    assert!(cgroups.is_empty(), "no cgroup of ours after stop: {cgroups:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn a_runlane_killed_and_never_restarted_is_cleaned_up_by_the_next_one_to_start() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let reference = format!("{}/demo/orphan:1", registry.addr);
    oci::push(&oci::hello_image(bin(), &[]), &reference);
    let mut dead = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&dead, &["orphan", "--image", &reference]);
    assert!(out.status.success(), "{}", output_text(&out));
    let runc_root = dead.data_dir.join("run/runc");
    let init = within(Duration::from_secs(20), "the container runs", || async {
        let out = std::process::Command::new("runc").arg("--root").arg(&runc_root).args(["list", "--format", "json"]).output()?;
        let list: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        list.as_array().and_then(|l| l.first()).and_then(|c| c["pid"].as_u64()).filter(|pid| *pid > 0).ok_or_else(|| anyhow::anyhow!("none yet"))
    })
    .await as u32;
    let netns = String::from_utf8(std::process::Command::new("ip").args(["netns", "identify", &init.to_string()]).output().unwrap().stdout).unwrap().trim().to_owned();
    assert!(netns.starts_with("rl-"), "the container has runlane's network namespace: {netns:?}");
    let cgroups = || -> Vec<std::path::PathBuf> {
        ["memory", "cpu", "cpuacct", "pids"]
            .iter()
            .flat_map(|c| std::fs::read_dir(Path::new("/sys/fs/cgroup").join(c).join("runlane")).into_iter().flatten().flatten())
            .filter(|e| e.file_name().to_string_lossy().contains("orphan-"))
            .map(|e| e.path())
            .collect()
    };
    assert!(!cgroups().is_empty(), "the instance has cgroups");
    dead.kill9();
    assert!(runlane_test_support::process_alive(init), "a crash leaves the container running");

    // Another runlane, with its own data dir, starts: the dead one's owner lock is free.
    let other = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    within(Duration::from_secs(20), "the dead runlane's container, cgroups, network and mounts are gone", || async {
        anyhow::ensure!(!runlane_test_support::process_alive(init), "its init {init} still runs");
        let left = cgroups();
        anyhow::ensure!(left.is_empty(), "cgroups left: {left:?}");
        anyhow::ensure!(!Path::new("/run/netns").join(&netns).exists(), "network namespace {netns} left");
        let mounts = std::fs::read_to_string("/proc/mounts")?;
        let ours: Vec<&str> = mounts.lines().filter(|l| l.contains(dead.data_dir.to_str().unwrap())).collect();
        anyhow::ensure!(ours.is_empty(), "mounts left: {ours:?}");
        Ok(())
    })
    .await;
    // Not asserted: that `other` logged the clean-up. Any runlane that starts on this
    // machine cleans up after dead owners, and one of a test running beside this one may
    // get there first (seen in CI, where two tests of this file run at once).
    drop(other);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn kill_9_mid_pull_leaves_nothing_half_visible_and_the_restart_finishes_the_deploy() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let reference = format!("{}/demo/big:1", registry.addr);
    let mut big = oci::hello_image(bin(), &[]);
    big.layers.push(oci::filler_layer("filler.bin", 96 << 20));
    oci::push(&big, &reference);
    let mut r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let out = deploy(&r, &["big", "--image", &reference, "--async"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let name = revision_of(&r, "big")["metadata"]["name"].as_str().unwrap().to_owned();
    within(Duration::from_secs(30), "the pull is under way", || async {
        let revision: Value = serde_json::from_str(&r.cli_ok(&["revisions", "describe", &name, "--format", "json"]))?;
        anyhow::ensure!(revision["status"]["runlane"]["pulling"].is_object(), "not pulling yet: {}", revision["status"]);
        Ok(())
    })
    .await;
    r.kill9();
    let data_dir = r.data_dir.clone();
    let r2 = Runlane::start_in_with(bin(), &data_dir, 0, &["--runtime", "runc"]).unwrap();
    // Nothing of the interrupted pull is visible: the store holds no image until one is whole.
    let list = r2.cli_ok(&["images", "list", "--format", "json"]);
    let images: Value = serde_json::from_str(&list).unwrap_or(Value::Null);
    assert!(images.as_array().is_none_or(|a| a.iter().all(|i| i["size_bytes"].as_u64().unwrap_or(0) > 96 << 20)), "a half-pulled image is listed: {list}");
    within(Duration::from_secs(60), "the deploy finishes after the restart", || async {
        let (status, body) = r2.get("big.localhost", "/").await?;
        anyhow::ensure!(status == 200, "{status} {body}");
        Ok(())
    })
    .await;
    let tmp = data_dir.join("images/tmp");
    let leftovers: Vec<_> = std::fs::read_dir(&tmp).into_iter().flatten().flatten().map(|e| e.path()).collect();
    assert!(leftovers.is_empty(), "the interrupted pull's files were removed: {leftovers:?}");
}

/// Polls `check` until it is Ok; after `timeout`, fails with `what` and its last error.
async fn within<T, F, Fut>(timeout: Duration, what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    poll_until(timeout, check).await.unwrap_or_else(|e| panic!("timed out after {timeout:?} waiting until {what}: {e:#}"))
}

/// How many containers runc lists under `root` (None when the root does not exist).
fn containers_in(root: &Path) -> Option<usize> {
    if !root.exists() {
        return None;
    }
    let out = std::process::Command::new("runc").arg("--root").arg(root).args(["list", "--quiet"]).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count())
}

fn runlane_test_support_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
