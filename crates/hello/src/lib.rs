//! `runlane hello`: the built-in sample app. It behaves like a small Cloud Run
//! service whose failures, latency and cold start are dialled in through
//! environment variables, so the router, runtime, autoscaler and rollouts can
//! be demonstrated and tested without building a container.
//!
//! Routes: `GET /` (and any unknown path) greets with the revision name;
//! `POST|PUT /echo` streams the body back; `GET /stream?chunks=N&ms=M`;
//! `GET /sleep?ms=N`; `GET /status/NNN`; `GET /crash` exits with code 3;
//! `GET /env`; `GET /connection` (the client's and the app's addresses as the app sees
//! them); any `Connection: upgrade` request gets 101 and a raw echo. Every
//! response says how many requests the instance was handling (`x-runlane-in-flight`).

#![forbid(unsafe_code)]

mod config;
mod failures;
mod server;
mod upgrade;

use std::net::Ipv4Addr;

pub use config::{ConfigError, HelloConfig};
pub use failures::request_fails;
pub use server::{serve, IN_FLIGHT_HEADER, REVISION_HEADER};
pub use upgrade::websocket_accept;

/// Runs the app as configured by `PORT`, `K_SERVICE`, `K_REVISION`,
/// `K_CONFIGURATION`, `FAIL_PERCENT`, `DELAY_MS`, `FAIL_DELAY_MS` and `STARTUP_DELAY_MS`,
/// until SIGTERM or Ctrl-C; in-flight requests finish before it returns.
///
/// An invalid variable is an `InvalidInput` error whose message names it.
pub async fn run_from_env() -> std::io::Result<()> {
    let config = HelloConfig::from_lookup(|var| std::env::var(var).ok())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    if !config.startup_delay.is_zero() {
        tokio::time::sleep(config.startup_delay).await;
    }
    let port = config.port;
    // All interfaces, as Cloud Run's contract asks: in a container the router reaches the
    // instance at the container's own address, not at its loopback.
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::UNSPECIFIED, port))
        .await
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "hello could not listen on 0.0.0.0:{port} ({e}); set PORT to a free port"
                ),
            )
        })?;
    let shutdown = async move {
        tokio::select! {
            _ = sigterm.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    };
    serve(listener, config, shutdown).await
}
