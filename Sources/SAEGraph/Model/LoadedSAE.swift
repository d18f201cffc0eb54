/// The on-disk layout an SAE came from.
public enum SAEFormat: String, Sendable, CaseIterable {
    case saelens
    case sparsify
    case gemmaScope = "gemma-scope"
    case safetensors
    case npy
    case npz
}

/// The element type a tensor was stored in.
public enum TensorDType: String, Sendable, CaseIterable {
    case f16 = "F16"
    case bf16 = "BF16"
    case f32 = "F32"
    case f64 = "F64"

    public var byteSize: Int {
        switch self {
        case .f16, .bf16: 2
        case .f32: 4
        case .f64: 8
        }
    }
}

/// What is known about one loaded SAE besides its decoder values.
public struct SAEInfo: Sendable, Equatable {
    public var path: String
    public var format: SAEFormat
    public var layer: Int
    /// Where the layer came from: "user", "config", "hook name", "path" (a `layer_N` folder).
    public var layerSource: String
    public var hookName: String?
    public var tensorName: String
    public var dtype: TensorDType
    public var dModel: Int
    public var dSAE: Int
    /// True when the stored tensor had features as columns and was transposed on load.
    public var transposed: Bool
    /// The Neuronpedia model and source the SAE's config names (SAELens `neuronpedia_id`).
    public var neuronpedia: NeuronpediaSource?

    public init(
        path: String, format: SAEFormat, layer: Int, layerSource: String, hookName: String?,
        tensorName: String, dtype: TensorDType, dModel: Int, dSAE: Int, transposed: Bool,
        neuronpedia: NeuronpediaSource? = nil
    ) {
        self.path = path
        self.format = format
        self.layer = layer
        self.layerSource = layerSource
        self.hookName = hookName
        self.tensorName = tensorName
        self.dtype = dtype
        self.dModel = dModel
        self.dSAE = dSAE
        self.transposed = transposed
        self.neuronpedia = neuronpedia
    }
}

/// One SAE's decoder, its encoder when the file holds one, and where they came from.
public struct LoadedSAE: Sendable {
    public var info: SAEInfo
    public var decoder: DecoderMatrix
    /// The encoder (`W_enc`, `encoder.weight`), when the weights file holds one; read only
    /// when a build scores with it.
    public var encoder: EncoderWeights?

    public init(info: SAEInfo, decoder: DecoderMatrix, encoder: EncoderWeights? = nil) {
        self.info = info
        self.decoder = decoder
        self.encoder = encoder
    }

    public var layer: Int { info.layer }
}
