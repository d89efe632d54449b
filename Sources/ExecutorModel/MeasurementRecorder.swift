import MetricCatalogue
import SimKernel
import SimStats

/// Owns the measurement window and everything measured in it, so that mechanism code reports what happened and never
/// decides itself whether it counts.
///
/// One rule for every event: it counts when its virtual time t satisfies `windowStart` ≤ t < `windowEnd`; a time span
/// counts its part inside that interval. Task metrics follow the tasks that arrived inside the window to their end.
/// ``stop(at:)`` (a deadlock) closes the window at that moment: nothing after it is counted, and ratios divide by the
/// time actually covered. Invariant: every counter, time and peak is ≥ 0.
struct MeasurementRecorder {
    let windowStart: Nanoseconds
    /// The planned end of the window; ``closesAt`` is earlier when the run stopped early.
    let windowEnd: Nanoseconds
    let workerCount: Int
    /// When the window closes: `windowEnd`, or the time the run stopped if earlier.
    private(set) var closesAt: Nanoseconds
    private(set) var metrics = RunMetrics()
    private(set) var stall: StallTracker
    /// Set by ``close(workers:)``: worker times and stalls are final (the stall tracker still follows the state).
    private(set) var isClosed = false
    /// With a single task class, that class's latency histogram equals the overall one as long as only requests
    /// complete; while this holds, it is copied once at the end instead of recorded twice per task (recording is
    /// bound by cache misses). The first measured child task to complete ends it.
    private var classLatencyIsOverall: Bool
    /// Every worker's counts and times, flat (`worker × cases + case`) and written in place (``InPlaceTable``: no
    /// uniqueness check per update). ``finish(deadlock:unfinishedTasks:eventsProcessed:trace:)`` hands them to
    /// `metrics.workers`.
    private let workerCounts: InPlaceTable<Int>
    private let workerTimes: InPlaceTable<Nanoseconds>
    /// `WorkerCounter.allCases.count` and `WorkerTime.allCases.count`, kept here: a `static let` costs a
    /// `swift_once` check on every read, which the event loop does several times per event.
    private let workerCounterCount = WorkerCounter.allCases.count
    private let workerTimeCount = WorkerTime.allCases.count
    /// The runtime counters (by `RuntimeCounter` raw value), counted in place like the histograms and handed to
    /// `metrics` at the end.
    private let counters = InPlaceTable(
        Array(repeating: 0, count: RuntimeCounter.allCases.count), capacity: RuntimeCounter.allCases.count)
    /// The duration histograms (by `DurationHistogram` raw value) and each class's latency histogram, recorded in place
    /// during the run (``InPlaceTable``: no uniqueness check of the array per value, ~2–4% of a run) and handed to
    /// `metrics` by ``finish(deadlock:unfinishedTasks:eventsProcessed:trace:)``.
    private let histograms = InPlaceTable(
        Array(repeating: LatencyHistogram(), count: DurationHistogram.allCases.count),
        capacity: DurationHistogram.allCases.count)
    private let classLatencies: InPlaceTable<LatencyHistogram>

    init(windowStart: Nanoseconds, windowEnd: Nanoseconds, workerCount: Int, classCount: Int, primitives: [SyncPrimitive]) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.workerCount = workerCount
        closesAt = windowEnd
        classLatencyIsOverall = classCount == 1
        stall = StallTracker(windowStart: windowStart, windowEnd: windowEnd, workerCount: workerCount)
        let counts = workerCount * WorkerCounter.allCases.count
        let times = workerCount * WorkerTime.allCases.count
        workerCounts = InPlaceTable(Array(repeating: 0, count: counts), capacity: counts)
        workerTimes = InPlaceTable(Array(repeating: 0, count: times), capacity: times)
        classLatencies = InPlaceTable(Array(repeating: LatencyHistogram(), count: classCount), capacity: classCount)
        metrics.primitives = primitives.map { PrimitiveMetrics(name: $0.name, kind: $0.kindName) }
    }

    /// Whether an event at `now` counts.
    @inline(__always)
    func isOpen(at now: Nanoseconds) -> Bool { now >= windowStart && now < closesAt }

    // MARK: Runtime

    /// Counts an event at `now` of a counter that covers the window (whole-run counts have methods of their own,
    /// such as ``leaked(_:)``).
    @inline(__always)
    mutating func count(_ counter: RuntimeCounter, by amount: Int = 1, at now: Nanoseconds) {
        assert(counter.window == .window, "\(counter) is not counted by the window")
        guard isOpen(at: now) else { return }
        counters[counter.rawValue] += amount
    }

    /// A runtime counter's value so far.
    subscript(counter: RuntimeCounter) -> Int { counters[counter.rawValue] }

    @inline(__always)
    mutating func notePeak(_ peak: RuntimePeak, level: Int, at now: Nanoseconds) {
        if isOpen(at: now), level > metrics[peak] { metrics[peak] = level }
    }

    /// A duration of an event at `now` that counts by the window (not a task's latency).
    @inline(__always)
    mutating func record(_ histogram: DurationHistogram, _ duration: Nanoseconds, at now: Nanoseconds) {
        guard isOpen(at: now) else { return }
        histograms[histogram.rawValue].record(duration)
    }

    // MARK: Tasks

    /// A task arrived at `now`; returns whether it is measured (it arrived inside the window).
    mutating func taskArrived(at now: Nanoseconds) -> Bool {
        guard isOpen(at: now) else { return false }
        metrics.tasksArrived += 1
        return true
    }

    /// A task's first poll, `delay` after its arrival.
    @inline(__always)
    mutating func firstPolled(isMeasured: Bool, delay: Nanoseconds) {
        if isMeasured { histograms[DurationHistogram.firstPollDelay.rawValue].record(delay) }
    }

    /// A task of class `classIndex` that arrived at `arrival` completed at `now`.
    /// Only requests count in the overall latency and throughput; child tasks count in their class's latency.
    mutating func taskCompleted(
        isMeasured: Bool, isRequest: Bool, classIndex: Int, arrival: Nanoseconds, at now: Nanoseconds
    ) {
        if isMeasured {
            let latency = now - arrival
            if isRequest {
                histograms[DurationHistogram.latency.rawValue].record(latency)
                metrics.tasksCompleted += 1
                if !classLatencyIsOverall { classLatencies[classIndex].record(latency) }
            } else {
                if classLatencyIsOverall {
                    classLatencyIsOverall = false
                    classLatencies[0] = histograms[DurationHistogram.latency.rawValue]
                }
                classLatencies[classIndex].record(latency)
            }
        }
        if isRequest, isOpen(at: now) { metrics.completionsInWindow += 1 }
    }

    mutating func noteLiveTasks(_ count: Int) {
        if count > metrics.liveTasksPeak { metrics.liveTasksPeak = count }
    }

    // MARK: Workers

    @inline(__always)
    mutating func count(_ counter: WorkerCounter, worker: Int, by amount: Int = 1, at now: Nanoseconds) {
        guard worker < workerCount, isOpen(at: now) else { return }
        workerCounts[worker &* workerCounterCount &+ counter.rawValue] += amount
    }

    /// Each worker's counts and times so far.
    var workerMetrics: [WorkerMetrics] {
        (0..<workerCount).map { worker in
            var metrics = WorkerMetrics()
            for counter in WorkerCounter.allCases {
                metrics[counter] = workerCounts[worker * workerCounterCount + counter.rawValue]
            }
            for time in WorkerTime.allCases {
                metrics[time] = workerTimes[worker * workerTimeCount + time.rawValue]
            }
            return metrics
        }
    }

    /// A worker (or a thread without a core, `worker` ≥ `workerCount`) spent `since ..< now` in `activity` and
    /// switches to `next`.
    mutating func workerSwitched(
        _ worker: Int, from activity: WorkerActivity, since: Nanoseconds, to next: WorkerActivity, at now: Nanoseconds
    ) {
        guard worker < workerCount else { return }
        let span = isClosed ? 0 : min(now, closesAt) - max(since, windowStart)
        if span > 0 {
            let base = worker &* workerTimeCount
            switch activity {
            case .busy: workerTimes[base &+ WorkerTime.busy.rawValue] += span
            case .blocked: workerTimes[base &+ WorkerTime.blocked.rawValue] += span
            case .parkedInDriver, .parkedOnCondvar, .waking: workerTimes[base &+ WorkerTime.parked.rawValue] += span
            case .idle: break
            }
        }
        if activity == .blocked && next != .blocked { stall.workerUnblocked(at: now) }
        if next == .blocked && activity != .blocked { stall.workerBlocked(at: now) }
    }

    mutating func taskStartedWaiting(at now: Nanoseconds) { stall.taskStartedWaiting(at: now) }

    mutating func taskStoppedWaiting(at now: Nanoseconds) { stall.taskStoppedWaiting(at: now) }

    // MARK: Locks and semaphores

    mutating func acquired(_ primitive: Int, waited: Nanoseconds, at now: Nanoseconds) {
        guard isOpen(at: now) else { return }
        metrics.primitives[primitive].acquisitions += 1
        metrics.primitives[primitive].waitTime.record(waited)
        if waited > 0 { metrics.primitives[primitive].contendedAcquisitions += 1 }
    }

    mutating func released(_ primitive: Int, heldFor hold: Nanoseconds, at now: Nanoseconds) {
        guard isOpen(at: now) else { return }
        metrics.primitives[primitive].holdTime.record(hold)
    }

    mutating func noteWaitQueue(_ primitive: Int, length: Int, at now: Nanoseconds) {
        guard isOpen(at: now), length > metrics.primitives[primitive].longestQueue else { return }
        metrics.primitives[primitive].longestQueue = length
    }

    /// A thread waited `waited` ns in a std mutex's `lock()`, until `now`.
    mutating func workerBlockedInLock(_ primitive: Int, waited: Nanoseconds, at now: Nanoseconds) {
        guard isOpen(at: now) else { return }
        metrics.primitives[primitive].workerBlockedTime += waited
    }

    /// A guard or permit leaked: counted over the whole run, since the loss carries over.
    mutating func leaked(_ primitive: Int) {
        metrics.primitives[primitive].leaked += 1
        counters[RuntimeCounter.resourcesLeaked.rawValue] += 1
    }

    // MARK: Window

    /// Opens the window at `windowStart`: each peak starts from its level at that moment (or from a higher level
    /// an event at exactly `windowStart` noted). Not called when the run stopped before the window.
    mutating func open(levels: KeyValuePairs<RuntimePeak, Int>) {
        for (peak, level) in levels { metrics[peak] = max(metrics[peak], level) }
    }

    /// Stops every clock at `now`, when the run stopped early.
    mutating func stop(at now: Nanoseconds) {
        closesAt = max(windowStart, min(now, closesAt))
    }

    /// Closes the time accounting once the window is over: charges each worker's current activity (since when it
    /// holds) up to ``closesAt``, so worker times and stalls end at the same moment.
    mutating func close(workers: [(activity: WorkerActivity, since: Nanoseconds)]) {
        for (worker, current) in workers.enumerated() {
            workerSwitched(worker, from: current.activity, since: current.since, to: current.activity, at: closesAt)
        }
        stall.finish(at: closesAt)
        metrics.stalls = stall.metrics
        metrics.measuredDuration = closesAt - windowStart
        isClosed = true
    }

    /// The metrics, once the run is over (after ``close(workers:)``).
    mutating func finish(
        deadlock: DeadlockReport?, unfinishedTasks: Int, eventsProcessed: UInt64, trace: [TraceEvent]
    ) -> RunMetrics {
        if classLatencyIsOverall {
            classLatencyIsOverall = false
            classLatencies[0] = histograms[DurationHistogram.latency.rawValue]
        }
        metrics.workers = workerMetrics
        metrics.counters = Array(counters)
        metrics.histograms = Array(histograms)
        metrics.latencyByClass = Array(classLatencies)
        metrics.deadlock = deadlock
        metrics.tasksUnfinished = unfinishedTasks
        metrics.eventsProcessed = eventsProcessed
        metrics.trace = trace
        return metrics
    }
}
