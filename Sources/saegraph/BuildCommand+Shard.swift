import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph build --shard I/N` checks, and `saegraph build --plan`.
extension BuildCommand {
    func validateShard() throws {
        if sharding.shard != nil && !labelOptions.labels.isEmpty {
            throw ValidationError(
                "--labels cannot be used with --shard: give the label files to saegraph merge instead.")
        }
        if sharding.shard != nil && labelModel != nil {
            throw ValidationError(
                "--label-model cannot be used with --shard: give it, with the label files, to saegraph merge instead.")
        }
    }

    /// Prints the plan of a sharded build of `saes` (or of `--shape`), writing the SLURM script
    /// when asked.
    func printPlan(_ saes: [LoadedSAE]) throws {
        let plan = BuildPlan(
            rule: edgeRule,
            options: SimilarityOptions(
                threshold: threshold, topK: topK, absolute: absolute, threads: threads, precision: precision),
            nullModel: nullModel, nullModelOptions: NullModelOptions(sampleRows: nullRows, seed: nullSeed),
            scoring: scoring,
            shards: sharding.shards, taskMemoryBytes: sharding.taskMemory.map { Int($0 * Double(1 << 30)) },
            taskSeconds: sharding.taskTime.map { $0 * 60 })
        let input: BuildPlan.Input =
            if let s = sharding.shape?.parsed {
                .shape(layers: s.layers, dSAE: s.dSAE, dModel: s.dModel)
            } else {
                .saes(saes)
            }
        let script = sharding.slurmScript.map {
            BuildPlan.Script(
                path: $0, saegraph: Bundle.main.executablePath ?? CommandLine.arguments[0], graph: output,
                labels: labelOptions.labels)
        }
        CLIOutput.out(try plan.run(input, script: script))
        if let script, !quiet { CLIOutput.note("wrote \(script.path): submit with bash \(script.path)") }
    }
}
