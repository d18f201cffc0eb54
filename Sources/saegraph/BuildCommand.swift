import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph build`: SAEs of several layers → the layered similarity graph file.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compare every decoder direction of each layer with the next layer's and write the graph.",
        discussion: """
            For each consecutive pair of the chosen layers, computes the cosine similarity of \
            every decoder row of the earlier layer with every row of the later one (all \
            features, in tiles, never a full d_sae × d_sae matrix), keeps the pairs with \
            cos ≥ --threshold as edges, and records each feature's best match in the next and \
            previous layer. Edges are exact: a fast candidate pass (--precision: fp32 BLAS, \
            bf16 or int8; auto times each on a sample of the rows, uses the fastest and reports \
            it) proposes candidates and each is decided in double precision, so results do not \
            depend on thread count or kernel. Writes networkx \
            node-link JSON (atomically), which every query command reads.

            Examples:
              saegraph build ./gpt2-small-res-jb --layers 6-9 --labels ./explanations -o graph.json
              saegraph build --sae 6=l6.safetensors --sae 7=l7.safetensors --threshold 0.4 --top-k 5 -o g.json
            """)

    @OptionGroup var input: SAEInputOptions
    @OptionGroup var labelOptions: LabelOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --labels: a sentence-transformers model folder (BERT family, e.g. all-MiniLM-L6-v2); each edge's label similarity and the labels-differ cut-off are computed with it (default: character n-grams) and stored in the graph file.",
            valueName: "dir"))
    var labelModel: String?

    @Option(help: "threshold rule: least cosine similarity for an edge (inclusive).")
    var threshold: Float = 0.5

    @Option(name: .customLong("top-k"), help: "Keep at most K strongest edges per source feature.")
    var topK: Int?

    @Flag(help: "Compare |cos| with the threshold (anti-aligned directions link too); edges keep their sign.")
    var absolute = false

    @Option(
        help:
            "Edge rule: best (each source's best match whose CSLS confidence clears the pair's null floor; the default), threshold (cos ≥ --threshold), mutual (mutual best matches ≥ --floor), topk (each source's --top-k best ≥ --floor) or auto (significant mutual best matches); see docs/edge-rules.md."
    )
    var rule: EdgeRuleChoice = .best

    @Option(help: "Least cosine for the mutual and topk rules (inclusive).")
    var floor: Float = EdgeRule.defaultFloor

    @Option(
        help:
            "best and auto rules: expected chance links per layer pair under the null model (default 0.01 for best, 0.05 for auto)."
    )
    var alpha: Double?

    @Option(name: .customLong("csls-k"), help: "best rule: neighbours averaged into each row's CSLS density.")
    var cslsK = EdgeRule.defaultCSLSK

    @Option(
        help:
            "best rule: link the best match of this top fraction of each pair's sources by confidence, instead of the null floor (e.g. 0.5)."
    )
    var coverage: Double?

    @Option(
        help:
            "best rule: auto (score candidates by the mean of four decoder and encoder cosines where both layers of a pair carry an encoder), decoder (decoder cosine only) or encoder (encoders on every pair; an error when a layer has none)."
    )
    var scoring: ScoringChoice = .auto

    @Flag(
        name: .customLong("null-model"),
        help:
            "Compute the rotation null model per layer pair and write z and p on every edge (always on with --rule auto)."
    )
    var nullModel = false

    @Option(name: .customLong("null-rows"), help: "Source rows sampled per layer pair by the null model.")
    var nullRows = 256

    @Option(name: .customLong("null-seed"), help: "Seed of the null model's random rotations.")
    var nullSeed: UInt64 = 0

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(
        help:
            "Arithmetic of the candidate pass: auto (time each available one, use the fastest), fp32, bf16 or int8 (results are identical; only speed differs)."
    )
    var precision: SimilarityPrecision = .auto

    @Option(name: .shortAndLong, help: "The graph file to write (.json).")
    var output: String

    @Flag(help: "No progress bar or summary on stderr.")
    var quiet = false

    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        guard threshold.isFinite, threshold >= -1, threshold <= 1 else {
            throw ValidationError("--threshold must be a cosine between -1 and 1, e.g. 0.5 (got \(threshold))")
        }
        if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1 (got \(topK))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        guard floor.isFinite, floor >= -1, floor <= 1 else {
            throw ValidationError("--floor must be a cosine between -1 and 1, e.g. 0.3 (got \(floor))")
        }
        if let alpha, !(alpha > 0 && alpha <= 1) {
            throw ValidationError("--alpha must lie in (0, 1], e.g. 0.01 (got \(alpha))")
        }
        guard cslsK >= 1, cslsK <= SimilarityOptions.maximumNeighbours else {
            throw ValidationError(
                "--csls-k must lie in 1...\(SimilarityOptions.maximumNeighbours), e.g. 10 (got \(cslsK))")
        }
        if let coverage, !(coverage > 0 && coverage <= 1) {
            throw ValidationError("--coverage must lie in (0, 1], e.g. 0.5 (got \(coverage))")
        }
        if coverage != nil && rule != .best { throw ValidationError("--coverage applies to --rule best only") }
        if scoring == .encoder && rule != .best {
            throw ValidationError("--scoring encoder applies to --rule best only; pass --scoring decoder")
        }
        if scoring == .encoder && absolute {
            throw ValidationError("--scoring encoder does not combine with --absolute; pass --scoring decoder")
        }
        if rule == .topk && topK == nil { throw ValidationError("--rule topk needs --top-k K, e.g. --top-k 3") }
        if nullRows < 1 { throw ValidationError("--null-rows must be at least 1 (got \(nullRows))") }
        guard (output as NSString).pathExtension.lowercased() == "json" else {
            throw ValidationError(
                "--output must end in .json: build writes a node-link JSON graph file (got '\(output)'); convert it afterwards with `saegraph edges` or `saegraph export`."
            )
        }
        try validateShard()
    }

    /// The rule the options name.
    var edgeRule: EdgeRule {
        switch rule {
        case .threshold: .threshold(threshold)
        case .mutual: .mutual(floor: floor)
        case .topk: .topK(topK ?? 1, floor: floor)
        case .auto: .auto(alpha: alpha ?? EdgeRule.defaultAlpha)
        case .best: .best(k: cslsK, alpha: alpha ?? EdgeRule.defaultBestAlpha, coverage: coverage)
        }
    }

    func run() throws {
        let started = Date()
        if sharding.plan && sharding.shape != nil { return try printPlan([]) }
        let saes = try SAELoader.loadAll(
            try input.sources(maxDecompressed: labelOptions.maxDecompressed.bytes), layers: try input.selection())
        if sharding.plan { return try printPlan(saes) }
        let labels = try labelOptions.load()
        if !quiet { warnAboutBLAS() }
        let build = GraphBuild(
            rule: edgeRule,
            options: SimilarityOptions(
                threshold: threshold, topK: topK, absolute: absolute, threads: threads, precision: precision),
            nullModel: nullModel, nullModelOptions: NullModelOptions(sampleRows: nullRows, seed: nullSeed),
            labels: labels, shard: try sharding.shardSpec(), recompute: sharding.recompute,
            labelEncoder: try labelEncoder(), scoring: scoring)
        let summary = try build.run(
            saes, writingTo: output, started: started, progress: ProgressBar.handler(quiet: quiet))
        if !quiet { CLIOutput.err(summary) }
    }

    /// The sentence model of `--label-model` (embeddings cached in the user cache folder).
    private func labelEncoder() throws -> (any LabelEncoder)? {
        guard let labelModel else { return nil }
        var encoder = try SentenceEncoder(folder: labelModel, cacheDirectory: EmbeddingCache.defaultDirectory)
        encoder.progress = ProgressBar.handler(quiet: quiet)
        return encoder
    }

    /// Debian's OpenBLAS runs 5x slower on AVX-512 CPUs unless it was told the core type.
    private func warnAboutBLAS() {
        let core = BLASInfo.coreName.lowercased()
        if core == "prescott" || core == "core2" || core == "nehalem",
            BLASEnvironment.preferredCore() != nil
        {
            CLIOutput.warn(
                "OpenBLAS is using its slow '\(BLASInfo.coreName)' kernels on this CPU; set OPENBLAS_CORETYPE=\(BLASEnvironment.preferredCore()!) for full speed"
            )
        }
    }
}

extension SimilarityPrecision: ExpressibleByArgument {}
extension ScoringChoice: ExpressibleByArgument {}

/// The `--rule` choices.
enum EdgeRuleChoice: String, ExpressibleByArgument, CaseIterable {
    case best, threshold, mutual, topk, auto
}
