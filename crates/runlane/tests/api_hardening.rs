//! The admin API against hostile and unlucky clients, on the real binary:
//! - idle and slow-header connections to the API (item 1): they cannot take the file
//!   descriptors the router needs, nor keep the API from answering others;
//! - crafted durations (item 11): every overflow is a 400 naming the field, and the
//!   server stays up.

use runlane_test_support::{eventually, Runlane};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

/// "Answers at once": far below the header read timeout (30 s) a request waiting in the
/// listen backlog would take, with a margin for a debug build on a busy CI machine (the
/// medians are printed; a few ms here).
const ANSWERS_AT_ONCE: Duration = Duration::from_secs(2);

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A script that runs runlane under `prlimit --nofile=N:N`, so the daemon's open-file
/// limit is small whatever this machine's is (raising the soft limit cannot help it).
fn limited_runlane(dir: &Path, nofile: u64) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("runlane-limited");
    std::fs::write(&script, format!("#!/bin/sh\nexec prlimit --nofile={nofile}:{nofile} {} \"$@\"\n", bin().display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// This test process holds thousands of sockets: its soft limit goes to its hard one.
fn raise_own_open_file_limit() {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).unwrap();
}

/// One GET on a new connection (`Connection: close`): the status and how long it took.
async fn timed_get(addr: &str, host: &str, path: &str, token: Option<&str>) -> (u16, Duration) {
    let started = Instant::now();
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await?;
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n").as_bytes()).await?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await?;
        Ok::<_, std::io::Error>(response)
    };
    let response = tokio::time::timeout(Duration::from_secs(5), exchange)
        .await
        .unwrap_or_else(|_| panic!("GET http://{host}{path} via {addr} got no answer in 5 s"))
        .unwrap_or_else(|e| panic!("GET http://{host}{path} via {addr} failed: {e}"));
    let elapsed = started.elapsed();
    let head = String::from_utf8_lossy(&response[..response.len().min(32)]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not an HTTP response: {head:?}"));
    (status, elapsed)
}

/// Opens `count` connections to `addr`; every other one sends half a request head, the
/// rest nothing. Connections the server refused at once are not counted.
async fn hold_idle_connections(addr: &str, count: u64) -> Vec<TcpStream> {
    let mut held = Vec::new();
    for i in 0..count {
        let Ok(Ok(mut stream)) = tokio::time::timeout(Duration::from_secs(2), TcpStream::connect(addr)).await else {
            continue;
        };
        if i % 2 == 1 {
            let _ = stream.write_all(b"GET /apis/serving.knative.dev/v1/services HTTP/1.1\r\nHost: x\r\n").await;
        }
        held.push(stream);
    }
    held
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The daemon runs with an open-file limit of 256 (hard, so it cannot
/// raise it); 1,000 idle and slow-header API connections used to take every descriptor,
/// and the router and the API stopped answering. `RUNLANE_FLOOD_NOFILE`,
/// `RUNLANE_FLOOD_API` and `RUNLANE_FLOOD_ROUTER` scale it up (README: 20,000 each).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_api_connections_starve_neither_the_router_nor_the_api() {
    raise_own_open_file_limit();
    let nofile = env_or("RUNLANE_FLOOD_NOFILE", 256);
    let api_flood = env_or("RUNLANE_FLOOD_API", 1000);
    let router_flood = env_or("RUNLANE_FLOOD_ROUTER", 0);
    let tmp = tempfile::tempdir().unwrap();
    let r = Runlane::start_in_with(&limited_runlane(tmp.path(), nofile), &tmp.path().join("data"), 0, &[]).unwrap();
    let (status, body) = r
        .api_json("POST", "/apis/serving.knative.dev/v1/namespaces/default/services", Some(json!({
            "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "hello"},
            "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello"}]}}}
        })))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    eventually(Duration::from_secs(30), "hello serves", || async { matches!(r.get("hello.localhost", "/").await, Ok((200, _))).then_some(()) }).await;

    let api_addr = r.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let router_addr = r.router_addr();
    let token = r.token();
    let api_held = hold_idle_connections(&api_addr, api_flood).await;
    let router_held = hold_idle_connections(&router_addr, router_flood).await;
    assert!(api_held.len() as u64 >= api_flood * 9 / 10, "only {} of {api_flood} API connections could be opened", api_held.len());

    let (mut router_times, mut api_times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let (status, took) = timed_get(&router_addr, "hello.localhost", "/", None).await;
        assert_eq!(status, 200, "the router answers while {} API connections are held", api_held.len());
        router_times.push(took);
        let (status, took) = timed_get(&api_addr, &api_addr, "/apis/serving.knative.dev/v1/namespaces/default/services", Some(&token)).await;
        assert_eq!(status, 200, "the API answers while {} API connections are held", api_held.len());
        api_times.push(took);
    }
    let (router_median, api_median) = (median(router_times), median(api_times));
    eprintln!(
        "nofile {nofile}: {} API and {} router connections held; router GET median {router_median:?}, API GET median {api_median:?}",
        api_held.len(),
        router_held.len()
    );
    assert!(router_median < ANSWERS_AT_ONCE, "router GET took {router_median:?}");
    assert!(api_median < ANSWERS_AT_ONCE, "API GET took {api_median:?}");
    assert!(runlane_test_support::process_alive(r.pid()));
    drop((api_held, router_held));
}

/// The other way round: hundreds of idle connections to the router of a
/// daemon whose open-file limit is 128 used to take every descriptor, and the API stopped
/// answering. The router now holds at most three eighths of the limit, so the API keeps
/// its own; and at that cap a new connection takes the place of the oldest idle one
/// (nginx's reusable connections), so a request to a service still answers at once
/// (with the cap alone it waited in the listen backlog for the header read timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_router_flood_leaves_the_api_its_descriptors_and_the_router_its_callers() {
    raise_own_open_file_limit();
    let tmp = tempfile::tempdir().unwrap();
    let r = Runlane::start_in_with(&limited_runlane(tmp.path(), 128), &tmp.path().join("data"), 0, &[]).unwrap();
    let (status, body) = r
        .api_json("POST", "/apis/serving.knative.dev/v1/namespaces/default/services", Some(json!({
            "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "hello"},
            "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1"}}, "spec": {"containers": [{"image": "runlane/hello"}]}}}
        })))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    eventually(Duration::from_secs(60), "hello serves", || async { matches!(r.get("hello.localhost", "/").await, Ok((200, _))).then_some(()) }).await;

    let api_addr = r.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let router_addr = r.router_addr().to_string();
    // More connections than the daemon has descriptors; each one past the cap takes the
    // place of the oldest idle one.
    let mut router_held = Vec::new();
    for _ in 0..450 {
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(r.router_addr())).await {
            router_held.push(stream);
        }
    }
    assert!(router_held.len() >= 200, "only {} of 450 router connections could be opened", router_held.len());
    let token = r.token();
    let (mut api_times, mut router_times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let (status, took) = timed_get(&api_addr, &api_addr, "/apis/serving.knative.dev/v1/namespaces/default/services", Some(&token)).await;
        assert_eq!(status, 200, "the API answers while {} router connections are held", router_held.len());
        api_times.push(took);
        let (status, took) = timed_get(&router_addr, "hello.localhost", "/", None).await;
        assert_eq!(status, 200, "the router answers while {} router connections are held", router_held.len());
        router_times.push(took);
    }
    let (api_median, router_median) = (median(api_times), median(router_times));
    eprintln!("nofile 128: {} router connections opened; API GET median {api_median:?}, router GET median {router_median:?}", router_held.len());
    assert!(api_median < ANSWERS_AT_ONCE, "API GET took {api_median:?}");
    assert!(router_median < ANSWERS_AT_ONCE, "router GET took {router_median:?}");
    drop(router_held);
}

/// Durations that used to panic the server (`Duration::from_secs_f64`
/// overflow) or the CLI (`--since 10µ`) are refused with a message naming the field,
/// and the server stays up; `--lookback 1h30m` works as `--interval 1m30s` does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crafted_durations_are_400s_naming_the_field_and_the_server_stays_up() {
    const HUGE: &str = "99999999999999999999999s";
    let r = Runlane::start(bin()).unwrap();
    let (status, body) = r
        .api_json("POST", "/apis/serving.knative.dev/v1/namespaces/default/services", Some(json!({
            "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "hello"},
            "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello"}]}}}
        })))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let slos = "/v3/projects/default/services/hello/serviceLevelObjectives";
    let slo_with = |period: &str| json!({"goal": 0.99, "rollingPeriod": period, "serviceLevelIndicator": {"basicSli": {"availability": {}}}});
    for (period, says) in [(HUGE, "too long"), ("1e30s", "not a duration"), ("5m", "not a duration")] {
        let (status, body) = r.api_json("POST", &format!("{slos}?serviceLevelObjectiveId=bad"), Some(slo_with(period))).await.unwrap();
        let violation = &body["error"]["details"][0]["fieldViolations"][0];
        assert!(status == 400 && violation["field"] == "rollingPeriod" && violation["description"].as_str().unwrap_or_default().contains(says), "{period}: {status} {body}");
    }
    let (status, body) = r.api_json("POST", &format!("{slos}?serviceLevelObjectiveId=availability"), Some(slo_with("86400s"))).await.unwrap();
    assert_eq!(status, 200, "{body}");

    let slo = "projects/default/services/hello/serviceLevelObjectives/availability";
    let policy = |lookback: &str, duration: &str, auto_close: &str| {
        json!({"displayName": "p", "conditions": [{"displayName": "burn", "conditionThreshold": {
            "filter": format!("select_slo_burn_rate(\"{slo}\", \"{lookback}\")"), "comparison": "COMPARISON_GT", "thresholdValue": 10, "duration": duration}}],
            "alertStrategy": {"autoClose": auto_close}})
    };
    for (body, field) in [
        (policy(HUGE, "0s", "1800s"), "filter"),
        (policy("300s", HUGE, "1800s"), "duration"),
        (policy("300s", "0s", HUGE), "alertStrategy.autoClose"),
    ] {
        let (status, answer) = r.api_json("POST", "/v3/projects/default/alertPolicies", Some(body)).await.unwrap();
        let violation = &answer["error"]["details"][0]["fieldViolations"][0];
        assert!(status == 400 && violation["field"].as_str().unwrap_or_default().contains(field) && violation["description"].as_str().unwrap_or_default().contains("too long"), "{field}: {status} {answer}");
    }
    let (status, text) = r.client.request("GET", r.api.trim_start_matches("http://").trim_end_matches('/'), "x", "/healthz", Default::default()).await.unwrap();
    assert_eq!((status, text.as_str()), (200, "ok\n"), "the API is still up");

    let since = r.cli(&["metrics", "hello", "--since", "10µ"]);
    let stderr = String::from_utf8_lossy(&since.stderr);
    assert!(!since.status.success() && stderr.contains("not a duration") && !stderr.contains("panicked"), "{stderr}");
    let created = r.cli_ok(&["alerts", "create", "hello", "--slo", "availability", "--burn-rate", "10", "--lookback", "1h30m"]);
    let (_, policies) = r.api_json("GET", "/v3/projects/default/alertPolicies", None).await.unwrap();
    assert!(policies.to_string().contains(r#"\"5400s\""#), "--lookback 1h30m is 5400 s: {created} {policies}");
}

/// An API error answered before the request's body was read (401 without
/// a token, 404, 405) left the body's bytes on a connection hyper then closed, without
/// saying so: a client reusing it failed its next call (BrokenPipeError in 58 of 300
/// PATCH→GET pairs with Python). Such an answer now says `Connection: close`; an answer
/// after the body was read keeps the connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_before_the_body_is_read_says_the_connection_closes() {
    let r = Runlane::start(bin()).unwrap();
    let api = r.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let token = r.token();
    let head_of = |method: &str, path: &str, auth: Option<&str>, len: usize| {
        let auth = auth.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        format!("{method} {path} HTTP/1.1\r\nHost: {api}\r\n{auth}Content-Type: application/json\r\nContent-Length: {len}\r\n\r\n")
    };
    let body = format!("{{\"displayName\": \"{}\"}}", "x".repeat(512 * 1024));
    for (method, path, auth, status) in [
        ("PATCH", "/v3/projects/default/alertPolicies/x", None, 401),
        ("POST", "/no/such/api", Some(token.as_str()), 404),
        ("PATCH", "/healthz", Some(token.as_str()), 405),
    ] {
        let mut stream = TcpStream::connect(&api).await.unwrap();
        stream.write_all(head_of(method, path, auth, body.len()).as_bytes()).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        // The server may answer and close before it has read the body: write it aside.
        let body = body.clone();
        let writing = tokio::spawn(async move { writer.write_all(body.as_bytes()).await });
        let mut response = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), reader.read_to_end(&mut response)).await;
        let head = String::from_utf8_lossy(&response).to_lowercase();
        assert!(head.starts_with(&format!("http/1.1 {status}")), "{method} {path}: {head}");
        assert!(head.contains("\r\nconnection: close\r\n"), "{method} {path} answered {status} before reading the body and did not say the connection closes:\n{head}");
        // Every error in Google's JSON error format, never an empty body (a 405 had none).
        let body = head.split("\r\n\r\n").nth(1).unwrap_or_default();
        assert!(body.contains(&format!("\"code\":{status}")), "{method} {path}: {head}");
        writing.abort();
    }
    // Read to its end: the connection stays for the next request.
    let small = "{\"displayName\": \"p\"}";
    let mut stream = TcpStream::connect(&api).await.unwrap();
    stream.write_all(format!("{}{small}", head_of("POST", "/v3/projects/default/alertPolicies", Some(&token), small.len())).as_bytes()).await.unwrap();
    stream.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {api}\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut both = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut both)).await.unwrap().unwrap();
    let both = String::from_utf8_lossy(&both);
    assert_eq!(both.matches("HTTP/1.1 ").count(), 2, "two answers on one connection:\n{both}");
    assert!(both.contains("\r\n\r\nok\n"), "{both}");
}
