//! `runlane status`: the platform's own health and its data dir's disk, with the fill
//! forecast (saturation of runlane itself: "telemetry/logs.db will fill the disk in
//! 3 h 40 min at the last hour's rate"), from `GET /runlane/v1/status`.

use crate::format::{render_one, Format};
use crate::http::Api;
use crate::Output;
use runlane_model::quantity::format_memory;
use serde_json::Value;
use std::process::ExitCode;

pub async fn run(api: &Api, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    let status = api.get("/runlane/v1/status").await?;
    if let Some(text) = render_one(format, &status) {
        write!(io.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(io.out, "{}", render(&status))?;
    Ok(ExitCode::SUCCESS)
}

fn bytes(v: &Value) -> Option<f64> {
    v.as_str().and_then(|s| s.parse().ok()).or_else(|| v.as_f64())
}

fn size(v: &Value) -> String {
    bytes(v).map_or("-".to_owned(), |b| format_memory(b as u64))
}

pub fn render(status: &Value) -> String {
    let mut out = format!("Health:    {}\n", status["health"].as_str().unwrap_or("unknown"));
    let storage = &status["storage"];
    if storage.is_null() {
        out.push_str("Disk:      not measured (telemetry is off)\n");
        return out;
    }
    out.push_str(&format!(
        "Disk:      {} free of {} (logs stop below {})\n",
        size(&storage["freeBytes"]),
        size(&storage["totalBytes"]),
        size(&storage["logFloorBytes"])
    ));
    match storage["fillForecast"]["message"].as_str() {
        Some(m) => out.push_str(&format!("Forecast:  {m}\n")),
        None => out.push_str("Forecast:  not filling (free space steady or growing over the last hour)\n"),
    }
    let mut files: Vec<(String, f64)> = storage["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| Some((f["name"].as_str()?.to_owned(), bytes(&f["bytes"])?)))
        .collect();
    files.sort_by(|a, b| b.1.total_cmp(&a.1));
    if !files.is_empty() {
        out.push_str("Files:\n");
        for (name, b) in files.iter().take(8) {
            out.push_str(&format!("  {:>10}  {name}\n", format_memory(*b as u64)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shows_the_forecast_and_the_largest_files() {
        let status = json!({
            "health": "degraded: storage: telemetry/logs.db will fill the disk in 3 h 40 min at the last hour's rate (1.0 MiB/min; 220.0 MiB free)",
            "storage": {"freeBytes": "230686720", "totalBytes": "1073741824", "logFloorBytes": "107374182",
                "files": [{"name": "state.db", "bytes": "4096"}, {"name": "telemetry/logs.db", "bytes": "524288000"}],
                "fillForecast": {"fullInSeconds": 13200, "message": "telemetry/logs.db will fill the disk in 3 h 40 min at the last hour's rate (1.0 MiB/min; 220.0 MiB free)"}}
        });
        let text = render(&status);
        assert!(text.contains("Disk:      220 MiB free of 1 GiB (logs stop below 102.4 MiB)"), "{text}");
        assert!(text.contains("Forecast:  telemetry/logs.db will fill the disk in 3 h 40 min"), "{text}");
        let logs = text.find("telemetry/logs.db\n").unwrap();
        let state = text.find("state.db\n").unwrap();
        assert!(logs < state, "the largest file first: {text}");
        let quiet = json!({"health": "ok", "storage": {"freeBytes": "1", "totalBytes": "2", "logFloorBytes": "0", "files": [], "fillForecast": null}});
        assert!(render(&quiet).contains("Forecast:  not filling"));
    }
}
