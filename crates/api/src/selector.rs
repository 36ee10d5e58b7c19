//! Kubernetes equality-based label selectors (`a=b`, `a==b`, `a!=b`, comma = AND),
//! as Knative clients send them; gcloud puts spaces around `=`.

use crate::error::ApiError;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Selector {
    terms: Vec<(String, bool, String)>,
}

pub fn parse(text: &str) -> Result<Selector, ApiError> {
    let mut terms = Vec::new();
    for term in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let (key, equal, value) = if let Some((k, v)) = term.split_once("!=") {
            (k, false, v)
        } else if let Some((k, v)) = term.split_once("==") {
            (k, true, v)
        } else if let Some((k, v)) = term.split_once('=') {
            (k, true, v)
        } else {
            return Err(ApiError::field(
                "labelSelector",
                format!("{term:?} is not supported; use equality terms such as serving.knative.dev/service=NAME, joined by commas"),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(ApiError::field("labelSelector", format!("{term:?} has no label key")));
        }
        terms.push((key.to_owned(), equal, value.to_owned()));
    }
    Ok(Selector { terms })
}

impl Selector {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.terms.iter().all(|(k, equal, v)| (labels.get(k).map(String::as_str) == Some(v.as_str())) == *equal)
    }

    /// The value a `key=value` term requires, to narrow a lookup before filtering.
    pub fn required_value(&self, key: &str) -> Option<&str> {
        self.terms.iter().find(|(k, equal, _)| k == key && *equal).map(|(_, _, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let labels: BTreeMap<String, String> = [("serving.knative.dev/service".to_owned(), "jokes".to_owned())].into();
        for (text, expected) in [
            ("", true),
            ("serving.knative.dev/service=jokes", true),
            ("serving.knative.dev/service = jokes", true),
            ("serving.knative.dev/service==jokes", true),
            ("serving.knative.dev/service!=jokes", false),
            ("serving.knative.dev/service=other", false),
            ("serving.knative.dev/service=jokes,x!=y", true),
        ] {
            assert_eq!(parse(text).unwrap().matches(&labels), expected, "{text}");
        }
        assert!(parse("serving.knative.dev/service in (a)").is_err());
    }
}
