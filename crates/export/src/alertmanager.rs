//! runlane's notification channels and alert routing as an Alertmanager configuration:
//! one receiver per alert policy (its email and webhook channels), a route per policy
//! (matching the `runlane_policy` label the exported rules carry), grouping by alert and
//! SLO, and inhibition: a `page` alert silences `ticket` alerts of the same SLO, and a
//! policy of a lower `runlane_tier` silences higher tiers of its `runlane_inhibit_group`
//! (what runlane's notifier does with those labels).
//!
//! Email goes through the SMTP server `runlane up --smtp-url` names (host, port, user,
//! TLS); the password is never exported: set `smtp_auth_password_file`.

use crate::ExportError;
use runlane_alerting::model::{Channel, Policy};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Where runlane sends email from.
#[derive(Debug, Clone, PartialEq)]
pub struct Smtp {
    /// lettre's URL form: `smtp://user@host:587?tls=required`, `smtps://host`.
    pub url: String,
    pub from: String,
}

pub const DEFAULT_RECEIVER: &str = "runlane-default";

/// The configuration, and the channels that could not be exported.
pub fn config(
    policies: &[Policy],
    channels: &[Channel],
    smtp: Option<&Smtp>,
) -> (Value, Vec<ExportError>) {
    let mut skipped = Vec::new();
    let mut receivers = vec![json!({ "name": DEFAULT_RECEIVER })];
    let mut routes = Vec::new();
    let mut uses_email = false;
    for p in policies.iter().filter(|p| p.enabled) {
        let mut email = Vec::new();
        let mut webhook = Vec::new();
        for name in &p.channels {
            let Some(c) = channels.iter().find(|c| &c.name() == name) else {
                skipped.push(ExportError::new(format!("alert policy {}", p.name()), format!("its channel {name} does not exist")));
                continue;
            };
            if !c.enabled {
                continue;
            }
            match c.kind.as_str() {
                "email" => {
                    uses_email = true;
                    email.push(json!({ "to": c.labels.get("email_address").cloned().unwrap_or_default(), "send_resolved": true }));
                }
                "webhook_tokenauth" | "webhook_basicauth" => {
                    webhook.push(json!({ "url": c.labels.get("url").cloned().unwrap_or_default(), "send_resolved": true }));
                }
                other => skipped.push(ExportError::new(
                    format!("channel {}", c.name()),
                    format!("{other} channels have no Alertmanager receiver here; use an email or webhook channel"),
                )),
            }
        }
        let name = format!("policy-{}", p.id);
        let mut receiver = Map::new();
        receiver.insert("name".into(), json!(name));
        if !email.is_empty() {
            receiver.insert("email_configs".into(), json!(email));
        }
        if !webhook.is_empty() {
            receiver.insert("webhook_configs".into(), json!(webhook));
        }
        receivers.push(Value::Object(receiver));
        routes.push(json!({
            "receiver": name,
            "matchers": [format!("runlane_policy=\"{}\"", p.id)],
        }));
    }
    let mut inhibit = vec![json!({
        "source_matchers": ["severity=\"page\""],
        "target_matchers": ["severity=\"ticket\""],
        "equal": ["sloth_id"],
    })];
    let tiers: BTreeSet<(&str, u32)> = policies.iter().filter_map(Policy::inhibition).collect();
    for &(group, tier) in &tiers {
        for &(g2, lower) in &tiers {
            if g2 == group && lower > tier {
                inhibit.push(json!({
                    "source_matchers": [format!("runlane_inhibit_group=\"{group}\""), format!("runlane_tier=\"{tier}\"")],
                    "target_matchers": [format!("runlane_inhibit_group=\"{group}\""), format!("runlane_tier=\"{lower}\"")],
                    "equal": ["sloth_id"],
                }));
            }
        }
    }
    let mut global = Map::new();
    if uses_email {
        let (smarthost, user, tls, from) = match smtp {
            Some(s) => {
                let (host, user, tls) = smarthost(&s.url);
                (host, user, tls, s.from.clone())
            }
            None => {
                skipped.push(ExportError::new("email", "runlane has no --smtp-url, so the email receivers send through localhost:25; set global.smtp_smarthost"));
                ("localhost:25".into(), None, false, "runlane@localhost".into())
            }
        };
        global.insert("smtp_smarthost".into(), json!(smarthost));
        global.insert("smtp_from".into(), json!(from));
        global.insert("smtp_require_tls".into(), json!(tls));
        if let Some(u) = user {
            global.insert("smtp_auth_username".into(), json!(u));
        }
    }
    let config = json!({
        "global": global,
        "route": {
            "receiver": DEFAULT_RECEIVER,
            "group_by": ["alertname", "sloth_service", "sloth_slo"],
            "group_wait": "30s",
            "group_interval": "5m",
            "repeat_interval": "4h",
            "routes": routes,
        },
        "receivers": receivers,
        "inhibit_rules": inhibit,
    });
    (config, skipped)
}

/// `host:port`, the user, and whether TLS is required, from lettre's SMTP URL.
pub fn smarthost(url: &str) -> (String, Option<String>, bool) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("smtp", url));
    let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = authority.trim_end_matches('/');
    let (user, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u.split(':').next().unwrap_or(u).to_owned()), h),
        None => (None, authority),
    };
    let tls = scheme == "smtps" || query.split('&').any(|kv| kv == "tls=required");
    let default_port = if scheme == "smtps" { 465 } else { 25 };
    let hostport = if hostport.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
        hostport.to_owned()
    } else {
        format!("{hostport}:{default_port}")
    };
    (hostport, user, tls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlane_alerting::model::Combiner;

    #[test]
    fn smarthosts_from_lettre_urls() {
        for (url, want) in [
            ("smtp://127.0.0.1:2525", ("127.0.0.1:2525", None, false)),
            ("smtp://alice@mail.example.com:587?tls=required", ("mail.example.com:587", Some("alice"), true)),
            ("smtps://mail.example.com", ("mail.example.com:465", None, true)),
            ("smtp://mail.example.com", ("mail.example.com:25", None, false)),
        ] {
            let (h, u, t) = smarthost(url);
            assert_eq!((h.as_str(), u.as_deref(), t), want, "{url}");
        }
    }

    fn channel(id: &str, kind: &str, key: &str, value: &str) -> Channel {
        Channel {
            project: "default".into(),
            id: id.into(),
            kind: kind.into(),
            display_name: id.into(),
            description: String::new(),
            labels: [(key.to_owned(), value.to_owned())].into_iter().collect(),
            user_labels: Default::default(),
            enabled: true,
            created_ms: 0,
        }
    }

    fn policy(id: &str, channels: &[&str], tier: Option<u32>) -> Policy {
        let mut labels = runlane_alerting::model::Labels::new();
        if let Some(t) = tier {
            labels.insert("runlane_inhibit_group".into(), "jokes".into());
            labels.insert("runlane_tier".into(), t.to_string());
        }
        Policy {
            project: "default".into(),
            id: id.into(),
            display_name: id.into(),
            conditions: vec![],
            combiner: Combiner::And,
            enabled: true,
            channels: channels.iter().map(|c| format!("projects/default/notificationChannels/{c}")).collect(),
            documentation: None,
            auto_close_secs: None,
            user_labels: labels,
            severity: None,
            created_ms: 0,
            updated_ms: 0,
        }
    }

    #[test]
    fn receivers_routes_and_inhibition() {
        let channels = [
            channel("mail", "email", "email_address", "oncall@example.com"),
            channel("hook", "webhook_tokenauth", "url", "http://127.0.0.1:9/hook"),
            channel("chat", "slack", "channel_name", "#ops"),
        ];
        let policies = [policy("page", &["mail", "hook"], Some(1)), policy("ticket", &["chat", "gone"], Some(2))];
        let smtp = Smtp { url: "smtp://127.0.0.1:2525".into(), from: "runlane@example.com".into() };
        let (c, skipped) = config(&policies, &channels, Some(&smtp));
        assert_eq!(c["global"], json!({"smtp_smarthost": "127.0.0.1:2525", "smtp_from": "runlane@example.com", "smtp_require_tls": false}));
        assert_eq!(c["receivers"][1]["email_configs"][0]["to"], "oncall@example.com");
        assert_eq!(c["receivers"][1]["webhook_configs"][0]["url"], "http://127.0.0.1:9/hook");
        assert_eq!(c["route"]["routes"][0]["matchers"], json!(["runlane_policy=\"page\""]));
        assert_eq!(c["inhibit_rules"].as_array().unwrap().len(), 2);
        assert_eq!(c["inhibit_rules"][1]["target_matchers"][1], "runlane_tier=\"2\"");
        let text: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].contains("slack channels have no Alertmanager receiver"), "{text:?}");
        assert!(text[1].contains("notificationChannels/gone does not exist"), "{text:?}");
    }
}
