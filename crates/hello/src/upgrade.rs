//! Connection upgrades (WebSocket and friends): detects an upgrade request and
//! computes the RFC 6455 `Sec-WebSocket-Accept` answer, so the router's upgrade
//! pass-through can be tested against a real 101 and a raw byte echo.

use base64::Engine as _;
use http::{header, HeaderMap};

/// The GUID RFC 6455 §1.3 appends to the client's key.
const WEBSOCKET_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The protocol a request asks to switch to, if it carries both
/// `Connection: upgrade` and an `Upgrade` token. `h2c` is left to the HTTP/2
/// machinery (a plain answer over HTTP/1.1 is the correct refusal).
pub fn requested_protocol(headers: &HeaderMap) -> Option<String> {
    let connection_says_upgrade = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("upgrade"));
    if !connection_says_upgrade {
        return None;
    }
    let protocol = headers.get(header::UPGRADE)?.to_str().ok()?.trim();
    if protocol.is_empty() || protocol.eq_ignore_ascii_case("h2c") {
        return None;
    }
    Some(protocol.to_owned())
}

/// `base64(sha1(key ++ GUID))`, per RFC 6455 §4.2.2.
pub fn websocket_accept(key: &[u8]) -> String {
    let mut sha = sha1_smol::Sha1::new();
    sha.update(key);
    sha.update(WEBSOCKET_GUID.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(sha.digest().bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn accept_key_matches_the_rfc_example() {
        assert_eq!(
            websocket_accept(b"dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    fn check(connection: Option<&str>, upgrade: Option<&str>, expected: Option<&str>) {
        let mut headers = HeaderMap::new();
        if let Some(c) = connection {
            headers.insert(header::CONNECTION, HeaderValue::from_str(c).unwrap());
        }
        if let Some(u) = upgrade {
            headers.insert(header::UPGRADE, HeaderValue::from_str(u).unwrap());
        }
        assert_eq!(
            requested_protocol(&headers).as_deref(),
            expected,
            "{connection:?} {upgrade:?}"
        );
    }

    #[test]
    fn detects_upgrade_requests() {
        check(Some("Upgrade"), Some("websocket"), Some("websocket"));
        check(Some("keep-alive, upgrade"), Some("foo/2"), Some("foo/2"));
        check(None, Some("websocket"), None);
        check(Some("upgrade"), None, None);
        check(Some("keep-alive"), Some("websocket"), None);
        check(Some("Upgrade, HTTP2-Settings"), Some("h2c"), None);
    }
}
