import BenchTiming
import Foundation
import SAEGraph

/// Reads a graph file several times, writes it back, reads the copy; prints the median
/// seconds of each step (wall clock, and this process's CPU time, which a busy machine
/// inflates less).
let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: graphfile-bench GRAPH.json REWRITTEN.json\n".utf8))
    exit(2)
}

let size = (try FileManager.default.attributesOfItem(atPath: args[1])[.size] as? Int) ?? 0
var graph = try GraphFile.read(path: args[1])
let read = try median(5) { graph = try GraphFile.read(path: args[1]) }
print(
    "file        \(args[1]): \(size / 1_000_000) MB, \(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(graph.labels.count) labels"
)
print("read        \(read)")
var data = Data()
let encode = median(5) { data = GraphFile.encode(graph) }
print("encode      \(encode), \(data.count / 1_000_000) MB")
let write = try median(3) { try GraphFile.write(graph, to: args[2]) }
print("write       \(write): encode + atomic write + fsync")
var copy = graph
let reread = try median(5) { copy = try GraphFile.read(path: args[2]) }
print("read copy   \(reread), \(copy.edgeCount) edges")
let csv = median(3) { _ = EdgeListing.csv(graph) }
print("edges csv   \(csv)")
