#!/usr/bin/env python3
"""Writes synthetic SAELens-layout SAEs for measuring saegraph.

Usage: make-synthetic.py OUT_DIR [--layers 6 7 8 9] [--d-sae 24576] [--d-model 768]
                         [--related 0.3] [--zero-rows 0] [--seed 0]

For each layer L it writes OUT_DIR/blocks.L.hook_resid_pre/{cfg.json,sae_weights.safetensors}
with an F32 `W_dec` of shape [d_sae, d_model] (rows are features) and matching `W_enc`,
`b_enc`, `b_dec` so the folder looks like a real SAELens export. The first layer's rows are
random directions; in each later layer a fraction `--related` of rows is a random row of the
previous layer plus noise (cosines mostly 0.4-0.9, so the default threshold finds edges), the
rest are new random directions. Row lengths vary like real decoders. Seeded: the same
arguments always give the same bytes. The data is large (about 75 MB per layer per tensor at
the defaults): never commit it.
"""
import argparse
import json
import os

import numpy as np
from safetensors.numpy import save_file


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir")
    p.add_argument("--layers", type=int, nargs="+", default=[6, 7, 8, 9])
    p.add_argument("--d-sae", type=int, default=24576)
    p.add_argument("--d-model", type=int, default=768)
    p.add_argument("--related", type=float, default=0.3, help="fraction of rows derived from the previous layer")
    p.add_argument("--zero-rows", type=int, default=0, help="all-zero rows per layer (dead features)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    rng = np.random.default_rng(a.seed)
    prev = None
    for layer in sorted(a.layers):
        w = rng.standard_normal((a.d_sae, a.d_model), dtype=np.float32)
        w /= np.linalg.norm(w, axis=1, keepdims=True)
        if prev is not None:
            k = int(a.d_sae * a.related)
            rows = rng.choice(a.d_sae, size=k, replace=False)
            parents = rng.integers(0, a.d_sae, size=k)
            noise = rng.uniform(0.3, 1.6, size=(k, 1)).astype(np.float32)
            w[rows] = prev[parents] + noise * w[rows]
            w[rows] /= np.linalg.norm(w[rows], axis=1, keepdims=True)
        prev = w.copy()
        scaled = w * rng.uniform(0.5, 2.0, size=(a.d_sae, 1)).astype(np.float32)
        if a.zero_rows:
            scaled[rng.choice(a.d_sae, size=a.zero_rows, replace=False)] = 0
        hook = f"blocks.{layer}.hook_resid_pre"
        folder = os.path.join(a.out_dir, hook)
        os.makedirs(folder, exist_ok=True)
        tensors = {
            "W_dec": np.ascontiguousarray(scaled, dtype=np.float32),
            "W_enc": np.ascontiguousarray(scaled.T, dtype=np.float32),
            "b_enc": np.zeros(a.d_sae, dtype=np.float32),
            "b_dec": np.zeros(a.d_model, dtype=np.float32),
        }
        save_file(tensors, os.path.join(folder, "sae_weights.safetensors"))
        cfg = {
            "architecture": "standard", "d_in": a.d_model, "d_sae": a.d_sae, "dtype": "float32",
            "model_name": "gpt2-small", "hook_name": hook, "hook_layer": layer,
            "device": "cpu", "synthetic": True, "seed": a.seed,
        }
        with open(os.path.join(folder, "cfg.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
