//! What runlane's resources become on a cluster: Knative `serving.knative.dev/v1` Services,
//! Prometheus recording and alerting rules (Sloth's names) with `promtool test rules`
//! fixtures, an Alertmanager configuration and OpenSLO v1 SLO documents; and the way back
//! (`import`) for Knative Services and OpenSLO SLOs.
//!
//! Pure functions from runlane's types (the alerting model, the Knative JSON the API
//! renders) to documents as `serde_json::Value`s; [`yaml`] writes them. The API calls
//! them; this crate does no I/O.
//!
//! Module map: `promql` (an SLI as PromQL over runlane's `/metrics` names), `knative`,
//! `rules` (recording and alerting rules, and their unit tests), `alertmanager`, `openslo`,
//! `import` (sorting a YAML file into Knative Services and SLOs).
#![forbid(unsafe_code)]

pub mod alertmanager;
pub mod crd;
pub mod import;
pub mod knative;
pub mod openslo;
pub mod promql;
pub mod rules;

use serde_json::Value;

/// Something that cannot be exported or imported, and why, naming the resource or field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{what}: {message}")]
pub struct ExportError {
    pub what: String,
    pub message: String,
}

impl ExportError {
    pub fn new(what: impl Into<String>, message: impl Into<String>) -> ExportError {
        ExportError {
            what: what.into(),
            message: message.into(),
        }
    }
}

/// One exported file: its name (no directories) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub name: String,
    pub content: String,
}

/// The documents as one YAML stream (`---` between documents).
pub fn yaml(documents: &[Value]) -> Result<String, ExportError> {
    let text = if documents.len() == 1 {
        serde_saphyr::to_string(&documents[0])
    } else {
        serde_saphyr::to_string_multiple(documents)
    };
    text.map_err(|e| ExportError::new("YAML", e.to_string()))
}

/// A name made of `[a-zA-Z0-9_]`, starting with a letter: `jokes availability: page` →
/// `JokesAvailabilityPage` (Prometheus alert names, Alertmanager receivers).
pub fn camel_name(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "Slo");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_names() {
        for (text, want) in [
            ("jokes availability: page (fast burn)", "JokesAvailabilityPageFastBurn"),
            ("p-1", "P1"),
            ("99% burn", "Slo99Burn"),
            ("", "Slo"),
        ] {
            assert_eq!(camel_name(text), want, "{text}");
        }
    }

    #[test]
    fn yaml_streams_separate_documents() {
        let one = yaml(&[serde_json::json!({"a": 1})]).unwrap();
        assert!(!one.contains("---"), "{one}");
        let two = yaml(&[serde_json::json!({"a": 1}), serde_json::json!({"b": 2})]).unwrap();
        let back: Vec<Value> = serde_saphyr::from_multiple(&two).unwrap();
        assert_eq!(back, vec![serde_json::json!({"a": 1}), serde_json::json!({"b": 2})]);
    }
}
