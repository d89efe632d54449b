import ExecutorModel
import Foundation
import ResultFiles

/// A request log to replay (`[arrivals] process = "trace"`): a CSV file with an `arrival_us` column (microseconds
/// from the start of the run, non-decreasing) and optionally a `class` column naming a `[[task]]`.
struct RequestLog {
    var requests: [ReplayedRequest]
    /// The file's SHA-256, recorded in run.json: the results depend on it.
    var sha256: String

    /// The most requests a log may hold.
    static let maximumRequests = 20_000_000

    /// Reads `path`, relative to the folder of `experimentFile` unless absolute. Errors name the log's file and line.
    static func read(
        _ path: String, relativeTo experimentFile: String, classNames: [String], place: Place, resolver: SchemaResolver
    ) throws(ExperimentError) -> RequestLog {
        let folder = (experimentFile as NSString).deletingLastPathComponent
        let fullPath = path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: fullPath, isDirectory: &isFolder), isFolder.boolValue {
            throw resolver.error(place, "the request log \(fullPath) is a folder; name its CSV file")
        }
        guard let data = FileManager.default.contents(atPath: fullPath) else {
            throw resolver.error(place, "cannot read the request log \(fullPath): no such file, or it is not readable")
        }
        let expected = "a CSV file with an arrival_us column (and, optionally, class)"
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError(file: fullPath, message: "is not UTF-8 text; expected \(expected)")
        }
        let table: CSVTable
        do throws(ResultFileError) {
            table = try CSVTable.parse(text, file: fullPath, expected: expected)
        } catch {
            throw ExperimentError(file: fullPath, line: error.line, message: error.message)
        }
        guard let arrivalColumn = table.column("arrival_us") else {
            throw ExperimentError(
                file: fullPath, line: table.headerLine,
                message: "has no arrival_us column; the header must name arrival_us (microseconds from the start) "
                    + "and may name class, e.g. arrival_us,class")
        }
        if let unknown = table.header.first(where: { $0 != "arrival_us" && $0 != "class" }) {
            throw ExperimentError(
                file: fullPath, line: table.headerLine,
                message: "unknown column \"\(unknown)\"; the columns are arrival_us and, optionally, class")
        }
        guard !table.rows.isEmpty else {
            throw ExperimentError(file: fullPath, line: table.headerLine, message: "holds no requests")
        }
        guard table.rows.count <= maximumRequests else {
            throw ExperimentError(
                file: fullPath, message: "holds \(table.rows.count) requests; the limit is \(maximumRequests)")
        }
        let classColumn = table.column("class")
        var requests: [ReplayedRequest] = []
        requests.reserveCapacity(table.rows.count)
        var previous: Int64 = 0
        for (row, line) in zip(table.rows, table.rowLines) {
            let cell = row[arrivalColumn].trimmingCharacters(in: .whitespaces)
            guard let micros = Double(cell), micros.isFinite, micros >= 0, micros <= 1e12 else {
                throw ExperimentError(
                    file: fullPath, line: line,
                    message: "arrival_us is \"\(cell)\"; expected microseconds from the start of the run, from 0 to "
                        + "1000000000000 (11.6 days)")
            }
            let arrival = Int64((micros * 1000).rounded())
            guard arrival >= previous else {
                throw ExperimentError(
                    file: fullPath, line: line,
                    message: "arrival_us \(cell) is earlier than the row before; rows must be sorted by arrival_us")
            }
            previous = arrival
            var taskClass: Int?
            if let classColumn, !row[classColumn].isEmpty {
                let name = row[classColumn]
                guard let index = classNames.firstIndex(of: name) else {
                    let suggestion = Suggestions.parenthesized(name, among: classNames)
                    throw ExperimentError(
                        file: fullPath, line: line,
                        message: "class \"\(name)\" is not a [[task]] class\(suggestion); classes: "
                            + classNames.joined(separator: ", ") + " (or leave the cell empty to choose by weight)")
                }
                taskClass = index
            }
            requests.append(ReplayedRequest(arrival: arrival, taskClass: taskClass))
        }
        return RequestLog(requests: requests, sha256: SHA256.hex(of: data))
    }
}
