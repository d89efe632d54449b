import Foundation
import MetricCatalogue
import SimKernel

/// The multi-thread worker loop (`multi_thread/worker.rs`, `Context::run`) of Tokio 1.24, with the changes of the
/// 1.53 profile where `configuration.profile.isModern` (`reference/tokio-scheduler.md` §10).
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
                endProcessingScheduledTasks(worker)
                parkWithZeroTimeout(worker)
                startProcessingScheduledTasks(worker)
            }
            if let task = nextTask(worker) {
                startPoll(on: worker, task, freshBudget: true)
                return
            }
            endProcessingScheduledTasks(worker)
            if let task = stealWork(worker) {
                startProcessingScheduledTasks(worker)
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
            startProcessingScheduledTasks(worker)
        }
    }

    /// Tokio 1.53 `Stats::start_processing_scheduled_tasks`: a batch of polls starts.
    @inline(__always)
    mutating func startProcessingScheduledTasks(_ worker: Int32) {
        guard tunesGlobalQueueInterval else { return }
        workers[Int(worker)].processingSince = now
        workers[Int(worker)].polledInBatch = 0
    }

    /// Tokio 1.53 `Stats::end_processing_scheduled_tasks`: folds the batch's mean poll time (wall time from the
    /// batch's start, blocked time included, over its polls) into the EWMA, weighted by the number of polls.
    @inline(__always)
    mutating func endProcessingScheduledTasks(_ worker: Int32) {
        let index = Int(worker)
        guard tunesGlobalQueueInterval, workers[index].polledInBatch > 0 else { return }
        let count = workers[index].polledInBatch
        let polls = Double(count)
        let meanPoll = Double(now - workers[index].processingSince) / polls
        let alpha = count < pollTimeEWMAWeights.count
            ? pollTimeEWMAWeights[count] : 1 - pow(1 - Self.pollTimeEWMAAlpha, polls)
        workers[index].pollTimeEWMA = alpha * meanPoll + (1 - alpha) * workers[index].pollTimeEWMA
        workers[index].polledInBatch = 0
        workers[index].processingSince = now
    }

    /// Tokio 1.53 `tune_global_queue_interval`: 200 µs / EWMA poll time, clamped to 2...127, changed only when it
    /// moves by more than 2.
    private mutating func tuneGlobalQueueInterval(_ worker: Int32) {
        let index = Int(worker)
        let ewma = workers[index].pollTimeEWMA
        let perInterval = ewma > 0 ? Self.globalQueueIntervalTarget / ewma : Double(Self.maximumGlobalQueueInterval)
        let next = UInt32(Swift.min(Swift.max(perInterval.rounded(.towardZero), 2), Double(Self.maximumGlobalQueueInterval)))
        let current = workers[index].globalQueueInterval
        if (next > current ? next - current : current - next) > 2 {
            workers[index].globalQueueInterval = next
        }
    }

    static let pollTimeEWMAAlpha = 0.1
    /// `1 − (1 − α)^n` for batches of n < 64 polls, the same values `pow` gives, computed once (`pow` per batch was
    /// ~2% of `Experiments/blocking.toml`). Each simulation keeps a reference (``pollTimeEWMAWeights``): reading a
    /// `static let` array costs a `swift_once` check.
    static let pollTimeEWMAWeightTable: [Double] = (0..<64).map { 1 - pow(1 - pollTimeEWMAAlpha, Double($0)) }
    /// 200 µs, in ns.
    static let globalQueueIntervalTarget = 200_000.0
    static let maximumGlobalQueueInterval: UInt32 = 127

    /// `next_task`: the LIFO slot, then the local queue, then one task from the inject queue; every
    /// `global_queue_interval` ticks the inject queue comes first.
    /// Tokio 1.53: the interval is the worker's tuned one, and an idle worker takes a batch from the inject queue
    /// (`len / workers + 1`, at most half the local queue), running the first and queueing the rest.
    private mutating func nextTask(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        let tunes = tunesGlobalQueueInterval
        let interval = tunes ? workers[index].globalQueueInterval : UInt32(configuration.globalQueueInterval)
        if workers[index].tick % interval == 0 {
            if tunes { tuneGlobalQueueInterval(worker) }
            return inject.popFirst() ?? nextLocalTask(worker)
        }
        if let task = nextLocalTask(worker) { return task }
        guard configuration.profile.isModern, !inject.isEmpty else { return inject.popFirst() }
        let capacity = configuration.localQueueCapacity
        let room = Swift.min(capacity - workers[index].runQueue.count, capacity / 2)
        let batch = Swift.max(1, Swift.min(inject.count / workerCount + 1, room))
        let first = inject.removeFirst()
        for _ in 1..<Swift.max(batch, 1) {
            guard let task = inject.popFirst() else { break }
            appendToLocalQueue(task, on: worker)
        }
        return first
    }

    /// The LIFO slot, then the local queue and the LocalSet's pinned queue, taking turns by tick so neither
    /// starves the other.
    private mutating func nextLocalTask(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        let lifo = takeLIFOSlot(worker)
        if lifo.isTask { return lifo }
        if workers[index].tick & 1 == 0, let task = popLocalQueue(of: worker) { return task }
        if let task = workers[index].pinnedQueue.popFirst() { return task }
        return popLocalQueue(of: worker)
    }

    /// `steal_work`: become a searcher (at most half the workers search), visit the other workers from a random
    /// start and take half (rounded up) of the first non-empty local queue, never its LIFO slot; run the last task
    /// taken. Falls back to one task from the inject queue. The visit asks ``stealableWorkers`` for the first
    /// worker with work instead of looking at each in turn: same victim, O(workers / 64).
    private mutating func stealWork(_ worker: Int32) -> TaskID? {
        let index = Int(worker)
        if !workers[index].isSearching {
            workers[index].isSearching = idle.transitionWorkerToSearching()
        }
        guard workers[index].isSearching else { return nil }
        // A stealer whose own queue is more than half full steals nothing (`steal_into`).
        if workers[index].runQueue.count <= configuration.localQueueCapacity / 2, workerCount > 1 {
            let start = workers[index].stealRandom.uniformInt(below: workerCount)
            if let victim = stealableWorkers.firstMember(from: start, excluding: index) {
                let available = workers[victim].runQueue.count
                let taken = available - available / 2
                guard taken > 0 else {
                    // What-if (tokio#7431): with nothing in the queue, take the task in the LIFO slot (the victim is
                    // stealable, so with an empty queue it has one).
                    let task = takeLIFOSlot(Int32(victim))
                    trace(.steal, thread: worker, task: task, value: 1)
                    recorder.count(.steal, worker: index, by: 1, at: now)
                    recorder.count(.stealOperation, worker: index, at: now)
                    return task
                }
                for _ in 0..<(taken - 1) {
                    appendToLocalQueue(removeFirstOfLocalQueue(of: Int32(victim)), on: worker)
                }
                let task = removeFirstOfLocalQueue(of: Int32(victim))
                trace(.steal, thread: worker, task: task, value: Int64(taken))
                recorder.count(.steal, worker: index, by: taken, at: now)
                recorder.count(.stealOperation, worker: index, at: now)
                return task
            }
        }
        return inject.popFirst()
    }

    /// `transition_from_searching`, run when a worker starts a task: the last searcher to find work wakes another.
    /// Returns whether it notified a parked worker.
    @discardableResult
    mutating func transitionFromSearching(_ worker: Int32) -> Bool {
        let index = Int(worker)
        guard workers[index].isSearching else { return false }
        workers[index].isSearching = false
        guard idle.transitionWorkerFromSearching() else { return false }
        notifyParked()
        return true
    }

    /// `park_timeout(core, 0)` (maintenance, or pending deferred wakes): turn the driver if nobody holds it, wake
    /// deferred tasks, and notify a parked worker if this one has stealable work and is not searching.
    private mutating func parkWithZeroTimeout(_ worker: Int32) {
        let hadDriver = driver.holder < 0
        if hadDriver {
            turnDriver(on: worker)
        }
        afterParkTimeout(worker, hadDriver: hadDriver)
    }

    /// What `park_timeout` does after the thread returns from parking: wake deferred tasks, then notify a parked
    /// worker if this one is not searching and has work to share: a stealable queue (1.24), more than one task
    /// (1.53, `should_notify_others`).
    private mutating func afterParkTimeout(_ worker: Int32, hadDriver: Bool) {
        wakeDeferred(on: worker)
        let index = Int(worker)
        workers[index].hadDriver = hadDriver
        guard !workers[index].isSearching else { return }
        let shares = configuration.profile.isModern
            ? (workers[index].lifoSlot.isTask ? 1 : 0) + workers[index].runQueue.count > 1
            : isStealable(worker)
        if shares {
            notifyParked()
        }
    }

    /// `park`: gives up if the worker has local work; otherwise joins the sleepers (the last searcher checks every
    /// queue once more) and parks. Returns `true` when the thread is now parked, waiting for an event.
    private mutating func park(_ worker: Int32) -> Bool {
        let index = Int(worker)
        if hasLocalWork(worker) {
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
            var hadDriver = false
            if workers[index].isNotified {
                workers[index].isNotified = false
            } else if driver.holder < 0 {
                if driver.hasWork(at: now) {
                    turnDriver(on: worker)
                    hadDriver = true
                } else {
                    parkInDriver(worker)
                    return true
                }
            } else {
                trace(.park, thread: worker, task: .none)
                setActivity(worker, .parkedOnCondvar)
                return true
            }
            afterParkTimeout(worker, hadDriver: hadDriver)
            if transitionFromParked(worker) {
                return false
            }
        }
    }

    /// `transition_from_parked`: a worker with a task in its LIFO slot (delivered by the driver) runs it, and is a
    /// searcher only if it had been unparked by someone else; a worker still among the sleepers parks again;
    /// otherwise it was notified and starts searching.
    /// Tokio 1.53 checks for any local task (`has_tasks`), not only the LIFO slot.
    private mutating func transitionFromParked(_ worker: Int32) -> Bool {
        let index = Int(worker)
        let hasTasks = configuration.profile.isModern
            ? workers[index].lifoSlot.isTask || !workers[index].runQueue.isEmpty : workers[index].lifoSlot.isTask
        if hasTasks {
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
        let hadDriver = driver.holder == worker
        if hadDriver {
            turnDriver(on: worker)
            driver.holder = -1
        }
        afterParkTimeout(worker, hadDriver: hadDriver)
        if transitionFromParked(worker) || !parkUntilUnparked(worker) {
            startProcessingScheduledTasks(worker)
            runWorkerLoop(worker)
        }
    }
}
