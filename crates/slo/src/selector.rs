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
        ("select_slo_burn_rate", 2) => Ok(Selector::BurnRate { slo, lookback: parse_duration(&args[1])? }),
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

/// Google duration strings: `"300s"`, `"1.5s"`; also `5m`, `1h`, `1d` for people.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
    let n: f64 = number.parse().map_err(|_| {
        format!("{text:?} is not a duration; use seconds like \"300s\" (or 5m, 1h, 1d)")
    })?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86_400.0,
        _ => return Err(format!("{text:?} has an unknown unit; use s, m, h or d")),
    };
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("{text:?} must be a positive duration"));
    }
    Ok(Duration::from_secs_f64(secs))
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
    fn durations() {
        for (t, secs) in [
            ("300s", 300.0),
            ("1.5s", 1.5),
            ("5m", 300.0),
            ("1h", 3600.0),
            ("1d", 86_400.0),
        ] {
            assert_eq!(
                parse_duration(t).unwrap(),
                Duration::from_secs_f64(secs),
                "{t}"
            );
        }
        for bad in ["", "s", "-1s", "10x", "0s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
