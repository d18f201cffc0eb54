import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// Printing helpers for the executable (the library never prints).
enum CLIOutput {
    /// Prints `message` as one line on stderr, prefixed "saegraph: error: ", and exits 1.
    static func fail(_ message: String) -> Never {
        let line = "saegraph: error: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        exit(1)
    }

    /// Prints a warning line on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("saegraph: warning: \(message)\n".utf8))
    }

    /// Writes text to stdout.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// True when stderr is a terminal (progress bars are drawn only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
