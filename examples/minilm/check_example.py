"""Consistency checks of a built example folder (reads only the committed files).

    python3 examples/minilm/check_example.py examples/minilm

Checks: tensor names, shapes and dtypes; decoder rows of equal norm 1/scale within a layer;
no shared-initialisation artefact (same-index decoder cosine between adjacent layers is
no larger than for random index pairs); label rows cover exactly the live features; truth
files reference live features only, 10 ranks each, sorted by correlation. Prints a summary
and exits non-zero on the first failure.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

LAYERS = [2, 3, 4, 5]


def fail(msg: str) -> None:
    raise SystemExit(f"FAIL: {msg}")


def main(root: Path) -> None:
    dec, live = {}, {}
    freq = {L: {} for L in LAYERS}
    with open(root / "truth" / "activation_frequency.csv") as fh:
        for row in csv.DictReader(fh):
            freq[int(row["layer"])][int(row["feature"])] = int(row["heldout_count"])
    for L in LAYERS:
        folder = root / "saes" / f"blocks.{L}.hook_resid_post"
        cfg = json.loads((folder / "cfg.json").read_text())
        w = load_file(str(folder / "sae_weights.safetensors"))
        if set(w) != {"W_dec", "b_dec", "W_enc", "b_enc"}:
            fail(f"{folder}: tensors {sorted(w)}")
        if w["W_enc"].shape != (cfg["d_in"], cfg["d_sae"]) or w["W_enc"].dtype != np.float16:
            fail(f"{folder}: W_enc {w['W_enc'].shape} {w['W_enc'].dtype}")
        if w["b_enc"].shape != (cfg["d_sae"],) or not cfg.get("encoder_included"):
            fail(f"{folder}: b_enc {w['b_enc'].shape}, encoder_included {cfg.get('encoder_included')}")
        if w["W_dec"].shape != (cfg["d_sae"], cfg["d_in"]) or w["W_dec"].dtype != np.float16:
            fail(f"{folder}: W_dec {w['W_dec'].shape} {w['W_dec'].dtype}")
        norms = np.linalg.norm(w["W_dec"].astype(np.float32), axis=1)
        expect = 1.0 / cfg["activation_norm_scaling_factor"]
        if np.abs(norms / expect - 1).max() > 2e-3:
            fail(f"{folder}: decoder row norms {norms.min():.4f}..{norms.max():.4f}, expected {expect:.4f}")
        d = w["W_dec"].astype(np.float32)
        dec[L] = d / np.linalg.norm(d, axis=1, keepdims=True)
        live[L] = {f for f, c in freq[L].items() if c > 0}
        print(f"layer {L}: FVE {cfg['heldout']['fve']}, L0 {cfg['heldout']['l0']}, "
              f"dead {cfg['heldout']['dead_latents']}, live {len(live[L])}, seed {cfg.get('seed')}")
    rng = np.random.default_rng(0)
    for L in LAYERS[:-1]:
        same = (dec[L] * dec[L + 1]).sum(axis=1)
        perm = rng.permutation(dec[L].shape[0])
        rand = (dec[L] * dec[L + 1][perm]).sum(axis=1)
        best = (dec[L] @ dec[L + 1].T).max(axis=1)
        print(f"decoders {L}->{L + 1}: same-index |cos| mean {np.abs(same).mean():.4f} "
              f"(random pairs {np.abs(rand).mean():.4f}); best-match cos median {np.median(best):.3f}, "
              f"pairs >= 0.5: {(best >= 0.5).sum()}")
        if np.abs(same).mean() > 2 * np.abs(rand).mean() + 0.01:
            fail(f"layers {L}/{L + 1}: same-index decoder rows are aligned (shared initialisation?)")
    rows = {}
    with gzip.open(root / "labels" / "explanations.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            L = int(r["layer"].split("-")[0])
            if len(r["description"]) > 120 or not r["description"]:
                fail(f"label {r['layer']}/{r['index']}: length {len(r['description'])}")
            rows.setdefault(L, set()).add(int(r["index"]))
    for L in LAYERS:
        if rows.get(L, set()) != live[L]:
            fail(f"labels of layer {L} do not match its live features")
    print(f"labels: {sum(len(v) for v in rows.values())} rows, one per live feature")
    for L in LAYERS[:-1]:
        for stem, key in ((f"corr_{L}_{L + 1}", "source_feature"),
                          (f"corr_{L}_{L + 1}_by_target", "target_feature")):
            by = {}
            name = stem + ".csv.gz" if (root / "truth" / (stem + ".csv.gz")).exists() else stem + ".csv"
            opener = gzip.open if name.endswith(".gz") else open
            with opener(root / "truth" / name, "rt", encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    if int(r["source_feature"]) not in live[L] or int(r["target_feature"]) not in live[L + 1]:
                        fail(f"{name}: dead feature in {r}")
                    by.setdefault(int(r[key]), []).append((int(r["rank"]), float(r["correlation"])))
            for f, lst in by.items():
                ranks = [x[0] for x in lst]
                vals = [x[1] for x in lst]
                if ranks != list(range(1, 11)) or vals != sorted(vals, reverse=True):
                    fail(f"{name}: feature {f} ranks {ranks}")
            top1 = np.array([lst[0][1] for lst in by.values()])
            print(f"{name}: {len(by)} features x 10; rank-1 correlation median {np.median(top1):.3f}, "
                  f">= 0.5: {(top1 >= 0.5).sum()}")
    print("OK")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
