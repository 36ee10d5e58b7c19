//! Turns a failed command into the lines gcloud would print: `ERROR: (runlane.<cmd>) …`, with
//! Google API error bodies (`{"error":{…}}`) unpacked into their field violations or
//! `STATUS: message`, and an unreachable API explained with what to do next.

use crate::http::ApiError;
use serde_json::Value;

/// The lines to print on stderr for `error` raised by `command` (such as `runlane.deploy`).
pub fn render(command: &str, error: &anyhow::Error) -> Vec<String> {
    match error.downcast_ref::<ApiError>() {
        Some(ApiError::Unreachable { .. }) => vec![format!("ERROR: {error}")],
        Some(ApiError::Status { code, body }) => render_status(command, *code, body),
        _ => vec![format!("ERROR: ({command}) {error:#}")],
    }
}

/// A non-2xx reply: one line per BadRequest field violation, else `STATUS: message`.
pub fn render_status(command: &str, code: u16, body: &str) -> Vec<String> {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let Some(error) = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .filter(|e| e.is_object())
    else {
        let text = body.trim();
        let text = if text.is_empty() {
            "(empty body)"
        } else {
            text
        };
        return vec![format!("ERROR: ({command}) HTTP {code}: {text}")];
    };
    let violations: Vec<String> = error
        .get("details")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("fieldViolations").and_then(Value::as_array))
        .flatten()
        .map(|v| {
            let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
            match text("field") {
                "" => format!("ERROR: ({command}) {}", text("description")),
                field => format!("ERROR: ({command}) {field}: {}", text("description")),
            }
        })
        .collect();
    if !violations.is_empty() {
        return violations;
    }
    let message = error.get("message").and_then(Value::as_str).unwrap_or("");
    match error.get("status").and_then(Value::as_str) {
        Some(status) => vec![format!("ERROR: ({command}) {status}: {message}")],
        None => vec![format!("ERROR: ({command}) HTTP {code}: {message}")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bodies() {
        fn check(code: u16, body: &str, expected: &[&str]) {
            assert_eq!(
                render_status("runlane.deploy", code, body),
                expected,
                "{body}"
            );
        }
        check(
            400,
            r#"{"error":{"code":400,"message":"The request has errors","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"spec.traffic","description":"traffic percents sum to 90, they must sum to 100"}]}]}}"#,
            &["ERROR: (runlane.deploy) spec.traffic: traffic percents sum to 90, they must sum to 100"],
        );
        check(
            400,
            r#"{"error":{"code":400,"message":"m","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"a","description":"one"},{"field":"b","description":"two"}]}]}}"#,
            &[
                "ERROR: (runlane.deploy) a: one",
                "ERROR: (runlane.deploy) b: two",
            ],
        );
        check(
            409,
            r#"{"error":{"code":409,"message":"Conflict: the service changed since it was read; run the command again","status":"ABORTED"}}"#,
            &["ERROR: (runlane.deploy) ABORTED: Conflict: the service changed since it was read; run the command again"],
        );
        check(
            400,
            r#"{"error":{"code":400,"message":"revision is serving traffic","status":"FAILED_PRECONDITION","details":[]}}"#,
            &["ERROR: (runlane.deploy) FAILED_PRECONDITION: revision is serving traffic"],
        );
        check(
            500,
            r#"{"error":{"code":500,"message":"boom"}}"#,
            &["ERROR: (runlane.deploy) HTTP 500: boom"],
        );
        check(
            502,
            "Bad Gateway\n",
            &["ERROR: (runlane.deploy) HTTP 502: Bad Gateway"],
        );
        check(503, "", &["ERROR: (runlane.deploy) HTTP 503: (empty body)"]);
        check(
            400,
            r#"{"kind":"Status","message":"x"}"#,
            &[r#"ERROR: (runlane.deploy) HTTP 400: {"kind":"Status","message":"x"}"#],
        );
    }

    #[test]
    fn other_errors() {
        fn check(error: anyhow::Error, expected: &[&str]) {
            assert_eq!(render("runlane.services.describe", &error), expected);
        }
        check(
            ApiError::Unreachable {
                api: "http://127.0.0.1:8484".into(),
                reason: "connection refused".into(),
            }
            .into(),
            &[
                r#"ERROR: cannot reach the runlane API at http://127.0.0.1:8484 (connection refused); start it with "runlane up" or pass --api"#,
            ],
        );
        check(
            ApiError::Status {
                code: 404,
                body: r#"{"error":{"code":404,"message":"nope","status":"NOT_FOUND"}}"#.into(),
            }
            .into(),
            &["ERROR: (runlane.services.describe) NOT_FOUND: nope"],
        );
        check(
            anyhow::anyhow!("Cannot find service [x] in namespace [default]; list them with \"runlane services list\"."),
            &["ERROR: (runlane.services.describe) Cannot find service [x] in namespace [default]; list them with \"runlane services list\"."],
        );
    }
}
