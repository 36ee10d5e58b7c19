//! Fuzzes the project's two duration parsers: any text parses or is
//! refused, never panics, and a Google duration read back from its own rendering is the
//! same duration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runlane_model::duration::{format_google, parse_google, parse_human, whole_seconds};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(d) = parse_human(text) {
        let _ = whole_seconds(text, d);
    }
    if let Ok(d) = parse_google(text) {
        assert_eq!(parse_google(&format_google(d)), Ok(d), "{text:?}");
    }
});
