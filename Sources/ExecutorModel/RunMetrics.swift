import SimKernel
import SimStats

/// What one simulation run measured. Names follow Tokio's `RuntimeMetrics` and tokio-metrics' `TaskMetrics` where one
/// exists. Task metrics cover tasks that arrived inside the measurement window; time-based metrics cover the window.
public struct RunMetrics: Sendable {
    /// Length of the measurement window, in ns.
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

    /// Arrival to completion.
    public var latency = LatencyHistogram()
    /// Latency per task class, in the workload's class order.
    public var latencyByClass: [LatencyHistogram] = []
    /// Arrival (spawn) to the first poll: tokio-metrics `first_poll_delay`.
    public var firstPollDelay = LatencyHistogram()
    /// Wake to poll, for every poll: tokio-metrics `scheduled_duration`.
    public var scheduledDelay = LatencyHistogram()
    /// Duration of every poll: tokio-metrics `poll_duration`.
    public var pollDuration = LatencyHistogram()
    /// Polls longer than 50 µs (tokio-metrics `DEFAULT_SLOW_POLL_THRESHOLD`).
    public var slowPollCount: Int = 0
    /// Wake-to-poll delays longer than 50 µs (tokio-metrics `DEFAULT_LONG_DELAY_THRESHOLD`).
    public var longDelayCount: Int = 0

    /// Per-worker counters and times, index = worker.
    public var workers: [WorkerMetrics] = []
    /// `budget_forced_yield_count`: polls cut short because the coop budget ran out.
    public var budgetForcedYieldCount: Int = 0
    /// `remote_schedule_count`: tasks scheduled from outside a worker (arrivals, blocking-pool completions).
    public var remoteScheduleCount: Int = 0
    /// Peak length of the inject (global) queue: `global_queue_depth`.
    public var globalQueueDepthPeak: Int = 0

    /// Blocking-pool threads created during the window.
    public var blockingThreadsSpawned: Int = 0
    /// Most blocking-pool threads alive at once: `num_blocking_threads` peak.
    public var blockingThreadsPeak: Int = 0
    /// Peak `blocking_queue_depth`.
    public var blockingQueueDepthPeak: Int = 0
    /// Time `spawn_blocking` closures waited in the pool queue before a thread took them.
    public var blockingQueueWait = LatencyHistogram()

    /// Executor stalls: see `StallMetrics`.
    public var stalls = StallMetrics()

    /// Locks and semaphores, in the workload's order.
    public var primitives: [PrimitiveMetrics] = []
    /// Timeouts that fired and cancelled their group.
    public var tasksTimedOut: Int = 0
    /// Tasks that ended because of a timeout (`on_timeout = end`).
    public var tasksCancelled: Int = 0
    /// Sampled duration of the steps that cancellations skipped, in ns.
    public var workDiscarded: Nanoseconds = 0
    /// `spawn_blocking` closures whose awaiting scope was cancelled: they ran to the end anyway.
    public var blockingJobsDetached: Int = 0
    /// Guards and permits leaked, over all primitives.
    public var resourcesLeaked: Int = 0
    /// `block_in_place` calls.
    public var blockInPlaceCount: Int = 0
    /// `select` branches dropped because the other branch finished first.
    public var selectBranchesDropped: Int = 0
    /// Set when the run stopped because every worker deadlocked.
    public var deadlock: DeadlockReport?
    /// Events in `Scenario.trace`'s window, in time order; empty when no trace was asked for.
    public var trace: [TraceEvent] = []

    /// Events the kernel processed during the whole run (warm-up and drain included).
    public var eventsProcessed: UInt64 = 0

    public init() {}

    /// `slow_poll_ratio` = slow polls / polls.
    public var slowPollRatio: Double { ratio(slowPollCount, pollDuration.count) }
    /// `long_delay_ratio` = long delays / scheduled polls.
    public var longDelayRatio: Double { ratio(longDelayCount, scheduledDelay.count) }
    /// Completed tasks per second of the measurement window.
    public var throughputPerSecond: Double {
        measuredDuration > 0 ? Double(completionsInWindow) * 1e9 / Double(measuredDuration) : 0
    }

    private func ratio(_ part: Int, _ whole: UInt64) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }
}

/// Counters and times of one worker over the measurement window. Times are in ns.
public struct WorkerMetrics: Sendable, Hashable {
    /// Time running polls on a core (`cpu` steps and poll overhead).
    public var busyTime: Nanoseconds = 0
    /// Time the thread was blocked inside a poll (`block` steps).
    public var blockedTime: Nanoseconds = 0
    /// Time parked (in the driver or on the condvar), including the wake-up latency.
    public var parkedTime: Nanoseconds = 0
    /// `worker_poll_count` (Tokio 1.24 counts every LIFO poll).
    public var pollCount: Int = 0
    /// `worker_steal_count`: tasks stolen by this worker.
    public var stealCount: Int = 0
    /// `worker_steal_operations`: successful steal operations.
    public var stealOperations: Int = 0
    /// `worker_overflow_count`: times the local queue overflowed into the inject queue.
    public var overflowCount: Int = 0
    /// `worker_park_count`.
    public var parkCount: Int = 0
    /// `worker_noop_count`: unparks after which the worker found nothing to poll before parking again.
    public var noopCount: Int = 0
    /// `worker_local_schedule_count`: tasks scheduled onto this worker from itself.
    public var localScheduleCount: Int = 0

    public init() {}
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
