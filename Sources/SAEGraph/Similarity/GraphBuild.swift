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
    /// Labels to store in the graph file.
    public var labels: LabelStore?
    /// Compute only this shard and write a partial graph file.
    public var shard: ShardSpec?

    public init(
        rule: EdgeRule, options: SimilarityOptions, nullModel: Bool = false,
        nullModelOptions: NullModelOptions = NullModelOptions(), labels: LabelStore? = nil, shard: ShardSpec? = nil
    ) {
        self.rule = rule
        self.options = options
        self.nullModel = nullModel
        self.nullModelOptions = nullModelOptions
        self.labels = labels
        self.shard = shard
    }

    /// Builds from `saes` and writes the result (atomically) to `path`; returns the summary
    /// (``BuildSummary``) for the given elapsed-time origin.
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
        if let shard {
            let partial = try SimilarityGraphBuilder.buildPartial(
                saes, options: options, shard: shard, progress: progress)
            try PartialGraphFile.write(partial, to: path)
            return try BuildSummary.partial(partial, path: path, seconds: Date().timeIntervalSince(started))
        }
        let null = nullModel || rule.needsNullModel ? nullModelOptions : nil
        var graph = try SimilarityGraphBuilder.build(
            saes, rule: rule, options: options, nullModel: null, progress: progress)
        if let labels { graph.labels = labels }
        try GraphFile.write(graph, to: path)
        return BuildSummary.graph(
            graph, path: path, rule: rule, topK: options.topK, seconds: Date().timeIntervalSince(started))
    }
}
