#!/usr/bin/env python3
"""Reads what bench/run-all.sh printed, picks out the figures that matter,
and compares them with bench/baseline.json (the last recorded run).

  figures.py extract LOG            print the figures as JSON
  figures.py check LOG [BASELINE]   fail (exit 1) when a figure is more than
                                    25 % worse than its recorded value
  figures.py record LOG [BASELINE]  write the figures as the new baseline

Each figure says whether lower or higher is better. A figure missing from a
bench that ran is a failure too; one from a project that was not measured
(a real tree not on this machine, a size not asked for) is skipped; one
missing from the baseline is reported (record again to adopt it).
"""
import json
import re
import sys

TOLERANCE = 0.25

# (bench, pattern, figure name, better). A pattern's first group is the
# value; `{section}` in a name is the last "== name" header seen in that
# bench's output (bench_build prints one per project).
PATTERNS = [
    ("bench_event_lane", r"^event lane publish\s+([\d.]+) events/s", "event lane events/s", "higher"),
    ("bench_hub", r"^frame, written from fields\s+([\d.]+) us/frame", "hub frame us", "lower"),
    ("bench_hub", r"^recorded \(frames, provenance\)\s+([\d.]+) us/asset", "history us per converted asset", "lower"),
    ("bench_hub", r"^envelope of each cache_miss\s+([\d.]+) us/asset", "cache_miss envelope us", "lower"),
    ("bench_scan", r"^cold scan \(read \+ XXH3 \+ events\)\s+([\d.]+) ms", "cold scan ms", "lower"),
    ("bench_scan", r"^warm rescan \(stat, hashes reused\)\s+([\d.]+) ms", "warm rescan ms", "lower"),
    ("bench_build", r"^cold build\s+([\d.]+) s wall", "{section}: cold build s", "lower"),
    ("bench_build", r"^cold build .* peak RSS (\d+) MiB", "{section}: cold build peak MiB", "lower"),
    ("bench_build", r"^cold build memory, all processes (\d+) MiB", "{section}: cold build memory, all processes MiB", "lower"),
    ("bench_build", r"^cold, in-process converters\s+([\d.]+) s wall", "{section}: cold in-process s", "lower"),
    ("bench_build", r"^cold in memory, workers\s+([\d.]+) s wall", "{section}: cold in memory, workers s", "lower"),
    ("bench_build", r"^no-op rebuild\s+([\d.]+) ms", "{section}: no-op ms", "lower"),
    ("bench_build", r"^no-op rebuild, --events jsonl\s+([\d.]+) ms", "{section}: no-op with events ms", "lower"),
    ("bench_build", r"^no-op, disk busy\s+([\d.]+) ms", "{section}: no-op ms, disk busy", "lower"),
    ("bench_runtime_flood", r"^into the merged log\s+([\d.]+) lines/s", "runtime flood lines/s", "higher"),
    ("bench_runtime_flood", r"^memory per entry beyond its text\s+(\d+) bytes", "log bytes per entry", "lower"),
    ("bench_studio", r"^(\S.*?)\s{2,}([\d.]+) s\s+GUI lateness .*?p99 ([\d.]+) ms, max ([\d.]+) ms", None, "lower"),
    ("bench_stream", r"^(\S.*?)\s+latency p50 .*?p99\s+([\d.]+) ms", None, "lower"),
    ("bench_hot_reload", r"^(\S.*?)\s+edit-to-reloaded .*?median\s+([\d.]+) ms, p95\s+([\d.]+) ms", None, "lower"),
]


def extract(text, seen=None):
    """Figures by name: (value, better, where) where `where` is
    "bench" or "bench/section". `seen` collects every such place met."""
    figures = {}
    bench = None
    section = ""
    seen = set() if seen is None else seen
    for line in text.splitlines():
        header = re.match(r"^== (bench_\w+)$", line)
        if header:
            bench, section = header.group(1), ""
            seen.add(bench)
            continue
        inner = re.match(r"^== (.+?):", line)
        if inner:
            section = inner.group(1)
            seen.add(f"{bench}/{section}")
            continue
        for owner, pattern, name, better in PATTERNS:
            if owner != bench:
                continue
            match = re.search(pattern, line)
            if not match:
                continue
            where = f"{bench}/{section}" if section else bench
            if owner == "bench_studio":
                label = match.group(1).strip()
                figures[f"studio {label}: s"] = (float(match.group(2)), better, where)
                figures[f"studio {label}: p99 ms"] = (float(match.group(3)), better, where)
                # One sample: printed, never failed on (its noise alone passes 25 %).
                figures[f"studio {label}: max ms"] = (float(match.group(4)), "info", where)
            elif owner == "bench_stream":
                figures[f"stream {match.group(1).strip()}: p99 ms"] = (float(match.group(2)), better, where)
            elif owner == "bench_hot_reload":
                label = match.group(1).strip()
                figures[f"reload {label}: median ms"] = (float(match.group(2)), better, where)
                figures[f"reload {label}: p95 ms"] = (float(match.group(3)), better, where)
            else:
                figures[name.format(section=section)] = (float(match.group(1)), better, where)
    return figures


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("extract", "check", "record"):
        print(__doc__, file=sys.stderr)
        return 2
    seen = set()
    with open(sys.argv[2], encoding="utf-8", errors="replace") as log:
        figures = extract(log.read(), seen)
    baseline_path = sys.argv[3] if len(sys.argv) > 3 else "bench/baseline.json"
    if sys.argv[1] == "extract":
        print(json.dumps({k: v[0] for k, v in figures.items()}, indent=2, sort_keys=True))
        return 0
    if sys.argv[1] == "record":
        with open(baseline_path, "w", encoding="utf-8") as out:
            json.dump({k: {"value": v[0], "better": v[1], "where": v[2]} for k, v in figures.items()}, out, indent=2,
                      sort_keys=True)
            out.write("\n")
        print(f"recorded {len(figures)} figures in {baseline_path}")
        return 0
    try:
        with open(baseline_path, encoding="utf-8") as f:
            baseline = json.load(f)
    except (OSError, ValueError) as error:
        print(f"No usable baseline at {baseline_path} ({error}): record one with bench/run-all.sh --record.")
        return 2
    failed = False
    for name in sorted(baseline):
        recorded = baseline[name]["value"]
        better = baseline[name]["better"]
        if name not in figures:
            where = baseline[name].get("where", "")
            if where and where not in seen:
                # A real tree not on this machine, or a size not asked for.
                print(f"SKIPPED  {name}: recorded {recorded:g}; {where} was not measured in this run")
                continue
            print(f"MISSING  {name}: recorded {recorded:g}, its bench ran but did not print it")
            failed = True
            continue
        value = figures[name][0]
        if better == "info":
            print(f"info     {name}: {value:g} (recorded {recorded:g}; a single sample, not checked)")
            continue
        worse = (value - recorded) / recorded if better == "lower" else (recorded - value) / recorded
        verdict = "WORSE" if worse > TOLERANCE else "ok"
        failed = failed or verdict == "WORSE"
        print(f"{verdict:8} {name}: {value:g} (recorded {recorded:g}, {worse * 100:+.0f} % worse)")
    for name in sorted(set(figures) - set(baseline)):
        print(f"NEW      {name}: {figures[name][0]:g} (not in the baseline)")
    if failed:
        print(f"\nREGRESSION: a figure is more than {TOLERANCE * 100:.0f} % worse than {baseline_path}.")
        return 1
    print(f"\nNo figure more than {TOLERANCE * 100:.0f} % worse than {baseline_path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
