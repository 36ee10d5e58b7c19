//! Request and application logs: Cloud Run's log entries, kept in their own
//! SQLite file (`logs.db`) with retention by age and by count, and queried
//! with the Cloud Logging filter language.
//!
//! Entries arrive in batches from the writer task (never from the request
//! path). A query narrows by time, service and severity in SQL (indexed) and
//! then evaluates the whole filter on each entry, so every supported filter
//! means exactly what it says.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::{params, Connection, ToSql};
use serde_json::{Map, Value as Json};

use crate::filter::{self, Expr, FilterError, Op, Value};

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

    fn code(self) -> i64 {
        match self {
            LogKind::Request => 0,
            LogKind::Stdout => 1,
            LogKind::Stderr => 2,
        }
    }

    fn from_code(c: i64) -> LogKind {
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

/// The log store.
pub struct LogDb {
    path: PathBuf,
    conn: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl std::fmt::Debug for LogDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogDb").field("path", &self.path).finish()
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    service TEXT NOT NULL,
    revision TEXT NOT NULL,
    instance TEXT NOT NULL,
    location TEXT NOT NULL,
    kind INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    status INTEGER,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_ts ON entries (ts, id);
CREATE INDEX IF NOT EXISTS entries_service_ts ON entries (service, ts, id);
";

/// Rows stored per INSERT statement (10 parameters each, far below SQLite's limit).
const ROWS_PER_INSERT: usize = 64;

/// `INSERT INTO entries (...) VALUES (...), (...)` for `rows` rows.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO entries (ts, namespace, service, revision, instance, location, kind, severity, status, doc) VALUES ",
    );
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?,?,?)");
    }
    sql
}

fn open_conn(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(conn)
}

impl LogDb {
    pub fn open(path: &Path) -> Result<LogDb, LogDbError> {
        let err = |source| LogDbError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let conn = open_conn(path).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        let reader = open_conn(path).map_err(err)?;
        Ok(LogDb {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            reader: Mutex::new(reader),
        })
    }

    fn err(&self, source: rusqlite::Error) -> LogDbError {
        LogDbError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Stores a batch in one transaction, up to `ROWS_PER_INSERT` rows per INSERT
    /// statement: with one statement per row, SQLite's per-statement work cost as
    /// much CPU as storing the row, and the router logs every request.
    pub fn insert(&self, entries: &[LogEntry]) -> Result<(), LogDbError> {
        // The owned column values the statements borrow.
        let rows: Vec<(i64, Option<u16>, String)> = entries
            .iter()
            .map(|e| (e.kind.code(), e.http.as_ref().map(|h| h.status), doc(e)))
            .collect();
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(ROWS_PER_INSERT * 10);
        for (chunk, owned) in entries
            .chunks(ROWS_PER_INSERT)
            .zip(rows.chunks(ROWS_PER_INSERT))
        {
            values.clear();
            for (e, (kind, status, doc)) in chunk.iter().zip(owned) {
                values.extend_from_slice(&[
                    &e.timestamp as &dyn ToSql,
                    &e.namespace,
                    &e.service,
                    &e.revision,
                    &e.instance,
                    &e.location,
                    kind,
                    &e.severity,
                    status,
                    doc,
                ]);
            }
            tx.prepare_cached(&insert_sql(chunk.len()))
                .and_then(|mut stmt| stmt.execute(values.as_slice()))
                .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Deletes entries past the retention as of `now_ns`; returns how many.
    pub fn prune(&self, retention: LogRetention, now_ns: i64) -> Result<usize, LogDbError> {
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let old = conn
            .execute(
                "DELETE FROM entries WHERE ts < ?1",
                params![
                    now_ns.saturating_sub(retention.max_age_seconds.saturating_mul(1_000_000_000))
                ],
            )
            .map_err(|e| self.err(e))?;
        let excess = conn
            .execute(
                "DELETE FROM entries WHERE id <= (SELECT max(id) FROM entries) - ?1",
                params![retention.max_entries],
            )
            .map_err(|e| self.err(e))?;
        Ok(old + excess)
    }

    /// How many entries are stored.
    pub fn count(&self) -> Result<i64, LogDbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        r.query_row("SELECT count(*) FROM entries", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    /// One page of entries matching `q`, and where the next page starts
    /// (None when there is nothing more).
    pub fn query(&self, q: &LogQuery) -> Result<(Vec<LogEntry>, Option<Cursor>), LogDbError> {
        let r = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let hints = &q.filter.hints;
        let mut sql = String::from(
            "SELECT id, ts, namespace, service, revision, instance, location, kind, severity, doc FROM entries WHERE ts >= ?1 AND ts <= ?2 AND severity >= ?3",
        );
        let mut args: Vec<rusqlite::types::Value> = vec![
            hints.from_ns.into(),
            hints.to_ns.into(),
            i64::from(hints.min_severity).into(),
        ];
        if let Some(service) = &hints.service {
            sql.push_str(" AND service = ?4");
            args.push(service.clone().into());
        }
        if let Some(c) = q.after {
            let n = args.len();
            if q.newest_first {
                sql.push_str(&format!(
                    " AND (ts < ?{} OR (ts = ?{} AND id < ?{}))",
                    n + 1,
                    n + 1,
                    n + 2
                ));
            } else {
                sql.push_str(&format!(
                    " AND (ts > ?{} OR (ts = ?{} AND id > ?{}))",
                    n + 1,
                    n + 1,
                    n + 2
                ));
            }
            args.push(c.timestamp.into());
            args.push(c.id.into());
        }
        sql.push_str(if q.newest_first {
            " ORDER BY ts DESC, id DESC"
        } else {
            " ORDER BY ts ASC, id ASC"
        });
        let mut stmt = r.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut scanned = 0;
        let mut last;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let entry = entry_of(row).map_err(|e| self.err(e))?;
            last = Some(Cursor {
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
        Ok((out, None))
    }
}

/// The variable part of an entry, as stored.
/// The entry's document column: `{"http": [...], "json": ..., "text": ..., "trace": ...}`
/// with absent parts left out. Serialised straight from borrowed fields (one string
/// allocated per row, no intermediate JSON tree): it is written for every request.
fn doc(e: &LogEntry) -> String {
    type HttpRow<'a> = (
        &'a str,
        &'a str,
        u16,
        u64,
        u64,
        u64,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
    );
    // Field order is the key order a JSON map would sort them in, so documents are
    // byte-identical to those written before.
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        http: Option<HttpRow<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        json: Option<&'a Json>,
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        trace: Option<&'a str>,
    }
    let doc = Doc {
        http: e.http.as_ref().map(|h| {
            (
                h.method.as_str(),
                h.url.as_str(),
                h.status,
                h.latency_us,
                h.request_size,
                h.response_size,
                h.user_agent.as_str(),
                h.remote_ip.as_str(),
                h.referer.as_str(),
                h.protocol.as_str(),
            )
        }),
        json: e.json.as_ref(),
        text: e.text.as_deref(),
        trace: e.trace.as_deref(),
    };
    serde_json::to_string(&doc).expect("a log document is plain JSON")
}

fn entry_of(row: &rusqlite::Row<'_>) -> Result<LogEntry, rusqlite::Error> {
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
        kind: LogKind::from_code(row.get(7)?),
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
    let t =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .ok()?;
    i64::try_from(t.unix_timestamp_nanos()).ok()
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

    #[test]
    fn the_document_column_keeps_its_shape() {
        let mut e = entry(LogKind::Request, 200, 1);
        e.http = Some(HttpRequest {
            method: "GET".into(),
            url: "http://a.localhost/x".into(),
            status: 200,
            latency_us: 12,
            request_size: 0,
            response_size: 2,
            user_agent: "ua".into(),
            remote_ip: "127.0.0.1".into(),
            referer: String::new(),
            protocol: "HTTP/1.1".into(),
        });
        e.trace = Some("projects/p/traces/t".into());
        assert_eq!(
            doc(&e),
            r#"{"http":["GET","http://a.localhost/x",200,12,0,2,"ua","127.0.0.1","","HTTP/1.1"],"trace":"projects/p/traces/t"}"#
        );
        let mut e = entry(LogKind::Stdout, 200, 1);
        e.text = Some("hi".into());
        e.json = Some(json!({"message": "boom"}));
        assert_eq!(doc(&e), r#"{"json":{"message":"boom"},"text":"hi"}"#);
        assert_eq!(doc(&entry(LogKind::Stderr, 200, 1)), "{}");
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

    #[test]
    fn a_batch_spanning_several_statements_comes_back_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = LogDb::open(&dir.path().join("logs.db")).unwrap();
        // Two full statements and a partial one.
        let batch: Vec<LogEntry> = (0..(2 * ROWS_PER_INSERT as i64 + 7))
            .map(|i| request(200 + (i % 7) as u16, 1_700_000_000 + i))
            .collect();
        db.insert(&batch).unwrap();
        let (page, _) = db
            .query(&LogQuery {
                filter: LogFilter::parse("").unwrap(),
                projects: vec!["default".into()],
                newest_first: false,
                limit: 1000,
                after: None,
            })
            .unwrap();
        let stored: Vec<(i64, Option<u16>)> = page
            .iter()
            .map(|e| (e.timestamp, e.http.as_ref().map(|h| h.status)))
            .collect();
        let sent: Vec<(i64, Option<u16>)> = batch
            .iter()
            .map(|e| (e.timestamp, e.http.as_ref().map(|h| h.status)))
            .collect();
        assert_eq!(stored, sent);
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
    fn times_format_as_rfc3339_nanos() {
        assert_eq!(
            format_time(1_700_000_000_123_000_000),
            "2023-11-14T22:13:20.123000000Z"
        );
        assert_eq!(
            parse_time("2023-11-14T22:13:20.123Z"),
            Some(1_700_000_000_123_000_000)
        );
        assert_eq!(severity_name(450), "WARNING");
    }
}
