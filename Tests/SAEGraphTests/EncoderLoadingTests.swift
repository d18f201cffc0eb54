import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph
@testable import SAEGraphSynthesis

/// Encoders read beside decoders in every layout the loader supports: SAELens and Gemma
/// Scope `W_enc [d_model, d_sae]`, sparsify `encoder.weight [d_sae, d_model]`, in every
/// supported dtype, and one-line errors for a shape that does not fit the decoder.
@Suite struct EncoderLoadingTests {
    private typealias F = LoadingFixtures

    /// The committed fixtures store each encoder as its decoder (transposed where the layout
    /// says so), so every encoder row must equal its decoder row.
    @Test(arguments: ["gpt2-small-res-jb", "sparsify-run", "gemma-scope-2b-pt-res"])
    func fixtureEncodersMatchTheirDecoders(release: String) throws {
        let saes = try SAELoader.loadAll([SAESource(path: F.path(release))], layers: nil)
        #expect(!saes.isEmpty)
        for sae in saes {
            let encoder = try #require(sae.encoder, "\(sae.info.path)")
            #expect(encoder.tensorName == (release == "sparsify-run" ? "encoder.weight" : "W_enc"))
            #expect(encoder.rows == sae.decoder.rows && encoder.columns == sae.decoder.columns)
            let values = try encoder.matrix().withUnsafeValues { $0.map(\.bitPattern) }
            #expect(values == sae.decoder.withUnsafeValues { $0.map(\.bitPattern) }, "\(sae.info.path)")
        }
    }

    @Test func bareDecodersHaveNoEncoder() throws {
        let sae = try SAELoader.load(SAESource(path: F.path("bare/decoder-rows.safetensors"), layer: 0))
        #expect(sae.encoder == nil)
        let npy = try SAELoader.load(SAESource(path: F.path("bare/decoder.npy"), layer: 0))
        #expect(npy.encoder == nil)
    }

    @Test func aSAELensEncoderOfTheWrongShapeIsNamed() throws {
        let folder = try F.temporaryFolder() + "/blocks.2.hook_resid_pre"
        try F.write(#"{"d_in": 4, "d_sae": 6, "hook_name": "blocks.2.hook_resid_pre"}"#, to: folder + "/cfg.json")
        let file = folder + "/sae_weights.safetensors"
        try F.write(
            F.safetensors([
                ("W_dec", "F32", [6, 4], F.f32Bytes((0..<24).map(Float.init))),
                ("W_enc", "F32", [6, 4], F.f32Bytes((0..<24).map(Float.init))),
            ]), to: file)
        let e = #expect(throws: SAEGraphError.self) { try SAELoader.load(SAESource(path: folder)) }
        #expect(e?.kind == .shapeMismatch)
        #expect(
            e?.message
                == "\(file): encoder tensor W_enc has shape [6, 4]; expected [4, 6] ([d_model, d_sae] of decoder W_dec)"
        )
    }

    @Test func aSparsifyEncoderOfTheWrongShapeIsNamed() throws {
        let folder = try F.temporaryFolder() + "/layers.3"
        try F.write(#"{"num_latents": 6, "d_in": 4}"#, to: folder + "/cfg.json")
        let file = folder + "/sae.safetensors"
        try F.write(
            F.safetensors([
                ("W_dec", "F32", [6, 4], F.f32Bytes((0..<24).map(Float.init))),
                ("encoder.weight", "F32", [4, 6], F.f32Bytes((0..<24).map(Float.init))),
            ]), to: file)
        let e = #expect(throws: SAEGraphError.self) { try SAELoader.load(SAESource(path: folder)) }
        #expect(
            e?.message
                == "\(file): encoder tensor encoder.weight has shape [4, 6]; expected [6, 4] ([d_sae, d_model] of decoder W_dec)"
        )
    }

    @Test func aGemmaScopeEncoderIsTransposedAndItsShapeChecked() throws {
        let folder = try F.temporaryFolder() + "/gemma-res/layer_5"
        let decoder = (0..<24).map { Float($0) }
        // W_enc [d_model 4, d_sae 6] holding 100 + decoder, transposed.
        let encoder = (0..<24).map { k in Float(100 + decoder[(k % 6) * 4 + k / 6]) }
        let good = folder + "/params.npz"
        try F.write(
            Self.npz([
                ("W_dec", Array(F.npy(descr: "<f4", shape: [6, 4], data: F.f32Bytes(decoder)))),
                ("W_enc", Array(F.npy(descr: "<f4", shape: [4, 6], data: F.f32Bytes(encoder)))),
            ]), to: good)
        let sae = try SAELoader.load(SAESource(path: good))
        let rows = try #require(sae.encoder).matrix().withUnsafeValues(Array.init)
        #expect(rows == decoder.map { $0 + 100 })
        let bad = try F.temporaryFolder() + "/layer_5/params.npz"
        try F.write(
            Self.npz([
                ("W_dec", Array(F.npy(descr: "<f4", shape: [6, 4], data: F.f32Bytes(decoder)))),
                ("W_enc", Array(F.npy(descr: "<f4", shape: [6, 4], data: F.f32Bytes(encoder)))),
            ]), to: bad)
        let e = #expect(throws: SAEGraphError.self) { try SAELoader.load(SAESource(path: bad)) }
        #expect(
            e?.message
                == "\(bad):W_enc.npy: encoder tensor W_enc has shape [6, 4]; expected [4, 6] ([d_model, d_sae] of decoder W_dec)"
        )
    }

    @Test func synthWritesEncodersThatKeepPlantedChains() throws {
        let folder = try F.temporaryFolder()
        let plan = SynthesisPlan(
            layers: [0, 1, 2], dSAE: 300, dModel: 64, chainCount: 20, rotation: 0.45, noise: 0.1, seed: 3,
            encoderNoise: 0.3)
        try SyntheticSAEs.write(plan, to: folder)
        let saes = try SAELoader.loadAll([SAESource(path: folder)], layers: nil)
        #expect(saes.allSatisfy { $0.encoder?.tensorName == "W_enc" })
        for sae in saes {
            let e = try sae.encoder!.matrix()
            for i in [0, 7, plan.dSAE - 1] {
                #expect(SimilarityReference.cosine(e.row(i), sae.decoder.row(i)) > 0.8)
            }
        }
        let graph = try SimilarityGraphBuilder.build(
            saes, rule: .standard, options: SimilarityOptions(), nullModel: nil)
        #expect(graph.metadata.scoring == .decoderEncoder)
        let (_, chains) = try SyntheticSAEs.generate(plan)
        var found = 0
        var hops = 0
        for chain in chains {
            for (a, b) in zip(chain.features, chain.features.dropFirst()) {
                hops += 1
                if graph.edgeLocation(from: a, to: b) != nil { found += 1 }
            }
        }
        #expect(hops > 0 && Double(found) >= 0.9 * Double(hops))
    }

    /// A stored (uncompressed) zip of `.npy` members.
    static func npz(_ members: [(name: String, data: [UInt8])]) -> Data {
        func le(_ v: Int, _ n: Int) -> [UInt8] { ZipBytes.le(UInt64(v), n) }
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for m in members {
            let name = Array((m.name + ".npy").utf8)
            let offset = out.count
            let sizes = le(0, 4) + le(m.data.count, 4) + le(m.data.count, 4)
            out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + sizes
            out += le(name.count, 2) + le(0, 2) + name + m.data
            directory += le(0x0201_4b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + sizes
            directory += le(name.count, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name
        }
        let start = out.count
        out += directory
        out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(members.count, 2) + le(members.count, 2)
        out += le(directory.count, 4) + le(start, 4) + le(0, 2)
        return Data(out)
    }
}
