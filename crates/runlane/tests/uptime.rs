//! Uptime checks end to end: a real `runlane up`, the sample app, a real
//! SMTP server (aiosmtpd) and unmodified gcloud.
//!
//! - `gcloud_uptime_check_fails_and_pages`: `gcloud monitoring uptime create` makes a
//!   check of a service's URL (then list, describe; `runlane uptime list` shows it and
//!   `runlane uptime create|describe|delete` manage one of its own; the v3 API's PATCH with updateMask
//!   shortens its period to 10 s, which gcloud's minutes cannot say); its runs appear as
//!   `uptime_check/check_passed` in timeSeries.list while the service's request_count
//!   stays 0 (checks are not user traffic); a metric-threshold policy created by gcloud on
//!   check_passed fires once traffic moves to a revision with FAIL_PERCENT=100, and the
//!   email names the check and its last error; `gcloud monitoring uptime delete` removes it.
//!
//! aiosmtpd and gcloud come from `runlane_test_support`; a missing one fails the test.

use runlane_telemetry::logs::format_time;
use runlane_test_support::smtp::SmtpServer;
use runlane_test_support::tools::Gcloud;
use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn now_s() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The series `filter` selects over [start, now], one point each, with `aligner`.
async fn series(r: &Runlane, filter: &str, start: i64, aligner: &str) -> Vec<Value> {
    let end = now_s() + 1;
    let q = [
        ("filter", filter.to_owned()),
        ("interval.startTime", format_time(start * 1_000_000_000)),
        ("interval.endTime", format_time(end * 1_000_000_000)),
        ("aggregation.alignmentPeriod", format!("{}s", end - start)),
        ("aggregation.perSeriesAligner", aligner.to_owned()),
    ];
    let query: Vec<String> = q.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let (status, reply) = r
        .api_json("GET", &format!("/v3/projects/default/timeSeries?{}", query.join("&")), None)
        .await
        .unwrap();
    assert_eq!(status, 200, "{reply}");
    reply["timeSeries"].as_array().cloned().unwrap_or_default()
}

fn number(point: &Value) -> f64 {
    let v = &point["value"];
    v["doubleValue"]
        .as_f64()
        .or_else(|| v["int64Value"].as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("no number in {point}"))
}

/// Requests of service `jokes` counted since `start`.
async fn jokes_requests(r: &Runlane, start: i64) -> f64 {
    series(r, r#"metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes""#, start, "ALIGN_DELTA")
        .await
        .iter()
        .flat_map(|s| s["points"].as_array().cloned().unwrap_or_default())
        .map(|p| number(&p))
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gcloud_uptime_check_fails_and_pages() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let r = Runlane::start_with(bin(), &["--smtp-url", &url, "--smtp-from", "runlane@example.com"]).unwrap();
    let gcloud = Gcloud::for_runlane(&r);
    let start = now_s();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--tag", "good"]);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic"]);
    let port = r.router_addr().rsplit(':').next().unwrap().to_owned();

    // Refused before anything is stored: a host off this machine, named by its field.
    let refused = gcloud.fails(&[
        "monitoring", "uptime", "create", "elsewhere",
        "--resource-type=uptime-url", "--resource-labels=host=example.com,project_id=default",
    ]);
    assert!(refused.contains("monitoredResource.labels.host") && refused.contains("not on loopback"), "{refused}");

    let created = gcloud
        .ok(&[
            "monitoring", "uptime", "create", "jokes up",
            "--resource-type=uptime-url",
            "--resource-labels=host=jokes.localhost,project_id=default",
            "--protocol=http",
            &format!("--port={port}"),
            "--path=/",
            "--matcher-content=Hello",
            "--matcher-type=contains-string",
            "--timeout=5",
        ])
        .all();
    assert!(created.contains("Created uptime [projects/default/uptimeCheckConfigs/jokes-up-"), "{created}");
    let out = gcloud.ok(&["monitoring", "uptime", "list-configs", "--format=json"]);
    let listed: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.all()));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed:#}");
    let name = listed[0]["name"].as_str().unwrap().to_owned();
    let id = name.rsplit('/').next().unwrap().to_owned();
    assert!(id.starts_with("jokes-up-"), "{name}");
    assert_eq!(listed[0]["httpCheck"]["port"], port.parse::<u64>().unwrap(), "{listed:#}");
    assert_eq!(listed[0]["contentMatchers"][0]["matcher"], "CONTAINS_STRING", "{listed:#}");
    let described = gcloud.ok(&["monitoring", "uptime", "describe", &id, "--format=json"]);
    let described: Value = serde_json::from_str(&described.stdout).unwrap();
    assert_eq!(described["displayName"], "jokes up");
    assert_eq!(described["period"], "60s");

    // runlane's own CLI sees gcloud's check, and makes and removes one of its own.
    let listed = r.cli_ok(&["uptime", "list"]);
    assert!(listed.contains(&id) && listed.contains(&format!("http://jokes.localhost:{port}/")) && listed.contains("CONTAINS_STRING \"Hello\""), "{listed}");
    let out = r.cli(&["uptime", "create", "by cli", "--url", &format!("http://127.0.0.1:{port}/"), "--period", "30s"]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success() && said.contains("Created uptime check [projects/default/uptimeCheckConfigs/by-cli-"), "{said}");
    let cli_id = said.split("uptimeCheckConfigs/").nth(1).and_then(|s| s.split(']').next()).unwrap().to_owned();
    let described = r.cli_ok(&["uptime", "describe", &cli_id]);
    assert!(described.contains("Period:        30s") && described.contains(&format!("http://127.0.0.1:{port}/")), "{described}");
    let refused = r.cli(&["uptime", "create", "far", "--url", "http://example.com/"]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("monitoredResource.labels.host"), "{refused:?}");
    r.cli_ok(&["uptime", "delete", &cli_id]);
    assert!(!r.cli_ok(&["uptime", "list"]).contains(&cli_id));

    // gcloud's periods are whole minutes; the API takes 10 s (updateMask names it).
    let (status, patched) = r
        .api_json("PATCH", &format!("/v3/{name}?updateMask=period"), Some(json!({ "period": "10s", "displayName": "ignored" })))
        .await
        .unwrap();
    assert_eq!(status, 200, "{patched}");
    assert_eq!((patched["period"].as_str(), patched["displayName"].as_str()), (Some("10s"), Some("jokes up")));
    let (status, bad) = r
        .api_json("PATCH", &format!("/v3/{name}?updateMask=period"), Some(json!({ "period": "5s" })))
        .await
        .unwrap();
    assert_eq!(status, 400, "{bad}");
    assert!(bad.to_string().contains("period"), "{bad}");

    // Runs pass and are recorded; the service counts none of them as its traffic.
    let passed_filter = format!(r#"metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.labels.check_id="{id}""#);
    eventually(Duration::from_secs(40), "two passing runs of the check", || async {
        let s = series(&r, &passed_filter, start, "ALIGN_COUNT_TRUE").await;
        s.first().and_then(|s| s["points"].get(0)).map(number).filter(|n| *n >= 2.0)
    })
    .await;
    let s = series(&r, &passed_filter, start, "ALIGN_FRACTION_TRUE").await;
    assert_eq!(s[0]["resource"]["type"], "uptime_url", "{s:#?}");
    assert_eq!(s[0]["resource"]["labels"]["host"], "jokes.localhost", "{s:#?}");
    assert_eq!(number(&s[0]["points"][0]), 1.0, "{s:#?}");
    let latency = series(&r, &format!(r#"metric.type="monitoring.googleapis.com/uptime_check/request_latency" AND metric.labels.check_id="{id}""#), start, "ALIGN_MEAN").await;
    assert!(number(&latency[0]["points"][0]) >= 0.0, "{latency:#?}");
    let (_, descriptors) = r.api_json("GET", "/v3/projects/default/metricDescriptors", None).await.unwrap();
    assert!(descriptors.to_string().contains("monitoring.googleapis.com/uptime_check/check_passed"));
    assert_eq!(jokes_requests(&r, start).await, 0.0, "uptime checks counted as the service's requests");
    // A request that is not a check is counted (the query above can see requests).
    let (code, _) = r.get("good---jokes.localhost", "/").await.unwrap();
    assert_eq!(code, 200);
    eventually(Duration::from_secs(10), "the user request counted", || async {
        (jokes_requests(&r, start).await == 1.0).then_some(())
    })
    .await;

    // A metric-threshold policy on the check, by unmodified gcloud.
    let created = gcloud
        .ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"])
        .all();
    let channel = created
        .split("Created notification channel [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let created = gcloud
        .ok(&[
            "alpha", "monitoring", "policies", "create",
            "--display-name=jokes uptime",
            "--condition-display-name=check passing",
            &format!("--condition-filter={passed_filter}"),
            r#"--aggregation={"alignmentPeriod": "10s", "perSeriesAligner": "ALIGN_FRACTION_TRUE"}"#,
            "--if=< 1",
            "--duration=0s",
            &format!("--notification-channels={channel}"),
        ])
        .all();
    assert!(created.contains("Created alert policy"), "{created}");

    // The service starts failing: every request now gets a 5xx.
    r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "next=100"]);
    let mail = eventually(Duration::from_secs(60), "the uptime alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    let subject = mail[0].subject();
    assert!(subject.contains("OPEN: jokes uptime") && subject.contains("uptime check \"jokes up\""), "{subject}");
    let body = &mail[0].text;
    assert!(body.contains(&format!("Uptime check:   \"jokes up\" ({name}) failing: http://jokes.localhost:{port}/ answered 5")), "{body}");
    let (_, incidents) = r.api_json("GET", "/v3/projects/default/incidents", None).await.unwrap();
    assert_eq!(incidents["incidents"][0]["state"], "OPEN", "{incidents:#}");
    // Still only the one user request: failing checks are not the service's errors either.
    assert_eq!(jokes_requests(&r, start).await, 1.0);

    gcloud.ok(&["monitoring", "uptime", "delete", &id, "--quiet"]);
    let out = gcloud.ok(&["monitoring", "uptime", "list-configs", "--format=json"]);
    assert_eq!(serde_json::from_str::<Value>(&out.stdout).unwrap(), json!([]), "{}", out.all());
}
