//! The HTTP/1.1 client the load generator uses for every plain (non `-h2`) request:
//! a request serialised once per run, one write per request, and a response read into
//! a buffer that each connection keeps for the whole run, parsed just enough to know
//! where it ends (status line and headers with `httparse`, then Content-Length,
//! chunked, or until close) and whether the connection stays open. A load generator
//! reads millions of identical small responses; a general client (hyper) spends more
//! CPU on each of them than the server it measures, which caps the throughput a
//! generator sharing the server's cores can show. hyper remains the client for HTTP/2.

use crate::config::RequestTemplate;
use bytes::{BufMut, Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use crate::stream::Stream;

/// How many response headers a response may have.
const MAX_HEADERS: usize = 100;
/// The read buffer's starting size; a response head may grow it up to `MAX_HEAD`.
const BUFFER: usize = 16 * 1024;
/// The largest response head accepted (hyper's default limit is about as large).
const MAX_HEAD: usize = 400 * 1024;

/// A request serialised once for the whole run.
#[derive(Debug, Clone)]
pub struct Wire {
    bytes: Bytes,
    /// A response to HEAD has no body, whatever its headers say.
    head: bool,
}

impl Wire {
    /// The HTTP/1.1 bytes of `request`: request line, its headers in order, a
    /// Content-Length when there is a body (or the method usually has one), the body.
    pub fn of(request: &RequestTemplate) -> Wire {
        let mut out = BytesMut::with_capacity(256 + request.body.len());
        out.put_slice(request.method.as_str().as_bytes());
        out.put_u8(b' ');
        out.put_slice(
            request
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .as_bytes(),
        );
        out.put_slice(b" HTTP/1.1\r\n");
        for (name, value) in &request.headers {
            out.put_slice(name.as_str().as_bytes());
            out.put_slice(b": ");
            out.put_slice(value.as_bytes());
            out.put_slice(b"\r\n");
        }
        let expects_body = matches!(request.method, Method::POST | Method::PUT | Method::PATCH);
        if !request.headers.contains_key(CONTENT_LENGTH)
            && (!request.body.is_empty() || expects_body)
        {
            out.put_slice(format!("content-length: {}\r\n", request.body.len()).as_bytes());
        }
        out.put_slice(b"\r\n");
        out.put_slice(&request.body);
        Wire {
            bytes: out.freeze(),
            head: request.method == Method::HEAD,
        }
    }

    #[cfg(test)]
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("test requests are text")
    }
}

/// What one exchange got back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchanged {
    pub status: u16,
    /// Body bytes, after removing chunked framing.
    pub body_bytes: u64,
    /// Whether the connection may carry the next request.
    pub keep_alive: bool,
}

/// Why an exchange failed.
#[derive(Debug)]
pub enum H1Error {
    /// Reading or writing the socket failed.
    Io(std::io::Error),
    /// The server closed the connection before the response was complete.
    Closed,
    /// The response is not HTTP/1.x the client can read.
    Protocol(String),
}

/// One keep-alive connection and its read buffer.
pub struct Conn {
    stream: Stream,
    buf: Vec<u8>,
    /// Unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
}

/// How the body of a response ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

impl Conn {
    pub fn new(stream: Stream) -> Conn {
        Conn {
            stream,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
        }
    }

    /// Sends `wire` and reads its whole response.
    pub async fn exchange(&mut self, wire: &Wire) -> Result<Exchanged, H1Error> {
        // Bytes left over from the previous response are not this one's.
        self.start = 0;
        self.end = 0;
        self.stream
            .write_all(&wire.bytes)
            .await
            .map_err(H1Error::Io)?;
        loop {
            let (status, framing, keep_alive) = self.read_head(wire.head).await?;
            // Interim responses (100 Continue, 103 Early Hints) precede the real one.
            if (100..200).contains(&status) && status != 101 {
                continue;
            }
            let body_bytes = match framing {
                Framing::Empty => 0,
                Framing::Length(n) => {
                    self.skip(n).await?;
                    n
                }
                Framing::Chunked => self.chunked().await?,
                Framing::UntilClose => self.until_close().await?,
            };
            let keep_alive = keep_alive && framing != Framing::UntilClose && status != 101;
            return Ok(Exchanged {
                status,
                body_bytes,
                keep_alive,
            });
        }
    }

    async fn read_head(&mut self, head_request: bool) -> Result<(u16, Framing, bool), H1Error> {
        loop {
            if self.end > self.start {
                let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut headers);
                match response.parse(&self.buf[self.start..self.end]) {
                    Ok(httparse::Status::Complete(len)) => {
                        let head = head_of(&response, head_request)?;
                        self.start += len;
                        return Ok(head);
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err(H1Error::Protocol(format!("invalid response head: {e}"))),
                }
            }
            if self.fill().await? == 0 {
                return Err(H1Error::Closed);
            }
        }
    }

    /// Consumes `n` body bytes.
    async fn skip(&mut self, mut n: u64) -> Result<(), H1Error> {
        loop {
            let available = (self.end - self.start) as u64;
            let take = available.min(n);
            self.start += take as usize;
            n -= take;
            if n == 0 {
                return Ok(());
            }
            if self.fill().await? == 0 {
                return Err(H1Error::Closed);
            }
        }
    }

    async fn chunked(&mut self) -> Result<u64, H1Error> {
        let mut total = 0u64;
        loop {
            let size = loop {
                match httparse::parse_chunk_size(&self.buf[self.start..self.end]) {
                    Ok(httparse::Status::Complete((len, size))) => {
                        self.start += len;
                        break size;
                    }
                    Ok(httparse::Status::Partial) => {
                        if self.fill().await? == 0 {
                            return Err(H1Error::Closed);
                        }
                    }
                    Err(_) => return Err(H1Error::Protocol("invalid chunk size line".to_owned())),
                }
            };
            if size == 0 {
                self.trailers().await?;
                return Ok(total);
            }
            self.skip(size).await?;
            total += size;
            let line = self.line().await?;
            if line != 0 {
                return Err(H1Error::Protocol(
                    "a chunk is longer than its size says".to_owned(),
                ));
            }
        }
    }

    /// Consumes trailer lines up to and including the empty line that ends them.
    async fn trailers(&mut self) -> Result<(), H1Error> {
        while self.line().await? != 0 {}
        Ok(())
    }

    /// Consumes one CRLF-terminated line and returns its length without the CRLF.
    async fn line(&mut self) -> Result<usize, H1Error> {
        loop {
            let unread = &self.buf[self.start..self.end];
            if let Some(i) = unread.windows(2).position(|w| w == b"\r\n") {
                self.start += i + 2;
                return Ok(i);
            }
            if self.fill().await? == 0 {
                return Err(H1Error::Closed);
            }
        }
    }

    async fn until_close(&mut self) -> Result<u64, H1Error> {
        let mut total = (self.end - self.start) as u64;
        self.start = self.end;
        loop {
            let n = self.fill().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n as u64;
            self.start = self.end;
        }
    }

    /// Reads more bytes after the unread ones; returns how many (0 at end of stream).
    async fn fill(&mut self) -> Result<usize, H1Error> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            } else if self.buf.len() < MAX_HEAD {
                self.buf.resize(self.buf.len() * 2, 0);
            } else {
                return Err(H1Error::Protocol(format!(
                    "a response line or head is longer than {MAX_HEAD} bytes"
                )));
            }
        }
        let n = self
            .stream
            .read(&mut self.buf[self.end..])
            .await
            .map_err(H1Error::Io)?;
        self.end += n;
        Ok(n)
    }
}

/// Status, body framing and keep-alive of a parsed response head (RFC 9112 §6.3).
fn head_of(
    response: &httparse::Response<'_, '_>,
    head_request: bool,
) -> Result<(u16, Framing, bool), H1Error> {
    let status = response.code.unwrap_or_default();
    let mut keep_alive = response.version == Some(1);
    let mut length = None;
    let mut chunked = false;
    for h in response.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            let n = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .ok_or_else(|| {
                    H1Error::Protocol(format!(
                        "invalid Content-Length `{}`",
                        String::from_utf8_lossy(h.value)
                    ))
                })?;
            if length.is_some_and(|l| l != n) {
                return Err(H1Error::Protocol(
                    "conflicting Content-Length headers".to_owned(),
                ));
            }
            length = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            // Chunked must be the last coding; whatever else is applied is the body's business.
            chunked = h
                .value
                .rsplit(|b| *b == b',')
                .next()
                .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        } else if h.name.eq_ignore_ascii_case("connection") {
            for token in h.value.split(|b| *b == b',') {
                let token = token.trim_ascii();
                if token.eq_ignore_ascii_case(b"close") {
                    keep_alive = false;
                } else if token.eq_ignore_ascii_case(b"keep-alive") {
                    keep_alive = true;
                }
            }
        }
    }
    let no_body = head_request || (100..200).contains(&status) || status == 204 || status == 304;
    let framing = if no_body {
        Framing::Empty
    } else if chunked {
        Framing::Chunked
    } else if let Some(n) = length {
        if n == 0 {
            Framing::Empty
        } else {
            Framing::Length(n)
        }
    } else {
        Framing::UntilClose
    };
    Ok((status, framing, keep_alive))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::{HeaderValue, HOST};
    use http::HeaderMap;
    use tokio::net::{TcpListener, TcpStream};

    fn template(method: Method, body: &'static str) -> RequestTemplate {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static("jokes.localhost"));
        RequestTemplate {
            method,
            uri: "/a?b=1".parse().expect("path"),
            headers,
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn serialises_the_request_once() {
        let check = |method: Method, body: &'static str, expected: &str| {
            assert_eq!(Wire::of(&template(method, body)).as_str(), expected);
        };
        check(
            Method::GET,
            "",
            "GET /a?b=1 HTTP/1.1\r\nhost: jokes.localhost\r\n\r\n",
        );
        check(
            Method::POST,
            "hi",
            "POST /a?b=1 HTTP/1.1\r\nhost: jokes.localhost\r\ncontent-length: 2\r\n\r\nhi",
        );
        check(
            Method::PUT,
            "",
            "PUT /a?b=1 HTTP/1.1\r\nhost: jokes.localhost\r\ncontent-length: 0\r\n\r\n",
        );
    }

    /// Serves `responses` (raw bytes, written in the given pieces) to one connection
    /// and returns what `exchange` made of each, in order.
    async fn exchanges(
        method: Method,
        responses: &[&[&'static [u8]]],
    ) -> Vec<Result<Exchanged, String>> {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let pieces: Vec<Vec<&'static [u8]>> = responses.iter().map(|r| r.to_vec()).collect();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.expect("accept");
            let mut request = [0u8; 1024];
            for response in pieces {
                // One read is one request here: requests are small and sent whole.
                if s.read(&mut request).await.unwrap_or(0) == 0 {
                    return;
                }
                for piece in response {
                    if s.write_all(piece).await.is_err() {
                        return;
                    }
                    let _ = s.flush().await;
                }
            }
        });
        let wire = Wire::of(&template(method, ""));
        let mut conn = Conn::new(tokio_util::either::Either::Left(TcpStream::connect(addr).await.expect("connect")));
        let mut out = Vec::new();
        for _ in responses {
            let r = conn.exchange(&wire).await;
            let stop = !matches!(
                r,
                Ok(Exchanged {
                    keep_alive: true,
                    ..
                })
            );
            out.push(r.map_err(|e| format!("{e:?}")));
            if stop {
                break;
            }
        }
        server.abort();
        out
    }

    fn ok(status: u16, body_bytes: u64, keep_alive: bool) -> Result<Exchanged, String> {
        Ok(Exchanged {
            status,
            body_bytes,
            keep_alive,
        })
    }

    #[tokio::test]
    async fn reads_each_kind_of_response_framing() {
        // (what, method, each response as the pieces it is written in, expected results)
        type Case = (
            &'static str,
            Method,
            Vec<&'static [&'static [u8]]>,
            Vec<Result<Exchanged, String>>,
        );
        let cases: Vec<Case> = vec![
            (
                "content-length, twice on one connection",
                Method::GET,
                vec![
                    &[b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"],
                    &[b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!"],
                ],
                vec![ok(200, 2, true), ok(404, 3, true)],
            ),
            (
                "head and body split across writes",
                Method::GET,
                vec![&[b"HTTP/1.1 200 OK\r\ncontent-le", b"ngth: 5\r\n\r\nhe", b"llo"]],
                vec![ok(200, 5, true)],
            ),
            (
                "chunked with a trailer",
                Method::GET,
                vec![
                    &[b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n", b"3;x=y\r\nabc\r\n0\r\nx-t: 1\r\n\r\n"],
                    &[b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n"],
                ],
                vec![ok(200, 8, true), ok(201, 0, true)],
            ),
            (
                "connection: close",
                Method::GET,
                vec![&[b"HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 1\r\n\r\nx"]],
                vec![ok(200, 1, false)],
            ),
            (
                "HTTP/1.0 without keep-alive, body until close",
                Method::GET,
                vec![&[b"HTTP/1.0 200 OK\r\n\r\nuntil close"]],
                vec![ok(200, 11, false)],
            ),
            (
                "100 Continue before the response, 204 and 304 without bodies",
                Method::GET,
                vec![
                    &[b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx"],
                    &[b"HTTP/1.1 204 No Content\r\n\r\n"],
                    &[b"HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n"],
                ],
                vec![ok(200, 1, true), ok(204, 0, true), ok(304, 0, true)],
            ),
            (
                "HEAD ignores the length",
                Method::HEAD,
                vec![&[b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"]],
                vec![ok(200, 0, true)],
            ),
            (
                "closed mid-body",
                Method::GET,
                vec![&[b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"]],
                vec![Err("Closed".to_owned())],
            ),
            (
                "not HTTP",
                Method::GET,
                vec![&[b"SSH-2.0-OpenSSH\r\n\r\n"]],
                vec![Err("Protocol(\"invalid response head: invalid HTTP version\")".to_owned())],
            ),
        ];
        for (name, method, responses, expected) in cases {
            let got = exchanges(method, &responses).await;
            assert_eq!(got, expected, "{name}");
        }
    }
}
