import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct EmbeddingCacheTests {
    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("saegraph-cache-\(UUID().uuidString)").path
    }

    @Test func entriesRoundTripAndMerge() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = EmbeddingCache(directory: dir, fingerprint: "00ff", dimension: 3)
        #expect(cache.lookup(["a", "b"]).allSatisfy { $0 == nil })
        try cache.add([("a", [1, 2, 3]), ("b", [4, 5, 6]), ("wrong width", [1])])
        try cache.add([("c", [7, 8, 9]), ("a", [1, 2, 3])])
        let found = cache.lookup(["c", "a", "zzz", "b", "wrong width", ""])
        #expect(found[0] == [7, 8, 9] && found[1] == [1, 2, 3] && found[3] == [4, 5, 6])
        #expect(found[2] == nil && found[4] == nil && found[5] == nil)
        #expect(cache.path == dir + "/00ff.embeddings")
        // Another model's file, another width: nothing is shared.
        #expect(EmbeddingCache(directory: dir, fingerprint: "0100", dimension: 3).lookup(["a"]) == [nil])
        #expect(EmbeddingCache(directory: dir, fingerprint: "00ff", dimension: 4).lookup(["a"]) == [nil])
    }

    @Test func lookUpsInAnyOrderMatchADictionary() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = EmbeddingCache(directory: dir, fingerprint: "many", dimension: 2)
        let stored = (0..<500).map { k in ("label \(k * 7 % 500)", [Float(k), -Float(k)]) }
        try cache.add(stored)
        let truth = Dictionary(stored, uniquingKeysWith: { a, _ in a })
        var rng = SplitMix64(seed: 9)
        for size in [0, 1, 3, 40, 700] {
            let asked = (0..<size).map { _ in "label \(Int(rng.next() % 600))" } + ["", "label 1", "label 1"]
            #expect(cache.lookup(asked) == asked.map { truth[$0] }, "\(size) texts")
        }
    }

    @Test func brokenFilesAreIgnoredAndReplaced() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = EmbeddingCache(directory: dir, fingerprint: "ab", dimension: 2)
        try cache.add([("x", [1, 2])])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        for cut in [0, 7, 15, bytes.count - 1] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: cache.path))
            #expect(cache.lookup(["x"]) == [nil], "cut at \(cut)")
        }
        bytes[12] = 0xFF  // count far beyond the file
        try bytes.write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.lookup(["x"]) == [nil])
        try cache.add([("y", [3, 4])])
        #expect(cache.lookup(["x", "y"]) == [nil, [3, 4]])
    }

    @Test(.enabled(if: SentenceModelFixture.folder != nil, "needs SAEGRAPH_TEST_MODEL"))
    func sentenceEncoderReadsItsCacheBack() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try #require(SentenceModelFixture.folder)
        let texts = ["religious texts", "spiritual teachings", "religious texts"]
        let first = try SentenceEncoder(folder: folder, cacheDirectory: dir).encode(texts)
        let again = try SentenceEncoder(folder: folder, cacheDirectory: dir).encode(texts)
        #expect(first == again && first[0] == first[2])
        let plain = try #require(SentenceModelFixture.encoder).encode(texts)
        #expect(plain == first)
        let fingerprint = try SentenceModelFolder(path: folder).fingerprint()
        let suffix = BFloat16Weights.isAvailable ? "-bf16" : "-f32"
        #expect(FileManager.default.fileExists(atPath: dir + "/\(fingerprint)\(suffix).embeddings"))
        // F32 embeddings are kept apart from bfloat16 ones, and from the OpenBLAS-computed ones
        // of earlier versions (the bare fingerprint).
        let exact = try SentenceEncoder(folder: folder, cacheDirectory: dir, bfloat16: false)
        #expect(exact.cache?.path == dir + "/\(fingerprint)-f32.embeddings")
    }
}
