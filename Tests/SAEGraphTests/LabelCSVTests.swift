import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct LabelCSVTests {
    static func load(_ text: String, strict: Bool = false) throws -> LabelLoadResult {
        try LabelFixture.load(text, name: "labels.csv", strict: strict)
    }

    @Test func splitsRFC4180Records() {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n\n\"\",z"
        let records = LabelCSV.records(Array(text.utf8))
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", ""], ["", "z"]])
        #expect(records.map(\.line) == [1, 2, 3, 6])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test func readsLayerFeatureLabel() throws {
        let text =
            "layer,feature,label\n6,50,\"cats, dogs\"\n7,3,\"a \"\"quoted\"\" word\nover two lines\"\n7, 4 ,plain\n8,1,\n"
        let result = try Self.load(text)
        #expect(result.store[FeatureID(layer: 6, index: 50)] == "cats, dogs")
        #expect(result.store[FeatureID(layer: 7, index: 3)] == "a \"quoted\" word\nover two lines")
        #expect(result.store[FeatureID(layer: 7, index: 4)] == "plain")
        #expect(result.rowsRead == 4)
        #expect(result.emptyRows == 1)
        #expect(result.store.sources.isEmpty)
    }

    @Test func readsFeatureIdVariantAndOtherColumnOrders() throws {
        let a = try Self.load("\u{FEFF}Feature,Label\n6:50,x\n7_2,y\n")
        #expect(a.store[FeatureID(layer: 6, index: 50)] == "x")
        #expect(a.store[FeatureID(layer: 7, index: 2)] == "y")
        let b = try Self.load("description,score,index,layer\nz,0.5,9,3\n")
        #expect(b.store[FeatureID(layer: 3, index: 9)] == "z")
    }

    @Test(arguments: [
        ("6,2,a \"b\" c", 3, "quote inside an unquoted field"),
        ("6,2,\"a\" b", 3, "text after a closing quote"),
        ("6,2", 3, "expected 3 fields"),
        ("six,2,a", 3, "layer \"six\""),
        ("6,2.5,a", 3, "feature \"2.5\""),
        ("6,2,\"never closed\n7,1,x\n", 3, "opened on line 3 is never closed"),
    ])
    func malformedRecord(record: String, line: Int, reason: String) throws {
        let text = "layer,feature,label\n6,1,fine\n" + record + "\n"
        let result = try Self.load(text)
        #expect(result.store[FeatureID(layer: 6, index: 1)] == "fine")
        #expect(result.skippedCount == 1)
        #expect(result.skipped.first?.line == line)
        #expect(result.skipped.first?.reason.contains(reason) == true, "\(result.skipped)")
        #expect(throws: SAEGraphError.self) { try Self.load(text, strict: true) }
    }

    @Test func aRecordAfterABadOneIsStillRead() throws {
        let result = try Self.load("layer,feature,label\n6,1,\"a\"x,more\n6,2,ok\n")
        #expect(result.skipped.map(\.line) == [2])
        #expect(result.store[FeatureID(layer: 6, index: 2)] == "ok")
    }

    @Test func wrongHeaderIsAlwaysAnError() {
        #expect {
            try Self.load("name,value\na,b\n")
        } throws: { error in
            let e = error as? SAEGraphError
            return e?.kind == .malformedFile && e?.message.contains("labels.csv:1: not a label file") == true
        }
    }
}
