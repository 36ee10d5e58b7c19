//! The image store against a real registry (Debian's `docker-registry`, CNCF
//! distribution) on loopback, with images built here as OCI layouts and pushed with
//! `skopeo`. With `CI` set, missing tools fail the tests instead of skipping them.
//!
//! Module index:
//! - harness: `Registry` (a registry process killed on drop), `Layout` (an OCI layout
//!   written by hand), `push`, `tools_present`;
//! - tests: tag and digest pulls, moved tags, errors (not found, unreachable,
//!   unauthorized), mirrors, basic auth, single-flight, multi-arch index, `load` of
//!   docker and OCI archives, prune and restart.

use runlane_image::{
    normalise_reference, ImageError, ImageStore, PullProgress, RegistryConfig, Resolved,
};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

// === harness ===

/// Whether `docker-registry`, `skopeo` (and `htpasswd`) are installed. Under CI a missing
/// tool is a failure, never a skip.
#[allow(clippy::print_stderr)]
fn tools_present() -> bool {
    let missing: Vec<&str> = ["docker-registry", "skopeo", "htpasswd"]
        .into_iter()
        .filter(|t| {
            Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {t}"))
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {missing:?} is missing: apt-get install docker-registry skopeo apache2-utils");
    }
    eprintln!("skipping: {missing:?} not installed (apt-get install docker-registry skopeo apache2-utils)");
    false
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A registry process on 127.0.0.1, killed when dropped.
struct Registry {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Registry {
    fn start(auth: Option<(&str, &str)>) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let auth_yaml = match auth {
            Some((user, pass)) => {
                let out = Command::new("htpasswd")
                    .args(["-Bbn", user, pass])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "htpasswd failed");
                let path = dir.path().join("htpasswd");
                std::fs::write(&path, out.stdout).unwrap();
                format!(
                    "auth:\n  htpasswd:\n    realm: runlane-test\n    path: {}\n",
                    path.display()
                )
            }
            None => String::new(),
        };
        let config = dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog: {{level: info}}\nstorage:\n  filesystem: {{rootdirectory: {}}}\n  delete: {{enabled: true}}\nhttp:\n  addr: 127.0.0.1:{port}\n{auth_yaml}",
                dir.path().join("data").display()
            ),
        )
        .unwrap();
        let log = dir.path().join("registry.log");
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
            .stderr(Stdio::from(
                std::fs::File::create(dir.path().join("registry.err")).unwrap(),
            ))
            .spawn()
            .expect("start docker-registry");
        let reg = Registry {
            child,
            port,
            _dir: dir,
        };
        // Poll /v2/ (any HTTP answer: 200, or 401 with auth) with a deadline.
        for _ in 0..200 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /v2/ HTTP/1.0\r\nHost: x\r\n\r\n");
                let mut buf = [0u8; 12];
                if s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.") {
                    return reg;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("docker-registry did not come up on port {port}");
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sha(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// An uncompressed layer tar from (path, contents) pairs; a trailing '/' makes a directory.
fn layer(files: &[(&str, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, data) in files {
        let mut h = tar::Header::new_gnu();
        if path.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_mode(0o755);
            h.set_size(0);
            b.append_data(&mut h, path, &[][..]).unwrap();
        } else {
            h.set_entry_type(tar::EntryType::Regular);
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            b.append_data(&mut h, path, data.as_bytes()).unwrap();
        }
    }
    b.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// An OCI image layout written by hand: blobs/sha256, index.json, oci-layout.
struct Layout {
    dir: PathBuf,
    index: Vec<serde_json::Value>,
}

impl Layout {
    fn new(dir: &Path) -> Layout {
        std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
        Layout {
            dir: dir.to_path_buf(),
            index: Vec::new(),
        }
    }

    fn blob(&self, bytes: &[u8]) -> (String, usize) {
        let d = sha(bytes);
        std::fs::write(self.dir.join("blobs/sha256").join(&d[7..]), bytes).unwrap();
        (d, bytes.len())
    }

    /// Writes an image manifest (gzip layers) and returns (digest, size); not yet tagged.
    fn manifest(&self, layers: &[Vec<u8>], entrypoint: &[&str], arch: &str) -> (String, usize) {
        let diff_ids: Vec<String> = layers.iter().map(|l| sha(l)).collect();
        let config = serde_json::to_vec(&json!({
            "architecture": arch, "os": "linux", "created": "2024-05-01T00:00:00Z",
            "config": {"Entrypoint": entrypoint, "Env": ["PORT=8080"], "WorkingDir": "/www", "ExposedPorts": {"8080/tcp": {}}},
            "rootfs": {"type": "layers", "diff_ids": diff_ids}
        }))
        .unwrap();
        let (cd, cs) = self.blob(&config);
        let layer_descs: Vec<serde_json::Value> = layers
            .iter()
            .map(|l| {
                let (d, s) = self.blob(&gzip(l));
                json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": s})
            })
            .collect();
        let manifest = serde_json::to_vec(&json!({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
            "layers": layer_descs
        }))
        .unwrap();
        self.blob(&manifest)
    }

    /// Tags a manifest or index in index.json.
    fn tag(
        &mut self,
        tag: &str,
        (digest, size): (String, usize),
        media_type: &str,
        name: Option<&str>,
    ) {
        let mut annotations = json!({"org.opencontainers.image.ref.name": tag});
        if let Some(n) = name {
            annotations["io.containerd.image.name"] = json!(n);
        }
        self.index.push(json!({"mediaType": media_type, "digest": digest, "size": size, "annotations": annotations}));
        std::fs::write(
            self.dir.join("index.json"),
            serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": self.index})).unwrap(),
        )
        .unwrap();
    }

    /// Writes and tags a one-platform image; returns its manifest digest.
    fn image(&mut self, tag: &str, layers: &[Vec<u8>], entrypoint: &[&str]) -> String {
        let m = self.manifest(layers, entrypoint, "amd64");
        let d = m.0.clone();
        self.tag(tag, m, "application/vnd.oci.image.manifest.v1+json", None);
        d
    }
}

const MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// `skopeo copy` into the registry; returns the digest the registry stored.
fn push(src: &str, dest: &str, extra: &[&str]) -> String {
    let tmp = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new("skopeo")
        .args([
            "--insecure-policy",
            "copy",
            "-q",
            "--dest-tls-verify=false",
            "--digestfile",
        ])
        .arg(tmp.path())
        .args(extra)
        .arg(src)
        .arg(dest)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "skopeo copy {src} {dest}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(tmp.path())
        .unwrap()
        .trim()
        .to_owned()
}

fn no_progress(_: PullProgress) {}

fn open(dir: &Path, config: RegistryConfig) -> ImageStore {
    ImageStore::open(dir, config).unwrap()
}

/// Two layers: files, a whiteout of a lower file, a directory replaced by a file.
fn hello_layers(text: &str) -> Vec<Vec<u8>> {
    vec![
        layer(&[
            ("www/", ""),
            ("www/index.html", text),
            ("www/secret.txt", "secret"),
            ("data/", ""),
            ("data/old", "old"),
        ]),
        layer(&[("www/.wh.secret.txt", ""), ("data", "data is now a file")]),
    ]
}

// === tests ===

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn pull_by_tag_then_by_digest() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let digest = layout.image("1", &hello_layers("hello v1"), &["/bin/httpd", "-f"]);
    let pushed = push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/x:1", reg.host()),
        &[],
    );
    assert_eq!(pushed, digest);

    let store = open(&work.path().join("store"), RegistryConfig::default());
    let reference = format!("{}/demo/x:1", reg.host());
    let resolved = store.resolve(&reference).await.unwrap();
    assert_eq!(
        resolved,
        Resolved {
            reference: reference.clone(),
            digest: digest.clone()
        }
    );

    let seen: Arc<Mutex<Vec<PullProgress>>> = Arc::default();
    let seen2 = seen.clone();
    let image = store
        .pull(&resolved, &move |p| seen2.lock().unwrap().push(p))
        .await
        .unwrap();
    assert_eq!(image.digest, digest);
    let read = |p: &str| std::fs::read_to_string(image.rootfs.join(p)).ok();
    assert_eq!(read("www/index.html").as_deref(), Some("hello v1"));
    assert_eq!(read("www/secret.txt"), None, "whiteout applied");
    assert_eq!(read("data").as_deref(), Some("data is now a file"));
    assert_eq!(image.config.entrypoint, ["/bin/httpd", "-f"]);
    assert_eq!(image.config.env, ["PORT=8080"]);
    assert_eq!(image.config.working_dir.as_deref(), Some("/www"));
    assert_eq!(image.config.exposed_ports, ["8080/tcp"]);
    let seen = seen.lock().unwrap().clone();
    let last = *seen.last().unwrap();
    assert_eq!((last.layers_done, last.layers_total), (2, 2));
    assert_eq!(last.bytes_done, last.bytes_total);
    assert!(
        seen.len() >= 3,
        "a report before the layers and one per layer: {seen:?}"
    );

    // Present now: a second pull returns at once without the registry.
    let before = store.stats();
    store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(store.stats(), before);
    let listed = store.list();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].names, [reference.as_str()]);
    assert_eq!(listed[0].created.as_deref(), Some("2024-05-01T00:00:00Z"));

    // By digest, into a fresh store.
    let store2 = open(&work.path().join("store2"), RegistryConfig::default());
    let by_digest = format!("{}/demo/x@{digest}", reg.host());
    let r2 = store2.resolve(&by_digest).await.unwrap();
    assert_eq!(r2.digest, digest);
    let image2 = store2.pull(&r2, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(image2.rootfs.join("www/index.html")).unwrap(),
        "hello v1"
    );
    assert!(
        store2.list()[0].names.is_empty(),
        "a digest pull adds no name"
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn moved_tag_resolves_to_new_digest_and_old_digest_still_pulls() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let d1 = layout.image("a", &hello_layers("one"), &["/a"]);
    let d2 = layout.image("b", &hello_layers("two"), &["/b"]);
    let dest = format!("docker://{}/demo/x:1", reg.host());
    push(&format!("oci:{}:a", layout.dir.display()), &dest, &[]);

    let store = open(&work.path().join("store"), RegistryConfig::default());
    let reference = format!("{}/demo/x:1", reg.host());
    let r1 = store.resolve(&reference).await.unwrap();
    assert_eq!(r1.digest, d1);
    store.pull(&r1, &no_progress).await.unwrap();

    push(&format!("oci:{}:b", layout.dir.display()), &dest, &[]);
    let r2 = store.resolve(&reference).await.unwrap();
    assert_eq!(r2.digest, d2);
    let i2 = store.pull(&r2, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(i2.rootfs.join("www/index.html")).unwrap(),
        "two"
    );
    // The name moved with the tag.
    let names: BTreeMap<String, Vec<String>> = store
        .list()
        .into_iter()
        .map(|s| (s.digest, s.names))
        .collect();
    assert_eq!(names[&d2], [reference.as_str()]);
    assert!(names[&d1].is_empty());

    // The old digest still pulls (fresh store: nothing cached).
    let fresh = open(&work.path().join("fresh"), RegistryConfig::default());
    let old = fresh
        .resolve(&format!("{}/demo/x@{d1}", reg.host()))
        .await
        .unwrap();
    let i1 = fresh.pull(&old, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(i1.rootfs.join("www/index.html")).unwrap(),
        "one"
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn unknown_tag_and_repository_are_not_found() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    layout.image("1", &hello_layers("x"), &["/x"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/x:1", reg.host()),
        &[],
    );
    let store = open(&work.path().join("store"), RegistryConfig::default());

    let err = store
        .resolve(&format!("{}/demo/x:2", reg.host()))
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImageError::NotFound { .. }), "{msg}");
    assert!(
        msg.starts_with(&format!("image \"{}/demo/x:2\" was not found: http://{} has no tag \"2\" for repository \"demo/x\"", reg.host(), reg.host())),
        "{msg}"
    );
    assert!(
        msg.ends_with(
            "check the repository and tag (runlane images list shows what is stored here)"
        ),
        "{msg}"
    );

    let err = store
        .resolve(&format!("{}/demo/nothing:1", reg.host()))
        .await
        .unwrap_err();
    assert!(matches!(err, ImageError::NotFound { .. }), "{err}");

    let missing = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    let err = store
        .resolve(&format!("{}/demo/x@{missing}", reg.host()))
        .await
        .unwrap_err();
    assert!(matches!(err, ImageError::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn registry_down_is_unreachable_naming_the_endpoints() {
    let port = free_port();
    let mirror_port = free_port();
    let work = tempfile::tempdir().unwrap();
    let config = RegistryConfig {
        mirrors: [(
            format!("127.0.0.1:{port}"),
            vec![format!("http://127.0.0.1:{mirror_port}")],
        )]
        .into(),
        ..RegistryConfig::default()
    };
    let store = open(work.path(), config);
    let err = store
        .resolve(&format!("127.0.0.1:{port}/demo/x:1"))
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImageError::Unreachable { .. }), "{msg}");
    assert!(
        msg.contains(&format!(
            "tried http://127.0.0.1:{mirror_port}, http://127.0.0.1:{port}"
        )),
        "{msg}"
    );
    assert!(msg.contains("check that the registry is running"), "{msg}");

    // pull says the same when the image is not present.
    let resolved = Resolved {
        reference: format!("127.0.0.1:{port}/demo/x:1"),
        digest: "sha256:1111111111111111111111111111111111111111111111111111111111111111".into(),
    };
    let err = store.pull(&resolved, &no_progress).await.unwrap_err();
    assert!(matches!(err, ImageError::Unreachable { .. }), "{err}");
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn mirror_serves_gcr_images() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let digest = layout.image("latest", &hello_layers("from the mirror"), &["/fail"]);
    push(
        &format!("oci:{}:latest", layout.dir.display()),
        &format!("docker://{}/serverless-journey/failing:latest", reg.host()),
        &[],
    );
    let (host, url) =
        RegistryConfig::parse_mirror(&format!("gcr.io=http://{}", reg.host())).unwrap();
    let config = RegistryConfig {
        mirrors: [(host, vec![url])].into(),
        ..RegistryConfig::default()
    };
    let store = open(&work.path().join("store"), config);
    let resolved = store
        .resolve("gcr.io/serverless-journey/failing")
        .await
        .unwrap();
    assert_eq!(
        resolved,
        Resolved {
            reference: "gcr.io/serverless-journey/failing:latest".into(),
            digest: digest.clone()
        }
    );
    let image = store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "from the mirror"
    );
    assert_eq!(
        store.list()[0].names,
        ["gcr.io/serverless-journey/failing:latest"]
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn basic_auth_good_and_bad_credentials() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(Some(("alice", "s3cret")));
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let digest = layout.image("1", &hello_layers("private"), &["/p"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/private/app:1", reg.host()),
        &["--dest-creds", "alice:s3cret"],
    );
    let reference = format!("{}/private/app:1", reg.host());
    let creds = |user: &str, pass: &str| RegistryConfig {
        credentials: [(reg.host(), (user.to_owned(), pass.to_owned()))].into(),
        docker_config: Some(work.path().join("no-docker-config.json")),
        ..RegistryConfig::default()
    };

    let good = open(&work.path().join("good"), creds("alice", "s3cret"));
    let resolved = good.resolve(&reference).await.unwrap();
    assert_eq!(resolved.digest, digest);
    let image = good.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "private"
    );

    let bad = open(&work.path().join("bad"), creds("alice", "wrong"));
    let err = bad.resolve(&reference).await.unwrap_err();
    assert!(matches!(err, ImageError::Unauthorized { .. }), "{err}");
    assert!(
        err.to_string().contains(&format!(
            "the credentials for {} are missing or wrong",
            reg.host()
        )),
        "{err}"
    );
    let err = bad.pull(&resolved, &no_progress).await.unwrap_err();
    assert!(matches!(err, ImageError::Unauthorized { .. }), "{err}");
    assert!(
        !format!("{err:?}").contains("wrong"),
        "the password must not leak into errors"
    );

    let none = RegistryConfig {
        docker_config: Some(work.path().join("absent.json")),
        ..RegistryConfig::default()
    };
    let anonymous = open(&work.path().join("anon"), none);
    let err = anonymous.resolve(&reference).await.unwrap_err();
    assert!(matches!(err, ImageError::Unauthorized { .. }), "{err}");

    // Credentials from a docker config.json.
    let docker_config = work.path().join("config.json");
    std::fs::write(
        &docker_config,
        json!({"auths": {format!("http://{}", reg.host()): {"auth": "YWxpY2U6czNjcmV0"}}})
            .to_string(),
    )
    .unwrap();
    let from_file = open(
        &work.path().join("docker"),
        RegistryConfig {
            docker_config: Some(docker_config),
            ..RegistryConfig::default()
        },
    );
    assert_eq!(from_file.resolve(&reference).await.unwrap().digest, digest);

    // Credentials from a credential helper, as `gcloud auth configure-docker` sets one up:
    // `credHelpers` names it for the host, Docker's protocol (`get`, the server on stdin,
    // JSON on stdout) gives them. A helper that has none, or fails, leaves the registry
    // anonymous, and the pull fails saying the credentials are missing.
    let helpers = work.path().join("helpers");
    std::fs::create_dir_all(&helpers).unwrap();
    let script = |name: &str, body: &str| {
        let path = helpers.join(format!("docker-credential-{name}"));
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    };
    let asked = work.path().join("asked");
    script(
        "runlane-test",
        &format!(
            "[ \"$1\" = get ] || exit 2\nread server\necho \"$server\" >> {}\nprintf '{{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}}' \"$server\"",
            asked.display()
        ),
    );
    script("empty", "echo 'credentials not found in native keychain' >&2\nexit 1");
    let with_helper = |name: &str, dir: &str| {
        let config = work.path().join(format!("{dir}.json"));
        std::fs::write(&config, json!({"credHelpers": {reg.host(): name}}).to_string()).unwrap();
        open(
            &work.path().join(dir),
            RegistryConfig {
                docker_config: Some(config),
                credential_helper_path: Some(helpers.clone().into_os_string()),
                ..RegistryConfig::default()
            },
        )
    };
    let helped = with_helper("runlane-test", "helped");
    assert_eq!(helped.resolve(&reference).await.unwrap().digest, digest);
    let image = helped.pull(&helped.resolve(&reference).await.unwrap(), &no_progress).await.unwrap();
    assert_eq!(std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(), "private");
    assert_eq!(
        std::fs::read_to_string(&asked).unwrap().lines().collect::<Vec<_>>(),
        [reg.host()],
        "the helper is asked once for the registry's host, its answer kept"
    );
    for (helper, dir) in [("empty", "empty"), ("absent", "absent")] {
        let err = with_helper(helper, dir).resolve(&reference).await.unwrap_err();
        assert!(matches!(err, ImageError::Unauthorized { .. }), "{helper}: {err}");
    }
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn concurrent_pulls_of_one_digest_download_once() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let big: String = (0..200_000).map(|i| format!("{i}\n")).collect();
    layout.image(
        "1",
        &[layer(&[("big.txt", &big)]), layer(&[("small", "s")])],
        &["/x"],
    );
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/big:1", reg.host()),
        &[],
    );
    let store = open(&work.path().join("store"), RegistryConfig::default());
    let resolved = store
        .resolve(&format!("{}/demo/big:1", reg.host()))
        .await
        .unwrap();

    let (s1, s2, s3) = (store.clone(), store.clone(), store.clone());
    let (r1, r2, r3) = (resolved.clone(), resolved.clone(), resolved.clone());
    let followers_saw = Arc::new(Mutex::new(0usize));
    let saw = followers_saw.clone();
    let t1 = tokio::spawn(async move { s1.pull(&r1, &no_progress).await });
    let t2 = tokio::spawn(async move { s2.pull(&r2, &move |_| *saw.lock().unwrap() += 1).await });
    let t3 = tokio::spawn(async move { s3.pull(&r3, &no_progress).await });
    let (a, b, c) = (
        t1.await.unwrap().unwrap(),
        t2.await.unwrap().unwrap(),
        t3.await.unwrap().unwrap(),
    );
    assert_eq!(a.rootfs, b.rootfs);
    assert_eq!(b.rootfs, c.rootfs);
    let stats = store.stats();
    assert_eq!(stats.pulls, 1, "{stats:?}");
    assert_eq!(
        stats.blobs_downloaded, 3,
        "config and two layers, once: {stats:?}"
    );
    assert!(
        *followers_saw.lock().unwrap() >= 1,
        "every caller hears progress"
    );
    assert_eq!(
        std::fs::read_to_string(a.rootfs.join("big.txt")).unwrap(),
        big
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn image_index_picks_linux_amd64() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let arm = layout.manifest(&[layer(&[("arch", "arm64")])], &["/arm"], "arm64");
    let amd = layout.manifest(&[layer(&[("arch", "amd64")])], &["/amd"], "amd64");
    let index = serde_json::to_vec(&json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": MANIFEST, "digest": arm.0, "size": arm.1, "platform": {"os": "linux", "architecture": "arm64"}},
            {"mediaType": MANIFEST, "digest": amd.0, "size": amd.1, "platform": {"os": "linux", "architecture": "amd64"}}
        ]
    }))
    .unwrap();
    let index_desc = layout.blob(&index);
    let index_digest = index_desc.0.clone();
    layout.tag(
        "multi",
        index_desc,
        "application/vnd.oci.image.index.v1+json",
        None,
    );
    let pushed = push(
        &format!("oci:{}:multi", layout.dir.display()),
        &format!("docker://{}/demo/multi:1", reg.host()),
        &["--all"],
    );
    assert_eq!(pushed, index_digest);

    let store = open(&work.path().join("store"), RegistryConfig::default());
    let resolved = store
        .resolve(&format!("{}/demo/multi:1", reg.host()))
        .await
        .unwrap();
    assert_eq!(
        resolved.digest, index_digest,
        "the reference names the index"
    );
    let image = store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(image.digest, index_digest);
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("arch")).unwrap(),
        "amd64"
    );
    assert_eq!(image.config.entrypoint, ["/amd"]);
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn load_docker_archive_and_oci_archive_then_resolve_without_registry() {
    if !tools_present() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    layout.image("1", &hello_layers("loaded"), &["/loaded"]);
    let archive = work.path().join("x.docker.tar");
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker-archive:{}:demo/x:1", archive.display()),
        &[],
    );

    let store = open(&work.path().join("store"), RegistryConfig::default());
    let loaded = store.load(&archive).unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].names, ["docker.io/demo/x:1"]);
    let resolved = store.resolve("demo/x:1").await.unwrap();
    assert_eq!(resolved.digest, loaded[0].digest);
    let image = store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "loaded"
    );
    assert!(!image.rootfs.join("www/secret.txt").exists());
    assert_eq!(image.config.entrypoint, ["/loaded"]);
    assert_eq!(store.stats().pulls, 0, "no registry involved");

    // An OCI archive: the layout, tarred, with a containerd image name.
    let mut oci = Layout::new(&work.path().join("oci2"));
    let m = oci.manifest(&hello_layers("oci archive"), &["/oci"], "amd64");
    let digest = m.0.clone();
    oci.tag("2", m, MANIFEST, Some("127.0.0.1:5999/demo/oci:2"));
    let oci_tar = work.path().join("x.oci.tar");
    let mut b = tar::Builder::new(std::fs::File::create(&oci_tar).unwrap());
    b.append_dir_all(".", &oci.dir).unwrap();
    b.finish().unwrap();
    drop(b);
    let loaded = store.load(&oci_tar).unwrap();
    assert_eq!(loaded[0].digest, digest);
    assert_eq!(loaded[0].names, ["127.0.0.1:5999/demo/oci:2"]);
    // Resolves by name although nothing listens on 127.0.0.1:5999.
    assert_eq!(
        store
            .resolve("127.0.0.1:5999/demo/oci:2")
            .await
            .unwrap()
            .digest,
        digest
    );

    // A file that is neither.
    let junk = work.path().join("junk.tar");
    let mut b = tar::Builder::new(std::fs::File::create(&junk).unwrap());
    let mut h = tar::Header::new_gnu();
    h.set_size(2);
    b.append_data(&mut h, "hello.txt", &b"hi"[..]).unwrap();
    b.finish().unwrap();
    drop(b);
    let err = store.load(&junk).unwrap_err();
    assert!(matches!(err, ImageError::BadArchive { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("neither manifest.json (docker save) nor index.json (OCI archive)"),
        "{err}"
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn prune_keeps_kept_digests_and_survives_restart() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let d1 = layout.image("a", &hello_layers("one"), &["/a"]);
    let d2 = layout.image("b", &[layer(&[("only-b", "b")])], &["/b"]);
    let d3 = layout.image("c", &[layer(&[("only-c", "c")])], &["/c"]);
    for (tag, repo) in [("a", "one"), ("b", "two"), ("c", "three")] {
        push(
            &format!("oci:{}:{tag}", layout.dir.display()),
            &format!("docker://{}/demo/{repo}:1", reg.host()),
            &[],
        );
    }
    let dir = work.path().join("store");
    let store = open(&dir, RegistryConfig::default());
    for repo in ["one", "two", "three"] {
        let r = store
            .resolve(&format!("{}/demo/{repo}:1", reg.host()))
            .await
            .unwrap();
        store.pull(&r, &no_progress).await.unwrap();
    }
    let blobs_before = std::fs::read_dir(dir.join("blobs/sha256")).unwrap().count();

    // A budget everything fits in deletes nothing.
    assert!(store.prune(&BTreeSet::new(), u64::MAX).unwrap().is_empty());
    // Budget 0: every unkept image goes.
    let keep: BTreeSet<String> = [d1.clone()].into();
    let deleted: BTreeSet<String> = store
        .prune(&keep, 0)
        .unwrap()
        .into_iter()
        .map(|s| s.digest)
        .collect();
    assert_eq!(deleted, [d2.clone(), d3.clone()].into());
    assert!(store.get(&d1).is_some());
    assert!(store.get(&d2).is_none());
    assert!(!dir.join("rootfs").join(&d2[7..]).exists());
    let blobs_after = std::fs::read_dir(dir.join("blobs/sha256")).unwrap().count();
    assert_eq!(
        blobs_after,
        blobs_before - 6,
        "manifest, config and layer of two images"
    );

    // Restart, with leftovers of a crash: a temp file and a rootfs without metadata.
    drop(store);
    std::fs::write(dir.join("tmp/blob-123-0"), "partial").unwrap();
    std::fs::create_dir_all(dir.join("rootfs").join(&d3[7..]).join("etc")).unwrap();
    let store = open(&dir, RegistryConfig::default());
    assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0);
    assert!(!dir.join("rootfs").join(&d3[7..]).exists());
    let list = store.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].digest, d1);
    assert_eq!(list[0].names, [format!("{}/demo/one:1", reg.host())]);
    let image = store.get(&d1).unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "one"
    );

    // A budget smaller than the store deletes the least recently used unkept image first.
    let r = store
        .resolve(&format!("{}/demo/two:1", reg.host()))
        .await
        .unwrap();
    store.pull(&r, &no_progress).await.unwrap();
    let deleted = store.prune(&BTreeSet::new(), 1).unwrap();
    let deleted: BTreeSet<String> = deleted.into_iter().map(|s| s.digest).collect();
    assert_eq!(
        deleted,
        [d1, d2].into(),
        "a 1-byte budget leaves no unkept image"
    );
}

/// No registry and no tools: an OCI archive is loaded, survives a restart with crash
/// leftovers around it, and is pruned with its blobs.
#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn load_restart_prune_without_tools() {
    assert_eq!(
        normalise_reference("busybox").unwrap(),
        "docker.io/library/busybox:latest"
    );
    assert!(matches!(
        normalise_reference("Bad Ref"),
        Err(ImageError::InvalidReference { .. })
    ));
    let work = tempfile::tempdir().unwrap();
    let mut oci = Layout::new(&work.path().join("oci"));
    let a = oci.manifest(&hello_layers("a"), &["/a"], "amd64");
    let b = oci.manifest(&[layer(&[("b", "b")])], &["/b"], "amd64");
    let (da, db) = (a.0.clone(), b.0.clone());
    oci.tag("a", a, MANIFEST, Some("demo/a:1"));
    oci.tag("b", b, MANIFEST, Some("demo/b"));
    let tarball = work.path().join("images.tar.gz");
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        std::fs::File::create(&tarball).unwrap(),
        flate2::Compression::fast(),
    ));
    builder.append_dir_all("", &oci.dir).unwrap();
    builder.into_inner().unwrap().finish().unwrap();

    let dir = work.path().join("store");
    let store = open(&dir, RegistryConfig::default());
    let loaded = store.load(&tarball).unwrap();
    let names: Vec<(String, Vec<String>)> =
        loaded.into_iter().map(|s| (s.digest, s.names)).collect();
    assert_eq!(
        names,
        [
            (da.clone(), vec!["docker.io/demo/a:1".to_string()]),
            (db.clone(), vec!["docker.io/demo/b:latest".to_string()])
        ]
    );
    assert_eq!(
        store.resolve("docker.io/demo/a:1").await.unwrap().digest,
        da
    );
    assert_eq!(store.resolve("demo/b").await.unwrap().digest, db);

    // kill -9 in the middle of a pull leaves temp files and maybe a rootfs without metadata.
    drop(store);
    std::fs::create_dir_all(dir.join("tmp/unpack-1-0/etc")).unwrap();
    std::fs::create_dir_all(dir.join("rootfs/abcd/etc")).unwrap();
    std::fs::write(
        dir.join(format!("rootfs/{}.json", "ef".repeat(32))),
        "{\"truncated\": ",
    )
    .unwrap();
    let store = open(&dir, RegistryConfig::default());
    assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0);
    let mut left: Vec<String> = std::fs::read_dir(dir.join("rootfs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut want = vec![
        da[7..].to_string(),
        format!("{}.json", &da[7..]),
        db[7..].to_string(),
        format!("{}.json", &db[7..]),
    ];
    want.sort();
    assert_eq!(left, want);
    let image = store.get(&da).unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "a"
    );
    assert_eq!(
        store.resolve("demo/a:1").await.unwrap().digest,
        da,
        "names survive a restart"
    );

    let deleted = store.prune(&[db.clone()].into(), 0).unwrap();
    assert_eq!(
        deleted
            .iter()
            .map(|s| s.digest.as_str())
            .collect::<Vec<_>>(),
        [da.as_str()]
    );
    assert!(store.get(&da).is_none());
    assert!(!dir.join("blobs/sha256").join(&da[7..]).exists());
    assert!(dir.join("blobs/sha256").join(&db[7..]).exists());
    let gone = Resolved {
        reference: "127.0.0.1:1/demo/a:1".into(),
        digest: da.clone(),
    };
    let err = store.pull(&gone, &no_progress).await.unwrap_err();
    assert!(
        matches!(err, ImageError::Unreachable { .. }),
        "a pruned image is gone: {err}"
    );
}

/// A cancelled leader must not strand the callers waiting on its pull: one of them
/// takes over and finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn cancelled_leader_hands_the_pull_to_a_follower() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    layout.image("1", &hello_layers("survivor"), &["/x"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/cancel:1", reg.host()),
        &[],
    );
    let store = open(&work.path().join("store"), RegistryConfig::default());
    let resolved = store
        .resolve(&format!("{}/demo/cancel:1", reg.host()))
        .await
        .unwrap();

    // The leader blocks in its first progress report until told to go on.
    let (started_tx, mut started_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let go_rx = Mutex::new(go_rx);
    let (s1, r1) = (store.clone(), resolved.clone());
    let leader = tokio::spawn(async move {
        let report = move |_: PullProgress| {
            let _ = started_tx.send(());
            let _ = go_rx.lock().unwrap().recv();
        };
        s1.pull(&r1, &report).await
    });
    started_rx.recv().await.unwrap();

    // A follower joins (it hears the leader's progress once subscribed).
    let (joined_tx, mut joined_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let (s2, r2) = (store.clone(), resolved.clone());
    let follower = tokio::spawn(async move {
        let report = move |_: PullProgress| {
            let _ = joined_tx.send(());
        };
        s2.pull(&r2, &report).await
    });
    joined_rx.recv().await.unwrap();

    leader.abort();
    drop(go_tx); // unblocks the leader, which is then cancelled at its next await
    assert!(leader.await.unwrap_err().is_cancelled());
    let image = follower.await.unwrap().unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "survivor"
    );
    assert_eq!(
        store.stats().pulls,
        2,
        "the follower pulled again as the new leader"
    );
}

#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn zstd_layers_pull() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    layout.image("1", &hello_layers("zstd"), &["/z"]);
    let digest = push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/zstd:1", reg.host()),
        &["--dest-compress-format", "zstd"],
    );
    let store = open(&work.path().join("store"), RegistryConfig::default());
    let resolved = store
        .resolve(&format!("{}/demo/zstd:1", reg.host()))
        .await
        .unwrap();
    assert_eq!(resolved.digest, digest);
    let image = store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("www/index.html")).unwrap(),
        "zstd"
    );
    assert_eq!(
        std::fs::read_to_string(image.rootfs.join("data")).unwrap(),
        "data is now a file"
    );
    // The layers really were zstd.
    let blobs = work.path().join("store/blobs/sha256");
    let zstd_blobs = std::fs::read_dir(&blobs)
        .unwrap()
        .filter(|e| {
            std::fs::read(e.as_ref().unwrap().path())
                .unwrap()
                .starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        })
        .count();
    assert_eq!(zstd_blobs, 2);
}

/// Pull throughput against `skopeo copy docker://… oci:…` (a 64 MiB random layer on top
/// of the hello layers), alternating rounds, medians of 5. Run with
/// `cargo test -p runlane-image --release --test registry -- --ignored --nocapture pull_throughput`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a timing, not a test"]
#[allow(clippy::print_stderr)]
async fn pull_throughput_vs_skopeo() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let mut random = vec![0u8; 64 << 20];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for c in random.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c.copy_from_slice(&x.to_le_bytes()[..c.len()]);
    }
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(random.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "filler.bin", &random[..]).unwrap();
    let filler = b.into_inner().unwrap();
    let mut layers = hello_layers("hello");
    layers.push(filler);
    layout.image("1", &layers, &["/x"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/bench/x:1", reg.host()),
        &[],
    );
    let reference = format!("{}/bench/x:1", reg.host());
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..5 {
        let store = open(
            &work.path().join(format!("store{round}")),
            RegistryConfig::default(),
        );
        let t = tokio::time::Instant::now();
        let resolved = store.resolve(&reference).await.unwrap();
        store.pull(&resolved, &no_progress).await.unwrap();
        ours.push(t.elapsed());
        let dest = work.path().join(format!("skopeo{round}"));
        let t = tokio::time::Instant::now();
        let out = Command::new("skopeo")
            .args(["--insecure-policy", "copy", "-q", "--src-tls-verify=false"])
            .arg(format!("docker://{reference}"))
            .arg(format!("oci:{}:x", dest.display()))
            .output()
            .unwrap();
        assert!(out.status.success());
        theirs.push(t.elapsed());
    }
    ours.sort();
    theirs.sort();
    eprintln!(
        "runlane pull {:?} (all {ours:?}), skopeo copy {:?} (all {theirs:?}), throughput ratio {:.2}",
        ours[2],
        theirs[2],
        theirs[2].as_secs_f64() / ours[2].as_secs_f64()
    );
}

/// A registry serving a layer whose bytes do not match its digest (tampered in its
/// storage after the push): the streamed unpack is thrown away with the blob.
#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn corrupted_layer_fails_and_leaves_no_image_or_rootfs() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let mut layers = hello_layers("hello");
    let big: Vec<(String, String)> = (0..64)
        .map(|i: u32| {
            let text: String = (0..4096u32)
                .map(|j| format!("{:08x}", (i * 4096 + j).wrapping_mul(2_654_435_761)))
                .collect();
            (format!("big/{i}.txt"), text)
        })
        .collect();
    let big: Vec<(&str, &str)> = big.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    layers.push(layer(&big));
    let bad = sha(&gzip(&layers[2]));
    layout.image("1", &layers, &["/x"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/bad:1", reg.host()),
        &[],
    );
    let data = reg._dir.path().join(format!(
        "data/docker/registry/v2/blobs/sha256/{}/{}/data",
        &bad[7..9],
        &bad[7..]
    ));
    let mut bytes = std::fs::read(&data).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&data, &bytes).unwrap();

    let dir = work.path().join("store");
    let store = open(&dir, RegistryConfig::default());
    let resolved = store
        .resolve(&format!("{}/demo/bad:1", reg.host()))
        .await
        .unwrap();
    let err = store.pull(&resolved, &no_progress).await.unwrap_err();
    assert!(
        matches!(&err, ImageError::DigestMismatch { digest, .. } if *digest == bad),
        "{err}"
    );
    assert!(store.list().is_empty());
    assert!(store.get(&resolved.digest).is_none());
    let names = |sub: &str| -> Vec<String> {
        std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names("rootfs"), Vec::<String>::new(), "no rootfs");
    assert_eq!(
        names("tmp"),
        Vec::<String>::new(),
        "no partly unpacked rootfs"
    );
    assert!(
        !names("blobs/sha256").contains(&bad[7..].to_owned()),
        "bad blob not stored"
    );
}

/// A gzip bomb: 32 MiB of zeros is a few tens of KiB on the wire. With the store's
/// limit at 8 MiB the pull fails naming the budget, and nothing of it stays on disk.
#[tokio::test]
#[ignore = "needs docker-registry, htpasswd, skopeo; scripts/test.sh runs it"]
async fn an_image_unpacking_past_the_store_budget_is_refused() {
    if !tools_present() {
        return;
    }
    let reg = Registry::start(None);
    let work = tempfile::tempdir().unwrap();
    let mut layout = Layout::new(&work.path().join("oci"));
    let zeros = "\0".repeat(32 << 20);
    let mut layers = hello_layers("bomb");
    layers.push(layer(&[("zeros", zeros.as_str())]));
    layout.image("1", &layers, &["/x"]);
    push(
        &format!("oci:{}:1", layout.dir.display()),
        &format!("docker://{}/demo/bomb:1", reg.host()),
        &[],
    );
    let dir = work.path().join("store");
    let store = open(&dir, RegistryConfig::default());
    store.set_max_image_bytes(8 << 20);
    let resolved = store
        .resolve(&format!("{}/demo/bomb:1", reg.host()))
        .await
        .unwrap();
    let err = store.pull(&resolved, &no_progress).await.unwrap_err();
    assert!(
        matches!(&err, ImageError::TooLarge { limit, .. } if *limit == 8 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("--image-store-budget"), "{err}");
    assert!(store.list().is_empty());
    for sub in ["rootfs", "tmp"] {
        let left: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().collect();
        assert!(left.is_empty(), "{sub} keeps {} entries", left.len());
    }
    // Under a limit it fits, the same image pulls.
    store.set_max_image_bytes(64 << 20);
    let image = store.pull(&resolved, &no_progress).await.unwrap();
    assert_eq!(
        std::fs::metadata(image.rootfs.join("zeros")).unwrap().len(),
        32 << 20
    );
}
