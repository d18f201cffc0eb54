/// Which axis of a stored decoder holds the features.
public enum DecoderOrientation: String, Sendable, CaseIterable {
    /// `[d_sae, d_model]`: one feature per row (SAELens, sparsify, Gemma Scope).
    case rows
    /// `[d_model, d_sae]`: one feature per column (dictionary_learning, OpenAI); transposed on load.
    case columns
}

/// An SAE input as the user named it: a file or folder, and what the user said about it.
/// Fields left nil are taken from the files.
public struct SAESource: Sendable, Equatable {
    /// An SAE folder, a release or run folder holding several, or a weights file.
    public var path: String
    /// The layer, when the user gave it (it overrides the config and the hook name).
    public var layer: Int?
    /// The decoder tensor's name; nil means `W_dec`.
    public var tensorName: String?
    /// Which axis holds the features; nil means decided from the config, else rows.
    public var orientation: DecoderOrientation?
    /// The most bytes a deflated `.npz` member may unpack to.
    public var maxDecompressed: Int

    public init(
        path: String, layer: Int? = nil, tensorName: String? = nil, orientation: DecoderOrientation? = nil,
        maxDecompressed: Int = Inflate.defaultLimit
    ) {
        self.path = path
        self.maxDecompressed = maxDecompressed
        self.layer = layer
        self.tensorName = tensorName
        self.orientation = orientation
    }
}
