//! What a notification says, as pure functions of the incident: the email's subject
//! and text (policy, service, SLO, burn rate, SLI, budget left, the top offending
//! revision, a link to the incident) and the webhook's JSON (Cloud Monitoring's
//! webhook payload, version 1.2, with a `runlane` block), or Slack's `{"text": …}`.

use crate::clock::rfc3339;
use crate::model::{Documentation, Incident};
use runlane_model::duration::human_secs;
use serde_json::{json, Value};

/// `opened`, `resolved` or `closed`.
pub struct Notice<'a> {
    pub incident: &'a Incident,
    pub kind: &'a str,
    pub url: &'a str,
    pub documentation: Option<&'a Documentation>,
}

fn percent(v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let p = v * 100.0;
            if (p - p.round()).abs() < 1e-9 {
                format!("{p:.0}%")
            } else {
                format!("{}%", format!("{p:.3}").trim_end_matches('0'))
            }
        }
        None => "no data".into(),
    }
}

/// What a resolve saw, as the tail of a sentence: "; burn rate now 0.41× over 30s
/// (threshold 10), SLI 88.43% against a goal of 99%, still below it". Never says
/// "within the SLO" while the SLI is below its goal.
pub(crate) fn resolved_text(f: &crate::model::ResolvedFigures, goal: f64, observed: &[crate::model::Observed]) -> String {
    let mut out = String::new();
    if let Some(b) = f.burn_rate {
        let threshold = observed.iter().find(|o| o.lookback_secs.is_some()).map_or(f64::NAN, |o| o.threshold);
        out.push_str(&format!("; burn rate now {}", rate(Some(b), threshold)));
        if let Some(l) = f.lookback_secs {
            out.push_str(&format!(" over {}", human_secs(l)));
        }
        if threshold.is_finite() {
            out.push_str(&format!(" (threshold {threshold})"));
        }
    }
    if let Some(sli) = f.sli {
        out.push_str(&format!(", SLI {} against a goal of {}", percent(Some(sli)), percent(Some(goal))));
        out.push_str(if sli >= goal { ", met" } else { ", still below it: it climbs back as the bad requests leave the SLO's period" });
    }
    out
}

/// A burn rate, with the digits that tell it from `threshold` (the policy's).
fn rate(v: Option<f64>, threshold: f64) -> String {
    v.map_or("no data".into(), |v| format!("{}×", runlane_slo::alert::decisive(v, threshold, 1)))
}

impl Notice<'_> {
    fn state_word(&self) -> &'static str {
        match self.kind {
            "opened" => "OPEN",
            "resolved" => "RESOLVED",
            _ => "CLOSED",
        }
    }

    /// The threshold the burn rate was compared with (the first burn-rate condition's).
    fn burn_threshold(&self) -> f64 {
        self.incident.observed.iter().find(|o| o.lookback_secs.is_some()).map_or(f64::NAN, |o| o.threshold)
    }

    /// Whether the incident is about metric conditions (not an SLO, not a rollback).
    fn is_metric(&self) -> bool {
        self.incident.slo.is_empty() && self.incident.observed.iter().any(|o| o.lookback_secs.is_none() && o.filter.contains("metric.type"))
    }

    fn service(&self) -> &str {
        &self.incident.service
    }

    fn slo_label(&self) -> String {
        let i = self.incident;
        let id = i.slo.rsplit('/').next().unwrap_or("");
        if i.slo_display_name.is_empty() || i.slo_display_name == id {
            id.to_owned()
        } else {
            format!("{} ({id})", i.slo_display_name)
        }
    }

    /// The email's subject line.
    pub fn subject(&self) -> String {
        let i = self.incident;
        let severity = i
            .severity
            .as_ref()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        // A condition on a metric: its value against its threshold, and who caused it.
        if self.is_metric() {
            let what = match self.kind {
                "opened" => {
                    let conditions: Vec<String> = i
                        .observed
                        .iter()
                        .map(|o| {
                            format!(
                                "{} {} {} {}",
                                o.display_name,
                                o.value.map_or("no data".into(), |v| runlane_slo::alert::decisive(v, o.threshold, 2)),
                                o.comparison.symbol(),
                                o.threshold
                            )
                        })
                        .collect();
                    let top = i.top_revision().map_or(String::new(), |r| format!(", top revision {}", r.revision));
                    let checks: String = i.failing_checks.iter().map(|(check, _)| format!(", uptime check {check} failing")).collect();
                    format!("{}{top}{checks}", conditions.join(" and "))
                }
                "resolved" => "conditions clear".to_owned(),
                _ => "closed".to_owned(),
            };
            return format!(
                "[runlane]{severity} {}: {} — service {}, {what} (incident {})",
                self.state_word(),
                i.policy_display_name,
                self.service(),
                i.id
            );
        }
        // A rollout's rollback incident has no SLO or burn rate: its title says what failed.
        if i.slo.is_empty() {
            return format!(
                "[runlane]{severity} {}: {} — service {} (incident {})",
                self.state_word(),
                i.policy_display_name,
                self.service(),
                i.id
            );
        }
        let what = match (self.kind, &i.resolved_figures) {
            ("opened", _) => {
                // An SLO on an uptime check (`goodBadMetricFilter`) names the failing check.
                let checks: String = i
                    .failing_checks
                    .iter()
                    .map(|(check, _)| format!(", uptime check {check} failing"))
                    .collect();
                format!(
                    "burn rate {}{checks}",
                    rate(i.burn_rate_at_open, self.burn_threshold())
                )
            }
            ("resolved", Some(f)) => {
                let burn = f.burn_rate.map_or(String::new(), |b| format!("burn rate now {}", rate(Some(b), self.burn_threshold())));
                let sli = f.sli.map_or(String::new(), |s| {
                    format!("SLI {} {} goal {}", percent(Some(s)), if s >= i.goal { "≥" } else { "<" }, percent(Some(i.goal)))
                });
                [burn, sli].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
            }
            ("resolved", None) => "conditions clear".to_owned(),
            _ => "closed".to_owned(),
        };
        format!(
            "[runlane]{severity} {}: {} — service {} SLO {}, {what} (incident {})",
            self.state_word(),
            i.policy_display_name,
            self.service(),
            self.slo_label(),
            i.id
        )
    }

    /// The email's text.
    pub fn body(&self) -> String {
        let i = self.incident;
        let mut out = String::new();
        let line = |out: &mut String, k: &str, v: String| out.push_str(&format!("{k:<16}{v}\n"));
        match self.kind {
            "opened" => out.push_str(&format!(
                "Incident {} opened at {}.\n\n",
                i.id,
                rfc3339(i.opened_ms)
            )),
            "resolved" => out.push_str(&format!(
                "Incident {} resolved at {}: its conditions have been clear long enough{}.\n\n",
                i.id,
                rfc3339(i.resolved_ms.unwrap_or(i.opened_ms)),
                i.resolved_figures.as_ref().map_or(String::new(), |f| resolved_text(f, i.goal, &i.observed))
            )),
            _ => out.push_str(&format!(
                "Incident {} closed at {}.\n\n",
                i.id,
                rfc3339(i.closed_ms.unwrap_or(i.opened_ms))
            )),
        }
        line(
            &mut out,
            "Policy:",
            format!("{} ({})", i.policy_display_name, i.policy),
        );
        line(&mut out, "Service:", self.service().to_owned());
        let slo = !i.slo.is_empty();
        if slo {
        line(
            &mut out,
            "SLO:",
            format!(
                "{} — goal {} ({})",
                self.slo_label(),
                percent(Some(i.goal)),
                i.slo
            ),
        );
        }
        if let Some(s) = &i.severity {
            line(&mut out, "Severity:", s.clone());
        }
        for o in &i.observed {
            let what = match o.lookback_secs {
                Some(l) => format!("burn rate over {}", human_secs(l)),
                None => "value".to_owned(),
            };
            let value = o.value.map_or("no data".into(), |v| runlane_slo::alert::decisive(v, o.threshold, 2));
            line(
                &mut out,
                "Condition:",
                format!(
                    "{} — {what} {value} {} {} at open",
                    o.display_name,
                    o.comparison.symbol(),
                    o.threshold
                ),
            );
        }
        for (check, error) in &i.failing_checks {
            line(&mut out, "Uptime check:", format!("{check} failing: {error}"));
        }
        if slo {
        line(
            &mut out,
            "Burn rate:",
            format!(
                "{} at open, peak {}",
                rate(i.burn_rate_at_open, self.burn_threshold()),
                rate(i.peak_burn_rate, self.burn_threshold())
            ),
        );
        line(
            &mut out,
            "SLI:",
            format!(
                "{} over the SLO period (goal {})",
                percent(i.sli),
                percent(Some(i.goal))
            ),
        );
        line(
            &mut out,
            "Budget left:",
            format!("{} of the error budget", percent(i.budget_remaining)),
        );
        }
        // An incident runlane raised itself (a rollback, a filling disk) has no condition
        // or SLO to show: its timeline's own words say what happened.
        let platform = !slo && i.observed.is_empty() && i.conditions.is_empty();
        if platform {
            let said = match self.kind {
                "opened" => i.timeline.iter().find(|e| e.kind == "opened"),
                kind => i.timeline.iter().rev().find(|e| e.kind == kind),
            };
            if let Some(e) = said {
                line(&mut out, "What happened:", e.message.clone());
            }
        }
        let bad = if self.is_metric() { "requests the condition's filter selects" } else { "bad requests" };
        // Nothing to attribute to a revision when runlane raised it about itself.
        if !(platform && i.breakdown.is_empty()) {
        match i.top_revision() {
            Some(r) => line(
                &mut out,
                "Top revision:",
                if self.is_metric() {
                    format!(
                        "{} — {} of its {} requests selected by the condition's filter in the last {}, {} of all selected",
                        r.revision,
                        r.bad,
                        r.total,
                        human_secs(i.breakdown_window_secs),
                        percent(Some(r.share_of_bad))
                    )
                } else {
                    format!(
                        "{} — {} of its {} requests bad in the last {}, {} of all bad requests",
                        r.revision,
                        r.bad,
                        r.total,
                        human_secs(i.breakdown_window_secs),
                        percent(Some(r.share_of_bad))
                    )
                },
            ),
            None => line(
                &mut out,
                "Top revision:",
                format!("none (no {bad} in the window)"),
            ),
        }
        }
        if i.breakdown.len() > 1 {
            out.push_str(&format!(
                "\n{} per revision (last {}):\n",
                if self.is_metric() { "Requests selected" } else { "Bad requests" },
                human_secs(i.breakdown_window_secs)
            ));
            for r in &i.breakdown {
                out.push_str(&format!(
                    "  {:<32} {:>8} bad of {:>8}\n",
                    r.revision, r.bad, r.total
                ));
            }
        }
        if let Some(d) = self.documentation {
            out.push_str(&format!("\nDocumentation:\n{}\n", d.content));
        }
        out.push_str(&format!("\nIncident: {}\n", self.url));
        out
    }

    /// Cloud Monitoring's webhook payload (version 1.2) plus runlane's numbers.
    pub fn webhook_json(&self) -> Value {
        let i = self.incident;
        let ended = match self.kind {
            "opened" => None,
            _ => Some(i.resolved_ms.or(i.closed_ms).unwrap_or(i.opened_ms) / 1000),
        };
        let first = i.observed.first();
        json!({
            "version": "1.2",
            "incident": {
                "incident_id": i.id.to_string(),
                "scoping_project_id": i.project,
                "url": self.url,
                "started_at": i.opened_ms / 1000,
                "ended_at": ended,
                "state": if self.kind == "opened" { "open" } else { "closed" },
                "summary": self.subject(),
                "policy_name": i.policy_display_name,
                "condition_name": first.map(|o| o.display_name.clone()),
                "condition": first.map(|o| json!({"name": o.condition, "displayName": o.display_name, "conditionThreshold": {"filter": o.filter, "comparison": o.comparison.as_str(), "thresholdValue": o.threshold}})),
                "observed_value": first.and_then(|o| o.value).map(|v| format!("{v:.3}")),
                "threshold_value": first.map(|o| o.threshold.to_string()),
                "resource": {"type": "cloud_run_revision", "labels": {"service_name": i.service, "project_id": i.project}},
                "resource_name": format!("projects/{}/services/{}", i.project, i.service),
                "documentation": self.documentation.map(|d| json!({"content": d.content, "mime_type": d.mime_type})),
                "severity": i.severity,
            },
            "runlane": {
                "kind": self.kind,
                "policy": i.policy,
                "slo": i.slo,
                "goal": i.goal,
                "burnRateAtOpen": i.burn_rate_at_open,
                "peakBurnRate": i.peak_burn_rate,
                "sli": i.sli,
                "budgetRemaining": i.budget_remaining,
                "topRevision": i.top_revision().map(|r| r.revision.clone()),
                "breakdownWindowSeconds": i.breakdown_window_secs,
                "breakdown": i.breakdown.iter().map(|r| json!({"revision": r.revision, "bad": r.bad, "total": r.total})).collect::<Vec<_>>(),
            }
        })
    }

    /// A Slack incoming webhook's body.
    pub fn slack_json(&self) -> Value {
        json!({ "text": format!("{}\n{}", self.subject(), self.url) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Comparison, IncidentState, Observed, RevisionBad};

    fn incident() -> Incident {
        Incident {
            id: 7,
            project: "default".into(),
            policy: "projects/default/alertPolicies/42".into(),
            policy_display_name: "jokes fast burn".into(),
            group: 0,
            conditions: vec!["projects/default/alertPolicies/42/conditions/1".into()],
            service: "jokes".into(),
            slo: "projects/default/services/jokes/serviceLevelObjectives/availability".into(),
            slo_display_name: "availability".into(),
            severity: Some("page".into()),
            state: IncidentState::Open,
            opened_ms: 1_795_694_403_120,
            condition_met_ms: 1_795_694_403_000,
            resolved_ms: None,
            closed_ms: None,
            acknowledged: None,
            observed: vec![Observed {
                condition: "projects/default/alertPolicies/42/conditions/1".into(),
                display_name: "burn rate over 5m".into(),
                filter: "select_slo_burn_rate(\"projects/default/services/jokes/serviceLevelObjectives/availability\", \"300s\")".into(),
                value: Some(19.84),
                comparison: Comparison::Gt,
                threshold: 10.0,
                lookback_secs: Some(300),
            }],
            burn_rate_at_open: Some(19.84),
            peak_burn_rate: Some(19.84),
            peak_ms: None,
            sli: Some(0.9935),
            budget_remaining: Some(0.35),
            goal: 0.99,
            breakdown: vec![
                RevisionBad { revision: "jokes-next".into(), bad: 120, total: 120, share_of_bad: 1.0 },
                RevisionBad { revision: "jokes-good".into(), bad: 0, total: 1080, share_of_bad: 0.0 },
            ],
            breakdown_window_secs: 300,
            inhibited_by: None,
            timeline: vec![],
            resolved_figures: None,
            failing_checks: Vec::new(),
        }
    }

    /// A breach by a hair shows the hair: never "burn rate 10.0×" for a breach of 10.
    #[test]
    fn a_burn_rate_near_the_threshold_shows_the_digits_that_decide() {
        let mut i = incident();
        i.burn_rate_at_open = Some(10.004);
        i.peak_burn_rate = Some(10.004);
        i.observed[0].value = Some(10.004);
        let n = Notice { incident: &i, kind: "opened", url: "u", documentation: None };
        assert!(n.subject().contains("burn rate 10.004×"), "{}", n.subject());
        let body = n.body();
        assert!(body.contains("burn rate over 5m 10.004 > 10 at open"), "{body}");
        assert!(body.contains("Burn rate:      10.004× at open, peak 10.004×"), "{body}");
    }

    #[test]
    fn the_email_names_everything_an_operator_needs() {
        let i = incident();
        let n = Notice {
            incident: &i,
            kind: "opened",
            url: "http://127.0.0.1:8484/incidents/7",
            documentation: None,
        };
        assert_eq!(n.subject(), "[runlane] [page] OPEN: jokes fast burn — service jokes SLO availability, burn rate 19.8× (incident 7)");
        let body = n.body();
        for needle in [
            "Policy:         jokes fast burn (projects/default/alertPolicies/42)",
            "Service:        jokes",
            "SLO:            availability — goal 99%",
            "Burn rate:      19.8× at open",
            "SLI:            99.35% over the SLO period",
            "Budget left:    35% of the error budget",
            "Top revision:   jokes-next — 120 of its 120 requests bad in the last 5m, 100% of all bad requests",
            "Incident: http://127.0.0.1:8484/incidents/7",
        ] {
            assert!(body.contains(needle), "missing {needle:?} in:\n{body}");
        }
        let w = n.webhook_json();
        assert_eq!(w["incident"]["state"], "open");
        assert_eq!(w["runlane"]["topRevision"], "jokes-next");
        let r = Notice {
            kind: "resolved",
            ..n
        };
        assert!(r.subject().contains("RESOLVED"), "{}", r.subject());
        // A resolve says what changed, and never "within the SLO" below the goal.
        let mut resolved = i.clone();
        resolved.resolved_figures = Some(crate::model::ResolvedFigures { burn_rate: Some(0.412), lookback_secs: Some(300), sli: Some(0.8843) });
        let n2 = Notice { incident: &resolved, kind: "resolved", url: "u", documentation: None };
        assert!(n2.subject().ends_with("burn rate now 0.4×, SLI 88.43% < goal 99% (incident 7)"), "{}", n2.subject());
        assert!(!n2.subject().contains("within the SLO"));
        let body = n2.body();
        assert!(body.contains("burn rate now 0.4× over 5m (threshold 10), SLI 88.43% against a goal of 99%, still below it"), "{body}");
        let rollback = Incident {
            slo: String::new(),
            slo_display_name: String::new(),
            severity: Some("rollback".into()),
            policy_display_name: "rollout of jokes-next rolled back".into(),
            burn_rate_at_open: None,
            ..incident()
        };
        let n = Notice { incident: &rollback, kind: "opened", url: "", documentation: None };
        assert_eq!(n.subject(), "[runlane] [rollback] OPEN: rollout of jokes-next rolled back — service jokes (incident 7)");
        assert_eq!(r.webhook_json()["incident"]["state"], "closed");
    }
}
