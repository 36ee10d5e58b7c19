//! Uptime checks (Cloud Monitoring's `uptimeCheckConfigs`) as plain Rust: what a check
//! is, what makes one valid, and whether one HTTP answer passes it. I/O-free: the
//! runner that sends the requests lives with the binary.
//!
//! runlane checks only loopback targets (`SERVICE.localhost:PORT`, `localhost`,
//! `127.0.0.0/8`, `::1`): it sends traffic nowhere else, so a check of any other host is
//! refused when it is written, naming `monitoredResource.labels.host`.

use crate::model::Labels;
use serde::{Deserialize, Serialize};

/// The shortest period accepted (Google allows 60 s, 300 s, 600 s and 900 s; runlane
/// takes any whole number of seconds from 10 s to 900 s, so a test need not wait minutes).
pub const MIN_PERIOD_SECS: u64 = 10;
pub const MAX_PERIOD_SECS: u64 = 900;
pub const DEFAULT_PERIOD_SECS: u64 = 60;
/// Google's bounds on `timeout`: 1 s to 60 s, 10 s when unset.
pub const MIN_TIMEOUT_SECS: f64 = 1.0;
pub const MAX_TIMEOUT_SECS: f64 = 60.0;
pub const DEFAULT_TIMEOUT_SECS: f64 = 10.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UptimeCheck {
    pub project: String,
    pub id: String,
    pub display_name: String,
    pub host: String,
    /// 80 (or 443 with TLS) when the check does not say.
    pub port: u16,
    pub use_ssl: bool,
    pub validate_ssl: bool,
    /// Starts with `/`.
    pub path: String,
    pub method: Method,
    pub headers: Labels,
    pub content_type: Option<String>,
    /// The request body for POST (Google sends it base64 on the wire; stored decoded).
    pub body: Option<String>,
    /// Empty means any 2xx, as on Google.
    pub accepted: Vec<AcceptedStatus>,
    pub content_matchers: Vec<ContentMatcher>,
    pub period_secs: u64,
    pub timeout_secs: f64,
    pub user_labels: Labels,
    pub created_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AcceptedStatus {
    /// One code, e.g. 204.
    Value(u16),
    /// A class by its hundreds digit: 2 for 2xx. 0 means any code.
    Class(u16),
}

impl AcceptedStatus {
    fn accepts(self, code: u16) -> bool {
        match self {
            AcceptedStatus::Value(v) => v == code,
            AcceptedStatus::Class(0) => true,
            AcceptedStatus::Class(c) => code / 100 == c,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Matcher {
    ContainsString,
    NotContainsString,
    MatchesRegex,
    NotMatchesRegex,
}

impl Matcher {
    pub const NAMES: [(&'static str, Matcher); 4] = [
        ("CONTAINS_STRING", Matcher::ContainsString),
        ("NOT_CONTAINS_STRING", Matcher::NotContainsString),
        ("MATCHES_REGEX", Matcher::MatchesRegex),
        ("NOT_MATCHES_REGEX", Matcher::NotMatchesRegex),
    ];

    pub fn parse(text: &str) -> Option<Matcher> {
        Matcher::NAMES
            .iter()
            .find(|(n, _)| *n == text)
            .map(|(_, m)| *m)
    }

    pub fn name(self) -> &'static str {
        Matcher::NAMES
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(n, _)| *n)
            .unwrap_or("CONTAINS_STRING")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentMatcher {
    pub content: String,
    pub matcher: Matcher,
}

impl UptimeCheck {
    pub fn name(&self) -> String {
        format!("projects/{}/uptimeCheckConfigs/{}", self.project, self.id)
    }

    /// The URL the check requests.
    pub fn url(&self) -> String {
        let scheme = if self.use_ssl { "https" } else { "http" };
        let host = if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{scheme}://{host}:{}{}", self.port, self.path)
    }

    /// What is wrong with the check, by field (Google's JSON names).
    pub fn errors(&self) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        if self.display_name.trim().is_empty() {
            errors.push(("displayName".into(), "give the check a display name".into()));
        }
        if let Err(why) = loopback_host(&self.host) {
            errors.push(("monitoredResource.labels.host".into(), why));
        }
        if self.validate_ssl && !self.use_ssl {
            errors.push((
                "httpCheck.validateSsl".into(),
                "a plain-HTTP check has no certificate to validate; set useSsl too, or drop validateSsl".into(),
            ));
        }
        if self.port == 0 {
            errors.push(("httpCheck.port".into(), "give a port from 1 to 65535".into()));
        }
        if !self.path.starts_with('/') || self.path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.push((
                "httpCheck.path".into(),
                format!("{:?} is not a URL path; give one starting with /, without spaces", self.path),
            ));
        }
        for name in self.headers.keys() {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                errors.push((format!("httpCheck.headers.{name}"), "not a valid HTTP header name".into()));
            }
        }
        for (name, value) in &self.headers {
            if http::HeaderValue::from_str(value).is_err() {
                errors.push((format!("httpCheck.headers.{name}"), "not a valid HTTP header value".into()));
            }
        }
        if self.body.is_some() && self.method == Method::Get {
            errors.push(("httpCheck.body".into(), "a GET check sends no body; use requestMethod POST".into()));
        }
        for (i, a) in self.accepted.iter().enumerate() {
            match *a {
                AcceptedStatus::Value(v) if !(100..=599).contains(&v) => errors.push((
                    format!("httpCheck.acceptedResponseStatusCodes[{i}].statusValue"),
                    format!("{v} is not an HTTP status code; give one from 100 to 599"),
                )),
                AcceptedStatus::Class(c) if c != 0 && !(1..=5).contains(&c) => errors.push((
                    format!("httpCheck.acceptedResponseStatusCodes[{i}].statusClass"),
                    "give STATUS_CLASS_1XX … STATUS_CLASS_5XX or STATUS_CLASS_ANY".into(),
                )),
                _ => {}
            }
        }
        for (i, m) in self.content_matchers.iter().enumerate() {
            if m.content.is_empty() {
                errors.push((format!("contentMatchers[{i}].content"), "give the content to look for".into()));
            }
            if matches!(m.matcher, Matcher::MatchesRegex | Matcher::NotMatchesRegex) {
                if let Err(e) = regex::Regex::new(&m.content) {
                    errors.push((format!("contentMatchers[{i}].content"), format!("not a regular expression: {e}")));
                }
            }
        }
        if self.content_matchers.len() > 1 {
            errors.push(("contentMatchers".into(), "give at most one content matcher (as Google does)".into()));
        }
        if !(MIN_PERIOD_SECS..=MAX_PERIOD_SECS).contains(&self.period_secs) {
            errors.push((
                "period".into(),
                format!(
                    "{}s is out of range; runlane accepts whole seconds from {MIN_PERIOD_SECS}s to {MAX_PERIOD_SECS}s (Google: 60s, 300s, 600s or 900s)",
                    self.period_secs
                ),
            ));
        }
        if !(MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&self.timeout_secs) {
            errors.push((
                "timeout".into(),
                format!("{}s is out of range; give from 1s to 60s", self.timeout_secs),
            ));
        } else if self.timeout_secs > self.period_secs as f64 {
            errors.push((
                "timeout".into(),
                format!("{}s is longer than the period ({}s); a check must end before the next starts", self.timeout_secs, self.period_secs),
            ));
        }
        errors
    }

    /// Whether an answer passes the check: `Err` says why not, for the incident.
    pub fn judge(&self, status: u16, body: &str) -> Result<(), String> {
        let accepted = if self.accepted.is_empty() {
            status / 100 == 2
        } else {
            self.accepted.iter().any(|a| a.accepts(status))
        };
        if !accepted {
            return Err(format!("{} answered {status}, which the check does not accept ({})", self.url(), self.accepted_text()));
        }
        for m in &self.content_matchers {
            let found = match m.matcher {
                Matcher::ContainsString | Matcher::NotContainsString => body.contains(&m.content),
                Matcher::MatchesRegex | Matcher::NotMatchesRegex => regex::Regex::new(&m.content)
                    .map(|r| r.is_match(body))
                    .unwrap_or(false),
            };
            let wanted = matches!(m.matcher, Matcher::ContainsString | Matcher::MatchesRegex);
            if found != wanted {
                return Err(format!(
                    "{} answered {status} but its body fails {} {:?}",
                    self.url(),
                    m.matcher.name(),
                    m.content
                ));
            }
        }
        Ok(())
    }

    fn accepted_text(&self) -> String {
        if self.accepted.is_empty() {
            return "2xx".into();
        }
        self.accepted
            .iter()
            .map(|a| match a {
                AcceptedStatus::Value(v) => v.to_string(),
                AcceptedStatus::Class(0) => "any".into(),
                AcceptedStatus::Class(c) => format!("{c}xx"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether `host` is on loopback: `localhost`, a name under `.localhost` (RFC 6761,
/// how runlane's router names services), `127.0.0.0/8` or `::1`.
pub fn loopback_host(host: &str) -> Result<(), String> {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if h.is_empty() {
        return Err("give the host to check, e.g. SERVICE.localhost or 127.0.0.1".into());
    }
    let bare = h.trim_start_matches('[').trim_end_matches(']');
    let is_loopback = h == "localhost"
        || h.ends_with(".localhost")
        || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if is_loopback {
        Ok(())
    } else {
        Err(format!(
            "{host:?} is not on loopback; runlane checks only this machine: SERVICE.localhost, localhost, 127.0.0.1 or ::1 (give the port in httpCheck.port)"
        ))
    }
}

/// An id from a display name, as Google makes them: the name lowered, runs of other
/// characters as `-`, then `-` and a random suffix.
pub fn id_from_display_name(display_name: &str, suffix: &str) -> String {
    let mut slug = String::new();
    for c in display_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    if slug.is_empty() {
        suffix.to_owned()
    } else {
        format!("{slug}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> UptimeCheck {
        UptimeCheck {
            project: "default".into(),
            id: "hello-abc".into(),
            display_name: "hello".into(),
            host: "hello.localhost".into(),
            port: 8080,
            use_ssl: false,
            validate_ssl: false,
            path: "/".into(),
            method: Method::Get,
            headers: Labels::new(),
            content_type: None,
            body: None,
            accepted: Vec::new(),
            content_matchers: Vec::new(),
            period_secs: 60,
            timeout_secs: 10.0,
            user_labels: Labels::new(),
            created_ms: 0,
        }
    }

    fn fields(c: &UptimeCheck) -> Vec<String> {
        c.errors().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn only_loopback_hosts_are_checked() {
        for ok in ["localhost", "hello.localhost", "tag---hello.localhost.", "127.0.0.1", "127.3.2.1", "::1", "[::1]", "HELLO.LOCALHOST"] {
            assert_eq!(loopback_host(ok), Ok(()), "{ok}");
        }
        for bad in ["example.com", "10.0.0.1", "localhost.example.com", "", "192.168.1.1", "::2"] {
            assert!(loopback_host(bad).is_err(), "{bad}");
        }
        let mut c = check();
        c.host = "example.com".into();
        assert_eq!(fields(&c), ["monitoredResource.labels.host"]);
        assert!(c.errors()[0].1.contains("not on loopback"));
    }

    #[test]
    fn bad_checks_name_each_field() {
        assert!(check().errors().is_empty());
        let mut c = check();
        c.period_secs = 5;
        c.timeout_secs = 0.5;
        c.path = "no-slash".into();
        c.display_name = " ".into();
        c.accepted = vec![AcceptedStatus::Value(999)];
        c.content_matchers = vec![ContentMatcher { content: "(".into(), matcher: Matcher::MatchesRegex }];
        c.headers.insert("bad header".into(), "x".into());
        assert_eq!(
            fields(&c),
            [
                "displayName",
                "httpCheck.path",
                "httpCheck.headers.bad header",
                "httpCheck.acceptedResponseStatusCodes[0].statusValue",
                "contentMatchers[0].content",
                "period",
                "timeout"
            ]
        );
        let mut c = check();
        c.period_secs = 10;
        c.timeout_secs = 20.0;
        assert_eq!(fields(&c), ["timeout"]);
        c.period_secs = 901;
        c.timeout_secs = 10.0;
        assert_eq!(fields(&c), ["period"]);
        let mut c = check();
        c.body = Some("x".into());
        assert_eq!(fields(&c), ["httpCheck.body"]);
    }

    #[test]
    fn status_codes_are_judged_by_value_or_class() {
        let mut c = check();
        assert_eq!(c.judge(200, ""), Ok(()));
        assert_eq!(c.judge(204, ""), Ok(()));
        let err = c.judge(503, "").unwrap_err();
        assert!(err.contains("http://hello.localhost:8080/ answered 503") && err.contains("2xx"), "{err}");
        c.accepted = vec![AcceptedStatus::Value(404), AcceptedStatus::Class(3)];
        assert!(c.judge(200, "").is_err());
        assert_eq!(c.judge(404, ""), Ok(()));
        assert_eq!(c.judge(302, ""), Ok(()));
        c.accepted = vec![AcceptedStatus::Class(0)];
        assert_eq!(c.judge(500, ""), Ok(()));
    }

    #[test]
    fn content_matchers_pass_or_fail_with_the_reason() {
        let mut c = check();
        let cases = [
            (Matcher::ContainsString, "Hello", "Hello, world", true),
            (Matcher::ContainsString, "Bye", "Hello, world", false),
            (Matcher::NotContainsString, "error", "Hello", true),
            (Matcher::NotContainsString, "Hello", "Hello", false),
            (Matcher::MatchesRegex, "^Hel+o", "Hello", true),
            (Matcher::MatchesRegex, "^world", "Hello world", false),
            (Matcher::NotMatchesRegex, "[0-9]{3}", "abc", true),
            (Matcher::NotMatchesRegex, "[0-9]{3}", "abc123", false),
        ];
        for (matcher, content, body, passes) in cases {
            c.content_matchers = vec![ContentMatcher { content: content.into(), matcher }];
            let got = c.judge(200, body);
            assert_eq!(got.is_ok(), passes, "{matcher:?} {content:?} on {body:?}: {got:?}");
            if let Err(e) = got {
                assert!(e.contains(matcher.name()) && e.contains(content), "{e}");
            }
        }
        c.content_matchers = vec![ContentMatcher { content: "Hello".into(), matcher: Matcher::ContainsString }];
        assert!(c.judge(500, "Hello").unwrap_err().contains("answered 500"));
    }

    #[test]
    fn urls_and_ids() {
        let mut c = check();
        assert_eq!(c.url(), "http://hello.localhost:8080/");
        c.host = "::1".into();
        c.validate_ssl = true;
        assert_eq!(fields(&c), ["httpCheck.validateSsl"]);
        c.use_ssl = true;
        assert!(fields(&c).is_empty());
        c.port = 8443;
        c.path = "/healthz?x=1".into();
        assert_eq!(c.url(), "https://[::1]:8443/healthz?x=1");
        assert_eq!(id_from_display_name("Hello Service (prod)", "x1"), "hello-service-prod-x1");
        assert_eq!(id_from_display_name("***", "x1"), "x1");
    }
}
