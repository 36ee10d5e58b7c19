//! `runlane revisions list | describe | delete`. The list's TRAFFIC and TAGS columns come from
//! the services' status.traffic, since a revision does not know what it serves.

use crate::describe;
use crate::format::{render_list, render_one, Format};
use crate::http::{revision_path, revisions_path, service_path, services_path, Api};
use crate::services::items;
use crate::wait;
use crate::Output;
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

pub async fn list(
    api: &Api,
    namespace: &str,
    service: Option<&str>,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let revisions = items(&api.get(&revisions_path(namespace, service)).await?);
    if revisions.is_empty() && *format == Format::Table {
        writeln!(io.err, "Listed 0 items.")?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(text) = render_list(format, &revisions) {
        io.out.write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let services = match service {
        Some(name) => match api.get(&service_path(namespace, name)).await {
            Ok(s) => vec![s],
            Err(e) if e.is_not_found() => Vec::new(),
            Err(e) => return Err(e.into()),
        },
        None => items(&api.get(&services_path(namespace)).await?),
    };
    let serving = describe::serving_by_revision(&services);
    io.out
        .write_all(describe::revisions_table(&revisions, &serving).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub async fn describe(
    api: &Api,
    namespace: &str,
    name: &str,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let revision = get(api, namespace, name).await?;
    let text = match render_one(format, &revision) {
        Some(text) => text,
        None => {
            // Saturation comes from the metrics API; without it (no telemetry) the line is left out.
            let saturation = crate::metrics::saturation(api, namespace, name).await.ok();
            describe::describe_revision(&revision, namespace, saturation.as_ref())
        }
    };
    io.out
        .write_all(crate::format::escape_control_lines(&text).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub async fn delete(
    api: &Api,
    namespace: &str,
    name: &str,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let path = revision_path(namespace, name);
    match api.delete(&path).await {
        Err(e) if e.is_not_found() => anyhow::bail!(
            "Revision [{name}] could not be found in namespace [{namespace}]; list them with \"runlane revisions list\".{}",
            crate::http::found_elsewhere(api, "revisions", name).await
        ),
        other => other?,
    };
    if !wait::until_gone(wait::POLL, || api.get(&path)).await? {
        anyhow::bail!("revision [{name}] was still being deleted after 10 minutes; check it with \"runlane revisions list\"");
    }
    writeln!(io.err, "Deleted revision [{name}].")?;
    Ok(ExitCode::SUCCESS)
}

async fn get(api: &Api, namespace: &str, name: &str) -> anyhow::Result<Value> {
    match api.get(&revision_path(namespace, name)).await {
        Ok(revision) => Ok(revision),
        Err(e) if e.is_not_found() => anyhow::bail!(
            "Cannot find revision [{name}] in namespace [{namespace}]; list them with \"runlane revisions list\".{}",
            crate::http::found_elsewhere(api, "revisions", name).await
        ),
        Err(e) => Err(e.into()),
    }
}
