//! Temporary harness: `runlane load` without the rest of the binary, for quick profiling.
#![allow(clippy::print_stderr)]
fn main() -> std::process::ExitCode {
    let raw = std::env::args_os().skip(1).collect();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    match rt.block_on(runlane_load::run(runlane_load::LoadArgs { raw })) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
