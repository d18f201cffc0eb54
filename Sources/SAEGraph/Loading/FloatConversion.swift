/// Exact conversions of stored element types to `Float`.
///
/// - F16 → F32 is exact for every bit pattern: normals, subnormals (mantissa × 2⁻²⁴),
///   signed zeros, infinities; a NaN keeps its sign and payload (shifted into the top of the
///   F32 mantissa), as numpy and IEEE 754 conversion do.
/// - BF16 → F32 is exact: the 16 bits become the top half of the F32 pattern.
/// - F64 → F32 rounds to nearest, ties to even (IEEE default); out-of-range values become ±∞.
enum FloatConversion {
    /// The F32 value of an IEEE 754 binary16 bit pattern.
    @inline(__always)
    static func float(fromHalf h: UInt16) -> Float {
        let sign: UInt32 = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1f
        let mantissa = UInt32(h & 0x3ff)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2⁻²⁴, exact in F32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        case 0x1f:
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// The F32 value of a bfloat16 bit pattern.
    @inline(__always)
    static func float(fromBFloat16 b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
