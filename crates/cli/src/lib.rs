//! The client half of the `runlane` binary: `deploy`, `services …` and `revisions …`, which talk
//! to a runlane API over the Knative serving.knative.dev/v1 JSON and behave and print like
//! `gcloud run`. The binary parses [`Command`] and [`GlobalArgs`] and calls [`run`].
//!
//! Module map: `args` (command line and flag values), `http` (the only HTTP code), `traffic`
//! (gcloud's traffic arithmetic, pure), `deploy`/`services`/`revisions` (one flow per command),
//! `wait` (polling), `knative` (reading the JSON), `format`/`describe` (output), `error`
//! (gcloud-style error lines).
#![forbid(unsafe_code)]

mod args;
mod auth;
mod builds;
mod certs;
mod deploy;
mod describe;
mod domains;
mod error;
mod export;
mod format;
mod gcloud_config;
mod http;
mod images;
mod knative;
mod kubeconfig;
mod logs;
mod metrics;
mod status;
mod top;
mod revisions;
mod services;
mod slo;
mod alerts;
mod incidents;
mod rollout;
mod traffic;
mod wait;
mod uptime;

pub use args::{
    Command, DeployArgs, GlobalArgs, List, Pairs, Percents, RevisionsCommand, ServicesCommand,
    UpdateTrafficArgs,
};
pub use format::{FieldPath, Format};

use std::io::Write;
use std::process::ExitCode;

/// Where a command writes: resource output to `out`, progress and errors to `err` (as gcloud).
pub struct Output {
    pub out: Box<dyn Write + Send>,
    pub err: Box<dyn Write + Send>,
}

impl Output {
    pub fn stdio() -> Output {
        Output {
            out: Box::new(std::io::stdout()),
            err: Box::new(std::io::stderr()),
        }
    }
}

/// Runs one client command against the API, printing to stdout and stderr.
///
/// Failures are printed here, gcloud-style (`ERROR: (runlane.deploy) …`), and give exit code 1;
/// `Err` is returned only when the terminal itself cannot be written.
pub async fn run(cmd: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    run_with(cmd, global, &mut Output::stdio()).await
}

/// [`run`], writing to the given sinks (for tests and embedding).
pub async fn run_with(
    cmd: Command,
    global: &GlobalArgs,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let name = cmd.name();
    let result = match http::Api::new(global, name) {
        Ok(api) => dispatch(&api, cmd, global, io).await,
        Err(e) => Err(e),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            for line in error::render(name, &e) {
                writeln!(io.err, "{line}")?;
            }
            ExitCode::FAILURE
        }
    };
    for sink in [&mut io.out, &mut io.err] {
        match sink.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => {}
        }
    }
    Ok(code)
}

async fn dispatch(
    api: &http::Api,
    cmd: Command,
    global: &GlobalArgs,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let ns = global.namespace.as_str();
    let format = &global.format;
    if let (Format::Export(f), false) = (format, matches!(cmd, Command::Export(_))) {
        anyhow::bail!("--format {f} is for `runlane export`; use table, json, yaml or value(field.path,...)");
    }
    match cmd {
        Command::Deploy(mut args) => {
            if let Some(source) = args.source.clone() {
                // Where Cloud Run puts a source deploy's image, in runlane's registry.
                let image = format!("{}-docker.pkg.dev/{ns}/cloud-run-source-deploy/{}", gcloud_config::DEFAULT_REGION, args.service);
                let built = builds::build_and_push(api, ns, global.ca_cert.as_deref(), &source, None, &image, io).await?;
                args.image = Some(built.pinned);
                let code = deploy::run(api, ns, &args, io).await?;
                if code == ExitCode::SUCCESS {
                    if let Err(e) = builds::record_revision(api, ns, &built.build_id, &args.service).await {
                        writeln!(io.err, "Deployed, but the revision was not recorded on build {}: {e:#}", built.build_id)?;
                    }
                }
                return Ok(code);
            }
            deploy::run(api, ns, &args, io).await
        }
        Command::Builds { command } => builds::run(api, ns, global.ca_cert.as_deref(), command, format, io).await,
        Command::Services { command } => match command {
            ServicesCommand::List => services::list(api, ns, format, io).await,
            ServicesCommand::Describe { service } => {
                services::describe(api, ns, &service, format, io).await
            }
            ServicesCommand::Delete { service } => services::delete(api, ns, &service, io).await,
            ServicesCommand::Replace { file, async_ } => {
                services::replace(api, ns, &file, async_, io).await
            }
            ServicesCommand::UpdateTraffic(args) => {
                services::update_traffic(api, ns, &args, format, io).await
            }
        },
        Command::GcloudConfig(args) => gcloud_config::run(api, global, &args, io).await,
        Command::Kubeconfig => kubeconfig::run(api, global, io).await,
        Command::Metrics(args) => metrics::run(api, ns, &args, format, io).await,
        Command::Top(args) => top::run(api, ns, &args, io).await,
        Command::Status => status::run(api, format, io).await,
        Command::Logs {
            command: logs::LogsCommand::Read(args),
        } => logs::read(api, ns, &args, format, io).await,
        Command::Slo { command } => slo::run(api, ns, command, format, io).await,
        Command::Channels { command } => alerts::channels(api, ns, command, format, io).await,
        Command::Uptime { command } => uptime::uptime(api, ns, command, format, io).await,
        Command::Alerts { command } => alerts::alerts(api, ns, command, format, io).await,
        Command::Incidents { command } => incidents::run(api, ns, command, format, io).await,
        Command::Auth { command } => auth::run(api, command, io).await,
        Command::Rollout { command } => rollout::run(api, ns, command, format, io).await,
        Command::Export(args) => export::export(api, ns, format, &args, io).await,
        Command::Import(args) => export::import(api, ns, &args, io).await,
        Command::Images { command } => images::run(api, command, format, io).await,
        Command::Certs { command } => certs::run(api, command, format, io).await,
        Command::Domains { command } => domains::run(api, ns, command, format, io).await,
        Command::Revisions { command } => match command {
            RevisionsCommand::List { service } => {
                revisions::list(api, ns, service.as_deref(), format, io).await
            }
            RevisionsCommand::Describe { revision } => {
                revisions::describe(api, ns, &revision, format, io).await
            }
            RevisionsCommand::Delete { revision } => {
                revisions::delete(api, ns, &revision, io).await
            }
        },
    }
}

/// A closed pipe (`runlane services list | head -1`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

impl Command {
    /// The gcloud-style command name used in error lines: `runlane.services.update-traffic`.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Deploy(_) => "runlane.deploy",
            Command::Builds { command } => command.name(),
            Command::GcloudConfig(_) => "runlane.gcloud-config",
            Command::Kubeconfig => "runlane.kubeconfig",
            Command::Metrics(_) => "runlane.metrics",
            Command::Top(_) => "runlane.top",
            Command::Status => "runlane.status",
            Command::Logs { .. } => "runlane.logs.read",
            Command::Services { command } => match command {
                ServicesCommand::List => "runlane.services.list",
                ServicesCommand::Describe { .. } => "runlane.services.describe",
                ServicesCommand::Delete { .. } => "runlane.services.delete",
                ServicesCommand::Replace { .. } => "runlane.services.replace",
                ServicesCommand::UpdateTraffic(_) => "runlane.services.update-traffic",
            },
            Command::Slo { command } => command.name(),
            Command::Channels { command } => command.name(),
            Command::Uptime { command } => command.name(),
            Command::Alerts { command } => command.name(),
            Command::Incidents { command } => command.name(),
            Command::Auth { command } => command.name(),
            Command::Rollout { command } => command.name(),
            Command::Export(_) => "runlane.export",
            Command::Import(_) => "runlane.import",
            Command::Images { command } => command.name(),
            Command::Certs { command } => command.name(),
            Command::Domains { command } => command.name(),
            Command::Revisions { command } => match command {
                RevisionsCommand::List { .. } => "runlane.revisions.list",
                RevisionsCommand::Describe { .. } => "runlane.revisions.describe",
                RevisionsCommand::Delete { .. } => "runlane.revisions.delete",
            },
        }
    }
}
