//! `runlane certs list|renew`: the router's certificates (from `--tls-cert` files and
//! over ACME) with their names, issuer, validity and renewal state, and a renewal on
//! demand.

use crate::format::{render_list, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use std::io::Write as _;
use std::process::ExitCode;

const CERTIFICATES: &str = "/apis/runlane.dev/v1/certificates";

#[derive(clap::Subcommand, Debug, Clone)]
pub enum CertsCommand {
    /// Every certificate: names, issuer, source (file or acme), validity, last renewal,
    /// last renewal error, next attempt.
    List,
    /// Order a new certificate for an ACME-managed name now; the current one serves
    /// until the new one is ready.
    Renew {
        /// The name, as `runlane certs list` shows it.
        name: String,
    },
}

impl CertsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            CertsCommand::List => "runlane.certs.list",
            CertsCommand::Renew { .. } => "runlane.certs.renew",
        }
    }
}

pub async fn run(api: &Api, command: CertsCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match command {
        CertsCommand::List => {
            let reply = api.get(CERTIFICATES).await?;
            let items = reply["items"].as_array().cloned().unwrap_or_default();
            if items.is_empty() && *format == Format::Table {
                writeln!(io.err, "Listed 0 items. (pass --tls-cert FILE --tls-key FILE, or --acme-directory URL --acme-domain NAME, to runlane up)")?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = render_list(format, &items).unwrap_or_else(|| table(&items));
            io.out.write_all(text.as_bytes())?;
        }
        CertsCommand::Renew { name } => {
            let path = format!("{CERTIFICATES}/{name}/renew");
            api.post(&path, &json!({})).await?;
            writeln!(io.err, "Renewal of {name} requested; `runlane certs list` shows its progress (the current certificate serves until the new one is ready).")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or("-").to_owned()
}

/// NAME, NAMES, SOURCE, STATE, ISSUER, EXPIRES, LAST RENEWAL, NEXT ATTEMPT, LAST ERROR.
pub fn table(items: &[Value]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            let names: Vec<&str> = c["names"].as_array().map(|n| n.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            vec![
                text(&c["name"]),
                names.join(","),
                text(&c["source"]),
                text(&c["state"]),
                text(&c["issuer"]),
                text(&c["expireTime"]),
                text(&c["lastRenewalTime"]),
                text(&c["nextAttemptTime"]),
                text(&c["lastRenewalError"]),
            ]
        })
        .collect();
    render_table(&["NAME", "NAMES", "SOURCE", "STATE", "ISSUER", "EXPIRES", "LAST RENEWAL", "NEXT ATTEMPT", "LAST ERROR"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_source_state_expiry_and_the_last_error() {
        let items = vec![
            json!({"name": "a.localhost", "names": ["a.localhost"], "source": "file", "state": "Serving", "issuer": "CN=test CA", "expireTime": "2027-01-01T00:00:00Z", "lastRenewalTime": null, "nextAttemptTime": null, "lastRenewalError": null}),
            json!({"name": "b.localhost", "names": ["b.localhost"], "source": "acme", "state": "Failed", "issuer": null, "expireTime": null, "lastRenewalTime": null, "nextAttemptTime": "2026-12-07T18:00:00Z", "lastRenewalError": "creating the order: rejected"}),
        ];
        let text = table(&items);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("NAME"), "{text}");
        assert!(lines[1].contains("a.localhost") && lines[1].contains("file") && lines[1].contains("2027-01-01T00:00:00Z"), "{text}");
        assert!(lines[2].contains("acme") && lines[2].contains("Failed") && lines[2].contains("creating the order: rejected"), "{text}");
    }
}
