import Foundation

/// The SLURM script `saegraph build --plan --slurm-script FILE` writes: one file that, run with
/// `bash FILE` from the folder that is to hold `parts/` and `logs/`, submits itself as a job
/// array (one task per shard, each running `saegraph build --shard I/N`) and a merge job that
/// runs once every task has succeeded (`--dependency=afterok`). A rerun (`bash FILE` again)
/// skips the shards whose partial file is complete and valid; `sbatch --array=3,5 FILE`
/// recomputes just those shards.
public enum SlurmArrayScript {
    /// The script's text.
    /// - Parameters:
    ///   - header: the build, as ``SimilarityGraphBuilder/partialHeader(_:rule:options:nullModel:shard:)``
    ///     describes it (input paths should be absolute: tasks may run anywhere).
    ///   - sizing: the plan; `--mem` is the largest task's memory plus a quarter, `--time`
    ///     twice its expected time plus 5 minutes.
    ///   - rate: flops per second of one task (``KernelRate``).
    ///   - saegraph: the executable's path (tasks may override it with `SAEGRAPH=`).
    ///   - output: the graph file the merge writes; `labels`: label files given to the merge.
    ///   - precision: the candidate arithmetic, passed on when not `auto`.
    ///   - scriptName: the script's file name, for the instructions in its comments.
    public static func text(
        header: PartialGraph, sizing: ShardSizing, rate: Double, saegraph: String, output: String,
        labels: [String] = [], precision: SimilarityPrecision = .auto, scriptName: String = "saegraph-array.sh"
    ) -> String {
        let n = sizing.plan.shardCount
        let largest = sizing.largest()
        let mem = Int((Double(largest.memoryBytes) * 1.25 / Double(1 << 20)).rounded(.up))
        let minutes = Int((2 * largest.flops / rate / 60).rounded(.up)) + 5
        let mergeMem = max(1024, Int((Double(sizing.plan.rowCounts.reduce(0, +)) * 200 / Double(1 << 20)).rounded(.up)))
        var build = header.buildCommand(shard: nil, output: "parts/part-{I}.json")
        build = build.replacingOccurrences(of: "saegraph build ", with: "\"$SAEGRAPH\" build ", options: .anchored)
        if precision != .auto { build += " --precision \(precision.rawValue)" }
        build += " --threads \"$SLURM_CPUS_PER_TASK\""
        let q = PartialGraph.shellQuoted
        var merge = "\"$SAEGRAPH\" merge parts/part-*.json"
        for label in labels { merge += " --labels \(q(label))" }
        merge += " -o \(q(output))"
        return """
            #!/bin/bash
            # saegraph: a sharded build as a SLURM job array of \(n) tasks and a merge job.
            # \(ShardPlanListing.flops(sizing.totalFlops)) in all; each task at most \(ShardPlanListing.flops(largest.flops)), \
            \(ShardPlanListing.bytes(largest.memoryBytes)), about \(ShardPlanListing.duration(largest.flops / rate)) \
            at the \(ShardPlanListing.flops(rate))/s measured where this script was written.
            # Submit from the folder that is to hold parts/ and logs/:   bash \(q(scriptName))
            # (submits the array, then the merge with --dependency=afterok). A rerun skips every
            # shard whose partial file is complete and valid; to recompute some shards only:
            # sbatch --array=3,5 \(q(scriptName)), then the merge alone: bash \(q(scriptName)) merge
            #SBATCH --job-name=saegraph-build
            #SBATCH --array=1-\(n)
            #SBATCH --cpus-per-task=\(sizing.threads)
            #SBATCH --mem=\(mem)M
            #SBATCH --time=\(String(format: "%02d:%02d:00", minutes / 60, minutes % 60))
            #SBATCH --output=logs/shard-%a.out
            set -euo pipefail
            SAEGRAPH=${SAEGRAPH:-\(q(saegraph))}
            if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
              mkdir -p parts logs
              if [ "${1:-}" != merge ]; then
                array=$(sbatch --parsable "$0")
                echo "submitted job array $array (\(n) tasks)"
                dependency="--dependency=afterok:$array"
              else
                dependency=""
              fi
              merge=$(sbatch --parsable $dependency --job-name=saegraph-merge --cpus-per-task=1 \\
                --mem=\(mergeMem)M --time=01:00:00 --output=logs/merge.out --wrap "exec \(merge.replacingOccurrences(of: "\"", with: "\\\""))")
              echo "submitted merge job $merge"
              exit 0
            fi
            I=$SLURM_ARRAY_TASK_ID
            exec \(build)

            """
    }
}
