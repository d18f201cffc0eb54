import ArgumentParser
import SAEGraph

/// The options of `saegraph build` for sharded builds and their plans.
struct ShardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Compute only shard I of N (e.g. 3/8) and write a partial graph file; join all N with saegraph merge. Skipped when the output already holds this shard, complete and valid.",
            valueName: "i/n"))
    var shard: ShardArgument?

    @Flag(help: "With --shard: compute the shard even when its partial file is already complete and valid.")
    var recompute = false

    @Flag(help: "Print how a sharded build divides the work (rows, flops, memory, time per task) instead of building.")
    var plan = false

    @Option(help: "With --plan: the number of shards (default: the fewest that fit --task-memory and --task-time).")
    var shards: Int?

    @Option(
        name: .customLong("task-memory"),
        help: ArgumentHelp("With --plan: memory one task may use, in GB.", valueName: "gb"))
    var taskMemory: Double?

    @Option(
        name: .customLong("task-time"),
        help: ArgumentHelp("With --plan: wall time one task may take, in minutes.", valueName: "minutes"))
    var taskTime: Double?

    @Option(
        help: ArgumentHelp(
            "With --plan: size a build of these shapes instead of reading inputs: LAYERSxD_SAExD_MODEL, e.g. 26x131072x2304 (F32).",
            valueName: "shape"))
    var shape: ShapeArgument?

    @Option(
        name: .customLong("slurm-script"),
        help: ArgumentHelp(
            "With --plan: write a SLURM job array script whose tasks run build --shard, and which submits the merge (run: bash FILE).",
            valueName: "file"))
    var slurmScript: String?

    func validate() throws {
        if case .failure(let error)? = shard?.parsed { throw ValidationError("--shard: \(error.message).") }
        if !plan && (shards != nil || taskMemory != nil || taskTime != nil || shape != nil || slurmScript != nil) {
            throw ValidationError("--shards, --task-memory, --task-time, --shape and --slurm-script go with --plan.")
        }
        if plan && shard != nil { throw ValidationError("--plan and --shard exclude each other.") }
        if let shards, shards < 1 || shards > ShardSpec.maximumCount {
            throw ValidationError("--shards must lie in 1...\(ShardSpec.maximumCount) (got \(shards))")
        }
        if let taskMemory, !(taskMemory > 0) { throw ValidationError("--task-memory must be positive GB, e.g. 16") }
        if let taskTime, !(taskTime > 0) { throw ValidationError("--task-time must be positive minutes, e.g. 60") }
        if shape != nil && slurmScript != nil {
            throw ValidationError("--slurm-script needs real inputs, not --shape: name the SAE files.")
        }
        if let shape, shape.parsed == nil {
            throw ValidationError("--shape '\(shape.text)' is not LAYERSxD_SAExD_MODEL, e.g. 26x131072x2304.")
        }
    }

    /// The shard `--shard` names (checked by ``validate()``), or nil for a whole build.
    func shardSpec() throws -> ShardSpec? { try shard?.parsed.get() }

}

/// `--shard I/N`, parsed once when the arguments are read: the shard, or the reason the text
/// names none, which ``ShardOptions/validate()`` reports as a usage error.
struct ShardArgument: ExpressibleByArgument {
    let parsed: Result<ShardSpec, SAEGraphError>

    init(argument: String) {
        do {
            parsed = .success(try ShardSpec(parsing: argument))
        } catch let error as SAEGraphError {
            parsed = .failure(error)
        } catch {
            parsed = .failure(SAEGraphError(.invalidArgument, "\(error)"))
        }
    }
}

/// `--shape LAYERSxD_SAExD_MODEL`, parsed once when the arguments are read; nil when the text
/// is not such a shape, which ``ShardOptions/validate()`` reports as a usage error.
struct ShapeArgument: ExpressibleByArgument {
    let text: String
    let parsed: (layers: Int, dSAE: Int, dModel: Int)?

    /// `26x131072x2304` → (26, 131072, 2304).
    init(argument: String) {
        text = argument
        let parts = argument.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 3, parts[0] >= 1, parts[0] <= 10_000, parts[1] >= 1, parts[2] >= 1 else {
            parsed = nil
            return
        }
        parsed = (parts[0], parts[1], parts[2])
    }
}
