import SimKernel

/// Why a scenario cannot be simulated.
public enum ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting lies outside its allowed range. `key` is the setting's name as written in experiment files.
    case invalidSetting(key: String, allowed: String)
    /// The workload has no task class with a positive weight.
    case noTaskClasses
    /// More tasks were alive at once than the run's limit: the arrival rate exceeds what the runtime can serve.
    case overloaded(liveTasks: Int, atNanoseconds: Nanoseconds)
    /// A task class's program cannot run as written; `step` is the 0-based index of the offending step.
    case invalidProgram(taskClass: String, step: Int, reason: String)
    /// The model broke one of its own invariants (checked only when `Scenario.checksInvariants` is on): a bug in
    /// simexec, not in the experiment.
    case invariantViolated(InvariantViolation)

    public var description: String {
        switch self {
        case let .invalidSetting(key, allowed):
            return "\(key) must be \(allowed)"
        case .noTaskClasses:
            return "the workload needs at least one task class with a positive weight"
        case let .invalidProgram(taskClass, step, reason):
            return "task \(taskClass), step \(step + 1): \(reason)"
        case let .overloaded(live, at):
            let seconds = Double(at) / 1e9
            return "the runtime is overloaded: \(live) tasks were alive at once at t = \(seconds) s; "
                + "lower the arrival rate or the work per task, or add workers"
        case let .invariantViolated(violation):
            return "\(violation); this is a bug in simexec's model, not in the experiment"
        }
    }
}
