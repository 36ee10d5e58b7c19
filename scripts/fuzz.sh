#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (FUZZ_SECONDS each, default 20) and
# fails on the first crash, leaving the crashing input under fuzz/artifacts/.
# The machine has stable Rust only; cargo fuzz needs -Z flags, which RUSTC_BOOTSTRAP
# allows on stable.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
if ! command -v cargo-fuzz >/dev/null; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-20}"
targets=(monitoring_filter logging_filter service_spec run_v2_service host durations)
cargo fuzz build 2>&1 | tail -n 3
for target in "${targets[@]}"; do
  echo "fuzzing $target for ${seconds}s"
  log="target/fuzz-$target.log"
  mkdir -p target
  if ! cargo fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1; then
    grep -E '(panicked|ERROR|SUMMARY|Test unit written)' "$log" >&2 || tail -n 20 "$log" >&2
    echo "ERROR: fuzz target $target failed (a crash leaves its input under fuzz/artifacts/$target)" >&2
    exit 1
  fi
  grep -E '^Done [0-9]+ runs' "$log" || true
done
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, no crash"
