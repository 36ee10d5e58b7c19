//! Exact weighted traffic split selection, as a precomputed periodic sequence.
//!
//! The router must send "99.9% here, 0.1% there" *exactly*, not just on
//! average: after any number of requests each target must have received its
//! share, give or take less than one request. Random choice cannot promise
//! that, and smooth weighted round robin can drift by more than one request
//! with many uneven targets. So this module precomputes, once per traffic
//! configuration, a sequence of [`SPLIT_SLOTS`] target indices; the router
//! keeps one atomic counter `n` per service and sends request `n` to
//! `sequence.pick(n)`. That is exact across threads and costs one atomic add
//! plus one array read per request.
//!
//! The sequence is built by earliest-deadline-first over "Pfair" windows (the
//! constructive side of Tijdeman's chairman-assignment theorem): with weight
//! `w` out of `T = 10_000`, the `k`-th pick of a target (k = 1..=w) must land
//! in slot range `[floor((k-1)·T/w), ceil(k·T/w))`. If every pick lands in its
//! window then after any prefix of `N` slots the target has been picked at
//! least `floor(w·N/T)` times (all windows ending by `N` are done) and at
//! most `ceil(w·N/T)` times (no window starting at or after `N` is used), so
//! it is off by less than one from its ideal share `w·N/T`. Such a schedule
//! exists when the weights sum to `T` (Baruah et al., 1996), and EDF finds
//! one, because EDF is optimal for unit jobs with integer release times and
//! deadlines on one server. The unit tests check the bound exhaustively.
//!
//! The sequence holds exactly `w` picks of each target, so it repeats with
//! period `T` and the bound holds for every window of consecutive requests
//! that starts at a multiple of `T`, in particular for every prefix of the
//! infinite request stream. No I/O, no dependencies.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;

/// Length of one period of a [`SplitSequence`]: weights are in basis points
/// (0.01%), so they sum to this.
pub const SPLIT_SLOTS: usize = 10_000;

/// Most targets one split may have (a slot stores a `u16` index).
pub const MAX_SPLIT_TARGETS: usize = u16::MAX as usize;

/// Which target serves the `n`-th request of a weighted split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitSequence {
    repr: Repr,
    targets: usize,
}

/// Why a set of weights cannot be turned into a [`SplitSequence`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The split lists no target at all.
    NoTargets,
    /// The weights do not add up to [`SPLIT_SLOTS`] basis points.
    WrongSum {
        /// What they add up to.
        sum: u64,
    },
    /// More targets than a slot index can name.
    TooManyTargets {
        /// How many targets were given.
        count: usize,
    },
}

impl SplitSequence {
    /// Builds the sequence for `weights`, in basis points (a 0.1% canary is
    /// weight 10). Zero weights are allowed: such targets are never picked.
    pub fn new(weights: &[u32]) -> Result<Self, SplitError> {
        if weights.is_empty() {
            return Err(SplitError::NoTargets);
        }
        if weights.len() > MAX_SPLIT_TARGETS {
            return Err(SplitError::TooManyTargets {
                count: weights.len(),
            });
        }
        let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if sum != SPLIT_SLOTS as u64 {
            return Err(SplitError::WrongSum { sum });
        }
        let mut live = weights.iter().enumerate().filter(|(_, &w)| w > 0);
        let repr = match (live.next(), live.next()) {
            (Some((only, _)), None) => Repr::Single(only),
            _ => Repr::Table(build_slots(weights)),
        };
        Ok(SplitSequence {
            repr,
            targets: weights.len(),
        })
    }

    /// The target index for the `n`-th request (counting from 0).
    #[inline]
    pub fn pick(&self, n: u64) -> usize {
        match &self.repr {
            Repr::Single(target) => *target,
            Repr::Table(slots) => usize::from(slots[(n % SPLIT_SLOTS as u64) as usize]),
        }
    }

    /// How many targets the split was built with, zero weights included.
    pub fn len_targets(&self) -> usize {
        self.targets
    }

    /// The only target ever picked, when just one has a non-zero weight.
    /// Callers can then skip the shared request counter altogether.
    pub fn single_target(&self) -> Option<usize> {
        match self.repr {
            Repr::Single(target) => Some(target),
            Repr::Table(_) => None,
        }
    }
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::NoTargets => write!(
                f,
                "the traffic split has no targets; give it at least one revision with 100% of the traffic"
            ),
            SplitError::WrongSum { sum } => write!(
                f,
                "traffic weights sum to {}.{:02}%, they must sum to 100%; fix the split's percents",
                sum / 100,
                sum % 100
            ),
            SplitError::TooManyTargets { count } => write!(
                f,
                "the traffic split has {count} targets, at most {MAX_SPLIT_TARGETS} are supported; drop the targets with 0%"
            ),
        }
    }
}

impl std::error::Error for SplitError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    /// One target has all the weight: no table needed.
    Single(usize),
    /// One period of target indices.
    Table(Box<[u16]>),
}

/// Earliest-deadline-first over each target's Pfair windows; see the module
/// comment for why this keeps every prefix within one request of exact.
fn build_slots(weights: &[u32]) -> Box<[u16]> {
    const T: u64 = SPLIT_SLOTS as u64;
    // Window of a target's pick number `done` (0-based) given its weight.
    let release = |done: u64, w: u64| done * T / w;
    let deadline = |done: u64, w: u64| ((done + 1) * T).div_ceil(w);

    let mut done = vec![0u64; weights.len()];
    // Next pick of each target, keyed by the slot it may start in.
    let mut waiting: BinaryHeap<Reverse<(u64, usize)>> = weights
        .iter()
        .enumerate()
        .filter(|(_, &w)| w > 0)
        .map(|(i, _)| Reverse((0, i)))
        .collect();
    // Released picks, keyed by the slot they must happen before.
    let mut ready: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut slots = Vec::with_capacity(SPLIT_SLOTS);

    for t in 0..T {
        while let Some(&Reverse((start, i))) = waiting.peek() {
            if start > t {
                break;
            }
            waiting.pop();
            ready.push(Reverse((deadline(done[i], u64::from(weights[i])), i)));
        }
        // With weights summing to T the ready set is never empty (a feasible
        // schedule has no idle slot); falling back to the next waiting pick
        // keeps the per-target counts exact even if that ever failed.
        let Some(Reverse((_, i))) = ready.pop().or_else(|| waiting.pop()) else {
            break;
        };
        // Checked by `SplitSequence::new`: at most `u16::MAX` targets.
        slots.push(i as u16);
        done[i] += 1;
        let w = u64::from(weights[i]);
        if done[i] < w {
            waiting.push(Reverse((release(done[i], w), i)));
        }
    }
    slots.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `weights` build a sequence whose every prefix gives each
    /// target between floor and ceil of its exact share, and that one period
    /// holds exactly `weight` picks of each target.
    fn check(weights: &[u32]) {
        let seq = SplitSequence::new(weights).unwrap();
        assert_eq!(seq.len_targets(), weights.len());
        let t = SPLIT_SLOTS as u64;
        let mut counts = vec![0u64; weights.len()];
        // Two periods: the second proves the wrap-around continues exactly.
        for n in 0..2 * t {
            let picked = seq.pick(n);
            assert!(
                weights[picked] > 0,
                "{weights:?}: zero-weight target {picked} picked"
            );
            counts[picked] += 1;
            let len = n + 1;
            for (i, &w) in weights.iter().enumerate() {
                let ideal = u64::from(w) * len;
                let (lo, hi) = (ideal / t, ideal.div_ceil(t));
                assert!(
                    (lo..=hi).contains(&counts[i]),
                    "{weights:?}: after {len} requests target {i} has {} picks, expected {lo}..={hi}",
                    counts[i]
                );
            }
        }
        for (i, &w) in weights.iter().enumerate() {
            assert_eq!(counts[i], 2 * u64::from(w), "{weights:?}: target {i}");
        }
    }

    /// A tiny deterministic PRNG (xorshift64*), so random cases repeat.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// `targets` weights summing to 10_000, some of them zero.
    fn random_weights(rng: &mut Rng, targets: usize) -> Vec<u32> {
        // Cut points in 0..=10_000, sorted; weights are the gaps.
        let mut cuts: Vec<u64> = (0..targets - 1)
            .map(|_| rng.below(SPLIT_SLOTS as u64 + 1))
            .collect();
        cuts.push(0);
        cuts.push(SPLIT_SLOTS as u64);
        cuts.sort_unstable();
        cuts.windows(2).map(|w| (w[1] - w[0]) as u32).collect()
    }

    #[test]
    fn common_splits_hold_the_bound() {
        check(&[9_000, 1_000]);
        check(&[1_000, 9_000]);
        check(&[9_900, 100]);
        check(&[9_990, 10]);
        check(&[9_999, 1]);
        check(&[5_000, 5_000]);
        check(&[3_333, 3_333, 3_334]);
        check(&[2_500, 2_500, 2_500, 2_500]);
        check(&[7_000, 2_000, 1_000]);
    }

    #[test]
    fn uneven_and_zero_weights_hold_the_bound() {
        check(&[1, 3, 7, 19, 50, 120, 800, 1_000, 2_000, 6_000]);
        check(&[4_001, 1, 1, 1, 1, 1, 1, 1, 1, 5_991]);
        check(&[0, 9_000, 0, 1_000, 0]);
        check(&[1_429, 1_429, 1_428, 1_428, 1_429, 1_428, 1_429]);
        check(&[9_991, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn random_splits_hold_the_bound() {
        let mut rng = Rng(0x5eed_1234_abcd_0042);
        for round in 0..120 {
            let targets = match round % 4 {
                0 => 2,
                1 => 3,
                2 => 2 + rng.below(10) as usize,
                _ => 10 + rng.below(40) as usize,
            };
            check(&random_weights(&mut rng, targets));
        }
    }

    #[test]
    fn many_targets_with_one_slot_each() {
        let weights = vec![1u32; SPLIT_SLOTS];
        let seq = SplitSequence::new(&weights).unwrap();
        let mut seen = vec![false; SPLIT_SLOTS];
        for n in 0..SPLIT_SLOTS as u64 {
            let i = seq.pick(n);
            assert!(!seen[i], "target {i} picked twice in one period");
            seen[i] = true;
        }
    }

    #[test]
    fn single_target_needs_no_table() {
        let seq = SplitSequence::new(&[10_000]).unwrap();
        assert_eq!(seq.single_target(), Some(0));
        assert_eq!(seq.pick(0), 0);
        assert_eq!(seq.pick(u64::MAX), 0);

        let seq = SplitSequence::new(&[0, 0, 10_000, 0]).unwrap();
        assert_eq!(seq.single_target(), Some(2));
        assert_eq!(seq.len_targets(), 4);
        assert!((0..20_000).all(|n| seq.pick(n) == 2));

        assert_eq!(
            SplitSequence::new(&[9_000, 1_000]).unwrap().single_target(),
            None
        );
    }

    #[test]
    fn the_largest_split_is_accepted() {
        let mut weights = vec![0u32; MAX_SPLIT_TARGETS];
        weights[MAX_SPLIT_TARGETS - 1] = 5_000;
        weights[7] = 5_000;
        let seq = SplitSequence::new(&weights).unwrap();
        let picks: Vec<usize> = (0..4).map(|n| seq.pick(n)).collect();
        assert!(picks.iter().all(|&i| i == 7 || i == MAX_SPLIT_TARGETS - 1));
        assert_eq!(picks.iter().filter(|&&i| i == 7).count(), 2);
    }

    #[test]
    fn invalid_weights_are_rejected_with_a_message() {
        let err = |weights: &[u32]| SplitSequence::new(weights).unwrap_err();
        assert_eq!(err(&[]), SplitError::NoTargets);
        assert_eq!(err(&[9_000]), SplitError::WrongSum { sum: 9_000 });
        assert_eq!(err(&[0, 0]), SplitError::WrongSum { sum: 0 });
        assert_eq!(
            err(&[u32::MAX, u32::MAX]),
            SplitError::WrongSum {
                sum: 2 * u64::from(u32::MAX)
            }
        );
        assert_eq!(
            err(&vec![0; MAX_SPLIT_TARGETS + 1]),
            SplitError::TooManyTargets {
                count: MAX_SPLIT_TARGETS + 1
            }
        );

        assert_eq!(
            err(&[9_000, 950]).to_string(),
            "traffic weights sum to 99.50%, they must sum to 100%; fix the split's percents"
        );
        assert_eq!(
            err(&[]).to_string(),
            "the traffic split has no targets; give it at least one revision with 100% of the traffic"
        );
    }
}
