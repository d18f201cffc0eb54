/// Writes graph statistics.
///
/// - text: a table per layer pair (features, linked features, edges, excluded rows); the
///   best-match cosine quantiles with the random baseline beside them; the shares of features
///   whose best match reaches 0.3/0.5/0.7/0.9; the threshold sweep.
/// - json: `{threshold, rule, scoring, d_model, quantile_levels, pairs: [{source_layer, target_layer,
///   source_features, target_features, linked_sources, linked_targets, edges, excluded_source,
///   excluded_target, best_match: {count, quantiles, shares} | null, null: {sample_rows, mean, sd, effective_dimension, best_quantiles, cosine_quantiles, cutoff} | null (the rotation null model, when recorded), baseline: {dimension, count,
///   mean, quantiles} | null}], sweep: [{threshold, edges, components, largest_component, chains,
///   chains_exact} | {threshold, note}], transitions: [...], label_agreement: {...} | null}`
///   (the last two as ``StatisticsCoherenceSections`` describes).
/// - csv: tidy rows `section,source_layer,target_layer,threshold,metric,value`.
/// - text ends with the transition table per layer pair and, with labels, the label agreement
///   of linked versus random pairs.
public enum StatisticsListing {
    public static func render(_ s: GraphStatistics, format: ListingFormat) -> String {
        let levelNames = ["min", "5%", "25%", "50%", "75%", "95%", "max"]
        func note(_ t: Double) -> String {
            s.rule == "imported"
                ? "n/a (graph imported at \(s.threshold); read it with --import-threshold \(t))"
                : "n/a (graph built at \(s.threshold); rebuild with --threshold \(t))"
        }
        switch format {
        case .json:
            return JSONValue.object(
                [
                    ("threshold", .float(s.threshold)), ("rule", .string(s.rule)),
                    ("scoring", .string(s.scoring.rawValue)),
                    ("d_model", s.dModel.map(JSONValue.int) ?? .null),
                    ("quantile_levels", .array(statisticsQuantileLevels.map(JSONValue.double))),
                    (
                        "pairs",
                        .array(
                            s.pairs.map { p in
                                .object([
                                    ("source_layer", .int(p.sourceLayer)), ("target_layer", .int(p.targetLayer)),
                                    ("source_features", .int(p.sourceFeatures)),
                                    ("target_features", .int(p.targetFeatures)),
                                    ("linked_sources", .int(p.linkedSources)),
                                    ("linked_targets", .int(p.linkedTargets)),
                                    ("edges", .int(p.edgeCount)), ("excluded_source", .int(p.excludedSource)),
                                    ("excluded_target", .int(p.excludedTarget)),
                                    (
                                        "best_match",
                                        p.bestMatchQuantiles.map { q in
                                            .object([
                                                ("count", .int(p.bestMatchCount)),
                                                ("quantiles", .array(q.map(JSONValue.double))),
                                                (
                                                    "shares",
                                                    .object(
                                                        (p.bestMatchShares ?? []).map {
                                                            ("\($0.level)", .double($0.share))
                                                        })
                                                ),
                                            ])
                                        } ?? .null
                                    ),
                                    (
                                        "null",
                                        p.null.map { n in
                                            .object([
                                                ("sample_rows", .int(n.sampleRows)), ("mean", .double(n.mean)),
                                                ("sd", .double(n.standardDeviation)),
                                                ("effective_dimension", .int(n.effectiveDimension)),
                                                ("best_quantiles", .array(n.bestQuantiles.map(JSONValue.double))),
                                                ("cosine_quantiles", .array(n.cosineQuantiles.map(JSONValue.double))),
                                                ("cutoff", p.nullCutoff.map(JSONValue.double) ?? .null),
                                            ])
                                        } ?? .null
                                    ),
                                    (
                                        "baseline",
                                        p.baseline.map { b in
                                            .object([
                                                ("dimension", .int(b.dimension)), ("count", .int(b.count)),
                                                ("mean", .double(b.mean)),
                                                ("quantiles", .array(b.quantiles.map(JSONValue.double))),
                                            ])
                                        } ?? .null
                                    ),
                                ])
                            })
                    ),
                    (
                        "sweep",
                        .array(
                            s.sweep.map { row in
                                guard let r = row.result else {
                                    return .object([
                                        ("threshold", .double(row.threshold)), ("note", .string(note(row.threshold))),
                                    ])
                                }
                                let (n, exact): (Int, Bool) =
                                    switch r.chains {
                                    case .exact(let n): (n, true)
                                    case .atLeast(let n): (n, false)
                                    }
                                return .object([
                                    ("threshold", .double(row.threshold)), ("edges", .int(r.edges)),
                                    ("components", .int(r.components)),
                                    ("largest_component", .int(r.largestComponent)), ("chains", .int(n)),
                                    ("chains_exact", .bool(exact)),
                                ])
                            })
                    ),
                ] + StatisticsCoherenceSections.json(s)
            ).rendered()
        case .csv:
            var rows: [[String]] = []
            for p in s.pairs {
                let a = String(p.sourceLayer)
                let b = String(p.targetLayer)
                func add(_ metric: String, _ value: String) { rows.append(["pair", a, b, "", metric, value]) }
                add("source_features", String(p.sourceFeatures))
                add("target_features", String(p.targetFeatures))
                add("linked_sources", String(p.linkedSources))
                add("linked_targets", String(p.linkedTargets))
                add("edges", String(p.edgeCount))
                add("excluded_source", String(p.excludedSource))
                add("excluded_target", String(p.excludedTarget))
                for (name, v) in zip(levelNames, p.bestMatchQuantiles ?? []) {
                    add("best_match_\(name)", v.description)
                }
                for sh in p.bestMatchShares ?? [] {
                    rows.append(["pair", a, b, "\(sh.level)", "best_match_share", sh.share.description])
                }
                if let n = p.null {
                    for (name, v) in zip(levelNames, n.bestQuantiles) { add("null_best_\(name)", v.description) }
                    for (name, v) in zip(levelNames, n.cosineQuantiles) { add("null_cosine_\(name)", v.description) }
                    add("null_sd", n.standardDeviation.description)
                    if let c = p.nullCutoff { add("null_cutoff", c.description) }
                }
                if let base = p.baseline {
                    add("baseline_mean", base.mean.description)
                    for (name, v) in zip(levelNames, base.quantiles) { add("baseline_\(name)", v.description) }
                }
            }
            for row in s.sweep {
                let t = row.threshold.description
                guard let r = row.result else {
                    rows.append(["sweep", "", "", t, "note", note(row.threshold)])
                    continue
                }
                rows.append(["sweep", "", "", t, "edges", String(r.edges)])
                rows.append(["sweep", "", "", t, "components", String(r.components)])
                rows.append(["sweep", "", "", t, "largest_component", String(r.largestComponent)])
                rows.append(["sweep", "", "", t, "chains", r.chains.description])
            }
            rows += StatisticsCoherenceSections.csvRows(s)
            return CSVText.table(
                header: ["section", "source_layer", "target_layer", "threshold", "metric", "value"], rows: rows)
        case .text:
            var out =
                s.rule == "best"
                ? "Graph built with rule best (CSLS confidence ≥ the pair's floor\(s.scoring == .decoder ? "" : " on the \(s.scoring.rawValue) score"); \(s.pairs.allSatisfy { $0.edgeCount == 0 } ? "no edges" : "least edge cosine \(TextTable.fixed(Double(s.threshold), 3))"))\n\n"
                : "Graph built with rule \(s.rule) at threshold \(s.threshold)\n\n"
            out += TextTable.render(
                header: ["layers", "features", "linked", "edges", "excluded rows"],
                rows: s.pairs.map { p in
                    [
                        "\(p.sourceLayer) → \(p.targetLayer)", "\(p.sourceFeatures) / \(p.targetFeatures)",
                        "\(p.linkedSources) / \(p.linkedTargets)", String(p.edgeCount),
                        "\(p.excludedSource) / \(p.excludedTarget)",
                    ]
                }, rightAligned: [1, 2, 3, 4])
            out += "\nBest-match cosine of each feature with the next layer"
            if let d = s.dModel {
                out += ", beside what random directions in \(d) dimensions would give:\n"
            } else {
                out += " (random baseline omitted: the model dimension is unknown; give --d-model):\n"
            }
            var rows: [[String]] = []
            for p in s.pairs {
                let name = "\(p.sourceLayer) → \(p.targetLayer)"
                if let q = p.bestMatchQuantiles {
                    rows.append([name, "graph"] + q.map { TextTable.fixed($0, 3) } + [""])
                } else {
                    rows.append([name, "graph"] + levelNames.map { _ in "-" } + ["not recorded"])
                }
                if let b = p.baseline {
                    rows.append(
                        ["", "random n=\(b.count)"] + b.quantiles.map { TextTable.fixed($0, 3) } + [
                            "mean \(TextTable.fixed(b.mean, 3))"
                        ])
                }
                if let n = p.null {
                    rows.append(
                        ["", "null best"] + n.bestQuantiles.map { TextTable.fixed($0, 3) } + [
                            p.nullCutoff.map {
                                "\(s.rule == "best" ? "CSLS floor" : "cutoff") \(TextTable.fixed($0, 3))"
                            }
                                ?? ""
                        ])
                    rows.append(
                        ["", "null cos"] + n.cosineQuantiles.map { TextTable.fixed($0, 3) } + [
                            "sd \(TextTable.fixed(n.standardDeviation, 3))"
                        ])
                }
            }
            out += TextTable.render(header: ["layers", ""] + levelNames + [""], rows: rows, rightAligned: Set(2...8))
            if s.pairs.contains(where: { $0.bestMatchShares != nil }) {
                out += "\nShare of features whose best match reaches:\n"
                out += TextTable.render(
                    header: ["layers", "≥ 0.3", "≥ 0.5", "≥ 0.7", "≥ 0.9"],
                    rows: s.pairs.compactMap { p in
                        p.bestMatchShares.map {
                            ["\(p.sourceLayer) → \(p.targetLayer)"] + $0.map { TextTable.percent($0.share) }
                        }
                    }, rightAligned: [1, 2, 3, 4])
            }
            out += "\nThreshold sweep (chains: maximal, at least 3 layers):\n"
            out += TextTable.render(
                header: ["threshold", "edges", "components", "largest", "chains"],
                rows: s.sweep.map { row in
                    guard let r = row.result else { return [TextTable.fixed(row.threshold, 2), note(row.threshold)] }
                    return [
                        TextTable.fixed(row.threshold, 2), String(r.edges), String(r.components),
                        String(r.largestComponent),
                        r.chains.description,
                    ]
                }, rightAligned: [0, 1, 2, 3, 4])
            return out + StatisticsCoherenceSections.text(s)
        }
    }
}
