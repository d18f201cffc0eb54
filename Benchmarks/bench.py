#!/usr/bin/env python3
"""saegraph's performance benchmark. Prints figures; never passes or fails.

In one run:
  1. writes a GPT-2-small-scale input with `saegraph synth` (4 layers x 24,576 x 768, F32);
  2. measures this machine's sgemm peak with the BLAS saegraph links (blas_peak.py);
  3. runs `saegraph build` (release) and two numpy baselines (numpy_baseline.py: the
     full-matrix way of the original study and a blocked one), alternating, several runs each;
  4. checks that all three produce exactly the same edge set;
  5. prints medians of wall time and peak RSS, achieved GFLOP/s of the similarity stage, the
     ratios saegraph / numpy, and a scaling table over d_sae.

Usage:  python3 Benchmarks/bench.py [--runs 3] [--work /tmp/saegraph-bench] [--quick]
Needs a release build (swift build -c release --static-swift-stdlib) and numpy.
"""
import argparse, csv, json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAEGRAPH = os.path.join(ROOT, ".build", "release", "saegraph")
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env=None):
    """Runs cmd, returns (wall seconds, peak RSS MiB, stdout)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed ({p.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024, out


def edge_set(path):
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        return {(int(a), int(b), int(c), int(d)) for a, b, c, d, _ in r}


def synth(folder, d_sae, layers, d_model=768):
    if os.path.exists(os.path.join(folder, "planted-chains.json")):
        return
    subprocess.run([SAEGRAPH, "synth", "-o", folder, "--layers", layers, "--d-sae", str(d_sae),
                    "--d-model", str(d_model), "--chains", "200", "--quiet"], check=True, stdout=subprocess.DEVNULL)


def flops(d_sae, pairs, d_model=768):
    return 2.0 * d_sae * d_sae * d_model * pairs


def bench_one(folder, layers, runs, work, with_full=True):
    layer_list = layers.replace("-", ",") if "," in layers else ",".join(
        str(x) for x in range(int(layers.split("-")[0]), int(layers.split("-")[1]) + 1))
    graph = os.path.join(work, "graph.json")
    res = {"saegraph": [], "numpy-blocked": [], "numpy-full": []}
    for _ in range(runs):
        res["saegraph"].append(run([SAEGRAPH, "build", folder, "--layers", layers, "--rule", "threshold", "--threshold", "0.5", "-o", graph, "--quiet"])[:2])
        w, m, out = run([sys.executable, os.path.join(HERE, "numpy_baseline.py"), folder, "--layers", layer_list,
                         "--mode", "blocked", "-o", os.path.join(work, "np-blocked.csv")])
        res["numpy-blocked"].append((w, m, json.loads(out)))
        if with_full:
            w, m, out = run([sys.executable, os.path.join(HERE, "numpy_baseline.py"), folder, "--layers", layer_list,
                             "--mode", "full", "-o", os.path.join(work, "np-full.csv")])
            res["numpy-full"].append((w, m, json.loads(out)))
    subprocess.run([SAEGRAPH, "edges", graph, "--format", "csv", "-o", os.path.join(work, "saegraph.csv")], check=True)
    sets = {"saegraph": edge_set(os.path.join(work, "saegraph.csv")),
            "numpy-blocked": edge_set(os.path.join(work, "np-blocked.csv"))}
    if with_full:
        sets["numpy-full"] = edge_set(os.path.join(work, "np-full.csv"))
    same = all(s == sets["saegraph"] for s in sets.values())
    return res, sets, same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/saegraph-bench")
    ap.add_argument("--quick", action="store_true", help="skip the scaling table")
    args = ap.parse_args()
    if not os.path.exists(SAEGRAPH):
        sys.exit("benchmark: build first: swift build -c release --static-swift-stdlib")
    os.makedirs(args.work, exist_ok=True)
    # SkylakeX kernels where the CPU has AVX-512 (they fault elsewhere), else Haswell (AVX2).
    env = dict(os.environ, OPENBLAS_CORETYPE=os.environ.get("OPENBLAS_CORETYPE", ("SkylakeX" if " avx512f" in open("/proc/cpuinfo").read() else "Haswell")))
    peak = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "blas_peak.py")], env=env,
                                     capture_output=True, text=True, check=True).stdout)
    cores = os.cpu_count()
    peak_gf = peak[f"gflops_{cores}_threads"]
    print(f"machine: {cores} cores, {os.uname().machine}; BLAS core {peak['core']}; "
          f"sgemm peak {peak_gf} GFLOP/s ({peak['gflops_1_thread']} on 1 thread), shape {peak['shape']}")

    folder = os.path.join(args.work, "gpt2-scale")
    synth(folder, 24576, "6-9")
    res, sets, same = bench_one(folder, "6-9", args.runs, args.work)
    print("\n## 4 layers x 24,576 features x 768, F32 (3 layer pairs)\n")
    print("| way | wall s (median) | peak RSS MiB | similarity-stage GFLOP/s | edges |")
    print("|---|---|---|---|---|")
    total_flops = flops(24576, 3)
    med = {}
    for name, rows in res.items():
        if not rows:
            continue
        wall = statistics.median(r[0] for r in rows)
        rss = statistics.median(r[1] for r in rows)
        med[name] = wall
        if name == "saegraph":
            gf = f"{total_flops / wall / 1e9:.0f} (whole run)"
        else:
            gf = f"{total_flops / statistics.median(r[2]['similarity_s'] for r in rows) / 1e9:.0f}"
        print(f"| {name} | {wall:.2f} | {rss:.0f} | {gf} | {len(sets[name])} |")
    print(f"\nedge sets identical: {same}")
    for name in ("numpy-blocked", "numpy-full"):
        if name in med:
            print(f"saegraph / {name} wall: {med['saegraph'] / med[name]:.2f} (speed-up {med[name] / med['saegraph']:.2f}x)")
    print(f"saegraph whole-run rate vs sgemm peak: {total_flops / med['saegraph'] / 1e9 / peak_gf * 100:.0f} %")
    decoder_mib = 4 * 24576 * 768 * 4 / 2**20
    print(f"decoder bytes {decoder_mib:.0f} MiB; RSS budget 1.2 x decoders + 200 = {1.2 * decoder_mib + 200:.0f} MiB")

    if not args.quick:
        print("\n## Scaling (2 layers, F32, d_model 768)\n")
        print("| d_sae | saegraph s | numpy blocked s | GFLOP/s saegraph | peak RSS MiB saegraph |")
        print("|---|---|---|---|---|")
        for d_sae in (4096, 16384, 24576, 65536):
            f = os.path.join(args.work, f"scale-{d_sae}")
            synth(f, d_sae, "0-1")
            r, _, _ = bench_one(f, "0-1", 1, args.work, with_full=False)
            w = r["saegraph"][0][0]
            print(f"| {d_sae} | {w:.2f} | {r['numpy-blocked'][0][0]:.2f} | {flops(d_sae, 1) / w / 1e9:.0f} | {r['saegraph'][0][1]:.0f} |")


if __name__ == "__main__":
    main()
