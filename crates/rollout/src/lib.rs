//! Progressive delivery's brain, I/O-free: a rollout plan (`plan`), the exact tests
//! behind "is the canary worse?" (`stats`), the analysis of one window of canary and
//! stable requests (`analysis`), and the rollout as a state machine (`machine`) that
//! the driver in `runlane up` runs with `decide(now)` and `record(measurement, now)`.
//!
//! Invariants: no clock, no I/O, no randomness; `now` comes in as an argument. Too few
//! canary requests is NoData, never Pass.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod machine;
pub mod plan;
pub mod stats;

pub use analysis::{analyse, Check, Measurement, Outcome, Sample, Verdict};
pub use machine::{Action, Event, Millis, Phase, Refused, Rollout};
pub use plan::{plan_from_annotation, plan_from_settings, Limits, Plan, PlanError, ANNOTATION_ROLLOUT};
