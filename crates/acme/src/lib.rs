//! Certificates over ACME (RFC 8555) for the router's HTTPS listeners: `runlane up
//! --acme-directory URL --acme-domain NAME`.
//!
//! [`Acme`] keeps one certificate per name. At start it loads the certificates stored in
//! the data dir (`store`) and serves them; then its task orders what is missing or due
//! (`schedule`, pure: at two thirds of a certificate's lifetime or `renew_before` ahead of
//! its expiry, whichever first; after a failure, an exponential backoff), one order at a
//! time (`order`). The router answers the CA's validation: HTTP-01 on the plain listeners,
//! TLS-ALPN-01 on the HTTPS ones (both through [`Challenges`]). A new certificate is
//! written durably, then swapped into the router's certificate set
//! ([`Certificates::set_issued`]); until then the previous one keeps serving, and a
//! failed renewal leaves it serving. Every step is logged, and [`catalog`] reports each
//! certificate for `runlane certs list`.
//!
//! Invariants: a certificate serves only after it is stored; private keys are written
//! 0600 in a 0700 directory; a challenge answer lives only while its order does.
#![forbid(unsafe_code)]

mod certificate;
mod order;
pub mod schedule;
mod store;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use runlane_router::tls::{Certificates, Challenges};
use rustls::sign::CertifiedKey;

pub use certificate::{facts, Facts};
pub use order::OrderFailed;
pub use schedule::Policy;

/// How the CA checks that runlane answers for a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeKind {
    /// A token at `http://NAME/.well-known/acme-challenge/TOKEN` (port 80).
    Http01,
    /// A handshake with ALPN `acme-tls/1` on `NAME:443`.
    TlsAlpn01,
}

impl std::fmt::Display for ChallengeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChallengeKind::Http01 => "http-01",
            ChallengeKind::TlsAlpn01 => "tls-alpn-01",
        })
    }
}

/// Everything [`Acme::start`] needs.
#[derive(Clone, Debug)]
pub struct AcmeConfig {
    /// The CA's directory URL.
    pub directory: String,
    /// Contact address for the account (expiry notices).
    pub email: Option<String>,
    /// A PEM root to trust for the directory's HTTPS (a test CA such as pebble's),
    /// instead of the system's roots.
    pub ca_root: Option<PathBuf>,
    pub challenge: ChallengeKind,
    pub policy: Policy,
    /// Where the account and certificates are stored (`DATA/acme`).
    pub dir: PathBuf,
}

/// Why ACME cannot start or a request to it is refused.
#[derive(Debug, thiserror::Error)]
pub enum AcmeError {
    #[error("cannot use the ACME directory {dir} ({source}); check the data dir is writable")]
    Store { dir: PathBuf, source: std::io::Error },
    #[error("{0:?} is not a domain name runlane can get a certificate for: {1}")]
    BadName(String, &'static str),
    #[error("no certificate is managed over ACME for {0}; `runlane certs list` shows the names (add one with --acme-domain)")]
    NotManaged(String),
}

/// Checks a name given for a certificate: a DNS name of letters, digits and hyphens
/// (no wildcard: HTTP-01 and TLS-ALPN-01 cannot validate one). Returns it lowercased.
pub fn check_name(name: &str) -> Result<String, AcmeError> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let bad = |why| Err(AcmeError::BadName(name.to_owned(), why));
    if lower.starts_with("*.") {
        return bad("wildcards need DNS-01, which runlane does not do; list each name");
    }
    if lower.is_empty() || lower.len() > 253 || !lower.contains('.') {
        return bad("give a fully qualified name such as jokes.example.com");
    }
    for label in lower.split('.') {
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return bad("each dot-separated label is 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return bad("only letters, digits, hyphens and dots are allowed");
        }
    }
    if lower.parse::<std::net::IpAddr>().is_ok() {
        return bad("IP addresses are not certified over ACME here; use a name");
    }
    Ok(lower)
}

/// One name's certificate and its renewal state.
#[derive(Debug, Default)]
struct Managed {
    serving: Option<(Arc<CertifiedKey>, Facts)>,
    known: schedule::Known,
    last_renewal: Option<SystemTime>,
    last_error: Option<String>,
    ordering: bool,
}

struct Inner {
    config: AcmeConfig,
    store: store::Store,
    certificates: Arc<Certificates>,
    challenges: Arc<Challenges>,
    names: Mutex<BTreeMap<String, Managed>>,
    wake: tokio::sync::Notify,
    account: tokio::sync::Mutex<Option<instant_acme::Account>>,
}

/// The ACME client and the certificates it keeps. Cheap to clone.
#[derive(Clone)]
pub struct Acme {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Acme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Acme").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl Acme {
    /// Loads the stored certificates into `certificates` and manages `names`; call
    /// [`Acme::run`] to order and renew.
    pub fn start(config: AcmeConfig, names: Vec<String>, certificates: Arc<Certificates>, challenges: Arc<Challenges>) -> Result<Acme, AcmeError> {
        // instant-acme's HTTPS client takes the process's default provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let store = store::Store::open(&config.dir).map_err(|source| AcmeError::Store { dir: config.dir.clone(), source })?;
        let mut managed: BTreeMap<String, Managed> = BTreeMap::new();
        for name in names {
            managed.entry(check_name(&name)?).or_default();
        }
        for stored in store.certificates() {
            match certificate::certified(&stored.chain_pem, &stored.key_pem) {
                Ok((certified, facts)) => {
                    tracing::info!(name = stored.name, issuer = facts.issuer, expires = %rfc3339(facts.not_after), "ACME: loaded a stored certificate");
                    let entry = managed.entry(stored.name.clone()).or_default();
                    entry.known.validity = Some((facts.not_before, facts.not_after));
                    entry.last_renewal = stored.written;
                    entry.serving = Some((certified, facts));
                }
                Err(e) => tracing::warn!(name = stored.name, error = e, "ACME: a stored certificate is not usable; it will be ordered again"),
            }
        }
        for (name, failures) in store.failures() {
            // Only for names still managed: an unmapped domain's record stays on disk, unused.
            if let Some(entry) = managed.get_mut(&name) {
                let last = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(failures.last_unix_ms);
                tracing::info!(name, failures = failures.count, last_error = failures.last_error, "ACME: earlier orders failed; the backoff goes on from the last one");
                entry.known.failures = failures.count;
                entry.known.last_failure = Some(last);
                entry.last_error = Some(failures.last_error);
            }
        }
        let acme = Acme {
            inner: Arc::new(Inner {
                config,
                store,
                certificates,
                challenges,
                names: Mutex::new(managed),
                wake: tokio::sync::Notify::new(),
                account: tokio::sync::Mutex::new(None),
            }),
        };
        acme.publish();
        Ok(acme)
    }

    fn names(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Managed>> {
        self.inner.names.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Swaps the serving certificates into the router's set.
    fn publish(&self) {
        let serving = self.names().values().filter_map(|m| m.serving.as_ref().map(|(c, _)| c.clone())).collect();
        self.inner.certificates.set_issued(serving);
    }

    /// Manages `name` from now on (ordered at once if it has no certificate).
    pub fn add_name(&self, name: &str) -> Result<(), AcmeError> {
        let name = check_name(name)?;
        self.names().entry(name).or_default();
        self.inner.wake.notify_one();
        Ok(())
    }

    /// Orders a new certificate for `name` now, whatever its schedule says; the current
    /// one serves until the new one is ready.
    pub fn renew(&self, name: &str) -> Result<(), AcmeError> {
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        let mut names = self.names();
        let managed = names.get_mut(&key).ok_or_else(|| AcmeError::NotManaged(name.to_owned()))?;
        managed.known.forced = true;
        drop(names);
        tracing::info!(name = key, "ACME: renewal requested");
        self.inner.wake.notify_one();
        Ok(())
    }

    /// Orders and renews until `stop` resolves.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        let mut stop = std::pin::pin!(stop);
        loop {
            let now = SystemTime::now();
            let policy = self.inner.config.policy;
            let due: Vec<String> = self.names().iter().filter(|(_, m)| policy.due(&m.known, now)).map(|(n, _)| n.clone()).collect();
            for name in due {
                tokio::select! {
                    () = stop.as_mut() => return,
                    () = self.attempt(&name) => {}
                }
            }
            let next = self.names().values().map(|m| policy.next_attempt(&m.known)).min();
            // Checked at least hourly: the wall clock may jump.
            let wait = next
                .map_or(Duration::from_secs(3600), |at| at.duration_since(SystemTime::now()).unwrap_or_default())
                .min(Duration::from_secs(3600));
            tokio::select! {
                () = stop.as_mut() => return,
                () = tokio::time::sleep(wait) => {}
                () = self.inner.wake.notified() => {}
            }
        }
    }

    async fn account(&self) -> Result<instant_acme::Account, OrderFailed> {
        let mut account = self.inner.account.lock().await;
        if let Some(account) = account.as_ref() {
            return Ok(account.clone());
        }
        let config = &self.inner.config;
        let created = order::account(&self.inner.store, &config.directory, config.email.as_deref(), config.ca_root.as_deref()).await?;
        *account = Some(created.clone());
        Ok(created)
    }

    /// One order for `name`; its outcome is recorded and logged.
    async fn attempt(&self, name: &str) {
        let renewing = {
            let mut names = self.names();
            let Some(managed) = names.get_mut(name) else { return };
            managed.known.forced = false;
            managed.ordering = true;
            managed.serving.is_some()
        };
        let config = &self.inner.config;
        tracing::info!(name, renewing, challenge = %config.challenge, directory = config.directory, "ACME: ordering a certificate");
        let outcome = async {
            let account = self.account().await?;
            let (chain_pem, key_pem) = order::order(&account, name, config.challenge, &self.inner.challenges).await?;
            let (certified, facts) = certificate::certified(&chain_pem, &key_pem).map_err(|detail| OrderFailed { step: "reading the issued certificate", detail })?;
            self.inner
                .store
                .save_certificate(name, &chain_pem, &key_pem)
                .map_err(|e| OrderFailed { step: "storing the certificate", detail: format!("{e}; check the data dir is writable") })?;
            Ok::<_, OrderFailed>((certified, facts))
        }
        .await;
        let now = SystemTime::now();
        let mut names = self.names();
        let Some(managed) = names.get_mut(name) else { return };
        managed.ordering = false;
        match outcome {
            Ok((certified, facts)) => {
                tracing::info!(name, issuer = facts.issuer, expires = %rfc3339(facts.not_after), "ACME: certificate issued and stored; new handshakes get it");
                managed.known.validity = Some((facts.not_before, facts.not_after));
                managed.known.failures = 0;
                managed.known.last_failure = None;
                managed.last_renewal = Some(now);
                managed.last_error = None;
                managed.serving = Some((certified, facts));
                drop(names);
                self.publish();
                if let Err(e) = self.inner.store.clear_failures(name) {
                    tracing::warn!(name, error = %e, "ACME: could not remove the record of earlier failures; a restart would back off as if they were recent");
                }
            }
            Err(e) => {
                managed.known.failures = managed.known.failures.saturating_add(1);
                managed.known.last_failure = Some(now);
                managed.last_error = Some(e.to_string());
                let next = config.policy.next_attempt(&managed.known);
                let keeps = if managed.serving.is_some() { "; the current certificate keeps serving" } else { "" };
                tracing::error!(name, error = %e, failures = managed.known.failures, next_attempt = %rfc3339(next), "ACME: the order failed{keeps}");
                let record = store::Failures {
                    count: managed.known.failures,
                    last_unix_ms: now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                    last_error: e.to_string(),
                };
                drop(names);
                if let Err(e) = self.inner.store.save_failures(name, &record) {
                    tracing::warn!(name, error = %e, "ACME: could not record the failure; a restart would retry at once");
                }
            }
        }
    }

    /// What `runlane certs list` shows of the names managed here.
    fn statuses(&self) -> Vec<CertificateStatus> {
        let policy = self.inner.config.policy;
        self.names()
            .iter()
            .map(|(name, m)| {
                let facts = m.serving.as_ref().map(|(_, f)| f.clone());
                CertificateStatus {
                    name: name.clone(),
                    names: facts.as_ref().map_or_else(|| vec![name.clone()], |f| f.names.clone()),
                    issuer: facts.as_ref().map(|f| f.issuer.clone()),
                    source: Source::Acme { directory: self.inner.config.directory.clone(), challenge: self.inner.config.challenge },
                    not_before: facts.as_ref().map(|f| f.not_before),
                    not_after: facts.as_ref().map(|f| f.not_after),
                    last_renewal: m.last_renewal,
                    last_error: m.last_error.clone(),
                    failed_orders: m.known.failures,
                    next_attempt: Some(policy.next_attempt(&m.known)),
                    state: match (m.ordering, m.serving.is_some()) {
                        (true, _) => State::Ordering,
                        (false, true) => State::Serving,
                        (false, false) if m.last_error.is_some() => State::Failed,
                        (false, false) => State::Pending,
                    },
                }
            })
            .collect()
    }
}

/// Where a certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--tls-cert`/`--tls-key` files.
    File { cert: PathBuf, key: PathBuf },
    /// Ordered over ACME.
    Acme { directory: String, challenge: ChallengeKind },
}

/// Where a certificate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Serving.
    Serving,
    /// An order is under way.
    Ordering,
    /// Not ordered yet.
    Pending,
    /// The last order failed and nothing serves for the name yet.
    Failed,
}

/// One certificate as `runlane certs list` shows it.
#[derive(Clone, Debug)]
pub struct CertificateStatus {
    /// The name it is kept under (the first file name for files, the domain for ACME).
    pub name: String,
    /// The names it is valid for.
    pub names: Vec<String>,
    pub issuer: Option<String>,
    pub source: Source,
    pub not_before: Option<SystemTime>,
    pub not_after: Option<SystemTime>,
    pub last_renewal: Option<SystemTime>,
    pub last_error: Option<String>,
    /// Orders that failed in a row since the last issuance (kept across restarts).
    pub failed_orders: u32,
    pub next_attempt: Option<SystemTime>,
    pub state: State,
}

/// Every certificate: the file pairs first (in the order given), then ACME's by name.
pub fn catalog(files: Option<&Certificates>, acme: Option<&Acme>) -> Vec<CertificateStatus> {
    let mut out = Vec::new();
    for (pair, certified) in files.map(Certificates::files).unwrap_or_default() {
        let facts = certified.cert.first().and_then(|der| facts(der).ok());
        out.push(CertificateStatus {
            name: facts.as_ref().and_then(|f| f.names.first().cloned()).unwrap_or_else(|| pair.cert.display().to_string()),
            names: facts.as_ref().map(|f| f.names.clone()).unwrap_or_default(),
            issuer: facts.as_ref().map(|f| f.issuer.clone()),
            not_before: facts.as_ref().map(|f| f.not_before),
            not_after: facts.as_ref().map(|f| f.not_after),
            source: Source::File { cert: pair.cert, key: pair.key },
            last_renewal: None,
            last_error: None,
            failed_orders: 0,
            next_attempt: None,
            state: State::Serving,
        });
    }
    if let Some(acme) = acme {
        out.extend(acme.statuses());
    }
    out
}

/// `2026-12-07T17:40:00Z`, for logs and the API.
pub fn rfc3339(at: SystemTime) -> String {
    let secs = at.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_lowercased() {
        assert_eq!(check_name("Jokes.Example.COM.").unwrap(), "jokes.example.com");
        assert_eq!(check_name("acme-http.localhost").unwrap(), "acme-http.localhost");
        for (bad, why) in [
            ("*.example.com", "wildcards"),
            ("localhost", "fully qualified"),
            ("-a.example.com", "hyphen"),
            ("a..example.com", "label"),
            ("a_b.example.com", "only letters"),
            ("a/b.example.com", "only letters"),
            ("", "fully qualified"),
        ] {
            let err = check_name(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_665_200)), "2026-12-07T17:40:00Z");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
    }
}
