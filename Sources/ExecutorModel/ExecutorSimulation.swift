import SimKernel

/// Runs one replication of a scenario.
public enum ExecutorSimulation {
    /// Simulates `scenario` with the random streams of `seed` and returns what it measured.
    /// Deterministic: the same scenario and seed give the same metrics, bit for bit.
    public static func run(_ scenario: Scenario, seed: ReplicationSeed) throws(ModelError) -> RunMetrics {
        try scenario.validate()
        var simulation = RuntimeSimulation(scenario: scenario, seed: seed)
        return try simulation.run()
    }
}

extension Scenario {
    /// Checks the runtime settings and the workload.
    public func validate() throws(ModelError) {
        try runtime.validate()
        guard workload.classes.contains(where: { $0.weight > 0 }) else { throw ModelError.noTaskClasses }
        try workload.validatePrograms(flavor: runtime.flavor)
        if warmup < 0 { throw ModelError.invalidScenarioSetting(.warmup) }
        if duration <= 0 { throw ModelError.invalidScenarioSetting(.duration) }
        if maxLiveTasks < 1 { throw ModelError.invalidScenarioSetting(.maxLiveTasks) }
    }
}
