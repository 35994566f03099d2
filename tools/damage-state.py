#!/usr/bin/env python3
"""Damage a built project's state (.prometeu/) at random and rebuild: the
cartridge must come out byte-identical every time, whatever was damaged.

  tools/damage-state.py <built project> [seed] [trials] [prometeu]

Each trial copies the project, flips, truncates, zeroes or replaces with
garbage one file of .prometeu/ (build state, cache packs and objects, their
index, the history and its log), touches an asset half the time so the
build has work to do, builds twice, and compares both cartridges with the
project's own. Prints each trial that differs and the count; exit 1 if any.
Found the local cache's unchecked object header (2026-12-07).
"""
import glob
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    base = os.path.abspath(sys.argv[1])
    random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    here = os.path.dirname(os.path.abspath(__file__))
    prometeu = sys.argv[4] if len(sys.argv) > 4 else os.path.join(here, "..", "build", "bin", "prometeu")
    cartridges = glob.glob(os.path.join(base, "build", "*.pcart"))
    if not cartridges:
        print(f"{base} has no build/*.pcart: build it first")
        return 2
    name = os.path.basename(cartridges[0])
    reference = digest(cartridges[0])
    state = os.path.join(base, ".prometeu")
    files = [os.path.relpath(os.path.join(r, f), state) for r, _, fs in os.walk(state) for f in fs
             if f != ".gitignore"]
    assets = [os.path.relpath(os.path.join(r, f), base) for r, _, fs in os.walk(os.path.join(base, "assets"))
              for f in fs]
    bad = 0
    with tempfile.TemporaryDirectory() as scratch:
        for trial in range(trials):
            work = os.path.join(scratch, "p")
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(base, work, symlinks=True)
            target = random.choice(files)
            path = os.path.join(work, ".prometeu", target)
            data = bytearray(open(path, "rb").read())
            mode = random.choice(["flip", "truncate", "zero", "garbage", "empty"])
            if mode == "flip" and data:
                for _ in range(random.randint(1, 20)):
                    i = random.randrange(len(data))
                    data[i] ^= random.randrange(1, 256)
            elif mode == "truncate" and data:
                data = data[: random.randrange(len(data))]
            elif mode == "zero" and data:
                i = random.randrange(len(data))
                n = min(random.randint(1, 4096), len(data) - i)
                data[i : i + n] = bytes(n)
            elif mode == "garbage":
                data = bytearray(os.urandom(len(data)))
            else:
                data = bytearray()
            open(path, "wb").write(data)
            if random.random() < 0.5 and assets:
                os.utime(os.path.join(work, random.choice(assets)))
            for attempt in ("first", "second"):
                run = subprocess.run([prometeu, "build", work], capture_output=True, timeout=1200)
                out = os.path.join(work, "build", name)
                same = os.path.exists(out) and digest(out) == reference
                if run.returncode != 0 or not same:
                    bad += 1
                    print(f"trial {trial}: {target} ({mode}), {attempt} build: exit {run.returncode}, "
                          f"{'same' if same else 'DIFFERENT'} cartridge; {run.stderr.decode()[-300:]}")
    print(f"{trials} trials, {bad} bad builds")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
