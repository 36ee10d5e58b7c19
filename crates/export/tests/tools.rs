//! The exported documents checked by the tools that consume them: Knative Services against
//! the Service CRD's schema, Prometheus rules with the real `promtool check rules` and
//! `promtool test rules` (running the generated fixtures, and proving a wrong expectation
//! fails), the Alertmanager configuration with the real `amtool check-config`.
//! promtool and amtool come from Debian's `prometheus` and `prometheus-alertmanager`
//! (scripts/test.sh installs them); a missing tool fails these tests.

use runlane_alerting::model::{
    Channel, Comparison, Combiner, Condition, Labels, PeriodSpec, Policy, Sli, Slo,
};
use runlane_export::{alertmanager, crd, knative, rules, yaml};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

fn run(tool: &str, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}); install it: apt-get install prometheus prometheus-alertmanager (scripts/test.sh does)"));
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

fn slo(id: &str, sli: Sli, goal: f64, period: PeriodSpec) -> Slo {
    Slo {
        project: "default".into(),
        service: "jokes".into(),
        id: id.into(),
        display_name: id.into(),
        sli,
        goal,
        period,
        user_labels: Labels::new(),
    }
}

fn burn_policy(id: &str, slo: &str, severity: &str, tier: u32, conditions: &[(u64, f64)], duration: u64) -> Policy {
    let labels: Labels = [
        ("severity", severity.to_owned()),
        ("runlane_inhibit_group", slo.to_owned()),
        ("runlane_tier", tier.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    Policy {
        project: "default".into(),
        id: id.into(),
        display_name: format!("jokes {slo} {id}"),
        conditions: conditions
            .iter()
            .enumerate()
            .map(|(i, (lookback, threshold))| Condition {
                id: i.to_string(),
                display_name: format!("burn rate over {lookback}s"),
                filter: format!("select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/{slo}\", \"{lookback}s\")"),
                comparison: Comparison::Gt,
                threshold: *threshold,
                duration_secs: duration,
                trigger: None,
                aggregation: None,
                absent: false,
            })
            .collect(),
        combiner: Combiner::And,
        enabled: true,
        channels: vec![
            "projects/default/notificationChannels/mail".into(),
            "projects/default/notificationChannels/hook".into(),
        ],
        documentation: Some(runlane_alerting::model::Documentation { content: "Roll back the canary.".into(), mime_type: "text/markdown".into() }),
        auto_close_secs: None,
        user_labels: labels,
        severity: None,
        created_ms: 0,
        updated_ms: 0,
    }
}

/// SLOs of each exportable shape with the Workbook's page and ticket policies, and a
/// short-window policy like runlane's quick tests use.
fn fixture() -> (Vec<Slo>, Vec<Policy>) {
    let count = "metric.type=\"run.googleapis.com/request_count\"";
    let slos = vec![
        slo("availability", Sli::BasicAvailability, 0.999, PeriodSpec::Rolling { secs: 30 * 86_400 }),
        slo("latency", Sli::BasicLatency { threshold_ms: 250.0 }, 0.99, PeriodSpec::Rolling { secs: 7 * 86_400 }),
        slo(
            "ok-ratio",
            Sli::Ratio { good: Some(format!("{count} AND metric.labels.response_code_class=\"2xx\"")), bad: None, total: Some(count.into()) },
            0.95,
            PeriodSpec::Rolling { secs: 3600 },
        ),
        // "Good = 2xx within 250 ms", over the 2xx latency histogram only.
        slo(
            "ok-fast",
            Sli::DistributionCut {
                filter: "metric.type=\"run.googleapis.com/request_latencies\" AND metric.labels.response_code_class=\"2xx\"".into(),
                min_ms: None,
                max_ms: Some(250.0),
            },
            0.95,
            PeriodSpec::Rolling { secs: 3600 },
        ),
    ];
    let mut policies = Vec::new();
    for s in ["availability", "latency"] {
        policies.push(burn_policy(&format!("{s}-page-fast"), s, "page", 1, &[(3600, 14.4), (300, 14.4)], 0));
        policies.push(burn_policy(&format!("{s}-page-slow"), s, "page", 2, &[(21_600, 6.0), (1800, 6.0)], 0));
        policies.push(burn_policy(&format!("{s}-ticket"), s, "ticket", 3, &[(259_200, 1.0), (21_600, 1.0)], 0));
    }
    policies.push(burn_policy("ok-ratio-quick", "ok-ratio", "page", 1, &[(30, 5.0)], 5));
    policies.push(burn_policy("ok-fast-quick", "ok-fast", "page", 1, &[(30, 5.0)], 5));
    (slos, policies)
}

fn channels() -> Vec<Channel> {
    let channel = |id: &str, kind: &str, key: &str, value: &str| Channel {
        project: "default".into(),
        id: id.into(),
        kind: kind.into(),
        display_name: id.into(),
        description: String::new(),
        labels: [(key.to_owned(), value.to_owned())].into_iter().collect(),
        user_labels: Labels::new(),
        enabled: true,
        created_ms: 0,
    };
    vec![
        channel("mail", "email", "email_address", "oncall@example.com"),
        channel("hook", "webhook_tokenauth", "url", "http://127.0.0.1:9/hook?token=abc"),
    ]
}

#[test]
#[ignore = "needs promtool; scripts/test.sh runs it"]
fn promtool_checks_the_rules_and_runs_the_generated_tests() {
    let (slos, policies) = fixture();
    let r = rules::rules(&slos, &policies, "rules.yaml");
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.yaml"), yaml(std::slice::from_ref(&r.rules)).unwrap()).unwrap();
    let (ok, out) = run("promtool", &["check", "rules", "rules.yaml"], dir.path());
    assert!(ok, "promtool check rules: {out}");
    // Per SLO: Sloth's 7 windows, its own lookbacks and period, 7 metadata series; 8 alerts.
    assert!(out.contains("SUCCESS: 68 rules found"), "{out}");
    let cases: usize = r.tests.iter().map(|(_, t)| t["tests"].as_array().unwrap().len()).sum();
    // Three per alert, and a short-burst case for the five two-window alerts whose long
    // window is at most 1000 steps (not 3 d/6 h).
    assert_eq!(cases, 8 * 3 + 4, "cases per alert");
    for (interval, tests) in &r.tests {
        let file = format!("rules.test-{interval}s.yaml");
        std::fs::write(dir.path().join(&file), yaml(std::slice::from_ref(tests)).unwrap()).unwrap();
        let (ok, out) = run("promtool", &["test", "rules", &file], dir.path());
        assert!(ok, "promtool test rules {file}: {out}");

        // The fixtures can fail: expecting the quiet cases to fire, and the firing one to
        // stay quiet, makes promtool report every case.
        let mut wrong = tests.clone();
        let list = wrong["tests"].as_array_mut().unwrap();
        for case in list.iter_mut() {
            let name = case["alert_rule_test"][0]["alertname"].clone();
            let firing = tests["tests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| &t["alert_rule_test"][0])
                .find(|t| t["alertname"] == name && t["exp_alerts"] != json!([]))
                .unwrap()["exp_alerts"]
                .clone();
            let alert = &mut case["alert_rule_test"][0];
            alert["exp_alerts"] = if alert["exp_alerts"] == json!([]) { firing } else { json!([]) };
        }
        let n = list.len();
        let file = format!("wrong-{interval}s.yaml");
        std::fs::write(dir.path().join(&file), yaml(&[wrong]).unwrap()).unwrap();
        let (ok, out) = run("promtool", &["test", "rules", &file], dir.path());
        assert!(!ok, "promtool accepted wrong expectations: {out}");
        assert_eq!(out.matches("alertname:").count(), n, "{out}");
    }
}

#[test]
#[ignore = "needs amtool; scripts/test.sh runs it"]
fn amtool_accepts_the_alertmanager_config() {
    let (_, policies) = fixture();
    let smtp = alertmanager::Smtp { url: "smtp://alice@127.0.0.1:2525".into(), from: "runlane@example.com".into() };
    let (config, skipped) = alertmanager::config(&policies, &channels(), Some(&smtp));
    assert!(skipped.is_empty(), "{skipped:?}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alertmanager.yml"), yaml(&[config]).unwrap()).unwrap();
    let (ok, out) = run("amtool", &["check-config", "alertmanager.yml"], dir.path());
    assert!(ok, "amtool check-config: {out}");
    assert!(out.contains(" - 9 receivers") && out.contains(" - 7 inhibit rules"), "{out}");

    // amtool does refuse a broken configuration (an email receiver without a smarthost).
    let (mut broken, _) = alertmanager::config(&policies, &channels(), Some(&smtp));
    broken["global"] = json!({});
    std::fs::write(dir.path().join("broken.yml"), yaml(&[broken]).unwrap()).unwrap();
    let (ok, out) = run("amtool", &["check-config", "broken.yml"], dir.path());
    assert!(!ok && out.contains("smarthost"), "{out}");
}

fn crd_schema() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/knative-service-crd.yaml")).unwrap();
    let crd: Value = serde_saphyr::from_str(&text).unwrap();
    crd::schema(&crd, "v1").expect("the CRD has a v1 schema").clone()
}

#[test]
fn knative_documents_follow_the_service_crd() {
    let schema = crd_schema();
    let template = |image: &str, env: &str| json!({
        "metadata": {"labels": {}, "annotations": {"autoscaling.knative.dev/maxScale": "3"}},
        "spec": {
            "containers": [{"image": image, "command": ["python3", "-m", "http.server"], "args": ["--bind", "127.0.0.1"],
                "env": [{"name": "MODE", "value": env}], "ports": [{"containerPort": 8080, "name": "http1"}],
                "resources": {"limits": {"memory": "512Mi"}},
                "startupProbe": {"initialDelaySeconds": 0, "periodSeconds": 1, "timeoutSeconds": 1, "failureThreshold": 30, "httpGet": {"path": "/healthz"}}}],
            "containerConcurrency": 80, "timeoutSeconds": 300,
        },
    });
    let service = json!({
        "apiVersion": "serving.knative.dev/v1", "kind": "Service",
        "metadata": {"name": "jokes", "namespace": "default", "uid": "x", "generation": 2, "resourceVersion": "9",
            "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"cloud.googleapis.com/location": "us-central1"},
            "annotations": {"serving.knative.dev/creator": "runlane"}},
        "spec": {"template": template("runlane/python:v2", "new"),
            "traffic": [{"revisionName": "jokes-00001-abc", "percent": 90}, {"revisionName": "jokes-00002-def", "percent": 10, "tag": "canary"}, {"latestRevision": true, "percent": 0, "tag": "latest"}]},
        "status": {"latestCreatedRevisionName": "jokes-00002-def"},
    });
    let docs = knative::documents(&service, &[("jokes-00001-abc".into(), template("runlane/python:v1", "old")), ("jokes-00002-def".into(), template("runlane/python:v2", "new"))]);
    assert_eq!(docs.len(), 2);
    for d in &docs {
        assert_eq!(crd::validate(&schema, d), Vec::<String>::new(), "{d}");
    }
    // The schema check has teeth: the API's status and a misspelt field are refused.
    let mut wrong = docs[1].clone();
    wrong["spec"]["traffic"][0]["percentage"] = json!(90);
    wrong["spec"]["template"]["spec"]["containerConcurrency"] = json!("80");
    assert_eq!(
        crd::validate(&schema, &wrong),
        [".spec.template.spec.containerConcurrency: must be of type integer, got \"80\"", ".spec.traffic[0].percentage: unknown field"]
    );
}
