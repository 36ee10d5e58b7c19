//! The [`Router`] handle: publishing route tables, and serving listeners
//! until a shutdown signal, then draining.
//!
//! `serve` takes its listeners and shutdown future as arguments, so tests
//! bind port 0 and run it in-process.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use runlane_telemetry::RequestSink;
use tokio::net::TcpListener;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::backend::Routed;
use crate::config::RouterConfig;
use crate::proxy::{self, UpstreamClient};
use crate::table::RouteTable;

/// Pause after a failed `accept` (e.g. out of file descriptors) before retrying.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The data plane. Cheap to clone; clones share the table and the upstream pool.
#[derive(Clone, Debug)]
pub struct Router {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) table: ArcSwap<RouteTable>,
    /// Wakes requests held for an endpoint when a new table is published, so they
    /// follow it instead of waiting on a revision the new table no longer routes to.
    pub(crate) table_changed: tokio::sync::Notify,
    /// Signalled (notify_one) when a request starts waiting for a slot: the
    /// autoscaler's cue to look now rather than at its next tick.
    pub(crate) queued: tokio::sync::Notify,
    pub(crate) client: UpstreamClient,
    pub(crate) config: RouterConfig,
    pub(crate) telemetry: RequestSink,
}

/// What the requests of one `serve` call share.
pub(crate) struct Serving {
    pub(crate) inner: Arc<Inner>,
    /// Upgraded connections, so draining can wait for them.
    tunnels: TaskTracker,
    /// Cancelled when draining gives up: closes what is still open.
    cut: CancellationToken,
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
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(config.upstream_idle_timeout)
            .pool_max_idle_per_host(config.upstream_max_idle_per_instance)
            .pool_timer(TokioTimer::new())
            .set_host(false)
            .build(connector);
        Router {
            inner: Arc::new(Inner {
                table: ArcSwap::from_pointee(RouteTable::empty(&config.domain)),
                table_changed: tokio::sync::Notify::new(),
                queued: tokio::sync::Notify::new(),
                client,
                config,
                telemetry,
            }),
        }
    }

    /// Swaps in `table`. Every request whose head is read after this returns
    /// is routed by `table`; requests already routed finish where they are.
    pub fn publish(&self, table: RouteTable) {
        self.inner.table.store(Arc::new(table));
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

    /// Serves HTTP/1.1 and h2c on `listeners` until `shutdown` completes.
    /// Then it stops accepting, lets in-flight requests and upgraded
    /// connections finish for up to the drain timeout, closes what is left,
    /// and returns.
    pub async fn serve(&self, listeners: Vec<TcpListener>, shutdown: impl Future<Output = ()>) {
        let serving = Arc::new(Serving {
            inner: self.inner.clone(),
            tunnels: TaskTracker::new(),
            cut: CancellationToken::new(),
        });
        let builder = server_builder(&self.inner.config);
        let graceful = GracefulShutdown::new();
        let stop = CancellationToken::new();

        let accepting = futures_util::future::join_all(
            listeners
                .into_iter()
                .map(|listener| accept_loop(listener, &builder, &graceful, &serving, &stop)),
        );
        let signal = async {
            shutdown.await;
            stop.cancel();
        };
        tokio::join!(accepting, signal);

        let deadline = Instant::now() + self.inner.config.drain_timeout;
        tracing::info!(
            connections = graceful.count(),
            "router stopped accepting, draining in-flight requests"
        );
        if tokio::time::timeout_at(deadline, graceful.shutdown())
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
        serving.cut.cancel();
    }
}

impl Serving {
    /// Runs an upgraded connection until it ends or draining gives up.
    /// `routed` holds the instance's slot until the connection closes.
    pub(crate) fn spawn_tunnel(
        &self,
        tunnel: impl Future<Output = ()> + Send + 'static,
        routed: Routed,
    ) {
        let cut = self.cut.clone();
        self.tunnels.spawn(async move {
            tokio::select! {
                () = tunnel => {}
                () = cut.cancelled() => {}
            }
            drop(routed);
        });
    }
}

impl std::fmt::Debug for Serving {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serving").finish_non_exhaustive()
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

async fn accept_loop(
    listener: TcpListener,
    builder: &auto::Builder<TokioExecutor>,
    graceful: &GracefulShutdown,
    serving: &Arc<Serving>,
    stop: &CancellationToken,
) {
    loop {
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

        let for_requests = serving.clone();
        let service = service_fn(move |req| {
            let serving = for_requests.clone();
            async move { Ok::<_, Infallible>(proxy::handle(&serving, req, peer).await) }
        });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        let cut = serving.cut.clone();
        tokio::spawn(async move {
            tokio::select! {
                result = conn => {
                    if let Err(err) = result {
                        tracing::debug!(%peer, %err, "client connection ended with an error");
                    }
                }
                () = cut.cancelled() => {}
            }
        });
    }
}
