//! When each request of an open-model run should be sent: a piecewise-linear arrival
//! rate (a constant `--rate`, or `--ramp` stages), turned into the intended send time of
//! request number k. Pure arithmetic, so workers can claim request numbers from one
//! atomic counter and compute their own send times, and tests need no clock.

use std::time::Duration;

/// One `--ramp` stage: the rate moves linearly to `target` (requests per second) over `duration`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    pub duration: Duration,
    pub target: f64,
}

/// A piecewise-linear arrival rate, starting at time zero; after the last stage its
/// rate holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    segments: Vec<Segment>,
    /// The rate after the last segment.
    hold: f64,
    /// Requests intended before the hold phase starts.
    hold_from_count: f64,
    hold_from_secs: f64,
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    start_secs: f64,
    secs: f64,
    from: f64,
    to: f64,
    /// Requests intended before this segment starts.
    start_count: f64,
}

impl Schedule {
    /// A constant rate, in requests per second (must be positive).
    pub fn constant(rate: f64) -> Schedule {
        Schedule::ramp(rate, &[])
    }

    /// Starts at `start_rate` (may be 0), then follows the stages.
    pub fn ramp(start_rate: f64, stages: &[Stage]) -> Schedule {
        let mut segments = Vec::with_capacity(stages.len());
        let (mut t, mut n, mut rate) = (0.0f64, 0.0f64, start_rate);
        for stage in stages {
            let secs = stage.duration.as_secs_f64();
            if secs > 0.0 {
                segments.push(Segment {
                    start_secs: t,
                    secs,
                    from: rate,
                    to: stage.target,
                    start_count: n,
                });
                n += (rate + stage.target) / 2.0 * secs;
                t += secs;
            }
            rate = stage.target;
        }
        Schedule {
            segments,
            hold: rate,
            hold_from_count: n,
            hold_from_secs: t,
        }
    }

    /// The length of the ramp stages (zero for a constant rate).
    pub fn stages_duration(&self) -> Duration {
        Duration::from_secs_f64(self.hold_from_secs)
    }

    /// The rate at the end of the stages, which then holds.
    pub fn final_rate(&self) -> f64 {
        self.hold
    }

    /// The intended send time of request `k` (counting from 0), from the start of the
    /// run; None if the rate drops to zero for good before then.
    pub fn intended(&self, k: u64) -> Option<Duration> {
        let x = k as f64;
        if x >= self.hold_from_count {
            if self.hold <= 0.0 {
                return None;
            }
            return Some(Duration::from_secs_f64(
                self.hold_from_secs + (x - self.hold_from_count) / self.hold,
            ));
        }
        // The segment in which the cumulative count reaches x: the last one starting at or before it.
        let i = self
            .segments
            .partition_point(|s| s.start_count <= x)
            .saturating_sub(1);
        let s = &self.segments[i];
        let dx = x - s.start_count;
        // Solve from·τ + (to − from)/(2·secs)·τ² = dx for τ, in the form that stays
        // accurate when the rate barely changes.
        let a = (s.to - s.from) / (2.0 * s.secs);
        let disc = (s.from * s.from + 4.0 * a * dx).max(0.0);
        let denom = s.from + disc.sqrt();
        let tau = if denom > 0.0 { 2.0 * dx / denom } else { 0.0 };
        Some(Duration::from_secs_f64(
            s.start_secs + tau.clamp(0.0, s.secs),
        ))
    }

    /// How many requests are intended strictly before `t`.
    pub fn count_before(&self, t: Duration) -> u64 {
        let t = t.as_secs_f64();
        let cumulative = if t >= self.hold_from_secs {
            self.hold_from_count + (t - self.hold_from_secs) * self.hold.max(0.0)
        } else {
            let i = self
                .segments
                .partition_point(|s| s.start_secs <= t)
                .saturating_sub(1);
            let s = &self.segments[i];
            let tau = t - s.start_secs;
            s.start_count + s.from * tau + (s.to - s.from) / (2.0 * s.secs) * tau * tau
        };
        // Request k is intended before t when k < N(t); guard against the rounding of N.
        let mut n = cumulative.ceil().max(0.0) as u64;
        while n > 0 && self.intended(n - 1).is_none_or(|d| d.as_secs_f64() >= t) {
            n -= 1;
        }
        while self.intended(n).is_some_and(|d| d.as_secs_f64() < t) {
            n += 1;
        }
        n
    }
}

/// Parses `--ramp` stages: `10s:100,30s:1000` (duration:rate, comma-separated).
pub fn parse_stages(s: &str) -> Result<Vec<Stage>, String> {
    s.split(',')
        .map(|part| {
            let part = part.trim();
            let (d, r) = part.split_once(':').ok_or_else(|| format!("ramp stage `{part}` is not DURATION:RATE; write stages like 10s:100,30s:1000 (--ramp)"))?;
            let duration = runlane_model::duration::parse_human(d).map_err(|e| format!("{e} (--ramp stage `{part}`)"))?;
            let target: f64 = r.trim().parse().ok().filter(|r: &f64| r.is_finite() && *r >= 0.0).ok_or_else(|| {
                format!("ramp stage `{part}` has rate `{r}`, which is not a number of requests per second ≥ 0 (--ramp)")
            })?;
            Ok(Stage { duration, target })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(d: Option<Duration>) -> f64 {
        d.unwrap().as_secs_f64()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn constant_rate_spaces_requests_evenly() {
        let s = Schedule::constant(1000.0);
        assert_eq!(s.intended(0), Some(Duration::ZERO));
        assert!(close(secs(s.intended(1)), 0.001));
        assert!(close(secs(s.intended(9_999)), 9.999));
        assert_eq!(s.count_before(Duration::from_secs(10)), 10_000);
        assert_eq!(s.count_before(Duration::ZERO), 0);
        assert_eq!(s.count_before(Duration::from_nanos(1)), 1);
        let s = Schedule::constant(3.0);
        assert_eq!(s.count_before(Duration::from_secs(1)), 3);
    }

    #[test]
    fn ramp_from_zero_is_quadratic_then_holds() {
        // 0 → 100 rps over 10 s: 500 requests in the stage, then 100 rps.
        let s = Schedule::ramp(
            0.0,
            &[Stage {
                duration: Duration::from_secs(10),
                target: 100.0,
            }],
        );
        assert_eq!(s.count_before(Duration::from_secs(10)), 500);
        // N(t) = 5 t², so request 125 is intended at t = 5 s.
        assert!(close(secs(s.intended(125)), 5.0));
        assert!(close(secs(s.intended(500)), 10.0));
        assert!(close(secs(s.intended(600)), 11.0));
        assert_eq!(s.stages_duration(), Duration::from_secs(10));
    }

    #[test]
    fn stages_chain_and_the_rate_can_fall() {
        let stages = parse_stages("10s:100,30s:1000,10s:0").unwrap();
        let s = Schedule::ramp(0.0, &stages);
        // 500 + (100+1000)/2·30 + 1000/2·10 = 500 + 16,500 + 5,000.
        assert_eq!(s.count_before(Duration::from_secs(50)), 22_000);
        assert_eq!(s.count_before(Duration::from_secs(40)), 17_000);
        assert!(s.intended(22_000).is_none(), "the rate ends at 0");
        // Intended times never go backwards.
        let mut last = Duration::ZERO;
        for k in (0..22_000).step_by(7) {
            let t = s.intended(k).unwrap();
            assert!(t >= last, "request {k} at {t:?} before {last:?}");
            last = t;
        }
    }

    #[test]
    fn bad_stages_say_how_to_write_them() {
        assert!(parse_stages("10s").unwrap_err().contains("DURATION:RATE"));
        assert!(parse_stages("10s:fast")
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_stages("ten:5")
            .unwrap_err()
            .contains("not a duration"));
        assert_eq!(
            parse_stages("1m:5").unwrap(),
            [Stage {
                duration: Duration::from_secs(60),
                target: 5.0
            }]
        );
    }
}
