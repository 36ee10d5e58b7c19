//! Certificates over ACME, against Debian's `pebble` ACME test server
//! on loopback and the real binary, with real clients (curl, openssl s_client, the CLI):
//! - `certificates_are_ordered_over_http01_and_tls_alpn01_served_renewed_and_reloaded`:
//!   pebble validates by connecting to the names' address (`*.localhost` resolves to
//!   loopback) on the router's plain port (HTTP-01) and HTTPS port (TLS-ALPN-01), which
//!   its config points at. A service's name gets a certificate over HTTP-01 (with plain
//!   HTTP redirecting to HTTPS: the challenge is answered before the redirect) and the
//!   service answers over HTTPS, verified by curl against pebble's issuing root (its
//!   management port's /roots/0). A name pebble's policy refuses shows its error in
//!   `runlane certs list` and the API. A forced renewal (`runlane certs renew`) swaps a
//!   new certificate in while clients keep connecting, none failing: the old one serves
//!   until the new one is ready. The account and key are stored 0600. After a restart the
//!   stored certificate serves at once, with no new order, and a new name with
//!   `--acme-challenge tls-alpn-01` is validated over the HTTPS listener. A domain
//!   mapped to the service (`runlane domains map`) gets its own certificate, and its
//!   mapping's CertificateProvisioned condition turns True.
//! - `acme_settings_are_checked_and_printed`: a wildcard or malformed `--acme-domain`
//!   stops `up` naming the flag and what is accepted, ACME flags without a directory are
//!   refused, and `--print-config` shows the ACME settings with where they came from.
//!
//! Tools: pebble, curl, openssl; a missing tool fails the test.

use runlane_test_support::tools::{make_ca, make_cert, output_text, system_tool};
use runlane_test_support::{eventually, Runlane};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A pebble ACME server whose validation connects to `http_port` and `tls_port`.
struct Pebble {
    child: Child,
    dir: PathBuf,
    directory: String,
    management: u16,
}

impl Pebble {
    fn start(dir: &Path, http_port: u16, tls_port: u16) -> Pebble {
        let pebble = system_tool("pebble", "pebble");
        // Pebble's own HTTPS certificate, from a CA runlane is told to trust.
        make_ca(dir);
        make_cert(dir, "pebble", "localhost", "DNS:localhost,IP:127.0.0.1");
        let (listen, management) = (free_port(), free_port());
        let config = serde_json::json!({
            "pebble": {
                "listenAddress": format!("127.0.0.1:{listen}"),
                "managementListenAddress": format!("127.0.0.1:{management}"),
                "certificate": dir.join("pebble.pem"),
                "privateKey": dir.join("pebble.key"),
                "httpPort": http_port,
                "tlsPort": tls_port,
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false,
                "domainBlocklist": ["blocked.localhost"],
                // An hour: renewal comes at half of it at the earliest, after the test.
                "certificateValidityPeriod": 3600
            }
        });
        std::fs::write(dir.join("pebble.json"), config.to_string()).unwrap();
        let log = std::fs::File::create(dir.join("pebble.log")).unwrap();
        let child = Command::new(pebble)
            .arg("-config")
            .arg(dir.join("pebble.json"))
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_VA_ALWAYS_VALID", "0")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start pebble");
        Pebble { child, dir: dir.to_owned(), directory: format!("https://127.0.0.1:{listen}/dir"), management }
    }

    fn listener_ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("pebble.log")).unwrap_or_default()
    }

    /// Pebble's issuing root (regenerated at each start), saved as a PEM file.
    async fn issuing_root(&self) -> PathBuf {
        let path = self.dir.join("issuing-root.pem");
        let url = format!("https://127.0.0.1:{}/roots/0", self.management);
        let ca = self.listener_ca();
        eventually(Duration::from_secs(20), "pebble serves its issuing root", || {
            let (url, ca, path) = (url.clone(), ca.clone(), path.clone());
            async move {
                let out = Command::new(system_tool("curl", "curl")).arg("--cacert").arg(&ca).args(["-sS", "--fail", "--max-time", "5", "-o"]).arg(&path).arg(&url).output().unwrap();
                out.status.success().then_some(())
            }
        })
        .await;
        path
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The serial number of the certificate the HTTPS listener serves for `name`.
fn served_serial(https_port: u16, name: &str) -> String {
    let handshake = Command::new(system_tool("openssl", "openssl"))
        .args(["s_client", "-connect", &format!("127.0.0.1:{https_port}"), "-servername", name])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let mut x509 = Command::new(system_tool("openssl", "openssl")).args(["x509", "-noout", "-serial"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(x509.stdin.as_mut().unwrap(), &handshake.stdout).unwrap();
    let out = x509.wait_with_output().unwrap();
    assert!(out.status.success(), "no certificate served for {name}: {}", output_text(&handshake));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// GET https://NAME:PORT/ through curl with `ca`, the name resolved to loopback.
fn curl_https(ca: &Path, name: &str, https_port: u16) -> Output {
    Command::new(system_tool("curl", "curl"))
        .arg("--cacert")
        .arg(ca)
        .args(["-sS", "-i", "--fail", "--max-time", "20", "--resolve", &format!("{name}:{https_port}:127.0.0.1"), &format!("https://{name}:{https_port}/")])
        .output()
        .unwrap()
}

/// The certificate named `name` in `GET /apis/runlane.dev/v1/certificates`.
async fn certificate(r: &Runlane, name: &str) -> Option<serde_json::Value> {
    let (status, list) = r.api_json("GET", "/apis/runlane.dev/v1/certificates", None).await.ok()?;
    assert_eq!(status, 200, "{list}");
    list["items"].as_array()?.iter().find(|c| c["name"] == name).cloned()
}

async fn serving(r: &Runlane, name: &str) -> serde_json::Value {
    eventually(Duration::from_secs(60), &format!("a certificate for {name} serves"), || async {
        certificate(r, name).await.filter(|c| c["state"] == "Serving")
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs curl, openssl, pebble; scripts/test.sh runs it"]
async fn certificates_are_ordered_over_http01_and_tls_alpn01_served_renewed_and_reloaded() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (http_port, https_port) = (free_port(), free_port());
    let pebble = Pebble::start(tmp.path(), http_port, https_port);
    let data = tmp.path().join("data");
    let directory = pebble.directory.clone();
    // runlane orders at once; a CA not yet listening would make the first order of each
    // name fail to connect, not fail the way the test expects.
    let listen = directory.trim_start_matches("https://").trim_end_matches("/dir").to_owned();
    eventually(Duration::from_secs(30), "pebble listens", || async { tokio::net::TcpStream::connect(&listen).await.ok() }).await;
    let ca_root = pebble.listener_ca();
    let https_flag = https_port.to_string();
    let acme_flags = |extra: &[&str]| -> Vec<String> {
        let mut flags: Vec<String> = ["--https-port", &https_flag, "--acme-directory", &directory, "--acme-ca-root", ca_root.to_str().unwrap(), "--acme-email", "ops@example.com"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        flags.extend(extra.iter().map(|s| s.to_string()));
        flags
    };

    // HTTP-01: a service's own name, and one pebble refuses.
    let flags = acme_flags(&["--acme-domain", "jokes.localhost", "--acme-domain", "blocked.localhost"]);
    let flag_refs: Vec<&str> = flags.iter().map(String::as_str).collect();
    let mut r = Runlane::start_in_with(bin(), &data, http_port, &flag_refs).unwrap_or_else(|e| panic!("{e}\npebble:\n{}", pebble.log()));
    assert_eq!(r.https_port, Some(https_port));
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello"]);
    let issued = serving(&r, "jokes.localhost").await;
    assert_eq!(issued["source"], "acme", "{issued}");
    assert_eq!(issued["origin"]["challenge"], "http-01", "{issued}");
    assert!(issued["issuer"].as_str().unwrap().contains("Pebble"), "{issued}");
    assert_eq!(issued["names"], serde_json::json!(["jokes.localhost"]), "{issued}");
    assert!(issued["expireTime"].is_string() && issued["lastRenewalTime"].is_string() && issued["nextAttemptTime"].is_string(), "{issued}");
    assert!(r.log().contains("answered an ACME HTTP-01 validation request"), "{}", r.log());

    // Served over HTTPS, verified against pebble's issuing root.
    let root = pebble.issuing_root().await;
    let out = curl_https(&root, "jokes.localhost", https_port);
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).to_ascii_lowercase().contains("x-runlane-revision: jokes-00001"), "{}", output_text(&out));
    // Plain HTTP still redirects everything but the challenges.
    let out = Command::new(system_tool("curl", "curl")).args(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", &format!("jokes.localhost:{http_port}:127.0.0.1"), &format!("http://jokes.localhost:{http_port}/")]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "308", "{}", output_text(&out));

    // A domain mapping gets its certificate over ACME, and its status says so.
    let mapped = r.cli_ok(&["domains", "map", "jokes", "mapped.localhost"]);
    assert!(mapped.contains("mapped") && mapped.contains("127.0.0.1"), "{mapped}");
    let mapping = eventually(Duration::from_secs(60), "the mapping's certificate is provisioned", || async {
        let (_, m) = r.api_json("GET", "/apis/domains.cloudrun.com/v1/namespaces/default/domainmappings/mapped.localhost", None).await.ok()?;
        let conditions = m["status"]["conditions"].as_array()?.clone();
        conditions.iter().any(|c| c["type"] == "CertificateProvisioned" && c["status"] == "True").then_some(m)
    })
    .await;
    assert_eq!(mapping["spec"]["certificateMode"], "AUTOMATIC", "{mapping}");
    let out = curl_https(&root, "mapped.localhost", https_port);
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).to_ascii_lowercase().contains("x-runlane-revision: jokes-00001"), "{}", output_text(&out));

    // A refused order shows its error, in the API and the CLI.
    let refused = eventually(Duration::from_secs(60), "the refused order's error is reported", || async {
        certificate(&r, "blocked.localhost").await.filter(|c| c["lastRenewalError"].as_str().is_some_and(|e| e.contains("rejectedIdentifier")))
    })
    .await;
    assert_eq!(refused["state"], "Failed", "{refused}");
    let error = refused["lastRenewalError"].as_str().unwrap();
    assert!(error.contains("creating the order") && error.contains("rejectedIdentifier"), "{refused}");
    let listed = r.cli_ok(&["certs", "list"]);
    let blocked_line = listed.lines().find(|l| l.starts_with("blocked.localhost")).unwrap_or_else(|| panic!("{listed}"));
    assert!(blocked_line.contains("Failed") && blocked_line.contains("rejectedIdentifier"), "{listed}");
    let jokes_line = listed.lines().find(|l| l.starts_with("jokes.localhost")).unwrap_or_else(|| panic!("{listed}"));
    assert!(jokes_line.contains("acme") && jokes_line.contains("Serving") && jokes_line.contains("Pebble"), "{listed}");

    // The account and the key are private; the certificate is stored.
    for file in ["acme/account.json", "acme/certs/jokes.localhost/key.pem", "acme/certs/jokes.localhost/cert.pem"] {
        let mode = std::fs::metadata(data.join(file)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }

    // A forced renewal: clients keep connecting while it runs, and none fails.
    let before = served_serial(https_port, "jokes.localhost");
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (stop, root) = (stop.clone(), root.clone());
        std::thread::spawn(move || {
            let (mut ok, mut failed) = (0, Vec::new());
            while !stop.load(Ordering::Relaxed) {
                let out = curl_https(&root, "jokes.localhost", https_port);
                if out.status.success() {
                    ok += 1;
                } else {
                    failed.push(output_text(&out));
                }
            }
            (ok, failed)
        })
    };
    let out = r.cli(&["certs", "renew", "jokes.localhost"]);
    assert!(out.status.success() && output_text(&out).contains("Renewal of jokes.localhost requested"), "{}", output_text(&out));
    let first_renewal = issued["lastRenewalTime"].clone();
    let renewed = eventually(Duration::from_secs(60), "the renewed certificate serves", || async {
        certificate(&r, "jokes.localhost").await.filter(|c| c["state"] == "Serving" && c["lastRenewalTime"] != first_renewal)
    })
    .await;
    let after = served_serial(https_port, "jokes.localhost");
    stop.store(true, Ordering::Relaxed);
    let (ok, failed) = load.join().unwrap();
    assert!(failed.is_empty(), "{} of {} requests failed during the renewal: {failed:?}", failed.len(), ok + failed.len());
    assert!(ok > 0);
    assert_ne!(before, after, "the renewal must serve a new certificate ({renewed})");
    let unknown = r.cli(&["certs", "renew", "nope.localhost"]);
    assert!(!unknown.status.success() && output_text(&unknown).contains("no certificate is managed over ACME for nope.localhost"), "{}", output_text(&unknown));

    // The refused name has failed twice (the first retry comes 10 s after the first
    // failure), so a count of 1 after the restart would mean the record was lost.
    let failed_before = eventually(Duration::from_secs(60), "the refused order is retried and refused again", || async {
        certificate(&r, "blocked.localhost").await.and_then(|c| c["failedOrders"].as_u64()).filter(|n| *n >= 2)
    })
    .await;

    // A restart serves the stored certificate at once, without ordering; a new name is
    // validated over TLS-ALPN-01 on the HTTPS listener; the refused name keeps its error
    // and its backoff.
    r.stop();
    let orders_before = r.log().matches("ACME: ordering a certificate name=\"jokes.localhost\"").count();
    let flags = acme_flags(&["--acme-domain", "jokes.localhost", "--acme-domain", "blocked.localhost", "--acme-domain", "alpn.localhost", "--acme-challenge", "tls-alpn-01"]);
    let flag_refs: Vec<&str> = flags.iter().map(String::as_str).collect();
    let r = Runlane::start_in_with(bin(), &data, http_port, &flag_refs).unwrap();
    assert_eq!(served_serial(https_port, "jokes.localhost"), after, "the stored certificate serves after a restart");
    let blocked = certificate(&r, "blocked.localhost").await.unwrap();
    assert!(blocked["failedOrders"].as_u64().unwrap() >= failed_before, "the failures were forgotten: {blocked}");
    assert!(blocked["lastRenewalError"].as_str().unwrap().contains("rejectedIdentifier"), "{blocked}");
    let record = std::fs::read_to_string(data.join("acme/certs/blocked.localhost/failures.json")).unwrap();
    assert!(record.contains("rejectedIdentifier"), "{record}");
    assert!(!data.join("acme/certs/jokes.localhost/failures.json").exists(), "an issued name keeps no failure record");
    let alpn = serving(&r, "alpn.localhost").await;
    assert_eq!(alpn["origin"]["challenge"], "tls-alpn-01", "{alpn}");
    assert!(r.log().contains("answered an ACME TLS-ALPN-01 validation handshake"), "{}", r.log());
    assert!(r.log().contains("ACME: using the stored account"), "{}", r.log());
    assert_eq!(r.log().matches("ACME: ordering a certificate name=\"jokes.localhost\"").count(), orders_before, "no new order for a stored certificate");
    assert!(served_serial(https_port, "alpn.localhost") != after);
    let out = curl_https(&root, "alpn.localhost", https_port);
    // No service has that name: the router's 404, over a verified connection.
    assert!(String::from_utf8_lossy(&out.stderr).contains("404"), "{}", output_text(&out));
}

#[test]
fn acme_settings_are_checked_and_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let up = |args: &[&str]| {
        Command::new(bin())
            .args(["up", "--data-dir"])
            .arg(tmp.path().join("data"))
            .args(["--api-addr", "127.0.0.1:0", "--router-port", "0", "--https-port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = up(&["--acme-directory", "https://127.0.0.1:1/dir", "--acme-domain", "*.example.com"]);
    assert!(!out.status.success() && output_text(&out).contains("--acme-domain") && output_text(&out).contains("wildcards need DNS-01"), "{}", output_text(&out));
    let out = up(&["--acme-directory", "https://127.0.0.1:1/dir", "--acme-domain", "bad_name.example.com"]);
    assert!(!out.status.success() && output_text(&out).contains("only letters, digits, hyphens and dots"), "{}", output_text(&out));
    let out = up(&["--acme-domain", "jokes.example.com"]);
    assert!(!out.status.success() && output_text(&out).contains("--acme-directory"), "{}", output_text(&out));
    let out = up(&["--acme-directory", "https://127.0.0.1:1/dir", "--acme-challenge", "dns-01"]);
    assert!(!out.status.success() && output_text(&out).contains("http-01") && output_text(&out).contains("tls-alpn-01"), "{}", output_text(&out));
    // Nothing was started by a refused start.
    assert!(!tmp.path().join("data").exists(), "a refused start created the data dir");

    let out = Command::new(bin())
        .args(["up", "--print-config", "--acme-directory", "https://acme.example/dir", "--acme-domain", "a.example.com,b.example.com"])
        .env("RUNLANE_ACME_CHALLENGE", "tls-alpn-01")
        .output()
        .unwrap();
    let printed = output_text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("acme-directory = \"https://acme.example/dir\"  # flag"), "{printed}");
    assert!(printed.contains("acme-domain = [\"a.example.com\", \"b.example.com\"]  # flag"), "{printed}");
    assert!(printed.contains("acme-challenge = \"tls-alpn-01\"  # environment (RUNLANE_ACME_CHALLENGE)"), "{printed}");
    assert!(printed.contains("acme-renew-before = \"30d\"  # default"), "{printed}");
}
