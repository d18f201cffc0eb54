import Testing

@testable import SAEGraph

@Suite struct LineCounterTests {
    @Test func countsLinesForwardAndBackward() {
        let bytes = Array("ab\ncd\n\nef".utf8)
        var lines = LineCounter(bytes: bytes)
        #expect([0, 2, 3, 6, 7, 8, 1].map { lines.line(at: $0) } == [1, 1, 2, 3, 4, 4, 1])
    }
}
