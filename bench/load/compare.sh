#!/usr/bin/env bash
# Compares `runlane load` with oha, hey and wrk against a trivial HTTP server on this
# machine (`runlane hello`, the built-in sample app), in the same run:
#   1. maximum throughput, closed model, -c CONNS for DURATION, tools alternating within
#      each round (so a noisy neighbour hurts every tool alike), median of ROUNDS;
#   2. p50 at a fixed rate: `runlane load --rate RATE` against oha's wrk2-style
#      `-q RATE --latency-correction` (wrk2 itself is not packaged by Debian), against
#      the trivial server and against one that takes 5 ms per request (DELAY_MS=5).
# Prints Markdown tables (bench/README.md shows a run). Installs what it needs: Debian's
# hey and wrk (apt-get), oha from crates.io (`cargo install oha`, takes minutes once).
#
#   bench/load/compare.sh                      # defaults: ROUNDS=5 DURATION=10 CONNS=50 RATE=2000
#   ROUNDS=3 DURATION=5 bench/load/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}     # seconds per tool per round
CONNS=${CONNS:-50}
RATE=${RATE:-2000}           # requests per second for the latency comparison
PORT=${PORT:-18181}
URL="http://127.0.0.1:$PORT/"
SLOW_URL="http://127.0.0.1:$((PORT + 1))/"

need_apt=()
command -v hey >/dev/null || need_apt+=(hey)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v python3 >/dev/null || need_apt+=(python3)
if ((${#need_apt[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need_apt[@]}"
fi
command -v oha >/dev/null || { echo "installing oha from crates.io (a few minutes, once)" >&2; cargo install --locked oha; }

# RUNLANE_BIN=path uses a runlane binary already built instead of building one.
if [ -z "${RUNLANE_BIN:-}" ]; then cargo build --release -p runlane >&2; fi
runlane=${RUNLANE_BIN:-target/release/runlane}

PORT=$PORT K_REVISION=bench "$runlane" hello >/dev/null 2>&1 &
server=$!
PORT=$((PORT + 1)) DELAY_MS=5 K_REVISION=slow "$runlane" hello >/dev/null 2>&1 &
slow_server=$!
trap 'kill $server $slow_server 2>/dev/null || true' EXIT
for port in "$PORT" "$((PORT + 1))"; do
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1 # waiting for the server's port to open
  done
done

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# One throughput measurement, requests per second, of tool $1.
throughput() {
  case $1 in
    runlane) "$runlane" load -z "${DURATION}s" -c "$CONNS" --output json "$URL" 2>/dev/null | json 'd["summary"]["rps"]' ;;
    oha) oha -z "${DURATION}s" -c "$CONNS" --no-tui --output-format json "$URL" | json 'd["summary"]["requestsPerSec"]' ;;
    hey) hey -z "${DURATION}s" -c "$CONNS" "$URL" | awk '/Requests\/sec/ {print $2}' ;;
    wrk) wrk -t "$(nproc)" -c "$CONNS" -d "${DURATION}s" "$URL" | awk '/Requests\/sec/ {print $2}' ;;
  esac
}

tools=(runlane oha hey wrk)
declare -A results
for round in $(seq "$ROUNDS"); do
  # Rotate the order each round.
  order=("${tools[@]:$(( (round - 1) % 4 ))}" "${tools[@]:0:$(( (round - 1) % 4 ))}")
  for tool in "${order[@]}"; do
    rps=$(throughput "$tool")
    results[$tool]+="$rps "
    echo "round $round: $tool $rps rps" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A med
for tool in "${tools[@]}"; do med[$tool]=$(echo "${results[$tool]}" | median); done

echo "### Maximum throughput: $(nproc) cores shared with the server, -c $CONNS, ${DURATION}s × $ROUNDS rounds"
echo
echo "| tool | median rps | runlane load ÷ tool | every round (rps) |"
echo "|---|---:|---:|---|"
for tool in "${tools[@]}"; do
  ratio=$(python3 -c "print(f'{${med[runlane]}/${med[$tool]}:.2f}')")
  rounds=$(echo "${results[$tool]}" | python3 -c "import sys; print(', '.join(f'{float(x):,.0f}' for x in sys.stdin.read().split()))")
  printf '| %s | %s | %s | %s |\n' "$tool" "$(python3 -c "print(f'{${med[$tool]}:,.0f}')")" "$ratio" "$rounds"
done

# Latency at a fixed rate: runlane's open model against oha's wrk2-style correction.
echo
echo "### p50 at a fixed rate of $RATE rps, -c $CONNS, ${DURATION}s (coordinated-omission corrected)"
echo
echo "| server | tool | p50 ms | p99 ms |"
echo "|---|---|---:|---:|"
for target in "trivial $URL" "5 ms $SLOW_URL"; do
  name=${target% *}
  url=${target##* }
  for round in 1 2; do
    r=$("$runlane" load --rate "$RATE" -z "${DURATION}s" -c "$CONNS" --output json "$url" 2>/dev/null | json '"%.3f | %.3f" % (d["latency_ms"]["p50"], d["latency_ms"]["p99"])')
    echo "| $name | runlane load --rate $RATE | $r |"
    o=$(oha -z "${DURATION}s" -c "$CONNS" -q "$RATE" --latency-correction --no-tui --output-format json "$url" | json '"%.3f | %.3f" % (d["latencyPercentiles"]["p50"] * 1e3, d["latencyPercentiles"]["p99"] * 1e3)')
    echo "| $name | oha -q $RATE --latency-correction | $o |"
  done
done
