//! Instances that break their responses, clients
//! that never read or pipeline without end, a queue served first come first
//! served, a split that counts requests, and RFC 9112's one `Host`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::*;

/// An instance that reads each request head and answers every one with
/// `response`, then closes the connection.
async fn broken_instance(response: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream.write_all(response).await;
                let _ = stream.shutdown().await;
                // Reads what else comes (a POST body) so the close is a FIN, not a reset.
                let _ = stream.read_to_end(&mut Vec::new()).await;
            });
        }
    });
    addr
}

/// What the revision's telemetry recorder holds per status code.
fn recorded_codes(rev: &runlane_router::RevisionBackend) -> Vec<(u16, u64)> {
    rev.recorder().drain().codes
}

/// A response the client did not get whole is a 502 in the
/// revision's counts and in its telemetry (what SLOs, alerts and rollouts
/// read), on the plain path (GET) and on hyper's (POST), whether the framing
/// broke in the head (invalid or disagreeing `Content-Length`) or in the body
/// (a bad chunk, a body cut short).
#[tokio::test]
async fn issue_23_broken_instance_responses_are_recorded_as_502() {
    let cases: [(&str, &'static [u8]); 5] = [
        (
            "two different Content-Lengths",
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        ),
        (
            "a Content-Length that is not a number",
            b"HTTP/1.1 200 OK\r\nContent-Length: 3x\r\n\r\nabc",
        ),
        (
            "a bad chunk size after a good chunk",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\nabc\r\n0\r\n\r\n",
        ),
        (
            "a chunk size with a sign",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n",
        ),
        (
            "a body shorter than its length",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        ),
    ];
    let router = RunningRouter::with_defaults().await;
    for (what, response) in cases {
        let rev = revision("svc", "svc-1", &[broken_instance(response).await]);
        router
            .router
            .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
        let host = router.host("svc");

        // Plain path: a raw GET; the client gets a 502 page, or a reply cut
        // short (nothing at all when the head waited for the first chunk).
        let got = raw_exchange_to_end(
            router.addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert!(
            got.is_empty() || got.starts_with("HTTP/1.1 502") || got.starts_with("HTTP/1.1 200"),
            "{what}: {got:?}"
        );
        // Hyper's path: a POST with a body.
        let req = Request::post(format!("http://{}/", router.addr))
            .header("host", &host)
            .body(body("x"))
            .unwrap();
        if let Ok(response) = client().request(req).await {
            let _ = http_body_util::BodyExt::collect(response.into_body()).await;
        }

        eventually(&format!("{what}: both requests are counted"), || {
            rev.counts().total() == 2
        })
        .await;
        let counts = rev.counts();
        assert_eq!(
            (counts.success, counts.server_error),
            (0, 2),
            "{what}: {counts:?}"
        );
        assert_eq!(recorded_codes(&rev), vec![(502, 2)], "{what}");
    }
}

/// Writes `raw` and reads until the router closes the connection.
async fn raw_exchange_to_end(router: SocketAddr, raw: &str) -> String {
    let mut stream = TcpStream::connect(router).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut got))
        .await
        .expect("the router closes the connection");
    String::from_utf8_lossy(&got).into_owned()
}

/// Two `Host` fields are a 400 (RFC 9112 §3.2), whichever
/// path the request would take, and reach no instance.
#[tokio::test]
async fn issue_23_two_host_headers_get_400() {
    let (router, _backend) = router_with_one_backend("app").await;
    let host = router.host("svc");
    for raw in [
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nHost: other.{DOMAIN}\r\nConnection: close\r\n\r\n"),
        format!("POST / HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    ] {
        let got = raw_exchange_to_end(router.addr, &raw).await;
        assert!(got.starts_with("HTTP/1.1 400"), "{raw:?}: {got}");
        assert!(got.contains("2 Host headers"), "{got}");
    }
}

/// An instance that answers every request on a connection with a 16 KiB body,
/// keeping the connection open.
async fn sixteen_kib_instance() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut response = b"HTTP/1.1 200 OK\r\nContent-Length: 16384\r\n\r\n".to_vec();
                response.resize(response.len() + 16384, b'x');
                let mut got = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    while let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                        got.drain(..end + 4);
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
            });
        }
    });
    addr
}

/// A client that pipelines requests and never reads the
/// answers is held back by TCP once the router's read buffer is full (as
/// hyper's server does), where the router used to take in all it sent.
#[tokio::test]
async fn issue_23_a_client_pipelining_without_end_is_not_read_without_end() {
    let router = RunningRouter::with_defaults().await;
    let rev = revision("svc", "svc-1", &[sixteen_kib_instance().await]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    let host = router.host("svc");
    let batch = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").repeat(1024);
    let stream = TcpStream::connect(router.addr).await.unwrap();
    let (_read_half, mut write_half) = stream.into_split();
    const OFFERED: usize = 256 * 1024 * 1024;
    let mut written = 0usize;
    // Writing stalls (the bound holds) or everything is taken in (it does not).
    while written < OFFERED {
        match tokio::time::timeout(
            Duration::from_secs(3),
            write_half.write_all(batch.as_bytes()),
        )
        .await
        {
            Ok(result) => result.unwrap(),
            Err(_stalled) => break,
        }
        written += batch.len();
    }
    assert!(
        written < 96 * 1024 * 1024,
        "the router took in {} MiB of pipelined requests from a client that reads nothing",
        written / (1024 * 1024)
    );
}

/// An instance that records the path of each request it gets, in order, and
/// answers at once, except `/hold`, answered once `release` is notified.
async fn recording_instance() -> (
    SocketAddr,
    Arc<Mutex<Vec<String>>>,
    Arc<tokio::sync::Notify>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let paths = Arc::new(Mutex::new(Vec::new()));
    let release = Arc::new(tokio::sync::Notify::new());
    let (seen, held) = (paths.clone(), release.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (seen, held) = (seen.clone(), held.clone());
            tokio::spawn(async move {
                let mut got = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    while let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&got[..end]).into_owned();
                        got.drain(..end + 4);
                        let path = head.split(' ').nth(1).unwrap_or_default().to_owned();
                        seen.lock().unwrap().push(path.clone());
                        if path == "/hold" {
                            held.notified().await;
                        }
                        let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                        if stream.write_all(ok).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
            });
        }
    });
    (addr, paths, release)
}

/// Reads `n` responses with `Content-Length: 2` bodies off `stream`.
async fn read_responses(stream: &mut TcpStream, n: usize) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while String::from_utf8_lossy(&got).matches("HTTP/1.1 ").count() < n
        || !got.ends_with(b"\r\n\r\nok")
    {
        let read = tokio::time::timeout(PATIENCE, stream.read(&mut buf))
            .await
            .expect("responses in time")
            .unwrap();
        assert!(read > 0, "closed after {:?}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..read]);
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// A freed permit goes to the request that waited for it, not
/// to one that came after. With containerConcurrency 1, `/hold` takes the
/// permit, `/waiting` queues for it, then `/newcomer` arrives, pipelined behind
/// `/hold` on its connection so that it is read the instant `/hold`'s permit is
/// freed. The instance must get `/waiting` before `/newcomer` (it got them the
/// other way round when arrivals could take a permit before the queue). One
/// serving thread, so the waiting request cannot run while the newcomer's
/// connection is being served.
#[tokio::test]
async fn issue_23_a_freed_permit_goes_to_the_waiting_request_before_a_newcomer() {
    let mut config = runlane_router::RouterConfig::new(DOMAIN);
    config.serving_threads = 1;
    let router = RunningRouter::start(config).await;
    let (addr, paths, release) = recording_instance().await;
    let rev = runlane_router::RevisionBackend::with_concurrency(
        "svc",
        "svc-1",
        Duration::from_secs(30),
        1,
    );
    rev.set_endpoints(vec![addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    let host = router.host("svc");

    let mut first = TcpStream::connect(router.addr).await.unwrap();
    first
        .write_all(
            format!("GET /hold HTTP/1.1\r\nHost: {host}\r\n\r\nGET /newcomer HTTP/1.1\r\nHost: {host}\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    eventually("/hold reached the instance", || {
        paths.lock().unwrap().len() == 1
    })
    .await;
    let mut second = TcpStream::connect(router.addr).await.unwrap();
    second
        .write_all(format!("GET /waiting HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    eventually("/waiting is queued", || rev.held() == 1).await;
    release.notify_one();
    read_responses(&mut first, 2).await;
    read_responses(&mut second, 1).await;
    assert_eq!(*paths.lock().unwrap(), ["/hold", "/waiting", "/newcomer"]);
}

/// A request waiting for a permit is not routed again when a
/// table is published that left its service as it was, so it takes one place
/// in the split, not two, and "exact split" counts requests. A 50/50 split
/// alternates; with both revisions full, the third request is routed to the
/// first one's revision and waits; a table adding another service is
/// published; the third request must still be served by the revision it was
/// routed to (it used to be routed again, to the other, moving the split on
/// twice). One serving thread, so the waiting request has seen the new table
/// once a request to the new service has been answered.
#[tokio::test]
async fn issue_23_an_unrelated_publish_does_not_route_a_waiting_request_again() {
    let mut config = runlane_router::RouterConfig::new(DOMAIN);
    config.serving_threads = 1;
    let router = RunningRouter::start(config).await;
    let (a_addr, a_paths, a_release) = recording_instance().await;
    let (b_addr, b_paths, b_release) = recording_instance().await;
    let limited = |name: &str, addr| {
        let rev = runlane_router::RevisionBackend::with_concurrency(
            "svc",
            name,
            Duration::from_secs(30),
            1,
        );
        rev.set_endpoints(vec![addr]);
        rev
    };
    let (a, b) = (limited("svc-a", a_addr), limited("svc-b", b_addr));
    router.router.publish(table(vec![service(
        "svc",
        &[(&a, 5_000), (&b, 5_000)],
        &[],
    )]));
    let host = router.host("svc");
    let send = |path: &str| {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let addr = router.addr;
        async move {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream.write_all(raw.as_bytes()).await.unwrap();
            stream
        }
    };
    let mut first = send("/hold").await;
    let mut second = send("/hold").await;
    eventually("both revisions are full", || {
        a_paths.lock().unwrap().len() == 1 && b_paths.lock().unwrap().len() == 1
    })
    .await;
    let mut third = send("/third").await;
    eventually("the third request waits", || a.held() + b.held() == 1).await;
    let waited_on_a = a.held() == 1;

    let other_backend = Backend::start("other").await;
    let other = revision("other", "other-1", &[other_backend.addr]);
    let unrelated = router
        .router
        .table()
        .with_changes(vec![runlane_router::RouteChange::Put {
            route: service("other", &[(&other, 10_000)], &[]),
            public: true,
        }])
        .unwrap();
    router.router.publish(unrelated);
    let (status, _) = get(&client(), router.addr, &router.host("other"), "/").await;
    assert_eq!(status, 200);
    a_release.notify_one();
    b_release.notify_one();
    for stream in [&mut first, &mut second, &mut third] {
        read_responses(stream, 1).await;
    }
    let served_by_a = a_paths.lock().unwrap().iter().any(|p| p == "/third");
    assert_eq!(
        served_by_a,
        waited_on_a,
        "the third request waited for {} and was served by the other revision",
        if waited_on_a { "svc-a" } else { "svc-b" }
    );
}

/// An instance that answers every request with a chunked body that never
/// ends (64 KiB chunks for as long as it can write), keeping connections open.
async fn endless_instance() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let start = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                if stream.write_all(start).await.is_err() {
                    return;
                }
                let mut chunk = b"10000\r\n".to_vec();
                chunk.resize(chunk.len() + 0x10000, b'x');
                chunk.extend_from_slice(b"\r\n");
                while stream.write_all(&chunk).await.is_ok() {}
            });
        }
    });
    addr
}

/// A client that never reads its response does not keep the
/// instance's permit past the revision's timeout, on the plain path (GET) and on
/// hyper's (POST): the router gives up on the exchange, records it as 504,
/// and the next request gets the permit. Each used to hold it for ever, so N
/// such clients stopped a service of N permits.
#[tokio::test]
async fn issue_23_a_client_that_never_reads_does_not_keep_the_permit_past_the_timeout() {
    let mut config = runlane_router::RouterConfig::new(DOMAIN);
    config.hold_timeout = Duration::from_secs(3);
    let router = RunningRouter::start(config).await;
    let rev = runlane_router::RevisionBackend::with_concurrency(
        "svc",
        "svc-1",
        Duration::from_millis(500),
        1,
    );
    rev.set_endpoints(vec![endless_instance().await]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    let host = router.host("svc");
    let mut stuck = Vec::new();
    for raw in [
        format!("GET /endless HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        format!("POST /endless HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\n\r\nx"),
    ] {
        // Connects, asks, and reads nothing: the response fills the socket buffers.
        let mut stream = TcpStream::connect(router.addr).await.unwrap();
        stream.write_all(raw.as_bytes()).await.unwrap();
        eventually("the request holds the permit", || rev.in_flight() == 1).await;
        stuck.push(stream);
        eventually("the permit is given back after the revision's timeout", || {
            rev.in_flight() == 0
        })
        .await;
    }
    assert_eq!(recorded_codes(&rev), vec![(504, 2)]);
    drop(stuck);
}

/// An upgraded connection (WebSocket) on which nothing
/// crosses for the revision's timeout is closed and gives its permit back (as
/// Envoy's stream idle timeout does); one that talks stays open.
#[tokio::test]
async fn issue_23_an_idle_upgraded_connection_is_closed_after_the_timeout() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("a").await;
    let rev = runlane_router::RevisionBackend::with_concurrency(
        "svc",
        "svc-1",
        Duration::from_millis(600),
        1,
    );
    rev.set_endpoints(vec![backend.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    let head = format!(
        "GET /upgrade HTTP/1.1\r\nHost: {}\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n",
        router.host("svc")
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 101"));
    // Talking keeps it open: 10 echoes 200 ms apart outlast the 600 ms timeout.
    let talking_since = tokio::time::Instant::now();
    for i in 0..10u8 {
        stream.write_all(&[i]).await.unwrap();
        let mut echo = [0u8; 1];
        tokio::time::timeout(PATIENCE, stream.read_exact(&mut echo))
            .await
            .expect("echo in time")
            .unwrap();
        assert_eq!(echo, [i]);
        tokio::time::sleep_until(talking_since + Duration::from_millis(200) * u32::from(i + 1)).await;
    }
    assert_eq!(rev.in_flight(), 1);
    // Then silence: the router closes the tunnel and the permit is free.
    let read = tokio::time::timeout(PATIENCE, stream.read(&mut buf))
        .await
        .expect("the router closes an idle tunnel");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    eventually("the permit is free", || rev.in_flight() == 0).await;
}
