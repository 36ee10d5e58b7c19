//! Wires the image store into the controller (a deploy pins its image to a digest) and
//! the runtime (an instance's image is pulled and unpacked before it starts), and picks
//! the runtime `runlane up` runs instances with.

use anyhow::Context;
use runlane_controller::{ImageResolver, ImageRuntime};
use runlane_image::{ImageStore, RegistryConfig, Resolved};
use runlane_runtime::{ContainersConfig, ImageRootfs, Images, PullProgress};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

/// Which runtime `runlane up` runs instances with.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeChoice {
    /// runc when this machine can run containers (root, runc, tini, cgroups), else processes.
    Auto,
    /// Containers under runc; `runlane up` fails, saying what is missing, when it cannot.
    Runc,
    /// Host processes only: images need a command, which runs on the host.
    Process,
}

/// Registry settings from `runlane up`'s flags.
#[derive(clap::Args, Debug, Clone)]
pub struct RegistryArgs {
    /// How instances run: auto (runc if this machine can run containers), runc, or process.
    #[arg(long, value_enum, default_value = "auto", env = "RUNLANE_RUNTIME")]
    pub runtime: RuntimeChoice,
    /// A registry (HOST:PORT) reached over plain HTTP; loopback registries always are. Repeatable.
    #[arg(long = "insecure-registry", value_name = "HOST:PORT", env = "RUNLANE_INSECURE_REGISTRY", value_delimiter = ',')]
    pub insecure_registries: Vec<String>,
    /// Pull a registry's images from a mirror first, as containerd does:
    /// gcr.io=http://127.0.0.1:5000. Repeatable; mirrors of one registry are tried in order.
    #[arg(long = "registry-mirror", value_name = "REGISTRY=URL", env = "RUNLANE_REGISTRY_MIRROR", value_delimiter = ',')]
    pub registry_mirrors: Vec<String>,
    /// Registry credentials in Docker's config.json form ({"auths": {"HOST": {"auth": …}}})
    /// [default: $DOCKER_CONFIG/config.json or ~/.docker/config.json when present].
    #[arg(long, env = "RUNLANE_REGISTRY_CONFIG", value_name = "FILE")]
    pub registry_config: Option<PathBuf>,
    /// Bytes of unpacked images kept when no revision uses them (10Gi, 500Mi); `runlane
    /// images prune` and every new pull trim the store to it. One image that unpacks to
    /// more than this is refused.
    #[arg(long, default_value = "10Gi", value_parser = runlane_model::quantity::parse_memory_unbounded, value_name = "SIZE", env = "RUNLANE_IMAGE_STORE_BUDGET")]
    pub image_store_budget: u64,
    /// IPv4 network the containers' links come from, a /30 each (10.208.0.0/20)
    /// [default: a free /20 of 10.208.0.0/12, one per runlane on this machine].
    #[arg(long, env = "RUNLANE_CONTAINER_SUBNET", value_name = "CIDR")]
    pub container_subnet: Option<runlane_runtime::Ipv4Subnet>,
    /// Registries whose image names resolve to runlane's own registry (`/v2/` on the API
    /// address), as Artifact Registry does for LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE:
    /// a host, or `*SUFFIX` for every host ending so. Repeatable; an empty value turns it
    /// off. A --registry-mirror for the exact host wins.
    #[arg(long = "hosted-registry", value_name = "HOST", default_value = "*-docker.pkg.dev", env = "RUNLANE_HOSTED_REGISTRY", value_delimiter = ',')]
    pub hosted_registry: Vec<String>,
}

/// How runlane's puller reaches runlane's own registry.
pub struct OwnRegistry {
    /// "http://127.0.0.1:8484" (https when the API serves TLS).
    pub url: String,
    /// "127.0.0.1:8484": the host the puller presents the API token to.
    pub host: String,
    pub token: String,
}

impl OwnRegistry {
    /// runlane's own registry is served with the API: its puller reaches it there, with
    /// the API token, for the image names --hosted-registry maps to it.
    pub fn at(api_addr: std::net::SocketAddr, tls: bool, token: &str) -> OwnRegistry {
        OwnRegistry { url: format!("{}://{api_addr}", if tls { "https" } else { "http" }), host: api_addr.to_string(), token: token.to_owned() }
    }
}

impl RegistryArgs {
    fn registry_config(&self, own: Option<&OwnRegistry>) -> anyhow::Result<RegistryConfig> {
        let mut mirrors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for raw in &self.registry_mirrors {
            let (host, endpoint) = RegistryConfig::parse_mirror(raw).map_err(|e| anyhow::anyhow!("--registry-mirror {raw:?}: {e}"))?;
            mirrors.entry(host).or_default().push(endpoint);
        }
        let mut credentials = BTreeMap::new();
        let mut own_hosts = std::collections::BTreeSet::new();
        if let Some(own) = own {
            own_hosts.insert(own.host.clone());
            for host in self.hosted_registry.iter().map(|h| h.trim()).filter(|h| !h.is_empty()) {
                let (host, endpoint) = RegistryConfig::parse_mirror(&format!("{host}={}", own.url)).map_err(|e| anyhow::anyhow!("--hosted-registry {host:?}: {e}"))?;
                mirrors.entry(host).or_insert_with(|| vec![endpoint]);
            }
            credentials.insert(own.host.clone(), ("runlane".to_owned(), own.token.clone()));
        }
        Ok(RegistryConfig {
            mirrors,
            insecure: self.insecure_registries.iter().cloned().collect(),
            docker_config: self.registry_config.clone(),
            credentials,
            credential_helper_path: None,
            own_hosts,
        })
    }
}

/// The image store, and the runtime's and controller's view of it.
pub struct Wiring {
    pub store: ImageStore,
    pub image_runtime: ImageRuntime,
    pub containers: Option<runlane_runtime::Containers>,
    /// Holds this runlane's container subnet against other runlanes on the machine.
    _subnet_lock: Option<std::fs::File>,
}

/// Where runlanes on one machine claim their container subnets (a lock file each, held
/// while the runlane lives, so a crash frees it).
const SUBNET_LOCKS: &str = "/run/runlane/subnets";

/// A /20 of 10.208.0.0/12 no other runlane on this machine holds: the owner's own first
/// (so a restart gets back the subnet its leftovers used), then the next free one.
fn claim_subnet(owner: &str) -> Result<(runlane_runtime::Ipv4Subnet, std::fs::File), String> {
    std::fs::create_dir_all(SUBNET_LOCKS).map_err(|e| format!("cannot create {SUBNET_LOCKS} ({e}); pass --container-subnet"))?;
    let start = owner.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)) % 256;
    for step in 0..256 {
        let block = (start + step) % 256;
        let path = Path::new(SUBNET_LOCKS).join(block.to_string());
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| format!("cannot open {} ({e})", path.display()))?;
        if file.try_lock().is_ok() {
            // 10.208.0.0/12 in /20s: the block's 8 high bits go into the second and third octets.
            let block = block as u32;
            let base = std::net::Ipv4Addr::from((10 << 24) | (208 << 16) | (block << 12));
            return Ok((runlane_runtime::Ipv4Subnet { base, prefix_len: 20 }, file));
        }
    }
    Err("every /20 of 10.208.0.0/12 is held by another runlane on this machine; pass --container-subnet".into())
}

/// Opens the image store and starts the container runtime the flags ask for.
pub fn start(args: &RegistryArgs, data_dir: &Path, owner: &str, own: Option<&OwnRegistry>) -> anyhow::Result<Wiring> {
    let store = ImageStore::open(&data_dir.join("images"), args.registry_config(own)?)
        .with_context(|| format!("cannot open the image store in {}", data_dir.join("images").display()))?;
    if args.image_store_budget > 0 {
        store.set_max_image_bytes(args.image_store_budget);
    }
    let images: Arc<dyn Images> = Arc::new(StoreImages { store: store.clone() });
    let containers = match args.runtime {
        RuntimeChoice::Process => Err("runlane up was started with --runtime process".to_owned()),
        RuntimeChoice::Auto | RuntimeChoice::Runc => {
            let mut config = ContainersConfig::new(data_dir.join("run"), images, owner.to_owned());
            match args.container_subnet {
                // Without root, start says what is missing before a subnet matters.
                None if !nix::unistd::geteuid().is_root() => runlane_runtime::Containers::start(config).map(|c| (c, None)).map_err(|e| e.to_string()),
                Some(subnet) => {
                    config.subnet = subnet;
                    runlane_runtime::Containers::start(config).map(|c| (c, None)).map_err(|e| e.to_string())
                }
                None => claim_subnet(owner).and_then(|(subnet, lock)| {
                    config.subnet = subnet;
                    runlane_runtime::Containers::start(config).map(|c| (c, Some(lock))).map_err(|e| e.to_string())
                }),
            }
        }
    };
    match containers {
        Ok((containers, lock)) => Ok(Wiring { store, image_runtime: ImageRuntime::Runc, containers: Some(containers), _subnet_lock: lock }),
        Err(why) if args.runtime == RuntimeChoice::Runc => anyhow::bail!("cannot run containers: {why}"),
        Err(why) => {
            if args.runtime == RuntimeChoice::Auto {
                tracing::warn!("instances run as host processes; images other than runlane/hello need --command: {why}");
            }
            Ok(Wiring { store, image_runtime: ImageRuntime::ProcessOnly { why }, containers: None, _subnet_lock: None })
        }
    }
}

/// Resolves deploys' images at their registries.
pub struct StoreResolver {
    pub store: ImageStore,
}

impl ImageResolver for StoreResolver {
    fn resolve(&self, reference: &str) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>> {
        let store = self.store.clone();
        let reference = reference.to_owned();
        Box::pin(async move {
            let resolved = store.resolve(&reference).await.map_err(|e| e.to_string())?;
            Ok(format!("{}@{}", repository_of(&resolved.reference), resolved.digest))
        })
    }
}

/// Pulls and unpacks an instance's image (once, however many instances ask).
struct StoreImages {
    store: ImageStore,
}

impl Images for StoreImages {
    fn ensure(
        &self,
        reference: &str,
        digest: &str,
        progress: Box<dyn Fn(PullProgress) + Send + Sync>,
    ) -> Pin<Box<dyn Future<Output = Result<ImageRootfs, String>> + Send>> {
        let store = self.store.clone();
        let resolved = Resolved { reference: reference.to_owned(), digest: digest.to_owned() };
        Box::pin(async move {
            let report = move |p: runlane_image::PullProgress| {
                progress(PullProgress { layers_done: p.layers_done, layers_total: p.layers_total, bytes_done: p.bytes_done, bytes_total: p.bytes_total })
            };
            let image = match store.get(&resolved.digest) {
                Some(image) => image,
                None => store.pull(&resolved, &report).await.map_err(|e| e.to_string())?,
            };
            let c = image.config;
            Ok(ImageRootfs { rootfs: image.rootfs, entrypoint: c.entrypoint, cmd: c.cmd, env: c.env, working_dir: c.working_dir, user: c.user })
        })
    }
}

/// Every second: each instance's CPU and memory use (from its cgroup) into telemetry, as
/// Cloud Run's `container/cpu/utilizations` and `container/memory/utilizations`, and each
/// instance killed for its memory limit as an OOM kill.
pub async fn sample_usage(runtime: runlane_runtime::Runtime, telemetry: runlane_telemetry::Telemetry, controller: runlane_controller::Controller) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut oom_seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    loop {
        tick.tick().await;
        let samples = runtime.sample_usage();
        if !samples.is_empty() {
            telemetry.record_usage(&samples);
        }
        let snapshot = runtime.subscribe().borrow().clone();
        let mut new_kills = Vec::new();
        for (name, revision) in &snapshot.revisions {
            let seen = oom_seen.entry(name.clone()).or_insert(0);
            if revision.oom_kills > *seen {
                new_kills.push((name.clone(), revision.oom_kills - *seen));
                *seen = revision.oom_kills;
            }
        }
        oom_seen.retain(|name, _| snapshot.revisions.contains_key(name));
        if !new_kills.is_empty() {
            // Rare: look the services up only when something was killed.
            let revisions = controller.list_revisions(None, None).await;
            for (name, kills) in new_kills {
                if let Some(r) = revisions.iter().find(|r| r.revision.meta.name == name) {
                    for _ in 0..kills {
                        telemetry.record_oom_kill(&r.revision.service, &name);
                    }
                }
            }
        }
    }
}

/// Keeps the images no revision runs within `budget` bytes: at start, then every minute.
pub async fn prune_to_budget(controller: runlane_controller::Controller, store: ImageStore, budget: u64) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let keep = runlane_api::images::in_use(&controller.list_revisions(None, None).await);
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.prune(&keep, budget)).await {
            Ok(Ok(deleted)) if !deleted.is_empty() => {
                let names: Vec<String> = deleted.iter().map(|i| i.names.join(",")).collect();
                tracing::info!(count = deleted.len(), ?names, "pruned unused images over the store's budget");
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not prune the image store"),
            Err(e) => tracing::warn!(error = %e, "the image prune task failed"),
        }
    }
}

/// `127.0.0.1:5000/demo/hello` from `127.0.0.1:5000/demo/hello:1` (a port's colon is not a tag's).
pub fn repository_of(reference: &str) -> &str {
    let reference = reference.split_once('@').map_or(reference, |(name, _)| name);
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[last_slash..].rfind(':') {
        Some(i) => &reference[..last_slash + i],
        None => reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_lose_their_tag_but_not_their_port() {
        let check = |reference: &str, expected: &str| assert_eq!(repository_of(reference), expected, "{reference}");
        check("127.0.0.1:5000/demo/hello:1", "127.0.0.1:5000/demo/hello");
        check("127.0.0.1:5000/demo/hello", "127.0.0.1:5000/demo/hello");
        check("docker.io/library/busybox:latest", "docker.io/library/busybox");
        check("gcr.io/p/i@sha256:ab", "gcr.io/p/i");
        check("gcr.io/p/i:2@sha256:ab", "gcr.io/p/i");
        check("localhost:5000/x", "localhost:5000/x");
    }
}
