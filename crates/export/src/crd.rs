//! Checks a document against a Kubernetes CustomResourceDefinition's structural schema
//! (`openAPIV3Schema`) the way an API server with strict field validation does: types,
//! required fields, enums, integer formats and bounds, and unknown fields (refused unless
//! the schema preserves them). It lets tests prove exported Knative YAML is what a
//! Knative cluster accepts without a cluster.

use serde_json::Value;

/// The `openAPIV3Schema` of the CRD's version `version`.
pub fn schema<'a>(crd: &'a Value, version: &str) -> Option<&'a Value> {
    crd["spec"]["versions"]
        .as_array()?
        .iter()
        .find(|v| v["name"] == version)
        .map(|v| &v["schema"]["openAPIV3Schema"])
}

/// Every violation, as `path: what is wrong`; empty when the document is valid.
pub fn validate(schema: &Value, doc: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, doc, "", &mut errors);
    errors
}

fn check(schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let at = if path.is_empty() { "." } else { path };
    if v.is_null() && schema["nullable"] == true {
        return;
    }
    if schema["x-kubernetes-int-or-string"] == true {
        if !(v.is_i64() || v.is_u64() || v.is_string()) {
            errors.push(format!("{at}: must be an integer or a string, got {v}"));
        }
        return;
    }
    let ty = schema["type"].as_str().unwrap_or("");
    let ok = match ty {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => true,
    };
    if !ok {
        errors.push(format!("{at}: must be of type {ty}, got {v}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            errors.push(format!("{at}: {v} is not one of {}", Value::Array(allowed.clone())));
        }
    }
    if ty == "integer" {
        let n = v.as_i64().unwrap_or(i64::MAX);
        if schema["format"] == "int32" && i32::try_from(n).is_err() {
            errors.push(format!("{at}: {n} does not fit int32"));
        }
        if schema["minimum"].as_i64().is_some_and(|m| n < m) || schema["maximum"].as_i64().is_some_and(|m| n > m) {
            errors.push(format!("{at}: {n} is out of range"));
        }
    }
    match v {
        Value::Object(map) => {
            for r in schema["required"].as_array().into_iter().flatten() {
                if let Some(k) = r.as_str() {
                    if !map.contains_key(k) {
                        errors.push(format!("{at}: required field {k} is missing"));
                    }
                }
            }
            let props = schema["properties"].as_object();
            let extra = &schema["additionalProperties"];
            // Kubernetes validates metadata itself; the CRD schema only says it is an object.
            let open = schema["x-kubernetes-preserve-unknown-fields"] == true
                || (props.is_none() && !extra.is_object())
                || path == ".metadata";
            for (k, child) in map {
                let child_path = format!("{path}.{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(s, child, &child_path, errors),
                    None if extra.is_object() => check(extra, child, &child_path, errors),
                    None if open => {}
                    None => errors.push(format!("{child_path}: unknown field")),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(&schema["items"], item, &format!("{path}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn structural_checks() {
        let schema = json!({"type": "object", "required": ["spec"], "properties": {
            "metadata": {"type": "object"},
            "spec": {"type": "object", "properties": {
                "n": {"type": "integer", "format": "int32", "minimum": 0},
                "mode": {"type": "string", "enum": ["a", "b"]},
                "port": {"x-kubernetes-int-or-string": true},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "list": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "boolean"}}}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            }}}});
        let check = |doc: Value, want: &[&str]| assert_eq!(validate(&schema, &doc), want, "{doc}");
        check(json!({"metadata": {"anything": 1}, "spec": {"n": 3, "mode": "a", "port": "http", "labels": {"a": "b"}, "list": [{"x": true}], "free": {"y": 1}}}), &[]);
        check(json!({}), &[".: required field spec is missing"]);
        check(json!({"spec": {"n": -1}}), &[".spec.n: -1 is out of range"]);
        check(json!({"spec": {"n": 5_000_000_000_i64}}), &[".spec.n: 5000000000 does not fit int32"]);
        check(json!({"spec": {"n": 1.5}}), &[".spec.n: must be of type integer, got 1.5"]);
        check(json!({"spec": {"mode": "c"}}), &[".spec.mode: \"c\" is not one of [\"a\",\"b\"]"]);
        check(json!({"spec": {"port": true}}), &[".spec.port: must be an integer or a string, got true"]);
        check(json!({"spec": {"labels": {"a": 1}}}), &[".spec.labels.a: must be of type string, got 1"]);
        check(json!({"spec": {"list": [{"y": 1}]}}), &[".spec.list[0].y: unknown field"]);
        check(json!({"spec": {"typo": 1}}), &[".spec.typo: unknown field"]);
    }
}
