#!/usr/bin/env python3
"""Each candidate kernel on this CPU, end to end, against numpy blocked in the same run.
Prints figures; never passes or fails.

In one run:
  1. the CPU model, its SIMD flags, the load average before and after;
  2. each kernel's microbenchmark peak (Benchmarks/kernel-peak.sh, thread CPU time);
  3. `saegraph build --precision P` for fp32, bf16, int8 and auto (those this CPU has), and
     numpy blocked (numpy_baseline.py), interleaved round by round: wall, user CPU, peak RSS,
     rate (2 · d_sae² · d_model per pair, per wall second), ratio to numpy blocked, ratio to
     the kernel's peak on all threads;
  4. `--precision auto` with --threads 1 and with all threads: the serial fraction f of the
     Amdahl model T(n) = T(1)·(f + (1 − f)/n), and the efficiency it predicts for 16 threads;
  5. whether every saegraph graph file is byte-identical.

Usage:  python3 Benchmarks/kernels.py [--input /tmp/saegraph-bench] [--layers 6-9] [--rounds 1]
Needs a release build (swift build -c release --static-swift-stdlib), numpy, a C compiler, and input written by
`saegraph synth -o /tmp/saegraph-bench --layers 6-9 --d-sae 24576 --d-model 768 --chains 200`.
"""
import argparse, filecmp, json, os, re, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAEGRAPH = os.path.join(ROOT, ".build", "release", "saegraph")
HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, env):
    """Runs cmd under /usr/bin/time -v: (wall s, CPU s, peak RSS MiB, stderr), or None when the
    command reports that this CPU lacks what it needs."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, env=env)
    wall = time.perf_counter() - t
    err = p.stderr.decode()
    if p.returncode != 0:
        if "lacks" in err:
            return None
        sys.exit(f"kernels: {' '.join(cmd)} failed ({p.returncode}):\n{err}")
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) / 1024
    return wall, cpu, rss, err


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default="/tmp/saegraph-bench")
    ap.add_argument("--layers", default="6-9")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    if not os.path.exists(SAEGRAPH):
        sys.exit("kernels: build first: swift build -c release --static-swift-stdlib")
    # SkylakeX kernels where the CPU has AVX-512 (they fault elsewhere), else Haswell (AVX2).
    env = dict(os.environ, OPENBLAS_CORETYPE=os.environ.get("OPENBLAS_CORETYPE", ("SkylakeX" if " avx512f" in open("/proc/cpuinfo").read() else "Haswell")))
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s*(.*)", lscpu).group(1)
    fam = re.search(r"CPU family:\s*(\d+)", lscpu)
    num = re.search(r"Model:\s*(\d+)", lscpu)
    flags = set(re.search(r"Flags:\s*(.*)", lscpu).group(1).split())
    simd = [f for f in ("avx512f", "avx512_bf16", "avx512_fp16", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    cores = os.cpu_count()
    print(f"cpu: {model} (family {fam.group(1) if fam else '?'} model {num.group(1) if num else '?'}), "
          f"{cores} cores; {', '.join(simd)}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M')}; load average before: {load()}\n")
    print("## Kernel peaks (cache-resident blocks, thread CPU time)\n")
    peaks_out = subprocess.run(["bash", os.path.join(HERE, "kernel-peak.sh")], capture_output=True, text=True,
                               env=env, check=True).stdout
    print(peaks_out)
    peaks = {}
    for line in peaks_out.splitlines():
        m = re.match(r"\| (\S+) .*\| (\d+) \| (\d+) \|", line)
        if m:
            peaks[m.group(1)] = float(m.group(3))
    d_sae, d_model = 24576, 768
    info = json.load(open(os.path.join(args.input, f"blocks.{args.layers.split('-')[0]}.hook_resid_pre", "cfg.json")))
    d_sae, d_model = info.get("d_sae", d_sae), info.get("d_in", d_model)
    lo, hi = (int(x) for x in args.layers.split("-"))
    pairs = hi - lo
    ops = 2.0 * d_sae * d_sae * d_model * pairs
    work = tempfile.mkdtemp(prefix="saegraph-kernels-")
    ways = ["fp32", "bf16", "int8", "auto"]
    res = {w: [] for w in ways + ["auto --threads 1", "best (default rule, auto)", "numpy-blocked"]}
    kernel_of = {}
    for _ in range(args.rounds):
        for w in ways + ["auto --threads 1", "best (default rule, auto)"]:
            precision = "auto" if w.startswith("best") else w.split()[0]
            out = os.path.join(work, f"{w.split()[0]}{'_1' if 'threads' in w else ''}.json")
            # The numpy baseline computes the threshold rule; `best` (the default) is timed beside it.
            rule = [] if w.startswith("best") else ["--rule", "threshold", "--threshold", "0.5"]
            cmd = [SAEGRAPH, "build", args.input, "--layers", args.layers, "--precision", precision, "-o", out] + rule
            if "threads" in w:
                cmd += ["--threads", "1"]
            r = timed(cmd, env)
            if r is None:
                continue
            wall, cpu, rss, err = r
            m = re.search(r"candidate pass: (\S+)", err)
            kernel_of[w] = m.group(1) if m else "?"
            if w == "auto":
                kernel_of["auto-line"] = re.search(r"candidate pass: (.*)", err).group(1) if m else ""
            res[w].append((wall, cpu, rss, load()))
        layer_list = ",".join(str(x) for x in range(lo, hi + 1))
        wall, cpu, rss, _ = timed([sys.executable, os.path.join(HERE, "numpy_baseline.py"), args.input, "--layers",
                                      layer_list, "--mode", "blocked", "-o", os.path.join(work, "np.csv")], env)
        res["numpy-blocked"].append((wall, cpu, rss, load()))
    npw = statistics.median(r[0] for r in res["numpy-blocked"])
    print(f"## End to end: {pairs + 1} layers x {d_sae:,} x {d_model}, threshold 0.5 ({ops / 1e12:.2f} TOP; "
          "last saegraph row: the default rule `best`)\n")
    print("| way | kernel | wall s | CPU s | peak RSS MiB | GOP/s | / numpy blocked | / kernel peak | load after |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w, rows in res.items():
        if not rows:
            continue
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        rss = statistics.median(r[2] for r in rows)
        k = kernel_of.get(w, "numpy" if w == "numpy-blocked" else "?")
        peak = peaks.get(k) or peaks.get(k.split("-")[0])
        share = f"{ops / wall / 1e9 / peak * 100:.0f} %" if peak and "threads" not in w else ""
        print(f"| {w} | {k} | {wall:.2f} | {cpu:.1f} | {rss:.0f} | {ops / wall / 1e9:.0f} | {wall / npw:.2f} | "
              f"{share} | {rows[-1][3]} |")
    if "auto-line" in kernel_of:
        print(f"\nauto chose: {kernel_of['auto-line']}")
    decoder_mib = (pairs + 1) * d_sae * d_model * 4 / 2**20
    print(f"decoder bytes {decoder_mib:.0f} MiB; RSS budget 1.2 x decoders + 200 = {1.2 * decoder_mib + 200:.0f} MiB")
    if res["auto --threads 1"] and res["auto"] and cores > 1:
        t1 = statistics.median(r[0] for r in res["auto --threads 1"])
        tn = statistics.median(r[0] for r in res["auto"])
        f = max(0.0, (tn / t1 - 1 / cores) / (1 - 1 / cores))
        eff16 = 1 / (16 * f + (1 - f))
        print(f"\nthreads 1 → {cores}: {t1:.2f} s → {tn:.2f} s (speed-up {t1 / tn:.2f}); Amdahl serial fraction "
              f"f = {f:.3f}; predicted 16-thread efficiency {eff16 * 100:.0f} % (wall times on a shared machine "
              "make f an upper bound)")
    if res["best (default rule, auto)"] and res["auto"]:
        tb = statistics.median(r[0] for r in res["best (default rule, auto)"])
        ta = statistics.median(r[0] for r in res["auto"])
        print(f"default rule best / threshold build (both auto): {tb:.2f} s / {ta:.2f} s = {tb / ta:.2f}")
    files = [os.path.join(work, f"{w.split()[0]}{'_1' if 'threads' in w else ''}.json") for w in res
             if res[w] and w != "numpy-blocked" and not w.startswith("best")]
    same = all(filecmp.cmp(files[0], f, shallow=False) for f in files[1:])
    print(f"graph files byte-identical across kernels and thread counts: {same} ({len(files)} files)")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
