import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

struct DecoderPCATests {
    /// Rows with most spread along axis 0, less along axis 1, little elsewhere; a zero row.
    static func saes() -> [LoadedSAE] {
        var rng = SplitMix64(seed: 7)
        let d = 6
        func rows(_ n: Int, shift: Float) -> [[Float]] {
            (0..<n).map { _ in
                (0..<d).map { c in
                    let scale: Float = c == 0 ? 3 : (c == 1 ? 1.5 : 0.3)
                    return scale * rng.nextSigned() + (c == 2 ? shift : 0)
                }
            }
        }
        var a = rows(40, shift: 1)
        a[5] = [Float](repeating: 0, count: d)
        return [loadedSAE(layer: 4, rows: rows(50, shift: -1), columns: d), loadedSAE(layer: 3, rows: a, columns: d)]
    }

    /// The same pipeline in double precision, with power iteration for the two leading
    /// eigenvectors of the covariance.
    static func reference(_ saes: [LoadedSAE]) -> (points: [FeatureID: (Double, Double)], explained: (Double, Double)) {
        var ids: [FeatureID] = []
        var xs: [[Double]] = []
        for sae in saes.sorted(by: { $0.layer < $1.layer }) {
            for r in 0..<sae.decoder.rows {
                let row = sae.decoder.row(r).map(Double.init)
                let norm = row.map { $0 * $0 }.reduce(0, +).squareRoot()
                guard norm > 0 else { continue }
                ids.append(FeatureID(layer: sae.layer, index: r))
                xs.append(row.map { $0 / norm })
            }
        }
        let d = xs[0].count
        let mean = (0..<d).map { c in xs.map { $0[c] }.reduce(0, +) / Double(xs.count) }
        let centred = xs.map { row in (0..<d).map { row[$0] - mean[$0] } }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for row in centred {
            for i in 0..<d { for j in 0..<d { cov[i][j] += row[i] * row[j] / Double(xs.count - 1) } }
        }
        func top(_ m: [[Double]]) -> (Double, [Double]) {
            var v = [Double](repeating: 1, count: d)
            var lambda = 0.0
            for _ in 0..<5000 {
                let w = (0..<d).map { i in (0..<d).map { m[i][$0] * v[$0] }.reduce(0, +) }
                lambda = w.map { $0 * $0 }.reduce(0, +).squareRoot()
                v = w.map { $0 / lambda }
            }
            let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
            return (lambda, v[largest] < 0 ? v.map { -$0 } : v)
        }
        let (l1, v1) = top(cov)
        let deflated = (0..<d).map { i in (0..<d).map { cov[i][$0] - l1 * v1[i] * v1[$0] } }
        let (l2, v2) = top(deflated)
        let trace = (0..<d).map { cov[$0][$0] }.reduce(0, +)
        var points: [FeatureID: (Double, Double)] = [:]
        for (k, row) in centred.enumerated() {
            points[ids[k]] = (zip(row, v1).map(*).reduce(0, +), zip(row, v2).map(*).reduce(0, +))
        }
        return (points, (l1 / trace, l2 / trace))
    }

    @Test func matchesADoublePrecisionReference() throws {
        let pca = try DecoderPCA.compute(Self.saes(), highlight: [FeatureID(layer: 4, index: 3)])
        let ref = Self.reference(Self.saes())
        #expect(pca.points.count == 89 && ref.points.count == 89)
        #expect(pca.layers.map(\.layer) == [3, 4] && pca.layers.map(\.count) == [39, 50])
        #expect(abs(pca.explainedVariance.0 - ref.explained.0) < 1e-4)
        #expect(abs(pca.explainedVariance.1 - ref.explained.1) < 1e-4)
        #expect(pca.explainedVariance.0 > pca.explainedVariance.1)
        for p in pca.points {
            let r = ref.points[p.feature]!
            #expect(abs(p.x - r.0) < 1e-4 && abs(p.y - r.1) < 1e-4, "\(p.feature)")
        }
        #expect(pca.points.map(\.feature) == pca.points.map(\.feature).sorted())
    }

    @Test func sampleKeepsHighlightedRowsAndIsReproducible() throws {
        let marked = [FeatureID(layer: 3, index: 39)]
        let a = try DecoderPCA.compute(Self.saes(), sample: 10, seed: 3, highlight: marked)
        let b = try DecoderPCA.compute(Self.saes(), sample: 10, seed: 3, highlight: marked)
        #expect(a.points == b.points)
        #expect(a.layers.map(\.count) == [11, 10] || a.layers.map(\.count) == [10, 10])
        #expect(a.points.contains { $0.feature == marked[0] })
        #expect(PCAPlot.svg(a) == PCAPlot.svg(b))
    }

    @Test func refusesBadInput() {
        #expect(throws: SAEGraphError.self) {
            try DecoderPCA.compute(Self.saes(), highlight: [FeatureID(layer: 3, index: 5)])  // the zero row
        }
        #expect(throws: SAEGraphError.self) {
            try DecoderPCA.compute(Self.saes(), highlight: [FeatureID(layer: 9, index: 0)])
        }
        let mixed = [Self.saes()[0], loadedSAE(layer: 5, rows: [[1, 0], [0, 1], [1, 1]], columns: 2)]
        #expect(throws: SAEGraphError.self) { try DecoderPCA.compute(mixed) }
        #expect(throws: SAEGraphError.self) { try PCAPlot.write(try DecoderPCA.compute(Self.saes()), to: "/tmp/p.jpg") }
    }

    @Test func svgHasLegendAxesAndHighlights() throws {
        let pca = try DecoderPCA.compute(Self.saes(), highlight: [FeatureID(layer: 4, index: 3)])
        let svg = PCAPlot.svg(pca)
        #expect(svg.contains("PC1 (") && svg.contains("% of variance)</text>"))
        #expect(svg.contains(">3 (39)</text>") && svg.contains(">4 (50)</text>"))
        #expect(svg.contains(">4:3</text>"))
        // 89 points, one ring, two layer keys and the key of the ring.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 89 + 1 + 2 + 1)
        #expect(svg.contains(">highlighted</text>"))
    }
}
