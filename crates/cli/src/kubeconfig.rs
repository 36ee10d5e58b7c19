//! `runlane kubeconfig`: prints a kubeconfig that points the real `kubectl` at this
//! runlane's Knative API (`kubectl get ksvc`, `kubectl apply -f service.yaml`, ...).
//! It names the token file (`tokenFile`) rather than copying the token, so the output
//! holds no secret, and the CA file for an https API. kubectl only talks to runlane over
//! https: start `runlane up --tls-cert FILE --tls-key FILE` and pass `--ca-cert`.

use crate::args::GlobalArgs;
use crate::http::{services_path, Api};
use crate::Output;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Checks that the API answers with this token, then prints the kubeconfig.
pub async fn run(api: &Api, global: &GlobalArgs, io: &mut Output) -> anyhow::Result<ExitCode> {
    api.get(&services_path(&global.namespace)).await?;
    let token = crate::gcloud_config::token_file(global.token_file.as_deref())?;
    let ca_cert = global.ca_cert.as_deref().map(std::path::absolute).transpose()?;
    write!(io.out, "{}", kubeconfig(&global.api, &global.namespace, &token, ca_cert.as_deref())?)?;
    Ok(ExitCode::SUCCESS)
}

/// The kubeconfig (YAML, every scalar JSON-quoted so no path or name needs escaping
/// rules of its own) for the API at `api`.
pub fn kubeconfig(api: &str, namespace: &str, token_file: &Path, ca_cert: Option<&Path>) -> anyhow::Result<String> {
    let api = api.trim_end_matches('/');
    anyhow::ensure!(
        api.starts_with("https://"),
        "kubectl talks to runlane over https only, and the API at {api} is plain http; start runlane up with --tls-cert FILE --tls-key FILE, then run runlane --api https://... --ca-cert CA.pem kubeconfig"
    );
    let q = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let path = |p: &Path| q(&p.display().to_string());
    let mut lines = vec![
        format!("# kubectl set-up for the runlane API at {api}: runlane kubeconfig > runlane.kubeconfig; export KUBECONFIG=$PWD/runlane.kubeconfig"),
        "apiVersion: v1".to_owned(),
        "kind: Config".to_owned(),
        "clusters:".to_owned(),
        "- name: runlane".to_owned(),
        "  cluster:".to_owned(),
        format!("    server: {}", q(api)),
    ];
    if let Some(ca) = ca_cert {
        lines.push(format!("    certificate-authority: {}", path(ca)));
    }
    lines.extend([
        "users:".to_owned(),
        "- name: runlane".to_owned(),
        "  user:".to_owned(),
        format!("    tokenFile: {}", path(token_file)),
        "contexts:".to_owned(),
        "- name: runlane".to_owned(),
        "  context:".to_owned(),
        "    cluster: runlane".to_owned(),
        "    user: runlane".to_owned(),
        format!("    namespace: {}", q(namespace)),
        "current-context: runlane".to_owned(),
    ]);
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_server_ca_token_file_and_namespace() {
        let config = kubeconfig("https://127.0.0.1:8484/", "team a", Path::new("/d/api-token"), Some(Path::new("/d/ca.pem"))).unwrap();
        for line in ["    server: \"https://127.0.0.1:8484\"", "    certificate-authority: \"/d/ca.pem\"", "    tokenFile: \"/d/api-token\"", "    namespace: \"team a\"", "current-context: runlane"] {
            assert!(config.lines().any(|l| l == line), "{line:?} missing from:\n{config}");
        }
        let err = kubeconfig("http://127.0.0.1:8484", "default", Path::new("/t"), None).unwrap_err().to_string();
        assert!(err.contains("--tls-cert FILE --tls-key FILE"), "{err}");
    }
}
