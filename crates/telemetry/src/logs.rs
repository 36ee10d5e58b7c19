//! Request and application logs: Cloud Run's log entries, kept in their own
//! SQLite file (`logs.db`) with retention by age and by count, and queried
//! with the Cloud Logging filter language.
//!
//! Entries arrive in batches from the writer task (never from the request
//! path) and are stored a segment per service per batch (see [`LogDb`]). A
//! query narrows by time, service and severity in SQL (indexed, per segment)
//! and then evaluates the whole filter on each entry, so every supported
//! filter means exactly what it says.

use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::{params, Connection};
use serde_json::{Map, Value as Json};

use crate::filter::{self, Expr, FilterError, Op, Value};
use crate::sqlite;

/// Cloud Logging's severities, by number.
pub const SEVERITIES: [(&str, i32); 9] = [
    ("DEFAULT", 0),
    ("DEBUG", 100),
    ("INFO", 200),
    ("NOTICE", 300),
    ("WARNING", 400),
    ("ERROR", 500),
    ("CRITICAL", 600),
    ("ALERT", 700),
    ("EMERGENCY", 800),
];

/// The name of a severity number (rounded down to a known one).
pub fn severity_name(n: i32) -> &'static str {
    SEVERITIES
        .iter()
        .rev()
        .find(|(_, v)| *v <= n)
        .map_or("DEFAULT", |(name, _)| name)
}

/// The number of a severity name (any case) or number.
pub fn severity_number(text: &str) -> Option<i32> {
    SEVERITIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
        .map(|(_, n)| *n)
        .or_else(|| text.trim().parse().ok())
}

/// Which log an entry belongs to (Cloud Run's log names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    Request,
    Stdout,
    Stderr,
}

impl LogKind {
    /// The last part of the log name, as gcloud expects it (URL-encoded slash).
    pub fn log_id(self) -> &'static str {
        match self {
            LogKind::Request => "run.googleapis.com%2Frequests",
            LogKind::Stdout => "run.googleapis.com%2Fstdout",
            LogKind::Stderr => "run.googleapis.com%2Fstderr",
        }
    }

    pub(crate) fn code(self) -> u8 {
        match self {
            LogKind::Request => 0,
            LogKind::Stdout => 1,
            LogKind::Stderr => 2,
        }
    }

    fn from_code(c: u8) -> LogKind {
        match c {
            0 => LogKind::Request,
            1 => LogKind::Stdout,
            _ => LogKind::Stderr,
        }
    }
}

/// The `httpRequest` of a request log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub status: u16,
    pub latency_us: u64,
    pub request_size: u64,
    pub response_size: u64,
    pub user_agent: String,
    pub remote_ip: String,
    pub referer: String,
    pub protocol: String,
}

/// One log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Insertion order; 0 until stored.
    pub id: i64,
    /// Unix time in nanoseconds.
    pub timestamp: i64,
    pub namespace: String,
    pub service: String,
    pub revision: String,
    pub instance: String,
    pub location: String,
    pub kind: LogKind,
    pub severity: i32,
    pub text: Option<String>,
    /// A structured entry's fields (an object), `severity` removed.
    pub json: Option<Json>,
    pub http: Option<HttpRequest>,
    pub trace: Option<String>,
}

impl LogEntry {
    /// The text a bare search term and `:` on the payload look in.
    pub fn message(&self) -> String {
        if let Some(t) = &self.text {
            return t.clone();
        }
        if let Some(m) = self.json.as_ref().and_then(|j| j.get("message")) {
            return m.as_str().map_or_else(|| m.to_string(), str::to_owned);
        }
        self.http.as_ref().map_or_else(String::new, |h| {
            format!("{} {} {}", h.method, h.url, h.status)
        })
    }

    /// `projects/P/logs/run.googleapis.com%2F…`.
    pub fn log_name(&self) -> String {
        format!("projects/{}/logs/{}", self.namespace, self.kind.log_id())
    }
}

/// An application's output line as a log entry: a JSON object line is a
/// structured entry whose `severity` and `message` count (Cloud Run's
/// structured-logging convention); any other line is text with severity DEFAULT.
pub fn app_entry(kind: LogKind, line: &str) -> (i32, Option<String>, Option<Json>, Option<String>) {
    let trimmed = line.trim();
    if trimmed.starts_with('{') {
        if let Ok(Json::Object(mut map)) = serde_json::from_str::<Json>(trimmed) {
            let severity = map
                .remove("severity")
                .and_then(|s| match s {
                    Json::String(s) => severity_number(&s),
                    Json::Number(n) => n.as_i64().map(|n| n as i32),
                    _ => None,
                })
                .unwrap_or(0);
            let trace = map
                .remove("logging.googleapis.com/trace")
                .and_then(|t| t.as_str().map(str::to_owned));
            return (severity, None, Some(Json::Object(map)), trace);
        }
    }
    let _ = kind;
    (0, Some(line.to_owned()), None, None)
}

#[derive(Debug, thiserror::Error)]
pub enum LogDbError {
    #[error("the logs database {path} failed: {source}; check that the data dir is writable and not full")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the logs database {path} holds a damaged batch of entries (ids from {first_id}): {source}; delete it to start afresh")]
    Damaged {
        path: PathBuf,
        first_id: i64,
        #[source]
        source: postcard::Error,
    },
}

/// Retention of the log store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogRetention {
    /// Entries older than this many seconds are deleted.
    pub max_age_seconds: i64,
    /// At most this many entries are kept (the oldest go first).
    pub max_entries: i64,
}

impl Default for LogRetention {
    fn default() -> Self {
        LogRetention {
            max_age_seconds: 30 * 86_400,
            max_entries: 1_000_000,
        }
    }
}

/// Where the next page starts: entries strictly after this (in query order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub timestamp: i64,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.timestamp, self.id)
    }

    pub fn decode(token: &str) -> Option<Cursor> {
        let (t, id) = token.split_once('.')?;
        Some(Cursor {
            timestamp: t.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// A query of the log store.
#[derive(Clone, Debug)]
pub struct LogQuery {
    pub filter: LogFilter,
    /// Only entries of these projects (namespaces); empty means all.
    pub projects: Vec<String>,
    pub newest_first: bool,
    pub limit: usize,
    pub after: Option<Cursor>,
}

/// How many stored entries one query looks at, at most, before it returns a
/// page (possibly short) with a cursor to go on from.
const SCAN_LIMIT: usize = 200_000;

/// Entries per stored batch when old rows are moved into batches (one batch per
/// service otherwise holds what the writer stored in one go).
const MIGRATION_SEGMENT: usize = 4096;

/// The log store.
///
/// Entries are stored in batches ("segments"): one row per service per batch the
/// writer hands over, holding the entries in a compact binary encoding, sorted by
/// time, with the segment's id and time range, service and highest severity as
/// indexed columns. A row (and two index entries) per request cost the router's
/// log writer 2.6 µs per request, a tenth of the whole process's CPU under load;
/// a row per batch costs a fraction of that. Queries narrow by the indexed
/// columns, decode the segments they touch and merge them in time order.
pub struct LogDb {
    path: PathBuf,
    writer: Mutex<Writer>,
    reader: Mutex<Connection>,
}

struct Writer {
    conn: Connection,
    /// The id the next stored entry gets: ids count up in storing order.
    next_id: i64,
}

impl std::fmt::Debug for LogDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogDb").field("path", &self.path).finish()
    }
}

/// A segment holds entries with ids `first_id..=last_id` (not all of them after a
/// migration or a prune) and timestamps `first_ts..=last_ts`.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS segments (
    first_id INTEGER PRIMARY KEY,
    last_id INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    service TEXT NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    max_severity INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_first_ts ON segments (first_ts);
CREATE INDEX IF NOT EXISTS segments_last_ts ON segments (last_ts);
CREATE INDEX IF NOT EXISTS segments_service_first_ts ON segments (service, first_ts);
CREATE INDEX IF NOT EXISTS segments_service_last_ts ON segments (service, last_ts);
";

const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Up to ?3 of the segments wholly past the retention (?1: oldest timestamp kept,
/// ?2: newest id dropped), and how many entries each held. `first_id <= ?2` follows
/// from `last_id <= ?2`; it is there so that SQLite finds them by key, not by reading
/// every row.
const PRUNE_PAST: &str = "DELETE FROM segments WHERE first_id IN (SELECT first_id \
    FROM segments WHERE last_ts < ?1 OR (first_id <= ?2 AND last_id <= ?2) LIMIT ?3) \
    RETURNING entries";

/// How many segments one step of a prune drops: at 10k rps about 35,000 entries, a few
/// milliseconds of the writer's time.
pub const PRUNE_STEP_SEGMENTS: usize = 256;

/// What one [`LogDb::prune_step`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PruneStep {
    /// Entries deleted.
    pub deleted: usize,
    /// Whether nothing past the retention is left.
    pub done: bool,
}

/// The segments left partly past the retention, once [`PRUNE_PAST`] has run.
const PRUNE_STRADDLING: &str =
    "SELECT first_id, service, body FROM segments WHERE first_ts < ?1 OR first_id <= ?2";

impl LogDb {
    /// Opens (or creates) the store; entries stored one row each by earlier
    /// versions are moved into segments first, keeping their ids.
    pub fn open(path: &Path) -> Result<LogDb, LogDbError> {
        let err = |source| LogDbError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let mut conn = sqlite::open(path, BUSY_TIMEOUT, sqlite::WRITER_CACHE_KIB).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        migrate_rows(&mut conn).map_err(err)?;
        let next_id = conn
            .query_row(
                "SELECT coalesce(max(last_id), 0) + 1 FROM segments",
                [],
                |row| row.get(0),
            )
            .map_err(err)?;
        let reader = sqlite::open(path, BUSY_TIMEOUT, sqlite::READER_CACHE_KIB).map_err(err)?;
        Ok(LogDb {
            path: path.to_owned(),
            writer: Mutex::new(Writer { conn, next_id }),
            reader: Mutex::new(reader),
        })
    }

    fn err(&self, source: rusqlite::Error) -> LogDbError {
        LogDbError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn damaged(&self, first_id: i64, source: postcard::Error) -> LogDbError {
        LogDbError::Damaged {
            path: self.path.clone(),
            first_id,
            source,
        }
    }

    /// Stores a batch in one transaction, as one segment per service. The
    /// entries get ids in the order given (their `id` is ignored).
    pub fn insert(&self, entries: &[LogEntry]) -> Result<(), LogDbError> {
        let mut segments = Segments::default();
        for e in entries {
            segments.of(&e.service).push(e);
        }
        self.store(&segments.into_vec())
    }

    /// Stores segments in one transaction, numbering their entries in order.
    pub fn store(&self, segments: &[SegmentBuilder]) -> Result<(), LogDbError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next_id = writer.next_id;
        let tx = writer.conn.transaction().map_err(|e| self.err(e))?;
        for segment in segments.iter().filter(|s| !s.is_empty()) {
            segment.store(&tx, next_id).map_err(|e| self.err(e))?;
            next_id += segment.len() as i64;
        }
        tx.commit().map_err(|e| self.err(e))?;
        writer.next_id = next_id;
        Ok(())
    }

    /// Deletes entries past the retention as of `now_ns`; returns how many.
    /// Segments wholly past it are dropped; one partly past it is stored again
    /// with the entries that remain.
    pub fn prune(&self, retention: LogRetention, now_ns: i64) -> Result<usize, LogDbError> {
        let mut deleted = 0;
        loop {
            let step = self.prune_step(retention, now_ns, PRUNE_STEP_SEGMENTS)?;
            deleted += step.deleted;
            if step.done {
                return Ok(deleted);
            }
        }
    }

    /// One bounded step of [`LogDb::prune`], in its own transaction: drops at most
    /// `max_segments` segments wholly past the retention, and once none is left, stores
    /// again those partly past it. The writer takes steps between batches: in one piece,
    /// the prune of a minute's worth of entries at 10k rps (600,000) held the writer
    /// while thousands of new entries queued behind it, and the memory they took stayed
    /// with the allocator.
    pub fn prune_step(
        &self,
        retention: LogRetention,
        now_ns: i64,
        max_segments: usize,
    ) -> Result<PruneStep, LogDbError> {
        let oldest_kept_ts =
            now_ns.saturating_sub(retention.max_age_seconds.saturating_mul(1_000_000_000));
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        // Ids count up in storing order, so the newest entry is the one before the
        // next, and entries with ids up to this one are past the count.
        let newest_dropped_id = (writer.next_id - 1).saturating_sub(retention.max_entries);
        let tx = writer.conn.transaction().map_err(|e| self.err(e))?;
        let limit = i64::try_from(max_segments).unwrap_or(i64::MAX);
        let (segments, mut deleted) = tx
            .prepare(PRUNE_PAST)
            .and_then(|mut stmt| {
                stmt.query_map(params![oldest_kept_ts, newest_dropped_id, limit], |row| {
                    row.get::<_, usize>(0)
                })?
                .try_fold((0, 0), |(n, sum), entries| Ok((n + 1, sum + entries?)))
            })
            .map_err(|e| self.err(e))?;
        if segments == max_segments {
            tx.commit().map_err(|e| self.err(e))?;
            return Ok(PruneStep {
                deleted,
                done: false,
            });
        }
        let straddling: Vec<(i64, String, Vec<u8>)> = tx
            .prepare(PRUNE_STRADDLING)
            .and_then(|mut stmt| {
                stmt.query_map(params![oldest_kept_ts, newest_dropped_id], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))?;
        for (first_id, service, body) in straddling {
            let entries =
                decode_segment(first_id, &service, &body).map_err(|e| self.damaged(first_id, e))?;
            let kept: Vec<&LogEntry> = entries
                .iter()
                .filter(|e| e.timestamp >= oldest_kept_ts && e.id > newest_dropped_id)
                .collect();
            deleted += entries.len() - kept.len();
            tx.execute("DELETE FROM segments WHERE first_id = ?1", [first_id])
                .map_err(|e| self.err(e))?;
            if !kept.is_empty() {
                store_segment(&tx, &service, &kept).map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(PruneStep {
            deleted,
            done: true,
        })
    }

    /// Bytes the store takes on disk: its pages in use and its write-ahead log.
    pub fn used_bytes(&self) -> Result<u64, LogDbError> {
        let writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let pragma = |name: &str| -> Result<u64, LogDbError> {
            writer
                .conn
                .pragma_query_value(None, name, |r| r.get::<_, i64>(0))
                .map(|v| v.max(0) as u64)
                .map_err(|e| self.err(e))
        };
        let pages = pragma("page_count")?.saturating_sub(pragma("freelist_count")?);
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        let wal_bytes = std::fs::metadata(wal).map_or(0, |m| m.len());
        Ok(pages * pragma("page_size")? + wal_bytes)
    }

    /// Drops the `max_segments` oldest segments (in storing order), whatever their age:
    /// how the store keeps to its byte budget. Returns the entries dropped.
    pub fn drop_oldest(&self, max_segments: usize) -> Result<usize, LogDbError> {
        let writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let limit = i64::try_from(max_segments).unwrap_or(i64::MAX);
        writer
            .conn
            .prepare(
                "DELETE FROM segments WHERE first_id IN \
                 (SELECT first_id FROM segments ORDER BY first_id LIMIT ?1) RETURNING entries",
            )
            .and_then(|mut stmt| {
                stmt.query_map([limit], |row| row.get::<_, usize>(0))?
                    .try_fold(0, |sum, n| Ok(sum + n?))
            })
            .map_err(|e| self.err(e))
    }

    /// How many entries are stored.
    pub fn count(&self) -> Result<i64, LogDbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        r.query_row(
            "SELECT coalesce(sum(entries), 0) FROM segments",
            [],
            |row| row.get(0),
        )
        .map_err(|e| self.err(e))
    }

    /// One page of entries matching `q`, and where the next page starts
    /// (None when there is nothing more).
    ///
    /// Segments overlap in time (each service has its own; a slow request is
    /// stored after faster ones that started later), so they are merged: taken in
    /// the order of their first timestamp (their last, newest first), and an
    /// entry is handed out only once every segment that could hold an earlier one
    /// has been read.
    pub fn query(&self, q: &LogQuery) -> Result<(Vec<LogEntry>, Option<Cursor>), LogDbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let hints = &q.filter.hints;
        let (mut from_ns, mut to_ns) = (hints.from_ns, hints.to_ns);
        match q.after {
            Some(c) if q.newest_first => to_ns = to_ns.min(c.timestamp),
            Some(c) => from_ns = from_ns.max(c.timestamp),
            None => {}
        }
        let sql = segments_sql(q.newest_first, hints.service.is_some());
        let mut args: Vec<rusqlite::types::Value> = vec![
            from_ns.into(),
            to_ns.into(),
            i64::from(hints.min_severity).into(),
        ];
        if let Some(service) = &hints.service {
            args.push(service.clone().into());
        }
        // Query order as one ascending key: newest first is the bitwise complement,
        // which reverses the order of i64s without overflow.
        let key = |timestamp: i64, id: i64| {
            if q.newest_first {
                (!timestamp, !id)
            } else {
                (timestamp, id)
            }
        };
        let after = q.after.map(|c| key(c.timestamp, c.id));
        let mut segments_stmt = r.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut body_stmt = r
            .prepare_cached("SELECT service, body FROM segments WHERE first_id = ?1")
            .map_err(|e| self.err(e))?;
        let mut segments = segments_stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(|e| self.err(e))?;
        let mut next_segment = || -> Result<Option<Unread>, LogDbError> {
            let Some(row) = segments.next().map_err(|e| self.err(e))? else {
                return Ok(None);
            };
            let (first_id, first_ts, last_ts): (i64, i64, i64) =
                (|| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))().map_err(|e| self.err(e))?;
            let earliest = if q.newest_first {
                key(last_ts, i64::MAX)
            } else {
                key(first_ts, i64::MIN)
            };
            Ok(Some(Unread { first_id, earliest }))
        };
        let mut queued = BinaryHeap::new();
        let mut unread = next_segment()?;
        let mut out = Vec::new();
        let mut scanned = 0;
        loop {
            while let Some(Unread { first_id, earliest }) = unread {
                if queued
                    .peek()
                    .is_some_and(|next: &Queued| next.key < earliest)
                {
                    break;
                }
                let (service, body): (String, Vec<u8>) = body_stmt
                    .query_row([first_id], |row| Ok((row.get(0)?, row.get(1)?)))
                    .map_err(|e| self.err(e))?;
                let entries = decode_segment(first_id, &service, &body)
                    .map_err(|e| self.damaged(first_id, e))?;
                for entry in entries {
                    let entry_key = key(entry.timestamp, entry.id);
                    if (from_ns..=to_ns).contains(&entry.timestamp)
                        && entry.severity >= hints.min_severity
                        && after.is_none_or(|after| entry_key > after)
                    {
                        queued.push(Queued {
                            key: entry_key,
                            entry,
                        });
                    }
                }
                unread = next_segment()?;
            }
            let Some(Queued { entry, .. }) = queued.pop() else {
                return Ok((out, None));
            };
            let last = Some(Cursor {
                timestamp: entry.timestamp,
                id: entry.id,
            });
            scanned += 1;
            if (q.projects.is_empty() || q.projects.contains(&entry.namespace))
                && q.filter.matches(&entry)
            {
                out.push(entry);
                if out.len() >= q.limit {
                    return Ok((out, last));
                }
            }
            if scanned >= SCAN_LIMIT {
                return Ok((out, last));
            }
        }
    }
}

/// The segments a query reads, in the order it reads them: `?1..=?2` the time
/// range, `?3` the lowest severity, `?4` the service if `by_service`. Each order
/// is an index's, so SQLite hands rows out as it walks the index, without sorting.
fn segments_sql(newest_first: bool, by_service: bool) -> String {
    let mut sql = String::from(
        "SELECT first_id, first_ts, last_ts FROM segments WHERE last_ts >= ?1 AND first_ts <= ?2 AND max_severity >= ?3",
    );
    if by_service {
        sql.push_str(" AND service = ?4");
    }
    sql.push_str(if newest_first {
        " ORDER BY last_ts DESC, first_id DESC"
    } else {
        " ORDER BY first_ts ASC, first_id ASC"
    });
    sql
}

/// The next segment a query has not read yet.
struct Unread {
    first_id: i64,
    /// No entry of this segment or a later one comes before this key.
    earliest: (i64, i64),
}

/// An entry waiting to be handed out by a query, ordered so that the heap's top
/// is the smallest key.
struct Queued {
    key: (i64, i64),
    entry: LogEntry,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key.cmp(&self.key)
    }
}

/// One entry of a segment as encoded (postcard). The service is the segment's.
/// Id and timestamp are deltas from the entry before (the first entry's id from
/// the segment's first id, its timestamp from zero), so they are a byte or two
/// instead of eight.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredEntry<'a> {
    pub(crate) id_delta: i64,
    pub(crate) ts_delta: i64,
    pub(crate) namespace: Cow<'a, str>,
    pub(crate) revision: Cow<'a, str>,
    pub(crate) instance: Cow<'a, str>,
    pub(crate) location: Cow<'a, str>,
    pub(crate) kind: u8,
    pub(crate) severity: i32,
    pub(crate) text: Option<Cow<'a, str>>,
    /// A structured entry's fields, as JSON text: postcard does not describe its
    /// own types, so it cannot hold an arbitrary JSON value.
    pub(crate) json: Option<Cow<'a, str>>,
    pub(crate) http: Option<StoredHttp<'a>>,
    pub(crate) trace: Option<Cow<'a, str>>,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredHttp<'a> {
    pub(crate) method: Cow<'a, str>,
    pub(crate) url: Cow<'a, str>,
    pub(crate) status: u16,
    pub(crate) latency_us: u64,
    pub(crate) request_size: u64,
    pub(crate) response_size: u64,
    pub(crate) user_agent: Cow<'a, str>,
    pub(crate) remote_ip: Cow<'a, str>,
    pub(crate) referer: Cow<'a, str>,
    pub(crate) protocol: Cow<'a, str>,
}

impl<'a> StoredEntry<'a> {
    /// `e` as stored, borrowing its text (the deltas are set when it is pushed).
    fn of(e: &'a LogEntry) -> StoredEntry<'a> {
        StoredEntry {
            id_delta: 0,
            ts_delta: 0,
            namespace: Cow::Borrowed(&e.namespace),
            revision: Cow::Borrowed(&e.revision),
            instance: Cow::Borrowed(&e.instance),
            location: Cow::Borrowed(&e.location),
            kind: e.kind.code(),
            severity: e.severity,
            text: e.text.as_deref().map(Cow::Borrowed),
            json: e.json.as_ref().map(|j| Cow::Owned(j.to_string())),
            http: e.http.as_ref().map(|h| StoredHttp {
                method: Cow::Borrowed(&h.method),
                url: Cow::Borrowed(&h.url),
                status: h.status,
                latency_us: h.latency_us,
                request_size: h.request_size,
                response_size: h.response_size,
                user_agent: Cow::Borrowed(&h.user_agent),
                remote_ip: Cow::Borrowed(&h.remote_ip),
                referer: Cow::Borrowed(&h.referer),
                protocol: Cow::Borrowed(&h.protocol),
            }),
            trace: e.trace.as_deref().map(Cow::Borrowed),
        }
    }
}

/// The entries of one service on their way into a segment, encoded as they are
/// pushed. New entries are numbered from zero here and given their real ids by
/// [`LogDb::store`]; entries moved from elsewhere keep theirs.
#[derive(Debug)]
pub struct SegmentBuilder {
    service: String,
    body: Vec<u8>,
    entries: usize,
    /// The id the deltas start from.
    first_id: i64,
    last_id: i64,
    previous_id: i64,
    previous_ts: i64,
    first_ts: i64,
    last_ts: i64,
    max_severity: i32,
}

impl SegmentBuilder {
    pub fn new(service: &str) -> SegmentBuilder {
        SegmentBuilder::from_id(service, 0)
    }

    /// For entries that keep their ids, all at least `first_id`.
    fn from_id(service: &str, first_id: i64) -> SegmentBuilder {
        SegmentBuilder {
            service: service.to_owned(),
            body: Vec::new(),
            entries: 0,
            first_id,
            last_id: first_id,
            previous_id: first_id,
            previous_ts: 0,
            first_ts: i64::MAX,
            last_ts: i64::MIN,
            max_severity: i32::MIN,
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Adds a new entry (its `id` is ignored).
    pub fn push(&mut self, entry: &LogEntry) {
        self.push_stored(entry.timestamp, StoredEntry::of(entry));
    }

    /// Adds a new entry at `timestamp`, as stored.
    pub(crate) fn push_stored(&mut self, timestamp: i64, entry: StoredEntry<'_>) {
        let id = self.first_id + self.entries as i64;
        self.push_with_id(id, timestamp, entry);
    }

    fn push_with_id(&mut self, id: i64, timestamp: i64, mut entry: StoredEntry<'_>) {
        entry.id_delta = id.wrapping_sub(self.previous_id);
        entry.ts_delta = timestamp.wrapping_sub(self.previous_ts);
        self.previous_id = id;
        self.previous_ts = timestamp;
        self.last_id = self.last_id.max(id);
        self.first_ts = self.first_ts.min(timestamp);
        self.last_ts = self.last_ts.max(timestamp);
        self.max_severity = self.max_severity.max(entry.severity);
        self.entries += 1;
        self.body = postcard::to_extend(&entry, std::mem::take(&mut self.body))
            .expect("a log entry encodes into a Vec");
    }

    /// Stores the segment, its ids moved up by `id_base`.
    fn store(&self, conn: &Connection, id_base: i64) -> Result<(), rusqlite::Error> {
        conn.prepare_cached(
            "INSERT INTO segments (first_id, last_id, entries, service, first_ts, last_ts, max_severity, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            self.first_id + id_base,
            self.last_id + id_base,
            self.entries,
            self.service,
            self.first_ts,
            self.last_ts,
            self.max_severity,
            self.body
        ])?;
        Ok(())
    }
}

/// A batch's segments, found by service.
#[derive(Default)]
pub(crate) struct Segments {
    all: Vec<SegmentBuilder>,
    by_service: HashMap<String, usize>,
}

impl Segments {
    pub(crate) fn of(&mut self, service: &str) -> &mut SegmentBuilder {
        let index = match self.by_service.get(service) {
            Some(&index) => index,
            None => {
                self.all.push(SegmentBuilder::new(service));
                self.by_service
                    .insert(service.to_owned(), self.all.len() - 1);
                self.all.len() - 1
            }
        };
        &mut self.all[index]
    }

    pub(crate) fn into_vec(self) -> Vec<SegmentBuilder> {
        self.all
    }
}

/// Stores `entries` (all of `service`) as one segment, keeping their ids.
fn store_segment(
    conn: &Connection,
    service: &str,
    entries: &[&LogEntry],
) -> Result<(), rusqlite::Error> {
    let first_id = entries.iter().map(|e| e.id).min().unwrap_or(0);
    let mut segment = SegmentBuilder::from_id(service, first_id);
    for e in entries {
        segment.push_with_id(e.id, e.timestamp, StoredEntry::of(e));
    }
    segment.store(conn, 0)
}

/// The entries of a segment, in the order they were stored.
fn decode_segment(
    first_id: i64,
    service: &str,
    mut body: &[u8],
) -> Result<Vec<LogEntry>, postcard::Error> {
    let mut entries = Vec::new();
    let (mut id, mut timestamp) = (first_id, 0i64);
    while !body.is_empty() {
        let (stored, rest) = postcard::take_from_bytes::<StoredEntry<'_>>(body)?;
        body = rest;
        id = id.wrapping_add(stored.id_delta);
        timestamp = timestamp.wrapping_add(stored.ts_delta);
        entries.push(LogEntry {
            id,
            timestamp,
            namespace: stored.namespace.into_owned(),
            service: service.to_owned(),
            revision: stored.revision.into_owned(),
            instance: stored.instance.into_owned(),
            location: stored.location.into_owned(),
            kind: LogKind::from_code(stored.kind),
            severity: stored.severity,
            text: stored.text.map(Cow::into_owned),
            json: stored.json.and_then(|j| serde_json::from_str(&j).ok()),
            http: stored.http.map(|h| HttpRequest {
                method: h.method.into_owned(),
                url: h.url.into_owned(),
                status: h.status,
                latency_us: h.latency_us,
                request_size: h.request_size,
                response_size: h.response_size,
                user_agent: h.user_agent.into_owned(),
                remote_ip: h.remote_ip.into_owned(),
                referer: h.referer.into_owned(),
                protocol: h.protocol.into_owned(),
            }),
            trace: stored.trace.map(Cow::into_owned),
        });
    }
    Ok(entries)
}

/// Moves the one-row-per-entry table of earlier versions (`entries`) into
/// segments, keeping ids, and drops it.
fn migrate_rows(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let old: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'",
        [],
        |row| row.get(0),
    )?;
    if old == 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "SELECT id, ts, namespace, service, revision, instance, location, kind, severity, doc FROM entries ORDER BY service, ts, id",
        )?;
        let mut rows = stmt.query([])?;
        let mut batch: Vec<LogEntry> = Vec::new();
        let mut moved = 0usize;
        let mut flush = |batch: &mut Vec<LogEntry>| {
            if let Some(first) = batch.first() {
                let entries: Vec<&LogEntry> = batch.iter().collect();
                store_segment(&tx, &first.service, &entries)?;
                moved += batch.len();
            }
            batch.clear();
            Ok::<_, rusqlite::Error>(())
        };
        while let Some(row) = rows.next()? {
            let entry = legacy_entry(row)?;
            if batch.len() >= MIGRATION_SEGMENT
                || batch
                    .last()
                    .is_some_and(|last| last.service != entry.service)
            {
                flush(&mut batch)?;
            }
            batch.push(entry);
        }
        flush(&mut batch)?;
        tracing::info!(entries = moved, "moved stored log entries into segments");
    }
    tx.execute_batch("DROP TABLE entries")?;
    tx.commit()
}

/// An entry as earlier versions stored it: a row, its variable part in a JSON
/// document column (`{"http": [...], "json": ..., "text": ..., "trace": ...}`).
fn legacy_entry(row: &rusqlite::Row<'_>) -> Result<LogEntry, rusqlite::Error> {
    let doc: String = row.get(9)?;
    let mut d: Map<String, Json> = serde_json::from_str(&doc).unwrap_or_default();
    let http = d.remove("http").and_then(|h| {
        let a = h.as_array()?;
        let s = |i: usize| a.get(i).and_then(Json::as_str).unwrap_or("").to_owned();
        let n = |i: usize| a.get(i).and_then(Json::as_u64).unwrap_or(0);
        Some(HttpRequest {
            method: s(0),
            url: s(1),
            status: n(2) as u16,
            latency_us: n(3),
            request_size: n(4),
            response_size: n(5),
            user_agent: s(6),
            remote_ip: s(7),
            referer: s(8),
            protocol: s(9),
        })
    });
    Ok(LogEntry {
        id: row.get(0)?,
        timestamp: row.get(1)?,
        namespace: row.get(2)?,
        service: row.get(3)?,
        revision: row.get(4)?,
        instance: row.get(5)?,
        location: row.get(6)?,
        kind: LogKind::from_code(row.get::<_, i64>(7)?.try_into().unwrap_or(u8::MAX)),
        severity: row.get(8)?,
        text: d.remove("text").and_then(|t| t.as_str().map(str::to_owned)),
        json: d.remove("json"),
        http,
        trace: d
            .remove("trace")
            .and_then(|t| t.as_str().map(str::to_owned)),
    })
}

// === the Cloud Logging filter ===

/// A Cloud Logging filter, checked against the fields runlane's entries have.
#[derive(Clone, Debug)]
pub struct LogFilter {
    expr: Expr,
    hints: Hints,
}

/// What SQL can narrow by before the filter runs (all implied by the filter).
#[derive(Clone, Debug)]
struct Hints {
    from_ns: i64,
    to_ns: i64,
    min_severity: i32,
    service: Option<String>,
}

/// A field of an entry that a filter can name.
#[derive(Clone, Debug, PartialEq)]
enum Field {
    ResourceType,
    Service,
    Revision,
    Configuration,
    Location,
    Project,
    Instance,
    Severity,
    Timestamp,
    LogName,
    Text,
    Json(Vec<String>),
    Trace,
    InsertId,
    HttpStatus,
    HttpMethod,
    HttpUrl,
    HttpUserAgent,
    HttpRemoteIp,
    HttpRequestSize,
    HttpResponseSize,
    HttpLatency,
}

const KNOWN_FIELDS: &str = "resource.type, resource.labels.service_name, resource.labels.revision_name, resource.labels.configuration_name, resource.labels.location, resource.labels.project_id, labels.instanceId, severity, timestamp, logName, textPayload, jsonPayload.FIELD, trace, insertId, httpRequest.status, httpRequest.requestMethod, httpRequest.requestUrl, httpRequest.userAgent, httpRequest.remoteIp, httpRequest.requestSize, httpRequest.responseSize, httpRequest.latency";

fn field_of(path: &str) -> Result<Field, FilterError> {
    Ok(match path {
        "resource.type" => Field::ResourceType,
        "resource.labels.service_name" => Field::Service,
        "resource.labels.revision_name" => Field::Revision,
        "resource.labels.configuration_name" => Field::Configuration,
        "resource.labels.location" => Field::Location,
        "resource.labels.project_id" => Field::Project,
        "labels.instanceId" | "labels.instance_id" => Field::Instance,
        "severity" => Field::Severity,
        "timestamp" | "receiveTimestamp" => Field::Timestamp,
        "logName" | "log_name" => Field::LogName,
        "textPayload" => Field::Text,
        "trace" => Field::Trace,
        "insertId" => Field::InsertId,
        "httpRequest.status" => Field::HttpStatus,
        "httpRequest.requestMethod" => Field::HttpMethod,
        "httpRequest.requestUrl" => Field::HttpUrl,
        "httpRequest.userAgent" => Field::HttpUserAgent,
        "httpRequest.remoteIp" => Field::HttpRemoteIp,
        "httpRequest.requestSize" => Field::HttpRequestSize,
        "httpRequest.responseSize" => Field::HttpResponseSize,
        "httpRequest.latency" => Field::HttpLatency,
        p if p.starts_with("jsonPayload.") => Field::Json(
            p["jsonPayload.".len()..]
                .split('.')
                .map(str::to_owned)
                .collect(),
        ),
        p => {
            return Err(FilterError::new(format!(
                "runlane logs have no field {p:?}; filter on one of: {KNOWN_FIELDS}"
            )))
        }
    })
}

/// A value read from an entry for a comparison.
enum Got {
    Str(String),
    Num(f64),
    Missing,
}

impl LogFilter {
    /// Parses and checks a filter. An empty filter matches every entry.
    pub fn parse(text: &str) -> Result<LogFilter, FilterError> {
        let expr = filter::parse(text)?;
        check_fields(&expr)?;
        let hints = hints(&expr)?;
        Ok(LogFilter { expr, hints })
    }

    /// A filter matching every entry.
    pub fn all() -> LogFilter {
        LogFilter::parse("").expect("the empty filter parses")
    }

    pub fn matches(&self, e: &LogEntry) -> bool {
        eval(&self.expr, e)
    }
}

fn check_fields(expr: &Expr) -> Result<(), FilterError> {
    match expr {
        Expr::And(v) | Expr::Or(v) => v.iter().try_for_each(check_fields),
        Expr::Not(e) => check_fields(e),
        Expr::Text(_) => Ok(()),
        Expr::Cmp { path, value, op } => {
            let field = field_of(path)?;
            if matches!(
                value,
                Value::StartsWith(_) | Value::EndsWith(_) | Value::OneOf(_)
            ) {
                return Err(FilterError::new(format!(
                    "{path}: starts_with/ends_with/one_of are Cloud Monitoring functions; in log filters use : (has) or OR"
                )));
            }
            let v = value.as_str().unwrap_or_default();
            match field {
                Field::Severity if severity_number(v).is_none() => Err(FilterError::new(format!(
                    "{v:?} is not a severity; use DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT or EMERGENCY"
                ))),
                Field::Timestamp if *op != Op::Has && parse_time(v).is_none() => Err(FilterError::new(format!(
                    "{v:?} is not an RFC 3339 timestamp; write timestamp>=\"2024-05-01T10:00:00Z\""
                ))),
                _ => Ok(()),
            }
        }
    }
}

/// Narrowing implied by the top-level AND terms.
fn hints(expr: &Expr) -> Result<Hints, FilterError> {
    let mut h = Hints {
        from_ns: i64::MIN,
        to_ns: i64::MAX,
        min_severity: i32::MIN,
        service: None,
    };
    for term in filter::conjuncts(expr) {
        let Expr::Cmp {
            path,
            op,
            value: Value::Str(v),
        } = term
        else {
            continue;
        };
        match (field_of(path)?, op) {
            (Field::Timestamp, Op::Ge | Op::Gt) => {
                h.from_ns = h.from_ns.max(parse_time(v).unwrap_or(i64::MIN))
            }
            (Field::Timestamp, Op::Le | Op::Lt) => {
                h.to_ns = h.to_ns.min(parse_time(v).unwrap_or(i64::MAX))
            }
            (Field::Severity, Op::Ge) => {
                h.min_severity = h.min_severity.max(severity_number(v).unwrap_or(0))
            }
            (Field::Service, Op::Eq) => h.service = Some(v.clone()),
            _ => {}
        }
    }
    Ok(h)
}

/// RFC 3339 to unix nanoseconds.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let rfc3339 = |t: &str| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok();
    // Google also takes an offset without its colon: google-cloud-logging adds
    // timestamp>="2026-12-06T02:08:54.059127+0000" to every list_entries filter.
    let t = rfc3339(text).or_else(|| {
        let (head, offset) = text.split_at_checked(text.len().checked_sub(5)?)?;
        let digits = offset.get(1..)?;
        (offset.starts_with(['+', '-']) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| rfc3339(&format!("{head}{}:{}", &offset[..3], &offset[3..])))
            .flatten()
    })?;
    // Nanoseconds in an i64 end in 2262; later times compare as the end of time.
    let ns = t.unix_timestamp_nanos();
    Some(i64::try_from(ns).unwrap_or(if ns < 0 { i64::MIN } else { i64::MAX }))
}

/// Unix nanoseconds to RFC 3339 with nanoseconds, UTC (`2024-05-01T10:00:00.123456789Z`).
pub fn format_time(ns: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ns))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let d = t.date();
    let tm = t.time();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        d.year(),
        u8::from(d.month()),
        d.day(),
        tm.hour(),
        tm.minute(),
        tm.second(),
        tm.nanosecond()
    )
}

fn eval(expr: &Expr, e: &LogEntry) -> bool {
    match expr {
        Expr::And(v) => v.iter().all(|x| eval(x, e)),
        Expr::Or(v) => v.iter().any(|x| eval(x, e)),
        Expr::Not(x) => !eval(x, e),
        Expr::Text(t) => contains_ci(&searchable(e), t),
        Expr::Cmp { path, op, value } => {
            let Ok(field) = field_of(path) else {
                return false;
            };
            let want = value.as_str().unwrap_or_default();
            compare(&field, get(&field, e), *op, want)
        }
    }
}

fn searchable(e: &LogEntry) -> String {
    let mut s = e.message();
    if let Some(j) = &e.json {
        s.push(' ');
        s.push_str(&j.to_string());
    }
    if let Some(h) = &e.http {
        s.push(' ');
        s.push_str(&h.url);
    }
    s
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

fn get(field: &Field, e: &LogEntry) -> Got {
    let s = |v: &str| Got::Str(v.to_owned());
    let http = e.http.as_ref();
    match field {
        Field::ResourceType => s("cloud_run_revision"),
        Field::Service | Field::Configuration => s(&e.service),
        Field::Revision => s(&e.revision),
        Field::Location => s(&e.location),
        Field::Project => s(&e.namespace),
        Field::Instance => s(&e.instance),
        Field::Severity => Got::Num(f64::from(e.severity)),
        Field::Timestamp => Got::Num(e.timestamp as f64),
        Field::LogName => Got::Str(e.log_name()),
        Field::Text => e.text.as_deref().map_or(Got::Missing, s),
        Field::Trace => e.trace.as_deref().map_or(Got::Missing, s),
        Field::InsertId => Got::Str(e.id.to_string()),
        Field::Json(path) => {
            let mut v = match &e.json {
                Some(j) => j,
                None => return Got::Missing,
            };
            for p in path {
                match v.get(p) {
                    Some(x) => v = x,
                    None => return Got::Missing,
                }
            }
            match v {
                Json::String(x) => s(x),
                Json::Number(n) => Got::Num(n.as_f64().unwrap_or(0.0)),
                Json::Null => Got::Missing,
                other => Got::Str(other.to_string()),
            }
        }
        Field::HttpStatus => http.map_or(Got::Missing, |h| Got::Num(f64::from(h.status))),
        Field::HttpMethod => http.map_or(Got::Missing, |h| s(&h.method)),
        Field::HttpUrl => http.map_or(Got::Missing, |h| s(&h.url)),
        Field::HttpUserAgent => http.map_or(Got::Missing, |h| s(&h.user_agent)),
        Field::HttpRemoteIp => http.map_or(Got::Missing, |h| s(&h.remote_ip)),
        Field::HttpRequestSize => http.map_or(Got::Missing, |h| Got::Num(h.request_size as f64)),
        Field::HttpResponseSize => http.map_or(Got::Missing, |h| Got::Num(h.response_size as f64)),
        Field::HttpLatency => http.map_or(Got::Missing, |h| Got::Num(h.latency_us as f64 / 1e6)),
    }
}

fn compare(field: &Field, got: Got, op: Op, want: &str) -> bool {
    match got {
        Got::Missing => false,
        Got::Num(n) => {
            let w = match field {
                Field::Severity => severity_number(want).map(f64::from),
                Field::Timestamp => parse_time(want).map(|t| t as f64),
                Field::HttpLatency => want.trim_end_matches('s').parse().ok(),
                _ => want.parse().ok(),
            };
            if op == Op::Has {
                return match field {
                    Field::Timestamp => false,
                    _ => contains_ci(&n.to_string(), want),
                };
            }
            let Some(w) = w else { return false };
            match op {
                Op::Eq => n == w,
                Op::Ne => n != w,
                Op::Lt => n < w,
                Op::Le => n <= w,
                Op::Gt => n > w,
                Op::Ge => n >= w,
                Op::Has => unreachable!("handled above"),
            }
        }
        Got::Str(g) => match op {
            Op::Eq => g == want,
            Op::Ne => g != want,
            Op::Has => contains_ci(&g, want),
            Op::Lt => g.as_str() < want,
            Op::Le => g.as_str() <= want,
            Op::Gt => g.as_str() > want,
            Op::Ge => g.as_str() >= want,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn open(dir: &tempfile::TempDir) -> LogDb {
        LogDb::open(&dir.path().join("logs.db")).unwrap()
    }

    fn all(newest_first: bool, limit: usize, after: Option<Cursor>) -> LogQuery {
        LogQuery {
            filter: LogFilter::all(),
            projects: Vec::new(),
            newest_first,
            limit,
            after,
        }
    }

    /// Every page of `q`, followed to the end.
    fn every_page(db: &LogDb, mut q: LogQuery) -> Vec<LogEntry> {
        let mut out = Vec::new();
        loop {
            let (page, next) = db.query(&q).unwrap();
            out.extend(page);
            match next {
                Some(next) => q.after = Some(next),
                None => return out,
            }
        }
    }

    /// A request entry and a structured application entry with every field set.
    fn full_entries() -> Vec<LogEntry> {
        let mut request = entry(LogKind::Request, 500, 1_700_000_000);
        request.http = Some(HttpRequest {
            method: "POST".into(),
            url: "http://a.localhost/x?y=1".into(),
            status: 503,
            latency_us: 12,
            request_size: 7,
            response_size: 2,
            user_agent: "ua/1 (\u{e9})".into(),
            remote_ip: "::1".into(),
            referer: "http://b.localhost/".into(),
            protocol: "HTTP/2.0".into(),
        });
        request.trace = Some("projects/p/traces/t".into());
        let mut app = entry(LogKind::Stdout, 400, 1_700_000_001);
        app.json = Some(json!({"message": "boom", "n": [1, 2.5, null], "nested": {"a": true}}));
        let mut text = entry(LogKind::Stderr, 0, -5);
        text.text = Some(String::new());
        vec![request, app, text]
    }

    #[test]
    fn every_field_comes_back_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        let sent = full_entries();
        db.insert(&sent).unwrap();
        let mut stored = every_page(&db, all(false, 10, None));
        // Numbered in the order given, handed out in time order.
        let ids: Vec<i64> = stored.iter().map(|e| e.id).collect();
        assert_eq!(ids, [3, 1, 2]);
        for e in &mut stored {
            e.id = 0;
        }
        let mut expected = sent.clone();
        expected.sort_by_key(|e| e.timestamp);
        assert_eq!(stored, expected);
    }

    /// The store can be held to a byte budget, oldest entries first.
    #[test]
    fn the_oldest_segments_go_to_keep_a_byte_budget() {
        let dir = tempfile::tempdir().unwrap();
        let db = LogDb::open(&dir.path().join("logs.db")).unwrap();
        let empty = db.used_bytes().unwrap();
        for batch in 0..40 {
            let entries: Vec<LogEntry> = (0..500).map(|i| request(200, batch * 1000 + i)).collect();
            db.insert(&entries).unwrap();
        }
        let full = db.used_bytes().unwrap();
        assert!(full > empty + 100_000, "{empty} -> {full}");
        assert_eq!(db.drop_oldest(30).unwrap(), 30 * 500);
        assert_eq!(db.count().unwrap(), 10 * 500);
        // The pages freed are reused by later batches: the file does not grow.
        let pages_used = db.used_bytes().unwrap();
        assert!(pages_used < full, "{pages_used} < {full}");
        let (kept, _) = db
            .query(&LogQuery {
                filter: LogFilter::all(),
                projects: Vec::new(),
                newest_first: false,
                limit: 1,
                after: None,
            })
            .unwrap();
        assert_eq!(kept[0].timestamp / 1_000_000_000, 30_000, "the newest batches are kept");
    }

    fn entry(kind: LogKind, severity: i32, ts_s: i64) -> LogEntry {
        LogEntry {
            id: 0,
            timestamp: ts_s * 1_000_000_000,
            namespace: "default".into(),
            service: "jokes".into(),
            revision: "jokes-00001-abc".into(),
            instance: "i-1".into(),
            location: "us-central1".into(),
            kind,
            severity,
            text: None,
            json: None,
            http: None,
            trace: None,
        }
    }

    fn request(status: u16, ts_s: i64) -> LogEntry {
        LogEntry {
            severity: if status >= 500 { 500 } else { 200 },
            http: Some(HttpRequest {
                method: "GET".into(),
                url: format!("http://jokes.localhost:8080/status/{status}"),
                status,
                latency_us: 1500,
                user_agent: "curl/8".into(),
                ..HttpRequest::default()
            }),
            ..entry(LogKind::Request, 0, ts_s)
        }
    }

    fn check(filter: &str, e: &LogEntry, expected: bool) {
        let f = LogFilter::parse(filter).unwrap_or_else(|err| panic!("{filter}: {err}"));
        assert_eq!(f.matches(e), expected, "{filter}");
    }

    #[test]
    fn filters_mean_what_cloud_logging_means() {
        let r500 = request(503, 1_700_000_000);
        let r200 = request(200, 1_700_000_000);
        let (sev, text, json, _) = app_entry(
            LogKind::Stderr,
            r#"{"severity":"warning","message":"disk almost full","pct":93}"#,
        );
        let app = LogEntry {
            severity: sev,
            text,
            json,
            ..entry(LogKind::Stderr, 0, 1_700_000_100)
        };
        check(
            r#"resource.type="cloud_run_revision" AND resource.labels.service_name="jokes" AND severity>=ERROR"#,
            &r500,
            true,
        );
        check(
            r#"resource.type="cloud_run_revision" AND resource.labels.service_name="jokes" AND severity>=ERROR"#,
            &r200,
            false,
        );
        check("severity>=WARNING", &app, true);
        check("severity=WARNING", &app, true);
        check("severity>ERROR", &app, false);
        check("httpRequest.status>=500", &r500, true);
        check("httpRequest.status>=500", &app, false);
        check("NOT httpRequest.status>=500", &app, true);
        check("httpRequest.requestUrl:\"/STATUS/\"", &r200, true);
        check("jsonPayload.message:\"almost\"", &app, true);
        check("jsonPayload.pct>90", &app, true);
        check("\"disk almost\"", &app, true);
        check("disk OR nothing", &r200, false);
        check(
            r#"logName="projects/default/logs/run.googleapis.com%2Fstderr""#,
            &app,
            true,
        );
        check("logName:requests", &r200, true);
        check(
            "timestamp>=\"2023-11-14T22:13:20Z\" AND timestamp<\"2023-11-14T22:15:00Z\"",
            &r200,
            true,
        );
        check("timestamp>\"2023-11-14T22:13:20Z\"", &r200, false);
        check(
            "resource.labels.revision_name=jokes-00001-abc labels.instanceId=i-1",
            &app,
            true,
        );
        check(
            "resource.labels.location = us-central1 (severity=ERROR OR severity=WARNING)",
            &app,
            true,
        );
    }

    #[test]
    fn unknown_fields_and_values_are_errors() {
        let err = |f: &str| LogFilter::parse(f).unwrap_err().to_string();
        assert!(err("protoPayload.status=1").starts_with(
            "runlane logs have no field \"protoPayload.status\"; filter on one of: resource.type"
        ));
        assert_eq!(err("severity>=LOUD"), "\"LOUD\" is not a severity; use DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT or EMERGENCY");
        assert_eq!(
            err("timestamp>=yesterday"),
            "\"yesterday\" is not an RFC 3339 timestamp; write timestamp>=\"2024-05-01T10:00:00Z\""
        );
    }

    #[test]
    fn structured_lines_become_json_entries() {
        assert_eq!(
            app_entry(LogKind::Stdout, "plain"),
            (0, Some("plain".into()), None, None)
        );
        let (sev, text, json, trace) = app_entry(
            LogKind::Stdout,
            r#"{"severity":"ERROR","message":"boom","logging.googleapis.com/trace":"projects/p/traces/abc"}"#,
        );
        assert_eq!(
            (sev, text, trace.as_deref()),
            (500, None, Some("projects/p/traces/abc"))
        );
        assert_eq!(json, Some(json!({"message": "boom"})));
        assert_eq!(
            app_entry(LogKind::Stdout, "{not json").1.as_deref(),
            Some("{not json")
        );
        assert_eq!(
            app_entry(LogKind::Stdout, "[1,2]").1.as_deref(),
            Some("[1,2]")
        );
    }

    /// Segments overlap in time: a service's batch, another service's, and a
    /// later batch holding a slow request that started before all of them.
    #[test]
    fn overlapping_segments_merge_in_time_order_in_both_directions() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        let at = |service: &str, ms: i64| LogEntry {
            service: service.into(),
            timestamp: 1_700_000_000_000_000_000 + ms * 1_000_000,
            ..entry(LogKind::Stdout, (ms % 3) as i32 * 200, 0)
        };
        let first: Vec<LogEntry> = (0..50)
            .flat_map(|i| [at("a", 2 * i), at("b", 2 * i + 1), at("a", 2 * i)])
            .collect();
        db.insert(&first).unwrap();
        let second: Vec<LogEntry> = [at("b", -3), at("a", 99), at("a", 100), at("b", 40)].into();
        db.insert(&second).unwrap();
        assert_eq!(db.count().unwrap(), 154);

        let sorted = |mut v: Vec<LogEntry>| {
            v.sort_by_key(|e| (e.timestamp, e.id));
            v
        };
        let oldest_first = every_page(&db, all(false, 7, None));
        assert_eq!(oldest_first.len(), 154);
        assert_eq!(oldest_first, sorted(oldest_first.clone()));
        let mut newest_first = every_page(&db, all(true, 11, None));
        newest_first.reverse();
        assert_eq!(newest_first, oldest_first);
        let ids: std::collections::BTreeSet<i64> = oldest_first.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), 154, "ids are unique");

        // Narrowed by service, severity and time, as SQL narrows segments.
        let q = |filter: &str, newest_first: bool| LogQuery {
            filter: LogFilter::parse(filter).unwrap(),
            ..all(newest_first, 5, None)
        };
        let expect = |keep: &dyn Fn(&LogEntry) -> bool| -> Vec<LogEntry> {
            oldest_first.iter().filter(|e| keep(e)).cloned().collect()
        };
        let filter =
            "resource.labels.service_name=b severity>=INFO timestamp>=\"2023-11-14T22:13:20.010Z\"";
        let want = expect(&|e| {
            e.service == "b" && e.severity >= 200 && e.timestamp >= 1_700_000_000_010_000_000
        });
        assert!(want.len() > 5, "spans pages");
        assert_eq!(every_page(&db, q(filter, false)), want);
        let mut backwards = every_page(&db, q(filter, true));
        backwards.reverse();
        assert_eq!(backwards, want);
    }

    #[test]
    fn stores_queries_pages_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let db = LogDb::open(&dir.path().join("logs.db")).unwrap();
        let t0 = 1_700_000_000;
        let batch: Vec<LogEntry> = (0..100)
            .map(|i| request(if i % 10 == 0 { 500 } else { 200 }, t0 + i))
            .collect();
        db.insert(&batch).unwrap();
        let q = |filter: &str, newest_first: bool, limit: usize, after: Option<Cursor>| LogQuery {
            filter: LogFilter::parse(filter).unwrap(),
            projects: vec!["default".into()],
            newest_first,
            limit,
            after,
        };
        let (page, next) = db.query(&q("severity>=ERROR", true, 4, None)).unwrap();
        let statuses: Vec<i64> = page
            .iter()
            .map(|e| (e.timestamp / 1_000_000_000) - t0)
            .collect();
        assert_eq!(statuses, [90, 80, 70, 60]);
        let (page2, next2) = db.query(&q("severity>=ERROR", true, 4, next)).unwrap();
        assert_eq!(
            page2
                .iter()
                .map(|e| e.timestamp / 1_000_000_000 - t0)
                .collect::<Vec<_>>(),
            [50, 40, 30, 20]
        );
        let (page3, next3) = db.query(&q("severity>=ERROR", true, 4, next2)).unwrap();
        assert_eq!(page3.len(), 2);
        assert_eq!(next3, None);
        assert_eq!(page[0].http.as_ref().unwrap().user_agent, "curl/8");
        let (other, _) = db
            .query(&LogQuery {
                projects: vec!["elsewhere".into()],
                ..q("", true, 10, None)
            })
            .unwrap();
        assert!(other.is_empty());
        assert_eq!(
            Cursor::decode(
                &Cursor {
                    timestamp: -5,
                    id: 7
                }
                .encode()
            ),
            Some(Cursor {
                timestamp: -5,
                id: 7
            })
        );

        // Retention by count, then by age.
        let deleted = db
            .prune(
                LogRetention {
                    max_age_seconds: 1 << 40,
                    max_entries: 30,
                },
                0,
            )
            .unwrap();
        assert_eq!((deleted, db.count().unwrap()), (70, 30));
        db.prune(
            LogRetention {
                max_age_seconds: 10,
                max_entries: 1000,
            },
            (t0 + 95) * 1_000_000_000,
        )
        .unwrap();
        assert_eq!(db.count().unwrap(), 15);
    }

    #[test]
    fn queries_walk_an_index_in_their_order_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        let reader = db.reader.lock().unwrap();
        for newest_first in [false, true] {
            for by_service in [false, true] {
                let sql = segments_sql(newest_first, by_service);
                let mut stmt = reader
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .unwrap();
                let args: &[&dyn rusqlite::ToSql] = &[&0, &1, &2, &"s"];
                let plan: Vec<String> = stmt
                    .query_map(&args[..3 + usize::from(by_service)], |row| row.get(3))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                let plan = plan.join("; ");
                assert!(plan.contains("USING INDEX"), "{sql}: {plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
            }
        }
    }

    #[test]
    fn a_prune_goes_in_bounded_steps_and_ends_where_one_prune_would() {
        let dir = tempfile::tempdir().unwrap();
        let db = LogDb::open(&dir.path().join("logs.db")).unwrap();
        let t0 = 1_700_000_000;
        // Ten segments of ten entries (ids 1..=100).
        for s in 0..10 {
            let batch: Vec<LogEntry> = (0..10).map(|i| request(200, t0 + s * 10 + i)).collect();
            db.insert(&batch).unwrap();
        }
        let keep_25 = LogRetention {
            max_age_seconds: 1 << 40,
            max_entries: 25,
        };
        // Ids up to 75 go: seven segments whole, then 71..=75 of the eighth.
        let steps: Vec<PruneStep> = (0..3)
            .map(|_| db.prune_step(keep_25, 0, 3).unwrap())
            .collect();
        let step = |deleted, done| PruneStep { deleted, done };
        assert_eq!(steps, [step(30, false), step(30, false), step(15, true)]);
        assert_eq!(db.count().unwrap(), 25);
        let (page, _) = db.query(&all(false, 100, None)).unwrap();
        let ids: Vec<i64> = page.iter().map(|e| e.id).collect();
        assert_eq!(ids, (76..=100).collect::<Vec<_>>());
        assert_eq!(db.prune_step(keep_25, 0, 3).unwrap(), step(0, true));
    }

    #[test]
    fn pruning_finds_segments_by_index_without_reading_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        let writer = db.writer.lock().unwrap();
        for (sql, params) in [(PRUNE_PAST, &[0, 1, 2][..]), (PRUNE_STRADDLING, &[0, 1])] {
            let plan: Vec<String> = writer
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(rusqlite::params_from_iter(params), |row| row.get(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let plan = plan.join("; ");
            assert!(plan.contains("MULTI-INDEX OR"), "{sql}: {plan}");
            assert!(!plan.contains("SCAN"), "{sql}: {plan}");
        }
    }

    #[test]
    fn both_connections_keep_their_share_of_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        assert_eq!(
            (
                sqlite::cache_size(&db.writer.lock().unwrap().conn),
                sqlite::cache_size(&db.reader.lock().unwrap())
            ),
            (-sqlite::WRITER_CACHE_KIB, -sqlite::READER_CACHE_KIB)
        );
    }

    #[test]
    fn a_damaged_segment_is_an_error_that_names_the_file_and_the_entries() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir);
        db.insert(&full_entries()).unwrap();
        db.writer
            .lock()
            .unwrap()
            .conn
            .execute("UPDATE segments SET body = x'ff'", [])
            .unwrap();
        let err = db.query(&all(false, 10, None)).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "the logs database {} holds a damaged batch of entries (ids from 1): ",
                dir.path().join("logs.db").display()
            )),
            "{err}"
        );
        assert!(err.ends_with("; delete it to start afresh"), "{err}");
        // Storing goes on: new entries land in segments of their own.
        db.insert(&[entry(LogKind::Stdout, 0, 1)]).unwrap();
        assert_eq!(db.count().unwrap(), 4);
    }

    #[test]
    fn rows_of_earlier_versions_move_into_segments_with_their_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs.db");
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(
                "CREATE TABLE entries (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, namespace TEXT NOT NULL, service TEXT NOT NULL, revision TEXT NOT NULL, instance TEXT NOT NULL, location TEXT NOT NULL, kind INTEGER NOT NULL, severity INTEGER NOT NULL, status INTEGER, doc TEXT NOT NULL);
                 INSERT INTO entries VALUES (3, 2000, 'p', 'jokes', 'jokes-00001-abc', 'i-1', 'here', 0, 500, 503, '{\"http\":[\"GET\",\"http://jokes.localhost/\",503,1500,0,9,\"curl/8\",\"127.0.0.1\",\"\",\"HTTP/1.1\"],\"trace\":\"projects/p/traces/t\"}');
                 INSERT INTO entries VALUES (7, 1000, 'p', 'jokes', 'jokes-00001-abc', 'i-1', 'here', 1, 200, NULL, '{\"json\":{\"message\":\"up\"}}');
                 INSERT INTO entries VALUES (9, 1500, 'p', 'other', 'other-00001-xyz', 'i-2', 'here', 2, 0, NULL, '{\"text\":\"hi\"}');",
            )
            .unwrap();
        }
        let db = LogDb::open(&path).unwrap();
        let moved = every_page(&db, all(false, 10, None));
        let summary: Vec<(i64, i64, &str, Option<u16>)> = moved
            .iter()
            .map(|e| {
                (
                    e.id,
                    e.timestamp,
                    e.service.as_str(),
                    e.http.as_ref().map(|h| h.status),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (7, 1000, "jokes", None),
                (9, 1500, "other", None),
                (3, 2000, "jokes", Some(503))
            ]
        );
        assert_eq!(moved[0].json, Some(json!({"message": "up"})));
        assert_eq!(moved[1].text.as_deref(), Some("hi"));
        assert_eq!(moved[1].kind, LogKind::Stderr);
        assert_eq!(moved[2].http.as_ref().unwrap().user_agent, "curl/8");
        assert_eq!(moved[2].trace.as_deref(), Some("projects/p/traces/t"));
        // The old table is gone, and new entries are numbered after the old ones.
        db.insert(&[entry(LogKind::Stdout, 0, 1)]).unwrap();
        drop(db);
        let db = LogDb::open(&path).unwrap();
        let ids: Vec<i64> = every_page(&db, all(false, 10, None))
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, [7, 9, 3, 10]);
        let tables: i64 = db
            .reader
            .lock()
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'entries'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn times_format_as_rfc3339_nanos() {
        assert_eq!(
            format_time(1_700_000_000_123_000_000),
            "2023-11-14T22:13:20.123000000Z"
        );
        assert_eq!(
            parse_time("2023-11-14T22:13:20.123Z"),
            Some(1_700_000_000_123_000_000)
        );
        // Every form Google takes: Z, ±HH:MM, ±HHMM (google-cloud-logging's), fractions.
        for text in [
            "2023-11-14T22:13:20.123+00:00",
            "2023-11-14T22:13:20.123+0000",
            "2023-11-14T23:13:20.123+0100",
            "2023-11-14T21:13:20.123-01:00",
            "2023-11-14t22:13:20.123z",
        ] {
            assert_eq!(parse_time(text), Some(1_700_000_000_123_000_000), "{text}");
        }
        assert_eq!(parse_time("2023-11-14T22:13:20+0000"), Some(1_700_000_000_000_000_000));
        assert_eq!(parse_time("2999-01-01T00:00:00Z"), Some(i64::MAX), "after 2262: the end of time, not an error");
        assert_eq!(parse_time("2023-11-14T22:13:20.059127+0000"), Some(1_700_000_000_059_127_000));
        for bad in ["2023-11-14T22:13:20", "2023-11-14T22:13:20+000", "2023-11-14T22:13:20+00x0", "yesterday", "+0000"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(severity_name(450), "WARNING");
    }
}
