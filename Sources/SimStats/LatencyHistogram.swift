/// A log-linear histogram of latencies in integer nanoseconds, from 1 ns to 1 hour, with 3 significant digits.
///
/// The bucket layout and every statistic are HdrHistogram's for that range and precision (`Histogram<UInt64>` of
/// hdrhistogram-swift 0.2.0, which the tests check against value for value): values below 2048 ns are counted exactly,
/// larger ones in buckets whose width is at most 1/1024 of their value, so every reported value is within 0.1 % of a
/// recorded one. Storage is allocated lazily, in whole powers of two (1,024 buckets, 4 KiB each), and covers only the
/// powers of two from the lowest to the highest value recorded so far: an empty histogram allocates nothing, one of
/// latencies between 1 µs and 10 ms about 55 KiB, and recording allocates only when a value falls outside every
/// value seen before (at most 33 times), which keeps it suitable for per-task latencies in the simulator's hot path.
/// Creating, statistics and merging cost time proportional to that span, not to the whole 1 ns ... 1 hour range.
///
/// Values outside 0 ns ... 1 hour are clamped into that range (negatives to 0, larger values to 1 hour) and counted in
/// ``clampedCount``, so a suspicious tail is visible rather than silently lost. Replications are combined with
/// ``merge(_:)``.
public struct LatencyHistogram: Sendable, Equatable {
    /// The largest value that can be recorded without clamping: one hour, in nanoseconds.
    public static let highestTrackableNanoseconds: Int64 = 3_600 * 1_000_000_000

    /// The number of buckets: 2048 one-nanosecond buckets for 0 ... 2047 ns, then 1024 for each power of two up to
    /// 2^42 ns, which is above one hour (HdrHistogram's 32 buckets of 1024 sub-buckets, plus the lower half of the
    /// first).
    static let bucketCount = 33 * 1_024

    /// The buckets of one power of two (1,024): storage grows by whole chunks.
    static let chunkSize = 1_024

    /// `counts[i]` is the number of recorded values in bucket `firstStoredBucket + i` (see ``bucketIndex(of:)``),
    /// modulo 2^32; buckets outside the stored range are empty. The range starts and ends on chunk boundaries and is
    /// empty until the first value is recorded. 32-bit counters halve the memory the hot path touches (recording is
    /// bound by cache misses on random buckets); a bucket that passes 2^32 keeps its higher part in ``carries``.
    private var counts: [UInt32] = []

    /// For the rare bucket whose count reached 2^32: its bucket index and count / 2^32. The exact count of bucket i is
    /// `counts[i − firstStoredBucket] + carries[i] · 2^32`.
    private var carries: [Int: UInt64] = [:]

    /// The bucket index of `counts[0]`, a multiple of ``chunkSize``.
    private var firstStoredBucket = 0

    /// The number of recorded values, including clamped ones.
    public private(set) var count: UInt64 = 0

    /// The smallest non-zero value recorded (after clamping), exact; `UInt64.max` while there is none.
    private var minNonZero: UInt64 = .max

    /// The largest value recorded (after clamping), exact; 0 while empty.
    private var maxRecorded: UInt64 = 0

    /// How many recorded values were outside 0 ns ... 1 hour and were clamped into it.
    public private(set) var clampedCount: UInt64 = 0

    /// Creates an empty histogram. Allocates nothing.
    public init() {}

    /// Equal when both hold the same counts in every bucket and the same exact minimum, maximum and clamped count,
    /// however much storage each has allocated.
    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        guard lhs.count == rhs.count, lhs.minNonZero == rhs.minNonZero, lhs.maxRecorded == rhs.maxRecorded,
            lhs.clampedCount == rhs.clampedCount
        else { return false }
        let buckets = lhs.recordedBuckets
        guard buckets == rhs.recordedBuckets else { return false }
        return buckets.allSatisfy { lhs.count(inBucket: $0) == rhs.count(inBucket: $0) }
    }

    /// Records one latency, clamping it into 0 ns ... 1 hour (see ``clampedCount``).
    public mutating func record(_ nanoseconds: Int64) {
        let clamped = Swift.min(Swift.max(nanoseconds, 0), Self.highestTrackableNanoseconds)
        if clamped != nanoseconds {
            clampedCount &+= 1
        }
        let value = UInt64(clamped)
        let offset = Self.bucketIndex(of: value) &- firstStoredBucket
        if UInt(bitPattern: offset) < UInt(bitPattern: counts.count) {
            counts[offset] &+= 1
            if counts[offset] == 0 { carries[offset + firstStoredBucket, default: 0] += 1 }
        } else {
            storeBucket(Self.bucketIndex(of: value), adding: 1)
        }
        count &+= 1
        if value > maxRecorded {
            maxRecorded = value
        }
        if value != 0, value < minNonZero {
            minNonZero = value
        }
    }

    /// Adds all counts of `other` to this histogram, for example to combine replications. Merging is exact: the
    /// result equals recording both sets of values into one histogram. Costs O(buckets between `other`'s lowest and
    /// highest value).
    public mutating func merge(_ other: LatencyHistogram) {
        let buckets = other.recordedBuckets
        if let first = buckets.first, let last = buckets.last {
            reserveBuckets(from: first, through: last)
            if other.carries.isEmpty {
                addCounts(of: other, in: buckets)
            } else {
                for index in buckets {
                    add(other.count(inBucket: index), toBucket: index)
                }
            }
        }
        count &+= other.count
        maxRecorded = Swift.max(maxRecorded, other.maxRecorded)
        minNonZero = Swift.min(minNonZero, other.minNonZero)
        clampedCount &+= other.clampedCount
    }

    /// The smallest recorded value (after clamping), exact; 0 when empty.
    public var min: Int64 { count(inBucket: 0) > 0 || count == 0 ? 0 : Int64(minNonZero) }

    /// The largest recorded value (after clamping), exact; 0 when empty.
    public var max: Int64 { Int64(maxRecorded) }

    /// The mean of the recorded values in nanoseconds, each taken at the middle of its bucket (so within 0.05 % of
    /// the exact mean); 0 when empty. For several statistics of one histogram, ``statistics(percentiles:)`` computes
    /// them in one pass.
    public var mean: Double { statistics(percentiles: []).mean }

    /// The value at percentile `p` (0 ... 100) in nanoseconds, by the HdrHistogram convention: the highest value of
    /// the bucket that contains the p-th percentile, but no more than ``max`` (at most one bucket width, 0.1 %, above
    /// the exact order statistic). `p` <= 0 gives ``min``, `p` >= 100 or NaN gives ``max``; 0 when empty.
    public func valueAtPercentile(_ p: Double) -> Int64 {
        statistics(percentiles: [p]).values[0]
    }

    /// The usual latency percentiles, the maximum, count and mean, in nanoseconds.
    public var summary: PercentileSummary {
        let statistics = statistics(percentiles: [50, 90, 99, 99.9])
        return PercentileSummary(
            p50: statistics.values[0],
            p90: statistics.values[1],
            p99: statistics.values[2],
            p999: statistics.values[3],
            max: max,
            count: count,
            mean: statistics.mean)
    }

    // MARK: Bucket layout

    /// The bucket indices from the lowest to the highest recorded value (empty buckets between them included); empty
    /// when nothing is recorded. Every non-empty bucket is in this range.
    var recordedBuckets: Range<Int> {
        guard count > 0 else { return 0 ..< 0 }
        let lowest = count(inBucket: 0) > 0 ? 0 : Self.bucketIndex(of: minNonZero)
        return lowest ..< Self.bucketIndex(of: maxRecorded) + 1
    }

    /// The number of recorded values in bucket `index` (0 ..< ``bucketCount``).
    func count(inBucket index: Int) -> UInt64 {
        let offset = index &- firstStoredBucket
        guard UInt(bitPattern: offset) < UInt(bitPattern: counts.count) else { return 0 }
        return carries.isEmpty ? UInt64(counts[offset]) : UInt64(counts[offset]) + (carries[index] ?? 0) << 32
    }

    /// Calls `body` with each bucket index from `range` and its count, reading the storage directly.
    @inline(__always)
    func forEachBucket(in range: Range<Int>, _ body: (_ index: Int, _ count: UInt64) throws -> Void) rethrows {
        let low = Swift.max(range.lowerBound, firstStoredBucket)
        let high = Swift.min(range.upperBound, firstStoredBucket + counts.count)
        guard low < high else { return }
        guard carries.isEmpty else {
            for index in low ..< high { try body(index, count(inBucket: index)) }
            return
        }
        try counts.withUnsafeBufferPointer { buffer in
            for index in low ..< high {
                try body(index, UInt64(buffer[index - firstStoredBucket]))
            }
        }
    }

    /// Adds `amount` to bucket `index`, growing the storage to include it.
    @inline(never)
    private mutating func storeBucket(_ index: Int, adding amount: UInt64) {
        reserveBuckets(from: index, through: index)
        add(amount, toBucket: index)
    }

    /// Adds `other`'s 32-bit counts of `buckets`, stored in both, in one pass over the two buffers (merging was ~1.4%
    /// of `Experiments/blocking.toml` bucket by bucket), carrying into ``carries`` past 2^32. `other` has no carries.
    private mutating func addCounts(of other: LatencyHistogram, in buckets: Range<Int>) {
        let target = firstStoredBucket
        let source = other.firstStoredBucket
        var overflowed: [Int] = []
        other.counts.withUnsafeBufferPointer { from in
            counts.withUnsafeMutableBufferPointer { into in
                for index in buckets {
                    let amount = from[index - source]
                    guard amount != 0 else { continue }
                    let (sum, overflow) = into[index - target].addingReportingOverflow(amount)
                    into[index - target] = sum
                    if overflow { overflowed.append(index) }
                }
            }
        }
        for index in overflowed { carries[index, default: 0] += 1 }
    }

    /// Adds `amount` to bucket `index`, which must be stored, carrying into ``carries`` past 2^32.
    private mutating func add(_ amount: UInt64, toBucket index: Int) {
        let offset = index - firstStoredBucket
        let total = UInt64(counts[offset]) + amount
        counts[offset] = UInt32(truncatingIfNeeded: total)
        if total >> 32 != 0 { carries[index, default: 0] += total >> 32 }
    }

    /// Grows the storage, by whole chunks, so that it covers buckets `first ... last`.
    private mutating func reserveBuckets(from first: Int, through last: Int) {
        let low = first - first % Self.chunkSize
        let high = last - last % Self.chunkSize + Self.chunkSize
        if counts.isEmpty {
            counts = [UInt32](repeating: 0, count: high - low)
            firstStoredBucket = low
            return
        }
        let storedEnd = firstStoredBucket + counts.count
        guard low < firstStoredBucket || high > storedEnd else { return }
        let newLow = Swift.min(low, firstStoredBucket)
        let newHigh = Swift.max(high, storedEnd)
        var grown = [UInt32](repeating: 0, count: newHigh - newLow)
        let start = firstStoredBucket - newLow
        grown.replaceSubrange(start ..< start + counts.count, with: counts)
        counts = grown
        firstStoredBucket = newLow
    }

    /// The bucket that counts `value` (0 ... 1 hour): `value` itself below 2048; above, with g = (bit length of
    /// `value`) − 11, the value's top 11 bits (1024 ... 2047) plus 1024·g, so that power of two [2^(g+10), 2^(g+11))
    /// has the 1024 buckets from 1024·(g+1), each 2^g wide. This is HdrHistogram's `countsIndexForValue` with
    /// 2048 sub-buckets and unit 1.
    static func bucketIndex(of value: UInt64) -> Int {
        let magnitude = shift(of: value)
        return (magnitude << 10) + Int(value >> magnitude)
    }

    /// The lowest value in bucket `index` (HdrHistogram's `valueFromIndex`).
    static func lowestValue(ofBucket index: Int) -> UInt64 {
        let magnitude = Swift.max((index >> 10) - 1, 0)
        return UInt64(index - magnitude << 10) << magnitude
    }

    /// The width of bucket `index` in nanoseconds: 1 below 2048, then 2^g (see ``bucketIndex(of:)``).
    static func width(ofBucket index: Int) -> UInt64 {
        UInt64(1) << Swift.max((index >> 10) - 1, 0)
    }

    /// The lowest value in the bucket that counts `value`: HdrHistogram's `lowestEquivalentForValue`.
    static func lowestEquivalentValue(_ value: UInt64) -> UInt64 {
        let magnitude = shift(of: value)
        return (value >> magnitude) << magnitude
    }

    /// log2 of the width of the bucket that counts `value`: 0 below 2048, else (bit length of `value`) − 11.
    private static func shift(of value: UInt64) -> Int {
        53 - (value | 2_047).leadingZeroBitCount
    }
}
