import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphSynthesis

/// The model folder `scripts/setup.sh` unpacks from the PyPI wheel (SAEGRAPH_TEST_MODEL), and
/// the reference tokens and embeddings of `Fixtures/label-similarity/sentence-model.json`
/// (scripts/make-label-references.py).
enum SentenceModelFixture {
    static let folder = ProcessInfo.processInfo.environment["SAEGRAPH_TEST_MODEL"]

    struct Reference: Decodable {
        var sentences: [String]
        var tokenIds: [[Int32]]
        var embeddings: [[Float]]

        enum CodingKeys: String, CodingKey {
            case sentences, embeddings
            case tokenIds = "token_ids"
        }
    }

    static func reference() throws -> Reference {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("label-similarity/sentence-model.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    /// Loaded once for all tests.
    static let encoder: SentenceEncoder? = folder.flatMap { try? SentenceEncoder(folder: $0) }
}

@Suite(.enabled(if: SentenceModelFixture.folder != nil, "needs SAEGRAPH_TEST_MODEL (scripts/setup.sh)"))
struct SentenceModelTests {
    @Test func tokenizerMatchesHuggingFace() throws {
        let model = try #require(SentenceModelFixture.encoder)
        let reference = try SentenceModelFixture.reference()
        for (sentence, ids) in zip(reference.sentences, reference.tokenIds) {
            #expect(model.tokens(sentence) == ids, "\(sentence)")
        }
        #expect(model.tokens("").count == 2)
        #expect(model.folder.maxTokens == 256 && model.measureName == "all-MiniLM-L6-v2")
    }

    @Test func embeddingsMatchTheReference() throws {
        let model = try #require(SentenceModelFixture.encoder)
        let reference = try SentenceModelFixture.reference()
        let vectors = model.encode(reference.sentences)
        for (k, v) in vectors.enumerated() {
            let cosine = v.cosine(LabelVector(dense: reference.embeddings[k]))
            #expect(cosine >= 0.9999, "\(reference.sentences[k]): cosine \(cosine)")
        }
        // The same bits alone, in another batch and on one thread.
        var single = model
        single.threads = 1
        #expect(single.encode([reference.sentences[2]])[0] == vectors[2])
        #expect(single.encode(Array(reference.sentences.reversed())) == vectors.reversed())
        // F32 products, wherever the default is bfloat16.
        let exact = try SentenceEncoder(folder: #require(SentenceModelFixture.folder), bfloat16: false)
        for (k, v) in exact.encode(reference.sentences).enumerated() {
            let cosine = v.cosine(LabelVector(dense: reference.embeddings[k]))
            #expect(cosine >= 0.99999, "F32: \(reference.sentences[k]): cosine \(cosine)")
        }
    }

    @Test func similarityProperties() throws {
        let model = try #require(SentenceModelFixture.encoder)
        let labels = LabelStore(labels: [FeatureID(layer: 0, index: 0): "religious texts"])
        let c = LabelCoherence(labels: labels, encoder: model)
        #expect(c.measureName == "all-MiniLM-L6-v2")
        let a = "religious texts"
        let b = "spiritual teachings"
        #expect(try abs(#require(c.similarity(text: a, text: a)) - 1) < 1e-12)
        #expect(c.similarity(text: a, text: b) == c.similarity(text: b, text: a))
        // Meaning, not spelling: these share no n-gram of weight but read alike.
        #expect(try #require(c.similarity(text: a, text: b)) > 0.4)
        #expect(try #require(c.similarity(text: a, text: b)) > #require(c.similarity(text: a, text: "football scores")))
    }
}

/// Bad model folders: one line naming the file and what was expected.
@Suite struct SentenceModelFolderTests {
    func folder(config: [String: Any]?, files: [String] = ["tokenizer.json", "1_Pooling/config.json"]) throws -> String
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saegraph-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        if let config {
            try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        }
        for f in files {
            let text = f.hasPrefix("1_Pooling") ? #"{"pooling_mode_mean_tokens": true}"# : "{}"
            try Data(text.utf8).write(to: dir.appendingPathComponent(f))
        }
        return dir.path
    }

    static var tiny: [String: Any] {
        [
            "model_type": "bert", "vocab_size": 12, "hidden_size": 4, "num_hidden_layers": 1, "num_attention_heads": 2,
            "intermediate_size": 8, "max_position_embeddings": 16, "type_vocab_size": 2, "hidden_act": "gelu",
        ]
    }

    func error(_ body: () throws -> Void) -> SAEGraphError? {
        do { try body() } catch let e as SAEGraphError { return e } catch { return nil }
        return nil
    }

    @Test func missingFolderAndFiles() throws {
        let e = error { _ = try SentenceModelFolder(path: "/nonexistent/model") }
        #expect(e?.kind == .fileNotFound && e?.message.contains("/nonexistent/model: no such model folder") == true)
        let dir = try folder(config: Self.tiny)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = error { _ = try SentenceModelFolder(path: dir) }
        #expect(missing?.kind == .fileNotFound && missing?.message.contains("has no model.safetensors") == true)
        #expect(missing?.message.contains("\n") == false)
    }

    @Test func unsupportedArchitectureAndShapeMismatch() throws {
        var gpt = Self.tiny
        gpt["model_type"] = "gpt2"
        let dir = try folder(config: gpt, files: ["tokenizer.json", "1_Pooling/config.json", "model.safetensors"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let e = error { _ = try SentenceModelFolder(path: dir) }
        #expect(e?.kind == .unsupported && e?.message.hasSuffix("model_type is gpt2; only bert is supported") == true)

        let good = try folder(config: Self.tiny)
        defer { try? FileManager.default.removeItem(atPath: good) }
        var w = SafetensorsWriter()
        w.add(.init(name: "embeddings.word_embeddings.weight", shape: [10, 4], values: Array(repeating: 0, count: 40)))
        try w.write(to: good + "/model.safetensors")
        let folder = try SentenceModelFolder(path: good)
        let shape = error { _ = try BertWeights(folder: folder) }
        #expect(shape?.kind == .shapeMismatch)
        #expect(
            shape?.message.hasSuffix(
                "tensor embeddings.word_embeddings.weight has shape [10, 4]; config.json implies [12, 4]") == true)
        let tokenizer = error { _ = try WordPieceTokenizer(path: good + "/tokenizer.json", maxTokens: 16) }
        #expect(
            tokenizer?.kind == .malformedFile && tokenizer?.message.hasSuffix("tokenizer.json: no model object") == true
        )
    }
}
