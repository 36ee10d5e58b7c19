//! Pinning a deploy's image to a digest before its revision is minted, as Cloud Run
//! does (`status.imageDigest`): the tag is resolved at the registry once, at deploy,
//! and the revision keeps that digest for its whole life, whatever the tag names later.
//!
//! The resolve is done without the state lock (a slow or unreachable registry must not
//! hold up a rollback), and only for a write that will mint a revision from an image: a
//! traffic change, or gcloud echoing the same template back, never asks the registry.

use crate::{ControlError, Controller};
use runlane_model::write::{self, ServiceWrite, WriteContext};
use runlane_model::{naming, FieldErrors};
use std::future::Future;
use std::pin::Pin;

/// Asks a registry which digest an image reference names now.
pub trait ImageResolver: Send + Sync + 'static {
    /// `NAME@sha256:…` for what `reference` names now, or why it cannot be had: the
    /// image or tag does not exist, the credentials were refused, the registry did not
    /// answer (the message says which, and what to do).
    fn resolve(&self, reference: &str) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;
}

/// Whether images (other than the built-in sample app's) can run here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRuntime {
    /// Under runc, pulled from their registries.
    Runc,
    /// Only host processes: images need a command, which runs on the host.
    /// `why` says what is missing for containers ("runc is not installed …").
    ProcessOnly { why: String },
}

/// An image pinned for one write: the reference as the template gives it, and what it resolved to.
#[derive(Debug, Clone)]
pub(crate) struct PinnedImage {
    pub(crate) reference: String,
    pub(crate) digest: String,
}

const IMAGE_FIELD: &str = "spec.template.spec.containers[0].image";

impl Controller {
    /// Resolves the write's image if the write would mint a revision that runs it as a
    /// container. Errors name the image field and the registry's reason; nothing changes.
    pub(crate) async fn pin_image(&self, write: &ServiceWrite) -> Result<Option<PinnedImage>, ControlError> {
        let container = &write.spec.template.container;
        if naming::runs_on_host(container) {
            return Ok(None);
        }
        if !self.would_mint(write).await {
            return Ok(None);
        }
        match &self.inner.config.image_runtime {
            ImageRuntime::Runc => {}
            // A command given with the image runs on the host, as before images were run.
            ImageRuntime::ProcessOnly { .. } if !container.command.is_empty() => return Ok(None),
            ImageRuntime::ProcessOnly { why } => {
                return Err(invalid(format!(
                    "image {:?} runs as a container, but {why}; or give a command to run on the host instead (`--command` of `runlane deploy` or `gcloud run deploy`, or spec.template.spec.containers[0].command)",
                    container.image
                )))
            }
        }
        let Some(resolver) = self.inner.images.get() else {
            return Err(ControlError::FailedPrecondition("this runlane has no image store attached; images cannot be pulled".into()));
        };
        let reference = container.image.trim().to_owned();
        let digest = resolver.resolve(&reference).await.map_err(invalid)?;
        Ok(Some(PinnedImage { reference, digest }))
    }

    /// Whether the write, applied to the state as it is now, would mint a revision.
    async fn would_mint(&self, write: &ServiceWrite) -> bool {
        let state = self.inner.state.lock().await;
        let key = (write.namespace.clone(), write.name.clone());
        let existing = state.services.get(&key);
        let revisions = state.revisions_of(&write.namespace, &write.name);
        let ctx = WriteContext {
            existing,
            revisions: &revisions,
            now: 0,
            next_resource_version: state.resource_version + 1,
            service_uid: String::new(),
            revision_uid: String::new(),
            name_suffix: "aaa".into(),
            image_digest: None,
        };
        // An invalid write mints nothing; the real apply reports why.
        write::apply(write.clone(), ctx).is_ok_and(|outcome| outcome.new_revision.is_some())
    }

    /// The digest to record on a revision minted from `image` (None for host revisions).
    /// A container revision needs its image pinned by this very write.
    pub(crate) fn digest_for(&self, container: &runlane_model::Container, pinned: Option<&PinnedImage>) -> Result<Option<String>, ControlError> {
        if naming::runs_on_host(container) || self.inner.config.image_runtime != ImageRuntime::Runc {
            return Ok(None);
        }
        match pinned {
            Some(p) if p.reference == container.image.trim() => Ok(Some(p.digest.clone())),
            _ => Err(ControlError::Conflict(format!(
                "the service changed while image {:?} was being resolved; deploy again",
                container.image
            ))),
        }
    }
}

fn invalid(message: String) -> ControlError {
    let mut errors = FieldErrors::default();
    errors.push(IMAGE_FIELD, message);
    ControlError::Invalid(errors)
}
