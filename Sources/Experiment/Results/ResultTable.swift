import ExecutorModel
import MetricCatalogue

/// The table printed at the end of a run: one row per sweep point, then the first deadlock report if any replication
/// deadlocked.
///
/// The point number, the swept values and the deadlock mark are the key columns; the metric columns follow, each a
/// mean ± its 95% CI half-width in a display unit named in its header. When they do not all fit in
/// ``TableLayout/width`` beside the key columns, the rest go to further blocks, each repeating the key columns.
public enum ResultTable {
    public static func render(_ results: ExperimentResults, layout: TableLayout = TableLayout()) -> String {
        let plan = results.plan
        let columns = layout.metrics.map { $0.map(TableColumn.init(metric:)) } ?? defaultColumns(results)
        let deadlocked = plan.points.map { results.deadlockedReplications(point: $0.index) }
        let anyDeadlock = deadlocked.contains { !$0.isEmpty }

        let keyRows = plan.points.map { point -> [String] in
            var row = [String(point.index)] + point.sweptValues
            if anyDeadlock {
                let count = deadlocked[point.index].count
                row.append(
                    count == 0 ? "" : count == plan.replications ? "DEADLOCK" : "DEADLOCK \(count)/\(plan.replications)")
            }
            return row
        }
        func keyColumns(_ sweepLabels: [String]) -> TextColumns {
            TextColumns(
                header: ["point"] + sweepLabels + (anyDeadlock ? ["deadlock"] : []), rows: keyRows, rightAligned: [0])
        }
        var metrics = TextColumns(
            header: columns.map(\.header),
            rows: plan.points.map { point in columns.map { cell(results, point.index, $0) } },
            rightAligned: Set(columns.indices))
        let sweepLabels = SweepColumnLabels.labels(for: plan.sweepColumns)
        var key = keyColumns(sweepLabels)
        // Where the key columns take over half the line, or leave no room for a metric column, long headers go on
        // two lines (`handler.` over `weight`).
        if 2 * key.width > layout.width || key.width + TextColumns.gap + (metrics.widths.max() ?? 0) > layout.width {
            key = key.wrappingHeaders()
            metrics = metrics.wrappingHeaders()
        }

        var text = ""
        for (number, block) in metrics.blocks(fitting: layout.width - key.width - TextColumns.gap).enumerated() {
            if number > 0 { text += "\n" }
            text += key.joined(with: metrics.columns(block))
        }
        text += "mean ± 95% CI half-width over \(plan.replications) replications\n"
        let shortened = zip(sweepLabels, plan.sweepColumns).filter { $0 != $1 }
        if !shortened.isEmpty {
            text += "swept keys shortened above:\n" + shortened.map { "  \($0) = \($1)\n" }.joined()
        }
        if let first = deadlocked.firstIndex(where: { !$0.isEmpty }), let (replication, report) = deadlocked[first].first {
            let total = deadlocked.reduce(0) { $0 + $1.count }
            let points = deadlocked.indices.filter { !deadlocked[$0].isEmpty }.map(String.init)
            text += TextWrapping.wrap(
                "DEADLOCK: \(total) of \(plan.points.count * plan.replications) replications stopped in a deadlock "
                    + "(point\(points.count == 1 ? "" : "s") \(points.joined(separator: ", "))); their metrics cover "
                    + "the time until then. The first, point \(first) replication \(replication):",
                width: layout.width)
            text += TextWrapping.wrap("\(report)", width: layout.width, indent: "  ")
        }
        return text
    }

    /// Throughput, latency percentiles, each class's p99 when there are several classes, stall, per lock its wait
    /// and hold (plus worker time blocked for mutexes, acquisitions and leaks when timeouts can cancel), and the
    /// counterfactual waits (stranded tasks, timer stalls) when any point has them.
    private static func defaultColumns(_ results: ExperimentResults) -> [TableColumn] {
        let plan = results.plan
        var columns = ["throughput_per_s", "latency_p50_us", "latency_p99_us", "latency_p999_us"]
            .map(TableColumn.init(metric:))
        // With several task classes, each class's p99 too: the cost of blocking shows in the *other* classes.
        if plan.classNames.count > 1 {
            columns += plan.classNames.map { TableColumn(metric: "latency_\($0)_p99_us") }
        }
        columns.append(TableColumn(metric: "stall_ratio"))
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
            if hasTimeouts { columns.append(TableColumn(metric: "lock_\(name)_acquisitions_count")) }
            columns.append(TableColumn(metric: "lock_\(name)_wait_p99_us"))
            columns.append(TableColumn(metric: "lock_\(name)_hold_p99_us"))
            if primitive.kindName != "semaphore" {
                columns.append(TableColumn(metric: "lock_\(name)_worker_blocked_ms"))
            }
            if hasTimeouts { columns.append(TableColumn(metric: "lock_\(name)_leaked_count")) }
        }
        if hasTimeouts { columns.append(TableColumn(metric: "tasks_timed_out_count")) }
        // What another scheduler could have saved (tokio#4941, tokio#4730): shown only where it happened.
        for column in ["stranded_wait_ms", "timer_stall_ms"].map(TableColumn.init(metric:)) {
            guard let index = results.metricIndex(column.metric) else { continue }
            if plan.points.contains(where: { results.summary(point: $0.index, metric: index).mean > 0 }) {
                columns.append(column)
            }
        }
        return columns
    }

    /// A column of the table: a label and the metric it shows, in the display unit its catalogue unit calls for.
    private struct TableColumn {
        let header: String
        let metric: String
        /// The factor from the metric's unit to the displayed one.
        let scale: Double

        /// A column for `metric`: its label in the catalogue (``MetricCatalogue/tableLabel(forColumn:)``), else the
        /// metric's name without the unit suffix; the same whether chosen by default or with `--columns`.
        init(metric: String) {
            let unit = MetricCatalogue.metric(forColumn: metric)?.unit ?? .count
            let plain = metric.hasSuffix(unit.nameSuffix) ? String(metric.dropLast(unit.nameSuffix.count)) : metric
            self.init(MetricCatalogue.tableLabel(forColumn: metric) ?? plain, metric)
        }

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

    private static func cell(_ results: ExperimentResults, _ point: Int, _ column: TableColumn) -> String {
        guard let index = results.metricIndex(column.metric) else { return "-" }
        let interval = results.summary(point: point, metric: index)
        return MeanIntervalText.interval(mean: interval.mean * column.scale, halfWidth: interval.halfWidth * column.scale)
    }
}
