import SimKernel

/// `spawn_blocking` and the blocking pool's threads.
extension RuntimeSimulation {
    /// Queues a closure of `duration` ns for `task` and finds it a thread: wake an idle one, or spawn one if the pool
    /// is below its cap. Returns the time the calling worker spends spawning a thread (Tokio spawns it synchronously,
    /// on the caller), 0 when it spawned none.
    mutating func submitBlocking(_ task: TaskID, duration: Nanoseconds) -> Nanoseconds {
        pool.queue.append(BlockingJob(task: task, duration: duration, submitted: now))
        if isInWindow { metrics.blockingQueueDepthPeak = max(metrics.blockingQueueDepthPeak, pool.queue.count) }
        if let thread = pool.idleThreads.popLast() {
            pool.threads[Int(thread)].state = .waking
            pool.threads[Int(thread)].generation &+= 1
            let generation = pool.threads[Int(thread)].generation
            scheduler.schedule(
                .blockingThreadReady(thread: thread, generation: generation), after: configuration.costs.unparkLatency)
            return 0
        }
        guard pool.liveThreadCount < pool.maxThreads else { return 0 }
        let thread = pool.addThread()
        counters.blockingThreadsSpawned += 1
        if isInWindow { metrics.blockingThreadsPeak = max(metrics.blockingThreadsPeak, pool.liveThreadCount) }
        let spawnCost = configuration.costs.threadSpawnCost
        let generation = pool.threads[Int(thread)].generation
        scheduler.schedule(.blockingThreadReady(thread: thread, generation: generation), after: spawnCost)
        return spawnCost
    }

    /// A pool thread takes the oldest queued closure, or goes idle with its keep-alive running.
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
        if isInWindow { metrics.blockingQueueWait.record(now - job.submitted) }
        pool.threads[index].state = .running
        pool.threads[index].job = job
        scheduler.schedule(.blockingJobDone(thread: thread), after: job.duration)
    }

    /// A closure finished: its JoinHandle wakes the task from the pool thread, i.e. from outside the runtime.
    mutating func finishBlockingJob(on thread: Int32) {
        let task = pool.threads[Int(thread)].job.task
        scheduleRemote(task)
        runNextBlockingJob(on: thread)
    }

    /// An idle thread whose keep-alive ran out exits.
    mutating func expireBlockingThread(_ thread: Int32, generation: UInt32) {
        let index = Int(thread)
        guard pool.threads[index].generation == generation, pool.threads[index].state == .idle else { return }
        pool.threads[index].state = .exited
        pool.removeIdle(thread)
        pool.exitedThreads.append(thread)
        pool.liveThreadCount -= 1
    }
}
