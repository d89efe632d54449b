import ExecutorModel
import MetricCatalogue

/// The table printed at the end of a run: one row per sweep point, then the first deadlock report if any replication
/// deadlocked.
public enum ResultTable {
    public static func render(_ results: ExperimentResults) -> String {
        let plan = results.plan
        var columns: [TableColumn] = [
            TableColumn("throughput", "throughput_per_s"), TableColumn("p50", "latency_p50_us"),
            TableColumn("p99", "latency_p99_us"), TableColumn("p99.9", "latency_p999_us"),
        ]
        // With several task classes, each class's p99 too: the cost of blocking shows in the *other* classes.
        if plan.classNames.count > 1 {
            columns += plan.classNames.map { TableColumn("\($0) p99", "latency_\($0)_p99_us") }
        }
        columns.append(TableColumn("stall", "stall_ratio"))
        // Locks: how long acquisitions waited and guards were held (a FIFO hand-off counts from the grant, so it
        // includes the wait of a woken waiter for its turn to run); for mutexes the worker time blocked in std
        // lock(); where timeouts can cancel a hold, successful acquisitions and leaks.
        let scenarios = plan.points.map(\.scenario)
        let hasTimeouts = scenarios.contains { scenario in
            scenario.workload.classes.contains { taskClass in
                taskClass.steps.contains { if case .timeout = $0 { return true } else { return false } }
            }
        }
        let primitives = scenarios.first?.workload.primitives ?? []
        for (name, primitive) in zip(plan.primitiveNames, primitives) {
            if hasTimeouts { columns.append(TableColumn("\(name) acquired", "lock_\(name)_acquisitions_count")) }
            columns.append(TableColumn("\(name) wait p99", "lock_\(name)_wait_p99_us"))
            columns.append(TableColumn("\(name) hold p99", "lock_\(name)_hold_p99_us"))
            if primitive.kindName != "semaphore" {
                columns.append(TableColumn("\(name) blocked", "lock_\(name)_worker_blocked_ms"))
            }
            if hasTimeouts { columns.append(TableColumn("\(name) leaked", "lock_\(name)_leaked_count")) }
        }
        if hasTimeouts { columns.append(TableColumn("timed out", "tasks_timed_out_count")) }
        let deadlocked = plan.points.map { results.deadlockedReplications(point: $0.index) }
        let anyDeadlock = deadlocked.contains { !$0.isEmpty }

        var header = ["point"] + plan.sweepColumns + columns.map(\.header)
        if anyDeadlock { header.append("deadlock") }
        var rows: [[String]] = []
        for point in plan.points {
            var row = [String(point.index)] + point.sweptValues
            row += columns.map { cell(results, point.index, $0.metric, scale: $0.scale) }
            if anyDeadlock {
                let count = deadlocked[point.index].count
                row.append(
                    count == 0 ? "" : count == plan.replications ? "DEADLOCK" : "DEADLOCK \(count)/\(plan.replications)")
            }
            rows.append(row)
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                // Text columns (swept values) left-aligned, numbers right-aligned.
                return column == 0 || column > plan.sweepColumns.count ? padding + text : text + padding
            }.joined(separator: "  ")
        }
        var text = line(header) + "\n"
        text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { text += line(row) + "\n" }
        text += "mean ± 95% CI half-width over \(plan.replications) replications\n"
        if let first = deadlocked.firstIndex(where: { !$0.isEmpty }), let (replication, report) = deadlocked[first].first {
            let total = deadlocked.reduce(0) { $0 + $1.count }
            let points = deadlocked.indices.filter { !deadlocked[$0].isEmpty }.map(String.init)
            text += "DEADLOCK: \(total) of \(plan.points.count * plan.replications) replications stopped in a deadlock "
                + "(point\(points.count == 1 ? "" : "s") \(points.joined(separator: ", "))); their metrics cover the "
                + "time until then. The first, point \(first) replication \(replication):\n  \(report)\n"
        }
        return text
    }

    /// A column of the table: a label and the metric it shows, in the display unit its catalogue unit calls for.
    private struct TableColumn {
        let header: String
        let metric: String
        /// The factor from the metric's unit to the displayed one.
        let scale: Double

        init(_ label: String, _ metric: String) {
            let unit = MetricCatalogue.metric(forColumn: metric)?.unit ?? .count
            self.metric = metric
            switch unit {
            case .microseconds: (header, scale) = (label + " ms", 1e-3)
            case .milliseconds: (header, scale) = (label + " ms", 1)
            case .ratio: (header, scale) = (label + " %", 100)
            case .perSecond: (header, scale) = (label + "/s", 1)
            case .count: (header, scale) = (label, 1)
            }
        }
    }

    private static func cell(_ results: ExperimentResults, _ point: Int, _ metric: String, scale: Double) -> String {
        guard let index = results.metricIndex(metric) else { return "-" }
        let interval = results.summary(point: point, metric: index)
        let mean = NumberFormatting.readable(interval.mean * scale)
        guard interval.halfWidth.isFinite else { return mean }
        return mean + " ± " + NumberFormatting.readable(interval.halfWidth * scale, digits: 2)
    }
}
