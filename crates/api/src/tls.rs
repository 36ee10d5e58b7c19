//! TLS for the admin API (`runlane up --tls-cert FILE --tls-key FILE`): rustls with the
//! router's certificate set ([`runlane_router::tls::Certificates`]: PEM files, picked by
//! SNI, reloaded when they change), HTTP/1.1 and HTTP/2 by ALPN.
//! With TLS the API may listen beyond loopback; without it `runlane up` refuses to.
//!
//! Each connection's handshake runs in its own task under [`HANDSHAKE_TIMEOUT`], so a
//! client that never finishes it (or speaks plain HTTP) holds nothing but its own socket.

use std::future::Future;
use std::sync::Arc;

use crate::conn::ConnectionLimits;
pub use runlane_router::tls::{Certificates, TlsError, HANDSHAKE_TIMEOUT};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The admin API's TLS acceptor, as [`serve`] takes it.
pub type Acceptor = TlsAcceptor;

/// The acceptor for `certificates` (shared with the router's HTTPS listeners).
pub fn acceptor(certificates: &Arc<Certificates>) -> TlsAcceptor {
    TlsAcceptor::from(certificates.server_config())
}

/// Serves `app` over TLS on `listener` until `shutdown` resolves, within `limits` (see
/// [`crate::conn`]), then lets in-flight requests finish (up to a drain timeout).
pub async fn serve(listener: TcpListener, acceptor: TlsAcceptor, app: axum::Router, limits: ConnectionLimits, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    crate::conn::serve_connections(listener, app, limits, shutdown, move |stream, peer| {
        let acceptor = acceptor.clone();
        async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => Some(tls),
                Ok(Err(err)) => {
                    tracing::debug!(%peer, %err, "TLS handshake failed (a plain-HTTP client?)");
                    None
                }
                Err(_) => {
                    tracing::debug!(%peer, "TLS handshake did not finish in time");
                    None
                }
            }
        }
    })
    .await
}
