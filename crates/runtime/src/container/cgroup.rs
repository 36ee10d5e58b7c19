//! Every instance's own cgroup: where its limits are applied, its usage is
//! read, its OOM kills are counted, and from which every process it left
//! behind is killed. cgroup v1 (one directory per controller, as on this
//! project's hosts) and v2 (one unified directory) look the same from outside.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

use crate::spec::Limits;

/// The v1 controllers an instance is placed in (runc places containers in
/// all of them; these are the ones we read or limit).
const V1_CONTROLLERS: [&str; 4] = ["memory", "cpu", "cpuacct", "pids"];
/// The parent of every instance's cgroup.
pub(crate) const PARENT: &str = "runlane";
/// CFS period for CPU quotas, in microseconds.
pub(crate) const CPU_PERIOD_US: u64 = 100_000;
/// Most processes (threads) one instance may have.
pub(crate) const PIDS_LIMIT: i64 = 1024;
/// A v1 memory limit at or above this is "unlimited" (the kernel reports
/// 9223372036854771712).
const V1_UNLIMITED: u64 = 1 << 60;

/// The host's cgroup hierarchy, when runlane may write to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Hierarchy {
    /// `root/<controller>/...`.
    V1 { root: PathBuf },
    /// `root/...`, one tree.
    V2 { root: PathBuf },
}

/// One instance's cgroup (which may not exist yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InstanceCgroup {
    v2: bool,
    /// v1: memory, cpu, cpuacct, pids in that order; v2: one.
    dirs: Vec<PathBuf>,
}

/// What a cgroup says about its processes' use, raw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reading {
    pub cpu_ns: u64,
    pub memory_usage: u64,
    pub inactive_file: u64,
    pub memory_limit: Option<u64>,
}

/// Why an instance's memory was exceeded, for the message Cloud Run prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OomKill {
    pub limit: Option<u64>,
    pub max_usage: Option<u64>,
}

// === impl Hierarchy ===

impl Hierarchy {
    /// The writable hierarchy under `/sys/fs/cgroup`, if runlane runs as root
    /// and cgroups are mounted: v1 when its memory controller is mounted
    /// (hybrid hosts too), else v2.
    pub(crate) fn detect() -> Option<Hierarchy> {
        if !nix::unistd::geteuid().is_root() {
            return None;
        }
        let root = PathBuf::from("/sys/fs/cgroup");
        if root.join("memory/memory.limit_in_bytes").exists() {
            let all = V1_CONTROLLERS
                .iter()
                .all(|c| root.join(c).join("cgroup.procs").exists());
            return all.then_some(Hierarchy::V1 { root });
        }
        if root.join("cgroup.controllers").exists() {
            return Some(Hierarchy::V2 { root });
        }
        None
    }

    /// The cgroup `runlane/NAME`, as runc names it with cgroupsPath
    /// `/runlane/NAME`.
    pub(crate) fn instance(&self, name: &str) -> InstanceCgroup {
        match self {
            Hierarchy::V1 { root } => InstanceCgroup {
                v2: false,
                dirs: V1_CONTROLLERS
                    .iter()
                    .map(|c| root.join(c).join(PARENT).join(name))
                    .collect(),
            },
            Hierarchy::V2 { root } => InstanceCgroup {
                v2: true,
                dirs: vec![root.join(PARENT).join(name)],
            },
        }
    }

    /// Every directory `runlane/NAME` with NAME starting with `prefix`, in
    /// every mounted hierarchy (runc creates a container's cgroup in all v1
    /// controllers, and in the unified tree of a hybrid host).
    pub(crate) fn dirs_with_prefix(&self, prefix: &str) -> Vec<PathBuf> {
        let parents: Vec<PathBuf> = match self {
            Hierarchy::V1 { root } => std::fs::read_dir(root)
                .into_iter()
                .flatten()
                .filter_map(|e| Some(e.ok()?.path().join(PARENT)))
                .collect(),
            Hierarchy::V2 { root } => vec![root.join(PARENT)],
        };
        let mut dirs: Vec<PathBuf> = parents
            .iter()
            .filter_map(|p| std::fs::read_dir(p).ok())
            .flatten()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(prefix))
            })
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        dirs.sort();
        dirs
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Hierarchy::V1 { .. } => "cgroup v1",
            Hierarchy::V2 { .. } => "cgroup v2",
        }
    }
}

// === impl InstanceCgroup ===

impl InstanceCgroup {
    /// Creates the cgroup with `limits` (for a host process; runc creates a
    /// container's).
    pub(crate) fn create(&self, limits: Limits) -> io::Result<()> {
        if self.v2 {
            let dir = &self.dirs[0];
            let parent = dir.parent().unwrap_or(dir);
            if let Some(root) = parent.parent() {
                // Delegate the controllers down to runlane/ and to its children.
                let _ = std::fs::write(root.join("cgroup.subtree_control"), "+memory +cpu +pids");
            }
            std::fs::create_dir_all(dir)?;
            let _ = std::fs::write(parent.join("cgroup.subtree_control"), "+memory +cpu +pids");
            if let Some(bytes) = limits.memory_bytes {
                std::fs::write(dir.join("memory.max"), bytes.to_string())?;
                let _ = std::fs::write(dir.join("memory.swap.max"), "0");
            }
            if let Some(millis) = limits.cpu_millis {
                std::fs::write(
                    dir.join("cpu.max"),
                    format!("{} {CPU_PERIOD_US}", cpu_quota_us(millis)),
                )?;
            }
            std::fs::write(dir.join("pids.max"), PIDS_LIMIT.to_string())?;
            return Ok(());
        }
        for dir in &self.dirs {
            std::fs::create_dir_all(dir)?;
        }
        let [memory, cpu, _cpuacct, pids] = &self.dirs[..] else {
            return Err(io::Error::other(
                "a v1 instance cgroup has four controllers",
            ));
        };
        if let Some(bytes) = limits.memory_bytes {
            std::fs::write(memory.join("memory.limit_in_bytes"), bytes.to_string())?;
            let memsw = memory.join("memory.memsw.limit_in_bytes");
            if memsw.exists() {
                std::fs::write(memsw, bytes.to_string())?;
            }
        }
        if let Some(millis) = limits.cpu_millis {
            std::fs::write(cpu.join("cpu.cfs_period_us"), CPU_PERIOD_US.to_string())?;
            std::fs::write(
                cpu.join("cpu.cfs_quota_us"),
                cpu_quota_us(millis).to_string(),
            )?;
        }
        std::fs::write(pids.join("pids.max"), PIDS_LIMIT.to_string())?;
        Ok(())
    }

    /// The `cgroup.procs` files a process writes its pid to, to join.
    pub(crate) fn procs_files(&self) -> Vec<PathBuf> {
        self.dirs.iter().map(|d| d.join("cgroup.procs")).collect()
    }

    pub(crate) fn exists(&self) -> bool {
        self.dirs.iter().any(|d| d.exists())
    }

    /// The current use, if the cgroup exists.
    pub(crate) fn read(&self) -> Option<Reading> {
        if self.v2 {
            let dir = &self.dirs[0];
            let cpu_us = stat_value(&read(dir.join("cpu.stat"))?, "usage_usec").unwrap_or(0);
            let max = read(dir.join("memory.max"))?;
            return Some(Reading {
                cpu_ns: cpu_us.saturating_mul(1000),
                memory_usage: parse_u64(&read(dir.join("memory.current"))?)?,
                inactive_file: stat_value(&read(dir.join("memory.stat"))?, "inactive_file")
                    .unwrap_or(0),
                memory_limit: parse_u64(&max),
            });
        }
        let memory = &self.dirs[0];
        let cpuacct = &self.dirs[2];
        let limit = parse_u64(&read(memory.join("memory.limit_in_bytes"))?)?;
        Some(Reading {
            cpu_ns: parse_u64(&read(cpuacct.join("cpuacct.usage"))?)?,
            memory_usage: parse_u64(&read(memory.join("memory.usage_in_bytes"))?)?,
            inactive_file: stat_value(&read(memory.join("memory.stat"))?, "total_inactive_file")
                .unwrap_or(0),
            memory_limit: (limit < V1_UNLIMITED).then_some(limit),
        })
    }

    /// How many processes the kernel killed for exceeding the memory limit.
    pub(crate) fn oom_kills(&self) -> u32 {
        let (file, key) = if self.v2 {
            (self.dirs[0].join("memory.events"), "oom_kill")
        } else {
            (self.dirs[0].join("memory.oom_control"), "oom_kill")
        };
        read(file)
            .and_then(|text| stat_value(&text, key))
            .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The limit and the highest use seen, for the OOM message.
    pub(crate) fn oom_details(&self) -> OomKill {
        let reading = self.read();
        let max_usage = if self.v2 {
            read(self.dirs[0].join("memory.peak")).and_then(|t| parse_u64(&t))
        } else {
            read(self.dirs[0].join("memory.max_usage_in_bytes")).and_then(|t| parse_u64(&t))
        };
        OomKill {
            limit: reading.and_then(|r| r.memory_limit),
            max_usage,
        }
    }

    /// Pids of every process in the cgroup.
    pub(crate) fn pids(&self) -> Vec<i32> {
        let mut pids: Vec<i32> = self
            .dirs
            .iter()
            .filter_map(|d| read(d.join("cgroup.procs")))
            .flat_map(|t| {
                t.lines()
                    .filter_map(|l| l.trim().parse::<i32>().ok())
                    .collect::<Vec<_>>()
            })
            .collect();
        pids.sort_unstable();
        pids.dedup();
        pids
    }

    /// SIGKILLs every process in the cgroup until none is left (or a second
    /// passed), reaps those that became runlane's children (it is their
    /// subreaper), then removes the cgroup.
    pub(crate) async fn kill_and_remove(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        let mut killed: Vec<i32> = Vec::new();
        loop {
            let pids = self.pids();
            if pids.is_empty() {
                break;
            }
            for &pid in &pids {
                let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
            }
            killed.extend(pids);
            reap(&killed);
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(cgroup = ?self.dirs[0], "processes survived SIGKILL for a second; leaving the cgroup");
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        reap(&killed);
        self.remove().await;
    }

    /// Removes the (empty) cgroup directories, retrying for up to five seconds
    /// while the kernel finishes tearing down exited processes (slower when many
    /// instances stop at once).
    pub(crate) async fn remove(&self) {
        const ATTEMPTS: u32 = 500;
        for dir in &self.dirs {
            for attempt in 1..=ATTEMPTS {
                match std::fs::remove_dir(dir) {
                    Ok(()) => break,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                    Err(e) if attempt == ATTEMPTS => {
                        tracing::warn!(error = %e, cgroup = %dir.display(), "could not remove an instance's cgroup");
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        }
    }
}

/// Reaps those of `pids` that are runlane's zombie children; others are
/// left alone (`ECHILD`).
pub(crate) fn reap(pids: &[i32]) {
    for &pid in pids {
        let _ = waitpid(Pid::from_raw(pid), Some(WaitPidFlag::WNOHANG));
    }
}

/// `cpu.cfs_quota_us` for a CPU limit in millicores.
pub(crate) fn cpu_quota_us(millis: u32) -> u64 {
    u64::from(millis) * CPU_PERIOD_US / 1000
}

fn read(path: PathBuf) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn parse_u64(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// The value of `key` in a flat-keyed file (`memory.stat`, `cpu.stat`).
pub(crate) fn stat_value(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok()).flatten()
    })
}

/// The host's memory in bytes (`MemTotal`), for the utilization of an
/// instance without a memory limit.
pub(crate) fn host_memory() -> u64 {
    read(PathBuf::from("/proc/meminfo"))
        .and_then(|t| {
            t.lines().find_map(|l| {
                let rest = l.strip_prefix("MemTotal:")?;
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
        })
        .map_or(1, |kb| kb * 1024)
}

/// CPU used between two readings ÷ (elapsed × the limit in cores; one core
/// when unlimited).
pub(crate) fn cpu_utilization(
    previous_ns: u64,
    current_ns: u64,
    elapsed: Duration,
    cpu_millis: Option<u32>,
) -> f64 {
    let cores = cpu_millis.map_or(1.0, |m| f64::from(m.max(1)) / 1000.0);
    let elapsed = elapsed.as_secs_f64();
    if elapsed <= 0.0 {
        return 0.0;
    }
    let used = current_ns.saturating_sub(previous_ns) as f64 / 1e9;
    used / (elapsed * cores)
}

/// The working set (usage − inactive file) and its share of the limit (of
/// the host's memory when unlimited).
pub(crate) fn memory_utilization(reading: &Reading, limit: Option<u64>, host: u64) -> (u64, f64) {
    let working_set = reading.memory_usage.saturating_sub(reading.inactive_file);
    let denominator = limit.unwrap_or(host).max(1);
    (working_set, working_set as f64 / denominator as f64)
}

/// Cloud Run's words for an OOM kill.
pub(crate) fn oom_message(oom: OomKill) -> String {
    const MIB: u64 = 1024 * 1024;
    let mib = |b: u64| b.div_ceil(MIB);
    match (oom.limit, oom.max_usage) {
        (Some(limit), Some(used)) => format!(
            "Memory limit of {} MiB exceeded with {} MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits",
            mib(limit),
            mib(used.max(limit))
        ),
        (Some(limit), None) => format!(
            "Memory limit of {} MiB exceeded. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits",
            mib(limit)
        ),
        _ => "Memory limit exceeded. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_utilization_is_relative_to_the_limit() {
        let s = Duration::from_secs;
        let check = |prev: u64, cur: u64, elapsed: Duration, millis: Option<u32>, expected: f64| {
            let got = cpu_utilization(prev, cur, elapsed, millis);
            assert!(
                (got - expected).abs() < 1e-9,
                "{prev} {cur} {elapsed:?} {millis:?}: {got}"
            );
        };
        check(0, 1_000_000_000, s(1), None, 1.0);
        check(0, 500_000_000, s(1), None, 0.5);
        check(0, 500_000_000, s(1), Some(500), 1.0);
        check(0, 1_000_000_000, s(2), Some(2000), 0.25);
        check(0, 3_000_000_000, s(1), Some(4000), 0.75);
        check(5, 3, s(1), None, 0.0);
        check(0, 10, Duration::ZERO, None, 0.0);
    }

    #[test]
    fn memory_utilization_uses_the_working_set() {
        let reading = |usage, inactive| Reading {
            memory_usage: usage,
            inactive_file: inactive,
            ..Reading::default()
        };
        assert_eq!(
            memory_utilization(&reading(100, 20), Some(160), 1000),
            (80, 0.5)
        );
        assert_eq!(memory_utilization(&reading(100, 0), None, 1000), (100, 0.1));
        assert_eq!(
            memory_utilization(&reading(10, 20), Some(100), 1000),
            (0, 0.0)
        );
    }

    #[test]
    fn reads_flat_keyed_files() {
        let stat = "cache 12\ntotal_inactive_file 4096\nusage_usec 77\n";
        assert_eq!(stat_value(stat, "total_inactive_file"), Some(4096));
        assert_eq!(stat_value(stat, "usage_usec"), Some(77));
        assert_eq!(stat_value(stat, "inactive_file"), None);
        assert_eq!(
            stat_value("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "oom_kill"),
            Some(2)
        );
    }

    #[test]
    fn quotas_and_oom_messages() {
        assert_eq!(cpu_quota_us(500), 50_000);
        assert_eq!(cpu_quota_us(1000), 100_000);
        assert_eq!(cpu_quota_us(2500), 250_000);
        let mib = 1024 * 1024;
        assert_eq!(
            oom_message(OomKill { limit: Some(512 * mib), max_usage: Some(530 * mib) }),
            "Memory limit of 512 MiB exceeded with 530 MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits"
        );
    }
}
