import MetricCatalogue
import DequeModule
import SimKernel
import SimStats

/// One run of the executor model: the state of every worker, queue, driver and pool thread, advanced event by event.
///
/// A value type mutated in place, so the event loop pays no reference counting or dynamic exclusivity checks.
/// Split across files by concern: scheduling (`+Scheduling`), the multi-thread worker loop (`+WorkerLoop`), the
/// current-thread loop (`+CurrentThread`), polling (`+Polling`), the driver (`+Driver`), the blocking pool
/// (`+BlockingPool`) and the invariant checker (`+Invariants`, on with `Scenario.checksInvariants`).
struct RuntimeSimulation {
    let configuration: RuntimeConfiguration
    let isMultiThread: Bool
    /// `configuration.tunesGlobalQueueInterval`, read once: the worker loop asks on every tick.
    let tunesGlobalQueueInterval: Bool
    let workerCount: Int
    let maxLiveTasks: Int
    let windowStart: Nanoseconds
    let windowEnd: Nanoseconds
    /// Measured tasks still running at this time are reported as unfinished.
    let drainLimit: Nanoseconds

    /// Each class's program in compact form; with an accept loop, its program comes last (``acceptorClass``).
    let programs: [[Instruction]]
    /// The child classes of every `spawn` and `join` step, referred to by `Instruction.firstChild`.
    let childClasses: [Int32]
    let classNames: [String]
    /// How reports name each class's steps (``TaskClass/stepLabels``).
    let stepLabels: [[String]]
    /// Whether each class's tasks are local (`spawn_local`), pinned to a worker.
    let isLocalClass: [Bool]
    let primitiveNames: [String]
    /// ``pollTimeEWMAWeightTable``.
    let pollTimeEWMAWeights = RuntimeSimulation.pollTimeEWMAWeightTable
    /// Running sums of the class weights, for choosing a class.
    let cumulativeWeights: [Double]
    let arrivals: ArrivalProcess
    /// The requests of a replayed log (`ArrivalProcess.replay`), and the next one to arrive.
    let replayedRequests: [ReplayedRequest]
    var nextReplayedRequest = 0
    /// For `ArrivalProcess.onOff`: when the current on-period ends, in ns.
    var onPeriodEnd: Nanoseconds = 0
    /// Who spawns arriving requests.
    let spawnedBy: ArrivalSpawner
    /// The accept loop's task (`.none` without one) and its class index in ``programs``.
    var acceptor = TaskID.none
    let acceptorClass: Int32
    /// Connections the listener has accepted in the kernel but the accept loop has not yet taken: their tasks,
    /// created at arrival, in arrival order.
    var backlog = Deque<TaskID>()
    /// Whether the listener's readiness has been handed to the driver and not yet delivered (edge-triggered).
    var isListenerReadinessPending = false

    let arrivalRandom: RandomStream
    /// Draws on- and off-period lengths (`ArrivalProcess.onOff`).
    let periodRandom: RandomStream
    let classRandom: RandomStream
    /// Draws wake-up delays when they are random (`CostModel.unparkLatencyP99`).
    let wakeRandom: RandomStream
    /// Chooses which `select` branch is polled first.
    let selectRandom: RandomStream
    let unparkLatencyDistribution: Distribution?
    let stepRandom: [RandomStream]

    var scheduler = EventScheduler<RuntimeEvent>()
    var tasks: TaskTable
    var workers: InPlaceTable<Worker>
    var idle: IdleWorkers
    /// The workers another could steal from (``isStealable(_:)``), kept by ``refreshStealable(_:)`` after every
    /// change to a local queue or LIFO slot.
    var stealableWorkers: WorkerSet
    /// The inject (global) queue.
    var inject = Deque<TaskID>()
    var driver: Driver
    var pool: BlockingPool
    /// The shared cores, when `RuntimeConfiguration.cores` is set (`nil`: every thread has its own core).
    var coreShare: ProcessorSharing?
    /// A reusable buffer for the consumers a core-share completion finishes.
    var spareConsumerBuffer: [ProcessorSharing.Consumer] = []
    var primitives: [PrimitiveState]
    /// The worker the next local task is pinned to (round-robin).
    var nextPinnedWorker: Int32 = 0
    /// The id of the most recently opened timeout group.
    var nextScopeID: UInt32 = 0
    /// The most recently issued `select` race token.
    var nextRaceToken: UInt32 = RuntimeSimulation.firstRaceToken
    /// Execution contexts of threads without a core (`block_in_place`) that are free for reuse.
    var freeDetachedContexts: [Int32] = []

    /// Everything measured, and the measurement window.
    var recorder: MeasurementRecorder
    /// The blocked-worker monitor's current period, in ns, and its checks in a row that found nothing.
    var monitorDelay: Nanoseconds = 0
    var monitorIdleChecks = 0
    /// An error found inside an event handler that cannot throw (too many live tasks after a spawn): the run stops
    /// with it after the event.
    var failure: ModelError?
    /// Set when the run stopped because every worker deadlocked.
    var deadlock: DeadlockReport?
    /// Events in the trace window, in time order.
    var traceEvents: [TraceEvent] = []
    /// Requests that arrived inside the window and have not completed.
    var measuredInFlight = 0
    /// Child tasks spawned inside the window that have not completed.
    var measuredChildrenInFlight = 0
    /// The serial number the next task gets (arrival or spawn order), for traces.
    var nextSerial: Int64 = 0
    let traceWindow: TraceWindow?
    /// Whether `checkInvariants()` runs after every event (`Scenario.checksInvariants`).
    let checksInvariants: Bool
    /// The time of the last event `checkInvariants()` saw, in ns.
    var lastCheckedTime: Nanoseconds = 0
    /// A reusable buffer for swapping out a worker's deferred list.
    var spareTaskBuffer: [TaskID] = []
    /// The idle clock (``idleClock()``): its value at `idleClockSince`, in ns, and the workers parked since then.
    var idleClockBase: Nanoseconds = 0
    var idleClockSince: Nanoseconds = 0
    var parkedWorkerCount = 0

    /// Stream numbers: 0 arrivals, 1 class choice, 2 + class step durations, 1_000_000 + worker steal order,
    /// 2_000_000 wake-up delays.
    static let stealStreamBase = 1_000_000
    static let wakeStream = 2_000_000
    static let selectStream = 3_000_000
    static let periodStream = 4_000_000

    init(scenario: Scenario, seed: ReplicationSeed) {
        let runtime = scenario.runtime
        configuration = runtime
        isMultiThread = runtime.flavor == .multiThread
        tunesGlobalQueueInterval = runtime.tunesGlobalQueueInterval
        workerCount = runtime.effectiveWorkerCount
        maxLiveTasks = scenario.maxLiveTasks
        windowStart = scenario.warmup
        windowEnd = scenario.warmup + scenario.duration
        drainLimit = windowEnd + max(scenario.duration, 10 * .nanosecondsPerSecond)

        let classes = scenario.workload.classes
        var childClasses: [Int32] = []
        var programs = classes.map { $0.steps.map { Instruction($0, childClasses: &childClasses) } }
        acceptorClass = Int32(programs.count)
        spawnedBy = scenario.workload.spawnedBy
        if spawnedBy == .acceptLoop { programs.append([Instruction.accept]) }
        self.programs = programs
        self.childClasses = childClasses
        classNames = classes.map(\.name)
        stepLabels = classes.map(\.stepLabels)
        isLocalClass = classes.map { $0.isLocal && runtime.flavor == .multiThread }
        primitiveNames = scenario.workload.primitives.map(\.name)
        primitives = scenario.workload.primitives.map(PrimitiveState.init)
        let stepDurations = classes.map { $0.steps.map(\.duration) }
        var sum = 0.0
        cumulativeWeights = classes.map { sum += max($0.weight, 0); return sum }
        arrivals = scenario.workload.arrivals
        if case let .replay(requests) = arrivals { replayedRequests = requests } else { replayedRequests = [] }

        func stream(_ number: Int) -> RandomStream {
            RandomStream(seed: StreamSeed.derive(
                experimentSeed: seed.experimentSeed, point: seed.point, replication: seed.replication, stream: number))
        }
        arrivalRandom = stream(0)
        periodRandom = stream(Self.periodStream)
        classRandom = stream(1)
        wakeRandom = stream(Self.wakeStream)
        selectRandom = stream(Self.selectStream)
        unparkLatencyDistribution = runtime.costs.unparkLatencyDistribution
        stepRandom = classes.indices.map { stream(2 + $0) }

        func maxCount(_ matches: (Instruction) -> Bool) -> Int {
            programs.map { $0.filter(matches).count }.max() ?? 0
        }
        tasks = TaskTable(
            // The accept loop's program (after the classes) has no durations.
            layout: StepDurationLayout(
                programs: stepDurations + programs.dropFirst(stepDurations.count).map { $0.map { _ in nil } }),
            heldPerSlot: maxCount { $0.kind == .acquire },
            scopesPerSlot: maxCount { $0.kind == .timeout })
        workers = InPlaceTable(
            (0..<workerCount).map { Worker(stealRandom: stream(Self.stealStreamBase + $0)) }, capacity: 2 * workerCount)
        idle = IdleWorkers(workerCount: workerCount)
        stealableWorkers = WorkerSet(capacity: workerCount)
        driver = Driver(resolution: runtime.timerResolution)
        pool = BlockingPool(maxThreads: runtime.maxBlockingThreads, keepAlive: runtime.threadKeepAlive)
        coreShare = runtime.cores.map(ProcessorSharing.init(cores:))
        recorder = MeasurementRecorder(
            windowStart: windowStart, windowEnd: windowEnd, workerCount: workerCount, classCount: classes.count,
            primitives: scenario.workload.primitives)
        traceWindow = scenario.trace
        checksInvariants = scenario.checksInvariants
    }

    @inline(__always)
    var now: Nanoseconds { scheduler.now }

    /// Runs warm-up, measurement window and drain, and returns the metrics.
    mutating func run() throws(ModelError) -> RunMetrics {
        start()
        try process(notAfter: windowStart)
        if deadlock == nil {
            recorder.open(levels: [
                .globalQueueDepth: inject.count, .blockingQueueDepth: pool.queue.count,
                .blockingThreads: pool.liveThreadCount,
            ])
        }
        try process(notAfter: windowEnd)
        if deadlock != nil { recorder.stop(at: now) }
        recorder.close(workers: workers.prefix(workerCount).map { ($0.activity, $0.activitySince) })
        while measuredInFlight + measuredChildrenInFlight > 0, try step(notAfter: drainLimit) {}
        return recorder.finish(
            deadlock: deadlock, unfinishedTasks: measuredInFlight, eventsProcessed: scheduler.eventsProcessed,
            trace: traceEvents)
    }

    /// Starts the arrival process (and the accept loop) and every worker's loop at time 0.
    mutating func start() {
        startArrivals()
        if spawnedBy == .acceptLoop { startAcceptLoop() }
        startBlockedWorkerMonitor()
        for worker in 0..<Int32(workerCount) {
            runLoop(worker)
        }
    }

    private mutating func process(notAfter limit: Nanoseconds) throws(ModelError) {
        while try step(notAfter: limit) {}
    }

    /// Handles the next event due at or before `limit`, then checks the invariants if asked to. Returns `false` when
    /// no event is due or the run has deadlocked.
    mutating func step(notAfter limit: Nanoseconds) throws(ModelError) -> Bool {
        guard deadlock == nil, let event = scheduler.next(notAfter: limit) else { return false }
        try handle(event)
        if let failure { throw failure }
        if checksInvariants { try checkInvariants() }
        return true
    }

    private mutating func handle(_ event: RuntimeEvent) throws(ModelError) {
        switch event {
        case .arrival:
            try arrive()
        case let .clientRequest(client):
            try sendRequest(from: client)
        case let .coreShareDue(generation):
            finishCoreShares(generation: generation)
        case let .segmentEnd(worker, generation):
            guard workers[Int(worker)].segmentGeneration == generation else { return }
            endSegment(worker)
        case .monitorCheck:
            checkForBlockedWorkers()
        case let .ioComplete(task, generation):
            completeIO(task, generation: generation)
        case let .lockRetry(context, primitive):
            retryLock(on: context, primitive: primitive)
        case let .coreHandedOff(worker):
            takeOverCore(worker)
        case let .workerWake(worker, generation):
            guard workers[Int(worker)].generation == generation, workers[Int(worker)].activity.isParked else { return }
            if isMultiThread { wakeWorker(worker) } else { wakeCurrentThread(worker) }
        case let .blockingThreadReady(thread, generation):
            guard pool.threads[Int(thread)].generation == generation else { return }
            runNextBlockingJob(on: thread)
        case let .blockingJobDone(thread):
            if pool.threads[Int(thread)].job.closure.isEmpty {
                finishBlockingJob(on: thread)
            } else {
                endClosureSegment(on: thread)
            }
        case let .blockingKeepAliveExpired(thread, generation):
            expireBlockingThread(thread, generation: generation)
        }
    }

    /// Continues the scheduling loop of `worker` at the current time.
    mutating func runLoop(_ worker: Int32) {
        if isMultiThread {
            runWorkerLoop(worker)
        } else {
            runCurrentThreadLoop(worker)
        }
    }

    /// The time one thread wake-up takes, in ns (`CostModel.unparkLatency`, random when a p99 is set).
    mutating func unparkDelay() -> Nanoseconds {
        guard let distribution = unparkLatencyDistribution else { return configuration.costs.unparkLatency }
        return Self.nanoseconds(distribution.sample(wakeRandom))
    }

    /// The longest sampled duration the model uses, in ns (about 11.6 days): far beyond any run, and far enough below
    /// `Int64.max` that adding it to any time of a run cannot overflow.
    static let longestSample: Double = 1e15

    /// A sampled duration in whole ns: rounded, a NaN or negative taken as 0, anything above ``longestSample`` clamped to it, so a
    /// heavy-tailed distribution can never trap in the conversion to `Int64`.
    static func nanoseconds(_ sample: Double) -> Nanoseconds {
        guard !sample.isNaN else { return 0 }
        return Nanoseconds(Swift.min(Swift.max(sample, 0), longestSample).rounded())
    }

    /// Records a trace event when tracing is on and the time is inside the trace window.
    @inline(__always)
    mutating func trace(_ kind: TraceEvent.Kind, thread: Int32, task: TaskID, value: Int64 = 0) {
        guard let window = traceWindow, now >= window.from, now < window.to else { return }
        let serial = task.isTask ? tasks[task].serial : -1
        let taskClass = task.isTask ? (task == acceptor ? TraceEvent.acceptLoopClass : tasks[task].classIndex) : -1
        traceEvents.append(
            TraceEvent(time: now, kind: kind, thread: thread, task: serial, taskClass: taskClass, value: value))
    }

    // MARK: The LIFO slot

    /// Puts `task` in `worker`'s LIFO slot, which must be empty.
    mutating func fillLIFOSlot(_ worker: Int32, with task: TaskID) {
        let index = Int(worker)
        workers[index].lifoSlot = task
        workers[index].blockedTimeAtLIFOEntry = blockedTime(of: worker)
        noteQueued(task, on: worker)
        refreshStealable(worker)
    }

    /// Empties `worker`'s LIFO slot and returns its task (`.none` if empty), counting the time it waited there while
    /// the worker was blocked (`lifo_blocked_wait_ms`).
    mutating func takeLIFOSlot(_ worker: Int32) -> TaskID {
        let index = Int(worker)
        let task = workers[index].lifoSlot
        guard task.isTask else { return task }
        workers[index].lifoSlot = .none
        noteDequeued(task, from: worker)
        refreshStealable(worker)
        let waited = blockedTime(of: worker) - workers[index].blockedTimeAtLIFOEntry
        if waited > 0 {
            recorder.count(.lifoBlockedTasks, at: now)
            recorder.count(.lifoBlockedWait, by: Int(waited), at: now)
        }
        return task
    }

    // MARK: Time accounting

    // The worker questions below read stored properties one by one: a computed property of `workers[i]` copies the
    // whole `Worker` (retaining its queues), which showed up as 5% of `Experiments/blocking.toml` in perf. Small
    // non-mutating helpers called from the event loop are `@inline(__always)`: otherwise a mutating caller copies
    // all of `self` (1.4 KB) to pass it to them.

    /// `worker`'s blocked time since the run started, up to now, in ns.
    @inline(__always)
    func blockedTime(of worker: Int32) -> Nanoseconds {
        let index = Int(worker)
        let blocked = workers[index].blockedTime
        return workers[index].activity == .blocked ? blocked + (now - workers[index].activitySince) : blocked
    }

    /// Whether `worker` has tasks of its own to run (LIFO slot, local queue or pinned queue).
    @inline(__always)
    func hasLocalWork(_ worker: Int32) -> Bool {
        let index = Int(worker)
        return workers[index].lifoSlot.isTask || !workers[index].runQueue.isEmpty || !workers[index].pinnedQueue.isEmpty
    }

    /// Switches a worker to `activity`, charging the time since its last switch to the measurement window.
    mutating func setActivity(_ worker: Int32, _ activity: WorkerActivity) {
        let index = Int(worker)
        if workers[index].activity == .blocked { workers[index].blockedTime += now - workers[index].activitySince }
        noteActivityChange(index, from: workers[index].activity, to: activity)
        recorder.workerSwitched(
            index, from: workers[index].activity, since: workers[index].activitySince, to: activity, at: now)
        workers[index].activity = activity
        workers[index].activitySince = now
    }
}
