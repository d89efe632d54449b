extension MetricCatalogue {
    /// Short labels for the metrics the run table and the report show by default, by catalogue name (`<class>` and
    /// `<name>` stand for a task class or a lock): `p99` for `latency_p99_us`, `db wait p99` for
    /// `lock_db_wait_p99_us`. The unit is added by whoever shows the value.
    static let tableLabels: [String: String] = [
        "throughput_per_s": "throughput", "latency_p50_us": "p50", "latency_p99_us": "p99",
        "latency_p999_us": "p99.9", "stall_ratio": "stall", "latency_<class>_p99_us": "<class> p99",
        "lock_<name>_acquisitions_count": "<name> acquired", "lock_<name>_wait_p99_us": "<name> wait p99",
        "lock_<name>_hold_p99_us": "<name> hold p99", "lock_<name>_worker_blocked_ms": "<name> blocked",
        "lock_<name>_leaked_count": "<name> leaked", "tasks_timed_out_count": "timed out",
        "stranded_wait_ms": "stranded", "timer_stall_ms": "timer stall",
        "blocking_queue_wait_p99_us": "pool queue wait p99",
    ]

    /// The short label of a summary.csv column (`latency_handler_p99_us` → `handler p99`), or nil for a metric
    /// without one.
    public static func tableLabel(forColumn column: String) -> String? {
        guard let metric = metric(forColumn: column), let label = tableLabels[metric.name] else { return nil }
        for placeholder in ["<class>", "<name>"] where metric.name.contains(placeholder) {
            let parts = metric.name.components(separatedBy: placeholder)
            let instance = column.dropFirst(parts[0].count).dropLast(parts[1].count)
            return label.replacingOccurrences(of: placeholder, with: instance)
        }
        return label
    }
}
