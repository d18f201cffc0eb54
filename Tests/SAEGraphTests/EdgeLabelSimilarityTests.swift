import Foundation
import Testing

@testable import SAEGraph

/// Label similarity computed at build time and stored in the graph file gives the listings
/// exactly what computing it at query time gives.
@Suite struct EdgeLabelSimilarityTests {
    /// A labelled graph with stored label similarity, written and read back.
    static func storedGraph(seed: UInt64) throws -> (built: LayeredGraph, read: LayeredGraph) {
        var g = labelledRandomGraph(seed: seed, maxFeatures: 24)
        let coherence = try #require(LabelCoherence(graph: g))
        g.labelSimilarity = EdgeLabelSimilarity(graph: g, coherence: coherence)
        return (g, try GraphFile.decode(GraphFile.encode(g), name: "graph.json"))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func storedValuesRoundTripAndEqualComputedOnes(seed: UInt64) throws {
        let (built, read) = try Self.storedGraph(seed: seed)
        let stored = try #require(read.labelSimilarity)
        #expect(stored == built.labelSimilarity)
        let fresh = try #require(
            LabelCoherence(
                graph: GraphFile.decode(GraphFile.encode(built), name: "g").with {
                    $0.labelSimilarity = nil
                }))
        let fromFile = try #require(LabelCoherence(graph: read))
        #expect(fromFile.usesStoredValues && !fresh.usesStoredValues)
        #expect(fromFile.lowCoherence == fresh.lowCoherence && fromFile.cutoffDescription == fresh.cutoffDescription)
        for pair in read.pairs {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) {
                    let a = FeatureID(layer: pair.sourceLayer, index: s)
                    let b = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                    #expect(fromFile.similarity(a, b) == fresh.similarity(a, b))
                }
            }
        }
        // Whole listings agree byte for byte.
        let q = ChainQuery(top: 5, minLayers: 2)
        let chains = try ChainFinder.find(in: read, q)
        for format in [ListingFormat.text, .json, .csv] {
            #expect(
                ChainListing.render(chains, graph: read, query: q, format: format, coherence: fromFile)
                    == ChainListing.render(chains, graph: read, query: q, format: format, coherence: fresh))
        }
    }

    @Test func newLabelsOrAnotherMeasureDropTheStoredValues() throws {
        var (_, read) = try Self.storedGraph(seed: 4)
        #expect(read.labelSimilarity != nil)
        struct Other: LabelEncoder {
            var measureName: String { "other" }
            func encode(_ texts: [String]) -> [LabelVector] { texts.map { _ in LabelVector(dense: [1, 0]) } }
        }
        #expect(LabelCoherence(graph: read, encoder: Other())?.usesStoredValues == false)
        read.labels.set("new label", for: FeatureID(layer: 0, index: 0))
        #expect(read.labelSimilarity == nil)
    }

    @Test func filteredEdgesKeepTheirValues() throws {
        let (_, read) = try Self.storedGraph(seed: 5)
        let kept = read.keepingEdges(atLeast: 0.8)
        let stored = try #require(kept.labelSimilarity)
        for pair in kept.pairs {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) {
                    let a = FeatureID(layer: pair.sourceLayer, index: s)
                    let b = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                    #expect(stored.value(a, b).map { $0 ?? -9 } == read.labelSimilarity?.value(a, b).map { $0 ?? -9 })
                    #expect(stored.value(a, b) != nil)
                }
            }
        }
    }

    @Test func linksOutOfOrderAreRecomputedNotMisplaced() throws {
        let (_, read) = try Self.storedGraph(seed: 6)
        var text = String(decoding: GraphFile.encode(read), as: UTF8.self)
        // saegraph reads the `edges` copy of the edge list (the `links` copy is skipped).
        let links = try #require(text.range(of: "\"edges\": [\n"))
        // Move the first edge to the end: the reader cannot place values by order any more.
        let firstEnd = try #require(text[links.upperBound...].range(of: "},\n"))
        let first = String(text[links.upperBound..<firstEnd.lowerBound]) + "}"
        text.removeSubrange(links.upperBound..<firstEnd.upperBound)
        let close = try #require(text[links.upperBound...].range(of: "\n]"))
        text.insert(contentsOf: ",\n" + first, at: close.lowerBound)
        let moved = try GraphFile.decode(Data(text.utf8), name: "graph.json")
        #expect(moved.labelSimilarity == nil)
        #expect(moved.edgeCount == read.edgeCount)
    }
}

extension LayeredGraph {
    fileprivate func with(_ change: (inout LayeredGraph) -> Void) -> LayeredGraph {
        var copy = self
        change(&copy)
        return copy
    }
}
