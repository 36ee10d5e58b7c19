//! How many client connections the router holds, and which one gives way when
//! it is full.
//!
//! At most `RouterConfig::max_connections` are open, so a flood of connections
//! cannot take the file descriptors the API, the upstream connections and the
//! data dir need. At the cap, a new connection takes the place of the oldest
//! one with no request in flight: idle, or with a request head still coming
//! (nginx's "reusable" connections: `ngx_drain_connections` closes idle
//! keep-alive and not-yet-read ones, oldest first, when `worker_connections`
//! runs out; the API does the same, and a head that has not arrived was
//! promised nothing). When every connection has a request in flight, new
//! clients wait in the listen backlog until one closes (HAProxy's `maxconn`).
//! So a client holding thousands of idle or slow-header connections delays
//! nobody: its connections are the ones that go.
//!
//! Cost on the request path: one relaxed atomic store when a connection starts
//! and stops waiting for a request. The shared map is touched once when a
//! connection opens, once when it closes, and scanned only at the cap.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::task::AtomicWaker;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The open client connections of one router.
#[derive(Debug)]
pub(crate) struct ConnectionCap {
    permits: Arc<Semaphore>,
    /// Open connections by age (ids increase).
    open: Mutex<BTreeMap<u64, Arc<ClientState>>>,
    next_id: AtomicU64,
}

/// What the accept loop and one connection share.
#[derive(Debug, Default)]
pub(crate) struct ClientState {
    /// Waiting for a request head (none of it, or part of it): closing it
    /// loses nothing that was acknowledged.
    waiting: AtomicBool,
    /// Raised when the connection should close at its next wait; `waker` wakes
    /// it. Lock-free: the connection polls this on every wait for a head.
    evicted: AtomicBool,
    waker: AtomicWaker,
}

/// A held place: gives it back, and leaves the map, when dropped.
#[derive(Debug)]
pub(crate) struct ClientPlace {
    cap: Arc<ConnectionCap>,
    id: u64,
    pub(crate) state: Arc<ClientState>,
    _permit: OwnedSemaphorePermit,
}

// === impl ConnectionCap ===

impl ConnectionCap {
    pub(crate) fn new(max_connections: usize) -> Arc<Self> {
        Arc::new(ConnectionCap {
            permits: Arc::new(Semaphore::new(max_connections.clamp(1, Semaphore::MAX_PERMITS))),
            open: Mutex::new(BTreeMap::new()),
            next_id: AtomicU64::new(0),
        })
    }

    /// A place for the next connection to accept: a free one, or the place of
    /// the oldest waiting connection once it has closed, or (none waiting) the
    /// first that frees. None when the router is stopping.
    pub(crate) async fn admit(self: &Arc<Self>) -> Option<ClientPlace> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(tokio::sync::TryAcquireError::Closed) => return None,
            Err(tokio::sync::TryAcquireError::NoPermits) => {
                self.evict_oldest_waiting();
                self.permits.clone().acquire_owned().await.ok()?
            }
        };
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(ClientState::default());
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, state.clone());
        Some(ClientPlace {
            cap: self.clone(),
            id,
            state,
            _permit: permit,
        })
    }

    /// Asks the oldest connection waiting for a request to close. False when
    /// none is waiting.
    fn evict_oldest_waiting(&self) -> bool {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let oldest = open
            .values()
            .find(|state| state.waiting.swap(false, Ordering::Relaxed));
        match oldest {
            Some(state) => {
                state.evicted.store(true, Ordering::Release);
                state.waker.wake();
                true
            }
            None => false,
        }
    }

    #[cfg(test)]
    fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

// === impl ClientState ===

impl ClientState {
    /// Marks the connection as waiting for a request head (`true`) or busy.
    pub(crate) fn set_waiting(&self, waiting: bool) {
        self.waiting.store(waiting, Ordering::Relaxed);
    }

    /// Completes when the connection should give its place to a new one.
    pub(crate) async fn evicted(&self) {
        std::future::poll_fn(|cx| {
            if self.evicted.load(Ordering::Acquire) {
                return std::task::Poll::Ready(());
            }
            self.waker.register(cx.waker());
            if self.evicted.load(Ordering::Acquire) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
    }
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        self.cap
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn at_the_cap_the_oldest_waiting_connection_gives_way() {
        let cap = ConnectionCap::new(3);
        let first = cap.admit().await.unwrap();
        let second = cap.admit().await.unwrap();
        let third = cap.admit().await.unwrap();
        first.state.set_waiting(false);
        second.state.set_waiting(true);
        third.state.set_waiting(true);

        let admitting = tokio::spawn({
            let cap = cap.clone();
            async move { cap.admit().await }
        });
        // The second (the oldest waiting one) is asked to go, not the busy first.
        tokio::time::timeout(Duration::from_secs(1), second.state.evicted())
            .await
            .expect("the oldest waiting connection is evicted");
        assert!(!admitting.is_finished(), "the new one waits for the place to free");
        drop(second);
        let fourth = admitting.await.unwrap().expect("admitted in the freed place");
        assert_eq!(cap.open(), 3);
        assert!(
            tokio::time::timeout(Duration::from_millis(10), third.state.evicted())
                .await
                .is_err(),
            "one eviction per admission"
        );
        drop((first, third, fourth));
        assert_eq!(cap.open(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn with_every_connection_busy_a_new_one_waits_for_a_close() {
        let cap = ConnectionCap::new(1);
        let busy = cap.admit().await.unwrap();
        busy.state.set_waiting(false);
        let admitting = tokio::spawn({
            let cap = cap.clone();
            async move { cap.admit().await }
        });
        assert!(
            tokio::time::timeout(Duration::from_secs(60), busy.state.evicted())
                .await
                .is_err(),
            "a busy connection is never evicted"
        );
        assert!(!admitting.is_finished());
        drop(busy);
        assert!(admitting.await.unwrap().is_some());
    }
}
