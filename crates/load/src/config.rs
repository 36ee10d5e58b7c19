//! What a `runlane load` run will do, decided from the parsed flags with no I/O: the
//! target and where to connect, the request every worker sends, the pacing (closed or
//! open model), when the run stops, and how to report. Each usage error names the flag
//! and says how to fix it.

use crate::flags::{Flags, Output};
use crate::schedule::{self, Schedule};
use crate::threshold::{self, Threshold};
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_TYPE, HOST, USER_AGENT};
use http::{HeaderMap, Method, Uri};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Duration;

/// A resolved run plan.
#[derive(Debug, Clone)]
pub struct Config {
    /// The URL as given.
    pub url: String,
    /// Where to open connections.
    pub connect: Connect,
    /// The value of the Host header (HTTP/1.1) or `:authority` (HTTP/2).
    pub host_header: String,
    pub request: RequestTemplate,
    /// Concurrent workers, each with its own connection.
    pub workers: usize,
    /// Threads that run the workers, each with its own single-threaded runtime.
    pub threads: usize,
    /// Stop after this many requests (`-n`).
    pub limit: Option<u64>,
    /// Stop sending after this long (`-z`, or the end of `--ramp`).
    pub duration: Option<Duration>,
    pub pacing: Pacing,
    pub timeout: Option<Duration>,
    pub keepalive: bool,
    pub http2: bool,
    /// Set for an https:// URL.
    pub tls: Option<Tls>,
    pub output: Output,
    pub hdr_out: Option<PathBuf>,
    pub thresholds: Vec<Threshold>,
}

/// How to verify an https:// target; the connector is built from it at the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    /// The name the certificate must hold, sent as SNI: the Host header's host.
    pub server_name: String,
    /// CA certificates to trust beside the public roots (`--cacert`).
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (`--insecure`).
    pub insecure: bool,
}

/// Where the target's host name leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connect {
    /// `localhost` and `*.localhost` (RFC 6761): 127.0.0.1, then ::1, with no DNS.
    Loopback { port: u16 },
    /// An IP literal.
    Ip { ip: IpAddr, port: u16 },
    /// A name for the system resolver, looked up once before the run.
    Dns { host: String, port: u16 },
}

/// The request every worker sends; cloning it is cheap except for the header map.
#[derive(Debug, Clone)]
pub struct RequestTemplate {
    pub method: Method,
    /// Origin form (`/path?q`) for HTTP/1.1; absolute (`http://host/path`) for HTTP/2.
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// When workers send.
#[derive(Debug, Clone, PartialEq)]
pub enum Pacing {
    /// Each worker sends its next request when the previous one is answered (hey, wrk).
    Closed,
    /// Requests are sent on a schedule, whatever the server does (wrk2, k6 arrival rate).
    Open(Schedule),
}

/// A request later than this behind its intended send time, because every connection
/// was busy, counts as late.
pub const LATE_AFTER: Duration = Duration::from_millis(1);

const DEFAULT_REQUESTS: u64 = 200;

impl Config {
    /// Decides the run from the flags. `body_file` is the content of `-D`, read by the
    /// caller; `cores` is the number of cores (the default for `-cpus`).
    pub fn from_flags(
        flags: &Flags,
        body_file: Option<Bytes>,
        cores: usize,
    ) -> Result<Config, String> {
        let target = Target::parse(&flags.url)?;
        let (host_header, request) = request_template(flags, &target, body_file)?;
        let tls = tls(flags, &target, &host_header)?;
        let RunLength {
            pacing,
            duration,
            limit,
        } = run_length(flags)?;
        if flags.concurrency == 0 {
            return Err("-c is 0; run at least one worker".to_owned());
        }
        // More workers than requests would only open idle connections.
        let workers = limit.map_or(flags.concurrency, |n| n.min(flags.concurrency)) as usize;
        let threads = flags.cpus.unwrap_or(cores).clamp(1, workers);
        let timeout = request_timeout(flags.timeout)?;
        let mut thresholds = Vec::new();
        for list in &flags.fail_on {
            thresholds.extend(threshold::parse(list)?);
        }
        Ok(Config {
            url: flags.url.clone(),
            connect: target.connect,
            host_header,
            request,
            workers,
            threads,
            limit,
            duration,
            pacing,
            timeout,
            keepalive: !flags.disable_keepalive,
            http2: flags.h2,
            tls,
            output: flags.output,
            hdr_out: flags.hdr_out.clone(),
            thresholds,
        })
    }
}

/// How an https:// target is verified; `--cacert` and `--insecure` belong to one.
fn tls(flags: &Flags, target: &Target, host_header: &str) -> Result<Option<Tls>, String> {
    if !target.https {
        for (given, flag) in [(flags.cacert.is_some(), "--cacert"), (flags.insecure, "--insecure")] {
            if given {
                return Err(format!(
                    "{flag} is for https:// URLs and `{}` is http://; drop {flag} or use https://",
                    flags.url
                ));
            }
        }
        return Ok(None);
    }
    if flags.insecure && flags.cacert.is_some() {
        return Err("--insecure trusts every certificate, so --cacert would be ignored; give one of them".to_owned());
    }
    let host = match host_header.rsplit_once(':') {
        // A port, unless the colon is inside an IPv6 literal.
        Some((h, port)) if !port.contains(']') && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host_header,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    Ok(Some(Tls {
        server_name: host.to_owned(),
        ca_file: flags.cacert.clone(),
        insecure: flags.insecure,
    }))
}

/// The target URL, checked: where to connect, its authority and its path and query.
struct Target {
    connect: Connect,
    https: bool,
    authority: String,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let example = "write it like http://jokes.localhost:8080/";
        let uri: Uri = url
            .parse()
            .map_err(|e| format!("`{url}` is not a URL ({e}); {example}"))?;
        let https = match uri.scheme_str() {
            Some("http") => false,
            Some("https") => true,
            _ => return Err(format!("`{url}` has no http:// or https:// scheme; {example}")),
        };
        let authority = uri
            .authority()
            .ok_or_else(|| format!("`{url}` has no host; {example}"))?;
        Ok(Target {
            connect: connect_to(
                authority.host(),
                authority.port_u16().unwrap_or(if https { 443 } else { 80 }),
            ),
            https,
            authority: authority.as_str().to_owned(),
            path: uri.path_and_query().map_or("/", |p| p.as_str()).to_owned(),
        })
    }
}

/// The request every worker sends (`-m`, `-H`, `-host`, `-d`/`-D`, `-T`, `-h2`,
/// `-disable-keepalive`), and the Host header's value it carries.
fn request_template(
    flags: &Flags,
    target: &Target,
    body_file: Option<Bytes>,
) -> Result<(String, RequestTemplate), String> {
    let method: Method = flags
        .method
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| format!("`{}` is not an HTTP method (-m)", flags.method))?;
    let user_headers = user_headers(&flags.headers)?;
    let host_from_h = user_headers
        .iter()
        .rev()
        .find(|(n, _)| n == HOST)
        .map(|(_, v)| v.to_str().unwrap_or_default().to_owned());
    let host_header = flags.host.clone().or(host_from_h).unwrap_or_else(|| {
        target
            .authority
            .rsplit('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let body = match (&flags.body, body_file) {
        (Some(_), Some(_)) => {
            return Err("both -d and -D give a request body; use one of them".to_owned())
        }
        (Some(d), None) => Bytes::from(d.clone().into_bytes()),
        (None, Some(f)) => f,
        (None, None) => Bytes::new(),
    };

    let mut headers = HeaderMap::new();
    if !flags.h2 {
        let v = HeaderValue::from_str(&host_header)
            .map_err(|_| format!("Host `{host_header}` is not a valid header value (-host)"))?;
        headers.insert(HOST, v);
    }
    headers.insert(
        USER_AGENT,
        HeaderValue::from_static(concat!("runlane-load/", env!("CARGO_PKG_VERSION"))),
    );
    for (name, value) in user_headers {
        if name != HOST {
            // Repeating a header replaces the default one (User-Agent) but keeps repeats of the same name.
            if headers.contains_key(&name) && name == USER_AGENT {
                headers.remove(&name);
            }
            headers.append(name, value);
        }
    }
    let content_type = flags
        .content_type
        .clone()
        .or_else(|| (!body.is_empty()).then(|| "text/html".to_owned()));
    if let Some(ct) = content_type {
        headers.insert(
            CONTENT_TYPE,
            ct.parse()
                .map_err(|_| format!("content type `{ct}` is not a valid header value (-T)"))?,
        );
    }
    if flags.disable_keepalive && !flags.h2 {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    let path = &target.path;
    let scheme = if target.https { "https" } else { "http" };
    let uri: Uri = if flags.h2 {
        format!("{scheme}://{host_header}{path}")
            .parse()
            .map_err(|_| format!("Host `{host_header}` cannot be an HTTP/2 :authority (-host)"))?
    } else {
        path.parse()
            .map_err(|_| format!("`{path}` is not a valid request path"))?
    };
    Ok((
        host_header,
        RequestTemplate {
            method,
            uri,
            headers,
            body,
        },
    ))
}

/// `-H "Name: value"` flags, parsed.
fn user_headers(flags: &[String]) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    flags
        .iter()
        .map(|h| {
            let (name, value) = h
                .split_once(':')
                .ok_or_else(|| format!("header `{h}` is not `Name: value` (-H)"))?;
            let name: HeaderName = name
                .trim()
                .parse()
                .map_err(|_| format!("header `{h}` has an invalid name (-H)"))?;
            let value: HeaderValue = value
                .trim()
                .parse()
                .map_err(|_| format!("header `{h}` has an invalid value (-H)"))?;
            Ok((name, value))
        })
        .collect()
}

/// When workers send and when the run stops.
struct RunLength {
    pacing: Pacing,
    duration: Option<Duration>,
    limit: Option<u64>,
}

/// The pacing (`-q`, `--rate`, `--ramp`) and the end of the run (`-z`, `-n`, the ramp's end).
fn run_length(flags: &Flags) -> Result<RunLength, String> {
    if flags.qps.is_some() && (flags.rate.is_some() || flags.ramp.is_some()) {
        return Err("-q limits each worker's rate and --rate/--ramp set the total rate; use one or the other".to_owned());
    }
    let positive = |v: f64, flag: &str| {
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(format!(
                "{flag} is {v}; it must be a number of requests per second above 0"
            ))
        }
    };
    let stages = flags
        .ramp
        .as_deref()
        .map(schedule::parse_stages)
        .transpose()?;
    let pacing = match (flags.qps, flags.rate, &stages) {
        (Some(q), _, _) => Pacing::Open(Schedule::constant(
            positive(q, "-q")? * flags.concurrency as f64,
        )),
        (None, Some(r), None) => Pacing::Open(Schedule::constant(positive(r, "--rate")?)),
        (None, r, Some(stages)) => {
            let start = match r {
                Some(r) => positive(r, "--rate")?,
                None => 0.0,
            };
            Pacing::Open(Schedule::ramp(start, stages))
        }
        (None, None, None) => Pacing::Closed,
    };

    // hey: "If duration is specified, n is ignored." A ramp ends with its stages.
    let ramp_end = match (&pacing, &stages) {
        (Pacing::Open(s), Some(_)) if s.stages_duration() > Duration::ZERO => {
            Some(s.stages_duration())
        }
        _ => None,
    };
    let duration = flags.duration.or(ramp_end);
    if duration == Some(Duration::ZERO) {
        return Err("-z is 0; give the run a duration such as 10s, or use -n".to_owned());
    }
    let limit = match (flags.duration, ramp_end) {
        (Some(_), _) => None,
        (None, Some(_)) => flags.requests,
        (None, None) => Some(flags.requests.unwrap_or(DEFAULT_REQUESTS)),
    };
    if limit == Some(0) {
        return Err("-n is 0; send at least one request".to_owned());
    }
    Ok(RunLength {
        pacing,
        duration,
        limit,
    })
}

/// `-t` seconds: None for 0 (no timeout).
fn request_timeout(seconds: f64) -> Result<Option<Duration>, String> {
    if !(seconds.is_finite() && seconds >= 0.0) {
        return Err(format!(
            "-t is {seconds}; give the request timeout in seconds, or 0 for none"
        ));
    }
    if seconds == 0.0 {
        return Ok(None);
    }
    Duration::try_from_secs_f64(seconds).map(Some).map_err(|_| {
        format!(
            "-t is {seconds}; give the request timeout in seconds, at most {}",
            u64::MAX
        )
    })
}

/// Where a URL's host leads: `localhost` and `*.localhost` are loopback by RFC 6761, so
/// `http://jokes.localhost:8080/` needs no DNS or `/etc/hosts` set-up.
pub fn connect_to(host: &str, port: u16) -> Connect {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Connect::Ip { ip, port };
    }
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        Connect::Loopback { port }
    } else {
        Connect::Dns {
            host: host.to_owned(),
            port,
        }
    }
}

impl Connect {
    /// The addresses to try, in order, for targets that need no resolver.
    pub fn fixed_addrs(&self) -> Option<Vec<std::net::SocketAddr>> {
        match *self {
            Connect::Loopback { port } => Some(vec![
                (Ipv4Addr::LOCALHOST, port).into(),
                (Ipv6Addr::LOCALHOST, port).into(),
            ]),
            Connect::Ip { ip, port } => Some(vec![(ip, port).into()]),
            Connect::Dns { .. } => None,
        }
    }
}

impl Pacing {
    /// One line for the report: how requests were paced.
    pub fn describe(&self, workers: usize) -> String {
        match self {
            Pacing::Closed => format!("closed model: {workers} workers, each sends when its previous request is answered"),
            Pacing::Open(s) if s.stages_duration() == Duration::ZERO => {
                format!("open model: {} requests/s on {workers} connections, latency from intended send times", trim_float(s.final_rate()))
            }
            Pacing::Open(s) => format!(
                "open model: ramp over {:?} to {} requests/s on {workers} connections, latency from intended send times",
                s.stages_duration(),
                trim_float(s.final_rate())
            ),
        }
    }
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(args: &[&str]) -> Result<Config, String> {
        let flags = Flags::try_parse_from(crate::flags::normalize_argv(
            std::iter::once("runlane load").chain(args.iter().copied()),
        ))
        .map_err(|e| e.to_string())?;
        Config::from_flags(&flags, None, 2)
    }

    #[test]
    fn localhost_names_are_loopback_without_dns() {
        assert_eq!(
            connect_to("jokes.localhost", 8080),
            Connect::Loopback { port: 8080 }
        );
        assert_eq!(
            connect_to("next---jokes.LOCALHOST.", 80),
            Connect::Loopback { port: 80 }
        );
        assert_eq!(connect_to("localhost", 1), Connect::Loopback { port: 1 });
        assert_eq!(
            connect_to("127.0.0.2", 1),
            Connect::Ip {
                ip: "127.0.0.2".parse().unwrap(),
                port: 1
            }
        );
        assert_eq!(
            connect_to("[::1]", 1),
            Connect::Ip {
                ip: "::1".parse().unwrap(),
                port: 1
            }
        );
        assert_eq!(
            connect_to("notlocalhost", 1),
            Connect::Dns {
                host: "notlocalhost".into(),
                port: 1
            }
        );
    }

    #[test]
    fn hey_defaults() {
        let c = config(&["http://jokes.localhost:8080/a?b=1"]).unwrap();
        assert_eq!(
            (c.limit, c.duration, c.workers, c.timeout),
            (Some(200), None, 50, Some(Duration::from_secs(20)))
        );
        assert_eq!(c.pacing, Pacing::Closed);
        assert_eq!(c.request.uri, "/a?b=1");
        assert_eq!(c.request.headers[HOST], "jokes.localhost:8080");
        assert!(c.request.headers.get(CONTENT_TYPE).is_none());
        assert_eq!(c.threads, 2);
    }

    #[test]
    fn duration_ignores_n_and_q_is_per_worker() {
        let c = config(&[
            "-z",
            "15m",
            "-c",
            "3",
            "-q",
            "1",
            "-n",
            "5",
            "http://x.localhost/",
        ])
        .unwrap();
        assert_eq!(
            (c.limit, c.duration, c.workers),
            (None, Some(Duration::from_secs(900)), 3)
        );
        assert_eq!(c.pacing, Pacing::Open(Schedule::constant(3.0)));
    }

    #[test]
    fn headers_host_and_body() {
        let c = config(&[
            "-H",
            "Host: a.localhost",
            "-H",
            "X-A: 1",
            "-H",
            "X-A: 2",
            "-H",
            "User-Agent: me",
            "-d",
            "hi",
            "-m",
            "post",
            "http://127.0.0.1:9/",
        ])
        .unwrap();
        assert_eq!(c.host_header, "a.localhost");
        assert_eq!(c.request.headers.get_all("x-a").iter().count(), 2);
        assert_eq!(c.request.headers[USER_AGENT], "me");
        assert_eq!(c.request.headers[CONTENT_TYPE], "text/html");
        assert_eq!(
            (c.request.method.as_str(), &c.request.body[..]),
            ("POST", &b"hi"[..])
        );
        let c = config(&[
            "-host",
            "b.localhost",
            "-H",
            "Host: a.localhost",
            "-T",
            "application/json",
            "-disable-keepalive",
            "http://127.0.0.1:9/",
        ])
        .unwrap();
        assert_eq!(c.request.headers[HOST], "b.localhost");
        assert_eq!(c.request.headers[CONTENT_TYPE], "application/json");
        assert_eq!(c.request.headers[CONNECTION], "close");
        assert!(!c.keepalive);
        let c = config(&["-h2", "http://jokes.localhost:8080/x"]).unwrap();
        assert_eq!(c.request.uri, "http://jokes.localhost:8080/x");
        assert!(c.request.headers.get(HOST).is_none());
    }

    #[test]
    fn ramps_end_with_their_stages_unless_z_is_longer() {
        let c = config(&["--ramp", "10s:100,30s:1000", "http://x.localhost/"]).unwrap();
        assert_eq!((c.limit, c.duration), (None, Some(Duration::from_secs(40))));
        let c = config(&[
            "--ramp",
            "10s:100",
            "-z",
            "1m",
            "--rate",
            "10",
            "http://x.localhost/",
        ])
        .unwrap();
        assert_eq!(c.duration, Some(Duration::from_secs(60)));
        assert_eq!(
            c.pacing,
            Pacing::Open(Schedule::ramp(
                10.0,
                &[crate::schedule::Stage {
                    duration: Duration::from_secs(10),
                    target: 100.0
                }]
            ))
        );
        let c = config(&["--rate", "1000", "-n", "10", "http://x.localhost/"]).unwrap();
        assert_eq!((c.limit, c.workers), (Some(10), 10));
    }

    #[test]
    fn an_https_url_verifies_the_host_header_name_on_port_443_by_default() {
        let c = config(&["https://jokes.localhost/a"]).unwrap();
        assert_eq!(c.connect, Connect::Loopback { port: 443 });
        let tls = c.tls.expect("https");
        assert_eq!((tls.server_name.as_str(), tls.ca_file, tls.insecure), ("jokes.localhost", None, false));
        let c = config(&["-host", "bench.localhost:8443", "--cacert", "ca.pem", "https://127.0.0.1:8443/"]).unwrap();
        let tls = c.tls.expect("https");
        assert_eq!(tls.server_name, "bench.localhost");
        assert_eq!(tls.ca_file.as_deref(), Some(std::path::Path::new("ca.pem")));
        let c = config(&["-h2", "-k", "https://[::1]:8443/"]).unwrap();
        assert_eq!((c.tls.expect("https").server_name.as_str(), c.request.uri.to_string().as_str()), ("::1", "https://[::1]:8443/"));
        assert!(config(&["http://x.localhost/"]).unwrap().tls.is_none());
    }

    #[test]
    fn usage_errors_name_the_flag() {
        for (args, says) in [
            (&["--cacert", "ca.pem", "http://x/"][..], "--cacert is for https:// URLs"),
            (&["-k", "http://x/"][..], "--insecure is for https:// URLs"),
            (&["-k", "--cacert", "ca.pem", "https://x/"][..], "give one of them"),
            (&["ftp://x/"][..], "no http:// or https:// scheme"),
            (&["x.localhost/"][..], "http://"),
            (
                &["-q", "1", "--rate", "5", "http://x/"][..],
                "one or the other",
            ),
            (&["--rate", "0", "http://x/"][..], "--rate is 0"),
            (&["-n", "0", "http://x/"][..], "-n is 0"),
            (&["-c", "0", "http://x/"][..], "-c is 0"),
            (&["-H", "nocolon", "http://x/"][..], "(-H)"),
            (&["-t=-1", "http://x/"][..], "-t is"),
            (&["--fail-on", "p99", "http://x/"][..], "--fail-on"),
        ] {
            let err = config(args).unwrap_err();
            assert!(err.contains(says), "{args:?}: {err}");
        }
    }
}
