import Foundation

/// One SAE found on disk: where its weights are, how they are laid out, and its layer.
struct SAELocation: Sendable, Equatable {
    /// The SAE's folder (SAELens, sparsify) or file (Gemma Scope, bare files).
    var path: String
    var format: SAEFormat
    /// The file holding the decoder.
    var weightsPath: String
    /// The `cfg.json`, if any.
    var configPath: String?
    var layer: Int?
    /// "user", "config", "hook name" or "path".
    var layerSource: String?
    var hookName: String?
    var config: SAEConfig?
}

/// Finds SAEs in the layouts users hand the tool.
///
/// - A SAELens folder: `cfg.json` + `sae_weights.safetensors`.
/// - A sparsify hookpoint folder: `cfg.json` + `sae.safetensors`; layer from its name (`layers.6`).
/// - A Gemma Scope `params.npz`, or a folder holding one; layer from a `layer_N` path component.
/// - A bare `.safetensors`, `.npy` or `.npz` file (the layer must be given).
/// - Any other folder is searched (four levels deep, hidden entries skipped) for the above,
///   which covers SAELens releases (`blocks.6.hook_resid_pre/`, …), sparsify run folders
///   (`layers.6/`, …) and Gemma Scope trees (`layer_3/width_16k/average_l0_50/`).
enum SAELayout {
    static let maximumDepth = 4

    /// Every SAE at or under `path`, sorted by path.
    /// - Throws: `.fileNotFound` for a missing path; `.unsupported` for a file of unknown
    ///   kind or a folder holding no recognisable SAE.
    static func locate(_ path: String) throws -> [SAELocation] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SAEGraphError(.fileNotFound, "\(path): no such file or folder")
        }
        if !isFolder.boolValue {
            return [try file(path)]
        }
        if let single = try folder(path) { return [single] }
        var found: [SAELocation] = []
        try search(path, depth: 1, into: &found)
        guard !found.isEmpty else {
            throw SAEGraphError(
                .unsupported,
                "\(path): no SAE found (looked for cfg.json with sae_weights.safetensors or sae.safetensors, params.npz, up to \(maximumDepth) folders deep)"
            )
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func search(_ folderPath: String, depth: Int, into found: inout [SAELocation]) throws {
        guard depth <= maximumDepth,
            let names = try? FileManager.default.contentsOfDirectory(atPath: folderPath)
        else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = (folderPath as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isFolder), isFolder.boolValue else {
                continue
            }
            if let sae = try folder(child) {
                found.append(sae)
            } else {
                try search(child, depth: depth + 1, into: &found)
            }
        }
    }

    /// The SAE a folder holds directly, or nil.
    private static func folder(_ path: String) throws -> SAELocation? {
        let fm = FileManager.default
        func inside(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        let cfg = inside("cfg.json")
        let hasConfig = fm.fileExists(atPath: cfg)
        if hasConfig && fm.fileExists(atPath: inside("sae_weights.safetensors")) {
            return try configured(path, format: .saelens, weights: inside("sae_weights.safetensors"), config: cfg)
        }
        if hasConfig && fm.fileExists(atPath: inside("sae.safetensors")) {
            return try configured(path, format: .sparsify, weights: inside("sae.safetensors"), config: cfg)
        }
        if fm.fileExists(atPath: inside("params.npz")) {
            return gemmaScope(inside("params.npz"))
        }
        return nil
    }

    private static func file(_ path: String) throws -> SAELocation {
        let name = (path as NSString).lastPathComponent
        let folderPath = (path as NSString).deletingLastPathComponent
        let cfg = ((folderPath.isEmpty ? "." : folderPath) as NSString).appendingPathComponent("cfg.json")
        let hasConfig = FileManager.default.fileExists(atPath: cfg)
        switch (name as NSString).pathExtension.lowercased() {
        case "safetensors":
            if hasConfig && name == "sae_weights.safetensors" {
                return try configured(folderPath, format: .saelens, weights: path, config: cfg)
            }
            if hasConfig && name == "sae.safetensors" {
                return try configured(folderPath, format: .sparsify, weights: path, config: cfg)
            }
            return SAELocation(path: path, format: .safetensors, weightsPath: path)
        case "npz":
            if pathLayer(path) != nil { return gemmaScope(path) }
            return SAELocation(path: path, format: .npz, weightsPath: path)
        case "npy":
            return SAELocation(path: path, format: .npy, weightsPath: path)
        default:
            throw SAEGraphError(
                .unsupported,
                "\(path): not a recognised SAE file (expected .safetensors, .npy or .npz, or a folder with cfg.json)")
        }
    }

    private static func configured(_ folderPath: String, format: SAEFormat, weights: String, config: String) throws
        -> SAELocation
    {
        let cfg = try SAEConfig(path: config)
        var location = SAELocation(
            path: folderPath.isEmpty ? "." : folderPath, format: format, weightsPath: weights, configPath: config,
            config: cfg)
        // sparsify keeps no hook in its config: the folder's name is the hookpoint.
        let hook = cfg.hookName ?? (format == .sparsify ? (folderPath as NSString).lastPathComponent : nil)
        location.hookName = hook
        if let layer = cfg.layer {
            (location.layer, location.layerSource) = (layer, "config")
        } else if let hook, let layer = SAEConfig.layer(fromHookName: hook) {
            (location.layer, location.layerSource) = (layer, "hook name")
        }
        return location
    }

    private static func gemmaScope(_ path: String) -> SAELocation {
        var location = SAELocation(path: path, format: .gemmaScope, weightsPath: path)
        if let layer = pathLayer(path) {
            (location.layer, location.layerSource) = (layer, "path")
            // Gemma Scope residual-stream releases are named "...-res"; they read resid_post.
            if path.split(separator: "/").contains(where: { $0.hasSuffix("-res") }) {
                location.hookName = "blocks.\(layer).hook_resid_post"
            }
        }
        return location
    }

    /// The N of the last `layer_N` path component.
    static func pathLayer(_ path: String) -> Int? {
        for part in path.split(separator: "/").reversed() where part.hasPrefix("layer_") {
            if let n = Int(part.dropFirst(6)), n >= 0 { return n }
        }
        return nil
    }
}
