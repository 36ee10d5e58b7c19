//! Log-linear histograms of microsecond values: exact below 128 µs, then 64
//! equal sub-buckets per power of two up to 2^32 µs (71 minutes). Reporting a
//! bucket's midpoint is within 1/128 (0.78%) of any value in it, so quantiles
//! read from a histogram are within 1% of the exact ones.
//!
//! One fixed bucket scheme everywhere (the router's atomic shards, stored
//! points, query merges) makes merging an addition of counts by index.

/// Values below this have a bucket each.
const LINEAR: u64 = 128;
/// Sub-buckets per power of two, as a shift.
const SUB_BITS: u32 = 6;
/// The largest value kept apart; larger values count in the last bucket.
pub const MAX_VALUE: u64 = (1 << 32) - 1;
/// Number of buckets: 128 exact ones, then 64 for each octave 2^7 .. 2^31.
pub const BUCKETS: usize = LINEAR as usize + (32 - 7) * (1 << SUB_BITS);

/// The bucket that counts `value` (µs).
pub fn bucket_of(value: u64) -> u16 {
    let v = value.min(MAX_VALUE);
    if v < LINEAR {
        return v as u16;
    }
    let k = 63 - v.leading_zeros(); // 7..=31
    let shift = k - SUB_BITS;
    let sub = (v >> shift) - (1 << SUB_BITS);
    (LINEAR + u64::from(k - 7) * (1 << SUB_BITS) + sub) as u16
}

/// The values bucket `index` counts: `lo..hi` (hi exclusive).
pub fn bucket_range(index: u16) -> (u64, u64) {
    let i = u64::from(index);
    if i < LINEAR {
        return (i, i + 1);
    }
    let octave = (i - LINEAR) >> SUB_BITS;
    let sub = (i - LINEAR) & ((1 << SUB_BITS) - 1);
    let shift = octave + 1; // k - SUB_BITS with k = octave + 7
    let lo = ((1 << SUB_BITS) + sub) << shift;
    (lo, lo + (1 << shift))
}

/// The value reported for a bucket: the middle of the integers it counts.
pub fn bucket_estimate(index: u16) -> f64 {
    let (lo, hi) = bucket_range(index);
    lo as f64 + (hi - lo - 1) as f64 / 2.0
}

/// Counts by bucket, dense: what queries merge into and read quantiles from.
#[derive(Clone, PartialEq, Eq)]
pub struct Histogram {
    counts: Box<[u64]>,
    total: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS].into_boxed_slice(),
            total: 0,
        }
    }
}

impl std::fmt::Debug for Histogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.nonzero()).finish()
    }
}

impl Histogram {
    /// Counts one value (µs).
    pub fn record(&mut self, value: u64) {
        self.add_bucket(bucket_of(value), 1);
    }

    /// Adds `count` to bucket `index` (out-of-range indexes go to the last bucket).
    pub fn add_bucket(&mut self, index: u16, count: u64) {
        let i = usize::from(index).min(BUCKETS - 1);
        self.counts[i] += count;
        self.total += count;
    }

    /// Adds sparse `(bucket, count)` pairs.
    pub fn add_sparse(&mut self, sparse: &[(u16, u64)]) {
        for &(i, c) in sparse {
            self.add_bucket(i, c);
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += *b;
        }
        self.total += other.total;
    }

    /// How many values were counted.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Non-empty buckets, in order.
    pub fn nonzero(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| (i as u16, *c))
    }

    /// Non-empty buckets as sparse pairs.
    pub fn to_sparse(&self) -> Vec<(u16, u64)> {
        self.nonzero().collect()
    }

    /// The nearest-rank `q` quantile (0 < q ≤ 1), as a bucket estimate in µs;
    /// None when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, c) in self.nonzero() {
            seen += c;
            if seen >= rank {
                return Some(bucket_estimate(i));
            }
        }
        None
    }

    /// Values counted in buckets that start at or below `max_us`: what a
    /// latency SLI "under N ms" counts as good. A value at most 0.78% above
    /// `max_us` (in the bucket that straddles it) counts as good too.
    pub fn count_at_most(&self, max_us: u64) -> u64 {
        self.nonzero()
            .take_while(|(i, _)| bucket_range(*i).0 <= max_us)
            .map(|(_, c)| c)
            .sum()
    }

    /// Mean of the bucket estimates (for a mean use the exact latency sum where there is one).
    pub fn mean_estimate(&self) -> Option<f64> {
        (self.total > 0).then(|| {
            self.nonzero()
                .map(|(i, c)| bucket_estimate(i) * c as f64)
                .sum::<f64>()
                / self.total as f64
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_tile_the_value_range() {
        let mut expected_lo = 0;
        for i in 0..BUCKETS as u16 {
            let (lo, hi) = bucket_range(i);
            assert_eq!(lo, expected_lo, "bucket {i}");
            assert_eq!(bucket_of(lo), i);
            assert_eq!(bucket_of(hi - 1), i);
            expected_lo = hi;
        }
        assert_eq!(expected_lo, MAX_VALUE + 1);
        assert_eq!(bucket_of(u64::MAX) as usize, BUCKETS - 1);
    }

    #[test]
    fn estimates_are_within_one_percent() {
        for v in (1..5_000_000u64)
            .step_by(7)
            .chain([MAX_VALUE, 1 << 31, 129, 255])
        {
            let e = bucket_estimate(bucket_of(v));
            let err = (e - v as f64).abs() / v as f64;
            assert!(err <= 1.0 / 128.0 + 1e-12, "{v} → {e}: {err}");
        }
    }

    #[test]
    fn quantiles_match_exact_nearest_rank_within_one_percent() {
        // Log-uniform latencies from 50 µs to 20 s, deterministic.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut values: Vec<u64> = (0..200_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let u = (seed >> 11) as f64 / (1u64 << 53) as f64;
                (50.0 * (400_000f64).powf(u)) as u64
            })
            .collect();
        let mut h = Histogram::default();
        for v in &values {
            h.record(*v);
        }
        values.sort_unstable();
        for q in [0.5, 0.9, 0.95, 0.99, 0.999, 1.0] {
            let rank = ((q * values.len() as f64).ceil() as usize).max(1);
            let exact = values[rank - 1] as f64;
            let got = h.quantile(q).unwrap();
            assert!(
                (got - exact).abs() / exact <= 0.01,
                "q{q}: {got} vs {exact}"
            );
        }
        assert_eq!(h.count(), 200_000);
        assert_eq!(Histogram::default().quantile(0.5), None);
    }

    #[test]
    fn count_at_most_and_merge() {
        let mut a = Histogram::default();
        for v in [10, 100, 1_000, 10_000] {
            a.record(v);
        }
        let mut b = Histogram::default();
        b.add_sparse(&[(bucket_of(100_000), 3)]);
        a.merge(&b);
        assert_eq!(a.count(), 7);
        assert_eq!(a.count_at_most(1_000), 3);
        assert_eq!(a.count_at_most(99_000), 4);
        assert_eq!(a.count_at_most(200_000), 7);
        assert_eq!(a.to_sparse().len(), 5);
    }
}
