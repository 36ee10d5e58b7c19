//! A client connection's byte stream: plain TCP or TLS over it, and the dialer that opens
//! one (the target's addresses in order, then the TLS handshake for an https:// URL).

use crate::config::Tls;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_util::either::Either;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// Plain TCP (`Left`), or TLS over it (`Right`).
pub type Stream = Either<TcpStream, Box<TlsStream<TcpStream>>>;

/// Where and how workers connect.
pub struct Dialer {
    pub addrs: Vec<SocketAddr>,
    tls: Option<(TlsConnector, ServerName<'static>)>,
}

/// Why a connection could not be opened.
#[derive(Debug)]
pub enum DialError {
    /// No address accepted; the first one's error.
    Connect(SocketAddr, io::Error),
    /// The TLS handshake failed (a certificate not trusted, a name it does not hold...).
    Handshake(io::Error),
}

impl Dialer {
    /// A dialer for `addrs`, with TLS when `tls` is set; `http2` picks the ALPN protocol.
    /// Reads `--cacert`; its errors say what is wrong with the file.
    pub fn new(addrs: Vec<SocketAddr>, tls: Option<&Tls>, http2: bool) -> Result<Dialer, String> {
        let Some(tls) = tls else {
            return Ok(Dialer { addrs, tls: None });
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS set-up: {e}"))?;
        let mut config = if tls.insecure {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
                .with_no_client_auth()
        } else {
            builder.with_root_certificates(roots(tls)?).with_no_client_auth()
        };
        config.alpn_protocols = vec![if http2 { b"h2".to_vec() } else { b"http/1.1".to_vec() }];
        let name = ServerName::try_from(tls.server_name.clone())
            .map_err(|_| format!("`{}` cannot be a TLS server name (the URL's host or -host)", tls.server_name))?;
        Ok(Dialer {
            addrs,
            tls: Some((TlsConnector::from(Arc::new(config)), name)),
        })
    }

    /// Connects to the first address that accepts, then shakes hands over TLS if asked.
    pub async fn dial(&self) -> Result<Stream, DialError> {
        let mut first_error = None;
        let mut stream = None;
        for addr in &self.addrs {
            match TcpStream::connect(addr).await {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert((*addr, e));
                }
            }
        }
        let Some(stream) = stream else {
            let (addr, e) = first_error.expect("at least one address");
            return Err(DialError::Connect(addr, e));
        };
        let _ = stream.set_nodelay(true);
        match &self.tls {
            None => Ok(Either::Left(stream)),
            Some((connector, name)) => connector
                .connect(name.clone(), stream)
                .await
                .map(|s| Either::Right(Box::new(s)))
                .map_err(DialError::Handshake),
        }
    }
}

/// The public roots, and `--cacert`'s certificates.
fn roots(tls: &Tls) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &tls.ca_file {
        use rustls::pki_types::pem::PemObject;
        let shown = path.display();
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .and_then(Iterator::collect)
            .map_err(|e| format!("--cacert {shown}: {e}"))?;
        if certs.is_empty() {
            return Err(format!("--cacert {shown} holds no CERTIFICATE block; give a PEM file of CA certificates"));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("--cacert {shown}: a certificate in it is not usable as a CA ({e})"))?;
        }
    }
    Ok(roots)
}

/// `--insecure`: any certificate is accepted, but the handshake's signatures are still
/// checked, so the connection is encrypted to whoever holds the certificate's key.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
