import Foundation

/// Sentence embeddings kept on disk between runs, keyed by the model's fingerprint
/// (``SentenceModelFolder/fingerprint()``) and the label's text, so that a second query over
/// the same labels does not load the model at all.
///
/// One file per model, `DIR/<fingerprint>.embeddings`, memory-mapped; the texts asked for are
/// looked up in hash order, each search starting where the last ended, and nothing is read
/// but the records passed over and the entries found. Layout, little-endian:
/// `"SAEGEMB1"`, dimension (u32), count (u32); `count` records of (FNV-1a-64 hash of the UTF-8
/// text, text offset u64, text length u64) sorted by hash then text; `count × dimension` F32
/// vectors in record order; the texts. A hit compares the stored text, so a hash collision is
/// a miss, never a wrong vector. New entries are merged in and the file replaced atomically
/// (``AtomicFile``); two processes adding at once lose one side's additions, not correctness.
/// A file that does not parse is ignored (and replaced on the next write).
public struct EmbeddingCache: Sendable {
    public let path: String
    public let dimension: Int

    /// The user cache folder: `$XDG_CACHE_HOME/saegraph/embeddings`, else
    /// `~/.cache/saegraph/embeddings`.
    public static var defaultDirectory: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        return base + "/saegraph/embeddings"
    }

    public init(directory: String, fingerprint: String, dimension: Int) {
        path = directory + "/" + fingerprint + ".embeddings"
        self.dimension = dimension
    }

    private static let magic = Array("SAEGEMB1".utf8)
    private static let recordSize = 24

    /// The cached vectors of `texts` (nil where absent), in order.
    public func lookup(_ texts: [String]) -> [[Float]?] {
        guard FileManager.default.fileExists(atPath: path), let file = try? MappedFile(path: path) else {
            return texts.map { _ in nil }
        }
        return file.withUnsafeBytes { raw in
            guard let count = header(raw, checkingRecords: false) else { return texts.map { _ in nil } }
            // In hash order, so that the records and vectors are read front to back, each
            // search starting where the last one ended.
            let hashes = texts.map(Self.hash)
            var found = [[Float]?](repeating: nil, count: texts.count)
            var cursor = 0
            for i in texts.indices.sorted(by: { hashes[$0] < hashes[$1] }) {
                cursor = firstRecord(atLeast: hashes[i], from: cursor, raw, count)
                found[i] = find(texts[i], hash: hashes[i], from: cursor, raw, count)
            }
            return found
        }
    }

    /// Adds `entries` (text, vector) to the file, keeping what it holds.
    /// - Throws: ``SAEGraphError`` `.writeFailed` when the folder or file cannot be written.
    public func add(_ entries: [(String, [Float])]) throws {
        guard !entries.isEmpty else { return }
        var all: [(hash: UInt64, text: [UInt8], vector: [Float])] = []
        if FileManager.default.fileExists(atPath: path), let file = try? MappedFile(path: path) {
            file.withUnsafeBytes { raw in
                guard let count = header(raw, checkingRecords: true) else { return }
                for i in 0..<count {
                    let r = record(raw, i)
                    all.append((r.hash, Array(raw[r.text]), vector(raw, count, i)))
                }
            }
        }
        for (text, v) in entries where v.count == dimension {
            all.append((Self.hash(text), Array(text.utf8), v))
        }
        all.sort { ($0.hash, $0.text.lexicographicallyPrecedes($1.text) ? 0 : 1) < ($1.hash, 0) }
        var unique: [(hash: UInt64, text: [UInt8], vector: [Float])] = []
        for e in all where unique.last.map({ $0.hash != e.hash || $0.text != e.text }) ?? true { unique.append(e) }
        var out = Data(Self.magic)
        func put<T: FixedWidthInteger>(_ x: T) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(dimension))
        put(UInt32(unique.count))
        let textStart = 16 + unique.count * (Self.recordSize + 4 * dimension)
        var offset = textStart
        for e in unique {
            put(e.hash)
            put(UInt64(offset))
            put(UInt64(e.text.count))
            offset += e.text.count
        }
        for e in unique { for x in e.vector { put(x.bitPattern) } }
        for e in unique { out.append(contentsOf: e.text) }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(out, to: path)
    }

    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The entry count when the header and the sizes it implies are sound, and, when
    /// `checkingRecords`, every record's text lies within the file (a lookup checks only the
    /// records it reads, so that it costs O(texts asked for · log count), not O(count)).
    private func header(_ raw: UnsafeRawBufferPointer, checkingRecords: Bool) -> Int? {
        guard raw.count >= 16, Array(raw[0..<8]) == Self.magic,
            Int(raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian) == dimension
        else { return nil }
        let count = Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
        guard 16 + count * (Self.recordSize + 4 * dimension) <= raw.count else { return nil }
        if checkingRecords {
            for i in 0..<count where record(raw, i).text.upperBound > raw.count { return nil }
        }
        return count
    }

    private func record(_ raw: UnsafeRawBufferPointer, _ i: Int) -> (hash: UInt64, text: Range<Int>) {
        let base = 16 + i * Self.recordSize
        let offset = Int(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self).littleEndian)
        let length = Int(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self).littleEndian)
        let hash = raw.loadUnaligned(fromByteOffset: base, as: UInt64.self).littleEndian
        guard offset >= 0, length >= 0, offset <= raw.count - length else { return (hash, raw.count..<(raw.count + 1)) }
        return (hash, offset..<(offset + length))
    }

    private func vector(_ raw: UnsafeRawBufferPointer, _ count: Int, _ i: Int) -> [Float] {
        let base = 16 + count * Self.recordSize + i * 4 * dimension
        return [Float](unsafeUninitializedCapacity: dimension) { out, n in
            #if _endian(little)
                UnsafeMutableRawBufferPointer(out).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[base..<(base + 4 * dimension)]))
            #else
                for j in 0..<dimension {
                    out[j] = Float(
                        bitPattern: raw.loadUnaligned(fromByteOffset: base + 4 * j, as: UInt32.self).littleEndian)
                }
            #endif
            n = dimension
        }
    }

    private func recordHash(_ raw: UnsafeRawBufferPointer, _ i: Int) -> UInt64 {
        raw.loadUnaligned(fromByteOffset: 16 + i * Self.recordSize, as: UInt64.self).littleEndian
    }

    /// The first record at or after `start` whose hash is at least `h` (`count` when none):
    /// steps of 1, 2, 4, … from `start`, then bisection of the last step.
    /// - Complexity: O(log(distance from `start`)).
    private func firstRecord(atLeast h: UInt64, from start: Int, _ raw: UnsafeRawBufferPointer, _ count: Int) -> Int {
        var lo = start
        var hi = start
        var step = 1
        while hi < count && recordHash(raw, hi) < h {
            lo = hi + 1
            hi = min(count, hi + step)
            step *= 2
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if recordHash(raw, mid) < h { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The vector of `text` among the records of hash `h` from `first` on.
    private func find(_ text: String, hash h: UInt64, from first: Int, _ raw: UnsafeRawBufferPointer, _ count: Int)
        -> [Float]?
    {
        var text = text
        return text.withUTF8 { bytes in
            var i = first
            while i < count, case let r = record(raw, i), r.hash == h {
                // A record whose text lies outside the file (a damaged file) never matches.
                if r.text.upperBound <= raw.count, r.text.count == bytes.count,
                    bytes.isEmpty || memcmp(raw.baseAddress! + r.text.lowerBound, bytes.baseAddress!, bytes.count) == 0
                {
                    return vector(raw, count, i)
                }
                i += 1
            }
            return nil
        }
    }
}
