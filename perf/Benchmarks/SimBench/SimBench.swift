import Benchmark
import ExecutorModel
import Experiment
import Foundation
import SimKernel
import SimStats

/// M/M/1 at ρ = 0.5: one worker, zero runtime costs, exponential cpu. ~2.5 events per task.
func mm1(seconds: Int64) -> Scenario {
    Scenario(
        runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 1, costs: .zero),
        workload: Workload(
            arrivals: .poisson(ratePerSecond: 5_000),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: 100_000))])]),
        warmup: 0, duration: seconds * .nanosecondsPerSecond)
}

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

/// Lock contention: 4 workers, 3,000 tasks/s; a fifth of them write under a std mutex held across a 1 ms block.
let locks = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 4),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 3_000),
        classes: [
            TaskClass(name: "writer", weight: 4, steps: [
                .acquire(primitive: 0, cleanup: .drop), .block(.constant(1_000_000)), .release(primitive: 0),
            ]),
            TaskClass(name: "reader", weight: 16, steps: [.cpu(.constant(30_000)), .io(.constant(500_000))]),
        ],
        primitives: [SyncPrimitive(name: "db", kind: .stdMutex)]),
    warmup: 0, duration: 20 * .nanosecondsPerSecond)

/// `workers` workers at the same load per worker as 512 workers at 1 M tasks/s (1,953 tasks/s each): cpu, io, cpu.
/// `Workers512_1s` against `Workers4_20s` shows what the number of workers costs per event (issue 13: within 20%).
func manyWorkers(_ workers: Int, seconds: Int64) -> Scenario {
    Scenario(
        runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: workers),
        workload: Workload(
            arrivals: .poisson(ratePerSecond: 1_000_000.0 * Double(workers) / 512),
            classes: [
                TaskClass(name: "handler", weight: 1, steps: [
                    .cpu(.exponential(mean: 100_000)), .io(.exponential(mean: 500_000)), .cpu(.exponential(mean: 50_000)),
                ]),
            ]),
        warmup: 0, duration: seconds * .nanosecondsPerSecond, maxLiveTasks: 10_000_000)
}

/// A class with 3,000 `yield` steps at 5,000 tasks/s for 250 ms (issue 13: 3.1 GB peak before, ~0.5 KB per step per
/// live task): a task's memory must not grow with its program's length.
let longProgram = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 4, costs: .zero),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 5_000),
        classes: [TaskClass(name: "yielder", weight: 1, steps: Array(repeating: .yield, count: 3_000))]),
    warmup: 0, duration: 250 * .nanosecondsPerMillisecond, maxLiveTasks: 10_000_000)

/// The same with 3,000 random `cpu` steps of 1 ns on average: a task stores one seed, not 3,000 durations, so peak
/// memory matches `LongProgram3000Yields` (it was ~24 KB per live task before).
let longRandomProgram = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 4, costs: .zero),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 5_000),
        classes: [TaskClass(
            name: "stepper", weight: 1, steps: Array(repeating: .cpu(.exponential(mean: 1)), count: 3_000))]),
    warmup: 0, duration: 250 * .nanosecondsPerMillisecond, maxLiveTasks: 10_000_000)

/// 2,000 declared mutexes of which one is used (issue 13: ~0.55 MB each per replication before): idle primitives
/// must cost next to nothing.
let idleMutexes = Scenario(
    runtime: RuntimeConfiguration(flavor: .multiThread, workerThreads: 4),
    workload: Workload(
        arrivals: .poisson(ratePerSecond: 2_000),
        classes: [
            TaskClass(name: "writer", weight: 1, steps: [
                .acquire(primitive: 0, cleanup: .drop), .cpu(.constant(20_000)), .release(primitive: 0),
            ]),
        ],
        primitives: (0 ..< 2_000).map { SyncPrimitive(name: "m\($0)", kind: .asyncMutex) }),
    warmup: 0, duration: 2 * .nanosecondsPerSecond)

/// Runs one replication per iteration and reports simulated events per second of wall time.
func simulate(_ scenario: Scenario, _ benchmark: Benchmark) {
    for iteration in benchmark.scaledIterations {
        let clock = ContinuousClock()
        let start = clock.now
        let metrics = try? ExecutorSimulation.run(
            scenario, seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: iteration))
        let seconds = seconds(start.duration(to: clock.now))
        guard let metrics, seconds > 0 else {
            benchmark.error("the scenario failed to run")
            return
        }
        blackHole(metrics)
        benchmark.measurement(eventsPerSecond, Int(Double(metrics.eventsProcessed) / seconds))
    }
}

/// A 20-point sweep (M/M/1 at 20 arrival rates, 10 replications of 2 s each), run by the experiment runner on `jobs`
/// threads; reports sweep points per second.
func sweep(jobs: Int, _ benchmark: Benchmark) {
    let rates = (1...20).map { String(400 * $0) }.joined(separator: ", ")
    let text = """
        [experiment]
        name = "sweep20"
        replications = 10
        duration = "2s"
        warmup = "100ms"
        [runtime]
        workers = 1
        [runtime.costs]
        poll_overhead = 0
        unpark_latency = 0
        [arrivals]
        rate = 1000
        [[task]]
        name = "job"
        steps = [ { cpu = "exp(100us)" } ]
        [sweep]
        "arrivals.rate" = [\(rates)]
        """
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("simexec-sweep20.toml").path
    guard (try? text.write(toFile: path, atomically: true, encoding: .utf8)) != nil,
        let plan = try? ExperimentPlan.load(path: path)
    else {
        benchmark.error("could not prepare the sweep")
        return
    }
    for _ in benchmark.scaledIterations {
        let clock = ContinuousClock()
        let start = clock.now
        guard let results = try? ExperimentRunner.run(plan, jobs: jobs) else {
            benchmark.error("the sweep failed")
            return
        }
        blackHole(results)
        benchmark.measurement(pointsPerSecond, Int(Double(plan.points.count) / seconds(start.duration(to: clock.now))))
    }
}

/// `Experiments/locks.toml` (every sweep point, shortened to 2 replications of 200 ms) through the experiment runner.
func locksExperiment(_ benchmark: Benchmark) {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../Experiments/locks.toml").standardizedFileURL.path
    let options = ExperimentOptions(
        sets: ["experiment.duration=200ms", "experiment.warmup=20ms"], replications: 2)
    guard let plan = try? ExperimentPlan.load(path: file, options: options) else {
        benchmark.error("could not load \(file)")
        return
    }
    for _ in benchmark.scaledIterations {
        let clock = ContinuousClock()
        let start = clock.now
        guard let results = try? ExperimentRunner.run(plan, jobs: 1) else {
            benchmark.error("the lock experiment failed")
            return
        }
        blackHole(results)
        let elapsed = seconds(start.duration(to: clock.now))
        benchmark.measurement(eventsPerSecond, Int(Double(results.eventsProcessed) / elapsed))
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let eventsPerSecond = BenchmarkMetric.custom("events_per_s", polarity: .prefersLarger, useScalingFactor: false)
let pointsPerSecond = BenchmarkMetric.custom("points_per_s", polarity: .prefersLarger, useScalingFactor: false)

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

    Benchmark("MM1_20s") { benchmark in simulate(mm1(seconds: 20), benchmark) }
    // Ten times the simulated time: peak memory must stay the same (memory follows live tasks, not time).
    Benchmark("MM1_200s", configuration: .init(maxIterations: 1)) { benchmark in
        simulate(mm1(seconds: 200), benchmark)
    }
    Benchmark("Blocking4Workers_20s") { benchmark in simulate(blocking, benchmark) }
    Benchmark("StdMutexContention_20s") { benchmark in simulate(locks, benchmark) }
    Benchmark("Workers4_20s") { benchmark in simulate(manyWorkers(4, seconds: 20), benchmark) }
    Benchmark("Workers512_1s") { benchmark in simulate(manyWorkers(512, seconds: 1), benchmark) }
    Benchmark("LongProgram3000Yields", configuration: .init(maxIterations: 3)) { benchmark in
        simulate(longProgram, benchmark)
    }
    Benchmark("LongProgram3000RandomSteps", configuration: .init(maxIterations: 3)) { benchmark in
        simulate(longRandomProgram, benchmark)
    }
    Benchmark("IdleMutexes2000") { benchmark in simulate(idleMutexes, benchmark) }
    Benchmark("LocksExperiment", configuration: .init(maxIterations: 3)) { benchmark in locksExperiment(benchmark) }

    let sweepConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, pointsPerSecond],
        maxIterations: 3,
        thresholds: [
            .wallClock: .init(relative: [.p50: 100.0, .p90: 100.0]),
            .peakMemoryResident: .init(relative: [.p50: 50.0, .p90: 50.0]),
            pointsPerSecond: .init(relative: [.p50: 50.0, .p90: 50.0]),
        ])
    Benchmark("Sweep20_jobs1", configuration: sweepConfiguration) { benchmark in sweep(jobs: 1, benchmark) }
    Benchmark("Sweep20_jobs2", configuration: sweepConfiguration) { benchmark in sweep(jobs: 2, benchmark) }
}
