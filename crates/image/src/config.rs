//! Registry settings (mirrors, plain-HTTP hosts, credentials) and Docker's config.json.
//!
//! Invariant: credentials never reach a log line or a `Debug` string.

use crate::error::ImageError;
use crate::reference::parse_endpoint_url;
use base64::Engine as _;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

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
}

impl fmt::Debug for RegistryConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hosts: Vec<&String> = self.credentials.keys().collect();
        f.debug_struct("RegistryConfig")
            .field("mirrors", &self.mirrors)
            .field("insecure", &self.insecure)
            .field("docker_config", &self.docker_config)
            .field("credentials", &format_args!("<redacted for {hosts:?}>"))
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

/// Credentials by host, merged: explicit ones win over docker config ones.
#[derive(Clone, Default)]
pub(crate) struct Credentials(BTreeMap<String, (String, String)>);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials(<redacted for {:?}>)",
            self.0.keys().collect::<Vec<_>>()
        )
    }
}

impl Credentials {
    pub fn new(
        explicit: &BTreeMap<String, (String, String)>,
        docker: BTreeMap<String, (String, String)>,
    ) -> Self {
        let mut all = docker;
        for (k, v) in explicit {
            all.insert(normalise_auth_key(k), v.clone());
        }
        Self(all)
    }

    pub fn get(&self, host: &str) -> Option<&(String, String)> {
        self.0.get(&normalise_auth_key(host))
    }
}

/// Parses a docker config.json's `auths` into host -> (user, password); entries that
/// hold no usable credentials (e.g. only a credential helper) are skipped.
pub(crate) fn parse_docker_config(
    json: &str,
) -> Result<BTreeMap<String, (String, String)>, String> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        auths: BTreeMap<String, Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        auth: Option<String>,
        username: Option<String>,
        password: Option<String>,
    }
    let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
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
                out.insert(normalise_auth_key(&key), p);
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
        }, "credsStore": "desktop"}"#;
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
        assert_eq!(got, want);
        assert!(parse_docker_config("not json").is_err());
        assert_eq!(parse_docker_config("{}").unwrap(), BTreeMap::new());
    }

    #[test]
    fn explicit_credentials_win_and_debug_redacts() {
        let docker =
            parse_docker_config(r#"{"auths":{"r.io":{"username":"d","password":"dp"}}}"#).unwrap();
        let explicit: BTreeMap<_, _> = [(
            "r.io".to_string(),
            ("e".to_string(), "TOPSECRET".to_string()),
        )]
        .into();
        let creds = Credentials::new(&explicit, docker);
        assert_eq!(
            creds.get("r.io"),
            Some(&("e".to_string(), "TOPSECRET".to_string()))
        );
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
