import MetricCatalogue
import SimKernel

extension RuntimeSimulation {
    /// Schedules a task from outside any worker (an arrival, a blocking-pool completion): Tokio pushes it to the
    /// inject queue and notifies a parked worker (multi_thread) or unparks the driver (current_thread).
    mutating func scheduleRemote(_ task: TaskID) {
        guard !tasks[task].isScheduled else { return }
        if tasks[task].pinnedWorker >= 0 {
            schedulePinned(task)
            return
        }
        tasks[task].isScheduled = true
        tasks[task].wokenAt = now
        recorder.taskStartedWaiting(at: now)
        inject.append(task)
        recorder.count(.remoteSchedule, at: now)
        recorder.notePeak(.globalQueueDepth, level: inject.count, at: now)
        if isMultiThread {
            notifyParked()
        } else {
            unpark(0)
        }
    }

    /// Schedules a task from a worker thread that holds its core (`schedule_local`).
    ///
    /// multi_thread: a yield goes to the back of the local queue and notifies; any other wake goes to the LIFO slot,
    /// pushing the slot's previous task to the back of the queue, and notifies only if it displaced one. Wakes from
    /// the driver notify nobody: Tokio notifies after the park instead. current_thread: the back of the local queue.
    mutating func scheduleLocal(on worker: Int32, _ task: TaskID, isYield: Bool, fromDriver: Bool) {
        guard !tasks[task].isScheduled else { return }
        let index = Int(worker)
        if tasks[task].pinnedWorker >= 0 {
            schedulePinned(task)
            return
        }
        if workers[index].isDetached {
            // A thread without a core schedules like a thread outside the runtime.
            scheduleRemote(task)
            return
        }
        tasks[task].isScheduled = true
        tasks[task].wokenAt = now
        recorder.taskStartedWaiting(at: now)
        recorder.count(.localSchedule, worker: index, at: now)
        guard isMultiThread else {
            workers[index].runQueue.append(task)
            return
        }
        let shouldNotify: Bool
        if isYield || !configuration.lifoSlotEnabled || !workers[index].lifoEnabled {
            pushBack(on: worker, task)
            shouldNotify = true
        } else {
            let previous = takeLIFOSlot(worker)
            if previous.isTask { pushBack(on: worker, previous) }
            fillLIFOSlot(worker, with: task)
            // With a stealable LIFO slot every push notifies (Tokio 1.51.0).
            shouldNotify = previous.isTask || configuration.policies.lifoStealable
        }
        if shouldNotify && !fromDriver {
            notifyParked()
        }
    }

    /// Schedules a local (`spawn_local`) task on the LocalSet of the worker it is pinned to, waking that worker if
    /// it is parked.
    mutating func schedulePinned(_ task: TaskID) {
        let worker = tasks[task].pinnedWorker
        tasks[task].isScheduled = true
        tasks[task].wokenAt = now
        recorder.taskStartedWaiting(at: now)
        workers[Int(worker)].pinnedQueue.append(task)
        if idle.unparkWorkerAsSearcher(worker) {
            unpark(worker)
        }
    }

    /// Appends to a worker's local queue; a full queue moves half of it plus the new task to the inject queue
    /// (`push_overflow`): the oldest half in Tokio 1.24, the newest in 1.53.
    mutating func pushBack(on worker: Int32, _ task: TaskID) {
        let index = Int(worker)
        let capacity = configuration.localQueueCapacity
        guard workers[index].runQueue.count >= capacity else {
            appendToLocalQueue(task, on: worker)
            return
        }
        moveHalfOfLocalQueueToInject(from: worker)
        inject.append(task)
        recorder.count(.overflow, worker: index, at: now)
        recorder.notePeak(.globalQueueDepth, level: inject.count, at: now)
    }

    /// `notify_parked`: unparks the most recently parked worker, if nobody is searching.
    mutating func notifyParked() {
        if let worker = idle.workerToNotify() {
            unpark(worker)
        }
    }

    /// `notify_if_work_pending`: run by the last searcher before it parks.
    mutating func notifyIfWorkPending() {
        if !stealableWorkers.isEmpty || !inject.isEmpty {
            notifyParked()
        }
    }

    /// Unparks a worker thread: a parked one wakes after the unpark latency; a running one finds the NOTIFIED flag
    /// at its next park.
    mutating func unpark(_ worker: Int32) {
        switch workers[Int(worker)].activity {
        case .parkedInDriver, .parkedOnCondvar:
            beginWaking(worker, after: unparkDelay())
        case .waking:
            break
        case .busy, .blocked, .idle:
            workers[Int(worker)].isNotified = true
        }
    }

    /// Schedules a parked worker's wake-up `delay` ns from now, cancelling any wake-up planned for later.
    mutating func beginWaking(_ worker: Int32, after delay: Nanoseconds) {
        let index = Int(worker)
        if workers[index].activity == .parkedInDriver, workers[index].plannedWake <= now + delay {
            return
        }
        setActivity(worker, .waking)
        workers[index].generation &+= 1
        workers[index].plannedWake = now + delay
        scheduler.schedule(.workerWake(worker: worker, generation: workers[index].generation), after: delay)
    }

    /// Delivers deferred wake-ups (`yield_now`) after the worker turned the driver or ran out of work.
    mutating func wakeDeferred(on worker: Int32) {
        let index = Int(worker)
        guard !workers[index].deferred.isEmpty else { return }
        // Swap the list with a spare buffer instead of copying it, so no wake-up allocates.
        var batch = spareTaskBuffer
        spareTaskBuffer = []
        swap(&batch, &workers[index].deferred)
        for task in batch {
            scheduleLocal(on: worker, task, isYield: false, fromDriver: true)
        }
        batch.removeAll(keepingCapacity: true)
        spareTaskBuffer = batch
    }
}
