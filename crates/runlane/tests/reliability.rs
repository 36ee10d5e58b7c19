//! Reliability under crashes and change, against the real binary:
//! - kill -9 at random points of a mutation stream, many times: every acknowledged
//!   mutation survives, the state stays consistent, no instance is duplicated or
//!   orphaned, and the router serves again within 1 s of the restart;
//! - sustained load while traffic moves, revisions deploy and tags change: no request
//!   fails that the app did not fail itself;
//! - hostile input: oversized and deeply nested bodies, bad Host headers, request
//!   smuggling forms, slow clients.

use runlane_test_support::{eventually, process_alive, Runlane};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

const NS: &str = "default";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn services() -> String {
    format!("/apis/serving.knative.dev/v1/namespaces/{NS}/services")
}

fn body(name: &str, generation_env: u64) -> Value {
    json!({
        "apiVersion": "serving.knative.dev/v1", "kind": "Service",
        "metadata": {"name": name},
        "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello", "env": [{"name": "GEN", "value": generation_env.to_string()}]}]}}}
    })
}

/// A small deterministic generator: the kill points are random but reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// Pids of processes that carry this data dir's owner mark.
fn owned_pids(data_dir: &Path) -> Vec<u32> {
    let owner = format!("RUNLANE_OWNER={}", runlane_runtime::orphans::owner_mark(&data_dir.canonicalize().unwrap().display().to_string()));
    let mut pids: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid: &u32| std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == owner.as_bytes())))
        .filter(|pid| process_alive(*pid))
        .collect();
    pids.sort_unstable();
    pids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_at_random_points_loses_no_acknowledged_mutation() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut rng = Lcg(0x5eed);
    // Acknowledged state: service → the GEN value of its last acknowledged write.
    let mut acked: BTreeMap<String, u64> = BTreeMap::new();
    // Writes in flight at a kill: either outcome is allowed.
    let mut maybe: BTreeMap<String, u64> = BTreeMap::new();
    let mut serve_times = Vec::new();
    const ROUNDS: usize = 12;
    for round in 0..ROUNDS {
        let started = tokio::time::Instant::now();
        let r = Runlane::start_in(bin(), &data, 0).unwrap();
        if let Some(first) = acked.keys().next().cloned() {
            let host = format!("{first}.localhost");
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            loop {
                let got = r.get(&host, "/").await;
                if matches!(got, Ok((200, _))) {
                    break;
                }
                if tokio::time::Instant::now() > deadline {
                    let (_, s) = r.api_json("GET", &format!("{}/{first}", services()), None).await.unwrap();
                    let (_, revs) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions"), None).await.unwrap();
                    panic!("round {round}: {host} does not serve after restart: {got:?}\nservice: {s}\nrevisions: {revs}\nlog: {}", r.log());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            serve_times.push(started.elapsed());
        }
        // Every acknowledged write is there, with its acknowledged value (or the value of a
        // write that was in flight at the kill); nothing else is.
        let (_, list) = r.api_json("GET", &services(), None).await.unwrap();
        let mut stored: BTreeMap<String, u64> = BTreeMap::new();
        for s in list["items"].as_array().unwrap() {
            let gen = s["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"].as_str().unwrap().parse().unwrap();
            stored.insert(s["metadata"]["name"].as_str().unwrap().to_owned(), gen);
        }
        for (name, gen) in &acked {
            let got = stored.get(name).unwrap_or_else(|| panic!("round {round}: acknowledged service {name} is missing"));
            assert!(got == gen || maybe.get(name) == Some(got), "round {round}: {name} has GEN={got}, acknowledged {gen}");
        }
        for (name, gen) in &stored {
            assert!(acked.get(name) == Some(gen) || maybe.get(name) == Some(gen), "round {round}: {name} GEN={gen} was never written");
        }
        acked = stored;
        maybe.clear();
        // Consistency: every revision belongs to a stored service.
        let (_, list) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions"), None).await.unwrap();
        for rev in list["items"].as_array().unwrap() {
            let svc = rev["metadata"]["labels"]["serving.knative.dev/service"].as_str().unwrap();
            assert!(acked.contains_key(svc), "round {round}: revision {} of unknown service {svc}", rev["metadata"]["name"]);
        }
        let expected_services = acked.len();
        // Wait for the instances to settle, then compare the processes with what the API reports.
        let data_dir = data.clone();
        eventually(Duration::from_secs(20), "instances to match the API's view", || {
            let r = &r;
            let data_dir = data_dir.clone();
            async move {
                let (_, list) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions"), None).await.ok()?;
                let mut reported: Vec<u32> = list["items"]
                    .as_array()?
                    .iter()
                    .flat_map(|rev| rev["status"]["runlane"]["instances"].as_array().cloned().unwrap_or_default())
                    .filter_map(|i| i["pid"].as_u64().map(|p| p as u32))
                    .collect();
                reported.sort_unstable();
                let live = owned_pids(&data_dir);
                (reported == live && live.len() >= expected_services).then_some(())
            }
        })
        .await;

        if round == ROUNDS - 1 {
            break;
        }
        // A stream of mutations from two writers; SIGKILL once a random number is acknowledged.
        let kill_after = 2 + rng.next() % 10;
        let acks = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let r = Arc::new(std::sync::Mutex::new(Some(r)));
        let api = r.lock().unwrap().as_ref().unwrap().api.clone();
        let token = r.lock().unwrap().as_ref().unwrap().token();
        let mut writers = Vec::new();
        for w in 0..2u64 {
            let (acks, stop, api, token) = (acks.clone(), stop.clone(), api.clone(), token.clone());
            let names: Vec<String> = (0..4).map(|i| format!("s{w}x{i}")).collect();
            let seed = rng.next();
            writers.push(tokio::spawn(async move {
                let client = runlane_test_support::HttpClient::new();
                let addr = api.trim_start_matches("http://").to_owned();
                let auth = format!("Bearer {token}");
                let mut rng = Lcg(seed);
                let mut log = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    let name = names[(rng.next() % names.len() as u64) as usize].clone();
                    let gen = 1 + rng.next() % 1_000_000;
                    let path = format!("{}/{name}", services());
                    let exists = client.request_with("GET", &addr, &addr, &path, Default::default(), &[("authorization", &auth)]).await;
                    let Ok((status, current)) = exists else { break };
                    let mut b = body(&name, gen);
                    let (method, target) = if status == 404 {
                        ("POST", services())
                    } else {
                        let current: Value = serde_json::from_str(&current).unwrap();
                        b["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"].clone();
                        ("PUT", path)
                    };
                    log.push((name.clone(), gen, false));
                    match client.request_with(method, &addr, &addr, &target, b.to_string().into(), &[("authorization", &auth)]).await {
                        Ok((200, _)) => {
                            log.last_mut().unwrap().2 = true;
                            acks.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok((409, _)) => {
                            log.pop();
                        }
                        _ => break,
                    }
                }
                log
            }));
        }
        eventually(Duration::from_secs(30), "enough acknowledged mutations", || async {
            (acks.load(Ordering::SeqCst) >= kill_after).then_some(())
        })
        .await;
        r.lock().unwrap().as_mut().unwrap().kill9();
        stop.store(true, Ordering::SeqCst);
        for w in writers {
            for (name, gen, ok) in w.await.unwrap() {
                if ok {
                    acked.insert(name, gen);
                } else {
                    maybe.insert(name, gen);
                }
            }
        }
    }
    let slowest = serve_times.iter().max().unwrap();
    assert!(*slowest < Duration::from_secs(1), "the router took {slowest:?} to serve after a restart: {serve_times:?}");
}

/// 500 rps for 60 s while traffic moves 50 times, 10 revisions deploy and tags change
/// 5 times: every request the app did not fail itself succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn changes_under_sustained_load_fail_no_request() {
    const RATE: u64 = 500;
    const SECONDS: u64 = 60;
    let r = Arc::new(Runlane::start(bin()).unwrap());
    r.cli_ok(&["deploy", "zd", "--image", "runlane/hello", "--revision-suffix", "a", "--tag", "a"]);
    r.cli_ok(&["deploy", "zd", "--image", "runlane/hello", "--revision-suffix", "b", "--set-env-vars", "V=b", "--no-traffic", "--tag", "b"]);

    let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sent = Arc::new(AtomicU64::new(0));
    let start = tokio::time::Instant::now();
    let mut load = Vec::new();
    const WORKERS: u64 = 16;
    for w in 0..WORKERS {
        let (r, failures, sent) = (r.clone(), failures.clone(), sent.clone());
        load.push(tokio::spawn(async move {
            // Each worker sends at RATE/WORKERS on its own schedule (an open model: a slow
            // answer does not lower the rate, the schedule catches up).
            let period = Duration::from_secs_f64(WORKERS as f64 / RATE as f64);
            let mut tick = tokio::time::interval_at(start + period.mul_f64(w as f64 / WORKERS as f64), period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            while start.elapsed() < Duration::from_secs(SECONDS) {
                tick.tick().await;
                sent.fetch_add(1, Ordering::Relaxed);
                match r.get("zd.localhost", "/").await {
                    Ok((200, _)) => {}
                    other => failures.lock().unwrap().push(format!("{:?}: {other:?}", start.elapsed())),
                }
            }
        }));
    }

    // The changes, spread over the minute: 50 traffic moves, 10 deploys, 5 tag changes.
    let mut changes = Vec::new();
    for i in 0..50 {
        changes.push(format!("traffic {i}"));
        if i % 5 == 4 {
            changes.push(format!("deploy {}", i / 5));
        }
        if i % 10 == 9 {
            changes.push(format!("tag {}", i / 10));
        }
    }
    let spacing = Duration::from_secs(SECONDS - 5) / changes.len() as u32;
    let mut schedule = tokio::time::interval(spacing);
    let mut counts = BTreeMap::<&str, u32>::new();
    for change in &changes {
        schedule.tick().await;
        let (kind, n) = change.split_once(' ').unwrap();
        let n: u32 = n.parse().unwrap();
        match kind {
            "traffic" => {
                let split = match n % 3 {
                    0 => "zd-a=90,zd-b=10".to_owned(),
                    1 => "zd-a=10,zd-b=90".to_owned(),
                    _ => "zd-a=50,zd-b=50".to_owned(),
                };
                r.cli_ok(&["services", "update-traffic", "zd", "--to-revisions", &split]);
            }
            "deploy" => {
                // A new revision with no traffic: traffic keeps naming a and b.
                r.cli_ok(&["deploy", "zd", "--image", "runlane/hello", "--update-env-vars", &format!("DEPLOY={n}"), "--no-traffic"]);
            }
            _ => {
                r.cli_ok(&["services", "update-traffic", "zd", "--update-tags", &format!("t{n}=zd-b")]);
            }
        }
        *counts.entry(kind).or_default() += 1;
    }
    for l in load {
        l.await.unwrap();
    }
    assert_eq!(counts, BTreeMap::from([("deploy", 10), ("tag", 5), ("traffic", 50)]));
    let sent = sent.load(Ordering::Relaxed);
    let failures = failures.lock().unwrap();
    assert!(failures.is_empty(), "{} of {sent} requests failed: {:?}", failures.len(), &failures[..failures.len().min(10)]);
    let achieved = sent as f64 / SECONDS as f64;
    assert!(achieved >= RATE as f64 * 0.95, "the load fell short: {achieved:.0} rps of {RATE}");
}

/// Hostile bodies against the admin API: oversized, deeply nested and malformed JSON
/// are refused with a clear error and change nothing; the API keeps answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_api_bodies_are_refused_and_change_nothing() {
    let r = Runlane::start(bin()).unwrap();
    let addr = r.api.trim_start_matches("http://").to_owned();
    let auth = format!("Bearer {}", r.token());
    // A fresh connection per request: a refused oversized body closes its connection.
    let post = |body: String| {
        let (addr, auth) = (addr.clone(), auth.clone());
        async move {
            let client = runlane_test_support::HttpClient::new();
            client.request_with("POST", &addr, &addr, &services(), body.into(), &[("authorization", &auth)]).await.unwrap()
        }
    };
    let huge = format!("{{\"metadata\":{{\"name\":\"a\",\"labels\":{{\"x\":\"{}\"}}}}}}", "x".repeat(2 * 1024 * 1024));
    // The API answers 413 as soon as the limit is passed, without reading the rest; the
    // client may see that answer or, still sending, a closed connection.
    match runlane_test_support::HttpClient::new().request_with("POST", &addr, &addr, &services(), huge.into(), &[("authorization", &auth)]).await {
        Ok((status, body)) => assert_eq!(status, 413, "{body:.200}"),
        Err(e) => assert!(format!("{e:#}").contains("closed"), "{e:#}"),
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (status, body) = post(deep).await;
    assert_eq!(status, 400, "{body:.200}");
    assert!(body.contains("INVALID_ARGUMENT"), "{body:.200}");
    let deep_object = format!("{{\"metadata\":{{\"name\":\"a\"}},\"spec\":{}{}}}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let (status, _) = post(deep_object).await;
    assert_eq!(status, 400);
    let (status, body) = post("\u{0}\u{1}not json".to_owned()).await;
    assert_eq!(status, 400, "{body}");
    let long_name = json!({"metadata": {"name": "a".repeat(10_000)}, "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello"}]}}}});
    let (status, body) = post(long_name.to_string()).await;
    assert_eq!(status, 400, "{body:.300}");
    assert!(body.contains("metadata.name"), "{body:.300}");
    // Path traversal in API paths reaches no file.
    let (status, _) = r.client.request_with("GET", &addr, &addr, "/apis/serving.knative.dev/v1/namespaces/..%2F..%2Fetc/services", Default::default(), &[("authorization", &auth)]).await.unwrap();
    assert_eq!(status, 400);
    let (status, list) = r.api_json("GET", &services(), None).await.unwrap();
    assert_eq!((status, list["items"].as_array().map(Vec::len)), (200, Some(0)), "nothing was created");
}

/// A tmpfs of `size` mounted on `dir` for the life of the guard (unmounted on drop,
/// whatever the test did). Needs root, as the reproduction did.
struct SmallDisk {
    dir: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(dir).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "mounting a {size} tmpfs needs root");
        SmallDisk { dir: dir.to_owned() }
    }

    /// Writes a file of zeros until `leave` bytes are free (or the disk is full).
    fn fill(&self, name: &str, leave: u64) {
        use std::io::Write;
        let free = runlane_telemetry::disk_space(&self.dir).unwrap().0;
        let mut file = std::fs::File::create(self.dir.join(name)).unwrap();
        let chunk = vec![0u8; 64 << 10];
        let mut left = free.saturating_sub(leave);
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            if file.write_all(&chunk[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = file.sync_all();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("--lazy").arg(&self.dir).status();
    }
}

/// Requests of `service` counted by the Monitoring API in [start, end) (unix seconds).
async fn request_count(r: &Runlane, service: &str, start: i64, end: i64) -> u64 {
    let filter = format!("metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"{service}\"");
    let time = |s: i64| runlane_telemetry::logs::format_time(s * 1_000_000_000);
    let query = [
        ("filter", filter),
        ("interval.startTime", time(start)),
        ("interval.endTime", time(end)),
        ("aggregation.alignmentPeriod", format!("{}s", end - start)),
        ("aggregation.perSeriesAligner", "ALIGN_DELTA".into()),
        ("aggregation.crossSeriesReducer", "REDUCE_SUM".into()),
    ]
    .iter()
    .map(|(k, v)| {
        let v: String = v
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("{k}={v}")
    })
    .collect::<Vec<_>>()
    .join("&");
    let (status, reply) = r.api_json("GET", &format!("/v3/projects/default/timeSeries?{query}"), None).await.unwrap();
    assert_eq!(status, 200, "{reply}");
    reply["timeSeries"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|ts| ts["points"].as_array().cloned().unwrap_or_default())
        .map(|p| p["value"]["int64Value"].as_str().unwrap_or("0").parse::<u64>().unwrap())
        .sum()
}

async fn healthz(r: &Runlane) -> String {
    let (status, body) = r.client.request("GET", r.api.trim_start_matches("http://"), "127.0.0.1", "/healthz", Default::default()).await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// With the data dir on a 20 MB filesystem, a 10 s load's request
/// logs stop at the free-space floor instead of filling it; every request is counted in
/// the metrics; once the disk is full to the last byte a rollback still commits (the
/// control plane's reserve); `/healthz` says storage is degraded, and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs root (a tmpfs mount); scripts/test.sh runs it"]
#[allow(clippy::print_stderr, reason = "reports what the disk did")]
async fn a_full_disk_keeps_rollbacks_and_metrics() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let disk = SmallDisk::mount(&data, "20m");
    let r = Runlane::start_in_with(bin(), &data, 0, &[]).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--tag", "good"]);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "GEN=2", "--tag", "next"]);
    assert_eq!(healthz(&r).await, "ok\n");
    // Most of the disk is taken already; the load's logs would take the rest.
    disk.fill("other-files", 5 << 20);

    let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 - 1;
    let url = format!("http://jokes.localhost:{}/", r.router_port);
    let out = tokio::process::Command::new(bin())
        .args(["load", "-z", "10s", "-c", "8", "--output", "json", &url])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sent = report["summary"]["requests"].as_u64().unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");

    // Every request the load sent is in the metrics once its last second is written.
    let end = start + 30;
    let counted = eventually(Duration::from_secs(20), "every request in the metrics", || async {
        let n = request_count(&r, "jokes", start, end).await;
        (n == sent).then_some(n)
    })
    .await;
    let health = healthz(&r).await;
    let api = r.api.trim_start_matches("http://").to_owned();
    let (_, metrics) = r
        .client
        .request_with("GET", &api, &api, "/metrics", Default::default(), &[("authorization", &format!("Bearer {}", r.token()))])
        .await
        .unwrap();
    let dropped: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("runlane_telemetry_log_entries_dropped_low_disk_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no drop counter in /metrics:\n{metrics}"));
    assert!(dropped > 0, "{metrics}");
    let (free, _) = runlane_telemetry::disk_space(&data).unwrap();
    eprintln!("20 MB disk: {sent} requests sent, {counted} counted, {dropped} log entries dropped; {} KiB free after the load; /healthz: {}", free >> 10, health.trim());
    assert!(health.starts_with("degraded: storage:") && health.contains("logs are not being written"), "{health}");

    // Now nothing at all is free: the rollback still commits, and survives.
    disk.fill("the-rest", 0);
    r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "good=100"]);
    let (_, service) = r.api_json("GET", &format!("{}/jokes", services()), None).await.unwrap();
    let traffic = service["status"]["traffic"].as_array().unwrap();
    let good = traffic.iter().find(|t| t["tag"] == "good").unwrap()["revisionName"].clone();
    let serving: Vec<&Value> = traffic.iter().filter(|t| t["percent"].as_u64().is_some_and(|p| p > 0)).collect();
    assert_eq!(serving.len(), 1, "{service}");
    assert_eq!((&serving[0]["revisionName"], &serving[0]["percent"]), (&good, &json!(100)), "{service}");
    let health = healthz(&r).await;
    assert!(health.contains("reserved space"), "{health}");
    drop(r);
    drop(disk);
}

/// With the data dir on a 64 MB filesystem that a file there fills at a
/// steady rate, runlane forecasts when it will be full (naming the file), in `runlane
/// status`, `/metrics` and `/healthz`, and its built-in alert opens an incident that emails
/// the default project's channel, all long before the disk is full; when the file stops
/// growing and is removed, the incident resolves and says so by email too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd; scripts/test.sh runs it"]
async fn a_filling_disk_is_forecast_and_alerted_before_it_is_full() {
    let smtp = runlane_test_support::smtp::SmtpServer::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let disk = SmallDisk::mount(&data, "64m");
    let r = Runlane::start_in_with(bin(), &data, 0, &["--disk-sample-interval", "200ms", "--disk-forecast-alert", "1h", "--smtp-url", &smtp.url()]).unwrap();
    let channel = json!({"type": "email", "displayName": "oncall", "labels": {"email_address": "oncall@example.com"}});
    let (status, reply) = r.api_json("POST", "/v3/projects/default/notificationChannels", Some(channel)).await.unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(healthz(&r).await, "ok\n");
    let status_text = r.cli_ok(&["status"]);
    assert!(status_text.contains("Forecast:  not filling"), "{status_text}");

    // 1 MiB every 100 ms from a file in the data dir, stopped once half the disk is left.
    let filling = Arc::new(AtomicBool::new(true));
    let writer = {
        let (filling, path, dir) = (filling.clone(), data.join("growing.log"), data.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(path).unwrap();
            let chunk = vec![7u8; 1 << 20];
            while filling.load(Ordering::Relaxed) && runlane_telemetry::disk_space(&dir).unwrap().0 > 32 << 20 {
                file.write_all(&chunk).unwrap();
                file.sync_data().unwrap();
                std::thread::sleep(Duration::from_millis(100)); // the steady rate under test, not a wait
            }
        })
    };
    let mail = eventually(Duration::from_secs(30), "the disk alert's email", || async {
        smtp.messages().into_iter().find(|m| m.text.contains("will fill the disk"))
    })
    .await;
    let free_at_alert = runlane_telemetry::disk_space(&data).unwrap().0;
    assert!(free_at_alert > 16 << 20, "the alert came long before the disk was full ({free_at_alert} bytes free)");
    assert!(mail.text.contains("growing.log will fill the disk in") && mail.text.contains("at the last"), "{}", mail.text);
    let status_text = r.cli_ok(&["status"]);
    assert!(status_text.contains("Forecast:  growing.log will fill the disk in"), "{status_text}");
    let health = healthz(&r).await;
    assert!(health.starts_with("degraded: storage: growing.log will fill the disk in"), "{health}");
    let api = r.api.trim_start_matches("http://");
    let bearer = format!("Bearer {}", r.token());
    let (code, metrics) = r.client.request_with("GET", api, api, "/metrics", Default::default(), &[("authorization", &bearer)]).await.unwrap();
    assert_eq!(code, 200);
    let seconds: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("runlane_storage_fill_forecast_seconds "))
        .unwrap_or_else(|| panic!("no fill forecast in /metrics:\n{metrics}"))
        .parse()
        .unwrap();
    assert!((1.0..600.0).contains(&seconds), "a 64 MB disk filling at about 10 MiB/s is full within minutes: {seconds}");
    let (_, incidents) = r.api_json("GET", "/v3/projects/default/incidents", None).await.unwrap();
    let incident = incidents["incidents"].as_array().unwrap().iter().find(|i| i["policyDisplayName"] == "runlane's data dir will fill its disk").cloned();
    assert!(incident.is_some(), "{incidents}");

    // The file stops and goes: free space grows back, the forecast ends, the incident resolves.
    filling.store(false, Ordering::Relaxed);
    writer.join().unwrap();
    std::fs::remove_file(data.join("growing.log")).unwrap();
    eventually(Duration::from_secs(30), "the disk incident to resolve by email", || async {
        smtp.messages().into_iter().find(|m| m.subject().contains("RESOLVED") && m.text.contains("no longer filling"))
    })
    .await;
    eventually(Duration::from_secs(10), "/healthz to be ok again", || async { (healthz(&r).await == "ok\n").then_some(()) }).await;
    drop(r);
    drop(disk);
}
