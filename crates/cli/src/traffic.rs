//! Traffic arithmetic for `services update-traffic`, `deploy --tag` and `deploy --no-traffic`.
//!
//! These are pure functions over Knative traffic targets that mirror gcloud's `TrafficTargets`
//! (`googlecloudsdk/api_lib/run/traffic.py`: `UpdateTraffic`, `ZeroLatestTraffic`, `UpdateTags`)
//! and its traffic printer, so runlane splits and shows traffic exactly as `gcloud run` does.
//! runlane extends whole percents to hundredths: percents are integer basis points (100% = 10000).
//! When every percent involved is whole, rounding happens in whole percents as in gcloud, so the
//! result stays valid for strict Knative clients; once a decimal is involved, it happens in 0.01%.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A share of traffic in basis points: 0..=10000, where 10000 is 100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(u32);

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const HUNDRED: Percent = Percent(10_000);

    pub fn from_basis_points(bp: u32) -> Option<Percent> {
        (bp <= 10_000).then_some(Percent(bp))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    pub fn is_whole(self) -> bool {
        self.0.is_multiple_of(100)
    }

    /// Parses a flag value such as `10`, `10.5` or `0.01` (no sign, at most two decimals).
    pub fn parse(text: &str) -> Result<Percent, String> {
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(frac)
            || (t.contains('.') && frac.is_empty())
        {
            return Err(format!(
                "{text:?} is not a percent; use a number from 0 to 100"
            ));
        }
        if frac.len() > 2 {
            return Err(format!(
                "{text} has more than two decimals; percents go in steps of 0.01"
            ));
        }
        let frac: u32 = format!("{frac:0<2}").parse().unwrap_or(0);
        whole
            .parse::<u32>()
            .ok()
            .and_then(|w| w.checked_mul(100))
            .and_then(|w| w.checked_add(frac))
            .and_then(Percent::from_basis_points)
            .ok_or_else(|| format!("{text} is more than 100; use a number from 0 to 100"))
    }

    /// Reads a JSON number (integer or up to two decimals) as sent by the API.
    pub fn from_json(value: &Value) -> Result<Percent, String> {
        let Some(f) = value.as_f64() else {
            return Err(format!("percent {value} is not a number"));
        };
        if !(0.0..=100.0).contains(&f) {
            return Err(format!("percent {value} is not between 0 and 100"));
        }
        Ok(Percent((f * 100.0).round() as u32))
    }

    /// A JSON integer when whole (`10`, never `10.0`), else a number with decimals (`0.1`).
    pub fn to_json(self) -> Value {
        if self.is_whole() {
            json!(self.0 / 100)
        } else {
            json!(f64::from(self.0) / 100.0)
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}"),
            _ if frac % 10 == 0 => write!(f, "{whole}.{}", frac / 10),
            _ => write!(f, "{whole}.{frac:02}"),
        }
    }
}

/// What a traffic target points at. `Revision` sorts before `Latest`, so sorting keys gives
/// gcloud's order: revisions by name, LATEST last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Revision(String),
    Latest,
}

impl Key {
    /// `LATEST` names the latest ready revision (revision names are lowercase, so it is distinct).
    pub fn parse(text: &str) -> Key {
        match text {
            "LATEST" => Key::Latest,
            name => Key::Revision(name.to_string()),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Revision(name) => f.write_str(name),
            Key::Latest => f.write_str("LATEST"),
        }
    }
}

/// One entry of `spec.traffic` or `status.traffic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub key: Key,
    pub percent: Option<Percent>,
    pub tag: Option<String>,
    /// Only in `status.traffic`; never sent back.
    pub url: Option<String>,
}

impl Target {
    pub fn with_percent(key: Key, percent: Percent) -> Target {
        Target {
            key,
            percent: Some(percent),
            tag: None,
            url: None,
        }
    }

    pub fn with_tag(key: Key, tag: &str) -> Target {
        Target {
            key,
            percent: None,
            tag: Some(tag.to_string()),
            url: None,
        }
    }

    fn serving(&self) -> Option<Percent> {
        self.percent.filter(|p| *p > Percent::ZERO)
    }

    pub fn from_json(value: &Value) -> Result<Target, String> {
        let key = if value.get("latestRevision").and_then(Value::as_bool) == Some(true) {
            Key::Latest
        } else {
            match value.get("revisionName").and_then(Value::as_str) {
                Some(name) => Key::Revision(name.to_string()),
                None => return Err(format!("traffic target {value} names no revision")),
            }
        };
        let percent = match value.get("percent") {
            None | Some(Value::Null) => None,
            Some(p) => Some(Percent::from_json(p)?),
        };
        let text = |field: &str| {
            value
                .get(field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok(Target {
            key,
            percent,
            tag: text("tag"),
            url: text("url"),
        })
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match &self.key {
            Key::Latest => m.insert("latestRevision".into(), Value::Bool(true)),
            Key::Revision(name) => m.insert("revisionName".into(), Value::String(name.clone())),
        };
        if let Some(p) = self.percent {
            m.insert("percent".into(), p.to_json());
        }
        if let Some(tag) = &self.tag {
            m.insert("tag".into(), Value::String(tag.clone()));
        }
        Value::Object(m)
    }
}

/// Reads a traffic list (`spec.traffic` or `status.traffic`); a missing list is empty.
pub fn parse_targets(list: Option<&Value>) -> Result<Vec<Target>, String> {
    match list {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(Target::from_json).collect(),
        Some(other) => Err(format!("traffic {other} is not a list")),
    }
}

pub fn targets_to_json(targets: &[Target]) -> Value {
    Value::Array(targets.iter().map(Target::to_json).collect())
}

/// The user's traffic request, as gcloud's `TrafficChanges`: tags first, then percents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrafficChanges {
    /// Keys are revision names (or `LATEST`), or tags when `by_tag`.
    pub percentages: BTreeMap<String, Percent>,
    pub by_tag: bool,
    pub tags_to_update: BTreeMap<String, Key>,
    pub tags_to_remove: BTreeSet<String>,
    pub clear_other_tags: bool,
}

impl TrafficChanges {
    pub fn apply(&self, targets: &[Target], service: &str) -> Result<Vec<Target>, String> {
        let mut targets = targets.to_vec();
        if !self.tags_to_update.is_empty()
            || !self.tags_to_remove.is_empty()
            || self.clear_other_tags
        {
            targets = update_tags(
                &targets,
                &self.tags_to_update,
                &self.tags_to_remove,
                self.clear_other_tags,
            );
        }
        if self.percentages.is_empty() {
            return Ok(targets);
        }
        let percentages = if self.by_tag {
            let tag_to_key = tag_to_key(&targets);
            let mut by_key = BTreeMap::new();
            for (tag, percent) in &self.percentages {
                let key = tag_to_key.get(tag).ok_or_else(|| {
                    format!(
                        "there is no revision tagged [{tag}] in the traffic of service [{service}]; \
                         tag one with --update-tags {tag}=REVISION"
                    )
                })?;
                by_key.insert(key.clone(), *percent);
            }
            by_key
        } else {
            self.percentages
                .iter()
                .map(|(k, p)| (Key::parse(k), *p))
                .collect()
        };
        update_traffic(&targets, &percentages)
    }
}

/// Splits targets into summed percents per key and percent-less tag targets; drops 0% untagged ones.
fn normalize(targets: &[Target]) -> (BTreeMap<Key, Percent>, Vec<Target>) {
    let mut percents = BTreeMap::new();
    let mut tags = Vec::new();
    for t in targets {
        if let Some(tag) = &t.tag {
            tags.push(Target::with_tag(t.key.clone(), tag));
        }
        if let Some(p) = t.serving() {
            let sum: &mut Percent = percents.entry(t.key.clone()).or_default();
            *sum = Percent(sum.0 + p.0);
        }
    }
    (percents, tags)
}

/// gcloud's `UpdateTraffic`: sets the given percents; if they sum below 100, the rest is spread
/// over the other serving targets in proportion to their current percents, truncated, with the
/// lost units handed out by largest remainder, then smaller share, then key. Targets set to 0
/// are dropped; tags move to their own percent-less entries after the percent entries.
pub fn update_traffic(
    targets: &[Target],
    new: &BTreeMap<Key, Percent>,
) -> Result<Vec<Target>, String> {
    let (current, tag_targets) = normalize(targets);
    let current_sum: u32 = current.values().map(|p| p.0).sum();
    if current_sum != 10_000 {
        return Err(format!(
            "the service's current traffic adds up to {}%, not 100%; set every serving revision's \
             percent explicitly so they sum to 100",
            Percent(current_sum)
        ));
    }
    let specified_sum: u32 = new.values().map(|p| p.0).sum();
    if specified_sum > 10_000 {
        return Err(format!(
            "the new traffic percents add up to {}%, over 100%; lower them so they sum to at most 100",
            Percent(specified_sum)
        ));
    }
    let unassigned: BTreeMap<&Key, Percent> = current
        .iter()
        .filter(|(k, _)| !new.contains_key(*k))
        .map(|(k, p)| (k, *p))
        .collect();
    if unassigned.is_empty() && specified_sum < 10_000 {
        return Err(format!(
            "every revision serving traffic was given a new percent, but they add up to {}%; \
             make them sum to 100",
            Percent(specified_sum)
        ));
    }

    // Whole percents in, whole percents out (as gcloud); otherwise hundredths.
    let whole = current.values().chain(new.values()).all(|p| p.is_whole());
    let unit: u64 = if whole { 100 } else { 1 };
    let total = 10_000 / unit;
    let to_assign = (10_000 - u64::from(specified_sum)) / unit;
    let from: u64 = unassigned.values().map(|p| u64::from(p.0) / unit).sum();
    // Every share is the exact fraction numerator / denominator, in units.
    let denominator = if to_assign == 0 { 1 } else { from };
    let mut shares: Vec<(Key, u64)> = new
        .iter()
        .map(|(k, p)| (k.clone(), u64::from(p.0) / unit * denominator))
        .collect();
    if to_assign > 0 {
        shares.extend(
            unassigned
                .iter()
                .map(|(k, p)| ((*k).clone(), u64::from(p.0) / unit * to_assign)),
        );
    }
    let mut rounded: BTreeMap<Key, u64> = shares
        .iter()
        .map(|(k, n)| (k.clone(), n / denominator))
        .collect();
    let loss = total - rounded.values().sum::<u64>();
    shares.sort_by(|(ka, na), (kb, nb)| {
        (nb % denominator)
            .cmp(&(na % denominator))
            .then(na.cmp(nb))
            .then(ka.cmp(kb))
    });
    for (key, _) in shares.iter().take(loss as usize) {
        *rounded.entry(key.clone()).or_default() += 1;
    }

    let mut result: Vec<Target> = rounded
        .into_iter()
        .filter(|(k, _)| new.get(k) != Some(&Percent::ZERO))
        .map(|(k, units)| Target::with_percent(k, Percent((units * unit) as u32)))
        .collect();
    result.extend(tag_targets);
    Ok(result)
}

/// gcloud's `ZeroLatestTraffic` (`deploy --no-traffic`): the percent on LATEST moves to the
/// revision that is latest-ready now, so the revision being deployed gets none.
pub fn zero_latest(targets: &[Target], latest_ready: Option<&str>) -> Result<Vec<Target>, String> {
    let (mut percents, tags) = normalize(targets);
    let Some(latest) = percents.remove(&Key::Latest) else {
        return Ok(targets.to_vec());
    };
    let Some(ready) = latest_ready else {
        return Err(
            "the service has no ready revision to keep serving its traffic; \
                    deploy without --no-traffic"
                .to_string(),
        );
    };
    let sum: &mut Percent = percents
        .entry(Key::Revision(ready.to_string()))
        .or_default();
    *sum = Percent(sum.0 + latest.0);
    let mut result: Vec<Target> = percents
        .into_iter()
        .map(|(k, p)| Target::with_percent(k, p))
        .collect();
    result.extend(tags);
    Ok(result)
}

/// gcloud's `UpdateTags`: clears the named (or all other) tags, drops entries left with neither
/// percent nor tag, then appends one percent-less entry per updated tag, sorted by tag. An empty
/// list first becomes LATEST=100, which is what the server would default it to.
pub fn update_tags(
    targets: &[Target],
    to_update: &BTreeMap<String, Key>,
    to_remove: &BTreeSet<String>,
    clear_others: bool,
) -> Vec<Target> {
    let start = if targets.is_empty() {
        vec![Target::with_percent(Key::Latest, Percent::HUNDRED)]
    } else {
        targets.to_vec()
    };
    let mut result = Vec::new();
    for mut t in start {
        if let Some(tag) = &t.tag {
            if clear_others || to_remove.contains(tag) || to_update.contains_key(tag) {
                t.tag = None;
            }
        }
        if t.serving().is_some() || t.tag.is_some() {
            result.push(t);
        }
    }
    result.extend(
        to_update
            .iter()
            .map(|(tag, key)| Target::with_tag(key.clone(), tag)),
    );
    result
}

/// Which key each tag points at (the last entry wins, as in gcloud).
pub fn tag_to_key(targets: &[Target]) -> BTreeMap<String, Key> {
    targets
        .iter()
        .filter_map(|t| Some((t.tag.clone()?, t.key.clone())))
        .collect()
}

/// The percent of traffic the latest ready revision serves, as gcloud's `latest_percent_traffic`.
pub fn latest_percent(status: &[Target], latest_ready: Option<&str>) -> Percent {
    let sum = status
        .iter()
        .filter(|t| is_latest(t, latest_ready))
        .filter_map(|t| t.percent)
        .map(|p| p.0)
        .sum::<u32>();
    Percent(sum.min(10_000))
}

/// A URL that reaches the latest ready revision directly (its tag's URL), if any.
pub fn latest_url<'a>(status: &'a [Target], latest_ready: Option<&str>) -> Option<&'a str> {
    status
        .iter()
        .filter(|t| is_latest(t, latest_ready))
        .find_map(|t| t.url.as_deref())
}

fn is_latest(t: &Target, latest_ready: Option<&str>) -> bool {
    match (&t.key, latest_ready) {
        (Key::Latest, _) => true,
        (Key::Revision(name), Some(ready)) => name == ready,
        (Key::Revision(_), None) => false,
    }
}

/// gcloud's traffic printer: `URL:` then one line per revision (spec and status paired, sorted
/// by revision with LATEST last), each followed by its tags and their URLs.
pub fn render_traffic(
    url: &str,
    spec: &[Target],
    status: &[Target],
    latest_ready: Option<&str>,
) -> String {
    let mut keys: BTreeSet<&Key> = spec.iter().map(|t| &t.key).collect();
    keys.extend(status.iter().map(|t| &t.key));
    let rows: Vec<(String, String, Vec<String>)> = keys
        .into_iter()
        .map(|key| {
            let spec_of: Vec<&Target> = spec.iter().filter(|t| &t.key == key).collect();
            let status_of: Vec<&Target> = status.iter().filter(|t| &t.key == key).collect();
            (
                display_percent(&spec_of, &status_of),
                display_revision(key, latest_ready),
                tag_lines(&spec_of, &status_of),
            )
        })
        .collect();
    let width = rows
        .iter()
        .map(|(p, _, _)| p.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("URL: {url}\nTraffic:\n");
    for (percent, revision, tags) in rows {
        out.push_str(&format!("  {percent:<width$} {revision}\n"));
        for tag in tags {
            let line = format!("  {:width$}   {tag}", "");
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

fn sum_percent(targets: &[&Target]) -> Option<Percent> {
    (!targets.is_empty()).then(|| {
        Percent(
            targets
                .iter()
                .filter_map(|t| t.percent)
                .map(|p| p.0)
                .sum::<u32>(),
        )
    })
}

fn display_percent(spec: &[&Target], status: &[&Target]) -> String {
    let show = |p: Option<Percent>| p.map_or_else(|| "-".to_string(), |p| format!("{p}%"));
    let (spec, status) = (sum_percent(spec), sum_percent(status));
    if spec == status {
        show(status)
    } else {
        format!("{:4} (currently {})", show(spec), show(status))
    }
}

fn display_revision(key: &Key, latest_ready: Option<&str>) -> String {
    match key {
        Key::Latest => format!("LATEST (currently {})", latest_ready.unwrap_or("-")),
        Key::Revision(name) => name.clone(),
    }
}

fn tag_lines(spec: &[&Target], status: &[&Target]) -> Vec<String> {
    // tag -> (in spec, in status, url)
    let mut tags: BTreeMap<&str, (bool, bool, &str)> = BTreeMap::new();
    for t in spec {
        if let Some(tag) = &t.tag {
            tags.insert(tag, (true, false, ""));
        }
    }
    for t in status {
        if let Some(tag) = &t.tag {
            let entry = tags.entry(tag).or_insert((false, false, ""));
            entry.1 = true;
            entry.2 = t.url.as_deref().unwrap_or("");
        }
    }
    tags.into_iter()
        .map(|(tag, (in_spec, in_status, url))| {
            let state = match (in_spec, in_status) {
                (true, false) => " (Adding)",
                (false, true) => " (Deleting)",
                _ => "",
            };
            format!("{tag}{state}: {url}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compact target notation: `rev=50`, `LATEST=100`, `rev@tag`, `rev=0@tag`.
    fn targets(spec: &str) -> Vec<Target> {
        spec.split_whitespace()
            .map(|item| {
                let (rest, tag) = match item.split_once('@') {
                    Some((r, t)) => (r, Some(t.to_string())),
                    None => (item, None),
                };
                let (key, percent) = match rest.split_once('=') {
                    Some((k, p)) => (k, Some(Percent::parse(p).unwrap())),
                    None => (rest, None),
                };
                Target {
                    key: Key::parse(key),
                    percent,
                    tag,
                    url: None,
                }
            })
            .collect()
    }

    fn show(targets: &[Target]) -> String {
        targets
            .iter()
            .map(|t| {
                let mut s = t.key.to_string();
                if let Some(p) = t.percent {
                    s.push_str(&format!("={p}"));
                }
                if let Some(tag) = &t.tag {
                    s.push_str(&format!("@{tag}"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn percents(spec: &str) -> BTreeMap<Key, Percent> {
        spec.split_whitespace()
            .map(|kv| {
                let (k, p) = kv.split_once('=').unwrap();
                (Key::parse(k), Percent::parse(p).unwrap())
            })
            .collect()
    }

    #[test]
    fn update_traffic_cases() {
        fn check(current: &str, new: &str, expected: &str) {
            let got = match update_traffic(&targets(current), &percents(new)) {
                Ok(t) => show(&t),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "current {current:?}, new {new:?}");
        }
        // Setting everything explicitly.
        check("LATEST=100", "a=100", "a=100");
        check("LATEST=100", "a=50 b=50", "a=50 b=50");
        check("a=100", "LATEST=100", "LATEST=100");
        check("a=50 b=50", "a=0 b=100", "b=100");
        // The remainder goes to the other serving targets, in proportion.
        check("a=100", "b=10", "a=90 b=10");
        check("LATEST=100", "a=10", "a=10 LATEST=90");
        check("a=50 b=50", "c=20", "a=40 b=40 c=20");
        check("a=80 b=20", "c=50", "a=40 b=10 c=50");
        // gcloud's rounding: truncate, then +1 by largest remainder...
        check("a=1 b=2 c=97", "c=90", "a=3 b=7 c=90");
        check("a=50 b=25 c=25", "a=1", "a=1 b=50 c=49");
        // ... then by smaller share, then by key.
        check("a=50 b=50", "c=1", "a=50 b=49 c=1");
        check("a=75 b=25", "c=98", "a=1 b=1 c=98");
        check("a=34 b=33 c=33", "d=1", "a=33 b=33 c=33 d=1");
        check("a=33 b=33 c=34", "d=1", "a=33 b=33 c=33 d=1");
        // A target scaled to 0 by truncation stays as an explicit 0 (as gcloud).
        check("a=1 b=99", "c=99", "a=0 b=1 c=99");
        check("a=1 b=99", "b=99.5", "a=0.5 b=99.5");
        // Hundredths: rounding in 0.01% steps once any decimal is involved.
        check("a=100", "b=0.1", "a=99.9 b=0.1");
        check("a=99.9 b=0.1", "b=1", "a=99 b=1");
        check("a=1 b=2 c=97", "c=90.5", "a=3.17 b=6.33 c=90.5");
        check(
            "a=33.33 b=33.33 c=33.34",
            "d=0.01",
            "a=33.33 b=33.33 c=33.33 d=0.01",
        );
        check("a=50 b=50", "a=33.33", "a=33.33 b=66.67");
        // Tags are kept as separate entries after the percent entries.
        check("a=90 b=10 a@good b@next", "b=50", "a=50 b=50 a@good b@next");
        check("LATEST=100 a@good", "a=10", "a=10 LATEST=90 a@good");
        check("a=100@good", "b=100", "b=100 a@good");
        // Duplicate entries for one revision are merged.
        check("a=50 a=25 b=25", "b=50", "a=50 b=50");
        // Errors.
        check("a=50 b=40", "a=10", "error: the service's current traffic adds up to 90%, not 100%; set every serving revision's percent explicitly so they sum to 100");
        check("a=100", "b=60 c=50", "error: the new traffic percents add up to 110%, over 100%; lower them so they sum to at most 100");
        check("a=50 b=50", "a=30 b=30", "error: every revision serving traffic was given a new percent, but they add up to 60%; make them sum to 100");
        check("a=100", "a=50", "error: every revision serving traffic was given a new percent, but they add up to 50%; make them sum to 100");
    }

    #[test]
    fn zero_latest_cases() {
        fn check(current: &str, ready: Option<&str>, expected: &str) {
            let got = match zero_latest(&targets(current), ready) {
                Ok(t) => show(&t),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "current {current:?}");
        }
        check("LATEST=100", Some("s-00004-iwf"), "s-00004-iwf=100");
        check(
            "LATEST=100 s-00001-haq@good s-00005-peb@next",
            Some("s-00004-iwf"),
            "s-00004-iwf=100 s-00001-haq@good s-00005-peb@next",
        );
        check("a=50 LATEST=50", Some("a"), "a=100");
        check("a=50 LATEST=50", Some("b"), "a=50 b=50");
        check("a=100 b@t", Some("b"), "a=100 b@t");
        check("LATEST=100", None, "error: the service has no ready revision to keep serving its traffic; deploy without --no-traffic");
    }

    #[test]
    fn update_tags_cases() {
        fn check(current: &str, update: &str, remove: &str, clear: bool, expected: &str) {
            let update: BTreeMap<String, Key> = update
                .split_whitespace()
                .map(|kv| {
                    let (t, r) = kv.split_once('=').unwrap();
                    (t.to_string(), Key::parse(r))
                })
                .collect();
            let remove: BTreeSet<String> = remove.split_whitespace().map(str::to_string).collect();
            let got = show(&update_tags(&targets(current), &update, &remove, clear));
            assert_eq!(got, expected, "current {current:?}");
        }
        check(
            "",
            "next=s-00001-abc",
            "",
            false,
            "LATEST=100 s-00001-abc@next",
        );
        check(
            "LATEST=100 a@good",
            "next=b",
            "",
            false,
            "LATEST=100 a@good b@next",
        );
        check(
            "LATEST=100 a@good",
            "good=b",
            "",
            false,
            "LATEST=100 b@good",
        );
        check(
            "LATEST=100 a@good b@next",
            "",
            "good",
            false,
            "LATEST=100 b@next",
        );
        check("LATEST=100 a@good b@next", "", "", true, "LATEST=100");
        check(
            "LATEST=100 a@good b@next",
            "z=c y=LATEST",
            "",
            true,
            "LATEST=100 LATEST@y c@z",
        );
        check("a=100@good", "", "good", false, "a=100");
        check("a=0@good", "", "good", false, "");
    }

    #[test]
    fn traffic_changes_cases() {
        fn check(current: &str, changes: TrafficChanges, expected: &str) {
            let got = match changes.apply(&targets(current), "jokes") {
                Ok(t) => show(&t),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "current {current:?}");
        }
        let pct = |s: &str| -> BTreeMap<String, Percent> {
            percents(s)
                .into_iter()
                .map(|(k, p)| (k.to_string(), p))
                .collect()
        };
        // The reference example: --to-tags next=10 with LATEST=100 already pinned by --no-traffic.
        let to_tags = TrafficChanges {
            percentages: pct("next=10"),
            by_tag: true,
            ..Default::default()
        };
        check(
            "jokes-00004-iwf=100 jokes-00001-haq@good jokes-00005-peb@next",
            to_tags.clone(),
            "jokes-00004-iwf=90 jokes-00005-peb=10 jokes-00001-haq@good jokes-00005-peb@next",
        );
        check("a=100", to_tags, "error: there is no revision tagged [next] in the traffic of service [jokes]; tag one with --update-tags next=REVISION");
        let to_latest = TrafficChanges {
            percentages: pct("LATEST=100"),
            ..Default::default()
        };
        check("a=90 b=10 b@next", to_latest, "LATEST=100 b@next");
        // Tags are applied before percents, so a new tag can be used right away.
        let both = TrafficChanges {
            percentages: pct("canary=5"),
            by_tag: true,
            tags_to_update: [("canary".to_string(), Key::parse("b"))].into(),
            ..Default::default()
        };
        check("a=100", both, "a=95 b=5 b@canary");
        let clear = TrafficChanges {
            clear_other_tags: true,
            ..Default::default()
        };
        check("a=100 a@x b@y", clear, "a=100");
    }

    #[test]
    fn percent_parse_cases() {
        fn check(text: &str, expected: &str) {
            let got = match Percent::parse(text) {
                Ok(p) => format!("{} bp, json {}", p.basis_points(), p.to_json()),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{text:?}");
        }
        check("10", "1000 bp, json 10");
        check("0", "0 bp, json 0");
        check("100", "10000 bp, json 100");
        check("0.1", "10 bp, json 0.1");
        check("12.34", "1234 bp, json 12.34");
        check("99.99", "9999 bp, json 99.99");
        check("100.00", "10000 bp, json 100");
        check(
            "100.01",
            "error: 100.01 is more than 100; use a number from 0 to 100",
        );
        check(
            "0.001",
            "error: 0.001 has more than two decimals; percents go in steps of 0.01",
        );
        check(
            "-1",
            "error: \"-1\" is not a percent; use a number from 0 to 100",
        );
        check(
            "ten",
            "error: \"ten\" is not a percent; use a number from 0 to 100",
        );
        check(
            "1.",
            "error: \"1.\" is not a percent; use a number from 0 to 100",
        );
        check(
            ".5",
            "error: \".5\" is not a percent; use a number from 0 to 100",
        );
        check(
            "",
            "error: \"\" is not a percent; use a number from 0 to 100",
        );
    }

    #[test]
    fn target_json_cases() {
        fn check(input: Value, expected: &str) {
            let got = match Target::from_json(&input) {
                Ok(t) => t.to_json().to_string(),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{input}");
        }
        check(
            json!({"latestRevision": true, "percent": 100}),
            r#"{"latestRevision":true,"percent":100}"#,
        );
        check(
            json!({"revisionName": "a", "percent": 10.0}),
            r#"{"percent":10,"revisionName":"a"}"#,
        );
        check(
            json!({"revisionName": "a", "percent": 0.1}),
            r#"{"percent":0.1,"revisionName":"a"}"#,
        );
        check(
            json!({"revisionName": "a", "tag": "t", "url": "http://x"}),
            r#"{"revisionName":"a","tag":"t"}"#,
        );
        check(
            json!({"revisionName": "a", "latestRevision": false, "tag": ""}),
            r#"{"revisionName":"a"}"#,
        );
        check(
            json!({"percent": 100}),
            r#"error: traffic target {"percent":100} names no revision"#,
        );
        check(
            json!({"revisionName": "a", "percent": 101}),
            "error: percent 101 is not between 0 and 100",
        );
    }

    #[test]
    fn render_traffic_cases() {
        fn check(spec: &str, status: &str, expected: &str) {
            let mut status = targets(status);
            for t in &mut status {
                if let Some(tag) = &t.tag {
                    t.url = Some(format!("http://{tag}---jokes.localhost:8080"));
                }
            }
            let got = render_traffic(
                "http://jokes.localhost:8080",
                &targets(spec),
                &status,
                Some("jokes-00002-xyz"),
            );
            assert_eq!(got, expected);
        }
        check(
            "jokes-00001-abc=90 jokes-00002-xyz=10 jokes-00002-xyz@next",
            "jokes-00001-abc=90 jokes-00002-xyz=10 jokes-00002-xyz@next",
            "URL: http://jokes.localhost:8080\nTraffic:\n  90% jokes-00001-abc\n  10% jokes-00002-xyz\n        next: http://next---jokes.localhost:8080\n",
        );
        check(
            "LATEST=100 jokes-00001-abc@good",
            "LATEST=100 jokes-00001-abc@good",
            "URL: http://jokes.localhost:8080\nTraffic:\n  0%   jokes-00001-abc\n         good: http://good---jokes.localhost:8080\n  100% LATEST (currently jokes-00002-xyz)\n",
        );
        // Spec and status disagree while an update is in flight.
        check(
            "a=50 b=50 b@new",
            "a=100",
            "URL: http://jokes.localhost:8080\nTraffic:\n  50%  (currently 100%) a\n  50%  (currently -)    b\n                          new (Adding):\n",
        );
        check(
            "a=99.9 b=0.1",
            "a=99.9 b=0.1",
            "URL: http://jokes.localhost:8080\nTraffic:\n  99.9% a\n  0.1%  b\n",
        );
    }

    #[test]
    fn latest_percent_cases() {
        fn check(status: &str, ready: Option<&str>, expected: &str) {
            let mut status = targets(status);
            for t in &mut status {
                t.url = t.tag.as_ref().map(|tag| format!("http://{tag}"));
            }
            let got = format!(
                "{} {}",
                latest_percent(&status, ready),
                latest_url(&status, ready).unwrap_or("-")
            );
            assert_eq!(got, expected, "{status:?}");
        }
        check("LATEST=100", Some("b"), "100 -");
        check("a=90 b=10 b@next", Some("b"), "10 http://next");
        check("a=100 b@next", Some("b"), "0 http://next");
        check("a=100 b@next", None, "0 -");
        check("a=50 LATEST=50", Some("a"), "100 -");
    }
}
