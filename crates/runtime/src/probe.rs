//! Running startup and liveness probes against an instance's loopback port.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Empty;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::spec::{startup_poll_interval, Probe, ProbeAction};

/// Why one probe attempt failed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("connecting to {addr} failed ({source})")]
    Connect {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("no answer from {addr} within {timeout:?}")]
    TimedOut { addr: SocketAddr, timeout: Duration },
    #[error("GET {path} on {addr} failed ({source})")]
    Http {
        addr: SocketAddr,
        path: String,
        source: hyper::Error,
    },
    #[error("GET {path} on {addr} answered {status}")]
    Status {
        addr: SocketAddr,
        path: String,
        status: u16,
    },
}

/// One probe attempt, bounded by the probe's timeout.
pub async fn probe_once(probe: &Probe, addr: SocketAddr) -> Result<(), ProbeError> {
    let timeout = probe.timeout;
    match tokio::time::timeout(timeout, attempt(&probe.action, addr)).await {
        Ok(result) => result,
        Err(_) => Err(ProbeError::TimedOut { addr, timeout }),
    }
}

async fn attempt(action: &ProbeAction, addr: SocketAddr) -> Result<(), ProbeError> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|source| ProbeError::Connect { addr, source })?;
    let ProbeAction::Http { path } = action else {
        return Ok(());
    };
    let http = |source| ProbeError::Http {
        addr,
        path: path.clone(),
        source,
    };
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(http)?;
    let conn = tokio::spawn(conn);
    let request = http::Request::get(path.as_str())
        .header(http::header::HOST, addr.to_string())
        .header(http::header::USER_AGENT, "runlane-probe")
        .body(Empty::<Bytes>::new());
    let result = match request {
        Ok(request) => sender.send_request(request).await.map_err(http),
        // An unparsable path can never succeed; report it like a 400.
        Err(_) => {
            conn.abort();
            return Err(ProbeError::Status {
                addr,
                path: path.clone(),
                status: 400,
            });
        }
    };
    drop(sender);
    conn.abort();
    let status = result?.status();
    if status.is_success() || status.is_redirection() {
        Ok(())
    } else {
        Err(ProbeError::Status {
            addr,
            path: path.clone(),
            status: status.as_u16(),
        })
    }
}

/// Polls the startup probe (every few ms at first) until it passes, or until
/// its window closes; then returns the last failure.
pub(crate) async fn wait_until_started(probe: &Probe, addr: SocketAddr) -> Result<(), ProbeError> {
    tokio::time::sleep(probe.initial_delay).await;
    let first = Instant::now();
    let deadline = first + probe.startup_window();
    loop {
        let error = match probe_once(probe, addr).await {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(error);
        }
        let next = now + startup_poll_interval(now - first, probe.period);
        tokio::time::sleep_until(next.min(deadline)).await;
    }
}

/// Runs a liveness probe every period; resolves with the last error once it
/// has failed `failure_threshold` times in a row. Never resolves without a probe.
pub(crate) async fn watch_liveness(probe: Option<&Probe>, addr: SocketAddr) -> (u32, ProbeError) {
    let Some(probe) = probe else {
        return std::future::pending().await;
    };
    tokio::time::sleep(probe.initial_delay).await;
    let mut ticker = tokio::time::interval(probe.period.max(Duration::from_millis(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failures = 0;
    loop {
        ticker.tick().await;
        match probe_once(probe, addr).await {
            Ok(()) => failures = 0,
            Err(error) => {
                failures += 1;
                if failures >= probe.failure_threshold.max(1) {
                    return (failures, error);
                }
            }
        }
    }
}
