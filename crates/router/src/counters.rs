//! Contention-free counters for the request path: every request bumps a
//! per-revision counter, so one shared atomic would bounce a cache line
//! between all cores. Each thread writes its own cache-line-sized shard;
//! readers add the shards up.

use std::ops::Deref;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};

/// Shards per counter; threads beyond this share shards round-robin.
const SHARDS: usize = 16;

/// Keeps `T` on its own cache line (128 bytes covers adjacent-line prefetch).
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(pub(crate) T);

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Requests per status class (1xx..5xx), sharded by thread.
#[derive(Debug, Default)]
pub(crate) struct ClassCounters {
    shards: [CachePadded<[AtomicU64; 5]>; SHARDS],
}

impl ClassCounters {
    /// Counts one response with HTTP status `status`.
    pub(crate) fn record(&self, status: u16) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.shards[shard()][class].fetch_add(1, Ordering::Relaxed);
    }

    /// Sums the shards. Concurrent increments may or may not be included.
    pub(crate) fn snapshot(&self) -> [u64; 5] {
        let mut sum = [0u64; 5];
        for shard in &self.shards {
            for (total, count) in sum.iter_mut().zip(shard.iter()) {
                *total += count.load(Ordering::Relaxed);
            }
        }
        sum
    }
}

/// Unfinished requests of one revision and their time integral, sharded by thread:
/// a request adds 1 and `-start` when it begins and `-1` and `+end` when it ends
/// (possibly on another thread), so `Σ area + Σ count × now` is the request-time
/// accumulated up to `now`. Sums wrap; differences of two readings are exact.
#[derive(Debug, Default)]
pub(crate) struct DemandCounters {
    shards: [CachePadded<[AtomicI64; 2]>; SHARDS],
}

impl DemandCounters {
    pub(crate) fn enter(&self, at_ns: i64) {
        let shard = &self.shards[shard()];
        shard[0].fetch_add(1, Ordering::Relaxed);
        shard[1].fetch_sub(at_ns, Ordering::Relaxed);
    }

    pub(crate) fn leave(&self, at_ns: i64) {
        let shard = &self.shards[shard()];
        shard[0].fetch_sub(1, Ordering::Relaxed);
        shard[1].fetch_add(at_ns, Ordering::Relaxed);
    }

    /// (unfinished requests, request-nanoseconds up to `now_ns`, wrapping).
    pub(crate) fn read(&self, now_ns: i64) -> (i64, i64) {
        let mut count = 0i64;
        let mut area = 0i64;
        for shard in &self.shards {
            count = count.wrapping_add(shard[0].load(Ordering::Relaxed));
            area = area.wrapping_add(shard[1].load(Ordering::Relaxed));
        }
        (count, area.wrapping_add(count.wrapping_mul(now_ns)))
    }
}

/// This thread's shard, assigned round-robin the first time it counts.
fn shard() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    SHARD.with(|s| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_class_across_threads() {
        let counters = ClassCounters::default();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for status in [101, 200, 204, 302, 404, 503, 504, 999] {
                        counters.record(status);
                    }
                });
            }
        });
        assert_eq!(counters.snapshot(), [4, 8, 4, 4, 12]);
    }
}
