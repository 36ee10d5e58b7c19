//! The alerting resources as plain Rust: monitored services, SLOs, alert policies,
//! notification channels and incidents. Serde derives exist only for the store's
//! persistence format; the Cloud Monitoring wire shapes live in the API crate.

use runlane_model::duration::human_secs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// A custom monitoring service (`projects/P/services/ID`). runlane's own services are
/// monitoring services too, without being stored: the API lists them from the controller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoredService {
    pub project: String,
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub user_labels: Labels,
}

impl MonitoredService {
    pub fn name(&self) -> String {
        format!("projects/{}/services/{}", self.project, self.id)
    }
}

/// How an SLO counts good and bad events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Sli {
    /// `requestBased.goodTotalRatio`: two of the three filters over a count metric.
    Ratio {
        good: Option<String>,
        bad: Option<String>,
        total: Option<String>,
    },
    /// `requestBased.distributionCut`: requests whose latency lies in [min, max] ms are good.
    DistributionCut {
        filter: String,
        min_ms: Option<f64>,
        max_ms: Option<f64>,
    },
    /// `basicSli.availability`: requests that did not answer 5xx are good.
    BasicAvailability,
    /// `basicSli.latency`: requests answered within the threshold are good.
    BasicLatency { threshold_ms: f64 },
    /// `windowsBased`: windows of `window_secs` are the events.
    Windows { window_secs: u64, rule: WindowSli },
    /// runlane's `prometheus` extension: events counted by a Prometheus server at `url`
    /// (`http://host:port`), two of three PromQL queries each giving the number of events
    /// over `{{.window}}`, e.g. `sum(increase(http_requests_total{code=~"5.."}[{{.window}}]))`.
    /// Lets SLOs watch services that run elsewhere.
    Prometheus {
        url: String,
        good: Option<String>,
        bad: Option<String>,
        total: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WindowSli {
    /// `goodTotalRatioThreshold`: a window is good when its performance is ≥ threshold.
    RatioThreshold {
        performance: Box<Sli>,
        threshold: f64,
    },
    /// `metricMeanInRange`: a window is good when the metric's mean lies in [min, max].
    MeanInRange { filter: String, min: f64, max: f64 },
    /// `metricSumInRange`: a window is good when the metric's sum lies in [min, max].
    SumInRange { filter: String, min: f64, max: f64 },
    /// `goodBadMetricFilter`: a boolean metric (an uptime check's `check_passed`); a
    /// window is good when any of its values is true.
    GoodBadMetric { filter: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodSpec {
    Rolling { secs: u64 },
    Calendar(CalendarUnit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalendarUnit {
    Day,
    Week,
    Fortnight,
    Month,
}

impl CalendarUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarUnit::Day => "DAY",
            CalendarUnit::Week => "WEEK",
            CalendarUnit::Fortnight => "FORTNIGHT",
            CalendarUnit::Month => "MONTH",
        }
    }
}

impl PeriodSpec {
    pub fn period(self) -> runlane_slo::period::Period {
        use runlane_slo::period::{Calendar, Period};
        match self {
            PeriodSpec::Rolling { secs } => Period::Rolling(std::time::Duration::from_secs(secs)),
            PeriodSpec::Calendar(c) => Period::Calendar(match c {
                CalendarUnit::Day => Calendar::Day,
                CalendarUnit::Week => Calendar::Week,
                CalendarUnit::Fortnight => Calendar::Fortnight,
                CalendarUnit::Month => Calendar::Month,
            }),
        }
    }

    /// `rolling 1h`, `calendar MONTH`: for people.
    pub fn describe(self) -> String {
        match self {
            PeriodSpec::Rolling { secs } => format!("rolling {}", human_secs(secs)),
            PeriodSpec::Calendar(c) => format!("calendar {}", c.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slo {
    pub project: String,
    pub service: String,
    pub id: String,
    pub display_name: String,
    pub sli: Sli,
    pub goal: f64,
    pub period: PeriodSpec,
    #[serde(default)]
    pub user_labels: Labels,
}

impl Slo {
    pub fn name(&self) -> String {
        slo_name(&self.project, &self.service, &self.id)
    }
}

pub fn slo_name(project: &str, service: &str, id: &str) -> String {
    format!("projects/{project}/services/{service}/serviceLevelObjectives/{id}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    Gt,
    Ge,
    Lt,
    Le,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Gt => "COMPARISON_GT",
            Comparison::Ge => "COMPARISON_GE",
            Comparison::Lt => "COMPARISON_LT",
            Comparison::Le => "COMPARISON_LE",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Gt => ">",
            Comparison::Ge => "≥",
            Comparison::Lt => "<",
            Comparison::Le => "≤",
        }
    }

    pub fn spec(self) -> runlane_slo::alert::Comparison {
        use runlane_slo::alert::Comparison as C;
        match self {
            Comparison::Gt => C::Gt,
            Comparison::Ge => C::Ge,
            Comparison::Lt => C::Lt,
            Comparison::Le => C::Le,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub id: String,
    pub display_name: String,
    /// The time-series selector, e.g. `select_slo_burn_rate("projects/…", "300s")`.
    pub filter: String,
    pub comparison: Comparison,
    pub threshold: f64,
    pub duration_secs: u64,
    /// `conditionThreshold.trigger`; None is Google's default, one series.
    #[serde(default)]
    pub trigger: Option<Trigger>,
    /// How a condition on a metric (`filter` is `metric.type="…" …`, not an SLO
    /// selector) aligns and reduces its time series: `aggregations[0]`.
    #[serde(default)]
    pub aggregation: Option<Aggregation>,
    /// `conditionAbsent`: met when the metric's filter selects no data for `duration`.
    #[serde(default)]
    pub absent: bool,
}

/// Cloud Monitoring's `Aggregation`, by its enum names (`ALIGN_RATE`, `REDUCE_SUM`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregation {
    pub alignment_secs: u64,
    pub aligner: Option<String>,
    pub reducer: Option<String>,
    pub group_by: Vec<String>,
}

/// The window a metric condition reads when it names no alignment period.
pub const DEFAULT_ALIGNMENT_SECS: u64 = 60;

impl Condition {
    /// True when the condition watches a metric rather than an SLO.
    pub fn is_metric(&self) -> bool {
        runlane_slo::selector::parse(&self.filter).is_err()
    }
}

/// How many of a condition's time series must violate for it to be met.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// At least this many series (1 or more).
    Count(u32),
    /// At least this percentage of the series, in (0, 100].
    Percent(f64),
}

impl Trigger {
    /// The number of violating series among `series` that meets the condition (for a
    /// percentage, rounded up, and at least one: 50 % of 1 series is that series).
    pub fn series_needed(trigger: Option<Trigger>, series: usize) -> usize {
        match trigger {
            None => 1,
            Some(Trigger::Count(n)) => n as usize,
            Some(Trigger::Percent(p)) => ((p / 100.0 * series as f64).ceil() as usize).max(1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Combiner {
    And,
    Or,
    /// Cloud Monitoring's AND_WITH_MATCHING_RESOURCE: runlane's conditions each name
    /// one SLO, so it means AND.
    AndWithMatchingResource,
}

impl Combiner {
    pub fn as_str(self) -> &'static str {
        match self {
            Combiner::And => "AND",
            Combiner::Or => "OR",
            Combiner::AndWithMatchingResource => "AND_WITH_MATCHING_RESOURCE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Documentation {
    pub content: String,
    pub mime_type: String,
}

/// `userLabels` that runlane reads on a policy (label values cannot hold dots, so
/// durations are written like `90s` and counts as digits).
pub const LABEL_MIN_REQUESTS: &str = "runlane_min_requests";
pub const LABEL_RESOLVE_AFTER: &str = "runlane_resolve_after";
pub const LABEL_SEVERITY: &str = "severity";
/// Policies with the same group inhibit each other by tier: while a policy of a lower
/// tier number has an open incident, a higher tier's incidents are not notified.
pub const LABEL_INHIBIT_GROUP: &str = "runlane_inhibit_group";
pub const LABEL_TIER: &str = "runlane_tier";

pub const DEFAULT_MIN_REQUESTS: u64 = 10;
pub const DEFAULT_RESOLVE_AFTER_SECS: u64 = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub project: String,
    pub id: String,
    pub display_name: String,
    pub conditions: Vec<Condition>,
    pub combiner: Combiner,
    pub enabled: bool,
    /// Channel resource names.
    pub channels: Vec<String>,
    pub documentation: Option<Documentation>,
    pub auto_close_secs: Option<u64>,
    #[serde(default)]
    pub user_labels: Labels,
    /// Cloud Monitoring's `severity` (CRITICAL, ERROR, WARNING), if set.
    pub severity: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Policy {
    pub fn name(&self) -> String {
        format!("projects/{}/alertPolicies/{}", self.project, self.id)
    }

    pub fn condition_name(&self, c: &Condition) -> String {
        format!("{}/conditions/{}", self.name(), c.id)
    }

    /// The least requests a burn-rate window needs to have data (the 3 a.m. guard).
    pub fn min_requests(&self) -> u64 {
        self.user_labels
            .get(LABEL_MIN_REQUESTS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_MIN_REQUESTS)
    }

    /// How long the conditions must be clear before an open incident resolves.
    pub fn resolve_after_secs(&self) -> u64 {
        self.user_labels
            .get(LABEL_RESOLVE_AFTER)
            .and_then(|v| runlane_model::duration::parse_human(v).ok())
            .map_or(DEFAULT_RESOLVE_AFTER_SECS, |d| d.as_secs())
    }

    /// `page`, `ticket`, or Cloud Monitoring's severity, lowercased.
    pub fn severity_label(&self) -> Option<String> {
        self.user_labels
            .get(LABEL_SEVERITY)
            .cloned()
            .or_else(|| self.severity.as_ref().map(|s| s.to_ascii_lowercase()))
    }

    /// (inhibit group, tier) when the policy takes part in inhibition.
    pub fn inhibition(&self) -> Option<(&str, u32)> {
        let group = self.user_labels.get(LABEL_INHIBIT_GROUP)?;
        let tier = self.user_labels.get(LABEL_TIER)?.parse().ok()?;
        Some((group, tier))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    pub project: String,
    pub id: String,
    /// `email`, `webhook_tokenauth`, `slack`.
    pub kind: String,
    pub display_name: String,
    pub description: String,
    pub labels: Labels,
    #[serde(default)]
    pub user_labels: Labels,
    pub enabled: bool,
    pub created_ms: i64,
}

impl Channel {
    pub fn name(&self) -> String {
        format!("projects/{}/notificationChannels/{}", self.project, self.id)
    }

    /// Where it delivers, for people: an address or a URL without its query (which may hold a token).
    pub fn target(&self) -> String {
        match self.kind.as_str() {
            "email" => self
                .labels
                .get("email_address")
                .cloned()
                .unwrap_or_default(),
            _ => {
                let url = self.labels.get("url").cloned().unwrap_or_default();
                url.split('?').next().unwrap_or_default().to_owned()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IncidentState {
    /// The policy's conditions are met (or were, and have not been clear long enough).
    Open,
    /// The conditions have been clear for the policy's resolve time.
    Resolved,
    /// Closed by a person, or by `autoClose` after the conditions had no data.
    Closed,
}

impl IncidentState {
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentState::Open => "OPEN",
            IncidentState::Resolved => "RESOLVED",
            IncidentState::Closed => "CLOSED",
        }
    }
}

/// One condition's value when the incident opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    pub condition: String,
    pub display_name: String,
    pub filter: String,
    pub value: Option<f64>,
    pub comparison: Comparison,
    pub threshold: f64,
    /// The burn-rate lookback in seconds, for burn-rate conditions.
    pub lookback_secs: Option<u64>,
}

/// One revision's events in the breakdown window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionBad {
    pub revision: String,
    pub bad: u64,
    pub total: u64,
    pub share_of_bad: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at_ms: i64,
    /// `opened`, `notified`, `notification_failed`, `inhibited`, `peak`, `acknowledged`,
    /// `resolved`, `closed`, `auto_closed`.
    pub kind: String,
    pub message: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ack {
    pub by: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: u64,
    pub project: String,
    pub policy: String,
    pub policy_display_name: String,
    /// Which condition group of the policy (0 for AND policies; the condition's index for OR).
    #[serde(default)]
    pub group: usize,
    /// The conditions this incident is about (all of an AND policy, one of an OR policy).
    pub conditions: Vec<String>,
    /// The monitoring service and SLO of the first condition.
    pub service: String,
    pub slo: String,
    pub slo_display_name: String,
    pub severity: Option<String>,
    pub state: IncidentState,
    pub opened_ms: i64,
    /// End of the last second of data the opening evaluation read: when the condition
    /// became true as far as the data can tell.
    pub condition_met_ms: i64,
    pub resolved_ms: Option<i64>,
    pub closed_ms: Option<i64>,
    pub acknowledged: Option<Ack>,
    pub observed: Vec<Observed>,
    pub burn_rate_at_open: Option<f64>,
    pub peak_burn_rate: Option<f64>,
    pub peak_ms: Option<i64>,
    /// SLI and budget remaining over the SLO's period at open.
    pub sli: Option<f64>,
    pub budget_remaining: Option<f64>,
    pub goal: f64,
    /// Bad events per revision over `breakdown_window_secs` before the last update.
    pub breakdown: Vec<RevisionBad>,
    pub breakdown_window_secs: u64,
    /// The open incident of a higher tier that kept this one from notifying.
    pub inhibited_by: Option<u64>,
    pub timeline: Vec<Event>,
    /// What the resolve saw: the burn rate over the condition's lookback and the SLI
    /// over the period, so its notice says what changed rather than "within the SLO".
    #[serde(default)]
    pub resolved_figures: Option<ResolvedFigures>,
    /// The uptime checks a metric condition on `uptime_check/*` selects that were
    /// failing when it opened: (check display name and name, its last error).
    #[serde(default)]
    pub failing_checks: Vec<(String, String)>,
}

/// The figures of an incident's resolve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedFigures {
    pub burn_rate: Option<f64>,
    pub lookback_secs: Option<u64>,
    pub sli: Option<f64>,
}

impl Incident {
    pub fn top_revision(&self) -> Option<&RevisionBad> {
        self.breakdown.first().filter(|r| r.bad > 0)
    }

    pub fn is_open(&self) -> bool {
        self.state == IncidentState::Open
    }
}
