import ExecutorModel
import SimStats

/// Every kind of step an experiment file can write, named by the key that says what the step is (`{ cpu = "50us" }`,
/// `{ lock = "db", hold = [...] }`). The one list behind parsing, sweeps of `.kind`, messages and suggestions.
enum StepKind: String, Sendable, Hashable, CaseIterable {
    case cpu
    case block
    case io
    case sleep
    case spawnBlocking = "spawn_blocking"
    case yield
    case blockInPlace = "block_in_place"
    case lock
    case acquire
    case timeout
    case select
    case spawn
    case join

    /// Whether the step is written with exactly one key, its kind (the only kinds a sweep's `.kind` may switch).
    var isSimple: Bool {
        switch self {
        case .cpu, .block, .io, .sleep, .spawnBlocking, .yield, .blockInPlace: true
        case .lock, .acquire, .timeout, .select, .spawn, .join: false
        }
    }

    /// The simple kinds, in file order of the README's step table.
    static let simple = allCases.filter(\.isSimple)

    /// The model's step of a simple kind that takes a duration; nil for `yield` (no duration) and compound steps.
    func step(duration: Distribution) -> Step? {
        switch self {
        case .cpu: .cpu(duration)
        case .block: .block(duration)
        case .io: .io(duration)
        case .sleep: .sleep(duration)
        case .spawnBlocking: .spawnBlocking(duration)
        case .blockInPlace: .blockInPlace(duration)
        case .yield, .lock, .acquire, .timeout, .select, .spawn, .join: nil
        }
    }
}
