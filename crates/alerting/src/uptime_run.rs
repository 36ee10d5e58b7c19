//! Runs uptime checks from runlane itself: each check every `period` (sleeping until the
//! next is due, woken early when a check changes), one fresh connection per run (TLS
//! for `useSsl`, see `uptime_tls`) from a source address registered with telemetry's
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

/// When the next of `checks` is due after the runs in `started` (pure): None without
/// checks, `now` for a check that has not run in its present form.
pub fn next_due(
    checks: &[UptimeCheck],
    started: &HashMap<String, (Instant, UptimeCheck)>,
    now: Instant,
) -> Option<Instant> {
    checks
        .iter()
        .map(|c| match started.get(&c.name()) {
            Some((at, old)) if old == c => *at + Duration::from_secs(c.period_secs),
            _ => now,
        })
        .min()
}

pub(crate) async fn run(a: Alerting, stop: watch::Receiver<bool>) {
    let runner = a.clone();
    schedule(
        || a.all_uptime_checks(),
        &a.inner.uptime_changed,
        stop,
        move |check| {
            let a = runner.clone();
            tokio::spawn(async move { run_once(&a, &check).await });
        },
    )
    .await;
}

/// Starts each check when it is due (`start`), sleeping until the next one is due or
/// `changed` says the checks changed, until `stop`. Separate from the requests so a
/// test drives it with a paused clock.
async fn schedule(
    checks: impl Fn() -> Vec<UptimeCheck>,
    changed: &tokio::sync::Notify,
    mut stop: watch::Receiver<bool>,
    mut start: impl FnMut(UptimeCheck),
) {
    let mut started: HashMap<String, (Instant, UptimeCheck)> = HashMap::new();
    loop {
        // Registered before the checks are read, so a change made while they are being
        // started still wakes the next sleep.
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let checks = checks();
        started.retain(|name, _| checks.iter().any(|c| c.name() == *name));
        let now = Instant::now();
        for check in due(&checks, &started, now) {
            started.insert(check.name(), (now, check.clone()));
            start(check);
        }
        let sleep = async {
            match next_due(&checks, &started, Instant::now()) {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = sleep => {}
            () = notified => {}
            _ = stop.changed() => return,
        }
    }
}

/// Runs `check` once and records the outcome.
async fn run_once(a: &Alerting, check: &UptimeCheck) {
    let clock_start = Instant::now();
    let outcome =
        tokio::time::timeout(Duration::from_secs_f64(check.timeout_secs), probe(a, check)).await;
    let latency_ms = clock_start.elapsed().as_millis() as u64;
    let result = match outcome {
        Ok(Ok((status, body))) => check.judge(status, &body),
        Ok(Err(e)) => Err(format!("{}: {e}", check.url())),
        Err(_) => Err(format!(
            "{}: no complete answer within the timeout ({}s)",
            check.url(),
            check.timeout_secs
        )),
    };
    let passed = result.is_ok();
    a.inner.telemetry.record_uptime_check(
        &check.project,
        &check.host,
        &check.id,
        passed,
        latency_ms,
    );
    if let Err(e) = &result {
        tracing::info!(check = %check.name(), error = %e, "uptime check failed");
    }
    let run = LastRun {
        at_ms: a.now_ms(),
        passed,
        latency_ms,
        error: result.err(),
    };
    lock(&a.inner.uptime_runs).insert(check.name(), run);
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
        if !check.use_ssl {
            return exchange(stream, check).await;
        }
        let name = crate::uptime_tls::server_name(&check.host)?;
        let tls = a
            .inner
            .check_tls
            .connector(check.validate_ssl)
            .connect(name, stream)
            .await
            .map_err(|e| {
                let validating = if check.validate_ssl {
                    " (validateSsl: the certificate must chain to a trusted root and name the host)"
                } else {
                    ""
                };
                format!("the TLS handshake with {target} failed: {e}{validating}")
            })?;
        return exchange(tls, check).await;
    }
    Err(last_error)
}

async fn exchange<S>(stream: S, check: &UptimeCheck) -> Result<(u16, String), String>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
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
        assert_eq!(
            names(due(
                &[a.clone(), b2.clone()],
                &started,
                t0 + Duration::from_secs(1)
            )),
            ["b"]
        );
        assert_eq!(
            next_due(&[a.clone(), b.clone()], &started, t0),
            Some(t0 + Duration::from_secs(10))
        );
        assert_eq!(
            next_due(std::slice::from_ref(&b), &started, t0),
            Some(t0 + Duration::from_secs(60))
        );
        assert_eq!(
            next_due(&[a, b2], &started, t0 + Duration::from_secs(1)),
            Some(t0 + Duration::from_secs(1))
        );
        assert_eq!(next_due(&[], &started, t0), None);
    }

    /// The runner sleeps until a check is due: over 125 s of a paused clock, a 10 s and
    /// a 60 s check start exactly on their periods, a check created meanwhile starts at
    /// once, and the runner wakes for nothing else.
    #[tokio::test(start_paused = true)]
    async fn the_runner_sleeps_until_the_next_check_is_due() {
        use std::sync::{Arc, Mutex};
        let t0 = Instant::now();
        let checks = Arc::new(Mutex::new(vec![check("a", 10), check("b", 60)]));
        let reads = Arc::new(Mutex::new(0u32));
        let starts: Arc<Mutex<Vec<(String, u64)>>> = Arc::default();
        let changed = Arc::new(tokio::sync::Notify::new());
        let (stop_tx, stop_rx) = watch::channel(false);
        let runner = {
            let (checks, reads, starts, changed) = (
                checks.clone(),
                reads.clone(),
                starts.clone(),
                changed.clone(),
            );
            tokio::spawn(async move {
                let read = || {
                    *reads.lock().unwrap() += 1;
                    checks.lock().unwrap().clone()
                };
                let start =
                    |c: UptimeCheck| starts.lock().unwrap().push((c.id, t0.elapsed().as_secs()));
                schedule(read, &changed, stop_rx, start).await;
            })
        };
        tokio::time::sleep(Duration::from_millis(45_500)).await;
        checks.lock().unwrap().push(check("c", 30));
        changed.notify_one();
        tokio::time::sleep(Duration::from_millis(80_000)).await;
        stop_tx.send(true).unwrap();
        runner.await.unwrap();
        let starts = starts.lock().unwrap().clone();
        let at = |id: &str| {
            starts
                .iter()
                .filter(|(c, _)| c == id)
                .map(|(_, s)| *s)
                .collect::<Vec<_>>()
        };
        assert_eq!(at("a"), (0..=120).step_by(10).collect::<Vec<_>>());
        assert_eq!(at("b"), [0, 60, 120]);
        // Created at 45.5 s: started at once, then every 30 s (75.5, 105.5).
        assert_eq!(at("c"), [45, 75, 105]);
        // One wake per distinct due time and one for the change: 13 (a's) + 1 (c's
        // creation) + 2 (c's runs off a's grid); b's fall on a's.
        assert_eq!(*reads.lock().unwrap(), 16);
    }
}
