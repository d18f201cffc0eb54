import Foundation
import Testing

@testable import SAEGraph

@Suite struct InputFileTests {
    /// A pipe holding `bytes`, its write end closed.
    static func pipe(_ bytes: Int) throws -> FileHandle {
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data(repeating: 0x20, count: bytes))
        try pipe.fileHandleForWriting.close()
        return pipe.fileHandleForReading
    }

    @Test func readsAPipeToItsEnd() throws {
        let data = try InputFile.readAll(Self.pipe(3000), limit: 3000, name: "<stdin>", what: "graph file")
        #expect(data.count == 3000)
    }

    @Test func refusesMoreThanTheBoundWithOneLine() throws {
        let e = #expect(throws: SAEGraphError.self) {
            _ = try InputFile.readAll(Self.pipe(3001), limit: 3000, name: "<stdin>", what: "graph file")
        }
        #expect(e?.kind == .tooLarge)
        #expect(
            e?.message == "<stdin>: the graph file on standard input is larger than 3000 bytes; pass its path instead")
    }

    @Test func missingPathsNameWhatWasExpected() {
        let e = #expect(throws: SAEGraphError.self) { _ = try PartialGraphFile.read(path: "/nonexistent/part.json") }
        #expect(e?.kind == .fileNotFound && e?.message == "/nonexistent/part.json: no such partial graph file")
        let g = #expect(throws: SAEGraphError.self) { _ = try GraphFile.read(path: "/nonexistent/g.json") }
        #expect(g?.message == "/nonexistent/g.json: no such graph file")
    }
}
