import MetricCatalogue
import Plotting

/// A metric column of the report's summary table: a short label, the summary.csv metric, and the unit it is shown in.
struct SummaryColumn: Sendable {
    var label: String
    /// The metric's name in summary.csv, e.g. `latency_p99_us`.
    var metric: String

    /// The column of `metric`, labelled as in the run table (``MetricCatalogue/tableLabel(forColumn:)``).
    init(metric: String) {
        self.metric = metric
        label = MetricCatalogue.tableLabel(forColumn: metric) ?? metric
    }

    /// The key columns for a results folder, chosen from its metrics and values the way the table `simexec run`
    /// prints is: throughput and p50/p99/p99.9 latency; each class's p99 when there are several classes; stall
    /// time; per mutex or semaphore its wait and hold p99, the worker time blocked in std `lock()` when there was
    /// any, and acquisitions and leaks when timeouts fired; the blocking pool's queue wait when closures queued.
    static func keyColumns(_ input: ReportInput) -> [SummaryColumn] {
        let summary = input.folder.summary
        let metrics = input.run.metrics.isEmpty ? MetricCatalogue.all.map(\.name) : input.run.metrics
        func anyPositive(_ metric: String) -> Bool {
            summary.points.indices.contains { (summary.interval(metric, row: $0)?.mean ?? 0) > 0 }
        }
        var columns = [
            SummaryColumn(metric: "throughput_per_s"),
            SummaryColumn(metric: "latency_p50_us"),
            SummaryColumn(metric: "latency_p99_us"),
            SummaryColumn(metric: "latency_p999_us"),
        ]
        let classes = instances(of: "latency_<class>_p99_us", in: metrics)
        if classes.count > 1 {
            columns += classes.map { SummaryColumn(metric: "latency_\($0)_p99_us") }
        }
        columns.append(SummaryColumn(metric: "stall_ratio"))
        let timeouts = anyPositive("tasks_timed_out_count")
        for name in instances(of: "lock_<name>_wait_p99_us", in: metrics) {
            if timeouts {
                columns.append(SummaryColumn(metric: "lock_\(name)_acquisitions_count"))
            }
            columns.append(SummaryColumn(metric: "lock_\(name)_wait_p99_us"))
            columns.append(SummaryColumn(metric: "lock_\(name)_hold_p99_us"))
            if anyPositive("lock_\(name)_worker_blocked_ms") {
                columns.append(SummaryColumn(metric: "lock_\(name)_worker_blocked_ms"))
            }
            if timeouts { columns.append(SummaryColumn(metric: "lock_\(name)_leaked_count")) }
        }
        if timeouts { columns.append(SummaryColumn(metric: "tasks_timed_out_count")) }
        if anyPositive("blocking_queue_wait_p99_us") {
            columns.append(SummaryColumn(metric: "blocking_queue_wait_p99_us"))
        }
        return columns.filter { summary.has($0.metric) }
    }

    /// The class or primitive names of the columns of `template`'s family among `metrics`, in column order
    /// (`latency_handler_p99_us` → `handler` for `latency_<class>_p99_us`).
    static func instances(of template: String, in metrics: [String]) -> [String] {
        let placeholder = template.contains("<class>") ? "<class>" : "<name>"
        let parts = template.split(separator: placeholder, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return [] }
        return metrics.compactMap { metric in
            guard MetricCatalogue.metric(forColumn: metric)?.name == template,
                metric.count > parts[0].count + parts[1].count
            else { return nil }
            return String(metric.dropFirst(parts[0].count).dropLast(parts[1].count))
        }
    }
}
