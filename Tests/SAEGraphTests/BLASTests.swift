import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct BLASTests {
    @Test func multiplyTransposedMatchesNaiveProduct() {
        var rng = SplitMix64(seed: 4)
        let (m, n, k) = (5, 7, 3)
        let a = (0..<(m * k)).map { _ in rng.nextSigned() }
        let b = (0..<(n * k)).map { _ in rng.nextSigned() }
        var c = [Float](repeating: .nan, count: m * n)
        c.withUnsafeMutableBufferPointer { BLAS.multiplyTransposed(m: m, n: n, k: k, a: a, b: b, c: $0.baseAddress!) }
        for i in 0..<m {
            for j in 0..<n {
                let ref = (0..<k).reduce(0.0) { $0 + Double(a[i * k + $1]) * Double(b[j * k + $1]) }
                #expect(abs(Double(c[i * n + j]) - ref) < 1e-5)
            }
        }
    }

    @Test func reportsCoreAndSingleThreadedSections() {
        #expect(!BLASInfo.coreName.isEmpty && BLASInfo.coreName != "unknown")
        let inside = BLAS.withSingleThreadedCalls { BLAS.withSingleThreadedCalls { BLASInfo.threadCount } }
        #expect(inside == 1)
    }
}
