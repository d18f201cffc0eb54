/// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled; rows end with `\n`.
public enum CSVText {
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Header plus rows.
    public static func table(header: [String], rows: [[String]]) -> String {
        row(header) + rows.map(row).joined()
    }
}
