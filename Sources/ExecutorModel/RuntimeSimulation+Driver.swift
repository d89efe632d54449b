import MetricCatalogue
import SimKernel

/// The I/O and time driver: what happens when a thread turns it, and how completions and timers reach it.
extension RuntimeSimulation {
    /// Turns the driver on `worker` at the current time: I/O completions first, then every timer whose tick has
    /// started. Woken tasks are scheduled on this worker as driver wakes (LIFO slot and local queue, no notification).
    mutating func turnDriver(on worker: Int32) {
        driver.elapsedTick = max(driver.elapsedTick, driver.currentTick(now))
        while let (task, generation, readyAt) = driver.readyIO.popFirst() {
            recorder.count(.ioDriverReady, at: now)
            recorder.record(.ioDeliveryDelay, now - readyAt, at: now)
            recorder.taskStoppedWaiting(at: now)
            let isWoken = task == acceptor
                ? deliverListenerReadiness(generation: generation) : completeAwait(task, token: generation, kind: .io)
            guard isWoken else { continue }
            scheduleLocal(on: worker, task, isYield: false, fromDriver: true)
        }
        while let tick = driver.nextTimerTick, tick <= driver.elapsedTick, let (_, entry) = driver.timers.popFirst() {
            recorder.record(.timerDeliveryDelay, now - tick * driver.resolution, at: now)
            fire(entry, on: worker)
        }
    }

    private mutating func fire(_ entry: TimerEntry, on worker: Int32) {
        let task = entry.task
        if entry.isTimeout {
            // The timeout's group may have finished or been cancelled already, or the slot reused.
            let count = Int(tasks[task].scopeCount)
            guard let index = (0..<count).first(where: { tasks[task, scope: $0].id == entry.token }) else { return }
            tasks[task, scope: index].hasFired = true
            // A task suspended inside the group is woken to be dropped; a running or queued one notices at its next
            // await.
            guard tasks[task].awaiting != .none else { return }
        } else {
            guard completeAwait(task, token: entry.token, kind: .timer) else { return }
        }
        scheduleLocal(on: worker, task, isYield: false, fromDriver: true)
    }

    /// An I/O operation completed: it waits in the driver, which wakes the thread parked in it, if any.
    mutating func completeIO(_ task: TaskID, generation: UInt32) {
        driver.readyIO.append((task, generation, now))
        recorder.taskStartedWaiting(at: now)
        wakeDriverHolder()
    }

    /// Registers a timer firing `delay` ns from now, rounded up to the timer resolution (callers handle a tick
    /// that has already elapsed, see `Driver.isElapsed`).
    mutating func registerTimer(_ entry: TimerEntry, delay: Nanoseconds) {
        let tick = driver.deadlineTick(now: now, delay: delay)
        driver.timers.push(entry, at: tick)
        // A deadline earlier than the one the parked driver waits for unparks it, so it recomputes its timeout.
        if driver.holder >= 0, tick < workers[Int(driver.holder)].plannedTimerTick {
            wakeDriverHolder()
        }
    }

    /// Blocks the thread in the driver (`epoll_wait`) until the next timer tick, if any, an I/O completion or an
    /// unpark.
    mutating func parkInDriver(_ worker: Int32) {
        let index = Int(worker)
        trace(.park, thread: worker, task: .none)
        driver.holder = worker
        setActivity(worker, .parkedInDriver)
        workers[index].generation &+= 1
        if let (time, tick) = driver.timeoutWake(at: now, overshoot: configuration.costs.timedWakeOvershoot) {
            workers[index].plannedWake = time
            workers[index].plannedTimerTick = tick
            scheduler.schedule(.workerWake(worker: worker, generation: workers[index].generation), at: time)
        } else {
            workers[index].plannedWake = .max
            workers[index].plannedTimerTick = .max
        }
    }

    /// `worker_park_count`, and `worker_noop_count` when the worker polled nothing since it last parked.
    mutating func countPark(_ worker: Int32) {
        let index = Int(worker)
        recorder.count(.park, worker: index, at: now)
        if workers[index].polls == workers[index].pollsAtPark {
            recorder.count(.noop, worker: index, at: now)
        }
        workers[index].pollsAtPark = workers[index].polls
    }

    /// Wakes the thread parked in the driver, if one is.
    private mutating func wakeDriverHolder() {
        let holder = driver.holder
        guard holder >= 0, workers[Int(holder)].activity == .parkedInDriver else { return }
        beginWaking(holder, after: unparkDelay())
    }
}
