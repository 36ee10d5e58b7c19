//! One evaluation of every enabled policy ([`Alerting::tick`]) and the loop that runs
//! it every `eval_interval`.
//!
//! A tick reads telemetry up to the last second it has written (`data end`), computes
//! each condition's value (burn rate over its lookback, budget fraction or SLI over the
//! SLO period; None without data or under the policy's minimum requests), feeds the
//! policy's state machine, and turns transitions into incidents and queued
//! notifications, in one transaction each. An AND policy is one machine; an OR policy
//! has one machine per condition, so each condition opens its own incident.
//!
//! With a 1 s interval, ticks start 60 ms after each wall-clock second, just after
//! telemetry commits the second that ended; when that second is not written yet, the
//! tick is repeated 50 ms later (at most 10 times), so detection waits on no timer.

use crate::counts::{Compiled, Measured};
use crate::model::{Event, Incident, IncidentState, Observed, Policy, RevisionBad, Slo};
use crate::store::Outgoing;
use crate::{lock, Alerting, AlertingError, State};
use runlane_slo::alert::{Combiner, ConditionSpec, PolicySpec, Transition};
use runlane_slo::budget::{self, Goal};
use runlane_slo::selector::{self, Selector};
use runlane_slo::sli;
use runlane_telemetry::Range;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::watch;

/// Seconds of data a late tick evaluates at most to catch up.
pub const CATCH_UP: i64 = 5;

/// What one tick did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TickReport {
    /// The data end it evaluated at (unix seconds).
    pub end: i64,
    pub opened: Vec<u64>,
    pub resolved: Vec<u64>,
    pub closed: Vec<u64>,
    pub errors: Vec<String>,
}

pub(crate) async fn run(a: Alerting, mut stop: watch::Receiver<bool>) {
    let interval = (a.config().eval_interval.as_millis() as i64).max(10);
    let phase = 60.min(interval / 2);
    loop {
        let now = a.now_ms();
        let wait = interval - (now - phase).rem_euclid(interval);
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
            _ = stop.changed() => return,
        }
        for _ in 0..10 {
            let want = a.now_ms().div_euclid(1000);
            let this = a.clone();
            let report = match tokio::task::spawn_blocking(move || this.tick()).await {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!(error = %e, "alert evaluation panicked");
                    break;
                }
            };
            for e in &report.errors {
                tracing::warn!(error = %e, "alert evaluation");
            }
            if report.end >= want || interval < 1000 {
                break;
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(50)) => {}
                _ = stop.changed() => return,
            }
        }
    }
}

/// One condition's value and the counts behind it.
#[derive(Clone)]
struct Value {
    value: Option<f64>,
    measured: Option<Measured>,
    lookback_secs: Option<u64>,
    /// A metric condition's alignment period: the window of its per-revision breakdown.
    window_secs: Option<u64>,
}

/// A policy's condition group, evaluated.
struct GroupEval {
    policy: Policy,
    group: usize,
    conditions: Vec<usize>,
    values: Vec<Value>,
}

struct Cache<'a> {
    alerting: &'a Alerting,
    slos: &'a HashMap<String, Slo>,
    /// Names of custom monitoring services (the others are runlane services).
    custom: std::collections::HashSet<String>,
    compiled: HashMap<String, Result<Compiled, String>>,
    measured: HashMap<(String, i64), Result<Measured, String>>,
    end: i64,
}

impl Cache<'_> {
    /// Never locks the state (callers may hold it): custom services come from the snapshot.
    fn compiled(&mut self, slo: &Slo) -> Result<Compiled, String> {
        let custom = self.custom.contains(&format!(
            "projects/{}/services/{}",
            slo.project, slo.service
        ));
        self.compiled
            .entry(slo.name())
            .or_insert_with(|| {
                crate::counts::compile(slo, (!custom).then_some(slo.service.as_str()))
                    .map_err(|(f, m)| format!("{f}: {m}"))
            })
            .clone()
    }

    fn measure(&mut self, slo: &Slo, range: Range) -> Result<Measured, String> {
        let key = (slo.name(), range.start);
        if let Some(m) = self.measured.get(&key) {
            return m.clone();
        }
        let compiled = self.compiled(slo);
        let m = compiled.and_then(|c| {
            self.alerting
                .measure(&c, range, self.end)
                .map_err(|e| e.to_string())
        });
        self.measured.insert(key, m.clone());
        m
    }

    fn period_range(&self, slo: &Slo) -> Range {
        let r = slo
            .period
            .period()
            .range(Duration::from_secs(self.end.max(0) as u64));
        Range::new(r.start.as_secs() as i64, self.end)
    }

    /// A metric condition's value at the data end, with the per-revision requests its
    /// filter selects when it counts requests (so an incident names the revision).
    fn metric_value(&mut self, c: &crate::model::Condition, project: &str) -> Result<Value, String> {
        let mc = crate::metric::MetricCondition::compile(c, project).map_err(|(f, m)| format!("{f}: {m}"))?;
        let series = self.alerting.metric_series(&mc.query(self.end), self.end).map_err(|e| e.to_string())?;
        let measured = if mc.filter.metric() == runlane_telemetry::query::MetricType::RequestCount && !mc.absent {
            let range = Range::last(mc.window, self.end);
            Some(self.alerting.metric_counts(&mc.filter, project, range, self.end).map_err(|e| e.to_string())?)
        } else {
            None
        };
        Ok(Value {
            value: mc.value(&series),
            measured,
            lookback_secs: None,
            window_secs: Some(mc.window as u64),
        })
    }

    fn value(&mut self, c: &crate::model::Condition, project: &str, min_requests: u64) -> Result<Value, String> {
        if c.is_metric() {
            return self.metric_value(c, project);
        }
        let filter = c.filter.as_str();
        let sel = selector::parse(filter)?;
        let slo = self
            .slos
            .get(sel.slo())
            .cloned()
            .ok_or_else(|| format!("the SLO {} no longer exists", sel.slo()))?;
        let goal = Goal::new(slo.goal)?;
        Ok(match sel {
            Selector::BurnRate { lookback, .. } => {
                let secs = lookback.as_secs_f64().ceil().max(1.0) as u64;
                let m = self.measure(&slo, Range::last(secs as i64, self.end))?;
                Value {
                    value: burn_rate(&m, goal, min_requests),
                    measured: Some(m),
                    lookback_secs: Some(secs),
                    window_secs: None,
                }
            }
            Selector::BudgetFraction { .. } => {
                let m = self.measure(&slo, self.period_range(&slo))?;
                Value {
                    value: budget::budget_remaining(m.counts, goal),
                    measured: Some(m),
                    lookback_secs: None,
                    window_secs: None,
                }
            }
            Selector::Health { .. } => {
                let m = self.measure(&slo, self.period_range(&slo))?;
                Value {
                    value: m.counts.sli(),
                    measured: Some(m),
                    lookback_secs: None,
                    window_secs: None,
                }
            }
        })
    }
}

fn spec(p: &Policy, conditions: &[usize]) -> PolicySpec {
    PolicySpec {
        conditions: conditions
            .iter()
            .map(|&i| {
                let c = &p.conditions[i];
                if c.is_metric() {
                    // The trigger is applied over the metric's series in its value
                    // (`metric::condition_value`); absence compares "fewer than 1 series".
                    let (comparison, threshold) = if c.absent {
                        (crate::model::Comparison::Lt, 1.0)
                    } else {
                        (c.comparison, c.threshold)
                    };
                    return ConditionSpec {
                        comparison: comparison.spec(),
                        threshold,
                        duration: Duration::from_secs(c.duration_secs),
                        series_needed: 1,
                    };
                }
                ConditionSpec {
                    comparison: c.comparison.spec(),
                    threshold: c.threshold,
                    duration: Duration::from_secs(c.duration_secs),
                    // Every selector runlane serves (select_slo_*) is one time series.
                    series_needed: crate::model::Trigger::series_needed(c.trigger, 1),
                }
            })
            .collect(),
        combiner: Combiner::And,
        resolve_after: Duration::from_secs(p.resolve_after_secs()),
        auto_close: p.auto_close_secs.map(Duration::from_secs),
        resolve_margin: runlane_slo::alert::DEFAULT_RESOLVE_MARGIN,
    }
}

fn groups(p: &Policy) -> Vec<Vec<usize>> {
    if p.combiner == crate::model::Combiner::Or {
        (0..p.conditions.len()).map(|i| vec![i]).collect()
    } else {
        vec![(0..p.conditions.len()).collect()]
    }
}

impl Alerting {
    /// Evaluates every enabled policy once, at the latest second telemetry has written.
    /// Blocking (it reads SQLite): the loop runs it on the blocking pool.
    ///
    /// Every second of data is evaluated once: seconds a late tick skipped (up to
    /// [`CATCH_UP`]) are evaluated in order first, and a tick with no new second does nothing.
    pub fn tick(&self) -> TickReport {
        let mut report = TickReport::default();
        let end = match self.data_end() {
            Ok(e) => e,
            Err(e) => {
                report.errors.push(e.to_string());
                return report;
            }
        };
        report.end = end;
        let last = self
            .inner
            .evaluated_until
            .load(std::sync::atomic::Ordering::SeqCst);
        let from = if last == 0 {
            end
        } else {
            (last + 1).max(end - CATCH_UP + 1)
        };
        for at in from..=end {
            let r = self.tick_at(at);
            report.opened.extend(r.opened);
            report.resolved.extend(r.resolved);
            report.closed.extend(r.closed);
            report.errors.extend(r.errors);
        }
        self.inner
            .evaluated_until
            .fetch_max(end, std::sync::atomic::Ordering::SeqCst);
        report
    }

    /// Evaluates every enabled policy at data end `end`.
    fn tick_at(&self, end: i64) -> TickReport {
        let mut report = TickReport {
            end,
            ..TickReport::default()
        };
        let (policies, slos, custom): (Vec<Policy>, HashMap<String, Slo>, _) = {
            let st = lock(&self.inner.state);
            (
                st.policies
                    .values()
                    .filter(|p| p.enabled)
                    .cloned()
                    .collect(),
                st.slos.clone().into_iter().collect(),
                st.services.keys().cloned().collect(),
            )
        };
        let mut cache = Cache {
            alerting: self,
            slos: &slos,
            custom,
            compiled: HashMap::new(),
            measured: HashMap::new(),
            end,
        };
        let mut evals = Vec::new();
        for p in policies {
            let min_requests = p.min_requests();
            let values: Vec<Value> = p
                .conditions
                .iter()
                .map(|c| match cache.value(c, &p.project, min_requests) {
                    Ok(v) => v,
                    Err(e) => {
                        report.errors.push(format!("{}: {e}", p.condition_name(c)));
                        Value {
                            value: None,
                            measured: None,
                            lookback_secs: None,
                            window_secs: None,
                        }
                    }
                })
                .collect();
            for (group, conditions) in groups(&p).into_iter().enumerate() {
                let values = conditions.iter().map(|&i| values[i].clone()).collect();
                evals.push(GroupEval {
                    policy: p.clone(),
                    group,
                    conditions,
                    values,
                });
            }
        }
        // Higher tiers (lower numbers) first, so they inhibit lower ones opening at the same time.
        evals.sort_by_key(|g| g.policy.inhibition().map_or(0, |(_, t)| t));
        // An opening or resolving incident records its SLO's whole period: measured here,
        // before the state lock, so a slow Prometheus or a long read never holds up the API.
        let opening: Vec<Slo> = {
            let st = lock(&self.inner.state);
            evals
                .iter()
                .filter(|g| matches!(would_transition(&st, g, end), Some(Transition::Opened | Transition::Resolved)))
                .filter_map(|g| {
                    let first = &g.policy.conditions[g.conditions[0]];
                    slos.get(&crate::selector_slo(&first.filter)?).cloned()
                })
                .collect()
        };
        for slo in opening {
            let range = cache.period_range(&slo);
            let _ = cache.measure(&slo, range);
        }
        let now = self.now_ms();
        let mut queued = false;
        let mut st = lock(&self.inner.state);
        for g in evals {
            match self.apply(&mut st, &mut cache, &g, end, now) {
                Ok((transition, id, q)) => {
                    queued |= q;
                    match (transition, id) {
                        (Some(Transition::Opened), Some(id)) => report.opened.push(id),
                        (Some(Transition::Resolved), Some(id)) => report.resolved.push(id),
                        (Some(Transition::AutoClosed), Some(id)) => report.closed.push(id),
                        _ => {}
                    }
                }
                Err(e) => report.errors.push(format!("{}: {e}", g.policy.name())),
            }
        }
        match self.release_inhibited(&mut st, now) {
            Ok(q) => queued |= q,
            Err(e) => report.errors.push(e.to_string()),
        }
        drop(st);
        if queued {
            self.inner.wake.notify_one();
        }
        report
    }

    /// Feeds one group's values to its machine and records what changed.
    fn apply(
        &self,
        st: &mut State,
        cache: &mut Cache<'_>,
        g: &GroupEval,
        end: i64,
        now: i64,
    ) -> Result<(Option<Transition>, Option<u64>, bool), AlertingError> {
        let key = (g.policy.name(), g.group);
        let spec = spec(&g.policy, &g.conditions);
        let values: Vec<Option<f64>> = g.values.iter().map(|v| v.value).collect();
        let at = Duration::from_secs(end.max(0) as u64);
        // The machine moves on a copy, committed only once what the transition means is on
        // disk: an incident that could not be saved (a full disk) opens at the next tick
        // instead of never.
        let current = st.machines.get(&key).and_then(|m| m.incident);
        let mut next = st
            .machines
            .get(&key)
            .map(|m| m.state.clone())
            .unwrap_or_default();
        let transition = next.observe(&spec, at, &values);
        let firing = next.firing(&spec, at);
        let commit = |st: &mut State, incident: Option<u64>| {
            let m = st.machines.entry(key.clone()).or_default();
            m.state = next.clone();
            m.firing = firing;
            m.incident = incident;
        };
        match (&transition, current) {
            (Some(Transition::Opened), _) => {
                let (incident, queue) = self.open_incident(st, cache, g, end, now)?;
                let id = incident.id;
                let queued = self.save(st, incident, queue)?;
                commit(st, Some(id));
                Ok((transition, Some(id), queued))
            }
            (Some(t @ (Transition::Resolved | Transition::AutoClosed)), Some(id)) => {
                let Some(mut i) = st.incidents.get(&id).cloned() else {
                    commit(st, None);
                    return Ok((transition, None, false));
                };
                if !i.is_open() {
                    commit(st, None);
                    return Ok((transition, Some(id), false));
                }
                let auto = *t == Transition::AutoClosed;
                let (kind, message) = if auto {
                    i.state = IncidentState::Closed;
                    i.closed_ms = Some(now);
                    (
                        "auto_closed",
                        format!(
                            "closed: the conditions had no data for {}",
                            runlane_model::duration::human_secs(g.policy.auto_close_secs.unwrap_or(0))
                        ),
                    )
                } else {
                    i.state = IncidentState::Resolved;
                    i.resolved_ms = Some(now);
                    let figures = resolved_figures(g, cache, &i);
                    let message = format!(
                        "resolved: the conditions have been clear for {}{}",
                        runlane_model::duration::human_secs(g.policy.resolve_after_secs()),
                        crate::message::resolved_text(&figures, i.goal, &i.observed)
                    );
                    i.resolved_figures = Some(figures);
                    ("resolved", message)
                };
                i.timeline.push(event(now, kind, message));
                let queue = if i.inhibited_by.is_none() {
                    self.queue(st, &mut i, if auto { "closed" } else { "resolved" }, now)
                } else {
                    Vec::new()
                };
                let queued = self.save(st, i, queue)?;
                commit(st, None);
                Ok((transition, Some(id), queued))
            }
            (None, Some(id)) => {
                commit(st, Some(id));
                // Still open: follow the peak burn rate and who is burning.
                let peak = g
                    .values
                    .iter()
                    .filter(|v| v.lookback_secs.is_some())
                    .filter_map(|v| v.value)
                    .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
                let Some(mut i) = st.incidents.get(&id).cloned() else {
                    return Ok((None, None, false));
                };
                if let Some(p) = peak
                    .filter(|p| i.is_open() && i.peak_burn_rate.is_none_or(|old| *p > old * 1.01))
                {
                    i.peak_burn_rate = Some(p);
                    i.peak_ms = Some(now);
                    if let Some((rows, secs)) = breakdown(g, cache) {
                        i.breakdown = rows;
                        i.breakdown_window_secs = secs;
                    }
                    self.save(st, i, Vec::new())?;
                }
                Ok((None, Some(id), false))
            }
            _ => {
                commit(st, current);
                Ok((transition, current, false))
            }
        }
    }

    fn open_incident(
        &self,
        st: &mut State,
        cache: &mut Cache<'_>,
        g: &GroupEval,
        end: i64,
        now: i64,
    ) -> Result<(Incident, Vec<Outgoing>), AlertingError> {
        let p = &g.policy;
        let id = st
            .store
            .next_incident_id()?
            .max(st.incidents.keys().next_back().map_or(1, |k| k + 1));
        let observed: Vec<Observed> = g
            .conditions
            .iter()
            .zip(&g.values)
            .map(|(&i, v)| {
                let c = &p.conditions[i];
                Observed {
                    condition: p.condition_name(c),
                    display_name: c.display_name.clone(),
                    filter: c.filter.clone(),
                    value: v.value,
                    comparison: c.comparison,
                    threshold: c.threshold,
                    lookback_secs: v.lookback_secs,
                }
            })
            .collect();
        let burn = observed
            .iter()
            .filter(|o| o.lookback_secs.is_some())
            .filter_map(|o| o.value)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        let first = &p.conditions[g.conditions[0]];
        let slo_name = crate::selector_slo(&first.filter).unwrap_or_default();
        let slo = cache.slos.get(&slo_name).cloned();
        let (mut sli_now, mut budget_left, mut goal) = (None, None, 0.0);
        if let Some(slo) = &slo {
            goal = slo.goal;
            if let (Ok(m), Ok(gl)) = (
                cache.measure(slo, cache.period_range(slo)),
                Goal::new(slo.goal),
            ) {
                sli_now = m.counts.sli();
                budget_left = budget::budget_remaining(m.counts, gl);
            }
        }
        let (rows, secs) = breakdown(g, cache).unwrap_or_default();
        let condition_text: Vec<String> = observed
            .iter()
            .map(|o| {
                format!(
                    "{} = {} {} {}",
                    o.display_name,
                    o.value.map_or("no data".into(), |v| format!("{v:.2}")),
                    o.comparison.symbol(),
                    o.threshold
                )
            })
            .collect();
        let mut incident = Incident {
            id,
            project: p.project.clone(),
            policy: p.name(),
            policy_display_name: p.display_name.clone(),
            group: g.group,
            conditions: observed.iter().map(|o| o.condition.clone()).collect(),
            service: slo.as_ref().map(|s| s.service.clone()).unwrap_or_else(|| metric_service(first, &p.project)),
            slo: slo_name,
            slo_display_name: slo
                .as_ref()
                .map(|s| s.display_name.clone())
                .unwrap_or_default(),
            severity: p.severity_label(),
            state: IncidentState::Open,
            opened_ms: now,
            condition_met_ms: end * 1000,
            resolved_ms: None,
            closed_ms: None,
            acknowledged: None,
            observed,
            burn_rate_at_open: burn,
            peak_burn_rate: burn,
            peak_ms: burn.map(|_| now),
            sli: sli_now,
            budget_remaining: budget_left,
            goal,
            breakdown: rows,
            breakdown_window_secs: secs,
            inhibited_by: None,
            timeline: Vec::new(),
            resolved_figures: None,
            failing_checks: failing_checks(self, st, p, &g.conditions, slo.as_ref()),
        };
        let top = incident
            .top_revision()
            .map(|r| {
                format!(
                    "; top revision {} ({} bad of {})",
                    r.revision, r.bad, r.total
                )
            })
            .unwrap_or_default();
        let checks: String = incident
            .failing_checks
            .iter()
            .map(|(check, error)| format!("; uptime check {check} failing: {error}"))
            .collect();
        incident.timeline.push(event(
            now,
            "opened",
            format!("opened: {}{top}{checks}", condition_text.join(" AND ")),
        ));
        if let Some((group, tier)) = p.inhibition() {
            let higher = st.incidents.values().filter(|i| i.is_open()).find(|i| {
                st.policies
                    .get(&i.policy)
                    .and_then(Policy::inhibition)
                    .is_some_and(|(g2, t2)| g2 == group && t2 < tier)
            });
            if let Some(h) = higher {
                incident.inhibited_by = Some(h.id);
                incident.timeline.push(event(
                    now,
                    "inhibited",
                    format!(
                        "not notified: incident {} of a higher tier ({}) is open",
                        h.id, h.policy_display_name
                    ),
                ));
            }
        }
        let queue = if incident.inhibited_by.is_none() {
            self.queue(st, &mut incident, "opened", now)
        } else {
            Vec::new()
        };
        Ok((incident, queue))
    }

    /// Notifications of `kind` for the incident's policy's channels.
    pub(crate) fn queue(
        &self,
        st: &State,
        i: &mut Incident,
        kind: &str,
        now: i64,
    ) -> Vec<Outgoing> {
        let channels = st
            .policies
            .get(&i.policy)
            .map(|p| p.channels.clone())
            .unwrap_or_default();
        let mut out = Vec::new();
        for ch in channels {
            match st.channels.get(&ch) {
                Some(c) if c.enabled => out.push(Outgoing {
                    id: 0,
                    incident: i.id,
                    channel: ch.clone(),
                    kind: kind.to_owned(),
                    attempts: 0,
                    next_attempt_ms: now,
                    last_error: None,
                    idempotency_key: format!(
                        "runlane-{}-incident-{}-{kind}-{}",
                        i.project, i.id, c.id
                    ),
                }),
                Some(_) => i.timeline.push(Event {
                    channel: Some(ch.clone()),
                    ..event(
                        now,
                        "notification_skipped",
                        format!("{kind} notification not sent: channel {ch} is disabled"),
                    )
                }),
                None => i.timeline.push(Event {
                    channel: Some(ch.clone()),
                    ..event(
                        now,
                        "notification_failed",
                        format!("{kind} notification not sent: channel {ch} no longer exists"),
                    )
                }),
            }
        }
        out
    }

    /// Writes an incident with its queued notifications; true when something was queued.
    pub(crate) fn save(
        &self,
        st: &mut State,
        i: Incident,
        mut queue: Vec<Outgoing>,
    ) -> Result<bool, AlertingError> {
        st.store.save_incident(&i, &mut queue)?;
        st.incidents.insert(i.id, i);
        let queued = !queue.is_empty();
        for o in queue {
            st.outbox.insert(o.id, o);
        }
        Ok(queued)
    }

    /// Open incidents whose inhibitor has ended are notified now.
    fn release_inhibited(&self, st: &mut State, now: i64) -> Result<bool, AlertingError> {
        let released: Vec<Incident> = st
            .incidents
            .values()
            .filter(|i| i.is_open())
            .filter(|i| {
                i.inhibited_by
                    .is_some_and(|h| st.incidents.get(&h).is_none_or(|h| !h.is_open()))
            })
            // Only while its own conditions still hold: one that is merely waiting to resolve stays quiet.
            .filter(|i| {
                st.machines
                    .get(&(i.policy.clone(), i.group))
                    .is_some_and(|m| m.firing)
            })
            .cloned()
            .collect();
        let mut queued = false;
        for mut i in released {
            let by = i.inhibited_by.take().unwrap_or_default();
            i.timeline.push(event(
                now,
                "uninhibited",
                format!("incident {by} of a higher tier ended; notifying"),
            ));
            let q = self.queue(st, &mut i, "opened", now);
            queued |= self.save(st, i, q)?;
        }
        Ok(queued)
    }
}

/// The burn rate and SLI a resolve sees (the period measured before the lock).
fn resolved_figures(g: &GroupEval, cache: &mut Cache<'_>, i: &Incident) -> crate::model::ResolvedFigures {
    let burn = g
        .values
        .iter()
        .filter(|v| v.lookback_secs.is_some())
        .filter_map(|v| v.value.map(|b| (b, v.lookback_secs)))
        .fold(None, |m: Option<(f64, Option<u64>)>, v| Some(m.map_or(v, |m| if v.0 > m.0 { v } else { m })));
    let sli = cache.slos.get(&i.slo).cloned().and_then(|slo| {
        let range = cache.period_range(&slo);
        cache.measure(&slo, range).ok().and_then(|m| m.counts.sli())
    });
    crate::model::ResolvedFigures { burn_rate: burn.map(|b| b.0), lookback_secs: burn.and_then(|b| b.1), sli }
}

/// The burn rate of `m`, or None with too little data: fewer than `min_requests`
/// requests. For a windows-based SLI the events are windows, and the minimum counts the
/// requests inside them (one 5-minute window of 50,000 requests is plenty of data).
fn burn_rate(m: &Measured, goal: Goal, min_requests: u64) -> Option<f64> {
    match m.requests {
        Some(requests) if requests < min_requests => None,
        Some(_) => budget::burn_rate(m.counts, goal, 1),
        None => budget::burn_rate(m.counts, goal, min_requests),
    }
}

/// What `g`'s machine would do at `end` (it is left as it is).
fn would_transition(st: &State, g: &GroupEval, end: i64) -> Option<Transition> {
    let spec = spec(&g.policy, &g.conditions);
    let values: Vec<Option<f64>> = g.values.iter().map(|v| v.value).collect();
    let mut state = st
        .machines
        .get(&(g.policy.name(), g.group))
        .map(|m| m.state.clone())
        .unwrap_or_default();
    state.observe(&spec, Duration::from_secs(end.max(0) as u64), &values)
}

/// Bad events per revision over the longest burn-rate lookback of the group (or the period).
fn breakdown(g: &GroupEval, cache: &mut Cache<'_>) -> Option<(Vec<RevisionBad>, u64)> {
    let (measured, secs) = g
        .values
        .iter()
        .filter_map(|v| Some((v.measured.as_ref()?, v.lookback_secs.or(v.window_secs))))
        .max_by_key(|(_, l)| l.unwrap_or(u64::MAX))?;
    let secs = secs.unwrap_or_else(|| {
        let slo = crate::selector_slo(&g.policy.conditions[g.conditions[0]].filter)
            .and_then(|n| cache.slos.get(&n).cloned());
        slo.map_or(0, |s| {
            let r = cache.period_range(&s);
            (r.end - r.start).max(0) as u64
        })
    });
    let rows = sli::breakdown(measured.by_revision.iter().map(|(r, c)| (r.as_str(), *c)))
        .into_iter()
        .map(|r| RevisionBad {
            revision: r.revision,
            bad: r.counts.bad,
            total: r.counts.total,
            share_of_bad: r.share_of_bad,
        })
        .collect();
    Some((rows, secs))
}

/// The uptime checks the policy's metric conditions (or the burning SLO's
/// `goodBadMetricFilter`) select whose last run failed, with that run's error, so an
/// incident says which check fails and why.
/// `st` is the state the caller holds locked (the checks are read from it, never locked again).
fn failing_checks(
    a: &crate::Alerting,
    st: &State,
    p: &crate::model::Policy,
    conditions: &[usize],
    slo: Option<&crate::model::Slo>,
) -> Vec<(String, String)> {
    let slo_filter = slo.and_then(|s| match &s.sli {
        crate::model::Sli::Windows {
            rule: crate::model::WindowSli::GoodBadMetric { filter },
            ..
        } => runlane_telemetry::query::SeriesFilter::parse(filter).ok(),
        _ => None,
    });
    let filters: Vec<_> = conditions
        .iter()
        .filter_map(|&i| crate::metric::MetricCondition::compile(&p.conditions[i], &p.project).ok())
        .map(|m| m.filter)
        .chain(slo_filter)
        .filter(|f| f.metric().is_uptime())
        .collect();
    if filters.is_empty() {
        return Vec::new();
    }
    st.uptime_checks
        .values()
        .filter(|c| c.project == p.project)
        .filter(|c| {
            let resource = runlane_telemetry::query::Resource {
                project: c.project.clone(),
                location: "global".into(),
                service: runlane_telemetry::interval::uptime_series(&c.project, &c.host),
                revision: c.id.clone(),
                uptime_host: Some(c.host.clone()),
            };
            filters.iter().any(|f| f.matches(&resource, &[("check_id", c.id.as_str())]))
        })
        .filter_map(|c| {
            let run = a.last_uptime_run(&c.name())?;
            let error = run.error?;
            Some((format!("{:?} ({})", c.display_name, c.name()), error))
        })
        .collect()
}

/// The service a metric condition's filter selects (`resource.labels.service_name="S"`),
/// or empty when it selects several.
fn metric_service(c: &crate::model::Condition, project: &str) -> String {
    crate::metric::MetricCondition::compile(c, project)
        .ok()
        .and_then(|m| m.filter.pinned_service().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn event(at_ms: i64, kind: &str, message: String) -> Event {
    Event {
        at_ms,
        kind: kind.to_owned(),
        message,
        channel: None,
        by: None,
    }
}
