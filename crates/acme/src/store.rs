//! The ACME account and issued certificates on disk, under `DATA/acme`:
//!
//! - `account.json`: the account's credentials (its private key) and the directory URL
//!   they belong to; a different `--acme-directory` gets a new account.
//! - `certs/NAME/key.pem` and `certs/NAME/cert.pem`: each name's private key and
//!   certificate chain.
//! - `certs/NAME/failures.json`: the orders for NAME that failed in a row since its last
//!   issuance, when the last one failed and why. A restart keeps the backoff (a daemon
//!   restarted in a loop must not hammer the CA into its rate limits) and what
//!   `runlane certs list` says went wrong. Removed by the next issuance.
//!
//! Every file is written to a temporary file (mode 0600: they hold private keys), synced,
//! renamed over the old one and the directory synced, before the caller uses what it
//! holds: a certificate serves only once it would survive a crash. A crash between the
//! key's rename and the chain's leaves a pair that does not match; loading refuses it
//! (logged) and the name is ordered again.

use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use instant_acme::AccountCredentials;
use serde::{Deserialize, Serialize};

/// Where the ACME state lives.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct StoredAccount {
    directory: String,
    credentials: AccountCredentials,
}

/// A certificate chain and its key as stored, PEM.
#[derive(Clone, Debug)]
pub struct StoredCertificate {
    pub name: String,
    pub chain_pem: String,
    pub key_pem: String,
    /// When the chain was written (the last issuance).
    pub written: Option<std::time::SystemTime>,
}

/// The failed orders of one name since its last issuance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failures {
    pub count: u32,
    /// When the last one failed, milliseconds since the Unix epoch.
    pub last_unix_ms: u64,
    pub last_error: String,
}

impl Store {
    /// The store in `dir` (created 0700 if missing).
    pub fn open(dir: &Path) -> std::io::Result<Store> {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir.join("certs"))?;
        Ok(Store { dir: dir.to_owned() })
    }

    fn account_path(&self) -> PathBuf {
        self.dir.join("account.json")
    }

    /// The stored account's credentials, if they belong to `directory`.
    pub fn account(&self, directory: &str) -> std::io::Result<Option<AccountCredentials>> {
        let text = match std::fs::read_to_string(self.account_path()) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let stored: StoredAccount = serde_json::from_str(&text).map_err(|e| std::io::Error::other(format!("{} does not parse ({e})", self.account_path().display())))?;
        Ok((stored.directory == directory).then_some(stored.credentials))
    }

    pub fn save_account(&self, directory: &str, credentials: AccountCredentials) -> std::io::Result<()> {
        let stored = StoredAccount { directory: directory.to_owned(), credentials };
        let json = serde_json::to_vec_pretty(&stored).map_err(std::io::Error::other)?;
        write_private(&self.account_path(), &json)
    }

    /// Writes `name`'s key and chain, durably.
    pub fn save_certificate(&self, name: &str, chain_pem: &str, key_pem: &str) -> std::io::Result<()> {
        let dir = self.dir.join("certs").join(name);
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
        write_private(&dir.join("key.pem"), key_pem.as_bytes())?;
        write_private(&dir.join("cert.pem"), chain_pem.as_bytes())?;
        sync_dir(&self.dir.join("certs"))
    }

    fn failures_path(&self, name: &str) -> PathBuf {
        self.dir.join("certs").join(name).join("failures.json")
    }

    /// Records `name`'s failed orders, durably.
    pub fn save_failures(&self, name: &str, failures: &Failures) -> std::io::Result<()> {
        let dir = self.dir.join("certs").join(name);
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
        let json = serde_json::to_vec_pretty(failures).map_err(std::io::Error::other)?;
        write_private(&self.failures_path(name), &json)
    }

    /// Forgets `name`'s failed orders (it was issued).
    pub fn clear_failures(&self, name: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.failures_path(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => sync_dir(&self.dir.join("certs").join(name)),
        }
    }

    /// Every name's recorded failures; unreadable records are skipped with a warning.
    pub fn failures(&self) -> Vec<(String, Failures)> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("certs")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = self.failures_path(&name);
            match std::fs::read_to_string(&path) {
                Ok(text) => match serde_json::from_str(&text) {
                    Ok(failures) => out.push((name, failures)),
                    Err(e) => tracing::warn!(name, path = %path.display(), error = %e, "ACME: a failure record does not parse; ignored"),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(name, path = %path.display(), error = %e, "ACME: cannot read a failure record; ignored"),
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Every stored certificate; unreadable ones are skipped with a warning.
    pub fn certificates(&self) -> Vec<StoredCertificate> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("certs")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let dir = entry.path();
            if !dir.join("cert.pem").exists() && !dir.join("key.pem").exists() {
                // Never issued: only its failures are recorded.
                continue;
            }
            let chain = std::fs::read_to_string(dir.join("cert.pem"));
            let key = std::fs::read_to_string(dir.join("key.pem"));
            match (chain, key) {
                (Ok(chain_pem), Ok(key_pem)) => {
                    let written = std::fs::metadata(dir.join("cert.pem")).and_then(|m| m.modified()).ok();
                    out.push(StoredCertificate { name, chain_pem, key_pem, written });
                }
                (Err(e), _) | (_, Err(e)) => tracing::warn!(name, dir = %dir.display(), error = %e, "ACME: cannot read a stored certificate; it will be ordered again"),
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// Writes `bytes` to `path` as a new file only the owner may read, synced, then
/// renamed over `path`, and the directory synced.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent directory"))?;
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn certificates_are_stored_private_and_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("acme")).unwrap();
        store.save_certificate("a.example.com", "CHAIN", "KEY").unwrap();
        store.save_certificate("a.example.com", "CHAIN2", "KEY2").unwrap();
        store.save_certificate("b.example.com", "CHAIN3", "KEY3").unwrap();
        let certs = store.certificates();
        let got: Vec<(&str, &str, &str)> = certs.iter().map(|c| (c.name.as_str(), c.chain_pem.as_str(), c.key_pem.as_str())).collect();
        assert_eq!(got, [("a.example.com", "CHAIN2", "KEY2"), ("b.example.com", "CHAIN3", "KEY3")]);
        let key = tmp.path().join("acme/certs/a.example.com/key.pem");
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(tmp.path().join("acme")).unwrap().permissions().mode() & 0o777, 0o700);
        assert!(!tmp.path().join("acme/certs/a.example.com/key.tmp").exists());
    }

    #[test]
    fn failures_are_kept_until_cleared_and_a_name_never_issued_has_no_certificate() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let failed = Failures { count: 3, last_unix_ms: 1_700_000_000_000, last_error: "the CA refused".into() };
        store.save_failures("new.example.com", &failed).unwrap();
        store.save_certificate("old.example.com", "CHAIN", "KEY").unwrap();
        store.save_failures("old.example.com", &Failures { count: 1, ..failed.clone() }).unwrap();
        assert_eq!(store.failures(), [("new.example.com".to_owned(), failed.clone()), ("old.example.com".to_owned(), Failures { count: 1, ..failed })]);
        let names: Vec<String> = store.certificates().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["old.example.com"]);
        store.clear_failures("old.example.com").unwrap();
        store.clear_failures("old.example.com").unwrap();
        assert_eq!(store.failures().len(), 1);
        let mode = std::fs::metadata(tmp.path().join("certs/new.example.com/failures.json")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn no_account_is_stored_at_first() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        assert!(store.account("https://acme.example/dir").unwrap().is_none());
    }
}
