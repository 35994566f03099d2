#!/usr/bin/env bash
# libFuzzer targets (issue #7), built with clang into <build>-fuzz.
#   tools/fuzz.sh [seconds] [build-dir-prefix]
# Each target first replays its whole corpus (fuzz/corpus/<name>/, plus
# every crash ever found, kept there as a regression input), then looks for
# new inputs for `seconds` (default 10; CI uses that; give 600 or more by
# hand). New interesting inputs go to a scratch directory, not the repo:
# copy the useful ones into fuzz/corpus/<name>/ yourself. A crash leaves its
# input in <build>-fuzz/artifacts/ and fails the script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
prefix=${2:-$root/build}
dir=$prefix-fuzz
CXX=${CXX_FUZZ:-clang++-14}
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
    -DCMAKE_CXX_COMPILER="$CXX" -DPROMETEU_FUZZ=ON -DPROMETEU_BENCH=OFF >/dev/null
cmake --build "$dir" --parallel "$(nproc)" --target fuzzers
mkdir -p "$dir/artifacts"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=0
for corpus in "$root"/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    binary="$dir/bin/fuzz_$name"
    scratch=$(mktemp -d)
    echo "== fuzz_$name: $(ls "$corpus" | wc -l) corpus input(s), then ${seconds}s of new ones"
    # Regression: every stored input, once.
    if ! "$binary" -runs=0 "$corpus" 2>"$scratch/regression.log"; then
        tail -40 "$scratch/regression.log"; failed=1
    # New inputs, bounded in time, length and memory.
    elif ! "$binary" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
            -artifact_prefix="$dir/artifacts/fuzz_$name-" -print_final_stats=1 "$scratch" "$corpus" \
            2>"$scratch/fuzz.log"; then
        tail -40 "$scratch/fuzz.log"; failed=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/fuzz.log" | tr '\n' ' '; echo
    fi
    rm -rf "$scratch"
done
exit $failed
