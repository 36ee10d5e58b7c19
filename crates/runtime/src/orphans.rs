//! Finding instances a previous runlane left behind. If `runlane up` is killed with
//! SIGKILL it cannot stop its children; the next `runlane up` on the same data dir
//! finds them by an owner mark in their environment and kills their process groups,
//! so no instance is duplicated or orphaned across a crash; the empty cgroups
//! of process instances of a runlane that is gone are removed too.

use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;
use std::path::Path;

/// The environment variable every process instance carries, naming the runlane that
/// owns it by [`owner_mark`].
pub const OWNER_VAR: &str = "RUNLANE_OWNER";

/// The opaque mark of the runlane that owns the data dir `owner` (its canonical path):
/// a hash, so an instance's environment does not tell it where runlane keeps its
/// token. FNV-1a, 64 bits, in hex.
pub fn owner_mark(owner: &str) -> String {
    let hash = owner.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Pids of live processes whose environment has `RUNLANE_OWNER=<owner>`.
pub fn find_owned(owner: &str) -> Vec<u32> {
    find_owned_in(Path::new("/proc"), owner)
}

fn find_owned_in(proc_root: &Path, owner: &str) -> Vec<u32> {
    let needle = format!("{OWNER_VAR}={owner}");
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir(proc_root) else {
        return Vec::new();
    };
    let mut pids: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            std::fs::read(proc_root.join(pid.to_string()).join("environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == needle.as_bytes()))
        })
        .collect();
    pids.sort_unstable();
    pids
}

/// Kills (SIGKILL) every process owned by `owner`, with its process group, and
/// returns how many were found. Instances are not gracefully stopped here: their
/// owner is gone, and new instances replace them.
pub fn kill_owned(owner: &str) -> usize {
    let pids = find_owned(owner);
    for &pid in &pids {
        let pid = Pid::from_raw(pid as i32);
        let _ = killpg(pid, Signal::SIGKILL);
        let _ = kill(pid, Signal::SIGKILL);
    }
    if !pids.is_empty() {
        tracing::warn!(
            count = pids.len(),
            ?pids,
            "stopped instances left behind by a runlane that did not shut down"
        );
    }
    remove_stale_cgroups(Path::new("/sys/fs/cgroup"));
    pids.len()
}

/// Removes the cgroups of process instances whose runlane is gone: they are
/// named `p<runlane pid in hex>x<n>-<instance>` (see `Runtime::new`). Their
/// processes were just killed by their owner mark; anything still in one is
/// killed too.
fn remove_stale_cgroups(root: &Path) {
    let Ok(hierarchies) = std::fs::read_dir(root) else {
        return;
    };
    let parents = hierarchies
        .flatten()
        .map(|e| e.path().join("runlane"))
        .chain([root.join("runlane")]);
    for parent in parents {
        let Ok(entries) = std::fs::read_dir(&parent) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.file_type().is_ok_and(|t| t.is_dir()) || !runtime_is_gone(&name) {
                continue;
            }
            let dir = entry.path();
            if let Ok(procs) = std::fs::read_to_string(dir.join("cgroup.procs")) {
                for pid in procs.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
                    let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
                }
            }
            // A cgroup whose processes are still exiting stays; the next start removes it.
            let _ = std::fs::remove_dir(&dir);
        }
    }
}

/// Whether `name` is a process instance's cgroup of a runlane that no
/// longer runs.
fn runtime_is_gone(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('p') else {
        return false;
    };
    let Some((pid, _)) = rest.split_once('x') else {
        return false;
    };
    let Ok(pid) = u32::from_str_radix(pid, 16) else {
        return false;
    };
    pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_mark_is_stable_and_does_not_contain_the_path() {
        let mark = owner_mark("/var/lib/runlane");
        assert_eq!(mark, owner_mark("/var/lib/runlane"));
        assert_ne!(mark, owner_mark("/var/lib/runlane2"));
        assert_eq!(mark.len(), 16);
        assert!(mark.bytes().all(|b| b.is_ascii_hexdigit()), "{mark}");
    }

    #[test]
    fn recognises_cgroups_of_gone_runtimes() {
        assert!(!runtime_is_gone(&format!(
            "p{:x}x0-svc-1",
            std::process::id()
        )));
        assert!(!runtime_is_gone("p1x0-svc-1"), "pid 1 is alive");
        assert!(runtime_is_gone("pfffffffx3-svc-1"));
        assert!(
            !runtime_is_gone("5da7b19a-svc-1"),
            "container cgroups are the containers' business"
        );
        assert!(!runtime_is_gone("pzzx1-svc"));
    }

    #[test]
    fn finds_and_kills_marked_processes_only() {
        let owner = format!("test-{}", std::process::id());
        let mut marked = std::process::Command::new("sleep")
            .arg("30")
            .env(OWNER_VAR, &owner)
            .spawn()
            .unwrap();
        let mut other = std::process::Command::new("sleep")
            .arg("30")
            .env(OWNER_VAR, "someone-else")
            .spawn()
            .unwrap();
        // spawn returns once the child has begun to exec, which can be before the
        // kernel has written its new environment: wait for the mark to show.
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        let found = loop {
            let found = find_owned(&owner);
            if !found.is_empty() || tokio::time::Instant::now() > deadline {
                break found;
            }
            std::thread::yield_now();
        };
        assert_eq!(found, vec![marked.id()]);
        assert_eq!(kill_owned(&owner), 1);
        assert!(
            marked.wait().unwrap().code().is_none(),
            "killed by a signal"
        );
        assert!(
            other.try_wait().unwrap().is_none(),
            "the other owner's process must survive"
        );
        other.kill().unwrap();
        other.wait().unwrap();
    }
}
