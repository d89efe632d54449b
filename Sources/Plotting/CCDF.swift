import ResultFiles

/// The complementary cumulative distribution P(X > x) of a histogram, as (x, probability) pairs.
public enum CCDF {
    /// One pair per bucket's upper bound, starting at (first lower bound, 1). The last bucket, where the probability
    /// reaches 0 (which a log axis cannot show), is left out. Empty when the histogram has no values.
    public static func points(_ buckets: [HistogramBucket]) -> [(x: Double, probability: Double)] {
        let total = buckets.reduce(0.0) { $0 + Double($1.count) }
        guard total > 0, let first = buckets.first else { return [] }
        var remaining = total
        var result: [(x: Double, probability: Double)] = [(first.lowerMicroseconds, 1)]
        for bucket in buckets where bucket.count > 0 {
            remaining -= Double(bucket.count)
            guard remaining > 0.5 else { break }
            result.append((bucket.upperMicroseconds, remaining / total))
        }
        return result
    }
}
