//! The runlane domain model: services, immutable revisions, traffic targets, and the
//! pure decisions made about them (validation, naming, revision creation, traffic
//! resolution, split selection).
//!
//! Invariant: this crate does no I/O and reads no clock. Time and randomness come in
//! as arguments, so every decision here is a plain function a test can drive.
//! Serde derives exist only so the store can persist these types; the wire shapes
//! (Knative JSON, Cloud Run Admin API) belong to the api crate.
#![forbid(unsafe_code)]

pub mod domain;
pub mod duration;
pub mod error;
pub mod iam;
pub mod naming;
pub mod percent;
pub mod quantity;
pub mod resource;
pub mod split;
pub mod status;
pub mod traffic;
pub mod write;

pub use error::{FieldError, FieldErrors};
pub use percent::Percent;
pub use resource::*;
