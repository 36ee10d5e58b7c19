//! Saturation's forecast for runlane's own disk: "logs.db will fill the disk in 3 h 40 min
//! at the last hour's rate". Samples of the data dir's filesystem (free bytes, and the
//! size of each file runlane writes there) go into a [`FillHistory`]; a least-squares line
//! through the last hour's free space gives the rate it is falling at and when it reaches
//! zero, and the file that grew the most names the cause. The alert on it decides with
//! [`DiskAlert`], with hysteresis so a forecast hovering at its threshold does not page
//! over and over. No I/O: the caller samples and acts.

use std::collections::VecDeque;
use std::time::Duration;

/// One look at the disk.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskSample {
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Bytes free on the data dir's filesystem, as runlane's user sees them.
    pub free_bytes: u64,
    pub total_bytes: u64,
    /// Size of each file runlane keeps in the data dir, by its path there
    /// (`telemetry/logs.db`).
    pub files: Vec<(String, u64)>,
}

/// Where the free space is going.
#[derive(Clone, Debug, PartialEq)]
pub struct FillForecast {
    /// Free space lost per second over the window (positive: filling).
    pub bytes_per_second: f64,
    /// When free space reaches zero at that rate.
    pub full_in: Duration,
    /// The file that grew the most over the window, and by how much per second.
    pub fastest_file: Option<(String, f64)>,
    /// The span of the samples the line was fitted to.
    pub over: Duration,
    pub free_bytes: u64,
}

impl FillForecast {
    /// "telemetry/logs.db will fill the disk in 3 h 40 min at the last 1 h's rate (12.0
    /// MiB/min; 2.1 GiB free)".
    pub fn sentence(&self) -> String {
        let who = self.fastest_file.as_ref().map_or_else(|| "the data dir".to_owned(), |(f, _)| f.clone());
        format!(
            "{who} will fill the disk in {} at the last {}'s rate ({}/min; {} free)",
            human_duration(self.full_in),
            if self.over >= Duration::from_secs(55 * 60) { "hour".to_owned() } else { human_duration(self.over) },
            human_bytes(self.bytes_per_second * 60.0),
            human_bytes(self.free_bytes as f64)
        )
    }
}

const MAX_SAMPLES: usize = 720;

/// The last `window` of samples (at most 720 of them).
#[derive(Clone, Debug)]
pub struct FillHistory {
    window: Duration,
    samples: VecDeque<DiskSample>,
}

impl FillHistory {
    pub fn new(window: Duration) -> FillHistory {
        FillHistory { window, samples: VecDeque::new() }
    }

    pub fn push(&mut self, sample: DiskSample) {
        let window_ms = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        // A clock that went back starts the history again.
        if self.samples.back().is_some_and(|last| last.at_ms >= sample.at_ms) {
            self.samples.clear();
        }
        self.samples.push_back(sample);
        // Sampled often (a test's 200 ms), the window's samples stay bounded.
        if self.samples.len() > MAX_SAMPLES {
            self.samples.pop_front();
        }
        let newest = self.samples.back().map_or(0, |s| s.at_ms);
        while self.samples.front().is_some_and(|s| newest - s.at_ms > window_ms) {
            self.samples.pop_front();
        }
    }

    pub fn latest(&self) -> Option<&DiskSample> {
        self.samples.back()
    }

    /// The forecast, when the free space is falling: None with fewer than three samples
    /// or less than a second of them, when free space is steady or growing, or when the
    /// fill would take longer than a year (no forecast is worth making that far).
    pub fn forecast(&self) -> Option<FillForecast> {
        if self.samples.len() < 3 {
            return None;
        }
        let first = self.samples.front()?;
        let last = self.samples.back()?;
        if last.at_ms - first.at_ms < 1000 {
            return None;
        }
        let t0 = first.at_ms;
        let points: Vec<(f64, f64)> = self.samples.iter().map(|s| ((s.at_ms - t0) as f64 / 1000.0, s.free_bytes as f64)).collect();
        let slope = least_squares_slope(&points)?;
        let bytes_per_second = -slope;
        if bytes_per_second <= 0.0 {
            return None;
        }
        let seconds = last.free_bytes as f64 / bytes_per_second;
        if !seconds.is_finite() || seconds > 365.0 * 86_400.0 {
            return None;
        }
        let span = (last.at_ms - t0) as f64 / 1000.0;
        let fastest_file = last
            .files
            .iter()
            .filter_map(|(name, size)| {
                let before = first.files.iter().find(|(n, _)| n == name).map_or(0, |(_, s)| *s);
                let grew = *size as f64 - before as f64;
                (grew > 0.0 && span > 0.0).then(|| (name.clone(), grew / span))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        Some(FillForecast {
            bytes_per_second,
            full_in: Duration::from_secs_f64(seconds),
            fastest_file,
            over: Duration::from_millis(u64::try_from(last.at_ms - t0).unwrap_or(0)),
            free_bytes: last.free_bytes,
        })
    }
}

fn least_squares_slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// The built-in alert on the forecast: it opens when the disk will be full within
/// `threshold`, and resolves once the forecast is gone or beyond twice the threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskAlert {
    pub threshold: Duration,
    pub firing: bool,
}

/// What the caller must do after [`DiskAlert::observe`].
#[derive(Clone, Debug, PartialEq)]
pub enum DiskAlertChange {
    Open(String),
    Resolve(String),
}

impl DiskAlert {
    pub fn new(threshold: Duration) -> DiskAlert {
        DiskAlert { threshold, firing: false }
    }

    pub fn observe(&mut self, forecast: Option<&FillForecast>) -> Option<DiskAlertChange> {
        match (self.firing, forecast) {
            (false, Some(f)) if f.full_in <= self.threshold => {
                self.firing = true;
                Some(DiskAlertChange::Open(format!("{}; the alert fires below {}", f.sentence(), human_duration(self.threshold))))
            }
            (true, None) => {
                self.firing = false;
                Some(DiskAlertChange::Resolve("the data dir's filesystem is no longer filling".to_owned()))
            }
            (true, Some(f)) if f.full_in > self.threshold * 2 => {
                self.firing = false;
                Some(DiskAlertChange::Resolve(format!("the fill slowed: {}", f.sentence())))
            }
            _ => None,
        }
    }
}

/// `3 h 40 min`, `12 min`, `45 s`.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        s if s >= 86_400 => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
        s if s >= 3600 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

fn human_bytes(b: f64) -> String {
    runlane_model::quantity::format_memory(b.max(0.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    fn sample(at_s: i64, free_mib: u64, logs_mib: u64) -> DiskSample {
        DiskSample {
            at_ms: at_s * 1000,
            free_bytes: free_mib * MIB,
            total_bytes: 10_000 * MIB,
            files: vec![("state.db".into(), MIB), ("telemetry/logs.db".into(), logs_mib * MIB)],
        }
    }

    #[test]
    fn a_steady_fill_is_forecast_and_blamed_on_the_file_that_grew() {
        let mut h = FillHistory::new(Duration::from_secs(3600));
        // 12 MiB a minute for an hour, all of it logs.db.
        for minute in 0..=60 {
            h.push(sample(minute * 60, 3000 - 12 * minute as u64, 100 + 12 * minute as u64));
        }
        let f = h.forecast().unwrap();
        assert!((f.bytes_per_second - 12.0 * MIB as f64 / 60.0).abs() < 1.0, "{f:?}");
        // 2280 MiB left at 12 MiB/min: 190 min.
        assert_eq!(f.full_in.as_secs() / 60, 190);
        assert_eq!(f.fastest_file.as_ref().unwrap().0, "telemetry/logs.db");
        assert_eq!(f.sentence(), "telemetry/logs.db will fill the disk in 3 h 10 min at the last hour's rate (12 MiB/min; 2.2 GiB free)");
    }

    #[test]
    fn steady_or_growing_free_space_and_too_few_samples_forecast_nothing() {
        let mut h = FillHistory::new(Duration::from_secs(3600));
        h.push(sample(0, 3000, 100));
        h.push(sample(60, 2990, 110));
        assert_eq!(h.forecast(), None, "two samples are not a trend");
        h.push(sample(120, 3000, 100));
        h.push(sample(180, 3000, 100));
        assert!(h.forecast().is_none_or(|f| f.full_in > Duration::from_secs(86_400)), "{:?}", h.forecast());
        let mut freed = FillHistory::new(Duration::from_secs(3600));
        for i in 0..5 {
            freed.push(sample(i * 60, 1000 + 10 * i as u64, 100));
        }
        assert_eq!(freed.forecast(), None);
        let mut slow = FillHistory::new(Duration::from_secs(3600));
        for i in 0..5 {
            slow.push(DiskSample { at_ms: i * 60_000, free_bytes: 1 << 40, total_bytes: 1 << 41, files: vec![] });
        }
        slow.push(DiskSample { at_ms: 5 * 60_000, free_bytes: (1 << 40) - 1, total_bytes: 1 << 41, files: vec![] });
        assert_eq!(slow.forecast(), None, "a year or more away is no forecast");
    }

    #[test]
    fn only_the_last_window_counts_and_a_clock_going_back_restarts() {
        let mut h = FillHistory::new(Duration::from_secs(600));
        // Fast fill long ago, then steady for the last ten minutes.
        for i in 0..10 {
            h.push(sample(i * 60, 3000 - 100 * i as u64, 100));
        }
        for i in 10..=30 {
            h.push(sample(i * 60, 2100, 100));
        }
        assert_eq!(h.forecast(), None, "{:?}", h.forecast());
        h.push(sample(0, 2000, 100));
        assert_eq!(h.latest().unwrap().at_ms, 0);
        assert_eq!(h.forecast(), None);
    }

    #[test]
    fn the_alert_opens_below_its_threshold_and_resolves_with_hysteresis() {
        let f = |minutes: u64| FillForecast {
            bytes_per_second: 1.0,
            full_in: Duration::from_secs(minutes * 60),
            fastest_file: Some(("telemetry/logs.db".into(), 1.0)),
            over: Duration::from_secs(3600),
            free_bytes: 100 * MIB,
        };
        let mut alert = DiskAlert::new(Duration::from_secs(4 * 3600));
        assert_eq!(alert.observe(Some(&f(300))), None);
        assert_eq!(alert.observe(None), None);
        match alert.observe(Some(&f(200))) {
            Some(DiskAlertChange::Open(why)) => assert!(why.contains("telemetry/logs.db will fill the disk in 3 h 20 min") && why.contains("below 4 h 0 min"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(alert.observe(Some(&f(100))), None, "already firing");
        assert_eq!(alert.observe(Some(&f(300))), None, "between the threshold and twice it: still firing");
        assert!(matches!(alert.observe(Some(&f(500))), Some(DiskAlertChange::Resolve(_))));
        assert!(matches!(alert.observe(Some(&f(10))), Some(DiskAlertChange::Open(_))));
        assert!(matches!(alert.observe(None), Some(DiskAlertChange::Resolve(_))));
    }

    #[test]
    fn durations_and_sizes_read_as_people_write_them() {
        assert_eq!(human_duration(Duration::from_secs(13_200)), "3 h 40 min");
        assert_eq!(human_duration(Duration::from_secs(90_000)), "1 d 1 h");
        assert_eq!(human_duration(Duration::from_secs(45)), "45 s");
        assert_eq!(human_bytes(512.0), "512 B");
        assert_eq!(human_bytes(1.5 * MIB as f64), "1.5 MiB");
        assert_eq!(human_bytes(-3.0), "0 B");
    }
}
