/// One metric of a replication: a column of replications.csv and the `_mean`/`_ci95_*` columns of summary.csv.
///
/// Declared once, in ``MetricCatalogue``; CSV columns, the printed table, `simexec compare`'s verdicts, plot axis
/// labels and the README's metric table all come from this declaration.
public struct Metric: Sendable, Hashable {
    /// The column name, or for a family its template with `<class>` or `<name>` in it. Ends with `unit.nameSuffix`.
    public let name: String
    public let unit: MetricUnit
    public let better: BetterDirection
    /// Which task class or primitive the metric belongs to, if any.
    public let family: MetricFamily
    public let source: MetricSource
    /// One line: what the value means.
    public let meaning: String

    /// Which part of the run the value covers.
    public var window: WindowRule { source.window }

    /// The column name of this metric for one class or primitive (`latency_handler_p99_us`); the name itself for a
    /// runtime metric.
    public func name(for instance: String) -> String {
        switch family {
        case .runtime: name
        case .taskClass: name.replacingOccurrences(of: "<class>", with: instance)
        case .primitive: name.replacingOccurrences(of: "<name>", with: instance)
        }
    }
}

/// Whether a metric exists once per run, once per task class, or once per mutex or semaphore.
public enum MetricFamily: Sendable, Hashable {
    case runtime
    /// `latency_<class>_...`: one column per `[[task]]` class.
    case taskClass
    /// `lock_<name>_...`: one column per `[[mutex]]` and `[[semaphore]]`.
    case primitive
}

extension String {
    /// `self` with every `target` replaced; Foundation-free.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
