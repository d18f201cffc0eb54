import Foundation

/// The graph file every query command reads and `saegraph build` writes: networkx node-link
/// JSON, loadable unchanged by `networkx.node_link_graph(data, edges="links")` and by d3.
///
/// ```json
/// {"directed": true, "multigraph": false, "graph": {...}, "nodes": [
/// {"id": "6_50", "layer": 6, "feature": 50, "label": "...", "url": "https://www.neuronpedia.org/gpt2-small/6-res-jb/50", "best_next": 74, "best_next_cos": 0.61, "best_prev": 3, "best_prev_cos": 0.42},
/// ...
/// ], "links": [
/// {"source": "6_50", "target": "7_74", "similarity": 0.5547, "z": 8.1, "p": 1.2e-07, "label_similarity": 0.4127},
/// ...
/// ]}
/// ```
///
/// - Nodes, by layer then feature: `id` (`"{layer}_{feature}"`), `layer`, `feature`; `label`
///   when the feature has one; `url` (its Neuronpedia page) when the layer's source is known;
///   `best_next`/`best_next_cos` and `best_prev`/`best_prev_cos` (the most similar feature of
///   the next / previous layer and its cosine) when known. Labels and best matches of features
///   that are not nodes are not written.
/// - Links, by layer pair, source feature, target feature: `source`, `target` (node ids),
///   `similarity`; `z` and `p` when the pair carries them; `label_similarity` (a Double, in
///   the shortest form that reads back the same) when the graph was built with labels and
///   both labels have something to compare (``EdgeLabelSimilarity``).
/// - Graph attributes: `saegraph_version`, `rule`, `threshold` (null when NaN), `top_k` (null
///   when none), `absolute`, `layers`, `feature_counts` (`{"6": 24576, ...}`), `excluded_rows`
///   (`{"6": {"count": 2, "ids": [12, 40]}}`), `best_matches` (whether the graph records best
///   matches), `edge_statistics` (`{"z": [6], "p": [6]}`: source layers of the pairs that
///   carry z-scores / p-values; only when some do), `inputs` (one object per SAE: `path`,
///   `format`, `layer`, `layer_source`, `hook`, `tensor`, `dtype`, `d_model`, `d_sae`,
///   `transposed`), `neuronpedia_sources` (`{"6": {"model": "gpt2-small", "source":
///   "6-res-jb"}}`), with labels `label_measure` (the label measure's name), `label_cutoff`
///   (the calibrated labels-differ cut-off, a Double, or null) and `label_calibration_pairs`
///   (random label pairs it rests on), then, by name: `null_model` (``NullModelRecord``, when the graph has one),
///   `rule_parameters` (``EdgeRule/parameters``; omitted for the threshold rule at `threshold`
///   without a null model) and the ``GraphMetadata/extra`` entries of an imported graph (names
///   that clash with the attributes above are not written). These three are written as
///   ``JSONValue/rendered()`` writes them: indented, with a final newline.
/// - Floats are written in the shortest form that reads back as the same `Float`; NaN is
///   never written (the field is omitted). Strings are escaped as JSON requires; non-ASCII
///   text stays UTF-8.
///
/// Reading restores a saegraph file exactly (recognised by `saegraph_version` in its graph
/// attributes). Any other node-link file is imported when its nodes carry integer `layer`
/// and `feature` fields; see ``read(path:importThreshold:)``.
public enum GraphFile {
    /// Writes `graph` to `path` atomically (a temporary file renamed into place).
    /// - Throws: ``SAEGraphError`` of kind `.writeFailed` naming the path.
    /// - Complexity: O(nodes + edges).
    public static func write(_ graph: LayeredGraph, to path: String) throws {
        let bytes = GraphFileEncoder.encode(graph).bytes
        try AtomicFile.write(to: path) { handle in try handle.write(contentsOf: bytes) }
    }

    /// The file's bytes.
    /// - Complexity: O(nodes + edges + label text).
    public static func encode(_ graph: LayeredGraph) -> Data {
        GraphFileEncoder.encode(graph).data
    }

    /// Reads a graph file.
    ///
    /// A saegraph file is restored exactly: layers, feature counts, nodes, edges (with z and p
    /// where recorded), best matches, labels, Neuronpedia sources and metadata.
    ///
    /// Any other node-link JSON is imported when every node has integer `layer` and `feature`
    /// fields (node ids may be any string or number; links refer to them; the edge array may
    /// be called `links` or `edges`):
    /// - layers are the sorted set of node layers (gaps allowed: edges join consecutive
    ///   present layers); each layer's feature count is its largest feature index + 1; the
    ///   nodes are the listed features;
    /// - a link is an edge when its `similarity` (or, without one, its `weight`) is non-zero
    ///   and at least `importThreshold` (inclusive, signed). Links below it are ignored
    ///   whatever layers they join; an edge between layers that are not consecutive present
    ///   layers is an error (the layered graph cannot hold it). In an undirected file
    ///   (`"directed": false`) each edge is oriented from the lower layer to the higher;
    /// - a link without `similarity` or `weight` is an error;
    /// - labels come from a node's `label`, else `explanation`, else `description`;
    /// - metadata: rule ``GraphRule/imported``, threshold `importThreshold`, graph attributes
    ///   kept as JSON values in ``GraphMetadata/extra``.
    ///
    /// The path `-` reads the graph from standard input (named `<stdin>` in errors).
    ///
    /// - Throws: ``SAEGraphError`` of kind `.fileNotFound` when the file cannot be read, or
    ///   `.malformedFile` with a one-line message naming the file and the fault (not JSON, no
    ///   `nodes`, a node without `layer`, a link to an unknown node id, a negative feature, …),
    ///   with the line and column where the fault is in the text.
    /// - Complexity: O(file size + edges × log(edges)) worst case; O(file size) for a file
    ///   whose links are ordered as saegraph writes them.
    public static func read(path: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try decode(data, name: "<stdin>", importThreshold: importThreshold)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw SAEGraphError(
                .fileNotFound,
                exists ? "\(path): cannot read the graph file" : "\(path): no such graph file")
        }
        return try decode(data, name: path, importThreshold: importThreshold)
    }

    /// Reads a graph file's bytes; `name` is used in error messages.
    /// See ``read(path:importThreshold:)``.
    public static func decode(_ data: Data, name: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        try GraphFileDecoder.decode(data, name: name, importThreshold: importThreshold)
    }
}
