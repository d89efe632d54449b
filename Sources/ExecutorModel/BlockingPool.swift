import DequeModule
import SimKernel

/// A `spawn_blocking` closure waiting for or running on a pool thread.
struct BlockingJob {
    /// The task awaiting the closure's `JoinHandle`, or `.none` for a core handoff.
    var task: TaskID
    /// The task's generation at submission: a cancelled await no longer matches.
    var generation: UInt32 = 0
    /// For `block_in_place`: the core a pool thread takes over, or -1.
    var core: Int32 = -1
    /// How long the closure runs, in ns (with shared cores: its `block` time; `cpu` work is in ``closure``).
    var duration: Nanoseconds
    /// With shared cores (`RuntimeConfiguration.cores`), the closure's program when it has `cpu` steps: each segment's
    /// length in ns and whether it needs a core. Empty otherwise: the closure just takes ``duration``.
    var closure: [ClosureSegment] = []
    /// When it was submitted, in ns.
    var submitted: Nanoseconds
}

/// A step of a `spawn_blocking` closure's program.
struct ClosureSegment {
    var duration: Nanoseconds
    var needsCore: Bool
}

/// One thread of the blocking pool.
struct BlockingThread {
    enum State: UInt8 { case starting, running, idle, waking, exited }
    var state = State.starting
    /// Invalidates a keep-alive expiry when the thread is reused.
    var generation: UInt32 = 0
    var job = BlockingJob(task: .none, duration: 0, submitted: 0)
    /// The closure segment running, when the job has a ``BlockingJob/closure``.
    var segment = 0
}

/// Tokio's blocking pool (`runtime/blocking/pool.rs`): one FIFO, unbounded queue; idle threads are woken one at a
/// time; a new thread is spawned synchronously by the caller when none is idle and the pool is below its cap; idle
/// threads exit after `thread_keep_alive`. Started closures cannot be cancelled.
struct BlockingPool {
    let maxThreads: Int
    let keepAlive: Nanoseconds
    var queue = Deque<BlockingJob>()
    var threads: [BlockingThread] = []
    /// Idle threads, most recently idled last.
    var idleThreads: [Int32] = []
    /// Exited thread slots, for reuse.
    var exitedThreads: [Int32] = []
    var liveThreadCount = 0

    init(maxThreads: Int, keepAlive: Nanoseconds) {
        self.maxThreads = maxThreads
        self.keepAlive = keepAlive
    }

    /// Creates a thread in the `starting` state and returns its index.
    mutating func addThread() -> Int32 {
        liveThreadCount += 1
        if let slot = exitedThreads.popLast() {
            threads[Int(slot)].state = .starting
            threads[Int(slot)].generation &+= 1
            return slot
        }
        threads.append(BlockingThread())
        return Int32(threads.count - 1)
    }

    mutating func removeIdle(_ thread: Int32) {
        if let index = idleThreads.lastIndex(of: thread) {
            idleThreads.remove(at: index)
        }
    }
}
