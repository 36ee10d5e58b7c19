//! Talking to registries through `oci-client`: one client per endpoint, credentials
//! per host, and registry answers sorted into not found / unauthorized / unreachable.
//!
//! Invariant: this module returns bytes and streams; it never decides whether they are
//! trustworthy — the store verifies every digest itself.

use crate::config::Credentials;
use crate::error::ImageError;
use crate::reference::{Endpoint, ImageRef};
use crate::RegistryConfig;
use oci_client::client::{ClientConfig, ClientProtocol, SizedStream};
use oci_client::errors::{OciDistributionError, OciErrorCode};
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// How one endpoint failed, before the failures of all endpoints become one error.
#[derive(Clone, Debug)]
pub enum Failure {
    NotFound(String),
    Unauthorized(String),
    Unreachable(String),
    Other(String),
}

pub struct Registries {
    config: RegistryConfig,
    creds: Credentials,
    clients: Mutex<HashMap<(String, bool), Client>>,
}

impl Registries {
    pub fn new(config: RegistryConfig, creds: Credentials) -> Self {
        Self {
            config,
            creds,
            clients: Mutex::new(HashMap::new()),
        }
    }

    pub fn config(&self) -> &RegistryConfig {
        &self.config
    }

    fn client(&self, ep: &Endpoint) -> Client {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients
            .entry((ep.host.clone(), ep.plain_http))
            .or_insert_with(|| {
                Client::new(ClientConfig {
                    protocol: if ep.plain_http {
                        ClientProtocol::Http
                    } else {
                        ClientProtocol::Https
                    },
                    connect_timeout: Some(Duration::from_secs(10)),
                    read_timeout: Some(Duration::from_secs(60)),
                    accept_invalid_certificates: !ep.plain_http && self.config.own_hosts.contains(&ep.host),
                    user_agent: concat!("runlane/", env!("CARGO_PKG_VERSION")),
                    ..ClientConfig::default()
                })
            })
            .clone()
    }

    async fn auth(&self, ep: &Endpoint) -> RegistryAuth {
        match self.creds.get(&ep.host).await {
            Some((user, password)) => RegistryAuth::Basic(user, password),
            None => RegistryAuth::Anonymous,
        }
    }

    fn oci_ref(ep: &Endpoint, r: &ImageRef) -> Reference {
        match (&r.digest, &r.tag) {
            (Some(d), _) => {
                Reference::with_digest(ep.host.clone(), r.repository.clone(), d.clone())
            }
            (None, Some(t)) => {
                Reference::with_tag(ep.host.clone(), r.repository.clone(), t.clone())
            }
            (None, None) => {
                Reference::with_tag(ep.host.clone(), r.repository.clone(), "latest".into())
            }
        }
    }

    /// Which manifest digest `r` names at `ep` now (a HEAD request, or GET if needed).
    pub async fn manifest_digest(&self, ep: &Endpoint, r: &ImageRef) -> Result<String, Failure> {
        let client = self.client(ep);
        client
            .fetch_manifest_digest(&Self::oci_ref(ep, r), &self.auth(ep).await)
            .await
            .map_err(classify)
    }

    /// The raw manifest named by `r` (tag or digest) at `ep`, unverified.
    pub async fn manifest(&self, ep: &Endpoint, r: &ImageRef) -> Result<Vec<u8>, Failure> {
        let client = self.client(ep);
        let (bytes, _digest) = client
            .pull_manifest_raw(
                &Self::oci_ref(ep, r),
                &self.auth(ep).await,
                crate::manifest::ACCEPTED_MANIFEST_TYPES,
            )
            .await
            .map_err(classify)?;
        Ok(bytes.to_vec())
    }

    /// A blob of `r`'s repository as a stream (the store verifies it).
    pub async fn blob(
        &self,
        ep: &Endpoint,
        r: &ImageRef,
        digest: &str,
    ) -> Result<SizedStream, Failure> {
        let client = self.client(ep);
        let reference = Self::oci_ref(ep, r);
        client
            .store_auth_if_needed(reference.resolve_registry(), &self.auth(ep).await)
            .await;
        client
            .pull_blob_stream(&reference, digest)
            .await
            .map_err(classify)
    }
}

/// Sorts an oci-client error into what the user must do about it.
pub fn classify(e: OciDistributionError) -> Failure {
    use OciDistributionError as E;
    let text = chain(&e);
    match &e {
        E::UnauthorizedError { .. } | E::AuthenticationFailure(_) => Failure::Unauthorized(text),
        E::ImageManifestNotFoundError(_) => Failure::NotFound(text),
        E::RegistryError { envelope, .. } => {
            let codes: Vec<&OciErrorCode> = envelope.errors.iter().map(|e| &e.code).collect();
            let msg = envelope
                .errors
                .iter()
                .map(|e| format!("{:?}: {}", e.code, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            if codes
                .iter()
                .any(|c| matches!(c, OciErrorCode::Unauthorized | OciErrorCode::Denied))
            {
                Failure::Unauthorized(msg)
            } else if codes.iter().any(|c| {
                matches!(
                    c,
                    OciErrorCode::ManifestUnknown
                        | OciErrorCode::NameUnknown
                        | OciErrorCode::NotFound
                        | OciErrorCode::BlobUnknown
                )
            }) {
                Failure::NotFound(msg)
            } else {
                Failure::Other(msg)
            }
        }
        E::ServerError { code: 404, .. } => Failure::NotFound(text),
        E::ServerError {
            code: 401 | 403, ..
        } => Failure::Unauthorized(text),
        E::RequestError(_) | E::IoError(_) => Failure::Unreachable(text),
        _ => Failure::Other(text),
    }
}

/// An error and its sources, "a: b: c" (reqwest hides the useful part in sources).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        cur = s.source();
    }
    out
}

/// Turns the failures of every endpoint tried into one error for the user: the
/// registry's own definitive answer first, else a mirror's, else "unreachable".
pub fn combine(reference: &str, what: &str, failures: Vec<(Endpoint, Failure)>) -> ImageError {
    let definitive =
        |(ep, f): &(Endpoint, Failure)| !matches!(f, Failure::Unreachable(_)) && !ep.mirror;
    let pick = failures.iter().find(|x| definitive(x)).or_else(|| {
        failures
            .iter()
            .find(|(_, f)| !matches!(f, Failure::Unreachable(_)))
    });
    if let Some((ep, f)) = pick {
        let endpoint = ep.url();
        return match f.clone() {
            Failure::NotFound(detail) => ImageError::NotFound {
                reference: reference.to_owned(),
                detail: format!("{endpoint} has no {what} ({detail})"),
            },
            Failure::Unauthorized(detail) => ImageError::Unauthorized {
                reference: reference.to_owned(),
                endpoint,
                host: ep.host.clone(),
                detail,
            },
            Failure::Other(detail) | Failure::Unreachable(detail) => ImageError::Registry {
                reference: reference.to_owned(),
                endpoint,
                detail,
            },
        };
    }
    let tried: Vec<String> = failures.iter().map(|(ep, _)| ep.url()).collect();
    let detail = match failures.last() {
        Some((_, Failure::Unreachable(d))) => d.clone(),
        _ => "no endpoint configured".into(),
    };
    ImageError::Unreachable {
        reference: reference.to_owned(),
        tried: tried.join(", "),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(host: &str, mirror: bool) -> Endpoint {
        Endpoint {
            host: host.into(),
            plain_http: true,
            mirror,
        }
    }

    fn check(failures: Vec<(Endpoint, Failure)>, expected: &str) {
        let got = combine(
            "r.io/demo/x:1",
            "tag \"1\" for repository \"demo/x\"",
            failures,
        )
        .to_string();
        assert!(
            got.starts_with(expected),
            "got: {got}\nwant prefix: {expected}"
        );
    }

    #[test]
    fn combining_endpoint_failures() {
        let unreachable = || Failure::Unreachable("connection refused".into());
        // The registry's own answer wins over a mirror's.
        check(
            vec![
                (ep("m:1", true), Failure::NotFound("m".into())),
                (ep("r.io", false), Failure::Unauthorized("401".into())),
            ],
            "image \"r.io/demo/x:1\" could not be fetched: http://r.io refused access (401)",
        );
        // The registry is unreachable: the mirror's definitive answer is used.
        check(
            vec![(ep("m:1", true), Failure::NotFound("manifest unknown".into())), (ep("r.io", false), unreachable())],
            "image \"r.io/demo/x:1\" was not found: http://m:1 has no tag \"1\" for repository \"demo/x\" (manifest unknown)",
        );
        // Nobody answered: every endpoint is named.
        check(
            vec![(ep("m:1", true), unreachable()), (ep("r.io", false), unreachable())],
            "image \"r.io/demo/x:1\" could not be fetched: no registry answered (tried http://m:1, http://r.io; last error: connection refused)",
        );
        check(
            vec![(ep("r.io", false), Failure::Other("HTTP 500".into()))],
            "image \"r.io/demo/x:1\" could not be fetched: http://r.io answered with an error (HTTP 500)",
        );
    }
}
