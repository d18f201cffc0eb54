import Foundation

/// The text `saegraph build --plan` prints: the build's size, the measured kernel rate, and
/// each task's layer pairs × rows, flops, memory and expected time.
public enum ShardPlanListing {
    /// - Parameters:
    ///   - layers: the layer numbers, parallel to the plan's row counts.
    ///   - rate: the engine's measured flops per second with ``ShardSizing/threads`` threads.
    ///   - maxRows: tasks listed (the first `maxRows - 1` and the last); the rest are elided.
    /// - Complexity: O(shards · layers) to find the largest task.
    public static func text(_ sizing: ShardSizing, layers: [Int], rate: Double, maxRows: Int = 24) -> String {
        let plan = sizing.plan
        let n = plan.shardCount
        let counts = plan.rowCounts
        let distinct = Set(counts).sorted()
        let features = distinct.count == 1 ? "\(distinct[0])" : distinct.map(String.init).joined(separator: "/")
        var lines: [String] = []
        lines.append(
            "build: \(layers.count) layers (\(layerText(layers))) of \(features) features, d_model \(sizing.dModel); \(plan.pairCount) layer pairs, \(flops(sizing.totalFlops)) in all"
        )
        lines.append(
            "kernel rate measured here: \(flops(rate))/s with \(sizing.threads) thread\(sizing.threads == 1 ? "" : "s") per task; all \(n) tasks one after another: \(duration(sizing.totalFlops / rate))"
        )
        let largest = sizing.largest()
        lines.append(
            "\(n) task\(n == 1 ? "" : "s"): at most \(flops(largest.flops)), \(bytes(largest.memoryBytes)) and \(duration(largest.flops / rate)) each"
        )
        lines.append("")
        var table = [["task", "layer pairs × source rows", "flops", "memory", "time"]]
        let shown: [Int] = n <= maxRows ? Array(1...n) : Array(1..<maxRows) + [n]
        for i in shown {
            if i == n && n > maxRows { table.append(["…", "", "", "", ""]) }
            let t = sizing.task(i)
            let spans = t.spans.map { s in
                "\(layers[s.pair])→\(layers[s.pair + 1]) \(s.rows.lowerBound)..<\(s.rows.upperBound)"
            }
            table.append([
                "\(i)", spans.isEmpty ? "(none)" : spans.joined(separator: ", "), flops(t.flops), bytes(t.memoryBytes),
                duration(t.flops / rate),
            ])
        }
        let widths = (0..<5).map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { c, v in
                c == 1
                    ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - v.count) + v
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2-5` for consecutive layers, else the list.
    static func layerText(_ layers: [Int]) -> String {
        guard let f = layers.first, let l = layers.last else { return "none" }
        return layers == Array(f...l) && layers.count > 2
            ? "\(f)-\(l)" : layers.map(String.init).joined(separator: ", ")
    }

    /// `26.4 TFLOP`.
    public static func flops(_ x: Double) -> String {
        let units = [(1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP"), (1e6, "MFLOP"), (1e3, "kFLOP")]
        for (scale, unit) in units where x >= scale { return String(format: "%.1f %@", x / scale, unit) }
        return String(format: "%.0f FLOP", x)
    }

    /// `1.3 GB` (powers of 1024, written GB/MB).
    public static func bytes(_ b: Int) -> String {
        let x = Double(b)
        if b >= 1 << 30 { return String(format: "%.1f GB", x / Double(1 << 30)) }
        return String(format: "%.0f MB", (x / Double(1 << 20)).rounded(.up))
    }

    /// `2 h 05 min`, `4 min 10 s`, `12.5 s`.
    public static func duration(_ s: Double) -> String {
        if s >= 3600 { return String(format: "%d h %02d min", Int(s) / 3600, (Int(s) % 3600) / 60) }
        if s >= 60 { return String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60) }
        return String(format: "%.1f s", s)
    }
}
