//! `runlane services list | describe | delete | replace | update-traffic`: each is one GET, maybe
//! one write, and (for writes) a wait until the server has settled, mirroring gcloud run.

use crate::args::UpdateTrafficArgs;
use crate::deploy::strip_status;
use crate::describe;
use crate::format::{render_list, render_one, Format};
use crate::http::{service_path, services_path, Api};
use crate::knative::{self, object_at};
use crate::traffic::{self, Key, Percent, Target};
use crate::wait::{self, Settled};
use crate::Output;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub async fn list(
    api: &Api,
    namespace: &str,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let reply = api.get(&services_path(namespace)).await?;
    let mut items = items(&reply);
    items.sort_by(|a, b| {
        knative::str_at(a, "/metadata/name").cmp(&knative::str_at(b, "/metadata/name"))
    });
    if items.is_empty() && *format == Format::Table {
        writeln!(io.err, "Listed 0 items.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = render_list(format, &items).unwrap_or_else(|| describe::services_table(&items));
    io.out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub async fn describe(
    api: &Api,
    namespace: &str,
    name: &str,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let service = get(api, namespace, name).await?;
    let text = render_one(format, &service)
        .unwrap_or_else(|| describe::describe_service(&service, namespace));
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
    let path = service_path(namespace, name);
    match api.delete(&path).await {
        Err(e) if e.is_not_found() => anyhow::bail!(
            "Service [{name}] could not be found in namespace [{namespace}]; list them with \"runlane services list\".{}",
            crate::http::found_elsewhere(api, "services", name).await
        ),
        other => other?,
    };
    if !wait::until_gone(wait::POLL, || api.get(&path)).await? {
        anyhow::bail!("service [{name}] was still being deleted after 10 minutes; check it with \"runlane services list\"");
    }
    writeln!(io.err, "Deleted service [{name}].")?;
    Ok(ExitCode::SUCCESS)
}

pub async fn replace(
    api: &Api,
    namespace: &str,
    file: &Path,
    async_: bool,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {} ({e}); check the path of the Service YAML file",
            file.display()
        )
    })?;
    let mut service = parse_service_yaml(&text, namespace)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let name = knative::str_at(&service, "/metadata/name")
        .unwrap_or_default()
        .to_string();
    let namespace = knative::str_at(&service, "/metadata/namespace")
        .unwrap_or(namespace)
        .to_string();
    let path = service_path(&namespace, &name);
    writeln!(
        io.err,
        "Applying new configuration to service [{name}] in namespace [{namespace}]"
    )?;
    let reply = match api.get(&path).await {
        Ok(existing) => {
            if let Some(version) = existing.pointer("/metadata/resourceVersion") {
                object_at(&mut service, &["metadata"])
                    .insert("resourceVersion".into(), version.clone());
            }
            api.put(&path, &service).await?
        }
        Err(e) if e.is_not_found() => api.post(&services_path(&namespace), &service).await?,
        Err(e) => return Err(e.into()),
    };
    if async_ {
        writeln!(
            io.err,
            "New configuration for service [{name}] is being applied asynchronously."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    match wait::until_settled(reply, wait::POLL, || api.get(&path)).await? {
        Settled::Ready(service) => {
            writeln!(io.err, "Done.")?;
            writeln!(io.err, "New configuration has been applied to service [{name}].")?;
            writeln!(io.err, "URL: {}", knative::str_at(&service, "/status/url").unwrap_or(""))?;
            if let Some(access) = knative::access_line(&service) {
                writeln!(io.err, "{access}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Settled::Failed(service) => {
            writeln!(io.err, "Deployment failed")?;
            writeln!(io.err, "ERROR: (runlane.services.replace) {}", knative::failure_message(&service))?;
            Ok(ExitCode::FAILURE)
        }
        Settled::TimedOut(_) => anyhow::bail!(
            "service [{name}] was still not ready after 10 minutes; follow it with \"runlane services describe {name}\""
        ),
    }
}

/// Reads a Knative Service from YAML, fills `metadata.namespace` and drops `status`.
pub fn parse_service_yaml(text: &str, namespace: &str) -> Result<Value, String> {
    let mut service: Value =
        serde_saphyr::from_str(text).map_err(|e| format!("not valid YAML ({e}); fix the file"))?;
    if !service.is_object() {
        return Err("is not a Knative Service object; start from \"runlane services describe NAME --format yaml\"".into());
    }
    match knative::str_at(&service, "/kind") {
        None | Some("Service") => {}
        Some(kind) => {
            return Err(format!(
                "has kind {kind}, not Service; only Services can be replaced"
            ))
        }
    }
    if knative::str_at(&service, "/metadata/name").is_none_or(str::is_empty) {
        return Err("has no metadata.name; name the service in the file".into());
    }
    let metadata = object_at(&mut service, &["metadata"]);
    if metadata
        .get("namespace")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        metadata.insert("namespace".into(), Value::String(namespace.to_string()));
    }
    strip_status(&mut service);
    Ok(service)
}

pub async fn update_traffic(
    api: &Api,
    namespace: &str,
    args: &UpdateTrafficArgs,
    format: &Format,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let name = &args.service;
    let path = service_path(namespace, name);
    let mut service = get(api, namespace, name).await?;
    let targets = new_traffic(&service, args).map_err(anyhow::Error::msg)?;
    object_at(&mut service, &["spec"]).insert("traffic".into(), traffic::targets_to_json(&targets));
    crate::deploy::mark_override_freeze(&mut service, args.reason.as_deref().filter(|_| args.override_freeze));
    strip_status(&mut service);
    writeln!(
        io.err,
        "Updating traffic of service [{name}] in namespace [{namespace}]"
    )?;
    let reply = api.put(&path, &service).await?;
    let service = if args.async_ {
        writeln!(io.err, "Updating traffic asynchronously.")?;
        reply
    } else {
        match wait::until_settled(reply, wait::POLL, || api.get(&path)).await? {
            Settled::Ready(service) => {
                writeln!(io.err, "Done.")?;
                service
            }
            Settled::Failed(service) => {
                writeln!(io.err, "Updating traffic failed")?;
                writeln!(io.err, "ERROR: (runlane.services.update-traffic) {}", knative::failure_message(&service))?;
                return Ok(ExitCode::FAILURE);
            }
            Settled::TimedOut(_) => anyhow::bail!(
                "service [{name}] was still not ready after 10 minutes; follow it with \"runlane services describe {name}\""
            ),
        }
    };
    let text = render_one(format, &service).unwrap_or_else(|| traffic_table(&service));
    io.out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The service's spec.traffic after the flags; an empty list counts as the server's LATEST=100.
pub fn new_traffic(service: &Value, args: &UpdateTrafficArgs) -> Result<Vec<Target>, String> {
    let mut current = traffic::parse_targets(service.pointer("/spec/traffic"))?;
    if current.is_empty() {
        current.push(Target::with_percent(Key::Latest, Percent::HUNDRED));
    }
    args.changes().apply(&current, &args.service)
}

pub fn traffic_table(service: &Value) -> String {
    let spec = traffic::parse_targets(service.pointer("/spec/traffic")).unwrap_or_default();
    let status = traffic::parse_targets(service.pointer("/status/traffic")).unwrap_or_default();
    traffic::render_traffic(
        knative::str_at(service, "/status/url").unwrap_or(""),
        &spec,
        &status,
        knative::str_at(service, "/status/latestReadyRevisionName"),
    )
}

/// GET one service; 404 becomes gcloud's "Cannot find service".
pub async fn get(api: &Api, namespace: &str, name: &str) -> anyhow::Result<Value> {
    match api.get(&service_path(namespace, name)).await {
        Ok(service) => Ok(service),
        Err(e) if e.is_not_found() => anyhow::bail!(
            "Cannot find service [{name}] in namespace [{namespace}]; list them with \"runlane services list\".{}",
            crate::http::found_elsewhere(api, "services", name).await
        ),
        Err(e) => Err(e.into()),
    }
}

/// The `items` of a list reply.
pub fn items(reply: &Value) -> Vec<Value> {
    reply
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_service_yaml_cases() {
        fn check(yaml: &str, expected: Value) {
            let got = parse_service_yaml(yaml, "default").unwrap_or_else(|e| json!({"error": e}));
            assert_eq!(got, expected, "{yaml}");
        }
        check(
            "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: jokes\nspec:\n  template:\n    spec:\n      containers:\n      - image: example/jokes:1\n        ports:\n        - containerPort: 8080\n  traffic:\n  - latestRevision: true\n    percent: 100\nstatus:\n  url: x\n",
            json!({
                "apiVersion": "serving.knative.dev/v1", "kind": "Service",
                "metadata": {"name": "jokes", "namespace": "default"},
                "spec": {
                    "template": {"spec": {"containers": [{"image": "example/jokes:1", "ports": [{"containerPort": 8080}]}]}},
                    "traffic": [{"latestRevision": true, "percent": 100}]
                }
            }),
        );
        check(
            "kind: Service\nmetadata: {name: jokes, namespace: prod}\nspec:\n  traffic:\n  - {revisionName: a, percent: 0.5}\n  - {revisionName: b, percent: 99.5}\n",
            json!({"kind": "Service", "metadata": {"name": "jokes", "namespace": "prod"},
                   "spec": {"traffic": [{"revisionName": "a", "percent": 0.5}, {"revisionName": "b", "percent": 99.5}]}}),
        );
        check(
            "kind: Revision\nmetadata: {name: x}\n",
            json!({"error": "has kind Revision, not Service; only Services can be replaced"}),
        );
        check(
            "kind: Service\nspec: {}\n",
            json!({"error": "has no metadata.name; name the service in the file"}),
        );
        check(
            "- a\n- b\n",
            json!({"error": "is not a Knative Service object; start from \"runlane services describe NAME --format yaml\""}),
        );
    }

    #[test]
    fn traffic_table_of_a_service() {
        let service = json!({
            "spec": {"traffic": [{"revisionName": "jokes-00001-abc", "percent": 90}, {"revisionName": "jokes-00002-xyz", "percent": 10}, {"revisionName": "jokes-00002-xyz", "tag": "next"}]},
            "status": {
                "url": "http://jokes.localhost:8080",
                "latestReadyRevisionName": "jokes-00002-xyz",
                "traffic": [{"revisionName": "jokes-00001-abc", "percent": 90}, {"revisionName": "jokes-00002-xyz", "percent": 10}, {"revisionName": "jokes-00002-xyz", "tag": "next", "url": "http://next---jokes.localhost:8080"}]
            }
        });
        assert_eq!(
            traffic_table(&service),
            "URL: http://jokes.localhost:8080\nTraffic:\n  90% jokes-00001-abc\n  10% jokes-00002-xyz\n        next: http://next---jokes.localhost:8080\n"
        );
    }
}
