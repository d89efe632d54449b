/// Several percentiles and the mean of one ``LatencyHistogram``, computed together by
/// ``LatencyHistogram/statistics(percentiles:)``. Values are in nanoseconds.
public struct HistogramStatistics: Sendable, Hashable {
    /// The requested percentiles, in the order they were requested.
    public let percentiles: [Double]
    /// `values[i]` is ``LatencyHistogram/valueAtPercentile(_:)`` of `percentiles[i]`, exactly.
    public let values: [Int64]
    /// ``LatencyHistogram/mean``, bit for bit.
    public let mean: Double

    /// The value at `p` if `p` was one of the requested ``percentiles``, else nil.
    public func value(atPercentile p: Double) -> Int64? {
        percentiles.firstIndex(of: p).map { values[$0] }
    }
}

extension LatencyHistogram {
    /// ``valueAtPercentile(_:)`` of each of `percentiles` and ``mean``, from one pass over the buckets between the
    /// lowest and the highest recorded value (about 1,024 per power of two they span), however many percentiles are
    /// asked for.
    ///
    /// Every value is HdrHistogram's, bit for bit: a percentile is the highest value of the first bucket at which the
    /// running count reaches its rank, clamped into ``min`` ... ``max``; the mean adds the buckets' midpoints times
    /// their counts in increasing bucket order and divides by ``count``.
    public func statistics(percentiles: [Double]) -> HistogramStatistics {
        let lowest = UInt64(min)
        var values = [Int64](repeating: 0, count: percentiles.count)
        // The percentiles strictly between 0 and 100: the rank (1-based, in recorded values) whose bucket answers each,
        // and where its answer goes; sorted by rank so one ascending pass answers them all.
        var pending: [(rank: UInt64, slot: Int)] = []
        for (slot, percentile) in percentiles.enumerated() {
            // NaN survives `max(p, 0)` and, failing `p < 100`, gives the maximum, as in `Histogram.valueAtPercentile`.
            let p = Swift.max(percentile, 0)
            if p == 0 {
                values[slot] = Int64(lowest)
            } else if !(p < 100) {
                values[slot] = max
            } else {
                pending.append((Self.rank(ofPercentile: p, total: count), slot))
            }
        }
        pending.sort { $0.rank < $1.rank }

        var next = 0
        var countSoFar: UInt64 = 0
        var sum = 0.0
        forEachBucket(in: recordedBuckets) { index, inBucket in
            guard inBucket > 0 else { return }
            countSoFar += inBucket
            let lowestInBucket = Self.lowestValue(ofBucket: index)
            let width = Self.width(ofBucket: index)
            while next < pending.count, countSoFar >= pending[next].rank {
                let highestInBucket = lowestInBucket + width - 1
                values[pending[next].slot] = Int64(Swift.max(Swift.min(highestInBucket, UInt64(max)), lowest))
                next += 1
            }
            sum += Double(lowestInBucket + (width >> 1)) * Double(inBucket)
        }
        // Ranks never exceed `count`, so every pending percentile has been answered unless the histogram is empty,
        // where they stay 0 as in `Histogram.valueAtPercentile`.
        return HistogramStatistics(percentiles: percentiles, values: values, mean: count == 0 ? 0 : sum / Double(count))
    }

    /// The rank (1 ... `total`) of the recorded value at percentile `p` (0 < p < 100) as `Histogram.valueAtPercentile`
    /// computes it: p is lowered by one ulp against round-off, then the count at p is rounded up, and is at least 1.
    private static func rank(ofPercentile p: Double, total: UInt64) -> UInt64 {
        let requested = Swift.min(Swift.max(p.nextDown, 0.0), 100.0)
        let countAtPercentile = (requested * Double(total)) / 100.0
        return Swift.max(1, UInt64(countAtPercentile.rounded(.up)))
    }
}
