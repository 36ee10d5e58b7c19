//! `runlane slo create | list | describe | delete`: request-based SLOs on a service's
//! request count (availability: good = 2xx, bad = 5xx) or latency (good = answered
//! within N ms), over a rolling or calendar period, through the Cloud Monitoring v3
//! API; `describe` shows the SLI over the period, the goal, the error budget left (as
//! a fraction, in requests and in minutes of full outage) and burn rates over 5m/1h/6h.

use crate::format::{render_list, render_one, render_table, Format};
use crate::http::{encode_query, Api};
use crate::Output;
use runlane_model::duration::human_secs;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

/// `runlane slo create`: an SLO on a service.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["availability", "latency_ms", "prometheus_url"])))]
#[command(group(clap::ArgGroup::new("window").args(["rolling", "calendar"])))]
pub struct CreateArgs {
    pub service: String,
    /// Good = 2xx, bad = 5xx over run.googleapis.com/request_count.
    #[arg(long)]
    pub availability: bool,
    /// Good = answered within this many milliseconds (run.googleapis.com/request_latencies).
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<f64>,
    /// Count events with a Prometheus server (http://HOST:PORT) instead of runlane's
    /// own metrics; give two of --good-query, --bad-query, --total-query.
    #[arg(long, value_name = "URL")]
    pub prometheus_url: Option<String>,
    /// PromQL giving the good events over {{.window}}, e.g.
    /// 'sum(increase(http_requests_total{code!~"5.."}[{{.window}}]))'.
    #[arg(long, value_name = "PROMQL", requires = "prometheus_url")]
    pub good_query: Option<String>,
    /// PromQL giving the bad events over {{.window}}.
    #[arg(long, value_name = "PROMQL", requires = "prometheus_url")]
    pub bad_query: Option<String>,
    /// PromQL giving all events over {{.window}}.
    #[arg(long, value_name = "PROMQL", requires = "prometheus_url")]
    pub total_query: Option<String>,
    /// Windows-based: judge windows of this length (5m) instead of requests; a window
    /// is good when its requests meet --window-goal. The goal is then a share of windows.
    #[arg(long, value_parser = parse_secs, value_name = "DURATION", requires = "window_goal", conflicts_with = "prometheus_url")]
    pub windows: Option<u64>,
    /// With --windows: the share of a window's requests that must be good (95, 0.95).
    #[arg(long, value_parser = parse_goal, value_name = "PERCENT", requires = "windows")]
    pub window_goal: Option<f64>,
    /// The goal, in percent (99) or as a fraction (0.99).
    #[arg(long, value_parser = parse_goal)]
    pub goal: f64,
    /// Rolling period: 1h, 1d, 28d, 3600s (default 28d).
    #[arg(long, value_parser = parse_secs, value_name = "DURATION")]
    pub rolling: Option<u64>,
    /// Calendar period: DAY, WEEK, FORTNIGHT or MONTH.
    #[arg(long, value_parser = ["DAY", "WEEK", "FORTNIGHT", "MONTH"])]
    pub calendar: Option<String>,
    /// The SLO's id [default: availability, or latency-MSms].
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum SloCommand {
    /// Create an SLO on a service.
    Create(CreateArgs),
    /// List SLOs (of one service, or of all) with their SLI and budget.
    List { service: Option<String> },
    /// An SLO's SLI, error budget, burn rates and revisions.
    Describe { service: String, id: String },
    /// Delete an SLO (refused while alert policies use it).
    Delete { service: String, id: String },
}

impl SloCommand {
    pub fn name(&self) -> &'static str {
        match self {
            SloCommand::Create(_) => "runlane.slo.create",
            SloCommand::List { .. } => "runlane.slo.list",
            SloCommand::Describe { .. } => "runlane.slo.describe",
            SloCommand::Delete { .. } => "runlane.slo.delete",
        }
    }
}

/// `99` → 0.99, `99.9` → 0.999, `0.99` → 0.99.
pub fn parse_goal(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{text:?} is not a goal; write a percent such as 99 or 99.9"))?;
    let g = if v >= 1.0 { v / 100.0 } else { v };
    if g > 0.0 && g < 1.0 {
        Ok(g)
    } else {
        Err(format!(
            "{text:?} is out of range; a goal is above 0% and below 100%"
        ))
    }
}

/// `1h`, `1h30m`, `1d`, `3600s` → whole seconds.
pub fn parse_secs(text: &str) -> Result<u64, String> {
    runlane_model::duration::whole_seconds(text, runlane_model::duration::parse_human(text)?)
}

pub fn slo_path(ns: &str, service: &str, id: &str) -> String {
    format!("/v3/projects/{ns}/services/{service}/serviceLevelObjectives/{id}")
}

pub async fn run(
    api: &Api,
    ns: &str,
    cmd: SloCommand,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    match cmd {
        SloCommand::Create(args) => create(api, ns, args, format, io).await,
        SloCommand::List { service } => list(api, ns, service.as_deref(), format, io).await,
        SloCommand::Describe { service, id } => {
            let st = api
                .get(&format!("{}:status?steps=24", slo_path(ns, &service, &id)))
                .await?;
            if let Some(text) = render_one(format, &st) {
                write!(io.out, "{text}")?;
                return Ok(ExitCode::SUCCESS);
            }
            write!(io.out, "{}", describe(&st))?;
            Ok(ExitCode::SUCCESS)
        }
        SloCommand::Delete { service, id } => {
            api.delete(&slo_path(ns, &service, &id)).await?;
            writeln!(
                io.err,
                "Deleted service level objective [{}].",
                slo_path(ns, &service, &id).trim_start_matches("/v3/")
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn create(api: &Api, ns: &str, args: CreateArgs, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    let CreateArgs { service, availability, latency_ms, prometheus_url, good_query, bad_query, total_query, windows, window_goal, goal, rolling, calendar, id, display_name } = args;
    let count = "metric.type=\"run.googleapis.com/request_count\"";
    let (sli, default_id) = if let Some(url) = prometheus_url {
        let mut p = json!({ "url": url });
        for (k, q) in [("goodQuery", good_query), ("badQuery", bad_query), ("totalQuery", total_query)] {
            if let Some(q) = q {
                p[k] = json!(q);
            }
        }
        (json!({ "prometheus": p }), "prometheus".to_owned())
    } else if availability {
        (
            json!({"requestBased": {"goodTotalRatio": {
                "goodServiceFilter": format!("{count} AND metric.labels.response_code_class=\"2xx\""),
                "badServiceFilter": format!("{count} AND metric.labels.response_code_class=\"5xx\""),
            }}}),
            "availability".to_owned(),
        )
    } else {
        let ms = latency_ms.unwrap_or_default();
        (
            json!({"requestBased": {"distributionCut": {
                "distributionFilter": "metric.type=\"run.googleapis.com/request_latencies\"",
                "range": {"min": 0, "max": ms},
            }}}),
            format!("latency-{ms}ms").replace('.', "-"),
        )
    };
    // Windows-based: the request SLI judges each window (Cloud Monitoring's
    // windowsBased.goodTotalRatioThreshold with the request SLI as its performance).
    let (sli, default_id) = match (windows, window_goal) {
        (Some(w), Some(threshold)) => (
            json!({"windowsBased": {"windowPeriod": format!("{w}s"), "goodTotalRatioThreshold": {
                "performance": sli["requestBased"].clone(),
                "threshold": threshold,
            }}}),
            format!("{default_id}-windows"),
        ),
        _ => (sli, default_id),
    };
    let id = id.unwrap_or(default_id);
    let mut body = json!({
        "displayName": display_name.unwrap_or_else(|| id.clone()),
        "goal": goal,
        "serviceLevelIndicator": sli,
    });
    match &calendar {
        Some(c) => body["calendarPeriod"] = json!(c),
        None => {
            body["rollingPeriod"] = json!(format!("{}s", rolling.unwrap_or(28 * 86_400)))
        }
    }
    let path = format!("/v3/projects/{ns}/services/{service}/serviceLevelObjectives?serviceLevelObjectiveId={}", encode_query(&id));
    let created = api.post(&path, &body).await?;
    if let Some(text) = render_one(format, &created) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        io.err,
        "Created service level objective [{}].",
        created["name"].as_str().unwrap_or("")
    )?;
    if let (Some(w), Some(secs)) = (windows, rolling.or(calendar.is_none().then_some(28 * 86_400))) {
        let count = secs / w.max(1);
        writeln!(
            io.err,
            "Error budget: {} of the {count} windows of {} in every {} ({:.1} bad windows); a window is good when {} of its requests are.",
            pct(1.0 - goal),
            human_secs(w),
            human_secs(secs),
            (1.0 - goal) * count as f64,
            pct(window_goal.unwrap_or_default())
        )?;
    } else if let Some(secs) = rolling.or(calendar.is_none().then_some(28 * 86_400)) {
        writeln!(
            io.err,
            "Error budget: {} of requests, the same as {} of full outage every {}.",
            pct(1.0 - goal),
            minutes((1.0 - goal) * secs as f64),
            human_secs(secs)
        )?;
    }
    if goal > 0.99995 {
        writeln!(io.err, "Warning: a goal of {} leaves very little budget; one slow deploy can spend it.", pct(goal))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(api: &Api, ns: &str, service: Option<&str>, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    let list = api
        .get(&format!(
            "/v3/projects/{ns}/services/{}/serviceLevelObjectives",
            service.unwrap_or("-")
        ))
        .await?;
    let slos: Vec<Value> = list["serviceLevelObjectives"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut statuses = Vec::new();
    for s in &slos {
        let name = s["name"].as_str().unwrap_or("");
        statuses.push(api.get(&format!("/v3/{name}:status?steps=1")).await?);
    }
    if let Some(text) = render_list(format, &statuses) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    if statuses.is_empty() {
        writeln!(io.err, "Listed 0 items.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = statuses
        .iter()
        .map(|st| {
            let name = st["slo"]["name"].as_str().unwrap_or("");
            let parts: Vec<&str> = name.split('/').collect();
            vec![
                parts.get(3).copied().unwrap_or("").to_owned(),
                parts.get(5).copied().unwrap_or("").to_owned(),
                pct(st["goal"].as_f64().unwrap_or(0.0)),
                period(&st["slo"]),
                st["sli"].as_f64().map_or("no data".into(), pct),
                st["errorBudget"]["remainingFraction"]
                    .as_f64()
                    .map_or("-".into(), pct),
                // The first lookback: 5m, or the period when it is shorter.
                format!(
                    "{}{}",
                    burn(&st["burnRates"][0]["burnRate"]),
                    st["burnRates"][0]["lookback"].as_str().filter(|l| *l != "300s").map_or(String::new(), |l| format!(" ({l})"))
                ),
                st["openIncidents"]
                    .as_array()
                    .map_or(0, Vec::len)
                    .to_string(),
            ]
        })
        .collect();
    write!(
        io.out,
        "{}",
        render_table(
            &[
                "SERVICE",
                "SLO",
                "GOAL",
                "PERIOD",
                "SLI",
                "BUDGET LEFT",
                "BURN (5M)",
                "OPEN INCIDENTS"
            ],
            &rows
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

fn pct(f: f64) -> String {
    let p = f * 100.0;
    let s = format!("{p:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

fn burn(v: &Value) -> String {
    v.as_f64().map_or("no data".into(), |b| format!("{b:.2}×"))
}

/// What the tutorial's last step watches: when the SLI is back over the goal at
/// the recent rate. None when the server did not say.
pub(crate) fn recovery_line(recovery: &Value) -> Option<String> {
    let lookback = recovery["rateLookback"]
        .as_str()
        .and_then(|l| l.trim_end_matches('s').parse().ok())
        .map_or_else(|| "recent".to_owned(), |l| format!("last {}'s", human_secs(l)));
    let said = match recovery["state"].as_str()? {
        "MET" => "the SLI is at or over the goal".to_owned(),
        "RECOVERING" => {
            let secs = recovery["secondsToGoal"].as_f64().unwrap_or(0.0).max(0.0) as u64;
            format!("the SLI is back over the goal in about {} at the {lookback} rate", about(secs))
        }
        "NOT_RECOVERING" => format!("the SLI does not climb back over the goal within the period at the {lookback} rate (recent traffic is below the goal too)"),
        "NO_RECENT_DATA" => format!("no events in the {} to estimate from", lookback.trim_end_matches("'s")),
        other => other.to_owned(),
    };
    Some(said)
}

/// A duration for people: `45s`, `4m 10s`, `2h 5m`.
fn about(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m {}s", s / 60, s % 60),
        s => format!("{}h {}m", s / 3600, (s % 3600) / 60),
    }
}

fn minutes(secs: f64) -> String {
    if secs >= 60.0 {
        format!("{:.1} minutes", secs / 60.0)
    } else {
        format!("{secs:.1} seconds")
    }
}

fn period(slo: &Value) -> String {
    match (
        slo["rollingPeriod"].as_str(),
        slo["calendarPeriod"].as_str(),
    ) {
        (Some(r), _) => format!(
            "rolling {}",
            r.trim_end_matches('s').parse().map_or(r.to_owned(), human_secs)
        ),
        (_, Some(c)) => format!("calendar {c}"),
        _ => String::new(),
    }
}

/// The human description of an SLO status.
pub fn describe(st: &Value) -> String {
    let slo = &st["slo"];
    let eb = &st["errorBudget"];
    let ev = &st["events"];
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<20}{v}\n"));
    line("SLO:", slo["name"].as_str().unwrap_or("").to_owned());
    line(
        "Display name:",
        slo["displayName"].as_str().unwrap_or("").to_owned(),
    );
    line("Goal:", pct(st["goal"].as_f64().unwrap_or(0.0)));
    line(
        "Period:",
        format!(
            "{} (since {})",
            period(slo),
            st["periodStartTime"].as_str().unwrap_or("")
        ),
    );
    line(
        "SLI:",
        // A windows-based SLI counts windows; the requests inside them come beside.
        match (st["sli"].as_f64(), st["events"]["unit"].as_str()) {
            (Some(s), Some("windows")) => format!(
                "{} ({} good, {} bad of {} whole windows{})",
                pct(s),
                ev["good"],
                ev["bad"],
                ev["total"],
                st["events"]["requests"].as_u64().map_or(String::new(), |n| format!("; {n} requests in them"))
            ),
            (Some(s), _) => format!(
                "{} ({} good, {} bad of {} requests)",
                pct(s),
                ev["good"],
                ev["bad"],
                ev["total"]
            ),
            (None, Some("windows")) => "no data (no whole window with data in the period yet; the one in progress counts once it ends)".into(),
            (None, _) => "no data (no requests in the period)".into(),
        },
    );
    if let Some(recovery) = recovery_line(&st["recovery"]) {
        line("Recovery:", recovery);
    }
    line(
        "Error budget left:",
        match eb["remainingFraction"].as_f64() {
            Some(r) => format!(
                "{} — {:.1} of {:.1} allowed bad requests left; {} of full outage",
                pct(r),
                eb["remainingEvents"].as_f64().unwrap_or(0.0),
                eb["allowedBadEvents"].as_f64().unwrap_or(0.0),
                minutes(eb["remainingOutageSeconds"].as_f64().unwrap_or(0.0))
            ),
            None => format!(
                "no data; the whole budget is {} of full outage",
                minutes(eb["totalOutageSeconds"].as_f64().unwrap_or(0.0))
            ),
        },
    );
    let rates: Vec<String> = st["burnRates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            let l = b["lookback"]
                .as_str()
                .unwrap_or("")
                .trim_end_matches('s')
                .parse()
                .map_or(String::new(), human_secs);
            format!("{l} {}", burn(&b["burnRate"]))
        })
        .collect();
    line("Burn rates:", rates.join(", "));
    let incidents: Vec<&str> = st["openIncidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    line(
        "Open incidents:",
        if incidents.is_empty() {
            "none".into()
        } else {
            incidents.join(", ")
        },
    );
    let revisions: Vec<Vec<String>> = st["revisions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let e = &r["events"];
            vec![
                r["revision"].as_str().unwrap_or("").to_owned(),
                e["total"].to_string(),
                e["bad"].to_string(),
                pct(r["shareOfBad"].as_f64().unwrap_or(0.0)),
            ]
        })
        .collect();
    if !revisions.is_empty() {
        out.push_str("\nRequests per revision over the period:\n");
        out.push_str(&render_table(
            &["REVISION", "REQUESTS", "BAD", "SHARE OF BAD"],
            &revisions,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_and_periods() {
        assert_eq!(parse_goal("99"), Ok(0.99));
        assert!((parse_goal("99.9").unwrap() - 0.999).abs() < 1e-12);
        assert_eq!(parse_goal("0.95"), Ok(0.95));
        assert!(parse_goal("100").is_err());
        assert!(parse_goal("0").is_err());
        assert_eq!(parse_secs("1d"), Ok(86_400));
        assert_eq!(parse_secs("3600s"), Ok(3600));
        assert!(parse_secs("1.5s").is_err());
        assert_eq!(pct(0.999), "99.9%");
        assert_eq!(pct(0.5), "50%");
    }

    #[test]
    fn the_recovery_line_says_when_the_sli_is_back_over_its_goal() {
        let line = |v: Value| recovery_line(&v);
        assert_eq!(
            line(serde_json::json!({"state": "RECOVERING", "secondsToGoal": 250.0, "rateLookback": "60s"})).as_deref(),
            Some("the SLI is back over the goal in about 4m 10s at the last 1m's rate")
        );
        assert_eq!(line(serde_json::json!({"state": "MET", "rateLookback": "60s"})).as_deref(), Some("the SLI is at or over the goal"));
        assert!(line(serde_json::json!({"state": "NOT_RECOVERING", "rateLookback": "30s"})).unwrap().contains("does not climb back over the goal within the period at the last 30s's rate"));
        assert_eq!(line(serde_json::json!({"state": "NO_RECENT_DATA", "rateLookback": "60s"})).as_deref(), Some("no events in the last 1m to estimate from"));
        assert_eq!(line(Value::Null), None, "an older server says nothing");
    }
}
