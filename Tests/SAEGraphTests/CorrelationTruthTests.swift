import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct CorrelationTruthTests {
    @Test func readsRanksAndLiveFeatures() throws {
        let dir = try writeTruthFiles([
            "corr_0_1.csv": truthHeader + "0,0,1,2,0.9,1\n0,0,1,1,0.5,2\n0,1,1,0,0.3,1\n",
            "corr_0_1_by_target.csv": truthHeader + "0,4,1,7,0.2,1\n",
            "freq.csv": "layer,feature,heldout_count,heldout_frequency\n0,0,5,0.1\n0,1,0,0\n1,2,1,0.01\n",
        ])
        let t = try CorrelationTruth.load(paths: ["\(dir)/corr_0_1.csv", "\(dir)/corr_0_1_by_target.csv"])
        #expect(t.rankedTargets[0]?[0] == [2, 1] && t.rankedTargets[0]?[1] == [0])
        #expect(t.targetLayer == [0: 1])
        #expect(t.live[0] == [0, 1, 4] && t.live[1] == [0, 1, 2, 7])
        #expect(
            t.rank(sourceLayer: 0, source: 0, target: 1) == 2 && t.rank(sourceLayer: 0, source: 0, target: 7) == nil)
        let f = try CorrelationTruth.load(paths: ["\(dir)/corr_0_1.csv"], frequency: "\(dir)/freq.csv")
        #expect(f.live[0] == [0] && f.live[1] == [2])
    }

    @Test func gzippedFilesReadAsTheirContents() throws {
        let plain = truthHeader + "0,0,1,2,0.9,1\n0,0,1,1,0.5,2\n0,1,1,0,0.3,1\n"
        let byTarget = truthHeader + "0,4,1,7,0.2,1\n"
        let dir = try writeTruthFiles([:])
        try Data(StoredGzip.make(Array(plain.utf8))).write(to: URL(fileURLWithPath: "\(dir)/corr_0_1.csv.gz"))
        try Data(StoredGzip.make(Array(byTarget.utf8))).write(
            to: URL(fileURLWithPath: "\(dir)/corr_0_1_by_target.csv.gz"))
        let t = try CorrelationTruth.load(paths: ["\(dir)/corr_0_1.csv.gz", "\(dir)/corr_0_1_by_target.csv.gz"])
        #expect(t.rankedTargets[0]?[0] == [2, 1] && t.rankedTargets[0]?[1] == [0])
        // The by-target file adds live features but no ranking.
        #expect(t.live[0] == [0, 1, 4] && t.targetLayer == [0: 1])
    }

    @Test(arguments: [
        ("a,b\n", "header"),
        (truthHeader + "0,0,1,2,0.9\n", "fields"),
        (truthHeader + "0,x,1,2,0.9,1\n", "not an integer"),
        (truthHeader + "0,0,1,2,0.9,2\n", "ranks must run"),
    ])
    func reportsTheFaultyLine(text: String, expected: String) throws {
        let dir = try writeTruthFiles(["corr_0_1.csv": text])
        #expect { try CorrelationTruth.load(paths: ["\(dir)/corr_0_1.csv"]) } throws: {
            ($0 as? SAEGraphError)?.message.contains(expected) ?? false
        }
    }
}
