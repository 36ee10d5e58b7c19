//! The alerting store: its own SQLite file (`DATA_DIR/alerting.db`) in WAL mode with
//! `synchronous=FULL`, so a resource or incident change is on disk before the caller
//! is answered, and an alert evaluation never waits on a control-plane commit.
//!
//! Resources are kept as JSON documents of the `model` types (the persistence format,
//! not the wire format); incidents are numbered by SQLite; the outbox holds every
//! notification until it is delivered.

use crate::model::{Channel, Incident, MonitoredService, Policy, Slo};
use crate::uptime::UptimeCheck;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the alerting database {path} failed: {source}; check that the data dir is writable and not full")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the alerting database {path} holds a record runlane cannot read ({what}): {source}")]
    Corrupt {
        path: PathBuf,
        what: String,
        #[source]
        source: serde_json::Error,
    },
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS resources (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
);
";

/// A notification waiting to be delivered (or delivered, when `done`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outgoing {
    #[serde(default)]
    pub id: i64,
    pub incident: u64,
    pub channel: String,
    /// `opened`, `resolved` or `closed`.
    pub kind: String,
    pub attempts: u32,
    pub next_attempt_ms: i64,
    pub last_error: Option<String>,
    /// The same key on every attempt (Idempotency-Key header, Message-ID).
    pub idempotency_key: String,
}

pub struct Store {
    path: PathBuf,
    conn: Connection,
}

#[derive(Default)]
pub struct Loaded {
    pub services: Vec<MonitoredService>,
    pub slos: Vec<Slo>,
    pub policies: Vec<Policy>,
    pub channels: Vec<Channel>,
    pub uptime_checks: Vec<UptimeCheck>,
    pub incidents: Vec<Incident>,
    pub outbox: Vec<Outgoing>,
}

/// What a resource is stored as.
pub enum Resource<'a> {
    Service(&'a MonitoredService),
    Slo(&'a Slo),
    Policy(&'a Policy),
    Channel(&'a Channel),
    Uptime(&'a UptimeCheck),
}

impl Resource<'_> {
    fn key(&self) -> (&'static str, String) {
        match self {
            Resource::Service(s) => ("service", s.name()),
            Resource::Slo(s) => ("slo", s.name()),
            Resource::Policy(p) => ("policy", p.name()),
            Resource::Channel(c) => ("channel", c.name()),
            Resource::Uptime(u) => ("uptime", u.name()),
        }
    }

    fn doc(&self) -> String {
        match self {
            Resource::Service(s) => to_json(s),
            Resource::Slo(s) => to_json(s),
            Resource::Policy(p) => to_json(p),
            Resource::Channel(c) => to_json(c),
            Resource::Uptime(u) => to_json(u),
        }
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("model types serialize")
}

/// This connection's share of the SQLite page cache, in KiB. Every connection in
/// the process draws from one pool as large as the sum of the shares (see "SQLite
/// page cache" in ARCHITECTURE.md); policies, incidents and the outbox are small.
const PAGE_CACHE_KIB: i64 = 128;

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Store {
            path: path.to_owned(),
            conn,
        })
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn parse<T: DeserializeOwned>(&self, what: &str, doc: &str) -> Result<T, StoreError> {
        serde_json::from_str(doc).map_err(|source| StoreError::Corrupt {
            path: self.path.clone(),
            what: what.to_owned(),
            source,
        })
    }

    /// Everything, at start.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let mut out = Loaded::default();
        let mut stmt = self
            .conn
            .prepare("SELECT kind, name, doc FROM resources ORDER BY kind, name")
            .map_err(|e| self.err(e))?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        for (kind, name, doc) in rows {
            match kind.as_str() {
                "service" => out.services.push(self.parse(&name, &doc)?),
                "slo" => out.slos.push(self.parse(&name, &doc)?),
                "policy" => out.policies.push(self.parse(&name, &doc)?),
                "channel" => out.channels.push(self.parse(&name, &doc)?),
                "uptime" => out.uptime_checks.push(self.parse(&name, &doc)?),
                _ => tracing::warn!(
                    kind,
                    name,
                    "unknown resource kind in the alerting store; ignored"
                ),
            }
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc FROM incidents ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        for (id, doc) in rows {
            out.incidents
                .push(self.parse(&format!("incident {id}"), &doc)?);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc FROM outbox WHERE done = 0 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        for (id, doc) in rows {
            let mut o: Outgoing = self.parse(&format!("notification {id}"), &doc)?;
            o.id = id;
            out.outbox.push(o);
        }
        Ok(out)
    }

    pub fn put(&self, r: Resource<'_>) -> Result<(), StoreError> {
        let (kind, name) = r.key();
        self.conn
            .execute(
                "INSERT INTO resources (kind, name, doc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind, name) DO UPDATE SET doc = excluded.doc",
                params![kind, name, r.doc()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn delete(&self, r: Resource<'_>) -> Result<(), StoreError> {
        let (kind, name) = r.key();
        self.conn
            .execute(
                "DELETE FROM resources WHERE kind = ?1 AND name = ?2",
                params![kind, name],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The id the next incident will get.
    pub fn next_incident_id(&self) -> Result<u64, StoreError> {
        let seq: Option<i64> = self
            .conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'incidents'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(seq.unwrap_or(0) as u64 + 1)
    }

    /// Writes an incident and queues its notifications, in one transaction.
    pub fn save_incident(
        &mut self,
        incident: &Incident,
        queue: &mut [Outgoing],
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO incidents (id, doc) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
            params![incident.id as i64, to_json(incident)],
        )
        .map_err(err)?;
        for o in queue.iter_mut() {
            tx.execute("INSERT INTO outbox (doc) VALUES (?1)", params![to_json(o)])
                .map_err(err)?;
            o.id = tx.last_insert_rowid();
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Records a delivery attempt: the incident's timeline and the notification's state.
    pub fn save_attempt(
        &mut self,
        incident: Option<&Incident>,
        outgoing: &Outgoing,
        done: bool,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        if let Some(i) = incident {
            tx.execute(
                "UPDATE incidents SET doc = ?2 WHERE id = ?1",
                params![i.id as i64, to_json(i)],
            )
            .map_err(err)?;
        }
        tx.execute(
            "UPDATE outbox SET doc = ?2, done = ?3 WHERE id = ?1",
            params![outgoing.id, to_json(outgoing), done as i64],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_keeps_its_share_of_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("alerting.db")).unwrap();
        let cache: i64 = store
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap();
        assert_eq!(cache, -PAGE_CACHE_KIB);
    }
}
