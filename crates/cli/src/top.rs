//! `runlane top [SERVICE]`: the four golden signals per revision, refreshed in place like
//! `top`: traffic (share of the split and requests per second), errors (5xx ratio),
//! latency of successes and of errors apart (a fast error must not flatter the
//! percentile), and saturation (instances against `maxScale`, concurrency against
//! `containerConcurrency`, requests queued in the router for room under containerConcurrency, CPU and
//! memory against their limits), with each service's SLOs beside it. Everything comes from the public API (Knative services, Cloud
//! Monitoring `timeSeries` and SLO status), as `runlane metrics` and `runlane slo list`
//! read it; [`render`] turns one [`Snapshot`] into a screen with no I/O.

use crate::format::render_table;
use crate::http::Api;
use crate::metrics::{per_revision, revision_rows, Row};
use crate::Output;
use runlane_model::duration::{human_secs, parse_human};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct TopArgs {
    /// Only this service (all of the project's by default).
    pub service: Option<String>,
    /// Time between screens: 2s, 500ms.
    #[arg(long, default_value = "2s", value_parser = parse_interval)]
    pub interval: Duration,
    /// How far back each screen's figures reach: 1m, 10m.
    #[arg(long, default_value = "1m", value_parser = crate::metrics::parse_since)]
    pub window: u64,
    /// Stop after this many screens (runs until Ctrl-C by default), as `top -n`.
    #[arg(short = 'n', long)]
    pub iterations: Option<u64>,
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = parse_human(text)?;
    if d < Duration::from_millis(200) {
        return Err(format!("--interval {text} is too short; at least 200ms (each screen makes about a dozen API calls)"));
    }
    Ok(d)
}

/// What one screen shows.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Snapshot {
    pub project: String,
    pub window: u64,
    pub services: Vec<ServiceView>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ServiceView {
    pub name: String,
    /// `autoscaling.knative.dev/maxScale` of the latest template (None: no limit).
    pub max_scale: Option<u64>,
    /// `containerConcurrency` of the latest template (None or 0: no limit).
    pub concurrency_limit: Option<u64>,
    pub revisions: Vec<RevisionView>,
    pub slos: Vec<SloView>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct RevisionView {
    pub name: String,
    /// Its share of the service's traffic, percent (tags without a share are 0).
    pub percent: u64,
    pub tags: Vec<String>,
    pub row: Row,
    /// The most ready instances at once in the window.
    pub instances: Option<f64>,
    /// The p99 of requests in flight on one instance.
    pub concurrency_p99: Option<f64>,
    /// Requests waiting in the router for room under containerConcurrency right now (queue depth).
    pub queued: Option<u64>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct SloView {
    pub id: String,
    pub goal: f64,
    pub sli: Option<f64>,
    pub budget_left: Option<f64>,
    pub burn: Option<f64>,
    pub open_incidents: usize,
}

pub async fn run(api: &Api, ns: &str, args: &TopArgs, io: &mut Output) -> anyhow::Result<ExitCode> {
    let terminal = std::io::stdout().is_terminal();
    let mut shown = 0u64;
    loop {
        let snapshot = snapshot(api, ns, args.service.as_deref(), args.window).await?;
        if let Some(service) = &args.service {
            if snapshot.services.is_empty() {
                anyhow::bail!("service [{service}] was not found in project [{ns}]");
            }
        }
        let now = time::OffsetDateTime::now_utc();
        let clock = format!("{:02}:{:02}:{:02} UTC", now.hour(), now.minute(), now.second());
        let screen = render(&snapshot, &clock, args.interval);
        // On a terminal each screen replaces the last (cursor home, clear); piped, the
        // screens follow one another, as `top -b` writes them.
        if terminal {
            write!(io.out, "\x1b[H\x1b[2J{screen}")?;
        } else {
            writeln!(io.out, "{screen}")?;
        }
        io.out.flush()?;
        shown += 1;
        if args.iterations.is_some_and(|n| shown >= n) {
            return Ok(ExitCode::SUCCESS);
        }
        tokio::select! {
            () = tokio::time::sleep(args.interval) => {}
            _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
        }
    }
}

/// Reads everything one screen shows.
pub async fn snapshot(api: &Api, ns: &str, only: Option<&str>, window: u64) -> anyhow::Result<Snapshot> {
    let services = api.get(&format!("/apis/serving.knative.dev/v1/namespaces/{ns}/services")).await?;
    let scope = only.map_or(String::new(), |s| format!(" AND resource.labels.service_name=\"{s}\""));
    let rows = revision_rows(api, ns, &scope, window).await?;
    let instances = per_revision(
        api,
        ns,
        "run.googleapis.com/container/instance_count",
        &format!("{scope} AND metric.labels.state=\"ready\""),
        window,
        "ALIGN_MAX",
        "REDUCE_SUM",
    )
    .await?;
    let concurrency = per_revision(api, ns, "run.googleapis.com/container/max_request_concurrencies", &scope, window, "ALIGN_DELTA", "REDUCE_PERCENTILE_99").await?;
    let queued = queue_depths(api, ns).await?;
    let slos = api.get(&format!("/v3/projects/{ns}/services/{}/serviceLevelObjectives", only.unwrap_or("-"))).await?;
    let mut slo_views: BTreeMap<String, Vec<SloView>> = BTreeMap::new();
    for slo in slos["serviceLevelObjectives"].as_array().into_iter().flatten() {
        let name = slo["name"].as_str().unwrap_or("");
        let status = api.get(&format!("/v3/{name}:status?steps=1")).await?;
        let parts: Vec<&str> = name.split('/').collect();
        let (service, id) = (parts.get(3).copied().unwrap_or(""), parts.get(5).copied().unwrap_or(""));
        slo_views.entry(service.to_owned()).or_default().push(SloView {
            id: id.to_owned(),
            goal: status["goal"].as_f64().unwrap_or(0.0),
            sli: status["sli"].as_f64(),
            budget_left: status["errorBudget"]["remainingFraction"].as_f64(),
            burn: status["burnRates"][0]["burnRate"].as_f64(),
            open_incidents: status["openIncidents"].as_array().map_or(0, Vec::len),
        });
    }

    let mut views = Vec::new();
    for s in services["items"].as_array().into_iter().flatten() {
        let name = s["metadata"]["name"].as_str().unwrap_or("").to_owned();
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let template = &s["spec"]["template"];
        let max_scale = template["metadata"]["annotations"]["autoscaling.knative.dev/maxScale"].as_str().and_then(|v| v.parse().ok()).filter(|v| *v > 0);
        let concurrency_limit = template["spec"]["containerConcurrency"].as_u64().filter(|v| *v > 0);
        // The revisions in the split first, in its order, then any other with requests.
        let mut revisions: Vec<RevisionView> = Vec::new();
        for t in s["status"]["traffic"].as_array().into_iter().flatten() {
            let Some(rev) = t["revisionName"].as_str() else { continue };
            let tag = t["tag"].as_str().map(str::to_owned);
            match revisions.iter_mut().find(|r| r.name == rev) {
                Some(r) => {
                    r.percent += t["percent"].as_u64().unwrap_or(0);
                    r.tags.extend(tag);
                }
                None => revisions.push(RevisionView { name: rev.to_owned(), percent: t["percent"].as_u64().unwrap_or(0), tags: tag.into_iter().collect(), ..Default::default() }),
            }
        }
        let prefix = format!("{name}-");
        for rev in rows.keys().filter(|r| r.starts_with(&prefix)) {
            if !revisions.iter().any(|r| &r.name == rev) {
                revisions.push(RevisionView { name: rev.clone(), ..Default::default() });
            }
        }
        for r in &mut revisions {
            r.row = rows.get(&r.name).cloned().unwrap_or_default();
            r.instances = instances.get(&r.name).copied();
            r.concurrency_p99 = concurrency.get(&r.name).copied();
            r.queued = queued.get(&r.name).copied();
        }
        views.push(ServiceView { slos: slo_views.remove(&name).unwrap_or_default(), name, max_scale, concurrency_limit, revisions });
    }
    Ok(Snapshot { project: ns.to_owned(), window, services: views })
}

/// Each revision's requests waiting for room under containerConcurrency right now, as the revision's
/// status says (`status.runlane.autoscaler.requestsWaiting`).
async fn queue_depths(api: &Api, ns: &str) -> anyhow::Result<BTreeMap<String, u64>> {
    let revisions = api.get(&format!("/apis/serving.knative.dev/v1/namespaces/{ns}/revisions")).await?;
    Ok(revisions["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let name = r["metadata"]["name"].as_str()?;
            let waiting = r.pointer("/status/runlane/autoscaler/requestsWaiting")?.as_u64()?;
            Some((name.to_owned(), waiting))
        })
        .collect())
}

/// One screen: a header line, then per service its revisions' signals and its SLOs.
pub fn render(snapshot: &Snapshot, clock: &str, interval: Duration) -> String {
    let mut out = format!(
        "runlane top — project {} — {clock} — figures over the last {}, refreshed every {} (Ctrl-C quits)\n",
        snapshot.project,
        human_secs(snapshot.window),
        humantime(interval)
    );
    if snapshot.services.is_empty() {
        out.push_str("\nNo services.\n");
        return out;
    }
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    let pair = |p: [Option<f64>; 3]| match (p[0], p[2]) {
        (Some(a), Some(b)) => format!("{a:.1}/{b:.1}"),
        _ => "-".to_owned(),
    };
    let ratio = |v: Option<f64>| v.map_or("-".to_owned(), |r| format!("{:.0}%", 100.0 * r));
    for service in &snapshot.services {
        out.push('\n');
        let limits = format!(
            "max instances {}, concurrency limit {}",
            service.max_scale.map_or("none".to_owned(), |m| m.to_string()),
            service.concurrency_limit.map_or("none".to_owned(), |c| c.to_string())
        );
        out.push_str(&format!("SERVICE {} ({limits})\n", service.name));
        let rows: Vec<Vec<String>> = service
            .revisions
            .iter()
            .map(|r| {
                let row = &r.row;
                vec![
                    r.name.clone(),
                    if r.tags.is_empty() { format!("{}%", r.percent) } else { format!("{}% {}", r.percent, r.tags.join(",")) },
                    format!("{:.1}", row.requests as f64 / snapshot.window.max(1) as f64),
                    if row.requests > 0 { format!("{:.1}%", 100.0 * row.errors as f64 / row.requests as f64) } else { "-".to_owned() },
                    ms(row.p99),
                    pair(row.ok),
                    pair(row.err),
                    match (r.instances, service.max_scale) {
                        (Some(i), Some(m)) => format!("{i:.0}/{m}"),
                        (Some(i), None) => format!("{i:.0}"),
                        (None, _) => "0".to_owned(),
                    },
                    match (r.concurrency_p99, service.concurrency_limit) {
                        (Some(c), Some(l)) => format!("{c:.0}/{l}"),
                        (Some(c), None) => format!("{c:.0}"),
                        (None, _) => "-".to_owned(),
                    },
                    r.queued.map_or("-".to_owned(), |q| q.to_string()),
                    ratio(row.cpu_p99),
                    ratio(row.memory_p99),
                ]
            })
            .collect();
        out.push_str(&render_table(
            &[
                "REVISION",
                "TRAFFIC",
                "REQ/S",
                "5XX",
                "P99 MS",
                "2XX P50/P99",
                "5XX P50/P99",
                "INSTANCES",
                "CONC P99",
                "QUEUED",
                "CPU P99",
                "MEM P99",
            ],
            &rows,
        ));
        if service.slos.is_empty() {
            out.push_str("  no SLO\n");
        }
        for slo in &service.slos {
            let state = match slo.sli {
                None => "no data",
                Some(sli) if sli < slo.goal => "BELOW GOAL",
                Some(_) if slo.open_incidents > 0 => "BURNING",
                Some(_) => "met",
            };
            out.push_str(&format!(
                "  SLO {}: {state}; SLI {} against a goal of {}, budget left {}, burn rate {}, open incidents {}\n",
                slo.id,
                slo.sli.map_or("-".to_owned(), |s| format!("{:.2}%", 100.0 * s)),
                format_args!("{:.2}%", 100.0 * slo.goal),
                slo.budget_left.map_or("-".to_owned(), |b| format!("{:.0}%", 100.0 * b)),
                slo.burn.map_or("-".to_owned(), |b| format!("{b:.2}")),
                slo.open_incidents
            ));
        }
    }
    out
}

fn humantime(d: Duration) -> String {
    if d.subsec_nanos() == 0 && d.as_secs() > 0 {
        human_secs(d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let stable = RevisionView {
            name: "jokes-00001".into(),
            percent: 90,
            tags: vec![],
            row: Row { requests: 540, errors: 0, p99: Some(310.0), ok: [Some(300.5), Some(305.0), Some(310.0)], cpu_p99: Some(0.25), memory_p99: Some(0.5), ..Default::default() },
            instances: Some(2.0),
            concurrency_p99: Some(3.0),
            queued: Some(0),
        };
        let canary = RevisionView {
            name: "jokes-00002".into(),
            percent: 10,
            tags: vec!["next".into()],
            row: Row { requests: 60, errors: 30, p99: Some(300.0), ok: [Some(290.0), None, Some(301.0)], err: [Some(2.0), None, Some(4.5)], ..Default::default() },
            instances: Some(1.0),
            concurrency_p99: None,
            queued: Some(7),
        };
        Snapshot {
            project: "default".into(),
            window: 60,
            services: vec![ServiceView {
                name: "jokes".into(),
                max_scale: Some(5),
                concurrency_limit: Some(80),
                revisions: vec![stable, canary],
                slos: vec![SloView { id: "availability".into(), goal: 0.99, sli: Some(0.95), budget_left: Some(-4.0), burn: Some(50.0), open_incidents: 1 }],
            }],
        }
    }

    #[test]
    fn a_screen_shows_the_four_signals_per_revision_and_the_slo_beside_them() {
        let screen = render(&snapshot(), "12:00:00 UTC", Duration::from_secs(2));
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[0].contains("project default") && lines[0].contains("12:00:00 UTC") && lines[0].contains("last 1m") && lines[0].contains("every 2s"), "{screen}");
        assert!(screen.contains("SERVICE jokes (max instances 5, concurrency limit 80)"), "{screen}");
        let stable = lines.iter().find(|l| l.starts_with("jokes-00001")).unwrap();
        let cells: Vec<&str> = stable.split_whitespace().collect();
        assert_eq!(
            cells,
            [
                "jokes-00001",
                "90%",
                "9.0",
                "0.0%",
                "310.0",
                "300.5/310.0",
                "-",
                "2/5",
                "3/80",
                "0",
                "25%",
                "50%"
            ],
            "{screen}"
        );
        let canary = lines.iter().find(|l| l.starts_with("jokes-00002")).unwrap();
        let cells: Vec<&str> = canary.split_whitespace().collect();
        assert_eq!(
            cells,
            [
                "jokes-00002",
                "10%",
                "next",
                "1.0",
                "50.0%",
                "300.0",
                "290.0/301.0",
                "2.0/4.5",
                "1/5",
                "-",
                "7",
                "-",
                "-"
            ],
            "{screen}"
        );
        assert!(screen.contains("SLO availability: BELOW GOAL; SLI 95.00% against a goal of 99.00%, budget left -400%, burn rate 50.00, open incidents 1"), "{screen}");
    }

    #[test]
    fn an_empty_project_and_a_service_without_slo_say_so() {
        let empty = Snapshot { project: "p".into(), window: 600, services: vec![] };
        let screen = render(&empty, "t", Duration::from_millis(500));
        assert!(screen.contains("last 10m") && screen.contains("every 500ms") && screen.contains("No services."), "{screen}");
        let mut s = snapshot();
        s.services[0].slos.clear();
        s.services[0].max_scale = None;
        assert!(render(&s, "t", Duration::from_secs(2)).contains("no SLO"));
        assert!(render(&s, "t", Duration::from_secs(2)).contains(" 2 "));
    }

    #[test]
    fn the_interval_has_a_floor() {
        assert!(parse_interval("100ms").unwrap_err().contains("at least 200ms"));
        assert_eq!(parse_interval("1s").unwrap(), Duration::from_secs(1));
    }
}
