#!/usr/bin/env python3
"""The peak memory of a command and every process under it, for A/B runs
of two binaries (bench_build measures the same with its own binary):

    python3 bench/build_memory.py <prometeu> build <project copy> --jobs 2

Every 10 ms it sums Pss_Anon + Pss_Shmem (smaps_rollup) of the command and
of each thread's children (a build's converter workers are started from
one of its threads), and prints the largest sum, when it was seen, and
each process's share at that moment."""
import os
import subprocess
import sys
import time


def tree(pid, out):
    try:
        kib = 0
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith(("Pss_Anon:", "Pss_Shmem:")):
                    kib += int(line.split()[1])
        with open(f"/proc/{pid}/comm") as comm:
            name = comm.read().strip()
    except OSError:
        return  # gone meanwhile
    out.append((name, kib))
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    tree(int(child), out)
        except OSError:
            pass


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    start = time.monotonic()
    command = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak, at, shares = 0, 0.0, []
    while command.poll() is None:
        sample = []
        tree(command.pid, sample)
        total = sum(kib for _, kib in sample)
        if total > peak:
            peak, at, shares = total, time.monotonic() - start, sample
        time.sleep(0.01)
    print(f"peak {peak / 1024:.0f} MiB at {at:.2f} s of {time.monotonic() - start:.2f} s: "
          + ", ".join(f"{name} {kib / 1024:.0f}" for name, kib in shares)
          + f"; exit code {command.returncode}")
    return command.returncode


if __name__ == "__main__":
    sys.exit(main())
