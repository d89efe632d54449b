import MetricCatalogue

/// The summary table: one row per sweep point with its swept values and the key metrics as mean ± 95% CI
/// half-width, units in the headers, deadlocked points marked; every other metric below it, folded.
enum SummarySection {
    static func section(_ input: ReportInput) -> ReportSection {
        let summary = input.folder.summary
        let columns = SummaryColumn.keyColumns(input)
        let units = columns.map { DisplayUnit.of($0.metric, in: summary) }
        let deadlockCounts = summary.points.indices.map { deadlockCount(input, row: $0) }
        let anyDeadlock = deadlockCounts.contains { $0 > 0 }

        var tableColumns = [ReportTable.Column("point", isNumeric: true)]
        tableColumns += summary.sweepColumns.map { ReportTable.Column($0, isNumeric: false, help: "swept") }
        tableColumns += zip(columns, units).map { column, unit in
            ReportTable.Column(
                unit.header(column.label), isNumeric: true,
                help: MetricCatalogue.metric(forColumn: column.metric).map { "\(column.metric): \($0.meaning)" })
        }
        if anyDeadlock { tableColumns.append(ReportTable.Column("deadlock", isNumeric: false)) }
        let replications = input.run.replications
        let rows = summary.points.indices.map { row in
            var cells = [ReportTable.Cell(String(summary.points[row].index))]
            cells += summary.points[row].swept.map { ReportTable.Cell($0) }
            cells += zip(columns, units).map { column, unit in
                ReportTable.Cell(unit.cell(column.metric, row: row, in: summary))
            }
            let count = deadlockCounts[row]
            if anyDeadlock {
                let total = replications.map(String.init) ?? "?"
                let mark = count == 0 ? "" : count == replications ? "DEADLOCK" : "DEADLOCK \(count)/\(total)"
                cells.append(ReportTable.Cell(mark, isAlarm: count > 0))
            }
            return ReportTable.Row(cells: cells, isDeadlock: count > 0)
        }
        var content: [HTMLNode] = [ReportTable(columns: tableColumns, rows: rows, name: "summary").node]
        var caption = "Mean ± 95% confidence-interval half-width"
        if let replications { caption += " over \(replications) replications" }
        caption += "; – where nothing was measured. Hover over a header for the metric's name and meaning."
        if anyDeadlock {
            caption += " DEADLOCK marks points where every replication stopped in a deadlock (DEADLOCK k/n: k of n "
                + "did); their metrics cover the time until then."
        }
        content.append(.element("p", [("class", "caption")], text: caption))
        content.append(allMetrics(input))
        return ReportSection(id: "summary", heading: "Summary", content: content)
    }

    /// How many replications of the `row`-th point deadlocked: run.json's reports, or else the deadlock flag's mean
    /// times the replications.
    static func deadlockCount(_ input: ReportInput, row: Int) -> Int {
        let reports = input.deadlocks(row: row).count
        if reports > 0 { return reports }
        guard let share = input.folder.summary.interval(MetricCatalogue.deadlocked.name, row: row)?.mean, share > 0
        else { return 0 }
        return max(1, Int((share * Double(input.run.replications ?? 1)).rounded()))
    }

    /// Every metric of summary.csv, one row each and one column per point, folded under a `<details>`.
    private static func allMetrics(_ input: ReportInput) -> HTMLNode {
        let summary = input.folder.summary
        let metrics = (input.run.metrics.isEmpty ? MetricCatalogue.all.map(\.name) : input.run.metrics)
            .filter(summary.has)
        var columns = [ReportTable.Column("metric", isNumeric: false), ReportTable.Column("unit", isNumeric: false)]
        columns += summary.points.map { ReportTable.Column("point \($0.index)", isNumeric: true) }
        let rows = metrics.map { metric in
            let unit = DisplayUnit.of(metric, in: summary)
            return ReportTable.Row(
                cells: [ReportTable.Cell(metric), ReportTable.Cell(unit.symbol)]
                    + summary.points.indices.map { ReportTable.Cell(unit.cell(metric, row: $0, in: summary)) })
        }
        return .element("details", children: [
            .element("summary", text: "All \(metrics.count) metrics, one column per point"),
            ReportTable(columns: columns, rows: rows, name: "metrics").node,
        ])
    }
}
