import ExecutorModel
import SimKernel
import SimStats

/// Durations in ns, for readable test scenarios.
let microseconds: Int64 = 1_000
let milliseconds: Int64 = 1_000_000
let seconds: Int64 = 1_000_000_000

/// A scenario with one task class.
func scenario(
    flavor: RuntimeFlavor = .multiThread,
    workers: Int = 4,
    costs: CostModel = .zero,
    arrivals: ArrivalProcess,
    classes: [TaskClass],
    warmup: Int64 = 200 * milliseconds,
    duration: Int64 = 2 * seconds,
    configure: (inout RuntimeConfiguration) -> Void = { _ in }
) -> Scenario {
    var runtime = RuntimeConfiguration(flavor: flavor, workerThreads: workers, costs: costs)
    configure(&runtime)
    return Scenario(
        runtime: runtime,
        workload: Workload(arrivals: arrivals, classes: classes),
        warmup: warmup,
        duration: duration)
}

/// Runs `replications` replications with common seeds and returns their metrics.
func replicate(_ scenario: Scenario, replications: Int = 10, seed: UInt64 = 1) throws -> [RunMetrics] {
    try (0..<replications).map {
        try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: seed, point: 0, replication: $0))
    }
}

/// Student-t 95% interval of a per-replication statistic.
func interval(_ runs: [RunMetrics], _ statistic: (RunMetrics) -> Double) throws -> ConfidenceInterval {
    try ConfidenceInterval.studentT(runs.map(statistic), level: 0.95)
}

/// Mean latency of a run in ns.
func meanLatency(_ run: RunMetrics) -> Double { run.latency.mean }

/// A latency percentile of a run in ns.
func latencyPercentile(_ p: Double) -> (RunMetrics) -> Double {
    { Double($0.latency.valueAtPercentile(p)) }
}
