import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct BuildPlanTests {
    static let options = SimilarityOptions(threshold: 0.3, threads: 1, precision: .fp32)

    @Test func sizesAShapeIntoTheShardsAsked() throws {
        let text = try BuildPlan(rule: .threshold(0.3), options: Self.options, shards: 3)
            .run(.shape(layers: 3, dSAE: 300, dModel: 16))
        #expect(text.hasPrefix("build: 3 layers (0-2) of 300 features, d_model 16; 2 layer pairs"))
        #expect(text.contains("3 tasks:"))
    }

    @Test func sizesLoadedSAEsInLayerOrder() throws {
        let saes = ShardFixture.saes().reversed().map { $0 }
        let text = try BuildPlan(rule: .threshold(0.3), options: Self.options, shards: 2).run(.saes(saes))
        #expect(text.contains("2 tasks:"))
        #expect(text.contains("d_model 8"))
    }

    @Test func refusals() throws {
        let plan = BuildPlan(rule: .threshold(0.3), options: Self.options, shards: 2)
        #expect { try plan.run(.saes(Array(ShardFixture.saes().prefix(1)))) } throws: {
            ($0 as? SAEGraphError)?.kind == .unknownLayer
        }
        let script = BuildPlan.Script(path: "/tmp/never-written.sh", saegraph: "saegraph", graph: "g.json")
        #expect { try plan.run(.shape(layers: 3, dSAE: 300, dModel: 16), script: script) } throws: {
            ($0 as? SAEGraphError)?.kind == .invalidArgument
        }
        #expect(!FileManager.default.fileExists(atPath: script.path))
    }
}
