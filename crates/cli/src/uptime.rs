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
        /// What to request: http://HOST:PORT/PATH with HOST on loopback (SERVICE.localhost).
        #[arg(long)]
        url: String,
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

/// `http://HOST:PORT/PATH` → (host, port, path); the server checks that HOST is on loopback.
pub fn split_url(url: &str) -> Result<(String, u16, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url {url:?}: give an http:// URL (HTTPS checks are not supported yet)"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            let port = p.parse::<u16>().map_err(|_| format!("--url {url:?}: {p:?} is not a port"))?;
            (h.trim_start_matches('[').trim_end_matches(']').to_owned(), port)
        }
        _ => (authority.to_owned(), 80),
    };
    if host.is_empty() {
        return Err(format!("--url {url:?}: give a host, e.g. http://jokes.localhost:8080/"));
    }
    Ok((host, port, path.to_owned()))
}

pub async fn uptime(api: &Api, ns: &str, cmd: UptimeCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match cmd {
        UptimeCommand::Create { display_name, url, period, timeout, contains, not_contains } => {
            let (host, port, path_part) = split_url(&url).map_err(anyhow::Error::msg)?;
            let mut body = json!({
                "displayName": display_name,
                "monitoredResource": { "type": "uptime_url", "labels": { "host": host, "project_id": ns } },
                "httpCheck": { "path": path_part, "port": port, "requestMethod": "GET" },
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
            write!(io.out, "{}", render_table(&["ID", "DISPLAY NAME", "URL", "PERIOD", "TIMEOUT", "CONTENT"], &rows))?;
            Ok(ExitCode::SUCCESS)
        }
        UptimeCommand::Describe { check } => {
            let c = api.get(&format!("/v3/{}", name_of(ns, &check))).await?;
            if let Some(text) = render_one(format, &c) {
                write!(io.out, "{text}")?;
            } else {
                let r = row(&c);
                for (label, value) in ["Id:", "Display name:", "URL:", "Period:", "Timeout:", "Content:"].iter().zip(r) {
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
    let url = format!("http://{host}:{}{}", h["port"], h["path"].as_str().unwrap_or("/"));
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
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        assert_eq!(split_url("http://jokes.localhost:8080/healthz?x=1"), Ok(("jokes.localhost".into(), 8080, "/healthz?x=1".into())));
        assert_eq!(split_url("http://localhost"), Ok(("localhost".into(), 80, "/".into())));
        assert_eq!(split_url("http://[::1]:9000/"), Ok(("::1".into(), 9000, "/".into())));
        assert!(split_url("https://jokes.localhost/").unwrap_err().contains("http://"));
        assert!(split_url("http://jokes.localhost:x/").unwrap_err().contains("not a port"));
        assert!(split_url("http://:80/").unwrap_err().contains("give a host"));
    }
}
