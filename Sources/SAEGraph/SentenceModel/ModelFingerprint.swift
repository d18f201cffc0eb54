import Foundation

extension SentenceModelFolder {
    /// A 64-bit FNV-1a fingerprint of the model, as 16 hex digits: over `config.json`,
    /// `tokenizer.json`, `1_Pooling/config.json`, the size of `model.safetensors`, its header and
    /// 64 blocks of 4 KiB spread evenly over its tensors. Reading all 90 MB of weights would
    /// cost more than the cached query it protects; a weights file edited only between the
    /// sampled blocks, keeping its size and header, would go unnoticed.
    /// - Complexity: O(size of the JSON files) plus 256 KiB of the weights.
    public func fingerprint() throws -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        for file in [configPath, tokenizerPath, poolingPath] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw SAEGraphError(.fileNotFound, "\(file): cannot read the file")
            }
            data.withUnsafeBytes(mix)
        }
        let weights = try MappedFile(path: weightsPath)
        weights.withUnsafeBytes { raw in
            var size = UInt64(raw.count).littleEndian
            withUnsafeBytes(of: &size, mix)
            guard raw.count >= 8 else { return }
            let header = min(8 + Int(raw.loadUnaligned(as: UInt64.self).littleEndian), raw.count)
            mix(UnsafeRawBufferPointer(rebasing: raw[0..<header]))
            let block = 4096
            guard raw.count - header > block else { return }
            for k in 0..<64 {
                let start = header + (raw.count - header - block) * k / 63
                mix(UnsafeRawBufferPointer(rebasing: raw[start..<(start + block)]))
            }
        }
        return String(h, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
