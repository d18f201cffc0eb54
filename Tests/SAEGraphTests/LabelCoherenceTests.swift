import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// A random graph whose nodes carry labels drawn from a few words (some nodes unlabelled).
func labelledRandomGraph(seed: UInt64, maxFeatures: Int = 16) -> LayeredGraph {
    var g = RandomGraphs.make(seed: seed, layers: [0, 1, 2, 3], maxFeatures: maxFeatures, density: 0.5)
    var rng = SplitMix64(seed: seed ^ 0xABCD)
    let words = ["dates", "locations", "money", "finance", "sports", "music", "food", "cities"]
    var labels = LabelStore()
    for (k, layer) in g.layers.enumerated() {
        for i in 0..<g.featureCounts[k] where rng.next() % 5 != 0 {
            let a = words[Int(rng.next() % 8)]
            let b = words[Int(rng.next() % 8)]
            labels.set("\(a) and \(b)", for: FeatureID(layer: layer, index: i))
        }
    }
    g.labels = labels
    return g
}

/// Every adjacent-layer pair of labelled nodes, in layer, source, target order (brute force).
func labelledNodePairs(_ g: LayeredGraph) -> [[FeatureID]] {
    var pairs: [[FeatureID]] = []
    for k in g.pairs.indices {
        for s in g.nodes[k] {
            for t in g.nodes[k + 1] {
                let a = FeatureID(layer: g.layers[k], index: Int(s))
                let b = FeatureID(layer: g.layers[k + 1], index: Int(t))
                if g.labels.contains(a) && g.labels.contains(b) { pairs.append([a, b]) }
            }
        }
    }
    return pairs
}

@Suite struct LabelCoherenceTests {
    static let f = (0..<6).map { FeatureID(layer: $0, index: 7) }

    static func small() -> LabelCoherence {
        LabelCoherence(
            labels: LabelStore(labels: [
                f[0]: "dates and locations",
                f[1]: "mentions of dates and locations",
                f[2]: "words related to Irish culture",
                f[3]: "mentions of the state of Wyoming",
                f[4]: " \t ",  // nothing to compare
            ]), lowCoherence: 0.1)
    }

    @Test func missingOrBlankLabelsGiveNil() throws {
        let c = Self.small()
        #expect(try #require(c.similarity(Self.f[0], Self.f[1])) > 0.6)
        #expect(try #require(c.similarity(Self.f[2], Self.f[3])) < 0.1)
        #expect(c.similarity(Self.f[0], Self.f[0]).map { abs($0 - 1) < 1e-12 } == true)
        #expect(c.similarity(Self.f[0], Self.f[1]) == c.similarity(Self.f[1], Self.f[0]))
        #expect(c.similarity(Self.f[0], Self.f[5]) == nil)
        #expect(c.similarity(Self.f[0], Self.f[4]) == nil)
        #expect(c.similarity(Self.f[4], Self.f[4]) == nil)
        #expect(c.measureName == "char 3-5-gram TF-IDF")
    }

    @Test func chainCoherenceAveragesDefinedHops() throws {
        let c = Self.small()
        let hops = (0..<3).map { c.similarity(Self.f[$0], Self.f[$0 + 1])! }
        // Hops 3-4 and 4-5 have no value.
        #expect(try #require(c.chainCoherence(Self.f)) == hops.reduce(0, +) / 3)
        #expect(c.chainCoherence([Self.f[0]]) == nil)
        #expect(c.chainCoherence([]) == nil)
        #expect(c.chainCoherence([Self.f[4], Self.f[5]]) == nil)
    }

    @Test func disagreementNeedsStrongEdgeAndDifferentLabels() {
        let c = Self.small()
        #expect(c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.9))
        #expect(c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.7))  // inclusive
        #expect(!c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.699))
        #expect(!c.isDisagreement(Self.f[2], Self.f[3], similarity: .nan))
        #expect(!c.isDisagreement(Self.f[0], Self.f[1], similarity: 0.95))  // labels agree
        #expect(!c.isDisagreement(Self.f[3], Self.f[5], similarity: 0.95))  // label missing
        var strict = c
        strict.highCosine = 0.95
        #expect(!strict.isDisagreement(Self.f[2], Self.f[3], similarity: 0.9))
        var none = c
        none.lowCoherence = nil
        #expect(!none.isDisagreement(Self.f[2], Self.f[3], similarity: 0.9))
    }

    @Test func disagreementsInGraphAreSortedByCosine() {
        let labels = LabelStore(labels: [
            FeatureID(layer: 6, index: 0): "Irish culture", FeatureID(layer: 6, index: 1): "dates",
            FeatureID(layer: 6, index: 2): "football", FeatureID(layer: 7, index: 0): "state of Wyoming",
            FeatureID(layer: 7, index: 1): "dates and times", FeatureID(layer: 7, index: 2): "cooking",
        ])
        let pair = LayerPairEdges(
            sourceLayer: 6, targetLayer: 7, sourceCount: 3, targetCount: 3,
            edges: [(0, 0, 0.9), (1, 1, 0.95), (2, 2, 0.8), (2, 0, 0.6), (0, 2, 0.8)])
        let graph = LayeredGraph(layers: [6, 7], featureCounts: [3, 3], pairs: [pair], labels: labels)
        let flagged = LabelCoherence(labels: labels, lowCoherence: 0.1).disagreements(in: graph)
        #expect(flagged.map { [$0.source.index, $0.target.index] } == [[0, 0], [0, 2], [2, 2]])
    }

    /// The cut-off is the 2.5th percentile of the similarity of every labelled adjacent-layer
    /// pair (the graph has fewer than 2,000, so the sample is exhaustive).
    @Test(arguments: [1, 2, 3] as [UInt64]) func cutoffIsCalibratedOnRandomPairs(seed: UInt64) throws {
        let g = labelledRandomGraph(seed: seed)
        let c = try #require(LabelCoherence(graph: g))
        #expect(c.sample.isExhaustive && c.isCalibrated)
        var all: [Double] = []
        for (k, pair) in g.pairs.enumerated() {
            for s in g.nodes[k] {
                for t in g.nodes[k + 1] {
                    let a = FeatureID(layer: pair.sourceLayer, index: Int(s))
                    let b = FeatureID(layer: pair.targetLayer, index: Int(t))
                    if let v = c.similarity(a, b) { all.append(v) }
                }
            }
        }
        #expect(c.randomSimilarities == all)
        // The sample is every adjacent-layer pair of labelled nodes, in layer, source, target order.
        #expect(zip(c.sample.sources, c.sample.targets).map { [$0, $1] } == labelledNodePairs(g))
        #expect(c.lowCoherence == GraphStatistics.quantile(sorted: all.sorted(), 0.025))
        #expect(c.cutoffDescription?.contains("2.5th percentile of \(all.count) random adjacent-layer") == true)
        // A larger graph is sampled: a fixed number of draws, the same for the same seed.
        let big = labelledRandomGraph(seed: seed, maxFeatures: 100)
        let d = try #require(LabelCoherence(graph: big))
        let again = try #require(LabelCoherence(graph: big))
        #expect(!d.sample.isExhaustive && d.sample.sources.count == 2_000)
        #expect(d.randomSimilarities == again.randomSimilarities && d.lowCoherence == again.lowCoherence)
        #expect(LabelCoherence(labels: big.labels, graph: big, randomPairs: 100, seed: 7).sample.sources.count == 100)
    }

    /// With only some features as nodes (an imported graph) and labels on features that are not
    /// nodes, the exhaustive sample still takes exactly the pairs of labelled nodes.
    @Test(arguments: [4, 5] as [UInt64]) func sampleTakesLabelledNodesOnly(seed: UInt64) {
        var g = labelledRandomGraph(seed: seed)
        g.nodes = g.nodes.map { $0.filter { $0 % 3 != 1 } }
        let expected = labelledNodePairs(g)
        let sample = LabelPairSample(g, labels: g.labels, count: expected.count)
        #expect(sample.isExhaustive && !expected.isEmpty)
        #expect(zip(sample.sources, sample.targets).map { [$0, $1] } == expected)
    }

    /// Every edge's label similarity in bulk, on any number of threads, is what the one-edge
    /// look-up gives, and so are the hop notes made from it.
    @Test(arguments: [1, 2, 3]) func edgeSimilaritiesMatchOneByOne(threads: Int) throws {
        for seed: UInt64 in [6, 7] {
            var g = labelledRandomGraph(seed: seed, maxFeatures: 40)
            g.labels.set(nil, for: FeatureID(layer: 1, index: 0))
            let c = try #require(LabelCoherence(graph: g))
            let bulk = c.edgeSimilarities(of: g, threads: threads)
            #expect(bulk.map(\.count) == g.pairs.map(\.edgeCount))
            for (k, pair) in g.pairs.enumerated() {
                for s in 0..<pair.sourceCount {
                    for e in pair.outgoing(s) {
                        let a = FeatureID(layer: pair.sourceLayer, index: s)
                        let b = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                        #expect(bulk[k][e] == c.similarity(a, b))
                        #expect(
                            c.hop(labelSimilarity: bulk[k][e], similarity: pair.similarities[e])
                                == c.hop(a, b, similarity: pair.similarities[e]))
                    }
                }
            }
            #expect(bulk.joined().contains(nil) && bulk.joined().contains { $0 != nil })
        }
    }

    @Test func tooFewRandomPairsFlagNothing() throws {
        let c = try #require(LabelCoherence(graph: coherenceGraph()))
        #expect(c.lowCoherence == nil && !c.isCalibrated && c.cutoffDescription == nil)
        #expect(c.disagreements(in: coherenceGraph()).isEmpty)
    }

    @Test func lazyAndBatchedEncodingAgree() throws {
        let g = labelledRandomGraph(seed: 9)
        let lazy = try #require(LabelCoherence(graph: g))
        let batched = try #require(LabelCoherence(graph: g))
        let features = g.labels.labels.keys.sorted()
        batched.prepare(features.reversed())
        for a in features.prefix(20) {
            for b in features.suffix(20) { #expect(lazy.similarity(a, b) == batched.similarity(a, b)) }
        }
    }

    // MARK: Real GPT-2 small labels

    /// On the IOI graph's strong links (cosine ≥ 0.7), labels read more alike than random
    /// adjacent-layer pairs, and few strong links are flagged.
    @Test func strongLinksReadMoreAlikeThanRandomPairs() throws {
        let graph = try IOIExample.graph(layers: Array(0...11), threshold: 0.7)
        let c = try #require(LabelCoherence(graph: graph))
        let low = try #require(c.lowCoherence)
        #expect(c.isCalibrated && low >= 0 && low < 0.2)
        let a = try #require(LabelAgreement.compute(graph, coherence: c))
        #expect(a.linked.count > 200 && a.random.count > 1_900)
        #expect(a.linked.mean > 1.5 * a.random.mean && a.linked.median > a.random.median)
        #expect(a.disagreeingShareOfStrong < 0.1)
        // Labels about one token agree although their wording differs.
        #expect(try #require(c.similarity(text: #"the token ":""#, text: #"colons ":" in text"#)) > low)
    }
}
