//! Generates the Rust code for the vendored Google API protos (`../proto`) into
//! `../src/gen`: prost messages, tonic server traits, and pbjson serde impls that follow
//! protobuf's JSON mapping (the gRPC services transcode to the REST API through them).
//! The output is checked in so a fresh machine builds runlane without protoc; run
//! `cargo run --manifest-path crates/grpc/codegen/Cargo.toml` after changing a proto;
//! with `-- --check` it only says whether the checked-in code is what the protos give
//! (scripts/test.sh runs that).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The services runlane serves over gRPC; their imports come along.
const PROTOS: &[&str] = &[
    "google/monitoring/v3/alert_service.proto",
    "google/monitoring/v3/notification_service.proto",
    "google/monitoring/v3/service_service.proto",
    "google/monitoring/v3/metric_service.proto",
    "google/logging/v2/logging.proto",
    "google/rpc/error_details.proto",
    "google/rpc/status.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked_in = root.join("src/gen");
    let check = std::env::args().any(|a| a == "--check");
    let scratch = std::env::temp_dir().join(format!("runlane-grpc-gen-{}", std::process::id()));
    let out_dir = if check { scratch.clone() } else { checked_in.clone() };
    std::fs::create_dir_all(&out_dir)?;
    generate(&root.join("proto"), &out_dir)?;
    if !check {
        return Ok(());
    }
    let stale = differences(&scratch, &checked_in)?;
    std::fs::remove_dir_all(&scratch)?;
    if stale.is_empty() {
        return Ok(());
    }
    eprintln!(
        "crates/grpc/src/gen is not what crates/grpc/proto generates ({}); regenerate it with `cargo run --manifest-path crates/grpc/codegen/Cargo.toml` and commit the result",
        stale.join(", ")
    );
    std::process::exit(1);
}

fn generate(proto_dir: &Path, out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    // The protoc of a registry crate, so regenerating needs nothing installed either.
    std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path()?);
    let descriptors = out_dir.join("descriptors.bin");
    let files: Vec<PathBuf> = PROTOS.iter().map(|p| proto_dir.join(p)).collect();
    tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .out_dir(out_dir)
        .file_descriptor_set_path(&descriptors)
        .compile_well_known_types(true)
        .extern_path(".google.protobuf", "::pbjson_types")
        .compile_protos(&files, &[proto_dir.to_owned(), protoc_bin_vendored::include_path()?])?;
    pbjson_build::Builder::new()
        .register_descriptors(&std::fs::read(&descriptors)?)?
        .out_dir(out_dir)
        .ignore_unknown_fields()
        .build(&[".google.api", ".google.logging", ".google.monitoring", ".google.rpc", ".google.type"])?;
    std::fs::remove_file(&descriptors)?;
    Ok(())
}

/// The names of the files that differ between the two directories, or are in only one.
fn differences(fresh: &Path, checked_in: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let names = |dir: &Path| -> Result<BTreeSet<String>, std::io::Error> {
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned())).collect()
    };
    let mut stale = Vec::new();
    for name in names(fresh)?.union(&names(checked_in)?) {
        let read = |dir: &Path| std::fs::read(dir.join(name)).ok();
        if read(fresh) != read(checked_in) {
            stale.push(name.clone());
        }
    }
    Ok(stale)
}
