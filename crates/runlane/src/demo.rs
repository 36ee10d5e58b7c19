//! `runlane demo`: the Serverless Journey (examples/serverless-journey/README.md) run
//! for you, on a fresh data dir, with shortened windows. It starts `runlane up` as a child
//! with a built-in mailbox as its SMTP server, then runs each step as the runlane command
//! an operator would type, printing the command and what it answered. It leaves the
//! platform running, with the incident open, until Ctrl-C.
//!
//! The demo decides nothing about the platform: every step is a public command or API call.

mod mail;

use anyhow::{bail, Context};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The walkthrough's windows, shortened so the story takes minutes.
const SLO_PERIOD: &str = "1m";
const LOOKBACK: &str = "30s";
const BURST_REQUESTS: &str = "10000";
/// Requests a second per load worker (10 workers): the burst takes 20 s, so that after
/// the rollback its bad requests leave the 1-minute period over 20 s and the SLI climbs
/// back rather than jumping at once.
const BURST_QPS_PER_WORKER: &str = "50";
const SMOKE_REQUESTS: &str = "200";

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// A fresh (absent or empty) data dir for the demo [default: a new directory under the system's temp dir].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Address of the admin API.
    #[arg(long, default_value = "127.0.0.1:8484")]
    api_addr: SocketAddr,
    /// Port of the router (services at http://SERVICE.localhost:PORT).
    #[arg(long, default_value_t = 8080)]
    router_port: u16,
    /// Port of the demo's mailbox (its SMTP server on 127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    smtp_port: u16,
    /// Stop the platform once the story is told instead of leaving it running (for scripts).
    #[arg(long)]
    exit: bool,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let data_dir = fresh_data_dir(args.data_dir.clone())?;
    let mail_dir = mail::dir(&data_dir);
    std::fs::create_dir_all(&mail_dir).with_context(|| format!("cannot create the demo mailbox {}", mail_dir.display()))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.smtp_port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{} for the demo mailbox; pass another --smtp-port", args.smtp_port))?;
    let smtp_port = listener.local_addr()?.port();
    let (mail_tx, mut inbox) = mpsc::unbounded_channel();
    tokio::spawn(mail::serve(listener, mail_dir.clone(), mail_tx));

    println!("runlane demo: the Serverless Journey (examples/serverless-journey/README.md), told by runlane itself.");
    println!("Shortened so it takes about two minutes: SLO period {SLO_PERIOD} (the walkthrough: 1 day), alert lookback {LOOKBACK}");
    println!("(5 minutes), the load test {BURST_REQUESTS} requests (500,000); the incident stays open (--resolve-after 1h) for you to inspect.");
    println!();
    let mut platform = Platform::start(&data_dir, &args, smtp_port).await?;
    println!("Platform: router http://127.0.0.1:{}, API {}, data {}", platform.router_port, platform.api, data_dir.display());
    println!("Mailbox:  smtp://127.0.0.1:{smtp_port}, every message kept in {}", mail_dir.display());

    let story = tell(&mut platform, &mut inbox, args.exit).await;
    let code = match story {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ERROR: the demo stopped: {e:#}; the platform's log is {}", data_dir.join("runlane.log").display());
            ExitCode::FAILURE
        }
    };
    if args.exit {
        platform.stop().await;
        return Ok(code);
    }
    println!();
    println!("The platform keeps running; Ctrl-C stops it. In another terminal:");
    println!("  export RUNLANE_API={} RUNLANE_TOKEN_FILE={}", platform.api, platform.token_file.display());
    println!("  eval \"$(runlane gcloud-config)\"    # to drive it with gcloud too (in its own gcloud configuration)");
    tokio::select! {
        () = wait_for_signal() => {}
        status = platform.up.wait() => println!("runlane up exited ({})", status.map_or_else(|e| e.to_string(), |s| s.to_string())),
    }
    platform.stop().await;
    Ok(code)
}

/// The story, step by step.
async fn tell(p: &mut Platform, inbox: &mut mpsc::UnboundedReceiver<mail::Received>, exit: bool) -> anyhow::Result<()> {
    let service_url = format!("http://jokes.localhost:{}/", p.router_port);
    let canary_url = format!("http://next---jokes.localhost:{}/", p.router_port);

    p.step("Deploy a known-good revision, tagged good");
    p.runlane(&["deploy", "jokes", "--image", "runlane/hello", "--tag", "good", "--allow-unauthenticated"]).await?;

    p.step("Define the SLO: 99% of requests answer 2xx (5xx are bad), over a rolling period");
    p.runlane(&["slo", "create", "jokes", "--availability", "--goal", "99", "--rolling", SLO_PERIOD]).await?;

    p.step("A fast-burn alert: burn rate above 10× over the lookback, by email");
    p.runlane(&["channels", "create", "email", "--address", "oncall@example.com"]).await?;
    p.runlane(&["alerts", "create", "jokes", "--slo", "availability", "--burn-rate", "10", "--lookback", LOOKBACK, "--channel", "oncall@example.com", "--resolve-after", "1h"]).await?;

    p.step("Base load: 3 workers, 1 request a second each, in the background");
    p.background_load(&["load", "-z", "1h", "-c", "3", "-q", "1", &service_url])?;
    p.wait_for("30 good requests in the SLO", Duration::from_secs(60), || async {
        let st = p.json(&["slo", "describe", "jokes", "availability"]).await.ok()?;
        (st["events"]["good"].as_u64()? >= 30).then_some(())
    })
    .await?;
    p.runlane(&["slo", "describe", "jokes", "availability"]).await?;

    p.step("Deploy a failing revision (FAIL_PERCENT=100) tagged next, without traffic");
    p.runlane(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic"]).await?;

    p.step("Send it 10% of the traffic");
    p.runlane(&["services", "update-traffic", "jokes", "--to-tags", "next=10"]).await?;

    p.step("Load test the service, and smoke-test the canary at its tag URL");
    say("A 100%-failing canary at exactly 10% of a 99% SLO's traffic burns at 10×: the threshold itself, not reliably");
    say("above it. The requests sent straight to the canary's URL count against the service's SLO too, and tip it over.");
    let burst_args = ["load", "-n", BURST_REQUESTS, "-c", "10", "-q", BURST_QPS_PER_WORKER, &service_url];
    let smoke_args = ["load", "-n", SMOKE_REQUESTS, "-c", "4", &canary_url];
    let (burst, smoke) = tokio::join!(p.load_summary(&burst_args), p.load_summary(&smoke_args));
    let (burst, smoke) = (burst?, smoke?);
    say(&format!("$ runlane load -n {BURST_REQUESTS} -c 10 -q {BURST_QPS_PER_WORKER} {service_url}"));
    say(&format!("  {burst}"));
    say(&format!("$ runlane load -n {SMOKE_REQUESTS} -c 4 {canary_url}"));
    say(&format!("  {smoke}"));

    p.step("The alert email arrives");
    let message = tokio::time::timeout(Duration::from_secs(90), inbox.recv()).await.context("no alert email within 90 s")?.context("the mailbox stopped")?;
    say(&format!("(kept in {})", message.path.display()));
    say(&format!("To:      {}", mail::header(&message.text, "To")));
    say(&format!("Subject: {}", mail::header(&message.text, "Subject")));
    say("");
    for line in mail::body(&message.text).lines() {
        say(line);
    }

    p.step("Open the incident and acknowledge it");
    let incidents = p.json(&["incidents", "list"]).await?;
    let open = incidents.as_array().into_iter().flatten().find(|i| i["state"] == "OPEN").context("no open incident")?;
    let id = open["id"].as_str().unwrap_or_default().to_owned();
    let culprit = open["topRevision"].as_str().unwrap_or("<the canary>").to_owned();
    p.runlane(&["incidents", "ack", &id, "--by", "demo"]).await?;
    p.runlane(&["incidents", "describe", &id]).await?;

    p.step("The logs: which revision do the errors come from?");
    p.runlane(&["logs", "read", "jokes", "--severity", "ERROR", "--limit", "4"]).await?;
    let errors = p.json(&["logs", "read", "jokes", "--severity", "ERROR", "--limit", "1000"]).await?;
    let mut by_revision = std::collections::BTreeMap::<String, usize>::new();
    for e in errors.as_array().into_iter().flatten() {
        *by_revision.entry(e["resource"]["labels"]["revision_name"].as_str().unwrap_or("?").to_owned()).or_default() += 1;
    }
    let counted: Vec<String> = by_revision.iter().map(|(r, n)| format!("{n} from {r}")).collect();
    say(&format!("The newest {} ERROR entries: {}.", errors.as_array().map_or(0, Vec::len), counted.join(", ")));

    p.step("Roll back: all traffic to good");
    p.runlane(&["services", "update-traffic", "jokes", "--to-tags", "good=100"]).await?;

    p.step(&format!("Watch the SLI over the {SLO_PERIOD} period climb back over 99% as the bad requests leave it"));
    let last_said = std::cell::Cell::new(Instant::now() - Duration::from_secs(60));
    let last_said = &last_said;
    let shared: &Platform = p;
    let recovered = shared
        .wait_for("the SLI back over 99%", Duration::from_secs(300), move || async move {
            let st = shared.json(&["slo", "describe", "jokes", "availability"]).await.ok()?;
            let sli = st["sli"].as_f64()?;
            if sli > 0.99 {
                return Some(sli);
            }
            if last_said.get().elapsed() >= Duration::from_secs(3) {
                last_said.set(Instant::now());
                let eta = match (st["recovery"]["state"].as_str(), st["recovery"]["secondsToGoal"].as_f64()) {
                    (Some("RECOVERING"), Some(secs)) => format!("; back over 99% in about {secs:.0} s at the last {}'s rate", st["recovery"]["rateLookback"].as_str().unwrap_or("minute")),
                    _ => String::new(),
                };
                say(&format!("SLI {:.2}% ({} bad of {} requests in the period{eta})", sli * 100.0, st["events"]["bad"], st["events"]["total"]));
            }
            None
        })
        .await?;
    say(&format!("SLI {:.2}%: back within the SLO.", recovered * 100.0));
    p.runlane(&["slo", "describe", "jokes", "availability"]).await?;

    println!();
    if exit {
        // The platform stops next: invite no query against it, say how to bring it back.
        println!("Done. The platform stops now (--exit); its data stays in {}.", p.data_dir.display());
        println!("To look around later: runlane up --data-dir {} (incident {id} is kept, acknowledged).", p.data_dir.display());
    } else {
        println!("Done. Incident {id} is still open (acknowledged; it resolves after an hour clear, or close it: runlane incidents close {id}).");
        println!("Look around: runlane incidents describe {id}; runlane logs read jokes --revision {culprit}; runlane metrics jokes --since 10m.");
    }
    Ok(())
}

fn say(text: &str) {
    println!("  {text}");
}

/// The `runlane up` child and what the steps need to talk to it.
struct Platform {
    exe: PathBuf,
    up: Child,
    api: String,
    router_port: u16,
    token_file: PathBuf,
    data_dir: PathBuf,
    background: Vec<Child>,
    step: usize,
}

impl Platform {
    async fn start(data_dir: &Path, args: &DemoArgs, smtp_port: u16) -> anyhow::Result<Platform> {
        let exe = std::env::current_exe().context("cannot find the runlane executable")?;
        let log_path = data_dir.join("runlane.log");
        let log = std::fs::File::create(&log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
        let mut up = Command::new(&exe)
            .arg("up")
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--api-addr", &args.api_addr.to_string(), "--router-port", &args.router_port.to_string()])
            .args(["--smtp-url", &format!("smtp://127.0.0.1:{smtp_port}"), "--smtp-from", "runlane@localhost"])
            .env_remove("RUNLANE_SMTP_PASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .context("cannot start runlane up")?;
        let stdout = up.stdout.take().context("runlane up has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let (mut api, mut router_port) = (None, None);
        while api.is_none() || router_port.is_none() {
            let Some(line) = lines.next_line().await? else {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                bail!("runlane up stopped before it was up:\n{}", log.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n"));
            };
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some("api"), Some(url)) => api = Some(url.to_owned()),
                (Some("router"), Some(url)) => router_port = url.rsplit(':').next().and_then(|p| p.parse().ok()),
                _ => {}
            }
        }
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Platform {
            exe,
            up,
            api: api.unwrap_or_default(),
            router_port: router_port.unwrap_or_default(),
            token_file: data_dir.join("api-token"),
            data_dir: data_dir.to_owned(),
            background: Vec::new(),
            step: 0,
        })
    }

    fn step(&mut self, title: &str) {
        self.step += 1;
        println!();
        println!("[{}] {title}", self.step);
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.args(args).env("RUNLANE_API", &self.api).env("RUNLANE_TOKEN_FILE", &self.token_file).env_remove("RUNLANE_NAMESPACE").stdin(Stdio::null()).kill_on_drop(true);
        cmd
    }

    /// Prints `$ runlane ARGS` and what it answered; fails when the command does.
    async fn runlane(&self, args: &[&str]) -> anyhow::Result<()> {
        say(&format!("$ runlane {}", args.join(" ")));
        let out = self.command(args).output().await.context("cannot run runlane")?;
        for line in String::from_utf8_lossy(&out.stdout).lines().chain(String::from_utf8_lossy(&out.stderr).lines()) {
            say(&format!("  {line}"));
        }
        if !out.status.success() {
            bail!("`runlane {}` failed", args.join(" "));
        }
        Ok(())
    }

    /// A command's `--format json` answer, without narration.
    async fn json(&self, args: &[&str]) -> anyhow::Result<Value> {
        let out = self.command(args).args(["--format", "json"]).output().await.context("cannot run runlane")?;
        if !out.status.success() {
            bail!("`runlane {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
        }
        serde_json::from_slice(&out.stdout).with_context(|| format!("`runlane {}` printed no JSON", args.join(" ")))
    }

    /// Runs `runlane load … --output json` and sums it up in one line.
    async fn load_summary(&self, args: &[&str]) -> anyhow::Result<String> {
        let out = self.command(args).args(["--output", "json"]).stderr(Stdio::null()).output().await.context("cannot run runlane load")?;
        let report: Value = serde_json::from_slice(&out.stdout).with_context(|| format!("`runlane {}` printed no report", args.join(" ")))?;
        let s = &report["summary"];
        Ok(format!(
            "{} requests in {:.1} s: {} answered 2xx, {} failed ({:.1}%)",
            s["requests"],
            s["duration_secs"].as_f64().unwrap_or(0.0),
            s["successes"],
            s["failures"],
            s["error_ratio"].as_f64().unwrap_or(0.0) * 100.0
        ))
    }

    fn background_load(&mut self, args: &[&str]) -> anyhow::Result<()> {
        say(&format!("$ runlane {} &", args.join(" ")));
        let child = self.command(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().context("cannot start runlane load")?;
        self.background.push(child);
        Ok(())
    }

    /// Polls `check` (every half second) until it answers, or fails after `timeout`.
    async fn wait_for<T, F, Fut>(&self, what: &str, timeout: Duration, mut check: F) -> anyhow::Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = check().await {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                bail!("gave up waiting for {what} after {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Stops the background load, then `runlane up` (SIGTERM: it drains and stops its instances).
    async fn stop(&mut self) {
        for mut c in self.background.drain(..) {
            let _ = c.kill().await;
        }
        if let Some(pid) = self.up.id() {
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::Signal::SIGTERM);
        }
        let _ = self.up.wait().await;
    }
}

/// The demo's data dir: the one given, if absent or empty, or a new one under the temp dir.
fn fresh_data_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = match given {
        Some(d) => {
            if std::fs::read_dir(&d).is_ok_and(|mut entries| entries.next().is_some()) {
                bail!("--data-dir {} is not empty; the demo starts from a fresh data dir: pass a new or empty directory", d.display());
            }
            d
        }
        None => {
            let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            std::env::temp_dir().join(format!("runlane-demo-{stamp}-{}", std::process::id()))
        }
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create the data dir {}; pass a writable --data-dir", dir.display()))?;
    Ok(dir)
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
