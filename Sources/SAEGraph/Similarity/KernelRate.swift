import Foundation

/// The rate of the similarity engine on this machine, measured: the exact engine
/// (``PairScan``: candidate products, selection and the Double re-check) runs on random unit
/// rows of the given width, and the rate is its flops (`2 · sources · targets · d`) per second
/// of wall time. Used to estimate how long a build or a shard takes.
public enum KernelRate {
    /// Measures the engine on `sources × d` against `targets × d` random rows with `threads`
    /// workers at threshold 0.5 (random directions almost never reach it, so the figure is
    /// the rate of the products and the scan); the best of `repeats` runs.
    ///
    /// - Returns: flops per second.
    /// - Complexity: `2 · sources · targets · d · repeats` flops; memory `(sources + targets) · d`
    ///   floats plus the engine's tiles.
    public static func measure(
        dModel d: Int, threads: Int, sources: Int = 2048, targets: Int = 8192, repeats: Int = 2,
        precision: SimilarityPrecision = .auto
    ) throws -> Double {
        guard d >= 1, threads >= 1, sources >= 1, targets >= 1 else {
            throw SAEGraphError(
                .invalidArgument, "kernel rate: width \(d), threads \(threads) and row counts must be at least 1")
        }
        var rng = SeededRandom(seed: 17)
        func rows(_ n: Int) -> DecoderMatrix {
            DecoderMatrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in Float(rng.nextNormal()) })
        }
        let s = try NormalizedRows(rows(sources), excluded: [], what: "kernel rate source")
        let t = try NormalizedRows(rows(targets), excluded: [], what: "kernel rate target")
        let options = SimilarityOptions(threshold: 0.5, threads: threads, precision: precision)
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = PairScan(source: s, target: t, options: options).run(stage: "kernel rate", progress: nil)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(sources) * Double(targets) * Double(d) / max(best, 1e-9)
    }
}
