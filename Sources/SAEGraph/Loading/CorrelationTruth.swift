import Foundation

/// Activation-correlation ground truth for judging edges: for each source feature, its most
/// correlated features of the next layer, best first, and the features that are live.
///
/// Files are CSV with header `source_layer,source_feature,target_layer,target_feature,correlation,rank`:
/// - `corr_L_L+1.csv`: each source's top targets, `rank` 1 the most correlated;
/// - `corr_L_L+1_by_target.csv` (any name ending in `_by_target.csv`): each target's top
///   sources; used only to learn which features are live.
/// - an optional frequency file `layer,feature,heldout_count,…`: live means `heldout_count > 0`.
///   Without it, live features are those named in any truth file.
public struct CorrelationTruth: Sendable {
    /// Source layer → source feature → targets ordered by rank (index 0 is rank 1).
    public var rankedTargets: [Int: [Int: [Int32]]]
    /// Source layer → the target layer its file names.
    public var targetLayer: [Int: Int]
    /// Layer → live features.
    public var live: [Int: Set<Int>]

    public init(rankedTargets: [Int: [Int: [Int32]]], targetLayer: [Int: Int], live: [Int: Set<Int>]) {
        self.rankedTargets = rankedTargets
        self.targetLayer = targetLayer
        self.live = live
    }

    /// The rank (1-based) of `target` among `source`'s listed targets, or nil.
    public func rank(sourceLayer: Int, source: Int, target: Int32) -> Int? {
        guard let list = rankedTargets[sourceLayer]?[source], let i = list.firstIndex(of: target) else { return nil }
        return i + 1
    }

    /// Reads truth files and an optional frequency file (each plain or gzipped CSV).
    /// - Throws: `.fileNotFound`, or `.malformedFile` naming the file and line of a bad header,
    ///   field count, number or a rank that is not 1, 2, … in order per feature.
    /// - Complexity: O(total bytes).
    public static func load(paths: [String], frequency: String? = nil) throws -> CorrelationTruth {
        var ranked: [Int: [Int: [(rank: Int, target: Int32)]]] = [:]
        var targetLayer: [Int: Int] = [:]
        var named: [Int: Set<Int>] = [:]
        for path in paths {
            let byTarget = path.hasSuffix("_by_target.csv") || path.hasSuffix("_by_target.csv.gz")
            try forEachRow(
                path,
                header: ["source_layer", "source_feature", "target_layer", "target_feature", "correlation", "rank"]
            ) {
                fields, line in
                let v = try fields.prefix(4).map { try integer($0, path, line) } + [try integer(fields[5], path, line)]
                guard Double(fields[4]) != nil else {
                    throw SAEGraphError(
                        .malformedFile, "\(path) line \(line): correlation \"\(fields[4])\" is not a number")
                }
                named[v[0], default: []].insert(v[1])
                named[v[2], default: []].insert(v[3])
                if !byTarget {
                    if let known = targetLayer[v[0]], known != v[2] {
                        throw SAEGraphError(
                            .malformedFile,
                            "\(path) line \(line): layer \(v[0]) already pairs with layer \(known), not \(v[2])")
                    }
                    targetLayer[v[0]] = v[2]
                    ranked[v[0], default: [:]][v[1], default: []].append((v[4], Int32(v[3])))
                }
            }
        }
        var out: [Int: [Int: [Int32]]] = [:]
        for (layer, features) in ranked {
            for (f, list) in features {
                let sorted = list.sorted { $0.rank < $1.rank }
                for (i, e) in sorted.enumerated() where e.rank != i + 1 {
                    throw SAEGraphError(
                        .malformedFile,
                        "truth for layer \(layer) feature \(f): ranks must run 1, 2, 3, … but rank \(i + 1) is \(e.rank)"
                    )
                }
                out[layer, default: [:]][f] = sorted.map(\.target)
            }
        }
        var live = named
        if let frequency {
            live = [:]
            try forEachRow(frequency, header: ["layer", "feature", "heldout_count"]) { fields, line in
                let layer = try integer(fields[0], frequency, line)
                if live[layer] == nil { live[layer] = [] }  // a layer with no live feature is still known
                if try integer(fields[1], frequency, line) >= 0, try integer(fields[2], frequency, line) > 0 {
                    live[layer, default: []].insert(try integer(fields[1], frequency, line))
                }
            }
        }
        return CorrelationTruth(rankedTargets: out, targetLayer: targetLayer, live: live)
    }

    private static func integer(_ s: Substring, _ path: String, _ line: Int) throws -> Int {
        guard let v = Int(s) else {
            throw SAEGraphError(.malformedFile, "\(path) line \(line): \"\(s)\" is not an integer")
        }
        return v
    }

    /// Calls `body` with the fields of each data row; the header must start with `header`.
    private static func forEachRow(
        _ path: String, header: [String], _ body: ([Substring], Int) throws -> Void
    ) throws {
        guard var data = FileManager.default.contents(atPath: path) else {
            throw SAEGraphError(.fileNotFound, "cannot read truth file \(path)")
        }
        if Inflate.isGzip(data) { data = try Inflate.gunzip(data, name: path) }
        let text = String(decoding: data, as: UTF8.self)
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if lineNumber == 1 {
                let names = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard names.count >= header.count, Array(names.prefix(header.count)) == header else {
                    throw SAEGraphError(
                        .malformedFile, "\(path) line 1: expected a header starting \(header.joined(separator: ","))")
                }
                continue
            }
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= header.count, header.count < 6 || fields.count == 6 else {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path) line \(lineNumber): expected \(header.count) comma-separated fields, found \(fields.count)"
                )
            }
            try body(fields, lineNumber)
        }
    }
}
