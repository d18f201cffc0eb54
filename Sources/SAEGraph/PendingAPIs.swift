// Stand-in for the graph-file reader, with its final signature.

public enum GraphFile {
    public static func read(path: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        throw SAEGraphError(.unsupported, "\(path): reading graph files is not available in this build")
    }
}
