#!/usr/bin/env bash
# Runs every benchmark against a build folder (default: build), one after
# the other (they would disturb each other's figures), and prints each one's
# figures and its same-run reference. bench/README.md holds the table.
set -euo pipefail
bin=${1:-build}/bin
for bench in bench_event_lane bench_scan bench_build bench_runtime_flood bench_studio bench_stream bench_hot_reload bench_remote_cache; do
    echo "== $bench"
    "$bin/$bench"
    echo
done
