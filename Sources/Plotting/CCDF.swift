import ResultFiles

/// The complementary cumulative distribution P(X > x) of a histogram, as (x, probability) pairs.
public enum CCDF {
    /// The share of the smallest values an axis may leave out so that it spans where the values are, not a few
    /// outliers decades below them (an M/M/1 latency has a few values of 1 ns among millions near 100 µs).
    public static let leftOutBelow = 0.01

    /// One pair per bucket's upper bound, starting at (`from`, P(X ≥ `from`)) or, without `from`, at (first lower
    /// bound, 1). The last bucket, where the probability reaches 0 (which a log axis cannot show), is left out. Empty
    /// when the histogram has no values.
    public static func points(_ buckets: [HistogramBucket], from start: Double? = nil)
        -> [(x: Double, probability: Double)]
    {
        let occupied = buckets.filter { $0.count > 0 }
        let total = occupied.reduce(0.0) { $0 + Double($1.count) }
        guard total > 0, let first = occupied.first else { return [] }
        var remaining = total
        var result: [(x: Double, probability: Double)] = []
        let low = max(start ?? first.lowerMicroseconds, first.lowerMicroseconds)
        for bucket in occupied where bucket.upperMicroseconds <= low { remaining -= Double(bucket.count) }
        guard remaining > 0.5 else { return [] }
        result.append((low, remaining / total))
        for bucket in occupied where bucket.upperMicroseconds > low {
            remaining -= Double(bucket.count)
            guard remaining > 0.5 else { break }
            result.append((bucket.upperMicroseconds, remaining / total))
        }
        return result
    }

    /// The range the values occupy, in µs: from the lower bound of the bucket where the smallest ``leftOutBelow`` of
    /// the values end to the upper bound of the last non-empty bucket. Nil when the histogram has no values.
    public static func occupiedRange(_ buckets: [HistogramBucket]) -> (low: Double, high: Double)? {
        let occupied = buckets.filter { $0.count > 0 }
        let total = occupied.reduce(0.0) { $0 + Double($1.count) }
        guard total > 0, let last = occupied.last else { return nil }
        var below = 0.0
        for bucket in occupied {
            below += Double(bucket.count)
            if below > total * leftOutBelow { return (bucket.lowerMicroseconds, last.upperMicroseconds) }
        }
        return (last.lowerMicroseconds, last.upperMicroseconds)
    }
}
