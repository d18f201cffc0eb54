extension LayeredGraph {
    /// Gives the graph the labels a graph file stores: `labels` (nil keeps the graph's own),
    /// their Neuronpedia sources filled in from the inputs (``LabelStore/fillSources(from:)``),
    /// and, when some feature is labelled, each edge's label similarity and the calibrated
    /// cut-off (``EdgeLabelSimilarity``) measured with `encoder` (nil: character n-grams).
    ///
    /// `saegraph build --labels` and `saegraph merge --labels` both end here, so a sharded
    /// build writes the same graph file as the unsharded one.
    /// - Complexity: O(E) plus encoding the calibration sample and every edge's endpoints.
    public mutating func storeLabels(_ labels: LabelStore?, measuredWith encoder: (any LabelEncoder)?) {
        if let labels { self.labels = labels }
        self.labels.fillSources(from: metadata.inputs)
        guard labels != nil, let coherence = LabelCoherence(graph: self, encoder: encoder) else { return }
        labelSimilarity = EdgeLabelSimilarity(graph: self, coherence: coherence)
    }
}
