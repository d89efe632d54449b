import SimKernel

/// Why a scenario cannot be simulated.
public enum ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `[runtime]` or `[runtime.costs]` setting lies outside its allowed range.
    case invalidRuntimeSetting(RuntimeSetting)
    /// A setting of the scenario itself lies outside its allowed range.
    case invalidScenarioSetting(ScenarioSetting)
    /// The semaphore of this name has fewer than one permit.
    case invalidPermits(semaphore: String)
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
        case let .invalidRuntimeSetting(setting):
            return "\(setting.key) must be \(setting.allowed)"
        case let .invalidScenarioSetting(setting):
            return "\(setting.rawValue) must be \(setting.allowed)"
        case let .invalidPermits(name):
            return "semaphore \(name).permits must be an integer >= 1"
        case .noTaskClasses:
            return "the workload needs at least one task class with a positive weight"
        case let .invalidProgram(taskClass, step, reason):
            return "task \(taskClass), step \(step + 1): \(reason)"
        case let .overloaded(live, at):
            let seconds = Double(at) / 1e9
            return "the runtime is overloaded: \(live) task\(live == 1 ? " was" : "s were") alive at once at t = \(seconds) s; "
                + "lower the arrival rate or the work per task, or add workers"
        case let .invariantViolated(violation):
            return "\(violation); this is a bug in simexec's model, not in the experiment"
        }
    }
}

/// The settings of a `Scenario` besides its runtime and workload.
public enum ScenarioSetting: String, Sendable, Hashable, CaseIterable {
    case warmup
    case duration
    case maxLiveTasks = "max_live_tasks"

    /// The allowed values in words.
    public var allowed: String {
        switch self {
        case .warmup: "a duration >= 0"
        case .duration: "a positive duration"
        case .maxLiveTasks: "an integer >= 1"
        }
    }
}
