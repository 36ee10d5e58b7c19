//! `runlane builds submit DIR --tag IMAGE` and `runlane deploy S --source DIR`: build a
//! Dockerfile with Debian's `buildah` (`--isolation chroot`, which needs no daemon and no
//! container runtime), stream its log to the terminal, and push the image to runlane's
//! own registry, as Cloud Build does for Artifact Registry. The deploy then runs the
//! pushed digest.
//!
//! buildah works in a temporary storage directory (the vfs driver: no mounts), removed
//! when the build ends, so a build leaves nothing behind on the machine. Buildpacks (what
//! Cloud Run uses for a source directory without a Dockerfile) need images from the
//! internet: such a directory is refused with a message saying so.

use crate::format::{render_list, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use anyhow::Context;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use runlane_image::buildah;


#[derive(clap::Subcommand, Debug, Clone)]
pub enum BuildsCommand {
    /// Build DIR's Dockerfile and push the image to runlane's registry (as `gcloud builds
    /// submit --tag`).
    Submit(SubmitArgs),
    /// The builds, newest first: id, status, start, duration, image and digest, revision.
    List,
    /// One build: status, times, source, image and digest, the revision it produced.
    Describe {
        /// The build's id (from `runlane builds list`).
        id: String,
    },
    /// A build's log, as it ran (also while it runs).
    Log {
        /// The build's id (from `runlane builds list`).
        id: String,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct SubmitArgs {
    /// The source directory, holding a Dockerfile.
    #[arg(default_value = ".")]
    pub source: PathBuf,
    /// Where the image goes: LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE[:TAG], or
    /// HOST:PORT/PATH[:TAG] with runlane's API address.
    #[arg(long, value_name = "IMAGE")]
    pub tag: String,
    /// The Dockerfile, if not DIR/Dockerfile.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

impl BuildsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            BuildsCommand::Submit(_) => "runlane.builds.submit",
            BuildsCommand::List => "runlane.builds.list",
            BuildsCommand::Describe { .. } => "runlane.builds.describe",
            BuildsCommand::Log { .. } => "runlane.builds.log",
        }
    }
}

pub async fn run(api: &Api, project: &str, ca_cert: Option<&Path>, command: BuildsCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match command {
        BuildsCommand::Submit(args) => {
            let built = build_and_push(api, project, ca_cert, &args.source, args.file.as_deref(), &args.tag, io).await?;
            writeln!(io.out, "{}", built.pinned)?;
        }
        BuildsCommand::List => {
            let reply = api.get(&format!("/v1/projects/{project}/builds")).await?;
            let builds = reply["builds"].as_array().cloned().unwrap_or_default();
            if builds.is_empty() && *format == Format::Table {
                writeln!(io.err, "Listed 0 items.")?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = render_list(format, &builds).unwrap_or_else(|| table(&builds));
            io.out.write_all(text.as_bytes())?;
        }
        BuildsCommand::Describe { id } => {
            let build = api.get(&format!("/v1/projects/{project}/builds/{id}")).await?;
            let text = crate::format::render_one(format, &build).unwrap_or_else(|| describe(&build));
            io.out.write_all(text.as_bytes())?;
        }
        BuildsCommand::Log { id } => {
            // The record first: an unknown id is refused with the project named.
            api.get(&format!("/v1/projects/{project}/builds/{id}")).await?;
            let reply = api.get(&format!("/runlane/v1/builds/{id}/log")).await?;
            io.out.write_all(reply["log"].as_str().unwrap_or("").as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What a build made: the pushed image, pinned by digest, and the build's id.
pub struct Built {
    pub pinned: String,
    pub build_id: String,
}

/// A build stopped at its deadline (recorded as TIMEOUT rather than FAILURE).
#[derive(Debug)]
struct TimedOut(std::time::Duration);

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the build did not finish within its timeout ({} s) and was stopped, with every process it started; nothing was pushed or deployed", self.0.as_secs())
    }
}

impl std::error::Error for TimedOut {}

/// The build's record in runlane: created before the build starts, its log appended as
/// it runs, finished with its outcome.
struct Recorder<'a> {
    api: &'a Api,
    id: String,
}

impl Recorder<'_> {
    async fn log(&self, text: &str) -> anyhow::Result<()> {
        self.api.post_bytes(&format!("/runlane/v1/builds/{}/log", self.id), "text/plain; charset=utf-8", bytes::Bytes::from(text.to_owned())).await?;
        Ok(())
    }

    async fn finish(&self, status: &str, digest: Option<&str>, detail: Option<&str>) -> anyhow::Result<()> {
        self.api.post(&format!("/runlane/v1/builds/{}/finish", self.id), &json!({"status": status, "digest": digest, "detail": detail})).await?;
        Ok(())
    }
}

/// Records that `build_id`'s image was deployed as `service`'s latest revision.
pub async fn record_revision(api: &Api, namespace: &str, build_id: &str, service: &str) -> anyhow::Result<()> {
    let svc = api.get(&crate::http::service_path(namespace, service)).await?;
    let Some(revision) = svc["status"]["latestCreatedRevisionName"].as_str() else {
        anyhow::bail!("service {service} names no revision yet, so build {build_id} was not linked to one");
    };
    api.post(&format!("/runlane/v1/builds/{build_id}/revision"), &json!({"service": service, "revision": revision})).await?;
    Ok(())
}

/// Builds `source` and pushes it as `image`, recording the build in runlane under
/// `project`; returns `NAME@sha256:…` (the name without its tag) and the build's id.
pub async fn build_and_push(api: &Api, project: &str, ca_cert: Option<&Path>, source: &Path, file: Option<&Path>, image: &str, io: &mut Output) -> anyhow::Result<Built> {
    let dockerfile = dockerfile_of(source, file).map_err(anyhow::Error::msg)?;
    let api_host = api_host(api.base()).map_err(anyhow::Error::msg)?;
    let target = push_target(image, &api_host).map_err(anyhow::Error::msg)?;
    let buildah = find_buildah()?;
    let source_name = std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf()).display().to_string();
    let record = api.post(&format!("/runlane/v1/projects/{project}/builds"), &json!({"source": source_name, "image": image})).await?;
    let recorder = Recorder { api, id: record["id"].as_str().context("the API answered the build's creation without an id")?.to_owned() };
    writeln!(io.err, "Build {} (runlane builds log {} shows its log).", recorder.id, recorder.id)?;
    match build_and_push_recorded(api, &recorder, ca_cert, source, &dockerfile, &target, image, &buildah, io).await {
        Ok(pinned) => Ok(Built { pinned, build_id: recorder.id }),
        Err(e) => {
            // The build's own failure is what the user needs; a failure to record it is secondary.
            let status = if e.downcast_ref::<TimedOut>().is_some() { "TIMEOUT" } else { "FAILURE" };
            if let Err(record_error) = recorder.finish(status, None, Some(&format!("{e:#}"))).await {
                writeln!(io.err, "(the build's failure could not be recorded: {record_error:#})")?;
            }
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn build_and_push_recorded(api: &Api, recorder: &Recorder<'_>, ca_cert: Option<&Path>, source: &Path, dockerfile: &Path, target: &str, image: &str, buildah: &Path, io: &mut Output) -> anyhow::Result<String> {
    api.post(&format!("/runlane/v1/builds/{}/start", recorder.id), &json!({})).await?;
    let spec = buildah::BuildSpec {
        buildah: buildah.to_path_buf(),
        context: source.to_path_buf(),
        dockerfile: dockerfile.to_path_buf(),
        target: target.to_owned(),
        tls_verify: api.base().starts_with("https://"),
        ca_cert: ca_cert.map(Path::to_path_buf),
        token: api.token().unwrap_or_default().to_owned(),
        timeout: buildah::DEFAULT_TIMEOUT,
    };
    let started = tokio::time::Instant::now();
    let outcome = buildah::build_and_push_logged(
        &spec,
        |line| {
            let _ = writeln!(io.err, "{line}");
        },
        |batch| async move { recorder.log(&batch).await },
    )
    .await?;
    let digest = match outcome.context("cannot run the build; free some space in $TMPDIR")? {
        buildah::Outcome::Pushed { digest, .. } => digest,
        buildah::Outcome::BuildFailed { tail } => anyhow::bail!("the build failed; its last lines:\n{tail}\nfix the Dockerfile or the source and run the build again; nothing was pushed or deployed"),
        buildah::Outcome::PushFailed { tail } => anyhow::bail!("the push to {target} failed; its last lines:\n{tail}\ncheck that runlane up is running and the token is its own"),
        buildah::Outcome::TimedOut => {
            return Err(TimedOut(buildah::DEFAULT_TIMEOUT).into());
        }
    };
    let pinned = format!("{}@{digest}", without_tag(image));
    let done = format!("Pushed {pinned} ({:.1} s in all).", started.elapsed().as_secs_f64());
    writeln!(io.err, "{done}")?;
    recorder.log(&format!("{done}\n")).await?;
    recorder.finish("SUCCESS", Some(&digest), None).await?;
    Ok(pinned)
}

/// `runlane builds list`: ID, STATUS, CREATED, DURATION, IMAGE@DIGEST (short), REVISION.
pub fn table(builds: &[Value]) -> String {
    let rows: Vec<Vec<String>> = builds
        .iter()
        .map(|b| {
            let image = b["images"][0].as_str().unwrap_or("-");
            let digest = b["results"]["images"][0]["digest"].as_str().and_then(|d| d.strip_prefix("sha256:")).map_or("-".to_owned(), |h| h[..h.len().min(12)].to_owned());
            vec![
                text(&b["id"]),
                text(&b["status"]),
                text(&b["createTime"]),
                duration(b).unwrap_or_else(|| "-".to_owned()),
                format!("{image} {digest}"),
                text(&b["substitutions"]["_REVISION_NAME"]),
            ]
        })
        .collect();
    render_table(&["ID", "STATUS", "CREATED", "DURATION", "IMAGE DIGEST", "REVISION"], &rows)
}

/// `runlane builds describe`: one field a line.
pub fn describe(b: &Value) -> String {
    let digest = b["results"]["images"][0]["digest"].as_str().unwrap_or("-");
    let mut rows = vec![
        ("Build", text(&b["id"])),
        ("Status", text(&b["status"])),
        ("Source", text(&b["substitutions"]["_SOURCE_DIR"])),
        ("Image", text(&b["images"][0])),
        ("Digest", digest.to_owned()),
        ("Created", text(&b["createTime"])),
        ("Started", text(&b["startTime"])),
        ("Finished", text(&b["finishTime"])),
        ("Duration", duration(b).unwrap_or_else(|| "-".to_owned())),
        ("Service", text(&b["substitutions"]["_SERVICE_NAME"])),
        ("Revision", text(&b["substitutions"]["_REVISION_NAME"])),
    ];
    if let Some(detail) = b["statusDetail"].as_str() {
        rows.push(("Failure", detail.to_owned()));
    }
    rows.into_iter().map(|(k, v)| format!("{:<10}{v}\n", format!("{k}:"))).collect()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("-").to_owned()
}

/// finishTime − startTime, as `12.3s`; None while the build runs.
fn duration(b: &Value) -> Option<String> {
    let at = |field: &str| b[field].as_str().and_then(|t| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok());
    let seconds = (at("finishTime")? - at("startTime")?).as_seconds_f64();
    Some(format!("{seconds:.1}s"))
}


/// The Dockerfile to build (the runner's rule, shared with gcloud's builds).
pub fn dockerfile_of(source: &Path, file: Option<&Path>) -> Result<PathBuf, String> {
    buildah::dockerfile_of(source, file)
}

fn find_buildah() -> anyhow::Result<PathBuf> {
    buildah::find_buildah().map_err(anyhow::Error::msg)
}

/// `127.0.0.1:8484` from `http://127.0.0.1:8484/`.
fn api_host(base: &str) -> Result<String, String> {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("--api {base:?} names no host"));
    }
    Ok(host.to_owned())
}

pub use buildah::{push_target, without_tag};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_show_status_duration_digest_and_revision() {
        let done = json!({"id": "b1", "status": "SUCCESS", "createTime": "2026-12-07T18:00:00Z", "startTime": "2026-12-07T18:00:01Z", "finishTime": "2026-12-07T18:00:03.5Z",
            "images": ["us-central1-docker.pkg.dev/default/r/web"], "results": {"images": [{"digest": format!("sha256:{}", "ab".repeat(32))}]},
            "substitutions": {"_SOURCE_DIR": "/src", "_SERVICE_NAME": "web", "_REVISION_NAME": "web-00001-abc"}});
        let failed = json!({"id": "b2", "status": "FAILURE", "createTime": "2026-12-07T18:01:00Z", "startTime": "2026-12-07T18:01:00Z", "finishTime": "2026-12-07T18:01:01Z",
            "images": ["us-central1-docker.pkg.dev/default/r/web"], "statusDetail": "the build failed", "substitutions": {"_SOURCE_DIR": "/src"}});
        let running = json!({"id": "b3", "status": "WORKING", "createTime": "2026-12-07T18:02:00Z", "startTime": "2026-12-07T18:02:00Z", "images": ["x/y/z"]});
        let t = table(&[done.clone(), failed.clone(), running]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[1].contains("SUCCESS") && lines[1].contains("2.5s") && lines[1].contains("abababababab") && lines[1].contains("web-00001-abc"), "{t}");
        assert!(lines[2].contains("FAILURE") && lines[2].contains("1.0s"), "{t}");
        assert!(lines[3].contains("WORKING") && lines[3].split_whitespace().nth(3) == Some("-"), "{t}");
        let d = describe(&failed);
        assert!(d.contains("Status:   FAILURE") && d.contains("Failure:  the build failed") && d.contains("Digest:   -"), "{d}");
    }

    #[test]
    fn push_targets() {
        let check = |image: &str, expected: Result<&str, &str>| {
            let got = push_target(image, "127.0.0.1:8484");
            match expected {
                Ok(t) => assert_eq!(got.as_deref(), Ok(t), "{image}"),
                Err(part) => assert!(got.as_ref().is_err_and(|e| e.contains(part)), "{image}: {got:?}"),
            }
        };
        check("europe-north1-docker.pkg.dev/p/r/app:1", Ok("127.0.0.1:8484/p/r/app:1"));
        check("127.0.0.1:8484/p/r/app", Ok("127.0.0.1:8484/p/r/app"));
        check("gcr.io/p/app", Err("is not runlane's registry"));
        check("-docker.pkg.dev/p/app", Err("is not runlane's registry"));
        check("app", Err("names no registry"));
        assert_eq!(api_host("http://127.0.0.1:8484/").unwrap(), "127.0.0.1:8484");
        assert_eq!(without_tag("europe-north1-docker.pkg.dev/p/r/app:1"), "europe-north1-docker.pkg.dev/p/r/app");
        assert_eq!(without_tag("127.0.0.1:8484/p/app"), "127.0.0.1:8484/p/app");
    }

    #[test]
    fn a_source_needs_a_dockerfile() {
        let dir = tempfile::tempdir().unwrap();
        let e = dockerfile_of(dir.path(), None).unwrap_err();
        assert!(e.contains("has no Dockerfile") && e.contains("buildpacks"), "{e}");
        std::fs::write(dir.path().join("Dockerfile"), "FROM scratch\n").unwrap();
        assert_eq!(dockerfile_of(dir.path(), None).unwrap(), dir.path().join("Dockerfile"));
        assert!(dockerfile_of(&dir.path().join("nope"), None).unwrap_err().contains("is not a directory"));
    }
}
