//! `runlane export` and `runlane import`: the API makes the documents (Knative Services,
//! Prometheus rules and their promtool tests, an Alertmanager configuration, OpenSLO SLOs)
//! and applies imported ones; this writes them to a directory or stdout, and sends a file.

use crate::format::{Format, EXPORT_FORMATS};
use crate::http::{encode_query, Api};
use crate::Output;
use anyhow::Context;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What to write comes from the global `--format`: knative (Service YAML),
/// prometheus-rules (recording and alerting rules with promtool unit tests), alertmanager
/// (alertmanager.yml), openslo (OpenSLO v1 SLOs).
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Only this service (and its SLOs and the policies that watch them).
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// Write each file into this directory (created if missing) instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// A YAML file of Knative Services (serving.knative.dev/v1) and OpenSLO v1 SLOs, as
    /// `runlane export` writes them.
    pub file: PathBuf,
}

pub async fn export(api: &Api, namespace: &str, format: &Format, args: &ExportArgs, io: &mut Output) -> anyhow::Result<ExitCode> {
    let Format::Export(format) = format else {
        anyhow::bail!("say what to export with --format {}", EXPORT_FORMATS.join("|"));
    };
    let mut path = format!("/apis/runlane.dev/v1/namespaces/{namespace}/export?format={}", encode_query(format));
    if let Some(s) = &args.service {
        path.push_str(&format!("&service={}", encode_query(s)));
    }
    let reply = api.get(&path).await?;
    for note in reply["notes"].as_array().into_iter().flatten() {
        writeln!(io.err, "WARNING: {}", note.as_str().unwrap_or_default())?;
    }
    let files: Vec<(&str, &str)> = reply["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| Some((f["name"].as_str()?, f["content"].as_str()?)))
        .collect();
    if files.is_empty() {
        writeln!(io.err, "Nothing to export: the namespace {namespace} has no {}; create some first.", match format.as_str() {
            "knative" => "services",
            _ => "SLOs",
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}; choose another --out", dir.display()))?;
            for (name, content) in files {
                let file = dir.join(name);
                std::fs::write(&file, content).with_context(|| format!("cannot write {}; check the directory's permissions", file.display()))?;
                writeln!(io.err, "Wrote {}", file.display())?;
            }
        }
        None => {
            let many = files.len() > 1;
            for (i, (name, content)) in files.iter().enumerate() {
                if many {
                    writeln!(io.out, "{}# {name}", if i > 0 { "---\n" } else { "" })?;
                }
                write!(io.out, "{content}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn import(api: &Api, namespace: &str, args: &ImportArgs, io: &mut Output) -> anyhow::Result<ExitCode> {
    let content = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}; give the path of a YAML file", args.file.display()))?;
    let reply: Value = api
        .post(&format!("/apis/runlane.dev/v1/namespaces/{namespace}/import"), &json!({ "content": content }))
        .await?;
    for line in reply["applied"].as_array().into_iter().flatten() {
        writeln!(io.err, "Applied {}", line.as_str().unwrap_or_default())?;
    }
    Ok(ExitCode::SUCCESS)
}
