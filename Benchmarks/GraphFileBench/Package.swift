// swift-tools-version: 6.0
// Times reading and writing graph files, and the library's JSON scanner against Foundation.
// Prints figures; never passes or fails.
//   cd Benchmarks/GraphFileBench && swift build -c release
//   .build/release/graphfile-bench /tmp/large-graph.json /tmp/rewritten.json
//   .build/release/json-bench /tmp/large-graph.json LABELS.jsonl
import PackageDescription

let package = Package(
    name: "GraphFileBench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "SAEGraph", path: "../..")],
    targets: [
        // Median wall and CPU seconds, shared by the benchmarks.
        .target(name: "BenchTiming"),
        .executableTarget(
            name: "graphfile-bench",
            dependencies: ["BenchTiming", .product(name: "SAEGraph", package: "SAEGraph")]),
        .executableTarget(
            name: "json-bench",
            dependencies: ["BenchTiming", .product(name: "SAEGraph", package: "SAEGraph")]),
    ],
    swiftLanguageModes: [.v6]
)
