// Stand-in for an API that is being written elsewhere; removed when that code arrives.

public enum GraphFile {
    public static func read(path: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        throw SAEGraphError(.unsupported, "\(path): reading graph files is not available in this build")
    }
}
