import Testing

@testable import SAEGraph

@Suite struct SAEConfigTests {
    @Test func oldSAELensConfig() {
        let c = SAEConfig(json: [
            "hook_point": "blocks.6.hook_resid_pre", "hook_point_layer": 6, "d_in": 768, "d_sae": 24576,
        ])
        #expect(c == SAEConfig(hookName: "blocks.6.hook_resid_pre", layer: 6, dIn: 768, dSAE: 24576))
    }

    @Test func v3ConfigWithExpansionFactor() {
        let c = SAEConfig(json: [
            "hook_name": "blocks.7.hook_resid_pre", "hook_layer": 7, "d_in": 768, "expansion_factor": 32,
        ])
        #expect(c.layer == 7 && c.dSAE == 24576 && c.hookName == "blocks.7.hook_resid_pre")
    }

    @Test func v6ConfigHasNoLayer() {
        let c = SAEConfig(json: ["d_in": 4, "d_sae": 6, "metadata": ["hook_name": "blocks.8.hook_resid_pre"]])
        #expect(c.layer == nil && c.hookName == "blocks.8.hook_resid_pre" && c.dSAE == 6)
    }

    @Test func sparsityNumLatentsZeroMeansExpansion() {
        #expect(SAEConfig(json: ["d_in": 4, "num_latents": 0, "expansion_factor": 2]).dSAE == 8)
        #expect(SAEConfig(json: ["d_in": 4, "num_latents": 6, "expansion_factor": 32]).dSAE == 6)
    }

    @Test(
        arguments: [
            ("blocks.6.hook_resid_pre", 6), ("blocks.11.hook_resid_post", 11), ("layers.6", 6), ("layers.3.mlp", 3),
            ("embed", nil), ("blocks.x.hook", nil), ("hook_resid_pre", nil),
        ] as [(String, Int?)])
    func layerFromHookName(hook: String, layer: Int?) {
        #expect(SAEConfig.layer(fromHookName: hook) == layer)
    }
}
