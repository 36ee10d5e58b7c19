//! End-to-end tests of the sample app over real loopback sockets: in-process
//! servers on port 0 for the routes, and re-executions of this test binary as a
//! child process for what only a process can show (exit codes, SIGTERM, /crash).
//!
//! Index:
//! - greeting, unknown paths, revision header, /env, /status
//! - FAIL_PERCENT spread, DELAY_MS
//! - /echo and /stream are streamed, /sleep waits
//! - upgrades answer 101 and echo raw bytes; h2c works
//! - graceful shutdown finishes in-flight responses
//! - child process: /crash exits 3, bad env exits non-zero, SIGTERM exits 0,
//!   STARTUP_DELAY_MS delays listening

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt as _, Empty, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use runlane_hello::{serve, HelloConfig};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// A server running in this process; dropping `stop` shuts it down.
struct TestServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start(config: HelloConfig) -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, config, async move {
        let _ = stopped.await;
    }));
    TestServer {
        addr,
        stop: Some(stop),
        task,
    }
}

fn config(revision: &str) -> HelloConfig {
    HelloConfig {
        port: 0,
        service: "hello".into(),
        revision: revision.into(),
        configuration: "hello-config".into(),
        ..HelloConfig::default()
    }
}

type TestClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

fn client() -> TestClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// GETs `path` and returns status, revision header and body.
async fn get(client: &TestClient, addr: SocketAddr, path: &str) -> (StatusCode, String, String) {
    let response = client
        .get(format!("http://{addr}{path}").parse().unwrap())
        .await
        .unwrap();
    let status = response.status();
    let revision = response
        .headers()
        .get(runlane_hello::REVISION_HEADER)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, revision, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn greets_with_the_revision_on_any_path() {
    let server = start(config("hello-00001")).await;
    let client = client();
    for path in ["/", "/some/unknown/path?x=1", "/echo"] {
        let (status, revision, body) = get(&client, server.addr, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(revision, "hello-00001");
        assert_eq!(body, "Hello from hello-00001!\n");
    }
}

#[tokio::test]
async fn env_reports_the_knative_variables() {
    let server = start(config("hello-00002")).await;
    let (status, _, body) = get(&client(), server.addr, "/env").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "PORT": server.addr.port().to_string(),
            "K_SERVICE": "hello",
            "K_REVISION": "hello-00002",
            "K_CONFIGURATION": "hello-config",
        })
    );
}

#[tokio::test]
async fn status_route_answers_the_asked_status() {
    let server = start(config("r")).await;
    let client = client();
    for (path, expected) in [
        ("/status/503", StatusCode::SERVICE_UNAVAILABLE),
        ("/status/204", StatusCode::NO_CONTENT),
        ("/status/418", StatusCode::IM_A_TEAPOT),
        ("/status/abc", StatusCode::BAD_REQUEST),
        ("/status/1000", StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(get(&client, server.addr, path).await.0, expected, "{path}");
    }
}

/// Sends `requests` GETs one after another and returns the 0-based indexes of
/// those answered with 500.
async fn failing_requests(percent: u8, requests: usize) -> Vec<usize> {
    let server = start(HelloConfig {
        fail_percent: percent,
        ..config("flaky-00001")
    })
    .await;
    let client = client();
    let mut failed = Vec::new();
    for i in 0..requests {
        let (status, revision, body) = get(&client, server.addr, "/").await;
        assert_eq!(revision, "flaky-00001");
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            assert_eq!(
                body,
                format!("flaky-00001 failed this request (FAIL_PERCENT={percent})\n")
            );
            failed.push(i);
        } else {
            assert_eq!(status, StatusCode::OK);
        }
    }
    failed
}

#[tokio::test]
async fn fail_percent_is_spread_evenly() {
    assert_eq!(
        failing_requests(10, 200).await,
        vec![
            9, 19, 29, 39, 49, 59, 69, 79, 89, 99, 109, 119, 129, 139, 149, 159, 169, 179, 189, 199
        ]
    );
    assert_eq!(failing_requests(1, 100).await, vec![99]);
    assert_eq!(failing_requests(0, 100).await, Vec::<usize>::new());
    assert_eq!(failing_requests(100, 50).await, (0..50).collect::<Vec<_>>());
}

#[tokio::test]
async fn delay_ms_adds_latency_to_every_request() {
    let server = start(HelloConfig {
        delay: Duration::from_millis(150),
        ..config("slow-00001")
    })
    .await;
    let client = client();
    for _ in 0..2 {
        let started = Instant::now();
        assert_eq!(get(&client, server.addr, "/").await.0, StatusCode::OK);
        assert!(started.elapsed() >= Duration::from_millis(150));
    }
}

#[tokio::test]
async fn sleep_answers_after_the_asked_time() {
    let server = start(config("r")).await;
    let started = Instant::now();
    let (status, _, body) = get(&client(), server.addr, "/sleep?ms=120").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "slept 120 ms\n");
    assert!(started.elapsed() >= Duration::from_millis(120));
    let (status, _, _) = get(&client(), server.addr, "/sleep?ms=soon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// An HTTP/1.1 connection driven by hand, to see individual body frames.
async fn http1(
    addr: SocketAddr,
) -> hyper::client::conn::http1::SendRequest<http_body_util::channel::Channel<Bytes>> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    sender
}

#[tokio::test]
async fn echo_streams_the_body_back_chunk_by_chunk() {
    let server = start(config("r")).await;
    let mut sender = http1(server.addr).await;
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes>::new(1);
    let request = Request::post("/echo")
        .header("host", "hello")
        .body(body)
        .unwrap();
    let response_future = tokio::spawn(sender.send_request(request));
    tx.send_data(Bytes::from_static(b"first")).await.unwrap();
    let response = response_future.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    // Each chunk comes back before the next one is sent: the echo is streamed.
    let mut echoed = Vec::new();
    for next in ["second", "third"] {
        let frame = body.frame().await.unwrap().unwrap();
        echoed.extend_from_slice(frame.data_ref().unwrap());
        tx.send_data(Bytes::from_static(next.as_bytes()))
            .await
            .unwrap();
    }
    drop(tx);
    echoed.extend_from_slice(&body.collect().await.unwrap().to_bytes());
    assert_eq!(echoed, b"firstsecondthird");
}

#[tokio::test]
async fn echo_returns_a_large_body_intact() {
    let server = start(config("r")).await;
    let payload: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let response = client()
        .request(
            Request::put(format!("http://{}/echo", server.addr))
                .body(Full::new(Bytes::from(payload.clone())))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(body == payload, "echoed body differs");
}

#[tokio::test]
async fn stream_sends_chunks_apart_in_time() {
    let server = start(config("r")).await;
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let started = Instant::now();
    let response = client
        .get(
            format!("http://{}/stream?chunks=3&ms=60", server.addr)
                .parse()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut chunks = Vec::new();
    while let Some(frame) = body.frame().await {
        let data = frame.unwrap().into_data().unwrap();
        chunks.push(String::from_utf8(data.to_vec()).unwrap());
    }
    assert_eq!(chunks, vec!["chunk 0\n", "chunk 1\n", "chunk 2\n"]);
    assert!(started.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn upgrade_answers_101_and_echoes_raw_bytes() {
    let server = start(config("ws-00001")).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"GET /chat HTTP/1.1\r\nHost: hello\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
              Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        )
        .await
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push(line.trim_end().to_ascii_lowercase());
    }
    assert_eq!(head[0], "http/1.1 101 switching protocols");
    assert!(head.contains(&"upgrade: websocket".to_owned()), "{head:?}");
    assert!(
        head.contains(&"sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=".to_owned()),
        "{head:?}"
    );
    assert!(
        head.contains(&"x-runlane-revision: ws-00001".to_owned()),
        "{head:?}"
    );
    for message in [&b"raw bytes \x00\xff"[..], b"and more"] {
        reader.get_mut().write_all(message).await.unwrap();
        let mut echoed = vec![0; message.len()];
        reader.read_exact(&mut echoed).await.unwrap();
        assert_eq!(echoed, message);
    }
}

#[tokio::test]
async fn serves_h2c() {
    let server = start(config("h2-00001")).await;
    let client: TestClient = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http();
    let response = client
        .get(format!("http://{}/", server.addr).parse().unwrap())
        .await
        .unwrap();
    assert_eq!(response.version(), http::Version::HTTP_2);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"Hello from h2-00001!\n");
}

#[tokio::test]
async fn shutdown_lets_in_flight_responses_finish() {
    let mut server = start(config("r")).await;
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let response = client
        .get(
            format!("http://{}/stream?chunks=3&ms=50", server.addr)
                .parse()
                .unwrap(),
        )
        .await
        .unwrap();
    // The response is in flight (headers received); now ask the server to stop.
    drop(server.stop.take());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"chunk 0\nchunk 1\nchunk 2\n");
    drop(client); // closes the idle keep-alive connection
    server.task.await.unwrap().unwrap();
    assert!(TcpStream::connect(server.addr).await.is_err());
}

// === child process tests ===

/// When run as a child by the tests below, this "test" is the app itself.
#[test]
fn child_process_entry() {
    if std::env::var_os("RUNLANE_HELLO_TEST_CHILD").is_none() {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let code = match runtime.block_on(runlane_hello::run_from_env()) {
        Ok(()) => 0,
        Err(error) => {
            let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("{error}\n"));
            1
        }
    };
    std::process::exit(code);
}

struct Child {
    process: tokio::process::Child,
    addr: SocketAddr,
}

fn child_command(env: &[(&str, &str)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_process_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RUNLANE_HELLO_TEST_CHILD", "1")
        .env("PORT", "0")
        .env("K_REVISION", "child-00001")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Starts the app as a child process and waits for its "listening" line.
async fn spawn_child(env: &[(&str, &str)]) -> Child {
    let mut process = child_command(env).spawn().unwrap();
    let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
    let deadline = Duration::from_secs(20);
    let addr = tokio::time::timeout(deadline, async {
        while let Some(line) = lines.next_line().await.unwrap() {
            // libtest may print "test child_process_entry ... " first on the line.
            if let Some((_, rest)) = line.split_once("hello: listening on ") {
                assert!(rest.ends_with(" (revision child-00001)"), "{line}");
                return rest
                    .split(' ')
                    .next()
                    .unwrap()
                    .parse::<SocketAddr>()
                    .unwrap();
            }
        }
        panic!("the child exited without listening");
    })
    .await
    .expect("the child did not listen within 20 s");
    Child { process, addr }
}

async fn exit_code(child: &mut tokio::process::Child) -> Option<i32> {
    tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("the child did not exit within 20 s")
        .unwrap()
        .code()
}

#[tokio::test]
async fn crash_exits_with_code_3_without_answering() {
    let mut child = spawn_child(&[]).await;
    let mut stream = TcpStream::connect(child.addr).await.unwrap();
    stream
        .write_all(b"GET /crash HTTP/1.1\r\nHost: hello\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    assert!(answer.is_empty(), "got an answer: {answer:?}");
    assert_eq!(exit_code(&mut child.process).await, Some(3));
}

#[tokio::test]
async fn invalid_env_exits_non_zero_naming_the_variable() {
    let output = child_command(&[("FAIL_PERCENT", "150")])
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(r#"FAIL_PERCENT is "150" but must be a whole number from 0 to 100"#),
        "{stderr}"
    );
}

#[tokio::test]
async fn sigterm_finishes_in_flight_requests_then_exits_0() {
    let mut child = spawn_child(&[]).await;
    let mut stream = TcpStream::connect(child.addr).await.unwrap();
    stream
        .write_all(b"GET /stream?chunks=3&ms=100 HTTP/1.1\r\nHost: hello\r\n\r\n")
        .await
        .unwrap();
    // Wait until the first chunk arrives: the request is in flight.
    let mut reader = BufReader::new(stream);
    let mut received = String::new();
    while !received.contains("chunk 0") {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).await.unwrap() > 0);
        received.push_str(&line);
    }
    let pid = nix::unistd::Pid::from_raw(child.process.id().unwrap() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let mut rest = String::new();
    reader.read_to_string(&mut rest).await.unwrap();
    assert!(rest.contains("chunk 2"), "{rest}");
    assert_eq!(exit_code(&mut child.process).await, Some(0));
}

#[tokio::test]
async fn startup_delay_postpones_listening() {
    let started = Instant::now();
    let mut child = spawn_child(&[("STARTUP_DELAY_MS", "300")]).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    child.process.kill().await.unwrap();
}
