import MetricCatalogue
import ResultFiles

/// A figure about one part of the executor that an experiment may be about (task classes, locks, the blocking pool,
/// timeouts, work stealing), drawn only when the results show that part at work. What it plots and when come from
/// the metric catalogue's names and from what varies in summary.csv, never from the experiment's name.
struct MetricTopic {
    /// When a topic's figure is drawn.
    enum Rule {
        /// The first metric's columns exist and their means differ between points (not all zero, not all equal).
        case firstMetricVaries
        /// The first metric is a task-class metric with values for at least two classes.
        case severalClasses
        /// A swept key ends in `.<name>` and takes several values (`local`: tasks pinned to a worker or not).
        case swept(String)
    }

    /// One panel per metric and, for a family, per class or primitive.
    struct PanelSpec {
        /// The summary.csv metric, e.g. `lock_db_wait_p99_us`.
        var column: String
        var metric: Metric
        /// For a ratio: drawn in % (see ``TopicMetric/isShare``).
        var isShare: Bool
        /// The panel's title, with the class's or primitive's name for a family.
        var title: String
        /// The y axis's title without its unit.
        var axis: String
    }

    /// The SVG file's name.
    let file: String
    let title: String
    /// What the topic plots, one panel per metric (and instance).
    let metrics: [TopicMetric]
    let rule: Rule

    /// A metric a topic plots.
    struct TopicMetric {
        /// The catalogue name (a family's template, e.g. `lock_<name>_wait_p99_us`).
        var name: String
        var title: String
        /// The y axis's title without the unit.
        var axis: String
        /// For a ratio: a share of a whole, drawn in %, rather than a quotient such as busiest / mean.
        var isShare = true
    }

    static let all: [MetricTopic] = [
        MetricTopic(
            file: ResultFileName.latencyByClassFigure, title: "p99 latency of each task class",
            metrics: [TopicMetric(name: "latency_<class>_p99_us", title: "p99 latency", axis: "p99 latency")],
            rule: .severalClasses),
        MetricTopic(
            file: ResultFileName.locksFigure, title: "mutex and semaphore: wait, hold and contention",
            metrics: [
                TopicMetric(name: "lock_<name>_wait_p99_us", title: "wait p99", axis: "asking to getting, p99"),
                TopicMetric(name: "lock_<name>_hold_p99_us", title: "hold p99", axis: "getting to giving back, p99"),
                TopicMetric(
                    name: "lock_<name>_contended_ratio", title: "contended acquisitions", axis: "acquisitions that waited"),
            ], rule: .firstMetricVaries),
        MetricTopic(
            file: ResultFileName.blockingPoolFigure, title: "blocking pool: queue wait",
            metrics: [
                TopicMetric(
                    name: "blocking_queue_wait_p99_us", title: "queue wait p99", axis: "wait for a pool thread, p99"),
                TopicMetric(
                    name: "blocking_queue_wait_mean_us", title: "queue wait mean", axis: "wait for a pool thread, mean"),
                TopicMetric(
                    name: "blocking_queue_depth_peak_count", title: "longest queue", axis: "closures queued at once"),
            ], rule: .firstMetricVaries),
        MetricTopic(
            file: ResultFileName.timeoutsFigure, title: "timeouts and what they leak",
            metrics: [
                TopicMetric(name: "tasks_timed_out_count", title: "timeouts fired", axis: "timeouts per replication"),
                TopicMetric(name: "tasks_cancelled_count", title: "tasks ended by a timeout", axis: "tasks per replication"),
                TopicMetric(name: "resources_leaked_count", title: "guards and permits leaked", axis: "leaked per replication"),
            ], rule: .firstMetricVaries),
        MetricTopic(
            file: ResultFileName.stealsFigure, title: "work stealing and load balance",
            metrics: [
                TopicMetric(name: "worker_steal_count", title: "tasks stolen", axis: "tasks stolen per replication"),
                TopicMetric(
                    name: "worker_busy_imbalance_ratio", title: "busiest worker / mean worker",
                    axis: "busy time, busiest / mean", isShare: false),
            ], rule: .swept("local")),
    ]

    /// The panels this topic draws for `summary`: none when its rule does not hold; otherwise one per metric and
    /// instance whose means differ between points.
    func panels(_ summary: ResultSummary) -> [PanelSpec] {
        let specs = metrics.flatMap { entry -> [PanelSpec] in
            guard let metric = MetricCatalogue.all.first(where: { $0.name == entry.name }) else { return [] }
            return MetricTopic.instances(of: metric, in: summary).map { instance in
                PanelSpec(
                    column: metric.name(for: instance), metric: metric, isShare: entry.isShare,
                    title: metric.family == .runtime ? entry.title : "\(instance): \(entry.title)", axis: entry.axis)
            }
        }
        let holds: Bool
        switch rule {
        case .firstMetricVaries:
            holds = specs.first.map { first in
                specs.contains { $0.metric == first.metric && ResultFigures.varies(summary, $0.column) }
            } ?? false
        case .severalClasses:
            holds = specs.filter { spec in
                summary.points.indices.contains { summary.interval(spec.column, row: $0) != nil }
            }.count >= 2
        case let .swept(name):
            holds = summary.sweepColumns.indices.contains { column in
                summary.sweepColumns[column].hasSuffix("." + name)
                    && Set(summary.points.map { $0.swept[column] }).count > 1
            }
        }
        return holds ? specs.filter { ResultFigures.varies(summary, $0.column) } : []
    }

    /// The class or primitive names summary.csv has columns of `metric` for, in column order; `[""]` for a runtime
    /// metric that it has.
    static func instances(of metric: Metric, in summary: ResultSummary) -> [String] {
        switch metric.family {
        case .runtime:
            return summary.has(metric.name) ? [""] : []
        case .taskClass, .primitive:
            return summary.metricNames.compactMap { column in
                MetricCatalogue.metric(forColumn: column) == metric ? instance(of: metric, inColumn: column) : nil
            }
        }
    }

    /// `db` for `lock_db_wait_p99_us` and the template `lock_<name>_wait_p99_us`.
    private static func instance(of metric: Metric, inColumn column: String) -> String {
        let placeholder = metric.family == .taskClass ? "<class>" : "<name>"
        let parts = metric.name.split(separator: placeholder, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return column }
        return String(column.dropFirst(parts[0].count).dropLast(parts[1].count))
    }
}
