import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct DecoderFingerprintTests {
    @Test func equalForEqualContentAndSensitiveToSampledRowsAndShape() {
        var rng = SplitMix64(seed: 9)
        let rows = randomDecoderRows(100, 6, &rng)
        let a = decoderMatrix(rows, columns: 6).fingerprint()
        #expect(a.count == 16 && a.allSatisfy(\.isHexDigit))
        #expect(decoderMatrix(rows, columns: 6).fingerprint() == a)
        var changed = rows
        changed[99][5] = changed[99][5].nextUp  // the last row is always sampled
        #expect(decoderMatrix(changed, columns: 6).fingerprint() != a)
        changed = rows
        changed[33][0] = -changed[33][0]  // 33 = 5 · 99 / 15
        #expect(decoderMatrix(changed, columns: 6).fingerprint() != a)
        #expect(decoderMatrix(Array(rows.prefix(99)), columns: 6).fingerprint() != a)
        #expect(DecoderMatrix(rows: 6, columns: 100, values: rows.flatMap { $0 }).fingerprint() != a)
    }
}
