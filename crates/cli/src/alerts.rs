//! `runlane channels create email|webhook | list | delete` and `runlane alerts create |
//! list | describe | delete`: notification channels and burn-rate alert policies on an
//! SLO, through the Cloud Monitoring v3 API. `alerts create --preset sre-workbook`
//! asks the server for the Workbook's multi-window, multi-burn-rate set.

use crate::format::{render_list, render_one, render_table, Format};
use crate::http::Api;
use crate::slo::slo_path;
use crate::Output;
use runlane_model::duration::human_secs;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ChannelsCommand {
    /// Create a notification channel.
    Create {
        #[command(subcommand)]
        kind: ChannelKind,
    },
    /// List the notification channels.
    List,
    /// Delete a channel (by id, name or display name).
    Delete {
        channel: String,
        /// Delete it even if alert policies still use it.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ChannelKind {
    /// Email to an address (runlane up needs --smtp-url).
    Email {
        #[arg(long)]
        address: String,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// A JSON POST to a URL (Cloud Monitoring's webhook payload), or Slack's incoming webhook.
    Webhook {
        #[arg(long)]
        url: String,
        /// The URL is a Slack-compatible incoming webhook: send {"text": …}.
        #[arg(long)]
        slack: bool,
        #[arg(long)]
        display_name: Option<String>,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AlertsCommand {
    /// Create a burn-rate alert policy on an SLO (or the SRE Workbook's set with --preset).
    Create(AlertsCreateArgs),
    /// List the alert policies.
    List,
    /// Show one alert policy.
    Describe { policy: String },
    /// Delete an alert policy.
    Delete { policy: String },
}

#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("how").required(true).args(["burn_rate", "preset"])))]
pub struct AlertsCreateArgs {
    /// The service the SLO belongs to.
    pub service: String,
    /// The SLO's id.
    #[arg(long)]
    pub slo: String,
    /// Fire when the burn rate over --lookback is above this.
    #[arg(long, requires = "lookback", value_name = "RATE")]
    pub burn_rate: Option<f64>,
    /// The burn-rate window: 5m, 1h, 300s.
    #[arg(long, value_parser = crate::slo::parse_secs, value_name = "DURATION")]
    pub lookback: Option<u64>,
    /// `sre-workbook`: page at 14.4× over 1h AND 5m and 6× over 6h AND 30m; ticket at 3× over
    /// 1d AND 2h and 1× over 3d AND 6h (windows scaled to the SLO period); pages inhibit tickets.
    #[arg(long, value_parser = ["sre-workbook"], conflicts_with_all = ["burn_rate", "lookback", "duration"])]
    pub preset: Option<String>,
    /// Notification channels (id, name, display name, address or URL); repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_name = "CHANNEL")]
    pub channel: Vec<String>,
    /// The burn rate must stay above the threshold this long before the policy fires.
    #[arg(long, value_parser = crate::slo::parse_secs, value_name = "DURATION")]
    pub duration: Option<u64>,
    /// Windows with fewer requests than this have no data (default 10).
    #[arg(long, value_name = "N")]
    pub min_requests: Option<u64>,
    /// How long the conditions must be clear before an incident resolves (default 60s).
    #[arg(long, value_parser = crate::slo::parse_secs, value_name = "DURATION")]
    pub resolve_after: Option<u64>,
    /// Close an incident whose conditions had no data this long.
    #[arg(long, value_parser = crate::slo::parse_secs, value_name = "DURATION")]
    pub auto_close: Option<u64>,
    #[arg(long)]
    pub display_name: Option<String>,
}

impl ChannelsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            ChannelsCommand::Create { .. } => "runlane.channels.create",
            ChannelsCommand::List => "runlane.channels.list",
            ChannelsCommand::Delete { .. } => "runlane.channels.delete",
        }
    }
}

impl AlertsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            AlertsCommand::Create(_) => "runlane.alerts.create",
            AlertsCommand::List => "runlane.alerts.list",
            AlertsCommand::Describe { .. } => "runlane.alerts.describe",
            AlertsCommand::Delete { .. } => "runlane.alerts.delete",
        }
    }
}

fn channels_path(ns: &str) -> String {
    format!("/v3/projects/{ns}/notificationChannels")
}

fn policies_path(ns: &str) -> String {
    format!("/v3/projects/{ns}/alertPolicies")
}

fn list_of(v: &Value, key: &str) -> Vec<Value> {
    v[key].as_array().cloned().unwrap_or_default()
}

/// A channel's resource name from what a person typed.
async fn resolve_channel(api: &Api, ns: &str, wanted: &str) -> anyhow::Result<String> {
    if wanted.starts_with("projects/") {
        return Ok(wanted.to_owned());
    }
    let channels = list_of(&api.get(&channels_path(ns)).await?, "notificationChannels");
    let matches: Vec<&Value> = channels
        .iter()
        .filter(|c| {
            let name = c["name"].as_str().unwrap_or("");
            name.rsplit('/').next() == Some(wanted)
                || c["displayName"].as_str() == Some(wanted)
                || c["labels"]["email_address"].as_str() == Some(wanted)
                || c["labels"]["url"].as_str() == Some(wanted)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one["name"].as_str().unwrap_or("").to_owned()),
        [] => anyhow::bail!("no notification channel {wanted:?}; create one with `runlane channels create email --address A` or list them with `runlane channels list`"),
        _ => anyhow::bail!("{} channels match {wanted:?}; pass the channel's id (runlane channels list)", matches.len()),
    }
}

async fn resolve_policy(api: &Api, ns: &str, wanted: &str) -> anyhow::Result<String> {
    if wanted.starts_with("projects/") {
        return Ok(wanted.to_owned());
    }
    let policies = list_of(&api.get(&policies_path(ns)).await?, "alertPolicies");
    let matches: Vec<&Value> = policies
        .iter()
        .filter(|p| {
            p["name"].as_str().and_then(|n| n.rsplit('/').next()) == Some(wanted)
                || p["displayName"].as_str() == Some(wanted)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one["name"].as_str().unwrap_or("").to_owned()),
        [] => anyhow::bail!("no alert policy {wanted:?}; list them with `runlane alerts list`"),
        _ => anyhow::bail!(
            "{} policies match {wanted:?}; pass the policy's id (runlane alerts list)",
            matches.len()
        ),
    }
}

pub async fn channels(
    api: &Api,
    ns: &str,
    cmd: ChannelsCommand,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    match cmd {
        ChannelsCommand::Create { kind } => {
            let body = match kind {
                ChannelKind::Email {
                    address,
                    display_name,
                } => json!({
                    "type": "email", "displayName": display_name.unwrap_or_else(|| address.clone()), "labels": { "email_address": address },
                }),
                ChannelKind::Webhook {
                    url,
                    slack,
                    display_name,
                } => json!({
                    "type": if slack { "slack" } else { "webhook_tokenauth" },
                    "displayName": display_name.unwrap_or_else(|| url.split('?').next().unwrap_or("").to_owned()),
                    "labels": { "url": url },
                }),
            };
            let created = api.post(&channels_path(ns), &body).await?;
            if let Some(text) = render_one(format, &created) {
                write!(io.out, "{text}")?;
            } else {
                writeln!(
                    io.err,
                    "Created notification channel [{}].",
                    created["name"].as_str().unwrap_or("")
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ChannelsCommand::List => {
            let items = list_of(&api.get(&channels_path(ns)).await?, "notificationChannels");
            if let Some(text) = render_list(format, &items) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|c| {
                    let target = c["labels"]["email_address"]
                        .as_str()
                        .or(c["labels"]["url"].as_str())
                        .unwrap_or("");
                    vec![
                        c["name"]
                            .as_str()
                            .unwrap_or("")
                            .rsplit('/')
                            .next()
                            .unwrap_or("")
                            .to_owned(),
                        c["type"].as_str().unwrap_or("").to_owned(),
                        c["displayName"].as_str().unwrap_or("").to_owned(),
                        target.split('?').next().unwrap_or("").to_owned(),
                    ]
                })
                .collect();
            write!(
                io.out,
                "{}",
                render_table(&["ID", "TYPE", "DISPLAY NAME", "TARGET"], &rows)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        ChannelsCommand::Delete { channel, force } => {
            let name = resolve_channel(api, ns, &channel).await?;
            api.delete(&format!(
                "/v3/{name}{}",
                if force { "?force=true" } else { "" }
            ))
            .await?;
            writeln!(io.err, "Deleted notification channel [{name}].")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn alerts(
    api: &Api,
    ns: &str,
    cmd: AlertsCommand,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    match cmd {
        AlertsCommand::Create(a) => create(api, ns, a, format, io).await,
        AlertsCommand::List => {
            let items = list_of(&api.get(&policies_path(ns)).await?, "alertPolicies");
            if let Some(text) = render_list(format, &items) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = items.iter().map(policy_row).collect();
            write!(
                io.out,
                "{}",
                render_table(
                    &[
                        "ID",
                        "DISPLAY NAME",
                        "SEVERITY",
                        "CONDITIONS",
                        "CHANNELS",
                        "ENABLED"
                    ],
                    &rows
                )
            )?;
            Ok(ExitCode::SUCCESS)
        }
        AlertsCommand::Describe { policy } => {
            let name = resolve_policy(api, ns, &policy).await?;
            let p = api.get(&format!("/v3/{name}")).await?;
            let text = render_one(format, &p)
                .unwrap_or_else(|| render_one(&Format::Yaml, &p).unwrap_or_default());
            write!(io.out, "{text}")?;
            Ok(ExitCode::SUCCESS)
        }
        AlertsCommand::Delete { policy } => {
            let name = resolve_policy(api, ns, &policy).await?;
            api.delete(&format!("/v3/{name}")).await?;
            writeln!(io.err, "Deleted alert policy [{name}].")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The metric a metric filter names (`run.googleapis.com/request_count`), for a table.
fn metric_of(filter: &str) -> &str {
    filter
        .split("metric.type")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .unwrap_or(filter)
}

fn policy_row(p: &Value) -> Vec<String> {
    let conditions: Vec<String> = p["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            if let Some(a) = c.get("conditionAbsent") {
                return format!("absent {} for {}", metric_of(a["filter"].as_str().unwrap_or("")), a["duration"].as_str().unwrap_or("0s"));
            }
            let t = &c["conditionThreshold"];
            let filter = t["filter"].as_str().unwrap_or("");
            if !filter.trim_start().starts_with("select_") {
                let agg = &t["aggregations"][0];
                let how = [agg["perSeriesAligner"].as_str(), agg["crossSeriesReducer"].as_str()]
                    .into_iter()
                    .flatten()
                    .map(|s| s.to_ascii_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                let op = match t["comparison"].as_str() {
                    Some("COMPARISON_LT") => "<",
                    Some("COMPARISON_LE") => "≤",
                    Some("COMPARISON_GE") => "≥",
                    _ => ">",
                };
                return format!("{} {how} {op} {}", c["displayName"].as_str().unwrap_or_else(|| metric_of(filter)), t["thresholdValue"]);
            }
            let window = filter.rsplit('"').nth(1).unwrap_or("");
            let op = if t["comparison"] == "COMPARISON_LT" || t["comparison"] == "COMPARISON_LE" {
                "<"
            } else {
                ">"
            };
            format!(
                "{} {window} {op} {}",
                filter
                    .split('(')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("select_slo_"),
                t["thresholdValue"]
            )
        })
        .collect();
    vec![
        p["name"]
            .as_str()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned(),
        p["displayName"].as_str().unwrap_or("").to_owned(),
        p["userLabels"]["severity"]
            .as_str()
            .or(p["severity"].as_str())
            .unwrap_or("")
            .to_owned(),
        conditions.join(format!(" {} ", p["combiner"].as_str().unwrap_or("OR")).as_str()),
        p["notificationChannels"]
            .as_array()
            .map_or(0, Vec::len)
            .to_string(),
        p["enabled"].as_bool().unwrap_or(true).to_string(),
    ]
}

async fn create(
    api: &Api,
    ns: &str,
    a: AlertsCreateArgs,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let slo = slo_path(ns, &a.service, &a.slo)
        .trim_start_matches("/v3/")
        .to_owned();
    // The SLO must exist (a clear error now rather than a field violation later).
    api.get(&format!("/v3/{slo}")).await?;
    let mut channels = Vec::new();
    for c in &a.channel {
        channels.push(resolve_channel(api, ns, c).await?);
    }
    let mut labels = serde_json::Map::new();
    if let Some(n) = a.min_requests {
        labels.insert("runlane_min_requests".into(), json!(n.to_string()));
    }
    if let Some(s) = a.resolve_after {
        labels.insert("runlane_resolve_after".into(), json!(format!("{s}s")));
    }
    let created: Vec<Value> = if a.preset.is_some() {
        let reply = api
            .post(
                &format!("{}:sreWorkbook", policies_path(ns)),
                &json!({ "slo": slo, "notificationChannels": channels, "userLabels": labels }),
            )
            .await?;
        for w in reply["warnings"].as_array().into_iter().flatten() {
            writeln!(io.err, "Warning: {}", w.as_str().unwrap_or(""))?;
        }
        list_of(&reply, "alertPolicies")
    } else {
        let (rate, lookback) = (a.burn_rate.unwrap_or_default(), a.lookback.unwrap_or(300));
        let mut body = json!({
            "displayName": a.display_name.clone().unwrap_or_else(|| format!("{} {}: burn rate over {} > {rate}", a.service, a.slo, human_secs(lookback))),
            "combiner": "OR",
            "conditions": [{
                "displayName": format!("burn rate over {} > {rate}", human_secs(lookback)),
                "conditionThreshold": {
                    "filter": format!("select_slo_burn_rate(\"{slo}\", \"{lookback}s\")"),
                    "comparison": "COMPARISON_GT",
                    "thresholdValue": rate,
                    "duration": format!("{}s", a.duration.unwrap_or(0)),
                },
            }],
            "notificationChannels": channels,
            "userLabels": labels,
            "enabled": true,
        });
        if let Some(s) = a.auto_close {
            body["alertStrategy"] = json!({ "autoClose": format!("{s}s") });
        }
        vec![api.post(&policies_path(ns), &body).await?]
    };
    if let Some(text) = render_list(format, &created) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &created {
        writeln!(
            io.err,
            "Created alert policy [{}]: {}.",
            p["name"].as_str().unwrap_or(""),
            p["displayName"].as_str().unwrap_or("")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

