import SimKernel

/// One thing that happened in a traced run.
public struct TraceEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A task arrived (`value`: its class index).
        case arrival
        /// A poll started on `thread`.
        case pollStart = "poll_start"
        /// A poll ended on `thread`.
        case pollEnd = "poll_end"
        /// The thread blocks inside the poll for `value` ns (`block` step).
        case blockStart = "block_start"
        /// The thread went to sleep in a std mutex's `lock()` (`value`: primitive index).
        case lockWait = "lock_wait"
        /// The task got a lock or permit (`value`: primitive index).
        case acquire
        /// The task gave back a lock or permit (`value`: primitive index).
        case release
        /// A timeout dropped the task's group at an await.
        case timeout
        /// The worker parked.
        case park
        /// The worker woke up.
        case unpark
        /// The worker stole `value` tasks.
        case steal
        /// The task completed.
        case complete
        /// Sampled at every poll start on `thread`: tasks waiting in that worker's LIFO slot, local and pinned queues.
        case runQueueDepth = "run_queue_depth"
        /// Sampled at every poll start: tasks in the inject queue.
        case injectQueueDepth = "inject_queue_depth"
        /// Closures waiting in the blocking pool's queue, after every change.
        case blockingQueueDepth = "blocking_queue_depth"
        /// Blocking-pool thread `thread - blockingThreadBase` starts the task's `spawn_blocking` closure (`value`: ns).
        case blockingJobStart = "blocking_job_start"
        /// The closure on blocking-pool thread `thread - blockingThreadBase` returned.
        case blockingJobEnd = "blocking_job_end"
        /// A task spawned the task (`value`: its class index).
        case spawn
        /// The accept loop on `thread` accepted the task's connection and spawns it (`value`: its class index).
        case accept
        /// The blocked-worker monitor handed the core of worker `thread` to a new thread; the task's poll goes on on
        /// execution context `value` (`blocked_worker_handoff`).
        case handoff
    }

    /// The class index traces give the accept loop's task.
    public static let acceptLoopClass: Int32 = -2

    /// Blocking-pool thread `i` appears in traces as thread `blockingThreadBase + i`.
    public static let blockingThreadBase: Int32 = 10_000

    /// When, in ns since the start of the run.
    public var time: Nanoseconds
    public var kind: Kind
    /// The execution context: a worker index, or an index >= the worker count for a thread that gave its core away
    /// in `block_in_place`; -1 when no thread is involved.
    public var thread: Int32
    /// The task's serial number (order of arrival, from 0), or -1.
    public var task: Int64
    /// The task's class index, or -1.
    public var taskClass: Int32
    /// Kind-specific, see `Kind`.
    public var value: Int64
}

/// Which part of a run to record. Traces are for small windows: every poll is an event.
public struct TraceWindow: Sendable, Hashable {
    /// Record events at `from <= time < to`, in ns.
    public var from: Nanoseconds
    public var to: Nanoseconds

    public init(from: Nanoseconds, to: Nanoseconds) {
        self.from = from
        self.to = to
    }
}
