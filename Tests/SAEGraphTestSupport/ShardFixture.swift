@testable import SAEGraph

/// Small random SAEs for sharded-build tests: four layers of uneven sizes, d_model 8, with a
/// zero row, a non-finite row, and duplicated rows (exact ties) placed far apart so that
/// they fall into different shards.
package enum ShardFixture {
    package static let layers = [2, 3, 5, 6]
    package static let sizes = [37, 50, 23, 41]
    package static let columns = 8

    package static func saes(seed: UInt64 = 5, paths: [String]? = nil) -> [LoadedSAE] {
        var rng = SplitMix64(seed: seed)
        var rows = sizes.map { randomDecoderRows($0, columns, &rng) }
        rows[0][33] = rows[0][2]  // source tie for every target of layer 3
        rows[1][47] = rows[1][1]  // ties for layers 3 → 5 and, as targets, 2 → 3
        rows[2][20] = rows[2][0]
        rows[1][10] = Array(repeating: 0, count: columns)
        rows[2][7][3] = .nan
        rows[3][40] = Array(repeating: 0, count: columns)
        return layers.indices.map { k in
            let info = SAEInfo(
                path: paths?[k] ?? "/sae/layer\(layers[k])", format: .saelens, layer: layers[k], layerSource: "config",
                hookName: "blocks.\(layers[k]).hook_resid_pre", tensorName: "W_dec", dtype: .f32, dModel: columns,
                dSAE: sizes[k], transposed: false)
            return LoadedSAE(info: info, decoder: decoderMatrix(rows[k], columns: columns))
        }
    }

    /// Every shard of an `n`-way build, each passed through its file encoding.
    package static func partials(
        _ saes: [LoadedSAE], _ options: SimilarityOptions, n: Int, rule: EdgeRule? = nil,
        nullModel: NullModelOptions? = nil, scoring: ScoringChoice = .auto
    ) throws -> [PartialGraph] {
        try (1...n).map { i in
            let p = try SimilarityGraphBuilder.buildPartial(
                saes, rule: rule, options: options, nullModel: nullModel, scoring: scoring,
                shard: ShardSpec(index: i, count: n))
            return try PartialGraphFile.decode(PartialGraphFile.encode(p), name: "part-\(i).json")
        }
    }
}
