//! Waiting for a request's send time, finer than tokio's timers.
//!
//! tokio's timers fire on a one-millisecond grid, so at 2,000 rps the request due at
//! 0.5 ms went out with the one due at 1 ms, and the server saw pairs instead of a
//! steady rate: on a server that answers in 50 µs the second of each pair waited for
//! the first, which showed as a p50 about 1.5× wrk's paced one. Here one thread keeps
//! the workers' send times and sleeps on a condition variable until the earliest
//! (a futex wait, timed in nanoseconds; on Linux with a timer slack of 1 µs), then
//! wakes the tasks that are due.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::poll_fn;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};
use tokio::time::Instant;

/// The pacing thread; it stops when this is dropped.
pub(crate) struct Pacer {
    shared: Arc<Shared>,
}

/// What a worker waits with. Cheap to clone.
#[derive(Clone)]
pub(crate) struct PacerHandle {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when a wait earlier than every other is added, or on stop.
    earlier: Condvar,
}

#[derive(Default)]
struct State {
    due: BinaryHeap<Reverse<Due>>,
    /// Tells waits apart (a `Waker` has no order).
    next_seq: u64,
    stop: bool,
}

struct Due {
    at: Instant,
    seq: u64,
    waker: Waker,
}

impl PartialEq for Due {
    fn eq(&self, other: &Due) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Due {}
impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Due) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Due {
    fn cmp(&self, other: &Due) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Pacer {
    pub(crate) fn start() -> std::io::Result<Pacer> {
        let shared = Arc::new(Shared::default());
        let thread_shared = shared.clone();
        std::thread::Builder::new()
            .name("load-pacer".into())
            .spawn(move || run(&thread_shared))?;
        Ok(Pacer { shared })
    }

    pub(crate) fn handle(&self) -> PacerHandle {
        PacerHandle {
            shared: self.shared.clone(),
        }
    }
}

impl Drop for Pacer {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.earlier.notify_one();
    }
}

impl PacerHandle {
    /// Returns at `at` (at once if it has passed).
    pub(crate) async fn until(&self, at: Instant) {
        let mut waiting = false;
        poll_fn(|cx| {
            if Instant::now() >= at {
                return Poll::Ready(());
            }
            // A stopped pacer holds no wait: one queued when it stopped is woken and
            // ends here.
            let mut state = self.shared.lock();
            if state.stop {
                return Poll::Ready(());
            }
            // The task is woken only by the pacer; once in the queue it stays there.
            if !waiting {
                waiting = true;
                let seq = state.next_seq;
                state.next_seq += 1;
                let earliest = state.due.peek().is_none_or(|Reverse(d)| at < d.at);
                state.due.push(Reverse(Due {
                    at,
                    seq,
                    waker: cx.waker().clone(),
                }));
                drop(state);
                if earliest {
                    self.shared.earlier.notify_one();
                }
            }
            Poll::Pending
        })
        .await
    }
}

fn run(shared: &Shared) {
    // The kernel may run a timed wait late by the thread's timer slack (50 µs unless
    // set); a pacer wants it exact. Failing to set it only costs precision.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_timerslack(1_000);
    let mut woken = Vec::new();
    let mut state = shared.lock();
    loop {
        if state.stop {
            // Waits still queued end now rather than never.
            woken.extend(state.due.drain().map(|Reverse(d)| d.waker));
            drop(state);
            woken.drain(..).for_each(Waker::wake);
            return;
        }
        let now = Instant::now();
        while state.due.peek().is_some_and(|Reverse(d)| d.at <= now) {
            if let Some(Reverse(d)) = state.due.pop() {
                woken.push(d.waker);
            }
        }
        if !woken.is_empty() {
            drop(state);
            woken.drain(..).for_each(Waker::wake);
            state = shared.lock();
            continue;
        }
        state = match state.due.peek().map(|Reverse(d)| d.at) {
            Some(at) => {
                let wait = at.saturating_duration_since(now);
                shared
                    .earlier
                    .wait_timeout(state, wait)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => shared
                .earlier
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn waits_end_at_their_time_never_before() {
        let pacer = Pacer::start().unwrap();
        let handle = pacer.handle();
        // Waits shorter than a millisecond, each from the end of the last: on tokio's
        // grid each would end on the next millisecond.
        for _ in 0..40 {
            let at = Instant::now() + Duration::from_micros(250);
            handle.until(at).await;
            assert!(Instant::now() >= at, "returned before its time");
        }
    }

    #[tokio::test]
    async fn waits_from_many_tasks_end_in_their_order() {
        let pacer = Pacer::start().unwrap();
        let start = Instant::now() + Duration::from_millis(5);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        // Spawned latest first, due earliest first.
        for i in (0..20u32).rev() {
            let (handle, tx) = (pacer.handle(), tx.clone());
            tokio::spawn(async move {
                handle.until(start + Duration::from_micros(300) * i).await;
                let _ = tx.send(i);
            });
        }
        drop(tx);
        let mut order = Vec::new();
        while let Some(i) = rx.recv().await {
            order.push(i);
        }
        assert_eq!(order, (0..20).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_wait_queued_when_the_pacer_stops_ends() {
        let pacer = Pacer::start().unwrap();
        let handle = pacer.handle();
        let waiting = tokio::spawn(async move {
            handle
                .until(Instant::now() + Duration::from_secs(3600))
                .await;
        });
        // Until the wait is in the queue.
        while pacer.shared.lock().due.is_empty() {
            tokio::task::yield_now().await;
        }
        drop(pacer);
        tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .expect("the wait ends when the pacer stops")
            .unwrap();
    }

    #[tokio::test]
    async fn a_time_that_has_passed_and_a_stopped_pacer_return_at_once() {
        let pacer = Pacer::start().unwrap();
        let handle = pacer.handle();
        let past = Instant::now();
        handle.until(past).await;
        drop(pacer);
        let far = Instant::now() + Duration::from_secs(3600);
        tokio::time::timeout(Duration::from_secs(10), handle.until(far))
            .await
            .expect("a stopped pacer does not hold a wait");
    }
}
