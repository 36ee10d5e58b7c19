//! The instance runtime: runs each revision's instances as child processes on
//! this machine, the way Cloud Run runs containers. The controller declares how
//! many instances a revision should have; the runtime starts them with a free
//! loopback `PORT`, decides readiness with a startup probe, restarts crashes
//! with backoff, drains an instance chosen for removal (a [`Drain`] says when its
//! requests have finished), stops them gracefully (their whole process group), and
//! publishes a snapshot of everything on a watch channel for the router and
//! the API. Instance output goes to a [`LogSink`].
//!
//! Invariant: the runtime never touches the database or HTTP routing; its
//! only outputs are snapshots and log lines.

#![forbid(unsafe_code)]

mod backoff;
mod logs;
pub mod orphans;
mod probe;
mod process;
mod runtime;
mod spec;
mod status;

pub use backoff::{RESTART_DELAY_MAX, RESTART_DELAY_MIN, STABLE_AFTER};
pub use logs::{LogLine, LogSink, Stream, MAX_LINE_BYTES, RECENT_LINES};
pub use probe::{probe_once, ProbeError};
pub use process::SpawnError;
pub use runtime::{Drain, Runtime};
pub use spec::{InstanceSpec, Probe, ProbeAction};
pub use status::{InstanceState, InstanceStatus, RevisionStatus, RuntimeSnapshot, StartFailure};
