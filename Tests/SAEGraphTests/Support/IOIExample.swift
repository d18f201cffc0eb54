import Foundation
import Testing

@testable import SAEGraph

/// The real example graph of `examples/gpt2-ioi/ioi-decoder-cosine.json` (GPT-2 small
/// features active on an IOI prompt; see that folder's PROVENANCE.md), read with
/// JSONSerialization into a ``LayeredGraph`` of the chosen layers, keeping links at or above
/// `threshold` between neighbouring layers, with the node explanations as labels.
enum IOIExample {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/gpt2-ioi/ioi-decoder-cosine.json").path

    static func graph(layers: [Int], threshold: Float = 0.5) throws -> LayeredGraph {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(root["nodes"] as? [[String: Any]])
        let links = try #require(root["links"] as? [[String: Any]])
        var present: [Int: Set<Int32>] = [:]
        var labels = LabelStore()
        for node in nodes {
            guard let layer = node["layer"] as? Int, let index = node["feature"] as? Int, layers.contains(layer)
            else { continue }
            present[layer, default: []].insert(Int32(index))
            labels.set(node["explanation"] as? String, for: FeatureID(layer: layer, index: index))
        }
        for layer in layers {
            labels.setSource(NeuronpediaSource(modelID: "gpt2-small", sourceID: "\(layer)-res-jb"), forLayer: layer)
        }
        var edges: [Int: [(source: Int32, target: Int32, similarity: Float)]] = [:]
        for link in links {
            guard let s = link["source"] as? String, let t = link["target"] as? String,
                let sim = (link["similarity"] as? NSNumber)?.floatValue, sim >= threshold
            else { continue }
            let a = try FeatureID(parsing: s)
            let b = try FeatureID(parsing: t)
            guard let k = layers.firstIndex(of: a.layer), k + 1 < layers.count, layers[k + 1] == b.layer else {
                continue
            }
            edges[k, default: []].append((Int32(a.index), Int32(b.index), sim))
        }
        let counts = layers.map { _ in 24_576 }  // d_sae of gpt2-small-res-jb
        let pairs = (0..<max(layers.count - 1, 0)).map { k in
            LayerPairEdges(
                sourceLayer: layers[k], targetLayer: layers[k + 1], sourceCount: counts[k], targetCount: counts[k + 1],
                edges: edges[k] ?? [])
        }
        return LayeredGraph(
            layers: layers, featureCounts: counts, nodes: layers.map { (present[$0] ?? []).sorted() },
            pairs: pairs, labels: labels)
    }
}
