/// Reads the label of a feature object as Neuronpedia's single-feature API returns it
/// (`GET https://www.neuronpedia.org/api/feature/{modelId}/{layer}/{index}`), saved as a file,
/// one per line in a JSONL file, or several in a JSON array:
///
/// ```json
/// {"modelId": "gpt2-small", "layer": "6-res-jb", "index": "50", "sourceSetName": "res-jb",
///  "maxActApprox": 40.1, "pos_str": [...], "activations": [...], ...,
///  "explanations": [{"id": "…", "modelId": "gpt2-small", "layer": "6-res-jb", "index": "50",
///                    "description": " references to firearms", "typeName": "oai_token-act-pair",
///                    "explanationModelName": "gpt-3.5-turbo", "scores": [...], ...}]}
/// ```
///
/// The feature's `modelId`, `layer` and `index` are read as in an explanation export row
/// (``NeuronpediaExport``); its label is the first `explanations[].description` that is not
/// blank (in array order, which is the API's). A feature with an empty `explanations` array has
/// no label. A top-level `description` (an export row) wins over nested explanations. The
/// other members (activations, logits, histograms, the nested `model` and `source` objects)
/// are skipped without being built.
///
/// - Complexity: O(bytes of the object).
enum NeuronpediaFeature {
    /// Reads one row object: an explanation export row or a single-feature API response.
    /// Returns the values of ``NeuronpediaExport/keys`` by position; for a feature object
    /// without a top-level `description`, the description slot holds the first non-blank
    /// nested description, or null when there is none.
    /// - Throws: ``JSONScanError`` on a syntax error (the next value must be an object).
    static func readRow(_ s: inout JSONScanner) throws -> [JSONField?] {
        let keys = NeuronpediaExport.keys
        var fields = [JSONField?](repeating: nil, count: keys.names.count)
        var nested: JSONField?
        guard try s.beginObject() else { return fields }
        repeat {
            let key = try s.readKey()
            if let slot = try s.slot(of: key, in: keys) {
                fields[slot] = try s.readField()
            } else if s.matches(key, "explanations"), try s.peekKind() == .array {
                nested = try firstDescription(&s)
            } else {
                try s.skipValue()
            }
        } while try s.nextMember()
        if fields[3] == nil, let nested { fields[3] = nested }
        return fields
    }

    /// The first non-blank `description` string among the objects of an `explanations`
    /// array (`.null` when none has one); the array is consumed either way.
    private static func firstDescription(_ s: inout JSONScanner) throws -> JSONField {
        var found: String?
        guard try s.beginArray() else { return .null }
        repeat {
            guard found == nil, try s.peekKind() == .object else {
                try s.skipValue()
                continue
            }
            guard try s.beginObject() else { continue }
            repeat {
                let key = try s.readKey()
                if found == nil, s.matches(key, "description"), try s.peekKind() == .string {
                    let text = try s.readString()
                    if !LabelAccumulator.isBlank(text) { found = text }
                } else {
                    try s.skipValue()
                }
            } while try s.nextMember()
        } while try s.nextElement()
        return found.map { .string($0) } ?? .null
    }
}
