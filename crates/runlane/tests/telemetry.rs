//! Telemetry end to end: a real `runlane up`, real instances of the sample
//! app, real clients (the runlane CLI, gcloud, Prometheus).
//!
//! Module index:
//! - `exact_counts_per_revision`: a known status mix per revision gives exactly those
//!   counts in `runlane metrics`, `/metrics`, the Monitoring API and the request logs
//! - `kill9_loses_at_most_two_seconds`: metrics and logs older than 2 s survive kill -9
//! - `log_burst_drops_and_counts`: a log store that cannot write drops entries, counts
//!   every one, and never slows or fails a request
//! - `prometheus_scrapes_runlane`: a real Prometheus agrees with runlane's numbers
//! - `gcloud_reads_logs`: `gcloud logging read` and `gcloud run services logs read`
//! - `latency_by_outcome`: a revision whose errors are fast and successes
//!   slow shows both distributions apart in the Monitoring API, `/metrics` and
//!   `runlane metrics`, and a latency SLO on 2xx only counts successes only
//! - `metric_descriptors`: `metricDescriptors` and
//!   `monitoredResourceDescriptors` list (filter, pages) and get, and every descriptor
//!   (type and labels) is one `timeSeries.list` accepts
//!
//! Prometheus and gcloud are found on PATH; under CI (`CI=true`) a missing one fails.

use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A tool on PATH, or None outside CI (in CI its absence fails the test).
#[allow(clippy::print_stderr, reason = "says why the test did nothing")]
fn tool(name: &str, install: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            !ci(),
            "{name} is not installed, and CI=true: this test must run in CI; install {install}"
        );
        eprintln!("{name} is not installed: test not run (install {install})");
    }
    found
}

fn deploy(r: &Runlane, args: &[&str]) {
    let mut all = vec!["deploy"];
    all.extend_from_slice(args);
    r.cli_ok(&all);
}

/// Sends `n` GETs of `path` to `host`, 8 at a time; returns the statuses seen.
async fn send(r: &Runlane, host: &str, path: &str, n: usize) -> BTreeMap<u16, u64> {
    let mut seen = BTreeMap::new();
    let mut left = n;
    while left > 0 {
        let batch = left.min(8);
        let results = futures(r, host, path, batch).await;
        for s in results {
            *seen.entry(s).or_insert(0) += 1;
        }
        left -= batch;
    }
    seen
}

async fn futures(r: &Runlane, host: &str, path: &str, n: usize) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let client = r.client.clone();
        let (addr, host, path) = (r.router_addr(), host.to_owned(), path.to_owned());
        tasks.push(tokio::spawn(async move {
            client
                .request("GET", &addr, &host, &path, Default::default())
                .await
                .unwrap()
                .0
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// `runlane metrics … --format json`, per revision: (requests, {class: n}).
fn metrics(r: &Runlane, service: &str) -> BTreeMap<String, (u64, BTreeMap<String, u64>)> {
    let out = r.cli_ok(&["metrics", service, "--since", "1h", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    rows.iter()
        .map(|row| {
            let classes = row["byClass"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            (
                row["revision"].as_str().unwrap().to_owned(),
                (row["requests"].as_u64().unwrap(), classes),
            )
        })
        .collect()
}

/// Request log entries matching `filter` (all pages).
async fn log_entries(r: &Runlane, filter: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let body = json!({"resourceNames": ["projects/default"], "filter": filter, "pageSize": 1000, "pageToken": token});
        let (status, reply) = r
            .api_json("POST", "/v2/entries:list", Some(body))
            .await
            .unwrap();
        assert_eq!(status, 200, "{reply}");
        out.extend(reply["entries"].as_array().cloned().unwrap_or_default());
        match reply["nextPageToken"].as_str() {
            Some(t) => token = t.to_owned(),
            None => return out,
        }
    }
}

async fn prometheus_text(r: &Runlane) -> String {
    let addr = r
        .api
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let (status, text) = r
        .client
        .request_with(
            "GET",
            &addr,
            &addr,
            "/metrics",
            Default::default(),
            &[("authorization", &format!("Bearer {}", r.token()))],
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{text}");
    text
}

/// The value of one sample line of `/metrics`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

fn revision_of(r: &Runlane, service: &str, tag: &str) -> String {
    let out = r.cli_ok(&["services", "describe", service, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["status"]["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == tag)
        .and_then(|t| t["revisionName"].as_str())
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exact_counts_per_revision() {
    let r = Runlane::start(bin()).unwrap();
    deploy(&r, &["jokes", "--image", "runlane/hello", "--tag", "good"]);
    deploy(
        &r,
        &[
            "jokes",
            "--image",
            "runlane/hello",
            "--set-env-vars",
            "FAIL_PERCENT=25",
            "--tag",
            "next",
            "--no-traffic",
        ],
    );
    let good = revision_of(&r, "jokes", "good");
    let next = revision_of(&r, "jokes", "next");

    // good: 30×200, 7×404, 5×503 by path; next: 40 requests, FAIL_PERCENT=25 → exactly 10×500.
    let mut sent_good = send(&r, "good---jokes.localhost", "/status/200", 30).await;
    sent_good.extend(send(&r, "good---jokes.localhost", "/status/404", 7).await);
    sent_good.extend(send(&r, "good---jokes.localhost", "/status/503", 5).await);
    assert_eq!(sent_good, BTreeMap::from([(200, 30), (404, 7), (503, 5)]));
    let sent_next = send(&r, "next---jokes.localhost", "/", 40).await;
    assert_eq!(sent_next, BTreeMap::from([(200, 30), (500, 10)]));

    let classes = |pairs: &[(&str, u64)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect::<BTreeMap<_, _>>()
    };
    let expected = BTreeMap::from([
        (
            good.clone(),
            (42, classes(&[("2xx", 30), ("4xx", 7), ("5xx", 5)])),
        ),
        (next.clone(), (40, classes(&[("2xx", 30), ("5xx", 10)]))),
    ]);
    eventually(
        Duration::from_secs(10),
        "runlane metrics to count every request",
        || async { (metrics(&r, "jokes") == expected).then_some(()) },
    )
    .await;
    let table = r.cli_ok(&["metrics", "jokes", "--revision", &next, "--since", "1h"]);
    assert!(
        table.contains("REVISION")
            && table.contains(&next)
            && table.contains("25.00%")
            && !table.contains(&good),
        "{table}"
    );

    // /metrics agrees (cumulative counters).
    let text = prometheus_text(&r).await;
    let line = |rev: &str, class: &str, code: u16| {
        format!("runlane_request_count_total{{service=\"jokes\",revision=\"{rev}\",response_code_class=\"{class}\",response_code=\"{code}\"}}")
    };
    assert_eq!(sample(&text, &line(&good, "4xx", 404)), Some(7.0), "{text}");
    assert_eq!(
        sample(&text, &line(&next, "5xx", 500)),
        Some(10.0),
        "{text}"
    );

    // One request log entry per request, severity ERROR for 5xx (logs may trail metrics).
    eventually(Duration::from_secs(10), "every request logged", || async {
        (log_entries(
            &r,
            "logName:requests AND resource.labels.service_name=jokes",
        )
        .await
        .len()
            == 82)
            .then_some(())
    })
    .await;
    let errors = log_entries(
        &r,
        &format!(
            "logName:requests AND resource.labels.revision_name=\"{next}\" AND severity>=ERROR"
        ),
    )
    .await;
    assert_eq!(errors.len(), 10);
    assert!(errors.iter().all(|e| e["httpRequest"]["status"] == 500
        && e["labels"]["instanceId"]
            .as_str()
            .is_some_and(|i| !i.is_empty())));
    let all = log_entries(
        &r,
        "logName:requests AND resource.labels.service_name=jokes",
    )
    .await;
    assert_eq!(all.len(), 82);
    // The app's structured error lines are ERROR entries with their message.
    let app_filter =
        format!("logName:stderr AND resource.labels.revision_name=\"{next}\" AND severity=ERROR");
    let app = eventually(Duration::from_secs(10), "the app's error lines", || async {
        let app = log_entries(&r, &app_filter).await;
        (app.len() >= 10).then_some(app)
    })
    .await;
    assert_eq!(app.len(), 10, "{app:?}");
    assert!(app[0]["jsonPayload"]["message"]
        .as_str()
        .unwrap()
        .contains("FAIL_PERCENT=25"));

    // The Monitoring API filters by class.
    let filter = "metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"jokes\" AND metric.labels.response_code_class=\"5xx\"".to_owned();
    let path = format!(
        "/v3/projects/default/timeSeries?filter={}&interval.endTime={}&aggregation.alignmentPeriod=3600s&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_SUM",
        encode(&filter),
        encode(&runlane_telemetry::logs::format_time(runlane_telemetry::now_ns()))
    );
    let (status, reply) = r.api_json("GET", &path, None).await.unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        reply["timeSeries"][0]["points"][0]["value"]["int64Value"], "15",
        "{reply}"
    );
    let (status, err) = r
        .api_json(
            "GET",
            &format!(
                "/v3/projects/default/timeSeries?filter={}",
                encode("metric.type=\"x\"")
            ),
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("runlane records no metric \"x\""),
        "{err}"
    );
    // Without interval.endTime: a 400 naming it, as Cloud Monitoring answers.
    let (status, err) = r
        .api_json("GET", &format!("/v3/projects/default/timeSeries?filter={}", encode(&filter)), None)
        .await
        .unwrap();
    let violation = &err["error"]["details"][0]["fieldViolations"][0];
    assert!(
        status == 400 && err["error"]["status"] == "INVALID_ARGUMENT" && violation["field"] == "interval.endTime"
            && violation["description"].as_str().unwrap_or_default().starts_with("required"),
        "{status} {err:#}"
    );
}

/// The value of the one point of each series of a timeSeries reply, by status class.
fn by_class(reply: &Value) -> BTreeMap<String, f64> {
    reply["timeSeries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|ts| {
            (
                ts["metric"]["labels"]["response_code_class"].as_str().unwrap_or("").to_owned(),
                ts["points"][0]["value"]["doubleValue"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_by_outcome() {
    let r = Runlane::start(bin()).unwrap();
    // Successes take 300 ms, errors (one request in four) none.
    deploy(
        &r,
        &["slow", "--image", "runlane/hello", "--set-env-vars", "DELAY_MS=300,FAIL_DELAY_MS=0,FAIL_PERCENT=25"],
    );
    let revision = revision_of_latest(&r, "slow");
    let sent = send(&r, "slow.localhost", "/", 40).await;
    assert_eq!(sent, BTreeMap::from([(200, 30), (500, 10)]));

    // The Monitoring API: p50 of each class, grouped by response_code_class.
    let lat = "metric.type=\"run.googleapis.com/request_latencies\" AND resource.labels.service_name=\"slow\"";
    let series = |filter: &str, extra: &str| {
        format!(
            "/v3/projects/default/timeSeries?filter={}&interval.endTime={}&aggregation.alignmentPeriod=3600s{extra}",
            encode(filter),
            encode(&runlane_telemetry::logs::format_time(runlane_telemetry::now_ns()))
        )
    };
    // Without a reducer: one distribution per revision and class, with its counts
    // (once telemetry has committed every second of them).
    let counts = |reply: &Value| -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for ts in reply["timeSeries"].as_array().into_iter().flatten() {
            assert_eq!(ts["resource"]["labels"]["revision_name"], revision.as_str(), "{ts}");
            let n: u64 = ts["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["value"]["distributionValue"]["count"].as_str().unwrap().parse::<u64>().unwrap())
                .sum();
            *out.entry(ts["metric"]["labels"]["response_code_class"].as_str().unwrap().to_owned()).or_insert(0) += n;
        }
        out
    };
    let want = BTreeMap::from([("2xx".to_owned(), 30), ("5xx".to_owned(), 10)]);
    eventually(Duration::from_secs(10), "every latency counted in its class", || async {
        let (status, reply) = r.api_json("GET", &series(lat, ""), None).await.ok()?;
        assert_eq!(status, 200, "{reply}");
        (counts(&reply) == want).then_some(())
    })
    .await;
    let (_, only_5xx) = r
        .api_json("GET", &series(&format!("{lat} AND metric.labels.response_code_class=\"5xx\""), ""), None)
        .await
        .unwrap();
    assert_eq!(counts(&only_5xx), BTreeMap::from([("5xx".to_owned(), 10)]));
    // The p50 of each class, grouped by response_code_class.
    let grouped = "&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.crossSeriesReducer=REDUCE_PERCENTILE_50&aggregation.groupByFields=metric.labels.response_code_class";
    let (status, reply) = r.api_json("GET", &series(lat, grouped), None).await.unwrap();
    assert_eq!(status, 200, "{reply}");
    let p50 = by_class(&reply);
    // Histogram buckets are within 0.78% of the values they count.
    assert!((297.0..2000.0).contains(&p50["2xx"]), "{p50:?}");
    assert!(p50["5xx"] < 100.0, "{p50:?}");
    // A filter on the code itself says what to filter on instead.
    let (status, err) = r
        .api_json("GET", &series(&format!("{lat} AND metric.labels.response_code=\"500\""), ""), None)
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(err["error"]["message"].as_str().unwrap().contains("filter on metric.labels.response_code_class"), "{err}");

    // /metrics: a histogram per class.
    let text = prometheus_text(&r).await;
    let metric = |name: &str, class: &str, le: Option<&str>| {
        let le = le.map_or(String::new(), |le| format!("le=\"{le}\","));
        format!("runlane_request_latencies_seconds_{name}{{{le}service=\"slow\",revision=\"{revision}\",response_code_class=\"{class}\"}}")
    };
    assert_eq!(sample(&text, &metric("count", "2xx", None)), Some(30.0), "{text}");
    assert_eq!(sample(&text, &metric("count", "5xx", None)), Some(10.0), "{text}");
    assert_eq!(sample(&text, &metric("bucket", "2xx", Some("0.25"))), Some(0.0), "{text}");
    assert_eq!(sample(&text, &metric("bucket", "5xx", Some("0.1"))), Some(10.0), "{text}");

    // runlane metrics: successes' and errors' percentiles side by side.
    let out = r.cli_ok(&["metrics", "slow", "--since", "1h", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let ok = &rows[0]["successLatencyMs"];
    let err = &rows[0]["errorLatencyMs"];
    for p in ["p50", "p95", "p99"] {
        assert!((297.0..2000.0).contains(&ok[p].as_f64().unwrap()), "{out}");
        assert!(err[p].as_f64().unwrap() < 100.0, "{out}");
    }
    let table = r.cli_ok(&["metrics", "slow", "--since", "1h"]);
    assert!(table.contains("2XX P50/95/99 MS") && table.contains("5XX P50/95/99 MS"), "{table}");

    // "Good = 2xx answered within 100 ms": no success is; with the errors counted too,
    // their speed would make a quarter of the requests good.
    for (id, filter, good, total) in [
        ("ok-fast", format!("{lat} AND metric.labels.response_code_class=\"2xx\""), 0, 30),
        ("all-fast", lat.to_owned(), 10, 40),
    ] {
        let body = json!({"goal": 0.9, "rollingPeriod": "3600s", "serviceLevelIndicator": {"requestBased": {"distributionCut": {
            "distributionFilter": filter, "range": {"max": 100.0}}}}});
        let (status, reply) = r
            .api_json("POST", &format!("/v3/projects/default/services/slow/serviceLevelObjectives?serviceLevelObjectiveId={id}"), Some(body))
            .await
            .unwrap();
        assert_eq!(status, 200, "{reply}");
        let events = eventually(Duration::from_secs(10), "the SLO's counts", || async {
            let (_, st) = r
                .api_json("GET", &format!("/v3/projects/default/services/slow/serviceLevelObjectives/{id}:status?steps=1"), None)
                .await
                .ok()?;
            (st["events"]["total"].as_u64()? == total).then(|| st["events"].clone())
        })
        .await;
        assert_eq!((events["good"].as_u64(), events["bad"].as_u64()), (Some(good), Some(total - good)), "{id}: {events}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metric_descriptors() {
    let r = Runlane::start(bin()).unwrap();
    let get = |path: String| {
        let r = &r;
        async move { r.api_json("GET", &path, None).await.unwrap() }
    };
    let (status, all) = get("/v3/projects/default/metricDescriptors".into()).await;
    assert_eq!(status, 200, "{all}");
    let descriptors = all["metricDescriptors"].as_array().unwrap().clone();
    let types: Vec<&str> = descriptors.iter().map(|d| d["type"].as_str().unwrap()).collect();
    for t in ["run.googleapis.com/request_count", "run.googleapis.com/request_latencies", "run.googleapis.com/container/instance_count"] {
        assert!(types.contains(&t), "{types:?}");
    }
    // Each one is queryable, with each of its labels, over the Monitoring API.
    let end = encode(&runlane_telemetry::logs::format_time(runlane_telemetry::now_ns()));
    for d in &descriptors {
        let mut filter = format!("metric.type=\"{}\"", d["type"].as_str().unwrap());
        for label in d["labels"].as_array().unwrap() {
            filter.push_str(&format!(" AND metric.labels.{}!=\"x\"", label["key"].as_str().unwrap()));
        }
        let (status, reply) = get(format!("/v3/projects/default/timeSeries?filter={}&interval.endTime={end}", encode(&filter))).await;
        assert_eq!(status, 200, "{filter}: {reply}");
    }
    let latencies = descriptors.iter().find(|d| d["type"] == "run.googleapis.com/request_latencies").unwrap();
    assert_eq!(
        (&latencies["metricKind"], &latencies["valueType"], &latencies["unit"], &latencies["labels"][0]["key"]),
        (&json!("DELTA"), &json!("DISTRIBUTION"), &json!("ms"), &json!("response_code_class"))
    );
    // Filtered, paged, and one by name (the type has slashes in it).
    let (_, some) = get(format!(
        "/v3/projects/default/metricDescriptors?filter={}",
        encode(r#"metric.type = starts_with("run.googleapis.com/container/")"#)
    ))
    .await;
    let container = some["metricDescriptors"].as_array().unwrap();
    assert!(!container.is_empty() && container.len() < descriptors.len(), "{some}");
    assert!(container.iter().all(|d| d["type"].as_str().unwrap().starts_with("run.googleapis.com/container/")));
    let (_, first) = get("/v3/projects/default/metricDescriptors?pageSize=2".into()).await;
    assert_eq!(first["metricDescriptors"].as_array().unwrap().len(), 2);
    let token = first["nextPageToken"].as_str().unwrap();
    let (_, second) = get(format!("/v3/projects/default/metricDescriptors?pageSize=2&pageToken={token}")).await;
    assert_ne!(first["metricDescriptors"][0], second["metricDescriptors"][0]);
    let (status, one) = get("/v3/projects/default/metricDescriptors/run.googleapis.com/request_count".into()).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["name"], "projects/default/metricDescriptors/run.googleapis.com/request_count");
    let (status, missing) = get("/v3/projects/default/metricDescriptors/run.googleapis.com/nope".into()).await;
    assert_eq!((status, &missing["error"]["status"]), (404, &json!("NOT_FOUND")), "{missing}");
    let (status, bad) = get(format!("/v3/projects/default/metricDescriptors?filter={}", encode("displayName=\"x\""))).await;
    assert_eq!(status, 400, "{bad}");
    // The monitored resources, with the labels series carry.
    let (_, resources) = get("/v3/projects/default/monitoredResourceDescriptors".into()).await;
    let revision = &resources["resourceDescriptors"][0];
    assert_eq!(revision["type"], "cloud_run_revision");
    let keys: Vec<&str> = revision["labels"].as_array().unwrap().iter().map(|l| l["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"service_name") && keys.contains(&"revision_name"), "{keys:?}");
    assert_eq!(resources["resourceDescriptors"][1]["type"], "uptime_url", "{resources}");
    let (status, uptime) = get(format!("/v3/projects/default/monitoredResourceDescriptors?filter={}", encode("resource.type = \"uptime_url\""))).await;
    assert_eq!((status, uptime["resourceDescriptors"].as_array().map(Vec::len)), (200, Some(1)), "{uptime}");
    let (status, _) = get("/v3/projects/default/monitoredResourceDescriptors/gce_instance".into()).await;
    assert_eq!(status, 404);
}

fn revision_of_latest(r: &Runlane, service: &str) -> String {
    let out = r.cli_ok(&["services", "describe", service, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill9_loses_at_most_two_seconds() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut r = Runlane::start_in(bin(), &data, 0).unwrap();
    deploy(&r, &["jokes", "--image", "runlane/hello"]);
    let sent = send(&r, "jokes.localhost", "/status/201", 25).await;
    assert_eq!(sent, BTreeMap::from([(201, 25)]));
    let last = unix_now();
    // Everything recorded before `last` is on disk within 2 s (plus scheduling slack).
    let persisted_after = eventually(
        Duration::from_secs(10),
        "metrics up to the last request on disk",
        || async {
            let text = prometheus_text(&r).await;
            let until = sample(&text, "runlane_telemetry_persisted_until_seconds")?;
            (until > last).then(unix_now)
        },
    )
    .await;
    let lag = persisted_after - last;
    assert!(
        lag <= 2.5,
        "metrics reached the disk {lag:.2}s after the requests; the stated bound is 2 s"
    );
    eventually(Duration::from_secs(10), "request logs written", || async {
        (log_entries(&r, "logName:requests").await.len() == 25).then_some(())
    })
    .await;

    r.kill9();
    let r = Runlane::start_in(bin(), &data, 0).unwrap();
    let counts = metrics(&r, "jokes");
    let (total, classes) = counts
        .values()
        .next()
        .expect("the revision's series survived")
        .clone();
    assert_eq!(
        (total, classes),
        (25, BTreeMap::from([("2xx".to_owned(), 25)]))
    );
    assert_eq!(log_entries(&r, "logName:requests").await.len(), 25);
    // google-cloud-logging's own default clause (an offset without its colon).
    assert_eq!(log_entries(&r, "logName:requests AND timestamp>=\"2000-01-01T00:00:00.059127+0000\"").await.len(), 25);
    assert_eq!(log_entries(&r, "logName:requests AND timestamp>=\"2200-01-01T00:00:00+0100\"").await.len(), 0);
    // New requests add to the same series (the open minute and hour resumed).
    send(&r, "jokes.localhost", "/", 5).await;
    eventually(
        Duration::from_secs(10),
        "counting to resume after the restart",
        || async { (metrics(&r, "jokes").values().next().map(|v| v.0) == Some(30)).then_some(()) },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_burst_drops_and_counts() {
    let r = Runlane::start(bin()).unwrap();
    deploy(&r, &["burst", "--image", "runlane/hello"]);
    // Stand in for a disk that cannot keep up: hold the log database's write lock.
    let db = rusqlite::Connection::open(r.data_dir.join("telemetry/logs.db")).unwrap();
    db.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let n = 10_000;
    let sent = send_fast(&r, "burst.localhost", n).await;
    assert_eq!(
        sent,
        BTreeMap::from([(200, n as u64)]),
        "every request succeeds while logs cannot be written"
    );
    let dropped = sample(
        &prometheus_text(&r).await,
        "runlane_telemetry_dropped_log_entries_total{log=\"requests\"}",
    )
    .unwrap() as usize;
    assert!(
        dropped > 0,
        "a 10,000-request burst against a stuck log store must drop some entries"
    );
    db.execute_batch("COMMIT").unwrap();
    drop(db);
    // Every request is either stored or counted as dropped.
    eventually(
        Duration::from_secs(20),
        "stored + dropped to account for every request",
        || async {
            let stored = log_entries(
                &r,
                "logName:requests AND resource.labels.service_name=burst",
            )
            .await
            .len();
            (stored + dropped == n).then_some(())
        },
    )
    .await;
    // Metrics are not logs: every request is counted.
    eventually(
        Duration::from_secs(10),
        "metrics to count every request",
        || async {
            (metrics(&r, "burst").values().next().map(|v| v.0) == Some(n as u64)).then_some(())
        },
    )
    .await;
}

/// `n` GETs, 32 at a time.
async fn send_fast(r: &Runlane, host: &str, n: usize) -> BTreeMap<u16, u64> {
    let mut seen = BTreeMap::new();
    let mut tasks = Vec::new();
    for w in 0..32 {
        let client = r.client.clone();
        let (addr, host) = (r.router_addr(), host.to_owned());
        let count = n / 32 + usize::from(w < n % 32);
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::with_capacity(count);
            for _ in 0..count {
                statuses.push(
                    client
                        .request("GET", &addr, &host, "/", Default::default())
                        .await
                        .unwrap()
                        .0,
                );
            }
            statuses
        }));
    }
    for t in tasks {
        for s in t.await.unwrap() {
            *seen.entry(s).or_insert(0) += 1;
        }
    }
    seen
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_scrapes_runlane() {
    let Some(prometheus) = tool("prometheus", "the Debian package prometheus") else {
        return;
    };
    let r = Runlane::start(bin()).unwrap();
    deploy(
        &r,
        &[
            "jokes",
            "--image",
            "runlane/hello",
            "--set-env-vars",
            "FAIL_PERCENT=20",
        ],
    );
    let sent = send(&r, "jokes.localhost", "/", 50).await;
    assert_eq!(sent, BTreeMap::from([(200, 40), (500, 10)]));

    let dir = tempfile::tempdir().unwrap();
    let api = r.api.trim_start_matches("http://").trim_end_matches('/');
    let config = format!(
        "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: runlane\n    metrics_path: /metrics\n    authorization:\n      credentials_file: {}\n    static_configs:\n      - targets: ['{api}']\n",
        r.token_file().display()
    );
    std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
    let port = free_port();
    let child = Command::new(prometheus)
        .arg(format!(
            "--config.file={}",
            dir.path().join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("tsdb").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("prometheus.log")).unwrap())
        .spawn()
        .unwrap();
    let _prometheus = Killed(child);
    let addr = format!("127.0.0.1:{port}");
    let query = |q: &str| {
        let (r, addr, path) = (
            &r,
            addr.clone(),
            format!("/api/v1/query?query={}", encode(q)),
        );
        async move {
            let (status, text) = r
                .client
                .request("GET", &addr, &addr, &path, Default::default())
                .await
                .ok()?;
            let v: Value = serde_json::from_str(&text).ok()?;
            (status == 200).then_some(v["data"]["result"].clone())
        }
    };
    let by_class = eventually(
        Duration::from_secs(30),
        "Prometheus to scrape runlane's counts",
        || async {
            let result = query(
                "sum by (response_code_class) (runlane_request_count_total{service=\"jokes\"})",
            )
            .await?;
            let got: BTreeMap<String, f64> = result
                .as_array()?
                .iter()
                .filter_map(|s| {
                    Some((
                        s["metric"]["response_code_class"].as_str()?.to_owned(),
                        s["value"][1].as_str()?.parse().ok()?,
                    ))
                })
                .collect();
            (got.values().sum::<f64>() == 50.0).then_some(got)
        },
    )
    .await;
    assert_eq!(
        by_class,
        BTreeMap::from([("2xx".to_owned(), 40.0), ("5xx".to_owned(), 10.0)])
    );
    // The latency histogram's count and the instance gauge agree too.
    let count = query("sum(runlane_request_latencies_seconds_count{service=\"jokes\"})")
        .await
        .unwrap();
    assert_eq!(count[0]["value"][1], "50");
    let ready = query("sum(runlane_instance_count{service=\"jokes\",state=\"ready\"})")
        .await
        .unwrap();
    assert_eq!(ready[0]["value"][1], "1");
    // Runlane's own numbers say the same.
    let ours = metrics(&r, "jokes");
    assert_eq!(
        ours.values().next().unwrap().1,
        BTreeMap::from([("2xx".to_owned(), 40), ("5xx".to_owned(), 10)])
    );
}

/// gcloud with its own configuration directory, pointed at `r`'s API for Cloud Logging.
fn gcloud(binary: &Path, config: &Path, r: &Runlane, args: &[&str]) -> (bool, String, String) {
    let port = r.api.rsplit(':').next().unwrap().trim_end_matches('/');
    let ini = format!(
        "[core]\nproject = default\ndisable_usage_reporting = true\nshould_prompt_to_enable_api = false\n[auth]\naccess_token_file = {}\n[api_endpoint_overrides]\nlogging = http://run.localhost:{port}/\nrun = http://run.localhost:{port}/\n[run]\nregion = us-central1\n",
        r.token_file().display()
    );
    std::fs::create_dir_all(config.join("configurations")).unwrap();
    std::fs::write(config.join("configurations/config_default"), ini).unwrap();
    std::fs::write(config.join("active_config"), "default").unwrap();
    let mut cmd = Command::new(binary);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("CLOUDSDK_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .args(args)
        .env("CLOUDSDK_CONFIG", config)
        .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
        .env("CLOUDSDK_CORE_DISABLE_COLOR", "true")
        .env("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gcloud_reads_logs() {
    let Some(binary) = tool(
        "gcloud",
        "google-cloud-cli (https://cloud.google.com/sdk/docs/install#deb)",
    ) else {
        return;
    };
    let r = Runlane::start(bin()).unwrap();
    deploy(&r, &["jokes", "--image", "runlane/hello"]);
    let sent = send(&r, "jokes.localhost", "/status/503", 3).await;
    assert_eq!(sent, BTreeMap::from([(503, 3)]));
    send(&r, "jokes.localhost", "/status/200", 4).await;
    eventually(Duration::from_secs(10), "request logs written", || async {
        (log_entries(&r, "logName:requests").await.len() == 7).then_some(())
    })
    .await;
    let config = tempfile::tempdir().unwrap();

    let (ok, stdout, stderr) = gcloud(
        &binary,
        config.path(),
        &r,
        &["logging", "read", "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"jokes\" AND severity>=ERROR AND logName:requests", "--format", "json"],
    );
    assert!(ok, "gcloud logging read failed:\n{stdout}{stderr}");
    let entries: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(entries.len(), 3, "{stdout}");
    assert!(entries
        .iter()
        .all(|e| e["httpRequest"]["status"] == 503 && e["severity"] == "ERROR"));

    let (ok, stdout, stderr) = gcloud(
        &binary,
        config.path(),
        &r,
        &["run", "services", "logs", "read", "jokes", "--limit", "20"],
    );
    assert!(
        ok,
        "gcloud run services logs read failed:\n{stdout}{stderr}"
    );
    let requests: Vec<&str> = stdout.lines().filter(|l| l.contains(" GET ")).collect();
    assert_eq!(requests.len(), 7, "{stdout}");
    assert!(
        requests.iter().filter(|l| l.contains(" 503 ")).count() == 3,
        "{stdout}"
    );

    let (ok, stdout, stderr) = gcloud(
        &binary,
        config.path(),
        &r,
        &["logging", "read", "textPayload=~\"x\""],
    );
    assert!(!ok, "an unsupported filter must fail:\n{stdout}");
    assert!(stderr.contains("regular expressions"), "{stderr}");
}
