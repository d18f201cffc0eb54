import Foundation
import Testing

@testable import SAEGraph

/// The tile runner: every tile once, results in tile order whatever the workers, each worker's
/// scratch its own, and the aside job exactly once.
@Suite struct ParallelTilesTests {
    /// Counts under a lock, shared by the workers.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int]
        init(_ n: Int) { counts = [Int](repeating: 0, count: n) }
        func add(_ i: Int) { lock.withLock { counts[i] += 1 } }
        var values: [Int] { lock.withLock { counts } }
    }

    @Test(arguments: [1, 2, 3, 8], [0, 1, 5, 64])
    func everyTileOnceInOrder(_ workers: Int, _ count: Int) {
        let seen = Tally(count)
        let asides = Tally(1)
        let aside = { asides.add(0) }
        let tile = { (t: Int, _: Int, scratch: UnsafeMutablePointer<Float>) -> Int in
            // The scratch belongs to this worker alone: what it wrote is still there.
            scratch[0] = Float(t)
            seen.add(t)
            usleep(UInt32((t * 7919) % 5) * 100)
            #expect(scratch[0] == Float(t))
            return t * t
        }
        let results = parallelTiles(count: count, workers: workers, scratchCount: 4, aside: aside, tile)
        #expect(results == (0..<count).map { $0 * $0 })
        #expect(seen.values == [Int](repeating: 1, count: count))
        #expect(asides.values == [count > 0 ? 1 : 0])
    }

    /// The map of every value once, in the values' order, whatever the threads and counts.
    @Test(arguments: [1, 2, 3, 8], [0, 1, 5, 33, 1000])
    func parallelMapKeepsTheOrder(_ threads: Int, _ count: Int) {
        let values = (0..<count).map { Double($0) * 1.5 }
        let seen = Tally(count)
        let mapped = parallelMap(values, threads: threads) { (v: Double) -> String in
            seen.add(Int(v / 1.5))
            return "\(v)"
        }
        #expect(mapped == values.map { "\($0)" })
        #expect(seen.values == [Int](repeating: 1, count: count))
    }

    struct Failure: Error, Equatable { let part: Int }

    /// Both parts run and return their results; an error of the first part is thrown before
    /// one of the second.
    @Test func bothAtOnceGivesBothResultsAndTheFirstError() throws {
        let ran = Tally(2)
        let (a, b) = try bothAtOnce(
            {
                ran.add(0)
                return 3
            },
            {
                ran.add(1)
                return "four"
            })
        #expect(a == 3 && b == "four" && ran.values == [1, 1])
        #expect(throws: Failure(part: 2)) { try bothAtOnce({ 1 }, { () throws -> Int in throw Failure(part: 2) }) }
        #expect(throws: Failure(part: 1)) {
            try bothAtOnce(
                { () throws -> Int in throw Failure(part: 1) }, { () throws -> Int in throw Failure(part: 2) })
        }
    }
}
