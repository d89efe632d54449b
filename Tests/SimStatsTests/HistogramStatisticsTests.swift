import Foundation
import Histogram
@testable import SimStats
import Testing

/// ``LatencyHistogram`` must give, bit for bit, the percentiles, mean, minimum and maximum that HdrHistogram's
/// `Histogram<UInt64>` (1 ns ... 1 hour, 3 significant digits) gives for the same values, by its straightforward passes
/// over every bucket from the lowest: the result files depend on the exact values. ``LatencyHistogram`` only visits the
/// buckets between the lowest and highest recorded value and answers all percentiles in one pass.
@Suite struct HistogramStatisticsTests {
    /// Percentiles including the special cases: 0 and below give the minimum, 100 and above (and NaN) the maximum, one
    /// ulp either side of 100, and a repeat.
    static let percentiles: [Double] = [
        50, 0, 0.001, 1, 10, 25, 75, 90, 99, 99.9, 99.99, 99.999, 100, 100.0.nextDown, 100.0.nextUp, -3, 250, .nan, 50,
        .leastNonzeroMagnitude, 33.333,
    ]

    /// SplitMix64: a small seeded generator, so every run tests the same histograms.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A latency histogram and the library's histogram, with the same values recorded into both.
    struct Pair {
        var latency = LatencyHistogram()
        var reference = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: UInt64(LatencyHistogram.highestTrackableNanoseconds),
            numberOfSignificantValueDigits: .three)

        mutating func record(_ nanoseconds: Int64) {
            latency.record(nanoseconds)
            reference.record(UInt64(min(max(nanoseconds, 0), LatencyHistogram.highestTrackableNanoseconds)))
        }

        mutating func merge(_ other: Pair) {
            latency.merge(other.latency)
            reference.add(other.reference)
        }
    }

    static func expectSameAsReference(_ pair: Pair, _ context: String) {
        let histogram = pair.latency
        let reference = pair.reference
        #expect(histogram.count == reference.totalCount, "\(context)")
        #expect(histogram.min == Int64(reference.min), "\(context)")
        #expect(histogram.max == Int64(reference.maxRecorded), "\(context)")
        let statistics = histogram.statistics(percentiles: Self.percentiles)
        #expect(statistics.values.count == Self.percentiles.count)
        for (p, value) in zip(Self.percentiles, statistics.values) {
            let expected = Int64(reference.valueAtPercentile(max(p, 0)))
            #expect(value == expected, "\(context): p\(p)")
            #expect(histogram.valueAtPercentile(p) == expected, "\(context): p\(p) alone")
        }
        #expect(statistics.mean.bitPattern == reference.mean.bitPattern, "\(context): mean")
        #expect(histogram.mean.bitPattern == reference.mean.bitPattern, "\(context): mean alone")
        #expect(statistics.value(atPercentile: 99.9) == Int64(reference.valueAtPercentile(99.9)))
        #expect(statistics.value(atPercentile: 42) == nil)
        // The same non-empty buckets with the same counts, and none outside the range that statistics visit.
        var buckets: [(lowest: UInt64, count: UInt64)] = []
        for index in histogram.recordedBuckets where histogram.count(inBucket: index) > 0 {
            buckets.append((LatencyHistogram.lowestValue(ofBucket: index), histogram.count(inBucket: index)))
            #expect(
                LatencyHistogram.lowestValue(ofBucket: index) + LatencyHistogram.width(ofBucket: index) - 1
                    == reference.highestEquivalentForValue(LatencyHistogram.lowestValue(ofBucket: index)))
        }
        let expected = reference.recordedValues().map {
            (reference.lowestEquivalentForValue($0.value), UInt64($0.count))
        }
        #expect(buckets.map(\.lowest) == expected.map(\.0), "\(context): buckets")
        #expect(buckets.map(\.count) == expected.map(\.1), "\(context): bucket counts")
    }

    @Test func emptyHistogram() {
        let histogram = LatencyHistogram()
        Self.expectSameAsReference(Pair(), "empty")
        let statistics = histogram.statistics(percentiles: Self.percentiles)
        #expect(statistics.values.allSatisfy { $0 == 0 } && statistics.mean == 0)
        #expect(histogram.statistics(percentiles: []).values.isEmpty)
    }

    /// Random histograms of 1 to 20,000 values: log-uniform over 1 ns ... 1 hour or over a narrow band, with some
    /// zeros and some values clamped at either end; then merged pairwise.
    @Test func randomHistogramsMatchFullIteration() {
        var random = SplitMix64(state: 13)
        var histograms: [Pair] = []
        for trial in 0 ..< 24 {
            var histogram = Pair()
            let count = [1, 2, 3, 10, 1_000, 20_000][trial % 6]
            let decades = trial % 2 == 0 ? 0.0 ... 12.6 : 3.0 ... 4.5
            for _ in 0 ..< count {
                switch Int.random(in: 0 ..< 100, using: &random) {
                case 0: histogram.record(0)
                case 1: histogram.record(-Int64.random(in: 1 ... 1_000, using: &random))
                case 2: histogram.record(.max)
                default:
                    let exponent = Double.random(in: decades, using: &random)
                    histogram.record(Int64(pow(10, exponent)))
                }
            }
            Self.expectSameAsReference(histogram, "trial \(trial), \(count) values")
            histograms.append(histogram)
        }
        for (first, second) in zip(histograms, histograms.dropFirst()) {
            var merged = first
            merged.merge(second)
            Self.expectSameAsReference(merged, "merged")
            #expect(merged.latency.summary.p99 == Int64(merged.reference.valueAtPercentile(99)))
        }
    }

    /// Values on and next to every power of two and every bucket edge below 4096 ns, up to one hour: each lands in
    /// the library's bucket, and the export grid's edge function agrees with the library's.
    @Test func bucketEdges() {
        var pair = Pair()
        var values: [Int64] = Array(0 ... 4_100)
        for shift in 11 ... 41 {
            let power = Int64(1) << shift
            values += [power - 1, power, power + 1, power + power / 3]
        }
        values.append(LatencyHistogram.highestTrackableNanoseconds)
        for value in values {
            pair.record(value)
            #expect(
                LatencyHistogram.lowestEquivalentValue(UInt64(value))
                    == pair.reference.lowestEquivalentForValue(UInt64(value)), "\(value)")
        }
        Self.expectSameAsReference(pair, "edges")
    }

    /// Many values in one bucket and one far above it: every percentile below 100 is answered by the first bucket.
    @Test func oneCrowdedBucketAndAnOutlier() {
        var histogram = Pair()
        for _ in 0 ..< 10_000 {
            histogram.record(123_456)
        }
        histogram.record(3_000_000_000)
        Self.expectSameAsReference(histogram, "crowded")
    }
}
