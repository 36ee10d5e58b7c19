//! When to order a certificate: the renewal point of one that serves, and the backoff
//! after failed orders. Pure: the caller passes `now` and what it knows of the
//! certificate, so the decisions are tested with an injected clock.

use std::time::{Duration, SystemTime};

/// When certificates are renewed and how failed orders are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Renew when this little of the certificate's lifetime is left (or at two thirds of
    /// its lifetime, whichever comes first).
    pub renew_before: Duration,
    /// The wait after the first failed order; it doubles with each further failure.
    pub first_retry: Duration,
    /// The longest wait between failed orders.
    pub max_retry: Duration,
}

/// Let's Encrypt's advice: 30 days before expiry of a 90-day certificate.
pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(30 * 24 * 3600);

impl Default for Policy {
    fn default() -> Self {
        Policy {
            renew_before: DEFAULT_RENEW_BEFORE,
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(3600),
        }
    }
}

/// What is known of one name's certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Known {
    /// The validity of the certificate that serves, if one does.
    pub validity: Option<(SystemTime, SystemTime)>,
    /// Orders that failed in a row since the last success.
    pub failures: u32,
    /// When the last of them failed.
    pub last_failure: Option<SystemTime>,
    /// An operator asked for a renewal now (`runlane certs renew`).
    pub forced: bool,
}

impl Policy {
    /// When a certificate valid from `not_before` to `not_after` is due for renewal:
    /// two thirds into its lifetime or `renew_before` ahead of its expiry, whichever is
    /// first, but not before half its lifetime: a certificate shorter-lived than the
    /// margin would otherwise be renewed as soon as it is issued, in a loop.
    pub fn renewal_point(&self, not_before: SystemTime, not_after: SystemTime) -> SystemTime {
        let lifetime = not_after.duration_since(not_before).unwrap_or_default();
        let two_thirds = not_before + lifetime / 3 * 2;
        let before_expiry = not_after.checked_sub(self.renew_before).unwrap_or(not_before);
        two_thirds.min(before_expiry).max(not_before + lifetime / 2)
    }

    /// The wait after `failures` failed orders in a row (at least one).
    pub fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.first_retry
            .checked_mul(1 << doublings)
            .unwrap_or(self.max_retry)
            .min(self.max_retry)
    }

    /// When to order next for a name in state `known`: at once with no certificate or
    /// when forced, else at its renewal point; after failures, not before the backoff
    /// from the last one has passed (a forced renewal skips the wait).
    pub fn next_attempt(&self, known: &Known) -> SystemTime {
        let due = match (known.forced, known.validity) {
            (true, _) | (_, None) => SystemTime::UNIX_EPOCH,
            (false, Some((not_before, not_after))) => self.renewal_point(not_before, not_after),
        };
        match known.last_failure {
            Some(failed) if known.failures > 0 && !known.forced => due.max(failed + self.backoff(known.failures)),
            _ => due,
        }
    }

    /// Whether to order now.
    pub fn due(&self, known: &Known, now: SystemTime) -> bool {
        self.next_attempt(known) <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = Duration::from_secs(24 * 3600);

    fn at(days: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000) + DAY * days as u32
    }

    fn policy() -> Policy {
        Policy::default()
    }

    #[test]
    fn renewal_comes_at_two_thirds_or_the_margin_before_expiry_whichever_is_first() {
        // (lifetime in days, renew_before in days, expected renewal day)
        let cases = [(90, 30, 60), (90, 10, 60), (6, 30, 3), (30, 5, 20), (360, 30, 240), (360, 150, 210), (360, 200, 180)];
        for (lifetime, before, expected) in cases {
            let p = Policy { renew_before: DAY * before, ..policy() };
            let got = p.renewal_point(at(0), at(lifetime));
            assert_eq!(got, at(expected), "lifetime {lifetime}d, renew_before {before}d");
        }
    }

    #[test]
    fn a_name_without_a_certificate_is_ordered_at_once() {
        assert!(policy().due(&Known::default(), at(0)));
    }

    #[test]
    fn a_fresh_certificate_waits_for_its_renewal_point() {
        let known = Known { validity: Some((at(0), at(90))), ..Known::default() };
        assert!(!policy().due(&known, at(59)));
        assert!(policy().due(&known, at(60)));
        assert_eq!(policy().next_attempt(&known), at(60));
    }

    #[test]
    fn failures_back_off_exponentially_up_to_the_cap() {
        let p = Policy { first_retry: Duration::from_secs(10), max_retry: Duration::from_secs(300), ..policy() };
        let waits: Vec<u64> = (1..=7).map(|n| p.backoff(n).as_secs()).collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 300, 300]);
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(300));
    }

    #[test]
    fn after_a_failure_the_next_order_waits_for_the_backoff() {
        let p = policy();
        let failed = at(0);
        let known = Known { failures: 3, last_failure: Some(failed), ..Known::default() };
        assert_eq!(p.next_attempt(&known), failed + Duration::from_secs(40));
        assert!(!p.due(&known, failed + Duration::from_secs(39)));
        assert!(p.due(&known, failed + Duration::from_secs(40)));
    }

    #[test]
    fn a_failed_renewal_keeps_the_old_certificate_and_retries_after_the_backoff() {
        let p = policy();
        let known = Known { validity: Some((at(0), at(90))), failures: 1, last_failure: Some(at(61)), forced: false };
        assert_eq!(p.next_attempt(&known), at(61) + Duration::from_secs(10));
    }

    #[test]
    fn a_forced_renewal_is_due_at_once_even_after_failures() {
        let known = Known { validity: Some((at(0), at(90))), failures: 5, last_failure: Some(at(1)), forced: true };
        assert!(policy().due(&known, at(1)));
    }
}
