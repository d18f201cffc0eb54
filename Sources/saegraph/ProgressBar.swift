import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// Draws progress events on stderr. On a terminal: a one-line bar (stage, bar, percent,
/// count, rate and time left), throttled to ten redraws a second. Otherwise (batch jobs, log
/// files): one line when a stage finishes (count, rate, time), and for long stages one line
/// a minute with the time left. Notes (e.g. the candidate kernel chosen) get a line of their own.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private var stage = ""
    private var stageStart = Date()
    private var lastDraw = Date.distantPast
    /// Seconds between lines of an unfinished stage when stderr is not a terminal.
    static let logInterval: TimeInterval = 60

    private init(terminal: Bool) { self.terminal = terminal }

    /// A handler for library calls, or nil when `quiet`.
    static func handler(quiet: Bool) -> ProgressHandler? {
        guard !quiet else { return nil }
        let bar = ProgressBar(terminal: CLIOutput.stderrIsTerminal)
        return { event in bar.draw(event) }
    }

    private func draw(_ e: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if let note = e.note {
            if terminal && !stage.isEmpty { CLIOutput.err("\n") }
            CLIOutput.err("\(e.stage): \(note)\n")
            stage = ""
            return
        }
        if e.stage != stage {
            if terminal && !stage.isEmpty { CLIOutput.err("\n") }
            stage = e.stage
            // Off a terminal the first event of a stage comes after its first block of work:
            // count the stage from the previous one's end so rates include all its work.
            stageStart = terminal ? now : min(now, lastStageEnd ?? now)
            lastDraw = terminal ? .distantPast : now
        }
        let finished = e.completed >= e.total
        let interval = terminal ? 0.1 : Self.logInterval
        guard finished || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        let fraction = e.total > 0 ? min(1, Double(e.completed) / Double(e.total)) : 1
        let elapsed = now.timeIntervalSince(stageStart)
        let rate = elapsed > 0 ? Double(e.completed) / elapsed : 0
        let eta = rate > 0 ? Double(e.total - e.completed) / rate : 0
        if finished {
            stage = ""
            lastStageEnd = now
        }
        guard terminal else {
            var line = "\(e.stage): \(e.completed)/\(e.total) \(e.unit)"
            line += String(format: " (%.0f%%)", fraction * 100)
            if rate > 0 { line += String(format: ", %.0f %@/s", rate, e.unit) }
            line += finished ? String(format: ", %.1f s\n", elapsed) : String(format: ", ETA %.0f s\n", eta)
            CLIOutput.err(line)
            return
        }
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var line = String(
            format: "\r%@ %@ %3.0f%% %d/%d %@", e.stage, bar, fraction * 100, e.completed, e.total, e.unit)
        if rate > 0 { line += String(format: "  %.0f %@/s", rate, e.unit) }
        line += finished ? String(format: "  %.1fs\n", elapsed) : String(format: "  ETA %.0fs\u{1B}[K", eta)
        CLIOutput.err(line)
    }

    private var lastStageEnd: Date? = nil
}
