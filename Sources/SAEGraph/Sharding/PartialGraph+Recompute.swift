import Foundation

/// The command that recomputes given shards of the build a partial graph belongs to.
extension PartialGraph {
    /// `saegraph build …` with this build's inputs and options, for shard `index` of
    /// ``PartialGraph/shard``'s count (nil: the shell variable `$I`), writing `output` (where
    /// `{I}` stands for the shard). The
    /// inputs are given as this partial records them (paths relative to where the shards ran),
    /// so the recomputed shard describes them identically and merges with the others.
    ///
    /// - Example: `saegraph build ./saes/blocks.2 ./saes/blocks.3 --rule threshold --threshold 0.5 --shard 3/8 -o parts/part-3.json`
    public func buildCommand(shard index: Int?, output: String) -> String {
        var words = ["saegraph", "build"]
        for info in inputs {
            words += info.layerSource == "user" ? ["--sae", "\(info.layer)=\(info.path)"] : [info.path]
        }
        if let name = inputs.first?.tensorName, inputs.allSatisfy({ $0.tensorName == name }) {
            words += ["--tensor", name]
        }
        if !inputs.isEmpty, inputs.allSatisfy(\.transposed) { words += ["--orientation", "columns"] }
        // The threshold rule is named: build's default rule is `best`.
        if case .threshold = rule { words += ["--rule", "threshold"] }
        words += ["--threshold", "\(threshold)"]
        if let topK { words += ["--top-k", "\(topK)"] }
        if absolute { words.append("--absolute") }
        switch rule {
        case .threshold: break
        case .mutual(let f): words += ["--rule", "mutual", "--floor", "\(f)"]
        case .topK(_, let f): words += ["--rule", "topk", "--floor", "\(f)"]
        case .auto(let a): words += ["--rule", "auto", "--alpha", "\(a)"]
        case .best(let k, let a, let f):
            // Without scored pairs the build scored decoders, maybe by choice on SAEs with
            // encoders; with some, `auto` scores the same pairs of the same inputs.
            words +=
                ["--rule", "best", "--csls-k", "\(k)", "--alpha", "\(a)"] + (f.map { ["--coverage", "\($0)"] } ?? [])
                + (scoredPairs.isEmpty ? ["--scoring", "decoder"] : [])
        }
        if let nullModel {
            if !rule.needsNullModel { words.append("--null-model") }
            words += ["--null-rows", "\(nullModel.sampleRows)", "--null-seed", "\(nullModel.seed)"]
        }
        words += ["--shard", "{I}/\(shard.count)", "-o", output]
        return words.map { word in
            let quoted = Self.shellQuoted(word)
            let value = index.map(String.init) ?? (quoted.hasPrefix("'") ? "'\"$I\"'" : "$I")
            return quoted.replacingOccurrences(of: "{I}", with: value)
        }.joined(separator: " ")
    }

    /// For the shards missing from `parts` (all of one build, as ``merge(_:names:)`` takes
    /// them), one `saegraph build` command per missing shard that recomputes exactly it,
    /// writing the file the others' names suggest; empty when none is missing or the parts
    /// disagree on the shard count. `merge` refuses such parts with a one-line error; these
    /// are the commands that error points to.
    /// - Complexity: O(parts + shard count).
    public static func recomputeCommands(_ parts: [PartialGraph], names: [String]) -> [String] {
        guard let first = parts.first, parts.allSatisfy({ $0.shard.count == first.shard.count }) else { return [] }
        let have = Set(parts.map(\.shard.index))
        let missing = (1...first.shard.count).filter { !have.contains($0) }
        let pattern = namePattern(names, shards: parts.map(\.shard.index))
        return missing.map { first.buildCommand(shard: $0, output: pattern) }
    }

    /// `3-5,9`: shard numbers as a SLURM `--array` list of ranges.
    static func arrayRanges(_ shards: [Int]) -> String {
        var out: [String] = []
        var k = 0
        while k < shards.count {
            var e = k
            while e + 1 < shards.count && shards[e + 1] == shards[e] + 1 { e += 1 }
            out.append(e == k ? "\(shards[k])" : "\(shards[k])-\(shards[e])")
            k = e + 1
        }
        return out.joined(separator: ",")
    }

    /// The file name pattern the given shards' files follow, with `{I}` for the shard number
    /// (`parts/part-{I}.json` from `parts/part-1.json`, `parts/part-2.json`, …), or
    /// `part-{I}.json` when they follow none.
    static func namePattern(_ names: [String], shards: [Int]) -> String {
        var pattern: String? = nil
        for (name, index) in zip(names, shards) {
            guard let r = name.range(of: String(index), options: .backwards) else { return "part-{I}.json" }
            let p = name.replacingCharacters(in: r, with: "{I}")
            if pattern != nil && pattern != p { return "part-{I}.json" }
            pattern = p
        }
        return pattern ?? "part-{I}.json"
    }

    /// The word as a POSIX shell reads it back: bare when it holds only safe characters, else
    /// in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%{}")
        if !word.isEmpty && word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
