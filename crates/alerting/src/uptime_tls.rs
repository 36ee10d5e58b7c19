//! TLS for HTTPS uptime checks (`httpCheck.useSsl`). With `validateSsl` the server's
//! certificate must chain to a trusted root (the public web's, as Google's checkers
//! trust, and any the operator adds, e.g. the CA of the router's `--tls-cert`) and name
//! the checked host; without it any certificate is taken, as on Google, but the
//! handshake's signatures are still verified, so the connection is really TLS.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// The two client configurations checks use, made once.
#[derive(Debug, Clone)]
pub struct CheckTls {
    validating: Arc<ClientConfig>,
    lenient: Arc<ClientConfig>,
}

impl CheckTls {
    /// `extra_roots`: trusted besides the public web's roots.
    pub fn new(extra_roots: &[CertificateDer<'static>]) -> Result<CheckTls, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for (i, root) in extra_roots.iter().enumerate() {
            roots.add(root.clone()).map_err(|e| {
                format!(
                    "trusted root {} is not a CA certificate rustls accepts: {e}",
                    i + 1
                )
            })?;
        }
        let builder = || {
            ClientConfig::builder_with_provider(provider.clone())
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("cannot set up TLS for uptime checks: {e}"))
        };
        let mut validating = builder()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let mut lenient = builder()?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider.clone())))
            .with_no_client_auth();
        // The check speaks HTTP/1.1 (hyper's http1 client); say so in ALPN so an h2
        // server does not pick HTTP/2.
        for config in [&mut validating, &mut lenient] {
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
        }
        Ok(CheckTls {
            validating: Arc::new(validating),
            lenient: Arc::new(lenient),
        })
    }

    /// The connector for a check that does (or does not) validate the certificate.
    pub fn connector(&self, validate: bool) -> tokio_rustls::TlsConnector {
        tokio_rustls::TlsConnector::from(if validate {
            self.validating.clone()
        } else {
            self.lenient.clone()
        })
    }
}

/// The certificates of a PEM file (`--uptime-ca-root`); an error names the file.
pub fn read_roots(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let roots = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read certificates from {}: {e}", path.display()))?;
    if roots.is_empty() {
        return Err(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(roots)
}

/// The name the handshake asks for (SNI) and checks the certificate against: the host's
/// DNS name, or its IP address.
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.');
    ServerName::try_from(bare.to_owned())
        .map_err(|e| format!("{host:?} is not a name TLS can check: {e}"))
}

/// Takes any certificate (`validateSsl: false`) but checks the handshake's signatures.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_sni() {
        assert!(matches!(
            server_name("jokes.localhost"),
            Ok(ServerName::DnsName(_))
        ));
        assert!(matches!(
            server_name("127.0.0.1"),
            Ok(ServerName::IpAddress(_))
        ));
        assert!(matches!(server_name("[::1]"), Ok(ServerName::IpAddress(_))));
        assert!(matches!(server_name("::1"), Ok(ServerName::IpAddress(_))));
        assert!(server_name("bad name")
            .unwrap_err()
            .contains("not a name TLS can check"));
    }

    #[test]
    fn a_root_that_is_not_a_certificate_is_refused() {
        assert!(CheckTls::new(&[]).is_ok());
        let err = CheckTls::new(&[CertificateDer::from(vec![1, 2, 3])]).unwrap_err();
        assert!(err.contains("trusted root 1"), "{err}");
    }
}
