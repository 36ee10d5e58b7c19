//! End-to-end tests of gcloud's own source deploys against a real `runlane up`: an
//! unmodified gcloud, configured by `runlane gcloud-config`, stages the source in
//! runlane's Cloud Storage, asks for a build (Cloud Build v1 `builds.create`, Cloud Run v2
//! `builds:submit`), polls it, and deploys the pushed digest; runlane builds with buildah.
//!
//! Module index:
//! - `gcloud run deploy --source` builds, pushes and serves; `gcloud builds list` and
//!   `gcloud builds log` show the build; the staged source is gone after it; a failing
//!   build fails the deploy and keeps traffic; no Dockerfile is a clear error
//! - `gcloud builds submit --tag` pushes and prints the build; a tag outside runlane's
//!   registry is refused naming `images[0]`; a refused build's staged source is deleted
//! - a build past its `--timeout` is killed, with everything it started, and recorded as
//!   TIMEOUT
//! - over TLS (gcloud's gRPC needs it): `gcloud beta builds submit` streams the build's
//!   output through `TailLogEntries` before it reports success, and `gcloud beta logging
//!   tail` prints request entries as they are logged, each once, in order
//!
//! The tools must be installed: gcloud, buildah, busybox-static (scripts/test.sh installs them).

use runlane_test_support::oci;
use runlane_test_support::tools::{make_certificates, require, Gcloud};
use runlane_test_support::{eventually, Runlane};
use serde_json::Value;
use std::path::Path;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// Staged sources left in the data dir (objects and their metadata).
fn staged(r: &Runlane) -> Vec<String> {
    std::fs::read_dir(r.data_dir.join("images/sources/objects")).map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs buildah, gcloud, runc, skopeo; scripts/test.sh runs it"]
async fn gcloud_run_deploy_source_builds_and_serves_and_a_failed_build_keeps_traffic() {
    require("buildah", "RUNLANE_BUILDAH", "buildah (apt-get install buildah)");
    if !oci::can_run_containers() {
        return;
    }
    let r = Runlane::start_with(bin(), &["--runtime", "runc"]).unwrap();
    let g = Gcloud::for_runlane(&r);
    let app = oci::source_app();
    let source = app.path().to_str().unwrap();
    let out = g.run(&["run", "deploy", "web", "--source", source, "--region", "us-central1", "--allow-unauthenticated"]);
    assert!(out.ok, "gcloud run deploy --source:\n{}\n{}", out.all(), r.log());
    assert!(out.all().contains("has been deployed"), "{}", out.all());
    let (status, body) = r.get("web.localhost", "/").await.unwrap();
    assert_eq!((status, body.as_str()), (200, "built from source by runlane\n"));
    let described: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", "web", "--format", "json"])).unwrap();
    let serving = described["status"]["latestReadyRevisionName"].as_str().unwrap().to_owned();

    let builds = g.json(&["builds", "list"]);
    assert_eq!(builds.as_array().map(Vec::len), Some(1), "{builds:#}");
    let build = &builds[0];
    assert_eq!(build["status"], "SUCCESS", "{build:#}");
    assert_eq!(build["source"]["storageSource"]["bucket"], "run-sources-default-us-central1", "{build:#}");
    assert_eq!(build["images"][0], "us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web", "{build:#}");
    let id = build["id"].as_str().unwrap().to_owned();
    let log = g.ok(&["builds", "log", &id]).all();
    assert!(log.contains("STEP") && log.contains("Pushed us-central1-docker.pkg.dev/default/cloud-run-source-deploy/web@sha256:"), "{log}");
    assert_eq!(staged(&r), Vec::<String>::new(), "the staged source outlived its build");
    // The repository gcloud created for source deploys is Artifact Registry's, here.
    let repos = g.json(&["artifacts", "repositories", "list", "--location=us-central1"]);
    assert_eq!(repos[0]["name"], "projects/default/locations/us-central1/repositories/cloud-run-source-deploy", "{repos:#}");

    // A build that fails: the deploy fails with the build's last lines, traffic stays.
    std::fs::write(app.path().join("Dockerfile"), "FROM scratch\nCOPY no-such-file /x\n").unwrap();
    let failed = g.fails(&["run", "deploy", "web", "--source", source, "--region", "us-central1"]);
    assert!(failed.contains("no-such-file") && failed.contains("gcloud builds log"), "{failed}");
    let after: Value = serde_json::from_str(&r.cli_ok(&["services", "describe", "web", "--format", "json"])).unwrap();
    assert_eq!(after["status"]["latestCreatedRevisionName"], serving.as_str(), "a failed build made a revision");
    assert_eq!(r.get("web.localhost", "/").await.unwrap().0, 200);
    let statuses: Vec<String> = g.json(&["builds", "list"]).as_array().unwrap().iter().map(|b| b["status"].as_str().unwrap().to_owned()).collect();
    assert_eq!(statuses, ["FAILURE", "SUCCESS"]);
    assert_eq!(staged(&r), Vec::<String>::new(), "a failed build's source was kept");

    // No Dockerfile: gcloud asks for buildpacks, which are not reachable offline.
    std::fs::remove_file(app.path().join("Dockerfile")).unwrap();
    let no_dockerfile = g.fails(&["run", "deploy", "web", "--source", source, "--region", "us-central1"]);
    assert!(no_dockerfile.contains("buildpacks") && no_dockerfile.contains("Dockerfile"), "{no_dockerfile}");
    assert_eq!(staged(&r), Vec::<String>::new(), "a refused build's staged source was kept");

    // gcloud builds submit --tag: pushed to runlane's registry under that name.
    let app = oci::source_app();
    let tag = "europe-north1-docker.pkg.dev/default/my-repo/x:1";
    let out = g.ok(&["builds", "submit", app.path().to_str().unwrap(), "--tag", tag]);
    assert!(out.all().contains("SUCCESS") && out.all().contains(tag), "{}", out.all());
    let submitted = &g.json(&["builds", "list", "--filter", "status=SUCCESS"])[0];
    assert_eq!(submitted["images"][0], tag, "{submitted:#}");
    assert_eq!(submitted["source"]["storageSource"]["bucket"], "default_cloudbuild", "{submitted:#}");
    let digest = submitted["results"]["images"][0]["digest"].as_str().unwrap().to_owned();
    let token = r.token();
    let host = r.api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let listed = std::process::Command::new(require("skopeo", "RUNLANE_SKOPEO", "skopeo (apt-get install skopeo)"))
        .args(["inspect", "--tls-verify=false", "--creds", &format!("runlane:{token}"), &format!("docker://{host}/default/my-repo/x:1")])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let inspected: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(inspected["Digest"], digest.as_str(), "{inspected:#}");

    // A tag outside runlane's registry is refused before anything is built.
    let refused = g.fails(&["builds", "submit", app.path().to_str().unwrap(), "--tag", "gcr.io/default/x"]);
    assert!(refused.contains("images[0]") && refused.contains("LOCATION-docker.pkg.dev"), "{refused}");
    assert_eq!(staged(&r), Vec::<String>::new(), "a refused build's staged source was kept");
}

/// Processes whose command line holds `marker`.
fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if text.contains(marker) {
                found.push(format!("{}: {text}", entry.file_name().to_string_lossy()));
            }
        }
    }
    found
}

#[test]
#[ignore = "needs buildah, gcloud; scripts/test.sh runs it"]
fn a_gcloud_build_past_its_timeout_is_killed_and_recorded_as_timeout() {
    require("buildah", "RUNLANE_BUILDAH", "buildah (apt-get install buildah)");
    let r = Runlane::start_with(bin(), &["--runtime", "process"]).unwrap();
    let g = Gcloud::for_runlane(&r);
    let app = oci::source_app();
    // A step that would run for an hour; its argument marks its process.
    std::fs::write(app.path().join("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"3517\"]\n").unwrap();
    let started = std::time::SystemTime::now();
    let out = g.run(&["builds", "submit", app.path().to_str().unwrap(), "--tag", "europe-north1-docker.pkg.dev/default/my-repo/slow:1", "--timeout=20s"]);
    assert!(!out.ok, "a build past its timeout succeeded:\n{}", out.all());
    assert!(out.all().contains("TIMEOUT") && out.all().contains("timed out"), "{}\n{}", out.all(), r.log());
    assert!(started.elapsed().unwrap() < std::time::Duration::from_secs(120), "the timeout did not stop the build");
    let build = &g.json(&["builds", "list"])[0];
    assert_eq!(build["status"], "TIMEOUT", "{build:#}");
    assert_eq!(build["timeout"], "20s", "{build:#}");
    let id = build["id"].as_str().unwrap();
    // The RUN step started before the deadline (its log says so), and nothing of it is left.
    let log = g.ok(&["builds", "log", id]).all();
    assert!(log.contains("RUN") && log.contains("did not finish within its timeout (20s)"), "{log}");
    assert_eq!(processes_with("sleep 3517"), Vec::<String>::new(), "the build left processes behind");
    assert_eq!(staged(&r), Vec::<String>::new());

    // Bad input names the field.
    let zero = g.fails(&["builds", "submit", app.path().to_str().unwrap(), "--tag", "europe-north1-docker.pkg.dev/default/my-repo/slow:1", "--timeout=0s"]);
    assert!(zero.contains("timeout"), "{zero}");
}

/// gcloud opens gRPC over TLS only, so this runlane serves its API with a test CA's
/// certificate, which `runlane gcloud-config` makes gcloud trust.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs buildah, gcloud, openssl; scripts/test.sh runs it"]
async fn gcloud_beta_streams_a_builds_output_and_tails_logs_over_grpc() {
    require("buildah", "RUNLANE_BUILDAH", "buildah (apt-get install buildah)");
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(certs.path());
    let flags = ["--runtime", "process", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap(), "--https-port", "0", "--plain-http", "serve"];
    let r = Runlane::start_with(bin(), &flags).unwrap();
    let g = Gcloud::new();
    let token_file = r.token_file();
    g.configure_from(bin(), &[("RUNLANE_API", &r.api), ("RUNLANE_TOKEN_FILE", token_file.to_str().unwrap()), ("RUNLANE_CA_CERT", ca.to_str().unwrap())]);

    // The build's output comes between gcloud's REMOTE BUILD OUTPUT and BUILD FINISHED
    // rules, printed while gcloud waits for the build, before its SUCCESS table.
    let app = oci::source_app();
    let tag = "europe-north1-docker.pkg.dev/default/my-repo/x:1";
    let out = g.ok(&["beta", "builds", "submit", app.path().to_str().unwrap(), "--tag", tag]).all();
    let streamed = out.split("REMOTE BUILD OUTPUT").nth(1).and_then(|rest| rest.split("BUILD FINISHED").next()).unwrap_or_else(|| panic!("no streamed output in:\n{out}"));
    assert!(streamed.contains("STEP 1/") && streamed.contains("Pushed europe-north1-docker.pkg.dev/default/my-repo/x@sha256:"), "{out}\n{}", r.log());
    assert_eq!(streamed.matches("Pushed ").count(), 1, "each line once: {streamed}");
    assert!(out.find("BUILD FINISHED").unwrap() < out.find("SUCCESS").unwrap(), "{out}");

    // gcloud beta logging tail: request entries as they are logged, once each, in order.
    let deployed = std::process::Command::new(bin())
        .args(["deploy", "hello", "--image", "runlane/hello"])
        .env("RUNLANE_API", &r.api)
        .env("RUNLANE_TOKEN_FILE", &token_file)
        .env("RUNLANE_CA_CERT", &ca)
        .env_remove("RUNLANE_NAMESPACE")
        .output()
        .unwrap();
    assert!(deployed.status.success(), "{}", String::from_utf8_lossy(&deployed.stderr));
    let printed = certs.path().join("tail.out");
    let mut tail = g
        .command(&["beta", "logging", "tail", r#"logName:"requests" AND httpRequest.requestUrl:"/tailed-""#, "--format=value(http_request.request_url)"])
        .stdout(std::fs::File::create(&printed).unwrap())
        .stderr(std::fs::File::create(certs.path().join("tail.err")).unwrap())
        .spawn()
        .unwrap();
    let urls = || std::fs::read_to_string(&printed).unwrap_or_default().lines().map(|l| l.trim().trim_start_matches("http://hello.localhost").to_owned()).collect::<Vec<_>>();
    let mut warm = 0;
    eventually(std::time::Duration::from_secs(60), "gcloud's tail to print a request", || {
        warm += 1;
        let r = &r;
        let urls = &urls;
        async move {
            r.get("hello.localhost", &format!("/tailed-warm-{warm}")).await.unwrap();
            urls().iter().any(|u| u.starts_with("/tailed-warm-")).then_some(())
        }
    })
    .await;
    for i in 0..5 {
        assert_eq!(r.get("hello.localhost", &format!("/tailed-{i}")).await.unwrap().0, 200);
    }
    eventually(std::time::Duration::from_secs(30), "the last request, tailed", || async { urls().contains(&"/tailed-4".to_owned()).then_some(()) }).await;
    tail.kill().unwrap();
    tail.wait().unwrap();
    let urls = urls();
    let warmed: Vec<&String> = urls.iter().filter(|u| u.starts_with("/tailed-warm-")).collect();
    let after: Vec<&str> = urls.iter().filter(|u| !u.starts_with("/tailed-warm-")).map(String::as_str).collect();
    assert_eq!(after, ["/tailed-0", "/tailed-1", "/tailed-2", "/tailed-3", "/tailed-4"], "{urls:?}");
    assert!(urls[..warmed.len()].iter().all(|u| u.starts_with("/tailed-warm-")), "the warm-ups first: {urls:?}");
    let mut unique = warmed.clone();
    unique.dedup();
    assert_eq!(unique.len(), warmed.len(), "each once: {urls:?}");
}
