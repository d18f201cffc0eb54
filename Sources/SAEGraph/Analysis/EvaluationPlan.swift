import Foundation

/// The rules `saegraph evaluate` is asked to judge: each cutoff of each rule kind. Which of them
/// a graph can re-derive is decided by ``rules(for:)``.
public struct EvaluationPlan: Sendable, Equatable {
    /// Cosines of the threshold rule.
    public var thresholds: [Float]
    /// Floors of the mutual-best-match rule.
    public var mutualFloors: [Float]
    /// K of the top-k rule, each at `floor`.
    public var topKs: [Int]
    public var floor: Float
    /// Alphas of the auto rule.
    public var alphas: [Double]

    public init(thresholds: [Float], mutualFloors: [Float], topKs: [Int], floor: Float, alphas: [Double]) {
        self.thresholds = thresholds
        self.mutualFloors = mutualFloors
        self.topKs = topKs
        self.floor = floor
        self.alphas = alphas
    }

    /// The named rules `graph` supports, in listing order: threshold rules at or above the build
    /// threshold and top-k rules with a floor at or above it (only for a plain threshold build
    /// without `--top-k`), then, with recorded best matches, the mutual rules and, with a
    /// recorded null model, the auto rules. Rules the graph cannot re-derive are left out.
    public func rules(for graph: LayeredGraph) -> [(name: String, rule: EdgeRule)] {
        let m = graph.metadata
        var rules: [(name: String, rule: EdgeRule)] = []
        if m.rule.isThreshold && m.topK == nil {
            rules += thresholds.filter { $0 >= m.threshold }.map { ("threshold \($0)", .threshold($0)) }
            rules += topKs.filter { _ in floor >= m.threshold }.map {
                ("top-\($0) ≥ \(floor)", .topK($0, floor: floor))
            }
        }
        if graph.bestMatches != nil {
            rules += mutualFloors.map { ("mutual ≥ \($0)", .mutual(floor: $0)) }
            if m.nullModel != nil { rules += alphas.map { ("auto α=\($0)", .auto(alpha: $0)) } }
        }
        return rules
    }
}

extension Evaluation {
    /// Evaluates the graph as built and every rule of `plan` it supports
    /// (``EvaluationPlan/rules(for:)``), per layer pair the truth covers.
    /// - Throws: `.unknownLayer` when no layer pair of the graph has a truth file; what
    ///   ``evaluate(_:rules:truth:includeBuilt:)`` throws.
    public static func evaluate(_ graph: LayeredGraph, plan: EvaluationPlan, truth: CorrelationTruth) throws
        -> [RuleEvaluation]
    {
        let rows = try evaluate(graph, rules: plan.rules(for: graph), truth: truth)
        guard !rows.isEmpty else {
            throw SAEGraphError(
                .unknownLayer,
                "no layer pair of the graph (layers \(graph.layers.map(String.init).joined(separator: ", "))) has a truth file; give corr_L_L+1.csv for consecutive graph layers"
            )
        }
        return rows
    }
}

extension CorrelationTruth {
    /// The per-feature frequency file that sits beside a truth file, if any:
    /// `activation_frequency.csv`, else `activation_frequency.csv.gz`, in the truth file's folder.
    public static func frequencyFile(besideTruth truthPath: String) -> String? {
        let folder = URL(fileURLWithPath: truthPath).deletingLastPathComponent()
        return ["activation_frequency.csv", "activation_frequency.csv.gz"]
            .map { folder.appendingPathComponent($0).path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
