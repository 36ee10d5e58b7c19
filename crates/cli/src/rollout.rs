//! `runlane rollout start | status | list | pause | resume | promote | abort`: progressive
//! delivery of a revision, step by step, each step analysed against the stable revision.
//! `status` prints the plan, where the rollout is, and every step,
//! measurement and verdict.

use crate::format::{render_list, render_one, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum RolloutCommand {
    /// Roll a revision out progressively: traffic moves step by step while the canary's
    /// requests are analysed against the stable revision's; a Fail rolls back.
    Start(Box<StartArgs>),
    /// Where a service's rollout is, with every step, measurement and verdict.
    Status { service: String },
    /// The latest rollout of every service.
    List,
    /// Hold the rollout at its current step (analysis stops).
    Pause { service: String },
    /// Continue a paused rollout with a fresh analysis window.
    Resume { service: String },
    /// At a manual gate, approve the next step; elsewhere, promote the canary to 100% now.
    Promote { service: String },
    /// Send all traffic back to the stable revision and end the rollout.
    Abort { service: String },
}

#[derive(Debug, Clone, clap::Args)]
pub struct StartArgs {
    pub service: String,
    /// The revision to roll out.
    #[arg(long, conflicts_with = "latest", required_unless_present = "latest")]
    pub to: Option<String>,
    /// Roll out the latest ready revision.
    #[arg(long)]
    pub latest: bool,
    /// Canary percents, strictly increasing; reaching 100 promotes.
    #[arg(long, default_value = "1,5,25,50,100")]
    pub steps: String,
    /// How long each step is analysed (whole seconds: 1s, 30s, 2m).
    #[arg(long, default_value = "30s")]
    pub interval: String,
    /// Highest acceptable canary error (5xx) rate: 1%, 0.5%, 0.01.
    #[arg(long)]
    pub max_error_rate: Option<String>,
    /// SLO (ID) whose goal turns the canary's error rate into a burn rate.
    #[arg(long, requires = "max_burn_rate")]
    pub slo: Option<String>,
    #[arg(long, requires = "slo")]
    pub max_burn_rate: Option<String>,
    #[arg(long)]
    pub max_p99_ms: Option<String>,
    /// Fewer canary requests in a window is NoData, never Pass.
    #[arg(long, default_value = "100")]
    pub min_requests: String,
    /// Fail verdicts that roll back.
    #[arg(long, default_value = "1")]
    pub failure_limit: String,
    /// Consecutive Inconclusive verdicts that pause the rollout.
    #[arg(long)]
    pub inconclusive_limit: Option<String>,
    /// Consecutive NoData intervals that pause the rollout (default: wait for traffic).
    #[arg(long)]
    pub no_data_limit: Option<String>,
    /// Steps (percents) that wait for `runlane rollout promote` before traffic moves there.
    #[arg(long)]
    pub gates: Option<String>,
    /// URLs POSTed before each step and on rollback; non-2xx or a timeout fails the check.
    #[arg(long = "webhook")]
    pub webhooks: Vec<String>,
    /// Start even though the service's error-budget freeze is on (needs --reason).
    #[arg(long, requires = "reason")]
    pub override_freeze: bool,
    /// Why the freeze is overridden; recorded in the rollout's history.
    #[arg(long, requires = "override_freeze")]
    pub reason: Option<String>,
}

impl RolloutCommand {
    pub fn name(&self) -> &'static str {
        match self {
            RolloutCommand::Start(_) => "runlane.rollout.start",
            RolloutCommand::Status { .. } => "runlane.rollout.status",
            RolloutCommand::List => "runlane.rollout.list",
            RolloutCommand::Pause { .. } => "runlane.rollout.pause",
            RolloutCommand::Resume { .. } => "runlane.rollout.resume",
            RolloutCommand::Promote { .. } => "runlane.rollout.promote",
            RolloutCommand::Abort { .. } => "runlane.rollout.abort",
        }
    }
}

fn who() -> String {
    std::env::var("USER").unwrap_or_else(|_| "cli".into())
}

pub async fn run(api: &Api, ns: &str, cmd: RolloutCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    let base = format!("/apis/runlane.dev/v1/namespaces/{ns}/rollouts");
    let (rollout, verb) = match cmd {
        RolloutCommand::Start(a) => {
            let mut settings = Map::new();
            let mut put = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    settings.insert(k.to_owned(), Value::String(v));
                }
            };
            put("steps", Some(a.steps));
            put("interval", Some(a.interval));
            put("max-error-rate", a.max_error_rate);
            put("slo", a.slo);
            put("max-burn-rate", a.max_burn_rate);
            put("max-p99-ms", a.max_p99_ms);
            put("min-requests", Some(a.min_requests));
            put("failure-limit", Some(a.failure_limit));
            put("inconclusive-limit", a.inconclusive_limit);
            put("no-data-limit", a.no_data_limit);
            put("gates", a.gates);
            put("webhooks", (!a.webhooks.is_empty()).then(|| a.webhooks.join(",")));
            let mut body = json!({"service": a.service, "settings": settings, "by": who()});
            if let Some(to) = a.to {
                body["to"] = json!(to);
            }
            if a.override_freeze {
                body["overrideFreezeReason"] = json!(a.reason.unwrap_or_default());
            }
            (api.post(&base, &body).await?, "Started")
        }
        RolloutCommand::Status { service } => (api.get(&format!("{base}/{service}")).await?, ""),
        RolloutCommand::List => {
            let items = api.get(&base).await?["items"].as_array().cloned().unwrap_or_default();
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
                .map(|r| {
                    vec![
                        s(&r["spec"]["service"]),
                        s(&r["status"]["phase"]),
                        s(&r["spec"]["canary"]),
                        format!("{}%", r["status"]["canaryPercent"]),
                        s(&r["spec"]["stable"]),
                        r["status"]["lastVerdict"]["outcome"].as_str().unwrap_or("-").to_owned(),
                    ]
                })
                .collect();
            write!(io.out, "{}", render_table(&["SERVICE", "PHASE", "CANARY", "WEIGHT", "STABLE", "LAST VERDICT"], &rows))?;
            return Ok(ExitCode::SUCCESS);
        }
        RolloutCommand::Pause { service } => (api.post(&format!("{base}/{service}/pause"), &json!({"by": who()})).await?, "Paused"),
        RolloutCommand::Resume { service } => (api.post(&format!("{base}/{service}/resume"), &json!({"by": who()})).await?, "Resumed"),
        RolloutCommand::Promote { service } => (api.post(&format!("{base}/{service}/promote"), &json!({"by": who()})).await?, "Promoted"),
        RolloutCommand::Abort { service } => (api.post(&format!("{base}/{service}/abort"), &json!({"by": who()})).await?, "Aborted"),
    };
    if let Some(text) = render_one(format, &rollout) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    if !verb.is_empty() {
        writeln!(io.err, "{verb} the rollout of {} ({} → {}).", s(&rollout["spec"]["service"]), s(&rollout["spec"]["stable"]), s(&rollout["spec"]["canary"]))?;
    }
    write!(io.out, "{}", describe(&rollout))?;
    Ok(ExitCode::SUCCESS)
}

fn s(v: &Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_else(|| if v.is_null() { "-".into() } else { v.to_string() })
}

/// The human form of `rollout status`.
pub fn describe(r: &Value) -> String {
    let mut out = String::new();
    let line = |out: &mut String, k: &str, v: String| out.push_str(&format!("{k:<14}{v}\n"));
    let st = &r["status"];
    let spec = &r["spec"];
    line(&mut out, "Service:", s(&spec["service"]));
    let mut phase = s(&st["phase"]);
    if st["waitingForApproval"] == json!(true) {
        phase.push_str(" (waiting for approval: runlane rollout promote)");
    }
    line(&mut out, "Phase:", phase);
    if !st["reason"].is_null() {
        line(&mut out, "Reason:", s(&st["reason"]));
    }
    line(&mut out, "Canary:", format!("{} at {}%", s(&spec["canary"]), st["canaryPercent"]));
    line(&mut out, "Stable:", s(&spec["stable"]));
    let steps: Vec<String> = spec["steps"].as_array().map(|a| a.iter().map(|v| format!("{v}%")).collect()).unwrap_or_default();
    line(&mut out, "Steps:", format!("{} every {}s", steps.join(" → "), spec["intervalSeconds"]));
    let l = &spec["limits"];
    let mut limits = vec![format!("min {} requests", l["minRequests"]), format!("failure limit {}", l["failureLimit"])];
    if let Some(r) = l["maxErrorRate"].as_f64() {
        limits.push(format!("max error rate {}%", r * 100.0));
    }
    if !l["slo"].is_null() {
        limits.push(format!("SLO {} max burn rate {}", s(&l["slo"]), l["maxBurnRate"]));
    }
    if !l["maxP99Ms"].is_null() {
        limits.push(format!("max p99 {} ms", l["maxP99Ms"]));
    }
    line(&mut out, "Limits:", limits.join(", "));
    if spec["gates"].as_array().is_some_and(|g| !g.is_empty()) {
        line(&mut out, "Gates:", spec["gates"].to_string());
    }
    if spec["webhooks"].as_array().is_some_and(|g| !g.is_empty()) {
        line(&mut out, "Webhooks:", spec["webhooks"].to_string());
    }
    out.push_str("History:\n");
    for e in st["events"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}  {:<9} {}\n", s(&e["time"]), s(&e["kind"]), s(&e["message"])));
    }
    out
}
