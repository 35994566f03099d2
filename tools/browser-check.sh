#!/usr/bin/env bash
# A real browser's EventSource against `prometeu serve` (see browser-check.mjs):
# installs Debian's Chromium and, in a scratch directory, playwright-core
# from npm; serves a copy of the demo project; writes docs/dashboard.png.
# Usage: tools/browser-check.sh [build-dir]   (as root on Debian 12)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ -x "$build/bin/prometeu" ] || { echo "Build first: tools/dev.sh build" >&2; exit 2; }
command -v chromium >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium nodejs npm >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/demo" "$work/demo" && rm -rf "$work/demo/.prometeu" "$work/demo/build"
cp "$root/tools/browser-check.mjs" "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --silent playwright-core@1 >/dev/null)
cd "$work" && node browser-check.mjs "$build/bin/prometeu" "$work/demo" "$root/docs/dashboard.png"
