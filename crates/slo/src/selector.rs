//! Time-series selectors in alert conditions, as Cloud Monitoring writes them:
//! `select_slo_burn_rate("projects/p/services/s/serviceLevelObjectives/id", "3600s")`,
//! `select_slo_budget_fraction("…")`, `select_slo_health("…")`.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    BurnRate { slo: String, lookback: Duration },
    BudgetFraction { slo: String },
    Health { slo: String },
}

impl Selector {
    pub fn slo(&self) -> &str {
        match self {
            Selector::BurnRate { slo, .. }
            | Selector::BudgetFraction { slo }
            | Selector::Health { slo } => slo,
        }
    }
}

pub fn parse(text: &str) -> Result<Selector, String> {
    let text = text.trim();
    let open = text.find('(').ok_or_else(|| help(text))?;
    if !text.ends_with(')') {
        return Err(help(text));
    }
    let name = text[..open].trim();
    let args: Vec<String> = split_args(&text[open + 1..text.len() - 1])?;
    let slo = args.first().cloned().ok_or_else(|| {
        format!("{name}(...) needs the SLO's resource name as its first argument")
    })?;
    check_slo_name(&slo)?;
    match (name, args.len()) {
        ("select_slo_burn_rate", 2) => Ok(Selector::BurnRate { slo, lookback: lookback(&args[1])? }),
        ("select_slo_burn_rate", _) => Err("select_slo_burn_rate takes two arguments: the SLO name and a lookback such as \"300s\"".into()),
        ("select_slo_budget_fraction", 1) => Ok(Selector::BudgetFraction { slo }),
        ("select_slo_health", 1) => Ok(Selector::Health { slo }),
        ("select_slo_budget_fraction" | "select_slo_health", _) => Err(format!("{name} takes one argument: the SLO name")),
        _ => Err(help(text)),
    }
}

fn help(text: &str) -> String {
    format!("{text:?} is not a supported condition filter; use select_slo_burn_rate(\"projects/P/services/S/serviceLevelObjectives/ID\", \"300s\"), select_slo_budget_fraction(\"…\") or select_slo_health(\"…\")")
}

fn split_args(inner: &str) -> Result<Vec<String>, String> {
    inner
        .split(',')
        .map(|a| {
            let a = a.trim();
            let unquoted = a.strip_prefix('"').and_then(|x| x.strip_suffix('"'));
            unquoted
                .map(str::to_owned)
                .ok_or_else(|| format!("argument {a} must be a quoted string"))
        })
        .collect()
}

fn check_slo_name(name: &str) -> Result<(), String> {
    let parts: Vec<&str> = name.split('/').collect();
    let ok = parts.len() == 6
        && parts[0] == "projects"
        && parts[2] == "services"
        && parts[4] == "serviceLevelObjectives"
        && parts.iter().all(|p| !p.is_empty());
    if ok {
        Ok(())
    } else {
        Err(format!("{name:?} is not an SLO name; use projects/PROJECT/services/SERVICE/serviceLevelObjectives/ID"))
    }
}

/// A burn-rate lookback: Google's `"300s"` form, more than zero.
fn lookback(text: &str) -> Result<Duration, String> {
    match runlane_model::duration::parse_google(text)? {
        Duration::ZERO => Err(format!("{text:?} is no lookback; give one of at least a second, such as \"300s\"")),
        d => Ok(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let slo = "projects/default/services/jokes/serviceLevelObjectives/availability";
        assert_eq!(
            parse(&format!("select_slo_burn_rate(\"{slo}\", \"300s\")")),
            Ok(Selector::BurnRate {
                slo: slo.into(),
                lookback: Duration::from_secs(300)
            })
        );
        assert_eq!(
            parse(&format!("select_slo_budget_fraction(\"{slo}\")")),
            Ok(Selector::BudgetFraction { slo: slo.into() })
        );
        assert!(parse(&format!("select_slo_burn_rate(\"{slo}\")"))
            .unwrap_err()
            .contains("two arguments"));
        assert!(parse("select_slo_burn_rate(\"projects/x\", \"300s\")")
            .unwrap_err()
            .contains("not an SLO name"));
        assert!(parse("metric.type=\"x\"")
            .unwrap_err()
            .contains("not a supported condition filter"));
        assert!(parse(&format!("select_slo_burn_rate(\"{slo}\", \"5 parsecs\")")).is_err());
    }

    #[test]
    fn lookbacks_are_googles_durations_and_never_overflow() {
        let slo = "projects/default/services/jokes/serviceLevelObjectives/availability";
        let lookback = |t: &str| parse(&format!("select_slo_burn_rate(\"{slo}\", \"{t}\")"));
        assert_eq!(lookback("1.5s"), Ok(Selector::BurnRate { slo: slo.into(), lookback: Duration::from_millis(1500) }));
        for bad in ["", "s", "-1s", "10x", "0s", "5m", "99999999999999999999999s"] {
            assert!(lookback(bad).is_err(), "{bad}");
        }
    }
}
