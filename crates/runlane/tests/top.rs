//! `runlane top` in a real terminal: tmux runs it against a real
//! `runlane up` serving a service whose canary fails fast and whose stable revision is
//! slow, under load from `runlane load`; the screen tmux captures shows, per revision,
//! traffic, the 5xx ratio, the latency of successes and of errors apart, saturation (with
//! the router's queue depth, also checked in `/metrics`), and
//! the SLO beside them, and it refreshes.
//!
//! A missing `tmux` fails the test (scripts/test.sh installs it).

use runlane_test_support::tools::require;
use runlane_test_support::{eventually, Runlane};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// A tmux server of this test's own (its own socket), killed when dropped.
struct Tmux {
    tmux: PathBuf,
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new(&self.tmux);
        c.args(["-L", &self.socket]);
        c
    }

    fn screen(&self) -> String {
        let out = self.cmd().args(["capture-pane", "-p", "-t", "top"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

/// The cells of the screen's row for `revision` (whitespace-separated).
fn row(screen: &str, revision: &str) -> Option<Vec<String>> {
    screen.lines().find(|l| l.starts_with(revision)).map(|l| l.split_whitespace().map(str::to_owned).collect())
}

fn number(cell: &str) -> f64 {
    cell.trim_end_matches('%').parse().unwrap_or(f64::NAN)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs tmux; scripts/test.sh runs it"]
async fn top_shows_the_four_signals_per_revision_with_the_slo_in_a_terminal() {
    let tmux_bin = require("tmux", "RUNLANE_TMUX", "the Debian package tmux");
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "DELAY_MS=40", "--max-instances", "3"]);
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=50,DELAY_MS=40,FAIL_DELAY_MS=0", "--tag", "next", "--no-traffic"]);
    r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "next=50"]);
    r.cli_ok(&["slo", "create", "jokes", "--availability", "--goal", "99", "--rolling", "1d"]);
    let url = format!("http://jokes.localhost:{}/", r.router_port);
    let mut load = Command::new(bin()).args(["load", "-z", "2m", "-c", "4", "-q", "10", &url]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();

    let tmux = Tmux { tmux: tmux_bin, socket: format!("runlane-top-{}", std::process::id()) };
    let command = format!("{} top jokes --interval 1s", bin().display());
    let started = tmux
        .cmd()
        .args(["new-session", "-d", "-s", "top", "-x", "200", "-y", "40"])
        .args(["-e", &format!("RUNLANE_API={}", r.api), "-e", &format!("RUNLANE_TOKEN_FILE={}", r.token_file().display())])
        .arg(&command)
        .output()
        .unwrap();
    assert!(started.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&started.stderr));

    // Both revisions with traffic and both outcomes measured: the stable one's successes
    // slow (DELAY_MS=40), the canary's errors fast (FAIL_DELAY_MS=0), and the SLO burning.
    let screen = eventually(Duration::from_secs(60), "top to show both revisions' signals and the SLO", || async {
        let screen = tmux.screen();
        let stable = row(&screen, "jokes-00001")?;
        let canary = row(&screen, "jokes-00002")?;
        let ready = number(&stable[2]) > 0.0 && number(&canary[4]) > 0.0 && canary[7] != "-" && screen.contains("SLO availability:") && !screen.contains("SLI -");
        ready.then_some(screen)
    })
    .await;
    assert!(screen.contains("runlane top — project default") && screen.contains("REVISION") && screen.contains("2XX P50/P99") && screen.contains("5XX P50/P99"), "{screen}");
    assert!(screen.contains("SERVICE jokes (max instances 3"), "{screen}");
    let stable = row(&screen, "jokes-00001").unwrap();
    let canary = row(&screen, "jokes-00002").unwrap();
    // REVISION TRAFFIC [TAG] REQ/S 5XX P99 2XX 5XX INSTANCES CONC QUEUED CPU MEM
    assert_eq!(stable[1], "50%", "{screen}");
    assert_eq!(stable[3], "0.0%", "the stable revision does not fail: {screen}");
    assert_eq!(stable[6], "-", "the stable revision has no error latency: {screen}");
    let ok_p50 = number(stable[5].split('/').next().unwrap());
    assert!(ok_p50 >= 40.0, "the stable revision's successes take DELAY_MS=40: {screen}");
    assert_eq!(&canary[1..3], ["50%", "next"], "{screen}");
    let error_ratio = number(&canary[4]);
    assert!((20.0..=80.0).contains(&error_ratio), "the canary fails about half its requests: {screen}");
    let err_p99 = number(canary[7].split('/').nth(1).unwrap());
    assert!(err_p99 < 40.0, "the canary's errors are fast (FAIL_DELAY_MS=0), apart from its slow successes: {screen}");
    let instances = &stable[7];
    assert!(instances.ends_with("/3") && number(instances.split('/').next().unwrap()) >= 1.0, "instances against maxScale: {screen}");
    assert!(screen.contains("QUEUED") && stable[9].parse::<u64>().is_ok(), "the router's queue depth: {screen}");
    // The same queue depth is exported to Prometheus, per revision.
    let addr = r.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let (status, metrics) = r.client.request_with("GET", &addr, &addr, "/metrics", Default::default(), &[("authorization", &format!("Bearer {}", r.token()))]).await.unwrap();
    assert_eq!(status, 200, "{metrics}");
    let queued = format!("runlane_request_queue_depth{{service=\"jokes\",revision=\"{}\"}} ", stable[0]);
    assert!(metrics.contains(&queued), "{queued} in {metrics}");
    assert!(screen.contains("SLO availability: BELOW GOAL") || screen.contains("SLO availability: BURNING"), "{screen}");

    // It refreshes: the clock in the header changes.
    let clock = |s: &str| s.lines().next().and_then(|l| l.split(" — ").nth(2)).map(str::to_owned);
    let first = clock(&screen);
    eventually(Duration::from_secs(15), "top to draw a new screen", || async { (clock(&tmux.screen()) != first).then_some(()) }).await;
    let _ = load.kill();
    let _ = load.wait();
}
