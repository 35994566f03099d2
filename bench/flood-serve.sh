#!/usr/bin/env bash
# End-to-end runtime flood through `prometeu serve` (issue #18): a game
# prints LINES numbered lines, RATE/10 at a time every tenth of a second
# (seq | sed, then sleep 0.1: the real pace is lower than RATE, so read the
# end-to-end figure printed, not RATE); one SSE client (curl) is connected
# before Play. Prints how long until the last line reached the client, the
# lines it received, the resets it got (each says exactly how many frames
# it missed), and the CPU each thread of the server and the client spent.
#
#   bench/flood-serve.sh [build] [RATE] [LINES]     (defaults: 400000 1000000,
#                                                    about 260,000 lines/s here)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}; rate=${2:-400000}; lines=${3:-1000000}
bin=$build/bin
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cp -a "$here/examples/demo/." "$work/" && rm -rf "$work/.prometeu" "$work/build"
chunk=$((rate / 10)); rounds=$(((lines + chunk - 1) / chunk))
cat > "$work/prometeu.json" <<JSON
{"id": "flood", "name": "Flood", "runtime": {"handshake": false, "command": ["sh", "-c",
 "i=0; while [ \$i -lt $rounds ]; do s=\$((i*$chunk+1)); e=\$(((i+1)*$chunk)); [ \$e -gt $lines ] && e=$lines; seq \$s \$e | sed 's/^/line /'; i=\$((i+1)); sleep 0.1; done; exec sleep 600"]}}
JSON
"$bin/prometeu" serve "$work" > "$work/serve.out" 2> "$work/serve.err" &
serve=$!
for _ in $(seq 200); do [ -s "$work/serve.out" ] && break; sleep 0.05; done
url=$(sed -n 's/.*"url": *"\([^"]*\)".*/\1/p' "$work/serve.out" | head -1)
token=$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' "$work/serve.out" | head -1)
curl -sN -H "Authorization: Bearer $token" "${url}events?source=runtime" > "$work/sse.out" & client=$!
sleep 0.5
cpu() { for t in /proc/$serve/task/*; do echo "$(cat "$t/comm")|$(awk '{print $14 + $15}' "$t/stat")"; done | awk -F'|' '{a[$1]+=$2} END {for (k in a) print k "|" a[k]}' | sort; }
cpu > "$work/cpu0"
start=$(date +%s.%N)
curl -s -X POST -H "Authorization: Bearer $token" "${url}session/play" > /dev/null
arrived=no
for _ in $(seq 1200); do
    if tail -c 4096 "$work/sse.out" | grep -q "\"line $lines\""; then arrived=yes; break; fi
    # A reset may have taken the last line: stop once nothing more comes.
    if grep -q '^event: reset' "$work/sse.out" && [ "$(stat -c %s "$work/sse.out")" = "${size:-}" ]; then break; fi
    size=$(stat -c %s "$work/sse.out"); sleep 0.5
done
end=$(date +%s.%N)
cpu > "$work/cpu1"
clientcpu=$(awk '{print ($14 + $15) * 10}' "/proc/$client/stat" 2>/dev/null || echo 0)
curl -s -X POST -H "Authorization: Bearer $token" "${url}session/stop" > /dev/null || true
# The history of that Play: the lines it kept (a head and a tail) and the
# count its gap marker gives for the rest; together they must be every line.
history() {
    python3 - "$work/.prometeu/history.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=5)
run = db.execute("SELECT id, dropped FROM streams WHERE type = 'run' AND id != 'run:0' "
                 "ORDER BY started_ms DESC LIMIT 1").fetchone()
if run is None:
    print("0 0"); sys.exit()
kept = db.execute("SELECT count(*) FROM frames WHERE stream = ? AND kind = 'log' AND source = 'runtime' "
                  "AND CAST(envelope AS TEXT) LIKE '%\"message\":\"line %'", (run[0],)).fetchone()[0]
print(kept, run[1])
PY
}
for _ in $(seq 40); do
    read -r kept dropped < <(history)
    [ $((kept + dropped)) -ge "$lines" ] && break
    sleep 0.5
done
received=$(grep -c '"message":"line ' "$work/sse.out" || true)
resets=$(grep -c '^event: reset' "$work/sse.out" || true)
missed=$(grep -A1 '^event: reset' "$work/sse.out" | grep -o '"missed_frames":[0-9]*' | cut -d: -f2 | paste -sd+ | bc 2>/dev/null || echo 0)
seconds=$(echo "$end - $start" | bc)
echo "== runtime flood through serve: $lines lines at ~$rate/s"
if [ $arrived = yes ]; then
    printf 'last line at the SSE client after  %.2f s (%.0f lines/s end to end)\n' "$seconds" "$(echo "$lines / $seconds" | bc -l)"
else
    echo "last line at the SSE client        never (it was in what a reset left out)"
fi
echo "lines received by the client       $received of $lines, resets $resets (missed_frames ${missed:-0})"
echo "lines in the history               $kept kept (head and tail of the run) + $dropped counted by its gap marker = $((kept + dropped)) of $lines"
join -t'|' "$work/cpu0" "$work/cpu1" | awk -F'|' -v n="$lines" '{d = ($3 - $2) * 10; if (d > 0) printf "  thread %-18s %6d ms CPU, %.2f us a line\n", $1, d, d * 1000 / n}'
printf '  the client (curl)           %6d ms CPU, %.2f us a line\n' "$clientcpu" "$(echo "$clientcpu * 1000 / $lines" | bc -l)"
