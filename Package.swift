// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SAEGraph",
    platforms: [.macOS(.v13)],
    products: [
        // The analysis library: loading, similarity, graph file, analyses, listings.
        .library(name: "SAEGraph", targets: ["SAEGraph"]),
        // Graphviz diagrams of a graph (links libgvc); optional for library users.
        .library(name: "SAEGraphDiagrams", targets: ["SAEGraphDiagrams"]),
        // Synthetic SAEs with planted chains, for benchmarks and checks.
        .library(name: "SAEGraphSynthesis", targets: ["SAEGraphSynthesis"]),
        .executable(name: "saegraph", targets: ["saegraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // C boundaries: no stable Swift API. Each is called from exactly one Swift file.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CGraphviz", pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // Our own C kernels (bfloat16 and int8 dot products, dispatched at run time). Each
        // function is compiled for the CPU features it needs with target attributes, so the
        // package builds for any x86-64 without unsafe flags. Release builds optimise them;
        // debug builds run them unoptimised (tests use small inputs).
        .target(name: "CKernels"),
        .target(
            name: "SAEGraph",
            dependencies: [
                "CBLAS", "CZlib", "CKernels",
                .product(name: "Algorithms", package: "swift-algorithms"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        .target(
            name: "SAEGraphDiagrams",
            dependencies: ["SAEGraph", "CGraphviz"]),
        .target(
            name: "SAEGraphSynthesis",
            dependencies: ["SAEGraph"]),
        .executableTarget(
            name: "saegraph",
            dependencies: [
                "SAEGraph", "SAEGraphDiagrams", "SAEGraphSynthesis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Fixtures and brute-force references shared by the test targets.
        .target(
            name: "SAEGraphTestSupport",
            dependencies: ["SAEGraph"],
            path: "Tests/SAEGraphTestSupport"),
        .testTarget(
            name: "SAEGraphTests",
            dependencies: ["SAEGraph", "SAEGraphDiagrams", "SAEGraphSynthesis", "SAEGraphTestSupport"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
