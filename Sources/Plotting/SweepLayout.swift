/// How a sweep is drawn: which swept column goes on the x axis, and how the other columns split the points into
/// lines (colour for one column, dash pattern for another).
public struct SweepLayout: Sendable {
    /// A line: the points (rows of summary.csv) that share every swept value except the x column's.
    public struct Group: Sendable {
        /// `kind = block, workers = 2`; empty when there is only one line.
        public var label: String
        public var rows: [Int]
        public var style: SeriesStyle
    }

    /// The x column's index in `sweepColumns`, or nil when nothing was swept (x is then the point number).
    public let xColumn: Int?
    /// The x axis's title.
    public let xTitle: String
    /// The x value of each row; for a non-numeric column, the index of its value in `categories`.
    public let xValues: [Double]
    /// Names of the x values when the column is not numeric.
    public let categories: [String]?
    /// The sweep columns that split the points into lines, colour first.
    public let groupColumns: [Int]
    public let groups: [Group]
    /// `kind · workers`: what the legend lists.
    public let legendTitle: String

    /// Chooses the layout. `preferredX` names a sweep column to put on the x axis; otherwise the numeric column with
    /// the most distinct values is used (the later one on ties: the last sweep key varies fastest).
    public init(summary: ResultSummary, preferredX: String? = nil) throws(PlotError) {
        let columns = summary.sweepColumns
        let rows = summary.points.map(\.swept)
        func distinct(_ column: Int) -> [String] {
            var seen: [String] = []
            for row in rows where !seen.contains(row[column]) { seen.append(row[column]) }
            return seen
        }
        func isNumeric(_ column: Int) -> Bool { rows.allSatisfy { Double($0[column]) != nil } }

        var chosen: Int? = nil
        if let preferredX {
            guard let index = columns.firstIndex(of: preferredX)
                ?? columns.firstIndex(where: { SweepLayout.shortName($0) == preferredX })
            else {
                throw PlotError(
                    file: "--x", message: "\"\(preferredX)\" is not a swept column; swept: \(columns.joined(separator: ", "))")
            }
            chosen = index
        } else {
            let candidates = columns.indices.filter { distinct($0).count > 1 }
            let numeric = candidates.filter(isNumeric)
            let pool = numeric.isEmpty ? candidates : numeric
            chosen = pool.max { distinct($0).count < distinct($1).count || (distinct($0).count == distinct($1).count && $0 < $1) }
        }
        xColumn = chosen

        if let x = chosen {
            xTitle = SweepLayout.axisTitle(columns[x])
            if isNumeric(x) {
                xValues = rows.map { Double($0[x]) ?? 0 }
                categories = nil
            } else {
                let names = distinct(x)
                xValues = rows.map { Double(names.firstIndex(of: $0[x]) ?? 0) }
                categories = names
            }
        } else {
            xTitle = "sweep point"
            xValues = summary.points.map { Double($0.index) }
            categories = nil
        }

        // Columns that vary and are not fixed by the x value (a zipped partner of x moves with it).
        let splitting = columns.indices.filter { column in
            guard column != chosen, distinct(column).count > 1 else { return false }
            guard let x = chosen else { return true }
            var mapping: [String: String] = [:]
            for row in rows {
                if let seen = mapping[row[x]], seen != row[column] { return true }
                mapping[row[x]] = row[column]
            }
            return false
        }
        let ordered = splitting.sorted { distinct($0).count > distinct($1).count }
        groupColumns = ordered
        legendTitle = ordered.map { SweepLayout.shortName(columns[$0]) }.joined(separator: " · ")

        var groups: [Group] = []
        var keys: [[String]] = []
        for (row, values) in rows.enumerated() {
            let key = ordered.map { values[$0] }
            if let existing = keys.firstIndex(of: key) {
                groups[existing].rows.append(row)
                continue
            }
            keys.append(key)
            let colorIndex = ordered.first.map { distinct($0).firstIndex(of: values[$0]) ?? 0 } ?? 0
            let dashIndex = ordered.count > 1 ? (distinct(ordered[1]).firstIndex(of: values[ordered[1]]) ?? 0) : 0
            let style = ordered.count > 2
                ? SeriesStyle(color: Palette.color(keys.count - 1), dash: Palette.dash(dashIndex))
                : SeriesStyle(color: Palette.color(colorIndex), dash: Palette.dash(dashIndex))
            let label = zip(ordered, key).map { "\(SweepLayout.shortName(columns[$0.0])) = \($0.1)" }
                .joined(separator: ", ")
            groups.append(Group(label: label, rows: [row], style: style))
        }
        self.groups = groups
    }

    /// The last part of a sweep key, without indices: `task.sync_call.steps[1].kind` → `kind`,
    /// `runtime.workers` → `workers`; a key ending in `weight` keeps its task name (`sync_call weight`).
    public static func shortName(_ key: String) -> String {
        let parts = key.split(separator: ".").map(String.init)
        guard let last = parts.last else { return key }
        if (last == "weight" || last == "rate"), parts.count >= 2 { return "\(parts[parts.count - 2]) \(last)" }
        return last
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
