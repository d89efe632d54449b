import SimKernel

/// Everything one simulation run needs besides its seed.
public struct Scenario: Sendable, Hashable {
    public var runtime: RuntimeConfiguration
    public var workload: Workload
    /// Virtual time before measurement starts, in ns; tasks arriving earlier are not measured.
    public var warmup: Nanoseconds
    /// Length of the measurement window after the warm-up, in ns.
    public var duration: Nanoseconds
    /// The run stops with `ModelError.overloaded` when more tasks than this are alive at once.
    public var maxLiveTasks: Int
    /// Record an event trace of this window into `RunMetrics.trace` (nil: no trace, the default).
    public var trace: TraceWindow?
    /// Verify the model's invariants after every event (`RuntimeSimulation.checkInvariants()`) and stop with
    /// `ModelError.invariantViolated` at the first one broken. Several times slower; the metrics are identical.
    /// Off by default.
    public var checksInvariants: Bool

    public init(
        runtime: RuntimeConfiguration,
        workload: Workload,
        warmup: Nanoseconds,
        duration: Nanoseconds,
        maxLiveTasks: Int = 1_000_000,
        trace: TraceWindow? = nil,
        checksInvariants: Bool = false
    ) {
        self.trace = trace
        self.checksInvariants = checksInvariants
        self.runtime = runtime
        self.workload = workload
        self.warmup = warmup
        self.duration = duration
        self.maxLiveTasks = maxLiveTasks
    }

    /// The offered load per worker: mean arrival rate × mean worker time per request (its `cpu` and `block` steps,
    /// its children's, and the poll overhead of every poll) / workers; with `RuntimeConfiguration.cores` set, the
    /// larger of that and the load per core (core time per request, pool closures included / cores). At 1 or more
    /// the run cannot reach a steady state. 0 for a closed process, which cannot overload.
    public var offeredLoadPerWorker: Double { max(offeredLoadOnWorkers, offeredLoadOnCores ?? 0) }

    /// The load on the worker threads: mean arrival rate × mean worker time per request (`cpu`, `block`, children,
    /// poll overhead) / workers; 0 for a closed process.
    public var offeredLoadOnWorkers: Double {
        guard let rate = workload.arrivals.meanRatePerSecond else { return 0 }
        return rate * (workload.meanWorkerTimePerTask + pollOverheadPerTask) / 1e9 / Double(runtime.effectiveWorkerCount)
    }

    /// With `RuntimeConfiguration.cores` set, the load on the cores: mean arrival rate × core time per request (pool
    /// closures included, poll overhead) / cores; nil without shared cores, 0 for a closed process.
    public var offeredLoadOnCores: Double? {
        guard let cores = runtime.cores else { return nil }
        guard let rate = workload.arrivals.meanRatePerSecond else { return 0 }
        return rate * (workload.meanCPUTimePerTask + pollOverheadPerTask) / 1e9 / Double(cores)
    }

    /// The poll overhead of a request's polls, children included, in ns.
    private var pollOverheadPerTask: Double { workload.meanPollsPerTask * Double(runtime.costs.pollOverhead) }
}
