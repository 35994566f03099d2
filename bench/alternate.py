#!/usr/bin/env python3
"""Times commands in alternation, for A/B comparisons on a noisy machine.

    bench/alternate.py N 'command a' 'command b' ...

Runs each command 5 times to warm up, then N rounds of a, b, ... one after
the other (so a slow minute hits every command alike) and prints the
median, quartiles and minimum of each in milliseconds. Timed from Python
(fork and exec included, ~1 ms more than hyperfine's -N): compare the
commands with each other, not with hyperfine's figures.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = sys.argv[2:]
    times = [[] for _ in commands]
    with open(os.devnull, 'w') as null:
        for command in commands:
            for _ in range(5):
                subprocess.run(shlex.split(command), stdout=null, stderr=null)
        for _ in range(rounds):
            for j, command in enumerate(commands):
                argv = shlex.split(command)
                start = time.perf_counter()
                subprocess.run(argv, stdout=null, stderr=null)
                times[j].append((time.perf_counter() - start) * 1000)
    for command, t in zip(commands, times):
        t.sort()
        q = lambda p: t[int(p * (len(t) - 1))]
        print(f"{statistics.median(t):7.2f} ms (p25 {q(.25):.2f}, p75 {q(.75):.2f}, min {t[0]:.2f})  {command}")


if __name__ == '__main__':
    main()
