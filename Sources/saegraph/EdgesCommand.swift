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
            of objects with those keys (plus z and p when the graph records them). When the \
            graph has labels (stored or given with --labels), each edge also carries \
            label_similarity, labels_differ and label_measure (see docs/label-coherence.md).

            Example:
              saegraph edges graph.json --format csv -o edges.csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .csv

    @Option(help: ArgumentHelp("Same as --min-similarity (older name).", visibility: .hidden))
    var threshold: Float?

    @Option(
        name: .shortAndLong, help: "Write to this file (atomically) instead of standard output; - is standard output.")
    var output: String?

    func validate() throws {
        if let threshold, !threshold.isFinite {
            throw ValidationError("--threshold must be a finite number, e.g. 0.5.")
        }
    }

    func run() throws {
        var input = input
        if let threshold, input.threshold == nil { input.minSimilarity = threshold }
        let g = try input.loadGraph()
        let data = EdgeListing.data(
            g, format: format == .csv ? .csv : .json, coherence: try input.labelModel.coherence(for: g))
        if let output, output != "-" {
            try AtomicFile.write(data, to: output)
        } else {
            CLIOutput.out(data)
        }
    }
}
