//! Delivering notifications from the outbox: email over SMTP (lettre, on tokio) and
//! JSON POSTs to webhooks (hyper, http or https). Each notification keeps one
//! idempotency key for all its attempts (the `Idempotency-Key` header, the email's
//! Message-ID). A failed attempt is written to the incident's timeline and retried
//! with exponential backoff (1 s, 2 s, 4 s … at most 5 min) until it is delivered.

use crate::evaluate::event;
use crate::message::Notice;
use crate::model::{Channel, Event};
use crate::store::Outgoing;
use crate::{lock, Alerting, SmtpConfig, SmtpTimeouts};
use bytes::Bytes;
use runlane_model::duration::human_secs;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Tls, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};
use lettre::Message;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// The longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 300_000;

/// The SMTP side, built once from `--smtp-url`. The conversation is driven here, one
/// command at a time on lettre's connection, so that each reply gets RFC 5321's own
/// timeout (§4.5.3.2) rather than one deadline for the whole message: a server that
/// takes minutes to accept the data is waited for, not given the message again.
pub(crate) struct Mailer {
    host: String,
    port: u16,
    tls: Tls,
    hello: ClientId,
    credentials: Option<Credentials>,
    from: Mailbox,
    timeouts: SmtpTimeouts,
}

impl Mailer {
    pub(crate) fn new(c: &SmtpConfig, timeouts: SmtpTimeouts) -> Result<Mailer, String> {
        let shown = crate::redact_url(&c.url);
        let bad_url = |why: String| {
            format!("{shown} is not an SMTP URL runlane can use ({why}); write it like smtp://127.0.0.1:2525, smtp://user@host:587?tls=required or smtps://host")
        };
        let url = SmtpUrl::parse(&c.url).map_err(bad_url)?;
        let tls_for = |host: &str| TlsParameters::new(host.to_owned()).map_err(|e| bad_url(e.to_string()));
        let (tls, default_port) = match (url.scheme.as_str(), url.tls.as_deref()) {
            ("smtp", None) => (Tls::None, 25),
            ("smtp", Some("required")) => (Tls::Required(tls_for(&url.host)?), 587),
            ("smtp", Some("opportunistic")) => (Tls::Opportunistic(tls_for(&url.host)?), 587),
            ("smtps", _) => (Tls::Wrapper(tls_for(&url.host)?), 465),
            (scheme, tls) => {
                return Err(bad_url(format!(
                    "the scheme {scheme:?} with tls={tls:?}; use smtp:// (tls=required or opportunistic) or smtps://"
                )))
            }
        };
        let password = c.password.clone().or(url.password);
        let credentials = match password {
            Some(password) => {
                let user = url.user.clone().ok_or_else(|| format!("an SMTP password was given but {shown} names no user; write smtp://USER@host:587?tls=required"))?;
                Some(Credentials::new(user, password))
            }
            None => None,
        };
        let from = c.from.parse::<Mailbox>().map_err(|e| {
            format!(
                "--smtp-from {:?} is not an email address ({e}); give one like runlane@example.com",
                c.from
            )
        })?;
        Ok(Mailer {
            port: url.port.unwrap_or(default_port),
            host: url.host,
            tls,
            hello: url.hello.map_or_else(ClientId::default, ClientId::Domain),
            credentials,
            from,
            timeouts,
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
        let mut conn = self.connect().await?;
        let result = self.transaction(&mut conn, &message).await;
        if result.is_ok() {
            let _ = step(self.timeouts.command, "QUIT", conn.quit()).await;
        } else {
            conn.abort().await;
        }
        result
    }

    /// Greeting, EHLO, STARTTLS and AUTH, each under the initial 5-minute timeout.
    async fn connect(&self) -> Result<AsyncSmtpConnection, String> {
        let wrapper = match &self.tls {
            Tls::Wrapper(p) => Some(p.clone()),
            _ => None,
        };
        let t = self.timeouts.command;
        let mut conn = step(
            t,
            "the greeting and EHLO",
            AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(t),
                &self.hello,
                wrapper,
                None,
            ),
        )
        .await?;
        match &self.tls {
            Tls::Opportunistic(p) if conn.can_starttls() => {
                step(t, "STARTTLS", conn.starttls(p.clone(), &self.hello)).await?;
            }
            Tls::Required(p) => step(t, "STARTTLS", conn.starttls(p.clone(), &self.hello)).await?,
            _ => {}
        }
        if let Some(c) = &self.credentials {
            step(t, "AUTH", conn.auth(DEFAULT_MECHANISMS, c)).await?;
        }
        Ok(conn)
    }

    /// MAIL, RCPT, DATA and the message, each reply under its own RFC 5321 timeout.
    async fn transaction(&self, conn: &mut AsyncSmtpConnection, message: &Message) -> Result<(), String> {
        let envelope = message.envelope();
        let email = message.formatted();
        let mut options = Vec::new();
        if !email.is_ascii() {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let t = &self.timeouts;
        step(t.command, "MAIL", conn.command(Mail::new(envelope.from().cloned(), options))).await?;
        for rcpt in envelope.to() {
            step(t.command, "RCPT", conn.command(Rcpt::new(rcpt.clone(), Vec::new()))).await?;
        }
        step(t.data_init, "DATA", conn.command(Data)).await?;
        // Writing the message and reading the reply to its final "." are one call in
        // lettre: the write gets the data-block timeout, the reply the 10 minutes RFC 5321
        // gives a server to process the message (§4.5.3.2.6).
        match tokio::time::timeout(t.data_block + t.data_end, conn.message(&email)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() || e.is_transient() => {
                Err(format!("SMTP server refused the message: {e}"))
            }
            // Postfix's rule: a server that did not answer the final "." may still have
            // accepted the message; the notification stays queued (an alert lost is worse
            // than an alert twice) and the timeline says a second copy may arrive. The
            // Message-ID is the same on every attempt, so a mailbox can tell them apart.
            Ok(Err(e)) => Err(format!("the SMTP connection failed after the whole message was sent ({e}); the server may have accepted it, so the retry may deliver a second copy")),
            Err(_) => Err(format!(
                "the SMTP server did not answer the end of the message within {} (RFC 5321's limit); it may have accepted it, so the retry may deliver a second copy",
                human_secs((t.data_block + t.data_end).as_secs())
            )),
        }
    }
}

/// One SMTP step under its timeout, with an error that names the step.
async fn step<T>(
    timeout: Duration,
    what: &str,
    f: impl std::future::Future<Output = Result<T, lettre::transport::smtp::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(timeout, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("SMTP delivery failed at {what}: {e}")),
        Err(_) => Err(format!(
            "the SMTP server did not answer {what} within {}",
            human_secs(timeout.as_secs())
        )),
    }
}

/// The parts of `--smtp-url` runlane uses (lettre's URL form).
#[derive(Debug, PartialEq)]
struct SmtpUrl {
    scheme: String,
    user: Option<String>,
    password: Option<String>,
    host: String,
    port: Option<u16>,
    hello: Option<String>,
    tls: Option<String>,
}

impl SmtpUrl {
    fn parse(url: &str) -> Result<SmtpUrl, String> {
        let (scheme, rest) = url.split_once("://").ok_or("no scheme")?;
        let (rest, query) = rest.split_once('?').map_or((rest, None), |(r, q)| (r, Some(q)));
        let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
        let (userinfo, hostport) = authority.rsplit_once('@').map_or((None, authority), |(u, h)| (Some(u), h));
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((u, p)) => (Some(percent_decode(u)?), Some(percent_decode(p)?)),
                None => (Some(percent_decode(u)?), None),
            },
            None => (None, None),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or("an unclosed [")?;
            (h, after.strip_prefix(':'))
        } else {
            hostport.rsplit_once(':').map_or((hostport, None), |(h, p)| (h, Some(p)))
        };
        if host.is_empty() {
            return Err("no host".into());
        }
        let port = port
            .map(|p| p.parse::<u16>().map_err(|_| format!("the port {p:?} is not a number")))
            .transpose()?;
        let tls = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|kv| kv.strip_prefix("tls="))
            .map(str::to_owned);
        let path = path.trim_matches('/');
        Ok(SmtpUrl {
            scheme: scheme.to_owned(),
            user: user.filter(|u| !u.is_empty()),
            password,
            host: host.to_owned(),
            port,
            hello: (!path.is_empty()).then(|| path.to_owned()),
            tls,
        })
    }
}

/// `%XX` escapes of a URL's user or password (as lettre reads them).
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or("a % escape cut short")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("%{hex} is not a % escape"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a % escape that is not UTF-8".to_owned())
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
                // Deliveries under way get the delivery timeout to finish; one cut off stays
                // in the outbox and is sent again after the restart.
                let _ = tokio::time::timeout(a.inner.config.delivery_timeout, async {
                    while tasks.join_next().await.is_some() {}
                })
                .await;
                tasks.abort_all();
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
            // No deadline over the whole message: each reply has its own (RFC 5321).
            mailer.send(&to, notice.subject(), notice.body(), key).await
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
    fn smtp_urls() {
        let url = SmtpUrl::parse("smtp://alice@mail.example.com:587?tls=required").unwrap();
        assert_eq!(
            (url.user.as_deref(), url.host.as_str(), url.port, url.tls.as_deref()),
            (Some("alice"), "mail.example.com", Some(587), Some("required"))
        );
        let url = SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((url.user, url.host.as_str(), url.port), (None, "127.0.0.1", Some(2525)));
        let url = SmtpUrl::parse("smtps://a:pw@[::1]/relay.example").unwrap();
        assert_eq!(
            (url.password.as_deref(), url.host.as_str(), url.port, url.hello.as_deref()),
            (Some("pw"), "::1", None, Some("relay.example"))
        );
        assert!(SmtpUrl::parse("smtp://host:x").unwrap_err().contains("port"));
        let url = SmtpUrl::parse("smtp://alice%40corp:p%3Aw@host:587").unwrap();
        assert_eq!((url.user.as_deref(), url.password.as_deref()), (Some("alice@corp"), Some("p:w")));
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
