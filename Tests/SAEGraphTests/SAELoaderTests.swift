import Foundation
import Testing

@testable import SAEGraph

@Suite struct SAELoaderTests {
    typealias F = LoadingFixtures

    /// How each committed fixture is named on the command line.
    static func source(for key: String) -> SAESource {
        let path = F.path(key)
        guard key.hasPrefix("bare/") else { return SAESource(path: path) }
        return SAESource(
            path: path, layer: 5, tensorName: key.hasSuffix("columns.safetensors") ? "decoder.weight" : nil,
            orientation: key.contains("columns") ? .columns : nil)
    }

    @Test func everyFixtureLoadsExactly() throws {
        let expected = try F.expected()
        #expect(expected.count == 16)
        for (key, want) in expected.sorted(by: { $0.key < $1.key }) {
            let sae = try SAELoader.load(Self.source(for: key))
            let info = sae.info
            #expect(info.format.rawValue == want.format, "\(key)")
            #expect(info.layer == want.layer && info.layerSource == want.layerSource, "\(key)")
            #expect(info.hookName == want.hook, "\(key)")
            #expect(info.dtype.rawValue == want.dtype && info.tensorName == want.tensor, "\(key)")
            #expect(
                info.dSAE == want.dSAE && info.dModel == want.dModel && info.transposed == want.transposed, "\(key)")
            #expect(sae.decoder.withUnsafeValues { $0.map(\.bitPattern) } == want.bits, "\(key)")
        }
    }

    @Test func releaseFolderLoadsEveryGeneration() throws {
        let saes = try SAELoader.loadAll([SAESource(path: F.path("gpt2-small-res-jb"))], layers: nil)
        #expect(saes.map(\.layer) == [6, 7, 8, 9])
        #expect(saes.map(\.info.layerSource) == ["config", "config", "hook name", "config"])
        #expect(saes.map(\.decoder.isMemoryMapped) == [true, false, false, true])
        #expect(saes[3].decoder.rowHealth() == RowHealth(zero: [2], nonFinite: [4]))
    }

    @Test(arguments: ["7-8", "7,8"])
    func selectionPicksLayers(text: String) throws {
        let saes = try SAELoader.loadAll(
            [SAESource(path: F.path("gpt2-small-res-jb"))], layers: try LayerSelection(parsing: text))
        #expect(saes.map(\.layer) == [7, 8])
    }

    @Test func absentLayerNamesTheLayersFound() throws {
        let release = F.path("gpt2-small-res-jb")
        let e = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll([SAESource(path: release)], layers: try LayerSelection(parsing: "6-10"))
        }
        #expect(e?.kind == .unknownLayer)
        #expect(e?.message == "no SAE for layer 10 in \(release); layers found: 6, 7, 8, 9")
    }

    @Test func sparsifyRunAndGemmaTree() throws {
        let run = try SAELoader.loadAll([SAESource(path: F.path("sparsify-run"))], layers: nil)
        #expect(run.map(\.layer) == [6, 7] && run.map(\.info.dSAE) == [6, 8])
        #expect(run.allSatisfy { $0.info.format == .sparsify })
        let gemma = try SAELoader.loadAll([SAESource(path: F.path("gemma-scope-2b-pt-res"))], layers: nil)
        #expect(gemma.map(\.layer) == [3, 4])
        // Deflated members are decompressed; numpy's stored members start at odd offsets
        // (30-byte header + 9-byte name + 20-byte zip64 extra), so they are copied too.
        #expect(gemma.map(\.decoder.isMemoryMapped) == [false, false])
    }

    @Test func discoverResolvesOneSourcePerSAE() throws {
        let found = try SAELoader.discover(
            [
                SAESource(path: F.path("gpt2-small-res-jb"), tensorName: "W_dec"),
                SAESource(path: F.path("bare/decoder.npy"), layer: 3),
            ],
            layers: nil)
        #expect(found.map(\.layer) == [3, 6, 7, 8, 9])
        #expect(
            found[1]
                == SAESource(path: F.path("gpt2-small-res-jb/blocks.6.hook_resid_pre"), layer: 6, tensorName: "W_dec"))
    }

    @Test func userLayerOverridesConfigAndPicksFromRelease() throws {
        let moved = try SAELoader.load(SAESource(path: F.path("gpt2-small-res-jb/blocks.6.hook_resid_pre"), layer: 10))
        #expect(moved.layer == 10 && moved.info.layerSource == "user")
        let picked = try SAELoader.load(SAESource(path: F.path("gpt2-small-res-jb"), layer: 8))
        #expect(picked.layer == 8 && picked.info.layerSource == "hook name")
        let e = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.load(SAESource(path: F.path("gpt2-small-res-jb")))
        }
        #expect(e?.message.contains("holds 4 SAEs (layers 6, 7, 8, 9)") == true)
    }

    @Test func twoSAEsForOneLayerNameBothPaths() throws {
        let e = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll(
                [SAESource(path: F.path("gpt2-small-res-jb")), SAESource(path: F.path("sparsify-run"))], layers: nil)
        }
        #expect(e?.kind == .conflict)
        // Both paths, though a message longer than 300 characters loses its middle.
        let full =
            "two SAEs for layer 6: \(F.path("gpt2-small-res-jb/blocks.6.hook_resid_pre")) and \(F.path("sparsify-run/layers.6"))"
        let message = try #require(e?.message)
        #expect(full.count > 260 || message.hasPrefix(full))
        #expect(message.hasPrefix(String(full.prefix(150))))
        #expect(message.contains("sparsify-run/layers.6"))
    }

    @Test func dModelMismatchNamesTheLayer() throws {
        let dir = try F.temporaryFolder()
        try F.write(F.npy(descr: "<f4", shape: [2, 3], data: F.f32Bytes([1, 2, 3, 4, 5, 6])), to: dir + "/a.npy")
        try F.write(F.npy(descr: "<f4", shape: [3, 2], data: F.f32Bytes([1, 2, 3, 4, 5, 6])), to: dir + "/b.npy")
        let e = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll(
                [SAESource(path: dir + "/a.npy", layer: 1), SAESource(path: dir + "/b.npy", layer: 2)], layers: nil)
        }
        #expect(e?.kind == .shapeMismatch)
        #expect(
            e?.message
                == "layer 2 (\(dir)/b.npy) has d_model 2 but layer 1 (\(dir)/a.npy) has 3; all layers must share d_model"
        )
    }

    @Test func configContradictingShapeNamesBoth() throws {
        let dir = try F.temporaryFolder() + "/blocks.2.hook_resid_pre"
        try F.saeLensFolder(
            at: dir, config: #"{"hook_name": "blocks.2.hook_resid_pre", "d_in": 4, "d_sae": 5}"#, decoderShape: [6, 4])
        let e = #expect(throws: SAEGraphError.self) { _ = try SAELoader.load(SAESource(path: dir)) }
        #expect(e?.kind == .shapeMismatch)
        #expect(
            e?.message
                == "\(dir)/sae_weights.safetensors: tensor W_dec has shape [6, 4] but \(dir)/cfg.json says d_sae 5, d_model 4 (expected [5, 4] or [4, 5])"
        )
    }

    @Test func configDecidesColumnsAndUserOrientationIsChecked() throws {
        let dir = try F.temporaryFolder() + "/sae"
        let values: [Float] = (0..<12).map(Float.init)
        try F.saeLensFolder(
            at: dir, config: #"{"hook_layer": 1, "d_in": 2, "d_sae": 6}"#, decoderShape: [2, 6], values: values)
        let sae = try SAELoader.load(SAESource(path: dir))
        #expect(sae.info.transposed && sae.decoder.rows == 6 && sae.decoder.columns == 2)
        #expect(sae.decoder.row(1) == [1, 7])
        let e = #expect(throws: SAEGraphError.self) { _ = try SAELoader.load(SAESource(path: dir, orientation: .rows)) }
        #expect(e?.message.hasSuffix("(expected [6, 2] with features as rows)") == true)
    }

    @Test func missingDecoderListsTensors() throws {
        let dir = try F.temporaryFolder() + "/sae"
        try F.saeLensFolder(at: dir, config: #"{"hook_layer": 1, "d_in": 2, "d_sae": 3}"#, decoderShape: [3, 2])
        let e = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.load(SAESource(path: dir, tensorName: "decoder.weight"))
        }
        #expect(e?.message == "\(dir)/sae_weights.safetensors: no tensor decoder.weight; the file holds W_dec, b_dec")
    }

    @Test func badPathsAreOneLineErrors() throws {
        let missing = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll([SAESource(path: "/nonexistent/sae")], layers: nil)
        }
        #expect(missing?.kind == .fileNotFound && missing?.message == "/nonexistent/sae: no such file or folder")
        let empty = try F.temporaryFolder()
        try F.write("x", to: empty + "/notes.txt")
        let none = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll([SAESource(path: empty)], layers: nil)
        }
        #expect(none?.kind == .unsupported && none?.message.hasPrefix("\(empty): no SAE found") == true)
        let bare = #expect(throws: SAEGraphError.self) {
            _ = try SAELoader.loadAll([SAESource(path: F.path("bare/decoder.npy"))], layers: nil)
        }
        #expect(bare?.kind == .unknownLayer && bare?.message.contains("give it explicitly") == true)
        let noInputs = #expect(throws: SAEGraphError.self) { _ = try SAELoader.loadAll([], layers: nil) }
        #expect(noInputs?.kind == .invalidArgument)
    }
}
