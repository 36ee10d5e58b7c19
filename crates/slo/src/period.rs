//! Compliance periods: rolling (any whole number of seconds ≥ 60) or calendar
//! (DAY, WEEK, FORTNIGHT, MONTH, in UTC). Given `now`, a period is a time range.

use std::ops::Range;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Day,
    /// Weeks begin on Sunday, as Cloud Monitoring's en_US weeks.
    Week,
    /// Two weeks, counted in Sunday-aligned weeks since the Unix epoch.
    Fortnight,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Rolling(Duration),
    Calendar(Calendar),
}

pub const MIN_ROLLING: Duration = Duration::from_secs(60);

impl Period {
    pub fn rolling(d: Duration) -> Result<Period, String> {
        if d < MIN_ROLLING || d.subsec_nanos() != 0 {
            return Err(format!(
                "rollingPeriod {}s is not allowed; use a whole number of seconds, at least 60",
                d.as_secs_f64()
            ));
        }
        Ok(Period::Rolling(d))
    }

    pub fn parse_calendar(name: &str) -> Result<Period, String> {
        Ok(Period::Calendar(match name {
            "DAY" => Calendar::Day,
            "WEEK" => Calendar::Week,
            "FORTNIGHT" => Calendar::Fortnight,
            "MONTH" => Calendar::Month,
            other => {
                return Err(format!(
                    "calendarPeriod {other:?} is not supported; use DAY, WEEK, FORTNIGHT or MONTH"
                ))
            }
        }))
    }

    /// The time range (since the Unix epoch) the period covers at `now`.
    pub fn range(self, now: Duration) -> Range<Duration> {
        match self {
            Period::Rolling(d) => now.saturating_sub(d)..now,
            Period::Calendar(c) => calendar_start(c, now)..now,
        }
    }

    /// The full length of the period (for calendar months, the current month's).
    pub fn length(self, now: Duration) -> Duration {
        match self {
            Period::Rolling(d) => d,
            Period::Calendar(Calendar::Day) => DAY,
            Period::Calendar(Calendar::Week) => DAY * 7,
            Period::Calendar(Calendar::Fortnight) => DAY * 14,
            Period::Calendar(Calendar::Month) => {
                let (y, m, _) = civil_from_days(days(now));
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                DAY * (days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)) as u32
            }
        }
    }
}

const DAY: Duration = Duration::from_secs(86_400);

fn days(t: Duration) -> i64 {
    (t.as_secs() / 86_400) as i64
}

fn calendar_start(c: Calendar, now: Duration) -> Duration {
    let d = days(now);
    // 1970-01-01 was a Thursday: day 3 is the first Sunday... counting back, day -4.
    let weekday_from_sunday = (d + 4).rem_euclid(7);
    let start_day = match c {
        Calendar::Day => d,
        Calendar::Week => d - weekday_from_sunday,
        Calendar::Fortnight => {
            let week_start = d - weekday_from_sunday;
            let week_index = (week_start + 4).div_euclid(7);
            week_start - 7 * week_index.rem_euclid(2)
        }
        Calendar::Month => {
            let (y, m, _) = civil_from_days(d);
            days_from_civil(y, m, 1)
        }
    };
    Duration::from_secs((start_day.max(0) as u64) * 86_400)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: u32, d: u32, secs: u64) -> Duration {
        Duration::from_secs(days_from_civil(y, m, d) as u64 * 86_400 + secs)
    }

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2026, 11, 26), (2100, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn calendar_periods_start_where_they_should() {
        let now = at(2026, 11, 26, 3600); // a Thursday
        assert_eq!(
            Period::Calendar(Calendar::Day).range(now).start,
            at(2026, 11, 26, 0)
        );
        assert_eq!(
            Period::Calendar(Calendar::Week).range(now).start,
            at(2026, 11, 22, 0),
            "the Sunday before"
        );
        assert_eq!(
            Period::Calendar(Calendar::Month).range(now).start,
            at(2026, 11, 1, 0)
        );
        assert_eq!(Period::Calendar(Calendar::Month).length(now), DAY * 30);
        assert_eq!(
            Period::Calendar(Calendar::Month).length(at(2028, 2, 10, 0)),
            DAY * 29
        );
        let f = Period::Calendar(Calendar::Fortnight).range(now).start;
        assert!(
            f == at(2026, 11, 22, 0) || f == at(2026, 11, 15, 0),
            "{f:?}"
        );
        let next_week = at(2026, 11, 29, 10);
        let f2 = Period::Calendar(Calendar::Fortnight).range(next_week).start;
        assert_eq!(
            f2 == f,
            f == at(2026, 11, 22, 0),
            "consecutive weeks alternate fortnight starts"
        );
    }

    #[test]
    fn rolling_periods() {
        assert!(Period::rolling(Duration::from_secs(59)).is_err());
        assert!(Period::rolling(Duration::from_millis(60_500)).is_err());
        let p = Period::rolling(Duration::from_secs(86_400)).unwrap();
        assert_eq!(
            p.range(Duration::from_secs(100_000)),
            Duration::from_secs(13_600)..Duration::from_secs(100_000)
        );
        assert!(Period::parse_calendar("YEAR")
            .unwrap_err()
            .contains("DAY, WEEK"));
    }
}
