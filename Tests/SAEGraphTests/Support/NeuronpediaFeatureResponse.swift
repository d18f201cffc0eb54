/// A Neuronpedia single-feature API response
/// (`GET https://www.neuronpedia.org/api/feature/gpt2-small/6-res-jb/{index}`), built byte by
/// byte in the form the API sends it: compact JSON (no spaces), members in the API's order,
/// `index` as a string, the feature's statistics, activations and the nested `model`,
/// `source` and `sourceSet` objects around the `explanations` array. Numbers, ids and dates are
/// made up; the descriptions are passed in (the tests use rows of the real gpt2-small 6-res-jb
/// explanation export).
enum NeuronpediaFeatureResponse {
    /// One explanation object as the API nests it.
    static func explanation(layer: String, index: Int, description: String, model: String = "gpt2-small") -> String {
        #"{"id":"clsx7ab1k000\#(index)p8ue1hv2kq9","modelId":"\#(model)","layer":"\#(layer)","index":"\#(index)","#
            + #""description":"\#(description)","authorId":"clkht01d40000jv08hvalcvly","triggeredByUserId":null,"#
            + #""notes":null,"scoreV1":0,"scoreV2":null,"umap_x":null,"umap_y":null,"umap_cluster":null,"#
            + #""umap_log_feature_sparsity":null,"typeName":"oai_token-act-pair","explanationModelName":"gpt-3.5-turbo","#
            + #""createdAt":"2024-03-04T19:41:51.123Z","updatedAt":"2024-03-04T19:41:51.123Z","#
            + #""author":{"id":"clkht01d40000jv08hvalcvly","name":"bot","image":null},"scores":[]}"#
    }

    /// The whole response for one feature; `explanations` are the nested objects' JSON.
    static func feature(
        layer: String = "6-res-jb", index: Int, explanations: [String], model: String = "gpt2-small"
    ) -> String {
        #"{"modelId":"\#(model)","layer":"\#(layer)","index":"\#(index)","sourceSetName":"res-jb","#
            + #""creatorId":"clkht01d40000jv08hvalcvly","createdAt":"2024-02-27T00:21:53.171Z","maxActApprox":31.4375,"#
            + #""hasVector":false,"vector":[],"vectorLabel":null,"vectorDefaultSteerStrength":10,"hookName":null,"#
            + #""topkCosSimIndices":[\#(index),18342,2281],"topkCosSimValues":[1,0.4127,0.3988],"#
            + #""neuron_alignment_indices":[481,172,12],"neuron_alignment_values":[0.1204,0.1101,-0.0987],"#
            + #""neuron_alignment_l1":[0.0061,0.0056,0.005],"correlated_neurons_indices":[],"#
            + #""correlated_neurons_pearson":[],"correlated_neurons_l1":[],"correlated_features_indices":[],"#
            + #""correlated_features_pearson":[],"correlated_features_l1":[],"#
            + #""neg_str":[" nobody","\u00a0\u00a0"," Bj"],"neg_values":[-0.8231,-0.7902,-0.7717],"#
            + #""pos_str":[" rifles"," firearms"," handgun"],"pos_values":[1.2021,1.1875,1.1533],"#
            + #""frac_nonzero":0.000371,"freq_hist_data_bar_heights":[12,9,4,1],"#
            + #""freq_hist_data_bar_values":[1.57,4.71,7.85,10.99],"logits_hist_data_bar_heights":[3,51,402,77,2],"#
            + #""logits_hist_data_bar_values":[-0.7,-0.35,0,0.35,0.7],"decoder_weights_dist":[],"#
            + #""umap_cluster":null,"umap_log_feature_sparsity":null,"umap_x":null,"umap_y":null,"#
            + #""model":{"id":"\#(model)","displayNameShort":"GPT2-SM","displayName":"GPT2-Small","layers":12,"#
            + #""neuronsPerLayer":3072,"owner":"OpenAI","visibility":"PUBLIC","inferenceEnabled":true},"#
            + #""lists":[],"comments":[],"#
            + #""source":{"id":"\#(layer)","modelId":"\#(model)","hasDashboards":true,"inferenceEnabled":true,"#
            + #""saelensConfig":{"d_sae":24576,"hook_name":"blocks.6.hook_resid_pre"},"saelensRelease":"gpt2-small-res-jb","#
            + #""saelensSaeId":"blocks.6.hook_resid_pre","setName":"res-jb","visibility":"PUBLIC"},"#
            + #""sourceSet":{"modelId":"\#(model)","name":"res-jb","type":"sae","description":"Residual Stream - 24k","#
            + #""creatorName":"Joseph Bloom","urls":["https://huggingface.co/jbloom/GPT2-Small-SAEs-Reformatted"]},"#
            + #""explanations":[\#(explanations.joined(separator: ","))],"#
            + #""activations":[{"id":"clt0a1b2c3d4e5f6","tokens":["<|endoftext|>"," The"," rifle","\n"],"#
            + #""values":[0,0,31.4375,0],"maxValue":31.4375,"maxValueTokenIndex":2,"minValue":0,"#
            + #""dfaValues":[],"dfaTargetIndex":null,"dfaMaxValue":null,"lossValues":[],"logitContributions":null,"#
            + #""binMin":-1,"binMax":-1,"binContains":-1,"qualifyingTokenIndex":null,"index":"\#(index)","#
            + #""layer":"\#(layer)","modelId":"\#(model)","creatorId":"clkht01d40000jv08hvalcvly"}]}"#
    }
}
