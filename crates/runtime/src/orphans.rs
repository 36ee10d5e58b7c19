//! Finding instances a previous runlane left behind. If `runlane up` is killed with
//! SIGKILL it cannot stop its children; the next `runlane up` on the same data dir
//! finds them by an owner mark in their environment and kills their process groups,
//! so no instance is duplicated or orphaned across a crash.

use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;
use std::path::Path;

/// The environment variable every instance carries, naming the runlane that owns it.
pub const OWNER_VAR: &str = "RUNLANE_OWNER";

/// Pids of live processes whose environment has `RUNLANE_OWNER=<owner>`.
pub fn find_owned(owner: &str) -> Vec<u32> {
    find_owned_in(Path::new("/proc"), owner)
}

fn find_owned_in(proc_root: &Path, owner: &str) -> Vec<u32> {
    let needle = format!("{OWNER_VAR}={owner}");
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir(proc_root) else { return Vec::new() };
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
        tracing::warn!(count = pids.len(), ?pids, "stopped instances left behind by a runlane that did not shut down");
    }
    pids.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_kills_marked_processes_only() {
        let owner = format!("test-{}", std::process::id());
        let mut marked = std::process::Command::new("sleep").arg("30").env(OWNER_VAR, &owner).spawn().unwrap();
        let mut other = std::process::Command::new("sleep").arg("30").env(OWNER_VAR, "someone-else").spawn().unwrap();
        // spawn returns once the child has begun to exec, which can be before the
        // kernel has written its new environment: wait for the mark to show.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let found = loop {
            let found = find_owned(&owner);
            if !found.is_empty() || std::time::Instant::now() > deadline {
                break found;
            }
            std::thread::yield_now();
        };
        assert_eq!(found, vec![marked.id()]);
        assert_eq!(kill_owned(&owner), 1);
        assert!(marked.wait().unwrap().code().is_none(), "killed by a signal");
        assert!(other.try_wait().unwrap().is_none(), "the other owner's process must survive");
        other.kill().unwrap();
        other.wait().unwrap();
    }
}
