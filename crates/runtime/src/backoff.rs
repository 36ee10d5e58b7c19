//! Restart pacing for crashing instances: capped exponential backoff that
//! forgets past crashes once an instance has stayed ready long enough.

use std::time::Duration;

/// First restart delay.
pub const RESTART_DELAY_MIN: Duration = Duration::from_millis(100);
/// Longest restart delay.
pub const RESTART_DELAY_MAX: Duration = Duration::from_secs(10);
/// An instance ready for this long restarts with the shortest delay again.
pub const STABLE_AFTER: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub(crate) struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            next: RESTART_DELAY_MIN,
        }
    }
}

impl Backoff {
    /// The delay before the next restart; each call doubles the following one.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (delay * 2).min(RESTART_DELAY_MAX);
        delay
    }

    /// Called when a process dies; `ready_for` is how long it had been ready.
    pub(crate) fn on_exit(&mut self, ready_for: Option<Duration>) -> Duration {
        if ready_for.is_some_and(|d| d >= STABLE_AFTER) {
            *self = Self::default();
        }
        self.next_delay()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap() {
        let mut backoff = Backoff::default();
        let delays: Vec<u128> = (0..10).map(|_| backoff.on_exit(None).as_millis()).collect();
        assert_eq!(
            delays,
            [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]
        );
    }

    #[test]
    fn resets_after_a_stable_run() {
        let mut backoff = Backoff::default();
        for _ in 0..5 {
            backoff.on_exit(None);
        }
        let short = Some(Duration::from_secs(9));
        assert_eq!(backoff.on_exit(short), Duration::from_millis(3200));
        assert_eq!(backoff.on_exit(Some(STABLE_AFTER)), RESTART_DELAY_MIN);
        assert_eq!(backoff.on_exit(None), Duration::from_millis(200));
    }
}
