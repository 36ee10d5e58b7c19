//! A rollout as a state machine: the driver asks `decide(now)` what to do, does it,
//! and reports back (`weight_set`, `record`, `webhooks_checked`, `rolled_back`); a
//! person's commands (`pause`, `resume`, `promote`, `abort`) are methods too. Every
//! change appends an event, so the stored rollout is its own history.
//!
//! Windows: analysis at a step starts at the second traffic moved and covers at least
//! `interval` whole seconds. A window is judged as soon as data arrives (a Fail acts at
//! once) but only a whole interval can Pass; a NoData interval extends the window into
//! the next one, so a slow trickle of requests adds up instead of being thrown away.

use crate::analysis::{analyse, Measurement, Outcome, Verdict};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// Unix milliseconds (wall clock, supplied by the caller).
pub type Millis = i64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Phase {
    /// Traffic is about to move to the plan's `weights()[step]`: the gate and the
    /// pre-step webhooks come first.
    Advancing { step: usize, approved: bool, checked: bool },
    /// The canary holds `weights()[step]` and is being analysed.
    Analysing { step: usize },
    /// A person paused it, or too many Inconclusive/NoData intervals did.
    Paused { step: usize, analysing: bool, reason: String },
    /// Traffic must go back to stable.
    RollingBack { reason: String, aborted: bool },
    RolledBack { reason: String },
    Aborted { reason: String },
    Promoted,
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Advancing { .. } => "Advancing",
            Phase::Analysing { .. } => "Analysing",
            Phase::Paused { .. } => "Paused",
            Phase::RollingBack { .. } => "RollingBack",
            Phase::RolledBack { .. } => "RolledBack",
            Phase::Aborted { .. } => "Aborted",
            Phase::Promoted => "Promoted",
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self, Phase::RolledBack { .. } | Phase::Aborted { .. } | Phase::Promoted)
    }
}

/// What the driver should do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Send `percent` of the split to the canary and the rest to stable, then `weight_set`.
    SetWeight { percent: u8 },
    /// Wait for a person's `promote` before moving to `percent`.
    AwaitApproval { percent: u8 },
    /// Call the webhooks before moving to `percent`, then `webhooks_checked`.
    CallWebhooks { percent: u8 },
    /// Measure canary and stable over `[from, now)` once telemetry has it, then `record`.
    Measure { from: i64 },
    /// Move all traffic to stable at once, then `rolled_back`.
    Rollback { reason: String },
}

/// One line of a rollout's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: Millis,
    /// `start`, `step`, `analysis`, `webhook`, `gate`, `pause`, `resume`, `promote`, `rollback`, `abort`, `done`.
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measurement: Option<Measurement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

/// A person's command that does not apply in the current phase.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollout {
    pub namespace: String,
    pub service: String,
    pub stable: String,
    pub canary: String,
    pub plan: Plan,
    pub phase: Phase,
    /// The canary's percent of the split as last applied.
    pub weight: u8,
    /// Start of the window being analysed (unix seconds).
    pub window_start: i64,
    /// The window may Pass once it reaches here (unix seconds).
    pub interval_end: i64,
    pub failures: u32,
    pub inconclusive_run: u32,
    pub no_data_run: u32,
    pub started_at: Millis,
    pub events: Vec<Event>,
}

// === impl Rollout ===

impl Rollout {
    pub fn new(namespace: &str, service: &str, stable: &str, canary: &str, plan: Plan, now: Millis, note: &str) -> Rollout {
        let mut r = Rollout {
            namespace: namespace.to_owned(),
            service: service.to_owned(),
            stable: stable.to_owned(),
            canary: canary.to_owned(),
            plan,
            phase: Phase::Advancing { step: 0, approved: false, checked: false },
            weight: 0,
            window_start: 0,
            interval_end: 0,
            failures: 0,
            inconclusive_run: 0,
            no_data_run: 0,
            started_at: now,
            events: Vec::new(),
        };
        let steps: Vec<String> = r.plan.weights().iter().map(|w| format!("{w}%")).collect();
        let mut message = format!("rollout of {} from {} through {} every {}s", r.canary, r.stable, steps.join(", "), r.plan.interval_secs);
        if !note.is_empty() {
            message.push_str(&format!(" ({note})"));
        }
        r.event(now, "start", message);
        r
    }

    /// The next thing to do, if any.
    pub fn decide(&self, _now: Millis) -> Option<Action> {
        let weights = self.plan.weights();
        match &self.phase {
            Phase::Advancing { step, approved, checked } => {
                let percent = weights[*step];
                if self.plan.gates.contains(&percent) && !approved {
                    Some(Action::AwaitApproval { percent })
                } else if !self.plan.webhooks.is_empty() && !checked {
                    Some(Action::CallWebhooks { percent })
                } else {
                    Some(Action::SetWeight { percent })
                }
            }
            Phase::Analysing { .. } => Some(Action::Measure { from: self.window_start }),
            Phase::RollingBack { reason, .. } => Some(Action::Rollback { reason: reason.clone() }),
            Phase::Paused { .. } | Phase::RolledBack { .. } | Phase::Aborted { .. } | Phase::Promoted => None,
        }
    }

    /// Traffic now gives the canary `percent`.
    pub fn weight_set(&mut self, percent: u8, now: Millis) {
        let Phase::Advancing { step, .. } = self.phase else { return };
        if self.plan.weights()[step] != percent {
            return;
        }
        self.weight = percent;
        if percent == 100 {
            self.phase = Phase::Promoted;
            self.event(now, "done", format!("{} promoted: it serves 100% of {}", self.canary, self.service));
            return;
        }
        self.phase = Phase::Analysing { step };
        self.start_window(now);
        self.event(now, "step", format!("{} gets {percent}%, {} {}%", self.canary, self.stable, 100 - percent));
    }

    /// An analysis of `[m.from, m.to)`; returns true when the rollout changed (store it).
    pub fn record(&mut self, m: Measurement, now: Millis) -> bool {
        let Phase::Analysing { step } = self.phase else { return false };
        if m.from != self.window_start || m.to <= m.from {
            return false;
        }
        let verdict = analyse(&m, &self.plan.limits);
        let whole = m.to >= self.interval_end;
        let limits = self.plan.limits.clone();
        match verdict.outcome {
            Outcome::Fail => {
                self.failures += 1;
                let summary = verdict.summary();
                self.analysis_event(now, m.clone(), verdict);
                self.window_start = m.to;
                self.interval_end = m.to + self.plan.interval_secs as i64;
                if self.failures >= limits.failure_limit {
                    self.phase = Phase::RollingBack { reason: format!("analysis failed at {}%: {summary}", self.weight), aborted: false };
                }
                true
            }
            _ if !whole => false,
            Outcome::Pass => {
                self.inconclusive_run = 0;
                self.no_data_run = 0;
                self.analysis_event(now, m, verdict);
                self.phase = Phase::Advancing { step: step + 1, approved: false, checked: false };
                true
            }
            Outcome::Inconclusive => {
                self.inconclusive_run += 1;
                self.analysis_event(now, m.clone(), verdict);
                self.window_start = m.to;
                self.interval_end = m.to + self.plan.interval_secs as i64;
                if self.inconclusive_run >= limits.inconclusive_limit {
                    self.pause_for(now, step, format!("{} Inconclusive analyses in a row; promote or abort", self.inconclusive_run));
                }
                true
            }
            Outcome::NoData => {
                self.no_data_run += 1;
                // The window keeps growing, so this measurement covers the previous NoData
                // one: replace it rather than grow the history every idle interval.
                if self.no_data_run > 1 && self.events.last().is_some_and(|e| e.verdict.as_ref().is_some_and(|v| v.outcome == Outcome::NoData)) {
                    self.events.pop();
                }
                self.analysis_event(now, m.clone(), verdict);
                if self.no_data_run > 1 {
                    if let Some(e) = self.events.last_mut() {
                        e.message = format!("{} ({} NoData intervals in a row)", e.message, self.no_data_run);
                    }
                }
                // Keep the window: its requests count towards the next interval.
                self.interval_end = m.to + self.plan.interval_secs as i64;
                if limits.no_data_limit > 0 && self.no_data_run >= limits.no_data_limit {
                    self.pause_for(now, step, format!("{} NoData intervals in a row; send traffic, then resume, or abort", self.no_data_run));
                }
                true
            }
        }
    }

    /// The pre-step webhooks answered (all 2xx) or one did not.
    pub fn webhooks_checked(&mut self, ok: bool, detail: &str, now: Millis) {
        let Phase::Advancing { step, approved, .. } = self.phase else { return };
        let percent = self.plan.weights()[step];
        if ok {
            self.phase = Phase::Advancing { step, approved, checked: true };
            self.event(now, "webhook", format!("checks before {percent}% passed: {detail}"));
        } else {
            self.event(now, "webhook", format!("checks before {percent}% failed: {detail}"));
            self.phase = Phase::RollingBack { reason: format!("webhook check before {percent}% failed: {detail}"), aborted: false };
        }
    }

    /// All traffic is on stable again.
    pub fn rolled_back(&mut self, now: Millis) {
        let Phase::RollingBack { reason, aborted } = &self.phase else { return };
        let reason = reason.clone();
        self.weight = 0;
        if *aborted {
            self.phase = Phase::Aborted { reason: reason.clone() };
            self.event(now, "abort", format!("{} serves 100% again: {reason}", self.stable));
        } else {
            self.phase = Phase::RolledBack { reason: reason.clone() };
            self.event(now, "rollback", format!("{} serves 100% again: {reason}", self.stable));
        }
    }

    pub fn pause(&mut self, now: Millis, by: &str) -> Result<(), Refused> {
        let step = match self.phase {
            Phase::Advancing { step, .. } | Phase::Analysing { step } => step,
            _ => return Err(self.refused("paused")),
        };
        self.pause_for(now, step, format!("paused by {by}"));
        Ok(())
    }

    pub fn resume(&mut self, now: Millis, by: &str) -> Result<(), Refused> {
        let Phase::Paused { step, analysing, .. } = self.phase else { return Err(self.refused("resumed")) };
        self.inconclusive_run = 0;
        self.no_data_run = 0;
        if analysing {
            self.phase = Phase::Analysing { step };
            self.start_window(now);
        } else {
            self.phase = Phase::Advancing { step, approved: false, checked: false };
        }
        self.event(now, "resume", format!("resumed by {by} at {}%", self.weight));
        Ok(())
    }

    /// At a gate: approves the step. Anywhere else before the end: skips the
    /// remaining analysis and promotes the canary to 100%.
    pub fn promote(&mut self, now: Millis, by: &str) -> Result<(), Refused> {
        let last = self.plan.weights().len() - 1;
        match self.phase.clone() {
            Phase::Advancing { step, approved: false, checked } if self.plan.gates.contains(&self.plan.weights()[step]) => {
                self.phase = Phase::Advancing { step, approved: true, checked };
                self.event(now, "gate", format!("{by} approved the step to {}%", self.plan.weights()[step]));
            }
            Phase::Advancing { .. } | Phase::Analysing { .. } | Phase::Paused { .. } => {
                self.phase = Phase::Advancing { step: last, approved: true, checked: true };
                self.event(now, "promote", format!("{by} promoted {} to 100%, skipping the remaining analysis", self.canary));
            }
            _ => return Err(self.refused("promoted")),
        }
        Ok(())
    }

    pub fn abort(&mut self, now: Millis, by: &str) -> Result<(), Refused> {
        if self.phase.is_finished() || matches!(self.phase, Phase::RollingBack { .. }) {
            return Err(self.refused("aborted"));
        }
        self.phase = Phase::RollingBack { reason: format!("aborted by {by}"), aborted: true };
        self.event(now, "abort", format!("{by} aborted the rollout at {}%", self.weight));
        Ok(())
    }

    /// Adds a line to the history (a rollback webhook's answer, say).
    pub fn note(&mut self, now: Millis, kind: &str, message: String) {
        self.event(now, kind, message);
    }

    /// The last verdict recorded, if any.
    pub fn last_verdict(&self) -> Option<&Verdict> {
        self.events.iter().rev().find_map(|e| e.verdict.as_ref())
    }

    fn start_window(&mut self, now: Millis) {
        let second = now.div_euclid(1000);
        self.window_start = second;
        // At least `interval` whole seconds after traffic moved.
        self.interval_end = second + 1 + self.plan.interval_secs as i64;
        if now.rem_euclid(1000) == 0 {
            self.interval_end -= 1;
        }
    }

    fn pause_for(&mut self, now: Millis, step: usize, reason: String) {
        let analysing = matches!(self.phase, Phase::Analysing { .. });
        self.event(now, "pause", reason.clone());
        self.phase = Phase::Paused { step, analysing, reason };
    }

    fn analysis_event(&mut self, now: Millis, m: Measurement, verdict: Verdict) {
        let message = format!("{} at {}% over {}s: {}", verdict.outcome.name(), self.weight, m.to - m.from, verdict.summary());
        self.events.push(Event { at: now, kind: "analysis".into(), message, measurement: Some(m), verdict: Some(verdict) });
    }

    fn event(&mut self, now: Millis, kind: &str, message: String) {
        self.events.push(Event { at: now, kind: kind.into(), message, measurement: None, verdict: None });
    }

    fn refused(&self, what: &str) -> Refused {
        Refused(format!("the rollout of {} is {} and cannot be {what}", self.service, self.phase.name()))
    }
}

#[cfg(test)]
mod tests;
