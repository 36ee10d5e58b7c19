//! The forwarding path for plain requests: a GET or HEAD with no body and no
//! upgrade, which is most of what a router carries. Its request head is written
//! and its response read by hand on a pooled connection, inside the request's own
//! task: no connection task to wake, no channel to the response body. The
//! response head is kept as the field lines the client may see ([`PlainHead`]),
//! hop-by-hop ones dropped as it is parsed, for [`crate::front`] to write back
//! as they are (hyper's server gets them as a `HeaderMap`). Everything else
//! (bodies, other methods, upgrades) goes through hyper's client
//! ([`crate::upstream`]).
//!
//! A plain request is safe to send twice, so one sent on a pooled connection that
//! the instance had closed (the connection ends before any byte of a response) is
//! sent again once on a new connection.
//!
//! The head is parsed and the body's framing decoded by [`crate::h1::instance`]. The
//! connection goes back to this thread's pool when the body has been read to its
//! end, the instance did not ask to close, and nothing more was sent after it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Bytes, BytesMut};
use http::StatusCode;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::dial::{open, Dial, PoolConfig};
use crate::error::UpstreamError;
use crate::h1::instance::{
    decode_chunked, parse_head, Framing, PlainError, PlainHead, MAX_HEAD_BYTES,
};

/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 8 * 1024;
/// The most room made for one read of a body of known length.
const MAX_BODY_READ: usize = 64 * 1024;

struct Conn {
    stream: TcpStream,
    /// Bytes read past what has been handed on.
    buf: BytesMut,
}

struct Idle {
    conn: Conn,
    since: Instant,
}

thread_local! {
    static IDLE: RefCell<HashMap<SocketAddr, Vec<Idle>>> = RefCell::new(HashMap::new());
}

/// Sends a plain request's `head` to the instance at `addr` and reads the
/// response head. On a connect error nothing was sent: the caller may send the
/// same head to another instance.
pub(crate) async fn send(
    addr: SocketAddr,
    config: PoolConfig,
    head: &[u8],
    head_request: bool,
) -> Result<(PlainHead, PlainBody), UpstreamError> {
    let pool = Pool { addr, config };
    if let Some(conn) = checkout(addr, config) {
        match exchange(conn, head, head_request, pool).await {
            Ok(response) => return Ok(response),
            // The instance had closed this idle connection: the request went
            // nowhere, and a plain request may be sent again.
            Err(PlainError::NoResponse) => {}
            Err(err) => return Err(UpstreamError::Plain(err)),
        }
    }
    // Boxed: connecting is the cold path.
    let conn = Box::pin(connect(addr, config.dialer)).await?;
    exchange(conn, head, head_request, pool)
        .await
        .map_err(UpstreamError::Plain)
}

/// A write error, or a read error before any response byte, that means the
/// instance had closed the connection.
fn closed_by_instance(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
    )
}

async fn connect(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
) -> Result<Conn, UpstreamError> {
    Ok(Conn {
        stream: open(addr, dialer).await?,
        buf: BytesMut::with_capacity(READ_CHUNK),
    })
}

/// The most recently used idle connection to `addr` that is still open and
/// has nothing unread on it.
fn checkout(addr: SocketAddr, config: PoolConfig) -> Option<Conn> {
    loop {
        let mut idle = IDLE.with(|pool| pool.borrow_mut().get_mut(&addr).and_then(Vec::pop))?;
        if idle.since.elapsed() > config.idle_timeout {
            continue;
        }
        // Also clears a readiness left from the last response's read.
        match idle.conn.stream.try_read_buf(&mut idle.conn.buf) {
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Some(idle.conn),
            // Closed, failed, or sent something nobody asked for.
            _ => continue,
        }
    }
}

#[derive(Clone, Copy)]
struct Pool {
    addr: SocketAddr,
    config: PoolConfig,
}

impl Pool {
    fn release(self, conn: Conn) {
        if self.config.max_idle_per_instance == 0 || !conn.buf.is_empty() {
            return;
        }
        IDLE.with(|pool| {
            let mut pool = pool.borrow_mut();
            let stack = pool.entry(self.addr).or_default();
            if stack.len() < self.config.max_idle_per_instance {
                stack.push(Idle {
                    conn,
                    since: Instant::now(),
                });
            }
        });
    }
}

/// Drops this thread's idle connections that waited longer than `idle_timeout`.
pub(crate) fn sweep(idle_timeout: std::time::Duration) {
    IDLE.with(|pool| {
        pool.borrow_mut().retain(|_, stack| {
            stack.retain(|idle| idle.since.elapsed() <= idle_timeout);
            !stack.is_empty()
        });
    });
}

/// How many idle connections to `addr` this thread keeps (for tests).
#[cfg(test)]
fn idle_count(addr: SocketAddr) -> usize {
    IDLE.with(|pool| pool.borrow().get(&addr).map_or(0, Vec::len))
}

async fn exchange(
    mut conn: Conn,
    head: &[u8],
    head_request: bool,
    pool: Pool,
) -> Result<(PlainHead, PlainBody), PlainError> {
    if let Err(err) = conn.stream.write_all(head).await {
        return Err(if closed_by_instance(&err) {
            PlainError::NoResponse
        } else {
            PlainError::Io(err)
        });
    }
    let mut received = false;
    loop {
        if !conn.buf.is_empty() {
            if let Some(parsed) = parse_head(&mut conn.buf, head_request)? {
                // Interim responses (100 Continue, 103 Early Hints) are not passed on.
                if parsed.head.status.is_informational() {
                    if parsed.head.status == StatusCode::SWITCHING_PROTOCOLS {
                        return Err(PlainError::Malformed(
                            "the instance switched protocols on a request that asked for no upgrade"
                                .into(),
                        ));
                    }
                    continue;
                }
                let body = PlainBody::new(conn, parsed.framing, parsed.keep_alive, pool);
                return Ok((parsed.head, body));
            }
            if conn.buf.len() > MAX_HEAD_BYTES {
                return Err(PlainError::Malformed(format!(
                    "the response head is larger than {MAX_HEAD_BYTES} bytes"
                )));
            }
        }
        conn.buf.reserve(READ_CHUNK);
        let n = match conn.stream.read_buf(&mut conn.buf).await {
            Ok(n) => n,
            Err(err) if !received && closed_by_instance(&err) => {
                return Err(PlainError::NoResponse)
            }
            Err(err) => return Err(PlainError::Io(err)),
        };
        if n == 0 {
            return Err(if received {
                PlainError::Malformed(
                    "the instance closed the connection mid-way through the response head".into(),
                )
            } else {
                PlainError::NoResponse
            });
        }
        received = true;
    }
}

/// A response body read straight off the instance's connection.
pub(crate) struct PlainBody {
    conn: Option<Conn>,
    framing: Framing,
    keep_alive: bool,
    pool: Pool,
}

impl PlainBody {
    fn new(conn: Conn, framing: Framing, keep_alive: bool, pool: Pool) -> PlainBody {
        let mut body = PlainBody {
            conn: Some(conn),
            framing,
            keep_alive,
            pool,
        };
        // An empty body is over before it starts: the connection can take the
        // next request at once.
        if body.framing == Framing::Length(0) {
            body.finish();
        }
        body
    }

    /// The body has ended: the connection goes back to the pool if it may.
    fn finish(&mut self) {
        self.framing = Framing::Done;
        if let Some(conn) = self.conn.take() {
            if self.keep_alive {
                self.pool.release(conn);
            }
        }
    }

    /// Decodes what the buffer holds of a chunked body ([`decode_chunked`]);
    /// gives the connection back when the body has ended.
    fn decode_chunked(&mut self) -> Result<Option<Bytes>, PlainError> {
        let Some(conn) = self.conn.as_mut() else {
            return Ok(None);
        };
        let data = decode_chunked(&mut self.framing, &mut conn.buf)?;
        if self.framing == Framing::Done {
            self.finish();
        }
        Ok(data)
    }

    /// Reads more from the instance into the buffer; Ok(0) at its end.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<usize, PlainError>> {
        let Some(conn) = self.conn.as_mut() else {
            return Poll::Ready(Ok(0));
        };
        // A long body of known length is read in larger pieces (fewer reads);
        // a streamed one in small ones, as its chunks come.
        let room = match self.framing {
            Framing::Length(left) => usize::try_from(left)
                .unwrap_or(usize::MAX)
                .clamp(READ_CHUNK, MAX_BODY_READ),
            _ => READ_CHUNK,
        };
        conn.buf.reserve(room);
        loop {
            ready!(conn.stream.poll_read_ready(cx)).map_err(PlainError::Io)?;
            match conn.stream.try_read_buf(&mut conn.buf) {
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => continue,
                read => return Poll::Ready(read.map_err(PlainError::Io)),
            }
        }
    }
}

impl Body for PlainBody {
    type Data = Bytes;
    type Error = PlainError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, PlainError>>> {
        let this = self.get_mut();
        loop {
            let data = match this.framing {
                Framing::Done => return Poll::Ready(None),
                Framing::Length(left) => {
                    let buf = &mut this
                        .conn
                        .as_mut()
                        .expect("a body being read has its connection")
                        .buf;
                    if buf.is_empty() {
                        None
                    } else {
                        let n = left.min(buf.len() as u64) as usize;
                        let data = buf.split_to(n).freeze();
                        this.framing = Framing::Length(left - n as u64);
                        if left == n as u64 {
                            this.finish();
                        }
                        Some(data)
                    }
                }
                Framing::UntilClose => {
                    let buf = &mut this
                        .conn
                        .as_mut()
                        .expect("a body being read has its connection")
                        .buf;
                    (!buf.is_empty()).then(|| buf.split().freeze())
                }
                Framing::Chunked(_) => match this.decode_chunked() {
                    Ok(data) => data,
                    Err(err) => {
                        this.framing = Framing::Done;
                        this.conn = None;
                        return Poll::Ready(Some(Err(err)));
                    }
                },
            };
            if let Some(data) = data {
                return Poll::Ready(Some(Ok(Frame::data(data))));
            }
            if this.framing == Framing::Done {
                return Poll::Ready(None);
            }
            let read = ready!(this.poll_fill(cx));
            match read {
                Ok(0) if this.framing == Framing::UntilClose => {
                    this.framing = Framing::Done;
                    this.conn = None;
                    return Poll::Ready(None);
                }
                Ok(0) => {
                    this.framing = Framing::Done;
                    this.conn = None;
                    return Poll::Ready(Some(Err(PlainError::BodyCut)));
                }
                Ok(_) => {}
                Err(err) => {
                    this.framing = Framing::Done;
                    this.conn = None;
                    return Poll::Ready(Some(Err(err)));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.framing == Framing::Done
    }

    fn size_hint(&self) -> SizeHint {
        match self.framing {
            Framing::Length(left) => SizeHint::with_exact(left),
            Framing::Done => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

impl fmt::Debug for PlainBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainBody")
            .field("framing", &self.framing)
            .field("keep_alive", &self.keep_alive)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use http::header::CONTENT_LENGTH;
    use http::{HeaderMap, HeaderValue, Method, Response};
    use http_body_util::BodyExt;
    use tokio::io::AsyncReadExt;

    use crate::h1::headers::request_head;
    use tokio::net::TcpListener;

    /// How the instance answers the `n`th request (from 0) on a connection:
    /// the response's bytes, written in these pieces, and whether it then closes.
    type Script = fn(usize) -> (Vec<&'static [u8]>, bool);

    /// An instance on a loopback port that answers by `script`; counts the
    /// connections it accepted and keeps the request heads it read.
    async fn instance(script: Script) -> (SocketAddr, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (counter, seen) = (accepted.clone(), heads.clone());
        tokio::spawn(async move {
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                counter.fetch_add(1, Ordering::SeqCst);
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    for n in 0.. {
                        let end = loop {
                            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                                break end + 4;
                            }
                            let mut chunk = [0u8; 1024];
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(k) => buf.extend_from_slice(&chunk[..k]),
                            }
                        };
                        let head: Vec<u8> = buf.drain(..end).collect();
                        seen.lock().unwrap().push(String::from_utf8(head).unwrap());
                        let (pieces, close) = script(n);
                        for piece in pieces {
                            if stream.write_all(piece).await.is_err() {
                                return;
                            }
                            stream.flush().await.unwrap();
                            tokio::task::yield_now().await;
                        }
                        if close {
                            return;
                        }
                    }
                });
            }
        });
        (addr, accepted, heads)
    }

    const CONFIG: PoolConfig = PoolConfig {
        idle_timeout: Duration::from_secs(60),
        max_idle_per_instance: 4,
        dialer: None,
    };

    fn get_head(target: &str) -> Vec<u8> {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::HOST,
            HeaderValue::from_static("app.localhost"),
        );
        headers.insert("x-forwarded-for", HeaderValue::from_static("127.0.0.1"));
        request_head(&Method::GET, target, &headers)
    }

    /// [`send`], its head as hyper's server gets it.
    async fn send_http(
        addr: SocketAddr,
        config: PoolConfig,
        head: &[u8],
        head_request: bool,
    ) -> Result<Response<PlainBody>, UpstreamError> {
        let (head, body) = send(addr, config, head, head_request).await?;
        Ok(head.into_response(body))
    }

    /// Sends a GET and reads the whole response: its status, a header and its body.
    async fn get(
        addr: SocketAddr,
    ) -> Result<(StatusCode, HeaderMap, String), Box<dyn std::error::Error + Send + Sync>> {
        let response = send_http(addr, CONFIG, &get_head("/"), false)
            .await
            .map_err(|err| format!("{err:?}"))?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        Ok((
            parts.status,
            parts.headers,
            String::from_utf8(body.to_vec())?,
        ))
    }

    #[test]
    fn the_request_head_is_origin_form_http_1_1_with_every_header() {
        let head = get_head("/a?b=c");
        assert_eq!(
            String::from_utf8(head).unwrap(),
            "GET /a?b=c HTTP/1.1\r\nhost: app.localhost\r\nx-forwarded-for: 127.0.0.1\r\n\r\n"
        );
    }

    #[tokio::test]
    async fn a_content_length_body_is_read_and_the_connection_reused() {
        let (addr, accepted, heads) = instance(|_| {
            (
                vec![b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-App: 1\r\n\r\nhello"],
                false,
            )
        })
        .await;
        for _ in 0..3 {
            let (status, headers, body) = get(addr).await.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(headers["x-app"], "1");
            assert_eq!(body, "hello");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
        assert_eq!(idle_count(addr), 1);
        assert!(heads.lock().unwrap()[0].starts_with("GET / HTTP/1.1\r\nhost: app.localhost\r\n"));
    }

    #[tokio::test]
    async fn a_response_split_into_single_bytes_is_put_together() {
        const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: t\r\n\r\n";
        let (addr, accepted, _) = instance(|_| (RESPONSE.chunks(1).collect(), false)).await;
        for _ in 0..2 {
            let (status, _, body) = get(addr).await.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body, "abc0123456789abcdef");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_body_without_length_lasts_until_the_instance_closes() {
        let (addr, accepted, _) =
            instance(|_| (vec![b"HTTP/1.1 200 OK\r\n\r\nfirst ", b"second"], true)).await;
        for _ in 0..2 {
            assert_eq!(get(addr).await.unwrap().2, "first second");
        }
        // Such a connection cannot carry another request.
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
        assert_eq!(idle_count(addr), 0);
    }

    #[tokio::test]
    async fn head_204_and_304_have_no_body_whatever_their_length_says() {
        let (addr, accepted, _) = instance(|n| {
            let response: &'static [u8] = match n {
                0 => b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                1 => b"HTTP/1.1 204 No Content\r\n\r\n",
                _ => b"HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n",
            };
            (vec![response], false)
        })
        .await;
        let mut head = get_head("/");
        head.splice(0..3, *b"HEAD");
        let response = send_http(addr, CONFIG, &head, true).await.unwrap();
        assert_eq!(response.headers()[CONTENT_LENGTH], "100");
        assert!(response.body().is_end_stream());
        for status in [StatusCode::NO_CONTENT, StatusCode::NOT_MODIFIED] {
            let (got, _, body) = get(addr).await.unwrap();
            assert_eq!((got, body.as_str()), (status, ""));
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn interim_responses_are_skipped_and_a_switch_is_refused() {
        let (addr, _, _) = instance(|n| match n {
            0 => (
                vec![b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                false,
            ),
            _ => (vec![b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"], true),
        })
        .await;
        assert_eq!(get(addr).await.unwrap().2, "ok");
        let err = get(addr).await.unwrap_err().to_string();
        assert!(err.contains("switched protocols"), "{err}");
    }

    #[tokio::test]
    async fn connection_close_and_http_1_0_without_keep_alive_are_not_reused() {
        // The instance would take another request on the same connection: the
        // router must not offer it one.
        let scripts: [Script; 2] = [
            |_| {
                (
                    vec![b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na"],
                    false,
                )
            },
            |_| {
                (
                    vec![b"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\na"],
                    false,
                )
            },
        ];
        for script in scripts {
            let (addr, accepted, _) = instance(script).await;
            assert_eq!(get(addr).await.unwrap().2, "a");
            assert_eq!(idle_count(addr), 0);
            assert_eq!(get(addr).await.unwrap().2, "a");
            assert_eq!(accepted.load(Ordering::SeqCst), 2);
        }

        let (addr, accepted, _) = instance(|_| {
            (
                vec![b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nk"],
                false,
            )
        })
        .await;
        assert_eq!(get(addr).await.unwrap().2, "k");
        assert_eq!(get(addr).await.unwrap().2, "k");
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_idle_connection_the_instance_closed_is_not_used() {
        // Each connection answers once, keep-alive promised, then closes.
        let (addr, accepted, heads) = instance(|_| {
            (
                vec![b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                true,
            )
        })
        .await;
        assert_eq!(get(addr).await.unwrap().2, "ok");
        // Wait until the close has reached this side.
        let deadline = Instant::now() + Duration::from_secs(5);
        while IDLE.with(|pool| {
            pool.borrow_mut()
                .get_mut(&addr)
                .and_then(|stack| stack.last_mut())
                .is_some_and(|idle| {
                    let mut probe = [0u8; 1];
                    matches!(idle.conn.stream.try_read(&mut probe), Err(e) if e.kind() == io::ErrorKind::WouldBlock)
                })
        }) {
            assert!(Instant::now() < deadline, "the instance never closed");
            tokio::task::yield_now().await;
        }
        assert_eq!(get(addr).await.unwrap().2, "ok");
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
        // The closed connection was not written to.
        assert_eq!(heads.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn a_request_the_instance_closed_on_unanswered_is_sent_again_on_a_new_connection() {
        // The second request on each connection is read, then the connection
        // closes without a word (as when an instance's idle timeout races it).
        let (addr, accepted, heads) = instance(|n| match n {
            0 => (
                vec![b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                false,
            ),
            _ => (vec![], true),
        })
        .await;
        assert_eq!(get(addr).await.unwrap().2, "ok");
        assert_eq!(get(addr).await.unwrap().2, "ok");
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
        assert_eq!(heads.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn bytes_after_the_body_keep_the_connection_out_of_the_pool() {
        let (addr, accepted, _) = instance(|_| {
            (
                vec![b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"],
                false,
            )
        })
        .await;
        assert_eq!(get(addr).await.unwrap().2, "ok");
        assert_eq!(idle_count(addr), 0);
        assert_eq!(get(addr).await.unwrap().2, "ok");
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn broken_responses_are_errors_that_say_what_was_wrong() {
        let cases: [(Script, &str); 5] = [
            (
                |_| (vec![b"HTTP/1.1 2000 OK\r\n\r\n"], true),
                "not valid HTTP/1.1",
            ),
            (
                |_| (vec![b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"], true),
                "Content-Length is not a number",
            ),
            (
                |_| {
                    (
                        vec![b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"],
                        true,
                    )
                },
                "before the end of the response body",
            ),
            (
                |_| {
                    (
                        vec![b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
                        true,
                    )
                },
                "invalid chunk size",
            ),
            (
                |_| (vec![b"HTTP/1.1 200 OK\r\nContent-"], true),
                "mid-way through the response head",
            ),
        ];
        for (script, expected) in cases {
            let (addr, _, _) = instance(script).await;
            let err = get(addr).await.unwrap_err().to_string();
            assert!(err.contains(expected), "{err:?} should say {expected:?}");
            assert_eq!(idle_count(addr), 0);
        }
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_connect_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let err = send(addr, CONFIG, &get_head("/"), false).await.unwrap_err();
        assert!(matches!(err, UpstreamError::Connect(_)), "{err:?}");
    }

    #[tokio::test]
    async fn idle_connections_past_the_timeout_are_swept() {
        let (addr, _, _) =
            instance(|_| (vec![b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], false)).await;
        get(addr).await.unwrap();
        assert_eq!(idle_count(addr), 1);
        sweep(Duration::from_secs(60));
        assert_eq!(idle_count(addr), 1);
        sweep(Duration::ZERO);
        assert_eq!(idle_count(addr), 0);
    }
}
