#!/usr/bin/env bash
# Makes project folders from real game data that Debian ships, for
# bench_build --project (and bench/run-all.sh, which uses them when present):
#   pingus      pingus-data: 1,825 files, many small PNG sprites and levels
#   hedgewars   hedgewars-data: 3,212 files, 969 OGG sounds and 4096x2048 maps
#   supertux    supertux-data: 4,056 files, 2,736 PNGs, 85 OGG tunes; a 1 GiB
#               cartridge (its two font links into Debian's font packages,
#               which dangle here, are removed: the bench measures a build
#               that succeeds)
# Usage: bench/real-trees.sh [DIR]   (default: ~/.cache/prometeu-real-trees)
set -euo pipefail
dir=${1:-${PROMETEU_REAL_TREES:-$HOME/.cache/prometeu-real-trees}}
mkdir -p "$dir"
cd "$dir"
for game in pingus hedgewars supertux; do
    [ -f "$game/prometeu.json" ] && continue
    rm -rf "x-$game" && mkdir "x-$game"
    (cd "x-$game" && apt-get download "$game-data" >/dev/null && dpkg-deb -x ./*.deb .)
    mkdir -p "$game"
    data="x-$game/usr/share/games/$game"
    [ "$game" = supertux ] && data="x-$game/usr/share/games/supertux2"
    rm -rf "$game/assets" && mv "$data" "$game/assets" && rm -rf "x-$game"
    find "$game/assets" -xtype l -delete # links that dangle outside their package
    # Limits wide enough for the real data (Hedgewars' ClimbHome mask is
    # 2048x32768); nothing else differs from a new project's manifest.
    printf '{"id": "%s", "name": "%s", "cartridge": {"max_bytes": 2147483647, "max_image_width": 8192, "max_image_height": 32768}}\n' \
        "$game" "$game" > "$game/prometeu.json"
done
echo "$dir/pingus $dir/hedgewars $dir/supertux"
