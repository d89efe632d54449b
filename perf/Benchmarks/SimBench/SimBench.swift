import Benchmark
import ExecutorModel
import SimKernel
import SimStats

/// M/M/1 at ρ = 0.5: one worker, zero runtime costs, exponential cpu. ~2 events per task.
let mm1 = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 1, costs: .zero),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 5_000),
        classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: 100_000))])]),
    warmup: 0, duration: 20 * .nanosecondsPerSecond)

/// The 4-worker blocking experiment: 2,000 tasks/s, 98% await 2 ms of I/O, 2% block for 5 ms.
let blocking = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 4),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 2_000),
        classes: [
            TaskClass(name: "handler", weight: 98, steps: [
                .cpu(.exponential(mean: 50_000)), .io(.exponential(mean: 2_000_000)), .cpu(.constant(20_000)),
            ]),
            TaskClass(name: "sync_call", weight: 2, steps: [
                .cpu(.exponential(mean: 50_000)), .block(.constant(5_000_000)), .cpu(.constant(20_000)),
            ]),
        ]),
    warmup: 0, duration: 20 * .nanosecondsPerSecond)

/// Runs one replication and reports simulated events per second of wall time as a custom metric.
func simulate(_ scenario: Scenario, _ benchmark: Benchmark) {
    for iteration in benchmark.scaledIterations {
        let clock = ContinuousClock()
        let start = clock.now
        let metrics = try? ExecutorSimulation.run(
            scenario, seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: iteration))
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard let metrics, seconds > 0 else {
            benchmark.error("the scenario failed to run")
            return
        }
        blackHole(metrics)
        benchmark.measurement(eventsPerSecond, Int(Double(metrics.eventsProcessed) / seconds))
    }
}

let eventsPerSecond = BenchmarkMetric.custom("events_per_s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, eventsPerSecond],
        maxDuration: .seconds(10),
        maxIterations: 5,
        thresholds: [
            .wallClock: .init(relative: [.p50: 100.0, .p90: 100.0]),
            .mallocCountTotal: .init(relative: [.p50: 10.0, .p90: 10.0]),
            .peakMemoryResident: .init(relative: [.p50: 50.0, .p90: 50.0]),
            eventsPerSecond: .init(relative: [.p50: 50.0, .p90: 50.0]),
        ])

    Benchmark("MM1_20s") { benchmark in simulate(mm1, benchmark) }
    Benchmark("Blocking4Workers_20s") { benchmark in simulate(blocking, benchmark) }
}
