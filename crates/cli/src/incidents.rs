//! `runlane incidents list | describe | ack | close`: what alert policies opened, which
//! revision caused it (the per-revision breakdown of bad requests), and the timeline of
//! notifications, acknowledgements and resolution.

use crate::format::{render_list, render_one, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum IncidentsCommand {
    /// List incidents, open ones first.
    List {
        /// OPEN, RESOLVED or CLOSED.
        #[arg(long, value_parser = ["OPEN", "RESOLVED", "CLOSED", "open", "resolved", "closed"])]
        state: Option<String>,
        #[arg(long)]
        service: Option<String>,
    },
    /// An incident's conditions, revisions and timeline.
    Describe { id: String },
    /// Acknowledge an incident.
    Ack {
        id: String,
        /// Who acknowledges [default: $USER].
        #[arg(long)]
        by: Option<String>,
    },
    /// Close an incident (a new one opens if its conditions still hold).
    Close {
        id: String,
        #[arg(long)]
        by: Option<String>,
    },
}

impl IncidentsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            IncidentsCommand::List { .. } => "runlane.incidents.list",
            IncidentsCommand::Describe { .. } => "runlane.incidents.describe",
            IncidentsCommand::Ack { .. } => "runlane.incidents.ack",
            IncidentsCommand::Close { .. } => "runlane.incidents.close",
        }
    }
}

fn who(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into())
}

pub async fn run(
    api: &Api,
    ns: &str,
    cmd: IncidentsCommand,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let base = format!("/v3/projects/{ns}/incidents");
    match cmd {
        IncidentsCommand::List { state, service } => {
            let mut q = Vec::new();
            if let Some(s) = state {
                q.push(format!("state={}", s.to_ascii_uppercase()));
            }
            if let Some(s) = service {
                q.push(format!("service={}", crate::http::encode_query(&s)));
            }
            let path = if q.is_empty() {
                base
            } else {
                format!("{base}?{}", q.join("&"))
            };
            let items = api.get(&path).await?["incidents"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if let Some(text) = render_list(format, &items) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            if items.is_empty() {
                writeln!(io.err, "Listed 0 items.")?;
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    vec![
                        i["id"].as_str().unwrap_or("").to_owned(),
                        i["state"].as_str().unwrap_or("").to_owned()
                            + if i["acknowledged"].is_object() {
                                " (acked)"
                            } else {
                                ""
                            },
                        i["severity"].as_str().unwrap_or("").to_owned(),
                        i["service"].as_str().unwrap_or("").to_owned(),
                        i["policyDisplayName"].as_str().unwrap_or("").to_owned(),
                        i["topRevision"].as_str().unwrap_or("-").to_owned(),
                        rate(&i["peakBurnRate"]),
                        i["openTime"].as_str().unwrap_or("").to_owned(),
                    ]
                })
                .collect();
            write!(
                io.out,
                "{}",
                render_table(
                    &[
                        "ID",
                        "STATE",
                        "SEVERITY",
                        "SERVICE",
                        "POLICY",
                        "TOP REVISION",
                        "PEAK BURN",
                        "OPENED"
                    ],
                    &rows
                )
            )?;
            Ok(ExitCode::SUCCESS)
        }
        IncidentsCommand::Describe { id } => {
            let i = api.get(&format!("{base}/{id}")).await?;
            if let Some(text) = render_one(format, &i) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            write!(io.out, "{}", describe(&i))?;
            Ok(ExitCode::SUCCESS)
        }
        IncidentsCommand::Ack { id, by } => change(api, &format!("{base}/{id}:acknowledge"), by, "Acknowledged", format, io).await,
        IncidentsCommand::Close { id, by } => change(api, &format!("{base}/{id}:close"), by, "Closed", format, io).await,
    }
}

fn rate(v: &Value) -> String {
    v.as_f64().map_or("-".into(), |b| format!("{b:.1}×"))
}

fn pct(v: &Value) -> String {
    v.as_f64()
        .map_or("no data".into(), |f| format!("{:.3}%", f * 100.0))
}

/// The human description of an incident.
pub fn describe(i: &Value) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<18}{v}\n"));
    let s = |k: &str| i[k].as_str().unwrap_or("").to_owned();
    line("Incident:", format!("{} ({})", s("id"), s("url")));
    let mut state = s("state");
    if let Some(a) = i["acknowledged"].as_object() {
        state.push_str(&format!(
            ", acknowledged by {} at {}",
            a["by"].as_str().unwrap_or(""),
            a["time"].as_str().unwrap_or("")
        ));
    }
    line("State:", state);
    line(
        "Policy:",
        format!("{} ({})", s("policyDisplayName"), s("policy")),
    );
    line("Service:", s("service"));
    line("SLO:", s("slo"));
    if !i["severity"].is_null() {
        line("Severity:", s("severity"));
    }
    line("Opened:", s("openTime"));
    for k in ["resolveTime", "closeTime"] {
        if let Some(t) = i[k].as_str() {
            line(
                if k == "resolveTime" {
                    "Resolved:"
                } else {
                    "Closed:"
                },
                t.to_owned(),
            );
        }
    }
    for o in i["observed"].as_array().into_iter().flatten() {
        line(
            "Condition:",
            format!(
                "{} — {} at open (threshold {})",
                o["displayName"].as_str().unwrap_or(""),
                o["value"].as_f64().map_or("no data".into(), |v| {
                    runlane_slo::alert::decisive(v, o["thresholdValue"].as_f64().unwrap_or(f64::NAN), 2)
                }),
                o["thresholdValue"]
            ),
        );
    }
    line(
        "Burn rate:",
        format!(
            "{} at open, peak {}",
            rate(&i["burnRateAtOpen"]),
            rate(&i["peakBurnRate"])
        ),
    );
    line(
        "SLI at open:",
        format!("{} (goal {})", pct(&i["sli"]), pct(&i["goal"])),
    );
    line("Budget left:", pct(&i["budgetRemaining"]));
    line(
        "Top revision:",
        i["topRevision"].as_str().unwrap_or("none").to_owned(),
    );
    if let Some(h) = i["inhibitedBy"].as_str() {
        line("Inhibited by:", h.to_owned());
    }
    let rows: Vec<Vec<String>> = i["breakdown"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            vec![
                r["revision"].as_str().unwrap_or("").to_owned(),
                r["bad"].to_string(),
                r["total"].to_string(),
                pct(&r["shareOfBad"]),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(&format!(
            "\nBad requests per revision (last {}):\n",
            i["breakdownWindow"].as_str().unwrap_or("")
        ));
        out.push_str(&render_table(
            &["REVISION", "BAD", "REQUESTS", "SHARE OF BAD"],
            &rows,
        ));
    }
    out.push_str("\nTimeline:\n");
    for e in i["timeline"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "  {}  {}\n",
            e["time"].as_str().unwrap_or(""),
            e["message"].as_str().unwrap_or("")
        ));
    }
    out
}

/// Acknowledges or closes an incident (`path` ends in the verb) and says what was done.
async fn change(api: &Api, path: &str, by: Option<String>, done: &str, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    let i = api.post(path, &json!({ "by": who(by) })).await?;
    if let Some(text) = render_one(format, &i) {
        write!(io.out, "{text}")?;
    } else {
        writeln!(io.err, "{done} incident [{}] ({}).", i["id"].as_str().unwrap_or(""), i["policyDisplayName"].as_str().unwrap_or(""))?;
    }
    Ok(ExitCode::SUCCESS)
}
