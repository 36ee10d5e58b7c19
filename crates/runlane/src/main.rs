//! The `runlane` binary: parses the command line and wires the crates together.
//! `runlane up` assembles store, runtime, router, controller and API in one process;
//! `runlane hello` is the built-in sample app; every other command is an API client.
//! Nothing here decides anything: the crates do.
#![forbid(unsafe_code)]
// Printing is this binary's job: addresses for the operator, errors for the user.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod demo;
mod disk;
mod images;
mod rollouts;
mod settings;
mod up;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

// The router allocates per request (hyper's heads and buffers, log entries);
// a thread-caching allocator makes that cheaper than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "runlane", version, about = "Cloud Run-style revisions, traffic splits, tags and rollbacks on one machine", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Top,
    #[command(flatten)]
    global: runlane_cli::GlobalArgs,
}

#[derive(Subcommand)]
enum Top {
    /// Start the platform: admin API, router and instance runtime, in this process.
    Up(up::UpArgs),
    /// Run the built-in sample app (what the image runlane/hello runs); reads PORT, K_REVISION, FAIL_PERCENT, DELAY_MS, STARTUP_DELAY_MS.
    Hello,
    /// Send HTTP load and report latencies: hey's flags, open-model --rate, coordinated-omission-correct percentiles (see `runlane load --help`).
    Load(runlane_load::LoadArgs),
    /// Tell the Serverless Journey on a fresh data dir: deploy, SLO, alert, failing canary, email, incident, logs, rollback, recovery (shortened windows); leaves the platform running.
    Demo(demo::DemoArgs),
    #[command(flatten)]
    Client(runlane_cli::Command),
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (argv, from_file) = match settings::apply(Cli::command(), argv) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("ERROR: {e}");
            return ExitCode::from(2);
        }
    };
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && !from_file.is_empty() => {
            let _ = e.print();
            let names: Vec<&str> = from_file.iter().map(String::as_str).collect();
            eprintln!("note: these settings came from the config file (--config): {}", names.join(", "));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    if let Top::Up(args) = &cli.command {
        if args.print_config() {
            print!("{}", settings::print(&Cli::command(), &argv, &from_file));
            return ExitCode::SUCCESS;
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ERROR: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Top::Up(args) => up::run(args).await,
            Top::Hello => runlane_hello::run_from_env().await.map(|()| ExitCode::SUCCESS).map_err(anyhow::Error::from),
            Top::Load(args) => runlane_load::run(args).await.map_err(anyhow::Error::from),
            Top::Demo(args) => demo::run(args).await,
            Top::Client(cmd) => runlane_cli::run(cmd, &cli.global).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ERROR: {e:#}");
            ExitCode::FAILURE
        }
    }
}
