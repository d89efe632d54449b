import MetricCatalogue
import SimKernel

/// The result of trying to acquire a lock or permit.
enum AcquireOutcome {
    /// Acquired at once; the program goes on in the same poll.
    case acquired
    /// A std mutex is held: the thread blocks in `lock()` until the holder releases it.
    case threadBlocked
    /// An async mutex or semaphore has no permit: the task queues and yields.
    case taskWaits
    /// The coop budget is exhausted: the async acquire returns Pending and the task wakes itself.
    case budgetExhausted
}

/// std and Tokio mutexes and semaphores (`reference/tokio-scheduler.md` §5).
extension RuntimeSimulation {
    mutating func acquire(
        _ primitive: Int32, cleanup: Cleanup, for task: TaskID, on context: Int32
    ) -> AcquireOutcome {
        let index = Int(primitive)
        if primitives[index].isStdMutex {
            guard primitives[index].holder == .none else {
                // futex_wait: the whole thread sleeps, Tokio cannot run anything else on it.
                primitives[index].threadWaiters.append(context)
                notePrimitiveQueue(index, length: primitives[index].threadWaiters.count)
                workers[Int(context)].lockWaitStart = now
                trace(.lockWait, thread: context, task: task, value: Int64(primitive))
                workers[Int(context)].waitedPrimitive = primitive
                setActivity(context, .blocked)
                checkForDeadlock(blockedOn: primitive)
                return .threadBlocked
            }
            primitives[index].holder = task
            grant(primitive, cleanup: cleanup, to: task, waited: 0)
            return .acquired
        }
        // Tokio's batch semaphore: the acquire future first asks the coop budget, then takes a permit only if
        // nobody is queued (FIFO, no barging).
        guard workers[Int(context)].budget > 0 else { return .budgetExhausted }
        if primitives[index].available > 0 && primitives[index].taskWaiters.isEmpty {
            workers[Int(context)].budget -= 1
            primitives[index].available -= 1
            primitives[index].holder = task
            grant(primitive, cleanup: cleanup, to: task, waited: 0)
            return .acquired
        }
        primitives[index].taskWaiters.append(task)
        notePrimitiveQueue(index, length: primitives[index].taskWaiters.count)
        tasks[task].awaiting = .primitive
        tasks[task].awaitedPrimitive = primitive
        tasks[task].waitStart = now
        return .taskWaits
    }

    /// Records an acquisition and gives the task the guard or permit.
    private mutating func grant(_ primitive: Int32, cleanup: Cleanup, to task: TaskID, waited: Nanoseconds) {
        let index = Int(primitive)
        trace(.acquire, thread: -1, task: task, value: Int64(primitive))
        tasks.pushHeld(HeldResource(primitive: primitive, cleanup: cleanup, acquiredAt: now), for: task)
        recorder.acquired(index, waited: waited, at: now)
    }

    private mutating func notePrimitiveQueue(_ index: Int, length: Int) {
        recorder.noteWaitQueue(index, length: length, at: now)
    }

    /// The task gives back `primitive` (the release step, or a guard dropped at the end of a scope).
    mutating func release(_ primitive: Int32, heldBy task: TaskID, on context: Int32) {
        guard let resource = tasks.removeHeld(primitive, for: task) else { return }
        trace(.release, thread: context, task: task, value: Int64(primitive))
        recorder.released(Int(primitive), heldFor: now - resource.acquiredAt, at: now)
        handBack(primitive, from: context)
    }

    /// Makes the lock or permit available again, or hands it to the next waiter.
    private mutating func handBack(_ primitive: Int32, from context: Int32) {
        let index = Int(primitive)
        if primitives[index].isStdMutex {
            // unlock: swap to 0 and futex_wake(1) one sleeper, which must then win the lock against barging threads.
            primitives[index].holder = .none
            wakeOneLockWaiter(primitive)
            return
        }
        guard let waiter = primitives[index].taskWaiters.popFirst() else {
            primitives[index].available += 1
            primitives[index].holder = .none
            return
        }
        // Tokio hands the permit straight to the head waiter and wakes it from the releasing thread.
        primitives[index].holder = waiter
        tasks[waiter].awaiting = .none
        tasks[waiter].resumesFromResource = true
        grant(primitive, cleanup: instruction(of: waiter).cleanup, to: waiter, waited: now - tasks[waiter].waitStart)
        tasks[waiter].programCounter += 1
        scheduleLocal(on: context, waiter, isYield: false, fromDriver: false)
    }

    private mutating func wakeOneLockWaiter(_ primitive: Int32) {
        let index = Int(primitive)
        guard !primitives[index].isWakeInFlight, let waiter = primitives[index].threadWaiters.popFirst() else { return }
        primitives[index].isWakeInFlight = true
        scheduler.schedule(
            .lockRetry(context: waiter, primitive: primitive), after: unparkDelay())
    }

    /// A thread woken from a std mutex's futex retries: it takes the lock if still free, or sleeps again.
    mutating func retryLock(on context: Int32, primitive: Int32) {
        let index = Int(primitive)
        primitives[index].isWakeInFlight = false
        guard primitives[index].holder == .none else {
            // Someone barged in meanwhile.
            primitives[index].threadWaiters.append(context)
            return
        }
        let task = workers[Int(context)].currentTask
        let cleanup = instruction(of: task).cleanup
        let waited = now - workers[Int(context)].lockWaitStart
        recorder.workerBlockedInLock(index, waited: waited, at: now)
        workers[Int(context)].waitedPrimitive = -1
        primitives[index].holder = task
        grant(primitive, cleanup: cleanup, to: task, waited: waited)
        setActivity(context, .idle)
        tasks[task].programCounter += 1
        runProgram(on: context)
    }

    /// The instruction at the task's program counter.
    @inline(__always)
    func instruction(of task: TaskID) -> Instruction {
        programs[Int(tasks[task].classIndex)][Int(tasks[task].programCounter)]
    }

    /// A guard or permit that will never be given back: a leaked std guard keeps the mutex locked for the rest of
    /// the run; a leaked permit shrinks the semaphore.
    mutating func leak(_ resource: HeldResource) {
        let index = Int(resource.primitive)
        recorder.leaked(index)
        if primitives[index].kind != .stdMutex {
            if primitives[index].holder.isTask { primitives[index].holder = PrimitiveState.leakedHolder }
            return
        }
        primitives[index].holder = PrimitiveState.leakedHolder
        checkForDeadlock(blockedOn: resource.primitive)
    }

    /// Gives up the resources `task` acquired after its first `mark` ones, newest first, when their scope ends
    /// without their release step: guards with `drop` cleanup go out of scope and are released; `after_await` ones,
    /// whose release statement never ran, leak.
    mutating func dropHeldResources(of task: TaskID, downTo mark: Int32, on context: Int32) {
        while tasks[task].heldCount > mark {
            let resource = tasks[task, held: Int(tasks[task].heldCount) - 1]
            if resource.cleanup == .drop {
                release(resource.primitive, heldBy: task, on: context)
            } else {
                _ = tasks.removeHeld(resource.primitive, for: task)
                leak(resource)
            }
        }
    }
}
