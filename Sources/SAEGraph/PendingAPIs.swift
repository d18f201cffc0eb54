// Stand-ins for the graph-file reader and the label loader, with their final signatures.

public enum GraphFile {
    public static func read(path: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        throw SAEGraphError(.unsupported, "\(path): reading graph files is not available in this build")
    }
}

public struct LabelLoadResult: Sendable {
    public var store: LabelStore
    public var warningSummary: String?
}

public enum LabelLoader {
    public static func load(paths: [String], strict: Bool = false) throws -> LabelLoadResult {
        throw SAEGraphError(.unsupported, "loading labels is not available in this build")
    }
}
