#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LatencyHistogram {
    /// Calls `body` with each non-empty bucket of a coarser logarithmic grid with `bucketsPerDecade` buckets per power
    /// of ten, for export and plotting: its bounds [lower, upper) in nanoseconds and its count.
    ///
    /// The grid's edges are 0, then 10^(k/bucketsPerDecade) for k = 0, 1, 2, ... (1 ns, 1.12 ns, 1.26 ns, ... with 20
    /// per decade), each rounded to the nearest integer and then moved down to the start of the histogram's own
    /// bucket containing it; edges that coincide are merged, so buckets below a few tens of nanoseconds are one or a
    /// few nanoseconds wide. Because every edge is an edge of the underlying histogram, each recorded value falls
    /// into exactly one export bucket and the counts are exact.
    ///
    /// Buckets come in increasing order and do not overlap; lower < upper, and neighbouring grid buckets share an
    /// edge, so they are contiguous wherever no grid bucket is empty. The counts sum to ``count``.
    /// `bucketsPerDecade` is clamped to 1 ... 10,000; the histogram itself resolves about 3,400 buckets per decade.
    public func forEachExportBucket(
        bucketsPerDecade: Int,
        _ body: (_ lowerNanoseconds: Int64, _ upperNanoseconds: Int64, _ count: UInt64) throws -> Void
    ) rethrows {
        let grid = LogarithmicGrid(bucketsPerDecade: Swift.min(Swift.max(bucketsPerDecade, 1), 10_000))
        var current: (lower: Int64, upper: Int64, count: UInt64)?
        for index in recordedBuckets {
            let inBucket = count(inBucket: index)
            guard inBucket > 0 else { continue }
            let lowestInBucket = Self.lowestValue(ofBucket: index)
            // Most histogram buckets fall into the export bucket of the one before: skip the logarithms then.
            if let bucket = current, Int64(lowestInBucket) < bucket.upper {
                current?.count += inBucket
                continue
            }
            let range = grid.bucket(containing: lowestInBucket)
            if current?.lower == range.lower {
                current?.count += inBucket
            } else {
                if let bucket = current { try body(bucket.lower, bucket.upper, bucket.count) }
                current = (range.lower, range.upper, inBucket)
            }
        }
        if let bucket = current { try body(bucket.lower, bucket.upper, bucket.count) }
    }
}

/// The export grid of ``LatencyHistogram/forEachExportBucket(bucketsPerDecade:_:)``: edge(-1) = 0 and, for k >= 0,
/// edge(k) = the lowest value equivalent to round(10^(k/bucketsPerDecade)) in the histogram. Edges never decrease.
private struct LogarithmicGrid {
    let bucketsPerDecade: Int

    /// The grid bucket [lower, upper) that contains `value`, which must be the lowest value of a histogram bucket.
    func bucket(containing value: UInt64) -> (lower: Int64, upper: Int64) {
        guard value > 0 else { return (0, 1) }
        // Find the largest k with edge(k) <= value: start from the floating-point estimate, then correct it.
        var k = Int((log10(Double(value)) * Double(bucketsPerDecade)).rounded(.down))
        while edge(k + 1) <= value {
            k += 1
        }
        while k > 0, edge(k) > value {
            k -= 1
        }
        // edge(k + 1) > value >= edge(k), so the bucket is never empty.
        return (Int64(edge(k)), Int64(edge(k + 1)))
    }

    /// edge(k) for k >= 0.
    private func edge(_ k: Int) -> UInt64 {
        let ideal = pow(10, Double(k) / Double(bucketsPerDecade)).rounded()
        return LatencyHistogram.lowestEquivalentValue(UInt64(ideal))
    }
}
