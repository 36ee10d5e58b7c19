//! Fuzzes the spec validator: any body is parsed as a Knative Service and, when it
//! parses, validated and applied as a create; errors are fine, panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runlane_model::write::{apply, WriteContext};

fuzz_target!(|data: &[u8]| {
    let Ok(write) = runlane_api::wire::service_write(data, "default", None) else { return };
    let ctx = WriteContext {
        existing: None,
        revisions: &[],
        now: 0,
        next_resource_version: 1,
        service_uid: "u".into(),
        revision_uid: "r".into(),
        name_suffix: "abc".into(),
        image_digest: None,
    };
    let _ = apply(write, ctx);
});
