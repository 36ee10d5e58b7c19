//! The embedded time-series store: one SQLite file of its own (`metrics.db`),
//! so a telemetry write burst never waits on, or slows, a control-plane commit.
//!
//! Every second the collector writes each active revision's [`Interval`] for that
//! second, and in the same transaction merges it into the revision's minute
//! and hour rows. Every tier is therefore complete up to the last write, and a
//! kill -9 loses only what was not yet written (see `lib.rs` for the bound).
//!
//! | tier | step | kept |
//! |------|------|------|
//! | 0 | 1 s | 2 h |
//! | 1 | 1 min | 8 days |
//! | 2 | 1 h | 40 days |
//!
//! A range query reads whole coarse buckets for the inside of the range and
//! finer ones for its edges ([`plan`]), so a 30-day sum of one revision reads
//! about 720 hour rows plus at most 118 minute and second rows. A bucket
//! belongs to the range that contains its start; where the finer tiers have
//! expired (the old edge of a range reaching back more than 8 days), the
//! partial first hour is left out.
//!
//! Disk bound: per revision at most 7,200 + 11,520 + 960 rows, each the size
//! of its distinct status codes, latency and utilisation buckets (tens of bytes
//! for steady traffic, at most about 29 KB); revisions that stop getting traffic age out
//! with their rows. Memory: the writer keeps the open minute and hour of each
//! revision written in the current hour (two intervals each).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::{params, Connection, OptionalExtension};

use crate::interval::Interval;
use crate::sqlite;

/// Unix time in seconds.
pub type UnixSeconds = i64;

/// One second's intervals: `(second, [(service, revision, interval)])`.
pub type SecondIntervals = (UnixSeconds, Vec<(String, String, Interval)>);

/// One resolution of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Bucket length in seconds.
    pub step: i64,
    /// How long buckets are kept, in seconds.
    pub retention: i64,
}

/// The tiers, finest first.
pub const TIERS: [Tier; 3] = [
    Tier {
        step: 1,
        retention: 2 * 3600,
    },
    Tier {
        step: 60,
        retention: 8 * 86_400,
    },
    Tier {
        step: 3600,
        retention: 40 * 86_400,
    },
];

/// A half-open time range `[start, end)` in unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: UnixSeconds,
    pub end: UnixSeconds,
}

impl Range {
    pub fn new(start: UnixSeconds, end: UnixSeconds) -> Range {
        Range { start, end }
    }

    /// The `seconds` before `end`.
    pub fn last(seconds: i64, end: UnixSeconds) -> Range {
        Range {
            start: end - seconds,
            end,
        }
    }

    pub fn seconds(&self) -> i64 {
        (self.end - self.start).max(0)
    }
}

/// One revision's series.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SeriesInfo {
    pub id: i64,
    pub service: String,
    pub revision: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TsdbError {
    #[error("the metrics database {path} failed: {source}; check that the data dir is writable and not full")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// The time-series store.
pub struct MetricsDb {
    path: PathBuf,
    writer: Mutex<Writer>,
    reader: Mutex<Connection>,
    /// Every series by service, read from the table once and then kept by the writer,
    /// so a query scoped to one service (an SLO's) does not read all series.
    index: Mutex<Option<SeriesIndex>>,
}

/// Series by service, each service's in revision order.
type SeriesIndex = std::collections::BTreeMap<String, Vec<SeriesInfo>>;

impl std::fmt::Debug for MetricsDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsDb")
            .field("path", &self.path)
            .finish()
    }
}

struct Writer {
    conn: Connection,
    ids: HashMap<(String, String), i64>,
    /// The open minute and hour of each series: (series, tier) → (bucket start, interval).
    open: HashMap<(i64, usize), (UnixSeconds, Interval)>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY,
    service TEXT NOT NULL,
    revision TEXT NOT NULL,
    UNIQUE (service, revision)
);
CREATE TABLE IF NOT EXISTS points (
    series INTEGER NOT NULL,
    tier INTEGER NOT NULL,
    t INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (series, tier, t)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
";

const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

impl MetricsDb {
    pub fn open(path: &Path) -> Result<MetricsDb, TsdbError> {
        let err = |source| TsdbError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let conn = sqlite::open(path, BUSY_TIMEOUT, sqlite::WRITER_CACHE_KIB).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        let reader = sqlite::open(path, BUSY_TIMEOUT, sqlite::READER_CACHE_KIB).map_err(err)?;
        Ok(MetricsDb {
            path: path.to_owned(),
            writer: Mutex::new(Writer {
                conn,
                ids: HashMap::new(),
                open: HashMap::new(),
            }),
            reader: Mutex::new(reader),
            index: Mutex::new(None),
        })
    }

    fn err(&self, source: rusqlite::Error) -> TsdbError {
        TsdbError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Writes second `second`'s intervals (empty ones are skipped) and rolls them
    /// into the minute and hour rows, in one transaction; then records that
    /// everything before `second + 1` is persisted.
    pub fn write_second(
        &self,
        second: UnixSeconds,
        intervals: &[(String, String, Interval)],
    ) -> Result<(), TsdbError> {
        self.write_seconds(&[(second, intervals.to_vec())])
    }

    /// [`MetricsDb::write_second`] for several seconds (ascending) in one
    /// transaction: for catching up and bulk loads.
    pub fn write_seconds(&self, seconds: &[SecondIntervals]) -> Result<(), TsdbError> {
        let mut w = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let w = &mut *w;
        let tx = w.conn.transaction().map_err(|e| self.err(e))?;
        let mut last = i64::MIN;
        let known_before = w.ids.len();
        // Series this transaction may have added (first seen by this writer), for the index.
        let mut new_series: Vec<SeriesInfo> = Vec::new();
        for (second, intervals) in seconds {
            let second = *second;
            last = last.max(second);
            for (service, revision, interval) in intervals {
                if interval.is_empty() {
                    continue;
                }
                let id = series_id(&tx, &mut w.ids, service, revision).map_err(|e| self.err(e))?;
                if w.ids.len() > known_before && !new_series.iter().any(|s: &SeriesInfo| s.id == id) {
                    new_series.push(SeriesInfo { id, service: service.clone(), revision: revision.clone() });
                }
                put_point(&tx, id, 0, second, interval).map_err(|e| self.err(e))?;
                for (tier, t) in TIERS.iter().enumerate().skip(1) {
                    let bucket = second - second.rem_euclid(t.step);
                    let entry = w
                        .open
                        .entry((id, tier))
                        .or_insert((i64::MIN, Interval::default()));
                    if entry.0 != bucket {
                        // First write to this bucket since start: resume what an
                        // earlier run wrote to it.
                        let stored = get_point(&tx, id, tier, bucket).map_err(|e| self.err(e))?;
                        *entry = (bucket, stored.unwrap_or_default());
                    }
                    entry.1.merge(interval);
                    put_point(&tx, id, tier, bucket, &entry.1).map_err(|e| self.err(e))?;
                }
            }
        }
        if last == i64::MIN {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('persisted_until', ?1)
             ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
            params![last + 1],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        if !new_series.is_empty() {
            let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(index) = index.as_mut() {
                for s in new_series {
                    let list = index.entry(s.service.clone()).or_default();
                    if let Err(at) = list.binary_search_by(|x| x.revision.cmp(&s.revision)) {
                        list.insert(at, s);
                    }
                }
            }
        }
        // Forget buckets that have closed.
        w.open
            .retain(|(_, tier), (start, _)| *start + TIERS[*tier].step > last);
        Ok(())
    }

    /// Deletes buckets past their tier's retention as of `now`; returns how many.
    pub fn prune(&self, now: UnixSeconds) -> Result<usize, TsdbError> {
        let w = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut deleted = 0;
        for (tier, t) in TIERS.iter().enumerate() {
            deleted += w
                .conn
                .execute(
                    "DELETE FROM points WHERE tier = ?1 AND t < ?2",
                    params![tier as i64, now - t.retention],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(deleted)
    }

    /// Everything before this second has been written (0 if nothing was).
    pub fn persisted_until(&self) -> Result<UnixSeconds, TsdbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        r.query_row(
            "SELECT value FROM meta WHERE key = 'persisted_until'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map(Option::unwrap_or_default)
        .map_err(|e| self.err(e))
    }

    /// Every series ever written (and not yet forgotten).
    pub fn series(&self) -> Result<Vec<SeriesInfo>, TsdbError> {
        self.with_index(|index| index.values().flatten().cloned().collect())
    }

    /// The series of one service (what an SLO scoped to a service reads), without
    /// looking at other services'.
    pub fn series_of(&self, service: &str) -> Result<Vec<SeriesInfo>, TsdbError> {
        self.with_index(|index| index.get(service).cloned().unwrap_or_default())
    }

    fn with_index<T>(&self, f: impl FnOnce(&SeriesIndex) -> T) -> Result<T, TsdbError> {
        let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
        if index.is_none() {
            let mut loaded = SeriesIndex::new();
            for s in self.read_series()? {
                loaded.entry(s.service.clone()).or_default().push(s);
            }
            *index = Some(loaded);
        }
        Ok(f(index.as_ref().unwrap_or(&SeriesIndex::new())))
    }

    fn read_series(&self) -> Result<Vec<SeriesInfo>, TsdbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let mut stmt = r
            .prepare_cached("SELECT id, service, revision FROM series ORDER BY service, revision")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(SeriesInfo {
                    id: row.get(0)?,
                    service: row.get(1)?,
                    revision: row.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Rows of one series and tier whose bucket starts in `[from, to)`.
    pub fn read(
        &self,
        series: i64,
        tier: usize,
        from: UnixSeconds,
        to: UnixSeconds,
    ) -> Result<Vec<(UnixSeconds, Interval)>, TsdbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        read_rows(&r, series, tier, from, to).map_err(|e| self.err(e))
    }

    /// Each selected series' numbers summed over `range`, read as [`plan`] says.
    pub fn totals(
        &self,
        series: &[SeriesInfo],
        range: Range,
        now: UnixSeconds,
    ) -> Result<Vec<(SeriesInfo, Interval)>, TsdbError> {
        let pieces = plan(range, now);
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::with_capacity(series.len());
        for s in series {
            let mut total = Interval::default();
            for &(tier, from, to) in &pieces {
                visit_rows(&r, s.id, tier, from, to, |_, interval| total.merge(&interval))
                    .map_err(|e| self.err(e))?;
            }
            out.push((s.clone(), total));
        }
        Ok(out)
    }

    /// Each selected series binned into steps of `step` seconds from
    /// `range.start`, read from one tier: the coarsest whose step divides
    /// `step` and that still holds `range.start`. Returns the step used (a
    /// step finer than the only tier that reaches back far enough is widened
    /// to that tier's) and, per series, `(bin start, interval)` for bins with data.
    #[allow(clippy::type_complexity)]
    pub fn binned(
        &self,
        series: &[SeriesInfo],
        range: Range,
        step: i64,
        now: UnixSeconds,
    ) -> Result<(i64, Vec<(SeriesInfo, Vec<(UnixSeconds, Interval)>)>), TsdbError> {
        let (tier, step) = tier_for(range.start, step.max(1), now);
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::with_capacity(series.len());
        for s in series {
            let mut bins: Vec<(UnixSeconds, Interval)> = Vec::new();
            visit_rows(&r, s.id, tier, range.start, range.end, |t, interval| {
                let bin = range.start + (t - range.start).div_euclid(step) * step;
                match bins.last_mut() {
                    Some((b, acc)) if *b == bin => acc.merge(&interval),
                    _ => bins.push((bin, interval)),
                }
            })
            .map_err(|e| self.err(e))?;
            out.push((s.clone(), bins));
        }
        Ok((step, out))
    }
}

/// The tier a binned query reads, and the step it can give.
pub fn tier_for(start: UnixSeconds, step: i64, now: UnixSeconds) -> (usize, i64) {
    for (k, t) in TIERS.iter().enumerate().rev() {
        if t.step <= step && step % t.step == 0 && start >= now - t.retention {
            return (k, step);
        }
    }
    // Nothing divides the step: the finest tier that reaches back far enough.
    for (k, t) in TIERS.iter().enumerate() {
        if start >= now - t.retention {
            let step = ceil_div(step, t.step) * t.step;
            return (k, step);
        }
    }
    let last = TIERS.len() - 1;
    (last, ceil_div(step, TIERS[last].step) * TIERS[last].step)
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1).div_euclid(b)
}

/// Which tier to read for which part of `range`: `(tier, from, to)` pieces
/// whose rows (by bucket start) together cover the range once.
pub fn plan(range: Range, now: UnixSeconds) -> Vec<(usize, UnixSeconds, UnixSeconds)> {
    let mut out = Vec::new();
    cover(range.start, range.end, TIERS.len() - 1, now, &mut out);
    out.sort_unstable();
    out
}

fn cover(a: i64, b: i64, k: usize, now: i64, out: &mut Vec<(usize, i64, i64)>) {
    if a >= b {
        return;
    }
    if k == 0 {
        out.push((0, a, b));
        return;
    }
    let s = TIERS[k].step;
    let lo = a.div_euclid(s) * s + if a.rem_euclid(s) == 0 { 0 } else { s };
    let hi = b.div_euclid(s) * s;
    if lo >= hi {
        cover_edge(a, b, k, now, out);
        return;
    }
    out.push((k, lo, hi));
    cover_edge(a, lo, k, now, out);
    cover_edge(hi, b, k, now, out);
}

/// `[a, b)` lies within one bucket of tier `k`.
fn cover_edge(a: i64, b: i64, k: usize, now: i64, out: &mut Vec<(usize, i64, i64)>) {
    if a >= b {
        return;
    }
    let finer_from = now - TIERS[k - 1].retention;
    if a >= finer_from {
        cover(a, b, k - 1, now, out);
    } else if a.rem_euclid(TIERS[k].step) == 0 {
        // The finer rows are gone; the bucket starts here, so it is ours whole.
        out.push((k, a, b));
    } else if b > finer_from {
        // The bucket started before the range: use what the finer tier still has.
        cover(finer_from, b, k - 1, now, out);
    }
}

fn series_id(
    conn: &Connection,
    ids: &mut HashMap<(String, String), i64>,
    service: &str,
    revision: &str,
) -> Result<i64, rusqlite::Error> {
    let key = (service.to_owned(), revision.to_owned());
    if let Some(id) = ids.get(&key) {
        return Ok(*id);
    }
    conn.execute(
        "INSERT OR IGNORE INTO series (service, revision) VALUES (?1, ?2)",
        params![service, revision],
    )?;
    let id: i64 = conn.query_row(
        "SELECT id FROM series WHERE service = ?1 AND revision = ?2",
        params![service, revision],
        |r| r.get(0),
    )?;
    ids.insert(key, id);
    Ok(id)
}

fn put_point(
    conn: &Connection,
    series: i64,
    tier: usize,
    t: i64,
    interval: &Interval,
) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO points (series, tier, t, data) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![series, tier as i64, t, interval.encode()])?;
    Ok(())
}

fn get_point(
    conn: &Connection,
    series: i64,
    tier: usize,
    t: i64,
) -> Result<Option<Interval>, rusqlite::Error> {
    let blob: Option<Vec<u8>> = conn
        .prepare_cached("SELECT data FROM points WHERE series = ?1 AND tier = ?2 AND t = ?3")?
        .query_row(params![series, tier as i64, t], |r| r.get(0))
        .optional()?;
    Ok(blob.and_then(|b| Interval::decode(&b)))
}

fn visit_rows(
    conn: &Connection,
    series: i64,
    tier: usize,
    from: i64,
    to: i64,
    mut f: impl FnMut(i64, Interval),
) -> Result<(), rusqlite::Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT t, data FROM points WHERE series = ?1 AND tier = ?2 AND t >= ?3 AND t < ?4 ORDER BY t",
    )?;
    let mut rows = stmt.query(params![series, tier as i64, from, to])?;
    while let Some(row) = rows.next()? {
        let t: i64 = row.get(0)?;
        let data = row.get_ref(1)?.as_blob()?;
        if let Some(interval) = Interval::decode(data) {
            f(t, interval);
        }
    }
    Ok(())
}

fn read_rows(
    conn: &Connection,
    series: i64,
    tier: usize,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, Interval)>, rusqlite::Error> {
    let mut out = Vec::new();
    visit_rows(conn, series, tier, from, to, |t, s| out.push((t, s)))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    /// A "now" on an hour boundary plus a bit, far from the epoch.
    const NOW: i64 = 1_800_000_000 + 1234;

    fn check_plan(range: Range, now: i64, expected: &[(usize, i64, i64)]) {
        assert_eq!(plan(range, now), expected, "{range:?} at {now}");
    }

    #[test]
    fn both_connections_keep_their_share_of_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("metrics.db")).unwrap();
        assert_eq!(
            (
                sqlite::cache_size(&db.writer.lock().unwrap().conn),
                sqlite::cache_size(&db.reader.lock().unwrap())
            ),
            (-sqlite::WRITER_CACHE_KIB, -sqlite::READER_CACHE_KIB)
        );
    }

    #[test]
    fn plans_read_coarse_insides_and_fine_edges() {
        let h = 1_800_000_000; // an hour boundary
                               // A few minutes, recent: minutes inside, seconds at the edges.
        check_plan(
            Range::new(h + 30, h + 330),
            h + 400,
            &[
                (0, h + 30, h + 60),
                (0, h + 300, h + 330),
                (1, h + 60, h + 300),
            ],
        );
        // Within one minute: seconds only.
        check_plan(Range::new(h + 1, h + 59), h + 60, &[(0, h + 1, h + 59)]);
        // Aligned hours, recent.
        check_plan(Range::new(h, h + 7200), h + 7200, &[(2, h, h + 7200)]);
        // 30 days back from a not-aligned now: the old partial hour is older
        // than the minute tier keeps, so it is left out.
        let now = h + 1830;
        check_plan(
            Range::last(30 * DAY, now),
            now,
            &[
                (0, h + 1800, h + 1830),
                (1, h, h + 1800),
                (2, now - 30 * DAY + 1770, h),
            ],
        );
        // An old range ending mid-hour: the last hour is taken whole.
        let now = h + 20 * DAY;
        check_plan(
            Range::new(h, h + 5400),
            now,
            &[(2, h, h + 3600), (2, h + 3600, h + 5400)],
        );
    }

    fn interval(codes: &[(u16, u64)]) -> Interval {
        Interval {
            codes: codes.to_vec(),
            ..Interval::default()
        }
    }

    #[test]
    fn writes_roll_up_and_resume_after_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metrics.db");
        let h = NOW - NOW % 3600;
        {
            let db = MetricsDb::open(&path).unwrap();
            for s in 0..130 {
                let codes: &[(u16, u64)] = if s % 2 == 1 {
                    &[(200, 1), (500, 1)]
                } else {
                    &[(200, 1)]
                };
                let intervals = vec![("svc".to_owned(), "svc-1".to_owned(), interval(codes))];
                db.write_second(h + s, &intervals).unwrap();
            }
            assert_eq!(db.persisted_until().unwrap(), h + 130);
        }
        // Reopened mid-minute (as after a kill -9): the open minute and hour resume.
        let db = MetricsDb::open(&path).unwrap();
        db.write_second(
            h + 130,
            &[("svc".into(), "svc-1".into(), interval(&[(200, 10)]))],
        )
        .unwrap();
        let series = db.series().unwrap();
        assert_eq!(series.len(), 1);
        let id = series[0].id;
        let minutes = db.read(id, 1, h, h + 3600).unwrap();
        assert_eq!(
            minutes.iter().map(|(t, _)| *t - h).collect::<Vec<_>>(),
            [0, 60, 120]
        );
        assert_eq!(minutes[2].1.codes, [(200, 20), (500, 5)]);
        let hour = db.read(id, 2, h, h + 3600).unwrap();
        assert_eq!(hour[0].1.codes, [(200, 140), (500, 65)]);
        // Any range adds up exactly from the stitched tiers.
        let check = |a: i64, b: i64| {
            let total = db
                .totals(&series, Range::new(h + a, h + b), h + 200)
                .unwrap();
            let expected_ok = (a.min(131)..b.min(131))
                .map(|s| if s == 130 { 10 } else { 1 })
                .sum::<u64>();
            let expected_err = (a.min(130)..b.min(130)).filter(|s| s % 2 == 1).count() as u64;
            let mut want = vec![(200, expected_ok)];
            if expected_err > 0 {
                want.push((500, expected_err));
            }
            assert_eq!(total[0].1.codes, want, "[{a}, {b})");
        };
        check(0, 131);
        check(7, 128);
        check(59, 61);
        check(60, 120);
        check(0, 3600);
        let (step, bins) = db
            .binned(&series, Range::new(h, h + 180), 60, h + 200)
            .unwrap();
        assert_eq!(step, 60);
        assert_eq!(
            bins[0]
                .1
                .iter()
                .map(|(_, s)| s.requests())
                .collect::<Vec<_>>(),
            [90, 90, 25]
        );
    }

    #[test]
    fn series_are_listed_per_service_and_follow_new_writes_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metrics.db");
        let names = |v: Vec<SeriesInfo>| v.into_iter().map(|s| format!("{}/{}", s.service, s.revision)).collect::<Vec<_>>();
        let write = |db: &MetricsDb, t: i64, series: &[(&str, &str)]| {
            let intervals: Vec<_> = series.iter().map(|(s, r)| ((*s).to_owned(), (*r).to_owned(), interval(&[(200, 1)]))).collect();
            db.write_second(t, &intervals).unwrap();
        };
        {
            let db = MetricsDb::open(&path).unwrap();
            write(&db, NOW, &[("b", "b-2"), ("a", "a-1")]);
            assert_eq!(names(db.series().unwrap()), ["a/a-1", "b/b-2"]);
            // Series first written after the index was read join it, in order.
            write(&db, NOW + 1, &[("b", "b-1"), ("c", "c-1"), ("a", "a-1")]);
            assert_eq!(names(db.series().unwrap()), ["a/a-1", "b/b-1", "b/b-2", "c/c-1"]);
            assert_eq!(names(db.series_of("b").unwrap()), ["b/b-1", "b/b-2"]);
            assert!(db.series_of("nobody").unwrap().is_empty());
        }
        // A new run reads the index from the table, with the same ids.
        let db = MetricsDb::open(&path).unwrap();
        let ids_before: Vec<i64> = db.series().unwrap().iter().map(|s| s.id).collect();
        write(&db, NOW + 2, &[("a", "a-2")]);
        assert_eq!(names(db.series_of("a").unwrap()), ["a/a-1", "a/a-2"]);
        assert_eq!(names(db.series().unwrap()), names(db.read_series().unwrap()), "the index matches the table");
        assert_eq!(db.series().unwrap().iter().filter(|s| s.revision != "a-2").map(|s| s.id).collect::<Vec<_>>(), ids_before);
    }

    #[test]
    fn retention_bounds_the_rows_per_revision() {
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("m.db")).unwrap();
        // 50 days of traffic once every 10 minutes, plus 3 hours of every second.
        let start = NOW - 50 * DAY;
        let mut t = start;
        while t < NOW - 3 * 3600 {
            db.write_second(t, &[("s".into(), "s-1".into(), interval(&[(200, 1)]))])
                .unwrap();
            t += 600;
        }
        for t in NOW - 3 * 3600..NOW {
            db.write_second(t, &[("s".into(), "s-1".into(), interval(&[(200, 1)]))])
                .unwrap();
        }
        db.prune(NOW).unwrap();
        let w = db.reader.lock().unwrap();
        let count = |tier: i64| -> i64 {
            w.query_row("SELECT count(*) FROM points WHERE tier = ?1", [tier], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert!(count(0) <= TIERS[0].retention, "{}", count(0));
        assert!(count(1) <= TIERS[1].retention / 60 + 1, "{}", count(1));
        assert!(count(2) <= TIERS[2].retention / 3600 + 1, "{}", count(2));
        assert!(count(2) >= 35 * 24, "at least 35 days of hours are kept");
    }

    #[test]
    fn the_writer_keeps_two_open_buckets_per_revision_at_most() {
        let dir = tempfile::tempdir().unwrap();
        let db = MetricsDb::open(&dir.path().join("m.db")).unwrap();
        for t in NOW..NOW + 7300 {
            let intervals: Vec<_> = (0..3)
                .map(|r| ("s".to_owned(), format!("s-{r}"), interval(&[(200, 1)])))
                .collect();
            db.write_second(t, &intervals).unwrap();
            let open = db.writer.lock().unwrap().open.len();
            assert!(open <= 2 * 3, "{open} open buckets at {t}");
        }
    }

    #[test]
    fn binned_queries_pick_a_tier_that_reaches_back() {
        assert_eq!(tier_for(NOW - 3600, 1, NOW), (0, 1));
        assert_eq!(tier_for(NOW - 3600, 60, NOW), (1, 60));
        assert_eq!(tier_for(NOW - 3600, 90, NOW), (0, 90));
        assert_eq!(tier_for(NOW - 30 * DAY, 3600, NOW), (2, 3600));
        assert_eq!(tier_for(NOW - 30 * DAY, 300, NOW), (2, 3600));
        assert_eq!(tier_for(NOW - 7 * DAY, 300, NOW), (1, 300));
    }
}
