//! Fuzzes Host parsing in the router: any Host header routes or errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runlane_router::{RevisionBackend, RouteTable, ServiceRoute};
use std::sync::OnceLock;
use std::time::Duration;

fn table() -> &'static RouteTable {
    static TABLE: OnceLock<RouteTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let a = RevisionBackend::new("jokes", "jokes-1", Duration::from_secs(1));
        let b = RevisionBackend::new("jokes", "jokes-2", Duration::from_secs(1));
        let route = ServiceRoute { name: "jokes".into(), split: vec![(a.clone(), 9000), (b.clone(), 1000)], tags: vec![("next".into(), b)] };
        RouteTable::new("localhost", vec![route]).expect("a valid table")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(host) = std::str::from_utf8(data) else { return };
    let _ = table().route(host);
});
