// swift-tools-version: 6.0
// libFuzzer targets for saegraph's parsers. Not part of the main package: built by
// scripts/fuzz.sh with `-sanitize=fuzzer,address` and `-enable-testing` (so the fuzzer can
// reach the library's internal readers through `@testable import`).
import PackageDescription

let package = Package(
    name: "SAEGraphFuzz",
    dependencies: [.package(name: "SAEGraph", path: "..")],
    targets: [
        .executableTarget(
            name: "SAEGraphFuzz",
            dependencies: [.product(name: "SAEGraph", package: "SAEGraph")])
    ],
    swiftLanguageModes: [.v6]
)
