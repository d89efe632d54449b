import MetricCatalogue
import SimKernel

/// The multi-thread worker loop of Tokio 1.24 (`multi_thread/worker.rs`, `Context::run`).
extension RuntimeSimulation {
    /// One worker's loop from the current time until it starts a poll or parks: each iteration is a tick; every
    /// `event_interval` ticks it turns the driver if free; then it takes a task (LIFO slot, local queue, inject
    /// queue; inject first every `global_queue_interval` ticks), else steals, else parks.
    mutating func runWorkerLoop(_ worker: Int32) {
        let index = Int(worker)
        while true {
            workers[index].tick &+= 1
            let tick = workers[index].tick
            if tick % UInt32(configuration.eventInterval) == 0 {
                parkWithZeroTimeout(worker)
            }
            if let task = nextTask(worker) ?? stealWork(worker) {
                startPoll(on: worker, task, freshBudget: true)
                return
            }
            if !workers[index].deferred.isEmpty {
                parkWithZeroTimeout(worker)
                continue
            }
            if park(worker) {
                return
            }
        }
    }

    /// `next_task`: the LIFO slot, then the local queue, then one task from the inject queue; every
    /// `global_queue_interval` ticks the inject queue comes first.
    private mutating func nextTask(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        if workers[index].tick % UInt32(configuration.globalQueueInterval) == 0 {
            return inject.popFirst() ?? nextLocalTask(worker)
        }
        return nextLocalTask(worker) ?? inject.popFirst()
    }

    /// The LIFO slot, then the local queue and the LocalSet's pinned queue, taking turns by tick so neither
    /// starves the other.
    private mutating func nextLocalTask(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        let lifo = takeLIFOSlot(worker)
        if lifo.isTask { return lifo }
        if workers[index].tick & 1 == 0 {
            return workers[index].runQueue.popFirst() ?? workers[index].pinnedQueue.popFirst()
        }
        return workers[index].pinnedQueue.popFirst() ?? workers[index].runQueue.popFirst()
    }

    /// `steal_work`: become a searcher (at most half the workers search), visit the other workers from a random
    /// start and take half (rounded up) of the first non-empty local queue, never its LIFO slot; run the last task
    /// taken. Falls back to one task from the inject queue.
    private mutating func stealWork(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        if !workers[index].isSearching {
            workers[index].isSearching = idle.transitionWorkerToSearching()
        }
        guard workers[index].isSearching else { return nil }
        // A stealer whose own queue is more than half full steals nothing (`steal_into`).
        if workers[index].runQueue.count <= configuration.localQueueCapacity / 2, workerCount > 1 {
            let start = workers[index].stealRandom.uniformInt(below: workerCount)
            for offset in 0..<workerCount {
                let victim = (start + offset) % workerCount
                guard victim != index else { continue }
                let available = workers[victim].runQueue.count
                let taken = available - available / 2
                guard taken > 0 else { continue }
                for _ in 0..<(taken - 1) {
                    workers[index].runQueue.append(workers[victim].runQueue.removeFirst())
                }
                let task = workers[victim].runQueue.removeFirst()
                trace(.steal, thread: worker, task: task, value: Int64(taken))
                recorder.count(.steal, worker: index, by: taken, at: now)
                recorder.count(.stealOperation, worker: index, at: now)
                return task
            }
        }
        return inject.popFirst()
    }

    /// `transition_from_searching`, run when a worker starts a task: the last searcher to find work wakes another.
    mutating func transitionFromSearching(_ worker: Int32) {
        let index = Int(worker)
        guard workers[index].isSearching else { return }
        workers[index].isSearching = false
        if idle.transitionWorkerFromSearching() {
            notifyParked()
        }
    }

    /// `park_timeout(core, 0)` (maintenance, or pending deferred wakes): turn the driver if nobody holds it, wake
    /// deferred tasks, and notify a parked worker if this one has stealable work and is not searching.
    private mutating func parkWithZeroTimeout(_ worker: Int32) {
        if driver.holder < 0 {
            turnDriver(on: worker)
        }
        afterParkTimeout(worker)
    }

    /// What `park_timeout` does after the thread returns from parking.
    private mutating func afterParkTimeout(_ worker: Int32) {
        wakeDeferred(on: worker)
        let index = Int(worker)
        if !workers[index].isSearching && workers[index].isStealable {
            notifyParked()
        }
    }

    /// `park`: gives up if the worker has local work; otherwise joins the sleepers (the last searcher checks every
    /// queue once more) and parks. Returns `true` when the thread is now parked, waiting for an event.
    private mutating func park(_ worker: Int32) -> Bool {
        let index = Int(worker)
        if workers[index].hasLocalWork {
            return false
        }
        let wasLastSearcher = idle.transitionWorkerToParked(worker, isSearching: workers[index].isSearching)
        workers[index].isSearching = false
        if wasLastSearcher {
            notifyIfWorkPending()
        }
        return parkUntilUnparked(worker)
    }

    /// The loop inside `park`: park the thread (in the driver if it is free, else on the condvar) until the worker
    /// is unparked or the driver hands it work. Returns `true` when the thread is parked, waiting for an event.
    private mutating func parkUntilUnparked(_ worker: Int32) -> Bool {
        let index = Int(worker)
        while true {
            countPark(worker)
            if workers[index].isNotified {
                workers[index].isNotified = false
            } else if driver.holder < 0 {
                if driver.hasWork(at: now) {
                    turnDriver(on: worker)
                } else {
                    parkInDriver(worker)
                    return true
                }
            } else {
                trace(.park, thread: worker, task: .none)
                setActivity(worker, .parkedOnCondvar)
                return true
            }
            afterParkTimeout(worker)
            if transitionFromParked(worker) {
                return false
            }
        }
    }

    /// `transition_from_parked`: a worker with a task in its LIFO slot (delivered by the driver) runs it, and is a
    /// searcher only if it had been unparked by someone else; a worker still among the sleepers parks again;
    /// otherwise it was notified and starts searching.
    private mutating func transitionFromParked(_ worker: Int32) -> Bool {
        let index = Int(worker)
        if workers[index].lifoSlot.isTask {
            workers[index].isSearching = !idle.unparkWorker(worker)
            return true
        }
        if idle.isParked(worker) {
            return false
        }
        workers[index].isSearching = true
        return true
    }

    /// A parked multi-thread worker wakes: it turns the driver if it held it, then resumes `park`'s loop.
    mutating func wakeWorker(_ worker: Int32) {
        let index = Int(worker)
        trace(.unpark, thread: worker, task: .none)
        setActivity(worker, .idle)
        workers[index].plannedWake = .max
        workers[index].plannedTimerTick = .max
        if driver.holder == worker {
            turnDriver(on: worker)
            driver.holder = -1
        }
        afterParkTimeout(worker)
        if transitionFromParked(worker) || !parkUntilUnparked(worker) {
            runWorkerLoop(worker)
        }
    }
}
