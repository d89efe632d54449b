/// A kernel event of the executor model. Small and trivially copyable: scheduling one allocates nothing.
enum RuntimeEvent {
    /// The next task arrives from outside the runtime.
    case arrival
    /// A worker finished its current segment of work (a `cpu` or `block` step, or poll overhead).
    case segmentEnd(worker: Int32)
    /// A task's I/O completed; the driver delivers it the next time it is turned.
    case ioComplete(task: TaskID)
    /// A parked worker wakes: unparked, or its driver timeout expired. Stale if `generation` has moved on.
    case workerWake(worker: Int32, generation: UInt32)
    /// A blocking-pool thread starts or is woken and looks for a job. Stale if `generation` has moved on.
    case blockingThreadReady(thread: Int32, generation: UInt32)
    /// A blocking-pool thread finished its closure.
    case blockingJobDone(thread: Int32)
    /// An idle blocking-pool thread's keep-alive ran out. Stale if `generation` has moved on.
    case blockingKeepAliveExpired(thread: Int32, generation: UInt32)
}
