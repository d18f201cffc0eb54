import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph build --shard I/N`: one shard of a build, written as a partial graph file.
extension BuildCommand {
    func validateShard() throws {
        guard let shard else { return }
        do { _ = try ShardSpec(parsing: shard) } catch let error as SAEGraphError {
            throw ValidationError("--shard: \(error.message).")
        }
        if !labelOptions.labels.isEmpty {
            throw ValidationError(
                "--labels cannot be used with --shard: give the label files to saegraph merge instead.")
        }
    }

    func shardSpec() throws -> ShardSpec? { try shard.map { try ShardSpec(parsing: $0) } }

    func writePartial(_ saes: [LoadedSAE], options: SimilarityOptions, shard: ShardSpec, started: Date) throws {
        let partial = try SimilarityGraphBuilder.buildPartial(
            saes, options: options, shard: shard, progress: ProgressBar.handler(quiet: quiet))
        try PartialGraphFile.write(partial, to: output)
        guard !quiet else { return }
        let plan = try partial.plan()
        let rows = partial.pairs.map { p in
            "layer \(partial.layers[p.pair]) → \(partial.layers[p.pair + 1]) rows \(p.rows.lowerBound)..<\(p.rows.upperBound)"
        }
        let edges = partial.pairs.reduce(0) { $0 + $1.edgeSources.count }
        let share = plan.totalWork == 0 ? 0 : 100 * Double(plan.work(shard: shard.index)) / Double(plan.totalWork)
        let line = String(
            format: "wrote %@: shard %@, %@, %d edges, %.1f%% of the work in %.1f s\n", output, "\(shard)",
            rows.isEmpty ? "no rows" : rows.joined(separator: ", "), edges, share, Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data(line.utf8))
    }
}
