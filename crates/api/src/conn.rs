//! How the admin API holds its connections, plain or TLS: a client
//! that connects and sends nothing, dribbles a head, or keeps an idle keep-alive
//! connection must not hold a file descriptor the router needs, nor keep the API from
//! answering someone else.
//!
//! - A head must arrive within [`HEADER_READ_TIMEOUT`] (hyper's timer), and a connection
//!   with no request in flight is closed after [`IDLE_TIMEOUT`] (HTTP/1 and HTTP/2 alike,
//!   and before hyper has even seen which protocol the client speaks).
//! - At most [`ConnectionLimits::max_connections`] are open, a share of the process's
//!   open-file limit ([`api_connection_cap`]). At the cap, a new connection takes the
//!   place of the oldest one with no request in flight (nginx does the same with its
//!   "reusable" connections when `worker_connections` runs out: `ngx_drain_connections`
//!   closes idle keep-alive and not-yet-read connections, oldest first). When every open
//!   connection has a request in flight, the new one is closed at once: it is the only
//!   one that has been promised nothing.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::time::Instant;
use tower::ServiceExt;

/// How long a client has to send a request head once it has started one (or connected).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection with no request in flight stays open (nginx's
/// `keepalive_timeout` is 75 s, Go's `IdleTimeout` is unset; gcloud and the CLI reconnect).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long in-flight API requests get to finish after shutdown.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause after a failed `accept` (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The API's share of the open-file limit `nofile`: an eighth, between 16 and 4,096.
/// The rest is the router's (a proxied request needs a client and an instance socket)
/// and the data dir's (databases, logs, instances' pipes): an API flood then cannot take
/// the descriptors the router and the store need. Envoy's overload manager caps
/// downstream connections per listener the same way (`max_downstream_connections`).
pub fn api_connection_cap(nofile: u64) -> usize {
    usize::try_from(nofile / 8).unwrap_or(usize::MAX).clamp(16, 4096)
}

/// What one API listener allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub idle_timeout: Duration,
    pub header_read_timeout: Duration,
}

impl ConnectionLimits {
    /// The limits for a process whose open-file limit is `nofile`.
    pub fn for_open_files(nofile: u64) -> Self {
        ConnectionLimits { max_connections: api_connection_cap(nofile), idle_timeout: IDLE_TIMEOUT, header_read_timeout: HEADER_READ_TIMEOUT }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, each accepted socket first passed
/// through `handshake` (TLS, or nothing), then lets in-flight requests finish (up to a
/// drain timeout).
pub(crate) async fn serve_connections<IO, H, HF>(
    listener: TcpListener,
    app: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
    handshake: H,
) -> std::io::Result<()>
where
    H: Fn(TcpStream, SocketAddr) -> HF + Clone + Send + Sync + 'static,
    HF: Future<Output = Option<IO>> + Send + 'static,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let open = Arc::new(Open::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                tracing::warn!(%err, "accepting an API connection failed; retrying");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let Some(admitted) = open.admit() else {
            tracing::debug!(%peer, cap = limits.max_connections, "every API connection has a request in flight; closing the new one");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let handshake = handshake.clone();
        let app = app.clone();
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let idle_timeout = limits.idle_timeout;
        tokio::spawn(async move {
            let activity = admitted.activity.clone();
            let serve = async {
                let Some(io) = handshake(stream, peer).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let busy = Busy::begin(&activity);
                    let app = app.clone();
                    async move {
                        let http1 = request.version() < http::Version::HTTP_2;
                        let (request, read_to_end) = ReadToEnd::watch(request);
                        let mut response = app.oneshot(request).await?;
                        if http1 && !read_to_end.load(Ordering::Acquire) {
                            // Answered before its body was read (401, 404, 405, 413): hyper
                            // cannot reuse the connection, so say it closes, or the client
                            // sends its next request into a closing socket.
                            response.headers_mut().insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
                        }
                        Ok::<_, std::convert::Infallible>(response.map(|body| Body::new(WhileBusy { body, _busy: busy })))
                    }
                });
                let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service).into_owned();
                if let Err(err) = watcher.watch(conn).await {
                    tracing::debug!(%peer, %err, "API connection ended with an error");
                }
            };
            tokio::select! {
                () = serve => {}
                () = admitted.activity.until_closed(idle_timeout) => {
                    tracing::debug!(%peer, "closing an idle API connection");
                }
            }
            drop(admitted);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await.is_err() {
        tracing::warn!("API requests did not finish within the drain timeout; closing their connections");
    }
    Ok(())
}

// === impl Open ===

/// The open connections, oldest first.
struct Open {
    cap: usize,
    conns: Mutex<BTreeMap<u64, Arc<Activity>>>,
    next_id: AtomicU64,
}

/// One open connection's activity: whether it has requests in flight and since when it has none.
struct Activity {
    base: Instant,
    in_flight: AtomicUsize,
    idle_since_ms: AtomicU64,
    evicted: Notify,
}

/// A connection's place in [`Open`], given back when the connection ends.
struct Admitted {
    open: Arc<Open>,
    id: u64,
    activity: Arc<Activity>,
}

impl Open {
    fn new(cap: usize) -> Self {
        Open { cap: cap.max(1), conns: Mutex::default(), next_id: AtomicU64::new(0) }
    }

    /// A place for a new connection, evicting the oldest idle one at the cap; None when
    /// every open connection has a request in flight.
    fn admit(self: &Arc<Self>) -> Option<Admitted> {
        let mut conns = self.conns.lock().unwrap_or_else(|p| p.into_inner());
        if conns.len() >= self.cap {
            let oldest_idle = conns.iter().find(|(_, activity)| activity.in_flight.load(Ordering::SeqCst) == 0).map(|(id, _)| *id)?;
            if let Some(evicted) = conns.remove(&oldest_idle) {
                evicted.evicted.notify_one();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity { base: Instant::now(), in_flight: AtomicUsize::new(0), idle_since_ms: AtomicU64::new(0), evicted: Notify::new() });
        conns.insert(id, activity.clone());
        Some(Admitted { open: self.clone(), id, activity })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.open.conns.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

impl Activity {
    fn millis_since_base(&self) -> u64 {
        u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Resolves when the connection must close: evicted, or `idle_timeout` with no
    /// request in flight.
    async fn until_closed(&self, idle_timeout: Duration) {
        loop {
            let idle_since = self.idle_since_ms.load(Ordering::SeqCst);
            // A request in flight: look again one idle timeout later (its end moves idle_since).
            let deadline = if self.in_flight.load(Ordering::SeqCst) > 0 {
                Instant::now() + idle_timeout
            } else {
                self.base + Duration::from_millis(idle_since) + idle_timeout
            };
            tokio::select! {
                () = self.evicted.notified() => return,
                () = tokio::time::sleep_until(deadline) => {
                    if self.in_flight.load(Ordering::SeqCst) == 0 && self.idle_since_ms.load(Ordering::SeqCst) == idle_since {
                        return;
                    }
                }
            }
        }
    }
}

/// A request in flight on a connection, from its head until its response body is done.
struct Busy(Arc<Activity>);

impl Busy {
    fn begin(activity: &Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(activity.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.idle_since_ms.store(self.0.millis_since_base(), Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request counted as in flight until it is sent or dropped.
struct WhileBusy {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for WhileBusy {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A request body that says when it has been read to its end (or had none).
struct ReadToEnd {
    body: hyper::body::Incoming,
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl ReadToEnd {
    fn watch(request: http::Request<hyper::body::Incoming>) -> (http::Request<Body>, Arc<std::sync::atomic::AtomicBool>) {
        use http_body::Body as _;
        let done = Arc::new(std::sync::atomic::AtomicBool::new(request.body().is_end_stream()));
        let watched = done.clone();
        (request.map(|body| Body::new(ReadToEnd { body, done: watched })), done)
    }
}

impl http_body::Body for ReadToEnd {
    type Data = bytes::Bytes;
    type Error = hyper::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.body.is_end_stream() {
            self.done.store(true, Ordering::Release);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_gets_an_eighth_of_the_open_file_limit_within_bounds() {
        for (nofile, cap) in [(0, 16), (256, 32), (1024, 128), (20_000, 2500), (1 << 20, 4096), (u64::MAX, 4096)] {
            assert_eq!(api_connection_cap(nofile), cap, "nofile {nofile}");
        }
    }

    #[tokio::test]
    async fn at_the_cap_the_oldest_idle_connection_makes_room_and_busy_ones_are_kept() {
        let open = Arc::new(Open::new(2));
        let first = open.admit().unwrap();
        let second = open.admit().unwrap();
        let busy = Busy::begin(&first.activity);
        let third = open.admit().expect("the second connection is idle: it makes room");
        tokio::time::timeout(Duration::from_secs(1), second.activity.until_closed(Duration::from_secs(3600))).await.expect("the evicted connection is told to close");
        let fourth_busy = Busy::begin(&third.activity);
        assert!(open.admit().is_none(), "both open connections have a request in flight: the newest is refused");
        drop(busy);
        assert!(open.admit().is_some(), "the first connection is idle again: it makes room");
        drop(fourth_busy);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_closes_after_the_idle_timeout_only_with_no_request_in_flight() {
        let open = Arc::new(Open::new(4));
        let conn = open.admit().unwrap();
        let busy = Busy::begin(&conn.activity);
        let closed = conn.activity.until_closed(Duration::from_secs(60));
        tokio::pin!(closed);
        assert!(tokio::time::timeout(Duration::from_secs(120), &mut closed).await.is_err(), "a request in flight keeps it open");
        drop(busy);
        let idle_from = Instant::now();
        closed.await;
        assert_eq!(idle_from.elapsed(), Duration::from_secs(60), "closed one idle timeout after its last request ended");
    }
}
