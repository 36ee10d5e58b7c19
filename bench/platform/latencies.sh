#!/usr/bin/env bash
# The platform's own latencies, against a real `runlane up` on free
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
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-10}
FLIPS=${FLIPS:-10}
bench_need_apt python3
bench_runlane
bench_work
bench_up data --scale-to-zero-grace 500ms
export RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file"

echo "$(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/platform/measure.py --runlane "$runlane" --api "$api" --token-file "$token_file" \
  --router-port "$router_port" --rounds "$ROUNDS" --flips "$FLIPS"
