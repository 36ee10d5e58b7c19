//! Leaving one machine (issue 13), end to end with the real binary and the real tools:
//! `runlane export` writes Knative Services (checked against the Knative Service CRD's
//! schema), Prometheus rules (checked by `promtool check rules`, and their generated unit
//! tests run by `promtool test rules`), an Alertmanager configuration (`amtool
//! check-config`) and OpenSLO SLOs; `runlane import` of those files into a fresh runlane
//! gives the same services, revisions, traffic and SLOs.
//!
//! Module index:
//! - `export_passes_the_real_tools_and_import_round_trips`
//! - `import_refuses_a_bad_file_and_changes_nothing`
//!
//! promtool and amtool come from Debian's `prometheus` and `prometheus-alertmanager`
//! (scripts/test.sh installs them); a missing tool fails the test.

use runlane_export::crd;
use runlane_test_support::Runlane;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

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
