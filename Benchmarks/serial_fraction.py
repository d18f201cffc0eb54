#!/usr/bin/env python3
"""How much of a saegraph run is serial, and what that predicts for more cores.

Runs one command under `perf record -F 999` (CPU-clock samples of every thread), cuts the run
into 10 ms windows and counts the windows where about one core was busy (between half and
one and a half windows' worth of samples): their time is the run's serial part S. With W the
CPU seconds of all samples, Amdahl's model gives the wall time on n cores as S + (W - S) / n,
and the efficiency from 2 to 16 cores as T(2) / (8 T(16)). It leaves out what a model of the
serial part cannot see: memory bandwidth and caches shared by more workers.

Usage: python3 Benchmarks/serial_fraction.py -- .build/release/saegraph build SAES --quiet -o g.json
Needs `perf` (linux-perf) and permission to sample (perf_event_paranoid <= 2, or root).
"""
import collections
import re
import subprocess
import sys
import tempfile

RATE = 999
WINDOW = 0.01


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    with tempfile.NamedTemporaryFile(suffix=".data") as data:
        subprocess.run(["perf", "record", "-q", "-F", str(RATE), "-o", data.name, "--"] + args, check=True,
                       stdout=subprocess.DEVNULL)
        script = subprocess.run(["perf", "script", "-i", data.name, "-F", "tid,time"], check=True,
                                capture_output=True, text=True).stdout
    times = [float(m.group(1)) for m in re.finditer(r"^\s*\d+\s+([\d.]+):", script, re.M)]
    if not times:
        print("serial_fraction: perf recorded no samples", file=sys.stderr)
        return 1
    start = times[0]
    counts = collections.Counter(int((t - start) / WINDOW) for t in times)
    span = int((times[-1] - start) / WINDOW) + 1
    per = RATE * WINDOW
    one = sum(1 for b in range(span) if 0.5 * per < counts[b] <= 1.5 * per)
    wall = span * WINDOW
    work = len(times) / RATE
    serial = one * WINDOW
    t2 = serial + (work - serial) / 2
    t16 = serial + (work - serial) / 16
    print(f"wall {wall:.2f} s, CPU {work:.2f} s, one core busy {serial:.2f} s")
    print(f"model: T(2) {t2:.2f} s, T(16) {t16:.2f} s, efficiency 2 -> 16 cores {t2 / (8 * t16):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
