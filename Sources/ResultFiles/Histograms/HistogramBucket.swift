/// One bucket of a latency histogram in the result files: `count` values in [lower, upper).
///
/// Bounds are whole nanoseconds, as the model measures time and as partial result files store them. histograms.csv
/// writes them in µs (``lowerMicroseconds``, ``upperMicroseconds``), and
/// ``init(lowerMicroseconds:upperMicroseconds:count:)`` reads them back, exactly for every value simexec writes (at
/// most three decimals).
public struct HistogramBucket: Sendable, Hashable {
    /// The inclusive lower bound, in nanoseconds.
    public var lowerNanoseconds: Int64
    /// The exclusive upper bound, in nanoseconds; not below ``lowerNanoseconds``.
    public var upperNanoseconds: Int64
    /// The number of values in the bucket.
    public var count: UInt64

    public init(lowerNanoseconds: Int64, upperNanoseconds: Int64, count: UInt64) {
        self.lowerNanoseconds = lowerNanoseconds
        self.upperNanoseconds = upperNanoseconds
        self.count = count
    }

    /// A bucket with bounds in µs, as histograms.csv holds them, rounded to the nanosecond; nil unless both bounds
    /// are finite, fit in nanoseconds, and the upper one is not below the lower.
    public init?(lowerMicroseconds: Double, upperMicroseconds: Double, count: UInt64) {
        guard let lower = Int64(exactly: (lowerMicroseconds * 1e3).rounded()),
            let upper = Int64(exactly: (upperMicroseconds * 1e3).rounded()), upper >= lower
        else { return nil }
        self.init(lowerNanoseconds: lower, upperNanoseconds: upper, count: count)
    }

    /// The lower bound in µs, as histograms.csv's `bucket_lower_us` writes it.
    public var lowerMicroseconds: Double { Double(lowerNanoseconds) / 1e3 }

    /// The upper bound in µs, as histograms.csv's `bucket_upper_us` writes it.
    public var upperMicroseconds: Double { Double(upperNanoseconds) / 1e3 }
}
