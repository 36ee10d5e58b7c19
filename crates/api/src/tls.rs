//! TLS for the admin API (`runlane up --tls-cert FILE --tls-key FILE`): rustls with the
//! certificate chain and private key read from PEM files, HTTP/1.1 and HTTP/2 by ALPN.
//! With TLS the API may listen beyond loopback; without it `runlane up` refuses to.
//!
//! Each connection's handshake runs in its own task under [`HANDSHAKE_TIMEOUT`], so a
//! client that never finishes it (or speaks plain HTTP) holds nothing but its own socket.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::conn::ConnectionLimits;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// How long a client has to complete the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the TLS certificate {path} ({reason}); pass --tls-cert with a PEM file holding the certificate chain")]
    Cert { path: PathBuf, reason: String },
    #[error("cannot read the TLS private key {path} ({reason}); pass --tls-key with a PEM file holding one PKCS#8, PKCS#1 or SEC1 private key")]
    Key { path: PathBuf, reason: String },
    #[error("the TLS certificate {cert} and key {key} cannot be used together ({reason}); pass the key that belongs to the certificate")]
    Mismatch { cert: PathBuf, key: PathBuf, reason: String },
}

/// The acceptor for the certificate chain in `cert` and the private key in `key` (PEM).
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect)
        .map_err(|e| TlsError::Cert { path: cert.to_owned(), reason: e.to_string() })?;
    if chain.is_empty() {
        return Err(TlsError::Cert { path: cert.to_owned(), reason: "it holds no CERTIFICATE block".to_owned() });
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError::Key { path: key.to_owned(), reason: e.to_string() })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Mismatch { cert: cert.to_owned(), key: key.to_owned(), reason: e.to_string() })?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| TlsError::Mismatch { cert: cert.to_owned(), key: key.to_owned(), reason: e.to_string() })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
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
