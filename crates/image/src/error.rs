//! The image store's errors: each names the image or file and says what to do next.
//!
//! `ImageError` is `Clone` (sources behind `Arc`) so that every caller sharing one
//! single-flight pull receives the same error.

use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Debug, thiserror::Error)]
pub enum ImageError {
    #[error("image reference {reference:?} is not valid: {reason}; write it as [registry/]repository[:tag][@sha256:digest], e.g. gcr.io/project/app:1")]
    InvalidReference { reference: String, reason: String },

    #[error("mirror {spec:?} is not valid: {reason}; write it as REGISTRY=URL, e.g. gcr.io=http://127.0.0.1:5000")]
    InvalidMirror { spec: String, reason: String },

    #[error("image {reference:?} was not found: {detail}; check the repository and tag (runlane images list shows what is stored here)")]
    NotFound { reference: String, detail: String },

    #[error("image {reference:?} could not be fetched: {endpoint} refused access ({detail}); the credentials for {host} are missing or wrong, set them (runlane up's registry credentials or `docker login {host}`)")]
    Unauthorized {
        reference: String,
        endpoint: String,
        host: String,
        detail: String,
    },

    #[error("image {reference:?} could not be fetched: no registry answered (tried {tried}; last error: {detail}); check that the registry is running and reachable from this machine, or configure a mirror")]
    Unreachable {
        reference: String,
        tried: String,
        detail: String,
    },

    #[error("image {reference:?} could not be fetched: {endpoint} answered with an error ({detail}); retry later, or check the registry's logs")]
    Registry {
        reference: String,
        endpoint: String,
        detail: String,
    },

    #[error("image {reference:?}: {what} {digest} did not match its digest (got {actual}); the registry or the download is corrupt, pull again")]
    DigestMismatch {
        reference: String,
        what: String,
        digest: String,
        actual: String,
    },

    #[error("image {reference:?} cannot be used: {detail}")]
    Unsupported { reference: String, detail: String },

    #[error("image {reference:?} unpacks to more than {limit} bytes (file contents plus 512 bytes per entry), the image store's budget: make the image smaller or raise `runlane up --image-store-budget`")]
    TooLarge { reference: String, limit: u64 },

    #[error("image {reference:?}: layer {layer} could not be unpacked: {detail}; the image is malformed, rebuild it")]
    BadLayer {
        reference: String,
        layer: String,
        detail: String,
    },

    #[error("image archive {path} could not be loaded: {detail}; give a `docker save` tarball or an OCI archive")]
    BadArchive { path: PathBuf, detail: String },

    #[error("image {digest} is not in the store; pull it first (runlane images list shows what is stored here)")]
    NotPresent { digest: String },

    #[error("could not {action} {path}: {source}; check that the data dir is writable and the disk is not full")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: Arc<std::io::Error>,
    },
}

impl ImageError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source: Arc::new(source),
        }
    }
}

/// `.map_err(io_at("write", &path))`
pub(crate) fn io_at<'a>(
    action: &'static str,
    path: &'a std::path::Path,
) -> impl Fn(std::io::Error) -> ImageError + 'a {
    move |e| ImageError::io(action, path, e)
}
