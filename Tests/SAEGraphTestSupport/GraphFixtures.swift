import Foundation

@testable import SAEGraph

/// Random layered graphs and exact comparison, for graph file and listing tests.
package enum GraphFixtures {
    /// Label text that breaks naive JSON writers: quotes, backslashes, markup, every
    /// control character, emoji and GPT-2 byte-level artefacts.
    package static let nastyPieces: [String] =
        ["\"", "\\", "<b>", "&amp;", "\n", "\t", "\r\n", "/", "🧠", "Ċ", "Ģ", "é", "\u{2028}", "\u{7F}", "日本"]
        + (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }

    package static func nastyLabel(_ rng: inout SplitMix64) -> String {
        var s = "feature "
        for _ in 0..<(1 + Int(rng.next() % 6)) {
            s += nastyPieces[Int(rng.next() % UInt64(nastyPieces.count))]
            s += "x"
        }
        return s
    }

    /// A graph with gaps between layers, a partial node set in one layer, labels on some
    /// nodes, best matches with unknown entries, excluded rows, z/p on one pair and full metadata.
    package static func random(seed: UInt64) -> LayeredGraph {
        var rng = SplitMix64(seed: seed)
        let layers = [2, 3, 5]
        let counts = [30, 25, 40]
        var nodes = counts.map { (0..<Int32($0)).map { $0 } }
        nodes[2] = nodes[2].filter { _ in rng.next() % 3 != 0 }
        var pairs: [LayerPairEdges] = []
        for k in 0..<2 {
            var list: [(source: Int32, target: Int32, similarity: Float)] = []
            for _ in 0..<120 {
                let s = nodes[k][Int(rng.next() % UInt64(nodes[k].count))]
                let t = nodes[k + 1][Int(rng.next() % UInt64(nodes[k + 1].count))]
                list.append((s, t, rng.nextSigned()))
            }
            pairs.append(
                LayerPairEdges(
                    sourceLayer: layers[k], targetLayer: layers[k + 1], sourceCount: counts[k],
                    targetCount: counts[k + 1], edges: list))
        }
        pairs[0].zScores = (0..<pairs[0].edgeCount).map { $0 % 7 == 0 ? .nan : rng.nextSigned() * 10 }
        pairs[0].pValues = (0..<pairs[0].edgeCount).map { _ in abs(rng.nextSigned()) * 1e-6 }
        var best = counts.map { BestMatches(count: $0) }
        for k in 0..<3 {
            for f in nodes[k].map(Int.init) where rng.next() % 4 != 0 {
                if k < 2 { (best[k].nextIndex[f], best[k].nextCosine[f]) = (Int32(rng.next() % 20), rng.nextSigned()) }
                if k > 0 {
                    (best[k].previousIndex[f], best[k].previousCosine[f]) = (Int32(rng.next() % 20), rng.nextSigned())
                }
            }
        }
        best[1].nextIndex[3] = 4  // a known index with an unknown cosine
        best[1].nextCosine[3] = .nan
        var labels = LabelStore(sources: [
            2: NeuronpediaSource(modelID: "gpt2-small", sourceID: "2-res-jb"),
            5: NeuronpediaSource(modelID: "gpt2-small", sourceID: "5-res \"odd\""),
        ])
        for k in 0..<3 {
            for f in nodes[k] where rng.next() % 2 == 0 {
                labels.set(nastyLabel(&rng), for: FeatureID(layer: layers[k], index: Int(f)))
            }
        }
        let inputs = layers.enumerated().map { k, layer in
            SAEInfo(
                path: "/data/sae \"\(layer)\"/W.safetensors", format: k == 2 ? .npz : .saelens, layer: layer,
                layerSource: "config", hookName: k == 1 ? nil : "blocks.\(layer).hook_resid_pre",
                tensorName: "W_dec", dtype: k == 0 ? .bf16 : .f32, dModel: 768, dSAE: counts[k], transposed: k == 2)
        }
        let metadata = GraphMetadata(
            rule: .built(.topK(5, floor: 0.3)), threshold: 0.3, topK: 5, absolute: true, inputs: inputs,
            excludedRows: [2: [4, 17], 3: [], 5: [0]], version: "9.9.9",
            nullModel: NullModelRecord(
                options: NullModelOptions(sampleRows: 8, seed: 7), layers: layers,
                summaries: [
                    NullSummary(
                        sampleRows: 8, targetRows: 40, mean: 0.0125, standardDeviation: 0.1 / 3,
                        effectiveDimension: 768, cosineQuantiles: [-0.3, 0, 1e-7, 0.3],
                        bestQuantiles: [0.1, 0.2, 0.25, 1.0 / 3]),
                    nil,
                ],
                cutoffs: [0.45, nil]),
            extra: [
                "note": .object([("a", .array([.int(1), .double(2.5), .null, .string("x")]))]), "seed": .int(42),
            ])
        return LayeredGraph(
            layers: layers, featureCounts: counts, nodes: nodes, pairs: pairs, bestMatches: best,
            labels: labels, metadata: metadata)
    }

    package static func bits(_ a: [Float]?) -> [UInt32]? { a?.map(\.bitPattern) }
    /// The repository's `examples/` folder (tests run from a checkout).
    package static func example(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/\(path)").path
    }
}
