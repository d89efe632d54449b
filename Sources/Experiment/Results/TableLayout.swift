import MetricCatalogue

/// How the end-of-run table is laid out: which metrics it shows and how wide a line may be.
public struct TableLayout: Sendable, Hashable {
    /// The widest line, in characters: metric columns that do not fit beside the point and swept columns go to a
    /// further block that repeats them. 160 when the output is not a terminal.
    public var width: Int
    /// `--columns`: the metric columns to show (summary.csv names, e.g. `latency_p99_us`, short names such as `p99`
    /// resolved), in this order; nil for the default choice (throughput, latency percentiles, each class's p99,
    /// stall, the locks' wait and hold).
    public var metrics: [String]?

    /// The width when the output is not a terminal and `COLUMNS` is not set.
    public static let defaultWidth = 160

    public init(width: Int = TableLayout.defaultWidth, metrics: [String]? = nil) {
        self.width = width
        self.metrics = metrics?.map(MetricCatalogue.column(named:))
    }

    /// Checks `metrics` against the columns `plan` writes, before anything runs.
    func check(against plan: ExperimentPlan) throws(ExperimentError) {
        guard let metrics else { return }
        let known = MetricSet(classNames: plan.classNames, primitiveNames: plan.primitiveNames).names
        if metrics.isEmpty {
            throw ExperimentError(message: "--columns: no column named; give summary.csv metric names such as "
                + "latency_p99_us,stall_ratio (`simexec metrics` lists them)")
        }
        for metric in metrics where !known.contains(metric) {
            throw ExperimentError(
                message: "--columns: \"\(metric)\" is not a metric of \(plan.name)"
                    + Suggestions.didYouMean(metric, among: known) + " (`simexec metrics` lists the metrics; per-class "
                    + "and per-lock ones take the name from the file, e.g. latency_\(plan.classNames.first ?? "CLASS")_p99_us)")
        }
    }
}
