import Foundation
import Testing

@testable import SAEGraph

/// Malformed files: each fails with one line naming the file and the fault.
@Suite struct GraphFileDecoderTests {
    static let node = #"{"id": "1_0", "layer": 1, "feature": 0}, {"id": "2_0", "layer": 2, "feature": 0}"#

    static let cases: [(json: String, fault: String)] = [
        ("", "the file is empty"),
        ("\u{89}PNG", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        (#"{"links": []}"#, "no `nodes` array"),
        (#"{"nodes": []}"#, "no `links` (or `edges`) array"),
        (#"{"nodes": [], "edges": [], "edges": []}"#, "two `edges` arrays"),
        (#"{"nodes": [], "links": [], "links": []}"#, "two `links` arrays"),
        (#"{"nodes": [], "edges": [], "links": [{"a": "]"}"#, "unterminated array or object"),
        (#"{"nodes": {}, "links": []}"#, "`nodes` must be an array"),
        (#"{"nodes": [{"id": "a", "feature": 1}], "links": []}"#, "node 0 (id \"a\") has no integer `layer` field"),
        (#"{"nodes": [{"id": "a", "layer": 1}], "links": []}"#, "node 0 (id \"a\") has no integer `feature` field"),
        (#"{"nodes": [{"id": "a", "layer": 1, "feature": -3}], "links": []}"#, "negative feature -3"),
        (#"{"nodes": [{"id": "a", "layer": -1, "feature": 3}], "links": []}"#, "negative layer -1"),
        (#"{"nodes": [{"id": "a", "layer": "six", "feature": 3}], "links": []}"#, "node 0's layer must be an integer"),
        (
            #"{"nodes": [{"id": "a", "layer": 1.5, "feature": 3}], "links": []}"#,
            "node 0's layer must be an integer, found 1.5"
        ),
        (#"{"nodes": [{"layer": 1, "feature": 3}], "links": []}"#, "node 0 has no `id`"),
        (
            #"{"nodes": [{"id": [1], "layer": 1, "feature": 3}], "links": []}"#,
            "node 0's id must be a string or a number"
        ),
        (#"{"nodes": [5], "links": []}"#, "node 0 is not a JSON object"),
        (
            #"{"nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "a", "layer": 1, "feature": 1}], "links": []}"#,
            "two nodes have the id \"a\""
        ),
        (
            #"{"nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 1, "feature": 0}], "links": []}"#,
            "two nodes are feature 1:0"
        ),
        (
            #"{"nodes": [\#(node)], "links": [{"source": "1_0", "target": "2_9", "similarity": 0.9}]}"#,
            "link 0 (\"1_0\" → \"2_9\") refers to node id \"2_9\", which no node has"
        ),
        (
            #"{"nodes": [\#(node)], "links": [{"source": "1_0", "target": "2_0"}]}"#,
            "link 0 (\"1_0\" → \"2_0\") has no `similarity` or `weight`"
        ),
        (#"{"nodes": [\#(node)], "links": [{"target": "2_0", "similarity": 1}]}"#, "link 0 has no `source`"),
        (#"{"nodes": [\#(node)], "links": [{"source": "1_0", "similarity": 1}]}"#, "link 0 has no `target`"),
        (
            #"{"nodes": [\#(node)], "links": [{"source": "2_0", "target": "1_0", "similarity": 0.9}]}"#,
            "joins layer 2 to layer 1"
        ),
        (
            #"{"nodes": [\#(node)], "links": [{"source": "1_0", "target": "2_0", "similarity": "high"}]}"#,
            "link 0's similarity must be a number"
        ),
        (
            #"{"nodes": [\#(node)], "links": [{"source": "1_0", "target": "2_0", "similarity": 1e99}]}"#,
            "outside the range of a 32-bit float"
        ),
        (#"{"nodes": [\#(node)], "links": []} x"#, "unexpected text after"),
        (#"{"nodes": [\#(node)], "links": [}"#, "expected a value, found '}'"),
        (#"{"nodes": [\#(node)], "links": ["#, "expected a value, found the end of the file"),
        (#"{"nodes": [{"id": "a\"#, "unterminated string"),
        ("{\"nodes\": [{\"id\": \"a\tb\"}], \"links\": []}", "unescaped control character 0x09"),
        (#"{"nodes": [{"id": "a\q"}], "links": []}"#, "invalid escape '\\q'"),
        (#"{"nodes": [{"id": "\u12G4"}], "links": []}"#, "invalid \\u escape"),
        (#"{"nodes": [{"id": "a", "layer": 01, "feature": 0}], "links": []}"#, "leading zero"),
        (
            #"{"nodes": [{"id": "a", "layer": 1, "feature": 0} {"id": "b"}], "links": []}"#,
            "expected ',' or ']' in an array"
        ),
        (#"{"nodes" [], "links": []}"#, "expected ':' after an object key"),
        (#"{"nodes": [], "links": [], "graph": {"x": tru}}"#, "expected true or false"),
        (#"{"graph": [1], "nodes": [], "links": []}"#, "`graph` must be an object"),
        (String(repeating: "[", count: 600), "not a JSON object"),
        (#"{"a": "# + String(repeating: "[", count: 600) + #"]}"#, "nested more than 512 deep"),
        // saegraph files are checked against their own attributes.
        (#"{"graph": {"saegraph_version": "0.1.0", "feature_counts": {}}, "nodes": [], "links": []}"#, "need `layers`"),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1]}, "nodes": [], "links": []}"#,
            "need `feature_counts`"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"2": 3}}, "nodes": [], "links": []}"#,
            "no count for layer 1"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [2, 1], "feature_counts": {}}, "nodes": [], "links": []}"#,
            "ascending order"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"one": 3}}, "nodes": [], "links": []}"#,
            "has key \"one\"; expected a layer number"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"1": 3}}, "nodes": [{"id": "1_5", "layer": 1, "feature": 5}], "links": []}"#,
            "is feature 5, but layer 1 has 3 features"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"1": 3}}, "nodes": [{"id": "2_0", "layer": 2, "feature": 0}], "links": []}"#,
            "is in layer 2, which the graph attribute `layers` does not list (1)"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"1": 3}, "excluded_rows": {"1": {"count": 2, "ids": [0]}}}, "nodes": [], "links": []}"#,
            "says count 2 but lists 1 ids"
        ),
        (
            #"{"graph": {"saegraph_version": "0.1.0", "layers": [1], "feature_counts": {"1": 3}, "inputs": [{"path": "p", "format": "pickle"}]}, "nodes": [], "links": []}"#,
            "an entry of `inputs` has no valid `format`"
        ),
    ]

    @Test(arguments: cases.indices) func malformedFileNamesTheFault(index: Int) {
        let (json, fault) = Self.cases[index]
        #expect {
            try GraphFile.decode(Data(json.utf8), name: "bad.json")
        } throws: { error in
            guard let e = error as? SAEGraphError else { return false }
            let ok =
                e.kind == .malformedFile && e.message.hasPrefix("bad.json: ") && e.message.contains(fault)
                && !e.message.contains("\n")
            if !ok { Issue.record("case \(index): \(e.message)") }
            return ok
        }
    }

    @Test func errorsGiveLineAndColumn() {
        let json =
            "{\"nodes\": [\n  {\"id\": \"a\", \"layer\": 1, \"feature\": 0},\n  {\"id\": \"b\", \"layer\": 1}\n], \"links\": []}"
        #expect {
            try GraphFile.decode(Data(json.utf8), name: "bad.json")
        } throws: { error in
            (error as? SAEGraphError)?.message
                == "bad.json: line 3, column 3: node 1 (id \"b\") has no integer `feature` field"
        }
    }
}
