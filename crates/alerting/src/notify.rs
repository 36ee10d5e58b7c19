//! Delivering notifications from the outbox: email over SMTP (lettre, on tokio) and
//! JSON POSTs to webhooks (hyper, http or https). Each notification keeps one
//! idempotency key for all its attempts (the `Idempotency-Key` header, the email's
//! Message-ID). A failed attempt is written to the incident's timeline and retried
//! with exponential backoff (1 s, 2 s, 4 s … at most 5 min) until it is delivered.

use crate::evaluate::event;
use crate::message::Notice;
use crate::model::{human_secs, Channel, Event};
use crate::store::Outgoing;
use crate::{lock, Alerting, SmtpConfig};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// The longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 300_000;

/// The SMTP side, built once from `--smtp-url`.
pub(crate) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub(crate) fn new(c: &SmtpConfig, timeout: Duration) -> Result<Mailer, String> {
        let shown = crate::redact_url(&c.url);
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&c.url).map_err(|e| {
            format!("{shown} is not an SMTP URL runlane can use ({e}); write it like smtp://127.0.0.1:2525, smtp://user@host:587?tls=required or smtps://host")
        })?;
        if let Some(password) = &c.password {
            let user = username(&c.url).ok_or_else(|| format!("an SMTP password was given but {shown} names no user; write smtp://USER@host:587?tls=required"))?;
            builder = builder.credentials(Credentials::new(user, password.clone()));
        }
        let from = c.from.parse::<Mailbox>().map_err(|e| {
            format!(
                "--smtp-from {:?} is not an email address ({e}); give one like runlane@example.com",
                c.from
            )
        })?;
        Ok(Mailer {
            transport: builder.timeout(Some(timeout)).build(),
            from,
        })
    }

    async fn send(&self, to: &str, subject: String, body: String, key: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| {
            format!("{to:?} is not an email address ({e}); fix the channel's email_address")
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{key}@runlane>")))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("could not build the email: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP delivery failed: {e}"))
    }
}

/// The user of `smtp://user@host…` (percent-decoding is left to the user: plain names).
fn username(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let (userinfo, _) = rest.split_once('@')?;
    let user = userinfo.split(':').next()?;
    (!user.is_empty()).then(|| user.to_owned())
}

type WebClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

fn web_client() -> WebClient {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(connector)
}

pub(crate) async fn run(a: Alerting, mut stop: watch::Receiver<bool>) {
    let client = web_client();
    let mut in_flight: HashSet<i64> = HashSet::new();
    let mut tasks: JoinSet<i64> = JoinSet::new();
    loop {
        let now = a.now_ms();
        let (due, next) = {
            let st = lock(&a.inner.state);
            let due: Vec<Outgoing> = st
                .outbox
                .values()
                .filter(|o| o.next_attempt_ms <= now && !in_flight.contains(&o.id))
                .cloned()
                .collect();
            let next = st
                .outbox
                .values()
                .filter(|o| !in_flight.contains(&o.id))
                .map(|o| o.next_attempt_ms)
                .min();
            (due, next)
        };
        for o in due {
            in_flight.insert(o.id);
            tasks.spawn(attempt(a.clone(), client.clone(), o));
        }
        let wait = next.map_or(1000, |t| (t - now).clamp(10, 1000)) as u64;
        tokio::select! {
            () = a.inner.wake.notified() => {}
            Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                if let Ok(id) = done {
                    in_flight.remove(&id);
                }
            }
            () = tokio::time::sleep(Duration::from_millis(wait)) => {}
            _ = stop.changed() => {
                // Let deliveries under way finish (they are bounded by the delivery timeout).
                while tasks.join_next().await.is_some() {}
                return;
            }
        }
    }
}

/// One delivery attempt of `o`; records the result. Returns the notification's id.
async fn attempt(a: Alerting, client: WebClient, mut o: Outgoing) -> i64 {
    let id = o.id;
    let prepared = {
        let st = lock(&a.inner.state);
        let incident = st.incidents.get(&o.incident).cloned();
        let channel = st.channels.get(&o.channel).cloned();
        let documentation = incident
            .as_ref()
            .and_then(|i| st.policies.get(&i.policy))
            .and_then(|p| p.documentation.clone());
        (incident, channel, documentation)
    };
    let (Some(incident), channel, documentation) = prepared else {
        // The incident is gone (cannot happen: incidents are never deleted); drop the notification.
        let mut st = lock(&a.inner.state);
        let _ = st.store.save_attempt(None, &o, true);
        st.outbox.remove(&id);
        return id;
    };
    let url = a.incident_url(&incident.project, incident.id);
    let notice = Notice {
        incident: &incident,
        kind: &o.kind,
        url: &url,
        documentation: documentation.as_ref(),
    };
    let result = match &channel {
        None => Err(format!(
            "channel {} no longer exists; the notification is dropped",
            o.channel
        )),
        Some(c) => deliver(&a, &client, c, &notice, &o.idempotency_key).await,
    };
    let now = a.now_ms();
    o.attempts += 1;
    let target = channel
        .as_ref()
        .map(|c| format!("{} {}", c.kind, c.target()))
        .unwrap_or_else(|| o.channel.clone());
    let (done, ev) = match &result {
        Ok(()) => {
            tracing::info!(incident = incident.id, kind = o.kind, channel = %o.channel, attempt = o.attempts, delay_ms = now - incident.condition_met_ms, "notification delivered");
            (
                true,
                event(
                    now,
                    "notified",
                    format!(
                        "{} notification delivered to {target} (attempt {})",
                        o.kind, o.attempts
                    ),
                ),
            )
        }
        Err(e) if channel.is_none() => (true, event(now, "notification_failed", e.clone())),
        Err(e) => {
            let backoff = (1000i64 << (o.attempts - 1).min(20)).min(MAX_BACKOFF_MS);
            o.next_attempt_ms = now + backoff;
            o.last_error = Some(e.clone());
            tracing::warn!(incident = incident.id, kind = o.kind, channel = %o.channel, attempt = o.attempts, error = %e, "notification failed; will retry");
            (
                false,
                event(
                    now,
                    "notification_failed",
                    format!(
                        "{} notification to {target} failed (attempt {}): {e}; retrying in {}",
                        o.kind,
                        o.attempts,
                        human_secs((backoff / 1000) as u64)
                    ),
                ),
            )
        }
    };
    let mut st = lock(&a.inner.state);
    let mut updated = st.incidents.get(&incident.id).cloned();
    if let Some(i) = &mut updated {
        i.timeline.push(Event {
            channel: Some(o.channel.clone()),
            ..ev
        });
    }
    if let Err(e) = st.store.save_attempt(updated.as_ref(), &o, done) {
        tracing::warn!(error = %e, "could not record a notification attempt; it will be retried");
        o.next_attempt_ms = now + 1000;
        st.outbox.insert(id, o);
        return id;
    }
    if let Some(i) = updated {
        st.incidents.insert(i.id, i);
    }
    if done {
        st.outbox.remove(&id);
    } else {
        st.outbox.insert(id, o);
    }
    id
}

async fn deliver(
    a: &Alerting,
    client: &WebClient,
    c: &Channel,
    notice: &Notice<'_>,
    key: &str,
) -> Result<(), String> {
    let timeout = a.inner.config.delivery_timeout;
    match c.kind.as_str() {
        "email" => {
            let Some(mailer) = &a.inner.smtp else {
                return Err("no SMTP server is configured; start runlane up with --smtp-url (or RUNLANE_SMTP_URL)".into());
            };
            let to = c.labels.get("email_address").cloned().unwrap_or_default();
            tokio::time::timeout(
                timeout,
                mailer.send(&to, notice.subject(), notice.body(), key),
            )
            .await
            .map_err(|_| {
                format!(
                    "SMTP delivery took longer than {}",
                    human_secs(timeout.as_secs())
                )
            })?
        }
        kind => {
            let url = c.labels.get("url").cloned().unwrap_or_default();
            let body = if kind == "slack" {
                notice.slack_json()
            } else {
                notice.webhook_json()
            };
            post(client, &url, body.to_string(), key, timeout).await
        }
    }
}

async fn post(
    client: &WebClient,
    url: &str,
    body: String,
    key: &str,
    timeout: Duration,
) -> Result<(), String> {
    let shown = url.split('?').next().unwrap_or(url);
    let request = http::Request::post(url)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(
            http::header::USER_AGENT,
            concat!("runlane/", env!("CARGO_PKG_VERSION")),
        )
        .header("idempotency-key", key)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("{shown} is not a URL runlane can POST to ({e})"))?;
    let response = tokio::time::timeout(timeout, client.request(request))
        .await
        .map_err(|_| {
            format!(
                "{shown} did not answer within {}",
                human_secs(timeout.as_secs())
            )
        })?
        .map_err(|e| format!("POST {shown} failed: {e}"))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = tokio::time::timeout(Duration::from_secs(2), response.into_body().collect())
        .await
        .ok()
        .and_then(Result::ok)
        .map(|b| {
            String::from_utf8_lossy(&b.to_bytes())
                .chars()
                .take(200)
                .collect::<String>()
        })
        .unwrap_or_default();
    Err(format!("POST {shown} answered {status}: {}", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_users_and_redaction() {
        assert_eq!(
            username("smtp://alice@mail.example.com:587?tls=required").as_deref(),
            Some("alice")
        );
        assert_eq!(username("smtp://127.0.0.1:2525"), None);
        assert_eq!(
            crate::redact_url("smtps://alice:hunter2@mail.example.com"),
            "smtps://alice:<redacted>@mail.example.com"
        );
        assert_eq!(
            crate::redact_url("smtp://127.0.0.1:2525"),
            "smtp://127.0.0.1:2525"
        );
    }
}
