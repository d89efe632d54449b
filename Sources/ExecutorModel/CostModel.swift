import SimKernel
import SimStats

/// The time the simulated machine spends on runtime mechanics, in nanoseconds.
///
/// Each default names where it comes from; `Experiments/` files override them under `[runtime.costs]`.
/// Set them all to zero to compare the model with closed-form queueing results.
public struct CostModel: Sendable, Hashable {
    /// Worker time for one poll beyond the task's own `cpu` steps: dequeue, the `poll` call, state transitions.
    /// Default 500 ns: Tokio's per-poll overhead is a few hundred ns on commodity x86 (its own benchmarks of
    /// `spawn`+`yield` round trips run at ~1–2 M polls/s per worker).
    public var pollOverhead: Nanoseconds
    /// Median time from waking a parked thread (futex or `epoll` wake-up) until it runs.
    /// Default 30 µs: on real Tokio 1.24.2 on a 2-vCPU VM, a remote spawn reached its first poll 32 µs later at p50
    /// (`validation/RESULTS.md`).
    public var unparkLatency: Nanoseconds
    /// The 99th percentile of the wake-up time. When it exceeds `unparkLatency`, every wake-up draws its own delay
    /// from a lognormal distribution with that median and p99 (real wake-ups have a long tail, which fixed-length
    /// steps otherwise hide); at or below the median, every wake-up takes exactly `unparkLatency`.
    /// Default 230 µs, which with the 30 µs median gives the measured mean of 44 µs and p99 of ~250 µs.
    public var unparkLatencyP99: Nanoseconds
    /// How late a thread wakes from a timed sleep (`std::thread::sleep`, `epoll_wait` timeout) beyond its deadline:
    /// Linux's default 50 µs timer slack plus the wake-up. Default 100 µs: a 5 ms `std::thread::sleep` inside a task
    /// ran 5.08–5.21 ms on this machine (§11).
    public var timedWakeOvershoot: Nanoseconds
    /// Time a `spawn_blocking` caller spends creating a new blocking-pool thread, which Tokio does synchronously on the
    /// calling worker while holding the pool lock. Default 100 µs: fitted to a real Tokio 1.24.2 scenario in which
    /// nearly every `spawn_blocking` creates a thread (`validation/scenarios/cal_thread_spawn.toml`).
    public var threadSpawnCost: Nanoseconds
    /// Worker time the accept loop (`ArrivalSpawner.acceptLoop`) spends per connection: `accept4`, registering the
    /// socket with the driver (`epoll_ctl`) and `tokio::spawn` of its task. Default 30 µs: real Tokio 1.24.2's accept
    /// loop spent 32–37 µs of worker time per accepted connection on the validation machine (a 2-vCPU VM), and 30 µs
    /// brings the accept scenarios' p50 measured from `connect` to within 2% (`validation/NOTES-issue11.md`).
    public var acceptCost: Nanoseconds

    /// Creates a cost model; every argument defaults to the documented value.
    public init(
        pollOverhead: Nanoseconds = 500,
        unparkLatency: Nanoseconds = 30_000,
        unparkLatencyP99: Nanoseconds = 230_000,
        timedWakeOvershoot: Nanoseconds = 100_000,
        threadSpawnCost: Nanoseconds = 100_000,
        acceptCost: Nanoseconds = 30_000
    ) {
        self.acceptCost = acceptCost
        self.pollOverhead = pollOverhead
        self.unparkLatency = unparkLatency
        self.unparkLatencyP99 = unparkLatencyP99
        self.timedWakeOvershoot = timedWakeOvershoot
        self.threadSpawnCost = threadSpawnCost
    }

    /// A machine where runtime mechanics are free: the model reduces to an ideal queueing system.
    public static let zero = CostModel(
        pollOverhead: 0, unparkLatency: 0, unparkLatencyP99: 0, timedWakeOvershoot: 0, threadSpawnCost: 0, acceptCost: 0)

    /// The distribution of one wake-up's delay in ns, or `nil` when every wake-up takes exactly `unparkLatency`.
    var unparkLatencyDistribution: Distribution? {
        guard unparkLatency > 0, unparkLatencyP99 > unparkLatency else { return nil }
        return try? Distribution.lognormal(median: Double(unparkLatency), p99: Double(unparkLatencyP99))
    }
}
