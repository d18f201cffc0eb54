import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct CosineErrorBoundTests {
    @Test func boundHasTheExpectedSizeAndOrdering() {
        let b = CosineErrorBound(dimension: 768, threshold: 0.5)
        #expect(b.epsilon > 768 * 0x1p-24 && b.epsilon < 5e-5)
        #expect(Double(b.candidateFloor) <= 0.5 - b.epsilon)
        #expect(Double(b.tieMargin) >= 2 * b.epsilon)
    }

    @Test(arguments: [1, 3, 64, 768])
    func holdsForSgemmOnUnitRows(dimension d: Int) throws {
        // Every F32 sgemm cosine of normalised rows lies within ε of the Double reference.
        var rng = SplitMix64(seed: UInt64(d))
        let a = randomDecoderRows(40, d, &rng)
        let b = randomDecoderRows(30, d, &rng)
        let na = try NormalizedRows(decoderMatrix(a, columns: d), excluded: [], what: "a")
        let nb = try NormalizedRows(decoderMatrix(b, columns: d), excluded: [], what: "b")
        let c = UnsafeMutablePointer<Float>.allocate(capacity: 40 * 30)
        defer { c.deallocate() }
        BLAS.multiplyTransposed(m: 40, n: 30, k: d, a: na.values, b: nb.values, c: c)
        let eps = CosineErrorBound(dimension: d, threshold: 0.5).epsilon
        var worst = 0.0
        for i in 0..<40 {
            for j in 0..<30 {
                let exact = na.exactCosine(i, nb, j)
                // Summed in another order than the reference: equal within the summation error.
                #expect(abs(exact - SimilarityReference.cosine(a[i], b[j])) <= Double(d) * 0x1p-52)
                worst = max(worst, abs(Double(c[i * 30 + j]) - exact))
            }
        }
        #expect(worst <= eps)
    }
}
