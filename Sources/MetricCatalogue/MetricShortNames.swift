extension MetricCatalogue {
    /// Short names the commands accept for the most used columns (`p99` for `latency_p99_us`): `compare --metric`
    /// and `--fail-on`, `size --objective`, `run --columns`. Keys are lower case.
    public static let shortNames: [String: String] = [
        "p50": "latency_p50_us", "p90": "latency_p90_us", "p99": "latency_p99_us", "p999": "latency_p999_us",
        "p99.9": "latency_p999_us", "max": "latency_max_us", "mean": "latency_mean_us",
        "throughput": "throughput_per_s", "stall": "stall_time_ms", "stall_time": "stall_time_ms",
    ]

    /// The column a name given on the command line means: its full name for a short name (in any case), else the
    /// name as given.
    public static func column(named name: String) -> String {
        shortNames[name.lowercased()] ?? name
    }
}
