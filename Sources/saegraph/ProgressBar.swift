import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// Draws progress events as a one-line bar on stderr (only when stderr is a terminal):
/// stage, bar, percent, count, rate and time left. Throttled to ten redraws a second.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = ""
    private var stageStart = Date()
    private var lastDraw = Date.distantPast

    /// A handler for library calls, or nil when `quiet` or stderr is not a terminal.
    static func handler(quiet: Bool) -> ProgressHandler? {
        guard !quiet, CLIOutput.stderrIsTerminal else { return nil }
        let bar = ProgressBar()
        return { event in bar.draw(event) }
    }

    private func draw(_ e: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if e.stage != stage {
            if !stage.isEmpty { CLIOutput.err("\n") }
            stage = e.stage
            stageStart = now
            lastDraw = .distantPast
        }
        let finished = e.completed >= e.total
        guard finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let fraction = e.total > 0 ? min(1, Double(e.completed) / Double(e.total)) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(stageStart)
        let rate = elapsed > 0 ? Double(e.completed) / elapsed : 0
        let eta = rate > 0 ? Double(e.total - e.completed) / rate : 0
        var line = String(
            format: "\r%@ %@ %3.0f%% %d/%d %@", e.stage, bar, fraction * 100, e.completed, e.total, e.unit)
        if rate > 0 { line += String(format: "  %.0f %@/s", rate, e.unit) }
        line += finished ? String(format: "  %.1fs\n", elapsed) : String(format: "  ETA %.0fs\u{1B}[K", eta)
        if finished { stage = "" }
        CLIOutput.err(line)
    }
}
