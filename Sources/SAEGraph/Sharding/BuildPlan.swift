import Foundation

/// `saegraph build --plan`: how a sharded build of given SAEs (or of given shapes) divides its
/// work — rows, flops, memory and expected time per task, at the kernel rate measured here —
/// and, on request, the SLURM array script that runs it (``SlurmArrayScript``).
public struct BuildPlan: Sendable {
    public var rule: EdgeRule
    /// The build's options; `threads` is the thread count of one task (default: all cores).
    public var options: SimilarityOptions
    /// Whether the build computes the null model (``EdgeRule/needsNullModel`` forces it).
    public var nullModel: Bool
    public var nullModelOptions: NullModelOptions
    /// Which pairs the `best` rule scores with encoders (``ScoringChoice``).
    public var scoring: ScoringChoice
    /// The shard count; nil: the fewest that fit ``taskMemoryBytes`` and ``taskSeconds``.
    public var shards: Int?
    public var taskMemoryBytes: Int?
    public var taskSeconds: Double?

    /// What to size: loaded SAEs, or `layers` layers of `dSAE` F32 features of width `dModel`.
    public enum Input: Sendable {
        case saes([LoadedSAE])
        case shape(layers: Int, dSAE: Int, dModel: Int)
    }

    /// Where the SLURM script goes and what it runs.
    public struct Script: Sendable {
        public var path: String
        /// The saegraph executable the tasks run.
        public var saegraph: String
        /// The graph file the merge writes, and the label files it joins.
        public var graph: String
        public var labels: [String]

        public init(path: String, saegraph: String, graph: String, labels: [String] = []) {
            self.path = path
            self.saegraph = saegraph
            self.graph = graph
            self.labels = labels
        }
    }

    public init(
        rule: EdgeRule, options: SimilarityOptions, nullModel: Bool = false,
        nullModelOptions: NullModelOptions = NullModelOptions(), scoring: ScoringChoice = .auto, shards: Int? = nil,
        taskMemoryBytes: Int? = nil, taskSeconds: Double? = nil
    ) {
        self.scoring = scoring
        self.rule = rule
        self.options = options
        self.nullModel = nullModel
        self.nullModelOptions = nullModelOptions
        self.shards = shards
        self.taskMemoryBytes = taskMemoryBytes
        self.taskSeconds = taskSeconds
    }

    /// Measures the kernel rate, sizes the build, writes the script (atomically) when given
    /// one, and returns the plan's listing (``ShardPlanListing``).
    /// - Throws: `.unknownLayer` for fewer than two SAEs, `.invalidArgument` for a script
    ///   without SAEs or budgets no shard count fits, and what the sizing and writer throw.
    public func run(_ input: Input, script: Script? = nil) throws -> String {
        let counts: [Int]
        let bytes: [Int]
        let layers: [Int]
        let dModel: Int
        var encoderPairs: [Bool] = []
        switch input {
        case .shape(let l, let f, let d):
            (counts, bytes, layers, dModel) = (
                Array(repeating: f, count: l), Array(repeating: 4, count: l), Array(0..<l), d
            )
        case .saes(let saes):
            guard saes.count >= 2 else {
                throw SAEGraphError(.unknownLayer, "a plan needs SAEs for at least two layers; found \(saes.count)")
            }
            let sorted = saes.sorted { $0.layer < $1.layer }
            counts = sorted.map(\.decoder.rows)
            // F32 files are read in place; other types are converted to F32 copies as they load.
            bytes = sorted.map { $0.info.dtype == .f32 ? 4 : $0.info.dtype.byteSize + 4 }
            layers = sorted.map(\.layer)
            dModel = sorted[0].decoder.columns
            encoderPairs = try SimilarityGraphBuilder.encoderPairs(
                sorted, rule: rule, options: options, scoring: scoring)
        }
        let threads = options.resolvedThreads
        let withNull = nullModel || rule.needsNullModel
        let rate = try KernelRate.measure(dModel: dModel, threads: threads, precision: options.precision)
        let n =
            try shards
            ?? ShardSizing.fewestShards(
                featureCounts: counts, dModel: dModel, bytesPerValue: bytes, threads: threads, nullModel: withNull,
                encoderPairs: encoderPairs, memoryBytes: taskMemoryBytes, seconds: taskSeconds, rate: rate)
        let sizing = try ShardSizing(
            featureCounts: counts, dModel: dModel, bytesPerValue: bytes, shardCount: n, threads: threads,
            nullModel: withNull, encoderPairs: encoderPairs)
        let listing = ShardPlanListing.text(sizing, layers: layers, rate: rate)
        guard let script else { return listing }
        guard case .saes(let saes) = input else {
            throw SAEGraphError(.invalidArgument, "a SLURM script needs the SAE files, not only their shapes")
        }
        var header = try SimilarityGraphBuilder.partialHeader(
            saes, rule: rule, options: options, nullModel: withNull ? nullModelOptions : nil, scoring: scoring,
            shard: ShardSpec(index: 1, count: n))
        for k in header.inputs.indices { header.inputs[k].path = Self.absolute(header.inputs[k].path) }
        let text = SlurmArrayScript.text(
            header: header, sizing: sizing, rate: rate, saegraph: Self.absolute(script.saegraph),
            output: script.graph, labels: script.labels, precision: options.precision,
            scriptName: URL(fileURLWithPath: script.path).lastPathComponent)
        try AtomicFile.write(text, to: script.path)
        return listing
    }

    /// `path` made absolute against the current folder (tasks may run elsewhere).
    static func absolute(_ path: String) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL.path
    }
}
