import MetricCatalogue
import SimKernel

/// The accept loop of a server running as a task on the runtime (`ArrivalSpawner.acceptLoop`):
///
/// ```rust
/// tokio::spawn(async move {
///     loop {
///         let (socket, _) = listener.accept().await?;
///         tokio::spawn(handle(socket));
///     }
/// });
/// ```
///
/// A connection is a readiness event of the listener socket, delivered by the I/O driver when a thread turns it
/// (edge-triggered: one event for every connection that arrives while the loop waits). Woken by the driver on a
/// worker, the loop lands in that worker's LIFO slot; each `accept()` that returns a connection costs one unit of
/// coop budget and `CostModel.acceptCost` of worker time, and its `tokio::spawn` puts the new task in the worker's
/// LIFO slot. With the backlog empty the loop returns Pending.
extension RuntimeSimulation {
    /// Spawns the accept loop from outside the runtime at time 0 (`rt.spawn(accept_loop)` from `main`).
    mutating func startAcceptLoop() {
        var record = TaskRecord()
        record.classIndex = acceptorClass
        record.isRequest = false
        record.serial = -2
        acceptor = tasks.insert(record)
        recorder.noteLiveTasks(tasks.liveCount)
        scheduleRemote(acceptor)
    }

    /// A client connected: the request's task waits in the listener's backlog until the loop accepts it.
    mutating func connectionArrived(_ task: TaskID) {
        backlog.append(task)
        recorder.taskStartedWaiting(at: now)
        guard tasks[acceptor].awaiting == .connection, !isListenerReadinessPending else { return }
        isListenerReadinessPending = true
        completeIO(acceptor, generation: tasks[acceptor].generation)
    }

    /// The driver delivers the listener's readiness: returns whether the loop is to be woken.
    mutating func deliverListenerReadiness(generation: UInt32) -> Bool {
        isListenerReadinessPending = false
        return completeAwait(acceptor, token: generation, kind: .connection)
    }

    /// Runs one iteration of the loop on `worker`: accept a connection (Ready: one unit of budget, then the accept's
    /// worker time, after which the task is spawned), or return Pending when the backlog is empty.
    mutating func accept(on worker: Int32) {
        let index = Int(worker)
        guard !backlog.isEmpty else {
            tasks[acceptor].awaiting = .connection
            tasks[acceptor].resumesFromResource = true
            endPoll(on: worker)
            return
        }
        guard workers[index].budget > 0 else {
            forceYield(on: worker)
            return
        }
        workers[index].budget -= 1
        startSegment(on: worker, .busy, configuration.costs.acceptCost + takeOverhead(worker), then: .spawnAccepted)
    }

    /// The accept returned: `tokio::spawn` of the connection's task from the loop's worker, then the next iteration.
    mutating func spawnAccepted(on worker: Int32) {
        if let task = backlog.popFirst() {
            recorder.taskStoppedWaiting(at: now)
            trace(.accept, thread: worker, task: task, value: Int64(tasks[task].classIndex))
            scheduleLocal(on: worker, task, isYield: false, fromDriver: false)
        }
        accept(on: worker)
    }
}
