#!/usr/bin/env python3
"""How well label similarity separates real links from false ones, on an example with
activation ground truth (examples/minilm, examples/minilm-relu).

A graph edge counts as real when, by the example's truth files, its target is among the
source's K most correlated features of the next layer, or its source among the target's K
most correlated features of the previous layer (K = 3). The score of an edge is its
`label_similarity` as `saegraph edges --format csv` writes it. Printed: the AUC (Mann-Whitney,
ties count half) of real vs false edges, the same for edges with cosine >= 0.7, and how many
flagged edges (`labels_differ`) are real links. A proxy only: truth by correlation is itself
noisy, and these labels are top-token lists, not prose.

Usage:
  saegraph build examples/minilm/saes --labels examples/minilm/labels/explanations.jsonl.gz -o g.json
  saegraph edges g.json --format csv -o edges.csv
  python3 Benchmarks/label_similarity_auc.py edges.csv examples/minilm/truth [--old-scores FILE]

--old-scores: one similarity per edge row (or "nan"), in the CSV's order, from another
measure, compared side by side (flag rule: cosine >= 0.7 and similarity < --old-cutoff).
"""
import argparse
import csv
import gzip
import math
import os


def load_truth(folder, k):
    real = set()
    for name in sorted(os.listdir(folder)):
        if not name.startswith("corr_") or not name.endswith(".csv.gz"):
            continue
        with gzip.open(os.path.join(folder, name), "rt") as f:
            for row in csv.DictReader(f):
                if int(row["rank"]) <= k:
                    real.add((int(row["source_layer"]), int(row["source_feature"]),
                              int(row["target_layer"]), int(row["target_feature"])))
    return real


def auc(pos, neg):
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(x, 1) for x in pos] + [(x, 0) for x in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for t in ranked[i:j] if t[1] == 1)
        i = j
    n1, n0 = len(pos), len(neg)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def report(name, rows, scores, flags):
    out = [f"{name}:"]
    for label, keep in [("all edges", lambda r: True), ("cosine >= 0.7", lambda r: abs(r["cos"]) >= 0.7)]:
        pos = [s for r, s in zip(rows, scores) if keep(r) and r["real"] and not math.isnan(s)]
        neg = [s for r, s in zip(rows, scores) if keep(r) and not r["real"] and not math.isnan(s)]
        out.append(f"  {label}: AUC real vs false {auc(pos, neg):.3f}  (real {len(pos)}, false {len(neg)})")
    flagged = [r for r, f in zip(rows, flags) if f]
    real = sum(1 for r in flagged if r["real"])
    share = f"{100 * real / len(flagged):.0f} %" if flagged else "n/a"
    out.append(f"  flagged: {len(flagged)} edges, of which real links {real} ({share})")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edges")
    ap.add_argument("truth")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--old-scores")
    ap.add_argument("--old-cutoff", type=float, default=0.1)
    ap.add_argument("--old-name", default="previous measure")
    a = ap.parse_args()
    real = load_truth(a.truth, a.k)
    rows, scores, flags = [], [], []
    with open(a.edges) as f:
        for r in csv.DictReader(f):
            key = (int(r["source_layer"]), int(r["source_feature"]), int(r["target_layer"]), int(r["target_feature"]))
            rows.append({"cos": float(r["similarity"]), "real": key in real})
            scores.append(float(r["label_similarity"]) if r["label_similarity"] else float("nan"))
            flags.append(r["labels_differ"] == "true")
            measure = r["label_measure"]
    print(f"{len(rows)} edges, {sum(r['real'] for r in rows)} real by truth (top {a.k})")
    report(measure, rows, scores, flags)
    if a.old_scores:
        with open(a.old_scores) as f:
            old = [float(x) for x in f.read().split()]
        assert len(old) == len(rows), "one old score per edge"
        old_flags = [abs(r["cos"]) >= 0.7 and not math.isnan(s) and s < a.old_cutoff for r, s in zip(rows, old)]
        report(a.old_name, rows, old, old_flags)


if __name__ == "__main__":
    main()
