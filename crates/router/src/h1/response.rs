//! Writing a response to a client on the hand-written path as hyper's server
//! would: the status line, the fields, a `Date`, `Connection: close` when it is
//! the connection's last, and the body framed by length or in chunks (RFC 9112
//! §6). Small responses go out in one write.

use std::io::{self, Write as _};
use std::pin::Pin;
use std::time::SystemTime;

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{CONTENT_LENGTH, DATE};
use http::StatusCode;
use http_body::Body;
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::instance::PlainHead;

/// Response bytes gathered before they are written, and the size from which a
/// body frame is written as it is rather than copied.
const WRITE_CHUNK: usize = 16 * 1024;

/// How the response body goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// No body: HEAD, 1xx, 204, 304.
    None,
    Length,
    Chunked,
}

/// Writes the response body after its head, which is in `out`, framed as
/// `write_head` said. A small response goes out in one write.
pub(crate) async fn write_body<B>(
    stream: &mut TcpStream,
    out: &mut Vec<u8>,
    mut body: Pin<&mut B>,
    framing: Framing,
) -> io::Result<()>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
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

/// A response head to write to the client: as [`PlainHead`] kept it from
/// the instance, or a router error page's.
pub(crate) enum ResponseHead<'a> {
    Plain(&'a PlainHead),
    Map(&'a http::response::Parts),
}

/// Writes a response head into `out` as hyper's server would: the instance's
/// fields (hop-by-hop ones already gone), a `Date` if it sent none, the body's
/// length when it is known and chunked framing otherwise, and `Connection:
/// close` when this is the connection's last response. Says how the body
/// follows; `exact` is the body's length when it is known.
pub(crate) fn write_head(
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

#[cfg(test)]
mod tests {
    use super::*;

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
