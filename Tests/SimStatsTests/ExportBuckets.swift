import SimStats

/// One bucket of ``LatencyHistogram/forEachExportBucket(bucketsPerDecade:_:)``, so tests can compare lists of them.
struct ExportBucket: Equatable {
    var lowerNanoseconds: Int64
    var upperNanoseconds: Int64
    var count: UInt64
}

extension LatencyHistogram {
    /// The export buckets, collected in order.
    func exportBuckets(bucketsPerDecade: Int) -> [ExportBucket] {
        var buckets: [ExportBucket] = []
        forEachExportBucket(bucketsPerDecade: bucketsPerDecade) { lower, upper, count in
            buckets.append(ExportBucket(lowerNanoseconds: lower, upperNanoseconds: upper, count: count))
        }
        return buckets
    }
}
