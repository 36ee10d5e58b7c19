//! Autoscaling benchmarks (not a timed test), against a real `runlane up` built with
//! the bench profile:
//!
//! 1. **Cold-start overhead**: the latency of the first request to a revision at
//!    zero minus the app's own time to listen (the sample app with
//!    `STARTUP_DELAY_MS=300`, spawned directly and polled until it accepts a
//!    connection). What is left is runlane's share: noticing the request, deciding,
//!    spawning, probing, publishing the endpoint and proxying. Target ≤ 20 ms.
//! 2. **Scale-up reaction**: a revision serving a steady 2 concurrent requests
//!    (containerConcurrency 10, one instance) gets a step to 40; the time until the
//!    autoscaler asks for more instances, and until enough are ready for the new
//!    load at its 70% target, with Knative's default windows (60 s stable, 6 s panic).
//!
//! Run: `cargo bench -p runlane --bench autoscale` (add `-- --rounds N`, default 10).
//! Prints Markdown tables.
#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use runlane_test_support::Runlane;
use serde_json::Value;
use tokio::time::Instant;

const STARTUP_DELAY_MS: u64 = 300;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn main() {
    let rounds = std::env::args()
        .skip_while(|a| a != "--rounds")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10usize);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        cold_start(rounds).await;
        scale_up().await;
    });
}

// === cold start ===

/// Spawns the sample app on a free port and times it until it accepts a connection.
fn app_time_to_listen() -> Duration {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    let mut child = Command::new(bin())
        .arg("hello")
        .env("PORT", port.to_string())
        .env("STARTUP_DELAY_MS", STARTUP_DELAY_MS.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let took = loop {
        if TcpStream::connect(addr).is_ok() {
            break started.elapsed();
        }
        std::thread::yield_now();
    };
    let _ = child.kill();
    let _ = child.wait();
    took
}

async fn revision(r: &Runlane, name: &str) -> Value {
    let path = format!("/apis/serving.knative.dev/v1/namespaces/default/revisions/{name}");
    r.api_json("GET", &path, None).await.unwrap().1
}

async fn wait_until(what: &str, timeout: Duration, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn cold_start(rounds: usize) {
    let mut listen: Vec<Duration> = (0..rounds).map(|_| app_time_to_listen()).collect();

    let r = Runlane::start_with(bin(), &["--scale-to-zero-grace", "500ms", "--autoscale-window", "6s"]).unwrap();
    r.cli_ok(&[
        "deploy",
        "cold",
        "--image",
        "runlane/hello",
        "--revision-suffix",
        "a",
        "--set-env-vars",
        &format!("STARTUP_DELAY_MS={STARTUP_DELAY_MS}"),
    ]);
    let mut first = Vec::new();
    let mut startup = Vec::new();
    for _ in 0..rounds {
        wait_until("the revision to scale to zero", Duration::from_secs(60), async || {
            let rev = revision(&r, "cold-a").await;
            rev["status"]["runlane"]["instances"]
                .as_array()
                .is_some_and(|i| i.is_empty())
        })
        .await;
        let started = Instant::now();
        let (status, _) = r.get("cold.localhost", "/").await.unwrap();
        first.push(started.elapsed());
        assert_eq!(status, 200);
        let rev = revision(&r, "cold-a").await;
        let ms = rev["status"]["runlane"]["autoscaler"]["lastStartupMillis"]
            .as_u64()
            .unwrap_or(0);
        startup.push(Duration::from_millis(ms));
    }
    drop(r);

    listen.sort();
    first.sort();
    startup.sort();
    let median = |v: &[Duration]| v[v.len() / 2];
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!("### Cold start ({rounds} rounds, app listens after STARTUP_DELAY_MS={STARTUP_DELAY_MS})\n");
    println!("| measurement | min ms | median ms | max ms |");
    println!("|---|---:|---:|---:|");
    for (name, v) in [
        ("app's own time to listen (spawned directly)", &listen),
        ("instance startup as runlane measured it (spawn → probe passed)", &startup),
        ("first request at zero (client latency)", &first),
    ] {
        println!(
            "| {name} | {} | {} | {} |",
            ms(v[0]),
            ms(median(v)),
            ms(v[v.len() - 1])
        );
    }
    let overhead = median(&first).saturating_sub(median(&listen));
    println!(
        "\n**Cold-start overhead** (median first request − median time to listen): **{} ms** (target ≤ 20 ms)\n",
        ms(overhead)
    );
}

// === scale-up reaction ===

async fn scale_up() {
    let r = Arc::new(Runlane::start(bin()).unwrap());
    r.cli_ok(&[
        "deploy",
        "step",
        "--image",
        "runlane/hello",
        "--revision-suffix",
        "a",
        "--concurrency",
        "10",
        "--min-instances",
        "1",
    ]);
    let stop = Arc::new(AtomicBool::new(false));
    let client = |r: &Arc<Runlane>, stop: &Arc<AtomicBool>| {
        let (r, stop) = (r.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let _ = r.get("step.localhost", "/sleep?ms=50").await;
            }
        })
    };
    let mut tasks: Vec<_> = (0..2).map(|_| client(&r, &stop)).collect();
    // A steady state: the stable window has seen the base load for a while.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let before = revision(&r, "step-a").await;
    let base = before["status"]["runlane"]["autoscaler"]["desiredInstances"]
        .as_u64()
        .unwrap_or(0);

    let step = Instant::now();
    tasks.extend((0..38).map(|_| client(&r, &stop)));
    // 40 concurrent at 10 × 70% = 7 per instance: 6 instances.
    let needed = 6;
    let mut decided = None;
    let mut ready_at = None;
    while ready_at.is_none() && step.elapsed() < Duration::from_secs(60) {
        let rev = revision(&r, "step-a").await;
        let desired = rev["status"]["runlane"]["autoscaler"]["desiredInstances"]
            .as_u64()
            .unwrap_or(0);
        let ready = rev["status"]["runlane"]["instanceCounts"]["Ready"]
            .as_u64()
            .unwrap_or(0);
        if decided.is_none() && desired > base {
            decided = Some(step.elapsed());
        }
        if ready >= needed {
            ready_at = Some(step.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let ms = |d: Option<Duration>| {
        d.map_or("never".to_owned(), |d| {
            format!("{:.0}", d.as_secs_f64() * 1000.0)
        })
    };
    println!("### Scale-up reaction (2 → 40 concurrent, containerConcurrency 10, default windows)\n");
    println!("| from the step to | ms |");
    println!("|---|---:|");
    println!("| the autoscaler asks for more than {base} instance(s) | {} |", ms(decided));
    println!("| {needed} instances ready | {} |", ms(ready_at));
    println!();
}
