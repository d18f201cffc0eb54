import Foundation
import Testing

@testable import SAEGraph

@Suite struct ShardSizingTests {
    /// Brute force: each task's flops and memory from its rows, pair by pair.
    @Test(arguments: [1, 2, 3, 7, 40])
    func tasksMatchTheirRows(_ n: Int) throws {
        let counts = [37, 50, 23, 41]
        let bytes = [4, 6, 4, 4]
        let (d, threads) = (8, 3)
        for nullModel in [false, true] {
            let s = try ShardSizing(
                featureCounts: counts, dModel: d, bytesPerValue: bytes, shardCount: n, threads: threads,
                nullModel: nullModel)
            var total = 0.0
            for i in 1...n {
                let t = s.task(i)
                var flops = 0.0
                var peak = 0
                for p in 0..<3 {
                    let rows = s.plan.rows(shard: i, pair: p)
                    if rows.isEmpty { continue }
                    let (r, src, tgt) = (rows.count, counts[p], counts[p + 1])
                    flops += Double(2 * r * tgt * d)
                    var m = tgt * d * bytes[p + 1] + tgt * d * 4 + r * d * bytes[p] + r * d * 4
                    m += threads * 256 * tgt * 4 + threads * 140 * tgt + 4 * tgt * d + 16 * tgt + 12 * r
                    if nullModel && rows.lowerBound == 0 { m += src * d * (bytes[p] + 4) }
                    peak = max(peak, m)
                }
                #expect(t.flops == flops && t.memoryBytes == ShardSizing.baseBytes + peak)
                #expect(t.spans.map(\.pair) == (0..<3).filter { !s.plan.rows(shard: i, pair: $0).isEmpty })
                total += t.flops
            }
            #expect(total == s.totalFlops && s.totalFlops == Double(2 * d * (37 * 50 + 50 * 23 + 23 * 41)))
        }
    }

    @Test func fewestShardsIsTheLeastThatFits() throws {
        let counts = Array(repeating: 4096, count: 6)
        let rate = 1e9
        for (memory, seconds) in [(Int?.none, 2.0), (Int?.some(74 << 20), nil), (Int?.some(90 << 20), 1.5)] {
            let n = try ShardSizing.fewestShards(
                featureCounts: counts, dModel: 64, bytesPerValue: Array(repeating: 4, count: 6), threads: 1,
                memoryBytes: memory, seconds: seconds, rate: rate)
            func fits(_ k: Int) throws -> Bool {
                let m = try ShardSizing(
                    featureCounts: counts, dModel: 64, bytesPerValue: Array(repeating: 4, count: 6), shardCount: k,
                    threads: 1
                ).largest()
                return (memory.map { m.memoryBytes <= $0 } ?? true) && (seconds.map { m.flops / rate <= $0 } ?? true)
            }
            #expect(try fits(n))
            if n > 1 { #expect(try !fits(n - 1)) }
        }
        // A memory budget below one target layer and its tiles cannot be met by any count.
        #expect(throws: SAEGraphError.self) {
            try ShardSizing.fewestShards(
                featureCounts: counts, dModel: 64, bytesPerValue: Array(repeating: 4, count: 6), threads: 1,
                memoryBytes: 1 << 20, seconds: nil, rate: rate)
        }
    }

    @Test func encoderPairsAddBothEncodersAndTheSourceDecoder() throws {
        // Layers of 100, 80, 60 rows, d 16; F16 source layer (6 bytes held per value).
        func sizing(_ encoders: [Bool]) throws -> ShardSizing {
            try ShardSizing(
                featureCounts: [100, 80, 60], dModel: 16, bytesPerValue: [6, 4, 4], shardCount: 3, threads: 1,
                encoderPairs: encoders)
        }
        let (plain, scored) = (try sizing([]), try sizing([true, false]))
        var seen = (onlyFirst: 0, notFirst: 0)
        for shard in 1...3 {
            let touchesFirst = plain.task(shard).spans.contains { $0.pair == 0 }
            let onlyFirst = plain.task(shard).spans.allSatisfy { $0.pair == 0 }
            let extra = scored.task(shard).memoryBytes - plain.task(shard).memoryBytes
            if onlyFirst {
                #expect(extra == (100 + 80) * 16 * 4 + 100 * 16 * 6)
                seen.onlyFirst += 1
            }
            if !touchesFirst {
                #expect(extra == 0)
                seen.notFirst += 1
            }
            #expect(extra >= 0)
        }
        #expect(seen.onlyFirst > 0 && seen.notFirst > 0)
        #expect(try sizing([false, false]).task(1) == plain.task(1))
    }

    @Test func kernelRateIsMeasured() throws {
        let rate = try KernelRate.measure(dModel: 32, threads: 1, sources: 64, targets: 256, repeats: 1)
        #expect(rate.isFinite && rate > 1e6)
        #expect(throws: SAEGraphError.self) { try KernelRate.measure(dModel: 0, threads: 1) }
    }

    @Test func listingShowsEveryTaskOrElidesTheMiddle() throws {
        let s = try ShardSizing(
            featureCounts: [100, 100, 100], dModel: 16, bytesPerValue: [4, 4, 4], shardCount: 30, threads: 2)
        let text = ShardPlanListing.text(s, layers: [4, 5, 6], rate: 1e9, maxRows: 5)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "build: 3 layers (4-6) of 100 features, d_model 16; 2 layer pairs, 640.0 kFLOP in all")
        #expect(lines[2].hasPrefix("30 tasks: at most "))
        // Header, tasks 1-4, the elision, task 30.
        #expect(lines.count == 3 + 1 + 4 + 1 + 1)
        #expect(lines[3].hasPrefix("task  layer pairs × source rows"))
        #expect(lines[4].hasPrefix("   1  4→5 0..<7 "))
        #expect(lines[8].trimmingCharacters(in: .whitespaces) == "…")
        #expect(lines[9].hasPrefix("  30  5→6 94..<100 "))
    }
}
