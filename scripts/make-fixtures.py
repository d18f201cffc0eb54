#!/usr/bin/env python3
"""Writes the SAE format fixtures in Tests/SAEGraphTests/Fixtures/formats/ with the real writers.

Tiny SAEs (d_sae 6, d_model 4) laid out like the real releases:
  gpt2-small-res-jb/blocks.{6,7,8,9}.hook_resid_pre/   SAELens folders, one per cfg generation
  sparsify-run/layers.{6,7}/                           EleutherAI sparsify hookpoint folders
  gemma-scope-2b-pt-res/layer_{3,4}/width_16k/...      Gemma Scope params.npz (deflated, stored)
  bare/                                                bare .safetensors and .npy files
and expected.json: for each SAE, its layer, format, dtype, shape and the exact F32 bit patterns
of its decoder with one feature per row (numpy's own astype(float32) conversion).

Writers: numpy's np.save / np.savez / np.savez_compressed, and safetensors.numpy.save_file
(`pip install safetensors numpy`). numpy has no bfloat16 and torch is not needed here, so
the BF16 sparsify file is built byte by byte in `save_bf16_safetensors` exactly as the
safetensors format specifies (8-byte little-endian header length, JSON header padded with
spaces to a multiple of 8, tensors back to back); the BF16 values are rounded from F32 to
nearest, ties to even, as torch's `.to(torch.bfloat16)` does.

Run from the repository root: python3 scripts/make-fixtures.py
"""
import json
import os
import shutil
import struct

import numpy as np
from safetensors.numpy import save_file

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "SAEGraphTests", "Fixtures", "formats")
D_SAE, D_MODEL = 6, 4
expected = {}


def base(seed, d_sae=D_SAE):
    """A d_sae x 4 float32 matrix of exactly representable values."""
    rng = np.random.default_rng(seed)
    return (rng.integers(-64, 64, size=(d_sae, D_MODEL)) / 16.0).astype(np.float32)


def bits(matrix32):
    return [int(b) for b in np.ascontiguousarray(matrix32, dtype=np.float32).view(np.uint32).ravel()]


def f64_to_f32(a):
    """numpy's F64 -> F32 conversion (nearest, ties to even); 1e300 becomes inf on purpose."""
    with np.errstate(over="ignore"):
        return a.astype(np.float32)


def record(key, *, fmt, layer, layer_source, hook, dtype, tensor, decoder32, transposed=False):
    expected[key] = {
        "format": fmt, "layer": layer, "layerSource": layer_source, "hook": hook, "dtype": dtype,
        "tensor": tensor, "dSAE": decoder32.shape[0], "dModel": decoder32.shape[1],
        "transposed": transposed, "bits": bits(decoder32),
    }


def saelens_tensors(w_dec):
    return {
        "W_enc": np.ascontiguousarray(w_dec.T), "b_enc": np.zeros(D_SAE, w_dec.dtype),
        "W_dec": w_dec, "b_dec": np.arange(D_MODEL, dtype=w_dec.dtype),
    }


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def bf16_bits(a32):
    """float32 -> bfloat16 bit patterns, round to nearest, ties to even (NaN -> quiet NaN)."""
    b = np.ascontiguousarray(a32, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)
    return np.where(np.isnan(a32), np.uint16(0x7FC0), rounded).astype(np.uint16)


def save_bf16_safetensors(path, tensors):
    """tensors: name -> (dtype string, shape, raw little-endian bytes)."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    release = os.path.join(ROOT, "gpt2-small-res-jb")

    # Layer 6: oldest SAELens config (hook_point, hook_point_layer), F32.
    d = os.path.join(release, "blocks.6.hook_resid_pre")
    w6 = base(6)
    write_json(os.path.join(d, "cfg.json"), {
        "model_name": "gpt2-small", "hook_point": "blocks.6.hook_resid_pre", "hook_point_layer": 6,
        "d_in": D_MODEL, "d_sae": D_SAE, "dtype": "torch.float32", "device": "cpu"})
    save_file(saelens_tensors(w6), os.path.join(d, "sae_weights.safetensors"))
    save_file({"sparsity": np.full(D_SAE, -3.0, np.float32)}, os.path.join(d, "sparsity.safetensors"))
    record("gpt2-small-res-jb/blocks.6.hook_resid_pre", fmt="saelens", layer=6, layer_source="config",
           hook="blocks.6.hook_resid_pre", dtype="F32", tensor="W_dec", decoder32=w6)

    # Layer 7: v3-5 config (hook_name, hook_layer), F16 with subnormals, signed zero, inf, max.
    d = os.path.join(release, "blocks.7.hook_resid_pre")
    w7 = base(7).astype(np.float16)
    special = [2.0**-24, -(2.0**-24), 1023 * 2.0**-24, 2.0**-14, -0.0, 65504.0, np.inf, 1 / 3, 0.1, 513 * 2.0**-24]
    w7.ravel()[: len(special)] = np.array(special, dtype=np.float64).astype(np.float16)
    write_json(os.path.join(d, "cfg.json"), {
        "model_name": "gpt2-small", "hook_name": "blocks.7.hook_resid_pre", "hook_layer": 7,
        "d_in": D_MODEL, "d_sae": D_SAE, "dtype": "float16", "architecture": "standard"})
    save_file(saelens_tensors(w7), os.path.join(d, "sae_weights.safetensors"))
    record("gpt2-small-res-jb/blocks.7.hook_resid_pre", fmt="saelens", layer=7, layer_source="config",
           hook="blocks.7.hook_resid_pre", dtype="F16", tensor="W_dec", decoder32=w7.astype(np.float32))

    # Layer 8: v6 config (metadata.hook_name, no layer field), F64 needing rounding.
    d = os.path.join(release, "blocks.8.hook_resid_pre")
    w8 = base(8).astype(np.float64)
    w8.ravel()[:6] = [0.1, 1 + 2.0**-30, 1 + 3 * 2.0**-24, -1e-50, 1e300, 2.0 / 3]
    write_json(os.path.join(d, "cfg.json"), {
        "d_in": D_MODEL, "d_sae": D_SAE, "dtype": "float64", "architecture": "standard",
        "metadata": {"model_name": "gpt2-small", "hook_name": "blocks.8.hook_resid_pre", "sae_lens_version": "6.0.0"}})
    save_file(saelens_tensors(w8), os.path.join(d, "sae_weights.safetensors"))
    record("gpt2-small-res-jb/blocks.8.hook_resid_pre", fmt="saelens", layer=8, layer_source="hook name",
           hook="blocks.8.hook_resid_pre", dtype="F64", tensor="W_dec", decoder32=f64_to_f32(w8))

    # Layer 9: v3-5 config; a zero row and a NaN row.
    d = os.path.join(release, "blocks.9.hook_resid_pre")
    w9 = base(9)
    w9[2] = 0
    w9[4, 1] = np.nan
    write_json(os.path.join(d, "cfg.json"), {
        "model_name": "gpt2-small", "hook_name": "blocks.9.hook_resid_pre", "hook_layer": 9,
        "d_in": D_MODEL, "d_sae": D_SAE, "dtype": "float32"})
    save_file(saelens_tensors(w9), os.path.join(d, "sae_weights.safetensors"))
    record("gpt2-small-res-jb/blocks.9.hook_resid_pre", fmt="saelens", layer=9, layer_source="config",
           hook="blocks.9.hook_resid_pre", dtype="F32", tensor="W_dec", decoder32=w9)

    # sparsify run: training config at the top, one folder per hookpoint.
    run = os.path.join(ROOT, "sparsify-run")
    write_json(os.path.join(run, "config.json"), {"hookpoints": ["layers.6", "layers.7"], "batch_size": 8})
    d = os.path.join(run, "layers.6")
    f32 = base(16)
    f32.ravel()[:7] = [1.00390625, 1.01171875, 1 + 2.0**-8 + 2.0**-10, 3.14159, -2.5, 1e-40, 3e38]
    w_bits = bf16_bits(f32)
    write_json(os.path.join(d, "cfg.json"), {
        "expansion_factor": 32, "normalize_decoder": True, "num_latents": D_SAE, "k": 2,
        "multi_topk": False, "skip_connection": False, "d_in": D_MODEL})
    save_bf16_safetensors(os.path.join(d, "sae.safetensors"), {
        "encoder.weight": ("BF16", (D_SAE, D_MODEL), w_bits.astype("<u2").tobytes()),
        "encoder.bias": ("BF16", (D_SAE,), np.zeros(D_SAE, np.uint16).tobytes()),
        "W_dec": ("BF16", (D_SAE, D_MODEL), w_bits.astype("<u2").tobytes()),
        "b_dec": ("BF16", (D_MODEL,), np.zeros(D_MODEL, np.uint16).tobytes()),
    })
    decoded = (w_bits.astype(np.uint32) << 16).view(np.float32)
    record("sparsify-run/layers.6", fmt="sparsify", layer=6, layer_source="hook name", hook="layers.6",
           dtype="BF16", tensor="W_dec", decoder32=decoded)

    d = os.path.join(run, "layers.7")
    # num_latents 0: the width is expansion_factor x d_in = 8.
    w = base(17, d_sae=8)
    write_json(os.path.join(d, "cfg.json"), {
        "expansion_factor": 2, "normalize_decoder": True, "num_latents": 0, "k": 2, "d_in": D_MODEL})
    save_file({"encoder.weight": w, "encoder.bias": np.zeros(8, np.float32), "W_dec": w,
               "b_dec": np.zeros(D_MODEL, np.float32)}, os.path.join(d, "sae.safetensors"))
    record("sparsify-run/layers.7", fmt="sparsify", layer=7, layer_source="hook name", hook="layers.7",
           dtype="F32", tensor="W_dec", decoder32=w)

    # Gemma Scope: deflated (savez_compressed) and stored (savez) archives.
    for layer, saver, l0 in [(3, np.savez_compressed, 50), (4, np.savez, 60)]:
        d = os.path.join(ROOT, "gemma-scope-2b-pt-res", f"layer_{layer}", "width_16k", f"average_l0_{l0}")
        os.makedirs(d)
        w = base(30 + layer)
        saver(os.path.join(d, "params.npz"), W_enc=np.ascontiguousarray(w.T), W_dec=w,
              b_enc=np.zeros(D_SAE, np.float32), b_dec=np.zeros(D_MODEL, np.float32),
              threshold=np.full(D_SAE, 0.5, np.float32))
        key = f"gemma-scope-2b-pt-res/layer_{layer}/width_16k/average_l0_{l0}/params.npz"
        record(key, fmt="gemma-scope", layer=layer, layer_source="path", hook=f"blocks.{layer}.hook_resid_post",
               dtype="F32", tensor="W_dec", decoder32=w)

    # Bare files; the tests give layer 5 explicitly.
    bare = os.path.join(ROOT, "bare")
    os.makedirs(bare)
    w = base(40)
    save_file({"W_dec": w}, os.path.join(bare, "decoder-rows.safetensors"))
    record("bare/decoder-rows.safetensors", fmt="safetensors", layer=5, layer_source="user", hook=None,
           dtype="F32", tensor="W_dec", decoder32=w)
    save_file({"decoder.weight": np.ascontiguousarray(w.T), "decoder.bias": np.zeros(D_MODEL, np.float32)},
              os.path.join(bare, "decoder-columns.safetensors"))
    record("bare/decoder-columns.safetensors", fmt="safetensors", layer=5, layer_source="user", hook=None,
           dtype="F32", tensor="decoder.weight", decoder32=w, transposed=True)
    for name, arr, dtype, transposed in [
        ("decoder.npy", w, "F32", False),
        ("decoder-f16.npy", w.astype(np.float16), "F16", False),
        ("decoder-f64.npy", w.astype(np.float64) + 1e-9, "F64", False),
        ("decoder-bigendian.npy", w.astype(">f4"), "F32", False),
        ("decoder-fortran.npy", np.asfortranarray(w), "F32", False),
        ("decoder-columns-fortran.npy", np.asfortranarray(w.T), "F32", True),
    ]:
        np.save(os.path.join(bare, name), arr)
        rows = arr.T if transposed else arr
        record(f"bare/{name}", fmt="npy", layer=5, layer_source="user", hook=None, dtype=dtype, tensor=name,
               decoder32=np.asarray(rows).astype(np.float32), transposed=transposed)

    write_json(os.path.join(ROOT, "expected.json"), expected)
    with open(os.path.join(ROOT, "README.md"), "w") as f:
        f.write(README)


README = """# SAE format fixtures

Generated by `scripts/make-fixtures.py` with numpy (`np.save`, `np.savez`,
`np.savez_compressed`) and the `safetensors` Python package (`safetensors.numpy.save_file`).
The BF16 file `sparsify-run/layers.6/sae.safetensors` is written byte by byte by the script
(numpy has no bfloat16), following the safetensors specification.

Each SAE has d_model 4 and d_sae 6 (8 for `sparsify-run/layers.7`). `expected.json` holds, per SAE, the layer, its source,
format, dtype, tensor, shape and the exact F32 bit patterns of the decoder with one feature
per row, as numpy converts them. Values exercise F16 subnormals, signed zero and infinity,
BF16 round-to-nearest-even ties, F64 rounding, big-endian and Fortran-order arrays, a zero
row and a NaN row (layer 9).
"""

if __name__ == "__main__":
    main()
