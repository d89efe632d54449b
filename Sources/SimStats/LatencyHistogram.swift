internal import Histogram

/// A log-linear histogram of latencies in integer nanoseconds, from 1 ns to 1 hour, with 3 significant digits.
///
/// Backed by HdrHistogram (`Histogram<UInt64>`): values below 2048 ns are counted exactly, larger ones in buckets
/// whose width is at most 1/1024 of their value, so every reported value is within 0.1 % of a recorded one. The
/// footprint is fixed (about 264 KiB) and recording allocates nothing, which makes it suitable for per-task
/// latencies in the simulator's hot path.
///
/// Values outside 0 ns ... 1 hour are clamped into that range (negatives to 0, larger values to 1 hour) and counted in
/// ``clampedCount``, so a suspicious tail is visible rather than silently lost. Replications are combined with
/// ``merge(_:)``.
public struct LatencyHistogram: Sendable, Equatable {
    /// The largest value that can be recorded without clamping: one hour, in nanoseconds.
    static let highestTrackableNanoseconds: Int64 = 3_600 * 1_000_000_000

    /// The counts. Values recorded into it are always within 0 ... ``highestTrackableNanoseconds``.
    var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1,
        highestTrackableValue: UInt64(highestTrackableNanoseconds),
        numberOfSignificantValueDigits: .three)

    /// How many recorded values were outside 0 ns ... 1 hour and were clamped into it.
    public private(set) var clampedCount: UInt64 = 0

    /// Creates an empty histogram.
    public init() {}

    /// Records one latency, clamping it into 0 ns ... 1 hour (see ``clampedCount``).
    public mutating func record(_ nanoseconds: Int64) {
        let clamped = Swift.min(Swift.max(nanoseconds, 0), Self.highestTrackableNanoseconds)
        if clamped != nanoseconds {
            clampedCount &+= 1
        }
        // Cannot fail: `clamped` is within the trackable range.
        histogram.record(UInt64(clamped))
    }

    /// Adds all counts of `other` to this histogram, for example to combine replications. Merging is exact: the
    /// result equals recording both sets of values into one histogram.
    public mutating func merge(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        clampedCount &+= other.clampedCount
    }

    /// The number of recorded values, including clamped ones.
    public var count: UInt64 { histogram.totalCount }

    /// The smallest recorded value (after clamping), exact; 0 when empty.
    public var min: Int64 { Int64(histogram.min) }

    /// The largest recorded value (after clamping), exact; 0 when empty.
    public var max: Int64 { Int64(histogram.maxRecorded) }

    /// The mean of the recorded values in nanoseconds, each taken at the middle of its bucket (so within 0.05 % of
    /// the exact mean); 0 when empty.
    public var mean: Double { histogram.mean }

    /// The value at percentile `p` (0 ... 100) in nanoseconds, by the HdrHistogram convention: the highest value of
    /// the bucket that contains the p-th percentile, but no more than ``max`` (at most one bucket width, 0.1 %, above
    /// the exact order statistic). `p` <= 0 gives ``min``, `p` >= 100 or NaN gives ``max``; 0 when empty.
    public func valueAtPercentile(_ p: Double) -> Int64 {
        Int64(histogram.valueAtPercentile(Swift.max(p, 0)))
    }

    /// The usual latency percentiles, the maximum, count and mean, in nanoseconds.
    public var summary: PercentileSummary {
        PercentileSummary(
            p50: valueAtPercentile(50),
            p90: valueAtPercentile(90),
            p99: valueAtPercentile(99),
            p999: valueAtPercentile(99.9),
            max: max,
            count: count,
            mean: mean)
    }
}
