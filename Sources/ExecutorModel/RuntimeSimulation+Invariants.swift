import MetricCatalogue
import SimKernel

/// The model's invariants (`InvariantViolation.Invariant`), checked after every event when
/// `Scenario.checksInvariants` is on, in the spirit of swift-collections' `Heap._checkInvariants()`.
///
/// One check costs O(task slots + pending events + threads + waiters) and allocates only a few flat arrays; it reads
/// the state and never changes it, so a run with checks gives bit-for-bit the metrics of a run without.
extension RuntimeSimulation {
    /// Throws `ModelError.invariantViolated` for the first broken invariant, naming it, the task or worker, the time
    /// and the event. Remembers the time, so that the next call can check that time did not go back.
    @inline(never)
    mutating func checkInvariants() throws(ModelError) {
        let isLive = try liveSlots()
        let pending = PendingEvents(self, isLive: isLive)
        try checkTime(pending, isLive)
        let places = try checkTaskPlacement(isLive)
        try checkQueueCapacity(isLive)
        try checkWakeSources(places, pending, isLive)
        try checkThreadStates(pending, isLive)
        try checkIdleWorkers()
        try checkDriver()
        try checkBlockingPool(pending)
        try checkLocks(pending, isLive)
        try checkMetrics(places, isLive)
        lastCheckedTime = now
    }

    /// Whether each task slot holds a live task, after checking the task table's free list and live count.
    private func liveSlots() throws(ModelError) -> [Bool] {
        let slots = tasks.records.count
        var isLive = [Bool](repeating: true, count: slots)
        for slot in tasks.freeSlots {
            guard slot.isTask, slot.slot < slots, isLive[slot.slot] else {
                throw violation(.taskPlacement, "the task table's free list holds slot \(slot) twice or out of range")
            }
            isLive[slot.slot] = false
        }
        guard tasks.liveCount == slots - tasks.freeSlots.count else {
            throw violation(
                .taskPlacement,
                "the task table counts \(tasks.liveCount) live tasks, but \(slots - tasks.freeSlots.count) of its "
                    + "\(slots) slots are in use")
        }
        return isLive
    }

    // MARK: Monotonic time

    private func checkTime(_ pending: PendingEvents, _ isLive: [Bool]) throws(ModelError) {
        guard now >= lastCheckedTime else {
            throw violation(.monotonicTime, "virtual time went back from \(lastCheckedTime) ns to \(now) ns")
        }
        guard pending.earliest >= now else {
            throw violation(.monotonicTime, "an event is pending at \(pending.earliest) ns, before the current time")
        }
        guard pending.strays.isEmpty else {
            throw violation(.threadState, "pending events name threads that do not exist: \(pending.strays)")
        }
        for context in workers.indices {
            let worker = workers[context]
            guard worker.activitySince <= now, !worker.currentTask.isTask || worker.pollStart <= now else {
                throw violation(
                    .monotonicTime, worker: context,
                    "\(thread(context)) has its activity or poll starting in the future "
                        + "(activity since \(worker.activitySince) ns, poll since \(worker.pollStart) ns)")
            }
        }
        for slot in isLive.indices where isLive[slot] {
            let task = TaskID(slot: slot)
            let record = tasks[task]
            guard record.arrival <= record.wokenAt, record.wokenAt <= now else {
                throw violation(
                    .monotonicTime, task: task,
                    "\(describe(task)) arrived at \(record.arrival) ns and was last woken at \(record.wokenAt) ns: "
                        + "out of order or in the future")
            }
        }
    }

    // MARK: Task placement

    /// Where the task slots are found, per slot: run-queue entries, and all places (run queues, deferred lists, and
    /// polls that have not returned Pending).
    struct TaskPlaces {
        var queued: [Int32]
        var all: [Int32]
        /// The run-queue entries over all queues.
        var queuedTotal = 0
    }

    private func checkTaskPlacement(_ isLive: [Bool]) throws(ModelError) -> TaskPlaces {
        let slots = isLive.count
        var places = TaskPlaces(queued: [Int32](repeating: 0, count: slots), all: [Int32](repeating: 0, count: slots))
        var polledBy = [Int](repeating: -1, count: slots)

        /// Counts one appearance of `task` at a place `place` describes (for messages only).
        func note(_ task: TaskID, isQueue: Bool, pinnedTo worker: Int32, _ place: @autoclosure () -> String)
            throws(ModelError)
        {
            guard task.isTask, task.slot < slots else {
                throw violation(.taskPlacement, "\(place()) holds task slot \(task), which does not exist")
            }
            guard isLive[task.slot] else {
                throw violation(.taskPlacement, task: task, "\(place()) holds \(describe(task)), which has completed")
            }
            if isQueue {
                guard tasks[task].pinnedWorker == worker else {
                    throw violation(
                        .taskPlacement, task: task,
                        "\(place()) holds \(describe(task)), pinned to worker \(tasks[task].pinnedWorker)")
                }
                places.queued[task.slot] += 1
                places.queuedTotal += 1
            }
            places.all[task.slot] += 1
        }

        for (index, task) in inject.enumerated() {
            try note(task, isQueue: true, pinnedTo: -1, "the inject queue (position \(index))")
        }
        for (index, task) in backlog.enumerated() {
            try note(task, isQueue: false, pinnedTo: -1, "the listener's backlog (position \(index))")
        }
        for context in workers.indices {
            let worker = workers[context]
            if worker.lifoSlot.isTask {
                try note(worker.lifoSlot, isQueue: true, pinnedTo: -1, "the LIFO slot of \(thread(context))")
            }
            for task in worker.runQueue {
                try note(task, isQueue: true, pinnedTo: -1, "the local queue of \(thread(context))")
            }
            for task in worker.pinnedQueue {
                try note(task, isQueue: true, pinnedTo: Int32(context), "the pinned queue of \(thread(context))")
            }
            for task in worker.deferred {
                try note(task, isQueue: false, pinnedTo: -1, "the deferred (yield_now) list of \(thread(context))")
            }
            let task = worker.currentTask
            guard task.isTask else { continue }
            guard task.slot < slots, isLive[task.slot] else {
                throw violation(
                    .taskPlacement, worker: context, "\(thread(context)) polls task slot \(task), which is not live")
            }
            guard polledBy[task.slot] < 0 else {
                throw violation(
                    .taskPlacement, task: task, worker: context,
                    "\(describe(task)) is polled by two threads at once: \(thread(polledBy[task.slot])) and "
                        + thread(context))
            }
            polledBy[task.slot] = context
            // A poll that returned Pending and only finishes its overhead no longer holds the task: it is wherever
            // its await put it (and may already be woken).
            if !isFinishingPendingPoll(context) {
                places.all[task.slot] += 1
            }
        }
        for slot in isLive.indices where isLive[slot] {
            let task = TaskID(slot: slot)
            let count = places.all[slot]
            guard count <= 1 else {
                throw violation(
                    .taskPlacement, task: task,
                    "\(describe(task)) is in \(count) places at once: " + placesOf(task).joined(separator: "; "))
            }
            let isQueued = places.queued[slot] == 1
            guard tasks[task].isScheduled == isQueued else {
                throw violation(
                    .taskPlacement, task: task,
                    "\(describe(task)) is \(isQueued ? "" : "not ")in a run queue, but its scheduled flag is "
                        + "\(tasks[task].isScheduled) (places: \(placesOf(task)))")
            }
        }
        return places
    }

    /// Whether the context runs the overhead segment at the end of a poll that returned Pending.
    private func isFinishingPendingPoll(_ context: Int) -> Bool {
        workers[context].activity == .busy && workers[context].continuation == .finishPoll
            && workers[context].outcome == .pending
    }

    /// Every place holding `task`, in words (for messages).
    private func placesOf(_ task: TaskID) -> [String] {
        var found: [String] = []
        for (index, queued) in inject.enumerated() where queued == task {
            found.append("the inject queue (position \(index))")
        }
        for context in workers.indices {
            let worker = workers[context]
            if worker.lifoSlot == task { found.append("the LIFO slot of \(thread(context))") }
            if worker.runQueue.contains(task) { found.append("the local queue of \(thread(context))") }
            if worker.pinnedQueue.contains(task) { found.append("the pinned queue of \(thread(context))") }
            if worker.deferred.contains(task) { found.append("the deferred (yield_now) list of \(thread(context))") }
            if worker.currentTask == task {
                found.append(
                    isFinishingPendingPoll(context)
                        ? "finishing a Pending poll on \(thread(context))" : "being polled on \(thread(context))")
            }
        }
        return found
    }

    // MARK: Queue capacity

    private func checkQueueCapacity(_ isLive: [Bool]) throws(ModelError) {
        guard tasks.liveCount <= maxLiveTasks else {
            throw violation(.queueCapacity, "\(tasks.liveCount) tasks are alive; the limit is \(maxLiveTasks)")
        }
        for context in workers.indices {
            let worker = workers[context]
            if context >= workerCount {
                guard !worker.lifoSlot.isTask, worker.runQueue.isEmpty, worker.pinnedQueue.isEmpty,
                    worker.deferred.isEmpty
                else {
                    throw violation(
                        .queueCapacity, worker: context, "\(thread(context)) has no core, but tasks are queued on it")
                }
            } else if isMultiThread {
                guard worker.runQueue.count <= configuration.localQueueCapacity else {
                    throw violation(
                        .queueCapacity, worker: context,
                        "the local queue of \(thread(context)) holds \(worker.runQueue.count) tasks; its capacity is "
                            + "\(configuration.localQueueCapacity)")
                }
                guard !worker.lifoSlot.isTask || configuration.lifoSlotEnabled else {
                    throw violation(
                        .queueCapacity, worker: context,
                        "the LIFO slot of \(thread(context)) holds a task, but the LIFO slot is disabled")
                }
                guard stealableWorkers.contains(context) == isStealable(Int32(context)) else {
                    throw violation(
                        .queueCapacity, worker: context,
                        "\(thread(context)) \(isStealable(Int32(context)) ? "has" : "has no") work to steal, but the "
                            + "set of stealable workers says otherwise")
                }
            } else {
                guard !worker.lifoSlot.isTask, worker.pinnedQueue.isEmpty else {
                    throw violation(
                        .queueCapacity, worker: context,
                        "current_thread has no LIFO slot and no pinned queue, but \(thread(context)) uses one")
                }
            }
        }
        for slot in isLive.indices where isLive[slot] {
            let task = TaskID(slot: slot)
            let record = tasks[task]
            let steps = programs[Int(record.classIndex)].count
            guard (0...tasks.heldPerSlot).contains(Int(record.heldCount)),
                (0...tasks.scopesPerSlot).contains(Int(record.scopeCount)),
                (0...steps).contains(Int(record.programCounter))
            else {
                throw violation(
                    .queueCapacity, task: task,
                    "\(describe(task)) holds \(record.heldCount) resources (room for \(tasks.heldPerSlot)), has "
                        + "\(record.scopeCount) timeouts open (room for \(tasks.scopesPerSlot)) and is at step "
                        + "\(record.programCounter) of \(steps)")
            }
        }
    }

    // MARK: Wake-up sources

    private func checkWakeSources(_ places: TaskPlaces, _ pending: PendingEvents, _ isLive: [Bool])
        throws(ModelError)
    {
        // Per slot: bit 0 when the task's own await is registered, bit 1 its select branch B.
        var registered = pending.ioRegistered
        for (task, generation, _) in driver.readyIO {
            registered.markCompletion(of: task, token: generation, kind: .io, in: tasks, isLive: isLive)
        }
        for job in pool.queue {
            registered.markCompletion(of: job.task, token: job.generation, kind: .blockingJob, in: tasks, isLive: isLive)
        }
        for thread in pool.threads where thread.state == .running {
            registered.markCompletion(
                of: thread.job.task, token: thread.job.generation, kind: .blockingJob, in: tasks, isLive: isLive)
        }
        var scopeTimers = [Int32](repeating: 0, count: isLive.count)
        driver.timers.forEachPending { _, entry in
            guard !entry.isTimeout else {
                let task = entry.task
                guard task.isTask, task.slot < isLive.count, isLive[task.slot] else { return }
                for scope in 0..<Int(tasks[task].scopeCount)
                where tasks[task, scope: scope].id == entry.token && !tasks[task, scope: scope].hasFired {
                    scopeTimers[task.slot] += 1
                }
                return
            }
            registered.markCompletion(of: entry.task, token: entry.token, kind: .timer, in: tasks, isLive: isLive)
        }
        try markPrimitiveWaits(&registered, isLive)
        // A join is registered when exactly its pending number of children still point at it.
        var children = [Int32](repeating: 0, count: isLive.count)
        for slot in isLive.indices where isLive[slot] {
            let parent = tasks.records[slot].parent
            guard parent.isTask, parent.slot < isLive.count, isLive[parent.slot],
                tasks[parent].generation == tasks.records[slot].parentToken
            else { continue }
            children[parent.slot] += 1
        }
        for slot in isLive.indices where isLive[slot] && tasks.records[slot].awaiting == .children {
            if tasks.records[slot].pendingChildren > 0, children[slot] == tasks.records[slot].pendingChildren {
                registered[slot] |= 1
            }
        }
        // The accept loop waits for the listener: registered while no connection waits, or with its readiness
        // on the way to the driver.
        if acceptor.isTask, tasks[acceptor].awaiting == .connection,
            backlog.isEmpty || driver.readyIO.contains(where: { $0.task == acceptor && $0.generation == tasks[acceptor].generation })
        {
            registered[acceptor.slot] |= 1
        }

        for slot in isLive.indices where isLive[slot] {
            let task = TaskID(slot: slot)
            let record = tasks[task]
            if record.awaiting != .none, registered[slot] & 1 == 0 {
                throw violation(
                    .wakeSource, task: task,
                    "\(describe(task)) awaits \(awaitName(record.awaiting, of: record)) (generation "
                        + "\(record.generation)), but nothing that would complete it is pending")
            }
            if record.raceAwaiting != .none, registered[slot] & 2 == 0 {
                throw violation(
                    .wakeSource, task: task,
                    "\(describe(task)) awaits \(awaitName(record.raceAwaiting, of: record)) in a select branch "
                        + "(token \(record.raceToken)), but nothing that would complete it is pending")
            }
            if places.all[slot] == 0, record.awaiting == .none, record.raceAwaiting == .none {
                throw violation(
                    .wakeSource, task: task, "\(describe(task)) is suspended but awaits nothing: nothing will wake it")
            }
            let unfired = (0..<Int(record.scopeCount)).filter { !tasks[task, scope: $0].hasFired }.count
            guard scopeTimers[slot] == unfired else {
                throw violation(
                    .wakeSource, task: task,
                    "\(describe(task)) has \(unfired) timeout groups open and not fired, but \(scopeTimers[slot]) "
                        + "timers for them")
            }
        }
    }

    /// Marks the tasks queued for a lock or semaphore as registered, checking that only live tasks whose await says
    /// so queue, each at most once.
    private func markPrimitiveWaits(_ registered: inout [UInt8], _ isLive: [Bool]) throws(ModelError) {
        var waitingOn = [Int32](repeating: -1, count: isLive.count)
        for (index, primitive) in primitives.enumerated() {
            for task in primitive.taskWaiters {
                guard task.isTask, task.slot < isLive.count, isLive[task.slot] else {
                    throw violation(
                        .taskPlacement, "\(primitiveNames[index])'s waiter queue holds task slot \(task), not a live task")
                }
                guard waitingOn[task.slot] < 0 else {
                    throw violation(
                        .taskPlacement, task: task,
                        "\(describe(task)) queues for \(primitiveNames[Int(waitingOn[task.slot])]) and "
                            + "\(primitiveNames[index]) at once (or twice for one)")
                }
                waitingOn[task.slot] = Int32(index)
                guard tasks[task].awaiting == .primitive, tasks[task].awaitedPrimitive == Int32(index) else {
                    throw violation(
                        .wakeSource, task: task,
                        "\(describe(task)) queues for \(primitiveNames[index]) but awaits "
                            + awaitName(tasks[task].awaiting, of: tasks[task]))
                }
                registered[task.slot] |= 1
            }
        }
    }

    private func awaitName(_ kind: AwaitKind, of record: TaskRecord) -> String {
        switch kind {
        case .none: return "nothing"
        case .io: return "I/O"
        case .timer: return "a timer"
        case .blockingJob: return "a spawn_blocking closure"
        case .children: return "\(record.pendingChildren) child tasks"
        case .connection: return "a connection"
        case .primitive:
            let index = Int(record.awaitedPrimitive)
            return primitiveNames.indices.contains(index) ? primitiveNames[index] : "primitive #\(index)"
        }
    }

    // MARK: Thread states

    private func checkThreadStates(_ pending: PendingEvents, _ isLive: [Bool]) throws(ModelError) {
        switch arrivals {
        case .poisson, .constantRate, .onOff:
            guard pending.arrivals == 1 else {
                throw violation(.threadState, "\(pending.arrivals) arrivals are pending; the arrival process needs one")
            }
        case .replay:
            let expected = nextReplayedRequest < replayedRequests.count ? 1 : 0
            guard pending.arrivals == expected else {
                throw violation(.threadState, "\(pending.arrivals) arrivals are pending; the replayed log needs \(expected)")
            }
        case let .closed(clients, _):
            var sending = 0
            for slot in tasks.records.indices where isLive[slot] && tasks.records[slot].client >= 0 { sending += 1 }
            guard pending.clientRequests + sending == clients else {
                throw violation(
                    .threadState,
                    "\(pending.clientRequests) clients are thinking and \(sending) wait for a response, but there are "
                        + "\(clients) clients")
            }
        }
        var isFreeContext = [Bool](repeating: false, count: workers.count)
        for context in freeDetachedContexts {
            guard Int(context) >= workerCount, Int(context) < workers.count, !isFreeContext[Int(context)] else {
                throw violation(
                    .threadState, "the free block_in_place thread list holds \(context) twice or out of range")
            }
            isFreeContext[Int(context)] = true
        }
        for context in workers.indices {
            let worker = workers[context]
            let segments = pending.segmentEnds[context]
            func fail(_ detail: String) -> ModelError {
                violation(.threadState, worker: context, "\(thread(context)) is \(worker.activity) \(detail)")
            }
            guard worker.waitedPrimitive < 0 || worker.activity == .blocked else {
                throw fail("but waits in lock(\(primitiveNames[Int(worker.waitedPrimitive)]))")
            }
            if isFreeContext[context] {
                guard worker.activity == .idle, !worker.currentTask.isTask, segments == 0 else {
                    throw fail("with task slot \(worker.currentTask), though it is on the free list")
                }
                continue
            }
            switch worker.activity {
            case .idle:
                throw fail("between events, a state that never lasts virtual time")
            case .busy, .blocked:
                guard worker.currentTask.isTask else { throw fail("without a task") }
                if worker.waitedPrimitive >= 0 {
                    let primitive = Int(worker.waitedPrimitive)
                    var sleeps: Int32 = 0
                    for waiter in primitives[primitive].threadWaiters where waiter == Int32(context) { sleeps += 1 }
                    guard segments == 0, sleeps + pending.lockRetriesByContext[context] == 1 else {
                        throw fail(
                            "in lock(\(primitiveNames[primitive])) with \(segments) segment ends, \(sleeps) futex "
                                + "sleeps and \(pending.lockRetriesByContext[context]) retries pending; exactly one "
                                + "sleep or retry is needed")
                    }
                } else {
                    guard segments == 1 else { throw fail("with \(segments) segment ends pending instead of one") }
                }
            case .waking:
                guard context < workerCount, segments == 0 else {
                    throw fail("with \(segments) segment ends pending; only a worker wakes")
                }
                if worker.blockInPlaceCaller >= 0 {
                    guard pool.queue.contains(where: { $0.core == Int32(context) }) || pending.hasCoreHandoff[context]
                    else {
                        throw fail("for a core handoff, but no pool job or handoff event for its core is pending")
                    }
                } else {
                    guard pending.hasWake[context] else {
                        throw fail("but no wake-up with generation \(worker.generation) is pending")
                    }
                }
            case .parkedInDriver, .parkedOnCondvar:
                guard context < workerCount, !worker.currentTask.isTask, segments == 0 else {
                    throw fail("with task slot \(worker.currentTask) and \(segments) segment ends pending")
                }
                if worker.activity == .parkedInDriver, worker.plannedWake != .max {
                    guard pending.hasWake[context] else {
                        throw fail("until \(worker.plannedWake) ns, but no wake-up for it is pending")
                    }
                }
            }
        }
    }

    // MARK: Idle workers

    private func checkIdleWorkers() throws(ModelError) {
        let sleepers = idle.sleepers
        guard idle.unparkedCount == workerCount - sleepers.count else {
            throw violation(
                .idleWorkers,
                "\(idle.unparkedCount) workers count as unparked, but \(sleepers.count) of \(workerCount) sleep")
        }
        var isSleeper = [Bool](repeating: false, count: workerCount)
        for worker in sleepers {
            guard worker >= 0, Int(worker) < workerCount, !isSleeper[Int(worker)] else {
                throw violation(.idleWorkers, "the sleepers list holds worker \(worker) twice or out of range")
            }
            isSleeper[Int(worker)] = true
            guard workers[Int(worker)].isParked else {
                throw violation(
                    .idleWorkers, worker: Int(worker),
                    "worker \(worker) is among the sleepers but \(workers[Int(worker)].activity)")
            }
        }
        guard isMultiThread else {
            guard sleepers.isEmpty, idle.searchingCount == 0, !workers[0].isSearching else {
                throw violation(.idleWorkers, "current_thread has no sleepers or searchers, but counts some")
            }
            return
        }
        // A worker notified while parked left the sleepers and counts as searching before it runs.
        var searching = 0
        for worker in 0..<workerCount {
            let state = workers[worker]
            if state.isSearching { searching += 1 }
            if state.isParked, !isSleeper[worker], state.blockInPlaceCaller < 0 { searching += 1 }
            guard state.activity != .parkedOnCondvar || isSleeper[worker] else {
                throw violation(
                    .idleWorkers, worker: worker, "worker \(worker) is parked on its condvar but not among the sleepers")
            }
        }
        guard idle.searchingCount == searching, searching <= workerCount else {
            throw violation(
                .idleWorkers,
                "\(idle.searchingCount) workers count as searching, but \(searching) are searching or notified and "
                    + "not yet running")
        }
    }

    // MARK: Driver

    private func checkDriver() throws(ModelError) {
        let holder = driver.holder
        if holder >= 0 {
            guard Int(holder) < workerCount,
                workers[Int(holder)].activity == .parkedInDriver || workers[Int(holder)].activity == .waking
            else {
                throw violation(
                    .driver, worker: Int(holder),
                    "\(thread(Int(holder))) holds the driver but is "
                        + "\(Int(holder) < workers.count ? "\(workers[Int(holder)].activity)" : "no thread")")
            }
        }
        for worker in 0..<workerCount where workers[worker].activity == .parkedInDriver {
            guard holder == Int32(worker) else {
                throw violation(
                    .driver, worker: worker, "worker \(worker) is parked in the driver, whose holder is \(holder)")
            }
        }
        guard driver.elapsedTick <= driver.currentTick(now) else {
            throw violation(
                .driver, "the driver processed tick \(driver.elapsedTick), after the current tick \(driver.currentTick(now))")
        }
        if let tick = driver.nextTimerTick, tick <= driver.elapsedTick {
            throw violation(
                .driver, "a timer waits for tick \(tick), but the driver has already processed tick \(driver.elapsedTick)")
        }
    }

    // MARK: Blocking pool

    private func checkBlockingPool(_ pending: PendingEvents) throws(ModelError) {
        let count = pool.threads.count
        var listed = [BlockingThread.State?](repeating: nil, count: count)
        for (list, state) in [(pool.idleThreads, BlockingThread.State.idle), (pool.exitedThreads, .exited)] {
            for thread in list {
                guard thread >= 0, Int(thread) < count, listed[Int(thread)] == nil else {
                    throw violation(.blockingPool, "pool thread \(thread) is listed twice or does not exist")
                }
                listed[Int(thread)] = state
            }
        }
        var live = 0
        var onTheirWay = 0
        for (index, thread) in pool.threads.enumerated() {
            let hasNextEvent: Bool
            switch thread.state {
            case .starting, .waking:
                hasNextEvent = pending.hasReady[index]
                onTheirWay += 1
            case .running: hasNextEvent = pending.jobsDone[index] == 1
            case .idle: hasNextEvent = pending.hasKeepAlive[index]
            case .exited: hasNextEvent = true
            }
            let isListed = thread.state == .idle || thread.state == .exited
            guard hasNextEvent, listed[index] == (isListed ? thread.state : nil),
                thread.state == .running || pending.jobsDone[index] == 0
            else {
                throw violation(
                    .blockingPool,
                    "pool thread \(index) is \(thread.state) (generation \(thread.generation)), but its list entry "
                        + "(\(listed[index].map { "\($0)" } ?? "none")) or its pending events do not match")
            }
            if thread.state != .exited { live += 1 }
        }
        guard live == pool.liveThreadCount else {
            throw violation(.blockingPool, "the pool counts \(pool.liveThreadCount) live threads, but has \(live)")
        }
        // Each queued job woke or spawned a thread unless none was idle; a thread it woke may find another took it.
        guard pool.idleThreads.isEmpty || pool.queue.count <= onTheirWay else {
            throw violation(
                .blockingPool,
                "\(pool.queue.count) jobs wait with \(onTheirWay) threads on their way while "
                    + "\(pool.idleThreads.count) pool threads idle")
        }
        for job in pool.queue where job.core >= 0 {
            guard Int(job.core) < workerCount, workers[Int(job.core)].blockInPlaceCaller >= 0 else {
                throw violation(
                    .blockingPool, worker: Int(job.core),
                    "the pool queue hands over the core of \(thread(Int(job.core))), which is not in block_in_place")
            }
        }
    }

    // MARK: Locks and permits

    private func checkLocks(_ pending: PendingEvents, _ isLive: [Bool]) throws(ModelError) {
        var held = [Int](repeating: 0, count: primitives.count)
        var holder = [TaskID](repeating: .none, count: primitives.count)
        for slot in isLive.indices where isLive[slot] {
            let task = TaskID(slot: slot)
            for index in 0..<Int(tasks[task].heldCount) {
                let primitive = Int(tasks[task, held: index].primitive)
                guard primitives.indices.contains(primitive) else {
                    throw violation(
                        .locks, task: task, "\(describe(task)) holds primitive #\(primitive), which does not exist")
                }
                held[primitive] += 1
                holder[primitive] = task
            }
        }
        for (index, state) in primitives.enumerated() {
            func fail(_ detail: String, task: TaskID = .none) -> ModelError {
                violation(.locks, task: task, "\(primitiveNames[index]) (\(state.kind)): \(detail)")
            }
            switch state.kind {
            case .stdMutex:
                guard state.taskWaiters.isEmpty else { throw fail("tasks queue for a std mutex") }
                if state.holder.isTask {
                    guard held[index] == 1, holder[index] == state.holder else {
                        throw fail(
                            "the holder is \(describe(state.holder)), but \(held[index]) tasks hold it",
                            task: state.holder)
                    }
                } else {
                    guard held[index] == 0 else { throw fail("\(held[index]) tasks hold it, but it has no holder") }
                }
                for (position, context) in state.threadWaiters.enumerated() {
                    guard workers.indices.contains(Int(context)), workers[Int(context)].waitedPrimitive == Int32(index),
                        !state.threadWaiters.prefix(position).contains(context)
                    else {
                        throw fail("thread \(context) sleeps in its futex but is not blocked in its lock() once")
                    }
                }
                let retries = pending.lockRetriesByPrimitive[index]
                guard retries == (state.isWakeInFlight ? 1 : 0) else {
                    throw fail("\(retries) woken waiters retry, but a wake-up in flight is \(state.isWakeInFlight)")
                }
                guard state.holder != .none || state.threadWaiters.isEmpty || state.isWakeInFlight else {
                    throw fail("free, with \(state.threadWaiters.count) threads asleep and none woken")
                }
            case .asyncMutex, .semaphore:
                guard state.threadWaiters.isEmpty, !state.isWakeInFlight else {
                    throw fail("threads sleep in it as in a std mutex")
                }
                guard state.available >= 0,
                    state.available + held[index] + recorder.metrics.primitives[index].leaked == state.capacity
                else {
                    throw fail(
                        "\(state.available) free + \(held[index]) held + \(recorder.metrics.primitives[index].leaked) leaked permits, "
                            + "but its capacity is \(state.capacity)")
                }
                guard state.taskWaiters.isEmpty || state.available == 0 else {
                    throw fail("\(state.available) permits are free while \(state.taskWaiters.count) tasks queue")
                }
                if case .asyncMutex = state.kind, state.holder != PrimitiveState.leakedHolder {
                    let isHeld = state.holder.isTask
                    guard isHeld == (held[index] == 1), !isHeld || holder[index] == state.holder else {
                        throw fail("the holder is \(describe(state.holder)), but \(held[index]) tasks hold it")
                    }
                }
            }
        }
    }

    // MARK: Metrics

    private func checkMetrics(_ places: TaskPlaces, _ isLive: [Bool]) throws(ModelError) {
        func requireNonNegative<Value: Comparable & SignedNumeric>(
            _ value: Value, _ name: @autoclosure () -> String, worker: Int? = nil
        ) throws(ModelError) {
            guard value >= 0 else { throw violation(.metrics, worker: worker, "\(name()) is negative: \(value)") }
        }
        let metrics = recorder.metrics
        try requireNonNegative(metrics.tasksArrived, "tasks_arrived")
        try requireNonNegative(metrics.tasksCompleted, "tasks_completed")
        try requireNonNegative(metrics.completionsInWindow, "completions_in_window")
        for counter in RuntimeCounter.allCases {
            try requireNonNegative(recorder[counter], "the \(counter) counter")
        }
        for peak in RuntimePeak.allCases {
            try requireNonNegative(metrics[peak], "the \(peak) peak")
        }
        let stall = recorder.stall
        try requireNonNegative(stall.metrics.stallTime, "stall_time")
        try requireNonNegative(stall.metrics.longestStall, "longest_stall")
        try requireNonNegative(stall.metrics.allWorkersBlockedTime, "all_workers_blocked_time")
        try requireNonNegative(stall.metrics.stalledTaskWait, "stalled_task_wait")
        let elapsed = max(0, min(now, recorder.closesAt) - windowStart)
        for (index, worker) in recorder.workerMetrics.enumerated() {
            let name = thread(index)
            for counter in WorkerCounter.allCases {
                try requireNonNegative(worker[counter], "the \(counter) count of \(name)", worker: index)
            }
            for time in WorkerTime.allCases {
                try requireNonNegative(worker[time], "the \(time) time of \(name)", worker: index)
            }
            let accounted = worker.busyTime + worker.blockedTime + worker.parkedTime
            guard accounted <= elapsed || recorder.isClosed else {
                throw violation(
                    .metrics, worker: index,
                    "\(name) was busy, blocked or parked for \(accounted) ns of a window that has lasted \(elapsed) ns")
            }
        }
        for (index, primitive) in metrics.primitives.enumerated() {
            let name = primitiveNames[index]
            try requireNonNegative(primitive.acquisitions, "the acquisitions of \(name)")
            try requireNonNegative(primitive.contendedAcquisitions, "the contended acquisitions of \(name)")
            try requireNonNegative(primitive.longestQueue, "the longest queue of \(name)")
            try requireNonNegative(primitive.workerBlockedTime, "the worker blocked time of \(name)")
            try requireNonNegative(primitive.leaked, "the leaks of \(name)")
        }
        var measuredAlive = 0
        var measuredChildrenAlive = 0
        for slot in isLive.indices where isLive[slot] && tasks[TaskID(slot: slot)].isMeasured {
            if tasks[TaskID(slot: slot)].isRequest { measuredAlive += 1 } else { measuredChildrenAlive += 1 }
        }
        guard measuredChildrenInFlight == measuredChildrenAlive else {
            throw violation(
                .metrics,
                "\(measuredChildrenInFlight) measured child tasks count as in flight, but \(measuredChildrenAlive) are alive")
        }
        guard measuredInFlight == metrics.tasksArrived - metrics.tasksCompleted, measuredInFlight == measuredAlive
        else {
            throw violation(
                .metrics,
                "\(metrics.tasksArrived) measured tasks arrived and \(metrics.tasksCompleted) completed, "
                    + "\(measuredInFlight) count as in flight, and \(measuredAlive) are alive")
        }
        guard metrics.liveTasksPeak >= tasks.liveCount else {
            throw violation(
                .metrics, "live_tasks_peak is \(metrics.liveTasksPeak), but \(tasks.liveCount) tasks are alive")
        }
        let waiting = places.queuedTotal + driver.readyIO.count + backlog.count
        guard stall.waitingTasks == waiting else {
            throw violation(
                .metrics,
                "the stall tracker counts \(stall.waitingTasks) runnable tasks waiting, but \(places.queuedTotal) "
                    + "are queued and \(driver.readyIO.count) I/O completions wait in the driver")
        }
        var blocked = 0
        for worker in 0..<workerCount where workers[worker].activity == .blocked {
            blocked += 1
        }
        guard stall.blockedWorkers == blocked else {
            throw violation(
                .metrics, "the stall tracker counts \(stall.blockedWorkers) blocked workers, but \(blocked) are blocked")
        }
    }

    // MARK: Naming

    /// "task #12 (class handler, slot 3)".
    private func describe(_ task: TaskID) -> String {
        guard task.isTask, task.slot < tasks.records.count else {
            return task == PrimitiveState.leakedHolder ? "a leaked guard" : "nobody (\(task))"
        }
        let record = tasks[task]
        return "task #\(record.serial) (class \(classNames[Int(record.classIndex)]), slot \(task))"
    }

    /// "worker 1", or "block_in_place thread 5 (core 1)" for an execution context without a core.
    private func thread(_ context: Int) -> String {
        guard context >= workerCount else { return "worker \(context)" }
        guard context < workers.count else { return "thread \(context)" }
        return "block_in_place thread \(context) (core \(workers[context].formerCore))"
    }

    private func violation(
        _ invariant: InvariantViolation.Invariant, task: TaskID = .none, worker: Int? = nil, _ detail: String
    ) -> ModelError {
        let serial = task.isTask && task.slot < tasks.records.count ? tasks[task].serial : nil
        return .invariantViolated(InvariantViolation(
            invariant: invariant, time: now, event: scheduler.eventsProcessed, task: serial, worker: worker,
            detail: detail))
    }
}

/// The kernel's pending events, summarised for the checks: what each thread and task has pending.
private struct PendingEvents {
    /// The time of the earliest pending event, in ns (`.max` when none is).
    var earliest = Nanoseconds.max
    var arrivals = 0
    var clientRequests = 0
    /// Pending `segmentEnd` events per execution context.
    var segmentEnds: [Int32]
    /// Pending `lockRetry` events per execution context and per primitive.
    var lockRetriesByContext: [Int32]
    var lockRetriesByPrimitive: [Int32]
    /// Per execution context: whether a `workerWake` with its current generation is pending.
    var hasWake: [Bool]
    /// Per execution context: whether a `coreHandedOff` event for it is pending.
    var hasCoreHandoff: [Bool]
    /// Per pool thread: whether a `blockingThreadReady` or `blockingKeepAliveExpired` event with its current
    /// generation is pending.
    var hasReady: [Bool]
    var hasKeepAlive: [Bool]
    /// Pending `blockingJobDone` events per pool thread.
    var jobsDone: [Int32]
    /// Per task slot: bit 0 set when an `ioComplete` event completes its own await, bit 1 its `select` branch B.
    var ioRegistered: [UInt8]
    /// Events naming a thread or primitive that does not exist, described.
    var strays: [String] = []

    init(_ simulation: RuntimeSimulation, isLive: [Bool]) {
        let contexts = simulation.workers.count
        let poolThreads = simulation.pool.threads.count
        segmentEnds = Array(repeating: 0, count: contexts)
        lockRetriesByContext = Array(repeating: 0, count: contexts)
        lockRetriesByPrimitive = Array(repeating: 0, count: simulation.primitives.count)
        hasWake = Array(repeating: false, count: contexts)
        hasCoreHandoff = Array(repeating: false, count: contexts)
        hasReady = Array(repeating: false, count: poolThreads)
        hasKeepAlive = Array(repeating: false, count: poolThreads)
        jobsDone = Array(repeating: 0, count: poolThreads)
        ioRegistered = Array(repeating: 0, count: isLive.count)
        var summary = self
        simulation.scheduler.forEachPending { time, event in
            summary.note(event, at: time, in: simulation, isLive: isLive)
        }
        // A segment on the shared cores ends when the share says so: it counts as its pending end.
        simulation.coreShare?.forEachConsumer { consumer in
            if let thread = ProcessorSharing.poolThreadIndex(consumer) {
                if Int(thread) < poolThreads { summary.jobsDone[Int(thread)] += 1 } else { summary.strays.append("core share of pool thread \(thread)") }
            } else if Int(consumer) < contexts {
                summary.segmentEnds[Int(consumer)] += 1
            } else {
                summary.strays.append("core share of context \(consumer)")
            }
        }
        self = summary
    }

    private mutating func note(_ event: RuntimeEvent, at time: Nanoseconds, in simulation: RuntimeSimulation, isLive: [Bool]) {
        earliest = min(earliest, time)
        let contexts = segmentEnds.count
        let poolThreads = jobsDone.count
        switch event {
        case .arrival:
            arrivals += 1
        case .clientRequest:
            clientRequests += 1
        case .coreShareDue:
            break
        case let .segmentEnd(worker, generation):
            guard worker >= 0, Int(worker) < contexts else { return strays.append("\(event)") }
            if simulation.workers[Int(worker)].segmentGeneration == generation { segmentEnds[Int(worker)] += 1 }
        case .monitorCheck:
            break
        case let .ioComplete(task, generation):
            ioRegistered.markCompletion(of: task, token: generation, kind: .io, in: simulation.tasks, isLive: isLive)
        case let .lockRetry(context, primitive):
            guard context >= 0, Int(context) < contexts, primitive >= 0,
                Int(primitive) < lockRetriesByPrimitive.count
            else { return strays.append("\(event)") }
            lockRetriesByContext[Int(context)] += 1
            lockRetriesByPrimitive[Int(primitive)] += 1
        case let .coreHandedOff(worker):
            guard worker >= 0, Int(worker) < contexts else { return strays.append("\(event)") }
            hasCoreHandoff[Int(worker)] = true
        case let .workerWake(worker, generation):
            guard worker >= 0, Int(worker) < contexts else { return strays.append("\(event)") }
            if simulation.workers[Int(worker)].generation == generation { hasWake[Int(worker)] = true }
        case let .blockingThreadReady(thread, generation):
            guard thread >= 0, Int(thread) < poolThreads else { return strays.append("\(event)") }
            if simulation.pool.threads[Int(thread)].generation == generation { hasReady[Int(thread)] = true }
        case let .blockingJobDone(thread):
            guard thread >= 0, Int(thread) < poolThreads else { return strays.append("\(event)") }
            jobsDone[Int(thread)] += 1
        case let .blockingKeepAliveExpired(thread, generation):
            guard thread >= 0, Int(thread) < poolThreads else { return strays.append("\(event)") }
            if simulation.pool.threads[Int(thread)].generation == generation { hasKeepAlive[Int(thread)] = true }
        }
    }
}

extension [UInt8] {
    /// For per-slot await flags: marks the await of `task` that a completion of `kind` carrying `token` would
    /// complete (bit 0: the task's own await, bit 1: its `select` branch B); stale completions mark nothing.
    fileprivate mutating func markCompletion(
        of task: TaskID, token: UInt32, kind: AwaitKind, in tasks: TaskTable, isLive: [Bool]
    ) {
        guard task.isTask, task.slot < isLive.count, isLive[task.slot] else { return }
        let record = tasks[task]
        if record.awaiting == kind, record.generation == token { self[task.slot] |= 1 }
        if record.raceAwaiting == kind, record.raceToken == token { self[task.slot] |= 2 }
    }
}
