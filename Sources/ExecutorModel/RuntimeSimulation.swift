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
    let workerCount: Int
    let maxLiveTasks: Int
    let windowStart: Nanoseconds
    let windowEnd: Nanoseconds
    /// Measured tasks still running at this time are reported as unfinished.
    let drainLimit: Nanoseconds

    /// Each class's program in compact form.
    let programs: [[Instruction]]
    let classNames: [String]
    /// Whether each class's tasks are local (`spawn_local`), pinned to a worker.
    let isLocalClass: [Bool]
    let primitiveNames: [String]
    /// Step-duration distributions of each class's program (`nil` for `yield`).
    let stepDurations: [[Distribution?]]
    /// Running sums of the class weights, for choosing a class.
    let cumulativeWeights: [Double]
    let arrivals: ArrivalProcess

    let arrivalRandom: RandomStream
    let classRandom: RandomStream
    /// Draws wake-up delays when they are random (`CostModel.unparkLatencyP99`).
    let wakeRandom: RandomStream
    /// Chooses which `select` branch is polled first.
    let selectRandom: RandomStream
    let unparkLatencyDistribution: Distribution?
    let stepRandom: [RandomStream]

    var scheduler = EventScheduler<RuntimeEvent>()
    var tasks: TaskTable
    var workers: [Worker]
    var idle: IdleWorkers
    /// The inject (global) queue.
    var inject = Deque<TaskID>()
    var driver: Driver
    var pool: BlockingPool
    var stall: StallTracker
    var primitives: [PrimitiveState]
    /// The worker the next local task is pinned to (round-robin).
    var nextPinnedWorker: Int32 = 0
    /// The id of the most recently opened timeout group.
    var nextScopeID: UInt32 = 0
    /// The most recently issued `select` race token.
    var nextRaceToken: UInt32 = RuntimeSimulation.firstRaceToken
    /// Execution contexts of threads without a core (`block_in_place`) that are free for reuse.
    var freeDetachedContexts: [Int32] = []

    var metrics = RunMetrics()
    var counters = RuntimeCounters()
    /// Tasks that arrived inside the window and have not completed.
    var measuredInFlight = 0
    /// Tasks that arrived so far.
    var arrivalCount: Int64 = 0
    let traceWindow: TraceWindow?
    /// Whether `checkInvariants()` runs after every event (`Scenario.checksInvariants`).
    let checksInvariants: Bool
    /// The time of the last event `checkInvariants()` saw, in ns.
    var lastCheckedTime: Nanoseconds = 0
    /// A reusable buffer for swapping out a worker's deferred list.
    var spareTaskBuffer: [TaskID] = []

    /// Stream numbers: 0 arrivals, 1 class choice, 2 + class step durations, 1_000_000 + worker steal order,
    /// 2_000_000 wake-up delays.
    static let stealStreamBase = 1_000_000
    static let wakeStream = 2_000_000
    static let selectStream = 3_000_000

    init(scenario: Scenario, seed: ReplicationSeed) {
        let runtime = scenario.runtime
        configuration = runtime
        isMultiThread = runtime.flavor == .multiThread
        workerCount = runtime.effectiveWorkerCount
        maxLiveTasks = scenario.maxLiveTasks
        windowStart = scenario.warmup
        windowEnd = scenario.warmup + scenario.duration
        drainLimit = windowEnd + max(scenario.duration, 10 * .nanosecondsPerSecond)

        let classes = scenario.workload.classes
        let programs = classes.map { $0.steps.map(Instruction.init) }
        self.programs = programs
        classNames = classes.map(\.name)
        isLocalClass = classes.map { $0.isLocal && runtime.flavor == .multiThread }
        primitiveNames = scenario.workload.primitives.map(\.name)
        primitives = scenario.workload.primitives.map(PrimitiveState.init)
        stepDurations = classes.map { $0.steps.map(\.duration) }
        var sum = 0.0
        cumulativeWeights = classes.map { sum += max($0.weight, 0); return sum }
        arrivals = scenario.workload.arrivals

        func stream(_ number: Int) -> RandomStream {
            RandomStream(seed: StreamSeed.derive(
                experimentSeed: seed.experimentSeed, point: seed.point, replication: seed.replication, stream: number))
        }
        arrivalRandom = stream(0)
        classRandom = stream(1)
        wakeRandom = stream(Self.wakeStream)
        selectRandom = stream(Self.selectStream)
        unparkLatencyDistribution = runtime.costs.unparkLatencyDistribution
        stepRandom = classes.indices.map { stream(2 + $0) }

        func maxCount(_ matches: (Instruction) -> Bool) -> Int {
            programs.map { $0.filter(matches).count }.max() ?? 0
        }
        tasks = TaskTable(
            stepsPerSlot: classes.map(\.steps.count).max() ?? 1,
            heldPerSlot: maxCount { $0.kind == .acquire },
            scopesPerSlot: maxCount { $0.kind == .timeout })
        workers = (0..<workerCount).map { Worker(stealRandom: stream(Self.stealStreamBase + $0)) }
        idle = IdleWorkers(workerCount: workerCount)
        driver = Driver(resolution: runtime.timerResolution)
        pool = BlockingPool(maxThreads: runtime.maxBlockingThreads, keepAlive: runtime.threadKeepAlive)
        stall = StallTracker(windowStart: windowStart, windowEnd: windowEnd, workerCount: workerCount)
        traceWindow = scenario.trace
        checksInvariants = scenario.checksInvariants
        metrics.measuredDuration = scenario.duration
        metrics.latencyByClass = Array(repeating: LatencyHistogram(), count: classes.count)
    }

    var now: Nanoseconds { scheduler.now }

    var isInWindow: Bool { now >= windowStart && now < windowEnd }

    /// Runs warm-up, measurement window and drain, and returns the metrics.
    mutating func run() throws(ModelError) -> RunMetrics {
        start()
        try process(notAfter: windowStart)
        openWindow()
        let countersAtStart = counters
        let workerCountersAtStart = workers.map(\.metrics)
        try process(notAfter: windowEnd)
        closeWindow(countersAtStart: countersAtStart, workerCountersAtStart: workerCountersAtStart)
        while measuredInFlight > 0, try step(notAfter: drainLimit) {}
        metrics.tasksUnfinished = measuredInFlight
        metrics.primitives = primitives.map(\.metrics)
        metrics.eventsProcessed = scheduler.eventsProcessed
        return metrics
    }

    /// Schedules the first arrival and starts every worker's loop at time 0.
    mutating func start() {
        scheduler.schedule(.arrival, after: nextInterarrivalTime())
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
        guard metrics.deadlock == nil, let event = scheduler.next(notAfter: limit) else { return false }
        try handle(event)
        if checksInvariants { try checkInvariants() }
        return true
    }

    private mutating func handle(_ event: RuntimeEvent) throws(ModelError) {
        switch event {
        case .arrival:
            try arrive()
        case let .segmentEnd(worker):
            endSegment(worker)
        case let .ioComplete(task, generation):
            completeIO(task, generation: generation)
        case let .lockRetry(context, primitive):
            retryLock(on: context, primitive: primitive)
        case let .coreHandedOff(worker):
            takeOverCore(worker)
        case let .workerWake(worker, generation):
            guard workers[Int(worker)].generation == generation, workers[Int(worker)].isParked else { return }
            if isMultiThread { wakeWorker(worker) } else { wakeCurrentThread(worker) }
        case let .blockingThreadReady(thread, generation):
            guard pool.threads[Int(thread)].generation == generation else { return }
            runNextBlockingJob(on: thread)
        case let .blockingJobDone(thread):
            finishBlockingJob(on: thread)
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

    // MARK: Arrivals and completions

    private mutating func nextInterarrivalTime() -> Nanoseconds {
        let meanGap = 1e9 / arrivals.ratePerSecond
        switch arrivals {
        case .poisson:
            return Nanoseconds(Distribution.exponential(mean: meanGap).sample(arrivalRandom).rounded())
        case .constantRate:
            return Nanoseconds(meanGap.rounded())
        }
    }

    private mutating func arrive() throws(ModelError) {
        scheduler.schedule(.arrival, after: nextInterarrivalTime())
        guard tasks.liveCount < maxLiveTasks else {
            throw ModelError.overloaded(liveTasks: tasks.liveCount, atNanoseconds: now)
        }
        let classIndex = chooseClass()
        var record = TaskRecord()
        record.classIndex = Int32(classIndex)
        record.arrival = now
        record.isMeasured = isInWindow
        record.serial = arrivalCount
        arrivalCount += 1
        if isLocalClass[classIndex] {
            record.pinnedWorker = nextPinnedWorker
            nextPinnedWorker = (nextPinnedWorker + 1) % Int32(workerCount)
        }
        let task = tasks.insert(record)
        metrics.liveTasksPeak = max(metrics.liveTasksPeak, tasks.liveCount)
        let random = stepRandom[classIndex]
        for (step, distribution) in stepDurations[classIndex].enumerated() {
            let sample = distribution.map { $0.sample(random) } ?? 0
            tasks.setDuration(Nanoseconds(sample.rounded()), of: task, step: step)
        }
        if record.isMeasured {
            metrics.tasksArrived += 1
            measuredInFlight += 1
        }
        trace(.arrival, thread: -1, task: task, value: Int64(classIndex))
        scheduleRemote(task)
    }

    /// The time one thread wake-up takes, in ns (`CostModel.unparkLatency`, random when a p99 is set).
    mutating func unparkDelay() -> Nanoseconds {
        guard let distribution = unparkLatencyDistribution else { return configuration.costs.unparkLatency }
        return Nanoseconds(distribution.sample(wakeRandom).rounded())
    }

    /// Records a trace event when tracing is on and the time is inside the trace window.
    @inline(__always)
    mutating func trace(_ kind: TraceEvent.Kind, thread: Int32, task: TaskID, value: Int64 = 0) {
        guard let window = traceWindow, now >= window.from, now < window.to else { return }
        let serial = task >= 0 ? tasks[task].serial : -1
        let taskClass = task >= 0 ? tasks[task].classIndex : -1
        metrics.trace.append(
            TraceEvent(time: now, kind: kind, thread: thread, task: serial, taskClass: taskClass, value: value))
    }

    private func chooseClass() -> Int {
        guard cumulativeWeights.count > 1, let total = cumulativeWeights.last else { return 0 }
        let draw = classRandom.uniform() * total
        return cumulativeWeights.firstIndex { draw < $0 } ?? cumulativeWeights.count - 1
    }

    /// Records a finished task and frees its slot.
    mutating func complete(_ task: TaskID) {
        trace(.complete, thread: -1, task: task)
        let record = tasks[task]
        if record.isMeasured {
            let latency = now - record.arrival
            metrics.latency.record(latency)
            metrics.latencyByClass[Int(record.classIndex)].record(latency)
            metrics.tasksCompleted += 1
            measuredInFlight -= 1
        }
        if isInWindow {
            metrics.completionsInWindow += 1
        }
        tasks.remove(task)
    }

    // MARK: Time accounting

    /// Switches a worker to `activity`, charging the time since its last switch to the measurement window.
    mutating func setActivity(_ worker: Int32, _ activity: WorkerActivity) {
        let index = Int(worker)
        let previous = workers[index].activity
        let span = min(now, windowEnd) - max(workers[index].activitySince, windowStart)
        if span > 0 {
            switch previous {
            case .busy: workers[index].metrics.busyTime += span
            case .blocked: workers[index].metrics.blockedTime += span
            case .parkedInDriver, .parkedOnCondvar, .waking: workers[index].metrics.parkedTime += span
            case .idle: break
            }
        }
        if index < workerCount {
            if previous == .blocked && activity != .blocked { stall.workerUnblocked(at: now) }
            if activity == .blocked && previous != .blocked { stall.workerBlocked(at: now) }
        }
        workers[index].activity = activity
        workers[index].activitySince = now
    }

    /// Peaks start from the state at the start of the window.
    private mutating func openWindow() {
        metrics.globalQueueDepthPeak = inject.count
        metrics.blockingQueueDepthPeak = pool.queue.count
        metrics.blockingThreadsPeak = pool.liveThreadCount
    }

    private mutating func closeWindow(countersAtStart: RuntimeCounters, workerCountersAtStart: [WorkerMetrics]) {
        for worker in 0..<Int32(workerCount) {
            setActivity(worker, workers[Int(worker)].activity)
        }
        stall.finish()
        metrics.stalls = stall.metrics
        metrics.workers = (0..<workerCount).map { workers[$0].metrics.countersSince(workerCountersAtStart[$0]) }
        metrics.budgetForcedYieldCount = counters.budgetForcedYieldCount - countersAtStart.budgetForcedYieldCount
        metrics.remoteScheduleCount = counters.remoteScheduleCount - countersAtStart.remoteScheduleCount
        metrics.blockingThreadsSpawned = counters.blockingThreadsSpawned - countersAtStart.blockingThreadsSpawned
    }
}

/// Runtime-wide counters, snapshotted at the start of the measurement window.
struct RuntimeCounters {
    var budgetForcedYieldCount = 0
    var remoteScheduleCount = 0
    var blockingThreadsSpawned = 0
}

extension WorkerMetrics {
    /// These metrics with every counter reduced by its value in `earlier`; times are kept as they are (they are
    /// accumulated for the window only).
    func countersSince(_ earlier: WorkerMetrics) -> WorkerMetrics {
        var result = self
        result.pollCount -= earlier.pollCount
        result.stealCount -= earlier.stealCount
        result.stealOperations -= earlier.stealOperations
        result.overflowCount -= earlier.overflowCount
        result.parkCount -= earlier.parkCount
        result.noopCount -= earlier.noopCount
        result.localScheduleCount -= earlier.localScheduleCount
        return result
    }
}
