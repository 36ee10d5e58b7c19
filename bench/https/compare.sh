#!/usr/bin/env bash
# HTTPS throughput: runlane's router terminating TLS vs nginx terminating TLS with the
# same certificate (ECDSA P-256, made here by openssl), in front of the same two
# instances (a 90/10 split between two revisions of `runlane hello`, HTTP/1.1 keep-alive
# upstream), all on this machine, in the same run, with wrk (OpenSSL client):
#   1. keep-alive: -c CONNS connections reused, HTTP/1.1 over TLS;
#   2. new connection per request: `Connection: close`, so every request pays a full
#      TLS handshake (wrk keeps no session to resume): handshakes per second;
#   3. added latency at a fixed RATE (default 1,000 rps) over HTTPS keep-alive: p50/p99
#      through each proxy minus p50/p99 of plain HTTP straight to one instance, with
#      `runlane load --rate` (rustls client, one event loop per core, coordinated-omission
#      corrected: latency from each request's intended send time, as wrk2 does), or with
#      oha when RATE_CLIENT=oha.
# Each round runs both proxies in a rotated order; the table shows the medians of ROUNDS
# and the ratio runlane ÷ nginx. Installs what it needs: Debian's nginx, wrk, openssl (and
# oha from crates.io when RATE_CLIENT=oha).
#
#   bench/https/compare.sh                               # ROUNDS=3 DURATION=5 CONNS=50
#   RUNLANE_BIN=target/release/runlane ROUNDS=3 DURATION=3 bench/https/compare.sh
#   RUNLANE_BIN=/tmp/older LOAD_BIN=target/release/runlane bench/https/compare.sh
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
RATE=${RATE:-1000}
RATE_CLIENT=${RATE_CLIENT:-runlane}
RATE_CONNS=${RATE_CONNS:-$CONNS}
BASE_PORT=${BASE_PORT:-28700}
ROUTER_PORT=$BASE_PORT
API_PORT=$((BASE_PORT + 1))
HTTPS_PORT=$((BASE_PORT + 2))
NGINX_PORT=$((BASE_PORT + 3))
HOST=bench.localhost

bench_need_apt nginx wrk openssl curl python3
[ "$RATE_CLIENT" != oha ] || bench_need_oha
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
bench_runlane
load_bin=$(realpath "${LOAD_BIN:-$runlane}") # the fixed-rate client, when the binary under test is older
bench_work

# --- one certificate for both: a test CA and a server certificate for bench.localhost
# (clients refuse a wildcard right under a single label such as *.localhost) ---
(
  cd "$work"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj "/CN=bench" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,DNS:bench.localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
)

# --- runlane: one service with two revisions, 90/10 by tags, HTTPS in front ---
bench_up runlane --api-addr "127.0.0.1:$API_PORT" --router-port "$ROUTER_PORT" --https-port "$HTTPS_PORT" \
  --tls-cert "$work/server.pem" --tls-key "$work/server.key"
runlane_pid=$up_pid
export RUNLANE_API="https://127.0.0.1:$API_PORT" RUNLANE_TOKEN_FILE="$token_file" RUNLANE_CA_CERT="$work/ca.pem"
bench_deploy_split
bench_instance_ports "$runlane_pid"

# --- nginx: the same certificate, upstreams and weights ---
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
user root;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
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
    listen 127.0.0.1:$NGINX_PORT ssl http2;
    ssl_certificate $work/server.pem;
    ssl_certificate_key $work/server.key;
    # runlane sends HSTS on HTTPS answers; so does nginx here.
    add_header Strict-Transport-Security "max-age=31536000" always;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header Forwarded "for=\$remote_addr;proto=\$scheme;host=\$host";
    }
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
bench_track "$!"
bench_wait_port "$HTTPS_PORT"
bench_wait_port "$NGINX_PORT"

declare -A url=(
  [runlane]="https://$HOST:$HTTPS_PORT/"
  [nginx]="https://$HOST:$NGINX_PORT/"
)
for target in runlane nginx; do
  code=$(curl -s -o /dev/null -w "%{http_code}" --cacert "$work/ca.pem" "${url[$target]}" || true)
  [ "$code" = 200 ] || { echo "$target answers $code over HTTPS" >&2; exit 1; }
done

# wrk's Requests/sec; a non-2xx answer fails the run, socket errors are shown.
measure() {
  local out
  out=$(wrk -t 2 -c "$CONNS" -d "${DURATION}s" "$@")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "wrk saw failed requests: $out" >&2
    exit 1
  fi
  grep "Socket errors" <<<"$out" >&2 || true
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# $RATE rps for DURATION s: "p50_ms p99_ms"; a failed request fails the run.
at_rate() {
  if [ "$RATE_CLIENT" = oha ]; then at_rate_oha "$@"; return; fi
  local out
  out=$("$load_bin" load --output json --rate "$RATE" -z "${DURATION}s" -c "$RATE_CONNS" --cacert "$work/ca.pem" "$@")
  python3 -c '
import json, sys
d = json.loads(sys.argv[1])
bad = {c: n for c, n in d["status_codes"].items() if not c.startswith("2")}
errors = d["errors"]
if bad or errors or not d["status_codes"]:
    sys.exit(f"runlane load saw failed requests: {bad} {errors}")
print(d["latency_ms"]["p50"], d["latency_ms"]["p99"])' "$out"
}
at_rate_oha() {
  local out
  out=$(oha --no-tui --output-format json -z "${DURATION}s" -q "$RATE" -c "$CONNS" --latency-correction \
    --cacert "$work/ca.pem" "$@")
  python3 -c '
import json, sys
d = json.loads(sys.argv[1])
codes = d.get("statusCodeDistribution", {})
bad = {c: n for c, n in codes.items() if not c.startswith("2")}
# Requests still in flight when -z ends are cut off by oha itself, not failed.
errors = {e: n for e, n in d.get("errorDistribution", {}).items() if "aborted due to deadline" not in e}
if bad or errors or not codes:
    sys.exit(f"oha saw failed requests: {bad} {errors}")
p = d["latencyPercentiles"]
print(p["p50"] * 1000, p["p99"] * 1000)' "$out"
}

declare -A keepalive fresh q50 q99
echo "warming up" >&2
for target in runlane nginx; do measure "${url[$target]}" >/dev/null; done
for round in $(seq "$ROUNDS"); do
  for target in $(rotate "$round" runlane nginx); do
    r=$(measure "${url[$target]}")
    keepalive[$target]+="$r "
    n=$(measure -H "Connection: close" "${url[$target]}")
    fresh[$target]+="$n "
    echo "round $round: $target keep-alive $r rps, new connections $n rps" >&2
  done
  # The direct baseline: plain HTTP to one instance (it speaks no TLS), in the same round.
  for target in $(rotate "$round" direct runlane nginx); do
    if [ "$target" = direct ]; then
      read -r a b < <(if [ "$RATE_CLIENT" = oha ]; then at_rate -H "Host: $HOST" "http://127.0.0.1:$port_a/"; else
        "$load_bin" load --output json --rate "$RATE" -z "${DURATION}s" -c "$RATE_CONNS" -host "$HOST" "http://127.0.0.1:$port_a/" |
          python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["latency_ms"]["p50"], d["latency_ms"]["p99"])'; fi)
    else
      read -r a b < <(at_rate "${url[$target]}")
    fi
    q50[$target]+="$a "; q99[$target]+="$b "
    echo "round $round: $target at $RATE rps p50 $a ms p99 $b ms" >&2
  done
done

echo
echo "| HTTPS, $CONNS connections, ${DURATION}s × $ROUNDS rounds | runlane | nginx | runlane ÷ nginx |"
echo "|---|---:|---:|---:|"
ka_r=$(echo "${keepalive[runlane]}" | median); ka_n=$(echo "${keepalive[nginx]}" | median)
fr_r=$(echo "${fresh[runlane]}" | median); fr_n=$(echo "${fresh[nginx]}" | median)
echo "| keep-alive (HTTP/1.1 over TLS), requests/s | $(fmt "$ka_r") | $(fmt "$ka_n") | $(ratio "$ka_r" "$ka_n") |"
echo "| new connection per request (full handshake), requests/s | $(fmt "$fr_r") | $(fmt "$fr_n") | $(ratio "$fr_r" "$fr_n") |"
# Added latency: each round's proxy figure minus that round's direct figure, then the median.
added() {
  local -a p d
  read -r -a p <<<"$1"; read -r -a d <<<"$2"
  local out="" i
  for i in "${!p[@]}"; do out+="$(python3 -c "print(${p[$i]} - ${d[$i]})") "; done
  echo "$out" | median
}
for q in p50 p99; do
  declare -n qs=q${q#p}
  dr=$(echo "${qs[direct]}" | median)
  ar=$(added "${qs[runlane]}" "${qs[direct]}"); an=$(added "${qs[nginx]}" "${qs[direct]}")
  echo "| added $q at $RATE rps over HTTPS, ms (plain direct $(fmt "$dr" 3)) | $(fmt "$ar" 3) | $(fmt "$an" 3) | $(ratio "$ar" "$an") |"
  unset -n qs
done
# The ratio within each round (the two ran back to back), and its median: the steadier
# figure on a shared machine.
paired() {
  local -a a b
  read -r -a a <<<"$1"; read -r -a b <<<"$2"
  local out="" i
  for i in "${!a[@]}"; do out+="$(ratio "${a[$i]}" "${b[$i]}") "; done
  echo "$out"
}
ka_p=$(paired "${keepalive[runlane]}" "${keepalive[nginx]}")
fr_p=$(paired "${fresh[runlane]}" "${fresh[nginx]}")
echo
echo "Paired ratios by round: keep-alive $ka_p(median $(echo "$ka_p" | median)); new connections $fr_p(median $(echo "$fr_p" | median))"
