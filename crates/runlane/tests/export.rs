//! Leaving one machine, end to end with the real binary and the real tools:
//! `runlane export` writes Knative Services (checked against the Knative Service CRD's
//! schema), Prometheus rules (checked by `promtool check rules`, and their generated unit
//! tests run by `promtool test rules`), an Alertmanager configuration (`amtool
//! check-config`) and OpenSLO SLOs; `runlane import` of those files into a fresh runlane
//! gives the same services, revisions, traffic and SLOs.
//!
//! Module index:
//! - `export_passes_the_real_tools_and_import_round_trips`
//! - `import_refuses_a_bad_file_and_changes_nothing`
//! - `prometheus_sourced_slo_opens_an_incident`: a real Prometheus (Debian's, started by
//!   the test, scraping runlane's `/metrics` every second) is the data source of an SLO on a
//!   custom service; a bad source is refused with its field; failing traffic opens an
//!   incident from the Prometheus-sourced burn rate.
//!
//! promtool and amtool come from Debian's `prometheus` and `prometheus-alertmanager`
//! (scripts/test.sh installs them); a missing tool fails the test.

use runlane_export::crd;
use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn tool(name: &str, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(name)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{name} could not run ({e}); apt-get install prometheus prometheus-alertmanager (scripts/test.sh does)"));
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

fn crd_schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../export/tests/data/knative-service-crd.yaml");
    let crd: Value = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    crd::schema(&crd, "v1").unwrap().clone()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What must survive a round trip: the service's spec and its revisions' names and templates.
async fn service_state(r: &Runlane) -> (Value, Vec<(String, Value)>) {
    let (code, s) = r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/services/jokes", None).await.unwrap();
    assert_eq!(code, 200, "{s}");
    let (_, list) = r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/revisions", None).await.unwrap();
    let mut revisions: Vec<(String, Value)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rev| (rev["metadata"]["name"].as_str().unwrap().to_owned(), rev["spec"]["containers"].clone()))
        .collect();
    revisions.sort_by(|a, b| a.0.cmp(&b.0));
    let mut spec = s["spec"].clone();
    // The template's own name is set by the export (it names the revision it mints).
    spec["template"]["metadata"].as_object_mut().unwrap().remove("name");
    (json_sorted(spec), revisions)
}

fn json_sorted(v: Value) -> Value {
    serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap()
}

async fn slo_state(r: &Runlane) -> Vec<Value> {
    let (code, list) = r.api_json("GET", "/v3/projects/default/services/jokes/serviceLevelObjectives", None).await.unwrap();
    assert_eq!(code, 200, "{list}");
    let mut slos: Vec<Value> = list["serviceLevelObjectives"].as_array().cloned().unwrap_or_default();
    slos.sort_by_key(|s| s["name"].as_str().unwrap_or_default().to_owned());
    slos
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs amtool, promtool; scripts/test.sh runs it"]
async fn export_passes_the_real_tools_and_import_round_trips() {
    let r = Runlane::start_with(bin(), &["--smtp-url", "smtp://alice@127.0.0.1:2525", "--smtp-from", "runlane@example.com"]).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "GREETING=one", "--tag", "stable"]);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "GREETING=two", "--tag", "canary", "--no-traffic"]);
    r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "canary=20"]);
    r.cli_ok(&["slo", "create", "jokes", "--availability", "--goal", "99.9", "--rolling", "2592000s"]);
    r.cli_ok(&["slo", "create", "jokes", "--latency-ms", "250", "--goal", "99", "--rolling", "604800s"]);
    r.cli_ok(&["channels", "create", "email", "--address", "oncall@example.com"]);
    r.cli_ok(&["channels", "create", "webhook", "--url", "http://127.0.0.1:9/hook"]);
    r.cli_ok(&["alerts", "create", "jokes", "--slo", "availability", "--preset", "sre-workbook", "--channel", "oncall@example.com"]);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    for format in ["knative", "prometheus-rules", "alertmanager", "openslo"] {
        let o = r.cli(&["export", "--format", format, "--out", dir.to_str().unwrap()]);
        assert!(o.status.success(), "export {format}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let names = files(dir);
    assert!(names.contains(&"knative-jokes.yaml".to_owned()) && names.contains(&"prometheus-rules.yaml".to_owned())
        && names.contains(&"alertmanager.yml".to_owned()) && names.contains(&"openslo-jokes.yaml".to_owned()), "{names:?}");

    // Knative: one document per revision the split names, each valid against the CRD.
    let schema = crd_schema();
    let knative = std::fs::read_to_string(dir.join("knative-jokes.yaml")).unwrap();
    let docs: Vec<Value> = serde_saphyr::from_multiple(&knative).unwrap();
    assert_eq!(docs.len(), 2, "{knative}");
    for d in &docs {
        assert_eq!(crd::validate(&schema, d), Vec::<String>::new(), "{knative}");
    }
    let traffic = &docs[1]["spec"]["traffic"];
    assert_eq!(traffic.as_array().unwrap().iter().filter_map(|t| t["percent"].as_u64()).sum::<u64>(), 100, "{knative}");
    let canary = docs[1]["spec"]["template"]["metadata"]["name"].clone();
    let t = traffic.as_array().unwrap();
    assert!(t.iter().any(|t| t["revisionName"] == canary && t["percent"] == 20), "{knative}");
    assert!(t.iter().any(|t| t["revisionName"] == canary && t["tag"] == "canary"), "{knative}");

    // Prometheus: promtool checks the rules and runs every generated test file.
    let (ok, text) = tool("promtool", &["check", "rules", "prometheus-rules.yaml"], dir);
    assert!(ok && text.contains("SUCCESS"), "{text}");
    let tests: Vec<&String> = names.iter().filter(|n| n.starts_with("prometheus-rules.test-")).collect();
    assert!(!tests.is_empty(), "{names:?}");
    for t in tests {
        let (ok, text) = tool("promtool", &["test", "rules", t], dir);
        assert!(ok, "promtool test rules {t}: {text}");
    }
    let rules = std::fs::read_to_string(dir.join("prometheus-rules.yaml")).unwrap();
    for want in ["slo:sli_error:ratio_rate5m", "slo:error_budget:ratio", "severity: page", "severity: ticket", "le=\"0.25\""] {
        assert!(rules.contains(want), "{want} not in {rules}");
    }

    // Alertmanager: amtool accepts it; email goes through runlane's SMTP server.
    let (ok, text) = tool("amtool", &["check-config", "alertmanager.yml"], dir);
    assert!(ok, "{text}");
    let am = std::fs::read_to_string(dir.join("alertmanager.yml")).unwrap();
    assert!(am.contains("smtp_smarthost: 127.0.0.1:2525") && am.contains("oncall@example.com") && am.contains("inhibit_rules"), "{am}");

    // Import into a fresh runlane gives the same resources.
    let fresh = Runlane::start(bin()).unwrap();
    for f in ["knative-jokes.yaml", "openslo-jokes.yaml"] {
        let o = fresh.cli(&["import", dir.join(f).to_str().unwrap()]);
        assert!(o.status.success(), "import {f}: {}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(service_state(&fresh).await, service_state(&r).await);
    let (a, b) = (slo_state(&r).await, slo_state(&fresh).await);
    assert_eq!(a.len(), 2);
    assert_eq!(a, b);
    // Importing the same SLOs again changes nothing.
    let o = fresh.cli(&["import", dir.join("openslo-jokes.yaml").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("(unchanged)"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn import_refuses_a_bad_file_and_changes_nothing() {
    let r = Runlane::start(bin()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, text: &str, want: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let o = r.cli(&["import", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!o.status.success() && err.contains(want), "{name}: {err}");
    };
    let service = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: jokes\nspec:\n  template:\n    spec:\n      containers:\n      - image: runlane/hello\n";
    check("kind.yaml", &format!("{service}---\napiVersion: v1\nkind: ConfigMap\n"), "document 2: apiVersion \"v1\" kind \"ConfigMap\" cannot be imported");
    check("percent.yaml", &format!("{service}---\n{service}  traffic:\n  - latestRevision: true\n    percent: 90\n"), "document 2 (Service jokes)");
    check("slo.yaml", "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\nspec:\n  service: jokes\n  objectives: []\n", "spec.objectives[0].target is missing");
    let (_, list) = r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/services", None).await.unwrap();
    assert_eq!(list["items"], serde_json::json!([]), "a refused file created something");
}

#[allow(clippy::print_stderr, reason = "reports a measured delay")]
fn report(line: &str) {
    eprintln!("{line}");
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real Prometheus scraping runlane's `/metrics` (with the API token) every second.
fn start_prometheus(r: &Runlane, dir: &Path) -> (Killed, u16) {
    let api = r.api.trim_start_matches("http://").trim_end_matches('/');
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: runlane\n    metrics_path: /metrics\n    authorization:\n      credentials_file: {}\n    static_configs:\n      - targets: ['{api}']\n",
        r.token_file().display()
    );
    std::fs::write(dir.join("prometheus.yml"), config).unwrap();
    let port = free_port();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", dir.join("prometheus.yml").display()))
        .arg(format!("--storage.tsdb.path={}", dir.join("tsdb").display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("prometheus.log")).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("prometheus could not start ({e}); apt-get install prometheus (scripts/test.sh does)"));
    (Killed(child), port)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs prometheus; scripts/test.sh runs it"]
async fn prometheus_sourced_slo_opens_an_incident() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100"]);
    let dir = tempfile::tempdir().unwrap();
    let (_prometheus, port) = start_prometheus(&r, dir.path());
    let url = format!("http://127.0.0.1:{port}");

    // A service runlane does not run: its SLO reads Prometheus.
    let (code, body) = r.api_json("POST", "/v3/projects/default/services?serviceId=elsewhere", Some(json!({"displayName": "Runs elsewhere"}))).await.unwrap();
    assert_eq!(code, 200, "{body}");
    let slos = "/v3/projects/default/services/elsewhere/serviceLevelObjectives";
    let sli = |url: &str, total: &str| json!({"prometheus": {
        "url": url,
        "badQuery": "sum(increase(runlane_request_count_total{service=\"jokes\",response_code_class=\"5xx\"}[{{.window}}]))",
        "totalQuery": total,
    }});
    let total = "sum(increase(runlane_request_count_total{service=\"jokes\"}[{{.window}}]))";
    for (bad, field, message) in [
        (sli("https://127.0.0.1:9", total), "serviceLevelIndicator.prometheus.url", "is not an http:// URL"),
        (sli(&url, "sum(runlane_request_count_total)"), "serviceLevelIndicator.prometheus.totalQuery", "must count events over {{.window}}"),
    ] {
        let (code, body) = r.api_json("POST", &format!("{slos}?serviceLevelObjectiveId=bad"), Some(json!({"goal": 0.99, "rollingPeriod": "3600s", "serviceLevelIndicator": bad}))).await.unwrap();
        let violation = &body["error"]["details"][0]["fieldViolations"][0];
        assert!(code == 400 && violation["field"] == field && violation["description"].as_str().unwrap().contains(message), "{body}");
    }
    let bad = sli(&url, total)["prometheus"]["badQuery"].as_str().unwrap().to_owned();
    r.cli_ok(&["slo", "create", "elsewhere", "--prometheus-url", &url, "--bad-query", &bad, "--total-query", total, "--goal", "99", "--rolling", "3600s", "--id", "availability"]);
    let (code, body) = r.api_json("GET", &format!("{slos}/availability"), None).await.unwrap();
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["serviceLevelIndicator"], sli(&url, total), "{body}");
    r.cli_ok(&["alerts", "create", "elsewhere", "--slo", "availability", "--burn-rate", "5", "--lookback", "30s"]);

    // Every request fails (burn rate 100); the incident opens from Prometheus's counts.
    let started = tokio::time::Instant::now();
    let incident = eventually(Duration::from_secs(90), "an incident opened from Prometheus-sourced counts", || async {
        for _ in 0..10 {
            r.get("jokes.localhost", "/").await.ok()?;
        }
        let (_, list) = r.api_json("GET", "/v3/projects/default/incidents", None).await.ok()?;
        list["incidents"].as_array()?.iter().find(|i| i["state"] == "OPEN").cloned()
    })
    .await;
    assert!(incident.to_string().contains("elsewhere"), "{incident}");
    report(&format!("incident opened {:.1} s after the first failing request (1 s scrapes, 30 s lookback)", started.elapsed().as_secs_f64()));
    // The SLO's status reads Prometheus too: every counted request was bad.
    let (_, status) = r.api_json("GET", &format!("{slos}/availability:status?steps=1"), None).await.unwrap();
    assert!(status["events"]["total"].as_u64().unwrap() >= 10, "{status}");
    assert_eq!(status["events"]["good"].as_u64(), Some(0), "{status}");
}
