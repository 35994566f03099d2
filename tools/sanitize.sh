#!/usr/bin/env bash
# The test suite under sanitizers (issue #7):
#   1. AddressSanitizer + UndefinedBehaviorSanitizer: every suite, in
#      <build>-asan. Leaks are reported too.
#   2. ThreadSanitizer: the suites labelled "concurrency", in <build>-tsan.
# Any report fails its test (halt_on_error / exitcode). Suppressions for
# reports inside Debian's uninstrumented Qt libraries are in
# tools/sanitizers/, each with its reason.
# Usage: tools/sanitize.sh [asan|tsan|all] [build-dir-prefix]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
prefix=${2:-$root/build}
jobs=$(nproc)
export QT_QPA_PLATFORM=offscreen
supp=$root/tools/sanitizers

configure_and_build() { # dir sanitizers targets...
    local dir=$1 sanitizers=$2
    shift 2
    # -O1 and line tables only: sanitizer builds are for finding faults, and
    # full debug info doubles the compile time on two cores.
    cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
        -DPROMETEU_SANITIZE="$sanitizers" -DPROMETEU_BENCH=OFF >/dev/null
    cmake --build "$dir" --parallel "$jobs" "$@"
}

if [ "$which" = asan ] || [ "$which" = all ]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer: all suites"
    configure_and_build "$prefix-asan" "address,undefined"
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        ctest --test-dir "$prefix-asan" --output-on-failure --parallel "$jobs"
fi
if [ "$which" = tsan ] || [ "$which" = all ]; then
    echo "== ThreadSanitizer: concurrency suites"
    # Only what those suites need (and the tools they start).
    configure_and_build "$prefix-tsan" "thread" --target tst_operationpublisher tst_sinks tst_executionsession \
        tst_studioeventadapter tst_logmodel tst_hub tst_streamserver tst_remotecache tst_localcache tst_build tst_livereload \
        prometeu prometeu-runtime
    # die_after_fork=0: tst_remotecache starts nginx (QProcess forks from a
    # process that already has threads; the child only execs).
    TSAN_OPTIONS="die_after_fork=0:halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp:report_signal_unsafe=0" \
        ctest --test-dir "$prefix-tsan" --output-on-failure -L concurrency
fi
