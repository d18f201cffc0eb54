#!/usr/bin/env bash
# Writes the committed seed corpora under Fuzz/Corpus/TARGET/: the small format fixtures that
# scripts/make-fixtures.py wrote for the tests (real numpy/safetensors output), plus short
# hand-written texts. Run from anywhere; rewrites the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
F=Tests/SAEGraphTests/Fixtures/formats
C=Fuzz/Corpus
rm -rf "$C"
mkdir -p $C/{safetensors,npy,npz,gzip,json,labels-csv,labels-jsonl,labels-json,labels-nodelink,graph,layout,partial}
cp $F/bare/*.safetensors $F/gpt2-small-res-jb/blocks.6.hook_resid_pre/*.safetensors $C/safetensors/
cp $F/bare/*.npy $C/npy/
cp $F/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_50/params.npz $C/npz/deflated.npz
cp $F/gemma-scope-2b-pt-res/layer_4/width_16k/average_l0_60/params.npz $C/npz/stored.npz
cp Tests/SAEGraphTests/Fixtures/partials/*.json $C/partial/
python3 - "$C" <<'PY'
import gzip, io, json, sys, zlib
c = sys.argv[1]
def put(path, data):
    with open(f"{c}/{path}", "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
row = '{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "50", "description": "the word \\"for\\""}\n'
put("gzip/labels.jsonl.gz", gzip.compress((row * 3).encode(), mtime=0))
put("gzip/two-members.gz", gzip.compress(b"a,b\n", mtime=0) + gzip.compress(b"c\n", mtime=0))
put("gzip/raw.deflate", zlib.compress(b"x" * 300)[2:-4])
put("json/object.json", '{"a": [1, -2.5e3, true, false, null], "b": {"c": "\\u00e9\\n\\ud83d\\ude00"}}')
put("json/array.json", '[[], {}, "", 0, 1e308, -0]')
put("labels-csv/layer.csv", 'layer,feature,label\n6,50,"quoted, ""text"""\n7,1,plain\n')
put("labels-csv/feature.csv", "feature,description\n3,dates\n")
put("labels-jsonl/rows.jsonl", row * 2 + '{"modelId": "gpt2-small", "layer": "7-res-jb", "index": 1, "description": ""}\n')
put("labels-json/array.json", "[" + row.strip() + "," + row.strip() + "]")
graph = {"directed": True, "multigraph": False,
         "graph": {"saegraph_version": "1", "rule": "threshold", "threshold": 0.5, "layers": [6, 7],
                   "feature_counts": {"6": 4, "7": 4},
                   "neuronpedia_sources": {"6": {"model": "gpt2-small", "source": "6-res-jb"}}},
         "nodes": [{"id": "6_0", "layer": 6, "feature": 0, "label": "dates", "best_next": 1, "best_next_cos": 0.9},
                   {"id": "7_1", "layer": 7, "feature": 1, "best_prev": 0, "best_prev_cos": 0.9}],
         "links": [{"source": "6_0", "target": "7_1", "similarity": 0.9, "z": 3.5, "p": 0.001}]}
put("graph/saegraph.json", json.dumps(graph))
foreign = {"directed": False, "nodes": [{"id": "a", "layer": 0, "feature": 3}, {"id": 7, "layer": 1, "feature": 2}],
           "edges": [{"source": "a", "target": 7, "weight": 0.7}]}
put("graph/foreign.json", json.dumps(foreign))
put("labels-nodelink/graph.json", json.dumps(graph))
saelens = {"hook_point": "blocks.6.hook_resid_pre", "hook_point_layer": 6, "d_in": 3, "d_sae": 2}
put("layout/saelens", b"\x00" + json.dumps(saelens).encode())
put("layout/sparsify", b"\x01" + json.dumps({"num_latents": 2, "d_in": 3, "hookpoints": ["layers.6"]}).encode())
PY
du -sh $C
