import Foundation

/// A sentence model as a ``LabelEncoder``: WordPiece tokens, the BERT forward pass, mean
/// pooling over the tokens, L2 normalisation. Cosines lie in [-1, 1].
///
/// With an ``EmbeddingCache`` embeddings already on disk are read back and only the others are
/// computed; the weights are read on first need, so a query whose labels are
/// all cached never loads the model. Texts to compute are deduplicated, sorted by token count
/// (then text) and cut into batches of at most ``batchTokens`` tokens (packed, no padding);
/// batches run on all cores. Each text's embedding is computed alone within its batch
/// (``BertEncoder``), so it depends neither on the thread count nor on the other texts, and
/// an embedding read from the cache has the bits a fresh run computes.
///
/// ```swift
/// let model = try SentenceEncoder(folder: "models/all-MiniLM-L6-v2")
/// let v = model.encode(["religious texts", "spiritual teachings"])
/// v[0].cosine(v[1])  // about 0.6
/// ```
public struct SentenceEncoder: LabelEncoder {
    public let folder: SentenceModelFolder
    /// Where embeddings persist between runs; nil keeps none.
    public let cache: EmbeddingCache?
    public let tokenizer: WordPieceTokenizer
    /// Threads; nil for every core.
    public var threads: Int?
    /// Called after each batch with texts encoded so far (of those not cached).
    public var progress: ProgressHandler?
    private let model: LazySentenceModel

    /// Tokens per forward pass (a longer sequence makes a batch of its own): large enough
    /// that the matrix products run near full speed, small enough that a batch's activations
    /// (about `tokens · (5H + I)` floats, 9 MB for MiniLM) stay in the last-level cache.
    public static let batchTokens = 1024

    /// Reads the tokenizer and checks the folder and every weight's name, shape and dtype (the
    /// weights' values are read on first need).
    /// - Parameter cacheDirectory: a folder for ``EmbeddingCache`` (e.g.
    ///   ``EmbeddingCache/defaultDirectory``); nil for none.
    /// - Throws: ``SAEGraphError`` with one line naming the file at fault.
    /// - Parameter bfloat16: on a CPU with AVX512-BF16, multiply the dense layers in bfloat16
    ///   (products summed in F32; about twice as fast, embeddings within a cosine of 0.9999 of
    ///   the F32 ones); false, or another CPU, multiplies in F32. The cache keeps the two apart,
    ///   and keeps F32 embeddings of ``F32Weights`` (`-f32`) apart from those earlier versions
    ///   computed with OpenBLAS, whose bits depended on the batch.
    public init(folder path: String, cacheDirectory: String? = nil, threads: Int? = nil, bfloat16: Bool = true)
        throws
    {
        let folder = try SentenceModelFolder(path: path)
        try BertWeights.check(folder: folder)
        self.folder = folder
        tokenizer = try WordPieceTokenizer(path: folder.tokenizerPath, maxTokens: folder.maxTokens)
        let reduced = bfloat16 && BFloat16Weights.isAvailable
        cache = try cacheDirectory.map {
            EmbeddingCache(
                directory: $0, fingerprint: try folder.fingerprint() + (reduced ? "-bf16" : "-f32"),
                dimension: folder.config.hiddenSize)
        }
        model = LazySentenceModel(folder, bfloat16: reduced)
        self.threads = threads
    }

    public var measureName: String { folder.name }

    /// Token ids of `text` as the model reads it (`[CLS]` … `[SEP]`).
    public func tokens(_ text: String) -> [Int32] { tokenizer.encode(text) }

    /// Mean-pooled embeddings (not normalised) of `texts`, in order.
    public func embeddings(_ texts: [String]) -> [[Float]] {
        var index: [String: Int] = [:]
        var distinct: [String] = []
        for t in texts where index[t] == nil {
            index[t] = distinct.count
            distinct.append(t)
        }
        var pooled = cache?.lookup(distinct) ?? distinct.map { _ in nil }
        let missing = distinct.indices.filter { pooled[$0] == nil }
        if !missing.isEmpty {
            let computed = compute(missing.map { distinct[$0] })
            for (i, v) in zip(missing, computed) { pooled[i] = v }
            // A cache that cannot be written costs speed next time, not this answer.
            try? cache?.add(zip(missing, computed).map { (distinct[$0], $1) })
        }
        return texts.map { pooled[index[$0]!]! }
    }

    private func compute(_ distinct: [String]) -> [[Float]] {
        let encoder = model.encoder
        let tokens = distinct.map(tokenizer.encode)
        let order = distinct.indices.sorted { (tokens[$0].count, distinct[$0]) < (tokens[$1].count, distinct[$1]) }
        var batches: [[Int]] = []
        var batchTokens = 0
        for i in order {
            if batches.isEmpty || batchTokens + tokens[i].count > Self.batchTokens {
                batches.append([])
                batchTokens = 0
            }
            batches[batches.count - 1].append(i)
            batchTokens += tokens[i].count
        }
        let counter = ProgressCounter(
            stage: "embedding labels", total: distinct.count, handler: progress, unit: "labels")
        let results = parallelTiles(
            count: batches.count, workers: threads ?? ProcessInfo.processInfo.activeProcessorCount, scratchCount: 0
        ) { b, _, _ in
            let out = encoder.pooled(batches[b].map { tokens[$0] })
            counter.add(batches[b].count)
            return out
        }
        var pooled = [[Float]](repeating: [], count: distinct.count)
        for (batch, vectors) in zip(batches, results) {
            for (i, v) in zip(batch, vectors) { pooled[i] = v }
        }
        return pooled
    }

    public func encode(_ texts: [String]) -> [LabelVector] {
        embeddings(texts).map(LabelVector.init(dense:))
    }
}

/// The weights of a checked folder, read once on first use by whichever thread asks first.
final class LazySentenceModel: @unchecked Sendable {
    private let folder: SentenceModelFolder
    private let bfloat16: Bool
    private let lock = NSLock()
    private var value: BertEncoder?

    init(_ folder: SentenceModelFolder, bfloat16: Bool) {
        self.folder = folder
        self.bfloat16 = bfloat16
    }

    var encoder: BertEncoder {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        do {
            let v = BertEncoder(config: folder.config, weights: try BertWeights(folder: folder), bfloat16: bfloat16)
            value = v
            return v
        } catch {
            // Every tensor's name, shape and dtype was checked when the encoder was made; this
            // is a weights file changed or removed since.
            fatalError("\(error)")
        }
    }
}
