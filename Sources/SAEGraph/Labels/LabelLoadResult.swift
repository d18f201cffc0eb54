/// One input row that was not used because it is malformed: where it is and what is wrong.
public struct LabelSkip: Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it (a folder's member is `folder/batch-3.jsonl.gz`).
    public var file: String
    /// 1-based line where the row starts (in the decompressed text for gzip files).
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`.
    public var description: String { "\(file):\(line): \(reason)" }
}

/// What ``LabelLoader`` read: the labels and how the rows were counted.
///
/// Every well-formed row is counted once in `rowsRead` and falls into exactly one of three
/// bins: it gave its feature a label (`store.count` of them), its description was empty or
/// whitespace-only (`emptyRows`), or its feature already had a label (`duplicateRows`).
/// So `rowsRead == store.count + emptyRows + duplicateRows`. Malformed rows are not in
/// `rowsRead`; they are counted in `skippedCount`.
public struct LabelLoadResult: Sendable {
    public var store: LabelStore
    /// Well-formed rows (see the type's description).
    public var rowsRead: Int
    /// Rows with a non-empty description for a feature that already had a label; ignored.
    public var duplicateRows: Int
    /// Rows whose description is missing, null, empty or whitespace-only.
    public var emptyRows: Int
    /// The first ``LabelLoader/maxRecordedSkips`` malformed rows, in input order.
    public var skipped: [LabelSkip]
    /// All malformed rows (only non-zero when loading with `strict: false`).
    public var skippedCount: Int
    /// One line for the user when rows were skipped, nil otherwise.
    public var warningSummary: String?
    /// The rule that chose one label per feature: ``LabelLoader/selectionRule``.
    public var selectionRule: String

    public init(
        store: LabelStore, rowsRead: Int, duplicateRows: Int, emptyRows: Int, skipped: [LabelSkip],
        skippedCount: Int, warningSummary: String?, selectionRule: String = LabelLoader.selectionRule
    ) {
        self.store = store
        self.rowsRead = rowsRead
        self.duplicateRows = duplicateRows
        self.emptyRows = emptyRows
        self.skipped = skipped
        self.skippedCount = skippedCount
        self.warningSummary = warningSummary
        self.selectionRule = selectionRule
    }
}
