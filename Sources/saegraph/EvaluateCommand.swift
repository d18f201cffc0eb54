import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph evaluate`: how well each edge rule agrees with activation-correlation truth.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score edge rules against activation-correlation ground truth.",
        discussion: """
            Re-derives each rule's edges from one graph and reports, per layer pair and rule, the \
            precision of the edges against each source's most correlated target (top-1) and its \
            three most correlated (top-3), and the share of live source features linked. Build the \
            graph once at a low threshold with the null model (threshold and topk rules need \
            their cutoff at or above the build threshold; mutual and auto use the recorded best \
            matches and null model). Truth files: corr_L_L+1.csv (and corr_L_L+1_by_target.csv); \
            live features come from --frequency, else activation_frequency.csv(.gz) beside the first \
            truth file, else from the truth files themselves.

            In text, a second table gives per layer pair the precision–coverage curve of each \
            score the graph records (cosine; csls for the best rule; score where it scored with \
            encoders): p@top1/p@top3 when the best edges of the top 30/40/50/60/70 % of live \
            sources by that score are linked (json and csv: one row per point, rule "top 50% by \
            csls"). Build with \
            --rule best --coverage 1 to score every source, then pick an operating point and build \
            with --coverage F.

            Example:
              saegraph build ./saes --rule threshold --threshold 0.2 --null-model -o low.json
              saegraph evaluate low.json --truth truth/corr_*.csv --threshold 0.5 --threshold 0.7 --mutual 0.3 --top-k 1
            """)

    @OptionGroup var options: GraphOptions

    @Option(
        name: .customLong("truth"), parsing: .upToNextOption,
        help: "Truth CSV files (corr_L_L+1.csv, corr_L_L+1_by_target.csv).")
    var truth: [String]

    @Option(help: "Per-feature frequency CSV (layer,feature,heldout_count,…); live means count > 0.")
    var frequency: String?

    @Option(name: .customLong("threshold"), help: "Evaluate the threshold rule at this cosine (repeatable).")
    var thresholds: [Float] = [0.3, 0.5, 0.7]

    @Option(name: .customLong("mutual"), help: "Evaluate mutual best matches at this floor (repeatable).")
    var mutualFloors: [Float] = [0.3]

    @Option(name: .customLong("top-k"), help: "Evaluate each source's K best targets at --floor (repeatable).")
    var topKs: [Int] = [1]

    @Option(help: "Floor of the topk rules.")
    var floor: Float = EdgeRule.defaultFloor

    @Option(
        name: .customLong("alpha"),
        help: "Evaluate the auto rule at this alpha (repeatable; needs a graph with a null model).")
    var alphas: [Double] = [EdgeRule.defaultAlpha]

    func validate() throws {
        if truth.isEmpty { throw ValidationError("give at least one truth file with --truth corr_L_L+1.csv") }
        for t in thresholds + mutualFloors + [floor] where !(t >= -1 && t <= 1) {
            throw ValidationError("cosines must lie between -1 and 1 (got \(t))")
        }
        if let k = topKs.first(where: { $0 < 1 }) { throw ValidationError("--top-k must be at least 1 (got \(k))") }
        if let a = alphas.first(where: { !($0 > 0 && $0 <= 1) }) {
            throw ValidationError("--alpha must lie in (0, 1] (got \(a))")
        }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let frequencyFile = frequency ?? truth.first.flatMap(CorrelationTruth.frequencyFile(besideTruth:))
        let loaded = try CorrelationTruth.load(paths: truth, frequency: frequencyFile)
        let plan = EvaluationPlan(
            thresholds: thresholds, mutualFloors: mutualFloors, topKs: topKs, floor: floor, alphas: alphas)
        let rows = try Evaluation.evaluate(graph, plan: plan, truth: loaded)
        let curves = CoverageCurve.curves(graph, truth: loaded)
        var text: String
        if options.format == .text {
            text = EvaluationListing.render(rows, format: .text) + EvaluationListing.renderCurves(curves)
        } else {
            // Curve points follow the rules as rows of their own ("top 50% by csls").
            text = EvaluationListing.render(rows + curves.flatMap(\.rows), format: options.format)
        }
        try options.emit(text)
    }
}
