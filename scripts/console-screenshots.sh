#!/usr/bin/env bash
# Screenshots of the web console during the serverless journey's story, for
# examples/serverless-journey/console/: a fresh `runlane up`, the jokes service with a
# good revision and a failing canary at 10%, steady load, then the browser walk of
# crates/console/e2e/walk.mjs (headless Chromium) creates the SLO and alert, watches the
# incident open, acknowledges it, filters the logs to `next` and rolls back, saving a PNG
# at each step. Needs cargo, node and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir="${1:-examples/serverless-journey/console}"
for tool in cargo node chromium; do
  command -v "$tool" >/dev/null || { echo "ERROR: $tool is needed to take the console's screenshots (apt-get install nodejs chromium)" >&2; exit 1; }
done

cargo build -q -p runlane
bin="$PWD/target/debug/runlane"
work="$(mktemp -d)"
"$bin" up --new-services public --data-dir "$work/data" --api-addr 127.0.0.1:0 --router-port 0 >"$work/up.out" 2>"$work/up.log" &
up_pid=$!
load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  kill "$up_pid" 2>/dev/null || true
  wait "$up_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# `runlane up` prints its addresses once it listens.
for _ in $(seq 300); do
  grep -q '^  console' "$work/up.out" && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
  sleep 0.1
done
console_url="$(awk '$1 == "console" {print $2}' "$work/up.out")"
export RUNLANE_API="$(awk '$1 == "api" {print $2}' "$work/up.out")"
export RUNLANE_TOKEN_FILE="$work/data/api-token"
router_port="$(awk '$1 == "router" {print $2}' "$work/up.out" | sed 's/.*://')"

"$bin" deploy jokes --image runlane/hello --tag good
# Some history first, so the charts have a line before the canary (WARMUP=1s shortens it).
"$bin" load -z "${WARMUP:-90s}" -c 2 -q 20 "http://jokes.localhost:$router_port/" >/dev/null 2>&1 || true
"$bin" deploy jokes --image runlane/hello --set-env-vars FAIL_PERCENT=100 --tag next --no-traffic
"$bin" services update-traffic jokes --to-tags next=10
revision_of() {
  "$bin" services describe jokes --format json | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const t = JSON.parse(s).status.traffic.find((t) => t.tag === process.argv[1]);
      console.log(t.revisionName);
    });' "$1"
}
good="$(revision_of good)"
next="$(revision_of next)"

"$bin" load -z 10m -c 2 -q 20 "http://jokes.localhost:$router_port/" >/dev/null 2>&1 &
load_pid=$!

mkdir -p "$out_dir"
CONSOLE_URL="$console_url" SERVICE=jokes GOOD_REVISION="$good" NEXT_REVISION="$next" SHOTS="$out_dir" \
  node crates/console/e2e/walk.mjs
ls -l "$out_dir"/*.png
