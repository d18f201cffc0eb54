/// One shard of a sharded build: shard `index` of `count` (1-based), written `3/8`.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    /// Which shard, `1...count`.
    public let index: Int
    /// How many shards the build is split into.
    public let count: Int

    /// The most shards a build may be split into.
    public static let maximumCount = 1_000_000

    /// - Throws: ``SAEGraphError`` `.invalidArgument` unless `1 ≤ index ≤ count ≤ maximumCount`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= Self.maximumCount, index >= 1, index <= count else {
            throw SAEGraphError(
                .invalidArgument,
                "shard \(index)/\(count) is not valid: write I/N with 1 ≤ I ≤ N ≤ \(Self.maximumCount), e.g. 3/8")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, e.g. `3/8`.
    /// - Throws: ``SAEGraphError`` `.invalidArgument` naming the text.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw SAEGraphError(
                .invalidArgument, "shard '\(text)' is not I/N; write e.g. 3/8 for the third of eight shards")
        }
        try self.init(index: i, count: n)
    }

    /// `3/8`.
    public var description: String { "\(index)/\(count)" }
}
