/// A label as a unit vector: sparse (character n-gram TF-IDF weights by n-gram hash) or dense
/// (a sentence embedding). Two vectors of one ``LabelEncoder`` are compared by their cosine,
/// which for unit vectors is their dot product.
public struct LabelVector: Sendable, Equatable {
    /// Ids of the non-zero components, ascending; nil for a dense vector, whose component `i`
    /// is `weights[i]`.
    public var ids: [UInt64]?
    /// Components, of Euclidean norm 1 (or empty).
    public var weights: [Double]

    /// A sparse vector; `ids` must ascend and pair with `weights`.
    public init(ids: [UInt64], weights: [Double]) {
        precondition(ids.count == weights.count)
        self.ids = ids
        self.weights = weights
    }

    /// A dense vector, scaled to unit length (left empty when all components are 0 or any is
    /// not finite).
    public init(dense values: [Float]) {
        let norm = values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        ids = nil
        weights = norm > 0 && norm.isFinite ? values.map { Double($0) / norm } : []
    }

    /// True when the label had nothing to compare (no n-gram, or an all-zero embedding).
    public var isEmpty: Bool { weights.isEmpty }

    /// The cosine of two vectors of the same encoder: a merge of sorted ids (sparse) or a dot
    /// product (dense), summed in index order, clamped to [-1, 1] against rounding; 0 when
    /// either is empty.
    /// - Complexity: O(a + b) in the number of components.
    public func cosine(_ other: LabelVector) -> Double {
        guard !isEmpty, !other.isEmpty else { return 0 }
        var sum = 0.0
        switch (ids, other.ids) {
        case (let a?, let b?):
            var i = 0
            var j = 0
            while i < a.count && j < b.count {
                if a[i] == b[j] {
                    sum += weights[i] * other.weights[j]
                    i += 1
                    j += 1
                } else if a[i] < b[j] {
                    i += 1
                } else {
                    j += 1
                }
            }
        case (nil, nil):
            precondition(weights.count == other.weights.count, "embeddings of different widths")
            for i in weights.indices { sum += weights[i] * other.weights[i] }
        default:
            preconditionFailure("a sparse and a dense label vector cannot be compared")
        }
        return min(max(sum, -1), 1)
    }
}
