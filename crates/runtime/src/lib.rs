//! The instance runtime: runs each revision's instances as child processes on
//! this machine, the way Cloud Run runs containers. The controller declares how
//! many instances a revision should have; the runtime starts them with a free
//! loopback `PORT`, decides readiness with a startup probe, restarts crashes
//! with backoff, drains an instance chosen for removal (a [`Drain`] says when its
//! requests have finished), stops them gracefully (their whole process group), and
//! publishes a snapshot of everything on a watch channel for the router and
//! the API. Instance output goes to a [`LogSink`].
//!
//! An instance is a host process, or, with [`Containers`], a runc container
//! from an image ([`ContainerSpec`]) in its own network namespace. Either way
//! it lives in its own cgroup when runlane may create one (root): its
//! [`Limits`] are applied there, [`Runtime::sample_usage`] reads it, and on
//! stop every process left in it is killed.
//!
//! Invariant: the runtime never touches the database or HTTP routing; its
//! only outputs are snapshots and log lines.

#![forbid(unsafe_code)]

mod backoff;
mod container;
mod isolation;
mod logs;
pub mod orphans;
mod probe;
mod process;
mod runtime;
mod spec;
mod status;

pub use backoff::{RESTART_DELAY_MAX, RESTART_DELAY_MIN, STABLE_AFTER};
pub use container::{ContainerError, Containers, ContainersConfig, Ipv4Subnet};
pub use logs::{LogLine, LogSink, Stream, MAX_LINE_BYTES, RECENT_LINES};
pub use probe::{probe_once, ProbeError};
pub use process::SpawnError;
pub use runtime::{Drain, Runtime};
pub use spec::{
    ContainerSpec, ImageRootfs, Images, InstanceSpec, Limits, Probe, ProbeAction, PullProgress,
};
pub use status::{
    InstanceState, InstanceStatus, InstanceUsage, RevisionStatus, RuntimeSnapshot, StartFailure,
};
