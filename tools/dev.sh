#!/usr/bin/env bash
# Prometeu Studio developer entry point. Installs what is missing (Debian 12,
# as root or through sudo), configures and builds, then runs what you ask:
#
#   tools/dev.sh studio   build and open the Studio on examples/demo
#   tools/dev.sh test     build and run the whole test suite (what CI runs):
#                         the QtTest suites, then again under ASan+UBSan and
#                         (concurrency suites) TSan, then the fuzz targets
#                         over their corpora plus 10 s of new inputs each
#   tools/dev.sh quick    build and run the QtTest suites only
#   tools/dev.sh build    only install and build
#   tools/dev.sh bench    build and run every benchmark (--check: compare with
#                         bench/baseline.json; bench/real-trees.sh adds real games)
#   tools/dev.sh screenshots  refresh the window pictures in docs/ (Xvfb)
#
# Environment: BUILD_DIR (default: build), BUILD_TYPE (default: RelWithDebInfo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}

# Everything the project needs from Debian, in one place.
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools qt6-svg-dev libgl-dev libqt6opengl6-dev
    qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libsqlite3-dev qt6-multimedia-dev
    liblua5.4-dev fonts-dejavu-core nginx python3
    libxxhash-dev libsndfile1-dev libsamplerate0-dev libzstd-dev nettle-dev zlib1g-dev
    clang-14 libclang-rt-14-dev llvm-14
)
# Prometheus' own checker, promtool, for /metrics (tst_streamserver): its
# Debian package also brings the Prometheus server and its service, so it
# is installed where tests run in CI (CI=true) or when asked for with
# PROMETEU_PROMTOOL=1; elsewhere the test checks /metrics by parsing it.
if [ "${CI:-}" = true ] || [ "${PROMETEU_PROMTOOL:-}" = 1 ]; then
    packages+=(prometheus)
fi

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
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display: set DISPLAY (or run under xvfb-run) to see the Studio window." >&2
    fi
    exec "$build_dir/bin/prometeu-studio" "$here/examples/demo"
    ;;
screenshots)
    # The pictures in docs/: the real window under Xvfb, on the demo project
    # (running) and on a copy of it grown to several hundred assets (Activity
    # after a build, its events expanded).
    packages+=(xvfb xauth python3)
    build
    work=$(mktemp -d)
    cp -a "$here/examples/demo" "$work/demo" && rm -rf "$work/demo/.prometeu" "$work/demo/build"
    cp -a "$work/demo" "$work/big"
    # Unique content, so that the build really converts each copy (the
    # content-addressed cache would reuse identical ones): data gets a field,
    # scripts a comment, sounds a different last sample byte.
    for i in $(seq 1 120); do
        cp -a "$here/examples/demo/assets/sprites" "$work/big/assets/level$i"
        mkdir -p "$work/big/assets/level$i/sfx" "$work/big/assets/level$i/data" "$work/big/assets/level$i/scripts"
        for wav in "$here"/examples/demo/assets/sounds/*.wav; do
            out="$work/big/assets/level$i/sfx/$(basename "$wav")"
            cp "$wav" "$out"
            printf "\\x$(printf %02x $((i % 256)))" | dd of="$out" bs=1 seek=$(($(stat -c %s "$out") - 1)) conv=notrunc status=none
        done
        for json in "$here"/examples/demo/assets/data/*.json; do
            sed "0,/{/s//{\"copy\": $i, /" "$json" > "$work/big/assets/level$i/data/$(basename "$json")"
        done
        for lua in "$here"/examples/demo/assets/scripts/*.lua; do
            { cat "$lua"; echo "-- level $i"; } > "$work/big/assets/level$i/scripts/$(basename "$lua")"
        done
    done
    run() { xvfb-run -a -s "-screen 0 1600x1000x24" "$build_dir/bin/prometeu-studio" --settings "$work/settings-$1.ini" "${@:2}"; }
    # Play with the game's window beside the Studio (X's -geometry places it),
    # then the hero recoloured on disk while the game runs: live reload.
    cp -a "$work/demo" "$work/game"
    sed -i "s|\"assets\": \"assets\",|\"assets\": \"assets\",\n  \"runtime\": {\"command\": [\"$build_dir/bin/prometeu-runtime\", \"{cartridge}\", \"-geometry\", \"+1390+70\"]},|" "$work/game/prometeu.json"
    (sleep 9 && python3 "$here/tools/recolour-png.py" "$here/examples/demo/assets/sprites/hero.png" "$work/game/assets/sprites/hero.png") &
    xvfb-run -a -s "-screen 0 2370x800x24" "$build_dir/bin/prometeu-studio" --settings "$work/settings-game.ini" "$work/game" \
        --select sprites/hero.png --play --screenshot "screen:$here/docs/studio-game.png@6000" \
        --screenshot "screen:$here/docs/studio-live-reload.png@11000" --quit-after 12000
    wait
    run running "$work/demo" --select sprites/slime.png --play --screenshot "$here/docs/studio-running.png@3000" --quit-after 3500
    # Mid-build: grabbed when conversion is 40 % done, whatever the machine's speed.
    run building "$work/big" --select level7/hero.png --show-activity --build --screenshot "$here/docs/studio-building.png@Converting:40%" --quit-when-done --quit-after 60000
    # The Brazilian Portuguese catalogue, as a user with that locale sees it.
    LC_ALL=pt_BR.UTF-8 run pt_BR "$work/demo" --select data/level1.json --show-activity --screenshot "$here/docs/studio-pt_BR.png@1500" --quit-when-done --quit-after 30000
    run activity "$work/big" --select sprites/hero.png --show-activity --build --screenshot "$here/docs/studio-activity.png@3000" --quit-after 4000
    # Edit › Preferences › Team Cache, with a team cache in the user's settings.
    mkdir -p "$work/xdg/prometeu"
    echo '{"remote_cache": {"url": "http://cache.studio.lan:8080/prometeu/", "read": true, "write": false}}' > "$work/xdg/prometeu/settings.json"
    XDG_CONFIG_HOME="$work/xdg" run prefs "$work/demo" --show-preferences --screenshot "$here/docs/studio-team-cache.png@1500" --quit-when-done --quit-after 20000
    # An asset's Uses / Used by, and its History after a tile image changed
    # (built, grass.png replaced by dirt.png's pixels, built again).
    "$build_dir/bin/prometeu" build "$work/demo" >/dev/null
    cp "$work/demo/assets/tiles/dirt.png" "$work/demo/assets/tiles/grass.png"
    "$build_dir/bin/prometeu" build "$work/demo" >/dev/null
    run uses "$work/demo" --select "maps/meadow.tmx#uses" --screenshot "$here/docs/studio-asset-uses.png@1500" --quit-when-done --quit-after 20000
    run history "$work/demo" --select "maps/meadow.tmx#history" --screenshot "$here/docs/studio-asset-history.png@1500" --quit-when-done --quit-after 20000
    rm -rf "$work"
    ;;
test)
    build
    (cd "$build_dir" && env QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)")
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
    "$here/tools/sanitize.sh" all "$build_dir"
    exec "$here/tools/fuzz.sh" "${FUZZ_SECONDS:-10}" "$build_dir"
    ;;
quick)
    build
    cd "$build_dir"
    exec env QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)"
    ;;
build)
    build
    ;;
bench)
    # `tools/dev.sh bench --check` fails past 25 % worse than bench/baseline.json.
    packages+=(python3)
    build
    exec "$here/bench/run-all.sh" "$build_dir" "${@:2}"
    ;;
*)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
