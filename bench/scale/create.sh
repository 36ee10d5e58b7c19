#!/usr/bin/env bash
# How the control plane scales with the catalogue: starts `runlane up`, creates N
# services with 2 revisions each through the Knative API (each revision's command is
# /bin/false, so it fails at once and keeps no process: the catalogue is full, the
# machine quiet), and prints per N:
#   - create latency (median of the first 20 and the last 20 writes),
#   - update-traffic latency (a PUT moving a 50/50 split, median of 200) and the daemon's
#     CPU per update-traffic (its CPU time over the 200 ÷ 200; /proc/PID/task/*/schedstat), on the first
#     service while it is the only one and once all N exist, each time once the runtime
#     is quiet (3 s after the last create), and also right after the last create,
#   - the daemon's CPU (% of one core, median of 3 × 10 s of idle; schedstat) and RSS after creation.
# With SLOS=1, each service also gets a 99.9% availability SLO and the SRE Workbook's
# multiwindow burn-rate alert set (4 policies) through the Cloud Monitoring v3 API, so
# the idle figures include evaluating N SLOs and 4N policies every second.
#
#   bench/scale/create.sh                 # SIZES="100 500 1000"
#   SIZES=100 bench/scale/create.sh
#   RUNLANE_BIN=target/debug/runlane bench/scale/create.sh   # skip the release build
#   SIZES="1 1000" SLOS=1 bench/scale/create.sh              # with 1 SLO + 4 policies per service
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES=${SIZES:-"100 500 1000"}
command -v python3 >/dev/null || { echo "ERROR: python3 is needed to drive the API" >&2; exit 1; }
if [ -n "${RUNLANE_BIN:-}" ]; then
  runlane="$(realpath "$RUNLANE_BIN")"
else
  cargo build --release -p runlane >&2
  runlane="$PWD/target/release/runlane"
fi

work="$(mktemp -d)"
up_pid=""
stop_up() {
  if [ -n "$up_pid" ]; then kill "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; up_pid=""; fi
}
cleanup() { stop_up; rm -rf "$work"; }
trap cleanup EXIT

echo "| services | revisions | SLOs | alert policies | create, first 20 (ms) | create, last 20 (ms) | update-traffic, 1 service (ms) | update-traffic, N services (ms) | update-traffic, N, right after the last create (ms) | update-traffic CPU, 1 service (µs) | update-traffic CPU, N services (µs) | idle CPU (% of a core) | RSS (MB) | total time (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  data="$work/data-$n"
  "$runlane" up --new-services public --data-dir "$data" --api-addr 127.0.0.1:0 --router-port 0 >"$work/up-$n.out" 2>"$work/up-$n.err" &
  up_pid=$!
  for _ in $(seq 200); do grep -q '^  token' "$work/up-$n.out" 2>/dev/null && break; sleep 0.1; done
  api=$(awk '$1 == "api" {print $2}' "$work/up-$n.out")
  [ -n "$api" ] || { echo "ERROR: runlane up did not start; see its log:" >&2; cat "$work/up-$n.err" >&2; exit 1; }
  API="$api" TOKEN="$(cat "$data/api-token")" N="$n" PID="$up_pid" SLOS="${SLOS:-0}" python3 "$PWD/bench/scale/drive.py" \
    || { echo "ERROR: the run with $n services failed; runlane's log:" >&2; tail -20 "$work/up-$n.err" >&2; exit 1; }
  stop_up
done
