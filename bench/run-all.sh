#!/usr/bin/env bash
# Runs every benchmark against a build folder (default: build).
set -euo pipefail
bin=${1:-build}/bin
for bench in bench_event_lane bench_scan bench_build bench_runtime_flood bench_studio; do
    echo "== $bench"
    "$bin/$bench"
    echo
done
