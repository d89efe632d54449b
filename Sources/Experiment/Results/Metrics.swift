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

    /// The name of the per-replication deadlock flag.
    static let deadlockedRatio = MetricCatalogue.deadlocked.name

    init(classNames: [String], primitiveNames: [String] = []) {
        columns = MetricCatalogue.columns(classNames: classNames, primitiveNames: primitiveNames)
    }

    /// Every column's value for one replication that ran on `workers` workers.
    func values(of metrics: RunMetrics, workers: Int) -> [Double] {
        columns.map { Self.value(of: $0, in: metrics, workers: workers) }
    }

    private static func value(of column: MetricColumn, in m: RunMetrics, workers: Int) -> Double {
        let unit = column.metric.unit
        switch column.metric.source {
        case .deadlocked:
            return m.deadlock == nil ? 0 : 1
        case .throughput:
            return m.throughputPerSecond
        case let .histogram(histogram, statistic):
            return Self.statistic(statistic, of: m[histogram], unit: unit)
        case let .classLatency(statistic):
            guard let index = column.instance, index < m.latencyByClass.count else { return .nan }
            return Self.statistic(statistic, of: m.latencyByClass[index], unit: unit)
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
            return Self.primitive(quantity, m.primitives[index], unit: unit)
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

    /// A statistic of a histogram of nanoseconds, in `unit`; NaN when it is empty.
    private static func statistic(_ statistic: DurationStatistic, of histogram: LatencyHistogram, unit: MetricUnit)
        -> Double
    {
        guard histogram.count > 0 else { return .nan }
        switch statistic {
        case .mean: return scaled(histogram.mean, unit)
        case let .percentile(p): return scaled(Double(histogram.valueAtPercentile(p)), unit)
        case .max: return scaled(Double(histogram.max), unit)
        }
    }

    /// A value recorded in nanoseconds (or a plain count) in the metric's unit.
    private static func scaled(_ value: Double, _ unit: MetricUnit) -> Double {
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

    private static func primitive(_ quantity: PrimitiveQuantity, _ p: PrimitiveMetrics, unit: MetricUnit) -> Double {
        switch quantity {
        case .acquisitions: return Double(p.acquisitions)
        case .contendedRatio: return p.contendedRatio
        case let .wait(statistic): return Self.statistic(statistic, of: p.waitTime, unit: unit)
        case let .hold(statistic): return Self.statistic(statistic, of: p.holdTime, unit: unit)
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
