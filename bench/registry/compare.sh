#!/bin/bash
# Push and pull throughput of one image through runlane's own registry (/v2/ on its API)
# and through Debian's docker-registry (CNCF distribution), the same image and the same
# client (skopeo) in the same run. Each round starts both registries afresh on new ports
# (so skopeo's blob cache can neither skip a push nor mount a blob it saw before), and
# the order of the two alternates between rounds. Prints a Markdown table of medians.
#
# Usage: bench/registry/compare.sh            # ROUNDS=5 SIZE_MB=64
#        RUNLANE_BIN=target/release/runlane ROUNDS=3 SIZE_MB=100 bench/registry/compare.sh
set -euo pipefail
ROUNDS=${ROUNDS:-5}
SIZE_MB=${SIZE_MB:-64}
RUNLANE_BIN=${RUNLANE_BIN:-target/release/runlane}
for tool in skopeo docker-registry python3 curl; do
  command -v "$tool" >/dev/null || { echo "ERROR: $tool is needed: apt-get install skopeo docker-registry python3 curl" >&2; exit 1; }
done
[ -x "$RUNLANE_BIN" ] || { echo "ERROR: no runlane binary at $RUNLANE_BIN: cargo build --release -p runlane --bin runlane (or set RUNLANE_BIN)" >&2; exit 1; }
RUNLANE_BIN=$(readlink -f "$RUNLANE_BIN")
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# An OCI layout with one uncompressed layer of SIZE_MB random bytes (nothing to gain from compression).
python3 - "$WORK/layout" "$SIZE_MB" <<'PY'
import hashlib, io, json, os, sys, tarfile
out, size = sys.argv[1], int(sys.argv[2]) << 20
blobs = os.path.join(out, "blobs", "sha256"); os.makedirs(blobs)
def put(b):
    d = hashlib.sha256(b).hexdigest(); open(os.path.join(blobs, d), "wb").write(b); return "sha256:" + d, len(b)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    info = tarfile.TarInfo("data.bin"); info.size = size
    t.addfile(info, io.BytesIO(os.urandom(size)))
layer, layer_size = put(buf.getvalue())
config, config_size = put(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [layer]}, "config": {}}).encode())
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config, "size": config_size},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer, "size": layer_size}]}).encode()
m, msize = put(manifest)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": m, "size": msize, "annotations": {"org.opencontainers.image.ref.name": "t"}}]}, open(os.path.join(out, "index.json"), "w"))
open(os.path.join(out, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
BYTES=$(du -sb "$WORK/layout/blobs" | cut -f1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 200); do curl -s -o /dev/null "http://$1/v2/" && return 0; sleep 0.05; done; echo "ERROR: nothing answers on $1" >&2; exit 1; }

start_distribution() {  # -> sets HOST, CREDS
  local dir=$WORK/dist.$1 port; port=$(free_port); mkdir -p "$dir"
  printf 'version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: %s}\nhttp:\n  addr: 127.0.0.1:%s\n' "$dir/data" "$port" > "$dir/config.yml"
  docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 & PIDS+=($!)
  HOST=127.0.0.1:$port; CREDS=(); wait_http "$HOST"
}
start_runlane() {
  local dir=$WORK/runlane.$1 port; port=$(free_port); mkdir -p "$dir"
  "$RUNLANE_BIN" up --runtime process --api-addr "127.0.0.1:$port" --router-port 0 --data-dir "$dir/data" > "$dir/out" 2> "$dir/log" & PIDS+=($!)
  HOST=127.0.0.1:$port; wait_http "$HOST"
  for _ in $(seq 100); do [ -s "$dir/data/api-token" ] && break; sleep 0.05; done
  CREDS=(--creds "runlane:$(cat "$dir/data/api-token")")
}
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); python3 -c "print(f'{$t1-$t0:.3f}')"; }

declare -A PUSH PULL
for round in $(seq "$ROUNDS"); do
  order=(distribution runlane); [ $((round % 2)) -eq 0 ] && order=(runlane distribution)
  for who in "${order[@]}"; do
    "start_$who" "$round"
    dest=("${CREDS[@]/--creds/--dest-creds}"); src=("${CREDS[@]/--creds/--src-creds}")
    PUSH[$who]+="$(seconds skopeo copy --quiet --dest-tls-verify=false "${dest[@]}" "oci:$WORK/layout:t" "docker://$HOST/bench/image:1") "
    rm -rf "$WORK/pulled"
    PULL[$who]+="$(seconds skopeo copy --quiet --src-tls-verify=false "${src[@]}" "docker://$HOST/bench/image:1" "dir:$WORK/pulled") "
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
  done
done

median() { python3 -c 'import statistics,sys; print(f"{statistics.median(map(float, sys.argv[1:])):.3f}")' $1; }
mbps() { python3 -c "print(f'{$BYTES/1e6/$1:.0f}')"; }
echo
echo "Image: $(python3 -c "print(f'{$BYTES/1e6:.1f}')") MB (one uncompressed layer), $ROUNDS rounds, skopeo $(skopeo --version | awk '{print $3}'), medians."
echo
echo "| | docker-registry | runlane | runlane ÷ docker-registry (throughput) |"
echo "|---|---|---|---|"
for what in push pull; do
  if [ $what = push ]; then d=$(median "${PUSH[distribution]}"); r=$(median "${PUSH[runlane]}"); else d=$(median "${PULL[distribution]}"); r=$(median "${PULL[runlane]}"); fi
  echo "| $what | $d s ($(mbps "$d") MB/s) | $r s ($(mbps "$r") MB/s) | $(python3 -c "print(f'{$d/$r:.2f}x')") |"
done
