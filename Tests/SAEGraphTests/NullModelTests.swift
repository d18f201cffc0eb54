import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct NullModelTests {
    private func rows(_ n: Int, _ d: Int, seed: UInt64) throws -> NormalizedRows {
        var rng = SplitMix64(seed: seed)
        return try NormalizedRows(decoderMatrix(randomDecoderRows(n, d, &rng), columns: d), excluded: [], what: "test")
    }

    @Test func isDeterministicPerSeedAndThreadCount() throws {
        let s = try rows(90, 24, seed: 1)
        let t = try rows(70, 24, seed: 2)
        let a = try #require(NullModel.compute(source: s, target: t, sampleRows: 40, seed: 7, threads: 1))
        let b = try #require(NullModel.compute(source: s, target: t, sampleRows: 40, seed: 7, threads: 3))
        let c = try #require(NullModel.compute(source: s, target: t, sampleRows: 40, seed: 8, threads: 1))
        #expect(a == b)
        #expect(a != c)
        #expect(a.sampleRows == 40 && a.targetRows == 70)
    }

    /// The null's sgemm calls depend on the work alone: OpenBLAS's Haswell/Zen kernels round a
    /// row's products differently with the call's shape, so calls grouped by thread count
    /// changed these figures with the threads on such CPUs.
    @Test func theThreadCountChangesNoBit() throws {
        let s = try rows(300, 24, seed: 1)
        let t = try rows(500, 24, seed: 2)
        // 200 rows: 7 blocks of 32 (the last of 8), one to a call; 16 blocks, four.
        #expect(NullModel.nullCallBlocks(blocks: 7) == 1)
        #expect(NullModel.nullCallBlocks(blocks: 16) == 4 && NullModel.nullCallBlocks(blocks: 1_000) == 4)
        let runs = try [1, 2, 4, 8].map { threads in
            try #require(
                NullModel.computeWithRows(
                    source: s, target: t, sampleRows: 200, seed: 7, threads: threads, neighbours: 3))
        }
        for r in runs.dropFirst() {
            #expect(r.summary == runs[0].summary)
            #expect(r.rows == runs[0].rows)
        }
        #expect(runs[0].rows.count == 200)
    }

    @Test func rotationKeepsTheSamplesGeometry() throws {
        var x: [Double] = [1, 0, 0, 1, 1, 0, 2, 2, 0]  // rank 2 in R^3
        let original = x
        let (r, rank) = NullModel.gramSchmidt(&x, rows: 3, columns: 3)
        #expect(rank == 2)
        // R · B reproduces the rows.
        for i in 0..<3 {
            for k in 0..<3 {
                let v = (0..<rank).reduce(0.0) { $0 + r[i * rank + $1] * x[$1 * 3 + k] }
                #expect(abs(v - original[i * 3 + k]) < 1e-12)
            }
        }
    }

    /// The row-by-row Gram–Schmidt the grouped one must equal bit for bit.
    static func referenceGramSchmidt(_ x: [Double], rows: Int, columns d: Int) -> (basis: [Double], r: [[Double]]) {
        var basis: [Double] = []
        var coefficients: [[Double]] = []
        for r in 0..<rows {
            var v = Array(x[(r * d)..<((r + 1) * d)])
            let original = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            var c: [Double] = []
            for b in 0..<(basis.count / d) {
                var dot = 0.0
                for k in 0..<d { dot += v[k] * basis[b * d + k] }
                for k in 0..<d { v[k] -= dot * basis[b * d + k] }
                c.append(dot)
            }
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if n > 1e-10 * max(original, 1e-300) {
                basis += v.map { $0 / n }
                c.append(n)
            }
            coefficients.append(c)
        }
        return (basis, coefficients)
    }

    /// The one-candidate-at-a-time random frame the grouped one must equal bit for bit.
    static func referenceFrame(rank: Int, columns d: Int, seed: UInt64) -> [Double] {
        var rng = SeededRandom(seed: seed)
        var frame = [Double](repeating: 0, count: rank * d)
        var filled = 0
        while filled < rank {
            var g = (0..<d).map { _ in rng.nextNormal() }
            for _ in 0..<2 {
                for b in 0..<filled {
                    var dot = 0.0
                    for k in 0..<d { dot += g[k] * frame[b * d + k] }
                    for k in 0..<d { g[k] -= dot * frame[b * d + k] }
                }
            }
            let n = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard n > 1e-8 else { continue }
            for k in 0..<d { frame[filled * d + k] = g[k] / n }
            filled += 1
        }
        return frame
    }

    @Test(arguments: [(1, 5), (7, 24), (8, 24), (21, 24), (30, 24), (19, 96)])
    func groupedGramSchmidtEqualsTheRowByRowOne(_ rows: Int, _ d: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 1000 + d))
        var x = (0..<(rows * d)).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
        // Rows in the span of earlier rows (within and across groups of eight), and a zero row.
        if rows > 9 {
            for k in 0..<d { x[9 * d + k] = 2 * x[2 * d + k] - x[5 * d + k] }
            for k in 0..<d { x[3 * d + k] = 0 }
        }
        let reference = Self.referenceGramSchmidt(x, rows: rows, columns: d)
        let (r, rank) = NullModel.gramSchmidt(&x, rows: rows, columns: d)
        #expect(rank == reference.basis.count / d && rank == min(rows - (rows > 9 ? 2 : 0), d))
        #expect(x.map(\.bitPattern) == reference.basis.map(\.bitPattern))
        for (i, c) in reference.r.enumerated() {
            #expect(r[(i * rank)..<(i * rank + c.count)].map(\.bitPattern) == c.map(\.bitPattern))
            #expect(r[(i * rank + c.count)..<((i + 1) * rank)].allSatisfy { $0 == 0 })
        }
        for rank in Set([0, 1, 8, 9, min(rows, d), d]) where rank <= d {
            let frame = NullModel.randomFrame(rank: rank, columns: d, seed: 11)
            #expect(frame.map(\.bitPattern) == Self.referenceFrame(rank: rank, columns: d, seed: 11).map(\.bitPattern))
        }
    }

    @Test func aFrameMadeAheadForALargerRankGivesTheSameNull() throws {
        let s = try rows(60, 24, seed: 5)
        let t = try rows(70, 24, seed: 6)
        // Ranks: the sample's 20 rows are independent, so 20; the frame ahead is made for 24.
        let longer = NullModel.randomFrame(rank: 24, columns: 24, seed: 9)
        #expect(Array(longer.prefix(20 * 24)) == NullModel.randomFrame(rank: 20, columns: 24, seed: 9))
        let own = try #require(
            NullModel.computeWithRows(source: s, target: t, sampleRows: 20, seed: 9, threads: 2, neighbours: 3))
        let ahead = try #require(
            NullModel.computeWithRows(
                source: s, target: t, sampleRows: 20, seed: 9, threads: 2, neighbours: 3, frame: longer))
        #expect(own.summary == ahead.summary && own.rows == ahead.rows)
        // The sample's Gram–Schmidt made ahead gives the same null too.
        let early = try #require(
            NullModel.computeWithRows(
                source: s, target: t, sampleRows: 20, seed: 9, threads: 2, neighbours: 3, frame: longer,
                sample: NullModel.sampleCoefficients(source: s, sampleRows: 20)))
        #expect(early.summary == own.summary && early.rows == own.rows)
        let otherRows = try rows(60, 24, seed: 77)
        let otherSample = try #require(
            NullModel.computeWithRows(
                source: s, target: t, sampleRows: 20, seed: 9, threads: 2, neighbours: 3, frame: longer,
                sample: NullModel.sampleCoefficients(source: otherRows, sampleRows: 20)))
        #expect(otherSample.summary != own.summary)  // and the sample given is used
        // A frame of another seed changes the null: the frame is used.
        let other = try #require(
            NullModel.computeWithRows(
                source: s, target: t, sampleRows: 20, seed: 9, threads: 2, neighbours: 3,
                frame: NullModel.randomFrame(rank: 24, columns: 24, seed: 10)))
        #expect(other.summary != own.summary)
    }

    @Test func fitsTheSphereOnIsotropicInput() throws {
        let d = 32
        let s = try rows(300, d, seed: 3)
        let t = try rows(400, d, seed: 4)
        let n = try #require(NullModel.compute(source: s, target: t, sampleRows: 200, seed: 0, threads: 2))
        // Uniform directions: E[cos] = 0, E[cos²] = 1/d. Random rows in a cube are close.
        #expect(abs(n.mean) < 0.01)
        #expect(abs(n.effectiveDimension - d) <= 4)
        #expect(n.cosineQuantiles == n.cosineQuantiles.sorted() && n.bestQuantiles == n.bestQuantiles.sorted())
        #expect(n.bestQuantiles[3] > n.cosineQuantiles[5])
    }

    @Test func zAndPAreMonotone() throws {
        let n = NullSummary(
            sampleRows: 10, targetRows: 1000, mean: 0.01, standardDeviation: 0.05, effectiveDimension: 400,
            cosineQuantiles: [], bestQuantiles: [])
        let xs = stride(from: -1.0, through: 1.0, by: 0.05).map { $0 }
        let z = xs.map(n.zScore)
        let p = xs.map { n.pValue($0) }
        #expect(zip(z, z.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(p, p.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(p.first == 1 && p.last == 0)
        #expect(abs(n.zScore(0.11) - 2) < 1e-12)
        // p(c) is the tail of the best of 1000: matches 1 − F(c)^1000 of the sphere model.
        let single = try RandomBaseline(dimension: 400, count: 1)
        #expect(abs(n.pValue(0.15) - (1 - pow(single.cdf(0.15), 1000))) < 1e-9)
    }

    @Test func recordRoundTripsThroughGraphAttributes() throws {
        let s = NullSummary(
            sampleRows: 4, targetRows: 9, mean: 0.001, standardDeviation: 0.2, effectiveDimension: 25,
            cosineQuantiles: [-0.5, 0, 0.5], bestQuantiles: [0.1, 0.2, 0.3])
        let record = NullModelRecord(
            options: NullModelOptions(sampleRows: 4, seed: 3), layers: [6, 7, 8], summaries: [s, nil],
            cutoffs: [0.4, nil])
        var g = LayeredGraph(layers: [6], featureCounts: [1], pairs: [])
        g.metadata.nullModel = record
        #expect(try GraphFile.decode(GraphFile.encode(g), name: "g").metadata.nullModel == record)
        #expect(try NullModelRecord(json: record.json) == record)
        #expect(throws: SAEGraphError.self) {
            try NullModelRecord(json: .object([("pairs", .object([("x", .int(1))]))]))
        }
        let text = String(decoding: GraphFile.encode(g), as: UTF8.self)
        let bad = text.replacingOccurrences(
            of: "\"null_model\": {", with: "\"null_model\": {\"pairs\": {\"x\": 1}}, \"ignored\": {")
        #expect(bad != text)
        #expect(throws: SAEGraphError.self) { try GraphFile.decode(Data(bad.utf8), name: "g") }
    }
}
