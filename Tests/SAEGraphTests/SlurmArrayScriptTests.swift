import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct SlurmArrayScriptTests {
    private func header(rule: EdgeRule? = nil, null: NullModelOptions? = nil, paths: [String]? = nil) throws
        -> PartialGraph
    {
        try SimilarityGraphBuilder.partialHeader(
            ShardFixture.saes(paths: paths), rule: rule, options: SimilarityOptions(threshold: 0.25, topK: 4),
            nullModel: null, shard: ShardSpec(index: 1, count: 8))
    }

    @Test func buildCommandRepeatsInputsAndOptions() throws {
        let h = try header(rule: .mutual(floor: 0.3), null: NullModelOptions(sampleRows: 64, seed: 7))
        #expect(
            h.buildCommand(shard: 3, output: "parts/part-{I}.json")
                == "saegraph build /sae/layer2 /sae/layer3 /sae/layer5 /sae/layer6 --tensor W_dec --threshold 0.25 --top-k 4 --rule mutual --floor 0.3 --null-model --null-rows 64 --null-seed 7 --shard 3/8 -o parts/part-3.json"
        )
        let auto = try header(rule: .auto(alpha: 0.01), paths: ["/a b/l2", "/it's/l3", "/c/l5", "/c/l6"])
        #expect(
            auto.buildCommand(shard: nil, output: "/out dir/p{I}.json")
                == "saegraph build '/a b/l2' '/it'\\''s/l3' /c/l5 /c/l6 --tensor W_dec --threshold 0.25 --top-k 4 --rule auto --alpha 0.01 --null-rows 256 --null-seed 0 --shard $I/8 -o '/out dir/p'\"$I\"'.json'"
        )
    }

    @Test func recomputeCommandsNameEachMissingShard() throws {
        let parts = try ShardFixture.partials(ShardFixture.saes(), SimilarityOptions(threshold: 0.3), n: 7)
        let names = ["out/part-1.json", "out/part-4.json", "out/part-7.json"]
        let commands = PartialGraph.recomputeCommands([parts[0], parts[3], parts[6]], names: names)
        #expect(commands.count == 4)
        #expect(commands.first?.hasSuffix(" --threshold 0.3 --shard 2/7 -o out/part-2.json") == true)
        #expect(commands.last?.hasSuffix(" --threshold 0.3 --shard 6/7 -o out/part-6.json") == true)
        #expect(PartialGraph.recomputeCommands(parts, names: parts.map { "p\($0.shard.index)" }).isEmpty)
        #expect(PartialGraph.arrayRanges([2, 3, 5, 6, 7, 9]) == "2-3,5-7,9" && PartialGraph.arrayRanges([4]) == "4")
    }

    @Test func namePatternFollowsTheGivenFiles() {
        #expect(
            PartialGraph.namePattern(["run1/part-2.json", "run1/part-10.json"], shards: [2, 10]) == "run1/part-{I}.json"
        )
        #expect(PartialGraph.namePattern(["a.json", "b.json"], shards: [1, 2]) == "part-{I}.json")
        #expect(PartialGraph.namePattern(["x-1.json", "y-2.json"], shards: [1, 2]) == "part-{I}.json")
    }

    @Test func scriptSubmitsTheArrayAndTheMerge() throws {
        let h = try header()
        let sizing = try ShardSizing(
            featureCounts: ShardFixture.sizes, dModel: ShardFixture.columns, bytesPerValue: [4, 4, 4, 4], shardCount: 8,
            threads: 2)
        let text = SlurmArrayScript.text(
            header: h, sizing: sizing, rate: 1e9, saegraph: "/opt/bin/saegraph", output: "graph.json",
            labels: ["/data/labels dir"], precision: .fp32, scriptName: "run.sh")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "#!/bin/bash")
        for line in [
            "#SBATCH --array=1-8", "#SBATCH --cpus-per-task=2", "#SBATCH --output=logs/shard-%a.out",
            "SAEGRAPH=${SAEGRAPH:-/opt/bin/saegraph}", "    array=$(sbatch --parsable \"$0\")",
            "I=$SLURM_ARRAY_TASK_ID",
            "exec \"$SAEGRAPH\" build /sae/layer2 /sae/layer3 /sae/layer5 /sae/layer6 --tensor W_dec --rule threshold --threshold 0.25 --top-k 4 --shard $I/8 -o parts/part-$I.json --precision fp32 --threads \"$SLURM_CPUS_PER_TASK\"",
        ] {
            #expect(lines.contains(line), "missing: \(line)")
        }
        #expect(
            text.contains(
                "--output=logs/merge.out --wrap \"exec \\\"$SAEGRAPH\\\" merge parts/part-*.json --labels '/data/labels dir' -o graph.json\""
            ))
        #expect(text.contains("dependency=\"--dependency=afterok:$array\""))
        let mem = try #require(lines.first { $0.hasPrefix("#SBATCH --mem=") })
        let mb = Int(mem.dropFirst("#SBATCH --mem=".count).dropLast())!
        #expect(mb == Int((Double(sizing.largest().memoryBytes) * 1.25 / Double(1 << 20)).rounded(.up)))
    }
}
