//! The router over HTTPS, against the real binary with real
//! clients (curl, hey, python3's ssl) and certificates made by the openssl CLI:
//! - `https_serves_services_and_tags_over_h2_with_hsts_sni_and_a_redirect_from_http`:
//!   service and tag URLs over HTTPS with the test CA, HTTP/2 and HTTP/1.1 as ALPN
//!   agreed (curl's negotiated version), HSTS on the answers, `X-Forwarded-Proto: https`
//!   and `proto=https` at the app, plain HTTP answered with 308 to the same host, path
//!   and query on the HTTPS port (and curl -L landing), service URLs printed as https://,
//!   SNI choosing between two certificates for two domains, trailers from the app reaching
//!   an HTTP/2 client (`TE: trailers`, as gRPC sends), and a WebSocket upgrade over TLS
//!   (ALPN http/1.1) answered 101 and echoing bytes both ways. A revision deployed with
//!   `--use-http2` (port name h2c) is reached over HTTP/2 with prior knowledge, from h2
//!   and HTTP/1.1 clients, with its trailers passed on. The admin API serves with the
//!   same certificates.
//! - `certificates_reload_under_load_with_no_failed_request`: hey loads the HTTPS
//!   listener with a new connection per request while the certificate files are
//!   replaced; every request gets a 200, and the new certificate is served afterwards. A
//!   broken file then is logged with its path and reason, and the last good certificate
//!   keeps serving.
//! - `plain_http_keeps_serving_when_asked_and_bad_certificate_files_are_refused`:
//!   `--plain-http serve` keeps http:// URLs working (and sends no HSTS, which would
//!   make browsers refuse them); a missing certificate, a garbage key, unpaired flags and
//!   `--https-addr` without certificates stop `up` with a message naming the file and the
//!   fix; `--print-config` shows the HTTPS settings; a plain GET to an h2c revision
//!   over plain HTTP reaches it over HTTP/2.
//!
//! - `grpc_crosses_https_to_an_h2c_instance_with_its_status_trailers`: a real gRPC
//!   server (python3-grpcio) deployed with `--use-http2` answers a real gRPC client over
//!   TLS: the reply, the app's trailing metadata, and an error status that only trailers
//!   carry (NOT_FOUND with its message).
//!
//! Tools: curl, openssl, python3 (with python3-grpcio), hey; a missing tool fails the test.

use runlane_test_support::tools::{hey, hey_status_counts, make_ca, make_cert, output_text, system_tool};
use runlane_test_support::{eventually, Runlane};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// The names the tests' local certificates cover. One per service URL: clients refuse a
/// wildcard right under a single-label name (`*.localhost`), as under a top-level domain.
const LOCAL_NAMES: &str = "DNS:localhost,DNS:jokes.localhost,DNS:blue---jokes.localhost,DNS:grpcish.localhost,DNS:h2app.localhost,DNS:grpc.localhost,IP:127.0.0.1";

/// curl with the test CA; returns (stdout, stderr) and panics when curl fails.
fn curl(ca: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(system_tool("curl", "curl")).arg("--cacert").arg(ca).args(["-sS", "--max-time", "20"]).args(args).output().unwrap();
    assert!(out.status.success(), "curl {args:?}: {}", output_text(&out));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The common name of the certificate served for `url` (curl -v's `subject:` line).
fn served_cn(ca: &Path, url: &str, extra: &[&str]) -> String {
    let mut args = vec!["-v", "-o", "/dev/null", url];
    args.extend_from_slice(extra);
    let (_, verbose) = curl(ca, &args);
    verbose
        .lines()
        .find_map(|l| l.trim().strip_prefix("*  subject: CN="))
        .unwrap_or_else(|| panic!("no subject in curl's output: {verbose}"))
        .to_owned()
}

/// The CLI against a runlane whose API speaks TLS with the test CA.
fn cli(r: &Runlane, ca: &Path, args: &[&str]) -> String {
    let out = r.cli_with_ca(ca, args);
    assert!(out.status.success(), "runlane {args:?}: {}", output_text(&out));
    output_text(&out)
}

/// An app that tells what the router forwarded (GET), and answers a POST with a
/// chunked body followed by trailer fields, as a gRPC server ends its response.
const TRAILERS_APP: &str = r#"
import http.server, json, os
class App(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = json.dumps({h: self.headers.get(h) for h in ("X-Forwarded-Proto", "Forwarded")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        if self.headers.get("Content-Length"):
            self.rfile.read(int(self.headers["Content-Length"]))
        else:
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                self.rfile.read(size + 2)
                if size == 0:
                    break
        self.send_response(200)
        self.send_header("Content-Type", "application/grpc")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Trailer", "grpc-status, grpc-message")
        self.end_headers()
        self.wfile.write(b"5\r\nhello\r\n0\r\ngrpc-status: 0\r\ngrpc-message: all-good\r\n\r\n")
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), App).serve_forever()
"#;

/// A WebSocket upgrade over TLS with ALPN http/1.1, then bytes echoed through the tunnel.
const WEBSOCKET_CLIENT: &str = r#"
import socket, ssl, sys
ca, port, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=ca)
ctx.set_alpn_protocols(["http/1.1"])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=20), server_hostname=host)
print("alpn", s.selected_alpn_protocol())
s.sendall(("GET /chat HTTP/1.1\r\nHost: %s:%d\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n" % (host, port)).encode())
head = b""
while b"\r\n\r\n" not in head:
    chunk = s.recv(1)
    if not chunk:
        break
    head += chunk
print(head.decode().split("\r\n")[0])
for line in head.decode().split("\r\n"):
    if line.lower().startswith("sec-websocket-accept:"):
        print("accept", line.split(":", 1)[1].strip())
s.sendall(b"ping over tls")
echoed = b""
while len(echoed) < 13:
    chunk = s.recv(13 - len(echoed))
    if not chunk:
        break
    echoed += chunk
print("echo", echoed.decode())
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs curl, openssl; scripts/test.sh runs it"]
async fn https_serves_services_and_tags_over_h2_with_hsts_sni_and_a_redirect_from_http() {
    let python = system_tool("python3", "python3");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ca = make_ca(dir);
    let (local_cert, local_key) = make_cert(dir, "local", "runlane-local", LOCAL_NAMES);
    let (other_cert, other_key) = make_cert(dir, "other", "runlane-other", "DNS:*.example.test");
    let flags = [
        "--https-port",
        "0",
        "--tls-cert",
        local_cert.to_str().unwrap(),
        "--tls-key",
        local_key.to_str().unwrap(),
        "--tls-cert",
        other_cert.to_str().unwrap(),
        "--tls-key",
        other_key.to_str().unwrap(),
    ];
    let r = Runlane::start_with(bin(), &flags).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    assert!(r.api.starts_with("https://"), "the API serves with the same certificates: {}", r.api);

    // Service and tag URLs are https:// on the HTTPS port.
    let deployed = cli(&r, &ca, &["deploy", "jokes", "--image", "runlane/hello", "--tag", "blue"]);
    assert!(deployed.contains(&format!("https://jokes.localhost:{https}")), "{deployed}");
    let described = cli(&r, &ca, &["services", "describe", "jokes"]);
    assert!(described.contains(&format!("https://blue---jokes.localhost:{https}")), "{described}");

    // HTTP/2 by ALPN, with HSTS; the tag URL too; HTTP/1.1 when the client asks for it.
    let url = format!("https://jokes.localhost:{https}/");
    eventually(Duration::from_secs(30), "the service to answer over HTTPS", || async {
        let out = Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert"]).arg(&ca).arg(&url).output().unwrap();
        (String::from_utf8_lossy(&out.stdout) == "200").then_some(())
    })
    .await;
    let (out, _) = curl(&ca, &["--http2", "-D", "-", "-o", "/dev/null", "-w", "version=%{http_version} code=%{http_code}", &url]);
    assert!(out.contains("version=2 code=200"), "{out}");
    assert!(out.lines().any(|l| l.trim().eq_ignore_ascii_case("strict-transport-security: max-age=31536000")), "{out}");
    let (out, _) = curl(&ca, &["--http1.1", "-D", "-", "-o", "/dev/null", "-w", "version=%{http_version} code=%{http_code}", &url]);
    assert!(out.contains("version=1.1 code=200"), "{out}");
    assert!(out.to_lowercase().contains("strict-transport-security: max-age=31536000"), "{out}");
    let (out, _) = curl(&ca, &["-D", "-", "-w", "\ncode=%{http_code}", &format!("https://blue---jokes.localhost:{https}/")]);
    assert!(out.contains("code=200") && out.contains("x-runlane-revision: jokes-00001"), "{out}");

    // Plain HTTP answers 308 to the same host, path and query on the HTTPS port.
    let plain = format!("http://jokes.localhost:{}/some/path?x=1&y=2", r.router_port);
    let (out, _) = curl(&ca, &["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-X", "POST", "-d", "form", &plain]);
    assert_eq!(out, format!("308 https://jokes.localhost:{https}/some/path?x=1&y=2"));
    let (out, _) = curl(&ca, &["-L", "-o", "/dev/null", "-w", "%{http_code} %{url_effective}", &format!("http://blue---jokes.localhost:{}/", r.router_port)]);
    assert_eq!(out, format!("200 https://blue---jokes.localhost:{https}/"));

    // SNI: each domain gets its own certificate, and curl verifies the name against it.
    assert_eq!(served_cn(&ca, &url, &[]), "runlane-local");
    let resolve = format!("shop.example.test:{https}:127.0.0.1");
    let other = format!("https://shop.example.test:{https}/");
    assert_eq!(served_cn(&ca, &other, &["--resolve", &resolve]), "runlane-other");
    // The router answers it (it is not under --domain localhost: 404, over verified TLS).
    let (out, _) = curl(&ca, &["--resolve", &resolve, "-o", "/dev/null", "-w", "%{http_code}", &other]);
    assert_eq!(out, "404");
    // No SNI (an IP address): the first certificate.
    assert_eq!(served_cn(&ca, &format!("https://127.0.0.1:{https}/"), &["-H", "Host: jokes.localhost"]), "runlane-local");

    // The app learns the client came over HTTPS; trailers reach an HTTP/2 client.
    let app = r.data_dir.with_file_name("trailers.py");
    std::fs::write(&app, TRAILERS_APP).unwrap();
    cli(&r, &ca, &["deploy", "grpcish", "--command", &format!("{},{}", python.display(), app.display())]);
    let grpc_url = format!("https://grpcish.localhost:{https}/");
    let forwarded = eventually(Duration::from_secs(30), "the app to answer over HTTPS", || async {
        let out = Command::new("curl").args(["-s", "--http2", "--cacert"]).arg(&ca).arg(&grpc_url).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).ok()
    })
    .await;
    assert_eq!(forwarded["X-Forwarded-Proto"], "https", "{forwarded}");
    assert!(forwarded["Forwarded"].as_str().unwrap().contains("proto=https"), "{forwarded}");
    let (out, _) = curl(&ca, &["--http2", "-D", "-", "-H", "te: trailers", "-H", "content-type: application/grpc", "--data-binary", "request", "-w", "\nversion=%{http_version}", &format!("{grpc_url}pkg.Service/Method")]);
    let lower = out.to_lowercase();
    assert!(lower.contains("version=2"), "{out}");
    assert!(lower.contains("hello"), "{out}");
    let body_at = lower.find("hello").unwrap();
    let status_at = lower.find("grpc-status: 0").unwrap_or_else(|| panic!("no grpc-status trailer: {out}"));
    assert!(status_at > body_at, "grpc-status came as a trailer, after the body: {out}");
    assert!(lower.contains("grpc-message: all-good"), "{out}");

    // A revision deployed with --use-http2 (port name h2c, as gcloud's flag) is reached
    // over HTTP/2 with prior knowledge, from HTTP/2 and HTTP/1.1 clients alike, and
    // its trailers (gRPC's status) reach the client.
    cli(&r, &ca, &["deploy", "h2app", "--image", "runlane/hello", "--use-http2"]);
    let h2_url = format!("https://h2app.localhost:{https}/");
    eventually(Duration::from_secs(30), "the h2c app to answer over HTTPS", || async {
        let out = Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert"]).arg(&ca).arg(&h2_url).output().unwrap();
        (String::from_utf8_lossy(&out.stdout) == "200").then_some(())
    })
    .await;
    for version in ["--http2", "--http1.1"] {
        let (out, _) = curl(&ca, &[version, "-D", "-", "-o", "/dev/null", &h2_url]);
        assert!(out.to_lowercase().contains("x-runlane-protocol: http/2.0"), "{version}: {out}");
    }
    let (out, _) = curl(&ca, &["--http2", "-D", "-", "-H", "te: trailers", "-H", "content-type: application/grpc", "--data-binary", "call", &format!("{h2_url}trailers")]);
    let lower = out.to_lowercase();
    let body_at = lower.find("trailers follow").unwrap_or_else(|| panic!("no body: {out}"));
    let status_at = lower.find("grpc-status: 0").unwrap_or_else(|| panic!("no grpc-status trailer from the h2c app: {out}"));
    assert!(status_at > body_at && lower.contains("grpc-message: all-good"), "{out}");
    // An HTTP/1.1 instance is still reached over HTTP/1.1.
    let (out, _) = curl(&ca, &["--http2", "-D", "-", "-o", "/dev/null", &url]);
    assert!(out.to_lowercase().contains("x-runlane-protocol: http/1.1"), "{out}");

    // A WebSocket upgrade over TLS: 101, the RFC 6455 accept, and bytes both ways.
    let ws = Command::new(&python).arg("-c").arg(WEBSOCKET_CLIENT).arg(&ca).arg(https.to_string()).arg("jokes.localhost").output().unwrap();
    let ws_out = output_text(&ws);
    assert!(ws.status.success(), "{ws_out}");
    assert!(ws_out.contains("alpn http/1.1"), "{ws_out}");
    assert!(ws_out.contains("HTTP/1.1 101"), "{ws_out}");
    assert!(ws_out.contains("accept s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{ws_out}");
    assert!(ws_out.contains("echo ping over tls"), "{ws_out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs curl, hey, openssl; scripts/test.sh runs it"]
async fn certificates_reload_under_load_with_no_failed_request() {
    let hey = hey();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ca = make_ca(dir);
    let (cert, key) = make_cert(dir, "serving", "runlane-first", LOCAL_NAMES);
    let flags = ["--https-port", "0", "--tls-reload-interval", "500ms", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()];
    let r = Runlane::start_with(bin(), &flags).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    cli(&r, &ca, &["deploy", "jokes", "--image", "runlane/hello", "--min-instances", "1"]);
    let url = format!("https://jokes.localhost:{https}/");
    eventually(Duration::from_secs(30), "the service to answer over HTTPS", || async {
        let out = Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert"]).arg(&ca).arg(&url).output().unwrap();
        (String::from_utf8_lossy(&out.stdout) == "200").then_some(())
    })
    .await;
    assert_eq!(served_cn(&ca, &url, &[]), "runlane-first");

    // The replacement, made beside the files and renamed over them, as certbot and
    // editors do (the key first: for a moment the pair does not match, which must
    // change nothing).
    let (next_cert, next_key) = make_cert(dir, "next", "runlane-second", LOCAL_NAMES);

    // hey: a new TLS connection per request (so handshakes happen across the swap),
    // trusting the test CA (Go reads SSL_CERT_FILE), paced to spare the shared machine.
    let mut load = Command::new(&hey)
        .args(["-z", "6s", "-c", "4", "-q", "40", "-disable-keepalive", "-host", "jokes.localhost"])
        .arg(format!("https://127.0.0.1:{https}/"))
        .env("SSL_CERT_FILE", &ca)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::fs::rename(&next_key, &key).unwrap();
    std::fs::rename(&next_cert, &cert).unwrap();
    eventually(Duration::from_secs(20), "the new certificate to be served", || async { (served_cn(&ca, &url, &[]) == "runlane-second").then_some(()) }).await;
    // The swap happened while hey was loading the listener (it runs for 6 s).
    assert!(load.try_wait().unwrap().is_none(), "hey ended before the new certificate was served; the reload was not under load");
    let report = load.wait_with_output().unwrap();
    let report_text = output_text(&report);
    assert!(report.status.success(), "{report_text}");
    let counts = hey_status_counts(&report_text);
    let total: u64 = counts.values().sum();
    assert!(total >= 50, "hey sent too few requests to mean anything: {report_text}");
    assert_eq!(counts.keys().copied().collect::<Vec<_>>(), vec![200], "every request answered 200: {report_text}");
    assert!(!report_text.contains("Error distribution"), "no request failed: {report_text}");
    assert!(r.log().contains("TLS certificate reloaded"), "{}", r.log());

    // A broken replacement is refused with its path and reason; the last good one serves.
    std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n").unwrap();
    eventually(Duration::from_secs(20), "the broken file to be reported", || async {
        let log = r.log();
        (log.contains("the changed TLS certificate files are not usable") && log.contains(cert.to_str().unwrap())).then_some(())
    })
    .await;
    assert_eq!(served_cn(&ca, &url, &[]), "runlane-second");
    let (out, _) = curl(&ca, &["-o", "/dev/null", "-w", "%{http_code}", &url]);
    assert_eq!(out, "200");
}

/// A gRPC server (Debian's python3-grpcio; HTTP/2 only, as every gRPC server): `Say`
/// echoes, or fails with NOT_FOUND (a status carried in trailers only) for `missing`.
const GRPC_SERVER: &str = r#"
import grpc, os
from concurrent import futures
def say(request, context):
    if request == b"missing":
        context.abort(grpc.StatusCode.NOT_FOUND, "no such thing: missing")
    context.set_trailing_metadata((("x-served-by", "grpc-app"),))
    return b"echo:" + request
handler = grpc.method_handlers_generic_handler("runlane.Echo", {"Say": grpc.unary_unary_rpc_method_handler(say)})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
server.add_generic_rpc_handlers((handler,))
server.add_insecure_port("127.0.0.1:%s" % os.environ["PORT"])
server.start()
server.wait_for_termination()
"#;

/// A gRPC client over TLS with the test CA: one call that succeeds and one that fails.
const GRPC_CLIENT: &str = r#"
import grpc, sys
ca, port = sys.argv[1], sys.argv[2]
channel = grpc.secure_channel("grpc.localhost:%s" % port, grpc.ssl_channel_credentials(open(ca, "rb").read()))
say = channel.unary_unary("/runlane.Echo/Say")
reply, call = say.with_call(b"hello", timeout=20)
print("reply", reply.decode())
print("trailer", dict(call.trailing_metadata()).get("x-served-by"))
try:
    say(b"missing", timeout=20)
    print("no error")
except grpc.RpcError as e:
    print("error", e.code().name, e.details())
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs openssl, python3-grpcio; scripts/test.sh runs it"]
async fn grpc_crosses_https_to_an_h2c_instance_with_its_status_trailers() {
    let python = system_tool("python3", "python3");
    let grpc_installed = Command::new(&python).args(["-c", "import grpc"]).output().unwrap();
    assert!(grpc_installed.status.success(), "python3's grpc module is missing; install the Debian package python3-grpcio (scripts/test.sh does): {}", output_text(&grpc_installed));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ca = make_ca(dir);
    let (cert, key) = make_cert(dir, "local", "runlane-local", LOCAL_NAMES);
    let r = Runlane::start_with(bin(), &["--https-port", "0", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    let app = r.data_dir.with_file_name("grpc_server.py");
    std::fs::write(&app, GRPC_SERVER).unwrap();
    cli(&r, &ca, &["deploy", "grpc", "--command", &format!("{},{}", python.display(), app.display()), "--use-http2"]);
    // gRPC's own resolver does not know *.localhost; the system's does.
    let out = eventually(Duration::from_secs(60), "the gRPC call to succeed", || async {
        let out = Command::new(&python).arg("-c").arg(GRPC_CLIENT).arg(&ca).arg(https.to_string()).env("GRPC_DNS_RESOLVER", "native").output().unwrap();
        let out = output_text(&out);
        out.contains("reply echo:hello").then_some(out)
    })
    .await;
    assert!(out.contains("trailer grpc-app"), "the app's trailing metadata arrived: {out}");
    assert!(out.contains("error NOT_FOUND no such thing: missing"), "the error status (trailers only) arrived: {out}");
}

/// `runlane up` that is expected to stop at once; returns its output.
fn up_fails(data: &Path, flags: &[&str]) -> String {
    let out = Command::new(bin())
        .args(["up", "--router-port", "0", "--api-addr", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(flags)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success(), "up started with {flags:?}: {}", output_text(&out));
    output_text(&out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs curl, openssl; scripts/test.sh runs it"]
async fn plain_http_keeps_serving_when_asked_and_bad_certificate_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ca = make_ca(dir);
    let (cert, key) = make_cert(dir, "local", "runlane-local", LOCAL_NAMES);
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let data = dir.join("data");

    let missing = dir.join("missing.pem");
    let out = up_fails(&data, &["--tls-cert", missing.to_str().unwrap(), "--tls-key", key]);
    assert!(out.contains("cannot read the TLS certificate") && out.contains("missing.pem") && out.contains("--tls-cert"), "{out}");
    let garbage = dir.join("garbage.key");
    std::fs::write(&garbage, "this is not a key\n").unwrap();
    let out = up_fails(&data, &["--tls-cert", cert, "--tls-key", garbage.to_str().unwrap()]);
    assert!(out.contains("cannot read the TLS private key") && out.contains("garbage.key") && out.contains("PKCS#8"), "{out}");
    let out = up_fails(&data, &["--tls-cert", cert, "--tls-key", key, "--tls-cert", cert]);
    assert!(out.contains("2 --tls-cert and 1 --tls-key"), "{out}");
    let out = up_fails(&data, &["--https-addr", "127.0.0.1:0"]);
    assert!(out.contains("--tls-cert"), "{out}");

    // --print-config shows the HTTPS settings and where they came from.
    let out = Command::new(bin()).args(["up", "--print-config", "--tls-cert", cert, "--tls-key", key]).env("RUNLANE_PLAIN_HTTP", "serve").output().unwrap();
    let printed = output_text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("https-port = \"8443\"  # default"), "{printed}");
    assert!(printed.contains("plain-http = \"serve\"  # environment (RUNLANE_PLAIN_HTTP)"), "{printed}");
    assert!(printed.contains("tls-reload-interval = \"5s\"  # default"), "{printed}");
    assert!(printed.contains(&format!("tls-cert = [{}]  # flag", toml_quoted(cert))), "{printed}");

    // --plain-http serve: http:// URLs keep working beside HTTPS, and no HSTS is sent.
    let r = Runlane::start_with(bin(), &["--https-port", "0", "--plain-http", "serve", "--tls-cert", cert, "--tls-key", key]).unwrap();
    let https = r.https_port.expect("up prints the HTTPS listener");
    let deployed = cli(&r, &ca, &["deploy", "jokes", "--image", "runlane/hello"]);
    assert!(deployed.contains(&format!("http://jokes.localhost:{}", r.router_port)), "{deployed}");
    let (status, body) = eventually(Duration::from_secs(30), "the service to answer over plain HTTP", || async {
        r.get(&format!("jokes.localhost:{}", r.router_port), "/").await.ok().filter(|(s, _)| *s == 200)
    })
    .await;
    assert_eq!(status, 200, "{body}");
    let (out, _) = curl(&ca, &["-D", "-", "-o", "/dev/null", "-w", "code=%{http_code}", &format!("https://jokes.localhost:{https}/")]);
    assert!(out.contains("code=200"), "{out}");
    assert!(!out.to_lowercase().contains("strict-transport-security"), "{out}");

    // A plain GET over plain HTTP to an h2c revision leaves the hand-written HTTP/1.1
    // path for hyper's HTTP/2 client.
    cli(&r, &ca, &["deploy", "h2app", "--image", "runlane/hello", "--use-http2"]);
    let plain_h2 = format!("http://h2app.localhost:{}/", r.router_port);
    let out = eventually(Duration::from_secs(30), "the h2c app to answer over plain HTTP", || async {
        let out = Command::new("curl").args(["-s", "-D", "-", "-o", "/dev/null"]).arg(&plain_h2).output().unwrap();
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        out.starts_with("HTTP/1.1 200").then_some(out)
    })
    .await;
    assert!(out.to_lowercase().contains("x-runlane-protocol: http/2.0"), "{out}");
}

fn toml_quoted(s: &str) -> String {
    format!("\"{s}\"")
}
