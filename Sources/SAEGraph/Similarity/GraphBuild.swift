import Foundation

/// One `saegraph build`: loaded SAEs → the graph file (or, with a shard, a partial graph file),
/// and the summary lines the command reports.
public struct GraphBuild: Sendable {
    public var rule: EdgeRule
    public var options: SimilarityOptions
    /// Whether to compute the null model (the rule may need one anyway,
    /// ``EdgeRule/needsNullModel``), and its parameters when computed.
    public var nullModel: Bool
    public var nullModelOptions: NullModelOptions
    /// Labels to store in the graph file, with each edge's label similarity
    /// (``EdgeLabelSimilarity``).
    public var labels: LabelStore?
    /// The label measure; nil for character n-grams (``CharNGramEncoder``).
    public var labelEncoder: (any LabelEncoder)?
    /// Which pairs the `best` rule scores with encoders (``ScoringChoice``).
    public var scoring: ScoringChoice
    /// Compute only this shard and write a partial graph file.
    public var shard: ShardSpec?
    /// With a shard: compute it even when the output already holds it, complete and valid
    /// (otherwise such a file is kept and the build skipped, so a rerun of a job array redoes
    /// only the shards that are missing or stale).
    public var recompute: Bool

    public init(
        rule: EdgeRule, options: SimilarityOptions, nullModel: Bool = false,
        nullModelOptions: NullModelOptions = NullModelOptions(), labels: LabelStore? = nil, shard: ShardSpec? = nil,
        recompute: Bool = false, labelEncoder: (any LabelEncoder)? = nil, scoring: ScoringChoice = .auto
    ) {
        self.labelEncoder = labelEncoder
        self.scoring = scoring
        self.rule = rule
        self.options = options
        self.nullModel = nullModel
        self.nullModelOptions = nullModelOptions
        self.labels = labels
        self.shard = shard
        self.recompute = recompute
    }

    /// Builds from `saes` and writes the result (atomically) to `path`; returns the summary
    /// (``BuildSummary``) for the given elapsed-time origin. With a shard whose file at `path`
    /// is already complete and valid (``PartialGraphFile/reusable(at:for:)``) and no
    /// `recompute`, writes nothing and says so.
    /// - Throws: `.unknownLayer` with fewer than two SAEs (naming the ones found), and what
    ///   ``SimilarityGraphBuilder`` and the file writers throw.
    public func run(_ saes: [LoadedSAE], writingTo path: String, started: Date, progress: ProgressHandler? = nil)
        throws -> String
    {
        guard saes.count >= 2 else {
            let found = saes.map { "layer \($0.layer) (\($0.info.path))" }.joined(separator: ", ")
            throw SAEGraphError(
                .unknownLayer, "build needs SAEs for at least two layers; found \(saes.isEmpty ? "none" : found)")
        }
        let null = nullModel || rule.needsNullModel ? nullModelOptions : nil
        if let shard {
            var note = ""
            if !recompute {
                let header = try SimilarityGraphBuilder.partialHeader(
                    saes, rule: rule, options: options, nullModel: null, scoring: scoring, shard: shard)
                switch PartialGraphFile.reusable(at: path, for: header) {
                case nil: return "\(path): shard \(shard) is already complete and valid; skipped\n"
                case "no file"?: break
                case let reason?: note = "recomputing shard \(shard): \(reason)\n"
                }
            }
            let partial = try SimilarityGraphBuilder.buildPartial(
                saes, rule: rule, options: options, nullModel: null, scoring: scoring, shard: shard, progress: progress)
            try PartialGraphFile.write(partial, to: path)
            return try note + BuildSummary.partial(partial, path: path, seconds: Date().timeIntervalSince(started))
        }
        var graph = try SimilarityGraphBuilder.build(
            saes, rule: rule, options: options, nullModel: null, scoring: scoring, progress: progress)
        graph.storeLabels(labels, measuredWith: labelEncoder)
        try GraphFile.write(graph, to: path)
        return BuildSummary.graph(
            graph, path: path, rule: rule, topK: options.topK, seconds: Date().timeIntervalSince(started))
    }
}
