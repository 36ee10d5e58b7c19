//! `runlane gcloud-config`: prints the `gcloud config set …` lines that point an unmodified
//! gcloud at the running runlane (`eval "$(runlane gcloud-config)"` applies them).
//!
//! gcloud derives a regional endpoint by putting `{region}-` in front of the override's host,
//! so the override must be a host name, not an IP: `run.localhost` (every `*.localhost` name
//! resolves to loopback with nss-myhostname), whose regional form `us-central1-run.localhost`
//! reaches the same API. The lines are computed by [`lines`], a pure function.

use crate::args::GlobalArgs;
use crate::http::{services_path, Api};
use crate::Output;
use anyhow::Context;
use http::Uri;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The region gcloud uses when none is given (`run/region`).
pub const DEFAULT_REGION: &str = "us-central1";

#[derive(Debug, Clone, clap::Args)]
pub struct GcloudConfigArgs {
    /// The region gcloud uses when a command has no --region (`run/region`).
    #[arg(long, default_value = DEFAULT_REGION, value_name = "REGION")]
    pub region: String,
}

/// Checks that the API answers, finds (or creates) a token file, and prints the lines.
pub async fn run(
    api: &Api,
    global: &GlobalArgs,
    args: &GcloudConfigArgs,
    io: &mut Output,
) -> anyhow::Result<ExitCode> {
    if let Err(e) = api.get(&services_path(&global.namespace)).await {
        if let crate::http::ApiError::Status { code: 401, body } = &e {
            anyhow::bail!("{}", unauthenticated_hint(body));
        }
        return Err(e.into());
    }
    let token = token_file(global.token_file.as_deref())?;
    let ca_cert = global.ca_cert.as_deref().map(std::path::absolute).transpose()?;
    for line in lines(&global.api, &global.namespace, &args.region, &token, ca_cert.as_deref())? {
        writeln!(io.out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What to do when the API refused this CLI's token: point this command (and with it
/// gcloud, which reads the same file) at the token of the runlane that answered, whose
/// path the server names (a non-default `--data-dir`).
fn unauthenticated_hint(body: &str) -> String {
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.pointer("/error/message").and_then(serde_json::Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| body.to_owned());
    let path = message
        .split_once("the API token is in ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .map_or_else(|| "DATA_DIR/api-token".to_owned(), str::to_owned);
    format!(
        "the API refused this request: it has no token, or another runlane's ({}). Pass that runlane's token file, which gcloud will read too: runlane --token-file {path} gcloud-config (or RUNLANE_TOKEN_FILE={path})",
        message.split(';').next().unwrap_or("unauthenticated").trim()
    )
}

/// The shell lines that configure gcloud for the API at `api` (comments start with `#`).
pub fn lines(
    api: &str,
    project: &str,
    region: &str,
    token_file: &Path,
    ca_cert: Option<&Path>,
) -> anyhow::Result<Vec<String>> {
    let endpoint = endpoint(api)?;
    let mut out = vec![format!(
        "# gcloud set-up for the runlane API at {api}; run these lines, or: eval \"$(runlane gcloud-config)\""
    )];
    // run: the Cloud Run Admin API; cloudresourcemanager: `services replace` of a YAML that
    // names its namespace; serviceusage: the "is the API enabled" check; monitoring and
    // logging: alerting and `services logs read`; artifactregistry: `gcloud artifacts
    // repositories` and `docker images list` over runlane's own registry; cloudbuild:
    // `gcloud builds submit|list|describe|log` and the builds of `run deploy --source`;
    // storage: the source archive those two upload before they ask for a build.
    for api in [
        "run",
        "cloudresourcemanager",
        "serviceusage",
        "monitoring",
        "logging",
        "artifactregistry",
        "cloudbuild",
        "storage",
    ] {
        out.push(format!(
            "gcloud config set api_endpoint_overrides/{api} {endpoint}"
        ));
    }
    out.push(format!(
        "gcloud config set auth/access_token_file {}",
        shell_quote(&token_file.display().to_string())
    ));
    if let Some(ca_cert) = ca_cert {
        // An https API with a private CA (or a self-signed certificate): gcloud must trust it.
        out.push(format!(
            "gcloud config set core/custom_ca_certs_file {}",
            shell_quote(&ca_cert.display().to_string())
        ));
    }
    out.push(format!(
        "gcloud config set core/project {}",
        shell_quote(project)
    ));
    out.push("gcloud config set core/should_prompt_to_enable_api false".to_string());
    out.push(format!(
        "gcloud config set run/region {}",
        shell_quote(region)
    ));
    Ok(out)
}

/// `http://127.0.0.1:8484` → `http://run.localhost:8484/` (gcloud needs the trailing `/`);
/// https stays https (the certificate must then name `run.localhost` and
/// `REGION-run.localhost`, e.g. with `*.localhost`).
fn endpoint(api: &str) -> anyhow::Result<String> {
    let uri: Uri = api.trim_end_matches('/').parse().with_context(|| {
        format!("--api {api:?} is not a URL; pass one like http://127.0.0.1:8484")
    })?;
    let host = uri
        .host()
        .context("--api has no host; pass one like http://127.0.0.1:8484")?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().map(|p| format!(":{p}")).unwrap_or_default();
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified());
    let host = if loopback {
        "run.localhost"
    } else if host.parse::<std::net::IpAddr>().is_ok() {
        anyhow::bail!(
            "gcloud puts the region in front of the API's host name, so it cannot reach the API by IP address ({host}); pass --api with a host name whose REGION-HOST names resolve to it"
        )
    } else {
        host
    };
    let path = uri.path().trim_end_matches('/');
    let scheme = if uri.scheme_str() == Some("https") { "https" } else { "http" };
    Ok(format!("{scheme}://{host}{port}{path}/"))
}

/// The token gcloud sends: --token-file (or RUNLANE_TOKEN_FILE), else the token
/// `runlane up` keeps in its default data dir.
pub(crate) fn token_file(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        anyhow::ensure!(
            path.is_file(),
            "the token file {} does not exist; fix --token-file or RUNLANE_TOKEN_FILE",
            path.display()
        );
        return Ok(std::path::absolute(path)?);
    }
    let dir = data_dir().context(
        "neither XDG_DATA_HOME nor HOME is set, so the API token cannot be found; pass --token-file",
    )?;
    let own = dir.join("api-token");
    anyhow::ensure!(
        own.is_file(),
        "no API token at {}; runlane up writes it to DATA_DIR/api-token: pass --token-file DATA_DIR/api-token",
        own.display()
    );
    Ok(own)
}

/// `$XDG_DATA_HOME/runlane`, else `~/.local/share/runlane` (where `runlane up` keeps its data).
fn data_dir() -> Option<PathBuf> {
    let nonempty = |v: &str| {
        std::env::var_os(v)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    nonempty("XDG_DATA_HOME")
        .or_else(|| nonempty("HOME").map(|h| h.join(".local/share")))
        .map(|d| d.join("runlane"))
}

fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:=@%,".contains(&b));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_token_names_the_file_to_pass() {
        let body = r#"{"error":{"code":401,"status":"UNAUTHENTICATED","message":"this request has no Authorization: Bearer token; the API token is in /srv/rl/api-token (the runlane CLI reads it from there, or from --token-file / RUNLANE_TOKEN_FILE; for gcloud run `runlane gcloud-config`)"}}"#;
        let hint = unauthenticated_hint(body);
        assert!(hint.contains("runlane --token-file /srv/rl/api-token gcloud-config"), "{hint}");
        assert!(hint.contains("RUNLANE_TOKEN_FILE=/srv/rl/api-token"), "{hint}");
        assert!(!hint.contains("for gcloud run `runlane gcloud-config`"), "{hint}");
        assert!(unauthenticated_hint("not json").contains("--token-file DATA_DIR/api-token"));
    }

    #[test]
    fn endpoints() {
        for (api, expected) in [
            ("http://127.0.0.1:8484", "http://run.localhost:8484/"),
            ("http://127.0.0.1:8484/", "http://run.localhost:8484/"),
            ("http://[::1]:9000", "http://run.localhost:9000/"),
            ("http://0.0.0.0:8484", "http://run.localhost:8484/"),
            ("http://localhost", "http://run.localhost/"),
            ("https://127.0.0.1:8443", "https://run.localhost:8443/"),
            (
                "http://runlane.example.com:8484/prefix",
                "http://runlane.example.com:8484/prefix/",
            ),
        ] {
            assert_eq!(endpoint(api).unwrap(), expected, "{api}");
        }
        let err = endpoint("http://10.0.0.5:8484").unwrap_err().to_string();
        assert!(
            err.contains("cannot reach the API by IP address (10.0.0.5)"),
            "{err}"
        );
    }

    #[test]
    fn the_lines() {
        let got = lines(
            "http://127.0.0.1:8484",
            "default",
            "us-central1",
            Path::new("/home/a b/tok"),
            None,
        )
        .unwrap();
        let expected = [
            "gcloud config set api_endpoint_overrides/run http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/cloudresourcemanager http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/serviceusage http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/monitoring http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/logging http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/artifactregistry http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/cloudbuild http://run.localhost:8484/",
            "gcloud config set api_endpoint_overrides/storage http://run.localhost:8484/",
            "gcloud config set auth/access_token_file '/home/a b/tok'",
            "gcloud config set core/project default",
            "gcloud config set core/should_prompt_to_enable_api false",
            "gcloud config set run/region us-central1",
        ];
        assert!(got[0].starts_with("# "), "{}", got[0]);
        assert_eq!(got[1..], expected);
        let tls = lines("https://127.0.0.1:8443", "default", "us-central1", Path::new("/t"), Some(Path::new("/etc/ca.pem"))).unwrap();
        assert!(tls.contains(&"gcloud config set core/custom_ca_certs_file /etc/ca.pem".to_string()), "{tls:?}");
        assert!(tls.contains(&"gcloud config set api_endpoint_overrides/run https://run.localhost:8443/".to_string()), "{tls:?}");
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/a/b-c_d.e"), "/a/b-c_d.e");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
