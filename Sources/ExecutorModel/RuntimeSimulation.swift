import DequeModule
import SimKernel
import SimStats

/// One run of the executor model: the state of every worker, queue, driver and pool thread, advanced event by event.
///
/// A value type mutated in place, so the event loop pays no reference counting or dynamic exclusivity checks.
/// Split across files by concern: scheduling (`+Scheduling`), the multi-thread worker loop (`+WorkerLoop`), the
/// current-thread loop (`+CurrentThread`), polling (`+Polling`), the driver (`+Driver`) and the blocking pool
/// (`+BlockingPool`).
struct RuntimeSimulation {
    let configuration: RuntimeConfiguration
    let isMultiThread: Bool
    let workerCount: Int
    let maxLiveTasks: Int
    let windowStart: Nanoseconds
    let windowEnd: Nanoseconds
    /// Measured tasks still running at this time are reported as unfinished.
    let drainLimit: Nanoseconds

    /// Step kinds of each class's program.
    let programs: [[StepOpcode]]
    /// Step-duration distributions of each class's program (`nil` for `yield`).
    let stepDurations: [[Distribution?]]
    /// Running sums of the class weights, for choosing a class.
    let cumulativeWeights: [Double]
    let arrivals: ArrivalProcess

    let arrivalRandom: RandomStream
    let classRandom: RandomStream
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

    var metrics = RunMetrics()
    var counters = RuntimeCounters()
    /// Tasks that arrived inside the window and have not completed.
    var measuredInFlight = 0
    /// A reusable buffer for swapping out a worker's deferred list.
    var spareTaskBuffer: [TaskID] = []

    /// Stream numbers: 0 arrivals, 1 class choice, 2 + class step durations, 1_000_000 + worker steal order.
    static let stealStreamBase = 1_000_000

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
        programs = classes.map { $0.steps.map(StepOpcode.init) }
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
        stepRandom = classes.indices.map { stream(2 + $0) }

        tasks = TaskTable(stepsPerSlot: classes.map(\.steps.count).max() ?? 1)
        workers = (0..<workerCount).map { Worker(stealRandom: stream(Self.stealStreamBase + $0)) }
        idle = IdleWorkers(workerCount: workerCount)
        driver = Driver(resolution: runtime.timerResolution)
        pool = BlockingPool(maxThreads: runtime.maxBlockingThreads, keepAlive: runtime.threadKeepAlive)
        stall = StallTracker(windowStart: windowStart, windowEnd: windowEnd, workerCount: workerCount)
        metrics.measuredDuration = scenario.duration
        metrics.latencyByClass = Array(repeating: LatencyHistogram(), count: classes.count)
    }

    var now: Nanoseconds { scheduler.now }

    var isInWindow: Bool { now >= windowStart && now < windowEnd }

    /// Runs warm-up, measurement window and drain, and returns the metrics.
    mutating func run() throws(ModelError) -> RunMetrics {
        scheduler.schedule(.arrival, after: nextInterarrivalTime())
        for worker in 0..<Int32(workerCount) {
            runLoop(worker)
        }
        try process(notAfter: windowStart)
        openWindow()
        let countersAtStart = counters
        let workerCountersAtStart = workers.map(\.metrics)
        try process(notAfter: windowEnd)
        closeWindow(countersAtStart: countersAtStart, workerCountersAtStart: workerCountersAtStart)
        while measuredInFlight > 0, let event = scheduler.next(notAfter: drainLimit) {
            try handle(event)
        }
        metrics.tasksUnfinished = measuredInFlight
        metrics.eventsProcessed = scheduler.eventsProcessed
        return metrics
    }

    private mutating func process(notAfter limit: Nanoseconds) throws(ModelError) {
        while let event = scheduler.next(notAfter: limit) {
            try handle(event)
        }
    }

    private mutating func handle(_ event: RuntimeEvent) throws(ModelError) {
        switch event {
        case .arrival:
            try arrive()
        case let .segmentEnd(worker):
            endSegment(worker)
        case let .ioComplete(task):
            completeIO(task)
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
        scheduleRemote(task)
    }

    private func chooseClass() -> Int {
        guard cumulativeWeights.count > 1, let total = cumulativeWeights.last else { return 0 }
        let draw = classRandom.uniform() * total
        return cumulativeWeights.firstIndex { draw < $0 } ?? cumulativeWeights.count - 1
    }

    /// Records a finished task and frees its slot.
    mutating func complete(_ task: TaskID) {
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
        if previous == .blocked && activity != .blocked { stall.workerUnblocked(at: now) }
        if activity == .blocked && previous != .blocked { stall.workerBlocked(at: now) }
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
        metrics.workers = workers.indices.map { workers[$0].metrics.countersSince(workerCountersAtStart[$0]) }
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
