//! Client connections as the router reads them by hand while their requests are
//! plain, and hands them to hyper at the first one that is not: pipelining across
//! the hand-over, a connection going on after an error page, `Connection: close`,
//! the header read timeout on an idle keep-alive connection, chunked responses,
//! and draining. Raw TCP, so what is on the wire is what is checked.

use std::time::Duration;

use runlane_router::RouterConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::support::*;

/// One response as it came on the wire.
#[derive(Debug)]
struct Wire {
    status: u16,
    /// Field lines, names lowercased, in order.
    fields: Vec<(String, String)>,
    body: Vec<u8>,
    chunked: bool,
}

impl Wire {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// Reads responses off `stream`, framed as the router framed them, until
/// `count` have come; fails if they do not come within [`PATIENCE`].
/// `head_requests` says which of them answer a HEAD (no body).
async fn read_responses(
    stream: &mut TcpStream,
    count: usize,
    head_requests: &[usize],
) -> Vec<Wire> {
    let deadline = Instant::now() + PATIENCE;
    let mut buf = Vec::new();
    let mut responses = Vec::new();
    while responses.len() < count {
        if let Some((wire, used)) = parse_response(&buf, head_requests.contains(&responses.len())) {
            buf.drain(..used);
            responses.push(wire);
            continue;
        }
        let mut chunk = [0u8; 8192];
        let n = tokio::time::timeout_at(deadline, stream.read(&mut chunk))
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "{} of {count} responses came in time; then {:?}",
                    responses.len(),
                    String::from_utf8_lossy(&buf)
                )
            })
            .unwrap();
        assert!(
            n > 0,
            "the connection closed after {} of {count} responses: {responses:?} then {:?}",
            responses.len(),
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
    }
    assert!(
        buf.is_empty(),
        "more than {count} responses: {:?}",
        String::from_utf8_lossy(&buf)
    );
    responses
}

/// A whole response at the front of `buf` and its length on the wire.
fn parse_response(buf: &[u8], head_request: bool) -> Option<(Wire, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buf[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let fields: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let find = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let chunked = find("transfer-encoding").is_some_and(|v| v == "chunked");
    let rest = &buf[end..];
    let (body, used) = if head_request || status == 204 || status == 304 {
        (Vec::new(), 0)
    } else if chunked {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let line_end = rest[at..].windows(2).position(|w| w == b"\r\n")? + at;
            let size = usize::from_str_radix(std::str::from_utf8(&rest[at..line_end]).unwrap(), 16)
                .unwrap();
            at = line_end + 2;
            if rest.len() < at + size + 2 {
                return None;
            }
            body.extend_from_slice(&rest[at..at + size]);
            assert_eq!(
                &rest[at + size..at + size + 2],
                b"\r\n",
                "a chunk ends with CRLF"
            );
            at += size + 2;
            if size == 0 {
                break (body, at);
            }
        }
    } else {
        let length: usize = find("content-length")
            .expect("a response with a body has a length or is chunked")
            .parse()
            .unwrap();
        if rest.len() < length {
            return None;
        }
        (rest[..length].to_vec(), length)
    };
    Some((
        Wire {
            status,
            fields,
            body,
            chunked,
        },
        end + used,
    ))
}

/// Reads until the router closes the connection; fails if it does not within [`PATIENCE`].
async fn closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut rest = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut rest))
        .await
        .expect("the router closes the connection")
        .unwrap();
    rest
}

fn plain_get(host: &str, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n")
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order_across_the_hand_over_to_hyper() {
    let (router, backend) = router_with_one_backend("app").await;
    let host = router.host("svc");
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    // Plain, plain, HEAD, then a body (hyper's from here on), then plain again.
    let pipelined = [
        plain_get(&host, "/"),
        plain_get(&host, "/headers"),
        format!("HEAD /big HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        format!("POST /echo HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello"),
        plain_get(&host, "/"),
    ]
    .concat();
    stream.write_all(pipelined.as_bytes()).await.unwrap();
    let responses = read_responses(&mut stream, 5, &[2]).await;

    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200; 5], "{responses:?}");
    assert_eq!(responses[0].text(), backend.name);
    assert!(
        responses[1].text().contains(&format!("host: {host}\n")),
        "{}",
        responses[1].text()
    );
    assert!(
        responses[1].text().contains("x-forwarded-for: 127.0.0.1\n"),
        "{}",
        responses[1].text()
    );
    assert_eq!(
        responses[2].field("content-length"),
        Some(big_body().len().to_string().as_str()),
        "HEAD keeps the length: {:?}",
        responses[2]
    );
    assert_eq!(responses[3].text(), "hello");
    assert_eq!(responses[4].text(), backend.name);
    for response in &responses {
        assert!(
            response.field("date").is_some(),
            "every response is dated: {response:?}"
        );
        assert_eq!(response.field("connection"), None, "{response:?}");
    }
}

#[tokio::test]
async fn a_connection_goes_on_after_an_error_page() {
    let (router, backend) = router_with_one_backend("app").await;
    let host = router.host("svc");
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    for (request_host, status) in [
        (host.as_str(), 200),
        ("nosuch.localhost", 404),
        (host.as_str(), 200),
        (host.as_str(), 200),
    ] {
        stream
            .write_all(plain_get(request_host, "/").as_bytes())
            .await
            .unwrap();
        let response = read_responses(&mut stream, 1, &[]).await.remove(0);
        assert_eq!(response.status, status, "Host {request_host}: {response:?}");
        if status == 200 {
            assert_eq!(response.text(), backend.name);
        }
    }
}

#[tokio::test]
async fn connection_close_gets_its_answer_then_the_connection_closes() {
    let (router, backend) = router_with_one_backend("app").await;
    let host = router.host("svc");
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n{}",
        plain_get(&host, "/ignored")
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let response = read_responses(&mut stream, 1, &[]).await.remove(0);
    assert_eq!(
        (response.status, response.text()),
        (200, backend.name.as_str())
    );
    assert_eq!(response.field("connection"), Some("close"));
    assert_eq!(
        closed(&mut stream).await,
        b"",
        "nothing after the last response"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_read_timeout() {
    let mut config = RouterConfig::new(DOMAIN);
    config.header_read_timeout = Duration::from_secs(1);
    let (router, _backend) = router_with_one_backend_configured(config, "app").await;
    let host = router.host("svc");

    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    // Requests that each come well within the timeout keep the connection
    // open for longer than the timeout: it counts from each wait for a head.
    for _ in 0..4 {
        stream
            .write_all(plain_get(&host, "/").as_bytes())
            .await
            .unwrap();
        assert_eq!(read_responses(&mut stream, 1, &[]).await[0].status, 200);
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let idle_since = Instant::now();
    assert_eq!(closed(&mut stream).await, b"");
    let idle = idle_since.elapsed();
    assert!(
        idle >= Duration::from_millis(500),
        "closed after only {idle:?} idle"
    );
}

#[tokio::test]
async fn a_chunked_response_is_passed_on_chunked_and_the_connection_serves_the_next() {
    let (router, backend) = router_with_one_backend("app").await;
    let host = router.host("svc");
    let chunks = backend.stream();
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    stream
        .write_all(plain_get(&host, "/stream").as_bytes())
        .await
        .unwrap();
    for chunk in ["one ", "two ", "three"] {
        chunks.send(bytes::Bytes::from(chunk)).await.unwrap();
    }
    drop(chunks);
    let response = read_responses(&mut stream, 1, &[]).await.remove(0);
    assert!(response.chunked, "{response:?}");
    assert_eq!(response.text(), "one two three");

    stream
        .write_all(plain_get(&host, "/").as_bytes())
        .await
        .unwrap();
    assert_eq!(
        read_responses(&mut stream, 1, &[]).await[0].text(),
        backend.name
    );
}

#[tokio::test]
async fn draining_closes_idle_connections_and_closes_busy_ones_after_their_answer() {
    let (mut router, backend) = router_with_one_backend("slow").await;
    let host = router.host("svc");

    let mut idle = TcpStream::connect(router.addr).await.unwrap();
    idle.write_all(plain_get(&host, "/").as_bytes())
        .await
        .unwrap();
    assert_eq!(read_responses(&mut idle, 1, &[]).await[0].status, 200);
    let mut busy = TcpStream::connect(router.addr).await.unwrap();
    busy.write_all(plain_get(&host, "/slow").as_bytes())
        .await
        .unwrap();
    eventually("the slow request reaches the backend", || {
        backend.slow_waiting() == 1
    })
    .await;

    router.signal_shutdown();
    assert_eq!(
        closed(&mut idle).await,
        b"",
        "an idle connection closes at once"
    );
    backend.release();
    let response = read_responses(&mut busy, 1, &[]).await.remove(0);
    assert_eq!((response.status, response.text()), (200, "slow"));
    assert_eq!(response.field("connection"), Some("close"));
    assert_eq!(closed(&mut busy).await, b"");
    router.wait_served().await;
}

#[tokio::test]
async fn requests_held_for_a_first_instance_count_once_in_the_split() {
    let router = RunningRouter::with_defaults().await;
    let (a, b) = (Backend::start("a").await, Backend::start("b").await);
    // Neither revision has an instance yet: the requests are handed to hyper's
    // path and wait there, already routed.
    let (rev_a, rev_b) = (revision("svc", "svc-a", &[]), revision("svc", "svc-b", &[]));
    router.router.publish(table(vec![service(
        "svc",
        &[(&rev_a, 7_500), (&rev_b, 2_500)],
        &[],
    )]));
    let host = router.host("svc");
    let mut waiting = Vec::new();
    // One at a time, so a request routed twice would take two places in a row.
    for sent in 1..=8 {
        let mut stream = TcpStream::connect(router.addr).await.unwrap();
        stream
            .write_all(plain_get(&host, "/").as_bytes())
            .await
            .unwrap();
        waiting.push(stream);
        eventually("the request waits for an instance", || {
            rev_a.held() + rev_b.held() == sent
        })
        .await;
    }
    assert_eq!(
        (rev_a.held(), rev_b.held()),
        (6, 2),
        "each routed once, by the split"
    );
    rev_a.set_endpoints(vec![a.addr]);
    rev_b.set_endpoints(vec![b.addr]);
    let mut names = Vec::new();
    for stream in &mut waiting {
        names.push(read_responses(stream, 1, &[]).await[0].text().to_owned());
    }
    names.sort();
    assert_eq!(names, ["a", "a", "a", "a", "a", "a", "b", "b"]);
}
