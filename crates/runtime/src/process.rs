//! Operating-system plumbing for one instance process: a free loopback port,
//! spawning into a fresh process group, and stopping the whole group
//! (SIGTERM, grace, SIGKILL) so no grandchild outlives its instance.

use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use crate::spec::InstanceSpec;

/// Why an instance's program could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("program {program:?} was not found; install it or give its full path in the revision's command")]
    NotFound { program: String },
    #[error("program {program:?} is not executable by runlane; fix its permissions or use another program")]
    PermissionDenied { program: String },
    #[error("program {program:?} could not be started ({source}); check the revision's command")]
    Other {
        program: String,
        source: std::io::Error,
    },
}

/// Picks a free port on 127.0.0.1 by binding port 0 and closing the socket.
pub(crate) fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Joins the cgroups named by the arguments before `--`, then execs the rest:
/// the instance is in its cgroup before it runs anything (the crate has no
/// `pre_exec`). Costs one `sh` start, about a millisecond.
const CGROUP_SHIM: &str =
    r#"while [ "$1" != -- ]; do echo $$ > "$1" || exit 126; shift; done; shift; exec "$@""#;

/// Starts the program as the leader of a new process group, with piped
/// stdout/stderr and the Knative variables set; inside the cgroup whose
/// `cgroup.procs` files are `cgroup_procs`, if any.
pub(crate) fn spawn(
    spec: &InstanceSpec,
    port: u16,
    cgroup_procs: &[PathBuf],
) -> Result<Child, SpawnError> {
    let mut command = if cgroup_procs.is_empty() {
        let mut command = Command::new(&spec.program);
        command.args(&spec.args);
        command
    } else {
        let program = resolve(&spec.program)?;
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(CGROUP_SHIM)
            .arg("runlane-cgroup")
            .args(cgroup_procs)
            .arg("--")
            .arg(program)
            .args(&spec.args);
        command
    };
    command
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .env("PORT", port.to_string())
        .env("K_SERVICE", &spec.service)
        .env("K_REVISION", &spec.revision)
        .env("K_CONFIGURATION", &spec.configuration)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    command.spawn().map_err(|source| {
        let program = spec.program.clone();
        match source.kind() {
            std::io::ErrorKind::NotFound => SpawnError::NotFound { program },
            std::io::ErrorKind::PermissionDenied => SpawnError::PermissionDenied { program },
            _ => SpawnError::Other { program, source },
        }
    })
}

/// The program's path as `execvp` would find it, with the errors spawning
/// it directly would give.
fn resolve(program: &str) -> Result<PathBuf, SpawnError> {
    use std::os::unix::fs::PermissionsExt as _;
    let found = crate::container::find_program(Path::new(program));
    if let Some(path) = found {
        return Ok(path);
    }
    let program = program.to_owned();
    if program.contains('/') && Path::new(&program).is_file() {
        let executable =
            std::fs::metadata(&program).is_ok_and(|m| m.permissions().mode() & 0o111 != 0);
        if !executable {
            return Err(SpawnError::PermissionDenied { program });
        }
    }
    Err(SpawnError::NotFound { program })
}

/// The process group led by `child` (its pid, since it was spawned with
/// `process_group(0)`).
pub(crate) fn group_of(child: &Child) -> Option<Pid> {
    child
        .id()
        .and_then(|pid| i32::try_from(pid).ok())
        .map(Pid::from_raw)
}

/// Sends `signal` to every process in the group; a group already gone is fine.
pub(crate) fn signal_group(group: Option<Pid>, signal: Signal) {
    if let Some(group) = group {
        if let Err(error) = killpg(group, signal) {
            if error != nix::errno::Errno::ESRCH {
                tracing::warn!(%error, group = group.as_raw(), ?signal, "could not signal a process group");
            }
        }
    }
}

/// Stops the group gracefully: SIGTERM, up to `grace` for the leader to exit,
/// then SIGKILL; reaps the leader and kills whatever is left of the group.
pub(crate) async fn stop_group(
    child: &mut Child,
    group: Option<Pid>,
    grace: Duration,
) -> Option<ExitStatus> {
    signal_group(group, Signal::SIGTERM);
    let status = match tokio::time::timeout(grace, child.wait()).await {
        Ok(status) => status.ok(),
        Err(_elapsed) => {
            signal_group(group, Signal::SIGKILL);
            child.wait().await.ok()
        }
    };
    signal_group(group, Signal::SIGKILL);
    status
}

/// "exited with status 1", "was killed by signal 9 (SIGKILL)".
pub(crate) fn describe_exit(status: Option<ExitStatus>) -> String {
    let Some(status) = status else {
        return "ended, but its exit status could not be read".to_owned();
    };
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    match status.signal() {
        Some(signal) => match Signal::try_from(signal) {
            Ok(name) => format!("was killed by signal {signal} ({name})"),
            Err(_) => format!("was killed by signal {signal}"),
        },
        None => format!("ended ({status})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_exits() {
        assert_eq!(
            describe_exit(Some(ExitStatus::from_raw(1 << 8))),
            "exited with status 1"
        );
        assert_eq!(
            describe_exit(Some(ExitStatus::from_raw(9))),
            "was killed by signal 9 (SIGKILL)"
        );
        assert_eq!(
            describe_exit(None),
            "ended, but its exit status could not be read"
        );
    }
}
