//! Staged build sources: the Cloud Storage buckets and objects gcloud uploads a source
//! archive to before it asks for a build (`gcloud builds submit` sends a .tgz to
//! `PROJECT_cloudbuild`, `gcloud run deploy --source` a .zip to
//! `run-sources-PROJECT-REGION`), kept until the build that reads them ends.
//!
//! On disk, under DATA_DIR/images/sources:
//! - `buckets.json`: every bucket's project and location (written whole and renamed);
//! - `objects/KEY` and `objects/KEY.json`: an object's bytes and its metadata, KEY being
//!   the sha256 of `BUCKET/NAME` (object names hold `/`); both written under `.tmp`
//!   names and renamed, the metadata last, so an object is visible only when whole;
//! - `uploads/ID`: resumable uploads in progress.
//!
//! Objects are bounded ([`MAX_OBJECT_BYTES`] each, [`MAX_TOTAL_BYTES`] in all), deleted
//! when the build that read them ends, and any left unread for [`IDLE`] (gcloud stopped
//! between the upload and the build) are deleted at the next upload.

use crate::error::{io_at, ImageError};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// One source archive may be this big...
pub const MAX_OBJECT_BYTES: u64 = 256 * 1024 * 1024;
/// ...and all staged sources together this big.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// An archive may unpack to this many bytes (a zip bomb stops here).
pub const MAX_UNPACKED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// An object no build read for this long is deleted.
pub const IDLE: std::time::Duration = std::time::Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    pub name: String,
    pub project: String,
    pub location: String,
    pub create_unix_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Object {
    pub bucket: String,
    pub name: String,
    pub size: u64,
    /// Cloud Storage's generation: the upload's time in microseconds.
    pub generation: i64,
    pub content_type: String,
    pub create_unix_ms: i64,
}

#[derive(Debug)]
pub struct Sources {
    dir: PathBuf,
    buckets: Mutex<BTreeMap<String, Bucket>>,
    /// Serialises writes of objects, so the total bound holds.
    write_lock: Mutex<()>,
}

/// Why an object could not be stored.
#[derive(Debug)]
pub enum PutError {
    NoBucket,
    TooBig(String),
    Io(ImageError),
}

impl Sources {
    pub(crate) fn open(dir: &Path) -> Result<Sources, ImageError> {
        let objects = dir.join("objects");
        fs::create_dir_all(&objects).map_err(io_at("create", &objects))?;
        let uploads = dir.join("uploads");
        let _ = fs::remove_dir_all(&uploads);
        fs::create_dir_all(&uploads).map_err(io_at("create", &uploads))?;
        for entry in fs::read_dir(&objects).map_err(io_at("read", &objects))?.flatten() {
            if entry.file_name().to_string_lossy().ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        let path = dir.join("buckets.json");
        let buckets = match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "ignoring unreadable source buckets");
                BTreeMap::new()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(io_at("read", &path)(e)),
        };
        Ok(Sources { dir: dir.to_path_buf(), buckets: Mutex::new(buckets), write_lock: Mutex::new(()) })
    }

    pub fn bucket(&self, name: &str) -> Option<Bucket> {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).get(name).cloned()
    }

    /// The project's buckets whose name starts with `prefix`.
    pub fn buckets(&self, project: &str, prefix: &str) -> Vec<Bucket> {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).values().filter(|b| b.project == project && b.name.starts_with(prefix)).cloned().collect()
    }

    /// Creates a bucket; Ok(Err(existing)) when the name is taken. Durable before it returns.
    pub fn create_bucket(&self, bucket: Bucket) -> Result<Result<Bucket, Bucket>, ImageError> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(existing) = buckets.get(&bucket.name) {
            return Ok(Err(existing.clone()));
        }
        let mut next = buckets.clone();
        next.insert(bucket.name.clone(), bucket.clone());
        let path = self.dir.join("buckets.json");
        write_whole(&path, &serde_json::to_vec_pretty(&next).map_err(|e| io_at("encode", &path)(std::io::Error::other(e)))?)?;
        *buckets = next;
        Ok(Ok(bucket))
    }

    fn key(bucket: &str, name: &str) -> String {
        sha2::Sha256::digest(format!("{bucket}/{name}")).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The object's metadata, if it is stored.
    pub fn object(&self, bucket: &str, name: &str) -> Option<Object> {
        let path = self.dir.join("objects").join(format!("{}.json", Self::key(bucket, name)));
        serde_json::from_slice(&fs::read(path).ok()?).ok()
    }

    /// Where the object's bytes are, if it is stored.
    pub fn object_path(&self, bucket: &str, name: &str) -> Option<PathBuf> {
        self.object(bucket, name).map(|_| self.dir.join("objects").join(Self::key(bucket, name)))
    }

    /// A new file for a resumable upload's bytes.
    pub fn upload_path(&self, id: &str) -> PathBuf {
        self.dir.join("uploads").join(id)
    }

    /// Stores `file` (a complete upload, moved in) as BUCKET/NAME, replacing any object of
    /// that name; durable before it returns.
    pub fn put(&self, bucket: &str, name: &str, content_type: &str, file: &Path, now_ms: i64) -> Result<Object, PutError> {
        if self.bucket(bucket).is_none() {
            return Err(PutError::NoBucket);
        }
        let size = fs::metadata(file).map_err(|e| PutError::Io(io_at("read", file)(e)))?.len();
        if size > MAX_OBJECT_BYTES {
            return Err(PutError::TooBig(format!("the object is {size} bytes, and a staged source may be at most {MAX_OBJECT_BYTES}")));
        }
        let _one_writer = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.remove_idle(now_ms);
        let used = self.total_bytes();
        if used + size > MAX_TOTAL_BYTES {
            return Err(PutError::TooBig(format!("staged sources already take {used} bytes of {MAX_TOTAL_BYTES}; wait for the builds that read them to end")));
        }
        let objects = self.dir.join("objects");
        let key = Self::key(bucket, name);
        let object = Object { bucket: bucket.to_owned(), name: name.to_owned(), size, generation: now_ms * 1000, content_type: content_type.to_owned(), create_unix_ms: now_ms };
        let data = objects.join(&key);
        let io = |e| PutError::Io(e);
        fs::File::open(file).and_then(|f| f.sync_all()).map_err(|e| io(io_at("sync", file)(e)))?;
        fs::rename(file, &data).map_err(|e| io(io_at("write", &data)(e)))?;
        let meta = objects.join(format!("{key}.json"));
        write_whole(&meta, &serde_json::to_vec(&object).map_err(|e| io(io_at("encode", &meta)(std::io::Error::other(e))))?).map_err(io)?;
        Ok(object)
    }

    /// Deletes the object (its build ended).
    pub fn delete(&self, bucket: &str, name: &str) {
        let key = Self::key(bucket, name);
        let objects = self.dir.join("objects");
        let _ = fs::remove_file(objects.join(format!("{key}.json")));
        let _ = fs::remove_file(objects.join(key));
    }

    fn total_bytes(&self) -> u64 {
        let Ok(entries) = fs::read_dir(self.dir.join("objects")) else { return 0 };
        entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
    }

    fn remove_idle(&self, now_ms: i64) {
        let Ok(entries) = fs::read_dir(self.dir.join("objects")) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let Some(object) = fs::read(&path).ok().and_then(|b| serde_json::from_slice::<Object>(&b).ok()) else { continue };
            if now_ms - object.create_unix_ms > IDLE.as_millis() as i64 {
                self.delete(&object.bucket, &object.name);
            }
        }
    }
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ImageError> {
    let tmp = path.with_extension("tmp");
    let mut f = fs::File::create(&tmp).map_err(io_at("write", &tmp))?;
    f.write_all(bytes).map_err(io_at("write", &tmp))?;
    f.sync_all().map_err(io_at("write", &tmp))?;
    fs::rename(&tmp, path).map_err(io_at("write", path))?;
    if let Some(dir) = path.parent() {
        fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_at("sync", dir))?;
    }
    Ok(())
}

/// Unpacks a source archive (gzip'd tar, or zip: what gcloud uploads) into `into`.
/// Entries that would land outside `into` are refused, and so is an archive that unpacks
/// to more than [`MAX_UNPACKED_BYTES`].
pub fn unpack_archive(archive: &Path, into: &Path) -> Result<(), String> {
    fs::create_dir_all(into).map_err(|e| format!("cannot make the source directory: {e}"))?;
    let mut head = [0u8; 4];
    let mut f = fs::File::open(archive).map_err(|e| format!("cannot read the source archive: {e}"))?;
    let n = f.read(&mut head).map_err(|e| format!("cannot read the source archive: {e}"))?;
    match &head[..n] {
        [0x1f, 0x8b, ..] => unpack_tgz(archive, into),
        [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => unpack_zip(archive, into),
        _ => Err("the source archive is neither a gzip'd tar (.tgz) nor a zip file".to_owned()),
    }
}

/// `name` under `into`, or why it would leave it.
pub fn safe_join(into: &Path, name: &str) -> Result<PathBuf, String> {
    let rel = Path::new(name);
    if rel.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(format!("the source archive holds {name:?}, which points outside the source directory"));
    }
    Ok(into.join(rel))
}

fn unpack_tgz(archive: &Path, into: &Path) -> Result<(), String> {
    let f = fs::File::open(archive).map_err(|e| e.to_string())?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(f));
    let mut total = 0u64;
    for entry in tar.entries().map_err(|e| format!("the source archive is not a gzip'd tar: {e}"))? {
        let mut entry = entry.map_err(|e| format!("the source archive is damaged: {e}"))?;
        total += entry.header().size().unwrap_or(0);
        if total > MAX_UNPACKED_BYTES {
            return Err(format!("the source archive unpacks to more than {MAX_UNPACKED_BYTES} bytes"));
        }
        let name = entry.path().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
        safe_join(into, &name)?;
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_dir() || kind.is_symlink()) {
            continue;
        }
        entry.unpack_in(into).map_err(|e| format!("cannot unpack {name:?} from the source archive: {e}"))?;
    }
    Ok(())
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as u64)
}

/// A zip's entries read from its central directory: stored and deflated files,
/// directories, and the Unix mode bits when the archiver kept them.
fn unpack_zip(archive: &Path, into: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    let bytes = fs::read(archive).map_err(|e| format!("cannot read the source archive: {e}"))?;
    let damaged = |what: &str| format!("the source zip is damaged ({what})");
    let eocd = (0..bytes.len().saturating_sub(21)).rev().find(|&i| bytes[i..].starts_with(&[b'P', b'K', 5, 6])).ok_or_else(|| damaged("no end of central directory"))?;
    let count = u16_at(&bytes, eocd + 10).ok_or_else(|| damaged("short end record"))?;
    let mut at = u32_at(&bytes, eocd + 16).ok_or_else(|| damaged("short end record"))? as usize;
    let mut total = 0u64;
    for _ in 0..count {
        if !bytes.get(at..).is_some_and(|b| b.starts_with(&[b'P', b'K', 1, 2])) {
            return Err(damaged("bad central directory entry"));
        }
        let field = |off: usize| u16_at(&bytes, at + off).ok_or_else(|| damaged("short entry"));
        let field32 = |off: usize| u32_at(&bytes, at + off).ok_or_else(|| damaged("short entry"));
        let (method, compressed, size) = (field(10)?, field32(20)?, field32(24)?);
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let (external, local) = (field32(38)?, field32(42)? as usize);
        let name = String::from_utf8_lossy(bytes.get(at + 46..at + 46 + name_len).ok_or_else(|| damaged("short name"))?).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        let path = safe_join(into, &name)?;
        if name.ends_with('/') {
            fs::create_dir_all(&path).map_err(|e| e.to_string())?;
            continue;
        }
        total += size;
        if total > MAX_UNPACKED_BYTES {
            return Err(format!("the source archive unpacks to more than {MAX_UNPACKED_BYTES} bytes"));
        }
        if !bytes.get(local..).is_some_and(|b| b.starts_with(&[b'P', b'K', 3, 4])) {
            return Err(damaged("bad local header"));
        }
        let data_at = local + 30 + u16_at(&bytes, local + 26).ok_or_else(|| damaged("short local header"))? + u16_at(&bytes, local + 28).ok_or_else(|| damaged("short local header"))?;
        let data = bytes.get(data_at..data_at + compressed as usize).ok_or_else(|| damaged("short data"))?;
        let content = match method {
            0 => data.to_vec(),
            8 => {
                let mut out = Vec::with_capacity(size as usize);
                flate2::read::DeflateDecoder::new(data).take(size + 1).read_to_end(&mut out).map_err(|e| damaged(&e.to_string()))?;
                out
            }
            other => return Err(format!("{name:?} in the source zip uses compression method {other}; only stored and deflated entries are read")),
        };
        if content.len() as u64 != size {
            return Err(damaged(&format!("{name:?} has the wrong size")));
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        fs::write(&path, &content).map_err(|e| format!("cannot write {name:?}: {e}"))?;
        let mode = (external >> 16) as u32 & 0o7777;
        if mode != 0 {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode & 0o777)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_bounded_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let s = Sources::open(dir.path()).unwrap();
        let upload = dir.path().join("up");
        fs::write(&upload, b"abc").unwrap();
        assert!(matches!(s.put("b", "source/x.tgz", "application/x-tar", &upload, 1), Err(PutError::NoBucket)));
        let b = Bucket { name: "b".into(), project: "p".into(), location: "US".into(), create_unix_ms: 0 };
        assert!(s.create_bucket(b.clone()).unwrap().is_ok());
        assert!(s.create_bucket(b).unwrap().is_err());
        let o = s.put("b", "source/x.tgz", "application/x-tar", &upload, 1).unwrap();
        assert_eq!((o.size, o.generation), (3, 1000));
        assert_eq!(fs::read(s.object_path("b", "source/x.tgz").unwrap()).unwrap(), b"abc");
        let reopened = Sources::open(dir.path()).unwrap();
        assert_eq!(reopened.buckets("p", "").len(), 1);
        assert!(reopened.object("b", "source/x.tgz").is_some());
        // Left unread for an hour: gone at the next upload.
        fs::write(&upload, b"d").unwrap();
        reopened.put("b", "y", "x", &upload, 1 + IDLE.as_millis() as i64 + 1).unwrap();
        assert!(reopened.object("b", "source/x.tgz").is_none());
        reopened.delete("b", "y");
        assert!(reopened.object("b", "y").is_none());
    }

    #[test]
    fn archives_unpack_inside_their_directory() {
        let dir = tempfile::tempdir().unwrap();
        // A tgz with a file and an executable.
        let tgz = dir.path().join("s.tgz");
        {
            let gz = flate2::write::GzEncoder::new(fs::File::create(&tgz).unwrap(), flate2::Compression::default());
            let mut t = tar::Builder::new(gz);
            for (name, mode, body) in [("Dockerfile", 0o644, &b"FROM scratch\n"[..]), ("bin/app", 0o755, &b"\x7fELF"[..])] {
                let mut h = tar::Header::new_gnu();
                h.set_size(body.len() as u64);
                h.set_mode(mode);
                h.set_cksum();
                t.append_data(&mut h, name, body).unwrap();
            }
            t.into_inner().unwrap().finish().unwrap();
        }
        let out = dir.path().join("t");
        unpack_archive(&tgz, &out).unwrap();
        assert_eq!(fs::read(out.join("Dockerfile")).unwrap(), b"FROM scratch\n");
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(fs::metadata(out.join("bin/app")).unwrap().permissions().mode() & 0o777, 0o755);
        // A zip (stored entry, made by hand) with a mode, and one escaping the directory.
        let zip = |name: &str| {
            let body = b"hi";
            let crc = 0u32; // not checked by the reader
            let mut z = Vec::new();
            z.extend([b'P', b'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            z.extend(crc.to_le_bytes());
            z.extend((body.len() as u32).to_le_bytes());
            z.extend((body.len() as u32).to_le_bytes());
            z.extend((name.len() as u16).to_le_bytes());
            z.extend(0u16.to_le_bytes());
            z.extend(name.as_bytes());
            z.extend(body);
            let cd = z.len();
            z.extend([b'P', b'K', 1, 2, 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            z.extend(crc.to_le_bytes());
            z.extend((body.len() as u32).to_le_bytes());
            z.extend((body.len() as u32).to_le_bytes());
            z.extend((name.len() as u16).to_le_bytes());
            z.extend([0, 0, 0, 0, 0, 0, 0, 0]);
            z.extend((0o100755u32 << 16).to_le_bytes());
            z.extend(0u32.to_le_bytes());
            z.extend(name.as_bytes());
            let cd_len = z.len() - cd;
            z.extend([b'P', b'K', 5, 6, 0, 0, 0, 0, 1, 0, 1, 0]);
            z.extend((cd_len as u32).to_le_bytes());
            z.extend((cd as u32).to_le_bytes());
            z.extend(0u16.to_le_bytes());
            z
        };
        let path = dir.path().join("s.zip");
        fs::write(&path, zip("www/x")).unwrap();
        let out = dir.path().join("z");
        unpack_archive(&path, &out).unwrap();
        assert_eq!(fs::read(out.join("www/x")).unwrap(), b"hi");
        assert_eq!(fs::metadata(out.join("www/x")).unwrap().permissions().mode() & 0o777, 0o755);
        fs::write(&path, zip("../evil")).unwrap();
        assert!(unpack_archive(&path, &dir.path().join("e")).unwrap_err().contains("outside"));
        assert!(!dir.path().join("evil").exists());
        fs::write(&path, b"not an archive").unwrap();
        assert!(unpack_archive(&path, &out).unwrap_err().contains("neither"));
    }
}
