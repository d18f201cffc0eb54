"""Residual-stream activations of all-MiniLM-L6-v2 on the corpus, cached as .npy files.

For each split we store, for every non-special token ([CLS]/[SEP] excluded):
    tokens.npy  int32 [N]      WordPiece id
    seq.npy     int32 [N]      sequence index within the split
    pos.npy     int16 [N]      position within the sequence
    resid_L.npy float32 [N, 384] hidden state after block L (0-based), for each recorded L
Sequences are batched by similar length (sorted) to keep padding small; the stored order
is the original sequence order.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from minilm_forward import D_MODEL, MiniLM, batch_ids


def extract(model: MiniLM, seqs: list[list[int]], layers: list[int], out: Path,
            tokens_per_batch: int = 8192, log=print) -> int:
    """Run the model over `seqs` and write the cache files into `out`. Returns token count."""
    out.mkdir(parents=True, exist_ok=True)
    lengths = np.array([len(s) for s in seqs])
    inner = lengths - 2
    offsets = np.concatenate([[0], np.cumsum(inner)])
    n = int(offsets[-1])
    tokens = np.empty(n, np.int32)
    seq_idx = np.empty(n, np.int32)
    pos = np.empty(n, np.int16)
    for i, s in enumerate(seqs):
        a, b = offsets[i], offsets[i + 1]
        tokens[a:b] = s[1:-1]
        seq_idx[a:b] = i
        pos[a:b] = np.arange(1, len(s) - 1)
    resid = {L: np.lib.format.open_memmap(out / f"resid_{L}.npy.tmp", mode="w+", dtype=np.float32,
                                          shape=(n, D_MODEL)) for L in layers}
    order = np.argsort(lengths, kind="stable")
    t0 = time.time()
    start = 0
    done = 0
    while start < len(order):
        t = lengths[order[start]]
        end = start
        while end < len(order) and (end - start + 1) * lengths[order[end]] <= tokens_per_batch:
            end += 1
        end = max(end, start + 1)
        batch = order[start:end]
        ids, mask = batch_ids([seqs[i] for i in batch])
        hs = model.forward(ids, mask)
        for L in layers:
            for j, i in enumerate(batch):
                resid[L][offsets[i]:offsets[i + 1]] = hs[L][j, 1:lengths[i] - 1]
        done += int(inner[batch].sum())
        start = end
        if log and (start == len(order) or start % 2000 < len(batch)):
            log(f"  forward {done}/{n} tokens, {time.time() - t0:.0f} s")
        del t
    for L in layers:
        resid[L].flush()
        del resid[L]
        (out / f"resid_{L}.npy.tmp").rename(out / f"resid_{L}.npy")
    np.save(out / "tokens.npy", tokens)
    np.save(out / "seq.npy", seq_idx)
    np.save(out / "pos.npy", pos)
    return n


def load(out: Path, layer: int, mmap: bool = False) -> np.ndarray:
    return np.load(out / f"resid_{layer}.npy", mmap_mode="r" if mmap else None)
