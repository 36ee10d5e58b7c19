//! What `runlane certs list` shows of a certificate (its names, issuer and validity),
//! read from its DER, and turning PEM into what rustls serves.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use x509_parser::extensions::GeneralName;

/// A certificate's names, issuer and validity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// Subject alternative names (DNS names and IP addresses).
    pub names: Vec<String>,
    pub issuer: String,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
}

/// The facts of an end-entity certificate.
pub fn facts(der: &[u8]) -> Result<Facts, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).map_err(|e| format!("the certificate does not parse ({e})"))?;
    let mut names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(dns) => names.push((*dns).to_owned()),
                GeneralName::IPAddress(bytes) => match bytes.len() {
                    4 => names.push(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*bytes).expect("4 bytes")).to_string()),
                    16 => names.push(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*bytes).expect("16 bytes")).to_string()),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    let validity = cert.validity();
    Ok(Facts {
        names,
        issuer: cert.issuer().to_string(),
        not_before: at(validity.not_before.timestamp()),
        not_after: at(validity.not_after.timestamp()),
    })
}

fn at(unix: i64) -> SystemTime {
    match u64::try_from(unix) {
        Ok(secs) => SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
        Err(_) => SystemTime::UNIX_EPOCH,
    }
}

/// A PEM chain and key as rustls serves them, with the chain's facts.
pub fn certified(chain_pem: &str, key_pem: &str) -> Result<(Arc<CertifiedKey>, Facts), String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(chain_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the certificate chain does not parse ({e})"))?;
    let first = chain.first().ok_or("the certificate chain holds no certificate")?;
    let facts = facts(first)?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|e| format!("the private key does not parse ({e})"))?;
    let certified = CertifiedKey::from_der(chain, key, &rustls::crypto::ring::default_provider()).map_err(|e| format!("the certificate and key do not belong together ({e})"))?;
    Ok((Arc::new(certified), facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_of_a_self_signed_certificate() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["jokes.example.com".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, "test issuer");
        let cert = params.self_signed(&key).unwrap();
        let got = facts(cert.der()).unwrap();
        assert_eq!(got.names, ["jokes.example.com", "127.0.0.1"]);
        assert_eq!(got.issuer, "CN=test issuer");
        assert!(got.not_before < got.not_after);

        let (certified_key, same) = certified(&cert.pem(), &key.serialize_pem()).unwrap();
        assert_eq!(same, got);
        assert_eq!(certified_key.cert.len(), 1);
        let other = rcgen::KeyPair::generate().unwrap();
        let err = certified(&cert.pem(), &other.serialize_pem()).unwrap_err();
        assert!(err.contains("do not belong together"), "{err}");
    }
}
