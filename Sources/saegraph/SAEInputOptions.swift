import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension DecoderOrientation: ExpressibleByArgument {}

/// The SAE inputs shared by the commands that read decoders (`inspect`, `build`).
struct SAEInputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "SAE folders or files; the layer is read from each (config, hook name or layer_N path). A SAELens or sparsify folder, a release or run folder holding several, or a Gemma Scope params.npz.",
            valueName: "path"))
    var paths: [String] = []

    @Option(
        name: .customLong("sae"),
        help: ArgumentHelp(
            "An SAE whose layer you give, as LAYER=PATH (e.g. 6=./decoder.safetensors). Repeatable. Needed for bare .safetensors, .npy and .npz files.",
            valueName: "layer=path"))
    var explicit: [String] = []

    @Option(
        help: ArgumentHelp(
            "Layers to use, from all inputs (--sae ones included): a range or a list, e.g. 6-9 or 6,7,8,9.",
            valueName: "layers"))
    var layers: String?

    @Option(
        help: ArgumentHelp("Name of the decoder tensor or array in every input (default: W_dec).", valueName: "name"))
    var tensor: String?

    @Option(
        help: ArgumentHelp(
            "Which axis of every input's decoder holds the features: rows ([d_sae, d_model]) or columns ([d_model, d_sae], transposed on load). Default: from the config, else rows."
        ))
    var orientation: DecoderOrientation?

    func validate() throws {
        for item in explicit where Self.explicitSource(item) == nil {
            throw ValidationError("--sae '\(item)' is not LAYER=PATH; write it like --sae 6=./decoder.safetensors.")
        }
        if let layers {
            do { _ = try LayerSelection(parsing: layers) } catch let error as SAEGraphError {
                throw ValidationError("--layers: \(error.message).")
            }
        }
        if let tensor, tensor.isEmpty {
            throw ValidationError("--tensor needs a name, e.g. --tensor W_dec or --tensor decoder.weight.")
        }
    }

    /// True when at least one SAE was named (checked when the sources are asked for, so that
    /// `inspect --labels` can run without SAEs).
    var hasInputs: Bool { !(paths.isEmpty && explicit.isEmpty) }

    static let noInputs = ValidationError(
        "Name at least one SAE: a folder or file such as ./gpt2-small-res-jb, or --sae LAYER=PATH for a bare weights file."
    )

    /// The inputs as sources: plain paths first, then the `--sae` ones, each carrying the
    /// tensor name and orientation given.
    func sources(maxDecompressed: Int = Inflate.defaultLimit) throws -> [SAESource] {
        guard hasInputs else { throw Self.noInputs }
        var result = paths.map {
            SAESource(
                path: $0, tensorName: tensor, orientation: orientation, maxDecompressed: maxDecompressed)
        }
        for item in explicit {
            guard let (layer, path) = Self.explicitSource(item) else {
                throw SAEGraphError(.invalidArgument, "--sae '\(item)' is not LAYER=PATH")
            }
            result.append(
                SAESource(
                    path: path, layer: layer, tensorName: tensor, orientation: orientation,
                    maxDecompressed: maxDecompressed))
        }
        return result
    }

    /// The `--layers` selection, or nil for every layer found.
    func selection() throws -> LayerSelection? {
        try layers.map { try LayerSelection(parsing: $0) }
    }

    /// Splits "6=path" at the first "=" (paths may contain "=").
    private static func explicitSource(_ item: String) -> (Int, String)? {
        guard let eq = item.firstIndex(of: "="), let layer = Int(item[..<eq]), layer >= 0 else { return nil }
        let path = String(item[item.index(after: eq)...])
        return path.isEmpty ? nil : (layer, path)
    }
}
