//! Certificates for HTTPS, shared by the router's HTTPS listeners and the admin API:
//! certificate chains and private keys from PEM files (`--tls-cert`/`--tls-key`
//! pairs), one picked per handshake by the name the client asked for (SNI), and
//! reloaded when their files change.
//!
//! Picking: the first pair, in the order given, whose certificate is valid for the
//! SNI name by its subject alternative names (wildcards included, as a browser
//! checks them, with webpki); with no SNI (a client that dialled an IP address) or
//! no pair covering the name, the first pair, as nginx's default server answers.
//!
//! Reloading: [`Certificates::watch`] looks at the files' modification time, size
//! and inode every interval (a bounded poll: no inotify watch to lose when an editor
//! or certbot replaces a file by renaming over it). A pair whose files changed is
//! read and checked again; if it is good, the set of certificates is swapped at once
//! (an `ArcSwap`: handshakes in progress keep the set they loaded, and established
//! connections are not touched at all); if not, the reason is logged and the pair's
//! previous certificate keeps serving until its files change again.
//!
//! The handshake path takes no lock: one `ArcSwap` load, and with several pairs a
//! webpki name check per pair until one matches.
//!
//! Certificates issued over ACME (`runlane-acme`) join the set with
//! [`Certificates::set_issued`]. The rule: a file pair whose names cover the SNI name
//! wins, then an issued certificate that covers it; with neither, the first file pair
//! (or, with no files, the first issued certificate). A handshake that offers the
//! ALPN protocol `acme-tls/1` (RFC 8737, TLS-ALPN-01) gets the challenge certificate
//! [`Challenges`] holds for its SNI name, or none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, DnsName, PrivateKeyDer, ServerName};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

/// How long a client has to complete the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How often certificate files are checked for changes by default.
pub const DEFAULT_RELOAD_INTERVAL: Duration = Duration::from_secs(5);

/// Why a certificate pair cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the TLS certificate {path} ({reason}); pass --tls-cert with a PEM file holding the certificate chain")]
    Cert { path: PathBuf, reason: String },
    #[error("cannot read the TLS private key {path} ({reason}); pass --tls-key with a PEM file holding one PKCS#8, PKCS#1 or SEC1 private key")]
    Key { path: PathBuf, reason: String },
    #[error("the TLS certificate {cert} and key {key} cannot be used together ({reason}); pass the key that belongs to the certificate")]
    Mismatch {
        cert: PathBuf,
        key: PathBuf,
        reason: String,
    },
    #[error("no TLS certificate was given; pass --tls-cert FILE --tls-key FILE")]
    None,
}

/// One `--tls-cert`/`--tls-key` pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
        inode: meta.ino(),
    })
}

/// What the reload check last saw of one pair's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PairStamps {
    cert: Option<Stamp>,
    key: Option<Stamp>,
}

impl PairStamps {
    fn of(files: &CertificateFiles) -> PairStamps {
        PairStamps {
            cert: stamp(&files.cert),
            key: stamp(&files.key),
        }
    }
}

/// The ALPN protocol of TLS-ALPN-01 validation handshakes (RFC 8737).
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

/// Where HTTP-01 validation requests ask for their token (RFC 8555 §8.3).
pub const HTTP01_PATH_PREFIX: &str = "/.well-known/acme-challenge/";

/// The answers to ACME challenges in progress, written by the ACME client and read by
/// the router: HTTP-01 key authorizations by token, TLS-ALPN-01 certificates by name.
/// Both maps are swapped whole (they hold a few entries, and only while an order is
/// being validated), so readers take no lock.
#[derive(Debug, Default)]
pub struct Challenges {
    http01: ArcSwap<HashMap<String, String>>,
    tls_alpn01: ArcSwap<HashMap<String, Arc<CertifiedKey>>>,
}

impl Challenges {
    /// Answers `GET /.well-known/acme-challenge/TOKEN` with `key_authorization`.
    pub fn set_http01(&self, token: &str, key_authorization: &str) {
        self.http01.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.insert(token.to_owned(), key_authorization.to_owned());
            map
        });
    }

    pub fn remove_http01(&self, token: &str) {
        self.http01.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.remove(token);
            map
        });
    }

    /// The key authorization for a request's path, when it asks for a token in progress.
    pub fn http01_answer(&self, path: &str) -> Option<String> {
        let token = path.strip_prefix(HTTP01_PATH_PREFIX)?;
        self.http01.load().get(token).cloned()
    }

    /// Answers `acme-tls/1` handshakes for `name` with `certificate`.
    pub fn set_tls_alpn01(&self, name: &str, certificate: Arc<CertifiedKey>) {
        let name = name.to_ascii_lowercase();
        self.tls_alpn01.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.insert(name.clone(), certificate.clone());
            map
        });
    }

    pub fn remove_tls_alpn01(&self, name: &str) {
        let name = name.to_ascii_lowercase();
        self.tls_alpn01.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.remove(&name);
            map
        });
    }

    fn tls_alpn01(&self, name: &str) -> Option<Arc<CertifiedKey>> {
        self.tls_alpn01.load().get(&name.to_ascii_lowercase()).cloned()
    }
}

/// The certificates in force, and where they came from. Cheap to share (`Arc`).
#[derive(Debug)]
pub struct Certificates {
    files: Vec<CertificateFiles>,
    /// One per pair, in the order of `files`.
    loaded: ArcSwap<Vec<Arc<CertifiedKey>>>,
    /// Certificates issued over ACME, set whole by the ACME client.
    issued: ArcSwap<Vec<Arc<CertifiedKey>>>,
    challenges: Arc<Challenges>,
    /// Only the reload check touches these.
    stamps: Mutex<Vec<PairStamps>>,
}

/// What a reload check did with one pair whose files changed.
#[derive(Debug)]
pub enum Reload {
    /// The pair's new certificate serves from now on.
    Swapped(CertificateFiles),
    /// The new files are unusable; the pair's previous certificate keeps serving.
    Refused(TlsError),
}

fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// Reads and checks one pair: the chain, the key, and that they belong together.
pub fn load_pair(files: &CertificateFiles) -> Result<CertifiedKey, TlsError> {
    let (cert, key) = (&files.cert, &files.key);
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect)
        .map_err(|e| TlsError::Cert {
            path: cert.clone(),
            reason: e.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::Cert {
            path: cert.clone(),
            reason: "it holds no CERTIFICATE block".to_owned(),
        });
    }
    webpki::EndEntityCert::try_from(&chain[0]).map_err(|e| TlsError::Cert {
        path: cert.clone(),
        reason: format!("its first certificate does not parse: {e}"),
    })?;
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError::Key {
        path: key.clone(),
        reason: e.to_string(),
    })?;
    CertifiedKey::from_der(chain, private, &provider()).map_err(|e| TlsError::Mismatch {
        cert: cert.clone(),
        key: key.clone(),
        reason: e.to_string(),
    })
}

/// Whether `certified`'s end-entity certificate is valid for `name`.
fn covers(certified: &CertifiedKey, name: &ServerName<'_>) -> bool {
    certified.cert.first().is_some_and(|der| {
        webpki::EndEntityCert::try_from(der)
            .is_ok_and(|cert| cert.verify_is_valid_for_subject_name(name).is_ok())
    })
}

/// The certificate for a handshake that asked for `name` (see the module's doc).
fn pick<'c>(
    files: &'c [Arc<CertifiedKey>],
    issued: &'c [Arc<CertifiedKey>],
    name: Option<&str>,
) -> Option<&'c Arc<CertifiedKey>> {
    let first = files.first().or(issued.first());
    if files.len() + issued.len() < 2 {
        return first;
    }
    let Some(name) = name.and_then(|n| DnsName::try_from(n).ok()) else {
        return first;
    };
    let name = ServerName::DnsName(name);
    files
        .iter()
        .chain(issued)
        .find(|certified| covers(certified, &name))
        .or(first)
}

/// Whether one of the loaded certificates is valid for `name`.
fn any_covers(certificates: &[Arc<CertifiedKey>], name: &str) -> bool {
    let Ok(name) = DnsName::try_from(name) else {
        return false;
    };
    let name = ServerName::DnsName(name.to_owned());
    certificates.iter().any(|certified| covers(certified, &name))
}

impl Certificates {
    /// Reads every pair; the first unusable one is the error.
    pub fn load(files: Vec<CertificateFiles>) -> Result<Arc<Certificates>, TlsError> {
        if files.is_empty() {
            return Err(TlsError::None);
        }
        Self::with_challenges(files, Arc::default())
    }

    /// Like [`Certificates::load`], where ACME may add certificates later (so `files`
    /// may be empty), answering TLS-ALPN-01 handshakes from `challenges`.
    pub fn with_challenges(
        files: Vec<CertificateFiles>,
        challenges: Arc<Challenges>,
    ) -> Result<Arc<Certificates>, TlsError> {
        let stamps = files.iter().map(PairStamps::of).collect();
        let loaded = files
            .iter()
            .map(|pair| load_pair(pair).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(Certificates {
            files,
            loaded: ArcSwap::from_pointee(loaded),
            issued: ArcSwap::default(),
            challenges,
            stamps: Mutex::new(stamps),
        }))
    }

    /// The certificates issued over ACME that serve from now on (the whole set).
    pub fn set_issued(&self, issued: Vec<Arc<CertifiedKey>>) {
        self.issued.store(Arc::new(issued));
    }

    /// The file pairs and the certificate each serves now, in the order given.
    pub fn files(&self) -> Vec<(CertificateFiles, Arc<CertifiedKey>)> {
        self.files
            .iter()
            .cloned()
            .zip(self.loaded.load().iter().cloned())
            .collect()
    }

    /// Whether a file certificate is valid for `name` (wildcards included).
    pub fn files_cover(&self, name: &str) -> bool {
        any_covers(&self.loaded.load(), name)
    }

    /// Whether any certificate served now (from files or issued) is valid for `name`.
    pub fn covers(&self, name: &str) -> bool {
        self.files_cover(name) || any_covers(&self.issued.load(), name)
    }

    /// [`Certificates::server_config`], also answering TLS-ALPN-01 validation
    /// handshakes (ALPN `acme-tls/1`, offered last so no other client gets it): for
    /// the router's HTTPS listeners, where ACME validates.
    pub fn server_config_with_acme(self: &Arc<Self>) -> Arc<rustls::ServerConfig> {
        let mut config = Arc::unwrap_or_clone(self.server_config());
        config.alpn_protocols.push(ACME_TLS_ALPN.to_vec());
        Arc::new(config)
    }

    /// A rustls server configuration picking from these certificates, with ALPN
    /// `h2` and `http/1.1` (in that order of preference).
    pub fn server_config(self: &Arc<Self>) -> Arc<rustls::ServerConfig> {
        let mut provider = provider();
        // AES-128-GCM with SHA-256 first, whatever the client prefers: as strong for TLS's
        // purposes (Mozilla's "modern" order), and SHA-256 runs on the CPU's SHA extensions
        // where ring's SHA-384 has no such path, which shows in every handshake's key schedule.
        provider
            .cipher_suites
            .sort_by_key(|suite| suite.suite() != rustls::CipherSuite::TLS13_AES_128_GCM_SHA256);
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        config.ignore_client_order = true;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Arc::new(config)
    }

    /// Reloads the pairs whose files changed since the last check, swapping in the
    /// good ones at once; returns what happened to each changed pair.
    pub fn reload_changed(&self) -> Vec<Reload> {
        let mut stamps = self.stamps.lock().unwrap_or_else(PoisonError::into_inner);
        let mut outcomes = Vec::new();
        let mut next: Option<Vec<Arc<CertifiedKey>>> = None;
        for (index, files) in self.files.iter().enumerate() {
            let now = PairStamps::of(files);
            if now == stamps[index] {
                continue;
            }
            // Whatever the outcome, these files were looked at: a bad file is reported
            // once, and read again when it next changes.
            stamps[index] = now;
            match load_pair(files) {
                Ok(certified) => {
                    let set = next.get_or_insert_with(|| self.loaded.load().as_ref().clone());
                    set[index] = Arc::new(certified);
                    outcomes.push(Reload::Swapped(files.clone()));
                }
                Err(err) => outcomes.push(Reload::Refused(err)),
            }
        }
        if let Some(set) = next {
            self.loaded.store(Arc::new(set));
        }
        outcomes
    }

    /// Checks the files every `interval` until `stop` resolves, logging each reload.
    pub async fn watch(
        self: Arc<Self>,
        interval: Duration,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let mut stop = std::pin::pin!(stop);
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.as_mut() => return,
                _ = ticks.tick() => {}
            }
            // File reads block; they are small and rare, but keep them off the event loop.
            let this = self.clone();
            let outcomes = match tokio::task::spawn_blocking(move || this.reload_changed()).await {
                Ok(outcomes) => outcomes,
                Err(err) => {
                    tracing::warn!(%err, "checking the TLS certificate files failed");
                    continue;
                }
            };
            for outcome in outcomes {
                match outcome {
                    Reload::Swapped(files) => tracing::info!(
                        cert = %files.cert.display(),
                        key = %files.key.display(),
                        "TLS certificate reloaded; new handshakes get it"
                    ),
                    Reload::Refused(err) => tracing::error!(
                        error = %err,
                        "the changed TLS certificate files are not usable; the previous certificate keeps serving"
                    ),
                }
            }
        }
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let validating = hello
            .alpn()
            .is_some_and(|mut offered| offered.any(|p| p == ACME_TLS_ALPN));
        if validating {
            return hello
                .server_name()
                .and_then(|name| self.challenges.tls_alpn01(name));
        }
        let loaded = self.loaded.load();
        let issued = self.issued.load();
        pick(&loaded, &issued, hello.server_name()).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_garbage_files_are_named_with_what_is_wrong() {
        let dir = std::env::temp_dir().join(format!("runlane-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let garbage = dir.join("garbage.pem");
        std::fs::write(&garbage, "not a certificate\n").unwrap();
        let missing = CertificateFiles {
            cert: dir.join("nope.pem"),
            key: garbage.clone(),
        };
        let err = load_pair(&missing).unwrap_err().to_string();
        assert!(
            err.contains("cannot read the TLS certificate") && err.contains("nope.pem"),
            "{err}"
        );
        let empty = CertificateFiles {
            cert: garbage.clone(),
            key: garbage.clone(),
        };
        let err = load_pair(&empty).unwrap_err().to_string();
        assert!(err.contains("holds no CERTIFICATE block"), "{err}");
        assert!(matches!(
            Certificates::load(Vec::new()),
            Err(TlsError::None)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A certificate for `names`, marked with `label` as its common name.
    fn certified(label: &str, names: &[&str]) -> Arc<CertifiedKey> {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, label);
        let cert = params.self_signed(&key).unwrap();
        let private = PrivateKeyDer::from_pem_slice(key.serialize_pem().as_bytes()).unwrap();
        Arc::new(CertifiedKey::from_der(vec![cert.der().clone()], private, &provider()).unwrap())
    }

    fn label(certified: Option<&Arc<CertifiedKey>>) -> Option<String> {
        let der = certified?.cert.first()?.clone();
        // The common name is stored verbatim (UTF8String) in the DER.
        let text = String::from_utf8_lossy(der.as_ref()).into_owned();
        ["file-a", "file-b", "acme-a", "acme-c"].iter().find(|l| text.contains(*l)).map(|l| l.to_string())
    }

    #[test]
    fn files_win_for_names_they_cover_then_issued_ones_then_the_first_file() {
        let files = vec![certified("file-a", &["a.example.com"]), certified("file-b", &["*.b.example.com"])];
        let issued = vec![certified("acme-a", &["a.example.com"]), certified("acme-c", &["c.example.com"])];
        // (SNI name, certificate served)
        let cases = [
            (Some("a.example.com"), "file-a"),
            (Some("x.b.example.com"), "file-b"),
            (Some("c.example.com"), "acme-c"),
            (Some("unknown.example.com"), "file-a"),
            (None, "file-a"),
        ];
        for (name, expected) in cases {
            assert_eq!(label(pick(&files, &issued, name)).as_deref(), Some(expected), "{name:?}");
        }
        // With no files, an issued certificate covering the name, else the first one.
        assert_eq!(label(pick(&[], &issued, Some("c.example.com"))).as_deref(), Some("acme-c"));
        assert_eq!(label(pick(&[], &issued, Some("other.example.com"))).as_deref(), Some("acme-a"));
        assert!(pick(&[], &[], Some("a.example.com")).is_none());
    }

    #[test]
    fn certificates_report_which_names_they_cover() {
        let certificates = Certificates::with_challenges(Vec::new(), Arc::default()).unwrap();
        assert!(!certificates.covers("c.example.com"));
        certificates.set_issued(vec![certified("acme-c", &["c.example.com"])]);
        assert!(certificates.covers("c.example.com"));
        assert!(!certificates.files_cover("c.example.com"));
        assert!(!certificates.covers("d.example.com"));
    }

    #[test]
    fn http01_answers_only_tokens_in_progress() {
        let challenges = Challenges::default();
        challenges.set_http01("tok", "tok.thumb");
        assert_eq!(challenges.http01_answer("/.well-known/acme-challenge/tok").as_deref(), Some("tok.thumb"));
        assert_eq!(challenges.http01_answer("/.well-known/acme-challenge/other"), None);
        assert_eq!(challenges.http01_answer("/tok"), None);
        challenges.remove_http01("tok");
        assert_eq!(challenges.http01_answer("/.well-known/acme-challenge/tok"), None);

        let cert = certified("acme-a", &["a.example.com"]);
        challenges.set_tls_alpn01("A.example.com", cert);
        assert!(challenges.tls_alpn01("a.EXAMPLE.com").is_some());
        challenges.remove_tls_alpn01("a.example.com");
        assert!(challenges.tls_alpn01("a.example.com").is_none());
    }
}
