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
//! The response body is framed as HTTP/1.1 says (RFC 9112 §6.3): none for HEAD,
//! 1xx, 204 and 304; chunked; `Content-Length`; or until the instance closes. The
//! connection goes back to this thread's pool when the body has been read to its
//! end, the instance did not ask to close, and nothing more was sent after it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::headers::{hop_by_hop, HopByHop};
use crate::upstream::{self, PoolConfig, UpstreamError};

/// A response head larger than this is refused (hyper's client allows about as much).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Header fields accepted in a response head (hyper's default).
const MAX_HEADERS: usize = 100;
/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 8 * 1024;
/// The most room made for one read of a body of known length.
const MAX_BODY_READ: usize = 64 * 1024;

/// Whether a request can take the plain path.
pub(crate) fn is_plain(method: &Method, body_empty: bool, upgrade: bool) -> bool {
    body_empty && !upgrade && (*method == Method::GET || *method == Method::HEAD)
}

/// The request head as it goes to the instance (origin-form target, HTTP/1.1).
pub(crate) fn request_head(method: &Method, target: &str, headers: &HeaderMap) -> Vec<u8> {
    let size = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum::<usize>()
        + method.as_str().len()
        + target.len()
        + 13;
    let mut head = Vec::with_capacity(size);
    head.extend_from_slice(method.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(target.as_bytes());
    head.extend_from_slice(b" HTTP/1.1\r\n");
    for (name, value) in headers {
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head
}

/// What an instance sent that is not HTTP/1.1 as a plain request expects.
#[derive(Debug)]
pub(crate) enum PlainError {
    Io(io::Error),
    /// The connection ended before any byte of a response came.
    NoResponse,
    /// The connection ended before the response body was complete.
    BodyCut,
    Malformed(String),
}

impl fmt::Display for PlainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlainError::Io(err) => err.fmt(f),
            PlainError::NoResponse => {
                f.write_str("the instance closed the connection without answering")
            }
            PlainError::BodyCut => f.write_str(
                "the instance closed the connection before the end of the response body",
            ),
            PlainError::Malformed(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for PlainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlainError::Io(err) => Some(err),
            _ => None,
        }
    }
}

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
    dialer: Option<&'static dyn crate::Dial>,
) -> Result<Conn, UpstreamError> {
    Ok(Conn {
        stream: upstream::open(addr, dialer).await?,
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

/// An instance's response head, as the client is to get it.
#[derive(Debug)]
pub(crate) struct PlainHead {
    pub(crate) status: StatusCode,
    /// The instance's fields as `name: value` lines, each ending in CRLF, minus
    /// hop-by-hop ones (RFC 9110 §7.6.1: `Connection` and those it names,
    /// `Keep-Alive`, `Proxy-*`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`)
    /// and `Content-Length`, which is `content_length`.
    pub(crate) fields: Vec<u8>,
    /// The length the instance gave, when it gave one it can be taken at: for
    /// HEAD and 304 that of the body a GET would have had.
    pub(crate) content_length: Option<u64>,
    /// The instance sent a `Date`.
    pub(crate) dated: bool,
}

impl PlainHead {
    /// As an `http` response around `body`, for hyper's server.
    pub(crate) fn into_response<B>(self, body: B) -> Response<B> {
        let mut headers = HeaderMap::new();
        for line in self.fields.split(|&b| b == b'\n') {
            let Some(line) = line.strip_suffix(b"\r") else {
                continue;
            };
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let name = HeaderName::from_bytes(&line[..colon]);
            let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
            // httparse accepts the names and values `http` does.
            if let (Ok(name), Ok(value)) = (name, value) {
                headers.append(name, value);
            }
        }
        if let Some(length) = self.content_length {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }
}

/// A response head read off an instance's connection, and how its body follows.
struct ParsedHead {
    head: PlainHead,
    framing: Framing,
    /// The connection may take another request once the body has been read.
    keep_alive: bool,
}

/// Parses a complete response head off the front of `buf`, or None if it is not
/// all there yet. `head_request`: it answers a HEAD (no body, whatever the
/// fields say).
fn parse_head(buf: &mut BytesMut, head_request: bool) -> Result<Option<ParsedHead>, PlainError> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut fields);
    let len = match response.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(err) => {
            return Err(PlainError::Malformed(format!(
                "the response head is not valid HTTP/1.1 ({err})"
            )))
        }
    };
    let status = response
        .code
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| PlainError::Malformed("the response has an invalid status code".into()))?;
    let http_1_0 = response.version == Some(0);

    // What the fields say about the connection and the body's framing.
    let mut close = false;
    let mut keep_alive_token = false;
    let mut lists_fields = false;
    let mut transfer_encoding: Option<&[u8]> = None;
    let mut length = Length::Absent;
    let mut dated = false;
    for field in response.headers.iter() {
        match ResponseField::of(field.name) {
            ResponseField::Connection => {
                for token in field.value.split(|&b| b == b',') {
                    let token = token.trim_ascii();
                    if token.eq_ignore_ascii_case(b"close") {
                        close = true;
                    } else if token.eq_ignore_ascii_case(b"keep-alive") {
                        keep_alive_token = true;
                    } else if !token.is_empty() {
                        lists_fields = true;
                    }
                }
            }
            ResponseField::TransferEncoding => transfer_encoding = Some(field.value),
            ResponseField::ContentLength => length = length.and(field.value),
            ResponseField::Date => dated = true,
            ResponseField::HopByHop | ResponseField::Other => {}
        }
    }
    // Names the `Connection` fields list are hop-by-hop too.
    let listed = |name: &str| {
        lists_fields
            && response
                .headers
                .iter()
                .filter(|field| ResponseField::of(field.name) == ResponseField::Connection)
                .flat_map(|field| field.value.split(|&b| b == b','))
                .any(|token| token.trim_ascii().eq_ignore_ascii_case(name.as_bytes()))
    };
    let mut kept = Vec::with_capacity(len);
    for field in response.headers.iter() {
        let passed_on = matches!(
            ResponseField::of(field.name),
            ResponseField::Other | ResponseField::Date
        );
        if !passed_on || listed(field.name) {
            continue;
        }
        kept.extend_from_slice(field.name.as_bytes());
        kept.extend_from_slice(b": ");
        kept.extend_from_slice(field.value);
        kept.extend_from_slice(b"\r\n");
    }

    let keep_alive = if http_1_0 { keep_alive_token } else { !close }
        // Sent with both, the length cannot be trusted to end the message: the
        // connection is not reused (RFC 9112 §6.3).
        && !(transfer_encoding.is_some() && length != Length::Absent);
    let bodyless =
        head_request || status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED;
    let framing = if bodyless {
        Framing::Length(0)
    } else if let Some(codings) = transfer_encoding {
        let chunked = codings
            .rsplit(|&b| b == b',')
            .next()
            .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        if chunked {
            Framing::Chunked(Chunk::Size)
        } else {
            Framing::UntilClose
        }
    } else {
        match length {
            Length::Absent => Framing::UntilClose,
            Length::Is(n) => Framing::Length(n),
            // Nothing the client could be sent would be right: refused before
            // the head goes out, so the client gets a 502 rather than a 200
            // cut short (as nginx and hyper's client do).
            Length::Invalid => return Err(PlainError::Malformed(
                "the response's Content-Length is not a number, or it has several that disagree"
                    .into(),
            )),
        }
    };
    let content_length = match length {
        // With `Transfer-Encoding` the length is not the body's; a 204 has none.
        Length::Is(n) if transfer_encoding.is_none() && status != StatusCode::NO_CONTENT => Some(n),
        _ => None,
    };
    buf.advance(len);
    Ok(Some(ParsedHead {
        head: PlainHead {
            status,
            fields: kept,
            content_length,
            dated,
        },
        framing,
        keep_alive,
    }))
}

/// What a response's `Content-Length` fields say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    Absent,
    Is(u64),
    /// Not a number, or fields that disagree.
    Invalid,
}

impl Length {
    /// With one more field's `value`.
    fn and(self, value: &[u8]) -> Length {
        let parsed = Some(value.trim_ascii())
            .filter(|v| !v.is_empty() && v.iter().all(u8::is_ascii_digit))
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u64>().ok());
        match (self, parsed) {
            (_, None) | (Length::Invalid, _) => Length::Invalid,
            (Length::Absent, Some(n)) => Length::Is(n),
            (Length::Is(m), Some(n)) if m == n => Length::Is(n),
            (Length::Is(_), Some(_)) => Length::Invalid,
        }
    }
}

/// What a response header field is to the router, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResponseField {
    Connection,
    /// `Keep-Alive`, `Proxy-*`, `TE`, `Trailer`, `Upgrade`.
    HopByHop,
    TransferEncoding,
    ContentLength,
    Date,
    Other,
}

impl ResponseField {
    fn of(name: &str) -> ResponseField {
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        match name.len() {
            4 if is("date") => ResponseField::Date,
            14 if is("content-length") => ResponseField::ContentLength,
            _ => match hop_by_hop(name) {
                Some(HopByHop::Connection) => ResponseField::Connection,
                Some(HopByHop::TransferEncoding) => ResponseField::TransferEncoding,
                Some(HopByHop::Upgrade | HopByHop::Dropped) => ResponseField::HopByHop,
                None => ResponseField::Other,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    /// This many body bytes are still to come.
    Length(u64),
    Chunked(Chunk),
    /// The body ends when the instance closes the connection.
    UntilClose,
    Done,
}

/// Where a chunked body's decoder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// Expecting a chunk-size line.
    Size,
    /// Inside a chunk's data, this many bytes still to come.
    Data(u64),
    /// Expecting the CRLF after a chunk's data.
    DataEnd,
    /// After the last chunk: trailer lines until an empty one.
    Trailers,
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

    /// Decodes what the buffer holds of a chunked body: the next data, or None
    /// when more bytes are needed (or the body ended: see `framing`).
    fn decode_chunked(&mut self) -> Result<Option<Bytes>, PlainError> {
        let Some(conn) = self.conn.as_mut() else {
            return Ok(None);
        };
        let buf = &mut conn.buf;
        loop {
            let Framing::Chunked(state) = self.framing else {
                return Ok(None);
            };
            match state {
                Chunk::Size => {
                    // Strictly (hex digits, extensions, CRLF), as hyper's client
                    // reads them: a lenient reading could take a body apart
                    // differently from the instance.
                    let size = match httparse::parse_chunk_size(buf) {
                        Ok(httparse::Status::Complete((len, size))) => {
                            buf.advance(len);
                            size
                        }
                        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD_BYTES => {
                            return Err(PlainError::Malformed(
                                "a chunk size line of the response is too long".into(),
                            ))
                        }
                        Ok(httparse::Status::Partial) => return Ok(None),
                        Err(httparse::InvalidChunkSize) => {
                            let end = buf.len().min(32);
                            return Err(PlainError::Malformed(format!(
                                "the response has an invalid chunk size line {:?}",
                                String::from_utf8_lossy(&buf[..end])
                            )));
                        }
                    };
                    self.framing = Framing::Chunked(if size == 0 {
                        Chunk::Trailers
                    } else {
                        Chunk::Data(size)
                    });
                }
                Chunk::Data(left) => {
                    if buf.is_empty() {
                        return Ok(None);
                    }
                    let n = left.min(buf.len() as u64) as usize;
                    let data = buf.split_to(n).freeze();
                    let left = left - n as u64;
                    self.framing = Framing::Chunked(if left == 0 {
                        Chunk::DataEnd
                    } else {
                        Chunk::Data(left)
                    });
                    return Ok(Some(data));
                }
                Chunk::DataEnd => {
                    if buf.len() < 2 {
                        return Ok(None);
                    }
                    if &buf[..2] != b"\r\n" {
                        return Err(PlainError::Malformed(
                            "a chunk of the response is longer than its size".into(),
                        ));
                    }
                    buf.advance(2);
                    self.framing = Framing::Chunked(Chunk::Size);
                }
                Chunk::Trailers => {
                    // Trailer fields are dropped: the router strips `Trailer`
                    // and `TE`, so the client was not promised any.
                    let Some(line) = take_line(buf)? else {
                        return Ok(None);
                    };
                    if line.is_empty() {
                        self.finish();
                        return Ok(None);
                    }
                }
            }
        }
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

/// Takes a CRLF-terminated line off the front of `buf` (without the CRLF), or
/// None if it is not all there yet.
fn take_line(buf: &mut BytesMut) -> Result<Option<BytesMut>, PlainError> {
    match buf.windows(2).position(|w| w == b"\r\n") {
        Some(end) => {
            let line = buf.split_to(end);
            buf.advance(2);
            Ok(Some(line))
        }
        None if buf.len() > MAX_HEAD_BYTES => Err(PlainError::Malformed(
            "a trailer line of the response is too long".into(),
        )),
        None => Ok(None),
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

    use http_body_util::BodyExt;
    use tokio::io::AsyncReadExt;
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

    fn parsed(raw: &str, head_request: bool) -> ParsedHead {
        let mut buf = BytesMut::from(raw);
        let parsed = parse_head(&mut buf, head_request).unwrap().unwrap();
        assert_eq!(
            buf.len(),
            raw.find("\r\n\r\n").map_or(0, |end| raw.len() - end - 4)
        );
        parsed
    }

    #[test]
    fn a_response_head_keeps_what_the_client_may_see() {
        let raw = "HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n\
                   Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\nTrailer: x-sum\r\n\
                   Upgrade: h2c\r\nTE: trailers\r\nDate: D\r\nContent-Type: text/plain\r\n\
                   Content-Length: 3\r\nX-App: a\r\nx-app: b\r\n\r\nabc";
        let parsed = parsed(raw, false);
        assert_eq!(
            String::from_utf8(parsed.head.fields.clone()).unwrap(),
            "Date: D\r\nContent-Type: text/plain\r\nX-App: a\r\nx-app: b\r\n"
        );
        assert_eq!(parsed.head.content_length, Some(3));
        assert!(parsed.head.dated);
        assert_eq!(
            (parsed.framing, parsed.keep_alive),
            (Framing::Length(3), true)
        );
        let response = parsed.head.into_response(());
        assert_eq!(response.headers()[CONTENT_LENGTH], "3");
        assert_eq!(response.headers().get_all("x-app").iter().count(), 2);
        assert_eq!(response.headers().len(), 5);
    }

    #[test]
    fn a_response_head_says_how_its_body_is_framed() {
        // (raw head, answers a HEAD) → framing, connection reusable, length passed on
        let cases: [(&str, bool, Framing, bool, Option<u64>); 8] = [
            (
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                false,
                Framing::Chunked(Chunk::Size),
                true,
                None,
            ),
            (
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                false,
                Framing::UntilClose,
                true,
                None,
            ),
            // Both: the length cannot be trusted, nor the connection reused.
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                false,
                Framing::Chunked(Chunk::Size),
                false,
                None,
            ),
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n",
                false,
                Framing::Length(5),
                true,
                Some(5),
            ),
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                true,
                Framing::Length(0),
                true,
                Some(100),
            ),
            (
                "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
                false,
                Framing::Length(0),
                true,
                None,
            ),
            (
                "HTTP/1.0 200 OK\r\n\r\n",
                false,
                Framing::UntilClose,
                false,
                None,
            ),
            (
                "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\n",
                false,
                Framing::Length(1),
                true,
                Some(1),
            ),
        ];
        for (raw, head_request, framing, keep_alive, length) in cases {
            let parsed = parsed(raw, head_request);
            assert_eq!(
                (
                    parsed.framing,
                    parsed.keep_alive,
                    parsed.head.content_length
                ),
                (framing, keep_alive, length),
                "{raw:?}"
            );
        }
        let closing = parsed(
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            false,
        );
        assert!(!closing.keep_alive);
    }

    #[test]
    fn only_bodiless_gets_and_heads_without_upgrade_are_plain() {
        assert!(is_plain(&Method::GET, true, false));
        assert!(is_plain(&Method::HEAD, true, false));
        assert!(!is_plain(&Method::GET, false, false));
        assert!(!is_plain(&Method::GET, true, true));
        assert!(!is_plain(&Method::POST, true, false));
        assert!(!is_plain(&Method::DELETE, true, false));
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
