import SAEGraph
import SAEGraphTestSupport
import Testing

extension GraphFixtures {

    /// Expects every field of `b` to equal `a`'s (floats compared by bit pattern, so NaN == NaN).
    static func expectSame(_ a: LayeredGraph, _ b: LayeredGraph, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.layers == b.layers, sourceLocation: sourceLocation)
        #expect(a.featureCounts == b.featureCounts, sourceLocation: sourceLocation)
        #expect(a.nodes == b.nodes, sourceLocation: sourceLocation)
        #expect(a.pairs.count == b.pairs.count, sourceLocation: sourceLocation)
        for (p, q) in zip(a.pairs, b.pairs) {
            #expect(p.sourceLayer == q.sourceLayer && p.targetLayer == q.targetLayer, sourceLocation: sourceLocation)
            #expect(p.sourceCount == q.sourceCount && p.targetCount == q.targetCount, sourceLocation: sourceLocation)
            #expect(p.rowStart == q.rowStart && p.targets == q.targets, sourceLocation: sourceLocation)
            #expect(bits(p.similarities) == bits(q.similarities), sourceLocation: sourceLocation)
            #expect(bits(p.zScores) == bits(q.zScores), sourceLocation: sourceLocation)
            #expect(bits(p.pValues) == bits(q.pValues), sourceLocation: sourceLocation)
        }
        #expect((a.bestMatches == nil) == (b.bestMatches == nil), sourceLocation: sourceLocation)
        for (x, y) in zip(a.bestMatches ?? [], b.bestMatches ?? []) {
            #expect(x.nextIndex == y.nextIndex && x.previousIndex == y.previousIndex, sourceLocation: sourceLocation)
            #expect(bits(x.nextCosine) == bits(y.nextCosine), sourceLocation: sourceLocation)
            #expect(bits(x.previousCosine) == bits(y.previousCosine), sourceLocation: sourceLocation)
        }
        #expect(a.labels == b.labels, sourceLocation: sourceLocation)
        #expect(a.metadata.rule == b.metadata.rule, sourceLocation: sourceLocation)
        #expect(a.metadata.threshold.bitPattern == b.metadata.threshold.bitPattern, sourceLocation: sourceLocation)
        #expect(
            a.metadata.topK == b.metadata.topK && a.metadata.absolute == b.metadata.absolute,
            sourceLocation: sourceLocation)
        #expect(a.metadata.inputs == b.metadata.inputs, sourceLocation: sourceLocation)
        #expect(a.metadata.excludedRows == b.metadata.excludedRows, sourceLocation: sourceLocation)
        #expect(a.metadata.version == b.metadata.version, sourceLocation: sourceLocation)
        #expect(a.metadata.nullModel == b.metadata.nullModel, sourceLocation: sourceLocation)
        #expect(a.metadata.extra == b.metadata.extra, sourceLocation: sourceLocation)
    }
}
