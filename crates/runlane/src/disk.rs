//! The data dir's disk, looked at every `--disk-sample-interval`: free space and the size
//! of each file runlane writes there go to telemetry's fill forecast (`/healthz`,
//! `/metrics`, `runlane status`, the console), and the built-in alert on it opens an
//! incident in the default project, notifying its channels, when the disk will be full
//! within `--disk-forecast-alert`; it resolves when the fill stops or slows to twice
//! that. The forecast and the alert's decision are `runlane_telemetry::forecast` (no I/O).

use runlane_alerting::model::IncidentState;
use runlane_alerting::Alerting;
use runlane_telemetry::forecast::{DiskAlert, DiskAlertChange, DiskSample};
use runlane_telemetry::Telemetry;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The project whose channels hear about the disk, and the pseudo-policy its incidents
/// carry (so a restart finds the open one again).
const PROJECT: &str = "default";
const POLICY: &str = "projects/default/runlane/disk-fill";

pub struct DiskWatch {
    pub data_dir: PathBuf,
    pub telemetry: Telemetry,
    pub alerting: Alerting,
    pub interval: Duration,
    /// Zero: no alert (the forecast is still shown).
    pub alert_below: Duration,
}

impl DiskWatch {
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut alert = DiskAlert::new(self.alert_below);
        // An incident left open by the last run is this run's to resolve.
        let mut open = self.alerting.list_incidents(PROJECT).into_iter().find(|i| i.policy == POLICY && i.state == IncidentState::Open).map(|i| i.id);
        alert.firing = open.is_some();
        loop {
            let dir = self.data_dir.clone();
            if let Ok(Some(sample)) = tokio::task::spawn_blocking(move || sample(&dir)).await {
                let forecast = self.telemetry.record_disk(sample);
                if let Some(f) = &forecast {
                    tracing::debug!(forecast = %f.sentence(), "data dir filling");
                }
                if !self.alert_below.is_zero() {
                    if let Some(change) = alert.observe(forecast.as_ref()) {
                        open = self.act(change, open).await;
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(self.interval) => {}
                () = &mut shutdown => return,
            }
        }
    }

    async fn act(&self, change: DiskAlertChange, open: Option<u64>) -> Option<u64> {
        let alerting = self.alerting.clone();
        let result = tokio::task::spawn_blocking(move || match change {
            DiskAlertChange::Open(why) => {
                tracing::warn!(%why, "the data dir's disk will be full soon: opening an incident");
                alerting.open_platform_incident(PROJECT, "runlane", POLICY, "runlane's data dir will fill its disk", "disk", &why).map(|i| Some(i.id))
            }
            DiskAlertChange::Resolve(why) => match open {
                Some(id) => {
                    tracing::info!(%why, incident = id, "the data dir's disk is no longer filling fast: resolving");
                    alerting.resolve_platform_incident(PROJECT, id, &why).map(|_| None)
                }
                None => Ok(None),
            },
        })
        .await;
        match result {
            Ok(Ok(now_open)) => now_open,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "could not record the disk incident; trying again at the next sample");
                open
            }
            Err(e) => {
                tracing::error!(error = %e, "recording the disk incident panicked");
                open
            }
        }
    }
}

/// The filesystem's free space and the size of each file in the data dir and in its
/// `telemetry/` (the stores that grow; images have their own budget).
fn sample(data_dir: &Path) -> Option<DiskSample> {
    let (free_bytes, total_bytes) = runlane_telemetry::disk_space(data_dir)?;
    let mut files = Vec::new();
    for (dir, prefix) in [(data_dir.to_owned(), ""), (data_dir.join("telemetry"), "telemetry/")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_file() {
                files.push((format!("{prefix}{}", entry.file_name().to_string_lossy()), meta.len()));
            }
        }
    }
    files.sort();
    let at_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Some(DiskSample { at_ms, free_bytes, total_bytes, files })
}
