//! The SRE Workbook's multi-window, multi-burn-rate alert set, scaled to the SLO
//! period: each tier fires when both its long and its short window burn faster than
//! its rate; the short window (1/12 of the long) lets the alert stop soon after the
//! errors stop. Pages inhibit tickets while they fire.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Page,
    Ticket,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Page => "page",
            Severity::Ticket => "ticket",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub severity: Severity,
    pub long: Duration,
    pub short: Duration,
    pub burn_rate: f64,
}

const HOUR: u64 = 3600;
/// The Workbook's table is written for a 30-day period.
pub const WORKBOOK_PERIOD: Duration = Duration::from_secs(30 * 86_400);

/// The four tiers, windows scaled by period ÷ 30 days (never below one second).
pub fn tiers(period: Duration) -> Vec<Tier> {
    let scale = period.as_secs_f64() / WORKBOOK_PERIOD.as_secs_f64();
    let w = |secs: u64| {
        Duration::from_secs_f64((secs as f64 * scale).max(1.0)).max(Duration::from_secs(1))
    };
    vec![
        Tier {
            severity: Severity::Page,
            long: w(HOUR),
            short: w(5 * 60),
            burn_rate: 14.4,
        },
        Tier {
            severity: Severity::Page,
            long: w(6 * HOUR),
            short: w(30 * 60),
            burn_rate: 6.0,
        },
        Tier {
            severity: Severity::Ticket,
            long: w(24 * HOUR),
            short: w(2 * HOUR),
            burn_rate: 3.0,
        },
        Tier {
            severity: Severity::Ticket,
            long: w(72 * HOUR),
            short: w(6 * HOUR),
            burn_rate: 1.0,
        },
    ]
}

/// Whether a goal can ever trip the fastest page: at most 100% errors means a burn
/// rate of at most 1 ÷ (1 − goal). A warning for the user, not an error.
pub fn unreachable_tiers(goal: f64, period: Duration) -> Vec<Tier> {
    let max_burn = 1.0 / (1.0 - goal);
    tiers(period)
        .into_iter()
        .filter(|t| t.burn_rate > max_burn)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_days_is_the_workbook_table() {
        let t = tiers(WORKBOOK_PERIOD);
        assert_eq!(
            t[0],
            Tier {
                severity: Severity::Page,
                long: Duration::from_secs(3600),
                short: Duration::from_secs(300),
                burn_rate: 14.4
            }
        );
        assert_eq!(t[3].long, Duration::from_secs(3 * 86_400));
        assert_eq!(t[3].short, Duration::from_secs(6 * 3600));
    }

    #[test]
    fn windows_scale_with_the_period() {
        let t = tiers(Duration::from_secs(86_400));
        assert_eq!(t[0].long, Duration::from_secs(120));
        assert_eq!(t[0].short, Duration::from_secs(10));
        assert_eq!(t[2].long, Duration::from_secs(2880));
    }

    #[test]
    fn a_low_goal_cannot_page() {
        // 90%: the highest possible burn rate is 10, below 14.4.
        let unreachable = unreachable_tiers(0.9, WORKBOOK_PERIOD);
        assert_eq!(unreachable.len(), 1);
        assert_eq!(unreachable[0].burn_rate, 14.4);
        assert!(unreachable_tiers(0.999, WORKBOOK_PERIOD).is_empty());
    }
}
