//! How telemetry's stores open SQLite, and how much page cache each connection
//! may keep.
//!
//! The bundled SQLite is built with `SQLITE_ENABLE_MEMORY_MANAGEMENT`, so every
//! connection in the process draws its pages from one pool, as large as the sum
//! of their `cache_size`s. An idle connection lends its share to a busy one: with
//! SQLite's default of 2 MB for each of the six connections, the log and metrics
//! writers grew SQLite's memory to 11.4 MB over ten minutes at 10k rps, with pages
//! that nothing read again. Each connection therefore states its share (see
//! "SQLite page cache" in ARCHITECTURE.md for the whole budget). A page that is not
//! cached is one `pread` from the OS's cache of the file.

use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// The writer's share: stores append at the right edge of each b-tree and the
/// prune deletes at the left edge, so it needs the few pages along those edges.
pub(crate) const WRITER_CACHE_KIB: i64 = 256;

/// The reader's share: a query's working set (an SLO's series over 30 days is a
/// few hundred rows of the hour and minute tiers).
pub(crate) const READER_CACHE_KIB: i64 = 512;

/// Opens `path` in WAL mode with `synchronous = NORMAL`: durable against a crash
/// of this process (the WAL is in the OS's hands at commit); an OS crash may
/// lose the last commits, which is fine for telemetry.
pub(crate) fn open(
    path: &Path,
    busy_timeout: Duration,
    cache_kib: i64,
) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A negative size is in KiB rather than pages.
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    conn.busy_timeout(busy_timeout)?;
    Ok(conn)
}

/// A connection's `cache_size` as set (negative: KiB), for tests.
#[cfg(test)]
pub(crate) fn cache_size(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "cache_size", |r| r.get(0))
        .expect("cache_size is readable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_keep_the_page_cache_they_are_given() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("t.db"), Duration::from_secs(1), 300).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), cache_size(&conn)), ("wal", -300));
    }
}
