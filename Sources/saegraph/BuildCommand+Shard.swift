import ArgumentParser
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
}
