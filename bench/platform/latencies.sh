#!/usr/bin/env bash
# The platform's own latencies (issue 12, item 4), against a real `runlane up` on free
# ports with a fresh data dir: update-traffic to effect under `runlane load --rate 2000`,
# deploy to Ready minus the app's own start, and cold-start overhead. The measuring
# client is bench/platform/measure.py (python3, standard library only); it prints a
# Markdown table with the median and max of each figure.
#
#   bench/platform/latencies.sh                                   # ROUNDS=10 FLIPS=10, release build
#   ROUNDS=5 FLIPS=5 RUNLANE_BIN=target/release/runlane bench/platform/latencies.sh
#
# Alert evaluation to email and the 30-day SLO query are measured elsewhere (see
# bench/README.md, "Platform latencies").
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-10}
FLIPS=${FLIPS:-10}
command -v python3 >/dev/null || { echo "ERROR: python3 is needed for the measuring client; apt-get install -y python3" >&2; exit 1; }
if [ -n "${RUNLANE_BIN:-}" ]; then
  runlane="$(realpath "$RUNLANE_BIN")"
else
  cargo build --release -p runlane >&2
  runlane="$PWD/target/release/runlane"
fi

work="$(mktemp -d)"
up_pid=""
cleanup() {
  [ -n "$up_pid" ] && kill "$up_pid" 2>/dev/null && wait "$up_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$runlane" up --new-services public --data-dir "$work/data" --api-addr 127.0.0.1:0 --router-port 0 \
  --scale-to-zero-grace 500ms >"$work/up.out" 2>"$work/up.err" &
up_pid=$!
for _ in $(seq 100); do grep -q '^  token' "$work/up.out" 2>/dev/null && break; sleep 0.1; done
api=$(awk '$1 == "api" {print $2}' "$work/up.out")
router_port=$(awk '$1 == "router" {print $2}' "$work/up.out" | sed 's/.*://')
[ -n "$api" ] && [ -n "$router_port" ] || { echo "ERROR: runlane up did not start:" >&2; cat "$work/up.err" >&2; exit 1; }
export RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$work/data/api-token"

echo "$(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/platform/measure.py --runlane "$runlane" --api "$api" --token-file "$work/data/api-token" \
  --router-port "$router_port" --rounds "$ROUNDS" --flips "$FLIPS"
