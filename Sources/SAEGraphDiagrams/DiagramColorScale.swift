/// The sequential colour and width scale that encodes edge similarity: light blue and thin
/// at the low end, dark blue and thick at 1.0 (ColorBrewer "Blues" stops, readable on
/// white and in greyscale print).

import SAEGraph

struct DiagramColorScale: Sendable, Equatable {
    /// Similarity drawn lightest; values below it are drawn like it.
    var lower: Float
    /// Similarity drawn darkest (1.0).
    var upper: Float = 1

    /// The scale for `similarities`: it starts at 0.5 (the default edge threshold) or, when
    /// some drawn value is weaker, at that value rounded down to a tenth. Absolute values
    /// are used (negative similarities are drawn dashed by the caller).
    init(similarities: [Float]) {
        let weakest = similarities.lazy.map { abs($0) }.filter(\.isFinite).min() ?? 0.5
        lower = min(0.5, (weakest * 10).rounded(.down) / 10)
        if lower >= upper { lower = upper - 0.1 }
    }

    private static let stops: [(r: Double, g: Double, b: Double)] = [
        (0xc6, 0xdb, 0xef), (0x6b, 0xae, 0xd6), (0x21, 0x71, 0xb5), (0x08, 0x30, 0x6b),
    ]

    /// Position of `similarity` on the scale, 0...1 (NaN maps to 0).
    func fraction(_ similarity: Float) -> Double {
        let v = Double(abs(similarity))
        guard v.isFinite else { return 0 }
        return min(1, max(0, (v - Double(lower)) / Double(upper - lower)))
    }

    /// `#rrggbb` for `similarity`.
    func color(_ similarity: Float) -> String {
        let stops = Self.stops
        let x = fraction(similarity) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let t = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func channel(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * t).rounded()) }
        let rgb = [channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b)]
        return "#" + rgb.map { hex2($0) }.joined()
    }

    /// Line width in points for `similarity`: 0.6 to 4.
    func penWidth(_ similarity: Float) -> Double {
        0.6 + 3.4 * fraction(similarity)
    }

    /// Evenly spaced values from `lower` to `upper` for the legend.
    func legendValues(count: Int = 6) -> [Float] {
        (0..<count).map { lower + (upper - lower) * Float($0) / Float(count - 1) }
    }
}

private func hex2(_ v: Int) -> String {
    let digits = Array("0123456789abcdef")
    let c = max(0, min(255, v))
    return String([digits[c / 16], digits[c % 16]])
}
