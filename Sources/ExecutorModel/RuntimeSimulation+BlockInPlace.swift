import MetricCatalogue
import SimKernel

/// `tokio::task::block_in_place` (multi_thread only; Tokio 1.24 `worker.rs` `block_in_place`).
///
/// The calling thread gives its core (local queue and LIFO slot; Tokio 1.38+ first moves the LIFO task into the
/// queue) to a blocking-pool thread,
/// which becomes the worker; the caller runs the closure, finishes its current poll without a core, and then joins
/// the blocking pool. If the pool thread has not picked the core up by the time the closure returns (the pool is
/// saturated), the caller takes the core back and goes on as the worker. A further `block_in_place` in the same poll
/// on a thread without a core just runs its closure there.
extension RuntimeSimulation {
    mutating func beginBlockInPlace(on worker: Int32, duration: Nanoseconds) {
        let index = Int(worker)
        recorder.count(.blockInPlace, at: now)
        if workers[index].isDetached {
            // A thread that already gave its core away has none to hand over: "if none is set, then blocking is
            // fine" (Tokio 1.24 `worker.rs` `block_in_place`), so the closure runs where it is.
            startSegment(on: worker, .blocked, takeOverhead(worker) + duration, then: .finishBlockInPlace)
            return
        }
        // The poll moves to a thread of its own; the core stays behind at `worker`.
        let caller = detachedContext()
        workers[Int(caller)].currentTask = workers[index].currentTask
        workers[Int(caller)].pollStart = workers[index].pollStart
        workers[Int(caller)].outcome = .pending
        workers[Int(caller)].budget = Int.max  // the closure runs with the budget unconstrained
        workers[Int(caller)].formerCore = worker
        workers[index].currentTask = .none
        workers[index].blockInPlaceCaller = caller
        prepareCoreForHandoff(worker)
        // spawn_blocking(run(worker)): the core waits for a pool thread like any closure; spawning one costs the
        // caller the thread-spawn time before it blocks.
        let spawnCost = submitCoreHandoff(worker)
        let overhead = takeOverhead(worker)
        setActivity(worker, .waking)
        startSegment(on: caller, .blocked, overhead + spawnCost + duration, then: .finishBlockInPlace)
    }

    /// Before a core waits for a pool thread: Tokio 1.38+ moves the LIFO task to the queue, where it can be stolen
    /// meanwhile, and 1.50+ first wakes the deferred tasks. In 1.24 the LIFO task stays with the core.
    mutating func prepareCoreForHandoff(_ worker: Int32) {
        guard configuration.profile.isModern else { return }
        wakeDeferred(on: worker)
        let lifo = takeLIFOSlot(worker)
        if lifo.isTask { pushBack(on: worker, lifo) }
    }

    /// An execution context for a thread without a core: reuses a free one or appends one after the workers.
    mutating func detachedContext() -> Int32 {
        if let free = freeDetachedContexts.popLast() { return free }
        var context = Worker(stealRandom: workers[0].stealRandom)
        context.isDetached = true
        workers.append(context)
        return Int32(workers.count - 1)
    }

    /// A pool thread picked up a core: it runs the worker loop from now on.
    mutating func takeOverCore(_ worker: Int32) {
        let index = Int(worker)
        workers[index].blockInPlaceCaller = -1
        setActivity(worker, .idle)
        startProcessingScheduledTasks(worker)
        runWorkerLoop(worker)
    }

    /// The closure passed to `block_in_place` returned on `caller`.
    mutating func finishBlockInPlace(on caller: Int32) {
        let core = workers[Int(caller)].formerCore
        if workers[Int(core)].blockInPlaceCaller == caller, cancelCoreHandoff(core) {
            // The replacement never started: take the core back and finish the poll as the worker.
            workers[Int(core)].blockInPlaceCaller = -1
            workers[Int(core)].currentTask = workers[Int(caller)].currentTask
            workers[Int(core)].pollStart = workers[Int(caller)].pollStart
            workers[Int(core)].outcome = .pending
            workers[Int(core)].budget = configuration.coopBudget
            releaseDetachedContext(caller)
            setActivity(core, .idle)
            tasks[workers[Int(core)].currentTask].programCounter += 1
            runProgram(on: core)
            return
        }
        tasks[workers[Int(caller)].currentTask].programCounter += 1
        runProgram(on: caller)
    }

    /// A thread that gave its core away finished its poll: it becomes an idle blocking-pool thread.
    mutating func returnDetachedThreadToPool(_ context: Int32) {
        releaseDetachedContext(context)
        joinPoolAsIdleThread()
    }

    private mutating func releaseDetachedContext(_ context: Int32) {
        setActivity(context, .idle)
        workers[Int(context)].currentTask = .none
        workers[Int(context)].formerCore = -1
        freeDetachedContexts.append(context)
    }
}
