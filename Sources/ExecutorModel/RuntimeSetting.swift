import SimKernel

/// Every number or switch of `[runtime]` and `[runtime.costs]` (all but `flavor`), declared once: its key, what values
/// it takes, what it means and where it lives in ``RuntimeConfiguration`` (whose initialiser holds the defaults). Parsing, validation, run.json and the
/// exported scenario all go through this list.
public enum RuntimeSetting: String, Sendable, Hashable, CaseIterable {
    case workers
    case cores
    case maxBlockingThreads = "max_blocking_threads"
    case threadKeepAlive = "thread_keep_alive"
    case eventInterval = "event_interval"
    case globalQueueInterval = "global_queue_interval"
    case localQueueCapacity = "local_queue_capacity"
    case coopBudget = "coop_budget"
    case lifoSlot = "lifo_slot"
    case timerResolution = "timer_resolution"
    case lifoStealable = "lifo_stealable"
    case eagerDriverHandoff = "eager_driver_handoff"
    case blockedWorkerHandoff = "blocked_worker_handoff"
    case monitorPeriod = "monitor_period"
    case monitorMaxPeriod = "monitor_max_period"
    case pollOverhead = "poll_overhead"
    case unparkLatency = "unpark_latency"
    case unparkLatencyP99 = "unpark_latency_p99"
    case timedWakeOvershoot = "timed_wake_overshoot"
    case threadSpawnCost = "thread_spawn_cost"
    case acceptCost = "accept_cost"

    /// The values a setting takes.
    public enum Domain: Sendable, Hashable {
        /// An integer in this range.
        case integer(ClosedRange<Int>)
        /// An integer in this range, or left out (``Value/unset``).
        case optionalInteger(ClosedRange<Int>)
        /// A duration in ns, zero allowed or not.
        case duration(allowsZero: Bool)
        /// A positive duration in ns, or left out (``Value/unset``).
        case optionalDuration
        case boolean
    }

    /// A setting's value: integers and durations (ns) as `Int64`, switches as `Bool`.
    public enum Value: Sendable, Hashable {
        case integer(Int64)
        case duration(Nanoseconds)
        case boolean(Bool)
        /// An optional setting left out.
        case unset
    }

    /// Whether the setting lives in `[runtime.costs]` rather than `[runtime]`.
    public var isCost: Bool {
        switch self {
        case .pollOverhead, .unparkLatency, .unparkLatencyP99, .timedWakeOvershoot, .threadSpawnCost, .acceptCost: true
        case .workers, .cores, .maxBlockingThreads, .threadKeepAlive, .eventInterval, .globalQueueInterval,
            .localQueueCapacity, .coopBudget, .lifoSlot, .timerResolution, .lifoStealable, .eagerDriverHandoff,
            .blockedWorkerHandoff, .monitorPeriod, .monitorMaxPeriod:
            false
        }
    }

    /// The key inside `[runtime]`: `workers`, `costs.poll_overhead`.
    public var key: String { isCost ? "costs." + rawValue : rawValue }

    public var domain: Domain {
        switch self {
        case .workers: .integer(1...1024)
        case .cores: .optionalInteger(1...1024)
        case .maxBlockingThreads: .integer(1...100_000)
        case .eventInterval, .coopBudget: .integer(1...1_000_000)
        case .globalQueueInterval: .optionalInteger(1...1_000_000)
        case .localQueueCapacity: .integer(2...1_000_000)
        case .threadKeepAlive, .timerResolution, .monitorPeriod, .monitorMaxPeriod: .duration(allowsZero: false)
        case .blockedWorkerHandoff: .optionalDuration
        case .pollOverhead, .unparkLatency, .unparkLatencyP99, .timedWakeOvershoot, .threadSpawnCost, .acceptCost:
            .duration(allowsZero: true)
        case .lifoSlot, .lifoStealable, .eagerDriverHandoff: .boolean
        }
    }

    /// What the setting does, in one line (empty when its name says it all).
    public var meaning: String {
        switch self {
        case .workers: "ignored by `current_thread`, which has one"
        case .cores:
            "CPU cores shared by every thread running `cpu` work (workers, `block_in_place` and blocking-pool threads); "
                + "more such threads than cores share them equally (processor sharing) and their `cpu` steps stretch. "
                + "Left out: one core per thread"
        case .maxBlockingThreads: "the cap on blocking-pool threads"
        case .threadKeepAlive: "idle blocking-pool threads exit after it"
        case .eventInterval: "scheduler ticks between driver polls of a busy worker"
        case .globalQueueInterval:
            "ticks between inject-queue-first checks. Left out: 61 (31 for `current_thread`) in `tokio-1.24`; in "
                + "`tokio-1.53`'s `multi_thread`, each worker tunes it to 200 µs / its mean poll time, within 2–127"
        case .localQueueCapacity: "each worker's local run queue; a full one moves half to the inject queue"
        case .coopBudget: "polls per scheduled task before a forced yield"
        case .lifoSlot: "whether a task woken by a worker goes to its LIFO slot (`disable_lifo_slot()` is `false`)"
        case .timerResolution: "timer deadlines round up to it"
        case .lifoStealable:
            "what-if: an idle worker may steal the task in another's LIFO slot, and a push to the slot notifies "
                + "(Tokio 1.51.0, tokio#7431, reverted in 1.51.2)"
        case .eagerDriverHandoff:
            "what-if: a worker that polled the I/O driver wakes a parked worker before running a task, to take the "
                + "driver over (tokio#8010, unstable since 1.52)"
        case .blockedWorkerHandoff:
            "what-if (Go's sysmon): a worker stuck in one poll (`block` or `cpu`) longer than this hands its core to "
                + "another thread. Left out: off"
        case .monitorPeriod: "the handoff monitor's shortest check period"
        case .monitorMaxPeriod:
            "the period the idle monitor backs off to, doubling after 50 checks that found nothing (Go: 10 ms); "
                + "`monitor_period` or less: no back-off"
        case .pollOverhead: "worker time per poll beyond the task's `cpu` steps"
        case .unparkLatency: "median time from waking a parked thread until it runs"
        case .unparkLatencyP99:
            "its 99th percentile: above the median, each wake-up draws its delay from a lognormal with this median "
                + "and p99; at or below it, every wake-up takes exactly `unpark_latency`"
        case .timedWakeOvershoot: "how late a thread wakes from a timed sleep"
        case .threadSpawnCost: "time to create a blocking-pool thread"
        case .acceptCost:
            "worker time of one `listener.accept()` that returns a connection plus the `tokio::spawn` of its task "
                + "(with `spawned_by = \"accept_loop\"`)"
        }
    }

    /// The allowed values in words, as error messages say them.
    public var allowed: String {
        switch domain {
        case let .integer(range), let .optionalInteger(range):
            "an integer from \(range.lowerBound) to \(range.upperBound)"
        case let .duration(allowsZero): allowsZero ? "a duration >= 0" : "a positive duration"
        case .optionalDuration: "a positive duration, or false (off)"
        case .boolean: "true or false"
        }
    }

    /// Whether `value` is allowed.
    public func accepts(_ value: Value) -> Bool {
        switch (domain, value) {
        case let (.integer(range), .integer(number)), let (.optionalInteger(range), .integer(number)):
            number >= range.lowerBound && number <= range.upperBound
        case (.optionalInteger, .unset): true
        case let (.duration(allowsZero), .duration(nanoseconds)): allowsZero ? nanoseconds >= 0 : nanoseconds > 0
        case let (.optionalDuration, .duration(nanoseconds)): nanoseconds > 0
        case (.optionalDuration, .unset): true
        case (.boolean, .boolean): true
        case (.integer, _), (.optionalInteger, _), (.duration, _), (.optionalDuration, _), (.boolean, _): false
        }
    }

    /// The setting's value in `configuration` (`workers` is the effective worker count).
    public func value(in configuration: RuntimeConfiguration) -> Value {
        let c = configuration
        switch self {
        case .workers: return .integer(Int64(c.effectiveWorkerCount))
        case .cores: return c.cores.map { .integer(Int64($0)) } ?? .unset
        case .maxBlockingThreads: return .integer(Int64(c.maxBlockingThreads))
        case .threadKeepAlive: return .duration(c.threadKeepAlive)
        case .eventInterval: return .integer(Int64(c.eventInterval))
        case .globalQueueInterval: return c.explicitGlobalQueueInterval.map { .integer(Int64($0)) } ?? .unset
        case .localQueueCapacity: return .integer(Int64(c.localQueueCapacity))
        case .coopBudget: return .integer(Int64(c.coopBudget))
        case .lifoSlot: return .boolean(c.lifoSlotEnabled)
        case .timerResolution: return .duration(c.timerResolution)
        case .lifoStealable: return .boolean(c.policies.lifoStealable)
        case .eagerDriverHandoff: return .boolean(c.policies.eagerDriverHandoff)
        case .blockedWorkerHandoff: return c.policies.blockedWorkerHandoff.map { .duration($0) } ?? .unset
        case .monitorPeriod: return .duration(c.policies.monitorPeriod)
        case .monitorMaxPeriod: return .duration(c.policies.monitorMaxPeriod)
        case .pollOverhead: return .duration(c.costs.pollOverhead)
        case .unparkLatency: return .duration(c.costs.unparkLatency)
        case .unparkLatencyP99: return .duration(c.costs.unparkLatencyP99)
        case .timedWakeOvershoot: return .duration(c.costs.timedWakeOvershoot)
        case .threadSpawnCost: return .duration(c.costs.threadSpawnCost)
        case .acceptCost: return .duration(c.costs.acceptCost)
        }
    }

    /// Sets the setting in `configuration`; a value of the wrong kind is ignored (callers check ``domain``).
    public func set(_ value: Value, in configuration: inout RuntimeConfiguration) {
        switch (self, value) {
        case let (.workers, .integer(n)): configuration.workerThreads = Int(n)
        case let (.cores, .integer(n)): configuration.cores = Int(n)
        case (.cores, .unset): configuration.cores = nil
        case let (.maxBlockingThreads, .integer(n)): configuration.maxBlockingThreads = Int(n)
        case let (.eventInterval, .integer(n)): configuration.eventInterval = Int(n)
        case let (.globalQueueInterval, .integer(n)): configuration.explicitGlobalQueueInterval = Int(n)
        case (.globalQueueInterval, .unset): configuration.explicitGlobalQueueInterval = nil
        case let (.lifoStealable, .boolean(on)): configuration.policies.lifoStealable = on
        case let (.eagerDriverHandoff, .boolean(on)): configuration.policies.eagerDriverHandoff = on
        case let (.blockedWorkerHandoff, .duration(ns)): configuration.policies.blockedWorkerHandoff = ns
        case (.blockedWorkerHandoff, .unset): configuration.policies.blockedWorkerHandoff = nil
        case let (.monitorPeriod, .duration(ns)): configuration.policies.monitorPeriod = ns
        case let (.monitorMaxPeriod, .duration(ns)): configuration.policies.monitorMaxPeriod = ns
        case let (.localQueueCapacity, .integer(n)): configuration.localQueueCapacity = Int(n)
        case let (.coopBudget, .integer(n)): configuration.coopBudget = Int(n)
        case let (.lifoSlot, .boolean(on)): configuration.lifoSlotEnabled = on
        case let (.threadKeepAlive, .duration(ns)): configuration.threadKeepAlive = ns
        case let (.timerResolution, .duration(ns)): configuration.timerResolution = ns
        case let (.pollOverhead, .duration(ns)): configuration.costs.pollOverhead = ns
        case let (.unparkLatency, .duration(ns)): configuration.costs.unparkLatency = ns
        case let (.unparkLatencyP99, .duration(ns)): configuration.costs.unparkLatencyP99 = ns
        case let (.timedWakeOvershoot, .duration(ns)): configuration.costs.timedWakeOvershoot = ns
        case let (.threadSpawnCost, .duration(ns)): configuration.costs.threadSpawnCost = ns
        case let (.acceptCost, .duration(ns)): configuration.costs.acceptCost = ns
        case (.workers, _), (.maxBlockingThreads, _), (.eventInterval, _), (.globalQueueInterval, _),
            (.localQueueCapacity, _), (.coopBudget, _), (.lifoSlot, _), (.threadKeepAlive, _), (.timerResolution, _),
            (.pollOverhead, _), (.unparkLatency, _), (.unparkLatencyP99, _), (.timedWakeOvershoot, _),
            (.threadSpawnCost, _), (.cores, _), (.acceptCost, _), (.lifoStealable, _), (.eagerDriverHandoff, _),
            (.blockedWorkerHandoff, _), (.monitorPeriod, _), (.monitorMaxPeriod, _):
            break
        }
    }
}
