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
. "$(dirname "$0")/../lib.sh"

SIZES=${SIZES:-"100 500 1000"}
bench_need_apt python3
bench_runlane
bench_work

echo "| services | revisions | SLOs | alert policies | create, first 20 (ms) | create, last 20 (ms) | update-traffic, 1 service (ms) | update-traffic, N services (ms) | update-traffic, N, right after the last create (ms) | update-traffic CPU, 1 service (µs) | update-traffic CPU, N services (µs) | idle CPU (% of a core) | RSS (MB) | total time (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  # Host processes: the catalogue's revisions name an image no registry serves here, with
  # a command, so under runc their creation would fail at the pull, not at the start.
  bench_up "data-$n" --runtime process
  API="$api" TOKEN="$(cat "$token_file")" N="$n" PID="$up_pid" SLOS="${SLOS:-0}" python3 "$PWD/bench/scale/drive.py" \
    || { echo "ERROR: the run with $n services failed; runlane's log:" >&2; tail -20 "$work/data-$n.err" >&2; exit 1; }
  bench_stop "$up_pid"
done
