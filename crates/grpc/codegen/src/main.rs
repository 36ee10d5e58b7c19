//! Generates the Rust code for the vendored Google API protos (`../proto`) into
//! `../src/gen`: prost messages, tonic server traits, and pbjson serde impls that follow
//! protobuf's JSON mapping (the gRPC services transcode to the REST API through them).
//! The output is checked in so a fresh machine builds runlane without protoc; run
//! `cargo run --manifest-path crates/grpc/codegen/Cargo.toml` after changing a proto.

use std::path::PathBuf;

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
    let proto_dir = root.join("proto");
    let out_dir = root.join("src/gen");
    std::fs::create_dir_all(&out_dir)?;
    // The protoc of a registry crate, so regenerating needs nothing installed either.
    std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path()?);
    let descriptors = std::env::temp_dir().join("runlane-grpc-descriptors.bin");
    let files: Vec<PathBuf> = PROTOS.iter().map(|p| proto_dir.join(p)).collect();
    tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .out_dir(&out_dir)
        .file_descriptor_set_path(&descriptors)
        .compile_well_known_types(true)
        .extern_path(".google.protobuf", "::pbjson_types")
        .compile_protos(&files, &[proto_dir, protoc_bin_vendored::include_path()?])?;
    pbjson_build::Builder::new()
        .register_descriptors(&std::fs::read(&descriptors)?)?
        .out_dir(&out_dir)
        .ignore_unknown_fields()
        .build(&[".google.api", ".google.logging", ".google.monitoring", ".google.rpc", ".google.type"])?;
    std::fs::remove_file(&descriptors)?;
    Ok(())
}
