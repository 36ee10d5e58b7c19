//! The build runner every build shares, whoever asked for it: `runlane builds submit` and
//! `runlane deploy --source` on the user's machine, and `runlane up` for gcloud's builds
//! (`gcloud builds submit`, `gcloud run deploy --source`). It builds a Dockerfile with
//! Debian's `buildah` (`bud --isolation chroot`: no daemon, no container runtime) in a
//! temporary vfs storage directory (no mounts), pushes the image with the API token, and
//! removes the storage, so a build leaves nothing behind on the machine.
//!
//! A build has a deadline (Cloud Build's `timeout`): when it passes, every process of the
//! build (buildah and what its `RUN` steps started) is stopped and killed, and the build
//! ends as timed out.
//!
//! The runner reports each output line on a channel and decides nothing about records or
//! terminals: its callers do (the CLI prints and posts the lines, the API appends them to
//! the build's log).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncBufReadExt as _;
use tokio::sync::mpsc::UnboundedSender;

/// Cloud Build's default build timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// How many of the build's last lines a failure repeats.
const TAIL_LINES: usize = 20;

/// What to build and where to push it.
#[derive(Debug, Clone)]
pub struct BuildSpec {
    pub buildah: PathBuf,
    /// The build context (the source directory).
    pub context: PathBuf,
    pub dockerfile: PathBuf,
    /// Where the image is pushed: `HOST:PORT/PROJECT/REPO/IMAGE[:TAG]` on runlane's registry.
    pub target: String,
    /// Whether the registry is reached over https with its certificate checked.
    pub tls_verify: bool,
    /// A CA certificate the registry's certificate chains to (https with a private CA).
    pub ca_cert: Option<PathBuf>,
    /// The registry's password (runlane's API token).
    pub token: String,
    pub timeout: Duration,
}

/// How a build ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Built and pushed; the pushed manifest's digest.
    Pushed { digest: String, build_secs: f64 },
    /// The build failed; its last lines.
    BuildFailed { tail: String },
    /// The push failed; its last lines.
    PushFailed { tail: String },
    /// The deadline passed; every process of the build was killed.
    TimedOut,
}

/// buildah from `RUNLANE_BUILDAH` or PATH.
pub fn find_buildah() -> Result<PathBuf, String> {
    std::env::var_os("RUNLANE_BUILDAH")
        .map(PathBuf::from)
        .or_else(|| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join("buildah")).find(|p| p.is_file()))
        .ok_or_else(|| "buildah is not installed, and builds need it: apt-get install buildah (or set RUNLANE_BUILDAH)".to_owned())
}

/// The Dockerfile to build: `file`, or DIR/Dockerfile (or DIR/Containerfile).
pub fn dockerfile_of(source: &Path, file: Option<&Path>) -> Result<PathBuf, String> {
    if !source.is_dir() {
        return Err(format!("the source {} is not a directory; pass the directory that holds the Dockerfile", source.display()));
    }
    if let Some(file) = file {
        return if file.is_file() { Ok(file.to_path_buf()) } else { Err(format!("--file {} does not exist", file.display())) };
    }
    ["Dockerfile", "Containerfile"].iter().map(|f| source.join(f)).find(|p| p.is_file()).ok_or_else(|| {
        format!(
            "{} has no Dockerfile; runlane builds Dockerfiles only, because buildpacks (what Cloud Run uses without one) need builder images from the internet, which is not reachable here: add a Dockerfile (FROM scratch and COPY of a static binary builds offline)",
            source.display()
        )
    })
}

/// The build's log is recorded when this much is waiting...
const LOG_BATCH_BYTES: usize = 64 * 1024;
/// ...or this long after the last batch, whichever comes first.
const LOG_FLUSH: Duration = Duration::from_millis(500);
/// A longer output line is cut to this in the recorded log (`on_line` gets it whole).
const LOG_LINE_BYTES: usize = 16 * 1024;

/// Builds and pushes `spec`, handing each output line to `on_line` as it comes, and the
/// build's log to `record` in batches: at 64 KiB, and at least every 500 ms while lines
/// arrive (each batch is a write and an fsync where it is kept), so a reader of the log
/// follows a running build closely. Err when `record` failed.
pub async fn build_and_push_logged<E, F>(spec: &BuildSpec, mut on_line: impl FnMut(&str), mut record: impl FnMut(String) -> F) -> Result<std::io::Result<Outcome>, E>
where
    F: std::future::Future<Output = Result<(), E>>,
{
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let builder = async move {
        let outcome = build_and_push(spec, &tx).await;
        drop(tx);
        outcome
    };
    tokio::pin!(builder);
    let mut outcome = None;
    let mut pending = String::new();
    let mut flush = tokio::time::interval(LOG_FLUSH);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            o = &mut builder, if outcome.is_none() => outcome = Some(o),
            line = rx.recv() => {
                let Some(line) = line else { break };
                on_line(&line);
                let mut cut = line.len().min(LOG_LINE_BYTES);
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                pending.push_str(&line[..cut]);
                pending.push('\n');
                if pending.len() >= LOG_BATCH_BYTES {
                    record(std::mem::take(&mut pending)).await?;
                }
            }
            _ = flush.tick(), if !pending.is_empty() => record(std::mem::take(&mut pending)).await?,
        }
    }
    let outcome = match outcome {
        Some(o) => o,
        None => builder.await,
    };
    if !pending.is_empty() {
        record(pending).await?;
    }
    Ok(outcome)
}

/// Builds and pushes `spec`, sending every output line to `lines`. Err only when the
/// build could not be run at all (no temporary directory, buildah missing).
pub async fn build_and_push(spec: &BuildSpec, lines: &UnboundedSender<String>) -> std::io::Result<Outcome> {
    let deadline = tokio::time::Instant::now() + spec.timeout;
    let work = tempfile::Builder::new().prefix("runlane-build-").tempdir()?;
    let storage = [
        "--root".to_owned(),
        work.path().join("root").display().to_string(),
        "--runroot".to_owned(),
        work.path().join("run").display().to_string(),
        "--storage-driver".to_owned(),
        "vfs".to_owned(),
    ];
    let local = "localhost/runlane-build:latest";
    let _ = lines.send(format!("Building {} with buildah...", spec.dockerfile.display()));
    let started = tokio::time::Instant::now();
    let mut bud: Vec<String> = storage.to_vec();
    bud.extend(["bud", "--isolation", "chroot", "--layers=false", "-f"].map(str::to_owned));
    bud.push(spec.dockerfile.display().to_string());
    bud.extend(["-t".to_owned(), local.to_owned(), spec.context.display().to_string()]);
    let built = run(&spec.buildah, &bud, deadline, lines).await;
    let built = match built {
        Ok(Ran::Ok) => None,
        Ok(Ran::Failed(tail)) => Some(Outcome::BuildFailed { tail }),
        Ok(Ran::TimedOut) => Some(Outcome::TimedOut),
        Err(e) => {
            cleanup(&spec.buildah, &storage).await;
            return Err(e);
        }
    };
    if let Some(outcome) = built {
        cleanup(&spec.buildah, &storage).await;
        return Ok(outcome);
    }
    let build_secs = started.elapsed().as_secs_f64();
    let _ = lines.send(format!("Built in {build_secs:.1} s. Pushing to {}...", spec.target));
    let digest_file = work.path().join("digest");
    let mut push: Vec<String> = storage.to_vec();
    push.extend(["push", "--quiet", "--digestfile"].map(str::to_owned));
    push.push(digest_file.display().to_string());
    push.push(format!("--tls-verify={}", spec.tls_verify));
    if let Some(ca) = &spec.ca_cert {
        let certs = work.path().join("certs");
        std::fs::create_dir_all(&certs)?;
        std::fs::copy(ca, certs.join("ca.crt"))?;
        push.extend(["--cert-dir".to_owned(), certs.display().to_string()]);
    }
    // In a private auth file rather than on the command line, where `ps` would show it.
    let auth_file = work.path().join("auth.json");
    write_auth_file(&auth_file, spec.target.split('/').next().unwrap_or(""), &spec.token)?;
    push.extend(["--authfile".to_owned(), auth_file.display().to_string()]);
    push.extend([local.to_owned(), format!("docker://{}", spec.target)]);
    let pushed = run(&spec.buildah, &push, deadline, lines).await;
    cleanup(&spec.buildah, &storage).await;
    match pushed? {
        Ran::Ok => {}
        Ran::Failed(tail) => return Ok(Outcome::PushFailed { tail }),
        Ran::TimedOut => return Ok(Outcome::TimedOut),
    }
    let digest = std::fs::read_to_string(&digest_file)?.trim().to_owned();
    Ok(Outcome::Pushed { digest, build_secs })
}

/// Where the image is pushed: an Artifact Registry name (`LOCATION-docker.pkg.dev/…`)
/// goes to runlane's registry at `api_host`, as its deploys resolve it; a name on
/// `api_host` stays as it is.
pub fn push_target(image: &str, api_host: &str) -> Result<String, String> {
    let (host, path) = image.split_once('/').ok_or_else(|| format!("--tag {image:?} names no registry; write LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE"))?;
    if host.ends_with("-docker.pkg.dev") && host.len() > "-docker.pkg.dev".len() {
        return Ok(format!("{api_host}/{path}"));
    }
    if host == api_host {
        return Ok(image.to_owned());
    }
    Err(format!(
        "--tag {image:?} is not runlane's registry; write LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE (or {api_host}/PROJECT/REPO/IMAGE)"
    ))
}

/// `europe-north1-docker.pkg.dev/p/r/app` from `…/app:1` (a port's colon is not a tag's).
pub fn without_tag(image: &str) -> &str {
    let image = image.split_once('@').map_or(image, |(name, _)| name);
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[last_slash..].rfind(':') {
        Some(i) => &image[..last_slash + i],
        None => image,
    }
}

/// containers-auth.json with `token` as the password for `host`, readable by its owner only.
fn write_auth_file(path: &Path, host: &str, token: &str) -> std::io::Result<()> {
    use base64::Engine as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("runlane:{token}"));
    let json = serde_json::json!({"auths": {host: {"auth": auth}}});
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(json.to_string().as_bytes())
}

enum Ran {
    Ok,
    Failed(String),
    TimedOut,
}

/// Runs buildah with its output lines sent to `lines`, until it exits or `deadline`
/// passes (then its whole process tree is killed).
async fn run(buildah: &Path, args: &[String], deadline: tokio::time::Instant, lines: &UnboundedSender<String>) -> std::io::Result<Ran> {
    let mut child = tokio::process::Command::new(buildah).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true).spawn()?;
    let pid = child.id();
    let mut out = tokio::io::BufReader::new(child.stdout.take().ok_or_else(|| std::io::Error::other("buildah's stdout"))?).lines();
    let mut err = tokio::io::BufReader::new(child.stderr.take().ok_or_else(|| std::io::Error::other("buildah's stderr"))?).lines();
    let mut tail: VecDeque<String> = VecDeque::new();
    let (mut out_open, mut err_open) = (true, true);
    let expired = tokio::time::sleep_until(deadline);
    tokio::pin!(expired);
    while out_open || err_open {
        let line = tokio::select! {
            l = out.next_line(), if out_open => l?.or_else(|| { out_open = false; None }),
            l = err.next_line(), if err_open => l?.or_else(|| { err_open = false; None }),
            _ = &mut expired => {
                if let Some(pid) = pid {
                    kill_tree(pid);
                }
                let _ = child.wait().await;
                return Ok(Ran::TimedOut);
            }
        };
        if let Some(line) = line {
            tail.push_back(line.clone());
            if tail.len() > TAIL_LINES {
                tail.pop_front();
            }
            let _ = lines.send(line);
        }
    }
    let status = tokio::select! {
        s = child.wait() => s?,
        _ = &mut expired => {
            if let Some(pid) = pid {
                kill_tree(pid);
            }
            let _ = child.wait().await;
            return Ok(Ran::TimedOut);
        }
    };
    Ok(if status.success() { Ran::Ok } else { Ran::Failed(tail.into_iter().collect::<Vec<_>>().join("\n")) })
}

/// Removes the build's containers and images, so the temporary storage holds no
/// read-only layers when it is deleted.
async fn cleanup(buildah: &Path, storage: &[String]) {
    for what in [["rm", "--all"], ["rmi", "--all"]] {
        let _ = tokio::process::Command::new(buildah).args(storage).args(what).stdout(Stdio::null()).stderr(Stdio::null()).status().await;
    }
}

/// Kills `root` and every process below it. Each is stopped first, until a pass finds no
/// new one, so nothing forks out of reach while the tree is read; then all are killed.
/// (A process group would not do: buildah's chroot isolation starts `RUN` steps in new
/// sessions.)
pub fn kill_tree(root: u32) {
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;
    let mut stopped: BTreeSet<u32> = BTreeSet::new();
    loop {
        let mut found = false;
        for pid in tree(root) {
            if stopped.insert(pid) {
                let _ = kill(Pid::from_raw(pid as i32), Signal::SIGSTOP);
                found = true;
            }
        }
        if !found {
            break;
        }
    }
    for pid in &stopped {
        let _ = kill(Pid::from_raw(*pid as i32), Signal::SIGKILL);
    }
}

/// `root` and its descendants, read from /proc.
pub fn tree(root: u32) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            if let Some(ppid) = std::fs::read_to_string(entry.path().join("stat")).ok().as_deref().and_then(parent_of) {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut out = vec![root];
    let mut at = 0;
    while at < out.len() {
        if let Some(kids) = children.get(&out[at]) {
            out.extend(kids.iter().copied().filter(|k| *k != root));
        }
        at += 1;
    }
    out
}

/// The parent pid from a /proc/PID/stat line (after the command, which may hold spaces
/// and parentheses: the last `)` ends it).
fn parent_of(stat: &str) -> Option<u32> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_from_proc_stat() {
        assert_eq!(parent_of("123 (sleep) S 45 123 45 0"), Some(45));
        assert_eq!(parent_of("7 (a (b) c) R 1 7 7 0"), Some(1));
        assert_eq!(parent_of("garbage"), None);
    }

    #[tokio::test]
    async fn a_tree_is_killed_whole() {
        // sh starts a sleeping grandchild in its own session; both must go.
        let mut child = tokio::process::Command::new("sh").args(["-c", "setsid sleep 300 & wait"]).kill_on_drop(true).spawn().unwrap();
        let pid = child.id().unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while tree(pid).len() < 2 {
            assert!(tokio::time::Instant::now() < deadline, "the grandchild never started");
            tokio::task::yield_now().await;
        }
        let members = tree(pid);
        kill_tree(pid);
        child.wait().await.unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        // Killed processes are reaped by their parent or by init; wait until none is alive.
        while members.iter().any(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).is_ok_and(|s| !s.contains(") Z "))) {
            assert!(tokio::time::Instant::now() < deadline, "{members:?} still alive");
            tokio::task::yield_now().await;
        }
    }
}
