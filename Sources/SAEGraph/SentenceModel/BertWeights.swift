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

    /// Every tensor the encoder reads, with the shape `config.json` implies.
    static func expectedShapes(_ c: SentenceModelFolder.Config) -> [(String, [Int])] {
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        var out: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [c.vocabularySize, h]),
            ("embeddings.position_embeddings.weight", [c.maxPositions, h]),
            ("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h]),
            ("embeddings.LayerNorm.weight", [h]), ("embeddings.LayerNorm.bias", [h]),
        ]
        for l in 0..<c.layerCount {
            let p = "encoder.layer.\(l)."
            for part in ["query", "key", "value"] {
                out += [("\(p)attention.self.\(part).weight", [h, h]), ("\(p)attention.self.\(part).bias", [h])]
            }
            out += [
                (p + "attention.output.dense.weight", [h, h]), (p + "attention.output.dense.bias", [h]),
                (p + "attention.output.LayerNorm.weight", [h]), (p + "attention.output.LayerNorm.bias", [h]),
                (p + "intermediate.dense.weight", [i, h]), (p + "intermediate.dense.bias", [i]),
                (p + "output.dense.weight", [h, i]), (p + "output.dense.bias", [h]),
                (p + "output.LayerNorm.weight", [h]), (p + "output.LayerNorm.bias", [h]),
            ]
        }
        return out
    }

    /// Checks that every tensor is present, F32 and of the expected shape, reading only the
    /// file's header.
    /// - Throws: as ``init(folder:)``.
    static func check(folder: SentenceModelFolder) throws {
        let file = try SafetensorsFile(path: folder.weightsPath)
        let prefix = file.entry(named: "embeddings.word_embeddings.weight") == nil ? "bert." : ""
        for (name, shape) in expectedShapes(folder.config) {
            _ = try checked(file, prefix + name, shape, folder)
        }
    }

    private static func checked(
        _ file: SafetensorsFile, _ name: String, _ shape: [Int], _ folder: SentenceModelFolder
    ) throws -> StoredTensor {
        let t = try file.tensor(named: name)
        guard t.shape == shape else {
            throw SAEGraphError(
                .shapeMismatch,
                "\(folder.weightsPath): tensor \(name) has shape \(t.shapeText); config.json implies "
                    + SafetensorsFile.shapeText(shape))
        }
        guard t.dtype == .f32 else {
            throw SAEGraphError(.unsupported, "\(folder.weightsPath): tensor \(name) is \(t.dtype.rawValue); only F32")
        }
        return t
    }

    init(
        word: [Float], position: [Float], tokenType: [Float], embeddingNorm: (gamma: [Float], beta: [Float]),
        layers: [Layer]
    ) {
        self.word = word
        self.position = position
        self.tokenType = tokenType
        self.embeddingNorm = embeddingNorm
        self.layers = layers
    }

    /// - Throws: `.malformedFile` for a missing tensor, `.shapeMismatch` for a tensor whose
    ///   shape disagrees with `config.json`, `.unsupported` for a dtype other than F32.
    init(folder: SentenceModelFolder) throws {
        let file = try SafetensorsFile(path: folder.weightsPath)
        let c = folder.config
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        let prefix = file.entry(named: "embeddings.word_embeddings.weight") == nil ? "bert." : ""
        func load(_ name: String, _ shape: [Int]) throws -> [Float] {
            let t = try Self.checked(file, prefix + name, shape, folder)
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
