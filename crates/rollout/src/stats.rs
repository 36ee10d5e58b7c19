//! Exact small-sample tests for "is the canary's error rate higher?": a one-sided
//! Fisher exact test against the stable revision, and a binomial upper tail against
//! a fixed limit. Both are exact at any count (no normal approximation), which is
//! what matters when a 1% canary has seen 20 requests.
//!
//! Probabilities are summed in log space from log-factorials, so counts in the
//! millions neither overflow nor lose the tail.

/// `ln(n!)`: exact summation below 256, Stirling's series (error < 1e-15) above.
pub fn ln_factorial(n: u64) -> f64 {
    if n < 256 {
        return (2..=n).map(|k| (k as f64).ln()).sum();
    }
    let x = n as f64;
    let x2 = x * x;
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x) - 1.0 / (360.0 * x * x2) + 1.0 / (1260.0 * x * x2 * x2)
}

/// `ln C(n, k)`.
pub fn ln_choose(n: u64, k: u64) -> f64 {
    debug_assert!(k <= n);
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

/// One-sided Fisher exact test: the probability, with both revisions equally good,
/// of the canary getting at least `canary_errors` of all the errors seen, given the
/// margins. Small means "the canary is worse than stable".
pub fn fisher_greater(canary_errors: u64, canary_requests: u64, stable_errors: u64, stable_requests: u64) -> f64 {
    let canary_errors = canary_errors.min(canary_requests);
    let stable_errors = stable_errors.min(stable_requests);
    let total = canary_requests + stable_requests;
    let errors = canary_errors + stable_errors;
    if canary_requests == 0 || errors == 0 {
        return 1.0;
    }
    let hi = errors.min(canary_requests);
    // Hypergeometric: draws = canary_requests from `total` with `errors` marked.
    let ln_denominator = ln_choose(total, canary_requests);
    let lo_possible = canary_requests.saturating_sub(total - errors);
    let ln_pmf = |k: u64| ln_choose(errors, k) + ln_choose(total - errors, canary_requests - k) - ln_denominator;
    let tail = log_sum(canary_errors..=hi, ln_pmf);
    if canary_errors <= lo_possible {
        return 1.0;
    }
    tail.exp().min(1.0)
}

/// Binomial upper tail `P(X >= k)` for `X ~ Binomial(n, p)`: how likely `k` or more
/// errors in `n` requests are when the true error rate is exactly `p`.
pub fn binomial_at_least(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let ln_pmf = |i: u64| ln_choose(n, i) + i as f64 * lp + (n - i) as f64 * lq;
    log_sum(k..=n, ln_pmf).exp().min(1.0)
}

/// `ln(sum(exp(f(i))))` over a range of a unimodal log-pmf, stopping once terms past
/// the mode are negligible.
fn log_sum(range: std::ops::RangeInclusive<u64>, f: impl Fn(u64) -> f64) -> f64 {
    let mut max = f64::NEG_INFINITY;
    let mut terms = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for i in range {
        let t = f(i);
        terms.push(t);
        max = max.max(t);
        // Past the mode, terms only shrink: stop when they no longer count.
        if t < last && t < max - 40.0 {
            break;
        }
        last = t;
    }
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values computed exactly with rational arithmetic (Python's
    /// `fractions` and `math.comb`), then rounded to f64.
    fn check_fisher(canary: (u64, u64), stable: (u64, u64), expected: f64) {
        let got = fisher_greater(canary.0, canary.0 + canary.1, stable.0, stable.0 + stable.1);
        let rel = ((got - expected) / expected).abs();
        assert!(rel < 1e-9, "fisher canary {canary:?} stable {stable:?}: got {got:e}, expected {expected:e}");
    }

    #[test]
    fn fisher_matches_exact_values() {
        check_fisher((3, 1), (1, 3), 0.24285714285714285); // Fisher's tea: 17/70
        check_fisher((11, 3), (1, 9), 0.0013797280926100418);
        check_fisher((8, 2), (1, 5), 0.024475524475524476);
        check_fisher((20, 0), (0, 180), 6.197369659445107e-28); // a 10% canary failing everything for a second at 200 rps
        check_fisher((5, 995), (1, 999), 0.10902308564457643);
        check_fisher((30, 970), (10, 990), 0.0010041667809150049);
        check_fisher((0, 10), (0, 10), 1.0);
        check_fisher((1, 0), (0, 1), 0.5);
        check_fisher((2, 18), (0, 180), 0.009547738693467337);
        check_fisher((1, 19), (2, 178), 0.2722247601644587);
        check_fisher((300, 9700), (200, 9800), 3.436472179451254e-06); // Stirling range
    }

    #[test]
    fn fisher_edges() {
        assert_eq!(fisher_greater(0, 0, 5, 100), 1.0, "no canary requests");
        assert_eq!(fisher_greater(0, 100, 0, 100), 1.0, "no errors anywhere");
        assert_eq!(fisher_greater(0, 100, 10, 100), 1.0, "canary has none of the errors");
        assert!(fisher_greater(3, 3, 0, 0) == 1.0, "no stable traffic: nothing to compare, never significant");
        // A canary better than stable is never "worse".
        assert!(fisher_greater(1, 100, 30, 100) > 0.99);
    }

    fn check_binomial(k: u64, n: u64, p: f64, expected: f64) {
        let got = binomial_at_least(k, n, p);
        let ok = if expected < 1e-300 { got < 1e-30 } else { ((got - expected) / expected).abs() < 1e-9 };
        assert!(ok, "P(X >= {k} | n={n}, p={p}): got {got:e}, expected {expected:e}");
    }

    #[test]
    fn binomial_matches_exact_values() {
        check_binomial(3, 10, 0.1, 0.0701908264);
        check_binomial(1, 20, 0.01, 0.18209306240276912);
        check_binomial(5, 100, 0.01, 0.003432321587754515);
        check_binomial(0, 10, 0.5, 1.0);
        check_binomial(50, 1000, 0.03, 0.0004207665452481939);
        check_binomial(20, 20, 0.01, 1e-40);
        check_binomial(11, 10, 0.5, 0.0);
    }

    #[test]
    fn ln_factorial_is_continuous_at_the_switch() {
        for n in [250u64, 255, 256, 257, 1000] {
            let exact: f64 = (2..=n).map(|k| (k as f64).ln()).sum();
            assert!((ln_factorial(n) - exact).abs() < 1e-9 * exact, "n={n}");
        }
    }
}
