#!/usr/bin/env bash
# Two runlane binaries' routers side by side, for a change's cost on the data plane: each
# runs `runlane up` with the router bench's service (two revisions of `runlane hello`,
# 90/10 by tags, keep-alive), and in each round, in alternating order, both get
#   1. throughput at saturation: wrk -c CONNS for DURATION s;
#   2. CPU per request: the runlane process's CPU time over RATE rps for DURATION s
#      (`runlane load --rate`), ÷ requests.
# Prints a Markdown table: medians over ROUNDS and the ratio new ÷ base paired by round.
#
#   BASE_BIN=/tmp/runlane-before RUNLANE_BIN=target/release/runlane bench/router/ab.sh
#   ROUNDS=7 DURATION=5 CONNS=50 RATE=5000 (defaults)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
RATE=${RATE:-5000}
HOST=bench.localhost
: "${BASE_BIN:?set BASE_BIN to the runlane binary to compare against}"

bench_need_apt wrk curl
bench_runlane
new_bin=$runlane
base_bin=$(realpath "$BASE_BIN")
bench_work

declare -A port pid
for side in base new; do
  if [ "$side" = base ]; then runlane=$base_bin; else runlane=$new_bin; fi
  bench_up "$side"
  pid[$side]=$up_pid
  port[$side]=$router_port
  RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file" bench_deploy_split
done
runlane=$new_bin

for side in base new; do
  wrk -t 2 -c "$CONNS" -d 2s -H "Host: $HOST" "http://127.0.0.1:${port[$side]}/" >/dev/null # warm-up
done

declare -A rps cpu
for round in $(seq "$ROUNDS"); do
  for side in $(rotate "$round" base new); do
    r=$(wrk -t 2 -c "$CONNS" -d "${DURATION}s" -H "Host: $HOST" "http://127.0.0.1:${port[$side]}/" | awk '/Requests\/sec/ {print $2}')
    rps[$side@$round]=$r
    before=$(bench_cpu_ns "${pid[$side]}")
    n=$("$runlane" load --output json --rate "$RATE" -z "${DURATION}s" -c 50 -host "$HOST" "http://127.0.0.1:${port[$side]}/" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["requests"])')
    after=$(bench_cpu_ns "${pid[$side]}")
    cpu[$side@$round]=$(python3 -c "import sys; print(($after - $before) / 1000 / $n)")
    echo "round $round: $side $r rps at saturation, ${cpu[$side@$round]} µs CPU per request at $RATE rps" >&2
  done
done

col() { local m=$1 side=$2 r out=(); for r in $(seq "$ROUNDS"); do eval "out+=(\${$m[$side@$r]})"; done; echo "${out[@]}"; }
paired() {
  local m=$1 r out=()
  for r in $(seq "$ROUNDS"); do
    eval "out+=(\$(python3 -c 'import sys; a, b = map(float, sys.argv[1:]); print(f\"{a/b:.3f}\")' \${$m[new@$r]} \${$m[base@$r]}))"
  done
  echo "${out[@]}" | median
}
echo
echo "| router, $ROUNDS rounds | base | new | new ÷ base (paired median) |"
echo "|---|---:|---:|---:|"
echo "| requests/s at saturation (wrk -c $CONNS) | $(fmt "$(col rps base | median)") | $(fmt "$(col rps new | median)") | $(paired rps) |"
echo "| CPU per request at $RATE rps, µs | $(fmt "$(col cpu base | median)" 2) | $(fmt "$(col cpu new | median)" 2) | $(paired cpu) |"
