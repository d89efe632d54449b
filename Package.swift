// swift-tools-version: 6.1
import PackageDescription

/// The simulation's hot modules are optimised in debug builds too: the test suite runs thousands of simulated seconds,
/// which take 10–50× longer unoptimised (debug keeps `-enable-testing` and debug info; only `assert` goes quiet).
let optimisedInDebug: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "simexec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "simexec", targets: ["simexec"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
        .library(name: "SimStats", targets: ["SimStats"]),
        .library(name: "MetricCatalogue", targets: ["MetricCatalogue"]),
        .library(name: "ExecutorModel", targets: ["ExecutorModel"]),
        .library(name: "ResultFiles", targets: ["ResultFiles"]),
        .library(name: "Experiment", targets: ["Experiment"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    ],
    targets: [
        // GNU GSL, found through pkg-config; Debian/Ubuntu: apt-get install libgsl-dev.
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),

        // Layer 1: virtual clock and event queue. Knows nothing about executors.
        .target(name: "SimKernel", swiftSettings: optimisedInDebug),

        // Layer 2: GSL random streams, distributions, statistics and latency histograms.
        .target(
            name: "SimStats",
            dependencies: ["CGSL"],
            swiftSettings: optimisedInDebug
        ),

        // The metric catalogue: every metric's name, unit, better direction, window rule and meaning, and the
        // counters the model keeps. No dependencies: the model, the result files and the plots all read it.
        .target(name: "MetricCatalogue"),

        // Layer 3: the Tokio executor model. No TOML, no files.
        .target(
            name: "ExecutorModel",
            dependencies: [
                "MetricCatalogue",
                "SimKernel",
                "SimStats",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: optimisedInDebug
        ),

        // The result files' format, shared by the writer (Experiment) and the readers (Experiment's compare and
        // merge, Plotting): file and column names, CSV, histogram buckets, partial result files. No model, no TOML.
        .target(name: "ResultFiles", dependencies: ["MetricCatalogue"]),

        // Layer 4: experiment files, sweeps, replications, result files.
        .target(
            name: "Experiment",
            dependencies: [
                "MetricCatalogue",
                "SimKernel",
                "ExecutorModel",
                "SimStats",
                "ResultFiles",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),

        // Plots of result files as SVG: reads summary.csv, histograms.csv and run.json; no model, no TOML.
        .target(name: "Plotting", dependencies: ["MetricCatalogue", "ResultFiles"]),

        // One self-contained HTML page about a results folder: reads what the plots read and run.json, inlines the
        // plots; no model, no TOML.
        .target(name: "Report", dependencies: ["MetricCatalogue", "Plotting", "ResultFiles"]),

        // Layer 5: the command-line tool.
        .executableTarget(
            name: "simexec",
            dependencies: [
                "Experiment",
                "MetricCatalogue",
                "Plotting",
                "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        // hdrhistogram-swift is the reference LatencyHistogram's layout and statistics are checked against.
        .testTarget(
            name: "SimStatsTests",
            dependencies: ["SimStats", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .testTarget(name: "MetricCatalogueTests", dependencies: ["MetricCatalogue"]),
        .testTarget(name: "ExecutorModelTests", dependencies: ["ExecutorModel", "MetricCatalogue", "SimStats", "SimKernel"]),
        .testTarget(name: "ResultFilesTests", dependencies: ["ResultFiles"]),
        // Experiment runs every shipped experiment, shortened, for the layout check of their figures.
        .testTarget(name: "PlottingTests", dependencies: ["Experiment", "Plotting", "ResultFiles"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Plotting", "ResultFiles"]),
        .testTarget(
            name: "ExperimentTests", dependencies: ["Experiment", "ExecutorModel", "MetricCatalogue", "SimKernel", "SimStats"]),
    ]
)
