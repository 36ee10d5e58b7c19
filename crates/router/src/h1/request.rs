//! Reading a client's request head: the plain ones (GET or HEAD, HTTP/1.1, no
//! body, no upgrade) are parsed in place in the connection's read buffer, and
//! anything else is told apart so that hyper's server can take it.

use http::Method;

use super::headers::{tokens, Field};

/// Header fields accepted in a request head (hyper's default; more go to hyper,
/// which refuses them).
pub(crate) const MAX_FIELDS: usize = 100;

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
pub(crate) enum Parsed<'h> {
    /// A plain request whose head is this many bytes long.
    Plain(PlainRequest<'h>, usize),
    /// The start of a head.
    Partial,
    /// Anything else: a request for hyper.
    Other,
}

pub(crate) fn parse<'h>(buf: &'h [u8], fields: &'h mut [httparse::Header<'h>]) -> Parsed<'h> {
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
            Field::Host => return Parsed::Other,
            kind if kind.rules_out_plain() => return Parsed::Other,
            Field::Connection => {
                for token in tokens(field.value) {
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
}
