import Foundation

/// The graph file every query command reads and `saegraph build` writes: networkx node-link
/// JSON, loadable unchanged by networkx's default `networkx.node_link_graph(data)` (networkx
/// 3.4 and later read the key `edges`), by `node_link_graph(data, edges="links")` (older
/// networkx, and the only form before 3.4) and by d3 (`links`).
///
/// The edge array is therefore written twice, under `edges` and again under `links`, with the
/// same bytes. saegraph reads `edges` and skips `links`: with one byte comparison when it
/// repeats `edges` exactly, else following only its brackets and strings; files with only
/// `links` (written before both keys were) or only `edges` read as before. The file grows
/// from 87 MB (only `links`) to 156 MB for the 100,000-node, 1,000,000-edge graph of
/// `Benchmarks/make-large-graph.py`; skipping the copy by its brackets cost about a third of
/// a read (0.48 s of CPU instead of 0.36 s on a 2-core Intel Xeon), comparing it costs about
/// 2 % (Benchmarks/RESULTS.md, queries).
///
/// - Nodes, by layer then feature: `id` (`"{layer}_{feature}"`), `layer`, `feature`; `label`
///   when the feature has one; `url` (its Neuronpedia page) when the layer's source is known;
///   `best_next`/`best_next_cos` and `best_prev`/`best_prev_cos` (the most similar feature of
///   the next / previous layer and its cosine) when known. Labels and best matches of features
///   that are not nodes are not written.
/// - Edges (under `edges`, then again under `links`), by layer pair, source feature, target
///   feature: `source`, `target` (node ids), `similarity`; then the optional per-edge values the
///   pair carries, in the order of ``LayerPairEdges/optionalValueNames``: `confidence`, `z`, `p`,
///   `row_rank`, `column_rank` (the `best` rule records all five; the null model alone `z` and `p`),
///   `score` (the encoder-aware score, on pairs the `best` rule scored with encoders);
///   `label_similarity` (three decimals, ``LabelCoherence/rounded(_:)``, in the shortest form
///   that reads back the same: `0.731`, `0.5`) when the graph was built with labels and both
///   labels have something to compare (``EdgeLabelSimilarity``). Files with more digits read
///   as before.
/// - Graph attributes: `saegraph_version`, `rule`, `threshold` (null when NaN), `top_k` (null
///   when none), `absolute`, `layers`, `feature_counts` (`{"6": 24576, ...}`), `excluded_rows`
///   (`{"6": {"count": 2, "ids": [12, 40]}}`), `best_matches` (whether the graph records best
///   matches), `edge_statistics` (`{"z": [6], "p": [6]}`: source layers of the pairs that
///   carry z-scores / p-values, then `confidence`, `row_rank`, `column_rank` likewise where
///   some pair carries them; only when some do), `inputs` (one object per SAE: `path`,
///   `format`, `layer`, `layer_source`, `hook`, `tensor`, `dtype`, `d_model`, `d_sae`,
///   `transposed`), `neuronpedia_sources` (`{"6": {"model": "gpt2-small", "source":
///   "6-res-jb"}}`), with labels `label_measure` (the label measure's name), `label_cutoff`
///   (the calibrated labels-differ cut-off, a Double, or null) and `label_calibration_pairs`
///   (random label pairs it rests on), then, by name: `null_model` (``NullModelRecord``, when the graph has one),
///   `scoring` (``GraphScoring``: `decoder+encoder` or `mixed`; omitted for `decoder`),
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
        let parts = GraphFileEncoder.encodeParts(graph)
        try AtomicFile.write(to: path) { handle in
            for part in parts { try handle.write(contentsOf: part) }
        }
    }

    /// The file's bytes.
    /// - Complexity: O(nodes + edges + label text).
    public static func encode(_ graph: LayeredGraph) -> Data {
        Data(GraphFileEncoder.encode(graph))
    }

    /// Reads a graph file.
    ///
    /// A saegraph file is restored exactly: layers, feature counts, nodes, edges (with z and p
    /// where recorded), best matches, labels, Neuronpedia sources and metadata.
    ///
    /// Any other node-link JSON is imported when every node has integer `layer` and `feature`
    /// fields (node ids may be any string or number; links refer to them; the edge array may
    /// be called `links` or `edges`; with both, `edges` is read and `links` skipped):
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
    /// The path `-` reads the graph from standard input (named `<stdin>` in errors), at most
    /// ``InputFile/standardInputLimit`` bytes (2 GiB; a larger graph is passed by its path).
    ///
    /// - Throws: ``SAEGraphError`` of kind `.fileNotFound` when the file cannot be read,
    ///   `.tooLarge` past the bound on standard input, or
    ///   `.malformedFile` with a one-line message naming the file and the fault (not JSON, no
    ///   `nodes`, a node without `layer`, a link to an unknown node id, a negative feature, …),
    ///   with the line and column where the fault is in the text.
    /// - Complexity: O(file size + edges × log(edges)) worst case; O(file size) for a file
    ///   whose links are ordered as saegraph writes them.
    public static func read(path: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        let (data, name) = try InputFile.read(path: path, what: "graph file")
        return try decode(data, name: name, importThreshold: importThreshold)
    }

    /// Reads a graph file's bytes; `name` is used in error messages.
    /// See ``read(path:importThreshold:)``.
    public static func decode(_ data: Data, name: String, importThreshold: Float = 0.5) throws -> LayeredGraph {
        try GraphFileDecoder.decode(data, name: name, importThreshold: importThreshold)
    }
}
