/// A tensor located in a file (or a decompressed buffer) but not yet converted: element
/// type, byte order, shape, layout and bytes.
struct StoredTensor: Sendable {
    /// The file it came from, for messages.
    var file: String
    var name: String
    var dtype: TensorDType
    var shape: [Int]
    /// True for big-endian elements (`>f4` in `.npy`).
    var bigEndian: Bool = false
    /// True when elements are stored column-major (`fortran_order: True`).
    var columnMajor: Bool = false
    var bytes: ByteRegion

    var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// The tensor as a decoder with one feature per row (row-major F32).
    ///
    /// `orientation` says which axis of `shape` holds the features: `.rows` for
    /// `[d_sae, d_model]`, `.columns` for `[d_model, d_sae]` (transposed here). A
    /// little-endian F32 tensor whose features are already contiguous in a mapped file is
    /// viewed in place (no copy); everything else is converted once into owned memory.
    /// - Complexity: O(1) when mapped, else O(d_sae × d_model).
    func decoderMatrix(orientation: DecoderOrientation) throws -> DecoderMatrix {
        guard shape.count == 2 else {
            throw SAEGraphError(
                .shapeMismatch, "\(file): tensor \(name) has shape \(shapeText); a decoder needs 2 dimensions")
        }
        let (features, width) = orientation == .rows ? (shape[0], shape[1]) : (shape[1], shape[0])
        let count = features * width
        precondition(bytes.count == count * dtype.byteSize, "StoredTensor: byte count checked by the reader")
        // Element (i, j) of the stored [shape0, shape1] array lies at i*shape1+j row-major,
        // j*shape0+i column-major. Features are contiguous when orientation and layout agree.
        let contiguous = (orientation == .rows) != columnMajor
        if contiguous, dtype == .f32, !bigEndian, let mapped = bytes.mappedFloats(), mapped.count == count {
            return DecoderMatrix(rows: features, columns: width, storage: mapped)
        }
        let out = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        bytes.withUnsafeBytes { raw in
            if contiguous {
                for k in 0..<count { out[k] = element(raw, k) }
            } else {
                // Source index k = j*features + f holds feature f, dimension j.
                var k = 0
                for j in 0..<width {
                    for f in 0..<features {
                        out[f * width + j] = element(raw, k)
                        k += 1
                    }
                }
            }
        }
        return DecoderMatrix(rows: features, columns: width, storage: FloatStorage(adopting: out, count: count))
    }

    @inline(__always)
    private func element(_ raw: UnsafeRawBufferPointer, _ k: Int) -> Float {
        switch dtype {
        case .f32:
            let bits = raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self)
            return Float(bitPattern: bigEndian ? bits.byteSwapped : bits.littleEndian)
        case .f16:
            let bits = raw.loadUnaligned(fromByteOffset: k * 2, as: UInt16.self)
            return FloatConversion.float(fromHalf: bigEndian ? bits.byteSwapped : bits.littleEndian)
        case .bf16:
            let bits = raw.loadUnaligned(fromByteOffset: k * 2, as: UInt16.self)
            return FloatConversion.float(fromBFloat16: bigEndian ? bits.byteSwapped : bits.littleEndian)
        case .f64:
            let bits = raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)
            return Float(Double(bitPattern: bigEndian ? bits.byteSwapped : bits.littleEndian))
        }
    }
}
