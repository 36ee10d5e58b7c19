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
//! - `uptime_slo_burns_and_pages`: a windows-based SLO whose `goodBadMetricFilter` names
//!   the check's `check_passed` (a window is good when a check passed in it), created by
//!   the v3 API next to a check of 10 s; its windows are good while the service answers,
//!   a filter on any other metric is refused naming the field; a burn-rate policy created
//!   by unmodified gcloud fires once the service fails, and the email names the SLO and
//!   the failing check with its last error.
//! - `https_checks_validate_the_router_certificate`: against runlane's HTTPS router
//!   serving a certificate of a test CA (for jokes.localhost, not for localhost), given
//!   to `runlane up --uptime-ca-root`: `runlane uptime create --url https://… --validate-ssl`
//!   passes for the named host; for localhost validating fails in the handshake, naming
//!   the certificate's fault, while the same check without validateSsl gets through TLS
//!   to the router's answer.
//!
//! aiosmtpd, openssl and gcloud come from `runlane_test_support`; a missing one fails the test.

use runlane_telemetry::logs::format_time;
use runlane_test_support::smtp::SmtpServer;
use runlane_test_support::tools::{make_ca, make_cert, output_text, Gcloud};
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

/// An email channel to oncall@example.com made by gcloud; its name.
fn email_channel(gcloud: &Gcloud) -> String {
    let created = gcloud
        .ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"])
        .all();
    created
        .split("Created notification channel [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd, gcloud; scripts/test.sh runs it"]
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
    let channel = email_channel(&gcloud);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd, gcloud; scripts/test.sh runs it"]
async fn uptime_slo_burns_and_pages() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let r = Runlane::start_with(
        bin(),
        &["--smtp-url", &url, "--smtp-from", "runlane@example.com"],
    )
    .unwrap();
    let gcloud = Gcloud::for_runlane(&r);
    r.cli_ok(&[
        "deploy",
        "jokes",
        "--image",
        "runlane/hello",
        "--tag",
        "good",
    ]);
    r.cli_ok(&[
        "deploy",
        "jokes",
        "--image",
        "runlane/hello",
        "--set-env-vars",
        "FAIL_PERCENT=100",
        "--tag",
        "next",
        "--no-traffic",
    ]);
    let port: u64 = r.router_addr().rsplit(':').next().unwrap().parse().unwrap();

    let check = json!({
        "displayName": "jokes probe",
        "monitoredResource": { "type": "uptime_url", "labels": { "host": "jokes.localhost", "project_id": "default" } },
        "httpCheck": { "port": port, "path": "/" },
        "period": "10s",
        "timeout": "5s",
    });
    let (status, check) = r
        .api_json(
            "POST",
            "/v3/projects/default/uptimeCheckConfigs",
            Some(check),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{check}");
    let check_name = check["name"].as_str().unwrap().to_owned();
    let check_id = check_name.rsplit('/').next().unwrap().to_owned();

    let slos = "/v3/projects/default/services/jokes/serviceLevelObjectives";
    let slo = |filter: String| {
        json!({
            "displayName": "jokes answers probes",
            "goal": 0.9,
            "rollingPeriod": "3600s",
            "serviceLevelIndicator": { "windowsBased": { "windowPeriod": "10s", "goodBadMetricFilter": filter } },
        })
    };
    // A filter on a metric that is not a check's pass or fail is refused, naming the field.
    let (status, refused) = r
        .api_json(
            "POST",
            &format!("{slos}?serviceLevelObjectiveId=wrong"),
            Some(slo(
                r#"metric.type="run.googleapis.com/request_count""#.into()
            )),
        )
        .await
        .unwrap();
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused
            .to_string()
            .contains("serviceLevelIndicator.windowsBased.goodBadMetricFilter")
            && refused.to_string().contains("uptime_check/check_passed"),
        "{refused}"
    );
    let filter = format!(
        r#"metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.labels.check_id="{check_id}""#
    );
    let (status, created) = r
        .api_json(
            "POST",
            &format!("{slos}?serviceLevelObjectiveId=probes"),
            Some(slo(filter.clone())),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{created}");
    assert_eq!(
        created["serviceLevelIndicator"]["windowsBased"]["goodBadMetricFilter"],
        json!(filter),
        "{created}"
    );
    let slo_name = created["name"].as_str().unwrap().to_owned();

    // While the service answers, its windows are good.
    let status = eventually(Duration::from_secs(40), "two good windows", || async {
        let (_, s) = r
            .api_json("GET", &format!("/v3/{slo_name}:status"), None)
            .await
            .unwrap();
        (s["events"]["good"].as_u64() >= Some(2)).then_some(s)
    })
    .await;
    assert_eq!(
        (
            status["events"]["unit"].as_str(),
            status["events"]["bad"].as_u64(),
            status["sli"].as_f64()
        ),
        (Some("windows"), Some(0), Some(1.0)),
        "{status:#}"
    );

    // A burn-rate policy on it, by unmodified gcloud.
    let channel = email_channel(&gcloud);
    let policy = json!({
        "displayName": "jokes probes burn",
        "combiner": "OR",
        "conditions": [{"displayName": "1m burn", "conditionThreshold": {
            "filter": format!("select_slo_burn_rate(\"{slo_name}\", \"60s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 1, "duration": "0s"}}],
        "notificationChannels": [channel],
        // The minimum data counts windows here: a minute holds six of them.
        "userLabels": {"runlane_min_requests": "3"},
    });
    let file = gcloud.dir().join("policy.json");
    std::fs::write(&file, policy.to_string()).unwrap();
    let created = gcloud
        .ok(&[
            "alpha",
            "monitoring",
            "policies",
            "create",
            &format!("--policy-from-file={}", file.display()),
        ])
        .all();
    assert!(created.contains("Created alert policy"), "{created}");

    // The service starts failing: the check fails, its windows go bad, the SLO burns.
    r.cli_ok(&[
        "services",
        "update-traffic",
        "jokes",
        "--to-tags",
        "next=100",
    ]);
    let mail = eventually(Duration::from_secs(60), "the SLO's alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    let subject = mail[0].subject();
    assert!(
        subject.contains("OPEN: jokes probes burn")
            && subject.contains("SLO jokes answers probes (probes)")
            && subject.contains("uptime check \"jokes probe\""),
        "{subject}"
    );
    let body = &mail[0].text;
    assert!(body.contains(&format!("Uptime check:   \"jokes probe\" ({check_name}) failing: http://jokes.localhost:{port}/ answered 5")), "{body}");
    let (_, s) = r
        .api_json("GET", &format!("/v3/{slo_name}:status"), None)
        .await
        .unwrap();
    assert!(
        s["events"]["bad"].as_u64() >= Some(1)
            && s["openIncidents"].as_array().map(Vec::len) == Some(1),
        "{s:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs openssl; scripts/test.sh runs it"]
async fn https_checks_validate_the_router_certificate() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = make_ca(tmp.path());
    let (cert, key) = make_cert(
        tmp.path(),
        "local",
        "runlane-local",
        "DNS:jokes.localhost,IP:127.0.0.1",
    );
    let flags = [
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
        "--uptime-ca-root",
        ca.to_str().unwrap(),
    ];
    let r = Runlane::start_with(bin(), &flags).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    // The API speaks TLS with the same certificate: the CLI trusts the test CA.
    let cli = |args: &[&str]| {
        let out = r.cli_with_ca(&ca, args);
        assert!(
            out.status.success(),
            "runlane {args:?}: {}",
            output_text(&out)
        );
        output_text(&out)
    };
    cli(&["deploy", "jokes", "--image", "runlane/hello"]);
    let named = format!("https://jokes.localhost:{https}/");
    // `localhost` is on loopback but not in the certificate.
    let unnamed = format!("https://localhost:{https}/");
    cli(&[
        "uptime",
        "create",
        "named validated",
        "--url",
        &named,
        "--validate-ssl",
        "--period",
        "10s",
        "--contains",
        "Hello",
    ]);
    cli(&[
        "uptime",
        "create",
        "unnamed validated",
        "--url",
        &unnamed,
        "--validate-ssl",
        "--period",
        "10s",
    ]);
    cli(&[
        "uptime",
        "create",
        "unnamed lenient",
        "--url",
        &unnamed,
        "--period",
        "10s",
    ]);
    let line = |list: &str, name: &str| list.lines().find(|l| l.contains(name)).map(str::to_owned);
    let list = eventually(
        Duration::from_secs(40),
        "all three checks to have run, the named one passing",
        || async {
            let list = cli(&["uptime", "list"]);
            let ran = ["named validated", "unnamed validated", "unnamed lenient"]
                .iter()
                .all(|n| line(&list, n).is_some_and(|l| !l.contains("not run yet")));
            let passed = line(&list, "named validated").is_some_and(|l| l.contains("passed in"));
            (ran && passed).then_some(list)
        },
    )
    .await;
    assert!(list.contains(&named), "{list}");
    let validated = line(&list, "unnamed validated").unwrap();
    assert!(
        validated.contains("FAILED: ")
            && validated.contains("TLS handshake")
            && validated.contains("validateSsl"),
        "{list}"
    );
    let lenient = line(&list, "unnamed lenient").unwrap();
    assert!(
        lenient.contains(" answered ") || lenient.contains("passed in"),
        "the lenient check gets through TLS to the router's answer: {list}"
    );
    assert!(!lenient.contains("TLS"), "{list}");
}
