//! `runlane auth print-identity-token`: prints the token that calls private services
//! (`curl -H "Authorization: Bearer $(runlane auth print-identity-token)" ...`), as
//! `gcloud auth print-identity-token` does for Cloud Run. The API hands it out to
//! callers holding the admin token, so it works wherever the CLI reaches the API.

use crate::http::Api;
use crate::Output;
use std::io::Write;
use std::process::ExitCode;

/// Where the API serves the invoker token (see runlane-api's `IDENTITY_TOKEN_PATH`).
const IDENTITY_TOKEN_PATH: &str = "/runlane/v1/identityToken";

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AuthCommand {
    /// Print the invoker token for `Authorization: Bearer` on requests to private services.
    PrintIdentityToken,
}

impl AuthCommand {
    pub fn name(&self) -> &'static str {
        match self {
            AuthCommand::PrintIdentityToken => "runlane.auth.print-identity-token",
        }
    }
}

pub async fn run(api: &Api, command: AuthCommand, io: &mut Output) -> anyhow::Result<ExitCode> {
    match command {
        AuthCommand::PrintIdentityToken => {
            let reply = api.get(IDENTITY_TOKEN_PATH).await?;
            let token = reply["token"].as_str().filter(|t| !t.is_empty()).ok_or_else(|| {
                anyhow::anyhow!("the API's reply has no token ({reply}); check that --api points at runlane")
            })?;
            writeln!(io.out, "{token}")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
