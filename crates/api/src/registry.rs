//! The embedded registry: the OCI distribution API at `/v2/`, over the image store's
//! hosted repositories (`runlane_image::hosted`), so `skopeo copy`, `buildah push` and
//! runlane's own puller push and pull images here with the API token as credentials.
//!
//! - `GET /v2/`: the API version check (200 once authenticated, 401 with a Basic challenge before)
//! - `GET|HEAD /v2/NAME/manifests/REF`, `PUT` (tag or digest), `DELETE` (digest, or a tag)
//! - `GET|HEAD /v2/NAME/blobs/DIGEST` (with `Range: bytes=A-B`), `DELETE`
//! - `POST /v2/NAME/blobs/uploads/` (`?digest=` monolithic, `?mount=&from=` cross-repository),
//!   `PATCH|PUT|GET|DELETE /v2/NAME/blobs/uploads/UUID` (chunks with `Content-Range`, finish
//!   with `?digest=`, status for a resume, cancel)
//! - `GET /v2/NAME/tags/list` and `GET /v2/_catalog`, both with `n`/`last` and a `Link` header
//!
//! Errors are the distribution spec's `{"errors":[{"code","message","detail"}]}`.
//! Authentication is in `auth` (the registry's own 401 and challenge).

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use futures_util::StreamExt as _;
use runlane_image::hosted::{Hosted, HostedError};
use runlane_image::ImageStore;
use serde_json::json;
use std::collections::HashMap;
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _};

pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new().route("/v2", any(handle)).route("/v2/", any(handle)).route("/v2/{*rest}", any(handle))
}

/// Whether `path` is the registry's: what the distribution spec names under `/v2/`, but
/// not the Cloud Run Admin API v2 (`/v2/projects/…`) nor Cloud Logging
/// (`/v2/entries:list`), which are the API's, with the API's credentials and errors.
pub fn is_registry_path(path: &str) -> bool {
    target(path).is_some() && !path.starts_with("/v2/projects/")
}

/// A registry error: the spec's code, a status and a message.
pub struct RegistryError {
    status: StatusCode,
    code: &'static str,
    message: String,
    extra: Vec<(header::HeaderName, HeaderValue)>,
}

impl RegistryError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), extra: Vec::new() }
    }
}

impl From<HostedError> for RegistryError {
    fn from(e: HostedError) -> Self {
        let status = match &e {
            HostedError::BlobUnknown(_) | HostedError::UploadUnknown(_) | HostedError::ManifestUnknown(_) | HostedError::NameUnknown(_) => StatusCode::NOT_FOUND,
            HostedError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_REQUEST,
        };
        RegistryError::new(status, e.code(), e.to_string())
    }
}

impl IntoResponse for RegistryError {
    fn into_response(self) -> Response {
        let body = json!({"errors": [{"code": self.code, "message": self.message, "detail": null}]});
        let mut response = (self.status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response();
        for (name, value) in self.extra {
            response.headers_mut().insert(name, value);
        }
        response.headers_mut().insert("docker-distribution-api-version", HeaderValue::from_static("registry/2.0"));
        response
    }
}

type Reply = Result<Response, RegistryError>;

/// What a `/v2/` path names.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    Base,
    Catalog,
    Tags(&'a str),
    Manifest(&'a str, &'a str),
    Blob(&'a str, &'a str),
    Uploads(&'a str),
    Upload(&'a str, &'a str),
}

fn target(path: &str) -> Option<Target<'_>> {
    let rest = path.strip_prefix("/v2")?.trim_start_matches('/');
    if rest.is_empty() {
        return Some(Target::Base);
    }
    if rest == "_catalog" {
        return Some(Target::Catalog);
    }
    if let Some(name) = rest.strip_suffix("/tags/list") {
        return Some(Target::Tags(name));
    }
    if let Some(name) = rest.strip_suffix("/blobs/uploads/").or_else(|| rest.strip_suffix("/blobs/uploads")) {
        return Some(Target::Uploads(name));
    }
    if let Some((name, id)) = rest.rsplit_once("/blobs/uploads/") {
        return Some(Target::Upload(name, id));
    }
    if let Some((name, reference)) = rest.rsplit_once("/manifests/") {
        return Some(Target::Manifest(name, reference));
    }
    if let Some((name, digest)) = rest.rsplit_once("/blobs/") {
        return Some(Target::Blob(name, digest));
    }
    None
}

async fn handle(request: Request) -> Response {
    if !is_registry_path(request.uri().path()) {
        return crate::error::ApiError::not_found(format!(
            "no API at {}; the registry serves /v2/NAME/manifests/REF, /v2/NAME/blobs/DIGEST, /v2/NAME/blobs/uploads/, /v2/NAME/tags/list and /v2/_catalog (NAME may not start with projects/), and the Cloud Run Admin API v2 lives under /v2/projects/PROJECT/locations/LOCATION/services",
            request.uri().path()
        ))
        .into_response();
    }
    match dispatch(request).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn dispatch(request: Request) -> Reply {
    let store = request
        .extensions()
        .get::<ImageStore>()
        .cloned()
        .ok_or_else(|| RegistryError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane has no image store; start it with `runlane up`"))?;
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query: HashMap<String, String> = parts.uri.query().map(parse_query).unwrap_or_default();
    let method = parts.method.clone();
    let unsupported = || RegistryError::new(StatusCode::METHOD_NOT_ALLOWED, "UNSUPPORTED", format!("{method} is not a verb {path} takes"));
    let Some(t) = target(&path) else {
        return Err(RegistryError::new(StatusCode::NOT_FOUND, "NAME_UNKNOWN", format!("{path} is not a registry path; see the OCI distribution spec")));
    };
    let hosted = store.hosted();
    match (&method, t) {
        (&Method::GET | &Method::HEAD, Target::Base) => Ok(with_api_version((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{}").into_response())),
        (&Method::GET, Target::Catalog) => {
            let (n, last) = paging(&query)?;
            let (names, more) = hosted.catalog(n, last.as_deref());
            Ok(listing("/v2/_catalog", json!({"repositories": names}), more.then(|| names.last().cloned()).flatten(), n))
        }
        (&Method::GET, Target::Tags(name)) => {
            let (n, last) = paging(&query)?;
            let (tags, more) = hosted.tags(name, n, last.as_deref())?;
            let next = more.then(|| tags.last().cloned()).flatten();
            Ok(listing(&format!("/v2/{name}/tags/list"), json!({"name": name, "tags": tags}), next, n))
        }
        (&Method::GET | &Method::HEAD, Target::Manifest(name, reference)) => {
            let m = hosted.manifest(name, reference)?;
            let mut r = (StatusCode::OK, m.bytes).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, value(&m.media_type));
            h.insert("docker-content-digest", value(&m.digest));
            Ok(with_api_version(r))
        }
        (&Method::PUT, Target::Manifest(name, reference)) => {
            let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let bytes = axum::body::to_bytes(body, 4 << 20)
                .await
                .map_err(|e| RegistryError::new(StatusCode::PAYLOAD_TOO_LARGE, "SIZE_INVALID", format!("the manifest could not be read ({e}); manifests may be at most 4 MiB")))?;
            let (repo, reference) = (name.to_owned(), reference.to_owned());
            let store2 = store.clone();
            let digest = blocking(move || store2.hosted().put_manifest(&repo, &reference, content_type.as_deref(), &bytes)).await?;
            Ok(created(&format!("/v2/{name}/manifests/{digest}"), &digest))
        }
        (&Method::DELETE, Target::Manifest(name, reference)) => {
            let (name, reference) = (name.to_owned(), reference.to_owned());
            let store2 = store.clone();
            blocking(move || store2.hosted().delete_manifest(&name, &reference)).await?;
            Ok(with_api_version(StatusCode::ACCEPTED.into_response()))
        }
        (&Method::GET | &Method::HEAD, Target::Blob(name, digest)) => serve_blob(hosted, name, digest, &parts.headers, method == Method::HEAD).await,
        (&Method::DELETE, Target::Blob(name, digest)) => {
            let (name, digest) = (name.to_owned(), digest.to_owned());
            let store2 = store.clone();
            blocking(move || store2.hosted().delete_blob(&name, &digest)).await?;
            Ok(with_api_version(StatusCode::ACCEPTED.into_response()))
        }
        (&Method::POST, Target::Uploads(name)) => {
            if let (Some(from), Some(digest)) = (query.get("from"), query.get("mount")) {
                if hosted.mount(name, from, digest)? {
                    return Ok(created(&format!("/v2/{name}/blobs/{digest}"), digest));
                }
            }
            let id = hosted.start_upload(name)?;
            match query.get("digest") {
                Some(digest) => {
                    let (file, _) = hosted.upload(name, &id)?;
                    append(&file, 0, body).await?;
                    finish(&store, name, &id, digest).await
                }
                None => upload_status(hosted, name, &id, StatusCode::ACCEPTED),
            }
        }
        (&Method::PATCH, Target::Upload(name, id)) => {
            let (file, len) = hosted.upload(name, id)?;
            if let Some(range) = parts.headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()) {
                let start = range.trim_start_matches("bytes ").trim_start_matches("bytes=").split('-').next().and_then(|s| s.trim().parse::<u64>().ok());
                if start != Some(len) {
                    let mut e = RegistryError::new(
                        StatusCode::RANGE_NOT_SATISFIABLE,
                        "BLOB_UPLOAD_INVALID",
                        format!("Content-Range {range} does not start at the upload's {len} bytes; ask GET on the upload for its Range and send the rest"),
                    );
                    e.extra.push((header::LOCATION, value(&format!("/v2/{name}/blobs/uploads/{id}"))));
                    e.extra.push((header::RANGE, value(&range_of(len))));
                    return Err(e);
                }
            }
            append(&file, len, body).await?;
            upload_status(hosted, name, id, StatusCode::ACCEPTED)
        }
        (&Method::PUT, Target::Upload(name, id)) => {
            let digest = query.get("digest").ok_or_else(|| RegistryError::new(StatusCode::BAD_REQUEST, "DIGEST_INVALID", "the PUT that finishes an upload needs ?digest=sha256:…"))?;
            let (file, len) = hosted.upload(name, id)?;
            append(&file, len, body).await?;
            finish(&store, name, id, digest).await
        }
        (&Method::GET, Target::Upload(name, id)) => upload_status(hosted, name, id, StatusCode::NO_CONTENT),
        (&Method::DELETE, Target::Upload(name, id)) => {
            hosted.cancel_upload(name, id)?;
            Ok(with_api_version(StatusCode::NO_CONTENT.into_response()))
        }
        _ => Err(unsupported()),
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, HostedError> + Send + 'static) -> Result<T, RegistryError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| RegistryError::new(StatusCode::SERVICE_UNAVAILABLE, "UNKNOWN", format!("the registry task failed ({e}); retry")))?
        .map_err(RegistryError::from)
}

async fn finish(store: &ImageStore, name: &str, id: &str, digest: &str) -> Reply {
    let (store2, name2, id2, digest2) = (store.clone(), name.to_owned(), id.to_owned(), digest.to_owned());
    blocking(move || store2.hosted().finish_upload(&name2, &id2, &digest2)).await?;
    Ok(created(&format!("/v2/{name}/blobs/{digest}"), digest))
}

/// Appends a request body to an upload's file. A body that breaks off leaves the bytes
/// that arrived: the client asks the upload's status and sends the rest.
async fn append(file: &std::path::Path, len: u64, body: Body) -> Result<(), RegistryError> {
    let unavailable = |e: std::io::Error| RegistryError::new(StatusCode::SERVICE_UNAVAILABLE, "UNKNOWN", format!("cannot store the upload ({e}); free some space and retry"));
    let mut file = tokio::fs::OpenOptions::new().write(true).open(file).await.map_err(unavailable)?;
    file.seek(std::io::SeekFrom::Start(len)).await.map_err(unavailable)?;
    // Body chunks are small (tens of KiB): write in MiB steps, each one blocking-pool hop.
    let mut out = tokio::io::BufWriter::with_capacity(1 << 20, file);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                // Keep what arrived, so a resume starts after it.
                out.flush().await.map_err(unavailable)?;
                return Err(RegistryError::new(StatusCode::BAD_REQUEST, "BLOB_UPLOAD_INVALID", format!("the upload broke off ({e}); GET the upload's URL for its Range and send the rest")));
            }
        };
        out.write_all(&chunk).await.map_err(unavailable)?;
    }
    out.flush().await.map_err(unavailable)?;
    Ok(())
}

fn upload_status(hosted: &Hosted, name: &str, id: &str, status: StatusCode) -> Reply {
    let (_, len) = hosted.upload(name, id)?;
    let mut r = status.into_response();
    let h = r.headers_mut();
    h.insert(header::LOCATION, value(&format!("/v2/{name}/blobs/uploads/{id}")));
    h.insert(header::RANGE, value(&range_of(len)));
    h.insert("docker-upload-uuid", value(id));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    Ok(with_api_version(r))
}

/// `0-LAST` for the bytes received (`0-0` before any, as distribution answers).
fn range_of(len: u64) -> String {
    format!("0-{}", len.saturating_sub(1))
}

async fn serve_blob(hosted: &Hosted, name: &str, digest: &str, headers: &HeaderMap, head: bool) -> Reply {
    let (size, path) = hosted.blob(name, digest)?;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(|r| parse_range(r, size)).transpose()?;
    let (status, start, len) = match range {
        Some((a, b)) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        None => (StatusCode::OK, 0, size),
    };
    let body = if head || len == 0 {
        Body::empty()
    } else {
        let mut file = tokio::fs::File::open(&path).await.map_err(|_| RegistryError::from(HostedError::BlobUnknown(digest.to_owned())))?;
        file.seek(std::io::SeekFrom::Start(start)).await.map_err(|e| RegistryError::new(StatusCode::SERVICE_UNAVAILABLE, "UNKNOWN", format!("cannot read blob {digest} ({e})")))?;
        let stream = futures_util::stream::unfold((file.take(len), vec![0u8; 256 << 10]), |(mut file, mut buf)| async move {
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => Some((Ok::<_, std::io::Error>(Bytes::copy_from_slice(&buf[..n])), (file, buf))),
                Err(e) => Some((Err(e), (file, buf))),
            }
        });
        Body::from_stream(stream)
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_LENGTH, value(&len.to_string()));
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert("docker-content-digest", value(digest));
    if status == StatusCode::PARTIAL_CONTENT {
        h.insert(header::CONTENT_RANGE, value(&format!("bytes {start}-{}/{size}", start + len - 1)));
    }
    Ok(with_api_version(r))
}

/// `bytes=A-B`, `bytes=A-` or `bytes=-N` within `size`, as (first, last).
fn parse_range(range: &str, size: u64) -> Result<(u64, u64), RegistryError> {
    let bad = || RegistryError::new(StatusCode::RANGE_NOT_SATISFIABLE, "RANGE_INVALID", format!("Range {range:?} is not bytes=FIRST-LAST within the blob's {size} bytes"));
    let spec = range.strip_prefix("bytes=").ok_or_else(bad)?;
    let (a, b) = spec.split_once('-').ok_or_else(bad)?;
    let (first, last) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().map_err(|_| bad())?;
            (size.saturating_sub(n), size.checked_sub(1).ok_or_else(bad)?)
        }
        (a, "") => (a.parse().map_err(|_| bad())?, size.checked_sub(1).ok_or_else(bad)?),
        (a, b) => (a.parse().map_err(|_| bad())?, b.parse::<u64>().map_err(|_| bad())?.min(size.saturating_sub(1))),
    };
    if first > last || first >= size {
        return Err(bad());
    }
    Ok((first, last))
}

fn created(location: &str, digest: &str) -> Response {
    let mut r = StatusCode::CREATED.into_response();
    let h = r.headers_mut();
    h.insert(header::LOCATION, value(location));
    h.insert("docker-content-digest", value(digest));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    with_api_version(r)
}

fn listing(path: &str, body: serde_json::Value, next_after: Option<String>, n: Option<usize>) -> Response {
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response();
    if let (Some(last), Some(n)) = (next_after, n) {
        r.headers_mut().insert(header::LINK, value(&format!("<{path}?n={n}&last={}>; rel=\"next\"", percent_encode(&last))));
    }
    with_api_version(r)
}

fn paging(query: &HashMap<String, String>) -> Result<(Option<usize>, Option<String>), RegistryError> {
    let n = match query.get("n") {
        None => None,
        Some(n) => Some(n.parse::<usize>().map_err(|_| RegistryError::new(StatusCode::BAD_REQUEST, "PAGINATION_NUMBER_INVALID", format!("n={n} is not a whole number; give the page size, e.g. n=100")))?),
    };
    Ok((n, query.get("last").cloned()))
}

fn with_api_version(mut r: Response) -> Response {
    r.headers_mut().insert("docker-distribution-api-version", HeaderValue::from_static("registry/2.0"));
    r
}

fn value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&').filter_map(|p| p.split_once('=').or(Some((p, "")))).filter(|(k, _)| !k.is_empty()).map(|(k, v)| (percent_decode(k), percent_decode(v))).collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_what_they_address() {
        let check = |path: &str, expected: Option<Target<'_>>| assert_eq!(target(path), expected, "{path}");
        check("/v2/", Some(Target::Base));
        check("/v2", Some(Target::Base));
        check("/v2/_catalog", Some(Target::Catalog));
        check("/v2/p/r/app/tags/list", Some(Target::Tags("p/r/app")));
        check("/v2/p/r/app/manifests/1", Some(Target::Manifest("p/r/app", "1")));
        check("/v2/a/manifests/x/manifests/sha256:ab", Some(Target::Manifest("a/manifests/x", "sha256:ab")));
        check("/v2/p/app/blobs/sha256:ab", Some(Target::Blob("p/app", "sha256:ab")));
        check("/v2/p/app/blobs/uploads/", Some(Target::Uploads("p/app")));
        check("/v2/p/app/blobs/uploads", Some(Target::Uploads("p/app")));
        check("/v2/p/app/blobs/uploads/1234-ab", Some(Target::Upload("p/app", "1234-ab")));
        check("/v2/p/app/other", None);
        assert!(is_registry_path("/v2/"));
        assert!(is_registry_path("/v2/p/r/app/blobs/uploads/"));
        assert!(!is_registry_path("/v2/entries:list"));
        assert!(!is_registry_path("/v2/projects/p/locations/l/services"));
        assert!(!is_registry_path("/v2/projects/p/locations/l/services/s/manifests/x"));
    }

    #[test]
    fn ranges_within_the_blob() {
        let ok = |r: &str, size: u64| parse_range(r, size).map_err(|e| e.code).unwrap();
        assert_eq!(ok("bytes=0-9", 100), (0, 9));
        assert_eq!(ok("bytes=90-", 100), (90, 99));
        assert_eq!(ok("bytes=-10", 100), (90, 99));
        assert_eq!(ok("bytes=95-200", 100), (95, 99));
        for bad in ["bytes=100-", "bytes=5-1", "items=0-1", "bytes=x-1"] {
            assert_eq!(parse_range(bad, 100).err().map(|e| e.status), Some(StatusCode::RANGE_NOT_SATISFIABLE), "{bad}");
        }
        assert_eq!(range_of(0), "0-0");
        assert_eq!(range_of(10), "0-9");
    }

    #[test]
    fn queries_decode() {
        let q = parse_query("mount=sha256%3Aab&from=p%2Fr&n=2");
        assert_eq!(q["mount"], "sha256:ab");
        assert_eq!(q["from"], "p/r");
        assert_eq!(percent_encode("a b/c"), "a%20b/c");
    }
}
