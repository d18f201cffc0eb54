import ArgumentParser

/// A byte count given on the command line: digits with an optional binary suffix
/// `K`, `M` or `G` (`512M` is 512 × 2^20 bytes).
struct ByteCount: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let shifts: [Character: Int] = ["K": 10, "k": 10, "M": 20, "m": 20, "G": 30, "g": 30]
        var digits = Substring(argument)
        var shift = 0
        if let last = digits.last, let s = shifts[last] {
            shift = s
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0, n <= Int.max >> shift else { return nil }
        bytes = n << shift
    }

    var defaultValueDescription: String { "\(bytes >> 20)M" }
}
