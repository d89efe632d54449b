import DequeModule
import SimKernel

/// The run-time state of one lock or semaphore.
struct PrimitiveState {
    let kind: SyncPrimitive.Kind
    /// The number of holders allowed at once (1 for a mutex).
    let capacity: Int
    /// Free permits (1 or 0 for a mutex).
    var available: Int
    /// The task holding a mutex, `.none` when free, `leakedHolder` when its guard leaked.
    var holder: TaskID = .none
    /// Tasks waiting for an async mutex or semaphore, in FIFO order.
    var taskWaiters = Deque<TaskID>()
    /// Threads (execution contexts) blocked in a std mutex's `lock()`, in futex wake order.
    var threadWaiters = Deque<Int32>()
    /// Whether a std mutex waiter has been woken and is on its way to retry.
    var isWakeInFlight = false

    /// The holder of a mutex whose guard leaked: no task will ever release it.
    static let leakedHolder = TaskID(rawValue: -2)

    init(_ primitive: SyncPrimitive) {
        kind = primitive.kind
        capacity = primitive.capacity
        available = primitive.capacity
    }

    var isStdMutex: Bool { kind == .stdMutex }
}

/// A lock or permit a task holds.
struct HeldResource {
    var primitive: Int32
    var cleanup: Cleanup
    var acquiredAt: Nanoseconds
}

/// An open `timeout` group of a task.
struct TimeoutScope {
    /// Identifies the scope's timer entry; unique over the run.
    var id: UInt32
    /// The step after the group.
    var endStep: Int32
    var onTimeout: TimeoutAction
    /// The number of resources the task held when the group started; later ones belong to the group.
    var heldMark: Int32
    /// Whether the timer has fired.
    var hasFired = false
}

/// What a suspended task is waiting for, so a cancellation can drop it.
enum AwaitKind: UInt8 {
    /// `children`: the `JoinHandle`s of a `join`; `connection`: the accept loop's `listener.accept()`.
    case none, io, timer, blockingJob, primitive, children, connection
}
