/// Columns of text for a terminal table: a header and rows of cells, each column padded to its widest cell.
///
/// Widths count Characters, so `±` and `µ` take one place as they do on a terminal. A header may span lines
/// (separated by `\n`); the header lines of all columns end on the same line.
struct TextColumns {
    /// Spaces between two columns.
    static let gap = 2

    let header: [String]
    let rows: [[String]]
    /// Columns whose cells are aligned to the right (numbers); the others to the left (names, swept values).
    let rightAligned: Set<Int>
    /// Each column's width: its widest cell or header line.
    let widths: [Int]

    init(header: [String], rows: [[String]], rightAligned: Set<Int>) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
        widths = header.indices.map { column in
            (Self.lines(of: header[column]) + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
    }

    /// The same columns with each one-line header wider than the column's cells split in two where that narrows the
    /// column most: after a `.`, `…` or `_` (`handler.` over `weight`) or at a space (`sync_call` over `p99 ms`).
    func wrappingHeaders() -> TextColumns {
        let wrapped = header.indices.map { column -> String in
            let text = header[column]
            let widest = rows.map { $0[column].count }.max() ?? 0
            guard !text.contains("\n"), text.count > widest else { return text }
            // Separators in order of preference, for splits that give the same width: a space, then `.`, `…`, `_`
            // (`sync_call` over `p99 ms`, not `sync_` over `call p99 ms`).
            let separators: [Character] = [" ", ".", "…", "_"]
            var best = (width: text.count, rank: separators.count, header: text)
            for index in text.indices {
                guard let rank = separators.firstIndex(of: text[index]) else { continue }
                let isSpace = text[index] == " "
                let first = text[..<(isSpace ? index : text.index(after: index))]
                let second = text[text.index(after: index)...]
                guard !first.isEmpty, !second.isEmpty else { continue }
                let width = max(first.count, second.count, widest)
                if (width, rank) < (best.width, best.rank) { best = (width, rank, first + "\n" + second) }
            }
            return best.header
        }
        return TextColumns(header: wrapped, rows: rows, rightAligned: rightAligned)
    }

    private static func lines(of header: String) -> [String] {
        header.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The width of all columns side by side.
    var width: Int { widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) }

    /// Consecutive runs of columns, each as wide as `width` allows (a column wider than that gets a run alone).
    func blocks(fitting width: Int) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        var start = 0
        var used = 0
        for (column, columnWidth) in widths.enumerated() {
            let needed = columnWidth + (column == start ? 0 : Self.gap)
            if column > start && used + needed > width {
                blocks.append(start..<column)
                start = column
                used = columnWidth
            } else {
                used += needed
            }
        }
        if start < widths.count || blocks.isEmpty { blocks.append(start..<widths.count) }
        return blocks
    }

    /// The given columns alone.
    func columns(_ range: Range<Int>) -> TextColumns {
        TextColumns(
            header: Array(header[range]), rows: rows.map { Array($0[range]) },
            rightAligned: Set(rightAligned.filter(range.contains).map { $0 - range.lowerBound }))
    }

    /// These columns then `other`'s, row by row, as text: header, a rule of dashes, one line per row.
    func joined(with other: TextColumns) -> String {
        let all = TextColumns(
            header: header + other.header, rows: zip(rows, other.rows).map { $0 + $1 },
            rightAligned: rightAligned.union(other.rightAligned.map { $0 + header.count }))
        return all.rendered()
    }

    /// The header, a rule of dashes and one line per row.
    func rendered() -> String {
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return rightAligned.contains(column) ? padding + text : text + padding
            }
            // No trailing blanks from a left-aligned last column.
            return String(padded.joined(separator: String(repeating: " ", count: Self.gap)).reversed()
                .drop(while: { $0 == " " }).reversed())
        }
        let headerLines = header.map(Self.lines(of:))
        let height = headerLines.map(\.count).max() ?? 1
        var text = ""
        for number in 0..<height {
            text += line(headerLines.map { $0.count > height - 1 - number ? $0[$0.count - height + number] : "" }) + "\n"
        }
        text += widths.map { String(repeating: "-", count: $0) }.joined(separator: String(repeating: " ", count: Self.gap))
            + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }
}
