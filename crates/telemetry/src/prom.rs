//! `/metrics`: cumulative per-revision counters and histograms in the
//! OpenMetrics text format (prometheus-client), updated by the collector once
//! a second from the same drained numbers the store gets. Counters restart
//! from zero with the process, as Prometheus expects of counters.
//!
//! The latency histogram's `le` buckets are coarse (Prometheus style); each
//! fine bucket counts under the first `le` at or above its estimate, so a
//! bucket boundary is exact to within the fine buckets' 0.78%.

use std::collections::BTreeMap;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};

use crate::histogram::bucket_estimate;
use crate::query::code_class;
use crate::slot::{Slot, INSTANCE_STATES};

/// Upper bounds of the latency buckets, seconds.
const LE: [f64; 17] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    300.0, 3600.0,
];

#[derive(Clone, Debug, Default)]
struct Revision {
    codes: BTreeMap<u16, u64>,
    latency: [u64; LE.len() + 1],
    latency_count: u64,
    latency_sum_us: u64,
    instances: [u64; 5],
    in_flight: u64,
}

/// Everything `/metrics` shows, per (service, revision).
#[derive(Debug, Default)]
pub(crate) struct PromState {
    revisions: BTreeMap<(String, String), Revision>,
}

/// Telemetry's own numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Extra {
    pub request_logs_dropped: u64,
    pub app_logs_dropped: u64,
    pub persisted_until: i64,
    pub log_write_failures: u64,
}

fn le_index(bucket: u16) -> usize {
    let seconds = bucket_estimate(bucket) / 1e6;
    LE.iter().position(|le| seconds <= *le).unwrap_or(LE.len())
}

impl PromState {
    pub(crate) fn absorb(&mut self, slots: &[(String, String, Slot)]) {
        for (service, revision, slot) in slots {
            let r = self
                .revisions
                .entry((service.clone(), revision.clone()))
                .or_default();
            for &(code, n) in &slot.codes {
                *r.codes.entry(code).or_insert(0) += n;
            }
            for &(b, n) in &slot.latency {
                r.latency[le_index(b)] += n;
                r.latency_count += n;
            }
            r.latency_sum_us += slot.latency_sum_us;
            r.instances = slot.instances.map(|g| g.max);
            r.in_flight = slot.concurrency.max;
        }
        // A revision absent from this second has no instances and nothing in flight.
        let present: std::collections::HashSet<(&str, &str)> = slots
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
}

#[derive(Debug)]
struct Snapshot {
    revisions: Vec<((String, String), Revision)>,
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
                "Request latency per revision, from request head to the end of the response.",
                Some(&Unit::Seconds),
                MetricType::Histogram,
            )?;
            for ((s, r), rev) in &self.revisions {
                let buckets: Vec<(f64, u64)> = LE
                    .iter()
                    .copied()
                    .chain([f64::INFINITY])
                    .zip(rev.latency.iter().copied())
                    .collect();
                e.encode_family(&labels(s, r))?
                    .encode_histogram::<prometheus_client::encoding::NoLabelSet>(
                        rev.latency_sum_us as f64 / 1e6,
                        rev.latency_count,
                        &buckets,
                        None,
                    )?;
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
    use crate::slot::Gauge;

    #[test]
    fn exposes_counters_histograms_and_gauges() {
        let mut state = PromState::default();
        let slot = Slot {
            codes: vec![(200, 3), (503, 1)],
            latency: vec![(bucket_of(2_000), 3), (bucket_of(7_000_000), 1)],
            latency_sum_us: 7_006_000,
            instances: [
                Gauge::default(),
                Gauge::sample(1),
                Gauge::default(),
                Gauge::default(),
                Gauge::default(),
            ],
            ..Slot::default()
        };
        state.absorb(&[("jokes".into(), "jokes-1".into(), slot.clone())]);
        state.absorb(&[("jokes".into(), "jokes-1".into(), slot)]);
        let text = encode(
            &state,
            Extra {
                request_logs_dropped: 5,
                app_logs_dropped: 0,
                persisted_until: 42,
                log_write_failures: 0,
            },
        );
        for line in [
            "runlane_request_count_total{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"2xx\",response_code=\"200\"} 6",
            "runlane_request_count_total{service=\"jokes\",revision=\"jokes-1\",response_code_class=\"5xx\",response_code=\"503\"} 2",
            "runlane_request_latencies_seconds_bucket{le=\"0.0025\",service=\"jokes\",revision=\"jokes-1\"} 6",
            "runlane_request_latencies_seconds_bucket{le=\"10.0\",service=\"jokes\",revision=\"jokes-1\"} 8",
            "runlane_request_latencies_seconds_count{service=\"jokes\",revision=\"jokes-1\"} 8",
            "runlane_instance_count{service=\"jokes\",revision=\"jokes-1\",state=\"ready\"} 1",
            "runlane_telemetry_dropped_log_entries_total{log=\"requests\"} 5",
            "runlane_telemetry_persisted_until_seconds 42",
            "# EOF",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
    }
}
