//! A few prepared links (namespace, veth pair, addresses, routes, `lo` up)
//! kept ready so an instance start does not wait ~10 ms for two `ip -batch`
//! runs; a start that finds none prepares its link inline, as before. Every
//! start refills in the background once its `runc run -d` has exited (or
//! the start failed): refilling earlier competes with runc for the CPU and
//! the kernel's network lock, and in measurements ate much of the saving.
//!
//! Invariant: a warm link is never reused. It holds its /30 from allocation
//! until it is destroyed, either by the instance that took it (on stop, like
//! any other link) or by `Containers::shutdown`. Its names carry runlane's
//! scope and subnet, so the leftover clean-up after a crash removes it too.

use std::time::Duration;

use super::network::{self, Link};
use super::Containers;

/// The warm links of one `Containers`.
#[derive(Debug, Default)]
pub(crate) struct WarmLinks {
    /// Prepared and not taken yet.
    ready: Vec<Link>,
    /// Preparations running in the background.
    filling: usize,
    /// Set by shutdown: no more refills.
    closed: bool,
}

/// Decrements `filling` when a background preparation ends, however it ends.
struct Filling(Containers);

// === impl Containers ===

impl Containers {
    /// How many prepared links are ready to be taken.
    pub fn warm_links(&self) -> usize {
        self.warm().ready.len()
    }

    /// A prepared link, if one is ready. The caller refills once `runc run
    /// -d` is done, so the `ip` runs do not compete with it.
    pub(crate) fn take_warm(&self) -> Option<Link> {
        self.warm().ready.pop()
    }

    /// Starts background preparations until `target` links are ready or
    /// being prepared. Does nothing outside a Tokio runtime (the next take
    /// refills) or after shutdown.
    pub(crate) fn refill(&self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let mut links = Vec::new();
        {
            let mut warm = self.warm();
            while !warm.closed && warm.ready.len() + warm.filling < self.inner.warm_target {
                let Some(link) = self.allocate() else {
                    break;
                };
                warm.filling += 1;
                links.push(link);
            }
        }
        // Spawned without the lock held: a runtime that is shutting down
        // drops the task, and with it `Filling`, at once.
        for link in links {
            let filling = Filling(self.clone());
            handle.spawn(async move {
                let this = &filling.0;
                let netns = link.netns(&this.inner.scope);
                let started = tokio::time::Instant::now();
                match network::setup(&this.inner.ip, &link, &netns).await {
                    Ok(()) => {
                        let mut warm = this.warm();
                        // After shutdown gave up waiting, nobody would destroy it.
                        if !warm.closed {
                            warm.ready.push(link);
                            tracing::debug!(netns, took = ?started.elapsed(), "warm link ready");
                            return;
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not prepare a warm instance network; instances will set theirs up when they start");
                    }
                }
                network::teardown(&this.inner.ip, &link.veth(), &netns).await;
                this.release(link.index);
            });
        }
    }

    /// Stops refills, waits (up to 10 s) for running preparations and
    /// destroys every ready link.
    pub(crate) async fn destroy_warm(&self) {
        self.warm().closed = true;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let idle = self.inner.warm_idle.notified();
            if self.warm().filling == 0 || tokio::time::Instant::now() >= deadline {
                break;
            }
            let _ = tokio::time::timeout_at(deadline, idle).await;
        }
        let ready = std::mem::take(&mut self.warm().ready);
        for link in ready {
            network::teardown(&self.inner.ip, &link.veth(), &link.netns(&self.inner.scope)).await;
            self.release(link.index);
        }
    }

    fn warm(&self) -> std::sync::MutexGuard<'_, WarmLinks> {
        self.inner.warm.lock().unwrap_or_else(|e| e.into_inner())
    }
}

// === impl Filling ===

impl Drop for Filling {
    fn drop(&mut self) {
        self.0.warm().filling -= 1;
        self.0.inner.warm_idle.notify_waiters();
    }
}
