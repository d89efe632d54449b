import SimKernel

/// Polling a task: running its program from the current step to its next await point or its end.
extension RuntimeSimulation {
    /// tokio-metrics' threshold for slow polls and long scheduling delays: 50 µs.
    static let slowThreshold: Nanoseconds = 50 * .nanosecondsPerMicrosecond

    /// Starts polling `task` on `worker`. `freshBudget` is false for a task taken from the LIFO slot after another
    /// poll: a LIFO chain shares one coop budget.
    mutating func startPoll(on worker: Int32, _ task: TaskID, freshBudget: Bool) {
        let index = Int(worker)
        stall.taskStoppedWaiting(at: now)
        if freshBudget {
            if isMultiThread { transitionFromSearching(worker) }
            workers[index].budget = configuration.coopBudget
        }
        workers[index].metrics.pollCount += 1
        if tasks[task].hasBeenPolled {
            let delay = now - tasks[task].wokenAt
            if isInWindow {
                metrics.scheduledDelay.record(delay)
                if delay > Self.slowThreshold { metrics.longDelayCount += 1 }
            }
        } else {
            tasks[task].hasBeenPolled = true
            if tasks[task].isMeasured { metrics.firstPollDelay.record(now - tasks[task].arrival) }
        }
        workers[index].currentTask = task
        workers[index].pollStart = now
        workers[index].pendingOverhead = configuration.costs.pollOverhead
        workers[index].outcome = .pending
        if tasks[task].resumesFromResource {
            // The awaited I/O, timer or JoinHandle returns Ready: one unit of coop budget, or, with none left,
            // Pending plus an immediate self-wake (Tokio 1.24 `coop::poll_proceed`).
            guard workers[index].budget > 0 else {
                counters.budgetForcedYieldCount += 1
                workers[index].outcome = .selfWoken
                endPoll(on: worker)
                return
            }
            workers[index].budget -= 1
            tasks[task].resumesFromResource = false
        }
        runProgram(on: worker)
    }

    /// Runs the current task's steps until one takes time on the worker, the task awaits, or it completes.
    mutating func runProgram(on worker: Int32) {
        let index = Int(worker)
        let task = workers[index].currentTask
        let program = programs[Int(tasks[task].classIndex)]
        while true {
            let step = Int(tasks[task].programCounter)
            guard step < program.count else {
                workers[index].outcome = .completed
                endPoll(on: worker)
                return
            }
            let duration = tasks.duration(of: task, step: step)
            switch program[step] {
            case .cpu:
                startSegment(on: worker, .busy, duration + takeOverhead(worker), then: .continueProgram)
                return
            case .block:
                let slept = duration + configuration.costs.timedWakeOvershoot
                startSegment(on: worker, .blocked, slept + takeOverhead(worker), then: .continueProgram)
                return
            case .io:
                tasks[task].programCounter += 1
                tasks[task].resumesFromResource = true
                scheduler.schedule(.ioComplete(task: task), after: duration)
            case .sleep:
                tasks[task].programCounter += 1
                if !registerTimer(task, delay: duration) {
                    // The deadline's tick has already been processed: the timer fires during this poll and the
                    // sleep is Ready at once, for one unit of budget.
                    guard workers[index].budget > 0 else {
                        counters.budgetForcedYieldCount += 1
                        tasks[task].resumesFromResource = true
                        workers[index].outcome = .selfWoken
                        endPoll(on: worker)
                        return
                    }
                    workers[index].budget -= 1
                    continue
                }
                tasks[task].resumesFromResource = true
            case .spawnBlocking:
                tasks[task].programCounter += 1
                tasks[task].resumesFromResource = true
                workers[index].pendingOverhead += submitBlocking(task, duration: duration)
            case .yield:
                tasks[task].programCounter += 1
                workers[index].deferred.append(task)
            }
            endPoll(on: worker)
            return
        }
    }

    /// Returns and clears the poll overhead not yet charged to a segment.
    private mutating func takeOverhead(_ worker: Int32) -> Nanoseconds {
        let overhead = workers[Int(worker)].pendingOverhead
        workers[Int(worker)].pendingOverhead = 0
        return overhead
    }

    /// Occupies the worker for `duration` ns; `continuation` says what follows.
    private mutating func startSegment(
        on worker: Int32, _ activity: WorkerActivity, _ duration: Nanoseconds, then continuation: SegmentContinuation
    ) {
        setActivity(worker, activity)
        workers[Int(worker)].continuation = continuation
        scheduler.schedule(.segmentEnd(worker: worker), after: duration)
    }

    /// A segment of work ended.
    mutating func endSegment(_ worker: Int32) {
        let index = Int(worker)
        setActivity(worker, .idle)
        switch workers[index].continuation {
        case .continueProgram:
            tasks[workers[index].currentTask].programCounter += 1
            runProgram(on: worker)
        case .finishPoll:
            finishPoll(on: worker)
        }
    }

    /// The poll reached an await point or the end: charge remaining overhead, then finish it.
    private mutating func endPoll(on worker: Int32) {
        let overhead = takeOverhead(worker)
        if overhead > 0 {
            startSegment(on: worker, .busy, overhead, then: .finishPoll)
        } else {
            finishPoll(on: worker)
        }
    }

    /// Records the poll, reschedules or completes the task, then runs the LIFO chain or the scheduler loop.
    private mutating func finishPoll(on worker: Int32) {
        let index = Int(worker)
        let task = workers[index].currentTask
        workers[index].currentTask = -1
        if isInWindow {
            let duration = now - workers[index].pollStart
            metrics.pollDuration.record(duration)
            if duration > Self.slowThreshold { metrics.slowPollCount += 1 }
        }
        switch workers[index].outcome {
        case .pending:
            break
        case .selfWoken:
            scheduleLocal(on: worker, task, isYield: true, fromDriver: false)
        case .completed:
            complete(task)
        }
        if isMultiThread {
            let lifo = workers[index].lifoSlot
            if lifo >= 0 {
                workers[index].lifoSlot = -1
                if workers[index].budget > 0 {
                    startPoll(on: worker, lifo, freshBudget: false)
                    return
                }
                pushBack(on: worker, lifo)
            }
        }
        runLoop(worker)
    }
}
