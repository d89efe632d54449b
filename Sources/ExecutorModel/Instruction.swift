/// A step in the compact, trivially copyable form the event loop dispatches on (durations live in the task table).
struct Instruction {
    enum Kind: UInt8 {
        case cpu, block, io, sleep, spawnBlocking, yield, blockInPlace, acquire, release, timeout, select, spawn, join, accept
    }

    var kind: Kind
    /// `acquire`, `release`: the primitive's index.
    var primitive: Int32 = -1
    /// `acquire`: how the guard is given back on cancellation.
    var cleanup = Cleanup.drop
    /// `timeout`: the number of steps in the group; `select`: the number of steps in branch A; `spawnBlocking`: the
    /// number of steps of its closure that follow it (0 for a closure given as one duration).
    var groupLength: Int32 = 0
    /// `spawn`, `join`: where the child classes start in `RuntimeSimulation.childClasses`, and how many there are.
    var firstChild: Int32 = 0
    var childCount: Int32 = 0
    /// `select`: the number of steps in branch B.
    var secondLength: Int32 = 0
    /// `timeout`: what the task does when it fires.
    var onTimeout = TimeoutAction.continue

    /// The accept loop's one instruction (`RuntimeSimulation+AcceptLoop`).
    static let accept = Instruction(kind: .accept)

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Compacts `step`; the child classes of a `spawn` or `join` are appended to `childClasses`.
    init(_ step: Step, childClasses: inout [Int32]) {
        switch step {
        case .cpu: kind = .cpu
        case .block: kind = .block
        case .io: kind = .io
        case .sleep: kind = .sleep
        case .spawnBlocking: kind = .spawnBlocking
        case .yield: kind = .yield
        case .blockInPlace: kind = .blockInPlace
        case let .acquire(primitive, cleanup):
            kind = .acquire
            self.primitive = Int32(primitive)
            self.cleanup = cleanup
        case let .release(primitive):
            kind = .release
            self.primitive = Int32(primitive)
        case let .timeout(_, steps, onTimeout):
            kind = .timeout
            groupLength = Int32(steps)
            self.onTimeout = onTimeout
        case let .select(first, second):
            kind = .select
            groupLength = Int32(first)
            secondLength = Int32(second)
        case let .spawnBlockingClosure(steps):
            kind = .spawnBlocking
            groupLength = Int32(steps)
        case let .spawn(taskClass):
            kind = .spawn
            firstChild = Int32(childClasses.count)
            childCount = 1
            childClasses.append(Int32(taskClass))
        case let .join(taskClasses):
            kind = .join
            firstChild = Int32(childClasses.count)
            childCount = Int32(taskClasses.count)
            childClasses += taskClasses.map { Int32($0) }
        }
    }
}
