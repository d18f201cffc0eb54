#!/usr/bin/env python3
"""Checks that networkx loads a saegraph graph file unchanged, with the right nodes, edges
and attributes, both with networkx's default `node_link_graph(data)` (networkx 3.4 and later
read the key "edges") and with `node_link_graph(data, edges="links")` (the older key, which
saegraph writes too, with the same content). Not run by the Swift tests (they must not need
Python).

    python3 scripts/check-networkx.py graph.json
"""
import json
import math
import sys

import networkx as nx


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert data["edges"] == data["links"], '"edges" and "links" must hold the same edges'
    g = nx.node_link_graph(data)
    by_links = nx.node_link_graph(data, edges="links")
    assert nx.utils.graphs_equal(g, by_links), 'node_link_graph(data) and (data, edges="links") differ'
    attrs = g.graph
    assert g.is_directed() and not g.is_multigraph(), "expected a directed simple graph"
    assert g.number_of_nodes() == len(data["nodes"]), "a node id appears twice"
    assert g.number_of_edges() == len(data["links"]), "a link appears twice"
    counts = attrs["feature_counts"]
    assert attrs["layers"] == sorted(int(k) for k in counts), "feature_counts must cover the layers"
    positions = {layer: k for k, layer in enumerate(attrs["layers"])}
    for node, d in g.nodes(data=True):
        assert node == f'{d["layer"]}_{d["feature"]}', f"node id {node!r} does not match layer/feature"
        assert 0 <= d["feature"] < counts[str(d["layer"])], f"node {node} outside its layer"
        for key in ("best_next_cos", "best_prev_cos"):
            assert key not in d or math.isfinite(d[key]), f"node {node}: {key} is not finite"
    for u, v, d in g.edges(data=True):
        lu, lv = g.nodes[u]["layer"], g.nodes[v]["layer"]
        assert positions[lv] == positions[lu] + 1, f"edge {u} -> {v} skips a layer"
        assert math.isfinite(d["similarity"]), f"edge {u} -> {v}: similarity is not finite"
    labelled = sum(1 for _, d in g.nodes(data=True) if "label" in d)
    per_pair = {}
    for u, v in g.edges():
        key = f'{g.nodes[u]["layer"]}->{g.nodes[v]["layer"]}'
        per_pair[key] = per_pair.get(key, 0) + 1
    print(f"{path}: networkx {nx.__version__} loads {g.number_of_nodes()} nodes, "
          f"{g.number_of_edges()} edges, {labelled} labels, the same with edges=\"edges\" "
          f"(the default) and edges=\"links\"")
    print(f"  graph attributes: {', '.join(sorted(attrs))}")
    print(f"  rule {attrs['rule']}, threshold {attrs['threshold']}, top_k {attrs['top_k']}, "
          f"layers {attrs['layers']}, edges per pair {per_pair}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
