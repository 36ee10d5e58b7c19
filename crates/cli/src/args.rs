//! The client commands' command line (`deploy`, `services …`, `revisions …` and the global flags),
//! modelled on `gcloud run`, and the parsers for flag values such as `K=V,...` and `R=P,...`.
//!
//! Flag values are checked here, in clap value parsers, so a bad value is reported by clap with
//! the flag's name before any request is sent.

use crate::format::{parse_format, Format};
use crate::traffic::{Key, Percent, TrafficChanges};
use clap::ArgGroup;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Flags every client command takes; they may appear before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Base URL of the runlane API.
    #[arg(
        long,
        global = true,
        env = "RUNLANE_API",
        default_value = "http://127.0.0.1:8484",
        value_name = "URL"
    )]
    pub api: String,
    /// Namespace of the services and revisions.
    #[arg(
        long,
        global = true,
        env = "RUNLANE_NAMESPACE",
        default_value = "default",
        value_name = "NS"
    )]
    pub namespace: String,
    /// Output format: table, json, yaml or value(field.path,...); for `export`: knative,
    /// prometheus-rules, alertmanager or openslo.
    #[arg(long, global = true, default_value = "table", value_parser = parse_format, value_name = "FORMAT")]
    pub format: Format,
    /// File holding the API token sent as `Authorization: Bearer` [default: $XDG_DATA_HOME/runlane/api-token
    /// or ~/.local/share/runlane/api-token, when present].
    #[arg(long, global = true, env = "RUNLANE_TOKEN_FILE", value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// PEM file of the CA (or self-signed certificate) to trust for an https:// --api
    /// [default: the public web roots].
    #[arg(long, global = true, env = "RUNLANE_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
}

/// The client commands; the `runlane` binary flattens these into its own.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Create or update a service and wait until its new revision is ready.
    Deploy(DeployArgs),
    /// List, inspect, replace and delete services, and split their traffic.
    Services {
        #[command(subcommand)]
        command: ServicesCommand,
    },
    /// List, inspect and delete revisions.
    Revisions {
        #[command(subcommand)]
        command: RevisionsCommand,
    },
    /// Print the `gcloud config set` lines that point gcloud at this runlane.
    GcloudConfig(crate::gcloud_config::GcloudConfigArgs),
    /// Print a kubeconfig that points kubectl at this runlane's Knative API (https only).
    Kubeconfig,
    /// Request rate, error ratio and latency percentiles per revision of a service.
    Metrics(crate::metrics::MetricsArgs),
    /// runlane's own health and its data dir's disk, with a fill forecast.
    Status,
    /// The four golden signals per revision, with the SLOs beside them, refreshed like top.
    Top(crate::top::TopArgs),
    /// Read a service's request and app logs.
    Logs {
        #[command(subcommand)]
        command: crate::logs::LogsCommand,
    },
    // --- SLOs and alerts ---
    /// Service level objectives: create, list, describe (SLI, error budget, burn rates).
    Slo {
        #[command(subcommand)]
        command: crate::slo::SloCommand,
    },
    /// Uptime checks: runlane requests a URL on this machine every period (gcloud monitoring uptime).
    Uptime {
        #[command(subcommand)]
        command: crate::uptime::UptimeCommand,
    },
    /// Notification channels for alerts: email and webhooks.
    Channels {
        #[command(subcommand)]
        command: crate::alerts::ChannelsCommand,
    },
    /// Burn-rate alert policies on SLOs.
    Alerts {
        #[command(subcommand)]
        command: crate::alerts::AlertsCommand,
    },
    /// Incidents opened by alert policies: list, describe, ack, close.
    Incidents {
        #[command(subcommand)]
        command: crate::incidents::IncidentsCommand,
    },
    /// Credentials for calling private services.
    Auth {
        #[command(subcommand)]
        command: crate::auth::AuthCommand,
    },
    /// Progressive delivery: start, status, list, pause, resume, promote, abort.
    Rollout {
        #[command(subcommand)]
        command: crate::rollout::RolloutCommand,
    },
    // --- leaving one machine ---
    /// Write services as Knative YAML, SLOs and alerts as Prometheus rules, Alertmanager
    /// configuration or OpenSLO documents.
    Export(crate::export::ExportArgs),
    /// Apply a YAML file of Knative Services and OpenSLO SLOs (what `export` writes).
    Import(crate::export::ImportArgs),
    // --- container images ---
    /// Build a source directory's Dockerfile with buildah and push it to runlane's registry.
    Builds {
        #[command(subcommand)]
        command: crate::builds::BuildsCommand,
    },
    /// Images pulled from registries or loaded from tarballs: list, load, prune.
    Images {
        #[command(subcommand)]
        command: crate::images::ImagesCommand,
    },
    // --- serving beyond loopback ---
    /// The router's TLS certificates (files and ACME): list, renew.
    Certs {
        #[command(subcommand)]
        command: crate::certs::CertsCommand,
    },
    /// Custom domains routed to services: map, list, unmap.
    Domains {
        #[command(subcommand)]
        command: crate::domains::DomainsCommand,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ServicesCommand {
    /// List the services of the namespace.
    List,
    /// Show one service.
    Describe { service: String },
    /// Delete a service and its revisions.
    Delete { service: String },
    /// Create or replace a service from a Knative Service YAML file.
    Replace {
        file: PathBuf,
        /// Return once the change is accepted instead of waiting for it to be ready.
        #[arg(long = "async")]
        async_: bool,
    },
    /// Split a service's traffic between revisions and manage its tags.
    UpdateTraffic(UpdateTrafficArgs),
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum RevisionsCommand {
    /// List revisions, of every service or of one.
    List {
        #[arg(long)]
        service: Option<String>,
    },
    /// Show one revision.
    Describe { revision: String },
    /// Delete a revision that serves no traffic.
    Delete { revision: String },
}

#[derive(Debug, Clone, clap::Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["image", "command", "source"])))]
pub struct DeployArgs {
    pub service: String,
    /// Container image to run.
    #[arg(long, value_name = "IMAGE")]
    pub image: Option<String>,
    /// Build this directory's Dockerfile with buildah, push it to runlane's registry as
    /// REGION-docker.pkg.dev/NAMESPACE/cloud-run-source-deploy/SERVICE, and deploy its digest.
    #[arg(long, value_name = "DIR", conflicts_with = "image")]
    pub source: Option<PathBuf>,
    /// Entrypoint, split on commas; alone (no --image) it runs as a process revision (image runlane/process).
    #[arg(long, value_parser = parse_list, value_name = "CMD,...")]
    pub command: Option<List>,
    /// Arguments, split on commas (`^:^a,b:c` picks another delimiter).
    #[arg(long, value_parser = parse_list, value_name = "ARG,...")]
    pub args: Option<List>,
    /// Replace all environment variables.
    #[arg(long, value_parser = parse_pairs, value_name = "KEY=VALUE,...", conflicts_with = "update_env_vars")]
    pub set_env_vars: Option<Pairs>,
    /// Add or change environment variables, keeping the others.
    #[arg(long, value_parser = parse_pairs, value_name = "KEY=VALUE,...")]
    pub update_env_vars: Option<Pairs>,
    /// Give the new revision this tag (its own URL) in the traffic.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Keep the traffic on the revisions serving now; the new revision gets none.
    #[arg(long)]
    pub no_traffic: bool,
    /// Name the new revision SERVICE-SUFFIX.
    #[arg(long, value_name = "SUFFIX")]
    pub revision_suffix: Option<String>,
    /// Most requests one instance handles at once.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<u32>,
    #[arg(long, value_name = "N")]
    pub min_instances: Option<u32>,
    #[arg(long, value_name = "N")]
    pub max_instances: Option<u32>,
    /// Request timeout: seconds, or a duration such as 90s, 5m, 1h.
    #[arg(long, value_parser = parse_timeout, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// Port the container listens on.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..), value_name = "N")]
    pub port: Option<u16>,
    /// The container speaks HTTP/2 with prior knowledge (h2c; gRPC servers): the router
    /// sends it every request over HTTP/2, as gcloud's `--use-http2` (port name `h2c`).
    #[arg(long)]
    pub use_http2: bool,
    /// Memory limit of each instance, as on Cloud Run: 512Mi (the default), 1Gi, 256M.
    /// Above it an instance is killed and restarted.
    #[arg(long, value_parser = parse_memory, value_name = "SIZE")]
    pub memory: Option<String>,
    /// CPU limit of each instance: 1 (the default), 2, 0.5 or 500m.
    #[arg(long, value_parser = parse_cpu, value_name = "CPU")]
    pub cpu: Option<String>,
    /// Return once the change is accepted instead of waiting for the revision to be ready.
    #[arg(long = "async")]
    pub async_: bool,
    /// Let anyone call the service (IAM: allUsers gets roles/run.invoker). New services
    /// are public in runlane unless deployed with --no-allow-unauthenticated.
    #[arg(long, overrides_with = "no_allow_unauthenticated")]
    pub allow_unauthenticated: bool,
    /// Make the service private: requests need `Authorization: Bearer` with the token
    /// from `runlane auth print-identity-token`.
    #[arg(long)]
    pub no_allow_unauthenticated: bool,
    /// Roll every deploy out progressively: the runlane.dev/rollout annotation, e.g.
    /// "steps=1,5,25,50,100;interval=30s;max-error-rate=1%" (empty removes it).
    #[arg(long, value_name = "SETTINGS")]
    pub rollout_policy: Option<String>,
    /// Refuse deploys that send traffic to a new revision while this SLO's error budget
    /// is exhausted: the runlane.dev/error-budget-freeze annotation (empty removes it).
    #[arg(long, value_name = "SLO")]
    pub error_budget_freeze: Option<String>,
    /// Deploy even though the error-budget freeze is on (needs --reason, which is recorded).
    #[arg(long, requires = "reason")]
    pub override_freeze: bool,
    /// Why the freeze is overridden; kept in the service's runlane.dev/override-freeze annotation.
    #[arg(long, requires = "override_freeze")]
    pub reason: Option<String>,
}

impl DeployArgs {
    /// The explicit choice of --[no-]allow-unauthenticated, if any (the last one wins).
    pub fn allow_unauthenticated(&self) -> Option<bool> {
        match (self.allow_unauthenticated, self.no_allow_unauthenticated) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["to_revisions", "to_tags", "to_latest", "set_tags", "update_tags", "remove_tags", "clear_tags"])
))]
pub struct UpdateTrafficArgs {
    pub service: String,
    /// Percents per revision (LATEST is the latest ready one); the rest is spread over the others.
    #[arg(long, value_parser = parse_percents, value_name = "REVISION=PERCENT,...", conflicts_with_all = ["to_tags", "to_latest"])]
    pub to_revisions: Option<Percents>,
    /// Percents per tagged revision.
    #[arg(long, value_parser = parse_percents, value_name = "TAG=PERCENT,...", conflicts_with = "to_latest")]
    pub to_tags: Option<Percents>,
    /// Send all traffic to the latest ready revision.
    #[arg(long)]
    pub to_latest: bool,
    /// Replace all tags.
    #[arg(long, value_parser = parse_pairs, value_name = "TAG=REVISION,...", conflicts_with_all = ["update_tags", "remove_tags", "clear_tags"])]
    pub set_tags: Option<Pairs>,
    /// Add or move tags.
    #[arg(long, value_parser = parse_pairs, value_name = "TAG=REVISION,...")]
    pub update_tags: Option<Pairs>,
    #[arg(long, value_parser = parse_list, value_name = "TAG,...", conflicts_with = "clear_tags")]
    pub remove_tags: Option<List>,
    #[arg(long)]
    pub clear_tags: bool,
    /// Return once the change is accepted instead of waiting for it to be ready.
    #[arg(long = "async")]
    pub async_: bool,
    /// Change traffic even though the service's error-budget freeze is on (needs --reason,
    /// which is recorded in the runlane.dev/override-freeze annotation).
    #[arg(long, requires = "reason")]
    pub override_freeze: bool,
    /// Why the freeze is overridden.
    #[arg(long, requires = "override_freeze")]
    pub reason: Option<String>,
}

impl UpdateTrafficArgs {
    /// The flags as gcloud's `TrafficChanges`.
    pub fn changes(&self) -> TrafficChanges {
        let percentages = match (&self.to_revisions, &self.to_tags, self.to_latest) {
            (_, _, true) => [("LATEST".to_string(), Percent::HUNDRED)].into(),
            (Some(p), _, _) | (None, Some(p), _) => p.0.iter().cloned().collect(),
            (None, None, false) => BTreeMap::new(),
        };
        let tags = |pairs: &Pairs| {
            pairs
                .0
                .iter()
                .map(|(t, r)| (t.clone(), Key::parse(r)))
                .collect()
        };
        let (tags_to_update, clear_other_tags) = match (&self.set_tags, &self.update_tags) {
            (Some(set), _) => (tags(set), true),
            (None, Some(update)) => (tags(update), self.clear_tags),
            (None, None) => (BTreeMap::new(), self.clear_tags),
        };
        let tags_to_remove: BTreeSet<String> = self
            .remove_tags
            .iter()
            .flat_map(|l| l.0.iter().cloned())
            .collect();
        TrafficChanges {
            percentages,
            by_tag: self.to_tags.is_some() && !self.to_latest,
            tags_to_update,
            tags_to_remove,
            clear_other_tags,
        }
    }
}

/// A comma-separated list flag value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List(pub Vec<String>);

/// A `KEY=VALUE,...` flag value, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairs(pub Vec<(String, String)>);

/// A `NAME=PERCENT,...` flag value, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Percents(pub Vec<(String, Percent)>);

/// Splits like gcloud's ArgList: on commas, or on `X` when the value starts with `^X^`.
pub fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(rest) = text.strip_prefix('^') {
        if let Some(end) = rest.find('^').filter(|&end| end > 0) {
            let (delimiter, items) = (&rest[..end], &rest[end + 1..]);
            return items.split(delimiter).map(str::to_string).collect();
        }
    }
    text.split(',').map(str::to_string).collect()
}

pub fn parse_list(text: &str) -> Result<List, String> {
    Ok(List(split_list(text)))
}

pub fn parse_pairs(text: &str) -> Result<Pairs, String> {
    let mut pairs = Vec::new();
    for item in split_list(text).into_iter().filter(|i| !i.is_empty()) {
        match item.split_once('=') {
            Some((key, _)) if key.trim().is_empty() => {
                return Err(format!(
                    "{item:?} has an empty name; use KEY=VALUE pairs separated by commas"
                ))
            }
            Some((key, value)) => pairs.push((key.trim().to_string(), value.to_string())),
            None => {
                return Err(format!(
                    "{item:?} has no \"=\"; use KEY=VALUE pairs separated by commas"
                ))
            }
        }
    }
    if pairs.is_empty() {
        return Err("no KEY=VALUE pair given; use KEY=VALUE pairs separated by commas".to_string());
    }
    Ok(Pairs(pairs))
}

pub fn parse_percents(text: &str) -> Result<Percents, String> {
    let pairs = parse_pairs(text)?;
    let mut percents = Vec::new();
    for (name, value) in pairs.0 {
        let percent = Percent::parse(&value).map_err(|e| format!("{name}: {e}"))?;
        percents.push((name, percent));
    }
    Ok(Percents(percents))
}

/// Seconds, or one number with a unit: `300`, `300s`, `5m`, `1h`.
/// Checks a memory quantity and keeps it as written.
pub fn parse_memory(text: &str) -> Result<String, String> {
    runlane_model::quantity::parse_memory(text).map(|_| text.trim().to_owned())
}

/// Checks a CPU quantity and keeps it as written.
pub fn parse_cpu(text: &str) -> Result<String, String> {
    runlane_model::quantity::parse_cpu(text).map(|_| text.trim().to_owned())
}

pub fn parse_timeout(text: &str) -> Result<u64, String> {
    let bad = || format!("{text:?} is not a duration; use seconds such as 300, or 90s, 5m, 1h");
    let t = text.trim();
    let (digits, factor) = match t.char_indices().last() {
        Some((i, 's')) => (&t[..i], 1),
        Some((i, 'm')) => (&t[..i], 60),
        Some((i, 'h')) => (&t[..i], 3600),
        _ => (t, 1),
    };
    let n: u64 = digits.parse().map_err(|_| bad())?;
    match n.checked_mul(factor) {
        Some(0) => Err(format!(
            "{text:?} is zero; a timeout must be at least 1 second"
        )),
        Some(seconds) => Ok(seconds),
        None => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        global: GlobalArgs,
        #[command(subcommand)]
        command: Command,
    }

    #[test]
    fn split_list_cases() {
        fn check(input: &str, expected: &[&str]) {
            assert_eq!(split_list(input), expected, "{input:?}");
        }
        check("a,b", &["a", "b"]);
        check("a", &["a"]);
        check("", &[]);
        check("a,,b", &["a", "", "b"]);
        check("^:^a,b:c", &["a,b", "c"]);
        check("^--^x--y,z", &["x", "y,z"]);
        check("^^a,b", &["^^a", "b"]);
        check("python3,-m,http.server", &["python3", "-m", "http.server"]);
    }

    #[test]
    fn parse_pairs_cases() {
        fn check(input: &str, expected: &str) {
            let got = match parse_pairs(input) {
                Ok(p) => {
                    p.0.iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{input:?}");
        }
        check("A=1,B=two", "A=1 B=two");
        check("A=", "A=");
        check("A=x=y", "A=x=y");
        check("A=1,", "A=1");
        check("^;^A=1,2;B=3", "A=1,2 B=3");
        check(
            "A",
            "error: \"A\" has no \"=\"; use KEY=VALUE pairs separated by commas",
        );
        check(
            "=1",
            "error: \"=1\" has an empty name; use KEY=VALUE pairs separated by commas",
        );
        check(
            "",
            "error: no KEY=VALUE pair given; use KEY=VALUE pairs separated by commas",
        );
    }

    #[test]
    fn parse_percents_cases() {
        fn check(input: &str, expected: &str) {
            let got = match parse_percents(input) {
                Ok(p) => {
                    p.0.iter()
                        .map(|(k, v)| format!("{k}={}", v.basis_points()))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{input:?}");
        }
        check("a=10,b=90", "a=1000 b=9000");
        check("a=0.1", "a=10");
        check("LATEST=100", "LATEST=10000");
        check(
            "a=x",
            "error: a: \"x\" is not a percent; use a number from 0 to 100",
        );
        check(
            "a=101",
            "error: a: 101 is more than 100; use a number from 0 to 100",
        );
    }

    #[test]
    fn parse_timeout_cases() {
        fn check(input: &str, expected: &str) {
            let got = match parse_timeout(input) {
                Ok(s) => s.to_string(),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{input:?}");
        }
        check("300", "300");
        check("90s", "90");
        check("5m", "300");
        check("1h", "3600");
        check(
            "0",
            "error: \"0\" is zero; a timeout must be at least 1 second",
        );
        check(
            "5x",
            "error: \"5x\" is not a duration; use seconds such as 300, or 90s, 5m, 1h",
        );
        check(
            "m",
            "error: \"m\" is not a duration; use seconds such as 300, or 90s, 5m, 1h",
        );
    }

    /// Parses a command line; errors are clap's rendered message (first line only).
    fn parse(line: &str) -> Result<Cli, String> {
        let argv = std::iter::once("runlane").chain(line.split_whitespace());
        Cli::try_parse_from(argv)
            .map_err(|e| e.to_string().lines().next().unwrap_or("").to_string())
    }

    #[test]
    fn flag_errors_name_the_flag() {
        fn check(line: &str, expected: &str) {
            let got = parse(line).err().unwrap_or_else(|| "ok".to_string());
            assert_eq!(got, expected, "{line}");
        }
        check("deploy s --image x --set-env-vars A", "error: invalid value 'A' for '--set-env-vars <KEY=VALUE,...>': \"A\" has no \"=\"; use KEY=VALUE pairs separated by commas");
        check("services update-traffic s --to-revisions a=x", "error: invalid value 'a=x' for '--to-revisions <REVISION=PERCENT,...>': a: \"x\" is not a percent; use a number from 0 to 100");
        check("deploy s --image x --memory 512MB", "error: invalid value '512MB' for '--memory <SIZE>': \"512MB\" is not a memory size; use a number with a unit such as 512Mi, 1Gi or 256M");
        check("deploy s --image x --timeout 5x", "error: invalid value '5x' for '--timeout <SECONDS>': \"5x\" is not a duration; use seconds such as 300, or 90s, 5m, 1h");
        check(
            "deploy s --args a",
            "error: the following required arguments were not provided:",
        );
        check("deploy s --image x --set-env-vars A=1 --update-env-vars B=2", "error: the argument '--set-env-vars <KEY=VALUE,...>' cannot be used with '--update-env-vars <KEY=VALUE,...>'");
        check(
            "services update-traffic s",
            "error: the following required arguments were not provided:",
        );
        check("services update-traffic s --to-latest --to-revisions a=1", "error: the argument '--to-latest' cannot be used with '--to-revisions <REVISION=PERCENT,...>'");
        check("services list --format value(", "error: invalid value 'value(' for '--format <FORMAT>': unknown format \"value(\"; use table, json, yaml or value(field.path,...)");
        check(
            "deploy s --image x --port 0",
            "error: invalid value '0' for '--port <N>': 0 is not in 1..=65535",
        );
        check("deploy s --command python3,-m,http.server", "ok");
        check("services list --format json --namespace prod", "ok");
    }

    #[test]
    fn parsed_commands() {
        fn check(line: &str, expected: &str) {
            let cli = parse(line).unwrap();
            let got = match &cli.command {
                Command::Services {
                    command: ServicesCommand::UpdateTraffic(a),
                } => format!("{:?}", a.changes()),
                Command::Deploy(d) => format!(
                    "image={:?} command={:?} args={:?} env={:?}",
                    d.image, d.command, d.args, d.set_env_vars
                ),
                other => format!("{other:?}"),
            };
            assert_eq!(got, expected, "{line}");
        }
        check(
            "deploy s --command python3,-m,http.server --args ^:^a,b:c --set-env-vars A=1,B=2",
            r#"image=None command=Some(List(["python3", "-m", "http.server"])) args=Some(List(["a,b", "c"])) env=Some(Pairs([("A", "1"), ("B", "2")]))"#,
        );
        check(
            "services update-traffic s --to-tags next=10",
            r#"TrafficChanges { percentages: {"next": Percent(1000)}, by_tag: true, tags_to_update: {}, tags_to_remove: {}, clear_other_tags: false }"#,
        );
        check(
            "services update-traffic s --to-latest",
            r#"TrafficChanges { percentages: {"LATEST": Percent(10000)}, by_tag: false, tags_to_update: {}, tags_to_remove: {}, clear_other_tags: false }"#,
        );
        check(
            "services update-traffic s --to-revisions a=10,a=20 --set-tags x=a",
            r#"TrafficChanges { percentages: {"a": Percent(2000)}, by_tag: false, tags_to_update: {"x": Revision("a")}, tags_to_remove: {}, clear_other_tags: true }"#,
        );
        check(
            "services update-traffic s --update-tags x=LATEST --remove-tags y,z",
            r#"TrafficChanges { percentages: {}, by_tag: false, tags_to_update: {"x": Latest}, tags_to_remove: {"y", "z"}, clear_other_tags: false }"#,
        );
        check(
            "services update-traffic s --clear-tags",
            r#"TrafficChanges { percentages: {}, by_tag: false, tags_to_update: {}, tags_to_remove: {}, clear_other_tags: true }"#,
        );
        check(
            "revisions list --service jokes",
            r#"Revisions { command: List { service: Some("jokes") } }"#,
        );
    }

    #[test]
    fn global_flags_after_the_subcommand() {
        let cli = parse(
            "services describe jokes --namespace prod --format value(status.url) --api http://h:1",
        )
        .unwrap();
        assert_eq!(cli.global.namespace, "prod");
        assert_eq!(cli.global.api, "http://h:1");
        assert!(matches!(cli.global.format, Format::Value(_)));
    }
}
