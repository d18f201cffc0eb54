/// An SAE's encoder: one weight vector of `columns` (d_model) values per feature, read from
/// the weights file only when a build scores with it (``EncoderScoring``).
///
/// The stored tensor stays where the loader found it (a memory-mapped file, or an `.npz`
/// member's bytes) until ``matrix()`` is called; the build calls it for the two layers of the
/// pair in hand and drops the result with the pair, so a decoder-only build never touches the
/// encoder's bytes.
public struct EncoderWeights: Sendable {
    /// Features (d_sae).
    public let rows: Int
    /// Weights per feature (d_model).
    public let columns: Int
    /// The tensor's name in its file (`W_enc`, `encoder.weight`).
    public let tensorName: String
    private let source: Source

    private enum Source: Sendable {
        case matrix(DecoderMatrix)
        case stored(StoredTensor, DecoderOrientation)
    }

    /// Wraps encoder vectors already in memory, one feature per row.
    public init(matrix: DecoderMatrix, tensorName: String = "W_enc") {
        rows = matrix.rows
        columns = matrix.columns
        self.tensorName = tensorName
        source = .matrix(matrix)
    }

    /// A stored tensor whose features lie along `orientation`, already checked against the shape.
    init(stored: StoredTensor, orientation: DecoderOrientation) {
        (rows, columns) =
            orientation == .rows ? (stored.shape[0], stored.shape[1]) : (stored.shape[1], stored.shape[0])
        tensorName = stored.name
        source = .stored(stored, orientation)
    }

    /// The encoder with one feature per row, F32 row-major: viewed in place when the file
    /// stores it so in F32, else converted (and transposed for `[d_model, d_sae]` tensors),
    /// after which the file's pages it read are released (they would otherwise stay resident
    /// beside the copy for as long as the file is mapped).
    /// - Complexity: O(1) when mapped, else O(rows × columns) and as many floats of memory.
    public func matrix() throws -> DecoderMatrix {
        switch source {
        case .matrix(let m): return m
        case .stored(let t, let o):
            let m = try t.decoderMatrix(orientation: o)
            if !m.isMemoryMapped { t.bytes.releaseResidentPages() }
            return m
        }
    }
}
