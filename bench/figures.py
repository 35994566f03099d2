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

This shared machine's speed moves by 2x between hours, so a timing is
compared as a ratio to its own reference measured in the same run where it
has one (a no-op to ninja's no-op over the same files, the event lane to a
mutex and an append, the history to plain inserts, ...); any other timing
is divided by the machine's slowdown: the median of how much slower every
reference ran than when the baseline was recorded. Memory figures are
compared as they are. References themselves are not checked.
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
    ("bench_build", r"^doctor, unchanged project\s+([\d.]+) ms", "{section}: doctor, unchanged ms", "lower"),
    ("bench_runtime_flood", r"^into the merged log\s+([\d.]+) lines/s", "runtime flood lines/s", "higher"),
    ("bench_runtime_flood", r"^memory per entry beyond its text\s+(\d+) bytes", "log bytes per entry", "lower"),
    ("bench_studio", r"^(\S.*?)\s{2,}([\d.]+) s\s+GUI lateness .*?p99 ([\d.]+) ms, max ([\d.]+) ms", None, "lower"),
    ("bench_stream", r"^(\S.*?)\s+latency p50 .*?p99\s+([\d.]+) ms", None, "lower"),
    ("bench_hot_reload", r"^(\S.*?)\s+edit-to-reloaded .*?median\s+([\d.]+) ms, p95\s+([\d.]+) ms", None, "lower"),
    # Same-run references: what the machine did today.
    ("bench_event_lane", r"^reference \(mutex \+ append\)\s+([\d.]+) events/s", "reference: event lane's mutex + append events/s", "higher"),
    ("bench_hub", r"^reference: QJsonDocument path\s+([\d.]+) us/frame", "reference: hub frame through QJsonDocument us", "lower"),
    ("bench_hub", r"^reference: plain insert\s+([\d.]+) us/asset", "reference: history's plain insert us", "lower"),
    ("bench_scan", r"^reference: walk \+ read all\s+([\d.]+) ms", "reference: cold scan's walk and read ms", "lower"),
    ("bench_scan", r"^reference: walk \+ stat\s+([\d.]+) ms", "reference: warm rescan's walk and stat ms", "lower"),
    ("bench_build", r"^reference: ninja no-op\s+([\d.]+) ms", "{section}: reference: ninja no-op ms", "lower"),
    ("bench_build", r"^reference: the first doctor\s+([\d.]+) s", "{section}: reference: first doctor s", "lower"),
    ("bench_build", r"^reference: QDirIterator walk\s+([\d.]+) ms", "{section}: reference: walk ms", "lower"),
    ("bench_runtime_flood", r"^reference: raw pipe drain\s+([\d.]+) lines/s", "reference: raw pipe drain lines/s", "higher"),
    ("bench_hot_reload", r"^(\S.*?)\s+reference: Stop \+ Play until running\s+([\d.]+) ms", None, "lower"),
]


def reference_of(name):
    """The same-run reference a figure is compared to, if it has one."""
    for suffix in (": no-op ms", ": no-op with events ms", ": no-op ms, disk busy"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + ": reference: ninja no-op ms"
    if name.endswith(": doctor, unchanged ms"):
        return name[: -len(": doctor, unchanged ms")] + ": reference: first doctor s"
    if name.startswith("reload ") and (name.endswith(": median ms") or name.endswith(": p95 ms")):
        return name.rsplit(": ", 1)[0] + ": reference: restart ms"
    if name.startswith("stream ") and not name.startswith("stream reference"):
        return "stream reference: 1 client: p99 ms"
    return {
        "event lane events/s": "reference: event lane's mutex + append events/s",
        "hub frame us": "reference: hub frame through QJsonDocument us",
        "history us per converted asset": "reference: history's plain insert us",
        "cold scan ms": "reference: cold scan's walk and read ms",
        "warm rescan ms": "reference: warm rescan's walk and stat ms",
        "runtime flood lines/s": "reference: raw pipe drain lines/s",
    }.get(name)


def is_reference(name):
    return "reference" in name


def is_memory(name):
    return name.endswith("MiB") or name.endswith("bytes per entry")


def slowdown(value, recorded, better):
    """How many times slower than recorded (above 1: slower)."""
    return value / recorded if better == "lower" else recorded / value


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
            elif owner == "bench_hot_reload" and "reference" in pattern:
                figures[f"reload {match.group(1).strip()}: reference: restart ms"] = (float(match.group(2)), better, where)
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
    slowdowns = sorted(
        slowdown(figures[name][0], baseline[name]["value"], baseline[name]["better"])
        for name in baseline
        if is_reference(name) and name in figures and baseline[name]["better"] != "info"
        and figures[name][0] > 0 and baseline[name]["value"] > 0)
    machine = slowdowns[len(slowdowns) // 2] if slowdowns else 1.0
    print(f"machine: its {len(slowdowns)} references ran {machine:.2f}x their recorded time (median; "
          f"{slowdowns[0] if slowdowns else 1:.2f}-{slowdowns[-1] if slowdowns else 1:.2f}); "
          "timings without a reference of their own are divided by that")
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
        if is_reference(name):
            print(f"ref      {name}: {value:g} (recorded {recorded:g}; the machine, not checked)")
            continue
        reference = reference_of(name)
        if reference and reference in figures and reference in baseline and value > 0 and recorded > 0:
            # Both as ratios to the reference of their own run.
            worse = slowdown(value / figures[reference][0], recorded / baseline[reference]["value"], better) - 1
            how = f"as a ratio to {reference}"
        elif is_memory(name) or value <= 0 or recorded <= 0:
            worse = (value - recorded) / recorded if better == "lower" else (recorded - value) / recorded
            how = "as it is"
        else:
            worse = slowdown(value, recorded, better) / machine - 1
            how = f"after the machine's {machine:.2f}x"
        verdict = "WORSE" if worse > TOLERANCE else "ok"
        failed = failed or verdict == "WORSE"
        print(f"{verdict:8} {name}: {value:g} (recorded {recorded:g}; {worse * 100:+.0f} % worse {how})")
    for name in sorted(set(figures) - set(baseline)):
        print(f"NEW      {name}: {figures[name][0]:g} (not in the baseline)")
    if failed:
        print(f"\nREGRESSION: a figure is more than {TOLERANCE * 100:.0f} % worse than {baseline_path}.")
        return 1
    print(f"\nNo figure more than {TOLERANCE * 100:.0f} % worse than {baseline_path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
