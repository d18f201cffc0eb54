import ArgumentParser
import SAEGraph

/// `--label-model DIR` (and `--quiet` for its progress), shared by every command that shows
/// label similarity.
struct LabelModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A sentence-transformers model folder (BERT family, e.g. all-MiniLM-L6-v2) to compare labels by meaning instead of character n-grams.",
            valueName: "dir"))
    var labelModel: String?

    @Flag(name: .long, help: "No progress bar while labels are embedded.")
    var quiet = false

    /// The sentence model of `--label-model` (embeddings cached in the user cache folder,
    /// ``EmbeddingCache/defaultDirectory``);
    /// nil for the default character n-grams.
    func encoder() throws -> (any LabelEncoder)? {
        guard let labelModel else { return nil }
        var encoder = try SentenceEncoder(folder: labelModel, cacheDirectory: EmbeddingCache.defaultDirectory)
        encoder.progress = ProgressBar.handler(quiet: quiet)
        return encoder
    }

    /// The label similarity of `graph`'s labels with the chosen measure; nil without labels.
    func coherence(for graph: LayeredGraph) throws -> LabelCoherence? {
        guard !graph.labels.isEmpty else { return nil }
        return LabelCoherence(graph: graph, encoder: try encoder())
    }
}
