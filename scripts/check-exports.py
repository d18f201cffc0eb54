#!/usr/bin/env python3
"""Checks saegraph's exports against networkx's own readers and writers (run by
scripts/test.sh; needs networkx, which scripts/setup.sh installs for the tests).

    python3 scripts/check-exports.py path/to/saegraph

For the real GPT-2 IOI graph with its labels and for a node-link graph full of awkward label
text, `saegraph export` to GraphML and GEXF must load with `read_graphml` / `read_gexf`
with the same nodes, edges and similarities as `saegraph edges` lists, every label exact,
and networkx must be able to write the loaded graph back (no null attribute). A graph file
that `saegraph build` writes (from small synthetic SAEs) must load with networkx's default
`node_link_graph(data)` (key "edges") and with `node_link_graph(data, edges="links")`, with the
same nodes and edges as `saegraph edges` lists.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IOI = os.path.join(ROOT, "examples", "gpt2-ioi", "ioi-decoder-cosine.json")
IOI_LABELS = os.path.join(ROOT, "examples", "gpt2-ioi", "explanations.jsonl.gz")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(exe, *args):
    r = subprocess.run([exe, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"saegraph {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def edges_of(exe, graph, extra):
    rows = csv.DictReader(io.StringIO(run(exe, "edges", graph, "--format", "csv", *extra)))
    return {(f"{r['source_layer']}_{r['source_feature']}", f"{r['target_layer']}_{r['target_feature']}"):
            float(r["similarity"]) for r in rows}


def xml_safe(s):
    return "".join("\ufffd" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in s)


def compare(name, g, expected_edges, expected_labels, gexf):
    check(g.is_directed(), f"{name}: not directed")
    got = {(u, v): d for u, v, d in g.edges(data=True)}
    check(set(got) == set(expected_edges), f"{name}: edge set differs ({len(got)} vs {len(expected_edges)})")
    for key, sim in expected_edges.items():
        if key in got:
            check(abs(got[key]["similarity"] - sim) <= 1e-6 * max(1, abs(sim)),
                  f"{name}: {key} similarity {got[key]['similarity']} != {sim}")
            if gexf:
                check(abs(got[key]["weight"] - sim) <= 1e-6, f"{name}: {key} weight differs")
    linked = {n for e in expected_edges for n in e}
    check(set(g.nodes) == linked, f"{name}: nodes are not exactly the linked features")
    for n, d in g.nodes(data=True):
        layer, feature = (int(x) for x in n.split("_"))
        check(d.get("layer") == layer and d.get("feature") == feature, f"{name}: node {n} layer/feature wrong")
        want = expected_labels.get(n)
        if gexf:
            check(d.get("label") == (xml_safe(want) if want is not None else f"{layer}:{feature}"),
                  f"{name}: node {n} label {d.get('label')!r} != {want!r}")
        else:
            check(d.get("label") == (xml_safe(want) if want is not None else None),
                  f"{name}: node {n} label {d.get('label')!r} != {want!r}")
        check(all(v is not None for v in d.values()), f"{name}: node {n} has a null attribute")
    # networkx writes the graph back: this fails on any null attribute.
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer)
    nx.write_gexf(g, io.BytesIO())
    check(len(buffer.getvalue()) > 0, f"{name}: write_graphml wrote nothing")


def exports(exe, graph, extra, expected_labels, tmp, name):
    expected = edges_of(exe, graph, extra)
    for ext, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = os.path.join(tmp, f"{name}.{ext}")
        run(exe, "export", graph, *extra, "-o", path)
        g = reader(path)
        compare(f"{name}.{ext}", g, expected, expected_labels, ext == "gexf")
        piped = run(exe, "export", graph, *extra, "--format", ext, "-o", "-")
        with open(path, encoding="utf-8") as f:
            check(piped == f.read(), f"{name}.{ext}: -o - differs from the file")
    print(f"  {name}: {len(expected)} edges read back by read_graphml and read_gexf")


def nasty_graph(tmp):
    pieces = ['"', "\\", "<b>", "&amp;", "\n", "\t", "\r\n", "🧠", "Ċ", "é", "\u2028", "\x7f", "日本", "]]>", "'"]
    pieces += [chr(c) for c in range(0x20)]
    nodes, labels = [], {}
    for layer in (0, 1, 2):
        for feature in range(12):
            nid = f"{layer}_{feature}"
            node = {"id": nid, "layer": layer, "feature": feature}
            if feature % 3 != 2:
                text = "x".join(pieces[(layer * 7 + feature * 5 + k) % len(pieces)] for k in range(6)) + " end"
                node["explanation"] = text
                labels[nid] = text
            nodes.append(node)
    links = []
    for layer in (0, 1):
        for s in range(12):
            for t in range(12):
                if (s * 7 + t * 3 + layer) % 5 == 0:
                    links.append({"source": f"{layer}_{s}", "target": f"{layer + 1}_{t}",
                                  "similarity": round(0.3 + ((s * 13 + t * 7) % 70) / 100, 4)})
    path = os.path.join(tmp, "nasty.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}, f)
    return path, labels


def node_link(exe, tmp):
    """saegraph's own graph file, both ways networkx reads node-link data."""
    saes = os.path.join(tmp, "synth")
    graph = os.path.join(tmp, "built.json")
    run(exe, "synth", "-o", saes, "--layers", "1-3", "--d-sae", "256", "--d-model", "32", "--chains", "20",
        "--quiet")
    run(exe, "build", saes, "--rule", "threshold", "--threshold", "0.3", "-o", graph)
    with open(graph, encoding="utf-8") as f:
        data = json.load(f)
    expected = edges_of(exe, graph, [])
    check(len(expected) > 20, f"node-link: too few edges to check ({len(expected)})")
    check(data.get("edges") == data.get("links"), 'node-link: "edges" and "links" differ')
    for name, g in (("node_link_graph(data)", nx.node_link_graph(data)),
                    ('node_link_graph(data, edges="links")', nx.node_link_graph(data, edges="links"))):
        got = {(u, v): d["similarity"] for u, v, d in g.edges(data=True)}
        check(g.is_directed() and g.number_of_nodes() == len(data["nodes"]), f"{name}: nodes differ")
        check(got.keys() == expected.keys(), f"{name}: {len(got)} edges, saegraph edges lists {len(expected)}")
        check(all(abs(got[k] - v) <= 1e-6 for k, v in expected.items() if k in got), f"{name}: similarities differ")
    print(f"  node-link: node_link_graph(data) and (data, edges=\"links\") read {len(expected)} edges")


def main(exe):
    print(f"networkx {nx.__version__}: checking exports")
    with tempfile.TemporaryDirectory() as tmp:
        labels = {}
        # The IOI example's labels as saegraph joins them (the first non-blank row per feature).
        for row in json.loads(run(exe, "pairs", IOI, "--labels", IOI_LABELS, "--top", "100000", "--format", "json")):
            for link in row["links"]:
                for end in (link["source"], link["target"]):
                    if end["label"] is not None:
                        labels[f"{end['layer']}_{end['feature']}"] = end["label"]
        exports(exe, IOI, ["--labels", IOI_LABELS], labels, tmp, "gpt2-ioi")
        path, nasty_labels = nasty_graph(tmp)
        exports(exe, path, ["--min-similarity", "0.4"], nasty_labels, tmp, "awkward-labels")
        node_link(exe, tmp)
    if failures:
        for f in failures[:20]:
            print("FAIL:", f)
        print(f"0 passed, {len(failures)} failed")
        sys.exit(1)
    print("exports: all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
