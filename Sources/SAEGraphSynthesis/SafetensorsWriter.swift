import Foundation
import SAEGraph

/// Writes `.safetensors` files: an 8-byte little-endian header length, a JSON header padded
/// with spaces to a multiple of 8 bytes, then each tensor's row-major little-endian bytes in
/// header order, tiling the data area exactly.
public struct SafetensorsWriter {
    public struct Tensor {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public var dtype: TensorDType

        public init(name: String, shape: [Int], values: [Float], dtype: TensorDType = .f32) {
            precondition(shape.reduce(1, *) == values.count, "tensor \(name): shape does not match value count")
            self.name = name
            self.shape = shape
            self.values = values
            self.dtype = dtype
        }
    }

    public var tensors: [Tensor] = []
    public var metadata: [String: String] = ["format": "pt"]

    public init() {}

    public mutating func add(_ tensor: Tensor) { tensors.append(tensor) }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        var offset = 0
        var entries: [String] = []
        for t in tensors {
            let size = t.values.count * t.dtype.byteSize
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(JSONByteWriter.quoted(t.name)):{\"dtype\":\"\(t.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}"
            )
            offset += size
        }
        if !metadata.isEmpty {
            let items = metadata.keys.sorted().map {
                "\(JSONByteWriter.quoted($0)):\(JSONByteWriter.quoted(metadata[$0]!))"
            }
            entries.insert("\"__metadata__\":{\(items.joined(separator: ","))}", at: 0)
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        try AtomicFile.write(to: path) { handle in
            var prefix = Data(count: 8)
            let n = UInt64(header.count).littleEndian
            withUnsafeBytes(of: n) { prefix.replaceSubrange(0..<8, with: $0) }
            try handle.write(contentsOf: prefix)
            try handle.write(contentsOf: Data(header))
            for t in tensors {
                // Stream in chunks so a large tensor is not duplicated in memory at once.
                let chunk = 1 << 20
                var start = 0
                while start < t.values.count {
                    let end = min(start + chunk, t.values.count)
                    try handle.write(contentsOf: Self.encode(t.values[start..<end], as: t.dtype))
                    start = end
                }
            }
        }
    }

    /// Little-endian bytes of `values` in `dtype` (round to nearest, ties to even).
    static func encode(_ values: ArraySlice<Float>, as dtype: TensorDType) -> Data {
        var out = Data(capacity: values.count * dtype.byteSize)
        switch dtype {
        case .f32:
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .f64:
            for v in values { withUnsafeBytes(of: Double(v).bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .f16:
            for v in values {
                withUnsafeBytes(of: HalfPrecision.halfBits(v).littleEndian) { out.append(contentsOf: $0) }
            }
        case .bf16:
            for v in values {
                withUnsafeBytes(of: HalfPrecision.bfloat16Bits(v).littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }
}

/// Conversions from Float to the 16-bit formats, rounding to nearest with ties to even.
public enum HalfPrecision {
    /// IEEE 754 binary16 bits of `x` (overflow to infinity, subnormals kept, NaN stays NaN).
    public static func halfBits(_ x: Float) -> UInt16 {
        let b = x.bitPattern
        let sign = UInt16((b >> 16) & 0x8000)
        let exp = Int((b >> 23) & 0xff)
        var mant = b & 0x7f_ffff
        if exp == 0xff { return sign | 0x7c00 | (mant != 0 ? 0x200 : 0) }
        let e = exp - 127 + 15
        if e >= 0x1f { return sign | 0x7c00 }
        if e <= 0 {
            if e < -10 { return sign }
            mant |= 0x80_0000
            let shift = UInt32(14 - e)
            let half = mant >> shift
            let rem = mant & ((1 << shift) - 1)
            let mid = UInt32(1) << (shift - 1)
            let rounded = half + ((rem > mid || (rem == mid && half & 1 == 1)) ? 1 : 0)
            return sign | UInt16(rounded)
        }
        let half = (UInt32(e) << 10) | (mant >> 13)
        let rem = mant & 0x1fff
        let rounded = half + ((rem > 0x1000 || (rem == 0x1000 && half & 1 == 1)) ? 1 : 0)
        return sign | UInt16(rounded)  // a carry into the exponent is the correct rounding
    }

    /// bfloat16 bits of `x` (the upper 16 bits after rounding; NaN stays NaN).
    public static func bfloat16Bits(_ x: Float) -> UInt16 {
        let b = x.bitPattern
        if x.isNaN { return UInt16(b >> 16) | 0x40 }
        let rounding = UInt32(0x7fff) + ((b >> 16) & 1)
        return UInt16((b &+ rounding) >> 16)
    }
}
