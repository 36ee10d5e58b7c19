//! Deployed apps are untrusted code, against the real binary
//! run as root, as a real operator runs it:
//! - `a_process_instance_cannot_read_the_tokens`: an app hunts for the admin and invoker
//!   tokens every way a process on the host can (the files by path, its environment,
//!   runlane's `/proc/PID/{environ,cmdline,fd,cwd,root}`, every process's environment, a
//!   search of the data dir's parent, `/root` and runlane's cwd) and answers with
//!   every token-shaped string (64 hex digits) it read: neither token is among them, the data dir's path is not in its
//!   environment, it runs as an unprivileged uid, and the data dir is 0700.
//! - `a_container_instance_cannot_read_the_tokens`: the same hunt from a container (the
//!   path given to it, as an attacker who guessed it): nothing of the host's data dir.
//! - `a_private_service_is_reachable_only_through_the_router`: 403 through the router
//!   without a token, 200 with it; its instance address refuses a connection from
//!   another local user (and from another instance); its name is not on the router's
//!   404 page.
//!
//! Tools: python3, setpriv (util-linux); the container test also needs runc and tini.

use runlane_test_support::oci::{self, Entry, Registry};
use runlane_test_support::Runlane;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// A tool the test needs, found on PATH (one any user may run); panics naming the
/// Debian package otherwise.
fn tool(name: &str, package: &str) -> PathBuf {
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed; install the Debian package {package} (scripts/test.sh does)"))
}

fn assert_root() {
    assert!(nix::unistd::Uid::effective().is_root(), "these tests check what runlane does as root (its production setup); run them as root (scripts/test.sh does)");
}

/// Tries every way a host process has to find runlane's tokens, and answers GET with
/// JSON: every token-shaped string it read, the errors it met, its environment and uid.
const HUNTER: &str = r#"
import http.server, json, os, re, stat
data_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
def hunt():
    read, errors, counts = set(), {}, [0]
    def grab(path):
        try:
            # Regular files only: a pipe or a FIFO (runlane's stdio) would block the hunt.
            if not stat.S_ISREG(os.stat(path).st_mode):
                return
            with open(path, "rb") as f:
                # runlane's tokens are 64 hex digits: keep every such string seen.
                read.update(re.findall(rb"[0-9a-f]{64}", f.read(1 << 20)))
                counts[0] += 1
        except Exception as e:
            errors[path] = type(e).__name__
    def walk(top):
        # Bounded (depth 4, 5,000 files a tree), so a hunt that can read everything
        # still answers within the request timeout.
        budget = [5000]
        for root, dirs, files in os.walk(top, onerror=lambda e: errors.__setitem__(str(e.filename), type(e).__name__)):
            if root[len(top):].count("/") >= 4:
                dirs.clear()
            for name in files:
                budget[0] -= 1
                if budget[0] < 0:
                    return
                grab(os.path.join(root, name))
    grab(os.path.join(data_dir, "api-token"))
    grab(os.path.join(data_dir, "invoker-token"))
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    runlane = []
    for pid in pids:
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        except Exception:
            continue
        if b"--data-dir" in cmdline:
            runlane.append(pid)
        grab(f"/proc/{pid}/environ")
    for pid in runlane:
        grab(f"/proc/{pid}/cmdline")
        grab(f"/proc/{pid}/root" + data_dir + "/api-token")
        grab(f"/proc/{pid}/cwd/api-token")
        grab(f"/proc/{pid}/root/proc/{pid}/environ")
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except Exception as e:
            errors[f"/proc/{pid}/fd"] = type(e).__name__
            fds = []
        for fd in fds:
            grab(f"/proc/{pid}/fd/{fd}")
        walk(f"/proc/{pid}/cwd")
    walk(os.path.dirname(data_dir))
    walk("/root")
    return {"read": sorted(t.decode() for t in read), "files_read": counts[0], "errors": errors, "env": dict(os.environ), "uid": os.getuid(), "gid": os.getgid(), "runlane_pids": runlane}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(hunt()).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
"#;

/// Connects to `host:port` as another local user (nobody); "connected" or the error's name.
fn connect_as_nobody(host: &str, port: &str) -> String {
    let python = tool("python3", "python3");
    let setpriv = tool("setpriv", "util-linux");
    let script = format!("import socket\ntry:\n    socket.create_connection(('{host}', {port}), timeout=5); print('connected')\nexcept OSError as e:\n    print(type(e).__name__)\n");
    let out = Command::new(&setpriv).args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(&python).args(["-c", &script]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The address of the first instance of `service`'s latest revision.
fn instance_address(r: &Runlane, service: &str) -> String {
    let described: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", service, "--format", "json"])).unwrap();
    let revision = described["status"]["latestCreatedRevisionName"].as_str().unwrap().to_owned();
    let revision: Value = serde_json::from_str(&r.cli_ok(&["revisions", "describe", &revision, "--format", "json"])).unwrap();
    revision["status"]["runlane"]["instances"][0]["address"].as_str().unwrap().to_owned()
}

fn invoker_token(r: &Runlane) -> String {
    std::fs::read_to_string(r.data_dir.join("invoker-token")).unwrap().trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs root; scripts/test.sh runs it"]
async fn a_process_instance_cannot_read_the_tokens() {
    assert_root();
    let python = tool("python3", "python3");
    // RUNLANE_DATA_DIR in runlane's own environment must not reach the instance either.
    let r = Runlane::start(bin()).unwrap();
    let app = r.data_dir.with_file_name("hunt.py");
    std::fs::write(&app, HUNTER).unwrap();
    let out = r.cli(&["deploy", "hunt", "--command", &format!("{},{}", python.display(), app.display())]);
    assert!(out.status.success(), "{}{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr), r.log());

    let (code, body) = r.get("hunt.localhost", "/").await.unwrap();
    assert_eq!(code, 200, "{body}");
    let found: Value = serde_json::from_str(&body).unwrap();
    for (name, secret) in [("the admin token", r.token()), ("the invoker token", invoker_token(&r))] {
        assert!(!body.contains(&secret), "the instance read {name}: {found:#}");
    }
    assert!(found["files_read"].as_u64().unwrap() >= 2, "the hunt read what it may (its own script and environment): {found:#}");
    let errors = &found["errors"];
    let data_dir = r.data_dir.canonicalize().unwrap().display().to_string();
    assert_eq!(errors[format!("{data_dir}/api-token")], "PermissionError", "{errors:#}");
    let runlane_pid = r.pid().to_string();
    assert_eq!(found["runlane_pids"].as_array().unwrap().iter().filter(|p| *p == runlane_pid.as_str()).count(), 1, "the hunter found runlane: {found:#}");
    for what in ["environ", "fd"] {
        assert_eq!(errors[format!("/proc/{runlane_pid}/{what}")], "PermissionError", "{what}: {errors:#}");
    }
    assert!(found["uid"].as_u64().unwrap() >= 1 << 16 && found["gid"].as_u64().unwrap() >= 1 << 16, "an unprivileged uid/gid of its own: {found:#}");
    let env = found["env"].as_object().unwrap();
    assert!(env.values().all(|v| !v.as_str().unwrap().contains(&data_dir)), "the data dir's path is in the instance's environment: {env:#?}");
    assert!(env.keys().all(|k| k == "RUNLANE_OWNER" || !k.starts_with("RUNLANE_")), "{env:#?}");
    let owner = env["RUNLANE_OWNER"].as_str().unwrap();
    assert!(owner.len() == 16 && owner.bytes().all(|b| b.is_ascii_hexdigit()), "an opaque owner mark: {owner}");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&r.data_dir).unwrap().permissions()) & 0o777;
    assert_eq!(mode, 0o700, "the data dir");
}

/// The hunt of `HUNTER` in busybox sh, run once at start; `httpd` then serves its output.
const CONTAINER_HUNTER: &str = r#"{
echo "uid $(id -u)";
cat "$HUNT_PATH/api-token" "$HUNT_PATH/invoker-token";
for p in /proc/[0-9]*; do cat $p/environ $p/cmdline; ls -l $p/fd; cat $p/root$HUNT_PATH/api-token $p/cwd/api-token; done;
cat /proc/self/mounts;
find / -xdev -name '*token*' -exec cat {} \; ;
find / -xdev -path "*$HUNT_PATH*";
echo hunt-done;
} > /www/index.html 2>&1; exec httpd -f -p $PORT -h /www"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs runc, skopeo; scripts/test.sh runs it"]
async fn a_container_instance_cannot_read_the_tokens() {
    if !oci::can_run_containers() {
        return;
    }
    let registry = Registry::start();
    let mut image = oci::busybox_image(CONTAINER_HUNTER);
    for applet in ["find", "grep"] {
        image.layers[0].push(Entry::Symlink { path: format!("bin/{applet}"), target: "busybox".into() });
    }
    let reference = format!("{}/demo/hunt:1", registry.addr);
    oci::push(&image, &reference);
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let data_dir = r.data_dir.canonicalize().unwrap().display().to_string();
    let out = r.cli(&["deploy", "hunt", "--image", &reference, "--set-env-vars", &format!("HUNT_PATH={data_dir}")]);
    assert!(out.status.success(), "{}{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr), r.log());
    let (code, body) = r.get("hunt.localhost", "/").await.unwrap();
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("hunt-done") && body.contains(&format!("can't open '{data_dir}/api-token': No such file")), "the hunt ran and the data dir is not in the container: {body}");
    for (name, secret) in [("the admin token", r.token()), ("the invoker token", invoker_token(&r))] {
        assert!(!body.contains(&secret), "the container read {name}: {body}");
    }
    // Item 4 for containers: only runlane's uid opens connections to a container's address.
    let address = instance_address(&r, "hunt");
    let (host, port) = address.rsplit_once(':').unwrap();
    assert_eq!(connect_as_nobody(host, port), "ConnectionRefusedError", "another user reached the container at {address}");
    std::net::TcpStream::connect(&address).expect("runlane's uid reaches the container");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs root and iptables (runlane fences process instances with it); scripts/test.sh runs it"]
async fn a_private_service_is_reachable_only_through_the_router() {
    assert_root();
    let python = tool("python3", "python3");
    let r = Runlane::start(bin()).unwrap();
    let app = r.data_dir.with_file_name("hello.py");
    std::fs::write(&app, "import http.server, os\nclass H(http.server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200); self.send_header('Content-Length', '6'); self.end_headers(); self.wfile.write(b'secret')\n    def log_message(self, *a): pass\nhttp.server.HTTPServer(('0.0.0.0', int(os.environ['PORT'])), H).serve_forever()\n").unwrap();
    let command = format!("{},{}", python.display(), app.display());
    r.cli_ok(&["deploy", "vault", "--command", &command, "--no-allow-unauthenticated"]);

    let (code, body) = r.get("vault.localhost", "/").await.unwrap();
    assert_eq!(code, 403, "{body}");
    let token = invoker_token(&r);
    let (code, body) = r.client.request_with("GET", &r.router_addr(), "vault.localhost", "/", Default::default(), &[("authorization", &format!("Bearer {token}"))]).await.unwrap();
    assert_eq!((code, body.as_str()), (200, "secret"), "the router serves it with the token");

    let address = instance_address(&r, "vault");
    let port = address.rsplit(':').next().unwrap().to_owned();
    // Another local user, by every loopback address the app listens on (it binds 0.0.0.0).
    for host in ["127.0.0.1", "127.0.0.2"] {
        assert_eq!(connect_as_nobody(host, &port), "ConnectionRefusedError", "another user reached {host}:{port} without the router");
    }
    // runlane's own user (the router) still reaches it: the port is live, only fenced.
    std::net::TcpStream::connect(&address).expect("runlane's uid reaches the instance");

    // Another instance cannot reach it either.
    let prober = r.data_dir.with_file_name("prober.py");
    std::fs::write(&prober, format!("import http.server, os, socket\nclass H(http.server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        try:\n            socket.create_connection(('127.0.0.1', {port}), timeout=5); b = b'connected'\n        except OSError as e:\n            b = type(e).__name__.encode()\n        self.send_response(200); self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)\n    def log_message(self, *a): pass\nhttp.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()\n")).unwrap();
    r.cli_ok(&["deploy", "prober", "--command", &format!("{},{}", python.display(), prober.display())]);
    let (code, body) = r.get("prober.localhost", "/").await.unwrap();
    assert_eq!((code, body.as_str()), (200, "ConnectionRefusedError"));

    // The router's 404 names public services only.
    let (code, body) = r.get("nosuch.localhost", "/").await.unwrap();
    assert_eq!(code, 404, "{body}");
    assert!(body.contains("prober") && !body.contains("vault"), "{body}");
}
