/// A lock or semaphore shared by all tasks of a workload, referred to by index from `acquire` and `release` steps.
public struct SyncPrimitive: Sendable, Hashable {
    /// How waiting for the primitive behaves.
    public enum Kind: Sendable, Hashable {
        /// `std::sync::Mutex` (futex-based on Linux): a contended `lock()` blocks the worker thread, so no other task
        /// runs on it meanwhile; unfair: a thread arriving while the lock is free takes it ahead of woken sleepers.
        /// Tokio cannot see the wait. The optional spin of 100 loads before sleeping is not modelled (it costs well
        /// under a microsecond).
        case stdMutex
        /// `tokio::sync::Mutex`: a contended `lock().await` yields; the lock is handed to the head waiter in strict
        /// FIFO order, which is woken like any task (into the releasing worker's LIFO slot); an acquisition costs one
        /// unit of coop budget.
        case asyncMutex
        /// `tokio::sync::Semaphore` with `permits` permits, FIFO like the async mutex; each `acquire` takes one permit.
        case semaphore(permits: Int)
    }

    /// A name for reports, unique within the workload.
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The number of holders allowed at once.
    var capacity: Int {
        if case let .semaphore(permits) = kind { return permits }
        return 1
    }

    /// The primitive's kind as written in experiment files.
    public var kindName: String {
        switch kind {
        case .stdMutex: return "std"
        case .asyncMutex: return "async"
        case .semaphore: return "semaphore"
        }
    }
}

/// How a guard or permit acquired by a task is given back when its scope is cancelled.
public enum Cleanup: String, Sendable, Hashable, CaseIterable {
    /// By `Drop`: released whenever the scope ends, including when a timeout drops it at an await.
    case drop
    /// By an explicit release written after an `.await`: skipped when the scope is cancelled, so the guard or permit
    /// leaks for the rest of the run.
    case afterAwait = "after_await"
}

/// What a task does when its timeout fires.
public enum TimeoutAction: String, Sendable, Hashable, CaseIterable {
    /// Handle the `Elapsed` error and go on with the steps after the timed-out group.
    case `continue`
    /// Return the error: the task ends.
    case end
}
