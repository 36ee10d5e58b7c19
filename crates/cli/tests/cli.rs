//! End-to-end tests of the client commands against a tiny in-test fake API (real HTTP on
//! 127.0.0.1:0). They cover what unit tests cannot: the request sequence, the deploy polling
//! loop, and what reaches stdout/stderr. Tests against the real server belong to the binary.
//!
//! Index:
//! - `deploy_*`: new service, polling until Ready, failure output, 409 conflicts.
//! - `update_traffic_*`: the PUT body and the printed traffic table.
//! - `revisions_list_*`: the labelSelector and the TRAFFIC/TAGS columns.
//! - `unreachable_api`: the connection-refused message.

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use runlane_cli::{run_with, Command, GlobalArgs, Output};
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// One request as the fake API saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    uri: String,
    body: Value,
}

type Handler = dyn Fn(&Seen, &[Seen]) -> (u16, Value) + Send + Sync;

/// Answers every request with `handler(request, earlier requests)` and records it.
async fn fake_api(
    handler: impl Fn(&Seen, &[Seen]) -> (u16, Value) + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let handler: Arc<Handler> = Arc::new(handler);
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (seen, handler) = (seen.clone(), handler.clone());
            let service = service_fn(move |request: hyper::Request<Incoming>| {
                let (seen, handler) = (seen.clone(), handler.clone());
                async move {
                    let method = request.method().to_string();
                    let uri = request.uri().to_string();
                    let bytes = request.into_body().collect().await?.to_bytes();
                    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                    let request = Seen { method, uri, body };
                    let (status, reply) = {
                        let mut log = seen.lock().unwrap();
                        let answer = handler(&request, &log);
                        log.push(request);
                        answer
                    };
                    let response = hyper::Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(reply.to_string())))
                        .unwrap();
                    Ok::<_, hyper::Error>(response)
                }
            });
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    (url, log)
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

struct Ran {
    code: ExitCode,
    out: String,
    err: String,
}

async fn runlane(api: &str, line: &str) -> Ran {
    let argv = ["runlane", "--api", api, "--token-file", "/dev/null"]
        .into_iter()
        .chain(line.split_whitespace());
    let cli = Cli::try_parse_from(argv).unwrap();
    let (out, err) = (Buffer::default(), Buffer::default());
    let mut io = Output {
        out: Box::new(out.clone()),
        err: Box::new(err.clone()),
    };
    let code = run_with(cli.command, &cli.global, &mut io).await.unwrap();
    Ran {
        code,
        out: out.text(),
        err: err.text(),
    }
}

fn not_found(name: &str) -> (u16, Value) {
    (
        404,
        json!({"error": {"code": 404, "message": format!("service {name} not found"), "status": "NOT_FOUND"}}),
    )
}

fn service(generation: i64, observed: i64, ready: &str) -> Value {
    json!({
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": {"name": "jokes", "namespace": "default", "generation": generation, "resourceVersion": "7"},
        "spec": {"template": {"spec": {"containers": [{"image": "example/jokes:1"}]}}, "traffic": [{"latestRevision": true, "percent": 100}]},
        "status": {
            "observedGeneration": observed,
            "url": "http://jokes.localhost:8080",
            "latestCreatedRevisionName": "jokes-00001-abc",
            "latestReadyRevisionName": "jokes-00001-abc",
            "traffic": [{"latestRevision": true, "revisionName": "jokes-00001-abc", "percent": 100}],
            "conditions": [
                {"type": "Ready", "status": ready, "message": if ready == "False" { "ExitCode: the instance exited with 1\nlast lines:\nboom" } else { "" }},
                {"type": "ConfigurationsReady", "status": ready, "message": if ready == "False" { "ExitCode: the instance exited with 1\nlast lines:\nboom" } else { "" }}
            ]
        }
    })
}

const SERVICE: &str = "/apis/serving.knative.dev/v1/namespaces/default/services/jokes";
const SERVICES: &str = "/apis/serving.knative.dev/v1/namespaces/default/services";

fn requests(log: &Mutex<Vec<Seen>>) -> Vec<String> {
    log.lock()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s.method, s.uri))
        .collect()
}

#[tokio::test]
async fn deploy_new_service_polls_until_ready() {
    let (api, log) =
        fake_api(
            |request, earlier| match (request.method.as_str(), request.uri.as_str()) {
                ("GET", SERVICE) if earlier.is_empty() => not_found("jokes"),
                ("POST", SERVICES) => (200, service(1, 0, "Unknown")),
                ("GET", SERVICE) if earlier.len() < 4 => (200, service(1, 1, "Unknown")),
                ("GET", SERVICE) => (200, service(1, 1, "True")),
                _ => (500, json!({})),
            },
        )
        .await;
    let ran = runlane(&api, "deploy jokes --image example/jokes:1").await;
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    assert_eq!(
        requests(&log),
        [
            format!("GET {SERVICE}"),
            format!("POST {SERVICES}"),
            format!("GET {SERVICE}"),
            format!("GET {SERVICE}"),
            format!("GET {SERVICE}")
        ]
    );
    let post = log.lock().unwrap()[1].body.clone();
    assert_eq!(
        post["metadata"],
        json!({"name": "jokes", "namespace": "default"})
    );
    assert_eq!(
        post["spec"]["template"]["spec"],
        json!({"containers": [{"image": "example/jokes:1"}]})
    );
    let nonce = post["spec"]["template"]["metadata"]["labels"]["client.knative.dev/nonce"]
        .as_str()
        .unwrap();
    assert!(
        nonce.len() == 10 && nonce.bytes().all(|b| b.is_ascii_lowercase()),
        "{nonce}"
    );
    assert_eq!(ran.out, "");
    assert_eq!(
        ran.err,
        "Deploying container to service [jokes] in namespace [default]\n\
         Deploying new service...\n\
         Done.\n\
         Service [jokes] revision [jokes-00001-abc] has been deployed and is serving 100 percent of traffic.\n\
         Service URL: http://jokes.localhost:8080\n"
    );
}

#[tokio::test]
async fn deploy_failure_prints_the_condition_and_exits_1() {
    let (api, log) = fake_api(|request, _| match request.method.as_str() {
        "GET" => (200, service(2, 2, "False")),
        "PUT" => (200, service(3, 2, "True")),
        _ => (500, json!({})),
    })
    .await;
    let ran = runlane(&api, "deploy jokes --image example/failing:1 --async").await;
    assert_eq!(ran.code, ExitCode::SUCCESS);
    assert!(
        ran.err
            .ends_with("Service [jokes] is deploying asynchronously.\n"),
        "{}",
        ran.err
    );
    log.lock().unwrap().clear();

    let ran = runlane(&api, "deploy jokes --image example/failing:1").await;
    assert_eq!(ran.code, ExitCode::FAILURE);
    assert_eq!(
        requests(&log),
        [
            format!("GET {SERVICE}"),
            format!("PUT {SERVICE}"),
            format!("GET {SERVICE}")
        ]
    );
    let put = log.lock().unwrap()[1].body.clone();
    assert_eq!(put["metadata"]["resourceVersion"], "7");
    assert_eq!(put.get("status"), None);
    assert_eq!(
        ran.err,
        "Deploying container to service [jokes] in namespace [default]\n\
         Deploying...\n\
         Deployment failed\n\
         ERROR: (runlane.deploy) ExitCode: the instance exited with 1\nlast lines:\nboom\n"
    );
}

#[tokio::test]
async fn deploy_errors_from_the_server() {
    async fn check(status: u16, body: Value, expected: &str) {
        let (api, _) = fake_api(move |request, _| match request.method.as_str() {
            "GET" => (200, service(1, 1, "True")),
            _ => (status, body.clone()),
        })
        .await;
        let ran = runlane(&api, "deploy jokes --image x --tag next").await;
        assert_eq!(ran.code, ExitCode::FAILURE);
        assert_eq!(ran.err.lines().last().unwrap(), expected);
    }
    check(
        409,
        json!({"error": {"code": 409, "message": "Conflict: service jokes changed since it was read (resourceVersion 7, now 8); read it again", "status": "ABORTED"}}),
        "ERROR: (runlane.deploy) ABORTED: Conflict: service jokes changed since it was read (resourceVersion 7, now 8); read it again",
    )
    .await;
    check(
        400,
        json!({"error": {"code": 400, "message": "The request has errors", "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "spec.template.spec.containers[0].image", "description": "Image x not found."}]}]}}),
        "ERROR: (runlane.deploy) spec.template.spec.containers[0].image: Image x not found.",
    )
    .await;
}

#[tokio::test]
async fn update_traffic_puts_gcloud_traffic_and_prints_the_table() {
    let current = || {
        let mut s = service(4, 4, "True");
        s["spec"]["traffic"] = json!([
            {"revisionName": "jokes-00004-iwf", "percent": 100},
            {"revisionName": "jokes-00001-haq", "tag": "good"},
            {"revisionName": "jokes-00005-peb", "tag": "next"}
        ]);
        s
    };
    let (api, log) = fake_api(move |request, _| match request.method.as_str() {
        "GET" => (200, current()),
        "PUT" => {
            let mut s = request.body.clone();
            s["metadata"]["generation"] = json!(5);
            s["status"] = json!({
                "observedGeneration": 5,
                "url": "http://jokes.localhost:8080",
                "latestReadyRevisionName": "jokes-00005-peb",
                "traffic": [
                    {"revisionName": "jokes-00004-iwf", "percent": 90},
                    {"revisionName": "jokes-00005-peb", "percent": 10},
                    {"revisionName": "jokes-00001-haq", "tag": "good", "url": "http://good---jokes.localhost:8080"},
                    {"revisionName": "jokes-00005-peb", "tag": "next", "url": "http://next---jokes.localhost:8080"}
                ],
                "conditions": [{"type": "Ready", "status": "True"}]
            });
            (200, s)
        }
        _ => (500, json!({})),
    })
    .await;
    let ran = runlane(&api, "services update-traffic jokes --to-tags next=10").await;
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    let put = log.lock().unwrap()[1].body.clone();
    assert_eq!(
        put["spec"]["traffic"].to_string(),
        r#"[{"percent":90,"revisionName":"jokes-00004-iwf"},{"percent":10,"revisionName":"jokes-00005-peb"},{"revisionName":"jokes-00001-haq","tag":"good"},{"revisionName":"jokes-00005-peb","tag":"next"}]"#
    );
    assert_eq!(
        ran.out,
        "URL: http://jokes.localhost:8080\n\
         Traffic:\n  \
           0%  jokes-00001-haq\n        \
                 good: http://good---jokes.localhost:8080\n  \
           90% jokes-00004-iwf\n  \
           10% jokes-00005-peb\n        \
                 next: http://next---jokes.localhost:8080\n"
    );

    let ran = runlane(&api, "services update-traffic jokes --to-tags nope=10").await;
    assert_eq!(ran.code, ExitCode::FAILURE);
    assert_eq!(
        ran.err,
        "ERROR: (runlane.services.update-traffic) there is no revision tagged [nope] in the traffic of service [jokes]; tag one with --update-tags nope=REVISION\n"
    );
}

#[tokio::test]
async fn revisions_list_uses_the_label_selector() {
    let (api, log) = fake_api(|request, _| {
        let revision = |name: &str, at: &str| json!({
            "metadata": {"name": name, "creationTimestamp": at, "labels": {"serving.knative.dev/service": "jokes"}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}
        });
        if request.uri.contains("/revisions") {
            (200, json!({"apiVersion": "serving.knative.dev/v1", "kind": "RevisionList", "items": [
                revision("jokes-00001-abc", "2025-01-01T00:00:00Z"), revision("jokes-00002-xyz", "2025-01-02T00:00:00Z")
            ]}))
        } else {
            let mut s = service(2, 2, "True");
            s["status"]["traffic"] = json!([
                {"revisionName": "jokes-00001-abc", "percent": 99.9},
                {"latestRevision": true, "revisionName": "jokes-00002-xyz", "percent": 0.1},
                {"revisionName": "jokes-00002-xyz", "tag": "next", "url": "http://next---jokes.localhost:8080"}
            ]);
            (200, s)
        }
    })
    .await;
    let ran = runlane(&api, "revisions list --service jokes").await;
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    assert_eq!(
        requests(&log),
        [
            "GET /apis/serving.knative.dev/v1/namespaces/default/revisions?labelSelector=serving.knative.dev%2Fservice%3Djokes".to_string(),
            format!("GET {SERVICE}"),
        ]
    );
    assert_eq!(
        ran.out,
        "   REVISION         SERVICE  TRAFFIC  TAGS  DEPLOYED\n\
         ✔  jokes-00002-xyz  jokes    0.1%     next  2025-01-02T00:00:00Z\n\
         ✔  jokes-00001-abc  jokes    99.9%          2025-01-01T00:00:00Z\n"
    );
    let ran = runlane(
        &api,
        "revisions list --service jokes --format value(metadata.name)",
    )
    .await;
    assert_eq!(ran.out, "jokes-00001-abc\njokes-00002-xyz\n");
}

#[tokio::test]
async fn describe_missing_service() {
    let (api, _) = fake_api(|_, _| not_found("jokes")).await;
    let ran = runlane(&api, "services describe jokes").await;
    assert_eq!(ran.code, ExitCode::FAILURE);
    assert_eq!(
        ran.err,
        "ERROR: (runlane.services.describe) Cannot find service [jokes] in namespace [default]; list them with \"runlane services list\".\n"
    );
}

#[tokio::test]
async fn unreachable_api() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = format!("http://127.0.0.1:{port}");
    let ran = runlane(&api, "services list").await;
    assert_eq!(ran.code, ExitCode::FAILURE);
    assert_eq!(
        ran.err,
        format!("ERROR: cannot reach the runlane API at {api} (connection refused); start it with \"runlane up\" or pass --api\n")
    );
}
