//! `/metrics`: cumulative per-revision counters and histograms in the
//! OpenMetrics text format (prometheus-client), updated by the collector once
//! a second from the same drained numbers the store gets. Counters restart
//! from zero with the process, as Prometheus expects of counters.
//!
//! The latency histogram's `le` buckets are coarse (Prometheus style); each
//! fine bucket counts under the first `le` at or above its estimate, so a
//! bucket boundary is exact to within the fine buckets' 0.78%.
//!
//! Saturation: `runlane_container_cpu_utilization` and
//! `runlane_container_memory_utilization` are histograms per revision of the
//! runtime's samples (one observation per instance per second, a ratio 0..1 of
//! the revision's limit; no unit suffix, as a ratio has none), counted exactly
//! against their `le` bounds as the samples arrive; take a percentile with
//! `histogram_quantile(0.99, sum by (le, revision) (rate(runlane_container_cpu_utilization_bucket[5m])))`.
//! They appear once a revision has a sample. `runlane_container_memory_bytes` is
//! a gauge per instance (the latest sample; an instance that is gone is gone from
//! it), `runlane_container_oom_kills_total` a counter per revision.

use std::collections::BTreeMap;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};

use crate::histogram::bucket_estimate;
use crate::query::code_class;
use crate::interval::{Interval, INSTANCE_STATES};
use crate::UsageSample;

/// Upper bounds of the latency buckets, seconds.
const LE: [f64; 17] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    300.0, 3600.0,
];

/// Upper bounds of the utilisation buckets, ratios of the limit.
const UTILIZATION_LE: [f64; 12] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0];

/// Samples of one utilisation, per `le` bucket (not cumulative; the last is +Inf).
#[derive(Clone, Debug, Default)]
struct Utilization {
    buckets: [u64; UTILIZATION_LE.len() + 1],
    count: u64,
    sum: f64,
}

impl Utilization {
    fn observe(&mut self, ratio: f64) {
        let ratio = ratio.clamp(0.0, 1.0);
        let i = UTILIZATION_LE
            .iter()
            .position(|le| ratio <= *le)
            .unwrap_or(UTILIZATION_LE.len());
        self.buckets[i] += 1;
        self.count += 1;
        self.sum += ratio;
    }
}

/// One latency histogram of `/metrics`.
#[derive(Clone, Debug, Default)]
struct Latency {
    buckets: [u64; LE.len() + 1],
    count: u64,
    sum_us: u64,
}

impl Latency {
    fn add(&mut self, sparse: &[(u16, u64)], sum_us: u64) {
        for &(b, n) in sparse {
            self.buckets[le_index(b)] += n;
            self.count += n;
        }
        self.sum_us += sum_us;
    }
}

#[derive(Clone, Debug, Default)]
struct Revision {
    codes: BTreeMap<u16, u64>,
    /// By status class (`2` for 2xx); class 0 holds latencies recorded without one.
    latency: BTreeMap<u8, Latency>,
    instances: [u64; 5],
    in_flight: u64,
    cpu: Utilization,
    memory: Utilization,
    oom_kills: u64,
}

/// Everything `/metrics` shows, per (service, revision).
#[derive(Debug, Default)]
pub(crate) struct PromState {
    revisions: BTreeMap<(String, String), Revision>,
    /// The latest memory sample per (service, revision, instance), bytes.
    memory_bytes: BTreeMap<(String, String, String), u64>,
}

/// Telemetry's own numbers.
#[derive(Clone, Debug)]
pub(crate) struct Extra {
    pub request_logs_dropped: u64,
    pub app_logs_dropped: u64,
    pub persisted_until: i64,
    pub log_write_failures: u64,
    /// Log entries not written because the disk was below the free-space floor.
    pub logs_dropped_low_disk: u64,
    /// Free bytes on the telemetry directory's filesystem at the last check.
    pub storage_free_bytes: u64,
    /// The data dir's fill forecast, when it is filling.
    pub fill: Option<crate::forecast::FillForecast>,
    /// Requests waiting in the router for room under containerConcurrency, per (service, revision),
    /// read live by the caller (the router keeps them, not telemetry).
    pub queued: Vec<(String, String, u64)>,
}

fn le_index(bucket: u16) -> usize {
    let seconds = bucket_estimate(bucket) / 1e6;
    LE.iter().position(|le| seconds <= *le).unwrap_or(LE.len())
}

impl PromState {
    pub(crate) fn absorb(&mut self, intervals: &[(String, String, Interval)]) {
        for (service, revision, interval) in intervals {
            let r = self
                .revisions
                .entry((service.clone(), revision.clone()))
                .or_default();
            for &(code, n) in &interval.codes {
                *r.codes.entry(code).or_insert(0) += n;
            }
            for c in &interval.class_latency {
                r.latency.entry(c.class).or_default().add(&c.latency, c.sum_us);
            }
            let (unclassed, sum_us) = interval.unclassed_latency();
            if !unclassed.is_empty() {
                r.latency.entry(0).or_default().add(&unclassed, sum_us);
            }
            r.oom_kills += interval.oom_kills;
            r.instances = interval.instances.map(|g| g.max);
            r.in_flight = interval.concurrency.max;
        }
        // A revision absent from this second has no instances and nothing in flight.
        let present: std::collections::HashSet<(&str, &str)> = intervals
            .iter()
            .map(|(s, r, _)| (s.as_str(), r.as_str()))
            .collect();
        for ((s, rev), r) in self.revisions.iter_mut() {
            if !present.contains(&(s.as_str(), rev.as_str())) {
                r.instances = [0; 5];
                r.in_flight = 0;
            }
        }
    }

    /// Counts one round of usage samples into the utilisation histograms.
    pub(crate) fn observe_usage(&mut self, samples: &[UsageSample]) {
        for s in samples {
            if !(s.cpu_utilization.is_finite() && s.memory_utilization.is_finite()) {
                continue;
            }
            let r = self
                .revisions
                .entry((s.service.clone(), s.revision.clone()))
                .or_default();
            r.cpu.observe(s.cpu_utilization);
            r.memory.observe(s.memory_utilization);
        }
    }

    /// Replaces the per-instance memory gauges with the latest samples.
    pub(crate) fn set_memory(&mut self, latest: &[UsageSample]) {
        self.memory_bytes = latest
            .iter()
            .map(|s| {
                (
                    (s.service.clone(), s.revision.clone(), s.instance.clone()),
                    s.memory_bytes,
                )
            })
            .collect();
    }
}

#[derive(Debug)]
struct Snapshot {
    revisions: Vec<((String, String), Revision)>,
    memory_bytes: Vec<((String, String, String), u64)>,
    extra: Extra,
}

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let labels = |s: &str, r: &str| vec![("service", s.to_owned()), ("revision", r.to_owned())];
        {
            let mut e = encoder.encode_descriptor(
                "runlane_request_count",
                "Responses per revision, by status code (router-made errors included).",
                None,
                MetricType::Counter,
            )?;
            for ((s, r), rev) in &self.revisions {
                for (code, n) in &rev.codes {
                    let mut l = labels(s, r);
                    l.push(("response_code_class", code_class(*code)));
                    l.push(("response_code", code.to_string()));
                    ConstCounter::new(*n).encode(e.encode_family(&l)?)?;
                }
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_request_latencies",
                "Request latency per revision and status class, from request head to the end of the response.",
                Some(&Unit::Seconds),
                MetricType::Histogram,
            )?;
            for ((s, r), rev) in &self.revisions {
                for (class, latency) in &rev.latency {
                    let buckets: Vec<(f64, u64)> = LE
                        .iter()
                        .copied()
                        .chain([f64::INFINITY])
                        .zip(latency.buckets.iter().copied())
                        .collect();
                    let mut l = labels(s, r);
                    if *class > 0 {
                        l.push(("response_code_class", format!("{class}xx")));
                    }
                    e.encode_family(&l)?
                        .encode_histogram::<prometheus_client::encoding::NoLabelSet>(
                            latency.sum_us as f64 / 1e6,
                            latency.count,
                            &buckets,
                            None,
                        )?;
                }
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_instance_count",
                "Instances per revision, by state.",
                None,
                MetricType::Gauge,
            )?;
            for ((s, r), rev) in &self.revisions {
                for (state, n) in INSTANCE_STATES.iter().zip(rev.instances) {
                    let mut l = labels(s, r);
                    l.push(("state", (*state).to_owned()));
                    ConstGauge::new(n as i64).encode(e.encode_family(&l)?)?;
                }
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_requests_in_flight",
                "Requests being served per revision (sampled once a second).",
                None,
                MetricType::Gauge,
            )?;
            for ((s, r), rev) in &self.revisions {
                ConstGauge::new(rev.in_flight as i64).encode(e.encode_family(&labels(s, r))?)?;
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_request_queue_depth",
                "Requests waiting in the router for room under containerConcurrency per revision, right now.",
                None,
                MetricType::Gauge,
            )?;
            for (s, r, n) in &self.extra.queued {
                ConstGauge::new(*n as i64).encode(e.encode_family(&labels(s, r))?)?;
            }
        }
        for (name, help, pick) in [
            (
                "runlane_container_cpu_utilization",
                "CPU used per revision as a ratio of the CPU limit, one observation per instance per second.",
                (|r: &Revision| &r.cpu) as fn(&Revision) -> &Utilization,
            ),
            (
                "runlane_container_memory_utilization",
                "Memory used per revision as a ratio of the memory limit, one observation per instance per second.",
                |r: &Revision| &r.memory,
            ),
        ] {
            let mut e = encoder.encode_descriptor(name, help, None, MetricType::Histogram)?;
            for ((s, r), rev) in &self.revisions {
                let u = pick(rev);
                if u.count == 0 {
                    continue;
                }
                let buckets: Vec<(f64, u64)> = UTILIZATION_LE
                    .iter()
                    .copied()
                    .chain([f64::INFINITY])
                    .zip(u.buckets.iter().copied())
                    .collect();
                e.encode_family(&labels(s, r))?
                    .encode_histogram::<prometheus_client::encoding::NoLabelSet>(
                        u.sum, u.count, &buckets, None,
                    )?;
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_container_memory",
                "Memory used per instance (the latest sample).",
                Some(&Unit::Bytes),
                MetricType::Gauge,
            )?;
            for ((s, r, i), bytes) in &self.memory_bytes {
                let mut l = labels(s, r);
                l.push(("instance", i.clone()));
                ConstGauge::new(i64::try_from(*bytes).unwrap_or(i64::MAX))
                    .encode(e.encode_family(&l)?)?;
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_container_oom_kills",
                "Instances per revision killed for running out of memory.",
                None,
                MetricType::Counter,
            )?;
            for ((s, r), rev) in &self.revisions {
                ConstCounter::new(rev.oom_kills).encode(e.encode_family(&labels(s, r))?)?;
            }
        }
        {
            let mut e = encoder.encode_descriptor(
                "runlane_telemetry_dropped_log_entries",
                "Log entries dropped because the log writer was behind.",
                None,
                MetricType::Counter,
            )?;
            for (log, n) in [
                ("requests", self.extra.request_logs_dropped),
                ("app", self.extra.app_logs_dropped),
            ] {
                ConstCounter::new(n).encode(e.encode_family(&[("log", log)])?)?;
            }
        }
        let e = encoder.encode_descriptor(
            "runlane_telemetry_log_entries_dropped_low_disk",
            "Log entries not written because free disk space was below the floor (--log-min-free-bytes).",
            None,
            MetricType::Counter,
        )?;
        ConstCounter::new(self.extra.logs_dropped_low_disk).encode(e)?;
        let e = encoder.encode_descriptor(
            "runlane_storage_free",
            "Free bytes on the data directory's filesystem.",
            Some(&Unit::Bytes),
            MetricType::Gauge,
        )?;
        ConstGauge::new(self.extra.storage_free_bytes).encode(e)?;
        // Only while the disk is filling: an absent series is "no forecast", as
        // Prometheus's predict_linear users expect, not a forecast of zero.
        if let Some(fill) = &self.extra.fill {
            let e = encoder.encode_descriptor(
                "runlane_storage_fill_forecast_seconds",
                "Seconds until the data dir's filesystem is full at the last hour's rate (present only while it is filling).",
                None,
                MetricType::Gauge,
            )?;
            ConstGauge::new(fill.full_in.as_secs_f64()).encode(e)?;
            let e = encoder.encode_descriptor(
                "runlane_storage_fill_rate_bytes_per_second",
                "Free space lost per second on the data dir's filesystem over the last hour (present only while it is filling).",
                None,
                MetricType::Gauge,
            )?;
            ConstGauge::new(fill.bytes_per_second).encode(e)?;
        }
        let e = encoder.encode_descriptor(
            "runlane_telemetry_log_write_failures",
            "Failed log batch writes (each retried).",
            None,
            MetricType::Counter,
        )?;
        ConstCounter::new(self.extra.log_write_failures).encode(e)?;
        let e = encoder.encode_descriptor(
            "runlane_telemetry_persisted_until",
            "Unix time up to which metrics are on disk.",
            Some(&Unit::Seconds),
            MetricType::Gauge,
        )?;
        ConstGauge::new(self.extra.persisted_until).encode(e)?;
        Ok(())
    }
}

pub(crate) fn encode(state: &PromState, extra: Extra) -> String {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(Snapshot {
        revisions: state
            .revisions
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        memory_bytes: state
            .memory_bytes
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        extra,
    }));
    let mut out = String::new();
    if prometheus_client::encoding::text::encode(&mut out, &registry).is_err() {
        tracing::warn!("could not encode /metrics");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::histogram::bucket_of;
    use crate::interval::Gauge;

    #[test]
    fn exposes_counters_histograms_and_gauges() {
        let mut state = PromState::default();
        let interval = Interval {
            codes: vec![(200, 3), (503, 1)],
            latency: vec![(bucket_of(2_000), 3), (bucket_of(7_000_000), 1)],
            latency_sum_us: 7_006_000,
            class_latency: vec![
                crate::interval::ClassLatency {
                    class: 2,
                    latency: vec![(bucket_of(7_000_000), 1)],
                    sum_us: 7_000_000,
                },
                crate::interval::ClassLatency {
                    class: 5,
                    latency: vec![(bucket_of(2_000), 1)],
                    sum_us: 2_000,
                },
            ],
            instances: [
                Gauge::default(),
                Gauge::sample(1),
                Gauge::default(),
                Gauge::default(),
                Gauge::default(),
            ],
            ..Interval::default()
        };
        state.absorb(&[("jokes".into(), "jokes-1".into(), interval.clone())]);
        state.absorb(&[("jokes".into(), "jokes-1".into(), interval)]);
        let text = encode(
            &state,
            Extra {
                request_logs_dropped: 5,
                app_logs_dropped: 0,
                persisted_until: 42,
                log_write_failures: 0,
                logs_dropped_low_disk: 0,
                storage_free_bytes: 0,
                fill: None,
                queued: vec![("jokes".into(), "jokes-1".into(), 3)],
            },
        );
        for line in [
            "runlane_request_count_total{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"2xx\",response_code=\"200\"} 6",
            "runlane_request_count_total{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"5xx\",response_code=\"503\"} 2",
            // Fast errors and a slow success apart; two older latencies without a class.
            "runlane_request_latencies_seconds_bucket{le=\"0.0025\",service=\"jokes\",revision=\"jokes-1\",response_code_class=\"5xx\"} 2",
            "runlane_request_latencies_seconds_count{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"5xx\"} 2",
            "runlane_request_latencies_seconds_bucket{le=\"5.0\",service=\"jokes\",revision=\"jokes-1\",response_code_class=\"2xx\"} 0",
            "runlane_request_latencies_seconds_bucket{le=\"10.0\",service=\"jokes\",revision=\"jokes-1\",response_code_class=\"2xx\"} 2",
            "runlane_request_latencies_seconds_sum{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"2xx\"} 14.0",
            "runlane_request_latencies_seconds_bucket{le=\"0.0025\",service=\"jokes\",revision=\"jokes-1\"} 4",
            "runlane_request_latencies_seconds_count{service=\"jokes\",revision=\"jokes-1\"} 4",
            "runlane_instance_count{service=\"jokes\",revision=\"jokes-1\",state=\"ready\"} 1",
            "runlane_request_queue_depth{service=\"jokes\",revision=\"jokes-1\"} 3",
            "runlane_telemetry_dropped_log_entries_total{log=\"requests\"} 5",
            "runlane_telemetry_persisted_until_seconds 42",
            "runlane_container_oom_kills_total{service=\"jokes\",revision=\"jokes-1\"} 0",
            "# EOF",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        assert!(
            !text.contains("runlane_container_cpu_utilization_count"),
            "no utilisation before a sample:\n{text}"
        );
    }

    fn usage(instance: &str, cpu: f64, memory: f64, bytes: u64) -> UsageSample {
        UsageSample {
            service: "jokes".into(),
            revision: "jokes-1".into(),
            instance: instance.into(),
            cpu_utilization: cpu,
            memory_utilization: memory,
            memory_bytes: bytes,
            memory_limit_bytes: None,
            cpu_limit_millis: None,
        }
    }

    fn check_lines(state: &PromState, lines: &[&str], absent: &[&str]) {
        let text = encode(
            state,
            Extra {
                request_logs_dropped: 0,
                app_logs_dropped: 0,
                persisted_until: 0,
                log_write_failures: 0,
                logs_dropped_low_disk: 0,
                storage_free_bytes: 0,
                fill: None,
                queued: Vec::new(),
            },
        );
        for line in lines {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        for line in absent {
            assert!(!text.contains(line), "unexpected {line:?} in\n{text}");
        }
    }

    /// What the disk did is in /metrics under its OpenMetrics names.
    #[test]
    fn exposes_storage() {
        let text = encode(
            &PromState::default(),
            Extra {
                request_logs_dropped: 0,
                app_logs_dropped: 0,
                persisted_until: 0,
                log_write_failures: 0,
                logs_dropped_low_disk: 7,
                storage_free_bytes: 1 << 20,
                fill: None,
                queued: Vec::new(),
            },
        );
        assert!(text.contains("\nrunlane_telemetry_log_entries_dropped_low_disk_total 7\n"), "{text}");
        assert!(text.contains("\nrunlane_storage_free_bytes 1048576\n"), "{text}");
        assert!(!text.contains("runlane_storage_fill_forecast_seconds"), "no forecast, no series: {text}");
        let filling = encode(
            &PromState::default(),
            Extra {
                request_logs_dropped: 0,
                app_logs_dropped: 0,
                persisted_until: 0,
                log_write_failures: 0,
                logs_dropped_low_disk: 0,
                storage_free_bytes: 1 << 20,
                fill: Some(crate::forecast::FillForecast {
                    bytes_per_second: 512.0,
                    full_in: std::time::Duration::from_secs(2048),
                    fastest_file: None,
                    over: std::time::Duration::from_secs(3600),
                    free_bytes: 1 << 20,
                }),
                queued: Vec::new(),
            },
        );
        assert!(filling.contains("\nrunlane_storage_fill_forecast_seconds 2048.0\n"), "{filling}");
        assert!(filling.contains("\nrunlane_storage_fill_rate_bytes_per_second 512.0\n"), "{filling}");
    }

    #[test]
    fn exposes_saturation() {
        let mut state = PromState::default();
        let round = [
            usage("jokes-1-a", 0.1, 0.5, 64 << 20),
            usage("jokes-1-b", 0.96, 0.25, 32 << 20),
        ];
        state.observe_usage(&round);
        state.observe_usage(&[usage("jokes-1-a", 1.4, f64::NAN, 0)]);
        state.observe_usage(&[usage("jokes-1-a", 0.45, 1.0, 0)]);
        state.set_memory(&round);
        state.absorb(&[(
            "jokes".into(),
            "jokes-1".into(),
            Interval {
                oom_kills: 2,
                ..Interval::default()
            },
        )]);
        check_lines(
            &state,
            &[
                "# TYPE runlane_container_cpu_utilization histogram",
                // 0.1 is in le=0.1 (inclusive); 0.96 in 0.99; 0.45 in 0.5; the NaN round is skipped.
                "runlane_container_cpu_utilization_bucket{le=\"0.1\",service=\"jokes\",revision=\"jokes-1\"} 1",
                "runlane_container_cpu_utilization_bucket{le=\"0.5\",service=\"jokes\",revision=\"jokes-1\"} 2",
                "runlane_container_cpu_utilization_bucket{le=\"0.95\",service=\"jokes\",revision=\"jokes-1\"} 2",
                "runlane_container_cpu_utilization_bucket{le=\"0.99\",service=\"jokes\",revision=\"jokes-1\"} 3",
                "runlane_container_cpu_utilization_bucket{le=\"+Inf\",service=\"jokes\",revision=\"jokes-1\"} 3",
                "runlane_container_cpu_utilization_count{service=\"jokes\",revision=\"jokes-1\"} 3",
                "runlane_container_memory_utilization_bucket{le=\"0.2\",service=\"jokes\",revision=\"jokes-1\"} 0",
                "runlane_container_memory_utilization_bucket{le=\"0.3\",service=\"jokes\",revision=\"jokes-1\"} 1",
                "runlane_container_memory_utilization_bucket{le=\"1.0\",service=\"jokes\",revision=\"jokes-1\"} 3",
                "runlane_container_memory_utilization_sum{service=\"jokes\",revision=\"jokes-1\"} 1.75",
                "# TYPE runlane_container_memory_bytes gauge",
                "runlane_container_memory_bytes{service=\"jokes\",revision=\"jokes-1\",instance=\"jokes-1-a\"} 67108864",
                "runlane_container_memory_bytes{service=\"jokes\",revision=\"jokes-1\",instance=\"jokes-1-b\"} 33554432",
                "runlane_container_oom_kills_total{service=\"jokes\",revision=\"jokes-1\"} 2",
            ],
            &[],
        );
        // An instance gone from the latest samples is gone from the gauge.
        state.set_memory(&round[..1]);
        check_lines(
            &state,
            &["instance=\"jokes-1-a\"} 67108864"],
            &["instance=\"jokes-1-b\""],
        );
    }
}
