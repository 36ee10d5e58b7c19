//! Fuzzes the Cloud Run v2 body parser: any body is parsed as a
//! `google.cloud.run.v2.Service` and, when it parses, validated and applied as a
//! create, and its errors renamed to v2 field paths; errors are fine, panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runlane_model::write::{apply, WriteContext};

const NAME: &str = "projects/default/locations/us-central1/services/jokes";

fuzz_target!(|data: &[u8]| {
    let write = match runlane_api::runv2::wire::service_write(data, "default", "jokes", NAME) {
        Ok(write) => write,
        Err(e) => {
            let _ = runlane_api::runv2::wire::v2_error(e);
            return;
        }
    };
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
    if let Err(runlane_model::write::WriteError::Invalid(errors)) = apply(write, ctx) {
        let _ = runlane_api::runv2::wire::v2_error(runlane_api::error::ApiError::invalid(errors));
    }
});
