import Foundation

/// Small text checks shared by the label readers.
enum LabelText {
    /// True when `text` is one or more ASCII digits.
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `text` quoted for a one-line message: at most 40 characters, line breaks and tabs
    /// escaped.
    static func excerpt(_ text: some StringProtocol) -> String {
        var short = String(text.prefix(40))
        if text.count > 40 { short += "…" }
        short = short.replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
            .replacingOccurrences(of: "\t", with: "\\t")
        return "\"\(short)\""
    }
}
