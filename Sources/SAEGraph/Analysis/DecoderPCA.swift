/// The original study's figure: decoder directions of several layers projected on the top two
/// principal components of their union.
///
/// Each chosen decoder row is scaled to unit length (a direction), the union is centred on its
/// mean, and the covariance `Xᵀ X / (n − 1)` (`d_model × d_model`) is decomposed with LAPACK
/// (`dsyevd`). Each feature's coordinates are its centred direction's dot products with the
/// two leading eigenvectors; each axis's share of variance is its eigenvalue over the trace.
/// Eigenvector signs are fixed so that the largest-magnitude entry is positive, and OpenBLAS
/// runs single-threaded here, so the same inputs give the same figure on every run.
///
/// Rows that are zero or not finite have no direction and are left out. `sample` keeps a
/// seeded random subset of each layer's rows (highlighted features always stay).
public struct DecoderPCA: Sendable {
    /// One plotted feature.
    public struct Point: Sendable, Equatable {
        public var feature: FeatureID
        public var x: Double
        public var y: Double
    }

    /// The plotted features, by layer then index.
    public var points: [Point]
    /// The layers, ascending, with the number of rows each contributes.
    public var layers: [(layer: Int, count: Int)]
    /// The share of the union's variance along PC1 and PC2.
    public var explainedVariance: (Double, Double)
    /// Features to mark on the plot (all present in `points`).
    public var highlighted: [FeatureID]

    /// - Parameters:
    ///   - saes: one SAE per layer, all of the same `d_model`.
    ///   - sample: rows kept per layer (nil: all).
    ///   - seed: seed of the sample.
    ///   - highlight: features to mark; each must be a usable row of a chosen layer.
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for fewer than 3 rows in all, a
    ///   highlighted feature outside the chosen layers or rows; `.shapeMismatch` when the
    ///   layers' `d_model` differ; `.conflict` for two SAEs of one layer; `.library` from LAPACK.
    /// - Complexity: O(n · d² + d³) for n rows of dimension d.
    public static func compute(
        _ saes: [LoadedSAE], sample: Int? = nil, seed: UInt64 = 0, highlight: [FeatureID] = []
    ) throws -> DecoderPCA {
        let saes = saes.sorted { $0.layer < $1.layer }
        guard let d = saes.first?.decoder.columns, d >= 2 else {
            throw SAEGraphError(.invalidArgument, "pca: needs at least one SAE with d_model of 2 or more")
        }
        for (a, b) in zip(saes, saes.dropFirst()) where a.layer == b.layer {
            throw SAEGraphError(.conflict, "pca: two SAEs for layer \(a.layer) (\(a.info.path), \(b.info.path))")
        }
        for sae in saes where sae.decoder.columns != d {
            throw SAEGraphError(
                .shapeMismatch,
                "pca: \(sae.info.path): d_model \(sae.decoder.columns), but layer \(saes[0].layer) has \(d): project layers of one model"
            )
        }
        for f in highlight
        where !saes.contains(where: { $0.layer == f.layer && f.index >= 0 && f.index < $0.decoder.rows }) {
            throw SAEGraphError(.invalidArgument, "--highlight \(f): not a feature of the chosen layers")
        }
        var features: [FeatureID] = []
        var values: [Float] = []
        var counts: [(Int, Int)] = []
        var random = SeededRandom(seed: seed)
        for sae in saes {
            let marked = Set(highlight.filter { $0.layer == sae.layer }.map(\.index))
            var rows: [Int] = []
            var norms: [Float] = []
            sae.decoder.withUnsafeValues { v in
                for r in 0..<sae.decoder.rows {
                    var sum: Float = 0
                    for c in 0..<d { sum += v[r * d + c] * v[r * d + c] }
                    if sum.isFinite && sum > 0 {
                        rows.append(r)
                        norms.append(sum.squareRoot())
                    }
                }
            }
            for f in marked where !rows.contains(f) {
                throw SAEGraphError(
                    .invalidArgument, "--highlight \(sae.layer):\(f): its decoder row is zero or not finite")
            }
            var keep = Array(rows.indices)
            if let sample, sample < rows.count {
                // Partial Fisher-Yates with the seeded generator, then back to index order.
                for i in 0..<sample {
                    let j = i + Int(random.next() % UInt64(keep.count - i))
                    keep.swapAt(i, j)
                }
                var chosen = Set(keep.prefix(sample))
                for (i, r) in rows.enumerated() where marked.contains(r) { chosen.insert(i) }
                keep = chosen.sorted()
            }
            sae.decoder.withUnsafeValues { v in
                for i in keep {
                    let r = rows[i]
                    for c in 0..<d { values.append(v[r * d + c] / norms[i]) }
                    features.append(FeatureID(layer: sae.layer, index: r))
                }
            }
            counts.append((sae.layer, keep.count))
        }
        let n = features.count
        guard n >= 3 else { throw SAEGraphError(.invalidArgument, "pca: \(n) usable decoder rows; need at least 3") }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for c in 0..<d { mean[c] += Double(values[i * d + c]) }
        }
        for c in 0..<d { mean[c] /= Double(n) }
        for i in 0..<n {
            for c in 0..<d { values[i * d + c] -= Float(mean[c]) }
        }
        let gram = BLAS.withSingleThreadedCalls {
            values.withUnsafeBufferPointer { BLAS.gram(rows: n, columns: d, $0.baseAddress!) }
        }
        let covariance = gram.map { $0 / Double(n - 1) }
        let eigen = try BLAS.symmetricEigen(covariance, dimension: d)
        let total = eigen.values.reduce(0, +)
        func component(_ j: Int) -> [Double] {
            var v = Array(eigen.vectors[(j * d)..<((j + 1) * d)])
            let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) || (abs(v[$0]) == abs(v[$1]) && $0 > $1) }!
            if v[largest] < 0 { v = v.map { -$0 } }
            return v
        }
        let pc1 = component(d - 1)
        let pc2 = component(d - 2)
        var points: [Point] = []
        points.reserveCapacity(n)
        for i in 0..<n {
            var x = 0.0
            var y = 0.0
            for c in 0..<d {
                x += Double(values[i * d + c]) * pc1[c]
                y += Double(values[i * d + c]) * pc2[c]
            }
            points.append(Point(feature: features[i], x: x, y: y))
        }
        let explained = total > 0 ? (eigen.values[d - 1] / total, eigen.values[d - 2] / total) : (0, 0)
        return DecoderPCA(
            points: points, layers: counts, explainedVariance: explained,
            highlighted: highlight.sorted())
    }
}
