//! SLOs, burn-rate alerts, email and incidents end to end: a real `runlane up`,
//! real instances of the sample app, a real SMTP server (Debian's `python3-aiosmtpd`,
//! saving each message to a Maildir) and unmodified gcloud.
//!
//! Module index:
//! - `failing_canary_pages_once_and_rollback_resolves`: a 20% canary that fails every
//!   request burns a 99% SLO; exactly one email arrives within the evaluation period after
//!   the burn rate crosses the threshold (checked against the raw per-second counts), it
//!   names the canary as the top offending revision; the incident is acknowledged; rollback
//!   resolves it and sends one resolve email. Prints the detection-to-notification delay.
//! - `gcloud_creates_channels_and_policies`: `gcloud beta monitoring channels create` and
//!   `gcloud alpha monitoring policies create --policy-from-file` against runlane; `runlane
//!   alerts create --preset sre-workbook` on the channel gcloud made.
//! - `gcloud_metric_threshold_pages_and_resolves`: `gcloud alpha monitoring
//!   policies create --condition-filter='metric.type="run.googleapis.com/request_count" …'
//!   --aggregation … --if='> 1'` on the 5xx rate of one service; a failing tagged revision
//!   opens an incident whose email names it; when its errors stop, the incident resolves
//!   and a resolve email follows.
//!
//! aiosmtpd and gcloud come from `runlane_test_support` (`smtp`, `tools`); a missing one
//! fails the test.

use runlane_telemetry::logs::{format_time, parse_time};
use runlane_test_support::smtp::SmtpServer;
use runlane_test_support::tools::Gcloud;
use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// Steady traffic to `host` from 4 workers until stopped (bounded: 4 minutes at most).
fn load(r: &Runlane, host: &str) -> (Arc<AtomicBool>, Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..4 {
        let (client, addr, host, stop, sent) = (
            r.client.clone(),
            r.router_addr(),
            host.to_owned(),
            stop.clone(),
            sent.clone(),
        );
        workers.push(tokio::spawn(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
            while !stop.load(Ordering::Relaxed) && tokio::time::Instant::now() < deadline {
                let _ = client
                    .request("GET", &addr, &host, "/", Default::default())
                    .await;
                sent.fetch_add(1, Ordering::Relaxed);
                // Pacing (about 25 requests a second per worker), not synchronisation.
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
        }));
    }
    let all = tokio::spawn(async move {
        for w in workers {
            let _ = w.await;
        }
    });
    (stop, sent, all)
}

/// 5xx and 2xx requests of `service` in [start, end) (unix seconds), from the Monitoring API.
async fn counts(r: &Runlane, service: &str, start: i64, end: i64) -> (u64, u64) {
    let filter = format!("metric.type=\"run.googleapis.com/request_count\" AND resource.labels.service_name=\"{service}\"");
    let q = [
        ("filter", filter),
        ("interval.startTime", format_time(start * 1_000_000_000)),
        ("interval.endTime", format_time(end * 1_000_000_000)),
        ("aggregation.alignmentPeriod", format!("{}s", end - start)),
        ("aggregation.perSeriesAligner", "ALIGN_DELTA".into()),
        ("aggregation.crossSeriesReducer", "REDUCE_SUM".into()),
        (
            "aggregation.groupByFields",
            "metric.labels.response_code_class".into(),
        ),
    ];
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let (status, reply) = r
        .api_json(
            "GET",
            &format!("/v3/projects/default/timeSeries?{}", query.join("&")),
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{reply}");
    let (mut bad, mut good) = (0, 0);
    for ts in reply["timeSeries"].as_array().into_iter().flatten() {
        let n: u64 = ts["points"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                p["value"]["int64Value"]
                    .as_str()
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap()
            })
            .sum();
        match ts["metric"]["labels"]["response_code_class"].as_str() {
            Some("5xx") => bad += n,
            Some("2xx") => good += n,
            _ => {}
        }
    }
    (bad, good)
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

async fn incident(r: &Runlane, id: &str) -> Value {
    let (status, i) = r
        .api_json("GET", &format!("/v3/projects/default/incidents/{id}"), None)
        .await
        .unwrap();
    assert_eq!(status, 200, "{i}");
    i
}

fn secs(rfc3339: &str) -> f64 {
    parse_time(rfc3339).unwrap_or_else(|| panic!("not a time: {rfc3339}")) as f64 / 1e9
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd; scripts/test.sh runs it"]
#[allow(clippy::print_stderr, reason = "reports the measured delay")]
async fn failing_canary_pages_once_and_rollback_resolves() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let r = Runlane::start_with(
        bin(),
        &["--smtp-url", &url, "--smtp-from", "runlane@example.com"],
    )
    .unwrap();
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
    let (_, service) = r
        .api_json(
            "GET",
            "/apis/serving.knative.dev/v1/namespaces/default/services/jokes",
            None,
        )
        .await
        .unwrap();
    let tag_revision = |tag: &str| {
        service["status"]["traffic"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tag"] == tag)
            .unwrap()["revisionName"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (good, next) = (tag_revision("good"), tag_revision("next"));

    // A 99% availability SLO over a rolling hour; page when 30 s burn faster than 5×.
    r.cli_ok(&[
        "slo",
        "create",
        "jokes",
        "--availability",
        "--goal",
        "99",
        "--rolling",
        "3600s",
    ]);
    r.cli_ok(&[
        "channels",
        "create",
        "email",
        "--address",
        "oncall@example.com",
    ]);
    r.cli_ok(&[
        "alerts",
        "create",
        "jokes",
        "--slo",
        "availability",
        "--burn-rate",
        "5",
        "--lookback",
        "30s",
        "--channel",
        "oncall@example.com",
        "--resolve-after",
        "5s",
    ]);

    let (stop, sent, workers) = load(&r, "jokes.localhost");
    eventually(Duration::from_secs(30), "good traffic in the SLO", || async {
        let (_, st) = r.api_json("GET", "/v3/projects/default/services/jokes/serviceLevelObjectives/availability:status?steps=1", None).await.ok()?;
        (st["events"]["total"].as_u64()? >= 100).then_some(())
    })
    .await;
    let describe = r.cli_ok(&["slo", "describe", "jokes", "availability"]);
    assert!(
        describe.contains("SLI:                100%")
            && describe.contains("Recovery:           the SLI is at or over the goal")
            && describe.contains("Error budget left:  100%"),
        "{describe}"
    );

    // The canary gets 20% of the traffic: every one of its requests fails (burn rate 20).
    r.cli_ok(&[
        "services",
        "update-traffic",
        "jokes",
        "--to-tags",
        "next=20",
    ]);
    let opened = eventually(Duration::from_secs(60), "an open incident", || async {
        let (_, list) = r
            .api_json("GET", "/v3/projects/default/incidents?state=OPEN", None)
            .await
            .ok()?;
        list["incidents"].as_array()?.first().cloned()
    })
    .await;
    let id = opened["id"].as_str().unwrap().to_owned();
    let met = secs(opened["conditionMetTime"].as_str().unwrap()) as i64;
    // The incident names the canary as the source.
    assert_eq!(opened["topRevision"], json!(next), "{opened:#}");
    let rows = opened["breakdown"].as_array().unwrap();
    assert_eq!(rows[0]["revision"], json!(next));
    assert_eq!(rows[0]["shareOfBad"], json!(1.0));
    assert!(
        rows.iter()
            .any(|r| r["revision"] == json!(good) && r["bad"] == json!(0)),
        "{rows:?}"
    );

    // It opened at the first second the condition held, by the raw counts: burn > 5
    // over the 30 s ending at conditionMetTime, and not over the 30 s a second earlier.
    let burn = |(bad, good): (u64, u64)| bad as f64 / (bad + good).max(1) as f64 / 0.01;
    let at = burn(counts(&r, "jokes", met - 30, met).await);
    let before = burn(counts(&r, "jokes", met - 31, met - 1).await);
    assert!(
        at > 5.0 && before <= 5.0,
        "burn rate {before} then {at} at {met}"
    );

    // Exactly one email, within the evaluation period after the condition became true.
    let mail = eventually(Duration::from_secs(30), "the alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    let (received, text) = (mail[0].received, &mail[0].text);
    let delay = received - met as f64;
    // The SMTP server holds the message before its final reply reaches runlane, which
    // records the delivery only then: the timeline may be a moment behind the mailbox.
    let notified = eventually(Duration::from_secs(10), "a delivery on the timeline", || async {
        let i = incident(&r, &id).await;
        i["timeline"].as_array()?.iter().find(|e| e["kind"] == "notified").cloned()
    })
    .await;
    let platform_delay = secs(notified["time"].as_str().unwrap()) - met as f64;
    eprintln!("detection to notification: email received {delay:.3} s after the end of the second whose data met the condition (delivery recorded {platform_delay:.3} s after it)");
    assert!(
        delay <= 2.0,
        "the email came {delay:.3} s after the condition became true"
    );
    let first = mail[0].subject();
    assert!(first.contains("OPEN") && first.contains("jokes"), "{first}");
    for needle in [
        format!("Top revision:   {next}"),
        "Service:        jokes".to_owned(),
        "SLO:            availability".to_owned(),
        "Burn rate:".to_owned(),
        "SLI:".to_owned(),
        "Budget left:".to_owned(),
        format!("Incident: {}/incidents/{id}", r.api.trim_end_matches('/')),
    ] {
        assert!(
            text.contains(&needle),
            "missing {needle:?} in the email:\n{text}"
        );
    }

    // Acknowledge it from the CLI.
    let out = r.cli(&["incidents", "ack", &id, "--by", "alice"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let described = r.cli_ok(&["incidents", "describe", &id]);
    assert!(
        described.contains("acknowledged by alice")
            && described.contains(&format!("Top revision:     {next}")),
        "{described}"
    );

    // Roll back: the incident resolves and one resolve email follows; still one alert email.
    r.cli_ok(&[
        "services",
        "update-traffic",
        "jokes",
        "--to-tags",
        "good=100",
    ]);
    let resolved = eventually(
        Duration::from_secs(90),
        "the incident to resolve",
        || async {
            let i = incident(&r, &id).await;
            (i["state"] == "RESOLVED").then_some(i)
        },
    )
    .await;
    let mail = eventually(Duration::from_secs(30), "the resolve email", || async {
        let m = smtp.messages();
        (m.len() >= 2).then_some(m)
    })
    .await;
    stop.store(true, Ordering::Relaxed);
    workers.await.unwrap();
    assert!(sent.load(Ordering::Relaxed) > 200);
    let subjects: Vec<String> = mail.iter().map(|m| m.subject()).collect();
    assert_eq!(mail.len(), 2, "{subjects:#?}");
    assert!(
        subjects[0].contains("OPEN") && subjects[1].contains("RESOLVED"),
        "{subjects:#?}"
    );
    assert!(resolved["resolveTime"].is_string());
    // The resolve says what changed: the burn rate now, and the SLI against its goal.
    assert!(subjects[1].contains("burn rate now ") && subjects[1].contains("SLI "), "{subjects:#?}");
    assert!(!subjects[1].contains("within the SLO"), "{subjects:#?}");
    assert!(resolved["resolvedFigures"]["burnRate"].as_f64().is_some_and(|b| b < 10.0 * 0.9), "{resolved:#}");
    let resolved = eventually(
        Duration::from_secs(10),
        "the resolve delivery on the timeline",
        || async {
            let i = incident(&r, &id).await;
            (i["timeline"].as_array()?.last()?["kind"] == "notified").then_some(i)
        },
    )
    .await;
    let kinds: Vec<&str> = resolved["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["opened", "notified", "acknowledged", "resolved", "notified"],
        "{resolved:#}"
    );
    let (_, all) = r
        .api_json("GET", "/v3/projects/default/incidents", None)
        .await
        .unwrap();
    assert_eq!(all["incidents"].as_array().unwrap().len(), 1, "{all:#}");
    let list = r.cli_ok(&["incidents", "list"]);
    assert!(
        list.contains("RESOLVED (acked)") && list.contains(&next),
        "{list}"
    );
}

// === gcloud ===

#[tokio::test]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn gcloud_creates_channels_and_policies() {
    let r = Runlane::start(bin()).unwrap();
    let gcloud = Gcloud::for_runlane(&r);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello"]);
    r.cli_ok(&[
        "slo",
        "create",
        "jokes",
        "--availability",
        "--goal",
        "99.5",
        "--rolling",
        "1d",
    ]);
    let g = |args: &[&str]| {
        gcloud.ok(args).all()
    };
    let created = g(&[
        "beta",
        "monitoring",
        "channels",
        "create",
        "--display-name=oncall",
        "--type=email",
        "--channel-labels=email_address=oncall@example.com",
    ]);
    let channel = created
        .split("Created notification channel [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    assert!(
        channel.starts_with("projects/default/notificationChannels/"),
        "{created}"
    );

    let slo = "projects/default/services/jokes/serviceLevelObjectives/availability";
    let policy = json!({
        "displayName": "jokes fast burn",
        "combiner": "AND",
        "conditions": [
            {"displayName": "1h burn", "conditionThreshold": {"filter": format!("select_slo_burn_rate(\"{slo}\", \"3600s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 14.4, "duration": "0s"}},
            {"displayName": "5m burn", "conditionThreshold": {"filter": format!("select_slo_burn_rate(\"{slo}\", \"300s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 14.4, "duration": "0s"}}
        ],
        "notificationChannels": [channel],
        "alertStrategy": {"autoClose": "1800s"},
        "documentation": {"content": "Roll back the canary.", "mimeType": "text/markdown"}
    });
    let file = gcloud.dir().join("policy.json");
    std::fs::write(&file, policy.to_string()).unwrap();
    let created = g(&[
        "alpha",
        "monitoring",
        "policies",
        "create",
        &format!("--policy-from-file={}", file.display()),
    ]);
    assert!(
        created.contains("Created alert policy [projects/default/alertPolicies/"),
        "{created}"
    );

    let channels: Value = serde_json::from_str(
        &g(&["beta", "monitoring", "channels", "list", "--format=json"])
            .split_once('[')
            .map(|(_, r)| format!("[{r}"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(channels[0]["labels"]["email_address"], "oncall@example.com");
    let out = gcloud.ok(&["alpha", "monitoring", "policies", "list", "--format=json"]);
    let policies: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.all()));
    assert_eq!(policies[0]["displayName"], "jokes fast burn");
    assert_eq!(
        policies[0]["conditions"][1]["conditionThreshold"]["thresholdValue"],
        14.4
    );
    assert_eq!(policies[0]["notificationChannels"][0], json!(channel));

    // runlane's own CLI sees what gcloud made, and adds the Workbook's set on the same channel.
    r.cli_ok(&["alerts", "create", "jokes", "--slo", "availability", "--preset", "sre-workbook", "--channel", "oncall"]);
    let list = r.cli_ok(&["alerts", "list"]);
    assert!(list.contains("jokes fast burn"), "{list}");
    // A 1-day period scales the page to 14.4× over 2m AND 10s.
    assert!(list.contains("jokes availability: 14.4× over 2m and 10s (page)"), "{list}");
    assert_eq!(list.matches("(ticket)").count(), 2, "{list}");
    // An SLO that does not exist is refused, by field.
    let bad = json!({"displayName": "x", "conditions": [{"conditionThreshold": {"filter": "select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/nope\", \"300s\")", "thresholdValue": 1}}]});
    std::fs::write(&file, bad.to_string()).unwrap();
    let refused = gcloud.fails(&[
        "alpha",
        "monitoring",
        "policies",
        "create",
        &format!("--policy-from-file={}", file.display()),
    ]);
    assert!(refused.contains("does not exist"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd, chromium, gcloud, node; scripts/test.sh runs it"]
async fn gcloud_metric_threshold_pages_and_resolves() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let r = Runlane::start_with(bin(), &["--smtp-url", &url, "--smtp-from", "runlane@example.com"]).unwrap();
    let gcloud = Gcloud::for_runlane(&r);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--tag", "good"]);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic"]);
    let created = gcloud
        .ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"])
        .all();
    let channel = created
        .split("Created notification channel [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    // Unmodified gcloud, its own flags: it sends conditionThreshold.aggregations.
    let created = gcloud
        .ok(&[
            "alpha",
            "monitoring",
            "policies",
            "create",
            "--display-name=jokes 5xx rate",
            "--condition-display-name=5xx per second",
            r#"--condition-filter=metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes" AND metric.labels.response_code_class="5xx""#,
            r#"--aggregation={"alignmentPeriod": "10s", "perSeriesAligner": "ALIGN_RATE", "crossSeriesReducer": "REDUCE_SUM"}"#,
            "--if=> 1",
            "--duration=0s",
            &format!("--notification-channels={channel}"),
            "--user-labels=runlane_resolve_after=5s",
        ])
        .all();
    assert!(created.contains("Created alert policy [projects/default/alertPolicies/"), "{created}");
    let out = gcloud.ok(&["alpha", "monitoring", "policies", "list", "--format=json"]);
    let policies: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.all()));
    let condition = &policies[0]["conditions"][0]["conditionThreshold"];
    assert_eq!(policies.as_array().map(Vec::len), Some(1), "{policies:#}");
    assert_eq!(condition["aggregations"][0]["perSeriesAligner"], "ALIGN_RATE", "{policies:#}");
    assert_eq!(condition["aggregations"][0]["alignmentPeriod"], "10s", "{policies:#}");
    // Absence and a latency percentile, as gcloud spells them (no channels: never mailed).
    for args in [
        [
            "--display-name=jokes silent",
            r#"--condition-filter=metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes""#,
            "--if=absent",
            "--duration=3600s",
            "--combiner=OR",
        ],
        [
            "--display-name=jokes p99",
            r#"--condition-filter=metric.type="run.googleapis.com/request_latencies" AND resource.labels.service_name="jokes" AND metric.labels.response_code_class="2xx""#,
            "--if=> 30000",
            // Without --duration gcloud sends "Nones", which is refused naming the field.
            r#"--aggregation={"alignmentPeriod": "60s", "perSeriesAligner": "ALIGN_PERCENTILE_99"}"#,
            "--duration=60s",
        ],
    ] {
        let mut all = vec!["alpha", "monitoring", "policies", "create"];
        all.extend(args);
        let created = gcloud.ok(&all).all();
        assert!(created.contains("Created alert policy"), "{created}");
    }
    let listed = r.cli_ok(&["alerts", "list"]);
    for want in [
        "5xx per second align_rate reduce_sum > 1",
        "absent run.googleapis.com/request_count for 3600s",
        "align_percentile_99 > 30000",
    ] {
        assert!(listed.contains(want), "{want} not in {listed}");
    }

    // Good traffic alone never fires.
    let (stop_good, _, good_workers) = load(&r, "good---jokes.localhost");
    // The failing revision: ~100 errors a second through its tag.
    let (stop, sent, workers) = load(&r, "next---jokes.localhost");
    let mail = eventually(Duration::from_secs(60), "the alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    let next = tag_revision(&r, "next").await;
    let subject = mail[0].subject();
    assert!(subject.contains("OPEN: jokes 5xx rate") && subject.contains(&format!("top revision {next}")), "{subject}");
    assert!(mail[0].text.contains(&format!("Top revision:   {next}")), "{}", mail[0].text);
    let (_, incidents) = r.api_json("GET", "/v3/projects/default/incidents", None).await.unwrap();
    let open = &incidents["incidents"][0];
    assert_eq!(open["state"], "OPEN", "{incidents:#}");
    // The email's link in a real browser: the incident page names the revision.
    let link = mail[0]
        .text
        .lines()
        .find_map(|l| l.strip_prefix("Incident: "))
        .unwrap_or_else(|| panic!("no incident link in {}", mail[0].text))
        .trim()
        .to_owned();
    let id = open["name"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let node = runlane_test_support::tools::require("node", "RUNLANE_NODE", "nodejs (apt-get install nodejs; scripts/test.sh does)");
    runlane_test_support::tools::require("chromium", "RUNLANE_CHROMIUM", "chromium (apt-get install chromium; scripts/test.sh does)");
    let output = std::process::Command::new(&node)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../console/e2e/incident.mjs"))
        .env("API", r.api.trim_end_matches('/'))
        .env("TOKEN", r.token())
        .env("INCIDENT_URL", &link)
        .env("INCIDENT", &id)
        .env("REVISION", &next)
        .env("PROJECT", "default")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the browser did not show the metric incident:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // The errors stop: the 10 s window empties, then 5 s clear resolve it, and one more email.
    stop.store(true, Ordering::Relaxed);
    workers.await.unwrap();
    assert!(sent.load(Ordering::Relaxed) > 0);
    let resolved = eventually(Duration::from_secs(60), "the resolve email", || async {
        let m = smtp.messages();
        m.iter().find(|m| m.subject().contains("RESOLVED")).cloned()
    })
    .await;
    assert!(resolved.subject().contains("jokes 5xx rate"), "{}", resolved.subject());
    stop_good.store(true, Ordering::Relaxed);
    good_workers.await.unwrap();
    assert_eq!(smtp.messages().len(), 2, "one open and one resolve email");
}

async fn tag_revision(r: &Runlane, tag: &str) -> String {
    let (_, service) = r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/services/jokes", None).await.unwrap();
    service["status"]["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == tag)
        .and_then(|t| t["revisionName"].as_str())
        .unwrap()
        .to_owned()
}
