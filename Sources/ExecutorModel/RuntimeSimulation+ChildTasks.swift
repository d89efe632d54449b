import SimKernel

/// Tasks spawned by tasks: `spawn` (detached) and `join` (await every child's `JoinHandle`).
///
/// `tokio::spawn` from a worker that holds its core goes through `schedule_local` like a wake: the child takes the
/// worker's LIFO slot, pushing the slot's previous task to the back of the queue (`reference/tokio-scheduler.md` §2).
/// From a thread without a core it goes to the inject queue. A `local` child of a `local` parent (`spawn_local`
/// inside a `LocalSet`) is pinned to its parent's worker.
extension RuntimeSimulation {
    /// Spawns the children of the `spawn` or `join` step `instruction` of `task`, running on `worker`; a `join`
    /// links them to `task`, which then awaits them.
    mutating func spawnChildren(of task: TaskID, _ instruction: Instruction, on worker: Int32) {
        let joins = instruction.kind == .join
        let first = Int(instruction.firstChild)
        for position in first..<(first + Int(instruction.childCount)) {
            let child = spawnChild(ofClass: Int(childClasses[position]), from: task)
            if joins {
                tasks[child].parent = task
                tasks[child].parentToken = tasks[task].generation
            }
            scheduleLocal(on: worker, child, isYield: false, fromDriver: false)
        }
        if joins { tasks[task].pendingChildren = instruction.childCount }
    }

    /// Creates a task of class `classIndex` spawned by `parent` now: not a request, measured if spawned in the
    /// window, with its step durations drawn from its class's stream. Past `maxLiveTasks` the run stops with
    /// `ModelError.overloaded` after the current event.
    private mutating func spawnChild(ofClass classIndex: Int, from parent: TaskID) -> TaskID {
        if tasks.liveCount >= maxLiveTasks, failure == nil {
            failure = .overloaded(liveTasks: tasks.liveCount, atNanoseconds: now)
        }
        recorder.count(.childTasksSpawned, at: now)
        var record = TaskRecord()
        record.classIndex = Int32(classIndex)
        record.arrival = now
        record.wokenAt = now
        record.isRequest = false
        record.isMeasured = recorder.isOpen(at: now)
        record.serial = nextSerial
        nextSerial += 1
        if isLocalClass[classIndex] { record.pinnedWorker = tasks[parent].pinnedWorker }
        let child = admitToTable(record)
        if record.isMeasured { measuredChildrenInFlight += 1 }
        trace(.spawn, thread: -1, task: child, value: Int64(classIndex))
        return child
    }

    /// A child of a `join` finished on `context`: the last one wakes its parent, through the JoinHandle's waker, like
    /// any wake from that thread. Children of a join the parent gave up (a timeout dropped it) wake nobody.
    mutating func childFinished(_ child: TaskID, on context: Int32) {
        let parent = tasks[child].parent
        guard parent.isTask, tasks[parent].generation == tasks[child].parentToken, tasks[parent].awaiting == .children
        else { return }
        tasks[parent].pendingChildren -= 1
        guard tasks[parent].pendingChildren == 0,
            completeAwait(parent, token: tasks[child].parentToken, kind: .children)
        else { return }
        if context >= 0 {
            scheduleLocal(on: context, parent, isYield: false, fromDriver: false)
        } else {
            scheduleRemote(parent)
        }
    }
}
