/// What one shard of a sharded build computed (`saegraph build --shard I/N`): enough to merge
/// all shards into exactly the graph an unsharded build makes (see ``merge(_:names:)``).
///
/// A shard owns, for each layer pair, the source rows ``ShardPlan`` gives it. For those rows
/// it holds their edges (the threshold and `topK` are per source row, so they are final) and
/// their best next-layer match. A target's best previous-layer match is a maximum over all
/// source rows, so each shard holds, per target, its best among the shard's own rows with the
/// Double reference cosine, which decides the maximum across shards exactly (ties: lower index).
///
/// The partial also records what must agree across shards: the shard spec, the saegraph
/// version, the options, the layers, d_sae per layer, each input's ``SAEInfo`` and a content
/// fingerprint of each decoder (``DecoderMatrix/fingerprint()``).
public struct PartialGraph: Sendable, Equatable {
    public var shard: ShardSpec
    /// The saegraph version that computed the shard (the merged graph records it).
    public var version: String
    public var threshold: Float
    public var topK: Int?
    public var absolute: Bool
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

    public init(
        shard: ShardSpec, version: String = SAEGraphVersion.current, threshold: Float, topK: Int?, absolute: Bool,
        layers: [Int], featureCounts: [Int], inputs: [SAEInfo], fingerprints: [String], excludedRows: [[Int]],
        pairs: [PartialPair]
    ) {
        self.shard = shard
        self.version = version
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
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

    public init(pair: Int, rows: Range<Int>) {
        self.pair = pair
        self.rows = rows
    }
}
