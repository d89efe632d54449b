/// How a metric's value is computed from what a replication recorded (`RunMetrics`): data, not code, so the catalogue
/// stays a table and one interpreter (in Experiment) computes every metric.
public enum MetricSource: Sendable, Hashable {
    /// 1 when the replication stopped in a deadlock, else 0.
    case deadlocked
    /// Tasks completed inside the window per second of it.
    case throughput
    /// A statistic of a duration histogram.
    case histogram(DurationHistogram, DurationStatistic)
    /// A statistic of one task class's latency histogram.
    case classLatency(DurationStatistic)
    /// A runtime counter over the number of values in a histogram (slow polls over polls).
    case share(RuntimeCounter, of: DurationHistogram)
    /// A worker time summed over workers, over (window × workers).
    case workerTimeShare(WorkerTime)
    /// The busiest worker's busy time over the mean worker's.
    case busyImbalance
    /// An executor-stall figure.
    case stall(StallQuantity)
    /// A per-worker counter summed over workers.
    case workerCount(WorkerCounter)
    /// A runtime counter (a time total when its unit is a time).
    case count(RuntimeCounter)
    /// The peak of a runtime level.
    case peak(RuntimePeak)
    /// A figure of one mutex or semaphore.
    case primitive(PrimitiveQuantity)
    /// Tasks that arrived in the window.
    case tasksArrived
    /// Tasks that arrived in the window and completed.
    case tasksCompleted
    /// Tasks that arrived in the window and had not completed when the run stopped.
    case tasksUnfinished
    /// Events the kernel processed in the whole run.
    case events

    /// Which part of the run the metric covers.
    public var window: WindowRule {
        switch self {
        case let .histogram(histogram, _): histogram.window
        case .classLatency, .tasksArrived, .tasksCompleted, .tasksUnfinished: .tasksArrivedInWindow
        case let .count(counter): counter.window
        case let .share(counter, _): counter.window
        case .primitive(.leaked), .events: .wholeRun
        case .deadlocked: .wholeRun
        case .throughput, .workerTimeShare, .busyImbalance, .stall, .workerCount, .peak, .primitive: .window
        }
    }
}
