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

use crate::isolation::{setpriv_args, InstanceUser};
use crate::spec::InstanceSpec;

/// Why an instance's program could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("program {program:?} was not found; install it or give its full path in the revision's command")]
    NotFound { program: String },
    #[error("program {program:?} is not executable by runlane; fix its permissions or use another program")]
    PermissionDenied { program: String },
    #[error("program {program:?} is at {path}, which instances cannot run: they run as an unprivileged user (uid {uid}), and only others' permissions apply to them; install it where every user may run it (e.g. /usr/local/bin), or give the full path of such a copy")]
    NotRunnableByInstances { program: String, path: String, uid: u32 },
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
/// `cgroup.procs` files are `cgroup_procs`, if any; as `user` (through
/// `setpriv`, after joining the cgroup as root), if given. runlane's own
/// `RUNLANE_*` variables (its data dir, its token file) and systemd's
/// `NOTIFY_SOCKET` are not passed on.
pub(crate) fn spawn(
    spec: &InstanceSpec,
    port: u16,
    cgroup_procs: &[PathBuf],
    user: Option<(&Path, InstanceUser)>,
) -> Result<Child, SpawnError> {
    let mut command = if cgroup_procs.is_empty() && user.is_none() {
        let mut command = Command::new(&spec.program);
        command.args(&spec.args);
        command
    } else {
        let program = match user {
            Some((_, user)) => resolve_for_others(&spec.program, user)?,
            None => resolve(&spec.program)?,
        };
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(CGROUP_SHIM)
            .arg("runlane-cgroup")
            .args(cgroup_procs)
            .arg("--");
        if let Some((setpriv, user)) = user {
            command.arg(setpriv).args(setpriv_args(user));
        }
        command.arg(program).args(&spec.args);
        command
    };
    for (key, _) in std::env::vars_os() {
        if key.as_encoded_bytes().starts_with(b"RUNLANE_") {
            command.env_remove(key);
        }
    }
    // systemd's socket is runlane's to speak on, not an app's.
    command.env_remove("NOTIFY_SOCKET");
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

/// The program's path as `execvp` would find it for an instance that runs as
/// `user`: the first match on PATH that anyone may run (a `pyenv` shim under a 0700
/// home is skipped for the system's copy).
fn resolve_for_others(program: &str, user: InstanceUser) -> Result<PathBuf, SpawnError> {
    let candidates: Vec<PathBuf> = if program.contains('/') {
        vec![PathBuf::from(program)]
    } else {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path).map(|dir| dir.join(program)).collect()
    };
    let mut first_for_runlane = None;
    for candidate in candidates {
        if crate::container::find_program(&candidate).is_none() {
            continue;
        }
        if others_may_run(&candidate) {
            return Ok(candidate);
        }
        first_for_runlane.get_or_insert(candidate);
    }
    match first_for_runlane {
        Some(path) => Err(SpawnError::NotRunnableByInstances {
            program: program.to_owned(),
            path: path.display().to_string(),
            uid: user.uid,
        }),
        None => resolve(program),
    }
}

/// Whether a user with no relation to the file (neither owner nor group) may run
/// it: every directory on the way searchable by others, the file readable and
/// executable by others (a script's interpreter must read it); through symlinks.
fn others_may_run(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let others = |p: &Path, bits: u32| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & bits == bits);
    let Ok(real) = path.canonicalize() else {
        return false;
    };
    let dirs_searchable = |p: &Path| p.ancestors().skip(1).all(|dir| dir.as_os_str().is_empty() || others(dir, 0o001));
    dirs_searchable(path) && dirs_searchable(&real) && others(&real, 0o005)
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
    fn instances_run_the_first_program_on_path_that_anyone_may_run() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("private");
        let public = dir.path().join("public");
        for (d, mode) in [(&private, 0o700), (&public, 0o755)] {
            std::fs::create_dir(d).unwrap();
            let program = d.join("runlane-test-program");
            std::fs::write(&program, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let user = InstanceUser { uid: 0x6000_0001 };
        assert!(!others_may_run(&private.join("runlane-test-program")));
        assert!(others_may_run(&public.join("runlane-test-program")));
        assert!(others_may_run(Path::new("/bin/sh")));
        let error = resolve_for_others(&private.join("runlane-test-program").display().to_string(), user).unwrap_err();
        assert!(matches!(error, SpawnError::NotRunnableByInstances { .. }), "{error}");
        assert!(error.to_string().contains("uid 1610612737"), "{error}");
        assert_eq!(resolve_for_others("sh", user).unwrap(), crate::container::find_program(Path::new("sh")).unwrap());
    }

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
