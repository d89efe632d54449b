/// A step in the compact, trivially copyable form the event loop dispatches on (durations live in the task table).
struct Instruction {
    enum Kind: UInt8 {
        case cpu, block, io, sleep, spawnBlocking, yield, blockInPlace, acquire, release, timeout, select
    }

    var kind: Kind
    /// `acquire`, `release`: the primitive's index.
    var primitive: Int32 = -1
    /// `acquire`: how the guard is given back on cancellation.
    var cleanup = Cleanup.drop
    /// `timeout`: the number of steps in the group; `select`: the number of steps in branch A.
    var groupLength: Int32 = 0
    /// `select`: the number of steps in branch B.
    var secondLength: Int32 = 0
    /// `timeout`: what the task does when it fires.
    var onTimeout = TimeoutAction.continue

    init(_ step: Step) {
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
        }
    }
}
