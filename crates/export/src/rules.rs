//! SLOs and burn-rate alert policies as Prometheus rules with Sloth's conventions:
//! `slo:sli_error:ratio_rate<window>` per window (labels `sloth_id`, `sloth_service`,
//! `sloth_slo`, `sloth_window`), the metadata series (`slo:objective:ratio`,
//! `slo:error_budget:ratio`, `slo:time_period:days`, `slo:current_burn_rate:ratio`,
//! `slo:period_burn_rate:ratio`, `slo:period_error_budget_remaining:ratio`,
//! `sloth_slo_info`), and one alert per policy whose conditions compare those series the
//! way runlane's evaluator compares burn rates (`burn rate > T` ⇔ `error ratio > T ×
//! (1 − goal)`), labelled with the policy's `severity` (`page`/`ticket`).
//!
//! [`unit_tests`] writes `promtool test rules` fixtures: for each burn-rate alert, input
//! counters that burn at twice its threshold (it must fire), at half the lowest one and
//! with no traffic (it must stay quiet).
//!
//! Differences from runlane's evaluator, said where they show: calendar periods become
//! rolling ones of the same length; a policy's minimum-requests guard is not exported
//! (no traffic gives NaN, which never fires); `for` is the longest condition duration.

use crate::promql::{self, PromSli};
use crate::{camel_name, ExportError};
use runlane_alerting::model::{CalendarUnit, Combiner, Comparison, PeriodSpec, Policy, Slo};
use runlane_model::duration::human_secs;
use runlane_slo::selector::{self, Selector};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Sloth's default windows, in seconds: every SLO gets these recordings.
const WINDOWS: [u64; 7] = [300, 1800, 3600, 7200, 21_600, 86_400, 259_200];

/// The rules file, its unit tests, and what was left out.
#[derive(Debug, Clone)]
pub struct Rules {
    pub rules: Value,
    /// `promtool test rules` files, one per evaluation interval (seconds): a 3-day window
    /// is tested at a coarser step than a 30-second one, so every test runs in seconds.
    pub tests: Vec<(u64, Value)>,
    pub skipped: Vec<ExportError>,
}

/// One exported SLO.
struct Exported<'a> {
    slo: &'a Slo,
    sli: PromSli,
    id: String,
}

impl Exported<'_> {
    fn labels(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("sloth_id".into(), json!(self.id));
        m.insert("sloth_service".into(), json!(self.slo.service));
        m.insert("sloth_slo".into(), json!(self.slo.id));
        m
    }

    fn matcher(&self) -> String {
        format!(
            "sloth_id=\"{}\", sloth_service=\"{}\", sloth_slo=\"{}\"",
            self.id, self.slo.service, self.slo.id
        )
    }

    fn budget(&self) -> String {
        format!("(1 - {})", self.slo.goal)
    }
}

/// The period's length in seconds (calendar periods by their usual length).
pub fn period_secs(p: PeriodSpec) -> u64 {
    match p {
        PeriodSpec::Rolling { secs } => secs,
        PeriodSpec::Calendar(CalendarUnit::Day) => 86_400,
        PeriodSpec::Calendar(CalendarUnit::Week) => 7 * 86_400,
        PeriodSpec::Calendar(CalendarUnit::Fortnight) => 14 * 86_400,
        PeriodSpec::Calendar(CalendarUnit::Month) => 30 * 86_400,
    }
}

/// `policies` whose conditions name an SLO of `slos` become alerts; `rules_file` is the
/// name the unit tests load the rules from.
pub fn rules(slos: &[Slo], policies: &[Policy], rules_file: &str) -> Rules {
    let mut skipped = Vec::new();
    let mut exported = BTreeMap::new();
    for slo in slos {
        match promql::translate(slo) {
            Ok(sli) => {
                exported.insert(
                    slo.name(),
                    Exported {
                        slo,
                        sli,
                        id: format!("{}-{}", slo.service, slo.id),
                    },
                );
            }
            Err(e) => skipped.push(e),
        }
    }
    let mut alerts: BTreeMap<String, Vec<Alert>> = BTreeMap::new();
    for p in policies {
        match alert(p, &exported) {
            Ok(a) => alerts.entry(a.slo.clone()).or_default().push(a),
            Err(e) => skipped.push(e),
        }
    }
    let mut groups = Vec::new();
    let mut tests: BTreeMap<u64, Vec<Value>> = BTreeMap::new();
    for (name, e) in &exported {
        let mut windows: BTreeSet<u64> = WINDOWS.into_iter().collect();
        for a in alerts.get(name).into_iter().flatten() {
            windows.extend(a.lookbacks.iter().copied());
        }
        let period = period_secs(e.slo.period);
        groups.push(sli_group(e, &windows, period));
        groups.push(meta_group(e, period));
        if let Some(list) = alerts.get(name) {
            groups.push(json!({
                "name": format!("runlane-slo-alerts-{}", e.id),
                "rules": list.iter().map(|a| a.rule.clone()).collect::<Vec<_>>(),
            }));
            for a in list {
                match fixture(e, a) {
                    Ok((interval, t)) => tests.entry(interval).or_default().extend(t),
                    Err(why) => skipped.push(ExportError::new(
                        format!("alert {}", a.name),
                        format!("no unit test: {why}"),
                    )),
                }
            }
        }
    }
    Rules {
        rules: json!({ "groups": groups }),
        tests: tests
            .into_iter()
            .map(|(interval, tests)| {
                let doc = json!({ "rule_files": [rules_file], "evaluation_interval": format!("{interval}s"), "tests": tests });
                (interval, doc)
            })
            .collect(),
        skipped,
    }
}

fn window_name(secs: u64) -> String {
    human_secs(secs)
}

fn sli_group(e: &Exported<'_>, windows: &BTreeSet<u64>, period: u64) -> Value {
    let mut rules: Vec<Value> = windows
        .iter()
        .map(|&w| {
            let name = window_name(w);
            let mut labels = e.labels();
            labels.insert("sloth_window".into(), json!(name));
            json!({
                "record": format!("slo:sli_error:ratio_rate{name}"),
                "expr": e.sli.error_ratio(&name),
                "labels": labels,
            })
        })
        .collect();
    if !windows.contains(&period) {
        let name = window_name(period);
        let mut labels = e.labels();
        labels.insert("sloth_window".into(), json!(name));
        let five = format!("slo:sli_error:ratio_rate5m{{{}}}", e.matcher());
        rules.push(json!({
            "record": format!("slo:sli_error:ratio_rate{name}"),
            "expr": format!("sum_over_time({five}[{name}]) / ignoring (sloth_window) count_over_time({five}[{name}])"),
            "labels": labels,
        }));
    }
    json!({ "name": format!("runlane-slo-sli-recordings-{}", e.id), "rules": rules })
}

fn meta_group(e: &Exported<'_>, period: u64) -> Value {
    let labels = e.labels();
    let m = e.matcher();
    let on = "on (sloth_id, sloth_slo, sloth_service) group_left";
    let mut info = labels.clone();
    info.insert("sloth_objective".into(), json!(format!("{}", e.slo.goal * 100.0)));
    info.insert("runlane_slo".into(), json!(e.slo.name()));
    json!({
        "name": format!("runlane-slo-meta-recordings-{}", e.id),
        "rules": [
            { "record": "slo:objective:ratio", "expr": format!("vector({})", e.slo.goal), "labels": labels },
            { "record": "slo:error_budget:ratio", "expr": format!("vector{}", e.budget()), "labels": labels },
            { "record": "slo:time_period:days", "expr": format!("vector({})", period as f64 / 86_400.0), "labels": labels },
            { "record": "slo:current_burn_rate:ratio",
              "expr": format!("slo:sli_error:ratio_rate5m{{{m}}} / {on} slo:error_budget:ratio{{{m}}}"), "labels": labels },
            { "record": "slo:period_burn_rate:ratio",
              "expr": format!("slo:sli_error:ratio_rate{}{{{m}}} / {on} slo:error_budget:ratio{{{m}}}", window_name(period)), "labels": labels },
            { "record": "slo:period_error_budget_remaining:ratio",
              "expr": format!("1 - slo:period_burn_rate:ratio{{{m}}}"), "labels": labels },
            { "record": "sloth_slo_info", "expr": "vector(1)", "labels": info },
        ],
    })
}

/// One policy as an alerting rule.
struct Alert {
    name: String,
    slo: String,
    rule: Value,
    lookbacks: Vec<u64>,
    /// (lookback, comparison, threshold) of each burn-rate condition, when all are.
    burn: Option<Vec<(u64, Comparison, f64)>>,
    combiner: Combiner,
    duration: u64,
}

fn alert(p: &Policy, exported: &BTreeMap<String, Exported<'_>>) -> Result<Alert, ExportError> {
    let what = format!("alert policy {}", p.name());
    if !p.enabled {
        return Err(ExportError::new(what, "it is disabled, so it is not exported"));
    }
    let mut terms = Vec::new();
    let mut lookbacks = Vec::new();
    let mut burn = Vec::new();
    let mut all_burn = true;
    let mut slo_name: Option<String> = None;
    for (i, c) in p.conditions.iter().enumerate() {
        let field = format!("conditions[{i}].conditionThreshold.filter");
        if c.is_metric() {
            return Err(ExportError::new(
                &what,
                format!("it watches a metric, not an SLO; only SLO policies become Sloth-style rules, write the PromQL alert over /metrics by hand ({field})"),
            ));
        }
        let sel = selector::parse(&c.filter)
            .map_err(|m| ExportError::new(&what, format!("{m} ({field})")))?;
        let e = exported.get(sel.slo()).ok_or_else(|| {
            ExportError::new(
                &what,
                format!("its SLO {} is not exported ({field})", sel.slo()),
            )
        })?;
        if slo_name.get_or_insert_with(|| sel.slo().to_owned()) != sel.slo() {
            return Err(ExportError::new(
                &what,
                format!("its conditions name different SLOs; Sloth-style alerts watch one SLO ({field})"),
            ));
        }
        let op = match c.comparison {
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
        };
        let m = e.matcher();
        let term = match sel {
            Selector::BurnRate { lookback, .. } => {
                let secs = lookback.as_secs().max(1);
                lookbacks.push(secs);
                burn.push((secs, c.comparison, c.threshold));
                format!(
                    "(max without (sloth_window) (slo:sli_error:ratio_rate{}{{{m}}}) {op} ({} * {}))",
                    window_name(secs),
                    c.threshold,
                    e.budget()
                )
            }
            Selector::BudgetFraction { .. } => {
                all_burn = false;
                format!("(max without (sloth_window) (slo:period_error_budget_remaining:ratio{{{m}}}) {op} {})", c.threshold)
            }
            Selector::Health { .. } => {
                all_burn = false;
                format!(
                    "((1 - max without (sloth_window) (slo:sli_error:ratio_rate{}{{{m}}})) {op} {})",
                    window_name(period_secs(e.slo.period)),
                    c.threshold
                )
            }
        };
        terms.push(term);
    }
    let Some(slo) = slo_name else {
        return Err(ExportError::new(what, "it has no conditions"));
    };
    let e = &exported[&slo];
    let joiner = if p.combiner == Combiner::Or { "\nor\n" } else { "\nand\n" };
    let name = camel_name(if p.display_name.is_empty() { &p.id } else { &p.display_name });
    let severity = p.severity_label().unwrap_or_else(|| "ticket".into());
    let mut labels = Map::new();
    labels.insert("severity".into(), json!(severity));
    labels.insert("sloth_severity".into(), json!(severity));
    labels.insert("runlane_policy".into(), json!(p.id));
    if let Some((group, tier)) = p.inhibition() {
        labels.insert("runlane_inhibit_group".into(), json!(group));
        labels.insert("runlane_tier".into(), json!(tier.to_string()));
    }
    let duration = p.conditions.iter().map(|c| c.duration_secs).max().unwrap_or(0);
    let mut rule = json!({
        "alert": name,
        "expr": terms.join(joiner),
        "labels": labels,
        "annotations": annotations(p, e.slo),
    });
    if duration > 0 {
        rule["for"] = json!(window_name(duration));
    }
    Ok(Alert {
        name,
        slo,
        rule,
        lookbacks,
        burn: all_burn.then_some(burn),
        combiner: p.combiner,
        duration,
    })
}

fn annotations(p: &Policy, slo: &Slo) -> Value {
    let mut a = Map::new();
    a.insert(
        "summary".into(),
        json!(format!(
            "{} is burning the error budget of SLO {} ({}% over {})",
            if p.display_name.is_empty() { &p.id } else { &p.display_name },
            if slo.display_name.is_empty() { &slo.id } else { &slo.display_name },
            slo.goal * 100.0,
            slo.period.describe()
        )),
    );
    a.insert("runlane_policy".into(), json!(p.name()));
    if let Some(d) = &p.documentation {
        a.insert("description".into(), json!(d.content));
    }
    Value::Object(a)
}

// === unit tests for promtool ===

/// Counter series (`series`, increase per step) producing `good` and `bad` events per step.
fn event_series(sli: &PromSli, service: &str, good: u64, bad: u64) -> Result<Vec<(String, u64)>, String> {
    let revision = format!("{service}-00001-abc");
    match sli {
        PromSli::Latency { le, class, .. } => {
            let class = class.as_ref().map_or(String::new(), |c| format!(",response_code_class=\"{c}\""));
            Ok(vec![
                (format!("{}{{service=\"{service}\",revision=\"{revision}\"{class},le=\"{le}\"}}", promql::LATENCY_BUCKET), good),
                (format!("{}{{service=\"{service}\",revision=\"{revision}\"{class},le=\"+Inf\"}}", promql::LATENCY_BUCKET), good + bad),
                (format!("{}{{service=\"{service}\",revision=\"{revision}\"{class}}}", promql::LATENCY_COUNT), good + bad),
            ])
        }
        PromSli::Queries { .. } => Err("its SLI is the user's own PromQL, so no input series can be generated".into()),
        PromSli::Ratio { good: g, bad: b, total: t } => {
            let series = |class: &str, code: &str, own: &Option<promql::Selector>| {
                let mut labels: BTreeMap<String, String> = [
                    ("service", service),
                    ("revision", revision.as_str()),
                    ("response_code_class", class),
                    ("response_code", code),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
                for s in [t, own].into_iter().flatten() {
                    labels.extend(s.labels.clone());
                }
                labels
            };
            let good_labels = series("2xx", "200", g);
            let bad_labels = series("5xx", "500", b);
            let matches = |l: &BTreeMap<String, String>, s: &Option<promql::Selector>| {
                s.as_ref().is_none_or(|s| s.labels.iter().all(|(k, v)| l.get(k) == Some(v)))
            };
            let is = |l: &BTreeMap<String, String>, s: &Option<promql::Selector>| {
                s.as_ref().is_some_and(|s| s.labels.iter().all(|(k, v)| l.get(k) == Some(v)))
            };
            let ok_good = matches(&good_labels, t) && (g.is_none() || is(&good_labels, g)) && !is(&good_labels, b);
            let ok_bad = matches(&bad_labels, t) && (b.is_none() || is(&bad_labels, b)) && !is(&bad_labels, g);
            if !(ok_good && ok_bad) {
                return Err("no pair of series separates its good and bad filters".into());
            }
            let render = |l: &BTreeMap<String, String>| {
                let inner: Vec<String> = l.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
                format!("{}{{{}}}", promql::REQUEST_COUNT, inner.join(","))
            };
            Ok(vec![(render(&good_labels), good), (render(&bad_labels), bad)])
        }
    }
}

fn fixture(e: &Exported<'_>, a: &Alert) -> Result<(u64, Vec<Value>), String> {
    let Some(burn) = &a.burn else {
        return Err("only burn-rate alerts get generated tests".into());
    };
    if a.combiner == Combiner::Or {
        return Err("only AND policies get generated tests".into());
    }
    if burn.iter().any(|(_, c, _)| matches!(c, Comparison::Lt | Comparison::Le)) {
        return Err("only alerts on burn rates above a threshold get generated tests".into());
    }
    let budget = 1.0 - e.slo.goal;
    let highest = burn.iter().map(|b| b.2).fold(0.0, f64::max);
    let lowest = burn.iter().map(|b| b.2).fold(f64::INFINITY, f64::min);
    let fire_at = highest * budget;
    if fire_at >= 1.0 {
        return Err(format!("a burn rate of {highest} needs more than 100% errors"));
    }
    let firing_ratio = if 2.0 * fire_at < 1.0 { 2.0 * fire_at } else { (fire_at + 1.0) / 2.0 };
    let quiet_ratio = lowest * budget / 2.0;
    let shortest = burn.iter().map(|b| b.0).min().unwrap_or(60);
    let longest = burn.iter().map(|b| b.0).max().unwrap_or(60);
    // Several samples in the shortest window, so every rate has data; rules are evaluated
    // at the same step. At most 2 minutes: promtool evaluates groups in no fixed order, so
    // an alert may read the recordings of the step before, which must still be within
    // Prometheus's 5-minute lookback.
    let interval = (shortest / 4).clamp(1, 120);
    // A steady burn gives every window the same ratio even before the window is full
    // (rate() extrapolates good and total alike), so a 3-day window need not be filled:
    // evaluating after two shortest windows keeps a test to a few hundred steps.
    let settled = longest.min(2 * shortest);
    let eval = (settled + a.duration).div_ceil(interval) * interval + 10 * interval;
    let steps = eval / interval + 5;
    let per_step: u64 = 1_000_000;
    let case = |ratio: f64, traffic: bool| -> Result<Value, String> {
        let (good, bad) = if traffic {
            let bad = (ratio * per_step as f64).round() as u64;
            (per_step - bad, bad)
        } else {
            (0, 0)
        };
        let series = event_series(&e.sli, &e.slo.service, good, bad)?;
        Ok(json!({
            "interval": format!("{interval}s"),
            "input_series": series.iter().map(|(s, n)| json!({"series": s, "values": format!("0+{n}x{steps}")})).collect::<Vec<_>>(),
            "alert_rule_test": [{"eval_time": format!("{eval}s"), "alertname": a.name, "exp_alerts": []}],
        }))
    };
    let mut firing = case(firing_ratio, true)?;
    let mut labels = e.labels();
    if let Value::Object(extra) = &a.rule["labels"] {
        labels.extend(extra.clone());
    }
    firing["alert_rule_test"][0]["exp_alerts"] =
        json!([{ "exp_labels": labels, "exp_annotations": a.rule["annotations"] }]);
    let mut cases = vec![firing, case(quiet_ratio, true)?, case(0.0, false)?];
    if let Some(burst) = short_burst(e, a, burn, interval, firing_ratio, per_step)? {
        cases.push(burst);
    }
    Ok((interval, cases))
}

/// A burst as long as the shortest window after a clean longest window: the short
/// window burns past every threshold, the long one stays under its own, so a
/// multiwindow alert must stay quiet. Only for two-window alerts whose long window is
/// at most 1000 steps.
fn short_burst(
    e: &Exported<'_>,
    a: &Alert,
    burn: &[(u64, Comparison, f64)],
    interval: u64,
    ratio: f64,
    per_step: u64,
) -> Result<Option<Value>, String> {
    let shortest = burn.iter().map(|b| b.0).min().unwrap_or(0);
    let longest = burn.iter().map(|b| b.0).max().unwrap_or(0);
    let long_threshold = burn.iter().filter(|b| b.0 == longest).map(|b| b.2).fold(f64::INFINITY, f64::min);
    let budget = 1.0 - e.slo.goal;
    // The long window sees the burst diluted by its clean part (with a step to spare).
    let diluted = ratio * (shortest + interval) as f64 / longest as f64;
    if burn.len() < 2 || longest / interval > 1000 || diluted >= long_threshold * budget / 2.0 {
        return Ok(None);
    }
    let clean = longest / interval;
    let burst = shortest / interval;
    let bad = (ratio * per_step as f64).round() as u64;
    let series = event_series(&e.sli, &e.slo.service, per_step, 0)?;
    let burning = event_series(&e.sli, &e.slo.service, per_step - bad, bad)?;
    let input: Vec<Value> = series
        .iter()
        .zip(&burning)
        .map(|((s, clean_inc), (_, burst_inc))| {
            let end = clean_inc * clean;
            json!({"series": s, "values": format!("0+{clean_inc}x{clean} {}+{burst_inc}x{}", end + burst_inc, burst.saturating_sub(1))})
        })
        .collect();
    Ok(Some(json!({
        "interval": format!("{interval}s"),
        "input_series": input,
        "alert_rule_test": [{"eval_time": format!("{}s", (clean + burst) * interval), "alertname": a.name, "exp_alerts": []}],
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlane_alerting::model::{Condition, Sli};

    fn slo(sli: Sli, goal: f64) -> Slo {
        Slo {
            project: "default".into(),
            service: "jokes".into(),
            id: "availability".into(),
            display_name: "Availability".into(),
            sli,
            goal,
            period: PeriodSpec::Rolling { secs: 30 * 86_400 },
            user_labels: Default::default(),
        }
    }

    fn policy(id: &str, severity: &str, conditions: &[(u64, f64)], duration: u64) -> Policy {
        Policy {
            project: "default".into(),
            id: id.into(),
            display_name: format!("jokes {id}"),
            conditions: conditions
                .iter()
                .enumerate()
                .map(|(i, (lookback, threshold))| Condition {
                    id: i.to_string(),
                    display_name: String::new(),
                    filter: format!("select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/availability\", \"{lookback}s\")"),
                    comparison: Comparison::Gt,
                    threshold: *threshold,
                    duration_secs: duration,
                    trigger: None,
                    aggregation: None,
                    absent: false,
                })
                .collect(),
            combiner: Combiner::And,
            enabled: true,
            channels: vec![],
            documentation: None,
            auto_close_secs: None,
            user_labels: [("severity".to_owned(), severity.to_owned())].into_iter().collect(),
            severity: None,
            created_ms: 0,
            updated_ms: 0,
        }
    }

    #[test]
    fn recordings_follow_sloth_names() {
        let r = rules(&[slo(Sli::BasicAvailability, 0.999)], &[], "rules.yaml");
        let groups = r.rules["groups"].as_array().unwrap();
        let records: Vec<&str> = groups
            .iter()
            .flat_map(|g| g["rules"].as_array().unwrap())
            .filter_map(|r| r["record"].as_str())
            .collect();
        for want in [
            "slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate1h",
            "slo:sli_error:ratio_rate2h", "slo:sli_error:ratio_rate6h", "slo:sli_error:ratio_rate1d",
            "slo:sli_error:ratio_rate3d", "slo:sli_error:ratio_rate30d", "slo:objective:ratio",
            "slo:error_budget:ratio", "slo:time_period:days", "slo:current_burn_rate:ratio",
            "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio", "sloth_slo_info",
        ] {
            assert!(records.contains(&want), "{want} missing from {records:?}");
        }
        assert_eq!(groups[0]["rules"][0]["labels"], json!({"sloth_id": "jokes-availability", "sloth_service": "jokes", "sloth_slo": "availability", "sloth_window": "5m"}));
    }

    #[test]
    fn burn_rate_policies_become_multiwindow_alerts() {
        let page = policy("page", "page", &[(3600, 14.4), (300, 14.4)], 0);
        let ticket = policy("ticket", "ticket", &[(21_600, 6.0), (1800, 6.0)], 120);
        let r = rules(&[slo(Sli::BasicAvailability, 0.999)], &[page, ticket], "rules.yaml");
        assert!(r.skipped.is_empty(), "{:?}", r.skipped);
        let alerts = &r.rules["groups"][2]["rules"];
        assert_eq!(alerts[0]["alert"], "JokesPage");
        assert_eq!(
            alerts[0]["expr"],
            "(max without (sloth_window) (slo:sli_error:ratio_rate1h{sloth_id=\"jokes-availability\", sloth_service=\"jokes\", sloth_slo=\"availability\"}) > (14.4 * (1 - 0.999)))\nand\n(max without (sloth_window) (slo:sli_error:ratio_rate5m{sloth_id=\"jokes-availability\", sloth_service=\"jokes\", sloth_slo=\"availability\"}) > (14.4 * (1 - 0.999)))"
        );
        assert_eq!(alerts[0]["labels"]["severity"], "page");
        assert!(alerts[0].get("for").is_none());
        assert_eq!(alerts[1]["for"], "2m");
        assert_eq!(alerts[1]["labels"]["severity"], "ticket");
        // Three cases per alert: firing, quiet at half the threshold, quiet without traffic.
        let cases: Vec<(u64, usize)> = r.tests.iter().map(|(i, t)| (*i, t["tests"].as_array().unwrap().len())).collect();
        // Firing, quiet at half, quiet without traffic; and quiet for a short burst.
        assert_eq!(cases, [(75, 4), (120, 4)]);
    }

    #[test]
    fn fixtures_burn_at_twice_and_half_the_threshold() {
        let page = policy("page", "page", &[(3600, 14.4), (300, 14.4)], 0);
        let r = rules(&[slo(Sli::BasicAvailability, 0.99)], &[page], "rules.yaml");
        let t = &r.tests[0].1["tests"];
        let bad = |i: usize| t[i]["input_series"][1]["values"].as_str().unwrap().to_owned();
        // 2 × 14.4 × 1% = 28.8% of 1,000,000 per step; half of 14.4% = 7.2%.
        assert!(bad(0).starts_with("0+288000x"), "{}", bad(0));
        assert!(bad(1).starts_with("0+72000x"), "{}", bad(1));
        assert!(bad(2).starts_with("0+0x"), "{}", bad(2));
        assert_eq!(t[0]["alert_rule_test"][0]["exp_alerts"][0]["exp_labels"]["severity"], "page");
        assert_eq!(t[1]["alert_rule_test"][0]["exp_alerts"], json!([]));
        assert_eq!(t[0]["interval"], "75s");
        // min(1 h, 2 × 5 m) rounded to the step, plus ten steps.
        assert_eq!(t[0]["alert_rule_test"][0]["eval_time"], "1350s");
    }

    #[test]
    fn what_cannot_be_exported_is_named() {
        let mut other = policy("other", "page", &[(300, 2.0)], 0);
        other.conditions[0].filter = "select_slo_burn_rate(\"projects/default/services/x/serviceLevelObjectives/y\", \"300s\")".into();
        let mut off = policy("off", "page", &[(300, 2.0)], 0);
        off.enabled = false;
        let high = policy("high", "page", &[(300, 2000.0)], 0);
        let mut on_metric = policy("metric", "page", &[(300, 2.0)], 0);
        on_metric.conditions[0].filter = "metric.type=\"run.googleapis.com/request_count\"".into();
        let latency = slo(Sli::BasicLatency { threshold_ms: 300.0 }, 0.99);
        let r = rules(&[slo(Sli::BasicAvailability, 0.99), latency], &[other, off, high, on_metric], "r.yaml");
        let text: Vec<String> = r.skipped.iter().map(ToString::to_string).collect();
        let all = text.join("\n");
        for want in [
            "300 ms is not a bound",
            "its SLO projects/default/services/x/serviceLevelObjectives/y is not exported",
            "projects/default/alertPolicies/off: it is disabled",
            "alert JokesHigh: no unit test: a burn rate of 2000 needs more than 100% errors",
            "it watches a metric, not an SLO",
        ] {
            assert!(all.contains(want), "{want} not in {all}");
        }
    }

    #[test]
    fn series_for_each_sli_shape() {
        let count = "metric.type=\"run.googleapis.com/request_count\"";
        let check = |sli: Sli, want: &[&str]| {
            let p = promql::translate(&slo(sli, 0.99)).unwrap();
            let got: Vec<String> = event_series(&p, "jokes", 9, 1).unwrap().into_iter().map(|(s, n)| format!("{s} {n}")).collect();
            assert_eq!(got, want);
        };
        check(Sli::BasicAvailability, &[
            "runlane_request_count_total{response_code=\"200\",response_code_class=\"2xx\",revision=\"jokes-00001-abc\",service=\"jokes\"} 9",
            "runlane_request_count_total{response_code=\"500\",response_code_class=\"5xx\",revision=\"jokes-00001-abc\",service=\"jokes\"} 1",
        ]);
        check(Sli::Ratio { good: Some(format!("{count} AND metric.labels.response_code=\"200\"")), bad: None, total: Some(count.into()) }, &[
            "runlane_request_count_total{response_code=\"200\",response_code_class=\"2xx\",revision=\"jokes-00001-abc\",service=\"jokes\"} 9",
            "runlane_request_count_total{response_code=\"500\",response_code_class=\"5xx\",revision=\"jokes-00001-abc\",service=\"jokes\"} 1",
        ]);
        check(Sli::BasicLatency { threshold_ms: 100.0 }, &[
            "runlane_request_latencies_seconds_bucket{service=\"jokes\",revision=\"jokes-00001-abc\",le=\"0.1\"} 9",
            "runlane_request_latencies_seconds_bucket{service=\"jokes\",revision=\"jokes-00001-abc\",le=\"+Inf\"} 10",
            "runlane_request_latencies_seconds_count{service=\"jokes\",revision=\"jokes-00001-abc\"} 10",
        ]);
        let p = promql::translate(&slo(Sli::Ratio { good: Some(format!("{count} AND metric.labels.response_code_class=\"5xx\"")), bad: None, total: Some(count.into()) }, 0.99)).unwrap();
        assert!(event_series(&p, "jokes", 9, 1).is_err());
    }
}
