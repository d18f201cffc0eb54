/// What one shard of a sharded build computed (`saegraph build --shard I/N`): enough to merge
/// all shards into exactly the graph an unsharded build makes (see ``merge(_:names:)``).
///
/// A shard owns, for each layer pair, the source rows ``ShardPlan`` gives it. For those rows
/// it holds their candidate edges (for the `threshold` and `topk` rules every decision is per
/// source row, so they are final; the `mutual` and `auto` rules need none) and their best
/// next-layer match. A target's best previous-layer match is a maximum over all source rows,
/// so each shard holds, per target, its best among the shard's own rows with the Double
/// reference cosine, which decides the maximum across shards exactly (ties: lower index).
/// With a null model, the shard that owns a pair's first source row also holds the pair's
/// ``NullSummary`` (it samples the whole source layer, as the unsharded build does); `merge`
/// then applies the rule to the joined best matches, exactly as the unsharded build.
///
/// The partial also records what must agree across shards: the shard spec, the saegraph
/// version, the rule and options, the null model's settings, the layers, d_sae per layer, each
/// input's ``SAEInfo`` and a content fingerprint of each decoder
/// (``DecoderMatrix/fingerprint()``). It records the arithmetic (`precision`) too, which never
/// changes a result, so shards that differ in it still merge.
public struct PartialGraph: Sendable, Equatable {
    public var shard: ShardSpec
    /// The saegraph version that computed the shard (the merged graph records it).
    public var version: String
    public var threshold: Float
    public var topK: Int?
    public var absolute: Bool
    /// The edge rule the merge applies (``EdgeRule/threshold(_:)`` at ``threshold`` for a
    /// classic build).
    public var rule: EdgeRule
    /// The null model's settings, when the build computes one (always for `auto`).
    public var nullModel: NullModelOptions?
    /// The arithmetic of the candidate pass that was asked for (informative only).
    public var precision: SimilarityPrecision
    /// All layers of the build, ascending.
    public var layers: [Int]
    /// d_sae per layer, parallel to `layers`.
    public var featureCounts: [Int]
    /// Every input, in layer order.
    public var inputs: [SAEInfo]
    /// ``DecoderMatrix/fingerprint()`` per layer, parallel to `layers`.
    public var fingerprints: [String]
    /// Per layer, the zero or non-finite rows among the rows this shard read (its source rows
    /// and every row of the target layers it compared against), ascending. The union over all
    /// shards is every excluded row.
    public var excludedRows: [[Int]]
    /// The pairs where this shard owns source rows, ascending by pair.
    public var pairs: [PartialPair]
    /// Per layer pair, whether the `best` rule scores it with encoders
    /// (``SimilarityGraphBuilder/encoderPairs(_:rule:options:scoring:)``); empty when none is.
    public var scoredPairs: [Bool]

    public init(
        shard: ShardSpec, version: String = SAEGraphVersion.current, threshold: Float, topK: Int?, absolute: Bool,
        rule: EdgeRule? = nil, nullModel: NullModelOptions? = nil, precision: SimilarityPrecision = .auto,
        layers: [Int], featureCounts: [Int], inputs: [SAEInfo], fingerprints: [String], excludedRows: [[Int]],
        pairs: [PartialPair], scoredPairs: [Bool] = []
    ) {
        self.scoredPairs = scoredPairs.contains(true) ? scoredPairs : []
        self.shard = shard
        self.version = version
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
        self.rule = rule ?? .threshold(threshold)
        self.nullModel = nullModel
        self.precision = precision
        self.layers = layers
        self.featureCounts = featureCounts
        self.inputs = inputs
        self.fingerprints = fingerprints
        self.excludedRows = excludedRows
        self.pairs = pairs
    }

    /// The plan every shard of this build follows.
    public func plan() throws -> ShardPlan { try ShardPlan(rowCounts: featureCounts, shardCount: shard.count) }
}

/// One shard's results for one layer pair (`layers[pair]` → `layers[pair + 1]`).
public struct PartialPair: Sendable, Equatable {
    /// Position of the source layer in ``PartialGraph/layers``.
    public var pair: Int
    /// The source rows this shard owns.
    public var rows: Range<Int>
    /// Edges from the owned rows, by source then target (parallel arrays).
    public var edgeSources: [Int32] = []
    public var edgeTargets: [Int32] = []
    public var edgeSimilarities: [Float] = []
    /// Best next-layer match of each owned row that has one.
    public var nextRows: [Int32] = []
    public var nextIndex: [Int32] = []
    public var nextCosine: [Float] = []
    /// Per target row that has one, its best source row among the owned rows and the
    /// Double reference cosine.
    public var previousTargets: [Int32] = []
    public var previousIndex: [Int32] = []
    public var previousCosine: [Double] = []
    /// The pair's null summary, held by the shard that owns the pair's first source row when
    /// the build has a null model (nil otherwise, or when the pair has none).
    public var null: NullSummary? = nil
    /// With the `best` rule (CSLS neighbourhood `k`): each owned row's `k` nearest target rows
    /// (`rows.count · k` entries, ``Neighbours`` layout), each target row's `k` nearest among
    /// the owned rows (`targets · k`), and with the null summary its rotated rows.
    public var nextNeighbours: Neighbours? = nil
    public var previousNeighbours: Neighbours? = nil
    public var nullRows: [NullBestRow]? = nil
    /// On a pair scored with encoders: each neighbourhood entry's ``EncoderScoring`` score,
    /// parallel to the lists' `cosines` (NaN on padding), which the merge reorders by.
    public var nextScores: [Float]? = nil
    public var previousScores: [Float]? = nil

    public init(pair: Int, rows: Range<Int>) {
        self.pair = pair
        self.rows = rows
    }
}
