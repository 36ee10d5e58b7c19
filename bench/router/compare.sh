#!/usr/bin/env bash
# Compares runlane's router with nginx and HAProxy in front of the same two instances,
# a 90/10 weighted split between two revisions of one trivial server (`runlane hello`),
# HTTP/1.1 keep-alive on both sides, all on this machine, in the same run:
#   1. throughput at saturation (wrk, -c CONNS, DURATION s), proxies alternating in a
#      rotated order each round: median of ROUNDS, and the ratios paired by round;
#   2. added latency: p50/p99 through each proxy minus p50/p99 straight to the instance,
#      at fixed rates of 1,000 and 5,000 rps, coordinated-omission corrected
#      (`runlane load --rate`, which counts latency from each request's intended send
#      time, as wrk2 does; wrk2 is not packaged by Debian);
#   3. CPU per proxied request: the proxy processes' CPU time (/proc/PID/task/*/schedstat,
#      nanoseconds, all threads and worker processes) over a fixed-rate run, ÷ requests;
#   4. RSS of each proxy (all its processes) during a 10,000 rps run;
#   5. split accuracy: requests that reached each revision out of 10,000 sent one at a
#      time, against the configured 9,000 / 1,000.
# All three tell the instance who asked (X-Forwarded-For, X-Forwarded-Proto, Forwarded);
# nginx keeps a buffered access log. Prints Markdown tables (bench/README.md shows a run). Installs what it needs: Debian's
# nginx, haproxy, wrk and hey (apt-get), oha from crates.io (used by bench/load).
#
#   bench/router/compare.sh                    # ROUNDS=3 DURATION=8 CONNS=50
#   QUICK=1 ROUNDS=3 bench/router/compare.sh   # throughput at saturation only
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}        # seconds per measurement
CONNS=${CONNS:-50}
SPLIT_REQUESTS=${SPLIT_REQUESTS:-10000}
BASE_PORT=${BASE_PORT:-28600}
ROUTER_PORT=$BASE_PORT
API_PORT=$((BASE_PORT + 1))
NGINX_PORT=$((BASE_PORT + 2))
HAPROXY_PORT=$((BASE_PORT + 3))
HOST=bench.localhost

bench_need_apt nginx haproxy wrk hey python3
bench_need_oha
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
bench_runlane
bench_work

# --- runlane: the platform, one service with two revisions, 90/10 by tags ---
bench_up runlane --api-addr "127.0.0.1:$API_PORT" --router-port "$ROUTER_PORT"
runlane_pid=$up_pid
export RUNLANE_API="$api" RUNLANE_TOKEN_FILE="$token_file"
bench_deploy_split
bench_instance_ports "$runlane_pid"

# --- nginx and HAProxy, the same upstreams and weights, keep-alive to them ---
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
user root;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  # runlane keeps a log entry per request; so does nginx, buffered.
  access_log $work/nginx/logs/access.log combined buffer=256k flush=1s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream bench {
    server 127.0.0.1:$port_a weight=9;
    server 127.0.0.1:$port_b weight=1;
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      # Tell the instance who asked, as runlane's router does (and Cloud Run).
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header Forwarded "for=\$remote_addr;proto=\$scheme;host=\$host";
    }
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
bench_track "$nginx_pid"

cat >"$work/haproxy.cfg" <<EOF
global
  nbthread $(nproc)
  maxconn 4096
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend bench
backend bench
  balance roundrobin
  # Tell the instance who asked, as runlane's router does (and Cloud Run); Debian's
  # HAProxy 2.6 has no "option forwarded", so that header is built here.
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request add-header Forwarded "for=%[src];proto=http;host=%[req.hdr(host)]"
  server a 127.0.0.1:$port_a weight 9
  server b 127.0.0.1:$port_b weight 1
EOF
"$haproxy_bin" -db -f "$work/haproxy.cfg" &
haproxy_pid=$!
bench_track "$haproxy_pid"
bench_wait_port "$ROUTER_PORT"
bench_wait_port "$NGINX_PORT"
bench_wait_port "$HAPROXY_PORT"

declare -A url=(
  [direct]="http://127.0.0.1:$port_a/"
  [runlane]="http://127.0.0.1:$ROUTER_PORT/"
  [nginx]="http://127.0.0.1:$NGINX_PORT/"
  [haproxy]="http://127.0.0.1:$HAPROXY_PORT/"
)
proxies=(runlane nginx haproxy)

# The processes whose CPU and memory count as the proxy's.
proxy_pids() {
  case $1 in
    runlane) echo "$runlane_pid" ;;
    nginx) echo "$nginx_pid" $(pgrep -P "$nginx_pid") ;;
    haproxy) echo "$haproxy_pid" $(pgrep -P "$haproxy_pid" || true) ;;
  esac
}
# CPU time of those processes so far, nanoseconds, every thread.
cpu_ns() {
  local total=0 p t
  for p in $(proxy_pids "$1"); do
    for t in /proc/"$p"/task/*/schedstat; do
      read -r ns _ <"$t" && total=$((total + ns))
    done
  done
  echo "$total"
}
rss_kb() {
  local total=0 p kb
  for p in $(proxy_pids "$1"); do
    kb=$(awk '/^VmRSS/ {print $2}' /proc/"$p"/status)
    total=$((total + kb))
  done
  echo "$total"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

declare -A rps cpu p50 p99 rss
echo "warming up" >&2
for target in direct "${proxies[@]}"; do
  wrk -t 2 -c "$CONNS" -d 2s -H "Host: $HOST" "${url[$target]}" >/dev/null
done

for round in $(seq "$ROUNDS"); do
  # 1. Saturation throughput.
  for target in $(rotate "$round" "${proxies[@]}"); do
    r=$(wrk -t 2 -c "$CONNS" -d "${DURATION}s" -H "Host: $HOST" "${url[$target]}" | awk '/Requests\/sec/ {print $2}')
    rps[$target]+="$r "
    echo "round $round: $target saturation $r rps" >&2
  done
  [ -z "${QUICK:-}" ] || continue
  # 2 and 3. Fixed rates: latency (and, for the proxies, CPU per request).
  for rate in 1000 5000; do
    for target in $(rotate "$round" direct "${proxies[@]}"); do
      before=0
      [ "$target" = direct ] || before=$(cpu_ns "$target")
      out=$("$runlane" load --rate "$rate" -z "${DURATION}s" -c "$CONNS" -H "Host: $HOST" --output json "${url[$target]}" 2>/dev/null)
      read -r q50 q99 n < <(echo "$out" | json '"%f %f %d" % (d["latency_ms"]["p50"], d["latency_ms"]["p99"], d["summary"]["requests"])')
      p50[$target@$rate@$round]=$q50
      p99[$target@$rate@$round]=$q99
      if [ "$target" != direct ]; then
        used=$(( $(cpu_ns "$target") - before ))
        cpu[$target@$rate]+="$(python3 -c "print($used / 1000 / $n)") "
      fi
      echo "round $round: $target @ $rate rps p50 $q50 ms p99 $q99 ms" >&2
    done
  done
  # 4. RSS at 10k rps, read two thirds into the run.
  for target in $(rotate "$round" "${proxies[@]}"); do
    "$runlane" load --rate 10000 -z "${DURATION}s" -c "$CONNS" -H "Host: $HOST" --output json "${url[$target]}" >/dev/null 2>&1 &
    load_pid=$!
    sleep "$((DURATION * 2 / 3))" # sampling RSS mid-run, not synchronisation
    rss[$target]+="$(rss_kb "$target") "
    wait "$load_pid"
  done
done

# 5. Split accuracy: one request at a time on one keep-alive connection.
declare -A split
for target in "${proxies[@]}"; do
  [ -z "${QUICK:-}" ] || break
  split[$target]=$(python3 - "${url[$target]}" "$SPLIT_REQUESTS" "$HOST" <<'EOF'
import http.client, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1]); n = int(sys.argv[2])
conn = http.client.HTTPConnection(u.hostname, u.port)
counts = {"a": 0, "b": 0}
for _ in range(n):
    conn.request("GET", "/", headers={"Host": sys.argv[3]})
    body = conn.getresponse().read().decode()
    counts["a" if "-00001-" in body else "b"] += 1
print(counts["a"], counts["b"])
EOF
)
done

med() { echo "${1:-}" | median; }
# Throughput ratios paired by round (each round runs the proxies back to back, so a
# pair shares the machine's state): every round's, then their median.
paired() {
  python3 -c "
import statistics, sys
a, b = [[float(x) for x in s.split()] for s in sys.argv[1:3]]
r = [x / y for x, y in zip(a, b)]
print(' '.join(f'{x:.2f}' for x in r), '(median', f'{statistics.median(r):.2f})')
" "$1" "$2"
}
print_rounds() {
  echo "Every round (saturation rps):"
  for t in "${proxies[@]}"; do echo "- $t: ${rps[$t]}"; done
  echo
  echo "runlane ÷ nginx round by round: $(paired "${rps[runlane]}" "${rps[nginx]}")"
  echo "runlane ÷ HAProxy round by round: $(paired "${rps[runlane]}" "${rps[haproxy]}")"
}
echo "### Router vs nginx and HAProxy: 90/10 split, HTTP/1.1 keep-alive, $(nproc) cores shared by load generator, proxy and instances, $ROUNDS rounds"
echo
echo "| figure | runlane | nginx | HAProxy | runlane ÷ nginx | runlane ÷ HAProxy |"
echo "|---|---:|---:|---:|---:|---:|"
r=$(med "${rps[runlane]}"); n=$(med "${rps[nginx]}"); h=$(med "${rps[haproxy]}")
echo "| throughput at saturation (rps, wrk -c $CONNS) | $(fmt "$r") | $(fmt "$n") | $(fmt "$h") | $(ratio "$r" "$n") | $(ratio "$r" "$h") |"
if [ -n "${QUICK:-}" ]; then
  echo
  print_rounds
  exit 0
fi
for rate in 1000 5000; do
  for q in p50 p99; do
    declare -n qs=$q
    # Added latency: each round's proxy figure minus that round's direct one, median over rounds.
    directs=""
    for round in $(seq "$ROUNDS"); do directs+="${qs[direct@$rate@$round]} "; done
    d=$(med "$directs")
    vals=()
    for t in "${proxies[@]}"; do
      diffs=""
      for round in $(seq "$ROUNDS"); do
        diffs+="$(python3 -c "print(${qs[$t@$rate@$round]} - ${qs[direct@$rate@$round]})") "
      done
      vals+=("$(python3 -c "print(f'{$(med "$diffs"):.3f}')")")
    done
    echo "| added $q at $rate rps (ms; direct $(fmt "$d" 3)) | ${vals[0]} | ${vals[1]} | ${vals[2]} | $(ratio "${vals[0]}" "${vals[1]}") | $(ratio "${vals[0]}" "${vals[2]}") |"
    unset -n qs
  done
  r=$(med "${cpu[runlane@$rate]}"); n=$(med "${cpu[nginx@$rate]}"); h=$(med "${cpu[haproxy@$rate]}")
  echo "| CPU per request at $rate rps (µs) | $(fmt "$r" 1) | $(fmt "$n" 1) | $(fmt "$h" 1) | $(ratio "$r" "$n") | $(ratio "$r" "$h") |"
done
r=$(med "${rss[runlane]}"); n=$(med "${rss[nginx]}"); h=$(med "${rss[haproxy]}")
echo "| RSS at 10k rps (MB, all processes) | $(fmt "$(python3 -c "print($r/1024)")" 1) | $(fmt "$(python3 -c "print($n/1024)")" 1) | $(fmt "$(python3 -c "print($h/1024)")" 1) | $(ratio "$r" "$n") | $(ratio "$r" "$h") |"
errs=()
for t in "${proxies[@]}"; do
  read -r a b <<<"${split[$t]}"
  errs+=("$a / $b (error $(python3 -c "print(abs($a - $SPLIT_REQUESTS * 9 // 10))"))")
done
echo "| split after $SPLIT_REQUESTS requests (a / b; configured 90/10) | ${errs[0]} | ${errs[1]} | ${errs[2]} | | |"
echo
print_rounds
