//! Google's official client libraries drive runlane: Python scripts in
//! `tests/clients/`, run in the venv `scripts/pyenv.sh` builds from PyPI (pinned in
//! `scripts/python-requirements.txt`), against a real `runlane up`. Each script asserts
//! on what the library returns and exits non-zero on the first difference.
//!
//! - `cloud_run_v2`: `google-cloud-run`'s `ServicesClient` and `RevisionsClient` over
//!   REST: create (waiting on the operation), get, list in pages, update image/env,
//!   traffic and tags with an update mask, stale etags and bad fields refused, revisions
//!   listed, read and deleted, IAM, a failing deploy's operation error, delete.
//! - `monitoring_logging_grpc`: `google-cloud-monitoring` and `google-cloud-logging` over
//!   their default gRPC transport (plaintext to the API's address, the token as call
//!   metadata): services and SLOs, notification channels and alert policies created,
//!   read, listed in pages, updated with a field mask, refused with REST's field
//!   violations, deleted; calls without the token refused; `list_time_series` with
//!   alignment, reducer and grouping; `list_entries` with the library's default filter,
//!   in pages, in both orders; `tail_log_entries` streaming entries logged after it
//!   started, each once and in order, until cancelled, and its errors. Run twice: over h2c to the plain API, and over h2 to the
//!   API with TLS (certificates of a test CA made by openssl).
//!
//! - `discovery`: `google-api-python-client` with the discovery documents it ships
//!   (Run v1, Monitoring v3, Logging v2): services listed and read, an SLO, a channel and
//!   an alert policy created, patched with `updateMask`, filtered, deleted; errors with
//!   the field named; `timeSeries.list` counting exactly the requests sent; log entries
//!   in pages in time order; no token → 401.
//!
//! The venv is `RUNLANE_PYENV` (scripts/test.sh sets it), else the cache dir
//! `scripts/pyenv.sh` uses; a missing venv fails the test and says how to build it.

use runlane_test_support::tools::make_certificates;
use runlane_test_support::Runlane;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn python() -> PathBuf {
    let venv = std::env::var_os("RUNLANE_PYENV").map(PathBuf::from).unwrap_or_else(|| {
        let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache"));
        cache.join("runlane/pyenv")
    });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "the Python venv with Google's client libraries is missing at {}; build it with scripts/pyenv.sh (scripts/test.sh does) or point RUNLANE_PYENV at one",
        venv.display()
    );
    python
}

fn run_script(r: &Runlane, script: &str) -> String {
    run_script_with(r, script, &[])
}

fn run_script_with(r: &Runlane, script: &str, env: &[(&str, &Path)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients").join(script);
    let out = Command::new(python())
        .arg(&path)
        .env("RUNLANE_API", &r.api)
        .env("RUNLANE_TOKEN", r.token())
        .env("RUNLANE_ROUTER", r.router_addr())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run the client-library script");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script} failed ({}):\n{stdout}\n{}\nrunlane's log:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        r.log()
    );
    stdout
}

#[test]
#[ignore = "needs the Python venv; scripts/test.sh runs it"]
fn google_cloud_run_v2_client() {
    let r = Runlane::start(bin()).unwrap();
    let out = run_script(&r, "cloud_run_v2.py");
    assert!(out.contains("cloud-run-v2 client:") && checks_passed(&out) >= 60, "{out}");
}

#[test]
#[ignore = "needs the Python venv; scripts/test.sh runs it"]
fn google_api_python_client_discovery() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "hello", "--image", "runlane/hello"]);
    let out = run_script(&r, "discovery.py");
    assert!(out.contains("discovery client:") && checks_passed(&out) >= 40, "{out}");
}

/// The number N of the script's closing line `… N checks passed`.
fn checks_passed(out: &str) -> u32 {
    out.split_whitespace().rev().nth(2).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no check count in:\n{out}"))
}

#[test]
#[ignore = "needs the Python venv; scripts/test.sh runs it"]
fn google_cloud_monitoring_and_logging_over_grpc() {
    let r = Runlane::start(bin()).unwrap();
    let out = run_script(&r, "monitoring_logging_grpc.py");
    assert!(out.contains("monitoring-logging grpc clients (h2c):") && out.contains("tail_log_entries:") && checks_passed(&out) >= 80, "{out}");
}

#[test]
#[ignore = "needs openssl, the Python venv; scripts/test.sh runs it"]
fn google_cloud_monitoring_and_logging_over_grpc_with_tls() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(certs.path());
    let flags = ["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap(), "--https-port", "0", "--plain-http", "serve"];
    let r = Runlane::start_with(bin(), &flags).unwrap();
    assert!(r.api.starts_with("https://"), "the API serves TLS: {}", r.api);
    // REQUESTS_CA_BUNDLE: the Cloud Run client that deploys the measured service is REST.
    let out = run_script_with(&r, "monitoring_logging_grpc.py", &[("RUNLANE_CA_CERT", &ca), ("REQUESTS_CA_BUNDLE", &ca)]);
    assert!(out.contains("monitoring-logging grpc clients (h2 over TLS):") && out.contains("tail_log_entries:") && checks_passed(&out) >= 80, "{out}");
}
