//! Traffic: checking a `spec.traffic` list and resolving it into what the router
//! serves (a weighted split plus tag routes) and what `status.traffic` reports.

use crate::error::FieldErrors;
use crate::naming::check_tag;
use crate::percent::Percent;
use crate::resource::{Revision, TargetRevision, TrafficTarget};
use std::collections::BTreeSet;

/// Checks a traffic list against the revisions that exist for the service (plus the
/// one this same write creates, which gcloud already names in `--tag` deploys).
pub fn validate(service: &str, traffic: &[TrafficTarget], known_revisions: &BTreeSet<&str>, errors: &mut FieldErrors) {
    let mut sum: u32 = 0;
    let mut any_percent = false;
    let mut tags = BTreeSet::new();
    for (i, target) in traffic.iter().enumerate() {
        let field = |f: &str| format!("spec.traffic[{i}].{f}");
        if let TargetRevision::Named(name) = &target.revision {
            if name.is_empty() {
                errors.push(field("revisionName"), "must name a revision, or set latestRevision: true instead");
            } else if !known_revisions.contains(name.as_str()) {
                let hint = if known_revisions.is_empty() {
                    "the service has no revisions yet".to_owned()
                } else {
                    format!("revisions of {service}: {}", known_revisions.iter().copied().collect::<Vec<_>>().join(", "))
                };
                errors.push(field("revisionName"), format!("revision {name:?} does not exist in service {service:?} ({hint})"));
            }
        }
        if let Some(p) = target.percent {
            any_percent = true;
            sum += p.basis_points();
        }
        if let Some(tag) = &target.tag {
            if let Err(why) = check_tag(tag, service) {
                errors.push(field("tag"), format!("tag {why}"));
            } else if !tags.insert(tag.as_str()) {
                errors.push(field("tag"), format!("tag {tag:?} is used twice; each tag must be unique"));
            }
        }
    }
    if !traffic.is_empty() && sum != 10_000 {
        let shown = Percent::from_basis_points(sum).map_or_else(|| format!("{:.2}", f64::from(sum) / 100.0), |p| p.to_string());
        let what = if any_percent { format!("percents sum to {shown}") } else { "no entry has a percent".to_owned() };
        errors.push("spec.traffic", format!("{what}, they must sum to 100"));
    }
}

/// A traffic entry with `latestRevision` resolved to a revision name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTarget {
    /// None when the entry follows the latest ready revision and none is ready yet.
    pub revision: Option<String>,
    pub latest_revision: bool,
    pub percent: Option<Percent>,
    pub tag: Option<String>,
}

/// Resolves `spec.traffic` (defaulted to LATEST=100 when empty) against the latest ready revision.
pub fn resolve(traffic: &[TrafficTarget], latest_ready: Option<&str>) -> Vec<ResolvedTarget> {
    let default = [TrafficTarget::latest(Percent::HUNDRED)];
    let traffic = if traffic.is_empty() { &default[..] } else { traffic };
    traffic
        .iter()
        .map(|t| match &t.revision {
            TargetRevision::Latest => ResolvedTarget {
                revision: latest_ready.map(str::to_owned),
                latest_revision: true,
                percent: t.percent,
                tag: t.tag.clone(),
            },
            TargetRevision::Named(n) => {
                ResolvedTarget { revision: Some(n.clone()), latest_revision: false, percent: t.percent, tag: t.tag.clone() }
            }
            // Pinned by `write::apply` before anything is stored; never resolved here.
            TargetRevision::Created => ResolvedTarget { revision: None, latest_revision: false, percent: t.percent, tag: t.tag.clone() },
        })
        .collect()
}

/// What the router serves for one service: a weighted split (weights in basis points,
/// summing to 10 000, one entry per revision) and the tag routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub split: Vec<(String, u32)>,
    pub tags: Vec<(String, String)>,
}

/// Turns resolved traffic into routing. The share of a `latestRevision` entry that
/// cannot resolve yet (no revision ready) goes to `fallback`, normally the latest
/// created revision, so the first requests wait for its start rather than fail.
pub fn routing(resolved: &[ResolvedTarget], fallback: Option<&str>) -> Routing {
    let mut split: Vec<(String, u32)> = Vec::new();
    let mut tags = Vec::new();
    for t in resolved {
        let Some(revision) = t.revision.as_deref().or(fallback) else { continue };
        if let Some(p) = t.percent.filter(|p| p.basis_points() > 0) {
            match split.iter_mut().find(|(r, _)| r == revision) {
                Some((_, w)) => *w += p.basis_points(),
                None => split.push((revision.to_owned(), p.basis_points())),
            }
        }
        if let Some(tag) = &t.tag {
            tags.push((tag.clone(), revision.to_owned()));
        }
    }
    Routing { split, tags }
}

/// The revisions a traffic list keeps alive: named in any entry, or the latest ready.
pub fn referenced_revisions(resolved: &[ResolvedTarget]) -> BTreeSet<&str> {
    resolved.iter().filter_map(|t| t.revision.as_deref()).collect()
}

/// Names of existing revisions, for validation.
pub fn revision_names(revisions: &[Revision]) -> BTreeSet<&str> {
    revisions.iter().map(|r| r.meta.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(p: &str) -> Option<Percent> {
        Some(Percent::parse(p).unwrap())
    }

    fn check(traffic: &[TrafficTarget], expected: &[&str]) {
        let known: BTreeSet<&str> = ["s-1", "s-2"].into_iter().collect();
        let mut errors = FieldErrors::default();
        validate("s", traffic, &known, &mut errors);
        let got: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn validation_cases() {
        check(&[], &[]);
        check(&[TrafficTarget::latest(Percent::HUNDRED)], &[]);
        check(&[TrafficTarget::named("s-1", pct("90"), None), TrafficTarget::named("s-2", pct("10"), Some("next"))], &[]);
        check(&[TrafficTarget::named("s-1", pct("99.9"), None), TrafficTarget::named("s-2", pct("0.1"), None)], &[]);
        // gcloud sends the same revision twice: once with a percent, once with a tag.
        check(&[TrafficTarget::named("s-1", pct("100"), None), TrafficTarget::named("s-1", None, Some("good"))], &[]);
        check(&[TrafficTarget::named("s-1", pct("90"), None)], &["spec.traffic: percents sum to 90, they must sum to 100"]);
        check(&[TrafficTarget::named("s-1", None, Some("a"))], &["spec.traffic: no entry has a percent, they must sum to 100"]);
        check(
            &[TrafficTarget::named("s-9", pct("100"), None)],
            &["spec.traffic[0].revisionName: revision \"s-9\" does not exist in service \"s\" (revisions of s: s-1, s-2)"],
        );
        check(
            &[TrafficTarget::latest(Percent::HUNDRED), TrafficTarget::named("s-1", None, Some("a")), TrafficTarget::named("s-2", None, Some("a"))],
            &["spec.traffic[2].tag: tag \"a\" is used twice; each tag must be unique"],
        );
        check(
            &[TrafficTarget { revision: TargetRevision::Latest, percent: pct("100"), tag: Some("Bad".into()) }],
            &["spec.traffic[0].tag: tag \"Bad\" must start with a lowercase letter"],
        );
    }

    #[test]
    fn routing_merges_entries_and_falls_back_while_nothing_is_ready() {
        let traffic = [
            TrafficTarget::named("s-1", pct("90"), None),
            TrafficTarget::named("s-2", pct("10"), None),
            TrafficTarget::named("s-1", None, Some("good")),
            TrafficTarget::named("s-2", None, Some("next")),
        ];
        let r = routing(&resolve(&traffic, Some("s-2")), None);
        assert_eq!(r.split, vec![("s-1".into(), 9000), ("s-2".into(), 1000)]);
        assert_eq!(r.tags, vec![("good".into(), "s-1".into()), ("next".into(), "s-2".into())]);

        let r = routing(&resolve(&[], None), Some("s-1"));
        assert_eq!(r.split, vec![("s-1".into(), 10_000)]);
        let r = routing(&resolve(&[], None), None);
        assert!(r.split.is_empty());
    }
}
