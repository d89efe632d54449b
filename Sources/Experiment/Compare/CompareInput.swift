import Foundation
import ResultFiles

/// One side of `simexec compare`: a `replications.csv` or `summary.csv` written by `simexec run`, read back.
///
/// Points are keyed by their swept values (the cells between `point` and the first non-sweep column), not by their
/// `point` number, so two runs whose sweeps list the same values in a different order still match.
struct ComparedRun: Sendable {
    enum Kind: Sendable {
        /// One row per point and replication: per-replication values, seeds for pairing.
        case replications
        /// One row per point: mean and 95% CI per metric (no per-replication values, so no paired test).
        case summary

        /// The file of this kind in a results folder.
        var fileName: String {
            switch self {
            case .replications: ResultFileName.replications
            case .summary: ResultFileName.summary
            }
        }
    }

    /// The data of one metric at one point.
    enum MetricData: Sendable {
        /// Per-replication values, aligned with ``Point/replications`` (NaN where the run wrote `nan`).
        case samples([Double])
        /// From summary.csv: the mean and the 95% CI half-width over `count` replications.
        case summary(count: Int, mean: Double, halfWidth: Double)
    }

    struct Point: Sendable {
        /// The swept values, in the order of ``ComparedRun/sweepColumns``.
        var sweptValues: [String]
        /// (replication number, seed cell) per row, in file order; empty for summary.csv.
        var replications: [(replication: Int, seed: String)]
        /// Per metric, in the order of ``ComparedRun/metricNames``.
        var metrics: [MetricData]
    }

    /// The file that was read, as it will be shown to the user.
    var file: String
    var kind: Kind
    var sweepColumns: [String]
    var metricNames: [String]
    var points: [Point]

    var replicationCount: Int {
        points.map { point in
            if !point.replications.isEmpty { return point.replications.count }
            if case let .summary(count, _, _) = point.metrics.first { return count }
            return 0
        }.max() ?? 0
    }

    /// The distinct seed cells, in file order.
    var seeds: [String] {
        var seen: [String] = []
        for point in points {
            for entry in point.replications where !seen.contains(entry.seed) { seen.append(entry.seed) }
        }
        return seen
    }

    // MARK: Loading

    /// Reads a results folder (its `replications.csv`, else its `summary.csv`) or one of those files.
    static func load(_ path: String, role: String) throws(ExperimentError) -> ComparedRun {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExperimentError(
                file: path,
                message: "no such file or folder (the \(role) must be a results folder or a replications.csv or "
                    + "summary.csv written by `simexec run`)")
        }
        var file = path
        if isDirectory.boolValue {
            let candidates = [Kind.replications.fileName, Kind.summary.fileName].map {
                (path as NSString).appendingPathComponent($0)
            }
            guard let found = candidates.first(where: { fileManager.fileExists(atPath: $0) }) else {
                throw ExperimentError(
                    file: path,
                    message: "this folder has neither replications.csv nor summary.csv; pass the folder `simexec run` "
                        + "wrote (results/<experiment name>/ or its --out)")
            }
            file = found
        }
        var status = stat()
        if stat(file, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw ExperimentError(
                file: file, message: "is not a regular file; the \(role) must be a results folder or a replications.csv "
                    + "or summary.csv written by `simexec run`")
        }
        errno = 0
        guard access(file, R_OK) == 0, let data = FileManager.default.contents(atPath: file) else {
            let reason = errno != 0 ? String(cString: strerror(errno)) : "reading failed"
            throw ExperimentError(file: file, message: "cannot be read: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError(file: file, line: 1, message: "is not UTF-8 text; expected a CSV file written by `simexec run`")
        }
        if text.drop(while: \.isWhitespace).first == "{" {
            throw ExperimentError(
                file: file,
                message: "is JSON, not CSV; the \(role) must be a results folder or a replications.csv or summary.csv "
                    + "written by `simexec run`")
        }
        return try parse(text, file: file)
    }

    /// Parses the text of a replications.csv or summary.csv, telling them apart by their header.
    static func parse(_ text: String, file: String) throws(ExperimentError) -> ComparedRun {
        let table: CSVTable
        do throws(ResultFileError) {
            table = try CSVTable.parse(text, file: file)
        } catch {
            throw ExperimentError(error)
        }
        let header = table.header
        guard header.first == ResultColumn.point else {
            throw ExperimentError(
                file: file, line: table.headerLine,
                message: "the header does not start with \"point\"; expected the replications.csv or summary.csv "
                    + "written by `simexec run`")
        }
        for (index, name) in header.enumerated() where header[..<index].contains(name) {
            throw ExperimentError(
                file: file, line: table.headerLine, message: "column \"\(name)\" appears twice in the header")
        }
        if let replication = header.firstIndex(of: ResultColumn.replication), replication + 1 < header.count,
            header[replication + 1] == ResultColumn.seed
        {
            return try parseReplications(table, replicationColumn: replication, file: file)
        }
        if let count = header.firstIndex(of: ResultColumn.replications) {
            return try parseSummary(table, countColumn: count, file: file)
        }
        throw ExperimentError(
            file: file, line: table.headerLine,
            message: "the header has neither \"replication,seed\" (replications.csv) nor \"replications\" "
                + "(summary.csv) columns; expected a file written by `simexec run`")
    }

    private static func parseReplications(_ table: CSVTable, replicationColumn: Int, file: String)
        throws(ExperimentError) -> ComparedRun
    {
        let sweepColumns = Array(table.header[1..<replicationColumn])
        let firstMetric = replicationColumn + 2
        let metricNames = Array(table.header[firstMetric...])
        var points: [Point] = []
        var indexByValues: [[String]: Int] = [:]
        var seenReplications: [[String]: Set<Int>] = [:]
        for (cells, line) in zip(table.rows, table.rowLines) {
            let swept = Array(cells[1..<replicationColumn])
            let replicationCell = cells[replicationColumn]
            guard let replication = Int(replicationCell), replication >= 0 else {
                throw ExperimentError(
                    file: file, line: line,
                    message: "column \"replication\": \"\(replicationCell)\" is not a replication number (0, 1, 2, ...)")
            }
            guard seenReplications[swept, default: []].insert(replication).inserted else {
                throw ExperimentError(
                    file: file, line: line,
                    message: "replication \(replication) of point \(describe(swept, columns: sweepColumns)) appears twice")
            }
            var values: [Double] = []
            values.reserveCapacity(metricNames.count)
            for (offset, name) in metricNames.enumerated() {
                values.append(try number(cells[firstMetric + offset], column: name, line: line, file: file))
            }
            let seed = cells[replicationColumn + 1]
            guard UInt64(seed) != nil else {
                throw ExperimentError(
                    file: file, line: line, message: "column \"seed\": \"\(seed)\" is not a seed (a whole number)")
            }
            let entry = (replication: replication, seed: seed)
            if let index = indexByValues[swept] {
                points[index].replications.append(entry)
                for (metric, value) in values.enumerated() {
                    if case var .samples(samples) = points[index].metrics[metric] {
                        samples.append(value)
                        points[index].metrics[metric] = .samples(samples)
                    }
                }
            } else {
                indexByValues[swept] = points.count
                points.append(Point(sweptValues: swept, replications: [entry], metrics: values.map { .samples([$0]) }))
            }
        }
        guard !points.isEmpty else {
            throw ExperimentError(file: file, line: 2, message: "has a header but no rows; the run wrote no replication")
        }
        return ComparedRun(
            file: file, kind: .replications, sweepColumns: sweepColumns, metricNames: metricNames, points: points)
    }

    private static func parseSummary(_ table: CSVTable, countColumn: Int, file: String)
        throws(ExperimentError) -> ComparedRun
    {
        let sweepColumns = Array(table.header[1..<countColumn])
        let statistics = Array(table.header[(countColumn + 1)...])
        let perMetric = SummaryStatistic.allCases.count
        guard statistics.count % perMetric == 0 else {
            throw ExperimentError(
                file: file, line: table.headerLine,
                message: "expected three columns per metric after \"\(ResultColumn.replications)\" ("
                    + SummaryStatistic.columns(for: "<metric>").joined(separator: ", ")
                    + "), found \(statistics.count) columns")
        }
        var metricNames: [String] = []
        for start in stride(from: 0, to: statistics.count, by: perMetric) {
            let meanColumn = statistics[start]
            guard let name = SummaryStatistic.mean.metric(inColumn: meanColumn) else {
                throw ExperimentError(
                    file: file, line: table.headerLine,
                    message: "column \(countColumn + 2 + start) is \"\(meanColumn)\"; expected a "
                        + "\(SummaryStatistic.mean.column(for: "<metric>")) column")
            }
            let expected = [SummaryStatistic.ci95Lower.column(for: name), SummaryStatistic.ci95Upper.column(for: name)]
            guard Array(statistics[(start + 1)...(start + 2)]) == expected else {
                throw ExperimentError(
                    file: file, line: table.headerLine,
                    message: "expected \(expected[0]) and \(expected[1]) after \(meanColumn), found "
                        + "\(statistics[start + 1]) and \(statistics[start + 2])")
            }
            metricNames.append(name)
        }
        var points: [Point] = []
        var seen: Set<[String]> = []
        for (cells, line) in zip(table.rows, table.rowLines) {
            let swept = Array(cells[1..<countColumn])
            guard seen.insert(swept).inserted else {
                throw ExperimentError(
                    file: file, line: line,
                    message: "point \(describe(swept, columns: sweepColumns)) appears twice")
            }
            let countCell = cells[countColumn]
            guard let count = Int(countCell), count >= 1 else {
                throw ExperimentError(
                    file: file, line: line,
                    message: "column \"replications\": \"\(countCell)\" is not a positive whole number")
            }
            var metrics: [MetricData] = []
            for (offset, name) in metricNames.enumerated() {
                let base = countColumn + 1 + perMetric * offset
                func statistic(_ statistic: SummaryStatistic, at column: Int) throws(ExperimentError) -> Double {
                    try number(cells[column], column: statistic.column(for: name), line: line, file: file)
                }
                let mean = try statistic(.mean, at: base)
                let low = try statistic(.ci95Lower, at: base + 1)
                let high = try statistic(.ci95Upper, at: base + 2)
                metrics.append(.summary(count: count, mean: mean, halfWidth: (high - low) / 2))
            }
            points.append(Point(sweptValues: swept, replications: [], metrics: metrics))
        }
        guard !points.isEmpty else {
            throw ExperimentError(file: file, line: 2, message: "has a header but no rows; the run wrote no point")
        }
        return ComparedRun(file: file, kind: .summary, sweepColumns: sweepColumns, metricNames: metricNames, points: points)
    }

    /// A metric cell: a number as `simexec run` writes it, or `nan`/`inf`/`-inf`.
    private static func number(_ cell: String, column: String, line: Int, file: String) throws(ExperimentError)
        -> Double
    {
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "nan": return .nan
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: break
        }
        guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite else {
            throw ExperimentError(file: file, line: line, message: "column \"\(column)\": \"\(cell)\" is not a number")
        }
        return value
    }

    /// `runtime.workers = 2, task.sync_call.steps[1].kind = block`, or `(the only point)` without a sweep.
    static func describe(_ values: [String], columns: [String]) -> String {
        if columns.isEmpty { return "(the only point; no sweep)" }
        return zip(columns, values).map { "\($0) = \($1)" }.joined(separator: ", ")
    }
}
