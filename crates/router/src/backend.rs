//! One revision as the router sees it: where its ready instances listen, how many
//! requests each is serving against the revision's `containerConcurrency`, the
//! queue of requests waiting for a free permit, and what its requests got. A
//! permit is one of an instance's `containerConcurrency` places for a request
//! in flight (its in-flight counter below the limit), held until the response
//! ends.
//!
//! A `RevisionBackend` outlives route tables: the controller keeps one per
//! revision and puts the same `Arc` into every table that routes to it, so
//! endpoints and counters carry over when traffic moves.
//!
//! The fast path takes no lock: a request loads the endpoint list (`ArcSwap`),
//! then takes a permit on the first instance, round-robin, whose in-flight counter
//! is below the limit (one compare-and-swap on that instance's cache line). Only
//! when every instance is full, or there is none, does it join the revision's
//! bounded queue.
//!
//! The queue is first come, first served (as Knative's breaker is): while any
//! request waits, a new one does not take a permit on the fast path but queues
//! behind it, and a freed permit (a release, a new endpoint) is handed directly
//! to the request at the head of the line, still held, so nobody can take it
//! in between. Only waiting requests, and releases that see one waiting (a
//! counter read on the fast path), take the queue's lock.
//!
//! Draining: an endpoint that leaves the list is marked draining. A request that
//! took a permit checks the mark afterwards and gives the permit back if it is set; the
//! drainer sets the mark before it reads the counter (both sequentially
//! consistent), so either the request sees the mark or the drainer sees the
//! request. [`RevisionBackend::drained`] resolves once no request is left.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwap;
use http::uri::Authority;
use tokio::sync::{oneshot, Notify};
use tokio::time::Instant;

use runlane_telemetry::RevisionRecorder;

use crate::counters::{CachePadded, ClassCounters, DemandCounters};
use crate::error::ProxyError;

/// A revision's instances, as the data plane routes to them.
#[derive(Debug)]
pub struct RevisionBackend {
    service: Box<str>,
    revision: Box<str>,
    timeout: Duration,
    /// Instances speak HTTP/2 with prior knowledge (see `with_protocol`).
    h2c: bool,
    /// containerConcurrency: requests one instance may serve at once; 0 = unlimited.
    limit: u32,
    endpoints: ArcSwap<Vec<Arc<Endpoint>>>,
    /// Round-robin position over `endpoints`.
    next: CachePadded<AtomicUsize>,
    /// Requests waiting for a permit (no instance ready, or all full) right now.
    /// While it is not zero, the fast path leaves freed permits to them.
    waiting: CachePadded<AtomicUsize>,
    /// The waiting requests in arrival order, each to be handed a permit it then
    /// holds. Never touched by a request that finds a free permit while nobody waits.
    line: Mutex<VecDeque<oneshot::Sender<Arc<Endpoint>>>>,
    /// Wakes drainers whenever the endpoint list changes.
    list_changed: Notify,
    /// Endpoints that left the list and may still have requests in flight. Its
    /// lock also serialises `set_endpoints`; the request path never takes it.
    leaving: Mutex<HashMap<SocketAddr, Arc<Endpoint>>>,
    /// Requests routed here and not finished (waiting or in flight), integrated over time.
    demand: DemandCounters,
    epoch: Instant,
    /// Requests refused because the queue was full.
    overflows: AtomicU64,
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

/// A revision's demand for the autoscaler: requests routed to it and not finished
/// (in flight or waiting), now and integrated over time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Demand {
    /// Requests in flight or waiting right now.
    pub current: i64,
    /// Request-nanoseconds since the backend was created, wrapping: only differences
    /// between two readings mean anything.
    pub integral_ns: i64,
}

impl Demand {
    /// The average number of unfinished requests between `earlier` and `self`,
    /// taken `elapsed` apart.
    pub fn average_since(&self, earlier: &Demand, elapsed: Duration) -> f64 {
        let area = self.integral_ns.wrapping_sub(earlier.integral_ns).max(0) as f64;
        let nanos = elapsed.as_nanos() as f64;
        if nanos <= 0.0 {
            self.current.max(0) as f64
        } else {
            area / nanos
        }
    }
}

/// An instance address with its URI authority built once, and its load.
/// Aligned so that two instances' counters never share a cache line.
#[derive(Debug)]
#[repr(align(128))]
pub(crate) struct Endpoint {
    pub(crate) authority: Authority,
    addr: SocketAddr,
    /// Requests holding a permit on this instance.
    in_flight: AtomicU32,
    /// Set when the endpoint left the list: no new request may start here.
    draining: AtomicBool,
    /// Wakes drainers when the last request of a draining endpoint ends.
    idle: Notify,
}

impl Endpoint {
    /// The instance's listening address.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn new(addr: SocketAddr) -> Option<Endpoint> {
        let authority = Authority::try_from(addr.to_string()).ok()?;
        Some(Endpoint {
            authority,
            addr,
            in_flight: AtomicU32::new(0),
            draining: AtomicBool::new(false),
            idle: Notify::new(),
        })
    }

    /// Takes a permit if one is free under `limit` (0: no limit).
    fn try_enter(&self, limit: u32) -> bool {
        if limit == 0 {
            self.in_flight.fetch_add(1, Ordering::SeqCst);
            return true;
        }
        let mut n = self.in_flight.load(Ordering::Relaxed);
        loop {
            if n >= limit {
                return false;
            }
            match self.in_flight.compare_exchange_weak(
                n,
                n + 1,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(now) => n = now,
            }
        }
    }
}

impl RevisionBackend {
    /// A revision with no ready instance yet and no concurrency limit. `timeout`
    /// is the revision's request timeout (`timeoutSeconds`): how long the router
    /// waits for an instance's response head before answering 504.
    pub fn new(service: &str, revision: &str, timeout: Duration) -> Arc<Self> {
        RevisionBackend::with_concurrency(service, revision, timeout, 0)
    }

    /// Like [`RevisionBackend::new`], with at most `container_concurrency` requests
    /// in flight per instance (0: unlimited).
    pub fn with_concurrency(
        service: &str,
        revision: &str,
        timeout: Duration,
        container_concurrency: u32,
    ) -> Arc<Self> {
        RevisionBackend::with_protocol(service, revision, timeout, container_concurrency, false)
    }

    /// Like [`RevisionBackend::with_concurrency`]; with `h2c`, instances are sent
    /// every request over HTTP/2 with prior knowledge (the revision's port is
    /// named `h2c`, Cloud Run's `--use-http2`: gRPC servers), else HTTP/1.1.
    pub fn with_protocol(
        service: &str,
        revision: &str,
        timeout: Duration,
        container_concurrency: u32,
        h2c: bool,
    ) -> Arc<Self> {
        Arc::new(RevisionBackend {
            service: service.into(),
            revision: revision.into(),
            timeout,
            h2c,
            limit: container_concurrency,
            endpoints: ArcSwap::from_pointee(Vec::new()),
            next: CachePadded(AtomicUsize::new(0)),
            waiting: CachePadded(AtomicUsize::new(0)),
            line: Mutex::default(),
            list_changed: Notify::new(),
            leaving: Mutex::default(),
            demand: DemandCounters::default(),
            epoch: Instant::now(),
            overflows: AtomicU64::new(0),
            statuses: ClassCounters::default(),
            recorder: RevisionRecorder::new(service, revision),
        })
    }

    /// Replaces the ready instances. An instance that stays keeps its in-flight
    /// count; one that leaves gets no new request and is tracked until its last
    /// request ends (see [`RevisionBackend::drained`]). Requests waiting for a
    /// permit retry as soon as the list has an instance.
    pub fn set_endpoints(&self, endpoints: Vec<SocketAddr>) {
        let mut leaving = self.leaving.lock().unwrap_or_else(PoisonError::into_inner);
        let old = self.endpoints.load_full();
        let mut list: Vec<Arc<Endpoint>> = Vec::with_capacity(endpoints.len());
        for addr in endpoints {
            if list.iter().any(|e| e.addr == addr) {
                continue;
            }
            if let Some(kept) = old.iter().find(|e| e.addr == addr) {
                list.push(kept.clone());
                continue;
            }
            // An address back in the list is a new instance on a reused port: the
            // old one is gone (its port was free again).
            leaving.remove(&addr);
            match Endpoint::new(addr) {
                Some(e) => list.push(Arc::new(e)),
                None => {
                    tracing::warn!(%addr, revision = %self.revision, "skipping an endpoint that is not a valid URI authority");
                }
            }
        }
        let any = !list.is_empty();
        self.endpoints.store(Arc::new(list));
        let list = self.endpoints.load();
        for e in old.iter() {
            if !list.iter().any(|kept| Arc::ptr_eq(kept, e)) {
                e.draining.store(true, Ordering::SeqCst);
                leaving.insert(e.addr, e.clone());
            }
        }
        // A drainer that finds no entry knows nothing is in flight there.
        leaving.retain(|_, e| e.in_flight.load(Ordering::SeqCst) > 0);
        drop(leaving);
        self.list_changed.notify_waiters();
        if any {
            self.hand_over();
        }
    }

    /// Resolves once the instance at `addr` is out of the endpoint list (the
    /// controller removes it when the runtime marks it stopping) and no request is
    /// in flight to it any more. The caller bounds the wait (the revision's timeout).
    pub async fn drained(&self, addr: SocketAddr) {
        loop {
            let changed = self.list_changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if !self.endpoints.load().iter().any(|e| e.addr == addr) {
                break;
            }
            changed.await;
        }
        let endpoint = {
            let leaving = self.leaving.lock().unwrap_or_else(PoisonError::into_inner);
            leaving.get(&addr).cloned()
        };
        let Some(endpoint) = endpoint else {
            return;
        };
        loop {
            let idle = endpoint.idle.notified();
            tokio::pin!(idle);
            idle.as_mut().enable();
            if endpoint.in_flight.load(Ordering::SeqCst) == 0 {
                break;
            }
            idle.await;
        }
        let mut leaving = self.leaving.lock().unwrap_or_else(PoisonError::into_inner);
        if leaving
            .get(&addr)
            .is_some_and(|e| Arc::ptr_eq(e, &endpoint))
        {
            leaving.remove(&addr);
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

    /// Whether instances are sent requests over h2c (see `with_protocol`).
    pub fn speaks_h2c(&self) -> bool {
        self.h2c
    }

    /// containerConcurrency: the most requests one instance serves at once (0: no limit).
    pub fn container_concurrency(&self) -> u32 {
        self.limit
    }

    /// How many requests are waiting for a permit right now: for the revision's first
    /// ready instance, or for a free one when all are full (the autoscaler's
    /// "activate me" signal).
    pub fn held(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Requests in flight to this revision's instances, listed or leaving.
    pub fn in_flight(&self) -> u64 {
        let listed: u64 = self
            .endpoints
            .load()
            .iter()
            .map(|e| u64::from(e.in_flight.load(Ordering::Relaxed)))
            .sum();
        let leaving: u64 = self
            .leaving
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(|e| u64::from(e.in_flight.load(Ordering::Relaxed)))
            .sum();
        listed + leaving
    }

    /// Requests in flight per listed instance, in list order.
    pub fn endpoint_loads(&self) -> Vec<(SocketAddr, u32)> {
        self.endpoints
            .load()
            .iter()
            .map(|e| (e.addr, e.in_flight.load(Ordering::Relaxed)))
            .collect()
    }

    /// Requests refused with 429 because the queue was full, since the backend was made.
    pub fn overflows(&self) -> u64 {
        self.overflows.load(Ordering::Relaxed)
    }

    /// Unfinished requests now, and their integral since the backend was made.
    pub fn demand(&self, now: Instant) -> Demand {
        let (current, integral_ns) = self.demand.read(self.nanos(now));
        Demand {
            current,
            integral_ns,
        }
    }

    /// Responses sent for requests routed to this revision, by status class.
    /// A response counts when it ends; one whose body the instance broke off
    /// counts as 502.
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

    pub(crate) fn record(&self, status: u16) {
        self.statuses.record(status);
    }

    fn nanos(&self, at: Instant) -> i64 {
        i64::try_from(at.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(i64::MAX)
    }

    /// A permit on an instance with room, round-robin, if there is one now and
    /// no request is waiting for one (those go first).
    pub(crate) fn try_acquire(&self) -> Option<Arc<Endpoint>> {
        if self.waiting.load(Ordering::SeqCst) > 0 {
            return None;
        }
        self.acquire_excluding(None)
    }

    /// Like `try_acquire`, on any instance but `not` (after it refused a connection).
    pub(crate) fn try_acquire_other(&self, not: &Arc<Endpoint>) -> Option<Arc<Endpoint>> {
        self.acquire_excluding(Some(not))
    }

    fn acquire_excluding(&self, not: Option<&Arc<Endpoint>>) -> Option<Arc<Endpoint>> {
        let endpoints = self.endpoints.load();
        let len = endpoints.len();
        if len == 0 {
            return None;
        }
        let first = self.next.fetch_add(1, Ordering::Relaxed);
        for k in 0..len {
            let e = &endpoints[first.wrapping_add(k) % len];
            if not.is_some_and(|n| Arc::ptr_eq(n, e)) || e.draining.load(Ordering::Relaxed) {
                continue;
            }
            if !e.try_enter(self.limit) {
                continue;
            }
            // Pairs with the drainer's mark-then-read: see the module comment.
            if e.draining.load(Ordering::SeqCst) {
                self.release(e);
                continue;
            }
            return Some(e.clone());
        }
        None
    }

    /// Gives a permit back: wakes a drainer on the last request of a leaving
    /// instance, and hands a permit to the oldest waiting request if any.
    pub(crate) fn release(&self, endpoint: &Endpoint) {
        self.give_back(endpoint);
        // After the give-back: a request that joined the line before this
        // read is seen here; one that joined after it finds the permit free
        // when it hands over for itself (`wait_in_line`).
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.hand_over();
        }
    }

    fn give_back(&self, endpoint: &Endpoint) {
        let before = endpoint.in_flight.fetch_sub(1, Ordering::SeqCst);
        if before == 1 && endpoint.draining.load(Ordering::SeqCst) {
            endpoint.idle.notify_waiters();
        }
    }

    /// Hands free permits to waiting requests, oldest first, for as long as both
    /// last. A request that gave up meanwhile is skipped, and a permit sent to
    /// one that gave up as it came is given back.
    fn hand_over(&self) {
        let mut line = self.line.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            while line.front().is_some_and(oneshot::Sender::is_closed) {
                line.pop_front();
            }
            if line.is_empty() {
                return;
            }
            let Some(endpoint) = self.acquire_excluding(None) else {
                return;
            };
            let waiter = line.pop_front().expect("checked: not empty");
            if let Err(endpoint) = waiter.send(endpoint) {
                self.give_back(&endpoint);
            }
        }
    }

    /// Joins the end of the line for a permit: the returned place resolves to a
    /// permit held for this request (see [`InLine::permit`]). Call after
    /// [`RevisionBackend::enqueue`] admitted the request.
    pub(crate) fn wait_in_line(&self) -> InLine<'_> {
        let (sender, permit) = oneshot::channel();
        self.line
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(sender);
        // A permit freed before this request was counted as waiting went back
        // unnoticed: take it now, in turn.
        self.hand_over();
        InLine {
            backend: self,
            permit,
        }
    }

    /// Joins the queue of requests waiting for a permit, if it has room for `depth`.
    pub(crate) fn enqueue(&self, depth: usize) -> Option<Queued<'_>> {
        let before = self.waiting.fetch_add(1, Ordering::SeqCst);
        if before >= depth {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            self.overflows.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        Some(Queued(&self.waiting))
    }

    pub(crate) fn enter_demand(&self, at: Instant) {
        self.demand.enter(self.nanos(at));
    }

    pub(crate) fn leave_demand(&self, at: Instant) {
        self.demand.leave(self.nanos(at));
    }

    /// The error for a request that waited `waited` without getting a permit.
    pub(crate) fn gave_up(&self, waited: Duration) -> ProxyError {
        if self.endpoints.load().is_empty() {
            ProxyError::NoEndpoint {
                service: self.service.to_string(),
                revision: self.revision.to_string(),
                waited,
            }
        } else {
            ProxyError::NoCapacity {
                revision: self.revision.to_string(),
                limit: self.limit,
                waited,
            }
        }
    }

    pub(crate) fn overloaded(&self, depth: usize) -> ProxyError {
        ProxyError::Overloaded {
            revision: self.revision.to_string(),
            queued: depth,
        }
    }

    /// Waits up to `hold` for a permit (tests of the queue without a server).
    #[cfg(test)]
    pub(crate) async fn acquire(&self, hold: Duration) -> Result<Arc<Endpoint>, ProxyError> {
        if let Some(e) = self.try_acquire() {
            return Ok(e);
        }
        let Some(_queued) = self.enqueue(usize::MAX) else {
            return Err(self.overloaded(0));
        };
        let mut in_line = self.wait_in_line();
        tokio::time::timeout(hold, in_line.permit())
            .await
            .map_err(|_| self.gave_up(hold))
    }
}

/// A request's place in the line for a permit ([`RevisionBackend::wait_in_line`]).
/// Dropped (the request gave up, was routed elsewhere, or its client left),
/// it leaves the line, and a permit handed to it in that instant is given back.
pub(crate) struct InLine<'a> {
    backend: &'a RevisionBackend,
    permit: oneshot::Receiver<Arc<Endpoint>>,
}

impl InLine<'_> {
    /// Resolves when a permit has been handed to this request; it then holds it.
    pub(crate) async fn permit(&mut self) -> Arc<Endpoint> {
        match (&mut self.permit).await {
            Ok(endpoint) => endpoint,
            // Senders are only dropped unsent for a receiver that closed.
            Err(_) => std::future::pending().await,
        }
    }
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.permit.close();
        if let Ok(endpoint) = self.permit.try_recv() {
            self.backend.release(&endpoint);
        }
    }
}

/// A place in a revision's queue, given back when dropped (also when the
/// waiting request is cancelled).
pub(crate) struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A request routed to a revision: counted in the revision's demand from when it
/// was routed until it finishes, holding an instance's permit once it has one.
/// Everything is given back when it is dropped, so a cancelled request (the
/// client went away) frees its permit.
#[derive(Debug)]
pub(crate) struct Routed {
    pub(crate) backend: Arc<RevisionBackend>,
    permit: Option<Arc<Endpoint>>,
    done: bool,
}

impl Routed {
    pub(crate) fn enter(backend: Arc<RevisionBackend>, at: Instant) -> Routed {
        backend.enter_demand(at);
        Routed {
            backend,
            permit: None,
            done: false,
        }
    }

    /// The instance this request holds a permit on.
    pub(crate) fn endpoint(&self) -> Option<&Arc<Endpoint>> {
        self.permit.as_ref()
    }

    pub(crate) fn hold(&mut self, endpoint: Arc<Endpoint>) {
        if let Some(old) = self.permit.replace(endpoint) {
            self.backend.release(&old);
        }
    }

    /// Gives the permit back early (before retrying on another instance).
    pub(crate) fn release(&mut self) {
        if let Some(old) = self.permit.take() {
            self.backend.release(&old);
        }
    }

    /// Moves the permit to a new `Routed` that outlives this request's response (an
    /// upgraded connection keeps using the instance).
    pub(crate) fn split_off(&mut self, at: Instant) -> Routed {
        let mut other = Routed::enter(self.backend.clone(), at);
        other.permit = self.permit.take();
        other
    }

    /// The request ended at `at`.
    pub(crate) fn finish(mut self, at: Instant) {
        self.end(at);
    }

    fn end(&mut self, at: Instant) {
        if self.done {
            return;
        }
        self.done = true;
        self.release();
        self.backend.leave_demand(at);
    }
}

impl Drop for Routed {
    fn drop(&mut self) {
        if !self.done {
            self.end(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    fn ports(picked: &[Arc<Endpoint>]) -> Vec<u16> {
        picked.iter().map(|e| e.addr.port()).collect()
    }

    #[test]
    fn round_robin_skips_full_instances_and_never_exceeds_the_limit() {
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 2);
        backend.set_endpoints(vec![addr(1), addr(2), addr(3)]);
        let picked: Vec<Arc<Endpoint>> = (0..6).map(|_| backend.try_acquire().unwrap()).collect();
        assert_eq!(ports(&picked), [1, 2, 3, 1, 2, 3]);
        assert!(backend.try_acquire().is_none(), "all three are at 2 of 2");
        backend.release(&picked[1]);
        assert_eq!(backend.try_acquire().unwrap().addr.port(), 2);
        assert_eq!(
            backend.endpoint_loads(),
            [(addr(1), 2), (addr(2), 2), (addr(3), 2)]
        );
        assert_eq!(backend.in_flight(), 6);

        let unlimited = RevisionBackend::new("s", "s-2", Duration::from_secs(1));
        unlimited.set_endpoints(vec![addr(9)]);
        for _ in 0..10_000 {
            assert!(unlimited.try_acquire().is_some());
        }
        let v6 = SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080));
        unlimited.set_endpoints(vec![v6]);
        assert_eq!(
            unlimited.try_acquire().unwrap().authority.as_str(),
            "[::1]:8080"
        );
    }

    #[test]
    fn endpoints_that_stay_keep_their_counts_and_leavers_take_no_requests() {
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 1);
        backend.set_endpoints(vec![addr(1), addr(2)]);
        let one = backend.try_acquire().unwrap();
        backend.set_endpoints(vec![addr(1), addr(2), addr(3)]);
        assert_eq!(backend.endpoint_loads()[0], (addr(1), 1));
        // 2 leaves: a request that loaded the old list cannot start there.
        let old = backend.endpoints.load_full();
        backend.set_endpoints(vec![addr(1), addr(3)]);
        assert!(old[1].draining.load(Ordering::SeqCst));
        assert_eq!(backend.try_acquire().unwrap().addr.port(), 3);
        assert!(
            backend.try_acquire().is_none(),
            "1 and 3 are full, 2 is gone"
        );
        backend.release(&one);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_request_times_out_with_a_503_error() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        let err = backend.acquire(Duration::from_secs(10)).await.unwrap_err();
        assert_eq!(err.status(), http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(matches!(err, ProxyError::NoEndpoint { .. }), "{err}");
        assert_eq!(backend.held(), 0);

        backend.set_endpoints(vec![addr(1)]);
        let full = RevisionBackend::with_concurrency("s", "s-2", Duration::from_secs(1), 1);
        full.set_endpoints(vec![addr(1)]);
        let _busy = full.try_acquire().unwrap();
        let err = full.acquire(Duration::from_secs(10)).await.unwrap_err();
        assert!(
            matches!(err, ProxyError::NoCapacity { limit: 1, .. }),
            "{err}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_request_proceeds_when_endpoints_appear() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        let waiter = tokio::spawn({
            let backend = backend.clone();
            async move { backend.acquire(Duration::from_secs(10)).await }
        });
        while backend.held() == 0 {
            tokio::task::yield_now().await;
        }
        // An empty list wakes nobody.
        backend.set_endpoints(vec![]);
        backend.set_endpoints(vec![addr(7)]);
        let picked = waiter.await.unwrap().unwrap();
        assert_eq!(picked.authority.as_str(), "127.0.0.1:7");
        assert_eq!(backend.held(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_released_permit_goes_to_a_waiting_request() {
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 1);
        backend.set_endpoints(vec![addr(1)]);
        let busy = backend.try_acquire().unwrap();
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let backend = backend.clone();
                tokio::spawn(async move { backend.acquire(Duration::from_secs(10)).await })
            })
            .collect();
        while backend.held() < 3 {
            tokio::task::yield_now().await;
        }
        backend.release(&busy);
        let mut served = 0;
        for w in waiters {
            let e = w.await.unwrap().unwrap();
            assert_eq!(
                backend.endpoint_loads(),
                [(addr(1), 1)],
                "never two at once"
            );
            backend.release(&e);
            served += 1;
        }
        assert_eq!((served, backend.held()), (3, 0));
    }

    /// First come, first served, decided without a clock or
    /// a task: while anyone waits, a newcomer gets no permit on the fast path; a
    /// freed permit is handed, held, to the oldest waiting request; one that gave
    /// up is skipped, and a permit handed to it as it gave up goes to the next.
    #[test]
    fn freed_permits_go_to_waiting_requests_in_arrival_order() {
        use futures_util::FutureExt;
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 1);
        backend.set_endpoints(vec![addr(1)]);
        let busy = backend.try_acquire().unwrap();
        let queued: Vec<_> = (0..4).map(|_| backend.enqueue(10).unwrap()).collect();
        let mut lines: Vec<_> = (0..4).map(|_| backend.wait_in_line()).collect();
        assert!(
            backend.try_acquire().is_none(),
            "a newcomer goes behind them"
        );

        backend.release(&busy);
        assert_eq!(
            backend.endpoint_loads(),
            [(addr(1), 1)],
            "handed over, still held"
        );
        assert!(
            backend.try_acquire().is_none(),
            "nobody could take it in between"
        );
        let first = lines[0].permit().now_or_never().expect("the oldest got it");
        assert!(lines[1].permit().now_or_never().is_none());

        // The second gives up before a permit comes; the third gives up just
        // after one was handed to it, unread.
        let mut fourth = lines.pop().unwrap();
        let third = lines.pop().unwrap();
        drop(lines.pop().unwrap());
        backend.release(&first);
        assert!(fourth.permit().now_or_never().is_none(), "the third's turn");
        drop(third);
        let last = fourth
            .permit()
            .now_or_never()
            .expect("passed on to the fourth");
        assert_eq!(
            backend.endpoint_loads(),
            [(addr(1), 1)],
            "one permit, never two"
        );

        drop(fourth);
        drop(queued);
        backend.release(&last);
        assert_eq!(backend.endpoint_loads(), [(addr(1), 0)]);
        assert!(
            backend.try_acquire().is_some(),
            "with nobody waiting, the fast path"
        );
    }

    #[test]
    fn a_full_queue_overflows_and_counts() {
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 1);
        let a = backend.enqueue(2).unwrap();
        let _b = backend.enqueue(2).unwrap();
        assert!(backend.enqueue(2).is_none());
        assert_eq!((backend.held(), backend.overflows()), (2, 1));
        drop(a);
        assert!(backend.enqueue(2).is_some());
        let err = backend.overloaded(2);
        assert_eq!(err.status(), http::StatusCode::TOO_MANY_REQUESTS);
    }

    #[tokio::test(start_paused = true)]
    async fn draining_waits_for_the_last_request_of_a_leaving_instance() {
        let backend = RevisionBackend::with_concurrency("s", "s-1", Duration::from_secs(1), 10);
        backend.set_endpoints(vec![addr(1), addr(2)]);
        let picked: Vec<Arc<Endpoint>> = (0..4).map(|_| backend.try_acquire().unwrap()).collect();
        let drained = tokio::spawn({
            let backend = backend.clone();
            async move { backend.drained(addr(2)).await }
        });
        tokio::task::yield_now().await;
        assert!(!drained.is_finished(), "still listed");
        backend.set_endpoints(vec![addr(1)]);
        tokio::task::yield_now().await;
        assert!(!drained.is_finished(), "two requests in flight on :2");
        for _ in 0..5 {
            assert_eq!(
                backend.try_acquire().unwrap().addr.port(),
                1,
                "no new request on :2"
            );
        }
        backend.release(&picked[1]);
        tokio::task::yield_now().await;
        assert!(!drained.is_finished(), "one request left on :2");
        backend.release(&picked[3]);
        drained.await.unwrap();
        assert_eq!(backend.in_flight(), 2 + 5);
        // An instance that had nothing in flight, or that the router never knew, is drained at once.
        backend.set_endpoints(vec![]);
        backend.release(&picked[0]);
        backend.release(&picked[2]);
        backend.drained(addr(3)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn demand_integrates_waiting_and_in_flight_requests() {
        let backend = RevisionBackend::new("s", "s-1", Duration::from_secs(1));
        let t0 = Instant::now();
        let before = backend.demand(t0);
        let a = Routed::enter(backend.clone(), t0);
        let b = Routed::enter(backend.clone(), t0);
        tokio::time::advance(Duration::from_secs(1)).await;
        a.finish(Instant::now());
        tokio::time::advance(Duration::from_secs(1)).await;
        let now = backend.demand(Instant::now());
        assert_eq!(now.current, 1);
        let average = now.average_since(&before, Duration::from_secs(2));
        assert!((average - 1.5).abs() < 1e-6, "{average}");
        drop(b);
        assert_eq!(backend.demand(Instant::now()).current, 0);
    }
}
