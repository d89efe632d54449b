/// A CSV file read into memory: a header and data rows of the same width, each with the line it starts on.
public struct CSVTable: Sendable, Equatable {
    /// The column names: the first record's fields.
    public let header: [String]
    /// The data records' fields, each row as wide as ``header``.
    public let rows: [[String]]
    /// The 1-based line on which the header starts.
    public let headerLine: Int
    /// The 1-based line on which each row starts, aligned with ``rows``.
    public let rowLines: [Int]

    /// The index of the column called `name`, if any.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses CSV text (see ``CSVWriter``). Errors name `file` and the line: an unclosed quote, text after a
    /// closing quote, no header, or a row narrower or wider than the header. `expected` says what the file should
    /// be, for the message about an empty one.
    public static func parse(
        _ text: String, file: String, expected: String = "a CSV file written by `simexec run`"
    ) throws(ResultFileError) -> CSVTable {
        let records = try CSVReader.records(text, file: file)
        guard let header = records.first else {
            throw ResultFileError(file: file, line: 1, message: "is empty; expected \(expected)")
        }
        let rows = records.dropFirst()
        for row in rows where row.fields.count != header.fields.count {
            throw ResultFileError(
                file: file, line: row.line,
                message: "found \(row.fields.count) cells, but the header has \(header.fields.count) columns; "
                    + "the file is truncated or was edited")
        }
        return CSVTable(
            header: header.fields, rows: rows.map(\.fields), headerLine: header.line, rowLines: rows.map(\.line))
    }
}
