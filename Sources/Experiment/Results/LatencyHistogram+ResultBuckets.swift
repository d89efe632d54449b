import ResultFiles
import SimStats

extension LatencyHistogram {
    /// The histogram as histograms.csv and partial result files hold it: 20 logarithmic buckets per decade, empty
    /// ones left out. The edges are fixed, so buckets of histograms merged later can simply be added.
    func resultBuckets() -> [HistogramBucket] {
        var buckets: [HistogramBucket] = []
        forEachExportBucket(bucketsPerDecade: 20) { lower, upper, count in
            buckets.append(HistogramBucket(lowerNanoseconds: lower, upperNanoseconds: upper, count: count))
        }
        return buckets
    }
}
