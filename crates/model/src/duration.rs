//! The project's two duration grammars, and the only parsers of durations (there were
//! nine hand-written parsers with seven grammars, which panicked on overflow and
//! disagreed on `1h30m`).
//!
//! - [`parse_human`]: what people type (CLI flags, annotations, rollout settings, labels):
//!   humantime's grammar, `90s`, `10m`, `1h30m`, `500ms`, `2d`, `1w`, and a bare `0`.
//! - [`parse_google`]: the JSON form of `google.protobuf.Duration` that the Cloud
//!   Monitoring and Cloud Run APIs speak: seconds with up to nine fractional digits and
//!   an `s`, `"300s"`, `"1.5s"`, at most 315,576,000,000 s (10,000 years) as protobuf
//!   allows. Read with integers, so no input can overflow.
//!
//! Both return an error that says what was wrong and what is accepted; callers add the
//! field's name. [`human_secs`] writes a whole number of seconds the way people read it
//! (`1h30m`), which [`parse_human`] reads back: every command, message and export that
//! shows a duration to people writes it so.

use std::time::Duration;

/// protobuf's `Duration` range: ±10,000 years of seconds.
pub const MAX_GOOGLE_SECONDS: u64 = 315_576_000_000;

/// A duration people typed: `90s`, `10m`, `1h30m`, `500ms`, `2d`, `0`.
pub fn parse_human(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    humantime::parse_duration(trimmed).map_err(|e| match e {
        humantime::DurationError::NumberOverflow => format!("{text:?} is too long a duration; keep it under 500 years"),
        other => format!("{text:?} is not a duration ({other}); write it like 90s, 10m, 1h30m or 500ms"),
    })
}

/// Google's JSON duration: `"300s"`, `"1.5s"`, `"0.000000001s"`.
pub fn parse_google(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration; write seconds with an s, such as \"300s\" or \"1.5s\"");
    let number = text.strip_suffix('s').ok_or_else(bad)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || (number.contains('.') && fraction.is_empty()) {
        return Err(bad());
    }
    if fraction.len() > 9 {
        return Err(format!("{text:?} has more than nine digits after the point; durations are counted in nanoseconds"));
    }
    let too_long = || format!("{text:?} is too long a duration; at most {MAX_GOOGLE_SECONDS}s (10,000 years)");
    let secs: u64 = whole.parse().map_err(|_| too_long())?;
    let nanos: u32 = if fraction.is_empty() { 0 } else { format!("{fraction:0<9}").parse().map_err(|_| bad())? };
    if secs > MAX_GOOGLE_SECONDS || (secs == MAX_GOOGLE_SECONDS && nanos > 0) {
        return Err(too_long());
    }
    Ok(Duration::new(secs, nanos))
}

/// `d` in Google's JSON form, as [`parse_google`] reads it back.
pub fn format_google(d: Duration) -> String {
    match d.subsec_nanos() {
        0 => format!("{}s", d.as_secs()),
        nanos => format!("{}.{}s", d.as_secs(), format!("{nanos:09}").trim_end_matches('0')),
    }
}

/// `90s` → `1m30s`, `5400` → `1h30m`, `86400` → `1d`, `0` → `0s`: each unit from days
/// down to seconds that is not zero, in [`parse_human`]'s grammar.
pub fn human_secs(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut left = secs;
    for (unit, n) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if left >= n {
            out.push_str(&format!("{}{unit}", left / n));
            left %= n;
        }
    }
    out
}

/// `d` as a whole number of seconds of at least one, for settings that count seconds.
pub fn whole_seconds(text: &str, d: Duration) -> Result<u64, String> {
    if d.subsec_nanos() != 0 || d.as_secs() == 0 {
        return Err(format!("{text:?} is not a whole number of seconds (at least 1s)"));
    }
    Ok(d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_human(text: &str, expected: Option<Duration>) {
        assert_eq!(parse_human(text).ok(), expected, "{text:?}");
    }

    #[test]
    fn human_durations() {
        let s = Duration::from_secs;
        for (text, secs) in [("90s", 90), ("10m", 600), ("1h30m", 5400), ("1m30s", 90), ("2d", 172_800), ("1w", 604_800), ("0", 0), (" 5s ", 5), ("1h 30m", 5400), ("1.5h", 5400)] {
            check_human(text, Some(s(secs)));
        }
        check_human("500ms", Some(Duration::from_millis(500)));
        check_human("250us", Some(Duration::from_micros(250)));
        for text in ["", "s", "10", "10x", "10µ", "-1s", "ten seconds", "99999999999999999999999s", "18446744073709551615h"] {
            check_human(text, None);
        }
        assert!(parse_human("99999999999999999999999s").unwrap_err().contains("too long"));
        assert!(parse_human("10µ").unwrap_err().contains("write it like 90s"));
    }

    #[test]
    fn google_durations() {
        for (text, expected) in [
            ("300s", Duration::from_secs(300)),
            ("0s", Duration::ZERO),
            ("1.5s", Duration::from_millis(1500)),
            ("0.000000001s", Duration::from_nanos(1)),
            ("315576000000s", Duration::from_secs(MAX_GOOGLE_SECONDS)),
        ] {
            assert_eq!(parse_google(text), Ok(expected), "{text:?}");
            assert_eq!(parse_google(&format_google(expected)), Ok(expected), "{text:?} round-trips");
        }
        for text in ["", "s", "300", "5m", "-1s", ".5s", "1.s", "1.5.5s", " 1s", "1e3s", "+1s", "0.0000000001s", "315576000000.1s", "315576000001s", "99999999999999999999999s"] {
            assert!(parse_google(text).is_err(), "{text:?} must not parse");
        }
        assert!(parse_google("99999999999999999999999s").unwrap_err().contains("too long"));
    }

    fn check_written(secs: u64, text: &str) {
        assert_eq!(human_secs(secs), text, "{secs}s");
        assert_eq!(parse_human(text), Ok(Duration::from_secs(secs)), "{text:?} reads back");
    }

    #[test]
    fn durations_are_written_for_people() {
        for (secs, text) in [
            (0, "0s"),
            (1, "1s"),
            (59, "59s"),
            (60, "1m"),
            (90, "1m30s"),
            (300, "5m"),
            (3600, "1h"),
            (3601, "1h1s"),
            (5400, "1h30m"),
            (86_400, "1d"),
            (90_000, "1d1h"),
            (2_592_000, "30d"),
            (93_784, "1d2h3m4s"),
        ] {
            check_written(secs, text);
        }
    }

    #[test]
    fn whole_seconds_are_at_least_one() {
        assert_eq!(whole_seconds("30s", Duration::from_secs(30)), Ok(30));
        assert!(whole_seconds("1.5s", Duration::from_millis(1500)).is_err());
        assert!(whole_seconds("0s", Duration::ZERO).is_err());
    }
}
