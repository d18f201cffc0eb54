/// How a query command writes its answer: aligned text for people, JSON or CSV for scripts.
public enum ListingFormat: String, Sendable, CaseIterable {
    case text, json, csv
}
