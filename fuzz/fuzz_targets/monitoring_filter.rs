//! Fuzzes the Cloud Monitoring filter parsers (SLO filters, time-series filters and
//! alert selectors): any input parses or errors, never panics, and what parses prints
//! back to something that parses to the same filter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(filter) = runlane_slo::filter::parse(text) {
        let printed = filter.to_string();
        let again = runlane_slo::filter::parse(&printed).expect("a printed filter parses");
        assert_eq!(again.to_string(), printed);
        let _ = filter.matches(&|k| (k == "metric.type").then(|| "run.googleapis.com/request_count".to_owned()));
    }
    let _ = runlane_slo::selector::parse(text);
    let _ = runlane_telemetry::query::SeriesFilter::parse(text);
});
