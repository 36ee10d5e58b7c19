//! Builds that gcloud asks runlane to run (docs/gcloud-source-deploy-protocol.md):
//! `gcloud builds submit DIR --tag IMAGE` (Cloud Build v1 `builds.create`) and
//! `gcloud run deploy S --source DIR` (Cloud Run v2 `builds:submit`), both over a source
//! archive gcloud staged in `storage` first. The build runs here, in `runlane up`, with
//! the runner the CLI uses (`runlane_image::buildah`); its record, log and outcome are the
//! ones `builds` serves, and its operation is what gcloud polls.
//!
//! - `POST /v1/projects/P[/locations/L]/builds` `Build` → an operation naming the build
//! - `POST /v2/projects/P/locations/L/builds:submit` `SubmitBuildRequest` →
//!   `{"buildOperation": operation}`
//! - `GET  /v1/projects/P/locations/L/operations/ID`: a build's operation (done when the
//!   build ended; `error` when it failed or timed out), or an Artifact Registry one
//! - `GET  /v1/projects/P/locations/L/defaultServiceAccount`: what `run deploy --source`
//!   checks before it builds
//!
//! A staged source is deleted when its build ends, whatever the outcome.

use crate::builds::{build_json, now_ms};
use crate::error::ApiError;
use axum::extract::{Path, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use runlane_image::buildah::{self, BuildSpec, Outcome};
use runlane_image::builds::{is_build_id, BuildChange, BuildRecord, BuildStatus, NewBuild, StorageSource};
use runlane_image::ImageStore;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// Cloud Build's longest build.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// How `runlane up` runs gcloud's builds: where its own registry is (the API's address)
/// and the token that pushes there.
#[derive(Clone, Debug)]
pub struct BuildRunner {
    /// `127.0.0.1:8484`.
    pub registry_host: String,
    pub token: String,
}

pub fn attach(app: axum::Router, runner: BuildRunner) -> axum::Router {
    app.layer(axum::Extension(runner))
}

fn parts(request: &Request) -> Result<(ImageStore, BuildRunner), ApiError> {
    let store = request.extensions().get::<ImageStore>().cloned();
    let runner = request.extensions().get::<BuildRunner>().cloned();
    match (store, runner) {
        (Some(s), Some(r)) => Ok((s, r)),
        _ => Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane runs no builds; start it with `runlane up`")),
    }
}

async fn body(request: Request) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(request.into_body(), crate::MAX_BODY_BYTES).await.map_err(|e| ApiError::field("body", format!("could not be read ({e})")))
}

fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| ApiError::field(e.path().to_string(), e.inner().to_string()))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct StorageSourceWire {
    #[serde(default)]
    bucket: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    generation: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SourceWire {
    storage_source: Option<StorageSourceWire>,
}

#[derive(Deserialize, Default)]
struct StepWire {
    #[serde(default)]
    name: String,
    #[serde(default)]
    args: Vec<String>,
}

/// The fields of Cloud Build's `Build` that runlane reads; others gcloud may send
/// (`options`, `tags`, `substitutions`...) change nothing here.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct BuildWire {
    #[serde(default)]
    images: Vec<String>,
    #[serde(default)]
    source: SourceWire,
    #[serde(default)]
    steps: Vec<StepWire>,
    #[serde(default)]
    timeout: Option<String>,
}

/// The build a request asks for, checked.
struct Asked {
    project: String,
    image: String,
    source: StorageSource,
    timeout: Duration,
    /// The Dockerfile, relative to the source (`docker build -f`).
    dockerfile: Option<String>,
}

fn check_timeout(field: &str, text: Option<&str>) -> Result<Duration, ApiError> {
    let Some(text) = text else { return Ok(buildah::DEFAULT_TIMEOUT) };
    let d = runlane_model::duration::parse_google(text).map_err(|e| ApiError::field(field, format!("{text:?} is not a duration like \"600s\" ({e})")))?;
    if d.is_zero() || d > MAX_TIMEOUT {
        return Err(ApiError::field(field, format!("{text:?} is out of range; a build's timeout is more than 0s and at most {}s", MAX_TIMEOUT.as_secs())));
    }
    Ok(d)
}

fn check_source(store: &ImageStore, field: &str, wire: Option<StorageSourceWire>) -> Result<StorageSource, ApiError> {
    let wire = wire.ok_or_else(|| ApiError::field(field, "is required: runlane builds a source archive gcloud staged in its storage (gcloud builds submit DIR)"))?;
    let object = store.sources().object(&wire.bucket, &wire.object).ok_or_else(|| {
        ApiError::field(field, format!("gs://{}/{} was not uploaded to this runlane (or its build already ran); run the gcloud command again to stage the source", wire.bucket, wire.object))
    })?;
    if let Some(g) = wire.generation.as_deref().filter(|g| !g.is_empty()) {
        if g != object.generation.to_string() {
            return Err(ApiError::field(format!("{field}.generation"), format!("{g} is not the staged object's generation ({})", object.generation)));
        }
    }
    Ok(StorageSource { bucket: object.bucket, object: object.name, generation: object.generation })
}

/// The image name must be one runlane's registry holds (`LOCATION-docker.pkg.dev/…`).
fn check_image(runner: &BuildRunner, field: &str, image: &str) -> Result<String, ApiError> {
    buildah::push_target(image, &runner.registry_host).map_err(|e| ApiError::field(field, e))
}

/// gcloud's `--tag` build: one step, `docker build … -t IMAGE .` (optionally `-f FILE`).
fn docker_step(steps: &[StepWire], image: &str) -> Result<Option<String>, ApiError> {
    let refuse = |why: String| ApiError::field("steps", format!("{why}; runlane builds one Dockerfile per build (gcloud builds submit --tag IMAGE), build configs with other steps are not run"));
    let [step] = steps else {
        return Err(refuse(format!("has {} steps", steps.len())));
    };
    if !step.name.ends_with("cloud-builders/docker") || step.args.first().map(String::as_str) != Some("build") {
        return Err(refuse(format!("runs {:?} {:?}", step.name, step.args.first().map(String::as_str).unwrap_or(""))));
    }
    let mut dockerfile = None;
    let mut tagged = false;
    let mut args = step.args[1..].iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-t" | "--tag" => tagged |= args.next().map(String::as_str) == Some(image),
            "-f" | "--file" => dockerfile = args.next().cloned(),
            "--network" => {
                args.next();
            }
            _ => {}
        }
    }
    if !tagged {
        return Err(refuse(format!("does not tag the image {image:?} that images[0] names")));
    }
    Ok(dockerfile)
}

/// `POST /v1/projects/P[/locations/L]/builds`.
pub async fn create(Path(path): Path<Vec<(String, String)>>, request: Request) -> Result<Response, ApiError> {
    let project = path.iter().find(|(k, _)| k == "project").map(|(_, v)| v.clone()).unwrap_or_default();
    let location = path.iter().find(|(k, _)| k == "location").map_or_else(|| "global".to_owned(), |(_, v)| v.clone());
    let (store, runner) = parts(&request)?;
    let wire: BuildWire = parse(&body(request).await?)?;
    let staged = staged_name(wire.source.storage_source.as_ref());
    let asked = (|| {
        let [image] = wire.images.as_slice() else {
            return Err(ApiError::field("images", format!("names {} images; runlane's builds push one (gcloud builds submit --tag IMAGE)", wire.images.len())));
        };
        check_image(&runner, "images[0]", image)?;
        let dockerfile = docker_step(&wire.steps, image)?;
        let timeout = check_timeout("timeout", wire.timeout.as_deref())?;
        let source = check_source(&store, "source.storageSource", wire.source.storage_source)?;
        Ok(Asked { project, image: image.clone(), source, timeout, dockerfile })
    })();
    let record = start(store.clone(), runner, refused_drops(&store, staged, asked)?).await?;
    Ok(Json(operation(&record, &location)).into_response())
}

/// The staged object a request names, if any.
fn staged_name(wire: Option<&StorageSourceWire>) -> Option<(String, String)> {
    wire.map(|s| (s.bucket.clone(), s.object.clone()))
}

/// A refused build's staged source is deleted: it was uploaded for that build only.
fn refused_drops(store: &ImageStore, staged: Option<(String, String)>, asked: Result<Asked, ApiError>) -> Result<Asked, ApiError> {
    if asked.is_err() {
        if let Some((bucket, object)) = staged {
            store.sources().delete(&bucket, &object);
        }
    }
    asked
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SubmitWire {
    #[serde(default)]
    image_uri: String,
    storage_source: Option<StorageSourceWire>,
    docker_build: Option<Value>,
    buildpack_build: Option<Value>,
}

/// `POST /v2/projects/P/locations/L/builds:submit` (Cloud Run's, for `run deploy --source`).
pub async fn submit(Path((project, location)): Path<(String, String)>, request: Request) -> Result<Response, ApiError> {
    let (store, runner) = parts(&request)?;
    let wire: SubmitWire = parse(&body(request).await?)?;
    let staged = staged_name(wire.storage_source.as_ref());
    let asked = (|| {
        if wire.buildpack_build.is_some() || wire.docker_build.is_none() {
            return Err(ApiError::field(
                "buildpackBuild",
                "the source has no Dockerfile; runlane builds Dockerfiles only, because buildpacks (what Cloud Run uses without one) need builder images from the internet, which is not reachable here: add a Dockerfile (FROM scratch and COPY of a static binary builds offline)",
            ));
        }
        check_image(&runner, "imageUri", &wire.image_uri)?;
        let source = check_source(&store, "storageSource", wire.storage_source)?;
        Ok(Asked { project, image: wire.image_uri, source, timeout: buildah::DEFAULT_TIMEOUT, dockerfile: None })
    })();
    let record = start(store.clone(), runner, refused_drops(&store, staged, asked)?).await?;
    Ok(Json(json!({"buildOperation": operation(&record, &location), "baseImageUri": "", "baseImageWarning": ""})).into_response())
}

/// Records the build (durable before the answer) and runs it in the background.
async fn start(store: ImageStore, runner: BuildRunner, asked: Asked) -> Result<BuildRecord, ApiError> {
    let new = NewBuild {
        project: asked.project.clone(),
        source: format!("gs://{}/{}", asked.source.bucket, asked.source.object),
        image: asked.image.clone(),
        timeout_secs: Some(asked.timeout.as_secs()),
        storage_source: Some(asked.source.clone()),
    };
    let s2 = store.clone();
    let record = tokio::task::spawn_blocking(move || s2.builds().create_with(new, now_ms()))
        .await
        .map_err(unavailable)?
        .map_err(unavailable)?;
    let id = record.id.clone();
    tokio::spawn(async move {
        let source = asked.source.clone();
        let outcome = run(&store, &runner, &id, asked).await;
        store.sources().delete(&source.bucket, &source.object);
        let change = match outcome {
            Ok(digest) => BuildChange::Finish { status: BuildStatus::Success, digest: Some(digest), failure_detail: None },
            Err((status, detail)) => BuildChange::Finish { status, digest: None, failure_detail: Some(detail) },
        };
        let s2 = store.clone();
        let id2 = id.clone();
        match tokio::task::spawn_blocking(move || s2.builds().change(&id2, change, now_ms())).await {
            Ok(Ok(Ok(_))) => {}
            other => tracing::warn!(build = %id, outcome = ?other.map(|r| r.map(|c| c.map(|_| ()))), "the build's outcome could not be recorded"),
        }
    });
    Ok(record)
}

fn unavailable(why: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", format!("the build could not be recorded ({why}); free some space and retry"))
}

/// Runs one build to its end: the image's digest, or its final status and why.
async fn run(store: &ImageStore, runner: &BuildRunner, id: &str, asked: Asked) -> Result<String, (BuildStatus, String)> {
    let fail = |why: String| (BuildStatus::Failure, why);
    let s2 = store.clone();
    let id2 = id.to_owned();
    tokio::task::spawn_blocking(move || s2.builds().change(&id2, BuildChange::Start, now_ms())).await.map_err(|e| fail(e.to_string()))?.map_err(|e| fail(e.to_string()))?.map_err(fail)?;
    let log = |text: String| {
        let (s, id) = (store.clone(), id.to_owned());
        async move {
            let _ = tokio::task::spawn_blocking(move || s.builds().append_log(&id, text.as_bytes())).await;
        }
    };
    let work = tempfile::Builder::new().prefix("runlane-source-").tempdir().map_err(|e| fail(format!("cannot make a directory for the source ({e}); free some space")))?;
    let archive = store.sources().object_path(&asked.source.bucket, &asked.source.object).ok_or_else(|| fail("the staged source is gone".to_owned()))?;
    let context = work.path().join("source");
    let into = context.clone();
    let unpacked = tokio::task::spawn_blocking(move || runlane_image::sources::unpack_archive(&archive, &into)).await.map_err(|e| fail(e.to_string()))?;
    if let Err(why) = unpacked {
        log(format!("{why}\n")).await;
        return Err(fail(why));
    }
    let dockerfile = match &asked.dockerfile {
        Some(f) => runlane_image::sources::safe_join(&context, f).map_err(fail)?,
        None => buildah::dockerfile_of(&context, None).map_err(|e| fail(e.replace(&context.display().to_string(), "the source")))?,
    };
    if !dockerfile.is_file() {
        return Err(fail(format!("the source has no {}", asked.dockerfile.unwrap_or_default())));
    }
    let buildah = buildah::find_buildah().map_err(fail)?;
    let target = buildah::push_target(&asked.image, &runner.registry_host).map_err(fail)?;
    // The registry is this process on its own address: over TLS its certificate need not
    // be checked (buildah's --tls-verify=false also lets plain HTTP through).
    let spec = BuildSpec { buildah, context, dockerfile, target, tls_verify: false, ca_cert: None, token: runner.token.clone(), timeout: asked.timeout };
    let recorded = buildah::build_and_push_logged(&spec, |_| {}, |batch| async {
        log(batch).await;
        Ok::<(), std::convert::Infallible>(())
    })
    .await;
    let Ok(outcome) = recorded;
    match outcome.map_err(|e| fail(format!("the build could not run ({e}); free some space in $TMPDIR")))? {
        Outcome::Pushed { digest, .. } => {
            log(format!("Pushed {}@{digest}.\n", buildah::without_tag(&asked.image))).await;
            Ok(digest)
        }
        Outcome::BuildFailed { tail } => Err(fail(format!("the build failed; its last lines:\n{tail}"))),
        Outcome::PushFailed { tail } => Err(fail(format!("the push to runlane's registry failed; its last lines:\n{tail}"))),
        Outcome::TimedOut => {
            let why = format!("the build did not finish within its timeout ({}s) and was stopped, with every process it started", asked.timeout.as_secs());
            log(format!("{why}\n")).await;
            Err((BuildStatus::Timeout, why))
        }
    }
}

/// A build's long-running operation, as Cloud Build answers `builds.create` and
/// `operations.get`: done once the build ended, with the build as its response on
/// success and an error (the build's failure) otherwise.
pub fn operation(b: &BuildRecord, location: &str) -> Value {
    let build = build_json(b, location);
    let mut op = json!({
        "name": format!("projects/{}/locations/{location}/operations/{}", b.project, b.id),
        "metadata": {"@type": "type.googleapis.com/google.devtools.cloudbuild.v1.BuildOperationMetadata", "build": build},
        "done": b.status.is_final(),
    });
    match b.status {
        BuildStatus::Success => {
            let mut response = build;
            response["@type"] = "type.googleapis.com/google.devtools.cloudbuild.v1.Build".into();
            op["response"] = response;
        }
        BuildStatus::Failure | BuildStatus::Timeout => {
            let (code, what) = if b.status == BuildStatus::Timeout { (4, "timed out") } else { (2, "failed") };
            let detail = b.failure_detail.as_deref().unwrap_or("");
            op["error"] = json!({"code": code, "message": format!("build {} {what}: {detail}\n(gcloud builds log {} shows its whole log)", b.id, b.id)});
        }
        _ => {}
    }
    op
}

/// `GET /v1/projects/P/locations/L/operations/ID`.
pub async fn get_operation(Path((project, location, id)): Path<(String, String, String)>, request: Request) -> Result<Response, ApiError> {
    let store = request.extensions().get::<ImageStore>().cloned().ok_or_else(|| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane has no image store; start it with `runlane up`"))?;
    if is_build_id(&id) {
        if let Some(b) = store.builds().get(&id).filter(|b| b.project == project) {
            return Ok(Json(operation(&b, &location)).into_response());
        }
    } else if let Some(op) = crate::artifacts::operation(&store, &project, &location, &id) {
        return Ok(Json(op).into_response());
    }
    Err(ApiError::not_found(format!("operation projects/{project}/locations/{location}/operations/{id} does not exist")))
}

/// `GET /v1/projects/P/locations/L/defaultServiceAccount`: runlane's builds run as
/// nobody in particular; the legacy Cloud Build account's form makes gcloud look no
/// further (it describes other accounts through IAM, which runlane does not serve).
pub async fn default_service_account(Path((project, location)): Path<(String, String)>) -> Response {
    Json(json!({
        "name": format!("projects/{project}/locations/{location}/defaultServiceAccount"),
        "serviceAccountEmail": format!("projects/{project}/serviceAccounts/000000000000@cloudbuild.gserviceaccount.com"),
    }))
    .into_response()
}

/// A build's log as Cloud Logging entries, for the filter `gcloud builds log` sends
/// (`logName="projects/P/logs/cloudbuild" AND resource.type="build" AND …
/// resource.labels.build_id="ID"`); None for any other filter. One entry a line, all at
/// the build's start (the log keeps no time per line), in one page.
pub(crate) fn log_entries(store: &ImageStore, filter: &str) -> Result<Option<Value>, ApiError> {
    let quoted = |key: &str| -> Option<&str> {
        let at = filter.find(key)? + key.len();
        let rest = &filter[at..];
        rest.find('"').map(|end| &rest[..end])
    };
    let (Some(log_name), Some(id)) = (quoted("logName=\""), quoted("resource.labels.build_id=\"")) else { return Ok(None) };
    let Some(project) = log_name.strip_prefix("projects/").and_then(|r| r.strip_suffix("/logs/cloudbuild")) else { return Ok(None) };
    let build = store.builds().get(id).filter(|b| b.project == project && is_build_id(id)).ok_or_else(|| ApiError::not_found(format!("build {id:?} does not exist in project {project}; gcloud builds list shows the builds")))?;
    let log = store.builds().log(id).map_err(unavailable)?.unwrap_or_default();
    let at = crate::builds::rfc3339_ms(build.start_unix_ms.unwrap_or(build.create_unix_ms));
    let entries: Vec<Value> = String::from_utf8_lossy(&log)
        .lines()
        .enumerate()
        .map(|(n, line)| {
            json!({
                "logName": log_name,
                "resource": {"type": "build", "labels": {"build_id": id, "project_id": project}},
                "timestamp": at,
                "receiveTimestamp": at,
                "insertId": format!("{id}-{n:08}"),
                "textPayload": line,
            })
        })
        .collect();
    Ok(Some(json!({ "entries": entries })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gclouds_tag_build_is_the_one_step_served() {
        let step = |name: &str, args: &[&str]| StepWire { name: name.into(), args: args.iter().map(|a| a.to_string()).collect() };
        let image = "europe-north1-docker.pkg.dev/p/r/x:1";
        let tagged = step("gcr.io/cloud-builders/docker", &["build", "--network", "cloudbuild", "--no-cache", "-t", image, "."]);
        assert_eq!(docker_step(&[tagged], image).unwrap(), None);
        let with_file = step("gcr.io/cloud-builders/docker", &["build", "-t", image, "-f", "build/Dockerfile", "."]);
        assert_eq!(docker_step(&[with_file], image).unwrap().as_deref(), Some("build/Dockerfile"));
        for (steps, why) in [
            (vec![], "has 0 steps"),
            (vec![step("gcr.io/cloud-builders/gcloud", &["run", "deploy"])], "runs"),
            (vec![step("gcr.io/cloud-builders/docker", &["build", "-t", "other", "."])], "does not tag"),
        ] {
            let e = docker_step(&steps, image).unwrap_err();
            assert_eq!(e.violations.0[0].field, "steps");
            assert!(e.violations.0[0].description.contains(why), "{:?}", e.violations.0[0].description);
        }
        assert_eq!(check_timeout("timeout", None).unwrap(), buildah::DEFAULT_TIMEOUT);
        assert_eq!(check_timeout("timeout", Some("20s")).unwrap(), Duration::from_secs(20));
        for bad in ["0s", "abc", "90000s"] {
            assert_eq!(check_timeout("timeout", Some(bad)).unwrap_err().violations.0[0].field, "timeout", "{bad}");
        }
    }
}
