import Foundation

/// One SAE feature: a layer of the model and the feature's index in that layer's dictionary.
///
/// Written `6:50` for people; node-link graph files use `6_50` as node id. Parsing accepts
/// `6:50`, `6_50` and `6/50`.
public struct FeatureID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var layer: Int
    public var index: Int

    public init(layer: Int, index: Int) {
        self.layer = layer
        self.index = index
    }

    /// Parses `6:50`, `6_50` or `6/50`.
    /// - Throws: ``SAEGraphError`` of kind `.invalidArgument` naming the text.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let sep = trimmed.firstIndex(where: { $0 == ":" || $0 == "_" || $0 == "/" }),
            let layer = Int(trimmed[trimmed.startIndex..<sep]),
            let index = Int(trimmed[trimmed.index(after: sep)...]),
            layer >= 0, index >= 0
        else {
            throw SAEGraphError(
                .invalidArgument,
                "'\(text)' is not a feature id: expected LAYER:INDEX, LAYER_INDEX or LAYER/INDEX, e.g. 6:50")
        }
        self.layer = layer
        self.index = index
    }

    /// Parses a comma-separated list such as `6:50,7:1234` (each id as ``init(parsing:)`` reads it).
    /// - Throws: `.invalidArgument` for an id that does not parse or a list without any id.
    public static func list(parsing text: String) throws -> [FeatureID] {
        let ids = try text.split(separator: ",").map { try FeatureID(parsing: String($0)) }
        guard !ids.isEmpty else {
            throw SAEGraphError(.invalidArgument, "no feature ids in '\(text)'; expected e.g. 6:50,7:1234")
        }
        return ids
    }

    /// `6:50`.
    public var description: String { "\(layer):\(index)" }

    /// `6_50`, the node id used in node-link JSON.
    public var nodeID: String { "\(layer)_\(index)" }

    public static func < (a: FeatureID, b: FeatureID) -> Bool {
        (a.layer, a.index) < (b.layer, b.index)
    }
}
