#!/usr/bin/env bash
# How fast a bad canary is rolled back: a FAIL_PERCENT=100 canary at 10% of 200 rps,
# `runlane rollout start --steps 10 --interval 1s --min-requests 20`. Prints, per run,
# the time from the step that sent the canary its first request to the rollback that
# took its last (both from the rollout's recorded history, so an upper bound on "first
# bad request to traffic back at 100% stable"), and the median.
#
#   bench/rollout/rollback.sh          # RUNS=5
#   RUNS=10 bench/rollout/rollback.sh
#   RUNLANE_BIN=target/debug/runlane bench/rollout/rollback.sh   # skip the release build
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

RUNS=${RUNS:-5}
bench_need_apt python3
bench_runlane
bench_work
bench_up data
export RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file"

times=()
for run in $(seq "$RUNS"); do
  svc="bench$run"
  "$runlane" deploy "$svc" --image runlane/hello >/dev/null 2>&1
  "$runlane" deploy "$svc" --image runlane/hello --set-env-vars FAIL_PERCENT=100 --no-traffic >/dev/null 2>&1
  "$runlane" load -z 8s --rate 200 -c 20 --host "$svc.localhost" "http://127.0.0.1:$router_port/" >/dev/null 2>&1 &
  load_pid=$!
  sleep 2   # the load is running before the canary gets traffic
  "$runlane" rollout start "$svc" --latest --steps 10 --interval 1s --min-requests 20 >/dev/null 2>&1
  ms=""
  for _ in $(seq 100); do
    ms=$("$runlane" rollout status "$svc" --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
ev = r["status"]["events"]
step = [e["timeMillis"] for e in ev if e["kind"] == "step"]
back = [e["timeMillis"] for e in ev if e["kind"] == "rollback"]
print(back[0] - step[0] if step and back else "")')
    [ -n "$ms" ] && break
    sleep 0.1
  done
  wait "$load_pid" || true
  [ -n "$ms" ] || { echo "ERROR: run $run did not roll back; runlane's log:" >&2; tail -30 "$work/data.err" >&2; exit 1; }
  echo "run $run: canary at 10% to 100% stable in $ms ms"
  times+=("$ms")
done
typical=$(echo "${times[*]}" | median)
echo
echo "| runs | median (ms) | every run (ms) |"
echo "|---:|---:|---|"
echo "| $RUNS | $typical | $(IFS=,; echo "${times[*]}" | sed 's/,/, /g') |"
