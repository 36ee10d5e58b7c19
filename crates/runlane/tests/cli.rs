//! The `runlane` CLI against a real `runlane up`: the Cloud Run walkthrough in
//! runlane's own commands, with gcloud's semantics and output.

use runlane_test_support::Runlane;
use std::path::Path;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_canary_by_tag_then_roll_back() {
    let r = Runlane::start(bin()).unwrap();
    let out = r.cli(&["deploy", "jokes", "--image", "runlane/hello", "--tag", "good"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let port = r.router_port;
    assert!(stderr(&out).contains("is serving 100 percent of traffic"), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("Service URL: http://jokes.localhost:{port}")), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("http://good---jokes.localhost:{port}")), "{}", stderr(&out));

    let out = r.cli(&["deploy", "jokes", "--image", "runlane/hello", "--set-env-vars", "FAIL_PERCENT=100", "--tag", "next", "--no-traffic"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("is serving 0 percent of traffic"), "{}", stderr(&out));
    let (status, body) = r.get("jokes.localhost", "/").await.unwrap();
    assert_eq!(status, 200, "--no-traffic must keep the split: {body}");
    let (status, _) = r.get("next---jokes.localhost", "/").await.unwrap();
    assert_eq!(status, 500);

    let table = r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "next=10"]);
    assert!(table.contains("90%") && table.contains("10%"), "{table}");
    let mut errors = 0;
    for _ in 0..1000 {
        if r.get("jokes.localhost", "/").await.unwrap().0 == 500 {
            errors += 1;
        }
    }
    assert_eq!(errors, 100, "exactly 10% of 1,000 requests go to the failing canary");

    let url = r.cli_ok(&["services", "describe", "jokes", "--format", "value(status.url)"]);
    assert_eq!(url.trim(), format!("http://jokes.localhost:{port}"));
    let revisions = r.cli_ok(&["revisions", "list", "--service", "jokes"]);
    assert_eq!(revisions.lines().filter(|l| l.contains("jokes-0000")).count(), 2, "{revisions}");

    r.cli_ok(&["services", "update-traffic", "jokes", "--to-tags", "good=100"]);
    for _ in 0..200 {
        assert_eq!(r.get("jokes.localhost", "/").await.unwrap().0, 200);
    }
    let json = r.cli_ok(&["services", "describe", "jokes", "--format", "json"]);
    let service: serde_json::Value = serde_json::from_str(&json).unwrap();
    let traffic = service["spec"]["traffic"].as_array().unwrap();
    assert_eq!(traffic.iter().filter(|t| t["percent"] == 100).count(), 1, "{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proportional_update_traffic_and_decimal_canaries() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "p", "--image", "runlane/hello", "--revision-suffix", "a"]);
    r.cli_ok(&["deploy", "p", "--image", "runlane/hello", "--revision-suffix", "b", "--no-traffic"]);
    r.cli_ok(&["deploy", "p", "--image", "runlane/hello", "--revision-suffix", "c", "--no-traffic"]);
    r.cli_ok(&["services", "update-traffic", "p", "--to-revisions", "p-a=50,p-b=50"]);
    // --to-revisions c=20 alone moves the other 80% in proportion, as gcloud does.
    r.cli_ok(&["services", "update-traffic", "p", "--to-revisions", "p-c=20"]);
    let json = r.cli_ok(&["services", "describe", "p", "--format", "json"]);
    let service: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut split: Vec<(String, f64)> = service["spec"]["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| Some((t["revisionName"].as_str()?.to_owned(), t["percent"].as_f64()?)))
        .collect();
    split.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(split, vec![("p-a".into(), 40.0), ("p-b".into(), 40.0), ("p-c".into(), 20.0)]);

    r.cli_ok(&["services", "update-traffic", "p", "--to-revisions", "p-a=99.9,p-b=0.1"]);
    let json = r.cli_ok(&["services", "describe", "p", "--format", "json"]);
    assert!(json.contains("99.9") && json.contains("0.1"), "{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deploy_that_cannot_start_fails_with_the_reason_and_keeps_traffic() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "svc", "--image", "runlane/hello"]);
    let out = r.cli(&["deploy", "svc", "--command", "sh", "--args=-c,echo missing DATABASE_URL >&2; exit 3"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Deployment failed"), "{err}");
    assert!(err.contains("exited with status 3") && err.contains("missing DATABASE_URL"), "{err}");
    let (status, _) = r.get("svc.localhost", "/").await.unwrap();
    assert_eq!(status, 200, "the old revision keeps serving");

    // A new service from an image whose registry does not answer: refused, naming the image.
    let out = r.cli(&["deploy", "other", "--image", "127.0.0.1:9/example/app:1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("spec.template.spec.containers[0].image") && stderr(&out).contains("127.0.0.1:9/example/app:1"), "{}", stderr(&out));

    let out = r.cli(&["services", "update-traffic", "svc", "--to-revisions", "svc-nope=100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("revisionName"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_from_yaml_delete_and_refusals() {
    let r = Runlane::start(bin()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("svc.yaml");
    std::fs::write(
        &yaml,
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: yam\nspec:\n  template:\n    metadata:\n      annotations:\n        autoscaling.knative.dev/maxScale: \"3\"\n    spec:\n      containerConcurrency: 10\n      containers:\n        - image: runlane/hello\n          env:\n            - name: GREETING\n              value: hi\n",
    )
    .unwrap();
    r.cli_ok(&["services", "replace", yaml.to_str().unwrap()]);
    r.cli_ok(&["services", "replace", yaml.to_str().unwrap()]);
    let revisions = r.cli_ok(&["revisions", "list", "--service", "yam"]);
    assert_eq!(revisions.lines().filter(|l| l.contains("yam-0000")).count(), 1, "an identical template makes no new revision: {revisions}");
    let (status, _) = r.get("yam.localhost", "/").await.unwrap();
    assert_eq!(status, 200);

    let name = revisions.lines().find_map(|l| l.split_whitespace().find(|w| w.starts_with("yam-0000"))).unwrap().to_owned();
    let out = r.cli(&["revisions", "delete", &name]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("FAILED_PRECONDITION"), "{}", stderr(&out));

    r.cli_ok(&["services", "delete", "yam"]);
    let out = r.cli(&["services", "describe", "yam"]);
    assert_eq!(out.status.code(), Some(1));
    let (status, _) = r.get("yam.localhost", "/").await.unwrap();
    assert_eq!(status, 404);
}

/// With a data dir of its own, `runlane up` prints the exact line that points the CLI
/// (and `runlane gcloud-config`) at it; without the token, gcloud-config says which file
/// to pass instead of pointing at itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_default_data_dir_says_how_to_reach_it() {
    use std::io::BufRead;
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(bin())
        .args(["up", "--api-addr", "127.0.0.1:0", "--router-port", "0", "--runtime", "process", "--data-dir"])
        .arg(data.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let token = data.path().join("api-token");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut api = None;
    let cli_line = loop {
        let line = lines.next().expect("runlane up printed no cli line").unwrap();
        if let Some(url) = line.trim().strip_prefix("api") {
            api = Some(url.trim().to_owned());
        }
        if line.trim_start().starts_with("cli ") {
            break line;
        }
    };
    let api = api.expect("an api line before the cli line");
    assert!(cli_line.contains(&format!("export RUNLANE_API={api} RUNLANE_TOKEN_FILE={}", token.display())), "{cli_line}");

    let empty_home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin())
        .args(["--api", &api, "gcloud-config"])
        .env("XDG_DATA_HOME", empty_home.path())
        .env("HOME", empty_home.path())
        .env_remove("RUNLANE_TOKEN_FILE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&format!("runlane --token-file {} gcloud-config", token.display())), "{err}");

    let out = std::process::Command::new(bin())
        .args(["--api", &api, "--token-file"])
        .arg(&token)
        .arg("gcloud-config")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
    child.wait().unwrap();
}

/// `logs read --limit` above the server's page size (1,000, as Cloud Logging's) follows
/// the pages and prints as many entries as asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_read_limit_above_one_page() {
    let r = Runlane::start(bin()).unwrap();
    let out = r.cli(&["deploy", "many", "--image", "runlane/hello"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for _ in 0..1300 {
        assert_eq!(r.get("many.localhost", "/").await.unwrap().0, 200);
    }
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let out = r.cli(&["logs", "read", "many", "--limit", "1200", "--log-filter", "httpRequest.status=200"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let lines = String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.contains(" GET 200 ")).count();
        if lines == 1200 {
            break;
        }
        assert!(lines < 1200, "{lines} lines for --limit 1200");
        assert!(tokio::time::Instant::now() < deadline, "only {lines} of 1200 entries after 30 s");
    }
}

/// A service deployed in a gcloud project (a namespace) and looked up without one: the
/// error says which project has it and how to reach it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_miss_in_one_project_names_the_project_that_has_it() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello", "--namespace", "my-journey-4711"]);
    for args in [
        vec!["services", "describe", "jokes"],
        vec!["services", "update-traffic", "jokes", "--to-latest"],
        vec!["services", "delete", "jokes"],
    ] {
        let out = r.cli(&args);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("It is in project my-journey-4711: pass --namespace my-journey-4711 or set RUNLANE_NAMESPACE=my-journey-4711."),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let revision = r.cli_ok(&["revisions", "list", "--namespace", "my-journey-4711", "--format", "value(metadata.name)"]);
    let out = r.cli(&["revisions", "describe", revision.trim()]);
    assert!(stderr(&out).contains("It is in project my-journey-4711"), "{}", stderr(&out));
    // Where nothing has the name, the message stays as it was.
    let out = r.cli(&["services", "describe", "nothing"]);
    assert!(stderr(&out).ends_with("list them with \"runlane services list\".\n"), "{}", stderr(&out));
}

/// An app's log lines and env values carrying terminal escape codes
/// (clear the screen, set the window title, recolour) are printed written out by `logs
/// read` and `services describe`, never as raw control characters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_codes_from_apps_are_printed_written_out() {
    let r = Runlane::start(bin()).unwrap();
    let script = format!(
        "printf '\\033]0;owned\\007\\033[2J evil line\\n'; exec {} hello",
        bin().display()
    );
    r.cli_ok(&[
        "deploy",
        "svc",
        "--command",
        "sh",
        &format!("--args=-c,{script}"),
        "--set-env-vars",
        "COLOUR=\x1b[31mred\x1b[0m",
    ]);
    let describe = r.cli_ok(&["services", "describe", "svc"]);
    assert!(!describe.contains('\x1b'), "{describe:?}");
    assert!(describe.contains("\\u{1b}[31mred\\u{1b}[0m"), "{describe}");
    let logs = runlane_test_support::eventually(
        std::time::Duration::from_secs(20),
        "the app's line in the log store",
        || async {
            let out = r.cli_ok(&["logs", "read", "svc"]);
            out.contains("evil line").then_some(out)
        },
    )
    .await;
    assert!(!logs.contains('\x1b') && !logs.contains('\x07'), "{logs:?}");
    assert!(logs.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J evil line"), "{logs}");
}

/// A revision that listens, then dies on every request, is shown as
/// not ready, with the reason: `services describe` (✘ and Knative's RevisionFailed
/// message), and the revision's Ready and ContainerHealthy conditions (CrashLoopBackOff).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_looping_revision_is_not_ready() {
    let r = Runlane::start(bin()).unwrap();
    // One instance: the autoscaler answering the queued requests with fresh instances
    // would make the loop take longer to show, not change what it shows.
    r.cli_ok(&["deploy", "svc", "--image", "runlane/hello", "--max-instances", "1"]);
    let describe = r.cli_ok(&["services", "describe", "svc"]);
    assert!(describe.starts_with('✔'), "{describe}");
    // Every request crashes the instance (the sample app's /crash): poll while crashing.
    let describe = runlane_test_support::eventually(
        std::time::Duration::from_secs(60),
        "services describe to show the crash loop",
        || async {
            let _ = r.get("svc.localhost", "/crash").await;
            let out = r.cli_ok(&["services", "describe", "svc"]);
            out.starts_with('✘').then_some(out)
        },
    )
    .await;
    assert!(describe.contains("failed with message: Container failed with:") && describe.contains("502"), "{describe}");
    let (_, revisions) = r.api_json("GET", "/apis/serving.knative.dev/v1/namespaces/default/revisions", None).await.unwrap();
    let conditions = &revisions["items"][0]["status"]["conditions"];
    let condition = |kind: &str| conditions.as_array().unwrap().iter().find(|c| c["type"] == kind).cloned().unwrap();
    for kind in ["Ready", "ContainerHealthy"] {
        let c = condition(kind);
        assert_eq!((c["status"].as_str(), c["reason"].as_str()), (Some("False"), Some("CrashLoopBackOff")), "{conditions}");
    }
}

/// The tutorial's windows-based SLO from the CLI: created, described in windows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_based_slo_from_the_cli() {
    let r = Runlane::start(bin()).unwrap();
    r.cli_ok(&["deploy", "jokes", "--image", "runlane/hello"]);
    let out = r.cli(&["slo", "create", "jokes", "--availability", "--windows", "5m", "--window-goal", "95", "--goal", "95", "--rolling", "1d"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Error budget: 5% of the 288 windows of 5m in every 1d (14.4 bad windows); a window is good when 95% of its requests are."), "{}", stderr(&out));
    let slo = r.cli_ok(&["slo", "describe", "jokes", "availability-windows", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&slo).unwrap();
    let w = &v["slo"]["serviceLevelIndicator"]["windowsBased"];
    assert_eq!(w["windowPeriod"], "300s", "{v:#}");
    assert_eq!(w["goodTotalRatioThreshold"]["threshold"], 0.95, "{v:#}");
    assert!(w["goodTotalRatioThreshold"]["performance"]["goodTotalRatio"].is_object(), "{v:#}");
    assert_eq!(v["events"]["unit"], "windows", "{v:#}");
    let text = r.cli_ok(&["slo", "describe", "jokes", "availability-windows"]);
    assert!(text.contains("no whole window with data in the period yet"), "{text}");
    // --window-goal needs --windows, and the other way round.
    let out = r.cli(&["slo", "create", "jokes", "--availability", "--windows", "5m", "--goal", "95"]);
    assert!(!out.status.success() && stderr(&out).contains("--window-goal"), "{}", stderr(&out));
}

/// The router listens where `--router-addr` says (repeatable, instead of the loopback
/// pair of `--router-port`), and `runlane up`'s log carries no terminal escape codes when
/// stderr is a file, or is one JSON object a line with `--log-format json`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_router_listens_where_router_addr_says_and_the_log_suits_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let r = Runlane::start_in_with(bin(), &tmp.path().join("data"), 0, &["--router-addr", "127.0.0.3:0", "--router-addr", "[::1]:0", "--log-format", "json"]).unwrap();
    let out = r.cli(&["deploy", "hello", "--image", "runlane/hello"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let port = r.router_port;
    let (status, body) = r.client.request("GET", &format!("127.0.0.3:{port}"), "hello.localhost", "/", Default::default()).await.unwrap();
    assert_eq!(status, 200, "through 127.0.0.3: {body}");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the router is not on 127.0.0.1 when --router-addr names other addresses");
    let log = r.log();
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(entry["level"].is_string() && entry["fields"].is_object(), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("open-file limit")), "the first log line is kept: {log}");

    let text = Runlane::start(bin()).unwrap();
    let log = text.log();
    assert!(log.contains("INFO") && !log.contains('\u{1b}'), "escape codes in a log written to a file:\n{log}");

    let out = std::process::Command::new(bin()).args(["up", "--router-port", "1", "--router-addr", "127.0.0.1:0"]).output().unwrap();
    assert!(!out.status.success() && stderr(&out).contains("--router-addr") && stderr(&out).contains("--router-port"), "{}", stderr(&out));
}

/// `runlane up --config FILE`: every flag is a setting of the file (TOML, the flag's name
/// without dashes); a flag beats its RUNLANE_* variable, which beats the file, which beats
/// the default; `--print-config` shows the result with where each came from and
/// passwords masked; an unknown setting or a bad value says so and starts nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs systemd-analyze; scripts/test.sh runs it"]
async fn up_reads_a_config_file_under_flags_and_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("runlane.toml");
    std::fs::write(
        &file,
        "router-port = 9191\nqueue-depth = 3\ndomain = \"file.test\"\nnew-services = \"public\"\n\
         registry-mirror = [\"gcr.io=http://127.0.0.1:5000\", \"docker.io=http://127.0.0.1:5001\"]\n\
         smtp-url = \"smtp://alice:s3cret@127.0.0.1:2525\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin())
        .args(["up", "--config"])
        .arg(&file)
        .args(["--queue-depth", "7", "--print-config"])
        .env("RUNLANE_DOMAIN", "env.test")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    for line in [
        "queue-depth = \"7\"  # flag",
        "domain = \"env.test\"  # environment (RUNLANE_DOMAIN)",
        "router-port = \"9191\"  # config file",
        "new-services = \"public\"  # config file",
        "registry-mirror = [\"gcr.io=http://127.0.0.1:5000\", \"docker.io=http://127.0.0.1:5001\"]  # config file",
        "smtp-url = \"smtp://alice:****@127.0.0.1:2525\"  # config file",
        "drain-seconds = \"10\"  # default",
    ] {
        assert!(printed.lines().any(|l| l == line), "expected {line:?} in:\n{printed}");
    }
    assert!(!printed.contains("s3cret"), "{printed}");

    // A running platform takes its settings from the file.
    std::fs::write(&file, "domain = \"file.test\"\nlog-format = \"json\"\n").unwrap();
    let r = Runlane::start_in_with(bin(), &tmp.path().join("data"), 0, &["--config", file.to_str().unwrap()]).unwrap();
    let out = r.cli(&["deploy", "hello", "--image", "runlane/hello"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("http://hello.file.test:"), "{}", stderr(&out));
    let (status, _) = r.client.request("GET", &r.router_addr(), "hello.file.test", "/", Default::default()).await.unwrap();
    assert_eq!(status, 200);
    let log = r.log();
    assert!(log.lines().filter(|l| !l.trim().is_empty()).all(|l| l.starts_with('{')), "a JSON log:\n{log}");

    for (text, says) in [("bogus = 1\n", "unknown setting \"bogus\""), ("router-port = \"x\"\n", "came from the config file (--config): router-port"), ("new-services = \"everyone\"\n", "came from the config file (--config): new-services")] {
        std::fs::write(&file, text).unwrap();
        let out = std::process::Command::new(bin()).args(["up", "--config"]).arg(&file).output().unwrap();
        assert!(out.status.code() == Some(2) && stderr(&out).contains(says), "{text}: {}", stderr(&out));
    }
}

/// Under systemd (`Type=notify`): `runlane up` says READY=1, with where it listens, once
/// the router and the API accept connections, and STOPPING=1 when SIGTERM makes it drain.
/// systemd cannot run here (it is not PID 1), so the test binds the notify socket itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_tells_systemd_when_it_is_ready_and_when_it_stops() {
    use std::io::BufRead as _;
    let tmp = tempfile::tempdir().unwrap();
    let socket_path = tmp.path().join("notify");
    let socket = std::os::unix::net::UnixDatagram::bind(&socket_path).unwrap();
    socket.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    let mut child = std::process::Command::new(bin())
        .args(["up", "--api-addr", "127.0.0.1:0", "--router-port", "0", "--data-dir"])
        .arg(tmp.path().join("data"))
        .env("NOTIFY_SOCKET", &socket_path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = socket.recv(&mut buf).expect("a READY=1 from runlane up within 60 s");
    let ready = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(ready.lines().any(|l| l == "READY=1") && ready.contains("STATUS=router on 127.0.0.1:"), "{ready}");
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let router = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.trim().strip_prefix("router   http://").map(|rest| rest.split_whitespace().next().unwrap_or_default().to_owned()))
        .expect("the router's address");
    assert!(ready.contains(&format!("router on {router}")), "{ready} vs {router}");
    std::net::TcpStream::connect(&router).expect("the router listens once READY=1 is said");

    let kill = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let n = socket.recv(&mut buf).expect("a STOPPING=1 after SIGTERM");
    assert_eq!(String::from_utf8_lossy(&buf[..n]).trim(), "STOPPING=1");
    assert!(child.wait().unwrap().success());
}

/// The systemd unit in packaging/ is one systemd accepts (`systemd-analyze verify`).
#[test]
#[ignore = "needs systemd-analyze; scripts/test.sh runs it"]
fn the_systemd_unit_verifies() {
    let unit = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/systemd/runlane.service")).unwrap();
    assert!(unit.contains("Type=notify") && unit.contains("LimitNOFILE="), "{unit}");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("runlane.service");
    std::fs::write(&file, unit.replace("/usr/local/bin/runlane", bin().to_str().unwrap())).unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("systemd-analyze is needed ({e}); apt-get install systemd"));
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
