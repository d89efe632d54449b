import SimKernel
import SimStats

/// Requests arriving (open processes, closed-loop clients, a replayed log) and tasks completing.
extension RuntimeSimulation {
    /// Schedules the first arrival, or each closed-loop client's first request after one think time.
    mutating func startArrivals() {
        switch arrivals {
        case let .closed(clients, think):
            for client in 0..<Int32(clients) {
                scheduler.schedule(.clientRequest(client: client), after: Self.nanoseconds(think.sample(arrivalRandom)))
            }
        case let .onOff(_, on, _):
            onPeriodEnd = Self.nanoseconds(on.sample(periodRandom))
            scheduleNextArrival()
        case .poisson, .constantRate, .replay:
            scheduleNextArrival()
        }
    }

    /// Schedules the next arrival of an open process (none after the last request of a replayed log).
    private mutating func scheduleNextArrival() {
        switch arrivals {
        case let .poisson(rate):
            scheduler.schedule(.arrival, after: Self.nanoseconds(Distribution.exponential(mean: 1e9 / rate).sample(arrivalRandom)))
        case let .constantRate(rate):
            scheduler.schedule(.arrival, after: Self.nanoseconds(1e9 / rate))
        case let .onOff(rate, on, off):
            // Poisson arrivals while on; an arrival that would fall after the on-period ends restarts the
            // (memoryless) process at the next on-period.
            let gap = Distribution.exponential(mean: 1e9 / rate)
            var next = now + Self.nanoseconds(gap.sample(arrivalRandom))
            while next >= onPeriodEnd {
                let onStart = onPeriodEnd + Self.nanoseconds(off.sample(periodRandom))
                onPeriodEnd = onStart + Swift.max(Self.nanoseconds(on.sample(periodRandom)), 1)
                next = onStart + Self.nanoseconds(gap.sample(arrivalRandom))
            }
            scheduler.schedule(.arrival, at: next)
        case .replay:
            guard nextReplayedRequest < replayedRequests.count else { return }
            scheduler.schedule(.arrival, at: Swift.max(replayedRequests[nextReplayedRequest].arrival, now))
        case .closed:
            break
        }
    }

    /// The next request of an open process arrives.
    mutating func arrive() throws(ModelError) {
        var classIndex: Int?
        if case .replay = arrivals {
            classIndex = replayedRequests[nextReplayedRequest].taskClass
            nextReplayedRequest += 1
        }
        scheduleNextArrival()
        try admit(try createRequest(classIndex: classIndex ?? chooseClass(), client: -1))
    }

    /// A closed-loop client sends its next request.
    mutating func sendRequest(from client: Int32) throws(ModelError) {
        try admit(try createRequest(classIndex: chooseClass(), client: client))
    }

    /// Creates the task of a request arriving now, with its step durations drawn.
    private mutating func createRequest(classIndex: Int, client: Int32) throws(ModelError) -> TaskID {
        guard tasks.liveCount < maxLiveTasks else {
            throw ModelError.overloaded(liveTasks: tasks.liveCount, atNanoseconds: now)
        }
        var record = TaskRecord()
        record.classIndex = Int32(classIndex)
        record.arrival = now
        record.wokenAt = now
        record.isMeasured = recorder.taskArrived(at: now)
        record.serial = nextSerial
        record.client = client
        nextSerial += 1
        if isLocalClass[classIndex] {
            record.pinnedWorker = nextPinnedWorker
            nextPinnedWorker = (nextPinnedWorker + 1) % Int32(workerCount)
        }
        let task = admitToTable(record)
        if record.isMeasured { measuredInFlight += 1 }
        trace(.arrival, thread: -1, task: task, value: Int64(classIndex))
        return task
    }

    /// Stores a new task's record, notes the live-task peak and draws its step durations.
    mutating func admitToTable(_ record: TaskRecord) -> TaskID {
        let task = tasks.insert(record)
        recorder.noteLiveTasks(tasks.liveCount)
        sampleStepDurations(of: task, classIndex: Int(record.classIndex))
        return task
    }

    /// Hands a new request's task to whoever spawns it: a thread outside the runtime, or the accept loop.
    private mutating func admit(_ task: TaskID) throws(ModelError) {
        switch spawnedBy {
        case .outside: scheduleRemote(task)
        case .acceptLoop: connectionArrived(task)
        }
    }

    /// Draws the duration of every random step of a new task from its class's stream, in step order (fixed steps
    /// draw nothing), or, for a class with too many random steps to store, one seed its steps are drawn from when
    /// read (see ``StepDurationLayout``).
    mutating func sampleStepDurations(of task: TaskID, classIndex: Int) {
        if tasks.layout.isKeyed[classIndex] {
            tasks.setKeySeed(stepRandom[classIndex].nextSeed(), of: task)
            return
        }
        for index in tasks.layout.storedDistributions[classIndex].indices {
            let sample = tasks.layout.storedDistributions[classIndex][index].sample(stepRandom[classIndex])
            tasks.setSample(Self.nanoseconds(sample), of: task, index: index)
        }
    }

    @inline(__always)
    private func chooseClass() -> Int {
        guard cumulativeWeights.count > 1, let total = cumulativeWeights.last else { return 0 }
        let draw = classRandom.uniform() * total
        return cumulativeWeights.firstIndex { draw < $0 } ?? cumulativeWeights.count - 1
    }

    /// Records a finished task and frees its slot. A `join` child wakes its parent from `context`; a closed-loop
    /// client thinks, then sends its next request.
    mutating func complete(_ task: TaskID, on context: Int32) {
        trace(.complete, thread: -1, task: task)
        let record = tasks[task]
        recorder.taskCompleted(
            isMeasured: record.isMeasured, isRequest: record.isRequest, classIndex: Int(record.classIndex),
            arrival: record.arrival, at: now)
        if record.isMeasured {
            if record.isRequest { measuredInFlight -= 1 } else { measuredChildrenInFlight -= 1 }
        }
        if record.parent.isTask { childFinished(task, on: context) }
        if record.client >= 0, case let .closed(_, think) = arrivals {
            scheduler.schedule(
                .clientRequest(client: record.client), after: Self.nanoseconds(think.sample(arrivalRandom)))
        }
        tasks.remove(task)
    }
}
