//! Fuzzes the Cloud Logging filter parser: any input parses or errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = runlane_telemetry::filter::parse(text);
    let _ = runlane_telemetry::logs::LogFilter::parse(text);
});
