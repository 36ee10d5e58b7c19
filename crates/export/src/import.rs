//! A YAML file of Knative Services and OpenSLO SLOs, sorted into what `runlane import`
//! applies, in the file's order (so a Service's documents replay its revisions in turn).

use crate::{knative, openslo, ExportError};
use runlane_alerting::model::Slo;
use serde_json::Value;

/// One document to apply.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    /// A Knative Service as JSON, for the Knative API.
    Service(Value),
    Slo(Box<Slo>),
}

/// Every document of `text`; an unknown kind is an error naming the document.
pub fn parse(text: &str, project: &str) -> Result<Vec<Resource>, ExportError> {
    let docs: Vec<Value> = serde_saphyr::from_multiple(text)
        .map_err(|e| ExportError::new("the file", format!("not valid YAML ({e}); fix it")))?;
    let mut out = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        if doc.is_null() {
            continue;
        }
        if knative::is_service(&doc) {
            out.push(Resource::Service(doc));
        } else if openslo::is_slo(&doc) {
            out.push(Resource::Slo(Box::new(openslo::parse(&doc, project)?)));
        } else {
            return Err(ExportError::new(
                format!("document {}", i + 1),
                format!(
                    "apiVersion {} kind {} cannot be imported; runlane imports serving.knative.dev/v1 Service and openslo/v1 SLO",
                    doc["apiVersion"], doc["kind"]
                ),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_documents_and_refuses_unknown_kinds() {
        let text = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\n";
        let e = parse(text, "default").unwrap_err().to_string();
        assert!(e.starts_with("document 2: apiVersion \"v1\" kind \"ConfigMap\" cannot be imported"), "{e}");
        let ok = parse("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: a}\n", "default").unwrap();
        assert!(matches!(&ok[..], [Resource::Service(v)] if v["metadata"]["name"] == "a"));
        assert!(parse("a: [", "default").unwrap_err().to_string().contains("not valid YAML"));
    }
}
