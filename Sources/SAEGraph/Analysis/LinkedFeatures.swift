extension LayerPairEdges {
    /// Source features with at least one outgoing edge.
    /// - Complexity: O(source features).
    public var linkedSourceCount: Int { (0..<sourceCount).count { outDegree($0) > 0 } }

    /// Target features with at least one incoming edge.
    /// - Complexity: O(target features).
    public var linkedTargetCount: Int { (0..<targetCount).count { inDegree($0) > 0 } }
}
