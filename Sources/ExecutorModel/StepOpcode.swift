/// A step kind in the compact form the event loop dispatches on.
enum StepOpcode: UInt8 {
    case cpu, block, io, sleep, spawnBlocking, yield

    init(_ step: Step) {
        switch step {
        case .cpu: self = .cpu
        case .block: self = .block
        case .io: self = .io
        case .sleep: self = .sleep
        case .spawnBlocking: self = .spawnBlocking
        case .yield: self = .yield
        }
    }
}
