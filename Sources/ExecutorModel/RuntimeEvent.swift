/// A kernel event of the executor model. Small and trivially copyable: scheduling one allocates nothing.
enum RuntimeEvent {
    /// The next request of an open arrival process arrives.
    case arrival
    /// A closed-loop client sends its next request.
    case clientRequest(client: Int32)
    /// The earliest `cpu` segment sharing the cores finishes (`RuntimeConfiguration.cores`). Stale if `generation`
    /// has moved on.
    case coreShareDue(generation: UInt32)
    /// A worker finished its current segment of work (a `cpu` or `block` step, or poll overhead).
    /// Stale if the context's `segmentGeneration` has moved on (the segment moved to another thread).
    case segmentEnd(worker: Int32, generation: UInt32)
    /// A task's I/O completed; the driver delivers it the next time it is turned. Stale if the task's generation
    /// has moved on (the await was cancelled).
    case ioComplete(task: TaskID, generation: UInt32)
    /// A thread blocked in a std mutex's `lock()` was woken by `futex_wake` and retries.
    case lockRetry(context: Int32, primitive: Int32)
    /// The pool thread taking over a core from `block_in_place` starts running the worker loop.
    case coreHandedOff(worker: Int32)
    /// A parked worker wakes: unparked, or its driver timeout expired. Stale if `generation` has moved on.
    case workerWake(worker: Int32, generation: UInt32)
    /// A blocking-pool thread starts or is woken and looks for a job. Stale if `generation` has moved on.
    case blockingThreadReady(thread: Int32, generation: UInt32)
    /// A blocking-pool thread finished its closure.
    case blockingJobDone(thread: Int32)
    /// An idle blocking-pool thread's keep-alive ran out. Stale if `generation` has moved on.
    case blockingKeepAliveExpired(thread: Int32, generation: UInt32)
    /// The blocked-worker monitor (`SchedulerPolicies.blockedWorkerHandoff`) checks the workers.
    case monitorCheck
}
