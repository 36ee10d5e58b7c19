//! The [`Router`] handle: publishing route tables, and serving listeners
//! until a shutdown signal, then draining.
//!
//! `serve` takes its listeners and shutdown future as arguments, so tests
//! bind port 0 and run it in-process.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use hyper_util::server::conn::auto;
use runlane_telemetry::RequestSink;
use tokio::net::TcpListener;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::connection_cap::ConnectionCap;
use crate::config::RouterConfig;
use crate::front;
use crate::https;
use crate::serving::{Inner, Serving, Signal};
use crate::table::RouteTable;

/// Pause after a failed `accept` (e.g. out of file descriptors) before retrying.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The data plane. Cheap to clone; clones share the table.
#[derive(Clone, Debug)]
pub struct Router {
    inner: Arc<Inner>,
}

/// The threads that serve connections, each running its own single-threaded
/// event loop, as nginx runs one worker per core. A client connection, the
/// upstream connections its requests use and the tasks hyper spawns for both stay
/// on one thread: no work stealing and no cross-thread wake-up per request, and
/// each thread's upstream pool is touched by that thread alone. Each thread
/// accepts for itself on every listener (as nginx's workers do), so a new
/// connection, its TLS handshake included, is served where it was accepted:
/// no hand-over and no cross-thread wake-up per connection. A connection wakes
/// every thread's accept; the first takes it, the others find nothing and wait
/// again.
///
/// Started by [`Router::start_serving_threads`] (ahead of serving, so a failure
/// to start them is known before anything else starts) or by [`Router::serve`].
pub struct ServingThreads {
    threads: Vec<ServingThread>,
    stop: CancellationToken,
}

struct ServingThread {
    runtime: tokio::runtime::Handle,
    thread: std::thread::JoinHandle<()>,
}

impl ServingThreads {
    fn start(config: &RouterConfig) -> std::io::Result<ServingThreads> {
        let stop = CancellationToken::new();
        // Threads already started end if a later one cannot start.
        let stop_on_error = stop.clone().drop_guard();
        let mut threads = Vec::new();
        for index in 0..config.serving_threads.max(1) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let handle = runtime.handle().clone();
            let stopped = stop.clone();
            let idle_timeout = config.upstream_idle_timeout;
            let thread = std::thread::Builder::new()
                .name(format!("runlane-router-{index}"))
                .spawn(move || {
                    runtime.block_on(async {
                        tokio::select! {
                            () = stopped.cancelled() => {}
                            () = crate::serving::sweep_idle(idle_timeout) => {}
                        }
                    });
                    // Dropping the runtime drops whatever drain left behind.
                })?;
            threads.push(ServingThread {
                runtime: handle,
                thread,
            });
        }
        stop_on_error.disarm();
        Ok(ServingThreads { threads, stop })
    }

    /// Ends the threads' event loops and waits for the threads to exit.
    async fn stop(self) {
        self.stop.cancel();
        let threads: Vec<_> = self.threads.into_iter().map(|t| t.thread).collect();
        let joined = tokio::task::spawn_blocking(move || {
            for thread in threads {
                if thread.join().is_err() {
                    tracing::error!("a router serving thread panicked");
                }
            }
        });
        if let Err(err) = joined.await {
            tracing::error!(%err, "waiting for the router serving threads failed");
        }
    }
}

impl Router {
    /// A router with an empty table for `config.domain`: every request gets
    /// 404 until [`Router::publish`].
    pub fn new(config: RouterConfig) -> Self {
        Router::with_telemetry(config, RequestSink::detached())
    }

    /// A router that records every request routed to a revision into
    /// `telemetry` (metrics and request log entries).
    pub fn with_telemetry(config: RouterConfig, telemetry: RequestSink) -> Self {
        Router {
            inner: Arc::new(Inner {
                table: ArcSwap::from_pointee(RouteTable::empty(&config.domain)),
                generation: AtomicU64::new(0),
                table_changed: tokio::sync::Notify::new(),
                queued: tokio::sync::Notify::new(),
                dialer: config.dialer.clone().map(|dialer| &**Box::leak(Box::new(dialer))),
                config,
                telemetry,
            }),
        }
    }

    /// Swaps in `table`. Every request whose head is read after this returns
    /// is routed by `table`; requests already routed finish where they are.
    pub fn publish(&self, table: RouteTable) {
        self.inner.table.store(Arc::new(table));
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
        self.inner.table_changed.notify_waiters();
    }

    /// Resolves when a request has started waiting for an instance (a revision has
    /// none ready, or all are at their containerConcurrency) since the last call
    /// resolved: the autoscaler's activation signal. Signals while nobody waits
    /// collapse into one.
    pub async fn queued(&self) {
        self.inner.queued.notified().await;
    }

    /// The table requests are routed by right now.
    pub fn table(&self) -> Arc<RouteTable> {
        self.inner.table.load_full()
    }

    /// Starts the threads that serve connections ([`RouterConfig::serving_threads`])
    /// for [`Router::serve_on`]; they end when it returns.
    pub fn start_serving_threads(&self) -> std::io::Result<ServingThreads> {
        ServingThreads::start(&self.inner.config)
    }

    /// [`Router::start_serving_threads`], then [`Router::serve_on`] them; failing to
    /// start the threads is the only error.
    pub async fn serve(
        &self,
        listeners: Vec<TcpListener>,
        shutdown: impl Future<Output = ()>,
    ) -> std::io::Result<()> {
        let threads = self.start_serving_threads()?;
        self.serve_on(threads, listeners, shutdown).await;
        Ok(())
    }

    /// Serves HTTP/1.1 and h2c on `listeners`, on `threads`, until `shutdown`
    /// completes. Then it stops accepting, lets in-flight requests and upgraded
    /// connections finish for up to the drain timeout, closes what is left,
    /// stops the threads and returns.
    pub async fn serve_on(
        &self,
        threads: ServingThreads,
        listeners: Vec<TcpListener>,
        shutdown: impl Future<Output = ()>,
    ) {
        self.serve_with(threads, listeners, None, shutdown).await;
    }

    /// [`Router::serve_on`], and HTTPS on `https`'s listeners. When `https`
    /// redirects plain HTTP, the plain `listeners` answer every request with a
    /// redirect to HTTPS instead of serving it.
    pub async fn serve_with(
        &self,
        threads: ServingThreads,
        listeners: Vec<TcpListener>,
        https: Option<Https>,
        shutdown: impl Future<Output = ()>,
    ) {
        let serving = Arc::new(Serving {
            inner: self.inner.clone(),
            builder: server_builder(&self.inner.config),
            connections: TaskTracker::new(),
            draining: Signal::default(),
            tunnels: TaskTracker::new(),
            cut: Signal::default(),
            clients: ConnectionCap::new(self.inner.config.max_connections),
        });
        let stop = CancellationToken::new();

        let (plain_kind, mut https_listeners) = match https {
            None => (Kind::Plain, Vec::new()),
            Some(https) => {
                let acceptor = tokio_rustls::TlsAcceptor::from(https.tls);
                let plain_kind = match https.redirect_plain_to {
                    Some(port) => Kind::Redirect(port),
                    None => Kind::Plain,
                };
                let tls_kind = Kind::Tls {
                    acceptor,
                    hsts: https.redirect_plain_to.is_some(),
                };
                let listeners = https
                    .listeners
                    .into_iter()
                    .map(|listener| (listener, tls_kind.clone()))
                    .collect();
                (plain_kind, listeners)
            }
        };
        let mut all: Vec<(TcpListener, Kind)> = listeners
            .into_iter()
            .map(|listener| (listener, plain_kind.clone()))
            .collect();
        all.append(&mut https_listeners);
        let mut accepting = Vec::new();
        for (listener, kind) in all {
            let listener = match listener.into_std() {
                Ok(listener) => listener,
                Err(err) => {
                    tracing::error!(%err, "a router listener could not be handed to the serving threads; it is not served");
                    continue;
                }
            };
            for thread in &threads.threads {
                let listener = match listener.try_clone() {
                    Ok(listener) => listener,
                    Err(err) => {
                        tracing::error!(%err, "a serving thread could not share a router listener; it does not accept on it");
                        continue;
                    }
                };
                let (kind, serving, stop) = (kind.clone(), serving.clone(), stop.clone());
                accepting.push(thread.runtime.spawn(accept_loop(listener, kind, serving, stop)));
            }
        }
        let signal = async {
            shutdown.await;
            stop.cancel();
        };
        // The loops end on `stop`, and each drops its copy of the listener.
        tokio::join!(futures_util::future::join_all(accepting), signal);

        let deadline = Instant::now() + self.inner.config.drain_timeout;
        tracing::info!(
            connections = serving.connections.len(),
            "router stopped accepting, draining in-flight requests"
        );
        serving.draining.raise();
        serving.connections.close();
        if tokio::time::timeout_at(deadline, serving.connections.wait())
            .await
            .is_err()
        {
            tracing::warn!("in-flight requests did not finish within the drain timeout; closing their connections");
        }
        serving.tunnels.close();
        if tokio::time::timeout_at(deadline, serving.tunnels.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                tunnels = serving.tunnels.len(),
                "upgraded connections did not close within the drain timeout; closing them"
            );
        }
        serving.cut.raise();
        threads.stop().await;
    }
}

fn server_builder(config: &RouterConfig) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_buf_size(config.http1_buffer());
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(config.http2_header_list());
    builder
}

/// HTTPS listeners for [`Router::serve_with`].
pub struct Https {
    pub listeners: Vec<TcpListener>,
    /// See [`crate::tls::Certificates::server_config`].
    pub tls: Arc<rustls::ServerConfig>,
    /// `Some(port)`: plain HTTP listeners redirect to HTTPS on this port, and
    /// HTTPS answers carry `Strict-Transport-Security`. `None`: plain HTTP keeps
    /// serving, and no HSTS is sent (browsers would then refuse the plain URLs).
    pub redirect_plain_to: Option<u16>,
}

impl std::fmt::Debug for Https {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Https")
            .field("listeners", &self.listeners)
            .field("redirect_plain_to", &self.redirect_plain_to)
            .finish_non_exhaustive()
    }
}

/// What a listener's connections get.
#[derive(Clone)]
enum Kind {
    /// Plain HTTP, served ([`front`]).
    Plain,
    /// Plain HTTP, redirected to HTTPS on this port.
    Redirect(u16),
    /// HTTPS.
    Tls {
        acceptor: tokio_rustls::TlsAcceptor,
        hsts: bool,
    },
}

/// Accepts on a serving thread's copy of `listener` until `stop`, serving each
/// connection on this thread.
async fn accept_loop(
    listener: std::net::TcpListener,
    kind: Kind,
    serving: Arc<Serving>,
    stop: CancellationToken,
) {
    // Registered with this thread's event loop (it was non-blocking as tokio's).
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(err) => {
            tracing::error!(%err, "a serving thread could not listen; the other threads accept for it");
            return;
        }
    };
    loop {
        // At the cap, the oldest idle connection makes way; with none idle, new
        // clients wait in the listen backlog (see `connection_cap`).
        let place = tokio::select! {
            biased;
            () = stop.cancelled() => return,
            place = serving.clients.admit() => match place {
                Some(place) => place,
                None => return,
            },
        };
        let accepted = tokio::select! {
            biased;
            () = stop.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                tracing::warn!(%err, "accepting a connection failed; retrying");
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                }
            }
        };
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%peer, %err, "could not set TCP_NODELAY");
        }
        // On this thread's single-threaded event loop: the connection stays here.
        match &kind {
            Kind::Plain => {
                let connection =
                    front::serve_connection(stream, peer, serving.clone(), place.state.clone());
                tokio::spawn(serving.connections.track_future(async move {
                    connection.await;
                    drop(place);
                }));
            }
            Kind::Redirect(port) => {
                let connection = https::serve_redirect(stream, peer, serving.clone(), *port);
                tokio::spawn(serving.connections.track_future(async move {
                    connection.await;
                    drop(place);
                }));
            }
            Kind::Tls { acceptor, hsts } => {
                let connection =
                    https::serve_tls(stream, peer, serving.clone(), acceptor.clone(), *hsts);
                tokio::spawn(serving.connections.track_future(async move {
                    connection.await;
                    drop(place);
                }));
            }
        }
    }
}
