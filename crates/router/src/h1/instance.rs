//! Reading an instance's response head and its chunked body by hand (RFC 9112):
//! the head is kept as the field lines the client may see ([`PlainHead`]),
//! hop-by-hop ones dropped as it is parsed, and it says how its body is framed
//! (§6.3): none for HEAD, 204 and 304; chunked; `Content-Length`; or until the
//! instance closes. Chunk sizes are parsed strictly, as hyper's client does.
//! Knows nothing of pools or connections: it works on the bytes read so far.

use std::fmt;
use std::io;

use bytes::{Buf, Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};

use super::headers::{connection_lists, tokens, Field};

/// A response head larger than this is refused (hyper's client allows about as much).
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Header fields accepted in a response head (hyper's default).
const MAX_HEADERS: usize = 100;

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
pub(crate) struct ParsedHead {
    pub(crate) head: PlainHead,
    pub(crate) framing: Framing,
    /// The connection may take another request once the body has been read.
    pub(crate) keep_alive: bool,
}

/// Parses a complete response head off the front of `buf`, or None if it is not
/// all there yet. `head_request`: it answers a HEAD (no body, whatever the
/// fields say).
pub(crate) fn parse_head(
    buf: &mut BytesMut,
    head_request: bool,
) -> Result<Option<ParsedHead>, PlainError> {
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
        match Field::of(field.name) {
            Field::Connection => {
                for token in tokens(field.value) {
                    if token.eq_ignore_ascii_case(b"close") {
                        close = true;
                    } else if token.eq_ignore_ascii_case(b"keep-alive") {
                        keep_alive_token = true;
                    } else if !token.is_empty() {
                        lists_fields = true;
                    }
                }
            }
            Field::TransferEncoding => transfer_encoding = Some(field.value),
            Field::ContentLength => length = length.and(field.value),
            Field::Date => dated = true,
            _ => {}
        }
    }
    // Names the `Connection` fields list are hop-by-hop too.
    let listed = |name: &str| lists_fields && connection_lists(response.headers, name);
    let mut kept = Vec::with_capacity(len);
    for field in response.headers.iter() {
        let kind = Field::of(field.name);
        let passed_on = !kind.is_hop_by_hop() && kind != Field::ContentLength;
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

/// How an instance's response body is framed, and where its reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// This many body bytes are still to come.
    Length(u64),
    Chunked(Chunk),
    /// The body ends when the instance closes the connection.
    UntilClose,
    Done,
}

/// Where a chunked body's decoder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chunk {
    /// Expecting a chunk-size line.
    Size,
    /// Inside a chunk's data, this many bytes still to come.
    Data(u64),
    /// Expecting the CRLF after a chunk's data.
    DataEnd,
    /// After the last chunk: trailer lines until an empty one.
    Trailers,
}

/// Decodes what the buffer holds of a chunked body: the next data, or None
/// when more bytes are needed (or the body ended: `framing` is then
/// [`Framing::Done`]).
pub(crate) fn decode_chunked(
    framing: &mut Framing,
    buf: &mut BytesMut,
) -> Result<Option<Bytes>, PlainError> {
    loop {
        let Framing::Chunked(state) = *framing else {
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
                *framing = Framing::Chunked(if size == 0 {
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
                *framing = Framing::Chunked(if left == 0 {
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
                *framing = Framing::Chunked(Chunk::Size);
            }
            Chunk::Trailers => {
                // Trailer fields are dropped: the router strips `Trailer`
                // and `TE`, so the client was not promised any.
                let Some(line) = take_line(buf)? else {
                    return Ok(None);
                };
                if line.is_empty() {
                    *framing = Framing::Done;
                    return Ok(None);
                }
            }
        }
    }
}

/// Takes a CRLF-terminated line off the front of `buf` (without the CRLF), or
/// None if it is not all there yet.
pub(crate) fn take_line(buf: &mut BytesMut) -> Result<Option<BytesMut>, PlainError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
