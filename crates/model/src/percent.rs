//! Traffic percentages as exact integers.
//!
//! Knative percents are integers; runlane also accepts up to two decimals (0.01%
//! steps) so a 0.1% canary is possible. Storing basis points keeps sums exact: a
//! float sum of 33.33 + 33.33 + 33.34 is not reliably 100.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A share of traffic in basis points: 0..=10_000, where 10_000 is 100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Percent(u32);

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const HUNDRED: Percent = Percent(10_000);

    pub fn from_basis_points(bp: u32) -> Option<Percent> {
        (bp <= 10_000).then_some(Percent(bp))
    }

    pub fn from_whole(p: u32) -> Option<Percent> {
        p.checked_mul(100).and_then(Percent::from_basis_points)
    }

    /// Accepts a JSON-style number with at most two decimals in 0..=100.
    pub fn from_f64(value: f64) -> Result<Percent, String> {
        if !value.is_finite() || !(0.0..=100.0).contains(&value) {
            return Err(format!("{value} is not a percent; use a number from 0 to 100"));
        }
        let bp = (value * 100.0).round();
        if ((bp / 100.0) - value).abs() > 1e-9 {
            return Err(format!("{value} has more than two decimals; percents go in steps of 0.01"));
        }
        Ok(Percent(bp as u32))
    }

    /// Parses `10`, `10.5`, `0.01` (no sign, no exponent).
    pub fn parse(text: &str) -> Result<Percent, String> {
        let t = text.trim().trim_end_matches('%');
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let ok = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && frac.len() <= 2
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(format!("{text:?} is not a percent; use a number from 0 to 100 with at most two decimals"));
        }
        let whole: u32 = whole.parse().map_err(|_| format!("{text:?} is too large; use 0 to 100"))?;
        let frac: u32 = format!("{frac:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .and_then(Percent::from_basis_points)
            .ok_or_else(|| format!("{text} is more than 100; use 0 to 100"))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    pub fn is_whole(self) -> bool {
        self.0.is_multiple_of(100)
    }

    /// The value as a float of percent (e.g. 12.5), for wire formats.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.0 / 100)
        } else if self.0.is_multiple_of(10) {
            write!(f, "{}.{}", self.0 / 100, (self.0 % 100) / 10)
        } else {
            write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<u32, ()>) {
        assert_eq!(Percent::parse(text).map(Percent::basis_points).map_err(|_| ()), expected, "{text}");
    }

    #[test]
    fn parses_whole_and_decimal_percents() {
        check("0", Ok(0));
        check("100", Ok(10_000));
        check("10", Ok(1000));
        check("0.1", Ok(10));
        check("0.01", Ok(1));
        check("99.9", Ok(9990));
        check("33.33", Ok(3333));
        check("100.01", Err(()));
        check("101", Err(()));
        check("0.001", Err(()));
        check("-1", Err(()));
        check("", Err(()));
        check("1e2", Err(()));
    }

    #[test]
    fn floats_with_more_than_two_decimals_are_refused() {
        assert_eq!(Percent::from_f64(0.1).unwrap().basis_points(), 10);
        assert_eq!(Percent::from_f64(33.33).unwrap().basis_points(), 3333);
        assert!(Percent::from_f64(0.125).is_err());
        assert!(Percent::from_f64(f64::NAN).is_err());
        assert!(Percent::from_f64(100.5).is_err());
    }

    #[test]
    fn displays_without_needless_decimals() {
        assert_eq!(Percent::parse("10").unwrap().to_string(), "10");
        assert_eq!(Percent::parse("0.1").unwrap().to_string(), "0.1");
        assert_eq!(Percent::parse("0.05").unwrap().to_string(), "0.05");
    }
}
