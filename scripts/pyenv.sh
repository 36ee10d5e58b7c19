#!/usr/bin/env bash
# Builds the Python environment the client-library tests run in: a venv in a cache dir
# with exactly the packages of scripts/python-requirements.txt, from PyPI. Rebuilt when
# the requirements change. Prints the venv's path. Any pip failure fails this script.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="scripts/python-requirements.txt"
venv="${RUNLANE_PYENV:-${XDG_CACHE_HOME:-$HOME/.cache}/runlane/pyenv}"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv"
  exit 0
fi
command -v python3 >/dev/null || { echo "ERROR: python3 is required to build $venv" >&2; exit 1; }
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" >&2 || { echo "ERROR: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
"$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv -r "$requirements" >&2 || {
  echo "ERROR: pip could not install $requirements into $venv" >&2
  rm -rf "$venv"
  exit 1
}
echo "$want" > "$stamp"
echo "$venv"
