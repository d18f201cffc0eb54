// swift-format-ignore-file: AlwaysUseLowerCamelCase

import BenchTiming
import Foundation
import SAEGraph

/// Reads the same JSON three ways and prints the median seconds of each, so the library's
/// hand-written scanner is kept only while it pays:
/// - `scanner`: the library's own readers (`GraphFile.read`, `LabelLoader.load`), which also
///   check and assemble what they read (so they do more than the other two);
/// - `JSONDecoder`: Foundation's decoder into `Decodable` structs of the same fields;
/// - `JSONSerialization`: Foundation's `jsonObject`, then the same fields pulled out of the
///   dictionaries into typed arrays.
/// The graph file is read whole; the label export (JSONL) line by line.
let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: json-bench GRAPH.json LABELS.jsonl\n".utf8))
    exit(2)
}

/// The node-link fields the graph reader keeps.
struct GraphDocument: Decodable {
    struct Node: Decodable {
        var id: String
        var layer: Int
        var feature: Int
        var label: String?
        var url: String?
        var best_next: Int?
        var best_next_cos: Float?
        var best_prev: Int?
        var best_prev_cos: Float?
    }
    struct Link: Decodable {
        var source: String
        var target: String
        var similarity: Float
    }
    var nodes: [Node]
    var links: [Link]
}

/// One row of a Neuronpedia explanation export.
struct LabelRow: Decodable {
    var modelId: String?
    var layer: String
    var index: String
    var description: String?
}

func serializationGraph(_ data: Data) throws -> Int {
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    var ids: [String] = []
    var layers: [Int] = []
    var features: [Int] = []
    var labels: [String?] = []
    for case let node as [String: Any] in root["nodes"] as! [Any] {
        ids.append(node["id"] as! String)
        layers.append((node["layer"] as! NSNumber).intValue)
        features.append((node["feature"] as! NSNumber).intValue)
        labels.append(node["label"] as? String)
        _ = (node["best_next_cos"] as? NSNumber)?.floatValue
        _ = (node["best_prev_cos"] as? NSNumber)?.floatValue
    }
    var sources: [String] = []
    var targets: [String] = []
    var similarities: [Float] = []
    for case let link as [String: Any] in root["links"] as! [Any] {
        sources.append(link["source"] as! String)
        targets.append(link["target"] as! String)
        similarities.append((link["similarity"] as! NSNumber).floatValue)
    }
    return ids.count + similarities.count
}

/// Splits a JSONL file into its non-empty lines.
func lines(_ data: Data) -> [Data] {
    data.split(separator: 0x0A).filter { !$0.isEmpty }.map { Data($0) }
}

func scannerGraph(_ path: String) throws -> Int {
    let g = try GraphFile.read(path: path)
    return g.nodeCount + g.edgeCount
}

func decoderGraph(_ data: Data) throws -> Int {
    let d = try JSONDecoder().decode(GraphDocument.self, from: data)
    return d.nodes.count + d.links.count
}

func decoderLabels(_ data: Data) throws -> Int {
    let decoder = JSONDecoder()
    return try lines(data).map { try decoder.decode(LabelRow.self, from: $0) }.count
}

func serializationLabels(_ data: Data) throws -> Int {
    try lines(data).map { line -> String? in
        let o = try JSONSerialization.jsonObject(with: line) as! [String: Any]
        _ = o["layer"] as! String
        _ = o["index"] as! String
        return o["description"] as? String
    }.count
}

let graphPath = args[1]
let labelPath = args[2]
let graphData = try Data(contentsOf: URL(fileURLWithPath: graphPath))
let labelData = try Data(contentsOf: URL(fileURLWithPath: labelPath))
print("graph   \(graphPath): \(graphData.count / 1_000_000) MB")
print("  scanner            " + (try median(3) { try scannerGraph(graphPath) }))
print("  JSONDecoder        " + (try median(3) { try decoderGraph(graphData) }))
print("  JSONSerialization  " + (try median(3) { try serializationGraph(graphData) }))
print("labels  \(labelPath): \(labelData.count / 1_000_000) MB, \(lines(labelData).count) rows")
print("  scanner            " + (try median(5) { try LabelLoader.load(path: labelPath).store.count }))
print("  JSONDecoder        " + (try median(5) { try decoderLabels(labelData) }))
print("  JSONSerialization  " + (try median(5) { try serializationLabels(labelData) }))
