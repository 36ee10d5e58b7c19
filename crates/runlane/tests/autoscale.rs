//! Autoscaling and instance lifecycle end to end, against a real
//! `runlane up` with short autoscaler windows (`--scale-to-zero-grace 1s
//! --autoscale-window 6s`), real instances of the sample app and real sockets.
//!
//! Module index:
//! - burst from zero: 100 concurrent requests at a scaled-to-zero revision whose app
//!   takes 300 ms to listen all succeed; the decisions are logged with their reasons
//!   and `revisions describe` shows instances and startup time
//! - scale up under load, then back to zero, failing no request
//! - the concurrency limit is never exceeded (the app reports what it sees)
//! - a full queue answers 429 and is counted
//! - draining: an instance leaving (traffic moved away, or autoscaler scale-down)
//!   finishes its in-flight requests before SIGTERM; no request fails

use runlane_test_support::{eventually, process_alive, Runlane};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const NS: &str = "default";

/// Short windows so scale-down and scale-to-zero happen within a test.
const FAST: &[&str] = &["--scale-to-zero-grace", "1s", "--autoscale-window", "6s"];

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

async fn revision(r: &Runlane, name: &str) -> Value {
    let (status, rev) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/{name}"), None).await.unwrap();
    assert_eq!(status, 200, "{rev}");
    rev
}

fn instance_pids(rev: &Value) -> Vec<u32> {
    rev["status"]["runlane"]["instances"].as_array().unwrap().iter().filter_map(|i| i["pid"].as_u64()).map(|p| p as u32).collect()
}

fn count(rev: &Value, state: &str) -> u64 {
    rev["status"]["runlane"]["instanceCounts"][state].as_u64().unwrap_or(0)
}

/// Waits until the revision has no instance left at all.
async fn wait_for_zero(r: &Runlane, name: &str) {
    eventually(Duration::from_secs(30), &format!("{name} to scale to zero"), || async {
        let rev = revision(r, name).await;
        (rev["status"]["runlane"]["instances"].as_array()?.is_empty() && rev["status"]["runlane"]["autoscaler"]["desiredInstances"] == 0).then_some(())
    })
    .await;
}

/// `workers` clients sending `path` back to back until `stop`; every answer that is
/// not a 200 is a failure.
struct Load {
    stop: Arc<AtomicBool>,
    sent: Arc<AtomicU64>,
    failures: Arc<Mutex<Vec<String>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn start(r: &Arc<Runlane>, host: &str, path: &str, workers: usize) -> Load {
        let mut load = Load { stop: Arc::default(), sent: Arc::default(), failures: Arc::default(), tasks: Vec::new() };
        load.add(r, host, path, workers);
        load
    }

    fn add(&mut self, r: &Arc<Runlane>, host: &str, path: &str, workers: usize) {
        for _ in 0..workers {
            let (r, stop, sent, failures) = (r.clone(), self.stop.clone(), self.sent.clone(), self.failures.clone());
            let (host, path) = (host.to_owned(), path.to_owned());
            self.tasks.push(tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    sent.fetch_add(1, Ordering::Relaxed);
                    match r.get(&host, &path).await {
                        Ok((200, _)) => {}
                        other => failures.lock().unwrap().push(format!("{other:?}")),
                    }
                }
            }));
        }
    }

    /// Continues with `keep` workers (the others stop after their current request).
    async fn resize(&mut self, r: &Arc<Runlane>, host: &str, path: &str, keep: usize) {
        // Workers share one stop flag: stop them all and start `keep` anew.
        self.stop.store(true, Ordering::SeqCst);
        for t in self.tasks.drain(..) {
            t.await.unwrap();
        }
        self.stop = Arc::default();
        self.add(r, host, path, keep);
    }

    async fn finish(self) -> (u64, Vec<String>) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.tasks {
            t.await.unwrap();
        }
        let failures = self.failures.lock().unwrap().clone();
        (self.sent.load(Ordering::Relaxed), failures)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_100_requests_at_zero_all_succeed() {
    let r = Arc::new(Runlane::start_with(bin(), FAST).unwrap());
    r.cli_ok(&["deploy", "burst", "--image", "runlane/hello", "--revision-suffix", "a", "--set-env-vars", "STARTUP_DELAY_MS=300"]);
    wait_for_zero(&r, "burst-a").await;

    let requests: Vec<_> = (0..100)
        .map(|_| {
            let r = r.clone();
            tokio::spawn(async move { r.get("burst.localhost", "/").await })
        })
        .collect();
    let mut failures = Vec::new();
    for request in requests {
        match request.await.unwrap() {
            Ok((200, body)) if body == "Hello from burst-a!\n" => {}
            other => failures.push(format!("{other:?}")),
        }
    }
    assert!(failures.is_empty(), "{} of 100 requests failed at a cold start: {:?}", failures.len(), &failures[..failures.len().min(5)]);

    // Every decision is in the log with its reason.
    let log = r.log();
    assert!(log.contains("autoscaler: burst-a from 1 to 0 instance(s): idle for"), "{log}");
    assert!(log.contains("autoscaler: burst-a from 0 to") && log.contains("request(s) waiting at zero"), "{log}");

    // `revisions describe` shows instances by state, startup time and the autoscaler.
    let describe = r.cli_ok(&["revisions", "describe", "burst-a"]);
    for expected in ["Instances:", "Startup:", "ms (latest instance)", "Autoscaler:", "Scale to zero: after 1s idle"] {
        assert!(describe.contains(expected), "{expected:?} missing:\n{describe}");
    }
    let rev = revision(&r, "burst-a").await;
    let startup = rev["status"]["runlane"]["autoscaler"]["lastStartupMillis"].as_u64().unwrap();
    assert!(startup >= 300, "the app takes 300 ms to listen, the startup took {startup} ms");
    wait_for_zero(&r, "burst-a").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn load_scales_up_then_back_to_zero_without_failing_a_request() {
    let r = Arc::new(Runlane::start_with(bin(), FAST).unwrap());
    r.cli_ok(&["deploy", "grow", "--image", "runlane/hello", "--revision-suffix", "a", "--concurrency", "1"]);

    // 4 clients keep 4 requests in flight; at 1 per instance and 70% target: ≥ 4 instances.
    let load = Load::start(&r, "grow.localhost", "/sleep?ms=100", 4);
    eventually(Duration::from_secs(30), "at least 4 ready instances", || async {
        (count(&revision(&r, "grow-a").await, "Ready") >= 4).then_some(())
    })
    .await;
    let (sent, failures) = load.finish().await;
    assert!(failures.is_empty(), "{} of {sent} requests failed while scaling up: {:?}", failures.len(), &failures[..failures.len().min(5)]);

    wait_for_zero(&r, "grow-a").await;
    let log = r.log();
    assert!(log.contains("autoscaler: grow-a from") && log.contains("concurrent over"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_instance_ever_serves_more_than_its_concurrency() {
    let r = Arc::new(Runlane::start_with(bin(), FAST).unwrap());
    r.cli_ok(&["deploy", "one", "--image", "runlane/hello", "--revision-suffix", "a", "--concurrency", "1", "--max-instances", "2"]);

    let requests: Vec<_> = (0..12)
        .map(|_| {
            let r = r.clone();
            tokio::spawn(async move {
                let resp = r.client.send("GET", &r.router_addr(), "one.localhost", "/sleep?ms=200", Default::default()).await.unwrap();
                let seen = resp.headers().get("x-runlane-in-flight").map(|v| v.to_str().unwrap().to_owned());
                (resp.status().as_u16(), seen)
            })
        })
        .collect();
    for request in requests {
        let (status, seen) = request.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(seen.as_deref(), Some("1"), "an instance saw more than one request at once");
    }
    let rev = revision(&r, "one-a").await;
    assert!(instance_pids(&rev).len() <= 2, "maxScale 2: {rev}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_queue_answers_429_and_counts_it() {
    let r = Arc::new(Runlane::start_with(bin(), &["--queue-depth", "2"]).unwrap());
    r.cli_ok(&["deploy", "tight", "--image", "runlane/hello", "--revision-suffix", "a", "--concurrency", "1", "--min-instances", "1", "--max-instances", "1"]);

    // One in flight, two waiting, three refused.
    let busy = {
        let r = r.clone();
        tokio::spawn(async move { r.get("tight.localhost", "/sleep?ms=1500").await.unwrap().0 })
    };
    eventually(Duration::from_secs(10), "the first request in flight", || async {
        (revision(&r, "tight-a").await["status"]["runlane"]["autoscaler"]["requestsInFlight"] == 1).then_some(())
    })
    .await;
    let queued: Vec<_> = (0..5)
        .map(|_| {
            let r = r.clone();
            tokio::spawn(async move { r.get("tight.localhost", "/").await.unwrap() })
        })
        .collect();
    let mut statuses = Vec::new();
    for q in queued {
        let (status, body) = q.await.unwrap();
        if status == 429 {
            assert!(body.contains("requests waiting for an instance; retry later"), "{body}");
        }
        statuses.push(status);
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 200, 429, 429, 429]);
    assert_eq!(busy.await.unwrap(), 200);
    let rev = revision(&r, "tight-a").await;
    assert_eq!(rev["status"]["runlane"]["autoscaler"]["requestsRefused"], 3, "{rev}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_leaving_service_finishes_its_requests_first() {
    let r = Arc::new(Runlane::start_with(bin(), FAST).unwrap());
    r.cli_ok(&["deploy", "move", "--image", "runlane/hello", "--revision-suffix", "a"]);
    let pids = instance_pids(&revision(&r, "move-a").await);
    assert_eq!(pids.len(), 1);

    // A long request in flight on move-a, and steady load, while traffic moves to move-b.
    let long = {
        let r = r.clone();
        tokio::spawn(async move { r.get("move.localhost", "/sleep?ms=3000").await })
    };
    eventually(Duration::from_secs(10), "the long request in flight", || async {
        (revision(&r, "move-a").await["status"]["runlane"]["autoscaler"]["requestsInFlight"] == 1).then_some(())
    })
    .await;
    let load = Load::start(&r, "move.localhost", "/", 4);
    r.cli_ok(&["deploy", "move", "--image", "runlane/hello", "--revision-suffix", "b", "--set-env-vars", "V=b"]);
    // move-a no longer gets traffic: its instance drains, still alive while the request runs.
    let rev = revision(&r, "move-a").await;
    assert_eq!(count(&rev, "Stopping"), 1, "{rev}");
    assert!(process_alive(pids[0]), "the instance must not be stopped while a request is in flight");
    let (status, body) = long.await.unwrap().unwrap();
    assert_eq!((status, body.as_str()), (200, "slept 3000 ms\n"));
    eventually(Duration::from_secs(10), "the drained instance to be stopped", || async { (!process_alive(pids[0])).then_some(()) }).await;
    let (sent, failures) = load.finish().await;
    assert!(failures.is_empty(), "{} of {sent} requests failed while traffic moved: {:?}", failures.len(), &failures[..failures.len().min(5)]);
    assert!(r.log().contains("instance drained; stopping it"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn autoscaler_scale_down_under_load_fails_no_request() {
    let r = Arc::new(Runlane::start_with(bin(), FAST).unwrap());
    r.cli_ok(&["deploy", "shrink", "--image", "runlane/hello", "--revision-suffix", "a", "--concurrency", "1"]);
    let path = "/sleep?ms=150";
    let mut load = Load::start(&r, "shrink.localhost", path, 6);
    let peak = eventually(Duration::from_secs(30), "at least 6 ready instances", || async {
        let ready = count(&revision(&r, "shrink-a").await, "Ready");
        (ready >= 6).then_some(ready)
    })
    .await;
    // Down to one client: the autoscaler removes instances while requests keep coming,
    // some of them in flight on the instances it removes.
    load.resize(&r, "shrink.localhost", path, 1).await;
    eventually(Duration::from_secs(40), "the autoscaler to scale down", || async {
        let rev = revision(&r, "shrink-a").await;
        (count(&rev, "Ready") <= 2 && count(&rev, "Stopping") == 0).then_some(())
    })
    .await;
    let (sent, failures) = load.finish().await;
    assert!(failures.is_empty(), "{} of {sent} requests failed while scaling down from {peak}: {:?}", failures.len(), &failures[..failures.len().min(5)]);
    assert!(r.log().contains("instance drained; stopping it"));
}
