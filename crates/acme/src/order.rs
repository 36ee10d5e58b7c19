//! One ACME order (RFC 8555 §7.4) with instant-acme: the account (created once and
//! stored), the order for one name, its challenge answered by the router (HTTP-01 or
//! TLS-ALPN-01, through [`Challenges`]), finalization with a new key, and the chain.
//! Every step is logged; a failure says which step failed and what the CA said.

use std::sync::Arc;
use std::time::Duration;

use instant_acme::{Account, AuthorizationStatus, ChallengeType, Identifier, NewAccount, NewOrder, OrderStatus, RetryPolicy};
use runlane_router::tls::Challenges;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::sign::CertifiedKey;

use crate::store::Store;
use crate::ChallengeKind;

/// Why an order failed: the step, and what went wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{step}: {detail}")]
pub struct OrderFailed {
    pub step: &'static str,
    pub detail: String,
}

fn failed(step: &'static str) -> impl FnOnce(instant_acme::Error) -> OrderFailed {
    move |e| OrderFailed { step, detail: e.to_string() }
}

/// How long the CA gets to validate and to issue.
const CA_PATIENCE: Duration = Duration::from_secs(90);

/// The account for `directory`: the stored one, or a new one (stored before use).
pub(crate) async fn account(store: &Store, directory: &str, email: Option<&str>, ca_root: Option<&std::path::Path>) -> Result<Account, OrderFailed> {
    let builder = || match ca_root {
        Some(root) => Account::builder_with_root(root).map_err(failed("trusting --acme-ca-root")),
        None => Account::builder().map_err(failed("setting up the HTTPS client for the ACME directory")),
    };
    let stored = store.account(directory).map_err(|e| OrderFailed { step: "reading the stored ACME account", detail: e.to_string() })?;
    if let Some(credentials) = stored {
        tracing::info!(directory, "ACME: using the stored account");
        return builder()?.from_credentials(credentials).await.map_err(failed("restoring the stored ACME account"));
    }
    let contact = email.map(|e| format!("mailto:{e}"));
    let contacts: Vec<&str> = contact.iter().map(String::as_str).collect();
    tracing::info!(directory, email = email.unwrap_or(""), "ACME: creating an account");
    let (account, credentials) = builder()?
        .create(&NewAccount { contact: &contacts, terms_of_service_agreed: true, only_return_existing: false }, directory.to_owned(), None)
        .await
        .map_err(failed("creating the ACME account"))?;
    store.save_account(directory, credentials).map_err(|e| OrderFailed { step: "storing the ACME account", detail: e.to_string() })?;
    tracing::info!(directory, id = account.id(), "ACME: account created and stored");
    Ok(account)
}

/// Removes the challenge answers an order put in place, however it ends.
struct Answers<'c> {
    challenges: &'c Challenges,
    tokens: Vec<String>,
    names: Vec<String>,
}

impl Drop for Answers<'_> {
    fn drop(&mut self) {
        for token in &self.tokens {
            self.challenges.remove_http01(token);
        }
        for name in &self.names {
            self.challenges.remove_tls_alpn01(name);
        }
    }
}

/// Orders a certificate for `name`; returns its chain and private key, PEM.
pub(crate) async fn order(account: &Account, name: &str, kind: ChallengeKind, challenges: &Challenges) -> Result<(String, String), OrderFailed> {
    let identifiers = [Identifier::Dns(name.to_owned())];
    let mut order = account.new_order(&NewOrder::new(&identifiers)).await.map_err(failed("creating the order"))?;
    tracing::info!(name, url = order.url(), "ACME: order created");
    let mut answers = Answers { challenges, tokens: Vec::new(), names: Vec::new() };
    let mut authorizations = order.authorizations();
    while let Some(authorization) = authorizations.next().await {
        let mut authorization = authorization.map_err(failed("fetching the order's authorizations"))?;
        match authorization.status {
            AuthorizationStatus::Pending => {}
            AuthorizationStatus::Valid => continue,
            other => return Err(OrderFailed { step: "fetching the order's authorizations", detail: format!("the authorization for {name} is {other:?}") }),
        }
        let identifier = authorization.identifier().to_string();
        let acme_type = match kind {
            ChallengeKind::Http01 => ChallengeType::Http01,
            ChallengeKind::TlsAlpn01 => ChallengeType::TlsAlpn01,
        };
        let Some(mut challenge) = authorization.challenge(acme_type) else {
            return Err(OrderFailed { step: "choosing the challenge", detail: format!("the CA offers no {kind} challenge for {identifier}; pass another --acme-challenge") });
        };
        let key_authorization = challenge.key_authorization();
        match kind {
            ChallengeKind::Http01 => {
                challenges.set_http01(&challenge.token, key_authorization.as_str());
                answers.tokens.push(challenge.token.clone());
            }
            ChallengeKind::TlsAlpn01 => {
                let certificate = alpn_certificate(&identifier, key_authorization.digest().as_ref()).map_err(|detail| OrderFailed { step: "making the TLS-ALPN-01 certificate", detail })?;
                challenges.set_tls_alpn01(&identifier, certificate);
                answers.names.push(identifier.clone());
            }
        }
        tracing::info!(name = identifier, challenge = %kind, "ACME: challenge answer in place; asking the CA to validate");
        challenge.set_ready().await.map_err(failed("asking the CA to validate"))?;
    }
    let patience = RetryPolicy::new().initial_delay(Duration::from_millis(200)).backoff(1.5).timeout(CA_PATIENCE);
    let status = order.poll_ready(&patience).await.map_err(failed("waiting for validation"))?;
    if status != OrderStatus::Ready {
        let reasons = invalid_reasons(&mut order).await;
        return Err(OrderFailed { step: "validation", detail: format!("the order is {status:?}{reasons}") });
    }
    drop(answers);
    tracing::info!(name, "ACME: validated; finalizing with a new key");
    let key_pem = order.finalize().await.map_err(failed("finalizing the order"))?;
    let chain_pem = order.poll_certificate(&patience).await.map_err(failed("downloading the certificate"))?;
    Ok((chain_pem, key_pem))
}

/// What the CA said about the order's failed challenges, as `: NAME: PROBLEM; …`.
async fn invalid_reasons(order: &mut instant_acme::Order) -> String {
    let mut reasons = Vec::new();
    let mut authorizations = order.authorizations();
    while let Some(Ok(mut authorization)) = authorizations.next().await {
        let Ok(state) = authorization.refresh().await else { continue };
        let identifier = state.identifier().to_string();
        for challenge in &state.challenges {
            if let Some(problem) = &challenge.error {
                reasons.push(format!("{identifier}: {}", problem.detail.as_deref().unwrap_or("no detail")));
            }
        }
    }
    if reasons.is_empty() {
        String::new()
    } else {
        format!(": {}", reasons.join("; "))
    }
}

/// The self-signed certificate a TLS-ALPN-01 validation handshake gets for `name`:
/// its only name, and the critical acmeIdentifier extension holding the SHA-256 of the
/// key authorization (RFC 8737 §3).
fn alpn_certificate(name: &str, digest: &[u8]) -> Result<Arc<CertifiedKey>, String> {
    let mut params = rcgen::CertificateParams::new(vec![name.to_owned()]).map_err(|e| e.to_string())?;
    params.custom_extensions = vec![rcgen::CustomExtension::new_acme_identifier(digest)];
    let key = rcgen::KeyPair::generate().map_err(|e| e.to_string())?;
    let cert = params.self_signed(&key).map_err(|e| e.to_string())?;
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    // Not `from_der`: it parses the certificate with webpki, which refuses the critical
    // acmeIdentifier extension that only the validating CA understands.
    let signing = rustls::crypto::ring::default_provider().key_provider.load_private_key(private).map_err(|e| e.to_string())?;
    Ok(Arc::new(CertifiedKey::new(vec![cert.der().clone()], signing)))
}
