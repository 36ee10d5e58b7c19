//! `runlane domains map|list|unmap`: custom domains routed to services, over the same
//! `domains.cloudrun.com/v1` API as `gcloud beta run domain-mappings`.

use crate::format::{render_list, render_table, Format};
use crate::http::Api;
use crate::Output;
use serde_json::{json, Value};
use std::io::Write as _;
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug, Clone)]
pub enum DomainsCommand {
    /// Route DOMAIN to SERVICE (over HTTP and HTTPS); prints the DNS records to create.
    Map { service: String, domain: String },
    /// Every mapped domain, its service, and whether it is ready.
    List,
    /// Stop routing DOMAIN.
    Unmap { domain: String },
}

impl DomainsCommand {
    pub fn name(&self) -> &'static str {
        match self {
            DomainsCommand::Map { .. } => "runlane.domains.map",
            DomainsCommand::List => "runlane.domains.list",
            DomainsCommand::Unmap { .. } => "runlane.domains.unmap",
        }
    }
}

fn collection(ns: &str) -> String {
    format!("/apis/domains.cloudrun.com/v1/namespaces/{ns}/domainmappings")
}

pub async fn run(api: &Api, ns: &str, command: DomainsCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match command {
        DomainsCommand::Map { service, domain } => {
            let body = json!({
                "apiVersion": "domains.cloudrun.com/v1",
                "kind": "DomainMapping",
                "metadata": { "name": domain, "namespace": ns },
                "spec": { "routeName": service },
            });
            let mapping = api.post(&collection(ns), &body).await?;
            writeln!(io.err, "Mapped {} to service {}.", text(&mapping["metadata"]["name"]), text(&mapping["spec"]["routeName"]))?;
            if let Some(message) = condition(&mapping, "CertificateProvisioned").filter(|c| c["status"] != "True").and_then(|c| c["message"].as_str().map(str::to_owned)) {
                writeln!(io.err, "Certificate: {message}")?;
            }
            writeln!(io.err, "Create these DNS records for the domain:")?;
            io.out.write_all(records_table(&mapping).as_bytes())?;
        }
        DomainsCommand::List => {
            let reply = api.get(&collection(ns)).await?;
            let items = reply["items"].as_array().cloned().unwrap_or_default();
            if items.is_empty() && *format == Format::Table {
                writeln!(io.err, "Listed 0 items.")?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = render_list(format, &items).unwrap_or_else(|| table(&items));
            io.out.write_all(text.as_bytes())?;
        }
        DomainsCommand::Unmap { domain } => {
            api.delete(&format!("{}/{domain}", collection(ns))).await?;
            writeln!(io.err, "Unmapped {domain}.")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or("-").to_owned()
}

fn condition<'m>(mapping: &'m Value, kind: &str) -> Option<&'m Value> {
    mapping["status"]["conditions"].as_array()?.iter().find(|c| c["type"] == kind)
}

fn records_table(mapping: &Value) -> String {
    let rows: Vec<Vec<String>> = mapping["status"]["resourceRecords"]
        .as_array()
        .map(|records| records.iter().map(|r| vec![text(&r["name"]), text(&r["type"]), text(&r["rrdata"])]).collect())
        .unwrap_or_default();
    render_table(&["NAME", "RECORD TYPE", "CONTENTS"], &rows)
}

/// DOMAIN, SERVICE, READY, CERTIFICATE (status and why not).
pub fn table(items: &[Value]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|m| {
            let ready = condition(m, "Ready").map_or("-".to_owned(), |c| text(&c["status"]));
            let cert = condition(m, "CertificateProvisioned").map_or("-".to_owned(), |c| match c["reason"].as_str() {
                Some(reason) => format!("{} ({reason})", text(&c["status"])),
                None => text(&c["status"]),
            });
            vec![text(&m["metadata"]["name"]), text(&m["spec"]["routeName"]), ready, cert]
        })
        .collect();
    render_table(&["DOMAIN", "SERVICE", "READY", "CERTIFICATE"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_shows_service_readiness_and_why_the_certificate_is_missing() {
        let items = vec![json!({
            "metadata": {"name": "jokes.example.com"},
            "spec": {"routeName": "jokes"},
            "status": {"conditions": [
                {"type": "Ready", "status": "False", "reason": "NoCertificateSource"},
                {"type": "CertificateProvisioned", "status": "False", "reason": "NoCertificateSource"},
                {"type": "DomainRoutable", "status": "True"}
            ]}
        })];
        let text = table(&items);
        let line = text.lines().nth(1).unwrap();
        assert!(line.contains("jokes.example.com") && line.contains("jokes") && line.contains("False (NoCertificateSource)"), "{text}");
    }
}
