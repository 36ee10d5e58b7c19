//! The HTTPS side of the router: TLS connections, and the plain listeners'
//! redirect to HTTPS.
//!
//! A TLS connection's handshake runs on the serving thread that accepted it
//! (handshakes are the CPU-heavy part of HTTPS, and spread over the threads as
//! connections do), under [`HANDSHAKE_TIMEOUT`]. Then the connection goes
//! straight to hyper's server (HTTP/2 or HTTP/1.1, as ALPN agreed) with
//! [`crate::proxy::handle`] answering, the path every non-plain request takes
//! on a plain connection: routing, queueing, upgrades (WebSocket over TLS),
//! trailers and telemetry are the same code. The hand-written fast path of
//! [`crate::front`] stays specific to plain TCP.
//!
//! The redirect answers every request on a plain listener with 308 to the same
//! host, path and query on the HTTPS listener's port: 308 rather than 301, so a
//! POST is repeated as a POST, not turned into a GET.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::str::FromStr;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST, LOCATION};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use crate::front::{self, ClientConnection};
use crate::h1::headers::Forwarding;
use crate::serving::Serving;
use crate::tls::{ACME_TLS_ALPN, HANDSHAKE_TIMEOUT};

/// Serves one TLS client connection until it closes, the router drains it, or
/// draining gives up; runs on a serving thread.
pub(crate) async fn serve_tls(
    stream: TcpStream,
    peer: SocketAddr,
    serving: Arc<Serving>,
    acceptor: TlsAcceptor,
    hsts: bool,
) {
    let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream));
    let tls = tokio::select! {
        done = handshake => match done {
            Ok(Ok(tls)) => tls,
            Ok(Err(err)) => {
                tracing::debug!(%peer, %err, "TLS handshake failed (a plain-HTTP client, or one that does not trust the certificate?)");
                return;
            }
            Err(_) => {
                tracing::debug!(%peer, "TLS handshake did not finish in time");
                return;
            }
        },
        // Nothing was asked yet: a draining router need not wait for it.
        () = serving.draining.wait() => return,
    };
    if tls.get_ref().1.alpn_protocol() == Some(ACME_TLS_ALPN) {
        // A TLS-ALPN-01 validation: the handshake was the answer (RFC 8737 §3).
        tracing::info!(%peer, sni = tls.get_ref().1.server_name().unwrap_or(""), "answered an ACME TLS-ALPN-01 validation handshake");
        let mut tls = tls;
        let _ = tokio::io::AsyncWriteExt::shutdown(&mut tls).await;
        return;
    }
    let client = ClientConnection {
        serving: serving.clone(),
        peer,
        forwarding: Forwarding::over_tls(peer.ip()),
        hsts,
    };
    tokio::select! {
        () = front::hand_off(client, tls, Bytes::new(), None) => {}
        () = serving.cut.wait() => {}
    }
}

/// Answers every request on one plain connection with a redirect to HTTPS on
/// `https_port`, until it closes or the router drains it.
pub(crate) async fn serve_redirect(
    stream: TcpStream,
    peer: SocketAddr,
    serving: Arc<Serving>,
    https_port: u16,
) {
    let challenges = serving.inner.config.acme_challenges.clone();
    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
        // HTTP-01 validation happens over plain HTTP (RFC 8555 §8.3): answered here,
        // not redirected.
        let answer = challenges.http01_answer(req.uri().path()).map(|key_authorization| {
            tracing::info!(path = req.uri().path(), "answered an ACME HTTP-01 validation request");
            let mut response = Response::new(Full::new(Bytes::from(key_authorization)));
            response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
            response
        });
        let response = answer.unwrap_or_else(|| redirect_response(&req, https_port));
        async move { Ok::<_, Infallible>(response) }
    });
    let mut conn = pin!(serving
        .builder
        .serve_connection(TokioIo::new(stream), service));
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = serving.draining.wait() => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                result = conn.as_mut() => result,
                () = serving.cut.wait() => return,
            }
        }
    };
    if let Err(err) = result {
        tracing::debug!(%peer, %err, "client connection ended with an error");
    }
}

fn redirect_response<B>(req: &Request<B>, https_port: u16) -> Response<Full<Bytes>> {
    let host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            req.headers()
                .get(HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        });
    let path = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let (status, location, text) = match host.as_deref().and_then(|h| https_location(h, path, https_port)) {
        Some(location) => {
            let text = format!("this address is served over HTTPS: {location}\n");
            (StatusCode::PERMANENT_REDIRECT, Some(location), text)
        }
        None => (
            StatusCode::BAD_REQUEST,
            None,
            "this address is served over HTTPS; send a Host header naming the service (SERVICE.DOMAIN) to be redirected there\n".to_owned(),
        ),
    };
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Some(location) = location.and_then(|l| HeaderValue::try_from(l).ok()) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// `https://HOST[:PORT]PATH` for a request to `host` (a `Host` value, its port
/// dropped) for `path_and_query`; `None` when `host` is not a host.
pub(crate) fn https_location(host: &str, path_and_query: &str, https_port: u16) -> Option<String> {
    let authority = http::uri::Authority::from_str(host).ok()?;
    // An authority may carry userinfo (`a@b`); a Host value may not.
    if authority.as_str().contains('@') || authority.host().is_empty() {
        return None;
    }
    let host = authority.host();
    let path = if path_and_query.starts_with('/') {
        path_and_query
    } else {
        "/"
    };
    Some(match https_port {
        443 => format!("https://{host}{path}"),
        port => format!("https://{host}:{port}{path}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_keep_host_path_and_query_and_take_the_https_port() {
        assert_eq!(
            https_location("jokes.localhost:8080", "/a/b?x=1&y=2", 8443).as_deref(),
            Some("https://jokes.localhost:8443/a/b?x=1&y=2")
        );
        assert_eq!(
            https_location("next---jokes.example.com", "/", 443).as_deref(),
            Some("https://next---jokes.example.com/")
        );
        assert_eq!(
            https_location("[::1]:8080", "/x", 8443).as_deref(),
            Some("https://[::1]:8443/x")
        );
        assert_eq!(https_location("evil@jokes.localhost", "/", 443), None);
        assert_eq!(https_location("jokes.localhost/other", "/", 443), None);
        assert_eq!(https_location("", "/", 443), None);
    }

    #[test]
    fn a_request_without_a_host_is_told_what_to_send() {
        let req = Request::get("/x").body(()).unwrap();
        let response = redirect_response(&req, 8443);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get(LOCATION).is_none());

        let req = Request::post("/form?id=3")
            .header(HOST, "shop.localhost:8080")
            .body(())
            .unwrap();
        let response = redirect_response(&req, 8443);
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(
            response.headers()[LOCATION],
            "https://shop.localhost:8443/form?id=3"
        );
    }
}
