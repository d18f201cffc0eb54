import Algorithms

/// The label similarity of every edge and the calibrated labels-differ cut-off, computed once
/// when a graph is built with labels and stored in its file (graph attributes
/// `label_measure`, `label_cutoff`, `label_calibration_pairs`; `label_similarity` on each
/// link), so that queries read them instead of encoding labels and calibrating again.
///
/// The values are tied to the edges they were computed for: the struct keeps its own copy of
/// the layer pairs (arrays shared, not copied) and looks an edge up there, so a graph whose
/// edges were filtered afterwards still finds each remaining edge's value. A graph whose
/// labels change drops it (``LayeredGraph/labels``).
public struct EdgeLabelSimilarity: Sendable, Equatable {
    /// The measure, e.g. "char 3-5-gram TF-IDF" or "all-MiniLM-L6-v2" (``LabelEncoder/measureName``).
    public var measure: String
    /// ``LabelCoherence/lowCoherence`` when the graph was built; nil when it could not be
    /// calibrated (nothing is flagged).
    public var cutoff: Double?
    /// Random adjacent-layer pairs the cut-off rests on (``LabelCoherence/randomSimilarities``).
    public var calibrationPairs: Int
    /// Per layer pair, parallel to its edges; NaN where either label has nothing to compare.
    public var values: [[Double]]
    private let pairs: [LayerPairEdges]

    /// - Precondition: `values[k].count == pairs[k].edgeCount` for every pair.
    public init(measure: String, cutoff: Double?, calibrationPairs: Int, pairs: [LayerPairEdges], values: [[Double]]) {
        precondition(values.count == pairs.count && zip(values, pairs).allSatisfy { $0.count == $1.edgeCount })
        self.measure = measure
        self.cutoff = cutoff
        self.calibrationPairs = calibrationPairs
        self.pairs = pairs
        self.values = values
    }

    /// Computes every edge's value and the cut-off with `coherence` (which must be calibrated
    /// on `graph`, as ``LabelCoherence/init(graph:encoder:)`` does).
    /// - Complexity: O(E) plus encoding the labels of every edge's endpoints.
    public init(graph: LayeredGraph, coherence: LabelCoherence) {
        let values = coherence.edgeSimilarities(of: graph).map { $0.map { $0 ?? .nan } }
        self.init(
            measure: coherence.measureName, cutoff: coherence.lowCoherence,
            calibrationPairs: coherence.randomSimilarities.count, pairs: graph.pairs, values: values)
    }

    /// The stored value of the edge `a → b`: `.some(nil)` for an edge whose labels have
    /// nothing to compare, nil when `a → b` is not an edge of the pairs it was computed for.
    /// - Complexity: O(log degree of `a`).
    public func value(_ a: FeatureID, _ b: FeatureID) -> Double?? {
        guard let k = pairs.firstIndex(where: { $0.sourceLayer == a.layer }), pairs[k].targetLayer == b.layer else {
            return nil
        }
        let row = pairs[k].outgoing(a.index)
        let targets = pairs[k].targets[row]
        let e = targets.partitioningIndex { $0 >= Int32(clamping: b.index) }
        guard e < row.upperBound, Int(targets[e]) == b.index else { return nil }
        let v = values[k][e]
        return .some(v.isNaN ? nil : v)
    }

    public static func == (a: EdgeLabelSimilarity, b: EdgeLabelSimilarity) -> Bool {
        (a.measure, a.cutoff, a.calibrationPairs) == (b.measure, b.cutoff, b.calibrationPairs)
            && a.values.elementsEqual(b.values) { x, y in
                x.elementsEqual(y) { $0 == $1 || ($0.isNaN && $1.isNaN) }
            }
    }
}
