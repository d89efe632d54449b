// What the model records while it runs besides its counters (`RuntimeCounter`, `WorkerCounter`, declared with the
// catalogue): the metrics in `MetricCatalogue` are computed from these.

/// A level whose peak inside the window is kept; the peak starts from the level when the window opens.
public enum RuntimePeak: Int, Sendable, Hashable, CaseIterable {
    /// The inject (global) queue's length (`global_queue_depth`).
    case globalQueueDepth
    /// The blocking pool's queue of closures (`blocking_queue_depth`).
    case blockingQueueDepth
    /// Blocking-pool threads alive (`num_blocking_threads`).
    case blockingThreads
}

/// Where a worker thread's time goes, in ns inside the window.
public enum WorkerTime: Int, Sendable, Hashable, CaseIterable {
    /// Running polls on a core (`cpu` steps and poll overhead).
    case busy
    /// Blocked inside a poll without using a core (`block` steps, a std `lock()`).
    case blocked
    /// Parked in the driver or on the condvar, including the wake-up latency.
    case parked
}

/// A distribution of durations in ns, kept as a latency histogram.
public enum DurationHistogram: Int, Sendable, Hashable, CaseIterable {
    /// Arrival to completion, tasks that arrived in the window.
    case latency
    /// Arrival (spawn) to first poll, tasks that arrived in the window: tokio-metrics `first_poll_delay`.
    case firstPollDelay
    /// Wake to poll, every poll in the window: tokio-metrics `scheduled_duration`.
    case scheduledDelay
    /// Duration of every poll that ended in the window: tokio-metrics `poll_duration`.
    case pollDuration
    /// Time a `spawn_blocking` closure waited in the pool queue before a thread took it.
    case blockingQueueWait
    /// I/O readiness to its delivery by a thread turning the driver (tokio#4730: long when no thread polls it).
    case ioDeliveryDelay
    /// A timer's deadline tick to its firing by a thread turning the driver.
    case timerDeliveryDelay

    /// Which part of the run the histogram covers.
    public var window: WindowRule {
        switch self {
        case .latency, .firstPollDelay: .tasksArrivedInWindow
        case .scheduledDelay, .pollDuration, .blockingQueueWait, .ioDeliveryDelay, .timerDeliveryDelay: .window
        }
    }
}

/// A figure of one mutex or semaphore.
public enum PrimitiveQuantity: Sendable, Hashable {
    case acquisitions
    case contendedRatio
    case wait(DurationStatistic)
    case hold(DurationStatistic)
    case longestQueue
    case workerBlockedTime
    case leaked
}

/// The executor-stall figures.
public enum StallQuantity: Int, Sendable, Hashable, CaseIterable {
    /// Stall time / window.
    case ratio
    case time
    case longest
    case allWorkersBlocked
    case stalledTaskWait
}

/// A statistic of a duration histogram.
public enum DurationStatistic: Sendable, Hashable {
    case mean
    /// The value at this percentile, 0 ... 100.
    case percentile(Double)
    case max
}
