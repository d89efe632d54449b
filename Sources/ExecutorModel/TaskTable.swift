import SimKernel
import SimStats

/// A live task: its slot in the `TaskTable`. Slots are reused once a task completes, so a `TaskID` is valid only while
/// its task lives. ``none`` marks an empty place (an empty LIFO slot, a free mutex, no current task); it is never a
/// task, and a worker or primitive index can never be mistaken for one.
struct TaskID: RawRepresentable, Hashable, Sendable {
    /// The slot index; -1 for ``none``.
    var rawValue: Int32

    init(rawValue: Int32) { self.rawValue = rawValue }

    /// The task in table slot `slot`.
    init(slot: Int) { rawValue = Int32(slot) }

    /// No task.
    static let none = TaskID(rawValue: -1)

    /// Whether this names a task (not ``none`` or another marker).
    var isTask: Bool { rawValue >= 0 }

    /// The table slot of a task.
    var slot: Int { Int(rawValue) }
}

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
    /// The task's number in arrival order, for traces.
    var serial: Int64 = 0
    /// Whether the task sits in a run queue (Tokio's NOTIFIED state): another wake is then a no-op.
    var isScheduled = false
    /// Changes whenever the slot is reused or an await is cancelled, so stale completions can be recognised.
    var generation: UInt32 = 0
    /// What the task is suspended on, if anything.
    var awaiting = AwaitKind.none
    /// The primitive the task queues for when `awaiting == .primitive`.
    var awaitedPrimitive: Int32 = -1
    /// When the task started waiting for a primitive, in ns.
    var waitStart: Nanoseconds = 0
    /// The worker a local (`spawn_local`) task is pinned to, or -1.
    var pinnedWorker: Int32 = -1
    /// The index of the `select` step whose two futures are pending, or -1.
    var pendingSelect: Int32 = -1
    /// Branch B's pending future while a `select` waits: what it is, the token its completion carries, and whether it
    /// completed. (Branch A's future uses `awaiting` and `generation`, like any await.)
    var raceAwaiting = AwaitKind.none
    var raceToken: UInt32 = 0
    var isRaceReady = false
    /// After branch A of a `select` won: when the program reaches `skipFrom` (branch B), it continues at `skipTo`.
    var skipFrom: Int32 = -1
    var skipTo: Int32 = -1
    /// Entries in use in the slot's held-resource and timeout-scope storage.
    var heldCount: Int32 = 0
    var scopeCount: Int32 = 0
    /// Whether the task is a request (it arrived) rather than a child spawned by another task: only requests count
    /// in the overall latency and throughput.
    var isRequest = true
    /// For a child of a `join`: the parent awaiting it and the parent's generation then (`.none` when detached).
    var parent = TaskID.none
    var parentToken: UInt32 = 0
    /// For a parent in a `join`: children not yet finished.
    var pendingChildren: Int32 = 0
    /// For a request of a closed arrival process: the client that sent it, or -1.
    var client: Int32 = -1
    /// Its worker's stranded clock when it entered a LIFO slot or local queue, in ns.
    var strandedClockAtQueue: Nanoseconds = 0
}

/// Where each step's duration is: the steps of every class program, in order, class after class.
///
/// A class with at most ``storedSampleLimit`` random steps has them drawn when a task arrives, from the class's stream
/// in step order, and stored with the task. A longer program would make a task's memory grow with its length, so such
/// a class is *keyed*: a task stores one seed, drawn from the class's stream when it arrives, and each random step's
/// duration is drawn when it is read, from a stream seeded by (task seed, step). Either way a task's durations depend
/// only on the class's stream and its arrival order, never on scheduling, so common random numbers hold.
struct StepDurationLayout {
    /// The most random steps a class stores per task; a class with more is keyed.
    static let storedSampleLimit = 64

    /// `classStart[c]` is the entry of step 0 of class c (``storedIndex`` has one entry per step of every program).
    let classStart: [Int]
    /// Per step: the index of its sample among the task's stored samples (≥ 0); -1 when the duration is the same
    /// for every task (``fixed``); `-2 - k` for the k-th random step of a keyed class.
    let storedIndex: [Int32]
    /// Per step: its duration when it is not sampled (a constant, or 0 for a step without a duration), in ns.
    let fixed: [Nanoseconds]
    /// Per step: the distribution of a random step of a keyed class, drawn when read; `nil` elsewhere.
    let keyedDistribution: [Distribution?]
    /// Per class: whether it is keyed (draws its random durations when they are read).
    let isKeyed: [Bool]
    /// Per class: the distributions of its random steps, in step order, drawn when a task arrives and stored in that
    /// order; empty for a keyed class.
    let storedDistributions: [[Distribution]]
    /// Values stored per task: the largest number of random steps of a stored class, at least 1 if a class is keyed
    /// (its seed). Never more than ``storedSampleLimit``.
    let samplesPerTask: Int
    /// `programs[c][k]`: step k's duration distribution of class c (`nil` for none). Only random distributions are
    /// sampled per task; `constant(d)` never draws from a stream, so it is kept once here in ns.
    init(programs: [[Distribution?]]) {
        var classStart: [Int] = []
        var storedIndex: [Int32] = []
        var fixed: [Nanoseconds] = []
        var keyedDistribution: [Distribution?] = []
        var isKeyedClass: [Bool] = []
        var storedDistributions: [[Distribution]] = []
        var samplesPerTask = 0
        for program in programs {
            classStart.append(storedIndex.count)
            let randomCount = program.count(where: { distribution in
                if case .constant? = distribution { return false }
                return distribution != nil
            })
            let isKeyed = randomCount > Self.storedSampleLimit
            isKeyedClass.append(isKeyed)
            storedDistributions.append([])
            var ordinal: Int32 = 0
            for distribution in program {
                switch distribution {
                case nil:
                    storedIndex.append(-1)
                    fixed.append(0)
                    keyedDistribution.append(nil)
                case let .constant(value)?:
                    storedIndex.append(-1)
                    fixed.append(RuntimeSimulation.nanoseconds(value))
                    keyedDistribution.append(nil)
                case let .some(random):
                    storedIndex.append(isKeyed ? -2 - ordinal : ordinal)
                    fixed.append(0)
                    keyedDistribution.append(isKeyed ? random : nil)
                    if !isKeyed { storedDistributions[storedDistributions.count - 1].append(random) }
                    ordinal += 1
                }
            }
            samplesPerTask = max(samplesPerTask, isKeyed ? 1 : randomCount)
        }
        self.classStart = classStart
        self.storedIndex = storedIndex
        self.fixed = fixed
        self.keyedDistribution = keyedDistribution
        self.isKeyed = isKeyedClass
        self.storedDistributions = storedDistributions
        self.samplesPerTask = samplesPerTask
    }
}

/// Live tasks with their sampled step durations, held locks and open timeout groups, in slots that are reused after
/// completion, so memory grows with the peak number of live tasks and never with the number completed. A task stores
/// only the durations that were drawn at random, and at most ``StepDurationLayout/storedSampleLimit`` of them (a
/// longer program stores one seed instead): `yield`, `constant` and other fixed steps cost nothing per task, and no
/// program's length makes a task larger.
struct TaskTable {
    /// Every slot's record, live or free (``freeSlots``); written in place on every event (``InPlaceTable``).
    let records = InPlaceTable<TaskRecord>()
    /// Sampled random step durations of every slot, `stepsPerSlot` entries per slot, in ns, or a keyed task's seed
    /// (see ``layout``).
    private var durations: [Nanoseconds] = []
    /// Which step's duration is stored where, and the fixed ones.
    let layout: StepDurationLayout
    /// Restarted for every duration a keyed class's task reads (`gsl_rng_taus2`: seeding it is cheap).
    private let keyedStream = RandomStream(seed: 0, algorithm: .taus2)
    /// Held resources, `heldPerSlot` entries per slot.
    private var held: [HeldResource] = []
    /// Open timeout groups, innermost last, `scopesPerSlot` entries per slot.
    private var scopes: [TimeoutScope] = []
    private(set) var freeSlots: [TaskID] = []
    let stepsPerSlot: Int
    let heldPerSlot: Int
    let scopesPerSlot: Int
    /// The number of live tasks.
    private(set) var liveCount = 0

    /// `heldPerSlot` and `scopesPerSlot` bound how many resources a task holds and how many timeout groups it has
    /// open at once (the number of `acquire` and `timeout` steps in the longest program is enough).
    init(layout: StepDurationLayout, heldPerSlot: Int = 0, scopesPerSlot: Int = 0) {
        self.layout = layout
        self.stepsPerSlot = layout.samplesPerTask
        self.heldPerSlot = heldPerSlot
        self.scopesPerSlot = scopesPerSlot
    }

    /// Takes a free slot (growing the table if none is free) and stores `record` in it.
    mutating func insert(_ record: TaskRecord) -> TaskID {
        liveCount += 1
        var record = record
        if let slot = freeSlots.popLast() {
            record.generation = records[slot.slot].generation &+ 1
            records[slot.slot] = record
            return slot
        }
        records.append(record)
        durations.append(contentsOf: repeatElement(0, count: stepsPerSlot))
        held.append(contentsOf: repeatElement(
            HeldResource(primitive: -1, cleanup: .drop, acquiredAt: 0), count: heldPerSlot))
        scopes.append(contentsOf: repeatElement(
            TimeoutScope(id: 0, endStep: 0, onTimeout: .continue, heldMark: 0), count: scopesPerSlot))
        return TaskID(slot: records.count - 1)
    }

    /// Frees the slot of a completed task.
    mutating func remove(_ task: TaskID) {
        liveCount -= 1
        freeSlots.append(task)
    }

    subscript(task: TaskID) -> TaskRecord {
        _read { yield records[task.slot] }
        _modify { yield &records[task.slot] }
    }

    /// The duration of step `step` of `task`, in ns: its sample, the step's fixed duration, or (keyed class) a draw
    /// from the stream of (task seed, step), the same on every read.
    func duration(of task: TaskID, step: Int) -> Nanoseconds {
        let entry = layout.classStart[Int(records[task.slot].classIndex)] + step
        let stored = layout.storedIndex[entry]
        if stored >= 0 { return durations[task.slot * stepsPerSlot + Int(stored)] }
        if stored == -1 { return layout.fixed[entry] }
        let taskSeed = UInt32(truncatingIfNeeded: durations[task.slot * stepsPerSlot])
        keyedStream.reseed(StreamSeed.derive(parent: taskSeed, index: Int(-2 - stored)))
        // Only keyed steps have a distribution here (see `StepDurationLayout.init`).
        return RuntimeSimulation.nanoseconds(layout.keyedDistribution[entry]?.sample(keyedStream) ?? 0)
    }

    /// Stores the `index`-th random sample of `task` (in step order).
    mutating func setSample(_ value: Nanoseconds, of task: TaskID, index: Int) {
        durations[task.slot * stepsPerSlot + index] = value
    }

    /// Stores the seed of a task of a keyed class.
    mutating func setKeySeed(_ seed: UInt32, of task: TaskID) {
        durations[task.slot * stepsPerSlot] = Nanoseconds(seed)
    }

    /// The `index`-th resource `task` holds (0 = acquired first).
    subscript(task: TaskID, held index: Int) -> HeldResource {
        get { held[task.slot * heldPerSlot + index] }
        set { held[task.slot * heldPerSlot + index] = newValue }
    }

    /// The `index`-th open timeout group of `task` (0 = outermost).
    subscript(task: TaskID, scope index: Int) -> TimeoutScope {
        get { scopes[task.slot * scopesPerSlot + index] }
        set { scopes[task.slot * scopesPerSlot + index] = newValue }
    }

    mutating func pushHeld(_ resource: HeldResource, for task: TaskID) {
        let count = Int(records[task.slot].heldCount)
        self[task, held: count] = resource
        records[task.slot].heldCount += 1
    }

    /// Removes and returns the most recently acquired resource of `primitive` held by `task`.
    mutating func removeHeld(_ primitive: Int32, for task: TaskID) -> HeldResource? {
        let count = Int(records[task.slot].heldCount)
        guard let index = (0..<count).last(where: { self[task, held: $0].primitive == primitive }) else { return nil }
        let resource = self[task, held: index]
        for later in index..<(count - 1) {
            self[task, held: later] = self[task, held: later + 1]
        }
        records[task.slot].heldCount -= 1
        return resource
    }
}
