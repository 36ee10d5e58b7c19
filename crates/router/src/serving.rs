//! What the connections of one `serve` call share ([`Serving`]): the router's
//! table and configuration, the drain and cut signals, hyper's server for the
//! connections handed to it, and the trackers draining waits on. Below the
//! request path (`proxy`, `front`, `https`), which reads it, and the server,
//! which builds it, so neither has to import the other.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use arc_swap::ArcSwap;
use hyper_util::rt::TokioExecutor;
use hyper_util::server::conn::auto;
use runlane_telemetry::RequestSink;
use tokio_util::sync::{CancellationToken, WaitForCancellationFuture};
use tokio_util::task::TaskTracker;

use crate::backend::Routed;
use crate::connection_cap::ConnectionCap;
use crate::config::RouterConfig;
use crate::dial::Dial;
use crate::table::RouteTable;
use crate::{plain, upstream};

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) table: ArcSwap<RouteTable>,
    /// Counts published tables, so a request that starts waiting can tell that
    /// a table came out after it was routed (before it listened for
    /// `table_changed`).
    pub(crate) generation: AtomicU64,
    /// Wakes requests held for an endpoint when a new table is published, so they
    /// follow it instead of waiting on a revision the new table no longer routes to.
    pub(crate) table_changed: tokio::sync::Notify,
    /// Signalled (notify_one) when a request starts waiting for a permit: the
    /// autoscaler's cue to look now rather than at its next tick.
    pub(crate) queued: tokio::sync::Notify,
    pub(crate) config: RouterConfig,
    /// `config.dialer`, kept for the life of the process so that the pool settings
    /// each request copies can point at it without counting references.
    pub(crate) dialer: Option<&'static dyn Dial>,
    pub(crate) telemetry: RequestSink,
}

/// What the connections of one `serve` call share.
pub(crate) struct Serving {
    pub(crate) inner: Arc<Inner>,
    /// Serves the connections [`crate::front`] hands over.
    pub(crate) builder: auto::Builder<TokioExecutor>,
    /// Client connections, so draining can wait for them.
    pub(crate) connections: TaskTracker,
    /// Raised when the router stops accepting: connections close once
    /// their request in flight is answered.
    pub(crate) draining: Signal,
    /// Upgraded connections, so draining can wait for them.
    pub(crate) tunnels: TaskTracker,
    /// Raised when draining gives up: closes what is still open.
    pub(crate) cut: Signal,
    /// The open client connections (`RouterConfig::max_connections`).
    pub(crate) clients: Arc<ConnectionCap>,
}

/// A one-way signal to every connection (drain, cut) that requests can look at
/// without a lock: a flag read with one atomic load. A `CancellationToken`'s
/// checks and waits lock a mutex shared by every connection on every thread.
#[derive(Default)]
pub(crate) struct Signal {
    raised: AtomicBool,
    token: CancellationToken,
}

impl Signal {
    pub(crate) fn raise(&self) {
        self.raised.store(true, Ordering::Release);
        self.token.cancel();
    }

    pub(crate) fn is_raised(&self) -> bool {
        self.raised.load(Ordering::Acquire)
    }

    /// Resolves once the signal is raised. For one task: the wake-up is
    /// registered on the first poll, with that task's waker, and later polls
    /// only read the flag.
    pub(crate) fn wait(&self) -> SignalWait<'_> {
        SignalWait {
            signal: self,
            registration: None,
        }
    }
}

/// See [`Signal::wait`].
pub(crate) struct SignalWait<'s> {
    signal: &'s Signal,
    registration: Option<Pin<Box<WaitForCancellationFuture<'s>>>>,
}

impl Future for SignalWait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.signal.is_raised() {
            return Poll::Ready(());
        }
        if this.registration.is_none() {
            let mut registration = Box::pin(this.signal.token.cancelled());
            if registration.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
            this.registration = Some(registration);
        }
        Poll::Pending
    }
}

impl Serving {
    /// Runs an upgraded connection until it ends or draining gives up.
    /// `routed` holds the instance's permit until the connection closes.
    pub(crate) fn spawn_tunnel(
        &self,
        tunnel: impl Future<Output = ()> + Send + 'static,
        routed: Routed,
    ) {
        let cut = self.cut.token.clone();
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

/// Drops this thread's idle connections that have waited longer than
/// `idle_timeout`, every `idle_timeout / 2` (at most every 30 s), until the
/// thread's runtime ends.
pub(crate) async fn sweep_idle(idle_timeout: Duration) {
    let every = (idle_timeout / 2).clamp(Duration::from_millis(100), Duration::from_secs(30));
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        plain::sweep(idle_timeout);
        upstream::sweep(idle_timeout);
    }
}
