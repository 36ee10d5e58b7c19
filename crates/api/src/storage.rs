//! The part of Cloud Storage's JSON API gcloud calls to stage a build's source
//! (`api_endpoint_overrides/storage`; docs/gcloud-source-deploy-protocol.md): bucket get,
//! list and insert, and object uploads, multipart (what gcloud sends below 5 MiB) and
//! resumable (above). Objects live in the image store's `sources` and are read only by
//! the builds that name them (`cloudbuild`); nothing else is served.
//!
//! - `GET  /storage/v1/b/BUCKET`, `GET /storage/v1/b?project=P&prefix=X`,
//!   `POST /storage/v1/b?project=P` `{"name", "location"?}`
//! - `POST /upload/storage/v1/b/BUCKET/o?uploadType=multipart&name=NAME` (multipart/related:
//!   the object's JSON, then its bytes)
//! - `POST /upload/storage/v1/b/BUCKET/o?uploadType=resumable&name=NAME` → `Location`,
//!   then `PUT` of the bytes there (`Content-Range: bytes A-B/TOTAL`; 308 until the last)
//! - `GET  /storage/v1/b/BUCKET/o/NAME`: the object's metadata

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::{Path, Query, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use futures_util::StreamExt as _;
use runlane_image::sources::{Bucket, Object, PutError, MAX_OBJECT_BYTES};
use runlane_image::ImageStore;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use tokio::io::{AsyncSeekExt as _, AsyncWriteExt as _};

/// A multipart upload (gcloud's choice below 5 MiB) is read whole; this is its bound.
const MAX_MULTIPART_BYTES: usize = 64 * 1024 * 1024;

pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route("/storage/v1/b", get(list_buckets).post(insert_bucket))
        .route("/storage/v1/b/{bucket}", get(get_bucket))
        .route("/storage/v1/b/{bucket}/o/{*object}", get(get_object))
        .route("/upload/storage/v1/b/{bucket}/o", post(upload).put(resume))
}

fn store(request: &Request) -> Result<ImageStore, ApiError> {
    request.extensions().get::<ImageStore>().cloned().ok_or_else(|| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "this runlane keeps no build sources; start it with `runlane up`"))
}

fn unavailable(why: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", format!("the source could not be stored ({why}); free some space and retry"))
}

fn no_bucket(bucket: &str) -> ApiError {
    ApiError::not_found(format!("bucket {bucket:?} does not exist; gcloud creates it when it stages a build's source"))
}

fn bucket_json(b: &Bucket) -> Value {
    json!({
        "kind": "storage#bucket",
        "id": b.name,
        "name": b.name,
        "projectNumber": "0",
        "location": b.location,
        "storageClass": "STANDARD",
        "timeCreated": crate::builds::rfc3339_ms(b.create_unix_ms),
    })
}

fn object_json(o: &Object) -> Value {
    json!({
        "kind": "storage#object",
        "id": format!("{}/{}/{}", o.bucket, o.name, o.generation),
        "bucket": o.bucket,
        "name": o.name,
        "size": o.size.to_string(),
        "generation": o.generation.to_string(),
        "contentType": o.content_type,
        "timeCreated": crate::builds::rfc3339_ms(o.create_unix_ms),
    })
}

/// A bucket name as Cloud Storage spells them: 3 to 63 of a-z, 0-9, `-`, `_`, `.`,
/// starting and ending with a letter or digit.
fn check_bucket_name(name: &str) -> Result<(), ApiError> {
    let ok = (3..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && name.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(ApiError::field("name", format!("{name:?} is not a bucket name: 3 to 63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit")))
    }
}

async fn get_bucket(Path(bucket): Path<String>, request: Request) -> Result<Response, ApiError> {
    let b = store(&request)?.sources().bucket(&bucket).ok_or_else(|| no_bucket(&bucket))?;
    Ok(Json(bucket_json(&b)).into_response())
}

async fn list_buckets(Query(q): Query<HashMap<String, String>>, request: Request) -> Result<Response, ApiError> {
    let project = q.get("project").ok_or_else(|| ApiError::field("project", "is required: the project whose buckets to list"))?;
    let items: Vec<Value> = store(&request)?.sources().buckets(project, q.get("prefix").map_or("", String::as_str)).iter().map(bucket_json).collect();
    Ok(Json(json!({"kind": "storage#buckets", "items": items})).into_response())
}

#[derive(Deserialize)]
struct BucketWire {
    name: String,
    #[serde(default)]
    location: Option<String>,
}

async fn insert_bucket(Query(q): Query<HashMap<String, String>>, request: Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let project = q.get("project").cloned().ok_or_else(|| ApiError::field("project", "is required: the project the bucket belongs to"))?;
    let bytes = axum::body::to_bytes(request.into_body(), crate::MAX_BODY_BYTES).await.map_err(|e| ApiError::field("body", format!("could not be read ({e})")))?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    let wire: BucketWire = serde_path_to_error::deserialize(de).map_err(|e| ApiError::field(e.path().to_string(), e.inner().to_string()))?;
    check_bucket_name(&wire.name)?;
    let bucket = Bucket { name: wire.name, project, location: wire.location.unwrap_or_else(|| "US".to_owned()).to_uppercase(), create_unix_ms: crate::builds::now_ms() };
    let created = tokio::task::spawn_blocking(move || store.sources().create_bucket(bucket)).await.map_err(unavailable)?.map_err(unavailable)?;
    match created {
        Ok(b) => Ok(Json(bucket_json(&b)).into_response()),
        Err(existing) => Err(ApiError::new(StatusCode::CONFLICT, "ALREADY_EXISTS", format!("bucket {:?} already exists (project {})", existing.name, existing.project))),
    }
}

async fn get_object(Path((bucket, object)): Path<(String, String)>, request: Request) -> Result<Response, ApiError> {
    let o = store(&request)?.sources().object(&bucket, &object).ok_or_else(|| ApiError::not_found(format!("object {object:?} does not exist in bucket {bucket:?}")))?;
    Ok(Json(object_json(&o)).into_response())
}

/// The object's name: `name=` in the query, else the JSON metadata's `name`.
fn object_name(q: &HashMap<String, String>, metadata: Option<&Value>) -> Result<String, ApiError> {
    let name = q.get("name").cloned().or_else(|| metadata.and_then(|m| m["name"].as_str()).map(str::to_owned)).unwrap_or_default();
    if name.is_empty() || name.len() > 1024 || name.contains(['\r', '\n']) {
        return Err(ApiError::field("name", format!("{name:?} is not an object name: 1 to 1024 bytes, no line breaks")));
    }
    Ok(name)
}

async fn upload(Path(bucket): Path<String>, Query(q): Query<HashMap<String, String>>, request: Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    if store.sources().bucket(&bucket).is_none() {
        return Err(no_bucket(&bucket));
    }
    match q.get("uploadType").map(String::as_str) {
        Some("multipart") => multipart(store, bucket, q, request).await,
        Some("resumable") => start_resumable(store, bucket, q, request).await,
        other => Err(ApiError::field("uploadType", format!("{other:?} is not served; runlane takes multipart and resumable uploads (what gcloud sends)"))),
    }
}

async fn put(store: ImageStore, bucket: String, name: String, content_type: String, file: std::path::PathBuf) -> Result<Response, ApiError> {
    let (b, n) = (bucket.clone(), name.clone());
    let stored = tokio::task::spawn_blocking(move || store.sources().put(&b, &n, &content_type, &file, crate::builds::now_ms())).await.map_err(unavailable)?;
    match stored {
        Ok(o) => Ok(Json(object_json(&o)).into_response()),
        Err(PutError::NoBucket) => Err(no_bucket(&bucket)),
        Err(PutError::TooBig(why)) => Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "RESOURCE_EXHAUSTED", format!("{name}: {why}"))),
        Err(PutError::Io(e)) => Err(unavailable(e)),
    }
}

/// multipart/related: a JSON part with the object's metadata, then the bytes. gcloud
/// writes the boundary quoted with single quotes and the parts with bare `\n`s.
async fn multipart(store: ImageStore, bucket: String, q: HashMap<String, String>, request: Request) -> Result<Response, ApiError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches(|c| c == '"' || c == '\''))
        .next()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| ApiError::field("Content-Type", format!("{content_type:?} is not multipart/related with a boundary")))?
        .to_owned();
    let body = axum::body::to_bytes(request.into_body(), MAX_MULTIPART_BYTES)
        .await
        .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "RESOURCE_EXHAUSTED", format!("the multipart upload could not be read ({e}); at most {MAX_MULTIPART_BYTES} bytes, send larger sources as a resumable upload")))?;
    let parts = multipart_parts(&body, &boundary).ok_or_else(|| ApiError::field("body", "is not multipart/related: expected the object's JSON, then its bytes, between the boundaries"))?;
    let [(meta_head, meta), (media_head, media)] = parts.as_slice() else {
        return Err(ApiError::field("body", format!("has {} parts; a multipart upload has two, the object's JSON and its bytes", parts.len())));
    };
    let _ = meta_head;
    let metadata: Value = serde_json::from_slice(meta).map_err(|e| ApiError::field("body", format!("the first part is not the object's JSON ({e})")))?;
    let name = object_name(&q, Some(&metadata))?;
    if let Some(size) = metadata["size"].as_str().and_then(|s| s.parse::<usize>().ok()) {
        if size != media.len() {
            return Err(ApiError::field("size", format!("says {size} bytes, and {} arrived", media.len())));
        }
    }
    let media_type = part_header(media_head, "content-type").unwrap_or("application/octet-stream").to_owned();
    let file = store.sources().upload_path(&upload_id());
    tokio::fs::write(&file, media).await.map_err(unavailable)?;
    put(store, bucket, name, media_type, file).await
}

/// The parts of a multipart body as (head, content); None when it is not multipart.
fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<(&'a str, &'a [u8])>> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body.get(find(body, delimiter.as_bytes())? + delimiter.len()..)?;
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n"))?;
        // A part with no header fields starts with its blank line.
        let (head_end, sep) = if rest.starts_with(b"\r\n") {
            (0, 2)
        } else if rest.starts_with(b"\n") {
            (0, 1)
        } else {
            [&b"\r\n\r\n"[..], b"\n\n"].iter().filter_map(|s| find(rest, s).map(|i| (i, s.len()))).min()?
        };
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let content_start = head_end + sep;
        let next = find(&rest[content_start..], delimiter.as_bytes())? + content_start;
        let mut content = &rest[content_start..next];
        content = content.strip_suffix(b"\r\n").or_else(|| content.strip_suffix(b"\n")).unwrap_or(content);
        parts.push((head, content));
        rest = &rest[next + delimiter.len()..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn part_header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().filter_map(|l| l.split_once(':')).find(|(k, _)| k.trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.trim())
}

fn upload_id() -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(crate::builds::now_ms());
    format!("{:016x}{:016x}", h.finish(), std::collections::hash_map::RandomState::new().build_hasher().finish())
}

/// A resumable upload's state, in the file's name's sibling: NAME and content type.
#[derive(serde::Serialize, Deserialize)]
struct Resumable {
    bucket: String,
    name: String,
    content_type: String,
}

async fn start_resumable(store: ImageStore, bucket: String, q: HashMap<String, String>, request: Request) -> Result<Response, ApiError> {
    let content_type = request.headers().get("x-upload-content-type").and_then(|v| v.to_str().ok()).unwrap_or("application/octet-stream").to_owned();
    if let Some(len) = request.headers().get("x-upload-content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()) {
        if len > MAX_OBJECT_BYTES {
            return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "RESOURCE_EXHAUSTED", format!("the source is {len} bytes, and a staged source may be at most {MAX_OBJECT_BYTES}")));
        }
    }
    let bytes = axum::body::to_bytes(request.into_body(), crate::MAX_BODY_BYTES).await.map_err(|e| ApiError::field("body", format!("could not be read ({e})")))?;
    let metadata: Option<Value> = if bytes.is_empty() { None } else { Some(serde_json::from_slice(&bytes).map_err(|e| ApiError::field("body", format!("is not the object's JSON ({e})")))?) };
    let name = object_name(&q, metadata.as_ref())?;
    let id = upload_id();
    let file = store.sources().upload_path(&id);
    tokio::fs::File::create(&file).await.map_err(unavailable)?;
    let state = serde_json::to_vec(&Resumable { bucket: bucket.clone(), name, content_type }).map_err(unavailable)?;
    tokio::fs::write(file.with_extension("json"), state).await.map_err(unavailable)?;
    let mut r = StatusCode::OK.into_response();
    let location = format!("/upload/storage/v1/b/{bucket}/o?uploadType=resumable&upload_id={id}");
    r.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&location).map_err(unavailable)?);
    Ok(r)
}

/// The bytes a request carries, (first, last), when it carries any.
type Span = Option<(u64, u64)>;

/// `bytes A-B/TOTAL`, `bytes */TOTAL` or `bytes A-B/*`: the span and the total.
fn content_range(headers: &HeaderMap) -> Result<(Span, Option<u64>), ApiError> {
    let Some(v) = headers.get(header::CONTENT_RANGE) else { return Ok((None, None)) };
    let bad = || ApiError::field("Content-Range", format!("{v:?} is not bytes A-B/TOTAL"));
    let text = v.to_str().map_err(|_| bad())?.strip_prefix("bytes ").ok_or_else(bad)?;
    let (range, total) = text.split_once('/').ok_or_else(bad)?;
    let total = if total == "*" { None } else { Some(total.parse().map_err(|_| bad())?) };
    let range = if range == "*" {
        None
    } else {
        let (a, b) = range.split_once('-').ok_or_else(bad)?;
        Some((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
    };
    Ok((range, total))
}

async fn resume(Path(_bucket): Path<String>, Query(q): Query<HashMap<String, String>>, request: Request) -> Result<Response, ApiError> {
    let store = store(&request)?;
    let id = q.get("upload_id").filter(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).ok_or_else(|| ApiError::field("upload_id", "names no upload; start one with POST ?uploadType=resumable"))?.clone();
    let file = store.sources().upload_path(&id);
    let state: Resumable = tokio::fs::read(file.with_extension("json"))
        .await
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| ApiError::not_found(format!("upload {id} does not exist (it finished, or runlane restarted); start the upload again")))?;
    let (range, total) = content_range(request.headers())?;
    let have = tokio::fs::metadata(&file).await.map_err(unavailable)?.len();
    if let Some((first, _)) = range {
        if first != have {
            return Err(ApiError::field("Content-Range", format!("starts at {first}, and {have} bytes have arrived; send from byte {have}")));
        }
        let mut out = tokio::fs::OpenOptions::new().write(true).open(&file).await.map_err(unavailable)?;
        out.seek(std::io::SeekFrom::Start(have)).await.map_err(unavailable)?;
        let mut out = tokio::io::BufWriter::with_capacity(1 << 20, out);
        let mut written = have;
        let mut stream = request.into_body().into_data_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| ApiError::field("body", format!("broke off ({e}); ask with Content-Range: bytes */TOTAL how much arrived and send the rest")))?;
            written += chunk.len() as u64;
            if written > MAX_OBJECT_BYTES {
                return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "RESOURCE_EXHAUSTED", format!("a staged source may be at most {MAX_OBJECT_BYTES} bytes")));
            }
            out.write_all(&chunk).await.map_err(unavailable)?;
        }
        out.flush().await.map_err(unavailable)?;
    } else {
        drop(request);
    }
    let have = tokio::fs::metadata(&file).await.map_err(unavailable)?.len();
    if total == Some(have) {
        let _ = tokio::fs::remove_file(file.with_extension("json")).await;
        return put(store, state.bucket, state.name, state.content_type, file).await;
    }
    // 308 Resume Incomplete, with what arrived (none: no Range).
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::PERMANENT_REDIRECT;
    if have > 0 {
        r.headers_mut().insert(header::RANGE, HeaderValue::from_str(&format!("bytes=0-{}", have - 1)).map_err(unavailable)?);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_as_gcloud_writes_it() {
        let body = b"--==b==\nContent-Type: application/json\nMIME-Version: 1.0\n\n{\"size\": \"3\"}\n--==b==\nContent-Type: application/x-tar\nMIME-Version: 1.0\nContent-Transfer-Encoding: binary\n\n\x1f\x8b\n\n--==b==--";
        let parts = multipart_parts(body, "==b==").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].1, b"{\"size\": \"3\"}");
        assert_eq!(parts[1].1, b"\x1f\x8b\n");
        assert_eq!(part_header(parts[1].0, "content-type"), Some("application/x-tar"));
        let crlf = b"--x\r\nContent-Type: application/json\r\n\r\n{}\r\n--x\r\n\r\nab\r\n--x--\r\n";
        assert_eq!(multipart_parts(crlf, "x").unwrap().iter().map(|p| p.1).collect::<Vec<_>>(), [&b"{}"[..], b"ab"]);
        assert!(multipart_parts(b"no boundary here", "x").is_none());
        assert!(check_bucket_name("run-sources-default-us-central1").is_ok());
        assert!(check_bucket_name("default_cloudbuild").is_ok());
        for bad in ["ab", "Upper", "-x-", "a/b"] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
    }
}
