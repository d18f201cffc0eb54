extension DecoderMatrix {
    /// Rows the fingerprint reads: all of them up to 16, else 16 evenly spaced ones
    /// (`k · (rows − 1) / 15`, first and last included).
    static let fingerprintSamples = 16

    /// A cheap content fingerprint: 64-bit FNV-1a over the shape and the F32 bit patterns of
    /// the sampled rows, as 16 hex digits. Equal decoders always agree; a decoder whose shape
    /// or any sampled row differs almost surely does not (a change confined to rows that are
    /// not sampled goes unnoticed — it is a guard against mixing up files, not a checksum).
    ///
    /// - Complexity: O(16 · columns); reads only the sampled rows.
    public func fingerprint() -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64, bytes: Int) {
            for b in 0..<bytes {
                hash ^= (word >> (8 * UInt64(b))) & 0xFF
                hash = hash &* 0x100_0000_01b3
            }
        }
        mix(UInt64(rows), bytes: 8)
        mix(UInt64(columns), bytes: 8)
        let n = Self.fingerprintSamples
        let sampled = rows <= n ? Array(0..<rows) : (0..<n).map { $0 * (rows - 1) / (n - 1) }
        withUnsafeValues { v in
            for r in sampled {
                for x in v[(r * columns)..<((r + 1) * columns)] { mix(UInt64(x.bitPattern), bytes: 4) }
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
