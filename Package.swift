// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SAEGraph",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SAEGraph", targets: ["SAEGraph"]),
        .executable(name: "saegraph", targets: ["saegraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        // Our own C: reduced-precision GEMM kernels, compiled per function for the CPU
        // features they need and chosen at run time.
        // Our own C kernels (AVX512-BF16 dot products, dispatched at run time). Optimised in
        // debug builds too: unoptimised SIMD intrinsics are two orders of magnitude slower.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(
            name: "SAEGraph",
            dependencies: ["CBLAS", "CGraphviz", "CZlib", "CKernels"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        .executableTarget(
            name: "saegraph",
            dependencies: [
                "SAEGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "SAEGraphTests",
            dependencies: ["SAEGraph"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
