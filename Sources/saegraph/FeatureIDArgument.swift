import ArgumentParser
import SAEGraph

/// Feature ids on the command line: `6:50`, `6_50` or `6/50` (``FeatureID/init(parsing:)``),
/// parsed once by the argument parser.
extension FeatureID: ExpressibleByArgument {
    public init?(argument: String) {
        guard let id = try? FeatureID(parsing: argument) else { return nil }
        self = id
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}
