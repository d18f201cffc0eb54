import Foundation

/// Loads SAE decoders from every layout users hand the tool (see ``SAELayout``), with each
/// SAE's layer taken from the user's choice, else its config, else its hook name or path.
///
/// Decoders come back with one feature per row, F32, row-major: F16, BF16 and F64 are
/// converted exactly (F64 rounds to nearest); `[d_model, d_sae]` tensors are transposed;
/// little-endian F32 tensors already in that layout are memory-mapped, not copied. An encoder
/// beside the decoder (``encoderTensors``) is located and shape-checked but not read
/// (``EncoderWeights``).
public enum SAELoader {
    /// The decoder tensor read when the user names none.
    public static let defaultTensorName = "W_dec"

    /// Expands release/run folders, applies the selection, loads every SAE, checks
    /// duplicates and d_model; sorted by layer.
    /// - Throws: `SAEGraphError` naming the file and fault (see ``discover(_:layers:)``);
    ///   `.shapeMismatch` when two layers' d_model differ.
    public static func loadAll(_ sources: [SAESource], layers: LayerSelection?) throws -> [LoadedSAE] {
        let loaded = try resolve(sources, layers: layers).map { try load($0.location, $0.source) }
        if let first = loaded.first {
            for sae in loaded.dropFirst() where sae.info.dModel != first.info.dModel {
                throw SAEGraphError(
                    .shapeMismatch,
                    "layer \(sae.layer) (\(sae.info.path)) has d_model \(sae.info.dModel) but layer \(first.layer) (\(first.info.path)) has \(first.info.dModel); all layers must share d_model"
                )
            }
        }
        return loaded
    }

    /// Loads one SAE: a SAE folder or weights file, or a release folder together with a
    /// `layer` that picks one of its SAEs.
    public static func load(_ source: SAESource) throws -> LoadedSAE {
        let found = try SAELayout.locate(source.path)
        return try load(try pick(found, for: source), source)
    }

    /// Resolved sources, one per SAE, with `layer` filled in, sorted by layer: release and
    /// run folders expanded, the selection applied.
    /// - Throws: `.unknownLayer` when a selected layer has no SAE (the message lists the
    ///   layers found) or an SAE's layer cannot be known; `.conflict` when two SAEs claim
    ///   one layer (naming both paths); `.fileNotFound` / `.unsupported` for paths that hold
    ///   no SAE.
    public static func discover(_ sources: [SAESource], layers: LayerSelection?) throws -> [SAESource] {
        try resolve(sources, layers: layers).map {
            SAESource(
                path: $0.location.path, layer: $0.location.layer, tensorName: $0.source.tensorName,
                orientation: $0.source.orientation)
        }
    }

    // MARK: - Resolution

    private static func resolve(_ sources: [SAESource], layers: LayerSelection?) throws -> [(
        source: SAESource, location: SAELocation
    )] {
        guard !sources.isEmpty else {
            throw SAEGraphError(
                .invalidArgument, "no SAE given: name an SAE folder, a release folder or a weights file")
        }
        var all: [(source: SAESource, location: SAELocation)] = []
        for source in sources {
            let found = try SAELayout.locate(source.path)
            if source.layer != nil {
                all.append((source, try pick(found, for: source)))
                continue
            }
            for location in found {
                guard location.layer != nil else { throw noLayer(location, among: found.count) }
                all.append((source, location))
            }
        }
        if let layers {
            let present = Set(all.compactMap(\.location.layer))
            let missing = layers.layers.filter { !present.contains($0) }
            if !missing.isEmpty {
                throw SAEGraphError(
                    .unknownLayer,
                    "no SAE for layer \(missing.map(String.init).joined(separator: ", ")) in \(sources.map(\.path).joined(separator: ", ")); layers found: \(present.sorted().map(String.init).joined(separator: ", "))"
                )
            }
            all = all.filter { layers.contains($0.location.layer!) }
        }
        all.sort { ($0.location.layer!, $0.location.path) < ($1.location.layer!, $1.location.path) }
        for (a, b) in zip(all, all.dropFirst()) where a.location.layer == b.location.layer {
            throw SAEGraphError(
                .conflict,
                "two SAEs for layer \(a.location.layer!): \(a.location.path) and \(b.location.path); select layers or pass only one of them"
            )
        }
        return all
    }

    /// The one location `source` means: the only SAE found (its layer replaced by the
    /// user's), or, in a folder holding several, the one whose own layer is the user's.
    private static func pick(_ found: [SAELocation], for source: SAESource) throws -> SAELocation {
        if found.count == 1, var only = found.first {
            if let layer = source.layer, layer != only.layer {
                (only.layer, only.layerSource) = (layer, "user")
            }
            guard only.layer != nil else { throw noLayer(only, among: 1) }
            return only
        }
        let layersFound = found.compactMap(\.layer).map(String.init).joined(separator: ", ")
        guard let layer = source.layer else {
            throw SAEGraphError(
                .invalidArgument,
                "\(source.path): holds \(found.count) SAEs (layers \(layersFound)); give a layer to pick one")
        }
        let matches = found.filter { $0.layer == layer }
        guard let match = matches.first else {
            throw SAEGraphError(
                .unknownLayer, "\(source.path): no SAE for layer \(layer); layers found: \(layersFound)")
        }
        if matches.count > 1 {
            throw SAEGraphError(.conflict, "two SAEs for layer \(layer): \(matches[0].path) and \(matches[1].path)")
        }
        return match
    }

    private static func noLayer(_ location: SAELocation, among count: Int) -> SAEGraphError {
        SAEGraphError(
            .unknownLayer,
            "\(location.path): no layer in its config, hook name or path; give it explicitly (LAYER=PATH)")
    }

    // MARK: - Loading one SAE

    private static func load(_ location: SAELocation, _ source: SAESource) throws -> LoadedSAE {
        let layer = location.layer!
        let requestedName = source.tensorName ?? defaultTensorName
        let tensor: StoredTensor
        var biasWidth: Int?
        var encoder: (tensor: StoredTensor, orientation: DecoderOrientation)?
        switch location.format {
        case .saelens, .sparsify, .safetensors:
            let file = try SafetensorsFile(path: location.weightsPath)
            tensor = try file.tensor(named: requestedName)
            if let b = file.entry(named: "b_dec"), b.shape.count == 1 { biasWidth = b.shape[0] }
            if let e = encoderTensors.first(where: { $0.name != requestedName && file.entry(named: $0.name) != nil }) {
                encoder = (try file.tensor(named: e.name), e.orientation)
            }
        case .gemmaScope, .npz:
            let archive = try NPZArchive(path: location.weightsPath, maxDecompressed: source.maxDecompressed)
            tensor = try archive.array(named: requestedName).tensor(named: requestedName)
            if archive.arrayNames.contains("b_dec"), let b = try? archive.array(named: "b_dec"), b.shape.count == 1 {
                biasWidth = b.shape[0]
            }
            let names = archive.arrayNames
            if let e = encoderTensors.first(where: { $0.name != requestedName && names.contains($0.name) }) {
                encoder = (try archive.array(named: e.name).tensor(named: e.name), e.orientation)
            }
        case .npy:
            let array = try NPYArray(path: location.weightsPath)
            tensor = array.tensor(named: (location.weightsPath as NSString).lastPathComponent)
        }
        let orientation = try decideOrientation(
            tensor, location: location, biasWidth: biasWidth, requested: source.orientation)
        let decoder = try tensor.decoderMatrix(orientation: orientation)
        let encoderWeights = try encoder.map {
            try checkedEncoder($0.tensor, orientation: $0.orientation, decoder: decoder, decoderName: tensor.name)
        }
        let info = SAEInfo(
            path: location.path, format: location.format, layer: layer, layerSource: location.layerSource ?? "user",
            hookName: location.hookName, tensorName: tensor.name, dtype: tensor.dtype, dModel: decoder.columns,
            dSAE: decoder.rows, transposed: orientation == .columns, neuronpedia: location.config?.neuronpedia)
        return LoadedSAE(info: info, decoder: decoder, encoder: encoderWeights)
    }

    /// Encoder tensors looked for beside the decoder, first match wins, with the axis that
    /// holds the features: SAELens and Gemma Scope `W_enc [d_model, d_sae]`, sparsify and
    /// dictionary_learning `encoder.weight [d_sae, d_model]` (a `torch.nn.Linear` weight).
    static let encoderTensors: [(name: String, orientation: DecoderOrientation)] = [
        ("W_enc", .columns), ("encoder.weight", .rows),
    ]

    /// The encoder `tensor` as ``EncoderWeights`` (not yet read), checked against the decoder.
    /// - Throws: `.shapeMismatch` naming the file, tensor, its shape and the expected one.
    static func checkedEncoder(
        _ tensor: StoredTensor, orientation: DecoderOrientation, decoder: DecoderMatrix, decoderName: String
    ) throws -> EncoderWeights {
        let expected = orientation == .rows ? [decoder.rows, decoder.columns] : [decoder.columns, decoder.rows]
        guard tensor.shape == expected else {
            let axes = orientation == .rows ? "d_sae, d_model" : "d_model, d_sae"
            throw SAEGraphError(
                .shapeMismatch,
                "\(tensor.file): encoder tensor \(tensor.name) has shape \(tensor.shapeText); expected [\(expected.map(String.init).joined(separator: ", "))] ([\(axes)] of decoder \(decoderName))"
            )
        }
        return EncoderWeights(stored: tensor, orientation: orientation)
    }

    /// Which axis holds the features. The user's choice is checked against the config;
    /// otherwise the config (`d_sae`/`num_latents`/`expansion_factor`, `d_in`) or the
    /// `b_dec` length decides, and with neither, rows.
    static func decideOrientation(
        _ tensor: StoredTensor, location: SAELocation, biasWidth: Int?, requested: DecoderOrientation?
    ) throws -> DecoderOrientation {
        guard tensor.shape.count == 2 else { return requested ?? .rows }  // decoderMatrix reports it
        let dSAE = location.config?.dSAE
        let dModel = location.config?.dIn ?? biasWidth
        let evidence: String
        if let configPath = location.configPath, location.config?.dSAE != nil || location.config?.dIn != nil {
            evidence = configPath
        } else if biasWidth != nil {
            evidence = "its b_dec"
        } else {
            return requested ?? .rows
        }
        func fits(_ o: DecoderOrientation) -> Bool {
            let (features, width) = o == .rows ? (tensor.shape[0], tensor.shape[1]) : (tensor.shape[1], tensor.shape[0])
            return (dSAE == nil || features == dSAE) && (dModel == nil || width == dModel)
        }
        let s = dSAE.map(String.init) ?? "?"
        let m = dModel.map(String.init) ?? "?"
        if let requested {
            guard fits(requested) else {
                let expected = requested == .rows ? "[\(s), \(m)]" : "[\(m), \(s)]"
                throw SAEGraphError(
                    .shapeMismatch,
                    "\(tensor.file): tensor \(tensor.name) has shape \(tensor.shapeText) but \(evidence) says d_sae \(s), d_model \(m) (expected \(expected) with features as \(requested.rawValue))"
                )
            }
            return requested
        }
        if fits(.rows) { return .rows }
        if fits(.columns) { return .columns }
        throw SAEGraphError(
            .shapeMismatch,
            "\(tensor.file): tensor \(tensor.name) has shape \(tensor.shapeText) but \(evidence) says d_sae \(s), d_model \(m) (expected [\(s), \(m)] or [\(m), \(s)])"
        )
    }
}
