//! One revision as the router sees it: where its ready instances listen, the
//! queue of requests waiting for the first one, and what its requests got.
//!
//! A `RevisionBackend` outlives route tables: the controller keeps one per
//! revision and puts the same `Arc` into every table that routes to it, so
//! endpoints and counters carry over when traffic moves.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use http::uri::Authority;
use tokio::sync::Notify;
use tokio::time::Instant;

use runlane_telemetry::RevisionRecorder;

use crate::counters::{CachePadded, ClassCounters};
use crate::error::ProxyError;

/// A revision's instances, as the data plane routes to them.
#[derive(Debug)]
pub struct RevisionBackend {
    service: Box<str>,
    revision: Box<str>,
    timeout: Duration,
    endpoints: ArcSwap<Vec<Endpoint>>,
    /// Round-robin position over `endpoints`.
    next: CachePadded<AtomicUsize>,
    /// Wakes held requests when endpoints appear.
    ready: Notify,
    /// Requests waiting for an endpoint right now.
    held: AtomicUsize,
    statuses: ClassCounters,
    /// Request metrics for telemetry (registered on its first request).
    recorder: Arc<RevisionRecorder>,
}

/// Responses per status class for one revision, router-made errors included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// 1xx, in practice 101 for upgraded connections.
    pub informational: u64,
    /// 2xx.
    pub success: u64,
    /// 3xx.
    pub redirection: u64,
    /// 4xx.
    pub client_error: u64,
    /// 5xx, including the router's own 502, 503 and 504.
    pub server_error: u64,
}

impl StatusCounts {
    /// All responses, whatever their class.
    pub fn total(&self) -> u64 {
        self.informational + self.success + self.redirection + self.client_error + self.server_error
    }
}

/// An instance address with its URI authority built once, not per request.
#[derive(Clone, Debug)]
pub(crate) struct Endpoint {
    pub(crate) authority: Authority,
}

impl RevisionBackend {
    /// A revision with no ready instance yet. `timeout` is the revision's
    /// request timeout (`timeoutSeconds`): how long the router waits for an
    /// instance's response head before answering 504.
    pub fn new(service: &str, revision: &str, timeout: Duration) -> Arc<Self> {
        Arc::new(RevisionBackend {
            service: service.into(),
            revision: revision.into(),
            timeout,
            endpoints: ArcSwap::from_pointee(Vec::new()),
            next: CachePadded(AtomicUsize::new(0)),
            ready: Notify::new(),
            held: AtomicUsize::new(0),
            statuses: ClassCounters::default(),
            recorder: RevisionRecorder::new(service, revision),
        })
    }

    /// Replaces the ready instances. Requests already routed here and waiting
    /// for an instance proceed as soon as the list is non-empty.
    pub fn set_endpoints(&self, endpoints: Vec<SocketAddr>) {
        let endpoints: Vec<Endpoint> = endpoints
            .into_iter()
            .filter_map(|addr| match Authority::try_from(addr.to_string()) {
                Ok(authority) => Some(Endpoint { authority }),
                Err(err) => {
                    tracing::warn!(%addr, %err, revision = %self.revision, "skipping an endpoint that is not a valid URI authority");
                    None
                }
            })
            .collect();
        let any = !endpoints.is_empty();
        self.endpoints.store(Arc::new(endpoints));
        if any {
            self.ready.notify_waiters();
        }
    }

    /// The service this revision belongs to.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The revision's name.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// The revision's request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// How many requests are waiting for this revision's first ready
    /// instance right now (the autoscaler's "activate me" signal).
    pub fn held(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// Responses sent for requests routed to this revision, by status class.
    /// A response counts once its head is handed to the client connection.
    pub fn counts(&self) -> StatusCounts {
        let [informational, success, redirection, client_error, server_error] =
            self.statuses.snapshot();
        StatusCounts {
            informational,
            success,
            redirection,
            client_error,
            server_error,
        }
    }

    /// The revision's telemetry recorder.
    pub fn recorder(&self) -> &Arc<RevisionRecorder> {
        &self.recorder
    }

    pub(crate) fn record(&self, status: http::StatusCode) {
        self.statuses.record(status.as_u16());
    }

    /// An endpoint to send to plus, when there are several, the next one to
    /// try if the first refuses the connection. Waits up to `hold` for the
    /// first endpoint to appear.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) async fn endpoint(
        &self,
        hold: Duration,
    ) -> Result<(Endpoint, Option<Endpoint>), ProxyError> {
        if let Some(picked) = self.pick() {
            return Ok(picked);
        }
        let _held = self.hold();
        let deadline = Instant::now() + hold;
        loop {
            let notified = self.ready.notified();
            tokio::pin!(notified);
            // Register before checking, so a `set_endpoints` between the
            // check and the wait is not missed.
            notified.as_mut().enable();
            if let Some(picked) = self.pick() {
                return Ok(picked);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Err(self.no_endpoint(hold));
            }
        }
    }

    /// Counts a request as held here until the guard drops.
    pub(crate) fn hold(&self) -> HeldGuard<'_> {
        HeldGuard::enter(&self.held)
    }

    /// Resolves when `set_endpoints` is next called; enable it before checking `try_pick`.
    pub(crate) fn endpoints_changed(&self) -> tokio::sync::futures::Notified<'_> {
        self.ready.notified()
    }

    /// An endpoint now, if the revision has one.
    pub(crate) fn try_pick(&self) -> Option<(Endpoint, Option<Endpoint>)> {
        self.pick()
    }

    pub(crate) fn no_endpoint(&self, waited: Duration) -> ProxyError {
        ProxyError::NoEndpoint {
            service: self.service.to_string(),
            revision: self.revision.to_string(),
            waited,
        }
    }

    fn pick(&self) -> Option<(Endpoint, Option<Endpoint>)> {
        let endpoints = self.endpoints.load();
        let len = endpoints.len();
        if len == 0 {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % len;
        let next = (len > 1).then(|| endpoints[(i + 1) % len].clone());
        Some((endpoints[i].clone(), next))
    }
}

/// Counts a request as held for as long as it waits, even if it is dropped.
pub(crate) struct HeldGuard<'a>(&'a AtomicUsize);

impl<'a> HeldGuard<'a> {
    fn enter(held: &'a AtomicUsize) -> Self {
        held.fetch_add(1, Ordering::Relaxed);
        HeldGuard(held)
    }
}

impl Drop for HeldGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn round_robin_offers_the_next_endpoint_as_fallback() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        backend.set_endpoints(vec![addr(1), addr(2), addr(3)]);
        let picks: Vec<(String, String)> = (0..4)
            .map(|_| {
                let (first, next) = backend.pick().unwrap();
                (
                    first.authority.to_string(),
                    next.unwrap().authority.to_string(),
                )
            })
            .collect();
        assert_eq!(
            picks,
            [
                ("127.0.0.1:1", "127.0.0.1:2"),
                ("127.0.0.1:2", "127.0.0.1:3"),
                ("127.0.0.1:3", "127.0.0.1:1"),
                ("127.0.0.1:1", "127.0.0.1:2"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );

        backend.set_endpoints(vec![addr(9)]);
        let (only, next) = backend.pick().unwrap();
        assert_eq!(only.authority.as_str(), "127.0.0.1:9");
        assert!(next.is_none());

        let v6 = SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080));
        backend.set_endpoints(vec![v6]);
        assert_eq!(backend.pick().unwrap().0.authority.as_str(), "[::1]:8080");
    }

    #[tokio::test(start_paused = true)]
    async fn a_held_request_times_out_with_a_503_error() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        let err = backend.endpoint(Duration::from_secs(10)).await.unwrap_err();
        assert_eq!(err.status(), http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(backend.held(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_held_request_proceeds_when_endpoints_appear() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        let waiter = tokio::spawn({
            let backend = backend.clone();
            async move { backend.endpoint(Duration::from_secs(10)).await }
        });
        while backend.held() == 0 {
            tokio::task::yield_now().await;
        }
        // An empty list wakes nobody.
        backend.set_endpoints(vec![]);
        backend.set_endpoints(vec![addr(7)]);
        let (picked, _) = waiter.await.unwrap().unwrap();
        assert_eq!(picked.authority.as_str(), "127.0.0.1:7");
        assert_eq!(backend.held(), 0);
    }
}
