import Foundation

/// What a `cfg.json` (SAELens, any generation, or EleutherAI sparsify) says about an SAE.
///
/// SAELens generations: old configs have `hook_point` / `hook_point_layer`; v3–5 have
/// `hook_name` / `hook_layer`; v6 nests `hook_name` under `metadata` and has no layer.
/// sparsify has `d_in`, `num_latents` (0 means `expansion_factor × d_in`) and no hook.
struct SAEConfig: Sendable, Equatable {
    var hookName: String?
    var layer: Int?
    /// d_model.
    var dIn: Int?
    /// Number of features.
    var dSAE: Int?
    /// SAELens's `neuronpedia_id` (`"gpt2-small/6-res-jb"`: model id, `/`, source id), when
    /// the config has one of that form.
    var neuronpedia: NeuronpediaSource?

    init(hookName: String? = nil, layer: Int? = nil, dIn: Int? = nil, dSAE: Int? = nil) {
        (self.hookName, self.layer, self.dIn, self.dSAE) = (hookName, layer, dIn, dSAE)
    }

    /// Reads `path`.
    /// - Throws: `.fileNotFound`, or `.malformedFile` when it is not a JSON object.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SAEGraphError(.fileNotFound, "\(path): cannot read the SAE config")
        }
        guard let json = try? JSONValue.parse(Array(data), name: path), json.members != nil else {
            throw SAEGraphError(.malformedFile, "\(path): not a JSON object")
        }
        self.init(json: json)
    }

    /// Reads the fields of a parsed config object (see the type's description).
    init(json: JSONValue) {
        let metadata = json["metadata"] ?? [:]
        func int(_ key: String) -> Int? { (json[key] ?? metadata[key])?.integer }
        func string(_ key: String) -> String? { (json[key] ?? metadata[key])?.text }
        hookName = string("hook_name") ?? string("hook_point")
        neuronpedia = string("neuronpedia_id").flatMap(Self.neuronpediaSource)
        layer = (int("hook_layer") ?? int("hook_point_layer")).flatMap { $0 >= 0 ? $0 : nil }
        dIn = int("d_in").flatMap { $0 > 0 ? $0 : nil }
        let latents = int("d_sae") ?? int("num_latents")
        if let latents, latents > 0 {
            dSAE = latents
        } else if let dIn, let factor = int("expansion_factor"), factor > 0 {
            dSAE = dIn * factor
        }
    }

    /// `gpt2-small/6-res-jb` → model `gpt2-small`, source `6-res-jb`; nil unless the text is
    /// two non-empty parts around one `/`.
    static func neuronpediaSource(_ id: String) -> NeuronpediaSource? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return NeuronpediaSource(modelID: String(parts[0]), sourceID: String(parts[1]))
    }

    /// The layer in a hook name: the number after a `blocks` or `layers` component, e.g.
    /// 6 in "blocks.6.hook_resid_pre" and in sparsify's "layers.6".
    static func layer(fromHookName hook: String) -> Int? {
        let parts = hook.split(separator: ".")
        for (i, p) in parts.enumerated().dropLast() where p == "blocks" || p == "layers" {
            if let n = Int(parts[i + 1]), n >= 0 { return n }
        }
        return nil
    }
}
