//! Keeping a process instance away from runlane's secrets and from callers that
//! bypass the router. Deployed apps are untrusted code.
//!
//! When runlane runs as root (the only case where it can do anything about it):
//! - each process instance runs as its own unprivileged uid/gid (no passwd entry, no
//!   supplementary groups, no new privileges, no capabilities), so it cannot read the
//!   data dir (0700, root's), runlane's `/proc/PID/{environ,fd,root}`, or another
//!   instance's; `setpriv` (util-linux) drops the identity after the cgroup shim has
//!   joined the cgroup as root;
//! - each process instance's port is fenced with iptables: on loopback only sockets of
//!   runlane's uid (the router, the probes) may open a connection to it, and nothing
//!   may from another interface. Same for container addresses (`rlh+` veths): only
//!   runlane's uid opens connections to them (told by the SYN for TCP, which is not
//!   tracked there, by conntrack's NEW for anything else). Other local users and other instances
//!   get "connection refused".
//!
//! Why a fence rather than a network namespace for processes: a process instance is
//! a host process by contract (it may listen on 127.0.0.1 only, and reach the host's
//! own loopback services, e.g. a local database); a namespace would break both, and
//! containers already give one to whoever wants it. The owner match is decided by the
//! kernel on the connecting socket, so it cannot be forged from user space.
//!
//! Every rule carries a comment `rl-<runlane pid in hex>`; a runlane killed with -9
//! leaves its rules behind, and the next runlane on this machine removes them (their
//! pid is gone).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

/// Shared by every runlane on this host; each only adds and removes its own rules.
const OUT_CHAIN: &str = "RUNLANE-PORTS-OUT";
const IN_CHAIN: &str = "RUNLANE-PORTS-IN";

/// Instance uids and gids start here: far above login users (which start at 1000) and
/// systemd's dynamic range (61184–65519), below 2^31 for tools that use signed ids.
const FIRST_INSTANCE_UID: u32 = 0x6000_0000;

/// Who a process instance runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InstanceUser {
    pub uid: u32,
}

/// The identity of instance number `seq` of the runlane with pid `runlane_pid`: one
/// per instance (so instances cannot signal or read each other), different between
/// runlanes on one host (65,536 instances each before a uid comes back).
pub(crate) fn instance_uid(runlane_pid: u32, seq: u64) -> u32 {
    FIRST_INSTANCE_UID + ((runlane_pid & 0x0fff) << 16) + (seq & 0xffff) as u32
}

/// `setpriv`, when runlane is root and process instances get their own user; None
/// otherwise (said once, with why).
pub(crate) fn setpriv() -> Option<&'static Path> {
    static SETPRIV: OnceLock<Option<PathBuf>> = OnceLock::new();
    SETPRIV
        .get_or_init(|| {
            if !nix::unistd::geteuid().is_root() {
                tracing::info!("runlane is not root: process instances run as runlane's user, and can read what it can (its data dir and token); run runlane as root to isolate them");
                return None;
            }
            let found = crate::container::find_program(Path::new("setpriv"));
            if found.is_none() {
                tracing::warn!("setpriv (util-linux) was not found: process instances run as root and can read runlane's data dir and token; install util-linux");
            }
            found
        })
        .as_deref()
}

/// The arguments that run `program args` as `user`, to put after `setpriv`.
pub(crate) fn setpriv_args(user: InstanceUser) -> Vec<String> {
    vec![
        format!("--reuid={}", user.uid),
        format!("--regid={}", user.uid),
        "--clear-groups".to_owned(),
        "--no-new-privs".to_owned(),
        "--inh-caps=-all".to_owned(),
        "--".to_owned(),
    ]
}

// === port fences ===

struct Fences {
    /// iptables-restore, and ip6tables-restore when there is one.
    restore: Vec<PathBuf>,
    /// iptables, and ip6tables when there is one.
    tools: Vec<PathBuf>,
}

/// The fence machinery, set up once per process: chains, jumps, the container rule,
/// and the removal of rules whose runlane is gone. None without root or iptables
/// (said once). Blocking (an `iptables -S` and one `iptables-restore` per family, both
/// families at once): [`prepare_fences`] starts it early on a thread of its own.
fn fences() -> Option<&'static Fences> {
    static FENCES: OnceLock<Option<Fences>> = OnceLock::new();
    FENCES
        .get_or_init(|| {
            if !nix::unistd::geteuid().is_root() {
                tracing::info!("runlane is not root: process instances' ports are reachable by any local user, not only through the router; run runlane as root to fence them");
                return None;
            }
            let find = |name: &str| crate::container::find_program(Path::new(name));
            let (Some(iptables), Some(restore)) = (find("iptables"), find("iptables-restore")) else {
                tracing::warn!("iptables was not found: process instances' ports are reachable by any local user, not only through the router; install iptables");
                return None;
            };
            let mut families = vec![(iptables, restore)];
            if let (Some(ip6tables), Some(restore6)) = (find("ip6tables"), find("ip6tables-restore")) {
                families.push((ip6tables, restore6));
            }
            let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
                let runs: Vec<_> = families
                    .iter()
                    .enumerate()
                    .map(|(n, (tool, restore))| scope.spawn(move || set_up(tool, restore, n == 0)))
                    .collect();
                runs.into_iter().map(|r| r.join().unwrap_or_else(|_| Err("panicked".to_owned()))).collect()
            });
            if let Some(Err(error)) = results.into_iter().find(Result::is_err) {
                tracing::warn!(%error, "could not install the port fences: process instances' ports are reachable by any local user");
                return None;
            }
            let (tools, restore) = families.into_iter().unzip();
            Some(Fences { restore, tools })
        })
        .as_ref()
}

/// Starts setting the fences up in the background, so the first instance does not
/// wait for it.
pub(crate) fn prepare_fences() {
    std::thread::spawn(|| {
        fences();
    });
}

/// The fences, once set up, without blocking an async worker.
async fn fences_ready() -> Option<&'static Fences> {
    tokio::task::spawn_blocking(fences).await.ok().flatten()
}

/// The mark on the fences of one runtime (`n` numbers the runtimes of a process).
pub(crate) fn fence_tag(pid: u32, n: u32) -> String {
    format!("rl-{pid:x}-{n:x}")
}

fn set_up(iptables: &Path, restore: &Path, ipv4: bool) -> Result<(), String> {
    // The batch is computed from a listing: two runlanes starting at once would both
    // add what is missing.
    let _lock = lock_rules()?;
    let listing = std::process::Command::new(iptables)
        .args(["-w", "-S"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run {} ({e})", iptables.display()))?;
    if !listing.status.success() {
        return Err(format!("`{} -S` failed: {}", iptables.display(), String::from_utf8_lossy(&listing.stderr).trim()));
    }
    let uid = nix::unistd::geteuid().as_raw();
    let alive = |pid: u32| Path::new(&format!("/proc/{pid}")).exists();
    match setup_batch(&String::from_utf8_lossy(&listing.stdout), ipv4, uid, alive) {
        Some(batch) => restore_blocking(restore, &batch),
        None => Ok(()),
    }
}

/// Serialises rule changes between runlanes on this host.
pub(crate) fn lock_rules() -> Result<std::fs::File, String> {
    const DIR: &str = "/run/runlane";
    std::fs::create_dir_all(DIR).map_err(|e| format!("cannot create {DIR} ({e}); run runlane as root"))?;
    let path = Path::new(DIR).join("iptables.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open {} ({e})", path.display()))?;
    file.lock().map_err(|e| format!("cannot lock {} ({e})", path.display()))?;
    Ok(file)
}

/// The `iptables-restore --noflush` input that brings the filter table, as `iptables
/// -S` lists it, to what the fences need: the chains and the jumps to them (first), the
/// container rule (IPv4), and no fence of a runlane that is gone. None when it is there.
fn setup_batch(listing: &str, ipv4: bool, uid: u32, alive: impl Fn(u32) -> bool) -> Option<String> {
    let has = |line: &str| listing.lines().any(|l| l.trim() == line);
    let mut batch = String::new();
    for chain in [OUT_CHAIN, IN_CHAIN] {
        if !has(&format!("-N {chain}")) {
            batch.push_str(&format!(":{chain} - [0:0]\n"));
        }
    }
    for (builtin, chain) in [("OUTPUT", OUT_CHAIN), ("INPUT", IN_CHAIN)] {
        if !has(&format!("-A {builtin} -j {chain}")) {
            batch.push_str(&format!("-I {builtin} 1 -j {chain}\n"));
        }
    }
    // TCP between the host and containers is not tracked (see `container::network`),
    // so a connection to a container is told by its SYN; other protocols by conntrack.
    let container_rules = [
        format!("-A {OUT_CHAIN} -o rlh+ -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m owner ! --uid-owner {uid} -j REJECT --reject-with tcp-reset"),
        format!("-A {OUT_CHAIN} -o rlh+ -m conntrack --ctstate NEW -m owner ! --uid-owner {uid} -j REJECT"),
    ];
    for rule in container_rules.iter().filter(|_| ipv4) {
        if !listing.lines().any(|l| l.trim().starts_with(rule.as_str())) {
            batch.push_str(rule);
            batch.push('\n');
        }
    }
    for line in listing.lines() {
        let ours = [OUT_CHAIN, IN_CHAIN].iter().any(|chain| line.starts_with(&format!("-A {chain} ")));
        if ours && stale_rule(line, &alive) {
            batch.push_str(&line.replacen("-A ", "-D ", 1));
            batch.push('\n');
        }
    }
    (!batch.is_empty()).then(|| format!("*filter\n{batch}COMMIT\n"))
}

fn restore_blocking(restore: &Path, input: &str) -> Result<(), String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new(restore)
        .args(["-w", "--noflush"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run {} ({e})", restore.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).map_err(|e| format!("could not write to {} ({e})", restore.display()))?;
    }
    let output = child.wait_with_output().map_err(|e| format!("{} failed ({e})", restore.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{} failed: {}\ninput:\n{input}", restore.display(), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// Whether a rule (as `iptables -S` prints it) is a fence of a runlane that is gone.
fn stale_rule(rule: &str, alive: impl Fn(u32) -> bool) -> bool {
    let mut words = rule.split_whitespace();
    while let Some(word) = words.next() {
        if word == "--comment" {
            let tag = words.next().unwrap_or("").trim_matches('"');
            let pid = tag.strip_prefix("rl-").and_then(|rest| rest.split('-').next()).and_then(|hex| u32::from_str_radix(hex, 16).ok());
            let Some(pid) = pid else {
                return false;
            };
            return pid != std::process::id() && !alive(pid);
        }
    }
    false
}


/// The `iptables-restore --noflush` input that adds (`-A`) or deletes (`-D`) the
/// fence of `port`.
#[cfg(test)]
fn fence_rules(op: &str, port: u16, uid: u32, tag: &str) -> String {
    format!("*filter\n{}COMMIT\n", fence_lines(op, port, uid, tag))
}

/// The two rules of `port`'s fence, as `iptables-restore` lines after `op`.
fn fence_lines(op: &str, port: u16, uid: u32, tag: &str) -> String {
    format!(
        "{op} {OUT_CHAIN} -o lo -p tcp --dport {port} --syn -m owner ! --uid-owner {uid} -m comment --comment {tag} -j REJECT --reject-with tcp-reset\n\
         {op} {IN_CHAIN} ! -i lo -p tcp --dport {port} -m comment --comment {tag} -j REJECT --reject-with tcp-reset\n"
    )
}

/// A change for the fence worker.
enum FenceOp {
    Add { lines: String, done: tokio::sync::oneshot::Sender<Result<(), String>> },
    Delete { lines: String },
}

/// The fence worker's queue. One thread applies every pending change in one
/// `iptables-restore` per family (deletions, then additions): with a hundred
/// crash-looping instances the changes would otherwise queue on the xtables lock one
/// process at a time, and fences would pile up faster than they are lifted.
fn fence_worker(fences: &'static Fences) -> &'static std::sync::mpsc::Sender<FenceOp> {
    static WORKER: OnceLock<std::sync::mpsc::Sender<FenceOp>> = OnceLock::new();
    WORKER.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<FenceOp>();
        std::thread::spawn(move || {
            while let Ok(first) = receiver.recv() {
                let ops: Vec<FenceOp> = std::iter::once(first).chain(receiver.try_iter()).collect();
                apply(fences, ops);
            }
        });
        sender
    })
}

fn apply(fences: &Fences, ops: Vec<FenceOp>) {
    let mut deletes = Vec::new();
    let mut adds = String::new();
    let mut waiting = Vec::new();
    for op in ops {
        match op {
            FenceOp::Delete { lines } => deletes.push(lines),
            FenceOp::Add { lines, done } => {
                adds.push_str(&lines);
                waiting.push(done);
            }
        }
    }
    let each_family = |input: &str| -> Result<(), String> {
        std::thread::scope(|scope| {
            let runs: Vec<_> = fences.restore.iter().map(|tool| scope.spawn(move || restore_blocking(tool, input))).collect();
            runs.into_iter().try_for_each(|r| r.join().unwrap_or_else(|_| Err("panicked".to_owned())))
        })
    };
    if !deletes.is_empty() && each_family(&format!("*filter\n{}COMMIT\n", deletes.concat())).is_err() {
        // A batch is all or nothing, and one rule already gone fails it: one by one.
        for lines in &deletes {
            let _ = each_family(&format!("*filter\n{lines}COMMIT\n"));
        }
    }
    if !adds.is_empty() {
        let result = each_family(&format!("*filter\n{adds}COMMIT\n"));
        for done in waiting {
            let _ = done.send(result.clone());
        }
    }
}

/// A port only runlane may connect to, while this value lives.
#[derive(Debug)]
pub(crate) struct PortFence {
    port: u16,
    tag: String,
}

impl PortFence {
    /// Fences `port` with the runtime's `tag`; Ok(None) when this runlane cannot fence
    /// (not root, no iptables; said once at start).
    pub(crate) async fn install(port: u16, tag: &str) -> Result<Option<PortFence>, String> {
        let Some(fences) = fences_ready().await else {
            return Ok(None);
        };
        let uid = nix::unistd::geteuid().as_raw();
        let (done, result) = tokio::sync::oneshot::channel();
        fence_worker(fences)
            .send(FenceOp::Add { lines: fence_lines("-A", port, uid, tag), done })
            .map_err(|_| "the fence worker is gone".to_owned())?;
        result.await.map_err(|_| "the fence worker is gone".to_owned())??;
        Ok(Some(PortFence { port, tag: tag.to_owned() }))
    }
}

impl Drop for PortFence {
    fn drop(&mut self) {
        let Some(fences) = fences() else {
            return;
        };
        let lines = fence_lines("-D", self.port, nix::unistd::geteuid().as_raw(), &self.tag);
        let _ = fence_worker(fences).send(FenceOp::Delete { lines });
    }
}

/// Removes every fence marked `tag` (a runtime's shutdown: the threads of the last
/// drops may not get to run before the process exits).
pub(crate) fn remove_fences(tag: &str) {
    let Some(fences) = fences() else {
        return;
    };
    for tool in &fences.tools {
        remove_rules_tagged(tool, tag);
    }
}

fn remove_rules_tagged(iptables: &Path, tag: &str) {
    for chain in [OUT_CHAIN, IN_CHAIN] {
        let Ok(listing) = std::process::Command::new(iptables).args(["-w", "-S", chain]).stderr(Stdio::null()).output() else {
            continue;
        };
        for line in String::from_utf8_lossy(&listing.stdout).lines() {
            let Some(rule) = line.strip_prefix(&format!("-A {chain} ")) else {
                continue;
            };
            if rule.split_whitespace().any(|w| w.trim_matches('"') == tag) {
                let args: Vec<&str> = ["-D", chain].into_iter().chain(rule.split_whitespace()).collect();
                let _ = crate::container::network::iptables_run(iptables, &args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_uids_are_unprivileged_distinct_and_below_2_pow_31() {
        assert_eq!(instance_uid(0, 0), 0x6000_0000);
        assert_ne!(instance_uid(7, 1), instance_uid(7, 2));
        assert_ne!(instance_uid(7, 1), instance_uid(8, 1));
        assert!(instance_uid(u32::MAX, u64::MAX) < 1 << 31);
        assert!(instance_uid(0, 0) > 65_535);
    }

    #[test]
    fn only_rules_of_gone_runlanes_are_stale() {
        let alive = |pid: u32| pid == 0x10;
        let rule = |tag: &str| format!("-o lo -p tcp -m tcp --dport 5 -m comment --comment {tag} -j REJECT --reject-with tcp-reset");
        assert!(stale_rule(&rule("rl-11"), alive));
        assert!(stale_rule(&rule("\"rl-11\""), alive));
        assert!(!stale_rule(&rule("rl-10"), alive), "its runlane runs");
        assert!(stale_rule(&rule("rl-11-2"), alive));
        assert!(!stale_rule(&rule("rl-10-2"), alive));
        assert!(!stale_rule(&rule(&fence_tag(std::process::id(), 3)), |_| false), "ours");
        assert!(!stale_rule(&rule("someone-else"), alive));
        assert!(!stale_rule("-o rlh+ -m conntrack --ctstate NEW -j REJECT", alive), "the shared container rule stays");
    }

    #[test]
    fn setup_adds_what_is_missing_and_removes_fences_of_gone_runlanes() {
        let alive = |pid: u32| pid == 0x10;
        let empty = "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n";
        assert_eq!(
            setup_batch(empty, true, 0, alive).unwrap(),
            "*filter\n:RUNLANE-PORTS-OUT - [0:0]\n:RUNLANE-PORTS-IN - [0:0]\n-I OUTPUT 1 -j RUNLANE-PORTS-OUT\n-I INPUT 1 -j RUNLANE-PORTS-IN\n\
             -A RUNLANE-PORTS-OUT -o rlh+ -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m owner ! --uid-owner 0 -j REJECT --reject-with tcp-reset\n\
             -A RUNLANE-PORTS-OUT -o rlh+ -m conntrack --ctstate NEW -m owner ! --uid-owner 0 -j REJECT\nCOMMIT\n"
        );
        let set_up = "-P INPUT ACCEPT\n-N RUNLANE-PORTS-IN\n-N RUNLANE-PORTS-OUT\n-A INPUT -j RUNLANE-PORTS-IN\n-A OUTPUT -j RUNLANE-PORTS-OUT\n\
             -A RUNLANE-PORTS-OUT -o rlh+ -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m owner ! --uid-owner 0 -j REJECT --reject-with tcp-reset\n\
             -A RUNLANE-PORTS-OUT -o rlh+ -m conntrack --ctstate NEW -m owner ! --uid-owner 0 -j REJECT --reject-with icmp-port-unreachable\n";
        assert_eq!(setup_batch(set_up, true, 0, alive), None);
        assert_eq!(setup_batch("-N RUNLANE-PORTS-IN\n-N RUNLANE-PORTS-OUT\n-A INPUT -j RUNLANE-PORTS-IN\n-A OUTPUT -j RUNLANE-PORTS-OUT\n", false, 0, alive), None, "no container rule for IPv6");
        let with_fences = format!(
            "{set_up}-A RUNLANE-PORTS-IN ! -i lo -p tcp -m tcp --dport 5 -m comment --comment rl-11-0 -j REJECT --reject-with tcp-reset\n\
             -A RUNLANE-PORTS-IN ! -i lo -p tcp -m tcp --dport 6 -m comment --comment rl-10-0 -j REJECT --reject-with tcp-reset\n"
        );
        assert_eq!(
            setup_batch(&with_fences, true, 0, alive).unwrap(),
            "*filter\n-D RUNLANE-PORTS-IN ! -i lo -p tcp -m tcp --dport 5 -m comment --comment rl-11-0 -j REJECT --reject-with tcp-reset\nCOMMIT\n",
            "only the fence of the runlane that is gone"
        );
    }

    #[test]
    fn fence_rules_add_and_delete_the_same_rules() {
        let add = fence_rules("-A", 4242, 0, "rl-1");
        let delete = fence_rules("-D", 4242, 0, "rl-1");
        assert_eq!(add.replace("-A ", "-D "), delete);
        assert!(add.contains("RUNLANE-PORTS-OUT -o lo -p tcp --dport 4242 --syn -m owner ! --uid-owner 0"));
        assert!(add.contains("RUNLANE-PORTS-IN ! -i lo -p tcp --dport 4242"));
    }
}
