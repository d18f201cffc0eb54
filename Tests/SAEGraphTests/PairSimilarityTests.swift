import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct PairSimilarityTests {
    struct Shape: Sendable, CustomStringConvertible {
        var sources: Int, targets: Int, columns: Int, tileRows: Int
        var description: String { "\(sources)x\(targets)x\(columns)/tile \(tileRows)" }
    }

    static let shapes: [Shape] = [
        Shape(sources: 37, targets: 29, columns: 16, tileRows: 8),  // not a multiple of the tile
        Shape(sources: 5, targets: 50, columns: 3, tileRows: 16),  // fewer rows than one tile
        Shape(sources: 1, targets: 1, columns: 4, tileRows: 7),  // one row each
        Shape(sources: 12, targets: 9, columns: 1, tileRows: 5),  // d_model 1: every cos is ±1
        Shape(sources: 70, targets: 45, columns: 40, tileRows: 32),
    ]

    static let optionSets: [SimilarityOptions] = [
        SimilarityOptions(threshold: 0.3),
        SimilarityOptions(threshold: 0.2, topK: 2),
        SimilarityOptions(threshold: 0.3, absolute: true),
        SimilarityOptions(threshold: 0.1, topK: 1, absolute: true),
    ]

    private func run(
        _ s: [[Float]], _ t: [[Float]], _ options: SimilarityOptions, tileRows: Int = 8,
        excludedSource: [Int] = [], excludedTarget: [Int] = []
    ) throws -> PairSimilarityResult {
        let d = s.first?.count ?? t.first?.count ?? 1
        return try PairSimilarity.compute(
            source: decoderMatrix(s, columns: d), target: decoderMatrix(t, columns: d), options: options,
            excludedSource: excludedSource, excludedTarget: excludedTarget, progress: nil,
            stage: "test", tileRows: tileRows)
    }

    @Test(arguments: shapes, optionSets)
    func matchesDoubleReference(shape: Shape, options: SimilarityOptions) throws {
        var rng = SplitMix64(seed: UInt64(shape.sources * 1000 + shape.columns))
        let s = randomDecoderRows(shape.sources, shape.columns, &rng)
        let t = randomDecoderRows(shape.targets, shape.columns, &rng)
        let r = try run(s, t, options, tileRows: shape.tileRows)
        let ref = SimilarityReference(source: s, target: t, options: options)
        #expect(ref.matches(r))
        if shape.sources > 10 && options.topK == nil { #expect(!r.edges.isEmpty) }
    }

    @Test func duplicatedRowsTieToLowerIndexAndOverflowStaysExact() throws {
        // 40 identical source rows tie for every column's best previous match: more than a
        // column keeps, so the exact fallback decides. Duplicate targets tie for top-k.
        var rng = SplitMix64(seed: 11)
        let base = randomDecoderRows(1, 12, &rng)[0]
        var s = randomDecoderRows(10, 12, &rng)
        s.append(contentsOf: Array(repeating: base, count: 40))
        s.append(contentsOf: randomDecoderRows(7, 12, &rng))
        var t = randomDecoderRows(20, 12, &rng)
        t.insert(base, at: 3)
        t.insert(base, at: 9)
        t.insert(base.map { $0 * 2 }, at: 15)
        for options in [
            SimilarityOptions(threshold: 0.2, topK: 2), SimilarityOptions(threshold: 0.9, topK: 1, absolute: true),
        ] {
            let r = try run(s, t, options, tileRows: 16)
            #expect(SimilarityReference(source: s, target: t, options: options).matches(r))
            // Duplicate source rows 10...49 all have cosine 1 with target 3: lowest wins.
            #expect(r.bestPreviousIndex[3] == 10)
            #expect(r.bestNextIndex[10] == 3 && r.bestNextIndex[49] == 3)
            // top-1 among targets 3, 9, 15 (all cos 1) keeps target 3.
            if options.topK == 1 { #expect(r.edges.filter { $0.source == 20 }.map(\.target) == [3]) }
        }
    }

    @Test func cosineExactlyOnTheThresholdIsAnEdge() throws {
        // (1,1,1,1)·(1,0,0,0) / (2·1) is exactly 0.5 in Double (and in F32).
        let s: [[Float]] = [[1, 1, 1, 1], [0, 0, 3, 4]]
        let t: [[Float]] = [[1, 0, 0, 0], [-2, 0, 0, 0], [0, 0, 0, 5]]
        let on = try run(s, t, SimilarityOptions(threshold: 0.5))
        // (1,1,1,1)·(0,0,0,5) / (2·5) is exactly 0.5 too.
        #expect(on.edges.map { [$0.source, $0.target] } == [[0, 0], [0, 2], [1, 2]])
        #expect(on.edges[0].similarity == 0.5)
        let above = try run(s, t, SimilarityOptions(threshold: Float(0.5).nextUp))
        #expect(above.edges.map { [$0.source, $0.target] } == [[1, 2]])
        let absolute = try run(s, t, SimilarityOptions(threshold: 0.5, absolute: true))
        #expect(absolute.edges.map { [$0.source, $0.target] } == [[0, 0], [0, 1], [0, 2], [1, 2]])
        #expect(absolute.edges[1].similarity == -0.5)
    }

    @Test func doubleDecidesWhereFloatDisagrees() throws {
        // Search random pairs for a cosine whose plain F32 estimate lands on the other side
        // of a threshold than the Double value; the engine must follow Double.
        var rng = SplitMix64(seed: 5)
        var foundAbove = false
        var foundBelow = false
        var tries = 0
        while !(foundAbove && foundBelow) && tries < 200_000 {
            tries += 1
            let a = randomDecoderRows(1, 64, &rng)[0]
            let b = randomDecoderRows(1, 64, &rng)[0]
            let c = SimilarityReference.cosine(a, b)
            let f = floatCosine(a, b)
            let t = Float(c)
            if Double(t) > c && f >= t && !foundAbove {
                // F32 says edge, Double says no.
                let r = try run([a], [b], SimilarityOptions(threshold: t))
                #expect(r.edges.isEmpty)
                foundAbove = true
            } else if Double(t) <= c && f < t && !foundBelow {
                // F32 says no edge, Double says edge.
                let r = try run([a], [b], SimilarityOptions(threshold: t))
                #expect(r.edges.count == 1)
                foundBelow = true
            }
        }
        #expect(foundAbove && foundBelow)
    }

    @Test func excludedRowsGetNothing() throws {
        var rng = SplitMix64(seed: 3)
        let s = randomDecoderRows(20, 6, &rng)
        let t = randomDecoderRows(15, 6, &rng)
        let r = try run(s, t, SimilarityOptions(threshold: 0.0), excludedSource: [0, 7], excludedTarget: [4, 14])
        #expect(
            SimilarityReference(
                source: s, target: t, options: SimilarityOptions(threshold: 0.0), excludedSource: [0, 7],
                excludedTarget: [4, 14]
            ).matches(r))
        #expect(!r.edges.contains { [0, 7].contains($0.source) || [4, 14].contains($0.target) })
        #expect(r.bestNextIndex[0] == -1 && r.bestNextCosine[7].isNaN)
        #expect(!r.bestNextIndex.contains(4) && !r.bestPreviousIndex.contains(7))
    }

    @Test func threadCountsGiveIdenticalResults() throws {
        var rng = SplitMix64(seed: 9)
        let s = randomDecoderRows(101, 24, &rng)
        let t = randomDecoderRows(77, 24, &rng)
        var results: [PairSimilarityResult] = []
        for threads in [1, 2, 3] {
            results.append(try run(s, t, SimilarityOptions(threshold: 0.3, threads: threads), tileRows: 10))
        }
        let ref = SimilarityReference(source: s, target: t, options: SimilarityOptions(threshold: 0.3))
        for r in results { #expect(ref.matches(r)) }
    }

    @Test func rejectsBadInputs() throws {
        let a = DecoderMatrix(rows: 2, columns: 3, values: [1, 0, 0, 0, 1, 0])
        let b = DecoderMatrix(rows: 1, columns: 2, values: [1, 0])
        let zero = DecoderMatrix(rows: 2, columns: 3, values: [1, 0, 0, 0, 0, 0])
        let none = SimilarityOptions()
        #expect(throws: SAEGraphError.self) {
            try PairSimilarity.compute(source: a, target: b, options: none, excludedSource: [], excludedTarget: [])
        }
        #expect {
            try PairSimilarity.compute(source: a, target: zero, options: none, excludedSource: [], excludedTarget: [])
        } throws: {
            ($0 as? SAEGraphError)?.kind == .invalidArgument
        }
        #expect(throws: SAEGraphError.self) {
            try PairSimilarity.compute(
                source: a, target: a, options: SimilarityOptions(topK: 0), excludedSource: [], excludedTarget: [])
        }
        #expect(throws: SAEGraphError.self) {
            try PairSimilarity.compute(source: a, target: a, options: none, excludedSource: [2], excludedTarget: [])
        }
        let ok = try PairSimilarity.compute(
            source: a, target: zero, options: none, excludedSource: [], excludedTarget: [1])
        #expect(ok.bestPreviousIndex == [0, -1])
    }

    @Test func reportsProgressPerTile() throws {
        var rng = SplitMix64(seed: 1)
        let s = randomDecoderRows(25, 4, &rng)
        let box = ProgressEventRecorder()
        _ = try PairSimilarity.compute(
            source: decoderMatrix(s, columns: 4), target: decoderMatrix(s, columns: 4),
            options: SimilarityOptions(threads: 2),
            excludedSource: [], excludedTarget: [], progress: { box.append($0) }, stage: "layer 1 → 2", tileRows: 10)
        let events = box.events
        #expect(events.count == 3)
        #expect(events.last?.completed == 25 && events.allSatisfy { $0.total == 25 && $0.stage == "layer 1 → 2" })
    }
}

/// F32 cosine of F32-normalised rows, summed in order: what a naive F32 engine would say.
private func floatCosine(_ a: [Float], _ b: [Float]) -> Float {
    func unit(_ v: [Float]) -> [Float] {
        let n = v.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }
    return zip(unit(a), unit(b)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
}

final class ProgressEventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ProgressEvent] = []
    func append(_ e: ProgressEvent) {
        lock.lock()
        stored.append(e)
        lock.unlock()
    }
    var events: [ProgressEvent] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
