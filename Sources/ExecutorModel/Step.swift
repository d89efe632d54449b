import SimStats

/// One step of a task's program. Durations are distributions over nanoseconds, sampled when the task arrives.
///
/// | step | Tokio code it stands for | holds the worker? |
/// |---|---|---|
/// | `cpu` | computation inside a poll | yes, and uses a core |
/// | `block` | `std::thread::sleep` or synchronous I/O inside a poll | yes, without a core |
/// | `io` | `.await` on a socket that becomes ready after the duration | no: the task yields |
/// | `sleep` | `tokio::time::sleep(d).await` (1 ms timer resolution, rounded up) | no |
/// | `spawnBlocking` | `spawn_blocking(f).await`: `f` runs for the duration on the blocking pool | no |
/// | `yield` | `tokio::task::yield_now().await` | no |
/// | `blockInPlace` | `tokio::task::block_in_place(f)`: hands the core to a pool thread, then blocks | the thread, not the core |
/// | `acquire` | `mutex.lock()` / `semaphore.acquire()` on `Workload.primitives[primitive]` | std mutex: yes while waiting |
/// | `release` | dropping the guard or permit (`drop(guard)`) | no |
/// | `timeout` | `tokio::time::timeout(d, group).await` around the next `steps` steps | no |
/// | `select` | `tokio::select!` over two branches: the first to finish wins, the other is dropped | no |
/// | `spawn` | `tokio::spawn(child)` without awaiting its `JoinHandle` (detached) | no |
/// | `join` | spawn one child per listed class, then `join_all` over their `JoinHandle`s | no |
/// | `spawnBlockingClosure` | `spawn_blocking(f).await` where `f` is the next steps (`cpu` and `block` only) | no |
public enum Step: Sendable, Hashable {
    case cpu(Distribution)
    case block(Distribution)
    case io(Distribution)
    case sleep(Distribution)
    case spawnBlocking(Distribution)
    case yield
    case blockInPlace(Distribution)
    /// Takes the lock or one permit of `Workload.primitives[primitive]`; `cleanup` says how it is given back if a
    /// timeout cancels the scope that holds it.
    case acquire(primitive: Int, cleanup: Cleanup)
    /// Gives back the lock or permit of `Workload.primitives[primitive]` held by the task.
    case release(primitive: Int)
    /// Runs the next `steps` steps under a timeout of the sampled duration (1 ms timer resolution): if it fires, the
    /// group is dropped at its current await and the task does `onTimeout`.
    case timeout(Distribution, steps: Int, onTimeout: TimeoutAction)
    /// `tokio::select!` over two branches: the next `first` steps are branch A, the `second` steps after them branch
    /// B. Each branch starts with the future it waits for (an `io`, `sleep` or `spawn_blocking` step), followed by the
    /// steps that run only if that branch wins (its handler). Both futures are polled in the same task, in a random
    /// order each poll (`select!` without `biased;`); the first to complete wins and the other is dropped at its
    /// await (a pending `spawn_blocking` closure runs on to its end regardless).
    case select(first: Int, second: Int)
    /// `tokio::spawn` of a task of class `Workload.classes[taskClass]`, detached: the parent goes on at once. From a
    /// worker the child goes to that worker's LIFO slot, like any spawn from a task.
    case spawn(taskClass: Int)
    /// Spawns one task of each listed class (indices into `Workload.classes`, repeats allowed), then awaits all
    /// their `JoinHandle`s (`join_all`, a `JoinSet` drained to the end); the parent is woken by the last to finish.
    case join(taskClasses: [Int])
    /// `spawn_blocking(f).await` where the closure `f` is the next `steps` steps, each a `cpu` step (which needs a
    /// core, see `RuntimeConfiguration.cores`) or a `block` step (which does not). The pool thread runs them in order.
    case spawnBlockingClosure(steps: Int)

    /// The step's name as written in experiment files.
    public var kindName: String {
        switch self {
        case .cpu: return "cpu"
        case .block: return "block"
        case .io: return "io"
        case .sleep: return "sleep"
        case .spawnBlocking: return "spawn_blocking"
        case .yield: return "yield"
        case .blockInPlace: return "block_in_place"
        case .acquire: return "acquire"
        case .release: return "release"
        case .timeout: return "timeout"
        case .select: return "select"
        case .spawn: return "spawn"
        case .join: return "join"
        case .spawnBlockingClosure: return "spawn_blocking"
        }
    }

    /// The step's duration distribution, or `nil` for steps without one.
    public var duration: Distribution? {
        switch self {
        case let .cpu(d), let .block(d), let .io(d), let .sleep(d), let .spawnBlocking(d), let .blockInPlace(d),
            let .timeout(d, _, _):
            return d
        case .yield, .acquire, .release, .select, .spawn, .join, .spawnBlockingClosure: return nil
        }
    }

    /// Whether the step keeps the worker thread occupied for its duration (`cpu` and `block`).
    public var holdsWorker: Bool {
        switch self {
        case .cpu, .block: return true
        case .io, .sleep, .spawnBlocking, .yield, .blockInPlace, .acquire, .release, .timeout, .select, .spawn, .join,
            .spawnBlockingClosure:
            return false
        }
    }
}
