//! The image store over HTTP, for `runlane images list|load|prune`:
//!
//! - `GET  /apis/runlane.dev/v1/images`: every stored image (digest, names, size, last use)
//! - `POST /apis/runlane.dev/v1/images:load`: the body is a `docker save` or OCI archive
//!   tarball, streamed to a temporary file and loaded (for machines with no registry)
//! - `POST /apis/runlane.dev/v1/images:prune`: deletes the images no revision runs;
//!   body `{"budgetBytes": N}` keeps unused ones up to N bytes (default 0)

use crate::error::ApiError;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use futures_util::StreamExt as _;
use runlane_controller::Controller;
use runlane_image::ImageStore;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tokio::io::AsyncWriteExt as _;

const R: &str = "/apis/runlane.dev/v1";

/// Makes the image store available to the routes.
pub fn attach(app: axum::Router, store: ImageStore) -> axum::Router {
    app.layer(axum::Extension(store))
}

pub fn routes() -> axum::Router<Controller> {
    axum::Router::new()
        .route(&format!("{R}/images"), get(list))
        .route(&format!("{R}/images:load"), post(load))
        .route(&format!("{R}/images:prune"), post(prune))
}

/// The image store, or 503 when this runlane runs without one.
struct Images(ImageStore);

impl<S: Send + Sync> FromRequestParts<S> for Images {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts.extensions.get::<ImageStore>().cloned().map(Images).ok_or_else(|| {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane has no image store; start it with `runlane up`")
        })
    }
}

async fn list(Images(store): Images) -> Response {
    Json(json!({ "kind": "ImageList", "items": store.list() })).into_response()
}

async fn load(Images(store): Images, body: axum::body::Body) -> Result<Response, ApiError> {
    let unavailable = |what: String| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", what);
    let file = tempfile::NamedTempFile::new().map_err(|e| unavailable(format!("cannot create a temporary file for the upload ({e}); free some space")))?;
    let (std_file, path) = file.into_parts();
    let mut out = tokio::fs::File::from_std(std_file);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::field("body", format!("the upload broke off ({e}); send the tarball again")))?;
        out.write_all(&chunk).await.map_err(|e| unavailable(format!("cannot store the upload ({e}); free some space")))?;
    }
    out.flush().await.map_err(|e| unavailable(format!("cannot store the upload ({e}); free some space")))?;
    drop(out);
    let loaded = tokio::task::spawn_blocking(move || {
        let result = store.load(&path);
        drop(path);
        result
    })
    .await
    .map_err(|e| unavailable(format!("the load failed ({e})")))?
    .map_err(|e| ApiError::field("body", e.to_string()))?;
    Ok((StatusCode::OK, Json(json!({ "kind": "ImageList", "items": loaded }))).into_response())
}

async fn prune(State(c): State<Controller>, Images(store): Images, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let budget = if body.is_empty() {
        0
    } else {
        let v: Value = serde_json::from_slice(&body).map_err(|e| ApiError::field("body", format!("is not JSON ({e}); send {{\"budgetBytes\": N}} or nothing")))?;
        match &v["budgetBytes"] {
            Value::Null => 0,
            n => n.as_u64().ok_or_else(|| ApiError::field("budgetBytes", format!("{n} is not a whole number of bytes; use 0 or more")))?,
        }
    };
    let keep: BTreeSet<String> = in_use(&c.list_revisions(None, None).await);
    let deleted = tokio::task::spawn_blocking(move || store.prune(&keep, budget))
        .await
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", format!("the prune failed ({e})")))?
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", e.to_string()))?;
    Ok(Json(json!({ "deleted": deleted })).into_response())
}

/// Digests of the images that revisions still run: never pruned.
pub fn in_use(revisions: &[runlane_controller::RevisionView]) -> BTreeSet<String> {
    revisions
        .iter()
        .filter_map(|r| r.revision.image_digest.as_deref())
        .filter_map(|pinned| pinned.rsplit_once('@').map(|(_, digest)| digest.to_owned()))
        .collect()
}
