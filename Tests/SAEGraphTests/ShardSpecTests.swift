import Testing

@testable import SAEGraph

@Suite struct ShardSpecTests {
    @Test func parsesIOverN() throws {
        let s = try ShardSpec(parsing: "3/8")
        #expect(s.index == 3 && s.count == 8 && s.description == "3/8")
        #expect(try ShardSpec(parsing: "1/1") == ShardSpec(index: 1, count: 1))
    }

    @Test(arguments: ["0/8", "9/8", "3", "3/", "/8", "a/b", "3/8/1", "-1/2", "1/0", ""])
    func rejectsBadText(_ text: String) {
        #expect { try ShardSpec(parsing: text) } throws: {
            let e = $0 as? SAEGraphError
            return e?.kind == .invalidArgument && e!.message.contains("3/8")
        }
    }
}
