import ResultFiles

/// histograms.csv: per sweep point and metric (`latency`, `scheduled_delay`, …) the non-empty buckets.
public struct LatencyHistogramData: Sendable {
    private var buckets: [Int: [String: [HistogramBucket]]] = [:]

    /// Reads histograms.csv's columns (``HistogramsColumn``), in any order.
    public init(table: CSVTable, file: String) throws(PlotError) {
        guard let point = table.column(HistogramsColumn.point.rawValue),
            let metric = table.column(HistogramsColumn.metric.rawValue),
            let lower = table.column(HistogramsColumn.bucketLower.rawValue),
            let upper = table.column(HistogramsColumn.bucketUpper.rawValue),
            let count = table.column(HistogramsColumn.count.rawValue)
        else {
            throw PlotError(
                file: file, message: "needs the columns " + HistogramsColumn.header.dropLast().joined(separator: ", ")
                    + " and " + HistogramsColumn.count.rawValue)
        }
        for (row, line) in zip(table.rows, table.rowLines) {
            guard let index = Int(row[point]), let low = Double(row[lower]), let high = Double(row[upper]),
                let n = UInt64(row[count]),
                let bucket = HistogramBucket(lowerMicroseconds: low, upperMicroseconds: high, count: n)
            else {
                throw PlotError(file: file, line: line, message: "not a valid bucket")
            }
            buckets[index, default: [:]][row[metric], default: []].append(bucket)
        }
    }

    /// The buckets of `metric` at `point`, sorted by their lower bound; empty if there are none.
    public func buckets(point: Int, metric: String) -> [HistogramBucket] {
        (buckets[point]?[metric] ?? []).sorted { $0.lowerNanoseconds < $1.lowerNanoseconds }
    }
}
