//! The command line of `runlane load`, parsed but not yet interpreted: hey's flags with
//! hey's meanings, plus runlane's open-model and reporting flags. `Config::from_flags`
//! turns these into a plan; nothing here does I/O.
//!
//! hey is a Go program, so some of its long flags take one dash (`-host`,
//! `-disable-keepalive`, `-h2`). clap only knows one-character short flags, so
//! `normalize_argv` rewrites those spellings to their two-dash forms before parsing:
//! both `-host x` and `--host x` work.

use clap::Parser;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Flags of `runlane load`, as parsed (see `Config::from_flags` for their meaning).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "runlane load",
    about = "Send HTTP load to a URL and report latencies, like hey, with open-model rates and coordinated-omission-correct percentiles",
    after_help = AFTER_HELP,
    version
)]
pub struct Flags {
    /// URL to load (http:// or https://). *.localhost names reach loopback without DNS set-up.
    #[arg(value_name = "URL")]
    pub url: String,

    /// Number of requests to run; ignored when -z is given. [default: 200]
    #[arg(short = 'n', value_name = "N")]
    pub requests: Option<u64>,

    /// Number of workers to run concurrently, each with its own connection.
    #[arg(short = 'c', value_name = "N", default_value_t = 50)]
    pub concurrency: u64,

    /// Rate limit, in requests per second, per worker (the total is Q × c). [default: no limit]
    #[arg(short = 'q', value_name = "Q")]
    pub qps: Option<f64>,

    /// Duration of the run, such as 10s, 3m or 1m30s; -n is then ignored.
    #[arg(short = 'z', value_name = "DURATION", value_parser = runlane_model::duration::parse_human)]
    pub duration: Option<Duration>,

    /// HTTP method.
    #[arg(short = 'm', value_name = "METHOD", default_value = "GET")]
    pub method: String,

    /// A request header, "Name: value"; repeat for more.
    #[arg(short = 'H', value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Request body.
    #[arg(short = 'd', value_name = "BODY")]
    pub body: Option<String>,

    /// Request body from a file.
    #[arg(short = 'D', value_name = "FILE")]
    pub body_file: Option<PathBuf>,

    /// Content-Type of the request body. [default: text/html when there is a body]
    #[arg(short = 'T', value_name = "TYPE")]
    pub content_type: Option<String>,

    /// Host header to send, instead of the URL's host (hey's -host).
    #[arg(long = "host", value_name = "HOST")]
    pub host: Option<String>,

    /// Timeout of each request in seconds; 0 means none.
    #[arg(short = 't', value_name = "SECONDS", default_value_t = 20.0)]
    pub timeout: f64,

    /// Open a new connection for every request (hey's -disable-keepalive).
    #[arg(long = "disable-keepalive")]
    pub disable_keepalive: bool,

    /// Speak HTTP/2 (h2c, prior knowledge) instead of HTTP/1.1 (hey's -h2).
    #[arg(long = "h2")]
    pub h2: bool,

    /// For https:// URLs: also trust the CA certificates in this PEM file (beside the public roots).
    #[arg(long = "cacert", value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// For https:// URLs: do not verify the server's certificate (as hey never does).
    #[arg(short = 'k', long = "insecure")]
    pub insecure: bool,

    /// Accepted for hey compatibility; runlane never asks for compressed responses.
    #[arg(long = "disable-compression", hide = true)]
    pub disable_compression: bool,

    /// Accepted for hey compatibility; runlane never follows redirects.
    #[arg(long = "disable-redirects", hide = true)]
    pub disable_redirects: bool,

    /// Threads that run the workers (hey's -cpus). [default: the number of cores]
    #[arg(long = "cpus", value_name = "N")]
    pub cpus: Option<usize>,

    /// Open model: send R requests per second in total, whatever the latency, and measure each latency from its intended send time.
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,

    /// Open model with stages, each DURATION:RATE, the rate moving linearly to RATE over DURATION: 10s:100,30s:1000. Starts from --rate (or 0); the run ends with the last stage unless -z is longer (the last rate then holds).
    #[arg(long, value_name = "STAGES")]
    pub ramp: Option<String>,

    /// Report format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Output::Text)]
    pub output: Output,

    /// Also write the latency distribution to FILE in HdrHistogram's percentile format (.hgrm), values in milliseconds.
    #[arg(long = "hdr-out", value_name = "FILE")]
    pub hdr_out: Option<PathBuf>,

    /// Exit with status 3 when any of these comma-separated thresholds is breached: p99>250ms,error-rate>1%,rps<900. Repeatable.
    #[arg(long = "fail-on", value_name = "THRESHOLDS")]
    pub fail_on: Vec<String>,
}

/// How the report is printed on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// hey-like text.
    Text,
    /// One JSON object with stable field names (schema `runlane.load/v1`).
    Json,
}

const AFTER_HELP: &str = "\
hey's one-dash long flags work as in hey: -host, -disable-keepalive, -h2, -cpus.

Without --rate or -q, each worker sends its next request as soon as the previous one is
answered (closed model, as hey and wrk). With --rate, --ramp or -q, requests are sent on a
schedule whatever the server does (open model, as wrk2): latencies count from the time a
request should have been sent, so a server that stalls shows up in the percentiles, and
requests that could not be sent on time are counted and reported.

Exit status: 0 done, 1 error, 2 usage error, 3 a --fail-on threshold was breached.";

/// Rewrites hey's one-dash long flags (`-host`, `-disable-keepalive`, `-h2`, …) to their
/// two-dash forms, leaving flag values alone (`-d -host` sends the body `-host`).
pub fn normalize_argv<I, S>(args: I) -> Vec<OsString>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    const ONE_DASH_LONG: [&str; 6] = [
        "host",
        "disable-keepalive",
        "h2",
        "disable-compression",
        "disable-redirects",
        "cpus",
    ];
    const TAKES_VALUE: [&str; 16] = [
        "-n",
        "-c",
        "-q",
        "-z",
        "-m",
        "-H",
        "-d",
        "-D",
        "-T",
        "-t",
        "--host",
        "--cpus",
        "--rate",
        "--ramp",
        "--output",
        "--hdr-out",
    ];
    let mut out = Vec::new();
    let mut value_next = false;
    let mut rest_positional = false;
    for arg in args {
        let arg: OsString = arg.into();
        if value_next || rest_positional {
            value_next = false;
            out.push(arg);
            continue;
        }
        let Some(s) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if s == "--" {
            rest_positional = true;
            out.push(arg);
            continue;
        }
        let mut rewritten = None;
        if let Some(rest) = s.strip_prefix('-').filter(|r| !r.starts_with('-')) {
            let (name, value) = rest
                .split_once('=')
                .map_or((rest, None), |(n, v)| (n, Some(v)));
            if ONE_DASH_LONG.contains(&name) {
                rewritten = Some(match value {
                    Some(v) => format!("--{name}={v}"),
                    None => format!("--{name}"),
                });
            }
        }
        let flag = rewritten.as_deref().unwrap_or(s);
        value_next = TAKES_VALUE.contains(&flag) || flag == "--fail-on";
        out.push(rewritten.map_or(arg, OsString::from));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_argv(input: &[&str], expected: &[&str]) {
        let got: Vec<String> = normalize_argv(input.iter().copied())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(got, expected, "normalize_argv({input:?})");
    }

    #[test]
    fn one_dash_long_flags_become_two_dash() {
        check_argv(
            &["-host", "a.localhost", "URL"],
            &["--host", "a.localhost", "URL"],
        );
        check_argv(
            &["-host=a.localhost", "URL"],
            &["--host=a.localhost", "URL"],
        );
        check_argv(
            &["-disable-keepalive", "-h2", "URL"],
            &["--disable-keepalive", "--h2", "URL"],
        );
        check_argv(
            &["-cpus", "2", "-disable-compression", "URL"],
            &["--cpus", "2", "--disable-compression", "URL"],
        );
        // Values are never rewritten, whatever they look like.
        check_argv(&["-d", "-host", "URL"], &["-d", "-host", "URL"]);
        check_argv(&["-H", "-h2", "URL"], &["-H", "-h2", "URL"]);
        check_argv(&["--fail-on", "-h2", "URL"], &["--fail-on", "-h2", "URL"]);
        check_argv(&["--", "-h2"], &["--", "-h2"]);
        // Everything else passes through.
        check_argv(
            &["-n", "10", "-c", "2", "--rate", "5", "-h", "URL"],
            &["-n", "10", "-c", "2", "--rate", "5", "-h", "URL"],
        );
    }

    fn parse(args: &[&str]) -> Result<Flags, clap::Error> {
        Flags::try_parse_from(normalize_argv(
            std::iter::once("runlane load").chain(args.iter().copied()),
        ))
    }

    #[test]
    fn hey_command_lines_parse_with_heys_meaning() {
        let f = parse(&[
            "-z",
            "15m",
            "-c",
            "3",
            "-q",
            "1",
            "http://jokes.localhost:8080/",
        ])
        .unwrap();
        assert_eq!(
            (f.duration, f.concurrency, f.qps),
            (Some(Duration::from_secs(900)), 3, Some(1.0))
        );
        let f = parse(&[
            "-n",
            "1000",
            "-m",
            "post",
            "-H",
            "A: 1",
            "-H",
            "B: 2",
            "-d",
            "x",
            "-T",
            "text/plain",
            "-host",
            "h",
            "-t",
            "0",
            "-h2",
            "http://x/",
        ])
        .unwrap();
        assert_eq!(f.requests, Some(1000));
        assert_eq!(f.headers, ["A: 1", "B: 2"]);
        assert_eq!(
            (
                f.method.as_str(),
                f.body.as_deref(),
                f.content_type.as_deref(),
                f.host.as_deref()
            ),
            ("post", Some("x"), Some("text/plain"), Some("h"))
        );
        assert!(f.h2 && !f.disable_keepalive);
        assert_eq!(f.timeout, 0.0);
        let f = parse(&["http://x/"]).unwrap();
        assert_eq!(
            (f.requests, f.concurrency, f.timeout, f.output),
            (None, 50, 20.0, Output::Text)
        );
        assert!(parse(&["-h"]).is_err_and(|e| e.kind() == clap::error::ErrorKind::DisplayHelp));
    }
}
