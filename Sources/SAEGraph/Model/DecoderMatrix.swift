import Foundation

/// The decoder directions of one SAE: `rows` features (d_sae), each a vector of `columns`
/// floats (d_model), row-major F32.
///
/// F32 tensors stored row-major in a file are memory-mapped, not copied; other dtypes and
/// column-major layouts are converted once into owned memory. The matrix is immutable.
public struct DecoderMatrix: Sendable {
    /// Number of features (d_sae).
    public let rows: Int
    /// Dimension of each direction (d_model).
    public let columns: Int
    let storage: FloatStorage

    /// Wraps owned values (row-major, `rows * columns` floats).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "DecoderMatrix: value count does not match shape")
        self.rows = rows
        self.columns = columns
        self.storage = FloatStorage(owning: values)
    }

    /// Wraps storage prepared by a loader (e.g. a mapped file region).
    package init(rows: Int, columns: Int, storage: FloatStorage) {
        precondition(storage.count == rows * columns, "DecoderMatrix: storage size does not match shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Calls `body` with all values, row-major. The pointer must not escape `body`.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// A copy of row `i` (feature `i`'s decoder direction).
    public func row(_ i: Int) -> [Float] {
        precondition(i >= 0 && i < rows, "DecoderMatrix.row: index out of range")
        return withUnsafeValues { Array($0[(i * columns)..<((i + 1) * columns)]) }
    }

    /// True when the values live in a memory-mapped file rather than owned memory.
    public var isMemoryMapped: Bool { storage.isMapped }

    /// Lets the kernel drop the values' resident pages when they live in a mapped file
    /// (``MappedFile/releasePages(_:)``); owned values stay. The values do not change: a later
    /// read maps the pages again from the file (from the page cache, unless memory ran short).
    /// A build calls it once a layer's rows are not needed for a while, so that its resident
    /// memory holds the two layers of one pair, not every layer it has read.
    public func releaseResidentPages() {
        guard let file = storage.mappedFile, let base = storage.base else { return }
        file.releasePages(at: UnsafeRawPointer(base), bytes: storage.count * MemoryLayout<Float>.stride)
    }
}

/// Owner of a block of floats: either an owned allocation or a region of a mapped file.
/// Reference type because identity matters: it frees exactly once, or keeps the mapping
/// alive for as long as any matrix views it.
package final class FloatStorage: @unchecked Sendable {
    let base: UnsafePointer<Float>?
    let count: Int
    let isMapped: Bool
    private let owned: UnsafeMutablePointer<Float>?
    private let keepAlive: AnyObject?

    init(owning values: [Float]) {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
        base = UnsafePointer(p)
        count = values.count
        isMapped = false
        owned = p
        keepAlive = nil
    }

    /// Takes ownership of an allocation of `count` floats made with `allocate`.
    package init(adopting pointer: UnsafeMutablePointer<Float>, count: Int) {
        base = UnsafePointer(pointer)
        self.count = count
        isMapped = false
        owned = pointer
        keepAlive = nil
    }

    /// Views `count` floats inside a mapping; `keepAlive` owns (and unmaps) the mapping.
    init(mapped pointer: UnsafePointer<Float>, count: Int, keepAlive: AnyObject) {
        base = pointer
        self.count = count
        isMapped = true
        owned = nil
        self.keepAlive = keepAlive
    }

    /// The mapping the values lie in, when they are mapped.
    var mappedFile: MappedFile? { keepAlive as? MappedFile }

    deinit { owned?.deallocate() }
}
