import Testing

@testable import SAEGraph

@Suite struct FloatConversionTests {
    #if !(os(macOS) && arch(x86_64))
        /// Every binary16 pattern against the standard library's Float16 → Float conversion.
        @Test func halfMatchesFloat16ForEveryPattern() {
            var mismatches = 0
            for bits in 0...UInt16.max {
                let ours = FloatConversion.float(fromHalf: bits)
                let reference = Float(Float16(bitPattern: bits))
                if reference.isNaN {
                    if !ours.isNaN || ours.sign != reference.sign { mismatches += 1 }
                } else if ours.bitPattern != reference.bitPattern {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0)
        }
    #endif

    @Test(arguments: [
        (UInt16(0x0001), Float(0x1p-24)), (0x03ff, 1023 * 0x1p-24), (0x0400, 0x1p-14), (0x8000, -0.0),
        (0x3c00, 1), (0x7bff, 65504), (0x7c00, .infinity), (0xfc00, -.infinity), (0xc000, -2),
    ])
    func halfKnownValues(bits: UInt16, value: Float) {
        #expect(FloatConversion.float(fromHalf: bits).bitPattern == value.bitPattern)
    }

    @Test func halfNaNStaysNaN() {
        #expect(FloatConversion.float(fromHalf: 0x7e00).isNaN)
        #expect(FloatConversion.float(fromHalf: 0x7c01).isNaN)
    }

    @Test func bfloat16IsTheTopHalf() {
        #expect(FloatConversion.float(fromBFloat16: 0x3f80) == 1)
        #expect(FloatConversion.float(fromBFloat16: 0xc020) == -2.5)
        #expect(FloatConversion.float(fromBFloat16: 0x0001).bitPattern == 0x0001_0000)
        #expect(FloatConversion.float(fromBFloat16: 0x7f80) == .infinity)
    }
}
