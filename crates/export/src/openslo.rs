//! SLOs as OpenSLO v1 `SLO` documents, and back.
//!
//! The indicator is a `ratioMetric` over Prometheus counters (`counter: true`, the
//! queries of [`crate::promql`]), so an OpenSLO tool can compute it from a Prometheus that
//! scrapes runlane's names. Because OpenSLO has no field for Cloud Monitoring's SLI forms,
//! the exact runlane indicator also travels as JSON in the annotation
//! [`ANNOTATION_SLI`]; import prefers it, so export then import gives the same SLO.
//! `timeWindow` is the period (`isRolling`, or a calendar unit), `objectives[0].target`
//! the goal, `budgetingMethod` `Occurrences` (`Timeslices` for windows-based SLIs).

use crate::{promql, ExportError};
use runlane_alerting::model::{CalendarUnit, PeriodSpec, Sli, Slo, WindowSli};
use serde_json::{json, Map, Value};

pub const API_VERSION: &str = "openslo/v1";
pub const ANNOTATION_SLI: &str = "runlane.dev/serviceLevelIndicator";

/// One SLO as an OpenSLO document.
pub fn document(slo: &Slo) -> Value {
    let mut annotations = Map::new();
    annotations.insert(
        ANNOTATION_SLI.into(),
        json!(serde_json::to_string(&slo.sli).unwrap_or_default()),
    );
    let mut metadata = json!({ "name": slo.id, "displayName": slo.display_name, "annotations": annotations });
    if !slo.user_labels.is_empty() {
        metadata["labels"] = json!(slo.user_labels);
    }
    let mut spec = json!({
        "service": slo.service,
        "indicator": { "metadata": { "name": format!("{}-sli", slo.id) }, "spec": indicator(slo) },
        "timeWindow": [time_window(slo.period)],
        "budgetingMethod": "Occurrences",
        "objectives": [{ "displayName": slo.display_name, "target": slo.goal }],
    });
    if let Sli::Windows { window_secs, rule: WindowSli::RatioThreshold { threshold, .. } } = &slo.sli {
        spec["budgetingMethod"] = json!("Timeslices");
        spec["objectives"][0]["timeSliceTarget"] = json!(threshold);
        spec["objectives"][0]["timeSliceWindow"] = json!(format!("{window_secs}s"));
    }
    json!({ "apiVersion": API_VERSION, "kind": "SLO", "metadata": metadata, "spec": spec })
}

fn indicator(slo: &Slo) -> Value {
    let source = |q: String| json!({ "metricSource": { "type": "Prometheus", "spec": { "query": q } } });
    let sli = match &slo.sli {
        Sli::Windows { rule: WindowSli::RatioThreshold { performance, .. }, .. } => Slo { sli: (**performance).clone(), ..slo.clone() },
        _ => slo.clone(),
    };
    match promql::translate(&sli) {
        Ok(p) => {
            let (good, bad, total) = p.counters();
            let mut ratio = json!({ "counter": true });
            if let Some(g) = good {
                ratio["good"] = source(g);
            } else if let Some(b) = bad {
                ratio["bad"] = source(b);
            }
            if let Some(t) = total {
                ratio["total"] = source(t);
            }
            json!({ "ratioMetric": ratio })
        }
        // No Prometheus form: the annotation carries the indicator; OpenSLO still needs one.
        Err(e) => json!({ "ratioMetric": { "counter": true,
            "good": { "metricSource": { "type": "runlane", "spec": { "note": e.to_string() } } },
            "total": { "metricSource": { "type": "runlane", "spec": { "note": e.to_string() } } } } }),
    }
}

fn time_window(p: PeriodSpec) -> Value {
    match p {
        PeriodSpec::Rolling { secs } => json!({ "duration": duration(secs), "isRolling": true }),
        PeriodSpec::Calendar(unit) => json!({
            "duration": match unit {
                CalendarUnit::Day => "1d",
                CalendarUnit::Week => "1w",
                CalendarUnit::Fortnight => "2w",
                CalendarUnit::Month => "1M",
            },
            "isRolling": false,
            "calendar": { "startTime": "2020-01-06 00:00:00", "timeZone": "UTC" },
        }),
    }
}

/// OpenSLO's duration shorthand: the largest of d, h, m (s when needed) that divides.
fn duration(secs: u64) -> String {
    for (unit, n) in [("d", 86_400), ("h", 3600), ("m", 60)] {
        if secs > 0 && secs.is_multiple_of(n) {
            return format!("{}{unit}", secs / n);
        }
    }
    format!("{secs}s")
}

fn parse_duration(text: &str, field: &str) -> Result<PeriodSpec, String> {
    let secs = runlane_model::duration::parse_human(text)
        .and_then(|d| runlane_model::duration::whole_seconds(text, d))
        .map_err(|e| format!("{field}: {e}"))?;
    Ok(PeriodSpec::Rolling { secs })
}

/// An OpenSLO `SLO` document as a runlane SLO of `project`.
pub fn parse(doc: &Value, project: &str) -> Result<Slo, ExportError> {
    let name = doc["metadata"]["name"].as_str().unwrap_or_default().to_owned();
    let what = format!("OpenSLO SLO {name:?}");
    let err = |m: String| ExportError::new(&what, m);
    if doc["apiVersion"] != API_VERSION || doc["kind"] != "SLO" {
        return Err(err(format!("apiVersion must be {API_VERSION} and kind SLO")));
    }
    if name.is_empty() {
        return Err(err("metadata.name is missing; give the SLO a name".into()));
    }
    let spec = &doc["spec"];
    let service = spec["service"].as_str().ok_or_else(|| err("spec.service is missing; name the runlane service".into()))?;
    let goal = spec["objectives"][0]["target"]
        .as_f64()
        .ok_or_else(|| err("spec.objectives[0].target is missing; give the goal as a fraction, e.g. 0.99".into()))?;
    let window = &spec["timeWindow"][0];
    let period = if window["isRolling"].as_bool().unwrap_or(true) {
        parse_duration(window["duration"].as_str().unwrap_or_default(), "spec.timeWindow[0].duration").map_err(err)?
    } else {
        PeriodSpec::Calendar(match window["duration"].as_str().unwrap_or_default() {
            "1d" => CalendarUnit::Day,
            "1w" => CalendarUnit::Week,
            "2w" => CalendarUnit::Fortnight,
            "1M" => CalendarUnit::Month,
            other => return Err(err(format!("spec.timeWindow[0].duration: calendar windows of {other:?} are not supported; use 1d, 1w, 2w or 1M"))),
        })
    };
    let sli = match doc["metadata"]["annotations"][ANNOTATION_SLI].as_str() {
        Some(text) => serde_json::from_str::<Sli>(text)
            .map_err(|e| err(format!("metadata.annotations.{ANNOTATION_SLI} is not a runlane indicator ({e}); remove it or export it again")))?,
        None => return Err(err(format!(
            "runlane reads the indicator from the metadata.annotations.{ANNOTATION_SLI} that `runlane export --format openslo` writes; add it"
        ))),
    };
    let labels = doc["metadata"]["labels"]
        .as_object()
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
        .unwrap_or_default();
    Ok(Slo {
        project: project.to_owned(),
        service: service.to_owned(),
        id: name.clone(),
        display_name: doc["metadata"]["displayName"].as_str().unwrap_or(&name).to_owned(),
        sli,
        goal,
        period,
        user_labels: labels,
    })
}

/// Whether a parsed YAML document is an OpenSLO v1 SLO.
pub fn is_slo(doc: &Value) -> bool {
    doc["apiVersion"] == API_VERSION && doc["kind"] == "SLO"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slo(sli: Sli, period: PeriodSpec) -> Slo {
        Slo {
            project: "default".into(),
            service: "jokes".into(),
            id: "availability".into(),
            display_name: "Jokes availability".into(),
            sli,
            goal: 0.995,
            period,
            user_labels: [("team".to_owned(), "a".to_owned())].into_iter().collect(),
        }
    }

    #[test]
    fn export_then_parse_gives_the_same_slo() {
        let count = "metric.type=\"run.googleapis.com/request_count\"";
        for s in [
            slo(Sli::BasicAvailability, PeriodSpec::Rolling { secs: 3600 }),
            slo(Sli::BasicLatency { threshold_ms: 250.0 }, PeriodSpec::Rolling { secs: 28 * 86_400 }),
            slo(Sli::Ratio { good: None, bad: Some(format!("{count} AND metric.labels.response_code=\"503\"")), total: Some(count.into()) }, PeriodSpec::Calendar(CalendarUnit::Month)),
            slo(Sli::Windows { window_secs: 60, rule: WindowSli::RatioThreshold { performance: Box::new(Sli::BasicAvailability), threshold: 0.9 } }, PeriodSpec::Rolling { secs: 90 }),
            slo(Sli::Windows { window_secs: 60, rule: WindowSli::MeanInRange { filter: "x".into(), min: 0.0, max: 1.0 } }, PeriodSpec::Calendar(CalendarUnit::Week)),
        ] {
            let doc = document(&s);
            let text = crate::yaml(std::slice::from_ref(&doc)).unwrap();
            let back: Value = serde_saphyr::from_str(&text).unwrap();
            assert_eq!(parse(&back, "default").unwrap(), s, "{text}");
        }
    }

    #[test]
    fn documents_are_openslo() {
        let doc = document(&slo(Sli::BasicAvailability, PeriodSpec::Rolling { secs: 30 * 86_400 }));
        assert_eq!(doc["spec"]["timeWindow"], json!([{"duration": "30d", "isRolling": true}]));
        assert_eq!(doc["spec"]["objectives"][0]["target"], 0.995);
        assert_eq!(
            doc["spec"]["indicator"]["spec"]["ratioMetric"]["bad"]["metricSource"],
            json!({"type": "Prometheus", "spec": {"query": "sum(runlane_request_count_total{response_code_class=\"5xx\",service=\"jokes\"})"}})
        );
        let timeslices = document(&slo(Sli::Windows { window_secs: 60, rule: WindowSli::RatioThreshold { performance: Box::new(Sli::BasicAvailability), threshold: 0.9 } }, PeriodSpec::Rolling { secs: 3600 }));
        assert_eq!(timeslices["spec"]["budgetingMethod"], "Timeslices");
        assert_eq!(timeslices["spec"]["objectives"][0]["timeSliceWindow"], "60s");
    }

    #[test]
    fn bad_documents_are_named() {
        let good = document(&slo(Sli::BasicAvailability, PeriodSpec::Rolling { secs: 3600 }));
        let check = |edit: &dyn Fn(&mut Value), want: &str| {
            let mut d = good.clone();
            edit(&mut d);
            let e = parse(&d, "default").unwrap_err().to_string();
            assert!(e.contains(want), "{e} lacks {want}");
        };
        check(&|d| d["spec"]["timeWindow"][0]["duration"] = json!("1Q"), "spec.timeWindow[0].duration: \"1Q\" is not a duration");
        check(&|d| d["spec"]["objectives"] = json!([]), "spec.objectives[0].target is missing");
        check(&|d| d["metadata"]["annotations"] = json!({}), "add it");
        check(&|d| d["spec"].as_object_mut().unwrap().remove("service").map(drop).unwrap_or(()), "spec.service is missing");
        check(&|d| d["kind"] = json!("Service"), "apiVersion must be openslo/v1 and kind SLO");
    }
}
