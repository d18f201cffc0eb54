/// What one partial graph must share with every other shard of its build.
extension PartialGraph {
    /// The first way `self` cannot belong to the same build as `reference` — the shard count,
    /// the saegraph version, the rule and options, the pairs scored with encoders, the null
    /// model's settings, the layers,
    /// d_sae, each input's description and decoder fingerprint — or nil when it can. The
    /// arithmetic (`precision`) may differ: it never changes a result.
    ///
    /// - Returns: what differs, this partial's value, the reference's, and advice.
    /// - Complexity: O(layers).
    public func difference(from reference: PartialGraph) -> (
        what: String, mine: String, theirs: String, advice: String
    )? {
        let sameOptions = "build every shard with the same options"
        let sameInputs = "build every shard from the same SAE files"
        if shard.count != reference.shard.count {
            return ("a shard count of", "\(shard.count)", "\(reference.shard.count)", "merge the shards of one build")
        }
        if version != reference.version {
            return ("saegraph version", version, reference.version, "build every shard with one saegraph version")
        }
        if threshold.bitPattern != reference.threshold.bitPattern {
            return ("threshold", "\(threshold)", "\(reference.threshold)", sameOptions)
        }
        if topK != reference.topK {
            return ("top-k", topK.map(String.init) ?? "none", reference.topK.map(String.init) ?? "none", sameOptions)
        }
        if absolute != reference.absolute {
            return ("absolute", "\(absolute)", "\(reference.absolute)", sameOptions)
        }
        if rule != reference.rule {
            return ("rule", Self.describe(rule), Self.describe(reference.rule), sameOptions)
        }
        if scoredPairs != reference.scoredPairs {
            func text(_ pairs: [Bool]) -> String {
                pairs.isEmpty ? "none" : "\(pairs.enumerated().filter(\.element).map(\.offset))"
            }
            return (
                "layer pairs scored with encoders", text(scoredPairs), text(reference.scoredPairs),
                "build every shard with the same --scoring from the same SAE files"
            )
        }
        if nullModel != reference.nullModel {
            func text(_ n: NullModelOptions?) -> String {
                n.map { "(\($0.sampleRows) rows, seed \($0.seed))" } ?? "none"
            }
            return ("null model", text(nullModel), text(reference.nullModel), sameOptions)
        }
        if layers != reference.layers {
            return ("layers", "\(layers)", "\(reference.layers)", sameInputs)
        }
        for k in reference.layers.indices {
            let layer = reference.layers[k]
            if featureCounts[k] != reference.featureCounts[k] {
                return (
                    "d_sae for layer \(layer) of", "\(featureCounts[k])", "\(reference.featureCounts[k])", sameInputs
                )
            }
            let (a, b) = (inputs[k], reference.inputs[k])
            if a != b {
                return a.path != b.path
                    ? ("for layer \(layer) input path", a.path, b.path, sameInputs)
                    : ("for layer \(layer) input description", "\(a)", "\(b)", sameInputs)
            }
            if fingerprints[k] != reference.fingerprints[k] {
                return (
                    "for layer \(layer) (\(a.path)) decoder fingerprint", fingerprints[k], reference.fingerprints[k],
                    "the file changed between shards; " + sameInputs
                )
            }
        }
        return nil
    }

    /// `mutual (floor 0.3)`.
    static func describe(_ rule: EdgeRule) -> String {
        switch rule {
        case .threshold(let t): "threshold (\(t))"
        case .mutual(let f): "mutual (floor \(f))"
        case .topK(let k, let f): "topk (k \(k), floor \(f))"
        case .auto(let a): "auto (alpha \(a))"
        case .best(let k, let a, let f): "best (csls-k \(k), alpha \(a)\(f.map { ", coverage \($0)" } ?? ""))"
        }
    }
}
