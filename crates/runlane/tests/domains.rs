//! Domain mappings with unmodified gcloud and the runlane CLI, against
//! the real binary, requests sent through curl `--resolve` to the router:
//! - `domains_are_mapped_listed_routed_and_unmapped_with_gcloud_and_the_cli`:
//!   `gcloud beta run domain-mappings create|list|describe|delete` and `runlane domains
//!   map|list|unmap`; a mapped domain reaches its service over plain HTTP and, with a
//!   certificate file covering it, over HTTPS; the status carries Cloud Run's conditions
//!   (CertificateProvisioned False with the reason when nothing can provide a certificate,
//!   True when a file covers the name) and the A/AAAA records of the router's addresses;
//!   a missing service, a malformed domain and a domain already mapped are refused naming
//!   the field; mappings survive a restart; an unmapped domain gets the router's 404; a
//!   mapping whose service is deleted stays, not routable (DomainRoutable False).
//!
//! Tools: gcloud, curl, openssl; a missing tool fails the test.

use runlane_test_support::tools::{make_ca, make_cert, output_text, system_tool, Gcloud};
use runlane_test_support::Runlane;
use std::path::Path;
use std::process::{Command, Output};

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runlane"))
}

/// curl to `scheme://host:port/` with `host` resolved to loopback: (status, headers and body).
fn curl(scheme: &str, host: &str, port: u16, extra: &[&str]) -> (String, String) {
    let out = Command::new(system_tool("curl", "curl"))
        .args(["-sS", "-i", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}", "--resolve", &format!("{host}:{port}:127.0.0.1")])
        .args(extra)
        .arg(format!("{scheme}://{host}:{port}/"))
        .output()
        .unwrap();
    assert!(out.status.success(), "curl {host}: {}", output_text(&out));
    let all = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = all.rsplit_once('\n').unwrap();
    (code.to_owned(), body.to_ascii_lowercase())
}

fn condition<'v>(mapping: &'v serde_json::Value, kind: &str) -> &'v serde_json::Value {
    mapping["status"]["conditions"].as_array().and_then(|c| c.iter().find(|c| c["type"] == kind)).unwrap_or_else(|| panic!("no {kind} condition: {mapping}"))
}

#[test]
#[ignore = "needs curl, gcloud, openssl; scripts/test.sh runs it"]
fn domains_are_mapped_listed_routed_and_unmapped_with_gcloud_and_the_cli() {
    // A certificate file covering one mapped name (and the service's own), from a test CA.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    make_ca(dir);
    make_cert(dir, "site", "shop.example.com", "DNS:shop.example.com,DNS:jokes.localhost,DNS:localhost,DNS:run.localhost,DNS:us-central1-run.localhost,IP:127.0.0.1");
    let (cert, key, ca) = (dir.join("site.pem"), dir.join("site.key"), dir.join("ca.pem"));
    let data = dir.join("data");
    let flags = ["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap(), "--plain-http", "serve"];
    let mut r = Runlane::start_in_with(bin(), &data, 0, &flags).unwrap();
    let https = r.https_port.expect("an HTTPS port");
    // The admin API speaks TLS with the file certificate: the CLI and gcloud trust the CA.
    let cli = |r: &Runlane, args: &[&str]| -> Output {
        Command::new(bin())
            .args(args)
            .env("RUNLANE_API", &r.api)
            .env("RUNLANE_TOKEN_FILE", r.token_file())
            .env("RUNLANE_CA_CERT", &ca)
            .env_remove("RUNLANE_NAMESPACE")
            .output()
            .unwrap()
    };
    let out = cli(&r, &["deploy", "jokes", "--image", "runlane/hello"]);
    assert!(out.status.success(), "{}", output_text(&out));

    // runlane domains map: the records to create, and why no certificate is served yet.
    let out = cli(&r, &["domains", "map", "jokes", "jokes.example.com"]);
    let printed = output_text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("Mapped jokes.example.com to service jokes"), "{printed}");
    assert!(printed.contains("jokes  A            127.0.0.1") && printed.contains("AAAA") && printed.contains("::1"), "{printed}");
    assert!(printed.contains("no certificate source configured: pass --tls-cert covering jokes.example.com or --acme-directory"), "{printed}");
    let (code, page) = curl("http", "jokes.example.com", r.router_port, &[]);
    assert_eq!(code, "200", "{page}");
    assert!(page.contains("x-runlane-revision: jokes-00001"), "{page}");

    // Refusals name the field and change nothing.
    for (args, expected) in [
        (vec!["domains", "map", "nope", "a.example.com"], "spec.routeName: service \"nope\" does not exist"),
        (vec!["domains", "map", "jokes", "*.example.com"], "metadata.name: \"*.example.com\" is not a domain that can be mapped: a wildcard"),
        (vec!["domains", "map", "jokes", "bad_name.example.com"], "metadata.name"),
        (vec!["domains", "map", "jokes", "JOKES.example.com"], "jokes.example.com is already mapped to service \"jokes\""),
    ] {
        let out = cli(&r, &args);
        assert!(!out.status.success() && output_text(&out).contains(expected), "{args:?}: {}", output_text(&out));
    }

    // gcloud, unmodified, over the same API.
    let g = Gcloud::new();
    let token_file = r.token_file();
    g.configure_from(bin(), &[("RUNLANE_API", &r.api), ("RUNLANE_TOKEN_FILE", token_file.to_str().unwrap()), ("RUNLANE_CA_CERT", ca.to_str().unwrap())]);
    let created = g.ok(&["beta", "run", "domain-mappings", "create", "--service", "jokes", "--domain", "shop.example.com"]);
    assert!(created.all().contains("shop") && created.all().contains("127.0.0.1"), "{}", created.all());
    let described = g.json(&["beta", "run", "domain-mappings", "describe", "--domain", "shop.example.com"]);
    assert_eq!(described["spec"]["routeName"], "jokes", "{described}");
    // The file certificate covers shop.example.com: provisioned and ready.
    assert_eq!(condition(&described, "CertificateProvisioned")["status"], "True", "{described}");
    assert_eq!(condition(&described, "DomainRoutable")["status"], "True", "{described}");
    assert_eq!(condition(&described, "Ready")["status"], "True", "{described}");
    // gcloud's table: ready or not, and the service's region.
    let table = g.ok(&["beta", "run", "domain-mappings", "list"]).stdout;
    let line = |domain: &str| table.lines().find(|l| l.contains(domain)).unwrap_or_else(|| panic!("{table}")).trim().to_owned();
    assert!(line("shop.example.com").starts_with('✔') && line("shop.example.com").ends_with("us-central1"), "{table}");
    assert!(line("jokes.example.com").starts_with('X'), "{table}");
    let listed = g.json(&["beta", "run", "domain-mappings", "list"]);
    let names: Vec<&str> = listed.as_array().unwrap().iter().filter_map(|m| m["metadata"]["name"].as_str()).collect();
    assert_eq!(names, ["jokes.example.com", "shop.example.com"], "{listed}");
    let jokes = listed.as_array().unwrap().iter().find(|m| m["metadata"]["name"] == "jokes.example.com").unwrap();
    assert_eq!(condition(jokes, "CertificateProvisioned")["status"], "False", "{jokes}");
    assert_eq!(condition(jokes, "CertificateProvisioned")["reason"], "NoCertificateSource", "{jokes}");
    assert_eq!(condition(jokes, "Ready")["status"], "False", "{jokes}");
    let conflict = g.fails(&["beta", "run", "domain-mappings", "create", "--service", "jokes", "--domain", "shop.example.com"]);
    assert!(conflict.contains("already exists"), "{conflict}");
    let missing = g.fails(&["beta", "run", "domain-mappings", "create", "--service", "nope", "--domain", "x.example.com"]);
    assert!(missing.contains("spec.routeName"), "{missing}");

    // Over HTTPS with the certificate covering the mapped name, verified against the CA.
    let (code, page) = curl("https", "shop.example.com", https, &["--cacert", ca.to_str().unwrap()]);
    assert_eq!(code, "200", "{page}");
    assert!(page.contains("x-runlane-revision: jokes-00001"), "{page}");

    // The CLI lists both; mappings survive a restart.
    let out = cli(&r, &["domains", "list"]);
    let listed = output_text(&out);
    assert!(listed.contains("jokes.example.com  jokes    False  False (NoCertificateSource)"), "{listed}");
    assert!(listed.contains("shop.example.com   jokes    True   True"), "{listed}");
    r.stop();
    let r = Runlane::start_in_with(bin(), &data, 0, &flags).unwrap();
    let https = r.https_port.unwrap();
    let (code, _) = curl("https", "shop.example.com", https, &["--cacert", ca.to_str().unwrap()]);
    assert_eq!(code, "200");

    // Unmapped with gcloud and the CLI: the router no longer knows the names.
    g.configure_from(bin(), &[("RUNLANE_API", &r.api), ("RUNLANE_TOKEN_FILE", token_file.to_str().unwrap()), ("RUNLANE_CA_CERT", ca.to_str().unwrap())]);
    g.ok(&["beta", "run", "domain-mappings", "delete", "--domain", "shop.example.com"]);
    let out = cli(&r, &["domains", "unmap", "jokes.example.com"]);
    assert!(out.status.success() && output_text(&out).contains("Unmapped jokes.example.com"), "{}", output_text(&out));
    let (code, page) = curl("http", "jokes.example.com", r.router_port, &[]);
    assert_eq!(code, "404", "{page}");
    let out = cli(&r, &["domains", "unmap", "jokes.example.com"]);
    assert!(!out.status.success() && output_text(&out).contains("does not exist"), "{}", output_text(&out));
    let out = cli(&r, &["domains", "list"]);
    assert!(output_text(&out).contains("Listed 0 items."), "{}", output_text(&out));

    // A mapping outlives its service, as on Cloud Run, but no longer routes.
    assert!(cli(&r, &["domains", "map", "jokes", "kept.example.com"]).status.success());
    assert!(cli(&r, &["services", "delete", "jokes"]).status.success());
    let kept = g.json(&["beta", "run", "domain-mappings", "describe", "--domain", "kept.example.com"]);
    assert_eq!(condition(&kept, "DomainRoutable")["status"], "False", "{kept}");
    assert!(condition(&kept, "DomainRoutable")["message"].as_str().unwrap().contains("service \"jokes\" does not exist"), "{kept}");
    assert_eq!(condition(&kept, "Ready")["status"], "False", "{kept}");
    let (code, _) = curl("http", "kept.example.com", r.router_port, &[]);
    assert_eq!(code, "404");
}
