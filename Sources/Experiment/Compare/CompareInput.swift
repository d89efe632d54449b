import Foundation

/// One side of `simexec compare`: a `replications.csv` or `summary.csv` written by `simexec run`, read back.
///
/// Points are keyed by their swept values (the cells between `point` and the first non-sweep column), not by their
/// `point` number, so two runs whose sweeps list the same values in a different order still match.
struct ComparedRun: Sendable {
    enum Kind: String, Sendable {
        /// One row per point and replication: per-replication values, seeds for pairing.
        case replications = "replications.csv"
        /// One row per point: mean and 95% CI per metric (no per-replication values, so no paired test).
        case summary = "summary.csv"
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
            let candidates = [Kind.replications.rawValue, Kind.summary.rawValue].map {
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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ExperimentError(file: file, message: "cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError(file: file, line: 1, message: "is not UTF-8 text; expected a CSV file written by `simexec run`")
        }
        return try parse(text, file: file)
    }

    /// Parses the text of a replications.csv or summary.csv, telling them apart by their header.
    static func parse(_ text: String, file: String) throws(ExperimentError) -> ComparedRun {
        let records = try CSVReader.records(text, file: file)
        guard let header = records.first else {
            throw ExperimentError(file: file, line: 1, message: "is empty; expected a CSV file written by `simexec run`")
        }
        guard header.cells.first == "point" else {
            throw ExperimentError(
                file: file, line: header.line,
                message: "the header does not start with \"point\"; expected the replications.csv or summary.csv "
                    + "written by `simexec run`")
        }
        for (index, name) in header.cells.enumerated() where header.cells[..<index].contains(name) {
            throw ExperimentError(file: file, line: header.line, message: "column \"\(name)\" appears twice in the header")
        }
        if let replication = header.cells.firstIndex(of: "replication"), replication + 1 < header.cells.count,
            header.cells[replication + 1] == "seed"
        {
            return try parseReplications(records, replicationColumn: replication, file: file)
        }
        if let count = header.cells.firstIndex(of: "replications") {
            return try parseSummary(records, countColumn: count, file: file)
        }
        throw ExperimentError(
            file: file, line: header.line,
            message: "the header has neither \"replication,seed\" (replications.csv) nor \"replications\" "
                + "(summary.csv) columns; expected a file written by `simexec run`")
    }

    private static func parseReplications(_ records: [CSVReader.Record], replicationColumn: Int, file: String)
        throws(ExperimentError) -> ComparedRun
    {
        let header = records[0]
        let sweepColumns = Array(header.cells[1..<replicationColumn])
        let firstMetric = replicationColumn + 2
        let metricNames = Array(header.cells[firstMetric...])
        var points: [Point] = []
        var indexByValues: [[String]: Int] = [:]
        var seenReplications: [[String]: Set<Int>] = [:]
        for record in records.dropFirst() {
            try checkWidth(record, header: header, file: file)
            let swept = Array(record.cells[1..<replicationColumn])
            let replicationCell = record.cells[replicationColumn]
            guard let replication = Int(replicationCell), replication >= 0 else {
                throw ExperimentError(
                    file: file, line: record.line,
                    message: "column \"replication\": \"\(replicationCell)\" is not a replication number (0, 1, 2, ...)")
            }
            guard seenReplications[swept, default: []].insert(replication).inserted else {
                throw ExperimentError(
                    file: file, line: record.line,
                    message: "replication \(replication) of point \(describe(swept, columns: sweepColumns)) appears twice")
            }
            var values: [Double] = []
            values.reserveCapacity(metricNames.count)
            for (offset, name) in metricNames.enumerated() {
                values.append(try number(record.cells[firstMetric + offset], column: name, line: record.line, file: file))
            }
            let seed = record.cells[replicationColumn + 1]
            guard UInt64(seed) != nil else {
                throw ExperimentError(
                    file: file, line: record.line, message: "column \"seed\": \"\(seed)\" is not a seed (a whole number)")
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

    private static func parseSummary(_ records: [CSVReader.Record], countColumn: Int, file: String)
        throws(ExperimentError) -> ComparedRun
    {
        let header = records[0]
        let sweepColumns = Array(header.cells[1..<countColumn])
        let statistics = Array(header.cells[(countColumn + 1)...])
        guard statistics.count % 3 == 0 else {
            throw ExperimentError(
                file: file, line: header.line,
                message: "expected three columns per metric after \"replications\" (<metric>_mean, <metric>_ci95_lo, "
                    + "<metric>_ci95_hi), found \(statistics.count) columns")
        }
        var metricNames: [String] = []
        for start in stride(from: 0, to: statistics.count, by: 3) {
            let meanColumn = statistics[start]
            guard meanColumn.hasSuffix("_mean") else {
                throw ExperimentError(
                    file: file, line: header.line,
                    message: "column \(countColumn + 2 + start) is \"\(meanColumn)\"; expected a <metric>_mean column")
            }
            let name = String(meanColumn.dropLast("_mean".count))
            let expected = ["\(name)_ci95_lo", "\(name)_ci95_hi"]
            guard Array(statistics[(start + 1)...(start + 2)]) == expected else {
                throw ExperimentError(
                    file: file, line: header.line,
                    message: "expected \(expected[0]) and \(expected[1]) after \(meanColumn), found "
                        + "\(statistics[start + 1]) and \(statistics[start + 2])")
            }
            metricNames.append(name)
        }
        var points: [Point] = []
        var seen: Set<[String]> = []
        for record in records.dropFirst() {
            try checkWidth(record, header: header, file: file)
            let swept = Array(record.cells[1..<countColumn])
            guard seen.insert(swept).inserted else {
                throw ExperimentError(
                    file: file, line: record.line,
                    message: "point \(describe(swept, columns: sweepColumns)) appears twice")
            }
            let countCell = record.cells[countColumn]
            guard let count = Int(countCell), count >= 1 else {
                throw ExperimentError(
                    file: file, line: record.line,
                    message: "column \"replications\": \"\(countCell)\" is not a positive whole number")
            }
            var metrics: [MetricData] = []
            for (offset, name) in metricNames.enumerated() {
                let base = countColumn + 1 + 3 * offset
                let mean = try number(record.cells[base], column: "\(name)_mean", line: record.line, file: file)
                let low = try number(record.cells[base + 1], column: "\(name)_ci95_lo", line: record.line, file: file)
                let high = try number(record.cells[base + 2], column: "\(name)_ci95_hi", line: record.line, file: file)
                metrics.append(.summary(count: count, mean: mean, halfWidth: (high - low) / 2))
            }
            points.append(Point(sweptValues: swept, replications: [], metrics: metrics))
        }
        guard !points.isEmpty else {
            throw ExperimentError(file: file, line: 2, message: "has a header but no rows; the run wrote no point")
        }
        return ComparedRun(file: file, kind: .summary, sweepColumns: sweepColumns, metricNames: metricNames, points: points)
    }

    private static func checkWidth(_ record: CSVReader.Record, header: CSVReader.Record, file: String)
        throws(ExperimentError)
    {
        guard record.cells.count == header.cells.count else {
            throw ExperimentError(
                file: file, line: record.line,
                message: "found \(record.cells.count) cells, but the header has \(header.cells.count) columns; "
                    + "the file is truncated or was edited")
        }
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

/// A minimal RFC 4180 reader: commas, double-quoted cells with `""` escapes and line breaks, LF or CRLF line ends.
enum CSVReader {
    struct Record: Sendable {
        /// The 1-based line on which the record starts.
        var line: Int
        var cells: [String]
    }

    static func records(_ text: String, file: String) throws(ExperimentError) -> [Record] {
        var records: [Record] = []
        var cells: [String] = []
        var cell = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            cells.append(cell)
            cell = ""
            // A blank line (one empty cell) is not a record.
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Record(line: recordLine, cells: cells)) }
            cells = []
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        cell.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                cells.append(cell)
                cell = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where cell.isEmpty && !afterQuote:
                inQuotes = true
                quoteLine = line
            default:
                if afterQuote {
                    throw ExperimentError(
                        file: file, line: line,
                        message: "unexpected text after a closing quote; quote a whole cell, and write a quote inside "
                            + "it as \"\"")
                }
                cell.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw ExperimentError(file: file, line: quoteLine, message: "a quoted cell is never closed")
        }
        if !cell.isEmpty || !cells.isEmpty { endRecord() }
        return records
    }
}
