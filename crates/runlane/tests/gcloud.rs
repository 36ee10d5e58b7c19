//! Unmodified gcloud drives runlane: the real `gcloud` binary (google-cloud-cli),
//! in its own `CLOUDSDK_CONFIG`, set up by `runlane gcloud-config`, against a real
//! `runlane up`. gcloud takes a second or two per command, so each test is one scenario.
//!
//! Module index:
//! - `walkthrough`: deploy `good`, a failing canary `--tag next --no-traffic`,
//!   `update-traffic --to-tags next=10` measured through the router, roll back
//! - `deploy_flags_and_revisions`: every deploy flag lands in the revision; revisions
//!   list (paged), describe, delete (refused while serving)
//! - `traffic_iam_replace_delete`: every update-traffic flag, describe/list formats, IAM
//!   policy (kept across a restart), `services replace`, `services delete`
//! - `errors_and_regions`: invalid specs and revisions that cannot start, as gcloud prints
//!   them; `--region europe-west1`
//!
//! gcloud is found on PATH (or `RUNLANE_GCLOUD`); a missing gcloud fails the tests
//! (`runlane_test_support::tools::Gcloud`).

use runlane_test_support::tools::Gcloud;
use runlane_test_support::Runlane;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn assert_has(text: &str, expected: &str) {
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

/// `status.traffic` as (revision, percent, tag) rows.
fn traffic(service: &Value) -> Vec<(String, i64, String)> {
    service["status"]["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let revision = if t["latestRevision"] == true {
                "LATEST".to_owned()
            } else {
                t["revisionName"].as_str().unwrap().to_owned()
            };
            (
                revision,
                t["percent"].as_i64().unwrap_or(0),
                t["tag"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn rows(items: &[(&str, i64, &str)]) -> Vec<(String, i64, String)> {
    items
        .iter()
        .map(|(r, p, t)| ((*r).to_owned(), *p, (*t).to_owned()))
        .collect()
}

/// The revision named in `Service [S] revision [R] has been deployed`.
fn deployed_revision(output: &str) -> String {
    let start = output
        .find("revision [")
        .unwrap_or_else(|| panic!("no deployed revision in:\n{output}"))
        + "revision [".len();
    output[start..].split(']').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn walkthrough() {
    let g = Gcloud::new();
    let r = Runlane::start(bin()).unwrap();
    g.configure_with_gcloud(&r);
    let port = r.router_port;

    let out = g
        .ok(&[
            "run",
            "deploy",
            "jokes",
            "--image",
            "runlane/hello",
            "--tag",
            "good",
        ])
        .all();
    let good = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{good}] has been deployed and is serving 100 percent of traffic."));
    assert_has(&out, &format!("Service URL: http://jokes.localhost:{port}"));
    assert_has(
        &out,
        &format!("The revision can be reached directly at http://good---jokes.localhost:{port}"),
    );
    assert_eq!(
        r.get("good---jokes.localhost", "/").await.unwrap(),
        (200, format!("Hello from {good}!\n"))
    );

    let out = g
        .ok(&[
            "run",
            "deploy",
            "jokes",
            "--image",
            "runlane/hello",
            "--set-env-vars",
            "FAIL_PERCENT=100",
            "--tag",
            "next",
            "--no-traffic",
        ])
        .all();
    let next = deployed_revision(&out);
    assert_has(&out, &format!("Service [jokes] revision [{next}] has been deployed and is serving 0 percent of traffic."));
    assert_has(
        &out,
        &format!("The revision can be reached directly at http://next---jokes.localhost:{port}"),
    );
    assert_eq!(
        r.get("jokes.localhost", "/").await.unwrap().0,
        200,
        "--no-traffic keeps the split"
    );
    assert_eq!(r.get("next---jokes.localhost", "/").await.unwrap().0, 500);

    let out = g
        .ok(&[
            "run",
            "services",
            "update-traffic",
            "jokes",
            "--to-tags",
            "next=10",
        ])
        .all();
    assert_has(&out, &format!("URL: http://jokes.localhost:{port}"));
    assert_has(&out, &format!("90% {good}"));
    assert_has(&out, &format!("10% {next}"));
    let mut answers = BTreeMap::<(u16, String), u32>::new();
    for _ in 0..1000 {
        let (status, body) = r.get("jokes.localhost", "/").await.unwrap();
        let from = if body.contains(&next) {
            &next
        } else if body.contains(&good) {
            &good
        } else {
            panic!("answer from nowhere: {body}")
        };
        *answers.entry((status, from.clone())).or_default() += 1;
    }
    assert_eq!(
        answers,
        BTreeMap::from([((200, good.clone()), 900), ((500, next.clone()), 100)])
    );

    let out = g
        .ok(&[
            "run",
            "services",
            "update-traffic",
            "jokes",
            "--to-tags",
            "good=100",
        ])
        .all();
    assert_has(&out, &format!("100% {good}"));
    for _ in 0..100 {
        assert_eq!(
            r.get("jokes.localhost", "/").await.unwrap(),
            (200, format!("Hello from {good}!\n"))
        );
    }
    let url = g
        .ok(&[
            "run",
            "services",
            "describe",
            "jokes",
            "--format",
            "value(status.url)",
        ])
        .stdout;
    assert_eq!(url.trim(), format!("http://jokes.localhost:{port}"));
}

/// The tutorial's current wording, typed as its readers type it, in a project and region
/// of their own: `services update --tag good` tags the serving revision,
/// `value(status.traffic[0].url)` prints that tag's URL, and the tag stays on that
/// revision through the canary and the rollback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn services_update_tag_and_the_first_traffic_url() {
    let g = Gcloud::new();
    let r = Runlane::start(bin()).unwrap();
    g.configure_with_gcloud(&r);
    g.ok(&["config", "set", "core/project", "my-journey-4711"]);
    g.ok(&["config", "set", "run/region", "europe-north1"]);
    let port = r.router_port;

    let out = g.ok(&["run", "deploy", "jokes", "--image", "runlane/hello", "--allow-unauthenticated", "-q"]).all();
    let good = deployed_revision(&out);
    let out = g.ok(&["run", "services", "update", "jokes", "--tag", "good"]).all();
    assert_has(&out, "Service [jokes] has been updated.");
    let url = g.ok(&["run", "services", "describe", "jokes", "--format", "value(status.traffic[0].url)"]).stdout;
    assert_eq!(url.trim(), format!("http://good---jokes.localhost:{port}"));
    assert_eq!(r.get("good---jokes.localhost", "/").await.unwrap(), (200, format!("Hello from {good}!\n")));

    let out = g
        .ok(&["run", "deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic", "-q"])
        .all();
    let next = deployed_revision(&out);
    assert_ne!(next, good);
    // gcloud applies --limit to the reply before it sorts: the server sends newest first.
    let newest = g
        .ok(&["run", "revisions", "list", "--service", "jokes", "--sort-by=~metadata.creationTimestamp", "--limit", "1", "--format", "value(metadata.name)"])
        .stdout;
    assert_eq!(newest.trim(), next);
    // The good tag did not follow the new latest revision.
    assert_eq!(r.get("good---jokes.localhost", "/").await.unwrap(), (200, format!("Hello from {good}!\n")));
    // The canary's structured error lines print (gcloud's formatter reads textPayload only).
    assert_eq!(r.get("next---jokes.localhost", "/").await.unwrap().0, 500);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let out = g.ok(&["run", "services", "logs", "read", "jokes", "--limit", "50"]).all();
        if out.contains(&format!("{next} failed this request (FAIL_PERCENT=100)")) {
            assert_has(&out, "GET 500 http://next---jokes.localhost");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the canary's error line never showed:\n{out}");
    }
    g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "next=10"]);
    let out = g.ok(&["run", "services", "update-traffic", "jokes", "--to-tags", "good=100"]).all();
    assert_has(&out, &format!("100% {good}"));
    for _ in 0..50 {
        assert_eq!(r.get("jokes.localhost", "/").await.unwrap(), (200, format!("Hello from {good}!\n")));
    }
    let url = g.ok(&["run", "services", "describe", "jokes", "--format", "value(status.traffic[0].url)"]).stdout;
    assert_eq!(url.trim(), format!("http://good---jokes.localhost:{port}"), "tagged entries come first in status.traffic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn deploy_flags_and_revisions() {
    let g = Gcloud::new();
    let r = Runlane::start(bin()).unwrap();
    g.configure(&r);

    #[rustfmt::skip]
    let out = g.ok(&[
        "run", "deploy", "flags", "--image", "runlane/hello", "--revision-suffix", "v1", "--set-env-vars", "A=1,B=two",
        "--concurrency", "10", "--min-instances", "1", "--max-instances", "3", "--timeout", "60", "--port", "9000",
        "--allow-unauthenticated",
    ]).all();
    assert_has(&out, "Service [flags] revision [flags-v1] has been deployed and is serving 100 percent of traffic.");
    let rev = g.json(&["run", "revisions", "describe", "flags-v1"]);
    let c = &rev["spec"]["containers"][0];
    assert_eq!(
        (c["image"].as_str(), c["ports"][0]["containerPort"].as_i64()),
        (Some("runlane/hello"), Some(9000))
    );
    assert_eq!(
        c["env"],
        serde_json::json!([{"name": "A", "value": "1"}, {"name": "B", "value": "two"}])
    );
    assert_eq!(
        (
            rev["spec"]["containerConcurrency"].as_i64(),
            rev["spec"]["timeoutSeconds"].as_i64()
        ),
        (Some(10), Some(60))
    );
    let annotations = &rev["metadata"]["annotations"];
    assert_eq!(
        (
            annotations["autoscaling.knative.dev/minScale"].as_str(),
            annotations["autoscaling.knative.dev/maxScale"].as_str()
        ),
        (Some("1"), Some("3"))
    );
    let text = g.ok(&["run", "revisions", "describe", "flags-v1"]).all();
    for expected in [
        "Revision flags-v1 in region us-central1",
        "Port:",
        "9000",
        "Concurrency:",
        "Min instances:",
        "Max instances:",
        "Timeout:",
        "60s",
    ] {
        assert_has(&text, expected);
    }
    assert_eq!(
        r.get("flags.localhost", "/").await.unwrap(),
        (200, "Hello from flags-v1!\n".to_owned())
    );

    // --command/--args run a program: here the sample app itself, with one more variable.
    #[rustfmt::skip]
    let out = g.ok(&[
        "run", "deploy", "flags", "--image", "runlane/process", "--command", bin().to_str().unwrap(), "--args", "hello",
        "--update-env-vars", "C=3", "--tag", "cmd",
    ]).all();
    let second = deployed_revision(&out);
    assert_has(&out, "serving 100 percent of traffic");
    assert_eq!(
        r.get("flags.localhost", "/").await.unwrap(),
        (200, format!("Hello from {second}!\n"))
    );
    let c = g.json(&["run", "revisions", "describe", &second])["spec"]["containers"][0].clone();
    assert_eq!(c["command"], serde_json::json!([bin().to_str().unwrap()]));
    assert_eq!(c["args"], serde_json::json!(["hello"]));
    let env: Vec<&str> = c["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(env, ["A", "B", "C"]);

    let list = g
        .ok(&["run", "revisions", "list", "--service", "flags"])
        .stdout;
    assert_has(&list, "flags-v1");
    assert_has(&list, &second);
    // Pages of one revision each: gcloud follows metadata.continue.
    let paged = g.json(&[
        "run",
        "revisions",
        "list",
        "--service",
        "flags",
        "--page-size",
        "1",
    ]);
    let mut names: Vec<&str> = paged
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["metadata"]["name"].as_str().unwrap())
        .collect();
    names.sort();
    let mut expected = vec!["flags-v1", second.as_str()];
    expected.sort();
    assert_eq!(names, expected);

    let out = g.fails(&["run", "revisions", "delete", &second]);
    assert_has(
        &out,
        "ERROR: (gcloud.run.revisions.delete) FAILED_PRECONDITION:",
    );
    assert_has(&out, "cannot be deleted while it serves");
    let out = g.ok(&["run", "revisions", "delete", "flags-v1"]).all();
    assert_has(&out, "Deleted revision [flags-v1]");
    let out = g.fails(&["run", "revisions", "describe", "flags-v1"]);
    assert_has(&out, "Cannot find revision [flags-v1]");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn traffic_iam_replace_delete() {
    let g = Gcloud::new();
    let mut r = Runlane::start(bin()).unwrap();
    g.configure(&r);

    let a = deployed_revision(
        &g.ok(&[
            "run",
            "deploy",
            "svc",
            "--image",
            "runlane/hello",
            "--tag",
            "a",
        ])
        .all(),
    );
    let b = deployed_revision(
        &g.ok(&[
            "run",
            "deploy",
            "svc",
            "--image",
            "runlane/hello",
            "--set-env-vars",
            "V=b",
            "--tag",
            "b",
            "--no-traffic",
        ])
        .all(),
    );
    let describe = || g.json(&["run", "services", "describe", "svc"]);
    let update = |flags: &[&str]| {
        let mut args = vec!["run", "services", "update-traffic", "svc"];
        args.extend(flags);
        g.ok(&args);
        traffic(&describe())
    };
    let (a, b) = (a.as_str(), b.as_str());
    assert_eq!(
        update(&["--to-revisions", &format!("{a}=50,{b}=50")]),
        rows(&[(a, 0, "a"), (b, 0, "b"), (a, 50, ""), (b, 50, "")])
    );
    assert_eq!(
        update(&["--to-tags", "b=100"]),
        rows(&[(a, 0, "a"), (b, 0, "b"), (b, 100, "")])
    );
    assert_eq!(
        update(&["--to-latest"]),
        rows(&[(a, 0, "a"), (b, 0, "b"), ("LATEST", 100, "")])
    );
    assert_eq!(
        update(&["--set-tags", &format!("x={a},y={b}")]),
        rows(&[(a, 0, "x"), (b, 0, "y"), ("LATEST", 100, "")])
    );
    assert_eq!(
        update(&["--update-tags", &format!("z={a}")]),
        rows(&[(a, 0, "x"), (b, 0, "y"), (a, 0, "z"), ("LATEST", 100, "")])
    );
    assert_eq!(
        update(&["--remove-tags", "x"]),
        rows(&[(b, 0, "y"), (a, 0, "z"), ("LATEST", 100, "")])
    );
    assert_eq!(update(&["--clear-tags"]), rows(&[("LATEST", 100, "")]));
    assert_eq!(
        r.get("svc.localhost", "/").await.unwrap(),
        (200, format!("Hello from {b}!\n"))
    );

    // describe and list, in gcloud's formats.
    let port = r.router_port;
    assert_eq!(
        g.ok(&[
            "run",
            "services",
            "describe",
            "svc",
            "--format",
            "value(status.url)"
        ])
        .stdout
        .trim(),
        format!("http://svc.localhost:{port}")
    );
    let yaml = g
        .ok(&["run", "services", "describe", "svc", "--format", "yaml"])
        .stdout;
    assert_has(&yaml, "cloud.googleapis.com/location: us-central1");
    assert_has(
        &g.ok(&["run", "services", "describe", "svc"]).all(),
        "Service svc in region us-central1",
    );
    for args in [
        &["run", "services", "list"][..],
        &["run", "services", "list", "--region", "us-central1"],
    ] {
        let list = g.ok(args).stdout;
        assert_has(&list, "REGION");
        let url = format!("http://svc.localhost:{port}");
        assert!(
            list.lines()
                .any(|l| l.contains(" svc ") && l.contains(" us-central1 ") && l.contains(&url)),
            "{list}"
        );
    }

    // IAM: --allow-unauthenticated and add-iam-policy-binding store the policy, durably.
    g.ok(&[
        "run",
        "deploy",
        "svc",
        "--image",
        "runlane/hello",
        "--allow-unauthenticated",
    ]);
    g.ok(&[
        "run",
        "services",
        "add-iam-policy-binding",
        "svc",
        "--member",
        "user:ops@example.com",
        "--role",
        "roles/run.admin",
    ]);
    r.stop();
    let r2 = Runlane::start_in(bin(), &r.data_dir, 0).unwrap();
    g.configure(&r2);
    let policy = g.json(&["run", "services", "get-iam-policy", "svc"]);
    let bindings: Vec<(String, Vec<String>)> = policy["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["role"].as_str().unwrap().to_owned(),
                serde_json::from_value(b["members"].clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bindings,
        [
            ("roles/run.invoker".to_owned(), vec!["allUsers".to_owned()]),
            (
                "roles/run.admin".to_owned(),
                vec!["user:ops@example.com".to_owned()]
            )
        ]
    );
    g.ok(&[
        "run",
        "deploy",
        "svc",
        "--image",
        "runlane/hello",
        "--no-allow-unauthenticated",
    ]);
    let policy = g.json(&["run", "services", "get-iam-policy", "svc"]);
    assert_eq!(
        policy["bindings"].as_array().unwrap().len(),
        1,
        "allUsers is gone: {policy}"
    );
    let r = r2;
    // A write based on a stale read is refused; the calls gcloud makes around a deploy answer.
    let iam = "/v1/projects/default/locations/us-central1/services";
    let stale = serde_json::json!({"policy": {"etag": "AAAAAAAAAAA=", "bindings": []}});
    let (code, reply) = r
        .api_json("POST", &format!("{iam}/svc:setIamPolicy"), Some(stale))
        .await
        .unwrap();
    assert_eq!(
        (code, reply["error"]["status"].as_str()),
        (409, Some("ABORTED")),
        "{reply}"
    );
    let ask = serde_json::json!({"permissions": ["run.services.setIamPolicy"]});
    let (code, reply) = r
        .api_json(
            "POST",
            &format!("{iam}/not-yet:testIamPermissions?alt=json"),
            Some(ask),
        )
        .await
        .unwrap();
    assert_eq!(
        (code, reply["permissions"][0].as_str()),
        (200, Some("run.services.setIamPolicy")),
        "{reply}"
    );
    let (code, reply) = r
        .api_json(
            "GET",
            "/v1/projects/default/services/run.googleapis.com?alt=json",
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (code, reply["state"].as_str()),
        (200, Some("ENABLED")),
        "{reply}"
    );
    let (code, reply) = r
        .api_json("GET", "/v1/projects/default?alt=json", None)
        .await
        .unwrap();
    assert!(
        code == 200
            && reply["projectNumber"]
                .as_str()
                .is_some_and(|n| n.len() == 12),
        "{reply}"
    );

    // services replace: a Knative YAML that names its namespace (gcloud asks Cloud
    // Resource Manager for the project first); the same YAML again makes no revision.
    let yaml = g.dir().join("yam.yaml");
    std::fs::write(
        &yaml,
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: yam\n  namespace: default\nspec:\n  template:\n    spec:\n      containers:\n      - image: runlane/hello\n        env:\n        - name: A\n          value: '1'\n",
    )
    .unwrap();
    let yaml = yaml.to_str().unwrap();
    assert_has(
        &g.ok(&["run", "services", "replace", yaml]).all(),
        "New configuration has been applied to service [yam].",
    );
    let first = describe_revision(&g, "yam");
    g.ok(&["run", "services", "replace", yaml]);
    assert_eq!(
        describe_revision(&g, "yam"),
        first,
        "an identical template makes no new revision"
    );
    assert_eq!(
        r.get("yam.localhost", "/").await.unwrap(),
        (200, format!("Hello from {first}!\n"))
    );

    // services delete: gone from the API and the router.
    assert_has(
        &g.ok(&["run", "services", "delete", "yam"]).all(),
        "Deleted service [yam].",
    );
    assert_has(
        &g.fails(&["run", "services", "describe", "yam"]),
        "Cannot find service [yam]",
    );
    assert_eq!(r.get("yam.localhost", "/").await.unwrap().0, 404);
    assert_has(
        &g.fails(&["run", "services", "delete", "yam"]),
        "could not be found",
    );
}

fn describe_revision(g: &Gcloud, service: &str) -> String {
    g.ok(&[
        "run",
        "services",
        "describe",
        service,
        "--format",
        "value(status.latestCreatedRevisionName)",
    ])
    .stdout
    .trim()
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn errors_and_regions() {
    let g = Gcloud::new();
    let r = Runlane::start(bin()).unwrap();
    g.configure(&r);

    // Invalid specs: gcloud prints the field violation.
    let out = g.fails(&[
        "run",
        "deploy",
        "bad",
        "--image",
        "runlane/hello",
        "--concurrency",
        "5000",
    ]);
    assert_has(
        &out,
        "ERROR: (gcloud.run.deploy) spec.template.spec.containerConcurrency: 5000 is too high",
    );
    let out = g.fails(&["run", "deploy", "bad", "--image", "127.0.0.1:9/example/nope"]);
    assert_has(
        &out,
        "ERROR: (gcloud.run.deploy) spec.template.spec.containers[0].image:",
    );
    assert_has(
        &g.fails(&["run", "services", "describe", "bad"]),
        "Cannot find service [bad]",
    );

    // A revision that cannot start: Deployment failed, with the reason.
    let out = g.fails(&[
        "run",
        "deploy",
        "crash",
        "--image",
        "runlane/process",
        "--command",
        "sh",
        "--args",
        "-c,exit 3",
    ]);
    assert_has(&out, "Deployment failed");
    assert_has(&out, "ERROR: (gcloud.run.deploy) Revision 'crash-00001-");
    assert_has(&out, "exited with status 3");
    let list = g.ok(&["run", "services", "list"]).stdout;
    assert!(
        list.lines()
            .any(|l| l.starts_with('X') && l.contains("crash")),
        "a failed service is marked X:\n{list}"
    );

    // A nonexistent revision in update-traffic.
    g.ok(&["run", "deploy", "ok", "--image", "runlane/hello"]);
    let out = g.fails(&[
        "run",
        "services",
        "update-traffic",
        "ok",
        "--to-revisions",
        "ok-nope=100",
    ]);
    assert_has(
        &out,
        "ERROR: (gcloud.run.services.update-traffic) spec.traffic[0].revisionName:",
    );

    // Another region: its own host name (europe-west1-run.localhost), label and listing.
    let out = g
        .ok(&[
            "run",
            "deploy",
            "eu",
            "--image",
            "runlane/hello",
            "--region",
            "europe-west1",
            "--allow-unauthenticated",
        ])
        .all();
    assert_has(&out, "region [europe-west1]");
    let eu = deployed_revision(&out);
    assert_eq!(
        r.get("eu.localhost", "/").await.unwrap(),
        (200, format!("Hello from {eu}!\n"))
    );
    let all = g.ok(&["run", "services", "list"]).stdout;
    assert!(
        all.lines()
            .any(|l| l.contains(" eu ") && l.contains("europe-west1")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.contains(" ok ") && l.contains("us-central1")),
        "{all}"
    );
    let eu_only = g
        .ok(&["run", "services", "list", "--region", "europe-west1"])
        .stdout;
    assert!(
        eu_only.contains(" eu ") && !eu_only.contains(" ok "),
        "{eu_only}"
    );
    assert_has(
        &g.fails(&["run", "services", "describe", "eu"]),
        "Cannot find service [eu]",
    );
    assert_has(
        &g.ok(&[
            "run",
            "services",
            "describe",
            "eu",
            "--region",
            "europe-west1",
        ])
        .all(),
        "Service eu in region europe-west1",
    );
    assert_has(
        &g.ok(&[
            "run",
            "services",
            "get-iam-policy",
            "eu",
            "--region",
            "europe-west1",
        ])
        .stdout,
        "allUsers",
    );
    let revisions = g
        .ok(&["run", "revisions", "list", "--region", "europe-west1"])
        .stdout;
    assert!(
        revisions.contains(&eu) && !revisions.contains("ok-"),
        "{revisions}"
    );
    let out = g.fails(&[
        "run",
        "deploy",
        "ok",
        "--image",
        "runlane/hello",
        "--region",
        "europe-west1",
    ]);
    assert_has(&out, "already exists in region \"us-central1\"");
}

/// PATCH with `updateMask`, as gcloud's `update` commands send it, for
/// notification channels and alert policies (gcloud), and SLOs (the v3 API; gcloud has
/// no SLO command): only the named fields change; a field the body lacks is cleared; a
/// mask naming no field is a 400 that changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn updates_with_an_update_mask() {
    let r = Runlane::start(bin()).unwrap();
    let g = Gcloud::for_runlane(&r);
    g.ok(&["run", "deploy", "jokes", "--image", "runlane/hello"]);
    let out = g.ok(&["beta", "monitoring", "channels", "create", "--display-name=oncall", "--type=email", "--channel-labels=email_address=oncall@example.com"]).all();
    let channel = out.split("Created notification channel [").nth(1).and_then(|s| s.split(']').next()).unwrap_or_else(|| panic!("{out}")).to_owned();
    g.ok(&["beta", "monitoring", "channels", "update", &channel, "--display-name=pager"]);
    let (_, c) = r.api_json("GET", &format!("/v3/{channel}"), None).await.unwrap();
    assert!(c["displayName"] == "pager" && c["labels"]["email_address"] == "oncall@example.com" && c["type"] == "email", "{c:#}");

    let slo = serde_json::json!({"displayName": "99%", "goal": 0.99, "rollingPeriod": "86400s",
        "serviceLevelIndicator": {"basicSli": {"availability": {}}}});
    let (status, created) = r.api_json("POST", "/v3/projects/default/services/jokes/serviceLevelObjectives?serviceLevelObjectiveId=availability", Some(slo)).await.unwrap();
    assert_eq!(status, 200, "{created}");
    let name = created["name"].as_str().unwrap().to_owned();
    let policy = serde_json::json!({"displayName": "fast burn", "combiner": "OR", "documentation": {"content": "roll back", "mimeType": "text/markdown"},
        "conditions": [{"displayName": "burn", "conditionThreshold": {"filter": format!("select_slo_burn_rate(\"{name}\", \"300s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 10, "duration": "0s"}}]});
    let (status, created) = r.api_json("POST", "/v3/projects/default/alertPolicies", Some(policy)).await.unwrap();
    assert_eq!(status, 200, "{created}");
    let policy = created["name"].as_str().unwrap().to_owned();
    g.ok(&["alpha", "monitoring", "policies", "update", &policy, "--display-name=slow burn"]);
    let (_, p) = r.api_json("GET", &format!("/v3/{policy}"), None).await.unwrap();
    assert!(p["displayName"] == "slow burn" && p["documentation"]["content"] == "roll back" && p["conditions"][0]["conditionThreshold"]["thresholdValue"] == 10.0, "{p:#}");

    // The SLO: the goal named in the mask changes, the display name (not named) stays;
    // documentation.content named but absent from the body goes back to its default (empty).
    let (status, s) = r.api_json("PATCH", &format!("/v3/{name}?updateMask=goal"), Some(serde_json::json!({"goal": 0.95, "displayName": "ignored"}))).await.unwrap();
    assert!(status == 200 && s["goal"] == 0.95 && s["displayName"] == "99%", "{status} {s:#}");
    let (status, p) = r.api_json("PATCH", &format!("/v3/{policy}?updateMask=documentation.content"), Some(serde_json::json!({}))).await.unwrap();
    assert!(status == 200 && p["documentation"]["content"].as_str().unwrap_or_default().is_empty() && p["displayName"] == "slow burn", "{status} {p:#}");
    let (status, e) = r.api_json("PATCH", &format!("/v3/{name}?updateMask=golas"), Some(serde_json::json!({"goal": 0.5}))).await.unwrap();
    assert!(status == 400 && e["error"]["details"][0]["fieldViolations"][0]["field"] == "updateMask", "{status} {e:#}");
    let (_, s) = r.api_json("GET", &format!("/v3/{name}"), None).await.unwrap();
    assert_eq!(s["goal"], 0.95, "the refused PATCH changed nothing: {s:#}");
}

/// The v3 lists page as Google's do (`pageSize`, `pageToken`,
/// `nextPageToken`, `totalSize`); gcloud follows the pages; a bad token or size is a 400.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs gcloud; scripts/test.sh runs it"]
async fn v3_lists_page_as_google_does() {
    let r = Runlane::start(bin()).unwrap();
    let g = Gcloud::for_runlane(&r);
    let mut created = std::collections::BTreeSet::new();
    for i in 0..5 {
        let body = serde_json::json!({"type": "email", "displayName": format!("c{i}"), "labels": {"email_address": format!("c{i}@example.com")}});
        let (status, c) = r.api_json("POST", "/v3/projects/default/notificationChannels", Some(body)).await.unwrap();
        assert_eq!(status, 200, "{c}");
        created.insert(c["name"].as_str().unwrap().to_owned());
    }
    let (mut seen, mut token, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let (status, page) = r.api_json("GET", &format!("/v3/projects/default/notificationChannels?pageSize=2&pageToken={token}"), None).await.unwrap();
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["totalSize"], 5, "{page}");
        let items = page["notificationChannels"].as_array().unwrap();
        assert!(items.len() <= 2, "{page}");
        seen.extend(items.iter().map(|c| c["name"].as_str().unwrap().to_owned()));
        pages += 1;
        match page["nextPageToken"].as_str() {
            Some(t) => token = t.to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.iter().cloned().collect::<std::collections::BTreeSet<_>>(), created, "every channel once: {seen:?}");
    assert_eq!(seen.len(), 5);
    let out = g.ok(&["beta", "monitoring", "channels", "list", "--page-size=2", "--format=value(name)"]);
    let listed: std::collections::BTreeSet<String> = out.stdout.lines().map(str::to_owned).collect();
    assert_eq!(listed, created, "gcloud follows the pages:\n{}", out.all());
    for (query, field) in [("pageToken=zz", "pageToken"), ("pageSize=two", "pageSize")] {
        let (status, e) = r.api_json("GET", &format!("/v3/projects/default/notificationChannels?{query}"), None).await.unwrap();
        assert!(status == 400 && e["error"]["details"][0]["fieldViolations"][0]["field"] == field, "{query}: {status} {e}");
    }
}

/// `filter` on alertPolicies.list and notificationChannels.list, in
/// Cloud Monitoring's syntax; one runlane cannot apply is a 400 naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v3_lists_filter_as_google_does() {
    let r = Runlane::start(bin()).unwrap();
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    for (kind, name, labels) in [("email", "oncall", serde_json::json!({"email_address": "o@example.com"})),
                                 ("webhook_tokenauth", "hook", serde_json::json!({"url": "http://127.0.0.1:9/hook"}))] {
        let body = serde_json::json!({"type": kind, "displayName": name, "labels": labels, "userLabels": {"team": name}});
        let (status, c) = r.api_json("POST", "/v3/projects/default/notificationChannels", Some(body)).await.unwrap();
        assert_eq!(status, 200, "{c}");
    }
    let (status, s) = r.api_json("POST", "/v3/projects/default/services?serviceId=checkout", Some(serde_json::json!({"displayName": "checkout"}))).await.unwrap();
    assert_eq!(status, 200, "{s}");
    let slo = serde_json::json!({"displayName": "99%", "goal": 0.99, "rollingPeriod": "86400s",
        "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {"goodServiceFilter": "metric.type=\"run.googleapis.com/request_count\" metric.labels.response_code_class=\"2xx\"", "totalServiceFilter": "metric.type=\"run.googleapis.com/request_count\""}}}});
    let (status, created) = r.api_json("POST", "/v3/projects/default/services/checkout/serviceLevelObjectives?serviceLevelObjectiveId=availability", Some(slo)).await.unwrap();
    assert_eq!(status, 200, "{created}");
    let slo = created["name"].as_str().unwrap().to_owned();
    for (name, team, enabled) in [("jokes fast burn", "a", true), ("jokes slow burn", "b", false), ("quotes fast burn", "a", true)] {
        let policy = serde_json::json!({"displayName": name, "combiner": "OR", "enabled": enabled, "userLabels": {"team": team},
            "conditions": [{"displayName": "burn", "conditionThreshold": {"filter": format!("select_slo_burn_rate(\"{slo}\", \"300s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 10, "duration": "0s"}}]});
        let (status, p) = r.api_json("POST", "/v3/projects/default/alertPolicies", Some(policy)).await.unwrap();
        assert_eq!(status, 200, "{p}");
    }
    let names = |v: &Value, field: &str| -> Vec<String> {
        let mut n: Vec<String> = v[field].as_array().unwrap_or_else(|| panic!("{v}")).iter().map(|i| i["displayName"].as_str().unwrap().to_owned()).collect();
        n.sort();
        n
    };
    for (filter, want) in [
        (r#"display_name="jokes slow burn""#, vec!["jokes slow burn"]),
        (r#"user_labels.team="a""#, vec!["jokes fast burn", "quotes fast burn"]),
        ("enabled=true", vec!["jokes fast burn", "quotes fast burn"]),
        (r#"starts_with(display_name, "jokes") AND NOT enabled=false"#, vec!["jokes fast burn"]),
        (r#"display_name:"slow" OR display_name=starts_with("quotes")"#, vec!["jokes slow burn", "quotes fast burn"]),
    ] {
        let (status, page) = r.api_json("GET", &format!("/v3/projects/default/alertPolicies?filter={}", encode(filter)), None).await.unwrap();
        assert_eq!(status, 200, "{filter}: {page}");
        assert_eq!(names(&page, "alertPolicies"), want, "{filter}: {page}");
        assert_eq!(page["totalSize"], want.len(), "{filter}: {page}");
    }
    // Filtering comes before paging: two pages of one hold the two matches.
    let (_, page) = r.api_json("GET", &format!("/v3/projects/default/alertPolicies?pageSize=1&filter={}", encode(r#"user_labels.team="a""#)), None).await.unwrap();
    assert!(page["totalSize"] == 2 && page["alertPolicies"].as_array().unwrap().len() == 1 && page["nextPageToken"].is_string(), "{page}");
    let (status, page) = r.api_json("GET", &format!("/v3/projects/default/notificationChannels?filter={}", encode(r#"type="email""#)), None).await.unwrap();
    assert!(status == 200 && names(&page, "notificationChannels") == ["oncall"], "{page}");
    let (_, page) = r.api_json("GET", &format!("/v3/projects/default/notificationChannels?filter={}", encode(r#"labels.url:"127.0.0.1" OR user_label.team="nobody""#)), None).await.unwrap();
    assert_eq!(names(&page, "notificationChannels"), ["hook"], "{page}");

    for (list, filter, says) in [("alertPolicies", r#"conditions.display_name="burn""#, "cannot be filtered by `conditions.display_name`"),
                                 ("alertPolicies", r#"display_name=~"jokes.*""#, "`=~`"),
                                 ("notificationChannels", r#"type="email"#, "not closed")] {
        let (status, e) = r.api_json("GET", &format!("/v3/projects/default/{list}?filter={}", encode(filter)), None).await.unwrap();
        let violation = &e["error"]["details"][0]["fieldViolations"][0];
        assert!(status == 400 && violation["field"] == "filter" && violation["description"].as_str().unwrap_or_default().contains(says), "{filter}: {status} {e:#}");
    }
}

/// `conditionThreshold.trigger` round-trips through create, get and
/// PATCH; an invalid one is a 400 naming the field and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_policy_triggers_round_trip_or_are_refused() {
    let r = Runlane::start(bin()).unwrap();
    let (status, s) = r.api_json("POST", "/v3/projects/default/services?serviceId=checkout", Some(serde_json::json!({}))).await.unwrap();
    assert_eq!(status, 200, "{s}");
    let slo = serde_json::json!({"goal": 0.99, "rollingPeriod": "86400s",
        "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {"goodServiceFilter": "metric.type=\"run.googleapis.com/request_count\" metric.labels.response_code_class=\"2xx\"", "totalServiceFilter": "metric.type=\"run.googleapis.com/request_count\""}}}});
    let (status, created) = r.api_json("POST", "/v3/projects/default/services/checkout/serviceLevelObjectives?serviceLevelObjectiveId=availability", Some(slo)).await.unwrap();
    assert_eq!(status, 200, "{created}");
    let slo = created["name"].as_str().unwrap().to_owned();
    let condition = |trigger: Value| serde_json::json!({"conditions": [{"displayName": "burn", "conditionThreshold": {
        "filter": format!("select_slo_burn_rate(\"{slo}\", \"300s\")"), "comparison": "COMPARISON_GT", "thresholdValue": 10, "trigger": trigger}}]});
    let mut body = condition(serde_json::json!({"percent": 50}));
    body["displayName"] = "half".into();
    let (status, p) = r.api_json("POST", "/v3/projects/default/alertPolicies", Some(body)).await.unwrap();
    assert_eq!(status, 200, "{p}");
    let name = p["name"].as_str().unwrap().to_owned();
    let (_, p) = r.api_json("GET", &format!("/v3/{name}"), None).await.unwrap();
    assert_eq!(p["conditions"][0]["conditionThreshold"]["trigger"], serde_json::json!({"percent": 50.0}), "{p:#}");
    let (status, p) = r.api_json("PATCH", &format!("/v3/{name}?updateMask=conditions"), Some(condition(serde_json::json!({"count": 1})))).await.unwrap();
    assert!(status == 200 && p["conditions"][0]["conditionThreshold"]["trigger"] == serde_json::json!({"count": 1}), "{status} {p:#}");
    for (trigger, field) in [(serde_json::json!({"count": 3}), "conditions[0].conditionThreshold.trigger.count"),
                             (serde_json::json!({"percent": 150}), "conditions[0].conditionThreshold.trigger.percent"),
                             (serde_json::json!({"count": 1, "percent": 10}), "conditions[0].conditionThreshold.trigger")] {
        let (status, e) = r.api_json("PATCH", &format!("/v3/{name}?updateMask=conditions"), Some(condition(trigger.clone()))).await.unwrap();
        assert!(status == 400 && e["error"]["details"][0]["fieldViolations"][0]["field"] == field, "{trigger}: {status} {e:#}");
    }
    let (_, p) = r.api_json("GET", &format!("/v3/{name}"), None).await.unwrap();
    assert_eq!(p["conditions"][0]["conditionThreshold"]["trigger"], serde_json::json!({"count": 1}), "refused PATCHes changed nothing: {p:#}");
}
