import SimStats
import Testing

@Suite struct LatencyHistogramTests {
    static let hour: Int64 = 3_600_000_000_000

    static func oneToHundredThousand() -> LatencyHistogram {
        var histogram = LatencyHistogram()
        for value in Int64(1) ... 100_000 {
            histogram.record(value)
        }
        return histogram
    }

    /// Each of 1 ... 100,000 ns recorded once: the p-th percentile is p·1000 ns, and 3 significant digits keep every
    /// reported value within 0.1 % (upwards, by the highest-equivalent-value convention).
    @Test func percentilesAreWithinResolution() {
        let histogram = Self.oneToHundredThousand()
        #expect(histogram.count == 100_000)
        #expect(histogram.min == 1)
        #expect(histogram.max == 100_000)
        #expect(abs(histogram.mean / 50_000.5 - 1) < 0.001)
        for p in [1.0, 10, 25, 50, 75, 90, 99, 99.9, 99.99] {
            let exact = p * 1_000
            let value = Double(histogram.valueAtPercentile(p))
            #expect(value >= exact && value <= exact * 1.001, "p\(p): \(value)")
        }
        #expect(histogram.valueAtPercentile(100) == 100_000)
        #expect(histogram.valueAtPercentile(0) == 1)
        let summary = histogram.summary
        #expect(summary.p50 == histogram.valueAtPercentile(50))
        #expect(summary.p999 == histogram.valueAtPercentile(99.9))
        #expect(summary.max == 100_000)
        #expect(summary.count == 100_000)
    }

    @Test func smallValuesAreExact() {
        var histogram = LatencyHistogram()
        for value: Int64 in [0, 1, 2, 3, 2_047] {
            histogram.record(value)
        }
        #expect(histogram.min == 0)
        #expect(histogram.valueAtPercentile(50) == 2)
        #expect(histogram.valueAtPercentile(80) == 3)
        #expect(histogram.max == 2_047)
        #expect(histogram.mean == 2_053.0 / 5)
    }

    @Test func emptyHistogramReportsZeros() {
        let histogram = LatencyHistogram()
        #expect(histogram.count == 0)
        #expect(histogram.min == 0 && histogram.max == 0 && histogram.mean == 0)
        #expect(histogram.valueAtPercentile(99) == 0)
        let summary = histogram.summary
        #expect([summary.p50, summary.p90, summary.p99, summary.p999, summary.max] == [0, 0, 0, 0, 0])
        #expect(summary.count == 0 && summary.mean == 0)
        #expect(histogram.exportBuckets(bucketsPerDecade: 20).isEmpty)
    }

    @Test func mergingHalvesEqualsRecordingAll() {
        var low = LatencyHistogram()
        var high = LatencyHistogram()
        for value in Int64(1) ... 100_000 {
            if value <= 50_000 {
                low.record(value)
            } else {
                high.record(value)
            }
        }
        high.record(-5)
        var merged = low
        merged.merge(high)
        var all = Self.oneToHundredThousand()
        all.record(-5)
        #expect(merged == all)
        #expect(merged.clampedCount == 1)
        #expect(merged.summary == all.summary)
    }

    @Test func outOfRangeValuesAreClampedAndCounted() {
        var histogram = LatencyHistogram()
        histogram.record(10)
        histogram.record(Self.hour)
        #expect(histogram.clampedCount == 0)
        histogram.record(Self.hour + 1)
        histogram.record(.max)
        histogram.record(-1)
        #expect(histogram.clampedCount == 3)
        #expect(histogram.count == 5)
        #expect(histogram.max == Self.hour)
        #expect(histogram.min == 0)
        #expect(histogram.valueAtPercentile(100) == Self.hour)
    }

    /// Every value 1 ... 100,000 recorded once, so a bucket [lower, upper) holds exactly upper − lower values (the
    /// last one is cut off at 100,000); this holds only if every export edge is an edge of the underlying histogram.
    @Test func exportBucketsPartitionTheCounts() {
        let histogram = Self.oneToHundredThousand()
        let buckets = histogram.exportBuckets(bucketsPerDecade: 20)
        #expect(buckets.reduce(0) { $0 + $1.count } == histogram.count)
        #expect(buckets.first?.lowerNanoseconds == 1)
        for bucket in buckets {
            #expect(bucket.lowerNanoseconds < bucket.upperNanoseconds)
            #expect(bucket.count == UInt64(Swift.min(bucket.upperNanoseconds, 100_001) - bucket.lowerNanoseconds))
        }
        for (previous, next) in zip(buckets, buckets.dropFirst()) {
            #expect(previous.upperNanoseconds == next.lowerNanoseconds)
        }
        // 20 per decade: about 100 buckets for five decades (fewer, because edges below ~100 ns coincide).
        #expect((60 ... 101).contains(buckets.count), "\(buckets.count) buckets")
        // Decade edges are exact below 2048 ns, where the histogram has unit resolution.
        #expect(buckets.contains { $0.lowerNanoseconds == 1_000 })
        let ratio = Double(buckets[buckets.count - 2].upperNanoseconds) / Double(buckets[buckets.count - 2].lowerNanoseconds)
        #expect(abs(ratio - 1.122) < 0.01)
    }

    @Test func exportBucketsWithGapsAndZero() {
        var histogram = LatencyHistogram()
        for value: Int64 in [0, 0, 5, 1_000_000, 1_000_001, 3_000_000_000_000] {
            histogram.record(value)
        }
        let buckets = histogram.exportBuckets(bucketsPerDecade: 10)
        #expect(buckets.count == 4)
        #expect(buckets.map(\.count) == [2, 1, 2, 1])
        #expect(buckets.first?.lowerNanoseconds == 0 && buckets.first?.upperNanoseconds == 1)
        for (previous, next) in zip(buckets, buckets.dropFirst()) {
            #expect(previous.upperNanoseconds <= next.lowerNanoseconds)
        }
        for (bucket, value) in zip(buckets, [Int64(0), 5, 1_000_000, 3_000_000_000_000]) {
            #expect(bucket.lowerNanoseconds <= value && value < bucket.upperNanoseconds)
        }
        #expect(histogram.exportBuckets(bucketsPerDecade: 0) == histogram.exportBuckets(bucketsPerDecade: 1))
        let finest = histogram.exportBuckets(bucketsPerDecade: .max)
        #expect(finest == histogram.exportBuckets(bucketsPerDecade: 10_000))
        #expect(finest.reduce(0) { $0 + $1.count } == histogram.count)
    }

    /// Storage grows lazily in both directions; equality and merging do not depend on how much each side allocated.
    @Test func storageGrowsBothWaysAndEqualityIgnoresIt() {
        var upward = LatencyHistogram()
        var downward = LatencyHistogram()
        let values: [Int64] = [3, 70_000, 5_000_000_000, 1_500, 2_000_000, 0]
        for value in values { upward.record(value) }
        for value in values.reversed() { downward.record(value) }
        #expect(upward == downward)
        #expect(upward.summary == downward.summary)
        var sparse = LatencyHistogram()
        sparse.record(5_000_000_000)
        var dense = LatencyHistogram()
        dense.record(3)
        dense.merge(sparse)
        #expect(dense != sparse)
        #expect(dense.count == 2 && dense.min == 3 && dense.max == 5_000_000_000)
        #expect(LatencyHistogram() == LatencyHistogram())
        #expect(LatencyHistogram() != sparse)
    }

    /// Buckets count in 32 bits and carry beyond: a bucket doubled by merging past 2^32 keeps its exact count.
    @Test func countsCarryPastTwoToThe32() {
        var histogram = LatencyHistogram()
        histogram.record(1_000)
        histogram.record(5_000_000)
        for _ in 0 ..< 34 {
            histogram.merge(histogram)
        }
        let each: UInt64 = 1 << 34
        #expect(histogram.count == 2 * each)
        #expect(histogram.valueAtPercentile(50) == 1_000)
        #expect(histogram.valueAtPercentile(50.1) == 5_000_000)
        #expect(histogram.exportBuckets(bucketsPerDecade: 20).map(\.count) == [each, each])
        var single = LatencyHistogram()
        single.record(5_000_000)
        #expect(histogram.mean == (1_000.0 + single.mean) / 2)
        var recorded = histogram
        recorded.record(1_000)
        #expect(recorded.exportBuckets(bucketsPerDecade: 20).map(\.count) == [each + 1, each])
        #expect(recorded != histogram)
    }
}
