#!/usr/bin/env python3
"""The same job as `saegraph build`, done with numpy, for the benchmark.

For each consecutive layer pair: cosine similarity of every decoder row of layer L with every
row of layer L+1, edges where cos >= threshold, and each feature's best match in the next and
previous layer. Two ways:

  full     the original study's way: S = W_L @ W_{L+1}.T (a d_sae x d_sae matrix), then
           threshold and argmax over the whole matrix;
  blocked  row tiles of W_L against the whole of W_{L+1}, selecting from each tile.

Writes the edges as CSV (source_layer,source_feature,target_layer,target_feature,similarity).
"""
import argparse, json, os, struct, sys, time
import numpy as np


def load_w_dec(folder):
    path = os.path.join(folder, "sae_weights.safetensors")
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    t = header["W_dec"]
    begin, end = t["data_offsets"]
    dtype = {"F32": np.float32, "F16": np.float16, "F64": np.float64}[t["dtype"]]
    arr = np.memmap(path, dtype=dtype, mode="r", offset=8 + n + begin, shape=tuple(t["shape"]))
    return np.asarray(arr, dtype=np.float32)


def normalise(w):
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return (w / norms).astype(np.float32)


def pair_full(a, b, t):
    s = a @ b.T
    rows, cols = np.nonzero(s >= t)
    sims = s[rows, cols]
    best_next = s.argmax(axis=1)
    best_prev = s.argmax(axis=0)
    return rows, cols, sims, best_next, best_prev


def pair_blocked(a, b, t, tile=1024):
    rows_all, cols_all, sims_all = [], [], []
    best_next = np.empty(a.shape[0], dtype=np.int64)
    col_max = np.full(b.shape[0], -np.inf, dtype=np.float32)
    best_prev = np.zeros(b.shape[0], dtype=np.int64)
    for start in range(0, a.shape[0], tile):
        s = a[start:start + tile] @ b.T
        r, c = np.nonzero(s >= t)
        rows_all.append(r + start)
        cols_all.append(c)
        sims_all.append(s[r, c])
        best_next[start:start + tile] = s.argmax(axis=1)
        tile_arg = s.argmax(axis=0)
        tile_max = s[tile_arg, np.arange(s.shape[1])]
        better = tile_max > col_max
        col_max[better] = tile_max[better]
        best_prev[better] = tile_arg[better] + start
    return (np.concatenate(rows_all), np.concatenate(cols_all), np.concatenate(sims_all), best_next, best_prev)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", help="folder of SAELens SAEs blocks.L.hook_resid_pre/")
    ap.add_argument("--layers", required=True, help="e.g. 6,7,8,9")
    ap.add_argument("--mode", choices=["full", "blocked"], required=True)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    layers = [int(x) for x in args.layers.split(",")]
    t0 = time.perf_counter()
    w = {l: normalise(load_w_dec(os.path.join(args.folder, f"blocks.{l}.hook_resid_pre"))) for l in layers}
    t_load = time.perf_counter() - t0
    out = []
    t_sim = 0.0
    for l0, l1 in zip(layers, layers[1:]):
        t1 = time.perf_counter()
        f = pair_full if args.mode == "full" else pair_blocked
        rows, cols, sims, _, _ = f(w[l0], w[l1], np.float32(args.threshold))
        t_sim += time.perf_counter() - t1
        order = np.lexsort((cols, rows))
        for i in order:
            out.append(f"{l0},{rows[i]},{l1},{cols[i]},{sims[i]:.6f}\n")
    with open(args.output, "w") as fh:
        fh.write("source_layer,source_feature,target_layer,target_feature,similarity\n")
        fh.writelines(out)
    print(json.dumps({"load_s": t_load, "similarity_s": t_sim, "edges": len(out)}))


if __name__ == "__main__":
    main()
