"""Activation-correlation ground truth between SAE features of adjacent layers.

Pearson correlation over the same held-out tokens of the codes z_s (layer L) and z_t
(layer L+1), computed from sparse codes: cov = Z_s^T Z_t / N - mu_s mu_t^T (a dense
d_sae x d_sae float64 matrix, 72 MiB for 3,072 features). Features with no activation on the
held-out tokens (zero variance) have no correlation and are left out on both sides.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HEADER = ["source_layer", "source_feature", "target_layer", "target_feature", "correlation", "rank"]


def correlation(zs: sp.csr_matrix, zt: sp.csr_matrix) -> np.ndarray:
    """[d_sae_s, d_sae_t] Pearson matrix; NaN rows/columns for zero-variance features."""
    n = zs.shape[0]
    zs64, zt64 = zs.astype(np.float64), zt.astype(np.float64)
    mu_s = np.asarray(zs64.mean(axis=0)).ravel()
    mu_t = np.asarray(zt64.mean(axis=0)).ravel()
    var_s = np.asarray(zs64.multiply(zs64).mean(axis=0)).ravel() - mu_s ** 2
    var_t = np.asarray(zt64.multiply(zt64).mean(axis=0)).ravel() - mu_t ** 2
    cov = (zs64.T @ zt64).toarray() / n - np.outer(mu_s, mu_t)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd_s = np.where(var_s > 0, np.sqrt(np.maximum(var_s, 0)), np.nan)
        sd_t = np.where(var_t > 0, np.sqrt(np.maximum(var_t, 0)), np.nan)
        return cov / np.outer(sd_s, sd_t)


def top_partners(corr: np.ndarray, k: int) -> list[tuple[int, int, float, int]]:
    """(row, col, r, rank) for each non-NaN row's k largest correlations (rank 1 = largest;
    ties broken by the lower column index)."""
    out = []
    valid_cols = ~np.all(np.isnan(corr), axis=0)
    cols = np.flatnonzero(valid_cols)
    for i in range(corr.shape[0]):
        row = corr[i, cols]
        if np.all(np.isnan(row)):
            continue
        order = np.lexsort((cols, -row))[:k]
        for rank, j in enumerate(order, start=1):
            out.append((i, int(cols[j]), float(row[j]), rank))
    return out


def open_text(path: Path, gz: bool):
    """A text file for writing; gzip (no timestamp, so the bytes are reproducible) when `gz`."""
    if gz:
        return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8", newline="")
    return open(path, "w", newline="")


def write_pairs(folder: Path, ls: int, lt: int, corr: np.ndarray, k: int = 10,
                gz: bool = False) -> tuple[int, int]:
    """Writes corr_L_L+1.csv (each source's top-k targets) and corr_L_L+1_by_target.csv
    (each target's top-k sources, rank from the target's side), with `.gz` appended and
    gzipped when `gz`. Returns the row counts."""
    rows_src = top_partners(corr, k)
    rows_tgt = top_partners(corr.T, k)
    ext = ".csv.gz" if gz else ".csv"
    for name, rows, flip in ((f"corr_{ls}_{lt}", rows_src, False), (f"corr_{ls}_{lt}_by_target", rows_tgt, True)):
        p = folder / (name + ext)
        tmp = p.with_name(p.name + ".tmp")
        with open_text(tmp, gz) as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(HEADER)
            for i, j, r, rank in rows:
                s, t = (j, i) if flip else (i, j)
                w.writerow([ls, s, lt, t, f"{r:.4f}", rank])
        tmp.rename(p)
    return len(rows_src), len(rows_tgt)
