import Foundation

/// A sentence model as a ``LabelEncoder``: WordPiece tokens, the BERT forward pass, mean
/// pooling over the tokens, L2 normalisation. Cosines lie in [-1, 1].
///
/// Texts are deduplicated, sorted by token count (then text) and cut into batches of
/// ``batchSize``; batches run on all cores, each with single-threaded BLAS. The batches depend
/// only on the set of texts asked for, never on the thread count, so the same request gives the
/// same bits.
///
/// ```swift
/// let model = try SentenceEncoder(folder: "models/all-MiniLM-L6-v2")
/// let v = model.encode(["religious texts", "spiritual teachings"])
/// v[0].cosine(v[1])  // about 0.6
/// ```
public struct SentenceEncoder: LabelEncoder {
    public let folder: SentenceModelFolder
    public let tokenizer: WordPieceTokenizer
    let encoder: BertEncoder
    /// Threads; nil for every core.
    public var threads: Int?
    /// Called after each batch with texts encoded so far (of the distinct texts asked for).
    public var progress: ProgressHandler?

    /// Sequences per forward pass.
    public static let batchSize = 32

    /// Reads and checks the folder, the tokenizer and every weight.
    /// - Throws: ``SAEGraphError`` with one line naming the file at fault.
    public init(folder path: String, threads: Int? = nil) throws {
        folder = try SentenceModelFolder(path: path)
        tokenizer = try WordPieceTokenizer(path: folder.tokenizerPath, maxTokens: folder.maxTokens)
        encoder = BertEncoder(config: folder.config, weights: try BertWeights(folder: folder))
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
        let tokens = distinct.map(tokenizer.encode)
        let order = distinct.indices.sorted { (tokens[$0].count, distinct[$0]) < (tokens[$1].count, distinct[$1]) }
        let batches = stride(from: 0, to: order.count, by: Self.batchSize).map {
            Array(order[$0..<min($0 + Self.batchSize, order.count)])
        }
        let counter = ProgressCounter(
            stage: "embedding labels", total: distinct.count, handler: progress, unit: "labels")
        let results = BLAS.withSingleThreadedCalls {
            parallelTiles(
                count: batches.count, workers: threads ?? ProcessInfo.processInfo.activeProcessorCount, scratchCount: 0
            ) { b, _, _ in
                let out = encoder.pooled(batches[b].map { tokens[$0] })
                counter.add(batches[b].count)
                return out
            }
        }
        var pooled = [[Float]](repeating: [], count: distinct.count)
        for (batch, vectors) in zip(batches, results) {
            for (i, v) in zip(batch, vectors) { pooled[i] = v }
        }
        return texts.map { pooled[index[$0]!] }
    }

    public func encode(_ texts: [String]) -> [LabelVector] {
        embeddings(texts).map(LabelVector.init(dense:))
    }
}
