//! The control plane's brain: it owns the desired state (services, revisions,
//! traffic), keeps it durable in the store, and drives the runtime (which instances
//! run) and the router (which table serves) to match it.
//!
//! Invariants:
//! - A mutation is committed to the store before the caller is answered, and the new
//!   route table is published before the caller is answered, so the first request
//!   accepted after an API reply follows the new traffic split.
//! - Revisions are immutable once minted; only their health (Pending → Ready or
//!   Failed) changes, driven by what the runtime observes.
//! - The controller never sits on the request path: the router reads only the
//!   immutable tables and endpoint lists published here.
#![forbid(unsafe_code)]

mod autoscaling;
pub mod crashloop;
mod images;
mod reconcile;
mod rollouts;

use runlane_model::status::{self, ServiceStatus, UrlScheme};
use runlane_model::write::{self, ServiceWrite, WriteContext, WriteError};
use runlane_model::iam::IamPolicy;
use runlane_model::{traffic, FieldErrors, Revision, RevisionHealth, Service, UnixMillis, MAX_RETAINED_REVISIONS};
use runlane_router::{RevisionBackend, Router};
use runlane_runtime::{RevisionStatus as RuntimeRevisionStatus, Runtime, RuntimeSnapshot};
use runlane_store::{Batch, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Mutex};

pub use autoscaling::{AutoscaleConfig, ScalingView, ANNOTATION_RETENTION, ANNOTATION_TARGET_UTILIZATION};
pub use images::{ImageResolver, ImageRuntime};
pub use reconcile::instance_spec;
pub use rollouts::{RolloutCommand, RolloutHooks, RolloutStart, ANNOTATION_FREEZE, ANNOTATION_OVERRIDE_FREEZE};
/// What `runlane up` implements for rollouts.
pub mod rollouts_hooks {
    pub use crate::rollouts::{BoxFuture, RolloutHooks};
}

/// Settings the controller needs from `runlane up`.
#[derive(Debug, Clone)]
pub struct ControllerConfig {
    /// Service URLs are `http://SERVICE.DOMAIN:PORT` (`https://` with `router_https`).
    pub domain: String,
    pub router_port: u16,
    /// `router_port` is the router's HTTPS port, and URLs are `https://`.
    pub router_https: bool,
    /// The program that runs the built-in sample app (normally the runlane binary itself, with `hello`).
    pub hello_program: PathBuf,
    /// Time between SIGTERM and SIGKILL when an instance stops (Cloud Run gives 10 s).
    pub stop_grace: Duration,
    /// Marks every instance (`RUNLANE_OWNER`) so a later runlane on the same data dir
    /// can find them if this one dies without stopping them.
    pub owner: String,
    /// Windows, grace and tick of the autoscaler.
    pub autoscale: AutoscaleConfig,
    /// New services start private (no `allUsers` invoker binding), as on Cloud Run;
    /// otherwise public (`runlane up --new-services public`, a laptop's convenience).
    pub private_by_default: bool,
    /// Whether images other than the sample app's run as containers here.
    pub image_runtime: ImageRuntime,
}

/// Why a control-plane operation was refused. The api crate maps each kind to an HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("{kind} {name:?} does not exist in namespace {namespace:?}")]
    NotFound { kind: &'static str, namespace: String, name: String },
    #[error("{kind} {name:?} already exists in namespace {namespace:?}; replace it instead of creating it")]
    AlreadyExists { kind: &'static str, namespace: String, name: String },
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    FailedPrecondition(String),
    #[error("the change was not saved: {0}")]
    Store(#[from] StoreError),
}

/// A Service with its derived status.
#[derive(Debug, Clone)]
pub struct ServiceView {
    pub service: Service,
    pub status: ServiceStatus,
    /// How far the pull of the latest created revision's image has come, while it runs.
    pub pulling: Option<runlane_runtime::PullProgress>,
    /// Revisions serving a share of traffic whose instances keep crashing, with why
    /// ([`crashloop::crash_looping`]): the service is not ready while there is one.
    pub crash_looping: Vec<(String, String)>,
}

/// A Revision with what the runtime sees of it and the traffic it gets.
#[derive(Debug, Clone)]
pub struct RevisionView {
    pub revision: Revision,
    pub runtime: Option<RuntimeRevisionStatus>,
    /// Basis points of the service's split routed to this revision.
    pub traffic_basis_points: u32,
    pub tags: Vec<String>,
    /// The autoscaler's view, while the revision is routable.
    pub scaling: Option<ScalingView>,
}

#[derive(Clone)]
pub struct Controller {
    inner: Arc<Inner>,
}

struct Inner {
    config: ControllerConfig,
    urls: UrlScheme,
    store: Arc<Store>,
    runtime: Runtime,
    router: Router,
    state: Mutex<State>,
    /// Backends survive table rebuilds so endpoint lists and counters persist.
    backends: Arc<std::sync::Mutex<HashMap<String, Arc<RevisionBackend>>>>,
    /// Every routable revision's autoscaler.
    scaling: Arc<autoscaling::Scaling>,
    /// Each service's route and autoscaled revisions as last reconciled (locked inside `state`'s lock).
    derived: std::sync::Mutex<reconcile::Derived>,
    runtime_view: watch::Receiver<Arc<RuntimeSnapshot>>,
    changes: watch::Sender<u64>,
    /// Metrics and logs, for the API to query (set once by `runlane up`).
    telemetry: std::sync::OnceLock<runlane_telemetry::Telemetry>,
    /// Webhooks, incidents and SLO lookups of rollouts (set once by `runlane up`).
    rollout_hooks: std::sync::OnceLock<Arc<dyn RolloutHooks>>,
    /// Wakes the rollout driver after a command.
    rollout_wake: tokio::sync::Notify,
    /// Pins a deploy's image to its digest (set once by `runlane up` when it runs containers).
    images: std::sync::OnceLock<Arc<dyn ImageResolver>>,
    /// Holds every write between its commit and what follows (tests only).
    #[cfg(test)]
    after_commit: std::sync::Mutex<Option<Arc<tests::CommitGate>>>,
}

#[derive(Default)]
struct State {
    services: BTreeMap<(String, String), Service>,
    revisions: Revisions,
    /// The latest rollout of each service, by (namespace, service).
    rollouts: BTreeMap<(String, String), runlane_rollout::Rollout>,
    resource_version: u64,
    /// Which services recent changes touched, so followers update only those.
    journal: Journal,
    /// Domain mappings by domain.
    domain_mappings: BTreeMap<String, runlane_model::domain::DomainMapping>,
}

/// The services touched by the last changes, numbered: a follower that read up to
/// number `n` catches up on what came after (`Controller::catalog_changes`), or, if
/// that was dropped, reads everything again.
#[derive(Default)]
struct Journal {
    seq: u64,
    /// The highest number no longer kept.
    dropped_through: u64,
    entries: std::collections::VecDeque<(u64, (String, String))>,
}

impl Journal {
    /// More than this many touched services between two reads costs a full read.
    const KEPT: usize = 1024;

    fn record(&mut self, touched: &[(String, String)]) {
        for key in touched {
            self.seq += 1;
            self.entries.push_back((self.seq, key.clone()));
        }
        while self.entries.len() > Self::KEPT {
            if let Some((seq, _)) = self.entries.pop_front() {
                self.dropped_through = seq;
            }
        }
    }

    /// The services touched after `since`, or `None` when some of them are no longer kept.
    fn since(&self, since: u64) -> Option<std::collections::BTreeSet<(String, String)>> {
        if since < self.dropped_through {
            return None;
        }
        Some(self.entries.iter().rev().take_while(|(seq, _)| *seq > since).map(|(_, key)| key.clone()).collect())
    }
}

/// What telemetry needs to know of one service: its namespace, labels and revisions' names.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogService {
    pub namespace: String,
    pub labels: runlane_model::Labels,
    pub revisions: Vec<String>,
}

/// The catalogue's changes since a follower's last read (`Controller::catalog_changes`).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogChanges {
    /// Pass this to the next call.
    pub seq: u64,
    /// True when `services` is the whole catalogue (replace, not update).
    pub full: bool,
    /// Each changed service by name, `None` when it no longer exists.
    pub services: Vec<(String, Option<CatalogService>)>,
}

impl State {
    /// The service's revisions in name order, without looking at other services' revisions.
    fn revisions_of(&self, namespace: &str, service: &str) -> Vec<Revision> {
        let Some(names) = self.revisions.by_service.get(&(namespace.to_owned(), service.to_owned())) else { return Vec::new() };
        names.iter().filter_map(|name| self.revisions.by_name.get(&(namespace.to_owned(), name.clone()))).cloned().collect()
    }
}

/// Revisions by (namespace, name), indexed by (namespace, service) too, so work on one
/// service costs the same however many other services exist.
#[derive(Default)]
struct Revisions {
    by_name: BTreeMap<(String, String), Revision>,
    by_service: HashMap<(String, String), std::collections::BTreeSet<String>>,
}

impl Revisions {
    fn get(&self, key: &(String, String)) -> Option<&Revision> {
        self.by_name.get(key)
    }

    fn values(&self) -> impl Iterator<Item = &Revision> {
        self.by_name.values()
    }

    fn insert(&mut self, key: (String, String), revision: Revision) {
        let service = (key.0.clone(), revision.service.clone());
        if let Some(old) = self.by_name.insert(key.clone(), revision) {
            if old.service != service.1 {
                self.unindex(&key.0, &old.service, &key.1);
            }
        }
        self.by_service.entry(service).or_default().insert(key.1);
    }

    fn remove(&mut self, key: &(String, String)) -> Option<Revision> {
        let old = self.by_name.remove(key)?;
        self.unindex(&key.0, &old.service, &key.1);
        Some(old)
    }

    fn unindex(&mut self, namespace: &str, service: &str, name: &str) {
        let service_key = (namespace.to_owned(), service.to_owned());
        if let Some(names) = self.by_service.get_mut(&service_key) {
            names.remove(name);
            if names.is_empty() {
                self.by_service.remove(&service_key);
            }
        }
    }
}

impl Controller {
    /// Loads the stored state, starts the instances it calls for and publishes the route table.
    pub async fn start(config: ControllerConfig, store: Arc<Store>, runtime: Runtime, router: Router) -> Result<Controller, ControlError> {
        let loaded = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || store.load()).await.expect("store load panicked")?
        };
        let mut state = State { resource_version: loaded.resource_version, ..State::default() };
        for s in loaded.services {
            state.services.insert((s.meta.namespace.clone(), s.meta.name.clone()), s);
        }
        for r in loaded.revisions {
            state.revisions.insert((r.meta.namespace.clone(), r.meta.name.clone()), r);
        }
        for r in loaded.rollouts {
            state.rollouts.insert((r.namespace.clone(), r.service.clone()), r);
        }
        for m in loaded.domain_mappings {
            state.domain_mappings.insert(m.domain.clone(), m);
        }
        let urls = UrlScheme { domain: config.domain.clone(), port: config.router_port, https: config.router_https };
        let runtime_view = runtime.subscribe();
        let backends: Arc<std::sync::Mutex<HashMap<String, Arc<RevisionBackend>>>> = Arc::default();
        // An instance chosen for removal gets SIGTERM once the router has no request in flight to it.
        runtime.set_drain(Arc::new(RouterDrain { backends: backends.clone() }));
        let scaling = Arc::new(autoscaling::Scaling::new(config.autoscale.clone()));
        let controller = Controller {
            inner: Arc::new(Inner {
                config,
                urls,
                store,
                runtime,
                router,
                state: Mutex::new(state),
                backends,
                scaling,
                derived: std::sync::Mutex::default(),
                runtime_view,
                changes: watch::channel(0).0,
                telemetry: std::sync::OnceLock::new(),
                rollout_hooks: std::sync::OnceLock::new(),
                rollout_wake: tokio::sync::Notify::new(),
                images: std::sync::OnceLock::new(),
                #[cfg(test)]
                after_commit: std::sync::Mutex::default(),
            }),
        };
        {
            let state = controller.inner.state.lock().await;
            controller.reconcile(&state, reconcile::Scope::All);
        }
        tokio::spawn(controller.clone().follow_runtime());
        let inner = &controller.inner;
        tokio::spawn(autoscaling::run(inner.scaling.clone(), inner.runtime.clone(), inner.router.clone()));
        tokio::spawn(rollouts::run(controller.clone()));
        Ok(controller)
    }

    pub fn urls(&self) -> &UrlScheme {
        &self.inner.urls
    }

    /// Gives the API access to telemetry; later calls are ignored.
    pub fn attach_telemetry(&self, telemetry: runlane_telemetry::Telemetry) {
        let _ = self.inner.telemetry.set(telemetry);
    }

    /// Gives deploys a way to pin images to digests; later calls are ignored.
    pub fn attach_images(&self, images: Arc<dyn ImageResolver>) {
        let _ = self.inner.images.set(images);
    }

    /// Telemetry, if `runlane up` attached it.
    /// Whether the store had to use its reserved space (the disk filled up).
    pub fn store_reserve_released(&self) -> bool {
        self.inner.store.reserve_released()
    }

    pub fn telemetry(&self) -> Option<&runlane_telemetry::Telemetry> {
        self.inner.telemetry.get()
    }

    /// Wakes whenever any service or revision changes (spec or health).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.inner.changes.subscribe()
    }

    /// Stops every instance gracefully.
    pub async fn shutdown(&self) {
        self.inner.runtime.shutdown().await;
    }

    // === reads ===

    pub async fn list_services(&self, namespace: Option<&str>) -> Vec<ServiceView> {
        let state = self.inner.state.lock().await;
        state
            .services
            .values()
            .filter(|s| namespace.is_none_or(|ns| s.meta.namespace == ns))
            .map(|s| self.view(&state, s))
            .collect()
    }

    pub async fn get_service(&self, namespace: &str, name: &str) -> Result<ServiceView, ControlError> {
        let state = self.inner.state.lock().await;
        let s = state.services.get(&(namespace.to_owned(), name.to_owned())).ok_or_else(|| not_found("service", namespace, name))?;
        Ok(self.view(&state, s))
    }

    pub async fn list_revisions(&self, namespace: Option<&str>, service: Option<&str>) -> Vec<RevisionView> {
        let state = self.inner.state.lock().await;
        state
            .revisions
            .values()
            .filter(|r| namespace.is_none_or(|ns| r.meta.namespace == ns) && service.is_none_or(|s| r.service == s))
            .map(|r| self.revision_view(&state, r))
            .collect()
    }

    pub async fn get_revision(&self, namespace: &str, name: &str) -> Result<RevisionView, ControlError> {
        let state = self.inner.state.lock().await;
        let r = state.revisions.get(&(namespace.to_owned(), name.to_owned())).ok_or_else(|| not_found("revision", namespace, name))?;
        Ok(self.revision_view(&state, r))
    }

    /// What telemetry needs to name series and log entries (each service's namespace,
    /// labels and revisions) for the services changed since `since` (the `seq` of an
    /// earlier answer), or for all of them when `since` is `None` or too old. Following
    /// every change this way costs what the change touched, not the catalogue's size.
    pub async fn catalog_changes(&self, since: Option<u64>) -> CatalogChanges {
        let state = self.inner.state.lock().await;
        let entry = |key: &(String, String)| {
            state.services.get(key).map(|s| CatalogService {
                namespace: s.meta.namespace.clone(),
                labels: s.meta.labels.clone(),
                revisions: state.revisions.by_service.get(key).map(|names| names.iter().cloned().collect()).unwrap_or_default(),
            })
        };
        let seq = state.journal.seq;
        match since.and_then(|since| state.journal.since(since)) {
            Some(keys) => CatalogChanges { seq, full: false, services: keys.iter().map(|key| (key.1.clone(), entry(key))).collect() },
            None => CatalogChanges { seq, full: true, services: state.services.keys().map(|key| (key.1.clone(), entry(key))).collect() },
        }
    }

    // === writes ===

    pub async fn create_service(&self, write: ServiceWrite) -> Result<ServiceView, ControlError> {
        self.to_completion(move |c| async move { c.create_service_started(write).await }).await
    }

    async fn create_service_started(&self, write: ServiceWrite) -> Result<ServiceView, ControlError> {
        let pinned = self.pin_image(&write).await?;
        let mut state = self.inner.state.lock().await;
        let key = (write.namespace.clone(), write.name.clone());
        if state.services.contains_key(&key) {
            return Err(ControlError::AlreadyExists { kind: "service", namespace: key.0, name: key.1 });
        }
        if let Some(other) = state.services.values().find(|s| s.meta.name == write.name) {
            return Err(ControlError::Conflict(format!(
                "service name {:?} is already used in namespace {:?}; URLs are SERVICE.{}, so service names are unique across namespaces: choose another name",
                write.name, other.meta.namespace, self.inner.config.domain
            )));
        }
        self.check_freeze(&state, &write, None)?;
        self.apply_write(&mut state, write, None, Vec::new(), pinned.as_ref()).await
    }

    pub async fn replace_service(&self, write: ServiceWrite) -> Result<ServiceView, ControlError> {
        self.to_completion(move |c| async move { c.replace_service_started(write).await }).await
    }

    async fn replace_service_started(&self, write: ServiceWrite) -> Result<ServiceView, ControlError> {
        let pinned = self.pin_image(&write).await?;
        let mut state = self.inner.state.lock().await;
        let key = (write.namespace.clone(), write.name.clone());
        let existing = state.services.get(&key).cloned().ok_or_else(|| not_found("service", &key.0, &key.1))?;
        self.check_freeze(&state, &write, Some(&existing))?;
        let started = self.rollout_for_deploy(&state, &write, &existing);
        let write = match &started {
            Some((pinned, _)) => pinned.clone(),
            None => write,
        };
        let view = self.apply_write(&mut state, write, Some(existing), Vec::new(), pinned.as_ref()).await?;
        if let Some((_, pending)) = started {
            self.begin_deploy_rollout(&mut state, pending, &view).await;
        }
        Ok(view)
    }

    pub async fn delete_service(&self, namespace: &str, name: &str) -> Result<(), ControlError> {
        self.delete_service_at(namespace, name, None).await
    }

    /// Deletes a service if its resourceVersion is still `seen` (None: whatever it is),
    /// checked under the state lock with the delete, so no write can come in between.
    pub async fn delete_service_at(&self, namespace: &str, name: &str, seen: Option<u64>) -> Result<(), ControlError> {
        let (namespace, name) = (namespace.to_owned(), name.to_owned());
        self.to_completion(move |c| async move { c.delete_service_started(&namespace, &name, seen).await }).await
    }

    async fn delete_service_started(&self, namespace: &str, name: &str, seen: Option<u64>) -> Result<(), ControlError> {
        let mut state = self.inner.state.lock().await;
        let key = (namespace.to_owned(), name.to_owned());
        let Some(existing) = state.services.get(&key) else {
            return Err(not_found("service", namespace, name));
        };
        if let Some(seen) = seen.filter(|seen| *seen != existing.meta.resource_version) {
            return Err(ControlError::Conflict(format!(
                "service {name:?} was changed by someone else (resourceVersion {seen} is now {}); get it again and retry the delete",
                existing.meta.resource_version
            )));
        }
        let revisions = state.revisions_of(namespace, name);
        let batch = Batch {
            delete_services: vec![key.clone()],
            delete_revisions: revisions.iter().map(|r| (r.meta.namespace.clone(), r.meta.name.clone())).collect(),
            ..Batch::default()
        };
        self.commit(batch).await?;
        state.services.remove(&key);
        state.rollouts.remove(&key);
        for r in &revisions {
            state.revisions.remove(&(r.meta.namespace.clone(), r.meta.name.clone()));
        }
        self.reconcile(&state, reconcile::Scope::Services(std::slice::from_ref(&key)));
        self.notify(&mut state, &[key]);
        drop(state);
        for r in &revisions {
            self.inner.runtime.remove_revision(&r.meta.name).await;
            self.inner.backends.lock().unwrap_or_else(|p| p.into_inner()).remove(&r.meta.name);
        }
        Ok(())
    }

    pub async fn delete_revision(&self, namespace: &str, name: &str) -> Result<(), ControlError> {
        let (namespace, name) = (namespace.to_owned(), name.to_owned());
        self.to_completion(move |c| async move { c.delete_revision_started(&namespace, &name).await }).await
    }

    async fn delete_revision_started(&self, namespace: &str, name: &str) -> Result<(), ControlError> {
        let mut state = self.inner.state.lock().await;
        let key = (namespace.to_owned(), name.to_owned());
        let revision = state.revisions.get(&key).cloned().ok_or_else(|| not_found("revision", namespace, name))?;
        if let Some(service) = state.services.get(&(namespace.to_owned(), revision.service.clone())) {
            let revisions = state.revisions_of(namespace, &service.meta.name);
            let st = status::service_status(service, &revisions, &self.inner.urls);
            let uses: Vec<String> = st
                .traffic
                .iter()
                .filter(|t| t.target.revision.as_deref() == Some(name))
                .map(|t| match (&t.target.tag, t.target.percent) {
                    (Some(tag), _) => format!("tag {tag:?}"),
                    (None, Some(p)) => format!("{p}% of traffic"),
                    (None, None) => "a traffic entry".to_owned(),
                })
                .collect();
            if !uses.is_empty() {
                return Err(ControlError::FailedPrecondition(format!(
                    "revision {name:?} cannot be deleted while it serves {}; move its traffic and tags elsewhere first (update-traffic)",
                    uses.join(" and ")
                )));
            }
            if service.latest_created.as_deref() == Some(name) {
                return Err(ControlError::FailedPrecondition(format!(
                    "revision {name:?} is the latest created revision of service {:?} and cannot be deleted; deploy a newer revision first",
                    service.meta.name
                )));
            }
        }
        self.commit(Batch { delete_revisions: vec![key.clone()], ..Batch::default() }).await?;
        state.revisions.remove(&key);
        let touched = [(namespace.to_owned(), revision.service.clone())];
        self.reconcile(&state, reconcile::Scope::Services(&touched));
        self.notify(&mut state, &touched);
        drop(state);
        self.inner.runtime.remove_revision(name).await;
        self.inner.backends.lock().unwrap_or_else(|p| p.into_inner()).remove(name);
        Ok(())
    }

    /// Replaces a service's IAM policy, durably. `expected_etag` is the etag of the policy
    /// the caller read; if the policy changed since, the write is refused (Conflict).
    /// The policy is not part of the spec: no revision, no generation or resourceVersion bump.
    pub async fn set_iam_policy(&self, namespace: &str, name: &str, policy: IamPolicy, expected_etag: Option<u64>) -> Result<IamPolicy, ControlError> {
        let (namespace, name) = (namespace.to_owned(), name.to_owned());
        self.to_completion(move |c| async move { c.set_iam_policy_started(&namespace, &name, policy, expected_etag).await }).await
    }

    async fn set_iam_policy_started(&self, namespace: &str, name: &str, policy: IamPolicy, expected_etag: Option<u64>) -> Result<IamPolicy, ControlError> {
        let mut state = self.inner.state.lock().await;
        let key = (namespace.to_owned(), name.to_owned());
        let service = state.services.get(&key).ok_or_else(|| not_found("service", namespace, name))?;
        if expected_etag.is_some_and(|e| e != service.iam_policy.etag()) {
            return Err(ControlError::Conflict(format!(
                "the IAM policy of service {name:?} was changed by someone else since you read it; get it again (get-iam-policy) and reapply your change"
            )));
        }
        let policy = policy.validated().map_err(ControlError::Invalid)?;
        if service.iam_policy == policy {
            return Ok(policy);
        }
        let updated = Service { iam_policy: policy.clone(), ..service.clone() };
        self.commit(Batch { put_services: vec![updated.clone()], ..Batch::default() }).await?;
        state.services.insert(key.clone(), updated);
        // The route table carries who may invoke each service: publish it now.
        self.reconcile(&state, reconcile::Scope::Services(std::slice::from_ref(&key)));
        self.notify(&mut state, &[key]);
        Ok(policy)
    }

    /// Validates and applies a write; `rollouts` are committed in the same transaction
    /// (a rollout's traffic step and its record are one change).
    async fn apply_write(
        &self,
        state: &mut State,
        write: ServiceWrite,
        existing: Option<Service>,
        rollouts: Vec<runlane_rollout::Rollout>,
        pinned: Option<&images::PinnedImage>,
    ) -> Result<ServiceView, ControlError> {
        let revisions = state.revisions_of(&write.namespace, &write.name);
        let image_digest = pinned.filter(|p| p.reference == write.spec.template.container.image.trim()).map(|p| p.digest.clone());
        let ctx = WriteContext {
            existing: existing.as_ref(),
            revisions: &revisions,
            now: now_millis(),
            next_resource_version: state.resource_version + 1,
            service_uid: uid(),
            revision_uid: uid(),
            name_suffix: runlane_model::naming::random_suffix(|| fastrand::u32(..)),
            image_digest,
        };
        let mut outcome = write::apply(write, ctx).map_err(|e| match e {
            WriteError::Invalid(errors) => ControlError::Invalid(errors),
            WriteError::Conflict(message) => ControlError::Conflict(message),
        })?;
        if let Some(r) = &outcome.new_revision {
            self.digest_for(&r.template.container, pinned)?;
        }
        if existing.is_none() && self.inner.config.private_by_default {
            outcome.service.iam_policy = runlane_model::iam::IamPolicy::default();
        }
        if outcome.changed {
            let mut all = revisions.clone();
            all.extend(outcome.new_revision.clone());
            let st = status::service_status(&outcome.service, &all, &self.inner.urls);
            let resolved: Vec<_> = st.traffic.iter().map(|t| t.target.clone()).collect();
            let mut protected = traffic::referenced_revisions(&resolved);
            if let Some(ready) = st.latest_ready.as_deref() {
                protected.insert(ready);
            }
            let pruned = write::revisions_to_prune(&outcome.service, &all, &protected, MAX_RETAINED_REVISIONS);
            let batch = Batch {
                put_services: vec![outcome.service.clone()],
                put_revisions: outcome.new_revision.iter().cloned().collect(),
                delete_revisions: pruned.iter().map(|n| (outcome.service.meta.namespace.clone(), n.clone())).collect(),
                resource_version: Some(outcome.service.meta.resource_version),
                put_rollouts: rollouts.clone(),
                ..Batch::default()
            };
            let new_revision_name = outcome.new_revision.as_ref().map(|r| r.meta.name.clone());
            let started = tokio::time::Instant::now();
            self.commit(batch).await?;
            let committed = started.elapsed();
            for r in rollouts {
                state.rollouts.insert((r.namespace.clone(), r.service.clone()), r);
            }
            state.resource_version = outcome.service.meta.resource_version;
            let ns = outcome.service.meta.namespace.clone();
            state.services.insert((ns.clone(), outcome.service.meta.name.clone()), outcome.service.clone());
            if let Some(r) = outcome.new_revision {
                state.revisions.insert((ns.clone(), r.meta.name.clone()), r);
            }
            for name in &pruned {
                state.revisions.remove(&(ns.clone(), name.clone()));
            }
            let touched = [(ns.clone(), outcome.service.meta.name.clone())];
            self.reconcile(state, reconcile::Scope::Services(&touched));
            for name in &pruned {
                let runtime = self.inner.runtime.clone();
                let name = name.clone();
                tokio::spawn(async move { runtime.remove_revision(&name).await });
            }
            self.notify(state, &touched);
            // A write's path through the control plane (RUST_LOG=runlane_controller=debug,
            // beside runlane_api's request line and the router's requests).
            tracing::debug!(
                namespace = %outcome.service.meta.namespace,
                service = %outcome.service.meta.name,
                generation = outcome.service.meta.generation,
                new_revision = new_revision_name.as_deref().unwrap_or("none"),
                pruned = pruned.len(),
                commit_us = u64::try_from(committed.as_micros()).unwrap_or(u64::MAX),
                published_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
                "service write committed and published"
            );
        } else if !rollouts.is_empty() {
            self.commit(Batch { put_rollouts: rollouts.clone(), ..Batch::default() }).await?;
            for r in rollouts {
                state.rollouts.insert((r.namespace.clone(), r.service.clone()), r);
            }
        }
        Ok(self.view(state, &outcome.service))
    }

    /// Runs a write on its own task and waits for it. Between its commit and its publish
    /// a write must not stop: if the caller's future were dropped there (the client went
    /// away), the store would hold a change that memory and the route table lack until a
    /// restart. A spawned task is not cancelled when its `JoinHandle` is dropped.
    async fn to_completion<T, F>(&self, write: impl FnOnce(Controller) -> F) -> T
    where
        F: std::future::Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        match tokio::spawn(write(self.clone())).await {
            Ok(outcome) => outcome,
            Err(failed) => std::panic::resume_unwind(failed.into_panic()),
        }
    }

    async fn commit(&self, batch: Batch) -> Result<(), ControlError> {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || store.commit(&batch)).await.expect("store commit panicked")?;
        #[cfg(test)]
        {
            let gate = self.inner.after_commit.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(gate) = gate {
                gate.committed.notify_one();
                gate.release.notified().await;
            }
        }
        Ok(())
    }

    /// Records which services a change touched and wakes the followers.
    fn notify(&self, state: &mut State, touched: &[(String, String)]) {
        state.journal.record(touched);
        self.inner.changes.send_modify(|n| *n += 1);
    }

    fn view(&self, state: &State, s: &Service) -> ServiceView {
        let revisions = state.revisions_of(&s.meta.namespace, &s.meta.name);
        let runtime = self.inner.runtime_view.borrow();
        let pulling = s.latest_created.as_deref().and_then(|name| runtime.revisions.get(name).and_then(|r| r.pulling));
        let status = status::service_status(s, &revisions, &self.inner.urls);
        let now = std::time::SystemTime::now();
        let mut crash_looping: Vec<(String, String)> = status
            .traffic
            .iter()
            .filter(|t| t.target.percent.is_some_and(|p| p > runlane_model::percent::Percent::ZERO))
            .filter_map(|t| t.target.revision.as_deref())
            .filter_map(|name| Some((name.to_owned(), crashloop::crash_looping(runtime.revisions.get(name)?, now)?)))
            .collect();
        crash_looping.dedup();
        ServiceView { service: s.clone(), status, pulling, crash_looping }
    }

    fn revision_view(&self, state: &State, r: &Revision) -> RevisionView {
        let mut traffic_basis_points = 0;
        let mut tags = Vec::new();
        if let Some(s) = state.services.get(&(r.meta.namespace.clone(), r.service.clone())) {
            let routing = reconcile::service_routing(s, &state.revisions_of(&s.meta.namespace, &s.meta.name), &self.inner.urls);
            traffic_basis_points = routing.split.iter().filter(|(n, _)| *n == r.meta.name).map(|(_, w)| *w).sum();
            tags = routing.tags.iter().filter(|(_, n)| *n == r.meta.name).map(|(t, _)| t.clone()).collect();
        }
        let runtime = self.inner.runtime_view.borrow().revisions.get(&r.meta.name).cloned();
        let scaling = self.inner.scaling.view(&r.meta.name);
        RevisionView { revision: r.clone(), runtime, traffic_basis_points, tags, scaling }
    }

    /// Follows the runtime: pushes ready endpoints to the router and records revision
    /// health transitions (first ready, or failed before ever being ready).
    async fn follow_runtime(self) {
        let mut view = self.inner.runtime.subscribe();
        let mut previous: Option<Arc<RuntimeSnapshot>> = None;
        loop {
            let snapshot = view.borrow_and_update().clone();
            self.absorb(&snapshot, previous.as_deref()).await;
            previous = Some(snapshot);
            if view.changed().await.is_err() {
                return;
            }
        }
    }

    async fn absorb(&self, snapshot: &RuntimeSnapshot, previous: Option<&RuntimeSnapshot>) {
        {
            let backends = self.inner.backends.lock().unwrap_or_else(|p| p.into_inner());
            for (name, rs) in &snapshot.revisions {
                // One instance's event should not rebuild every revision's endpoint list.
                let unchanged = previous.and_then(|p| p.revisions.get(name)).is_some_and(|p| p.ready_endpoints == rs.ready_endpoints);
                if unchanged {
                    continue;
                }
                if let Some(b) = backends.get(name) {
                    b.set_endpoints(rs.ready_endpoints.clone());
                }
            }
        }
        let mut state = self.inner.state.lock().await;
        let now = now_millis();
        let mut changed = Vec::new();
        for r in state.revisions.values() {
            let Some(rs) = snapshot.revisions.get(&r.meta.name) else { continue };
            let health = match (&r.health, rs.ever_ready, &rs.start_failure) {
                (RevisionHealth::Pending, true, _) => RevisionHealth::Ready { at: now },
                (RevisionHealth::Pending, false, Some(f)) => {
                    let mut message = f.message.trim_end_matches('.').to_owned();
                    message.push('.');
                    if !f.last_lines.is_empty() {
                        message.push_str(&format!("\nLast lines of output:\n{}", f.last_lines.join("\n")));
                    }
                    RevisionHealth::Failed { at: now, reason: f.reason.clone(), message }
                }
                _ => continue,
            };
            changed.push(Revision { health, ..r.clone() });
        }
        if changed.is_empty() {
            return;
        }
        let batch = Batch { put_revisions: changed.clone(), ..Batch::default() };
        if let Err(e) = self.commit(batch).await {
            tracing::error!(error = %e, "could not record revision health; will retry on the next runtime change");
            return;
        }
        let mut touched: Vec<(String, String)> = changed.iter().map(|r| (r.meta.namespace.clone(), r.service.clone())).collect();
        touched.sort();
        touched.dedup();
        for r in changed {
            tracing::info!(revision = %r.meta.name, health = ?r.health, "revision health changed");
            state.revisions.insert((r.meta.namespace.clone(), r.meta.name.clone()), r);
        }
        self.reconcile(&state, reconcile::Scope::Services(&touched));
        self.notify(&mut state, &touched);
    }

    /// Makes runtime and router match the state for the services in `scope`: desired
    /// instances per revision, then the whole route table (the other services' routes as
    /// last derived), swapped in at once.
    fn reconcile(&self, state: &State, scope: reconcile::Scope<'_>) {
        reconcile::apply(self, state, scope);
    }

    // === domain mappings ===

    /// The domain mappings of `namespace`, by domain.
    pub async fn domain_mappings(&self, namespace: &str) -> Vec<runlane_model::domain::DomainMapping> {
        let state = self.inner.state.lock().await;
        state.domain_mappings.values().filter(|m| m.namespace == namespace).cloned().collect()
    }

    /// Every domain mapping, of every namespace.
    pub async fn all_domain_mappings(&self) -> Vec<runlane_model::domain::DomainMapping> {
        self.inner.state.lock().await.domain_mappings.values().cloned().collect()
    }

    /// One domain mapping of `namespace`.
    pub async fn domain_mapping(&self, namespace: &str, domain: &str) -> Result<runlane_model::domain::DomainMapping, ControlError> {
        let domain = domain.to_ascii_lowercase();
        let state = self.inner.state.lock().await;
        state.domain_mappings.get(&domain).filter(|m| m.namespace == namespace).cloned().ok_or_else(|| not_found("domain mapping", namespace, &domain))
    }

    /// Maps `domain` to `service` of `namespace`; durable and routed when this returns.
    /// A malformed domain, a missing service or a domain already mapped is refused
    /// naming the field (`metadata.name` is the domain, `spec.routeName` the service).
    pub async fn create_domain_mapping(&self, namespace: &str, domain: &str, service: &str) -> Result<runlane_model::domain::DomainMapping, ControlError> {
        let (namespace, domain, service) = (namespace.to_owned(), domain.to_owned(), service.to_owned());
        self.to_completion(move |c| async move { c.create_domain_mapping_started(&namespace, &domain, &service).await }).await
    }

    async fn create_domain_mapping_started(&self, namespace: &str, domain: &str, service: &str) -> Result<runlane_model::domain::DomainMapping, ControlError> {
        let invalid = |field: &str, description: String| ControlError::Invalid(runlane_model::FieldError::new(field, description).into());
        let domain = runlane_model::domain::check_domain(domain).map_err(|why| invalid("metadata.name", format!("{domain:?} is not a domain that can be mapped: {why}")))?;
        if service.is_empty() {
            return Err(invalid("spec.routeName", "name the service the domain maps to (--service)".to_owned()));
        }
        let mut state = self.inner.state.lock().await;
        if !state.services.contains_key(&(namespace.to_owned(), service.to_owned())) {
            return Err(invalid("spec.routeName", format!("service {service:?} does not exist in namespace {namespace:?}; deploy it first, or name an existing service")));
        }
        if let Some(existing) = state.domain_mappings.get(&domain) {
            return Err(ControlError::Conflict(format!(
                "metadata.name: {domain} is already mapped to service {:?} in namespace {:?}; unmap it first (runlane domains unmap {domain})",
                existing.service, existing.namespace
            )));
        }
        let mapping = runlane_model::domain::DomainMapping { namespace: namespace.to_owned(), domain: domain.clone(), service: service.to_owned(), uid: uid(), created: now_millis() };
        self.commit(Batch { put_domain_mappings: vec![mapping.clone()], ..Batch::default() }).await?;
        state.domain_mappings.insert(domain.clone(), mapping.clone());
        self.publish_domains(&state);
        tracing::info!(domain, service, namespace, "domain mapped");
        Ok(mapping)
    }

    /// Removes the mapping of `domain`; its requests get 404 from then on.
    pub async fn delete_domain_mapping(&self, namespace: &str, domain: &str) -> Result<(), ControlError> {
        let (namespace, domain) = (namespace.to_owned(), domain.to_ascii_lowercase());
        self.to_completion(move |c| async move {
            let mut state = c.inner.state.lock().await;
            if state.domain_mappings.get(&domain).is_none_or(|m| m.namespace != namespace) {
                return Err(not_found("domain mapping", &namespace, &domain));
            }
            c.commit(Batch { delete_domain_mappings: vec![domain.clone()], ..Batch::default() }).await?;
            state.domain_mappings.remove(&domain);
            c.publish_domains(&state);
            tracing::info!(domain, namespace, "domain mapping deleted");
            Ok(())
        })
        .await
    }

    /// Publishes the current table with the state's domain mappings.
    fn publish_domains(&self, state: &State) {
        let table = self.inner.router.table();
        match table.with_changes(Vec::new()) {
            Ok(table) => self.inner.router.publish(table.with_domains(domain_routes(state))),
            Err(e) => tracing::error!(error = %e, "could not build the route table; the previous one keeps serving"),
        }
    }
}

/// The route table's domain mappings: (domain, service). A mapping routes to its
/// namespace's service of that name (one namespace's services share the table's names).
fn domain_routes(state: &State) -> Vec<(String, String)> {
    state.domain_mappings.values().map(|m| (m.domain.clone(), m.service.clone())).collect()
}

/// Tells the runtime when a leaving instance has no request left, from the router's
/// per-instance counters.
struct RouterDrain {
    backends: Arc<std::sync::Mutex<HashMap<String, Arc<RevisionBackend>>>>,
}

impl runlane_runtime::Drain for RouterDrain {
    fn drained(&self, revision: &str, addr: std::net::SocketAddr) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        let backend = self.backends.lock().unwrap_or_else(|p| p.into_inner()).get(revision).cloned();
        Box::pin(async move {
            if let Some(backend) = backend {
                backend.drained(addr).await;
            }
        })
    }
}

fn not_found(kind: &'static str, namespace: &str, name: &str) -> ControlError {
    ControlError::NotFound { kind, namespace: namespace.to_owned(), name: name.to_owned() }
}

fn now_millis() -> UnixMillis {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

fn uid() -> String {
    let hex: String = (0..32).map(|_| char::from_digit(fastrand::u32(..16), 16).unwrap_or('0')).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stops every write right after its commit until the test releases it.
    #[derive(Default)]
    pub(crate) struct CommitGate {
        pub(crate) committed: tokio::sync::Notify,
        pub(crate) release: tokio::sync::Notify,
    }

    /// A controller over a fresh store in `dir`, running the sample app as a program that
    /// does not exist (its revisions fail; nothing here needs them to serve).
    async fn controller(dir: &std::path::Path) -> (Controller, Arc<Store>) {
        let store = Arc::new(Store::open(&dir.join("state.db")).expect("open the store"));
        let config = ControllerConfig {
            domain: "localhost".into(),
            router_port: 8080,
            router_https: false,
            hello_program: dir.join("no-such-program"),
            stop_grace: Duration::from_millis(100),
            owner: "controller-test".into(),
            autoscale: AutoscaleConfig::default(),
            private_by_default: false,
            image_runtime: ImageRuntime::ProcessOnly { why: "a unit test".into() },
        };
        let runtime = Runtime::new(runlane_runtime::LogSink::new(16).0);
        let router = Router::new(runlane_router::RouterConfig::default());
        (Controller::start(config, store.clone(), runtime, router).await.expect("start the controller"), store)
    }

    fn hello(name: &str) -> ServiceWrite {
        let mut template = runlane_model::RevisionTemplate::default();
        template.container.image = "runlane/hello".into();
        let spec = runlane_model::ServiceSpec { template, traffic: Vec::new() };
        ServiceWrite { namespace: "default".into(), name: name.into(), labels: Default::default(), annotations: Default::default(), spec, resource_version: None }
    }

    /// A client that goes away between the commit and the publish
    /// (Ctrl-C during a deploy) must not leave the store ahead of memory.
    #[tokio::test]
    async fn a_write_whose_caller_goes_away_after_its_commit_still_reaches_memory() {
        let dir = tempfile::tempdir().unwrap();
        let (controller, store) = controller(dir.path()).await;
        let gate = Arc::new(CommitGate::default());
        *controller.inner.after_commit.lock().unwrap() = Some(gate.clone());

        let write = controller.create_service(hello("cancelled"));
        tokio::select! {
            _ = write => panic!("the write finished while its commit was held"),
            () = gate.committed.notified() => {}
        }
        // The select dropped the write's future: the caller is gone, the commit is on disk.
        *controller.inner.after_commit.lock().unwrap() = None;
        gate.release.notify_one();

        let on_disk = store.load().unwrap();
        assert_eq!(on_disk.services.iter().map(|s| s.meta.name.as_str()).collect::<Vec<_>>(), ["cancelled"]);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let in_memory = loop {
            if let Ok(view) = controller.get_service("default", "cancelled").await {
                break view;
            }
            assert!(tokio::time::Instant::now() < deadline, "the committed service never reached memory: disk and memory disagree");
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        assert_eq!(in_memory.service, on_disk.services[0], "memory holds what the store holds");
        let revisions: Vec<String> = controller.list_revisions(Some("default"), Some("cancelled")).await.into_iter().map(|r| r.revision.meta.name).collect();
        assert_eq!(revisions, on_disk.revisions.iter().map(|r| r.meta.name.clone()).collect::<Vec<_>>());
        assert_eq!(controller.inner.router.table().is_public("cancelled"), Some(true), "the route table has the service");
    }

    /// A delete that names the resourceVersion it read (v2's etag) is refused once the
    /// service has changed, and deletes nothing.
    #[tokio::test]
    async fn a_delete_at_a_stale_resource_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (controller, store) = controller(dir.path()).await;
        let created = controller.create_service(hello("kept")).await.unwrap();
        let seen = created.service.meta.resource_version;
        let mut changed = hello("kept");
        changed.labels.insert("team".into(), "fun".into());
        controller.replace_service(changed).await.unwrap();
        let err = controller.delete_service_at("default", "kept", Some(seen)).await.unwrap_err();
        assert!(matches!(err, ControlError::Conflict(ref m) if m.contains("changed by someone else")), "{err}");
        assert_eq!(store.load().unwrap().services.len(), 1, "nothing was deleted");
        let now = controller.get_service("default", "kept").await.unwrap().service.meta.resource_version;
        controller.delete_service_at("default", "kept", Some(now)).await.unwrap();
        assert!(store.load().unwrap().services.is_empty());
    }

    fn revision(namespace: &str, service: &str, name: &str) -> Revision {
        Revision {
            meta: runlane_model::ObjectMeta {
                namespace: namespace.into(),
                name: name.into(),
                uid: "u".into(),
                labels: Default::default(),
                annotations: Default::default(),
                generation: 1,
                resource_version: 1,
                created: 0,
            },
            service: service.into(),
            configuration_generation: 1,
            image_digest: None,
            template: Default::default(),
            health: RevisionHealth::Pending,
        }
    }

    fn names(state: &State, namespace: &str, service: &str) -> Vec<String> {
        state.revisions_of(namespace, service).into_iter().map(|r| r.meta.name).collect()
    }

    #[test]
    fn revisions_of_a_service_follow_inserts_and_removes_and_ignore_look_alike_services() {
        let mut state = State::default();
        for (ns, service, name) in [("d", "a", "a-2"), ("d", "a", "a-1"), ("d", "a-b", "a-b-1"), ("e", "a", "a-9")] {
            state.revisions.insert((ns.into(), name.into()), revision(ns, service, name));
        }
        assert_eq!(names(&state, "d", "a"), ["a-1", "a-2"], "name order, only namespace d, not service a-b");
        assert_eq!(names(&state, "d", "a-b"), ["a-b-1"]);
        assert_eq!(names(&state, "e", "a"), ["a-9"]);
        assert!(names(&state, "d", "zzz").is_empty());

        // Replacing a revision (its health changed) keeps one entry.
        state.revisions.insert(("d".into(), "a-1".into()), Revision { health: RevisionHealth::Ready { at: 5 }, ..revision("d", "a", "a-1") });
        assert_eq!(names(&state, "d", "a"), ["a-1", "a-2"]);
        assert_eq!(state.revisions_of("d", "a")[0].health, RevisionHealth::Ready { at: 5 });

        assert!(state.revisions.remove(&("d".into(), "a-1".into())).is_some());
        assert!(state.revisions.remove(&("d".into(), "a-1".into())).is_none(), "removing twice finds nothing");
        assert_eq!(names(&state, "d", "a"), ["a-2"]);
        state.revisions.remove(&("d".into(), "a-2".into()));
        assert!(names(&state, "d", "a").is_empty());
        assert!(!state.revisions.by_service.contains_key(&("d".to_owned(), "a".to_owned())), "empty index entries are dropped");
        assert_eq!(state.revisions.values().count(), 2);
    }

    #[test]
    fn the_journal_gives_what_was_touched_since_a_read_or_asks_for_a_full_one() {
        let key = |n: usize| ("d".to_owned(), format!("s{n}"));
        let names = |set: Option<std::collections::BTreeSet<(String, String)>>| set.map(|s| s.into_iter().map(|k| k.1).collect::<Vec<_>>());
        let mut journal = Journal::default();
        assert_eq!(names(journal.since(0)), Some(vec![]));
        journal.record(&[key(1), key(2)]);
        journal.record(&[key(1)]);
        assert_eq!(journal.seq, 3);
        assert_eq!(names(journal.since(0)), Some(vec!["s1".into(), "s2".into()]), "each service once");
        assert_eq!(names(journal.since(2)), Some(vec!["s1".into()]));
        assert_eq!(names(journal.since(3)), Some(vec![]));
        for n in 0..Journal::KEPT {
            journal.record(&[key(n)]);
        }
        assert_eq!(journal.entries.len(), Journal::KEPT);
        assert_eq!(names(journal.since(2)), None, "what came after 2 is partly dropped: read everything");
        assert_eq!(names(journal.since(3)).map(|n| n.len()), Some(Journal::KEPT), "nothing after 3 was dropped");
    }
}
