//! Fixtures for end-to-end tests: a real `runlane up` process on free ports with its
//! own data dir, an HTTP client that talks to its router and API over real sockets,
//! and `eventually`, which polls a condition with a deadline instead of sleeping.
#![forbid(unsafe_code)]

pub mod oci;
pub mod smtp;
pub mod tools;

use anyhow::{bail, Context};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;
use tokio::time::Instant;

/// Polls `check` until it returns Some, or fails after `timeout` with `what`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let outcome = poll_until(timeout, || {
        let checked = check();
        async move { checked.await.ok_or(()) }
    });
    match outcome.await {
        Ok(v) => v,
        Err(()) => panic!("timed out after {timeout:?} waiting for {what}"),
    }
}

/// Polls `check` until it returns Ok; once `timeout` has passed, returns its last
/// Err instead (for a failure that says what was still wrong).
pub async fn poll_until<T, E, F, Fut>(timeout: Duration, mut check: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(5);
    loop {
        match check().await {
            Ok(v) => return Ok(v),
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => {}
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// A `runlane up` child process.
pub struct Runlane {
    pub bin: PathBuf,
    pub data_dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
    child: Option<Child>,
    pub api: String,
    pub router_port: u16,
    /// The router's HTTPS port, when `up` was given certificates.
    pub https_port: Option<u16>,
    pub client: HttpClient,
    stderr_log: PathBuf,
}

impl Runlane {
    /// Starts `runlane up` with a fresh data dir and free ports.
    pub fn start(bin: &Path) -> anyhow::Result<Runlane> {
        Self::start_with(bin, &[])
    }

    /// Like `start`, with more `runlane up` flags (e.g. `--scale-to-zero-grace 2s`).
    pub fn start_with(bin: &Path, flags: &[&str]) -> anyhow::Result<Runlane> {
        let tmp = tempfile::tempdir()?;
        // Apps written next to the data dir are read by instances, which run as another
        // user when runlane is root; the data dir itself is made 0700 by runlane.
        std::fs::set_permissions(tmp.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
        let data_dir = tmp.path().join("data");
        let mut r = Self::start_in_with(bin, &data_dir, 0, flags)?;
        r._tmp = Some(tmp);
        Ok(r)
    }

    /// Starts `runlane up` on an existing data dir (for restart tests); `router_port` 0 picks one.
    pub fn start_in(bin: &Path, data_dir: &Path, router_port: u16) -> anyhow::Result<Runlane> {
        Self::start_in_with(bin, data_dir, router_port, &[])
    }

    /// Like `start_in`, with more `runlane up` flags.
    pub fn start_in_with(bin: &Path, data_dir: &Path, router_port: u16, flags: &[&str]) -> anyhow::Result<Runlane> {
        Self::start_logging(bin, data_dir, router_port, flags, "info")
    }

    /// Like `start_in_with`, logging what `log` (a `RUNLANE_LOG` filter such as
    /// `info,runlane_controller=debug`) selects to the log [`Runlane::log`] reads.
    pub fn start_logging(bin: &Path, data_dir: &Path, router_port: u16, flags: &[&str], log: &str) -> anyhow::Result<Runlane> {
        std::fs::create_dir_all(data_dir)?;
        let stderr_log = data_dir.with_extension("stderr.log");
        let stderr = std::fs::OpenOptions::new().create(true).append(true).open(&stderr_log)?;
        // `--router-addr` replaces `--router-port` (they conflict).
        let router_port = router_port.to_string();
        let router_flags: &[&str] = if flags.contains(&"--router-addr") { &[] } else { &["--router-port", &router_port] };
        // Tests call the services they deploy without a token, as a developer's curl does,
        // unless they say otherwise (runlane's own default is Cloud Run's: private).
        let access_flags: &[&str] = if flags.contains(&"--new-services") { &[] } else { &["--new-services", "public"] };
        // With certificates the router also serves HTTPS, on 8443 unless told: a free port,
        // as for plain HTTP, so tests can run side by side.
        let https_flags: &[&str] =
            if flags.contains(&"--tls-cert") && !flags.iter().any(|f| *f == "--https-port" || *f == "--https-addr") { &["--https-port", "0"] } else { &[] };
        let mut child = Command::new(bin)
            .args(["up", "--api-addr", "127.0.0.1:0", "--drain-seconds", "5"])
            .args(router_flags)
            .args(access_flags)
            .args(https_flags)
            .arg("--data-dir")
            .arg(data_dir)
            .args(flags)
            .env("RUNLANE_LOG", log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .context("spawn runlane up")?;
        let stdout = child.stdout.take().context("stdout")?;
        // Reading stdout blocks until `up` prints its addresses, which it does once listening.
        let mut api = None;
        let mut router = None;
        let mut https = None;
        let mut lines = BufReader::new(stdout).lines();
        while api.is_none() || router.is_none() {
            let Some(line) = lines.next() else {
                let log = std::fs::read_to_string(&stderr_log).unwrap_or_default();
                bail!("runlane up exited before printing its addresses; its log:\n{log}");
            };
            let line = line?;
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some("api"), Some(url)) => api = Some(url.to_owned()),
                (Some("router"), Some(url)) => router = url.rsplit(':').next().and_then(|p| p.parse().ok()),
                // Printed before the API's line.
                (Some("https"), Some(url)) => https = url.rsplit(':').next().and_then(|p| p.parse().ok()),
                _ => {}
            }
        }
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Runlane {
            bin: bin.to_owned(),
            data_dir: data_dir.to_owned(),
            _tmp: None,
            child: Some(child),
            api: api.unwrap(),
            router_port: router.unwrap(),
            https_port: https,
            client: HttpClient::new(),
            stderr_log,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_log).unwrap_or_default()
    }

    /// The API token file `runlane up` keeps in its data dir.
    pub fn token_file(&self) -> PathBuf {
        self.data_dir.join("api-token")
    }

    pub fn token(&self) -> String {
        std::fs::read_to_string(self.token_file()).expect("runlane up writes its API token").trim().to_owned()
    }

    /// Runs a runlane CLI command against this instance.
    pub fn cli(&self, args: &[&str]) -> Output {
        self.cli_command(args).output().expect("run runlane CLI")
    }

    /// Runs a runlane CLI command against this instance when its API speaks TLS with a
    /// certificate the test CA `ca` signed.
    pub fn cli_with_ca(&self, ca: &Path, args: &[&str]) -> Output {
        self.cli_command(args).env("RUNLANE_CA_CERT", ca).output().expect("run runlane CLI")
    }

    fn cli_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command.args(args).env("RUNLANE_API", &self.api).env("RUNLANE_TOKEN_FILE", self.token_file()).env_remove("RUNLANE_NAMESPACE");
        command
    }

    /// Like `cli`, but panics with the output when the command fails.
    pub fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(out.status.success(), "runlane {args:?} failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The router's address for a host such as `jokes.localhost`.
    pub fn router_addr(&self) -> String {
        format!("127.0.0.1:{}", self.router_port)
    }

    pub async fn get(&self, host: &str, path: &str) -> anyhow::Result<(u16, String)> {
        self.client.request("GET", &self.router_addr(), host, path, Bytes::new()).await
    }

    pub async fn api_json(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> anyhow::Result<(u16, serde_json::Value)> {
        let addr = self.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let body = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        let token = self.token();
        let (status, text) = self.client.request_with(method, &addr, &addr, path, body, &[("authorization", &format!("Bearer {token}"))]).await?;
        let json = serde_json::from_str(&text).with_context(|| format!("{method} {path} answered {status} with non-JSON: {text}"))?;
        Ok((status, json))
    }

    /// SIGTERM, then wait for exit; returns the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM);
        child.wait().expect("wait for runlane")
    }

    /// SIGKILL, as a crash would.
    pub fn kill9(&mut self) {
        let mut child = self.child.take().expect("running");
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Runlane {
    fn drop(&mut self) {
        if self.child.is_some() {
            self.stop();
        }
    }
}

/// Whether a process exists (and is not a zombie).
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z'),
        Err(_) => false,
    }
}

/// A keep-alive HTTP/1.1 client that connects to a fixed address and sends any Host.
#[derive(Clone)]
pub struct HttpClient {
    inner: Client<HttpConnector, Full<Bytes>>,
}

impl Default for HttpClient {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpClient {
    pub fn new() -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        HttpClient { inner: Client::builder(TokioExecutor::new()).pool_max_idle_per_host(64).build(connector) }
    }

    /// Sends a request and returns as soon as the response head arrives, body unread.
    pub async fn send(&self, method: &str, addr: &str, host: &str, path: &str, body: Bytes) -> anyhow::Result<http::Response<hyper::body::Incoming>> {
        let req = http::Request::builder()
            .method(method)
            .uri(format!("http://{addr}{path}"))
            .header(http::header::HOST, host)
            .body(Full::new(body))?;
        self.inner.request(req).await.with_context(|| format!("{method} http://{host}{path} via {addr}"))
    }

    pub async fn request(&self, method: &str, addr: &str, host: &str, path: &str, body: Bytes) -> anyhow::Result<(u16, String)> {
        self.request_with(method, addr, host, path, body, &[]).await
    }

    /// Like `request`, with extra headers.
    pub async fn request_with(&self, method: &str, addr: &str, host: &str, path: &str, body: Bytes, headers: &[(&str, &str)]) -> anyhow::Result<(u16, String)> {
        let mut req = http::Request::builder()
            .method(method)
            .uri(format!("http://{addr}{path}"))
            .header(http::header::HOST, host)
            .header(http::header::CONTENT_TYPE, "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Full::new(body))?;
        let resp = self.inner.request(req).await.with_context(|| format!("{method} http://{host}{path} via {addr}"))?;
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await?.to_bytes();
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}
