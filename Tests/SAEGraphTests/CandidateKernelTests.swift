import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Which kernel a precision names, the measured choice of `auto`, and that the graph file does
/// not depend on it.
struct CandidateKernelTests {
    @Test func explicitPrecisionsNameTheirKernel() {
        #expect(CandidateKernel.explicit(.auto, columns: 768) == nil)
        #expect(CandidateKernel.explicit(.fp32, columns: 768) == .fp32)
        #expect(CandidateKernel.explicit(.bf16, columns: 768) == (ReducedPrecisionKernel.isAvailable ? .bf16 : .fp32))
        let int8: CandidateKernel =
            Int8Kernel.hasWide ? .int8 : Int8Kernel.hasNarrow ? .int8Narrow : Int8Kernel.hasAVX2 ? .int8AVX2 : .fp32
        #expect(CandidateKernel.explicit(.int8, columns: 768) == int8)
    }

    @Test func autoTimesOnlyLongRows() {
        #expect(CandidateKernel.candidates(columns: 16) == [.fp32])
        let long = CandidateKernel.candidates(columns: 768)
        #expect(long.first == .fp32 && long.allSatisfy(\.isAvailable))
        // One int8 kernel at most: the widest this CPU has.
        #expect(long.filter { [.int8, .int8Narrow, .int8AVX2].contains($0) }.count == (Int8Kernel.hasAny ? 1 : 0))
    }

    @Test func timingPicksTheFastestMeasuredKernel() throws {
        var rng = SplitMix64(seed: 5)
        let s = try NormalizedRows(decoderMatrix(randomDecoderRows(40, 96, &rng), columns: 96), excluded: [], what: "s")
        let t = try NormalizedRows(decoderMatrix(randomDecoderRows(70, 96, &rng), columns: 96), excluded: [], what: "t")
        let choice = KernelTiming.choose(source: s, target: t, options: SimilarityOptions())
        let offered = CandidateKernel.candidates(columns: 96)
        if offered.count == 1 {
            #expect(choice.rates.isEmpty && choice.kernel == .fp32)
        } else {
            #expect(Set(choice.rates.map(\.kernel)) == Set(offered))
            #expect(choice.kernel == choice.rates[0].kernel)
            #expect(
                zip(choice.rates, choice.rates.dropFirst()).allSatisfy { $0.gigaOpsPerSecond >= $1.gigaOpsPerSecond })
            #expect(choice.rates.allSatisfy { $0.gigaOpsPerSecond > 0 && $0.gigaOpsPerSecond.isFinite })
            #expect(choice.summary.hasPrefix(choice.kernel.rawValue + " (measured"))
        }
    }

    @Test func graphFileBytesDoNotDependOnKernelOrThreads() throws {
        var rng = SplitMix64(seed: 11)
        let d = 72
        let base = randomDecoderRows(12, d, &rng)
        // Layers sharing directions (plus noise), so edges and near-ties exist.
        let layers = (0..<3).map { l in
            (0..<90).map { i in zip(base[(i + l) % 12], randomDecoderRows(1, d, &rng)[0]).map { $0 + 0.7 * $1 } }
        }
        let saes = layers.enumerated().map { loadedSAE(layer: $0.offset + 4, rows: $0.element, columns: d) }
        // Every kernel this CPU has (bf16 needs AVX512-BF16, int8 AVX512-VNNI, AVX-VNNI or AVX2).
        let available = SimilarityPrecision.allCases.filter {
            $0 != .bf16 || ReducedPrecisionKernel.isAvailable
        }.filter { $0 != .int8 || Int8Kernel.hasAny }
        // The classic rule, and the default `best` rule with its CSLS neighbourhoods.
        for rule in [EdgeRule.threshold(0.35), .standard] {
            var files: [String: Data] = [:]
            var edgeCounts: Set<Int> = []
            for precision in available {
                for threads in [1, 3] {
                    let options = SimilarityOptions(threshold: 0.35, threads: threads, precision: precision)
                    let events = EventLog()
                    let graph = try SimilarityGraphBuilder.build(
                        saes, rule: rule, options: options, nullModel: nil, progress: events.handler)
                    #expect(events.notes.count == 1)
                    edgeCounts.insert(graph.edgeCount)
                    files["\(precision.rawValue)/\(threads)"] = GraphFile.encode(graph)
                }
            }
            let first = files["fp32/1"]!
            #expect(files.values.allSatisfy { $0 == first }, "\(rule.name)")
            #expect(edgeCounts.count == 1 && edgeCounts.first! > 0)
        }
    }
}

/// Collects the notes of progress events.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var notes: [String] { lock.withLock { collected } }
    var handler: ProgressHandler { { e in if let n = e.note { self.lock.withLock { self.collected.append(n) } } } }
}
