//! Hostile clients against the router: request smuggling forms, oversized
//! headers, invalid Host headers, and slow clients (slowloris). Each must be refused
//! or cut off without reaching an instance and without disturbing other clients.

#[path = "router/support.rs"]
#[allow(dead_code)]
mod support;

use runlane_router::RouterConfig;
use std::time::Duration;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

async fn router_with_backend(config: RouterConfig) -> (RunningRouter, Backend, std::sync::Arc<runlane_router::RevisionBackend>) {
    let router = RunningRouter::start(config).await;
    let backend = Backend::start("app").await;
    let rev = revision("svc", "svc-1", &[backend.addr]);
    router.router.publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    (router, backend, rev)
}

fn status_of(response: &str) -> u16 {
    response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn smuggling_forms_are_refused_before_any_instance_sees_them() {
    let (router, _backend, rev) = router_with_backend(RouterConfig::new(DOMAIN)).await;
    let host = router.host("svc");
    let cases = [
        ("two different Content-Lengths", true, format!("POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde")),
        // Bodies stream, so the head reaches the instance before the broken chunk does;
        // the instance then sees its request body cut off, and the client gets 400.
        ("bad chunked encoding", false, format!("POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")),
        ("obsolete line folding", true, format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-A: a\r\n b\r\n\r\n")),
        ("space before colon", true, format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length : 0\r\n\r\n")),
    ];
    for (what, refused_at_the_head, raw) in cases {
        let before = rev.counts().total();
        let response = raw_exchange(router.addr, &raw).await;
        let status = status_of(&response);
        assert!(status == 400 || (status == 0 && response.is_empty()), "{what}: got {response:?}");
        if refused_at_the_head {
            assert_eq!(rev.counts().total(), before, "{what}: reached the instance");
        }
    }
}

/// The classic CL.TE smuggle: a front end that trusted Content-Length would pass the
/// trailing `G` on as the start of the next request. The router frames by
/// Transfer-Encoding alone (RFC 9112 §6.1; hyper drops the Content-Length), re-frames
/// the body towards the instance, and closes the connection after answering, so
/// nothing after the chunked body is ever read as a request.
#[tokio::test]
async fn content_length_with_transfer_encoding_smuggles_nothing() {
    let (router, _backend, rev) = router_with_backend(RouterConfig::new(DOMAIN)).await;
    let host = router.host("svc");
    let raw = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG\
         GET /smuggled HTTP/1.1\r\nHost: {host}\r\n\r\n"
    );
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut got)).await.expect("the router closes the connection").unwrap();
    let text = String::from_utf8_lossy(&got);
    assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "exactly one response, then close: {text}");
    assert!(text.to_ascii_lowercase().contains("connection: close"), "{text}");
    assert_eq!(rev.counts().total(), 1, "one request reached the instance");
}

#[tokio::test]
async fn oversized_headers_get_431_and_invalid_hosts_400() {
    let mut config = RouterConfig::new(DOMAIN);
    config.max_header_bytes = 16 * 1024;
    let (router, _backend, rev) = router_with_backend(config).await;
    let host = router.host("svc");
    let big = "x".repeat(64 * 1024);
    let response = raw_exchange(router.addr, &format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {big}\r\n\r\n")).await;
    assert!(status_of(&response) == 431 || response.is_empty(), "{response:.200}");

    for bad in ["bad host!", "svc..localhost", "-svc.localhost", "svc.localhost:notaport", ""] {
        let response = raw_exchange(router.addr, &format!("GET / HTTP/1.1\r\nHost: {bad}\r\nConnection: close\r\n\r\n")).await;
        let status = status_of(&response);
        assert!(status == 400 || status == 404, "Host {bad:?}: {response}");
    }
    let response = raw_exchange(router.addr, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status_of(&response), 400, "{response}");
    assert_eq!(rev.counts().total(), 0, "nothing hostile reached the instance");

    // The router still serves well-formed requests.
    let (status, body) = get(&client(), router.addr, &host, "/").await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "app"));
}

#[tokio::test]
async fn a_slow_client_is_cut_off_and_others_are_served_meanwhile() {
    let mut config = RouterConfig::new(DOMAIN);
    config.header_read_timeout = Duration::from_millis(500);
    let (router, _backend, _rev) = router_with_backend(config).await;
    let host = router.host("svc");

    // Slowloris: open connections that send half a request head and then nothing.
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(router.addr).await.unwrap();
        s.write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Slow: ").as_bytes()).await.unwrap();
        slow.push(s);
    }
    let (status, _) = get(&client(), router.addr, &host, "/").await;
    assert_eq!(status.as_u16(), 200, "others are served while slow clients hang");

    let started = Instant::now();
    for mut s in slow {
        let mut buf = Vec::new();
        // The router closes the connection (possibly after a 408): read to EOF with a deadline.
        let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "a slow client was never cut off");
        let text = String::from_utf8_lossy(&buf);
        assert!(text.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
    }
    assert!(started.elapsed() < Duration::from_secs(5), "cut off after {:?}", started.elapsed());
}
