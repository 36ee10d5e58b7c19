//! End-to-end tests of runlane's own registry and builds: the OCI distribution API
//! at `/v2/` of a real `runlane up`, driven by real clients (Debian's `skopeo` and
//! `buildah`), by raw HTTP where a client cannot be made to misbehave on purpose, and by
//! runlane's own puller.
//!
//! Module index:
//! - skopeo copies an image in and back out, as Docker v2 schema 2 and as OCI, byte for
//!   byte; tags list, catalog and manifest delete; a cross-repository mount
//! - without the API token: 401 with a Basic challenge, and skopeo is refused
//! - a chunked upload, a resumed upload after a dropped connection, a digest mismatch that
//!   leaves nothing visible, a cancelled upload, ranged blob reads (raw HTTP)
//! - buildah pulls from and pushes to the registry
//! - gcloud artifacts repositories create/list/describe and docker images list
//! - an image pushed here deploys by its europe-north1-docker.pkg.dev name and serves
//!   (runc; fails in CI when containers cannot run), also when the API serves TLS
//! - item 4: those builds listed with status, duration, digest, log and revision by the CLI and gcloud
//! - item 2: `deploy --source` builds tests/fixtures/source-app (FROM scratch, static
//!   busybox) with buildah, pushes and serves it; a failed build keeps traffic; no
//!   Dockerfile is a clear error; `builds submit --tag` pushes and prints the digest
//!
//! The tools must be installed: skopeo, buildah (scripts/test.sh installs them).

use runlane_test_support::oci;
use runlane_test_support::tools::{output_text, require};
use runlane_test_support::Runlane;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn host(r: &Runlane) -> String {
    r.api.trim_start_matches("http://").trim_end_matches('/').to_owned()
}

fn skopeo(args: &[&str]) -> std::process::Output {
    let skopeo = require("skopeo", "RUNLANE_SKOPEO", "skopeo (apt-get install skopeo)");
    Command::new(skopeo).args(args).output().expect("run skopeo")
}

fn skopeo_ok(args: &[&str]) -> String {
    let out = skopeo(args);
    assert!(out.status.success(), "skopeo {args:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// One HTTP/1.1 exchange on a fresh connection: (status, headers lower-cased, body).
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).expect("connect to runlane");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    parse_answer(&raw, method == "HEAD")
}

fn parse_answer(raw: &[u8], head_only: bool) -> Answer {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head") + 4;
    let text = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())).collect();
    let mut body = raw[end..].to_vec();
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked && !head_only {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = &rest[nl + 2 + size + 2..];
        }
        body = out;
    }
    Answer { status, headers, body }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[test]
#[ignore = "needs skopeo; scripts/test.sh runs it"]
fn skopeo_copies_both_manifest_schemas_in_and_back_out() {
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let (host, token) = (host(&r), r.token());
    let creds = format!("runlane:{token}");
    let layout = tempfile::tempdir().unwrap();
    let spec = oci::busybox_image("exec httpd -f -p $PORT -h /www");
    oci::write_layout(layout.path(), "t", &spec);
    let source = format!("oci:{}:t", layout.path().display());

    for (format, tag, media_type) in [("v2s2", "v2s2", "application/vnd.docker.distribution.manifest.v2+json"), ("oci", "oci", "application/vnd.oci.image.manifest.v1+json")] {
        let reference = format!("docker://{host}/my-project/my-repo/busybox:{tag}");
        skopeo_ok(&["copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", &creds, "--format", format, &source, &reference]);
        let raw = skopeo_ok(&["inspect", "--raw", "--tls-verify=false", "--creds", &creds, &reference]);
        let manifest: Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(manifest["mediaType"], media_type, "{raw}");
        // The registry answers with the digest of the exact bytes it stored.
        let answer = http(&host, "HEAD", &format!("/v2/my-project/my-repo/busybox/manifests/{tag}"), &[("Authorization", &bearer(&token)), ("Accept", media_type)], b"");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("docker-content-digest"), Some(sha256(raw.as_bytes()).as_str()));
        assert_eq!(answer.header("content-type"), Some(media_type));

        // Back out, to a directory: the layers and config are the ones pushed.
        let back = tempfile::tempdir().unwrap();
        skopeo_ok(&["copy", "--quiet", "--src-tls-verify=false", "--src-creds", &creds, &reference, &format!("dir:{}", back.path().display())]);
        let pulled: Value = serde_json::from_slice(&std::fs::read(back.path().join("manifest.json")).unwrap()).unwrap();
        for layer in pulled["layers"].as_array().unwrap().iter().chain([&pulled["config"]]) {
            let digest = layer["digest"].as_str().unwrap();
            let bytes = std::fs::read(back.path().join(digest.trim_start_matches("sha256:"))).unwrap();
            assert_eq!(sha256(&bytes), digest, "a blob came back changed");
            assert_eq!(layer["size"], bytes.len() as u64);
        }
    }

    // A Docker manifest list and an OCI index over the pushed manifests.
    let auth = bearer(&token);
    let v2s2 = http(&host, "GET", "/v2/my-project/my-repo/busybox/manifests/v2s2", &[("Authorization", &auth)], b"");
    let v2s2_digest = v2s2.header("docker-content-digest").unwrap().to_owned();
    for (tag, media_type, child_type) in [
        ("list", "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json"),
        ("index", "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json"),
    ] {
        let list = serde_json::json!({"schemaVersion": 2, "mediaType": media_type, "manifests": [
            {"mediaType": child_type, "digest": v2s2_digest, "size": v2s2.body.len(), "platform": {"architecture": "amd64", "os": "linux"}}]});
        let put = http(&host, "PUT", &format!("/v2/my-project/my-repo/busybox/manifests/{tag}"), &[("Authorization", &auth), ("Content-Type", media_type)], list.to_string().as_bytes());
        assert_eq!(put.status, 201, "{}", String::from_utf8_lossy(&put.body));
        let got = http(&host, "GET", &format!("/v2/my-project/my-repo/busybox/manifests/{tag}"), &[("Authorization", &auth)], b"");
        assert_eq!((got.header("content-type"), got.body.clone()), (Some(media_type), list.to_string().into_bytes()));
        // skopeo follows the list to the linux/amd64 image.
        let inspected: Value = serde_json::from_str(&skopeo_ok(&["inspect", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/my-project/my-repo/busybox:{tag}")])).unwrap();
        assert_eq!(inspected["Architecture"], "amd64", "{inspected}");
    }
    let orphan = serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(b"none"), "size": 4}]});
    let put = http(&host, "PUT", "/v2/my-project/my-repo/busybox/manifests/orphan", &[("Authorization", &auth), ("Content-Type", "application/vnd.oci.image.index.v1+json")], orphan.to_string().as_bytes());
    assert_eq!((put.status, put.json()["errors"][0]["code"].as_str()), (400, Some("MANIFEST_BLOB_UNKNOWN")));
    for tag in ["list", "index"] {
        http(&host, "DELETE", &format!("/v2/my-project/my-repo/busybox/manifests/{tag}"), &[("Authorization", &auth)], b"");
    }

    // Tags, catalog, paging.
    let tags = skopeo_ok(&["list-tags", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/my-project/my-repo/busybox")]);
    let tags: Value = serde_json::from_str(&tags).unwrap();
    assert_eq!(tags["Tags"], serde_json::json!(["oci", "v2s2"]), "deleting a tag deletes only the tag");
    let page = http(&host, "GET", "/v2/my-project/my-repo/busybox/tags/list?n=1", &[("Authorization", &auth)], b"");
    assert_eq!(page.json()["tags"], serde_json::json!(["oci"]));
    assert_eq!(page.header("link"), Some("</v2/my-project/my-repo/busybox/tags/list?n=1&last=oci>; rel=\"next\""));
    let page = http(&host, "GET", "/v2/my-project/my-repo/busybox/tags/list?n=1&last=oci", &[("Authorization", &auth)], b"");
    assert_eq!(page.json()["tags"], serde_json::json!(["v2s2"]));
    assert_eq!(page.header("link"), None);
    skopeo_ok(&["copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", &creds, "--dest-creds", &creds, &format!("docker://{host}/my-project/my-repo/busybox:oci"), &format!("docker://{host}/my-project/other/busybox:1")]);
    let catalog = http(&host, "GET", "/v2/_catalog", &[("Authorization", &auth)], b"");
    assert_eq!(catalog.json()["repositories"], serde_json::json!(["my-project/my-repo/busybox", "my-project/other/busybox"]));

    // Delete by digest: its tag goes too, the other tag stays.
    skopeo_ok(&["delete", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/my-project/my-repo/busybox:oci")]);
    let tags = http(&host, "GET", "/v2/my-project/my-repo/busybox/tags/list", &[("Authorization", &auth)], b"");
    assert_eq!(tags.json()["tags"], serde_json::json!(["v2s2"]));
    let gone = http(&host, "GET", "/v2/my-project/my-repo/busybox/manifests/oci", &[("Authorization", &auth)], b"");
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["errors"][0]["code"], "MANIFEST_UNKNOWN");
    // The copy in the other repository is untouched.
    skopeo_ok(&["inspect", "--raw", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/my-project/other/busybox:1")]);
}

#[test]
#[ignore = "needs skopeo; scripts/test.sh runs it"]
fn the_registry_refuses_requests_without_the_token() {
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let host = host(&r);
    let answer = http(&host, "GET", "/v2/", &[], b"");
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("www-authenticate"), Some("Basic realm=\"runlane\""));
    assert_eq!(answer.json()["errors"][0]["code"], "UNAUTHORIZED");
    let wrong = http(&host, "GET", "/v2/_catalog", &[("Authorization", "Basic cnVubGFuZTp3cm9uZw==")], b"");
    assert_eq!(wrong.status, 401, "runlane:wrong");
    assert_eq!(http(&host, "GET", "/v2/", &[("Authorization", &bearer(&r.token()))], b"").status, 200);

    let layout = tempfile::tempdir().unwrap();
    oci::write_layout(layout.path(), "t", &oci::busybox_image("true"));
    let source = format!("oci:{}:t", layout.path().display());
    let target = format!("docker://{host}/p/r/denied:1");
    let out = skopeo(&["copy", "--quiet", "--dest-tls-verify=false", &source, &target]);
    assert!(!out.status.success(), "a push without credentials was accepted");
    assert!(String::from_utf8_lossy(&out.stderr).contains("401") || String::from_utf8_lossy(&out.stderr).to_lowercase().contains("unauthorized"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = skopeo(&["copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", "runlane:wrong", &source, &target]);
    assert!(!out.status.success(), "a push with a wrong token was accepted");
    let catalog = http(&host, "GET", "/v2/_catalog", &[("Authorization", &bearer(&r.token()))], b"");
    assert_eq!(catalog.json()["repositories"], serde_json::json!([]), "a refused push left something");
}

#[tokio::test]
async fn chunked_and_resumed_uploads_verify_their_digest_before_anything_is_visible() {
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let host = host(&r);
    let auth = bearer(&r.token());
    let a: &[(&str, &str)] = &[("Authorization", &auth)];
    let blob: Vec<u8> = (0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let digest = sha256(&blob);

    // Chunked: POST, two PATCHes with Content-Range, a PATCH that skips bytes (416), PUT.
    let start = http(&host, "POST", "/v2/p/r/app/blobs/uploads/", a, b"");
    assert_eq!(start.status, 202);
    let location = start.header("location").unwrap().to_owned();
    assert!(start.header("docker-upload-uuid").is_some_and(|u| location.ends_with(u)), "{location}");
    assert_eq!(start.header("range"), Some("0-0"));
    let first = http(&host, "PATCH", &location, &[a[0], ("Content-Type", "application/octet-stream"), ("Content-Range", "0-99999")], &blob[..100_000]);
    assert_eq!((first.status, first.header("range")), (202, Some("0-99999")));
    let skipped = http(&host, "PATCH", &location, &[a[0], ("Content-Range", "150000-199999")], &blob[150_000..200_000]);
    assert_eq!((skipped.status, skipped.header("range")), (416, Some("0-99999")));
    let second = http(&host, "PATCH", &location, &[a[0], ("Content-Range", "100000-199999")], &blob[100_000..200_000]);
    assert_eq!((second.status, second.header("range")), (202, Some("0-199999")));
    assert_eq!(http(&host, "GET", &format!("/v2/p/r/app/blobs/{digest}"), a, b"").status, 404, "visible before it was finished");
    let done = http(&host, "PUT", &format!("{location}?digest={digest}"), a, &blob[200_000..]);
    assert_eq!(done.status, 201, "{}", String::from_utf8_lossy(&done.body));
    assert_eq!(done.header("docker-content-digest"), Some(digest.as_str()));
    let got = http(&host, "GET", &format!("/v2/p/r/app/blobs/{digest}"), a, b"");
    assert_eq!((got.status, sha256(&got.body)), (200, digest.clone()));
    let ranged = http(&host, "GET", &format!("/v2/p/r/app/blobs/{digest}"), &[a[0], ("Range", "bytes=1000-1999")], b"");
    assert_eq!(ranged.status, 206);
    assert_eq!(ranged.body, &blob[1000..2000]);
    assert_eq!(ranged.header("content-range"), Some("bytes 1000-1999/300000"));
    let head = http(&host, "HEAD", &format!("/v2/p/r/app/blobs/{digest}"), a, b"");
    assert_eq!((head.status, head.header("content-length")), (200, Some("300000")));

    // Resumed: the connection drops in the middle of a PATCH; the upload's status says
    // how much arrived, and the client sends the rest from there.
    let start = http(&host, "POST", "/v2/p/r/resumed/blobs/uploads/", a, b"");
    let location = start.header("location").unwrap().to_owned();
    {
        let mut s = TcpStream::connect(&host).unwrap();
        let head = format!("PATCH {location} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n", blob.len());
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(&blob[..123_456]).unwrap();
        s.flush().unwrap();
        // Dropped here, mid-body.
    }
    // The server notices the drop on its own schedule: poll for the bytes to land.
    let status = runlane_test_support::poll_until(std::time::Duration::from_secs(10), || async {
        let st = http(&host, "GET", &location, a, b"");
        (st.status == 204 && st.header("range") == Some("0-123455")).then_some(()).ok_or(format!("{} {:?}", st.status, st.header("range")))
    })
    .await;
    status.unwrap_or_else(|last| panic!("the upload never reported the 123456 bytes that arrived: last {last}"));
    let rest = http(&host, "PATCH", &location, &[a[0], ("Content-Range", &format!("123456-{}", blob.len() - 1))], &blob[123_456..]);
    assert_eq!(rest.status, 202);
    assert_eq!(http(&host, "PUT", &format!("{location}?digest={digest}"), a, b"").status, 201);
    assert_eq!(sha256(&http(&host, "GET", &format!("/v2/p/r/resumed/blobs/{digest}"), a, b"").body), digest);

    // A wrong digest: refused, and nothing is visible under either digest.
    let wrong = sha256(b"something else");
    let mono = http(&host, "POST", &format!("/v2/p/r/bad/blobs/uploads/?digest={wrong}"), a, &blob);
    assert_eq!(mono.status, 400);
    assert_eq!(mono.json()["errors"][0]["code"], "DIGEST_INVALID");
    assert_eq!(http(&host, "HEAD", &format!("/v2/p/r/bad/blobs/{wrong}"), a, b"").status, 404);
    assert_eq!(http(&host, "HEAD", &format!("/v2/p/r/bad/blobs/{digest}"), a, b"").status, 404);
    // Monolithic with the right digest.
    let mono = http(&host, "POST", &format!("/v2/p/r/mono/blobs/uploads/?digest={}", sha256(b"small")), a, b"small");
    assert_eq!(mono.status, 201);

    // A cross-repository mount links without a byte sent; from a repository without the blob it starts an upload.
    let mount = http(&host, "POST", &format!("/v2/p/r/mounted/blobs/uploads/?mount={digest}&from=p/r/app"), a, b"");
    assert_eq!((mount.status, mount.header("location")), (201, Some(format!("/v2/p/r/mounted/blobs/{digest}").as_str())));
    let no_mount = http(&host, "POST", &format!("/v2/p/r/mounted2/blobs/uploads/?mount={digest}&from=p/r/none"), a, b"");
    assert_eq!(no_mount.status, 202);
    // Cancelled: the upload is gone.
    let cancel_at = no_mount.header("location").unwrap().to_owned();
    assert_eq!(http(&host, "DELETE", &cancel_at, a, b"").status, 204);
    let gone = http(&host, "GET", &cancel_at, a, b"");
    assert_eq!((gone.status, gone.json()["errors"][0]["code"].as_str()), (404, Some("BLOB_UPLOAD_UNKNOWN")));

    // A manifest naming a blob the repository lacks is refused.
    let manifest = serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest, "size": blob.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha256(b"missing"), "size": 7}]});
    let put = http(&host, "PUT", "/v2/p/r/app/manifests/1", &[a[0], ("Content-Type", "application/vnd.oci.image.manifest.v1+json")], manifest.to_string().as_bytes());
    assert_eq!((put.status, put.json()["errors"][0]["code"].as_str()), (400, Some("MANIFEST_BLOB_UNKNOWN")));

    // After a restart, uploads in progress are gone and finished blobs stay.
    let open = http(&host, "POST", "/v2/p/r/app/blobs/uploads/", a, b"");
    let open_at = open.header("location").unwrap().to_owned();
    http(&host, "PATCH", &open_at, a, b"partial");
    let data_dir = r.data_dir.clone();
    let mut r = r;
    r.stop();
    assert!(std::fs::read_dir(data_dir.join("images/registry/uploads")).unwrap().next().is_some());
    let r2 = Runlane::start_in_with(bin(), &data_dir, 0, &["--runtime", "process"]).unwrap();
    assert_eq!(std::fs::read_dir(data_dir.join("images/registry/uploads")).unwrap().count(), 0, "uploads survived a restart");
    let host2 = self::host(&r2);
    let auth2 = bearer(&r2.token());
    assert_eq!(http(&host2, "GET", &open_at, &[("Authorization", &auth2)], b"").status, 404);
    assert_eq!(sha256(&http(&host2, "GET", &format!("/v2/p/r/app/blobs/{digest}"), &[("Authorization", &auth2)], b"").body), digest);
}

#[test]
#[ignore = "needs buildah, skopeo; scripts/test.sh runs it"]
fn buildah_pulls_from_and_pushes_to_the_registry() {
    let buildah = require("buildah", "RUNLANE_BUILDAH", "buildah (apt-get install buildah)");
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let (host, token) = (host(&r), r.token());
    let creds = format!("runlane:{token}");
    oci::push_with(&oci::busybox_image("true"), &format!("{host}/p/r/base:1"), &["--dest-creds", &creds]);
    let storage = tempfile::tempdir().unwrap();
    let root = storage.path().join("root").display().to_string();
    let runroot = storage.path().join("run").display().to_string();
    let run = |args: &[&str]| {
        let out = Command::new(&buildah).args(["--root", &root, "--runroot", &runroot, "--storage-driver", "vfs"]).args(args).output().expect("run buildah");
        assert!(out.status.success(), "buildah {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["pull", "--quiet", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/p/r/base:1")]);
    run(&["push", "--quiet", "--tls-verify=false", "--creds", &creds, &format!("{host}/p/r/base:1"), &format!("docker://{host}/p/r/pushed-by-buildah:2")]);
    let raw = skopeo_ok(&["inspect", "--tls-verify=false", "--creds", &creds, &format!("docker://{host}/p/r/pushed-by-buildah:2")]);
    let inspected: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(inspected["Architecture"], "amd64", "{raw}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn an_image_pushed_here_deploys_by_its_artifact_registry_name() {
    if !oci::can_run_containers() {
        return;
    }
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let (host, token) = (host(&r), r.token());
    let digest = oci::push_with(&oci::hello_image(bin(), &[]), &format!("{host}/my-project/my-repo/hello:1"), &["--dest-creds", &format!("runlane:{token}")]);
    let name = "europe-north1-docker.pkg.dev/my-project/my-repo/hello:1";
    let out = r.cli(&["deploy", "hello", "--image", name]);
    assert!(out.status.success(), "deploy: {}{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr), r.log());
    let (status, body) = r.get("hello.localhost", "/").await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("Hello from hello-"), "{body}");
    let described: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", "hello", "--format", "json"])).unwrap();
    let revision = described["status"]["latestCreatedRevisionName"].as_str().unwrap().to_owned();
    let revision: Value = serde_json::from_str(&r.cli_ok(&["revisions", "describe", &revision, "--format", "json"])).unwrap();
    assert_eq!(revision["status"]["imageDigest"], format!("europe-north1-docker.pkg.dev/my-project/my-repo/hello@{digest}"), "{revision}");
    // A tag that was never pushed is refused, naming the image.
    let out = r.cli(&["deploy", "hello", "--image", "europe-north1-docker.pkg.dev/my-project/my-repo/hello:nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("hello:nope"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
#[ignore = "needs gcloud, skopeo; scripts/test.sh runs it"]
fn gcloud_creates_lists_and_describes_repositories_and_lists_their_images() {
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let g = runlane_test_support::tools::Gcloud::for_runlane(&r);
    let out = g.ok(&["artifacts", "repositories", "create", "my-repo", "--repository-format=docker", "--location=europe-north1", "--description=the tutorial's"]);
    assert!(out.all().contains("Created repository [my-repo]"), "{}", out.all());
    let again = g.fails(&["artifacts", "repositories", "create", "my-repo", "--repository-format=docker", "--location=europe-north1"]);
    assert!(again.contains("ALREADY_EXISTS") || again.contains("already exists"), "{again}");
    let maven = g.fails(&["artifacts", "repositories", "create", "jars", "--repository-format=maven", "--location=europe-north1"]);
    assert!(maven.contains("repository.format") && maven.contains("--repository-format=docker"), "{maven}");

    let listed = g.json(&["artifacts", "repositories", "list", "--location=europe-north1"]);
    assert_eq!(listed[0]["name"], "projects/default/locations/europe-north1/repositories/my-repo", "{listed}");
    assert_eq!(listed[0]["format"], "DOCKER");
    let everywhere = g.json(&["artifacts", "repositories", "list"]);
    assert_eq!(everywhere.as_array().map(Vec::len), Some(1), "{everywhere}");
    let described = g.ok(&["artifacts", "repositories", "describe", "my-repo", "--location=europe-north1"]).all();
    assert!(described.contains("Registry URL: europe-north1-docker.pkg.dev/default/my-repo"), "{described}");
    assert!(described.contains("description: the tutorial's"), "{described}");
    let missing = g.fails(&["artifacts", "repositories", "describe", "nope", "--location=europe-north1"]);
    assert!(missing.contains("nope"), "{missing}");

    let (host, token) = (host(&r), r.token());
    let digest = oci::push_with(&oci::busybox_image("true"), &format!("{host}/default/my-repo/hello:1"), &["--dest-creds", &format!("runlane:{token}")]);
    let images = g.json(&["artifacts", "docker", "images", "list", "europe-north1-docker.pkg.dev/default/my-repo", "--include-tags"]);
    assert_eq!(images[0]["package"], "europe-north1-docker.pkg.dev/default/my-repo/hello", "{images}");
    assert_eq!(images[0]["version"], digest.as_str(), "{images}");
    assert_eq!(images[0]["tags"], serde_json::json!(["1"]), "{images}");
    let table = g.ok(&["artifacts", "docker", "images", "list", "europe-north1-docker.pkg.dev/default/my-repo"]).all();
    assert!(table.contains("europe-north1-docker.pkg.dev/default/my-repo/hello") && table.contains(&digest), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs buildah, gcloud, runc; scripts/test.sh runs it"]
async fn a_source_deploy_builds_pushes_and_serves_and_a_failed_build_keeps_traffic() {
    require("buildah", "RUNLANE_BUILDAH", "buildah (apt-get install buildah)");
    if !oci::can_run_containers() {
        return;
    }
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let app = oci::source_app();
    let source = app.path().to_str().unwrap();
    let out = r.cli(&["deploy", "web", "--source", source]);
    assert!(out.status.success(), "deploy --source: {}\n{}", output_text(&out), r.log());
    assert!(output_text(&out).contains("STEP"), "the build log was not streamed: {}", output_text(&out));
    let (status, body) = r.get("web.localhost", "/").await.unwrap();
    assert_eq!((status, body.as_str()), (200, "built from source by runlane\n"));
    let described: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", "web", "--format", "json"])).unwrap();
    let serving = described["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();
    let revision: Value = serde_json::from_str(&r.cli_ok(&["revisions", "describe", &serving, "--format", "json"])).unwrap();
    let pinned = revision["status"]["imageDigest"].as_str().unwrap().to_owned();
    assert!(pinned.starts_with("us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web@sha256:"), "{pinned}");

    // A build that fails: the deploy fails with the build's last lines, and nothing changes.
    std::fs::write(app.path().join("Dockerfile"), "FROM scratch\nCOPY no-such-file /x\n").unwrap();
    let out = r.cli(&["deploy", "web", "--source", source]);
    assert!(!out.status.success(), "a failed build deployed: {}", output_text(&out));
    assert!(output_text(&out).contains("the build failed; its last lines") && output_text(&out).contains("no-such-file"), "{}", output_text(&out));
    let after: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", "web", "--format", "json"])).unwrap();
    assert_eq!(after["status"]["latestCreatedRevisionName"], serving.as_str(), "a failed build made a revision");
    assert_eq!(r.get("web.localhost", "/").await.unwrap().0, 200);

    // No Dockerfile: buildpacks are not available offline.
    std::fs::remove_file(app.path().join("Dockerfile")).unwrap();
    let out = r.cli(&["deploy", "web", "--source", source]);
    assert!(!out.status.success());
    assert!(output_text(&out).contains("has no Dockerfile") && output_text(&out).contains("buildpacks"), "{}", output_text(&out));

    // builds submit pushes to an Artifact Registry name and prints the digest.
    let app = oci::source_app();
    let out = r.cli(&["builds", "submit", app.path().to_str().unwrap(), "--tag", "europe-north1-docker.pkg.dev/default/my-repo/web:2"]);
    assert!(out.status.success(), "builds submit: {}", output_text(&out));
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(printed.starts_with("europe-north1-docker.pkg.dev/default/my-repo/web@sha256:"), "{printed}");
    let (host, token) = (host(&r), r.token());
    let tags = http(&host, "GET", "/v2/default/my-repo/web/tags/list", &[("Authorization", &bearer(&token))], b"");
    assert_eq!(tags.json()["tags"], serde_json::json!(["2"]));
    let head = http(&host, "HEAD", "/v2/default/my-repo/web/manifests/2", &[("Authorization", &bearer(&token))], b"");
    assert_eq!(head.header("docker-content-digest"), printed.split_once('@').map(|(_, d)| d));

    // Item 4: the three builds (the no-Dockerfile refusal never started one) are kept,
    // newest first, with status, times, digest, log and the revision deployed from them.
    let builds: Value = serde_json::from_str(&r.cli_ok(&["builds", "list", "--format", "json"])).unwrap();
    let statuses: Vec<&str> = builds.as_array().unwrap().iter().map(|b| b["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["SUCCESS", "FAILURE", "SUCCESS"], "{builds:#}");
    let (submitted, failed, deployed) = (&builds[0], &builds[1], &builds[2]);
    assert_eq!(submitted["results"]["images"][0]["digest"].as_str(), printed.split_once('@').map(|(_, d)| d), "{submitted:#}");
    assert_eq!(deployed["results"]["images"][0]["digest"].as_str(), pinned.split_once('@').map(|(_, d)| d), "{deployed:#}");
    assert_eq!(deployed["substitutions"]["_REVISION_NAME"], serving.as_str(), "{deployed:#}");
    assert!(failed.get("results").is_none() && failed["statusDetail"].as_str().unwrap().contains("no-such-file"), "{failed:#}");
    // Compared as instants: protobuf JSON prints 0, 3, 6 or 9 fraction digits, so
    // "…:49Z" is earlier than "…:49.488Z" though it sorts after it as text.
    let instant = |b: &Value, field: &str| {
        time::OffsetDateTime::parse(b[field].as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap()
    };
    for b in [submitted, failed, deployed] {
        assert!(instant(b, "finishTime") >= instant(b, "startTime"), "{b:#}");
    }
    let (deployed_id, failed_id) = (deployed["id"].as_str().unwrap(), failed["id"].as_str().unwrap());
    let table = r.cli_ok(&["builds", "list"]);
    let row = table.lines().find(|l| l.starts_with(deployed_id)).unwrap_or_else(|| panic!("{table}"));
    let short = &pinned.split_once("sha256:").unwrap().1[..12];
    assert!(row.contains("SUCCESS") && row.contains(short) && row.contains(&serving) && row.split_whitespace().nth(3).unwrap().ends_with('s'), "{table}");
    let described = r.cli_ok(&["builds", "describe", failed_id]);
    assert!(described.contains("Status:   FAILURE") && described.contains("Duration:") && described.contains("no-such-file"), "{described}");
    let log = r.cli_ok(&["builds", "log", deployed_id]);
    assert!(log.contains("STEP") && log.contains("Pushed us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web@sha256:"), "{log}");
    assert!(r.cli_ok(&["builds", "log", failed_id]).contains("no-such-file"));
    let missing = r.cli(&["builds", "describe", "00000000-0000-0000-0000-000000000000"]);
    assert!(!missing.status.success() && output_text(&missing).contains("does not exist"), "{}", output_text(&missing));

    // gcloud reads the same records through Cloud Build v1.
    let g = runlane_test_support::tools::Gcloud::for_runlane(&r);
    let listed = g.json(&["builds", "list"]);
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, builds.as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect::<Vec<_>>(), "{listed:#}");
    let table = g.ok(&["builds", "list"]).all();
    let failed_row = table.lines().find(|l| l.starts_with(failed_id)).unwrap_or_else(|| panic!("{table}"));
    assert!(failed_row.contains("FAILURE"), "{table}");
    let deployed_row = table.lines().find(|l| l.starts_with(deployed_id)).unwrap_or_else(|| panic!("{table}"));
    assert!(deployed_row.contains("SUCCESS") && deployed_row.contains("us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web"), "{table}");
    // gcloud leaves the filter it can rewrite to the server, and does not apply it again.
    let failures = g.json(&["builds", "list", "--filter", "status=FAILURE"]);
    assert_eq!(failures.as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect::<Vec<_>>(), [failed_id], "{failures:#}");
    assert_eq!(g.json(&["builds", "list", "--ongoing"]), serde_json::json!([]));
    let bad_filter = g.fails(&["builds", "list", "--filter", "trigger_id=x"]);
    assert!(bad_filter.contains("filter") && bad_filter.contains("status, build_id"), "{bad_filter}");
    let described = g.ok(&["builds", "describe", deployed_id]).all();
    assert!(described.contains("status: SUCCESS") && described.contains(short) && described.contains(&serving), "{described}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs openssl, runc, skopeo; scripts/test.sh runs it"]
async fn over_tls_skopeo_verifies_runlane_and_a_deploy_pulls_from_it() {
    if !oci::can_run_containers() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = runlane_test_support::tools::make_certificates(certs.path());
    let r = Runlane::start_with(bin(), &["--runtime", "runc", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]).unwrap();
    assert!(r.api.starts_with("https://"), "{}", r.api);
    let host = r.api.trim_start_matches("https://").trim_end_matches('/').to_owned();
    // skopeo checks runlane's certificate against the test CA (a cert dir, as for any registry).
    let cert_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&ca, cert_dir.path().join("ca.crt")).unwrap();
    let creds = format!("runlane:{}", r.token());
    let digest = oci::push_with(
        &oci::hello_image(bin(), &[]),
        &format!("{host}/default/my-repo/hello:1"),
        &["--dest-tls-verify=true", "--dest-cert-dir", cert_dir.path().to_str().unwrap(), "--dest-creds", &creds],
    );
    let out = r.cli_with_ca(&ca, &["deploy", "hello", "--image", "europe-north1-docker.pkg.dev/default/my-repo/hello:1"]);
    assert!(out.status.success(), "deploy over TLS: {}\n{}", output_text(&out), r.log());
    // Ready means runlane pulled the image from itself over https and the app answered.
    assert!(output_text(&out).contains("has been deployed and is serving 100 percent of traffic"), "{}", output_text(&out));
    let revisions = Command::new(bin())
        .args(["revisions", "list", "--format", "json"])
        .env("RUNLANE_API", &r.api)
        .env("RUNLANE_TOKEN_FILE", r.token_file())
        .env("RUNLANE_CA_CERT", &ca)
        .output()
        .unwrap();
    let revisions: Value = serde_json::from_slice(&revisions.stdout).unwrap();
    assert_eq!(revisions[0]["status"]["imageDigest"], format!("europe-north1-docker.pkg.dev/default/my-repo/hello@{digest}"), "{revisions}");
}
