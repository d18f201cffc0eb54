/// The transition table and the label-agreement summary of `saegraph stats`, in each format.
///
/// - json: `transitions: [{source_layer, target_layer, persists, splits, splits_into_merge,
///   merges_into, ends, continues, branches, merged, begins, excluded_source, excluded_target}]`
///   and `label_agreement: {high_cosine, low_coherence, linked: SUMMARY, random: SUMMARY & {drawn,
///   seed}, strong_edges, disagreeing, disagreeing_share_of_strong, disagreeing_share} | null`,
///   SUMMARY being `{count, mean, median, q75, q90, share_above_zero}`.
/// - csv: rows `transitions,SOURCE,TARGET,,KIND,COUNT` and `label_agreement,,,,METRIC,VALUE`.
enum StatisticsCoherenceSections {
    /// (JSON/CSV name, value) of each count, forward kinds then backward ones.
    static func fields(_ c: TransitionCounts) -> [(String, Int)] {
        [
            ("persists", c.persists), ("splits", c.splits), ("splits_into_merge", c.splitsIntoMerge),
            ("merges_into", c.mergesInto), ("ends", c.ends), ("continues", c.continues), ("branches", c.branches),
            ("merged", c.merged), ("begins", c.begins), ("excluded_source", c.excludedSources),
            ("excluded_target", c.excludedTargets),
        ]
    }

    static func summaryFields(_ s: LabelSimilaritySummary) -> [(String, Double)] {
        [
            ("mean", s.mean), ("median", s.median), ("q75", s.q75), ("q90", s.q90),
            ("share_above_zero", s.shareAboveZero),
        ]
    }

    static func json(_ s: GraphStatistics) -> [(String, JSONValue)] {
        func summary(_ x: LabelSimilaritySummary) -> [(String, JSONValue)] {
            [("count", .int(x.count))] + summaryFields(x).map { ($0.0, JSONValue.double($0.1)) }
        }
        let agreement: JSONValue =
            s.labelAgreement.map { a in
                .object([
                    ("measure", .string(a.measureName)), ("high_cosine", .float(a.highCosine)),
                    ("low_coherence", a.lowCoherence.map(JSONValue.double) ?? .null),
                    ("low_coherence_calibrated", .bool(a.isCalibrated)),
                    ("linked", .object(summary(a.linked))),
                    (
                        "random",
                        .object(summary(a.random) + [("drawn", .int(a.randomDrawn)), ("seed", .int(Int(a.seed)))])
                    ),
                    ("strong_edges", .int(a.strongEdges)), ("disagreeing", .int(a.disagreeing)),
                    ("disagreeing_share_of_strong", .double(a.disagreeingShareOfStrong)),
                    ("disagreeing_share", .double(a.disagreeingShare)),
                ])
            } ?? .null
        return [
            (
                "transitions",
                .array(
                    s.transitions.map { c in
                        .object(
                            [("source_layer", .int(c.sourceLayer)), ("target_layer", .int(c.targetLayer))]
                                + fields(c).map { ($0.0, JSONValue.int($0.1)) })
                    })
            ),
            ("label_agreement", agreement),
        ]
    }

    static func csvRows(_ s: GraphStatistics) -> [[String]] {
        var rows: [[String]] = []
        for c in s.transitions {
            for (name, n) in fields(c) {
                rows.append(["transitions", String(c.sourceLayer), String(c.targetLayer), "", name, String(n)])
            }
        }
        if let a = s.labelAgreement {
            func add(_ metric: String, _ value: String) { rows.append(["label_agreement", "", "", "", metric, value]) }
            for (side, x) in [("linked", a.linked), ("random", a.random)] {
                add("\(side)_count", String(x.count))
                for (name, v) in summaryFields(x) { add("\(side)_\(name)", v.description) }
            }
            add("measure", a.measureName)
            add("low_coherence", a.lowCoherence?.description ?? "")
            add("random_drawn", String(a.randomDrawn))
            add("strong_edges", String(a.strongEdges))
            add("disagreeing", String(a.disagreeing))
            add("disagreeing_share_of_strong", a.disagreeingShareOfStrong.description)
            add("disagreeing_share", a.disagreeingShare.description)
        }
        return rows
    }

    static func text(_ s: GraphStatistics) -> String {
        var out = ""
        if !s.transitions.isEmpty {
            out += "\nFeature transitions per layer pair (forward | backward; see docs/transitions.md):\n"
            out += TextTable.render(
                header: [
                    "layers", "persists", "splits (into merge)", "merges-into", "ends", "|", "continues", "branches",
                    "merged", "begins", "excluded",
                ],
                rows: s.transitions.map { c in
                    [
                        "\(c.sourceLayer) → \(c.targetLayer)", String(c.persists), "\(c.splits) (\(c.splitsIntoMerge))",
                        String(c.mergesInto), String(c.ends), "|", String(c.continues), String(c.branches),
                        String(c.merged),
                        String(c.begins), "\(c.excludedSources) / \(c.excludedTargets)",
                    ]
                }, rightAligned: [1, 2, 3, 4, 6, 7, 8, 9, 10])
        }
        guard let a = s.labelAgreement else { return out }
        out += "\nLabel similarity (\(a.measureName)) of linked features beside random pairs of labelled features\n"
        out +=
            "from adjacent layers (\(a.randomDrawn) taken, seed \(a.seed)); pairs with a label missing are left out:\n"
        out += TextTable.render(
            header: ["pairs", "n", "mean", "50%", "75%", "90%", "share > 0"],
            rows: [("linked", a.linked), ("random", a.random)].map { name, x in
                [
                    name, String(x.count), TextTable.fixed(x.mean, 3), TextTable.fixed(x.median, 3),
                    TextTable.fixed(x.q75, 3),
                    TextTable.fixed(x.q90, 3), TextTable.percent(x.shareAboveZero),
                ]
            }, rightAligned: [1, 2, 3, 4, 5, 6])
        guard
            let cutoff = LabelCoherence.cutoffDescription(
                a.lowCoherence, isCalibrated: a.isCalibrated, pairs: a.random.count)
        else { return out + "(\(LabelCoherence.uncalibratedNote).)\n" }
        out +=
            "Labels read differently (\(CoherenceText.marker)) on \(a.disagreeing) of \(a.strongEdges) strong edges"
            + " (\(TextTable.percent(a.disagreeingShareOfStrong))), \(TextTable.percent(a.disagreeingShare)) of the"
            + " \(a.linked.count) labelled edges\n  (strong: cosine ≥ \(TextTable.fixed(Double(a.highCosine), 2));"
            + " \(cutoff)).\n"
        return out
    }
}
