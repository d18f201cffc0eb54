import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph edges`: every edge of a graph file as CSV or JSON.
struct EdgesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edges",
        abstract: "List every edge of a graph file as CSV or JSON.",
        discussion: """
            Rows are ordered by source layer, source feature, target feature. CSV columns: \
            source_layer,source_feature,target_layer,target_feature,similarity. JSON: an array \
            of objects with those keys (plus z and p when the graph records them).

            Example:
              saegraph edges graph.json --format csv -o edges.csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Argument(
        help: "A graph file written by `saegraph build`, or any node-link JSON whose nodes have `layer` and `feature`.")
    var graph: String

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .csv

    @Option(
        help:
            "Similarity a link must reach to be an edge (inclusive); applies only when importing a file saegraph did not write."
    )
    var threshold: Float = 0.5

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        guard threshold.isFinite else {
            throw ValidationError("--threshold must be a finite number, e.g. 0.5.")
        }
    }

    func run() throws {
        let g = try GraphFile.read(path: graph, importThreshold: threshold)
        let data = EdgeListing.data(g, format: format == .csv ? .csv : .json)
        if let output {
            try AtomicFile.write(data, to: output)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
