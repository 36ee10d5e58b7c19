//! Whether a revision that became Ready is crash-looping now: it listened once (so its
//! health is Ready for good), but its instances keep dying, so every request gets a 502
//! while the Ready condition said all was well. Knative marks such a revision
//! `ContainerHealthy=False` and not Ready from the container's last termination;
//! Kubernetes calls the state `CrashLoopBackOff`. Pure: the runtime's snapshot and `now`
//! come in as arguments.

use runlane_runtime::{InstanceState, InstanceStatus, RevisionStatus, STABLE_AFTER};
use std::time::SystemTime;

/// The reason on the conditions, Kubernetes' name for the state.
pub const REASON: &str = "CrashLoopBackOff";

/// Crashes an instance must have had before it counts as looping (Kubernetes backs off
/// from the second).
pub const MIN_RESTARTS: u32 = 2;

/// The message for the conditions when every instance of the revision is crash-looping;
/// `None` when at least one is serving steadily (or none runs).
pub fn crash_looping(rs: &RevisionStatus, now: SystemTime) -> Option<String> {
    let live: Vec<&InstanceStatus> = rs
        .instances
        .iter()
        .filter(|i| i.state != InstanceState::Stopping)
        .collect();
    if live.is_empty() || !live.iter().all(|i| looping(i, now)) {
        return None;
    }
    let last_exit = live
        .iter()
        .filter_map(|i| i.last_exit.as_deref())
        .next()
        .unwrap_or("crashed");
    let restarts: u32 = live.iter().map(|i| i.restarts).sum();
    Some(format!(
        "Container failed with: {last_exit}; its instances restarted {restarts} times and none stays up, so requests get 502 until it does. Read its output with `runlane logs read`."
    ))
}

fn looping(i: &InstanceStatus, now: SystemTime) -> bool {
    if i.restarts < MIN_RESTARTS {
        return false;
    }
    match i.state {
        InstanceState::CrashLoop { .. } | InstanceState::Failed => true,
        // Stable again once ready for as long as the runtime's back-off needs to reset.
        InstanceState::Starting | InstanceState::Ready => {
            let since = i.ready_at.unwrap_or(i.started_at);
            now.duration_since(since).unwrap_or_default() < STABLE_AFTER
        }
        InstanceState::Stopping => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn instance(state: InstanceState, restarts: u32, up_for_secs: u64, now: SystemTime) -> InstanceStatus {
        let started_at = now - Duration::from_secs(up_for_secs);
        let ready_at = (state == InstanceState::Ready).then_some(started_at);
        InstanceStatus {
            id: format!("i-{restarts}"),
            pid: None,
            port: 8080,
            addr: "127.0.0.1:8080".parse().unwrap(),
            state,
            started_at,
            ready_at,
            restarts,
            last_exit: (restarts > 0).then(|| "exited with status 1".to_owned()),
            oom_kills: 0,
        }
    }

    /// A revision whose instances listen, then die, is not ready.
    #[test]
    fn a_revision_is_crash_looping_only_when_no_instance_stays_up() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let backoff = InstanceState::CrashLoop { next_restart_in: Duration::from_secs(2) };
        let check = |instances: Vec<InstanceStatus>, want: bool| {
            let rs = RevisionStatus {
                revision: "r".into(),
                ready_endpoints: Vec::new(),
                instances,
                ever_ready: true,
                start_failure: None,
                restarts: 0,
                pulling: None,
                oom_kills: 0,
            };
            let got = crash_looping(&rs, now);
            assert_eq!(got.is_some(), want, "{:?}: {got:?}", rs.instances);
            if let Some(m) = got {
                assert!(m.contains("exited with status 1") && m.contains("502"), "{m}");
            }
        };
        check(vec![instance(backoff.clone(), 3, 1, now)], true);
        // Back up and listening, but for a second only after crashing again and again.
        check(vec![instance(InstanceState::Ready, 3, 1, now)], true);
        check(vec![instance(InstanceState::Ready, 3, 61, now)], false);
        // One crash is not a loop.
        check(vec![instance(backoff.clone(), 1, 1, now)], false);
        // One steady instance serves: the revision is ready.
        check(vec![instance(backoff.clone(), 5, 1, now), instance(InstanceState::Ready, 0, 300, now)], false);
        check(vec![instance(InstanceState::Stopping, 5, 1, now)], false);
        check(Vec::new(), false);
    }
}
