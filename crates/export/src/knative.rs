//! A runlane service as Knative `serving.knative.dev/v1` Service documents that
//! `kubectl apply -f` (or `runlane import`) replays in order.
//!
//! One Service object holds one template, but a traffic split can name older revisions.
//! So every revision the traffic names, other than the current template's, comes first
//! as its own document: the Service with that revision's template under its own name
//! (`spec.template.metadata.name`, Knative's bring-your-own revision name) and all
//! traffic on the latest revision. The last document is the current template, named
//! after the latest created revision, with the real traffic and tags. Applied in order,
//! each document creates one revision with the same name, so the split's names resolve.
//!
//! runlane's templates run processes: `image` is a name runlane resolves (`runlane/hello`)
//! or a label for `command`; `command`, `args`, `env`, ports, probes, limits,
//! `containerConcurrency` and `timeoutSeconds` are kept as Knative fields. On a cluster,
//! `image` must name a container image holding that program.
//!
//! What the server sets (status, uid, generation, resourceVersion, creationTimestamp and
//! the creator annotations) is dropped.

use serde_json::{json, Map, Value};

/// Annotations the Knative webhook sets itself.
const SERVER_ANNOTATIONS: [&str; 2] = [
    "serving.knative.dev/creator",
    "serving.knative.dev/lastModifier",
];

/// The documents for `service` (as the API renders it), given the templates of its
/// revisions by name (`{metadata, spec}`, as `spec.template`), in creation order.
pub fn documents(service: &Value, revision_templates: &[(String, Value)]) -> Vec<Value> {
    let metadata = clean_metadata(&service["metadata"]);
    let latest_created = service["status"]["latestCreatedRevisionName"]
        .as_str()
        .map(str::to_owned);
    let traffic = service["spec"]["traffic"].clone();
    let named: Vec<&str> = traffic
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["revisionName"].as_str())
        .collect();
    let mut docs = Vec::new();
    for (name, template) in revision_templates {
        if !named.contains(&name.as_str()) || Some(name) == latest_created.as_ref() {
            continue;
        }
        docs.push(document(
            &metadata,
            named_template(template, name),
            json!([{ "latestRevision": true, "percent": 100 }]),
        ));
    }
    let mut template = service["spec"]["template"].clone();
    if let Some(name) = &latest_created {
        template = named_template(&template, name);
    }
    docs.push(document(&metadata, template, traffic));
    docs
}

fn document(metadata: &Value, template: Value, traffic: Value) -> Value {
    json!({
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": { "template": template, "traffic": traffic },
    })
}

fn named_template(template: &Value, name: &str) -> Value {
    let mut t = template.clone();
    if !t["metadata"].is_object() {
        t["metadata"] = json!({});
    }
    t["metadata"]["name"] = json!(name);
    drop_empty(&mut t["metadata"]);
    t
}

fn clean_metadata(meta: &Value) -> Value {
    let mut out = Map::new();
    for key in ["name", "namespace", "labels", "annotations"] {
        if let Some(v) = meta.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(Value::Object(a)) = out.get_mut("annotations") {
        for key in SERVER_ANNOTATIONS {
            a.remove(key);
        }
    }
    let mut v = Value::Object(out);
    drop_empty(&mut v);
    v
}

/// Removes empty `labels`/`annotations` maps (Knative omits them).
fn drop_empty(meta: &mut Value) {
    if let Value::Object(m) = meta {
        m.retain(|_, v| !matches!(v, Value::Object(o) if o.is_empty()) && !v.is_null());
    }
}

/// Whether a parsed YAML document is a Knative Service.
pub fn is_service(doc: &Value) -> bool {
    doc["apiVersion"] == "serving.knative.dev/v1" && doc["kind"] == "Service"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(image: &str) -> Value {
        json!({"metadata": {"labels": {}, "annotations": {}}, "spec": {"containers": [{"image": image}]}})
    }

    fn service(traffic: Value, latest: &str) -> Value {
        json!({
            "apiVersion": "serving.knative.dev/v1", "kind": "Service",
            "metadata": {"name": "jokes", "namespace": "default", "uid": "u", "generation": 3,
                "resourceVersion": "7", "creationTimestamp": "2026-01-01T00:00:00Z",
                "labels": {"team": "a"},
                "annotations": {"serving.knative.dev/creator": "runlane", "serving.knative.dev/lastModifier": "runlane", "note": "x"}},
            "spec": {"template": template("runlane/hello:v3"), "traffic": traffic},
            "status": {"latestCreatedRevisionName": latest, "traffic": []},
        })
    }

    fn check(traffic: Value, revisions: &[(&str, &str)], want_names: &[&str]) -> Vec<Value> {
        let revs: Vec<(String, Value)> = revisions
            .iter()
            .map(|(n, image)| ((*n).to_owned(), template(image)))
            .collect();
        let docs = documents(&service(traffic.clone(), "jokes-00003-c"), &revs);
        let names: Vec<&str> = docs
            .iter()
            .map(|d| d["spec"]["template"]["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, want_names);
        let last = docs.last().unwrap();
        assert_eq!(last["spec"]["traffic"], traffic);
        for d in &docs {
            assert_eq!(d["metadata"], json!({"name": "jokes", "namespace": "default", "labels": {"team": "a"}, "annotations": {"note": "x"}}));
            assert!(d.get("status").is_none());
        }
        docs
    }

    #[test]
    fn one_document_per_named_revision_then_the_current_template() {
        let revisions = [
            ("jokes-00001-a", "runlane/hello:v1"),
            ("jokes-00002-b", "runlane/hello:v2"),
            ("jokes-00003-c", "runlane/hello:v3"),
        ];
        check(json!([{"latestRevision": true, "percent": 100}]), &revisions, &["jokes-00003-c"]);
        let docs = check(
            json!([{"revisionName": "jokes-00001-a", "percent": 80}, {"revisionName": "jokes-00003-c", "percent": 20, "tag": "canary"}]),
            &revisions,
            &["jokes-00001-a", "jokes-00003-c"],
        );
        assert_eq!(docs[0]["spec"]["template"]["spec"]["containers"][0]["image"], "runlane/hello:v1");
        assert_eq!(docs[0]["spec"]["traffic"], json!([{"latestRevision": true, "percent": 100}]));
        check(
            json!([{"revisionName": "jokes-00002-b", "percent": 50}, {"revisionName": "jokes-00001-a", "percent": 50}, {"latestRevision": true, "percent": 0, "tag": "next"}]),
            &revisions,
            &["jokes-00001-a", "jokes-00002-b", "jokes-00003-c"],
        );
    }
}
