//! The sample app's settings, parsed from environment variables with no I/O so
//! that every accepted and rejected value is testable from a plain map.

use std::time::Duration;

/// Everything `runlane hello` reads from its environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelloConfig {
    /// `PORT`: where to listen (on every interface, 0.0.0.0); 0 picks a free port.
    pub port: u16,
    /// `K_SERVICE`: the service this instance belongs to.
    pub service: String,
    /// `K_REVISION`: the revision this instance runs; named in every answer.
    pub revision: String,
    /// `K_CONFIGURATION`: the configuration the revision was made from.
    pub configuration: String,
    /// `FAIL_PERCENT`: share (0–100) of requests answered with 500, spread evenly.
    pub fail_percent: u8,
    /// `DELAY_MS`: latency added to every request `FAIL_PERCENT` does not fail.
    pub delay: Duration,
    /// `FAIL_DELAY_MS`: latency added to every failed request (`DELAY_MS` when
    /// unset), so errors can be made faster or slower than successes.
    pub fail_delay: Duration,
    /// `STARTUP_DELAY_MS`: wait before listening, to exercise cold starts.
    pub startup_delay: Duration,
}

/// A setting that could not be parsed; the message names the variable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var} is {value:?} but must be {expected}; fix or unset {var} and start again")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Default for HelloConfig {
    fn default() -> Self {
        Self {
            port: 8080,
            service: "hello".to_owned(),
            revision: "local".to_owned(),
            configuration: "hello".to_owned(),
            fail_percent: 0,
            delay: Duration::ZERO,
            fail_delay: Duration::ZERO,
            startup_delay: Duration::ZERO,
        }
    }
}

// === impl HelloConfig ===

impl HelloConfig {
    /// Builds the config from a variable lookup (`std::env::var` in production,
    /// a map in tests). Unset or empty variables take their defaults.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |var: &str| lookup(var).filter(|v| !v.is_empty());
        let defaults = Self::default();
        let service = get("K_SERVICE").unwrap_or(defaults.service);
        let configuration = get("K_CONFIGURATION").unwrap_or_else(|| service.clone());
        let delay = millis(get("DELAY_MS"), "DELAY_MS")?;
        Ok(Self {
            port: match get("PORT") {
                None => defaults.port,
                Some(v) => parse(&v, "PORT", "a port number from 0 to 65535")?,
            },
            revision: get("K_REVISION").unwrap_or(defaults.revision),
            service,
            configuration,
            fail_percent: match get("FAIL_PERCENT") {
                None => 0,
                Some(v) => parse::<u8>(&v, "FAIL_PERCENT", FAIL_PERCENT_EXPECTED)
                    .and_then(|p| check_percent(p, &v))?,
            },
            fail_delay: match get("FAIL_DELAY_MS") {
                None => delay,
                v => millis(v, "FAIL_DELAY_MS")?,
            },
            delay,
            startup_delay: millis(get("STARTUP_DELAY_MS"), "STARTUP_DELAY_MS")?,
        })
    }
}

const FAIL_PERCENT_EXPECTED: &str = "a whole number from 0 to 100";

fn check_percent(p: u8, raw: &str) -> Result<u8, ConfigError> {
    if p <= 100 {
        Ok(p)
    } else {
        Err(ConfigError {
            var: "FAIL_PERCENT",
            value: raw.to_owned(),
            expected: FAIL_PERCENT_EXPECTED,
        })
    }
}

fn millis(raw: Option<String>, var: &'static str) -> Result<Duration, ConfigError> {
    match raw {
        None => Ok(Duration::ZERO),
        Some(v) => {
            parse::<u64>(&v, var, "a whole number of milliseconds").map(Duration::from_millis)
        }
    }
}

fn parse<T: std::str::FromStr>(
    raw: &str,
    var: &'static str,
    expected: &'static str,
) -> Result<T, ConfigError> {
    raw.trim().parse().map_err(|_| ConfigError {
        var,
        value: raw.to_owned(),
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(vars: &[(&str, &str)]) -> Result<HelloConfig, String> {
        HelloConfig::from_lookup(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        })
        .map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        assert_eq!(check(&[]), Ok(HelloConfig::default()));
    }

    #[test]
    fn reads_every_variable() {
        let got = check(&[
            ("PORT", "9000"),
            ("K_SERVICE", "svc"),
            ("K_REVISION", "svc-00002"),
            ("K_CONFIGURATION", "svc-config"),
            ("FAIL_PERCENT", "25"),
            ("DELAY_MS", "15"),
            ("STARTUP_DELAY_MS", "2000"),
        ])
        .unwrap();
        assert_eq!(
            got,
            HelloConfig {
                port: 9000,
                service: "svc".into(),
                revision: "svc-00002".into(),
                configuration: "svc-config".into(),
                fail_percent: 25,
                delay: Duration::from_millis(15),
                fail_delay: Duration::from_millis(15),
                startup_delay: Duration::from_secs(2),
            }
        );
    }

    /// Errors fast and successes slow.
    #[test]
    fn failed_requests_take_their_own_delay_when_given() {
        let got = check(&[("DELAY_MS", "300"), ("FAIL_DELAY_MS", "0")]).unwrap();
        assert_eq!((got.delay, got.fail_delay), (Duration::from_millis(300), Duration::ZERO));
        assert_eq!(
            check(&[("FAIL_DELAY_MS", "soon")]),
            Err(r#"FAIL_DELAY_MS is "soon" but must be a whole number of milliseconds; fix or unset FAIL_DELAY_MS and start again"#.to_owned())
        );
    }

    #[test]
    fn configuration_defaults_to_the_service() {
        assert_eq!(check(&[("K_SERVICE", "svc")]).unwrap().configuration, "svc");
    }

    #[test]
    fn rejects_bad_values_naming_the_variable() {
        let cases = [
            (
                ("FAIL_PERCENT", "101"),
                r#"FAIL_PERCENT is "101" but must be a whole number from 0 to 100; fix or unset FAIL_PERCENT and start again"#,
            ),
            (
                ("FAIL_PERCENT", "-1"),
                r#"FAIL_PERCENT is "-1" but must be a whole number from 0 to 100; fix or unset FAIL_PERCENT and start again"#,
            ),
            (
                ("PORT", "70000"),
                r#"PORT is "70000" but must be a port number from 0 to 65535; fix or unset PORT and start again"#,
            ),
            (
                ("DELAY_MS", "fast"),
                r#"DELAY_MS is "fast" but must be a whole number of milliseconds; fix or unset DELAY_MS and start again"#,
            ),
            (
                ("STARTUP_DELAY_MS", "1.5"),
                r#"STARTUP_DELAY_MS is "1.5" but must be a whole number of milliseconds; fix or unset STARTUP_DELAY_MS and start again"#,
            ),
        ];
        for (var, expected) in cases {
            assert_eq!(check(&[var]), Err(expected.to_owned()), "{var:?}");
        }
    }
}
