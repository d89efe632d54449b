/// How a sweep is drawn: which swept column goes on the x axis, and how the other columns split the points into
/// lines (colour for one setting, dash pattern for another).
///
/// A line holds every other varying setting fixed. A zip partner of the x column that only renames it (a weight
/// and its complement) moves along the line; one that does not (the guard placement zipped with the arrival rate)
/// splits the points into separate lines, so no line joins points whose partner values differ.
public struct SweepLayout: Sendable {
    /// A line: the points (rows of summary.csv) that share every swept value except the x column's.
    public struct Group: Sendable {
        /// `kind = block, workers = 2`; empty when there is only one line.
        public var label: String
        public var rows: [Int]
        public var style: SeriesStyle
    }

    /// The x column's index in `sweepColumns` (the first of `xColumns`), or nil when nothing was swept (x is then
    /// the point number).
    public let xColumn: Int?
    /// The sweep columns the x axis shows: one column, or every column of a zip group whose combinations are the
    /// categories.
    public let xColumns: [Int]
    /// The x axis's title.
    public let xTitle: String
    /// The x value of each row; for a non-numeric column, the index of its value in `categories`.
    public let xValues: [Double]
    /// The x value of each row as written on the axis or in a legend.
    public let xLabels: [String]
    /// Names of the x values when the column is not numeric.
    public let categories: [String]?
    /// The sweep columns that split the points into lines, colour first.
    public let groupColumns: [Int]
    public let groups: [Group]
    /// `kind · workers`: what the legend lists.
    public let legendTitle: String
    /// Keys to the abbreviations in labels (`duration: A = lognormal(median=2ms, p99=4ms), …`), for a figure's notes.
    public let notes: [String]

    /// A value text longer than this is written as a letter, with a key in `notes`.
    static let longestValue = 16

    /// Chooses the layout. `preferredX` names a sweep column to put on the x axis; otherwise the numeric column with
    /// the most distinct values is used (the later one on ties: the last sweep key varies fastest), or, when no
    /// column is numeric, the setting (a key or a zip group) with the most distinct values.
    public init(summary: ResultSummary, preferredX: String? = nil) throws(PlotError) {
        let columns = summary.sweepColumns
        let rows = summary.points.map(\.swept)
        func distinct(_ column: Int) -> [String] {
            var seen: [String] = []
            for row in rows where !seen.contains(row[column]) { seen.append(row[column]) }
            return seen
        }
        func isNumeric(_ column: Int) -> Bool { rows.allSatisfy { Double($0[column]) != nil } }
        let factors = SweepFactor.factors(rows, columnCount: columns.count)
        let varying = factors.flatMap(\.columns).sorted()
        let names = SweepLayout.displayNames(columns, varying: varying)

        var chosen: [Int] = []
        if let preferredX {
            guard let index = columns.firstIndex(of: preferredX)
                ?? columns.firstIndex(where: { SweepLayout.shortName($0) == preferredX })
                ?? names.firstIndex(of: preferredX)
            else {
                throw PlotError(
                    file: "--x", message: "\"\(preferredX)\" is not a swept column; swept: \(columns.joined(separator: ", "))")
            }
            chosen = [index]
        } else if let column = varying.filter(isNumeric).max(by: {
            (distinct($0).count, $0) < (distinct($1).count, $1)
        }) {
            chosen = [column]
        } else if let factor = factors.max(by: {
            (SweepFactor.distinctCount(rows, $0.columns), $0.columns[0])
                < (SweepFactor.distinctCount(rows, $1.columns), $1.columns[0])
        }) {
            chosen = factor.columns
        }
        xColumns = chosen
        xColumn = chosen.first

        var notes: [String] = []
        /// The text of `factorColumns`' values in each row, with letters for long texts (and their key in `notes`).
        func valueTexts(_ factorColumns: [Int]) -> [String] {
            let texts = rows.map { SweepLayout.valueText($0, factorColumns, rows: rows) }
            guard texts.contains(where: { $0.count > SweepLayout.longestValue }) else { return texts }
            var seen: [String] = []
            for text in texts where !seen.contains(text) { seen.append(text) }
            let letters = seen.indices.map(SweepLayout.letter)
            notes.append(
                SweepLayout.factorName(factorColumns, names: names, rows: rows) + ": "
                    + zip(letters, seen).map { "\($0) = \($1)" }.joined(separator: "; "))
            return texts.map { letters[seen.firstIndex(of: $0) ?? 0] }
        }

        if chosen.isEmpty {
            xTitle = "sweep point"
            xValues = summary.points.map { Double($0.index) }
            xLabels = summary.points.map { String($0.index) }
            categories = nil
        } else if chosen.count == 1, isNumeric(chosen[0]) {
            xTitle = SweepLayout.axisTitle(columns[chosen[0]])
            xValues = rows.map { Double($0[chosen[0]]) ?? 0 }
            xLabels = rows.map { $0[chosen[0]] }
            categories = nil
        } else {
            xTitle = chosen.count == 1
                ? SweepLayout.axisTitle(columns[chosen[0]]) : SweepLayout.factorName(chosen, names: names, rows: rows)
            let texts = valueTexts(chosen)
            var seen: [String] = []
            for text in texts where !seen.contains(text) { seen.append(text) }
            xValues = texts.map { Double(seen.firstIndex(of: $0) ?? 0) }
            xLabels = texts
            categories = seen
        }

        // Every other varying column splits the points into lines, except a zip partner that only renames x.
        let splitting = varying.filter { column in
            !chosen.contains(column) && !(chosen.count == 1 && SweepFactor.isBijective(rows, column, chosen[0]))
        }
        let lineFactors = factors.map { $0.columns.filter(splitting.contains) }.filter { !$0.isEmpty }
            .enumerated().sorted {
                (SweepFactor.distinctCount(rows, $0.element), -$0.offset)
                    > (SweepFactor.distinctCount(rows, $1.element), -$1.offset)
            }.map(\.element)
        groupColumns = lineFactors.flatMap { $0 }
        legendTitle = lineFactors.map { SweepLayout.factorName($0, names: names, rows: rows) }.joined(separator: " · ")
        let factorTexts = lineFactors.map(valueTexts)
        self.notes = notes

        var groups: [Group] = []
        var keys: [[String]] = []
        for row in rows.indices {
            let key = factorTexts.map { $0[row] }
            if let existing = keys.firstIndex(of: key) {
                groups[existing].rows.append(row)
                continue
            }
            keys.append(key)
            func index(_ factor: Int) -> Int {
                var seen: [String] = []
                for text in factorTexts[factor] where !seen.contains(text) { seen.append(text) }
                return seen.firstIndex(of: key[factor]) ?? 0
            }
            let colorIndex = lineFactors.isEmpty ? 0 : index(0)
            let dashIndex = lineFactors.count > 1 ? index(1) : 0
            let style = lineFactors.count > 2
                ? SeriesStyle(color: Palette.color(keys.count - 1), dash: Palette.dash(dashIndex))
                : SeriesStyle(color: Palette.color(colorIndex), dash: Palette.dash(dashIndex))
            let label = zip(lineFactors, key)
                .map { "\(SweepLayout.factorName($0.0, names: names, rows: rows)) = \($0.1)" }.joined(separator: ", ")
            groups.append(Group(label: label, rows: [row], style: style))
        }
        self.groups = groups
    }

    /// The last part of a sweep key, without indices: `task.sync_call.steps[1].kind` → `kind`,
    /// `runtime.workers` → `workers`; a key ending in `weight` or `rate` keeps the part before it
    /// (`sync_call weight`, `arrivals rate`).
    public static func shortName(_ key: String) -> String {
        let parts = key.split(separator: ".").map(String.init)
        guard let last = parts.last else { return key }
        if (last == "weight" || last == "rate"), parts.count >= 2 { return "\(parts[parts.count - 2]) \(last)" }
        return last
    }

    /// A name for each column that no other varying column shares: its ``shortName(_:)``, or when that is taken,
    /// the task's name and the last part (`dropped duration`), or else the whole key.
    static func displayNames(_ columns: [String], varying: [Int]) -> [String] {
        let short = columns.map(shortName)
        let qualified = columns.map(qualifiedName)
        return columns.indices.map { index in
            let rivals = varying.filter { $0 != index && short[$0] == short[index] }
            guard varying.contains(index), !rivals.isEmpty else { return short[index] }
            return rivals.contains { qualified[$0] == qualified[index] } ? columns[index] : qualified[index]
        }
    }

    /// A task's setting as the task's name and the key's last part (`task.dropped.steps[1].hold[0].duration` →
    /// `dropped duration`); any other key as it is.
    static func qualifiedName(_ key: String) -> String {
        let parts = key.split(separator: ".").map { String($0.prefix { $0 != "[" }) }
        guard parts.count >= 3, parts[0] == "task", let last = parts.last else { return key }
        return "\(parts[1]) \(last)"
    }

    /// The name of a setting made of `columns`: one column's name, or for a zip group the names joined by `/`, sharing
    /// their last word (`dropped/held duration`).
    static func factorName(_ columns: [Int], names: [String], rows: [[String]]) -> String {
        let parts = columns.map { names[$0] }
        guard parts.count > 1 else { return parts.first ?? "" }
        let words = parts.map { $0.split(separator: " ").map(String.init) }
        if let last = words.first?.last, words.allSatisfy({ $0.count > 1 && $0.last == last }) {
            return words.map { $0.dropLast().joined(separator: " ") }.joined(separator: "/") + " " + last
        }
        return parts.joined(separator: "/")
    }

    /// The values of `columns` in `row`: the one value when the columns are equal at every point, else the values
    /// joined by `/` in the order of ``factorName(_:names:rows:)``.
    static func valueText(_ row: [String], _ columns: [Int], rows: [[String]]) -> String {
        if let first = columns.first, rows.allSatisfy({ r in columns.allSatisfy { r[$0] == r[first] } }) {
            return row[first]
        }
        return columns.map { row[$0] }.joined(separator: "/")
    }

    /// `A`, `B`, … `Z`, `AA`, …: the abbreviation of the `index`-th long value.
    static func letter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard index >= letters.count else { return String(letters[index]) }
        return letter(index / letters.count - 1) + String(letters[index % letters.count])
    }

    /// The x axis title for a sweep key, with its unit where the key says what it is.
    static func axisTitle(_ key: String) -> String {
        let last = key.split(separator: ".").last.map(String.init) ?? key
        let short = shortName(key)
        switch last {
        case "weight": return "\(short) (share of arrivals)"
        case "rate": return "\(short) (tasks/s)"
        case "workers", "max_blocking_threads": return "\(short) (threads)"
        case "coop_budget": return "\(short) (polls)"
        case "event_interval", "global_queue_interval": return "\(short) (scheduler ticks)"
        default: return key.count > 40 ? short : key
        }
    }
}
