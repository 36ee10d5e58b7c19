//! Fuzzes the Cloud Monitoring filter parsers (time-series and SLI filters, alert
//! selectors): any input parses or errors, never panics; and what parses prints back (the
//! filter's canonical form) to text that parses to the same filter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(expr) = runlane_telemetry::filter::parse(text) {
        let printed = expr.to_string();
        let again = runlane_telemetry::filter::parse(&printed).expect("a printed filter parses");
        assert_eq!(again, expr, "{printed}");
        assert_eq!(again.to_string(), printed);
    }
    let _ = runlane_telemetry::query::SeriesFilter::parse(text);
    let _ = runlane_slo::selector::parse(text);
});
