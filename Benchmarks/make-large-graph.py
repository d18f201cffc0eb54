#!/usr/bin/env python3
"""Writes a large graph file in saegraph's node-link format, for timing the reader.

Default: layers 6-9 with 25,000 features each (100,000 nodes) and 1,000,000 edges
(333,334 per layer pair, similarities in [0.5, 1)), best matches on every node, a label on
one node in five (with quotes, backslashes, newlines and non-ASCII text; `--labelled 1` puts
one on every node; `--label-similarity` adds a stored label similarity on every link and its
graph attributes, as `build --labels` writes them) and Neuronpedia URLs. The edge array is
written twice, under `edges` and again under `links`, as saegraph writes it (`--links-only`
writes it once, under `links`, as files written before both keys were). Seeded: the same
arguments give the same bytes.

    python3 Benchmarks/make-large-graph.py /tmp/large-graph.json [--features 25000] [--edges 1000000] [--labelled 0.2]
"""
import argparse
import json

import numpy as np


def shortest(values):
    """Shortest text that reads back as the same float32 (numpy's repr of float32)."""
    return [np.format_float_positional(v, unique=True, trim="0") if 1e-4 <= abs(v) < 1e16 else
            np.format_float_scientific(v, unique=True, trim="0") for v in values]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--features", type=int, default=25_000, help="features per layer")
    ap.add_argument("--edges", type=int, default=1_000_000, help="edges in all")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--labelled", type=float, default=0.2, help="share of nodes with a label")
    ap.add_argument("--label-similarity", action="store_true", help="store label similarity on every link")
    ap.add_argument("--links-only", action="store_true", help="write the edge array once, under `links`")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    layers = [6, 7, 8, 9]
    n = args.features
    per_pair = -(-args.edges // (len(layers) - 1))
    graph = {
        "saegraph_version": "0.1.0", "rule": "threshold", "threshold": 0.5, "top_k": None,
        "absolute": False, "layers": layers, "feature_counts": {str(l): n for l in layers},
        "excluded_rows": {}, "best_matches": True, "inputs": [],
        "neuronpedia_sources": {str(l): {"model": "gpt2-small", "source": f"{l}-res-jb"} for l in layers},
    }
    if args.label_similarity:
        graph.update({"label_measure": "char 3-5-gram TF-IDF", "label_cutoff": 0.0, "label_calibration_pairs": 2000})
    label_rng = np.random.default_rng(args.seed + 1)
    words = ["the word \"to\"", "back\\slash", "new\nline", "tab\there", "Ċ and Ģ", "café", "<b>&amp;</b>", "🧠"]
    parts = ['{"directed": true, "multigraph": false, "graph": ', json.dumps(graph), ', "nodes": [']
    first = True
    for k, layer in enumerate(layers):
        nxt = rng.integers(0, n, n)
        prv = rng.integers(0, n, n)
        ncos = shortest(rng.uniform(0.2, 1, n).astype(np.float32))
        pcos = shortest(rng.uniform(0.2, 1, n).astype(np.float32))
        labelled = rng.random(n) < args.labelled
        for f in range(n):
            node = f'{{"id": "{layer}_{f}", "layer": {layer}, "feature": {f}'
            if labelled[f]:
                text = " ".join(words[i] for i in rng.integers(0, len(words), 3))
                node += ', "label": ' + json.dumps(text, ensure_ascii=False)
            node += f', "url": "https://www.neuronpedia.org/gpt2-small/{layer}-res-jb/{f}"'
            if k + 1 < len(layers):
                node += f', "best_next": {nxt[f]}, "best_next_cos": {ncos[f]}'
            if k > 0:
                node += f', "best_prev": {prv[f]}, "best_prev_cos": {pcos[f]}'
            parts.append(("\n" if first else ",\n") + node + "}")
            first = False
    parts.append('\n], ')
    edges = ['[']
    first = True
    for a, b in zip(layers, layers[1:]):
        keys = np.unique(rng.integers(0, n * n, int(per_pair * 1.01)))[:per_pair]
        rng.shuffle(keys)
        keys = np.sort(keys[:per_pair])
        sims = shortest(rng.uniform(0.5, 1, len(keys)).astype(np.float32))
        for key, sim in zip(keys.tolist(), sims):
            s, t = divmod(key, n)
            extra = f', "label_similarity": {round(label_rng.random(), 3)!r}' if args.label_similarity else ""
            edges.append(f'{"" if first else ","}\n{{"source": "{a}_{s}", "target": "{b}_{t}", "similarity": {sim}{extra}}}')
            first = False
    edges.append("\n]")
    edges = "".join(edges)
    parts.append(f'"links": {edges}}}\n' if args.links_only else f'"edges": {edges}, "links": {edges}}}\n')
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
