/// A fast, seedable generator (xoshiro256**, seeded through SplitMix64) so that synthetic
/// inputs and null models are identical on every run and platform.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// Uniform in (0, 1), never 0.
    public mutating func nextUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Fills `buffer` with independent standard normal values (Box–Muller).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        var i = 0
        while i < buffer.count {
            let r = (-2 * _log(nextUnit())).squareRoot()
            let theta = 2 * Double.pi * nextUnit()
            buffer[i] = Float(r * _cos(theta))
            if i + 1 < buffer.count { buffer[i + 1] = Float(r * _sin(theta)) }
            i += 2
        }
    }

    /// A standard normal value.
    public mutating func nextNormal() -> Double {
        (-2 * _log(nextUnit())).squareRoot() * _cos(2 * Double.pi * nextUnit())
    }
}

#if canImport(Glibc)
    import Glibc
    @inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
    @inline(__always) private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#else
    import Darwin
    @inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
    @inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
    @inline(__always) private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
#endif
