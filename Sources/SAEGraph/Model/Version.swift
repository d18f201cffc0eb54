/// The saegraph version recorded in every graph file it writes.
public enum SAEGraphVersion {
    public static let current = "0.1.0"
}
