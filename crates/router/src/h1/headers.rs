//! Header rewriting between client and instance: hop-by-hop headers belong
//! to one connection and must not cross the proxy (RFC 9110 §7.6.1), and the
//! instance must learn who the client was (`X-Forwarded-*`, RFC 7239
//! `Forwarded`). Pure functions, over `HeaderMap`s for requests hyper read, and
//! over the raw fields of a request head read by hand ([`super::request`]).

use std::net::IpAddr;

use http::header::{HeaderName, HeaderValue, CONNECTION, FORWARDED, UPGRADE};
use http::{HeaderMap, Method};

static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// True when an HTTP/1.1 request asks to switch protocols (WebSocket and
/// friends): it has `Upgrade` and `Connection: upgrade`.
pub(crate) fn wants_upgrade(headers: &HeaderMap) -> bool {
    headers.contains_key(UPGRADE)
        && headers
            .get_all(CONNECTION)
            .iter()
            .any(|v| has_token(v, "upgrade"))
}

/// The request's `TE` lists `trailers`: its client takes trailer fields.
pub(crate) fn accepts_trailers(headers: &HeaderMap) -> bool {
    headers
        .get_all(http::header::TE)
        .iter()
        .any(|v| has_token(v, "trailers"))
}

/// Removes hop-by-hop headers: `Connection` and every header it names,
/// `Keep-Alive`, `Proxy-*`, `TE`, `Trailer`, `Transfer-Encoding` and
/// `Upgrade`. With `keep_upgrade`, an `Upgrade` header survives together with
/// `Connection: upgrade`, which is how a protocol switch crosses the proxy.
pub(crate) fn strip_hop_by_hop(headers: &mut HeaderMap, keep_upgrade: bool) {
    let upgrade = if keep_upgrade {
        headers.get(UPGRADE).cloned()
    } else {
        None
    };

    let mut connection = headers.get_all(CONNECTION).iter();
    match (connection.next(), connection.next()) {
        (None, _) => {}
        (Some(_), None) => {
            if let Some(value) = headers.remove(CONNECTION) {
                remove_listed(headers, &value);
            }
        }
        _ => {
            let values: Vec<HeaderValue> = headers.get_all(CONNECTION).iter().cloned().collect();
            headers.remove(CONNECTION);
            for value in &values {
                remove_listed(headers, value);
            }
        }
    }

    if headers
        .keys()
        .any(|name| Field::of(name.as_str()).is_hop_by_hop())
    {
        let hop: Vec<HeaderName> = headers
            .keys()
            .filter(|name| Field::of(name.as_str()).is_hop_by_hop())
            .cloned()
            .collect();
        for name in hop {
            headers.remove(name);
        }
    }

    if let Some(upgrade) = upgrade {
        headers.insert(CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(UPGRADE, upgrade);
    }
}

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

/// A client connection's address as the forwarding headers write it, composed
/// once per connection rather than formatted for each request.
#[derive(Debug)]
pub(crate) struct Forwarding {
    /// The address alone: `X-Forwarded-For` when the request had none.
    forwarded_for: HeaderValue,
    /// `for=ADDRESS;proto=PROTO;host=`, the start of the `Forwarded` element.
    forwarded_start: String,
    /// `http`, or `https` for a connection over TLS.
    proto: &'static str,
}

impl Forwarding {
    /// A client on a plain HTTP connection.
    pub(crate) fn new(client: IpAddr) -> Forwarding {
        Forwarding::with_proto(client, "http")
    }

    /// A client on an HTTPS connection.
    pub(crate) fn over_tls(client: IpAddr) -> Forwarding {
        Forwarding::with_proto(client, "https")
    }

    fn with_proto(client: IpAddr, proto: &'static str) -> Forwarding {
        // IPv4 clients on a dual-stack socket show as plain IPv4.
        let client = client.to_canonical();
        let forwarded_for = HeaderValue::try_from(client.to_string())
            .expect("an IP address is a valid header value");
        let forwarded_start = match client {
            IpAddr::V4(ip) => format!("for={ip};proto={proto};host="),
            IpAddr::V6(ip) => format!("for=\"[{ip}]\";proto={proto};host="),
        };
        Forwarding {
            forwarded_for,
            forwarded_start,
            proto,
        }
    }
}

/// Tells the instance who asked: appends the client to `X-Forwarded-For`,
/// overwrites `X-Forwarded-Proto` with the client's scheme (as Cloud Run does), and
/// appends a `Forwarded` element with `for`, `proto` and `host`.
pub(crate) fn add_forwarded(headers: &mut HeaderMap, client: &Forwarding, host: &HeaderValue) {
    let mut earlier = headers
        .get_all(&X_FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .peekable();
    if earlier.peek().is_none() {
        headers.insert(&X_FORWARDED_FOR, client.forwarded_for.clone());
    } else {
        let mut xff = String::with_capacity(64);
        for value in earlier {
            xff.push_str(value);
            xff.push_str(", ");
        }
        xff.push_str(client.forwarded_for.to_str().unwrap_or_default());
        if let Ok(value) = HeaderValue::try_from(xff) {
            headers.insert(&X_FORWARDED_FOR, value);
        }
    }

    headers.insert(&X_FORWARDED_PROTO, HeaderValue::from_static(client.proto));

    let mut forwarded = Vec::with_capacity(client.forwarded_start.len() + host.len() + 2);
    client.push_forwarded(&mut forwarded, host.as_bytes());
    if let Ok(value) = HeaderValue::from_maybe_shared(bytes::Bytes::from(forwarded)) {
        headers.append(FORWARDED, value);
    }
}

impl Forwarding {
    /// Appends this client's `Forwarded` element for a request to `host`.
    fn push_forwarded(&self, out: &mut Vec<u8>, host: &[u8]) {
        out.extend_from_slice(self.forwarded_start.as_bytes());
        push_forwarded_value(out, host);
    }
}

/// Writes an RFC 7239 value: as a token when it is one, else quoted.
fn push_forwarded_value(out: &mut Vec<u8>, value: &[u8]) {
    if !value.is_empty() && value.iter().all(|&b| is_tchar(b)) {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'"');
    for &b in value {
        if b == b'"' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// What a header field is to the router, by its name: the one table every
/// path consults (requests as a `HeaderMap` or raw fields, instance responses
/// read by hand), so they cannot disagree on what crosses the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Host,
    /// Hop-by-hop, and the fields it lists are hop-by-hop too: each caller
    /// checks those against the message's own `Connection`.
    Connection,
    /// Hop-by-hop; in a request, a body.
    TransferEncoding,
    /// Hop-by-hop; in a request, a protocol switch.
    Upgrade,
    /// `Keep-Alive`, `TE`, `Trailer` and `Proxy-*`: hop-by-hop, dropped on the way.
    HopByHop,
    ContentLength,
    Expect,
    Date,
    XForwardedFor,
    XForwardedProto,
    UserAgent,
    Referer,
    TraceParent,
    CloudTraceContext,
    Other,
}

impl Field {
    /// The field `name` (compared ASCII case-insensitively, as header names are).
    pub(crate) fn of(name: &str) -> Field {
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        match name.len() {
            2 if is("te") => Field::HopByHop,
            4 if is("host") => Field::Host,
            4 if is("date") => Field::Date,
            6 if is("expect") => Field::Expect,
            7 if is("referer") => Field::Referer,
            7 if is("trailer") => Field::HopByHop,
            7 if is("upgrade") => Field::Upgrade,
            10 if is("connection") => Field::Connection,
            10 if is("keep-alive") => Field::HopByHop,
            10 if is("user-agent") => Field::UserAgent,
            11 if is("traceparent") => Field::TraceParent,
            14 if is("content-length") => Field::ContentLength,
            15 if is("x-forwarded-for") => Field::XForwardedFor,
            17 if is("transfer-encoding") => Field::TransferEncoding,
            17 if is("x-forwarded-proto") => Field::XForwardedProto,
            21 if is("x-cloud-trace-context") => Field::CloudTraceContext,
            _ if name.len() >= 6 && name.as_bytes()[..6].eq_ignore_ascii_case(b"proxy-") => {
                Field::HopByHop
            }
            _ => Field::Other,
        }
    }

    /// A hop-by-hop field (RFC 9110 §7.6.1): `Connection`, `Keep-Alive`,
    /// `Proxy-*`, `TE`, `Trailer`, `Transfer-Encoding` and `Upgrade`.
    pub(crate) fn is_hop_by_hop(self) -> bool {
        matches!(
            self,
            Field::Connection | Field::TransferEncoding | Field::Upgrade | Field::HopByHop
        )
    }

    /// In a request: `Content-Length`, `Transfer-Encoding`, `Upgrade` and
    /// `Expect` say it has a body or wants more than one exchange, so it is
    /// not plain.
    pub(crate) fn rules_out_plain(self) -> bool {
        matches!(
            self,
            Field::ContentLength | Field::TransferEncoding | Field::Upgrade | Field::Expect
        )
    }
}

/// The head of a plain request (see [`super::request`]) as it goes to the
/// instance, written from the client's header `fields` as they arrived: the
/// rewriting `strip_hop_by_hop` and `add_forwarded` do to a `HeaderMap`, with
/// `Host` set to `host`. `method` and `target` (origin-form) are the client's.
pub(crate) fn plain_request_head(
    method: &str,
    target: &str,
    fields: &[httparse::Header<'_>],
    host: &[u8],
    client: &Forwarding,
) -> Vec<u8> {
    let mut size = method.len() + target.len() + host.len() + 2 * client.forwarded_start.len() + 96;
    let mut listing = false;
    let mut earlier_for = false;
    for field in fields {
        size += field.name.len() + field.value.len() + 4;
        match Field::of(field.name) {
            Field::Connection => listing = true,
            Field::XForwardedFor => earlier_for = true,
            _ => {}
        }
    }
    // Names the client's `Connection` fields list are hop-by-hop too.
    let listed = |name: &str| listing && connection_lists(fields, name);

    let mut head = Vec::with_capacity(size);
    head.extend_from_slice(method.as_bytes());
    head.push(b' ');
    head.extend_from_slice(target.as_bytes());
    head.extend_from_slice(b" HTTP/1.1\r\n");
    for field in fields {
        match Field::of(field.name) {
            Field::Host
            | Field::Connection
            | Field::HopByHop
            | Field::XForwardedFor
            | Field::XForwardedProto => continue,
            _ if listed(field.name) => continue,
            _ => {}
        }
        head.extend_from_slice(field.name.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(field.value);
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"host: ");
    head.extend_from_slice(host);
    head.extend_from_slice(b"\r\nx-forwarded-for: ");
    if earlier_for {
        let earlier = fields
            .iter()
            .filter(|field| Field::of(field.name) == Field::XForwardedFor)
            .filter(|field| is_visible_text(field.value))
            .map(|field| field.value.trim_ascii())
            .filter(|value| !value.is_empty());
        for value in earlier {
            head.extend_from_slice(value);
            head.extend_from_slice(b", ");
        }
    }
    head.extend_from_slice(client.forwarded_for.as_bytes());
    head.extend_from_slice(b"\r\nx-forwarded-proto: ");
    head.extend_from_slice(client.proto.as_bytes());
    head.extend_from_slice(b"\r\nforwarded: ");
    client.push_forwarded(&mut head, host);
    head.extend_from_slice(b"\r\n\r\n");
    head
}

/// Whether a header value is text `HeaderValue::to_str` accepts (visible ASCII,
/// spaces and tabs).
fn is_visible_text(value: &[u8]) -> bool {
    value
        .iter()
        .all(|&b| b == b'\t' || (b' '..0x7f).contains(&b))
}

/// RFC 9110 token characters.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Removes every header named in one `Connection` value.
fn remove_listed(headers: &mut HeaderMap, connection: &HeaderValue) {
    for token in tokens(connection.as_bytes()) {
        if token.is_empty() {
            continue;
        }
        if let Ok(name) = HeaderName::from_bytes(token) {
            headers.remove(name);
        }
    }
}

fn has_token(value: &HeaderValue, token: &str) -> bool {
    tokens(value.as_bytes()).any(|t| t.eq_ignore_ascii_case(token.as_bytes()))
}

/// The comma-separated tokens of a field value (`Connection`'s, `TE`'s), trimmed.
pub(crate) fn tokens(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value.split(|&b| b == b',').map(<[u8]>::trim_ascii)
}

/// Whether a `Connection` field among the raw `fields` of a head lists `name`,
/// which makes that field hop-by-hop too.
pub(crate) fn connection_lists(fields: &[httparse::Header<'_>], name: &str) -> bool {
    fields
        .iter()
        .filter(|field| Field::of(field.name) == Field::Connection)
        .flat_map(|field| tokens(field.value))
        .any(|token| token.eq_ignore_ascii_case(name.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bodiless_gets_and_heads_without_upgrade_are_plain() {
        assert!(is_plain(&Method::GET, true, false));
        assert!(is_plain(&Method::HEAD, true, false));
        assert!(!is_plain(&Method::GET, false, false));
        assert!(!is_plain(&Method::GET, true, true));
        assert!(!is_plain(&Method::POST, true, false));
        assert!(!is_plain(&Method::DELETE, true, false));
    }

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    fn pairs(headers: &HeaderMap) -> Vec<String> {
        let mut out: Vec<String> = headers
            .iter()
            .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
            .collect();
        out.sort();
        out
    }

    fn check_strip(input: &[(&str, &str)], keep_upgrade: bool, expected: &[&str]) {
        let mut headers = map(input);
        strip_hop_by_hop(&mut headers, keep_upgrade);
        assert_eq!(pairs(&headers), expected, "input {input:?}");
    }

    #[test]
    fn hop_by_hop_headers_are_removed() {
        check_strip(
            &[
                ("connection", "keep-alive, X-Secret"),
                ("connection", "x-other"),
                ("keep-alive", "timeout=5"),
                ("x-secret", "1"),
                ("x-other", "2"),
                ("proxy-authorization", "Basic x"),
                ("proxy-connection", "keep-alive"),
                ("te", "trailers"),
                ("trailer", "x-checksum"),
                ("transfer-encoding", "chunked"),
                ("upgrade", "websocket"),
                ("content-length", "3"),
                ("x-app", "kept"),
            ],
            false,
            &["content-length: 3", "x-app: kept"],
        );
        check_strip(&[("x-app", "kept")], false, &["x-app: kept"]);
        check_strip(&[("connection", "close")], false, &[]);
        check_strip(&[("connection", " , ,")], false, &[]);
    }

    #[test]
    fn upgrade_survives_when_switching_protocols() {
        check_strip(
            &[
                ("connection", "Upgrade, x-secret"),
                ("upgrade", "websocket"),
                ("x-secret", "1"),
                ("sec-websocket-key", "abc"),
            ],
            true,
            &[
                "connection: upgrade",
                "sec-websocket-key: abc",
                "upgrade: websocket",
            ],
        );
    }

    #[test]
    fn upgrade_requests_are_recognised() {
        assert!(wants_upgrade(&map(&[
            ("connection", "keep-alive, Upgrade"),
            ("upgrade", "websocket")
        ])));
        assert!(!wants_upgrade(&map(&[("upgrade", "websocket")])));
        assert!(!wants_upgrade(&map(&[("connection", "upgrade")])));
        assert!(!wants_upgrade(&map(&[
            ("connection", "upgrades"),
            ("upgrade", "h2c")
        ])));
    }

    #[test]
    fn tls_clients_are_forwarded_as_https_and_trailers_are_asked_for_by_te() {
        let client = Forwarding::over_tls("192.0.2.7".parse().unwrap());
        let mut headers = map(&[("x-forwarded-proto", "http"), ("te", "trailers")]);
        assert!(accepts_trailers(&headers));
        strip_hop_by_hop(&mut headers, false);
        assert!(
            !accepts_trailers(&headers),
            "TE is hop-by-hop; forward re-adds trailers"
        );
        add_forwarded(
            &mut headers,
            &client,
            &HeaderValue::from_static("a.localhost"),
        );
        assert_eq!(headers["x-forwarded-proto"], "https");
        assert_eq!(
            headers["forwarded"],
            "for=192.0.2.7;proto=https;host=a.localhost"
        );
        let head = plain_request_head("GET", "/", &[], b"a.localhost", &client);
        let head = String::from_utf8(head).unwrap();
        assert!(head.contains("\r\nx-forwarded-proto: https\r\n"), "{head}");
        assert!(!accepts_trailers(&map(&[("te", "gzip")])));
    }

    /// The head `plain_request_head` writes from raw fields, and the head the
    /// `HeaderMap` path writes for the same request, as sorted lowercase lines.
    fn both_heads(fields: &[(&str, &str)], host: &str) -> (Vec<String>, Vec<String>) {
        let client = Forwarding::new("192.0.2.1".parse().unwrap());
        let raw: Vec<httparse::Header<'_>> = fields
            .iter()
            .map(|(name, value)| httparse::Header {
                name,
                value: value.as_bytes(),
            })
            .collect();
        let by_hand = plain_request_head("GET", "/p?q=1", &raw, host.as_bytes(), &client);

        let mut headers = map(fields);
        let host = HeaderValue::from_str(host).unwrap();
        strip_hop_by_hop(&mut headers, false);
        add_forwarded(&mut headers, &client, &host);
        headers.insert(http::header::HOST, host);
        let by_map = request_head(&http::Method::GET, "/p?q=1", &headers);

        let lines = |head: &[u8]| {
            let text = std::str::from_utf8(head).unwrap();
            let (request_line, fields) = text.split_once("\r\n").unwrap();
            assert!(text.ends_with("\r\n\r\n"), "{text:?}");
            let mut lines: Vec<String> = fields
                .lines()
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let (name, value) = l.split_once(": ").unwrap();
                    format!("{}: {value}", name.to_ascii_lowercase())
                })
                .collect();
            lines.sort();
            lines.insert(0, request_line.to_owned());
            lines
        };
        (lines(&by_hand), lines(&by_map))
    }

    #[test]
    fn a_plain_head_written_by_hand_is_the_one_the_header_map_path_writes() {
        let cases: &[&[(&str, &str)]] = &[
            &[("Host", "a.localhost"), ("Accept", "*/*")],
            &[
                ("host", "a.localhost"),
                ("X-Forwarded-For", "203.0.113.9"),
                ("x-forwarded-for", " , 198.51.100.1 "),
                ("x-forwarded-for", ""),
                ("X-Forwarded-Proto", "https"),
                ("Forwarded", "for=203.0.113.9"),
            ],
            &[
                ("host", "a.localhost"),
                ("Connection", "keep-alive, X-Drop"),
                ("connection", "x-other"),
                ("x-drop", "1"),
                ("X-Other", "2"),
                ("Keep-Alive", "timeout=5"),
                ("TE", "trailers"),
                ("Trailer", "x-sum"),
                ("Proxy-Authorization", "Basic eDp5"),
                ("proxy-connection", "keep-alive"),
                ("User-Agent", "curl/8"),
                ("x-app", "kept"),
                ("x-app", "twice"),
            ],
        ];
        for fields in cases {
            let (by_hand, by_map) = both_heads(fields, "a.localhost:8080");
            assert_eq!(by_hand, by_map, "fields {fields:?}");
        }
        let (by_hand, _) = both_heads(cases[2], "a.localhost");
        assert_eq!(
            by_hand,
            [
                "GET /p?q=1 HTTP/1.1",
                "forwarded: for=192.0.2.1;proto=http;host=a.localhost",
                "host: a.localhost",
                "user-agent: curl/8",
                "x-app: kept",
                "x-app: twice",
                "x-forwarded-for: 192.0.2.1",
                "x-forwarded-proto: http",
            ]
        );
    }

    #[test]
    fn fields_are_known_by_name_whatever_the_case() {
        assert_eq!(Field::of("HOST"), Field::Host);
        for not_plain in ["Content-Length", "transfer-encoding", "Upgrade", "expect"] {
            assert!(Field::of(not_plain).rules_out_plain(), "{not_plain}");
        }
        for hop in [
            "Connection",
            "keep-alive",
            "TE",
            "trailer",
            "Transfer-Encoding",
            "upgrade",
        ] {
            assert!(Field::of(hop).is_hop_by_hop(), "{hop}");
        }
        assert!(!Field::of("Content-Length").is_hop_by_hop());
        assert_eq!(Field::of("Date"), Field::Date);
        assert_eq!(Field::of("Proxy-Authorization"), Field::HopByHop);
        assert_eq!(Field::of("proxy-"), Field::HopByHop);
        assert_eq!(Field::of("X-Cloud-Trace-Context"), Field::CloudTraceContext);
        assert_eq!(Field::of("hosts"), Field::Other);
    }

    fn check_forwarded(input: &[(&str, &str)], client: &str, host: &str, expected: &[&str]) {
        let mut headers = map(input);
        add_forwarded(
            &mut headers,
            &Forwarding::new(client.parse().unwrap()),
            &HeaderValue::from_str(host).unwrap(),
        );
        assert_eq!(pairs(&headers), expected);
    }

    #[test]
    fn forwarded_headers() {
        check_forwarded(
            &[],
            "10.1.2.3",
            "hello.localhost",
            &[
                "forwarded: for=10.1.2.3;proto=http;host=hello.localhost",
                "x-forwarded-for: 10.1.2.3",
                "x-forwarded-proto: http",
            ],
        );
        check_forwarded(
            &[
                ("x-forwarded-for", "203.0.113.9"),
                ("x-forwarded-for", "198.51.100.1, 192.0.2.4"),
                ("x-forwarded-proto", "https"),
                ("forwarded", "for=203.0.113.9"),
            ],
            "::1",
            "hello.localhost:8080",
            &[
                "forwarded: for=\"[::1]\";proto=http;host=\"hello.localhost:8080\"",
                "forwarded: for=203.0.113.9",
                "x-forwarded-for: 203.0.113.9, 198.51.100.1, 192.0.2.4, ::1",
                "x-forwarded-proto: http",
            ],
        );
        // IPv4 clients on a dual-stack socket show as plain IPv4.
        check_forwarded(
            &[],
            "::ffff:127.0.0.1",
            "a\"b",
            &[
                "forwarded: for=127.0.0.1;proto=http;host=\"a\\\"b\"",
                "x-forwarded-for: 127.0.0.1",
                "x-forwarded-proto: http",
            ],
        );
    }
}
