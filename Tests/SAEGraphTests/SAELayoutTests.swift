import Foundation
import Testing

@testable import SAEGraph

@Suite struct SAELayoutTests {
    @Test func findsEachLayoutUnderARunFolder() throws {
        let sparsify = try SAELayout.locate(LoadingFixtures.path("sparsify-run"))
        #expect(sparsify.map(\.format) == [.sparsify, .sparsify])
        #expect(sparsify.map(\.layer) == [6, 7])
        #expect(sparsify.allSatisfy { $0.weightsPath.hasSuffix("/sae.safetensors") && $0.configPath != nil })
        #expect(sparsify.map(\.path) == sparsify.map(\.path).sorted())

        let gemma = try SAELayout.locate(LoadingFixtures.path("gemma-scope-2b-pt-res"))
        #expect(gemma.map(\.format) == [.gemmaScope, .gemmaScope])
        #expect(gemma.map(\.layer) == [3, 4] && gemma.allSatisfy { $0.layerSource == "path" })
        #expect(gemma.allSatisfy { $0.weightsPath.hasSuffix("params.npz") })

        let saelens = try SAELayout.locate(LoadingFixtures.path("gpt2-small-res-jb"))
        #expect(!saelens.isEmpty && saelens.allSatisfy { $0.format == .saelens })
        #expect(saelens.contains { $0.hookName == "blocks.8.hook_resid_pre" && $0.layer == 8 })
    }

    @Test func aBareFileHasNoLayer() throws {
        let found = try SAELayout.locate(LoadingFixtures.path("bare/decoder.npy"))
        #expect(found.count == 1 && found[0].format == .npy && found[0].layer == nil)
    }

    @Test func missingPathsAndFoldersWithoutSAEsAreRefused() throws {
        #expect { try SAELayout.locate(LoadingFixtures.path("no-such-folder")) } throws: {
            ($0 as? SAEGraphError)?.kind == .fileNotFound
        }
        let empty = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect { try SAELayout.locate(empty) } throws: { ($0 as? SAEGraphError)?.kind == .unsupported }
    }

    @Test(
        arguments: [
            ("gemma/layer_3/width_16k/average_l0_50/params.npz", 3), ("a/layer_12", 12), ("layer_x/layer_5/f", 5),
            ("blocks.6.hook_resid_pre", nil), ("layer_-1/x", nil),
        ] as [(String, Int?)])
    func pathLayerIsTheLastLayerComponent(path: String, layer: Int?) {
        #expect(SAELayout.pathLayer(path) == layer)
    }
}
