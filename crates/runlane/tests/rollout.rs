//! Progressive delivery end to end: a real `runlane up`, real instances of
//! the sample app (`FAIL_PERCENT` makes a bad canary), real load over real sockets.
//!
//! Module index:
//! - `failing_canary_is_rolled_back_within_3s_with_an_incident`: a FAIL_PERCENT=100
//!   canary at 10% under 200 rps (`--interval 1s --min-requests 20`) is rolled back; the
//!   time from its first bad request to the last request it got is at most 3 s (printed);
//!   afterwards it gets nothing but its tag URL; an incident names the failed analysis
//!   and the project's notification channel (a webhook) is called.
//! - `deploy_with_rollout_policy_promotes_a_healthy_canary`: the `runlane.dev/rollout`
//!   annotation makes a deploy a rollout through every step to 100%.
//! - `no_traffic_never_promotes_and_commands_steer`: NoData without traffic, then pause,
//!   resume, promote; a second rollout is aborted back to stable.
//! - `manual_gate_waits_for_promote`, `failing_webhook_rolls_back`.
//! - `restart_mid_rollout_continues`: SIGTERM mid-rollout, start again, it goes on.
//! - `freeze_refuses_and_override_is_recorded`: an exhausted error budget freezes deploys
//!   and rollouts, naming the SLO; `--override-freeze --reason` goes through and is kept.
//! - `bad_flags_and_annotations_change_nothing`.
//! - `issue_23_a_canary_sending_broken_framing_is_rolled_back`: a canary whose every
//!   answer has two different Content-Lengths (the client gets no usable response)
//!   is measured as failing and rolled back; it used to be recorded as 200 and promoted.

use runlane_test_support::{eventually, Runlane};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn wall_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

/// One response: when its request was sent (wall ms), its status and body.
type Seen = (i64, u16, String);

/// Open-model load at a fixed rate; every response is kept.
struct Load {
    stop: Arc<AtomicBool>,
    sent: Arc<std::sync::atomic::AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Load {
    fn start(r: &Runlane, host: &str, rps: u64) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (client, addr, host, stop2, seen2, sent2) = (r.client.clone(), r.router_addr(), host.to_owned(), stop.clone(), seen.clone(), sent.clone());
        let task = tokio::spawn(async move {
            // Pacing of the load (its arrival rate), not synchronisation.
            let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rps));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
            while !stop2.load(Ordering::Relaxed) && tokio::time::Instant::now() < deadline {
                tick.tick().await;
                sent2.fetch_add(1, Ordering::SeqCst);
                let (client, addr, host, seen) = (client.clone(), addr.clone(), host.clone(), seen2.clone());
                tokio::spawn(async move {
                    let sent = wall_ms();
                    let (status, body) = client.request("GET", &addr, &host, "/", Default::default()).await.unwrap_or((0, String::new()));
                    seen.lock().unwrap().push((sent, status, body));
                });
            }
        });
        Load { stop, sent, seen, task }
    }

    fn count(&self, pred: impl Fn(&Seen) -> bool) -> usize {
        self.seen.lock().unwrap().iter().filter(|s| pred(s)).count()
    }

    async fn stop(self) -> Vec<Seen> {
        self.stop.store(true, Ordering::Relaxed);
        let Load { seen, sent, task, .. } = self;
        let _ = task.await;
        // Wait for the answers of requests still in flight.
        let total = sent.load(Ordering::SeqCst);
        eventually(Duration::from_secs(15), "in-flight requests to finish", || {
            let seen = seen.clone();
            async move { (seen.lock().unwrap().len() >= total).then_some(()) }
        })
        .await;
        let mut v = seen.lock().unwrap().clone();
        v.sort_by_key(|s| s.0);
        v
    }
}

async fn service(r: &Runlane, name: &str) -> Value {
    let (status, s) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/default/services/{name}"), None).await.unwrap();
    assert_eq!(status, 200, "{s}");
    s
}

async fn rollout(r: &Runlane, name: &str) -> Value {
    let (status, v) = r.api_json("GET", &format!("/apis/runlane.dev/v1/namespaces/default/rollouts/{name}"), None).await.unwrap();
    assert_eq!(status, 200, "{v}");
    v
}

async fn wait_phase(r: &Runlane, name: &str, phase: &str, timeout: Duration) -> Value {
    eventually(timeout, &format!("rollout of {name} to be {phase}"), || async {
        let v = rollout(r, name).await;
        (v["status"]["phase"] == phase).then_some(v)
    })
    .await
}

/// The traffic split of a service: (revision, percent) of entries with a percent.
async fn split(r: &Runlane, name: &str) -> Vec<(String, u64)> {
    let s = service(r, name).await;
    s["status"]["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["percent"].as_u64().is_some_and(|p| p > 0))
        .map(|t| (t["revisionName"].as_str().unwrap().to_owned(), t["percent"].as_u64().unwrap()))
        .collect()
}

/// Deploys `name` (stable) then a second revision with `env` and no traffic, tagged
/// `canary`; returns (stable, canary).
async fn stable_and_canary(r: &Runlane, name: &str, env: &str) -> (String, String) {
    r.cli_ok(&["deploy", name, "--image", "runlane/hello"]);
    let stable = service(r, name).await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    r.cli_ok(&["deploy", name, "--image", "runlane/hello", "--set-env-vars", env, "--tag", "canary", "--no-traffic"]);
    let canary = service(r, name).await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    assert_ne!(stable, canary);
    (stable, canary)
}

fn events_of(v: &Value, kind: &str) -> Vec<Value> {
    v["status"]["events"].as_array().unwrap().iter().filter(|e| e["kind"] == kind).cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[allow(clippy::print_stderr, reason = "prints the measured rollback time")]
async fn failing_canary_is_rolled_back_within_3s_with_an_incident() {
    let r = Runlane::start(bin()).unwrap();
    let (stable, canary) = stable_and_canary(&r, "shop", "FAIL_PERCENT=100").await;
    // A notification channel of the project: the rollback incident notifies it.
    let (channel_url, notified) = webhook(200).await;
    r.cli_ok(&["channels", "create", "webhook", "--url", &channel_url]);
    let load = Load::start(&r, "shop.localhost", 200);
    eventually(Duration::from_secs(10), "stable traffic", || async { (load.count(|s| s.1 == 200) >= 100).then_some(()) }).await;

    r.cli_ok(&["rollout", "start", "shop", "--latest", "--steps", "10,50", "--interval", "1s", "--min-requests", "20"]);
    let done = wait_phase(&r, "shop", "RolledBack", Duration::from_secs(20)).await;
    // Let the load run on: the canary must get nothing more through the service URL.
    let rolled_back_at = events_of(&done, "rollback")[0]["timeMillis"].as_i64().unwrap();
    eventually(Duration::from_secs(10), "a second of load after the rollback", || async { (load.count(|s| s.0 > rolled_back_at + 1000) >= 100).then_some(()) }).await;
    let seen = load.stop().await;

    let bad: Vec<&Seen> = seen.iter().filter(|s| s.2.contains(&canary)).collect();
    assert!(!bad.is_empty(), "the canary got traffic");
    assert!(bad.iter().all(|s| s.1 == 500), "every canary response failed");
    let (first_bad, last_bad) = (bad.first().unwrap().0, bad.last().unwrap().0);
    let rollback_ms = last_bad - first_bad;
    eprintln!("rollback: first bad request to last request reaching the canary: {rollback_ms} ms ({} bad requests; rollout recorded the rollback {} ms after the first)", bad.len(), rolled_back_at - first_bad);
    assert!(rollback_ms <= 3000, "rollback took {rollback_ms} ms");
    assert!(seen.iter().filter(|s| s.0 > rolled_back_at + 50).all(|s| s.1 == 200 && s.2.contains(&stable)), "after the rollback every request reaches stable");
    assert_eq!(split(&r, "shop").await, vec![(stable.clone(), 100)]);
    // The canary stays reachable through its tag URL.
    let (status, body) = r.get("canary---shop.localhost", "/").await.unwrap();
    assert_eq!(status, 500);
    assert!(body.contains(&canary), "{body}");

    // Every measurement and the failing verdict are recorded, and shown by the CLI.
    let analyses = events_of(&done, "analysis");
    let fail = analyses.iter().find(|e| e["verdict"]["outcome"] == "Fail").expect("a Fail verdict");
    assert!(fail["measurement"]["canary"]["errors"].as_u64().unwrap() >= 20, "{fail}");
    assert_eq!(fail["measurement"]["stable"]["errors"], 0);
    // The breach is measurable once telemetry has committed the window's last second
    // (at its end); the rollback follows within one evaluation tick.
    let measurable_ms = fail["measurement"]["endSeconds"].as_i64().unwrap() * 1000;
    let reaction = rolled_back_at - measurable_ms;
    eprintln!("rollback: {reaction} ms after the breach was measurable");
    assert!(reaction <= 1000, "rolled back {reaction} ms after the breach was measurable");
    assert!(done["status"]["reason"].as_str().unwrap().contains("one-sided Fisher"), "{done}");
    let status = r.cli_ok(&["rollout", "status", "shop"]);
    assert!(status.contains("RolledBack") && status.contains("Fail at 10%"), "{status}");

    // An incident carries the failed analysis.
    let incident = eventually(Duration::from_secs(5), "the rollback incident", || async {
        let (_, list) = r.api_json("GET", "/v3/projects/default/incidents", None).await.ok()?;
        list["incidents"].as_array()?.iter().find(|i| i["policyDisplayName"] == "Rollout of shop rolled back").cloned()
    })
    .await;
    let described = r.cli_ok(&["incidents", "describe", incident["id"].as_str().unwrap()]);
    assert!(described.contains("analysis failed at 10%"), "{described}");
    eventually(Duration::from_secs(10), "the channel to be notified", || async { (notified.load(Ordering::SeqCst) >= 1).then_some(()) }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deploy_with_rollout_policy_promotes_a_healthy_canary() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "cart", "--image", "runlane/hello", "--rollout-policy", "steps=10,50;interval=1s;min-requests=20;max-error-rate=5%"]);
    let stable = service(&r, "cart").await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    let load = Load::start(&r, "cart.localhost", 150);
    r.cli_ok(&["deploy", "cart", "--image", "runlane/hello", "--update-env-vars", "VERSION=2"]);
    let s = service(&r, "cart").await;
    let canary = s["status"]["latestCreatedRevisionName"].as_str().unwrap().to_owned();
    assert_ne!(canary, stable);
    let done = wait_phase(&r, "cart", "Promoted", Duration::from_secs(30)).await;
    let seen = load.stop().await;
    assert_eq!(done["spec"]["stable"], stable.as_str());
    assert_eq!(done["spec"]["canary"], canary.as_str());
    let steps: Vec<String> = events_of(&done, "step").iter().map(|e| e["message"].as_str().unwrap().to_owned()).collect();
    assert!(steps[0].contains("gets 10%") && steps[1].contains("gets 50%"), "{steps:?}");
    let passes: Vec<Value> = events_of(&done, "analysis").into_iter().filter(|e| e["verdict"]["outcome"] == "Pass").collect();
    assert_eq!(passes.len(), 2, "one Pass per step: {done}");
    for p in &passes {
        assert!(p["measurement"]["canary"]["requests"].as_u64().unwrap() >= 20, "{p}");
    }
    assert_eq!(split(&r, "cart").await, vec![(canary.clone(), 100)]);
    let spec_traffic = service(&r, "cart").await["spec"]["traffic"].clone();
    assert_eq!(spec_traffic, serde_json::json!([{"latestRevision": true, "percent": 100}]), "promoted, traffic follows the latest revision again");
    assert!(seen.iter().all(|s| s.1 == 200), "no request failed during the rollout");
    assert!(seen.iter().any(|s| s.2.contains(&canary)) && seen.iter().any(|s| s.2.contains(&stable)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_traffic_never_promotes_and_commands_steer() {
    let r = Runlane::start(bin()).unwrap();
    let (stable, canary) = stable_and_canary(&r, "idle", "VERSION=2").await;
    r.cli_ok(&["rollout", "start", "idle", "--to", &canary, "--steps", "10,50", "--interval", "1s", "--min-requests", "20"]);
    let v = eventually(Duration::from_secs(15), "three NoData intervals", || async {
        let v = rollout(&r, "idle").await;
        events_of(&v, "analysis").last()?["message"].as_str()?.contains("3 NoData intervals in a row").then_some(v)
    })
    .await;
    assert_eq!(events_of(&v, "analysis").len(), 1, "NoData intervals in a row are one line: {v}");
    assert_eq!(events_of(&v, "analysis")[0]["verdict"]["outcome"], "NoData");
    assert_eq!(v["status"]["phase"], "Analysing");
    assert_eq!(v["status"]["canaryPercent"], 10, "NoData does not promote");
    assert_eq!(split(&r, "idle").await, vec![(stable.clone(), 90), (canary.clone(), 10)]);

    let out = r.cli_ok(&["rollout", "pause", "idle"]);
    assert!(out.lines().any(|l| l.starts_with("Phase:") && l.ends_with("Paused")), "{out}");
    let paused = rollout(&r, "idle").await;
    let again = r.cli(&["rollout", "pause", "idle"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is Paused and cannot be paused"), "{}", String::from_utf8_lossy(&again.stderr));
    r.cli_ok(&["rollout", "resume", "idle"]);
    assert_eq!(rollout(&r, "idle").await["status"]["phase"], "Analysing");
    assert!(events_of(&paused, "pause")[0]["message"].as_str().unwrap().starts_with("paused by"));
    r.cli_ok(&["rollout", "promote", "idle"]);
    wait_phase(&r, "idle", "Promoted", Duration::from_secs(10)).await;
    assert_eq!(split(&r, "idle").await, vec![(canary.clone(), 100)]);

    // A second rollout, aborted: traffic goes back to the revision that was stable.
    r.cli_ok(&["deploy", "idle", "--image", "runlane/hello", "--update-env-vars", "VERSION=3", "--no-traffic"]);
    let third = service(&r, "idle").await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    r.cli_ok(&["rollout", "start", "idle", "--latest", "--steps", "20", "--interval", "1s"]);
    eventually(Duration::from_secs(10), "the first step", || async { (split(&r, "idle").await.len() == 2).then_some(()) }).await;
    r.cli_ok(&["rollout", "abort", "idle"]);
    let v = wait_phase(&r, "idle", "Aborted", Duration::from_secs(10)).await;
    assert!(v["status"]["reason"].as_str().unwrap().starts_with("aborted by"), "{v}");
    assert_eq!(split(&r, "idle").await, vec![(canary, 100)]);
    let list = r.cli_ok(&["rollout", "list"]);
    assert!(list.contains("Aborted") && list.contains(&third), "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn manual_gate_waits_for_promote() {
    let r = Runlane::start(bin()).unwrap();
    let (_, canary) = stable_and_canary(&r, "gated", "VERSION=2").await;
    let load = Load::start(&r, "gated.localhost", 150);
    r.cli_ok(&["rollout", "start", "gated", "--latest", "--steps", "10,50", "--gates", "50", "--interval", "1s", "--min-requests", "20"]);
    let v = eventually(Duration::from_secs(20), "the gate before 50%", || async {
        let v = rollout(&r, "gated").await;
        (v["status"]["waitingForApproval"] == true).then_some(v)
    })
    .await;
    assert_eq!(v["status"]["canaryPercent"], 10, "the gate holds the weight");
    let status = r.cli_ok(&["rollout", "status", "gated"]);
    assert!(status.contains("waiting for approval"), "{status}");
    r.cli_ok(&["rollout", "promote", "gated"]);
    let done = wait_phase(&r, "gated", "Promoted", Duration::from_secs(20)).await;
    load.stop().await;
    assert!(events_of(&done, "gate")[0]["message"].as_str().unwrap().contains("approved the step to 50%"));
    assert_eq!(events_of(&done, "step").len(), 2, "10% and 50% were both analysed: {done}");
    assert_eq!(split(&r, "gated").await, vec![(canary, 100)]);
}

/// A webhook endpoint on loopback that answers every POST with `status`, counting calls.
async fn webhook(status: u16) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/check", listener.local_addr().unwrap());
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            let counter = counter.clone();
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buf = vec![0u8; 65536];
                let mut got = Vec::new();
                // Read the head and the JSON body (small) before answering.
                while let Ok(n) = sock.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    got.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&got);
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let len = text.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))).unwrap_or(0);
                        if got.len() >= head_end + 4 + len {
                            break;
                        }
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = sock.write_all(reply.as_bytes()).await;
            });
        }
    });
    (url, calls)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failing_webhook_rolls_back() {
    let r = Runlane::start(bin()).unwrap();
    let (stable, _) = stable_and_canary(&r, "hooked", "VERSION=2").await;
    let (ok_url, ok_calls) = webhook(200).await;
    r.cli_ok(&["rollout", "start", "hooked", "--latest", "--steps", "10", "--interval", "1s", "--webhook", &ok_url]);
    eventually(Duration::from_secs(10), "the first step after a 200 webhook", || async { (rollout(&r, "hooked").await["status"]["canaryPercent"] == 10).then_some(()) }).await;
    assert_eq!(ok_calls.load(Ordering::SeqCst), 1, "called once before the step");
    r.cli_ok(&["rollout", "abort", "hooked"]);
    wait_phase(&r, "hooked", "Aborted", Duration::from_secs(10)).await;

    let (bad_url, bad_calls) = webhook(503).await;
    r.cli_ok(&["rollout", "start", "hooked", "--latest", "--steps", "10", "--interval", "1s", "--webhook", &bad_url]);
    let v = wait_phase(&r, "hooked", "RolledBack", Duration::from_secs(10)).await;
    assert!(v["status"]["reason"].as_str().unwrap().contains("webhook check before 10% failed") && v["status"]["reason"].as_str().unwrap().contains("503"), "{v}");
    assert_eq!(split(&r, "hooked").await, vec![(stable, 100)]);
    // Called before the step, and again on rollback.
    eventually(Duration::from_secs(10), "the rollback webhook", || async { (bad_calls.load(Ordering::SeqCst) >= 2).then_some(()) }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restart_mid_rollout_continues() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut r = Runlane::start_in(bin(), &data, 0).unwrap();
    let (stable, canary) = stable_and_canary(&r, "durable", "VERSION=2").await;
    r.cli_ok(&["rollout", "start", "durable", "--latest", "--steps", "10,50", "--interval", "1s", "--min-requests", "20"]);
    let before = eventually(Duration::from_secs(15), "NoData before the restart", || async {
        let v = rollout(&r, "durable").await;
        (!events_of(&v, "analysis").is_empty()).then_some(v)
    })
    .await;
    assert!(r.stop().success());

    let r = Runlane::start_in(bin(), &data, 0).unwrap();
    let after = rollout(&r, "durable").await;
    assert_eq!(after["status"]["phase"], "Analysing");
    assert_eq!(after["status"]["canaryPercent"], 10);
    // The last event (NoData) may have been extended since; everything before it is as it was.
    let n = before["status"]["events"].as_array().unwrap().len() - 1;
    assert_eq!(after["status"]["events"].as_array().unwrap()[..n], before["status"]["events"].as_array().unwrap()[..n], "the history survived");
    let window_start = |v: &Value| events_of(v, "analysis").last().unwrap()["measurement"]["startTime"].clone();
    assert_eq!(window_start(&after), window_start(&before), "the analysis window goes on from where it was");
    assert_eq!(split(&r, "durable").await, vec![(stable, 90), (canary.clone(), 10)]);
    let load = Load::start(&r, "durable.localhost", 150);
    let done = wait_phase(&r, "durable", "Promoted", Duration::from_secs(30)).await;
    load.stop().await;
    assert_eq!(events_of(&done, "step").len(), 2, "it continued at 10% and went on to 50%: {done}");
    assert_eq!(split(&r, "durable").await, vec![(canary, 100)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn freeze_refuses_and_override_is_recorded() {
    let r = Runlane::start(bin()).unwrap();
    // A stable revision that fails everything exhausts a 99% SLO at once.
    r.cli_ok(&["deploy", "frozen", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100"]);
    r.cli_ok(&["slo", "create", "frozen", "--availability", "--goal", "99", "--rolling", "3600s"]);
    for _ in 0..50 {
        let _ = r.get("frozen.localhost", "/").await.unwrap();
    }
    eventually(Duration::from_secs(15), "the budget to be spent", || async {
        let (_, st) = r.api_json("GET", "/v3/projects/default/services/frozen/serviceLevelObjectives/availability:status?steps=1", None).await.ok()?;
        (st["events"]["total"].as_u64()? >= 50).then_some(())
    })
    .await;
    let before = service(&r, "frozen").await;

    let refused = r.cli(&["deploy", "frozen", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=0", "--error-budget-freeze", "availability"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("frozen") && err.contains("SLO availability") && err.contains("no error budget left") && err.contains("--override-freeze"), "{err}");
    let after = service(&r, "frozen").await;
    assert_eq!(after["metadata"]["generation"], before["metadata"]["generation"], "nothing changed");

    r.cli_ok(&["deploy", "frozen", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=0", "--error-budget-freeze", "availability", "--override-freeze", "--reason", "the fix for the outage"]);
    let s = service(&r, "frozen").await;
    let recorded = s["metadata"]["annotations"]["runlane.dev/override-freeze"].as_str().unwrap().to_owned();
    assert!(recorded.starts_with("the fix for the outage (by "), "{recorded}");
    // The override was for that deploy: the same object PUT back with another change is refused.
    let mut again = s.clone();
    again["spec"]["template"]["spec"]["containers"][0]["env"] = serde_json::json!([{"name": "FAIL_PERCENT", "value": "0"}, {"name": "V", "value": "9"}]);
    let (status, body) = r.api_json("PUT", "/apis/serving.knative.dev/v1/namespaces/default/services/frozen", Some(again)).await.unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("SLO availability"), "{body}");
    assert_eq!(s["spec"]["template"]["metadata"]["annotations"]["runlane.dev/error-budget-freeze"], "availability");
    assert_eq!(r.get("frozen.localhost", "/").await.unwrap().0, 200);

    // Traffic changes too: a revision deployed without traffic may not get any, unless overridden.
    r.cli_ok(&["deploy", "frozen", "--image", "runlane/hello", "--update-env-vars", "VERSION=2", "--no-traffic"]);
    let refused = r.cli(&["services", "update-traffic", "frozen", "--to-latest"]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && err.contains("SLO availability"), "{err}");
    r.cli_ok(&["services", "update-traffic", "frozen", "--to-latest", "--override-freeze", "--reason", "roll forward"]);
    let s = service(&r, "frozen").await;
    let recorded = s["metadata"]["annotations"]["runlane.dev/override-freeze"].as_str().unwrap();
    assert!(recorded.starts_with("roll forward (by "), "{recorded}");

    // Rollouts honour the freeze too; the override is in the rollout's history.
    r.cli_ok(&["deploy", "frozen", "--image", "runlane/hello", "--update-env-vars", "VERSION=3", "--no-traffic"]);
    let refused = r.cli(&["rollout", "start", "frozen", "--latest", "--interval", "1s"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("SLO availability"), "{}", String::from_utf8_lossy(&refused.stderr));
    r.cli_ok(&["rollout", "start", "frozen", "--latest", "--interval", "1s", "--override-freeze", "--reason", "hotfix 42"]);
    let v = rollout(&r, "frozen").await;
    let start = &events_of(&v, "start")[0]["message"];
    assert!(start.as_str().unwrap().contains("error-budget freeze overridden") && start.as_str().unwrap().contains("hotfix 42"), "{start}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_flags_and_annotations_change_nothing() {
    let r = Runlane::start(bin()).unwrap();
    let (_, canary) = stable_and_canary(&r, "strict", "VERSION=2").await;
    let before = service(&r, "strict").await;
    let cases: &[(&[&str], &str)] = &[
        (&["--latest", "--steps", "5,1"], "settings.steps"),
        (&["--latest", "--steps", "0,50"], "from 1 to 100"),
        (&["--latest", "--interval", "0s"], "settings.interval"),
        (&["--latest", "--interval", "500ms"], "whole number of seconds"),
        (&["--latest", "--max-error-rate", "150%"], "settings.max-error-rate"),
        (&["--latest", "--min-requests", "0"], "settings.min-requests"),
        (&["--latest", "--gates", "30"], "not one of the steps"),
        (&["--latest", "--webhook", "ftp://x"], "settings.webhooks"),
        (&["--to", "strict-nope"], "is not a revision of service"),
    ];
    for (flags, says) in cases {
        let mut args = vec!["rollout", "start", "strict"];
        args.extend_from_slice(flags);
        let out = r.cli(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{flags:?}: {err}");
    }
    let refused = r.cli(&["deploy", "strict", "--image", "runlane/hello", "--rollout-policy", "steps=5,1;interval=1s"]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && err.contains("runlane.dev/rollout") && err.contains("steps"), "{err}");
    let refused = r.cli(&["deploy", "strict", "--image", "runlane/hello", "--rollout-policy", "speed=fast"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a rollout setting"));
    let (status, _) = r.api_json("GET", "/apis/runlane.dev/v1/namespaces/default/rollouts/strict", None).await.unwrap();
    assert_eq!(status, 404, "no rollout was started");
    let after = service(&r, "strict").await;
    assert_eq!(after["metadata"]["generation"], before["metadata"]["generation"]);
    assert_eq!(after["status"]["latestReadyRevisionName"], canary.as_str());
}

/// A broken canary: answers every request with a 200 whose two
/// `Content-Length`s disagree, then closes. No client can use such a response.
const BROKEN_FRAMING_APP: &str = r#"
import os, socket, threading
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("", int(os.environ["PORT"])))
listener.listen(256)
def answer(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        data = conn.recv(4096)
        if not data:
            break
        head += data
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
    conn.close()
while True:
    conn, _ = listener.accept()
    threading.Thread(target=answer, args=(conn,), daemon=True).start()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn issue_23_a_canary_sending_broken_framing_is_rolled_back() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "shop", "--image", "runlane/hello"]);
    let stable = service(&r, "shop").await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    let command = format!("^|^python3|-c|{BROKEN_FRAMING_APP}");
    r.cli_ok(&["deploy", "shop", "--command", &command, "--tag", "canary", "--no-traffic"]);
    let canary = service(&r, "shop").await["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    assert_ne!(stable, canary);
    let load = Load::start(&r, "shop.localhost", 200);
    eventually(Duration::from_secs(10), "stable traffic", || async { (load.count(|s| s.1 == 200) >= 100).then_some(()) }).await;

    r.cli_ok(&["rollout", "start", "shop", "--latest", "--steps", "10,50", "--interval", "1s", "--min-requests", "20"]);
    let done = eventually(Duration::from_secs(30), "the rollout to end", || async {
        let v = rollout(&r, "shop").await;
        matches!(v["status"]["phase"].as_str(), Some("RolledBack" | "Promoted")).then_some(v)
    })
    .await;
    let seen = load.stop().await;
    assert_eq!(done["status"]["phase"], "RolledBack", "a canary no client got a response from was promoted: {done}");
    assert_eq!(split(&r, "shop").await, vec![(stable.clone(), 100)]);
    let analyses = events_of(&done, "analysis");
    let fail = analyses.iter().find(|e| e["verdict"]["outcome"] == "Fail").expect("a Fail verdict");
    assert!(fail["measurement"]["canary"]["errors"].as_u64().unwrap() >= 20, "{fail}");
    // What the clients got from the canary: 502 pages, never a 200.
    assert!(seen.iter().any(|s| s.1 == 502), "the canary's answers reached clients as 502");
    assert!(seen.iter().all(|s| s.1 == 200 || s.1 == 502), "{:?}", seen.iter().filter(|s| s.1 != 200 && s.1 != 502).take(3).collect::<Vec<_>>());
}
