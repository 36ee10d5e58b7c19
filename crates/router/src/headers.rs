//! Header rewriting between client and instance: hop-by-hop headers belong
//! to one connection and must not cross the proxy (RFC 9110 §7.6.1), and the
//! instance must learn who the client was (`X-Forwarded-*`, RFC 7239
//! `Forwarded`). Pure functions over `HeaderMap`s.

use std::net::IpAddr;

use http::header::{
    HeaderName, HeaderValue, CONNECTION, FORWARDED, TE, TRAILER, TRANSFER_ENCODING, UPGRADE,
};
use http::HeaderMap;

static KEEP_ALIVE: HeaderName = HeaderName::from_static("keep-alive");
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

    for name in [&KEEP_ALIVE, &TE, &TRAILER, &TRANSFER_ENCODING, &UPGRADE] {
        headers.remove(name);
    }
    if headers.keys().any(is_proxy_header) {
        let proxy: Vec<HeaderName> = headers
            .keys()
            .filter(|n| is_proxy_header(n))
            .cloned()
            .collect();
        for name in proxy {
            headers.remove(name);
        }
    }

    if let Some(upgrade) = upgrade {
        headers.insert(CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(UPGRADE, upgrade);
    }
}

/// A client connection's address as the forwarding headers write it, composed
/// once per connection rather than formatted for each request.
#[derive(Debug)]
pub(crate) struct Forwarding {
    /// The address alone: `X-Forwarded-For` when the request had none.
    forwarded_for: HeaderValue,
    /// `for=ADDRESS;proto=http;host=`, the start of the `Forwarded` element.
    forwarded_start: String,
}

impl Forwarding {
    pub(crate) fn new(client: IpAddr) -> Forwarding {
        // IPv4 clients on a dual-stack socket show as plain IPv4.
        let client = client.to_canonical();
        let forwarded_for = HeaderValue::try_from(client.to_string())
            .expect("an IP address is a valid header value");
        let forwarded_start = match client {
            IpAddr::V4(ip) => format!("for={ip};proto=http;host="),
            IpAddr::V6(ip) => format!("for=\"[{ip}]\";proto=http;host="),
        };
        Forwarding {
            forwarded_for,
            forwarded_start,
        }
    }
}

/// Tells the instance who asked: appends the client to `X-Forwarded-For`,
/// overwrites `X-Forwarded-Proto` with `http` (as Cloud Run does), and
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

    headers.insert(&X_FORWARDED_PROTO, HeaderValue::from_static("http"));

    let mut forwarded = String::with_capacity(client.forwarded_start.len() + host.len() + 2);
    forwarded.push_str(&client.forwarded_start);
    push_forwarded_value(&mut forwarded, host.as_bytes());
    if let Ok(value) = HeaderValue::try_from(forwarded) {
        headers.append(FORWARDED, value);
    }
}

/// Writes an RFC 7239 value: as a token when it is one, else quoted.
fn push_forwarded_value(out: &mut String, value: &[u8]) {
    if !value.is_empty() && value.iter().all(|&b| is_tchar(b)) {
        out.extend(value.iter().map(|&b| char::from(b)));
        return;
    }
    out.push('"');
    for &b in value {
        if b == b'"' || b == b'\\' {
            out.push('\\');
        }
        out.push(char::from(b));
    }
    out.push('"');
}

/// RFC 9110 token characters.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_proxy_header(name: &HeaderName) -> bool {
    name.as_str().starts_with("proxy-")
}

/// Removes every header named in one `Connection` value.
fn remove_listed(headers: &mut HeaderMap, connection: &HeaderValue) {
    for token in connection.as_bytes().split(|&b| b == b',') {
        let token = token.trim_ascii();
        if token.is_empty() {
            continue;
        }
        if let Ok(name) = HeaderName::from_bytes(token) {
            headers.remove(name);
        }
    }
}

fn has_token(value: &HeaderValue, token: &str) -> bool {
    value
        .as_bytes()
        .split(|&b| b == b',')
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
