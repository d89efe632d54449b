import MetricCatalogue
import SimKernel
import SimStats

/// What one simulation run measured. Names follow Tokio's `RuntimeMetrics` and tokio-metrics' `TaskMetrics` where one
/// exists. Task metrics cover tasks that arrived inside the measurement window; time-based metrics cover the window.
public struct RunMetrics: Sendable {
    /// Length of the measurement window, in ns; shorter than `Scenario.duration` when the run stopped early (a
    /// deadlock), 0 when it stopped before the window opened.
    public var measuredDuration: Nanoseconds = 0
    /// Tasks that arrived inside the window.
    public var tasksArrived: Int = 0
    /// Tasks that arrived inside the window and completed (possibly after it ended, while the run drained).
    public var tasksCompleted: Int = 0
    /// Tasks that arrived inside the window and had not completed when the drain limit was reached.
    public var tasksUnfinished: Int = 0
    /// Tasks that completed inside the window, whenever they arrived.
    public var completionsInWindow: Int = 0
    /// Most tasks alive at once during the whole run (`num_alive_tasks` peak). The model's memory is proportional to
    /// it and independent of how many tasks completed.
    public var liveTasksPeak: Int = 0

    /// The duration histograms, indexed by `DurationHistogram`.
    public var histograms = [LatencyHistogram](repeating: LatencyHistogram(), count: DurationHistogram.allCases.count)
    /// Latency per task class, in the workload's class order.
    public var latencyByClass: [LatencyHistogram] = []
    /// Runtime counters, indexed by `RuntimeCounter`.
    public var counters = [Int](repeating: 0, count: RuntimeCounter.allCases.count)
    /// Peaks of runtime levels inside the window, indexed by `RuntimePeak`.
    public var peaks = [Int](repeating: 0, count: RuntimePeak.allCases.count)
    /// Per-worker counters and times, index = worker.
    public var workers: [WorkerMetrics] = []
    /// Executor stalls: see `StallMetrics`.
    public var stalls = StallMetrics()
    /// Locks and semaphores, in the workload's order.
    public var primitives: [PrimitiveMetrics] = []
    /// Set when the run stopped because every worker deadlocked.
    public var deadlock: DeadlockReport?
    /// Events in `Scenario.trace`'s window, in time order; empty when no trace was asked for.
    public var trace: [TraceEvent] = []

    /// Events the kernel processed during the whole run (warm-up and drain included).
    public var eventsProcessed: UInt64 = 0

    public init() {}

    /// A duration histogram (read-only: the recorder writes `histograms` in place).
    public subscript(histogram: DurationHistogram) -> LatencyHistogram { histograms[histogram.rawValue] }

    public subscript(counter: RuntimeCounter) -> Int {
        get { counters[counter.rawValue] }
        set { counters[counter.rawValue] = newValue }
    }

    public subscript(peak: RuntimePeak) -> Int {
        get { peaks[peak.rawValue] }
        set { peaks[peak.rawValue] = newValue }
    }

    /// Arrival to completion, tasks that arrived in the window.
    public var latency: LatencyHistogram { self[.latency] }
    /// Arrival (spawn) to the first poll: tokio-metrics `first_poll_delay`.
    public var firstPollDelay: LatencyHistogram { self[.firstPollDelay] }
    /// Wake to poll, every poll in the window: tokio-metrics `scheduled_duration`.
    public var scheduledDelay: LatencyHistogram { self[.scheduledDelay] }
    /// Time `spawn_blocking` closures waited in the pool queue before a thread took them.
    public var blockingQueueWait: LatencyHistogram { self[.blockingQueueWait] }
    /// `budget_forced_yield_count`.
    public var budgetForcedYieldCount: Int { self[.budgetForcedYield] }
    /// Blocking-pool threads created in the window.
    public var blockingThreadsSpawned: Int { self[.blockingThreadsSpawned] }
    /// Most blocking-pool threads alive at once in the window.
    public var blockingThreadsPeak: Int { self[.blockingThreads] }
    /// Peak `blocking_queue_depth` in the window.
    public var blockingQueueDepthPeak: Int { self[.blockingQueueDepth] }
    public var tasksTimedOut: Int { self[.tasksTimedOut] }
    public var tasksCancelled: Int { self[.tasksCancelled] }
    public var blockingJobsDetached: Int { self[.blockingJobsDetached] }
    public var resourcesLeaked: Int { self[.resourcesLeaked] }
    public var blockInPlaceCount: Int { self[.blockInPlace] }
    public var selectBranchesDropped: Int { self[.selectBranchesDropped] }

    /// Completed tasks per second of the measurement window.
    public var throughputPerSecond: Double {
        measuredDuration > 0 ? Double(completionsInWindow) * 1e9 / Double(measuredDuration) : .nan
    }
}

/// Counters and times of one worker over the measurement window.
public struct WorkerMetrics: Sendable, Hashable {
    /// Counts, indexed by `WorkerCounter`.
    public var counts = [Int](repeating: 0, count: WorkerCounter.allCases.count)
    /// Times in ns, indexed by `WorkerTime`.
    public var times = [Nanoseconds](repeating: 0, count: WorkerTime.allCases.count)

    public init() {}

    public subscript(counter: WorkerCounter) -> Int {
        get { counts[counter.rawValue] }
        set { counts[counter.rawValue] = newValue }
    }

    public subscript(time: WorkerTime) -> Nanoseconds {
        get { times[time.rawValue] }
        set { times[time.rawValue] = newValue }
    }

    /// Time running polls on a core, in ns.
    public var busyTime: Nanoseconds { self[.busy] }
    /// Time blocked inside a poll, in ns.
    public var blockedTime: Nanoseconds { self[.blocked] }
    /// Time parked, including the wake-up latency, in ns.
    public var parkedTime: Nanoseconds { self[.parked] }
    /// `worker_steal_count`.
    public var stealCount: Int { self[.steal] }
    /// `worker_steal_operations`.
    public var stealOperations: Int { self[.stealOperation] }
}

/// How long the executor stalled because worker threads were blocked inside polls.
public struct StallMetrics: Sendable, Hashable {
    /// Total time in the window during which at least one worker was blocked while at least one runnable task waited
    /// (in a LIFO slot, a local or inject queue, or as an I/O completion the driver had not yet delivered), in ns.
    public var stallTime: Nanoseconds = 0
    /// The longest contiguous stretch of `stallTime`, in ns.
    public var longestStall: Nanoseconds = 0
    /// Time during which every worker was blocked, in ns.
    public var allWorkersBlockedTime: Nanoseconds = 0
    /// The integral of the number of waiting runnable tasks over `stallTime`: task-nanoseconds that runnable tasks
    /// spent waiting while some worker was blocked.
    public var stalledTaskWait: Double = 0

    public init() {}
}

/// Contention figures of one lock or semaphore over the measurement window.
public struct PrimitiveMetrics: Sendable {
    public var name: String
    /// `std`, `async` or `semaphore`.
    public var kind: String
    /// Successful acquisitions.
    public var acquisitions: Int = 0
    /// Acquisitions that had to wait.
    public var contendedAcquisitions: Int = 0
    /// Time from asking to getting, for every acquisition.
    public var waitTime = LatencyHistogram()
    /// Time from getting to giving back, for every release.
    public var holdTime = LatencyHistogram()
    /// The most waiters queued at once.
    public var longestQueue: Int = 0
    /// Worker-thread time spent blocked in `lock()` (std mutex only), in ns.
    public var workerBlockedTime: Nanoseconds = 0
    /// Guards or permits never given back because a cancellation skipped their release.
    public var leaked: Int = 0

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }

    /// Contended acquisitions / acquisitions.
    public var contendedRatio: Double {
        acquisitions == 0 ? 0 : Double(contendedAcquisitions) / Double(acquisitions)
    }
}

/// Why a run stopped early: every worker thread waits for a std mutex whose holder can never run again.
public struct DeadlockReport: Sendable, Hashable, CustomStringConvertible {
    /// When the last worker got stuck, in ns since the start of the run.
    public var time: Nanoseconds
    /// The mutex the last worker waits for.
    public var primitive: String
    /// Who holds it: a task class and what the task is doing, or "a leaked guard".
    public var holder: String
    /// The tasks whose threads wait for it, by class.
    public var waiters: [String]

    public init(time: Nanoseconds, primitive: String, holder: String, waiters: [String]) {
        self.time = time
        self.primitive = primitive
        self.holder = holder
        self.waiters = waiters
    }

    public var description: String {
        let seconds = Double(time) / 1e9
        return "deadlock at t = \(seconds) s: every worker thread is blocked; the last one waits for std mutex "
            + "\(primitive), held by \(holder); waiting: \(waiters.joined(separator: ", "))"
    }
}
