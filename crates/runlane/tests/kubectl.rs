//! Knative users' own tool: the real `kubectl`, pointed at a real
//! `runlane up` over HTTPS (a test CA made with openssl) by the kubeconfig that
//! `runlane kubeconfig` prints, drives the Knative API as it would a cluster running
//! Knative Serving:
//! - `kubectl_drives_knative_services_over_https`: `api-resources` lists the Knative
//!   kinds with their short names; `apply -f service.yaml` creates a service that `get
//!   ksvc` shows with its URL and READY True (Knative's printer columns); `get ksvc -o
//!   yaml` shows the object with kubectl's last-applied annotation; applying a changed
//!   file makes a new revision that `get revisions` lists, and applying it again makes
//!   none; a field runlane does not read
//!   is refused by name (`fieldValidation=Strict`, kubectl's default); another
//!   namespace is empty; `get -w` is refused by name; `delete ksvc` removes the service and `get` then says NotFound.
//!
//! Tools: kubectl (google-cloud-cli's `kubectl` package), openssl; a missing tool fails
//! the test.

use runlane_test_support::tools::{make_certificates, require};
use runlane_test_support::{eventually, Runlane};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// kubectl with one kubeconfig and a private home (its discovery cache lives there).
struct Kubectl {
    binary: PathBuf,
    kubeconfig: PathBuf,
    home: PathBuf,
}

/// What kubectl printed: whether it succeeded, then stdout and stderr.
struct Out {
    ok: bool,
    text: String,
}

impl Kubectl {
    fn run(&self, args: &[&str]) -> Out {
        let out = Command::new(&self.binary).args(args).env("KUBECONFIG", &self.kubeconfig).env("HOME", &self.home).output().expect("run kubectl");
        Out { ok: out.status.success(), text: format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)) }
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.ok, "kubectl {args:?} failed:\n{}", out.text);
        out.text
    }
}

/// The row of `name` in kubectl's table output, split into cells.
fn row(table: &str, name: &str) -> Option<Vec<String>> {
    table.lines().map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>()).find(|cells| cells.first().map(String::as_str) == Some(name))
}

fn service_yaml(greeting: &str) -> String {
    format!(
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: jokes\nspec:\n  template:\n    spec:\n      containers:\n      - image: runlane/hello\n        env:\n        - name: GREETING\n          value: {greeting}\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kubectl, openssl; scripts/test.sh runs it"]
async fn kubectl_drives_knative_services_over_https() {
    let kubectl_binary = require("kubectl", "RUNLANE_KUBECTL", "google-cloud-cli's kubectl package (apt-get install kubectl from Google Cloud's apt repository; scripts/test.sh says how)");
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(tmp.path());
    // The certificates are for the API kubectl talks to; the router keeps serving plain
    // HTTP (it would redirect to its HTTPS listener otherwise), so service URLs are http://.
    let runlane = Runlane::start_with(bin(), &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap(), "--plain-http", "serve"]).unwrap();
    assert!(runlane.api.starts_with("https://"), "{}", runlane.api);

    // The kubeconfig runlane prints: the https server, the CA, the token file.
    let out = Command::new(bin())
        .arg("kubeconfig")
        .env("RUNLANE_API", &runlane.api)
        .env("RUNLANE_TOKEN_FILE", runlane.token_file())
        .env("RUNLANE_CA_CERT", &ca)
        .env_remove("RUNLANE_NAMESPACE")
        .output()
        .unwrap();
    assert!(out.status.success(), "runlane kubeconfig: {}", String::from_utf8_lossy(&out.stderr));
    let kubeconfig = tmp.path().join("kubeconfig");
    std::fs::write(&kubeconfig, &out.stdout).unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let k = Kubectl { binary: kubectl_binary, kubeconfig, home };

    let resources = k.ok(&["api-resources"]);
    let services = row(&resources, "services").unwrap_or_else(|| panic!("no services in:\n{resources}"));
    assert_eq!(services, ["services", "kservice,ksvc", "serving.knative.dev/v1", "true", "Service"], "{resources}");
    let revisions = row(&resources, "revisions").unwrap_or_else(|| panic!("no revisions in:\n{resources}"));
    assert_eq!(revisions, ["revisions", "rev", "serving.knative.dev/v1", "true", "Revision"], "{resources}");

    // Create from a file, as the Knative docs do.
    let file = tmp.path().join("service.yaml");
    std::fs::write(&file, service_yaml("one")).unwrap();
    let applied = k.ok(&["apply", "-f", file.to_str().unwrap()]);
    assert!(applied.contains("service.serving.knative.dev/jokes created"), "{applied}");
    let url = format!("http://jokes.localhost:{}", runlane.router_port);
    let first = eventually(Duration::from_secs(60), "kubectl get ksvc to show jokes ready", || {
        let table = k.ok(&["get", "ksvc"]);
        let url = url.clone();
        async move {
            assert!(table.lines().next().is_some_and(|h| h.split_whitespace().eq(["NAME", "URL", "LATESTCREATED", "LATESTREADY", "READY", "REASON"])), "{table}");
            let cells = row(&table, "jokes")?;
            (cells.len() == 5 && cells[1] == url && cells[2] == cells[3] && cells[4] == "True").then(|| cells[2].clone())
        }
    })
    .await;
    assert!(first.starts_with("jokes-00001-"), "{first}");
    let yaml = k.ok(&["get", "ksvc", "jokes", "-o", "yaml"]);
    for want in ["kind: Service", "name: jokes", "kubectl.kubernetes.io/last-applied-configuration", "value: one", &format!("url: {url}")] {
        assert!(yaml.contains(want), "{want:?} missing from:\n{yaml}");
    }
    let (code, body) = runlane.get("jokes.localhost", "/").await.unwrap();
    assert_eq!(code, 200, "{body}");

    // A changed file: a JSON merge patch, and a new revision.
    std::fs::write(&file, service_yaml("two")).unwrap();
    let applied = k.ok(&["apply", "-f", file.to_str().unwrap()]);
    assert!(applied.contains("service.serving.knative.dev/jokes configured"), "{applied}");
    let second = eventually(Duration::from_secs(60), "the applied change to become the ready revision", || {
        let table = k.ok(&["get", "ksvc", "jokes"]);
        let first = first.clone();
        async move {
            let cells = row(&table, "jokes")?;
            (cells.len() == 5 && cells[3] != first && cells[2] == cells[3] && cells[4] == "True").then(|| cells[3].clone())
        }
    })
    .await;
    assert!(second.starts_with("jokes-00002-"), "{second}");
    let revisions = k.ok(&["get", "revisions"]);
    assert!(revisions.lines().next().is_some_and(|h| h.starts_with("NAME") && h.contains("CONFIG NAME") && h.contains("GENERATION")), "{revisions}");
    let second_row = row(&revisions, &second).unwrap_or_else(|| panic!("{second} missing from:\n{revisions}"));
    assert_eq!(second_row[1..4], ["jokes", "2", "True"], "{revisions}");
    assert!(row(&revisions, &first).is_some(), "{first} missing from:\n{revisions}");
    assert!(k.ok(&["get", "ksvc", "jokes", "-o", "yaml"]).contains("value: two"));
    // Applying the same file again makes no revision (Knative's rule: same template, same revision).
    k.ok(&["apply", "-f", file.to_str().unwrap()]);
    let names = k.ok(&["get", "revisions", "-o", "name"]);
    assert_eq!(names.lines().count(), 2, "{names}");

    // A field runlane does not read is refused by its path, and nothing changes.
    let bad = tmp.path().join("bad.yaml");
    std::fs::write(&bad, service_yaml("three").replace("      - image:", "      - imagePullPolicyX: Always\n        image:")).unwrap();
    let refused = k.run(&["apply", "-f", bad.to_str().unwrap()]);
    assert!(!refused.ok && refused.text.contains("spec.template.spec.containers.0.imagePullPolicyX") && refused.text.contains("fieldValidation=Strict"), "{}", refused.text);
    assert!(k.ok(&["get", "ksvc", "jokes", "-o", "yaml"]).contains("value: two"));

    // Watching is refused, saying so, rather than answered with a list.
    let watch = k.run(&["get", "ksvc", "-w"]);
    assert!(!watch.ok && watch.text.contains("watching (kubectl get -w) is not supported"), "{}", watch.text);

    // Namespaces are separate.
    let other = k.ok(&["get", "ksvc", "-n", "other"]);
    assert!(other.contains("No resources found in other namespace."), "{other}");

    // Delete, then it is gone.
    let deleted = k.ok(&["delete", "ksvc", "jokes"]);
    assert!(deleted.contains("service.serving.knative.dev \"jokes\" deleted"), "{deleted}");
    let gone = k.run(&["get", "ksvc", "jokes"]);
    assert!(!gone.ok && gone.text.contains("Error from server (NotFound)") && gone.text.contains("\"jokes\""), "{}", gone.text);
    let listed = k.ok(&["get", "ksvc"]);
    assert!(listed.contains("No resources found in default namespace."), "{listed}");
}
