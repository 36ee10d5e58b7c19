#!/usr/bin/env bash
# Compares `runlane load` with oha, hey and wrk against a trivial HTTP server on this
# machine (`runlane hello`, the built-in sample app), in the same run:
#   1. maximum throughput, closed model, -c CONNS for DURATION, tools alternating within
#      each round (so a noisy neighbour hurts every tool alike), median of ROUNDS;
#   2. p50 at a fixed rate, against the trivial server and against one that takes 5 ms
#      per request (DELAY_MS=5), ROUNDS rounds with the tools in a rotated order:
#      `runlane load --rate RATE`; Debian's wrk sending on a fixed schedule of RATE
#      requests per second, paced by bench/load/wrk-paced.lua (wrk2's constant rate on
#      wrk's client; wrk2 itself is not packaged by Debian); and oha's wrk2-style
#      `-q RATE --latency-correction`.
# Prints Markdown tables (bench/README.md shows a run). Installs what it needs: Debian's
# hey and wrk (apt-get), oha from crates.io (`cargo install oha`, takes minutes once).
#
#   bench/load/compare.sh                      # defaults: ROUNDS=5 DURATION=10 CONNS=50 RATE=2000
#   ROUNDS=3 DURATION=5 bench/load/compare.sh
#   THROUGHPUT=0 ROUNDS=5 DURATION=5 bench/load/compare.sh   # only the fixed-rate part
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}     # seconds per tool per round
CONNS=${CONNS:-50}
RATE=${RATE:-2000}           # requests per second for the latency comparison
THROUGHPUT=${THROUGHPUT:-1}  # 0 skips the maximum-throughput part
PORT=${PORT:-18181}
URL="http://127.0.0.1:$PORT/"
SLOW_URL="http://127.0.0.1:$((PORT + 1))/"

bench_need_apt hey wrk python3
bench_need_oha
bench_runlane
bench_work

PORT=$PORT K_REVISION=bench "$runlane" hello >/dev/null 2>&1 &
bench_track "$!"
PORT=$((PORT + 1)) DELAY_MS=5 K_REVISION=slow "$runlane" hello >/dev/null 2>&1 &
bench_track "$!"
bench_wait_port "$PORT"
bench_wait_port "$((PORT + 1))"

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


if [ "$THROUGHPUT" != 0 ]; then
  tools=(runlane oha hey wrk)
  declare -A results
  for round in $(seq "$ROUNDS"); do
    read -r -a order <<<"$(rotate "$round" "${tools[@]}")"
    for tool in "${order[@]}"; do
      rps=$(throughput "$tool")
      results[$tool]+="$rps "
      echo "round $round: $tool $rps rps" >&2
    done
  done

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
fi

# p50 at a fixed rate. Every measurement prints "p50_ms p99_ms achieved_rps".
wrk_threads=$(nproc)
fixed_rate() {
  case $1 in
    runlane) "$runlane" load --rate "$RATE" -z "${DURATION}s" -c "$CONNS" --output json "$2" 2>/dev/null \
      | json '"%f %f %f" % (d["latency_ms"]["p50"], d["latency_ms"]["p99"], d["summary"]["rps"])' ;;
    wrk-paced) wrk -t "$wrk_threads" -c "$CONNS" -d "${DURATION}s" -s bench/load/wrk-paced.lua "$2" -- "$RATE" "$wrk_threads" \
      | awk '/^wrk-paced / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                            if (v["errors"] != 0) { print "wrk-paced: " v["errors"] " errors" > "/dev/stderr"; exit 1 }
                            printf "%f %f %f\n", v["p50_us"] / 1e3, v["p99_us"] / 1e3, v["rps"] }' ;;
    oha) oha -z "${DURATION}s" -c "$CONNS" -q "$RATE" --latency-correction --no-tui --output-format json "$2" \
      | json '"%f %f %f" % (d["latencyPercentiles"]["p50"] * 1e3, d["latencyPercentiles"]["p99"] * 1e3, d["summary"]["requestsPerSec"])' ;;
  esac
}

rate_tools=(runlane wrk-paced oha)
rate_results=$work/rate-results
for round in $(seq "$ROUNDS"); do
  read -r -a order <<<"$(rotate "$round" "${rate_tools[@]}")"
  for target in "trivial $URL" "5ms $SLOW_URL"; do
    name=${target% *}
    url=${target##* }
    for tool in "${order[@]}"; do
      m=$(fixed_rate "$tool" "$url")
      [ -n "$m" ] || { echo "no measurement from $tool against $url" >&2; exit 1; }
      echo "$name $tool $round $m" >>"$rate_results"
      echo "round $round: $name $tool p50_ms p99_ms rps = $m" >&2
    done
  done
done

echo
echo "### p50 at a fixed rate of $RATE rps, -c $CONNS, ${DURATION}s × $ROUNDS rounds"
echo
python3 - "$rate_results" "$RATE" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
rate = sys.argv[2]
label = {
    "runlane": f"runlane load --rate {rate}",
    "wrk-paced": f"wrk, paced at {rate} by wrk-paced.lua",
    "oha": f"oha -q {rate} --latency-correction",
}
servers = {"trivial": "trivial", "5ms": "5 ms"}
print("| server | tool | median p50 ms | runlane load ÷ tool: ratio of medians | median of the rounds' ratios | each round's ratio | every round p50 (ms) | every round p99 (ms) | achieved rps (median) |")
print("|---|---|---:|---:|---:|---|---|---|---:|")
for server, server_name in servers.items():
    by_tool = {}
    for s, tool, rnd, p50, p99, rps in rows:
        if s == server:
            by_tool.setdefault(tool, []).append((float(p50), float(p99), float(rps)))
    ours = [p for p, _, _ in by_tool["runlane"]]
    base = statistics.median(ours)
    for tool in ("runlane", "wrk-paced", "oha"):
        runs = by_tool[tool]
        p50 = statistics.median(p for p, _, _ in runs)
        ratios = [o / p for o, (p, _, _) in zip(ours, runs)]
        print(f"| {server_name} | {label[tool]} | {p50:.3f} | {base / p50:.2f} | {statistics.median(ratios):.2f} | "
              + ", ".join(f"{r:.2f}" for r in ratios) + " | "
              + ", ".join(f"{p:.3f}" for p, _, _ in runs) + " | "
              + ", ".join(f"{q:.1f}" for _, q, _ in runs) + " | "
              + f"{statistics.median(r for _, _, r in runs):,.0f} |")
PY
