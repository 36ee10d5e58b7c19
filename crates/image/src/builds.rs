//! Build records: what `runlane builds submit` and `runlane deploy --source` built, kept
//! as Cloud Build keeps its builds, so `runlane builds list|describe|log`, `gcloud builds
//! list|describe` and the console can show them after the terminal that ran them is gone.
//!
//! On disk, under DATA_DIR/images/builds:
//! - `ID.json`: the record (written whole, fsync'd, renamed), rewritten at each change;
//! - `ID.log`: the build's log, appended and fsync'd before the append is acknowledged.
//!   The log lives with the record, not in the log store: the log store keeps request
//!   and service logs under its own retention, and a build's log is wanted for as long
//!   as its record is.
//!
//! Invariant: a record's status only moves forward: QUEUED → WORKING → SUCCESS|FAILURE|TIMEOUT
//! (FAILURE also straight from QUEUED);
//! a finished build's record changes only to name the revision it produced.

use crate::error::{io_at, ImageError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Cloud Build's statuses that runlane's builds pass through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BuildStatus {
    Queued,
    Working,
    Success,
    Failure,
    /// Stopped at its deadline (Cloud Build's `timeout`).
    Timeout,
}

impl BuildStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BuildStatus::Queued => "QUEUED",
            BuildStatus::Working => "WORKING",
            BuildStatus::Success => "SUCCESS",
            BuildStatus::Failure => "FAILURE",
            BuildStatus::Timeout => "TIMEOUT",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, BuildStatus::Success | BuildStatus::Failure | BuildStatus::Timeout)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildRecord {
    pub id: String,
    /// The project (runlane namespace) the build belongs to.
    pub project: String,
    pub status: BuildStatus,
    /// Where the source came from, as the builder's machine named it.
    pub source: String,
    /// The image the build pushes to, as asked (`LOCATION-docker.pkg.dev/P/R/IMAGE[:TAG]`).
    pub image: String,
    /// `sha256:…` once pushed.
    #[serde(default)]
    pub digest: Option<String>,
    pub create_unix_ms: i64,
    #[serde(default)]
    pub start_unix_ms: Option<i64>,
    #[serde(default)]
    pub finish_unix_ms: Option<i64>,
    /// Why a failed build failed (its last lines).
    #[serde(default)]
    pub failure_detail: Option<String>,
    /// The service and revision deployed from this build's image.
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub revision: Option<String>,
    /// How long the build may run (Cloud Build's `timeout`), in seconds.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// The staged archive a build asked for over Cloud Build's API was built from.
    #[serde(default)]
    pub storage_source: Option<StorageSource>,
}

/// Cloud Build's `source.storageSource`: an object in a bucket of staged sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageSource {
    pub bucket: String,
    pub object: String,
    pub generation: i64,
}

/// What a new build is: where it comes from and where it goes.
#[derive(Debug, Clone, Default)]
pub struct NewBuild {
    pub project: String,
    /// The source as a person reads it (a directory, or `gs://BUCKET/OBJECT`).
    pub source: String,
    pub image: String,
    pub timeout_secs: Option<u64>,
    pub storage_source: Option<StorageSource>,
}

impl BuildRecord {
    pub fn duration_ms(&self) -> Option<i64> {
        Some(self.finish_unix_ms? - self.start_unix_ms.unwrap_or(self.create_unix_ms))
    }
}

/// A change asked of a build, checked against its state by [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub enum BuildChange {
    Start,
    Finish { status: BuildStatus, digest: Option<String>, failure_detail: Option<String> },
    Produced { service: String, revision: String },
}

/// The record after `change` at `now_ms`, or why the change is refused. I/O-free.
pub fn apply(record: &BuildRecord, change: BuildChange, now_ms: i64) -> Result<BuildRecord, String> {
    let mut next = record.clone();
    match change {
        BuildChange::Start => {
            if record.status != BuildStatus::Queued {
                return Err(format!("build {} is {}, and only a QUEUED build can start", record.id, record.status.as_str()));
            }
            next.status = BuildStatus::Working;
            next.start_unix_ms = Some(now_ms);
        }
        BuildChange::Finish { status, digest, failure_detail } => {
            if !status.is_final() {
                return Err(format!("status {} does not finish a build; use SUCCESS, FAILURE or TIMEOUT", status.as_str()));
            }
            if record.status.is_final() {
                return Err(format!("build {} already finished ({})", record.id, record.status.as_str()));
            }
            if status == BuildStatus::Success {
                let ok = digest.as_deref().is_some_and(|d| d.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())));
                if !ok {
                    return Err("digest: a successful build names the pushed image's digest, sha256: and 64 hex digits".into());
                }
            }
            if status == BuildStatus::Timeout && record.status != BuildStatus::Working {
                return Err(format!("build {} is {}; only a WORKING build can time out", record.id, record.status.as_str()));
            }
            next.status = status;
            next.digest = digest;
            next.failure_detail = failure_detail;
            next.start_unix_ms = Some(record.start_unix_ms.unwrap_or(now_ms));
            next.finish_unix_ms = Some(now_ms);
        }
        BuildChange::Produced { service, revision } => {
            if record.status != BuildStatus::Success {
                return Err(format!("build {} is {}; only a successful build produces a revision", record.id, record.status.as_str()));
            }
            next.service = Some(service);
            next.revision = Some(revision);
        }
    }
    Ok(next)
}

#[derive(Debug)]
pub struct Builds {
    dir: PathBuf,
    records: Mutex<BTreeMap<String, BuildRecord>>,
    /// Serialises log appends, so two appends to one log never interleave.
    log_lock: Mutex<()>,
}

impl Builds {
    pub(crate) fn open(dir: &Path) -> Result<Builds, ImageError> {
        fs::create_dir_all(dir).map_err(io_at("create", dir))?;
        let mut records = BTreeMap::new();
        for entry in fs::read_dir(dir).map_err(io_at("read", dir))? {
            let path = entry.map_err(io_at("read", dir))?.path();
            match path.extension().and_then(|e| e.to_str()) {
                Some("json") => {
                    let bytes = fs::read(&path).map_err(io_at("read", &path))?;
                    match serde_json::from_slice::<BuildRecord>(&bytes) {
                        Ok(r) => {
                            records.insert(r.id.clone(), r);
                        }
                        Err(e) => tracing::warn!(path = %path.display(), error = %e, "ignoring an unreadable build record"),
                    }
                }
                Some("tmp") => {
                    let _ = fs::remove_file(&path);
                }
                _ => {}
            }
        }
        let builds = Builds { dir: dir.to_path_buf(), records: Mutex::new(records), log_lock: Mutex::new(()) };
        builds.fail_interrupted()?;
        Ok(builds)
    }

    /// The builds runlane itself was running (gcloud's: they have a staged source) died
    /// with the process that ran them: recorded as FAILURE, so whoever polls them stops.
    /// The CLI's builds run elsewhere and may still be going: they are left as they are.
    fn fail_interrupted(&self) -> Result<(), ImageError> {
        let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let interrupted: Vec<BuildRecord> = records.values().filter(|r| r.storage_source.is_some() && !r.status.is_final()).cloned().collect();
        for record in interrupted {
            let change = BuildChange::Finish { status: BuildStatus::Failure, digest: None, failure_detail: Some("runlane stopped while the build ran; submit it again".to_owned()) };
            if let Ok(next) = apply(&record, change, now_ms) {
                self.persist(&next)?;
                records.insert(next.id.clone(), next);
            }
        }
        Ok(())
    }

    fn persist(&self, record: &BuildRecord) -> Result<(), ImageError> {
        let path = self.dir.join(format!("{}.json", record.id));
        let tmp = self.dir.join(format!("{}.json.tmp", record.id));
        let json = serde_json::to_vec_pretty(record).map_err(|e| io_at("encode", &path)(std::io::Error::other(e)))?;
        let mut f = fs::File::create(&tmp).map_err(io_at("write", &tmp))?;
        f.write_all(&json).map_err(io_at("write", &tmp))?;
        f.sync_all().map_err(io_at("write", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_at("write", &path))?;
        fs::File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io_at("sync", &self.dir))
    }

    /// Records a new QUEUED build; durable before it returns.
    pub fn create(&self, project: &str, source: &str, image: &str, now_ms: i64) -> Result<BuildRecord, ImageError> {
        self.create_with(NewBuild { project: project.to_owned(), source: source.to_owned(), image: image.to_owned(), ..NewBuild::default() }, now_ms)
    }

    /// Records a new QUEUED build; durable before it returns.
    pub fn create_with(&self, new: NewBuild, now_ms: i64) -> Result<BuildRecord, ImageError> {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let record = BuildRecord {
            id: new_id(now_ms, records.len()),
            project: new.project,
            status: BuildStatus::Queued,
            source: new.source,
            image: new.image,
            timeout_secs: new.timeout_secs,
            storage_source: new.storage_source,
            digest: None,
            create_unix_ms: now_ms,
            start_unix_ms: None,
            finish_unix_ms: None,
            failure_detail: None,
            service: None,
            revision: None,
        };
        self.persist(&record)?;
        records.insert(record.id.clone(), record.clone());
        Ok(record)
    }

    /// Applies `change`; Ok(Err(why)) when the build's state refuses it, Ok(Ok(None)) when
    /// there is no such build.
    pub fn change(&self, id: &str, change: BuildChange, now_ms: i64) -> Result<Result<Option<BuildRecord>, String>, ImageError> {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let Some(current) = records.get(id) else { return Ok(Ok(None)) };
        let next = match apply(current, change, now_ms) {
            Ok(n) => n,
            Err(why) => return Ok(Err(why)),
        };
        self.persist(&next)?;
        records.insert(id.to_owned(), next.clone());
        Ok(Ok(Some(next)))
    }

    pub fn get(&self, id: &str) -> Option<BuildRecord> {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    /// The project's builds (every project's for `None`), newest first.
    pub fn list(&self, project: Option<&str>) -> Vec<BuildRecord> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<BuildRecord> = records.values().filter(|r| project.is_none_or(|p| r.project == p)).cloned().collect();
        out.sort_by(|a, b| b.create_unix_ms.cmp(&a.create_unix_ms).then_with(|| b.id.cmp(&a.id)));
        out
    }

    /// Appends `text` to the build's log, durable before it returns; false when there is no such build.
    pub fn append_log(&self, id: &str, text: &[u8]) -> Result<bool, ImageError> {
        if self.get(id).is_none() {
            return Ok(false);
        }
        let _one_writer = self.log_lock.lock().unwrap_or_else(|e| e.into_inner());
        let path = self.log_path(id);
        let mut f = fs::OpenOptions::new().create(true).append(true).open(&path).map_err(io_at("write", &path))?;
        f.write_all(text).map_err(io_at("write", &path))?;
        f.sync_data().map_err(io_at("write", &path))?;
        Ok(true)
    }

    /// The build's log so far; None when there is no such build.
    pub fn log(&self, id: &str) -> Result<Option<Vec<u8>>, ImageError> {
        if self.get(id).is_none() {
            return Ok(None);
        }
        let path = self.log_path(id);
        match fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Some(Vec::new())),
            Err(e) => Err(io_at("read", &path)(e)),
        }
    }

    fn log_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.log"))
    }
}

/// A UUID-shaped id (Cloud Build's ids are UUIDs), from the time, a counter and the
/// process's random hasher keys: unique per runlane without a random-number crate.
fn new_id(now_ms: i64, n: usize) -> String {
    use sha2::Digest as _;
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(now_ms);
    h.write_usize(n);
    let bytes = sha2::Sha256::digest(format!("{now_ms}/{n}/{}", h.finish()));
    let hex: String = bytes.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A build id as [`new_id`] makes them: what may name a file under the builds dir.
pub fn is_build_id(id: &str) -> bool {
    id.len() == 36 && id.bytes().enumerate().all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() && !b.is_ascii_uppercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    #[test]
    fn a_build_moves_forward_only_and_a_success_names_its_digest() {
        let dir = tempfile::tempdir().unwrap();
        let b = Builds::open(dir.path()).unwrap();
        let r = b.create("default", "/src/app", "europe-north1-docker.pkg.dev/default/r/app", 1_000).unwrap();
        assert!(is_build_id(&r.id), "{}", r.id);
        assert_eq!(r.status, BuildStatus::Queued);
        let produced = BuildChange::Produced { service: "web".into(), revision: "web-00001-abc".into() };
        assert!(b.change(&r.id, produced.clone(), 1_500).unwrap().unwrap_err().contains("only a successful build"));
        let w = b.change(&r.id, BuildChange::Start, 2_000).unwrap().unwrap().unwrap();
        assert_eq!((w.status, w.start_unix_ms), (BuildStatus::Working, Some(2_000)));
        assert!(b.change(&r.id, BuildChange::Start, 2_100).unwrap().unwrap_err().contains("only a QUEUED build"));
        let no_digest = BuildChange::Finish { status: BuildStatus::Success, digest: None, failure_detail: None };
        assert!(b.change(&r.id, no_digest, 3_000).unwrap().unwrap_err().starts_with("digest:"));
        let done = BuildChange::Finish { status: BuildStatus::Success, digest: Some(DIGEST.into()), failure_detail: None };
        let s = b.change(&r.id, done.clone(), 5_000).unwrap().unwrap().unwrap();
        assert_eq!((s.status, s.duration_ms()), (BuildStatus::Success, Some(3_000)));
        assert!(b.change(&r.id, done, 6_000).unwrap().unwrap_err().contains("already finished"));
        let linked = b.change(&r.id, produced, 7_000).unwrap().unwrap().unwrap();
        assert_eq!(linked.revision.as_deref(), Some("web-00001-abc"));
        assert_eq!(b.change("nope", BuildChange::Start, 1).unwrap(), Ok(None));
    }

    #[test]
    fn records_and_logs_survive_a_reopen_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = {
            let b = Builds::open(dir.path()).unwrap();
            let first = b.create("p", "a", "img", 10).unwrap();
            let second = b.create("q", "b", "img", 20).unwrap();
            assert!(b.append_log(&first.id, b"STEP 1/2\n").unwrap());
            assert!(b.append_log(&first.id, b"STEP 2/2\n").unwrap());
            assert!(!b.append_log("nope", b"x").unwrap());
            let failed = BuildChange::Finish { status: BuildStatus::Failure, digest: None, failure_detail: Some("exit 1".into()) };
            b.change(&second.id, failed, 30).unwrap().unwrap().unwrap();
            (first, second)
        };
        std::fs::write(dir.path().join("x.json.tmp"), b"half").unwrap();
        let b = Builds::open(dir.path()).unwrap();
        assert!(!dir.path().join("x.json.tmp").exists());
        assert_eq!(b.list(None).iter().map(|r| r.id.clone()).collect::<Vec<_>>(), [second.id.clone(), first.id.clone()]);
        assert_eq!(b.list(Some("p")).len(), 1);
        assert_eq!(b.log(&first.id).unwrap().unwrap(), b"STEP 1/2\nSTEP 2/2\n");
        assert_eq!(b.log(&second.id).unwrap().unwrap(), b"");
        let s = b.get(&second.id).unwrap();
        assert_eq!((s.status, s.duration_ms(), s.failure_detail.as_deref()), (BuildStatus::Failure, Some(0), Some("exit 1")));
        // A build runlane itself ran (a staged source) does not survive a restart.
        let source = StorageSource { bucket: "b".into(), object: "o.tgz".into(), generation: 1 };
        let served = b.create_with(NewBuild { project: "p".into(), source: "gs://b/o.tgz".into(), image: "img".into(), timeout_secs: Some(600), storage_source: Some(source) }, 40).unwrap();
        b.change(&served.id, BuildChange::Start, 41).unwrap().unwrap().unwrap();
        drop(b);
        let b = Builds::open(dir.path()).unwrap();
        let after = b.get(&served.id).unwrap();
        assert_eq!(after.status, BuildStatus::Failure);
        assert!(after.failure_detail.unwrap().contains("runlane stopped"));
        assert_eq!(b.get(&first.id).unwrap().status, BuildStatus::Queued, "the CLI's builds are left as they are");
        assert!(!is_build_id("../x") && !is_build_id(&first.id.to_uppercase()));
    }
}
