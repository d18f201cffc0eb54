import Foundation

/// Every edge of a graph as a flat table, for spreadsheets and scripts.
///
/// Rows are ordered by source layer, source feature, target feature. Similarities (and the
/// optional per-edge values a graph records, ``LayerPairEdges/optionalValues``: `confidence`,
/// `z`, `p`, `row_rank`, `column_rank`) are written in the shortest form that reads back as the same `Float`;
/// a NaN value is written as an empty CSV cell and left out of the JSON object.
///
/// With a ``LabelCoherence``, each edge also carries its `label_similarity` (empty / null when
/// a label is missing), `labels_differ` (``LabelCoherence/isDisagreement(_:_:similarity:)`` on
/// the magnitude) and the measure's name, `label_measure`, so a script reading one row knows
/// what the number is.
///
/// - Complexity: O(edges).
public enum EdgeListing {
    /// The CSV header.
    public static let csvHeader = "source_layer,source_feature,target_layer,target_feature,similarity"
    /// The CSV header of a graph whose edges carry null-model statistics.
    public static let csvHeaderWithStatistics = csvHeader + ",z,p"
    /// Columns added with label similarity.
    public static let labelColumns = ",label_similarity,labels_differ,label_measure"

    /// The two layouts.
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    /// The listing's UTF-8 bytes: the cheapest form to write to a file or a pipe (no
    /// `String` is built).
    public static func data(_ graph: LayeredGraph, format: Format, coherence: LabelCoherence? = nil) -> Data {
        switch format {
        case .csv: Data(csvBytes(graph, coherence).bytes)
        case .json: Data(jsonBytes(graph, coherence).bytes)
        }
    }

    /// `source_layer,source_feature,target_layer,target_feature,similarity`, one row per
    /// edge, newline-terminated; with `,z,p` columns when any layer pair carries null-model
    /// statistics (empty cells for pairs that do not).
    public static func csv(_ graph: LayeredGraph, coherence: LabelCoherence? = nil) -> String {
        csvBytes(graph, coherence).text
    }

    /// A JSON array of `{"source_layer", "source_feature", "target_layer", "target_feature",
    /// "similarity"}` objects (plus `z`, `p` where the layer pair carries them), one per line.
    public static func json(_ graph: LayeredGraph, coherence: LabelCoherence? = nil) -> String {
        jsonBytes(graph, coherence).text
    }

    private static func csvBytes(_ graph: LayeredGraph, _ coherence: LabelCoherence?) -> JSONByteWriter {
        var w = JSONByteWriter(reservingCapacity: 40 * graph.edgeCount + 80)
        // The optional per-edge values some pair records, as columns (`z,p` for the null model;
        // `confidence,z,p,row_rank,column_rank` for the best rule).
        let names = graph.recordedEdgeValueNames
        let columns = LayerPairEdges.optionalValueNames.indices.filter {
            names.contains(LayerPairEdges.optionalValueNames[$0])
        }
        let header = csvHeader + names.map { "," + $0 }.joined()
        w.raw(json: header + (coherence == nil ? "" : labelColumns))
        w.byte(UInt8(ascii: "\n"))
        let measure = coherence.map { CSVText.field($0.measureName) }
        let labelSimilarities = coherence?.edgeSimilarities(of: graph)
        forEachEdge(graph) { k, pair, s, e in
            w.int(pair.sourceLayer)
            w.byte(UInt8(ascii: ","))
            w.int(s)
            w.byte(UInt8(ascii: ","))
            w.int(pair.targetLayer)
            w.byte(UInt8(ascii: ","))
            w.int(pair.targets[e])
            w.byte(UInt8(ascii: ","))
            if pair.similarities[e].isFinite { w.float(pair.similarities[e]) }
            let values = pair.optionalValues
            for c in columns {
                w.byte(UInt8(ascii: ","))
                if let v = values[c].values, e < v.count, v[e].isFinite { w.float(v[e]) }
            }
            if let coherence, let measure, let labelSimilarities {
                let hop = coherence.hop(labelSimilarity: labelSimilarities[k][e], similarity: pair.similarities[e])
                w.byte(UInt8(ascii: ","))
                if let x = hop.labelSimilarity { w.double(x) }
                w.raw(hop.labelsDiffer ? ",true," : ",false,")
                w.raw(json: measure)
            }
            w.byte(UInt8(ascii: "\n"))
        }
        return w
    }

    private static func jsonBytes(_ graph: LayeredGraph, _ coherence: LabelCoherence?) -> JSONByteWriter {
        var w = JSONByteWriter(reservingCapacity: 110 * graph.edgeCount + 8)
        let labelSimilarities = coherence?.edgeSimilarities(of: graph)
        var first = true
        w.byte(UInt8(ascii: "["))
        forEachEdge(graph) { k, pair, s, e in
            w.raw(first ? "\n{\"source_layer\": " : ",\n{\"source_layer\": ")
            first = false
            w.int(pair.sourceLayer)
            w.raw(", \"source_feature\": ")
            w.int(s)
            w.raw(", \"target_layer\": ")
            w.int(pair.targetLayer)
            w.raw(", \"target_feature\": ")
            w.int(pair.targets[e])
            field(", \"similarity\": ", pair.similarities[e], &w)
            for (name, values) in pair.optionalValues {
                if let values, e < values.count, values[e].isFinite {
                    w.raw(json: ", \"\(name)\": ")
                    w.float(values[e])
                }
            }
            if let coherence, let labelSimilarities {
                let hop = coherence.hop(labelSimilarity: labelSimilarities[k][e], similarity: pair.similarities[e])
                w.raw(", \"label_similarity\": ")
                if let x = hop.labelSimilarity { w.double(x) } else { w.raw("null") }
                w.raw(", \"labels_differ\": ")
                w.bool(hop.labelsDiffer)
                w.raw(", \"label_measure\": ")
                w.string(coherence.measureName)
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(first ? "]\n" : "\n]\n")
        return w
    }

    private static func field(_ key: StaticString, _ value: Float, _ w: inout JSONByteWriter) {
        guard value.isFinite else { return }
        w.raw(key)
        w.float(value)
    }

    /// Calls `body(pair number, pair, source feature, edge number)` in listing order.
    private static func forEachEdge(_ graph: LayeredGraph, _ body: (Int, LayerPairEdges, Int, Int) -> Void) {
        for (k, pair) in graph.pairs.enumerated() {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) { body(k, pair, s, e) }
            }
        }
    }
}
