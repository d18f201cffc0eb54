import Foundation

/// Writes a ``LayeredGraph`` as saegraph's node-link JSON (the layout is documented on
/// ``GraphFile``): one node and one link per line, into a byte buffer.
///
/// - Complexity: O(nodes + edges + label text); about 120 bytes per edge (written under
///   `edges` and again under `links`) and 60–200 per node.
enum GraphFileEncoder {
    /// Graph attribute names saegraph writes itself; `extra` entries with these names are dropped.
    static let reservedAttributes: Set<String> = [
        "saegraph_version", "rule", "threshold", "top_k", "absolute", "layers", "feature_counts",
        "excluded_rows", "best_matches", "edge_statistics", "inputs", "neuronpedia_sources", "null_model",
        "rule_parameters", "label_measure", "label_cutoff", "label_calibration_pairs", "scoring",
    ]

    /// The file's bytes in one buffer.
    static func encode(_ graph: LayeredGraph, threads: Int = defaultThreads) -> [UInt8] {
        let parts = encodeParts(graph, threads: threads)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes.append(contentsOf: part) }
        return bytes
    }

    /// Threads of the encoding: the output is the same bytes with any number.
    static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Nodes, or sources of a layer pair, a piece of the encoding holds.
    static let pieceSize = 4096

    /// The file's bytes as consecutive parts, to be written in order: the attributes, the
    /// nodes and the edges are encoded in pieces on `threads` threads, and the edge parts
    /// appear twice (`edges` and `links`), shared, not copied. Measured on the threshold build
    /// of 4 × 24,576 features (2-core AMD EPYC Zen 4, `perf` at 999 Hz): encoding and writing
    /// its 12 MB file took 70–90 ms after the last scan, one core busy and the other idle;
    /// in pieces, 57 ms.
    static func encodeParts(_ graph: LayeredGraph, threads: Int = defaultThreads) -> [[UInt8]] {
        var head = JSONByteWriter(reservingCapacity: 4096)
        head.raw("{\"directed\": true, \"multigraph\": false, \"graph\": ")
        attributes(graph, into: &head)
        head.raw(", \"nodes\": [")
        var parts = [head.bytes]
        let nodePieces = graph.nodes.indices.flatMap { k in pieces(of: graph.nodes[k].count).map { (k, $0) } }
        let nodeParts = elements(parallelMap(nodePieces, threads: threads) { Self.nodes(graph, layer: $0.0, $0.1) })
        parts += nodeParts
        var close = JSONByteWriter()
        close.raw(nodeParts.isEmpty ? "], \"edges\": [" : "\n], \"edges\": [")
        parts.append(close.bytes)
        let edgePieces = graph.pairs.indices.flatMap { p in pieces(of: graph.pairs[p].sourceCount).map { (p, $0) } }
        let edgeParts = elements(
            parallelMap(edgePieces, threads: threads) { Self.edges(graph, pair: $0.0, sources: $0.1) })
        var links = JSONByteWriter()
        links.raw(edgeParts.isEmpty ? "], \"links\": [" : "\n], \"links\": [")
        var tail = JSONByteWriter()
        tail.raw(edgeParts.isEmpty ? "]}\n" : "\n]}\n")
        parts += edgeParts
        parts.append(links.bytes)
        parts += edgeParts
        parts.append(tail.bytes)
        return parts
    }

    /// `0..<count` in consecutive ranges of ``pieceSize``.
    private static func pieces(of count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: pieceSize).map { $0..<min($0 + pieceSize, count) }
    }

    /// The non-empty pieces of an array's elements, each element written as `,\n{…}`, with
    /// the first element's comma dropped.
    private static func elements(_ pieces: [[UInt8]]) -> [[UInt8]] {
        var out = pieces.filter { !$0.isEmpty }
        if !out.isEmpty { out[0].removeFirst() }
        return out
    }

    /// Layer `k`'s nodes at positions `range` of `graph.nodes[k]`, each as `,\n{…}`.
    private static func nodes(_ graph: LayeredGraph, layer k: Int, _ range: Range<Int>) -> [UInt8] {
        var w = JSONByteWriter(reservingCapacity: 200 * range.count)
        let layer = graph.layers[k]
        let best = graph.bestMatches.flatMap { k < $0.count ? $0[k] : nil }
        let source = graph.labels.sources[layer]
        for f in graph.nodes[k][range] {
            w.raw(",\n{\"id\": ")
            let index = Int(f)
            w.nodeID(layer: layer, index: index)
            w.raw(", \"layer\": ")
            w.int(layer)
            w.raw(", \"feature\": ")
            w.int(index)
            if let label = graph.labels[FeatureID(layer: layer, index: index)] {
                w.raw(", \"label\": ")
                w.string(label)
            }
            if let url = source?.url(index: index) {
                w.raw(", \"url\": ")
                w.string(url)
            }
            if let best, index < best.count {
                if best.nextIndex[index] >= 0 {
                    w.raw(", \"best_next\": ")
                    w.int(best.nextIndex[index])
                }
                optionalFloat("best_next_cos", best.nextCosine[index], into: &w)
                if best.previousIndex[index] >= 0 {
                    w.raw(", \"best_prev\": ")
                    w.int(best.previousIndex[index])
                }
                optionalFloat("best_prev_cos", best.previousCosine[index], into: &w)
            }
            w.byte(UInt8(ascii: "}"))
        }
        return w.bytes
    }

    /// The edges of pair `p` from the sources in `range`, each as `,\n{…}`.
    private static func edges(_ graph: LayeredGraph, pair p: Int, sources range: Range<Int>) -> [UInt8] {
        let pair = graph.pairs[p]
        var w = JSONByteWriter()
        for s in range {
            for e in pair.outgoing(s) {
                w.raw(",\n{\"source\": ")
                w.nodeID(layer: pair.sourceLayer, index: s)
                w.raw(", \"target\": ")
                w.nodeID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                optionalFloat("similarity", pair.similarities[e], into: &w)
                for (name, values) in pair.optionalValues {
                    if let values, e < values.count, values[e].isFinite {
                        w.raw(json: ", \"\(name)\": ")
                        w.float(values[e])
                    }
                }
                let source = FeatureID(layer: pair.sourceLayer, index: s)
                let target = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                if let stored = graph.labelSimilarity?.value(source, target), let v = stored {
                    w.raw(", \"label_similarity\": ")
                    w.double(v)
                }
                w.byte(UInt8(ascii: "}"))
            }
        }
        return w.bytes
    }

    private static func optionalFloat(_ key: StaticString, _ value: Float, into w: inout JSONByteWriter) {
        guard value.isFinite else { return }
        w.raw(", \"")
        w.raw(key)
        w.raw("\": ")
        w.float(value)
    }

    private static func attributes(_ graph: LayeredGraph, into w: inout JSONByteWriter) {
        let m = graph.metadata
        w.raw("{\"saegraph_version\": ")
        w.string(m.version)
        w.raw(", \"rule\": ")
        w.string(m.rule.name)
        w.raw(", \"threshold\": ")
        w.float(m.threshold)
        w.raw(", \"top_k\": ")
        if let k = m.topK { w.int(k) } else { w.raw("null") }
        w.raw(", \"absolute\": ")
        w.bool(m.absolute)
        w.raw(", \"layers\": [")
        for (k, layer) in graph.layers.enumerated() {
            if k > 0 { w.raw(", ") }
            w.int(layer)
        }
        w.raw("], \"feature_counts\": ")
        layerObject(zip(graph.layers, graph.featureCounts).map { (key: $0.0, value: $0.1) }, into: &w) { w, count in
            w.int(count)
        }
        w.raw(", \"excluded_rows\": ")
        layerObject(m.excludedRows.sorted { $0.key < $1.key }, into: &w) { w, ids in
            w.raw("{\"count\": ")
            w.int(ids.count)
            w.raw(", \"ids\": [")
            for (i, id) in ids.enumerated() {
                if i > 0 { w.raw(", ") }
                w.int(id)
            }
            w.raw("]}")
        }
        w.raw(", \"best_matches\": ")
        w.bool(graph.bestMatches != nil)
        let zLayers = graph.pairs.filter { $0.zScores != nil }.map(\.sourceLayer)
        let pLayers = graph.pairs.filter { $0.pValues != nil }.map(\.sourceLayer)
        let anyValues = graph.pairs.contains { $0.optionalValues.contains { $0.values != nil } }
        if anyValues {
            w.raw(", \"edge_statistics\": {\"z\": [")
            w.raw(json: zLayers.map(String.init).joined(separator: ", "))
            w.raw("], \"p\": [")
            w.raw(json: pLayers.map(String.init).joined(separator: ", "))
            w.raw("]")
            // Other per-edge values only when recorded, so files with z and p alone stay as they were.
            for (n, name) in LayerPairEdges.optionalValueNames.enumerated() where name != "z" && name != "p" {
                let layers = graph.pairs.filter { $0.optionalValues[n].values != nil }.map(\.sourceLayer)
                guard !layers.isEmpty else { continue }
                w.raw(json: ", \"\(name)\": [" + layers.map(String.init).joined(separator: ", ") + "]")
            }
            w.raw("}")
        }
        w.raw(", \"inputs\": [")
        for (i, info) in m.inputs.enumerated() {
            if i > 0 { w.raw(", ") }
            input(info, into: &w)
        }
        w.raw("], \"neuronpedia_sources\": ")
        layerObject(graph.labels.sources.sorted { $0.key < $1.key }, into: &w) { w, source in
            w.raw("{\"model\": ")
            w.string(source.modelID)
            w.raw(", \"source\": ")
            w.string(source.sourceID)
            w.byte(UInt8(ascii: "}"))
        }
        if let stored = graph.labelSimilarity {
            w.raw(", \"label_measure\": ")
            w.string(stored.measure)
            w.raw(", \"label_cutoff\": ")
            if let c = stored.cutoff { w.double(c) } else { w.raw("null") }
            w.raw(", \"label_calibration_pairs\": ")
            w.int(stored.calibrationPairs)
        }
        // Then, by name: the null model, the rule's parameters and foreign attributes, each
        // written as ``JSONValue/rendered()`` writes it (indented, with its final newline:
        // the layout files have always had).
        var trailing = m.extra.filter { !reservedAttributes.contains($0.key) }
        if let null = m.nullModel { trailing["null_model"] = null.json }
        if m.recordsRuleParameters, let rule = m.rule.edgeRule { trailing["rule_parameters"] = rule.parameters }
        if m.scoring != .decoder { trailing["scoring"] = .string(m.scoring.rawValue) }
        for (key, value) in trailing.sorted(by: { $0.key < $1.key }) {
            w.raw(", ")
            w.string(key)
            w.raw(": ")
            w.raw(json: value.rendered())
        }
        w.byte(UInt8(ascii: "}"))
    }

    private static func input(_ info: SAEInfo, into w: inout JSONByteWriter) {
        w.raw("{\"path\": ")
        w.string(info.path)
        w.raw(", \"format\": ")
        w.string(info.format.rawValue)
        w.raw(", \"layer\": ")
        w.int(info.layer)
        w.raw(", \"layer_source\": ")
        w.string(info.layerSource)
        w.raw(", \"hook\": ")
        if let hook = info.hookName { w.string(hook) } else { w.raw("null") }
        w.raw(", \"tensor\": ")
        w.string(info.tensorName)
        w.raw(", \"dtype\": ")
        w.string(info.dtype.rawValue)
        w.raw(", \"d_model\": ")
        w.int(info.dModel)
        w.raw(", \"d_sae\": ")
        w.int(info.dSAE)
        w.raw(", \"transposed\": ")
        w.bool(info.transposed)
        w.byte(UInt8(ascii: "}"))
    }

    /// `{"6": value, "7": value}` for (layer, value) pairs in the given order.
    private static func layerObject<V>(
        _ entries: [(key: Int, value: V)], into w: inout JSONByteWriter, _ value: (inout JSONByteWriter, V) -> Void
    ) {
        w.byte(UInt8(ascii: "{"))
        for (i, entry) in entries.enumerated() {
            if i > 0 { w.raw(", ") }
            w.byte(UInt8(ascii: "\""))
            w.int(entry.key)
            w.raw("\": ")
            value(&w, entry.value)
        }
        w.byte(UInt8(ascii: "}"))
    }
}
