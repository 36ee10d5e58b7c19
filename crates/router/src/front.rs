//! One client connection. Its requests are read by hand while they are plain (a
//! GET or HEAD with no body and no upgrade, the bulk of what a router carries):
//! the head is parsed in place, the instance's head is written from the client's
//! fields as they arrived, and the response is written back as one buffer from
//! the field lines [`crate::plain`] kept of the instance's, with no `Request`,
//! no `HeaderMap` and no hyper connection state. This is the client-facing half
//! of what `plain` does towards instances.
//!
//! The first request that is anything else (a body, another method, HTTP/1.0,
//! h2c, an upgrade, a private service, a routing error, a revision with no free
//! slot, a head that does not parse) hands the connection over to hyper, with
//! the bytes already read, that request first: from then on hyper serves it and
//! [`crate::proxy::handle`] answers, as for every request before this path
//! existed. Nothing about a request is counted or sent before that decision but
//! the split's counter, and a request routed to a revision with no free slot is
//! handed over with its route, so it is routed and counted once. Error pages,
//! 400s and 431s therefore all come from one place.
//!
//! What the hand-written side keeps of hyper's server: the header read timeout
//! (armed whenever a head is awaited, idle keep-alive included), the head size
//! limit (larger heads go to hyper, which answers 431), pipelining (requests are
//! answered in order from the buffer), `Connection: close`, a `Date` on every
//! response, the response framing rules (RFC 9112 §6), dropping a request whose
//! client closed the connection, and graceful draining.

use std::future::{poll_fn, Future};
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::{Buf, Bytes, BytesMut};
use futures_util::FutureExt;
use http::header::{HeaderValue, CONTENT_LENGTH, DATE, STRICT_TRANSPORT_SECURITY};
use http::{Method, StatusCode};
use http_body::Body;
use http_body_util::BodyExt;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::{Instant, Sleep};

use crate::client_slots::ClientState;
use crate::headers::{Field, Forwarding};
use crate::plain::PlainHead;
use crate::proxy::{self, PlainAnswer, PlainRoute};
use crate::server::Serving;
use crate::telemetry::RecordedBody;

/// Header fields accepted in a request head (hyper's default; more go to hyper,
/// which refuses them).
const MAX_FIELDS: usize = 100;
/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 8 * 1024;
/// Response bytes gathered before they are written, and the size from which a
/// body frame is written as it is rather than copied.
const WRITE_CHUNK: usize = 16 * 1024;

/// `Strict-Transport-Security` on HTTPS answers: a year, the value browsers'
/// preload lists ask for. Not `includeSubDomains`: the domain may have names
/// runlane does not serve.
static HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// What the requests of one client connection share.
pub(crate) struct ClientConnection {
    pub(crate) serving: Arc<Serving>,
    pub(crate) peer: SocketAddr,
    pub(crate) forwarding: Forwarding,
    /// Answers carry `Strict-Transport-Security` (HTTPS connections when plain
    /// HTTP redirects to HTTPS).
    pub(crate) hsts: bool,
}

/// A plain request head, parsed in place in the connection's read buffer.
pub(crate) struct PlainRequest<'h> {
    /// GET or HEAD.
    pub(crate) method: Method,
    /// Origin-form.
    pub(crate) target: &'h str,
    /// The one `Host` field's value.
    pub(crate) host: &'h [u8],
    /// Every field, in the order the client sent them.
    pub(crate) fields: &'h [httparse::Header<'h>],
    /// The client sent `Connection: close`.
    pub(crate) close: bool,
}

/// What the front of the read buffer holds.
enum Parsed<'h> {
    /// A plain request whose head is this many bytes long.
    Plain(PlainRequest<'h>, usize),
    /// The start of a head.
    Partial,
    /// Anything else: a request for hyper.
    Other,
}

fn parse<'h>(buf: &'h [u8], fields: &'h mut [httparse::Header<'h>]) -> Parsed<'h> {
    let mut req = httparse::Request::new(fields);
    let len = match req.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(_) => return Parsed::Other,
    };
    let method = match req.method {
        Some("GET") => Method::GET,
        Some("HEAD") => Method::HEAD,
        _ => return Parsed::Other,
    };
    let (Some(1), Some(target)) = (req.version, req.path) else {
        return Parsed::Other;
    };
    if !target.starts_with('/') {
        return Parsed::Other;
    }
    let mut host = None;
    let mut close = false;
    for field in req.headers.iter() {
        match Field::of(field.name) {
            Field::Host if host.is_none() => host = Some(field.value),
            Field::Host | Field::NotPlain => return Parsed::Other,
            Field::Connection => {
                for token in field.value.split(|&b| b == b',') {
                    let token = token.trim_ascii();
                    if token.eq_ignore_ascii_case(b"close") {
                        close = true;
                    } else if token.eq_ignore_ascii_case(b"upgrade") {
                        return Parsed::Other;
                    }
                }
            }
            _ => {}
        }
    }
    let Some(host) = host else {
        return Parsed::Other;
    };
    Parsed::Plain(
        PlainRequest {
            method,
            target,
            host,
            fields: req.headers,
            close,
        },
        len,
    )
}

/// What to do next on a connection.
enum Step {
    Read,
    Exchange {
        exchange: proxy::PlainExchange,
        head_len: usize,
        head_request: bool,
        close: bool,
    },
    /// To hyper, with the first request's route if it was routed already.
    HandOff(Option<proxy::RoutedAhead>),
}

/// Serves one client connection until it closes, the router drains it, or
/// draining gives up; runs on a serving thread.
pub(crate) async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    serving: Arc<Serving>,
    state: Arc<ClientState>,
) {
    let client = ClientConnection {
        serving: serving.clone(),
        peer,
        forwarding: Forwarding::new(peer.ip()),
        hsts: false,
    };
    tokio::select! {
        () = serve_plain(client, stream, &state) => {}
        () = serving.cut.wait() => {}
    }
}

/// Answers plain requests until the client or the router closes the
/// connection, or a request comes that hyper must serve.
async fn serve_plain(client: ClientConnection, mut stream: TcpStream, state: &ClientState) {
    // Its own handle: `client` moves on if the connection is handed over.
    let serving = client.serving.clone();
    let serving = &*serving;
    let config = &serving.inner.config;
    let mut buf = BytesMut::with_capacity(READ_CHUNK);
    let mut out = Vec::new();
    let mut head_timer = Timer::default();
    let mut answer_timer = Timer::default();
    let mut draining = pin!(serving.draining.wait());
    loop {
        head_timer.set(Instant::now() + config.header_read_timeout);
        state.set_waiting(true);
        let (exchange, head_request, close) = loop {
            let step = {
                let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
                match parse(&buf, &mut fields) {
                    // hyper answers 431.
                    Parsed::Plain(_, head_len) if head_len > config.http1_buffer() => {
                        Step::HandOff(None)
                    }
                    Parsed::Plain(req, head_len) => {
                        match proxy::route_plain(serving, &req, client.peer, &client.forwarding) {
                            PlainRoute::Ready(exchange) => Step::Exchange {
                                exchange,
                                head_len,
                                head_request: req.method == Method::HEAD,
                                close: req.close,
                            },
                            PlainRoute::Hyper(ahead) => Step::HandOff(ahead),
                        }
                    }
                    Parsed::Partial if buf.len() > config.http1_buffer() => Step::HandOff(None),
                    Parsed::Partial => Step::Read,
                    Parsed::Other => Step::HandOff(None),
                }
            };
            match step {
                Step::Exchange {
                    exchange,
                    head_len,
                    head_request,
                    close,
                } => {
                    buf.advance(head_len);
                    state.set_waiting(false);
                    break (exchange, head_request, close);
                }
                Step::HandOff(ahead) => {
                    state.set_waiting(false);
                    return hand_off(client, stream, buf.freeze(), ahead).await;
                }
                Step::Read => {}
            }
            buf.reserve(READ_CHUNK);
            let read = tokio::select! {
                biased;
                // An idle connection closes at once; a head under way may finish.
                () = &mut draining, if buf.is_empty() => return,
                // The router is full and this is the oldest connection with no request
                // in flight (idle, or a head still coming: nothing was promised yet).
                () = state.evicted() => return,
                () = head_timer.expired() => {
                    tracing::debug!(peer = %client.peer, "no complete request head within the header read timeout");
                    return;
                }
                read = tokio::io::AsyncReadExt::read_buf(&mut stream, &mut buf) => read,
            };
            match read {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };

        let watched =
            exchange_watching_client(exchange, serving, &mut answer_timer, &stream, &mut buf);
        let Some(answer) = watched.await else {
            // The client closed the connection while its request was in flight.
            return;
        };
        let close = close || serving.draining.is_raised();
        out.clear();
        let (body, framing) = match answer {
            PlainAnswer::Instance(head, body) => {
                let exact = body.size_hint().exact();
                let head = ResponseHead::Plain(&head);
                (body, write_head(&mut out, head, exact, head_request, close))
            }
            PlainAnswer::Page(page) => {
                let (parts, body) = page.into_parts();
                let exact = body.size_hint().exact();
                let head = ResponseHead::Map(&parts);
                (body, write_head(&mut out, head, exact, head_request, close))
            }
        };
        let mut body = pin!(body);
        // The revision's timeout covers the whole exchange, the response's
        // body too: a client that does not read its response does not keep
        // the instance's slot past it (Cloud Run's and Knative's request
        // timeout). `answer_timer` was set when the exchange began.
        let written = tokio::select! {
            biased;
            written = write_body(&mut stream, &mut out, body.as_mut(), framing) => written,
            () = answer_timer.expired() => {
                body.as_mut().time_out();
                tracing::debug!(peer = %client.peer, "the response was not delivered within the revision's timeout; closing the connection");
                return;
            }
        };
        match written {
            Ok(()) if !close => {}
            Ok(()) => {
                // Lets the client read the response before the socket closes.
                let _ = stream.shutdown().await;
                return;
            }
            Err(err) => {
                tracing::debug!(peer = %client.peer, %err, "answering the client failed; closing the connection");
                return;
            }
        }
    }
}

/// Runs `exchange` while watching the client's side of the connection: None if
/// the client closed it first (hyper's server drops such a request too). Bytes
/// the client sends meanwhile (the next pipelined request) are kept in `buf`.
async fn exchange_watching_client(
    exchange: proxy::PlainExchange,
    serving: &Serving,
    timer: &mut Timer,
    stream: &TcpStream,
    buf: &mut BytesMut,
) -> Option<PlainAnswer> {
    let mut exchange = pin!(exchange.run(serving, timer));
    // Past the buffer limit the client is not read from until what it sent
    // has been answered, as hyper's server does: a client that pipelines
    // faster than it is served is held back by TCP, not by the router's memory.
    let room = serving
        .inner
        .config
        .http1_buffer()
        .saturating_sub(buf.len());
    let mut watching = room > 0;
    poll_fn(|cx| {
        if let Poll::Ready(response) = exchange.as_mut().poll(cx) {
            return Poll::Ready(Some(response));
        }
        while watching {
            match stream.poll_read_ready(cx) {
                Poll::Pending => break,
                Poll::Ready(Err(_)) => return Poll::Ready(None),
                Poll::Ready(Ok(())) => {}
            }
            buf.reserve(READ_CHUNK.min(room));
            match stream.try_read_buf(&mut bytes::BufMut::limit(&mut *buf, room)) {
                Ok(0) => return Poll::Ready(None),
                // What comes next is read after this response.
                Ok(_) => watching = false,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return Poll::Ready(None),
            }
        }
        Poll::Pending
    })
    .await
}

/// How the response body goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    /// No body: HEAD, 1xx, 204, 304.
    None,
    Length,
    Chunked,
}

/// Writes the response body after its head, which is in `out`, framed as
/// `write_head` said. A small response goes out in one write.
async fn write_body(
    stream: &mut TcpStream,
    out: &mut Vec<u8>,
    mut body: Pin<&mut RecordedBody>,
    framing: Framing,
) -> io::Result<()> {
    if framing == Framing::None {
        return stream.write_all(out).await;
    }
    loop {
        // Gathered while the body has more at hand; written before waiting for more.
        let frame = match body.frame().now_or_never() {
            Some(frame) => frame,
            None => {
                stream.write_all(out).await?;
                out.clear();
                body.frame().await
            }
        };
        let data = match frame {
            None => break,
            Some(Err(err)) => return Err(io::Error::other(err)),
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                // Trailers: the router stripped `TE`, so none were asked for.
                Err(_) => continue,
            },
        };
        if data.is_empty() {
            continue;
        }
        if framing == Framing::Chunked {
            write!(out, "{:x}\r\n", data.len()).expect("writing to a Vec cannot fail");
        }
        if data.len() >= WRITE_CHUNK {
            stream.write_all(out).await?;
            out.clear();
            stream.write_all(&data).await?;
        } else {
            out.extend_from_slice(&data);
        }
        if framing == Framing::Chunked {
            out.extend_from_slice(b"\r\n");
        }
        if out.len() >= WRITE_CHUNK {
            stream.write_all(out).await?;
            out.clear();
        }
    }
    if framing == Framing::Chunked {
        out.extend_from_slice(b"0\r\n\r\n");
    }
    stream.write_all(out).await
}

/// A response head to write to the client: as [`crate::plain`] read it from
/// the instance, or a router error page's.
enum ResponseHead<'a> {
    Plain(&'a PlainHead),
    Map(&'a http::response::Parts),
}

/// Writes a response head into `out` as hyper's server would: the instance's
/// fields (hop-by-hop ones already gone), a `Date` if it sent none, the body's
/// length when it is known and chunked framing otherwise, and `Connection:
/// close` when this is the connection's last response. Says how the body
/// follows; `exact` is the body's length when it is known.
fn write_head(
    out: &mut Vec<u8>,
    head: ResponseHead<'_>,
    exact: Option<u64>,
    head_request: bool,
    close: bool,
) -> Framing {
    let status = match head {
        ResponseHead::Plain(head) => head.status,
        ResponseHead::Map(parts) => parts.status,
    };
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(status.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(status.canonical_reason().unwrap_or("").as_bytes());
    out.extend_from_slice(b"\r\n");
    // The length the instance gave, and whether it dated its response.
    let (given_length, dated) = match head {
        ResponseHead::Plain(head) => {
            out.extend_from_slice(&head.fields);
            (head.content_length, head.dated)
        }
        ResponseHead::Map(parts) => {
            for (name, value) in &parts.headers {
                if name != CONTENT_LENGTH {
                    out.extend_from_slice(name.as_str().as_bytes());
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(value.as_bytes());
                    out.extend_from_slice(b"\r\n");
                }
            }
            (None, parts.headers.contains_key(DATE))
        }
    };
    let bodyless = head_request
        || status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    let framing = if bodyless {
        // A HEAD or 304 response's length is that of the body a GET would
        // have had; a 204 or 1xx has none.
        let length =
            given_length.filter(|_| status != StatusCode::NO_CONTENT && !status.is_informational());
        if let Some(length) = length {
            write!(out, "content-length: {length}\r\n").expect("writing to a Vec cannot fail");
        }
        Framing::None
    } else if let Some(length) = exact {
        // The body's own length, which is the instance's when it gave one.
        write!(out, "content-length: {length}\r\n").expect("writing to a Vec cannot fail");
        Framing::Length
    } else {
        out.extend_from_slice(b"transfer-encoding: chunked\r\n");
        Framing::Chunked
    };
    if close {
        out.extend_from_slice(b"connection: close\r\n");
    }
    if !dated {
        out.extend_from_slice(b"date: ");
        push_date(out);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    framing
}

thread_local! {
    /// The current second as an HTTP date, formatted once a second per thread.
    static HTTP_DATE: std::cell::RefCell<(u64, String)> = const { std::cell::RefCell::new((u64::MAX, String::new())) };
}

fn push_date(out: &mut Vec<u8>) {
    let now = SystemTime::now();
    let second = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    HTTP_DATE.with(|date| {
        let mut date = date.borrow_mut();
        if date.0 != second {
            *date = (second, httpdate::fmt_http_date(now));
        }
        out.extend_from_slice(date.1.as_bytes());
    });
}

/// A deadline a connection waits on again and again: a complete request head
/// (from when one is awaited, idle keep-alive included, as hyper's server
/// does), or the instance's response head (the revision's timeout). It is
/// moved lazily: setting a deadline only records it; the timer is moved sooner
/// when it is awaited, and set again when it fires before the deadline. As the
/// deadlines only grow, a request that finishes in time costs no timer
/// operation.
#[derive(Default)]
pub(crate) struct Timer {
    deadline: Option<Instant>,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Timer {
    pub(crate) fn set(&mut self, deadline: Instant) {
        self.deadline = Some(deadline);
    }

    /// Resolves at the deadline last set.
    pub(crate) async fn expired(&mut self) {
        let Some(deadline) = self.deadline else {
            return std::future::pending().await;
        };
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        // Set for a later deadline: the timer must fire sooner.
        if sleep.deadline() > deadline {
            sleep.as_mut().reset(deadline);
        }
        loop {
            sleep.as_mut().await;
            let deadline = self.deadline.unwrap_or(deadline);
            if Instant::now() >= deadline {
                return;
            }
            sleep.as_mut().reset(deadline);
        }
    }
}

/// The revision's timeout over a whole exchange on a connection hyper serves
/// with HTTP/1.1 (one exchange at a time): armed with the exchange's deadline
/// when its response starts, disarmed when the response ends. Arming wakes
/// the connection's task, which then sleeps until the deadline.
pub(crate) struct ExchangeClock {
    epoch: Instant,
    /// Nanoseconds from `epoch`; `u64::MAX` while no exchange is open.
    deadline: AtomicU64,
    armed: Notify,
    timed_out: AtomicBool,
}

impl ExchangeClock {
    fn new() -> ExchangeClock {
        ExchangeClock {
            epoch: Instant::now(),
            deadline: AtomicU64::new(u64::MAX),
            armed: Notify::new(),
            timed_out: AtomicBool::new(false),
        }
    }

    pub(crate) fn arm(&self, deadline: Instant) {
        let nanos = deadline.saturating_duration_since(self.epoch).as_nanos();
        self.deadline
            .store(u64::try_from(nanos).unwrap_or(u64::MAX - 1), Ordering::Release);
        self.armed.notify_one();
    }

    pub(crate) fn disarm(&self) {
        self.deadline.store(u64::MAX, Ordering::Release);
    }

    pub(crate) fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Acquire)
    }

    /// Resolves when an exchange is still open at its deadline.
    async fn expired(&self) {
        loop {
            let armed = self.armed.notified();
            tokio::pin!(armed);
            armed.as_mut().enable();
            let deadline = self.deadline.load(Ordering::Acquire);
            if deadline == u64::MAX {
                armed.await;
                continue;
            }
            let at = self.epoch + std::time::Duration::from_nanos(deadline);
            tokio::select! {
                () = armed => {}
                () = tokio::time::sleep_until(at) => {
                    if self.deadline.load(Ordering::Acquire) == deadline {
                        self.timed_out.store(true, Ordering::Release);
                        return;
                    }
                }
            }
        }
    }
}

/// Hands the connection to hyper, `read` (what was read and not answered yet)
/// first, for the rest of its life. Draining shuts it down gracefully. `ahead`:
/// the first request's route, when it was routed already.
pub(crate) async fn hand_off<S>(
    client: ClientConnection,
    stream: S,
    read: Bytes,
    ahead: Option<proxy::RoutedAhead>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let serving = client.serving.clone();
    let peer = client.peer;
    let client = Arc::new(client);
    let ahead = Arc::new(std::sync::Mutex::new(ahead));
    let clock = Arc::new(ExchangeClock::new());
    let service_clock = clock.clone();
    let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
        let client = client.clone();
        let clock = service_clock.clone();
        let ahead = ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        // HTTP/1.1 has one exchange at a time on a connection, which the
        // connection's clock can watch; HTTP/2 streams have flow control.
        let one_at_a_time = req.version() != http::Version::HTTP_2;
        async move {
            let mut response =
                proxy::handle(&client.serving, req, client.peer, &client.forwarding, ahead).await;
            if one_at_a_time {
                response.body_mut().watched_by(&clock);
            }
            if client.hsts {
                response
                    .headers_mut()
                    .entry(STRICT_TRANSPORT_SECURITY)
                    .or_insert_with(|| HSTS.clone());
            }
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let io = TokioIo::new(Rewind { read, stream });
    let mut conn = pin!(serving.builder.serve_connection_with_upgrades(io, service));
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = serving.draining.wait() => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
        // The revision's timeout covers the whole exchange, as on the plain
        // path: a response the client does not read is given up (recorded as
        // 504) with the connection, and its slot given back.
        () = clock.expired() => {
            tracing::debug!(%peer, "the response was not delivered within the revision's timeout; closing the connection");
            return;
        }
    };
    if let Err(err) = result {
        tracing::debug!(%peer, %err, "client connection ended with an error");
    }
}

/// A client connection with bytes already read off it, read again first.
struct Rewind<S> {
    read: Bytes,
    stream: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewind<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.read.is_empty() {
            return Pin::new(&mut this.stream).poll_read(cx, buf);
        }
        let n = this.read.len().min(buf.remaining());
        buf.put_slice(&this.read[..n]);
        this.read.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewind<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, data)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, data)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Option<(String, String, bool, usize)> {
        let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
        match parse(raw.as_bytes(), &mut fields) {
            Parsed::Plain(req, len) => Some((
                format!("{} {}", req.method, req.target),
                String::from_utf8(req.host.to_vec()).unwrap(),
                req.close,
                len,
            )),
            Parsed::Partial => Some(("partial".into(), String::new(), false, 0)),
            Parsed::Other => None,
        }
    }

    #[test]
    fn only_plain_requests_are_kept_and_the_rest_go_to_hyper() {
        let head =
            "GET /a?b HTTP/1.1\r\nHost: s.localhost\r\nConnection: keep-alive, Close\r\n\r\n";
        assert_eq!(
            parsed(&format!("{head}GET /next")),
            Some(("GET /a?b".into(), "s.localhost".into(), true, head.len()))
        );
        assert_eq!(
            parsed("HEAD / HTTP/1.1\r\nhost: s\r\n\r\n").map(|p| p.0),
            Some("HEAD /".into())
        );
        assert_eq!(
            parsed("GET / HTTP/1.1\r\nHost: s\r\nX-Half").map(|p| p.0),
            Some("partial".into())
        );
        for other in [
            "POST / HTTP/1.1\r\nHost: s\r\n\r\n",
            "GET / HTTP/1.0\r\nHost: s\r\n\r\n",
            "GET http://s/ HTTP/1.1\r\nHost: s\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: s\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nHost: t\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nContent-Length: 0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nExpect: 100-continue\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nX-A: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: s\r\nX-A : a\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ] {
            assert_eq!(parsed(other), None, "{other:?}");
        }
        let many = format!(
            "GET / HTTP/1.1\r\nHost: s\r\n{}\r\n",
            "X-A: 1\r\n".repeat(MAX_FIELDS)
        );
        assert_eq!(parsed(&many), None, "more fields than hyper accepts");
    }

    /// The head `write_head` writes, as `|`-joined lines without the
    /// router's own date (there must be exactly one date), and the framing.
    fn written(
        head: ResponseHead<'_>,
        exact: Option<u64>,
        head_request: bool,
        close: bool,
    ) -> (String, Framing) {
        let mut out = Vec::new();
        let framing = write_head(&mut out, head, exact, head_request, close);
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("\r\n\r\n"), "{text:?}");
        let dates = text.lines().filter(|l| l.starts_with("date: ")).count();
        assert_eq!(dates, 1, "one date: {text:?}");
        let text = text
            .lines()
            .filter(|line| !line.is_empty())
            .filter(|line| !line.starts_with("date: ") || line.ends_with(INSTANCE_DATE))
            .collect::<Vec<_>>()
            .join("|");
        (text, framing)
    }

    const INSTANCE_DATE: &str = "Thu, 01 Jan 2026 00:00:00 GMT";

    #[test]
    fn response_heads_are_framed_as_http_1_1_says() {
        let mut out = Vec::new();
        let (parts, ()) = http::Response::new(()).into_parts();
        write_head(&mut out, ResponseHead::Map(&parts), Some(0), false, false);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.lines()
                .any(|l| l.starts_with("date: ") && l.ends_with(" GMT")),
            "{text}"
        );

        // An instance's response: status, fields as plain.rs keeps them, the
        // length it gave, the body's length if known, HEAD; what is written
        // and how the body follows.
        type Case<'a> = (
            u16,
            &'a str,
            Option<u64>,
            Option<u64>,
            bool,
            &'a str,
            Framing,
        );
        let dated = format!("date: {INSTANCE_DATE}\r\n");
        let cases: &[Case<'_>] = &[
            (
                200,
                "x-a: 1\r\n",
                Some(3),
                Some(3),
                false,
                "HTTP/1.1 200 OK|x-a: 1|content-length: 3",
                Framing::Length,
            ),
            // No length known: chunked.
            (
                200,
                "",
                None,
                None,
                false,
                "HTTP/1.1 200 OK|transfer-encoding: chunked",
                Framing::Chunked,
            ),
            // The body's length is the one written.
            (
                200,
                "",
                Some(9),
                Some(3),
                false,
                "HTTP/1.1 200 OK|content-length: 3",
                Framing::Length,
            ),
            (
                200,
                "",
                None,
                Some(0),
                false,
                "HTTP/1.1 200 OK|content-length: 0",
                Framing::Length,
            ),
            // HEAD and 304 keep the length of the body they describe; 204 has none.
            (
                200,
                "",
                Some(4_194_304),
                Some(0),
                true,
                "HTTP/1.1 200 OK|content-length: 4194304",
                Framing::None,
            ),
            (
                304,
                "",
                Some(12),
                Some(0),
                false,
                "HTTP/1.1 304 Not Modified|content-length: 12",
                Framing::None,
            ),
            (
                204,
                "",
                Some(0),
                Some(0),
                false,
                "HTTP/1.1 204 No Content",
                Framing::None,
            ),
            (
                200,
                "",
                None,
                Some(0),
                true,
                "HTTP/1.1 200 OK",
                Framing::None,
            ),
            // An instance's own date is kept; an unknown status has no reason.
            (
                299,
                &dated,
                None,
                Some(0),
                false,
                &format!("HTTP/1.1 299 |date: {INSTANCE_DATE}|content-length: 0"),
                Framing::Length,
            ),
        ];
        for (status, fields, content_length, exact, head_request, expected, framing) in cases {
            let head = PlainHead {
                status: StatusCode::from_u16(*status).unwrap(),
                fields: fields.as_bytes().to_vec(),
                content_length: *content_length,
                dated: fields.starts_with("date: "),
            };
            let got = written(ResponseHead::Plain(&head), *exact, *head_request, false);
            assert_eq!(got, (expected.to_string(), *framing), "{head:?}");
        }

        // A router page, the connection's last response.
        let (parts, ()) = http::Response::builder()
            .status(404)
            .header("content-type", "text/plain")
            .body(())
            .unwrap()
            .into_parts();
        assert_eq!(
            written(ResponseHead::Map(&parts), Some(5), false, true),
            (
                "HTTP/1.1 404 Not Found|content-type: text/plain|content-length: 5|connection: close"
                    .to_string(),
                Framing::Length
            )
        );
    }
}
