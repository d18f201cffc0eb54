/// A report of progress from long work. The library never prints: callers pass a
/// ``ProgressHandler`` and draw what they like (the CLI draws a bar on a terminal).
public struct ProgressEvent: Sendable {
    /// What is being done, e.g. "layer 6 → 7".
    public var stage: String
    /// Units done so far and in all (e.g. rows compared).
    public var completed: Int
    public var total: Int
    /// The unit, e.g. "rows".
    public var unit: String
    /// A one-off notice about the stage (e.g. the candidate kernel chosen and its measured
    /// rate), nil for plain progress.
    public var note: String?

    public init(stage: String, completed: Int, total: Int, unit: String, note: String? = nil) {
        self.stage = stage
        self.completed = completed
        self.total = total
        self.unit = unit
        self.note = note
    }
}

/// Receives progress; may be called from any thread.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void
