import CKernels

/// The vector instructions a scan or refinement loop of CKernels runs (`CK_WAY_*`): every way
/// gives the same integers and decisions (the refinement's F32 sums differ only in order,
/// within their bound), so the choice changes only speed.
enum VectorWay: Int32, Sendable, CaseIterable {
    /// One element at a time, in plain C: any CPU.
    case plain = 0
    /// 16 lanes of AVX-512 (F for the scan; F, BW and VL for the 16-bit refinement).
    case avx512 = 1
    /// 8 lanes of AVX2 with FMA: CPUs without AVX-512, such as AMD EPYC Zen 3.
    case avx2 = 2

    /// True when this CPU executes AVX2 and FMA.
    static let hasAVX2: Bool = ck_has_avx2() != 0

    /// The ways this CPU runs when AVX-512 takes `hasWide`: the plain one, AVX2 where present,
    /// and AVX-512 where `hasWide`.
    static func available(hasWide: Bool) -> [VectorWay] {
        allCases.filter { $0 == .plain || ($0 == .avx2 && hasAVX2) || ($0 == .avx512 && hasWide) }
    }

    /// The fastest of ``available(hasWide:)``: AVX-512, then AVX2, then plain.
    static func fastest(hasWide: Bool) -> VectorWay { hasWide ? .avx512 : hasAVX2 ? .avx2 : .plain }
}
