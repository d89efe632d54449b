/// The columns of histograms.csv, in file order: tidy rows of one bucket each, bounds in µs.
public enum HistogramsColumn: String, CaseIterable, Sendable {
    /// The sweep point's 0-based index.
    case point
    /// The histogram's metric: `latency` or `scheduled_delay`.
    case metric
    /// The bucket's inclusive lower bound, in µs.
    case bucketLower = "bucket_lower_us"
    /// The bucket's exclusive upper bound, in µs.
    case bucketUpper = "bucket_upper_us"
    /// The number of values in the bucket.
    case count

    /// The header row: every column's name, in file order.
    public static var header: [String] { allCases.map(\.rawValue) }
}
