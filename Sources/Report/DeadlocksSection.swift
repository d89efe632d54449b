import Foundation

/// The deadlock reports from run.json: per deadlocked point, how many replications stopped and when, the first
/// report, and the others folded.
enum DeadlocksSection {
    /// Nil when no replication deadlocked.
    static func section(_ input: ReportInput) -> ReportSection? {
        let summary = input.folder.summary
        let rows = summary.points.indices.filter { !input.deadlocks(row: $0).isEmpty }
        guard !rows.isEmpty else { return nil }
        let total = rows.reduce(0) { $0 + input.deadlocks(row: $1).count }
        var content: [HTMLNode] = [
            .element(
                "p",
                text: "\(total) replication\(total == 1 ? "" : "s") at \(rows.count) "
                    + "point\(rows.count == 1 ? "" : "s") "
                    + "stopped in a deadlock. A deadlock is a result, not a failure: the other metrics of a deadlocked "
                    + "replication cover the time until it stopped."),
        ]
        for row in rows {
            let point = summary.points[row]
            let deadlocks = input.deadlocks(row: row)
            let settings = zip(summary.sweepColumns, point.swept).map { "\($0) = \($1)" }.joined(separator: ", ")
            var heading = "Point \(point.index)"
            if !settings.isEmpty { heading += " (\(settings))" }
            content.append(.element("h3", text: heading))
            let times = deadlocks.map { Double($0.timeNanoseconds) / 1e6 }
            var line = "\(deadlocks.count)"
            if let replications = input.run.replications { line += " of \(replications)" }
            line += " replications deadlocked, at \(milliseconds(times.min() ?? 0))"
            if let latest = times.max(), latest != times.min() { line += " to \(milliseconds(latest))" }
            line += " of simulated time. Replication \(deadlocks[0].replication):"
            content.append(.element("p", text: line))
            content.append(.element("pre", text: deadlocks[0].report))
            if deadlocks.count > 1 {
                content.append(.element("details", children: [
                    .element("summary", text: "The other \(deadlocks.count - 1) reports")
                ] + deadlocks.dropFirst().flatMap { deadlock -> [HTMLNode] in
                    [
                        .element("p", text: "Replication \(deadlock.replication):"),
                        .element("pre", text: deadlock.report),
                    ]
                }))
            }
        }
        return ReportSection(id: "deadlocks", heading: "Deadlocks", content: content)
    }

    private static func milliseconds(_ value: Double) -> String {
        ReportNumberFormat.value(value) + " ms"
    }
}
