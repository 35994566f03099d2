#!/usr/bin/env python3
"""bench/figures.py check: a timing is compared as a ratio to its same-run
reference, other timings after the machine's slowdown, memory as it is."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

FIGURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "figures.py")


def run_log(noop_ms, ninja_ms, cold_s, peak_mib, lane, lane_reference):
    """What bench/run-all.sh prints, cut down to the lines figures.py reads."""
    return "\n".join([
        "== bench_event_lane",
        f"event lane publish           {lane} events/s",
        f"reference (mutex + append)   {lane_reference} events/s",
        "",
        "== bench_build",
        "== demo: 26 files",
        f"cold build                       {cold_s} s wall, 1.00 s user + 0.10 s system, CPU/wall 1.80, "
        f"system/user 0.10, the command's own peak RSS {peak_mib} MiB",
        f"no-op rebuild                    {noop_ms} ms (best of 3), 1.0 µs a file, peak RSS 20 MiB",
        f"reference: ninja no-op           {ninja_ms} ms (best of 3; cold ninja copy 1.00 s)",
        "",
    ])


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.baseline = os.path.join(self.dir.name, "baseline.json")
        self.write("recorded.log", run_log(noop_ms=30, ninja_ms=20, cold_s=1.0, peak_mib=50, lane=2e6,
                                           lane_reference=4e6))
        subprocess.run([sys.executable, FIGURES, "record", self.path("recorded.log"), self.baseline], check=True,
                       capture_output=True)

    def tearDown(self):
        self.dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as out:
            out.write(text)

    def check(self, **run):
        self.write("run.log", run_log(**run))
        result = subprocess.run([sys.executable, FIGURES, "check", self.path("run.log"), self.baseline],
                                capture_output=True, text=True)
        # "VERDICT  name: value (recorded ...": a name may hold ": " itself.
        verdicts = {match.group(2): match.group(1)
                    for match in re.finditer(r"^(ok|WORSE)\s+(.+?): [-\d.e+]+ \(", result.stdout, re.M)}
        return result.returncode, verdicts, result.stdout

    def test_the_baseline_holds_the_references(self):
        with open(self.baseline, encoding="utf-8") as f:
            names = json.load(f)
        self.assertIn("demo: reference: ninja no-op ms", names)
        self.assertIn("reference: event lane's mutex + append events/s", names)

    def test_a_slow_machine_is_not_a_regression(self):
        # Everything, references too, 60 % slower.
        code, verdicts, out = self.check(noop_ms=48, ninja_ms=32, cold_s=1.6, peak_mib=50, lane=1.25e6,
                                         lane_reference=2.5e6)
        self.assertEqual(code, 0, out)
        self.assertIn("machine: its 2 references ran 1.60x", out)

    def test_a_slower_no_op_against_the_same_ninja_is(self):
        code, verdicts, out = self.check(noop_ms=40, ninja_ms=20, cold_s=1.0, peak_mib=50, lane=2e6,
                                         lane_reference=4e6)
        self.assertEqual(code, 1, out)
        self.assertEqual(verdicts["demo: no-op ms"], "WORSE", out)
        self.assertEqual(verdicts["demo: cold build s"], "ok", out)

    def test_a_timing_without_its_own_reference_is_divided_by_the_machine(self):
        # The machine 1.5x slower: a cold build 1.6x slower is within 25 %, 2x is not.
        code, verdicts, out = self.check(noop_ms=45, ninja_ms=30, cold_s=1.6, peak_mib=50, lane=4e6 / 3,
                                         lane_reference=4e6 / 1.5)
        self.assertEqual(code, 0, out)
        code, verdicts, out = self.check(noop_ms=45, ninja_ms=30, cold_s=2.0, peak_mib=50, lane=4e6 / 3,
                                         lane_reference=4e6 / 1.5)
        self.assertEqual(verdicts["demo: cold build s"], "WORSE", out)

    def test_memory_is_never_excused_by_a_slow_machine(self):
        code, verdicts, out = self.check(noop_ms=60, ninja_ms=40, cold_s=2.0, peak_mib=70, lane=1e6,
                                         lane_reference=2e6)
        self.assertEqual(verdicts["demo: cold build peak MiB"], "WORSE", out)
        self.assertEqual(verdicts["demo: cold build s"], "ok", out)


if __name__ == "__main__":
    unittest.main()
