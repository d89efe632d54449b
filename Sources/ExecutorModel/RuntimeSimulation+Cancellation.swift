import MetricCatalogue
import SimKernel

/// `tokio::time::timeout` groups and what dropping a future at an await does (`reference/tokio-scheduler.md` §7).
extension RuntimeSimulation {
    /// Starts a timeout group over the next `length` steps, with its deadline timer in the driver.
    mutating func openScope(for task: TaskID, deadline: Nanoseconds, length: Int32, onTimeout: TimeoutAction) {
        nextScopeID &+= 1
        let scope = TimeoutScope(
            id: nextScopeID, endStep: tasks[task].programCounter + 1 + length, onTimeout: onTimeout,
            heldMark: tasks[task].heldCount)
        tasks[task, scope: Int(tasks[task].scopeCount)] = scope
        tasks[task].scopeCount += 1
        let entry = TimerEntry(task: task, token: scope.id, isTimeout: true)
        if driver.isElapsed(now: now, delay: deadline) {
            tasks[task, scope: Int(tasks[task].scopeCount) - 1].hasFired = true
        } else {
            registerTimer(entry, delay: deadline)
        }
    }

    /// Closes the groups that end at `step`: their inner future completed before the deadline.
    mutating func closeFinishedScopes(of task: TaskID, at step: Int) {
        while tasks[task].scopeCount > 0, tasks[task, scope: Int(tasks[task].scopeCount) - 1].endStep <= step {
            tasks[task].scopeCount -= 1
        }
    }

    /// Drops everything the task was suspended on when a timeout cancels it: its own await and, during a `select`,
    /// the other branch's future too.
    mutating func cancelAwait(_ task: TaskID) {
        dropAwait(task)
        if tasks[task].pendingSelect >= 0 {
            dropSelectBranch(of: task, lane: 1)
            tasks[task].pendingSelect = -1
            tasks[task].isRaceReady = false
        }
    }

    /// Drops the task's own await (a `select`'s branch A included): its completion no longer matches the task's
    /// generation, a queued lock request leaves the queue, a `spawn_blocking` closure runs on detached.
    mutating func dropAwait(_ task: TaskID) {
        switch tasks[task].awaiting {
        case .none, .io, .timer, .connection:
            break
        case .children:
            // Dropping the JoinHandles detaches the children: they run on, and their completions no longer match.
            tasks[task].pendingChildren = 0
        case .blockingJob:
            recorder.count(.blockingJobsDetached, at: now)
        case .primitive:
            let index = Int(tasks[task].awaitedPrimitive)
            if let position = primitives[index].taskWaiters.firstIndex(of: task) {
                primitives[index].taskWaiters.remove(at: position)
            }
        }
        tasks[task].awaiting = .none
        tasks[task].resumesFromResource = false
        tasks[task].generation &+= 1
    }

    /// Drops the innermost fired group of the current task: resources acquired inside it are released if their
    /// cleanup is `drop` and leak if it is `after_await`; the program resumes after the group, or the task ends.
    mutating func cancelInnermostFiredScope(of task: TaskID, on context: Int32) {
        let count = Int(tasks[task].scopeCount)
        guard let index = (0..<count).last(where: { tasks[task, scope: $0].hasFired }) else { return }
        let scope = tasks[task, scope: index]
        trace(.timeout, thread: context, task: task)
        tasks[task].scopeCount = Int32(index)
        tasks[task].generation &+= 1
        dropHeldResources(of: task, downTo: scope.heldMark, on: context)
        let program = programs[Int(tasks[task].classIndex)]
        let resumeStep = scope.onTimeout == .continue ? Int(scope.endStep) : program.count
        recorder.count(.tasksTimedOut, at: now)
        if scope.onTimeout == .end { recorder.count(.tasksCancelled, at: now) }
        for step in Int(tasks[task].programCounter)..<Int(scope.endStep) where program[step].kind != .timeout {
            recorder.count(.workDiscarded, by: Int(tasks.duration(of: task, step: step)), at: now)
        }
        tasks[task].programCounter = Int32(resumeStep)
    }

    /// `yield_now`: the wake is deferred until the worker next turns the driver or runs out of work; a thread
    /// without a core wakes the task at once.
    mutating func deferYield(_ task: TaskID, on context: Int32) {
        if workers[Int(context)].isDetached {
            scheduleRemote(task)
        } else {
            workers[Int(context)].deferred.append(task)
        }
    }
}
