@testable import SAEGraph

/// Brute-force Double reference for the similarity engine: every pair, `cos = dot / (|a||b|)`
/// with sums in index order.
package struct SimilarityReference {
    package var edges: [(source: Int32, target: Int32, similarity: Float)] = []
    package var nextIndex: [Int32]
    package var nextCosine: [Float]
    package var previousIndex: [Int32]
    package var previousCosine: [Float]

    package static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for k in a.indices {
            dot += Double(a[k]) * Double(b[k])
            na += Double(a[k]) * Double(a[k])
            nb += Double(b[k]) * Double(b[k])
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    package init(
        source: [[Float]], target: [[Float]], options: SimilarityOptions, excludedSource: Set<Int> = [],
        excludedTarget: Set<Int> = []
    ) {
        nextIndex = Array(repeating: -1, count: source.count)
        nextCosine = Array(repeating: .nan, count: source.count)
        previousIndex = Array(repeating: -1, count: target.count)
        previousCosine = Array(repeating: .nan, count: target.count)
        var colBest = [(Int, Double, Double)?](repeating: nil, count: target.count)
        for i in source.indices where !excludedSource.contains(i) {
            var row: [(j: Int, c: Double)] = []
            var best: (Int, Double, Double)? = nil
            for j in target.indices where !excludedTarget.contains(j) {
                let c = Self.cosine(source[i], target[j])
                let key = options.absolute ? abs(c) : c
                if key >= Double(options.threshold) { row.append((j, c)) }
                if best == nil || key > best!.2 { best = (j, c, key) }
                if colBest[j] == nil || key > colBest[j]!.2 { colBest[j] = (i, c, key) }
            }
            if let k = options.topK, row.count > k {
                row.sort {
                    let a = options.absolute ? abs($0.c) : $0.c
                    let b = options.absolute ? abs($1.c) : $1.c
                    return a != b ? a > b : $0.j < $1.j
                }
                row = Array(row.prefix(k)).sorted { $0.j < $1.j }
            }
            for e in row { edges.append((Int32(i), Int32(e.j), Float(e.c))) }
            if let best {
                nextIndex[i] = Int32(best.0)
                nextCosine[i] = Float(best.1)
            }
        }
        for (j, b) in colBest.enumerated() {
            if let b {
                previousIndex[j] = Int32(b.0)
                previousCosine[j] = Float(b.1)
            }
        }
    }

    /// True when `result` holds exactly these edges and best matches (NaN equals NaN).
    package func matches(_ r: PairSimilarityResult) -> Bool {
        func same(_ a: [Float], _ b: [Float]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        return r.edges.count == edges.count
            && zip(r.edges, edges).allSatisfy {
                $0.source == $1.source && $0.target == $1.target && $0.similarity == $1.similarity
            }
            && r.bestNextIndex == nextIndex && same(r.bestNextCosine, nextCosine)
            && r.bestPreviousIndex == previousIndex && same(r.bestPreviousCosine, previousCosine)
    }
}

/// Random rows in [-1, 1).
package func randomDecoderRows(_ count: Int, _ columns: Int, _ rng: inout SplitMix64) -> [[Float]] {
    (0..<count).map { _ in (0..<columns).map { _ in rng.nextSigned() } }
}

package func decoderMatrix(_ rows: [[Float]], columns: Int) -> DecoderMatrix {
    DecoderMatrix(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
}

/// A loaded SAE for `layer` whose decoder holds `rows`.
package func loadedSAE(layer: Int, rows: [[Float]], columns: Int) -> LoadedSAE {
    let info = SAEInfo(
        path: "/tmp/layer\(layer)", format: .npy, layer: layer, layerSource: "user", hookName: nil,
        tensorName: "W_dec", dtype: .f32, dModel: columns, dSAE: rows.count, transposed: false)
    return LoadedSAE(info: info, decoder: decoderMatrix(rows, columns: columns))
}
