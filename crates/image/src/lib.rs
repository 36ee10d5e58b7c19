//! Container images for runlane: resolve a reference to a digest, pull it (through
//! mirrors, with credentials), verify and store its blobs, and unpack it into a
//! read-only root filesystem that every instance of a revision shares.
//!
//! It exists so that `runlane` can run the images people deploy to Cloud Run, from
//! registries, mirrors or `docker save` tarballs, without a container engine.
//!
//! On disk, under the store's directory:
//! - `blobs/sha256/HEX`: verified blobs (manifests, configs, layers), content-addressed;
//! - `rootfs/HEX/`: an unpacked image, HEX being its manifest digest; `rootfs/HEX.json`
//!   its metadata (names, config, size, last use);
//! - `tmp/`: downloads and unpacks in progress, emptied on open;
//! - `registry/`: the embedded registry's repositories and uploads (see `hosted`).
//!
//! Invariant: a blob is visible under `blobs/` only after its sha256 was verified.
//! Invariant: an image is present only once its rootfs is complete and its metadata
//! written (both by rename), so a crash or kill -9 leaves nothing half-visible.
//! Invariant: nothing under `rootfs/` is written through a path that leaves it (see
//! `unpack`).
#![forbid(unsafe_code)]

mod config;
mod error;
pub mod buildah;
pub mod builds;
pub mod hosted;
mod load;
mod manifest;
mod reference;
pub mod sources;
mod registry;
mod store;
mod unpack;

pub use config::RegistryConfig;
pub use error::ImageError;
pub use hosted::Hosted;
pub use reference::ImageRef;
pub use store::{ImageStore, StoreStats};

use std::path::PathBuf;

/// Normalises a reference the Docker way without any I/O ("busybox" ->
/// "docker.io/library/busybox:latest"), e.g. to validate a deploy request early.
pub fn normalise_reference(reference: &str) -> Result<String, ImageError> {
    ImageRef::parse(reference)
        .map(|r| r.to_string())
        .map_err(|reason| ImageError::InvalidReference {
            reference: reference.to_owned(),
            reason,
        })
}

/// A reference resolved to the manifest digest it names now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// Normalised, e.g. "127.0.0.1:5000/demo/hello:1".
    pub reference: String,
    /// "sha256:<64 hex>": the digest the reference names (an image index's digest for a
    /// multi-platform image; the store picks linux/amd64 inside it).
    pub digest: String,
}

/// A present, unpacked image.
#[derive(Clone, Debug)]
pub struct Image {
    /// The manifest digest the image is stored under (as in [`Resolved::digest`]).
    pub digest: String,
    /// Unpacked, shared read-only by all instances.
    pub rootfs: PathBuf,
    pub config: ImageConfig,
    /// Bytes on disk: the image's blobs plus its unpacked files.
    pub size_bytes: u64,
}

/// How the image asks to be run (from its config blob).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageConfig {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// "K=V"
    pub env: Vec<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub exposed_ports: Vec<String>,
}

/// Pull progress, reported at least once per layer and about every MiB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PullProgress {
    pub layers_done: usize,
    pub layers_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// One stored image, for listings.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ImageSummary {
    pub digest: String,
    pub names: Vec<String>,
    pub size_bytes: u64,
    pub created: Option<String>,
    pub last_used_unix: i64,
}
