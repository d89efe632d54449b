import MetricCatalogue
import SimKernel

/// `spawn_blocking` and the blocking pool's threads.
extension RuntimeSimulation {
    /// Queues a closure of `duration` ns for `task` and finds it a thread. Returns the time the calling thread spends
    /// spawning a pool thread (Tokio spawns it synchronously, on the caller), 0 when it spawned none.
    /// `token` identifies the await (the task's generation, or a `select` race token).
    mutating func submitBlocking(_ task: TaskID, duration: Nanoseconds, token: UInt32) -> Nanoseconds {
        submit(BlockingJob(task: task, generation: token, duration: duration, submitted: now))
    }

    /// Queues a closure whose program is steps `firstStep ..< firstStep + length` of `task` (`cpu` and `block`).
    /// Without shared cores it just takes the sum of their durations; with them, its `cpu` steps compete for a core.
    mutating func submitBlockingClosure(_ task: TaskID, firstStep: Int, length: Int) -> Nanoseconds {
        var job = BlockingJob(task: task, generation: tasks[task].generation, duration: 0, submitted: now)
        let program = programs[Int(tasks[task].classIndex)]
        for step in firstStep..<(firstStep + length) {
            let duration = tasks.duration(of: task, step: step)
            job.duration += duration
            if coreShare != nil {
                job.closure.append(ClosureSegment(duration: duration, needsCore: program[step].kind == .cpu))
            }
        }
        return submit(job)
    }

    /// Queues the handoff of `worker`'s core to a pool thread (`block_in_place`); returns the caller's spawn time.
    mutating func submitCoreHandoff(_ worker: Int32) -> Nanoseconds {
        submit(BlockingJob(task: .none, core: worker, duration: 0, submitted: now))
    }

    /// Takes a core handoff back out of the pool queue if no thread has picked it up yet.
    mutating func cancelCoreHandoff(_ worker: Int32) -> Bool {
        guard let position = pool.queue.firstIndex(where: { $0.core == worker }) else { return false }
        pool.queue.remove(at: position)
        return true
    }

    /// Pushes a job to the FIFO queue, then wakes an idle thread, or spawns one if the pool is below its cap.
    private mutating func submit(_ job: BlockingJob) -> Nanoseconds {
        pool.queue.append(job)
        trace(.blockingQueueDepth, thread: -1, task: .none, value: Int64(pool.queue.count))
        recorder.notePeak(.blockingQueueDepth, level: pool.queue.count, at: now)
        if let thread = pool.idleThreads.popLast() {
            pool.threads[Int(thread)].state = .waking
            pool.threads[Int(thread)].generation &+= 1
            let generation = pool.threads[Int(thread)].generation
            scheduler.schedule(
                .blockingThreadReady(thread: thread, generation: generation), after: unparkDelay())
            return 0
        }
        guard pool.liveThreadCount < pool.maxThreads else { return 0 }
        let thread = pool.addThread()
        recorder.count(.blockingThreadsSpawned, at: now)
        notePoolSize()
        let spawnCost = configuration.costs.threadSpawnCost
        let generation = pool.threads[Int(thread)].generation
        scheduler.schedule(.blockingThreadReady(thread: thread, generation: generation), after: spawnCost)
        return spawnCost
    }

    private mutating func notePoolSize() {
        recorder.notePeak(.blockingThreads, level: pool.liveThreadCount, at: now)
    }

    /// A pool thread takes the oldest queued job, or goes idle with its keep-alive running.
    mutating func runNextBlockingJob(on thread: Int32) {
        let index = Int(thread)
        guard let job = pool.queue.popFirst() else {
            pool.threads[index].state = .idle
            pool.threads[index].generation &+= 1
            pool.idleThreads.append(thread)
            let generation = pool.threads[index].generation
            scheduler.schedule(
                .blockingKeepAliveExpired(thread: thread, generation: generation), after: pool.keepAlive)
            return
        }
        trace(.blockingQueueDepth, thread: -1, task: .none, value: Int64(pool.queue.count))
        recorder.record(.blockingQueueWait, now - job.submitted, at: now)
        if job.core >= 0 {
            // The thread becomes the worker for that core and leaves the pool.
            retire(thread)
            scheduler.schedule(.coreHandedOff(worker: job.core), after: 0)
            return
        }
        pool.threads[index].state = .running
        pool.threads[index].job = job
        trace(.blockingJobStart, thread: TraceEvent.blockingThreadBase + thread, task: job.task, value: job.duration)
        if job.closure.isEmpty {
            scheduler.schedule(.blockingJobDone(thread: thread), after: job.duration)
        } else {
            pool.threads[index].segment = 0
            runClosureSegment(on: thread)
        }
    }

    /// Runs the current segment of a closure with a program: `cpu` on a shared core, `block` without one.
    private mutating func runClosureSegment(on thread: Int32) {
        let index = Int(thread)
        let segment = pool.threads[index].job.closure[pool.threads[index].segment]
        if segment.needsCore {
            startCoreShare(ProcessorSharing.poolThread(thread), work: segment.duration)
        } else {
            scheduler.schedule(.blockingJobDone(thread: thread), after: segment.duration)
        }
    }

    /// A segment of a closure with a program ended: run the next, or finish the job after the last.
    mutating func endClosureSegment(on thread: Int32) {
        let index = Int(thread)
        pool.threads[index].segment += 1
        if pool.threads[index].segment < pool.threads[index].job.closure.count {
            runClosureSegment(on: thread)
        } else {
            finishBlockingJob(on: thread)
        }
    }

    /// A closure finished: its JoinHandle wakes the task from the pool thread, i.e. from outside the runtime, unless
    /// the await was cancelled meanwhile.
    mutating func finishBlockingJob(on thread: Int32) {
        let job = pool.threads[Int(thread)].job
        trace(.blockingJobEnd, thread: TraceEvent.blockingThreadBase + thread, task: job.task)
        if completeAwait(job.task, token: job.generation, kind: .blockingJob) {
            scheduleRemote(job.task)
        }
        runNextBlockingJob(on: thread)
    }

    /// A thread that finished a `block_in_place` poll joins the pool, idle or taking a queued job.
    mutating func joinPoolAsIdleThread() {
        let thread = pool.addThread()
        notePoolSize()
        runNextBlockingJob(on: thread)
    }

    /// An idle thread whose keep-alive ran out exits.
    mutating func expireBlockingThread(_ thread: Int32, generation: UInt32) {
        let index = Int(thread)
        guard pool.threads[index].generation == generation, pool.threads[index].state == .idle else { return }
        pool.removeIdle(thread)
        retire(thread)
    }

    private mutating func retire(_ thread: Int32) {
        pool.threads[Int(thread)].state = .exited
        pool.exitedThreads.append(thread)
        pool.liveThreadCount -= 1
    }
}
