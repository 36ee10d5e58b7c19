//! The Artifact Registry API (`artifactregistry.googleapis.com` v1), the part gcloud calls
//! for Docker repositories, over the embedded registry (`registry`): an Artifact Registry
//! repository `projects/P/locations/L/repositories/R` holds the images pushed to
//! `/v2/P/R/IMAGE`, which `L-docker.pkg.dev/P/R/IMAGE` names resolve to.
//!
//! - `POST /v1/projects/P/locations/L/repositories?repositoryId=R` (`repositories create`): a done operation
//! - `GET  /v1/projects/P/locations/L/repositories` (`list`; L may be `-`), `GET|DELETE …/repositories/R`
//! - `GET  /v1/projects/P/locations/L/repositories/R/dockerImages` (`docker images list`)
//! - `GET  /v1beta2/projects/P/locations`: the locations that have repositories
//!   (`repositories list` without `--location` asks this first)
//!
//! The protocol facts are in docs/gcloud-artifact-registry-protocol.md.
//! A repository's images are keyed by project and repository name, not location: two
//! locations cannot hold repositories of one name in one project.

use crate::error::ApiError;
use axum::extract::{Path, Query};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use runlane_image::hosted::{ArRepository, HostedImage};
use runlane_image::ImageStore;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    let repos = "/v1/projects/{project}/locations/{location}/repositories";
    axum::Router::new()
        .route(repos, get(list).post(create))
        .route(&format!("{repos}/{{repository}}"), get(describe).delete(delete))
        .route(&format!("{repos}/{{repository}}/dockerImages"), get(docker_images))
        .route("/v1beta2/projects/{project}/locations", get(locations))
}

fn store<B>(request: &Request<B>) -> Result<ImageStore, ApiError> {
    request.extensions().get::<ImageStore>().cloned().ok_or_else(|| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane has no image store; start it with `runlane up`"))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateQuery {
    repository_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RepositoryWire {
    format: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

async fn create(Path((project, location)): Path<(String, String)>, Query(q): Query<CreateQuery>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let body = axum::body::to_bytes(request.into_body(), crate::MAX_BODY_BYTES).await.map_err(|e| ApiError::field("body", format!("could not be read ({e})")))?;
    let wire: RepositoryWire = if body.is_empty() {
        RepositoryWire::default()
    } else {
        let de = &mut serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(de).map_err(|e| ApiError::field(e.path().to_string(), e.inner().to_string()))?
    };
    let id = q.repository_id.unwrap_or_default();
    check_repository_id(&id)?;
    check_location(&location)?;
    match wire.format.as_deref() {
        Some("DOCKER") => {}
        other => {
            return Err(ApiError::field(
                "repository.format",
                format!("{} is not served here; runlane's registry holds Docker (OCI) images: pass --repository-format=docker", other.unwrap_or("(none)")),
            ))
        }
    }
    let now = now_unix();
    let repo = ArRepository { project: project.clone(), location: location.clone(), repository: id.clone(), format: "DOCKER".into(), description: wire.description, labels: wire.labels, create_unix: now, update_unix: now };
    let clash = store.hosted().ar_repositories(&project, "-").into_iter().find(|r| r.repository == id && r.location != location);
    if let Some(other) = clash {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "ALREADY_EXISTS",
            format!("project {project} already has a repository {id} in {}; runlane keeps one repository of a name per project (its images are {project}/{id}/IMAGE), choose another name", other.location),
        ));
    }
    let s2 = store.clone();
    let r2 = repo.clone();
    let created = tokio::task::spawn_blocking(move || s2.hosted().create_ar_repository(r2))
        .await
        .map_err(|e| unavailable(e.to_string()))?
        .map_err(|e| unavailable(e.to_string()))?;
    if !created {
        return Err(ApiError::new(StatusCode::CONFLICT, "ALREADY_EXISTS", format!("the repository already exists: projects/{project}/locations/{location}/repositories/{id}")));
    }
    let mut response = repository_json(&repo, &store.hosted().images_under(&format!("{project}/{id}")));
    response["@type"] = "type.googleapis.com/google.devtools.artifactregistry.v1.Repository".into();
    Ok(Json(json!({
        "name": format!("projects/{project}/locations/{location}/operations/create-{id}-{now}"),
        "done": true,
        "response": response,
    }))
    .into_response())
}

/// The operation a repository create or delete answered (`create-REPO-UNIX`,
/// `delete-REPO-UNIX`), read back: both were done when they answered, and gcloud
/// (`run deploy --source`, creating `cloud-run-source-deploy`) polls it once anyway.
pub(crate) fn operation(store: &ImageStore, project: &str, location: &str, id: &str) -> Option<Value> {
    let name = format!("projects/{project}/locations/{location}/operations/{id}");
    let of = |prefix: &str| -> Option<String> {
        let rest = id.strip_prefix(prefix)?;
        let (repository, unix) = rest.rsplit_once('-')?;
        unix.bytes().all(|b| b.is_ascii_digit()).then(|| repository.to_owned())
    };
    if let Some(repository) = of("create-") {
        let repo = store.hosted().ar_repositories(project, location).into_iter().find(|r| r.repository == repository)?;
        let mut response = repository_json(&repo, &store.hosted().images_under(&format!("{project}/{repository}")));
        response["@type"] = "type.googleapis.com/google.devtools.artifactregistry.v1.Repository".into();
        return Some(json!({"name": name, "done": true, "response": response}));
    }
    of("delete-")?;
    Some(json!({"name": name, "done": true, "response": {"@type": "type.googleapis.com/google.protobuf.Empty"}}))
}

async fn list(Path((project, location)): Path<(String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let repositories: Vec<Value> = store
        .hosted()
        .ar_repositories(&project, &location)
        .iter()
        .map(|r| repository_json(r, &store.hosted().images_under(&format!("{}/{}", r.project, r.repository))))
        .collect();
    Ok(Json(json!({ "repositories": repositories })).into_response())
}

fn find(store: &ImageStore, project: &str, location: &str, repository: &str) -> Result<ArRepository, ApiError> {
    store
        .hosted()
        .ar_repositories(project, location)
        .into_iter()
        .find(|r| r.repository == repository)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "repository projects/{project}/locations/{location}/repositories/{repository} does not exist; create it with gcloud artifacts repositories create {repository} --repository-format=docker --location={location}"
            ))
        })
}

async fn describe(Path((project, location, repository)): Path<(String, String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let repo = find(&store, &project, &location, &repository)?;
    Ok(Json(repository_json(&repo, &store.hosted().images_under(&format!("{project}/{repository}")))).into_response())
}

async fn delete(Path((project, location, repository)): Path<(String, String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    find(&store, &project, &location, &repository)?;
    let (s2, p2, l2, r2) = (store.clone(), project.clone(), location.clone(), repository.clone());
    tokio::task::spawn_blocking(move || s2.hosted().delete_ar_repository(&p2, &l2, &r2))
        .await
        .map_err(|e| unavailable(e.to_string()))?
        .map_err(|e| unavailable(e.to_string()))?;
    Ok(Json(json!({
        "name": format!("projects/{project}/locations/{location}/operations/delete-{repository}-{}", now_unix()),
        "done": true,
        "response": {"@type": "type.googleapis.com/google.protobuf.Empty"},
    }))
    .into_response())
}

async fn docker_images(Path((project, location, repository)): Path<(String, String, String)>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    find(&store, &project, &location, &repository)?;
    let prefix = format!("{project}/{repository}");
    let images: Vec<Value> = store
        .hosted()
        .images_under(&prefix)
        .into_iter()
        .map(|i| {
            let image = i.repository.strip_prefix(&format!("{prefix}/")).unwrap_or(&i.repository).to_owned();
            json!({
                "name": format!("projects/{project}/locations/{location}/repositories/{repository}/dockerImages/{}@{}", image.replace('/', "%2F"), i.digest),
                "uri": format!("{location}-docker.pkg.dev/{prefix}/{image}@{}", i.digest),
                "tags": i.tags,
                "imageSizeBytes": i.size_bytes.to_string(),
                "uploadTime": rfc3339(i.uploaded_unix),
                "updateTime": rfc3339(i.uploaded_unix),
                "mediaType": i.media_type,
            })
        })
        .collect();
    Ok(Json(json!({ "dockerImages": images })).into_response())
}

async fn locations(Path(project): Path<String>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let used: BTreeSet<String> = store.hosted().ar_repositories(&project, "-").into_iter().map(|r| r.location).collect();
    let locations: Vec<Value> = used.iter().map(|l| json!({"name": format!("projects/{project}/locations/{l}"), "locationId": l})).collect();
    Ok(Json(json!({ "locations": locations })).into_response())
}

fn repository_json(r: &ArRepository, images: &[HostedImage]) -> Value {
    let size: u64 = images.iter().map(|i| i.size_bytes).sum();
    json!({
        "name": format!("projects/{}/locations/{}/repositories/{}", r.project, r.location, r.repository),
        "format": r.format,
        "mode": "STANDARD_REPOSITORY",
        "description": r.description,
        "labels": r.labels,
        "createTime": rfc3339(r.create_unix),
        "updateTime": rfc3339(r.update_unix),
        "sizeBytes": size.to_string(),
    })
}

/// Artifact Registry's repository ids: lowercase letters, digits and hyphens, starting
/// with a letter, at most 63.
fn check_repository_id(id: &str) -> Result<(), ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 63
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::field("repositoryId", format!("{id:?} is not a repository id: lowercase letters, digits and hyphens, starting with a letter, at most 63")))
    }
}

fn check_location(location: &str) -> Result<(), ApiError> {
    let ok = !location.is_empty() && location != "-" && location.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::field("location", format!("{location:?} is not a location such as europe-north1; pass --location")))
    }
}

fn unavailable(why: String) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", format!("the registry's state could not be written ({why}); free some space and retry"))
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_ids_and_locations() {
        for ok in ["my-repo", "r", "a1-b2"] {
            assert!(check_repository_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "My-repo", "1repo", "repo-", "re_po", &"a".repeat(64)] {
            assert!(check_repository_id(bad).is_err(), "{bad}");
        }
        assert!(check_location("europe-north1").is_ok());
        assert!(check_location("-").is_err());
        assert!(check_location("Europe").is_err());
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
