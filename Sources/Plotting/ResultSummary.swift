import ResultFiles

/// summary.csv: one row per sweep point with its swept values and, per metric, mean and 95% CI.
public struct ResultSummary: Sendable {
    /// The swept keys, in file order (the columns between `point` and `replications`).
    public let sweepColumns: [String]
    /// Per point, in file order: its index and swept values (one per sweep column).
    public let points: [(index: Int, swept: [String])]
    private let table: CSVTable

    /// Reads the table. The sweep columns are the ones between `point` and `replications`.
    public init(table: CSVTable, file: String) throws(PlotError) {
        guard table.header.first == ResultColumn.point, let replications = table.column(ResultColumn.replications)
        else {
            throw PlotError(file: file, message: "is not a simexec summary.csv (no point or replications column)")
        }
        guard !table.rows.isEmpty else {
            throw PlotError(
                file: file, message: "has a header but no rows (cut short?); a summary.csv has one row per sweep point")
        }
        self.table = table
        sweepColumns = Array(table.header[1..<replications])
        var points: [(index: Int, swept: [String])] = []
        for (row, line) in zip(table.rows, table.rowLines) {
            guard let index = Int(row[0]) else {
                throw PlotError(file: file, line: line, message: "point \"\(row[0])\" is not an integer")
            }
            points.append((index, Array(row[1..<replications])))
        }
        self.points = points
    }

    /// The metrics summary.csv has a `_mean` column of, in file order.
    public var metricNames: [String] { table.header.compactMap { SummaryStatistic.mean.metric(inColumn: $0) } }

    /// Whether summary.csv has the columns of `metric`.
    public func has(_ metric: String) -> Bool { table.column(SummaryStatistic.mean.column(for: metric)) != nil }

    /// The mean and CI of `metric` (a name such as `latency_p99_us`) at the `row`-th point; nil when the column is
    /// missing or the mean is not a finite number (`nan` for a class with no tasks).
    public func interval(_ metric: String, row: Int) -> MetricInterval? {
        guard row >= 0, row < table.rows.count,
            let mean = value(metric, .mean, row: row), mean.isFinite
        else { return nil }
        let lower = value(metric, .ci95Lower, row: row) ?? mean
        let upper = value(metric, .ci95Upper, row: row) ?? mean
        return MetricInterval(
            mean: mean, lower: lower.isFinite ? lower : mean, upper: upper.isFinite ? upper : mean)
    }

    private func value(_ metric: String, _ statistic: SummaryStatistic, row: Int) -> Double? {
        guard let index = table.column(statistic.column(for: metric)) else { return nil }
        return Double(table.rows[row][index])
    }
}
