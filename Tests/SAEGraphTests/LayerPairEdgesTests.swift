import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct LayerPairEdgesTests {
    @Test func compressedRowsMatchEdgeList() {
        var rng = SplitMix64(seed: 7)
        var list: [(source: Int32, target: Int32, similarity: Float)] = []
        for _ in 0..<400 {
            list.append((Int32(rng.next() % 50), Int32(rng.next() % 40), Float(rng.next() % 1000) / 1000))
        }
        let p = LayerPairEdges(sourceLayer: 3, targetLayer: 4, sourceCount: 50, targetCount: 40, edges: list)
        // Reference: first occurrence of each (source, target), sorted.
        var seen = Set<[Int32]>()
        var ref: [(Int32, Int32, Float)] = []
        for e in list where seen.insert([e.source, e.target]).inserted {
            ref.append((e.source, e.target, e.similarity))
        }
        ref.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(p.edgeCount == ref.count)
        let edges = p.edges
        for (a, b) in zip(edges, ref) {
            #expect(a.source == FeatureID(layer: 3, index: Int(b.0)))
            #expect(a.target == FeatureID(layer: 4, index: Int(b.1)))
            #expect(a.similarity == b.2)
        }
        for t in 0..<40 {
            let incoming = p.incoming(t).map { p.source(ofEdge: $0) }
            let expected = ref.filter { $0.1 == Int32(t) }.map { Int($0.0) }
            #expect(incoming == expected)
            #expect(p.inDegree(t) == expected.count)
        }
        for s in 0..<50 {
            #expect(p.outDegree(s) == ref.filter { $0.0 == Int32(s) }.count)
        }
    }

    /// Columns already ordered by (source, target) give the arrays the edge list gives.
    @Test(arguments: [0, 1, 400])
    func ascendingColumnsGiveTheSameArrays(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 3)
        var list: [(source: Int32, target: Int32, similarity: Float)] = []
        for _ in 0..<count {
            list.append((Int32(rng.next() % 50), Int32(rng.next() % 40), Float(rng.next() % 1000) / 1000))
        }
        let reference = LayerPairEdges(sourceLayer: 3, targetLayer: 4, sourceCount: 50, targetCount: 40, edges: list)
        let edges = reference.edges
        let columns = LayerPairEdges(
            sourceLayer: 3, targetLayer: 4, sourceCount: 50, targetCount: 40,
            ascendingSources: edges.map { Int32($0.source.index) }, targets: edges.map { Int32($0.target.index) },
            similarities: edges.map(\.similarity))
        #expect(columns == reference)
        #expect(columns.edgeCount == Set(list.map { [$0.source, $0.target] }).count)
    }
}

@Suite struct RowHealthTests {
    @Test func findsZeroAndNonFiniteRows() {
        var values = [Float](repeating: 0.5, count: 6 * 3)
        for c in 0..<3 { values[1 * 3 + c] = 0 }
        values[3 * 3 + 1] = .nan
        values[4 * 3 + 2] = -.infinity
        values[5 * 3 + 0] = 0  // partly zero is fine
        let h = DecoderMatrix(rows: 6, columns: 3, values: values).rowHealth()
        #expect(h.zero == [1])
        #expect(h.nonFinite == [3, 4])
        #expect(h.excluded == [1, 3, 4])
        #expect(h.summary == "1 zero (1), 2 non-finite (3, 4)")
    }

    @Test(arguments: [1, 2, 3, 16])
    func threadedScanEqualsTheSerialOne(_ threads: Int) {
        // 5,000 rows: several pieces; excluded rows at piece edges and in between.
        let (rows, columns) = (5000, 4)
        var values = [Float](repeating: 0.25, count: rows * columns)
        for r in [0, 1023, 1024, 2499, 2500, 4999] { for c in 0..<columns { values[r * columns + c] = 0 } }
        for r in [1, 1250, 3750, 4998] { values[r * columns + 2] = .nan }
        values[3000 * columns] = .infinity
        let m = DecoderMatrix(rows: rows, columns: columns, values: values)
        let h = m.rowHealth(threads: threads)
        #expect(h == m.rowHealth())
        #expect(h.zero == [0, 1023, 1024, 2499, 2500, 4999] && h.nonFinite == [1, 1250, 3000, 3750, 4998])
    }
}
