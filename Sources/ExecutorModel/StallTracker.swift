import SimKernel

/// Integrates executor-stall figures over the measurement window: how long runnable tasks waited while at least
/// one worker was blocked inside a poll, and how long every worker was blocked.
struct StallTracker {
    let windowStart: Nanoseconds
    let windowEnd: Nanoseconds
    let workerCount: Int
    private(set) var blockedWorkers = 0
    private(set) var waitingTasks = 0
    private var lastUpdate: Nanoseconds = 0
    private var currentStall: Nanoseconds = 0
    private(set) var metrics = StallMetrics()

    init(windowStart: Nanoseconds, windowEnd: Nanoseconds, workerCount: Int) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.workerCount = workerCount
    }

    /// A task became runnable but is not yet running.
    mutating func taskStartedWaiting(at now: Nanoseconds) {
        advance(to: now)
        waitingTasks += 1
    }

    /// A waiting runnable task was taken to be polled.
    mutating func taskStoppedWaiting(at now: Nanoseconds) {
        advance(to: now)
        waitingTasks -= 1
    }

    mutating func workerBlocked(at now: Nanoseconds) {
        advance(to: now)
        blockedWorkers += 1
    }

    mutating func workerUnblocked(at now: Nanoseconds) {
        advance(to: now)
        blockedWorkers -= 1
    }

    /// Closes the accounting at `end`: the end of the window, or earlier when the run stopped early.
    mutating func finish(at end: Nanoseconds) {
        advance(to: end)
    }

    private mutating func advance(to now: Nanoseconds) {
        defer { lastUpdate = now }
        let isStalled = blockedWorkers > 0 && waitingTasks > 0
        if !isStalled { currentStall = 0 }
        guard blockedWorkers > 0 else { return }
        let span = min(now, windowEnd) - max(lastUpdate, windowStart)
        guard span > 0 else { return }
        if isStalled {
            metrics.stallTime += span
            metrics.stalledTaskWait += Double(span) * Double(waitingTasks)
            currentStall += span
            metrics.longestStall = max(metrics.longestStall, currentStall)
        }
        if blockedWorkers == workerCount {
            metrics.allWorkersBlockedTime += span
        }
    }
}
