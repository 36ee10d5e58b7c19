//! Security and storage faults, against the real binary:
//! - `private_services_need_an_invoker_token`: a service deployed with
//!   `--no-allow-unauthenticated` answers 403 without a token or with a wrong one and
//!   200 with the invoker token (`runlane auth print-identity-token`) or the admin
//!   token, on its URL and its tag URLs; the app sees the checked header redacted; the
//!   real gcloud's `add-iam-policy-binding --member=allUsers` makes it public and
//!   `remove-iam-policy-binding` private again, each at once.
//! - `the_api_speaks_tls_and_leaves_loopback_only_with_it`: `--api-addr 0.0.0.0:0` is
//!   refused without TLS and served with `--tls-cert/--tls-key` (a CA and certificate
//!   made by the openssl CLI); the CLI (`--ca-cert`) and gcloud (`runlane gcloud-config`)
//!   work over https; plain HTTP on the TLS port gets no HTTP answer; a wrong token 401.
//! - `storage_faults_fail_mutations_clearly_while_serving_continues`: the daemon gets a
//!   file size limit of one byte (`prlimit --fsize`, which needs no privilege for one's
//!   own child and works on any Linux machine, unlike mounting a small tmpfs): every
//!   write to the data dir fails as on a full disk. Deploy and update-traffic answer
//!   503 naming the state database and what to check, nothing is half-applied, the
//!   router serves the existing split without a single failure, and once the limit is
//!   lifted mutations work again and survive a restart.
//!
//! Tools: python3 (the header-echo app), openssl, prlimit (util-linux), gcloud; a
//! missing tool fails the test.

use runlane_test_support::tools::{output_text, system_tool, Gcloud};
use runlane_test_support::{eventually, Runlane};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// An app that answers every GET with the credential headers it received, as JSON.
const ECHO_APP: &str = r#"
import http.server, json, os
class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({h: self.headers.get(h) for h in ("Authorization", "X-Serverless-Authorization")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Echo).serve_forever()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn private_services_need_an_invoker_token() {
    let python = system_tool("python3", "python3");
    let r = Runlane::start(bin()).unwrap();
    let app = r.data_dir.with_file_name("echo.py");
    std::fs::write(&app, ECHO_APP).unwrap();
    let command = format!("{},{}", python.display(), app.display());

    r.cli_ok(&["deploy", "echo", "--command", &command]);
    let call = |host: &'static str, headers: Vec<(&'static str, String)>| {
        let (client, addr) = (r.client.clone(), r.router_addr());
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.request_with("GET", &addr, host, "/", Default::default(), &headers).await.unwrap()
        }
    };
    // Public by default (runlane's default; documented): no token needed, headers untouched.
    let (code, body) = call("echo.localhost", vec![("authorization", "Basic app-own".into())]).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["Authorization"], "Basic app-own");

    // --no-allow-unauthenticated: private at once, its tag URLs too.
    r.cli_ok(&["deploy", "echo", "--command", &command, "--tag", "beta", "--no-allow-unauthenticated"]);
    let token = r.cli_ok(&["auth", "print-identity-token"]).trim().to_owned();
    assert_eq!(token.len(), 64, "{token:?}");
    assert_ne!(token, r.token(), "the invoker token is not the admin token");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(r.data_dir.join("invoker-token")).unwrap().permissions()) & 0o777;
    assert_eq!(mode, 0o600);
    let bearer = |t: &str| format!("Bearer {t}");
    for host in ["echo.localhost", "beta---echo.localhost"] {
        let (code, body) = call(host, vec![]).await;
        assert_eq!(code, 403, "{host}: {body}");
        assert!(body.contains("service \"echo\" requires an invoker token (this request has none)") && body.contains("runlane auth print-identity-token"), "{body}");
        let (code, body) = call(host, vec![("authorization", bearer(&format!("{token}x")))]).await;
        assert_eq!(code, 403, "{host}: {body}");
        assert!(body.contains("the bearer token sent is not valid"), "{body}");
        let (code, body) = call(host, vec![("authorization", "Basic dXNlcjpwYXNz".into())]).await;
        assert_eq!(code, 403, "{host}: {body}");
        let (code, body) = call(host, vec![("authorization", bearer(&token))]).await;
        assert_eq!(code, 200, "{host}: {body}");
        let seen: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(seen["Authorization"], "Bearer SIGNATURE_REMOVED_BY_RUNLANE", "the app never sees the token: {seen}");
        let (code, body) = call(host, vec![("authorization", bearer(&r.token()))]).await;
        assert_eq!(code, 200, "the admin token invokes too: {host}: {body}");
        // X-Serverless-Authorization carries the token; Authorization stays the app's.
        let (code, body) = call(host, vec![("x-serverless-authorization", bearer(&token)), ("authorization", "Basic app-own".into())]).await;
        assert_eq!(code, 200, "{host}: {body}");
        let seen: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((seen["Authorization"].as_str(), seen["X-Serverless-Authorization"].as_str()), (Some("Basic app-own"), Some("Bearer SIGNATURE_REMOVED_BY_RUNLANE")), "{seen}");
    }
    // A new service is unaffected by another's policy.
    r.cli_ok(&["deploy", "other", "--image", "runlane/hello"]);
    assert_eq!(call("other.localhost", vec![]).await.0, 200);

    // The real gcloud switches the policy; the router follows before gcloud returns.
    let token_file = r.token_file();
    let g = Gcloud::new();
    g.configure_from(bin(), &[("RUNLANE_API", &r.api), ("RUNLANE_TOKEN_FILE", token_file.to_str().unwrap())]);
    g.ok(&["run", "services", "add-iam-policy-binding", "echo", "--member=allUsers", "--role=roles/run.invoker"]);
    for host in ["echo.localhost", "beta---echo.localhost"] {
        assert_eq!(call(host, vec![]).await.0, 200, "{host} is public right after add-iam-policy-binding");
    }
    g.ok(&["run", "services", "remove-iam-policy-binding", "echo", "--member=allUsers", "--role=roles/run.invoker"]);
    for host in ["echo.localhost", "beta---echo.localhost"] {
        assert_eq!(call(host, vec![]).await.0, 403, "{host} is private right after remove-iam-policy-binding");
        assert_eq!(call(host, vec![("authorization", bearer(&token))]).await.0, 200);
    }

    // The policy and the token survive a restart.
    let mut r = r;
    r.stop();
    let r = Runlane::start_in(bin(), &r.data_dir, 0).unwrap();
    let call = |host: &'static str, headers: Vec<(&'static str, String)>| {
        let (client, addr) = (r.client.clone(), r.router_addr());
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.request_with("GET", &addr, host, "/", Default::default(), &headers).await.unwrap()
        }
    };
    eventually(Duration::from_secs(20), "echo answers after the restart", || async {
        let (code, _) = call("echo.localhost", vec![("authorization", bearer(&token))]).await;
        (code == 200).then_some(())
    })
    .await;
    assert_eq!(call("echo.localhost", vec![]).await.0, 403);
    assert_eq!(r.cli_ok(&["auth", "print-identity-token"]).trim(), token);
}

/// `runlane up`'s default, `--new-services private`: new services start private, as on
/// Cloud Run, and gcloud's own `--allow-unauthenticated` / `--no-allow-unauthenticated`
/// decide. (The test harness starts runlane with `--new-services public` unless a test
/// names its own.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn private_by_default_follows_gclouds_flags() {
    let defaults = Command::new(bin()).args(["up", "--print-config"]).env_remove("RUNLANE_NEW_SERVICES").output().unwrap();
    assert!(String::from_utf8_lossy(&defaults.stdout).lines().any(|l| l == "new-services = \"private\"  # default"), "{}", output_text(&defaults));
    let r = Runlane::start_with(bin(), &["--new-services", "private"]).unwrap();
    let g = Gcloud::for_runlane(&r);
    g.ok(&["run", "deploy", "open", "--image", "runlane/hello", "--allow-unauthenticated"]);
    g.ok(&["run", "deploy", "closed", "--image", "runlane/hello", "--no-allow-unauthenticated"]);
    r.cli_ok(&["deploy", "plain", "--image", "runlane/hello"]);
    let token = r.cli_ok(&["auth", "print-identity-token"]).trim().to_owned();
    let call = |host: &'static str, token: Option<String>| {
        let (client, addr) = (r.client.clone(), r.router_addr());
        async move {
            let auth = token.map(|t| format!("Bearer {t}"));
            let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
            client.request_with("GET", &addr, host, "/", Default::default(), &headers).await.unwrap()
        }
    };
    let (code, body) = call("open.localhost", None).await;
    assert_eq!(code, 200, "--allow-unauthenticated makes it public: {body}");
    for host in ["closed.localhost", "plain.localhost"] {
        let (code, body) = call(host, None).await;
        assert_eq!(code, 403, "{host} starts private: {body}");
        let (code, body) = call(host, Some(token.clone())).await;
        assert_eq!(code, 200, "{host} with the invoker token: {body}");
    }
    let policy = g.json(&["run", "services", "get-iam-policy", "plain"]);
    assert!(!policy.to_string().contains("allUsers"), "{policy}");
}

use runlane_test_support::tools::make_certificates;

/// `runlane up` with its own flags; returns the child and the API URL it printed, or
/// its exit output when it stops before printing one.
fn up(data_dir: &Path, flags: &[&str]) -> Result<(Child, String), String> {
    let log = data_dir.with_extension("stderr.log");
    let mut child = Command::new(bin())
        .args(["up", "--router-port", "0", "--https-port", "0", "--data-dir"])
        .arg(data_dir)
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("api").map(str::trim) {
            std::thread::spawn(move || for _ in lines {});
            return Ok((child, url.to_owned()));
        }
    }
    let status = child.wait().unwrap();
    Err(format!("{status}: {}", std::fs::read_to_string(&log).unwrap_or_default()))
}

struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.0.id() as i32), nix::sys::signal::Signal::SIGTERM);
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud, openssl; scripts/test.sh runs it"]
async fn the_api_speaks_tls_and_leaves_loopback_only_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(tmp.path());
    let data = tmp.path().join("data");

    // Beyond loopback without TLS: refused, saying what to do.
    let refused = up(&data, &["--api-addr", "0.0.0.0:0"]).map(|(c, _)| Stop(c)).err().expect("a non-loopback API without TLS is refused");
    assert!(refused.contains("--api-addr 0.0.0.0:0 is not a loopback address") && refused.contains("--tls-cert FILE --tls-key FILE"), "{refused}");
    // A key that does not belong to the certificate is refused too.
    let wrong_key = tmp.path().join("ca.key");
    let refused = up(&data, &["--api-addr", "127.0.0.1:0", "--tls-cert", cert.to_str().unwrap(), "--tls-key", wrong_key.to_str().unwrap()]).map(|(c, _)| Stop(c)).err().expect("a mismatched key is refused");
    assert!(refused.contains("cannot be used together"), "{refused}");

    // With TLS, 0.0.0.0 is served (this test only connects over loopback).
    let (child, api) = up(&data, &["--api-addr", "0.0.0.0:0", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]).unwrap();
    let _stop = Stop(child);
    let port = api.strip_prefix("https://0.0.0.0:").unwrap_or_else(|| panic!("https API URL expected: {api}"));
    let https = format!("https://127.0.0.1:{port}");
    let token_file = data.join("api-token");
    let cli = |args: &[&str], ca_cert: Option<&Path>, token: &Path| {
        let mut cmd = Command::new(bin());
        cmd.args(args).env("RUNLANE_API", &https).env("RUNLANE_TOKEN_FILE", token).env_remove("RUNLANE_CA_CERT");
        if let Some(ca) = ca_cert {
            cmd.env("RUNLANE_CA_CERT", ca);
        }
        cmd.output().unwrap()
    };
    let out = cli(&["deploy", "hello", "--image", "runlane/hello"], Some(&ca), &token_file);
    assert!(out.status.success(), "{}", output_text(&out));
    let out = cli(&["services", "list"], Some(&ca), &token_file);
    assert!(out.status.success() && output_text(&out).contains("hello"), "{}", output_text(&out));
    // Without the CA, the certificate is not trusted.
    let out = cli(&["services", "list"], None, &token_file);
    assert!(!out.status.success() && output_text(&out).contains("cannot reach the runlane API") && output_text(&out).to_lowercase().contains("certificate"), "{}", output_text(&out));
    // Over TLS the token is still required.
    let wrong = tmp.path().join("wrong-token");
    std::fs::write(&wrong, "not-the-token\n").unwrap();
    let out = cli(&["services", "list"], Some(&ca), &wrong);
    assert!(!out.status.success() && output_text(&out).contains("UNAUTHENTICATED") && output_text(&out).contains("the bearer token does not match"), "{}", output_text(&out));

    // Plain HTTP on the TLS port gets no HTTP answer.
    let mut plain = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    plain.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    plain.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(!answer.starts_with(b"HTTP/"), "plain HTTP was answered: {:?}", String::from_utf8_lossy(&answer));

    // gcloud over https, trusting the CA through core/custom_ca_certs_file.
    let g = Gcloud::new();
    g.configure_from(bin(), &[("RUNLANE_API", &https), ("RUNLANE_TOKEN_FILE", token_file.to_str().unwrap()), ("RUNLANE_CA_CERT", ca.to_str().unwrap())]);
    let listed = g.ok(&["run", "services", "list", "--format", "value(metadata.name)"]).all();
    assert!(listed.lines().any(|l| l.trim() == "hello"), "{listed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn storage_faults_fail_mutations_clearly_while_serving_continues() {
    let prlimit = system_tool("prlimit", "util-linux");
    let r = Runlane::start(bin()).unwrap();
    // minScale 1: no instance starts during the fault (a process started then would inherit
    // the one-byte file size limit, which says nothing about runlane).
    r.cli_ok(&["deploy", "split", "--image", "runlane/hello", "--revision-suffix", "one", "--min-instances", "1"]);
    r.cli_ok(&["deploy", "split", "--image", "runlane/hello", "--revision-suffix", "two", "--set-env-vars", "V=2", "--min-instances", "1"]);
    r.cli_ok(&["services", "update-traffic", "split", "--to-revisions", "split-one=50,split-two=50"]);
    let path = "/apis/serving.knative.dev/v1/namespaces/default/services/split";
    let (_, before) = r.api_json("GET", path, None).await.unwrap();
    let revisions_before = r.cli_ok(&["revisions", "list", "--service", "split", "--format", "value(metadata.name)"]);

    // Load on the split for the whole fault: every answer must be a 200 from either revision.
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let seen = Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::<String, u64>::new()));
    let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let load = {
        let (client, addr, stop, ok, failed, seen, failures) = (r.client.clone(), r.router_addr(), stop.clone(), ok.clone(), failed.clone(), seen.clone(), failures.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match client.send("GET", &addr, "split.localhost", "/", Default::default()).await {
                    Ok(resp) if resp.status() == 200 => {
                        let revision = resp.headers().get("x-runlane-revision").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                        *seen.lock().unwrap().entry(revision).or_default() += 1;
                        let _ = http_body_util::BodyExt::collect(resp.into_body()).await;
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    other => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        let what = match other {
                            Ok(resp) => format!("{} {:?}", resp.status(), http_body_util::BodyExt::collect(resp.into_body()).await.map(|b| b.to_bytes())),
                            Err(e) => format!("{e:#}"),
                        };
                        failures.lock().unwrap().push(what);
                    }
                }
            }
        })
    };

    eventually(Duration::from_secs(30), "both revisions of the split answer", || {
        let seen = seen.clone();
        async move {
            let seen = seen.lock().unwrap();
            (seen.keys().any(|k| k == "split-one") && seen.keys().any(|k| k == "split-two")).then_some(())
        }
    })
    .await;
    assert_eq!(failed.load(Ordering::Relaxed), 0, "requests failed before the fault: {:?}", failures.lock().unwrap());

    // The fault: no write to any file may go past its first byte, as on a full disk.
    let limit = |value: &str| {
        let out = Command::new(&prlimit).args(["--pid", &r.pid().to_string(), &format!("--fsize={value}")]).output().unwrap();
        assert!(out.status.success(), "prlimit failed: {}", output_text(&out));
    };
    limit("1:");
    let at_fault = ok.load(Ordering::Relaxed);
    let mutations: [&[&str]; 2] = [
        &["deploy", "split", "--image", "runlane/hello", "--set-env-vars", "V=3"],
        &["services", "update-traffic", "split", "--to-revisions", "split-one=90,split-two=10"],
    ];
    for args in mutations {
        let out = r.cli(args);
        let said = output_text(&out);
        assert!(!out.status.success(), "{args:?} succeeded during the fault: {said}");
        assert!(
            said.contains("UNAVAILABLE: the change was not saved: the state database") && said.contains("check that the data dir is writable and the disk is not full"),
            "{args:?}: {said}"
        );
    }
    let (code, reply) = r.api_json("POST", "/apis/serving.knative.dev/v1/namespaces/default/services", Some(serde_json::json!({
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "new"},
        "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello"}]}}}
    }))).await.unwrap();
    assert_eq!((code, reply["error"]["status"].as_str()), (503, Some("UNAVAILABLE")), "{reply}");
    // Nothing half-applied: the service, its revisions and the service list are as before.
    let (_, during) = r.api_json("GET", path, None).await.unwrap();
    assert_eq!(during["spec"], before["spec"]);
    assert_eq!(during["metadata"]["generation"], before["metadata"]["generation"]);
    assert_eq!(r.cli_ok(&["revisions", "list", "--service", "split", "--format", "value(metadata.name)"]), revisions_before);
    assert_eq!(r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/services/new", None).await.unwrap().0, 404);
    // Serving goes on under the fault: wait for 300 answers in it before lifting it.
    eventually(Duration::from_secs(30), "300 requests served during the fault", || {
        let ok = ok.clone();
        async move { (ok.load(Ordering::Relaxed) >= at_fault + 300).then_some(()) }
    })
    .await;
    assert_eq!(failed.load(Ordering::Relaxed), 0, "requests failed during the storage fault: {:?}", failures.lock().unwrap());
    let (code, _) = r.api_json("GET", path, None).await.unwrap();
    assert_eq!(code, 200, "reads keep working during the fault");
    let served_during_fault = ok.load(Ordering::Relaxed) - at_fault;

    // Cleared: mutations work again.
    limit("unlimited:");
    r.cli_ok(&["services", "update-traffic", "split", "--to-revisions", "split-one=90,split-two=10"]);
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(failed, 0, "requests failed during the storage fault ({ok} succeeded): {:?}\n{}", failures.lock().unwrap(), r.log());
    assert!(seen.get("split-one").is_some_and(|n| *n > 50) && seen.get("split-two").is_some_and(|n| *n > 50), "the split kept serving both revisions: {seen:?}");

    // And what was acknowledged after the fault is durable.
    let mut r = r;
    r.stop();
    let r = Runlane::start_in(bin(), &r.data_dir, 0).unwrap();
    let (_, after) = r.api_json("GET", path, None).await.unwrap();
    let percents: Vec<(String, u64)> = after["spec"]["traffic"].as_array().unwrap().iter().map(|t| (t["revisionName"].as_str().unwrap_or("").to_owned(), t["percent"].as_u64().unwrap_or(0))).collect();
    assert_eq!(percents, [("split-one".to_owned(), 90), ("split-two".to_owned(), 10)], "{after}");
    #[allow(clippy::print_stdout, reason = "the figure the README quotes")]
    {
        println!("storage fault: {served_during_fault} requests answered during the fault, {ok} in all, {failed} failed");
    }
}
