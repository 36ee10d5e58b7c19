//! Which requests `FAIL_PERCENT` turns into 500s: an even, deterministic spread
//! (not random), so tests and demos see exactly p failures in every 100 requests.

/// Whether request `n` (0-based, in arrival order) fails when `percent` of all
/// requests should: it does iff ⌊(n+1)·p/100⌋ > ⌊n·p/100⌋.
pub fn request_fails(n: u64, percent: u8) -> bool {
    let p = u128::from(percent.min(100));
    let n = u128::from(n);
    (n + 1) * p / 100 > n * p / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(percent: u8, range: std::ops::Range<u64>) -> Vec<u64> {
        range.filter(|&n| request_fails(n, percent)).collect()
    }

    #[test]
    fn exactly_p_of_every_hundred() {
        for p in 0..=100u8 {
            for window in 0..5u64 {
                let start = window * 100;
                let got = failures(p, start..start + 100).len();
                assert_eq!(got, usize::from(p), "p={p} window={window}");
            }
        }
    }

    #[test]
    fn spread_evenly() {
        assert_eq!(
            failures(10, 0..100),
            vec![9, 19, 29, 39, 49, 59, 69, 79, 89, 99]
        );
        assert_eq!(failures(1, 0..100), vec![99]);
        assert_eq!(failures(50, 0..6), vec![1, 3, 5]);
        assert!(failures(0, 0..1000).is_empty());
        assert_eq!(failures(100, 0..1000).len(), 1000);
    }

    #[test]
    fn no_overflow_at_the_end_of_the_counter() {
        assert!(request_fails(u64::MAX, 100));
        assert!(!request_fails(u64::MAX, 0));
    }
}
