import Foundation

@testable import SAEGraph

/// Every fuzz target: a name (`FUZZ_TARGET`) and what one input does. A target may throw
/// `SAEGraphError` (bad input is expected); anything else that stops it (a trap, a sanitizer
/// report, a leak of the limits) is a finding.
enum FuzzTargets {
    static let all: [String: @Sendable (Data) throws -> Void] = [
        "safetensors": safetensors,
        "npy": npy,
        "npz": npz,
        "gzip": gzip,
        "json": json,
        "labels-csv": { data in try labels(data) { b, rows in try LabelCSV.read(b, start: 0, file: "f", into: &rows) }
        },
        "labels-jsonl": { data in
            try labels(data) { b, rows in try NeuronpediaExport.readLines(b, file: "f", into: &rows) }
        },
        "labels-json": { data in
            try labels(data) { b, rows in try NeuronpediaExport.readArray(b, start: 0, file: "f", into: &rows) }
        },
        "labels-nodelink": { data in
            try labels(data) { b, rows in try NodeLinkLabels.read(b, start: 0, file: "f", into: &rows) }
        },
        "graph": graph,
        "layout": layout,
        "partial": partial,
    ]

    /// A per-process scratch folder (in memory where /dev/shm exists).
    static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/saegraph-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func file(_ name: String, _ data: Data) -> String {
        let path = scratch + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    /// Converts every tensor small enough to convert (the bytes are in the file, so this is
    /// bounded by the input).
    static func safetensors(_ data: Data) throws {
        let f = try SafetensorsFile(path: file("x.safetensors", data))
        for e in f.entries where e.shape.count == 2 {
            _ = try? f.tensor(named: e.name).decoderMatrix(orientation: .rows)
            _ = try? f.tensor(named: e.name).decoderMatrix(orientation: .columns)
        }
    }

    static func npy(_ data: Data) throws {
        let a = try NPYArray(data: data, name: "x.npy")
        if a.shape.count == 2 { _ = try a.tensor(named: "x").decoderMatrix(orientation: .rows) }
    }

    static func npz(_ data: Data) throws {
        let archive = try NPZArchive(path: file("x.npz", data), maxDecompressed: 1 << 24)
        for name in archive.arrayNames {
            guard let a = try? archive.array(named: name) else { continue }
            if a.shape.count == 2 { _ = try? a.tensor(named: name).decoderMatrix(orientation: .columns) }
        }
    }

    static func gzip(_ data: Data) throws {
        _ = try Inflate.gunzip(data, limit: 1 << 24, name: "x.gz")
        _ = try Inflate.rawDeflate(data, uncompressedSize: data.count * 4, limit: 1 << 24, name: "x")
    }

    static func json(_ data: Data) throws {
        try JSONScanner.scan(data, name: "x.json") { s in
            s.skipByteOrderMark()
            _ = try s.skipValue()
            guard s.atEnd() else { throw s.error("trailing text") }
        }
    }

    static func labels(_ data: Data, _ read: ([UInt8], inout LabelAccumulator) throws -> Void) throws {
        var rows = LabelAccumulator(strict: false)
        try read([UInt8](data), &rows)
        _ = rows.result()
    }

    /// Decodes a graph file, then encodes it again and runs the chain search on it.
    static func graph(_ data: Data) throws {
        let g = try GraphFile.decode(data, name: "x.json")
        _ = GraphFile.encode(g)
        _ = try? ChainFinder.find(in: g, ChainQuery())
    }

    /// Decodes a partial graph file; the commands that recompute its build's other shards;
    /// and, when it is the only shard of its build, the merge and the graph file it makes.
    static func partial(_ data: Data) throws {
        let p = try PartialGraphFile.decode(data, name: "x.json")
        _ = PartialGraph.recomputeCommands([p], names: ["part-\(p.shard.index).json"])
        _ = PartialGraphFile.encode(p)
        guard p.shard.count == 1 else { return }
        _ = GraphFile.encode(try PartialGraph.merge([p], names: ["x.json"]))
    }

    /// A SAELens folder (first input byte even) or a sparsify run (odd) whose config is the
    /// rest of the input, next to a valid 2 × 3 decoder.
    static func layout(_ data: Data) throws {
        let sparsify = (data.first ?? 0) & 1 == 1
        let root = scratch + "/sae"
        try? FileManager.default.removeItem(atPath: root)
        let folder = sparsify ? root + "/layers.6" : root + "/blocks.6.hook_resid_pre"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = data.dropFirst()
        _ = FileManager.default.createFile(atPath: folder + "/cfg.json", contents: Data(config))
        _ = FileManager.default.createFile(
            atPath: folder + (sparsify ? "/sae.safetensors" : "/sae_weights.safetensors"), contents: decoder)
        if sparsify { _ = FileManager.default.createFile(atPath: root + "/config.json", contents: Data(config)) }
        _ = try SAELoader.loadAll([SAESource(path: root)], layers: nil)
    }

    /// A safetensors file holding `W_dec` F32 [2, 3].
    static let decoder: Data = {
        var header = #"{"W_dec":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#
        while header.utf8.count % 8 != 0 { header += " " }
        var out = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        for v: Float in [1, 0, 0, 0, 1, 0] {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }()
}
