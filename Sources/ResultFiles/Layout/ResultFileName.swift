/// The names of the files in a results folder.
public enum ResultFileName {
    /// One row per sweep point: mean and 95% CI of every metric.
    public static let summary = "summary.csv"
    /// One row per sweep point and replication: every metric's value.
    public static let replications = "replications.csv"
    /// Tidy rows of latency histogram buckets per sweep point.
    public static let histograms = "histograms.csv"
    /// The run's manifest: version, command line, seeds, timing and each point's settings.
    public static let runManifest = "run.json"

    /// The HTML report of a results folder (`simexec report`, `simexec run --report`): not one of ``runOutputs``.
    public static let report = "report.html"

    /// The figures of a results folder (`simexec plot`, `simexec run --plot`), not among ``runOutputs``: the overview
    /// figures, then one per topic the results show at work.
    public static let latencyFigure = "latency.svg"
    public static let latencyCCDFFigure = "latency_ccdf.svg"
    public static let utilisationFigure = "utilisation.svg"
    public static let latencyByClassFigure = "latency_by_class.svg"
    public static let locksFigure = "locks.svg"
    public static let blockingPoolFigure = "blocking_pool.svg"
    public static let timeoutsFigure = "timeouts.svg"
    public static let stealsFigure = "steals.svg"

    /// Every figure simexec draws. A new result set does not keep the old set's figures (they would describe other
    /// results), and drawing a folder removes the figures it no longer draws.
    public static let figures = [
        latencyFigure, latencyCCDFFigure, utilisationFigure, latencyByClassFigure, locksFigure, blockingPoolFigure,
        timeoutsFigure, stealsFigure,
    ]

    /// The files a complete run writes, in the order run.json lists them.
    public static let runOutputs = [summary, replications, histograms, runManifest]

    /// The default file of `simexec trace` for sweep point `point`: `trace_pointN.json` in the results folder.
    public static func trace(point: Int) -> String { "\(tracePrefix)\(point)\(traceSuffix)" }

    /// Whether `name` is a file simexec writes into a results folder besides the result set: a figure, the report,
    /// a trace or a partial result file. A folder holding only such files is a results folder.
    public static func isWrittenBySimexec(_ name: String) -> Bool {
        figures.contains(name) || name == report || isPartial(name)
            || (name.hasPrefix(tracePrefix) && name.hasSuffix(traceSuffix)) || DurableFile.isTemporary(name)
    }

    /// The partial result file of shard `index` of `count`: `partial-K-of-N.json`.
    public static func partial(index: Int, count: Int) -> String {
        "\(partialPrefix)\(index)-of-\(count)\(partialSuffix)"
    }

    /// Whether `name` looks like a partial result file, whatever its shard.
    public static func isPartial(_ name: String) -> Bool {
        name.hasPrefix(partialPrefix) && name.hasSuffix(partialSuffix)
    }

    private static let tracePrefix = "trace_point"
    private static let traceSuffix = ".json"
    private static let partialPrefix = "partial-"
    private static let partialSuffix = ".json"
}
