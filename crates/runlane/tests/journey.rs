//! The Serverless Journey end to end: the release-and-incident loop of
//! `examples/serverless-journey/README.md`, run with unmodified `gcloud`, real `hey` and a
//! real SMTP server (aiosmtpd) against a real `runlane up`. The walkthrough's windows are
//! shortened so the story fits in CI: SLO period 60 s instead of a day, alert lookback
//! 20 s instead of 5 minutes, base load 15 requests a second instead of 3.
//!
//! Module index:
//! - `serverless_journey`: deploy `good`; a 99% availability SLO (the walkthrough's JSON);
//!   an email channel and a "burn rate > 10 over the lookback" policy with gcloud; base
//!   load with hey; a failing revision `--tag next --no-traffic`; `--to-tags next=10`
//!   (asserted in gcloud's output and in hey's status codes); load on the service URL and
//!   a smoke test of the canary's tag URL; exactly one alert email, naming `next`; the
//!   incident's per-revision breakdown; acknowledge; every ERROR log entry is `next`'s
//!   (gcloud logging read and runlane logs read); rollback to `good=100`; the SLI over the
//!   period back above 99%, the incident resolved, one resolve email, one incident in all.
//! - `serverless_journey_as_the_current_tutorial_types_it`: the tutorial's current text,
//!   typed verbatim, in project `my-journey-4711` and region `europe-north1`: the good
//!   image from Artifact Registry and `gcr.io/serverless-journey/failing`, both served from
//!   a loopback registry through `--registry-mirror` and run under runc; `services update
//!   --tag good` and `value(status.traffic[0].url)`; the windows-based SLO (`runlane slo
//!   create --windows`); the email channel and the default fast-burn policy with gcloud;
//!   `--to-tags next=10` and `hey -n 50000` (exactly 10% fail); exactly one alert email,
//!   whose incident link headless Chromium opens (`crates/console/e2e/incident.mjs`) on
//!   the incident, its project and `next`; only `next` in the ERROR logs; rollback; the
//!   SLI in windows back over 95%. Windows 5 s instead of 5 minutes, SLO period 60 s
//!   instead of a day, alert lookback 20 s instead of 5 minutes. It needs root, runc and
//!   tini as `containers.rs` does (without them it fails in CI, `CI` set, saying what to
//!   install), and node and chromium as `console.rs` does.
//! - `demo_tells_the_story_and_leaves_the_incident_open`: `runlane demo` on a fresh data
//!   dir and free ports narrates every step (the exact 10% split, the email naming the
//!   canary, the logs, the recovery), then keeps the platform running with the incident
//!   open and acknowledged until SIGTERM.
//! - `walkthrough_mail_catcher_prints_decoded_mail`: the walkthrough's
//!   `examples/serverless-journey/mailcatcher.py` receives an email built as runlane's
//!   alerts are (lettre, quoted-printable, encoded-word subject) and prints it readable.
//!
//! gcloud, hey and python3-aiosmtpd must be installed (scripts/test.sh installs hey and
//! aiosmtpd); a missing one fails the test.

use runlane_test_support::oci::{self, Registry};
use runlane_test_support::smtp::SmtpServer;
use runlane_test_support::tools::{self, hey, hey_status_counts, Gcloud};
use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// A `hey` running in the background, stopped when dropped (even when the test fails).
struct Background(Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs hey to completion and returns its report; panics when hey fails.
fn run_hey(args: &[&str]) -> String {
    let out = Command::new(hey()).args(args).output().expect("run hey");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "hey {args:?} failed:\n{report}{}", String::from_utf8_lossy(&out.stderr));
    report
}

/// The revision named in gcloud's `Service [S] revision [R] has been deployed`.
fn deployed_revision(output: &str) -> String {
    let start = output.find("revision [").unwrap_or_else(|| panic!("no deployed revision in:\n{output}")) + "revision [".len();
    output[start..].split(']').next().unwrap_or_default().to_owned()
}

fn assert_has(text: &str, expected: &str) {
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

async fn slo_status(r: &Runlane) -> Value {
    let (status, st) = r.api_json("GET", "/v3/projects/default/services/jokes/serviceLevelObjectives/availability:status?steps=1", None).await.unwrap();
    assert_eq!(status, 200, "{st}");
    st
}

async fn incident(r: &Runlane, id: &str) -> Value {
    let (status, i) = r.api_json("GET", &format!("/v3/projects/default/incidents/{id}"), None).await.unwrap();
    assert_eq!(status, 200, "{i}");
    i
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd, gcloud, hey; scripts/test.sh runs it"]
#[allow(clippy::print_stderr, reason = "reports how long the journey took")]
async fn serverless_journey() {
    let started = tokio::time::Instant::now();
    let smtp = SmtpServer::start().await;
    // runlane's own default (new services private, as on Cloud Run): the walkthrough
    // deploys with --allow-unauthenticated, as the tutorial does.
    let r = Runlane::start_with(bin(), &["--smtp-url", &smtp.url(), "--smtp-from", "runlane@example.com", "--new-services", "private"]).unwrap();
    let g = Gcloud::for_runlane(&r);
    let port = r.router_port;
    let service_url = format!("http://jokes.localhost:{port}/");
    let canary_url = format!("http://next---jokes.localhost:{port}/");

    // 1. A known-good revision, tagged `good`.
    let out = g.ok(&["run", "deploy", "jokes", "--image", "runlane/hello", "--tag", "good", "--allow-unauthenticated"]).all();
    let good = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{good}] has been deployed and is serving 100 percent of traffic."));

    // 2. The SLO, as the walkthrough's curl posts it (period shortened from 86400s).
    let slo = json!({
        "displayName": "99% of requests succeed",
        "goal": 0.99,
        "rollingPeriod": "60s",
        "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {
            "goodServiceFilter": "metric.type=\"run.googleapis.com/request_count\" AND metric.labels.response_code_class=\"2xx\"",
            "badServiceFilter": "metric.type=\"run.googleapis.com/request_count\" AND metric.labels.response_code_class=\"5xx\""
        }}}
    });
    let (status, created) = r.api_json("POST", "/v3/projects/default/services/jokes/serviceLevelObjectives?serviceLevelObjectiveId=availability", Some(slo)).await.unwrap();
    assert_eq!(status, 200, "{created}");

    // 3. An email channel and the fast-burn policy, with gcloud (lookback shortened from 300s).
    let out = g.ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"]).all();
    let channel = out.split("Created notification channel [").nth(1).and_then(|s| s.split(']').next()).unwrap_or_else(|| panic!("{out}")).to_owned();
    let policy = json!({
        "displayName": "jokes fast burn",
        "combiner": "OR",
        "conditions": [{"displayName": "burn rate > 10 over 20s", "conditionThreshold": {
            "filter": "select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/availability\", \"20s\")",
            "comparison": "COMPARISON_GT", "thresholdValue": 10, "duration": "0s"}}],
        "notificationChannels": [channel],
        "userLabels": {"runlane_resolve_after": "60s"},
        "documentation": {"content": "Find the revision in the incident, roll back to the tag good.", "mimeType": "text/markdown"}
    });
    let policy_file = g.dir().join("fast-burn.json");
    std::fs::write(&policy_file, policy.to_string()).unwrap();
    let out = g.ok(&["alpha", "monitoring", "policies", "create", &format!("--policy-from-file={}", policy_file.display())]).all();
    assert_has(&out, "Created alert policy [projects/default/alertPolicies/");

    // 4. Base load: hey -z … -c 3 -q 5 (15 requests a second), until the test ends.
    let _base = Background(
        Command::new(hey())
            .args(["-z", "170s", "-c", "3", "-q", "5", &service_url])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hey"),
    );
    eventually(Duration::from_secs(30), "base load in the SLO", || async {
        let st = slo_status(&r).await;
        (st["events"]["good"].as_u64()? >= 100).then_some(())
    })
    .await;
    assert_eq!(slo_status(&r).await["events"]["bad"], 0);

    // 5. A failing revision, without traffic, at its own URL.
    let out = g.ok(&["run", "deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic"]).all();
    let next = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{next}] has been deployed and is serving 0 percent of traffic."));
    assert_has(&out, &format!("The revision can be reached directly at http://next---jokes.localhost:{port}"));

    // 6. The canary gets 10%.
    let out = g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "next=10"]).all();
    assert_has(&out, &format!("90% {good}"));
    assert_has(&out, &format!("10% {next}"));

    // 7. Load on the service URL, and the canary's smoke test on its tag URL, together.
    let smoke = std::thread::spawn({
        let canary_url = canary_url.clone();
        move || run_hey(&["-n", "200", "-c", "4", &canary_url])
    });
    let report = run_hey(&["-n", "20000", "-c", "10", &service_url]);
    let smoke = smoke.join().unwrap();
    let codes = hey_status_counts(&report);
    let (ok, failed) = (codes.get(&200).copied().unwrap_or(0), codes.get(&500).copied().unwrap_or(0));
    assert_eq!(ok + failed, 20000, "{report}");
    // Exactly 10% of the split's requests go to `next`; the base load shares the split's
    // counter, so hey's own share can be off by the base requests interleaved with it.
    assert!((1800..=2200).contains(&failed), "the canary answered {failed} of hey's 20000 requests:\n{report}");
    assert_eq!(hey_status_counts(&smoke), [(500, 200)].into(), "the canary's tag URL answers 500 to every request:\n{smoke}");

    // 8. One incident opens; it names `next`, with the per-revision breakdown.
    let opened = eventually(Duration::from_secs(60), "an open incident", || async {
        let (_, list) = r.api_json("GET", "/v3/projects/default/incidents?state=OPEN", None).await.ok()?;
        list["incidents"].as_array()?.first().cloned()
    })
    .await;
    let id = opened["id"].as_str().unwrap().to_owned();
    assert_eq!(opened["topRevision"], json!(next), "{opened:#}");
    assert!(opened["burnRateAtOpen"].as_f64().unwrap() > 10.0, "{opened:#}");
    let rows = opened["breakdown"].as_array().unwrap();
    let row = |rev: &str| rows.iter().find(|x| x["revision"] == rev).unwrap_or_else(|| panic!("{rev} not in {rows:#?}")).clone();
    let (next_row, good_row) = (row(&next), row(&good));
    // The alert may fire before the whole smoke test has landed: what counts is that every
    // request `next` served in the window was bad, and that no other revision failed.
    assert!(next_row["bad"].as_u64().unwrap() > 0 && next_row["bad"] == next_row["total"], "{next_row}");
    assert_eq!(next_row["shareOfBad"], json!(1.0));
    assert!(good_row["bad"] == 0 && good_row["total"].as_u64().unwrap() > 0, "{good_row}");

    // 9. Exactly one alert email, naming `next`.
    let mail = eventually(Duration::from_secs(30), "the alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    assert_eq!(mail.len(), 1, "{:#?}", mail.iter().map(|m| m.subject()).collect::<Vec<_>>());
    let subject = mail[0].subject();
    assert!(subject.contains("OPEN") && subject.contains("jokes") && subject.contains(&id), "{subject}");
    assert_has(&mail[0].text, &format!("Top revision:   {next}"));
    assert_has(&mail[0].text, "To: oncall@example.com");

    // 10. Acknowledge it.
    r.cli_ok(&["incidents", "ack", &id, "--by", "alice"]);
    let described = r.cli_ok(&["incidents", "describe", &id]);
    assert!(described.contains("acknowledged by alice") && described.contains(&format!("Top revision:     {next}")), "{described}");

    // 11. The logs: every error comes from `next`.
    let errors = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"jokes\" AND severity>=ERROR";
    let out = g.ok(&["logging", "read", &format!("{errors} AND NOT resource.labels.revision_name=\"{next}\""), "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&out.stdout).unwrap(), json!([]), "errors from another revision:\n{}", out.all());
    let out = g.ok(&["logging", "read", &format!("{errors} AND resource.labels.revision_name=\"{next}\""), "--limit", "20", "--format", "json"]);
    let entries: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(entries.len(), 20, "{}", out.all());
    // Request entries (500) and the app's own stderr line for each failure.
    let is_failure = |e: &Value| e["httpRequest"]["status"] == 500 || e["jsonPayload"]["message"].as_str().is_some_and(|m| m.contains("failed this request"));
    assert!(entries.iter().all(|e| e["resource"]["labels"]["revision_name"] == next && is_failure(e)), "{}", out.all());
    let listed: Value = serde_json::from_str(&r.cli_ok(&["logs", "read", "jokes", "--severity", "ERROR", "--limit", "1000", "--format", "json"])).unwrap();
    let listed = listed.as_array().unwrap();
    assert!(listed.len() >= 200, "{} error entries", listed.len());
    let from_next = listed.iter().filter(|e| e["resource"]["labels"]["revision_name"] == next).count();
    assert_eq!(from_next, listed.len(), "every ERROR entry comes from {next}");

    // 12. Roll back.
    let out = g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "good=100"]).all();
    assert_has(&out, &format!("100% {good}"));
    let report = run_hey(&["-n", "2000", "-c", "10", &service_url]);
    assert_eq!(hey_status_counts(&report), [(200, 2000)].into(), "after the rollback:\n{report}");

    // 13. Recovery: the SLI over the period climbs back above 99%; the incident resolves.
    let recovered = eventually(Duration::from_secs(120), "the SLI back over 99%", || async {
        let st = slo_status(&r).await;
        (st["sli"].as_f64()? > 0.99).then_some(st)
    })
    .await;
    let resolved = eventually(Duration::from_secs(120), "the incident to resolve", || async {
        let i = incident(&r, &id).await;
        (i["state"] == "RESOLVED").then_some(i)
    })
    .await;
    assert!(resolved["acknowledged"]["by"] == "alice", "{resolved:#}");
    let mail = eventually(Duration::from_secs(30), "the resolve email", || async {
        let m = smtp.messages();
        (m.len() >= 2).then_some(m)
    })
    .await;
    let subjects: Vec<String> = mail.iter().map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:#?}");
    assert!(subjects[1].contains("RESOLVED") && subjects[1].contains(&id), "{subjects:#?}");
    let (_, all) = r.api_json("GET", "/v3/projects/default/incidents", None).await.unwrap();
    assert_eq!(all["incidents"].as_array().unwrap().len(), 1, "one incident in all: {all:#}");
    eprintln!("serverless journey: SLI {:.4} after the rollback; whole story in {:.1} s", recovered["sli"].as_f64().unwrap_or(0.0), started.elapsed().as_secs_f64());
}

/// The tutorial's current text, typed verbatim: its own project and region, a
/// good image from Artifact Registry and the failing one from `gcr.io`, both served offline
/// from a local registry through `--registry-mirror`, and a windows-based SLO. Only the
/// lengths are shortened, each where it is set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd, chromium, gcloud, hey, node, runc, skopeo; scripts/test.sh runs it"]
#[allow(clippy::print_stderr, reason = "reports how long the journey took")]
async fn serverless_journey_as_the_current_tutorial_types_it() {
    if !oci::can_run_containers() {
        return;
    }
    let node = tools::require("node", "RUNLANE_NODE", "nodejs (apt-get install nodejs; scripts/test.sh does)");
    tools::require("chromium", "RUNLANE_CHROMIUM", "chromium (apt-get install chromium; scripts/test.sh does)");
    let started = tokio::time::Instant::now();
    const PROJECT: &str = "my-journey-4711";
    // The tutorial's images, pushed to a loopback registry under the paths their names
    // give; runlane pulls each name's registry from it through a mirror.
    let registry = Registry::start();
    let good_image = "europe-north1-docker.pkg.dev/my-journey-4711/my-repo/dockermultistage";
    let failing_image = "gcr.io/serverless-journey/failing";
    oci::push(&oci::hello_image(bin(), &[]), &format!("{}/my-journey-4711/my-repo/dockermultistage:latest", registry.addr));
    oci::push(&oci::hello_image(bin(), &["FAIL_PERCENT=100"]), &format!("{}/serverless-journey/failing:latest", registry.addr));
    let smtp = SmtpServer::start().await;
    let mirrors = [format!("gcr.io=http://{}", registry.addr), format!("europe-north1-docker.pkg.dev=http://{}", registry.addr)];
    #[rustfmt::skip]
    let r = Runlane::start_with(bin(), &[
        "--runtime", "runc", "--registry-mirror", &mirrors[0], "--registry-mirror", &mirrors[1],
        "--smtp-url", &smtp.url(), "--smtp-from", "runlane@example.com", "--new-services", "private",
    ]).unwrap();
    let port = r.router_port;

    // 1. gcloud pointed at runlane, then the reader's own project and region.
    let g = Gcloud::for_runlane(&r);
    g.ok(&["config", "set", "project", PROJECT]);
    g.ok(&["config", "set", "run/region", "europe-north1"]);

    // 2. Deploy the good image, then tag what serves `good`. (--allow-unauthenticated as
    //    in the tutorial's first modules: the service is public, so hey needs no token.)
    let out = g.ok(&["run", "deploy", "jokes", "--image", good_image, "--allow-unauthenticated"]).all();
    let good = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{good}] has been deployed and is serving 100 percent of traffic."));
    let out = g.ok(&["run", "services", "update", "jokes", "--tag", "good"]).all();
    assert_has(&out, "Service [jokes] has been updated.");
    let revisions = g.ok(&["run", "revisions", "list", "--service", "jokes", "--format", "value(metadata.name)"]).stdout;
    assert_eq!(revisions.trim(), good, "tagging made a revision");
    let revision = g.json(&["run", "revisions", "describe", &good]);
    assert!(revision["status"]["imageDigest"].as_str().unwrap_or("").starts_with(&format!("{good_image}@sha256:")), "{revision}");
    assert_eq!(revision["metadata"]["namespace"], PROJECT, "{revision}");

    // 3. curl $(gcloud run services describe jokes --format 'value(status.traffic[0].url)')
    let url = g.ok(&["run", "services", "describe", "jokes", "--format", "value(status.traffic[0].url)"]).stdout.trim().to_owned();
    assert_eq!(url, format!("http://good---jokes.localhost:{port}"));
    let host = url.trim_start_matches("http://").split(':').next().unwrap();
    assert_eq!(r.get(host, "/").await.unwrap(), (200, format!("Hello from {good}!\n")), "GET {url}");
    let service_url = g.ok(&["run", "services", "describe", "jokes", "--format", "value(status.url)"]).stdout.trim().to_owned() + "/";

    // 4. The SLO, as the tutorial's console form makes it: windows-based, a window is good
    //    when 95% of its run.googleapis.com/request_count requests succeed, goal 95%.
    //    Shortened: windows of 5 s instead of 5 minutes, a rolling 60 s instead of 1 day
    //    (12 windows; the SLI is back over 95% once no bad window is left in the period).
    r.cli_ok(&["slo", "create", "jokes", "--availability", "--windows", "5s", "--window-goal", "95", "--goal", "95", "--rolling", "60s", "--namespace", PROJECT]);
    let slo_name = format!("projects/{PROJECT}/services/jokes/serviceLevelObjectives/availability-windows");
    let (status, slo) = r.api_json("GET", &format!("/v3/{slo_name}"), None).await.unwrap();
    assert_eq!(status, 200, "{slo}");
    let windows = &slo["serviceLevelIndicator"]["windowsBased"];
    assert_eq!((windows["windowPeriod"].as_str(), slo["rollingPeriod"].as_str(), slo["goal"].as_f64()), (Some("5s"), Some("60s"), Some(0.95)), "{slo:#}");
    let threshold = &windows["goodTotalRatioThreshold"];
    assert_eq!(threshold["threshold"], 0.95, "{slo:#}");
    assert!(threshold["performance"]["goodTotalRatio"].to_string().contains("run.googleapis.com/request_count"), "{slo:#}");

    // 5. The alert with the console's default settings: a fast burn, burn rate above 10×,
    //    by email. Shortened: a lookback of 20 s (four 5 s windows) instead of 5 minutes.
    let out = g.ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"]).all();
    let channel = out.split("Created notification channel [").nth(1).and_then(|s| s.split(']').next()).unwrap_or_else(|| panic!("{out}")).to_owned();
    assert!(channel.starts_with(&format!("projects/{PROJECT}/notificationChannels/")), "{channel}");
    let policy = json!({
        "displayName": "jokes fast burn",
        "combiner": "OR",
        "conditions": [{"displayName": "burn rate > 10 over 20s", "conditionThreshold": {
            "filter": format!("select_slo_burn_rate(\"{slo_name}\", \"20s\")"),
            "comparison": "COMPARISON_GT", "thresholdValue": 10, "duration": "0s"}}],
        "notificationChannels": [channel],
    });
    let policy_file = g.dir().join("fast-burn.json");
    std::fs::write(&policy_file, policy.to_string()).unwrap();
    let out = g.ok(&["alpha", "monitoring", "policies", "create", &format!("--policy-from-file={}", policy_file.display())]).all();
    assert_has(&out, &format!("Created alert policy [projects/{PROJECT}/alertPolicies/"));

    // 6. The failing canary, with no traffic, at its own tag URL.
    let out = g.ok(&["run", "deploy", "jokes", "--image", failing_image, "--tag", "next", "--no-traffic"]).all();
    let next = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{next}] has been deployed and is serving 0 percent of traffic."));
    assert_has(&out, &format!("The revision can be reached directly at http://next---jokes.localhost:{port}"));
    let revision = g.json(&["run", "revisions", "describe", &next]);
    assert!(revision["status"]["imageDigest"].as_str().unwrap_or("").starts_with(&format!("{failing_image}@sha256:")), "{revision}");

    // 7. 10% to the canary, then hey -n 50000 on the service URL: exactly one request in
    //    ten fails (runlane's split is exact: within one request of any run of requests).
    let out = g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "next=10"]).all();
    assert_has(&out, &format!("90% {good}"));
    assert_has(&out, &format!("10% {next}"));
    let report = run_hey(&["-n", "50000", &service_url]);
    let codes = hey_status_counts(&report);
    let (ok, failed) = (codes.get(&200).copied().unwrap_or(0), codes.get(&500).copied().unwrap_or(0));
    assert_eq!(ok + failed, 50000, "{report}");
    assert!(failed.abs_diff(5000) <= 1, "the canary answered {failed} of hey's 50000 requests:\n{report}");

    // 8. Exactly one alert email; its link opens the incident in the console, in the
    //    project, naming the canary.
    let mail = eventually(Duration::from_secs(60), "the alert email", || async {
        let m = smtp.messages();
        (!m.is_empty()).then_some(m)
    })
    .await;
    let alert = &mail[0];
    let subject = alert.subject();
    assert!(subject.contains("OPEN") && subject.contains("jokes"), "{subject}");
    assert_has(&alert.text, &format!("Top revision:   {next}"));
    assert_has(&alert.text, &slo_name);
    let link = alert.text.lines().find_map(|l| l.trim().strip_prefix("Incident: ")).unwrap_or_else(|| panic!("no incident link in:\n{}", alert.text)).to_owned();
    let id = link.rsplit('/').next().and_then(|last| last.strip_suffix(&format!("?ns={PROJECT}"))).unwrap_or_else(|| panic!("{link} is not an incident of {PROJECT}")).to_owned();
    assert_eq!(link, format!("{}/incidents/{id}?ns={PROJECT}", r.api.trim_end_matches('/')));
    let i = incident_in(&r, PROJECT, &id).await;
    assert_eq!((i["state"].as_str(), i["topRevision"].as_str()), (Some("OPEN"), Some(next.as_str())), "{i:#}");
    let status_path = format!("/v3/{slo_name}:status?steps=1");
    let (status, burning) = r.api_json("GET", &status_path, None).await.unwrap();
    assert_eq!(status, 200, "{burning}");
    assert_eq!(burning["events"]["unit"], "windows", "{burning:#}");
    assert!(burning["sli"].as_f64().is_some_and(|sli| sli < 0.95), "the SLI in windows while the incident is open: {burning:#}");
    let output = Command::new(&node)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../console/e2e/incident.mjs"))
        .env("API", r.api.trim_end_matches('/'))
        .env("TOKEN", r.token())
        .env("INCIDENT_URL", &link)
        .env("INCIDENT", &id)
        .env("REVISION", &next)
        .env("PROJECT", PROJECT)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the browser did not show the incident:\n{said}{}", String::from_utf8_lossy(&output.stderr));
    let shown: Value = serde_json::from_str(said.lines().last().unwrap_or("")).unwrap_or_else(|e| panic!("{e}: {said}"));
    assert_eq!(shown["project"], PROJECT, "{shown}");

    // 9. The logs: every error comes from `next`.
    let errors = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"jokes\" AND severity>=ERROR";
    let out = g.ok(&["logging", "read", errors, "--limit", "200", "--format", "json"]);
    let entries: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(entries.len(), 200, "{}", out.all());
    let from = |e: &Value, rev: &str| e["resource"]["labels"]["revision_name"] == rev && e["logName"].as_str().is_some_and(|n| n.starts_with(&format!("projects/{PROJECT}/")));
    assert!(entries.iter().all(|e| from(e, &next)), "an error entry from another revision or project:\n{}", out.all());
    let out = g.ok(&["logging", "read", &format!("{errors} AND NOT resource.labels.revision_name=\"{next}\""), "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&out.stdout).unwrap(), json!([]), "errors from another revision:\n{}", out.all());

    // 10. Roll back; a short hey run is all 200.
    let out = g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "good=100"]).all();
    assert_has(&out, &format!("100% {good}"));
    let report = run_hey(&["-n", "2000", &service_url]);
    assert_eq!(hey_status_counts(&report), [(200, 2000)].into(), "after the rollback:\n{report}");

    // 11. The SLI recovers: with traffic going on (a light load, so every window has
    //     data), the bad windows leave the 60 s period and the SLI climbs back over 95%.
    let _load = Background(
        Command::new(hey())
            .args(["-z", "120s", "-c", "1", "-q", "20", &service_url])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hey"),
    );
    //     While it is below the goal, the status says when it will be back over it at the
    //     recent rate (the last 15 s here: a quarter of the shortened period), and
    //     `runlane slo describe` says so in words.
    let recovering_seen = std::cell::Cell::new(None::<f64>);
    let recovering_seen = &recovering_seen;
    let recovered = eventually(Duration::from_secs(90), "the SLI back over 95%", || async {
        let (_, st) = r.api_json("GET", &status_path, None).await.ok()?;
        let sli = st["sli"].as_f64()?;
        if sli < 0.95 && st["recovery"]["state"] == "RECOVERING" && recovering_seen.get().is_none() {
            recovering_seen.set(st["recovery"]["secondsToGoal"].as_f64());
            let described = r.cli_ok(&["slo", "describe", "jokes", "availability-windows", "--namespace", PROJECT]);
            assert!(described.contains("Recovery:           the SLI is back over the goal in about"), "{described}");
        }
        (sli > 0.95).then_some(st)
    })
    .await;
    let eta = recovering_seen.get().expect("the status said the SLI was recovering, with when, before it was back over the goal");
    assert!(eta > 0.0 && eta <= 60.0, "back over the goal within the 60 s period: {eta} s");
    assert_eq!(recovered["recovery"]["state"], "MET", "{recovered:#}");
    let opened: Vec<String> = smtp.messages().iter().map(|m| m.subject()).filter(|s| s.contains("OPEN")).collect();
    assert_eq!(opened.len(), 1, "one alert email in all: {opened:#?}");
    eprintln!(
        "the current tutorial's journey: SLI {:.4} after the rollback; whole story in {:.1} s",
        recovered["sli"].as_f64().unwrap_or(0.0),
        started.elapsed().as_secs_f64()
    );
}

async fn incident_in(r: &Runlane, project: &str, id: &str) -> Value {
    let (status, i) = r.api_json("GET", &format!("/v3/projects/{project}/incidents/{id}"), None).await.unwrap();
    assert_eq!(status, 200, "{i}");
    i
}

/// Lines a child prints, collected by a thread as they come.
fn collect_lines(stdout: std::process::ChildStdout) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use std::io::BufRead;
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_tells_the_story_and_leaves_the_incident_open() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("demo");
    let stderr_path = tmp.path().join("demo.stderr");
    let mut demo = Background(
        Command::new(bin())
            .args(["demo", "--api-addr", "127.0.0.1:0", "--router-port", "0", "--data-dir"])
            .arg(&data_dir)
            .env_remove("RUNLANE_API")
            .env_remove("RUNLANE_TOKEN_FILE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .expect("start runlane demo"),
    );
    let lines = collect_lines(demo.0.stdout.take().unwrap());
    let text = || lines.lock().unwrap().join("\n");
    eventually(Duration::from_secs(240), "the demo to finish its story", || async {
        let t = text();
        let errors = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        assert!(!errors.contains("ERROR"), "the demo failed:\n{t}\n{errors}");
        t.contains("The platform keeps running").then_some(())
    })
    .await;
    let out = text();
    for expected in [
        "$ runlane deploy jokes --image runlane/hello --tag good",
        "$ runlane alerts create jokes --slo availability --burn-rate 10 --lookback 30s",
        "$ runlane services update-traffic jokes --to-tags next=10",
        "10000 requests in",
        ": 0 answered 2xx, 200 failed (100.0%)",
        "To:      oncall@example.com",
        "Acknowledged incident [1]",
        "$ runlane services update-traffic jokes --to-tags good=100",
        "back within the SLO",
        "Incident 1 is still open",
    ] {
        assert!(out.contains(expected), "expected {expected:?} in the demo's narration:\n{out}");
    }
    // Exactly 10% of the split's requests failed; the base load shares the split's
    // counter (3 requests a second), so the load test's own share can be off by a few.
    let burst = out.lines().find(|l| l.contains("10000 requests in")).unwrap();
    let failed: u64 = burst.split("2xx, ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{burst}"));
    assert!(failed.abs_diff(1000) <= 20, "{burst}");
    // The canary is the top revision, in the email and in the logs.
    let next = out.split("revision [").filter_map(|s| s.split(']').next()).find(|r| out.contains(&format!("{r}] has been deployed and is serving 0 percent"))).unwrap_or_else(|| panic!("{out}")).to_owned();
    assert!(out.contains(&format!("Top revision:   {next}")), "{out}");
    assert!(out.contains(&format!("ERROR entries: 1000 from {next}.")), "{out}");
    // After the rollback the SLI climbs back (the burst's bad requests leave the period
    // over its 20 s), reported on the way rather than jumping from its low to 100%.
    let after_rollback = out.split("--to-tags good=100").nth(1).unwrap();
    let climb: Vec<f64> = after_rollback
        .lines()
        .filter_map(|l| l.trim().strip_prefix("SLI ").and_then(|r| r.split('%').next()).and_then(|v| v.parse().ok()))
        .collect();
    assert!(climb.len() >= 3, "the SLI's climb in fewer than 3 readings: {climb:?}\n{after_rollback}");
    assert!(climb.windows(2).all(|w| w[1] >= w[0]), "the SLI fell on its way back: {climb:?}");
    assert!(climb.iter().filter(|v| **v < 99.0).count() >= 2, "no climb was seen below the goal: {climb:?}");
    // And it says when it will be back over 99%, counting down as the bad requests leave.
    let etas: Vec<u64> = after_rollback
        .lines()
        .filter_map(|l| l.split("back over 99% in about ").nth(1)?.split(' ').next()?.parse().ok())
        .collect();
    assert!(etas.len() >= 3 && etas.windows(2).all(|w| w[1] <= w[0] + 2) && etas.last() < etas.first(), "no countdown to the goal: {etas:?}\n{after_rollback}");
    // Burn rates are over lookbacks inside the 1-minute period, so they agree with its SLI.
    let burns = after_rollback.lines().find(|l| l.contains("Burn rates:")).unwrap_or_else(|| panic!("{after_rollback}"));
    assert!(burns.contains(" 1m ") && !burns.contains("5m"), "{burns}");
    let mail = std::fs::read_to_string(data_dir.join("mail/0001.eml")).expect("the alert email in the demo's mailbox");
    assert!(mail.contains("OPEN"), "{mail}");

    // Still running, the incident open and acknowledged, for the operator to inspect.
    let (api, token) = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("export RUNLANE_API="))
        .and_then(|rest| rest.split_once(" RUNLANE_TOKEN_FILE="))
        .unwrap_or_else(|| panic!("no export line in:\n{out}"));
    let cli = Command::new(bin()).args(["incidents", "list", "--format", "json"]).env("RUNLANE_API", api).env("RUNLANE_TOKEN_FILE", token).output().unwrap();
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    let incidents: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(incidents.as_array().unwrap().len(), 1, "{incidents:#}");
    assert_eq!(incidents[0]["state"], "OPEN", "{incidents:#}");
    assert_eq!(incidents[0]["acknowledged"]["by"], "demo", "{incidents:#}");
    assert_eq!(incidents[0]["topRevision"], json!(next), "{incidents:#}");

    // SIGTERM stops the demo and the platform with it.
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(demo.0.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
    let status = eventually(Duration::from_secs(30), "the demo to exit", || {
        let status = demo.0.try_wait().unwrap();
        async move { status }
    })
    .await;
    assert!(status.success(), "{status:?}");
    let after = Command::new(bin()).args(["incidents", "list"]).env("RUNLANE_API", api).env("RUNLANE_TOKEN_FILE", token).output().unwrap();
    assert!(!after.status.success(), "the platform still answers after the demo stopped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walkthrough_mail_catcher_prints_decoded_mail() {
    use lettre::{message::header::ContentType, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/serverless-journey/mailcatcher.py");
    // Debian's python3 has python3-aiosmtpd; a pyenv shim on PATH may not.
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| Command::new(p).args(["-c", "import aiosmtpd"]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()))
        .expect("python3-aiosmtpd is not installed; apt-get install python3-aiosmtpd (scripts/test.sh does)");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut catcher = Background(
        Command::new(python).arg(&script).arg(format!("127.0.0.1:{port}")).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start mailcatcher.py"),
    );
    let lines = collect_lines(catcher.0.stdout.take().unwrap());
    let text = || lines.lock().unwrap().join("\n");
    eventually(Duration::from_secs(20), "the mail catcher to listen", || async { text().contains("catching mail on").then_some(()) }).await;

    let subject = "[runlane] OPEN: jokes fast burn — service jokes SLO availability, burn rate 44.3× (incident 1)";
    let body = format!("Burn rate:      44.3× at open, peak 44.3×\nTop revision:   jokes-00002-qas — 703 of its 703 requests bad in the last 5m, {}\n", "100% of all bad requests");
    let message = Message::builder()
        .from("runlane@localhost".parse().unwrap())
        .to("oncall@example.com".parse().unwrap())
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.clone())
        .unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    assert!(raw.contains("=?utf-8?") && raw.contains("quoted-printable"), "lettre no longer encodes as runlane's alerts are:\n{raw}");
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(port).build().send(message).await.expect("send through the mail catcher");

    let printed = eventually(Duration::from_secs(20), "the mail printed", || async {
        let t = text();
        t.contains("Top revision:").then_some(t)
    })
    .await;
    assert!(printed.contains("===== mail from runlane@localhost to oncall@example.com"), "{printed}");
    assert!(printed.contains(&format!("Subject: {subject}")), "{printed}");
    for line in body.lines() {
        assert!(printed.contains(line), "{line:?} not printed as sent:\n{printed}");
    }
}
