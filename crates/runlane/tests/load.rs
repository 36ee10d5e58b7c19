//! End-to-end tests of `runlane load`: the real binary against real sockets on
//! loopback, either a minimal HTTP/1.1 server in this process (so the tests can count
//! what arrived and make the server stall) or a real `runlane up` service.
//!
//! Module index:
//! - `-n` sends exactly N requests, on one connection per worker (or one per request
//!   with `-disable-keepalive`)
//! - `--rate 1000` for 10 s achieves 1,000 rps within 2%, by the generator's own count
//! - a 1 s server stall shows in p99 under `--rate` (coordinated omission), and the
//!   requests it held back are counted as late
//! - the JSON report's field names and types, and `--hdr-out`
//! - `--fail-on` thresholds set the exit status; errors are counted by kind
//! - `-n` (HTTP/1.1 and `-h2`) against a `runlane up` service by its `*.localhost` URL
//!
//! Every run is bounded by `-n` or `-z`; nothing waits by sleeping except the test
//! server's own deliberate stall.

use runlane_test_support::Runlane;
use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::time::Instant;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// Runs `runlane load ARGS`; returns the exit status, standard output and standard error.
async fn load(args: &[&str]) -> (ExitStatus, String, String) {
    let out = tokio::process::Command::new(bin())
        .arg("load")
        .args(args)
        .output()
        .await
        .expect("run runlane load");
    (
        out.status,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `runlane load --output json ARGS`, expects success, and returns the report.
async fn load_json(args: &[&str]) -> Value {
    let mut all = vec!["--output", "json"];
    all.extend_from_slice(args);
    let (status, stdout, stderr) = load(&all).await;
    assert!(
        status.success(),
        "runlane load {args:?} exited with {status}:\n{stdout}\n{stderr}"
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"))
}

// === test server ===

/// A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers `ok` (or the status
/// in a `/status/NNN` path) and counts connections and requests. When `stall_at` is set,
/// the request with that number arms a stall: every request that arrives in the next
/// `stall_for` waits until it ends, as a server in a GC pause or on a lock would.
struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    connections: AtomicU64,
    requests: AtomicU64,
    stall_at: Option<u64>,
    stall_for: Duration,
    stall_until: Mutex<Option<Instant>>,
}

impl TestServer {
    async fn start() -> TestServer {
        TestServer::with_state(State::default()).await
    }

    async fn stalling(at_request: u64, stall_for: Duration) -> TestServer {
        TestServer::with_state(State {
            stall_at: Some(at_request),
            stall_for,
            ..State::default()
        })
        .await
    }

    async fn with_state(state: State) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(state);
        let s = state.clone();
        // The accept loop ends with the test's runtime.
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                s.connections.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(connection(stream, s.clone()));
            }
        });
        TestServer { addr, state }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    fn connections(&self) -> u64 {
        self.state.connections.load(Ordering::Relaxed)
    }
}

async fn connection(stream: tokio::net::TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let mut stream = BufReader::new(stream);
    let mut line = String::new();
    loop {
        // Request line and headers.
        line.clear();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let (mut content_length, mut close) = (0usize, false);
        loop {
            line.clear();
            if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(v) = header.strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap_or(0);
            }
            close |= header == "connection: close";
        }
        let mut body = vec![0; content_length];
        if stream.read_exact(&mut body).await.is_err() {
            return;
        }
        let n = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(at) = state.stall_at {
            let until = {
                let mut until = state.stall_until.lock().unwrap();
                if n == at {
                    *until = Some(Instant::now() + state.stall_for);
                }
                *until
            };
            if let Some(until) = until {
                // The deliberate stall: requests that arrive before it ends wait for it.
                tokio::time::sleep_until(until).await;
            }
        }
        let status = path
            .strip_prefix("/status/")
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(200);
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: 2\r\n{}\r\nok",
            if close { "connection: close\r\n" } else { "" }
        );
        if stream
            .get_mut()
            .write_all(response.as_bytes())
            .await
            .is_err()
            || close
        {
            return;
        }
    }
}

// === tests ===

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_sends_exactly_n_requests_one_connection_per_worker() {
    let server = TestServer::start().await;
    let report = load_json(&["-n", "1000", "-c", "7", &server.url("/")]).await;
    assert_eq!(report["summary"]["requests"], 1000, "{report}");
    assert_eq!(report["status_codes"]["200"], 1000, "{report}");
    assert_eq!(
        server.requests(),
        1000,
        "the server saw exactly -n requests"
    );
    assert_eq!(
        server.connections(),
        7,
        "one keep-alive connection per worker"
    );
    assert_eq!(report["summary"]["bytes"], 2000);

    // More workers than requests: still exactly -n.
    let server = TestServer::start().await;
    let report = load_json(&["-n", "5", "-c", "50", &server.url("/")]).await;
    assert_eq!(
        (report["summary"]["requests"].as_u64(), server.requests()),
        (Some(5), 5),
        "{report}"
    );

    // hey's one-dash flags: a new connection for every request, and a Host header.
    let server = TestServer::start().await;
    let report = load_json(&[
        "-n",
        "40",
        "-c",
        "4",
        "-disable-keepalive",
        "-host",
        "jokes.localhost",
        "-m",
        "POST",
        "-d",
        "hello",
        &server.url("/"),
    ])
    .await;
    assert_eq!(
        (report["summary"]["requests"].as_u64(), server.requests()),
        (Some(40), 40),
        "{report}"
    );
    assert_eq!(
        server.connections(),
        40,
        "-disable-keepalive opens one connection per request"
    );
    assert_eq!(report["target"]["host"], "jokes.localhost");
    assert_eq!(report["target"]["method"], "POST");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_is_accurate_within_two_percent() {
    let server = TestServer::start().await;
    let report = load_json(&["--rate", "1000", "-z", "10s", "-c", "20", &server.url("/")]).await;
    let summary = &report["summary"];
    let schedule = &report["schedule"];
    // The generator's own accounting: requests finished over the run's duration.
    let rps = summary["rps"].as_f64().unwrap();
    assert!(
        (rps - 1000.0).abs() <= 20.0,
        "achieved {rps} rps, want 1000 ± 2%: {report}"
    );
    assert_eq!(schedule["intended"], 10_000, "{report}");
    let requests = summary["requests"].as_u64().unwrap();
    assert_eq!(
        requests + schedule["unsent"].as_u64().unwrap(),
        10_000,
        "every intended request is sent or counted as unsent: {report}"
    );
    assert!(requests >= 9_800, "{report}");
    assert_eq!(
        server.requests(),
        requests,
        "the server saw what the generator counted"
    );
    assert_eq!(summary["errors"], 0, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_server_shows_in_p99_under_rate() {
    // 500 rps for 4 s; the 1000th request (about 2 s in) stalls the server for 1 s, so the
    // ~500 requests due during the stall (a quarter of the run) wait for it.
    let server = TestServer::stalling(1000, Duration::from_secs(1)).await;
    let report = load_json(&["--rate", "500", "-z", "4s", "-c", "20", &server.url("/")]).await;
    let latency = &report["latency_ms"];
    let p99 = latency["p99"].as_f64().unwrap();
    let p50 = latency["p50"].as_f64().unwrap();
    // Measured from actual send times, only the 20 requests in flight would see the
    // stall (1%); measured from intended send times, 25% do, most of them for long.
    assert!(
        p99 >= 800.0,
        "p99 is {p99} ms; the 1 s stall must show in it: {report}"
    );
    assert!(
        p50 < 100.0,
        "p50 is {p50} ms; three quarters of the run were not stalled: {report}"
    );
    let schedule = &report["schedule"];
    assert!(
        schedule["late"].as_u64().unwrap() >= 300,
        "requests held back by the stall are counted as late: {report}"
    );
    assert!(
        schedule["max_lag_ms"].as_f64().unwrap() >= 800.0,
        "{report}"
    );
    assert_eq!(report["summary"]["errors"], 0, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_report_has_stable_field_names() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let hgrm = dir.path().join("latency.hgrm");
    let report = load_json(&[
        "-n",
        "200",
        "--rate",
        "400",
        "-c",
        "4",
        "--fail-on",
        "p99>10s",
        "--hdr-out",
        hgrm.to_str().unwrap(),
        &server.url("/x"),
    ])
    .await;

    fn check(v: &Value, path: &str, kind: &str) {
        let mut at = v;
        for key in path.split('.') {
            at = at
                .get(key)
                .unwrap_or_else(|| panic!("no `{path}` in the report: {v}"));
        }
        let ok = match kind {
            "string" => at.is_string(),
            "bool" => at.is_boolean(),
            "u64" => at.is_u64(),
            "number" => at.is_number(),
            "array" => at.is_array(),
            "object" => at.is_object(),
            "null|u64" => at.is_null() || at.is_u64(),
            "null|number" => at.is_null() || at.is_number(),
            _ => unreachable!(),
        };
        assert!(ok, "`{path}` is {at}, want {kind}");
    }
    for (path, kind) in [
        ("schema", "string"),
        ("target.url", "string"),
        ("target.method", "string"),
        ("target.host", "string"),
        ("target.http", "string"),
        ("target.keepalive", "bool"),
        ("load.model", "string"),
        ("load.workers", "u64"),
        ("load.threads", "u64"),
        ("load.requests_limit", "null|u64"),
        ("load.duration_limit_secs", "null|number"),
        ("load.target_rps", "null|number"),
        ("summary.requests", "u64"),
        ("summary.responses", "u64"),
        ("summary.successes", "u64"),
        ("summary.errors", "u64"),
        ("summary.failures", "u64"),
        ("summary.duration_secs", "number"),
        ("summary.rps", "number"),
        ("summary.success_ratio", "number"),
        ("summary.error_ratio", "number"),
        ("summary.bytes", "u64"),
        ("summary.interrupted", "bool"),
        ("latency_ms.min", "number"),
        ("latency_ms.mean", "number"),
        ("latency_ms.stdev", "number"),
        ("latency_ms.p50", "number"),
        ("latency_ms.p75", "number"),
        ("latency_ms.p90", "number"),
        ("latency_ms.p95", "number"),
        ("latency_ms.p99", "number"),
        ("latency_ms.p99_9", "number"),
        ("latency_ms.p99_99", "number"),
        ("latency_ms.max", "number"),
        ("histogram_ms", "array"),
        ("status_codes", "object"),
        ("errors", "array"),
        ("schedule.intended", "u64"),
        ("schedule.late", "u64"),
        ("schedule.late_after_ms", "number"),
        ("schedule.max_lag_ms", "number"),
        ("schedule.unsent", "u64"),
        ("thresholds", "array"),
        ("passed", "bool"),
    ] {
        check(&report, path, kind);
    }
    assert_eq!(report["schema"], "runlane.load/v1");
    assert_eq!(
        (
            report["load"]["model"].as_str(),
            report["load"]["target_rps"].as_f64()
        ),
        (Some("open"), Some(400.0))
    );
    let buckets = report["histogram_ms"].as_array().unwrap();
    assert_eq!(buckets.len(), 11);
    assert!(
        buckets
            .iter()
            .all(|b| b["le"].is_number() && b["count"].is_u64()),
        "{report}"
    );
    assert_eq!(
        buckets
            .iter()
            .map(|b| b["count"].as_u64().unwrap())
            .sum::<u64>(),
        200
    );
    let t = &report["thresholds"][0];
    assert_eq!(
        (
            t["threshold"].as_str(),
            t["unit"].as_str(),
            t["breached"].as_bool()
        ),
        (Some("p99>10s"), Some("ms"), Some(false)),
        "{report}"
    );
    assert!(t["observed"].is_number());
    assert_eq!(report["passed"], true);

    // --hdr-out: HdrHistogram's percentile distribution, ending at percentile 1.
    let text = std::fs::read_to_string(&hgrm).unwrap();
    assert!(
        text.starts_with("       Value     Percentile TotalCount 1/(1-Percentile)"),
        "{text}"
    );
    assert!(text.contains("#[Max     ="), "{text}");
    let last = text
        .lines()
        .rev()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap();
    let cols: Vec<&str> = last.split_whitespace().collect();
    assert_eq!((cols[1], cols[2]), ("1.000000000000", "200"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thresholds_set_the_exit_status() {
    let server = TestServer::start().await;
    let url = server.url("/");
    let (status, stdout, _) = load(&[
        "-n",
        "50",
        "-c",
        "2",
        "--fail-on",
        "p99>1h,error-rate>1%",
        &url,
    ])
    .await;
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("ok       p99>1h"), "{stdout}");

    // Every latency is above zero, so this one is breached.
    let (status, stdout, _) = load(&["-n", "50", "-c", "2", "--fail-on", "p50>0ms", &url]).await;
    assert_eq!(status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("BREACHED p50>0ms"), "{stdout}");

    // 500s are failures.
    let (status, stdout, _) = load(&[
        "-n",
        "50",
        "-c",
        "2",
        "--fail-on",
        "error-rate>1%",
        &server.url("/status/500"),
    ])
    .await;
    assert_eq!(status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("[500] 50 responses"), "{stdout}");

    // Refused connections are errors of kind `connect`, with what went wrong.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (status, stdout, stderr) = load(&[
        "-n",
        "20",
        "-c",
        "2",
        "--output",
        "json",
        "--fail-on",
        "error-rate>1%",
        &format!("http://127.0.0.1:{port}/"),
    ])
    .await;
    assert_eq!(status.code(), Some(3), "{stdout}\n{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 20, "{report}");
    assert_eq!(report["errors"][0]["kind"], "connect", "{report}");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("refused"),
        "{report}"
    );
    assert_eq!(
        (report["passed"].as_bool(), report["latency_ms"].is_null()),
        (Some(false), true),
        "{report}"
    );

    // A threshold that cannot be parsed fails before any load, with status 2.
    let (status, _, stderr) = load(&["-n", "5", "--fail-on", "p99", &url]).await;
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--fail-on"), "{stderr}");
    assert_eq!(server.requests(), 150, "the bad command line sent nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loads_a_runlane_service_by_its_localhost_url() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "svc", "--image", "runlane/hello"]);
    // The router routes by Host: a 200 proves both *.localhost resolution and the header.
    let url = format!("http://svc.localhost:{}/", r.router_port);
    let report = load_json(&["-n", "300", "-c", "4", &url]).await;
    assert_eq!(report["summary"]["requests"], 300, "{report}");
    assert_eq!(report["status_codes"]["200"], 300, "{report}");
    assert_eq!(
        report["target"]["host"],
        format!("svc.localhost:{}", r.router_port)
    );
    let per_response = report["summary"]["bytes"].as_u64().unwrap() / 300;
    assert_eq!(
        per_response as usize,
        "Hello from svc-00001-xxx!\n".len(),
        "{report}"
    );

    let report = load_json(&["-n", "100", "-c", "2", "-h2", &url]).await;
    assert_eq!(report["target"]["http"], "2");
    assert_eq!(report["status_codes"]["200"], 100, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs openssl; scripts/test.sh runs it"]
async fn loads_an_https_service_verifying_its_certificate() {
    use runlane_test_support::tools::{make_ca, make_cert};
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let (cert, key) = make_cert(dir.path(), "svc", "svc.localhost", "DNS:svc.localhost,IP:127.0.0.1");
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let r = Runlane::start_with(bin(), &["--https-port", "0", "--plain-http", "serve", "--tls-cert", cert, "--tls-key", key]).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    // The API serves with the same certificate, so the CLI is given the CA.
    let deployed = r.cli_with_ca(&ca, &["deploy", "svc", "--image", "runlane/hello"]);
    assert!(deployed.status.success(), "{}", runlane_test_support::tools::output_text(&deployed));
    let url = format!("https://svc.localhost:{https}/");
    let ca = ca.to_str().unwrap();

    // HTTP/1.1 on kept connections, then a new connection (and handshake) per request,
    // then HTTP/2 by ALPN: every request answered by the service.
    for (flags, http) in [(&[][..], "1.1"), (&["-disable-keepalive"][..], "1.1"), (&["-h2"][..], "2")] {
        let mut args = vec!["-n", "200", "-c", "4", "--cacert", ca];
        args.extend_from_slice(flags);
        args.push(&url);
        let report = load_json(&args).await;
        assert_eq!(report["status_codes"]["200"], 200, "{flags:?}: {report}");
        assert_eq!(report["target"]["http"], http, "{flags:?}: {report}");
        let per_response = report["summary"]["bytes"].as_u64().unwrap() / 200;
        assert_eq!(per_response as usize, "Hello from svc-00001-xxx!\n".len(), "{report}");
    }

    // Without the CA the certificate is not trusted: every request is a connect error
    // saying why, and none reaches the service.
    let (status, stdout, stderr) = load(&["--output", "json", "-n", "5", "-c", "1", &url]).await;
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    assert!(status.success(), "errors are counted, not fatal: {stderr}");
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!((errors[0]["kind"].as_str(), errors[0]["count"].as_u64()), (Some("connect"), Some(5)), "{report}");
    let message = errors[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("TLS handshake failed") && message.contains("UnknownIssuer"), "the error names the reason: {message}");
    // --insecure accepts it (as hey always does).
    let report = load_json(&["-n", "20", "-c", "1", "-k", &url]).await;
    assert_eq!(report["status_codes"]["200"], 20, "{report}");

    // A bad --cacert is a usage error naming the flag and the file, before any load.
    let (status, _, stderr) = load(&["-n", "5", "--cacert", cert.replace(".pem", ".key").as_str(), &url]).await;
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--cacert") && stderr.contains("svc.key"), "{stderr}");
}
