#!/usr/bin/env bash
# Runs every benchmark against a build folder (default: build), one after
# the other (they would disturb each other's figures), and prints each one's
# figures and its same-run reference. bench/README.md holds the table.
#
#   bench/run-all.sh [build] [--check | --record]
#
# --check compares this run with bench/baseline.json and fails loudly when a
# figure is more than 25 % worse (bench/figures.py); --record makes this run
# the baseline. Real game trees made by bench/real-trees.sh are measured too
# when they are present (PROMETEU_REAL_TREES, default ~/.cache/prometeu-real-trees);
# BENCH_SIZES (default 1000,10000,100000) are the generated projects.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=build
mode=""
for argument in "$@"; do
    case "$argument" in
    --check | --record) mode=${argument#--} ;;
    *) build=$argument ;;
    esac
done
bin=$build/bin
trees=${PROMETEU_REAL_TREES:-$HOME/.cache/prometeu-real-trees}
build_args=(--sizes "${BENCH_SIZES:-1000,10000,100000}")
for game in pingus hedgewars supertux; do
    [ -f "$trees/$game/prometeu.json" ] && build_args+=(--project "$trees/$game")
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for bench in bench_event_lane bench_hub bench_scan bench_build bench_runtime_flood bench_studio bench_stream bench_hot_reload bench_remote_cache; do
    echo "== $bench"
    if [ "$bench" = bench_build ]; then
        "$bin/$bench" "${build_args[@]}" 2>/dev/null
    else
        "$bin/$bench"
    fi
    echo
done | tee "$log"
if [ -n "$mode" ]; then
    python3 "$here/bench/figures.py" "$mode" "$log" "$here/bench/baseline.json"
fi
