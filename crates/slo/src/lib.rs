//! The SLO brain, I/O-free: alert selectors, SLO periods and
//! budget arithmetic exactly as the SRE Workbook defines it, the alert-condition state
//! machine and the Workbook's multi-window, multi-burn-rate preset.
//!
//! Invariant: no clock and no I/O. Callers pass `now` (time since the Unix epoch) and
//! the request counts they read from telemetry; every decision is a plain function of
//! them, so tests drive it with numbers from the Workbook.
#![forbid(unsafe_code)]

pub mod alert;
pub mod budget;
pub mod period;
pub mod recovery;
pub mod selector;
pub mod sli;
pub mod workbook;
