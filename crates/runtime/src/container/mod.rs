//! Container instances: each one an OCI container run by `runc` from an
//! unpacked image, with Cloud Run's container contract (`PORT`, `K_*`, tini
//! as PID 1 so SIGTERM reaches the app), its own network namespace
//! (`network`), an in-memory writable layer (`bundle`), its own cgroup with
//! the revision's limits (`cgroup`), and a `config.json` from one pure
//! function (`oci`).
//!
//! [`Containers::start`] checks the host, installs the isolation rules, makes
//! runlane a child subreaper (a container's init becomes runlane's child once
//! `runc run -d` exits) and removes whatever a previous runlane with the same
//! owner left behind: containers, mounts, cgroups, network namespaces, veths.
//! It also removes what runlanes of other owners left when they died without
//! stopping: each running runtime holds a lock named by its scope in
//! `/run/runlane/owners`, and an owner whose lock nobody holds is dead.
//!
//! A few instance networks are kept prepared (`warm`), so a start does not
//! wait for `ip`; [`Containers::shutdown`] destroys them.
//!
//! Invariant: everything runlane creates for a container carries its owner's
//! mark (the `--root` and bundles under `state_dir`, the scope in cgroup and
//! namespace names, the subnet in veth names), so clean-up never touches
//! anything else.

pub(crate) mod bundle;
pub(crate) mod cgroup;
mod instance;
pub(crate) mod network;
pub(crate) mod oci;
mod runc;
mod warm;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::spec::Images;
use cgroup::Hierarchy;
use network::SubnetPool;
use runc::Runc;

pub(crate) use instance::{LaunchError, Running};
pub use network::Ipv4Subnet;

/// What container instances need from the host and from runlane.
#[derive(Clone)]
pub struct ContainersConfig {
    /// `DATA_DIR/run`: runc's `--root` (`runc/`) and the bundles (`bundles/`).
    pub state_dir: PathBuf,
    /// The runc binary; looked up on `PATH` unless it contains a `/`.
    pub runc: PathBuf,
    /// A static tini, bind-mounted into every container as its PID 1.
    pub tini: PathBuf,
    pub images: Arc<dyn Images>,
    /// The data dir: marks everything of ours.
    pub owner: String,
    /// Where instances' /30 links come from.
    pub subnet: Ipv4Subnet,
    /// How many instance networks to keep prepared (0: none; each start
    /// then sets up its own, ~10 ms).
    pub warm_links: usize,
}

/// Why containers cannot run here; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ContainerError {
    /// Something the host lacks.
    #[error("{0}")]
    Unavailable(String),
    /// Setting up runlane's part of the host failed.
    #[error("{0}")]
    Setup(String),
}

/// Runs container instances. Cheap to clone.
#[derive(Clone)]
pub struct Containers {
    inner: Arc<Inner>,
}

struct Inner {
    images: Arc<dyn Images>,
    state_dir: PathBuf,
    tini: PathBuf,
    runc: Runc,
    ip: PathBuf,
    iptables: PathBuf,
    hierarchy: Hierarchy,
    subnet: Ipv4Subnet,
    /// Marks our cgroups and namespaces: a hash of the owner.
    scope: String,
    /// Held while this runtime lives: tells other runlanes this owner is alive.
    _owner_lock: Option<std::fs::File>,
    pool: Mutex<SubnetPool>,
    /// Prepared links (`warm`), and a wake-up when the last preparation ends.
    warm: Mutex<warm::WarmLinks>,
    warm_idle: tokio::sync::Notify,
    warm_target: usize,
    nofile: u64,
}

// === impl ContainersConfig ===

impl ContainersConfig {
    /// Debian's paths (`runc` on PATH, `/usr/bin/tini-static`), the
    /// subnet 10.213.0.0/16 and two warm links.
    pub fn new(
        state_dir: impl Into<PathBuf>,
        images: Arc<dyn Images>,
        owner: impl Into<String>,
    ) -> Self {
        Self {
            state_dir: state_dir.into(),
            runc: PathBuf::from("runc"),
            tini: PathBuf::from("/usr/bin/tini-static"),
            images,
            owner: owner.into(),
            subnet: Ipv4Subnet {
                base: std::net::Ipv4Addr::new(10, 213, 0, 0),
                prefix_len: 16,
            },
            warm_links: 2,
        }
    }
}

// === impl Containers ===

impl Containers {
    /// Checks everything a container needs and says exactly what is missing,
    /// sets the isolation rules (idempotent), makes runlane a child
    /// subreaper, cleans up what a previous runlane of the same owner left
    /// behind, and (inside a Tokio runtime) starts preparing warm links.
    pub fn start(config: ContainersConfig) -> Result<Containers, ContainerError> {
        let fallback = "or run runlane up --runtime process";
        if !nix::unistd::geteuid().is_root() {
            return Err(ContainerError::Unavailable(format!(
                "containers need root (runc, cgroups, mounts, network namespaces); run runlane as root, {fallback}"
            )));
        }
        let runc = find_program(&config.runc).ok_or_else(|| {
            ContainerError::Unavailable(format!(
                "{} was not found on PATH; apt-get install runc, {fallback}",
                config.runc.display()
            ))
        })?;
        if !config.tini.is_file() {
            return Err(ContainerError::Unavailable(format!(
                "a static tini was not found at {}; apt-get install tini, {fallback}",
                config.tini.display()
            )));
        }
        let hierarchy = Hierarchy::detect().ok_or_else(|| {
            ContainerError::Unavailable(format!(
                "no cgroup hierarchy with the memory, cpu, cpuacct and pids controllers is mounted under /sys/fs/cgroup; mount cgroups (v1 or v2), {fallback}"
            ))
        })?;
        let filesystems = std::fs::read_to_string("/proc/filesystems").unwrap_or_default();
        if !filesystems
            .lines()
            .any(|l| l.split_whitespace().last() == Some("overlay"))
        {
            return Err(ContainerError::Unavailable(format!(
                "the kernel has no overlay filesystem; modprobe overlay, {fallback}"
            )));
        }
        let ip = find_program(Path::new("ip")).ok_or_else(|| {
            ContainerError::Unavailable(format!(
                "`ip` was not found on PATH; apt-get install iproute2, {fallback}"
            ))
        })?;
        let iptables = find_program(Path::new("iptables")).ok_or_else(|| {
            ContainerError::Unavailable(format!(
                "`iptables` was not found on PATH; apt-get install iptables, {fallback}"
            ))
        })?;
        let setup = |what: &str, e: &dyn std::fmt::Display| {
            ContainerError::Setup(format!(
                "{what} ({e}); check that runlane runs as root on a writable data dir"
            ))
        };
        let state_dir = config.state_dir.clone();
        for dir in [state_dir.join("runc"), state_dir.join("bundles")] {
            std::fs::create_dir_all(&dir)
                .map_err(|e| setup(&format!("could not create {}", dir.display()), &e))?;
        }
        let state_dir = state_dir.canonicalize().unwrap_or(state_dir);
        let scope = scope_of(&config.owner);
        let owner_lock = claim_owner(&scope, &state_dir).map_err(ContainerError::Setup)?;
        nix::sys::prctl::set_child_subreaper(true)
            .map_err(|e| setup("could not make runlane a child subreaper", &e))?;
        network::install_rules(&iptables, config.subnet).map_err(|e| {
            ContainerError::Setup(format!(
                "could not install the instance isolation rules: {e}"
            ))
        })?;
        let nofile = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
            .map_or(1024, |(_, hard)| hard.min(1 << 20));
        let containers = Containers {
            inner: Arc::new(Inner {
                images: config.images,
                runc: Runc {
                    binary: runc,
                    root: state_dir.join("runc"),
                },
                tini: config.tini,
                ip,
                iptables,
                hierarchy,
                subnet: config.subnet,
                scope,
                _owner_lock: owner_lock,
                pool: Mutex::new(SubnetPool::new(config.subnet)),
                warm: Mutex::default(),
                warm_idle: tokio::sync::Notify::new(),
                warm_target: config.warm_links,
                nofile,
                state_dir,
            }),
        };
        containers.clean_leftovers();
        containers.clean_dead_owners();
        tracing::info!(
            state_dir = %containers.inner.state_dir.display(),
            subnet = %containers.inner.subnet,
            cgroups = containers.inner.hierarchy.describe(),
            "container runtime ready"
        );
        containers.refill();
        Ok(containers)
    }

    /// After the runtime stopped every instance: destroys the warm links,
    /// removes this subnet's NAT rule and anything an instance left
    /// (normally nothing).
    pub async fn shutdown(&self) {
        self.destroy_warm().await;
        let this = self.clone();
        let _ = tokio::task::spawn_blocking(move || {
            this.clean_leftovers();
            network::remove_rules(&this.inner.iptables, this.inner.subnet);
        })
        .await;
    }

    /// The owner's mark in cgroup and namespace names.
    pub fn scope(&self) -> &str {
        &self.inner.scope
    }

    /// A connection to the container instance whose endpoint is `addr`, made from
    /// inside its network namespace to its loopback at the same port, or `None` when
    /// `addr` is not a container address of this runtime. The app is reached as
    /// Knative's queue-proxy reaches it in a pod, without a packet crossing the veth
    /// pair, the host's firewall or a second network stack: the router's
    /// connections cost what they cost to a process instance. A container's own
    /// traffic still goes through its veth and the isolation rules.
    pub fn dial(
        &self,
        addr: std::net::SocketAddr,
    ) -> Option<impl std::future::Future<Output = std::io::Result<tokio::net::TcpStream>> + Send + 'static>
    {
        let std::net::SocketAddr::V4(v4) = addr else {
            return None;
        };
        let link = network::link_of_container(self.inner.subnet, *v4.ip())?;
        let netns = Path::new("/run/netns").join(link.netns(&self.inner.scope));
        Some(network::dial_in_netns(netns, v4.port()))
    }

    /// runc's `--root`.
    pub fn runc_root(&self) -> &Path {
        &self.inner.runc.root
    }

    pub(crate) fn images(&self) -> Arc<dyn Images> {
        self.inner.images.clone()
    }

    pub(crate) fn hierarchy(&self) -> &Hierarchy {
        &self.inner.hierarchy
    }

    /// The lowest free /30 of the subnet, held until `release`.
    pub(crate) fn allocate(&self) -> Option<network::Link> {
        self.inner
            .pool
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .allocate()
    }

    pub(crate) fn release(&self, index: u32) {
        self.inner
            .pool
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .release(index);
    }

    /// Removes containers, cgroups, mounts, bundles, namespaces and veths of
    /// this owner. Blocking; for start-up and shutdown.
    fn clean_leftovers(&self) {
        let inner = &self.inner;
        clean_leftovers_of(inner, &inner.scope, &inner.state_dir, Some(inner.subnet));
    }

    /// Removes what runlanes that died without stopping left on this machine, when
    /// nobody will restart them (another data dir's runlane that is not running):
    /// every owner's lock in [`OWNERS`] that no process holds. Blocking; for
    /// start-up. An owner that restarts later finds nothing to clean.
    fn clean_dead_owners(&self) {
        let Ok(entries) = std::fs::read_dir(OWNERS) else {
            return;
        };
        for entry in entries.flatten() {
            let Some(scope) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if scope == self.inner.scope {
                continue;
            }
            let path = entry.path();
            let Ok(mut lock) = std::fs::OpenOptions::new().read(true).write(true).open(&path) else {
                continue;
            };
            if lock.try_lock().is_err() {
                continue;
            }
            let mut state_dir = String::new();
            let _ = std::io::Read::read_to_string(&mut lock, &mut state_dir);
            tracing::info!(owner = %state_dir, "cleaning up after a runlane that died without stopping");
            clean_leftovers_of(&self.inner, &scope, Path::new(state_dir.trim()), None);
            // Removed while locked: an owner starting now opens a new file (see `claim_owner`).
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Where each running container runtime holds a lock named by its scope and holding
/// its state dir, so that another can tell a dead owner's leftovers from a live one's.
const OWNERS: &str = "/run/runlane/owners";

/// Takes this owner's lock in [`OWNERS`], held for as long as the returned file is
/// open. None when another runtime of the same owner holds it (only a test makes
/// one: `runlane up` refuses a data dir another runlane uses): that one marks the
/// owner alive.
fn claim_owner(scope: &str, state_dir: &Path) -> Result<Option<std::fs::File>, String> {
    std::fs::create_dir_all(OWNERS).map_err(|e| format!("could not create {OWNERS} ({e})"))?;
    let path = Path::new(OWNERS).join(scope);
    // A runlane cleaning up after a dead owner of this scope holds the lock until it
    // has removed the file; then the next open makes a new one.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| format!("could not open {} ({e})", path.display()))?;
        if file.try_lock().is_ok() {
            file.set_len(0)
                .and_then(|()| std::io::Write::write_all(&mut &file, state_dir.as_os_str().as_encoded_bytes()))
                .map_err(|e| format!("could not write {} ({e})", path.display()))?;
            return Ok(Some(file));
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Removes the containers, cgroups, mounts, bundles and namespaces of the owner
/// `scope` whose state dir is `state_dir`, and the veths of `subnet`.
fn clean_leftovers_of(inner: &Inner, scope: &str, state_dir: &Path, subnet: Option<Ipv4Subnet>) {
    let mut removed = Vec::new();
    // A dead owner's lock may hold no state dir (it died before writing one): then
    // only what its scope names goes.
    let state_dir = state_dir.is_absolute().then_some(state_dir);
    if let Some(state_dir) = state_dir {
        delete_containers(inner, state_dir, &mut removed);
    }
    let dirs = inner.hierarchy.dirs_with_prefix(&format!("{scope}-"));
    for _ in 0..100 {
        let pids: Vec<i32> = dirs
            .iter()
            .filter_map(|d| std::fs::read_to_string(d.join("cgroup.procs")).ok())
            .flat_map(|t| {
                t.lines()
                    .filter_map(|l| l.trim().parse().ok())
                    .collect::<Vec<i32>>()
            })
            .collect();
        if pids.is_empty() {
            break;
        }
        for &pid in &pids {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        std::thread::sleep(Duration::from_millis(10));
        cgroup::reap(&pids);
    }
    for dir in &dirs {
        // The kernel frees a cgroup some time after its last process died; longer
        // when many die at once.
        for _ in 0..500 {
            match std::fs::remove_dir(dir) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                _ => break,
            }
        }
        removed.push(format!("cgroup {}", dir.display()));
    }
    if let Some(state_dir) = state_dir {
        remove_bundles(state_dir, &mut removed);
    }
    let mut script = String::new();
    let netns_prefix = network::netns_prefix(scope);
    if let Ok(entries) = std::fs::read_dir("/run/netns") {
        for name in entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
        {
            if name.starts_with(&netns_prefix) {
                script.push_str(&format!("netns del {name}\n"));
                removed.push(format!("netns {name}"));
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir("/sys/class/net") {
        for name in entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
        {
            if network::veth_network(&name).is_some_and(|n| subnet.is_some_and(|s| s.contains(n))) {
                script.push_str(&format!("link del {name}\n"));
                removed.push(format!("veth {name}"));
            }
        }
    }
    if !script.is_empty() {
        let child = std::process::Command::new(&inner.ip)
            .args(["-force", "-batch", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Ok(mut child) = child {
            if let Some(mut stdin) = child.stdin.take() {
                use std::io::Write as _;
                let _ = stdin.write_all(script.as_bytes());
            }
            let _ = child.wait();
        }
    }
    if !removed.is_empty() {
        tracing::warn!(?removed, "removed containers and their resources left behind by a runlane that did not shut down");
    }
}

/// Deletes every container runc lists under `state_dir`.
fn delete_containers(inner: &Inner, state_dir: &Path, removed: &mut Vec<String>) {
    let runc_root = state_dir.join("runc");
    let runc = |args: &[&str]| {
        std::process::Command::new(&inner.runc.binary)
            .arg("--root")
            .arg(&runc_root)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
    };
    if let Ok(output) = runc(&["list", "--format", "json"]) {
        for (id, pid) in runc::parse_list(&String::from_utf8_lossy(&output.stdout)) {
            let _ = runc(&["delete", "--force", &id]);
            if pid > 0 {
                reap_blocking(pid);
            }
            removed.push(id);
        }
    }
}

/// Unmounts and removes the bundles under `state_dir`.
fn remove_bundles(state_dir: &Path, removed: &mut Vec<String>) {
    let bundles = state_dir.join("bundles");
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    for point in bundle::mounts_under(&mounts, &bundles) {
        bundle::unmount(&point);
        removed.push(format!("mount {}", point.display()));
    }
    if let Ok(entries) = std::fs::read_dir(&bundles) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Waits up to a second for `pid` (a killed container init that may be our
/// child) to become a zombie and reaps it.
fn reap_blocking(pid: i32) {
    use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
    for _ in 0..100 {
        match waitpid(nix::unistd::Pid::from_raw(pid), Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => std::thread::sleep(Duration::from_millis(10)),
            _ => return,
        }
    }
}

/// A short, stable mark for everything of one owner: FNV-1a of its name.
pub(crate) fn scope_of(owner: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in owner.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// `program` itself if it contains a `/`, else its first executable match on PATH.
pub(crate) fn find_program(program: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let executable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.components().count() > 1 || program.is_absolute() {
        return executable(program).then(|| program.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| executable(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_stable_and_short() {
        assert_eq!(scope_of("/var/lib/runlane"), scope_of("/var/lib/runlane"));
        assert_ne!(scope_of("/a"), scope_of("/b"));
        assert_eq!(scope_of("").len(), 8);
    }

    #[test]
    fn finds_programs_on_path() {
        assert!(find_program(Path::new("sh")).is_some());
        assert!(find_program(Path::new("/bin/sh")).is_some());
        assert!(find_program(Path::new("runlane-no-such-program")).is_none());
    }
}
