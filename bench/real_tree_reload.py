#!/usr/bin/env python3
"""Live reload on a real project, the way a user sees it.

Runs `prometeu play --watch --headless PROJECT`, rewrites one PNG asset N
times (a new 32x32 image each time, written in place), and times each write
to the runtime's "reloaded" line; prints median, p95 and max, and the
runtime's own frame-interval summary. Restores the asset at the end.

Usage: bench/real_tree_reload.py PROJECT ASSET.png [EDITS] [PROMETEU]
  e.g. bench/real_tree_reload.py /tmp/real/pingus data/images/traps/spike.png 30 build/bin/prometeu
"""
import os, re, signal, statistics, struct, subprocess, sys, time, zlib


def png(width, height, rgba):
    raw = b"".join(b"\x00" + bytes(rgba) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    project, asset = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    prometeu = sys.argv[4] if len(sys.argv) > 4 else "build/bin/prometeu"
    target = os.path.join(project, "assets", asset)
    original = open(target, "rb").read()
    play = subprocess.Popen([prometeu, "play", "--watch", "--headless", project], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    seen = []

    def wait_for(pattern, timeout):
        end = time.time() + timeout
        while time.time() < end:
            line = play.stdout.readline()
            if not line:
                return None
            seen.append(line)
            if re.search(pattern, line):
                return line
        return None

    latencies = []
    try:
        if not wait_for(r"→ running", 300):
            sys.exit("the game never ran:\n" + "".join(seen[-20:]))
        time.sleep(3)  # the watcher learns the project's files with one scan
        for i in range(edits):
            data = png(32, 32, (i * 7 % 256, 255 - i % 256, 9, 255))
            start = time.time()
            with open(target, "wb") as out:
                out.write(data)
            if not wait_for(r"\] info +reloaded \d+: ", 30):
                print("no reload for edit", i)
                break
            latencies.append((time.time() - start) * 1000)
            time.sleep(0.3)
    finally:
        play.send_signal(signal.SIGINT)
        wait_for(r"stopped after", 30)
        try:
            play.wait(30)
        except subprocess.TimeoutExpired:
            play.kill()
        with open(target, "wb") as out:
            out.write(original)
    for line in seen:
        if "stopped after" in line:
            print(line.strip())
    if latencies:
        latencies.sort()
        p95 = latencies[max(0, int(0.95 * len(latencies)) - 1)]
        print("edit-to-reloaded over %d edits: median %.1f ms, p95 %.1f ms, max %.1f ms"
              % (len(latencies), statistics.median(latencies), p95, latencies[-1]))


if __name__ == "__main__":
    main()
