//! Reading and editing Knative Service and Revision JSON: conditions, the Ready symbol, when a
//! change has settled, which message explains a failure, and creating nested objects on demand.
//! The CLI keeps the server's JSON as `serde_json::Value` so fields it does not know survive a
//! GET-modify-PUT round trip untouched.

use serde_json::{Map, Value};

pub fn condition<'a>(resource: &'a Value, kind: &str) -> Option<&'a Value> {
    resource
        .pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
}

pub fn condition_status<'a>(resource: &'a Value, kind: &str) -> Option<&'a str> {
    condition(resource, kind)?.get("status")?.as_str()
}

pub fn condition_message<'a>(resource: &'a Value, kind: &str) -> Option<&'a str> {
    condition(resource, kind)?
        .get("message")?
        .as_str()
        .filter(|m| !m.is_empty())
}

pub fn str_at<'a>(resource: &'a Value, pointer: &str) -> Option<&'a str> {
    resource.pointer(pointer)?.as_str()
}

/// ✔ ready, ✘ failed, … in progress; for a service, ! when it failed but an older revision
/// still serves (gcloud's rule: Ready=False and latestCreated ≠ latestReady).
pub fn ready_symbol(resource: &Value) -> &'static str {
    match condition_status(resource, "Ready") {
        Some("True") => "✔",
        Some("False") => {
            let ready = str_at(resource, "/status/latestReadyRevisionName");
            let created = str_at(resource, "/status/latestCreatedRevisionName");
            if ready.is_some() && ready != created {
                "!"
            } else {
                "✘"
            }
        }
        _ => "…",
    }
}

/// `Some(true)` once the latest spec is reconciled and Ready is True, `Some(false)` once it is
/// reconciled and Ready is False, `None` while still in progress.
pub fn settled(resource: &Value) -> Option<bool> {
    let generation = resource
        .pointer("/metadata/generation")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let observed = resource
        .pointer("/status/observedGeneration")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if observed < generation {
        return None;
    }
    match condition_status(resource, "Ready") {
        Some("True") => Some(true),
        Some("False") => Some(false),
        _ => None,
    }
}

/// Why a change failed: the failed ConfigurationsReady condition's message first (the server
/// puts the reason and the instance's last output there), else Ready's.
/// Whether anyone may call the service (`status.runlane.public`, from its IAM policy), as a
/// word: `public` or `private`. None when the API did not say.
pub fn access(service: &Value) -> Option<&'static str> {
    let public = service.pointer("/status/runlane/public")?.as_bool()?;
    Some(if public { "public" } else { "private" })
}

/// The line shown beside a service's URL saying who may call it, and how.
pub fn access_line(service: &Value) -> Option<String> {
    Some(match access(service)? {
        "public" => "Access: public (anyone may call it; --no-allow-unauthenticated makes it private)".to_owned(),
        _ => "Access: private (callers send Authorization: Bearer $(runlane auth print-identity-token); --allow-unauthenticated makes it public)".to_owned(),
    })
}

/// The image pull's progress while a deploy waits for it ("Pulling image …: 2 of 5 layers, …").
pub fn pull_progress(resource: &Value) -> Option<String> {
    resource["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == "Ready" && c["reason"] == "PullingImage")
        .and_then(|c| c["message"].as_str())
        .map(str::to_owned)
}

pub fn failure_message(resource: &Value) -> String {
    let failed = |kind| {
        (condition_status(resource, kind) == Some("False"))
            .then(|| condition_message(resource, kind))
            .flatten()
    };
    failed("ConfigurationsReady")
        .or_else(|| failed("Ready"))
        .or_else(|| condition_message(resource, "Ready"))
        .unwrap_or("the new revision did not become ready and the server gave no reason; check it with \"runlane revisions list\"")
        .to_string()
}

/// The object at `path` under `value`, creating (or replacing non-objects with) empty objects.
pub fn object_at<'a>(value: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut current = value;
    for key in path {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(map) = current else {
            unreachable!("made an object above")
        };
        current = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !current.is_object() {
        *current = Value::Object(Map::new());
    }
    match current {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service(generation: i64, observed: i64, conditions: Value) -> Value {
        json!({
            "metadata": {"generation": generation},
            "status": {
                "observedGeneration": observed,
                "latestCreatedRevisionName": "s-00002-b",
                "latestReadyRevisionName": "s-00001-a",
                "conditions": conditions
            }
        })
    }

    #[test]
    fn settled_cases() {
        fn check(resource: Value, expected: Option<bool>) {
            assert_eq!(settled(&resource), expected, "{resource}");
        }
        check(
            service(2, 2, json!([{"type": "Ready", "status": "True"}])),
            Some(true),
        );
        check(
            service(2, 2, json!([{"type": "Ready", "status": "False"}])),
            Some(false),
        );
        check(
            service(2, 2, json!([{"type": "Ready", "status": "Unknown"}])),
            None,
        );
        check(
            service(2, 1, json!([{"type": "Ready", "status": "True"}])),
            None,
        );
        check(
            service(2, 3, json!([{"type": "Ready", "status": "True"}])),
            Some(true),
        );
        check(service(2, 2, json!([])), None);
        check(
            json!({"status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
            Some(true),
        );
        check(
            json!({"metadata": {"generation": 1}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
            None,
        );
    }

    #[test]
    fn failure_message_cases() {
        fn check(conditions: Value, expected: &str) {
            assert_eq!(failure_message(&service(1, 1, conditions)), expected);
        }
        check(
            json!([
                {"type": "Ready", "status": "False", "message": "ready says"},
                {"type": "ConfigurationsReady", "status": "False", "message": "ExitCode: exited with 1\nTraceback…"}
            ]),
            "ExitCode: exited with 1\nTraceback…",
        );
        check(
            json!([
                {"type": "Ready", "status": "False", "message": "routes failed"},
                {"type": "ConfigurationsReady", "status": "True"}
            ]),
            "routes failed",
        );
        check(json!([{"type": "Ready", "status": "False"}]), "the new revision did not become ready and the server gave no reason; check it with \"runlane revisions list\"");
    }

    #[test]
    fn ready_symbol_cases() {
        fn check(resource: Value, expected: &str) {
            assert_eq!(ready_symbol(&resource), expected, "{resource}");
        }
        check(
            service(1, 1, json!([{"type": "Ready", "status": "True"}])),
            "✔",
        );
        check(
            service(1, 1, json!([{"type": "Ready", "status": "False"}])),
            "!",
        );
        check(
            json!({"status": {"conditions": [{"type": "Ready", "status": "False"}]}}),
            "✘",
        );
        check(
            service(1, 1, json!([{"type": "Ready", "status": "Unknown"}])),
            "…",
        );
        check(json!({}), "…");
    }

    #[test]
    fn object_at_creates_the_path() {
        let mut v = json!({"spec": {"template": 3}});
        object_at(&mut v, &["spec", "template", "metadata"]).insert("name".into(), json!("x"));
        assert_eq!(
            v,
            json!({"spec": {"template": {"metadata": {"name": "x"}}}})
        );
    }
}
