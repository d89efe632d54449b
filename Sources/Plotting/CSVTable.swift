/// A CSV file read into memory: a header row and data rows of the same width (RFC 4180 quoting).
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The index of the column called `name`, if any.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses CSV text. `file` names the file in error messages.
    public static func parse(_ text: String, file: String) throws(PlotError) -> CSVTable {
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var inQuotes = false
        var quotedCellJustClosed = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            record.append(cell)
            cell = ""
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        cell.append("\"")
                    } else {
                        inQuotes = false
                        quotedCellJustClosed = true
                        pending = next
                    }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case ",":
                record.append(cell)
                cell = ""
                quotedCellJustClosed = false
            case "\n", "\r\n", "\r":
                endRecord()
                quotedCellJustClosed = false
            case "\"" where cell.isEmpty && !quotedCellJustClosed:
                inQuotes = true
            default:
                cell.append(character)
            }
        }
        if inQuotes { throw PlotError(file: file, message: "a quoted cell is not closed") }
        if !cell.isEmpty || !record.isEmpty { endRecord() }
        guard let header = records.first else { throw PlotError(file: file, message: "is empty") }
        let rows = Array(records.dropFirst())
        for (offset, row) in rows.enumerated() where row.count != header.count {
            throw PlotError(
                file: file,
                message: "line \(offset + 2) has \(row.count) cells, the header has \(header.count)")
        }
        return CSVTable(header: header, rows: rows)
    }
}
