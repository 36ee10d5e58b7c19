//! The image store: resolve, single-flight pulls with verified blobs, unpack, metadata,
//! and pruning, over the on-disk layout described in the crate docs.

use crate::config::{parse_docker_config, Credentials, DockerConfig};
use crate::error::{io_at, ImageError};
use crate::manifest::{self, Parsed};
use crate::reference::{endpoints, parse_digest, Endpoint, ImageRef};
use crate::registry::{combine, Failure, Registries};
use crate::unpack::{
    apply_layer, sniff_compression, Compression, UnpackError, UnpackStats, ZstdFrames,
};
use crate::{Image, ImageConfig, ImageSummary, PullProgress, RegistryConfig, Resolved};
use bytes::{Buf as _, Bytes};
use futures_util::StreamExt as _;
use oci_spec::image::ImageManifest;
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::{mpsc, watch};

/// Progress is reported at least this often (in bytes) while a layer downloads.
const PROGRESS_STEP: u64 = 1 << 20;
/// `last_used` is written to disk at most this often per image (seconds).
const TOUCH_PERSIST_SECS: i64 = 60;
/// Read buffer over a layer blob on disk (larger reads, fewer inflate calls).
const BLOB_READ_BUF: usize = 1 << 20;
/// Downloaded chunks of one layer queued for its unpacker (backpressure beyond that).
const STREAM_CHUNKS: usize = 256;

/// Counters, for tests and metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Pulls that went to a registry (single-flight followers and present images excluded).
    pub pulls: u64,
    pub blobs_downloaded: u64,
    pub bytes_downloaded: u64,
}

/// Stored, unpacked images. Cheap to clone (an `Arc` inside).
#[derive(Clone)]
pub struct ImageStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ImageStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageStore")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

struct Inner {
    dir: PathBuf,
    registries: Registries,
    /// The embedded registry's repositories, whose blobs live in `blobs/` too.
    hosted: crate::hosted::Hosted,
    builds: crate::builds::Builds,
    sources: crate::sources::Sources,
    images: Mutex<BTreeMap<String, Meta>>,
    inflight: Mutex<HashMap<String, watch::Receiver<Flight>>>,
    /// Pulls and loads in progress: blobs are swept only when none runs.
    busy: AtomicUsize,
    tmp_seq: AtomicU64,
    pulls: AtomicU64,
    blobs_downloaded: AtomicU64,
    bytes_downloaded: AtomicU64,
    /// The most one image may unpack to (`UnpackStats`' cost): a compressed layer is
    /// small on the wire and may expand without bound.
    max_image_bytes: AtomicU64,
}

/// `rootfs/HEX.json`: what the store knows about one present image.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Meta {
    digest: String,
    /// The image manifest unpacked (differs from `digest` when that is an index).
    manifest_digest: String,
    names: Vec<String>,
    /// Names that resolve locally, without a registry (from `load`).
    #[serde(default)]
    loaded_names: Vec<String>,
    config: ImageConfig,
    size_bytes: u64,
    created: Option<String>,
    last_used_unix: i64,
    /// Every blob the image needs (manifests, config, layers).
    blobs: Vec<String>,
}

#[derive(Clone, Default)]
struct Flight {
    progress: PullProgress,
    outcome: Option<Result<Image, ImageError>>,
}

/// An endpoint-specific failure (try the next endpoint) or a final one.
pub(crate) enum Step {
    Endpoint(Failure),
    Fatal(ImageError),
}

impl From<ImageError> for Step {
    fn from(e: ImageError) -> Self {
        Step::Fatal(e)
    }
}

/// What `commit` needs to unpack and register an image whose blobs are all present.
pub(crate) struct Commit {
    pub reference: String,
    pub digest: String,
    pub manifest_digest: String,
    pub manifest: ImageManifest,
    pub names: Vec<String>,
    pub loaded_names: Vec<String>,
}

impl ImageStore {
    /// Refuses to unpack an image past `bytes` (file contents plus 512 bytes per tar
    /// entry; no limit until set). `runlane up` sets the store's budget: an image
    /// larger than the whole budget could never be kept within it.
    pub fn set_max_image_bytes(&self, bytes: u64) {
        self.inner.max_image_bytes.store(bytes, Ordering::Relaxed);
    }

    fn max_image_bytes(&self) -> u64 {
        self.inner.max_image_bytes.load(Ordering::Relaxed)
    }

    /// Opens (creating) the store under `dir` (runlane passes DATA_DIR/images). Removes
    /// half-written leftovers (temp files, partly unpacked rootfs) on open.
    pub fn open(dir: &Path, config: RegistryConfig) -> Result<Self, ImageError> {
        // reqwest is built without a default crypto provider: choose ring, explicitly.
        // An error only means the process already installed one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        config.validate()?;
        for sub in ["blobs/sha256", "rootfs", "tmp"] {
            let p = dir.join(sub);
            fs::create_dir_all(&p).map_err(io_at("create", &p))?;
        }
        let tmp = dir.join("tmp");
        for e in fs::read_dir(&tmp).map_err(io_at("read", &tmp))? {
            let p = e.map_err(io_at("read", &tmp))?.path();
            tracing::debug!(path = %p.display(), "removing a leftover from an interrupted pull");
            remove_any(&p)?;
        }
        let images = scan_rootfs(&dir.join("rootfs"))?;
        let hosted = crate::hosted::Hosted::open(dir)?;
        let builds = crate::builds::Builds::open(&dir.join("builds"))?;
        let sources = crate::sources::Sources::open(&dir.join("sources"))?;
        let docker = match config.docker_config_path() {
            Some(path) => match fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|s| parse_docker_config(&s))
            {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "ignoring an unreadable docker config; fix it to use its credentials");
                    DockerConfig::default()
                }
            },
            None => DockerConfig::default(),
        };
        let creds = Credentials::new(&config.credentials, docker, config.credential_helper_path.clone());
        tracing::info!(dir = %dir.display(), images = images.len(), "image store open");
        Ok(Self {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                registries: Registries::new(config, creds),
                hosted,
                builds,
                sources,
                images: Mutex::new(images),
                inflight: Mutex::new(HashMap::new()),
                busy: AtomicUsize::new(0),
                tmp_seq: AtomicU64::new(0),
                pulls: AtomicU64::new(0),
                blobs_downloaded: AtomicU64::new(0),
                bytes_downloaded: AtomicU64::new(0),
                max_image_bytes: AtomicU64::new(u64::MAX),
            }),
        })
    }

    /// Normalises a reference the Docker way and asks the registry (through mirrors)
    /// which manifest digest it names now. A reference with @sha256:... returns that
    /// digest once it is known to exist here or at the registry; names added with
    /// `load` resolve locally, without a registry.
    pub async fn resolve(&self, reference: &str) -> Result<Resolved, ImageError> {
        let r = ImageRef::parse(reference).map_err(|reason| ImageError::InvalidReference {
            reference: reference.to_owned(),
            reason,
        })?;
        let normalised = r.to_string();
        if let Some(d) = &r.digest {
            if self.lock_images().contains_key(d) {
                return Ok(Resolved {
                    reference: normalised,
                    digest: d.clone(),
                });
            }
            let what = format!("manifest {d} in repository {:?}", r.repository);
            self.ask_digest(&r, &normalised, &what).await?;
            return Ok(Resolved {
                reference: normalised,
                digest: d.clone(),
            });
        }
        if let Some(d) = self.loaded_name(&normalised) {
            return Ok(Resolved {
                reference: normalised,
                digest: d,
            });
        }
        let what = format!(
            "tag {:?} for repository {:?}",
            r.tag.as_deref().unwrap_or("latest"),
            r.repository
        );
        let digest = self.ask_digest(&r, &normalised, &what).await?;
        let digest = parse_digest(&digest).map_err(|reason| ImageError::Registry {
            reference: normalised.clone(),
            endpoint: r.registry.clone(),
            detail: format!("the registry answered with an unusable digest: {reason}"),
        })?;
        tracing::debug!(reference = %normalised, %digest, "resolved");
        Ok(Resolved {
            reference: normalised,
            digest,
        })
    }

    /// Makes the image with that manifest digest present and unpacked; returns at once if
    /// it is. Concurrent calls for one digest share one pull and all get its result.
    pub async fn pull(
        &self,
        resolved: &Resolved,
        progress: &(dyn Fn(PullProgress) + Send + Sync),
    ) -> Result<Image, ImageError> {
        let digest = resolved.digest.clone();
        loop {
            if let Some(image) = self.get(&digest) {
                self.add_names(&digest, &pull_names(resolved), &[]);
                return Ok(image);
            }
            let role = {
                let mut inflight = self
                    .inner
                    .inflight
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                match inflight.get(&digest) {
                    Some(rx) => Err(rx.clone()),
                    None => {
                        let (tx, rx) = watch::channel(Flight::default());
                        inflight.insert(digest.clone(), rx);
                        Ok(tx)
                    }
                }
            };
            match role {
                Ok(tx) => {
                    let _flight = FlightGuard {
                        store: self,
                        digest: &digest,
                    };
                    let _busy = BusyGuard::new(self);
                    // Followers hear of progress first, so a slow callback delays no one.
                    let report = |p: PullProgress| {
                        tx.send_modify(|f| f.progress = p);
                        progress(p);
                    };
                    let result = self.pull_uncached(resolved, &report).await;
                    tx.send_modify(|f| f.outcome = Some(result.clone()));
                    return result;
                }
                Err(mut rx) => {
                    tracing::debug!(%digest, "joining a pull in progress");
                    loop {
                        let flight = rx.borrow_and_update().clone();
                        if let Some(outcome) = flight.outcome {
                            if outcome.is_ok() {
                                self.add_names(&digest, &pull_names(resolved), &[]);
                            }
                            return outcome;
                        }
                        if flight.progress != PullProgress::default() {
                            progress(flight.progress);
                        }
                        if rx.changed().await.is_err() {
                            if let Some(outcome) = rx.borrow().outcome.clone() {
                                return outcome;
                            }
                            // The leader was cancelled: try again, maybe as the leader.
                            break;
                        }
                    }
                }
            }
        }
    }

    /// A present image by manifest digest (marks it used).
    pub fn get(&self, digest: &str) -> Option<Image> {
        let mut images = self.lock_images();
        let meta = images.get_mut(digest)?;
        let now = now_unix();
        if now - meta.last_used_unix >= TOUCH_PERSIST_SECS {
            meta.last_used_unix = now;
            if let Err(e) = self.write_meta(meta) {
                tracing::warn!(%digest, error = %e, "could not record that an image was used");
            }
        }
        Some(self.image_of(meta))
    }

    /// Every present image, most recently used first.
    pub fn list(&self) -> Vec<ImageSummary> {
        let mut out: Vec<ImageSummary> = self.lock_images().values().map(summary).collect();
        out.sort_by(|a, b| {
            b.last_used_unix
                .cmp(&a.last_used_unix)
                .then_with(|| a.digest.cmp(&b.digest))
        });
        out
    }

    /// Loads a `docker save` tarball or an OCI archive into the store, names included.
    /// Blocking; call it from `spawn_blocking`.
    pub fn load(&self, tarball: &Path) -> Result<Vec<ImageSummary>, ImageError> {
        let _busy = BusyGuard::new(self);
        crate::load::load(self, tarball)
    }

    /// Deletes images not in `keep`, least recently used first, until the store is within
    /// `budget_bytes` (0: delete every unkept image). Returns what was deleted. Blocking.
    pub fn prune(
        &self,
        keep: &BTreeSet<String>,
        budget_bytes: u64,
    ) -> Result<Vec<ImageSummary>, ImageError> {
        let mut images = self.lock_images();
        // The registry's content counts against the budget (it is never pruned here:
        // what a repository holds stays until it is deleted through the registry).
        let hosted_bytes = self.inner.hosted.guard().bytes();
        let mut total: u64 = images.values().map(|m| m.size_bytes).sum::<u64>() + hosted_bytes;
        let mut candidates: Vec<Meta> = images
            .values()
            .filter(|m| !keep.contains(&m.digest))
            .cloned()
            .collect();
        candidates.sort_by(|a, b| {
            a.last_used_unix
                .cmp(&b.last_used_unix)
                .then_with(|| a.digest.cmp(&b.digest))
        });
        let mut deleted = Vec::new();
        for m in candidates {
            if budget_bytes > 0 && total <= budget_bytes {
                break;
            }
            // Metadata first: a crash in between leaves a rootfs without metadata, which
            // `open` removes.
            let meta_path = self.meta_path(&m.digest);
            remove_any(&meta_path)?;
            images.remove(&m.digest);
            remove_any(&self.rootfs_path(&m.digest))?;
            total = total.saturating_sub(m.size_bytes);
            tracing::info!(digest = %m.digest, names = ?m.names, size = m.size_bytes, "pruned an image");
            deleted.push(summary(&m));
        }
        if self.inner.busy.load(Ordering::SeqCst) == 0 {
            // Held through the sweep: a pushed blob is renamed into `blobs/` and linked
            // under this lock, so it is either referenced here or not there yet.
            let hosted = self.inner.hosted.guard();
            let hosted_refs = hosted.referenced();
            let referenced: BTreeSet<&String> = images
                .values()
                .flat_map(|m| m.blobs.iter())
                .chain(hosted_refs.iter())
                .collect();
            let dir = self.inner.dir.join("blobs/sha256");
            for e in fs::read_dir(&dir).map_err(io_at("read", &dir))? {
                let p = e.map_err(io_at("read", &dir))?.path();
                let name = format!(
                    "sha256:{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                );
                if !referenced.contains(&name) {
                    remove_any(&p)?;
                }
            }
        }
        Ok(deleted)
    }

    /// Download counters (a single-flight pull counts once).
    pub fn stats(&self) -> StoreStats {
        StoreStats {
            pulls: self.inner.pulls.load(Ordering::Relaxed),
            blobs_downloaded: self.inner.blobs_downloaded.load(Ordering::Relaxed),
            bytes_downloaded: self.inner.bytes_downloaded.load(Ordering::Relaxed),
        }
    }

    /// The embedded registry's repositories (served at `/v2/` by the API).
    pub fn hosted(&self) -> &crate::hosted::Hosted {
        &self.inner.hosted
    }

    /// The staged build sources (`sources`), kept under DATA_DIR/images/sources.
    pub fn sources(&self) -> &crate::sources::Sources {
        &self.inner.sources
    }

    /// The build records (`builds`), kept under DATA_DIR/images/builds.
    pub fn builds(&self) -> &crate::builds::Builds {
        &self.inner.builds
    }

    /// The directory the store lives in.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }
}

// === impl ImageStore: pulling ===

impl ImageStore {
    async fn ask_digest(
        &self,
        r: &ImageRef,
        reference: &str,
        what: &str,
    ) -> Result<String, ImageError> {
        let mut failures = Vec::new();
        for ep in endpoints(self.inner.registries.config(), &r.registry) {
            match self.inner.registries.manifest_digest(&ep, r).await {
                Ok(d) => return Ok(d),
                Err(f) => {
                    tracing::debug!(endpoint = %ep.url(), failure = ?f, %reference, "endpoint could not resolve");
                    failures.push((ep, f));
                }
            }
        }
        Err(combine(reference, what, failures))
    }

    async fn pull_uncached(
        &self,
        resolved: &Resolved,
        report: &(dyn Fn(PullProgress) + Send + Sync),
    ) -> Result<Image, ImageError> {
        self.inner.pulls.fetch_add(1, Ordering::Relaxed);
        let r = ImageRef::parse(&resolved.reference).map_err(|reason| {
            ImageError::InvalidReference {
                reference: resolved.reference.clone(),
                reason,
            }
        })?;
        parse_digest(&resolved.digest).map_err(|reason| ImageError::InvalidReference {
            reference: resolved.digest.clone(),
            reason,
        })?;
        let pinned = r.with_digest(&resolved.digest);
        let mut failures = Vec::new();
        for ep in endpoints(self.inner.registries.config(), &r.registry) {
            match self.pull_from(&ep, &pinned, resolved, report).await {
                Ok(image) => return Ok(image),
                Err(Step::Fatal(e)) => return Err(e),
                Err(Step::Endpoint(f)) => {
                    tracing::info!(endpoint = %ep.url(), failure = ?f, reference = %resolved.reference, "endpoint could not serve the pull");
                    failures.push((ep, f));
                }
            }
        }
        let what = format!(
            "manifest {} in repository {:?}",
            resolved.digest, r.repository
        );
        Err(combine(&resolved.reference, &what, failures))
    }

    async fn pull_from(
        &self,
        ep: &Endpoint,
        pinned: &ImageRef,
        resolved: &Resolved,
        report: &(dyn Fn(PullProgress) + Send + Sync),
    ) -> Result<Image, Step> {
        let reference = resolved.reference.as_str();
        let top = self
            .fetch_manifest(ep, pinned, &resolved.digest, reference)
            .await?;
        let unsupported = |detail: String| {
            Step::Fatal(ImageError::Unsupported {
                reference: reference.to_owned(),
                detail,
            })
        };
        let (manifest_digest, manifest) = match manifest::parse(&top).map_err(unsupported)? {
            Parsed::Manifest(m) => (resolved.digest.clone(), m),
            Parsed::Index(index) => {
                let Some(d) = manifest::pick_linux_amd64(&index) else {
                    return Err(unsupported(format!(
                        "its image index has no linux/amd64 image (it has: {}); build the image for linux/amd64",
                        manifest::platforms(&index)
                    )));
                };
                let bytes = self
                    .fetch_manifest(ep, &pinned.with_digest(&d), &d, reference)
                    .await?;
                match manifest::parse(&bytes).map_err(unsupported)? {
                    Parsed::Manifest(m) => (d, m),
                    Parsed::Index(_) => {
                        return Err(unsupported("its linux/amd64 entry is another index".into()))
                    }
                }
            }
        };
        let config = manifest.config();
        self.fetch_blob(
            ep,
            pinned,
            config.digest().as_ref(),
            config.size(),
            reference,
            &mut |_| {},
            None,
        )
        .await?;

        let layers = manifest.layers();
        let mut p = PullProgress {
            layers_done: 0,
            layers_total: layers.len(),
            bytes_done: 0,
            bytes_total: layers.iter().map(|l| l.size()).sum(),
        };
        report(p);
        // Layers are unpacked in order on a blocking thread while they download; the
        // rootfs stays under tmp/ until every blob is verified (see `unpack_worker`).
        let root = self.tmp_path("unpack");
        fs::create_dir(&root).map_err(io_at("create", &root))?;
        let (jobs, jobs_rx) = std::sync::mpsc::channel();
        let worker = {
            let store = self.clone();
            let (root, reference) = (root.clone(), reference.to_owned());
            tokio::task::spawn_blocking(move || store.unpack_worker(&root, &reference, &jobs_rx))
        };
        let fetched: Result<(), Step> = async {
            for layer in layers {
                let digest = layer.digest().to_string();
                if self.blob_path(&digest)?.exists() {
                    // A failed worker has dropped its receiver; its error is reported below.
                    let _ = jobs.send(UnpackJob::Stored(digest));
                    p.bytes_done += layer.size();
                    p.layers_done += 1;
                    report(p);
                    continue;
                }
                let (tee, chunks) = mpsc::channel(STREAM_CHUNKS);
                let _ = jobs.send(UnpackJob::Streaming(digest, chunks));
                let mut since_report = 0u64;
                let mut on_bytes = |n: u64| {
                    p.bytes_done += n;
                    since_report += n;
                    if since_report >= PROGRESS_STEP {
                        since_report = 0;
                        report(p);
                    }
                };
                self.fetch_blob(
                    ep,
                    pinned,
                    layer.digest().as_ref(),
                    layer.size(),
                    reference,
                    &mut on_bytes,
                    Some(tee),
                )
                .await?;
                p.layers_done += 1;
                report(p);
            }
            Ok(())
        }
        .await;
        // Without `Finish` (a download failed) the worker stops and removes `root`; wait
        // for it, so nothing of this pull is left once it returns. If this future is
        // dropped instead, the worker still cleans up on its own.
        if fetched.is_ok() {
            let _ = jobs.send(UnpackJob::Finish);
        }
        drop(jobs);
        let outcome = worker.await;
        fetched?;
        let join_error = |e: tokio::task::JoinError| {
            ImageError::io(
                "unpack",
                self.inner.dir.join("tmp"),
                std::io::Error::other(e.to_string()),
            )
        };
        let stats = match outcome.map_err(join_error)? {
            Some(Ok(stats)) => stats,
            Some(Err(e)) => return Err(Step::Fatal(e)),
            None => {
                return Err(Step::Fatal(ImageError::io(
                    "unpack",
                    &root,
                    std::io::Error::other("the unpacker stopped before the last layer"),
                )))
            }
        };

        let commit = Commit {
            reference: reference.to_owned(),
            digest: resolved.digest.clone(),
            manifest_digest,
            manifest,
            names: pull_names(resolved),
            loaded_names: Vec::new(),
        };
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.install(commit, &root, stats))
            .await
            .map_err(join_error)?
            .map_err(Step::Fatal)
    }

    /// The manifest with that digest: from the store, or fetched, verified and stored.
    async fn fetch_manifest(
        &self,
        ep: &Endpoint,
        r: &ImageRef,
        digest: &str,
        reference: &str,
    ) -> Result<Vec<u8>, Step> {
        let path = self.blob_path(digest)?;
        if let Ok(bytes) = fs::read(&path) {
            return Ok(bytes);
        }
        let bytes = self
            .inner
            .registries
            .manifest(ep, &r.with_digest(digest))
            .await
            .map_err(Step::Endpoint)?;
        let actual = sha256_hex(&bytes);
        if actual != digest {
            return Err(Step::Fatal(ImageError::DigestMismatch {
                reference: reference.to_owned(),
                what: format!("the manifest from {}", ep.url()),
                digest: digest.to_owned(),
                actual,
            }));
        }
        self.write_blob(digest, &bytes)?;
        Ok(bytes)
    }

    /// Makes blob `digest` present, verified; returns whether it had to be downloaded.
    /// With a `tee` it always downloads, sending each chunk there as well (until the
    /// receiver goes away); dropping the sender at the end tells the receiver it is over.
    #[allow(clippy::too_many_arguments)]
    async fn fetch_blob(
        &self,
        ep: &Endpoint,
        r: &ImageRef,
        digest: &str,
        size: u64,
        reference: &str,
        on_bytes: &mut (dyn FnMut(u64) + Send),
        mut tee: Option<mpsc::Sender<Bytes>>,
    ) -> Result<bool, Step> {
        let path = self.blob_path(digest).map_err(|_| {
            Step::Fatal(ImageError::Unsupported {
                reference: reference.to_owned(),
                detail: format!(
                    "blob digest {digest:?} is not sha256, the only algorithm runlane verifies"
                ),
            })
        })?;
        if tee.is_none() && path.exists() {
            return Ok(false);
        }
        let mut stream = self
            .inner
            .registries
            .blob(ep, r, digest)
            .await
            .map_err(Step::Endpoint)?;
        let tmp = self.tmp_path("blob");
        let mut file = tokio::fs::File::create(&tmp)
            .await
            .map_err(io_at("create", &tmp))?;
        let mut hasher = Sha256::new();
        let mut n = 0u64;
        let result: Result<(), Step> = async {
            while let Some(chunk) = stream.next().await {
                let chunk = match chunk {
                    Ok(chunk) => chunk,
                    Err(e) => {
                        // oci-client checks the digest too, failing the end of the
                        // stream: a complete body with another sha256 is a mismatch.
                        let actual = format!("sha256:{:x}", hasher.finalize_reset());
                        if n == size && actual != digest {
                            return Err(Step::Fatal(ImageError::DigestMismatch {
                                reference: reference.to_owned(),
                                what: format!("blob from {}", ep.url()),
                                digest: digest.to_owned(),
                                actual,
                            }));
                        }
                        return Err(Step::Endpoint(Failure::Unreachable(format!(
                            "the download of {digest} from {} broke off: {e}",
                            ep.url()
                        ))));
                    }
                };
                n += chunk.len() as u64;
                if n > size {
                    return Err(Step::Fatal(ImageError::DigestMismatch {
                        reference: reference.to_owned(),
                        what: format!("blob from {}", ep.url()),
                        digest: digest.to_owned(),
                        actual: format!("more than the {size} bytes the manifest declares"),
                    }));
                }
                hasher.update(&chunk);
                if let Some(tx) = &tee {
                    if tx.send(chunk.clone()).await.is_err() {
                        tee = None;
                    }
                }
                file.write_all(&chunk).await.map_err(io_at("write", &tmp))?;
                on_bytes(chunk.len() as u64);
            }
            file.sync_all().await.map_err(io_at("write", &tmp))?;
            let actual = format!("sha256:{:x}", hasher.finalize_reset());
            if actual != digest {
                return Err(Step::Fatal(ImageError::DigestMismatch {
                    reference: reference.to_owned(),
                    what: format!("blob from {}", ep.url()),
                    digest: digest.to_owned(),
                    actual,
                }));
            }
            Ok(())
        }
        .await;
        drop(tee);
        drop(file);
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        fs::rename(&tmp, &path).map_err(io_at("store", &path))?;
        self.inner.blobs_downloaded.fetch_add(1, Ordering::Relaxed);
        self.inner.bytes_downloaded.fetch_add(n, Ordering::Relaxed);
        tracing::debug!(%digest, bytes = n, "blob stored");
        Ok(true)
    }
}

// === impl ImageStore: unpacking and metadata (blocking) ===

impl ImageStore {
    /// Unpacks an image whose blobs are all present and makes it visible.
    pub(crate) fn commit(&self, c: Commit) -> Result<Image, ImageError> {
        if let Some(image) = self.get(&c.digest) {
            self.add_names(&c.digest, &c.names, &c.loaded_names);
            return Ok(image);
        }
        let tmp = self.tmp_path("unpack");
        fs::create_dir(&tmp).map_err(io_at("create", &tmp))?;
        let mut stats = UnpackStats::default();
        for layer in c.manifest.layers() {
            let digest = layer.digest().to_string();
            if let Err(e) = self.apply_blob(&tmp, &digest, &c.reference, &mut stats) {
                let _ = remove_any(&tmp);
                return Err(e);
            }
        }
        self.install(c, &tmp, stats)
    }

    /// Makes an image whose layers are all unpacked in `tmp` (under `tmp/`) and whose
    /// blobs are all present visible: renames `tmp` into `rootfs/`, writes its metadata.
    fn install(&self, c: Commit, tmp: &Path, stats: UnpackStats) -> Result<Image, ImageError> {
        if let Some(image) = self.get(&c.digest) {
            let _ = remove_any(tmp);
            self.add_names(&c.digest, &c.names, &c.loaded_names);
            return Ok(image);
        }
        let unsupported = |detail: String| ImageError::Unsupported {
            reference: c.reference.clone(),
            detail,
        };
        let config_digest = c.manifest.config().digest().to_string();
        let parsed = self.blob_path(&config_digest).and_then(|p| {
            let bytes = fs::read(&p).map_err(io_at("read", &p))?;
            manifest::image_config(&bytes).map_err(unsupported)
        });
        let (config, created) = match parsed {
            Ok(x) => x,
            Err(e) => {
                let _ = remove_any(tmp);
                return Err(e);
            }
        };
        let mut blobs = vec![c.digest.clone()];
        if c.manifest_digest != c.digest {
            blobs.push(c.manifest_digest.clone());
        }
        blobs.push(config_digest);
        blobs.extend(c.manifest.layers().iter().map(|l| l.digest().to_string()));
        let rootfs = self.rootfs_path(&c.digest);
        remove_any(&rootfs)?;
        fs::rename(tmp, &rootfs).map_err(io_at("move into place", &rootfs))?;

        let blob_bytes: u64 = blobs
            .iter()
            .filter_map(|d| self.blob_path(d).ok())
            .filter_map(|p| fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let meta = Meta {
            digest: c.digest.clone(),
            manifest_digest: c.manifest_digest,
            names: Vec::new(),
            loaded_names: Vec::new(),
            config,
            size_bytes: blob_bytes + stats.bytes,
            created,
            last_used_unix: now_unix(),
            blobs,
        };
        self.write_meta(&meta)?;
        tracing::info!(digest = %c.digest, files = stats.files, bytes = stats.bytes, skipped_devices = stats.skipped_devices, "image unpacked");
        self.lock_images().insert(c.digest.clone(), meta);
        self.add_names(&c.digest, &c.names, &c.loaded_names);
        self.get(&c.digest)
            .ok_or(ImageError::NotPresent { digest: c.digest })
    }

    fn apply_blob(
        &self,
        root: &Path,
        digest: &str,
        reference: &str,
        stats: &mut UnpackStats,
    ) -> Result<(), ImageError> {
        let path = self.blob_path(digest)?;
        let file = fs::File::open(&path).map_err(io_at("open", &path))?;
        let mut reader = BufReader::with_capacity(BLOB_READ_BUF, file);
        reader.fill_buf().map_err(io_at("read", &path))?;
        apply_compressed(
            root,
            reader,
            digest,
            reference,
            stats,
            self.max_image_bytes(),
        )
    }

    /// The streaming unpacker of a pull: applies layers into `root` in the order they
    /// come, until `Finish` (returns the stats, `root` kept for `install`). On an error,
    /// or when the puller goes away without `Finish` (a failed or cancelled download),
    /// it removes `root`: a half-unpacked rootfs never leaves `tmp/`. Blocking.
    fn unpack_worker(
        &self,
        root: &Path,
        reference: &str,
        jobs: &std::sync::mpsc::Receiver<UnpackJob>,
    ) -> Option<Result<UnpackStats, ImageError>> {
        let mut stats = UnpackStats::default();
        let outcome = loop {
            let applied = match jobs.recv() {
                Ok(UnpackJob::Finish) => break Some(Ok(stats)),
                Err(_) => break None,
                Ok(UnpackJob::Stored(digest)) => {
                    self.apply_blob(root, &digest, reference, &mut stats)
                }
                Ok(UnpackJob::Streaming(digest, chunks)) => {
                    let mut reader = ChunkReader {
                        chunks,
                        cur: Bytes::new(),
                    };
                    reader.fill_at_least(4);
                    apply_compressed(
                        root,
                        reader,
                        &digest,
                        reference,
                        &mut stats,
                        self.max_image_bytes(),
                    )
                }
            };
            if let Err(e) = applied {
                break Some(Err(e));
            }
        };
        if !matches!(outcome, Some(Ok(_))) {
            if let Err(e) = remove_any(root) {
                tracing::warn!(error = %e, "could not remove a partly unpacked rootfs; the next open removes it");
            }
        }
        outcome
    }

    /// Gives `names` to `digest`, taking them from any other image (a tag names one image).
    fn add_names(&self, digest: &str, names: &[String], loaded: &[String]) {
        if names.is_empty() && loaded.is_empty() {
            return;
        }
        let now = now_unix();
        // Written under the lock, so two updates cannot land on disk out of order.
        let mut images = self.lock_images();
        for (d, m) in images.iter_mut() {
            let before = (m.names.clone(), m.loaded_names.clone());
            if d == digest {
                for n in names.iter().chain(loaded) {
                    if !m.names.contains(n) {
                        m.names.push(n.clone());
                    }
                }
                for n in loaded {
                    if !m.loaded_names.contains(n) {
                        m.loaded_names.push(n.clone());
                    }
                }
                if now - m.last_used_unix >= TOUCH_PERSIST_SECS {
                    m.last_used_unix = now;
                } else if before == (m.names.clone(), m.loaded_names.clone()) {
                    continue;
                }
            } else {
                m.names
                    .retain(|n| !names.contains(n) && !loaded.contains(n));
                m.loaded_names
                    .retain(|n| !names.contains(n) && !loaded.contains(n));
                if before == (m.names.clone(), m.loaded_names.clone()) {
                    continue;
                }
            }
            if let Err(e) = self.write_meta(m) {
                tracing::warn!(digest = %m.digest, error = %e, "could not record an image's names");
            }
        }
    }

    fn loaded_name(&self, name: &str) -> Option<String> {
        self.lock_images()
            .values()
            .find(|m| m.loaded_names.iter().any(|n| n == name))
            .map(|m| m.digest.clone())
    }

    fn write_meta(&self, meta: &Meta) -> Result<(), ImageError> {
        let path = self.meta_path(&meta.digest);
        let tmp = self.tmp_path("meta");
        let json = serde_json::to_vec_pretty(meta)
            .map_err(|e| ImageError::io("encode", &path, std::io::Error::other(e)))?;
        let mut f = fs::File::create(&tmp).map_err(io_at("create", &tmp))?;
        f.write_all(&json).map_err(io_at("write", &tmp))?;
        f.sync_all().map_err(io_at("write", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_at("write", &path))
    }

    /// Stores an in-memory blob (already verified by the caller) under its digest.
    pub(crate) fn write_blob(&self, digest: &str, bytes: &[u8]) -> Result<(), ImageError> {
        let path = self.blob_path(digest)?;
        if path.exists() {
            return Ok(());
        }
        let tmp = self.tmp_path("blob");
        let mut f = fs::File::create(&tmp).map_err(io_at("create", &tmp))?;
        f.write_all(bytes).map_err(io_at("write", &tmp))?;
        f.sync_all().map_err(io_at("write", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_at("store", &path))
    }

    pub(crate) fn blob_path(&self, digest: &str) -> Result<PathBuf, ImageError> {
        let d = parse_digest(digest).map_err(|reason| ImageError::InvalidReference {
            reference: digest.to_owned(),
            reason,
        })?;
        Ok(self
            .inner
            .dir
            .join("blobs/sha256")
            .join(&d["sha256:".len()..]))
    }

    fn rootfs_path(&self, digest: &str) -> PathBuf {
        self.inner.dir.join("rootfs").join(hex_of(digest))
    }

    fn meta_path(&self, digest: &str) -> PathBuf {
        self.inner
            .dir
            .join("rootfs")
            .join(format!("{}.json", hex_of(digest)))
    }

    /// A fresh path under `tmp/` (emptied on open).
    pub(crate) fn tmp_path(&self, what: &str) -> PathBuf {
        let n = self.inner.tmp_seq.fetch_add(1, Ordering::Relaxed);
        self.inner
            .dir
            .join("tmp")
            .join(format!("{what}-{}-{n}", std::process::id()))
    }

    fn image_of(&self, meta: &Meta) -> Image {
        Image {
            digest: meta.digest.clone(),
            rootfs: self.rootfs_path(&meta.digest),
            config: meta.config.clone(),
            size_bytes: meta.size_bytes,
        }
    }

    fn lock_images(&self) -> MutexGuard<'_, BTreeMap<String, Meta>> {
        self.inner.images.lock().unwrap_or_else(|p| p.into_inner())
    }
}

// === guards ===

/// Removes the single-flight entry when the leader finishes or is cancelled.
struct FlightGuard<'a> {
    store: &'a ImageStore,
    digest: &'a str,
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        let mut inflight = self
            .store
            .inner
            .inflight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        inflight.remove(self.digest);
    }
}

struct BusyGuard<'a>(&'a ImageStore);

impl<'a> BusyGuard<'a> {
    fn new(store: &'a ImageStore) -> Self {
        store.inner.busy.fetch_add(1, Ordering::SeqCst);
        Self(store)
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.0.inner.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

// === streaming unpack ===

/// One layer for a pull's unpack worker, in manifest order.
enum UnpackJob {
    /// A verified blob already under `blobs/`.
    Stored(String),
    /// A blob as it downloads. Its digest is checked by the downloader; if it does not
    /// match, the pull fails and the worker's rootfs is removed unseen.
    Streaming(String, mpsc::Receiver<Bytes>),
    /// Every blob arrived and matched its digest: keep the rootfs.
    Finish,
}

/// A blocking `BufRead` over the chunks of a download; the end of the channel is EOF.
struct ChunkReader {
    chunks: mpsc::Receiver<Bytes>,
    cur: Bytes,
}

impl ChunkReader {
    /// Buffers at least `n` bytes (fewer only at EOF), so magic bytes can be sniffed.
    fn fill_at_least(&mut self, n: usize) {
        while self.cur.len() < n {
            let Some(more) = self.chunks.blocking_recv() else {
                return;
            };
            if self.cur.is_empty() {
                self.cur = more;
            } else {
                let mut joined = Vec::with_capacity(self.cur.len() + more.len());
                joined.extend_from_slice(&self.cur);
                joined.extend_from_slice(&more);
                self.cur = Bytes::from(joined);
            }
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ChunkReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.cur.is_empty() {
            self.fill_at_least(1);
        }
        Ok(&self.cur)
    }

    fn consume(&mut self, amt: usize) {
        self.cur.advance(amt);
    }
}

/// Applies one layer, decompressed as its first buffered bytes say, on top of `root`.
fn apply_compressed<R: BufRead>(
    root: &Path,
    mut reader: R,
    digest: &str,
    reference: &str,
    stats: &mut UnpackStats,
    max_bytes: u64,
) -> Result<(), ImageError> {
    let bad = |detail: String| ImageError::BadLayer {
        reference: reference.to_owned(),
        layer: digest.to_owned(),
        detail,
    };
    let compression = sniff_compression(reader.fill_buf().map_err(|e| bad(e.to_string()))?);
    match compression {
        Compression::Gzip => apply_layer(
            root,
            flate2::bufread::GzDecoder::new(reader),
            stats,
            max_bytes,
        ),
        Compression::None => apply_layer(root, reader, stats, max_bytes),
        Compression::Zstd => apply_layer(root, ZstdFrames::new(reader), stats, max_bytes),
    }
    .map_err(|e| match e {
        UnpackError::TooLarge { limit } => ImageError::TooLarge {
            reference: reference.to_owned(),
            limit,
        },
        e => bad(e.to_string()),
    })
}

// === helpers ===

/// The name a pull gives its image: the tag reference, if it was one.
fn pull_names(resolved: &Resolved) -> Vec<String> {
    if resolved.reference.contains('@') {
        Vec::new()
    } else {
        vec![resolved.reference.clone()]
    }
}

fn summary(m: &Meta) -> ImageSummary {
    ImageSummary {
        digest: m.digest.clone(),
        names: m.names.clone(),
        size_bytes: m.size_bytes,
        created: m.created.clone(),
        last_used_unix: m.last_used_unix,
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

fn hex_of(digest: &str) -> &str {
    digest.strip_prefix("sha256:").unwrap_or(digest)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

pub(crate) fn remove_any(path: &Path) -> Result<(), ImageError> {
    let r = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    r.map_err(io_at("remove", path))
}

/// Reads `rootfs/*.json`, dropping metadata without a rootfs and rootfs without metadata
/// (both left by a crash between the two renames of a commit or a prune).
fn scan_rootfs(dir: &Path) -> Result<BTreeMap<String, Meta>, ImageError> {
    let mut metas = BTreeMap::new();
    let mut dirs = BTreeSet::new();
    for e in fs::read_dir(dir).map_err(io_at("read", dir))? {
        let p = e.map_err(io_at("read", dir))?.path();
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if p.is_dir() {
            dirs.insert(name);
            continue;
        }
        let Some(hex) = name.strip_suffix(".json") else {
            remove_any(&p)?;
            continue;
        };
        let meta: Option<Meta> = fs::read(&p)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match meta {
            Some(m) if m.digest == format!("sha256:{hex}") => {
                metas.insert(hex.to_owned(), m);
            }
            _ => {
                tracing::warn!(path = %p.display(), "removing unreadable image metadata; pull the image again");
                remove_any(&p)?;
            }
        }
    }
    let mut out = BTreeMap::new();
    for (hex, m) in metas {
        if dirs.remove(&hex) {
            out.insert(m.digest.clone(), m);
        } else {
            remove_any(&dir.join(format!("{hex}.json")))?;
        }
    }
    for hex in dirs {
        tracing::info!(%hex, "removing a rootfs left without metadata by an interrupted pull");
        remove_any(&dir.join(hex))?;
    }
    Ok(out)
}
