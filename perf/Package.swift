// swift-tools-version: 6.1
// simexec's own benchmarks (package-benchmark). A separate package so the main package's `swift build` and
// `swift test` stay fast. Run: cd perf && swift package benchmark --no-progress
import PackageDescription

let package = Package(
    name: "simexec-perf",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "simexec", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SimBench",
            dependencies: [
                .product(name: "ExecutorModel", package: "simexec"),
                .product(name: "Experiment", package: "simexec"),
                .product(name: "SimStats", package: "simexec"),
                .product(name: "SimKernel", package: "simexec"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SimBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
