/// One metric column of an experiment's result files: a catalogue entry, for one task class or primitive if it
/// belongs to a family.
public struct MetricColumn: Sendable, Hashable {
    /// The column name, e.g. `latency_handler_p99_us`.
    public let name: String
    public let metric: Metric
    /// The task class's or primitive's index in the workload's order; nil for a runtime metric.
    public let instance: Int?
}

extension MetricCatalogue {
    /// The metric columns of an experiment with these task classes and mutexes or semaphores, in column order.
    public static func columns(classNames: [String], primitiveNames: [String]) -> [MetricColumn] {
        var columns: [MetricColumn] = []
        var index = 0
        while index < all.count {
            let family = all[index].family
            var end = index + 1
            while end < all.count, family != .runtime, all[end].family == family { end += 1 }
            let group = all[index..<end]
            switch family {
            case .runtime:
                columns.append(MetricColumn(name: all[index].name, metric: all[index], instance: nil))
            case .taskClass:
                columns += expand(group, over: classNames)
            case .primitive:
                columns += expand(group, over: primitiveNames)
            }
            index = end
        }
        return columns
    }

    /// The catalogue entry behind a column name (`latency_handler_p99_us` → `latency_<class>_p99_us`), or nil for a
    /// column simexec does not write.
    public static func metric(forColumn column: String) -> Metric? {
        if let exact = all.first(where: { $0.family == .runtime && $0.name == column }) { return exact }
        return all.first { metric in
            let placeholder = metric.family == .taskClass ? "<class>" : "<name>"
            let parts = metric.name.split(separator: placeholder, omittingEmptySubsequences: false)
            guard metric.family != .runtime, parts.count == 2 else { return false }
            return column.count > parts[0].count + parts[1].count
                && column.hasPrefix(parts[0]) && column.hasSuffix(parts[1])
        }
    }

    private static func expand(_ group: ArraySlice<Metric>, over instances: [String]) -> [MetricColumn] {
        instances.enumerated().flatMap { instance, name in
            group.map { MetricColumn(name: $0.name(for: name), metric: $0, instance: instance) }
        }
    }
}
