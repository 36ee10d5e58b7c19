#!/usr/bin/env bash
# gRPC against REST for the same read on the same runlane (bench/grpc/measure.py says
# how). Uses the venv of Google's client libraries (scripts/pyenv.sh builds it).
#
#   bench/grpc/compare.sh                                         # ROUNDS=5 CALLS=2000
#   RUNLANE_BIN=target/release/runlane ROUNDS=3 CALLS=500 bench/grpc/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNLANE_BIN=${RUNLANE_BIN:-target/release/runlane}
API_PORT=${API_PORT:-28810}
ROUTER_PORT=$((API_PORT + 1))
[ -x "$RUNLANE_BIN" ] || cargo build --release -p runlane --bin runlane
python="$(./scripts/pyenv.sh)/bin/python"

data="$(mktemp -d)"
"$RUNLANE_BIN" up --api-addr "127.0.0.1:$API_PORT" --router-port "$ROUTER_PORT" --data-dir "$data" >"$data.log" 2>&1 &
runlane=$!
trap 'kill "$runlane" 2>/dev/null; wait "$runlane" 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$API_PORT/healthz" >/dev/null && break
  kill -0 "$runlane" || { cat "$data.log"; exit 1; }
  sleep 0.1
done
API="http://127.0.0.1:$API_PORT" TOKEN="$(cat "$data/api-token")" "$python" bench/grpc/measure.py
