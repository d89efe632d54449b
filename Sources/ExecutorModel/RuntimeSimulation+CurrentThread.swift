import SimKernel

/// The current_thread scheduler of Tokio 1.24 (`scheduler/current_thread.rs`, `block_on`).
extension RuntimeSimulation {
    /// The single thread's loop: up to `event_interval` tasks (inject first every `global_queue_interval` ticks,
    /// otherwise local first), then a zero-timeout driver turn; when both queues are empty, park in the driver.
    mutating func runCurrentThreadLoop(_ worker: Int32) {
        let index = Int(worker)
        while true {
            if workers[index].tasksSinceDriverTurn >= configuration.eventInterval {
                workers[index].tasksSinceDriverTurn = 0
                turnDriverAndWakeDeferred(worker)
                continue
            }
            workers[index].tick &+= 1
            let injectFirst = workers[index].tick % UInt32(configuration.globalQueueInterval) == 0
            let next = injectFirst
                ? inject.popFirst() ?? workers[index].runQueue.popFirst()
                : workers[index].runQueue.popFirst() ?? inject.popFirst()
            if let task = next {
                workers[index].tasksSinceDriverTurn += 1
                startPoll(on: worker, task, freshBudget: true)
                return
            }
            workers[index].tasksSinceDriverTurn = 0
            if !workers[index].deferred.isEmpty {
                turnDriverAndWakeDeferred(worker)
                continue
            }
            if parkCurrentThread(worker) {
                return
            }
        }
    }

    /// `park_yield`: a zero-timeout driver turn, then deferred wakes.
    private mutating func turnDriverAndWakeDeferred(_ worker: Int32) {
        turnDriver(on: worker)
        wakeDeferred(on: worker)
    }

    /// Parks the thread in the driver unless an unpark or a delivery is already pending. Returns `true` when parked.
    private mutating func parkCurrentThread(_ worker: Int32) -> Bool {
        let index = Int(worker)
        countPark(worker)
        if workers[index].isNotified || driver.hasWork(at: now) {
            workers[index].isNotified = false
            turnDriverAndWakeDeferred(worker)
            return false
        }
        parkInDriver(worker)
        return true
    }

    /// The parked thread wakes: turn the driver, wake deferred tasks, and run.
    mutating func wakeCurrentThread(_ worker: Int32) {
        let index = Int(worker)
        setActivity(worker, .idle)
        workers[index].plannedWake = .max
        workers[index].plannedTimerTick = .max
        workers[index].isNotified = false
        driver.holder = -1
        turnDriverAndWakeDeferred(worker)
        runCurrentThreadLoop(worker)
    }
}
