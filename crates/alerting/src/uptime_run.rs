//! Runs uptime checks from runlane itself: each check every `period`, one fresh
//! connection per run from a source address registered with telemetry's
//! [`Probes`](runlane_telemetry::recorder::Probes) while it runs, so the router does not
//! count it as the service's traffic. Each run is recorded as
//! `uptime_check/check_passed` and `uptime_check/request_latency`, and its outcome is
//! kept (the last error) for the incidents of policies on the check.

use crate::uptime::{Method, UptimeCheck};
use crate::{lock, Alerting};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::time::Instant;
use tokio::sync::watch;

/// What a check's user agent says, as Google's checkers do.
pub const USER_AGENT: &str = "GoogleStackdriverMonitoring-UptimeChecks(https://cloud.google.com/monitoring) runlane";

/// Content matchers read at most this much of a body (Google reads the first 4 MB).
const BODY_LIMIT: usize = 4 << 20;

/// The last run of a check, for incidents and `describe`.
#[derive(Debug, Clone, PartialEq)]
pub struct LastRun {
    pub at_ms: i64,
    pub passed: bool,
    pub latency_ms: u64,
    /// Why it failed.
    pub error: Option<String>,
}

/// Which checks are due at `now`, given when each last started (pure): a check runs at
/// once when it is new or was changed, then every period.
pub fn due(checks: &[UptimeCheck], started: &HashMap<String, (Instant, UptimeCheck)>, now: Instant) -> Vec<UptimeCheck> {
    checks
        .iter()
        .filter(|c| match started.get(&c.name()) {
            None => true,
            Some((at, old)) => old != *c || now.saturating_duration_since(*at) >= Duration::from_secs(c.period_secs),
        })
        .cloned()
        .collect()
}

pub(crate) async fn run(a: Alerting, mut stop: watch::Receiver<bool>) {
    let mut started: HashMap<String, (Instant, UptimeCheck)> = HashMap::new();
    loop {
        let checks = a.all_uptime_checks();
        started.retain(|name, _| checks.iter().any(|c| c.name() == *name));
        let now = Instant::now();
        for check in due(&checks, &started, now) {
            started.insert(check.name(), (now, check.clone()));
            let a = a.clone();
            tokio::spawn(async move {
                let clock_start = Instant::now();
                let outcome = tokio::time::timeout(Duration::from_secs_f64(check.timeout_secs), probe(&a, &check)).await;
                let latency_ms = clock_start.elapsed().as_millis() as u64;
                let result = match outcome {
                    Ok(Ok((status, body))) => check.judge(status, &body),
                    Ok(Err(e)) => Err(format!("{}: {e}", check.url())),
                    Err(_) => Err(format!("{}: no complete answer within the timeout ({}s)", check.url(), check.timeout_secs)),
                };
                let passed = result.is_ok();
                a.inner.telemetry.record_uptime_check(&check.project, &check.host, &check.id, passed, latency_ms);
                if let Err(e) = &result {
                    tracing::info!(check = %check.name(), error = %e, "uptime check failed");
                }
                let run = LastRun { at_ms: a.now_ms(), passed, latency_ms, error: result.err() };
                lock(&a.inner.uptime_runs).insert(check.name(), run);
            });
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// One request of `check`: (status, body as text).
async fn probe(a: &Alerting, check: &UptimeCheck) -> Result<(u16, String), String> {
    let targets: Vec<SocketAddr> = tokio::net::lookup_host((check.host.as_str(), check.port))
        .await
        .map_err(|e| format!("cannot resolve {}: {e}", check.host))?
        .collect();
    // The name was loopback when the check was written; what it resolves to must be too.
    let mut targets: Vec<SocketAddr> = targets.into_iter().filter(|t| t.ip().is_loopback()).collect();
    targets.sort_by_key(|t| !t.is_ipv4());
    if targets.is_empty() {
        return Err(format!("{} resolves to no loopback address; runlane checks only this machine", check.host));
    }
    let probes = a.inner.telemetry.probes();
    let mut last_error = String::new();
    for target in targets {
        let socket = if target.is_ipv4() { tokio::net::TcpSocket::new_v4() } else { tokio::net::TcpSocket::new_v6() }
            .map_err(|e| format!("cannot open a socket: {e}"))?;
        let local = if target.is_ipv4() { SocketAddr::from(([127, 0, 0, 1], 0)) } else { SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0)) };
        socket.bind(local).map_err(|e| format!("cannot bind a socket: {e}"))?;
        let source = socket.local_addr().map_err(|e| format!("cannot read the socket's address: {e}"))?;
        // Registered before the connection exists, dropped after the body is read: the
        // router records the request at the body's end, while it is still registered.
        let _guard = probes.register(source);
        let stream = match socket.connect(target).await {
            Ok(s) => s,
            Err(e) => {
                last_error = format!("cannot connect to {target}: {e}");
                continue;
            }
        };
        return exchange(stream, check).await;
    }
    Err(last_error)
}

async fn exchange(stream: tokio::net::TcpStream, check: &UptimeCheck) -> Result<(u16, String), String> {
    let (mut sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake failed: {e}"))?;
    let _driver = AbortOnDrop(tokio::spawn(conn));
    let authority = if check.host.contains(':') { format!("[{}]:{}", check.host, check.port) } else { format!("{}:{}", check.host, check.port) };
    let mut request = http::Request::builder()
        .method(match check.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
        })
        .uri(&check.path)
        .header(http::header::HOST, authority)
        .header(http::header::USER_AGENT, USER_AGENT);
    for (name, value) in &check.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    if let Some(t) = &check.content_type {
        request = request.header(http::header::CONTENT_TYPE, t.as_str());
    }
    let body = Full::new(Bytes::from(check.body.clone().unwrap_or_default()));
    let request = request.body(body).map_err(|e| format!("cannot build the request: {e}"))?;
    let response = sender.send_request(request).await.map_err(|e| format!("the request failed: {e}"))?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), BODY_LIMIT)
        .collect()
        .await
        .map(|b| b.to_bytes())
        .or_else(|e| if e.is::<http_body_util::LengthLimitError>() { Ok(Bytes::new()) } else { Err(e) })
        .map_err(|e| format!("the response body failed after status {status}: {e}"))?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// Ends the connection's task however the exchange ends (a timeout drops it mid-way).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labels;

    fn check(id: &str, period: u64) -> UptimeCheck {
        UptimeCheck {
            project: "p".into(),
            id: id.into(),
            display_name: id.into(),
            host: "localhost".into(),
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
            period_secs: period,
            timeout_secs: 5.0,
            user_labels: Labels::new(),
            created_ms: 0,
        }
    }

    #[test]
    fn checks_run_at_once_then_every_period_and_again_when_changed() {
        let t0 = Instant::now();
        let a = check("a", 10);
        let b = check("b", 60);
        let names = |v: Vec<UptimeCheck>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
        let mut started = HashMap::new();
        assert_eq!(names(due(&[a.clone(), b.clone()], &started, t0)), ["a", "b"]);
        started.insert(a.name(), (t0, a.clone()));
        started.insert(b.name(), (t0, b.clone()));
        assert!(due(&[a.clone(), b.clone()], &started, t0 + Duration::from_secs(9)).is_empty());
        assert_eq!(names(due(&[a.clone(), b.clone()], &started, t0 + Duration::from_secs(10))), ["a"]);
        let mut b2 = b.clone();
        b2.path = "/healthz".into();
        assert_eq!(names(due(&[a, b2], &started, t0 + Duration::from_secs(1))), ["b"]);
    }
}
