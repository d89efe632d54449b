/// histograms.csv: per sweep point and metric (`latency`, `scheduled_delay`, …) the non-empty buckets.
public struct LatencyHistogramData: Sendable {
    private var buckets: [Int: [String: [HistogramBucket]]] = [:]

    /// Reads histograms.csv's columns `point, metric, bucket_lower_us, bucket_upper_us, count`.
    public init(table: CSVTable, file: String) throws(PlotError) {
        guard let point = table.column("point"), let metric = table.column("metric"),
            let lower = table.column("bucket_lower_us"), let upper = table.column("bucket_upper_us"),
            let count = table.column("count")
        else {
            throw PlotError(
                file: file, message: "needs the columns point, metric, bucket_lower_us, bucket_upper_us and count")
        }
        for (offset, row) in table.rows.enumerated() {
            guard let index = Int(row[point]), let low = Double(row[lower]), let high = Double(row[upper]),
                let n = Double(row[count]), low.isFinite, high.isFinite, n.isFinite, n >= 0, high >= low
            else {
                throw PlotError(file: file, message: "line \(offset + 2) is not a valid bucket")
            }
            buckets[index, default: [:]][row[metric], default: []].append(
                HistogramBucket(lower: low, upper: high, count: n))
        }
    }

    /// The buckets of `metric` at `point`, sorted by their lower bound; empty if there are none.
    public func buckets(point: Int, metric: String) -> [HistogramBucket] {
        (buckets[point]?[metric] ?? []).sorted { $0.lower < $1.lower }
    }
}
