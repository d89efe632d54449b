import SimKernel

/// Index of a live task in the `TaskTable`. Slots are reused once a task completes.
typealias TaskID = Int32

/// The state of one live task.
struct TaskRecord {
    /// Index of the task's class in the workload.
    var classIndex: Int32 = 0
    /// Index of the next step to run.
    var programCounter: Int32 = 0
    /// When the task arrived (was spawned), in ns.
    var arrival: Nanoseconds = 0
    /// When the task was last woken (made runnable), in ns.
    var wokenAt: Nanoseconds = 0
    /// Whether the task has been polled at least once.
    var hasBeenPolled = false
    /// Whether the next poll starts by taking a `Ready` from a Tokio resource (I/O, timer, JoinHandle), which costs
    /// one unit of coop budget.
    var resumesFromResource = false
    /// Whether the task arrived inside the measurement window.
    var isMeasured = false
}

/// Live tasks and their sampled step durations, in slots that are reused after completion, so memory grows with the
/// peak number of live tasks and never with the number completed.
struct TaskTable {
    private(set) var records: [TaskRecord] = []
    /// Sampled duration of every step of every slot, `stepsPerSlot` entries per slot, in ns.
    private var durations: [Nanoseconds] = []
    private var freeSlots: [TaskID] = []
    let stepsPerSlot: Int
    /// The number of live tasks.
    private(set) var liveCount = 0

    init(stepsPerSlot: Int) {
        self.stepsPerSlot = max(stepsPerSlot, 1)
    }

    /// Takes a free slot (growing the table if none is free) and stores `record` in it.
    mutating func insert(_ record: TaskRecord) -> TaskID {
        liveCount += 1
        if let slot = freeSlots.popLast() {
            records[Int(slot)] = record
            return slot
        }
        records.append(record)
        durations.append(contentsOf: repeatElement(0, count: stepsPerSlot))
        return TaskID(records.count - 1)
    }

    /// Frees the slot of a completed task.
    mutating func remove(_ task: TaskID) {
        liveCount -= 1
        freeSlots.append(task)
    }

    subscript(task: TaskID) -> TaskRecord {
        get { records[Int(task)] }
        _modify { yield &records[Int(task)] }
    }

    /// The sampled duration of step `step` of `task`, in ns.
    func duration(of task: TaskID, step: Int) -> Nanoseconds {
        durations[Int(task) * stepsPerSlot + step]
    }

    mutating func setDuration(_ value: Nanoseconds, of task: TaskID, step: Int) {
        durations[Int(task) * stepsPerSlot + step] = value
    }
}
