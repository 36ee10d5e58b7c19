//! `runlane load`: an HTTP load generator that replaces hey. It takes hey's flags with
//! hey's meanings, adds an open model (`--rate`, `--ramp`) whose latencies count from
//! each request's intended send time (coordinated-omission correction, as wrk2), reports
//! percentiles from an HDR histogram in bounded memory, gates CI with `--fail-on`, and
//! reaches `*.localhost` without DNS set-up.
//!
//! The flow is parse → resolve → run → report: `flags` (clap, no I/O) → `config` (the
//! plan, no I/O) → `engine` (threads, sockets) → `stats` (the summary) → `report` and
//! `threshold` (pure renderings and verdicts).
#![forbid(unsafe_code)]

mod config;
mod engine;
mod flags;
mod h1;
mod pacer;
mod progress;
mod report;
mod schedule;
mod stats;
mod stream;
mod threshold;

pub use config::{Config, Connect, Pacing};
pub use flags::{normalize_argv, Flags, Output};
pub use schedule::{Schedule, Stage};
pub use stats::{ErrorKind, Summary};

use bytes::Bytes;
use clap::Parser;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The arguments of `runlane load`, kept raw: hey's one-dash long flags (`-host`,
/// `-disable-keepalive`, `-h2`) are not something clap can parse, so `run` rewrites them
/// (`normalize_argv`) and parses the result with `Flags`, which also owns `--help`.
#[derive(Debug, Clone, clap::Args)]
#[command(disable_help_flag = true, disable_version_flag = true)]
pub struct LoadArgs {
    /// hey's flags and URL; run `runlane load --help` for all of them.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "FLAGS and URL"
    )]
    pub raw: Vec<OsString>,
}

/// Why `runlane load` could not run or report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the request body file {path}: {source}; check the -D path")]
    BodyFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot resolve {host}: {source}; check the host name in the URL")]
    Resolve {
        host: String,
        source: std::io::Error,
    },
    #[error("{host} resolves to no address; check the host name in the URL")]
    NoAddress { host: String },
    #[error("cannot start the load threads: {0}")]
    Threads(std::io::Error),
    #[error("cannot write the HDR histogram to {path}: {source}; check that its directory exists and is writable (--hdr-out)")]
    HdrOut {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the report: {0}")]
    Output(std::io::Error),
}

/// Exit status when a `--fail-on` threshold is breached.
pub const EXIT_THRESHOLD_BREACHED: u8 = 3;
/// Exit status for a command line that cannot be run.
pub const EXIT_USAGE: u8 = 2;

/// How often the coordinator collects the workers' measurements and shows progress.
const TICK: Duration = Duration::from_millis(100);

/// Runs `runlane load` with its raw arguments: parses them, sends the load, prints the
/// report on standard output (progress on standard error) and returns the exit status.
pub async fn run(args: LoadArgs) -> Result<ExitCode, Error> {
    let argv = normalize_argv(std::iter::once(OsString::from("runlane load")).chain(args.raw));
    let flags = match Flags::try_parse_from(argv) {
        Ok(f) => f,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    let body_file = match &flags.body_file {
        Some(path) => Some(Bytes::from(std::fs::read(path).map_err(|source| {
            Error::BodyFile {
                path: path.clone(),
                source,
            }
        })?)),
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let config = match Config::from_flags(&flags, body_file, cores) {
        Ok(c) => c,
        Err(message) => {
            let _ = writeln!(std::io::stderr().lock(), "ERROR: {message}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let addrs = resolve(&config.connect).await?;
    let dialer = match stream::Dialer::new(addrs, config.tls.as_ref(), config.http2) {
        Ok(d) => d,
        Err(message) => {
            let _ = writeln!(std::io::stderr().lock(), "ERROR: {message}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let config = Arc::new(config);

    let mut progress = progress::Progress::new(&config, std::io::stderr().is_terminal());
    let outcome = engine::execute(config.clone(), Arc::new(dialer), TICK, |totals, elapsed| {
        progress.tick(totals, elapsed)
    })
    .await
    .map_err(Error::Threads)?;
    progress.finish();

    let intended = match &config.pacing {
        Pacing::Closed => None,
        Pacing::Open(schedule) => {
            let end = match config.duration {
                Some(z) if !outcome.interrupted => z,
                _ => outcome.elapsed,
            };
            let due = match (config.limit, outcome.interrupted) {
                (Some(n), false) => n,
                _ => schedule.count_before(end),
            };
            Some(config.limit.map_or(due, |n| due.min(n)))
        }
    };
    let summary = outcome
        .totals
        .summary(outcome.elapsed, intended, outcome.interrupted);
    let verdicts = threshold::judge(&config.thresholds, &summary);
    let text = match config.output {
        Output::Text => report::text(&config, &summary, &verdicts),
        Output::Json => report::json(&config, &summary, &verdicts),
    };
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::Output(e));
        }
    }
    if let Some(path) = &config.hdr_out {
        std::fs::write(path, report::hgrm(outcome.totals.histogram())).map_err(|source| {
            Error::HdrOut {
                path: path.clone(),
                source,
            }
        })?;
    }
    Ok(if verdicts.iter().any(|v| v.breached) {
        ExitCode::from(EXIT_THRESHOLD_BREACHED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The addresses to connect to: loopback for `*.localhost`, the literal for an IP, the
/// system resolver (once, before the run) for anything else.
async fn resolve(connect: &Connect) -> Result<Vec<SocketAddr>, Error> {
    if let Some(addrs) = connect.fixed_addrs() {
        return Ok(addrs);
    }
    let Connect::Dns { host, port } = connect else {
        unreachable!("fixed_addrs covers the rest")
    };
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), *port))
        .await
        .map_err(|source| Error::Resolve {
            host: host.clone(),
            source,
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::NoAddress { host: host.clone() });
    }
    Ok(addrs)
}
