//! End-to-end tests of the core, each against a real `runlane up` process,
//! real instances of the built-in sample app, and real sockets.
//!
//! Module index:
//! - split exactness at 90/10, 99/1 and 99.9/0.1 over 10,000 requests
//! - tag URLs and unknown hosts
//! - rollback under concurrent load loses no request, with and without tags
//! - invalid specs are refused with the field named, and change nothing
//! - restart keeps services, revisions, tags and splits
//! - a revision that cannot start fails the deploy and keeps the old split
//! - instance crash → 502 at once, then restart
//! - graceful shutdown drains in-flight requests and leaves no process behind

use runlane_test_support::{eventually, process_alive, Runlane};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

const NS: &str = "default";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn services_path() -> String {
    format!("/apis/serving.knative.dev/v1/namespaces/{NS}/services")
}

fn service_body(name: &str, revision: &str, env: &[(&str, &str)], traffic: Value) -> Value {
    let env: Vec<Value> = env.iter().map(|(k, v)| json!({"name": k, "value": v})).collect();
    json!({
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": {"name": name},
        "spec": {
            "template": {
                "metadata": {"name": revision},
                "spec": {"containers": [{"image": "runlane/hello", "env": env}]}
            },
            "traffic": traffic
        }
    })
}

/// Creates or replaces a service and waits until it is Ready.
async fn apply(r: &Runlane, body: Value) -> Value {
    let name = body["metadata"]["name"].as_str().unwrap().to_owned();
    let path = format!("{}/{name}", services_path());
    let (status, existing) = r.api_json("GET", &path, None).await.unwrap();
    let (code, reply) = if status == 404 {
        r.api_json("POST", &services_path(), Some(body)).await.unwrap()
    } else {
        let mut body = body;
        body["metadata"]["resourceVersion"] = existing["metadata"]["resourceVersion"].clone();
        r.api_json("PUT", &path, Some(body)).await.unwrap()
    };
    assert_eq!(code, 200, "apply {name}: {reply}");
    wait_ready(r, &name).await
}

async fn wait_ready(r: &Runlane, name: &str) -> Value {
    let path = format!("{}/{name}", services_path());
    eventually(Duration::from_secs(30), &format!("service {name} to be Ready"), || async {
        let (_, s) = r.api_json("GET", &path, None).await.ok()?;
        let ready = s["status"]["conditions"].as_array()?.iter().find(|c| c["type"] == "Ready")?.clone();
        assert_ne!(ready["status"], "False", "service {name} failed: {s}");
        (ready["status"] == "True" && s["status"]["observedGeneration"] == s["metadata"]["generation"]).then_some(s)
    })
    .await
}

/// Deploys revisions `{name}-a` (good) and `{name}-b` (good, distinct name) of one service.
async fn two_revisions(r: &Runlane, name: &str) {
    let a = format!("{name}-a");
    let b = format!("{name}-b");
    apply(r, service_body(name, &a, &[], json!([{"revisionName": a, "percent": 100}, {"revisionName": a, "tag": "a"}]))).await;
    apply(
        r,
        service_body(name, &b, &[("V", "b")], json!([{"revisionName": a, "percent": 100}, {"revisionName": a, "tag": "a"}, {"revisionName": b, "tag": "b"}])),
    )
    .await;
}

async fn set_split(r: &Runlane, name: &str, split: &[(&str, Value)]) {
    let path = format!("{}/{name}", services_path());
    let (_, mut s) = r.api_json("GET", &path, None).await.unwrap();
    let mut traffic: Vec<Value> = split.iter().map(|(rev, p)| json!({"revisionName": format!("{name}-{rev}"), "percent": p})).collect();
    // Keep the tags, as `update-traffic` does: a tag keeps its revision reachable.
    traffic.extend(s["spec"]["traffic"].as_array().unwrap().iter().filter(|t| t.get("percent").is_none()).cloned());
    s["spec"]["traffic"] = json!(traffic);
    let (code, reply) = r.api_json("PUT", &path, Some(s)).await.unwrap();
    assert_eq!(code, 200, "{reply}");
}

/// Sends `n` requests with `concurrency` workers and counts answers per revision.
async fn count_revisions(r: &Runlane, host: &str, n: u64, concurrency: u64) -> BTreeMap<String, u64> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let next = next.clone();
        let client = r.client.clone();
        let addr = r.router_addr();
        let host = host.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut counts = BTreeMap::<String, u64>::new();
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let (status, body) = client.request("GET", &addr, &host, "/", Default::default()).await.unwrap();
                assert_eq!(status, 200, "{body}");
                let revision = body.trim().trim_start_matches("Hello from ").trim_end_matches('!').to_owned();
                *counts.entry(revision).or_default() += 1;
            }
            counts
        }));
    }
    let mut total = BTreeMap::new();
    for t in tasks {
        for (k, v) in t.await.unwrap() {
            *total.entry(k).or_default() += v;
        }
    }
    total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn splits_are_exact_over_ten_thousand_requests() {
    let r = Runlane::start(bin()).unwrap();
    two_revisions(&r, "split").await;
    for (a, b, expect_a) in [(json!(90), json!(10), 9000), (json!(99), json!(1), 9900), (json!(99.9), json!(0.1), 9990)] {
        set_split(&r, "split", &[("a", a.clone()), ("b", b.clone())]).await;
        let counts = count_revisions(&r, "split.localhost", 10_000, 8).await;
        let expected: BTreeMap<String, u64> = [("split-a".to_owned(), expect_a), ("split-b".to_owned(), 10_000 - expect_a)].into();
        assert_eq!(counts, expected, "split {a}/{b}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_route_to_their_revision_and_unknown_hosts_list_services() {
    let r = Runlane::start(bin()).unwrap();
    two_revisions(&r, "tags").await;
    let (status, body) = r.get("b---tags.localhost", "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from tags-b!"));
    let (status, body) = r.get(&format!("a---tags.localhost:{}", r.router_port), "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from tags-a!"));
    let (status, body) = r.get("tags.localhost", "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from tags-a!"));
    let (status, body) = r.get("nope.localhost", "/").await.unwrap();
    assert_eq!(status, 404);
    assert!(body.contains("tags"), "404 body should list the services: {body}");
    let (status, _) = r.get("zz---tags.localhost", "/").await.unwrap();
    assert_eq!(status, 404);

    let s = wait_ready(&r, "tags").await;
    let urls: Vec<&str> = s["status"]["traffic"].as_array().unwrap().iter().filter_map(|t| t["url"].as_str()).collect();
    assert_eq!(urls, vec![format!("http://a---tags.localhost:{}", r.router_port), format!("http://b---tags.localhost:{}", r.router_port)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rollback_under_concurrent_load_loses_no_request() {
    flip_under_load("flip", true).await;
}

/// Without tags, the revision that loses all traffic is stopped: its instance must
/// drain, not drop requests the router already sent its way.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn moving_all_traffic_off_an_untagged_revision_loses_no_request() {
    flip_under_load("untag", false).await;
}

async fn flip_under_load(name: &str, keep_tags: bool) {
    let r = Arc::new(Runlane::start(bin()).unwrap());
    two_revisions(&r, name).await;
    if !keep_tags {
        let path = format!("{}/{name}", services_path());
        let (_, mut s) = r.api_json("GET", &path, None).await.unwrap();
        s["spec"]["traffic"] = json!([{"revisionName": format!("{name}-a"), "percent": 100}]);
        let (code, reply) = r.api_json("PUT", &path, Some(s)).await.unwrap();
        assert_eq!(code, 200, "{reply}");
    }
    let host = format!("{name}.localhost");
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for _ in 0..6 {
        let (client, addr, done, host) = (r.client.clone(), r.router_addr(), done.clone(), host.clone());
        load.push(tokio::spawn(async move {
            let (mut ok, mut failed) = (0u64, Vec::new());
            while !done.load(Ordering::Relaxed) {
                match client.request("GET", &addr, &host, "/", Default::default()).await {
                    Ok((200, _)) => ok += 1,
                    other => failed.push(format!("{other:?}")),
                }
            }
            (ok, failed)
        }));
    }
    for i in 0..if keep_tags { 20 } else { 6 } {
        let to = if i % 2 == 0 { "b" } else { "a" };
        set_split(&r, name, &[(to, json!(100))]).await;
        // The first request accepted after the API answered follows the new split.
        let (status, body) = r.get(&host, "/").await.unwrap();
        assert_eq!((status, body.trim().to_owned()), (200, format!("Hello from {name}-{to}!")));
    }
    done.store(true, Ordering::Relaxed);
    let (mut ok, mut failed) = (0, Vec::new());
    for t in load {
        let (o, f) = t.await.unwrap();
        ok += o;
        failed.extend(f);
    }
    assert!(failed.is_empty(), "{} of {} requests failed: {:?}", failed.len(), ok + failed.len() as u64, &failed[..failed.len().min(5)]);
    assert!(ok > 100, "too little load to mean anything: {ok}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_specs_are_refused_naming_the_field_and_change_nothing() {
    let r = Runlane::start(bin()).unwrap();
    two_revisions(&r, "strict").await;
    let path = format!("{}/strict", services_path());
    let (_, before) = r.api_json("GET", &path, None).await.unwrap();

    type Case = (&'static str, Box<dyn Fn(&mut Value)>, u16, &'static str);
    let cases: Vec<Case> = vec![
        ("percents sum to 90", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-a", "percent": 90}])), 400, "spec.traffic"),
        ("unknown revision", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-zz", "percent": 100}])), 400, "spec.traffic[0].revisionName"),
        ("duplicate tag", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-a", "percent": 100, "tag": "x"}, {"revisionName": "strict-b", "tag": "x"}])), 400, "spec.traffic[1].tag"),
        ("bad tag", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-a", "percent": 100, "tag": "Not_A_Label"}])), 400, "spec.traffic[0].tag"),
        ("three decimals", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-a", "percent": 99.999}, {"revisionName": "strict-b", "percent": 0.001}])), 400, "spec.traffic[0].percent"),
        ("string percent", Box::new(|s| s["spec"]["traffic"] = json!([{"revisionName": "strict-a", "percent": "100"}])), 400, "spec.traffic[0].percent"),
        ("concurrency", Box::new(|s| s["spec"]["template"]["spec"]["containerConcurrency"] = json!(5000)), 400, "spec.template.spec.containerConcurrency"),
        ("image that cannot be had", Box::new(|s| {
            s["spec"]["template"]["metadata"].as_object_mut().unwrap().remove("name");
            s["spec"]["template"]["spec"]["containers"][0]["image"] = json!("127.0.0.1:9/example/jokes:1");
        }), 400, "spec.template.spec.containers[0].image"),
        ("memory limit", Box::new(|s| s["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({"limits": {"memory": "lots"}})), 400, "spec.template.spec.containers[0].resources.limits.memory"),
        ("revision name clash", Box::new(|s| { s["spec"]["template"]["metadata"]["name"] = json!("strict-a"); s["spec"]["template"]["spec"]["containers"][0]["env"] = json!([{"name": "X", "value": "1"}]); }), 409, "already exists"),
        ("stale resourceVersion", Box::new(|s| s["metadata"]["resourceVersion"] = json!("1")), 409, "changed by someone else"),
    ];
    for (what, mutate, code, needle) in cases {
        let mut body = before.clone();
        mutate(&mut body);
        let (status, reply) = r.api_json("PUT", &path, Some(body)).await.unwrap();
        assert_eq!(status, code, "{what}: {reply}");
        assert!(reply.to_string().contains(needle), "{what}: error should mention {needle}: {reply}");
        assert!(reply["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {reply}");
        let (_, after) = r.api_json("GET", &path, None).await.unwrap();
        assert_eq!(after["metadata"], before["metadata"], "{what} changed the service");
        assert_eq!(after["spec"], before["spec"], "{what} changed the service");
    }
    // Deleting a revision that serves traffic or holds a tag is refused too.
    let (status, reply) = r.api_json("DELETE", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/strict-b"), None).await.unwrap();
    assert_eq!(status, 400, "{reply}");
    assert!(reply["error"]["message"].as_str().unwrap().contains("tag \"b\""), "{reply}");
    let (status, _) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/strict-b"), None).await.unwrap();
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_services_revisions_tags_and_splits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut r = Runlane::start_in(bin(), &data, 0).unwrap();
    two_revisions(&r, "keep").await;
    set_split(&r, "keep", &[("a", json!(75)), ("b", json!(25))]).await;
    let path = format!("{}/keep", services_path());
    let (_, before) = r.api_json("GET", &path, None).await.unwrap();
    assert!(r.stop().success());

    let r = Runlane::start_in(bin(), &data, 0).unwrap();
    let after = wait_ready(&r, "keep").await;
    assert_eq!(after["spec"], before["spec"]);
    assert_eq!(after["metadata"]["resourceVersion"], before["metadata"]["resourceVersion"]);
    assert_eq!(after["status"]["latestReadyRevisionName"], before["status"]["latestReadyRevisionName"]);
    let counts = count_revisions(&r, "keep.localhost", 400, 4).await;
    assert_eq!(counts, [("keep-a".to_owned(), 300), ("keep-b".to_owned(), 100)].into());
    let (status, body) = r.get("b---keep.localhost", "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from keep-b!"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revision_that_cannot_start_fails_the_deploy_and_keeps_the_old_split() {
    let r = Runlane::start(bin()).unwrap();
    apply(&r, service_body("fails", "fails-good", &[], json!([]))).await;
    let path = format!("{}/fails", services_path());
    let (_, mut s) = r.api_json("GET", &path, None).await.unwrap();
    s["spec"]["template"]["metadata"]["name"] = json!("fails-bad");
    s["spec"]["template"]["spec"]["containers"][0] = json!({"image": "runlane/process", "command": ["sh", "-c", "echo 'cannot find config.yaml' >&2; exit 4"]});
    let (code, reply) = r.api_json("PUT", &path, Some(s)).await.unwrap();
    assert_eq!(code, 200, "{reply}");
    let failed = eventually(Duration::from_secs(20), "Ready=False", || async {
        let (_, s) = r.api_json("GET", &path, None).await.ok()?;
        let ready = s["status"]["conditions"].as_array()?.iter().find(|c| c["type"] == "Ready")?.clone();
        (ready["status"] == "False").then_some(s)
    })
    .await;
    let conditions = failed["status"]["conditions"].to_string();
    assert!(conditions.contains("fails-bad") && conditions.contains("cannot find config.yaml") && conditions.contains('4'), "{conditions}");
    assert_eq!(failed["status"]["latestReadyRevisionName"], "fails-good");
    assert_eq!(failed["status"]["latestCreatedRevisionName"], "fails-bad");
    let (status, body) = r.get("fails.localhost", "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from fails-good!"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_instance_gets_502_at_once_and_restarts() {
    let r = Runlane::start(bin()).unwrap();
    apply(&r, service_body("crashy", "crashy-a", &[], json!([]))).await;
    let (status, body) = r.get("crashy.localhost", "/crash").await.unwrap();
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("crashy-a"), "502 should name the revision: {body}");
    let rev_path = format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/crashy-a");
    eventually(Duration::from_secs(20), "the instance to restart and serve", || async {
        let (_, rev) = r.api_json("GET", &rev_path, None).await.ok()?;
        let restarted = rev["status"]["runlane"]["restarts"].as_u64()? >= 1;
        let (status, _) = r.get("crashy.localhost", "/").await.ok()?;
        (restarted && status == 200).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_drains_in_flight_requests_and_leaves_no_process() {
    let mut r = Runlane::start(bin()).unwrap();
    apply(&r, service_body("drain", "drain-a", &[], json!([]))).await;
    let (_, rev) = r.api_json("GET", &format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/drain-a"), None).await.unwrap();
    let pids: Vec<u32> = rev["status"]["runlane"]["instances"].as_array().unwrap().iter().filter_map(|i| i["pid"].as_u64()).map(|p| p as u32).collect();
    assert!(!pids.is_empty() && pids.iter().all(|p| process_alive(*p)), "{rev}");

    // A streamed response whose head has arrived is certainly in flight when SIGTERM lands.
    let mut resp = r.client.send("GET", &r.router_addr(), "drain.localhost", "/stream?chunks=4&ms=300", Default::default()).await.unwrap();
    assert_eq!(resp.status(), 200);
    let stopping = tokio::task::spawn_blocking(move || {
        let status = r.stop();
        (status, r)
    });
    let mut chunks = 0;
    while let Some(frame) = http_body_util::BodyExt::frame(resp.body_mut()).await {
        if frame.expect("the in-flight response should complete").is_data() {
            chunks += 1;
        }
    }
    assert!(chunks >= 4, "got {chunks} chunks of 4");
    let (status, _r) = stopping.await.unwrap();
    assert!(status.success(), "runlane up should exit 0 on SIGTERM: {status:?}");
    for pid in pids {
        assert!(!process_alive(pid), "instance {pid} outlived runlane up");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_kill_9_a_restart_replaces_the_orphaned_instances_and_serves_within_a_second() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut r = Runlane::start_in(bin(), &data, 0).unwrap();
    apply(&r, service_body("crash", "crash-a", &[], json!([]))).await;
    let rev_path = format!("/apis/serving.knative.dev/v1/namespaces/{NS}/revisions/crash-a");
    let (_, rev) = r.api_json("GET", &rev_path, None).await.unwrap();
    let old: Vec<u32> = rev["status"]["runlane"]["instances"].as_array().unwrap().iter().filter_map(|i| i["pid"].as_u64()).map(|p| p as u32).collect();
    assert_eq!(old.len(), 1, "{rev}");
    r.kill9();
    assert!(process_alive(old[0]), "a SIGKILLed runlane cannot stop its instances");

    let started = tokio::time::Instant::now();
    let r = Runlane::start_in(bin(), &data, 0).unwrap();
    eventually(Duration::from_secs(5), "the router to serve again", || async {
        matches!(r.get("crash.localhost", "/").await, Ok((200, _))).then_some(())
    })
    .await;
    let serving_after = started.elapsed();
    assert!(!process_alive(old[0]), "the dead runlane's instance {} must be stopped", old[0]);
    let (_, rev) = r.api_json("GET", &rev_path, None).await.unwrap();
    let instances = rev["status"]["runlane"]["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 1, "no duplicate instances: {rev}");
    assert!(serving_after < Duration::from_secs(1), "serving again took {serving_after:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_needs_the_token_and_says_where_it_is() {
    let r = Runlane::start(bin()).unwrap();
    let addr = r.api.trim_start_matches("http://").to_owned();
    let path = services_path();
    for headers in [vec![], vec![("authorization", "Bearer wrong")], vec![("authorization", "Basic abc")]] {
        let (status, body) = r.client.request_with("GET", &addr, &addr, &path, Default::default(), &headers).await.unwrap();
        assert_eq!(status, 401, "{headers:?}: {body}");
        assert!(body.contains("UNAUTHENTICATED") && body.contains(&r.token_file().display().to_string()), "{body}");
    }
    let (status, _) = r.client.request("GET", &addr, &addr, "/healthz", Default::default()).await.unwrap();
    assert_eq!(status, 200);
    let (status, _) = r.api_json("GET", &path, None).await.unwrap();
    assert_eq!(status, 200);
    let out = std::process::Command::new(bin()).args(["services", "list"]).env("RUNLANE_API", &r.api).env("RUNLANE_TOKEN_FILE", "/nonexistent/token").output().unwrap();
    assert!(!out.status.success());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(r.token_file()).unwrap().permissions().mode() & 0o777, 0o600);
}

/// One `RUNLANE_LOG` setting shows a deploy's path through api → controller → store →
/// router, and then each request the router served (revision, instance, status, time);
/// at the default level neither is logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_log_setting_follows_a_deploy_and_its_requests() {
    let tmp = tempfile::tempdir().unwrap();
    let filter = "info,runlane_api=debug,runlane_controller=debug,runlane_router::request=debug";
    let r = Runlane::start_logging(bin(), &tmp.path().join("data"), 0, &[], filter).unwrap();
    r.cli_ok(&["deploy", "hello", "--image", "runlane/hello"]);
    let (status, _) = r.get("hello.localhost", "/").await.unwrap();
    assert_eq!(status, 200);
    let log = eventually(Duration::from_secs(10), "the deploy's path and the request in the log", || async {
        let log = r.log();
        (log.contains("service write committed and published") && log.contains("runlane_router::request")).then_some(log)
    })
    .await;
    let line = |what: &str| log.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("no {what:?} in\n{log}")).to_owned();
    let api = line("api request method=POST");
    assert!(api.contains("/services") && api.contains("status=200"), "{api}");
    let write = line("service write committed and published");
    assert!(write.contains("service=hello") && write.contains("new_revision=\"hello-00001") && write.contains("commit_us=") && write.contains("published_us="), "{write}");
    let request = line("runlane_router::request");
    assert!(request.contains("revision=\"hello-00001") && request.contains("status=200") && request.contains("micros="), "{request}");

    let quiet = Runlane::start(bin()).unwrap();
    quiet.cli_ok(&["deploy", "hello", "--image", "runlane/hello"]);
    let (status, _) = quiet.get("hello.localhost", "/").await.unwrap();
    assert_eq!(status, 200);
    let log = quiet.log();
    assert!(!log.contains("service write committed") && !log.contains("runlane_router::request"), "debug events at the default level:\n{log}");
}
