#!/usr/bin/env bash
# The router's per-request cost with 1 service vs N services in the route table (issue
# 12: "the same ±10%"). Starts two `runlane up`: A serves one service, B the same service
# plus N-1 others (each with 2 revisions whose command is /bin/false, as in create.sh, so
# they keep no process). The measured service (`bench`, the sample app, 1 instance,
# 90/10 split between two revisions) is the same in both. Then, alternating A and B for
# ROUNDS rounds, it sends a fixed-rate run (`runlane load --rate RATE -z DURATION`) and
# reads:
#   - CPU per request: the runlane process's CPU time (/proc/PID/task/*/schedstat, all
#     threads) during the run minus its CPU during an idle window of the same length just
#     before (the control plane's background work, larger with more services), ÷ requests;
#   - the router's own CPU per request: the same, counting only the router's serving
#     threads (named runlane-router-N), which do nothing else;
#   - p50 and p99 latency as `runlane load` reports them (coordinated-omission corrected).
# Prints each round and the medians as Markdown tables.
#
#   bench/scale/router.sh                      # N=1000 ROUNDS=5 RATE=2000 DURATION=8
#   RUNLANE_BIN=target/release/runlane N=1000 ROUNDS=3 bench/scale/router.sh
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

N=${N:-1000}
ROUNDS=${ROUNDS:-5}
RATE=${RATE:-2000}
DURATION=${DURATION:-8}
bench_need_apt python3
bench_runlane
bench_work

# start NAME: runlane up on its own data dir, with the measured service deployed.
start() {
  bench_up "$1" --runtime process  # the catalogue's images are not pullable here (see create.sh)
  RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file" bench_deploy_split
}

start one; one_pid=$up_pid; one_router=$router
start many; many_pid=$up_pid; many_router=$router
API="$api" TOKEN="$(cat "$work/many/api-token")" N="$((N - 1))" python3 - <<'EOF'
import http.client, json, os, sys, urllib.parse
api = urllib.parse.urlparse(os.environ["API"])
conn = http.client.HTTPConnection(api.hostname, api.port, timeout=120)
headers = {"authorization": f"Bearer {os.environ['TOKEN']}", "content-type": "application/json"}
base = "/apis/serving.knative.dev/v1/namespaces/default/services"
for i in range(int(os.environ["N"])):
    name = f"other{i:04d}"
    for method, path, v in (("POST", base, 0), ("PUT", f"{base}/{name}", 1)):
        spec = {"template": {"spec": {"containers": [{"image": "example/app", "command": ["/bin/false"], "env": [{"name": "V", "value": str(v)}]}]}}}
        body = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"}, "spec": spec}
        conn.request(method, path, body=json.dumps(body).encode(), headers=headers)
        reply = conn.getresponse()
        text = reply.read()
        if reply.status != 200:
            sys.exit(f"{method} {path} answered {reply.status}: {text[:300]!r}")
EOF
sleep 5 # failed revisions settle

# CPU time so far of PID's router serving threads, nanoseconds.
router_cpu_ns() {
  local total=0 t ns comm
  for t in /proc/"$1"/task/*; do
    read -r comm <"$t/comm" 2>/dev/null || continue
    [[ $comm == runlane-router-* ]] || continue
    read -r ns _ <"$t/schedstat" 2>/dev/null && total=$((total + ns))
  done
  echo "$total"
}

# measure PID ROUTER: prints "cpu_us_per_request router_cpu_us_per_request p50_ms p99_ms".
measure() {
  local pid=$1 url="http://bench.localhost:${2##*:}/"
  local idle0 idle1 busy0 busy1
  idle0=$(bench_cpu_ns "$pid"); sleep "$DURATION"; idle1=$(bench_cpu_ns "$pid")
  busy0=$(bench_cpu_ns "$pid"); serving0=$(router_cpu_ns "$pid")
  "$runlane" load --rate "$RATE" -z "${DURATION}s" -c 50 --output json "$url" >"$work/load.json" 2>/dev/null
  busy1=$(bench_cpu_ns "$pid"); serving1=$(router_cpu_ns "$pid")
  IDLE=$((idle1 - idle0)) BUSY=$((busy1 - busy0)) SERVING=$((serving1 - serving0)) python3 - "$work/load.json" <<'EOF'
import json, os, sys
r = json.load(open(sys.argv[1]))
total, lat = r["summary"]["requests"], r["latency_ms"] or {}
if r["summary"]["errors"]:
    sys.exit(f"{r['summary']['errors']} requests failed: {r['errors']}")
p50, p99 = f"{lat.get('p50', float('nan')):.2f}ms", f"{lat.get('p99', float('nan')):.2f}ms"
cpu = (int(os.environ["BUSY"]) - int(os.environ["IDLE"])) / 1000 / total
serving = int(os.environ["SERVING"]) / 1000 / total
print(f"{cpu:.1f} {serving:.1f} {p50} {p99}")
EOF
}

echo "| round | services | CPU per request (µs) | router threads' CPU per request (µs) | p50 | p99 |"
echo "|---:|---:|---:|---:|---:|---:|"
: >"$work/results"
for round in $(seq "$ROUNDS"); do
  for which in one many; do
    if [ "$which" = one ]; then pid=$one_pid; r=$one_router; n=1; else pid=$many_pid; r=$many_router; n=$N; fi
    read -r cpu serving p50 p99 < <(measure "$pid" "$r")
    echo "| $round | $n | $cpu | $serving | $p50 | $p99 |"
    echo "$n $cpu $serving" >>"$work/results"
  done
done
python3 - "$work/results" <<'EOF'
import statistics, sys
by, serving = {}, {}
for line in open(sys.argv[1]):
    n, cpu, own = line.split()
    by.setdefault(int(n), []).append(float(cpu))
    serving.setdefault(int(n), []).append(float(own))
(one, *_), many = sorted(by), max(by)
a, b = statistics.median(by[one]), statistics.median(by[many])
sa, sb = statistics.median(serving[one]), statistics.median(serving[many])
print()
print("| services | CPU per request, median (µs) | ratio to 1 service | router threads' CPU per request, median (µs) | ratio to 1 service |")
print("|---:|---:|---:|---:|---:|")
print(f"| {one} | {a:.1f} | 1.00 | {sa:.1f} | 1.00 |")
print(f"| {many} | {b:.1f} | {b / a:.2f} | {sb:.1f} | {sb / sa:.2f} |")
EOF
