//! The embedded registry's storage: repositories, tags, manifests and uploads that
//! `runlane up` serves over the OCI distribution API (`/v2/`), kept in the image store's
//! own blob directory so pushed content and pulled images share one copy and one budget.
//!
//! On disk, under the store's directory:
//! - `blobs/sha256/HEX`: the blobs themselves, shared with pulled images;
//! - `registry/state.json`: every repository's tags, manifests and linked blobs, and the
//!   Artifact Registry repositories (written whole, fsync'd, renamed);
//! - `registry/uploads/UUID`: uploads in progress, emptied on open and after
//!   [`UPLOAD_IDLE_SECS`] without a write.
//!
//! Invariant: a blob is linked to a repository (so visible through `/v2/`) only after its
//! sha256 was computed over the whole upload and matched the digest the client named; an
//! interrupted upload stays under `uploads/`, invisible.
//! Invariant: a manifest is stored only when every blob and child manifest it names is
//! already in its repository.
//! Invariant: the state lock is held across a blob's rename into `blobs/` and its link,
//! and across the image store's sweep of unreferenced blobs, so a sweep never deletes a
//! blob that is about to be linked.

use crate::error::{io_at, ImageError};
use crate::reference::{check_repository, check_tag, parse_digest};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// An upload with no write for this long is removed (a client that went away).
pub const UPLOAD_IDLE_SECS: u64 = 3600;

/// Media types of manifests the registry accepts (both schemas, image and list).
pub const MANIFEST_TYPES: &[&str] = &[
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// Why a registry request failed, with the distribution spec's error code.
#[derive(Debug, thiserror::Error)]
pub enum HostedError {
    #[error("blob {0} is not in this repository; push it first")]
    BlobUnknown(String),
    #[error("upload {0} is not in progress (finished, cancelled, or idle for over an hour); start a new upload")]
    UploadUnknown(String),
    #[error("{0}")]
    UploadInvalid(String),
    #[error("{0}")]
    DigestInvalid(String),
    #[error("manifest {0} is not in this repository")]
    ManifestUnknown(String),
    #[error("{0}")]
    ManifestInvalid(String),
    #[error("the manifest names {0}, which is not in this repository; push the blobs (and child manifests) before the manifest")]
    ManifestBlobUnknown(String),
    #[error("{0}")]
    NameInvalid(String),
    #[error("repository {0} does not exist here")]
    NameUnknown(String),
    #[error("{0}")]
    TagInvalid(String),
    #[error("{0}")]
    Storage(#[from] ImageError),
}

impl HostedError {
    /// The distribution spec's error code (`{"errors":[{"code": …}]}`).
    pub fn code(&self) -> &'static str {
        match self {
            HostedError::BlobUnknown(_) => "BLOB_UNKNOWN",
            HostedError::UploadUnknown(_) => "BLOB_UPLOAD_UNKNOWN",
            HostedError::UploadInvalid(_) => "BLOB_UPLOAD_INVALID",
            HostedError::DigestInvalid(_) => "DIGEST_INVALID",
            HostedError::ManifestUnknown(_) => "MANIFEST_UNKNOWN",
            HostedError::ManifestInvalid(_) => "MANIFEST_INVALID",
            HostedError::ManifestBlobUnknown(_) => "MANIFEST_BLOB_UNKNOWN",
            HostedError::NameInvalid(_) => "NAME_INVALID",
            HostedError::NameUnknown(_) => "NAME_UNKNOWN",
            HostedError::TagInvalid(_) => "TAG_INVALID",
            HostedError::Storage(_) => "UNKNOWN",
        }
    }
}

/// A stored manifest, as `GET /v2/NAME/manifests/REF` answers it.
#[derive(Clone, Debug)]
pub struct StoredManifest {
    pub digest: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// One image (manifest) of a repository, for Artifact Registry's `dockerImages.list`.
#[derive(Clone, Debug)]
pub struct HostedImage {
    pub repository: String,
    pub digest: String,
    pub media_type: String,
    pub tags: Vec<String>,
    /// Bytes of the manifest and every blob it names.
    pub size_bytes: u64,
    pub uploaded_unix: i64,
}

/// An Artifact Registry repository (`projects/P/locations/L/repositories/R`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ArRepository {
    pub project: String,
    pub location: String,
    pub repository: String,
    pub format: String,
    pub description: String,
    pub labels: BTreeMap<String, String>,
    pub create_unix: i64,
    pub update_unix: i64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct State {
    repos: BTreeMap<String, Repo>,
    #[serde(default)]
    ar_repos: BTreeMap<String, ArRepository>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Repo {
    tags: BTreeMap<String, String>,
    manifests: BTreeMap<String, ManifestRecord>,
    /// Blobs linked to this repository (uploaded or mounted), with their sizes.
    blobs: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ManifestRecord {
    media_type: String,
    size: u64,
    /// Blobs (config, layers) and child manifests it names.
    refs: Vec<String>,
    uploaded_unix: i64,
}

/// The fields of a manifest the registry checks (both schemas, image and list).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ManifestWire {
    schema_version: Option<u32>,
    media_type: Option<String>,
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Vec<Descriptor>,
    manifests: Option<Vec<Descriptor>>,
}

#[derive(Deserialize)]
struct Descriptor {
    digest: String,
}

/// The embedded registry's repositories. Shared by the image store.
pub struct Hosted {
    dir: PathBuf,
    blobs: PathBuf,
    state: Mutex<State>,
    upload_seq: AtomicU64,
}

impl std::fmt::Debug for Hosted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hosted").field("dir", &self.dir).finish_non_exhaustive()
    }
}

/// The state lock, held by the image store's sweep (see the module's invariants).
pub(crate) struct HostedGuard<'a>(MutexGuard<'a, State>);

impl HostedGuard<'_> {
    /// Every blob some repository needs (linked blobs and manifests).
    pub(crate) fn referenced(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for repo in self.0.repos.values() {
            out.extend(repo.blobs.keys().cloned());
            out.extend(repo.manifests.keys().cloned());
        }
        out
    }

    /// Bytes of the distinct blobs the repositories hold.
    pub(crate) fn bytes(&self) -> u64 {
        let mut sizes: BTreeMap<&String, u64> = BTreeMap::new();
        for repo in self.0.repos.values() {
            for (d, s) in &repo.blobs {
                sizes.insert(d, *s);
            }
            for (d, m) in &repo.manifests {
                sizes.insert(d, m.size);
            }
        }
        sizes.values().sum()
    }
}

impl Hosted {
    /// Opens (creating) the registry's state under `dir` (the image store's directory);
    /// removes uploads a previous run left.
    pub(crate) fn open(dir: &Path) -> Result<Hosted, ImageError> {
        let root = dir.join("registry");
        let uploads = root.join("uploads");
        if uploads.exists() {
            fs::remove_dir_all(&uploads).map_err(io_at("remove", &uploads))?;
        }
        fs::create_dir_all(&uploads).map_err(io_at("create", &uploads))?;
        let state_path = root.join("state.json");
        let state = match fs::read(&state_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                ImageError::io("parse", &state_path, std::io::Error::other(format!("{e}; restore it from a backup or move it away to start with an empty registry")))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::default(),
            Err(e) => return Err(ImageError::io("read", &state_path, e)),
        };
        Ok(Hosted {
            dir: root,
            blobs: dir.join("blobs/sha256"),
            state: Mutex::new(state),
            upload_seq: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn guard(&self) -> HostedGuard<'_> {
        HostedGuard(self.lock())
    }

    fn persist(&self, state: &State) -> Result<(), ImageError> {
        let path = self.dir.join("state.json");
        let tmp = self.dir.join("state.json.tmp");
        let json = serde_json::to_vec(state).map_err(|e| ImageError::io("encode", &path, std::io::Error::other(e)))?;
        let mut f = fs::File::create(&tmp).map_err(io_at("create", &tmp))?;
        f.write_all(&json).map_err(io_at("write", &tmp))?;
        f.sync_all().map_err(io_at("write", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_at("write", &path))?;
        sync_dir(&self.dir)
    }

    /// Applies `change` to a copy of the state, persists it, and only then makes it the
    /// state: a failed write changes nothing.
    fn update<T>(&self, change: impl FnOnce(&mut State) -> Result<T, HostedError>) -> Result<T, HostedError> {
        let mut state = self.lock();
        let mut next = state.clone();
        let out = change(&mut next)?;
        self.persist(&next)?;
        *state = next;
        Ok(out)
    }

    fn blob_file(&self, digest: &str) -> PathBuf {
        self.blobs.join(&digest["sha256:".len()..])
    }

    // === blobs ===

    /// The size and file of a blob linked to `repo` (a manifest counts: clients fetch
    /// manifests as blobs too).
    pub fn blob(&self, repo: &str, digest: &str) -> Result<(u64, PathBuf), HostedError> {
        let digest = checked_digest(digest)?;
        let state = self.lock();
        let size = state
            .repos
            .get(repo)
            .and_then(|r| r.blobs.get(&digest).copied().or_else(|| r.manifests.get(&digest).map(|m| m.size)))
            .ok_or_else(|| HostedError::BlobUnknown(digest.clone()))?;
        let path = self.blob_file(&digest);
        if !path.exists() {
            return Err(HostedError::BlobUnknown(digest));
        }
        Ok((size, path))
    }

    /// Links a blob of repository `from` into `repo` (cross-repository mount); false when
    /// `from` does not have it (the client then uploads it).
    pub fn mount(&self, repo: &str, from: &str, digest: &str) -> Result<bool, HostedError> {
        check_name(repo)?;
        let digest = checked_digest(digest)?;
        let size = {
            let state = self.lock();
            match state.repos.get(from).and_then(|r| r.blobs.get(&digest)) {
                Some(s) => *s,
                None => return Ok(false),
            }
        };
        self.update(|s| {
            s.repos.entry(repo.to_owned()).or_default().blobs.insert(digest.clone(), size);
            Ok(())
        })?;
        Ok(true)
    }

    /// Unlinks a blob from `repo` (its bytes go at the next sweep if nothing needs them).
    pub fn delete_blob(&self, repo: &str, digest: &str) -> Result<(), HostedError> {
        let digest = checked_digest(digest)?;
        self.update(|s| {
            let removed = s.repos.get_mut(repo).and_then(|r| r.blobs.remove(&digest));
            removed.map(|_| ()).ok_or(HostedError::BlobUnknown(digest.clone()))
        })
    }

    // === uploads ===

    /// Starts an upload to `repo`; returns its id. Removes uploads idle too long.
    pub fn start_upload(&self, repo: &str) -> Result<String, HostedError> {
        check_name(repo)?;
        self.sweep_idle_uploads();
        let mut random = [0u8; 16];
        fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut random))
            .map_err(|e| ImageError::io("read", "/dev/urandom", e))?;
        let seq = self.upload_seq.fetch_add(1, Ordering::Relaxed);
        random[..8].iter_mut().zip(seq.to_le_bytes()).for_each(|(r, s)| *r ^= s);
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let id = format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
        let dir = self.dir.join("uploads").join(&id);
        fs::create_dir(&dir).map_err(io_at("create", &dir))?;
        fs::write(dir.join("repository"), repo).map_err(io_at("write", &dir))?;
        fs::File::create(dir.join("data")).map_err(io_at("create", &dir))?;
        Ok(id)
    }

    /// The file an upload's bytes are appended to, and how many it holds.
    pub fn upload(&self, repo: &str, id: &str) -> Result<(PathBuf, u64), HostedError> {
        let dir = self.upload_dir(repo, id)?;
        let data = dir.join("data");
        let len = fs::metadata(&data).map_err(|_| HostedError::UploadUnknown(id.to_owned()))?.len();
        Ok((data, len))
    }

    fn upload_dir(&self, repo: &str, id: &str) -> Result<PathBuf, HostedError> {
        let unknown = || HostedError::UploadUnknown(id.to_owned());
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(unknown());
        }
        let dir = self.dir.join("uploads").join(id);
        match fs::read_to_string(dir.join("repository")) {
            Ok(r) if r == repo => Ok(dir),
            _ => Err(unknown()),
        }
    }

    /// Cancels an upload, removing its bytes.
    pub fn cancel_upload(&self, repo: &str, id: &str) -> Result<(), HostedError> {
        let dir = self.upload_dir(repo, id)?;
        fs::remove_dir_all(&dir).map_err(io_at("remove", &dir))?;
        Ok(())
    }

    /// Finishes an upload: hashes every byte, and only if that is `digest` moves the blob
    /// into the store and links it to `repo`. On a mismatch the upload is removed.
    /// Blocking (reads the whole upload).
    pub fn finish_upload(&self, repo: &str, id: &str, digest: &str) -> Result<u64, HostedError> {
        let digest = checked_digest(digest)?;
        let dir = self.upload_dir(repo, id)?;
        let data = dir.join("data");
        let (actual, size) = sha256_file(&data)?;
        if actual != digest {
            let _ = fs::remove_dir_all(&dir);
            return Err(HostedError::DigestInvalid(format!(
                "the upload's {size} bytes have digest {actual}, not {digest}; the upload was removed, push the blob again"
            )));
        }
        let target = self.blob_file(&digest);
        self.update(|s| {
            // Under the state lock: the sweep cannot run between the rename and the link.
            if target.exists() {
                fs::remove_file(&data).map_err(io_at("remove", &data))?;
            } else {
                fs::rename(&data, &target).map_err(io_at("store", &target))?;
                sync_dir(&self.blobs)?;
            }
            s.repos.entry(repo.to_owned()).or_default().blobs.insert(digest.clone(), size);
            Ok(())
        })?;
        let _ = fs::remove_dir_all(&dir);
        Ok(size)
    }

    fn sweep_idle_uploads(&self) {
        let uploads = self.dir.join("uploads");
        let Ok(entries) = fs::read_dir(&uploads) else { return };
        for e in entries.flatten() {
            let idle = fs::metadata(e.path().join("data"))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|d| d.as_secs() >= UPLOAD_IDLE_SECS);
            if idle {
                tracing::info!(upload = %e.file_name().to_string_lossy(), "removing an upload idle for over an hour");
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }

    // === manifests and tags ===

    /// Stores a manifest under `reference` (a tag, or the digest it must have). Returns
    /// its digest.
    pub fn put_manifest(&self, repo: &str, reference: &str, content_type: Option<&str>, bytes: &[u8]) -> Result<String, HostedError> {
        check_name(repo)?;
        let digest = format!("sha256:{}", hex(&Sha256::digest(bytes)));
        let tag = if reference.starts_with("sha256:") {
            let named = checked_digest(reference)?;
            if named != digest {
                return Err(HostedError::DigestInvalid(format!("the manifest's digest is {digest}, not {named} as its URL says")));
            }
            None
        } else {
            check_tag(reference).map_err(HostedError::TagInvalid)?;
            Some(reference.to_owned())
        };
        let wire: ManifestWire = serde_json::from_slice(bytes).map_err(|e| HostedError::ManifestInvalid(format!("the manifest is not valid JSON: {e}")))?;
        if wire.schema_version != Some(2) {
            return Err(HostedError::ManifestInvalid(format!(
                "schemaVersion is {:?}; only schema 2 manifests (OCI, Docker v2 schema 2 and their lists) are accepted",
                wire.schema_version
            )));
        }
        let media_type = match (content_type.map(|c| c.split(';').next().unwrap_or("").trim()).filter(|c| !c.is_empty()), wire.media_type.as_deref()) {
            (Some(c), Some(m)) if c != m && MANIFEST_TYPES.contains(&c) => {
                return Err(HostedError::ManifestInvalid(format!("Content-Type is {c} but the manifest's mediaType is {m}; send them equal")))
            }
            (Some(c), _) if MANIFEST_TYPES.contains(&c) => c.to_owned(),
            (_, Some(m)) if MANIFEST_TYPES.contains(&m) => m.to_owned(),
            (_, None) if wire.manifests.is_some() => MANIFEST_TYPES[1].to_owned(),
            (None, None) => MANIFEST_TYPES[0].to_owned(),
            (c, m) => {
                return Err(HostedError::ManifestInvalid(format!(
                    "media type {} is not accepted; send one of {}",
                    c.or(m).unwrap_or("(none)"),
                    MANIFEST_TYPES.join(", ")
                )))
            }
        };
        let is_list = media_type.ends_with("index.v1+json") || media_type.ends_with("list.v2+json");
        let mut refs = Vec::new();
        if is_list {
            for m in wire.manifests.unwrap_or_default() {
                refs.push(checked_digest(&m.digest)?);
            }
        } else {
            let config = wire.config.ok_or_else(|| HostedError::ManifestInvalid("the image manifest has no config".into()))?;
            refs.push(checked_digest(&config.digest)?);
            for l in wire.layers {
                refs.push(checked_digest(&l.digest)?);
            }
        }
        let path = self.blob_file(&digest);
        self.update(|s| {
            let r = s.repos.entry(repo.to_owned()).or_default();
            if let Some(missing) = refs.iter().find(|d| if is_list { !r.manifests.contains_key(*d) } else { !r.blobs.contains_key(*d) }) {
                return Err(HostedError::ManifestBlobUnknown(missing.clone()));
            }
            if !path.exists() {
                write_synced(&path, bytes, &self.dir.join("manifest.tmp"))?;
                sync_dir(&self.blobs)?;
            }
            r.manifests.insert(digest.clone(), ManifestRecord { media_type: media_type.clone(), size: bytes.len() as u64, refs: refs.clone(), uploaded_unix: now_unix() });
            if let Some(t) = &tag {
                r.tags.insert(t.clone(), digest.clone());
            }
            Ok(())
        })?;
        Ok(digest)
    }

    /// The manifest `reference` (tag or digest) names in `repo`.
    pub fn manifest(&self, repo: &str, reference: &str) -> Result<StoredManifest, HostedError> {
        let (digest, media_type) = {
            let state = self.lock();
            let r = state.repos.get(repo).ok_or_else(|| HostedError::NameUnknown(repo.to_owned()))?;
            let digest = if reference.starts_with("sha256:") {
                checked_digest(reference)?
            } else {
                r.tags.get(reference).cloned().ok_or_else(|| HostedError::ManifestUnknown(format!("{repo}:{reference}")))?
            };
            let m = r.manifests.get(&digest).ok_or_else(|| HostedError::ManifestUnknown(format!("{repo}@{digest}")))?;
            (digest, m.media_type.clone())
        };
        let path = self.blob_file(&digest);
        let bytes = fs::read(&path).map_err(|_| HostedError::ManifestUnknown(format!("{repo}@{digest}")))?;
        Ok(StoredManifest { digest, media_type, bytes })
    }

    /// Deletes a manifest by digest (and every tag naming it), or only a tag.
    pub fn delete_manifest(&self, repo: &str, reference: &str) -> Result<(), HostedError> {
        self.update(|s| {
            let r = s.repos.get_mut(repo).ok_or_else(|| HostedError::NameUnknown(repo.to_owned()))?;
            if reference.starts_with("sha256:") {
                let digest = checked_digest(reference)?;
                r.manifests.remove(&digest).ok_or_else(|| HostedError::ManifestUnknown(format!("{repo}@{digest}")))?;
                r.tags.retain(|_, d| *d != digest);
            } else {
                r.tags.remove(reference).ok_or_else(|| HostedError::ManifestUnknown(format!("{repo}:{reference}")))?;
            }
            Ok(())
        })
    }

    /// The tags of `repo` in lexical order, after `last`, at most `n`; and whether more follow.
    pub fn tags(&self, repo: &str, n: Option<usize>, last: Option<&str>) -> Result<(Vec<String>, bool), HostedError> {
        let state = self.lock();
        let r = state.repos.get(repo).ok_or_else(|| HostedError::NameUnknown(repo.to_owned()))?;
        Ok(page(r.tags.keys(), n, last))
    }

    /// Repository names in lexical order (those with at least one manifest), paged like `tags`.
    pub fn catalog(&self, n: Option<usize>, last: Option<&str>) -> (Vec<String>, bool) {
        let state = self.lock();
        page(state.repos.iter().filter(|(_, r)| !r.manifests.is_empty()).map(|(name, _)| name), n, last)
    }

    /// Every image (manifest) of the repositories under `prefix/`.
    pub fn images_under(&self, prefix: &str) -> Vec<HostedImage> {
        let state = self.lock();
        let mut out = Vec::new();
        for (name, r) in state.repos.range(format!("{prefix}/")..) {
            if !name.starts_with(&format!("{prefix}/")) {
                break;
            }
            for (digest, m) in &r.manifests {
                let size = m.size + m.refs.iter().map(|d| r.blobs.get(d).copied().or_else(|| r.manifests.get(d).map(|c| c.size)).unwrap_or(0)).sum::<u64>();
                out.push(HostedImage {
                    repository: name.clone(),
                    digest: digest.clone(),
                    media_type: m.media_type.clone(),
                    tags: r.tags.iter().filter(|(_, d)| *d == digest).map(|(t, _)| t.clone()).collect(),
                    size_bytes: size,
                    uploaded_unix: m.uploaded_unix,
                });
            }
        }
        out
    }

    // === Artifact Registry repositories ===

    /// Creates an Artifact Registry repository; false when it already exists.
    pub fn create_ar_repository(&self, repo: ArRepository) -> Result<bool, HostedError> {
        let key = format!("projects/{}/locations/{}/repositories/{}", repo.project, repo.location, repo.repository);
        self.update(|s| {
            if s.ar_repos.contains_key(&key) {
                return Ok(false);
            }
            s.ar_repos.insert(key, repo);
            Ok(true)
        })
    }

    /// Artifact Registry repositories of `project` (in `location`, or all for `-`).
    pub fn ar_repositories(&self, project: &str, location: &str) -> Vec<ArRepository> {
        self.lock().ar_repos.values().filter(|r| r.project == project && (location == "-" || r.location == location)).cloned().collect()
    }

    /// Deletes an Artifact Registry repository and the images in it; false when absent.
    pub fn delete_ar_repository(&self, project: &str, location: &str, repository: &str) -> Result<bool, HostedError> {
        let key = format!("projects/{project}/locations/{location}/repositories/{repository}");
        let prefix = format!("{project}/{repository}/");
        self.update(|s| {
            if s.ar_repos.remove(&key).is_none() {
                return Ok(false);
            }
            s.repos.retain(|name, _| !name.starts_with(&prefix));
            Ok(true)
        })
    }
}

fn page<'a>(names: impl Iterator<Item = &'a String>, n: Option<usize>, last: Option<&str>) -> (Vec<String>, bool) {
    let mut after: Vec<String> = names.filter(|t| last.is_none_or(|l| t.as_str() > l)).cloned().collect();
    match n {
        Some(n) if after.len() > n => {
            after.truncate(n);
            (after, true)
        }
        _ => (after, false),
    }
}

/// Checks a repository name as the distribution spec does.
pub fn check_name(repo: &str) -> Result<(), HostedError> {
    if repo.len() > 255 {
        return Err(HostedError::NameInvalid(format!("repository name {repo:?} is longer than 255 characters")));
    }
    check_repository(repo).map_err(HostedError::NameInvalid)
}

fn checked_digest(d: &str) -> Result<String, HostedError> {
    parse_digest(d).map_err(HostedError::DigestInvalid)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_file(path: &Path) -> Result<(String, u64), ImageError> {
    let mut f = fs::File::open(path).map_err(io_at("open", path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io_at("read", path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((format!("sha256:{}", hex(&hasher.finalize())), size))
}

fn write_synced(path: &Path, bytes: &[u8], tmp: &Path) -> Result<(), ImageError> {
    let mut f = fs::File::create(tmp).map_err(io_at("create", tmp))?;
    f.write_all(bytes).map_err(io_at("write", tmp))?;
    f.sync_all().map_err(io_at("write", tmp))?;
    fs::rename(tmp, path).map_err(io_at("store", path))
}

fn sync_dir(dir: &Path) -> Result<(), ImageError> {
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_at("sync", dir))
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest_of(bytes: &[u8]) -> String {
        format!("sha256:{}", hex(&Sha256::digest(bytes)))
    }

    fn upload(h: &Hosted, repo: &str, bytes: &[u8]) -> String {
        let id = h.start_upload(repo).unwrap();
        let (path, len) = h.upload(repo, &id).unwrap();
        assert_eq!(len, 0);
        fs::write(path, bytes).unwrap();
        let d = digest_of(bytes);
        assert_eq!(h.finish_upload(repo, &id, &d).unwrap(), bytes.len() as u64);
        d
    }

    fn image_manifest(config: &str, layer: &str) -> Vec<u8> {
        serde_json::json!({"schemaVersion": 2, "mediaType": MANIFEST_TYPES[0],
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config, "size": 2},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer, "size": 5}]})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_blob_is_visible_only_after_its_digest_matched() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("blobs/sha256")).unwrap();
        let h = Hosted::open(dir.path()).unwrap();
        let id = h.start_upload("p/r/app").unwrap();
        let (path, _) = h.upload("p/r/app", &id).unwrap();
        fs::write(&path, b"layer").unwrap();
        let wrong = digest_of(b"other");
        assert!(matches!(h.blob("p/r/app", &digest_of(b"layer")), Err(HostedError::BlobUnknown(_))));
        let e = h.finish_upload("p/r/app", &id, &wrong).unwrap_err();
        assert_eq!(e.code(), "DIGEST_INVALID");
        assert!(matches!(h.upload("p/r/app", &id), Err(HostedError::UploadUnknown(_))), "a failed upload is removed");
        assert!(matches!(h.blob("p/r/app", &wrong), Err(HostedError::BlobUnknown(_))));
        let d = upload(&h, "p/r/app", b"layer");
        assert_eq!(h.blob("p/r/app", &d).unwrap().0, 5);
        // Another repository sees it only once mounted.
        assert!(h.blob("p/r/other", &d).is_err());
        assert!(!h.mount("p/r/other", "p/r/nope", &d).unwrap());
        assert!(h.mount("p/r/other", "p/r/app", &d).unwrap());
        assert_eq!(h.blob("p/r/other", &d).unwrap().0, 5);
        // An upload belongs to its repository.
        let id = h.start_upload("p/r/app").unwrap();
        assert!(h.upload("p/r/other", &id).is_err());
        assert!(h.upload("p/r/app", "../../x").is_err());
    }

    #[test]
    fn manifests_need_their_blobs_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("blobs/sha256")).unwrap();
        let h = Hosted::open(dir.path()).unwrap();
        let config = upload(&h, "p/r/app", b"{}");
        let layer = digest_of(b"layer");
        let m = image_manifest(&config, &layer);
        let e = h.put_manifest("p/r/app", "1", None, &m).unwrap_err();
        assert_eq!(e.code(), "MANIFEST_BLOB_UNKNOWN", "{e}");
        assert!(h.tags("p/r/app", None, None).unwrap().0.is_empty(), "a refused manifest changes nothing");
        upload(&h, "p/r/app", b"layer");
        let digest = h.put_manifest("p/r/app", "1", None, &m).unwrap();
        assert_eq!(digest, digest_of(&m));
        assert_eq!(h.put_manifest("p/r/app", &digest_of(b"x"), None, &m).unwrap_err().code(), "DIGEST_INVALID");
        assert_eq!(h.put_manifest("p/r/app", "bad tag", None, &m).unwrap_err().code(), "TAG_INVALID");
        assert_eq!(h.put_manifest("p/r/app", "1", None, br#"{"schemaVersion":1}"#).unwrap_err().code(), "MANIFEST_INVALID");
        for t in ["2", "3", "a"] {
            h.put_manifest("p/r/app", t, Some(MANIFEST_TYPES[0]), &m).unwrap();
        }
        drop(h);
        let h = Hosted::open(dir.path()).unwrap();
        let got = h.manifest("p/r/app", "1").unwrap();
        assert_eq!((got.digest.as_str(), got.media_type.as_str(), got.bytes.as_slice()), (digest.as_str(), MANIFEST_TYPES[0], m.as_slice()));
        assert_eq!(h.tags("p/r/app", Some(2), None).unwrap(), (vec!["1".to_owned(), "2".to_owned()], true));
        assert_eq!(h.tags("p/r/app", Some(2), Some("2")).unwrap(), (vec!["3".to_owned(), "a".to_owned()], false));
        assert_eq!(h.catalog(None, None), (vec!["p/r/app".to_owned()], false));
        assert_eq!(h.images_under("p/r")[0].tags, vec!["1", "2", "3", "a"]);
        h.delete_manifest("p/r/app", "a").unwrap();
        assert_eq!(h.tags("p/r/app", None, None).unwrap().0, vec!["1", "2", "3"]);
        h.delete_manifest("p/r/app", &digest).unwrap();
        assert!(h.tags("p/r/app", None, None).unwrap().0.is_empty());
        assert_eq!(h.manifest("p/r/app", "1").unwrap_err().code(), "MANIFEST_UNKNOWN");
        assert_eq!(h.manifest("p/r/none", "1").unwrap_err().code(), "NAME_UNKNOWN");
    }

    #[test]
    fn pruning_keeps_what_repositories_hold_and_sweeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::ImageStore::open(dir.path(), crate::RegistryConfig::default()).unwrap();
        let h = store.hosted();
        let config = upload(h, "p/r/app", b"{}");
        let layer = upload(h, "p/r/app", b"layer");
        let unlinked = upload(h, "p/r/gone", b"unlinked");
        h.delete_blob("p/r/gone", &unlinked).unwrap();
        let manifest = h.put_manifest("p/r/app", "1", None, &image_manifest(&config, &layer)).unwrap();
        let stray = dir.path().join("blobs/sha256").join(&digest_of(b"stray")[7..]);
        fs::write(&stray, b"stray").unwrap();
        assert_eq!(h.guard().bytes(), 2 + 5 + image_manifest(&config, &layer).len() as u64);
        store.prune(&BTreeSet::new(), 0).unwrap();
        for kept in [&config, &layer, &manifest] {
            assert!(dir.path().join("blobs/sha256").join(&kept[7..]).exists(), "{kept} was pruned");
        }
        assert!(!stray.exists(), "an unreferenced blob stayed");
        assert!(!dir.path().join("blobs/sha256").join(&unlinked[7..]).exists(), "an unlinked blob stayed");
        assert_eq!(h.manifest("p/r/app", "1").unwrap().digest, manifest);
    }

    #[test]
    fn an_upload_idle_for_an_hour_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("blobs/sha256")).unwrap();
        let h = Hosted::open(dir.path()).unwrap();
        let idle = h.start_upload("p/r/app").unwrap();
        let fresh = h.start_upload("p/r/app").unwrap();
        let (path, _) = h.upload("p/r/app", &idle).unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * UPLOAD_IDLE_SECS);
        fs::OpenOptions::new().write(true).open(&path).unwrap().set_modified(two_hours_ago).unwrap();
        h.start_upload("p/r/app").unwrap();
        assert!(matches!(h.upload("p/r/app", &idle), Err(HostedError::UploadUnknown(_))));
        assert!(h.upload("p/r/app", &fresh).is_ok());
    }
}
