import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The running `depth` largest keys against a full descending sort.
struct TopKeysTests {
    @Test(arguments: [1, 3, 10])
    func keepsTheLargestKeysWithRepeats(depth: Int) {
        var rng = SplitMix64(seed: UInt64(depth))
        for count in [0, 1, depth - 1, depth, depth + 1, 50, 400] where count >= 0 {
            // Few distinct values, so that repeats straddle the depth-th place.
            let keys = (0..<count).map { _ in Float(Int(rng.next() % 12)) / 4 - 1 }
            var top: [Float] = []
            for k in keys { TopKeys.insert(k, into: &top, depth: depth) }
            #expect(top == Array(keys.sorted(by: >).prefix(depth)))
        }
    }
}
