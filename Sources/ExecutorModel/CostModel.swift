import SimKernel

/// The time the simulated machine spends on runtime mechanics, in nanoseconds.
///
/// Each default names where it comes from; `Experiments/` files override them under `[runtime.costs]`.
/// Set them all to zero to compare the model with closed-form queueing results.
public struct CostModel: Sendable, Hashable {
    /// Worker time for one poll beyond the task's own `cpu` steps: dequeue, the `poll` call, state transitions.
    /// Default 500 ns: Tokio's per-poll overhead is a few hundred ns on commodity x86 (its own benchmarks of
    /// `spawn`+`yield` round trips run at ~1–2 M polls/s per worker).
    public var pollOverhead: Nanoseconds
    /// Time from waking a parked thread (futex or `epoll` wake-up) until it runs.
    /// Default 20 µs: on this 2-vCPU VM a remote spawn reached its first poll ~22 µs later at p50
    /// (`reference/tokio-scheduler.md` §11).
    public var unparkLatency: Nanoseconds
    /// How late a thread wakes from a timed sleep (`std::thread::sleep`, `epoll_wait` timeout) beyond its deadline:
    /// Linux's default 50 µs timer slack plus the wake-up. Default 100 µs: a 5 ms `std::thread::sleep` inside a task
    /// ran 5.08–5.21 ms on this machine (§11).
    public var timedWakeOvershoot: Nanoseconds
    /// Time a `spawn_blocking` caller spends creating a new blocking-pool thread, which Tokio does synchronously on the
    /// calling worker while holding the pool lock. Default 30 µs: `pthread_create` plus first scheduling of a thread
    /// with a 2 MiB stack on Linux is tens of µs.
    public var threadSpawnCost: Nanoseconds

    /// Creates a cost model; every argument defaults to the documented value.
    public init(
        pollOverhead: Nanoseconds = 500,
        unparkLatency: Nanoseconds = 20_000,
        timedWakeOvershoot: Nanoseconds = 100_000,
        threadSpawnCost: Nanoseconds = 30_000
    ) {
        self.pollOverhead = pollOverhead
        self.unparkLatency = unparkLatency
        self.timedWakeOvershoot = timedWakeOvershoot
        self.threadSpawnCost = threadSpawnCost
    }

    /// A machine where runtime mechanics are free: the model reduces to an ideal queueing system.
    public static let zero = CostModel(pollOverhead: 0, unparkLatency: 0, timedWakeOvershoot: 0, threadSpawnCost: 0)
}
