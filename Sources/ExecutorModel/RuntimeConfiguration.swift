import SimKernel

/// The settings of one simulated Tokio runtime (names follow `tokio::runtime::Builder`).
public struct RuntimeConfiguration: Sendable, Hashable {
    /// Which Tokio release's scheduler to follow.
    public var profile: TokioProfile
    /// `multi_thread` or `current_thread`.
    public var flavor: RuntimeFlavor
    /// `worker_threads`: the number of workers (ignored for `current_thread`, which has exactly one).
    public var workerThreads: Int
    /// `max_blocking_threads`: the cap on blocking-pool threads. Tokio's default is 512.
    public var maxBlockingThreads: Int
    /// `thread_keep_alive`: how long an idle blocking-pool thread lives, in ns. Tokio's default is 10 s.
    public var threadKeepAlive: Nanoseconds
    /// `event_interval`: scheduler ticks between driver polls of a busy worker. Tokio's default is 61.
    public var eventInterval: Int
    /// `global_queue_interval` when set explicitly, or `nil`: 61 (multi_thread) or 31 (current_thread) in Tokio
    /// 1.24; self-tuned in Tokio 1.53's multi_thread scheduler (``tunesGlobalQueueInterval``).
    public var explicitGlobalQueueInterval: Int?
    /// Ticks between inject-queue-first checks: the explicit value or the profile's fixed one (the tuning's seed).
    public var globalQueueInterval: Int {
        get { explicitGlobalQueueInterval ?? (flavor == .multiThread ? 61 : 31) }
        set { explicitGlobalQueueInterval = newValue }
    }
    /// Whether each worker tunes its interval from its poll times (Tokio 1.29+, multi_thread, when not set).
    public var tunesGlobalQueueInterval: Bool {
        profile.isModern && flavor == .multiThread && explicitGlobalQueueInterval == nil
    }
    /// Capacity of each worker's local run queue (`LOCAL_QUEUE_CAPACITY`, 256); overflow moves half to the inject queue.
    public var localQueueCapacity: Int
    /// Coop budget per scheduled poll, shared along a LIFO chain (128 in Tokio).
    public var coopBudget: Int
    /// Whether local wakes go to the LIFO slot (`disable_lifo_slot()` turns it off).
    public var lifoSlotEnabled: Bool
    /// Timer resolution in ns: deadlines round up to the next multiple (1 ms in Tokio).
    public var timerResolution: Nanoseconds
    /// Costs of runtime mechanics.
    public var costs: CostModel
    /// What-if policies no Tokio release ships by default.
    public var policies = SchedulerPolicies()
    /// CPU cores shared by every thread that runs `cpu` work (workers, `block_in_place` threads, blocking-pool
    /// threads), or `nil` for one core per thread. When more threads want a core than there are, they share the
    /// cores equally (processor sharing), so `cpu` work stretches; blocked, sleeping and parked threads use none.
    public var cores: Int?

    /// Creates a configuration with Tokio's builder defaults for `flavor` (the same in 1.24 and 1.53) and the
    /// scheduler of `profile`.
    public init(
        profile: TokioProfile = .default,
        flavor: RuntimeFlavor = .multiThread,
        workerThreads: Int = 4,
        maxBlockingThreads: Int = 512,
        threadKeepAlive: Nanoseconds = 10 * .nanosecondsPerSecond,
        eventInterval: Int = 61,
        globalQueueInterval: Int? = nil,
        localQueueCapacity: Int = 256,
        coopBudget: Int = 128,
        lifoSlotEnabled: Bool = true,
        timerResolution: Nanoseconds = .nanosecondsPerMillisecond,
        costs: CostModel = CostModel(),
        cores: Int? = nil
    ) {
        self.cores = cores
        self.profile = profile
        self.flavor = flavor
        self.workerThreads = workerThreads
        self.maxBlockingThreads = maxBlockingThreads
        self.threadKeepAlive = threadKeepAlive
        self.eventInterval = eventInterval
        self.explicitGlobalQueueInterval = globalQueueInterval
        self.localQueueCapacity = localQueueCapacity
        self.coopBudget = coopBudget
        self.lifoSlotEnabled = lifoSlotEnabled
        self.timerResolution = timerResolution
        self.costs = costs
    }

    /// The number of worker threads the runtime really has: `workerThreads`, or 1 for `current_thread`.
    public var effectiveWorkerCount: Int {
        flavor == .multiThread ? workerThreads : 1
    }

    /// Checks every setting and names the first one out of range.
    public func validate() throws(ModelError) {
        for setting in RuntimeSetting.allCases where !setting.accepts(setting.value(in: self)) {
            throw ModelError.invalidRuntimeSetting(setting)
        }
    }
}
