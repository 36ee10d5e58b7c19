//! Human-readable output for `--format table` (the default): the services and revisions tables
//! and the `describe` views, modelled on gcloud's printers. Pure functions of the API's JSON.

use crate::format::render_table;
use crate::knative::{self, condition, str_at};
pub use crate::metrics::Saturation;
use crate::traffic::{self, Percent};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Columns: Ready symbol, SERVICE, URL, ACCESS (public or private), LATEST READY, TRAFFIC
/// (the serving split).
pub fn services_table(services: &[Value]) -> String {
    let rows: Vec<Vec<String>> = services
        .iter()
        .map(|s| {
            vec![
                knative::ready_symbol(s).to_string(),
                str_at(s, "/metadata/name").unwrap_or("").to_string(),
                str_at(s, "/status/url").unwrap_or("").to_string(),
                knative::access(s).unwrap_or("").to_string(),
                str_at(s, "/status/latestReadyRevisionName")
                    .unwrap_or("")
                    .to_string(),
                traffic_summary(s),
            ]
        })
        .collect();
    render_table(&["", "SERVICE", "URL", "ACCESS", "LATEST READY", "TRAFFIC"], &rows)
}

/// `90% jokes-00001-abc, 10% LATEST` from status.traffic (spec.traffic while there is none).
fn traffic_summary(service: &Value) -> String {
    let status = traffic::parse_targets(service.pointer("/status/traffic")).unwrap_or_default();
    let targets = if status.is_empty() {
        traffic::parse_targets(service.pointer("/spec/traffic")).unwrap_or_default()
    } else {
        status
    };
    targets
        .iter()
        .filter_map(|t| {
            Some(format!(
                "{}% {}",
                t.percent.filter(|p| *p > Percent::ZERO)?,
                t.key
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What each revision serves, from its services' status.traffic: percent and tags.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Serving {
    pub percent: u32,
    pub tags: BTreeSet<String>,
}

pub fn serving_by_revision(services: &[Value]) -> BTreeMap<String, Serving> {
    let mut map: BTreeMap<String, Serving> = BTreeMap::new();
    for service in services {
        let latest_ready = str_at(service, "/status/latestReadyRevisionName");
        let targets = service.pointer("/status/traffic").and_then(Value::as_array);
        for target in targets.into_iter().flatten() {
            let latest = target.get("latestRevision").and_then(Value::as_bool) == Some(true);
            let name = target.get("revisionName").and_then(Value::as_str);
            let Some(name) = name.or(if latest { latest_ready } else { None }) else {
                continue;
            };
            let entry = map.entry(name.to_string()).or_default();
            if let Some(p) = target
                .get("percent")
                .and_then(|p| Percent::from_json(p).ok())
            {
                entry.percent = (entry.percent + p.basis_points()).min(10_000);
            }
            if let Some(tag) = target
                .get("tag")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
            {
                entry.tags.insert(tag.to_string());
            }
        }
    }
    map
}

/// Columns: Ready symbol, REVISION, SERVICE, TRAFFIC, TAGS, DEPLOYED; newest first per service.
pub fn revisions_table(revisions: &[Value], serving: &BTreeMap<String, Serving>) -> String {
    let mut sorted: Vec<&Value> = revisions.iter().collect();
    let key = |r: &Value| {
        (
            service_of(r).unwrap_or("").to_string(),
            std::cmp::Reverse(
                str_at(r, "/metadata/creationTimestamp")
                    .unwrap_or("")
                    .to_string(),
            ),
            std::cmp::Reverse(str_at(r, "/metadata/name").unwrap_or("").to_string()),
        )
    };
    sorted.sort_by_key(|r| key(r));
    let rows: Vec<Vec<String>> = sorted
        .into_iter()
        .map(|r| {
            let name = str_at(r, "/metadata/name").unwrap_or("");
            let serving = serving.get(name).cloned().unwrap_or_default();
            let percent = Percent::from_basis_points(serving.percent).unwrap_or(Percent::HUNDRED);
            vec![
                knative::ready_symbol(r).to_string(),
                name.to_string(),
                service_of(r).unwrap_or("").to_string(),
                format!("{percent}%"),
                serving.tags.into_iter().collect::<Vec<_>>().join(", "),
                str_at(r, "/metadata/creationTimestamp")
                    .unwrap_or("")
                    .to_string(),
            ]
        })
        .collect();
    render_table(
        &["", "REVISION", "SERVICE", "TRAFFIC", "TAGS", "DEPLOYED"],
        &rows,
    )
}

fn service_of(revision: &Value) -> Option<&str> {
    revision
        .pointer("/metadata/labels")?
        .get("serving.knative.dev/service")?
        .as_str()
}

/// Header, readiness, URL and traffic, then the template of the latest revision.
pub fn describe_service(service: &Value, namespace: &str) -> String {
    let name = str_at(service, "/metadata/name").unwrap_or("");
    let mut out = header(service, "Service", name, namespace);
    let latest_ready = str_at(service, "/status/latestReadyRevisionName");
    let spec = traffic::parse_targets(service.pointer("/spec/traffic")).unwrap_or_default();
    let status = traffic::parse_targets(service.pointer("/status/traffic")).unwrap_or_default();
    let url = str_at(service, "/status/url").unwrap_or("");
    out.push('\n');
    out.push_str(&traffic::render_traffic(url, &spec, &status, latest_ready));
    if let Some(access) = knative::access_line(service) {
        out.push_str(&access);
        out.push('\n');
    }
    let updated = condition(service, "Ready")
        .and_then(|c| c.get("lastTransitionTime")?.as_str())
        .or_else(|| str_at(service, "/metadata/creationTimestamp"));
    out.push('\n');
    match updated {
        Some(at) => out.push_str(&format!("Last updated on {at}:\n")),
        None => out.push_str("Template:\n"),
    }
    if let Some(revision) = str_at(service, "/status/latestCreatedRevisionName") {
        out.push_str(&format!("  Revision {revision}\n"));
    }
    let template = service
        .pointer("/spec/template")
        .cloned()
        .unwrap_or(Value::Null);
    out.push_str(&template_lines(
        template.get("spec").unwrap_or(&Value::Null),
        template.pointer("/metadata/annotations"),
        Vec::new(),
    ));
    out
}

/// Header, service and template of a revision, its scaling, and its saturation, read
/// from the metrics API (`None` when it could not be read: no line then).
pub fn describe_revision(
    revision: &Value,
    namespace: &str,
    saturation: Option<&Saturation>,
) -> String {
    let name = str_at(revision, "/metadata/name").unwrap_or("");
    let mut out = header(revision, "Revision", name, namespace);
    out.push('\n');
    let mut rows = Vec::new();
    if let Some(service) = service_of(revision) {
        rows.push(("Service".to_string(), service.to_string()));
    }
    if let Some(at) = str_at(revision, "/metadata/creationTimestamp") {
        rows.push(("Deployed".to_string(), at.to_string()));
    }
    // The digest the image's tag named at deploy: what every instance of this revision runs.
    if let Some(pinned) = str_at(revision, "/status/imageDigest") {
        rows.push(("Image digest".to_string(), pinned.to_string()));
    }
    out.push_str(&labeled(&rows, 0));
    let mut extra = scaling_rows(revision);
    if let Some(s) = saturation {
        extra.push(("Saturation".to_string(), saturation_line(s)));
    }
    out.push_str(&template_lines(
        revision.get("spec").unwrap_or(&Value::Null),
        revision.pointer("/metadata/annotations"),
        extra,
    ));
    out
}

/// `CPU p99 42.5%, memory p99 61.0% of limit over the last minute; 0 OOM kills in the last 24h`.
pub fn saturation_line(s: &Saturation) -> String {
    let percent = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{:.1}%", 100.0 * v));
    let usage = if s.cpu_p99.is_none() && s.memory_p99.is_none() {
        "no CPU or memory samples in the last minute".to_string()
    } else {
        format!(
            "CPU p99 {}, memory p99 {} of limit over the last minute",
            percent(s.cpu_p99),
            percent(s.memory_p99)
        )
    };
    let s_ = if s.oom_kills == 1 { "" } else { "s" };
    format!("{usage}; {} OOM kill{s_} in the last 24h", s.oom_kills)
}

/// Instances by state, startup time and the autoscaler's latest decision.
fn scaling_rows(revision: &Value) -> Vec<(String, String)> {
    let Some(runlane) = revision.pointer("/status/runlane") else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    if let Some(counts) = runlane.get("instanceCounts").and_then(Value::as_object) {
        let states: Vec<String> = counts
            .iter()
            .filter_map(|(state, n)| Some((state, n.as_u64()?)))
            .filter(|(_, n)| *n > 0)
            .map(|(state, n)| format!("{n} {}", state.to_lowercase()))
            .collect();
        let mut line = if states.is_empty() {
            "none".to_string()
        } else {
            states.join(", ")
        };
        if let Some(desired) = runlane.pointer("/autoscaler/desiredInstances") {
            line.push_str(&format!(" (autoscaler wants {desired})"));
        }
        rows.push(("Instances".to_string(), line));
    }
    let autoscaler = runlane.get("autoscaler").filter(|a| !a.is_null());
    if let Some(ms) = autoscaler
        .and_then(|a| a.get("lastStartupMillis"))
        .and_then(Value::as_u64)
    {
        rows.push(("Startup".to_string(), format!("{ms} ms (latest instance)")));
    }
    if let Some(a) = autoscaler {
        let n = |k: &str| a.get(k).and_then(Value::as_u64).unwrap_or(0);
        rows.push((
            "Requests".to_string(),
            format!(
                "{} in flight, {} waiting, {} refused (queue full)",
                n("requestsInFlight"),
                n("requestsWaiting"),
                n("requestsRefused")
            ),
        ));
        if let Some(reason) = a.pointer("/lastDecision/reason").and_then(Value::as_str) {
            rows.push(("Autoscaler".to_string(), reason.to_string()));
        }
        if let Some(grace) = a.get("scaleToZeroGraceSeconds").and_then(Value::as_f64) {
            rows.push(("Scale to zero".to_string(), format!("after {grace}s idle")));
        }
    }
    rows
}

fn header(resource: &Value, kind: &str, name: &str, namespace: &str) -> String {
    let mut out = format!(
        "{} {kind} {name} in namespace {namespace}\n",
        knative::ready_symbol(resource)
    );
    if knative::condition_status(resource, "Ready") != Some("True") {
        if let Some(message) = knative::condition_message(resource, "Ready") {
            out.push_str(&format!("\n{message}\n"));
        }
    }
    out
}

/// The revision template (or revision spec): container, scaling and limits, then
/// `extra` rows, aligned with them.
fn template_lines(
    spec: &Value,
    annotations: Option<&Value>,
    extra: Vec<(String, String)>,
) -> String {
    let container = spec.pointer("/containers/0").unwrap_or(&Value::Null);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let join = |v: Option<&Value>| {
        v.and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    };
    let number = |v: Option<&Value>| v.filter(|n| n.is_number()).map(Value::to_string);
    let annotation = |k: &str| text(annotations.and_then(|a| a.get(k)));
    let rows: Vec<(&str, Option<String>)> = vec![
        ("Image", text(container.get("image"))),
        ("Command", join(container.get("command"))),
        ("Args", join(container.get("args"))),
        ("Port", number(container.pointer("/ports/0/containerPort"))),
        ("Memory", text(container.pointer("/resources/limits/memory"))),
        ("CPU", text(container.pointer("/resources/limits/cpu")).or_else(|| number(container.pointer("/resources/limits/cpu")))),
        ("Concurrency", number(spec.get("containerConcurrency"))),
        (
            "Min instances",
            annotation("autoscaling.knative.dev/minScale"),
        ),
        (
            "Max instances",
            annotation("autoscaling.knative.dev/maxScale"),
        ),
        (
            "Timeout",
            number(spec.get("timeoutSeconds")).map(|s| format!("{s}s")),
        ),
    ];
    let rows: Vec<(String, String)> = rows
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .chain(extra)
        .collect();
    let mut out = labeled(&rows, 2);
    let env = container
        .get("env")
        .and_then(Value::as_array)
        .filter(|e| !e.is_empty());
    if let Some(env) = env {
        out.push_str("  Env vars:\n");
        let vars: Vec<Vec<String>> = env
            .iter()
            .map(|e| {
                // Escaped here, newlines too: a value must stay on its own row.
                let field = |k| {
                    crate::format::escape_control(e.get(k).and_then(Value::as_str).unwrap_or(""))
                        .into_owned()
                };
                vec![field("name"), field("value")]
            })
            .collect();
        let table = render_table(&["", ""], &vars);
        for line in table.lines().skip(1) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

/// `Label:   value` lines with the values aligned.
fn labeled(rows: &[(String, String)], indent: usize) -> String {
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count() + 1)
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{:indent$}{:<width$} {v}\n", "", format!("{k}:")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jokes() -> Value {
        json!({
            "metadata": {"name": "jokes", "generation": 2},
            "spec": {
                "template": {
                    "metadata": {"annotations": {"autoscaling.knative.dev/maxScale": "5"}},
                    "spec": {"containerConcurrency": 80, "timeoutSeconds": 300, "containers": [{
                        "image": "example/jokes:1", "ports": [{"containerPort": 8080}],
                        "env": [{"name": "A", "value": "1"}, {"name": "LONGER", "value": "two"}]
                    }]}
                },
                "traffic": [{"revisionName": "jokes-00001-abc", "percent": 90}, {"latestRevision": true, "percent": 10}, {"revisionName": "jokes-00002-xyz", "tag": "next"}]
            },
            "status": {
                "url": "http://jokes.localhost:8080",
                "latestReadyRevisionName": "jokes-00002-xyz",
                "latestCreatedRevisionName": "jokes-00002-xyz",
                "traffic": [
                    {"revisionName": "jokes-00001-abc", "percent": 90},
                    {"latestRevision": true, "revisionName": "jokes-00002-xyz", "percent": 10},
                    {"revisionName": "jokes-00002-xyz", "tag": "next", "url": "http://next---jokes.localhost:8080"}
                ],
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2025-01-02T03:04:05Z"}],
                "runlane": {"public": false}
            }
        })
    }

    fn failing() -> Value {
        json!({
            "metadata": {"name": "broken"},
            "status": {"conditions": [{"type": "Ready", "status": "False", "message": "ExitCode: 1"}]}
        })
    }

    #[test]
    fn services_table_cases() {
        fn check(services: &[Value], expected: &str) {
            assert_eq!(services_table(services), expected);
        }
        check(
            &[jokes(), failing()],
            "   SERVICE  URL                          ACCESS   LATEST READY     TRAFFIC\n\
             ✔  jokes    http://jokes.localhost:8080  private  jokes-00002-xyz  90% jokes-00001-abc, 10% LATEST\n\
             ✘  broken\n",
        );
    }

    #[test]
    fn revisions_table_cases() {
        let revision = |name: &str, at: &str, ready: &str| {
            json!({
                "metadata": {"name": name, "creationTimestamp": at, "labels": {"serving.knative.dev/service": "jokes"}},
                "status": {"conditions": [{"type": "Ready", "status": ready}]}
            })
        };
        let revisions = [
            revision("jokes-00001-abc", "2025-01-01T00:00:00Z", "True"),
            revision("jokes-00002-xyz", "2025-01-02T00:00:00Z", "True"),
            revision("jokes-00003-bad", "2025-01-03T00:00:00Z", "False"),
        ];
        let serving = serving_by_revision(&[jokes()]);
        assert_eq!(
            revisions_table(&revisions, &serving),
            "   REVISION         SERVICE  TRAFFIC  TAGS  DEPLOYED\n\
             ✘  jokes-00003-bad  jokes    0%             2025-01-03T00:00:00Z\n\
             ✔  jokes-00002-xyz  jokes    10%      next  2025-01-02T00:00:00Z\n\
             ✔  jokes-00001-abc  jokes    90%            2025-01-01T00:00:00Z\n"
        );
    }

    #[test]
    fn describe_cases() {
        fn check(got: String, expected: &str) {
            assert_eq!(got, expected);
        }
        check(
            describe_service(&jokes(), "default"),
            "✔ Service jokes in namespace default\n\
             \n\
             URL: http://jokes.localhost:8080\n\
             Traffic:\n  \
               90% jokes-00001-abc\n  \
               0%  jokes-00002-xyz\n        \
                     next: http://next---jokes.localhost:8080\n  \
               10% LATEST (currently jokes-00002-xyz)\n\
             Access: private (callers send Authorization: Bearer $(runlane auth print-identity-token); --allow-unauthenticated makes it public)\n\
             \n\
             Last updated on 2025-01-02T03:04:05Z:\n  \
               Revision jokes-00002-xyz\n  \
               Image:         example/jokes:1\n  \
               Port:          8080\n  \
               Concurrency:   80\n  \
               Max instances: 5\n  \
               Timeout:       300s\n  \
               Env vars:\n    \
                 A       1\n    \
                 LONGER  two\n",
        );
        check(
            describe_revision(&failing(), "default", None),
            "✘ Revision broken in namespace default\n\nExitCode: 1\n\n",
        );
        let mut scaled = failing();
        scaled["status"]["runlane"] = json!({
            "instanceCounts": {"CrashLoop": 0, "Failed": 0, "Ready": 2, "Starting": 1, "Stopping": 1},
            "autoscaler": {
                "desiredInstances": 3, "requestsInFlight": 4, "requestsWaiting": 0, "requestsRefused": 2,
                "lastStartupMillis": 312, "scaleToZeroGraceSeconds": 30.0,
                "lastDecision": {"reason": "stable: 4.00 concurrent over 60s for a target of 1.4 per instance"}
            }
        });
        check(
            describe_revision(&scaled, "default", None),
            "✘ Revision broken in namespace default\n\nExitCode: 1\n\n  \
               Instances:     2 ready, 1 starting, 1 stopping (autoscaler wants 3)\n  \
               Startup:       312 ms (latest instance)\n  \
               Requests:      4 in flight, 0 waiting, 2 refused (queue full)\n  \
               Autoscaler:    stable: 4.00 concurrent over 60s for a target of 1.4 per instance\n  \
               Scale to zero: after 30s idle\n",
        );
        let saturation = Saturation {
            cpu_p99: Some(0.425),
            memory_p99: Some(1.0),
            oom_kills: 1,
        };
        check(
            describe_revision(&scaled, "default", Some(&saturation)),
            "✘ Revision broken in namespace default\n\nExitCode: 1\n\n  \
               Instances:     2 ready, 1 starting, 1 stopping (autoscaler wants 3)\n  \
               Startup:       312 ms (latest instance)\n  \
               Requests:      4 in flight, 0 waiting, 2 refused (queue full)\n  \
               Autoscaler:    stable: 4.00 concurrent over 60s for a target of 1.4 per instance\n  \
               Scale to zero: after 30s idle\n  \
               Saturation:    CPU p99 42.5%, memory p99 100.0% of limit over the last minute; 1 OOM kill in the last 24h\n",
        );
        let mut pinned = failing();
        pinned["status"]["imageDigest"] = json!("127.0.0.1:5000/demo/jokes@sha256:ab12");
        pinned["spec"] = json!({"containers": [{"image": "127.0.0.1:5000/demo/jokes:1", "resources": {"limits": {"memory": "256Mi", "cpu": "500m"}}}]});
        let text = describe_revision(&pinned, "default", None);
        assert!(text.contains("Image digest: 127.0.0.1:5000/demo/jokes@sha256:ab12"), "{text}");
        assert!(text.contains("Memory:") && text.contains("256Mi") && text.contains("500m"), "{text}");
    }

    #[test]
    fn saturation_line_cases() {
        fn check(cpu: Option<f64>, memory: Option<f64>, oom_kills: u64, expected: &str) {
            let s = Saturation {
                cpu_p99: cpu,
                memory_p99: memory,
                oom_kills,
            };
            assert_eq!(saturation_line(&s), expected);
        }
        check(Some(0.0), Some(0.1234), 0, "CPU p99 0.0%, memory p99 12.3% of limit over the last minute; 0 OOM kills in the last 24h");
        check(
            None,
            None,
            3,
            "no CPU or memory samples in the last minute; 3 OOM kills in the last 24h",
        );
    }
}
