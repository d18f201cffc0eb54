import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// Printing helpers for the executable (the library never prints).
enum CLIOutput {
    /// Prints `message` as one line on stderr, prefixed "saegraph: error: ", and exits 1.
    /// Control characters are shown as escapes and long messages shortened (``ErrorText``).
    static func fail(_ message: String) -> Never {
        err("saegraph: error: " + ErrorText.oneLine(message) + "\n")
        exit(1)
    }

    /// Prints a warning line on stderr (made one printable line like errors).
    static func warn(_ message: String) {
        err("saegraph: warning: \(ErrorText.oneLine(message))\n")
    }

    /// Prints an informative line on stderr, prefixed "saegraph: ".
    static func note(_ message: String) {
        err("saegraph: \(ErrorText.oneLine(message))\n")
    }

    /// Writes text to stderr; a failure to write there is ignored (nowhere left to say it).
    static func err(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// Writes text to stdout; a failed write (a full disk, a closed pipe) is an error exit.
    static func out(_ text: String) {
        out(Data(text.utf8))
    }

    /// Writes bytes to stdout; a failed write is an error exit.
    static func out(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            fail("cannot write to standard output: \((error as NSError).localizedDescription)")
        }
    }

    /// True when stderr is a terminal (progress bars are drawn only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
