#!/bin/bash
# Build-to-serving time of `runlane deploy SERVICE --source DIR` for the test source dir
# (crates/runlane/tests/fixtures/source-app: FROM scratch, a static busybox, COPY www),
# with buildah's own time shown separately: each round changes index.html, deploys, and
# times from the command's start to the first answer with the new page. Needs root,
# runc, tini, buildah and busybox-static (containers run under runc).
#
# Usage: bench/registry/source-deploy.sh      # ROUNDS=5, RUNLANE_BIN=target/release/runlane
set -euo pipefail
ROUNDS=${ROUNDS:-5}
RUNLANE_BIN=$(readlink -f "${RUNLANE_BIN:-target/release/runlane}")
for tool in buildah runc curl python3; do command -v "$tool" >/dev/null || { echo "ERROR: $tool is needed (apt-get install buildah runc tini busybox-static curl)" >&2; exit 1; }; done
WORK=$(mktemp -d); PID=
cleanup() { [ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"; }
trap cleanup EXIT
cp -r "$(dirname "$0")/../../crates/runlane/tests/fixtures/source-app" "$WORK/src"
cp "$(command -v busybox || echo /bin/busybox)" "$WORK/src/busybox"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API=127.0.0.1:$(port); ROUTER=$(port)
"$RUNLANE_BIN" up --runtime runc --new-services public --api-addr "$API" --router-port "$ROUTER" --data-dir "$WORK/data" > "$WORK/out" 2> "$WORK/log" & PID=$!
for _ in $(seq 200); do [ -s "$WORK/data/api-token" ] && curl -s -o /dev/null "http://$API/healthz" && break; sleep 0.05; done
export RUNLANE_API=http://$API RUNLANE_TOKEN_FILE=$WORK/data/api-token
echo "| round | build (buildah) | push | deploy to first answer | total |"
echo "|---|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  echo "round $round $(date +%s%N)" > "$WORK/src/www/index.html"
  expected=$(cat "$WORK/src/www/index.html")
  t0=$(date +%s.%N)
  "$RUNLANE_BIN" deploy web --source "$WORK/src" > "$WORK/deploy.out" 2>&1 || { cat "$WORK/deploy.out"; exit 1; }
  until [ "$(curl -s -H "Host: web.localhost" "http://127.0.0.1:$ROUTER/")" = "$expected" ]; do sleep 0.005; done
  t1=$(date +%s.%N)
  build=$(sed -n 's/^Built in \([0-9.]*\) s.*/\1/p' "$WORK/deploy.out")
  pushed=$(sed -n 's/^Pushed .* (\([0-9.]*\) s in all).*/\1/p' "$WORK/deploy.out")
  python3 -c "t=$t1-$t0; b=$build; p=$pushed; print(f'| {$round} | {b:.1f} s | {p-b:.1f} s | {t-p:.2f} s | {t:.2f} s |')"
done
