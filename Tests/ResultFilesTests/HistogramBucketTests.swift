import Testing

@testable import ResultFiles

@Suite("Histogram buckets: ns in the model, µs in histograms.csv")
struct HistogramBucketTests {
    @Test func microsecondsAreNanosecondsOverAThousand() {
        let bucket = HistogramBucket(lowerNanoseconds: 1_122, upperNanoseconds: 1_259, count: 7)
        #expect(bucket.lowerMicroseconds == 1.122)
        #expect(bucket.upperMicroseconds == 1.259)
    }

    /// histograms.csv writes at most 6 significant digits of whole nanoseconds in µs, so at most three decimals:
    /// reading them back gives the nanoseconds, and converting those gives the very same Double.
    @Test func readingMicrosecondsBackIsExact() throws {
        for text in ["0", "0.001", "1.122", "12345.7", "123457", "3.16228e+06", "1e+09"] {
            let microseconds = try #require(Double(text))
            let bucket = try #require(
                HistogramBucket(lowerMicroseconds: microseconds, upperMicroseconds: microseconds, count: 1))
            #expect(bucket.lowerMicroseconds == microseconds, "\(text)")
            #expect(Double(bucket.lowerNanoseconds) == (microseconds * 1000).rounded())
        }
    }

    @Test func invalidBoundsAreRejected() {
        #expect(HistogramBucket(lowerMicroseconds: 2, upperMicroseconds: 1, count: 1) == nil)
        #expect(HistogramBucket(lowerMicroseconds: .nan, upperMicroseconds: 1, count: 1) == nil)
        #expect(HistogramBucket(lowerMicroseconds: 0, upperMicroseconds: .infinity, count: 1) == nil)
        #expect(HistogramBucket(lowerMicroseconds: 0, upperMicroseconds: 1e20, count: 1) == nil)
        #expect(HistogramBucket(lowerMicroseconds: 1, upperMicroseconds: 1, count: 0)?.upperNanoseconds == 1_000)
    }
}
