//! The deadlines a connection waits on: [`Timer`] for the hand-written path
//! (a request head to come, a response head from the instance), moved lazily
//! so that a request finishing in time costs no timer operation, and
//! [`ExchangeClock`] for the one exchange at a time of an HTTP/1.1 connection
//! hyper serves.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::Notify;
use tokio::time::{Instant, Sleep};

/// A deadline a connection waits on again and again: a complete request head
/// (from when one is awaited, idle keep-alive included, as hyper's server
/// does), or the instance's response head (the revision's timeout). It is
/// moved lazily: setting a deadline only records it; the timer is moved sooner
/// when it is awaited, and set again when it fires before the deadline. As the
/// deadlines only grow, a request that finishes in time costs no timer
/// operation.
#[derive(Default)]
pub(crate) struct Timer {
    deadline: Option<Instant>,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Timer {
    pub(crate) fn set(&mut self, deadline: Instant) {
        self.deadline = Some(deadline);
    }

    /// Resolves at the deadline last set.
    pub(crate) async fn expired(&mut self) {
        let Some(deadline) = self.deadline else {
            return std::future::pending().await;
        };
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        // Set for a later deadline: the timer must fire sooner.
        if sleep.deadline() > deadline {
            sleep.as_mut().reset(deadline);
        }
        loop {
            sleep.as_mut().await;
            let deadline = self.deadline.unwrap_or(deadline);
            if Instant::now() >= deadline {
                return;
            }
            sleep.as_mut().reset(deadline);
        }
    }
}

/// The revision's timeout over a whole exchange on a connection hyper serves
/// with HTTP/1.1 (one exchange at a time): armed with the exchange's deadline
/// when its response starts, disarmed when the response ends. Arming wakes
/// the connection's task, which then sleeps until the deadline.
pub(crate) struct ExchangeClock {
    epoch: Instant,
    /// Nanoseconds from `epoch`; `u64::MAX` while no exchange is open.
    deadline: AtomicU64,
    armed: Notify,
    timed_out: AtomicBool,
}

impl ExchangeClock {
    pub(crate) fn new() -> ExchangeClock {
        ExchangeClock {
            epoch: Instant::now(),
            deadline: AtomicU64::new(u64::MAX),
            armed: Notify::new(),
            timed_out: AtomicBool::new(false),
        }
    }

    pub(crate) fn arm(&self, deadline: Instant) {
        let nanos = deadline.saturating_duration_since(self.epoch).as_nanos();
        self.deadline.store(
            u64::try_from(nanos).unwrap_or(u64::MAX - 1),
            Ordering::Release,
        );
        self.armed.notify_one();
    }

    pub(crate) fn disarm(&self) {
        self.deadline.store(u64::MAX, Ordering::Release);
    }

    pub(crate) fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Acquire)
    }

    /// Resolves when an exchange is still open at its deadline.
    pub(crate) async fn expired(&self) {
        loop {
            let armed = self.armed.notified();
            tokio::pin!(armed);
            armed.as_mut().enable();
            let deadline = self.deadline.load(Ordering::Acquire);
            if deadline == u64::MAX {
                armed.await;
                continue;
            }
            let at = self.epoch + std::time::Duration::from_nanos(deadline);
            tokio::select! {
                () = armed => {}
                () = tokio::time::sleep_until(at) => {
                    if self.deadline.load(Ordering::Acquire) == deadline {
                        self.timed_out.store(true, Ordering::Release);
                        return;
                    }
                }
            }
        }
    }
}
