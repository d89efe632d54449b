import DequeModule
import SimKernel
import SimStats

/// What a worker thread is doing, for time accounting and wake-ups.
enum WorkerActivity: UInt8 {
    /// Running a poll on a core (`cpu` steps, poll overhead, spawning a pool thread).
    case busy
    /// Blocked inside a poll without using a core (`block` steps).
    case blocked
    /// Parked, holding the driver (blocked in `epoll_wait`).
    case parkedInDriver
    /// Parked on its condition variable.
    case parkedOnCondvar
    /// Unparked but not yet running: the wake-up latency.
    case waking
    /// Between actions; never lasts virtual time.
    case idle
}

/// What happens when a worker's current segment of work ends.
enum SegmentContinuation: UInt8 {
    /// Go on with the current task's program.
    case continueProgram
    /// The poll returned `Pending` or `Ready`; finish it.
    case finishPoll
    /// The closure passed to `block_in_place` returned.
    case finishBlockInPlace
    /// The accept loop's `accept()` returned a connection: spawn its task.
    case spawnAccepted
}

/// How a poll ended.
enum PollOutcome: UInt8 {
    /// The task awaits something that will wake it.
    case pending
    /// The task woke itself during the poll (coop budget exhausted, or a timer that had already elapsed): Tokio 1.24
    /// reschedules it as a yield, to the back of the local queue.
    case selfWoken
    /// The task ran to completion.
    case completed
}

/// One worker thread and its core: LIFO slot, local run queue, tick counter and steal RNG.
struct Worker {
    /// The LIFO slot, or `.none` when empty. Never stolen.
    var lifoSlot: TaskID = .none
    /// The local run queue (bounded by `local_queue_capacity` in multi_thread; unbounded FIFO in current_thread).
    var runQueue = Deque<TaskID>()
    /// Local (`spawn_local`) tasks pinned to this worker and ready to run: its LocalSet's queue. Never stolen.
    var pinnedQueue = Deque<TaskID>()
    /// A thread that gave its core away in `block_in_place` and finishes its current poll without one; it never
    /// runs the scheduler loop.
    var isDetached = false
    /// For a worker whose core is being handed to a pool thread: the execution context still running the
    /// `block_in_place` caller, or -1.
    var blockInPlaceCaller: Int32 = -1
    /// For a detached thread: the core it gave away.
    var formerCore: Int32 = -1
    /// When the thread started waiting in a std mutex's `lock()`, in ns.
    var lockWaitStart: Nanoseconds = 0
    /// The std mutex the thread is blocked on, or -1.
    var waitedPrimitive: Int32 = -1
    /// Tasks whose wake-up is deferred until the worker next turns the driver or runs out of work (`yield_now`).
    var deferred: [TaskID] = []
    /// Scheduler ticks (loop iterations) so far.
    var tick: UInt32 = 0
    /// Tokio 1.53: whether local wakes may use the LIFO slot; off after 3 LIFO polls in one tick, until the chain ends.
    var lifoEnabled = true
    /// Tokio 1.53: LIFO polls in the current chain.
    var lifoPolls = 0
    /// Tokio 1.53: this worker's tuned `global_queue_interval` (seeded at 61).
    var globalQueueInterval: UInt32 = 61
    /// Tokio 1.53: the EWMA of poll time in ns (seeded at 200 µs / 61), when the current batch of scheduled-task
    /// processing started, and how many tasks it polled (`Stats`).
    var pollTimeEWMA = 200_000.0 / 61
    var processingSince: Nanoseconds = 0
    var polledInBatch = 0
    /// Whether the worker's last park held the I/O driver (`had_driver`, for the eager driver handoff).
    var hadDriver = false
    var isSearching = false
    /// The parker's NOTIFIED flag: the next park returns at once.
    var isNotified = false
    var activity = WorkerActivity.idle
    /// Since when `activity` holds, in ns.
    var activitySince: Nanoseconds = 0
    /// Time spent in the `blocked` activity since the run started, up to `activitySince`, in ns.
    var blockedTime: Nanoseconds = 0
    /// The value of `RuntimeSimulation.blockedTime(of:)` when the LIFO slot's current task entered it.
    var blockedTimeAtLIFOEntry: Nanoseconds = 0
    /// The worker's stranded clock up to its current activity's start, in ns (`RuntimeSimulation+StrandedTasks`).
    var strandedTime: Nanoseconds = 0
    /// The idle clock when the current busy or blocked activity started, in ns.
    var idleClockAtActivityStart: Nanoseconds = 0
    /// Invalidates a pending `segmentEnd` when the segment moves to another thread.
    var segmentGeneration: UInt32 = 0
    /// When the current segment ends, in ns (for moving it; segments on shared cores are not moved).
    var segmentEndsAt: Nanoseconds = 0
    /// Invalidates scheduled wake-ups when the worker is woken another way.
    var generation: UInt32 = 0
    /// While parked: when the next wake-up is scheduled, in ns (`.max` when none).
    var plannedWake: Nanoseconds = .max
    /// While parked in the driver: the timer tick its `epoll_wait` timeout waits for (`.max` when none).
    var plannedTimerTick: Int64 = .max

    /// The task being polled, or `.none`.
    var currentTask: TaskID = .none
    var pollStart: Nanoseconds = 0
    var outcome = PollOutcome.pending
    var continuation = SegmentContinuation.continueProgram
    /// Poll overhead not yet charged to a segment of the current poll, in ns.
    var pendingOverhead: Nanoseconds = 0
    /// Remaining coop budget of the current scheduled poll (shared along the LIFO chain).
    var budget = 0
    /// current_thread only: tasks run since the driver was last turned.
    var tasksSinceDriverTurn = 0
    /// Polls this worker has started in the whole run.
    var polls = 0
    /// `polls` when the worker last parked, to count no-op unparks.
    var pollsAtPark = 0

    /// Chooses where stealing starts (Tokio's per-worker `FastRand`).
    let stealRandom: RandomStream

    init(stealRandom: RandomStream) {
        self.stealRandom = stealRandom
    }

    var isParked: Bool {
        @inline(__always) get { activity.isParked }
    }
}

extension WorkerActivity {
    /// Parked, or woken and not yet running (`Worker.isParked`).
    var isParked: Bool {
        @inline(__always) get { self == .parkedInDriver || self == .parkedOnCondvar || self == .waking }
    }

    /// Parked with nothing to do (not `.waking`: a waking worker has been told of work).
    var isIdle: Bool {
        @inline(__always) get { self == .parkedInDriver || self == .parkedOnCondvar }
    }

    /// Running a poll or blocked in one: the worker's queued tasks cannot run on it meanwhile.
    var isOccupied: Bool {
        @inline(__always) get { self == .busy || self == .blocked }
    }
}
