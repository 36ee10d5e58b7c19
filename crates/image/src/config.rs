//! Registry settings (mirrors, plain-HTTP hosts, credentials) and Docker's config.json.
//!
//! Invariant: credentials never reach a log line or a `Debug` string.

use crate::error::ImageError;
use crate::reference::parse_endpoint_url;
use base64::Engine as _;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How images are fetched: mirrors, plain-HTTP hosts and credentials.
#[derive(Clone, Default)]
pub struct RegistryConfig {
    /// registry host (as in the reference, e.g. "gcr.io", "docker.io",
    /// "europe-north1-docker.pkg.dev") -> mirror endpoints tried in order before the
    /// registry itself, e.g. "http://127.0.0.1:5000" (scheme decides http/https), containerd-style.
    pub mirrors: BTreeMap<String, Vec<String>>,
    /// hosts ("host:port") reached over plain HTTP. Loopback hosts (127.0.0.0/8, ::1,
    /// localhost) are always plain-HTTP-allowed.
    pub insecure: BTreeSet<String>,
    /// Where Docker-style credentials are read: a config.json with {"auths": {"host":
    /// {"auth": base64(user:pass)} or {"username","password"}}}. None =
    /// $DOCKER_CONFIG/config.json or ~/.docker/config.json if present.
    pub docker_config: Option<PathBuf>,
    /// Explicit credentials per host (from a `runlane up` flag/env), winning over docker
    /// config. Never logged; Debug redacts them.
    pub credentials: BTreeMap<String, (String, String)>,
    /// Where the docker config's credential helpers (`docker-credential-NAME`) are looked
    /// up, as a PATH; None: this process's PATH.
    pub credential_helper_path: Option<std::ffi::OsString>,
    /// Hosts ("host:port") that are this process's own listener: runlane's registry on its
    /// API address. Over https they are reached without checking the certificate, which
    /// may come from a private CA this process has not been given: a connection to an
    /// address this process itself listens on cannot reach anyone else.
    pub own_hosts: BTreeSet<String>,
}

impl fmt::Debug for RegistryConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hosts: Vec<&String> = self.credentials.keys().collect();
        f.debug_struct("RegistryConfig")
            .field("mirrors", &self.mirrors)
            .field("insecure", &self.insecure)
            .field("docker_config", &self.docker_config)
            .field("credentials", &format_args!("<redacted for {hosts:?}>"))
            .field("credential_helper_path", &self.credential_helper_path)
            .field("own_hosts", &self.own_hosts)
            .finish()
    }
}

impl RegistryConfig {
    /// Parses a mirror flag, "gcr.io=http://127.0.0.1:5000", into (registry, endpoint URL).
    pub fn parse_mirror(s: &str) -> Result<(String, String), ImageError> {
        let invalid = |reason: String| ImageError::InvalidMirror {
            spec: s.to_owned(),
            reason,
        };
        let (host, url) = s
            .split_once('=')
            .ok_or_else(|| invalid("there is no '='".into()))?;
        let (host, url) = (host.trim(), url.trim());
        if host.is_empty() || host.contains('/') || host.contains("://") {
            return Err(invalid(format!(
                "{host:?} is not a registry host such as gcr.io or docker.io"
            )));
        }
        parse_endpoint_url(url).map_err(invalid)?;
        Ok((host.to_owned(), url.trim_end_matches('/').to_owned()))
    }

    /// Checks every mirror URL, so a typo fails at start-up rather than at the first pull.
    pub(crate) fn validate(&self) -> Result<(), ImageError> {
        for (host, urls) in &self.mirrors {
            for url in urls {
                parse_endpoint_url(url).map_err(|reason| ImageError::InvalidMirror {
                    spec: format!("{host}={url}"),
                    reason,
                })?;
            }
        }
        Ok(())
    }

    /// The docker config.json to read, if any.
    pub(crate) fn docker_config_path(&self) -> Option<PathBuf> {
        if let Some(p) = &self.docker_config {
            return Some(p.clone());
        }
        let dir = std::env::var_os("DOCKER_CONFIG")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".docker")))?;
        let path = dir.join("config.json");
        path.exists().then_some(path)
    }
}

/// How long a credential helper's answer is used before it is asked again (helpers such
/// as gcloud's hand out short-lived tokens).
const HELPER_ANSWER_TTL: Duration = Duration::from_secs(300);
/// How long a credential helper may take to answer.
const HELPER_TIMEOUT: Duration = Duration::from_secs(20);

/// Credentials by host: explicit ones win over the docker config's `auths`, which win over
/// its credential helpers (`credHelpers` for a host, else `credsStore`), asked when a
/// registry is first reached and again after [`HELPER_ANSWER_TTL`].
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    fixed: BTreeMap<String, (String, String)>,
    helpers: BTreeMap<String, String>,
    store: Option<String>,
    helper_path: Option<OsString>,
    answers: Arc<Mutex<HashMap<String, (Instant, Option<(String, String)>)>>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials(<redacted for {:?}>, helpers {:?}, store {:?})",
            self.fixed.keys().collect::<Vec<_>>(),
            self.helpers,
            self.store
        )
    }
}

impl Credentials {
    pub fn new(explicit: &BTreeMap<String, (String, String)>, docker: DockerConfig, helper_path: Option<OsString>) -> Self {
        let mut fixed = docker.auths;
        for (k, v) in explicit {
            fixed.insert(normalise_auth_key(k), v.clone());
        }
        Self {
            fixed,
            helpers: docker.helpers,
            store: docker.store,
            helper_path,
            answers: Arc::default(),
        }
    }

    /// The user and password (or token) for `host`, if any is known.
    pub async fn get(&self, host: &str) -> Option<(String, String)> {
        let key = normalise_auth_key(host);
        if let Some(pair) = self.fixed.get(&key) {
            return Some(pair.clone());
        }
        let helper = self.helpers.get(&key).or(self.store.as_ref())?;
        if let Some((asked, answer)) = self.answers.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            if asked.elapsed() < HELPER_ANSWER_TTL {
                return answer.clone();
            }
        }
        let answer = match ask_helper(helper, &key, self.helper_path.as_deref()).await {
            Ok(answer) => answer,
            Err(reason) => {
                tracing::warn!(host = %key, helper = %format!("docker-credential-{helper}"), %reason, "the credential helper gave no credentials; the registry is reached anonymously");
                None
            }
        };
        self.answers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, (Instant::now(), answer.clone()));
        answer
    }
}

/// Asks `docker-credential-HELPER get` for `host`'s credentials, as Docker does: the
/// server's address on stdin, `{"Username": …, "Secret": …}` on stdout. Ok(None) when the
/// helper has none for it.
async fn ask_helper(helper: &str, host: &str, path: Option<&std::ffi::OsStr>) -> Result<Option<(String, String)>, String> {
    use tokio::io::AsyncWriteExt as _;
    let program = format!("docker-credential-{helper}");
    let mut command = tokio::process::Command::new(&program);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let mut child = command
        .arg("get")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("{program} could not be run ({e}); install it or remove it from the docker config"))?;
    // Docker hands helpers Docker Hub's server as its v1 URL.
    let server = if host == crate::reference::DOCKER_HUB { "https://index.docker.io/v1/" } else { host };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(server.as_bytes()).await.map_err(|e| format!("could not write to {program} ({e})"))?;
    }
    let output = tokio::time::timeout(HELPER_TIMEOUT, child.wait_with_output())
        .await
        .map_err(|_| format!("{program} did not answer within {HELPER_TIMEOUT:?}"))?
        .map_err(|e| format!("{program} failed ({e})"))?;
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        // The helpers' own wording for "nothing stored for this server".
        if said.contains("credentials not found") {
            return Ok(None);
        }
        return Err(format!("{program} get exited with {} ({})", output.status, said.lines().next().unwrap_or("").trim()));
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(rename = "Username", default)]
        username: String,
        #[serde(rename = "Secret")]
        secret: String,
    }
    let answer: Answer = serde_json::from_slice(&output.stdout).map_err(|e| format!("{program} get answered something that is not {{\"Username\", \"Secret\"}} JSON ({e})"))?;
    Ok(Some((answer.username, answer.secret)))
}

/// What a docker config.json says about credentials.
#[derive(Default)]
pub(crate) struct DockerConfig {
    /// Host -> (user, password), from `auths`.
    pub(crate) auths: BTreeMap<String, (String, String)>,
    /// Host -> credential helper name, from `credHelpers` (gcloud writes `gcr.io: gcloud`).
    pub(crate) helpers: BTreeMap<String, String>,
    /// The helper for every other host, from `credsStore`.
    pub(crate) store: Option<String>,
}

/// Parses a docker config.json: `auths` into host -> (user, password) (entries that hold
/// no usable credentials, e.g. only a helper's, are skipped), `credHelpers` and
/// `credsStore`.
pub(crate) fn parse_docker_config(json: &str) -> Result<DockerConfig, String> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        auths: BTreeMap<String, Entry>,
        #[serde(default, rename = "credHelpers")]
        cred_helpers: BTreeMap<String, String>,
        #[serde(default, rename = "credsStore")]
        creds_store: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        auth: Option<String>,
        username: Option<String>,
        password: Option<String>,
    }
    let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut out = DockerConfig {
        helpers: file.cred_helpers.into_iter().filter(|(_, h)| !h.is_empty()).map(|(k, h)| (normalise_auth_key(&k), h)).collect(),
        store: file.creds_store.filter(|s| !s.is_empty()),
        ..DockerConfig::default()
    };
    for (key, entry) in file.auths {
        let pair = match (entry.username, entry.password, entry.auth) {
            (Some(u), Some(p), _) if !u.is_empty() => Some((u, p)),
            (_, _, Some(a)) if !a.is_empty() => base64::engine::general_purpose::STANDARD
                .decode(a.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned()))),
            _ => None,
        };
        match pair {
            Some(p) => {
                out.auths.insert(normalise_auth_key(&key), p);
            }
            None => tracing::debug!(host = %key, "docker config entry holds no usable credentials"),
        }
    }
    Ok(out)
}

/// "https://index.docker.io/v1/" -> "docker.io", "http://127.0.0.1:5000" -> "127.0.0.1:5000".
fn normalise_auth_key(key: &str) -> String {
    let k = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    let host = k.split('/').next().unwrap_or(k);
    match host {
        "index.docker.io" | "registry-1.docker.io" => crate::reference::DOCKER_HUB.to_owned(),
        h => h.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_mirror_cases() {
        fn check(input: &str, expected: &str) {
            let got = match RegistryConfig::parse_mirror(input) {
                Ok((h, u)) => format!("{h} -> {u}"),
                Err(e) => e.to_string(),
            };
            assert_eq!(got, expected, "{input}");
        }
        check(
            "gcr.io=http://127.0.0.1:5000",
            "gcr.io -> http://127.0.0.1:5000",
        );
        check(
            " docker.io = https://mirror.gcr.io/ ",
            "docker.io -> https://mirror.gcr.io",
        );
        check(
            "gcr.io",
            "mirror \"gcr.io\" is not valid: there is no '='; write it as REGISTRY=URL, e.g. gcr.io=http://127.0.0.1:5000",
        );
        check(
            "gcr.io=127.0.0.1:5000",
            "mirror \"gcr.io=127.0.0.1:5000\" is not valid: \"127.0.0.1:5000\" must start with http:// or https://; write it as REGISTRY=URL, e.g. gcr.io=http://127.0.0.1:5000",
        );
        check(
            "https://gcr.io=http://x",
            "mirror \"https://gcr.io=http://x\" is not valid: \"https://gcr.io\" is not a registry host such as gcr.io or docker.io; write it as REGISTRY=URL, e.g. gcr.io=http://127.0.0.1:5000",
        );
    }

    #[test]
    fn docker_config_parsing() {
        let json = r#"{"auths": {
            "https://index.docker.io/v1/": {"auth": "dXNlcjpwYTpzcw=="},
            "127.0.0.1:5001": {"username": "alice", "password": "s3cret"},
            "helper.io": {},
            "bad.io": {"auth": "!!!"}
        }, "credsStore": "desktop", "credHelpers": {"https://gcr.io": "gcloud", "x.io": ""}}"#;
        let got = parse_docker_config(json).unwrap();
        let want: BTreeMap<String, (String, String)> = [
            (
                "docker.io".to_string(),
                ("user".to_string(), "pa:ss".to_string()),
            ),
            (
                "127.0.0.1:5001".to_string(),
                ("alice".to_string(), "s3cret".to_string()),
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(got.auths, want);
        assert_eq!(got.helpers, BTreeMap::from([("gcr.io".to_string(), "gcloud".to_string())]));
        assert_eq!(got.store.as_deref(), Some("desktop"));
        assert!(parse_docker_config("not json").is_err());
        let empty = parse_docker_config("{}").unwrap();
        assert!(empty.auths.is_empty() && empty.helpers.is_empty() && empty.store.is_none());
    }

    #[tokio::test]
    async fn explicit_credentials_win_and_debug_redacts() {
        let docker =
            parse_docker_config(r#"{"auths":{"r.io":{"username":"d","password":"dp"}}}"#).unwrap();
        let explicit: BTreeMap<_, _> = [(
            "r.io".to_string(),
            ("e".to_string(), "TOPSECRET".to_string()),
        )]
        .into();
        let creds = Credentials::new(&explicit, docker, None);
        assert_eq!(
            creds.get("r.io").await,
            Some(("e".to_string(), "TOPSECRET".to_string()))
        );
        assert_eq!(creds.get("other.io").await, None);
        assert!(!format!("{creds:?}").contains("TOPSECRET"));
        let cfg = RegistryConfig {
            credentials: explicit,
            ..Default::default()
        };
        let dbg = format!("{cfg:?}");
        assert!(
            !dbg.contains("TOPSECRET") && !dbg.contains("\"e\""),
            "{dbg}"
        );
    }
}
