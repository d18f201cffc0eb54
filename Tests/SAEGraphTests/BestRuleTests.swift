import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The `best` rule against a brute-force Double reference: each row's and column's `k`
/// nearest rows, CSLS confidences, the kept edges, and that none of it depends on the kernel,
/// thread count or tile height.
@Suite struct BestRuleTests {
    /// Three layers sharing directions (so real matches exist), with exact ties (duplicated
    /// rows) and a zero row.
    static func layers(seed: UInt64, count: Int = 60, d: Int = 24) -> [[[Float]]] {
        var rng = SplitMix64(seed: seed)
        let base = randomDecoderRows(15, d, &rng)
        var layers: [[[Float]]] = []
        for l in 0..<3 {
            var rows: [[Float]] = []
            for i in 0..<count {
                let noise: [Float] = randomDecoderRows(1, d, &rng)[0]
                let shared: [Float] = base[(i * 7 + l) % 15]
                rows.append((0..<d).map { shared[$0] + 0.6 * noise[$0] })
            }
            layers.append(rows)
        }
        layers[0][40] = layers[0][3]  // source tie
        layers[1][30] = layers[1][5]  // target tie, and a source tie for the next pair
        layers[1][31] = layers[1][5]
        layers[2][9] = Array(repeating: 0, count: d)  // zero row, excluded
        return layers
    }

    /// The `k` nearest of row `i` of `a` among the rows of `b` by brute force, ordered by
    /// cosine descending, ties by lower index (rows in `skip` left out).
    static func nearest(_ a: [Float], _ b: [[Float]], k: Int, skip: Set<Int>) -> [(Int32, Float)] {
        let all = b.indices.filter { !skip.contains($0) }.map {
            (Int32($0), Float(SimilarityReference.cosine(a, b[$0])))
        }
        return Array(all.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k))
    }

    @Test(arguments: [1, 4, 10], [1, 7, 256])
    func neighbourhoodsMatchTheDoubleReference(k: Int, tileRows: Int) throws {
        let l = Self.layers(seed: UInt64(k * 31 + tileRows))
        let (s, t) = (l[1], l[2])
        let options = SimilarityOptions(threshold: 2, threads: 3, precision: .fp32)
        var engine = options
        engine.neighbours = k
        for kernel in CandidateKernel.allCases where kernel.isAvailable {
            let r = try PairSimilarity.compute(
                source: decoderMatrix(s, columns: 24), target: decoderMatrix(t, columns: 24), options: engine,
                excludedSource: [], excludedTarget: [9], progress: nil, stage: "test", tileRows: tileRows,
                kernel: kernel)
            let next = try #require(r.nextNeighbours)
            let previous = try #require(r.previousNeighbours)
            for i in s.indices {
                let expected = Self.nearest(s[i], t, k: k, skip: [9])
                #expect(next.list(i).map(\.index) == expected.map(\.0), "row \(i), \(kernel)")
                #expect(next.list(i).map(\.cosine) == expected.map(\.1))
                #expect(r.bestNextIndex[i] == expected[0].0)
            }
            for j in t.indices {
                let expected = j == 9 ? [] : Self.nearest(t[j], s, k: k, skip: [])
                #expect(previous.list(j).map(\.index) == expected.map(\.0), "column \(j), \(kernel)")
                #expect(previous.list(j).map(\.cosine) == expected.map(\.1))
            }
            // Source rows 30 and 31 duplicate row 5: every column lists the lowest first.
            #expect(previous.list(0).filter { [5, 30, 31].contains($0.index) }.map(\.index).isSorted)
        }
    }

    /// Rows crowded around three directions: a coarse pass leaves each row far more near-tie
    /// candidates than one refinement batch, so most rows stop refining early; the lists
    /// still equal the Double reference under every kernel.
    @Test(arguments: [1, 10], [2, 3])
    func crowdedNeighbourhoodsMatchTheDoubleReference(k: Int, threads: Int) throws {
        var rng = SplitMix64(seed: UInt64(k + 90))
        let d = 32
        let base = randomDecoderRows(3, d, &rng)
        func layer(_ count: Int) -> [[Float]] {
            (0..<count).map { i in
                let noise = randomDecoderRows(1, d, &rng)[0]
                return (0..<d).map { base[i % 3][$0] + 0.25 * noise[$0] }
            }
        }
        let (s, t) = (layer(40), layer(600))
        // Workers of 8-row tiles: the columns' bounds are pooled after every tile (two workers
        // and more take different ways).
        var engine = SimilarityOptions(threshold: 2, threads: threads)
        engine.neighbours = k
        for kernel in CandidateKernel.allCases where kernel.isAvailable {
            let r = try PairSimilarity.compute(
                source: decoderMatrix(s, columns: d), target: decoderMatrix(t, columns: d), options: engine,
                excludedSource: [], excludedTarget: [], progress: nil, stage: "test", tileRows: 8, kernel: kernel)
            let next = try #require(r.nextNeighbours)
            for i in s.indices {
                let expected = Self.nearest(s[i], t, k: k, skip: [])
                #expect(next.list(i).map(\.index) == expected.map(\.0), "row \(i), \(kernel)")
                #expect(next.list(i).map(\.cosine) == expected.map(\.1))
            }
            let previous = try #require(r.previousNeighbours)
            for j in t.indices {
                let expected = Self.nearest(t[j], s, k: k, skip: [])
                #expect(previous.list(j).map(\.index) == expected.map(\.0), "column \(j), \(kernel)")
                #expect(previous.list(j).map(\.cosine) == expected.map(\.1))
            }
        }
    }

    /// With `absolute`, lists rank by `|cos|` (cosines kept signed); every kernel, including the
    /// coarse ones whose per-pair margins and seeded column bounds apply to `|g|`.
    @Test(arguments: [1, 4])
    func absoluteNeighbourhoodsMatchTheDoubleReference(k: Int) throws {
        let l = Self.layers(seed: UInt64(k * 17 + 5))
        // Half the targets flipped, so that anti-aligned rows compete with aligned ones.
        let (s, t) = (l[1], l[2].enumerated().map { $0.offset % 2 == 0 ? $0.element.map { -$0 } : $0.element })
        func nearest(_ a: [Float], _ b: [[Float]], skip: Int? = nil) -> [(Int32, Float)] {
            let all = b.indices.filter { $0 != skip }.map { (Int32($0), Float(SimilarityReference.cosine(a, b[$0]))) }
            return Array(all.sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }.prefix(k))
        }
        var engine = SimilarityOptions(threshold: 2, absolute: true, threads: 2)
        engine.neighbours = k
        for kernel in CandidateKernel.allCases where kernel.isAvailable {
            let r = try PairSimilarity.compute(
                source: decoderMatrix(s, columns: 24), target: decoderMatrix(t, columns: 24), options: engine,
                excludedSource: [], excludedTarget: [9], progress: nil, stage: "test", tileRows: 7, kernel: kernel)
            let next = try #require(r.nextNeighbours)
            let previous = try #require(r.previousNeighbours)
            for i in s.indices {
                let expected = nearest(s[i], t, skip: 9)
                #expect(next.list(i).map(\.index) == expected.map(\.0), "row \(i), \(kernel)")
                #expect(next.list(i).map(\.cosine) == expected.map(\.1))
            }
            for j in t.indices where j != 9 {
                let expected = nearest(t[j], s)
                #expect(previous.list(j).map(\.index) == expected.map(\.0), "column \(j), \(kernel)")
                #expect(r.bestPreviousIndex[j] == expected[0].0)
            }
        }
    }

    @Test func confidencesAndEdgesMatchTheDoubleReference() throws {
        let l = Self.layers(seed: 3)
        let saes = l.enumerated().map { loadedSAE(layer: $0.offset + 2, rows: $0.element, columns: 24) }
        let k = 5
        let rule = EdgeRule.best(k: k, alpha: 0.01, coverage: 0.6)
        let graph = try SimilarityGraphBuilder.build(
            saes, rule: rule, options: SimilarityOptions(threads: 2), nullModel: NullModelOptions(sampleRows: 20))
        for p in 0..<2 {
            let (s, t) = (l[p], l[p + 1])
            let skipTarget: Set<Int> = p == 1 ? [9] : []
            let skipSource: Set<Int> = p == 2 ? [9] : []
            var confidence: [Int: (Int32, Float, Float)] = [:]
            for i in s.indices where !skipSource.contains(i) {
                let row = Self.nearest(s[i], t, k: t.count, skip: skipTarget)
                let rSource = row.prefix(k).reduce(0.0) { $0 + Double($1.1) } / Double(min(k, row.count))
                let j = Int(row[0].0)
                let column = Self.nearest(t[j], s, k: k, skip: skipSource)
                let rTarget = column.reduce(0.0) { $0 + Double($1.1) } / Double(column.count)
                let rank = column.firstIndex { $0.0 == Int32(i) }.map { Float($0 + 1) } ?? .nan
                confidence[i] = (row[0].0, CSLS.score(Double(row[0].1), rSource: rSource, rTarget: rTarget), rank)
            }
            // Coverage 0.6: the best matches of the top 60 % of sources by confidence.
            let sorted = confidence.values.map(\.1).sorted(by: >)
            let cutoff = sorted[Int((0.6 * Double(s.count)).rounded(.up)) - 1]
            let pair = graph.pairs[p]
            var got: [Int: (Int32, Float, Float)] = [:]
            for i in 0..<pair.sourceCount {
                for e in pair.outgoing(i) {
                    got[i] = (pair.targets[e], pair.confidences![e], pair.columnRanks![e])
                    #expect(pair.rowRanks![e] == 1)
                }
            }
            let expected = confidence.filter { $0.value.1 >= cutoff }
            #expect(Set(got.keys) == Set(expected.keys), "pair \(p)")
            for (i, g) in got {
                let e = try #require(expected[i])
                #expect(g.0 == e.0 && g.1 == e.1 && (g.2 == e.2 || (g.2.isNaN && e.2.isNaN)), "pair \(p) source \(i)")
            }
        }
        let record = try #require(graph.metadata.nullModel)
        #expect(record.pairs.values.allSatisfy { $0.summary.csls != nil && $0.cutoff != nil })
        // The graph file carries every per-edge value and reads back the same.
        let back = try GraphFile.decode(GraphFile.encode(graph), name: "best.json")
        GraphFixtures.expectSame(back, graph)
        #expect(back.pairs[0].confidences == graph.pairs[0].confidences)
        #expect(back.pairs[1].columnRanks?.count == graph.pairs[1].edgeCount)
        #expect(back.metadata.rule == GraphRule.built(rule))
    }

    @Test func graphFileBytesDoNotDependOnKernelThreadsOrTiles() throws {
        let l = Self.layers(seed: 8, count: 90)
        let saes = l.enumerated().map { loadedSAE(layer: $0.offset + 4, rows: $0.element, columns: 24) }
        var files: Set<Data> = []
        var edges = 0
        for precision in SimilarityPrecision.allCases where precision != .bf16 || ReducedPrecisionKernel.isAvailable {
            if precision == .int8 && !Int8Kernel.hasAny { continue }
            for threads in [1, 3] {
                let graph = try SimilarityGraphBuilder.build(
                    saes, rule: .standard, options: SimilarityOptions(threads: threads, precision: precision),
                    nullModel: nil)
                edges = graph.edgeCount
                files.insert(GraphFile.encode(graph))
            }
        }
        #expect(files.count == 1 && edges > 0)
    }

    @Test func aRotatedLaterLayerGetsAlmostNoLinks() throws {
        // A layer and an exact random rotation of it: same geometry, no alignment.
        var rng = SplitMix64(seed: 21)
        let d = 48
        let n = 400
        let a = randomDecoderRows(n, d, &rng).map { row in row.map { $0 * $0 * $0 } }  // heavier-tailed rows
        let q = randomRotation(d, &rng)
        let b = a.map { row in (0..<d).map { r in (0..<d).reduce(Float(0)) { $0 + q[r][$1] * row[$1] } } }
        let saes = [loadedSAE(layer: 0, rows: a, columns: d), loadedSAE(layer: 1, rows: b, columns: d)]
        let graph = try SimilarityGraphBuilder.build(
            saes, rule: .standard, options: SimilarityOptions(), nullModel: nil)
        #expect(Double(graph.edgeCount) <= 0.02 * Double(n))
        // The same layer unrotated links nearly every feature to itself.
        let same = try SimilarityGraphBuilder.build(
            [saes[0], loadedSAE(layer: 1, rows: a, columns: d)], rule: .standard, options: SimilarityOptions(),
            nullModel: nil)
        #expect(Double(same.edgeCount) >= 0.9 * Double(n))
    }

    @Test func rejectsBadParameters() {
        for rule in [
            EdgeRule.best(k: 0, alpha: 0.01, coverage: nil), .best(k: 10, alpha: 0, coverage: nil),
            .best(k: 10, alpha: 0.01, coverage: 1.5),
        ] {
            #expect(throws: SAEGraphError.self) { try rule.validate() }
        }
        #expect(EdgeRule(name: "best", parameters: EdgeRule.standard.parameters) == .standard)
    }
}

/// A random `d × d` orthogonal matrix (Gram–Schmidt of random rows).
func randomRotation(_ d: Int, _ rng: inout SplitMix64) -> [[Float]] {
    var rows: [[Double]] = []
    while rows.count < d {
        var v = (0..<d).map { _ in
            Double(randomDecoderRows(1, 1, &rng)[0][0]) + Double(randomDecoderRows(1, 1, &rng)[0][0])
        }
        for r in rows {
            let dot = zip(v, r).reduce(0) { $0 + $1.0 * $1.1 }
            v = zip(v, r).map { $0 - dot * $1 }
        }
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if n > 1e-6 { rows.append(v.map { $0 / n }) }
    }
    return rows.map { $0.map(Float.init) }
}

extension Array where Element: Comparable {
    fileprivate var isSorted: Bool { zip(self, dropFirst()).allSatisfy { $0 <= $1 } }
}
