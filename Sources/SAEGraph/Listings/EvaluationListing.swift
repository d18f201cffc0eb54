/// Writes ``RuleEvaluation`` rows.
///
/// - text: one table, a row per layer pair and rule: edges, judged edges, precision against
///   the source's top-1 and top-3 correlated targets, live sources linked.
/// - json: an array of `{source_layer, target_layer, rule, edges, judged_edges, precision_top1,
///   precision_top3, live_sources, linked_live_sources, linked_share}` (NaN as null).
/// - csv: the same fields, header first.
///
/// `evaluate` appends the precision–coverage curves (``CoverageCurve``): in text as their own
/// table (``renderCurves(_:)``), in json and csv as one more row per point
/// (``CoverageCurve/rows``, rule `"top 50% by csls"`).
public enum EvaluationListing {
    /// The precision–coverage curves (``CoverageCurve``) as a text table: per layer pair and
    /// score, `p@top1/p@top3` at each fraction of live features linked (`–` where the graph
    /// scores too few sources). Empty without curves.
    public static func renderCurves(_ curves: [CoverageCurve]) -> String {
        guard let first = curves.first else { return "" }
        func percent(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
        let header =
            ["pair", "score"]
            + CoverageCurve.levels.prefix(first.points.count).map { "\(Int((100 * $0).rounded())) % linked" }
        let rows = curves.map { c in
            ["\(c.sourceLayer) → \(c.targetLayer)", c.score]
                + c.points.map { p in p.map { "\(percent($0.precisionTop1))/\(percent($0.precisionTop3))" } ?? "–" }
        }
        return "\nprecision–coverage: p@top1/p@top3 (%) of each live source's best edge, top sources by score\n"
            + TextTable.render(header: header, rows: rows, rightAligned: Set(2..<header.count))
    }

    public static let csvHeader =
        "source_layer,target_layer,rule,edges,judged_edges,precision_top1,precision_top3,live_sources,linked_live_sources,linked_share"

    public static func render(_ rows: [RuleEvaluation], format: ListingFormat) -> String {
        func share(_ x: Double) -> String { x.isNaN ? "–" : TextTable.percent(x) }
        switch format {
        case .text:
            return TextTable.render(
                header: ["pair", "rule", "edges", "judged", "prec@1", "prec@3", "linked live"],
                rows: rows.map { r in
                    [
                        "\(r.sourceLayer) → \(r.targetLayer)", r.rule, String(r.edges), String(r.judgedEdges),
                        share(r.precisionTop1), share(r.precisionTop3),
                        "\(r.linkedLiveSources)/\(r.liveSources) (\(share(r.linkedShare)))",
                    ]
                }, rightAligned: [2, 3, 4, 5, 6])
        case .json:
            return JSONValue.array(
                rows.map { r in
                    .object([
                        ("source_layer", .int(r.sourceLayer)), ("target_layer", .int(r.targetLayer)),
                        ("rule", .string(r.rule)),
                        ("edges", .int(r.edges)), ("judged_edges", .int(r.judgedEdges)),
                        ("precision_top1", .double(r.precisionTop1)), ("precision_top3", .double(r.precisionTop3)),
                        ("live_sources", .int(r.liveSources)), ("linked_live_sources", .int(r.linkedLiveSources)),
                        ("linked_share", .double(r.linkedShare)),
                    ])
                }
            ).rendered()
        case .csv:
            func number(_ x: Double) -> String { x.isNaN ? "" : x.description }
            return csvHeader + "\n"
                + rows.map { r in
                    CSVText.row([
                        String(r.sourceLayer), String(r.targetLayer), r.rule, String(r.edges), String(r.judgedEdges),
                        number(r.precisionTop1), number(r.precisionTop3), String(r.liveSources),
                        String(r.linkedLiveSources),
                        number(r.linkedShare),
                    ])
                }.joined()
        }
    }
}
