/// Turns byte offsets into 1-based line numbers, counting newlines forward from the last
/// offset asked about.
/// - Complexity: O(n) in total when offsets are asked in increasing order.
struct LineCounter {
    let bytes: [UInt8]
    private var offset = 0
    private var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func line(at target: Int) -> Int {
        if target < offset {
            offset = 0
            line = 1
        }
        let stop = min(target, bytes.count)
        while offset < stop {
            if bytes[offset] == 0x0A { line += 1 }
            offset += 1
        }
        return line
    }
}
