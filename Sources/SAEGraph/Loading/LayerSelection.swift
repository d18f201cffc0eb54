import Foundation

/// The layers a user asked for: "6-9", "6,7,8,9", "3", or a mix such as "2-4,8".
public struct LayerSelection: Sendable, Equatable {
    /// The selected layers, ascending, without repeats.
    public let layers: [Int]

    /// Parses a comma-separated list of layers and inclusive ranges `A-B` (A ≤ B).
    /// - Throws: `SAEGraphError(.invalidArgument)` naming the part that is not a layer.
    public init(parsing text: String) throws {
        var set = Set<Int>()
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        for raw in parts {
            let part = raw.trimmingCharacters(in: .whitespaces)
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                low >= 0, low <= high, high <= 100_000
            else {
                throw SAEGraphError(
                    .invalidArgument,
                    "layer selection '\(text)': '\(part)' is not a layer or a range like 6-9 (layers are whole numbers 0-100000; lists look like 6,7,8,9)"
                )
            }
            set.formUnion(low...high)
        }
        layers = set.sorted()
    }

    /// A selection of exactly these layers.
    public init(layers: [Int]) {
        self.layers = Set(layers).sorted()
    }

    public func contains(_ layer: Int) -> Bool {
        layers.contains(layer)
    }
}
