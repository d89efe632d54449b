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
public enum Step: Sendable, Hashable {
    case cpu(Distribution)
    case block(Distribution)
    case io(Distribution)
    case sleep(Distribution)
    case spawnBlocking(Distribution)
    case yield

    /// The step's name as written in experiment files.
    public var kindName: String {
        switch self {
        case .cpu: return "cpu"
        case .block: return "block"
        case .io: return "io"
        case .sleep: return "sleep"
        case .spawnBlocking: return "spawn_blocking"
        case .yield: return "yield"
        }
    }

    /// The step's duration distribution, or `nil` for `yield`.
    public var duration: Distribution? {
        switch self {
        case let .cpu(d), let .block(d), let .io(d), let .sleep(d), let .spawnBlocking(d): return d
        case .yield: return nil
        }
    }

    /// Whether the step keeps the worker thread occupied for its duration (`cpu` and `block`).
    public var holdsWorker: Bool {
        switch self {
        case .cpu, .block: return true
        case .io, .sleep, .spawnBlocking, .yield: return false
        }
    }
}
