#!/usr/bin/env bash
# The whole test suite, from a fresh Debian/Ubuntu machine with Rust: installs what the
# tests need (Debian packages), then runs every test of the workspace.
# `.ci/run` calls exactly this script. A tool the tests need that cannot be installed
# makes this script fail; nothing is skipped (plain `cargo test` runs the first tier only).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive: a C compiler for SQLite, python3 for instance
# programs in runtime tests, procps for process checks, libnss-myhostname so that
# every *.localhost name resolves (gcloud reaches runlane at REGION-run.localhost),
# python3-aiosmtpd (a real SMTP server), hey (the journey test drives it), tmux (a real
# terminal for `runlane top`),
# prometheus / prometheus-alertmanager (promtool and amtool check exported rules and
# config), chromium and nodejs for the web console's browser test (Node drives Chromium
# over the DevTools pipe; no npm packages) and libnss3-tools (certutil puts the test CA in
# Chromium's certificate database for the console over HTTPS), openssl (TLS test certificates) and
# util-linux (prlimit simulates a full disk), curl (HTTPS, HTTP/2 and redirects in
# tests/https.rs), python3-grpcio (a real gRPC server and client through the router).
# python3-venv: the venv of Google's client libraries (scripts/pyenv.sh).
# Container images: runc runs instances, tini-static is their PID 1, iptables and
# iproute2 give each its own network, docker-registry is a real registry on loopback,
# skopeo pushes the images the tests build offline (busybox-static and the runlane binary,
# its libraries found by ldd from libc-bin, stripped by binutils' strip), apache2-utils'
# htpasswd makes a registry that asks for credentials. systemd: systemd-analyze checks the
# unit in packaging/systemd. pebble: Let's Encrypt's ACME test server, which issues the
# certificates of tests/acme.rs on loopback. buildah pushes to and pulls from runlane's own
# registry (tests/registry.rs).
packages=(build-essential pkg-config python3 python3-venv procps libnss-myhostname prometheus prometheus-alertmanager python3-aiosmtpd hey tmux chromium libnss3-tools nodejs openssl util-linux curl python3-grpcio
  runc tini iptables iproute2 docker-registry skopeo busybox-static libc-bin binutils apache2-utils systemd pebble buildah)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

for tool in cargo python3 sh; do
  command -v "$tool" >/dev/null || { echo "ERROR: $tool is required by the tests and is not installed" >&2; exit 1; }
done
# The gcloud tests drive the real google-cloud-cli, which Debian does not package.
command -v gcloud >/dev/null || {
  echo "ERROR: gcloud is required by the tests and is not installed; install google-cloud-cli (https://cloud.google.com/sdk/docs/install#deb)" >&2
  exit 1
}
# tests/kubectl.rs drives the real kubectl, which Debian does not package either: it comes
# from the same Google Cloud apt repository as google-cloud-cli (package kubectl). Installed
# from there when a configured apt source offers it; otherwise this script stops, naming it.
command -v kubectl >/dev/null || {
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq kubectl
  fi
}
command -v kubectl >/dev/null || {
  echo "ERROR: kubectl is required by the tests (tests/kubectl.rs) and is not installed, and no configured apt source offers it; install the kubectl package from Google Cloud's apt repository (https://cloud.google.com/sdk/docs/install#deb), next to google-cloud-cli" >&2
  exit 1
}
getent hosts europe-west1-run.localhost >/dev/null || {
  echo "ERROR: *.localhost names do not resolve; add myhostname to the hosts line of /etc/nsswitch.conf (hosts: files myhostname dns)" >&2
  exit 1
}

# Google's client libraries from PyPI (pinned), for tests/client_libraries.rs, which
# fails when the venv is missing.
RUNLANE_PYENV="$(./scripts/pyenv.sh)"
export RUNLANE_PYENV

# The gRPC code in crates/grpc/src/gen is generated from the vendored .proto files and
# checked in (so building runlane needs no protoc); fail when it no longer matches them.
# protoc comes from the protoc-bin-vendored crate: no Debian protobuf-compiler needed.
cargo run --quiet --manifest-path crates/grpc/codegen/Cargo.toml --target-dir target/grpc-codegen -- --check

# Build once, then run every test (unit, integration, end-to-end against the real binary).
# `--include-ignored` is the switch to the second tier: the tests marked
# #[ignore = "needs TOOL; scripts/test.sh runs it"] drive the programs installed above, and
# fail here when one is missing. Plain `cargo test` leaves them out (README, "Testing").
# `--skip`: the timings marked #[ignore = "a timing, not a test"], run by hand.
timings=(--skip pull_throughput_vs_skopeo)
cargo build --workspace --all-targets
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --no-fail-fast -- --include-ignored "${timings[@]}" --test-threads "${RUNLANE_TEST_THREADS:-2}" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e

# Fuzz the parsers of untrusted input for a bounded time (FUZZ_SECONDS per target).
if [ "$status" -eq 0 ]; then
  ./scripts/fuzz.sh
fi

# One closing line for the whole suite, summed over every test binary.
passed=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
echo "runlane: ${passed} passed, ${failed} failed"
exit "$status"
