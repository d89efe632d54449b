import SimKernel

/// A broken invariant of the executor model's state, found after an event when `Scenario.checksInvariants` is on.
///
/// A violation is a bug in the model, never in the experiment: the event number and time let a developer stop a
/// debugger at the event that broke it (same scenario, same seed).
public struct InvariantViolation: Sendable, Hashable, CustomStringConvertible {
    /// The families of invariants `RuntimeSimulation.checkInvariants()` verifies.
    public enum Invariant: String, Sendable, Hashable, CaseIterable {
        /// Every live task is in exactly one place: one run queue (LIFO slot, local, pinned or inject queue), one
        /// worker's deferred `yield_now` list, polled by one thread, or suspended on its awaits; `isScheduled` holds
        /// exactly for queued tasks, and no completed task's slot is referenced anywhere.
        case taskPlacement = "task placement"
        /// Every await a task has pending is registered where its completion comes from (an I/O event, a timer, a
        /// blocking-pool job, a lock's waiter queue), every open timeout has its timer, and a suspended task has at
        /// least one pending await: no wake-up can be lost.
        case wakeSource = "wake-up source"
        /// Virtual time never decreases, no event is pending in the past, and no task or worker timestamp lies in
        /// the future.
        case monotonicTime = "monotonic time"
        /// Every worker thread is in a state it will leave: a busy or blocked thread has its segment end (or its
        /// std-mutex retry) pending, a waking thread its wake-up, a thread parked with a timeout its timer, a core
        /// being handed over its handoff; no worker is idle between events, and exactly one arrival is pending.
        case threadState = "thread state"
        /// `IdleWorkers` agrees with the workers: the sleepers are exactly the parked workers still waiting for a
        /// notification, and the searching count is the searching workers plus those notified but not yet running.
        case idleWorkers = "idle workers"
        /// The driver's holder is the worker parked in (or waking from) it, and no timer waits for a tick the driver
        /// has already processed.
        case driver = "driver"
        /// The blocking pool's thread count, idle list and exited list agree with its threads' states, and every
        /// pool thread has its next event pending.
        case blockingPool = "blocking pool"
        /// Locks and permits are conserved: free + held + leaked = capacity; a mutex's holder holds it; a permit is
        /// never free while tasks queue for it; std-mutex waiters are blocked threads.
        case locks = "locks and permits"
        /// Queues stay within their capacity and their flavor's shape: local queues within `local_queue_capacity`,
        /// no LIFO slot when it is disabled or in current_thread, nothing queued on a `block_in_place` thread, live
        /// tasks within `max_live_tasks`; the set of stealable workers names exactly the workers with work to steal.
        case queueCapacity = "queue capacity"
        /// No duration or counter in the metrics is negative, worker times fit in the elapsed window, and the
        /// counts agree with the state: tasks arrived − completed = measured tasks alive, the stall tracker's waiting
        /// tasks and blocked workers match the queues and the workers.
        case metrics = "metrics"
    }

    /// Which invariant was broken.
    public var invariant: Invariant
    /// The simulated time of the event after which the check failed, in ns.
    public var time: Nanoseconds
    /// The number of that event in the run (1 = the first event handled).
    public var event: UInt64
    /// The task concerned, by arrival number (as in traces), or nil.
    public var task: Int64?
    /// The worker concerned (numbers at or above the worker count are `block_in_place` threads), or nil.
    public var worker: Int?
    /// What was found, naming the task, worker, thread or queue.
    public var detail: String

    public init(
        invariant: Invariant, time: Nanoseconds, event: UInt64, task: Int64? = nil, worker: Int? = nil, detail: String
    ) {
        self.invariant = invariant
        self.time = time
        self.event = event
        self.task = task
        self.worker = worker
        self.detail = detail
    }

    public var description: String {
        let seconds = Double(time) / 1e9
        return "model invariant violated (\(invariant.rawValue)) at t = \(seconds) s, event \(event): \(detail)"
    }
}
