//! `runlane logs read SERVICE [--revision R] [--severity ERROR] [--limit N] [--follow]`:
//! request and app logs, oldest first, from the API's Cloud Logging `entries:list`.
//! `--follow` keeps printing new entries (polling once a second) until interrupted.

use crate::format::{render_list, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum LogsCommand {
    /// Print a service's request and app logs, oldest first.
    Read(ReadArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// The service.
    pub service: String,
    /// Only this revision.
    #[arg(long)]
    pub revision: Option<String>,
    /// Only entries at least this severe (DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL).
    #[arg(long)]
    pub severity: Option<String>,
    /// How many of the newest entries to print.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// A Cloud Logging filter ANDed with the others, e.g. 'httpRequest.status>=500'.
    #[arg(long)]
    pub log_filter: Option<String>,
    /// Keep printing new entries until interrupted.
    #[arg(long)]
    pub follow: bool,
}

/// The Cloud Logging filter for the flags.
pub fn filter(args: &ReadArgs) -> String {
    let mut terms = vec![format!("resource.labels.service_name=\"{}\"", args.service)];
    if let Some(r) = &args.revision {
        terms.push(format!("resource.labels.revision_name=\"{r}\""));
    }
    if let Some(s) = &args.severity {
        terms.push(format!("severity>={}", s.to_ascii_uppercase()));
    }
    if let Some(f) = &args.log_filter {
        terms.push(format!("({f})"));
    }
    terms.join(" AND ")
}

/// One entry as a line: time, severity, revision, then the request or the message.
pub fn line(e: &Value) -> String {
    let ts = e["timestamp"].as_str().unwrap_or("");
    let ts = ts.get(..23).map_or(ts.to_owned(), |t| format!("{t}Z"));
    let severity = e["severity"].as_str().unwrap_or("DEFAULT");
    let revision = e["resource"]["labels"]["revision_name"]
        .as_str()
        .unwrap_or("");
    let what = if let Some(h) = e.get("httpRequest") {
        format!(
            "{} {} {} {}",
            h["requestMethod"].as_str().unwrap_or(""),
            h["status"],
            h["requestUrl"].as_str().unwrap_or(""),
            h["latency"].as_str().unwrap_or("")
        )
    } else if let Some(t) = e["textPayload"].as_str() {
        t.to_owned()
    } else if let Some(j) = e.get("jsonPayload") {
        j["message"]
            .as_str()
            .map_or_else(|| j.to_string(), str::to_owned)
    } else {
        String::new()
    };
    format!("{ts} {severity:<8} {revision} {what}")
}

/// The newest `limit` entries, newest first, over as many pages as that takes (the
/// server sends at most 1,000 per page, as Cloud Logging does).
async fn newest(api: &Api, ns: &str, filter: &str, limit: u32) -> anyhow::Result<Vec<Value>> {
    let mut entries: Vec<Value> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let want = (limit as usize - entries.len()).min(1000);
        let mut body = json!({ "resourceNames": [format!("projects/{ns}")], "filter": filter, "orderBy": "timestamp desc", "pageSize": want });
        if let Some(t) = &token {
            body["pageToken"] = json!(t);
        }
        let reply = api.post("/v2/entries:list", &body).await?;
        entries.extend(reply["entries"].as_array().cloned().unwrap_or_default());
        token = reply["nextPageToken"].as_str().map(str::to_owned);
        if entries.len() >= limit as usize || token.is_none() {
            entries.truncate(limit as usize);
            return Ok(entries);
        }
    }
}

async fn page(
    api: &Api,
    ns: &str,
    filter: &str,
    order: &str,
    size: u32,
) -> anyhow::Result<Vec<Value>> {
    let body = json!({ "resourceNames": [format!("projects/{ns}")], "filter": filter, "orderBy": order, "pageSize": size });
    let reply = api.post("/v2/entries:list", &body).await?;
    Ok(reply["entries"].as_array().cloned().unwrap_or_default())
}

pub async fn read(
    api: &Api,
    ns: &str,
    args: &ReadArgs,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let filter = filter(args);
    let mut entries = newest(api, ns, &filter, args.limit.max(1)).await?;
    entries.reverse();
    print(&entries, format, io)?;
    if !args.follow {
        return Ok(ExitCode::SUCCESS);
    }
    let mut seen: HashSet<String> = entries
        .iter()
        .filter_map(|e| e["insertId"].as_str().map(str::to_owned))
        .collect();
    let mut since = entries
        .last()
        .and_then(|e| e["timestamp"].as_str().map(str::to_owned));
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let f = match &since {
            Some(t) => format!("{filter} AND timestamp>=\"{t}\""),
            None => filter.clone(),
        };
        let new: Vec<Value> = page(api, ns, &f, "timestamp asc", 1000)
            .await?
            .into_iter()
            .filter(|e| {
                e["insertId"]
                    .as_str()
                    .is_some_and(|id| seen.insert(id.to_owned()))
            })
            .collect();
        if let Some(t) = new.last().and_then(|e| e["timestamp"].as_str()) {
            since = Some(t.to_owned());
        }
        print(&new, format, io)?;
        io.out.flush()?;
    }
}

fn print(entries: &[Value], format: &Format, io: &mut Output) -> anyhow::Result<()> {
    match render_list(format, entries) {
        Some(text) => write!(io.out, "{}", crate::format::escape_control_lines(&text))?,
        None => {
            for e in entries {
                writeln!(io.out, "{}", crate::format::escape_control(&line(e)))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_make_a_filter_and_entries_make_lines() {
        let args = ReadArgs {
            service: "jokes".into(),
            revision: Some("jokes-2".into()),
            severity: Some("error".into()),
            limit: 5,
            log_filter: Some("httpRequest.status>=500".into()),
            follow: false,
        };
        assert_eq!(
            filter(&args),
            "resource.labels.service_name=\"jokes\" AND resource.labels.revision_name=\"jokes-2\" AND severity>=ERROR AND (httpRequest.status>=500)"
        );
        let e = json!({"timestamp": "2024-05-01T10:00:00.123456789Z", "severity": "ERROR",
            "resource": {"labels": {"revision_name": "jokes-2"}},
            "httpRequest": {"requestMethod": "GET", "status": 503, "requestUrl": "http://jokes.localhost/", "latency": "0.001000s"}});
        assert_eq!(
            line(&e),
            "2024-05-01T10:00:00.123Z ERROR    jokes-2 GET 503 http://jokes.localhost/ 0.001000s"
        );
        let e = json!({"timestamp": "2024-05-01T10:00:00Z", "severity": "WARNING", "resource": {"labels": {"revision_name": "r"}}, "jsonPayload": {"message": "hot"}});
        assert_eq!(line(&e), "2024-05-01T10:00:00Z WARNING  r hot");
    }
}
