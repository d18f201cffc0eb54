import Foundation
import SAEGraph

/// Reads a graph file several times, writes it back, reads the copy; prints the median
/// seconds of each step.
let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: graphfile-bench GRAPH.json REWRITTEN.json\n".utf8))
    exit(2)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    return times.sorted()[runs / 2]
}

let size = (try FileManager.default.attributesOfItem(atPath: args[1])[.size] as? Int) ?? 0
var graph = try GraphFile.read(path: args[1])
let read = try median(5) { graph = try GraphFile.read(path: args[1]) }
print("file        \(args[1]): \(size / 1_000_000) MB, \(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(graph.labels.count) labels")
print(String(format: "read        %.3f s  (%.0f MB/s)", read, Double(size) / 1e6 / read))
var data = Data()
let encode = median(5) { data = GraphFile.encode(graph) }
print(String(format: "encode      %.3f s  (%d MB)", encode, data.count / 1_000_000))
let write = try median(3) { try GraphFile.write(graph, to: args[2]) }
print(String(format: "write       %.3f s  (encode + atomic write + fsync)", write))
var copy = graph
let reread = try median(5) { copy = try GraphFile.read(path: args[2]) }
print(String(format: "read copy   %.3f s  (%d edges)", reread, copy.edgeCount))
let csv = median(3) { _ = EdgeListing.csv(graph) }
print(String(format: "edges csv   %.3f s", csv))
