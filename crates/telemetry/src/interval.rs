//! One revision's numbers over one interval of time (a second, a minute or an
//! hour): the unit the time-series store writes, rolls up and reads back.
//!
//! Counters add up when intervals merge; gauges keep the sum of their
//! once-a-second samples (mean = sum ÷ seconds in the range) and the maximum.
//! Distributions other than latency (instance startups, CPU and memory
//! utilisation) use the same log-linear buckets; utilisations are counted in
//! per-mille of the limit (0..=1000), one value per instance per sample.
//! Request latencies are also kept by status class (`class_latency`, Cloud Run's
//! `response_code_class`), so errors' latency can be told from successes'.
//! The encoding is a compact varint blob, versioned by its first byte
//! (version 1, before utilisation and OOM kills, and version 2, before latency
//! by class, still decode: their latencies have no class; version 3 has no uptime
//! check results).
//!
//! An uptime check's series is an interval too (service `~uptime/PROJECT/HOST`, revision
//! the check's id, see [`uptime_series`]): runs that passed and failed, and their
//! latencies in ms as a gauge over runs.

use crate::histogram::Histogram;

/// Instance states counted by `container/instance_count`, in this order.
pub const INSTANCE_STATES: [&str; 5] = ["starting", "ready", "stopping", "crashloop", "failed"];

/// A gauge over a bucket: the sum of its per-second samples and their maximum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gauge {
    pub sum: u64,
    pub max: u64,
}

impl Gauge {
    /// One second's sample.
    pub fn sample(value: u64) -> Gauge {
        Gauge {
            sum: value,
            max: value,
        }
    }

    pub fn merge(&mut self, other: Gauge) {
        self.sum += other.sum;
        self.max = self.max.max(other.max);
    }
}

/// Status classes with a latency histogram each: 1xx ..= 9xx (the router counts
/// codes 100..=999), so every request's latency has a class.
pub const LATENCY_CLASSES: u8 = 9;

/// The latencies of one status class's responses in a bucket.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassLatency {
    /// 1 for 1xx, 2 for 2xx, … 9 for 9xx.
    pub class: u8,
    /// Latencies (µs), sparse (bucket, count), sorted by bucket.
    pub latency: Vec<(u16, u64)>,
    /// Exact sum of the latencies, µs.
    pub sum_us: u64,
}

/// Everything recorded for one revision in one bucket.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interval {
    /// Responses by HTTP status code, sorted by code.
    pub codes: Vec<(u16, u64)>,
    /// Request latencies (µs), sparse (bucket, count), sorted by bucket.
    pub latency: Vec<(u16, u64)>,
    /// Exact sum of request latencies, µs.
    pub latency_sum_us: u64,
    /// The same latencies by status class, sorted by class, none empty. Adds up
    /// to `latency` (points from before version 3 have none).
    pub class_latency: Vec<ClassLatency>,
    pub request_bytes: u64,
    pub response_bytes: u64,
    /// Requests in flight, sampled once a second.
    pub concurrency: Gauge,
    /// Instances by state ([`INSTANCE_STATES`]), sampled once a second.
    pub instances: [Gauge; 5],
    /// Instance startup latencies (µs) of instances that became ready in the bucket.
    pub startup: Vec<(u16, u64)>,
    /// CPU utilisation samples, per-mille of the CPU limit, sparse (bucket, count).
    pub cpu: Vec<(u16, u64)>,
    /// Exact sum of the CPU samples, per-mille.
    pub cpu_sum: u64,
    /// Memory utilisation samples, per-mille of the memory limit, sparse (bucket, count).
    pub memory: Vec<(u16, u64)>,
    /// Exact sum of the memory samples, per-mille.
    pub memory_sum: u64,
    /// Instances killed for running out of memory.
    pub oom_kills: u64,
    /// Uptime check runs that passed and that failed (only in an uptime check's series).
    pub checks_passed: u64,
    pub checks_failed: u64,
    /// Uptime check latencies, ms: sum and maximum over the runs.
    pub check_latency_ms: Gauge,
}

/// The reserved series service of uptime checks of `host` in `project` (`~` is in no
/// service name, so it never meets a service's series).
pub fn uptime_series(project: &str, host: &str) -> String {
    format!("{UPTIME_PREFIX}{project}/{host}")
}

/// `(project, host)` of an uptime series' service name.
pub fn parse_uptime_series(service: &str) -> Option<(&str, &str)> {
    service.strip_prefix(UPTIME_PREFIX)?.split_once('/')
}

pub const UPTIME_PREFIX: &str = "~uptime/";

/// The largest per-mille utilisation value: a sample is clamped to its limit.
pub const PER_MILLE_MAX: u64 = 1000;

/// A utilisation ratio (0..1 of a limit) as per-mille, clamped to `0..=1000`;
/// None for a value that is not a number.
pub fn per_mille(ratio: f64) -> Option<u64> {
    ratio
        .is_finite()
        .then(|| (ratio.clamp(0.0, 1.0) * PER_MILLE_MAX as f64).round() as u64)
}

const VERSION: u8 = 4;

impl Interval {
    /// True when there is nothing to store.
    pub fn is_empty(&self) -> bool {
        *self == Interval::default()
    }

    /// Requests counted.
    pub fn requests(&self) -> u64 {
        self.codes.iter().map(|(_, c)| c).sum()
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &Interval) {
        merge_sparse(&mut self.codes, &other.codes);
        merge_sparse(&mut self.latency, &other.latency);
        merge_classes(&mut self.class_latency, &other.class_latency);
        merge_sparse(&mut self.startup, &other.startup);
        merge_sparse(&mut self.cpu, &other.cpu);
        merge_sparse(&mut self.memory, &other.memory);
        self.cpu_sum += other.cpu_sum;
        self.memory_sum += other.memory_sum;
        self.oom_kills += other.oom_kills;
        self.checks_passed += other.checks_passed;
        self.checks_failed += other.checks_failed;
        self.check_latency_ms.merge(other.check_latency_ms);
        self.latency_sum_us += other.latency_sum_us;
        self.request_bytes += other.request_bytes;
        self.response_bytes += other.response_bytes;
        self.concurrency.merge(other.concurrency);
        for (a, b) in self.instances.iter_mut().zip(other.instances) {
            a.merge(b);
        }
    }

    /// Adds the latency buckets into a dense histogram.
    pub fn latency_into(&self, h: &mut Histogram) {
        h.add_sparse(&self.latency);
    }

    /// Heap bytes held (for the memory bound).
    pub fn heap_bytes(&self) -> usize {
        (self.codes.capacity()
            + self.latency.capacity()
            + self.startup.capacity()
            + self.cpu.capacity()
            + self.memory.capacity()
            + self
                .class_latency
                .iter()
                .map(|c| c.latency.capacity())
                .sum::<usize>())
            * std::mem::size_of::<(u16, u64)>()
            + self.class_latency.capacity() * std::mem::size_of::<ClassLatency>()
    }

    /// The latencies no class holds: those of points written before latency had
    /// a class (merged into a bucket with newer ones, they are the difference).
    pub fn unclassed_latency(&self) -> (Vec<(u16, u64)>, u64) {
        let (classed, classed_sum) = self.latency_of_classes(|_| true);
        let mut rest = Vec::new();
        let mut j = 0;
        for &(bucket, n) in &self.latency {
            while classed.get(j).is_some_and(|c| c.0 < bucket) {
                j += 1;
            }
            let taken = classed.get(j).filter(|c| c.0 == bucket).map_or(0, |c| c.1);
            if n > taken {
                rest.push((bucket, n - taken));
            }
        }
        (rest, self.latency_sum_us.saturating_sub(classed_sum))
    }

    /// The latency of responses whose class `selected` accepts (e.g. `|c| c == 2`).
    pub fn latency_of_classes(&self, selected: impl Fn(u8) -> bool) -> (Vec<(u16, u64)>, u64) {
        let mut latency = Vec::new();
        let mut sum_us = 0;
        for c in self.class_latency.iter().filter(|c| selected(c.class)) {
            merge_sparse(&mut latency, &c.latency);
            sum_us += c.sum_us;
        }
        (latency, sum_us)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 4 * (self.codes.len() + self.latency.len()));
        out.push(VERSION);
        put_sparse(&mut out, &self.codes);
        // The classes hold the latencies again: write the total only when they do
        // not add up to it, and rebuild it from them when reading.
        let (by_class, _) = self.latency_of_classes(|_| true);
        let derived = !self.class_latency.is_empty() && by_class == self.latency;
        put_sparse(&mut out, if derived { &[] } else { &self.latency });
        put_sparse(&mut out, &self.startup);
        for v in [
            self.latency_sum_us,
            self.request_bytes,
            self.response_bytes,
            self.concurrency.sum,
            self.concurrency.max,
        ] {
            put(&mut out, v);
        }
        for g in &self.instances {
            put(&mut out, g.sum);
            put(&mut out, g.max);
        }
        put_sparse(&mut out, &self.cpu);
        put_sparse(&mut out, &self.memory);
        for v in [self.cpu_sum, self.memory_sum, self.oom_kills] {
            put(&mut out, v);
        }
        put(&mut out, self.class_latency.len() as u64);
        for c in &self.class_latency {
            out.push(c.class);
            put_sparse(&mut out, &c.latency);
            put(&mut out, c.sum_us);
        }
        for v in [self.checks_passed, self.checks_failed, self.check_latency_ms.sum, self.check_latency_ms.max] {
            put(&mut out, v);
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<Interval> {
        let (&version, mut rest) = bytes.split_first()?;
        if !(1..=VERSION).contains(&version) {
            return None;
        }
        let r = &mut rest;
        let mut interval = Interval {
            codes: get_sparse(r)?,
            latency: get_sparse(r)?,
            startup: get_sparse(r)?,
            ..Interval::default()
        };
        interval.latency_sum_us = get(r)?;
        interval.request_bytes = get(r)?;
        interval.response_bytes = get(r)?;
        interval.concurrency = Gauge {
            sum: get(r)?,
            max: get(r)?,
        };
        for g in &mut interval.instances {
            *g = Gauge {
                sum: get(r)?,
                max: get(r)?,
            };
        }
        if version >= 2 {
            interval.cpu = get_sparse(r)?;
            interval.memory = get_sparse(r)?;
            interval.cpu_sum = get(r)?;
            interval.memory_sum = get(r)?;
            interval.oom_kills = get(r)?;
        }
        if version >= 3 {
            let n = get(r)?;
            for _ in 0..n {
                let (&class, rest) = r.split_first()?;
                *r = rest;
                if !(1..=LATENCY_CLASSES).contains(&class) {
                    return None;
                }
                interval.class_latency.push(ClassLatency {
                    class,
                    latency: get_sparse(r)?,
                    sum_us: get(r)?,
                });
            }
            if interval.latency.is_empty() {
                interval.latency = interval.latency_of_classes(|_| true).0;
            }
        }
        if version >= 4 {
            interval.checks_passed = get(r)?;
            interval.checks_failed = get(r)?;
            interval.check_latency_ms = Gauge {
                sum: get(r)?,
                max: get(r)?,
            };
        }
        Some(interval)
    }
}

/// Merges class latencies sorted by class, adding those of equal classes.
fn merge_classes(into: &mut Vec<ClassLatency>, other: &[ClassLatency]) {
    for c in other {
        match into.binary_search_by_key(&c.class, |x| x.class) {
            Ok(i) => {
                merge_sparse(&mut into[i].latency, &c.latency);
                into[i].sum_us += c.sum_us;
            }
            Err(i) => into.insert(i, c.clone()),
        }
    }
}

/// Merges sorted sparse pairs, adding counts of equal keys.
pub fn merge_sparse(into: &mut Vec<(u16, u64)>, other: &[(u16, u64)]) {
    if other.is_empty() {
        return;
    }
    if into.is_empty() {
        into.extend_from_slice(other);
        return;
    }
    let mut merged = Vec::with_capacity(into.len() + other.len());
    let (mut i, mut j) = (0, 0);
    while i < into.len() || j < other.len() {
        match (into.get(i), other.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                merged.push((a.0, a.1 + b.1));
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                merged.push(*a);
                i += 1;
            }
            (Some(a), None) => {
                merged.push(*a);
                i += 1;
            }
            (_, Some(b)) => {
                merged.push(*b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    *into = merged;
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get(input: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = input.split_first()?;
        *input = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Sparse pairs as: count, then (key delta, value) each.
fn put_sparse(out: &mut Vec<u8>, pairs: &[(u16, u64)]) {
    put(out, pairs.len() as u64);
    let mut last = 0u16;
    for &(k, v) in pairs {
        put(out, u64::from(k - last));
        put(out, v);
        last = k;
    }
}

fn get_sparse(input: &mut &[u8]) -> Option<Vec<(u16, u64)>> {
    let n = get(input)?;
    let mut pairs = Vec::with_capacity(n.min(4096) as usize);
    let mut last = 0u64;
    for _ in 0..n {
        last += get(input)?;
        pairs.push((u16::try_from(last).ok()?, get(input)?));
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Interval {
        Interval {
            codes: vec![(200, 90), (404, 3), (503, 7)],
            latency: vec![(12, 5), (900, 1), (1727, u64::MAX / 2)],
            latency_sum_us: 123_456_789,
            class_latency: Vec::new(),
            request_bytes: 1,
            response_bytes: 1 << 40,
            concurrency: Gauge { sum: 30, max: 9 },
            instances: [
                Gauge::sample(1),
                Gauge::default(),
                Gauge::sample(2),
                Gauge::default(),
                Gauge::default(),
            ],
            startup: vec![(1500, 1)],
            cpu: vec![(250, 2), (1000, 1)],
            cpu_sum: 1500,
            memory: vec![(12, 3)],
            memory_sum: 36,
            oom_kills: 2,
            checks_passed: 3,
            checks_failed: 1,
            check_latency_ms: Gauge { sum: 40, max: 25 },
        }
    }

    #[test]
    fn encoding_round_trips() {
        for interval in [Interval::default(), sample()] {
            assert_eq!(Interval::decode(&interval.encode()), Some(interval));
        }
        assert_eq!(Interval::decode(&[9, 0]), None);
        assert_eq!(Interval::decode(&sample().encode()[..10]), None);
        assert!(Interval::default().encode().len() <= 29);
    }

    /// Points written before utilisation existed (version 1) still read, with none.
    #[test]
    fn version_1_points_decode_without_utilisation() {
        let old = Interval {
            cpu: Vec::new(),
            cpu_sum: 0,
            memory: Vec::new(),
            memory_sum: 0,
            oom_kills: 0,
            ..without_checks()
        };
        let mut v1 = old.encode();
        v1.truncate(v1.len() - 10); // two empty sparse lists, three zeros, no classes, no checks
        v1[0] = 1;
        assert_eq!(Interval::decode(&v1), Some(old));
    }

    fn by_class() -> Interval {
        Interval {
            codes: vec![(200, 3), (503, 2)],
            latency: vec![(12, 2), (900, 1), (1500, 2)],
            latency_sum_us: 4_000_000,
            class_latency: vec![
                ClassLatency {
                    class: 2,
                    latency: vec![(900, 1), (1500, 2)],
                    sum_us: 3_999_988,
                },
                ClassLatency {
                    class: 5,
                    latency: vec![(12, 2)],
                    sum_us: 12,
                },
            ],
            ..Interval::default()
        }
    }

    /// Latency by class round-trips, and the total it adds up to is not stored twice.
    #[test]
    fn class_latency_round_trips_without_storing_the_total_twice() {
        let interval = by_class();
        let bytes = interval.encode();
        assert_eq!(Interval::decode(&bytes), Some(interval.clone()));
        let without_classes = Interval {
            class_latency: Vec::new(),
            ..interval.clone()
        };
        // Classes cost their own lists, the total then costs one empty list.
        assert!(bytes.len() < without_classes.encode().len() + 20, "{}", bytes.len());
        // A total the classes do not add up to is kept as it is.
        let odd = Interval {
            latency: vec![(7, 1)],
            ..interval
        };
        assert_eq!(Interval::decode(&odd.encode()), Some(odd));
        let mut class_10 = Interval::default().encode();
        class_10.truncate(class_10.len() - 4);
        *class_10.last_mut().unwrap() = 1;
        class_10.extend([10, 0, 0]);
        assert_eq!(Interval::decode(&class_10), None);
    }

    /// Points written before latency by class (version 2) read with none.
    #[test]
    fn version_2_points_decode_without_classes() {
        let old = without_checks();
        let mut v2 = old.encode();
        v2.truncate(v2.len() - 5);
        v2[0] = 2;
        assert_eq!(Interval::decode(&v2), Some(old));
    }

    fn without_checks() -> Interval {
        Interval {
            checks_passed: 0,
            checks_failed: 0,
            check_latency_ms: Gauge::default(),
            ..sample()
        }
    }

    /// Points written before uptime checks (version 3) read with no check runs.
    #[test]
    fn version_3_points_decode_without_check_runs() {
        let old = without_checks();
        let mut v3 = old.encode();
        v3.truncate(v3.len() - 4);
        v3[0] = 3;
        assert_eq!(Interval::decode(&v3), Some(old));
    }

    #[test]
    fn merge_adds_latency_by_class() {
        let mut a = by_class();
        a.merge(&Interval {
            class_latency: vec![
                ClassLatency { class: 4, latency: vec![(3, 1)], sum_us: 3 },
                ClassLatency { class: 5, latency: vec![(12, 1), (20, 1)], sum_us: 32 },
            ],
            ..Interval::default()
        });
        let classes: Vec<_> = a.class_latency.iter().map(|c| (c.class, c.latency.clone(), c.sum_us)).collect();
        assert_eq!(
            classes,
            [
                (2, vec![(900, 1), (1500, 2)], 3_999_988),
                (4, vec![(3, 1)], 3),
                (5, vec![(12, 3), (20, 1)], 44),
            ]
        );
        assert_eq!(a.latency_of_classes(|c| c >= 4), (vec![(3, 1), (12, 3), (20, 1)], 47));
        assert_eq!(a.unclassed_latency(), (vec![], 0), "the second interval had no total");
        let mut old_and_new = by_class();
        old_and_new.merge(&Interval {
            latency: vec![(12, 1), (13, 4)],
            latency_sum_us: 60,
            ..Interval::default()
        });
        assert_eq!(old_and_new.unclassed_latency(), (vec![(12, 1), (13, 4)], 60));
    }

    #[test]
    fn utilisation_is_per_mille_of_the_limit_clamped() {
        for (ratio, expected) in [
            (0.0, Some(0)),
            (0.4567, Some(457)),
            (1.0, Some(1000)),
            (1.3, Some(1000)),
            (-0.1, Some(0)),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ] {
            assert_eq!(per_mille(ratio), expected, "{ratio}");
        }
    }

    #[test]
    fn merge_adds_counters_and_gauges() {
        let mut a = sample();
        let b = Interval {
            codes: vec![(200, 10), (500, 1)],
            concurrency: Gauge { sum: 1, max: 20 },
            ..Interval::default()
        };
        a.merge(&b);
        a.merge(&Interval {
            cpu: vec![(250, 1), (500, 1)],
            cpu_sum: 750,
            oom_kills: 1,
            ..Interval::default()
        });
        assert_eq!(a.cpu, [(250, 3), (500, 1), (1000, 1)]);
        assert_eq!((a.cpu_sum, a.oom_kills), (2250, 3));
        assert_eq!(a.codes, [(200, 100), (404, 3), (500, 1), (503, 7)]);
        assert_eq!(a.concurrency, Gauge { sum: 31, max: 20 });
        assert_eq!(a.requests(), 111);
    }
}
