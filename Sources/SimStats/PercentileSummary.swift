/// Headline statistics of a ``LatencyHistogram``. Values are in nanoseconds, percentiles follow
/// ``LatencyHistogram/valueAtPercentile(_:)``, and everything is 0 for an empty histogram.
public struct PercentileSummary: Sendable, Hashable {
    /// The median.
    public var p50: Int64
    /// The 90th percentile.
    public var p90: Int64
    /// The 99th percentile.
    public var p99: Int64
    /// The 99.9th percentile.
    public var p999: Int64
    /// The largest recorded value (exact).
    public var max: Int64
    /// The number of recorded values.
    public var count: UInt64
    /// The mean (bucket midpoints, within 0.05 %).
    public var mean: Double
}
