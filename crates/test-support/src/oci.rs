//! Container images for end-to-end tests, built offline with no base image (nothing can
//! be pulled from the internet here), and a real registry to push them to: Debian's
//! `docker-registry` (CNCF distribution) on loopback, with `skopeo` to copy images in.
//! A test that needs either fails, saying what to install, when it is missing.

use crate::tools::require;
use sha2::{Digest as _, Sha256};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Whether this machine can run containers (root, runc, static tini); in CI it must, and
/// a test calling this fails there, saying what to install, when it cannot. Outside CI the
/// test prints why and returns.
#[allow(clippy::print_stderr)]
pub fn can_run_containers() -> bool {
    let on_path = |program: &str| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).any(|d| d.join(program).is_file());
    let missing: Vec<&str> = [
        ("root", nix::unistd::Uid::effective().is_root()),
        ("runc", on_path("runc") || Path::new("/usr/sbin/runc").exists()),
        ("tini-static", Path::new("/usr/bin/tini-static").exists()),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(what, _)| what)
    .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!("container tests need {missing:?}: run as root with `apt-get install runc tini` (scripts/test.sh does)");
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped outside CI: {why}");
    false
}

/// One entry of a layer.
#[derive(Clone, Debug)]
pub enum Entry {
    Dir { path: String, mode: u32 },
    File { path: String, bytes: Vec<u8>, mode: u32 },
    Symlink { path: String, target: String },
}

/// An image to build: layers bottom first, and the config's process fields.
#[derive(Clone, Debug, Default)]
pub struct ImageSpec {
    pub layers: Vec<Vec<Entry>>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
}

/// A file read from the host into a layer.
pub fn host_file(path_in_image: &str, host_path: &Path, mode: u32) -> Entry {
    let bytes = std::fs::read(host_path).unwrap_or_else(|e| panic!("read {}: {e}", host_path.display()));
    Entry::File { path: path_in_image.to_owned(), bytes, mode }
}

/// The directories leading to `path` (`a`, `a/b` for `a/b/c`), as entries.
fn parents(path: &str) -> Vec<Entry> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    (1..parts.len()).map(|n| Entry::Dir { path: parts[..n].join("/"), mode: 0o755 }).collect()
}

/// The sample app (`runlane hello`) as an image: the runlane binary, stripped, with the
/// shared libraries it links, `ENTRYPOINT ["/usr/local/bin/runlane", "hello"]`, and `env`
/// (e.g. `FAIL_PERCENT=100` to bake in the tutorial's failing version).
pub fn hello_image(runlane_bin: &Path, env: &[&str]) -> ImageSpec {
    let stripped = tempfile::NamedTempFile::new().expect("temp file");
    let strip = Command::new("strip").arg("-o").arg(stripped.path()).arg(runlane_bin).status();
    let binary = match strip {
        Ok(s) if s.success() => stripped.path().to_path_buf(),
        _ => runlane_bin.to_path_buf(),
    };
    let mut entries = vec![
        Entry::Dir { path: "usr".into(), mode: 0o755 },
        Entry::Dir { path: "usr/local".into(), mode: 0o755 },
        Entry::Dir { path: "usr/local/bin".into(), mode: 0o755 },
        Entry::Dir { path: "tmp".into(), mode: 0o1777 },
        host_file("usr/local/bin/runlane", &binary, 0o755),
    ];
    let ldd = Command::new("ldd").arg(runlane_bin).output().expect("ldd (libc-bin) lists the runlane binary's libraries");
    let mut dirs = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&ldd.stdout).lines() {
        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
        let path = match line.split_once("=>") {
            Some((_, rest)) => rest.split_whitespace().next(),
            None => line.split_whitespace().next().filter(|p| p.starts_with('/')),
        };
        let Some(path) = path.filter(|p| p.starts_with('/')) else { continue };
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
        let in_image = path.trim_start_matches('/').to_owned();
        for dir in parents(&in_image) {
            if let Entry::Dir { path, .. } = &dir {
                if dirs.insert(path.clone()) {
                    entries.push(dir);
                }
            }
        }
        entries.push(host_file(&in_image, &real, 0o755));
    }
    let mut all_env = vec!["PATH=/usr/local/bin:/usr/bin:/bin".to_owned()];
    all_env.extend(env.iter().map(|e| (*e).to_owned()));
    ImageSpec {
        layers: vec![entries],
        entrypoint: vec!["/usr/local/bin/runlane".into(), "hello".into()],
        env: all_env,
        ..ImageSpec::default()
    }
}

/// busybox (Debian's busybox-static) as an image with `sh` and friends linked to it,
/// running `cmd` under `sh -c`.
pub fn busybox_image(cmd: &str) -> ImageSpec {
    let busybox = ["/bin/busybox", "/usr/bin/busybox"].into_iter().map(PathBuf::from).find(|p| p.is_file());
    let busybox = busybox.unwrap_or_else(|| panic!("busybox is not installed and this test builds an image with it; apt-get install busybox-static"));
    let mut entries = vec![
        Entry::Dir { path: "bin".into(), mode: 0o755 },
        Entry::Dir { path: "tmp".into(), mode: 0o1777 },
        Entry::Dir { path: "www".into(), mode: 0o755 },
        host_file("bin/busybox", &busybox, 0o755),
    ];
    for applet in ["sh", "httpd", "cat", "echo", "sleep", "head", "tr", "dd", "wget", "nc", "ls", "id", "yes"] {
        entries.push(Entry::Symlink { path: format!("bin/{applet}"), target: "busybox".into() });
    }
    ImageSpec {
        layers: vec![entries],
        entrypoint: vec!["/bin/sh".into(), "-c".into()],
        cmd: vec![cmd.to_owned()],
        env: vec!["PATH=/bin".into()],
        ..ImageSpec::default()
    }
}

/// A layer of `size` random-looking bytes in one file (for pull throughput).
pub fn filler_layer(path: &str, size: usize) -> Vec<Entry> {
    let mut bytes = vec![0u8; size];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for chunk in bytes.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let b = x.to_le_bytes();
        chunk.copy_from_slice(&b[..chunk.len()]);
    }
    vec![Entry::File { path: path.to_owned(), bytes, mode: 0o644 }]
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn tar_of(entries: &[Entry]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(0);
        match entry {
            Entry::Dir { path, mode } => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(*mode);
                header.set_size(0);
                builder.append_data(&mut header, format!("{path}/"), std::io::empty()).expect("tar dir");
            }
            Entry::File { path, bytes, mode } => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(*mode);
                header.set_size(bytes.len() as u64);
                builder.append_data(&mut header, path, bytes.as_slice()).expect("tar file");
            }
            Entry::Symlink { path, target } => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_mode(0o777);
                header.set_size(0);
                builder.append_link(&mut header, path, target).expect("tar symlink");
            }
        }
    }
    builder.into_inner().expect("tar")
}

/// Writes `spec` as an OCI image layout in `dir` under `tag` (gzip layers) and returns
/// the manifest's digest (`sha256:…`).
pub fn write_layout(dir: &Path, tag: &str, spec: &ImageSpec) -> String {
    let blobs = dir.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).expect("layout dir");
    let put = |bytes: &[u8]| -> (String, usize) {
        let hex = sha256_hex(bytes);
        std::fs::write(blobs.join(&hex), bytes).expect("write blob");
        (format!("sha256:{hex}"), bytes.len())
    };
    let mut layers = Vec::new();
    let mut diff_ids = Vec::new();
    for entries in &spec.layers {
        let tar = tar_of(entries);
        diff_ids.push(format!("sha256:{}", sha256_hex(&tar)));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).expect("gzip");
        let (digest, size) = put(&gz.finish().expect("gzip"));
        layers.push(serde_json::json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size}));
    }
    let mut process = serde_json::json!({"Env": spec.env, "Entrypoint": spec.entrypoint, "Cmd": spec.cmd});
    if let Some(w) = &spec.working_dir {
        process["WorkingDir"] = w.as_str().into();
    }
    if let Some(u) = &spec.user {
        process["User"] = u.as_str().into();
    }
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux", "config": process,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    });
    let (config_digest, config_size) = put(config.to_string().as_bytes());
    let manifest = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
        "layers": layers,
    });
    let manifest_bytes = manifest.to_string().into_bytes();
    let (manifest_digest, manifest_size) = put(&manifest_bytes);
    let index_path = dir.join("index.json");
    let mut index: serde_json::Value = std::fs::read(&index_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| serde_json::json!({"schemaVersion": 2, "manifests": []}));
    let manifests = index["manifests"].as_array_mut().expect("index manifests");
    manifests.retain(|m| m["annotations"]["org.opencontainers.image.ref.name"] != tag);
    manifests.push(serde_json::json!({
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest, "size": manifest_size,
        "annotations": {"org.opencontainers.image.ref.name": tag},
    }));
    std::fs::write(&index_path, index.to_string()).expect("index.json");
    std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).expect("oci-layout");
    manifest_digest
}

fn skopeo(args: &[&str]) {
    let skopeo = require("skopeo", "RUNLANE_SKOPEO", "skopeo (apt-get install skopeo)");
    let out = Command::new(skopeo).args(args).output().expect("run skopeo");
    assert!(out.status.success(), "skopeo {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Builds `spec` and pushes it to `reference` (`127.0.0.1:PORT/demo/x:1`); returns the
/// digest the registry stores it under.
pub fn push(spec: &ImageSpec, reference: &str) -> String {
    push_with(spec, reference, &[])
}

/// Like `push`, with more `skopeo copy` flags (e.g. `--dest-creds USER:PASSWORD`).
pub fn push_with(spec: &ImageSpec, reference: &str, flags: &[&str]) -> String {
    let layout = tempfile::tempdir().expect("layout dir");
    write_layout(layout.path(), "t", spec);
    let source = format!("oci:{}:t", layout.path().display());
    let digest_file = layout.path().join("pushed-digest");
    let digest_path = digest_file.display().to_string();
    let target = format!("docker://{reference}");
    let mut args = vec!["copy", "--quiet", "--dest-tls-verify=false", "--digestfile", &digest_path];
    args.extend_from_slice(flags);
    args.extend_from_slice(&[&source, &target]);
    skopeo(&args);
    std::fs::read_to_string(digest_file).expect("skopeo wrote the digest").trim().to_owned()
}

/// Builds `spec` as the tarball `docker save` writes, naming it `name` (`demo/x:1`).
pub fn docker_archive(spec: &ImageSpec, name: &str, file: &Path) {
    let layout = tempfile::tempdir().expect("layout dir");
    write_layout(layout.path(), "t", spec);
    let _ = std::fs::remove_file(file);
    skopeo(&["copy", "--quiet", &format!("oci:{}:t", layout.path().display()), &format!("docker-archive:{}:{name}", file.display())]);
}

/// A CNCF distribution registry (Debian `docker-registry`) on loopback with temporary
/// storage; stopped when dropped.
pub struct Registry {
    dir: tempfile::TempDir,
    child: Option<Child>,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl Registry {
    pub fn start() -> Registry {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let mut registry = Registry { dir: tempfile::tempdir().expect("registry dir"), child: None, addr: format!("127.0.0.1:{port}") };
        registry.resume();
        registry
    }

    /// Stops the registry (its storage stays): a registry that is down.
    pub fn pause(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same address with the same storage.
    pub fn resume(&mut self) {
        let binary = require("docker-registry", "RUNLANE_DOCKER_REGISTRY", "docker-registry (apt-get install docker-registry)");
        let config = self.dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog: {{level: warn}}\nstorage:\n  filesystem: {{rootdirectory: {}}}\n  delete: {{enabled: true}}\nhttp:\n  addr: {}\n",
                self.dir.path().join("data").display(),
                self.addr
            ),
        )
        .expect("registry config");
        let log = std::fs::File::create(self.dir.path().join("registry.log")).expect("registry log");
        let child = Command::new(binary).arg("serve").arg(&config).stdin(Stdio::null()).stdout(log.try_clone().expect("log")).stderr(log).spawn().expect("start docker-registry");
        self.child = Some(child);
        let deadline = std::time::SystemTime::now() + Duration::from_secs(20);
        loop {
            if std::net::TcpStream::connect(&self.addr).is_ok() {
                return;
            }
            assert!(std::time::SystemTime::now() < deadline, "docker-registry did not listen on {} within 20 s: {}", self.addr, self.log());
            // Poll interval, not synchronisation: the connect above is the condition.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.pause();
    }
}

/// A copy of `crates/runlane/tests/fixtures/source-app` (a `FROM scratch` Dockerfile that
/// serves `www/` with busybox's httpd) with Debian's static busybox beside it: a source
/// directory that builds offline.
pub fn source_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir for the source");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runlane/tests/fixtures/source-app");
    std::fs::create_dir(dir.path().join("www")).expect("www/");
    std::fs::copy(fixture.join("Dockerfile"), dir.path().join("Dockerfile")).expect("copy the fixture's Dockerfile");
    std::fs::copy(fixture.join("www/index.html"), dir.path().join("www/index.html")).expect("copy the fixture's www/index.html");
    let busybox = ["/bin/busybox", "/usr/bin/busybox"].into_iter().find(|p| Path::new(p).is_file()).expect("busybox is not installed; apt-get install busybox-static");
    std::fs::copy(busybox, dir.path().join("busybox")).expect("copy busybox");
    dir
}
