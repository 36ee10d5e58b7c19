#!/usr/bin/env bash
# The figure this measures: with FLOOD idle and slow-header connections held on each of
# the router's and the API's listeners, a router request and an API GET still answer in
# < 50 ms. Starts `runlane up` with its own open-file limit (the machine's hard limit,
# 20,000 here), deploys the sample app, has holder processes (bench/flood/hold.py, each
# at most HOLDER connections, since one process cannot hold more than its own limit)
# open FLOOD connections to each listener, then times SAMPLES router GETs and API GETs
# over new connections and prints each and the medians.
#
#   bench/flood/run.sh                          # FLOOD=20000 HOLDER=10000 SAMPLES=11
#   RUNLANE_BIN=target/release/runlane FLOOD=5000 bench/flood/run.sh
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

FLOOD=${FLOOD:-20000}
HOLDER=${HOLDER:-10000}
SAMPLES=${SAMPLES:-11}
bench_need_apt python3
bench_runlane
bench_work
bench_up data
export RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file"
"$runlane" deploy hello --image runlane/hello --min-instances 1 >/dev/null 2>&1
api_hostport=${api#http://}; api_hostport=${api_hostport%/}
nofile=$(awk '/Max open files/ {print $4}' "/proc/$up_pid/limits")

# hold NAME PORT: FLOOD connections to 127.0.0.1:PORT, held until the script exits (the
# FIFO holding the holder's stdin closes).
held_total=0
hold() {
  local name=$1 port=$2
  mkfifo "$work/$name.in"
  python3 bench/flood/hold.py 127.0.0.1 "$port" "$FLOOD" "$HOLDER" <"$work/$name.in" >"$work/$name.out" &
  bench_track "$!"
  exec {keep}>"$work/$name.in"
  for _ in $(seq 1200); do grep -q '^held' "$work/$name.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^held' "$work/$name.out" || { echo "ERROR: the $name holders did not finish opening connections" >&2; exit 1; }
  held_total=$(( held_total + $(head -1 "$work/$name.out") ))
}
hold api "${api_hostport##*:}"
hold router "$router_port"

python3 - "$router_port" "$api_hostport" "$(cat "$work/data/api-token")" "$SAMPLES" "$FLOOD" "$held_total" "$nofile" <<'PY'
import socket, statistics, sys, time
router_port, api, token, samples, flood, held, nofile = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
api_host, api_port = api.rsplit(":", 1)
def timed(port, host, path, auth):
    started = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    status = int(data.split(b" ", 2)[1])
    return status, (time.perf_counter() - started) * 1000
rows = []
for _ in range(samples):
    r = timed(router_port, "hello.localhost", "/", "")
    a = timed(int(api_port), api, "/apis/serving.knative.dev/v1/namespaces/default/services", f"Authorization: Bearer {token}\r\n")
    rows.append((r, a))
print(f"runlane open-file limit {nofile}; {flood} connections opened towards each listener ({held} accepted by connect in all)\n")
print("| request | status, every sample | median ms | max ms |")
print("|---|---|---:|---:|")
for name, i in (("router GET hello.localhost/", 0), ("API GET services", 1)):
    st = sorted({row[i][0] for row in rows})
    ms = [row[i][1] for row in rows]
    print(f"| {name} | {st} | {statistics.median(ms):.1f} | {max(ms):.1f} |")
PY
