import SimKernel

/// The I/O and time driver: what happens when a thread turns it, and how completions and timers reach it.
extension RuntimeSimulation {
    /// Turns the driver on `worker` at the current time: I/O completions first, then every timer whose tick has
    /// started. Woken tasks are scheduled on this worker as driver wakes (LIFO slot and local queue, no notification).
    mutating func turnDriver(on worker: Int32) {
        driver.elapsedTick = max(driver.elapsedTick, driver.currentTick(now))
        while let task = driver.readyIO.popFirst() {
            stall.taskStoppedWaiting(at: now)
            scheduleLocal(on: worker, task, isYield: false, fromDriver: true)
        }
        while let tick = driver.nextTimerTick, tick <= driver.elapsedTick, let (_, task) = driver.timers.popFirst() {
            scheduleLocal(on: worker, task, isYield: false, fromDriver: true)
        }
    }

    /// An I/O operation completed: it waits in the driver, which wakes the thread parked in it, if any.
    mutating func completeIO(_ task: TaskID) {
        driver.readyIO.append(task)
        stall.taskStartedWaiting(at: now)
        wakeDriverHolder()
    }

    /// Registers a timer for `task` firing `delay` ns from now, rounded up to the timer resolution. Returns `false`
    /// when that tick has already been processed, in which case Tokio fires the timer at once.
    mutating func registerTimer(_ task: TaskID, delay: Nanoseconds) -> Bool {
        let tick = driver.deadlineTick(now: now, delay: delay)
        guard tick > driver.elapsedTick else { return false }
        driver.timers.push(task, at: tick)
        // A deadline earlier than the one the parked driver waits for unparks it, so it recomputes its timeout.
        if driver.holder >= 0, tick < workers[Int(driver.holder)].plannedTimerTick {
            wakeDriverHolder()
        }
        return true
    }

    /// Wakes the thread parked in the driver, if one is.
    private mutating func wakeDriverHolder() {
        let holder = driver.holder
        guard holder >= 0, workers[Int(holder)].activity == .parkedInDriver else { return }
        beginWaking(holder, after: configuration.costs.unparkLatency)
    }
}
