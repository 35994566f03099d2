#!/usr/bin/env bash
# Prometeu Studio developer entry point. Installs what is missing (Debian 12,
# as root or through sudo), configures and builds, then runs what you ask:
#
#   tools/dev.sh studio   build and open the Studio on examples/demo
#   tools/dev.sh test     build and run the whole test suite (what CI runs)
#   tools/dev.sh build    only install and build
#   tools/dev.sh bench    build and run every benchmark
#
# Environment: BUILD_DIR (default: build), BUILD_TYPE (default: RelWithDebInfo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}

# Everything the project needs from Debian, in one place.
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools libgl-dev
    libxxhash-dev libsndfile1-dev libsamplerate0-dev libzstd-dev
)

install_missing() {
    local missing=()
    for package in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    install_missing
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)"
}

case "${1:-}" in
studio)
    build
    # The GUI (prometeu-studio) arrives with issue #5; until then this shows
    # what the packer sees in the demo project.
    if [ -x "$build_dir/bin/prometeu-studio" ]; then
        exec "$build_dir/bin/prometeu-studio" "$here/examples/demo"
    fi
    echo "The Studio window is not built yet; running 'prometeu doctor examples/demo' instead."
    exec "$build_dir/bin/prometeu" doctor "$here/examples/demo"
    ;;
test)
    build
    cd "$build_dir"
    exec env QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)"
    ;;
build)
    build
    ;;
bench)
    build
    exec "$here/bench/run-all.sh" "$build_dir"
    ;;
*)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
