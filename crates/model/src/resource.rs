//! The resources runlane manages, shaped after Knative `serving.knative.dev/v1`:
//! a Service owns a revision template and a traffic list; every template change
//! mints an immutable Revision.

use crate::percent::Percent;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Milliseconds since the Unix epoch. The model never reads the clock; callers pass `now`.
pub type UnixMillis = i64;

pub type Labels = BTreeMap<String, String>;

pub const LABEL_SERVICE: &str = "serving.knative.dev/service";
pub const LABEL_CONFIGURATION: &str = "serving.knative.dev/configuration";
pub const LABEL_CONFIGURATION_GENERATION: &str = "serving.knative.dev/configurationGeneration";
pub const LABEL_NONCE: &str = "client.knative.dev/nonce";
pub const ANNOTATION_MIN_SCALE: &str = "autoscaling.knative.dev/minScale";
pub const ANNOTATION_MAX_SCALE: &str = "autoscaling.knative.dev/maxScale";

/// Cloud Run's defaults, which Knative users also see on Cloud Run.
pub const DEFAULT_CONTAINER_CONCURRENCY: u32 = 80;
pub const MAX_CONTAINER_CONCURRENCY: u32 = 1000;
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 300;
pub const MAX_TIMEOUT_SECONDS: u32 = 3600;
pub const DEFAULT_CONTAINER_PORT: u16 = 8080;
/// Cloud Run keeps at most this many revisions per service; older ones that serve
/// nothing are pruned.
pub const MAX_RETAINED_REVISIONS: usize = 1000;

/// The revision template: everything that, when changed, makes a new revision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RevisionTemplate {
    /// Explicit revision name (`SERVICE-SUFFIX`), or None to have one generated.
    pub name: Option<String>,
    pub labels: Labels,
    pub annotations: Labels,
    /// None means the default (80); Some(0) means unlimited.
    pub container_concurrency: Option<u32>,
    pub timeout_seconds: Option<u32>,
    pub service_account_name: Option<String>,
    pub container: Container,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Container {
    pub name: Option<String>,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub env: Vec<EnvVar>,
    pub port: Option<ContainerPort>,
    /// Resource limits as given (`cpu`, `memory`: Kubernetes quantities, checked by
    /// `quantity`); enforced with cgroups by the runtime, Cloud Run's defaults when absent.
    pub limits: Labels,
    pub working_dir: Option<String>,
    pub startup_probe: Option<Probe>,
    pub liveness_probe: Option<Probe>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPort {
    /// `http1` or `h2c`, as on Cloud Run.
    pub name: Option<String>,
    pub container_port: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub action: ProbeAction,
    pub initial_delay_seconds: u32,
    pub period_seconds: u32,
    pub timeout_seconds: u32,
    pub failure_threshold: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeAction {
    TcpSocket,
    HttpGet { path: String },
}

/// Which revision a traffic entry points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetRevision {
    /// Follows `status.latestReadyRevisionName`.
    Latest,
    Named(String),
    /// A tag-only entry that names no revision (`gcloud run services update --tag`,
    /// whose help says "tag to assign to the newly created revision"): the revision
    /// this write creates, or the latest created one when it creates none. Pinned to
    /// `Named` by `write::apply`, so a stored spec never holds it: the tag stays on
    /// that revision when later deploys move `Latest` on, which the tutorial's
    /// rollback (`--to-tags good=100`) relies on.
    Created,
}

/// One entry of `spec.traffic`. A percent of None is an entry that only names a tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficTarget {
    pub revision: TargetRevision,
    pub percent: Option<Percent>,
    pub tag: Option<String>,
}

impl TrafficTarget {
    pub fn latest(percent: Percent) -> Self {
        TrafficTarget { revision: TargetRevision::Latest, percent: Some(percent), tag: None }
    }

    pub fn named(revision: &str, percent: Option<Percent>, tag: Option<&str>) -> Self {
        TrafficTarget {
            revision: TargetRevision::Named(revision.to_owned()),
            percent,
            tag: tag.map(str::to_owned),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSpec {
    pub template: RevisionTemplate,
    /// Empty means "100% to the latest ready revision", as Knative defaults it.
    pub traffic: Vec<TrafficTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectMeta {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub labels: Labels,
    pub annotations: Labels,
    /// Bumped by every accepted change of spec, labels or annotations.
    pub generation: u64,
    /// Global write counter at the last accepted write; a stale one gets a conflict.
    pub resource_version: u64,
    pub created: UnixMillis,
}

/// A Service as stored: its desired state plus the bookkeeping the controller keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub meta: ObjectMeta,
    pub spec: ServiceSpec,
    /// How many revisions this service has ever created: the NNNNN in `SERVICE-NNNNN-xxx`.
    pub revision_counter: u64,
    pub latest_created: Option<String>,
    /// When the spec was last changed by a write, for `lastTransitionTime`.
    pub updated: UnixMillis,
    /// Who may do what with the service (`roles/run.invoker` → `allUsers`). Not part of
    /// the spec: setting it makes no revision and bumps no generation. Records written
    /// before IAM existed load with the empty policy.
    #[serde(default)]
    pub iam_policy: crate::iam::IamPolicy,
}

/// Where a revision is in its life, as far as the control plane remembers across restarts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevisionHealth {
    /// Created; no instance has become ready yet.
    Pending,
    /// At least one instance became ready once; crashes after that are restarts, not failure.
    Ready { at: UnixMillis },
    /// No instance ever became ready: the revision is failed, as on Cloud Run.
    Failed { at: UnixMillis, reason: String, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub meta: ObjectMeta,
    pub service: String,
    /// The service's revision counter when this revision was minted.
    pub configuration_generation: u64,
    pub template: RevisionTemplate,
    pub health: RevisionHealth,
    /// The image the revision runs, pinned at deploy: `NAME@sha256:…` (Cloud Run's and
    /// Knative's `status.imageDigest`). None for revisions that run on the host (the
    /// sample app, a command) and for revisions made before images were pulled.
    #[serde(default)]
    pub image_digest: Option<String>,
}

impl Revision {
    pub fn is_ready(&self) -> bool {
        matches!(self.health, RevisionHealth::Ready { .. })
    }

    pub fn container_concurrency(&self) -> u32 {
        self.template.container_concurrency.unwrap_or(DEFAULT_CONTAINER_CONCURRENCY)
    }

    pub fn timeout_seconds(&self) -> u32 {
        self.template.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS)
    }

    pub fn min_scale(&self) -> u32 {
        scale_annotation(&self.template.annotations, ANNOTATION_MIN_SCALE).unwrap_or(0)
    }

    /// None means no upper bound.
    pub fn max_scale(&self) -> Option<u32> {
        scale_annotation(&self.template.annotations, ANNOTATION_MAX_SCALE).filter(|&m| m > 0)
    }
}

pub(crate) fn scale_annotation(annotations: &Labels, key: &str) -> Option<u32> {
    annotations.get(key).and_then(|v| v.trim().parse().ok())
}
