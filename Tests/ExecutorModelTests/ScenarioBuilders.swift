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

/// Cpu, I/O, `yield_now`, a sleep, a blocking call and `spawn_blocking` on 3 workers and a 2-thread pool.
func mixedWorkload(_ flavor: RuntimeFlavor, duration: Int64) -> Scenario {
    scenario(
        flavor: flavor, workers: 3, costs: CostModel(), arrivals: .poisson(ratePerSecond: 1_500),
        classes: [
            TaskClass(name: "a", weight: 5, steps: [
                .cpu(.exponential(mean: 30_000)), .io(.exponential(mean: 1_000_000)), .yield,
                .sleep(.uniform(low: 100_000, high: 3_000_000)), .cpu(.constant(10_000)),
            ]),
            TaskClass(name: "b", weight: 1, steps: [
                .block(.constant(2_000_000)), .spawnBlocking(.exponential(mean: 3_000_000)), .cpu(.constant(5_000)),
            ]),
        ],
        duration: duration) { $0.maxBlockingThreads = 2 }
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
