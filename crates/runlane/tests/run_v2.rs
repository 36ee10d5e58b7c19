//! The Cloud Run Admin API v2 over REST, against a real `runlane up` over
//! real sockets: the shapes, operations, paging, update masks, etags and errors that
//! Google's client libraries rely on, checked on the raw JSON (tests/client_libraries.rs
//! drives the same API through the libraries themselves).
//!
//! Module index:
//! - `services_revisions_and_operations`: create → operation → Service; the same service
//!   through Knative v1; list pages; PATCH with and without `updateMask`, `allowMissing`;
//!   `:wait`; revisions list/get/delete; IAM; etag preconditions; delete
//! - `errors_name_v2_fields_and_change_nothing`: bad bodies, unknown fields, bad tokens,
//!   wrong regions; `:wait` on a deploy that fails; unknown operations
//! - `gcloud_and_v2_share_one_service`: unmodified gcloud (v1) describes, lists and
//!   redeploys a service made through v2, and v2 reads gcloud's change

use runlane_test_support::tools::Gcloud;
use runlane_test_support::{eventually, Runlane};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const P: &str = "/v2/projects/default/locations/us-central1";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn hello(revision: &str, greeting: &str) -> Value {
    json!({
        "template": {
            "revision": revision,
            "containers": [{"image": "runlane/hello", "env": [{"name": "GREETING", "value": greeting}]}],
        }
    })
}

async fn call(r: &Runlane, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    r.api_json(method, path, body).await.unwrap()
}

/// Follows an operation until it is done; returns the finished operation.
async fn finish(r: &Runlane, op: &Value) -> Value {
    let name = op["name"].as_str().unwrap_or_else(|| panic!("not an operation: {op}")).to_owned();
    eventually(Duration::from_secs(30), &format!("{name} done"), || async {
        let (code, op) = r.api_json("GET", &format!("/v2/{name}"), None).await.ok()?;
        assert_eq!(code, 200, "{op}");
        (op["done"] == true).then_some(op)
    })
    .await
}

fn field_violations(error: &Value) -> Vec<String> {
    error["error"]["details"][0]["fieldViolations"].as_array().map(|v| v.iter().map(|f| f["field"].as_str().unwrap_or_default().to_owned()).collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_revisions_and_operations() {
    let r = Runlane::start(bin()).unwrap();
    let name = format!("{}/services/jokes", &P[4..]);

    // Create: a long-running operation whose response is the ready Service.
    let (code, op) = call(&r, "POST", &format!("{P}/services?serviceId=jokes"), Some(hello("jokes-one", "one"))).await;
    assert_eq!(code, 200, "{op}");
    assert!(op["name"].as_str().unwrap().starts_with(&format!("{}/operations/create.1.", &P[4..])), "{op}");
    assert_eq!(op["metadata"]["@type"], "type.googleapis.com/google.cloud.run.v2.Service");
    let done = finish(&r, &op).await;
    assert!(done.get("error").is_none(), "{done}");
    let s = &done["response"];
    assert_eq!(s["@type"], "type.googleapis.com/google.cloud.run.v2.Service");
    assert_eq!(s["name"], name.as_str());
    assert_eq!(s["uri"], format!("http://jokes.localhost:{}", r.router_port));
    assert_eq!(s["urls"], json!([s["uri"]]));
    assert_eq!(s["latestReadyRevision"], format!("{name}/revisions/jokes-one"));
    assert_eq!(s["latestCreatedRevision"], s["latestReadyRevision"]);
    assert_eq!(s["terminalCondition"]["type"], "Ready");
    assert_eq!(s["terminalCondition"]["state"], "CONDITION_SUCCEEDED");
    assert_eq!(s["reconciling"], false);
    assert_eq!((s["generation"].as_str(), s["observedGeneration"].as_str()), (Some("1"), Some("1")));
    assert_eq!(s["traffic"], json!([{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}]));
    assert_eq!(s["trafficStatuses"], json!([{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "revision": "jokes-one", "percent": 100}]));
    assert!(s["conditions"].as_array().unwrap().iter().any(|c| c["type"] == "RoutesReady" && c["state"] == "CONDITION_SUCCEEDED"), "{s}");
    assert!(s.get("labels").is_none(), "the location label is the name's, not shown: {s}");
    let etag = s["etag"].as_str().unwrap().to_owned();
    let (status, body) = r.get("jokes.localhost", "/").await.unwrap();
    assert_eq!((status, body.trim()), (200, "Hello from jokes-one!"));

    // One model: the Knative API and v1 show the same service, in its region.
    let (code, k) = call(&r, "GET", "/apis/serving.knative.dev/v1/namespaces/default/services/jokes", None).await;
    assert_eq!(code, 200, "{k}");
    assert_eq!(k["metadata"]["uid"], s["uid"]);
    assert_eq!(k["metadata"]["labels"]["cloud.googleapis.com/location"], "us-central1");
    assert_eq!(k["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"], "one");

    // `:wait` on a finished operation answers at once; GET of the service matches.
    let (code, waited) = call(&r, "POST", &format!("/v2/{}:wait", op["name"].as_str().unwrap()), Some(json!({"timeout": "5s"}))).await;
    assert_eq!((code, &waited["done"]), (200, &json!(true)), "{waited}");
    let (_, got) = call(&r, "GET", &format!("/v2/{name}"), None).await;
    assert_eq!((got["uid"].clone(), got["etag"].clone()), (s["uid"].clone(), json!(etag)));

    // Sending back what was read (output-only fields and all) changes nothing: no new
    // revision, no new generation.
    let (code, op) = call(&r, "PATCH", &format!("/v2/{name}"), Some(got.clone())).await;
    assert_eq!(code, 200, "{op}");
    let echoed = finish(&r, &op).await["response"].clone();
    assert_eq!((&echoed["generation"], &echoed["latestCreatedRevision"]), (&got["generation"], &got["latestCreatedRevision"]), "{echoed}");

    // PATCH with a mask: only the named fields change; a new template mints a revision.
    let patch = json!({"template": {"revision": "jokes-two", "containers": [{"image": "runlane/hello", "env": [{"name": "GREETING", "value": "two"}]}]}, "labels": {"ignored": "yes"}});
    let (code, op) = call(&r, "PATCH", &format!("/v2/{name}?updateMask=template"), Some(patch)).await;
    assert_eq!(code, 200, "{op}");
    assert!(op["name"].as_str().unwrap().contains("/operations/update.2."), "{op}");
    let s = finish(&r, &op).await["response"].clone();
    assert_eq!(s["latestReadyRevision"], format!("{name}/revisions/jokes-two"));
    assert!(s.get("labels").is_none(), "labels were not in the mask: {s}");
    assert_ne!(s["etag"], json!(etag));

    // A stale etag is refused (409 ABORTED) and changes nothing.
    let (code, err) = call(&r, "PATCH", &format!("/v2/{name}?update_mask=labels"), Some(json!({"labels": {"a": "b"}, "etag": etag}))).await;
    assert_eq!((code, err["error"]["status"].as_str()), (409, Some("ABORTED")), "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("etag"), "{err}");
    let (code, err) = call(&r, "DELETE", &format!("/v2/{name}?etag={}", urlencode(&etag)), None).await;
    assert_eq!(code, 409, "{err}");

    // Traffic with a tag, by mask; the tag URL routes to the tagged revision.
    let traffic = json!({"traffic": [{"type": 2, "revision": "jokes-one", "percent": 10, "tag": "old"}, {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 90}]});
    let (code, op) = call(&r, "PATCH", &format!("/v2/{name}?updateMask=traffic"), Some(traffic)).await;
    assert_eq!(code, 200, "{op}");
    let s = finish(&r, &op).await["response"].clone();
    let statuses = s["trafficStatuses"].as_array().unwrap();
    let old = statuses.iter().find(|t| t["tag"] == "old").unwrap_or_else(|| panic!("{s}"));
    assert_eq!((&old["revision"], &old["percent"]), (&json!("jokes-one"), &json!(10)));
    assert_eq!(old["uri"], format!("http://old---jokes.localhost:{}", r.router_port));
    assert!(statuses.iter().any(|t| t["revision"] == "jokes-two" && t["percent"] == 90 && t["type"] == "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"), "{s}");
    let (_, body) = r.get("old---jokes.localhost", "/").await.unwrap();
    assert_eq!(body.trim(), "Hello from jokes-one!");

    // Revisions: list (paged), get, delete refused while serving, then allowed.
    let (code, list) = call(&r, "GET", &format!("/v2/{name}/revisions?pageSize=1"), None).await;
    assert_eq!(code, 200, "{list}");
    assert_eq!(list["revisions"].as_array().unwrap().len(), 1);
    let token = list["nextPageToken"].as_str().unwrap().to_owned();
    let (_, rest) = call(&r, "GET", &format!("/v2/{name}/revisions?pageSize=1&pageToken={token}"), None).await;
    let names: Vec<&str> = list["revisions"].as_array().unwrap().iter().chain(rest["revisions"].as_array().unwrap()).map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, [format!("{name}/revisions/jokes-two"), format!("{name}/revisions/jokes-one")], "newest first");
    assert!(rest.get("nextPageToken").is_none(), "{rest}");
    let (code, one) = call(&r, "GET", &format!("/v2/{name}/revisions/jokes-one"), None).await;
    assert_eq!(code, 200, "{one}");
    assert_eq!(one["service"], name.as_str());
    assert_eq!(one["containers"][0]["env"][0]["value"], "one");
    assert_eq!(one["conditions"][0]["type"], "Ready");
    assert_eq!(one["conditions"][0]["state"], "CONDITION_SUCCEEDED");
    let (code, err) = call(&r, "DELETE", &format!("/v2/{name}/revisions/jokes-one"), None).await;
    assert_eq!((code, err["error"]["status"].as_str()), (400, Some("FAILED_PRECONDITION")), "{err}");
    let (code, op) = call(&r, "PATCH", &format!("/v2/{name}?updateMask=traffic"), Some(json!({}))).await;
    assert_eq!(code, 200, "{op}");
    assert_eq!(finish(&r, &op).await["response"]["traffic"], json!([{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}]));
    let (code, op) = call(&r, "DELETE", &format!("/v2/{name}/revisions/jokes-one"), None).await;
    assert_eq!((code, &op["done"]), (200, &json!(true)), "{op}");
    assert_eq!(op["response"]["@type"], "type.googleapis.com/google.cloud.run.v2.Revision");
    assert_eq!(op["response"]["name"], format!("{name}/revisions/jokes-one"));
    let (code, _) = call(&r, "GET", &format!("/v2/{name}/revisions/jokes-one"), None).await;
    assert_eq!(code, 404);

    // IAM through v2 paths: the same policy as v1's.
    let (code, policy) = call(&r, "GET", &format!("/v2/{name}:getIamPolicy"), None).await;
    assert_eq!(code, 200, "{policy}");
    assert_eq!(policy["bindings"], json!([{"role": "roles/run.invoker", "members": ["allUsers"]}]));
    let (code, set) = call(&r, "POST", &format!("/v2/{name}:setIamPolicy"), Some(json!({"policy": {"etag": policy["etag"]}}))).await;
    assert_eq!(code, 200, "{set}");
    let (_, v1) = call(&r, "GET", &format!("/v1/{name}:getIamPolicy"), None).await;
    assert!(v1.get("bindings").is_none(), "{v1}");
    let (status, _) = r.get("jokes.localhost", "/").await.unwrap();
    assert_eq!(status, 403);

    // allowMissing: PATCH creates; the operation says so.
    let (code, op) = call(&r, "PATCH", &format!("{P}/services/quotes?allowMissing=true"), Some(hello("quotes-one", "q"))).await;
    assert_eq!(code, 200, "{op}");
    assert!(op["name"].as_str().unwrap().contains("/operations/create.1."), "{op}");
    finish(&r, &op).await;

    // Lists: pages of one in name order; `-` is every region; the operations.
    let (_, page1) = call(&r, "GET", &format!("{P}/services?pageSize=1"), None).await;
    let token = page1["nextPageToken"].as_str().unwrap_or_else(|| panic!("{page1}")).to_owned();
    let (_, page2) = call(&r, "GET", &format!("{P}/services?pageSize=1&pageToken={token}"), None).await;
    assert_eq!((page1["services"][0]["name"].as_str(), page2["services"][0]["name"].as_str()), (Some(name.as_str()), Some("projects/default/locations/us-central1/services/quotes")));
    assert!(page2.get("nextPageToken").is_none() && page1.get("totalSize").is_none(), "{page2}");
    let (_, all) = call(&r, "GET", "/v2/projects/default/locations/-/services", None).await;
    assert_eq!(all["services"].as_array().unwrap().len(), 2);
    let (_, ops) = call(&r, "GET", "/v2/projects/default/locations/us-central1/operations", None).await;
    assert_eq!(ops["operations"].as_array().unwrap().len(), 2, "{ops}");
    assert!(ops["operations"].as_array().unwrap().iter().all(|o| o["done"] == true), "{ops}");

    // Delete: done at once, the service gone everywhere; its operation stays readable.
    let (_, current) = call(&r, "GET", &format!("/v2/{name}"), None).await;
    let (code, op) = call(&r, "DELETE", &format!("/v2/{name}?etag={}", urlencode(current["etag"].as_str().unwrap())), None).await;
    assert_eq!((code, &op["done"]), (200, &json!(true)), "{op}");
    assert_eq!(op["response"]["name"], name.as_str());
    let (code, again) = call(&r, "GET", &format!("/v2/{}", op["name"].as_str().unwrap()), None).await;
    assert_eq!((code, &again["done"], &again["response"]["name"]), (200, &json!(true), &json!(name)));
    let (code, err) = call(&r, "GET", &format!("/v2/{name}"), None).await;
    assert_eq!((code, err["error"]["status"].as_str()), (404, Some("NOT_FOUND")), "{err}");
    let (code, _) = call(&r, "GET", "/apis/serving.knative.dev/v1/namespaces/default/services/jokes", None).await;
    assert_eq!(code, 404);
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_name_v2_fields_and_change_nothing() {
    let r = Runlane::start(bin()).unwrap();
    let create = |query: &str| format!("{P}/services{query}");

    let (code, err) = call(&r, "POST", &create(""), Some(hello("a-1", "x"))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["serviceId".to_owned()]), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=Bad_Name"), Some(hello("x", "x"))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["serviceId".to_owned(), "service.template.revision".to_owned()]), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=a"), Some(json!({"template": {"containers": [{"image": ""}]}}))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["service.template.containers[0].image".to_owned()]), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=a"), Some(json!({"template": {"containers": [{"image": "runlane/hello", "colour": "red"}]}}))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["service.template.containers[0].colour".to_owned()]), "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("unknown field `colour`"), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=a"), Some(json!({"template": {"containers": [{"image": "runlane/hello"}], "vpcAccess": {"connector": "c"}}, "traffic": [{"type": 1, "percent": 50}]}))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["service.template.vpcAccess".to_owned()]), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=a"), Some(json!({"template": {"containers": [{"image": "runlane/hello"}]}, "traffic": [{"type": 1, "percent": 50}]}))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["service.traffic".to_owned()]), "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("sum to 100"), "{err}");
    let (code, err) = call(&r, "POST", "/v2/projects/default/locations/-/services?serviceId=a", Some(hello("a-1", "x"))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["parent".to_owned()]), "{err}");
    let (code, err) = call(&r, "POST", &create("?serviceId=a&validateOnly=true"), Some(hello("a-1", "x"))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["validateOnly".to_owned()]), "{err}");
    let (code, err) = call(&r, "GET", &format!("{P}/services?pageSize=many"), None).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["pageSize".to_owned()]), "{err}");
    let (code, err) = call(&r, "GET", &format!("{P}/services?pageToken=zz"), None).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["pageToken".to_owned()]), "{err}");
    let (_, list) = call(&r, "GET", &format!("{P}/services"), None).await;
    assert_eq!(list["services"], json!([]), "nothing was created: {list}");

    // A service lives in one region: another region's path does not see it.
    let (code, op) = call(&r, "POST", "/v2/projects/default/locations/europe-west1/services?serviceId=euro", Some(hello("euro-1", "x"))).await;
    assert_eq!(code, 200, "{op}");
    assert!(op["name"].as_str().unwrap().starts_with("projects/default/locations/europe-west1/operations/"), "{op}");
    let (code, err) = call(&r, "GET", &format!("{P}/services/euro"), None).await;
    assert_eq!(code, 404, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("europe-west1"), "{err}");
    let (code, err) = call(&r, "PATCH", &format!("{P}/services/euro?updateMask=colour"), Some(json!({}))).await;
    assert_eq!(code, 404, "{err}");
    let (code, err) = call(&r, "PATCH", "/v2/projects/default/locations/europe-west1/services/euro?updateMask=colour", Some(json!({}))).await;
    assert_eq!((code, field_violations(&err)), (400, vec!["updateMask".to_owned()]), "{err}");
    let (code, err) = call(&r, "PATCH", "/v2/projects/default/locations/europe-west1/services/nope", Some(hello("nope-1", "x"))).await;
    assert_eq!(code, 404, "without allowMissing a PATCH creates nothing: {err}");

    // `:wait` holds until a pending create settles: here its revision cannot start, so the
    // operation ends with FAILED_PRECONDITION and the reason, and the service stays.
    let failing = json!({"template": {"containers": [{"image": "runlane/process", "command": ["sh", "-c", "echo 'cannot find config.yaml' >&2; exit 4"]}]}});
    let (code, op) = call(&r, "POST", &format!("{P}/services?serviceId=broken"), Some(failing)).await;
    assert_eq!(code, 200, "{op}");
    let (code, waited) = call(&r, "POST", &format!("/v2/{}:wait", op["name"].as_str().unwrap()), Some(json!({"timeout": "30s"}))).await;
    assert_eq!((code, &waited["done"], &waited["error"]["code"]), (200, &json!(true), &json!(9)), "{waited}");
    assert!(waited["error"]["message"].as_str().unwrap().contains("cannot find config.yaml"), "{waited}");
    assert_eq!(waited["metadata"]["terminalCondition"]["state"], "CONDITION_FAILED");
    assert_eq!(waited["metadata"]["terminalCondition"]["reason"], "REVISION_FAILED", "{waited}");
    let (code, _) = call(&r, "GET", &format!("{P}/services/broken"), None).await;
    assert_eq!(code, 200);

    // Operations runlane never named are 404s with Google's error body.
    for id in ["42", "create.1.zzzzzzzz.euro", "create.1.1234abcd.euro."] {
        let (code, err) = call(&r, "GET", &format!("{P}/operations/{id}"), None).await;
        assert_eq!((code, err["error"]["status"].as_str()), (404, Some("NOT_FOUND")), "{id}: {err}");
    }
    // An operation of a service that was replaced by another of the same name fails.
    let (code, err) = call(&r, "GET", "/v2/projects/default/locations/europe-west1/operations/create.1.00000000.euro", None).await;
    assert_eq!((code, &err["done"], &err["error"]["code"]), (200, &json!(true), &json!(5)), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn gcloud_and_v2_share_one_service() {
    let r = Runlane::start(bin()).unwrap();
    let g = Gcloud::for_runlane(&r);
    let name = format!("{}/services/jokes", &P[4..]);
    let (code, op) = call(&r, "POST", &format!("{P}/services?serviceId=jokes"), Some(hello("jokes-one", "one"))).await;
    assert_eq!(code, 200, "{op}");
    finish(&r, &op).await;

    let described: Value = serde_json::from_str(&g.ok(&["run", "services", "describe", "jokes", "--region", "us-central1", "--format", "json"]).stdout).unwrap();
    assert_eq!(described["status"]["latestReadyRevisionName"], "jokes-one");
    assert_eq!(described["spec"]["template"]["spec"]["containers"][0]["env"][0], json!({"name": "GREETING", "value": "one"}));
    let listed = g.ok(&["run", "services", "list", "--region", "us-central1", "--format", "value(metadata.name)"]).stdout;
    assert_eq!(listed.trim(), "jokes");

    g.ok(&["run", "deploy", "jokes", "--image", "runlane/hello", "--region", "us-central1", "--update-env-vars", "GREETING=two", "--revision-suffix", "two", "-q"]);
    let (code, s) = call(&r, "GET", &format!("/v2/{name}"), None).await;
    assert_eq!(code, 200, "{s}");
    assert_eq!(s["latestReadyRevision"], format!("{name}/revisions/jokes-two"), "{s}");
    assert_eq!(s["template"]["containers"][0]["env"][0], json!({"name": "GREETING", "value": "two"}));
    assert_eq!(s["terminalCondition"]["state"], "CONDITION_SUCCEEDED");
    let (_, revisions) = call(&r, "GET", &format!("/v2/{name}/revisions"), None).await;
    assert_eq!(revisions["revisions"].as_array().unwrap().len(), 2, "{revisions}");
}
