//! Durable control-plane state: services, revisions and rollouts in SQLite.
//!
//! Invariant: a change is durable before `commit` returns. The database runs in WAL
//! mode with `synchronous=FULL`, so a committed transaction survives a crash or a
//! power cut, and every mutation of one API request is one transaction.
//! Invariant: only this crate knows SQL; rows hold the model types as JSON documents
//! (an internal format, not the API's wire shape).
#![forbid(unsafe_code)]

use runlane_model::{Revision, Service};
use runlane_rollout::Rollout;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the state database {path} cannot be used: {source}; check that the data dir is writable and the disk is not full")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("the state database {path} holds a record that cannot be read ({what}): {source}")]
    Corrupt { path: PathBuf, what: String, source: serde_json::Error },
}

/// Everything the controller needs after a restart.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub services: Vec<Service>,
    pub revisions: Vec<Revision>,
    /// The latest rollout of each service (finished ones included, for their history).
    pub rollouts: Vec<Rollout>,
    /// The highest resourceVersion ever handed out.
    pub resource_version: u64,
    pub domain_mappings: Vec<runlane_model::domain::DomainMapping>,
}

/// One atomic change: applied in a single transaction, all or nothing.
#[derive(Debug, Default)]
pub struct Batch {
    pub put_services: Vec<Service>,
    pub put_revisions: Vec<Revision>,
    /// (namespace, name)
    pub delete_services: Vec<(String, String)>,
    pub delete_revisions: Vec<(String, String)>,
    /// A service's rollout, keyed by (namespace, service): replaces the previous one.
    pub put_rollouts: Vec<Rollout>,
    pub resource_version: Option<u64>,
    pub put_domain_mappings: Vec<runlane_model::domain::DomainMapping>,
    /// Domains whose mappings go.
    pub delete_domain_mappings: Vec<String>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.put_services.is_empty()
            && self.put_revisions.is_empty()
            && self.delete_services.is_empty()
            && self.delete_revisions.is_empty()
            && self.put_rollouts.is_empty()
            && self.resource_version.is_none()
            && self.put_domain_mappings.is_empty()
            && self.delete_domain_mappings.is_empty()
    }
}

pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    reserve: Reserve,
}

/// Space held back for the control plane (`DATA_DIR/state.db.reserve`): a file of
/// [`RESERVE_BYTES`] written when the store opens, deleted when a commit fails because
/// the disk is full, and the commit tried again in the space it gave back. So a traffic
/// change (a rollback) commits even when request logs or an app filled the disk. A file,
/// not SQLite's own preallocation: in WAL mode a commit writes the `-wal` file, which
/// `SQLITE_FCNTL_CHUNK_SIZE` does not grow ahead, and the space must be reclaimable by
/// this store alone (as ext4 keeps blocks back for root).
#[derive(Debug)]
struct Reserve {
    path: PathBuf,
    /// Whether the file is gone (used up, or could not be written): storage is degraded.
    released: AtomicBool,
}

/// How much the reserve holds: a commit of a service and a revision writes tens of KiB
/// to the WAL; this is room for dozens of them.
pub const RESERVE_BYTES: u64 = 2 << 20;

impl Reserve {
    fn open(db: &Path) -> Reserve {
        let mut path = db.as_os_str().to_owned();
        path.push(".reserve");
        let reserve = Reserve { path: PathBuf::from(path), released: AtomicBool::new(true) };
        reserve.restore();
        reserve
    }

    /// Writes the file if it is missing (whole or not at all), when the disk has room
    /// for it and as much again, so that taking it back never fills the disk itself.
    fn restore(&self) {
        let whole = std::fs::metadata(&self.path).is_ok_and(|m| m.len() == RESERVE_BYTES);
        let room = || {
            let dir = self.path.parent().unwrap_or(Path::new("."));
            nix::sys::statvfs::statvfs(dir).is_ok_and(|s| {
                s.blocks_available().saturating_mul(s.fragment_size()) > 4 * RESERVE_BYTES
            })
        };
        let ok = whole || room() && {
            let written = std::fs::write(&self.path, vec![0u8; RESERVE_BYTES as usize])
                .and_then(|()| std::fs::File::open(&self.path)?.sync_all());
            if written.is_err() {
                let _ = std::fs::remove_file(&self.path);
            }
            written.is_ok()
        };
        self.released.store(!ok, Ordering::Relaxed);
    }

    /// Gives the space back; false when there was none left to give.
    fn release(&self) -> bool {
        let removed = std::fs::remove_file(&self.path).is_ok();
        self.released.store(true, Ordering::Relaxed);
        removed
    }
}

fn disk_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS services (
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    doc       TEXT NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE TABLE IF NOT EXISTS revisions (
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    service   TEXT NOT NULL,
    doc       TEXT NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE INDEX IF NOT EXISTS revisions_by_service ON revisions (namespace, service);
CREATE TABLE IF NOT EXISTS rollouts (
    namespace TEXT NOT NULL,
    service   TEXT NOT NULL,
    doc       TEXT NOT NULL,
    PRIMARY KEY (namespace, service)
);
CREATE TABLE IF NOT EXISTS domain_mappings (
    domain    TEXT PRIMARY KEY,
    namespace TEXT NOT NULL,
    doc       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
";

/// This connection's share of the SQLite page cache, in KiB. Every connection in
/// the process draws from one pool as large as the sum of the shares (see "SQLite
/// page cache" in ARCHITECTURE.md); the catalogue is small and read whole at start.
const PAGE_CACHE_KIB: i64 = 128;

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError::Sqlite { path: path.to_owned(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Store { path: path.to_owned(), conn: Mutex::new(conn), reserve: Reserve::open(path) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Result<Snapshot, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let err = |source| StoreError::Sqlite { path: self.path.clone(), source };
        let mut snapshot = Snapshot::default();
        let mut stmt = conn.prepare("SELECT namespace, name, doc FROM services ORDER BY namespace, name").map_err(err)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(err)?;
        for row in rows {
            let (ns, name, doc) = row.map_err(err)?;
            snapshot.services.push(self.decode(&doc, || format!("service {ns}/{name}"))?);
        }
        let mut stmt = conn.prepare("SELECT namespace, name, doc FROM revisions ORDER BY namespace, name").map_err(err)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(err)?;
        for row in rows {
            let (ns, name, doc) = row.map_err(err)?;
            snapshot.revisions.push(self.decode(&doc, || format!("revision {ns}/{name}"))?);
        }
        let mut stmt = conn.prepare("SELECT namespace, service, doc FROM rollouts ORDER BY namespace, service").map_err(err)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(err)?;
        for row in rows {
            let (ns, service, doc) = row.map_err(err)?;
            snapshot.rollouts.push(self.decode(&doc, || format!("rollout of {ns}/{service}"))?);
        }
        let mut stmt = conn.prepare("SELECT domain, doc FROM domain_mappings ORDER BY domain").map_err(err)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(err)?;
        for row in rows {
            let (domain, doc) = row.map_err(err)?;
            snapshot.domain_mappings.push(self.decode(&doc, || format!("domain mapping {domain}"))?);
        }
        snapshot.resource_version = conn
            .query_row("SELECT value FROM counters WHERE name = 'resource_version'", [], |r| r.get::<_, i64>(0))
            .optional()
            .map_err(err)?
            .unwrap_or(0) as u64;
        Ok(snapshot)
    }

    /// Applies the batch in one transaction; durable when this returns Ok.
    pub fn commit(&self, batch: &Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let result = match Self::commit_once(&mut conn, batch) {
            Err(e) if disk_full(&e) && self.reserve.release() => {
                tracing::warn!(reserve = %self.reserve.path.display(), "the disk is full: the control plane's reserve was released so that this change commits; free space, then runlane takes the reserve back");
                Self::commit_once(&mut conn, batch)
            }
            other => other,
        };
        if result.is_ok() && self.reserve.released.load(Ordering::Relaxed) {
            self.reserve.restore();
        }
        result.map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }

    /// Whether the space held back for control-plane changes has been used (the disk
    /// filled up): storage is degraded until it could be written again.
    pub fn reserve_released(&self) -> bool {
        self.reserve.released.load(Ordering::Relaxed)
    }

    fn commit_once(conn: &mut Connection, batch: &Batch) -> Result<(), rusqlite::Error> {
        let err = |source| source;
        let tx = conn.transaction().map_err(err)?;
        for s in &batch.put_services {
            let doc = serde_json::to_string(s).expect("model types always serialize");
            tx.execute(
                "INSERT INTO services (namespace, name, doc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (namespace, name) DO UPDATE SET doc = excluded.doc",
                params![s.meta.namespace, s.meta.name, doc],
            )
            .map_err(err)?;
        }
        for r in &batch.put_revisions {
            let doc = serde_json::to_string(r).expect("model types always serialize");
            tx.execute(
                "INSERT INTO revisions (namespace, name, service, doc) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (namespace, name) DO UPDATE SET doc = excluded.doc, service = excluded.service",
                params![r.meta.namespace, r.meta.name, r.service, doc],
            )
            .map_err(err)?;
        }
        for r in &batch.put_rollouts {
            let doc = serde_json::to_string(r).expect("rollouts always serialize");
            tx.execute(
                "INSERT INTO rollouts (namespace, service, doc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (namespace, service) DO UPDATE SET doc = excluded.doc",
                params![r.namespace, r.service, doc],
            )
            .map_err(err)?;
        }
        for (ns, name) in &batch.delete_services {
            tx.execute("DELETE FROM services WHERE namespace = ?1 AND name = ?2", params![ns, name]).map_err(err)?;
            tx.execute("DELETE FROM rollouts WHERE namespace = ?1 AND service = ?2", params![ns, name]).map_err(err)?;
        }
        for (ns, name) in &batch.delete_revisions {
            tx.execute("DELETE FROM revisions WHERE namespace = ?1 AND name = ?2", params![ns, name]).map_err(err)?;
        }
        for m in &batch.put_domain_mappings {
            let doc = serde_json::to_string(m).expect("model types always serialize");
            tx.execute(
                "INSERT INTO domain_mappings (domain, namespace, doc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (domain) DO UPDATE SET doc = excluded.doc, namespace = excluded.namespace",
                params![m.domain, m.namespace, doc],
            )
            .map_err(err)?;
        }
        for domain in &batch.delete_domain_mappings {
            tx.execute("DELETE FROM domain_mappings WHERE domain = ?1", params![domain]).map_err(err)?;
        }
        if let Some(rv) = batch.resource_version {
            tx.execute(
                "INSERT INTO counters (name, value) VALUES ('resource_version', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![rv as i64],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Cheap consistency check used by tests and at start-up: SQLite's own integrity
    /// check plus "every revision belongs to a stored service".
    pub fn check_consistency(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let err = |source| StoreError::Sqlite { path: self.path.clone(), source };
        let mut problems = Vec::new();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(err)?;
        if integrity != "ok" {
            problems.push(format!("sqlite integrity check: {integrity}"));
        }
        let mut stmt = conn
            .prepare("SELECT r.namespace, r.name FROM revisions r LEFT JOIN services s ON s.namespace = r.namespace AND s.name = r.service WHERE s.name IS NULL")
            .map_err(err)?;
        let orphans = stmt.query_map([], |r| Ok(format!("revision {}/{} has no service", r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(err)?;
        for o in orphans {
            problems.push(o.map_err(err)?);
        }
        Ok(problems)
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, doc: &str, what: impl Fn() -> String) -> Result<T, StoreError> {
        serde_json::from_str(doc).map_err(|source| StoreError::Corrupt { path: self.path.clone(), what: what(), source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlane_model::*;

    fn service(name: &str) -> Service {
        Service {
            meta: ObjectMeta {
                namespace: "default".into(),
                name: name.into(),
                uid: "u".into(),
                labels: Labels::new(),
                annotations: Labels::new(),
                generation: 1,
                resource_version: 1,
                created: 0,
            },
            spec: ServiceSpec { template: RevisionTemplate::default(), traffic: vec![] },
            revision_counter: 1,
            latest_created: Some(format!("{name}-00001-abc")),
            updated: 0,
            iam_policy: Default::default(),
        }
    }

    fn revision(service: &str) -> Revision {
        let s = self::service(service);
        Revision {
            meta: ObjectMeta { name: format!("{service}-00001-abc"), ..s.meta },
            service: service.into(),
            configuration_generation: 1,
            image_digest: None,
            template: RevisionTemplate::default(),
            health: RevisionHealth::Pending,
        }
    }

    #[test]
    fn committed_batches_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .commit(&Batch { put_services: vec![service("a"), service("b")], put_revisions: vec![revision("a")], resource_version: Some(9), ..Default::default() })
                .unwrap();
            store.commit(&Batch { delete_services: vec![("default".into(), "b".into())], ..Default::default() }).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let snap = store.load().unwrap();
        assert_eq!(snap.services, vec![service("a")]);
        assert_eq!(snap.revisions, vec![revision("a")]);
        assert_eq!(snap.resource_version, 9);
        assert!(store.check_consistency().unwrap().is_empty());
    }

    #[test]
    fn rollouts_are_replaced_per_service_and_deleted_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let plan = runlane_rollout::plan_from_settings([("steps", "10,50")]).unwrap();
        let first = Rollout::new("default", "a", "a-1", "a-2", plan.clone(), 1000, "");
        let mut second = Rollout::new("default", "a", "a-2", "a-3", plan.clone(), 2000, "");
        second.weight_set(10, 2500);
        {
            let store = Store::open(&path).unwrap();
            store.commit(&Batch { put_services: vec![service("a"), service("b")], put_rollouts: vec![first], ..Default::default() }).unwrap();
            store.commit(&Batch { put_rollouts: vec![second.clone(), Rollout::new("default", "b", "b-1", "b-2", plan, 0, "")], ..Default::default() }).unwrap();
            store.commit(&Batch { delete_services: vec![("default".into(), "b".into())], ..Default::default() }).unwrap();
        }
        let snap = Store::open(&path).unwrap().load().unwrap();
        assert_eq!(snap.rollouts, vec![second], "one rollout per service, the latest; b's went with b");
    }

    #[test]
    fn orphan_revisions_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("state.db")).unwrap();
        store.commit(&Batch { put_revisions: vec![revision("ghost")], ..Default::default() }).unwrap();
        assert_eq!(store.check_consistency().unwrap(), vec!["revision default/ghost-00001-abc has no service"]);
    }

    #[test]
    fn the_connection_keeps_its_share_of_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("state.db")).unwrap();
        let cache: i64 = store.conn.lock().unwrap().pragma_query_value(None, "cache_size", |r| r.get(0)).unwrap();
        assert_eq!(cache, -PAGE_CACHE_KIB);
    }

    #[test]
    fn unwritable_location_gives_a_clear_error() {
        let err = Store::open(Path::new("/proc/runlane-cannot-write-here/state.db")).err().unwrap();
        assert!(err.to_string().contains("check that the data dir is writable"), "{err}");
    }
}
