//! `runlane deploy`: GET the service, then POST a new one or PUT the returned object with its
//! template changed the way gcloud changes it (nonce label or client-chosen revision name, tag
//! and --no-traffic traffic edits), then wait until the new revision is Ready or has failed.
//! The edit is a pure function of the object, the flags and the random letters.

use crate::args::DeployArgs;
use crate::http::{service_path, services_path, Api};
use crate::knative::{self, object_at};
use crate::traffic::{self, Key};
use crate::wait::{self, Settled};
use crate::Output;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::ExitCode;

/// The image of a revision that runs `--command` as a plain process instead of a container.
pub const PROCESS_IMAGE: &str = "runlane/process";
const NONCE_LABEL: &str = "client.knative.dev/nonce";

/// The random parts of a deploy, drawn once per run (injected in tests).
#[derive(Debug, Clone)]
pub struct Random {
    /// 10 lowercase letters for the nonce label that forces a new revision.
    pub nonce: String,
    /// 3 lowercase letters ending a client-chosen revision name.
    pub letters: String,
}

impl Random {
    pub fn generate() -> Random {
        let letters = |n| (0..n).map(|_| fastrand::lowercase()).collect();
        Random {
            nonce: letters(10),
            letters: letters(3),
        }
    }
}

pub async fn run(
    api: &Api,
    namespace: &str,
    args: &DeployArgs,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    let name = &args.service;
    let path = service_path(namespace, name);
    writeln!(
        io.err,
        "Deploying container to service [{name}] in namespace [{namespace}]"
    )?;
    let random = Random::generate();
    let reply = match api.get(&path).await {
        Ok(mut service) => {
            apply(&mut service, args, &random).map_err(anyhow::Error::msg)?;
            strip_status(&mut service);
            writeln!(io.err, "Deploying...")?;
            api.put(&path, &service).await?
        }
        Err(e) if e.is_not_found() => {
            let mut service = new_service(name, namespace);
            apply(&mut service, args, &random).map_err(anyhow::Error::msg)?;
            writeln!(io.err, "Deploying new service...")?;
            api.post(&services_path(namespace), &service).await?
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(allow) = args.allow_unauthenticated() {
        let iam = format!("/v1/projects/{namespace}/locations/-/services/{name}");
        let policy = api.get(&format!("{iam}:getIamPolicy")).await?;
        api.post(&format!("{iam}:setIamPolicy"), &json!({ "policy": with_all_users(policy, allow) })).await?;
        let what = if allow { "anyone may call it" } else { "callers need an invoker token (runlane auth print-identity-token)" };
        writeln!(io.err, "Service [{name}]: {what}.")?;
    }
    if args.async_ {
        writeln!(io.err, "Service [{name}] is deploying asynchronously.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut last_progress = String::new();
    let err = &mut io.err;
    let settled = wait::until_settled_observed(reply, wait::POLL, || api.get(&path), |service| {
        if let Some(progress) = knative::pull_progress(service).filter(|p| *p != last_progress) {
            let _ = writeln!(err, "  {progress}");
            last_progress = progress;
        }
    })
    .await?;
    match settled {
        Settled::Ready(service) => {
            writeln!(io.err, "Done.")?;
            writeln!(io.err, "{}", success_message(name, &service))?;
            Ok(ExitCode::SUCCESS)
        }
        Settled::Failed(service) => {
            writeln!(io.err, "Deployment failed")?;
            writeln!(io.err, "ERROR: (runlane.deploy) {}", knative::failure_message(&service))?;
            Ok(ExitCode::FAILURE)
        }
        Settled::TimedOut(_) => anyhow::bail!(
            "service [{name}] was still not ready after 10 minutes; follow it with \"runlane services describe {name}\""
        ),
    }
}

/// `policy` (an IAM policy as the API renders it, etag included so a concurrent change is
/// refused) with `allUsers` added to or removed from `roles/run.invoker`.
pub fn with_all_users(mut policy: Value, allow: bool) -> Value {
    const ROLE: &str = "roles/run.invoker";
    const ALL_USERS: &str = "allUsers";
    let bindings = policy["bindings"].as_array().cloned().unwrap_or_default();
    let mut bindings: Vec<Value> = bindings
        .into_iter()
        .map(|mut b| {
            if b["role"] == ROLE && !allow {
                if let Some(members) = b["members"].as_array_mut() {
                    members.retain(|m| m != ALL_USERS);
                }
            }
            b
        })
        .filter(|b| b["members"].as_array().is_some_and(|m| !m.is_empty()))
        .collect();
    if allow {
        match bindings.iter_mut().find(|b| b["role"] == ROLE) {
            Some(b) if b["members"].as_array().is_some_and(|m| m.iter().any(|m| m == ALL_USERS)) => {}
            Some(b) => b["members"].as_array_mut().into_iter().for_each(|m| m.push(json!(ALL_USERS))),
            None => bindings.push(json!({ "role": ROLE, "members": [ALL_USERS] })),
        }
    }
    policy["bindings"] = json!(bindings);
    policy
}

/// A Service with nothing but its name; `apply` fills the template.
pub fn new_service(name: &str, namespace: &str) -> Value {
    json!({
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"template": {"metadata": {}, "spec": {"containers": [{}]}}},
    })
}

/// The server ignores `status` on writes; leaving it out keeps requests small and honest.
pub fn strip_status(service: &mut Value) {
    if let Value::Object(map) = service {
        map.remove("status");
    }
}

/// Changes `service` as gcloud's deploy does for these flags.
pub fn apply(service: &mut Value, args: &DeployArgs, random: &Random) -> Result<(), String> {
    let name = &args.service;
    let generation = service
        .pointer("/metadata/generation")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if args.no_traffic && generation == 0 {
        return Err(format!(
            "--no-traffic is not supported when creating a new service; deploy [{name}] once without it first"
        ));
    }
    let latest_ready =
        knative::str_at(service, "/status/latestReadyRevisionName").map(str::to_string);

    // A client-chosen revision name, or a nonce label so the server makes a new revision.
    let revision = match (&args.revision_suffix, &args.tag) {
        (Some(suffix), _) => Some(format!("{name}-{suffix}")),
        (None, Some(_)) => Some(format!("{name}-{:05}-{}", generation + 1, random.letters)),
        (None, None) => None,
    };
    let template_meta = object_at(service, &["spec", "template", "metadata"]);
    match &revision {
        Some(revision) => {
            template_meta.insert("name".into(), json!(revision));
            if let Some(Value::Object(labels)) = template_meta.get_mut("labels") {
                labels.remove(NONCE_LABEL);
            }
        }
        None => {
            template_meta.remove("name");
        }
    }
    if revision.is_none() {
        object_at(service, &["spec", "template", "metadata", "labels"])
            .insert(NONCE_LABEL.into(), json!(random.nonce));
    }
    let scale = [
        ("autoscaling.knative.dev/minScale", args.min_instances),
        ("autoscaling.knative.dev/maxScale", args.max_instances),
    ];
    for (annotation, value) in scale {
        if let Some(n) = value {
            object_at(service, &["spec", "template", "metadata", "annotations"])
                .insert(annotation.into(), json!(n.to_string()));
        }
    }

    let policies = [("runlane.dev/rollout", &args.rollout_policy), ("runlane.dev/error-budget-freeze", &args.error_budget_freeze)];
    for (annotation, value) in policies {
        if let Some(v) = value {
            let annotations = object_at(service, &["spec", "template", "metadata", "annotations"]);
            if v.trim().is_empty() {
                annotations.remove(annotation);
            } else {
                annotations.insert(annotation.into(), json!(v));
            }
        }
    }
    mark_override_freeze(service, args.reason.as_deref().filter(|_| args.override_freeze));

    let template_spec = object_at(service, &["spec", "template", "spec"]);
    if let Some(n) = args.concurrency {
        template_spec.insert("containerConcurrency".into(), json!(n));
    }
    if let Some(seconds) = args.timeout {
        template_spec.insert("timeoutSeconds".into(), json!(seconds));
    }
    let containers = template_spec
        .entry("containers")
        .or_insert_with(|| json!([]));
    if containers.as_array().is_none_or(|c| c.is_empty()) {
        *containers = json!([{}]);
    }
    let container = object_at(&mut containers[0], &[]);
    let image = match (&args.image, &args.command) {
        (Some(image), _) => Some(image.as_str()),
        (None, Some(_)) => Some(PROCESS_IMAGE),
        (None, None) => None,
    };
    if let Some(image) = image {
        container.insert("image".into(), json!(image));
    }
    if let Some(command) = &args.command {
        container.insert("command".into(), json!(command.0));
    }
    if let Some(arguments) = &args.args {
        container.insert("args".into(), json!(arguments.0));
    }
    match (args.port, args.use_http2) {
        (port, true) => {
            container.insert("ports".into(), json!([{"name": "h2c", "containerPort": port.unwrap_or(runlane_model::resource::DEFAULT_CONTAINER_PORT)}]));
        }
        (Some(port), false) => {
            container.insert("ports".into(), json!([{"containerPort": port}]));
        }
        (None, false) => {}
    }
    for (key, value) in [("memory", &args.memory), ("cpu", &args.cpu)] {
        if let Some(value) = value {
            let resources = container.entry("resources").or_insert_with(|| json!({}));
            if !resources["limits"].is_object() {
                resources["limits"] = json!({});
            }
            resources["limits"][key] = json!(value);
        }
    }
    if let Some(set) = &args.set_env_vars {
        let env: Vec<Value> = set
            .0
            .iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        container.insert("env".into(), Value::Array(env));
    }
    if let Some(update) = &args.update_env_vars {
        let env = container.entry("env").or_insert_with(|| json!([]));
        if !env.is_array() {
            *env = json!([]);
        }
        let Value::Array(env) = env else {
            unreachable!("made an array above")
        };
        for (k, v) in &update.0 {
            let entry = json!({"name": k, "value": v});
            match env
                .iter_mut()
                .find(|e| e.get("name").and_then(Value::as_str) == Some(k))
            {
                Some(existing) => *existing = entry,
                None => env.push(entry),
            }
        }
    }

    if args.tag.is_none() && !args.no_traffic {
        return Ok(());
    }
    let mut targets = traffic::parse_targets(service.pointer("/spec/traffic"))?;
    if let (Some(tag), Some(revision)) = (&args.tag, &revision) {
        let update = BTreeMap::from([(tag.clone(), Key::Revision(revision.clone()))]);
        targets = traffic::update_tags(&targets, &update, &BTreeSet::new(), false);
    }
    if args.no_traffic {
        targets = traffic::zero_latest(&targets, latest_ready.as_deref())?;
    }
    object_at(service, &["spec"]).insert("traffic".into(), traffic::targets_to_json(&targets));
    Ok(())
}

/// gcloud's success message, from the settled service.
pub fn success_message(name: &str, service: &Value) -> String {
    let latest_ready = knative::str_at(service, "/status/latestReadyRevisionName");
    let status = traffic::parse_targets(service.pointer("/status/traffic")).unwrap_or_default();
    let percent = traffic::latest_percent(&status, latest_ready);
    let mut message = format!(
        "Service [{name}] revision [{}] has been deployed and is serving {percent} percent of traffic.",
        latest_ready.unwrap_or("-")
    );
    if percent > traffic::Percent::ZERO {
        let url = knative::str_at(service, "/status/url").unwrap_or("");
        message.push_str(&format!("\nService URL: {url}"));
    }
    if let Some(url) = traffic::latest_url(&status, latest_ready) {
        message.push_str(&format!("\nThe revision can be reached directly at {url}"));
    }
    if let Some(access) = knative::access_line(service) {
        message.push_str(&format!("\n{access}"));
    }
    message
}


/// Sets or clears the `runlane.dev/override-freeze` annotation: an override holds for
/// this write only. Who and when make each override new, since the server honours an
/// override only in the write that sets it, not one carried over from an earlier write.
pub(crate) fn mark_override_freeze(service: &mut Value, reason: Option<&str>) {
    if let Some(Value::Object(annotations)) = service.pointer_mut("/metadata/annotations") {
        annotations.remove("runlane.dev/override-freeze");
    }
    if let Some(reason) = reason {
        let who = std::env::var("USER").unwrap_or_else(|_| "cli".into());
        let when = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        object_at(service, &["metadata", "annotations"]).insert("runlane.dev/override-freeze".into(), json!(format!("{reason} (by {who} at {when})")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Command;
    use clap::Parser;

    #[test]
    fn all_users_is_added_and_removed_keeping_the_rest() {
        let invoker = |members: &[&str]| json!({"role": "roles/run.invoker", "members": members});
        let admin = json!({"role": "roles/run.admin", "members": ["user:a@example.com"]});
        let cases: Vec<(Value, bool, Value)> = vec![
            (json!({"etag": "x"}), true, json!({"etag": "x", "bindings": [invoker(&["allUsers"])]})),
            (json!({"etag": "x"}), false, json!({"etag": "x", "bindings": []})),
            (json!({"bindings": [invoker(&["allUsers"])]}), false, json!({"bindings": []})),
            (json!({"bindings": [invoker(&["allUsers"])]}), true, json!({"bindings": [invoker(&["allUsers"])]})),
            (json!({"bindings": [invoker(&["user:b@example.com", "allUsers"]), admin.clone()]}), false, json!({"bindings": [invoker(&["user:b@example.com"]), admin.clone()]})),
            (json!({"bindings": [invoker(&["user:b@example.com"]), admin.clone()]}), true, json!({"bindings": [invoker(&["user:b@example.com", "allUsers"]), admin.clone()]})),
            (json!({"bindings": [admin.clone()]}), true, json!({"bindings": [admin.clone(), invoker(&["allUsers"])]})),
        ];
        for (policy, allow, want) in cases {
            assert_eq!(with_all_users(policy.clone(), allow), want, "{policy} allow={allow}");
        }
    }

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    fn args(line: &str) -> DeployArgs {
        let argv = ["runlane", "deploy", "jokes"]
            .into_iter()
            .chain(line.split_whitespace());
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Deploy(a) => a,
            _ => unreachable!(),
        }
    }

    fn random() -> Random {
        Random {
            nonce: "abcdefghij".into(),
            letters: "xyz".into(),
        }
    }

    fn existing() -> Value {
        json!({
            "apiVersion": "serving.knative.dev/v1",
            "kind": "Service",
            "metadata": {"name": "jokes", "namespace": "default", "generation": 4, "resourceVersion": "17"},
            "spec": {
                "template": {
                    "metadata": {"name": "jokes-v1", "labels": {"client.knative.dev/nonce": "oldoldoldo", "team": "a"}},
                    "spec": {"containers": [{"image": "example/jokes:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}
                },
                "traffic": [{"latestRevision": true, "percent": 100}, {"revisionName": "jokes-00001-haq", "tag": "good"}]
            },
            "status": {"latestReadyRevisionName": "jokes-00004-iwf", "latestCreatedRevisionName": "jokes-00004-iwf"}
        })
    }

    fn check(mut service: Value, line: &str, expected: Value) {
        let result = apply(&mut service, &args(line), &random());
        let got = match result {
            Ok(()) => service,
            Err(e) => json!({"error": e}),
        };
        assert_eq!(got, expected, "deploy jokes {line}");
    }

    #[test]
    fn new_service_cases() {
        check(
            new_service("jokes", "default"),
            "--image example/jokes:1",
            json!({
                "apiVersion": "serving.knative.dev/v1", "kind": "Service",
                "metadata": {"name": "jokes", "namespace": "default"},
                "spec": {"template": {
                    "metadata": {"labels": {"client.knative.dev/nonce": "abcdefghij"}},
                    "spec": {"containers": [{"image": "example/jokes:1"}]}
                }}
            }),
        );
        check(
            new_service("jokes", "default"),
            "--image example/jokes:1 --tag good",
            json!({
                "apiVersion": "serving.knative.dev/v1", "kind": "Service",
                "metadata": {"name": "jokes", "namespace": "default"},
                "spec": {
                    "template": {"metadata": {"name": "jokes-00001-xyz"}, "spec": {"containers": [{"image": "example/jokes:1"}]}},
                    "traffic": [{"latestRevision": true, "percent": 100}, {"revisionName": "jokes-00001-xyz", "tag": "good"}]
                }
            }),
        );
        check(
            new_service("jokes", "default"),
            "--command python3,-m,http.server --args 8080 --port 8080 --set-env-vars A=1,B=2 --concurrency 10 --min-instances 1 --max-instances 5 --timeout 1m --revision-suffix v1 --memory 256Mi --cpu 500m",
            json!({
                "apiVersion": "serving.knative.dev/v1", "kind": "Service",
                "metadata": {"name": "jokes", "namespace": "default"},
                "spec": {"template": {
                    "metadata": {"name": "jokes-v1", "annotations": {"autoscaling.knative.dev/minScale": "1", "autoscaling.knative.dev/maxScale": "5"}},
                    "spec": {
                        "containerConcurrency": 10, "timeoutSeconds": 60,
                        "containers": [{
                            "image": "runlane/process", "command": ["python3", "-m", "http.server"], "args": ["8080"],
                            "ports": [{"containerPort": 8080}],
                            "resources": {"limits": {"memory": "256Mi", "cpu": "500m"}},
                            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
                        }]
                    }
                }}
            }),
        );
        check(
            new_service("jokes", "default"),
            "--image x --no-traffic",
            json!({"error": "--no-traffic is not supported when creating a new service; deploy [jokes] once without it first"}),
        );
    }

    #[test]
    fn existing_service_cases() {
        // A plain redeploy drops the old client-chosen name and sets a fresh nonce.
        let mut expected = existing();
        expected["spec"]["template"] = json!({
            "metadata": {"labels": {"client.knative.dev/nonce": "abcdefghij", "team": "a"}},
            "spec": {"containers": [{"image": "example/jokes:2", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}
        });
        check(existing(), "--image example/jokes:2", expected);

        // --update-env-vars changes in place and appends; --set-env-vars replaces.
        let mut expected = existing();
        expected["spec"]["template"]["metadata"] =
            json!({"labels": {"client.knative.dev/nonce": "abcdefghij", "team": "a"}});
        expected["spec"]["template"]["spec"]["containers"][0]["env"] = json!([{"name": "A", "value": "1"}, {"name": "B", "value": "two"}, {"name": "C", "value": "3"}]);
        check(
            existing(),
            "--image example/jokes:1 --update-env-vars B=two,C=3",
            expected.clone(),
        );
        expected["spec"]["template"]["spec"]["containers"][0]["env"] =
            json!([{"name": "C", "value": "3"}]);
        check(
            existing(),
            "--image example/jokes:1 --set-env-vars C=3",
            expected,
        );

        // The reference example: --tag next --no-traffic on generation 4.
        let mut expected = existing();
        expected["spec"]["template"]["metadata"] =
            json!({"name": "jokes-00005-xyz", "labels": {"team": "a"}});
        expected["spec"]["template"]["spec"]["containers"][0]["image"] = json!("example/failing:1");
        expected["spec"]["traffic"] = json!([
            {"revisionName": "jokes-00004-iwf", "percent": 100},
            {"revisionName": "jokes-00001-haq", "tag": "good"},
            {"revisionName": "jokes-00005-xyz", "tag": "next"}
        ]);
        check(
            existing(),
            "--image example/failing:1 --tag next --no-traffic",
            expected,
        );

        // Re-using a tag moves it to the new revision.
        let mut expected = existing();
        expected["spec"]["template"]["metadata"] =
            json!({"name": "jokes-00005-xyz", "labels": {"team": "a"}});
        expected["spec"]["traffic"] = json!([
            {"latestRevision": true, "percent": 100},
            {"revisionName": "jokes-00005-xyz", "tag": "good"}
        ]);
        check(existing(), "--image example/jokes:1 --tag good", expected);

        // --revision-suffix wins over the generated name; the tag follows it.
        let mut expected = existing();
        expected["spec"]["template"]["metadata"] =
            json!({"name": "jokes-blue", "labels": {"team": "a"}});
        expected["spec"]["traffic"] = json!([
            {"latestRevision": true, "percent": 100},
            {"revisionName": "jokes-00001-haq", "tag": "good"},
            {"revisionName": "jokes-blue", "tag": "b"}
        ]);
        check(
            existing(),
            "--image example/jokes:1 --tag b --revision-suffix blue",
            expected,
        );

        // --no-traffic with no ready revision to keep serving.
        let mut service = existing();
        service["status"] = json!({});
        check(
            service,
            "--image x --no-traffic",
            json!({"error": "the service has no ready revision to keep serving its traffic; deploy without --no-traffic"}),
        );
    }

    #[test]
    fn success_messages() {
        fn check(status: Value, expected: &str) {
            let service = json!({"status": status});
            assert_eq!(success_message("jokes", &service), expected);
        }
        check(
            json!({"url": "http://jokes.localhost:8080", "latestReadyRevisionName": "jokes-00002-abc",
                   "traffic": [{"latestRevision": true, "revisionName": "jokes-00002-abc", "percent": 100}]}),
            "Service [jokes] revision [jokes-00002-abc] has been deployed and is serving 100 percent of traffic.\nService URL: http://jokes.localhost:8080",
        );
        check(
            json!({"url": "http://jokes.localhost:8080", "latestReadyRevisionName": "jokes-00005-peb",
                   "traffic": [{"revisionName": "jokes-00004-iwf", "percent": 100},
                               {"revisionName": "jokes-00005-peb", "tag": "next", "url": "http://next---jokes.localhost:8080"}]}),
            "Service [jokes] revision [jokes-00005-peb] has been deployed and is serving 0 percent of traffic.\nThe revision can be reached directly at http://next---jokes.localhost:8080",
        );
        check(
            json!({"url": "http://jokes.localhost:8080", "latestReadyRevisionName": "b",
                   "traffic": [{"revisionName": "a", "percent": 99.9}, {"revisionName": "b", "percent": 0.1}]}),
            "Service [jokes] revision [b] has been deployed and is serving 0.1 percent of traffic.\nService URL: http://jokes.localhost:8080",
        );
        check(
            json!({"url": "http://jokes.localhost:8080", "latestReadyRevisionName": "a",
                   "traffic": [{"latestRevision": true, "revisionName": "a", "percent": 100}], "runlane": {"public": true}}),
            "Service [jokes] revision [a] has been deployed and is serving 100 percent of traffic.\nService URL: http://jokes.localhost:8080\n\
             Access: public (anyone may call it; --no-allow-unauthenticated makes it private)",
        );
        check(
            json!({"url": "http://jokes.localhost:8080", "latestReadyRevisionName": "a",
                   "traffic": [{"latestRevision": true, "revisionName": "a", "percent": 100}], "runlane": {"public": false}}),
            "Service [jokes] revision [a] has been deployed and is serving 100 percent of traffic.\nService URL: http://jokes.localhost:8080\n\
             Access: private (callers send Authorization: Bearer $(runlane auth print-identity-token); --allow-unauthenticated makes it public)",
        );
    }
}
