import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct SimilarityGraphBuilderTests {
    private func sae(layer: Int, rows: [[Float]], columns: Int) -> LoadedSAE {
        loadedSAE(layer: layer, rows: rows, columns: columns)
    }

    @Test func buildsConsecutivePairsInLayerOrder() throws {
        var rng = SplitMix64(seed: 21)
        var rows = (0..<3).map { _ in randomDecoderRows(30, 8, &rng) }
        rows[1][3] = Array(repeating: 0, count: 8)
        rows[1][5][2] = .nan
        rows[2][0][0] = .infinity
        // Given out of order: 9, 6, 7.
        let saes = [
            sae(layer: 9, rows: rows[2], columns: 8), sae(layer: 6, rows: rows[0], columns: 8),
            sae(layer: 7, rows: rows[1], columns: 8),
        ]
        let options = SimilarityOptions(threshold: 0.4, topK: 3)
        let g = try SimilarityGraphBuilder.build(saes, options: options)
        #expect(g.layers == [6, 7, 9])
        #expect(g.featureCounts == [30, 30, 30])
        #expect(g.metadata.excludedRows == [7: [3, 5], 9: [0]])
        #expect(g.metadata.inputs.map(\.layer) == [6, 7, 9])
        #expect(g.metadata.rule.name == "threshold" && g.metadata.topK == 3 && g.metadata.threshold == 0.4)
        #expect(g.labels.isEmpty)
        let excluded: [Set<Int>] = [[], [3, 5], [0]]
        let best = try #require(g.bestMatches)
        for k in 0..<2 {
            let ref = SimilarityReference(
                source: rows[k], target: rows[k + 1], options: options,
                excludedSource: excluded[k], excludedTarget: excluded[k + 1])
            let edges = g.pairs[k].edges
            #expect(
                edges.map { [$0.source.index, $0.target.index] } == ref.edges.map { [Int($0.source), Int($0.target)] })
            #expect(edges.map(\.similarity) == ref.edges.map(\.similarity))
            #expect(best[k].nextIndex == ref.nextIndex)
            #expect(best[k + 1].previousIndex == ref.previousIndex)
        }
        #expect(best[0].previousIndex.allSatisfy { $0 == -1 } && best[0].previousCosine.allSatisfy(\.isNaN))
        #expect(best[2].nextIndex.allSatisfy { $0 == -1 })
        // Excluded rows: no edges, no best match of their own, never anyone's best match.
        #expect(best[1].nextIndex[3] == -1 && best[1].previousIndex[5] == -1 && best[2].previousIndex[0] == -1)
        #expect(!best[0].nextIndex.contains(3) && !best[0].nextIndex.contains(5) && !best[1].nextIndex.contains(0))
        #expect(
            g.successors(of: FeatureID(layer: 7, index: 3)).isEmpty
                && g.predecessors(of: FeatureID(layer: 7, index: 5)).isEmpty)
    }

    @Test func singleLayerHasNoPairs() throws {
        var rng = SplitMix64(seed: 2)
        let g = try SimilarityGraphBuilder.build(
            [sae(layer: 4, rows: randomDecoderRows(5, 3, &rng), columns: 3)], options: SimilarityOptions())
        #expect(g.layers == [4] && g.pairs.isEmpty && g.bestMatches?[0].nextIndex == [-1, -1, -1, -1, -1])
    }

    @Test func rejectsMismatchedAndDuplicateLayers() {
        var rng = SplitMix64(seed: 3)
        let a = sae(layer: 6, rows: randomDecoderRows(4, 3, &rng), columns: 3)
        let b = sae(layer: 7, rows: randomDecoderRows(4, 5, &rng), columns: 5)
        #expect { try SimilarityGraphBuilder.build([b, a], options: SimilarityOptions()) } throws: {
            let e = $0 as? SAEGraphError
            return e?.kind == .shapeMismatch && e!.message.contains("layer 6") && e!.message.contains("layer 7")
        }
        #expect { try SimilarityGraphBuilder.build([a, a], options: SimilarityOptions()) } throws: {
            ($0 as? SAEGraphError)?.kind == .conflict
        }
        #expect(throws: SAEGraphError.self) { try SimilarityGraphBuilder.build([], options: SimilarityOptions()) }
    }
}
