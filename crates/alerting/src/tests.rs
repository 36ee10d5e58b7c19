//! The evaluator against the SRE Workbook's numbers, with an injected clock and a real
//! telemetry store filled with synthetic seconds: detection time of a total outage,
//! budget spent when the fast page fires, the preset's inhibition, the low-traffic
//! guard, resolution, restart, and webhook delivery with retries.

use super::*;
use crate::clock::ManualClock;
use crate::model::*;
use runlane_telemetry::interval::Interval;
use runlane_telemetry::TelemetryConfig;

/// An hour boundary.
const T0: i64 = 1_800_000_000;

struct World {
    _dir: tempfile::TempDir,
    telemetry: Telemetry,
    clock: Arc<ManualClock>,
    alerting: Alerting,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let telemetry =
        Telemetry::open(&dir.path().join("telemetry"), TelemetryConfig::default()).unwrap();
    let clock = Arc::new(ManualClock::new(T0 * 1000));
    let alerting = Alerting::open(
        &dir.path().join("alerting.db"),
        telemetry.clone(),
        clock.clone(),
        AlertingConfig::default(),
    )
    .unwrap();
    World {
        _dir: dir,
        telemetry,
        clock,
        alerting,
    }
}

fn interval(codes: &[(u16, u64)]) -> Interval {
    Interval {
        codes: codes.to_vec(),
        ..Interval::default()
    }
}

impl World {
    /// Writes seconds [from, to) of `codes` for revision `rev` of `jokes`.
    fn traffic(&self, from: i64, to: i64, rev: &str, codes: &[(u16, u64)]) {
        let seconds: Vec<_> = (from..to)
            .map(|t| (t, vec![("jokes".to_owned(), rev.to_owned(), interval(codes))]))
            .collect();
        for chunk in seconds.chunks(20_000) {
            self.telemetry.metrics_db().write_seconds(chunk).unwrap();
        }
    }

    /// Writes second `t` of two revisions and evaluates just after it, as the loop does.
    fn second(&self, t: i64, revs: &[(&str, &[(u16, u64)])]) -> TickReport {
        let intervals: Vec<_> = revs
            .iter()
            .map(|(r, c)| ("jokes".to_owned(), (*r).to_owned(), interval(c)))
            .collect();
        self.telemetry.metrics_db().write_second(t, &intervals).unwrap();
        self.clock.set_ms((t + 1) * 1000 + 60);
        self.alerting.tick()
    }

    fn slo(&self, goal: f64, period_secs: u64) -> Slo {
        let slo = Slo {
            project: "default".into(),
            service: "jokes".into(),
            id: "availability".into(),
            display_name: "availability".into(),
            sli: Sli::Ratio {
                good: Some(r#"metric.type="run.googleapis.com/request_count" metric.labels.response_code_class="2xx""#.into()),
                bad: Some(r#"metric.type="run.googleapis.com/request_count" metric.labels.response_code_class="5xx""#.into()),
                total: None,
            },
            goal,
            period: PeriodSpec::Rolling { secs: period_secs },
            user_labels: Labels::new(),
        };
        self.alerting.create_slo(slo, true).unwrap()
    }

    fn burn_policy(
        &self,
        slo: &Slo,
        lookback: u64,
        threshold: f64,
        labels: &[(&str, &str)],
        channels: Vec<String>,
    ) -> Policy {
        self.alerting
            .create_policy(Policy {
                project: "default".into(),
                id: String::new(),
                display_name: "fast burn".into(),
                conditions: vec![Condition {
                    id: String::new(),
                    display_name: format!("burn rate over {lookback}s"),
                    filter: format!("select_slo_burn_rate(\"{}\", \"{lookback}s\")", slo.name()),
                    comparison: Comparison::Gt,
                    threshold,
                    duration_secs: 0,
                    trigger: None,
                    aggregation: None,
                    absent: false,
                }],
                combiner: Combiner::Or,
                enabled: true,
                channels,
                documentation: None,
                auto_close_secs: None,
                user_labels: labels
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                severity: None,
                created_ms: 0,
                updated_ms: 0,
            })
            .unwrap()
    }

    fn webhook(&self, url: &str) -> String {
        self.alerting
            .create_channel(Channel {
                project: "default".into(),
                id: String::new(),
                kind: "webhook_tokenauth".into(),
                display_name: "hook".into(),
                description: String::new(),
                labels: [("url".to_owned(), url.to_owned())].into(),
                user_labels: Labels::new(),
                enabled: true,
                created_ms: 0,
            })
            .unwrap()
            .name()
    }
}

const GOOD: &[(u16, u64)] = &[(200, 10)];
const DOWN: &[(u16, u64)] = &[(500, 10)];

#[test]
fn a_total_outage_trips_14_4x_over_an_hour_after_52_seconds_at_99_9() {
    let w = world();
    let slo = w.slo(0.999, 30 * 86_400);
    w.burn_policy(&slo, 3600, 14.4, &[], vec![]);
    w.traffic(T0, T0 + 3600, "jokes-1", GOOD);
    let t1 = T0 + 3600;
    let expected = budget::detection_time_of_total_outage(
        Goal::new(0.999).unwrap(),
        Duration::from_secs(3600),
        14.4,
    );
    assert!((expected.as_secs_f64() - 51.84).abs() < 1e-9);
    let mut opened_after = None;
    for k in 0..70 {
        let r = w.second(t1 + k, &[("jokes-1", DOWN)]);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        if !r.opened.is_empty() {
            opened_after = Some(k + 1);
            break;
        }
    }
    // The first whole second past 51.84 s of outage.
    assert_eq!(opened_after, Some(expected.as_secs_f64().ceil() as i64));
    let i = &w.alerting.list_incidents("default")[0];
    assert!((i.burn_rate_at_open.unwrap() - 520.0 / 36_000.0 / 0.001).abs() < 1e-9);
    assert_eq!(i.condition_met_ms, (t1 + 52) * 1000);
    assert_eq!(i.top_revision().unwrap().revision, "jokes-1");
    assert_eq!(i.breakdown_window_secs, 3600);
}

#[test]
fn the_fast_page_fires_when_two_percent_of_the_budget_is_spent() {
    // A 1-day period scales the Workbook's page to 14.4× over 120 s AND 10 s; it must fire
    // when 14.4 × 120 s ÷ 1 d = 2% of the day's budget is spent, whatever the error rate.
    let w = world();
    let slo = w.slo(0.999, 86_400);
    let (policies, warnings) = w
        .alerting
        .create_workbook_policies(&slo.name(), vec![], Labels::new())
        .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(policies.len(), 4);
    assert!(
        policies[0].conditions[0].filter.ends_with("\"120s\")"),
        "{:?}",
        policies[0].conditions
    );
    assert!(policies[0].conditions[1].filter.ends_with("\"10s\")"));
    w.traffic(T0, T0 + 86_400, "jokes-1", &[(200, 100)]);
    let t1 = T0 + 86_400;
    let mut fired = None;
    for k in 0..120 {
        let r = w.second(t1 + k, &[("jokes-1", &[(200, 98), (500, 2)])]);
        if !r.opened.is_empty() {
            fired = Some(k + 1);
            break;
        }
    }
    let k = fired.expect("the page fired") as f64;
    // 2% errors: burn 20; the 120 s window passes 14.4 after 86.4 s of errors.
    assert_eq!(k, 87.0);
    let spent = 2.0 * k / (0.001 * 100.0 * 86_400.0);
    assert!((spent - 0.02).abs() < 0.0005, "spent {spent}");
    let i = &w.alerting.list_incidents("default")[0];
    assert_eq!(i.severity.as_deref(), Some("page"));
    // The period's old edge is read at minute resolution (telemetry keeps seconds for 2 h).
    assert!(
        (1.0 - i.budget_remaining.unwrap() - spent).abs() < 1e-4,
        "{:?}",
        i.budget_remaining
    );
}

#[test]
fn a_firing_page_inhibits_the_lower_tiers_until_it_ends() {
    let w = world();
    let slo = w.slo(0.999, 86_400);
    let hook = w.webhook("http://127.0.0.1:9/hook");
    let mut labels = Labels::new();
    labels.insert(LABEL_RESOLVE_AFTER.into(), "5s".into());
    w.alerting
        .create_workbook_policies(&slo.name(), vec![hook], labels)
        .unwrap();
    w.traffic(T0, T0 + 86_400, "jokes-1", GOOD);
    let t1 = T0 + 86_400;
    let mut opened = Vec::new();
    for k in 0..12 {
        let r = w.second(t1 + k, &[("jokes-1", DOWN)]);
        opened.extend(r.opened.iter().map(|id| (k + 1, *id)));
    }
    // Tier 1 (120 s / 10 s, 14.4×) after 2 s, tier 2 (720 s / 60 s, 6×) after 5 s,
    // tiers 3 and 4 (2880 s / 240 s, 3×; 8640 s / 720 s, 1×) after 9 s.
    assert_eq!(
        opened.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        [2, 5, 9, 9]
    );
    let page = opened[0].1;
    let incidents = w.alerting.list_incidents("default");
    for i in incidents.iter().filter(|i| i.id != page) {
        assert_eq!(i.inhibited_by, Some(page), "{i:?}");
    }
    let queued = w.alerting.pending_notifications();
    assert_eq!(queued.len(), 1, "only the page notifies: {queued:?}");
    assert_eq!(queued[0].incident, page);
}

#[test]
fn no_data_and_too_few_requests_never_fire() {
    let w = world();
    let slo = w.slo(0.99, 3600);
    w.burn_policy(&slo, 60, 10.0, &[(LABEL_MIN_REQUESTS, "20")], vec![]);
    for k in 0..30 {
        // Nothing at all, then one failed request in ten seconds: 100% errors, but 1 < 20 requests.
        let r = if k < 20 {
            w.second(T0 + k, &[])
        } else {
            w.second(
                T0 + k,
                &[("jokes-1", if k == 25 { &[(500, 1)] } else { &[] })],
            )
        };
        assert!(r.opened.is_empty() && r.errors.is_empty(), "{r:?}");
    }
    assert!(w.alerting.list_incidents("default").is_empty());
}

#[test]
fn an_incident_resolves_after_the_clear_time_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let telemetry =
        Telemetry::open(&dir.path().join("telemetry"), TelemetryConfig::default()).unwrap();
    let clock = Arc::new(ManualClock::new(T0 * 1000));
    let open = || {
        Alerting::open(
            &dir.path().join("alerting.db"),
            telemetry.clone(),
            clock.clone(),
            AlertingConfig::default(),
        )
        .unwrap()
    };
    let w = World {
        _dir: tempfile::tempdir().unwrap(),
        telemetry: telemetry.clone(),
        clock: clock.clone(),
        alerting: open(),
    };
    let slo = w.slo(0.99, 3600);
    let hook = w.webhook("http://127.0.0.1:9/hook");
    w.burn_policy(&slo, 30, 10.0, &[(LABEL_RESOLVE_AFTER, "10s")], vec![hook]);
    let bad: &[(&str, &[(u16, u64)])] =
        &[("jokes-good", &[(200, 80)]), ("jokes-next", &[(500, 20)])];
    let mut t = T0;
    let opened = loop {
        let r = w.second(t, bad);
        t += 1;
        if let Some(id) = r.opened.first() {
            break *id;
        }
    };
    let i = w.alerting.get_incident("default", opened).unwrap();
    assert_eq!(i.top_revision().unwrap().revision, "jokes-next");
    assert_eq!(i.breakdown[0].share_of_bad, 1.0);
    // runlane restarts: the incident is still open and still resolves.
    let w = World {
        alerting: open(),
        ..w
    };
    assert!(w
        .alerting
        .get_incident("default", opened)
        .unwrap()
        .is_open());
    let good: &[(&str, &[(u16, u64)])] = &[("jokes-good", &[(200, 100)])];
    let mut resolved_at = None;
    for _ in 0..60 {
        let r = w.second(t, good);
        t += 1;
        if r.resolved.contains(&opened) {
            resolved_at = Some(t);
            break;
        }
    }
    assert!(resolved_at.is_some(), "the incident resolved");
    let i = w.alerting.get_incident("default", opened).unwrap();
    assert_eq!(i.state, IncidentState::Resolved);
    let kinds: Vec<String> = w
        .alerting
        .pending_notifications()
        .into_iter()
        .map(|o| o.kind)
        .collect();
    assert_eq!(kinds, ["opened", "resolved"]);
    // Acknowledge and close are recorded on the timeline.
    w.alerting.acknowledge("default", opened, "alice").unwrap();
    w.alerting.close("default", opened, "alice").unwrap();
    let kinds: Vec<String> = w
        .alerting
        .get_incident("default", opened)
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds, ["opened", "resolved", "acknowledged", "closed"]);
}

#[tokio::test]
async fn webhooks_retry_with_the_same_idempotency_key_until_delivered() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/hook?auth_token=secret",
        listener.local_addr().unwrap()
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        for n in 0.. {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 65536];
            let mut got = Vec::new();
            // Read the head, then content-length bytes of body.
            loop {
                let k = sock.read(&mut buf).await.unwrap();
                got.extend_from_slice(&buf[..k]);
                let text = String::from_utf8_lossy(&got).into_owned();
                let Some((head, body)) = text.split_once("\r\n\r\n") else {
                    assert!(k > 0, "the request ended early");
                    continue;
                };
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if k == 0 || body.len() >= length {
                    break;
                }
            }
            tx.send(String::from_utf8_lossy(&got).into_owned()).unwrap();
            let reply: &[u8] = if n == 0 {
                b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy"
            } else {
                b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            };
            sock.write_all(reply).await.unwrap();
        }
    });
    let w = world();
    let slo = w.slo(0.99, 3600);
    let hook = w.webhook(&url);
    w.burn_policy(&slo, 30, 10.0, &[], vec![hook]);
    let mut t = T0;
    while w
        .second(t, &[("jokes-next", &[(500, 20)])])
        .opened
        .is_empty()
    {
        t += 1;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let notifier = tokio::spawn(notify::run(w.alerting.clone(), stop_rx));
    let first = rx.recv().await.unwrap();
    // The failure is on the timeline; one backoff (1 s) later the same key is sent again.
    runlane_test_wait(&w, |i| {
        i.timeline.iter().any(|e| e.kind == "notification_failed")
    })
    .await;
    w.clock.advance_ms(1000);
    let second = rx.recv().await.unwrap();
    let key = |req: &str| {
        req.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("idempotency-key:"))
            .map(str::to_owned)
    };
    assert!(key(&first).is_some());
    assert_eq!(key(&first), key(&second));
    assert!(second.contains("\"incident_id\":\"1\""), "{second}");
    runlane_test_wait(&w, |i| i.timeline.iter().any(|e| e.kind == "notified")).await;
    assert!(w.alerting.pending_notifications().is_empty());
    let i = &w.alerting.list_incidents("default")[0];
    let failed = i
        .timeline
        .iter()
        .find(|e| e.kind == "notification_failed")
        .unwrap();
    assert!(
        failed.message.contains("503") && !failed.message.contains("secret"),
        "{}",
        failed.message
    );
    let _ = stop_tx.send(true);
    notifier.await.unwrap();
}

/// Polls the first incident until `f` holds (deadline 10 s).
async fn runlane_test_wait(w: &World, f: impl Fn(&Incident) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if w.alerting.list_incidents("default").first().is_some_and(&f) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out: {:?}",
            w.alerting.list_incidents("default")
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[test]
fn latency_and_windows_based_slis_count_what_they_say() {
    use runlane_telemetry::histogram::bucket_of;
    let w = world();
    // Each second: 90 requests at 2 ms, 10 at 400 ms; plus 5 errors.
    let lat = Interval {
        codes: vec![(200, 100), (500, 5)],
        latency: vec![(bucket_of(2_000), 90), (bucket_of(400_000), 10)],
        latency_sum_us: 90 * 2_000 + 10 * 400_000,
        ..Interval::default()
    };
    let seconds: Vec<_> = (T0..T0 + 180)
        .map(|t| {
            (
                t,
                vec![("jokes".to_owned(), "jokes-1".to_owned(), lat.clone())],
            )
        })
        .collect();
    w.telemetry.metrics_db().write_seconds(&seconds).unwrap();
    w.clock.set_ms((T0 + 180) * 1000 + 60);
    let make = |id: &str, sli: Sli| Slo {
        project: "default".into(),
        service: "jokes".into(),
        id: id.into(),
        display_name: id.into(),
        sli,
        goal: 0.9,
        period: PeriodSpec::Rolling { secs: 3600 },
        user_labels: Labels::new(),
    };
    let cut = w
        .alerting
        .create_slo(
            make(
                "fast",
                Sli::DistributionCut {
                    filter: r#"metric.type="run.googleapis.com/request_latencies""#.into(),
                    min_ms: None,
                    max_ms: Some(300.0),
                },
            ),
            true,
        )
        .unwrap();
    let basic = w
        .alerting
        .create_slo(
            make(
                "basic",
                Sli::BasicLatency {
                    threshold_ms: 300.0,
                },
            ),
            true,
        )
        .unwrap();
    let avail = w
        .alerting
        .create_slo(make("avail", Sli::BasicAvailability), true)
        .unwrap();
    // Windows of 60 s are good when at least 96% of their requests are not 5xx (100/105 = 95.2%: bad).
    let windows = w
        .alerting
        .create_slo(
            make(
                "windows",
                Sli::Windows {
                    window_secs: 60,
                    rule: WindowSli::RatioThreshold {
                        performance: Box::new(Sli::BasicAvailability),
                        threshold: 0.96,
                    },
                },
            ),
            true,
        )
        .unwrap();
    let status = |s: &Slo| w.alerting.slo_status(&s.name(), 3).unwrap();
    for s in [&cut, &basic] {
        let st = status(s);
        // The 5 errors were not timed (no latency recorded), so 100 per second count.
        assert_eq!(
            st.period.counts,
            Counts {
                good: 90 * 180,
                bad: 10 * 180,
                total: 100 * 180
            },
            "{}",
            s.id
        );
        assert!((st.sli.unwrap() - 0.9).abs() < 1e-9);
    }
    let st = status(&avail);
    assert_eq!(
        st.period.counts,
        Counts {
            good: 100 * 180,
            bad: 5 * 180,
            total: 105 * 180
        }
    );
    // Steps of 1200 s on the grid, so the hour before T0 + 180 s is cut at T0 - 2400,
    // T0 - 1200 and T0: four points, the first and last partial.
    let ends: Vec<i64> = st.burn_down.iter().map(|p| p.end).collect();
    assert_eq!(ends, [T0 - 2400, T0 - 1200, T0, T0 + 180]);
    let st = status(&windows);
    assert_eq!(
        st.period.counts,
        Counts {
            good: 0,
            bad: 3,
            total: 3
        },
        "three whole minutes, all below 96%"
    );
    // Filters on the wrong metric are refused by field.
    let wrong = make(
        "wrong",
        Sli::DistributionCut {
            filter: r#"metric.type="run.googleapis.com/request_count""#.into(),
            min_ms: None,
            max_ms: Some(1.0),
        },
    );
    match w.alerting.create_slo(wrong, true) {
        Err(AlertingError::Invalid(e)) => assert!(
            e[0].0.ends_with("distributionCut.distributionFilter")
                && e[0].1.contains("request_latencies"),
            "{e:?}"
        ),
        other => panic!("{other:?}"),
    }
}

/// "Good = 2xx answered within 300 ms": errors answered fast count neither as good
/// nor at all, and a 2xx over 300 ms is bad.
#[test]
fn a_latency_slo_on_2xx_only_ignores_fast_errors() {
    use runlane_telemetry::histogram::bucket_of;
    use runlane_telemetry::interval::ClassLatency;
    let w = world();
    // Each second: 60 successes at 250 ms, 20 at 400 ms, and 20 errors at 1 ms.
    let second = Interval {
        codes: vec![(200, 80), (503, 20)],
        latency: vec![(bucket_of(1_000), 20), (bucket_of(250_000), 60), (bucket_of(400_000), 20)],
        latency_sum_us: 20 * 1_000 + 60 * 250_000 + 20 * 400_000,
        class_latency: vec![
            ClassLatency {
                class: 2,
                latency: vec![(bucket_of(250_000), 60), (bucket_of(400_000), 20)],
                sum_us: 60 * 250_000 + 20 * 400_000,
            },
            ClassLatency {
                class: 5,
                latency: vec![(bucket_of(1_000), 20)],
                sum_us: 20 * 1_000,
            },
        ],
        ..Interval::default()
    };
    let seconds: Vec<_> = (T0..T0 + 120)
        .map(|t| (t, vec![("jokes".to_owned(), "jokes-1".to_owned(), second.clone())]))
        .collect();
    w.telemetry.metrics_db().write_seconds(&seconds).unwrap();
    w.clock.set_ms((T0 + 120) * 1000 + 60);
    let make = |id: &str, filter: &str| Slo {
        project: "default".into(),
        service: "jokes".into(),
        id: id.into(),
        display_name: id.into(),
        sli: Sli::DistributionCut {
            filter: filter.into(),
            min_ms: None,
            max_ms: Some(300.0),
        },
        goal: 0.9,
        period: PeriodSpec::Rolling { secs: 3600 },
        user_labels: Labels::new(),
    };
    let lat = r#"metric.type="run.googleapis.com/request_latencies""#;
    let ok_only = w
        .alerting
        .create_slo(make("ok-fast", &format!(r#"{lat} metric.labels.response_code_class="2xx""#)), true)
        .unwrap();
    let all = w.alerting.create_slo(make("all-fast", lat), true).unwrap();
    let counts = |s: &Slo| w.alerting.slo_status(&s.name(), 3).unwrap().period.counts;
    assert_eq!(
        counts(&ok_only),
        Counts { good: 60 * 120, bad: 20 * 120, total: 80 * 120 },
        "2xx only: 75%"
    );
    assert_eq!(
        counts(&all),
        Counts { good: 80 * 120, bad: 20 * 120, total: 100 * 120 },
        "fast errors flatter the SLI to 80%"
    );
    // A class filter on request_count's other label is refused by field.
    match w.alerting.create_slo(make("by-code", &format!(r#"{lat} metric.labels.response_code="200""#)), true) {
        Err(AlertingError::Invalid(e)) => assert!(
            e[0].0.ends_with("distributionCut.distributionFilter") && e[0].1.contains("response_code_class"),
            "{e:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_late_tick_evaluates_the_seconds_it_missed_in_order() {
    let w = world();
    let slo = w.slo(0.999, 30 * 86_400);
    w.burn_policy(&slo, 3600, 14.4, &[], vec![]);
    w.traffic(T0, T0 + 3600, "jokes-1", GOOD);
    let t1 = T0 + 3600;
    w.clock.set_ms(t1 * 1000 + 60);
    w.alerting.tick();
    // Ticks come only every 4 seconds (a loaded machine): the incident still opens at 52 s.
    let mut opened = None;
    for k in (0..80).step_by(4) {
        w.traffic(t1 + k, t1 + k + 4, "jokes-1", DOWN);
        w.clock.set_ms((t1 + k + 4) * 1000 + 60);
        if let Some(id) = w.alerting.tick().opened.first() {
            opened = Some(*id);
            break;
        }
    }
    let i = w
        .alerting
        .get_incident("default", opened.expect("opened"))
        .unwrap();
    assert_eq!(i.condition_met_ms, (t1 + 52) * 1000);
}

#[test]
fn burn_down_steps_sit_on_a_grid_and_whole_steps_are_measured_once() {
    let w = world();
    let slo = w.slo(0.99, 3600);
    w.traffic(T0 - 3600, T0, "jokes-1", &[(200, 99), (500, 1)]);
    w.clock.set_ms(T0 * 1000 + 60);
    let first = w.alerting.slo_status(&slo.name(), 6).unwrap();
    let ends: Vec<i64> = first.burn_down.iter().map(|p| p.end).collect();
    assert_eq!(ends, [T0 - 3000, T0 - 2400, T0 - 1800, T0 - 1200, T0 - 600, T0]);
    let sum = first.burn_down.iter().fold(Counts::default(), |a, p| sli::add(a, p.step));
    assert_eq!(sum, first.period.counts, "the steps add up to the period");

    // Ten seconds later: the rolling period moved, the grid did not. The whole steps come
    // from the cache and must equal a fresh measurement; the newest, partial step is new.
    w.traffic(T0, T0 + 10, "jokes-1", &[(500, 7)]);
    w.clock.set_ms((T0 + 10) * 1000 + 60);
    let later = w.alerting.slo_status(&slo.name(), 6).unwrap();
    let sum = later.burn_down.iter().fold(Counts::default(), |a, p| sli::add(a, p.step));
    assert_eq!(sum, later.period.counts);
    assert_eq!(later.burn_down.last().map(|p| (p.end, p.step.bad)), Some((T0 + 10, 70)));
    for p in &later.burn_down[1..later.burn_down.len() - 1] {
        let fresh = w
            .alerting
            .measure(&w.alerting.compiled(&slo).unwrap(), Range::new(p.end - 600, p.end), T0 + 10)
            .unwrap()
            .counts;
        assert_eq!(p.step, fresh, "cached step ending {}", p.end);
    }
    // Five whole steps from the first call (its newest step ended at the data end, so it
    // could still grow) and the one completed since. (The recovery estimate's own,
    // shorter steps are cached beside them.)
    let cached = lock(&w.alerting.inner.burn_down_steps).steps.keys().filter(|(_, t, e)| e - t == 600).count();
    assert_eq!(cached, 6);
}

#[test]
fn after_a_rollback_the_status_says_when_the_sli_is_back_over_its_goal() {
    let w = world();
    let slo = w.slo(0.95, 3600);
    // An hour at 10 requests a second: good, then five minutes of a canary failing every
    // request, then the rollback's five good minutes. SLI 33,000 / 36,000 = 91.7%.
    w.traffic(T0 - 3600, T0 - 600, "jokes-1", &[(200, 10)]);
    w.traffic(T0 - 600, T0 - 300, "jokes-2", &[(500, 10)]);
    w.traffic(T0 - 300, T0, "jokes-1", &[(200, 10)]);
    w.clock.set_ms(T0 * 1000 + 60);
    let st = w.alerting.slo_status(&slo.name(), 6).unwrap();
    assert_eq!(st.recovery_lookback, 60);
    // Good minutes leave as fast as new ones come; the 3,000 bad start leaving in 3,000 s
    // and 95% needs at most 1,800 of them: 120 s later.
    let Recovery::In(took) = st.recovery else { panic!("{:?}", st.recovery) };
    assert!((took.as_secs_f64() - 3120.0).abs() < 1e-6, "{took:?}");

    // The canary back on for the last minute: not at that rate.
    w.traffic(T0, T0 + 60, "jokes-2", &[(500, 10)]);
    w.clock.set_ms((T0 + 60) * 1000 + 60);
    assert_eq!(w.alerting.slo_status(&slo.name(), 6).unwrap().recovery, Recovery::NotAtRecentRate);
    // And with no traffic at all in the last minute, nothing to go by.
    w.traffic(T0 + 60, T0 + 180, "jokes-1", &[]);
    w.clock.set_ms((T0 + 180) * 1000 + 60);
    assert_eq!(w.alerting.slo_status(&slo.name(), 6).unwrap().recovery, Recovery::NoRecentData);
}

#[test]
fn an_incident_link_names_its_project_unless_it_is_the_default() {
    let w = world();
    assert_eq!(w.alerting.incident_url("default", 7), "http://127.0.0.1:8484/incidents/7");
    assert_eq!(
        w.alerting.incident_url("my-journey-4711", 7),
        "http://127.0.0.1:8484/incidents/7?ns=my-journey-4711"
    );
}

/// An incident that cannot be saved (a full disk) must not move its
/// policy to open, or nothing pages until the condition clears.
#[test]
fn an_incident_that_could_not_be_saved_opens_at_the_next_tick() {
    let w = world();
    let slo = w.slo(0.999, 30 * 86_400);
    w.burn_policy(&slo, 60, 14.4, &[], vec![]);
    w.traffic(T0, T0 + 60, "jokes-1", GOOD);
    // A second connection makes every incident write fail, as a full disk would.
    let db = rusqlite::Connection::open(w._dir.path().join("alerting.db")).unwrap();
    db.execute_batch(
        "CREATE TRIGGER full_disk BEFORE INSERT ON incidents
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    )
    .unwrap();
    let failed = w.second(T0 + 60, &[("jokes-1", DOWN)]);
    assert!(failed.opened.is_empty(), "{failed:?}");
    assert!(
        failed.errors.iter().any(|e| e.contains("disk is full")),
        "{failed:?}"
    );
    assert!(w.alerting.list_incidents("default").is_empty());
    db.execute_batch("DROP TRIGGER full_disk;").unwrap();
    let retried = w.second(T0 + 61, &[("jokes-1", DOWN)]);
    assert_eq!(retried.opened.len(), 1, "{retried:?}");
    assert_eq!(w.alerting.list_incidents("default").len(), 1);
}

/// A world whose notifier sends email to `smtp_url`, with `timeouts` for SMTP replies
/// and 1 s for everything else (the old bound on a whole SMTP delivery).
fn mail_world(smtp_url: String, timeouts: SmtpTimeouts) -> (World, String) {
    let dir = tempfile::tempdir().unwrap();
    let telemetry =
        Telemetry::open(&dir.path().join("telemetry"), TelemetryConfig::default()).unwrap();
    let clock = Arc::new(ManualClock::new(T0 * 1000));
    let config = AlertingConfig {
        smtp: Some(SmtpConfig {
            url: smtp_url,
            password: None,
            from: "runlane@example.com".into(),
        }),
        delivery_timeout: Duration::from_secs(1),
        smtp_timeouts: timeouts,
        ..AlertingConfig::default()
    };
    let alerting =
        Alerting::open(&dir.path().join("alerting.db"), telemetry.clone(), clock.clone(), config)
            .unwrap();
    let w = World {
        _dir: dir,
        telemetry,
        clock,
        alerting,
    };
    let channel = w
        .alerting
        .create_channel(Channel {
            project: "default".into(),
            id: String::new(),
            kind: "email".into(),
            display_name: "oncall".into(),
            description: String::new(),
            labels: [("email_address".to_owned(), "oncall@example.com".to_owned())].into(),
            user_labels: Labels::new(),
            enabled: true,
            created_ms: 0,
        })
        .unwrap()
        .name();
    (w, channel)
}

impl World {
    /// Opens one incident notifying `channel`.
    fn page(&self, channel: String) {
        let slo = self.slo(0.99, 3600);
        self.burn_policy(&slo, 30, 10.0, &[], vec![channel]);
        let mut t = T0;
        while self.second(t, &[("jokes-next", &[(500, 20)])]).opened.is_empty() {
            t += 1;
        }
    }
}

/// A mail server that answers the end of the message 2.5 s after it
/// stored it (a busy one may take minutes; RFC 5321 gives it 10) gets the alert once.
/// The clock moves a second per poll, so a resend after a failure would happen here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd; scripts/test.sh runs it"]
async fn a_slow_mail_server_gets_one_copy() {
    let smtp = runlane_test_support::smtp::SmtpServer::start_slow(Duration::from_millis(2500)).await;
    let (w, channel) = mail_world(smtp.url(), SmtpTimeouts::default());
    w.page(channel);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let notifier = tokio::spawn(notify::run(w.alerting.clone(), stop_rx));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let i = &w.alerting.list_incidents("default")[0];
        if i.timeline.iter().any(|e| e.kind == "notified") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not delivered; {} copies received; timeline {:?}",
            smtp.messages().len(),
            i.timeline
        );
        w.clock.advance_ms(1000);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let i = &w.alerting.list_incidents("default")[0];
    assert!(
        !i.timeline.iter().any(|e| e.kind == "notification_failed"),
        "{:?}",
        i.timeline
    );
    assert_eq!(smtp.messages().len(), 1);
    let _ = stop_tx.send(true);
    notifier.await.unwrap();
}

/// With timeouts shorter than the server's delay (as a test can set them), the attempt
/// that got no answer to its final "." says the server may have the message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd; scripts/test.sh runs it"]
async fn no_answer_to_the_final_dot_is_reported_as_possibly_delivered() {
    let smtp = runlane_test_support::smtp::SmtpServer::start_slow(Duration::from_secs(5)).await;
    let timeouts = SmtpTimeouts {
        data_block: Duration::from_millis(200),
        data_end: Duration::from_millis(300),
        ..SmtpTimeouts::default()
    };
    let (w, channel) = mail_world(smtp.url(), timeouts);
    w.page(channel);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let notifier = tokio::spawn(notify::run(w.alerting.clone(), stop_rx));
    runlane_test_wait(&w, |i| i.timeline.iter().any(|e| e.kind == "notification_failed")).await;
    let i = &w.alerting.list_incidents("default")[0];
    let failed = i.timeline.iter().find(|e| e.kind == "notification_failed").unwrap();
    assert!(
        failed.message.contains("did not answer the end of the message")
            && failed.message.contains("second copy"),
        "{}",
        failed.message
    );
    let _ = stop_tx.send(true);
    notifier.await.unwrap();
}

/// A Prometheus that takes 700 ms per query never holds the state
/// lock, so the API's reads answer at once while a tick opens an incident from it.
#[test]
fn a_slow_prometheus_never_holds_the_state_lock() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut head = [0u8; 4096];
                let _ = conn.read(&mut head);
                // The server's own slowness, not synchronisation.
                std::thread::sleep(Duration::from_millis(700));
                let body = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"100"]}]}}"#;
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    let w = world();
    let q = |name: &str| Some(format!("sum(increase({name}[{{{{.window}}}}]))"));
    let slo = w
        .alerting
        .create_slo(
            Slo {
                project: "default".into(),
                service: "jokes".into(),
                id: "availability".into(),
                display_name: "availability".into(),
                sli: Sli::Prometheus { url, good: None, bad: q("bad_total"), total: q("all_total") },
                goal: 0.99,
                period: PeriodSpec::Rolling { secs: 3600 },
                user_labels: Labels::new(),
            },
            true,
        )
        .unwrap();
    w.burn_policy(&slo, 60, 10.0, &[], vec![]);
    w.telemetry.metrics_db().write_second(T0, &[]).unwrap();
    w.clock.set_ms((T0 + 1) * 1000 + 60);
    let alerting = w.alerting.clone();
    let ticking = std::thread::spawn(move || alerting.tick());
    let mut slowest = Duration::ZERO;
    while !ticking.is_finished() {
        let asked = tokio::time::Instant::now();
        let _ = w.alerting.list_incidents("default");
        slowest = slowest.max(asked.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    let report = ticking.join().unwrap();
    assert_eq!(report.opened.len(), 1, "{report:?}");
    assert!(slowest < Duration::from_millis(300), "a read waited {slowest:?} for the lock");
}

/// The tutorial's current SLO: windows-based, a 5-minute window is good when at least 95%
/// of its requests succeed, rolling one day, goal 95%; its alert: burn rate over 5 minutes
/// above 10×, the default minimum of 10 requests. A canary failing 10% of all requests
/// makes the next window bad; the policy opens at the first evaluation after that window
/// ends (it never fired before: a 5-minute lookback held no whole 5-minute window, and one
/// window was "fewer than 10" events).
#[test]
fn the_tutorials_windows_based_slo_pages_when_the_first_bad_window_ends() {
    let w = world();
    let slo = w
        .alerting
        .create_slo(
            Slo {
                project: "default".into(),
                service: "jokes".into(),
                id: "windows".into(),
                display_name: "windows".into(),
                sli: Sli::Windows {
                    window_secs: 300,
                    rule: WindowSli::RatioThreshold {
                        performance: Box::new(Sli::Ratio {
                            good: Some(r#"metric.type="run.googleapis.com/request_count" metric.labels.response_code_class="2xx""#.into()),
                            bad: None,
                            total: Some(r#"metric.type="run.googleapis.com/request_count""#.into()),
                        }),
                        threshold: 0.95,
                    },
                },
                goal: 0.95,
                period: PeriodSpec::Rolling { secs: 86_400 },
                user_labels: Labels::new(),
            },
            true,
        )
        .unwrap();
    w.burn_policy(&slo, 300, 10.0, &[], vec![]);
    // Ten good minutes (T0 is a multiple of 300), then the canary: 1 request in 10 fails.
    w.traffic(T0, T0 + 600, "jokes-good", GOOD);
    let mut opened_at = None;
    for t in T0 + 600..T0 + 905 {
        let report = w.second(t, &[("jokes-good", &[(200, 9)]), ("jokes-next", &[(500, 1)])]);
        if !report.opened.is_empty() && opened_at.is_none() {
            opened_at = Some(t);
        }
    }
    // The window [T0+600, T0+900) is bad; the evaluation after its last second opens it.
    assert_eq!(opened_at, Some(T0 + 899));
    let st = w.alerting.slo_status(&slo.name(), 1).unwrap();
    // Three whole windows in the period, one bad: the SLI counts windows, and the data
    // behind them (9,000 requests) is plenty.
    assert_eq!(st.period.counts, Counts { good: 2, bad: 1, total: 3 });
    assert_eq!(st.period.requests, Some(9_000));
    let incident = w.alerting.list_incidents("default").into_iter().next().unwrap();
    assert_eq!(incident.top_revision().map(|r| r.revision.as_str()), Some("jokes-next"));
}

/// `conditionThreshold.trigger` as the evaluator applies it: a select_slo_* condition is one
/// time series, so `count: 1` and any `percent` in (0, 100] mean "that series violates",
/// and a count above one can never be met.
#[test]
fn a_trigger_counts_the_conditions_one_series() {
    let w = world();
    let slo = w.slo(0.999, 30 * 86_400);
    let with_trigger = |name: &str, trigger| {
        let mut p = w.burn_policy(&slo, 60, 1.0, &[], vec![]);
        p.display_name = name.into();
        p.conditions[0].trigger = Some(trigger);
        w.alerting.update_policy(p).unwrap()
    };
    let half = with_trigger("half", Trigger::Percent(50.0));
    let two = with_trigger("two", Trigger::Count(2));
    w.traffic(T0, T0 + 60, "jokes-1", GOOD);
    let mut opened = Vec::new();
    for k in 0..30 {
        let r = w.second(T0 + 60 + k, &[("jokes-1", DOWN)]);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        opened.extend(r.opened);
    }
    let incidents = w.alerting.list_incidents("default");
    assert!(!opened.is_empty() && incidents.iter().all(|i| i.policy == half.name()), "{incidents:?}");
    assert!(!incidents.iter().any(|i| i.policy == two.name()));
    assert_eq!(w.alerting.get_policy(&half.name()).unwrap().conditions[0].trigger, Some(Trigger::Percent(50.0)), "kept");
}

#[test]
fn series_needed_by_a_trigger() {
    assert_eq!(Trigger::series_needed(None, 1), 1);
    assert_eq!(Trigger::series_needed(Some(Trigger::Count(3)), 10), 3);
    assert_eq!(Trigger::series_needed(Some(Trigger::Percent(50.0)), 1), 1);
    assert_eq!(Trigger::series_needed(Some(Trigger::Percent(50.0)), 5), 3);
    assert_eq!(Trigger::series_needed(Some(Trigger::Percent(100.0)), 4), 4);
    assert_eq!(Trigger::series_needed(Some(Trigger::Percent(1.0)), 4), 1);
}

/// A policy on a metric, not an SLO: a condition over `aggregations`.
fn metric_policy(w: &World, condition: Condition, labels: &[(&str, &str)]) -> Result<Policy> {
    w.alerting.create_policy(Policy {
        project: "default".into(),
        id: String::new(),
        display_name: "jokes 5xx".into(),
        conditions: vec![condition],
        combiner: Combiner::Or,
        enabled: true,
        channels: vec![],
        documentation: None,
        auto_close_secs: None,
        user_labels: labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        severity: None,
        created_ms: 0,
        updated_ms: 0,
    })
}

fn rate_condition(aligner: &str, threshold: f64, duration_secs: u64) -> Condition {
    Condition {
        id: String::new(),
        display_name: "5xx/s".into(),
        filter: r#"metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes" AND metric.labels.response_code_class="5xx""#.into(),
        comparison: Comparison::Gt,
        threshold,
        duration_secs,
        trigger: None,
        aggregation: Some(Aggregation {
            alignment_secs: 10,
            aligner: Some(aligner.into()),
            reducer: Some("REDUCE_SUM".into()),
            group_by: vec![],
        }),
        absent: false,
    }
}

/// The 5xx rate of one service over 10 s: opens once the rate exceeds 1/s, names the
/// revision that served the errors, and resolves once they stop (the window has none).
#[test]
fn a_metric_threshold_on_the_5xx_rate_fires_names_the_revision_and_resolves() {
    let w = world();
    let policy = metric_policy(&w, rate_condition("ALIGN_RATE", 1.0, 0), &[(LABEL_RESOLVE_AFTER, "5s")]).unwrap();
    let bad: &[(&str, &[(u16, u64)])] = &[("jokes-good", &[(200, 50)]), ("jokes-next", &[(200, 5), (503, 3)])];
    let ok: &[(&str, &[(u16, u64)])] = &[("jokes-good", &[(200, 50)]), ("jokes-next", &[(200, 8)])];
    let mut t = T0;
    // 3 errors a second: 0.3/s after the first second of the 10-second window … 1.2/s after four.
    let mut opened = None;
    for n in 1..=10 {
        let r = w.second(t, bad);
        t += 1;
        if let Some(id) = r.opened.first() {
            opened = Some((n, *id));
            break;
        }
    }
    let (seconds, id) = opened.expect("the policy fired");
    assert_eq!(seconds, 4, "3/s × 4 s ÷ 10 s = 1.2/s is the first rate over 1/s");
    let i = w.alerting.get_incident("default", id).unwrap();
    assert_eq!(i.policy, policy.name());
    assert_eq!(i.service, "jokes");
    assert_eq!(i.top_revision().map(|r| (r.revision.as_str(), r.bad, r.total)), Some(("jokes-next", 12, 32)));
    assert!((i.observed[0].value.unwrap() - 1.2).abs() < 1e-9, "{:?}", i.observed);
    let notice = crate::message::Notice { incident: &i, kind: "opened", url: "", documentation: None };
    assert_eq!(notice.subject(), "[runlane] OPEN: jokes 5xx — service jokes, 5xx/s 1.20 > 1, top revision jokes-next (incident 1)");
    let body = notice.body();
    assert!(body.contains("Top revision:   jokes-next — 12 of its 32 requests selected by the condition's filter in the last 10s"), "{body}");
    assert!(!body.contains("SLO:") && !body.contains("Budget left:"), "{body}");
    // The errors stop: the window empties of them in 10 s, then 5 s clear resolve it.
    let mut resolved = None;
    for n in 1..=30 {
        let r = w.second(t, ok);
        t += 1;
        if r.resolved.contains(&id) {
            resolved = Some(n);
            break;
        }
    }
    let n = resolved.expect("the incident resolved");
    assert!((10..=17).contains(&n), "resolved {n} s after the errors stopped");
}

/// ALIGN_DELTA with a trigger of two series grouped by revision: both must exceed.
#[test]
fn a_metric_trigger_counts_series() {
    let w = world();
    let mut c = rate_condition("ALIGN_DELTA", 5.0, 0);
    c.aggregation.as_mut().unwrap().group_by = vec!["resource.labels.revision_name".into()];
    c.trigger = Some(Trigger::Count(2));
    metric_policy(&w, c, &[]).unwrap();
    let mut t = T0;
    // One revision failing: never opens.
    for _ in 0..12 {
        assert!(w.second(t, &[("jokes-a", &[(500, 2)]), ("jokes-b", &[(200, 2)])]).opened.is_empty());
        t += 1;
    }
    // Both failing: opens once both have more than 5 errors in the window.
    let mut opened = false;
    for _ in 0..4 {
        opened |= !w.second(t, &[("jokes-a", &[(500, 2)]), ("jokes-b", &[(500, 2)])]).opened.is_empty();
        t += 1;
    }
    assert!(opened);
}

/// conditionAbsent: fires when the filter has selected nothing for `duration`.
#[test]
fn a_metric_absence_fires_after_its_duration() {
    let w = world();
    let mut c = rate_condition("ALIGN_RATE", 0.0, 20);
    c.filter = r#"metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes""#.into();
    c.absent = true;
    metric_policy(&w, c, &[]).unwrap();
    let mut t = T0;
    for _ in 0..5 {
        assert!(w.second(t, &[("jokes-a", &[(200, 1)])]).opened.is_empty());
        t += 1;
    }
    // Traffic stops: the 10 s window empties after 10 s, then 20 s of absence.
    let mut at = None;
    for n in 1..=40 {
        if !w.second(t, &[("other", &[])]).opened.is_empty() {
            at = Some(n);
            break;
        }
        t += 1;
    }
    let n = at.expect("absence fired");
    assert!((29..=32).contains(&n), "fired {n} s after the last request");
}

#[test]
fn metric_conditions_are_checked_by_field() {
    let w = world();
    let mut bad_aligner = rate_condition("ALIGN_SOMETIMES", 1.0, 0);
    bad_aligner.display_name = "x".into();
    let mut on_slo = rate_condition("ALIGN_RATE", 1.0, 0);
    on_slo.filter = r#"select_slo_burn_rate("projects/default/services/jokes/serviceLevelObjectives/a", "300s")"#.into();
    let mut nonsense = rate_condition("ALIGN_RATE", 1.0, 0);
    nonsense.filter = "resource.labels.service_name=\"jokes\"".into();
    for (c, field, message) in [
        (bad_aligner, "conditions[0].conditionThreshold.aggregations[0].perSeriesAligner", "\"ALIGN_SOMETIMES\" is not supported"),
        (on_slo, "conditions[0].conditionThreshold.filter", "aggregations and conditionAbsent apply to metric filters"),
        (nonsense, "conditions[0].conditionThreshold.filter", "the filter must name a metric type"),
    ] {
        match metric_policy(&w, c, &[]) {
            Err(AlertingError::Invalid(e)) => assert!(e[0].0 == field && e[0].1.contains(message), "{e:?}"),
            other => panic!("{other:?}"),
        }
    }
}

/// p99 latency of successes over 10 s (ALIGN_PERCENTILE_99 on request_latencies' 2xx):
/// fast errors do not hide slow successes.
#[test]
fn a_metric_threshold_on_p99_latency_of_successes() {
    use runlane_telemetry::histogram::bucket_of;
    use runlane_telemetry::interval::ClassLatency;
    let w = world();
    let mut c = rate_condition("ALIGN_PERCENTILE_99", 300.0, 0);
    c.filter = r#"metric.type="run.googleapis.com/request_latencies" AND resource.labels.service_name="jokes" AND metric.labels.response_code_class="2xx""#.into();
    c.aggregation.as_mut().unwrap().reducer = None;
    metric_policy(&w, c, &[]).unwrap();
    // Each second: 10 successes at 500 ms and 90 errors at 1 ms: p99 of all requests is
    // fast, the successes' is 500 ms.
    let interval = Interval {
        codes: vec![(200, 10), (503, 90)],
        latency: vec![(bucket_of(1_000), 90), (bucket_of(500_000), 10)],
        latency_sum_us: 90 * 1_000 + 10 * 500_000,
        class_latency: vec![
            ClassLatency { class: 2, latency: vec![(bucket_of(500_000), 10)], sum_us: 10 * 500_000 },
            ClassLatency { class: 5, latency: vec![(bucket_of(1_000), 90)], sum_us: 90 * 1_000 },
        ],
        ..Interval::default()
    };
    w.telemetry
        .metrics_db()
        .write_second(T0, &[("jokes".to_owned(), "jokes-1".to_owned(), interval)])
        .unwrap();
    w.clock.set_ms((T0 + 1) * 1000 + 60);
    let r = w.alerting.tick();
    assert_eq!(r.opened.len(), 1, "{r:?}");
    let i = w.alerting.get_incident("default", r.opened[0]).unwrap();
    let p99 = i.observed[0].value.unwrap();
    assert!((p99 - 500.0).abs() < 5.0, "{p99}");
    assert!(i.breakdown.is_empty(), "no per-request breakdown for a latency percentile");
}

#[test]
fn a_custom_service_is_updated_durably_and_runlanes_own_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let telemetry = Telemetry::open(&dir.path().join("telemetry"), TelemetryConfig::default()).unwrap();
    let clock = Arc::new(ManualClock::new(T0 * 1000));
    let open = || Alerting::open(&dir.path().join("alerting.db"), telemetry.clone(), clock.clone(), AlertingConfig::default()).unwrap();
    let service = |id: &str, display_name: &str| MonitoredService {
        project: "default".into(),
        id: id.into(),
        display_name: display_name.into(),
        user_labels: [("team".to_owned(), "pay".to_owned())].into_iter().collect(),
    };
    let alerting = open();
    alerting.create_service(service("checkout", "Checkout"), false).unwrap();
    let updated = alerting.update_service(service("checkout", "Checkout v2"), false).unwrap();
    assert_eq!(updated.display_name, "Checkout v2");
    drop(alerting);
    let reopened = open();
    assert_eq!(reopened.custom_service("default", "checkout").unwrap().display_name, "Checkout v2", "the update is durable");
    assert!(matches!(reopened.update_service(service("jokes", "x"), true), Err(AlertingError::FailedPrecondition(m)) if m.contains("runlane deploy")));
    assert!(matches!(reopened.update_service(service("nope", "x"), false), Err(AlertingError::NotFound(_))));
    assert!(reopened.custom_service("default", "jokes").is_none() && reopened.custom_service("default", "nope").is_none(), "a refused update creates nothing");
}

/// Uptime checks are on disk when created, changed or deleted: a reopened store has them
/// as they were; a bad one is refused by field and stores nothing.
#[test]
fn uptime_checks_survive_a_restart() {
    let w = world();
    let check = crate::uptime::UptimeCheck {
        project: "default".into(),
        id: String::new(),
        display_name: "jokes up".into(),
        host: "jokes.localhost".into(),
        port: 8080,
        use_ssl: false,
        validate_ssl: false,
        path: "/".into(),
        method: crate::uptime::Method::Get,
        headers: Labels::new(),
        content_type: None,
        body: None,
        accepted: Vec::new(),
        content_matchers: Vec::new(),
        period_secs: 60,
        timeout_secs: 10.0,
        user_labels: Labels::new(),
        created_ms: 0,
    };
    let kept = w.alerting.create_uptime_check(check.clone()).unwrap();
    assert!(kept.id.starts_with("jokes-up-"), "{}", kept.id);
    let gone = w.alerting.create_uptime_check(check.clone()).unwrap();
    let changed = w.alerting.update_uptime_check(crate::uptime::UptimeCheck { period_secs: 10, ..kept.clone() }).unwrap();
    w.alerting.delete_uptime_check(&gone.name()).unwrap();
    let refused = w.alerting.create_uptime_check(crate::uptime::UptimeCheck { host: "example.com".into(), ..check });
    assert!(matches!(&refused, Err(AlertingError::Invalid(e)) if e[0].0 == "monitoredResource.labels.host"), "{refused:?}");
    let reopened = Alerting::open(&w._dir.path().join("alerting.db"), w.telemetry.clone(), w.clock.clone(), AlertingConfig::default()).unwrap();
    assert_eq!(reopened.list_uptime_checks("default"), vec![changed]);
    assert!(reopened.get_uptime_check(&gone.name()).is_err());
}
