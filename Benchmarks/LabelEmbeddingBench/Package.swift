// swift-tools-version: 6.0
// Times embedding feature labels with a sentence model, and reading them back from the
// embedding cache. Prints figures; never passes or fails.
//   cd Benchmarks/LabelEmbeddingBench && swift build -c release
//   .build/release/label-embedding-bench MODEL_DIR ../../examples/gpt2-ioi/explanations.jsonl.gz
import PackageDescription

let package = Package(
    name: "LabelEmbeddingBench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "SAEGraph", path: "../..")],
    targets: [
        .executableTarget(
            name: "label-embedding-bench",
            dependencies: [.product(name: "SAEGraph", package: "SAEGraph")])
    ],
    swiftLanguageModes: [.v6]
)
