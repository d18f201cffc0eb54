/// The arithmetic that one scan's candidate pass runs: what a ``SimilarityPrecision``
/// resolves to on this CPU.
public enum CandidateKernel: String, Sendable, CaseIterable {
    /// OpenBLAS sgemm.
    case fp32
    /// bfloat16 `vdpbf16ps` (AVX512-BF16).
    case bf16
    /// int8 `vpdpbusd` on 512-bit vectors (AVX512-VNNI).
    case int8 = "int8-avx512"
    /// int8 `vpdpbusd` on 256-bit vectors (AVX-VNNI), for CPUs without AVX512-VNNI.
    case int8Narrow = "int8-avx256"
    /// int8 `vpmaddubsw` + `vpmaddwd` on 256-bit vectors (AVX2), for CPUs without VNNI; its
    /// source rows have 63 levels (see ``Int8Kernel``).
    case int8AVX2 = "int8-avx2"

    /// True when this CPU executes the kernel.
    public var isAvailable: Bool {
        switch self {
        case .fp32: true
        case .bf16: ReducedPrecisionKernel.isAvailable
        case .int8: Int8Kernel.hasWide
        case .int8Narrow: Int8Kernel.hasNarrow
        case .int8AVX2: Int8Kernel.hasAVX2
        }
    }

    /// Whether the kernel takes rows of `columns` elements.
    func accepts(columns: Int) -> Bool {
        switch self {
        case .fp32, .bf16: true
        case .int8, .int8Narrow, .int8AVX2: columns <= Int8Kernel.maximumColumns
        }
    }

    /// The kernels ``SimilarityPrecision/auto`` times for rows of `columns`: every available
    /// one, or only `fp32` for rows shorter than ``minimumReducedColumns``.
    static func candidates(columns: Int) -> [CandidateKernel] {
        guard columns >= minimumReducedColumns else { return [.fp32] }
        var all = allCases.filter { $0.isAvailable && $0.accepts(columns: columns) }
        // The 256-bit int8 kernel only where the 512-bit one is missing, the AVX2 one only
        // where both VNNI kernels are.
        if all.contains(.int8) { all.removeAll { $0 == .int8Narrow } }
        if all.contains(.int8) || all.contains(.int8Narrow) { all.removeAll { $0 == .int8AVX2 } }
        return all
    }

    /// Rows shorter than this stay in F32 under `.auto`: reduced precision's wider margin
    /// re-checks more candidates, and short rows leave little product work to save.
    static let minimumReducedColumns = 64

    /// The kernel an explicit precision names on this CPU (`nil` for `.auto`, which is
    /// measured). `int8` takes the 512-bit kernel where present, then the 256-bit VNNI one, then
    /// the AVX2 one; a kernel that does not
    /// accept the row length, or is missing, falls back to `fp32`.
    static func explicit(_ precision: SimilarityPrecision, columns: Int) -> CandidateKernel? {
        let k: CandidateKernel
        switch precision {
        case .auto: return nil
        case .fp32: k = .fp32
        case .bf16: k = .bf16
        case .int8: k = Int8Kernel.hasWide ? .int8 : Int8Kernel.hasNarrow ? .int8Narrow : .int8AVX2
        }
        return k.isAvailable && k.accepts(columns: columns) ? k : .fp32
    }
}
