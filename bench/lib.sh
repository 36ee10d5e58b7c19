# Shared by the bench scripts: sourced, never run. Gives each script the same start-up
# (tools installed, a runlane binary, `runlane up` on a fresh data dir), the same
# clean-up on exit, and the same small statistics, so a fix to one is a fix to all.
#
#   . "$(dirname "$0")/../lib.sh"     # from bench/NAME/script.sh; cds to the repo root
#   bench_need_apt nginx wrk          # Debian packages for the missing tools
#   bench_runlane                     # sets $runlane
#   bench_work                        # sets $work; kills tracked processes, removes $work on exit
#   bench_up NAME [FLAGS...]          # sets $up_pid $api $router $router_port $token_file

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# bench_need_apt TOOL...: installs the Debian packages named like the tools that are
# missing (on PATH or in /usr/sbin).
bench_need_apt() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  ((${#missing[@]})) || return 0
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
}

# bench_need_oha: oha is not packaged by Debian; crates.io has it.
bench_need_oha() {
  command -v oha >/dev/null && return 0
  echo "installing oha from crates.io (a few minutes, once)" >&2
  cargo install --locked oha
}

# bench_runlane: $runlane is RUNLANE_BIN when given (a binary already built), else a
# fresh release build.
bench_runlane() {
  if [ -z "${RUNLANE_BIN:-}" ]; then cargo build --release -p runlane >&2; fi
  runlane=$(realpath "${RUNLANE_BIN:-target/release/runlane}")
}

# bench_work: a scratch dir, and an exit trap that stops every process passed to
# bench_track (a TERM, then waits for it) and removes the dir.
bench_work() {
  work=$(mktemp -d)
  bench_pids=()
  trap bench_cleanup EXIT
}
bench_track() { bench_pids+=("$@"); }
bench_cleanup() {
  local p
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
# bench_stop PID: stops one tracked process early (the exit trap skips it after).
bench_stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() p
  for p in "${bench_pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  bench_pids=("${kept[@]}")
}

# bench_up NAME [FLAGS...]: `runlane up` with new services public, data in $work/NAME,
# the API and the router on free ports unless FLAGS name them, output in
# $work/NAME.out and .err. Waits for it to print its token, then sets $up_pid, $api
# (a URL), $router (host:port), $router_port and $token_file.
bench_up() {
  local name=$1; shift
  local defaults=()
  [[ " $* " == *" --api-addr "* ]] || defaults+=(--api-addr 127.0.0.1:0)
  [[ " $* " == *" --router-port "* ]] || defaults+=(--router-port 0)
  "$runlane" up --new-services public --data-dir "$work/$name" "${defaults[@]}" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  up_pid=$!
  bench_track "$up_pid"
  local _
  for _ in $(seq 300); do
    grep -q '^  token' "$work/$name.out" 2>/dev/null && break
    kill -0 "$up_pid" 2>/dev/null || break
    sleep 0.1 # waiting for runlane up to print its addresses
  done
  api=$(awk '$1 == "api" {print $2}' "$work/$name.out")
  router=$(awk '$1 == "router" {print $2}' "$work/$name.out")
  router=${router#http://}; router=${router%/}
  router_port=${router##*:}
  token_file="$work/$name/api-token"
  if [ -z "$api" ] || [ -z "$router" ]; then
    echo "ERROR: runlane up ($name) did not start; its log:" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
}

# bench_wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most).
bench_wait_port() {
  local _
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05 # waiting for a port to open
  done
  echo "port $1 never opened" >&2
  return 1
}

# bench_deploy_split: the measured service `bench` as the router benches set it up: two
# revisions of the sample app, one always-on instance each, no concurrency limit (a
# static upstream), traffic 90/10 by tags a and b. Needs RUNLANE_API and
# RUNLANE_TOKEN_FILE (and RUNLANE_CA_CERT over HTTPS).
bench_deploy_split() {
  local common=(--image runlane/hello --min-instances 1 --max-instances 1 --concurrency 0)
  "$runlane" deploy bench "${common[@]}" --tag a >/dev/null 2>&1
  "$runlane" deploy bench "${common[@]}" --set-env-vars REVISION_B=1 --tag b --no-traffic >/dev/null 2>&1
  "$runlane" services update-traffic bench --to-tags a=90,b=10 >/dev/null 2>&1
}

# bench_instance_ports PID: sets $port_a and $port_b, the ports on which the instances
# of bench_deploy_split's two revisions listen: the listening sockets of runlane PID's
# child processes, told apart by the revision name each one answers with.
bench_instance_ports() {
  local -A found=()
  local _ child port body
  for _ in $(seq 100); do
    for child in $(pgrep -P "$1" || true); do
      port=$(ss -ltnpH | awk -v pid="pid=$child," '$0 ~ pid {split($4, a, ":"); print a[length(a)]; exit}')
      [ -n "$port" ] || continue
      body=$(curl -s "http://127.0.0.1:$port/" || true)
      case $body in
        *-00001-*) found[a]=$port ;;
        *-00002-*) found[b]=$port ;;
      esac
    done
    [ -n "${found[a]:-}" ] && [ -n "${found[b]:-}" ] && break
    sleep 0.1 # waiting for both instances to listen
  done
  port_a=${found[a]:?revision a has no listening instance}
  port_b=${found[b]:?revision b has no listening instance}
}

# bench_cpu_ns PID: CPU time so far of all PID's threads, nanoseconds.
bench_cpu_ns() {
  local total=0 t ns
  for t in /proc/"$1"/task/*/schedstat; do
    read -r ns _ <"$t" 2>/dev/null && total=$((total + ns))
  done
  echo "$total"
}

# Numbers. median reads whitespace-separated numbers on stdin.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.${2:-0}f}')" "$1"; }
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a/b:.2f}' if b > 0 else 'n/a')" "$1" "$2"; }
# rotate ROUND ITEMS...: the items starting at position ROUND (mod count), so that each
# round runs the peers in a different order.
rotate() {
  local r=$1; shift
  local items=("$@")
  local k=$(( (r - 1) % ${#items[@]} ))
  echo "${items[@]:$k}" "${items[@]:0:$k}"
}
