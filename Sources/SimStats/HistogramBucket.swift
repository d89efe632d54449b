/// One bucket of an exported latency histogram: `count` values in [``lowerNanoseconds``, ``upperNanoseconds``).
public struct HistogramBucket: Sendable, Hashable {
    /// The inclusive lower bound, in nanoseconds.
    public var lowerNanoseconds: Int64
    /// The exclusive upper bound, in nanoseconds; greater than ``lowerNanoseconds``.
    public var upperNanoseconds: Int64
    /// The number of values in the bucket.
    public var count: UInt64

    /// A bucket of `count` values in [`lowerNanoseconds`, `upperNanoseconds`), for example read back from a file.
    public init(lowerNanoseconds: Int64, upperNanoseconds: Int64, count: UInt64) {
        self.lowerNanoseconds = lowerNanoseconds
        self.upperNanoseconds = upperNanoseconds
        self.count = count
    }
}
