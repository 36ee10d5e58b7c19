//! The sample app's HTTP server: one hyper connection task per client (HTTP/1.1
//! keep-alive, h2c and upgrades), the routes tests and demos rely on, and a
//! graceful shutdown that lets in-flight requests finish.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::failures::request_fails;
use crate::upgrade::{requested_protocol, websocket_accept};
use crate::HelloConfig;

/// Response header naming the revision that answered.
pub const REVISION_HEADER: &str = "x-runlane-revision";

/// Response header with the number of requests this instance was handling when the
/// request arrived, itself included: tests check the router's concurrency limit with it.
pub const IN_FLIGHT_HEADER: &str = "x-runlane-in-flight";

/// Response header with the HTTP version the request reached the app in (`HTTP/1.1`,
/// `HTTP/2.0`): tests check what the router speaks to instances with it.
pub const PROTOCOL_HEADER: &str = "x-runlane-protocol";

type Body = UnsyncBoxBody<Bytes, hyper::Error>;

/// Serves the sample app on `listener` until `shutdown` resolves, then stops
/// accepting, lets in-flight requests finish and returns.
///
/// Prints one line to stdout once listening; every 500 it answers is logged
/// to stderr as a Cloud Run structured-log JSON line.
pub async fn serve(
    listener: TcpListener,
    config: HelloConfig,
    shutdown: impl Future,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    stdout_line(&format!(
        "hello: listening on {addr} (revision {})",
        config.revision
    ));
    let app = Arc::new(App {
        config,
        addr,
        requests: AtomicU64::new(0),
        in_flight: AtomicU64::new(0),
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let app = app.clone();
                    let ends = Ends { peer, local: stream.local_addr().unwrap_or(addr) };
                    let service = service_fn(move |req| handle(app.clone(), ends, req));
                    let conn = builder
                        .serve_connection_with_upgrades(TokioIo::new(stream), service)
                        .into_owned();
                    let conn = graceful.watch(conn);
                    tokio::spawn(async move {
                        // A client hanging up mid-request is its own business.
                        let _ = conn.await;
                    });
                }
                Err(error) => {
                    // Usually out of file descriptors: back off instead of spinning.
                    log_json("WARNING", &format!("hello could not accept a connection: {error}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The two ends of a client's connection, as the app sees them.
#[derive(Clone, Copy)]
struct Ends {
    peer: SocketAddr,
    local: SocketAddr,
}

struct App {
    config: HelloConfig,
    addr: SocketAddr,
    /// Requests seen so far; drives the deterministic `FAIL_PERCENT` spread.
    requests: AtomicU64,
    /// Requests being handled right now (until their response head is ready).
    in_flight: AtomicU64,
}

async fn handle(app: Arc<App>, ends: Ends, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let version = req.version();
    let n = app.requests.fetch_add(1, Ordering::Relaxed);
    let in_flight = app.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let mut response = respond(&app, ends, n, req).await;
    app.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
        .headers_mut()
        .insert(IN_FLIGHT_HEADER, HeaderValue::from(in_flight));
    if let Ok(value) = HeaderValue::try_from(format!("{version:?}")) {
        response.headers_mut().insert(PROTOCOL_HEADER, value);
    }
    Ok(response)
}

async fn respond(app: &App, ends: Ends, n: u64, req: Request<Incoming>) -> Response<Body> {
    let fails = request_fails(n, app.config.fail_percent);
    let delay = if fails { app.config.fail_delay } else { app.config.delay };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut response = if fails {
        let message = format!(
            "{} failed this request (FAIL_PERCENT={})",
            app.config.revision, app.config.fail_percent
        );
        log_json("ERROR", &message);
        text(StatusCode::INTERNAL_SERVER_ERROR, format!("{message}\n"))
    } else {
        route(app, ends, req).await
    };
    if let Ok(value) = HeaderValue::from_str(&app.config.revision) {
        response.headers_mut().insert(REVISION_HEADER, value);
    }
    response
}

async fn route(app: &App, ends: Ends, mut req: Request<Incoming>) -> Response<Body> {
    if let Some(protocol) = requested_protocol(req.headers()) {
        return switch_protocols(&mut req, &protocol);
    }
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    match (req.method(), path.as_str()) {
        (&Method::POST | &Method::PUT, "/echo") => echo(req),
        (&Method::GET, "/stream") => stream(&query),
        (_, "/trailers") => {
            // Read the request first, as a gRPC server reads its call: an HTTP/2 answer
            // that ends before the request does is followed by a stream reset, which
            // some clients (curl) report as an error after the trailers arrived.
            let _ = http_body_util::BodyExt::collect(req.into_body()).await;
            trailers()
        }
        (&Method::GET, "/sleep") => sleep(&query).await,
        (&Method::GET, "/crash") => crash(),
        (&Method::GET, "/env") => env(app),
        (&Method::GET, "/connection") => json(serde_json::json!({"peer": ends.peer.to_string(), "local": ends.local.to_string()})),
        (&Method::GET, p) if p.starts_with("/status/") => status(&p["/status/".len()..]),
        _ => text(
            StatusCode::OK,
            format!("Hello from {}!\n", app.config.revision),
        ),
    }
}

fn echo(req: Request<Incoming>) -> Response<Body> {
    let content_type = req.headers().get(header::CONTENT_TYPE).cloned();
    let mut response = Response::new(req.into_body().boxed_unsync());
    if let Some(ct) = content_type {
        response.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    response
}

fn stream(query: &str) -> Response<Body> {
    let (chunks, ms) = match (
        query_number(query, "chunks", 5),
        query_number(query, "ms", 100),
    ) {
        (Ok(chunks), Ok(ms)) => (chunks, ms),
        (Err(message), _) | (_, Err(message)) => return text(StatusCode::BAD_REQUEST, message),
    };
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, hyper::Error>::new(1);
    tokio::spawn(async move {
        for i in 0..chunks {
            if i > 0 && ms > 0 {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            if tx
                .send_data(Bytes::from(format!("chunk {i}\n")))
                .await
                .is_err()
            {
                return; // the client went away
            }
        }
    });
    let mut response = Response::new(body.boxed_unsync());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A body followed by trailer fields, as a gRPC server ends a call: tests check
/// that they cross the router. (Over HTTP/1.1 hyper sends them only to a client
/// that said `TE: trailers`.)
fn trailers() -> Response<Body> {
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, hyper::Error>::new(2);
    tokio::spawn(async move {
        if tx.send_data(Bytes::from_static(b"trailers follow\n")).await.is_err() {
            return;
        }
        let mut fields = http::HeaderMap::new();
        fields.insert("grpc-status", HeaderValue::from_static("0"));
        fields.insert("grpc-message", HeaderValue::from_static("all-good"));
        let _ = tx.send_trailers(fields).await;
    });
    let mut response = Response::new(body.boxed_unsync());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

async fn sleep(query: &str) -> Response<Body> {
    match query_number(query, "ms", 1000) {
        Ok(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            text(StatusCode::OK, format!("slept {ms} ms\n"))
        }
        Err(message) => text(StatusCode::BAD_REQUEST, message),
    }
}

fn crash() -> Response<Body> {
    log_json(
        "CRITICAL",
        "hello is exiting with code 3 because GET /crash asked it to",
    );
    std::process::exit(3)
}

fn env(app: &App) -> Response<Body> {
    json(serde_json::json!({
        "PORT": app.addr.port().to_string(),
        "K_SERVICE": app.config.service,
        "K_REVISION": app.config.revision,
        "K_CONFIGURATION": app.config.configuration,
    }))
}

fn json(body: serde_json::Value) -> Response<Body> {
    let mut response = Response::new(full(body.to_string() + "\n"));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn status(code: &str) -> Response<Body> {
    match code.parse::<u16>().ok().and_then(|c| StatusCode::from_u16(c).ok()) {
        Some(code) if code != StatusCode::SWITCHING_PROTOCOLS => {
            if code == StatusCode::INTERNAL_SERVER_ERROR {
                log_json("ERROR", "answered 500 because GET /status/500 asked for it");
            }
            text(code, format!("status {}\n", code.as_u16()))
        }
        _ => text(
            StatusCode::BAD_REQUEST,
            format!("status {code:?} is not an HTTP status code; ask for one from 100 to 999, e.g. /status/503\n"),
        ),
    }
}

/// Answers 101 and, once hyper hands over the connection, echoes raw bytes.
fn switch_protocols(req: &mut Request<Incoming>, protocol: &str) -> Response<Body> {
    let accept = req
        .headers()
        .get("sec-websocket-key")
        .map(|key| websocket_accept(key.as_bytes()));
    let on_upgrade = hyper::upgrade::on(req);
    tokio::spawn(async move {
        if let Ok(upgraded) = on_upgrade.await {
            let (mut reader, mut writer) = tokio::io::split(TokioIo::new(upgraded));
            let _ = tokio::io::copy(&mut reader, &mut writer).await;
            let _ = tokio::io::AsyncWriteExt::shutdown(&mut writer).await;
        }
    });
    let mut response = Response::new(full(String::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    if let Ok(value) = HeaderValue::from_str(protocol) {
        headers.insert(header::UPGRADE, value);
    }
    if let Some(accept) = accept.and_then(|a| HeaderValue::from_str(&a).ok()) {
        headers.insert("sec-websocket-accept", accept);
    }
    response
}

/// Reads `name` from a query string as a whole number, or says what is wrong.
fn query_number(query: &str, name: &str, default: u64) -> Result<u64, String> {
    let raw = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value);
    match raw {
        None => Ok(default),
        Some(value) => value.parse().map_err(|_| {
            format!("query parameter {name}={value:?} is not a whole number; pass e.g. {name}={default}\n")
        }),
    }
}

fn text(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn full(body: String) -> Body {
    Full::new(Bytes::from(body))
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// Writes one line to stdout (the print macro, so test harnesses capture it).
#[expect(
    clippy::print_stdout,
    reason = "the sample app reports to stdout by design"
)]
fn stdout_line(line: &str) {
    println!("{line}");
}

/// One Cloud Run structured-logging line on stderr.
#[expect(
    clippy::print_stderr,
    reason = "the sample app logs to stderr by design"
)]
fn log_json(severity: &str, message: &str) {
    let line = serde_json::json!({ "severity": severity, "message": message });
    eprintln!("{line}");
}
