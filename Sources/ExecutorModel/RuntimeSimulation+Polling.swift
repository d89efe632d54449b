import MetricCatalogue
import SimKernel

/// Polling a task: running its program from the current step to its next await point or its end. A poll runs on an
/// execution context: a worker (with its core), or a thread that gave its core away in `block_in_place`.
extension RuntimeSimulation {
    /// tokio-metrics' threshold for slow polls and long scheduling delays: 50 µs.
    static let slowThreshold: Nanoseconds = 50 * .nanosecondsPerMicrosecond

    /// Starts polling `task` on `worker`. `freshBudget` is false for a task taken from the LIFO slot after another
    /// poll: a LIFO chain shares one coop budget.
    mutating func startPoll(on worker: Int32, _ task: TaskID, freshBudget: Bool) {
        let index = Int(worker)
        recorder.taskStoppedWaiting(at: now)
        if freshBudget {
            if isMultiThread { startScheduledPoll(worker) }
            workers[index].budget = configuration.coopBudget
        }
        workers[index].polls += 1
        recorder.count(.poll, worker: index, at: now)
        // One read and one write of the record: the event loop's hottest path.
        var record = tasks[task]
        record.isScheduled = false
        if record.hasBeenPolled {
            let delay = now - record.wokenAt
            recorder.record(.scheduledDelay, delay, at: now)
            if delay > Self.slowThreshold { recorder.count(.longDelays, at: now) }
        } else {
            record.hasBeenPolled = true
            recorder.firstPolled(isMeasured: record.isMeasured, delay: now - record.arrival)
        }
        tasks[task] = record
        workers[index].currentTask = task
        workers[index].pollStart = now
        trace(.pollStart, thread: worker, task: task)
        if traceWindow != nil {
            let waiting = workers[index].runQueue.count + workers[index].pinnedQueue.count
                + (workers[index].lifoSlot.isTask ? 1 : 0)
            trace(.runQueueDepth, thread: worker, task: .none, value: Int64(waiting))
            trace(.injectQueueDepth, thread: -1, task: .none, value: Int64(inject.count))
        }
        workers[index].pendingOverhead = configuration.costs.pollOverhead
        workers[index].outcome = .pending
        if tasks[task].pendingSelect >= 0, resolvePendingSelect(task) {
            // A `select` branch's future completed: it returns Ready, for one unit of budget.
            guard workers[index].budget > 0 else {
                forceYield(on: worker)
                return
            }
            workers[index].budget -= 1
        } else if tasks[task].awaiting != .none {
            // Woken by a fired timeout while its group's await is still pending: Tokio's `Timeout` polls the
            // group, gets Pending, sees its deadline passed and drops the group.
            cancelAwait(task)
            cancelInnermostFiredScope(of: task, on: worker)
        } else if tasks[task].resumesFromResource {
            // The awaited I/O, timer, lock or JoinHandle returns Ready: one unit of coop budget, or, with none
            // left, Pending plus an immediate self-wake (Tokio 1.24 `coop::poll_proceed`).
            guard workers[index].budget > 0 else {
                forceYield(on: worker)
                return
            }
            workers[index].budget -= 1
            tasks[task].resumesFromResource = false
        }
        runProgram(on: worker)
    }

    /// Runs the current task's steps until one takes time on the thread, the task awaits, or it completes.
    mutating func runProgram(on worker: Int32) {
        let index = Int(worker)
        let task = workers[index].currentTask
        // The class's program is read in place (`programs[c][step]`): binding it to a local retained it per poll.
        let classIndex = Int(tasks[task].classIndex)
        while true {
            let step = Int(tasks[task].programCounter)
            if tasks[task].skipFrom == Int32(step) {
                // Branch A of a `select` won and its handler is done: skip branch B.
                tasks[task].programCounter = tasks[task].skipTo
                tasks[task].skipFrom = -1
                continue
            }
            if tasks[task].scopeCount > 0 { closeFinishedScopes(of: task, at: step) }
            guard step < programs[classIndex].count else {
                workers[index].outcome = .completed
                endPoll(on: worker)
                return
            }
            let duration = tasks.duration(of: task, step: step)
            let instruction = programs[classIndex][step]
            switch instruction.kind {
            case .cpu:
                startSegment(on: worker, .busy, duration + takeOverhead(worker), then: .continueProgram)
                return
            case .block:
                let slept = duration + configuration.costs.timedWakeOvershoot
                trace(.blockStart, thread: worker, task: task, value: slept)
                startSegment(on: worker, .blocked, slept + takeOverhead(worker), then: .continueProgram)
                return
            case .blockInPlace:
                beginBlockInPlace(on: worker, duration: duration)
                return
            case .io:
                guard suspend(task, on: worker) else { continue }
                tasks[task].programCounter += 1
                tasks[task].awaiting = .io
                tasks[task].resumesFromResource = true
                scheduler.schedule(.ioComplete(task: task, generation: tasks[task].generation), after: duration)
            case .sleep:
                if driver.isElapsed(now: now, delay: duration) {
                    // The deadline's tick has already been processed: Tokio fires the timer during registration and
                    // the sleep is Ready at once, for one unit of budget.
                    guard workers[index].budget > 0 else {
                        forceYield(on: worker)
                        return
                    }
                    workers[index].budget -= 1
                    tasks[task].programCounter += 1
                    continue
                }
                guard suspend(task, on: worker) else { continue }
                tasks[task].programCounter += 1
                tasks[task].awaiting = .timer
                tasks[task].resumesFromResource = true
                registerTimer(TimerEntry(task: task, token: tasks[task].generation, isTimeout: false), delay: duration)
            case .spawnBlocking:
                guard suspend(task, on: worker) else { continue }
                let closure = instruction.groupLength
                tasks[task].programCounter += 1 + closure
                tasks[task].awaiting = .blockingJob
                tasks[task].resumesFromResource = true
                workers[index].pendingOverhead += closure > 0
                    ? submitBlockingClosure(task, firstStep: step + 1, length: Int(closure))
                    : submitBlocking(task, duration: duration, token: tasks[task].generation)
            case .spawn:
                spawnChildren(of: task, instruction, on: worker)
                tasks[task].programCounter += 1
                continue
            case .join:
                guard suspend(task, on: worker) else { continue }
                tasks[task].programCounter += 1
                tasks[task].awaiting = .children
                tasks[task].resumesFromResource = true
                spawnChildren(of: task, instruction, on: worker)
            case .accept:
                accept(on: worker)
                return
            case .yield:
                guard suspend(task, on: worker) else { continue }
                tasks[task].programCounter += 1
                deferYield(task, on: worker)
            case .acquire:
                switch acquire(instruction.primitive, cleanup: instruction.cleanup, for: task, on: worker) {
                case .acquired:
                    tasks[task].programCounter += 1
                    continue
                case .threadBlocked:
                    return
                case .taskWaits:
                    break
                case .budgetExhausted:
                    forceYield(on: worker)
                    return
                }
            case .release:
                release(instruction.primitive, heldBy: task, on: worker)
                tasks[task].programCounter += 1
                continue
            case .select:
                if startSelect(on: worker, task: task, at: step) { continue }
            case .timeout:
                openScope(for: task, deadline: duration, length: instruction.groupLength, onTimeout: instruction.onTimeout)
                tasks[task].programCounter += 1
                continue
            }
            endPoll(on: worker)
            return
        }
    }

    /// Called when the task is about to return Pending: if an enclosing timeout has fired, the group is dropped
    /// instead and the program goes on from its end (returns `false`); otherwise returns `true`.
    private mutating func suspend(_ task: TaskID, on worker: Int32) -> Bool {
        let count = Int(tasks[task].scopeCount)
        guard (0..<count).contains(where: { tasks[task, scope: $0].hasFired }) else { return true }
        cancelInnermostFiredScope(of: task, on: worker)
        return false
    }

    /// The coop budget is exhausted (or a Tokio resource refused to proceed): Pending plus a self-wake, unless an
    /// enclosing timeout has fired (Tokio 1.24 polls the delay unconstrained), which drops the group instead.
    mutating func forceYield(on worker: Int32) {
        let index = Int(worker)
        let task = workers[index].currentTask
        recorder.count(.budgetForcedYield, at: now)
        if !suspend(task, on: worker) {
            runProgram(on: worker)
            return
        }
        workers[index].outcome = .selfWoken
        endPoll(on: worker)
    }

    /// Returns and clears the poll overhead not yet charged to a segment.
    mutating func takeOverhead(_ worker: Int32) -> Nanoseconds {
        let overhead = workers[Int(worker)].pendingOverhead
        workers[Int(worker)].pendingOverhead = 0
        return overhead
    }

    /// Occupies the thread for `duration` ns; `continuation` says what follows.
    mutating func startSegment(
        on worker: Int32, _ activity: WorkerActivity, _ duration: Nanoseconds, then continuation: SegmentContinuation
    ) {
        setActivity(worker, activity)
        workers[Int(worker)].continuation = continuation
        if activity == .busy, coreShare != nil {
            startCoreShare(worker, work: duration)
        } else {
            workers[Int(worker)].segmentEndsAt = now + duration
            scheduler.schedule(
                .segmentEnd(worker: worker, generation: workers[Int(worker)].segmentGeneration), after: duration)
        }
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
        case .finishBlockInPlace:
            finishBlockInPlace(on: worker)
        case .spawnAccepted:
            spawnAccepted(on: worker)
        }
    }

    /// The poll reached an await point or the end: charge remaining overhead, then finish it.
    mutating func endPoll(on worker: Int32) {
        let overhead = takeOverhead(worker)
        if overhead > 0 {
            startSegment(on: worker, .busy, overhead, then: .finishPoll)
        } else {
            finishPoll(on: worker)
        }
    }

    /// Tokio 1.53 `MAX_LIFO_POLLS_PER_TICK`.
    static let maximumLIFOPollsPerTick = 3

    /// `run_task`'s start on a worker: leave the searching state, count the poll for the tuned global queue
    /// interval, and with `eager_driver_handoff` wake a parked worker to take over the driver this one polled.
    private mutating func startScheduledPoll(_ worker: Int32) {
        let index = Int(worker)
        let notified = transitionFromSearching(worker)
        workers[index].lifoPolls = 0
        workers[index].polledInBatch += 1
        if configuration.policies.eagerDriverHandoff, workers[index].hadDriver, !notified {
            workers[index].hadDriver = false
            notifyParked()
        }
    }

    /// Records the poll, reschedules or completes the task, then runs the LIFO chain or the scheduler loop.
    private mutating func finishPoll(on worker: Int32) {
        let index = Int(worker)
        let task = workers[index].currentTask
        trace(.pollEnd, thread: worker, task: task)
        workers[index].currentTask = .none
        let duration = now - workers[index].pollStart
        recorder.record(.pollDuration, duration, at: now)
        if duration > Self.slowThreshold { recorder.count(.slowPolls, at: now) }
        switch workers[index].outcome {
        case .pending:
            break
        case .selfWoken:
            // Tokio 1.44+ defers the re-wake of a task whose budget ran out until after the next driver poll.
            if configuration.profile.isModern {
                deferYield(task, on: worker)
            } else {
                scheduleLocal(on: worker, task, isYield: true, fromDriver: false)
            }
        case .completed:
            dropHeldResources(of: task, downTo: 0, on: worker)
            complete(task, on: worker)
        }
        if task == acceptor {
            recorder.count(.acceptLoopPolls, at: now)
            recorder.count(.acceptLoopTime, by: Int(duration), at: now)
        }
        if workers[index].isDetached {
            returnDetachedThreadToPool(worker)
            return
        }
        if isMultiThread {
            let lifo = takeLIFOSlot(worker)
            if lifo.isTask {
                if workers[index].budget > 0 {
                    if configuration.profile.isModern {
                        // At most 3 LIFO polls per tick (`MAX_LIFO_POLLS_PER_TICK`); then wakes go to the queue.
                        workers[index].lifoPolls += 1
                        if workers[index].lifoPolls >= Self.maximumLIFOPollsPerTick { workers[index].lifoEnabled = false }
                    }
                    startPoll(on: worker, lifo, freshBudget: false)
                    return
                }
                pushBack(on: worker, lifo)
            }
            workers[index].lifoEnabled = true
        }
        runLoop(worker)
    }
}
