//! `runlane uptime create | list | describe | delete`: uptime checks of a URL on this
//! machine through the Cloud Monitoring v3 API (`uptimeCheckConfigs`), the same checks
//! `gcloud monitoring uptime` makes.

use crate::format::{render_list, render_one, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum UptimeCommand {
    /// Create a check of a URL on this machine, e.g. http://jokes.localhost:8080/.
    Create {
        display_name: String,
        /// What to request: http(s)://HOST:PORT/PATH with HOST on loopback (SERVICE.localhost).
        #[arg(long)]
        url: String,
        /// For an https:// URL: the certificate must chain to a trusted root and name the
        /// host (runlane up --uptime-ca-root adds roots); without it any certificate passes.
        #[arg(long)]
        validate_ssl: bool,
        /// How often to check: 10s to 900s.
        #[arg(long, default_value = "60s")]
        period: String,
        /// How long one check may take: 1s to 60s.
        #[arg(long, default_value = "10s")]
        timeout: String,
        /// The body must contain this text.
        #[arg(long, conflicts_with = "not_contains")]
        contains: Option<String>,
        /// The body must not contain this text.
        #[arg(long)]
        not_contains: Option<String>,
    },
    /// List the checks.
    List,
    /// Show one check (by id or name) and its settings.
    Describe { check: String },
    /// Delete a check (by id or name).
    Delete { check: String },
}

impl UptimeCommand {
    pub fn name(&self) -> &'static str {
        match self {
            UptimeCommand::Create { .. } => "runlane.uptime.create",
            UptimeCommand::List => "runlane.uptime.list",
            UptimeCommand::Describe { .. } => "runlane.uptime.describe",
            UptimeCommand::Delete { .. } => "runlane.uptime.delete",
        }
    }
}

fn path(ns: &str) -> String {
    format!("/v3/projects/{ns}/uptimeCheckConfigs")
}

fn name_of(ns: &str, check: &str) -> String {
    if check.starts_with("projects/") {
        check.to_owned()
    } else {
        format!("projects/{ns}/uptimeCheckConfigs/{check}")
    }
}

/// A check's URL in parts; the server checks that the host is on loopback.
#[derive(Debug, PartialEq)]
pub struct CheckUrl {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub path: String,
}

/// `http(s)://HOST[:PORT]/PATH` → its parts (port 80 or 443 when not given).
pub fn split_url(url: &str) -> Result<CheckUrl, String> {
    let (tls, rest) = match (url.strip_prefix("http://"), url.strip_prefix("https://")) {
        (Some(rest), _) => (false, rest),
        (_, Some(rest)) => (true, rest),
        _ => return Err(format!("--url {url:?}: give an http:// or https:// URL")),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            let port = p.parse::<u16>().map_err(|_| format!("--url {url:?}: {p:?} is not a port"))?;
            (h.trim_start_matches('[').trim_end_matches(']').to_owned(), port)
        }
        _ => (authority.to_owned(), if tls { 443 } else { 80 }),
    };
    if host.is_empty() {
        return Err(format!("--url {url:?}: give a host, e.g. http://jokes.localhost:8080/"));
    }
    Ok(CheckUrl {
        tls,
        host,
        port,
        path: path.to_owned(),
    })
}

pub async fn uptime(api: &Api, ns: &str, cmd: UptimeCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match cmd {
        UptimeCommand::Create {
            display_name,
            url,
            validate_ssl,
            period,
            timeout,
            contains,
            not_contains,
        } => {
            let u = split_url(&url).map_err(anyhow::Error::msg)?;
            if validate_ssl && !u.tls {
                anyhow::bail!("--validate-ssl needs an https:// URL, not {url:?}");
            }
            let mut body = json!({
                "displayName": display_name,
                "monitoredResource": { "type": "uptime_url", "labels": { "host": u.host, "project_id": ns } },
                "httpCheck": { "path": u.path, "port": u.port, "requestMethod": "GET", "useSsl": u.tls, "validateSsl": validate_ssl },
                "period": google_duration(&period, "--period")?,
                "timeout": google_duration(&timeout, "--timeout")?,
            });
            if let Some(text) = contains {
                body["contentMatchers"] = json!([{ "content": text, "matcher": "CONTAINS_STRING" }]);
            } else if let Some(text) = not_contains {
                body["contentMatchers"] = json!([{ "content": text, "matcher": "NOT_CONTAINS_STRING" }]);
            }
            let created = api.post(&path(ns), &body).await?;
            if let Some(text) = render_one(format, &created) {
                write!(io.out, "{text}")?;
            } else {
                writeln!(io.err, "Created uptime check [{}].", created["name"].as_str().unwrap_or(""))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        UptimeCommand::List => {
            let reply = api.get(&path(ns)).await?;
            let items = reply["uptimeCheckConfigs"].as_array().cloned().unwrap_or_default();
            if let Some(text) = render_list(format, &items) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = items.iter().map(row).collect();
            write!(
                io.out,
                "{}",
                render_table(
                    &[
                        "ID",
                        "DISPLAY NAME",
                        "URL",
                        "PERIOD",
                        "TIMEOUT",
                        "CONTENT",
                        "LAST RUN"
                    ],
                    &rows
                )
            )?;
            Ok(ExitCode::SUCCESS)
        }
        UptimeCommand::Describe { check } => {
            let c = api.get(&format!("/v3/{}", name_of(ns, &check))).await?;
            if let Some(text) = render_one(format, &c) {
                write!(io.out, "{text}")?;
            } else {
                let r = row(&c);
                for (label, value) in [
                    "Id:",
                    "Display name:",
                    "URL:",
                    "Period:",
                    "Timeout:",
                    "Content:",
                    "Last run:",
                ]
                .iter()
                .zip(r)
                {
                    writeln!(io.out, "{label:<14} {value}")?;
                }
                writeln!(io.out, "{:<14} {}", "Name:", c["name"].as_str().unwrap_or(""))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        UptimeCommand::Delete { check } => {
            let name = name_of(ns, &check);
            api.delete(&format!("/v3/{name}")).await?;
            writeln!(io.err, "Deleted uptime check [{name}].")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A human duration (`1m`, `30s`) as Google's JSON duration (`"60s"`).
fn google_duration(text: &str, flag: &str) -> anyhow::Result<String> {
    let d = runlane_model::duration::parse_human(text).map_err(|e| anyhow::anyhow!("{flag} {text:?}: {e}"))?;
    Ok(format!("{}s", d.as_secs_f64()))
}

fn row(c: &Value) -> Vec<String> {
    let host = c["monitoredResource"]["labels"]["host"].as_str().unwrap_or("");
    let h = &c["httpCheck"];
    let scheme = if h["useSsl"] == json!(true) {
        "https"
    } else {
        "http"
    };
    let url = format!(
        "{scheme}://{host}:{}{}",
        h["port"],
        h["path"].as_str().unwrap_or("/")
    );
    let run = &c["runlane"]["lastRun"];
    let last_run = match (run["passed"].as_bool(), run["latencyMs"].as_u64()) {
        (Some(true), Some(ms)) => format!("passed in {ms} ms"),
        (Some(false), _) => format!("FAILED: {}", run["error"].as_str().unwrap_or("")),
        _ => "not run yet".to_owned(),
    };
    let content = c["contentMatchers"][0]["content"]
        .as_str()
        .map(|t| format!("{} {t:?}", c["contentMatchers"][0]["matcher"].as_str().unwrap_or("")))
        .unwrap_or_default();
    vec![
        c["name"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_owned(),
        c["displayName"].as_str().unwrap_or("").to_owned(),
        url,
        c["period"].as_str().unwrap_or("").to_owned(),
        c["timeout"].as_str().unwrap_or("").to_owned(),
        content,
        last_run,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        let u = |tls, host: &str, port, path: &str| {
            Ok(CheckUrl {
                tls,
                host: host.into(),
                port,
                path: path.into(),
            })
        };
        assert_eq!(
            split_url("http://jokes.localhost:8080/healthz?x=1"),
            u(false, "jokes.localhost", 8080, "/healthz?x=1")
        );
        assert_eq!(
            split_url("http://localhost"),
            u(false, "localhost", 80, "/")
        );
        assert_eq!(split_url("http://[::1]:9000/"), u(false, "::1", 9000, "/"));
        assert_eq!(
            split_url("https://jokes.localhost/"),
            u(true, "jokes.localhost", 443, "/")
        );
        assert_eq!(
            split_url("https://jokes.localhost:8443/x"),
            u(true, "jokes.localhost", 8443, "/x")
        );
        assert!(split_url("ftp://jokes.localhost/")
            .unwrap_err()
            .contains("http:// or https://"));
        assert!(split_url("http://jokes.localhost:x/")
            .unwrap_err()
            .contains("not a port"));
        assert!(split_url("http://:80/")
            .unwrap_err()
            .contains("give a host"));
    }
}
