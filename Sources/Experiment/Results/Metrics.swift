import ExecutorModel
import MetricCatalogue
import SimStats

/// The metric columns of one experiment and their per-replication values, as `MetricCatalogue` declares them.
///
/// A percentile or mean of a histogram with no values is NaN (written `nan`), so a task class with weight 0 shows no
/// latency rather than a fake 0. Worker ratios are time over (window × workers); counts are sums over workers.
struct MetricSet: Sendable {
    let columns: [MetricColumn]
    var names: [String] { columns.map(\.name) }

    /// Every percentile any column asks of a histogram, in column order without repeats: each histogram's
    /// ``HistogramStatistics`` answers all of them from one pass.
    private let percentiles: [Double]

    init(classNames: [String], primitiveNames: [String] = []) {
        columns = MetricCatalogue.columns(classNames: classNames, primitiveNames: primitiveNames)
        var percentiles: [Double] = []
        for column in columns {
            if case let .percentile(p) = column.metric.source.durationStatistic, !percentiles.contains(p) {
                percentiles.append(p)
            }
        }
        self.percentiles = percentiles
    }

    /// Every column's value for one replication that ran on `workers` workers.
    func values(of metrics: RunMetrics, workers: Int) -> [Double] {
        var statistics = StatisticsCache(percentiles: percentiles)
        return columns.map { Self.value(of: $0, in: metrics, workers: workers, statistics: &statistics) }
    }

    private static func value(
        of column: MetricColumn, in m: RunMetrics, workers: Int, statistics: inout StatisticsCache
    ) -> Double {
        let unit = column.metric.unit
        switch column.metric.source {
        case .deadlocked:
            return m.deadlock == nil ? 0 : 1
        case .throughput:
            return m.throughputPerSecond
        case let .histogram(histogram, statistic):
            return statistics.statistic(statistic, of: m[histogram], .duration(histogram), unit: unit)
        case let .classLatency(statistic):
            guard let index = column.instance, index < m.latencyByClass.count else { return .nan }
            return statistics.statistic(statistic, of: m.latencyByClass[index], .classLatency(index), unit: unit)
        case let .share(counter, of: histogram):
            let whole = m[histogram].count
            return whole == 0 ? 0 : Double(m[counter]) / Double(whole)
        case let .workerTimeShare(time):
            let denominator = Double(m.measuredDuration) * Double(max(workers, 1))
            guard denominator > 0 else { return .nan }
            return Double(m.workers.reduce(Int64(0)) { $0 + $1[time] }) / denominator
        case .busyImbalance:
            return Self.busyImbalance(m)
        case let .stall(quantity):
            return Self.stall(quantity, m, unit: unit)
        case let .workerCount(counter):
            return Double(m.workers.reduce(0) { $0 + $1[counter] })
        case let .count(counter):
            return Self.scaled(Double(m[counter]), unit)
        case let .peak(peak):
            return Double(m[peak])
        case let .primitive(quantity):
            guard let index = column.instance, index < m.primitives.count else { return .nan }
            return Self.primitive(quantity, m.primitives[index], index, unit: unit, statistics: &statistics)
        case .tasksArrived:
            return Double(m.tasksArrived)
        case .tasksCompleted:
            return Double(m.tasksCompleted)
        case .tasksUnfinished:
            return Double(m.tasksUnfinished)
        case .events:
            return Double(m.eventsProcessed)
        }
    }

    /// A value recorded in nanoseconds (or a plain count) in the metric's unit.
    fileprivate static func scaled(_ value: Double, _ unit: MetricUnit) -> Double {
        unit.nanoseconds.map { value / $0 } ?? value
    }

    private static func stall(_ quantity: StallQuantity, _ m: RunMetrics, unit: MetricUnit) -> Double {
        switch quantity {
        case .ratio:
            return m.measuredDuration > 0 ? Double(m.stalls.stallTime) / Double(m.measuredDuration) : .nan
        case .time: return scaled(Double(m.stalls.stallTime), unit)
        case .longest: return scaled(Double(m.stalls.longestStall), unit)
        case .allWorkersBlocked: return scaled(Double(m.stalls.allWorkersBlockedTime), unit)
        case .stalledTaskWait: return scaled(m.stalls.stalledTaskWait, unit)
        }
    }

    /// A figure of the primitive at `index` in `RunMetrics.primitives`.
    private static func primitive(
        _ quantity: PrimitiveQuantity, _ p: PrimitiveMetrics, _ index: Int, unit: MetricUnit,
        statistics: inout StatisticsCache
    ) -> Double {
        switch quantity {
        case .acquisitions: return Double(p.acquisitions)
        case .contendedRatio: return p.contendedRatio
        case let .wait(statistic):
            return statistics.statistic(statistic, of: p.waitTime, .primitiveWait(index), unit: unit)
        case let .hold(statistic):
            return statistics.statistic(statistic, of: p.holdTime, .primitiveHold(index), unit: unit)
        case .longestQueue: return Double(p.longestQueue)
        case .workerBlockedTime: return scaled(Double(p.workerBlockedTime), unit)
        case .leaked: return Double(p.leaked)
        }
    }

    /// The busiest worker's busy time over the mean busy time of all workers: 1 when the load is spread evenly, up to
    /// the number of workers when one worker does everything (what pinning `local` tasks can cost).
    private static func busyImbalance(_ m: RunMetrics) -> Double {
        guard !m.workers.isEmpty else { return .nan }
        let busy = m.workers.map { Double($0.busyTime) }
        let mean = busy.reduce(0, +) / Double(busy.count)
        guard mean > 0 else { return .nan }
        return (busy.max() ?? 0) / mean
    }
}

/// The histograms of one replication that duration-statistic columns read, computed at most once each during one
/// ``MetricSet/values(of:workers:)`` call: a histogram's mean and all its percentiles come from a single pass.
private struct StatisticsCache {
    /// Which of the replication's histograms a column reads.
    enum Key: Hashable {
        case duration(DurationHistogram)
        case classLatency(Int)
        case primitiveWait(Int)
        case primitiveHold(Int)
    }

    /// The percentiles to compute for every histogram: all those the columns ask for.
    let percentiles: [Double]
    private var computed: [Key: HistogramStatistics] = [:]

    init(percentiles: [Double]) {
        self.percentiles = percentiles
    }

    /// A statistic of `histogram` (the one `key` names), in nanoseconds scaled to `unit`; NaN when it is empty.
    mutating func statistic(
        _ statistic: DurationStatistic, of histogram: LatencyHistogram, _ key: Key, unit: MetricUnit
    ) -> Double {
        guard histogram.count > 0 else { return .nan }
        switch statistic {
        case .mean:
            return MetricSet.scaled(statistics(of: histogram, key).mean, unit)
        case let .percentile(p):
            // Every column's percentile is in `percentiles`, so the direct call is not taken; it keeps the value
            // right by construction rather than by that invariant.
            let value = statistics(of: histogram, key).value(atPercentile: p) ?? histogram.valueAtPercentile(p)
            return MetricSet.scaled(Double(value), unit)
        case .max:
            return MetricSet.scaled(Double(histogram.max), unit)
        }
    }

    private mutating func statistics(of histogram: LatencyHistogram, _ key: Key) -> HistogramStatistics {
        if let known = computed[key] { return known }
        let statistics = histogram.statistics(percentiles: percentiles)
        computed[key] = statistics
        return statistics
    }
}

private extension MetricSource {
    /// The statistic when the metric is a mean, percentile or maximum of a duration histogram, else nil.
    var durationStatistic: DurationStatistic? {
        switch self {
        case let .histogram(_, statistic), let .classLatency(statistic), let .primitive(.wait(statistic)),
            let .primitive(.hold(statistic)):
            statistic
        case .primitive(.acquisitions), .primitive(.contendedRatio), .primitive(.longestQueue),
            .primitive(.workerBlockedTime), .primitive(.leaked), .deadlocked, .throughput, .share, .workerTimeShare,
            .busyImbalance, .stall, .workerCount, .count, .peak, .tasksArrived, .tasksCompleted, .tasksUnfinished,
            .events:
            nil
        }
    }
}
