/// The F32 weights of a BERT encoder, read from `model.safetensors` and checked against the
/// config's shapes. Tensor names are those of Hugging Face `BertModel`, with or without a
/// `bert.` prefix. Query, key and value weights are stacked into one `3H × H` matrix so one
/// matrix product makes all three.
struct BertWeights: Sendable {
    struct Layer: Sendable {
        var qkv: [Float]  // [3H, H]
        var qkvBias: [Float]  // [3H]
        var attentionOut: [Float]  // [H, H]
        var attentionOutBias: [Float]
        var attentionNorm: (gamma: [Float], beta: [Float])
        var intermediate: [Float]  // [I, H]
        var intermediateBias: [Float]
        var output: [Float]  // [H, I]
        var outputBias: [Float]
        var outputNorm: (gamma: [Float], beta: [Float])
    }

    var word: [Float]  // [V, H]
    var position: [Float]  // [P, H]
    var tokenType: [Float]  // [T, H]
    var embeddingNorm: (gamma: [Float], beta: [Float])
    var layers: [Layer]

    /// - Throws: `.malformedFile` for a missing tensor, `.shapeMismatch` for a tensor whose
    ///   shape disagrees with `config.json`, `.unsupported` for a dtype other than F32.
    init(folder: SentenceModelFolder) throws {
        let file = try SafetensorsFile(path: folder.weightsPath)
        let c = folder.config
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        let prefix = file.entry(named: "embeddings.word_embeddings.weight") == nil ? "bert." : ""
        func load(_ name: String, _ shape: [Int]) throws -> [Float] {
            let full = prefix + name
            let t = try file.tensor(named: full)
            guard t.shape == shape else {
                throw SAEGraphError(
                    .shapeMismatch,
                    "\(folder.weightsPath): tensor \(full) has shape \(t.shapeText); config.json implies "
                        + SafetensorsFile.shapeText(shape))
            }
            guard t.dtype == .f32 else {
                throw SAEGraphError(
                    .unsupported, "\(folder.weightsPath): tensor \(full) is \(t.dtype.rawValue); only F32")
            }
            let count = shape.reduce(1, *)
            return t.bytes.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian)
                }
            }
        }
        func norm(_ name: String) throws -> (gamma: [Float], beta: [Float]) {
            (try load(name + ".weight", [h]), try load(name + ".bias", [h]))
        }
        word = try load("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        position = try load("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenType = try load("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<c.layerCount).map { l in
            let p = "encoder.layer.\(l)."
            let attention = p + "attention.self."
            return Layer(
                qkv: try ["query", "key", "value"].flatMap { try load(attention + $0 + ".weight", [h, h]) },
                qkvBias: try ["query", "key", "value"].flatMap { try load(attention + $0 + ".bias", [h]) },
                attentionOut: try load(p + "attention.output.dense.weight", [h, h]),
                attentionOutBias: try load(p + "attention.output.dense.bias", [h]),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try load(p + "intermediate.dense.weight", [i, h]),
                intermediateBias: try load(p + "intermediate.dense.bias", [i]),
                output: try load(p + "output.dense.weight", [h, i]),
                outputBias: try load(p + "output.dense.bias", [h]),
                outputNorm: try norm(p + "output.LayerNorm"))
        }
    }
}
